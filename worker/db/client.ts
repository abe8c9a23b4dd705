import { type SQLWrapper, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof createDb>;
export { schema };

/**
 * drizzle's D1 `batch` reads rows as objects keyed by column name, so two joined columns with the
 * same name (`id`, `name`) collapse into one and the fields shift. Inside a batch, select such
 * columns under a unique alias.
 */
export function aliased<T>(column: SQLWrapper, alias: string) {
  return sql<T>`${column}`.as(alias);
}

import { type SQLWrapper, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

function build(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof build>;

/*
 * One drizzle instance per D1 binding, not per request: drizzle() walks the whole schema to build
 * its relational config each time it is called, which cost about 1 ms of CPU on every request
 * (a fifth of a GET /api/health in local workerd). The instance holds no per-request state; the
 * binding is the key, so a test that hands the app a proxy of the binding gets its own instance.
 */
const instances = new WeakMap<D1Database, Db>();

export function createDb(d1: D1Database): Db {
  let db = instances.get(d1);
  if (!db) {
    db = build(d1);
    instances.set(d1, db);
  }
  return db;
}
export { schema };

/**
 * drizzle's D1 `batch` reads rows as objects keyed by column name, so two joined columns with the
 * same name (`id`, `name`) collapse into one and the fields shift. Inside a batch, select such
 * columns under a unique alias.
 */
export function aliased<T>(column: SQLWrapper, alias: string) {
  return sql<T>`${column}`.as(alias);
}

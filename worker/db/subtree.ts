import { type AnyColumn, and, gte, lt, type SQL } from "drizzle-orm";

/**
 * Rows whose materialized path lies in the subtree at `path` (which ends in "/"), as a range on
 * the path index: `path >= '/a/b/' and path < '/a/b0'` ('0' sorts right after '/').
 * Not `LIKE '/a/b/%'`: D1 refuses LIKE patterns longer than 50 bytes, which a path three
 * levels deep already is.
 */
export function inSubtree(column: AnyColumn, path: string): SQL {
  return and(gte(column, path), lt(column, `${path.slice(0, -1)}0`)) as SQL;
}

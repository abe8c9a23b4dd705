/** How many parameters a statement names as ?1…?N (D1 wants exactly that many bound). */
export function paramCount(text: string): number {
  return Math.max(0, ...[...text.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
}

/**
 * A raw D1 statement bound to the first values of `params` it names: statements of one batch can
 * share one parameter list (?1 the path, ?2…) whatever each of them uses.
 */
export function prepared(d1: D1Database, text: string, params: readonly unknown[]): D1PreparedStatement {
  return d1.prepare(text).bind(...params.slice(0, paramCount(text)));
}

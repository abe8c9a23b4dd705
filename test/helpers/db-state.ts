import { env } from "cloudflare:test";
import { expect } from "vitest";

/**
 * The tables an org or member write can touch. Sessions and login throttles are left out: logging
 * in (which every test does) writes them.
 */
const TABLES = ["orgs", "users", "memberships", "audit_log", "member_imports", "alliance_orgs"] as const;
type Table = (typeof TABLES)[number];

export type DbState = Record<Table, unknown[]>;

/** Every row of the tables above, in insertion order: the whole state a refused write must leave alone. */
export async function dbState(): Promise<DbState> {
  const results = await env.DB.batch(TABLES.map((table) => env.DB.prepare(`select * from ${table} order by rowid`)));
  return Object.fromEntries(TABLES.map((table, i) => [table, results[i]?.results ?? []])) as DbState;
}

/** Asserts that nothing in `dbState()` changed since `before` was taken. */
export async function expectUnchanged(before: DbState): Promise<void> {
  const after = await dbState();
  for (const table of TABLES) expect(after[table], `rows of ${table}`).toEqual(before[table]);
}

/** `select count(*)` with an optional where clause and its bindings. */
export async function countRows(table: Table | "sessions", where = "1 = 1", ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`select count(*) as n from ${table} where ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The audit entries of one entity, oldest first, with their JSON columns parsed. */
export async function auditOf(entityId: string) {
  const { results } = await env.DB.prepare(
    "select actor_id, action, entity_type, entity_id, org_id, before, after from audit_log where entity_id = ? order by at, rowid",
  )
    .bind(entityId)
    .all<{
      actor_id: string | null;
      action: string;
      entity_type: string;
      entity_id: string;
      org_id: string | null;
      before: string | null;
      after: string | null;
    }>();
  return results.map((row) => ({
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    orgId: row.org_id,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
  }));
}

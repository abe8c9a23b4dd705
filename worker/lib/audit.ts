import { createId } from "@paralleldrive/cuid2";
import { type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../db/client";
import { auditLog } from "../db/schema";
import type { AppEnv } from "../env";
import { now } from "./time";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  /** The org whose organizers may read the entry; null for instance-level entries (admins only). */
  orgId: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * An insert into the audit log, to be put in the same `db.batch` as the change it records, so a
 * change and its audit entry land together or not at all.
 */
export function auditStatement(db: Db, c: Context<AppEnv>, entry: AuditEntry, onlyIf?: SQL) {
  const row = {
    id: createId(),
    at: now(),
    actorId: c.get("user")?.id ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    orgId: entry.orgId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    requestId: c.get("requestId"),
  };
  if (!onlyIf) return db.insert(auditLog).values({ ...row, before: entry.before ?? null, after: entry.after ?? null });
  // A guarded write's audit entry: inserted only when `onlyIf` holds after the write (same batch,
  // same transaction), so a write refused by its guard leaves no entry behind.
  // Built with insert().select(), not db.run(sql): drizzle's D1 batch cannot bind a raw `db.run` statement that has parameters.
  return db.insert(auditLog).select(
    sql`select ${row.id}, ${row.at}, ${row.actorId}, ${row.action}, ${row.entityType}, ${row.entityId}, ${row.orgId}, ${row.before}, ${row.after}, ${row.requestId}
        where ${onlyIf}`,
  );
}

import { createId } from "@paralleldrive/cuid2";
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
export function auditStatement(db: Db, c: Context<AppEnv>, entry: AuditEntry) {
  return db.insert(auditLog).values({
    id: createId(),
    at: now(),
    actorId: c.get("user")?.id ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    orgId: entry.orgId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: c.get("requestId"),
  });
}

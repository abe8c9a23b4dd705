import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Who did what, when, with the record before and after. Written in the same batch as the change. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    /** The org whose organizers may read this entry (null: instance-level, admins only). */
    orgId: text("org_id"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    requestId: text("request_id"),
  },
  (t) => [index("audit_org_at_idx").on(t.orgId, t.at), index("audit_entity_idx").on(t.entityType, t.entityId)],
);

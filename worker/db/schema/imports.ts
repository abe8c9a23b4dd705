import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A member import between preview and commit. The parsed rows are kept so that the commit
 * applies exactly what the organizer saw, and `planHash` detects data that changed in between.
 */
export const memberImports = sqliteTable("member_imports", {
  id: text("id").primaryKey(),
  orgId: text("org_id").notNull(),
  createdBy: text("created_by").notNull(),
  fileName: text("file_name").notNull(),
  rows: text("rows", { mode: "json" }).notNull(),
  planHash: text("plan_hash").notNull(),
  errorCount: integer("error_count").notNull(),
  status: text("status", { enum: ["preview", "committed"] })
    .notNull()
    .default("preview"),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  committedAt: integer("committed_at"),
});

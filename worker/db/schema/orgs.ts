import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const orgKinds = ["committee", "general_branch", "branch", "group", "work_station", "grid"] as const;
export type OrgKind = (typeof orgKinds)[number];

/**
 * A node of the org tree. `path` is the materialized path of ids from the root, ending in this
 * org's own id and a slash (`/root/child/`), so a subtree is one range scan on `orgs_path_idx`.
 */
export const orgs = sqliteTable(
  "orgs",
  {
    id: text("id").primaryKey(),
    parentId: text("parent_id"),
    path: text("path").notNull(),
    depth: integer("depth").notNull(),
    kind: text("kind", { enum: orgKinds }).notNull(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull().default("Asia/Shanghai"),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("orgs_path_unique").on(t.path),
    index("orgs_parent_idx").on(t.parentId),
    uniqueIndex("orgs_parent_name_unique").on(t.parentId, t.name),
  ],
);

export const roles = ["member", "organizer", "lecturer"] as const;
export type Role = (typeof roles)[number];

export const titles = ["书记", "副书记", "委员", "组织委员", "宣传委员", "纪检委员", "党员", "预备党员", "入党积极分子", "群众"] as const;
export type Title = (typeof titles)[number];

/** A person's role in one org. One person may hold several roles in one org and roles in several orgs. */
export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    role: text("role", { enum: roles }).notNull(),
    title: text("title", { enum: titles }).notNull().default("党员"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("memberships_user_org_role_unique").on(t.userId, t.orgId, t.role), index("memberships_org_idx").on(t.orgId)],
);

/** A cross-org grouping (产业链党建联盟, 联合党委) that can host activities. */
export const alliances = sqliteTable("alliances", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const allianceOrgs = sqliteTable(
  "alliance_orgs",
  {
    allianceId: text("alliance_id")
      .notNull()
      .references(() => alliances.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.allianceId, t.orgId] }), index("alliance_orgs_org_idx").on(t.orgId)],
);

/** People who manage an alliance's activities (joint contests and the like). */
export const allianceOrganizers = sqliteTable(
  "alliance_organizers",
  {
    allianceId: text("alliance_id")
      .notNull()
      .references(() => alliances.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.allianceId, t.userId] }), index("alliance_organizers_user_idx").on(t.userId)],
);

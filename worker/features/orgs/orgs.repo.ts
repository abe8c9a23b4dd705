import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { allianceOrgs, memberships, type OrgKind, orgs } from "../../db/schema";
import { inSubtree } from "../../db/subtree";

export type OrgRow = typeof orgs.$inferSelect;

// Written out with table names: drizzle renders columns inside a select field unqualified, and an
// unqualified "id" in this correlated subquery would be the membership's own id.
const memberCount = sql<number>`(select count(distinct m.user_id) from memberships as m where m.org_id = orgs.id)`.mapWith(Number);

export function getOrg(db: Db, id: string) {
  return db.select().from(orgs).where(eq(orgs.id, id)).get();
}

/**
 * Orgs within any of `subtreePaths` plus the orgs with the given ids, each with its member count.
 * Each subtree is a range scan on the path index (`path LIKE '/a/b/%'`; ids hold no LIKE wildcards).
 */
export function listOrgs(db: Db, filter: { all?: boolean; subtreePaths?: string[]; ids?: string[] }) {
  const conditions = [
    ...(filter.subtreePaths ?? []).map((path) => inSubtree(orgs.path, path)),
    ...(filter.ids?.length ? [inArray(orgs.id, filter.ids)] : []),
  ];
  if (!filter.all && conditions.length === 0) return Promise.resolve([]);
  return db
    .select({ ...orgColumns, memberCount })
    .from(orgs)
    .where(filter.all ? undefined : or(...conditions))
    .orderBy(asc(orgs.depth), asc(orgs.sortOrder), asc(orgs.name));
}

const orgColumns = {
  id: orgs.id,
  parentId: orgs.parentId,
  name: orgs.name,
  kind: orgs.kind,
  depth: orgs.depth,
  path: orgs.path,
};

export function getOrgsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select({ id: orgs.id, name: orgs.name, kind: orgs.kind, path: orgs.path }).from(orgs).where(inArray(orgs.id, ids));
}

export function insertOrgStatement(db: Db, id: string, parent: OrgRow | null, name: string, kind: OrgKind, at: number) {
  const path = `${parent?.path ?? "/"}${id}/`;
  return db
    .insert(orgs)
    .values({ id, parentId: parent?.id ?? null, path, depth: parent ? parent.depth + 1 : 0, kind, name, createdAt: at, updatedAt: at })
    .returning();
}

export function updateOrgStatement(db: Db, id: string, changes: { name?: string; sortOrder?: number }, at: number) {
  return db
    .update(orgs)
    .set({ ...changes, updatedAt: at })
    .where(eq(orgs.id, id))
    .returning();
}

/** Deletes only an empty org: the guard is in the statement, so a concurrent insert cannot slip in. */
export function deleteEmptyOrgStatement(db: Db, id: string) {
  return db
    .delete(orgs)
    .where(
      and(
        eq(orgs.id, id),
        sql`not exists (select 1 from ${orgs} as child where child.parent_id = ${id})`,
        sql`not exists (select 1 from ${memberships} where ${memberships.orgId} = ${id})`,
        sql`not exists (select 1 from ${allianceOrgs} where ${allianceOrgs.orgId} = ${id})`,
      ),
    )
    .returning({ id: orgs.id });
}

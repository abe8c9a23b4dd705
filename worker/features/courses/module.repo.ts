import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { aliased, type Db } from "../../db/client";
import { alliances, moduleAudience, moduleCompletions, modules, moduleVersions, orgs, users } from "../../db/schema";
import type { SessionUser } from "../../env";
import { canManageOrg } from "../../lib/scope";
import { forUser, seesModuleText } from "./audience";

export type ModuleVersionRow = typeof moduleVersions.$inferSelect;
export type CompletionRow = typeof moduleCompletions.$inferSelect;

export type LoadedModule = {
  module: typeof modules.$inferSelect & { orgName: string; orgPath: string; ownerName: string };
  versions: ModuleVersionRow[];
  audience: { type: "org" | "alliance" | "all"; id: string; name: string }[];
  /** Whether the caller is in the module's audience (as a member would be), whatever its state. */
  inAudience: boolean;
  myCompletion: CompletionRow | null;
};

/** Is module `moduleExpr` (SQL text: a column of the query) meant for this person? See audience.ts. */
export function audienceSql(user: SessionUser, moduleExpr: string): SQL {
  return forUser(user, (ids) => seesModuleText(moduleExpr, ids));
}

/** A module with all its versions, its audience with names, whether the caller is in it, and the caller's completion: one round trip. */
export async function loadModule(db: Db, user: SessionUser, id: string): Promise<LoadedModule | null> {
  const [heads, versions, audience, visible, completions] = await db.batch([
    db
      .select({
        id: modules.id,
        orgId: modules.orgId,
        ownerId: modules.ownerId,
        publishedVersionId: modules.publishedVersionId,
        draftVersionId: modules.draftVersionId,
        archivedAt: modules.archivedAt,
        createdAt: modules.createdAt,
        updatedAt: modules.updatedAt,
        orgName: aliased<string>(orgs.name, "org_name"),
        orgPath: orgs.path,
        ownerName: aliased<string>(users.name, "owner_name"),
      })
      .from(modules)
      .innerJoin(orgs, eq(orgs.id, modules.orgId))
      .innerJoin(users, eq(users.id, modules.ownerId))
      .where(eq(modules.id, id)),
    db.select().from(moduleVersions).where(eq(moduleVersions.moduleId, id)).orderBy(desc(moduleVersions.version)),
    db
      .select({
        type: moduleAudience.targetType,
        id: moduleAudience.targetId,
        name: sql<string>`coalesce(${orgs.name}, ${alliances.name}, '全部')`.as("target_name"),
      })
      .from(moduleAudience)
      .leftJoin(orgs, and(eq(moduleAudience.targetType, "org"), eq(orgs.id, moduleAudience.targetId)))
      .leftJoin(alliances, and(eq(moduleAudience.targetType, "alliance"), eq(alliances.id, moduleAudience.targetId)))
      .where(eq(moduleAudience.moduleId, id))
      .orderBy(moduleAudience.targetType, moduleAudience.targetId),
    db
      .select({ visible: sql<number>`${audienceSql(user, "am.id")}`.as("visible") })
      .from(sql`modules as am`)
      .where(sql`am.id = ${id}`),
    db
      .select()
      .from(moduleCompletions)
      .where(and(eq(moduleCompletions.moduleId, id), eq(moduleCompletions.userId, user.id))),
  ]);
  const module = heads[0];
  if (!module) return null;
  return {
    module,
    versions,
    audience,
    inAudience: user.isAdmin || Boolean(visible[0]?.visible),
    myCompletion: completions[0] ?? null,
  };
}

export function lecturesIn(user: SessionUser, orgId: string): boolean {
  return user.memberships.some((m) => m.role === "lecturer" && m.orgId === orgId);
}

/** May author modules of this org: its lecturers, organizers of it or above, admins. */
export function canAuthor(user: SessionUser, org: { id: string; path: string }): boolean {
  return canManageOrg(user, org.path) || lecturesIn(user, org.id);
}

/** The module's reviewers: organizers of the owning org or an org above it, and admins. */
export function canReview(user: SessionUser, loaded: LoadedModule): boolean {
  return canManageOrg(user, loaded.module.orgPath);
}

/** A lecturer edits their own modules (while they lecture in its org); reviewers edit any of their org's. */
export function canEdit(user: SessionUser, loaded: LoadedModule): boolean {
  return canReview(user, loaded) || (loaded.module.ownerId === user.id && lecturesIn(user, loaded.module.orgId));
}

/** Sees drafts, the history and every version: the owner, the org's lecturers and its reviewers. */
export function seesDrafts(user: SessionUser, loaded: LoadedModule): boolean {
  return canReview(user, loaded) || loaded.module.ownerId === user.id || lecturesIn(user, loaded.module.orgId);
}

export function publishedVersion(loaded: LoadedModule): ModuleVersionRow | null {
  return loaded.versions.find((v) => v.id === loaded.module.publishedVersionId) ?? null;
}

export function draftVersion(loaded: LoadedModule): ModuleVersionRow | null {
  return loaded.versions.find((v) => v.id === loaded.module.draftVersionId) ?? null;
}

/** A member may read the module: published, not archived, and meant for them. */
export function memberSees(loaded: LoadedModule): boolean {
  return loaded.module.archivedAt === null && publishedVersion(loaded) !== null && loaded.inAudience;
}

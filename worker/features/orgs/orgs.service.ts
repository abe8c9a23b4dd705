import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { type OrgKind, orgs } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { isUniqueViolation } from "../../lib/db-errors";
import { ApiError } from "../../lib/errors";
import { t } from "../../lib/i18n";
import { ancestorPaths, canManageOrg, canSeeOrg, managedPaths, outermostPaths } from "../../lib/scope";
import { now } from "../../lib/time";
import { deleteEmptyOrgStatement, getOrg, getOrgsByIds, insertOrgStatement, listOrgs, type OrgRow, updateOrgStatement } from "./orgs.repo";

/** Which kinds may sit under which. A committee may sit under a committee (联合党委 under 工委). */
const allowedParents: Record<OrgKind, (OrgKind | null)[]> = {
  committee: [null, "committee"],
  general_branch: ["committee"],
  branch: ["committee", "general_branch", "work_station", "grid"],
  group: ["branch"],
  work_station: ["committee"],
  grid: ["committee", "work_station"],
};

/** What each kind is called in Chinese. */
export const kindNames: Record<OrgKind, string> = {
  committee: "党委",
  general_branch: "党总支",
  branch: "党支部",
  group: "党小组",
  work_station: "党建工作站",
  grid: "党建网格",
};

/** The deepest a tree may go: committee → committee → general branch → branch → group, with room to spare. */
const MAX_DEPTH = 8;

function idsOfPath(path: string): string[] {
  return path.split("/").filter(Boolean);
}

export function withAccess<T extends { path: string }>(user: SessionUser, org: T) {
  return { ...org, canManage: canManageOrg(user, org.path) };
}

/**
 * An org the caller may see, or 404 — an org outside the caller's reach does not exist for them.
 * With `manage`, seeing is not enough: 403.
 */
export async function loadOrgFor(db: Db, user: SessionUser, orgId: string, need: "see" | "manage"): Promise<OrgRow> {
  const org = await getOrg(db, orgId);
  if (!org || !(canSeeOrg(user, org.path) || canManageOrg(user, org.path))) throw new ApiError("NOT_FOUND", "org.notFound");
  if (need === "manage" && !canManageOrg(user, org.path)) throw new ApiError("FORBIDDEN", "error.forbidden");
  return org;
}

/** The orgs a person sees: the subtrees they manage and the orgs they belong to, with the way up to the root. */
export async function listVisibleOrgs(db: Db, user: SessionUser) {
  const subtrees = outermostPaths(managedPaths(user));
  const ownPaths = user.memberships.map((m) => m.orgPath);
  const ids = [...new Set([...ownPaths, ...subtrees].flatMap((path) => [...ancestorPaths(path), path]).flatMap(idsOfPath))];
  const rows = await listOrgs(db, user.isAdmin ? { all: true } : { subtreePaths: subtrees, ids });
  return rows.map((row) => withAccess(user, row));
}

export async function getOrgDetail(db: Db, user: SessionUser, orgId: string) {
  const org = await loadOrgFor(db, user, orgId, "see");
  const ancestorIds = idsOfPath(org.path).slice(0, -1);
  const [rows, ancestors] = await Promise.all([listOrgs(db, { subtreePaths: [org.path] }), getOrgsByIds(db, ancestorIds)]);
  const self = rows.find((row) => row.id === org.id);
  if (!self) throw new ApiError("NOT_FOUND", "org.notFound");
  const byId = new Map(ancestors.map((a) => [a.id, a]));
  return {
    org: withAccess(user, self),
    ancestors: ancestorIds.flatMap((id) => {
      const a = byId.get(id);
      return a ? [{ id: a.id, name: a.name, kind: a.kind }] : [];
    }),
    // A member may read their committee, but not learn of the sibling branches under it.
    children: rows.filter((row) => row.parentId === org.id && canSeeOrg(user, row.path)).map((row) => withAccess(user, row)),
  };
}

export async function createOrg(c: Context<AppEnv>, user: SessionUser, input: { parentId: string | null; name: string; kind: OrgKind }) {
  const db = c.get("db");
  let parent: OrgRow | null = null;
  if (input.parentId === null) {
    // A new top-level committee is an instance-level act.
    if (!user.isAdmin) throw new ApiError("FORBIDDEN", "error.forbidden");
  } else {
    parent = await loadOrgFor(db, user, input.parentId, "manage");
  }
  if (!allowedParents[input.kind].includes(parent?.kind ?? null)) {
    const details = {
      issues: [
        {
          path: "kind",
          message: t("org.kindNotAllowed", { child: kindNames[input.kind], parent: parent ? kindNames[parent.kind] : "顶层" }),
        },
      ],
    };
    if (!parent) throw new ApiError("VALIDATION_FAILED", "org.parentRequired", {}, details);
    throw new ApiError(
      "VALIDATION_FAILED",
      "org.kindNotAllowed",
      { child: kindNames[input.kind], parent: kindNames[parent.kind] },
      details,
    );
  }
  if (parent && parent.depth + 1 >= MAX_DEPTH) throw new ApiError("UNPROCESSABLE", "error.validation");
  const id = createId();
  try {
    const [[created]] = await db.batch([
      insertOrgStatement(db, id, parent, input.name, input.kind, now()),
      auditStatement(db, c, {
        action: "org.create",
        entityType: "org",
        entityId: id,
        orgId: id,
        after: { name: input.name, kind: input.kind, parentId: input.parentId },
      }),
    ]);
    if (!created) throw new Error("insert returned nothing");
    const { id: createdId, parentId, name, kind, depth, path } = created;
    return withAccess(user, { id: createdId, parentId, name, kind, depth, path, memberCount: 0 });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", "org.duplicateName");
    throw err;
  }
}

export async function updateOrg(
  c: Context<AppEnv>,
  user: SessionUser,
  orgId: string,
  changes: { name?: string | undefined; sortOrder?: number | undefined },
) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, orgId, "manage");
  const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as { name?: string; sortOrder?: number };
  try {
    const [updated] = await db.batch([
      updateOrgStatement(db, org.id, patch, now()),
      auditStatement(db, c, {
        action: "org.update",
        entityType: "org",
        entityId: org.id,
        orgId: org.id,
        before: { name: org.name, sortOrder: org.sortOrder },
        after: patch,
      }),
    ]);
    const row = updated[0];
    if (!row) throw new ApiError("NOT_FOUND", "org.notFound");
    const detail = await getOrgDetail(db, user, org.id);
    return detail.org;
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", "org.duplicateName");
    throw err;
  }
}

export async function deleteOrg(c: Context<AppEnv>, user: SessionUser, orgId: string) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, orgId, "manage");
  // Deleting the top of one's own subtree would lock the caller out; that is for whoever manages above.
  const parentPath = ancestorPaths(org.path).at(-1);
  if (!user.isAdmin && !(parentPath && canManageOrg(user, parentPath))) throw new ApiError("FORBIDDEN", "error.forbidden");
  const [deleted] = await db.batch([
    deleteEmptyOrgStatement(db, org.id),
    // Recorded only if the guarded delete above removed the org.
    auditStatement(db, c, { action: "org.delete", entityType: "org", entityId: org.id, orgId: org.parentId, before: org }, orgGone(org.id)),
  ]);
  if (deleted.length === 0) throw new ApiError("CONFLICT", "org.hasChildren");
}

function orgGone(id: string) {
  return sql`not exists (select 1 from ${orgs} where ${orgs.id} = ${id})`;
}

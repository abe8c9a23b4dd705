import { createId } from "@paralleldrive/cuid2";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { allianceOrganizers, allianceOrgs, alliances, memberships, orgs } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { isUniqueViolation } from "../../lib/db-errors";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import { now } from "../../lib/time";
import { loadOrgFor } from "../orgs/orgs.service";
import { type LoadedAlliance, loadAlliances } from "./alliances.repo";

function canManageAlliance(user: SessionUser, alliance: LoadedAlliance) {
  return user.isAdmin || user.alliances.some((a) => a.id === alliance.id);
}

/**
 * Who sees an alliance: its organizers, and anyone in or above one of its member orgs' subtrees
 * (a member of a branch sees the alliance its committee joined).
 */
function canSeeAlliance(user: SessionUser, alliance: LoadedAlliance) {
  return (
    canManageAlliance(user, alliance) ||
    alliance.orgs.some((org) => user.memberships.some((m) => m.orgPath.startsWith(org.path) || org.path.startsWith(m.orgPath)))
  );
}

function present(user: SessionUser, alliance: LoadedAlliance) {
  return {
    id: alliance.id,
    name: alliance.name,
    description: alliance.description,
    orgs: alliance.orgs.map(({ id, name, kind }) => ({ id, name, kind })),
    organizers: alliance.organizers,
    canManage: canManageAlliance(user, alliance),
  };
}

export async function listAlliances(db: Db, user: SessionUser) {
  return (await loadAlliances(db)).filter((a) => canSeeAlliance(user, a)).map((a) => present(user, a));
}

async function loadAllianceFor(db: Db, user: SessionUser, id: string, need: "see" | "manage") {
  const [alliance] = await loadAlliances(db, [id]);
  if (!alliance || !canSeeAlliance(user, alliance)) throw new ApiError("NOT_FOUND", "alliance.notFound");
  if (need === "manage" && !canManageAlliance(user, alliance)) throw new ApiError("FORBIDDEN", "error.forbidden");
  return alliance;
}

export async function getAlliance(db: Db, user: SessionUser, id: string) {
  return present(user, await loadAllianceFor(db, user, id, "see"));
}

export async function createAlliance(
  c: Context<AppEnv>,
  user: SessionUser,
  input: { name: string; description: string; orgIds: string[] },
) {
  if (!user.isAdmin) throw new ApiError("FORBIDDEN", "error.forbidden");
  const db = c.get("db");
  const orgIds = [...new Set(input.orgIds)];
  for (const orgId of orgIds) await loadOrgFor(db, user, orgId, "see");
  const id = createId();
  const at = now();
  await db.batch([
    db.insert(alliances).values({ id, name: input.name, description: input.description, createdAt: at, updatedAt: at }),
    db.insert(allianceOrgs).values(orgIds.map((orgId) => ({ allianceId: id, orgId, createdAt: at }))),
    auditStatement(db, c, { action: "alliance.create", entityType: "alliance", entityId: id, orgId: null, after: { ...input, orgIds } }),
  ]);
  return getAlliance(db, user, id);
}

export async function updateAlliance(
  c: Context<AppEnv>,
  user: SessionUser,
  id: string,
  changes: { name?: string | undefined; description?: string | undefined },
) {
  const db = c.get("db");
  const alliance = await loadAllianceFor(db, user, id, "manage");
  const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await db.batch([
    db
      .update(alliances)
      .set({ ...patch, updatedAt: now() })
      .where(eq(alliances.id, id)),
    auditStatement(db, c, {
      action: "alliance.update",
      entityType: "alliance",
      entityId: id,
      orgId: null,
      before: { name: alliance.name, description: alliance.description },
      after: patch,
    }),
  ]);
  return getAlliance(db, user, id);
}

/** An org joins: the alliance's organizer must also manage the org (or be an admin). */
export async function addAllianceOrg(c: Context<AppEnv>, user: SessionUser, id: string, orgId: string) {
  const db = c.get("db");
  await loadAllianceFor(db, user, id, "manage");
  const org = await loadOrgFor(db, user, orgId, "manage");
  try {
    await db.batch([
      db.insert(allianceOrgs).values({ allianceId: id, orgId: org.id, createdAt: now() }),
      auditStatement(db, c, {
        action: "alliance.addOrg",
        entityType: "alliance",
        entityId: id,
        orgId: org.id,
        after: { orgId: org.id, name: org.name },
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", "alliance.duplicateOrg");
    throw err;
  }
  return getAlliance(db, user, id);
}

/** An org leaves: by the alliance's organizers, or by whoever manages that org. */
export async function removeAllianceOrg(c: Context<AppEnv>, user: SessionUser, id: string, orgId: string) {
  const db = c.get("db");
  const alliance = await loadAllianceFor(db, user, id, "see");
  const member = alliance.orgs.find((org) => org.id === orgId);
  if (!member) throw new ApiError("NOT_FOUND", "alliance.orgNotMember");
  if (!canManageAlliance(user, alliance) && !canManageOrg(user, member.path)) throw new ApiError("FORBIDDEN", "error.forbidden");
  await db.batch([
    db.delete(allianceOrgs).where(and(eq(allianceOrgs.allianceId, id), eq(allianceOrgs.orgId, orgId))),
    auditStatement(db, c, {
      action: "alliance.removeOrg",
      entityType: "alliance",
      entityId: id,
      orgId,
      before: { orgId, name: member.name },
    }),
  ]);
}

/** An alliance organizer must already organize one of the member orgs' subtrees. */
export async function setAllianceOrganizer(c: Context<AppEnv>, user: SessionUser, id: string, userId: string, present: boolean) {
  const db = c.get("db");
  const alliance = await loadAllianceFor(db, user, id, "manage");
  if (present) {
    const grants = await db
      .select({ path: orgs.path })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(and(eq(memberships.userId, userId), eq(memberships.role, "organizer")));
    const eligible = grants.some((g) => alliance.orgs.some((org) => g.path.startsWith(org.path)));
    if (!eligible) throw new ApiError("UNPROCESSABLE", "alliance.organizerNotEligible");
    if (!alliance.organizers.some((o) => o.id === userId)) {
      await db.batch([
        db.insert(allianceOrganizers).values({ allianceId: id, userId, createdAt: now() }),
        auditStatement(db, c, { action: "alliance.addOrganizer", entityType: "alliance", entityId: id, orgId: null, after: { userId } }),
      ]);
    }
  } else {
    if (!alliance.organizers.some((o) => o.id === userId)) throw new ApiError("NOT_FOUND", "user.notFound");
    await db.batch([
      db.delete(allianceOrganizers).where(and(eq(allianceOrganizers.allianceId, id), eq(allianceOrganizers.userId, userId))),
      auditStatement(db, c, { action: "alliance.removeOrganizer", entityType: "alliance", entityId: id, orgId: null, before: { userId } }),
    ]);
  }
  return getAlliance(db, user, id);
}

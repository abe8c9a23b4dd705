import { createId } from "@paralleldrive/cuid2";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { memberships, type Role, type Title, users } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { normalizeCode, randomCode, sha256Hex } from "../../lib/crypto";
import { isUniqueViolation } from "../../lib/db-errors";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import { now } from "../../lib/time";
import { ACTIVATION_TTL } from "../auth/auth.service";
import { loadOrgFor } from "../orgs/orgs.service";
import { findUserByPhone, getMember, getUser, listMembers, membershipPathsOf } from "./members.repo";

/** A fresh one-time code and what to store of it: the code goes to the organizer once, only its hash stays. */
export async function newActivation(at: number) {
  const code = randomCode(8);
  return { code, hash: await sha256Hex(normalizeCode(code)), expiresAt: at + ACTIVATION_TTL };
}

export function sameName(a: string, b: string): boolean {
  return a.normalize("NFKC").replace(/\s/g, "") === b.normalize("NFKC").replace(/\s/g, "");
}

export async function listOrgMembers(
  db: Db,
  user: SessionUser,
  orgId: string,
  query: { q?: string | undefined; role?: Role | undefined; subtree: boolean; page: number; pageSize: number },
) {
  const org = await loadOrgFor(db, user, orgId, "manage");
  const page = await listMembers(db, { orgPath: org.path, orgId: org.id, ...query });
  return { ...page, page: query.page, pageSize: query.pageSize };
}

export async function addMember(
  c: Context<AppEnv>,
  user: SessionUser,
  orgId: string,
  input: { name: string; phone: string; role: Role; title: Title; employeeNo?: string | undefined },
) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, orgId, "manage");
  const at = now();
  const existing = await findUserByPhone(db, input.phone);
  if (existing && !sameName(existing.name, input.name)) throw new ApiError("CONFLICT", "member.phoneTaken");
  const membershipId = createId();
  const membership = { id: membershipId, orgId: org.id, role: input.role, title: input.title, createdAt: at, updatedAt: at };
  const audit = { action: "member.add", entityType: "membership", entityId: membershipId, orgId: org.id };
  try {
    if (existing) {
      await db.batch([
        db.insert(memberships).values({ ...membership, userId: existing.id }),
        auditStatement(db, c, { ...audit, after: { userId: existing.id, name: existing.name, role: input.role, title: input.title } }),
      ]);
      return { member: await mustGetMember(db, membershipId) };
    }
    const userId = createId();
    const activation = await newActivation(at);
    await db.batch([
      db.insert(users).values({
        id: userId,
        phone: input.phone,
        name: input.name,
        employeeNo: input.employeeNo || null,
        status: "pending",
        activationCodeHash: activation.hash,
        activationExpiresAt: activation.expiresAt,
        createdAt: at,
        updatedAt: at,
      }),
      db.insert(memberships).values({ ...membership, userId }),
      auditStatement(db, c, {
        ...audit,
        after: { userId, name: input.name, phone: input.phone, role: input.role, title: input.title, newAccount: true },
      }),
    ]);
    return { member: await mustGetMember(db, membershipId), activationCode: activation.code };
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", "member.alreadyInOrg");
    throw err;
  }
}

async function mustGetMember(db: Db, membershipId: string) {
  const member = await getMember(db, membershipId);
  if (!member) throw new ApiError("NOT_FOUND", "membership.notFound");
  return member;
}

/** A membership the caller manages; one outside their reach is 404, as if it did not exist. */
async function loadManagedMembership(db: Db, user: SessionUser, membershipId: string) {
  const [grant] = (await membershipPathsOfMembership(db, membershipId)) ?? [];
  if (!grant || !canManageOrg(user, grant.orgPath)) throw new ApiError("NOT_FOUND", "membership.notFound");
  return grant;
}

async function membershipPathsOfMembership(db: Db, membershipId: string) {
  const row = await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.id, membershipId)).get();
  if (!row) return undefined;
  return (await membershipPathsOf(db, [row.userId])).filter((m) => m.membershipId === membershipId);
}

export async function updateMembershipTitle(c: Context<AppEnv>, user: SessionUser, membershipId: string, title: Title) {
  const db = c.get("db");
  const grant = await loadManagedMembership(db, user, membershipId);
  if (grant.title !== title) {
    await db.batch([
      db.update(memberships).set({ title, updatedAt: now() }).where(eq(memberships.id, membershipId)),
      auditStatement(db, c, {
        action: "member.updateTitle",
        entityType: "membership",
        entityId: membershipId,
        orgId: grant.orgId,
        before: { title: grant.title },
        after: { title },
      }),
    ]);
  }
  return { member: await mustGetMember(db, membershipId) };
}

export async function removeMembership(c: Context<AppEnv>, user: SessionUser, membershipId: string) {
  const db = c.get("db");
  const grant = await loadManagedMembership(db, user, membershipId);
  if (grant.userId === user.id && grant.role === "organizer") throw new ApiError("CONFLICT", "membership.selfOrganizer");
  const before = await mustGetMember(db, membershipId);
  await db.batch([
    db.delete(memberships).where(and(eq(memberships.id, membershipId))),
    auditStatement(db, c, { action: "member.remove", entityType: "membership", entityId: membershipId, orgId: grant.orgId, before }),
  ]);
}

/**
 * A new one-time code for someone in an org the caller manages: first activation, or a password
 * reset for a person who forgot theirs. Admin accounts are reset only by an admin.
 */
export async function resetActivation(c: Context<AppEnv>, user: SessionUser, userId: string) {
  const db = c.get("db");
  const [target, grants] = await Promise.all([getUser(db, userId), membershipPathsOf(db, [userId])]);
  const managed = grants.find((g) => canManageOrg(user, g.orgPath));
  if (!target || !(user.isAdmin || managed)) throw new ApiError("NOT_FOUND", "user.notFound");
  if (target.isAdmin && !user.isAdmin) throw new ApiError("FORBIDDEN", "error.forbidden");
  // Whoever holds the code can take over the account, so a person who also belongs to an org outside
  // the caller's reach (a committee secretary who sits in a branch, someone of another committee)
  // is reset only by someone who manages all their orgs.
  if (!user.isAdmin && !grants.every((g) => canManageOrg(user, g.orgPath))) throw new ApiError("FORBIDDEN", "error.forbidden");
  const at = now();
  const activation = await newActivation(at);
  await db.batch([
    db
      .update(users)
      .set({ activationCodeHash: activation.hash, activationExpiresAt: activation.expiresAt, updatedAt: at })
      .where(eq(users.id, userId)),
    auditStatement(db, c, { action: "user.issueActivationCode", entityType: "user", entityId: userId, orgId: managed?.orgId ?? null }),
  ]);
  return { activationCode: activation.code, expiresAt: activation.expiresAt };
}

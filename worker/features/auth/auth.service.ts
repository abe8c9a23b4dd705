import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { DUMMY_PASSWORD_HASH, hashPassword, normalizeCode, randomToken, sha256Hex, verifyPassword } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { DAY, MINUTE, now } from "../../lib/time";
import {
  clearThrottleStatement,
  findUserByPhone,
  getThrottle,
  insertSessionStatement,
  listActiveSessions,
  loadProfile,
  recordFailureStatement,
  revokeOtherSessionsStatement,
  revokeSessionStatement,
} from "./auth.repo";
import type { Me } from "./auth.schema";

/** Five wrong passwords for one phone within 15 minutes lock that phone's logins for 15 minutes. */
export const LOGIN_LIMIT = 5;
const LOGIN_WINDOW = 15 * MINUTE;
const LOCK_FOR = 15 * MINUTE;
export const SESSION_TTL = 30 * DAY;
export const ACTIVATION_TTL = 14 * DAY;

async function refuseIfLocked(db: Db, key: string, at: number) {
  const throttle = await getThrottle(db, key);
  if (throttle?.lockedUntil && throttle.lockedUntil > at) {
    const seconds = Math.ceil((throttle.lockedUntil - at) / 1000);
    throw new ApiError("RATE_LIMITED", "auth.locked", { minutes: Math.ceil(seconds / 60) }, undefined, { "retry-after": String(seconds) });
  }
}

async function startSession(db: Db, userId: string, userAgent: string | null, at: number, throttleKey: string) {
  const token = randomToken();
  await db.batch([
    insertSessionStatement(db, userId, await sha256Hex(token), userAgent, at, SESSION_TTL),
    clearThrottleStatement(db, throttleKey),
  ]);
  return { token, user: await getMe(db, userId) };
}

/** The caller as the session middleware already loaded them: no query. */
export function meFromSession(user: SessionUser): Me {
  return {
    id: user.id,
    name: user.name,
    phone: user.phone,
    isAdmin: user.isAdmin,
    roles: [...new Set(user.memberships.map((m) => m.role))],
    memberships: user.memberships.map(({ orgPath: _path, ...grant }) => grant),
    alliances: user.alliances,
  };
}

export async function getMe(db: Db, userId: string): Promise<Me> {
  const profile = await loadProfile(db, userId);
  if (!profile.user) throw new ApiError("UNAUTHENTICATED", "error.unauthenticated");
  return {
    ...profile.user,
    roles: [...new Set(profile.memberships.map((m) => m.role))],
    memberships: profile.memberships,
    alliances: profile.alliances,
  };
}

/**
 * Checks the password against a real hash even for unknown phones, so the answer and its timing
 * are the same whether the phone has an account or not.
 */
export async function login(db: Db, input: { login: string; password: string }, userAgent: string | null) {
  const at = now();
  const key = `login:${input.login}`;
  await refuseIfLocked(db, key, at);
  const user = await findUserByPhone(db, input.login);
  const matches = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !matches || user.status !== "active") {
    await recordFailureStatement(db, key, at, LOGIN_WINDOW, LOGIN_LIMIT, LOCK_FOR).run();
    throw new ApiError("INVALID_CREDENTIALS", "auth.invalidCredentials");
  }
  return startSession(db, user.id, userAgent, at, key);
}

/** First-time activation, and password reset: both are a one-time code from an organizer. */
export async function activate(c: Context<AppEnv>, input: { login: string; code: string; password: string }) {
  const db = c.get("db");
  const at = now();
  const key = `activate:${input.login}`;
  await refuseIfLocked(db, key, at);
  const user = await findUserByPhone(db, input.login);
  const codeHash = await sha256Hex(normalizeCode(input.code));
  const valid =
    user !== undefined && user.status !== "disabled" && user.activationCodeHash === codeHash && (user.activationExpiresAt ?? 0) > at;
  if (!valid) {
    await recordFailureStatement(db, key, at, LOGIN_WINDOW, LOGIN_LIMIT, LOCK_FOR).run();
    throw new ApiError("INVALID_CREDENTIALS", "auth.invalidActivation");
  }
  const passwordHash = await hashPassword(input.password);
  await db.batch([
    db
      .update(users)
      .set({ passwordHash, status: "active", activationCodeHash: null, activationExpiresAt: null, updatedAt: at })
      .where(eq(users.id, user.id)),
    // A reset code ends every other login of this person: whoever knew the old password is out.
    revokeOtherSessionsStatement(db, user.id, null, at),
    auditStatement(db, c, {
      action: user.status === "pending" ? "user.activate" : "user.resetPassword",
      entityType: "user",
      entityId: user.id,
      orgId: null,
      before: { status: user.status },
      after: { status: "active" },
    }),
  ]);
  return startSession(db, user.id, c.req.header("user-agent") ?? null, at, key);
}

export async function changePassword(c: Context<AppEnv>, user: SessionUser, input: { currentPassword: string; newPassword: string }) {
  const db = c.get("db");
  const row = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)).get();
  if (!row?.passwordHash || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new ApiError(
      "VALIDATION_FAILED",
      "auth.wrongCurrentPassword",
      {},
      { issues: [{ path: "currentPassword", message: "当前密码不正确" }] },
    );
  }
  const at = now();
  await db.batch([
    db
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: at })
      .where(eq(users.id, user.id)),
    revokeOtherSessionsStatement(db, user.id, user.sessionId, at),
    auditStatement(db, c, { action: "user.changePassword", entityType: "user", entityId: user.id, orgId: null }),
  ]);
}

export async function logout(db: Db, user: SessionUser) {
  await revokeSessionStatement(db, user.id, user.sessionId, now()).run();
}

export async function listSessions(db: Db, user: SessionUser) {
  const rows = await listActiveSessions(db, user.id, now());
  return rows.map((row) => ({ ...row, current: row.id === user.sessionId }));
}

export async function revokeSession(db: Db, user: SessionUser, sessionId: string) {
  const revoked = await revokeSessionStatement(db, user.id, sessionId, now());
  if (revoked.length === 0) throw new ApiError("NOT_FOUND", "auth.sessionNotFound");
}

import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { aliased, type Db } from "../../db/client";
import { allianceOrganizers, alliances, loginThrottle, memberships, orgs, sessions, users } from "../../db/schema";

export function findUserByPhone(db: Db, phone: string) {
  return db.select().from(users).where(eq(users.phone, phone)).get();
}

export function getThrottle(db: Db, login: string) {
  return db.select().from(loginThrottle).where(eq(loginThrottle.login, login)).get();
}

/** Counts one failure in the current window, or starts a new window; locks once the limit is hit. */
export function recordFailureStatement(db: Db, login: string, at: number, window: number, limit: number, lockFor: number) {
  return db
    .insert(loginThrottle)
    .values({ login, failures: 1, windowStartedAt: at, lockedUntil: null })
    .onConflictDoUpdate({
      target: loginThrottle.login,
      set: {
        failures: sqlCase(`case when window_started_at > ${at - window} then failures + 1 else 1 end`),
        windowStartedAt: sqlCase(`case when window_started_at > ${at - window} then window_started_at else ${at} end`),
        lockedUntil: sqlCase(
          `case when window_started_at > ${at - window} and failures + 1 >= ${limit} then ${at + lockFor} else null end`,
        ),
      },
    });
}

function sqlCase(expression: string) {
  // Only integers computed on the server are interpolated here, never request input.
  return sql.raw(expression);
}

export function clearThrottleStatement(db: Db, login: string) {
  return db.delete(loginThrottle).where(eq(loginThrottle.login, login));
}

export function insertSessionStatement(db: Db, userId: string, tokenHash: string, userAgent: string | null, at: number, ttl: number) {
  return db.insert(sessions).values({
    id: createId(),
    userId,
    tokenHash,
    userAgent: userAgent?.slice(0, 256) ?? null,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: at + ttl,
  });
}

export function revokeSessionStatement(db: Db, userId: string, sessionId: string, at: number) {
  return db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
}

export function revokeOtherSessionsStatement(db: Db, userId: string, keepSessionId: string | null, at: number) {
  const others = keepSessionId ? ne(sessions.id, keepSessionId) : undefined;
  return db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), others));
}

export function listActiveSessions(db: Db, userId: string, at: number) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, at)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Everything `GET /api/me` shows, in one round trip. */
export async function loadProfile(db: Db, userId: string) {
  const [userRows, grantRows, allianceRows] = await db.batch([
    db.select({ id: users.id, name: users.name, phone: users.phone, isAdmin: users.isAdmin }).from(users).where(eq(users.id, userId)),
    db
      .select({
        membershipId: aliased<string>(memberships.id, "membership_id"),
        orgId: orgs.id,
        orgName: aliased<string>(orgs.name, "org_name"),
        orgKind: orgs.kind,
        role: memberships.role,
        title: memberships.title,
      })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(eq(memberships.userId, userId))
      .orderBy(orgs.path, memberships.role),
    db
      .select({ id: alliances.id, name: alliances.name })
      .from(allianceOrganizers)
      .innerJoin(alliances, eq(alliances.id, allianceOrganizers.allianceId))
      .where(eq(allianceOrganizers.userId, userId))
      .orderBy(alliances.name),
  ]);
  return { user: userRows[0], memberships: grantRows, alliances: allianceRows };
}

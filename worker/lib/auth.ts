import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { aliased } from "../db/client";
import { allianceOrganizers, alliances, memberships, orgs, sessions, users } from "../db/schema";
import type { AppEnv, MembershipGrant, SessionUser } from "../env";
import { sha256Hex } from "./crypto";
import { ApiError } from "./errors";
import { MINUTE, now } from "./time";

export const SESSION_COOKIE = "__Host-lx_session";

/** Touch `last_seen_at` at most this often, so reads do not turn into writes on every request. */
const LAST_SEEN_RESOLUTION = 5 * MINUTE;

export function readToken(c: Context<AppEnv>): { token: string; via: "cookie" | "bearer" } | null {
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(header.trim());
    return match?.[1] ? { token: match[1], via: "bearer" } : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie && /^[A-Za-z0-9_-]{20,100}$/.test(cookie) ? { token: cookie, via: "cookie" } : null;
}

/**
 * Resolves the caller from a bearer token or the session cookie in one D1 round trip: the
 * session and user, their roles with org paths, their alliances, and a throttled last-seen touch.
 * It loads everything `GET /api/me` answers, so that route costs no further query.
 */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", null);
  c.set("authVia", null);
  const found = readToken(c);
  if (!found || SELF_AUTHENTICATED.some((route) => route.method === c.req.method && route.path.test(c.req.path))) return next();
  const db = c.get("db");
  const tokenHash = await sha256Hex(found.token);
  const at = now();
  const userOfToken = sql`(select ${sessions.userId} from ${sessions} where ${sessions.tokenHash} = ${tokenHash})`;
  const [sessionRows, grantRows, allianceRows] = await db.batch([
    db
      .select({
        sessionId: aliased<string>(sessions.id, "session_id"),
        id: users.id,
        phone: users.phone,
        name: users.name,
        isAdmin: users.isAdmin,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, at), eq(users.status, "active"))),
    db
      .select({
        membershipId: aliased<string>(memberships.id, "membership_id"),
        orgId: orgs.id,
        orgName: aliased<string>(orgs.name, "org_name"),
        orgKind: orgs.kind,
        orgPath: orgs.path,
        role: memberships.role,
        title: memberships.title,
      })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(eq(memberships.userId, userOfToken))
      .orderBy(orgs.path, memberships.role),
    db
      .select({ id: alliances.id, name: aliased<string>(alliances.name, "alliance_name") })
      .from(allianceOrganizers)
      .innerJoin(alliances, eq(alliances.id, allianceOrganizers.allianceId))
      .where(eq(allianceOrganizers.userId, userOfToken))
      .orderBy(alliances.name),
    db
      .update(sessions)
      .set({ lastSeenAt: at })
      .where(and(eq(sessions.tokenHash, tokenHash), lt(sessions.lastSeenAt, at - LAST_SEEN_RESOLUTION))),
  ]);
  const session = sessionRows[0];
  if (session) {
    const user: SessionUser = {
      ...session,
      memberships: grantRows as MembershipGrant[],
      alliances: allianceRows,
    };
    c.set("user", user);
    c.set("authVia", found.via);
  }
  return next();
};

/**
 * Routes that check the session inside their own single D1 round trip (see ANSWER_SQL in
 * features/contests/attempt.service.ts), so the middleware does not spend one on them: a contest
 * answer is the hottest write there is.
 */
const SELF_AUTHENTICATED = [{ method: "PUT", path: /^\/api\/attempts\/[a-z0-9]+\/answers\/\d+$/ }];

/** The caller, or 401. */
export function requireUser(c: Context<AppEnv>): SessionUser {
  const user = c.get("user");
  if (!user) throw new ApiError("UNAUTHENTICATED", "error.unauthenticated");
  return user;
}

export function requireAdmin(c: Context<AppEnv>): SessionUser {
  const user = requireUser(c);
  if (!user.isAdmin) throw new ApiError("FORBIDDEN", "error.forbidden");
  return user;
}

import type { z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { attendances, courseSessions, modules, moduleVersions } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { timingSafeEqual } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { MINUTE, now } from "../../lib/time";
import { creditStatement } from "../ledger/ledger.repo";
import { creditOrg, yearOf } from "../ledger/ledger.service";
import { ruleValue } from "../plans/points.repo";
import {
  accessOf,
  CHECKIN_OPENS_BEFORE_MS,
  checkinCandidates,
  checkinWindow,
  readSession,
  type SessionRow,
  shanghaiMinute,
} from "./session.repo";
import type { CheckInBodySchema, ScanBodySchema } from "./session.schema";

// Check-in by a rotating code. Every 30 s the code is six digits of
// HMAC-SHA256(session secret, "<sessionId>:<floor(t / 30 000)>"), so the server recomputes it from
// the clock and stores nothing per code; a screen shows the current one as a QR code and as digits.
// The previous code is still taken for 10 s after it changes (the phone's camera, the network and a
// person reading digits all take a moment); anything older is refused as expired.

export const CODE_STEP_MS = 30_000;
export const CODE_GRACE_MS = 10_000;
/** A scan ticket counts this long after the scan: time enough to log in on a phone. */
export const TICKET_TTL_MS = 15 * MINUTE;
/** How far back an old code is still recognised as this session's (and so called expired, not wrong). */
const EXPIRED_LOOKBACK_STEPS = 40;

const encoder = new TextEncoder();

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/**
 * The session's check-in code at time `at` (UTC ms): six digits by the dynamic truncation of
 * RFC 4226 over HMAC-SHA256(secret, `${sessionId}:${floor(at / 30 000)}`).
 *
 * @example
 * await checkinCodeAt(secret, "s1", Date.now()); // "042917"
 */
export async function checkinCodeAt(secret: string, sessionId: string, at: number): Promise<string> {
  const mac = await hmac(secret, `${sessionId}:${Math.floor(at / CODE_STEP_MS)}`);
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const byte = (i: number) => mac[offset + i] ?? 0;
  const value = (((byte(0) & 0x7f) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3)) % 1_000_000;
  return String(value).padStart(6, "0");
}

/** Whether `code` is the session's code now (or the previous one within its grace), an older one, or not its code at all. */
export async function judgeCode(secret: string, sessionId: string, code: string, at: number): Promise<"valid" | "expired" | "wrong"> {
  const stepStart = Math.floor(at / CODE_STEP_MS) * CODE_STEP_MS;
  if ((await checkinCodeAt(secret, sessionId, at)) === code) return "valid";
  if (at - stepStart < CODE_GRACE_MS && (await checkinCodeAt(secret, sessionId, stepStart - 1)) === code) return "valid";
  for (let back = 1; back <= EXPIRED_LOOKBACK_STEPS; back++) {
    if ((await checkinCodeAt(secret, sessionId, stepStart - back * CODE_STEP_MS)) === code) return "expired";
  }
  return "wrong";
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function ticketSignature(secret: string, sessionId: string, scannedAt: number): Promise<string> {
  return toBase64Url((await hmac(secret, `ticket:${sessionId}:${scannedAt}`)).slice(0, 18));
}

/** A scan ticket: `<sessionId>.<scannedAt base 36>.<HMAC with the session's secret>`. */
export async function signTicket(secret: string, sessionId: string, scannedAt: number): Promise<string> {
  return `${sessionId}.${scannedAt.toString(36)}.${await ticketSignature(secret, sessionId, scannedAt)}`;
}

function parseTicket(ticket: string) {
  const [sessionId, at36, signature, ...rest] = ticket.split(".");
  const scannedAt = at36 ? Number.parseInt(at36, 36) : Number.NaN;
  if (rest.length > 0 || !sessionId || !/^[a-z0-9]{8,40}$/.test(sessionId) || !signature || !Number.isSafeInteger(scannedAt))
    throw new ApiError("UNPROCESSABLE", "checkin.ticketInvalid");
  return { sessionId, scannedAt, signature };
}

function assertWindow(s: { starts_at: number; ends_at: number }, at: number) {
  const { opensAt, closesAt } = checkinWindow(s);
  if (at < opensAt || at > closesAt)
    throw new ApiError("CONFLICT", "checkin.outsideWindow", { opens: shanghaiMinute(opensAt), closes: shanghaiMinute(closesAt) });
}

async function assertCode(secret: string, sessionId: string, code: string, at: number) {
  const verdict = await judgeCode(secret, sessionId, code, at);
  if (verdict === "expired") throw new ApiError("UNPROCESSABLE", "checkin.codeExpired");
  if (verdict === "wrong") throw new ApiError("UNPROCESSABLE", "checkin.codeWrong");
}

/** The code the lecturer's screen shows now (the session's lecturer and organizers of its org). */
export async function getCheckinCode(c: Context<AppEnv>, user: SessionUser, sessionId: string) {
  const row = await readSession(c.get("db"), user, sessionId);
  if (!row) throw new ApiError("NOT_FOUND", "session.notFound");
  const access = accessOf(user, row);
  if (!access.see) throw new ApiError("NOT_FOUND", "session.notFound");
  if (!access.run) throw new ApiError("FORBIDDEN", "session.notRunner");
  if (row.status === "cancelled") throw new ApiError("CONFLICT", "session.cancelled");
  const at = now();
  const code = await checkinCodeAt(row.checkin_secret, row.id, at);
  const origin = new URL(c.req.url).origin;
  const window = checkinWindow(row);
  return {
    code,
    url: `${origin}/check-in?s=${row.id}&c=${code}`,
    validUntil: (Math.floor(at / CODE_STEP_MS) + 1) * CODE_STEP_MS,
    rotatesEverySec: 30 as const,
    serverTime: at,
    checkinOpensAt: window.opensAt,
    checkinClosesAt: window.closesAt,
  };
}

/**
 * A scan from a phone that is not logged in: the code is checked now, and a ticket signed with the
 * session's secret says when. No login, no write: one read by primary key, so it is cheap to serve
 * and to put behind a rate-limiting rule at the edge.
 */
export async function scanCheckin(c: Context<AppEnv>, input: z.output<typeof ScanBodySchema>) {
  const db = c.get("db");
  const [row] = await db
    .select({
      id: courseSessions.id,
      status: courseSessions.status,
      secret: courseSessions.checkinSecret,
      starts_at: courseSessions.startsAt,
      ends_at: courseSessions.endsAt,
      place: courseSessions.place,
      title: sql<string | null>`${moduleVersions.title}`,
    })
    .from(courseSessions)
    .innerJoin(modules, eq(modules.id, courseSessions.moduleId))
    .leftJoin(moduleVersions, eq(moduleVersions.id, modules.publishedVersionId))
    .where(eq(courseSessions.id, input.sessionId));
  if (!row) throw new ApiError("NOT_FOUND", "session.notFound");
  if (row.status === "cancelled") throw new ApiError("CONFLICT", "session.cancelled");
  const at = now();
  assertWindow(row, at);
  await assertCode(row.secret, row.id, input.code, at);
  return {
    ticket: await signTicket(row.secret, row.id, at),
    expiresAt: at + TICKET_TTL_MS,
    sessionId: row.id,
    title: row.title ?? "",
    startsAt: row.starts_at,
    place: row.place,
  };
}

type CheckInInput = z.output<typeof CheckInBodySchema>;

/**
 * The caller checks in (never anyone else: the attendee is the caller). With `{ sessionId, code }`
 * from a scanned QR; with `{ code }` typed, among the sessions open for check-in now that the caller
 * holds a seat in or may walk into; with `{ ticket }` from a scan made before logging in, which
 * counts at the time of the scan. A second check-in answers the first.
 */
export async function checkIn(c: Context<AppEnv>, user: SessionUser, input: CheckInInput) {
  const db = c.get("db");
  const at = now();
  if ("ticket" in input) {
    const ticket = parseTicket(input.ticket);
    const row = await readSession(db, user, ticket.sessionId);
    if (!row) throw new ApiError("UNPROCESSABLE", "checkin.ticketInvalid");
    const expected = await ticketSignature(row.checkin_secret, row.id, ticket.scannedAt);
    if (!timingSafeEqual(encoder.encode(expected), encoder.encode(ticket.signature)))
      throw new ApiError("UNPROCESSABLE", "checkin.ticketInvalid");
    if (ticket.scannedAt > at + 5_000 || at - ticket.scannedAt > TICKET_TTL_MS)
      throw new ApiError("UNPROCESSABLE", "checkin.ticketExpired");
    if (alreadyIn(row)) return answer(row, false);
    if (row.status === "cancelled") throw new ApiError("CONFLICT", "session.cancelled");
    assertWindow(row, ticket.scannedAt);
    return record(c, user, row, "qr", ticket.scannedAt, at);
  }
  if ("sessionId" in input) {
    const row = await readSession(db, user, input.sessionId);
    if (!row) throw new ApiError("NOT_FOUND", "session.notFound");
    if (alreadyIn(row)) return answer(row, false);
    if (row.status === "cancelled") throw new ApiError("CONFLICT", "session.cancelled");
    assertWindow(row, at);
    await assertCode(row.checkin_secret, row.id, input.code, at);
    return record(c, user, row, "qr", at, at);
  }
  const candidates = await checkinCandidates(db, user, at, CHECKIN_OPENS_BEFORE_MS);
  if (candidates.length === 0) throw new ApiError("NOT_FOUND", "checkin.noOpenSession");
  let expired = false;
  for (const row of candidates) {
    const verdict = await judgeCode(row.checkin_secret, row.id, input.code, at);
    if (verdict === "valid") return alreadyIn(row) ? answer(row, false) : record(c, user, row, "code", at, at);
    expired ||= verdict === "expired";
  }
  throw new ApiError("UNPROCESSABLE", expired ? "checkin.codeExpired" : "checkin.codeWrong");
}

function alreadyIn(row: SessionRow): boolean {
  if (row.my_checked_in_at === null) return false;
  if (row.my_reversed_at !== null) throw new ApiError("CONFLICT", "checkin.reversed");
  return true;
}

function answer(row: SessionRow, created: boolean) {
  return {
    sessionId: row.id,
    title: row.title,
    checkedInAt: row.my_checked_in_at ?? 0,
    method: row.my_method ?? "qr",
    walkIn: row.my_walk_in === 1,
    created,
    hoursTenths: row.hours_tenths,
  };
}

/**
 * Writes the attendance and its ledger credit in one batch: the credit is conditioned on the
 * attendance standing after the insert, and the ledger's unique index on the event makes it count
 * once, so retries and double taps credit nothing more.
 */
async function record(c: Context<AppEnv>, user: SessionUser, row: SessionRow, method: "qr" | "code", checkedInAt: number, at: number) {
  const db = c.get("db");
  const access = accessOf(user, row);
  const enrolled = row.my_status === "enrolled";
  if (!enrolled) {
    if (!row.walk_ins) throw new ApiError("FORBIDDEN", row.my_status === "waitlisted" ? "checkin.waitlisted" : "checkin.notEnrolled");
    if (!row.eligible && !access.run) throw new ApiError("FORBIDDEN", "checkin.notEligible");
  }
  const walkIn = !enrolled;
  const org = creditOrg(user);
  const live = sql`exists (select 1 from attendances where session_id = ${row.id} and user_id = ${user.id} and reversed_at is null)`;
  const insert = db
    .insert(attendances)
    .select(
      sql`select ${row.id}, ${user.id}, ${method}, ${checkedInAt}, ${walkIn ? 1 : 0}, null, null, null, null, null
        where exists (select 1 from course_sessions where id = ${row.id} and status = 'scheduled')`,
    )
    .onConflictDoNothing();
  const read = db
    .select()
    .from(attendances)
    .where(and(eq(attendances.sessionId, row.id), eq(attendances.userId, user.id)));
  const credit = org
    ? creditStatement(
        db,
        {
          userId: user.id,
          orgId: org.orgId,
          source: "attendance",
          sourceKey: row.id,
          hoursTenths: row.hours_tenths,
          points: ruleValue("attendance", org.orgId, checkedInAt),
          title: row.title,
          occurredAt: checkedInAt,
          createdBy: null,
          year: yearOf(row.starts_at),
        },
        at,
        live,
      )
    : null;
  const results = credit ? await db.batch([insert, credit, read]) : await db.batch([insert, read]);
  const saved = (results[results.length - 1] as (typeof attendances.$inferSelect)[])[0];
  if (!saved) throw new ApiError("CONFLICT", "session.cancelled");
  if (saved.reversedAt !== null) throw new ApiError("CONFLICT", "checkin.reversed");
  return {
    sessionId: row.id,
    title: row.title,
    checkedInAt: saved.checkedInAt,
    method: saved.method,
    walkIn: saved.walkIn,
    created: saved.checkedInAt === checkedInAt && saved.method === method,
    hoursTenths: row.hours_tenths,
  };
}

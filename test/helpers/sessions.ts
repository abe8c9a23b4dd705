import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import { expect } from "vitest";
import { moduleAudience, modules, moduleVersions } from "../../worker/db/schema";
import type { ModuleTag } from "../../worker/db/schema/courses";
import { checkinCodeAt } from "../../worker/features/courses/checkin.service";
import type {
  AttendanceSchema,
  CreateSessionBodySchema,
  EnrollmentStateSchema,
  SessionSchema,
} from "../../worker/features/courses/session.schema";
import { createUser, createWorld, db, loginAs, type TestOrg } from "./factories";
import { call, expectStatus } from "./http";

export type SessionBody = z.infer<typeof SessionSchema>;
export type EnrollmentBody = z.infer<typeof EnrollmentStateSchema>;
export type AttendanceBody = z.infer<typeof AttendanceSchema>;
export type SessionInput = z.input<typeof CreateSessionBodySchema>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export type Audience = { type: "org" | "alliance" | "all"; id: string };

/**
 * A published module written straight into the tables (the modules API is another part of the
 * feature): a module of `org` owned by `ownerId`, with version 1 published and its audience.
 */
export async function publishedModule(options: {
  org: TestOrg;
  ownerId: string;
  audience?: Audience[];
  hoursTenths?: number;
  title?: string;
  tags?: ModuleTag[];
  published?: boolean;
}) {
  const moduleId = createId();
  const versionId = createId();
  const at = Date.now();
  const published = options.published ?? true;
  await db()
    .insert(modules)
    .values({
      id: moduleId,
      orgId: options.org.id,
      ownerId: options.ownerId,
      publishedVersionId: published ? versionId : null,
      draftVersionId: published ? null : versionId,
      createdAt: at,
      updatedAt: at,
    });
  await db()
    .insert(moduleVersions)
    .values({
      id: versionId,
      moduleId,
      version: 1,
      status: published ? "published" : "draft",
      title: options.title ?? `党课-${moduleId.slice(0, 5)}`,
      summary: "学习党的历史",
      durationMin: 90,
      hoursTenths: options.hoursTenths ?? 15,
      tags: options.tags ?? ["党课"],
      createdBy: options.ownerId,
      createdAt: at,
      updatedAt: at,
    });
  const audience = options.audience ?? [{ type: "org", id: options.org.id }];
  if (audience.length > 0)
    await db()
      .insert(moduleAudience)
      .values(audience.map((a) => ({ moduleId, targetType: a.type, targetId: a.id })));
  return { moduleId, versionId };
}

/** An offline session input starting in two days, enrollment open now, 30 seats. */
export function sessionInput(fields: Partial<SessionInput> = {}): SessionInput {
  const at = Date.now();
  return {
    kind: "offline",
    place: "党群服务中心201会议室",
    startsAt: at + 48 * HOUR,
    endsAt: at + 50 * HOUR,
    capacity: 30,
    ...fields,
  };
}

export async function createSession(token: string, moduleId: string, fields: Partial<SessionInput> = {}) {
  return (
    await expectStatus<{ session: SessionBody }>(call(`/api/modules/${moduleId}/sessions`, { token, body: sessionInput(fields) }), 201)
  ).session;
}

export function enroll(token: string, sessionId: string) {
  return call(`/api/sessions/${sessionId}/enrollment`, { method: "PUT", token });
}

export function unenroll(token: string, sessionId: string) {
  return call(`/api/sessions/${sessionId}/enrollment`, { method: "DELETE", token });
}

export async function getSession(token: string, sessionId: string) {
  return (await expectStatus<{ session: SessionBody }>(call(`/api/sessions/${sessionId}`, { token }), 200)).session;
}

/**
 * A world (committee, two branches, organizer, member of branch A, an outsider), a lecturer of the
 * committee who owns a published module for the committee's subtree, and tokens.
 */
export async function courseWorld(moduleOptions: { hoursTenths?: number; audience?: Audience[] } = {}) {
  const world = await createWorld();
  const lecturer = await createUser({ roles: [{ org: world.committee, role: "lecturer" }] });
  const mod = await publishedModule({ org: world.committee, ownerId: lecturer.id, ...moduleOptions });
  return {
    world,
    lecturer,
    mod,
    tokens: {
      organizer: await loginAs(world.organizer),
      member: await loginAs(world.member),
      lecturer: await loginAs(lecturer),
      outsider: await loginAs(world.outsider),
    },
  };
}

/** Another member of `org`, logged in. */
export async function memberOf(org: TestOrg) {
  const user = await createUser({ roles: [{ org, role: "member" }] });
  return { user, token: await loginAs(user) };
}

/** Sets a session's columns directly (tests: move its clock rather than wait). */
export async function setSession(sessionId: string, fields: Record<string, number | string | null>) {
  const names = Object.keys(fields);
  await env.DB.prepare(`update course_sessions set ${names.map((n, i) => `${n} = ?${i + 2}`).join(", ")} where id = ?1`)
    .bind(sessionId, ...names.map((n) => fields[n]))
    .run();
}

/** Moves a session so that it started `minutesAgo` minutes ago and lasts `lengthMin` (enrollment closed at the start). */
export async function startedAgo(sessionId: string, minutesAgo: number, lengthMin = 90) {
  const startsAt = Date.now() - minutesAgo * MINUTE;
  await setSession(sessionId, {
    enroll_opens_at: startsAt - 48 * HOUR,
    enroll_closes_at: startsAt,
    cancel_closes_at: startsAt - 2 * HOUR,
    starts_at: startsAt,
    ends_at: startsAt + lengthMin * MINUTE,
  });
}

export async function secretOf(sessionId: string): Promise<string> {
  const row = await env.DB.prepare("select checkin_secret from course_sessions where id = ?")
    .bind(sessionId)
    .first<{ checkin_secret: string }>();
  if (!row) throw new Error(`no session ${sessionId}`);
  return row.checkin_secret;
}

/** The session's check-in code at `at`, computed as the server does. */
export async function codeAt(sessionId: string, at = Date.now()): Promise<string> {
  return checkinCodeAt(await secretOf(sessionId), sessionId, at);
}

/** A person's ledger entries for the attendance of one session. */
export async function ledgerOf(userId: string, sessionId: string) {
  const { results } = await env.DB.prepare(
    "select hours_tenths, points, year, org_id, reversed_at, title from ledger_entries where user_id = ? and source = 'attendance' and source_key = ? order by created_at, rowid",
  )
    .bind(userId, sessionId)
    .all<{ hours_tenths: number; points: number; year: number; org_id: string; reversed_at: number | null; title: string }>();
  return results;
}

/** Live (unreversed) hours credited to a person for a session. */
export async function liveHours(userId: string, sessionId: string): Promise<number> {
  return (await ledgerOf(userId, sessionId)).filter((e) => e.reversed_at === null).reduce((n, e) => n + e.hours_tenths, 0);
}

const SESSION_TABLES = [
  "course_sessions",
  "session_required_orgs",
  "enrollments",
  "attendances",
  "session_feedback",
  "ledger_entries",
  "audit_log",
] as const;
type SessionDbState = Record<(typeof SESSION_TABLES)[number], unknown[]>;

/** Every row of the tables a session write can touch: what a refused write must leave alone. */
export async function sessionState(): Promise<SessionDbState> {
  const results = await env.DB.batch(SESSION_TABLES.map((table) => env.DB.prepare(`select * from ${table} order by rowid`)));
  return Object.fromEntries(SESSION_TABLES.map((table, i) => [table, results[i]?.results ?? []])) as SessionDbState;
}

export async function expectSessionsUnchanged(before: SessionDbState): Promise<void> {
  const after = await sessionState();
  for (const table of SESSION_TABLES) expect(after[table], `rows of ${table}`).toEqual(before[table]);
}

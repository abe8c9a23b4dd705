import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { prepared } from "../../db/raw";
import { courseSessions, enrollments, memberships, modules, orgs, sessionRequiredOrgs, users } from "../../db/schema";
import { inSubtree } from "../../db/subtree";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { randomToken } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { canManageOrg, orgIdsAbove } from "../../lib/scope";
import { DAY, HOUR, now } from "../../lib/time";
import { canReview } from "./module.repo";
import { loadModuleFor } from "./module.service";
import {
  accessOf,
  CANCEL_SQL,
  checkinWindow,
  ENROLL_SQL,
  type EnrollmentReadBack,
  managedSessions,
  memberSessions,
  personOrgNameText,
  readSession,
  type SessionRow,
  shanghaiMinute,
} from "./session.repo";
import type {
  CreateSessionBodySchema,
  ManagedSessionListQuerySchema,
  SessionListQuerySchema,
  SessionSchema,
  UpdateSessionBodySchema,
} from "./session.schema";

type CreateSession = z.output<typeof CreateSessionBodySchema>;
type UpdateSession = z.output<typeof UpdateSessionBodySchema>;
type Session = z.infer<typeof SessionSchema>;

/** A session may last at most this long (a day of training). */
const MAX_LENGTH_MS = DAY;
/** Default cancel cut-off: this long before the start. */
const DEFAULT_CANCEL_BEFORE_MS = 2 * HOUR;

export function presentSession(user: SessionUser, row: SessionRow, at: number): Session {
  const access = accessOf(user, row);
  const window = checkinWindow(row);
  const attended = row.my_checked_in_at !== null && row.my_reversed_at === null;
  return {
    id: row.id,
    moduleId: row.module_id,
    title: row.title,
    summary: row.summary,
    tags: JSON.parse(row.tags) as string[],
    hoursTenths: row.hours_tenths,
    durationMin: row.duration_min,
    orgId: row.org_id,
    orgName: row.org_name,
    lecturer: { id: row.lecturer_id, name: row.lecturer_name },
    kind: row.kind,
    status: row.status,
    place: row.place,
    link: row.link,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    enrolledCount: row.enrolled_count,
    waitlistCount: row.waitlist_count,
    seatsLeft: seatsLeft(row.capacity, row.enrolled_count),
    enrollOpensAt: row.enroll_opens_at,
    enrollClosesAt: row.enroll_closes_at,
    cancelClosesAt: row.cancel_closes_at,
    walkIns: row.walk_ins === 1,
    requiredOrgs: (JSON.parse(row.required_orgs) as { id: string; name: string }[]).sort((a, b) => a.name.localeCompare(b.name, "zh")),
    phase: at < window.opensAt ? "upcoming" : at <= window.closesAt ? "checkin" : "ended",
    required: row.required === 1,
    eligible: row.eligible === 1,
    canManage: access.manage,
    isLecturer: access.lecturer,
    canEdit: access.change,
    my: {
      enrollment: {
        status: row.my_status ?? "none",
        waitlistPosition: row.my_status === "waitlisted" ? row.my_place : null,
        seatsLeft: seatsLeft(row.capacity, row.enrolled_count),
      },
      attended,
      checkedInAt: attended ? row.my_checked_in_at : null,
      feedback: row.my_rating === null ? null : { rating: row.my_rating, comment: row.my_comment ?? "" },
    },
    createdAt: row.created_at,
  };
}

function seatsLeft(capacity: number | null, enrolled: number): number | null {
  return capacity === null ? null : Math.max(0, capacity - enrolled);
}

/** The session as the caller may see it, or 404. */
export async function loadSessionFor(db: Db, user: SessionUser, id: string) {
  const row = await readSession(db, user, id);
  if (!row) throw new ApiError("NOT_FOUND", "session.notFound");
  const access = accessOf(user, row);
  if (!access.see) throw new ApiError("NOT_FOUND", "session.notFound");
  return { row, access };
}

/** The session for its lecturer or the organizers of its org (else 403; 404 when not even visible). */
export async function loadSessionToRun(db: Db, user: SessionUser, id: string) {
  const loaded = await loadSessionFor(db, user, id);
  if (!loaded.access.run) throw new ApiError("FORBIDDEN", "session.notRunner");
  return loaded;
}

export async function getSession(db: Db, user: SessionUser, id: string) {
  const { row } = await loadSessionFor(db, user, id);
  return { session: presentSession(user, row, now()) };
}

export async function listSessions(db: Db, user: SessionUser, filter: z.output<typeof SessionListQuerySchema>) {
  const at = now();
  const rows = await memberSessions(db, user, filter, at);
  return { sessions: rows.map((r) => presentSession(user, r, at)), serverTime: at };
}

export async function listManagedSessions(db: Db, user: SessionUser, filter: z.output<typeof ManagedSessionListQuerySchema>) {
  const at = now();
  const rows = await managedSessions(db, user, filter);
  return { sessions: rows.map((r) => ({ ...presentSession(user, r, at), attendedCount: r.attended_count })), serverTime: at };
}

// ---------------------------------------------------------------------------------------------
// Scheduling

type Shape = {
  kind: "offline" | "online";
  place: string | null;
  link: string | null;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  enrollOpensAt: number;
  enrollClosesAt: number;
  cancelClosesAt: number;
  walkIns: boolean;
};

/** The rules a session's fields keep together, told one at a time in the order a form is filled in. */
function checkShape(s: Shape) {
  if (s.kind === "offline" && !s.place) throw new ApiError("UNPROCESSABLE", "session.placeRequired");
  if (s.kind === "offline" && s.capacity === null) throw new ApiError("UNPROCESSABLE", "session.capacityRequired");
  if (s.kind === "online" && !s.link) throw new ApiError("UNPROCESSABLE", "session.linkRequired");
  if (s.endsAt <= s.startsAt) throw new ApiError("UNPROCESSABLE", "session.timeOrder");
  if (s.endsAt - s.startsAt > MAX_LENGTH_MS) throw new ApiError("UNPROCESSABLE", "session.tooLong");
  if (s.enrollOpensAt > s.enrollClosesAt || s.enrollClosesAt > s.startsAt) throw new ApiError("UNPROCESSABLE", "session.enrollWindow");
  if (s.cancelClosesAt > s.startsAt) throw new ApiError("UNPROCESSABLE", "session.cancelAfterStart");
}

/** Active people holding the lecturer or organizer role in the org at `orgPath` or below (one row per role), highest org first. */
function lecturerRoles(db: Db, orgPath: string, userId?: string) {
  return db
    .select({ id: users.id, name: users.name, role: memberships.role, orgName: orgs.name })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        userId === undefined ? undefined : eq(memberships.userId, userId),
        inArray(memberships.role, ["lecturer", "organizer"]),
        inSubtree(orgs.path, orgPath),
        eq(users.status, "active"),
      ),
    )
    .orderBy(orgs.depth, users.name, users.id);
}

/** The lecturer must hold the lecturer or organizer role in the module's org or below. */
async function checkLecturer(db: Db, lecturerId: string, orgPath: string) {
  const [found] = await lecturerRoles(db, orgPath, lecturerId).limit(1);
  if (!found) throw new ApiError("UNPROCESSABLE", "session.lecturerNotAllowed");
}

/**
 * Whom a session of the module may be given by (what `checkLecturer` accepts, and the owner, who is
 * the default): for those who schedule its sessions — the owner and the organizers of its org or above.
 * One entry per person, as a lecturer when they are one anywhere in the subtree.
 */
export async function listLecturerOptions(db: Db, user: SessionUser, moduleId: string) {
  const loaded = await loadModuleFor(db, user, moduleId);
  if (loaded.module.ownerId !== user.id && !canReview(user, loaded)) throw new ApiError("FORBIDDEN", "session.notScheduler");
  const rows = await lecturerRoles(db, loaded.module.orgPath).limit(2000);
  const people = new Map<string, { id: string; name: string; orgName: string; role: "lecturer" | "organizer"; owner: boolean }>();
  for (const row of rows) {
    const role = row.role === "lecturer" ? "lecturer" : "organizer";
    const seen = people.get(row.id);
    if (!seen || (seen.role === "organizer" && role === "lecturer"))
      people.set(row.id, { id: row.id, name: row.name, orgName: row.orgName, role, owner: row.id === loaded.module.ownerId });
  }
  const { ownerId, ownerName, orgName } = loaded.module;
  if (!people.has(ownerId)) people.set(ownerId, { id: ownerId, name: ownerName, orgName, role: "lecturer", owner: true });
  const lecturers = [...people.values()].sort((a, b) => Number(b.owner) - Number(a.owner) || a.name.localeCompare(b.name, "zh"));
  return { lecturers };
}

/** Required orgs must exist and be managed by the caller (those already required may stay). */
async function checkRequiredOrgs(db: Db, user: SessionUser, ids: string[], kept: string[] = []) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const rows = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs).where(inArray(orgs.id, unique));
  if (rows.length !== unique.length) throw new ApiError("UNPROCESSABLE", "session.orgNotFound");
  for (const org of rows) {
    if (!kept.includes(org.id) && !canManageOrg(user, org.path))
      throw new ApiError("UNPROCESSABLE", "session.requiredOrgNotManaged", { name: org.name });
  }
  return unique;
}

/** The module's owner or an organizer of its org (or above) schedules sessions of a published module. */
export async function createSession(c: Context<AppEnv>, user: SessionUser, moduleId: string, input: CreateSession) {
  const db = c.get("db");
  const [mod] = await db
    .select({
      id: modules.id,
      orgId: modules.orgId,
      ownerId: modules.ownerId,
      publishedVersionId: modules.publishedVersionId,
      archivedAt: modules.archivedAt,
      orgPath: orgs.path,
    })
    .from(modules)
    .innerJoin(orgs, eq(orgs.id, modules.orgId))
    .where(eq(modules.id, moduleId));
  if (!mod) throw new ApiError("NOT_FOUND", "session.moduleNotFound");
  if (mod.ownerId !== user.id && !canManageOrg(user, mod.orgPath)) throw new ApiError("FORBIDDEN", "session.notScheduler");
  if (!mod.publishedVersionId || mod.archivedAt !== null) throw new ApiError("CONFLICT", "session.moduleNotPublished");
  const at = now();
  const enrollClosesAt = input.enrollClosesAt ?? input.startsAt;
  const shape: Shape = {
    kind: input.kind,
    place: input.place || null,
    link: input.link || null,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    capacity: input.capacity ?? null,
    enrollOpensAt: input.enrollOpensAt ?? Math.min(at, enrollClosesAt),
    enrollClosesAt,
    cancelClosesAt: input.cancelClosesAt ?? input.startsAt - DEFAULT_CANCEL_BEFORE_MS,
    walkIns: input.walkIns,
  };
  checkShape(shape);
  const lecturerId = input.lecturerId ?? mod.ownerId;
  if (lecturerId !== mod.ownerId) await checkLecturer(db, lecturerId, mod.orgPath);
  const requiredOrgIds = await checkRequiredOrgs(db, user, input.requiredOrgIds);
  const id = createId();
  const row = {
    id,
    moduleId,
    orgId: mod.orgId,
    lecturerId,
    ...shape,
    checkinSecret: randomToken(),
    createdBy: user.id,
    createdAt: at,
    updatedAt: at,
  };
  const { checkinSecret: _secret, ...audited } = row;
  await db.batch([
    db.insert(courseSessions).values(row),
    ...(requiredOrgIds.length > 0
      ? [db.insert(sessionRequiredOrgs).values(requiredOrgIds.map((orgId) => ({ sessionId: id, orgId })))]
      : []),
    auditStatement(db, c, {
      action: "session.create",
      entityType: "course_session",
      entityId: id,
      orgId: mod.orgId,
      after: { ...audited, requiredOrgIds },
    }),
  ]);
  return getSession(db, user, id);
}

function shapeOf(row: SessionRow): Shape {
  return {
    kind: row.kind,
    place: row.place,
    link: row.link,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    enrollOpensAt: row.enroll_opens_at,
    enrollClosesAt: row.enroll_closes_at,
    cancelClosesAt: row.cancel_closes_at,
    walkIns: row.walk_ins === 1,
  };
}

/** A session the caller may change: the module's owner, or an organizer of the session's org (or above). */
async function loadSessionToChange(db: Db, user: SessionUser, id: string) {
  const loaded = await loadSessionFor(db, user, id);
  if (!loaded.access.change) throw new ApiError("FORBIDDEN", "session.notScheduler");
  return loaded;
}

/** The statements that move the head of the queue into free seats and set the count from the rows. */
function promoteStatements(db: Db, sessionId: string, at: number) {
  return [
    db
      .update(enrollments)
      .set({ status: "enrolled", waitlistPos: null, updatedAt: at })
      .where(
        sql`${enrollments.sessionId} = ${sessionId} and ${enrollments.status} = 'waitlisted' and ${enrollments.userId} in (
          select w.user_id from enrollments as w where w.session_id = ${sessionId} and w.status = 'waitlisted' order by w.waitlist_pos
          limit coalesce((select case when s.capacity is null then -1
              else max(0, s.capacity - (select count(*) from enrollments as x where x.session_id = ${sessionId} and x.status = 'enrolled')) end
            from course_sessions as s where s.id = ${sessionId} and s.status = 'scheduled'), 0))`,
      ),
    db
      .update(courseSessions)
      .set({
        enrolledCount: sql`(select count(*) from enrollments where session_id = ${sessionId} and status = 'enrolled')`,
      })
      .where(eq(courseSessions.id, sessionId)),
  ];
}

export async function updateSession(c: Context<AppEnv>, user: SessionUser, id: string, input: UpdateSession) {
  const db = c.get("db");
  const { row } = await loadSessionToChange(db, user, id);
  if (row.status === "cancelled") throw new ApiError("CONFLICT", "session.cancelled");
  const before = shapeOf(row);
  const { lecturerId, requiredOrgIds, ...fields } = input;
  const shape: Shape = { ...before };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (shape as Record<string, unknown>)[key] = value;
  shape.place ||= null;
  shape.link ||= null;
  checkShape(shape);
  if (shape.capacity !== null && shape.capacity < row.enrolled_count)
    throw new ApiError("CONFLICT", "session.capacityBelowEnrolled", { count: row.enrolled_count });
  if (lecturerId !== undefined && lecturerId !== row.lecturer_id && lecturerId !== row.owner_id)
    await checkLecturer(db, lecturerId, row.org_path);
  const currentRequired = (JSON.parse(row.required_orgs) as { id: string }[]).map((o) => o.id);
  const newRequired = requiredOrgIds === undefined ? undefined : await checkRequiredOrgs(db, user, requiredOrgIds, currentRequired);
  const at = now();
  const changed = sql`exists (select 1 from course_sessions where id = ${id} and updated_at = ${at} and status = 'scheduled')`;
  const [updated] = await db.batch([
    db
      .update(courseSessions)
      .set({ ...shape, lecturerId: lecturerId ?? row.lecturer_id, updatedAt: at })
      .where(
        and(
          eq(courseSessions.id, id),
          eq(courseSessions.status, "scheduled"),
          shape.capacity === null ? undefined : sql`${courseSessions.enrolledCount} <= ${shape.capacity}`,
        ),
      )
      .returning({ id: courseSessions.id }),
    ...(newRequired === undefined
      ? []
      : [
          db.delete(sessionRequiredOrgs).where(and(eq(sessionRequiredOrgs.sessionId, id), changed)),
          ...newRequired.map((orgId) => db.insert(sessionRequiredOrgs).select(sql`select ${id}, ${orgId} where ${changed}`)),
        ]),
    // More seats: the queue moves up at once, in order.
    ...promoteStatements(db, id, at),
    auditStatement(
      db,
      c,
      {
        action: "session.update",
        entityType: "course_session",
        entityId: id,
        orgId: row.org_id,
        before: { ...before, lecturerId: row.lecturer_id, requiredOrgIds: currentRequired },
        after: input,
      },
      changed,
    ),
  ]);
  if (updated.length === 0) throw new ApiError("CONFLICT", "error.conflict");
  return getSession(db, user, id);
}

/** Cancels a session: it stays, marked cancelled, and those who enrolled see it so. Cancelling twice is harmless. */
export async function cancelSession(c: Context<AppEnv>, user: SessionUser, id: string) {
  const db = c.get("db");
  const { row } = await loadSessionToChange(db, user, id);
  if (row.status === "scheduled") {
    const at = now();
    await db.batch([
      db
        .update(courseSessions)
        .set({ status: "cancelled", updatedAt: at })
        .where(and(eq(courseSessions.id, id), eq(courseSessions.status, "scheduled"))),
      auditStatement(
        db,
        c,
        { action: "session.cancel", entityType: "course_session", entityId: id, orgId: row.org_id, before: { status: "scheduled" } },
        sql`exists (select 1 from course_sessions where id = ${id} and updated_at = ${at} and status = 'cancelled')`,
      ),
    ]);
  }
  return getSession(db, user, id);
}

// ---------------------------------------------------------------------------------------------
// Enrollment

function enrollmentState(row: EnrollmentReadBack) {
  return {
    status: row.my_status ?? ("none" as const),
    waitlistPosition: row.my_status === "waitlisted" ? row.my_place : null,
    seatsLeft: seatsLeft(row.capacity, row.enrolled_count),
  };
}

async function runBatch(c: Context<AppEnv>, statements: Record<string, string>, params: unknown[]) {
  const d1 = c.env.DB;
  const texts = Object.values(statements);
  const results = await d1.batch(texts.map((text) => prepared(d1, text, params)));
  return results[results.length - 1]?.results[0] as EnrollmentReadBack | undefined;
}

/**
 * Enrolls the caller (选学) in one D1 round trip: a seat while there is one, else a place at the end
 * of the queue; the same again changes nothing and answers the place held. When nothing was taken,
 * the read in the same batch says why.
 */
export async function enrollSession(c: Context<AppEnv>, user: SessionUser, id: string) {
  const at = now();
  const row = await runBatch(c, ENROLL_SQL, [id, user.id, at, JSON.stringify(orgIdsAbove(user))]);
  if (!row) throw new ApiError("NOT_FOUND", "session.notFound");
  if (row.my_status === "enrolled" || row.my_status === "waitlisted") return enrollmentState(row);
  if (!row.eligible) {
    // Not even visible: 404, as for a read; visible (its lecturer, an organizer): 403.
    await loadSessionFor(c.get("db"), user, id);
    throw new ApiError("FORBIDDEN", "session.notEligible");
  }
  if (row.status === "cancelled") throw new ApiError("CONFLICT", "session.cancelled");
  if (!row.published_version_id || row.archived_at !== null) throw new ApiError("CONFLICT", "session.moduleUnavailable");
  if (at < row.enroll_opens_at) throw new ApiError("CONFLICT", "session.enrollNotOpen", { opens: shanghaiMinute(row.enroll_opens_at) });
  if (at > row.enroll_closes_at) throw new ApiError("CONFLICT", "session.enrollClosed", { closes: shanghaiMinute(row.enroll_closes_at) });
  throw new ApiError("CONFLICT", "error.conflict");
}

/**
 * Gives up the caller's seat (until the cut-off) or place in the queue (any time); the first in the
 * queue take the freed seat in the same batch. Cancelling what is not held changes nothing.
 */
export async function cancelEnrollment(c: Context<AppEnv>, user: SessionUser, id: string) {
  const at = now();
  const row = await runBatch(c, CANCEL_SQL, [id, user.id, at]);
  if (!row) throw new ApiError("NOT_FOUND", "session.notFound");
  if (row.my_status === null) await loadSessionFor(c.get("db"), user, id);
  if (row.my_status === "enrolled")
    throw new ApiError("CONFLICT", "session.cancelClosed", { closes: shanghaiMinute(row.cancel_closes_at) });
  return enrollmentState(row);
}

/** Who holds a seat and who waits, in order (the lecturer and the organizers of the session's org). */
export async function listEnrollments(db: Db, user: SessionUser, id: string) {
  const { row } = await loadSessionToRun(db, user, id);
  const people = await db.all<{
    user_id: string;
    name: string;
    org_name: string | null;
    status: string;
    pos: number | null;
    created_at: number;
  }>(
    sql`select e.user_id, u.name, ${sql.raw(personOrgNameText("e.user_id"))} as org_name, e.status, e.waitlist_pos as pos, e.created_at
      from enrollments as e join users as u on u.id = e.user_id
      where e.session_id = ${row.id} order by e.status, e.waitlist_pos, e.updated_at, u.name`,
  );
  let position = 0;
  return {
    sessionId: row.id,
    capacity: row.capacity,
    enrolled: people
      .filter((p) => p.status === "enrolled")
      .map((p) => ({ userId: p.user_id, name: p.name, orgName: p.org_name, enrolledAt: p.created_at })),
    waitlisted: people
      .filter((p) => p.status === "waitlisted")
      .map((p) => ({ userId: p.user_id, name: p.name, orgName: p.org_name, position: ++position, enrolledAt: p.created_at })),
    cancelledCount: people.filter((p) => p.status === "cancelled").length,
  };
}

import type { z } from "@hono/zod-openapi";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { aliased } from "../../db/client";
import { attendances, enrollments, memberships, orgs, sessionFeedback, users } from "../../db/schema";
import type { AppEnv, MembershipGrant, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import { type Table, type TableFormat, tableDownload } from "../../lib/table-file";
import { now } from "../../lib/time";
import { shanghaiTime } from "../contests/results.service";
import { creditStatement, reverseStatement } from "../ledger/ledger.repo";
import { creditOrg, yearOf } from "../ledger/ledger.service";
import { ruleValue } from "../plans/points.repo";
import { personOrgNameText, type SessionRow } from "./session.repo";
import type { CorrectionBodySchema, FeedbackBodySchema } from "./session.schema";
import { loadSessionFor, loadSessionToRun } from "./session.service";

type AttendeeRow = {
  user_id: string;
  name: string;
  phone: string;
  org_name: string | null;
  method: "qr" | "code" | "organizer";
  checked_in_at: number;
  walk_in: number;
  reversed_at: number | null;
  reversal_reason: string | null;
  reason: string | null;
  enrolled: number;
};

type AbsentRow = { user_id: string; name: string; phone: string; org_name: string | null };

const orgName = sql.raw(personOrgNameText("u.id"));

function attendeeRows(db: Db, sessionId: string, userId?: string) {
  return db.all<AttendeeRow>(sql`select a.user_id, u.name, u.phone, ${orgName} as org_name, a.method, a.checked_in_at, a.walk_in,
      a.reversed_at, a.reversal_reason, a.reason, coalesce(e.status = 'enrolled', 0) as enrolled
    from attendances as a
    join users as u on u.id = a.user_id
    left join enrollments as e on e.session_id = a.session_id and e.user_id = a.user_id
    where a.session_id = ${sessionId} ${userId ? sql`and a.user_id = ${userId}` : sql``}
    order by a.checked_in_at, u.name`);
}

/** Holding a seat and not checked in at all (a reversed check-in is listed among the attendees, marked). */
function absentRows(db: Db, sessionId: string) {
  return db.all<AbsentRow>(sql`select e.user_id, u.name, u.phone, ${orgName} as org_name
    from enrollments as e join users as u on u.id = e.user_id
    where e.session_id = ${sessionId} and e.status = 'enrolled'
      and not exists (select 1 from attendances as a where a.session_id = e.session_id and a.user_id = e.user_id)
    order by u.name`);
}

function presentAttendee(r: AttendeeRow) {
  return {
    userId: r.user_id,
    name: r.name,
    orgName: r.org_name,
    method: r.method,
    checkedInAt: r.checked_in_at,
    walkIn: r.walk_in === 1,
    enrolled: r.enrolled === 1,
    reversed: r.reversed_at !== null,
    reversedAt: r.reversed_at,
    reversalReason: r.reversal_reason,
    reason: r.reason,
  };
}

/**
 * Who came and who did not, for the session's lecturer and the organizers of its org. The lecturer's
 * screen polls it during check-in; `serverTime` lets it show arrivals against the server's clock.
 */
export async function getSessionAttendance(db: Db, user: SessionUser, id: string) {
  const { row } = await loadSessionToRun(db, user, id);
  const [present, absent] = await Promise.all([attendeeRows(db, id), absentRows(db, id)]);
  const live = present.filter((p) => p.reversed_at === null);
  return {
    sessionId: id,
    serverTime: now(),
    counts: {
      enrolled: row.enrolled_count,
      waitlisted: row.waitlist_count,
      present: live.length,
      walkIns: live.filter((p) => p.walk_in === 1).length,
      reversed: present.length - live.length,
      absent: absent.length,
    },
    attendees: present.map(presentAttendee),
    absent: absent.map((a) => ({ userId: a.user_id, name: a.name, orgName: a.org_name })),
  };
}

/** A person's roles with their orgs, as the ledger needs them to pick the org a credit counts for. */
async function grantsOf(db: Db, userId: string): Promise<MembershipGrant[]> {
  return db
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
    .where(eq(memberships.userId, userId));
}

/**
 * An organizer of the session's org marks a person present (method `organizer`, or restoring a
 * reversed check-in) or reverses their attendance, with a reason. The attendance, its ledger credit
 * or reversal and the audit entry go in one batch. Asking for the state that already holds changes
 * nothing (`changed: false`).
 */
export async function correctAttendance(c: Context<AppEnv>, user: SessionUser, id: string, input: z.output<typeof CorrectionBodySchema>) {
  const db = c.get("db");
  const { row, access } = await loadSessionFor(db, user, id);
  if (!access.manage) throw new ApiError("FORBIDDEN", "session.notManager");
  if (row.status === "cancelled") throw new ApiError("CONFLICT", "session.cancelled");
  const [[person], grants, [existing], [enrollment]] = await Promise.all([
    db.select({ id: users.id }).from(users).where(eq(users.id, input.userId)),
    grantsOf(db, input.userId),
    db
      .select()
      .from(attendances)
      .where(and(eq(attendances.sessionId, id), eq(attendances.userId, input.userId))),
    db
      .select({ status: enrollments.status })
      .from(enrollments)
      .where(and(eq(enrollments.sessionId, id), eq(enrollments.userId, input.userId))),
  ]);
  // Someone with a place in the session, or a person in an org the organizer manages; anyone else
  // is not theirs to see, so not found.
  const known = enrollment !== undefined || existing !== undefined || grants.some((g) => canManageOrg(user, g.orgPath));
  if (!person || !known) throw new ApiError("NOT_FOUND", "session.personNotFound");
  const at = now();
  const where = and(eq(attendances.sessionId, id), eq(attendances.userId, input.userId));
  const live = sql`exists (select 1 from attendances where session_id = ${id} and user_id = ${input.userId} and reversed_at is null)`;
  const audit = (action: string, onlyIf: ReturnType<typeof sql>) =>
    auditStatement(
      db,
      c,
      {
        action,
        entityType: "attendance",
        entityId: `${id}:${input.userId}`,
        orgId: row.org_id,
        before: existing ? { method: existing.method, checkedInAt: existing.checkedInAt, reversedAt: existing.reversedAt } : null,
        after: { userId: input.userId, present: input.present, reason: input.reason },
      },
      onlyIf,
    );

  if (input.present) {
    if (existing && existing.reversedAt === null) return { attendee: await readAttendee(db, id, input.userId), changed: false };
    const org = creditOrg({ memberships: grants });
    const write = existing
      ? db
          .update(attendances)
          .set({ reversedAt: null, reversedBy: null, reversalReason: null, recordedBy: user.id, reason: input.reason })
          .where(and(where, sql`${attendances.reversedAt} is not null`))
      : db
          .insert(attendances)
          .values({
            sessionId: id,
            userId: input.userId,
            method: "organizer",
            checkedInAt: at,
            walkIn: enrollment?.status !== "enrolled",
            recordedBy: user.id,
            reason: input.reason,
          })
          .onConflictDoNothing();
    const credited = sql`exists (select 1 from attendances where session_id = ${id} and user_id = ${input.userId}
      and reversed_at is null and recorded_by = ${user.id} and reason = ${input.reason})`;
    await db.batch([
      write,
      ...(org ? [creditStatement(db, creditFor(row, input.userId, org.orgId, existing?.checkedInAt ?? at, user.id), at, live)] : []),
      audit(existing ? "attendance.restore" : "attendance.add", credited),
    ]);
  } else {
    if (!existing) throw new ApiError("CONFLICT", "session.notPresent");
    if (existing.reversedAt !== null) return { attendee: await readAttendee(db, id, input.userId), changed: false };
    await db.batch([
      db
        .update(attendances)
        .set({ reversedAt: at, reversedBy: user.id, reversalReason: input.reason })
        .where(and(where, isNull(attendances.reversedAt))),
      reverseStatement(db, { userId: input.userId, source: "attendance", sourceKey: id }, user.id, input.reason, at),
      audit(
        "attendance.reverse",
        sql`exists (select 1 from attendances where session_id = ${id} and user_id = ${input.userId} and reversed_at = ${at} and reversed_by = ${user.id})`,
      ),
    ]);
  }
  return { attendee: await readAttendee(db, id, input.userId), changed: true };
}

function creditFor(row: SessionRow, userId: string, orgId: string, occurredAt: number, by: string) {
  return {
    userId,
    orgId,
    source: "attendance" as const,
    sourceKey: row.id,
    hoursTenths: row.hours_tenths,
    points: ruleValue("attendance", orgId, occurredAt),
    title: row.title,
    occurredAt,
    createdBy: by,
    year: yearOf(row.starts_at),
  };
}

async function readAttendee(db: Db, sessionId: string, userId: string) {
  const [r] = await attendeeRows(db, sessionId, userId);
  if (!r) throw new ApiError("CONFLICT", "error.conflict");
  return presentAttendee(r);
}

// ---------------------------------------------------------------------------------------------
// Export

const methodLabels = { qr: "扫码签到", code: "签到码", organizer: "管理员补录" } as const;

/** 138****5678: the lecturer reads who came, not how to ring them; organizers get the whole number. */
function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

/** The attendance list as .xlsx (or .csv): attendees, then the enrolled who did not come. */
export async function exportAttendance(db: Db, user: SessionUser, id: string, format: TableFormat) {
  const { row, access } = await loadSessionToRun(db, user, id);
  const [present, absent] = await Promise.all([attendeeRows(db, id), absentRows(db, id)]);
  const phone = (p: string) => (access.manage ? p : maskPhone(p));
  const table: Table = {
    sheetName: "出勤",
    columns: [
      { header: "姓名", width: 12, kind: "text" },
      { header: "手机号", width: 16, kind: "text" },
      { header: "所在组织", width: 28, kind: "text" },
      { header: "报名情况", width: 10, kind: "text" },
      { header: "签到时间", width: 20, kind: "text" },
      { header: "签到方式", width: 12, kind: "text" },
      { header: "状态", width: 10, kind: "text" },
      { header: "备注", width: 30, kind: "text" },
    ],
    rows: [
      ...present.map((p) => [
        p.name,
        phone(p.phone),
        p.org_name,
        p.enrolled === 1 ? "已报名" : "现场签到",
        shanghaiTime(p.checked_in_at),
        methodLabels[p.method],
        p.reversed_at === null ? "出勤" : "已撤销",
        p.reversed_at === null ? p.reason : p.reversal_reason,
      ]),
      ...absent.map((a) => [a.name, phone(a.phone), a.org_name, "已报名", null, null, "缺勤", null]),
    ],
  };
  const day = shanghaiTime(row.starts_at).slice(0, 10);
  return tableDownload(table, format, "session-attendance", `${row.title}-${day}-出勤`);
}

// ---------------------------------------------------------------------------------------------
// Feedback

/** An attendee rates the session; a second rating replaces the first. */
export async function submitFeedback(db: Db, user: SessionUser, id: string, input: z.output<typeof FeedbackBodySchema>) {
  const { row } = await loadSessionFor(db, user, id);
  if (row.my_checked_in_at === null || row.my_reversed_at !== null) throw new ApiError("FORBIDDEN", "session.feedbackNotAttended");
  const at = now();
  const [saved] = await db
    .insert(sessionFeedback)
    .values({ sessionId: id, userId: user.id, rating: input.rating, comment: input.comment, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [sessionFeedback.sessionId, sessionFeedback.userId],
      set: { rating: input.rating, comment: input.comment, updatedAt: at },
    })
    .returning();
  if (!saved) throw new ApiError("CONFLICT", "error.conflict");
  return { sessionId: id, rating: saved.rating, comment: saved.comment, updatedAt: saved.updatedAt };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Count, mean, distribution and the comments (anonymous) of a session, for its lecturer and organizers. */
export async function getFeedbackSummary(db: Db, user: SessionUser, id: string) {
  await loadSessionToRun(db, user, id);
  const rows = await db
    .select({ rating: sessionFeedback.rating, comment: sessionFeedback.comment, at: sessionFeedback.updatedAt })
    .from(sessionFeedback)
    .where(eq(sessionFeedback.sessionId, id))
    .orderBy(sql`${sessionFeedback.updatedAt} desc`);
  const distribution = [0, 0, 0, 0, 0];
  for (const r of rows) distribution[r.rating - 1] = (distribution[r.rating - 1] ?? 0) + 1;
  const sum = rows.reduce((n, r) => n + r.rating, 0);
  return {
    sessionId: id,
    count: rows.length,
    average: rows.length === 0 ? null : round2(sum / rows.length),
    distribution,
    comments: rows.filter((r) => r.comment !== "").map((r) => ({ rating: r.rating, comment: r.comment, at: r.at })),
  };
}

/** The caller's averages as a lecturer, per module, over the sessions they gave. */
export async function getLecturerFeedback(db: Db, user: SessionUser) {
  const rows = await db.all<{ module_id: string; title: string; sessions: number; count: number; average: number | null }>(sql`
    select s.module_id, coalesce(v.title, '') as title, count(distinct s.id) as sessions, count(f.rating) as count, avg(f.rating) as average
    from course_sessions as s
    join modules as m on m.id = s.module_id
    left join module_versions as v on v.id = m.published_version_id
    left join session_feedback as f on f.session_id = s.id
    where s.lecturer_id = ${user.id} and s.status = 'scheduled'
    group by s.module_id
    order by max(s.starts_at) desc
    limit 200`);
  return {
    modules: rows.map((r) => ({
      moduleId: r.module_id,
      title: r.title,
      sessions: r.sessions,
      count: r.count,
      average: r.average === null ? null : round2(r.average),
    })),
  };
}

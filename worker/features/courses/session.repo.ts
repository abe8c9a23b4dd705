import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { SessionUser } from "../../env";
import { canManageOrg, managedPaths, outermostPaths } from "../../lib/scope";
import { MINUTE } from "../../lib/time";
import { forUser, mayAttendText, requiredOfText } from "./audience";

// Queries of course sessions. Who may attend a session is decided in SQL from the caller's grants
// (no extra query): a person belongs to an org's subtree exactly when that org's id is on the path
// of one of their memberships, so the set of ids on their paths is all the orgs whose subtree they
// are in. Audience and required orgs are then plain `in (…)` tests on indexed columns.

/** Check-in opens this long before a session starts and closes when it ends. */
export const CHECKIN_OPENS_BEFORE_MS = 30 * MINUTE;

export const checkinWindow = (s: { starts_at: number; ends_at: number }) => ({
  opensAt: s.starts_at - CHECKIN_OPENS_BEFORE_MS,
  closesAt: s.ends_at,
});

/** UTC milliseconds as Beijing time reads them to the minute, for messages: `2026-07-01 09:30`. */
export function shanghaiMinute(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** The caller may attend session `s` (see audience.ts). */
function eligibleSql(user: SessionUser): SQL<number> {
  return forUser(user, (ids) => mayAttendText("s", ids)) as SQL<number>;
}

/** One session as read for the caller, with the module's published version and the caller's own state. */
export type SessionRow = {
  id: string;
  module_id: string;
  org_id: string;
  lecturer_id: string;
  kind: "offline" | "online";
  status: "scheduled" | "cancelled";
  place: string | null;
  link: string | null;
  starts_at: number;
  ends_at: number;
  capacity: number | null;
  enrolled_count: number;
  enroll_opens_at: number;
  enroll_closes_at: number;
  cancel_closes_at: number;
  walk_ins: number;
  checkin_secret: string;
  created_at: number;
  owner_id: string;
  module_org_id: string;
  published_version_id: string | null;
  archived_at: number | null;
  title: string;
  summary: string;
  tags: string;
  hours_tenths: number;
  duration_min: number;
  org_name: string;
  org_path: string;
  lecturer_name: string;
  waitlist_count: number;
  required_orgs: string;
  required: number;
  eligible: number;
  my_status: "enrolled" | "waitlisted" | "cancelled" | null;
  my_place: number | null;
  my_checked_in_at: number | null;
  my_reversed_at: number | null;
  my_method: "qr" | "code" | "organizer" | null;
  my_walk_in: number | null;
  my_rating: number | null;
  my_comment: string | null;
};

/** `extra`: more columns (each ending in a comma), e.g. counts only one list needs. */
function sessionSelect(user: SessionUser, extra: SQL = sql``): SQL {
  return sql`select ${extra} s.id, s.module_id, s.org_id, s.lecturer_id, s.kind, s.status, s.place, s.link, s.starts_at, s.ends_at,
      s.capacity, s.enrolled_count, s.enroll_opens_at, s.enroll_closes_at, s.cancel_closes_at, s.walk_ins, s.checkin_secret, s.created_at,
      m.owner_id, m.org_id as module_org_id, m.published_version_id, m.archived_at,
      coalesce(v.title, (select lv.title from module_versions as lv where lv.module_id = m.id order by lv.version desc limit 1), '') as title,
      coalesce(v.summary, '') as summary, coalesce(v.tags, '[]') as tags,
      coalesce(v.hours_tenths, 0) as hours_tenths, coalesce(v.duration_min, 0) as duration_min,
      o.name as org_name, o.path as org_path, l.name as lecturer_name,
      (select count(*) from enrollments as w where w.session_id = s.id and w.status = 'waitlisted') as waitlist_count,
      (select json_group_array(json_object('id', rq.id, 'name', rq.name)) from session_required_orgs as r
        join orgs as rq on rq.id = r.org_id where r.session_id = s.id) as required_orgs,
      ${forUser(user, (ids) => requiredOfText("s.id", ids))} as required,
      ${eligibleSql(user)} as eligible,
      e.status as my_status,
      case when e.status = 'waitlisted' then (select count(*) from enrollments as w
        where w.session_id = s.id and w.status = 'waitlisted' and w.waitlist_pos <= e.waitlist_pos) end as my_place,
      a.checked_in_at as my_checked_in_at, a.reversed_at as my_reversed_at, a.method as my_method, a.walk_in as my_walk_in,
      f.rating as my_rating, f.comment as my_comment
    from course_sessions as s
    join modules as m on m.id = s.module_id
    left join module_versions as v on v.id = m.published_version_id
    join orgs as o on o.id = s.org_id
    join users as l on l.id = s.lecturer_id
    left join enrollments as e on e.session_id = s.id and e.user_id = ${user.id}
    left join attendances as a on a.session_id = s.id and a.user_id = ${user.id}
    left join session_feedback as f on f.session_id = s.id and f.user_id = ${user.id}`;
}

export async function readSession(db: Db, user: SessionUser, id: string): Promise<SessionRow | undefined> {
  return (await db.all<SessionRow>(sql`${sessionSelect(user)} where s.id = ${id}`))[0];
}

/**
 * What the caller may do with a session: see it, run it (lecturer), manage it (organizer of its org
 * or above), change or cancel it (an organizer, or the module's owner).
 */
export function accessOf(user: SessionUser, row: SessionRow) {
  const manage = canManageOrg(user, row.org_path);
  const lecturer = row.lecturer_id === user.id;
  const involved = row.my_status !== null || row.my_checked_in_at !== null;
  return {
    manage,
    lecturer,
    run: manage || lecturer,
    change: manage || row.owner_id === user.id,
    see: manage || lecturer || involved || row.eligible === 1,
  };
}

/**
 * Sessions open for check-in at `at` that the caller may check into with a typed code: they hold a
 * seat, or the session takes walk-ins and they may attend it, or they are already in.
 */
export async function checkinCandidates(db: Db, user: SessionUser, at: number, opensBefore: number) {
  return db.all<SessionRow>(sql`${sessionSelect(user)}
    where s.status = 'scheduled' and s.starts_at <= ${at + opensBefore} and s.ends_at >= ${at}
      and (e.status = 'enrolled' or a.checked_in_at is not null or (s.walk_ins = 1 and ${eligibleSql(user)}))
    order by s.starts_at limit 20`);
}

type ListFilter = { tag?: string | undefined; moduleId?: string | undefined; from?: number | undefined; to?: number | undefined };

function filters(filter: ListFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.tag) where.push(sql`exists (select 1 from json_each(coalesce(v.tags, '[]')) where value = ${filter.tag})`);
  if (filter.moduleId) where.push(sql`s.module_id = ${filter.moduleId}`);
  if (filter.from !== undefined) where.push(sql`s.starts_at >= ${filter.from}`);
  if (filter.to !== undefined) where.push(sql`s.starts_at < ${filter.to}`);
  return where;
}

/**
 * Sessions a member may attend that have not ended, soonest first: of published modules in their
 * audience (or required of their org), open for enrollment or not yet; plus any they hold a place in,
 * cancelled ones included (so they learn of the cancellation).
 */
export async function memberSessions(db: Db, user: SessionUser, filter: ListFilter, at: number) {
  const where = [
    sql`s.ends_at > ${at}`,
    sql`((s.status = 'scheduled' and m.published_version_id is not null and m.archived_at is null and ${eligibleSql(user)})
      or e.status in ('enrolled', 'waitlisted'))`,
    ...filters(filter),
  ];
  return db.all<SessionRow>(sql`${sessionSelect(user)} where ${sql.join(where, sql` and `)} order by s.starts_at, s.id limit 200`);
}

/** Sessions the caller runs (as lecturer) or manages (in an org they organize), past ones included, newest first, with how many attended (not reversed). */
export async function managedSessions(db: Db, user: SessionUser, filter: ListFilter) {
  const scopes: SQL[] = [sql`s.lecturer_id = ${user.id}`];
  if (user.isAdmin) scopes.push(sql`1`);
  for (const path of outermostPaths(managedPaths(user))) scopes.push(sql`(o.path >= ${path} and o.path < ${`${path.slice(0, -1)}0`})`);
  const where = [sql`(${sql.join(scopes, sql` or `)})`, ...filters(filter)];
  const attended = sql`(select count(*) from attendances as ac where ac.session_id = s.id and ac.reversed_at is null) as attended_count,`;
  return db.all<SessionRow & { attended_count: number }>(
    sql`${sessionSelect(user, attended)} where ${sql.join(where, sql` and `)} order by s.starts_at desc, s.id limit 200`,
  );
}

/** The name of the org a person is counted in: where they are a member (the deepest), else any of their orgs. */
export const personOrgNameText = (userIdColumn: string) =>
  `(select po.name from memberships as pm join orgs as po on po.id = pm.org_id where pm.user_id = ${userIdColumn}
    order by (pm.role = 'member') desc, length(po.path) desc limit 1)`;

// ---------------------------------------------------------------------------------------------
// Enrollment: fixed SQL prepared on the D1 binding, one batch per request.

/**
 * ?1 session, ?2 person, ?3 now, ?4 the person's enclosing org ids (JSON). The seat is taken by the
 * insert itself, guarded by `enrolled_count < capacity` in the same statement, and `recount` then
 * sets `enrolled_count` from the rows in the same batch (a transaction: D1 runs one batch at a time),
 * so the count the next batch's guard reads is exact whatever came before. When the session is
 * full the second insert queues the person at `waitlist_seq + 1`. Both inserts also require the
 * window to be open, the session scheduled, its module published and the person eligible, and do
 * nothing when the person already holds a place: enrolling twice changes nothing.
 */
const OPEN_FOR_ENROLLMENT = `s.id = ?1 and s.status = 'scheduled' and s.enroll_opens_at <= ?3 and ?3 <= s.enroll_closes_at
    and m.published_version_id is not null and m.archived_at is null and ${mayAttendText("s", "?4")}`;

const RECOUNT = `update course_sessions set
    enrolled_count = (select count(*) from enrollments where session_id = ?1 and status = 'enrolled'),
    waitlist_seq = max(waitlist_seq, coalesce((select max(waitlist_pos) from enrollments where session_id = ?1 and status = 'waitlisted'), 0))
  where id = ?1`;

const READ_BACK = `select s.id, s.status, s.capacity, s.enroll_opens_at, s.enroll_closes_at, s.cancel_closes_at, s.starts_at,
    m.published_version_id, m.archived_at,
    (select count(*) from enrollments where session_id = s.id and status = 'enrolled') as enrolled_count,
    e.status as my_status,
    case when e.status = 'waitlisted' then (select count(*) from enrollments as w
      where w.session_id = s.id and w.status = 'waitlisted' and w.waitlist_pos <= e.waitlist_pos) end as my_place
  from course_sessions as s
  join modules as m on m.id = s.module_id
  left join enrollments as e on e.session_id = s.id and e.user_id = ?2
  where s.id = ?1`;

export const ENROLL_SQL = {
  enroll: `insert into enrollments (session_id, user_id, status, waitlist_pos, created_at, updated_at)
    select s.id, ?2, 'enrolled', null, ?3, ?3 from course_sessions as s join modules as m on m.id = s.module_id
    where ${OPEN_FOR_ENROLLMENT}
      and (s.capacity is null or s.enrolled_count < s.capacity)
      and not exists (select 1 from enrollments as w where w.session_id = s.id and w.status = 'waitlisted')
    on conflict (session_id, user_id) do update set status = 'enrolled', waitlist_pos = null, updated_at = excluded.updated_at
      where enrollments.status = 'cancelled'`,
  waitlist: `insert into enrollments (session_id, user_id, status, waitlist_pos, created_at, updated_at)
    select s.id, ?2, 'waitlisted', s.waitlist_seq + 1, ?3, ?3 from course_sessions as s join modules as m on m.id = s.module_id
    where ${OPEN_FOR_ENROLLMENT}
      and s.capacity is not null
      and not exists (select 1 from enrollments as x where x.session_id = s.id and x.user_id = ?2 and x.status in ('enrolled', 'waitlisted'))
    on conflict (session_id, user_id) do update set status = 'waitlisted', waitlist_pos = excluded.waitlist_pos, updated_at = excluded.updated_at
      where enrollments.status = 'cancelled'`,
  recount: RECOUNT,
  readBack: `${READ_BACK.replace("as my_place", `as my_place, ${mayAttendText("s", "?4")} as eligible`)}`,
};

/** ?1 session, ?3 now: moves the head of the queue into the free seats, in order. */
export const PROMOTE_SQL = `update enrollments set status = 'enrolled', waitlist_pos = null, updated_at = ?3
    where session_id = ?1 and status = 'waitlisted' and user_id in (
      select w.user_id from enrollments as w where w.session_id = ?1 and w.status = 'waitlisted' order by w.waitlist_pos
      limit coalesce((select case when s.capacity is null then -1
          else max(0, s.capacity - (select count(*) from enrollments as x where x.session_id = ?1 and x.status = 'enrolled')) end
        from course_sessions as s where s.id = ?1 and s.status = 'scheduled'), 0))`;

/**
 * ?1 session, ?2 person, ?3 now. A seat is given up until the cut-off (a place in the queue at any
 * time); in the same batch the first in the queue take the seats now free, in queue order, and the
 * count is set from the rows.
 */
export const CANCEL_SQL = {
  cancel: `update enrollments set status = 'cancelled', waitlist_pos = null, updated_at = ?3
    where session_id = ?1 and user_id = ?2
      and (status = 'waitlisted' or (status = 'enrolled' and ?3 <= (select cancel_closes_at from course_sessions where id = ?1)))`,
  promote: PROMOTE_SQL,
  recount: RECOUNT,
  readBack: READ_BACK,
};

export const RECOUNT_SQL = RECOUNT;

export type EnrollmentReadBack = {
  id: string;
  status: "scheduled" | "cancelled";
  capacity: number | null;
  enroll_opens_at: number;
  enroll_closes_at: number;
  cancel_closes_at: number;
  starts_at: number;
  published_version_id: string | null;
  archived_at: number | null;
  enrolled_count: number;
  my_status: "enrolled" | "waitlisted" | "cancelled" | null;
  my_place: number | null;
  eligible?: number;
};

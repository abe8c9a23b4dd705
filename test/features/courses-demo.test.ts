import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { shippedBankId } from "../../scripts/bank-sql";
import { DEMO_MEMBER, DEMO_SESSION_NOW, demoCheckinSecret, demoCourseStatements } from "../../scripts/seed-courses";
import { DEMO_PASSWORD, demoSql } from "../../scripts/seed-demo";
import { checkinCodeAt } from "../../worker/features/courses/checkin.service";
import { yearOf } from "../../worker/features/ledger/ledger.service";
import { call, expectStatus } from "../helpers/http";

// The course demo of `npm start` (scripts/seed-courses.ts), loaded as seedDemo loads it: after the
// demo org tree and people, into the real migrations. The shipped banks are read from files by
// wrangler, which a test cannot do; the quiz module only needs its bank's row to exist.

const TABLES = [
  "modules",
  "module_versions",
  "module_audience",
  "course_sessions",
  "session_required_orgs",
  "enrollments",
  "attendances",
  "session_feedback",
  "module_completions",
  "ledger_entries",
] as const;

async function tables() {
  const results = await env.DB.batch(TABLES.map((t) => env.DB.prepare(`select * from ${t} order by rowid`)));
  return Object.fromEntries(TABLES.map((t, i) => [t, results[i]?.results ?? []]));
}

async function all<T>(sql: string, ...binds: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;
}

async function loadCourses(at: number) {
  await env.DB.batch(demoCourseStatements(at).map((s) => env.DB.prepare(s)));
}

async function login(phone: string): Promise<string> {
  return (await expectStatus<{ token: string }>(call("/api/auth/login", { body: { login: phone, password: DEMO_PASSWORD } }), 200)).token;
}

describe("the course demo (npm start)", () => {
  it("loads modules, sessions around now, attendance and completions with their ledger entries; a second start changes nothing", async () => {
    const at = Date.now();
    // D1's exec runs one statement per line: the demo people are one line each.
    await env.DB.exec((await demoSql(at)).trim());
    await env.DB.prepare(
      "insert into banks (id, org_id, name, description, visibility, source_key, created_by, created_at, updated_at) values (?, 'democityworkcommittee01', '党章与党的基本知识', '', 'public', 'shipped:party-basics', null, ?, ?)",
    )
      .bind(shippedBankId("party-basics"), at, at)
      .run();

    await loadCourses(at);
    const first = await tables();
    // The next start, hours later: every row is already there.
    await loadCourses(at + 3 * 3_600_000);
    expect(await tables()).toEqual(first);

    // Modules: seven published, one waiting for review, one draft; each kind of the issue is there.
    const modules = await all<{ status: string; tags: string; self_paced: number; quiz_bank_id: string | null }>(
      "select v.status, v.tags, v.self_paced, v.quiz_bank_id from modules m join module_versions v on v.module_id = m.id",
    );
    expect(modules.map((m) => m.status).sort()).toEqual([...Array(7).fill("published"), "draft", "submitted"].sort());
    const tags = new Set(modules.flatMap((m) => JSON.parse(m.tags) as string[]));
    for (const tag of ["党课", "车间党课", "微宣讲", "夜校", "技能", "兴趣", "理论学习"]) expect(tags).toContain(tag);
    expect(modules.filter((m) => m.self_paced === 1).map((m) => m.quiz_bank_id)).toEqual(
      expect.arrayContaining([shippedBankId("party-basics"), null]),
    );

    // Sessions: the counts kept on the session match the rows; waitlists run 1…n without gaps.
    const sessions = await all<{
      id: string;
      starts_at: number;
      ends_at: number;
      capacity: number | null;
      enrolled_count: number;
      waitlist_seq: number;
      enrolled: number;
      positions: string | null;
      lecturer_id: string;
    }>(`select s.id, s.starts_at, s.ends_at, s.capacity, s.enrolled_count, s.waitlist_seq, s.lecturer_id,
        (select count(*) from enrollments e where e.session_id = s.id and e.status = 'enrolled') as enrolled,
        (select group_concat(waitlist_pos) from (select waitlist_pos from enrollments e where e.session_id = s.id and e.status = 'waitlisted' order by waitlist_pos)) as positions
      from course_sessions s order by s.starts_at`);
    expect(sessions).toHaveLength(9);
    for (const s of sessions) {
      expect(s.enrolled_count, s.id).toBe(s.enrolled);
      if (s.capacity !== null) expect(s.enrolled, s.id).toBeLessThanOrEqual(s.capacity);
      const queue = s.positions ? s.positions.split(",").map(Number) : [];
      expect(queue, s.id).toEqual(queue.map((_, i) => i + 1));
      expect(s.waitlist_seq, s.id).toBe(queue.length);
    }
    const future = sessions.filter((s) => s.starts_at > at);
    expect(future.length).toBeGreaterThanOrEqual(4);
    expect(future.some((s) => s.capacity !== null && s.enrolled > 0 && s.enrolled < s.capacity)).toBe(true);
    expect(future.some((s) => s.positions !== null && s.enrolled === s.capacity)).toBe(true);
    expect(sessions.filter((s) => s.ends_at < at).length).toBeGreaterThanOrEqual(4);

    // The session happening now: started 10 minutes ago, ends in 80, given by the demo lecturer, some already in.
    const current = sessions.find((s) => s.id === DEMO_SESSION_NOW);
    expect(current).toMatchObject({ starts_at: at - 10 * 60_000, ends_at: at + 80 * 60_000, lecturer_id: "demouser13800000002" });
    expect(sessions.filter((s) => s.starts_at <= at && at < s.ends_at).map((s) => s.id)).toEqual([DEMO_SESSION_NOW]);
    const present = await all<{ user_id: string }>("select user_id from attendances where session_id = ?", DEMO_SESSION_NOW);
    expect(present.length).toBeGreaterThan(0);
    expect(present.map((p) => p.user_id)).not.toContain(DEMO_MEMBER);

    // Every attendance credited once (the version's hours, the attendance points, the session's year); a reversal reversed its credit.
    const attendanceCredits = await all<{ live: number; credits: number; ok: number }>(
      `select (a.reversed_at is null) as live,
        (select count(*) from ledger_entries l where l.user_id = a.user_id and l.source = 'attendance' and l.source_key = a.session_id) as credits,
        exists (select 1 from ledger_entries l join course_sessions s on s.id = a.session_id join modules m on m.id = s.module_id
          join module_versions v on v.id = m.published_version_id
          where l.user_id = a.user_id and l.source = 'attendance' and l.source_key = a.session_id and l.hours_tenths = v.hours_tenths
            and l.points = 2 and (l.reversed_at is null) = (a.reversed_at is null)) as ok
      from attendances a`,
    );
    expect(attendanceCredits.length).toBeGreaterThan(40);
    expect(attendanceCredits.every((c) => c.credits === 1 && c.ok === 1)).toBe(true);
    expect(attendanceCredits.filter((c) => c.live === 0)).toHaveLength(1);
    const years = await all<{ id: string; year: number; starts_at: number }>(
      "select s.id, l.year, s.starts_at from ledger_entries l join course_sessions s on s.id = l.source_key where l.source = 'attendance'",
    );
    for (const y of years) expect(y.year, y.id).toBe(yearOf(y.starts_at));
    const completionCredits = await all<{ credits: number; hours_ok: number }>(
      `select (select count(*) from ledger_entries l where l.user_id = c.user_id and l.source = 'completion' and l.source_key = c.module_id and l.points = 1) as credits,
        (select l.hours_tenths = v.hours_tenths from ledger_entries l join module_versions v on v.id = c.version_id
          where l.user_id = c.user_id and l.source = 'completion' and l.source_key = c.module_id) as hours_ok
      from module_completions c`,
    );
    expect(completionCredits.length).toBeGreaterThan(10);
    expect(completionCredits.every((c) => c.credits === 1 && c.hours_ok === 1)).toBe(true);
    const feedback = await all<{ n: number }>(
      "select count(*) as n from session_feedback f where not exists (select 1 from attendances a where a.session_id = f.session_id and a.user_id = f.user_id and a.reversed_at is null)",
    );
    expect(feedback[0]?.n).toBe(0);
  });

  it("shows through the app: the lecturer's check-in code now, the member's places and hours, and the member checks in", async () => {
    const at = Date.now();
    await env.DB.exec((await demoSql(at)).trim());
    await env.DB.prepare(
      "insert or ignore into banks (id, org_id, name, description, visibility, source_key, created_by, created_at, updated_at) values (?, 'democityworkcommittee01', '党章与党的基本知识', '', 'public', 'shipped:party-basics', null, ?, ?)",
    )
      .bind(shippedBankId("party-basics"), at, at)
      .run();
    await loadCourses(at);

    const lecturer = await login("13800000002");
    const code = await expectStatus<{ code: string; serverTime: number }>(
      call(`/api/sessions/${DEMO_SESSION_NOW}/check-in-code`, { token: lecturer }),
      200,
    );
    expect(code.code).toBe(await checkinCodeAt(demoCheckinSecret(DEMO_SESSION_NOW), DEMO_SESSION_NOW, code.serverTime));
    const attendance = await expectStatus<{ counts: { enrolled: number; present: number } }>(
      call(`/api/sessions/${DEMO_SESSION_NOW}/attendance`, { token: lecturer }),
      200,
    );
    expect(attendance.counts).toMatchObject({ enrolled: 12, present: 7 });

    const organizer = await login("13800000001");
    const review = await expectStatus<{ modules: { title: string }[] }>(call("/api/modules?status=submitted", { token: organizer }), 200);
    expect(review.modules).toHaveLength(1);

    const member = await login("13800000100");
    const catalog = await expectStatus<{ modules: unknown[] }>(call("/api/catalog/modules", { token: member }), 200);
    expect(catalog.modules).toHaveLength(7);
    const { sessions } = await expectStatus<{
      sessions: { id: string; phase: string; my: { enrollment: { status: string; waitlistPosition: number | null } } }[];
    }>(call("/api/sessions", { token: member }), 200);
    const mine = Object.fromEntries(sessions.map((s) => [s.id, s]));
    expect(mine[DEMO_SESSION_NOW]).toMatchObject({ phase: "checkin", my: { enrollment: { status: "enrolled" } } });
    expect(mine.demosesscoffeeclass001?.my.enrollment).toEqual({ status: "waitlisted", waitlistPosition: 2, seatsLeft: 0 });
    expect(sessions.filter((s) => s.my.enrollment.status === "enrolled").length).toBeGreaterThanOrEqual(3);
    const before = await expectStatus<{ year: number; hoursTenths: number }>(call("/api/me/study", { token: member }), 200);
    expect(before.year).toBe(yearOf(Date.now()));
    expect(before.hoursTenths).toBeGreaterThan(0);

    // The QR on the lecturer's screen works for the member.
    const now = await expectStatus<{ code: string }>(call(`/api/sessions/${DEMO_SESSION_NOW}/check-in-code`, { token: lecturer }), 200);
    const checkedIn = await expectStatus<{ created: boolean; hoursTenths: number }>(
      call("/api/check-ins", { token: member, body: { sessionId: DEMO_SESSION_NOW, code: now.code } }),
      200,
    );
    expect(checkedIn).toMatchObject({ created: true, hoursTenths: 10 });
    const after = await expectStatus<{ hoursTenths: number; points: number }>(call("/api/me/study", { token: member }), 200);
    expect(after.hoursTenths).toBe(before.hoursTenths + 10);
  });
});

import { env } from "cloudflare:test";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { CODE_STEP_MS, checkinCodeAt, judgeCode, signTicket } from "../../worker/features/courses/checkin.service";
import { yearOf } from "../../worker/features/ledger/ledger.service";
import { createUser, loginAs } from "../helpers/factories";
import { call, callAtOnce, errorEnvelope, expectStatus } from "../helpers/http";
import {
  type AttendanceBody,
  codeAt,
  courseWorld,
  createSession,
  enroll,
  expectSessionsUnchanged,
  getSession,
  HOUR,
  ledgerOf,
  liveHours,
  MINUTE,
  memberOf,
  secretOf,
  sessionState,
  setSession,
  startedAgo,
} from "../helpers/sessions";

type CheckInBody = {
  sessionId: string;
  title: string;
  checkedInAt: number;
  method: string;
  walkIn: boolean;
  created: boolean;
  hoursTenths: number;
};

const checkIn = (token: string | undefined, body: unknown) => call("/api/check-ins", { token, body });

/** Waits out the last second of a 30 s step, so a code computed now is still the current one when the request lands. */
async function awayFromRotation() {
  const into = Date.now() % CODE_STEP_MS;
  if (into > CODE_STEP_MS - 1500) await new Promise((resume) => setTimeout(resume, CODE_STEP_MS - into + 50));
}

/** A course world with one session that started 10 minutes ago (walk-ins as given), the member enrolled. */
async function runningSession(options: { walkIns?: boolean; capacity?: number } = {}) {
  const w = await courseWorld();
  const session = await createSession(w.tokens.lecturer, w.mod.moduleId, {
    walkIns: options.walkIns ?? false,
    capacity: options.capacity ?? 30,
  });
  await expectStatus(enroll(w.tokens.member, session.id), 200);
  await startedAgo(session.id, 10);
  return { ...w, session };
}

async function currentCode(sessionId: string) {
  await awayFromRotation();
  return codeAt(sessionId);
}

describe("the rotating code", () => {
  it("is six digits that change every 30 s; the previous one is taken for 10 s, older ones are expired, others wrong", async () => {
    const secret = "test-secret";
    const t = 1_780_000_000_000 - (1_780_000_000_000 % CODE_STEP_MS);
    const now = await checkinCodeAt(secret, "s1", t + 5_000);
    const previous = await checkinCodeAt(secret, "s1", t - 1);
    expect(now).toMatch(/^\d{6}$/);
    expect(await checkinCodeAt(secret, "s1", t + 29_999)).toBe(now);
    expect(previous).not.toBe(now);
    expect(await checkinCodeAt(secret, "s2", t + 5_000)).not.toBe(now);
    expect(await judgeCode(secret, "s1", now, t + 5_000)).toBe("valid");
    expect(await judgeCode(secret, "s1", previous, t + 9_999)).toBe("valid");
    expect(await judgeCode(secret, "s1", previous, t + 10_000)).toBe("expired");
    expect(await judgeCode(secret, "s1", await checkinCodeAt(secret, "s1", t - 5 * MINUTE), t + 1_000)).toBe("expired");
    expect(await judgeCode(secret, "s1", await checkinCodeAt(secret, "s2", t), t + 1_000)).toBe("wrong");
  });

  it("the lecturer and organizers read the current code; members cannot, outsiders do not see the session", async () => {
    const { session, tokens } = await runningSession();
    for (const token of [tokens.lecturer, tokens.organizer]) {
      await awayFromRotation();
      const body = await expectStatus<{ code: string; url: string; validUntil: number; serverTime: number }>(
        call(`/api/sessions/${session.id}/check-in-code`, { token }),
        200,
      );
      expect(body).toEqual({
        code: await codeAt(session.id, body.serverTime),
        url: `https://lianxue.test/check-in?s=${session.id}&c=${body.code}`,
        validUntil: Math.floor(body.serverTime / CODE_STEP_MS) * CODE_STEP_MS + CODE_STEP_MS,
        rotatesEverySec: 30,
        serverTime: expect.any(Number),
        checkinOpensAt: expect.any(Number),
        checkinClosesAt: expect.any(Number),
      });
    }
    expect(await expectStatus(call(`/api/sessions/${session.id}/check-in-code`, { token: tokens.member }), 403)).toEqual(
      errorEnvelope("FORBIDDEN", "只有本课次的讲师和所属组织的组织管理员可以查看"),
    );
    await expectStatus(call(`/api/sessions/${session.id}/check-in-code`, { token: tokens.outsider }), 404);
    await expectStatus(call(`/api/sessions/${session.id}/check-in-code`), 401);
    await expectStatus(call(`/api/sessions/${session.id}/cancel`, { token: tokens.organizer, body: {} }), 200);
    expect(await expectStatus(call(`/api/sessions/${session.id}/check-in-code`, { token: tokens.lecturer }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该课次已取消"),
    );
  });
});

describe("checking in", () => {
  it("an enrolled member checks in with the scanned code; hours are credited once; twice is harmless", async () => {
    const { world, session, tokens } = await runningSession();
    const first = await expectStatus<CheckInBody>(
      checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }),
      200,
    );
    expect(first).toEqual({
      sessionId: session.id,
      title: session.title,
      checkedInAt: expect.any(Number),
      method: "qr",
      walkIn: false,
      created: true,
      hoursTenths: 15,
    });
    const before = await sessionState();
    const again = await expectStatus<CheckInBody>(
      checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }),
      200,
    );
    expect(again).toEqual({ ...first, created: false });
    // A stale code after checking in answers the same: retrying is safe.
    const stale = await checkinCodeAt(await secretOf(session.id), session.id, Date.now() - 5 * MINUTE);
    expect(await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: stale }), 200)).toEqual({ ...first, created: false });
    await expectSessionsUnchanged(before);
    const startsAt = (await getSession(tokens.member, session.id)).startsAt;
    expect(await ledgerOf(world.member.id, session.id)).toEqual([
      { hours_tenths: 15, points: 2, year: yearOf(startsAt), org_id: world.branchA.id, reversed_at: null, title: session.title },
    ]);
    expect((await getSession(tokens.member, session.id)).my).toMatchObject({ attended: true, checkedInAt: first.checkedInAt });
  });

  it("two check-ins of one person at the same instant make one attendance and one credit", async () => {
    const { world, session, tokens } = await runningSession();
    const code = await currentCode(session.id);
    const responses = await callAtOnce([
      ["/api/check-ins", { token: tokens.member, body: { sessionId: session.id, code } }],
      ["/api/check-ins", { token: tokens.member, body: { code } }],
      ["/api/check-ins", { token: tokens.member, body: { sessionId: session.id, code } }],
    ]);
    for (const res of responses) await expectStatus(res, 200);
    expect(await env.DB.prepare("select count(*) as n from attendances where session_id = ?").bind(session.id).first("n")).toBe(1);
    expect(await ledgerOf(world.member.id, session.id)).toHaveLength(1);
  });

  it("a typed code alone finds the session among those open to the member", async () => {
    const { session, tokens, world } = await runningSession();
    const wrong = (await currentCode(session.id)) === "000000" ? "000001" : "000000";
    const before = await sessionState();
    expect(await expectStatus(checkIn(tokens.member, { code: wrong }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "签到码不正确，请确认是本课次屏幕上显示的签到码"),
    );
    const other = await memberOf(world.branchB);
    expect(await expectStatus(checkIn(other.token, { code: await currentCode(session.id) }), 404)).toEqual(
      errorEnvelope("NOT_FOUND", "现在没有您可以签到的课次：请确认已报名，且在开课前 30 分钟至下课之间签到"),
    );
    await expectSessionsUnchanged(before);
    expect(await expectStatus<CheckInBody>(checkIn(tokens.member, { code: await currentCode(session.id) }), 200)).toMatchObject({
      sessionId: session.id,
      method: "code",
      created: true,
    });
  });

  it("refuses an expired code, another session's code, and check-ins outside the window, with clear errors and no change", async () => {
    const { session, tokens, mod } = await runningSession();
    const other = await createSession(tokens.lecturer, mod.moduleId);
    await startedAgo(other.id, 5);
    const secret = await secretOf(session.id);
    const before = await sessionState();
    const expired = await checkinCodeAt(secret, session.id, Date.now() - 2 * MINUTE);
    expect(await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: expired }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "签到码已过期，请扫描屏幕上最新的二维码或输入最新的签到码"),
    );
    expect(await expectStatus(checkIn(tokens.member, { code: expired }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "签到码已过期，请扫描屏幕上最新的二维码或输入最新的签到码"),
    );
    expect(await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(other.id) }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "签到码不正确，请确认是本课次屏幕上显示的签到码"),
    );
    await expectSessionsUnchanged(before);

    // Before check-in opens (an hour before the start) and after the end.
    await setSession(session.id, { starts_at: Date.now() + HOUR, ends_at: Date.now() + 2 * HOUR });
    const early = await sessionState();
    expect(await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }), 409)).toEqual(
      errorEnvelope("CONFLICT", expect.stringMatching(/^本课次签到时间为 \d{4}-\d\d-\d\d \d\d:\d\d 至 .+，现在不能签到$/)),
    );
    await expectSessionsUnchanged(early);
    await setSession(session.id, { starts_at: Date.now() - 3 * HOUR, ends_at: Date.now() - HOUR });
    const late = await sessionState();
    await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }), 409);
    expect(await expectStatus(checkIn(tokens.member, { code: await currentCode(session.id) }), 404)).toEqual(
      errorEnvelope("NOT_FOUND", expect.stringContaining("现在没有您可以签到的课次")),
    );
    await expectSessionsUnchanged(late);
    // 20 minutes before the start is inside the window.
    await setSession(session.id, { starts_at: Date.now() + 20 * MINUTE, ends_at: Date.now() + 2 * HOUR });
    await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }), 200);
  });

  it("nobody checks in someone else: there is no field for it; bad bodies are 400 and change nothing", async () => {
    const { session, tokens, world } = await runningSession();
    const code = await currentCode(session.id);
    const before = await sessionState();
    for (const body of [
      { sessionId: session.id, code, userId: world.member.id },
      { code, userId: world.member.id },
      { ticket: "x", userId: world.member.id },
      { sessionId: session.id, code: "12345" },
      { sessionId: session.id, code: "abcdef" },
      { sessionId: "bad id", code },
      {},
    ]) {
      expect(await expectStatus(checkIn(tokens.organizer, body), 400), JSON.stringify(body)).toEqual(
        errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
      );
    }
    await expectStatus(checkIn(undefined, { sessionId: session.id, code }), 401);
    await expectStatus(checkIn(tokens.member, { sessionId: "zzzzzzzzzzzzzzzzzzzz", code }), 404);
    await expectSessionsUnchanged(before);
  });

  it("walk-ins: allowed when the session takes them (marked walk-in), refused otherwise and for those outside the audience", async () => {
    const open = await runningSession({ walkIns: true });
    const walker = await memberOf(open.world.branchB);
    const before = await sessionState();
    expect(
      await expectStatus(checkIn(open.tokens.outsider, { sessionId: open.session.id, code: await currentCode(open.session.id) }), 403),
    ).toEqual(errorEnvelope("FORBIDDEN", "您不在本课次的学习范围内，不能签到"));
    await expectSessionsUnchanged(before);
    expect(await expectStatus<CheckInBody>(checkIn(walker.token, { code: await currentCode(open.session.id) }), 200)).toMatchObject({
      walkIn: true,
      method: "code",
      created: true,
    });
    expect(await liveHours(walker.user.id, open.session.id)).toBe(15);

    const closed = await runningSession({ walkIns: false, capacity: 1 });
    const waiting = await memberOf(closed.world.branchA);
    const stranger = await memberOf(closed.world.branchB);
    await expectStatus(enroll(waiting.token, closed.session.id), 409); // enrollment closed at the start
    await env.DB.prepare(
      "insert into enrollments (session_id, user_id, status, waitlist_pos, created_at, updated_at) values (?, ?, 'waitlisted', 1, 1, 1)",
    )
      .bind(closed.session.id, waiting.user.id)
      .run();
    const before2 = await sessionState();
    expect(
      await expectStatus(checkIn(stranger.token, { sessionId: closed.session.id, code: await currentCode(closed.session.id) }), 403),
    ).toEqual(errorEnvelope("FORBIDDEN", "您没有报名本课次，本课次不接受未报名人员签到"));
    expect(
      await expectStatus(checkIn(waiting.token, { sessionId: closed.session.id, code: await currentCode(closed.session.id) }), 403),
    ).toEqual(errorEnvelope("FORBIDDEN", "您在候补名单中，尚未获得名额，本课次不接受未报名人员签到"));
    await expectStatus(checkIn(stranger.token, { code: await currentCode(closed.session.id) }), 404);
    await expectSessionsUnchanged(before2);
  });
});

describe("the scan-ticket flow (phone not logged in)", () => {
  it("a scan returns a ticket without login; after login the ticket checks in at the scan time even though the code has rotated", async () => {
    const { session, tokens, world } = await runningSession();
    const scan = await expectStatus<{ ticket: string; expiresAt: number; sessionId: string; title: string }>(
      call("/api/check-ins/scan", { body: { sessionId: session.id, code: await currentCode(session.id) } }),
      200,
    );
    expect(scan).toMatchObject({ sessionId: session.id, title: session.title, expiresAt: expect.any(Number), ticket: expect.any(String) });
    expect(await env.DB.prepare("select count(*) as n from attendances where session_id = ?").bind(session.id).first("n")).toBe(0);
    const done = await expectStatus<CheckInBody>(checkIn(tokens.member, { ticket: scan.ticket }), 200);
    expect(done).toMatchObject({ sessionId: session.id, method: "qr", created: true });

    // A scan four minutes ago (the code has rotated eight times since): its ticket still counts, at the scan's time.
    const other = await memberOf(world.branchA);
    await setSession(session.id, { enroll_closes_at: Date.now() + HOUR });
    await expectStatus(enroll(other.token, session.id), 200);
    const scannedAt = Date.now() - 4 * MINUTE;
    const ticket = await signTicket(await secretOf(session.id), session.id, scannedAt);
    expect(await expectStatus<CheckInBody>(checkIn(other.token, { ticket }), 200)).toMatchObject({ checkedInAt: scannedAt, created: true });
    expect(await liveHours(other.user.id, session.id)).toBe(15);
  });

  it("refuses forged, foreign, expired tickets and bad scans, changing nothing", async () => {
    const { session, tokens, mod } = await runningSession();
    const other = await createSession(tokens.lecturer, mod.moduleId);
    const secret = await secretOf(session.id);
    const good = await signTicket(secret, session.id, Date.now() - MINUTE);
    const [id, at, sig] = good.split(".");
    const before = await sessionState();
    const invalid = errorEnvelope("UNPROCESSABLE", "签到凭证无效，请重新扫描屏幕上的二维码");
    for (const ticket of [
      `${id}.${at}.${sig?.slice(0, -2)}AA`,
      `${id}.${(Number.parseInt(at as string, 36) + 1000).toString(36)}.${sig}`,
      `${other.id}.${at}.${sig}`,
      await signTicket("another secret", session.id, Date.now()),
      "nonsense",
    ]) {
      expect(await expectStatus(checkIn(tokens.member, { ticket }), 422), ticket).toEqual(invalid);
    }
    expect(
      await expectStatus(checkIn(tokens.member, { ticket: await signTicket(secret, session.id, Date.now() - 16 * MINUTE) }), 422),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "扫码已超过 15 分钟，请重新扫描屏幕上的二维码"));
    // A ticket from a scan made before check-in opened.
    await expectStatus(
      checkIn(tokens.member, { ticket: await signTicket(secret, session.id, Date.now() - 14 * MINUTE - 30 * MINUTE) }),
      422,
    );
    const stale = await checkinCodeAt(secret, session.id, Date.now() - 2 * MINUTE);
    expect(await expectStatus(call("/api/check-ins/scan", { body: { sessionId: session.id, code: stale } }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "签到码已过期，请扫描屏幕上最新的二维码或输入最新的签到码"),
    );
    await expectStatus(call("/api/check-ins/scan", { body: { sessionId: other.id, code: await currentCode(other.id) } }), 409);
    await expectStatus(call("/api/check-ins/scan", { body: { sessionId: "zzzzzzzzzzzzzzzzzzzz", code: "123456" } }), 404);
    await expectStatus(call("/api/check-ins/scan", { body: { sessionId: session.id, code: "12" } }), 400);
    await expectSessionsUnchanged(before);
  });
});

describe("attendance, corrections and the ledger", () => {
  it("the lecturer and organizers read attendees and the absent; members cannot; outsiders do not see it", async () => {
    const { session, tokens, world } = await runningSession({ walkIns: true });
    const absentee = await memberOf(world.branchA);
    await setSession(session.id, { enroll_closes_at: Date.now() + HOUR });
    await expectStatus(enroll(absentee.token, session.id), 200);
    const walker = await memberOf(world.branchB);
    await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }), 200);
    await expectStatus(checkIn(walker.token, { sessionId: session.id, code: await currentCode(session.id) }), 200);
    for (const token of [tokens.lecturer, tokens.organizer]) {
      const body = await expectStatus<AttendanceBody>(call(`/api/sessions/${session.id}/attendance`, { token }), 200);
      expect(body).toEqual({
        sessionId: session.id,
        serverTime: expect.any(Number),
        counts: { enrolled: 2, waitlisted: 0, present: 2, walkIns: 1, reversed: 0, absent: 1 },
        attendees: [
          expect.objectContaining({
            userId: world.member.id,
            name: world.member.name,
            orgName: world.branchA.name,
            method: "qr",
            walkIn: false,
            enrolled: true,
            reversed: false,
          }),
          expect.objectContaining({ userId: walker.user.id, orgName: world.branchB.name, walkIn: true, enrolled: false, reversed: false }),
        ],
        absent: [{ userId: absentee.user.id, name: absentee.user.name, orgName: world.branchA.name }],
      });
    }
    expect(await expectStatus(call(`/api/sessions/${session.id}/attendance`, { token: tokens.member }), 403)).toEqual(
      errorEnvelope("FORBIDDEN", "只有本课次的讲师和所属组织的组织管理员可以查看"),
    );
    await expectStatus(call(`/api/sessions/${session.id}/attendance`, { token: tokens.outsider }), 404);
    await expectStatus(call(`/api/sessions/${session.id}/attendance`), 401);
  });

  it("an organizer reverses an attendance (hours removed), restores it (credited again), and adds an absent member; all audited", async () => {
    const { session, tokens, world } = await runningSession();
    const absentee = await memberOf(world.branchA);
    await setSession(session.id, { enroll_closes_at: Date.now() + HOUR });
    await expectStatus(enroll(absentee.token, session.id), 200);
    await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }), 200);
    expect(await liveHours(world.member.id, session.id)).toBe(15);
    const correct = (token: string, body: unknown) => call(`/api/sessions/${session.id}/attendance`, { token, body });

    const reversed = await expectStatus<{ attendee: { reversed: boolean; reversalReason: string }; changed: boolean }>(
      correct(tokens.organizer, { userId: world.member.id, present: false, reason: "签到后提前离场" }),
      200,
    );
    expect(reversed).toMatchObject({ changed: true, attendee: { reversed: true, reversalReason: "签到后提前离场" } });
    expect(await liveHours(world.member.id, session.id)).toBe(0);
    // Twice is harmless.
    expect(await expectStatus(correct(tokens.organizer, { userId: world.member.id, present: false, reason: "再次" }), 200)).toMatchObject({
      changed: false,
    });
    // The member can no longer check in by code, and sees no attendance.
    expect(await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }), 409)).toEqual(
      errorEnvelope("CONFLICT", "您在本课次的签到已被组织管理员撤销，如有疑问请联系组织管理员"),
    );
    expect((await getSession(tokens.member, session.id)).my.attended).toBe(false);

    await expectStatus(correct(tokens.organizer, { userId: world.member.id, present: true, reason: "经核实全程参加" }), 200);
    expect(await liveHours(world.member.id, session.id)).toBe(15);
    expect((await ledgerOf(world.member.id, session.id)).map((e) => e.reversed_at === null)).toEqual([false, true]);

    const added = await expectStatus<{ attendee: { method: string; walkIn: boolean; reason: string } }>(
      correct(tokens.organizer, { userId: absentee.user.id, present: true, reason: "忘带手机，现场核实" }),
      200,
    );
    expect(added.attendee).toMatchObject({ method: "organizer", walkIn: false, reason: "忘带手机，现场核实" });
    expect(await liveHours(absentee.user.id, session.id)).toBe(15);
    const { results } = await env.DB.prepare(
      "select action, actor_id from audit_log where entity_type = 'attendance' and entity_id like ? order by at, rowid",
    )
      .bind(`${session.id}:%`)
      .all();
    expect(results).toEqual([
      { action: "attendance.reverse", actor_id: world.organizer.id },
      { action: "attendance.restore", actor_id: world.organizer.id },
      { action: "attendance.add", actor_id: world.organizer.id },
    ]);
  });

  it("refuses corrections by the lecturer, members, outsiders, without a reason, for strangers or nobody present", async () => {
    const { session, tokens, world } = await runningSession();
    const stranger = await createUser({ roles: [{ org: world.outsiderOrg, role: "member" }] });
    const notEnrolled = await memberOf(world.branchB);
    const correct = (token: string | undefined, body: unknown) => call(`/api/sessions/${session.id}/attendance`, { token, body });
    const before = await sessionState();
    expect(await expectStatus(correct(tokens.lecturer, { userId: world.member.id, present: true, reason: "补录" }), 403)).toEqual(
      errorEnvelope("FORBIDDEN", "只有本课次所属组织的组织管理员可以修改出勤记录"),
    );
    await expectStatus(correct(tokens.member, { userId: world.member.id, present: true, reason: "补录" }), 403);
    await expectStatus(correct(tokens.outsider, { userId: world.member.id, present: true, reason: "补录" }), 404);
    await expectStatus(correct(undefined, { userId: world.member.id, present: true, reason: "补录" }), 401);
    for (const body of [
      { userId: world.member.id, present: true, reason: "补" },
      { userId: world.member.id, present: true },
      { userId: world.member.id, present: "yes", reason: "补录原因" },
      { userId: "bad", present: true, reason: "补录原因" },
    ]) {
      await expectStatus(correct(tokens.organizer, body), 400);
    }
    expect(await expectStatus(correct(tokens.organizer, { userId: stranger.id, present: true, reason: "补录原因" }), 404)).toEqual(
      errorEnvelope("NOT_FOUND", "找不到该人员，或该人员不在您管理的组织中"),
    );
    await expectStatus(correct(tokens.organizer, { userId: "zzzzzzzzzzzzzzzzzzzz", present: true, reason: "补录原因" }), 404);
    expect(await expectStatus(correct(tokens.organizer, { userId: notEnrolled.user.id, present: false, reason: "撤销原因" }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该人员没有出勤记录，无需撤销"),
    );
    await expectSessionsUnchanged(before);
  });

  it("exports the attendance as .xlsx (organizers: whole phone numbers; the lecturer: masked), others refused", async () => {
    const { session, tokens, world } = await runningSession();
    const absentee = await memberOf(world.branchA);
    await setSession(session.id, { enroll_closes_at: Date.now() + HOUR });
    await expectStatus(enroll(absentee.token, session.id), 200);
    const code = await currentCode(session.id);
    const checked = await expectStatus<CheckInBody>(checkIn(tokens.member, { sessionId: session.id, code }), 200);
    const res = await call(`/api/sessions/${session.id}/attendance/export`, { token: tokens.organizer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="session-attendance.xlsx"; filename\*=UTF-8''/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet("出勤");
    const values = (n: number) => ((sheet?.getRow(n).values ?? []) as unknown[]).slice(1);
    expect(values(1)).toEqual(["姓名", "手机号", "所在组织", "报名情况", "签到时间", "签到方式", "状态", "备注"]);
    const beijing = new Date(checked.checkedInAt + 8 * HOUR).toISOString().slice(0, 19).replace("T", " ");
    expect(values(2)).toEqual([world.member.name, world.member.phone, world.branchA.name, "已报名", beijing, "扫码签到", "出勤"]);
    expect(Array.from(values(3))).toEqual([
      absentee.user.name,
      absentee.user.phone,
      world.branchA.name,
      "已报名",
      undefined,
      undefined,
      "缺勤",
    ]);

    const csv = await call(`/api/sessions/${session.id}/attendance/export?format=csv`, { token: tokens.lecturer });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(`${world.member.phone.slice(0, 3)}****${world.member.phone.slice(-4)}`);
    expect(text).not.toContain(world.member.phone);
    await expectStatus(call(`/api/sessions/${session.id}/attendance/export`, { token: tokens.member }), 403);
    await expectStatus(call(`/api/sessions/${session.id}/attendance/export`, { token: tokens.outsider }), 404);
    await expectStatus(call(`/api/sessions/${session.id}/attendance/export?format=pdf`, { token: tokens.organizer }), 400);
  });
});

describe("feedback", () => {
  it("attendees rate once (a second replaces); the lecturer reads the summary and per-module averages", async () => {
    const { session, tokens, world } = await runningSession({ walkIns: true });
    const other = await memberOf(world.branchB);
    for (const token of [tokens.member, other.token]) await expectStatus(checkIn(token, { code: await currentCode(session.id) }), 200);
    const rate = (token: string | undefined, body: unknown) => call(`/api/sessions/${session.id}/feedback`, { token, body });
    expect(await expectStatus(rate(tokens.member, { rating: 3, comment: "还行" }), 200)).toEqual({
      sessionId: session.id,
      rating: 3,
      comment: "还行",
      updatedAt: expect.any(Number),
    });
    await expectStatus(rate(tokens.member, { rating: 5, comment: "讲得生动，案例贴近车间" }), 200);
    await expectStatus(rate(other.token, { rating: 4 }), 200);
    expect((await getSession(tokens.member, session.id)).my.feedback).toEqual({ rating: 5, comment: "讲得生动，案例贴近车间" });
    for (const token of [tokens.lecturer, tokens.organizer]) {
      expect(await expectStatus(call(`/api/sessions/${session.id}/feedback`, { token }), 200)).toEqual({
        sessionId: session.id,
        count: 2,
        average: 4.5,
        distribution: [0, 0, 0, 1, 1],
        comments: [{ rating: 5, comment: "讲得生动，案例贴近车间", at: expect.any(Number) }],
      });
    }
    expect(await expectStatus(call("/api/sessions/feedback/mine", { token: tokens.lecturer }), 200)).toEqual({
      modules: [{ moduleId: session.moduleId, title: session.title, sessions: 1, count: 2, average: 4.5 }],
    });
    expect(await expectStatus(call("/api/sessions/feedback/mine", { token: tokens.member }), 200)).toEqual({ modules: [] });
  });

  it("refuses those who did not attend, bad ratings and long comments; members cannot read the summary", async () => {
    const { session, tokens, world } = await runningSession();
    await expectStatus(checkIn(tokens.member, { sessionId: session.id, code: await currentCode(session.id) }), 200);
    const absent = await memberOf(world.branchA);
    const rate = (token: string | undefined, body: unknown) => call(`/api/sessions/${session.id}/feedback`, { token, body });
    const before = await sessionState();
    expect(await expectStatus(rate(absent.token, { rating: 5 }), 403)).toEqual(errorEnvelope("FORBIDDEN", "签到参加本课次后才能评价"));
    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: 5, comment: "好".repeat(501) }, { comment: "好" }]) {
      await expectStatus(rate(tokens.member, body), 400);
    }
    await expectStatus(rate(tokens.outsider, { rating: 1 }), 404);
    await expectStatus(rate(undefined, { rating: 1 }), 401);
    await expectSessionsUnchanged(before);
    await expectStatus(call(`/api/sessions/${session.id}/feedback`, { token: tokens.member }), 403);
    await expectStatus(call(`/api/sessions/${session.id}/feedback`, { token: tokens.outsider }), 404);
    await expectStatus(call(`/api/sessions/${session.id}/feedback`), 401);
    const lecturer2 = await loginAs(await createUser({ roles: [{ org: world.committee, role: "lecturer" }] }));
    await expectStatus(call(`/api/sessions/${session.id}/feedback`, { token: lecturer2 }), 403);
  });
});

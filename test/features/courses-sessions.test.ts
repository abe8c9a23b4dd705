import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createOrg, createUser, loginAs } from "../helpers/factories";
import { call, callAtOnce, errorEnvelope, expectStatus } from "../helpers/http";
import {
  courseWorld,
  createSession,
  type EnrollmentBody,
  enroll,
  expectSessionsUnchanged,
  getSession,
  HOUR,
  memberOf,
  publishedModule,
  type SessionBody,
  sessionInput,
  sessionState,
  setSession,
  unenroll,
} from "../helpers/sessions";

async function auditActions(entityId: string) {
  const { results } = await env.DB.prepare("select action, actor_id from audit_log where entity_id = ? order by at, rowid")
    .bind(entityId)
    .all<{ action: string; actor_id: string }>();
  return results;
}

describe("scheduling a session", () => {
  it("the module's owner schedules an offline session with defaults; it is audited", async () => {
    const { world, lecturer, mod, tokens } = await courseWorld();
    const input = sessionInput();
    const res = await expectStatus<{ session: SessionBody }>(
      call(`/api/modules/${mod.moduleId}/sessions`, { token: tokens.lecturer, body: input }),
      201,
    );
    expect(res.session).toMatchObject({
      moduleId: mod.moduleId,
      orgId: world.committee.id,
      lecturer: { id: lecturer.id },
      kind: "offline",
      status: "scheduled",
      place: input.place,
      capacity: 30,
      enrolledCount: 0,
      seatsLeft: 30,
      walkIns: false,
      enrollClosesAt: input.startsAt,
      cancelClosesAt: (input.startsAt as number) - 2 * HOUR,
      hoursTenths: 15,
      tags: ["党课"],
      phase: "upcoming",
      isLecturer: true,
      canManage: false,
      canEdit: true,
      my: { enrollment: { status: "none", waitlistPosition: null, seatsLeft: 30 }, attended: false, checkedInAt: null, feedback: null },
    });
    expect(res.session.enrollOpensAt).toBeLessThanOrEqual(Date.now());
    expect(JSON.stringify(res.session)).not.toContain("secret");
    expect(await auditActions(res.session.id)).toEqual([{ action: "session.create", actor_id: lecturer.id }]);
  });

  it("an organizer of the module's org schedules an online session with another lecturer and required orgs", async () => {
    const { world, mod, tokens } = await courseWorld();
    const other = await createUser({ roles: [{ org: world.branchA, role: "lecturer" }] });
    const session = await createSession(tokens.organizer, mod.moduleId, {
      kind: "online",
      place: null,
      link: "https://live.example.cn/room/1",
      capacity: null,
      lecturerId: other.id,
      requiredOrgIds: [world.branchB.id],
      walkIns: true,
    });
    expect(session).toMatchObject({
      kind: "online",
      link: "https://live.example.cn/room/1",
      capacity: null,
      seatsLeft: null,
      lecturer: { id: other.id },
      requiredOrgs: [{ id: world.branchB.id, name: world.branchB.name }],
      walkIns: true,
      canManage: true,
    });
  });

  it("refuses other people: a member of the org, an outsider, a lecturer who does not own the module", async () => {
    const { world, mod, tokens } = await courseWorld();
    const otherLecturer = await loginAs(await createUser({ roles: [{ org: world.committee, role: "lecturer" }] }));
    const before = await sessionState();
    for (const token of [tokens.member, tokens.outsider, otherLecturer]) {
      const body = await expectStatus(call(`/api/modules/${mod.moduleId}/sessions`, { token, body: sessionInput() }), 403);
      expect(body).toEqual(errorEnvelope("FORBIDDEN", "只有课程的讲师本人或所属组织的组织管理员可以安排、修改或取消课次"));
    }
    await expectStatus(call(`/api/modules/${mod.moduleId}/sessions`, { body: sessionInput() }), 401);
    await expectSessionsUnchanged(before);
  });

  it("refuses an unpublished module (409) and an unknown one (404)", async () => {
    const { world, lecturer, tokens } = await courseWorld();
    const draft = await publishedModule({ org: world.committee, ownerId: lecturer.id, published: false });
    const before = await sessionState();
    expect(
      await expectStatus(call(`/api/modules/${draft.moduleId}/sessions`, { token: tokens.lecturer, body: sessionInput() }), 409),
    ).toEqual(errorEnvelope("CONFLICT", "课程审核发布后才能安排课次"));
    await expectStatus(call("/api/modules/zzzzzzzzzzzzzzzzzzzzzzzz/sessions", { token: tokens.lecturer, body: sessionInput() }), 404);
    await expectSessionsUnchanged(before);
  });

  it("refuses every inconsistent input with a clear 4xx and changes nothing", async () => {
    const { world, mod, tokens } = await courseWorld();
    const outsiderLecturer = await createUser({ roles: [{ org: world.outsiderOrg, role: "lecturer" }] });
    const memberOnly = await createUser({ roles: [{ org: world.branchA, role: "member" }] });
    const at = Date.now();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ place: null }, 422, "线下课次请填写上课地点"],
      [{ place: "   " }, 422, "线下课次请填写上课地点"],
      [{ capacity: null }, 422, "线下课次请填写名额"],
      [{ kind: "online", link: null }, 422, "线上课次请填写直播链接"],
      [{ endsAt: at + 47 * HOUR }, 422, "结束时间必须晚于开始时间"],
      [{ endsAt: at + 80 * HOUR }, 422, "一个课次最长 24 小时"],
      [{ enrollClosesAt: at + 49 * HOUR }, 422, "报名时间须在开课之前：报名开始时间 ≤ 报名截止时间 ≤ 开课时间"],
      [
        { enrollOpensAt: at + 10 * HOUR, enrollClosesAt: at + 5 * HOUR },
        422,
        "报名时间须在开课之前：报名开始时间 ≤ 报名截止时间 ≤ 开课时间",
      ],
      [{ cancelClosesAt: at + 49 * HOUR }, 422, "取消报名的截止时间不能晚于开课时间"],
      [{ lecturerId: outsiderLecturer.id }, 422, "授课讲师须是本组织（含下级组织）的讲师或组织管理员"],
      [{ lecturerId: memberOnly.id }, 422, "授课讲师须是本组织（含下级组织）的讲师或组织管理员"],
      [{ requiredOrgIds: [world.outsiderOrg.id] }, 422, `“${world.outsiderOrg.name}”不是您管理的组织，不能指定其参加`],
      [{ requiredOrgIds: ["zzzzzzzzzzzzzzzzzzzz"] }, 422, "找不到指定参加的组织"],
      [{ capacity: 0 }, 400, "提交的内容有误，请按提示修改"],
      [{ link: "javascript:alert(1)", kind: "online" }, 400, "提交的内容有误，请按提示修改"],
      [{ kind: "hybrid" }, 400, "提交的内容有误，请按提示修改"],
      [{ startsAt: "tomorrow" }, 400, "提交的内容有误，请按提示修改"],
      [{ extra: 1 }, 400, "提交的内容有误，请按提示修改"],
    ];
    const before = await sessionState();
    for (const [fields, status, message] of cases) {
      const body = await expectStatus(
        call(`/api/modules/${mod.moduleId}/sessions`, { token: tokens.organizer, body: sessionInput(fields) }),
        status,
      );
      expect(body, JSON.stringify(fields)).toEqual(
        errorEnvelope(status === 400 ? "VALIDATION_FAILED" : "UNPROCESSABLE", message, status === 400 ? expect.anything() : undefined),
      );
    }
    // A lecturer (not an organizer) cannot make orgs attend.
    const body = await expectStatus(
      call(`/api/modules/${mod.moduleId}/sessions`, { token: tokens.lecturer, body: sessionInput({ requiredOrgIds: [world.branchA.id] }) }),
      422,
    );
    expect(body).toEqual(errorEnvelope("UNPROCESSABLE", `“${world.branchA.name}”不是您管理的组织，不能指定其参加`));
    await expectSessionsUnchanged(before);
  });
});

describe("editing and cancelling a session", () => {
  it("the owner changes the place and capacity; an organizer cancels; enrolled members see it cancelled; both audited", async () => {
    const { world, lecturer, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId);
    await expectStatus(enroll(tokens.member, session.id), 200);
    const updated = await expectStatus<{ session: SessionBody }>(
      call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.lecturer, body: { place: "车间二楼", capacity: 40 } }),
      200,
    );
    expect(updated.session).toMatchObject({ place: "车间二楼", capacity: 40, seatsLeft: 39, kind: "offline" });
    const cancelled = await expectStatus<{ session: SessionBody }>(
      call(`/api/sessions/${session.id}/cancel`, { token: tokens.organizer, body: {} }),
      200,
    );
    expect(cancelled.session.status).toBe("cancelled");
    // Twice is harmless, and audited once.
    await expectStatus(call(`/api/sessions/${session.id}/cancel`, { token: tokens.organizer, body: {} }), 200);
    expect(await auditActions(session.id)).toEqual([
      { action: "session.create", actor_id: lecturer.id },
      { action: "session.update", actor_id: lecturer.id },
      { action: "session.cancel", actor_id: world.organizer.id },
    ]);
    const seen = await getSession(tokens.member, session.id);
    expect(seen).toMatchObject({ status: "cancelled", my: { enrollment: { status: "enrolled" } } });
    const list = await expectStatus<{ sessions: SessionBody[] }>(call("/api/sessions", { token: tokens.member }), 200);
    expect(list.sessions.find((s) => s.id === session.id)?.status).toBe("cancelled");
    // A cancelled session takes no enrollments and no edits.
    const other = await memberOf(world.branchA);
    expect(await expectStatus(enroll(other.token, session.id), 409)).toEqual(errorEnvelope("CONFLICT", "该课次已取消"));
    await expectStatus(call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.lecturer, body: { place: "x" } }), 409);
  });

  it("more seats promote the waitlist in order; fewer seats than enrolled are refused", async () => {
    const { world, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId, { capacity: 1 });
    const a = await memberOf(world.branchA);
    const b = await memberOf(world.branchA);
    const c = await memberOf(world.branchB);
    for (const p of [a, b, c]) await expectStatus(enroll(p.token, session.id), 200);
    const before = await sessionState();
    expect(
      await expectStatus(call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.organizer, body: { capacity: 0 } }), 400),
    ).toEqual(errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()));
    await expectSessionsUnchanged(before);
    await expectStatus(call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.organizer, body: { capacity: 2 } }), 200);
    expect((await expectStatus<EnrollmentBody>(enroll(b.token, session.id), 200)).status).toBe("enrolled");
    expect(await expectStatus<EnrollmentBody>(enroll(c.token, session.id), 200)).toEqual({
      status: "waitlisted",
      waitlistPosition: 1,
      seatsLeft: 0,
    });
    const before2 = await sessionState();
    expect(
      await expectStatus(call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.organizer, body: { capacity: 1 } }), 409),
    ).toEqual(errorEnvelope("CONFLICT", "已有 2 人报名，名额不能少于已报名人数"));
    await expectSessionsUnchanged(before2);
  });

  it("an organizer changes the lecturer and the required orgs; a lecturer of another org is refused", async () => {
    const { world, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.organizer, mod.moduleId, { requiredOrgIds: [world.branchA.id] });
    const other = await createUser({ roles: [{ org: world.branchB, role: "lecturer" }] });
    const updated = await expectStatus<{ session: SessionBody }>(
      call(`/api/sessions/${session.id}`, {
        method: "PATCH",
        token: tokens.organizer,
        body: { lecturerId: other.id, requiredOrgIds: [world.branchB.id] },
      }),
      200,
    );
    expect(updated.session).toMatchObject({
      lecturer: { id: other.id },
      requiredOrgs: [{ id: world.branchB.id, name: world.branchB.name }],
    });
    // The new lecturer gives it but does not own the module: they run it, they do not change or cancel it.
    const otherToken = await loginAs(other);
    expect(await getSession(otherToken, session.id)).toMatchObject({ isLecturer: true, canEdit: false, canManage: false });
    expect(await getSession(tokens.lecturer, session.id)).toMatchObject({ isLecturer: false, canEdit: true });
    await expectStatus(call(`/api/sessions/${session.id}/cancel`, { token: otherToken, body: {} }), 403);
    const foreign = await createUser({ roles: [{ org: world.outsiderOrg, role: "lecturer" }] });
    const before = await sessionState();
    await expectStatus(
      call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.organizer, body: { lecturerId: foreign.id } }),
      422,
    );
    await expectStatus(
      call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.organizer, body: { requiredOrgIds: [world.outsiderOrg.id] } }),
      422,
    );
    await expectSessionsUnchanged(before);
  });

  it("refuses edits and cancels by a member, another lecturer or an outsider, and an edit that breaks the window", async () => {
    const { world, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId);
    const otherLecturer = await loginAs(await createUser({ roles: [{ org: world.committee, role: "lecturer" }] }));
    const before = await sessionState();
    for (const token of [tokens.member, otherLecturer]) {
      await expectStatus(call(`/api/sessions/${session.id}`, { method: "PATCH", token, body: { place: "x" } }), 403);
      await expectStatus(call(`/api/sessions/${session.id}/cancel`, { token, body: {} }), 403);
    }
    // The outsider cannot even see it.
    await expectStatus(call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.outsider, body: { place: "x" } }), 404);
    await expectStatus(call(`/api/sessions/${session.id}/cancel`, { token: tokens.outsider, body: {} }), 404);
    await expectStatus(
      call(`/api/sessions/${session.id}`, { method: "PATCH", token: tokens.lecturer, body: { endsAt: session.startsAt - 1 } }),
      422,
    );
    await expectSessionsUnchanged(before);
  });
});

describe("choosing the lecturer", () => {
  type Options = { lecturers: { id: string; name: string; orgName: string; role: string; owner: boolean }[] };
  const lecturers = (token: string | undefined, moduleId: string) =>
    call(`/api/modules/${moduleId}/lecturers`, token === undefined ? {} : { token });

  it("lists the owner first, then the active lecturers and organizers of the module's org and below — whom a session accepts", async () => {
    const { world, lecturer, mod, tokens } = await courseWorld();
    const branchLecturer = await createUser({ name: "甲讲师", roles: [{ org: world.branchA, role: "lecturer" }] });
    const both = await createUser({
      name: "乙书记",
      roles: [
        { org: world.branchB, role: "organizer" },
        { org: world.branchB, role: "lecturer" },
      ],
    });
    const disabled = await createUser({ status: "disabled", roles: [{ org: world.branchA, role: "lecturer" }] });
    const foreign = await createUser({ roles: [{ org: world.outsiderOrg, role: "lecturer" }] });
    const got = await expectStatus<Options>(lecturers(tokens.lecturer, mod.moduleId), 200);
    expect(got.lecturers[0]).toEqual({
      id: lecturer.id,
      name: lecturer.name,
      orgName: world.committee.name,
      role: "lecturer",
      owner: true,
    });
    const rest = Object.fromEntries(got.lecturers.slice(1).map((l) => [l.id, l]));
    expect(Object.keys(rest).sort()).toEqual([world.organizer.id, branchLecturer.id, both.id].sort());
    expect(rest[world.organizer.id]).toMatchObject({ role: "organizer", orgName: world.committee.name, owner: false });
    expect(rest[branchLecturer.id]).toMatchObject({ role: "lecturer", orgName: world.branchA.name });
    expect(rest[both.id]).toMatchObject({ role: "lecturer", orgName: world.branchB.name });
    expect(got.lecturers.some((l) => l.id === disabled.id || l.id === foreign.id)).toBe(false);
    // Every one listed is accepted as a session's lecturer.
    for (const person of got.lecturers) await createSession(tokens.organizer, mod.moduleId, { lecturerId: person.id });
  });

  it("is for those who schedule the module's sessions: its owner and organizers of its org", async () => {
    const { world, mod, tokens } = await courseWorld();
    await expectStatus(lecturers(tokens.organizer, mod.moduleId), 200);
    const otherLecturer = await loginAs(await createUser({ roles: [{ org: world.committee, role: "lecturer" }] }));
    const branchOrganizer = await loginAs(await createUser({ roles: [{ org: world.branchA, role: "organizer" }] }));
    for (const token of [tokens.member, otherLecturer, branchOrganizer])
      expect(await expectStatus(lecturers(token, mod.moduleId), 403)).toEqual(
        errorEnvelope("FORBIDDEN", "只有课程的讲师本人或所属组织的组织管理员可以安排、修改或取消课次"),
      );
    await expectStatus(lecturers(tokens.outsider, mod.moduleId), 404);
    await expectStatus(lecturers(tokens.organizer, "z".repeat(24)), 404);
    await expectStatus(lecturers(tokens.organizer, "not an id"), 400);
    await expectStatus(lecturers(undefined, mod.moduleId), 401);
  });
});

describe("reading sessions", () => {
  it("members see upcoming sessions of their audience and required orgs, filtered by tag and date; outsiders see none", async () => {
    const { world, lecturer, mod, tokens } = await courseWorld();
    const skills = await publishedModule({
      org: world.committee,
      ownerId: lecturer.id,
      tags: ["技能"],
      audience: [{ type: "org", id: world.branchB.id }],
    });
    const onlyA = await publishedModule({
      org: world.committee,
      ownerId: lecturer.id,
      tags: ["微宣讲"],
      audience: [{ type: "org", id: world.branchA.id }],
    });
    const party = await createSession(tokens.lecturer, mod.moduleId);
    const skill = await createSession(tokens.organizer, skills.moduleId, {
      requiredOrgIds: [world.branchA.id],
      lecturerId: world.organizer.id,
    });
    const talk = await createSession(tokens.lecturer, onlyA.moduleId, { startsAt: Date.now() + 72 * HOUR, endsAt: Date.now() + 73 * HOUR });
    const ended = await createSession(tokens.lecturer, mod.moduleId);
    await setSession(ended.id, {
      starts_at: Date.now() - 5 * HOUR,
      ends_at: Date.now() - 3 * HOUR,
      enroll_opens_at: 1,
      enroll_closes_at: 2,
      cancel_closes_at: 1,
    });
    const ids = async (token: string, query = "") =>
      (await expectStatus<{ sessions: SessionBody[] }>(call(`/api/sessions${query}`, { token }), 200)).sessions.map((s) => s.id);
    expect((await ids(tokens.member)).sort()).toEqual([party.id, skill.id, talk.id].sort());
    expect(await ids(tokens.member, "?tag=技能")).toEqual([skill.id]);
    expect(await ids(tokens.member, `?moduleId=${mod.moduleId}`)).toEqual([party.id]);
    expect(await ids(tokens.member, `?from=${Date.now() + 60 * HOUR}`)).toEqual([talk.id]);
    expect(await ids(tokens.member, `?from=${Date.now() + 100 * HOUR}`)).toEqual([]);
    expect(await ids(tokens.outsider)).toEqual([]);
    const seen = await getSession(tokens.member, skill.id);
    expect(seen).toMatchObject({ required: true, eligible: true, canManage: false, isLecturer: false });
    // Branch B is in the audience of the committee's module and of the skills one, not of the talk for branch A.
    const b = await memberOf(world.branchB);
    expect((await ids(b.token)).sort()).toEqual([party.id, skill.id].sort());
    expect(await getSession(b.token, skill.id)).toMatchObject({ required: false, eligible: true });
    await expectStatus(call(`/api/sessions/${talk.id}`, { token: b.token }), 404);
    await expectStatus(call(`/api/sessions/${party.id}`, { token: tokens.outsider }), 404);
    await expectStatus(call("/api/sessions?tag=nothing", { token: tokens.member }), 400);
    await expectStatus(call("/api/sessions"), 401);
    // Lecturers and organizers list what they run, past ones included.
    const managed = async (token: string) =>
      (await expectStatus<{ sessions: SessionBody[] }>(call("/api/sessions/managed", { token }), 200)).sessions.map((s) => s.id).sort();
    expect(await managed(tokens.lecturer)).toEqual([party.id, talk.id, ended.id].sort());
    expect(await managed(tokens.organizer)).toEqual([party.id, skill.id, talk.id, ended.id].sort());
    expect(await managed(tokens.member)).toEqual([]);
    expect(await managed(tokens.outsider)).toEqual([]);
    await expectStatus(call("/api/sessions/managed"), 401);
  });

  it("alliance and everyone audiences", async () => {
    const { world, lecturer, tokens } = await courseWorld();
    const allianceId = `al${Date.now().toString(36)}x`;
    await env.DB.prepare("insert into alliances (id, name, description, created_at, updated_at) values (?, ?, '', 1, 1)")
      .bind(allianceId, "联盟")
      .run();
    const partnerOrg = await createOrg({ kind: "committee" });
    const partnerBranch = await createOrg({ parent: partnerOrg });
    await env.DB.prepare("insert into alliance_orgs (alliance_id, org_id, created_at) values (?, ?, 1)")
      .bind(allianceId, partnerOrg.id)
      .run();
    const viaAlliance = await publishedModule({
      org: world.committee,
      ownerId: lecturer.id,
      audience: [{ type: "alliance", id: allianceId }],
    });
    const forAll = await publishedModule({ org: world.committee, ownerId: lecturer.id, audience: [{ type: "all", id: "*" }] });
    const s1 = await createSession(tokens.lecturer, viaAlliance.moduleId);
    const s2 = await createSession(tokens.lecturer, forAll.moduleId);
    const partner = await memberOf(partnerBranch);
    const ids = (await expectStatus<{ sessions: SessionBody[] }>(call("/api/sessions", { token: partner.token }), 200)).sessions.map(
      (s) => s.id,
    );
    expect(ids.sort()).toEqual([s1.id, s2.id].sort());
    expect(await expectStatus<EnrollmentBody>(enroll(partner.token, s1.id), 200)).toEqual({
      status: "enrolled",
      waitlistPosition: null,
      seatsLeft: 29,
    });
    // The outsider's org is not in the alliance: only the one for everyone.
    expect(
      (await expectStatus<{ sessions: SessionBody[] }>(call("/api/sessions", { token: tokens.outsider }), 200)).sessions.map((s) => s.id),
    ).toEqual([s2.id]);
  });
});

describe("the managed list", () => {
  it("counts who attended each session (reversed attendances not), in the list itself", async () => {
    const { world, mod, tokens } = await courseWorld();
    const held = await createSession(tokens.lecturer, mod.moduleId);
    const empty = await createSession(tokens.lecturer, mod.moduleId);
    const [a, b, c] = await Promise.all([memberOf(world.branchA), memberOf(world.branchA), memberOf(world.branchB)]);
    for (const person of [a, b, c])
      await expectStatus(
        call(`/api/sessions/${held.id}/attendance`, {
          token: tokens.organizer,
          body: { userId: person.user.id, present: true, reason: "现场签到表" },
        }),
        200,
      );
    await expectStatus(
      call(`/api/sessions/${held.id}/attendance`, {
        token: tokens.organizer,
        body: { userId: c.user.id, present: false, reason: "未到场" },
      }),
      200,
    );
    for (const token of [tokens.lecturer, tokens.organizer]) {
      const list = await expectStatus<{ sessions: (SessionBody & { attendedCount: number })[] }>(
        call("/api/sessions/managed", { token }),
        200,
      );
      expect(list.sessions.find((s) => s.id === held.id)?.attendedCount).toBe(2);
      expect(list.sessions.find((s) => s.id === empty.id)?.attendedCount).toBe(0);
    }
    // The member's list is unchanged in shape: no counts there.
    const mine = await expectStatus<{ sessions: Record<string, unknown>[] }>(call("/api/sessions", { token: a.token }), 200);
    expect(mine.sessions.length).toBeGreaterThan(0);
    for (const s of mine.sessions) expect(s).not.toHaveProperty("attendedCount");
  });
});

describe("enrollment", () => {
  it("enrolls, is harmless twice, cancels, re-enrolls", async () => {
    const { mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId, { capacity: 2 });
    expect(await expectStatus(enroll(tokens.member, session.id), 200)).toEqual({
      status: "enrolled",
      waitlistPosition: null,
      seatsLeft: 1,
    });
    const before = await sessionState();
    expect(await expectStatus(enroll(tokens.member, session.id), 200)).toEqual({
      status: "enrolled",
      waitlistPosition: null,
      seatsLeft: 1,
    });
    await expectSessionsUnchanged(before);
    expect((await getSession(tokens.member, session.id)).my.enrollment).toEqual({
      status: "enrolled",
      waitlistPosition: null,
      seatsLeft: 1,
    });
    expect(await expectStatus(unenroll(tokens.member, session.id), 200)).toEqual({
      status: "cancelled",
      waitlistPosition: null,
      seatsLeft: 2,
    });
    expect(await expectStatus(unenroll(tokens.member, session.id), 200)).toEqual({
      status: "cancelled",
      waitlistPosition: null,
      seatsLeft: 2,
    });
    expect(await expectStatus(enroll(tokens.member, session.id), 200)).toEqual({
      status: "enrolled",
      waitlistPosition: null,
      seatsLeft: 1,
    });
  });

  it("100 members enrolling in the same second never overbook, and the waitlist keeps its order through cancels", async () => {
    const { world, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId, { capacity: 30 });
    const people = [];
    for (let i = 0; i < 100; i++) people.push(await memberOf(i % 2 ? world.branchA : world.branchB));
    const responses = await callAtOnce(people.map((p) => [`/api/sessions/${session.id}/enrollment`, { method: "PUT", token: p.token }]));
    const bodies: EnrollmentBody[] = [];
    for (const res of responses) bodies.push(await expectStatus<EnrollmentBody>(res, 200));
    expect(bodies.filter((b) => b.status === "enrolled")).toHaveLength(30);
    const waiting = bodies.filter((b) => b.status === "waitlisted");
    expect(waiting).toHaveLength(70);
    expect(waiting.map((b) => b.waitlistPosition).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    const counts = await env.DB.prepare(
      "select enrolled_count, waitlist_seq, (select count(*) from enrollments where session_id = ?1 and status = 'enrolled') as n from course_sessions where id = ?1",
    )
      .bind(session.id)
      .first<{ enrolled_count: number; waitlist_seq: number; n: number }>();
    expect(counts).toEqual({ enrolled_count: 30, waitlist_seq: 70, n: 30 });

    // The queue in order of position; three seated members cancel, at once: the first three waiting take the seats.
    const queue = people
      .map((p, i) => ({ p, pos: bodies[i]?.waitlistPosition ?? null }))
      .filter((x) => x.pos !== null)
      .sort((x, y) => (x.pos ?? 0) - (y.pos ?? 0));
    const seated = people.filter((_, i) => bodies[i]?.status === "enrolled");
    const cancels = await callAtOnce(
      seated.slice(0, 3).map((p) => [`/api/sessions/${session.id}/enrollment`, { method: "DELETE", token: p.token }]),
    );
    for (const res of cancels) expect((await expectStatus<EnrollmentBody>(res, 200)).status).toBe("cancelled");
    for (const [i, x] of queue.entries()) {
      const state = (await getSession(x.p.token, session.id)).my.enrollment;
      expect(state, `queue ${i}`).toEqual(
        i < 3
          ? { status: "enrolled", waitlistPosition: null, seatsLeft: 0 }
          : { status: "waitlisted", waitlistPosition: i - 2, seatsLeft: 0 },
      );
      if (i > 6) break;
    }
    // A waiting member leaves the queue: those behind move up; nobody is seated.
    await expectStatus(unenroll(queue[4]?.p.token as string, session.id), 200);
    expect((await getSession(queue[5]?.p.token as string, session.id)).my.enrollment.waitlistPosition).toBe(2);
    // Someone enrolling now joins the end of the queue.
    const late = await memberOf(world.branchA);
    expect(await expectStatus(enroll(late.token, session.id), 200)).toEqual({ status: "waitlisted", waitlistPosition: 67, seatsLeft: 0 });
    expect(
      await env.DB.prepare("select count(*) as n from enrollments where session_id = ? and status = 'enrolled'")
        .bind(session.id)
        .first("n"),
    ).toBe(30);
  }, 30_000); // 100 accounts and 100 requests: slow on a busy 2-core machine

  it("a cancel after the cut-off is refused; a waitlisted member may still leave", async () => {
    const { world, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId, { capacity: 1 });
    const waiting = await memberOf(world.branchA);
    await expectStatus(enroll(tokens.member, session.id), 200);
    await expectStatus(enroll(waiting.token, session.id), 200);
    const cutOff = Date.now() - 60_000;
    await setSession(session.id, { cancel_closes_at: cutOff });
    const before = await sessionState();
    const body = await expectStatus(unenroll(tokens.member, session.id), 409);
    expect(body).toEqual(errorEnvelope("CONFLICT", expect.stringMatching(/^取消报名已于 \d{4}-\d\d-\d\d \d\d:\d\d 截止/)));
    await expectSessionsUnchanged(before);
    expect(await expectStatus(unenroll(waiting.token, session.id), 200)).toEqual({
      status: "cancelled",
      waitlistPosition: null,
      seatsLeft: 0,
    });
  });

  it("enrollment only within the window, by eligible members, in a published module", async () => {
    const { world, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId);
    const before = await sessionState();
    // Outsiders do not see it.
    expect(await expectStatus(enroll(tokens.outsider, session.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该课次"));
    await expectStatus(enroll(tokens.member, "zzzzzzzzzzzzzzzzzzzz"), 404);
    await expectStatus(enroll(tokens.member, "bad id!"), 400);
    await expectStatus(call(`/api/sessions/${session.id}/enrollment`, { method: "PUT" }), 401);
    await expectSessionsUnchanged(before);

    const refused = async (fields: Record<string, number | null>, table: string | null, message: unknown) => {
      if (Object.keys(fields).length) await setSession(session.id, fields);
      if (table) await env.DB.prepare(table).bind(mod.moduleId).run();
      const snapshot = await sessionState();
      expect(await expectStatus(enroll(tokens.member, session.id), 409)).toEqual(errorEnvelope("CONFLICT", message));
      await expectSessionsUnchanged(snapshot);
    };
    await refused({ enroll_opens_at: Date.now() + HOUR }, null, expect.stringMatching(/^报名将于 .+ 开始$/));
    await refused(
      { enroll_opens_at: Date.now() - 2 * HOUR, enroll_closes_at: Date.now() - HOUR },
      null,
      expect.stringMatching(/^报名已于 .+ 截止$/),
    );
    await refused(
      { enroll_closes_at: Date.now() + HOUR },
      `update modules set archived_at = ${Date.now()} where id = ?`,
      "该课程已下架，不能报名",
    );
    await env.DB.prepare("update modules set archived_at = null where id = ?").bind(mod.moduleId).run();

    // The committee's organizer is in the audience by their membership and may enroll like anyone else.
    expect((await expectStatus<EnrollmentBody>(enroll(tokens.organizer, session.id), 200)).status).toBe("enrolled");
    // A module for branch B only: a branch A member cannot see its sessions, nor a branch A lecturer.
    const skills = await publishedModule({
      org: world.committee,
      ownerId: world.organizer.id,
      audience: [{ type: "org", id: world.branchB.id }],
    });
    const s2 = await createSession(tokens.organizer, skills.moduleId);
    const before2 = await sessionState();
    expect(await expectStatus(enroll(tokens.member, s2.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该课次"));
    const branchALecturer = await loginAs(await createUser({ roles: [{ org: world.branchA, role: "lecturer" }] }));
    await expectStatus(enroll(branchALecturer, s2.id), 404);
    await expectSessionsUnchanged(before2);
  });

  it("organizers and the lecturer read the enrollment list, in order; members and outsiders cannot", async () => {
    const { world, mod, tokens } = await courseWorld();
    const session = await createSession(tokens.lecturer, mod.moduleId, { capacity: 1 });
    const b = await memberOf(world.branchB);
    await expectStatus(enroll(tokens.member, session.id), 200);
    await expectStatus(enroll(b.token, session.id), 200);
    for (const token of [tokens.organizer, tokens.lecturer]) {
      const list = await expectStatus(call(`/api/sessions/${session.id}/enrollments`, { token }), 200);
      expect(list).toEqual({
        sessionId: session.id,
        capacity: 1,
        enrolled: [{ userId: world.member.id, name: world.member.name, orgName: world.branchA.name, enrolledAt: expect.any(Number) }],
        waitlisted: [{ userId: b.user.id, name: b.user.name, orgName: world.branchB.name, position: 1, enrolledAt: expect.any(Number) }],
        cancelledCount: 0,
      });
    }
    expect(await expectStatus(call(`/api/sessions/${session.id}/enrollments`, { token: tokens.member }), 403)).toEqual(
      errorEnvelope("FORBIDDEN", "只有本课次的讲师和所属组织的组织管理员可以查看"),
    );
    await expectStatus(call(`/api/sessions/${session.id}/enrollments`, { token: tokens.outsider }), 404);
    await expectStatus(call(`/api/sessions/${session.id}/enrollments`), 401);
  });
});

describe("the API document", () => {
  it("describes every session route under its operationId", async () => {
    const doc = await expectStatus<{ paths: Record<string, Record<string, { operationId: string }>> }>(call("/api/openapi.json"), 200);
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((m) => m.operationId));
    for (const id of [
      "createSession",
      "listUpcomingSessions",
      "listManagedSessions",
      "getSession",
      "updateSession",
      "cancelSession",
      "enrollSession",
      "cancelEnrollment",
      "listEnrollments",
      "getCheckinCode",
      "scanCheckin",
      "checkIn",
      "getSessionAttendance",
      "correctAttendance",
      "exportSessionAttendance",
      "submitSessionFeedback",
      "getSessionFeedback",
      "getLecturerFeedback",
      "listSessionLecturers",
    ])
      expect(ids).toContain(id);
  });
});

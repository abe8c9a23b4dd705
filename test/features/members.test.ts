import { env } from "cloudflare:test";
import { createId } from "@paralleldrive/cuid2";
import { describe, expect, it } from "vitest";
import type { Role, Title } from "../../worker/db/schema";
import { DAY } from "../../worker/lib/time";
import type { Member, MemberPage } from "../../worker/shared/api";
import { auditOf, countRows, dbState, expectUnchanged } from "../helpers/db-state";
import { createOrg, createUser, createWorld, loginAs, TEST_PASSWORD, type TestOrg, type TestUser, uniquePhone } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

const UNAUTHENTICATED = errorEnvelope("UNAUTHENTICATED", "请先登录");
const FORBIDDEN = errorEnvelope("FORBIDDEN", "您没有权限进行此操作");
const ORG_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该组织");
const MEMBERSHIP_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该成员关系");
const USER_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该人员");
/** Activation codes are drawn from an alphabet without 0/O, 1/I/L. */
const ACTIVATION_CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

function validationFailed(target: string) {
  return errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
    target,
    issues: expect.arrayContaining([expect.objectContaining({ path: expect.any(String), message: expect.any(String) })]),
  });
}

async function membershipIdOf(user: TestUser, org: TestOrg, role: Role = "member"): Promise<string> {
  const row = await env.DB.prepare("select id from memberships where user_id = ? and org_id = ? and role = ?")
    .bind(user.id, org.id, role)
    .first<{ id: string }>();
  if (!row) throw new Error(`no ${role} membership of ${user.name} in ${org.name}`);
  return row.id;
}

/** The API's view of one membership, whole. */
async function memberView(
  user: TestUser,
  org: TestOrg,
  options: { role?: Role; title?: Title; status?: Member["status"]; employeeNo?: string | null } = {},
): Promise<Member> {
  const role = options.role ?? "member";
  return {
    membershipId: await membershipIdOf(user, org, role),
    userId: user.id,
    name: user.name,
    phone: user.phone,
    employeeNo: options.employeeNo ?? null,
    status: options.status ?? "active",
    orgId: org.id,
    orgName: org.name,
    role,
    title: options.title ?? "党员",
  };
}

/** The world of `createWorld()` with named people in known places, for list assertions. */
async function staffedWorld() {
  const w = await createWorld();
  const wang = await createUser({ name: "王芳", roles: [{ org: w.branchA, role: "member" }] });
  const li = await createUser({ name: "李强", roles: [{ org: w.branchA, role: "lecturer", title: "委员" }] });
  const zhang = await createUser({ name: "张伟", roles: [{ org: w.branchB, role: "member", title: "预备党员" }] });
  const stranger = await createUser({ name: "王芳", roles: [{ org: w.outsiderOrg, role: "member" }] });
  return { ...w, wang, li, zhang, stranger };
}

function byListOrder(a: Member & { path: string }, b: Member & { path: string }) {
  return a.path.localeCompare(b.path, "en") || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.role < b.role ? -1 : 1);
}

describe("GET /api/orgs/{id}/members", () => {
  it("lists every member of the org's subtree by default, ordered by org then name, with the total", async () => {
    const w = await staffedWorld();
    const entries = [
      { ...(await memberView(w.organizer, w.committee, { role: "organizer", title: "书记" })), path: w.committee.path },
      { ...(await memberView(w.member, w.branchA)), path: w.branchA.path },
      { ...(await memberView(w.wang, w.branchA)), path: w.branchA.path },
      { ...(await memberView(w.li, w.branchA, { role: "lecturer", title: "委员" })), path: w.branchA.path },
      { ...(await memberView(w.zhang, w.branchB, { title: "预备党员" })), path: w.branchB.path },
    ].sort(byListOrder);
    const body = await expectStatus(call(`/api/orgs/${w.committee.id}/members`, { token: await loginAs(w.organizer) }), 200);
    expect(body).toEqual({ items: entries.map(({ path: _path, ...member }) => member), total: 5, people: 5, page: 1, pageSize: 50 });
  });

  it("lists only the org's own members with subtree=false", async () => {
    const w = await staffedWorld();
    const token = await loginAs(w.organizer);
    const own = await expectStatus(call(`/api/orgs/${w.committee.id}/members?subtree=false`, { token }), 200);
    expect(own).toEqual({
      items: [await memberView(w.organizer, w.committee, { role: "organizer", title: "书记" })],
      total: 1,
      people: 1,
      page: 1,
      pageSize: 50,
    });
    const branch = await expectStatus<MemberPage>(call(`/api/orgs/${w.branchA.id}/members?subtree=false`, { token }), 200);
    expect(branch.items.map((m) => m.userId).sort()).toEqual([w.member.id, w.wang.id, w.li.id].sort());
  });

  it("searches by part of a name, by phone prefix (not the middle of a phone) and by employee number", async () => {
    const w = await staffedWorld();
    await env.DB.prepare("update users set employee_no = 'E-778' where id = ?").bind(w.zhang.id).run();
    const token = await loginAs(w.organizer);
    const search = (q: string) =>
      expectStatus<MemberPage>(call(`/api/orgs/${w.committee.id}/members?q=${encodeURIComponent(q)}`, { token }), 200);

    const byName = await search("芳");
    expect(byName).toEqual({ items: [await memberView(w.wang, w.branchA)], total: 1, people: 1, page: 1, pageSize: 50 });
    expect((await search(w.li.phone.slice(0, 8))).items.map((m) => m.userId)).toEqual([w.li.id]);
    expect((await search(w.li.phone.slice(3, 10))).total).toBe(0);
    expect((await search("E-778")).items).toEqual([await memberView(w.zhang, w.branchB, { title: "预备党员", employeeNo: "E-778" })]);
    // The other committee's 王芳 is never found.
    expect((await search("王芳")).items.map((m) => m.userId)).toEqual([w.wang.id]);
  });

  it("filters by role", async () => {
    const w = await staffedWorld();
    const body = await expectStatus(call(`/api/orgs/${w.committee.id}/members?role=lecturer`, { token: await loginAs(w.organizer) }), 200);
    expect(body).toEqual({
      items: [await memberView(w.li, w.branchA, { role: "lecturer", title: "委员" })],
      total: 1,
      people: 1,
      page: 1,
      pageSize: 50,
    });
  });

  it("pages through members with the total of all pages", async () => {
    const w = await createWorld();
    const group = await createOrg({ parent: w.branchB, kind: "group" });
    for (const name of ["甲", "乙", "丙", "丁", "戊"]) await createUser({ name: `成员${name}`, roles: [{ org: group, role: "member" }] });
    const token = await loginAs(w.organizer);
    const first = await expectStatus<MemberPage>(call(`/api/orgs/${group.id}/members?pageSize=2`, { token }), 200);
    const third = await expectStatus<MemberPage>(call(`/api/orgs/${group.id}/members?pageSize=2&page=3`, { token }), 200);
    const beyond = await expectStatus<MemberPage>(call(`/api/orgs/${group.id}/members?pageSize=2&page=4`, { token }), 200);
    expect(first).toMatchObject({ total: 5, people: 5, page: 1, pageSize: 2 });
    expect(first.items.map((m) => m.name)).toEqual(["成员丁", "成员丙"]);
    expect(third).toMatchObject({ total: 5, people: 5, page: 3, pageSize: 2 });
    expect(third.items.map((m) => m.name)).toEqual(["成员甲"]);
    expect(beyond).toEqual({ items: [], total: 5, people: 5, page: 4, pageSize: 2 });
  });

  it("counts people once however many of the listed roles they hold; total counts the roles", async () => {
    const w = await createWorld();
    const group = await createOrg({ parent: w.branchB, kind: "group" });
    const zhao = await createUser({
      name: "赵敏",
      roles: [
        { org: group, role: "member" },
        { org: group, role: "lecturer", title: "委员" },
      ],
    });
    const qian = await createUser({ name: "钱多", roles: [{ org: group, role: "member" }] });
    const token = await loginAs(w.organizer);

    const all = await expectStatus<MemberPage>(call(`/api/orgs/${group.id}/members`, { token }), 200);
    expect(all).toEqual({
      items: [
        await memberView(zhao, group, { role: "lecturer", title: "委员" }),
        await memberView(zhao, group),
        await memberView(qian, group),
      ],
      total: 3,
      people: 2,
      page: 1,
      pageSize: 50,
    });
    // Both counts are of everything the filter matches, not of the page.
    const firstOfThree = await expectStatus<MemberPage>(call(`/api/orgs/${group.id}/members?pageSize=1`, { token }), 200);
    expect(firstOfThree).toEqual({ ...all, items: all.items.slice(0, 1), pageSize: 1 });
    const members = await expectStatus<MemberPage>(call(`/api/orgs/${group.id}/members?role=member`, { token }), 200);
    expect(members).toMatchObject({ total: 2, people: 2 });
  });

  it("answers 403 to a member, even for their own branch, and 404 for a branch they cannot see", async () => {
    const w = await staffedWorld();
    const token = await loginAs(w.member);
    for (const org of [w.branchA, w.committee]) {
      expect(await expectStatus(call(`/api/orgs/${org.id}/members`, { token }), 403)).toEqual(FORBIDDEN);
    }
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}/members`, { token }), 404)).toEqual(ORG_NOT_FOUND);
  });

  it("answers 404 to an organizer of another committee", async () => {
    const w = await staffedWorld();
    expect(await expectStatus(call(`/api/orgs/${w.committee.id}/members`, { token: await loginAs(w.outsider) }), 404)).toEqual(
      ORG_NOT_FOUND,
    );
  });

  it.each([["pageSize=0"], ["pageSize=201"], ["page=0"], ["page=abc"], ["role=boss"], ["subtree=maybe"], [`q=${"党".repeat(65)}`]])(
    "answers 400 for the query %s",
    async (query) => {
      const w = await staffedWorld();
      const body = await expectStatus(
        call(`/api/orgs/${w.committee.id}/members?${encodeURI(query)}`, { token: await loginAs(w.organizer) }),
        400,
      );
      expect(body).toEqual(validationFailed("query"));
    },
  );

  it("answers 404 for an unknown org and 400 for a malformed id", async () => {
    const w = await staffedWorld();
    const token = await loginAs(w.organizer);
    expect(await expectStatus(call(`/api/orgs/${createId()}/members`, { token }), 404)).toEqual(ORG_NOT_FOUND);
    expect(await expectStatus(call("/api/orgs/x!/members", { token }), 400)).toEqual(validationFailed("param"));
  });

  it("needs a session", async () => {
    const w = await staffedWorld();
    expect(await expectStatus(call(`/api/orgs/${w.committee.id}/members`), 401)).toEqual(UNAUTHENTICATED);
  });
});

describe("POST /api/orgs/{id}/members", () => {
  it("adds a new person as a pending account with a one-time code that activates it", async () => {
    const w = await createWorld();
    const phone = uniquePhone();
    const typed = `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)}-${phone.slice(7)}`;
    const body = await expectStatus<{ member: Member; activationCode: string }>(
      call(`/api/orgs/${w.branchA.id}/members`, {
        token: await loginAs(w.organizer),
        body: { name: " 赵敏 ", phone: typed, title: "组织委员", employeeNo: "A1001" },
      }),
      201,
    );
    expect(body).toEqual({
      member: {
        membershipId: expect.any(String),
        userId: expect.any(String),
        name: "赵敏",
        phone,
        employeeNo: "A1001",
        status: "pending",
        orgId: w.branchA.id,
        orgName: w.branchA.name,
        role: "member",
        title: "组织委员",
      },
      activationCode: expect.stringMatching(ACTIVATION_CODE),
    });
    const user = await env.DB.prepare(
      "select status, password_hash, activation_code_hash, activation_expires_at from users where phone = ?",
    )
      .bind(phone)
      .first();
    expect(user).toEqual({
      status: "pending",
      password_hash: null,
      activation_code_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      activation_expires_at: expect.any(Number),
    });
    expect(await auditOf(body.member.membershipId)).toEqual([
      {
        actorId: w.organizer.id,
        action: "member.add",
        entityType: "membership",
        entityId: body.member.membershipId,
        orgId: w.branchA.id,
        before: null,
        after: { userId: body.member.userId, name: "赵敏", phone, role: "member", title: "组织委员", newAccount: true },
      },
    ]);

    const activated = await expectStatus<{ token: string }>(
      call("/api/auth/activate", { body: { login: phone, code: body.activationCode, password: "Fresh2026pw" } }),
      200,
    );
    expect(await expectStatus(call("/api/me", { token: activated.token }), 200)).toMatchObject({ id: body.member.userId, name: "赵敏" });
    expect(await env.DB.prepare("select status from users where phone = ?").bind(phone).first()).toEqual({ status: "active" });
  });

  it("adds a person already known by phone and name to another org without a new account or code", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const usersBefore = await countRows("users");
    const body = await expectStatus(
      call(`/api/orgs/${w.branchB.id}/members`, { token, body: { name: w.member.name, phone: w.member.phone, role: "lecturer" } }),
      201,
    );
    expect(body).toEqual({ member: await memberView(w.member, w.branchB, { role: "lecturer" }) });
    expect(await countRows("users")).toBe(usersBefore);
    expect(await countRows("memberships", "user_id = ?", w.member.id)).toBe(2);
  });

  it("gives the same person a second role in the same org", async () => {
    const w = await createWorld();
    const body = await expectStatus(
      call(`/api/orgs/${w.branchA.id}/members`, {
        token: await loginAs(w.organizer),
        body: { name: w.member.name, phone: w.member.phone, role: "organizer" },
      }),
      201,
    );
    expect(body).toEqual({ member: await memberView(w.member, w.branchA, { role: "organizer" }) });
  });

  it("refuses a known phone under a different name with 409 and changes nothing", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(
      call(`/api/orgs/${w.branchB.id}/members`, { token, body: { name: "另一个人", phone: w.member.phone } }),
      409,
    );
    expect(body).toEqual(errorEnvelope("CONFLICT", "该手机号已被另一位姓名不同的人使用，请核对手机号和姓名"));
    await expectUnchanged(before);
  });

  it("refuses the same role in the same org twice with 409 and changes nothing", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(
      call(`/api/orgs/${w.branchA.id}/members`, { token, body: { name: w.member.name, phone: w.member.phone } }),
      409,
    );
    expect(body).toEqual(errorEnvelope("CONFLICT", "该成员在此组织中已有此角色"));
    await expectUnchanged(before);
  });

  it("answers 403 to a member adding to their own branch and 404 for a branch they cannot see", async () => {
    const w = await createWorld();
    const token = await loginAs(w.member);
    const before = await dbState();
    const input = { name: "新人", phone: uniquePhone() };
    expect(await expectStatus(call(`/api/orgs/${w.branchA.id}/members`, { token, body: input }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}/members`, { token, body: input }), 404)).toEqual(ORG_NOT_FOUND);
    await expectUnchanged(before);
  });

  it("answers 404 to an organizer of another committee", async () => {
    const w = await createWorld();
    const before = await dbState();
    const body = await expectStatus(
      call(`/api/orgs/${w.branchA.id}/members`, { token: await loginAs(w.outsider), body: { name: "新人", phone: uniquePhone() } }),
      404,
    );
    expect(body).toEqual(ORG_NOT_FOUND);
    await expectUnchanged(before);
  });

  it.each([
    ["missing fields", {}],
    ["no phone", { name: "新人" }],
    ["no name", { phone: "PHONE" }],
    ["a phone that is not a mobile number", { name: "新人", phone: "010-12345678" }],
    ["a phone of the wrong type", { name: "新人", phone: 13800000000 }],
    ["a name of 65 characters", { name: "党".repeat(65), phone: "PHONE" }],
    ["an unknown title", { name: "新人", phone: "PHONE", title: "主席" }],
    ["an unknown role", { name: "新人", phone: "PHONE", role: "admin" }],
    ["an employee number of 33 characters", { name: "新人", phone: "PHONE", employeeNo: "9".repeat(33) }],
    ["an unknown field", { name: "新人", phone: "PHONE", isAdmin: true }],
  ])("answers 400 for %s and changes nothing", async (_, input) => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const body = JSON.parse(JSON.stringify(input).replace('"PHONE"', JSON.stringify(uniquePhone())));
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${w.branchA.id}/members`, { token, body }), 400)).toEqual(validationFailed("json"));
    await expectUnchanged(before);
  });

  it("answers 404 for an unknown org and 400 for a malformed id, changing nothing", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const input = { name: "新人", phone: uniquePhone() };
    expect(await expectStatus(call(`/api/orgs/${createId()}/members`, { token, body: input }), 404)).toEqual(ORG_NOT_FOUND);
    expect(await expectStatus(call("/api/orgs/x!/members", { token, body: input }), 400)).toEqual(validationFailed("param"));
    await expectUnchanged(before);
  });

  it("needs a session", async () => {
    const w = await createWorld();
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${w.branchA.id}/members`, { body: { name: "新人", phone: uniquePhone() } }), 401)).toEqual(
      UNAUTHENTICATED,
    );
    await expectUnchanged(before);
  });
});

describe("PATCH /api/memberships/{id}", () => {
  it("changes a member's title and audits it", async () => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.member, w.branchA);
    const body = await expectStatus(
      call(`/api/memberships/${membershipId}`, { method: "PATCH", token: await loginAs(w.organizer), body: { title: "书记" } }),
      200,
    );
    expect(body).toEqual({ member: await memberView(w.member, w.branchA, { title: "书记" }) });
    expect(await env.DB.prepare("select title from memberships where id = ?").bind(membershipId).first()).toEqual({ title: "书记" });
    expect(await auditOf(membershipId)).toEqual([
      {
        actorId: w.organizer.id,
        action: "member.updateTitle",
        entityType: "membership",
        entityId: membershipId,
        orgId: w.branchA.id,
        before: { title: "党员" },
        after: { title: "书记" },
      },
    ]);
  });

  it("writes nothing when the title is already the one asked for", async () => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.member, w.branchA);
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(call(`/api/memberships/${membershipId}`, { method: "PATCH", token, body: { title: "党员" } }), 200);
    expect(body).toEqual({ member: await memberView(w.member, w.branchA) });
    await expectUnchanged(before);
  });

  it("answers 404 to a member (even for their own membership) and to an organizer of another committee", async () => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.member, w.branchA);
    const before = await dbState();
    for (const caller of [w.member, w.outsider]) {
      const body = await expectStatus(
        call(`/api/memberships/${membershipId}`, { method: "PATCH", token: await loginAs(caller), body: { title: "书记" } }),
        404,
      );
      expect(body).toEqual(MEMBERSHIP_NOT_FOUND);
    }
    await expectUnchanged(before);
  });

  it("answers 404 to a branch organizer for a membership in the committee above", async () => {
    const w = await createWorld();
    const secretary = await createUser({ roles: [{ org: w.branchA, role: "organizer" }] });
    const membershipId = await membershipIdOf(w.organizer, w.committee, "organizer");
    const before = await dbState();
    const body = await expectStatus(
      call(`/api/memberships/${membershipId}`, { method: "PATCH", token: await loginAs(secretary), body: { title: "党员" } }),
      404,
    );
    expect(body).toEqual(MEMBERSHIP_NOT_FOUND);
    await expectUnchanged(before);
  });

  it.each([
    ["an empty body", {}],
    ["an unknown title", { title: "主席" }],
    ["a title of the wrong type", { title: 1 }],
    ["an unknown field", { title: "书记", role: "organizer" }],
  ])("answers 400 for %s and changes nothing", async (_, input) => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.member, w.branchA);
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/memberships/${membershipId}`, { method: "PATCH", token, body: input }), 400)).toEqual(
      validationFailed("json"),
    );
    await expectUnchanged(before);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/memberships/${createId()}`, { method: "PATCH", token, body: { title: "书记" } }), 404)).toEqual(
      MEMBERSHIP_NOT_FOUND,
    );
    expect(await expectStatus(call("/api/memberships/x!", { method: "PATCH", token, body: { title: "书记" } }), 400)).toEqual(
      validationFailed("param"),
    );
    await expectUnchanged(before);
  });

  it("needs a session", async () => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.member, w.branchA);
    const before = await dbState();
    expect(await expectStatus(call(`/api/memberships/${membershipId}`, { method: "PATCH", body: { title: "书记" } }), 401)).toEqual(
      UNAUTHENTICATED,
    );
    await expectUnchanged(before);
  });
});

describe("DELETE /api/memberships/{id}", () => {
  it("removes a person's role in an org and audits what it was", async () => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.member, w.branchA);
    const removed = await memberView(w.member, w.branchA);
    expect(
      await expectStatus(call(`/api/memberships/${membershipId}`, { method: "DELETE", token: await loginAs(w.organizer) }), 200),
    ).toEqual({ ok: true });
    expect(await countRows("memberships", "id = ?", membershipId)).toBe(0);
    expect(await countRows("users", "id = ?", w.member.id)).toBe(1);
    expect(await auditOf(membershipId)).toEqual([
      {
        actorId: w.organizer.id,
        action: "member.remove",
        entityType: "membership",
        entityId: membershipId,
        orgId: w.branchA.id,
        before: removed,
        after: null,
      },
    ]);
  });

  it("lets an organizer remove another organizer's role in the same org", async () => {
    const w = await createWorld();
    const deputy = await createUser({ roles: [{ org: w.committee, role: "organizer", title: "副书记" }] });
    const membershipId = await membershipIdOf(deputy, w.committee, "organizer");
    expect(
      await expectStatus(call(`/api/memberships/${membershipId}`, { method: "DELETE", token: await loginAs(w.organizer) }), 200),
    ).toEqual({ ok: true });
    expect(await countRows("memberships", "id = ?", membershipId)).toBe(0);
  });

  it("refuses to remove the caller's own organizer role with 409 and changes nothing", async () => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.organizer, w.committee, "organizer");
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(call(`/api/memberships/${membershipId}`, { method: "DELETE", token }), 409);
    expect(body).toEqual(errorEnvelope("CONFLICT", "不能移除自己的组织管理员角色，请由上级组织管理员操作"));
    await expectUnchanged(before);
  });

  it("answers 404 to a member, to a branch organizer for the committee's organizer, and to an organizer of another committee", async () => {
    const w = await createWorld();
    const secretary = await createUser({ roles: [{ org: w.branchA, role: "organizer" }] });
    const memberMembership = await membershipIdOf(w.member, w.branchA);
    const organizerMembership = await membershipIdOf(w.organizer, w.committee, "organizer");
    const before = await dbState();
    for (const [caller, membershipId] of [
      [w.member, memberMembership],
      [secretary, organizerMembership],
      [w.outsider, memberMembership],
    ] as const) {
      expect(await expectStatus(call(`/api/memberships/${membershipId}`, { method: "DELETE", token: await loginAs(caller) }), 404)).toEqual(
        MEMBERSHIP_NOT_FOUND,
      );
    }
    await expectUnchanged(before);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/memberships/${createId()}`, { method: "DELETE", token }), 404)).toEqual(MEMBERSHIP_NOT_FOUND);
    expect(await expectStatus(call("/api/memberships/x!", { method: "DELETE", token }), 400)).toEqual(validationFailed("param"));
    await expectUnchanged(before);
  });

  it("needs a session", async () => {
    const w = await createWorld();
    const membershipId = await membershipIdOf(w.member, w.branchA);
    const before = await dbState();
    expect(await expectStatus(call(`/api/memberships/${membershipId}`, { method: "DELETE" }), 401)).toEqual(UNAUTHENTICATED);
    await expectUnchanged(before);
  });
});

describe("POST /api/users/{id}/activation-code", () => {
  it("issues a new code for a pending person in my subtree; it replaces the old one", async () => {
    const w = await createWorld();
    const pending = await createUser({ status: "pending", activationCode: "ABCD2345", roles: [{ org: w.branchA, role: "member" }] });
    const start = Date.now();
    const body = await expectStatus<{ activationCode: string; expiresAt: number }>(
      call(`/api/users/${pending.id}/activation-code`, { token: await loginAs(w.organizer), method: "POST" }),
      200,
    );
    expect(body).toEqual({ activationCode: expect.stringMatching(ACTIVATION_CODE), expiresAt: expect.any(Number) });
    expect(body.expiresAt).toBeGreaterThanOrEqual(start + 14 * DAY);
    expect(body.expiresAt).toBeLessThanOrEqual(Date.now() + 14 * DAY);
    expect(await auditOf(pending.id)).toEqual([
      {
        actorId: w.organizer.id,
        action: "user.issueActivationCode",
        entityType: "user",
        entityId: pending.id,
        orgId: w.branchA.id,
        before: null,
        after: null,
      },
    ]);
    await expectStatus(call("/api/auth/activate", { body: { login: pending.phone, code: "ABCD2345", password: "Fresh2026pw" } }), 401);
    await expectStatus(
      call("/api/auth/activate", { body: { login: pending.phone, code: body.activationCode, password: "Fresh2026pw" } }),
      200,
    );
  });

  it("resets an active member's password: the code sets a new one and the old one stops working", async () => {
    const w = await createWorld();
    const body = await expectStatus<{ activationCode: string }>(
      call(`/api/users/${w.member.id}/activation-code`, { token: await loginAs(w.organizer), body: {} }),
      200,
    );
    await expectStatus(
      call("/api/auth/activate", { body: { login: w.member.phone, code: body.activationCode, password: "Reset2026pw" } }),
      200,
    );
    await expectStatus(call("/api/auth/login", { body: { login: w.member.phone, password: TEST_PASSWORD } }), 401);
    await expectStatus(call("/api/auth/login", { body: { login: w.member.phone, password: "Reset2026pw" } }), 200);
  });

  it("answers 404 for a person outside the orgs I manage: other committees, and for a member, anyone", async () => {
    const w = await createWorld();
    const elsewhere = await createUser({ roles: [{ org: w.outsiderOrg, role: "member" }] });
    const neighbour = await createUser({ roles: [{ org: w.branchA, role: "member" }] });
    const before = await dbState();
    for (const [caller, target] of [
      [w.organizer, elsewhere],
      [w.outsider, w.member],
      [w.member, neighbour],
      [w.member, w.member],
    ] as const) {
      const body = await expectStatus(
        call(`/api/users/${target.id}/activation-code`, { token: await loginAs(caller), method: "POST" }),
        404,
      );
      expect(body).toEqual(USER_NOT_FOUND);
    }
    await expectUnchanged(before);
  });

  it("answers 403 for an admin's account unless the caller is an admin", async () => {
    const w = await createWorld();
    const admin = await createUser({ isAdmin: true, roles: [{ org: w.branchA, role: "member" }] });
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/users/${admin.id}/activation-code`, { token, method: "POST" }), 403)).toEqual(FORBIDDEN);
    await expectUnchanged(before);
    const otherAdmin = await createUser({ isAdmin: true });
    await expectStatus(call(`/api/users/${admin.id}/activation-code`, { token: await loginAs(otherAdmin), method: "POST" }), 200);
  });

  it("answers 403 to a branch organizer for someone who also holds a role above or outside their branch", async () => {
    const w = await createWorld();
    // The committee's secretary also sits in branch A as an ordinary member.
    await env.DB.prepare(
      "insert into memberships (id, user_id, org_id, role, title, created_at, updated_at) values (?, ?, ?, 'member', '党员', 0, 0)",
    )
      .bind(createId(), w.organizer.id, w.branchA.id)
      .run();
    const twoCommittees = await createUser({
      roles: [
        { org: w.branchA, role: "member" },
        { org: w.outsiderOrg, role: "member" },
      ],
    });
    const secretary = await createUser({ roles: [{ org: w.branchA, role: "organizer" }] });
    const token = await loginAs(secretary);
    const before = await dbState();
    for (const target of [w.organizer, twoCommittees]) {
      expect(await expectStatus(call(`/api/users/${target.id}/activation-code`, { token, method: "POST" }), 403)).toEqual(FORBIDDEN);
    }
    await expectUnchanged(before);
    // Only an organizer who manages all of a person's orgs may: the committee's organizer for the branch secretary, but
    // not for someone who also belongs to another committee.
    const committee = await loginAs(w.organizer);
    await expectStatus(call(`/api/users/${secretary.id}/activation-code`, { token: committee, method: "POST" }), 200);
    await expectStatus(call(`/api/users/${twoCommittees.id}/activation-code`, { token: committee, method: "POST" }), 403);
  });

  it("answers 400 for a body with fields, 404 for an unknown id and 400 for a malformed one, changing nothing", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/users/${w.member.id}/activation-code`, { token, body: { code: "ABCD2345" } }), 400)).toEqual(
      validationFailed("json"),
    );
    expect(await expectStatus(call(`/api/users/${createId()}/activation-code`, { token, method: "POST" }), 404)).toEqual(USER_NOT_FOUND);
    expect(await expectStatus(call("/api/users/x!/activation-code", { token, method: "POST" }), 400)).toEqual(validationFailed("param"));
    await expectUnchanged(before);
  });

  it("needs a session", async () => {
    const w = await createWorld();
    const before = await dbState();
    expect(await expectStatus(call(`/api/users/${w.member.id}/activation-code`, { method: "POST" }), 401)).toEqual(UNAUTHENTICATED);
    await expectUnchanged(before);
  });
});

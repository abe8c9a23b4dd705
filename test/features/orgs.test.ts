import { env } from "cloudflare:test";
import { createId } from "@paralleldrive/cuid2";
import { describe, expect, it } from "vitest";
import type { OrgKind } from "../../worker/db/schema";
import { auditOf, countRows, dbState, expectUnchanged } from "../helpers/db-state";
import { createOrg, createUser, createWorld, loginAs, type TestOrg } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

type OrgBody = {
  id: string;
  parentId: string | null;
  name: string;
  kind: OrgKind;
  depth: number;
  path: string;
  memberCount: number;
  canManage: boolean;
};

/** The API's view of an org, whole. */
function orgView(org: TestOrg, parent: TestOrg | null, extra: { memberCount: number; canManage: boolean }): OrgBody {
  return {
    id: org.id,
    parentId: parent?.id ?? null,
    name: org.name,
    kind: org.kind,
    depth: org.path.split("/").length - 3,
    path: org.path,
    ...extra,
  };
}

/** A committee with two named branches and a group under branch A, so list order is known. */
async function namedTree() {
  const world = await createWorld();
  await env.DB.batch([
    env.DB.prepare("update orgs set name = '第一支部' where id = ?").bind(world.branchA.id),
    env.DB.prepare("update orgs set name = '第二支部' where id = ?").bind(world.branchB.id),
  ]);
  const branchA = { ...world.branchA, name: "第一支部" };
  const branchB = { ...world.branchB, name: "第二支部" };
  const group = await createOrg({ parent: branchA, kind: "group", name: "第一党小组" });
  return { ...world, branchA, branchB, group };
}

const NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该组织");
const FORBIDDEN = errorEnvelope("FORBIDDEN", "您没有权限进行此操作");
const UNAUTHENTICATED = errorEnvelope("UNAUTHENTICATED", "请先登录");

function validationFailed(target = "json") {
  return errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
    target,
    issues: expect.arrayContaining([expect.objectContaining({ path: expect.any(String), message: expect.any(String) })]),
  });
}

describe("GET /api/orgs", () => {
  it("shows an organizer their whole subtree, each org manageable, with member counts", async () => {
    const w = await namedTree();
    await createUser({ roles: [{ org: w.branchA, role: "member" }] });
    const body = await expectStatus(call("/api/orgs", { token: await loginAs(w.organizer) }), 200);
    expect(body).toEqual({
      orgs: [
        orgView(w.committee, null, { memberCount: 1, canManage: true }),
        orgView(w.branchA, w.committee, { memberCount: 2, canManage: true }),
        orgView(w.branchB, w.committee, { memberCount: 0, canManage: true }),
        orgView(w.group, w.branchA, { memberCount: 0, canManage: true }),
      ],
    });
  });

  it("shows a branch organizer the way up (not manageable), their branch's subtree, and no sibling branch", async () => {
    const w = await namedTree();
    const secretary = await createUser({ roles: [{ org: w.branchA, role: "organizer", title: "书记" }] });
    const body = await expectStatus(call("/api/orgs", { token: await loginAs(secretary) }), 200);
    expect(body).toEqual({
      orgs: [
        orgView(w.committee, null, { memberCount: 1, canManage: false }),
        orgView(w.branchA, w.committee, { memberCount: 2, canManage: true }),
        orgView(w.group, w.branchA, { memberCount: 0, canManage: true }),
      ],
    });
  });

  it("shows a member only their own org and its ancestors: no sibling branch, no other committee", async () => {
    const w = await namedTree();
    const body = await expectStatus(call("/api/orgs", { token: await loginAs(w.member) }), 200);
    expect(body).toEqual({
      orgs: [
        orgView(w.committee, null, { memberCount: 1, canManage: false }),
        orgView(w.branchA, w.committee, { memberCount: 1, canManage: false }),
      ],
    });
  });

  it("shows an admin the orgs of every committee, all manageable", async () => {
    const w = await namedTree();
    const admin = await createUser({ isAdmin: true });
    const body = await expectStatus<{ orgs: OrgBody[] }>(call("/api/orgs", { token: await loginAs(admin) }), 200);
    const ids = body.orgs.map((org) => org.id);
    for (const org of [w.committee, w.branchA, w.branchB, w.group, w.outsiderOrg]) expect(ids).toContain(org.id);
    expect(body.orgs.every((org) => org.canManage)).toBe(true);
  });

  it("orders siblings by sortOrder before name", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    await expectStatus(call(`/api/orgs/${w.branchA.id}`, { method: "PATCH", token, body: { sortOrder: 5 } }), 200);
    const body = await expectStatus<{ orgs: OrgBody[] }>(call("/api/orgs", { token }), 200);
    expect(body.orgs.map((org) => org.name)).toEqual([w.committee.name, "第二支部", "第一支部", "第一党小组"]);
  });

  it("needs a session", async () => {
    expect(await expectStatus(call("/api/orgs"), 401)).toEqual(UNAUTHENTICATED);
  });
});

describe("GET /api/orgs/{id}", () => {
  it("gives an organizer the org with its ancestors and children", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    expect(await expectStatus(call(`/api/orgs/${w.branchA.id}`, { token }), 200)).toEqual({
      org: orgView(w.branchA, w.committee, { memberCount: 1, canManage: true }),
      ancestors: [{ id: w.committee.id, name: w.committee.name, kind: "committee" }],
      children: [orgView(w.group, w.branchA, { memberCount: 0, canManage: true })],
    });
    expect(await expectStatus(call(`/api/orgs/${w.committee.id}`, { token }), 200)).toEqual({
      org: orgView(w.committee, null, { memberCount: 1, canManage: true }),
      ancestors: [],
      children: [
        orgView(w.branchA, w.committee, { memberCount: 1, canManage: true }),
        orgView(w.branchB, w.committee, { memberCount: 0, canManage: true }),
      ],
    });
  });

  it("lets a member read their committee, but lists only the children they may see", async () => {
    const w = await namedTree();
    const body = await expectStatus(call(`/api/orgs/${w.committee.id}`, { token: await loginAs(w.member) }), 200);
    expect(body).toEqual({
      org: orgView(w.committee, null, { memberCount: 1, canManage: false }),
      ancestors: [],
      children: [orgView(w.branchA, w.committee, { memberCount: 1, canManage: false })],
    });
  });

  it("answers 404 to a member for a sibling branch and to an organizer of another committee", async () => {
    const w = await namedTree();
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}`, { token: await loginAs(w.member) }), 404)).toEqual(NOT_FOUND);
    const outsider = await loginAs(w.outsider);
    for (const org of [w.committee, w.branchA, w.group]) {
      expect(await expectStatus(call(`/api/orgs/${org.id}`, { token: outsider }), 404)).toEqual(NOT_FOUND);
    }
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    expect(await expectStatus(call(`/api/orgs/${createId()}`, { token }), 404)).toEqual(NOT_FOUND);
    expect(await expectStatus(call("/api/orgs/x!", { token }), 400)).toEqual(validationFailed("param"));
  });

  it("needs a session", async () => {
    const w = await namedTree();
    expect(await expectStatus(call(`/api/orgs/${w.committee.id}`), 401)).toEqual(UNAUTHENTICATED);
  });
});

describe("POST /api/orgs", () => {
  it("keeps a name as typed: full-width brackets and letters stay, only NFC and outer spaces apply", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const body = await expectStatus<{ org: OrgBody }>(
      call("/api/orgs", { token, body: { parentId: w.committee.id, name: " 第三党支部（ＡＢ车间）Cafe\u0301 ", kind: "branch" } }),
      201,
    );
    expect(body.org.name).toBe("第三党支部（ＡＢ车间）Café");
    const renamed = await expectStatus<{ org: OrgBody }>(
      call(`/api/orgs/${body.org.id}`, { method: "PATCH", token, body: { name: "第三党支部（研发）" } }),
      200,
    );
    expect(renamed.org.name).toBe("第三党支部（研发）");
  });

  it("lets an organizer add a branch under their committee, and audits it", async () => {
    const w = await namedTree();
    const body = await expectStatus<{ org: OrgBody }>(
      call("/api/orgs", { token: await loginAs(w.organizer), body: { parentId: w.committee.id, name: "  丙支部 ", kind: "branch" } }),
      201,
    );
    const id = body.org.id;
    expect(body).toEqual({
      org: {
        id: expect.stringMatching(/^[a-z0-9]{8,40}$/),
        parentId: w.committee.id,
        name: "丙支部",
        kind: "branch",
        depth: 1,
        path: `${w.committee.path}${id}/`,
        memberCount: 0,
        canManage: true,
      },
    });
    const row = await env.DB.prepare("select parent_id, path, depth, kind, name from orgs where id = ?").bind(id).first();
    expect(row).toEqual({ parent_id: w.committee.id, path: `${w.committee.path}${id}/`, depth: 1, kind: "branch", name: "丙支部" });
    expect(await auditOf(id)).toEqual([
      {
        actorId: w.organizer.id,
        action: "org.create",
        entityType: "org",
        entityId: id,
        orgId: id,
        before: null,
        after: { name: "丙支部", kind: "branch", parentId: w.committee.id },
      },
    ]);
  });

  it("lets an organizer add a group under a branch in their subtree", async () => {
    const w = await namedTree();
    const body = await expectStatus<{ org: OrgBody }>(
      call("/api/orgs", { token: await loginAs(w.organizer), body: { parentId: w.branchB.id, name: "第二党小组", kind: "group" } }),
      201,
    );
    expect(body.org).toMatchObject({ parentId: w.branchB.id, kind: "group", depth: 2, path: `${w.branchB.path}${body.org.id}/` });
  });

  it("refuses a kind that may not sit under the parent (a group under a committee) with 400, changing nothing", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(
      call("/api/orgs", { token, body: { parentId: w.committee.id, name: "直属党小组", kind: "group" } }),
      400,
    );
    expect(body).toEqual(
      errorEnvelope("VALIDATION_FAILED", "“党小组”不能设在“党委”之下", {
        issues: [{ path: "kind", message: "“党小组”不能设在“党委”之下" }],
      }),
    );
    await expectUnchanged(before);
  });

  it("keeps new top-level committees to admins: an organizer gets 403 and nothing changes", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call("/api/orgs", { token, body: { parentId: null, name: "新党委", kind: "committee" } }), 403)).toEqual(
      FORBIDDEN,
    );
    await expectUnchanged(before);
  });

  it("lets an admin add a top-level committee, and only a committee", async () => {
    const admin = await loginAs(await createUser({ isAdmin: true }));
    const name = `新党委${createId().slice(0, 6)}`;
    const body = await expectStatus<{ org: OrgBody }>(
      call("/api/orgs", { token: admin, body: { parentId: null, name, kind: "committee" } }),
      201,
    );
    expect(body).toEqual({
      org: {
        id: expect.any(String),
        parentId: null,
        name,
        kind: "committee",
        depth: 0,
        path: `/${body.org.id}/`,
        memberCount: 0,
        canManage: true,
      },
    });
    const before = await dbState();
    const branch = await expectStatus(call("/api/orgs", { token: admin, body: { parentId: null, name: "孤立支部", kind: "branch" } }), 400);
    expect(branch).toEqual(
      errorEnvelope("VALIDATION_FAILED", "请选择上级组织", { issues: [{ path: "kind", message: "“党支部”不能设在“顶层”之下" }] }),
    );
    await expectUnchanged(before);
  });

  it("refuses a second org of the same name under the same parent with 409, but allows it under another parent", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(
      call("/api/orgs", { token, body: { parentId: w.committee.id, name: "第一支部", kind: "branch" } }),
      409,
    );
    expect(body).toEqual(errorEnvelope("CONFLICT", "同一上级组织下已有同名组织"));
    await expectUnchanged(before);
    await expectStatus(call("/api/orgs", { token, body: { parentId: w.branchB.id, name: "第一党小组", kind: "group" } }), 201);
  });

  it("answers 403 to a member adding under their own branch and 404 under a branch they cannot see", async () => {
    const w = await namedTree();
    const token = await loginAs(w.member);
    const before = await dbState();
    expect(await expectStatus(call("/api/orgs", { token, body: { parentId: w.branchA.id, name: "小组", kind: "group" } }), 403)).toEqual(
      FORBIDDEN,
    );
    expect(await expectStatus(call("/api/orgs", { token, body: { parentId: w.branchB.id, name: "小组", kind: "group" } }), 404)).toEqual(
      NOT_FOUND,
    );
    await expectUnchanged(before);
  });

  it("answers 404 to an organizer of another committee, as if the parent did not exist", async () => {
    const w = await namedTree();
    const before = await dbState();
    const body = await expectStatus(
      call("/api/orgs", { token: await loginAs(w.outsider), body: { parentId: w.committee.id, name: "渗透支部", kind: "branch" } }),
      404,
    );
    expect(body).toEqual(NOT_FOUND);
    await expectUnchanged(before);
  });

  it.each([
    ["missing fields", {}],
    ["no name", { parentId: "PARENT", kind: "branch" }],
    ["an empty name", { parentId: "PARENT", name: "   ", kind: "branch" }],
    ["a name of 65 characters", { parentId: "PARENT", name: "党".repeat(65), kind: "branch" }],
    ["a name of the wrong type", { parentId: "PARENT", name: 42, kind: "branch" }],
    ["an unknown kind", { parentId: "PARENT", name: "支部", kind: "club" }],
    ["a malformed parent id", { parentId: "x!", name: "支部", kind: "branch" }],
    ["an unknown field", { parentId: "PARENT", name: "支部", kind: "branch", timezone: "UTC" }],
  ])("answers 400 for %s and changes nothing", async (_, input) => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const body = JSON.parse(JSON.stringify(input).replace('"PARENT"', JSON.stringify(w.committee.id)));
    const before = await dbState();
    expect(await expectStatus(call("/api/orgs", { token, body }), 400)).toEqual(validationFailed());
    await expectUnchanged(before);
  });

  it("answers 404 for an unknown parent", async () => {
    const w = await namedTree();
    const before = await dbState();
    const body = await expectStatus(
      call("/api/orgs", { token: await loginAs(w.organizer), body: { parentId: createId(), name: "支部", kind: "branch" } }),
      404,
    );
    expect(body).toEqual(NOT_FOUND);
    await expectUnchanged(before);
  });

  it("needs a session", async () => {
    const w = await namedTree();
    const before = await dbState();
    expect(await expectStatus(call("/api/orgs", { body: { parentId: w.committee.id, name: "支部", kind: "branch" } }), 401)).toEqual(
      UNAUTHENTICATED,
    );
    await expectUnchanged(before);
  });
});

describe("PATCH /api/orgs/{id}", () => {
  it("renames an org, answers its new view, and audits the change", async () => {
    const w = await namedTree();
    const body = await expectStatus(
      call(`/api/orgs/${w.branchA.id}`, { method: "PATCH", token: await loginAs(w.organizer), body: { name: "电芯车间党支部" } }),
      200,
    );
    expect(body).toEqual({ org: { ...orgView(w.branchA, w.committee, { memberCount: 1, canManage: true }), name: "电芯车间党支部" } });
    expect(await env.DB.prepare("select name from orgs where id = ?").bind(w.branchA.id).first()).toEqual({ name: "电芯车间党支部" });
    expect(await auditOf(w.branchA.id)).toEqual([
      {
        actorId: w.organizer.id,
        action: "org.update",
        entityType: "org",
        entityId: w.branchA.id,
        orgId: w.branchA.id,
        before: { name: "第一支部", sortOrder: 0 },
        after: { name: "电芯车间党支部" },
      },
    ]);
  });

  it("refuses the name of a sibling with 409 and changes nothing", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(call(`/api/orgs/${w.branchA.id}`, { method: "PATCH", token, body: { name: "第二支部" } }), 409);
    expect(body).toEqual(errorEnvelope("CONFLICT", "同一上级组织下已有同名组织"));
    await expectUnchanged(before);
  });

  it("answers 403 to a member for orgs they see and 404 for one they do not, changing nothing", async () => {
    const w = await namedTree();
    const token = await loginAs(w.member);
    const before = await dbState();
    for (const org of [w.branchA, w.committee]) {
      expect(await expectStatus(call(`/api/orgs/${org.id}`, { method: "PATCH", token, body: { name: "改名" } }), 403)).toEqual(FORBIDDEN);
    }
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}`, { method: "PATCH", token, body: { name: "改名" } }), 404)).toEqual(
      NOT_FOUND,
    );
    await expectUnchanged(before);
  });

  it("answers 403 to a branch organizer renaming their committee", async () => {
    const w = await namedTree();
    const secretary = await createUser({ roles: [{ org: w.branchA, role: "organizer" }] });
    const before = await dbState();
    const body = await expectStatus(
      call(`/api/orgs/${w.committee.id}`, { method: "PATCH", token: await loginAs(secretary), body: { name: "改名" } }),
      403,
    );
    expect(body).toEqual(FORBIDDEN);
    await expectUnchanged(before);
  });

  it("answers 404 to an organizer of another committee", async () => {
    const w = await namedTree();
    const before = await dbState();
    const body = await expectStatus(
      call(`/api/orgs/${w.branchA.id}`, { method: "PATCH", token: await loginAs(w.outsider), body: { name: "改名" } }),
      404,
    );
    expect(body).toEqual(NOT_FOUND);
    await expectUnchanged(before);
  });

  it.each([
    ["an empty body", {}],
    ["an empty name", { name: "" }],
    ["a name of 65 characters", { name: "党".repeat(65) }],
    ["a name of the wrong type", { name: ["甲"] }],
    ["a negative sortOrder", { sortOrder: -1 }],
    ["a fractional sortOrder", { sortOrder: 1.5 }],
    ["an unknown field", { name: "新名", parentId: null }],
  ])("answers 400 for %s and changes nothing", async (_, input) => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${w.branchA.id}`, { method: "PATCH", token, body: input }), 400)).toEqual(validationFailed());
    await expectUnchanged(before);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${createId()}`, { method: "PATCH", token, body: { name: "新名" } }), 404)).toEqual(NOT_FOUND);
    expect(await expectStatus(call("/api/orgs/x!", { method: "PATCH", token, body: { name: "新名" } }), 400)).toEqual(
      validationFailed("param"),
    );
    await expectUnchanged(before);
  });

  it("needs a session", async () => {
    const w = await namedTree();
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${w.branchA.id}`, { method: "PATCH", body: { name: "新名" } }), 401)).toEqual(
      UNAUTHENTICATED,
    );
    await expectUnchanged(before);
  });
});

describe("DELETE /api/orgs/{id}", () => {
  it("lets the organizer of the parent delete an empty org, and audits it", async () => {
    const w = await namedTree();
    const body = await expectStatus(call(`/api/orgs/${w.branchB.id}`, { method: "DELETE", token: await loginAs(w.organizer) }), 200);
    expect(body).toEqual({ ok: true });
    expect(await countRows("orgs", "id = ?", w.branchB.id)).toBe(0);
    expect(await auditOf(w.branchB.id)).toEqual([
      {
        actorId: w.organizer.id,
        action: "org.delete",
        entityType: "org",
        entityId: w.branchB.id,
        orgId: w.committee.id,
        before: expect.objectContaining({
          id: w.branchB.id,
          name: "第二支部",
          kind: "branch",
          parentId: w.committee.id,
          path: w.branchB.path,
        }),
        after: null,
      },
    ]);
  });

  it("lets a branch organizer delete an empty group in their branch", async () => {
    const w = await namedTree();
    const secretary = await createUser({ roles: [{ org: w.branchA, role: "organizer" }] });
    expect(await expectStatus(call(`/api/orgs/${w.group.id}`, { method: "DELETE", token: await loginAs(secretary) }), 200)).toEqual({
      ok: true,
    });
    expect(await countRows("orgs", "id = ?", w.group.id)).toBe(0);
  });

  it.each([
    ["members", "branchA"],
    ["sub-orgs", "branchA-without-members"],
    ["an alliance", "branchB-in-alliance"],
  ])("refuses to delete an org that still has %s with 409, changing nothing and auditing nothing", async (_, which) => {
    const w = await namedTree();
    let target = w.branchA;
    if (which === "branchA-without-members") await env.DB.prepare("delete from memberships where org_id = ?").bind(w.branchA.id).run();
    if (which === "branchB-in-alliance") {
      const allianceId = createId();
      await env.DB.batch([
        env.DB.prepare("insert into alliances (id, name, description, created_at, updated_at) values (?, '产业链党建联盟', '', 0, 0)").bind(
          allianceId,
        ),
        env.DB.prepare("insert into alliance_orgs (alliance_id, org_id, created_at) values (?, ?, 0)").bind(allianceId, w.branchB.id),
      ]);
      target = w.branchB;
    }
    const token = await loginAs(w.organizer);
    const before = await dbState();
    const body = await expectStatus(call(`/api/orgs/${target.id}`, { method: "DELETE", token }), 409);
    expect(body).toEqual(errorEnvelope("CONFLICT", "该组织下还有下级组织或成员，不能删除"));
    await expectUnchanged(before);
    expect(await auditOf(target.id)).toEqual([]);
  });

  it("does not let an organizer delete their own top org (403), even when it is otherwise deletable", async () => {
    const w = await namedTree();
    const lonely = await createOrg({ kind: "committee" });
    const organizer = await createUser({ roles: [{ org: lonely, role: "organizer" }] });
    const token = await loginAs(organizer);
    const secretary = await createUser({ roles: [{ org: w.branchB, role: "organizer" }] });
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${lonely.id}`, { method: "DELETE", token }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}`, { method: "DELETE", token: await loginAs(secretary) }), 403)).toEqual(
      FORBIDDEN,
    );
    await expectUnchanged(before);
  });

  it("lets an admin delete an empty top-level committee", async () => {
    const lonely = await createOrg({ kind: "committee" });
    const admin = await loginAs(await createUser({ isAdmin: true }));
    expect(await expectStatus(call(`/api/orgs/${lonely.id}`, { method: "DELETE", token: admin }), 200)).toEqual({ ok: true });
    expect(await countRows("orgs", "id = ?", lonely.id)).toBe(0);
  });

  it("answers 403 to a member for their own branch and 404 for a sibling branch", async () => {
    const w = await namedTree();
    const token = await loginAs(w.member);
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${w.group.id}`, { method: "DELETE", token }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}`, { method: "DELETE", token }), 404)).toEqual(NOT_FOUND);
    await expectUnchanged(before);
  });

  it("answers 404 to an organizer of another committee", async () => {
    const w = await namedTree();
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}`, { method: "DELETE", token: await loginAs(w.outsider) }), 404)).toEqual(
      NOT_FOUND,
    );
    await expectUnchanged(before);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const w = await namedTree();
    const token = await loginAs(w.organizer);
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${createId()}`, { method: "DELETE", token }), 404)).toEqual(NOT_FOUND);
    expect(await expectStatus(call("/api/orgs/x!", { method: "DELETE", token }), 400)).toEqual(validationFailed("param"));
    await expectUnchanged(before);
  });

  it("needs a session", async () => {
    const w = await namedTree();
    const before = await dbState();
    expect(await expectStatus(call(`/api/orgs/${w.branchB.id}`, { method: "DELETE" }), 401)).toEqual(UNAUTHENTICATED);
    await expectUnchanged(before);
  });
});

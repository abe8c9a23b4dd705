import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createOrg, createUser, createWorld, loginAs } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

type Alliance = { id: string; name: string; orgs: { id: string }[]; organizers: { id: string }[]; canManage: boolean };

async function createJointAlliance() {
  const world = await createWorld();
  const admin = await createUser({ isAdmin: true });
  const adminToken = await loginAs(admin);
  const body = await expectStatus<{ alliance: Alliance }>(
    call("/api/alliances", {
      token: adminToken,
      body: { name: "产业链党建联盟", description: "  联合举办活动  ", orgIds: [world.committee.id, world.outsiderOrg.id] },
    }),
    201,
  );
  return { ...world, admin, adminToken, alliance: body.alliance };
}

describe("alliances", () => {
  it("an admin creates an alliance of orgs from different committees", async () => {
    const { alliance, committee, outsiderOrg } = await createJointAlliance();
    expect(alliance).toEqual({
      id: expect.any(String),
      name: "产业链党建联盟",
      description: "联合举办活动",
      orgs: expect.arrayContaining([
        { id: committee.id, name: committee.name, kind: "committee" },
        { id: outsiderOrg.id, name: outsiderOrg.name, kind: "committee" },
      ]),
      organizers: [],
      canManage: true,
    });
  });

  it("only an admin creates one; bad input changes nothing", async () => {
    const { organizer, committee } = await createWorld();
    const token = await loginAs(organizer);
    const before = await env.DB.prepare("select count(*) as n from alliances").first<{ n: number }>();
    expect(await expectStatus(call("/api/alliances", { token, body: { name: "x", orgIds: [committee.id] } }), 403)).toEqual(
      errorEnvelope("FORBIDDEN"),
    );
    const adminToken = await loginAs(await createUser({ isAdmin: true }));
    await expectStatus(call("/api/alliances", { token: adminToken, body: { name: "x", orgIds: [] } }), 400);
    await expectStatus(call("/api/alliances", { token: adminToken, body: { name: "x".repeat(65), orgIds: [committee.id] } }), 400);
    await expectStatus(call("/api/alliances", { token: adminToken, body: { name: "x", orgIds: ["nosuchorg000000"] } }), 404);
    await expectStatus(call("/api/alliances", { token: adminToken, body: { name: "x", orgIds: [committee.id], extra: 1 } }), 400);
    const after = await env.DB.prepare("select count(*) as n from alliances").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
    await expectStatus(call("/api/alliances", { body: { name: "x", orgIds: [committee.id] } }), 401);
  });

  it("members of a member org see the alliance; people of other orgs do not", async () => {
    const { alliance, member } = await createJointAlliance();
    const stranger = await createUser({ roles: [{ org: await createOrg(), role: "organizer" }] });
    const memberToken = await loginAs(member);
    const seen = await expectStatus<{ alliances: Alliance[] }>(call("/api/alliances", { token: memberToken }), 200);
    expect(seen.alliances.map((a) => a.id)).toContain(alliance.id);
    expect(seen.alliances.find((a) => a.id === alliance.id)?.canManage).toBe(false);
    const strangerToken = await loginAs(stranger);
    const none = await expectStatus<{ alliances: Alliance[] }>(call("/api/alliances", { token: strangerToken }), 200);
    expect(none.alliances.map((a) => a.id)).not.toContain(alliance.id);
    expect(await expectStatus(call(`/api/alliances/${alliance.id}`, { token: strangerToken }), 404)).toEqual(
      errorEnvelope("NOT_FOUND", "找不到该党建联盟"),
    );
    await expectStatus(call(`/api/alliances/${alliance.id}`, { method: "PATCH", token: memberToken, body: { name: "改名" } }), 403);
  });

  it("an alliance organizer must organize a member org, and then manages the alliance", async () => {
    const { alliance, adminToken, organizer, member } = await createJointAlliance();
    const refused = await expectStatus(
      call(`/api/alliances/${alliance.id}/organizers/${member.id}`, { method: "PUT", token: adminToken, body: {} }),
      422,
    );
    expect(refused).toEqual(errorEnvelope("UNPROCESSABLE", "只能指定联盟成员单位的组织管理员为联盟管理员"));
    const added = await expectStatus<{ alliance: Alliance }>(
      call(`/api/alliances/${alliance.id}/organizers/${organizer.id}`, { method: "PUT", token: adminToken, body: {} }),
      200,
    );
    expect(added.alliance.organizers).toEqual([{ id: organizer.id, name: organizer.name }]);
    const token = await loginAs(organizer);
    const renamed = await expectStatus<{ alliance: Alliance }>(
      call(`/api/alliances/${alliance.id}`, { method: "PATCH", token, body: { name: "市企联合党建联盟" } }),
      200,
    );
    expect(renamed.alliance).toMatchObject({ name: "市企联合党建联盟", canManage: true });
    const audit = await env.DB.prepare("select action from audit_log where entity_id = ? order by at").bind(alliance.id).all();
    expect(audit.results.map((r) => r.action)).toEqual(["alliance.create", "alliance.addOrganizer", "alliance.update"]);
  });

  it("an org joins only when the alliance organizer also manages it; joining twice is a conflict", async () => {
    const { alliance, adminToken, organizer, branchA } = await createJointAlliance();
    await expectStatus(
      call(`/api/alliances/${alliance.id}/organizers/${organizer.id}`, { method: "PUT", token: adminToken, body: {} }),
      200,
    );
    const token = await loginAs(organizer);
    const foreign = await createOrg();
    await expectStatus(call(`/api/alliances/${alliance.id}/orgs/${foreign.id}`, { method: "PUT", token, body: {} }), 404);
    const joined = await expectStatus<{ alliance: Alliance }>(
      call(`/api/alliances/${alliance.id}/orgs/${branchA.id}`, { method: "PUT", token, body: {} }),
      200,
    );
    expect(joined.alliance.orgs.map((o) => o.id)).toContain(branchA.id);
    expect(await expectStatus(call(`/api/alliances/${alliance.id}/orgs/${branchA.id}`, { method: "PUT", token, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该组织已在联盟中"),
    );
  });

  it("an org's own organizer can take it out of an alliance; a member cannot", async () => {
    const { alliance, outsider, outsiderOrg, member, committee } = await createJointAlliance();
    await expectStatus(call(`/api/alliances/${alliance.id}/orgs/${committee.id}`, { method: "DELETE", token: await loginAs(member) }), 403);
    const outsiderToken = await loginAs(outsider);
    expect(
      await expectStatus(call(`/api/alliances/${alliance.id}/orgs/${outsiderOrg.id}`, { method: "DELETE", token: outsiderToken }), 200),
    ).toEqual({ ok: true });
    // Having left, the outsider no longer sees the alliance; its remaining member org is unchanged.
    await expectStatus(call(`/api/alliances/${alliance.id}`, { token: outsiderToken }), 404);
    const rows = await env.DB.prepare("select org_id from alliance_orgs where alliance_id = ?").bind(alliance.id).all();
    expect(rows.results).toEqual([{ org_id: committee.id }]);
  });
});

describe("GET /api/audit", () => {
  it("shows an organizer the changes in their subtree, with who did them, and nothing from elsewhere", async () => {
    const { organizer, committee, outsider, outsiderOrg } = await createWorld();
    const token = await loginAs(organizer);
    await expectStatus(call("/api/orgs", { token, body: { parentId: committee.id, name: "新党支部", kind: "branch" } }), 201);
    await expectStatus(
      call("/api/orgs", { token: await loginAs(outsider), body: { parentId: outsiderOrg.id, name: "别处支部", kind: "branch" } }),
      201,
    );
    const page = await expectStatus<{ items: { action: string; actorName: string; after: unknown }[]; total: number }>(
      call("/api/audit", { token }),
      200,
    );
    expect(page.total).toBe(1);
    expect(page.items).toEqual([
      {
        id: expect.any(String),
        at: expect.any(Number),
        actorName: organizer.name,
        action: "org.create",
        entityType: "org",
        entityId: expect.any(String),
        orgId: expect.any(String),
        orgName: "新党支部",
        before: null,
        after: { name: "新党支部", kind: "branch", parentId: committee.id },
      },
    ]);
  });

  it("is for organizers: a member is refused, an org outside my reach is 404", async () => {
    const { member, organizer, outsiderOrg } = await createWorld();
    expect(await expectStatus(call("/api/audit", { token: await loginAs(member) }), 403)).toEqual(errorEnvelope("FORBIDDEN"));
    await expectStatus(call(`/api/audit?orgId=${outsiderOrg.id}`, { token: await loginAs(organizer) }), 404);
    await expectStatus(call("/api/audit?page=0", { token: await loginAs(organizer) }), 400);
    await expectStatus(call("/api/audit"), 401);
  });
});

import { describe, expect, it } from "vitest";
import { createOrg, createUser, loginAs, type TestOrg } from "../helpers/factories";
import { call, expectStatus } from "../helpers/http";

// D1 refuses LIKE patterns over 50 bytes; a path three levels deep is longer than that. Subtree
// queries must work at any depth the kind rules allow.
describe("a deep org tree", () => {
  it("lets the organizer of a deep org list its orgs, members and audit entries", async () => {
    const committee = await createOrg({ kind: "committee" });
    const joint = await createOrg({ parent: committee, kind: "committee" });
    const general = await createOrg({ parent: joint, kind: "general_branch" });
    const branch = await createOrg({ parent: general, kind: "branch" });
    const group: TestOrg = await createOrg({ parent: branch, kind: "group" });
    expect(group.path.length).toBeGreaterThan(100);
    const organizer = await createUser({ roles: [{ org: branch, role: "organizer" }] });
    await createUser({ name: "深层成员", roles: [{ org: group, role: "member" }] });
    const token = await loginAs(organizer);

    const listed = await expectStatus<{ orgs: { id: string; canManage: boolean; memberCount: number }[] }>(
      call("/api/orgs", { token }),
      200,
    );
    expect(listed.orgs.map((o) => o.id)).toEqual([committee.id, joint.id, general.id, branch.id, group.id]);
    expect(listed.orgs.find((o) => o.id === group.id)).toMatchObject({ canManage: true, memberCount: 1 });

    const members = await expectStatus<{ items: { name: string }[]; total: number }>(
      call(`/api/orgs/${branch.id}/members?q=深层`, { token }),
      200,
    );
    expect(members.items.map((m) => m.name)).toEqual(["深层成员"]);

    await expectStatus(call("/api/orgs", { token, method: "PATCH", body: {} }), 404);
    await expectStatus(call(`/api/orgs/${group.id}`, { token, method: "PATCH", body: { name: "第一党小组" } }), 200);
    const audit = await expectStatus<{ total: number }>(call(`/api/audit?orgId=${branch.id}`, { token }), 200);
    expect(audit.total).toBe(1);
  });

  it("searches names by any part, however long, and phones by prefix", async () => {
    const branch = await createOrg({ kind: "committee" });
    const organizer = await createUser({ roles: [{ org: branch, role: "organizer" }] });
    const longName = "欧阳".repeat(20);
    const person = await createUser({ name: longName, roles: [{ org: branch, role: "member" }] });
    const token = await loginAs(organizer);
    const byName = await expectStatus<{ items: { name: string }[] }>(
      call(`/api/orgs/${branch.id}/members?q=${encodeURIComponent(longName)}`, { token }),
      200,
    );
    expect(byName.items.map((m) => m.name)).toEqual([longName]);
    const byPhone = await expectStatus<{ items: { name: string }[] }>(
      call(`/api/orgs/${branch.id}/members?q=${person.phone.slice(0, 7)}`, { token }),
      200,
    );
    expect(byPhone.items.map((m) => m.name)).toEqual([longName]);
    const wildcard = await expectStatus<{ items: unknown[] }>(call(`/api/orgs/${branch.id}/members?q=%25`, { token }), 200);
    expect(wildcard.items).toEqual([]);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LedgerEntryResponse, MemberStudy, MyPlanProgress, OrgPlanProgress, YearPlan } from "../../worker/shared/api";
import { createPublishedModule, moduleInput, tokensOf } from "../helpers/courses";
import { createOrg, createUser } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

const YEAR = Number(new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A committee → branch A (with a group) and branch B; an organizer of each level; members. */
async function planWorld() {
  const committee = await createOrg({ kind: "committee" });
  const branchA = await createOrg({ parent: committee, kind: "branch" });
  const branchB = await createOrg({ parent: committee, kind: "branch" });
  const groupA = await createOrg({ parent: branchA, kind: "group" });
  const [organizer, branchOrganizer, secretary, memberA, memberGroup, memberB, outsider] = await Promise.all([
    createUser({ roles: [{ org: committee, role: "organizer", title: "书记" }] }),
    createUser({ roles: [{ org: branchA, role: "organizer", title: "书记" }] }),
    createUser({ roles: [{ org: branchA, role: "member", title: "书记" }] }),
    createUser({ roles: [{ org: branchA, role: "member" }] }),
    createUser({ roles: [{ org: groupA, role: "member" }] }),
    createUser({ roles: [{ org: branchB, role: "member" }] }),
    createUser({ roles: [{ org: await createOrg({ kind: "committee" }), role: "organizer" }] }),
  ]);
  const tokens = await tokensOf({ organizer, branchOrganizer, secretary, memberA, memberGroup, memberB, outsider });
  return {
    committee,
    branchA,
    branchB,
    groupA,
    people: { organizer, branchOrganizer, secretary, memberA, memberGroup, memberB, outsider },
    tokens,
  };
}

const setPlan = (token: string, orgId: string, body: unknown, year = YEAR) =>
  call(`/api/orgs/${orgId}/plans/${year}`, { method: "PUT", token, body });

describe("yearly plans", () => {
  it("an org sets its plan, a sub-org inherits it and may only raise it", async () => {
    const w = await planWorld();
    const plan = await expectStatus<YearPlan>(
      setPlan(w.tokens.organizer, w.committee.id, { hours: 32, titleHours: { 书记: 56 }, minContests: 2 }),
      200,
    );
    expect(plan.own).toMatchObject({ hours: 32, titleHours: { 书记: 56 }, minContests: 2 });
    const branch = await expectStatus<YearPlan>(call(`/api/orgs/${w.branchA.id}/plans/${YEAR}`, { token: w.tokens.branchOrganizer }), 200);
    expect(branch.own).toBeNull();
    expect(branch.inherited).toMatchObject({ hours: 32, minContests: 2, fromOrgs: [{ id: w.committee.id }] });
    expect(branch.effective).toMatchObject({ hours: 32, titleHours: { 书记: 56 } });

    // Lower than above: refused, field by field, and nothing saved.
    const refused = await expectStatus(
      setPlan(w.tokens.branchOrganizer, w.branchA.id, { hours: 20, titleHours: { 书记: 40 }, minContests: 1 }),
      400,
    );
    expect(refused).toEqual(errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()));
    const paths = (refused as { error: { details: { issues: { path: string }[] } } }).error.details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["hours", "titleHours.书记", "minContests"]));
    expect(
      (await expectStatus<YearPlan>(call(`/api/orgs/${w.branchA.id}/plans/${YEAR}`, { token: w.tokens.branchOrganizer }), 200)).own,
    ).toBeNull();

    const raised = await expectStatus<YearPlan>(setPlan(w.tokens.branchOrganizer, w.branchA.id, { hours: 40, minContests: 3 }), 200);
    expect(raised.effective).toMatchObject({ hours: 40, titleHours: { 书记: 56 }, minContests: 3 });
    // A branch organizer cannot touch the committee's plan; an outsider sees nothing.
    await expectStatus(setPlan(w.tokens.branchOrganizer, w.committee.id, { hours: 10 }), 403);
    await expectStatus(call(`/api/orgs/${w.committee.id}/plans/${YEAR}`, { token: w.tokens.outsider }), 403);
    await expectStatus(call(`/api/orgs/${w.committee.id}/plans/${YEAR}`, { token: w.tokens.memberA }), 403);
    // Back to inheriting.
    const cleared = await expectStatus<YearPlan>(
      call(`/api/orgs/${w.branchA.id}/plans/${YEAR}`, { method: "DELETE", token: w.tokens.branchOrganizer }),
      200,
    );
    expect(cleared.own).toBeNull();
    expect(cleared.effective).toMatchObject({ hours: 32 });
  });

  it("progress comes from the ledger; a manual entry counts once and its reversal removes it everywhere", async () => {
    const w = await planWorld();
    await expectStatus(setPlan(w.tokens.organizer, w.committee.id, { hours: 32, titleHours: { 书记: 56 }, minContests: 1 }), 200);
    const before = await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: w.tokens.memberA }), 200);
    expect(before).toMatchObject({ hasPlan: true, hours: { done: 0, required: 32 }, contests: { done: 0, required: 1 }, points: 0 });
    const secretary = await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: w.tokens.secretary }), 200);
    expect(secretary.hours.required).toBe(56);

    const added = await expectStatus<LedgerEntryResponse>(
      call("/api/ledger", {
        token: w.tokens.organizer,
        body: {
          userId: w.people.memberA.id,
          occurredOn: today(),
          hours: 12.5,
          points: 3,
          reason: "参加省委党校专题培训班",
          evidence: "结业证书 2026-118",
        },
      }),
      201,
    );
    expect(added.entry).toMatchObject({ source: "manual", hours: 12.5, points: 3, reversedAt: null });
    const after = await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: w.tokens.memberA }), 200);
    expect(after.hours.done).toBe(12.5);
    expect(after.points).toBe(3);
    const org = await expectStatus<OrgPlanProgress>(call(`/api/orgs/${w.committee.id}/plan-progress`, { token: w.tokens.organizer }), 200);
    expect(org.org).toMatchObject({ members: 4, hours: 12.5, points: 3 });
    expect(org.children.find((c) => c.orgId === w.branchA.id)).toMatchObject({ members: 3, hours: 12.5 });
    expect(org.children.find((c) => c.orgId === w.branchB.id)).toMatchObject({ members: 1, hours: 0 });

    // Reversal: with a reason; the row stays, struck; totals drop everywhere; twice is a conflict.
    const reversed = await expectStatus<LedgerEntryResponse>(
      call(`/api/ledger/${added.entry.id}/reverse`, { token: w.tokens.organizer, body: { reason: "证书与本人不符" } }),
      200,
    );
    expect(reversed.entry.reversedAt).toEqual(expect.any(Number));
    await expectStatus(call(`/api/ledger/${added.entry.id}/reverse`, { token: w.tokens.organizer, body: { reason: "再撤一次" } }), 409);
    expect((await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: w.tokens.memberA }), 200)).hours.done).toBe(0);
    const orgAfter = await expectStatus<OrgPlanProgress>(
      call(`/api/orgs/${w.committee.id}/plan-progress`, { token: w.tokens.organizer }),
      200,
    );
    expect(orgAfter.org).toMatchObject({ hours: 0, points: 0 });
    const study = await expectStatus<MemberStudy>(call(`/api/members/${w.people.memberA.id}/study`, { token: w.tokens.organizer }), 200);
    expect(study.entries).toEqual([expect.objectContaining({ id: added.entry.id, reversalReason: "证书与本人不符" })]);
    expect(study.hours).toBe(0);
    // The organizer reads the person's plan as the person does.
    expect(study.plan).toMatchObject({
      hasPlan: true,
      hours: { done: 0, required: 32 },
      contests: { done: 0, required: 1 },
      behind: expect.any(Boolean),
    });
  });

  it("refuses bad manual entries and people outside the caller's subtree, changing nothing", async () => {
    const w = await planWorld();
    const body = { userId: w.people.memberA.id, occurredOn: today(), hours: 2, reason: "外出培训", evidence: "通知文件" };
    await expectStatus(call("/api/ledger", { token: w.tokens.organizer, body: { ...body, evidence: " " } }), 400);
    await expectStatus(call("/api/ledger", { token: w.tokens.organizer, body: { ...body, hours: 0, points: 0 } }), 400);
    await expectStatus(call("/api/ledger", { token: w.tokens.organizer, body: { ...body, occurredOn: "2099-01-01" } }), 400);
    await expectStatus(call("/api/ledger", { token: w.tokens.organizer, body: { ...body, occurredOn: "2026-02-30" } }), 400);
    await expectStatus(call("/api/ledger", { token: w.tokens.outsider, body }), 403);
    await expectStatus(call("/api/ledger", { token: w.tokens.memberA, body }), 403);
    await expectStatus(call(`/api/members/${w.people.memberA.id}/study`, { token: w.tokens.outsider }), 403);
    const rows = await env.DB.prepare("select count(*) as n from ledger_entries where user_id = ?")
      .bind(w.people.memberA.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  it("a required module is done by completing it; the dashboard shows who is behind and what they lack, to organizers of the subtree only", async () => {
    const w = await planWorld();
    const mod = await createPublishedModule(
      w.tokens.organizer,
      w.tokens.organizer,
      moduleInput(w.committee.id, { title: "党章学习", hours: 2 }),
    );
    await expectStatus(setPlan(w.tokens.organizer, w.committee.id, { hours: 32, requiredModuleIds: [mod.id], minContests: 1 }), 200);
    // A module that is not published cannot be required.
    await expectStatus(setPlan(w.tokens.organizer, w.committee.id, { hours: 32, requiredModuleIds: ["nosuchmodule0001"] }), 400);

    const before = await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: w.tokens.memberA }), 200);
    expect(before.modules).toEqual({ done: 0, required: 1, items: [{ id: mod.id, title: "党章学习", done: false, selfPaced: true }] });
    expect(before.next).toEqual(expect.arrayContaining([{ kind: "module", moduleId: mod.id, title: "党章学习", selfPaced: true }]));
    await expectStatus(call(`/api/modules/${mod.id}/complete`, { token: w.tokens.memberA, body: { confirm: true } }), 200);
    const after = await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: w.tokens.memberA }), 200);
    expect(after.modules.done).toBe(1);
    expect(after.hours.done).toBe(2);
    expect(after.next.some((n) => n.kind === "module")).toBe(false);

    const dash = await expectStatus<OrgPlanProgress>(
      call(`/api/orgs/${w.committee.id}/plan-progress?year=${YEAR}`, { token: w.tokens.organizer }),
      200,
    );
    expect(dash.hasPlan).toBe(true);
    const lacking = dash.behind.find((m) => m.userId === w.people.memberB.id);
    expect(lacking).toMatchObject({ missingModules: ["党章学习"], contestsDone: 0, contestsRequired: 1 });
    expect(dash.behind.find((m) => m.userId === w.people.memberA.id)?.missingModules).toEqual([]);
    expect(dash.months).toHaveLength(12);
    expect(dash.months.reduce((sum, m) => sum + m.hours, 0)).toBe(2);

    // The branch organizer drills into their branch only; the committee and a sibling are not theirs.
    const branch = await expectStatus<OrgPlanProgress>(
      call(`/api/orgs/${w.branchA.id}/plan-progress`, { token: w.tokens.branchOrganizer }),
      200,
    );
    expect(branch.trail.map((t) => t.id)).toEqual([w.branchA.id]);
    expect(branch.members.map((m) => m.userId).sort()).toEqual([w.people.memberA.id, w.people.secretary.id].sort());
    expect(branch.children.map((c) => c.orgId)).toEqual([w.groupA.id]);
    await expectStatus(call(`/api/orgs/${w.committee.id}/plan-progress`, { token: w.tokens.branchOrganizer }), 403);
    await expectStatus(call(`/api/orgs/${w.branchB.id}/plan-progress`, { token: w.tokens.branchOrganizer }), 403);
    await expectStatus(call(`/api/orgs/${w.branchA.id}/plan-progress`, { token: w.tokens.memberA }), 403);
    await expectStatus(call(`/api/members/${w.people.memberB.id}/study`, { token: w.tokens.branchOrganizer }), 403);
    const file = await call(`/api/orgs/${w.committee.id}/plan-progress/export?format=csv`, { token: w.tokens.organizer });
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(text).toContain("党章学习");
    expect(text).toContain(w.people.memberB.name);
  });
});

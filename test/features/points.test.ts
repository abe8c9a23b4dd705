import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { creditPlacements } from "../../worker/features/plans/points.service";
import { takeDueSnapshots } from "../../worker/features/plans/snapshots.service";
import type {
  LedgerEntryResponse,
  MyPlanProgress,
  PointsRanking,
  PointsRules,
  ReportSnapshotList,
  ReportSnapshotView,
} from "../../worker/shared/api";
import { answer, MINUTE, memberOf, openRound, rightResponse, setWindow, start } from "../helpers/contests";
import { createOrg, createUser, loginAs } from "../helpers/factories";
import { call, expectStatus } from "../helpers/http";

const shanghaiDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
const YEAR = Number(shanghaiDay(Date.now()).slice(0, 4));
const rules = (fields: Record<string, unknown> = {}) => ({
  effectiveFrom: shanghaiDay(Date.now()),
  attendance: 2,
  completion: 1,
  contest: 4,
  placementTopN: 1,
  placementPoints: 10,
  rankingEnabled: false,
  awards: [{ name: "先锋岗", points: 10 }],
  ...fields,
});
const ledgerOf = (userId: string) =>
  env.DB.prepare(
    "select source, source_key as key, points, hours_tenths as hours, reversed_at as reversedAt from ledger_entries where user_id = ? order by created_at",
  )
    .bind(userId)
    .all<{ source: string; key: string; points: number; hours: number; reversedAt: number | null }>()
    .then((r) => r.results);

async function handIn(token: string, roundId: string, right: boolean) {
  const attempt = await start(token, roundId);
  for (const q of attempt.questions) {
    const response = right ? await rightResponse(attempt.id, q.seq) : { type: "judge", value: false };
    await answer(token, attempt.id, q.seq, response);
  }
  await expectStatus(call(`/api/attempts/${attempt.id}/finish`, { token, body: {} }), 200);
  return attempt;
}

describe("points bank", () => {
  it("rules are versioned: a change applies from its date on and never rewrites what was earned", async () => {
    const { world, organizer, member, round } = await openRound({ attemptsAllowed: 2 });
    const current = await expectStatus<PointsRules>(call(`/api/orgs/${world.committee.id}/points-rules`, { token: organizer }), 200);
    expect(current.current).toMatchObject({ id: "", contest: 2, rankingEnabled: false });
    // A version from yesterday would rewrite history: refused.
    const yesterday = shanghaiDay(Date.now() - 86_400_000);
    await expectStatus(
      call(`/api/orgs/${world.committee.id}/points-rules`, { token: organizer, body: rules({ effectiveFrom: yesterday }) }),
      400,
    );
    await expectStatus(call(`/api/orgs/${world.committee.id}/points-rules`, { token: member, body: rules() }), 403);
    const set = await expectStatus<PointsRules>(
      call(`/api/orgs/${world.committee.id}/points-rules`, { token: organizer, body: rules() }),
      200,
    );
    expect(set.current).toMatchObject({ contest: 4, orgId: world.committee.id });

    // Taking the round credits the contest points of the rules in force: once, however many attempts.
    await handIn(member, round.id, false);
    await handIn(member, round.id, true);
    const entries = await ledgerOf(world.member.id);
    expect(entries).toEqual([expect.objectContaining({ source: "contest", key: round.id, points: 4, hours: 0 })]);

    // A later version (from tomorrow) does not touch the entry; the rules in force today stay as they are.
    const tomorrow = shanghaiDay(Date.now() + 86_400_000);
    const later = await expectStatus<PointsRules>(
      call(`/api/orgs/${world.committee.id}/points-rules`, { token: organizer, body: rules({ effectiveFrom: tomorrow, contest: 9 }) }),
      200,
    );
    expect(later.current.contest).toBe(4);
    expect(later.versions.map((v) => v.contest)).toEqual([9, 4]);
    expect((await ledgerOf(world.member.id))[0]?.points).toBe(4);
    const progress = await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: member }), 200);
    expect(progress.points).toBe(4);
  });

  it("places in the top N of a closed round are credited once by the cron, by each person's org rules", async () => {
    const { world, organizer, member, round } = await openRound();
    await expectStatus(
      call(`/api/orgs/${world.committee.id}/points-rules`, { token: organizer, body: rules({ placementTopN: 1, placementPoints: 10 }) }),
      200,
    );
    const second = await memberOf(world.branchA);
    await handIn(member, round.id, true);
    await handIn(second.token, round.id, false);
    const db = createDb(env.DB);
    // Not yet closed: nothing placed.
    expect(await creditPlacements(db, Date.now())).toBe(0);
    await setWindow(round.id, Date.now() - 120 * MINUTE, Date.now() - 30 * MINUTE);
    expect(await creditPlacements(db, Date.now())).toBeGreaterThanOrEqual(1);
    expect(await creditPlacements(db, Date.now())).toBe(0);
    expect((await ledgerOf(world.member.id)).map((e) => [e.source, e.points])).toEqual([
      ["contest", 4],
      ["placement", 10],
    ]);
    expect((await ledgerOf(second.user.id)).map((e) => e.source)).toEqual(["contest"]);
  });

  it("a member sees a ranking of their own branch only when it opted in; organizers see totals by sub-org", async () => {
    const committee = await createOrg({ kind: "committee" });
    const branch = await createOrg({ parent: committee, kind: "branch" });
    const other = await createOrg({ parent: committee, kind: "branch" });
    const organizer = await createUser({ roles: [{ org: committee, role: "organizer" }] });
    const [a, b, c] = await Promise.all(
      [0, 1, 2].map((i) => createUser({ name: `党员${i}`, roles: [{ org: i < 2 ? branch : other, role: "member" }] })),
    );
    const [orgToken, aToken] = [await loginAs(organizer), await loginAs(a)];
    const award = (userId: string, points: number) =>
      expectStatus<LedgerEntryResponse>(
        call("/api/ledger", {
          token: orgToken,
          body: { userId, occurredOn: shanghaiDay(Date.now()), points, reason: "先锋岗", evidence: "车间评议记录" },
        }),
        201,
      );
    await award(a.id, 5);
    const twice = await award(b.id, 6);
    await award(b.id, 8);
    await award(c.id, 3);
    // An award entered twice by mistake is reversed: it counts nowhere, rankings included.
    await expectStatus(call(`/api/ledger/${twice.entry.id}/reverse`, { token: orgToken, body: { reason: "重复登记" } }), 200);
    // Off by default: a member is told so, and sees no one's points.
    const off = await expectStatus<{ error: { code: string; message: string } }>(call("/api/points/ranking", { token: aToken }), 403);
    expect(off.error.message).toContain("没有开启积分排行");
    const totals = await expectStatus<PointsRanking>(call(`/api/points/ranking?orgId=${committee.id}`, { token: orgToken }), 200);
    expect(totals).toMatchObject({ scope: "org", rankingEnabled: false, people: [] });
    expect(totals.groups.map((g) => [g.name, g.members, g.points])).toEqual(
      expect.arrayContaining([
        [branch.name, 2, 13],
        [other.name, 1, 3],
      ]),
    );
    await expectStatus(call(`/api/points/ranking?orgId=${committee.id}`, { token: aToken }), 403);

    await expectStatus(call(`/api/orgs/${branch.id}/points-rules`, { token: orgToken, body: rules({ rankingEnabled: true }) }), 200);
    const ranking = await expectStatus<PointsRanking>(call(`/api/points/ranking?year=${YEAR}`, { token: aToken }), 200);
    expect(ranking).toMatchObject({ scope: "branch", org: { id: branch.id }, rankingEnabled: true, me: { rank: 2, points: 5 } });
    // Only their own branch: the member of the other branch is not in it.
    expect(ranking.people.map((p) => [p.rank, p.name])).toEqual([
      [1, "党员1"],
      [2, "党员0"],
    ]);
    const file = await call(`/api/orgs/${committee.id}/points/export?format=csv`, { token: orgToken });
    expect(file.status).toBe(200);
    expect(await file.text()).toContain(branch.name);
  });
});

describe("report snapshots", () => {
  it("the cron takes each period's snapshot once; a reversal after it leaves it as it was, one before it is not counted", async () => {
    const committee = await createOrg({ kind: "committee" });
    const branch = await createOrg({ parent: committee, kind: "branch" });
    const organizer = await createUser({ roles: [{ org: committee, role: "organizer" }] });
    const member = await createUser({ roles: [{ org: branch, role: "member" }] });
    const token = await loginAs(organizer);
    const lastYear = YEAR - 1;
    await expectStatus(
      call(`/api/orgs/${committee.id}/plans/${lastYear}`, { method: "PUT", token, body: { hours: 32, minContests: 0 } }),
      200,
    );
    // The branch rates by tiers of its own.
    const tiers = [
      { name: "标杆", minOnPace: 0.8, minActive: 0.5 },
      { name: "合格", minOnPace: 0.6, minActive: 0.4 },
      { name: "进步", minOnPace: 0.3, minActive: 0.2 },
      { name: "帮扶", minOnPace: 0, minActive: 0 },
    ];
    await expectStatus(call(`/api/orgs/${branch.id}/plans/${lastYear}`, { method: "PUT", token, body: { hours: 32, rating: tiers } }), 200);
    const entry = (day: string, hours: number) =>
      expectStatus<LedgerEntryResponse>(
        call("/api/ledger", { token, body: { userId: member.id, occurredOn: day, hours, reason: "党校培训", evidence: "结业证书" } }),
        201,
      );
    const kept = await entry(`${lastYear}-03-10`, 8);
    const dropped = await entry(`${lastYear}-03-12`, 4);
    await entry(`${lastYear}-11-02`, 20);
    await expectStatus(call(`/api/ledger/${dropped.entry.id}/reverse`, { token, body: { reason: "重复登记" } }), 200);

    const db = createDb(env.DB);
    // Every period of last year is over: 12 months, 4 quarters and the year.
    let taken = 0;
    for (let run = 0; run < 3; run++) taken += await takeDueSnapshots(db, Date.now());
    const list = await expectStatus<ReportSnapshotList>(call(`/api/orgs/${branch.id}/report-snapshots`, { token }), 200);
    const mine = list.snapshots.filter((s) => s.year === lastYear);
    expect(mine).toHaveLength(17);
    expect(taken).toBeGreaterThanOrEqual(17);

    const march = mine.find((s) => s.periodKey === `${lastYear}-03`);
    const year = mine.find((s) => s.period === "year");
    const view = async (id: string | undefined) =>
      expectStatus<ReportSnapshotView>(call(`/api/report-snapshots/${id}?orgId=${branch.id}`, { token }), 200);
    // March: only the entry kept (the reversed one was reversed before the snapshot); the year: 28 hours.
    expect((await view(march?.id)).members).toEqual([
      expect.objectContaining({ userId: member.id, hours: 8, requiredHours: 32, onPace: true }),
    ]);
    const yearView = await view(year?.id);
    expect(yearView.members[0]).toMatchObject({ hours: 28, complete: false });
    expect(yearView.branches[0]).toMatchObject({ orgId: branch.id, rating: expect.stringMatching(/^(标杆|合格|进步|帮扶)$/) });
    expect(yearView.rating).toEqual(tiers);

    // Reversing after the snapshot changes live progress, not the snapshot.
    await expectStatus(call(`/api/ledger/${kept.entry.id}/reverse`, { token, body: { reason: "核查不符" } }), 200);
    expect((await view(year?.id)).members[0]?.hours).toBe(28);
    const file = await call(`/api/report-snapshots/${year?.id}/export?orgId=${branch.id}&format=xlsx`, { token });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("spreadsheetml");

    // Outside the caller's reach: not found.
    const outsider = await loginAs(await createUser({ roles: [{ org: await createOrg({ kind: "committee" }), role: "organizer" }] }));
    await expectStatus(call(`/api/report-snapshots/${year?.id}`, { token: outsider }), 404);
    await expectStatus(call(`/api/orgs/${committee.id}/report-snapshots`, { token: outsider }), 403);
  });
});

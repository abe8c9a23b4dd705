import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createAlliance, createBank } from "../helpers/banks";
import {
  type AttemptBody,
  addRound,
  ageAttempt,
  answer,
  answerAll,
  bankWithQuestions,
  type ContestBody,
  contestState,
  countOf,
  createContest,
  expectContestsUnchanged,
  finish,
  MINUTE,
  memberOf,
  openRound,
  publish,
  readAttempt,
  rightResponse,
  roundInput,
  setWindow,
  start,
} from "../helpers/contests";
import { auditOf } from "../helpers/db-state";
import { createOrg, createUser, createWorld, loginAs } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

type Call = [label: string, path: string, options: { method?: string; body?: unknown }];

/** Every route that reads or changes a contest as its manager, for one contest and round. */
function managerCalls(contestId: string, roundId: string, userId: string): Call[] {
  return [
    ["updateContest", `/api/contests/${contestId}`, { method: "PATCH", body: { title: "改名" } }],
    ["createRound", `/api/contests/${contestId}/rounds`, { body: roundInput("a".repeat(24)) }],
    ["updateRound", `/api/rounds/${roundId}`, { method: "PATCH", body: { name: "改名" } }],
    ["deleteRound", `/api/rounds/${roundId}`, { method: "DELETE" }],
    ["monitor", `/api/rounds/${roundId}/monitor`, {}],
    ["listGrants", `/api/rounds/${roundId}/grants`, {}],
    ["grant", `/api/rounds/${roundId}/grants`, { body: { userId, kind: "extra_time", minutes: 5, reason: "网络故障" } }],
  ];
}

async function statusesOf(token: string, calls: Call[]) {
  const out: Record<string, [number, string]> = {};
  for (const [label, path, options] of calls) {
    const res = await call(path, { token, ...options });
    const body = (await res.json()) as { error?: { code: string } };
    out[label] = [res.status, body.error?.code ?? "ok"];
  }
  return out;
}

describe("who may see and take a contest", () => {
  it("a member outside the scope gets 404 for the contest, its rounds and starting, and does not see it in their list", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    // Scope: branch A only. Branch B is under the same committee, but outside.
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.branchA.id] });
    const round = await addRound(organizer, contest.id, roundInput(bank.id));
    await publish(organizer, contest.id);
    const inside = await loginAs(world.member);
    const outside = await memberOf(world.branchB);
    const farAway = await memberOf(world.outsiderOrg);
    await start(inside, round.id);
    const before = await contestState();

    for (const token of [outside.token, farAway.token]) {
      const calls: Call[] = [
        ["getContest", `/api/contests/${contest.id}`, {}],
        ["start", `/api/rounds/${round.id}/attempts`, { body: {} }],
        ["leaderboard", `/api/rounds/${round.id}/leaderboard`, {}],
        ...managerCalls(contest.id, round.id, world.member.id),
      ];
      for (const [label, path, options] of calls)
        expect(await expectStatus(call(path, { token, ...options }), 404), label).toEqual(errorEnvelope("NOT_FOUND"));
      expect((await expectStatus<{ contests: unknown[] }>(call("/api/contests/mine", { token }), 200)).contests).toEqual([]);
    }
    // Even once the round has closed.
    await setWindow(round.id, Date.now() - 60 * MINUTE, Date.now() - 1000);
    expect(await expectStatus(call(`/api/rounds/${round.id}/leaderboard`, { token: outside.token }), 404)).toEqual(
      errorEnvelope("NOT_FOUND"),
    );
    await expectContestsUnchanged({ ...before, contest_rounds: (await contestState()).contest_rounds });
  });

  it("a draft is seen only by its managers, not by the members in its scope", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const member = await loginAs(world.member);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const round = await addRound(organizer, contest.id, roundInput(bank.id));
    expect(await expectStatus(call(`/api/contests/${contest.id}`, { token: member }), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    expect(await expectStatus(call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 404)).toEqual(
      errorEnvelope("NOT_FOUND"),
    );
    expect(await expectStatus(call(`/api/contests/${contest.id}/publish`, { token: member, body: {} }), 404)).toEqual(
      errorEnvelope("NOT_FOUND"),
    );
    const seen = await expectStatus<{ contest: ContestBody }>(call(`/api/contests/${contest.id}`, { token: organizer }), 200);
    expect(seen.contest).toMatchObject({ status: "draft", canManage: true });
  });

  it("an organizer of a non-host org cannot change a contest or read its monitor or results: 404 outside it, 403 inside its scope", async () => {
    const { world, organizer, contest, round } = await openRound();
    // An organizer of branch B: in the scope (the committee's subtree), but not over the host.
    const branchOrganizer = await loginAs(await createUser({ roles: [{ org: world.branchB, role: "organizer" }] }));
    const outsider = await loginAs(world.outsider);
    const draft = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const before = await contestState();

    const calls = [
      ...managerCalls(contest.id, round.id, world.member.id),
      ["leaderboard", `/api/rounds/${round.id}/leaderboard`, {}] as Call,
    ];
    const forbidden = Object.fromEntries(calls.map(([label]) => [label, [403, "FORBIDDEN"]]));
    const notFound = Object.fromEntries(calls.map(([label]) => [label, [404, "NOT_FOUND"]]));
    expect(await statusesOf(branchOrganizer, calls)).toEqual(forbidden);
    expect(await statusesOf(outsider, calls)).toEqual(notFound);
    for (const token of [branchOrganizer, outsider]) {
      expect(await expectStatus(call(`/api/contests/${draft.id}/publish`, { token, body: {} }), 404)).toEqual(errorEnvelope("NOT_FOUND"));
      expect((await expectStatus<{ contests: { id: string }[] }>(call("/api/contests", { token }), 200)).contests).toEqual([]);
    }
    expect(
      (await expectStatus<{ contest: ContestBody }>(call(`/api/contests/${contest.id}`, { token: branchOrganizer }), 200)).contest
        .canManage,
    ).toBe(false);
    await expectContestsUnchanged(before);
    // The host's own organizer may do all of it.
    expect(
      (await expectStatus<{ contests: { id: string }[] }>(call("/api/contests", { token: organizer }), 200)).contests.map((c) => c.id),
    ).toEqual([draft.id, contest.id]);
  });

  it("the monitor counts who started and finished and the median score so far", async () => {
    const { world, organizer, member, round } = await openRound();
    const b = await memberOf(world.branchB);
    const c = await memberOf(world.branchB);
    const a1 = await start(member, round.id);
    await answerAll(member, a1);
    await finish(member, a1.id);
    const b1 = await start(b.token, round.id);
    await answerAll(b.token, b1, [1, 2]);
    await finish(b.token, b1.id);
    await start(c.token, round.id);
    const monitor = await expectStatus(call(`/api/rounds/${round.id}/monitor`, { token: organizer }), 200);
    expect(monitor).toEqual({
      roundId: round.id,
      state: "open",
      eligible: 4,
      started: 3,
      inProgress: 1,
      finished: 2,
      medianScore: 30,
      serverNow: expect.any(Number),
    });
  });
});

describe("joint contests", () => {
  async function twoCommittees() {
    const a = await createOrg({ kind: "committee", name: "锂电公司党委" });
    const b = await createOrg({ kind: "committee", name: "市直机关工委" });
    const bBranch = await createOrg({ parent: b, kind: "branch" });
    const c = await createOrg({ kind: "committee", name: "无关党委" });
    const aOrganizer = await loginAs(await createUser({ roles: [{ org: a, role: "organizer" }] }));
    const bOrganizer = await loginAs(await createUser({ roles: [{ org: b, role: "organizer" }] }));
    return { a, b, bBranch, c, aOrganizer, bOrganizer };
  }

  it("an org may co-host only when it shares an alliance with an org the creator manages; then both hosts' organizers manage it", async () => {
    const { a, b, bBranch, c, aOrganizer, bOrganizer } = await twoCommittees();
    const body = {
      title: "党史知识竞赛",
      hosts: [
        { type: "org", id: a.id },
        { type: "org", id: b.id },
      ],
      scopeOrgIds: [a.id, bBranch.id],
    };
    const before = await contestState();
    expect(await expectStatus(call("/api/contests", { token: aOrganizer, body }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "“市直机关工委”不能作为联合主办单位：只能邀请与您同在一个党建联盟的组织"),
    );
    await expectContestsUnchanged(before);

    await createAlliance([a, b]);
    const joint = await expectStatus<{ contest: ContestBody }>(call("/api/contests", { token: aOrganizer, body }), 201);
    expect(joint.contest.hosts.map((h) => h.name).sort()).toEqual(["市直机关工委", "锂电公司党委"].sort());
    expect(joint.contest.canManage).toBe(true);

    // B's organizer manages it too: lists it, renames it, adds a round from B's own bank.
    const listed = await expectStatus<{ contests: ContestBody[] }>(call("/api/contests", { token: bOrganizer }), 200);
    expect(listed.contests.map((x) => [x.id, x.canManage])).toEqual([[joint.contest.id, true]]);
    await expectStatus(
      call(`/api/contests/${joint.contest.id}`, { method: "PATCH", token: bOrganizer, body: { title: "联合党史竞赛" } }),
      200,
    );
    const bBank = await bankWithQuestions(bOrganizer, b.id);
    await addRound(bOrganizer, joint.contest.id, roundInput(bBank.id));
    await publish(bOrganizer, joint.contest.id);

    // Members of both hosts' scope take part.
    const fromA = await memberOf(a);
    const fromB = await memberOf(bBranch);
    const mine = await expectStatus<{ contests: { id: string }[] }>(call("/api/contests/mine", { token: fromB.token }), 200);
    expect(mine.contests.map((x) => x.id)).toEqual([joint.contest.id]);
    expect((await expectStatus<{ contests: unknown[] }>(call("/api/contests/mine", { token: fromA.token }), 200)).contests).toHaveLength(1);

    // Scope outside both hosts' reach, or a third org that shares no alliance: refused, nothing written.
    const beforeScope = await contestState();
    const cOrganizer = await loginAs(await createUser({ roles: [{ org: c, role: "organizer" }] }));
    expect(
      await expectStatus(
        call(`/api/contests/${joint.contest.id}`, { method: "PATCH", token: aOrganizer, body: { scopeOrgIds: [a.id, c.id] } }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "“无关党委”不在主办单位的范围内，不能作为参赛范围"));
    expect(
      await expectStatus(
        call(`/api/contests/${joint.contest.id}`, {
          method: "PATCH",
          token: bOrganizer,
          body: {
            hosts: [
              { type: "org", id: a.id },
              { type: "org", id: b.id },
              { type: "org", id: c.id },
            ],
          },
        }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "“无关党委”不能作为联合主办单位：只能邀请与您同在一个党建联盟的组织"));
    expect(
      await expectStatus(call(`/api/contests/${joint.contest.id}`, { method: "PATCH", token: cOrganizer, body: { title: "x" } }), 404),
    ).toEqual(errorEnvelope("NOT_FOUND"));
    expect(await expectStatus(call("/api/contests", { token: aOrganizer, body: { ...body, scopeOrgIds: [c.id] } }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "“无关党委”不在主办单位的范围内，不能作为参赛范围"),
    );
    await expectContestsUnchanged(beforeScope);
  });

  it("a contest needs a host the creator manages", async () => {
    const { a, b, aOrganizer } = await twoCommittees();
    await createAlliance([a, b]);
    const before = await contestState();
    expect(
      await expectStatus(
        call("/api/contests", { token: aOrganizer, body: { title: "竞赛", hosts: [{ type: "org", id: b.id }], scopeOrgIds: [b.id] } }),
        403,
      ),
    ).toEqual(errorEnvelope("FORBIDDEN", "主办单位中至少要有一个由您管理的组织或联盟"));
    await expectContestsUnchanged(before);
  });

  it("an alliance hosts through its organizers; an alliance the creator has nothing to do with cannot be named", async () => {
    const { a, b, c, aOrganizer } = await twoCommittees();
    const alliance = await createAlliance([a, b], "产业链党建联盟");
    const allianceOrganizer = await createUser({ roles: [] });
    await env.DB.prepare("insert into alliance_organizers (alliance_id, user_id, created_at) values (?, ?, ?)")
      .bind(alliance.id, allianceOrganizer.id, Date.now())
      .run();
    const token = await loginAs(allianceOrganizer);
    const hosted = await expectStatus<{ contest: ContestBody }>(
      call("/api/contests", {
        token,
        body: { title: "联盟竞赛", hosts: [{ type: "alliance", id: alliance.id }], scopeOrgIds: [a.id, b.id] },
      }),
      201,
    );
    expect(hosted.contest).toMatchObject({ canManage: true, hosts: [{ type: "alliance", id: alliance.id, name: "产业链党建联盟" }] });
    await expectStatus(call(`/api/contests/${hosted.contest.id}`, { method: "PATCH", token, body: { description: "说明" } }), 200);

    // C's organizer is in no alliance with A or B: naming the alliance would reach their members.
    const cOrganizer = await loginAs(await createUser({ roles: [{ org: c, role: "organizer" }] }));
    const before = await contestState();
    expect(
      await expectStatus(
        call("/api/contests", {
          token: cOrganizer,
          body: {
            title: "越界",
            hosts: [
              { type: "org", id: c.id },
              { type: "alliance", id: alliance.id },
            ],
            scopeOrgIds: [a.id],
          },
        }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "“产业链党建联盟”不能作为联合主办单位：只能邀请与您同在一个党建联盟的组织"));
    await expectContestsUnchanged(before);
    // A's organizer shares it through A: fine.
    await expectStatus(
      call("/api/contests", {
        token: aOrganizer,
        body: {
          title: "联合",
          hosts: [
            { type: "org", id: a.id },
            { type: "alliance", id: alliance.id },
          ],
          scopeOrgIds: [b.id],
        },
      }),
      201,
    );
  });
});

describe("accommodations", () => {
  const grant = (token: string, roundId: string, body: object) => call(`/api/rounds/${roundId}/grants`, { token, body });

  it("extra time extends the attempt in progress and later ones; it is audited and listed", async () => {
    const { world, organizer, member, round } = await openRound({ attemptsAllowed: 2 });
    const attempt = await start(member, round.id);
    const granted = await expectStatus<{ grant: { id: string } }>(
      grant(organizer, round.id, { userId: world.member.id, kind: "extra_time", minutes: 15, reason: "视力障碍，延长答题时间" }),
      201,
    );
    expect(granted.grant).toEqual({
      id: expect.any(String),
      userId: world.member.id,
      userName: world.member.name,
      kind: "extra_time",
      minutes: 15,
      reason: "视力障碍，延长答题时间",
      createdAt: expect.any(Number),
    });
    expect((await readAttempt(member, attempt.id)).deadlineAt).toBe(attempt.deadlineAt + 15 * MINUTE);
    await finish(member, attempt.id);
    const second = await start(member, round.id);
    expect(second.deadlineAt - second.startedAt).toBe(600_000 + 15 * MINUTE);
    expect(await auditOf(round.id)).toContainEqual(
      expect.objectContaining({
        action: "round.grant.extra_time",
        actorId: world.organizer.id,
        after: expect.objectContaining({ attemptId: attempt.id }),
      }),
    );
    const listed = await expectStatus<{ grants: unknown[] }>(call(`/api/rounds/${round.id}/grants`, { token: organizer }), 200);
    expect(listed.grants).toEqual([granted.grant]);
  });

  it("an extra attempt allows one more", async () => {
    const { world, organizer, member, round } = await openRound();
    const first = await start(member, round.id);
    await finish(member, first.id);
    expect(await expectStatus(call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "本轮的答题次数已用完"),
    );
    await expectStatus(grant(organizer, round.id, { userId: world.member.id, kind: "extra_attempt", reason: "考试中途停电" }), 201);
    const mine = await expectStatus<{ contests: { rounds: { attemptsLeft: number }[] }[] }>(
      call("/api/contests/mine", { token: member }),
      200,
    );
    expect(mine.contests[0]?.rounds[0]?.attemptsLeft).toBe(1);
    const second = await start(member, round.id);
    expect(second.attemptNo).toBe(2);
    await finish(member, second.id);
    expect(await expectStatus(call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "本轮的答题次数已用完"),
    );
    expect((await auditOf(round.id)).map((e) => e.action)).toContain("round.grant.extra_attempt");
  });

  it("reopening gives an expired attempt back for some minutes, answers kept, and its result counts again", async () => {
    const { world, organizer, member, round } = await openRound();
    const attempt = await start(member, round.id);
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    await ageAttempt(attempt.id, 11 * MINUTE);
    expect((await readAttempt(member, attempt.id)).status).toBe("expired");
    await expectStatus(grant(organizer, round.id, { userId: world.member.id, kind: "reopen", minutes: 10, reason: "车间网络中断" }), 201);
    const reopened = await readAttempt(member, attempt.id);
    expect(reopened.status).toBe("open");
    expect(reopened.deadlineAt - reopened.serverNow).toBeGreaterThan(9 * MINUTE);
    expect(reopened.questions[0]?.answer).toEqual(await rightResponse(attempt.id, 1));
    // Resuming through start finds the same attempt.
    expect((await start(member, round.id)).id).toBe(attempt.id);
    await expectStatus(answer(member, attempt.id, 2, await rightResponse(attempt.id, 2)), 200);
    const done = await finish(member, attempt.id);
    expect(done.result).toMatchObject({ score: 20, counted: true });
    expect(await env.DB.prepare("select score from round_results where round_id = ?").bind(round.id).first("score")).toBe(20);
    expect(await auditOf(round.id)).toContainEqual(
      expect.objectContaining({
        action: "round.grant.reopen",
        after: expect.objectContaining({ reason: "车间网络中断", attemptId: attempt.id }),
      }),
    );
    // Nothing left to reopen once it is open again; an open one cannot be reopened.
    await expectStatus(grant(organizer, round.id, { userId: world.member.id, kind: "reopen", minutes: 10, reason: "再次断网" }), 201);
    expect(
      await expectStatus(grant(organizer, round.id, { userId: world.member.id, kind: "reopen", minutes: 10, reason: "再次断网" }), 409),
    ).toEqual(errorEnvelope("CONFLICT", "该成员在本轮没有已结束的答卷可以重新开放"));
  });

  it("reopening a sequential attempt shows its current question afresh", async () => {
    const singles = (bankId: string) => ({
      questionTimeSec: 20,
      drawSpec: { bankIds: [bankId], parts: [{ type: "single" as const, count: 4 }] },
    });
    const { world, organizer, member, round } = await openRound(singles, 3);
    const attempt = await start(member, round.id);
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    await ageAttempt(attempt.id, 11 * MINUTE);
    expect((await readAttempt(member, attempt.id)).status).toBe("expired");
    await expectStatus(grant(organizer, round.id, { userId: world.member.id, kind: "reopen", minutes: 5, reason: "车间网络中断" }), 201);
    const reopened = await readAttempt(member, attempt.id);
    expect(reopened).toMatchObject({ status: "open", currentSeq: 2 });
    await expectStatus(answer(member, attempt.id, 2, await rightResponse(attempt.id, 2)), 200);
  });

  it("every accommodation needs a reason; non-managers and people outside the scope are refused; nothing is written", async () => {
    const { world, organizer, member, round } = await openRound();
    const attempt = await start(member, round.id);
    const outsider = await loginAs(world.outsider);
    const notInScope = await memberOf(world.outsiderOrg);
    const before = await contestState();
    for (const kind of ["extra_time", "extra_attempt", "reopen"]) {
      for (const reason of [undefined, "", "  ", "x"]) {
        const body = { userId: world.member.id, kind, minutes: 5, ...(reason === undefined ? {} : { reason }) };
        const refused = await expectStatus<{ error: { code: string; details: { issues: { path: string }[] } } }>(
          grant(organizer, round.id, body),
          400,
        );
        expect(refused).toEqual(errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()));
        expect(refused.error.details.issues.map((i) => i.path)).toEqual(["reason"]);
      }
    }
    const good = { userId: world.member.id, kind: "extra_time", minutes: 5, reason: "网络故障" };
    expect(await expectStatus(grant(member, round.id, good), 403)).toEqual(errorEnvelope("FORBIDDEN"));
    expect(await expectStatus(grant(outsider, round.id, good), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    expect(await expectStatus(grant(organizer, round.id, { ...good, userId: notInScope.user.id }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "该成员不在本竞赛的参赛范围内"),
    );
    for (const bad of [
      { ...good, kind: "more_time" },
      { ...good, minutes: 0 },
      { ...good, minutes: 601 },
      { ...good, userId: "BAD" },
      { ...good, extra: 1 },
    ])
      expect(await expectStatus(grant(organizer, round.id, bad), 400)).toEqual(
        errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
      );
    await expectContestsUnchanged(before);
    expect((await readAttempt(member, attempt.id)).deadlineAt).toBe(attempt.deadlineAt);
  });
});

describe("bad input is refused with the error envelope and changes nothing", () => {
  it("contests and rounds", async () => {
    const { world, organizer, member, contest, round, bank } = await openRound();
    const other = await loginAs(world.outsider);
    const otherBank = await createBank(other, world.outsiderOrg.id);
    const attempt = await start(member, round.id);
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    const empty = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const before = await contestState();
    const at = Date.now();
    const good = roundInput(bank.id);
    const validation = (status = 400) => [status, status === 400 ? "VALIDATION_FAILED" : status === 422 ? "UNPROCESSABLE" : "?"];
    const cases: [label: string, path: string, options: { method?: string; body?: unknown }, expected: (string | number)[]][] = [
      ["create: empty", "/api/contests", { body: {} }, validation()],
      [
        "create: empty title",
        "/api/contests",
        { body: { title: " ", hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] } },
        validation(),
      ],
      [
        "create: unknown field",
        "/api/contests",
        { body: { title: "t", hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id], rounds: [] } },
        validation(),
      ],
      ["create: no hosts", "/api/contests", { body: { title: "t", hosts: [], scopeOrgIds: [world.committee.id] } }, validation()],
      [
        "create: bad host id",
        "/api/contests",
        { body: { title: "t", hosts: [{ type: "org", id: "Committee!" }], scopeOrgIds: [world.committee.id] } },
        validation(),
      ],
      [
        "create: bad host type",
        "/api/contests",
        { body: { title: "t", hosts: [{ type: "person", id: world.committee.id }], scopeOrgIds: [world.committee.id] } },
        validation(),
      ],
      [
        "create: unknown host",
        "/api/contests",
        { body: { title: "t", hosts: [{ type: "org", id: "z".repeat(24) }], scopeOrgIds: [world.committee.id] } },
        [422, "UNPROCESSABLE"],
      ],
      [
        "create: unknown scope org",
        "/api/contests",
        { body: { title: "t", hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: ["z".repeat(24)] } },
        [422, "UNPROCESSABLE"],
      ],
      [
        "create: top K without K",
        "/api/contests",
        {
          body: {
            title: "t",
            hosts: [{ type: "org", id: world.committee.id }],
            scopeOrgIds: [world.committee.id],
            team: { kind: "branch", method: "top_k" },
          },
        },
        validation(),
      ],
      ["create: not JSON", "/api/contests", { body: "{title:" }, [400, "BAD_REQUEST"]],
      ["update: bad id", "/api/contests/NOT-AN-ID", { method: "PATCH", body: { title: "x" } }, validation()],
      ["update: unknown contest", `/api/contests/${"z".repeat(24)}`, { method: "PATCH", body: { title: "x" } }, [404, "NOT_FOUND"]],
      ["update: unknown field", `/api/contests/${contest.id}`, { method: "PATCH", body: { status: "archived" } }, validation()],
      ["update: empty hosts", `/api/contests/${contest.id}`, { method: "PATCH", body: { hosts: [] } }, validation()],
      ["publish: already published", `/api/contests/${contest.id}/publish`, { body: {} }, [409, "CONFLICT"]],
      ["publish: no rounds", `/api/contests/${empty.id}/publish`, { body: {} }, [422, "UNPROCESSABLE"]],
      [
        "round: closes before it opens",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, opensAt: at + MINUTE, closesAt: at } },
        [422, "UNPROCESSABLE"],
      ],
      [
        "round: closes when it opens",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, opensAt: at, closesAt: at } },
        [422, "UNPROCESSABLE"],
      ],
      ["round: unknown field", `/api/contests/${contest.id}/rounds`, { body: { ...good, shuffle: true } }, validation()],
      ["round: time limit too short", `/api/contests/${contest.id}/rounds`, { body: { ...good, timeLimitSec: 10 } }, validation()],
      [
        "round: no parts",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, drawSpec: { bankIds: [bank.id], parts: [] } } },
        validation(),
      ],
      [
        "round: part with an unknown field",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, drawSpec: { bankIds: [bank.id], parts: [{ count: 1, tpye: "judge" }] } } },
        validation(),
      ],
      [
        "round: difficulty upside down",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, drawSpec: { bankIds: [bank.id], parts: [{ count: 1, difficultyMin: 4, difficultyMax: 2 }] } } },
        validation(),
      ],
      [
        "round: another org's bank",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, drawSpec: { bankIds: [otherBank.id], parts: [{ count: 1 }] } } },
        [422, "UNPROCESSABLE"],
      ],
      [
        "round: live with a paper per person",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, mode: "live", drawMode: "per_person" } },
        [422, "UNPROCESSABLE"],
      ],
      [
        "round: top 150 %",
        `/api/contests/${contest.id}/rounds`,
        { body: { ...good, advancement: { kind: "top_percent", value: 150 } } },
        validation(),
      ],
      ["round: window as text", `/api/contests/${contest.id}/rounds`, { body: { ...good, opensAt: "tomorrow" } }, validation()],
      [
        "update round: closes before it opens",
        `/api/rounds/${round.id}`,
        { method: "PATCH", body: { closesAt: round.opensAt - 1 } },
        [422, "UNPROCESSABLE"],
      ],
      ["update round: unknown field", `/api/rounds/${round.id}`, { method: "PATCH", body: { seq: 3 } }, validation()],
      [
        "update round: new paper after starts",
        `/api/rounds/${round.id}`,
        { method: "PATCH", body: { drawSpec: { bankIds: [bank.id], parts: [{ count: 2 }] } } },
        [409, "CONFLICT"],
      ],
      [
        "update round: scoring after starts",
        `/api/rounds/${round.id}`,
        { method: "PATCH", body: { partialCredit: true } },
        [409, "CONFLICT"],
      ],
      ["delete round after starts", `/api/rounds/${round.id}`, { method: "DELETE" }, [409, "CONFLICT"]],
      ["unknown round", `/api/rounds/${"z".repeat(24)}`, { method: "PATCH", body: { name: "x" } }, [404, "NOT_FOUND"]],
      ["leaderboard: limit 0", `/api/rounds/${round.id}/leaderboard?limit=0`, {}, validation()],
    ];
    for (const [label, path, options, [status, code]] of cases) {
      const body = await expectStatus(call(path, { token: organizer, ...options }), status as number).catch((error: unknown) => {
        throw new Error(`${label}: ${String(error)}`);
      });
      expect(body, label).toEqual(
        errorEnvelope(code as string, expect.any(String), status === 400 && code === "VALIDATION_FAILED" ? expect.anything() : undefined),
      );
    }
    await expectContestsUnchanged(before);
  });

  it("starting, answering and finishing", async () => {
    const { world, member, round } = await openRound();
    const attempt = await start(member, round.id);
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    const types = Object.fromEntries(attempt.questions.map((q) => [q.type, q.seq])) as Record<
      AttemptBody["questions"][number]["type"],
      number
    >;
    const other = await memberOf(world.branchB);
    const before = await contestState();
    const put = (seq: string | number, body: unknown, id = attempt.id) => ({
      path: `/api/attempts/${id}/answers/${seq}`,
      options: { method: "PUT", body },
    });
    const cases: [
      label: string,
      request: { path: string; options: { method?: string; body?: unknown } },
      status: number,
      code: string,
      message?: string,
    ][] = [
      ["start: bad round id", { path: "/api/rounds/ROUND/attempts", options: { body: {} } }, 400, "VALIDATION_FAILED"],
      ["start: unknown round", { path: `/api/rounds/${"z".repeat(24)}/attempts`, options: { body: {} } }, 404, "NOT_FOUND"],
      ["read: bad attempt id", { path: "/api/attempts/a b", options: {} }, 400, "VALIDATION_FAILED"],
      ["read: unknown attempt", { path: `/api/attempts/${"z".repeat(24)}`, options: {} }, 404, "NOT_FOUND"],
      ["finish: unknown attempt", { path: `/api/attempts/${"z".repeat(24)}/finish`, options: { body: {} } }, 404, "NOT_FOUND"],
      ["answer: bad attempt id", put(1, { response: { type: "judge", value: true } }, "NOT_AN_ID"), 400, "VALIDATION_FAILED"],
      ["answer: unknown attempt", put(1, { response: { type: "judge", value: true } }, "z".repeat(24)), 404, "NOT_FOUND"],
      ["answer: seq 0", put(0, { response: { type: "judge", value: true } }), 400, "VALIDATION_FAILED"],
      ["answer: seq not a number", put("one", { response: { type: "judge", value: true } }), 400, "VALIDATION_FAILED"],
      ["answer: seq past the paper", put(5, { response: { type: "judge", value: true } }), 404, "NOT_FOUND", "本次答题没有第 5 题"],
      ["answer: no body", put(types.judge, undefined), 400, "VALIDATION_FAILED"],
      ["answer: not JSON", put(types.judge, "{response"), 400, "BAD_REQUEST"],
      ["answer: empty body", put(types.judge, {}), 400, "VALIDATION_FAILED"],
      ["answer: unknown field", put(types.judge, { response: { type: "judge", value: true }, at: 1 }), 400, "VALIDATION_FAILED"],
      ["answer: unknown type", put(types.judge, { response: { type: "essay", text: "x" } }), 400, "VALIDATION_FAILED"],
      ["answer: value of the wrong kind", put(types.judge, { response: { type: "judge", value: "对" } }), 400, "VALIDATION_FAILED"],
      [
        "answer: wrong type for the question",
        put(types.judge, { response: { type: "single", choice: 0 } }),
        400,
        "VALIDATION_FAILED",
        "答案与题型不符",
      ],
      [
        "answer: option out of range",
        put(types.single, { response: { type: "single", choice: 4 } }),
        400,
        "VALIDATION_FAILED",
        "答案与题型不符",
      ],
      [
        "answer: options out of range",
        put(types.multiple, { response: { type: "multiple", choices: [0, 6] } }),
        400,
        "VALIDATION_FAILED",
        "答案与题型不符",
      ],
      ["answer: no options", put(types.multiple, { response: { type: "multiple", choices: [] } }), 400, "VALIDATION_FAILED"],
      ["answer: negative option", put(types.single, { response: { type: "single", choice: -1 } }), 400, "VALIDATION_FAILED"],
      [
        "answer: too many blanks",
        put(types.fill, { response: { type: "fill", blanks: ["遵义", "贵州"] } }),
        400,
        "VALIDATION_FAILED",
        "答案与题型不符",
      ],
      ["answer: too long", put(types.fill, { response: { type: "fill", blanks: ["长".repeat(201)] } }), 400, "VALIDATION_FAILED"],
    ];
    for (const [label, { path, options }, status, code, message] of cases) {
      const body = await expectStatus(call(path, { token: member, ...options }), status).catch((error: unknown) => {
        throw new Error(`${label}: ${String(error)}`);
      });
      expect(body, label).toEqual(
        errorEnvelope(code, message ?? expect.any(String), code === "VALIDATION_FAILED" && !message ? expect.anything() : undefined),
      );
    }
    // Another person's attempt: not found, whatever the route.
    for (const [path, options] of [
      [`/api/attempts/${attempt.id}`, {}],
      [`/api/attempts/${attempt.id}/finish`, { body: {} }],
      [`/api/attempts/${attempt.id}/answers/2`, { method: "PUT", body: { response: { type: "judge", value: true } } }],
    ] as const)
      expect(await expectStatus(call(path, { token: other.token, ...options }), 404), path).toEqual(errorEnvelope("NOT_FOUND"));
    await expectContestsUnchanged(before);
    expect(await countOf("attempt_answers", "attempt_id = ?", attempt.id)).toBe(1);
  });
});

import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addQuestion, createBank, DRAFTS, singleDraft } from "../helpers/banks";
import {
  type AttemptBody,
  addRound,
  answer,
  answerAll,
  bankWithQuestions,
  contestState,
  createContest,
  expectContestsUnchanged,
  finish,
  MINUTE,
  memberOf,
  openRound,
  publish,
  type RoundInput,
  readAttempt,
  rightResponse,
  roundInput,
  setWindow,
  start,
  wrongResponse,
} from "../helpers/contests";
import { createWorld, loginAs, type TestOrg } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

type World = Awaited<ReturnType<typeof createWorld>>;

/** A published contest of the world's committee with these rounds, in order. */
async function contestWithRounds(world: World, organizer: string, rounds: RoundInput[]) {
  const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
  const made = [];
  for (const input of rounds) made.push(await addRound(organizer, contest.id, input));
  await publish(organizer, contest.id);
  return { contest, rounds: made };
}

async function earned(attemptId: string, seq: number) {
  const row = await env.DB.prepare("select credit, earned from attempt_answers where attempt_id = ? and seq = ?")
    .bind(attemptId, seq)
    .first<{ credit: number; earned: number }>();
  return row;
}

/** Shows question `seq` of a sequential attempt `ms` ago, as if the person had been looking at it since. */
async function shownAgo(attemptId: string, ms: number) {
  await env.DB.prepare("update attempts set current_opened_at = ? where id = ?")
    .bind(Date.now() - ms, attemptId)
    .run();
}

describe("accuracy scoring", () => {
  it("a score is the sum of the points of the questions answered right", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const part = (type: "single" | "judge" | "fill" | "multiple", points: number) => ({ type, count: 1, points });
    const { rounds } = await contestWithRounds(world, organizer, [
      roundInput(bank.id, {
        drawSpec: { bankIds: [bank.id], parts: [part("single", 10), part("judge", 5), part("fill", 20), part("multiple", 30)] },
      }),
    ]);
    expect(rounds[0]).toMatchObject({ questionCount: 4, totalPoints: 65, scoring: "accuracy" });
    const member = await loginAs(world.member);
    const attempt = await start(member, rounds[0]?.id ?? "");
    expect(attempt.questions.map((q) => [q.type, q.points])).toEqual([
      ["single", 10],
      ["judge", 5],
      ["fill", 20],
      ["multiple", 30],
    ]);
    await answerAll(member, attempt, [2]);
    const done = await finish(member, attempt.id);
    expect(done.result).toMatchObject({ score: 60, correctCount: 3 });
    expect(done.totalPoints).toBe(65);
  });

  it("ties go to less total time, then to the earlier finish, on the leaderboard and in each person's rank", async () => {
    const { world, organizer, member, round } = await openRound();
    const b = await memberOf(world.branchA, "乙");
    const c = await memberOf(world.branchB, "丙");
    const d = await memberOf(world.branchB, "丁");
    const people = [
      { token: member, started: 200_000, deadline: 100_000, wrong: [] as number[] }, // 40 in 100 s
      { token: b.token, started: 190_000, deadline: 100_000, wrong: [] }, // 40 in 90 s
      { token: c.token, started: 180_000, deadline: 90_000, wrong: [] }, // 40 in 90 s, finished later
      { token: d.token, started: 110_000, deadline: 100_000, wrong: [1] }, // 30 in 10 s
    ];
    const at = Date.now();
    const ids: string[] = [];
    for (const p of people) {
      const attempt = await start(p.token, round.id);
      await answerAll(p.token, attempt, p.wrong);
      await env.DB.prepare("update attempts set started_at = ?, deadline_at = ? where id = ?")
        .bind(at - p.started, at - p.deadline, attempt.id)
        .run();
      ids.push(attempt.id);
    }
    for (const [i, p] of people.entries()) await finish(p.token, ids[i] ?? "");
    // Managers see the leaderboard while the round is open.
    const board = await expectStatus<{ top: { name: string; rank: number; score: number; durationMs: number }[]; participants: number }>(
      call(`/api/rounds/${round.id}/leaderboard`, { token: organizer }),
      200,
    );
    expect(board.participants).toBe(4);
    expect(board.top.map((e) => [e.name, e.rank, e.score, e.durationMs])).toEqual([
      ["乙", 1, 40, 90_000],
      ["丙", 2, 40, 90_000],
      [world.member.name, 3, 40, 100_000],
      ["丁", 4, 30, 10_000],
    ]);
    expect((await readAttempt(c.token, ids[2] ?? "")).result).toMatchObject({ rank: 2, participants: 4, counted: true });
    expect((await readAttempt(member, ids[0] ?? "")).result).toMatchObject({ rank: 3, participants: 4 });
    await setWindow(round.id, at - 60 * MINUTE, at - 1000);
    const mine = await expectStatus<{ me: { rank: number } }>(call(`/api/rounds/${round.id}/leaderboard`, { token: d.token }), 200);
    expect(mine.me.rank).toBe(4);
  });
});

describe("speed scoring", () => {
  const speedRound = (bankId: string) => ({
    scoring: "speed" as const,
    questionTimeSec: 10,
    drawSpec: { bankIds: [bankId], parts: [{ type: "single" as const, count: 4, points: 100 }] },
  });

  it("a right answer earns points × (1 − (t/T)/2), rounded; the round is sequential: no going back, no answer after the question's time", async () => {
    const { member, round } = await openRound(speedRound, 3);
    expect(round).toMatchObject({ scoring: "speed", questionTimeSec: 10, allowBack: false });
    const attempt = await start(member, round.id);

    await shownAgo(attempt.id, 4_000);
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    expect(await earned(attempt.id, 1)).toEqual({ credit: 1, earned: 80 });

    // Within the 5 s grace after the question's time: saved, and worth half.
    await shownAgo(attempt.id, 12_000);
    await expectStatus(answer(member, attempt.id, 2, await rightResponse(attempt.id, 2)), 200);
    expect(await earned(attempt.id, 2)).toEqual({ credit: 1, earned: 50 });

    // The same answer again is harmless; a different one is going back.
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    expect(await expectStatus(answer(member, attempt.id, 1, wrongResponse(await rightResponse(attempt.id, 1))), 409)).toEqual(
      errorEnvelope("CONFLICT", "本题作答时间已过"),
    );
    expect(await earned(attempt.id, 1)).toEqual({ credit: 1, earned: 80 });
    expect(await expectStatus(answer(member, attempt.id, 4, await rightResponse(attempt.id, 4)), 409)).toEqual(
      errorEnvelope("CONFLICT", "本题作答时间已过"),
    );

    // Question 3's time ran out 6 s ago (beyond the grace): refused; reading the attempt moves on to question 4.
    await shownAgo(attempt.id, 16_000);
    expect(await expectStatus(answer(member, attempt.id, 3, await rightResponse(attempt.id, 3)), 409)).toEqual(
      errorEnvelope("CONFLICT", "本题作答时间已过"),
    );
    const moved = await readAttempt(member, attempt.id);
    expect(moved.currentSeq).toBe(4);
    expect(moved.serverNow - moved.currentOpenedAt).toBeGreaterThanOrEqual(6_000);
    expect(moved.serverNow - moved.currentOpenedAt).toBeLessThan(7_000);
    expect(moved.questions.map((q) => q.seq)).toEqual([1, 2, 3, 4]);
    // The move is saved: question 4 takes an answer, timed from when question 3's time ran out.
    await expectStatus(answer(member, attempt.id, 4, await rightResponse(attempt.id, 4)), 200);
    expect((await earned(attempt.id, 4))?.earned).toBeGreaterThanOrEqual(65);
    expect((await earned(attempt.id, 4))?.earned).toBeLessThanOrEqual(70);
    const done = await finish(member, attempt.id);
    expect(done.result?.score).toBe(80 + 50 + ((await earned(attempt.id, 4))?.earned ?? 0));
    expect(done.result?.correctCount).toBe(3);
  });

  it("a read moves on the moment a question's time is up; an answer to it still arriving in the grace counts, as taking the whole time", async () => {
    const { member, round } = await openRound(speedRound, 3);
    const attempt = await start(member, round.id);
    await shownAgo(attempt.id, 11_000);
    const moved = await readAttempt(member, attempt.id);
    expect(moved.currentSeq).toBe(2);
    expect(moved.questions.map((q) => q.seq)).toEqual([1, 2]);
    // Question 1's answer was on its way: 1 s late, inside the grace, worth half.
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    expect(await earned(attempt.id, 1)).toEqual({ credit: 1, earned: 50 });
    expect((await readAttempt(member, attempt.id)).currentSeq).toBe(2);
    // Question 2 runs out 6 s ago, unanswered: the read moves on to 3, and 2 is closed for good.
    await shownAgo(attempt.id, 16_000);
    expect((await readAttempt(member, attempt.id)).currentSeq).toBe(3);
    expect(await expectStatus(answer(member, attempt.id, 2, await rightResponse(attempt.id, 2)), 409)).toEqual(
      errorEnvelope("CONFLICT", "本题作答时间已过"),
    );
  });

  it("a wrong answer earns nothing however fast; an answer at once earns (nearly) all", async () => {
    const { member, round } = await openRound(speedRound, 3);
    const attempt = await start(member, round.id);
    await expectStatus(answer(member, attempt.id, 1, wrongResponse(await rightResponse(attempt.id, 1))), 200);
    expect(await earned(attempt.id, 1)).toEqual({ credit: 0, earned: 0 });
    await expectStatus(answer(member, attempt.id, 2, await rightResponse(attempt.id, 2)), 200);
    expect((await earned(attempt.id, 2))?.earned).toBeGreaterThanOrEqual(98);
  });

  it("speed scoring needs a time per question, and the question times must fit the attempt", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const before = await contestState();
    expect(
      await expectStatus(
        call(`/api/contests/${contest.id}/rounds`, { token: organizer, body: roundInput(bank.id, { scoring: "speed" }) }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "按速度计分需要设置每题限时"));
    expect(
      await expectStatus(
        call(`/api/contests/${contest.id}/rounds`, {
          token: organizer,
          body: roundInput(bank.id, { questionTimeSec: 300, timeLimitSec: 600 }),
        }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "每题限时 × 题数（1200 秒）超过了整场答题时间（600 秒）"));
    await expectContestsUnchanged(before);
  });
});

describe("multiple choice and fill-in", () => {
  async function oneQuestionRound(world: World, organizer: string, draft: object, fields: Partial<RoundInput> = {}) {
    const bank = await createBank(organizer, world.committee.id);
    await addQuestion(organizer, bank.id, draft as never);
    const { rounds } = await contestWithRounds(world, organizer, [
      roundInput(bank.id, { drawSpec: { bankIds: [bank.id], parts: [{ count: 1, points: 30 }] }, ...fields }),
    ]);
    return rounds[0]?.id ?? "";
  }
  const allOrNothing = { ...DRAFTS.multiple, stem: "下列属于“三会”的有（ ）。", partialCredit: false };

  it("is all or nothing unless the round gives partial credit; then only right choices earn their share", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const member = await loginAs(world.member);
    const strict = await oneQuestionRound(world, organizer, allOrNothing);
    const partial = await oneQuestionRound(world, organizer, allOrNothing, { partialCredit: true });

    const a = await start(member, strict);
    const key = ((await rightResponse(a.id, 1)) as { choices: number[] }).choices;
    await expectStatus(answer(member, a.id, 1, { type: "multiple", choices: key.slice(0, 2) }), 200);
    expect(await earned(a.id, 1)).toEqual({ credit: 0, earned: 0 });
    await expectStatus(answer(member, a.id, 1, { type: "multiple", choices: [...key].reverse() }), 200);
    expect(await earned(a.id, 1)).toEqual({ credit: 1, earned: 30 });

    const b = await start(member, partial);
    const keyB = ((await rightResponse(b.id, 1)) as { choices: number[] }).choices;
    const wrongB = [0, 1, 2, 3].find((i) => !keyB.includes(i)) ?? 0;
    await expectStatus(answer(member, b.id, 1, { type: "multiple", choices: keyB.slice(0, 2) }), 200);
    expect(await earned(b.id, 1)).toEqual({ credit: 2 / 3, earned: 20 });
    await expectStatus(answer(member, b.id, 1, { type: "multiple", choices: [...keyB.slice(0, 2), wrongB] }), 200);
    expect(await earned(b.id, 1)).toEqual({ credit: 0, earned: 0 });
    await expectStatus(answer(member, b.id, 1, { type: "multiple", choices: [keyB[0] ?? 0, keyB[0] ?? 0] }), 200);
    expect(await earned(b.id, 1)).toEqual({ credit: 1 / 3, earned: 10 });
    await expectStatus(answer(member, b.id, 1, { type: "multiple", choices: keyB }), 200);
    expect(await earned(b.id, 1)).toEqual({ credit: 1, earned: 30 });
  });

  it("the round decides for everyone: a question marked for partial credit in its bank is all or nothing in a round without it", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const member = await loginAs(world.member);
    const round = await oneQuestionRound(world, organizer, DRAFTS.multiple);
    const attempt = await start(member, round);
    const key = ((await rightResponse(attempt.id, 1)) as { choices: number[] }).choices;
    await expectStatus(answer(member, attempt.id, 1, { type: "multiple", choices: key.slice(0, 2) }), 200);
    expect(await earned(attempt.id, 1)).toEqual({ credit: 0, earned: 0 });
  });

  it("fill-in answers are compared after NFKC (full-width) folding, case and spaces; any accepted answer counts", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const member = await loginAs(world.member);
    const draft = {
      type: "fill",
      stem: "中国共产党的英文缩写是（ ），一大在（ ）召开。",
      answer: [["CPC"], ["上海", "上海市"]],
      explanation: "",
      tags: [],
      difficulty: 1,
    };
    const round = await oneQuestionRound(world, organizer, draft);
    const attempt = await start(member, round);
    expect(attempt.questions[0]).toMatchObject({ type: "fill", blanks: 2, options: [] });
    const cases: [string[], number][] = [
      [["CPC", "上海"], 1],
      [["ｃｐｃ", "上海市"], 1],
      [[" C p C ", "　上　海　"], 1],
      [["ＣＰＣ", "上海"], 1],
      [["CPD", "上海"], 0],
      [["CPC", "北京"], 0],
      [["上海", "CPC"], 0],
    ];
    for (const [blanks, credit] of cases) {
      await expectStatus(answer(member, attempt.id, 1, { type: "fill", blanks }), 200);
      expect((await earned(attempt.id, 1))?.credit, blanks.join("|")).toBe(credit);
    }
    // What the person typed is what they see again.
    await expectStatus(answer(member, attempt.id, 1, { type: "fill", blanks: ["ＣＰＣ", "上海"] }), 200);
    expect((await readAttempt(member, attempt.id)).questions[0]?.answer).toEqual({ type: "fill", blanks: ["ＣＰＣ", "上海"] });
  });
});

describe("drawing questions", () => {
  it("a shared paper gives everyone the same questions, with options shuffled per attempt (except positional ones like 以上都对)", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await createBank(organizer, world.committee.id);
    for (let i = 0; i < 10; i++) await addQuestion(organizer, bank.id, singleDraft());
    const positional = await addQuestion(
      organizer,
      bank.id,
      singleDraft({
        stem: "“三会一课”制度的作用有（ ）。",
        options: ["严肃党内生活", "加强党员教育", "提高支部战斗力", "以上都对"],
        answer: 3,
      }),
    );
    const { rounds } = await contestWithRounds(world, organizer, [
      roundInput(bank.id, { drawSpec: { bankIds: [bank.id], parts: [{ type: "single", count: 11 }] } }),
    ]);
    const roundId = rounds[0]?.id ?? "";
    const attempts: AttemptBody[] = [];
    for (const org of [world.branchA, world.branchB, world.branchA]) attempts.push(await start((await memberOf(org)).token, roundId));

    const rowsOf = async (attemptId: string) =>
      (
        await env.DB.prepare("select seq, question_id, version, option_order from attempt_questions where attempt_id = ? order by seq")
          .bind(attemptId)
          .all<{ seq: number; question_id: string; version: number; option_order: string }>()
      ).results;
    const papers = await Promise.all(attempts.map((a) => rowsOf(a.id)));
    const paper = (
      await env.DB.prepare("select seq, question_id, version from round_questions where round_id = ? order by seq").bind(roundId).all()
    ).results;
    for (const rows of papers) expect(rows.map(({ seq, question_id, version }) => ({ seq, question_id, version }))).toEqual(paper);
    const orders = papers.map((rows) => rows.map((r) => r.option_order).join("|"));
    expect(new Set(orders).size).toBe(3);

    for (const [i, rows] of papers.entries()) {
      for (const row of rows) {
        const order = JSON.parse(row.option_order) as number[];
        expect([...order].sort()).toEqual([0, 1, 2, 3]);
        if (row.question_id === positional.id) expect(order).toEqual([0, 1, 2, 3]);
        // What the person sees is the options in that order.
        const shown = attempts[i]?.questions.find((q) => q.seq === row.seq);
        const original =
          row.question_id === positional.id ? ["严肃党内生活", "加强党员教育", "提高支部战斗力", "以上都对"] : singleDraft().options;
        expect(shown?.options).toEqual(order.map((o) => original[o]));
      }
    }
  });

  it("per-person draws differ between people and each follows the spec's type, tag and difficulty counts", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await createBank(organizer, world.committee.id);
    for (let i = 0; i < 10; i++) await addQuestion(organizer, bank.id, singleDraft({ tags: ["甲"], difficulty: 2 }));
    for (let i = 0; i < 3; i++) await addQuestion(organizer, bank.id, singleDraft({ tags: ["乙"], difficulty: 2 }));
    for (let i = 0; i < 3; i++) await addQuestion(organizer, bank.id, singleDraft({ tags: ["甲"], difficulty: 5 }));
    for (let i = 0; i < 6; i++)
      await addQuestion(organizer, bank.id, { ...DRAFTS.judge, stem: `判断题${i}：预备党员的预备期为一年。`, difficulty: 4 } as never);
    const { rounds } = await contestWithRounds(world, organizer, [
      roundInput(bank.id, {
        drawMode: "per_person",
        drawSpec: {
          bankIds: [bank.id],
          parts: [
            { type: "single", tag: "甲", difficultyMin: 1, difficultyMax: 3, count: 3 },
            { type: "judge", difficultyMin: 4, count: 2, points: 5 },
          ],
        },
      }),
    ]);
    const roundId = rounds[0]?.id ?? "";
    expect(rounds[0]).toMatchObject({ questionCount: 5, totalPoints: 40 });
    const sets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const attempt = await start((await memberOf(world.branchA)).token, roundId);
      const rows = (
        await env.DB.prepare(
          `select aq.seq, aq.type, aq.points, q.difficulty, aq.question_id,
             exists (select 1 from question_tags t where t.question_id = aq.question_id and t.tag = '甲') as tagged
           from attempt_questions aq join questions q on q.id = aq.question_id where aq.attempt_id = ? order by aq.seq`,
        )
          .bind(attempt.id)
          .all<{ seq: number; type: string; points: number; difficulty: number; question_id: string; tagged: number }>()
      ).results;
      expect(rows.map((r) => [r.type, r.points])).toEqual([
        ["single", 10],
        ["single", 10],
        ["single", 10],
        ["judge", 5],
        ["judge", 5],
      ]);
      for (const r of rows.slice(0, 3)) expect([r.tagged, r.difficulty]).toEqual([1, 2]);
      for (const r of rows.slice(3)) expect(r.difficulty).toBe(4);
      expect(new Set(rows.map((r) => r.question_id)).size).toBe(5);
      sets.push(
        rows
          .map((r) => r.question_id)
          .sort()
          .join(","),
      );
    }
    expect(new Set(sets).size).toBeGreaterThan(1);
    expect(await env.DB.prepare("select count(*) as n from round_questions where round_id = ?").bind(roundId).first("n")).toBe(0);
  });

  it("a spec asking for more than the banks hold is refused with the part's number, and nothing is written", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await bankWithQuestions(organizer, world.committee.id, 2);
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const before = await contestState();
    for (const drawMode of ["same", "per_person"] as const) {
      const body = roundInput(bank.id, {
        drawMode,
        drawSpec: {
          bankIds: [bank.id],
          parts: [
            { type: "judge", count: 1 },
            { type: "single", count: 4 },
          ],
        },
      });
      expect(await expectStatus(call(`/api/contests/${contest.id}/rounds`, { token: organizer, body }), 422)).toEqual(
        errorEnvelope("UNPROCESSABLE", "第 2 组抽题条件下只有 3 道可用试题，需要 4 道", { part: 1 }),
      );
    }
    await expectContestsUnchanged(before);
  });

  it("editing a question on a paper makes a new version; attempts keep the version they were given", async () => {
    const { world, organizer, member, round } = await openRound();
    const attempt = await start(member, round.id);
    const single = attempt.questions.find((q) => q.type === "single");
    const questionId = (await env.DB.prepare("select question_id from attempt_questions where attempt_id = ? and seq = ?")
      .bind(attempt.id, single?.seq ?? 0)
      .first("question_id")) as string;
    const edited = await expectStatus<{ question: { version: number } }>(
      call(`/api/questions/${questionId}`, {
        method: "PATCH",
        token: organizer,
        body: { draft: { ...DRAFTS.single, stem: "中共一大在哪一年召开？（改）" } },
      }),
      200,
    );
    expect(edited.question.version).toBe(2);
    expect((await readAttempt(member, attempt.id)).questions.find((q) => q.seq === single?.seq)?.stem).toBe(DRAFTS.single.stem);
    // Someone starting now gets the round's paper, as it was drawn.
    const later = await start((await memberOf(world.branchB)).token, round.id);
    expect(later.questions.find((q) => q.seq === single?.seq)?.stem).toBe(DRAFTS.single.stem);
    // Scoring follows the version given: the right answer is still right.
    await expectStatus(answer(member, attempt.id, single?.seq ?? 0, await rightResponse(attempt.id, single?.seq ?? 0)), 200);
    expect((await finish(member, attempt.id)).result?.score).toBe(10);
  });
});

describe("attempts and what counts", () => {
  async function twoAttempts(countPolicy: "best" | "last", first: number[], second: number[]) {
    const { member, round } = await openRound({ attemptsAllowed: 2, countPolicy });
    const a = await start(member, round.id);
    await answerAll(member, a, first);
    await finish(member, a.id);
    const b = await start(member, round.id);
    expect(b.attemptNo).toBe(2);
    await answerAll(member, b, second);
    await finish(member, b.id);
    // A third is refused.
    expect(await expectStatus(call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "本轮的答题次数已用完"),
    );
    const counted = await env.DB.prepare("select attempt_id, score from round_results where round_id = ?").bind(round.id).all();
    const mine = await expectStatus<{ contests: { rounds: { attemptsLeft: number; result: { score: number; attemptId: string } }[] }[] }>(
      call("/api/contests/mine", { token: member }),
      200,
    );
    return { a, b, counted: counted.results, listed: mine.contests[0]?.rounds[0], member };
  }

  it("best counts the better attempt, whichever came first", async () => {
    const worse = await twoAttempts("best", [], [1, 2, 3]);
    expect(worse.counted).toEqual([{ attempt_id: worse.a.id, score: 40 }]);
    expect(worse.listed).toMatchObject({ attemptsLeft: 0, result: { score: 40, attemptId: worse.a.id } });
    expect((await readAttempt(worse.member, worse.b.id)).result).toMatchObject({ score: 10, counted: false, rank: null });
    const better = await twoAttempts("best", [1, 2], []);
    expect(better.counted).toEqual([{ attempt_id: better.b.id, score: 40 }]);
  });

  it("last counts the later attempt, even when it is worse", async () => {
    const { a, b, counted, member } = await twoAttempts("last", [], [1, 2, 3]);
    expect(counted).toEqual([{ attempt_id: b.id, score: 10 }]);
    expect((await readAttempt(member, a.id)).result).toMatchObject({ score: 40, counted: false });
    expect((await finish(member, a.id)).result?.counted).toBe(false);
  });
});

describe("advancement", () => {
  /** Round 1 with `advancement`, round 2 after it; three members score 40, 30 and 20 in round 1. */
  async function twoRounds(advancement: RoundInput["advancement"]) {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const { rounds } = await contestWithRounds(world, organizer, [
      roundInput(bank.id, { advancement }),
      roundInput(bank.id, { name: "复赛" }),
    ]);
    const [first, second] = [rounds[0] ?? { id: "" }, rounds[1] ?? { id: "" }];
    const people = [
      { token: await loginAs(world.member), wrong: [] as number[] },
      { token: (await memberOf(world.branchA)).token, wrong: [1] },
      { token: (await memberOf(world.branchB)).token, wrong: [1, 2] },
    ];
    for (const p of people) {
      const attempt = await start(p.token, first.id);
      await answerAll(p.token, attempt, p.wrong);
      await finish(p.token, attempt.id);
    }
    const late = await memberOf(world.branchB as TestOrg);
    return { first, second, people, late, world };
  }

  async function outcomes(advancement: RoundInput["advancement"]) {
    const { first, second, people, late } = await twoRounds(advancement);
    // While round 1 is open nobody knows who moves on.
    expect(await expectStatus(call(`/api/rounds/${second.id}/attempts`, { token: people[0]?.token, body: {} }), 403)).toEqual(
      errorEnvelope("FORBIDDEN", "上一轮尚未结束，晋级名单确定后才能参加本轮"),
    );
    await setWindow(first.id, Date.now() - 60 * MINUTE, Date.now() - 1000);
    const statuses = [];
    for (const p of [...people, { token: late.token }]) {
      const res = await call(`/api/rounds/${second.id}/attempts`, { token: p.token, body: {} });
      const body = await res.json();
      if (res.status === 403) expect(body).toEqual(errorEnvelope("FORBIDDEN", "您未晋级本轮"));
      const mine = await expectStatus<{ contests: { rounds: { id: string; qualified: boolean }[] }[] }>(
        call("/api/contests/mine", { token: p.token }),
        200,
      );
      expect(mine.contests[0]?.rounds.find((r) => r.id === second.id)?.qualified).toBe(res.status === 200);
      statuses.push(res.status);
    }
    return statuses;
  }

  it("top N: the first N move on", async () => {
    expect(await outcomes({ kind: "top_n", value: 1 })).toEqual([200, 403, 403, 403]);
  });

  it("top X %: the first ceil(X % of participants) move on", async () => {
    expect(await outcomes({ kind: "top_percent", value: 50 })).toEqual([200, 200, 403, 403]);
  });

  it("min score: everyone with at least T moves on", async () => {
    expect(await outcomes({ kind: "min_score", value: 30 })).toEqual([200, 200, 403, 403]);
  });
});

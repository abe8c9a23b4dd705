import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { sweepExpiredAttempts } from "../../worker/features/contests/attempt.service";
import { DRAFTS } from "../helpers/banks";
import {
  type AttemptBody,
  ageAttempt,
  answer,
  answerAll,
  countOf,
  finish,
  MINUTE,
  memberOf,
  openRound,
  readAttempt,
  rightResponse,
  setWindow,
  start,
  wrongResponse,
} from "../helpers/contests";
import { callCounted } from "../helpers/d1-count";
import { call, callAtOnce, errorEnvelope, expectStatus } from "../helpers/http";

/** Field names that only the review (after the round) or the server may hold. */
const SECRET_KEYS = new Set([
  "answerKey",
  "answer_key",
  "rightAnswer",
  "explanation",
  "source",
  "optionOrder",
  "option_order",
  "credit",
  "earned",
  "correct",
]);

/** Every place in a JSON value where a secret key or a secret text shows; [] when there is none. */
function leaksIn(value: unknown, secrets: string[], path = "$"): string[] {
  if (typeof value === "string") return secrets.filter((s) => value.includes(s)).map((s) => `${path} contains “${s}”`);
  if (Array.isArray(value)) return value.flatMap((v, i) => leaksIn(v, secrets, `${path}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, v]) => [
      ...(SECRET_KEYS.has(key) ? [`${path}.${key}`] : []),
      ...(key === "review" && v !== null ? [`${path}.review is not null`] : []),
      ...leaksIn(v, secrets, `${path}.${key}`),
    ]);
  return [];
}

/** The texts only the review may show: explanations, sources and the fill-in question's accepted answers. */
const SECRETS = [...Object.values(DRAFTS).flatMap((d) => [d.explanation, d.source]), "遵义"];
const OTHERS_ANSWER = "别人的答案甲乙丙";

describe("nothing secret reaches a participant before the round closes", () => {
  it("walks every participant-facing response: no keys, explanations, sources or other people's answers; the review has them after", async () => {
    const { world, member, round, contest } = await openRound();
    const other = await memberOf(world.branchB);
    const responses: [string, unknown][] = [];
    const record = async (label: string, res: Response | Promise<Response>, status: number) => {
      const body = await expectStatus(res, status);
      responses.push([label, body]);
      return body;
    };

    // Someone else is taking the round too, and answers the fill-in question with a text of their own.
    const theirs = await start(other.token, round.id);
    const theirFill = theirs.questions.find((q) => q.type === "fill");
    await expectStatus(answer(other.token, theirs.id, theirFill?.seq ?? 0, { type: "fill", blanks: [OTHERS_ANSWER] }), 200);

    await record("listMyContests", call("/api/contests/mine", { token: member }), 200);
    await record("getContest", call(`/api/contests/${contest.id}`, { token: member }), 200);
    const started = (await record("startAttempt", call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 200)) as {
      attempt: AttemptBody;
    };
    const attempt = started.attempt;
    await record("startAttempt again (resume)", call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 200);
    await record("getAttempt (open)", call(`/api/attempts/${attempt.id}`, { token: member }), 200);
    for (const q of attempt.questions) {
      // Wrong answers only, so the fill-in question's right answer never comes back as the member's own.
      const response = wrongResponse(await rightResponse(attempt.id, q.seq));
      await record(`submitAnswer ${q.seq}`, answer(member, attempt.id, q.seq, response), 200);
      await record(`submitAnswer ${q.seq} again`, answer(member, attempt.id, q.seq, response), 200);
    }
    await record("submitAnswer out of range", answer(member, attempt.id, 1, { type: "single", choice: 7 }), 400);
    await record("getAttempt (answered)", call(`/api/attempts/${attempt.id}`, { token: member }), 200);
    await record("leaderboard (refused)", call(`/api/rounds/${round.id}/leaderboard`, { token: member }), 403);
    await record("monitor (refused)", call(`/api/rounds/${round.id}/monitor`, { token: member }), 403);
    await record("others' attempt (refused)", call(`/api/attempts/${theirs.id}`, { token: member }), 404);
    await record("finishAttempt", call(`/api/attempts/${attempt.id}/finish`, { token: member, body: {} }), 200);
    await record("finishAttempt again", call(`/api/attempts/${attempt.id}/finish`, { token: member, body: {} }), 200);
    await record("getAttempt (finished, round open)", call(`/api/attempts/${attempt.id}`, { token: member }), 200);
    await record("listMyContests (finished)", call("/api/contests/mine", { token: member }), 200);
    await record("start after finishing (refused)", call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 409);

    // The window closes, but the other person still has time (extra time): the round is not closed for everyone.
    await setWindow(round.id, Date.now() - 60 * MINUTE, Date.now() - 1000);
    await record("getAttempt (window closed, someone still answering)", call(`/api/attempts/${attempt.id}`, { token: member }), 200);

    expect(responses.length).toBeGreaterThan(20);
    for (const [label, body] of responses) expect(leaksIn(body, [...SECRETS, OTHERS_ANSWER]), label).toEqual([]);
    // The walk would find them: the secrets are in the database, the stem is what the member sees.
    expect(JSON.stringify(responses)).toContain(DRAFTS.fill.stem);

    // Once everyone is done, the review has the right answers, explanations and sources, in shown positions.
    await finish(other.token, theirs.id);
    const reviewed = await readAttempt(member, attempt.id);
    expect(reviewed.review).toHaveLength(attempt.questionCount);
    for (const item of reviewed.review ?? []) {
      const q = attempt.questions.find((x) => x.seq === item.seq);
      const draft = Object.values(DRAFTS).find((d) => d.stem === q?.stem);
      expect(item).toEqual({
        seq: item.seq,
        credit: 0,
        earned: 0,
        rightAnswer: expect.anything(),
        explanation: draft?.explanation,
        source: draft?.source,
      });
      const right = (await rightResponse(attempt.id, item.seq)) as { choice?: number; choices?: number[]; value?: boolean };
      if (q?.type === "single") expect(q.options[item.rightAnswer as number]).toBe("1921年");
      if (q?.type === "single") expect(item.rightAnswer).toBe(right.choice);
      if (q?.type === "multiple") expect(item.rightAnswer).toEqual(right.choices);
      if (q?.type === "judge") expect(item.rightAnswer).toBe(true);
      if (q?.type === "fill") expect(item.rightAnswer).toEqual([["遵义", "遵义市"]]);
    }
    // Still nothing of the other person's in it.
    expect(JSON.stringify(reviewed)).not.toContain(OTHERS_ANSWER);
  });

  it("a sequential round shows only the questions up to the one on screen", async () => {
    const { member, round } = await openRound({ questionTimeSec: 30 });
    const attempt = await start(member, round.id);
    expect(attempt).toMatchObject({ sequential: true, allowBack: false, currentSeq: 1, questionTimeSec: 30 });
    expect(attempt.questions.map((q) => q.seq)).toEqual([1]);
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    expect((await readAttempt(member, attempt.id)).questions.map((q) => q.seq)).toEqual([1, 2]);
  });
});

describe("saving answers", () => {
  it("the same answer twice is one row with the first time; a changed answer replaces it when the round allows going back", async () => {
    const { member, round } = await openRound();
    const attempt = await start(member, round.id);
    const right = await rightResponse(attempt.id, 1);
    const first = await expectStatus<{ answeredAt: number; seq: number }>(answer(member, attempt.id, 1, right), 200);
    expect(first).toEqual({
      seq: 1,
      answeredAt: expect.any(Number),
      serverNow: expect.any(Number),
      deadlineAt: attempt.deadlineAt,
      currentSeq: 1,
      currentOpenedAt: attempt.currentOpenedAt,
    });
    await new Promise((resume) => setTimeout(resume, 5));
    const again = await expectStatus<{ answeredAt: number }>(answer(member, attempt.id, 1, right), 200);
    expect(again.answeredAt).toBe(first.answeredAt);
    expect(await countOf("attempt_answers", "attempt_id = ?", attempt.id)).toBe(1);

    const changed = await expectStatus<{ answeredAt: number }>(answer(member, attempt.id, 1, wrongResponse(right)), 200);
    expect(changed.answeredAt).toBeGreaterThanOrEqual(first.answeredAt);
    const row = await env.DB.prepare("select response, credit from attempt_answers where attempt_id = ?")
      .bind(attempt.id)
      .first<{ response: string; credit: number }>();
    expect(row?.credit).toBe(0);
    expect(await countOf("attempt_answers", "attempt_id = ?", attempt.id)).toBe(1);
    expect((await readAttempt(member, attempt.id)).questions[0]?.answer).toEqual(wrongResponse(right));
  });

  it("two identical answers at the same moment save one row", async () => {
    const { member, round } = await openRound();
    const attempt = await start(member, round.id);
    const right = await rightResponse(attempt.id, 2);
    const path = `/api/attempts/${attempt.id}/answers/2`;
    const [a, b] = await callAtOnce([
      [path, { method: "PUT", token: member, body: { response: right } }],
      [path, { method: "PUT", token: member, body: { response: right } }],
    ]);
    const [first, second] = [
      await expectStatus<{ answeredAt: number }>(a as Response, 200),
      await expectStatus<{ answeredAt: number }>(b as Response, 200),
    ];
    expect(first.answeredAt).toBe(second.answeredAt);
    expect(await countOf("attempt_answers", "attempt_id = ?", attempt.id)).toBe(1);
  });

  it("without going back: the same answer again is fine, a change is refused (noChange), an earlier question is refused (noGoingBack)", async () => {
    const singles = (bankId: string) => ({
      allowBack: false,
      drawSpec: { bankIds: [bankId], parts: [{ type: "single" as const, count: 4 }] },
    });
    const { member, round } = await openRound(singles, 3);
    const attempt = await start(member, round.id);
    expect(attempt.allowBack).toBe(false);
    const right2 = await rightResponse(attempt.id, 2);
    const first = await expectStatus<{ answeredAt: number }>(answer(member, attempt.id, 2, right2), 200);
    expect((await expectStatus<{ answeredAt: number }>(answer(member, attempt.id, 2, right2), 200)).answeredAt).toBe(first.answeredAt);
    expect(await expectStatus(answer(member, attempt.id, 2, wrongResponse(right2)), 409)).toEqual(
      errorEnvelope("CONFLICT", "本轮不允许修改已提交的答案"),
    );
    expect(await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 409)).toEqual(
      errorEnvelope("CONFLICT", "本轮不允许返回修改前面的题目"),
    );
    // A bad response to the next question is a bad response, not a refusal to go back.
    for (const response of [
      { type: "judge", value: true },
      { type: "single", choice: 7 },
      { type: "multiple", choices: [0, 1] },
    ])
      expect(await expectStatus(answer(member, attempt.id, 3, response), 400), JSON.stringify(response)).toEqual(
        errorEnvelope("VALIDATION_FAILED", "答案与题型不符"),
      );
    const saved = await env.DB.prepare("select seq from attempt_answers where attempt_id = ? order by seq").bind(attempt.id).all();
    expect(saved.results).toEqual([{ seq: 2 }]);
    // Going on is fine.
    await expectStatus(answer(member, attempt.id, 3, await rightResponse(attempt.id, 3)), 200);
  });

  it("an answer within the 5 s grace is saved; after it, refused with a message a person understands", async () => {
    const { member, round } = await openRound();
    const attempt = await start(member, round.id);
    await env.DB.prepare("update attempts set deadline_at = ? where id = ?")
      .bind(Date.now() - 2_000, attempt.id)
      .run();
    await expectStatus(answer(member, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    await env.DB.prepare("update attempts set deadline_at = ? where id = ?")
      .bind(Date.now() - 5_500, attempt.id)
      .run();
    expect(await expectStatus(answer(member, attempt.id, 2, await rightResponse(attempt.id, 2)), 409)).toEqual(
      errorEnvelope("CONFLICT", "答题时间已到，答案未能保存"),
    );
    expect(await countOf("attempt_answers", "attempt_id = ?", attempt.id)).toBe(1);
    // Once closed (here by reading it), a late answer is refused as closed.
    expect((await readAttempt(member, attempt.id)).status).toBe("expired");
    expect(await expectStatus(answer(member, attempt.id, 3, await rightResponse(attempt.id, 3)), 409)).toEqual(
      errorEnvelope("CONFLICT", "本次答题已结束，不能再提交答案"),
    );
  });

  it("someone else's attempt, a bad session or no session: refused, nothing saved", async () => {
    const { world, member, round } = await openRound();
    const other = await memberOf(world.branchB);
    const attempt = await start(member, round.id);
    const right = await rightResponse(attempt.id, 1);
    expect(await expectStatus(answer(other.token, attempt.id, 1, right), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    expect(await expectStatus(answer("x".repeat(40), attempt.id, 1, right), 401)).toEqual(errorEnvelope("UNAUTHENTICATED"));
    expect(await expectStatus(call(`/api/attempts/${attempt.id}/answers/1`, { method: "PUT", body: { response: right } }), 401)).toEqual(
      errorEnvelope("UNAUTHENTICATED"),
    );
    expect(await countOf("attempt_answers", "attempt_id = ?", attempt.id)).toBe(0);
  });
});

describe("starting", () => {
  it("two starts at the same moment make one attempt when one is allowed", async () => {
    const { member, round } = await openRound();
    const path = `/api/rounds/${round.id}/attempts`;
    const responses = await callAtOnce([
      [path, { token: member, body: {} }],
      [path, { token: member, body: {} }],
    ]);
    const bodies = await Promise.all(responses.map((res) => expectStatus<{ attempt: AttemptBody }>(res, 200)));
    expect(bodies[0]?.attempt.id).toBe(bodies[1]?.attempt.id);
    expect(await countOf("attempts", "round_id = ?", round.id)).toBe(1);
    expect(await countOf("attempt_questions", "attempt_id = ?", bodies[0]?.attempt.id)).toBe(4);
  });

  it("with two attempts allowed, two starts at the same moment still make only attempt #1", async () => {
    const { member, round } = await openRound({ attemptsAllowed: 2 });
    const path = `/api/rounds/${round.id}/attempts`;
    const responses = await callAtOnce([
      [path, { token: member, body: {} }],
      [path, { token: member, body: {} }],
    ]);
    const bodies = await Promise.all(responses.map((res) => expectStatus<{ attempt: AttemptBody }>(res, 200)));
    expect(bodies.map((b) => b.attempt.attemptNo)).toEqual([1, 1]);
    expect(bodies[0]?.attempt.id).toBe(bodies[1]?.attempt.id);
    expect(await countOf("attempts", "round_id = ?", round.id)).toBe(1);
    // The second attempt comes after the first is handed in, and also only once.
    await finish(member, bodies[0]?.attempt.id ?? "");
    const again = await callAtOnce([
      [path, { token: member, body: {} }],
      [path, { token: member, body: {} }],
    ]);
    const second = await Promise.all(again.map((res) => expectStatus<{ attempt: AttemptBody }>(res, 200)));
    expect(second.map((b) => b.attempt.attemptNo)).toEqual([2, 2]);
    expect(await countOf("attempts", "round_id = ?", round.id)).toBe(2);
  });

  it("outside the round's window starting is refused with the window in Beijing time, and nothing is written", async () => {
    const opensAt = Date.UTC(2030, 0, 1, 1, 30); // 09:30 in Beijing
    const { member, round } = await openRound({ opensAt, closesAt: opensAt + 60 * MINUTE });
    expect(await expectStatus(call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "本轮答题时间为 2030-01-01 09:30 至 2030-01-01 10:30，现在不在答题时间内"),
    );
    await setWindow(round.id, Date.now() - 60 * MINUTE, Date.now() - MINUTE);
    expect(await expectStatus(call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", expect.stringContaining("现在不在答题时间内")),
    );
    expect(await countOf("attempts", "round_id = ?", round.id)).toBe(0);
  });

  it("the deadline is the earlier of start + time limit and the window's close", async () => {
    const closesAt = Date.now() + 3 * MINUTE;
    const { member, round } = await openRound({ closesAt, timeLimitSec: 600 });
    const attempt = await start(member, round.id);
    expect(attempt.deadlineAt).toBe(closesAt);
    expect(attempt.graceMs).toBe(5_000);
  });
});

describe("one D1 round trip per answer", () => {
  it("PUT /api/attempts/{id}/answers/{seq} makes exactly one call to D1, the session check included", async () => {
    const { member, round } = await openRound();
    const attempt = await start(member, round.id);
    const right = await rightResponse(attempt.id, 1);
    const path = `/api/attempts/${attempt.id}/answers/1`;
    const saved = await callCounted(path, { method: "PUT", token: member, body: { response: right } });
    expect(saved.response.status, await saved.response.clone().text()).toBe(200);
    expect(saved.calls).toEqual(["batch(4)"]);
    expect(saved.roundTrips).toBe(1);
    // The same answer again, a changed one and a refused one: one each as well.
    for (const response of [right, wrongResponse(right), { type: "judge", value: true }]) {
      const counted = await callCounted(path, { method: "PUT", token: member, body: { response } });
      expect(counted.response.status).toBeLessThan(500);
      expect(counted.roundTrips).toBe(1);
    }
    // The counter sees the middleware's round trip on other routes: it would notice one here.
    const read = await callCounted(`/api/attempts/${attempt.id}`, { token: member });
    expect(read.response.status).toBe(200);
    expect(read.roundTrips).toBeGreaterThanOrEqual(2);
  });
});

describe("closing", () => {
  it("finishing is idempotent: the same result, and the counted result written once", async () => {
    const { member, round } = await openRound();
    const attempt = await start(member, round.id);
    await answerAll(member, attempt, [2]);
    const first = await finish(member, attempt.id);
    const second = await finish(member, attempt.id);
    expect(first.status).toBe("submitted");
    expect(second).toEqual({ ...first, serverNow: second.serverNow });
    expect(first.result).toMatchObject({ score: 30, correctCount: 3, counted: true, rank: 1, participants: 1 });
    expect(await countOf("round_results", "round_id = ?", round.id)).toBe(1);
    // Answers after handing in are refused.
    expect(await expectStatus(answer(member, attempt.id, 2, await rightResponse(attempt.id, 2)), 409)).toEqual(
      errorEnvelope("CONFLICT", "本次答题已结束，不能再提交答案"),
    );
  });

  it("an attempt past its deadline closes on the next read, with the time up to the deadline", async () => {
    const { member, round } = await openRound();
    const attempt = await start(member, round.id);
    await answerAll(member, attempt);
    await ageAttempt(attempt.id, 11 * MINUTE);
    const read = await readAttempt(member, attempt.id);
    expect(read.status).toBe("expired");
    expect(read.result).toMatchObject({ score: 40, correctCount: 4, durationMs: 600_000, counted: true });
    const result = await env.DB.prepare("select attempt_id, score, duration_ms from round_results where round_id = ?")
      .bind(round.id)
      .first();
    expect(result).toEqual({ attempt_id: attempt.id, score: 40, duration_ms: 600_000 });
  });

  it("the cron sweep closes overdue attempts whether or not a phone comes back, and counts their results", async () => {
    const { world, member, round } = await openRound();
    const other = await memberOf(world.branchB);
    const mine = await start(member, round.id);
    const theirs = await start(other.token, round.id);
    await answerAll(member, mine);
    await answerAll(other.token, theirs, [1, 2]);
    const stillRunning = await start((await memberOf(world.branchA)).token, round.id);
    await ageAttempt(mine.id, 11 * MINUTE);
    await ageAttempt(theirs.id, 10 * MINUTE + 30_000);

    const closed = await sweepExpiredAttempts(createDb(env.DB), Date.now());
    expect(closed).toBeGreaterThanOrEqual(2);
    const rows = await env.DB.prepare(
      "select id, status, score, (finished_at is not null and finished_at = deadline_at) as at_deadline from attempts where round_id = ? order by score desc",
    )
      .bind(round.id)
      .all();
    expect(rows.results).toEqual([
      { id: mine.id, status: "expired", score: 40, at_deadline: 1 },
      { id: theirs.id, status: "expired", score: 20, at_deadline: 1 },
      { id: stillRunning.id, status: "open", score: 0, at_deadline: 0 },
    ]);
    const results = await env.DB.prepare("select user_id, attempt_id, score from round_results where round_id = ? order by score desc")
      .bind(round.id)
      .all();
    expect(results.results).toEqual([
      { user_id: world.member.id, attempt_id: mine.id, score: 40 },
      { user_id: other.user.id, attempt_id: theirs.id, score: 20 },
    ]);
    // Sweeping again finds nothing more of these.
    await sweepExpiredAttempts(createDb(env.DB), Date.now());
    expect(await countOf("round_results", "round_id = ?", round.id)).toBe(2);
  });

  it("wrong answers enter the 错题本 once, only after the round has closed for everyone, when the review is read", async () => {
    const { world, member, round } = await openRound();
    const other = await memberOf(world.branchB);
    const attempt = await start(member, round.id);
    const theirs = await start(other.token, round.id);
    await answerAll(member, attempt, [1, 3]);
    await finish(member, attempt.id);
    const wrongOf = () => countOf("wrong_book", "user_id = ?", world.member.id);

    await readAttempt(member, attempt.id);
    expect(await wrongOf()).toBe(0);
    // The window has closed, but someone is still answering: not yet.
    await setWindow(round.id, Date.now() - 60 * MINUTE, Date.now() - 1000);
    expect((await readAttempt(member, attempt.id)).review).toBeNull();
    expect(await wrongOf()).toBe(0);

    await finish(other.token, theirs.id);
    const reviewed = await readAttempt(member, attempt.id);
    expect(reviewed.review?.filter((r) => r.credit < 1).map((r) => r.seq)).toEqual([1, 3]);
    expect(await wrongOf()).toBe(2);
    await readAttempt(member, attempt.id);
    await readAttempt(member, attempt.id);
    const book = await env.DB.prepare("select question_id, wrong_count from wrong_book where user_id = ? order by question_id")
      .bind(world.member.id)
      .all<{ question_id: string; wrong_count: number }>();
    expect(book.results.map((r) => r.wrong_count)).toEqual([1, 1]);
    const wrongIds = await env.DB.prepare(
      "select question_id from attempt_questions where attempt_id = ? and seq in (1, 3) order by question_id",
    )
      .bind(attempt.id)
      .all<{ question_id: string }>();
    expect(book.results.map((r) => r.question_id)).toEqual(wrongIds.results.map((r) => r.question_id));
    // The other person answered nothing: nothing of theirs goes in.
    expect(await countOf("wrong_book", "user_id = ?", other.user.id)).toBe(0);
  });
});

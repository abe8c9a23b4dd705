import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  type AttemptBody,
  addRound,
  answer,
  bankWithQuestions,
  createContest,
  MINUTE,
  publish,
  rightResponse,
  roundInput,
  setWindow,
  start,
} from "../helpers/contests";
import { createWorld, loginAs } from "../helpers/factories";
import { call, expectStatus } from "../helpers/http";

describe("a self-paced round from start to results", () => {
  it("an organizer builds and publishes a contest; a member takes it, answers are saved once, the score and rank follow", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const member = await loginAs(world.member);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const round = await addRound(organizer, contest.id, roundInput(bank.id));
    expect(round).toMatchObject({ questionCount: 4, totalPoints: 40, state: "open" });

    // Not published yet: the member does not see it.
    const before = await expectStatus<{ contests: unknown[] }>(call("/api/contests/mine", { token: member }), 200);
    expect(before.contests).toEqual([]);
    await publish(organizer, contest.id);
    const mine = await expectStatus<{ contests: { id: string; rounds: { id: string; attemptsLeft: number }[] }[] }>(
      call("/api/contests/mine", { token: member }),
      200,
    );
    expect(mine.contests.map((c) => c.id)).toEqual([contest.id]);
    expect(mine.contests[0]?.rounds[0]?.attemptsLeft).toBe(1);

    const attempt = await start(member, round.id);
    expect(attempt.questions).toHaveLength(4);
    expect(attempt.deadlineAt - attempt.startedAt).toBe(600_000);
    expect(JSON.stringify(attempt)).not.toContain('explanation":"1921');
    // Starting again resumes the same attempt.
    expect((await start(member, round.id)).id).toBe(attempt.id);

    for (const q of attempt.questions) {
      const response = await rightResponse(attempt.id, q.seq);
      const first = await expectStatus<{ answeredAt: number }>(answer(member, attempt.id, q.seq, response), 200);
      const again = await expectStatus<{ answeredAt: number }>(answer(member, attempt.id, q.seq, response), 200);
      expect(again.answeredAt).toBe(first.answeredAt);
    }
    const rows = await env.DB.prepare("select count(*) as n from attempt_answers where attempt_id = ?")
      .bind(attempt.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(4);

    const finished = await expectStatus<{ attempt: AttemptBody }>(
      call(`/api/attempts/${attempt.id}/finish`, { token: member, body: {} }),
      200,
    );
    expect(finished.attempt.status).toBe("submitted");
    expect(finished.attempt.result).toMatchObject({ score: 40, correctCount: 4, counted: true, rank: 1, participants: 1 });
    expect(finished.attempt.review).toBeNull();

    // A second start is refused: one attempt allowed.
    const refused = await call(`/api/rounds/${round.id}/attempts`, { token: member, body: {} });
    expect(refused.status).toBe(409);

    // The leaderboard is for after the round; then the review shows answers and explanations.
    expect((await call(`/api/rounds/${round.id}/leaderboard`, { token: member })).status).toBe(403);
    await setWindow(round.id, Date.now() - 120 * MINUTE, Date.now() - MINUTE);
    const board = await expectStatus<{ top: { name: string; rank: number; score: number }[]; me: { rank: number } }>(
      call(`/api/rounds/${round.id}/leaderboard`, { token: member }),
      200,
    );
    expect(board.top).toEqual([expect.objectContaining({ rank: 1, score: 40, name: world.member.name })]);
    expect(board.me.rank).toBe(1);
    const review = await expectStatus<{ attempt: AttemptBody }>(call(`/api/attempts/${attempt.id}`, { token: member }), 200);
    expect(review.attempt.review).toHaveLength(4);
    expect(review.attempt.review?.every((r) => r.credit === 1)).toBe(true);
  });

  it("an answer after the deadline plus grace is refused and the attempt closes by itself", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const member = await loginAs(world.member);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const round = await addRound(organizer, contest.id, roundInput(bank.id));
    await publish(organizer, contest.id);
    const attempt = await start(member, round.id);
    await answer(member, attempt.id, 1, await rightResponse(attempt.id, 1));
    await env.DB.prepare("update attempts set deadline_at = ? where id = ?")
      .bind(Date.now() - 6_000, attempt.id)
      .run();
    const late = await answer(member, attempt.id, 2, await rightResponse(attempt.id, 2));
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { message: string } }).error.message).toBe("答题时间已到，答案未能保存");
    const read = await expectStatus<{ attempt: AttemptBody }>(call(`/api/attempts/${attempt.id}`, { token: member }), 200);
    expect(read.attempt.status).toBe("expired");
    expect(read.attempt.result?.score).toBe(10);
  });
});

import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addRound, bankWithQuestions, createContest, memberOf, publish, roundInput } from "../helpers/contests";
import { createUser, createWorld, loginAs } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";
import {
  connect,
  joinRoom,
  openRoom,
  type Phone,
  rightAnswer,
  roomStub,
  runAlarm,
  settled,
  timePasses,
  tryConnect,
  wrongSingle,
} from "../helpers/live";

type TeamPlay = "individual" | "team_captain" | "team_first" | "team_mean";

/**
 * A published contest of a fresh world (scope: the committee; teams by branch) with one live round of
 * four single-choice questions worth 10 each, 20 s per question.
 */
async function liveRound(fields: { scoring?: "accuracy" | "speed"; teamPlay?: TeamPlay } = {}) {
  const world = await createWorld();
  const organizer = await loginAs(world.organizer);
  const member = await loginAs(world.member);
  const bank = await bankWithQuestions(organizer, world.committee.id, 4);
  const contest = await createContest(organizer, {
    hosts: [{ type: "org", id: world.committee.id }],
    scopeOrgIds: [world.committee.id],
    team: { kind: "branch", method: "mean" },
  });
  const round = await addRound(
    organizer,
    contest.id,
    roundInput(bank.id, {
      name: "决赛",
      mode: "live",
      scoring: fields.scoring ?? "accuracy",
      liveTeamPlay: fields.teamPlay ?? "individual",
      drawSpec: { bankIds: [bank.id], parts: [{ type: "single", count: 4, points: 10 }] },
    }),
  );
  await publish(organizer, contest.id);
  return { world, organizer, member, bank, contest, round };
}

/** Every frame a phone got, as text: what must never carry a key before its reveal. */
function framesText(phone: Phone, types: string[]) {
  return JSON.stringify(phone.frames.filter((f) => types.includes(f.type)));
}

describe("a whole live round", () => {
  it("runs from the lobby to the end with several phones, a reconnect and a restart, and lands in D1 as attempts", async () => {
    const { world, organizer, member, round } = await liveRound();
    const second = await memberOf(world.branchA, "李四");
    const third = await memberOf(world.branchB, "王五");

    const room = await openRoom(organizer, round.id);
    expect(room).toEqual({
      pin: expect.stringMatching(/^\d{6}$/),
      roundId: round.id,
      joinUrl: expect.stringContaining(room.pin),
      status: "lobby",
    });
    // Opening again is the same room.
    expect(await openRoom(organizer, round.id)).toEqual(room);

    for (const token of [member, second.token, third.token]) {
      const joined = await joinRoom(token, room.pin);
      expect(joined.roundId).toBe(round.id);
      expect(joined.roles).toEqual(["player", "screen", "audience"]);
    }

    const host = await connect(organizer, round.id, "host");
    const screen = await connect(organizer, round.id, "screen");
    const a = await connect(member, round.id, "player", "A");
    const b = await connect(second.token, round.id, "player", "B");
    let c = await connect(third.token, round.id, "player", "C");
    const lobby = host.unread("lobby").at(-1);
    expect(lobby).toMatchObject({ type: "lobby", players: 3 });

    // Question 1: out to everyone without its key.
    host.send({ type: "host.start" });
    const q1 = await a.next("question");
    expect(q1.question).toMatchObject({ seq: 1, total: 4, type: "single", points: 10, pausedRemainingMs: null });
    expect(q1.question.options).toHaveLength(4);
    expect(q1.question.deadline - q1.question.startedAt).toBe(20_000);
    for (const p of [b, c, screen, host]) expect((await p.next("question")).question.seq).toBe(1);
    expect(framesText(a, ["question", "state", "lobby"])).not.toMatch(/answer|explanation|key/);

    const key1 = await rightAnswer(round.id, 1);
    expect(await a.answer(1, key1, "a1")).toEqual({ type: "ack", id: "a1", seq: 1, accepted: true });
    // The same answer again is harmless; another one changes nothing.
    expect(await a.answer(1, key1, "a1")).toEqual({ type: "ack", id: "a1", seq: 1, accepted: true, reason: "duplicate" });
    expect(await a.answer(1, wrongSingle(key1), "a1b")).toMatchObject({ accepted: false, reason: "alreadyAnswered" });
    expect(await b.answer(1, wrongSingle(key1))).toMatchObject({ accepted: true });
    expect(await host.next("progress")).toEqual({ type: "progress", seq: 1, answered: 1, total: 3 });

    // C's network drops mid-question; back, it gets the question, the time left and no answer yet.
    c.close();
    c = await connect(third.token, round.id, "player", "C again");
    const back = c.state;
    expect(back).toMatchObject({ type: "state", phase: "question", myAnswer: null, question: { seq: 1 } });
    if (back?.type !== "state") throw new Error("no state");
    expect(back.remainingMs).toBeGreaterThan(0);
    expect(back.remainingMs).toBeLessThanOrEqual(20_000);
    // A's reconnect would show its own answer.
    const aState = await connect(member, round.id, "player", "A 2nd");
    expect(aState.state).toMatchObject({ type: "state", myAnswer: { seq: 1, response: key1, by: null } });
    aState.close();

    // The last answer closes the question at once: the reveal, with each phone's own result.
    expect(await c.answer(1, key1)).toMatchObject({ accepted: true });
    const revealA = await a.next("reveal");
    expect(revealA).toMatchObject({
      seq: 1,
      key: key1,
      result: { answered: true, credit: 1, points: 10, score: 10 },
      last: false,
    });
    expect(revealA.distribution.reduce((n, x) => n + x, 0)).toBe(3);
    expect(revealA.leaderboard.map((e) => e.score)).toEqual([10, 10, 0]);
    expect((await b.next("reveal")).result).toEqual({ answered: true, credit: 0, points: 0, score: 0, rank: 3 });
    expect((await screen.next("reveal")).result).toBeNull();

    // Question 2: nobody answers; the clock runs out and the alarm closes it; a late answer is refused.
    host.send({ type: "host.next" });
    expect((await a.next("question")).question.seq).toBe(2);
    await timePasses(round.id, 25_000);
    await runAlarm(round.id);
    expect((await a.next("reveal")).seq).toBe(2);
    expect(await a.answer(2, await rightAnswer(round.id, 2))).toMatchObject({ accepted: false, reason: "closed" });

    // The object restarts (evicted; its sockets hibernate): the room goes on where it was.
    await evictDurableObject(roomStub(round.id));
    host.send({ type: "host.next" });
    const q3 = await a.next("question");
    expect(q3.question.seq).toBe(3);
    expect(await a.answer(3, await rightAnswer(round.id, 3))).toMatchObject({ accepted: true });

    // Pause: answers wait; extend adds time; resume runs the clock again.
    host.send({ type: "host.pause" });
    expect(await b.next("paused")).toMatchObject({ seq: 3 });
    expect(await b.answer(3, await rightAnswer(round.id, 3))).toMatchObject({ accepted: false, reason: "paused" });
    host.send({ type: "host.extend", seconds: 10 });
    expect(await b.next("extended")).toMatchObject({ seq: 3, seconds: 10, deadline: q3.question.deadline + 10_000 });
    host.send({ type: "host.resume" });
    const resumed = await b.next("resumed");
    expect(resumed.deadline).toBeGreaterThanOrEqual(q3.question.deadline + 10_000);
    expect(await b.answer(3, await rightAnswer(round.id, 3))).toMatchObject({ accepted: true });

    // Ending mid-question: its answers count, the final standings go out.
    host.send({ type: "host.end" });
    const ended = await a.next("ended");
    expect(ended.standings.map((s) => [s.name, s.score])).toEqual([
      [expect.any(String), 20],
      [expect.any(String), 10],
      [expect.any(String), 10],
    ]);
    expect((await a.next("reveal")).seq).toBe(3);

    await settled(round.id);
    const attempts = await env.DB.prepare(
      "select user_id, status, score, correct_count, question_count, total_points from attempts where round_id = ? order by score desc, user_id",
    )
      .bind(round.id)
      .all();
    expect(attempts.results).toHaveLength(3);
    expect(attempts.results.map((r) => [r.status, r.score, r.correct_count, r.question_count, r.total_points])).toEqual([
      ["submitted", 20, 2, 4, 40],
      ["submitted", 10, 1, 4, 40],
      ["submitted", 10, 1, 4, 40],
    ]);
    const results = await env.DB.prepare("select user_id, score from round_results where round_id = ? order by score desc")
      .bind(round.id)
      .all();
    expect(results.results.map((r) => r.score)).toEqual([20, 10, 10]);
    expect(results.results[0]?.user_id).toBe(world.member.id);

    // The contest leaderboard reads it like any round; the member sees it now the round has closed.
    const board = await expectStatus<{ participants: number; closed: boolean; top: { userId: string; score: number; rank: number }[] }>(
      call(`/api/rounds/${round.id}/leaderboard`, { token: member }),
      200,
    );
    expect(board).toMatchObject({ participants: 3, closed: true });
    expect(board.top.map((e) => [e.userId, e.score, e.rank])[0]).toEqual([world.member.id, 20, 1]);

    // A retried alarm doubles nothing.
    await runAlarm(round.id);
    const count = await env.DB.prepare("select count(*) as n from attempt_answers where attempt_id like ?")
      .bind(`live-${round.id}-%`)
      .first();
    expect(count?.n).toBe(5);
    // The PIN is free again and no phone finds the room by it.
    await expectStatus(call("/api/live/join", { token: member, body: { pin: room.pin } }), 404);
    await expectStatus(call(`/api/rounds/${round.id}/room`, { token: organizer, body: {} }), 409);
    for (const p of [host, screen, a, b, c]) p.close();
  });

  it("resumes after a restart that drops every socket: phones reconnect to the question, their answer and the time left", async () => {
    const { world, organizer, member, round } = await liveRound({ scoring: "speed" });
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const a = await connect(member, round.id, "player", "A");
    // A second player who does not answer keeps the question open.
    await connect((await memberOf(world.branchB)).token, round.id, "player", "B");
    host.send({ type: "host.start" });
    await a.next("question");
    const key = await rightAnswer(round.id, 1);
    expect(await a.answer(1, key)).toMatchObject({ accepted: true });

    await evictDurableObject(roomStub(round.id), { webSockets: "close" });
    const again = await connect(member, round.id, "player", "A again");
    const state = again.state;
    expect(state).toMatchObject({ type: "state", phase: "question", question: { seq: 1 }, myAnswer: { seq: 1, response: key } });
    if (state?.type !== "state") throw new Error("no state");
    expect(state.remainingMs).toBeGreaterThan(10_000);

    // The question still closes by its alarm and the speed points use the room's receive time.
    await timePasses(round.id, 30_000);
    await runAlarm(round.id);
    const reveal = await again.next("reveal");
    expect(reveal.result).toMatchObject({ answered: true, credit: 1 });
    // Answered at once, before the 30 s moved the clock: (nearly) full points.
    expect(reveal.result?.points).toBeGreaterThanOrEqual(9);
    again.close();
  });

  it("skips a question: its answers are dropped and the next one starts", async () => {
    const { world, organizer, member, round } = await liveRound();
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const a = await connect(member, round.id, "player", "A");
    const second = await memberOf(world.branchB);
    const b = await connect(second.token, round.id, "player", "B");
    host.send({ type: "host.start" });
    await a.next("question");
    expect(await a.answer(1, await rightAnswer(round.id, 1))).toMatchObject({ accepted: true });
    host.send({ type: "host.skip" });
    expect(await a.next("skipped")).toEqual({ type: "skipped", seq: 1 });
    expect((await a.next("question")).question.seq).toBe(2);
    host.send({ type: "host.end" });
    expect((await b.next("ended")).standings.map((s) => s.score)).toEqual([0, 0]);
    await settled(round.id);
    const rows = await env.DB.prepare("select count(*) as n from attempt_answers where attempt_id like ?")
      .bind(`live-${round.id}-%`)
      .first();
    expect(rows?.n).toBe(0);
    const attempts = await env.DB.prepare("select status, score from attempts where round_id = ?").bind(round.id).all();
    expect(attempts.results).toEqual([
      { status: "submitted", score: 0 },
      { status: "submitted", score: 0 },
    ]);
    for (const p of [host, a, b]) p.close();
  });
});

describe("team play", () => {
  async function teamRoom(teamPlay: TeamPlay) {
    const setup = await liveRound({ teamPlay });
    const { world, organizer, member, round } = setup;
    const mate = await memberOf(world.branchA, "队友");
    const rival = await memberOf(world.branchB, "对手");
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const captain = await connect(member, round.id, "player", "captain A");
    const matePhone = await connect(mate.token, round.id, "player", "mate A");
    const rivalPhone = await connect(rival.token, round.id, "player", "B");
    host.send({ type: "host.start" });
    for (const p of [captain, matePhone, rivalPhone]) await p.next("question");
    return { ...setup, host, captain, matePhone, rivalPhone, mate, rival };
  }

  it("team_captain: only the captain answers for the team, and the team's answer is every member's", async () => {
    const { round, world, captain, matePhone, rivalPhone, host, mate, rival } = await teamRoom("team_captain");
    const key = await rightAnswer(round.id, 1);
    expect(await matePhone.answer(1, key)).toMatchObject({ accepted: false, reason: "notCaptain" });
    expect(await captain.answer(1, key)).toMatchObject({ accepted: true });
    expect(await rivalPhone.answer(1, wrongSingle(key))).toMatchObject({ accepted: true });
    // Two teams, two answers: closed.
    const reveal = await matePhone.next("reveal");
    expect(reveal.result).toMatchObject({ answered: true, points: 10, score: 10, rank: 1 });
    expect(reveal.leaderboard.map((e) => [e.id, e.score])).toEqual([
      [world.branchA.id, 10],
      [world.branchB.id, 0],
    ]);
    // The host hands the captaincy to the mate.
    host.send({ type: "host.captain", teamId: world.branchA.id, userId: mate.user.id });
    host.send({ type: "host.next" });
    await matePhone.next("question");
    expect(await captain.answer(2, await rightAnswer(round.id, 2))).toMatchObject({ accepted: false, reason: "notCaptain" });
    expect(await matePhone.answer(2, await rightAnswer(round.id, 2))).toMatchObject({ accepted: true });
    host.send({ type: "host.end" });
    await settled(round.id);
    const scores = await env.DB.prepare("select user_id, score from attempts where round_id = ? order by user_id").bind(round.id).all();
    const byUser = Object.fromEntries(scores.results.map((r) => [r.user_id, r.score]));
    expect(byUser).toEqual({ [world.member.id]: 20, [mate.user.id]: 20, [rival.user.id]: 0 });
  });

  it("team_first: the first of the team to answer answers for it", async () => {
    const { round, member, captain, matePhone } = await teamRoom("team_first");
    const key = await rightAnswer(round.id, 1);
    expect(await matePhone.answer(1, wrongSingle(key))).toMatchObject({ accepted: true });
    expect(await captain.answer(1, key)).toMatchObject({ accepted: false, reason: "alreadyAnswered" });
    // Back on the captain's phone: the team's answer, and who gave it.
    const again = await connect(member, round.id, "player", "captain again");
    expect(again.state).toMatchObject({ type: "state", myAnswer: { seq: 1, response: wrongSingle(key), by: "队友" } });
    again.close();
  });

  it("team_mean: everyone answers and the team scores the mean", async () => {
    const { round, world, captain, matePhone, rivalPhone } = await teamRoom("team_mean");
    const key = await rightAnswer(round.id, 1);
    await captain.answer(1, key);
    await matePhone.answer(1, wrongSingle(key));
    await rivalPhone.answer(1, key);
    const reveal = await captain.next("reveal");
    expect(reveal.leaderboard.map((e) => [e.id, e.score])).toEqual([
      [world.branchB.id, 10],
      [world.branchA.id, 5],
    ]);
    expect(reveal.result).toMatchObject({ points: 10, score: 5, rank: 2 });
  });
});

describe("permissions", () => {
  it("a member cannot open the room; an organizer of another org cannot see it", async () => {
    const { world, member, round } = await liveRound();
    expect(await expectStatus(call(`/api/rounds/${round.id}/room`, { token: member, body: {} }), 403)).toEqual(errorEnvelope("FORBIDDEN"));
    const outsider = await loginAs(world.outsider);
    expect(await expectStatus(call(`/api/rounds/${round.id}/room`, { token: outsider, body: {} }), 404)).toEqual(
      errorEnvelope("NOT_FOUND"),
    );
  });

  it("a self-paced round has no room", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const round = await addRound(organizer, contest.id, roundInput(bank.id));
    await publish(organizer, contest.id);
    expect(await expectStatus(call(`/api/rounds/${round.id}/room`, { token: organizer, body: {} }), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE"),
    );
  });

  it("a live round needs one paper for everyone", async () => {
    const world = await createWorld();
    const organizer = await loginAs(world.organizer);
    const bank = await bankWithQuestions(organizer, world.committee.id);
    const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
    const res = await call(`/api/contests/${contest.id}/rounds`, {
      token: organizer,
      body: roundInput(bank.id, { mode: "live", drawMode: "per_person" }),
    });
    expect(await expectStatus(res, 422)).toEqual(errorEnvelope("UNPROCESSABLE"));
  });

  it("an ineligible member cannot join as a player; a player cannot host", async () => {
    const { world, organizer, member, round } = await liveRound();
    const { pin } = await openRoom(organizer, round.id);
    const outsider = await createUser({ roles: [{ org: world.outsiderOrg, role: "member" }] });
    const outsiderToken = await loginAs(outsider);
    expect(await expectStatus(call("/api/live/join", { token: outsiderToken, body: { pin } }), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    expect((await tryConnect(outsiderToken, round.id, "player")).status).toBe(404);
    expect((await tryConnect(member, round.id, "host")).status).toBe(403);
    // Without the upgrade header, or from another site with a cookie, there is no socket.
    expect((await call(`/api/live/${round.id}/ws?as=player`, { token: member })).status).toBe(400);
    await expectStatus(call("/api/live/join", { body: { pin } }), 401);

    // Host frames from a player are refused and change nothing.
    const a = await connect(member, round.id, "player");
    a.send({ type: "host.start" });
    expect(await a.next("error")).toMatchObject({ code: "forbidden" });
    a.send({ type: "nonsense" });
    expect(await a.next("error")).toMatchObject({ code: "badFrame" });
    a.send({ type: "vote", seq: 1, response: { type: "fill", blanks: ["x".repeat(5000)] } });
    expect(await a.next("error")).toMatchObject({ code: "tooLarge" });
    const again = await connect(member, round.id, "player");
    expect(again.state).toMatchObject({ type: "state", phase: "lobby" });
    a.close();
    again.close();
  });

  it("refuses a client speaking another protocol version", async () => {
    const { organizer, member, round } = await liveRound();
    await openRoom(organizer, round.id);
    const res = await tryConnect(member, round.id, "player");
    const ws = res.webSocket;
    if (!ws) throw new Error("no socket");
    ws.accept();
    const frames: unknown[] = [];
    ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data))));
    ws.send(JSON.stringify({ type: "hello", v: 99 }));
    for (let i = 0; i < 30 && frames.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(frames.find((f) => (f as { type: string }).type === "error")).toMatchObject({ type: "error", code: "version" });
  });
});

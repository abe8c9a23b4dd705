import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { sweepExpiredAttempts } from "../../worker/features/contests/attempt.service";
import { LIVE_ATTEMPT_BACKSTOP_MS } from "../../worker/features/live/live.repo";
import { LIVE_IDLE_MS } from "../../worker/features/live/live.rules";
import { sweepLiveRooms } from "../../worker/features/live/live.service";
import { addRound, ageAttempt, bankWithQuestions, createContest, memberOf, publish, roundInput } from "../helpers/contests";
import { createUser, createWorld, loginAs } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";
import {
  connect,
  type Frame,
  hostAway,
  joinRoom,
  openRoom,
  Phone,
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
    expect(await host.lobbyWith(3)).toMatchObject({ type: "lobby", players: 3 });

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
    // Each player took part once in the points bank, with the default contest points (the org has no rules).
    const credited = await env.DB.prepare(
      "select count(*) as n, sum(points) as points from ledger_entries where source = 'contest' and source_key = ?",
    )
      .bind(round.id)
      .first();
    expect(credited).toMatchObject({ n: 3, points: 6 });
    // The PIN is free again and no phone finds the room by it.
    await expectStatus(call("/api/live/join", { token: member, body: { pin: room.pin } }), 404);
    await expectStatus(call(`/api/rounds/${round.id}/room`, { token: organizer, body: {} }), 409);
    for (const p of [host, screen, a, b, c]) p.close();
  });

  it("tells the host the whole roster, screens the names, phones only counts (coalesced); a host that reconnects catches up", async () => {
    const { world, organizer, member, round } = await liveRound();
    const second = await memberOf(world.branchA, "李四");
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const screen = await connect(organizer, round.id, "screen");
    const a = await connect(member, round.id, "player", "A");
    const b = await connect(second.token, round.id, "player", "B");

    const toHost = await host.lobbyWith(2);
    expect(toHost.roster?.map((p) => p.name).sort()).toEqual([world.member.name, "李四"].sort());
    expect(toHost.roster?.every((p) => p.teamId !== null && p.teamName !== null)).toBe(true);
    const toScreen = await screen.lobbyWith(2);
    expect(toScreen.roster).toBeNull();
    expect(toScreen.names).toHaveLength(2);
    // Phones hear of the joins coalesced, without anyone's name.
    const toPhone = await a.next("lobby", 3000);
    expect(toPhone).toMatchObject({ names: [], roster: null });
    await new Promise((r) => setTimeout(r, 1200));
    expect(a.unread("lobby").length).toBeLessThanOrEqual(1);
    expect((a.unread("lobby").at(-1) ?? toPhone) as Frame<"lobby">).toMatchObject({ players: 2 });

    host.send({ type: "host.start" });
    await a.next("question");
    await b.next("question");
    await a.answer(1, await rightAnswer(round.id, 1));
    // A host whose laptop reconnects mid-question gets the state, the roster and how many have answered.
    host.close();
    const again = await connect(organizer, round.id, "host", "host again");
    expect((await again.next("lobby")).roster).toHaveLength(2);
    expect(await again.next("progress")).toMatchObject({ seq: 1, answered: 1, total: 2 });
    for (const p of [screen, a, b, again]) p.close();
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
    // The mate's phone hears the team's answer at once, with who gave it.
    expect((await matePhone.next("state")).myAnswer).toMatchObject({ seq: 1, response: key, by: expect.any(String) });
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

describe("the state on a reconnect", () => {
  it("carries the reveal during a reveal (each connection's own), nothing of it during a question, and the final board once ended", async () => {
    const { world, organizer, member, round } = await liveRound();
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const screen = await connect(organizer, round.id, "screen");
    const a = await connect(member, round.id, "player", "A");
    const other = await memberOf(world.branchB, "李四");
    const b = await connect(other.token, round.id, "player", "B");
    expect(a.state).toMatchObject({ phase: "lobby", reveal: null, standings: null });

    host.send({ type: "host.start" });
    await a.next("question");
    const key = await rightAnswer(round.id, 1);
    await a.answer(1, key);
    await b.answer(1, wrongSingle(key));
    const revealA = await a.next("reveal");
    const revealScreen = await screen.next("reveal");

    // A phone back during the reveal sees the answer and its own result, exactly as it went out.
    const a2 = await connect(member, round.id, "player", "A again");
    expect(a2.state).toMatchObject({ phase: "reveal", question: { seq: 1 }, remainingMs: 0, standings: null });
    expect(a2.state?.reveal).toEqual(revealA);
    expect(a2.state?.reveal?.result).toEqual({ answered: true, credit: 1, points: 10, score: 10, rank: 1 });
    expect(a2.state?.me).toMatchObject({ score: 10, rank: 1 });
    const b2 = await connect(other.token, round.id, "player", "B again");
    expect(b2.state?.reveal?.result).toEqual({ answered: true, credit: 0, points: 0, score: 0, rank: 2 });
    // The projector (and the audience) get it without a result.
    const screen2 = await connect(organizer, round.id, "screen", "screen again");
    expect(screen2.state?.reveal).toEqual(revealScreen);
    expect(screen2.state?.reveal?.result).toBeNull();

    // In a question there is no reveal to show.
    host.send({ type: "host.next" });
    await a.next("question");
    const a3 = await connect(member, round.id, "player", "A third");
    expect(a3.state).toMatchObject({ phase: "question", question: { seq: 2 }, reveal: null, standings: null });

    host.send({ type: "host.end" });
    const ended = await a.next("ended");
    for (const [token, as] of [
      [member, "player"],
      [organizer, "screen"],
      [other.token, "audience"],
    ] as const) {
      const late = await connect(token, round.id, as, `${as} after the end`);
      expect(late.state).toMatchObject({ phase: "ended", reveal: null, question: null });
      expect(late.state?.standings).toEqual(ended.standings);
      late.close();
    }
    for (const p of [host, screen, a, b, a2, b2, screen2, a3]) p.close();
  });
});

describe("audience votes", () => {
  it("are acknowledged, one per person per question, shown in the reveal's votes and never scored", async () => {
    const { world, organizer, member, round } = await liveRound();
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const a = await connect(member, round.id, "player", "A");
    const fan = await memberOf(world.branchB, "观众");
    const fanPhone = await connect(fan.token, round.id, "audience", "fan");
    const fanTablet = await connect(fan.token, round.id, "audience", "fan's tablet");
    const guest = await connect(organizer, round.id, "audience", "organizer in the hall");
    expect(fanPhone.state).toMatchObject({ role: "audience", me: null, players: 1 });

    host.send({ type: "host.start" });
    await fanPhone.next("question");
    const key = await rightAnswer(round.id, 1);
    expect(await fanPhone.vote(1, key, "v1")).toEqual({ type: "ack", id: "v1", seq: 1, accepted: true });
    expect(await fanPhone.vote(1, key, "v1")).toEqual({ type: "ack", id: "v1", seq: 1, accepted: true, reason: "duplicate" });
    expect(await fanPhone.vote(1, wrongSingle(key), "v2")).toMatchObject({ accepted: false, reason: "alreadyAnswered" });
    // One vote per person, whichever of their screens it comes from.
    expect(await fanTablet.vote(1, wrongSingle(key), "t1")).toMatchObject({ accepted: false, reason: "alreadyAnswered" });
    // Without an id the ack says `vote-<seq>`.
    expect(await guest.vote(1, wrongSingle(key))).toEqual({ type: "ack", id: "vote-1", seq: 1, accepted: true });
    expect(await guest.vote(2, key, "early")).toMatchObject({ accepted: false, reason: "notOpen" });
    expect(await guest.vote(1, { type: "judge", value: true }, "odd")).toMatchObject({ accepted: false, reason: "mismatch" });
    // Players answer; they do not vote.
    a.send({ type: "vote", seq: 1, response: key });
    expect(await a.next("error")).toMatchObject({ code: "forbidden" });
    // Votes do not count toward closing the question: the one player's answer does.
    expect(await a.answer(1, wrongSingle(key))).toMatchObject({ accepted: true });
    expect(await host.next("progress")).toEqual({ type: "progress", seq: 1, answered: 1, total: 1 });

    const reveal = await fanPhone.next("reveal");
    expect(reveal.result).toBeNull();
    const right = (key as { choice: number }).choice;
    const wrong = (wrongSingle(key) as { choice: number }).choice;
    expect(reveal.votes[right]).toBe(1);
    expect(reveal.votes[wrong]).toBe(1);
    expect(reveal.votes.reduce((n, x) => n + x, 0)).toBe(2);
    expect(reveal.distribution.reduce((n, x) => n + x, 0)).toBe(1);
    expect(reveal.distribution[wrong]).toBe(1);
    expect(reveal.leaderboard.map((e) => [e.id, e.score])).toEqual([[world.member.id, 0]]);
    expect(await fanPhone.vote(1, key, "late")).toMatchObject({ accepted: false, reason: "closed" });

    host.send({ type: "host.end" });
    await settled(round.id);
    const attempts = await env.DB.prepare("select user_id, score from attempts where round_id = ?").bind(round.id).all();
    expect(attempts.results).toEqual([{ user_id: world.member.id, score: 0 }]);
    for (const p of [host, a, fanPhone, fanTablet, guest]) p.close();
  });
});

describe("the room's WebSocket route", () => {
  it("refuses a role it does not know with a 400; without one the caller is a player", async () => {
    const { organizer, member, round } = await liveRound();
    await openRoom(organizer, round.id);
    const res = await tryConnect(member, round.id, "judge");
    expect(await expectStatus(res, 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), {
        target: "query",
        issues: [expect.objectContaining({ path: "as" })],
      }),
    );
    const plain = await call(`/api/live/${round.id}/ws`, { token: member, headers: { upgrade: "websocket" } });
    expect(plain.status).toBe(101);
    const ws = plain.webSocket;
    if (!ws) throw new Error("no socket");
    ws.accept();
    const phone = new Phone(ws, "no as");
    expect(await phone.hello()).toMatchObject({ type: "state", role: "player", me: { score: 0 } });
    phone.close();
  });
});

describe("a room its host leaves behind", () => {
  /** A started room: A answered question 1 right, B never answers; question 1 closed by its clock and is in D1. */
  async function leftRoom() {
    const setup = await liveRound();
    const { world, organizer, member, round } = setup;
    const { pin } = await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const a = await connect(member, round.id, "player", "A");
    const other = await memberOf(world.branchB, "李四");
    const b = await connect(other.token, round.id, "player", "B");
    host.send({ type: "host.start" });
    await a.next("question");
    expect(await a.answer(1, await rightAnswer(round.id, 1))).toMatchObject({ accepted: true });
    await timePasses(round.id, 25_000);
    await runAlarm(round.id);
    await a.next("reveal");
    host.close();
    const status = await env.DB.prepare("select status from live_rooms where round_id = ?").bind(round.id).first();
    expect(status).toEqual({ status: "running" });
    return { ...setup, pin, a, b, other };
  }

  async function attemptsOf(roundId: string) {
    const rows = await env.DB.prepare("select id, user_id, status, score from attempts where round_id = ? order by score desc")
      .bind(roundId)
      .all();
    return rows.results as { id: string; user_id: string; status: string; score: number }[];
  }

  it(`ends by itself after ${LIVE_IDLE_MS / 3_600_000} hours without the host: answers count, attempts handed in, the row ended`, async () => {
    const { world, round, a, b, other } = await leftRoom();
    // Not yet idle: the alarm changes nothing.
    await hostAway(round.id, LIVE_IDLE_MS - 60_000);
    await runAlarm(round.id);
    expect(a.unread("ended")).toEqual([]);
    expect((await env.DB.prepare("select status from live_rooms where round_id = ?").bind(round.id).first())?.status).toBe("running");

    await hostAway(round.id, 120_000);
    await runAlarm(round.id);
    const ended = await b.next("ended");
    expect(ended.standings.map((s) => [s.id, s.score])).toEqual([
      [world.member.id, 10],
      [other.user.id, 0],
    ]);
    const row = await env.DB.prepare("select status, ended_at from live_rooms where round_id = ?").bind(round.id).first();
    expect(row).toMatchObject({ status: "ended", ended_at: expect.any(Number) });
    expect((await attemptsOf(round.id)).map((r) => [r.user_id, r.status, r.score])).toEqual([
      [world.member.id, "submitted", 10],
      [other.user.id, "submitted", 0],
    ]);
    const results = await env.DB.prepare("select user_id, score from round_results where round_id = ? order by score desc")
      .bind(round.id)
      .all();
    expect(results.results).toEqual([
      { user_id: world.member.id, score: 10 },
      { user_id: other.user.id, score: 0 },
    ]);
    a.close();
    b.close();
  });

  it("when the room itself is lost: the cron closes its attempts at their 24-hour backstop, and nudges the room to end", async () => {
    const { world, round, a, b, other } = await leftRoom();
    // The attempts' backstop has passed (as if the room's alarm had given up): the sweep expires them, with their scores.
    for (const attempt of await attemptsOf(round.id)) await ageAttempt(attempt.id, LIVE_ATTEMPT_BACKSTOP_MS + 60_000);
    const db = createDb(env.DB);
    expect(await sweepExpiredAttempts(db, Date.now())).toBeGreaterThanOrEqual(2);
    expect((await attemptsOf(round.id)).map((r) => [r.user_id, r.status, r.score])).toEqual([
      [world.member.id, "expired", 10],
      [other.user.id, "expired", 0],
    ]);
    const results = await env.DB.prepare("select user_id, score from round_results where round_id = ? order by score desc")
      .bind(round.id)
      .all();
    expect(results.results).toEqual([
      { user_id: world.member.id, score: 10 },
      { user_id: other.user.id, score: 0 },
    ]);

    // The live room sweep leaves a room its host is still about alone…
    const later = Date.now() + LIVE_IDLE_MS + 60_000;
    await sweepLiveRooms(env, db, later);
    expect((await env.DB.prepare("select status from live_rooms where round_id = ?").bind(round.id).first())?.status).toBe("running");
    // …and ends one left idle.
    await hostAway(round.id, LIVE_IDLE_MS + 60_000);
    expect(await sweepLiveRooms(env, db, later)).toBeGreaterThanOrEqual(1);
    expect((await a.next("ended")).standings.map((s) => s.score)).toEqual([10, 0]);
    expect((await env.DB.prepare("select status from live_rooms where round_id = ?").bind(round.id).first())?.status).toBe("ended");
    // Handed in by the room: the same scores, now submitted.
    expect((await attemptsOf(round.id)).map((r) => [r.status, r.score])).toEqual([
      ["submitted", 10],
      ["submitted", 0],
    ]);
    a.close();
    b.close();
  });

  it("a lobby nobody started is dissolved when idle: phones told (4004), the PIN freed, the round may be opened again", async () => {
    const { organizer, member, round } = await liveRound();
    const { pin } = await openRoom(organizer, round.id);
    const a = await connect(member, round.id, "player", "A");
    await hostAway(round.id, LIVE_IDLE_MS + 60_000);
    await runAlarm(round.id);
    expect(await a.closedByRoom()).toBe(4004);
    expect(await env.DB.prepare("select * from live_rooms where round_id = ?").bind(round.id).first()).toBeNull();
    await expectStatus(call("/api/live/join", { token: member, body: { pin } }), 404);
    expect((await tryConnect(member, round.id, "player")).status).toBe(404);
    // No attempts: nothing was asked. The round is as it was, and opens afresh.
    expect(await env.DB.prepare("select count(*) as n from attempts where round_id = ?").bind(round.id).first()).toEqual({ n: 0 });
    const again = await openRoom(organizer, round.id);
    expect(again).toMatchObject({ roundId: round.id, status: "lobby" });
    const b = await connect(member, round.id, "player", "A again");
    expect(b.state).toMatchObject({ phase: "lobby", players: 1, reveal: null });
    b.close();
  });
});

describe("who plays", () => {
  it("a late joiner scores from the question they join; one who never answers, or joins after the last question, gets a 0 attempt", async () => {
    const { world, organizer, member, round } = await liveRound();
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const a = await connect(member, round.id, "player", "A");
    const idle = await memberOf(world.branchB, "不答");
    const idlePhone = await connect(idle.token, round.id, "player", "idle");
    host.send({ type: "host.start" });
    await a.next("question");
    expect(await a.answer(1, await rightAnswer(round.id, 1))).toMatchObject({ accepted: true });
    await timePasses(round.id, 25_000);
    await runAlarm(round.id);
    await a.next("reveal");
    // The idle phone's reveal says it did not answer.
    expect((await idlePhone.next("reveal")).result).toEqual({ answered: false, credit: 0, points: 0, score: 0, rank: 2 });

    // B joins during the first reveal: on the board at once, with nothing for question 1.
    const late = await memberOf(world.branchA, "迟到");
    const b = await connect(late.token, round.id, "player", "B");
    expect(b.state).toMatchObject({ phase: "reveal", players: 3, me: { score: 0 } });
    expect(b.state?.reveal?.result).toMatchObject({ answered: false, points: 0, score: 0 });
    host.send({ type: "host.next" });
    await b.next("question");
    expect(await b.answer(2, await rightAnswer(round.id, 2))).toMatchObject({ accepted: true });
    expect(await a.answer(2, await rightAnswer(round.id, 2))).toMatchObject({ accepted: true });
    // The idle player still keeps the question open until its clock runs out.
    expect(a.unread("reveal")).toEqual([]);
    await timePasses(round.id, 25_000);
    await runAlarm(round.id);
    await a.next("reveal");

    // D joins after the last question asked, and the host ends there.
    const last = await memberOf(world.branchB, "最后");
    const d = await connect(last.token, round.id, "player", "D");
    host.send({ type: "host.end" });
    expect((await d.next("ended")).standings.map((s) => s.score)).toEqual([20, 10, 0, 0]);
    await settled(round.id);

    const rows = await env.DB.prepare(
      `select a.user_id, a.status, a.score, (select count(*) from attempt_answers where attempt_id = a.id) as answers,
         (select count(*) from attempt_questions where attempt_id = a.id) as questions
       from attempts a where a.round_id = ?`,
    )
      .bind(round.id)
      .all();
    const byUser = Object.fromEntries(rows.results.map((r) => [r.user_id, [r.status, r.score, r.answers, r.questions]]));
    expect(byUser).toEqual({
      [world.member.id]: ["submitted", 20, 2, 4],
      [late.user.id]: ["submitted", 10, 1, 4],
      [idle.user.id]: ["submitted", 0, 0, 4],
      [last.user.id]: ["submitted", 0, 0, 4],
    });
    const results = await env.DB.prepare("select count(*) as n from round_results where round_id = ?").bind(round.id).first();
    expect(results).toEqual({ n: 4 });
    for (const p of [host, a, idlePhone, b, d]) p.close();
  });

  it("in captain play a late joiner inherits their team's earlier answers: the team answered as one", async () => {
    const { world, organizer, member, round } = await liveRound({ teamPlay: "team_captain" });
    await openRoom(organizer, round.id);
    const host = await connect(organizer, round.id, "host");
    const captain = await connect(member, round.id, "player", "captain A");
    const rival = await memberOf(world.branchB, "对手");
    const rivalPhone = await connect(rival.token, round.id, "player", "B");
    host.send({ type: "host.start" });
    await captain.next("question");
    const key1 = await rightAnswer(round.id, 1);
    await captain.answer(1, key1);
    await rivalPhone.answer(1, wrongSingle(key1));
    await captain.next("reveal");
    // Question 1 is in D1 before the mate arrives.
    await runAlarm(round.id);

    const mate = await memberOf(world.branchA, "队友");
    const matePhone = await connect(mate.token, round.id, "player", "mate A");
    expect(matePhone.state).toMatchObject({ phase: "reveal", me: { teamId: world.branchA.id, captain: false, score: 10, rank: 1 } });
    expect(matePhone.state?.reveal?.result).toMatchObject({ answered: true, points: 10, score: 10 });
    host.send({ type: "host.next" });
    await matePhone.next("question");
    const key2 = await rightAnswer(round.id, 2);
    expect(await matePhone.answer(2, key2)).toMatchObject({ accepted: false, reason: "notCaptain" });
    await captain.answer(2, key2);
    await rivalPhone.answer(2, key2);
    expect((await matePhone.next("reveal")).result).toMatchObject({ answered: true, score: 20, rank: 1 });
    host.send({ type: "host.end" });
    await settled(round.id);
    const rows = await env.DB.prepare(
      "select user_id, score, (select count(*) from attempt_answers where attempt_id = attempts.id) as answers from attempts where round_id = ?",
    )
      .bind(round.id)
      .all();
    expect(Object.fromEntries(rows.results.map((r) => [r.user_id, [r.score, r.answers]]))).toEqual({
      [world.member.id]: [20, 2],
      [mate.user.id]: [20, 2],
      [rival.user.id]: [10, 2],
    });
    for (const p of [host, captain, rivalPhone, matePhone]) p.close();
  });
});

/**
 * The contest scenarios of `npm run bench`:
 *  - attempts: N members (default 200) at once each take a 20-question attempt (start, 20 answers
 *    one after another, hand in), beside GET /api/health measured at the same concurrency in the
 *    same run: the answer route's latency is read as a multiple of the health route's;
 *  - leaderboard: the top 50 plus one's own rank in a closed round of 10,000 results.
 * The people and the 10,000 results are written before the server starts (contest-data.ts); the
 * round the members take is made through the API by the demo organizer, as an organizer would.
 */

import { shippedBankId } from "../scripts/bank-sql.ts";
import { DEMO_PASSWORD } from "../scripts/seed-demo.ts";
import { type AttemptLoadResult, runAttemptLoad } from "./attempt-load.ts";
import { ATTEMPT_BRANCH, attemptMembers, LEADERBOARD, leaderboardReader } from "./contest-data.ts";
import { runScenario, type ScenarioResult } from "./load.ts";

/** A 20-question paper of every type, 5 points each, the same for everyone (drawn when the round is made). */
const PAPER = [
  { type: "single", count: 8, points: 5 },
  { type: "multiple", count: 4, points: 5 },
  { type: "judge", count: 4, points: 5 },
  { type: "fill", count: 4, points: 5 },
] as const;

export type AttemptScenario = {
  members: number;
  /** GET /api/health with as many connections as members, in the same run, just before. */
  baseline: ScenarioResult;
  load: AttemptLoadResult;
  /** Answer latency over the baseline's (p50 over p50, p99 over p99): the aim is ≤ 1.5. */
  ratio: { p50: number; p99: number };
};

export type LeaderboardScenario = {
  results: number;
  limit: number;
  /** Checked once before the load: entries in the top and the reader's own rank. */
  check: { top: number; myRank: number; participants: number };
  runs: ScenarioResult[];
};

export type ContestSettings = { members: number; durationSeconds: number; warmupSeconds: number; leaderboardConnections: number[] };

export async function runAttemptScenario(baseUrl: string, organizerToken: string, settings: ContestSettings): Promise<AttemptScenario> {
  const members = attemptMembers(settings.members).map((m) => m.phone);
  const rounds = await createBenchContest(baseUrl, organizerToken);
  const load = (roundId: string, phones: string[]) =>
    runAttemptLoad({ baseUrl, roundId, phones, password: DEMO_PASSWORD, loginConcurrency: 4, timeoutMs: 60_000 });

  const health = { name: `health ×${settings.members}`, path: "/api/health" };
  if (settings.warmupSeconds > 0) {
    // Unrecorded: a few members through a round of their own, so the answer path is compiled before it is timed.
    console.log("load: warm-up attempts (20 members, unrecorded)");
    await load(rounds.warmup, members.slice(0, 20));
    await runScenario(baseUrl, health, settings.members, settings.warmupSeconds);
  }
  console.log(`load: GET /api/health baseline (${settings.members} connections, ${settings.durationSeconds} s)`);
  const baseline = await runScenario(baseUrl, health, settings.members, settings.durationSeconds);
  console.log(`load: ${settings.members} members × ${PAPER.reduce((n, p) => n + p.count, 0)}-question attempts (start, answers, hand in)`);
  const result = await load(rounds.timed, members);
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
  return {
    members: settings.members,
    baseline,
    load: result,
    ratio: { p50: ratio(result.answer.p50, baseline.latencyMs.p50), p99: ratio(result.answer.p99, baseline.latencyMs.p99) },
  };
}

export async function runLeaderboardScenario(baseUrl: string, settings: ContestSettings): Promise<LeaderboardScenario> {
  const reader = leaderboardReader();
  const token = await login(baseUrl, reader.phone, DEMO_PASSWORD);
  const limit = 50;
  const path = `/api/rounds/${LEADERBOARD.roundId}/leaderboard?limit=${limit}`;
  const headers = { Authorization: `Bearer ${token}` };
  const board = (await api(baseUrl, "GET", path, token)) as {
    participants: number;
    top: unknown[];
    me: { rank: number } | null;
  };
  if (board.top.length !== limit || !board.me?.rank || board.participants !== LEADERBOARD.results) {
    throw new Error(
      `GET ${path} answered ${board.top.length} entries, me ${JSON.stringify(board.me)}, ${board.participants} participants: not the round the bench wrote`,
    );
  }
  const runs: ScenarioResult[] = [];
  for (const connections of settings.leaderboardConnections) {
    const scenario = { name: `leaderboard ×${connections}`, path, headers };
    console.log(
      `load: GET leaderboard top ${limit} + own rank of ${LEADERBOARD.results} (${connections} connections, ${settings.durationSeconds} s)`,
    );
    if (settings.warmupSeconds > 0) await runScenario(baseUrl, scenario, connections, settings.warmupSeconds);
    runs.push(await runScenario(baseUrl, scenario, connections, settings.durationSeconds));
  }
  return {
    results: LEADERBOARD.results,
    limit,
    check: { top: board.top.length, myRank: board.me.rank, participants: board.participants },
    runs,
  };
}

/** A published contest of the demo company committee, open to the bench branch: a warm-up round and the timed one. */
async function createBenchContest(baseUrl: string, token: string): Promise<{ warmup: string; timed: string }> {
  const { contest } = (await api(baseUrl, "POST", "/api/contests", token, {
    title: "压测：两百人同时答题",
    description: "bench 专用",
    hosts: [{ type: "org", id: "demoenterprisecommittee" }],
    scopeOrgIds: [ATTEMPT_BRANCH],
  })) as { contest: { id: string } };
  const at = Date.now();
  const round = async (name: string) => {
    const { round } = (await api(baseUrl, "POST", `/api/contests/${contest.id}/rounds`, token, {
      name,
      opensAt: at - 60_000,
      closesAt: at + 86_400_000,
      timeLimitSec: 3600,
      drawMode: "same",
      drawSpec: { bankIds: [shippedBankId("party-history")], parts: PAPER.map((p) => ({ ...p })) },
    })) as { round: { id: string } };
    return round.id;
  };
  const warmup = await round("热身");
  const timed = await round("正式");
  await api(baseUrl, "POST", `/api/contests/${contest.id}/publish`, token);
  return { warmup, timed };
}

export async function login(baseUrl: string, phone: string, password: string): Promise<string> {
  const { token } = (await api(baseUrl, "POST", "/api/auth/login", null, { login: phone, password })) as { token?: string };
  if (!token) throw new Error(`POST /api/auth/login for ${phone} returned no token`);
  return token;
}

/** A JSON call that must succeed: the bench's own setup, so a failure stops the run. */
async function api(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

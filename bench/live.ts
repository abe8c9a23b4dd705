/**
 * The live-room scenario of `npm run bench` (issue 5): one room, N phones on WebSockets (default
 * 1,000, then 2,000), the host pacing a few questions. Per N: a live round of its own (a fresh room
 * and Durable Object), opened by the demo organizer through the API; the phones run in their own
 * process (live-load.ts) with sessions written into the bench's D1 beforehand (live-data.ts); the
 * server's processes are sampled meanwhile (CPU, memory, threads, descriptors). After the end, the
 * bench waits until the room has written the round to D1 (its leaderboard counts every phone), and
 * once the server has stopped it reads D1: N attempts handed in, each with the answers and the
 * score its phone was shown in the reveals.
 */
import { shippedBankId } from "../scripts/bank-sql.ts";
import { sleep } from "../scripts/local-app.ts";
import { runLoadProcess } from "./attempt-load.ts";
import { ATTEMPT_BRANCH, attemptMembers } from "./contest-data.ts";
import { query } from "./course.ts";
import type { LiveLoadConfig, LiveLoadResult } from "./live-load.ts";
import { type PhaseUsage, ProcSampler } from "./proc-sample.ts";

export const LIVE_BENCH = {
  /** The paper: single-choice questions of the shipped party-history bank, the same for everyone. */
  paper: { type: "single", count: 5, points: 10 },
  /** Long enough that no question closes on its clock: the last phone's answer closes it. */
  questionTimeSec: 30,
  answerSpreadMs: 1000,
  pauseMs: 1000,
  warmupPhones: 20,
} as const;

export type LiveSettings = { livePhones: number[]; liveQuestions: number; liveConnectConcurrency: number; warmupSeconds: number };

export type LiveDbCheck = {
  attempts: number;
  submitted: number;
  results: number;
  answers: number;
  /** Phones whose round_results row is missing or whose correct count or score differs from what their reveals showed. */
  mismatched: number;
  /** attempts = results = phones joined, every one submitted, answers = answers accepted, no mismatch. */
  pass: boolean;
};

export type LiveRun = {
  phones: number;
  roundId: string;
  load: Omit<LiveLoadResult, "perPhone">;
  /** The server's processes during each phase of the load. */
  server: PhaseUsage[];
  /** After the host's end: how long until the round's leaderboard counted every phone (the room's write to D1). */
  persisted: { participants: number; seconds: number };
  db: LiveDbCheck | null;
};

export type LiveScenario = {
  questionTimeSec: number;
  questions: number;
  answerSpreadMs: number;
  connectConcurrency: number;
  runs: LiveRun[];
};

/** What D1 must show per round after the run: per phone, its answers, right answers and points. */
export type LiveExpectations = Map<string, { userId: string; joined: boolean; correct: number; points: number }[]>;

export async function runLiveScenario(
  baseUrl: string,
  organizerToken: string,
  settings: LiveSettings,
  serverGroupId: number | undefined,
): Promise<{ scenario: LiveScenario; expectations: LiveExpectations }> {
  const warmup = settings.warmupSeconds > 0;
  const rounds = await createLiveContest(baseUrl, organizerToken, [...(warmup ? [LIVE_BENCH.warmupPhones] : []), ...settings.livePhones]);
  const questions = Math.min(settings.liveQuestions, LIVE_BENCH.paper.count);
  const config = (roundId: string, pin: string, phones: number): LiveLoadConfig => ({
    baseUrl,
    roundId,
    pin,
    hostToken: organizerToken,
    phones: attemptMembers(phones).map((m) => m.phone),
    questions,
    answerSpreadMs: LIVE_BENCH.answerSpreadMs,
    connectConcurrency: settings.liveConnectConcurrency,
    connectTimeoutMs: 60_000,
    lobbyTimeoutMs: 120_000,
    frameTimeoutMs: LIVE_BENCH.questionTimeSec * 1000 + 15_000,
    pauseMs: LIVE_BENCH.pauseMs,
  });
  const expectations: LiveExpectations = new Map();
  const runs: LiveRun[] = [];
  for (const [i, phones] of [...(warmup ? [LIVE_BENCH.warmupPhones] : []), ...settings.livePhones].entries()) {
    const roundId = rounds[i] as string;
    const isWarmup = warmup && i === 0;
    console.log(
      isWarmup
        ? `load: live room warm-up (${phones} phones, unrecorded)`
        : `load: live room — ${phones} phones join (${settings.liveConnectConcurrency} at a time), then ${questions} questions answered within ${LIVE_BENCH.answerSpreadMs / 1000} s each`,
    );
    const { pin } = (await api(baseUrl, "POST", `/api/rounds/${roundId}/room`, organizerToken)) as { pin: string };
    const sampler = serverGroupId ? new ProcSampler(serverGroupId) : undefined;
    sampler?.start();
    let result: LiveLoadResult;
    let persisted: LiveRun["persisted"];
    try {
      result = await runLoadProcess<LiveLoadConfig, LiveLoadResult>(
        new URL("./live-load.ts", import.meta.url).pathname,
        isWarmup ? { ...config(roundId, pin, phones), questions: 1 } : config(roundId, pin, phones),
        "live load",
      );
      // Nothing to wait for when the room never ended (the run broke before).
      persisted = result.hostEnded
        ? await waitForResults(baseUrl, organizerToken, roundId, result.connect.connected)
        : { participants: 0, seconds: 0 };
    } finally {
      sampler?.stop();
    }
    const { perPhone, ...load } = result;
    if (isWarmup) continue;
    const server = sampler ? load.phases.map((p) => sampler.usage(p.name, p.from, p.to)) : [];
    if (load.broke) console.log(`  live room with ${phones} phones: ${load.broke}`);
    expectations.set(
      roundId,
      perPhone.map((p) => ({ userId: `benchuser${p.phone}`, joined: p.joined, correct: p.correct, points: p.points })),
    );
    runs.push({ phones, roundId, load, server, persisted, db: null });
  }
  return {
    scenario: {
      questionTimeSec: LIVE_BENCH.questionTimeSec,
      questions,
      answerSpreadMs: LIVE_BENCH.answerSpreadMs,
      connectConcurrency: settings.liveConnectConcurrency,
      runs,
    },
    expectations,
  };
}

/** The room writes each closed question, and at the end the hand-in, to D1 from its alarm: wait until the leaderboard has everyone. */
async function waitForResults(baseUrl: string, token: string, roundId: string, phones: number) {
  const started = performance.now();
  let participants = 0;
  while (performance.now() - started < 120_000) {
    const board = (await api(baseUrl, "GET", `/api/rounds/${roundId}/leaderboard?limit=1`, token).catch(() => null)) as {
      participants: number;
    } | null;
    participants = board?.participants ?? 0;
    if (participants >= phones) break;
    await sleep(250);
  }
  return { participants, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

/**
 * Reads the bench's D1 (the server stopped) for each run's round: the attempts, their answers and
 * their results against what the phones were shown.
 */
export async function checkLiveDb(stateDir: string, scenario: LiveScenario, expectations: LiveExpectations): Promise<void> {
  for (const run of scenario.runs) {
    const expected = expectations.get(run.roundId) ?? [];
    const list = JSON.stringify(expected.filter((e) => e.joined).map((e) => [e.userId, e.correct, e.points]));
    const accepted = run.load.questions.reduce((n, q) => n + q.accepted, 0);
    const [row] = await query<{ attempts: number; submitted: number; results: number; answers: number; mismatched: number }>(
      stateDir,
      `with e as (select json_extract(value, '$[0]') as user_id, json_extract(value, '$[1]') as correct,
          json_extract(value, '$[2]') as points from json_each('${list}'))
       select
         (select count(*) from attempts where round_id = '${run.roundId}') as attempts,
         (select count(*) from attempts where round_id = '${run.roundId}' and status = 'submitted') as submitted,
         (select count(*) from round_results where round_id = '${run.roundId}') as results,
         (select count(*) from attempt_answers where attempt_id in (select id from attempts where round_id = '${run.roundId}')) as answers,
         (select count(*) from e left join round_results r on r.round_id = '${run.roundId}' and r.user_id = e.user_id
           where r.user_id is null or r.correct_count <> e.correct or r.score <> e.points) as mismatched`,
    );
    if (!row) throw new Error(`the bench's D1 answered nothing for round ${run.roundId}`);
    const n = run.load.connect.connected;
    run.db = {
      ...row,
      pass: row.attempts === n && row.submitted === n && row.results === n && row.answers === accepted && row.mismatched === 0,
    };
  }
}

/** A published contest of the demo company committee for the bench branch, with one live round per run. */
async function createLiveContest(baseUrl: string, token: string, runs: number[]): Promise<string[]> {
  const { contest } = (await api(baseUrl, "POST", "/api/contests", token, {
    title: "压测：现场赛千人同场",
    description: "bench 专用",
    hosts: [{ type: "org", id: "demoenterprisecommittee" }],
    scopeOrgIds: [ATTEMPT_BRANCH],
  })) as { contest: { id: string } };
  const at = Date.now();
  const ids: string[] = [];
  for (const phones of runs) {
    const { round } = (await api(baseUrl, "POST", `/api/contests/${contest.id}/rounds`, token, {
      name: `现场 ${phones} 人`,
      mode: "live",
      scoring: "accuracy",
      opensAt: at - 60_000,
      closesAt: at + 86_400_000,
      timeLimitSec: 3600,
      questionTimeSec: LIVE_BENCH.questionTimeSec,
      drawMode: "same",
      drawSpec: { bankIds: [shippedBankId("party-history")], parts: [{ ...LIVE_BENCH.paper }] },
    })) as { round: { id: string } };
    ids.push(round.id);
  }
  await api(baseUrl, "POST", `/api/contests/${contest.id}/publish`, token);
  return ids;
}

async function api(baseUrl: string, method: string, path: string, token: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

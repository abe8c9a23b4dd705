/**
 * The course scenarios' load, in its own `node` process (as attempt-load.ts): every member logs in
 * (a few at a time), then
 *  - enrollment: all of them ask for a seat in the same 100-seat session at the same instant
 *    (PUT /api/sessions/{id}/enrollment, one keep-alive connection each);
 *  - check-in: the lecturer's screen runs as the web app's does (GET check-in-code again as soon as
 *    the code's validUntil passes, GET attendance every 4 s), and the members check in one by one,
 *    spread over 30 s, each with the code the screen shows at that moment — most scan the QR
 *    ({ sessionId, code }), one in five types the digits ({ code }). The spread is placed so that it
 *    crosses a code rotation; the code each member sends is compared with the server's code at
 *    that instant (checkinCodeAt), counting those sent with the previous one in its grace.
 *
 * Config on stdin as JSON (CourseLoadConfig), result on stdout as one JSON line (CourseLoadResult).
 */
import { Agent } from "node:http";
import { fileURLToPath } from "node:url";
import { CODE_GRACE_MS, CODE_STEP_MS, checkinCodeAt } from "../worker/features/courses/checkin.service.ts";
import { errorCode, http, type LatencySummary, loginAll, type Reply, random, round1, runLoadProcess, summarize } from "./attempt-load.ts";

export type CourseLoadConfig = {
  baseUrl: string;
  password: string;
  phones: string[];
  lecturerPhone: string;
  loginConcurrency: number;
  timeoutMs: number;
  /** Unrecorded: the first `warmupMembers` enroll in and check in to sessions of their own first. */
  warmup: boolean;
  warmupMembers: number;
  enrollSessionId: string;
  warmupEnrollSessionId: string;
  checkinSessionId: string;
  warmupCheckinSessionId: string;
  /** The check-in session's secret: only to tell which window the code a member sends belongs to. */
  checkinSecret: string;
  spreadMs: number;
  /** One member in this many types the code instead of scanning the QR. */
  typedEvery: number;
};

export type CourseLoadResult = {
  members: number;
  loginSeconds: number;
  enroll: {
    latency: LatencySummary;
    /** From the first request sent to the last sent, and to the last answer. */
    sendSpreadMs: number;
    wallSeconds: number;
    answers: { enrolled: number; waitlisted: number; other: number };
    /** The waitlist places in the answers: how many, how many distinct, lowest and highest. */
    positions: { count: number; distinct: number; min: number | null; max: number | null };
    /** GET /api/sessions/{id}/enrollments as the lecturer, afterwards. */
    listed: { enrolled: number; waitlisted: number };
    errors: Record<string, number>;
  };
  checkin: {
    latency: LatencySummary;
    scanned: LatencySummary;
    typed: LatencySummary;
    /** From the first check-in sent to the last one sent, and to the last answer. */
    spreadSeconds: number;
    wallSeconds: number;
    /** Code windows (30 s) the check-ins were sent in, less one. */
    rotations: number;
    /** Sent with the previous window's code (the screen had not changed yet): taken within the 10 s grace. */
    previousCode: number;
    /** Sent with a code neither current nor previous-within-grace (would be refused): should be 0. */
    staleCode: number;
    /** Answers saying this request recorded the check-in (not an earlier one). */
    created: number;
    errors: Record<string, number>;
    screen: { codeReads: LatencySummary; codesShown: number; attendanceReads: LatencySummary; presentAtEnd: number };
  };
};

export function runCourseLoad(config: CourseLoadConfig): Promise<CourseLoadResult> {
  return runLoadProcess(fileURLToPath(import.meta.url), config, "course load");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function main(config: CourseLoadConfig): Promise<CourseLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: config.phones.length + 8 });
  const send = (method: string, path: string, token: string | null, body?: unknown) =>
    http(agent, config.baseUrl, method, path, token, body, config.timeoutMs);
  const tally = (errors: Record<string, number>, label: string, reply: Reply) => {
    const key = "error" in reply ? `${label} ${reply.error}` : `${label} ${reply.status} ${errorCode(reply.body)}`;
    errors[key] = (errors[key] ?? 0) + 1;
  };
  type Answered = Extract<Reply, { status: number }>;
  const ok = (reply: Reply): reply is Answered => !("error" in reply) && reply.status === 200;
  const why = (reply: Reply) => ("error" in reply ? reply.error : `${reply.status} ${reply.body}`);
  const must = async (method: string, path: string, token: string, body?: unknown) => {
    const reply = await send(method, path, token, body);
    if (!ok(reply)) throw new Error(`${method} ${path} failed: ${why(reply)}`);
    return JSON.parse(reply.body) as unknown;
  };

  const loginStarted = performance.now();
  const [lecturer] = await loginAll(send, [config.lecturerPhone], config.password, 1);
  const tokens = await loginAll(send, config.phones, config.password, config.loginConcurrency);
  const loginSeconds = (performance.now() - loginStarted) / 1000;
  if (!lecturer) throw new Error("the lecturer could not log in");

  if (config.warmup) {
    const few = tokens.slice(0, config.warmupMembers);
    await Promise.all(few.map((token) => send("PUT", `/api/sessions/${config.warmupEnrollSessionId}/enrollment`, token)));
    const { code } = (await must("GET", `/api/sessions/${config.warmupCheckinSessionId}/check-in-code`, lecturer)) as { code: string };
    await Promise.all(few.map((token) => send("POST", "/api/check-ins", token, { sessionId: config.warmupCheckinSessionId, code })));
    await send("GET", `/api/sessions/${config.warmupCheckinSessionId}/attendance`, lecturer);
  }

  // ——— 300 at the same instant into 100 seats ———
  const enrollErrors: Record<string, number> = {};
  const enrollMs: number[] = [];
  const answers = { enrolled: 0, waitlisted: 0, other: 0 };
  const places: number[] = [];
  const sends: number[] = [];
  let lastAnswer = 0;
  const enrollPath = `/api/sessions/${config.enrollSessionId}/enrollment`;
  await Promise.all(
    tokens.map(async (token) => {
      sends.push(performance.now());
      const reply = await send("PUT", enrollPath, token);
      enrollMs.push(reply.ms);
      lastAnswer = Math.max(lastAnswer, performance.now());
      if (!ok(reply)) return tally(enrollErrors, "enroll", reply);
      const state = JSON.parse(reply.body) as { status: string; waitlistPosition: number | null };
      if (state.status === "enrolled") answers.enrolled += 1;
      else if (state.status === "waitlisted") answers.waitlisted += 1;
      else answers.other += 1;
      if (state.waitlistPosition !== null) places.push(state.waitlistPosition);
    }),
  );
  const firstSend = Math.min(...sends);
  const list = (await must("GET", `/api/sessions/${config.enrollSessionId}/enrollments`, lecturer)) as {
    enrolled: unknown[];
    waitlisted: unknown[];
  };
  const enroll: CourseLoadResult["enroll"] = {
    latency: summarize(enrollMs),
    sendSpreadMs: round1(Math.max(...sends) - firstSend),
    wallSeconds: round1((lastAnswer - firstSend) / 1000),
    answers,
    positions: {
      count: places.length,
      distinct: new Set(places).size,
      min: places.length ? Math.min(...places) : null,
      max: places.length ? Math.max(...places) : null,
    },
    listed: { enrolled: list.enrolled.length, waitlisted: list.waitlisted.length },
    errors: enrollErrors,
  };

  // ——— 300 check-ins over 30 s, with the lecturer's screen up ———
  const sessionId = config.checkinSessionId;
  const screenErrors: Record<string, number> = {};
  const codeMs: number[] = [];
  const attendanceMs: number[] = [];
  let shown: string | null = null;
  let codesShown = 0;
  let running = true;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  let firstCode: () => void = () => {};
  const codeReady = new Promise<void>((resolve) => {
    firstCode = resolve;
  });
  const codeLoop = (async () => {
    while (running) {
      const reply = await send("GET", `/api/sessions/${sessionId}/check-in-code`, lecturer);
      codeMs.push(reply.ms);
      let wait = 3_000;
      if (ok(reply)) {
        const data = JSON.parse(reply.body) as { code: string; validUntil: number };
        if (data.code !== shown) codesShown += 1;
        shown = data.code;
        firstCode();
        // As the web app's screen: ask again once the server's code has changed (this machine is the server's clock).
        wait = Math.max(500, data.validUntil - Date.now() + 300);
      } else tally(screenErrors, "code", reply);
      await pause(wait);
    }
  })();
  let arrivalsWake: (() => void) | undefined;
  const arrivalsLoop = (async () => {
    while (running) {
      const reply = await send("GET", `/api/sessions/${sessionId}/attendance`, lecturer);
      attendanceMs.push(reply.ms);
      if (!ok(reply)) tally(screenErrors, "attendance", reply);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 4_000);
        arrivalsWake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  await codeReady;

  // Start so that the spread crosses a rotation in its middle third (not at its very start or end).
  const phase = Date.now() % CODE_STEP_MS;
  const lead = CODE_STEP_MS / 3;
  await sleep(phase < lead ? lead - phase : phase > 2 * lead ? CODE_STEP_MS + lead - phase : 0);

  const n = tokens.length;
  const rand = random(20261205);
  const order = tokens.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const offsets = order.map((_, k) => ((k + rand()) * config.spreadMs) / n);
  const checkinErrors: Record<string, number> = {};
  const allMs: number[] = [];
  const scannedMs: number[] = [];
  const typedMs: number[] = [];
  const windows = new Set<number>();
  let previousCode = 0;
  let staleCode = 0;
  let created = 0;
  const sentAt: number[] = [];
  let lastCheckin = 0;
  const t0 = performance.now();
  await Promise.all(
    order.map(async (member, k) => {
      await sleep(t0 + (offsets[k] ?? 0) - performance.now());
      const code = shown as string;
      const wall = Date.now();
      windows.add(Math.floor(wall / CODE_STEP_MS));
      if (code !== (await checkinCodeAt(config.checkinSecret, sessionId, wall))) {
        const inGrace = wall % CODE_STEP_MS < CODE_GRACE_MS;
        const previous = await checkinCodeAt(config.checkinSecret, sessionId, wall - CODE_STEP_MS);
        if (inGrace && code === previous) previousCode += 1;
        else staleCode += 1;
      }
      const typed = member % config.typedEvery === config.typedEvery - 1;
      sentAt.push(performance.now());
      const reply = await send("POST", "/api/check-ins", tokens[member] as string, typed ? { code } : { sessionId, code });
      lastCheckin = Math.max(lastCheckin, performance.now());
      allMs.push(reply.ms);
      (typed ? typedMs : scannedMs).push(reply.ms);
      if (!ok(reply)) return tally(checkinErrors, typed ? "check-in (typed)" : "check-in (QR)", reply);
      if ((JSON.parse(reply.body) as { created: boolean }).created) created += 1;
    }),
  );
  running = false;
  wake?.();
  arrivalsWake?.();
  await Promise.all([codeLoop, arrivalsLoop]);
  const final = (await must("GET", `/api/sessions/${sessionId}/attendance`, lecturer)) as { counts: { present: number } };
  agent.destroy();

  const firstCheckin = Math.min(...sentAt);
  return {
    members: n,
    loginSeconds: round1(loginSeconds),
    enroll,
    checkin: {
      latency: summarize(allMs),
      scanned: summarize(scannedMs),
      typed: summarize(typedMs),
      spreadSeconds: round1((Math.max(...sentAt) - firstCheckin) / 1000),
      wallSeconds: round1((lastCheckin - firstCheckin) / 1000),
      rotations: windows.size - 1,
      previousCode,
      staleCode,
      created,
      errors: { ...checkinErrors, ...screenErrors },
      screen: {
        codeReads: summarize(codeMs),
        codesShown,
        attendanceReads: summarize(attendanceMs),
        presentAtEnd: final.counts.present,
      },
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) input += chunk;
  try {
    process.stdout.write(`${JSON.stringify(await main(JSON.parse(input) as CourseLoadConfig))}\n`);
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  }
}

/**
 * Many members taking a timed contest attempt at once, like a branch told "the round is open now".
 * Runs as its own `node` process (as autocannon does) so the load generator never shares an event
 * loop with the bench harness. Each simulated member logs in (a few at a time: a login hashes a
 * password on purpose slowly), then all of them at the same moment start an attempt, answer every
 * question one after another (each answer sent once the previous one is acknowledged, a valid
 * response of the question's type), and hand in. Keep-alive connections, one per member.
 *
 * Config on stdin as JSON (AttemptLoadConfig), result on stdout as one JSON line (AttemptLoadResult).
 */
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";

export type AttemptLoadConfig = {
  baseUrl: string;
  roundId: string;
  phones: string[];
  password: string;
  /** Logins in flight at once. */
  loginConcurrency: number;
  /** A request still unanswered after this long counts as a timeout. */
  timeoutMs: number;
};

export type LatencySummary = { count: number; p50: number; p90: number; p99: number; max: number; mean: number };

export type AttemptLoadResult = {
  members: number;
  questionsPerAttempt: number;
  loginSeconds: number;
  start: LatencySummary;
  answer: LatencySummary;
  finish: LatencySummary;
  /** Answers acknowledged (2xx) per second, over the answer phase: the first answer sent to the last one acknowledged. */
  answersPerSecond: number;
  answerPhaseSeconds: number;
  answersOk: number;
  /** Failed requests by route, status and error code (or network error). */
  errors: Record<string, number>;
  /** From the hand-in responses: attempts closed as submitted, and answers the server kept. */
  attemptsSubmitted: number;
  answersSaved: number;
};

type Question = { seq: number; type: "single" | "multiple" | "judge" | "fill"; options: string[]; blanks: number };
type AttemptBody = { attempt: { id: string; status: string; questions: (Question & { answer: unknown })[] } };
export type Reply = { status: number; body: string; ms: number } | { error: string; ms: number };

/** Runs the load in a child `node` process (tsx's loader for the TypeScript) and returns its result. */
export function runAttemptLoad(config: AttemptLoadConfig): Promise<AttemptLoadResult> {
  return runLoadProcess(fileURLToPath(import.meta.url), config, "attempt load");
}

/**
 * Runs a load script (`script`, a module that reads its config as JSON on stdin and prints its
 * result as the last line of stdout) in a child `node` process with tsx's loader.
 */
export function runLoadProcess<C, R>(script: string, config: C, label: string): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${label} exited with ${code}: ${stderr.trim()}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as R);
      } catch {
        reject(new Error(`${label} printed no JSON result: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`));
      }
    });
    child.stdin.end(JSON.stringify(config));
  });
}

async function main(config: AttemptLoadConfig): Promise<AttemptLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: config.phones.length + 8 });
  const errors: Record<string, number> = {};
  const fail = (label: string, reply: Reply) => {
    const key = "error" in reply ? `${label} ${reply.error}` : `${label} ${reply.status} ${errorCode(reply.body)}`;
    errors[key] = (errors[key] ?? 0) + 1;
  };
  const send = (method: string, path: string, token: string | null, body?: unknown) =>
    http(agent, config.baseUrl, method, path, token, body, config.timeoutMs);

  const loginStarted = performance.now();
  const tokens = await loginAll(send, config.phones, config.password, config.loginConcurrency);
  const loginSeconds = (performance.now() - loginStarted) / 1000;

  const startMs: number[] = [];
  const answerMs: number[] = [];
  const finishMs: number[] = [];
  let firstAnswerAt = Number.POSITIVE_INFINITY;
  let lastAnswerAt = 0;
  let questionsPerAttempt = 0;
  let attemptsSubmitted = 0;
  let answersSaved = 0;

  // Everyone at once, each member's requests one after another.
  await Promise.all(
    tokens.map(async (token, member) => {
      const rand = random(member + 1);
      const started = await send("POST", `/api/rounds/${config.roundId}/attempts`, token);
      startMs.push(started.ms);
      if ("error" in started || started.status !== 200) return fail("start", started);
      const { attempt } = JSON.parse(started.body) as AttemptBody;
      questionsPerAttempt = Math.max(questionsPerAttempt, attempt.questions.length);
      for (const question of attempt.questions) {
        const sentAt = performance.now();
        firstAnswerAt = Math.min(firstAnswerAt, sentAt);
        const reply = await send("PUT", `/api/attempts/${attempt.id}/answers/${question.seq}`, token, {
          response: responseFor(question, rand),
        });
        answerMs.push(reply.ms);
        lastAnswerAt = Math.max(lastAnswerAt, sentAt + reply.ms);
        if ("error" in reply || reply.status !== 200) fail("answer", reply);
      }
      const finished = await send("POST", `/api/attempts/${attempt.id}/finish`, token);
      finishMs.push(finished.ms);
      if ("error" in finished || finished.status !== 200) return fail("finish", finished);
      const closed = (JSON.parse(finished.body) as AttemptBody).attempt;
      if (closed.status === "submitted") attemptsSubmitted += 1;
      answersSaved += closed.questions.filter((q) => q.answer !== null).length;
    }),
  );
  agent.destroy();

  const answerPhaseSeconds = Math.max(0, lastAnswerAt - firstAnswerAt) / 1000;
  const answersOk = answerMs.length - Object.entries(errors).reduce((n, [key, count]) => n + (key.startsWith("answer ") ? count : 0), 0);
  return {
    members: tokens.length,
    questionsPerAttempt,
    loginSeconds: round1(loginSeconds),
    start: summarize(startMs),
    answer: summarize(answerMs),
    finish: summarize(finishMs),
    answersPerSecond: answerPhaseSeconds > 0 ? round1(answersOk / answerPhaseSeconds) : 0,
    answerPhaseSeconds: round1(answerPhaseSeconds),
    answersOk,
    errors,
    attemptsSubmitted,
    answersSaved,
  };
}

type Send = (method: string, path: string, token: string | null, body?: unknown) => Promise<Reply>;

/** Logs everyone in, a few at a time (a login hashes a password, slowly on purpose). Every one must get in, or the figures would be for fewer people. */
export async function loginAll(send: Send, phones: string[], password: string, concurrency: number): Promise<string[]> {
  const tokens: string[] = new Array(phones.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      while (next < phones.length) {
        const i = next++;
        const reply = await send("POST", "/api/auth/login", null, { login: phones[i], password });
        if ("error" in reply || reply.status !== 200) {
          throw new Error(`login of ${phones[i]} failed: ${"error" in reply ? reply.error : `${reply.status} ${reply.body}`}`);
        }
        tokens[i] = (JSON.parse(reply.body) as { token: string }).token;
      }
    }),
  );
  return tokens;
}

/** A valid response of the question's type, chosen at random (right or wrong does not matter to the load). */
function responseFor(q: Question, rand: () => number) {
  const pick = (n: number) => Math.floor(rand() * n);
  switch (q.type) {
    case "single":
      return { type: "single", choice: pick(q.options.length) };
    case "multiple": {
      const choices = q.options.map((_, i) => i).filter(() => rand() < 0.5);
      return { type: "multiple", choices: choices.length > 0 ? choices : [pick(q.options.length)] };
    }
    case "judge":
      return { type: "judge", value: rand() < 0.5 };
    case "fill":
      return { type: "fill", blanks: Array.from({ length: Math.max(1, q.blanks) }, () => "遵义会议") };
  }
}

export function http(
  agent: Agent,
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body: unknown,
  timeoutMs: number,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(payload);
  }
  const sent = performance.now();
  return new Promise((resolve) => {
    const req = request(new URL(path, baseUrl), { method, agent, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - sent }),
      );
      res.on("error", (err) => resolve({ error: errorName(err), ms: performance.now() - sent }));
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (err) => resolve({ error: errorName(err), ms: performance.now() - sent }));
    req.end(payload);
  });
}

const errorName = (err: Error) => (err as NodeJS.ErrnoException).code ?? err.message;

export function errorCode(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? "?";
  } catch {
    return "?";
  }
}

/** Exact percentiles of every recorded latency (nearest rank), in ms to 0.1. */
export function summarize(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const mean = sorted.length ? sorted.reduce((n, v) => n + v, 0) / sorted.length : 0;
  return { count: sorted.length, p50: round1(at(50)), p90: round1(at(90)), p99: round1(at(99)), max: round1(at(100)), mean: round1(mean) };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) input += chunk;
  try {
    process.stdout.write(`${JSON.stringify(await main(JSON.parse(input) as AttemptLoadConfig))}\n`);
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  }
}

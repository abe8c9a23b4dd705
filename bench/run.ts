/**
 * `npm run bench`: starts its own copy of the app (own port, own temp D1 with the demo data and the
 * contest bench's people and results), puts HTTP load on two API routes from a separate autocannon
 * process, has 200 members take a contest attempt at once from a separate process beside a health
 * baseline at the same concurrency, reads a 10,000-result leaderboard, has 300 members enroll at once
 * into a 100-seat course session and 300 check in over 30 s to a session happening now (course.ts;
 * the DB is read afterwards for overbooking and lost check-ins), measures the login page's
 * JavaScript against its budget and runs Lighthouse, then puts 1,000 and then 2,000 phones in one
 * live room on WebSockets (live.ts; last, as it may break the server), then writes
 * bench/results/*.json. The plans part (plans.ts; issue 7) writes a committee of 5,000 members and
 * 200,000 ledger entries and times the plan dashboards over it, one request after another.
 *
 * Settings: BENCH_DURATION (s per scenario, default 10), BENCH_CONNECTIONS (default 50),
 * BENCH_WARMUP (unrecorded seconds before each scenario, default 2), BENCH_MEMBERS (members taking
 * an attempt at once, and the health baseline's connections, default 200), BENCH_LEADERBOARD_CONNECTIONS
 * (comma-separated, default "1,10"), BENCH_BUILD=1 (rebuild web/dist even if it exists; by default it
 * is built only when missing), CHROME_PATH, BENCH_LIVE_PHONES (phones in the live room, one run
 * each, comma-separated, default "1000,2000"), BENCH_LIVE_QUESTIONS (questions per live run, default
 * 3), BENCH_LIVE_CONNECT (phones joining at once, default 50), BENCH_PLANS_REQUESTS (timed requests of
 * each plans route, default 50), BENCH_PLANS_WARMUP (unrecorded ones before, default 5), BENCH_ONLY
 * (comma-separated parts to run, of api, contest, courses, plans, web, live; default all: e.g.
 * BENCH_ONLY=live).
 * Exits non-zero only when the harness itself fails; a missed budget is a figure, not an error.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { delimiter, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureWebBuild, prepareState, removeState, type Server, spawnServer, stopServer, waitForHealth } from "../scripts/local-app.ts";
import { DEMO_PASSWORD } from "../scripts/seed-demo.ts";
import { runAttemptScenario, runLeaderboardScenario } from "./contest.ts";
import { attemptMembers, loadContestBenchData } from "./contest-data.ts";
import { checkCourseDb, runCourseScenario } from "./course.ts";
import { COURSE_BENCH, courseBenchSql } from "./course-data.ts";
import { runLighthouse } from "./lighthouse.ts";
import { checkLiveDb, type LiveExpectations, runLiveScenario } from "./live.ts";
import { liveBenchSql } from "./live-data.ts";
import { runScenario, type Scenario, type ScenarioResult } from "./load.ts";
import { machineFacts } from "./machine.ts";
import { runPlansScenario } from "./plans.ts"; // plans: bench
import { loadPlansBenchData, PLANS_BENCH } from "./plans-data.ts"; // plans: bench
import { type Failure, formatTable, type Results, writeResults } from "./report.ts";
import { measureFirstPageJs } from "./web-budget.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const distDir = join(root, "web/dist");
const resultsDir = join(root, "bench/results");
const firstPage = "/login";
const organizer = { login: "13800000001", password: DEMO_PASSWORD };

/*
 * wrangler 4 records every request and every D1 query of `wrangler dev` as trace spans in a local
 * SQLite store (its Local Explorer's traces), written and fsynced in the same workerd process as
 * the Worker. Cloudflare's edge does nothing of the kind on the request path, and it costs in
 * proportion to the D1 round trips of a request: with it on, GET /api/health took ~2× the CPU and a
 * contest start ~1.7×. The bench measures the app, so it is off unless X_LOCAL_OBSERVABILITY is set.
 */
process.env.X_LOCAL_OBSERVABILITY ??= "false";

/** The parts of the bench, in the order they run; BENCH_ONLY picks some. */
const parts = ["api", "contest", "courses", "plans", "web", "live"] as const; // plans: bench
type Part = (typeof parts)[number];

const settings = {
  connections: intFromEnv("BENCH_CONNECTIONS", 50),
  durationSeconds: intFromEnv("BENCH_DURATION", 10),
  warmupSeconds: intFromEnv("BENCH_WARMUP", 2),
  members: intFromEnv("BENCH_MEMBERS", 200),
  leaderboardConnections: intListFromEnv("BENCH_LEADERBOARD_CONNECTIONS", [1, 10]),
  livePhones: intListFromEnv("BENCH_LIVE_PHONES", [1000, 2000]),
  liveQuestions: intFromEnv("BENCH_LIVE_QUESTIONS", 3),
  liveConnectConcurrency: intFromEnv("BENCH_LIVE_CONNECT", 50),
  plansRequests: intFromEnv("BENCH_PLANS_REQUESTS", 50), // plans: bench
  plansWarmup: intFromEnv("BENCH_PLANS_WARMUP", 5), // plans: bench
  only: partsFromEnv("BENCH_ONLY"),
  server: "wrangler dev (local workerd + local D1), not Cloudflare's edge",
  localObservability: process.env.X_LOCAL_OBSERVABILITY !== "false",
};

// wrangler.toml, migrations/ and web/ are found from the project root; `node bench/run.ts` works
// outside npm too, so the local binaries (wrangler, vite, Node 22) go first on PATH as npm would put them.
process.chdir(root);
process.env.PATH = `${join(root, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`;

let server: Server | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (server) {
      await stopServer(server);
      removeState(server.stateDir);
    }
    process.exit(130);
  });
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const command = commandLine();
  const machine = machineFacts();
  const webBuild = await webBuildStatus();
  const stateDir = await prepareState();
  let measured: Measured;
  let serverReloads = 0;
  try {
    // The contest's members take attempts; the course scenarios need 300 of the same bench members,
    // the live room as many as its largest run (with sessions: they do not log in).
    const phones = settings.only.includes("live") ? Math.max(...settings.livePhones) : 0;
    const members = Math.max(settings.members, COURSE_BENCH.members, phones);
    console.log(`data: ${members} bench members (${phones} with sessions), a closed round of 10,000 results and the course sessions`);
    const more = courseBenchSql(attemptMembers(members)) + (phones ? await liveBenchSql(attemptMembers(phones)) : "");
    await loadContestBenchData(stateDir, members, DEMO_PASSWORD, more);
    // plans: bench — its own file: 5,000 members and 200,000 ledger entries, only when the part runs.
    let plansData: Record<string, number> | null = null;
    if (settings.only.includes("plans")) {
      console.log(
        `data: the plans bench — ${PLANS_BENCH.ledgerEntries.toLocaleString("en")} ledger entries of 5,000 members in 100 branches`,
      );
      plansData = await loadPlansBenchData(stateDir, DEMO_PASSWORD);
    }
    server = await spawnServer(stateDir);
    await waitForHealth(server, 120_000);
    measured = await measure(server.baseUrl, webBuild.error, server.child.pid, plansData);
    serverReloads = reloadsIn(server);
  } catch (err) {
    console.error(`bench failed; the temp state and wrangler log are kept in ${stateDir}`);
    throw err;
  } finally {
    if (server) await stopServer(server);
  }
  try {
    if (measured.courses) measured.courses.db = await checkCourseDb(stateDir);
    if (measured.live) await checkLiveDb(stateDir, measured.live, measured.liveExpectations);
  } catch (err) {
    console.error(`reading the bench's D1 failed; the temp state is kept in ${stateDir}`);
    throw err;
  }
  removeState(stateDir);
  const { liveExpectations: _, ...figures } = measured;
  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    command,
    machine: { ...machine, loadAverage1mAtEnd: loadavg()[0] ?? 0 },
    settings,
    webBuild,
    serverReloads,
    ...figures,
  };
  const file = writeResults(resultsDir, results);
  console.log(`\n${formatTable(results)}\n\nwritten: ${relative(root, file)} and bench/results/latest.json`);
}

type Measured = Pick<Results, "scenarios" | "contest" | "courses" | "plans" | "webBudget" | "lighthouse" | "live"> & {
  liveExpectations: LiveExpectations;
};

/**
 * API load first, on a quiet machine; then the two browser measurements, which need the web build;
 * the live room last, as its largest run may leave the server in a bad way. BENCH_ONLY skips parts.
 */
async function measure(
  baseUrl: string,
  webBuildError: string | undefined,
  serverGroupId: number | undefined,
  plansData: Record<string, number> | null,
): Promise<Measured> {
  const token = await login(baseUrl);
  const runs = (part: Part) => settings.only.includes(part);
  const scenarios: ScenarioResult[] = [];
  for (const scenario of runs("api") ? scenarioList(token) : []) {
    await checkOk(baseUrl, scenario);
    console.log(`load: ${scenario.name} (${settings.connections} connections, ${settings.durationSeconds} s)`);
    if (settings.warmupSeconds > 0) await runScenario(baseUrl, scenario, settings.connections, settings.warmupSeconds);
    scenarios.push(await runScenario(baseUrl, scenario, settings.connections, settings.durationSeconds));
  }
  const contest = runs("contest")
    ? { attempts: await runAttemptScenario(baseUrl, token, settings), leaderboard: await runLeaderboardScenario(baseUrl, settings) }
    : null;
  const courses = runs("courses") ? await runCourseScenario(baseUrl, settings) : null;
  const plans = runs("plans") && plansData ? await runPlansScenario(baseUrl, settings, serverGroupId, plansData) : null; // plans: bench
  let webBudget: Measured["webBudget"] = null;
  let lighthouse: Measured["lighthouse"] = null;
  if (runs("web")) {
    const noWeb: Failure | undefined = webBuildError ? { error: `web build failed: ${webBuildError}` } : undefined;
    console.log(`web budget: JavaScript loaded by ${firstPage}`);
    webBudget = noWeb ?? (await measureFirstPageJs(baseUrl, firstPage, distDir));
    console.log(`lighthouse: ${firstPage} (mobile)`);
    // Lighthouse may be unable to run on a given machine; that is reported in the results, not fatal.
    lighthouse = noWeb ?? (await runLighthouse(`${baseUrl}${firstPage}`));
  }
  const live = runs("live") ? await runLiveScenario(baseUrl, token, settings, serverGroupId) : null;
  return {
    scenarios,
    contest,
    courses,
    plans, // plans: bench
    webBudget,
    lighthouse,
    live: live?.scenario ?? null,
    liveExpectations: live?.expectations ?? new Map(),
  };
}

function scenarioList(token: string): Scenario[] {
  return [
    { name: "health", path: "/api/health" },
    { name: "me", path: "/api/me", headers: { Authorization: `Bearer ${token}` } },
  ];
}

/** The demo organizer's bearer token; a non-browser client sends no Origin, so the same-origin guard lets it through. */
async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(organizer),
  });
  if (!res.ok) throw new Error(`POST /api/auth/login answered ${res.status}: ${await res.text()}`);
  const { token } = (await res.json()) as { token?: string };
  if (!token) throw new Error("POST /api/auth/login returned no token");
  return token;
}

/** A scenario that answers 401 or 500 would measure the error path at high speed; refuse it up front. */
async function checkOk(baseUrl: string, scenario: Scenario): Promise<void> {
  const res = await fetch(`${baseUrl}${scenario.path}`, { headers: scenario.headers ?? {} });
  if (!res.ok) throw new Error(`GET ${scenario.path} answered ${res.status} before the load: ${await res.text()}`);
}

/**
 * wrangler dev reloads the Worker when a source file or web/dist changes (someone editing, a test
 * run's build): requests in flight then fail or wait, and the figures are not comparable.
 */
function reloadsIn(server: Server): number {
  try {
    return (readFileSync(server.logFile, "utf8").match(/Reloading local server/g) ?? []).length;
  } catch {
    return 0;
  }
}

async function webBuildStatus(): Promise<Results["webBuild"]> {
  const fresh = await ensureWebBuild(distDir, process.env.BENCH_BUILD === "1");
  if (fresh === "existing") return { built: "existing" };
  if (fresh === "fresh") return { built: "fresh" };
  console.error(`web build failed; measuring the API only: ${fresh.error}`);
  return { built: "failed", error: fresh.error };
}

/** How this run was started, so a figure can be reproduced: BENCH_* settings plus the npm script or node command. */
function commandLine(): string {
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith("BENCH_") || name === "CHROME_PATH")
    .map(([name, value]) => `${name}=${value}`);
  const event = process.env.npm_lifecycle_event;
  const command = event ? `npm run ${event}` : `node ${relative(root, process.argv[1] ?? "bench/run.ts")}`;
  return [...env, command].join(" ");
}

function partsFromEnv(name: string): Part[] {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return [...parts];
  const chosen = raw.split(",").map((part) => part.trim());
  const unknown = chosen.filter((part) => !(parts as readonly string[]).includes(part));
  if (unknown.length) throw new Error(`${name} takes ${parts.join(", ")}; got "${unknown.join(", ")}"`);
  return chosen as Part[];
}

function intListFromEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const values = raw.split(",").map((part) => Number(part.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} must be whole numbers separated by commas, got "${raw}"`);
  return values;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
}

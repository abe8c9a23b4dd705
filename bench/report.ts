/** Writes the run as JSON (one file per run plus latest.json) and prints the short table people read. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AttemptScenario, LeaderboardScenario } from "./contest.ts";
import type { CourseScenario } from "./course.ts";
import type { CourseLoadResult } from "./course-load.ts";
import type { LighthouseResult } from "./lighthouse.ts";
import type { LiveRun, LiveScenario } from "./live.ts";
import type { ScenarioResult } from "./load.ts";
import type { machineFacts } from "./machine.ts";
import { PLANS_DASHBOARD_AIM_MS, type PlansScenario } from "./plans.ts"; // plans: bench
import type { WebBudget } from "./web-budget.ts";

export type Failure = { error: string };

export type Results = {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: ReturnType<typeof machineFacts> & { loadAverage1mAtEnd: number };
  settings: {
    connections: number;
    durationSeconds: number;
    warmupSeconds: number;
    members: number;
    leaderboardConnections: number[];
    server: string;
    /** wrangler's local trace store (X_LOCAL_OBSERVABILITY); the bench turns it off. */
    localObservability: boolean;
    livePhones: number[];
    liveQuestions: number;
    liveConnectConcurrency: number;
    /** Plans part: timed requests of each route, and unrecorded ones before (plans: bench). */
    plansRequests: number;
    plansWarmup: number;
    /** The parts run (BENCH_ONLY); a part not run is null (or no rows) below. */
    only: string[];
  };
  webBuild: { built: "existing" | "fresh" | "failed"; error?: string };
  /** Times wrangler dev reloaded the Worker during the run (a file changed): figures from such a run are suspect. */
  serverReloads: number;
  scenarios: ScenarioResult[];
  contest: { attempts: AttemptScenario; leaderboard: LeaderboardScenario } | null;
  /** Enrollment into 100 seats by 300 at once; 300 check-ins over 30 s; with the DB read afterwards. */
  courses: CourseScenario | null;
  /** Plan dashboards over 5,000 members and 200,000 ledger entries, one request after another (plans: bench). */
  plans: PlansScenario | null;
  webBudget: WebBudget | Failure | null;
  lighthouse: LighthouseResult | Failure | null;
  /** One live room with 1,000 then 2,000 phones on WebSockets; with the DB read afterwards. */
  live: LiveScenario | null;
};

/** File names keep the ISO timestamp but with "-" for ":", which some file systems and tools refuse. */
export function writeResults(resultsDir: string, results: Results): string {
  mkdirSync(resultsDir, { recursive: true });
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const file = join(resultsDir, `${results.startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(file, text);
  writeFileSync(join(resultsDir, "latest.json"), text);
  return file;
}

export function formatTable(results: Results): string {
  const { machine, settings } = results;
  const lines = [
    `Lianxue bench — ${results.startedAt}`,
    `${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemGiB} GiB, Node ${machine.node}, wrangler ${machine.wrangler}`,
    `${settings.server}; ${settings.connections} connections × ${settings.durationSeconds} s per scenario`,
    `load average (1 min): ${machine.loadAverage1mAtStart.toFixed(2)} at start, ${machine.loadAverage1mAtEnd.toFixed(2)} at end`,
    `wrangler local observability (trace store): ${settings.localObservability ? "on" : "off"}`,
    ...(results.serverReloads > 0
      ? [`WARNING: wrangler dev reloaded the Worker ${results.serverReloads}× during the run (files changed); rerun on a quiet tree`]
      : []),
    ...(results.settings.only.length < 6 ? [`parts run (BENCH_ONLY): ${results.settings.only.join(", ")}`] : []),
    ...(results.scenarios.length
      ? [
          "",
          row(["scenario", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors"]),
          ...results.scenarios.map((s) =>
            row([
              s.request,
              s.requestsPerSecond.toFixed(0),
              fmt(s.latencyMs.p50),
              fmt(s.latencyMs.p99),
              s.requests,
              s.non2xx,
              s.errors + s.timeouts,
            ]),
          ),
        ]
      : []),
    ...(results.contest ? ["", ...attemptLines(results.contest.attempts), "", ...leaderboardLines(results.contest.leaderboard)] : []),
    ...(results.courses ? ["", ...courseLines(results.courses)] : []),
    ...(results.plans ? ["", ...plansLines(results.plans)] : []), // plans: bench
    ...(results.webBudget ? ["", webLine(results.webBudget)] : []),
    ...(results.lighthouse ? [lighthouseLine(results.lighthouse)] : []),
    ...(results.live ? ["", ...liveLines(results.live)] : []),
  ];
  if (results.webBuild.error) lines.push(`web build failed: ${firstLine(results.webBuild.error)}`);
  return lines.join("\n");
}

/** Aims from the contest issue: answers within 1.5× the health baseline's latency; a leaderboard read under 20 ms. */
export const ANSWER_RATIO_AIM = 1.5;
export const LEADERBOARD_AIM_MS = 20;

function attemptLines(a: AttemptScenario): string[] {
  const { load, baseline } = a;
  const failed = (route: string) =>
    Object.entries(load.errors).reduce((n, [key, count]) => n + (key.startsWith(`${route} `) ? count : 0), 0);
  const lat = (label: string, l: AttemptScenario["load"]["answer"], rate: string, errors: number) =>
    row7([label, rate, fmt(l.p50), fmt(l.p90), fmt(l.p99), fmt(l.max), l.count, errors]);
  const pass = (ratio: number) => (ratio <= ANSWER_RATIO_AIM ? "PASS" : "FAIL");
  const errors = Object.entries(load.errors).map(([key, count]) => `${key} ×${count}`);
  return [
    `contest attempt: ${a.members} members at once × ${load.questionsPerAttempt} questions (start, answers one by one, hand in); logins took ${load.loginSeconds} s before`,
    row7(["request", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "requests", "errors"]),
    row7([
      `GET /api/health ×${baseline.connections}`,
      baseline.requestsPerSecond.toFixed(0),
      fmt(baseline.latencyMs.p50),
      "",
      fmt(baseline.latencyMs.p99),
      fmt(baseline.latencyMs.max),
      baseline.requests,
      baseline.non2xx + baseline.errors + baseline.timeouts,
    ]),
    lat("PUT answer", load.answer, load.answersPerSecond.toFixed(0), failed("answer")),
    lat("POST start", load.start, "", failed("start")),
    lat("POST finish", load.finish, "", failed("finish")),
    `answer ÷ health latency: p50 ${a.ratio.p50}× (${pass(a.ratio.p50)}), p99 ${a.ratio.p99}× (${pass(a.ratio.p99)}); aim ≤ ${ANSWER_RATIO_AIM}×`,
    `answers: ${load.answersOk} acknowledged in ${load.answerPhaseSeconds} s; kept: ${load.attemptsSubmitted} of ${load.members} attempts submitted, ${load.answersSaved} of ${load.members * load.questionsPerAttempt} answers saved`,
    ...(errors.length ? [`errors: ${errors.join(", ")}`] : []),
  ];
}

function leaderboardLines(l: LeaderboardScenario): string[] {
  return [
    `leaderboard: top ${l.limit} + own rank (${l.check.myRank}) among ${l.results.toLocaleString("en")} results; aim: one read (1 connection) p50 < ${LEADERBOARD_AIM_MS} ms`,
    row(["connections", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors"]),
    ...l.runs.map((s) =>
      row([
        s.connections === 1 ? `1 (${s.latencyMs.p50 < LEADERBOARD_AIM_MS ? "PASS" : "FAIL"})` : String(s.connections),
        s.requestsPerSecond.toFixed(0),
        fmt(s.latencyMs.p50),
        fmt(s.latencyMs.p99),
        s.requests,
        s.non2xx,
        s.errors + s.timeouts,
      ]),
    ),
  ];
}

function courseLines(c: CourseScenario): string[] {
  const { load, db } = c;
  const { enroll, checkin } = load;
  const failed = (errors: Record<string, number>, prefix: string) =>
    Object.entries(errors).reduce((n, [key, count]) => n + (key.startsWith(prefix) ? count : 0), 0);
  const lat = (label: string, l: CourseLoadResult["enroll"]["latency"], rate: string, errors: number) =>
    row7([label, rate, fmt(l.p50), fmt(l.p90), fmt(l.p99), fmt(l.max), l.count, errors]);
  const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");
  const places = enroll.positions;
  const errors = Object.entries({ ...enroll.errors, ...checkin.errors }).map(([key, count]) => `${key} ×${count}`);
  const lines = [
    `courses: ${c.members} members enroll at once into one ${c.seats}-seat session, then check in over ${c.spreadSeconds} s to a session happening now; logins took ${load.loginSeconds} s before`,
    row7(["request", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "requests", "errors"]),
    lat(
      `PUT enrollment ×${load.members}`,
      enroll.latency,
      enroll.wallSeconds > 0 ? (enroll.latency.count / enroll.wallSeconds).toFixed(0) : "",
      failed(enroll.errors, "enroll "),
    ),
    lat(
      "POST check-in, all",
      checkin.latency,
      checkin.wallSeconds > 0 ? (checkin.latency.count / checkin.wallSeconds).toFixed(0) : "",
      failed(checkin.errors, "check-in"),
    ),
    lat("  scanned QR", checkin.scanned, "", failed(checkin.errors, "check-in (QR)")),
    lat("  typed code", checkin.typed, "", failed(checkin.errors, "check-in (typed)")),
    lat("GET code (screen)", checkin.screen.codeReads, "", failed(checkin.errors, "code ")),
    lat("GET arrivals (screen)", checkin.screen.attendanceReads, "", failed(checkin.errors, "attendance ")),
    `enrollment: ${enroll.latency.count} sent within ${enroll.sendSpreadMs} ms, all answered in ${enroll.wallSeconds} s: ${enroll.answers.enrolled} enrolled, ${enroll.answers.waitlisted} waitlisted (places ${places.min ?? "-"}–${places.max ?? "-"}, ${places.distinct} distinct)${enroll.answers.other ? `, ${enroll.answers.other} other` : ""}; the lecturer's list: ${enroll.listed.enrolled} enrolled, ${enroll.listed.waitlisted} waiting`,
    db
      ? `  in the DB afterwards: ${db.enrollment.enrolled} enrolled of ${db.enrollment.capacity} seats (enrolled_count ${db.enrollment.enrolledCount}), ${db.enrollment.waitlisted} waitlisted at positions ${db.enrollment.positions.min ?? "-"}…${db.enrollment.positions.max ?? "-"} (${db.enrollment.positions.distinct} distinct)${db.enrollment.other ? `, ${db.enrollment.other} other` : ""} — no overbooking, no gap: ${verdict(db.enrollment.pass)}`
      : "  in the DB afterwards: not checked",
    `check-in: ${checkin.latency.count} sent over ${checkin.spreadSeconds} s across ${checkin.rotations} code rotation${checkin.rotations === 1 ? "" : "s"} (${checkin.previousCode} sent with the previous code inside its 10 s grace, ${checkin.staleCode} with an older one); ${checkin.created} recorded; the screen showed ${checkin.screen.codesShown} codes and ${checkin.screen.presentAtEnd} present at the end`,
    db
      ? `  in the DB afterwards: ${db.checkin.attendances} attendances (${db.checkin.attendees} people), ${db.checkin.ledgerEntries} ledger entries (${db.checkin.ledgerPeople} people, ${db.checkin.hoursTenths / 10} h, ${db.checkin.points} points) — ${verdict(db.checkin.pass)}`
      : "  in the DB afterwards: not checked",
  ];
  if (errors.length) lines.push(`errors: ${errors.join(", ")}`);
  return lines;
}

// plans: bench
function plansLines(p: PlansScenario): string[] {
  const d = p.data;
  const [dashboard] = p.runs;
  const verdict = dashboard ? (dashboard.latencyMs.p50 <= PLANS_DASHBOARD_AIM_MS ? "PASS" : "FAIL") : "";
  return [
    `plans: ${d.members?.toLocaleString("en")} members in ${d.branches} branches, ${d.ledgerEntries?.toLocaleString("en")} ledger entries (${d.attendance?.toLocaleString("en")} attendance at ${d.sessions?.toLocaleString("en")} sessions, ${d.completion?.toLocaleString("en")} completion, ${d.contest?.toLocaleString("en")} contest, ${d.placement} placement, ${d.manual?.toLocaleString("en")} manual; ${d.reversed?.toLocaleString("en")} reversed); one connection, ${dashboard?.warmup ?? 0} warm-up then ${dashboard?.requests ?? 0} requests each`,
    `  the committee's dashboard answered: ${p.check.members} members, ${p.check.onPace} on pace, ${p.check.complete} complete, ${p.check.behindTotal} behind, ${p.check.children} children (share of the year gone ${p.check.elapsed})`,
    row7(["request", "", "p50 ms", "p95 ms", "p99 ms", "max ms", "KB", "CPU ms"]),
    ...p.runs.map((r) =>
      row7([
        r.name,
        "",
        fmt(r.latencyMs.p50),
        fmt(r.latencyMs.p95),
        fmt(r.latencyMs.p99),
        fmt(r.latencyMs.max),
        fmt(r.bytes / 1024),
        r.serverCpuMsPerRequest ?? "-",
      ]),
    ),
    `  aim: the committee's dashboard p50 ≤ ${PLANS_DASHBOARD_AIM_MS} ms — ${verdict}; CPU ms: the server's processes (wrangler dev's group) per request${p.runs.some((r) => r.errors) ? `; errors: ${p.runs.map((r) => `${r.request} ×${r.errors}`).join(", ")}` : ""}`,
  ];
}

/** The live room's aims (issue 5): no frame dropped or duplicated; the figures themselves are read, not judged. */
function liveLines(live: LiveScenario): string[] {
  const lines = [
    `live room: N phones join one room (${live.connectConcurrency} at a time: join by PIN + WebSocket + hello), then ${live.questions} questions; each phone answers at a random moment in the ${live.answerSpreadMs / 1000} s after it got the question (${live.questionTimeSec} s allowed, so the last answer closes it)`,
    row7(["phones / measure", "", "p50 ms", "p90 ms", "p99 ms", "max ms", "count", "lost"]),
  ];
  for (const run of live.runs) lines.push(...liveRunLines(run));
  return lines;
}

function liveRunLines(run: LiveRun): string[] {
  const { load, db } = run;
  const lat = (label: string, l: LiveRun["load"]["ack"], lost: number | string = "") =>
    row7([label, "", fmt(l.p50), fmt(l.p90), fmt(l.p99), fmt(l.max), l.count, lost]);
  const i = load.integrity;
  const frames = (name: string, f: typeof i.question) =>
    `${name} ${f.received}/${f.expected} (dropped ${f.dropped}, duplicated ${f.duplicated})`;
  const clean = [i.question, i.ack, i.reveal, i.ended].every((f) => f.dropped === 0 && f.duplicated === 0) && load.connect.failed === 0;
  const errors = Object.entries({
    ...load.connect.errors,
    ...prefixed("error frame ", load.errorFrames),
    ...prefixed("closed by server ", load.unexpectedCloses),
  }).map(([key, count]) => `${key} ×${count}`);
  const busiest = run.server.map((phase) => {
    const procs = phase.processes
      .slice(0, 2)
      .map(
        (p) =>
          `${p.name} ${p.pid} ${p.meanCpuPercent}% (busiest thread ${p.busiestThreadMeanPercent}%, peak ${p.busiestThreadPeakPercent}%), ${p.writeCallsPerSecond} writes/s, ${p.peakRssMiB} MiB, ${p.peakFds} fds${p.openFilesLimit ? ` (limit ${p.openFilesLimit})` : ""}`,
      );
    return `${phase.name} ${phase.seconds} s: machine ${phase.machineBusyPercent}% busy, ${phase.machineIowaitPercent}% iowait; ${procs.join("; ")}`;
  });
  return [
    `${run.phones} phones — ${load.connect.connected} joined in ${load.connect.seconds} s; the host's lobby showed ${load.lobby.players} ${load.lobby.settleMs} ms after the last joined; lobby frames: ${load.lobby.frames.toLocaleString("en")} to phones (${load.lobby.megabytes} MB), ${load.lobby.hostFrames.toLocaleString("en")} to the host (${load.lobby.hostMegabytes} MB)`,
    lat(`  join (POST)`, load.connect.join, load.connect.failed),
    lat(`  WebSocket upgrade`, load.connect.upgrade),
    lat(`  hello → state`, load.connect.hello),
    ...load.questions.map((q) =>
      lat(
        `  q${q.seq} next → phone`,
        q.delivery,
        q.delivery.count < load.connect.connected ? load.connect.connected - q.delivery.count : 0,
      ),
    ),
    ...load.questions.map((q) => lat(`  q${q.seq} answer → ack`, q.ack, q.answersSent - q.ack.count)),
    lat(`  all next → phone`, load.delivery),
    lat(`  all answer → ack`, load.ack),
    ...(load.questions.length === 0
      ? []
      : [
          `  next → last phone: ${load.questions.map((q) => `q${q.seq} ${fmt(q.toLastPhoneMs)} ms`).join(", ")}; answers sent within ${load.questions.map((q) => `${fmt(q.answerWindowMs)}`).join(" / ")} ms; last answer → last reveal ${load.questions.map((q) => `${fmt(q.revealAfterLastAnswerMs)}`).join(" / ")} ms`,
        ]),
    `  frames: ${frames("question", i.question)}, ${frames("ack", i.ack)}, ${frames("reveal", i.reveal)}, ${frames("ended", i.ended)} — ${clean ? "PASS" : "FAIL"}`,
    db
      ? `  in the DB afterwards: ${db.attempts} attempts (${db.submitted} submitted), ${db.results} results, ${db.answers} answers; ${db.mismatched} phones whose result differs from their reveals — ${db.pass ? "PASS" : "FAIL"} (written ${run.persisted.seconds} s after the end)`
      : `  in the DB afterwards: not checked (the leaderboard counted ${run.persisted.participants} after ${run.persisted.seconds} s)`,
    `  load process: ${load.client.cpuSeconds} s CPU in ${load.client.wallSeconds} s, event-loop delay p99 ${load.client.eventLoopDelayP99Ms} ms (max ${load.client.eventLoopDelayMaxMs}), ${load.client.maxRssMiB} MiB`,
    ...(busiest.length
      ? [`  server (machine: % of all cores; processes, the two busiest: % of one core):`, ...busiest.map((line) => `    ${line}`)]
      : []),
    ...(errors.length ? [`  errors: ${errors.join(", ")}`] : []),
    ...(load.broke ? [`  BROKE: ${load.broke}`] : []),
  ];
}

const prefixed = (prefix: string, counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).map(([key, count]) => [`${prefix}${key}`, count]));

function row7(cells: (string | number)[]): string {
  const widths = [22, 7, 8, 8, 8, 8, 9, 7];
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i] ?? 8) : String(cell).padStart(widths[i] ?? 8))).join(" ");
}

function webLine(web: WebBudget | Failure): string {
  if ("error" in web) return `web budget: not measured — ${firstLine(web.error)}`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return `web budget (${web.page}, ${web.files.length} JS files, gzip -9): ${kb(web.gzipBytes)} of ${kb(web.budgetBytes)} — ${web.pass ? "PASS" : "FAIL"}`;
}

function lighthouseLine(lh: LighthouseResult | Failure): string {
  if ("error" in lh) return `lighthouse: not measured — ${firstLine(lh.error)}`;
  const scores = Object.entries(lh.scores).map(([id, score]) => `${id} ${score ?? "n/a"}`);
  return `lighthouse ${lh.formFactor} (${lh.url}): ${scores.join(", ")}`;
}

function row(cells: (string | number)[]): string {
  const widths = [18, 8, 8, 8, 10, 8, 7];
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i] ?? 8) : String(cell).padStart(widths[i] ?? 8))).join(" ");
}

const fmt = (ms: number) => (Number.isInteger(ms) ? String(ms) : ms.toFixed(1));
const firstLine = (text: string) => text.split("\n")[0] ?? text;

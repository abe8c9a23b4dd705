/**
 * The app under test, started by a benchmark or the browser tests: its own port and its own
 * persisted state (never the developer's .wrangler/state, never a server someone else runs on :8787).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { triggerCron } from "../scripts/local-cron.ts";
import { quietWrangler, run } from "../scripts/run.ts";
import { seedDemo } from "../scripts/seed-demo.ts";

export type Server = { baseUrl: string; stateDir: string; logFile: string; child: ChildProcess };

/** Asks the OS for a port nobody listens on. Another process could take it before wrangler does; rare enough here. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/**
 * Builds web/dist only when it has no index.html: the web app may be mid-change by someone else,
 * and a bench should not rewrite their output unless it has to (or is told to: force). A failed
 * build is returned, not thrown, so the API can still be measured without a front end.
 */
export async function ensureWebBuild(distDir: string, force: boolean): Promise<"existing" | "fresh" | { error: string }> {
  if (!force && existsSync(join(distDir, "index.html"))) return "existing";
  try {
    await run("vite", ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
    return "fresh";
  } catch (err) {
    // wrangler refuses to start when the assets directory does not exist.
    mkdirSync(distDir, { recursive: true });
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** A fresh D1 under a temp dir, migrated and loaded with the demo org tree and accounts. */
export async function prepareState(): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), "lianxue-bench-"));
  await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {}, true);
  await seedDemo(stateDir, true);
  return stateDir;
}

/**
 * Starts `wrangler dev` detached, in its own process group, so stopServer can end wrangler and the
 * workerd processes it forks in one signal. Its output goes to a log file shown only on failure.
 * Returns at once, so the caller can stop it even if it never becomes healthy.
 */
export async function spawnServer(stateDir: string): Promise<Server> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const logFile = join(stateDir, "wrangler-dev.log");
  const log = openSync(logFile, "a");
  const args = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir];
  // A developer's own `wrangler dev` usually holds the default inspector port 9229.
  args.push("--inspector-port", String(inspectorPort), "--test-scheduled", "--show-interactive-dev-session=false");
  const child = spawn("wrangler", args, { detached: true, stdio: ["ignore", log, log], env: { ...process.env, ...quietWrangler } });
  return { baseUrl: `http://127.0.0.1:${port}`, stateDir, logFile, child };
}

/** The first start compiles the Worker and boots workerd; a minute or two on a slow machine. */
export async function waitForHealth(server: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`wrangler dev exited with ${server.child.exitCode}\n${logTail(server)}`);
    try {
      const res = await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`GET /api/health did not answer 200 within ${timeoutMs / 1000} s\n${logTail(server)}`);
}

/** Ends the whole process group (wrangler and workerd): politely, then for sure. Safe to call twice. */
export async function stopServer(server: Server): Promise<void> {
  const pid = server.child.pid;
  if (pid === undefined) return;
  signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(200);
  if (groupAlive(pid)) signalGroup(pid, "SIGKILL");
}

/** Removes the temp state; kept when the run failed so the log can be read. */
export function removeState(stateDir: string): void {
  rmSync(stateDir, { recursive: true, force: true });
}

export function logTail(server: Pick<Server, "logFile">, lines = 40): string {
  try {
    return readFileSync(server.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no wrangler log)";
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type LocalApp = { url: string; stop: () => Promise<void> };

/**
 * The whole app on a free port with fresh state, as `npm start` runs it (real migrations, demo
 * data, real workerd): for browser tests and benchmarks. `stop()` ends it and removes its state.
 */
export async function startLocalApp(options: { build?: boolean } = {}): Promise<LocalApp> {
  const build = await ensureWebBuild("web/dist", options.build ?? false);
  if (typeof build === "object") throw new Error(`web build failed: ${build.error}`);
  const stateDir = await prepareState();
  const server = await spawnServer(stateDir);
  const stop = async () => {
    await stopServer(server);
    removeState(stateDir);
  };
  try {
    await waitForHealth(server, 120_000);
  } catch (err) {
    await stopServer(server);
    throw err;
  }
  // One cron run, as the first minute of a deployment would: the demo year's report snapshots exist.
  await triggerCron(server.baseUrl);
  return { url: server.baseUrl, stop };
}

/**
 * Starts the whole app under `wrangler dev` on a free port with its own state directory, the way
 * `npm start` runs it, for browser tests and benchmarks: real migrations, demo data, real workerd.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quietWrangler, run } from "./run.ts";
import { seedDemo } from "./seed-demo.ts";

export type LocalApp = { url: string; stop: () => Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url}/api/health within ${timeoutMs} ms`);
}

export async function startLocalApp(options: { build?: boolean; log?: boolean } = {}): Promise<LocalApp> {
  if (options.build || !existsSync("web/dist/index.html"))
    await run("vite", ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
  const state = mkdtempSync(join(tmpdir(), "lianxue-state-"));
  await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {}, !options.log);
  await seedDemo(state, !options.log);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so stopping it also stops workerd underneath.
  const child = spawn(
    "wrangler",
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", state, "--show-interactive-dev-session=false"],
    {
      stdio: ["ignore", options.log ? "inherit" : "ignore", "inherit"],
      env: { ...process.env, ...quietWrangler },
      detached: true,
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

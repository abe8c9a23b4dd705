/**
 * HTTP load with autocannon. It runs as its own `node` process so the load generator never
 * shares an event loop (or a CPU budget, as far as the OS allows) with anything else here.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

export type Scenario = { name: string; path: string; headers?: Record<string, string> };

export type ScenarioResult = {
  name: string;
  request: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  status2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

/** The fields of autocannon's --json output this bench reads. */
type AutocannonJson = {
  duration: number;
  requests: { mean: number; total: number };
  latency: { p50: number; p99: number; mean: number; max: number };
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

const autocannonCli = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

export async function runScenario(baseUrl: string, scenario: Scenario, connections: number, seconds: number): Promise<ScenarioResult> {
  const out = await autocannon(`${baseUrl}${scenario.path}`, scenario.headers ?? {}, connections, seconds);
  return {
    name: scenario.name,
    request: `GET ${scenario.path}`,
    connections,
    durationSeconds: out.duration,
    requests: out.requests.total,
    requestsPerSecond: out.requests.mean,
    latencyMs: { p50: out.latency.p50, p99: out.latency.p99, mean: out.latency.mean, max: out.latency.max },
    status2xx: out["2xx"],
    non2xx: out.non2xx,
    errors: out.errors,
    timeouts: out.timeouts,
  };
}

/** Runs the autocannon CLI with the Node running this script (Node 22), whatever `node` is first on PATH. */
function autocannon(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<AutocannonJson> {
  const args = [autocannonCli, "--json", "--no-progress", "-c", String(connections), "-d", String(seconds)];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}=${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
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
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${stderr.trim()}`));
      // --json prints one JSON document per line; the result is the last one.
      const last = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as AutocannonJson);
      } catch {
        reject(new Error(`autocannon printed no JSON result: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`));
      }
    });
  });
}

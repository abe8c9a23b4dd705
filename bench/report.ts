/** Writes the run as JSON (one file per run plus latest.json) and prints the short table people read. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LighthouseResult } from "./lighthouse.ts";
import type { ScenarioResult } from "./load.ts";
import type { machineFacts } from "./machine.ts";
import type { WebBudget } from "./web-budget.ts";

export type Failure = { error: string };

export type Results = {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: ReturnType<typeof machineFacts> & { loadAverage1mAtEnd: number };
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; server: string };
  webBuild: { built: "existing" | "fresh" | "failed"; error?: string };
  scenarios: ScenarioResult[];
  webBudget: WebBudget | Failure;
  lighthouse: LighthouseResult | Failure;
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
    "",
    webLine(results.webBudget),
    lighthouseLine(results.lighthouse),
  ];
  if (results.webBuild.error) lines.push(`web build failed: ${firstLine(results.webBuild.error)}`);
  return lines.join("\n");
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

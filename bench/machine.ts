/** What the figures were measured on: without this, numbers from two runs cannot be compared. */
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";

export function machineFacts() {
  const cpu = cpus();
  return {
    os: `${type()} ${release()}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? "unknown",
    totalMemGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    // Other work on a shared machine (tests, other servers) skews every figure; this shows how much there was.
    loadAverage1mAtStart: loadavg()[0] ?? 0,
    node: process.version,
    wrangler: packageVersion("wrangler"),
    autocannon: packageVersion("autocannon"),
    lighthouse: packageVersion("lighthouse"),
  };
}

function packageVersion(name: string): string {
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

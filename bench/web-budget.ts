/**
 * The member's first download: every JavaScript file the login page loads, gzipped at level 9
 * (roughly what a CDN serves), summed and compared with the budget for phones on factory networks.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { chromeFlags, chromePath } from "../scripts/chromium.ts";

export const BUDGET_BYTES = 50 * 1024;

export type WebBudget = {
  page: string;
  budgetBytes: number;
  gzipBytes: number;
  rawBytes: number;
  pass: boolean;
  files: { path: string; rawBytes: number; gzipBytes: number; source: "web/dist" | "network" }[];
};

export async function measureFirstPageJs(baseUrl: string, page: string, distDir: string): Promise<WebBudget> {
  const scripts = await loadedScripts(`${baseUrl}${page}`);
  const files = [...scripts].map(([path, networkBytes]) => {
    // Measure the built file, as the task defines it; the network copy only stands in if the path is not in dist.
    const distFile = join(distDir, path);
    const fromDist = existsSync(distFile);
    const bytes = fromDist ? readFileSync(distFile) : networkBytes;
    return {
      path,
      rawBytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      source: fromDist ? "web/dist" : "network",
    } as const;
  });
  const gzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  const rawBytes = files.reduce((sum, file) => sum + file.rawBytes, 0);
  return { page, budgetBytes: BUDGET_BYTES, gzipBytes, rawBytes, pass: gzipBytes <= BUDGET_BYTES, files };
}

/** Opens the page until the network is quiet (lazy page chunks included) and keeps each .js response by path. */
async function loadedScripts(url: string): Promise<Map<string, Buffer>> {
  const browser = await chromium.launch({ executablePath: chromePath, args: chromeFlags });
  try {
    const page = await browser.newPage();
    const pending: Promise<void>[] = [];
    const scripts = new Map<string, Buffer>();
    page.on("response", (response) => {
      const path = new URL(response.url()).pathname;
      if (!path.endsWith(".js")) return;
      pending.push(
        response.body().then(
          (body) => void scripts.set(path, body),
          () => void scripts.set(path, Buffer.alloc(0)),
        ),
      );
    });
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (!response?.ok()) throw new Error(`GET ${url} answered ${response?.status() ?? "nothing"}`);
    await Promise.all(pending);
    return scripts;
  } finally {
    await browser.close();
  }
}

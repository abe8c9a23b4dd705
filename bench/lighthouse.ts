/**
 * Lighthouse on the login page with its default mobile settings (a mid-range phone, simulated
 * slow 4G): the closest lab stand-in for a member opening the app on a factory network.
 */
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromeFlags, chromePath } from "../scripts/chromium.ts";

const categories = ["performance", "accessibility", "best-practices"];
const metrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

export type LighthouseResult =
  | {
      url: string;
      lighthouseVersion: string;
      formFactor: string;
      scores: Record<string, number | null>;
      metrics: Record<string, string | undefined>;
      warnings: string[];
    }
  | { url: string; error: string };

export async function runLighthouse(url: string): Promise<LighthouseResult> {
  let chrome: Awaited<ReturnType<typeof launch>> | undefined;
  try {
    chrome = await launch({ chromePath, chromeFlags: ["--headless=new", ...chromeFlags] });
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories });
    if (!result) return { url, error: "lighthouse returned no result" };
    const { lhr } = result;
    // A page Lighthouse could not load still yields a report, with null scores and a runtimeError.
    if (lhr.runtimeError) return { url, error: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` };
    return {
      url,
      lighthouseVersion: lhr.lighthouseVersion,
      formFactor: lhr.configSettings.formFactor,
      scores: Object.fromEntries(categories.map((id) => [id, scoreOf(lhr.categories[id]?.score)])),
      metrics: Object.fromEntries(metrics.map((id) => [id, lhr.audits[id]?.displayValue])),
      warnings: lhr.runWarnings.map(String),
    };
  } catch (err) {
    return { url, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await chrome?.kill();
  }
}

/** Lighthouse scores are 0..1; reports and people use 0..100. */
function scoreOf(score: number | null | undefined): number | null {
  return typeof score === "number" ? Math.round(score * 100) : null;
}

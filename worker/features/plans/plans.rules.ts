import type { Title } from "../../db/schema/orgs";
import type { RatingTier, TitleHours } from "../../db/schema/plans";
import { DAY } from "../../lib/time";

/**
 * The arithmetic of yearly plans, with no database: how plans on the way from the root combine,
 * where a member stands against the pace of the year, how a branch is rated, and which report
 * periods are over. The repo brings the numbers; everything that decides lives here, tested alone.
 */

/** Asia/Shanghai has no daylight saving: +8 h all year, so month and year edges are fixed offsets. */
const SHANGHAI_OFFSET = 8 * 3_600_000;

export function yearStart(year: number): number {
  return Date.UTC(year, 0, 1) - SHANGHAI_OFFSET;
}

export function monthStart(year: number, month: number): number {
  return Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET;
}

/** Share of the year gone at `at` (0 before it starts, 1 once it is over). */
export function elapsedOf(year: number, at: number): number {
  const start = yearStart(year);
  const end = yearStart(year + 1);
  return Math.min(1, Math.max(0, (at - start) / (end - start)));
}

/** The start of the day `YYYY-MM-DD` in Asia/Shanghai, or null when it is not a real date. */
export function dayStart(day: string): number | null {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const at = Date.UTC(y, m - 1, d);
  const back = new Date(at);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return at - SHANGHAI_OFFSET;
}

/** Today's date in Asia/Shanghai as `YYYY-MM-DD`. */
export function shanghaiDay(at: number): string {
  return new Date(at + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

export const DEFAULT_RATING: RatingTier[] = [
  { name: "示范", minOnPace: 0.9, minActive: 0.8 },
  { name: "达标", minOnPace: 0.75, minActive: 0.6 },
  { name: "成长", minOnPace: 0.5, minActive: 0.3 },
  { name: "孵化", minOnPace: 0, minActive: 0 },
];

/** Members count as active when something was credited to them in this window before the day looked at. */
export const ACTIVE_WINDOW_MS = 90 * DAY;

export type PlanRow = {
  orgId: string;
  path: string;
  hoursTenths: number;
  titleHours: TitleHours;
  minContests: number;
  moduleIds: string[];
  rating: RatingTier[] | null;
  trainingsTarget: number;
  lecturesTarget: number;
  microTalksTarget: number;
};

export type Requirement = { defaultTenths: number; titleTenths: Partial<Record<Title, number>>; minContests: number; moduleIds: string[] };

/**
 * What the plans on the way from the root to an org ask, combined: each title's hours is the largest
 * any of them asks (a plan's own title override, else its default), contests the largest minimum,
 * modules all of them. Null when no plan applies.
 */
export function combine(chain: PlanRow[], titles: readonly Title[]): Requirement | null {
  if (chain.length === 0) return null;
  const titleTenths: Partial<Record<Title, number>> = {};
  let defaultTenths = 0;
  for (const plan of chain) {
    defaultTenths = Math.max(defaultTenths, plan.hoursTenths);
  }
  for (const title of titles) {
    const most = Math.max(...chain.map((plan) => plan.titleHours[title] ?? plan.hoursTenths));
    if (most !== defaultTenths) titleTenths[title] = most;
  }
  return {
    defaultTenths,
    titleTenths,
    minContests: Math.max(...chain.map((plan) => plan.minContests)),
    moduleIds: [...new Set(chain.flatMap((plan) => plan.moduleIds))],
  };
}

export function hoursFor(req: Requirement, title: string): number {
  return req.titleTenths[title as Title] ?? req.defaultTenths;
}

/**
 * Where a plan asks less than the requirement above it, one message per field path (the form's
 * field): a sub-org may only raise what its parents ask. Required modules cannot be lowered: a
 * plan lists its own, and those required above are required anyway (plans combine by union).
 */
export function lowerThanAbove(
  plan: Pick<PlanRow, "hoursTenths" | "titleHours" | "minContests" | "moduleIds">,
  above: Requirement | null,
  titles: readonly Title[],
) {
  const issues: { path: string; message: string }[] = [];
  if (!above) return issues;
  const tenths = (v: number) => `${v / 10}`;
  if (plan.hoursTenths < above.defaultTenths)
    issues.push({ path: "hours", message: `上级要求每人至少 ${tenths(above.defaultTenths)} 学时，本级只能提高` });
  // A title the plan does not name keeps what the plans above ask for it (plans combine by the largest).
  for (const title of titles) {
    const mine = plan.titleHours[title];
    const theirs = hoursFor(above, title);
    if (mine !== undefined && mine < theirs)
      issues.push({ path: `titleHours.${title}`, message: `上级要求${title}至少 ${tenths(theirs)} 学时，本级只能提高` });
  }
  if (plan.minContests < above.minContests)
    issues.push({ path: "minContests", message: `上级要求至少参加 ${above.minContests} 轮竞赛，本级只能提高` });
  return issues;
}

export type Done = { hoursTenths: number; contests: number; modules: number };
export type Standing = { onPace: boolean; complete: boolean; completion: number };

/**
 * A member against their requirement at a point of the year. On pace: at least the share of each
 * requirement that the share of the year gone asks (whole contests and modules, rounded down);
 * completion: the mean of each requirement's share done, each capped at 1 (1 when nothing is asked).
 */
export function standing(req: Done, done: Done, elapsed: number): Standing {
  const parts: [number, number][] = [
    [done.hoursTenths, req.hoursTenths],
    [done.modules, req.modules],
    [done.contests, req.contests],
  ];
  const asked = parts.filter(([, r]) => r > 0);
  const completion = asked.length === 0 ? 1 : asked.reduce((sum, [d, r]) => sum + Math.min(1, d / r), 0) / asked.length;
  const short = paceShort(req, done, elapsed);
  const complete = parts.every(([d, r]) => d >= r);
  return { onPace: complete || (short.hoursTenths === 0 && short.modules === 0 && short.contests === 0), complete, completion };
}

/** What is missing to be on the pace of the year (0 where there is nothing missing). */
export function paceShort(req: Done, done: Done, elapsed: number): Done {
  // The epsilon keeps 32 × 0.5 from becoming 15.999… in floating point.
  const due = (r: number) => Math.floor(r * elapsed + 1e-9);
  return {
    hoursTenths: Math.max(0, due(req.hoursTenths) - done.hoursTenths),
    modules: Math.max(0, due(req.modules) - done.modules),
    contests: Math.max(0, due(req.contests) - done.contests),
  };
}

/** The first tier whose both minimums a branch reaches (the last tier has none). */
export function rate(tiers: RatingTier[], onPaceShare: number, activeShare: number): string {
  const eps = 1e-9;
  const tier = tiers.find((t) => onPaceShare + eps >= t.minOnPace && activeShare + eps >= t.minActive) ?? tiers.at(-1);
  return tier?.name ?? "";
}

export type Period = { period: "month" | "quarter" | "year"; key: string; year: number; start: number; end: number };

/**
 * The report periods of `year` (and the year itself) that are over at `at`, oldest first: months
 * `2026-01`…, quarters `2026-Q1`…, the year `2026`.
 */
export function periodsOver(year: number, at: number): Period[] {
  const out: Period[] = [];
  for (let m = 1; m <= 12; m++) {
    const start = monthStart(year, m);
    const end = m === 12 ? yearStart(year + 1) : monthStart(year, m + 1);
    if (end <= at) out.push({ period: "month", key: `${year}-${String(m).padStart(2, "0")}`, year, start, end });
  }
  for (let q = 1; q <= 4; q++) {
    const start = monthStart(year, q * 3 - 2);
    const end = q === 4 ? yearStart(year + 1) : monthStart(year, q * 3 + 1);
    if (end <= at) out.push({ period: "quarter", key: `${year}-Q${q}`, year, start, end });
  }
  if (yearStart(year + 1) <= at) out.push({ period: "year", key: `${year}`, year, start: yearStart(year), end: yearStart(year + 1) });
  return out;
}

import { tp } from "../i18n/plans.zh-CN";
import { hoursFigure } from "./format";
import type { MyPlanProgress, PlanNextStep } from "./types";

/**
 * What the member's plan pages share (/plan, the home card): the year in Beijing, hours as people
 * write them, and how far behind the pace of the year the member is, in words.
 */

export const planPaths = {
  plan: "/plan",
  ranking: "/plan/ranking",
};

/** The calendar year in Asia/Shanghai (UTC + 8 h all year, no daylight saving). */
export const thisYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

/** The year asked for in the address, if it is one that may be looked at (2000 to now); else this year. */
export function yearFrom(param: string | undefined, current = thisYear()): number {
  const asked = Number(param);
  return Number.isInteger(asked) && asked >= 2000 && asked <= current ? asked : current;
}

export type PaceGap = { hours: number; contests: number; modules: number };

/** How much is missing to be on the pace of the year, as the server decides it (paceShort). */
export function paceGap(p: MyPlanProgress): PaceGap {
  return p.paceShort;
}

/** "3.5 学时、1 场竞赛", or "" when nothing is missing by these rules. */
export function gapText(gap: PaceGap): string {
  const parts: string[] = [];
  if (gap.hours > 0) parts.push(tp("plan.pace.hours", { n: hoursFigure(gap.hours) }));
  if (gap.modules > 0) parts.push(tp("plan.pace.modules", { n: gap.modules }));
  if (gap.contests > 0) parts.push(tp("plan.pace.contests", { n: gap.contests }));
  return parts.join(tp("plan.pace.join"));
}

/** A next step as a link: where it leads, what it says, and a line under it. */
export function nextStepLink(step: PlanNextStep): { href: string; title: string; description: string } {
  switch (step.kind) {
    case "module":
      return {
        href: `/courses/${encodeURIComponent(step.moduleId)}`,
        title: tp("plan.next.module", { title: step.title }),
        description: tp(step.selfPaced ? "plan.next.moduleSelf" : "plan.next.moduleSession"),
      };
    case "hours":
      return { href: "/courses", title: tp("plan.next.hours", { n: hoursFigure(step.short) }), description: tp("plan.next.hoursDesc") };
    case "contests":
      return { href: "/contests", title: tp("plan.next.contests", { n: step.short }), description: tp("plan.next.contestsDesc") };
  }
}

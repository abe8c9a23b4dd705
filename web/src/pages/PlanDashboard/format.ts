import type { BadgeTone } from "../../components/Badge";
import type { IconName } from "../../components/Icon";
import { td } from "../../i18n/dash.zh-CN";
import { query } from "../../lib/api";
import type { MemberPlanProgress, OrgPlanSummary, RatingTier } from "../../lib/types";

/** Where the dashboard and its neighbours live (settings, points and reports are other pages). */
export const planPaths = {
  dashboard: (org: string, year: number) => `/plans${query({ org, year })}`,
  settings: (org: string, year: number) => `/plans/settings${query({ org, year })}`,
  points: (org: string) => `/plans/points${query({ org })}`,
  reports: (org: string) => `/reports${query({ org })}`,
  member: (userId: string, year: number, org?: string) => `/plans/members/${encodeURIComponent(userId)}${query({ year, org })}`,
};

/** 0.923 → "92%"; with digits, "92.3%". */
export function percent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/**
 * Whether a sub-org's completion means anything: the org on screen has a plan (so every sub-org
 * inherits one), or the sub-org asks hours of its own. Without any plan, everyone "meets" nothing.
 */
export const isPlanned = (data: { hasPlan: boolean }, org: Pick<OrgPlanSummary, "requiredHours">) => data.hasPlan || org.requiredHours > 0;

export const shareOf = (n: number, of: number) => (of > 0 ? n / of : 0);

/** A tier's look by its place in the list (best first): gold for the best, as for top ranks elsewhere. */
type Look = { tone: BadgeTone; icon?: IconName };
const tierLooks: Look[] = [
  { tone: "gold", icon: "trophy" },
  { tone: "green", icon: "checkCircle" },
  { tone: "blue", icon: "chart" },
  { tone: "neutral" },
];

export function tierLook(rating: RatingTier[], name: string): Look & { index: number } {
  const index = rating.findIndex((tier) => tier.name === name);
  const look = tierLooks[Math.min(index < 0 ? 3 : index, 3)] ?? { tone: "neutral" };
  return { ...look, index: index < 0 ? rating.length : index };
}

/** "示范：进度正常率≥90% 且活跃率≥80%"; the last tier takes the rest. */
export function tierRule(tier: RatingTier, last: boolean): string {
  if (last || (tier.minOnPace === 0 && tier.minActive === 0)) return td("dash.rating.rest", { name: tier.name });
  return td("dash.rating.tier", { name: tier.name, onPace: percent(tier.minOnPace), active: percent(tier.minActive) });
}

export type PersonStatus = "complete" | "onPace" | "behind";

export const statusOf = (m: Pick<MemberPlanProgress, "complete" | "onPace">): PersonStatus =>
  m.complete ? "complete" : m.onPace ? "onPace" : "behind";

export const statusLook: Record<PersonStatus, { tone: BadgeTone; icon: IconName; label: () => string }> = {
  complete: { tone: "green", icon: "checkCircle", label: () => td("dash.status.complete") },
  onPace: { tone: "blue", icon: "check", label: () => td("dash.status.onPace") },
  behind: { tone: "amber", icon: "clock", label: () => td("dash.status.behind") },
};

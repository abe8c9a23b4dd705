import type { BadgeTone } from "../components/Badge";
import type { IconName } from "../components/Icon";
import { tk } from "../i18n/contests.zh-CN";
import { ApiError } from "./api";
import type { Advancement, Contest, DrawPart, Round } from "./types";

/**
 * What the organizer pages of contests share: durations, the round and contest states as badges,
 * and the rules in words (the Beijing-time input conversions live in format.ts).
 * Only the organizer pages import it, so it stays out of the login bundle.
 */

/** "12 分 05 秒", "1 小时 02 分" — how long an attempt took, as a person says it. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return tk("contestAdmin.duration.hm", { h: hours, m: String(minutes).padStart(2, "0") });
  return tk("contestAdmin.duration.ms", { m: minutes, s: String(seconds).padStart(2, "0") });
}

export function formatPercent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

export const roundStateBadge: Record<Round["state"], { tone: BadgeTone; icon: IconName; label: () => string }> = {
  upcoming: { tone: "blue", icon: "clock", label: () => tk("contestAdmin.roundState.upcoming") },
  open: { tone: "green", icon: "checkCircle", label: () => tk("contestAdmin.roundState.open") },
  closed: { tone: "neutral", icon: "lock", label: () => tk("contestAdmin.roundState.closed") },
};

export const contestStatusBadge: Record<Contest["status"], { tone: BadgeTone; icon: IconName; label: () => string }> = {
  draft: { tone: "amber", icon: "edit", label: () => tk("contestAdmin.status.draft") },
  published: { tone: "green", icon: "check", label: () => tk("contestAdmin.status.published") },
  archived: { tone: "neutral", icon: "lock", label: () => tk("contestAdmin.status.archived") },
};

/** "前 10 名晋级", "前 30% 晋级", "得分不低于 80 分晋级". */
export function advancementText(rule: Advancement | null): string {
  if (!rule) return tk("contestAdmin.advancement.none");
  return tk(`contestAdmin.advancement.${rule.kind}`, { value: rule.value });
}

/** Questions and points a draw spec gives, counted as the server counts them. */
export function paperTotals(parts: readonly Pick<DrawPart, "count" | "points">[]): { questions: number; points: number } {
  let questions = 0;
  let points = 0;
  for (const part of parts) {
    const count = Number.isFinite(part.count) ? part.count : 0;
    questions += count;
    points += count * (Number.isFinite(part.points ?? 10) ? (part.points ?? 10) : 0);
  }
  return { questions, points };
}

/** Where the organizer pages of a contest and its rounds live. */
export const adminPaths = {
  list: "/contests/manage",
  create: "/contests/manage/new",
  contest: (id: string) => `/contests/manage/${encodeURIComponent(id)}`,
  monitor: (contestId: string, roundId: string) =>
    `/contests/manage/${encodeURIComponent(contestId)}/rounds/${encodeURIComponent(roundId)}/monitor`,
  results: (contestId: string, roundId: string) =>
    `/contests/manage/${encodeURIComponent(contestId)}/rounds/${encodeURIComponent(roundId)}/results`,
  certificate: (roundId: string, userId: string) =>
    `/contests/certificate?round=${encodeURIComponent(roundId)}&user=${encodeURIComponent(userId)}`,
};

/** A route this build's API does not have yet (or any 404 from it): a section says so instead of failing the page. */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

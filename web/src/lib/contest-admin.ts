import type { BadgeTone } from "../components/Badge";
import type { IconName } from "../components/Icon";
import { t } from "../i18n";
import { ApiError } from "./api";
import { TIME_ZONE } from "./format";
import type { Advancement, Contest, DrawPart, Round } from "./types";

/**
 * What the organizer pages of contests share: the Beijing-time <input type="datetime-local">
 * conversions, durations, the round and contest states as badges, and the rules in words.
 * Only the organizer pages import it, so it stays out of the login bundle.
 */

/** Asia/Shanghai has had no daylight saving since 1991: a fixed +08:00 is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "2026-03-05T14:07" (Beijing wall clock) for a datetime-local input, whatever the device's zone. */
export function toLocalInput(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** UTC ms for a datetime-local value read as Beijing time; NaN when empty or malformed. */
export function fromLocalInput(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return Number.NaN;
  return Date.parse(`${value}:00+08:00`);
}

/** The next whole hour from now, in ms: a round's sensible default start. */
export function nextWholeHour(at = Date.now()): number {
  return Math.ceil((at + 60_000) / 3_600_000) * 3_600_000;
}

/** "12 分 05 秒", "1 小时 02 分" — how long an attempt took, as a person says it. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return t("contestAdmin.duration.hm", { h: hours, m: String(minutes).padStart(2, "0") });
  return t("contestAdmin.duration.ms", { m: minutes, s: String(seconds).padStart(2, "0") });
}

/** "03-05 14:07" — a compact Beijing time for dense tables (the year is in the page's context). */
export function formatShortDateTime(ms: number): string {
  const parts: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(ms))
    parts[part.type] = part.value;
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function formatPercent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

export const roundStateBadge: Record<Round["state"], { tone: BadgeTone; icon: IconName; label: () => string }> = {
  upcoming: { tone: "blue", icon: "clock", label: () => t("contestAdmin.roundState.upcoming") },
  open: { tone: "green", icon: "checkCircle", label: () => t("contestAdmin.roundState.open") },
  closed: { tone: "neutral", icon: "lock", label: () => t("contestAdmin.roundState.closed") },
};

export const contestStatusBadge: Record<Contest["status"], { tone: BadgeTone; icon: IconName; label: () => string }> = {
  draft: { tone: "amber", icon: "edit", label: () => t("contestAdmin.status.draft") },
  published: { tone: "green", icon: "check", label: () => t("contestAdmin.status.published") },
  archived: { tone: "neutral", icon: "lock", label: () => t("contestAdmin.status.archived") },
};

/** "前 10 名晋级", "前 30% 晋级", "得分不低于 80 分晋级". */
export function advancementText(rule: Advancement | null): string {
  if (!rule) return t("contestAdmin.advancement.none");
  return t(`contestAdmin.advancement.${rule.kind}`, { value: rule.value });
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

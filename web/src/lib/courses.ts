import type { BadgeTone } from "../components/Badge";
import type { IconName } from "../components/Icon";
import { tc } from "../i18n/courses.zh-CN";
import type { CatalogModule, CourseSession } from "./types";

/**
 * What the member pages of courses share (catalog, module, session, check-in, study hours, the home
 * cards): their paths, session times in Beijing time, seats and the member's own state in words.
 * The lecturer's and organizer's side has its own (lib/teach.ts).
 */

export const coursePaths = {
  catalog: "/courses",
  module: (id: string) => `/courses/${encodeURIComponent(id)}`,
  quiz: (moduleId: string) => `/courses/${encodeURIComponent(moduleId)}/quiz`,
  session: (id: string) => `/sessions/${encodeURIComponent(id)}`,
  checkin: "/check-in",
  study: "/study",
};

type Tag = CatalogModule["tags"][number];
type Every<U, L extends readonly U[]> = [U] extends [L[number]] ? L : never;
const tagList = ["党课", "微宣讲", "车间党课", "夜校", "技能", "兴趣", "理论学习", "党史"] as const;
/** The module tags in display order (the worker's list lives beside its tables, which the bundle must not pull in). */
export const courseTags: Every<Tag, typeof tagList> = tagList;
export const isCourseTag = (value: string | undefined): value is Tag => (courseTags as readonly string[]).includes(value ?? "");

/** Beijing has no daylight saving: its wall clock is UTC + 8 h all year. */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Year, month, day, weekday, hour and minute as a clock in Beijing reads them. */
function wall(ms: number) {
  const d = new Date(ms + OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    time: `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`,
  };
}

/** "12月8日 周二", with the year when it is not this year's. */
export function formatDay(ms: number, nowMs = Date.now()): string {
  const w = wall(ms);
  const date =
    w.year === wall(nowMs).year
      ? tc("courses.date.monthDay", { month: w.month, day: w.day })
      : tc("courses.date.yearMonthDay", { year: w.year, month: w.month, day: w.day });
  return `${date} ${tc(`courses.weekday.${w.weekday}` as "courses.weekday.0")}`;
}

/** "19:00" in Beijing time. */
export function formatClock(ms: number): string {
  return wall(ms).time;
}

/** "12月8日 周二 19:00" */
export function formatMoment(ms: number, nowMs = Date.now()): string {
  return `${formatDay(ms, nowMs)} ${formatClock(ms)}`;
}

/** "12月8日 周二 19:00–20:30"; across midnight "12月8日 周二 19:00 至 12月9日 周三 08:00". */
export function formatSessionTime(startsAt: number, endsAt: number, nowMs = Date.now()): string {
  const a = wall(startsAt);
  const b = wall(endsAt);
  if (a.year === b.year && a.month === b.month && a.day === b.day) {
    return tc("courses.date.range", { date: formatDay(startsAt, nowMs), start: a.time, end: b.time });
  }
  return tc("courses.date.rangeDays", { start: formatMoment(startsAt, nowMs), end: formatMoment(endsAt, nowMs) });
}

/** Study hours as people write them: 2 → "2", 1.5 → "1.5". */
export function hoursText(hoursTenths: number): string {
  return (hoursTenths / 10).toFixed(hoursTenths % 10 === 0 ? 0 : 1);
}

/** "45 分钟", "1 小时 30 分钟", "2 小时". */
export function durationText(minutes: number): string {
  if (minutes < 60) return tc("courses.minutes", { n: minutes });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? tc("courses.hoursOnly", { h }) : tc("courses.hoursMinutes", { h, m });
}

/** The Beijing midnight that starts the day of `ms`. */
export function dayStart(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

export const whenFilters = ["all", "today", "week", "nextWeek", "month"] as const;
export type WhenFilter = (typeof whenFilters)[number];

/** The [from, to) of a date filter in Beijing time; weeks start on Monday. Null: no limit. */
export function whenRange(when: WhenFilter, nowMs = Date.now()): { from: number; to: number } | null {
  const today = dayStart(nowMs);
  const weekday = (wall(nowMs).weekday + 6) % 7; // Monday = 0
  const monday = today - weekday * DAY_MS;
  switch (when) {
    case "all":
      return null;
    case "today":
      return { from: today, to: today + DAY_MS };
    case "week":
      return { from: monday, to: monday + 7 * DAY_MS };
    case "nextWeek":
      return { from: monday + 7 * DAY_MS, to: monday + 14 * DAY_MS };
    case "month": {
      const w = wall(nowMs);
      return { from: Date.UTC(w.year, w.month - 1, 1) - OFFSET_MS, to: Date.UTC(w.year, w.month, 1) - OFFSET_MS };
    }
  }
}

export type StateBadge = { tone: BadgeTone; icon: IconName; label: string };

/**
 * The member's own state in a session as badges (icon and words, never colour alone): 必修 when
 * their org is assigned to it, then 已签到, 已报名 or 候补第 N 位.
 */
export function myBadges(s: CourseSession): StateBadge[] {
  const out: StateBadge[] = [];
  if (s.required) out.push({ tone: "red", icon: "alert", label: tc("courses.required") });
  if (s.status === "cancelled") {
    out.push({ tone: "neutral", icon: "ban", label: tc("courses.state.cancelled") });
    return out;
  }
  if (s.my.attended) out.push({ tone: "green", icon: "checkCircle", label: tc("courses.state.attended") });
  else if (s.my.enrollment.status === "enrolled") out.push({ tone: "green", icon: "check", label: tc("courses.state.enrolled") });
  else if (s.my.enrollment.status === "waitlisted")
    out.push({ tone: "amber", icon: "clock", label: tc("courses.state.waitlisted", { n: s.my.enrollment.waitlistPosition ?? 1 }) });
  if (s.phase === "checkin" && !s.my.attended && (s.my.enrollment.status === "enrolled" || s.walkIns))
    out.push({ tone: "blue", icon: "qr", label: tc("courses.state.checkinOpen") });
  if (s.phase === "ended" && !s.my.attended) out.push({ tone: "neutral", icon: "lock", label: tc("courses.state.ended") });
  return out;
}

/** "剩余 3 个名额", "已满，可候补", "名额不限"; before or after the enrollment window, when it opens or that it closed. */
export function seatsText(s: CourseSession, nowMs = Date.now()): { text: string; full: boolean } {
  if (nowMs < s.enrollOpensAt) return { text: tc("courses.enroll.notOpen", { time: formatMoment(s.enrollOpensAt, nowMs) }), full: false };
  if (nowMs > s.enrollClosesAt || s.phase === "ended") return { text: tc("courses.enroll.closed"), full: false };
  if (s.seatsLeft === null) return { text: tc("courses.seats.unlimited"), full: false };
  if (s.seatsLeft <= 0) return { text: tc("courses.seats.full"), full: true };
  return { text: tc("courses.seats.left", { n: s.seatsLeft }), full: false };
}

/** The place of a session as a member reads it: the room, or 线上. */
export function placeText(s: Pick<CourseSession, "kind" | "place">): string {
  return s.kind === "online" ? tc("courses.online") : (s.place ?? "");
}

import type { BadgeTone } from "../components/Badge";
import type { IconName } from "../components/Icon";
import { tc } from "../i18n/courses.zh-CN";
import type { Attendee, CourseSession, ModuleSummary, Role } from "./types";

/**
 * What the lecturer and organizer pages of courses share (the member pages live elsewhere): their
 * paths, the module and session states as badges (icon + words, never colour alone), and the small
 * number formats. Only those pages import it, so it stays out of the login bundle.
 */

type Every<U, L extends readonly U[]> = [U] extends [L[number]] ? L : never;
type ModuleTag = ModuleSummary["tags"][number];
const tagList = ["党课", "微宣讲", "车间党课", "夜校", "技能", "兴趣", "理论学习", "党史"] as const;
/** The module tags (domain words, shown as they are), in display order; a tag added on the server is a type error here. */
export const moduleTagList: Every<ModuleTag, typeof tagList> = tagList;

export const teachPaths = {
  modules: "/teach",
  newModule: "/teach/modules/new",
  module: (id: string) => `/teach/modules/${encodeURIComponent(id)}`,
  review: "/teach/review",
  reviewModule: (id: string) => `/teach/review/${encodeURIComponent(id)}`,
  sessions: "/teach/sessions",
  newSession: (moduleId?: string) => `/teach/sessions/new${moduleId ? `?module=${encodeURIComponent(moduleId)}` : ""}`,
  session: (id: string) => `/teach/sessions/${encodeURIComponent(id)}`,
  editSession: (id: string) => `/teach/sessions/${encodeURIComponent(id)}/edit`,
  checkin: (id: string) => `/teach/sessions/${encodeURIComponent(id)}/check-in`,
};

/** The modules page as the role sees it: a lecturer's own courses (我的课程), or every course of an organizer's orgs (课程管理). */
export function modulesTitle(role: Role): string {
  return tc(role === "organizer" ? "courses.teach.modules.titleManage" : "courses.teach.modules.title");
}

export type StatusBadge = { tone: BadgeTone; icon: IconName; label: string };

/**
 * A module's state in a lecturer's words. A module whose published version stays in the catalog
 * while a new one is written or reviewed shows both: 已发布 and what the new version is doing.
 */
export function moduleBadges(m: Pick<ModuleSummary, "status" | "publishedVersion" | "version">): StatusBadge[] {
  const published: StatusBadge = {
    tone: "green",
    icon: "checkCircle",
    label: tc("courses.teach.status.published", { v: m.publishedVersion ?? 1 }),
  };
  const live = m.publishedVersion !== null;
  switch (m.status) {
    case "archived":
      return [{ tone: "neutral", icon: "lock", label: tc("courses.teach.status.archived") }];
    case "published":
      return [published];
    case "draft":
      return live
        ? [published, { tone: "amber", icon: "edit", label: tc("courses.teach.status.newDraft", { v: m.version }) }]
        : [{ tone: "amber", icon: "edit", label: tc("courses.teach.status.draft") }];
    case "submitted":
      return live
        ? [published, { tone: "blue", icon: "clock", label: tc("courses.teach.status.newSubmitted", { v: m.version }) }]
        : [{ tone: "blue", icon: "clock", label: tc("courses.teach.status.submitted") }];
    case "rejected":
      return live
        ? [published, { tone: "danger", icon: "xCircle", label: tc("courses.teach.status.newRejected", { v: m.version }) }]
        : [{ tone: "danger", icon: "xCircle", label: tc("courses.teach.status.rejected") }];
  }
}

/** 1.5 → "1.5", 2 → "2": study hours as people write them. */
export function formatHours(hours: number): string {
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
}

export function formatHoursTenths(tenths: number): string {
  return formatHours(tenths / 10);
}

/** Where or how a session happens, in one line. */
export function sessionPlace(s: Pick<CourseSession, "kind" | "place">): string {
  return s.kind === "online" ? tc("courses.teach.session.online") : (s.place ?? "");
}

/** "40 人" or "不限". */
export function capacityText(capacity: number | null): string {
  return capacity === null ? tc("courses.teach.session.noLimit") : tc("courses.teach.people", { n: capacity });
}

export const methodLabel = (method: Attendee["method"]) => tc(`courses.teach.method.${method}`);

export function sessionPhaseBadge(s: Pick<CourseSession, "phase" | "status">): StatusBadge {
  if (s.status === "cancelled") return { tone: "neutral", icon: "ban", label: tc("courses.teach.phase.cancelled") };
  if (s.phase === "checkin") return { tone: "green", icon: "qr", label: tc("courses.teach.phase.checkin") };
  if (s.phase === "ended") return { tone: "neutral", icon: "lock", label: tc("courses.teach.phase.ended") };
  return { tone: "blue", icon: "clock", label: tc("courses.teach.phase.upcoming") };
}

/** The number in a text field, read as a person types it (全角 digits, spaces); NaN when it is not one. */
export function readNumber(value: string): number {
  const text = value.normalize("NFKC").trim();
  return text === "" ? Number.NaN : Number(text);
}

import type { MessageKey } from "../../i18n";
import type { Role } from "../../lib/types";
import type { IconName } from "../Icon";

export type NavItem = {
  key: string;
  label: MessageKey;
  icon: IconName;
  /** Absent while the feature is not open yet: shown, marked 即将开放, not a link. */
  href?: string;
  /** Label in the phone's bottom tab bar; absent = not a tab. */
  tab?: MessageKey;
  /** Other paths (and what lies below them) that belong to this item, e.g. a member's check-in page to 课程. */
  also?: string[];
};

const me: NavItem = { key: "me", label: "nav.me", icon: "user", href: "/me", tab: "nav.me" };

/** Navigation by task, per role (UI.md: 组织与成员, 题库, 竞赛, 课程, 学习计划, 报表). */
export const navByRole: Record<Role, NavItem[]> = {
  member: [
    { key: "home", label: "nav.home", icon: "home", href: "/", tab: "nav.home" },
    { key: "practice", label: "nav.practice", icon: "practice", href: "/practice", tab: "nav.practice" },
    { key: "contests", label: "nav.contests", icon: "trophy", href: "/contests", tab: "nav.contests" },
    {
      key: "courses",
      label: "nav.courses",
      icon: "course",
      href: "/courses",
      tab: "nav.courses",
      also: ["/sessions", "/check-in", "/study", "/plan"], // plans: member — /plan added
    },
    me,
  ],
  organizer: [
    { key: "home", label: "nav.workbench", icon: "home", href: "/", tab: "nav.workbench" },
    { key: "orgs", label: "nav.orgs", icon: "tree", href: "/orgs", tab: "nav.orgsShort" },
    { key: "import", label: "nav.import", icon: "upload", href: "/orgs/import" },
    { key: "bank", label: "nav.bank", icon: "book", href: "/banks", tab: "nav.bank" },
    { key: "questionImport", label: "nav.questionImport", icon: "upload", href: "/banks/import" },
    { key: "contests", label: "nav.contests", icon: "trophy", href: "/contests/manage", tab: "nav.contests" },
    // Modules, their review, sessions and attendance (the tabs on the page lead between them); no phone tab: the workbench card leads there.
    { key: "courses", label: "nav.courses", icon: "course", href: "/teach" },
    // plans: dashboard — /plans/settings and /plans/points lie under /plans, so they light this item too.
    { key: "plans", label: "nav.plans", icon: "calendar", href: "/plans" },
    { key: "reports", label: "nav.reports", icon: "chart", href: "/reports" }, // plans: settings & reports
    { key: "audit", label: "nav.audit", icon: "audit", href: "/audit", tab: "nav.auditShort" },
    me,
  ],
  lecturer: [
    { key: "home", label: "nav.home", icon: "home", href: "/", tab: "nav.home" },
    { key: "courses", label: "nav.courses", icon: "course", href: "/teach", tab: "nav.courses" },
    { key: "sessions", label: "nav.sessions", icon: "qr", href: "/teach/sessions", tab: "nav.sessions" },
    me,
  ],
};

/** The item for a path: the longest href that is the path or a parent of it. */
export function activeKey(items: NavItem[], path: string): string | undefined {
  let best: NavItem | undefined;
  let bestLength = 0;
  for (const item of items) {
    if (!item.href) continue;
    for (const href of [item.href, ...(item.also ?? [])]) {
      const match = href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
      if (match && (!best || bestLength < href.length)) {
        best = item;
        bestLength = href.length;
      }
    }
  }
  return best?.key;
}

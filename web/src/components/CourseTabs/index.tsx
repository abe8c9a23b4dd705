import { useLocation } from "preact-iso";
import { tc } from "../../i18n/courses.zh-CN";
import { tp } from "../../i18n/plans.zh-CN"; // plans: member
import { coursePaths } from "../../lib/courses";
import styles from "./style.module.css";

type Where = { path: string; view: string | undefined };

const tabs = [
  {
    href: coursePaths.catalog,
    label: "courses.view.sessions",
    match: (w: Where) => (w.path === "/courses" && w.view !== "modules") || w.path.startsWith("/sessions/"),
  },
  {
    href: `${coursePaths.catalog}?view=modules`,
    label: "courses.view.modules",
    match: (w: Where) => (w.path === "/courses" && w.view === "modules") || w.path.startsWith("/courses/"),
  },
  { href: coursePaths.checkin, label: "courses.tabs.checkin", match: (w: Where) => w.path.startsWith("/check-in") },
  { href: coursePaths.study, label: "courses.tabs.study", match: (w: Where) => w.path.startsWith("/study") },
  // plans: member — the year's plan beside the hours it counts.
  { href: "/plan", label: "plan.tab", match: (w: Where) => w.path === "/plan" },
] as const;

/**
 * A member's course pages, one tap apart: 近期课次 · 全部课程 · 签到 · 我的学时 · 年度计划 (the segmented look of
 * the practice tabs). The first two are the catalog's two lists.
 */
export function CourseTabs() {
  const { path, query } = useLocation();
  const where = { path, view: query.view };
  return (
    <nav class={styles.tabs} aria-label={tc("courses.tabs.label")}>
      {tabs.map((tab) => (
        <a key={tab.href} class={styles.tab} href={tab.href} aria-current={tab.match(where) ? "page" : undefined}>
          {tab.label === "plan.tab" ? tp(tab.label) : tc(tab.label)}
        </a>
      ))}
    </nav>
  );
}

import { useLocation } from "preact-iso";
import { tc } from "../../i18n/courses.zh-CN";
import { useActiveRole, useSession } from "../../lib/session";
import { teachPaths } from "../../lib/teach";
import styles from "./style.module.css";

/**
 * The lecturer's and organizer's course pages, one tap apart: 课程 · 课次与签到 · 待审核 (审核 for
 * those who review, i.e. organizers). A page below one of them (an editor, a session) marks its tab.
 */
export function TeachTabs() {
  const { path } = useLocation();
  const me = useSession().me;
  const role = useActiveRole(me);
  const tabs = [
    {
      href: teachPaths.modules,
      label: tc(role === "organizer" ? "courses.teach.tab.modulesManage" : "courses.teach.tab.modules"),
      match: (p: string) => p === "/teach" || p.startsWith("/teach/modules"),
    },
    { href: teachPaths.sessions, label: tc("courses.teach.tab.sessions"), match: (p: string) => p.startsWith("/teach/sessions") },
    ...(role === "organizer"
      ? [{ href: teachPaths.review, label: tc("courses.teach.tab.review"), match: (p: string) => p.startsWith("/teach/review") }]
      : []),
  ];
  return (
    <nav class={styles.tabs} aria-label={tc("courses.teach.tab.nav")}>
      {tabs.map((tab) => (
        <a key={tab.href} class={styles.tab} href={tab.href} aria-current={tab.match(path) ? "page" : undefined}>
          {tab.label}
        </a>
      ))}
    </nav>
  );
}

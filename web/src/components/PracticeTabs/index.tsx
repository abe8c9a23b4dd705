import { useLocation } from "preact-iso";
import { t } from "../../i18n";
import styles from "./style.module.css";

const tabs = [
  { href: "/practice", label: "practice.daily" },
  { href: "/practice/wrong-book", label: "practice.wrongBook" },
  { href: "/practice/mastery", label: "practice.mastery" },
] as const;

/** The three practice pages, one tap apart: 每日一练 · 错题本 · 掌握情况. */
export function PracticeTabs() {
  const { path } = useLocation();
  return (
    <nav class={styles.tabs} aria-label={t("practice.nav")}>
      {tabs.map((tab) => (
        <a key={tab.href} class={styles.tab} href={tab.href} aria-current={path === tab.href ? "page" : undefined}>
          {t(tab.label)}
        </a>
      ))}
    </nav>
  );
}

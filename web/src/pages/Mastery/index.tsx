import { AppShell } from "../../components/AppShell";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { PracticeTabs } from "../../components/PracticeTabs";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import type { Mastery } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function MasteryPage() {
  return (
    <AppShell title={t("practice.mastery")} requiredRole="member">
      {() => <Shares />}
    </AppShell>
  );
}

/**
 * 掌握情况: the share of right answers per tag as plain horizontal bars, each with its numbers
 * beside it (the bars are decoration; the words carry the data).
 */
function Shares() {
  const { data, error, reload } = useResource<Mastery>("/api/practice/mastery");
  return (
    <div class={styles.page}>
      <PageHeader title={t("practice.mastery")} description={t("mastery.intro")} />
      <PracticeTabs />
      {error ? (
        <Notice
          tone="error"
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {t("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : !data ? (
        <Loading label={t("app.loading")} minHeight={16} />
      ) : data.tags.length === 0 ? (
        <EmptyState
          icon="chart"
          title={t("mastery.empty.title")}
          action={
            <a class={buttonClass("secondary", "md")} href="/practice">
              {t("practice.daily")}
            </a>
          }
        >
          {t("mastery.empty.body")}
        </EmptyState>
      ) : (
        <section class={styles.card} aria-labelledby="mastery-title">
          <h2 id="mastery-title" class={styles.title}>
            {t("mastery.caption")}
          </h2>
          <ul class={styles.bars}>
            {data.tags.map((row) => {
              const percent = Math.round(row.share * 100);
              return (
                <li key={row.tag} class={styles.row}>
                  <span class={styles.tag}>{row.tag}</span>
                  <span class={styles.track} aria-hidden="true">
                    <span class={styles.fill} style={{ width: `${percent}%` }} />
                  </span>
                  <span class={styles.numbers}>
                    <span class={styles.percent}>{percent}%</span>
                    <span class={styles.count}>{t("mastery.count", { correct: row.correct, answered: row.answered })}</span>
                  </span>
                </li>
              );
            })}
          </ul>
          <p class={styles.note}>{t("mastery.note")}</p>
        </section>
      )}
    </div>
  );
}

import { useEffect, useState } from "preact/hooks";
import { AppShell } from "../../components/AppShell";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { PracticeQuestion } from "../../components/PracticeQuestion";
import { PracticeTabs } from "../../components/PracticeTabs";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import type { DailyPractice, DailyPracticeItem } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function Practice() {
  return (
    <AppShell title={t("practice.daily")} requiredRole="member">
      {() => <DailyPage />}
    </AppShell>
  );
}

/** Which screen: a question (to answer, or to look back at from the summary), or the day's summary. */
type View = { kind: "question"; index: number; review: boolean; moved: boolean } | { kind: "summary" };

/**
 * 每日一练: the day's set, one question per screen. The set and every answer live on the server, so
 * a reload comes back to the first question not yet answered, with the answered ones' feedback.
 */
function DailyPage() {
  const { data, error, reload } = useResource<DailyPractice>("/api/practice/today");
  const [items, setItems] = useState<DailyPracticeItem[] | null>(null);
  const [view, setView] = useState<View | null>(null);

  useEffect(() => {
    if (!data) return;
    setItems(data.items);
    const first = data.items.findIndex((item) => item.feedback === null);
    setView(first >= 0 ? { kind: "question", index: first, review: false, moved: false } : { kind: "summary" });
  }, [data]);

  const go = (next: View) => {
    setView(next);
    window.scrollTo(0, 0);
  };

  const nextOpen = (after: number) => {
    if (!items) return -1;
    for (let i = 1; i <= items.length; i++) {
      const index = (after + i) % items.length;
      if (items[index]?.feedback === null) return index;
    }
    return -1;
  };

  let body = null;
  if (error) {
    body = (
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
    );
  } else if (!items || !view) {
    body = <Loading label={t("app.loading")} minHeight={20} />;
  } else if (items.length === 0) {
    body = (
      <EmptyState icon="practice" title={t("practice.empty.title")}>
        {t("practice.empty.body")}
      </EmptyState>
    );
  } else if (view.kind === "summary") {
    body = <Summary items={items} onReview={(index) => go({ kind: "question", index, review: true, moved: true })} />;
  } else {
    const item = items[view.index];
    if (item) {
      const following = view.review ? -1 : nextOpen(view.index);
      body = (
        <PracticeQuestion
          key={item.question.id}
          question={item.question}
          mode="daily"
          feedback={item.feedback}
          index={view.index}
          total={items.length}
          focusOnMount={view.moved}
          onAnswered={(feedback) => setItems((list) => list?.map((it, i) => (i === view.index ? { ...it, feedback } : it)) ?? null)}
          nextLabel={view.review ? t("practice.backToSummary") : following >= 0 ? t("practice.next") : t("practice.finish")}
          onNext={() => go(following >= 0 ? { kind: "question", index: following, review: false, moved: true } : { kind: "summary" })}
        />
      );
    }
  }

  return (
    <div class={styles.page}>
      <PageHeader title={t("practice.daily")} description={view?.kind === "question" ? undefined : t("practice.intro")} />
      <PracticeTabs />
      {body}
    </div>
  );
}

function Summary({ items, onReview }: { items: DailyPracticeItem[]; onReview: (index: number) => void }) {
  const correct = items.filter((item) => item.feedback?.correct).length;
  const wrong = items.length - correct;
  return (
    <section class={styles.summary} aria-labelledby="summary-title">
      <div class={styles.summaryHead}>
        <span class={styles.summaryIcon}>
          <Icon name="checkCircle" size={2} />
        </span>
        <h2 id="summary-title" class={styles.summaryTitle}>
          {t("practice.done.title")}
        </h2>
        <p class={styles.score}>{t("practice.done.score", { correct, total: items.length })}</p>
        <p class={styles.note}>{t("practice.done.note")}</p>
      </div>
      <div class={styles.summaryActions}>
        {wrong > 0 ? (
          <a class={buttonClass("primary", "md")} href="/practice/wrong-book">
            <Icon name="notebook" />
            <span>{t("practice.toWrongBook")}</span>
          </a>
        ) : null}
        <a class={buttonClass("secondary", "md")} href="/practice/mastery">
          <Icon name="chart" />
          <span>{t("practice.toMastery")}</span>
        </a>
      </div>
      <h3 class={styles.listTitle}>{t("practice.done.list")}</h3>
      <ol class={styles.results}>
        {items.map((item, index) => {
          const right = item.feedback?.correct ?? false;
          return (
            <li key={item.question.id}>
              <button
                type="button"
                class={styles.resultItem}
                onClick={() => onReview(index)}
                aria-label={`${t("practice.done.review", { n: index + 1 })}：${t(right ? "practice.result.correct" : "practice.result.wrong")}，${item.question.stem}`}
              >
                <span class={styles.resultNo} aria-hidden="true">
                  {index + 1}
                </span>
                <span class={styles.resultStem}>{item.question.stem}</span>
                <span class={[styles.resultTag, right ? styles.right : styles.wrong].join(" ")}>
                  <Icon name={right ? "checkCircle" : "xCircle"} size={1} />
                  {t(right ? "practice.result.correct" : "practice.result.wrong")}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

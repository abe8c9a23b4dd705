import { useState } from "preact/hooks";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { PracticeQuestion } from "../../components/PracticeQuestion";
import { PracticeTabs } from "../../components/PracticeTabs";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { CLEAR_AFTER, typeLabel } from "../../lib/question";
import type { PracticeFeedback, WrongBook, WrongBookItem } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function WrongBookPage() {
  return (
    <AppShell title={t("practice.wrongBook")} requiredRole="member">
      {() => <Book />}
    </AppShell>
  );
}

/** A review round: the entries in the order taken, the one on screen, and each answer's feedback. */
type Round = { items: WrongBookItem[]; index: number; feedback: Record<string, PracticeFeedback>; done: boolean };

function Book() {
  const { data, error, loading, reload } = useResource<WrongBook>("/api/practice/wrong-book");
  const [round, setRound] = useState<Round | null>(null);

  const start = (from: number) => {
    if (!data) return;
    const items = [...data.items.slice(from), ...data.items.slice(0, from)];
    setRound({ items, index: 0, feedback: {}, done: false });
    window.scrollTo(0, 0);
  };
  const finish = () => {
    setRound(null);
    reload();
    window.scrollTo(0, 0);
  };

  let body = null;
  if (round && !round.done) {
    const item = round.items[round.index];
    const last = round.index === round.items.length - 1;
    if (item) {
      body = (
        <PracticeQuestion
          key={item.question.id}
          question={item.question}
          mode="review"
          feedback={round.feedback[item.question.id] ?? null}
          index={round.index}
          total={round.items.length}
          focusOnMount={round.index > 0}
          onAnswered={(feedback) => setRound((r) => (r ? { ...r, feedback: { ...r.feedback, [item.question.id]: feedback } } : r))}
          nextLabel={last ? t("wrongBook.finish") : t("practice.next")}
          onNext={() => {
            setRound((r) => (r ? (last ? { ...r, done: true } : { ...r, index: r.index + 1 }) : r));
            window.scrollTo(0, 0);
          }}
          aside={
            <Button
              variant="quiet"
              onClick={() => {
                if (Object.keys(round.feedback).length === 0) finish();
                else setRound({ ...round, done: true });
              }}
            >
              {t("wrongBook.stop")}
            </Button>
          }
        />
      );
    }
  } else if (round?.done) {
    body = <RoundSummary round={round} onBack={finish} />;
  } else if (error) {
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
  } else if (!data) {
    body = <Loading label={t("app.loading")} minHeight={16} />;
  } else if (data.items.length === 0) {
    body = (
      <EmptyState
        icon="notebook"
        title={t("wrongBook.empty.title")}
        action={
          <a class={buttonClass("secondary", "md")} href="/practice">
            {t("practice.daily")}
          </a>
        }
      >
        {t("wrongBook.empty.body")}
      </EmptyState>
    );
  } else {
    body = (
      <section class={styles.card} aria-labelledby="book-title">
        <div class={styles.head}>
          <h2 id="book-title" class={styles.count}>
            {t("wrongBook.count", { count: data.items.length })}
          </h2>
          <Button variant="primary" icon="practice" onClick={() => start(0)}>
            {t("wrongBook.start")}
          </Button>
        </div>
        <ul class={styles.list} aria-busy={loading ? "true" : undefined}>
          {data.items.map((item, index) => (
            <li key={item.question.id}>
              <button
                type="button"
                class={styles.item}
                onClick={() => start(index)}
                aria-label={t("wrongBook.practiceOne", { stem: item.question.stem })}
              >
                <span class={styles.itemMain}>
                  <span class={styles.itemMeta}>
                    <Badge tone="red">{typeLabel(item.question.type)}</Badge>
                    <span class="num">{t("wrongBook.wrongCount", { count: item.wrongCount })}</span>
                    <span aria-hidden="true">·</span>
                    <span class="num">{t("wrongBook.lastWrong", { date: formatDateTime(item.lastWrongAt).slice(0, 10) })}</span>
                  </span>
                  <span class={styles.stem}>{item.question.stem}</span>
                  <span class={styles.remaining}>
                    <Icon name="notebook" size={1} />
                    {t("wrongBook.remaining", { n: Math.max(1, CLEAR_AFTER - item.streak) })}
                  </span>
                </span>
                <Icon name="chevronRight" class={styles.chevron} />
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  }

  const answering = round !== null && !round.done;
  return (
    <div class={styles.page}>
      <PageHeader title={t("practice.wrongBook")} description={answering ? undefined : t("wrongBook.intro", { n: CLEAR_AFTER })} />
      <PracticeTabs />
      {body}
    </div>
  );
}

function RoundSummary({ round, onBack }: { round: Round; onBack: () => void }) {
  const answers = Object.values(round.feedback);
  const correct = answers.filter((f) => f.correct).length;
  const cleared = answers.filter((f) => f.wrongBook.cleared).length;
  return (
    <section class={styles.summary} aria-labelledby="round-title">
      <span class={styles.summaryIcon}>
        <Icon name="checkCircle" size={2} />
      </span>
      <h2 id="round-title" class={styles.summaryTitle}>
        {t("wrongBook.done.title")}
      </h2>
      <p class={styles.score}>{t("wrongBook.done.score", { correct, total: answers.length })}</p>
      <p class={styles.note}>
        {cleared > 0 ? t("wrongBook.done.cleared", { count: cleared }) : t("wrongBook.done.noneCleared", { n: CLEAR_AFTER })}
      </p>
      <Button variant="primary" icon="chevronLeft" onClick={onBack}>
        {t("wrongBook.back")}
      </Button>
    </section>
  );
}

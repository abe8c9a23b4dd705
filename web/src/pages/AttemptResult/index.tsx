import { useEffect } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { ContestQuestion, verdictOf } from "../../components/ContestQuestion";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { attemptHref, certificateHref, formatDuration, formatWhen, leaderboardHref } from "../../lib/contest";
import type { Attempt, AttemptResponse, MyContestList, MyRound } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function AttemptResult() {
  return (
    <AppShell title={tk("attempt.result.title")} requiredRole="member">
      {() => <ResultPage />}
    </AppShell>
  );
}

/**
 * 成绩: the score, time and place right after handing in; once the round has closed for everyone,
 * each question with the right answer, the member's own, right or wrong, the explanation and source.
 */
function ResultPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? "";
  const { data, error, reload } = useResource<AttemptResponse>(`/api/attempts/${encodeURIComponent(id)}`);
  const mine = useResource<MyContestList>("/api/contests/mine");
  const attempt = data?.attempt;
  const round = mine.data?.contests.flatMap((c) => c.rounds).find((r) => r.id === attempt?.roundId) ?? null;

  // Still running (a link from before it ended): back to it, the clock has not stopped.
  useEffect(() => {
    if (attempt?.status === "open") route(attemptHref(attempt.id), true);
  }, [attempt?.status]);

  if (error) {
    return (
      <Notice
        tone="error"
        requestId={error.requestId}
        action={
          <Button icon="refresh" onClick={reload}>
            {tk("common.retry")}
          </Button>
        }
      >
        {error.status === 404 ? tk("attempt.notFound") : error.message}
      </Notice>
    );
  }
  if (!attempt || attempt.status === "open") return <Loading label={tk("app.loading")} minHeight={20} />;

  return (
    <div class={styles.page}>
      <PageHeader title={tk("attempt.result.title")} />
      <Summary attempt={attempt} round={round} />
      {attempt.review ? (
        <Review attempt={attempt} />
      ) : (
        <Notice tone="info" title={tk("attempt.result.reviewLater.title")}>
          {round
            ? tk("attempt.result.reviewLater.body", { time: formatWhen(round.closesAt) })
            : tk("attempt.result.reviewLater.bodyNoTime")}
        </Notice>
      )}
    </div>
  );
}

function Summary({ attempt, round }: { attempt: Attempt; round: MyRound | null }) {
  const result = attempt.result;
  if (!result) return null;
  const closed = attempt.review !== null || round?.state === "closed";
  const expired = attempt.status === "expired";
  return (
    <section class={styles.summary} aria-labelledby="summary-title">
      <div class={styles.summaryHead}>
        <p class={styles.contest}>{attempt.contestTitle}</p>
        <h2 id="summary-title" class={styles.round}>
          {attempt.roundName}
        </h2>
        <p class={styles.status}>
          <Icon name={expired ? "clock" : "checkCircle"} size={1.125} />
          <span>{tk(expired ? "attempt.result.expired" : "attempt.result.submitted")}</span>
        </p>
      </div>

      <p class={styles.score}>
        <span class={styles.scoreValue}>{result.score}</span>
        <span class={styles.scoreUnit}>{tk("attempt.result.scoreUnit", { total: attempt.totalPoints })}</span>
      </p>

      <dl class={styles.stats}>
        <div>
          <dt>{tk("attempt.result.correct")}</dt>
          <dd>{tk("attempt.result.correctValue", { n: result.correctCount, total: attempt.questionCount })}</dd>
        </div>
        <div>
          <dt>{tk("attempt.result.time")}</dt>
          <dd>{formatDuration(result.durationMs)}</dd>
        </div>
        <div>
          <dt>{result.participants > 0 ? tk("attempt.result.rankOf", { n: result.participants }) : tk("attempt.result.rank")}</dt>
          <dd>
            {result.rank !== null && result.participants > 0
              ? tk("attempt.result.rankValue", { rank: result.rank })
              : tk("attempt.result.rankNone")}
          </dd>
        </div>
      </dl>

      {!result.counted ? <p class={styles.note}>{tk("attempt.result.notCounted")}</p> : null}
      {result.counted && !closed ? <p class={styles.note}>{tk("attempt.result.rankMayChange")}</p> : null}

      <div class={styles.actions}>
        {closed ? (
          <a class={buttonClass("primary", "md")} href={leaderboardHref(attempt.roundId)}>
            <Icon name="chart" />
            <span>{tk("attempt.result.toLeaderboard")}</span>
          </a>
        ) : null}
        {closed && result.counted ? (
          <a class={buttonClass("secondary", "md")} href={certificateHref(attempt.roundId)}>
            <Icon name="file" />
            <span>{tk("attempt.result.toCertificate")}</span>
          </a>
        ) : null}
        <a class={buttonClass(closed ? "quiet" : "secondary", "md")} href="/contests">
          <span>{tk("attempt.result.toContests")}</span>
        </a>
      </div>
    </section>
  );
}

function Review({ attempt }: { attempt: Attempt }) {
  const review = attempt.review ?? [];
  const bySeq = new Map(review.map((r) => [r.seq, r]));
  const kinds = attempt.questions.map((q) => {
    const item = bySeq.get(q.seq);
    return item ? verdictOf(item, q.answer) : "none";
  });
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  return (
    <section class={styles.review} aria-labelledby="review-title">
      <div class={styles.reviewHead}>
        <h2 id="review-title" class={styles.reviewTitle}>
          {tk("attempt.result.review")}
        </h2>
        <p class={styles.reviewCounts}>
          <Badge tone="green" icon="checkCircle">
            {tk("attempt.result.count.right", { n: count("right") })}
          </Badge>
          {count("partial") > 0 ? (
            <Badge tone="amber" icon="alert">
              {tk("attempt.result.count.partial", { n: count("partial") })}
            </Badge>
          ) : null}
          <Badge tone="danger" icon="xCircle">
            {tk("attempt.result.count.wrong", { n: count("wrong") })}
          </Badge>
          {count("none") > 0 ? <Badge tone="neutral">{tk("attempt.result.count.none", { n: count("none") })}</Badge> : null}
        </p>
        <p class={styles.note}>{tk("attempt.result.wrongBookNote")}</p>
      </div>
      <ol class={styles.reviewList}>
        {attempt.questions.map((q) => (
          <li key={q.seq}>
            <ContestQuestion
              question={q}
              total={attempt.questionCount}
              value={q.answer}
              review={bySeq.get(q.seq) ?? null}
              headingLevel={3}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

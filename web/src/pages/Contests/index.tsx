import { Fragment } from "preact";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { tl } from "../../i18n/live.zh-CN";
import {
  formatDuration,
  formatWhen,
  formatWindow,
  leaderboardHref,
  limitText,
  qualificationOf,
  type RoundAction,
  roundAction,
  ruleSummary,
} from "../../lib/contest";
import type { MyContest, MyContestList, MyRound } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function Contests() {
  return (
    <AppShell title={tk("contest.title")} requiredRole="member">
      {() => <ContestList />}
    </AppShell>
  );
}

/** Contests with a round to take now come first, then those still to come, then the finished ones. */
function rankOf(contest: MyContest): number {
  if (contest.rounds.some((r) => r.state === "open")) return 0;
  if (contest.rounds.some((r) => r.state === "upcoming")) return 1;
  return 2;
}

/** 竞赛: the contests open to me, each round's window and rules in plain words, and the one thing to do now. */
function ContestList() {
  const { data, error, reload } = useResource<MyContestList>("/api/contests/mine");

  let body = null;
  if (error) {
    body = (
      <Notice
        tone="error"
        requestId={error.requestId}
        action={
          <Button icon="refresh" onClick={reload}>
            {tk("common.retry")}
          </Button>
        }
      >
        {error.message}
      </Notice>
    );
  } else if (!data) {
    body = <Loading label={tk("app.loading")} minHeight={20} />;
  } else if (data.contests.length === 0) {
    body = (
      <EmptyState icon="trophy" title={tk("contest.empty.title")}>
        {tk("contest.empty.body")}
      </EmptyState>
    );
  } else {
    const contests = [...data.contests].sort((a, b) => rankOf(a) - rankOf(b));
    body = (
      <ul class={styles.list}>
        {contests.map((contest) => (
          <li key={contest.id}>
            <ContestCard contest={contest} now={data.serverNow} />
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div class={styles.page}>
      <PageHeader title={tk("contest.title")} description={tk("contest.intro")} />
      <LiveEntry />
      {body}
    </div>
  );
}

/** 现场赛: in the hall, the PIN from the projector is the way in. */
function LiveEntry() {
  return (
    <a class={styles.liveEntry} href="/live">
      <span class={styles.liveIcon}>
        <Icon name="trophy" size={1.375} />
      </span>
      <span class={styles.liveText}>
        <strong>{tl("live.join.entry.title")}</strong>
        <span>{tl("live.join.entry.body")}</span>
      </span>
      <span class={styles.liveAction}>
        {tl("live.join.entry.action")}
        <Icon name="chevronRight" size={1.125} />
      </span>
    </a>
  );
}

function ContestCard({ contest, now }: { contest: MyContest; now: number }) {
  const titleId = `contest-${contest.id}`;
  const rounds = [...contest.rounds].sort((a, b) => a.seq - b.seq);
  return (
    <article class={styles.card} aria-labelledby={titleId}>
      <header class={styles.cardHead}>
        <h2 id={titleId} class={styles.cardTitle}>
          {contest.title}
        </h2>
        <p class={styles.hosts}>
          <Badge tone="red">{tk(contest.hosts.length > 1 ? "contest.hosts.jointTag" : "contest.hosts.oneTag")}</Badge>
          <span>{contest.hosts.map((h) => h.name).join("、")}</span>
        </p>
        {contest.description ? <p class={styles.description}>{contest.description}</p> : null}
      </header>
      {rounds.length === 0 ? (
        <p class={styles.noRounds}>{tk("contest.noRounds")}</p>
      ) : (
        <ol class={styles.rounds}>
          {rounds.map((round) => (
            <li key={round.id}>
              <RoundBlock round={round} rounds={rounds} now={now} />
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function StateBadge({ round }: { round: MyRound }) {
  if (round.state === "open") {
    return (
      <Badge tone="green" icon="clock">
        {tk("contest.state.open")}
      </Badge>
    );
  }
  if (round.state === "upcoming") {
    return (
      <Badge tone="amber" icon="calendar">
        {tk("contest.state.upcoming")}
      </Badge>
    );
  }
  return (
    <Badge tone="neutral" icon="lock">
      {tk("contest.state.closed")}
    </Badge>
  );
}

function RoundBlock({ round, rounds, now }: { round: MyRound; rounds: MyRound[]; now: number }) {
  const action = roundAction(round, rounds);
  const nameId = `round-${round.id}`;
  const attemptsLine =
    round.state === "closed"
      ? null
      : round.attemptsAllowed > 1
        ? tk("contest.attemptsLeftOf", { left: round.attemptsLeft, total: round.attemptsAllowed })
        : round.attemptsLeft > 0
          ? tk("contest.attemptsOnce")
          : tk("contest.attemptsUsed");
  return (
    <section class={styles.round} aria-labelledby={nameId}>
      <div class={styles.roundHead}>
        <h3 id={nameId} class={styles.roundName}>
          {round.name}
        </h3>
        <StateBadge round={round} />
      </div>
      <dl class={styles.facts}>
        <div>
          <dt>{tk("contest.fact.window")}</dt>
          <dd>{formatWindow(round.opensAt, round.closesAt, now)}</dd>
        </div>
        <div>
          <dt>{tk("contest.fact.paper")}</dt>
          <dd>
            {/* Breaks only after a "·": a figure and its unit stay together ("限时 10 分钟"). */}
            {[
              tk("contest.paper.count", { n: round.questionCount }),
              tk("contest.paper.points", { n: round.totalPoints }),
              tk("contest.paper.limit", { limit: limitText(round.timeLimitSec) }),
            ].map((part, i, all) => (
              <Fragment key={part}>
                <span class={styles.chunk}>{i < all.length - 1 ? `${part} ·` : part}</span>
                {i < all.length - 1 ? " " : null}
              </Fragment>
            ))}
          </dd>
        </div>
        <div>
          <dt>{tk("contest.fact.rules")}</dt>
          <dd>
            {ruleSummary(round).map((line) => (
              <span key={line} class={styles.line}>
                {line}
              </span>
            ))}
          </dd>
        </div>
        {attemptsLine ? (
          <div>
            <dt>{tk("contest.fact.attempts")}</dt>
            <dd>{attemptsLine}</dd>
          </div>
        ) : null}
        {round.result ? (
          <div>
            <dt>{tk("contest.fact.myResult")}</dt>
            <dd class={styles.result}>
              {tk("contest.myResult", {
                score: round.result.score,
                total: round.totalPoints,
                time: formatDuration(round.result.durationMs),
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      <Qualification state={qualificationOf(round, rounds)} />
      <ActionButton action={action} round={round} now={now} />
      {round.state === "closed" && round.result ? (
        <a class={styles.sideLink} href={leaderboardHref(round.id)}>
          <Icon name="chart" size={1.125} />
          <span>{tk("contest.toLeaderboard")}</span>
        </a>
      ) : null}
    </section>
  );
}

function Qualification({ state }: { state: "yes" | "waiting" | "no" }) {
  if (state === "yes") return null;
  return (
    <p class={styles.status}>
      <Icon name={state === "waiting" ? "clock" : "info"} size={1.125} />
      <span>{tk(state === "waiting" ? "contest.qualify.waiting" : "contest.qualify.no")}</span>
    </p>
  );
}

function ActionButton({ action, round, now }: { action: RoundAction; round: MyRound; now: number }) {
  const label = `${round.name}：`;
  switch (action.kind) {
    case "start":
      // A live round is taken in the hall, by the room's PIN.
      if (round.mode === "live") {
        return (
          <a class={buttonClass("primary", "lg", true)} href="/live" aria-label={label + tl("live.join.roundAction")}>
            {tl("live.join.roundAction")}
          </a>
        );
      }
      return (
        <a class={buttonClass("primary", "lg", true)} href={action.href} aria-label={label + tk("contest.action.start")}>
          {tk("contest.action.start")}
        </a>
      );
    case "resume":
      return (
        <a class={buttonClass("primary", "lg", true)} href={action.href} aria-label={label + tk("contest.action.resume")}>
          <Icon name="clock" />
          <span>{tk("contest.action.resume")}</span>
        </a>
      );
    case "again":
      return (
        <div class={styles.actionPair}>
          <a class={buttonClass("primary", "lg", true)} href={action.resultHref} aria-label={label + tk("contest.action.result")}>
            {tk("contest.action.result")}
          </a>
          <a class={buttonClass("secondary", "lg", true)} href={action.href} aria-label={label + tk("contest.action.again")}>
            {tk("contest.action.again")}
          </a>
        </div>
      );
    case "result":
      return (
        <a class={buttonClass("primary", "lg", true)} href={action.href} aria-label={label + tk("contest.action.result")}>
          {tk("contest.action.result")}
        </a>
      );
    case "upcoming":
      return (
        <p class={styles.disabledAction}>
          <Icon name="calendar" size={1.125} />
          <span>{tk("contest.action.upcoming", { time: formatWhen(action.opensAt, now) })}</span>
        </p>
      );
    case "closed":
      return (
        <p class={styles.disabledAction}>
          <Icon name="lock" size={1.125} />
          <span>{tk("contest.action.closed")}</span>
        </p>
      );
    case "used":
      return (
        <p class={styles.disabledAction}>
          <Icon name="check" size={1.125} />
          <span>{tk("contest.action.used")}</span>
        </p>
      );
    case "waiting":
    case "notQualified":
      return null;
  }
}

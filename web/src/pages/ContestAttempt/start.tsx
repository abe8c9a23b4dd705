import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Button, buttonClass } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { api } from "../../lib/api";
import { attemptHref, formatWhen, formatWindow, hostLine, limitText, roundAction, ruleLines } from "../../lib/contest";
import type { AttemptResponse, MyContestList } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import { primeAttempt } from "./primed";
import styles from "./style.module.css";

/**
 * The rules, said once more before the clock starts: starting is the one irreversible step, so it
 * gets a screen of its own with the button low, and nothing else to press by mistake.
 */
export function StartScreen({ roundId }: { roundId: string }) {
  const { route } = useLocation();
  const { data, error, reload } = useResource<MyContestList>("/api/contests/mine");
  const contest = data?.contests.find((c) => c.rounds.some((r) => r.id === roundId));
  const round = contest?.rounds.find((r) => r.id === roundId);
  const action = round && contest ? roundAction(round, contest.rounds) : null;
  const start = useAction(async () => {
    const sentAt = Date.now();
    const response = await api.post<AttemptResponse>(`/api/rounds/${encodeURIComponent(roundId)}/attempts`, {});
    primeAttempt(response.attempt, sentAt, Date.now());
    return response.attempt;
  });

  // An attempt already running: straight back to it (its clock is running too).
  useEffect(() => {
    if (action?.kind === "resume") route(action.href, true);
  }, [action?.kind]);

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
        {error.message}
      </Notice>
    );
  }
  if (!data) return <Loading label={tk("app.loading")} minHeight={20} />;
  if (!contest || !round || !action) {
    return (
      <Notice
        tone="warning"
        title={tk("attempt.start.notFound")}
        action={
          <a class={buttonClass("secondary")} href="/contests">
            {tk("attempt.backToList")}
          </a>
        }
      >
        {tk("attempt.start.notFoundBody")}
      </Notice>
    );
  }

  const canStart = action.kind === "start" || action.kind === "again";
  const shortWindow = round.closesAt - data.serverNow < round.timeLimitSec * 1000;
  const go = async () => {
    const attempt = await start.run();
    if (attempt) route(attemptHref(attempt.id), true);
  };

  return (
    <div class={styles.startPage}>
      <article class={styles.startCard} aria-labelledby="start-title">
        <header class={styles.startHead}>
          <p class={styles.startContest}>{contest.title}</p>
          <h1 id="start-title" class={styles.startTitle}>
            {round.name}
          </h1>
          <p class={styles.startHosts}>{hostLine(contest.hosts)}</p>
          <p class={styles.startWindow}>
            <Icon name="calendar" size={1.125} />
            <span>{formatWindow(round.opensAt, round.closesAt, data.serverNow)}</span>
          </p>
        </header>

        <section aria-labelledby="rules-title" class={styles.rules}>
          <h2 id="rules-title" class={styles.rulesTitle}>
            {tk("attempt.start.rules")}
          </h2>
          <ul class={styles.ruleList}>
            {ruleLines(round).map((line) => (
              <li key={line}>
                <Icon name="check" size={1.125} strokeWidth={2.2} />
                <span>{line}</span>
              </li>
            ))}
          </ul>
        </section>

        {canStart && shortWindow ? (
          <Notice tone="warning">
            {tk("attempt.start.shortWindow", { closes: formatWhen(round.closesAt, data.serverNow), limit: limitText(round.timeLimitSec) })}
          </Notice>
        ) : null}
        {canStart ? <Notice tone="info">{tk("attempt.start.clockNote")}</Notice> : null}
        {start.error ? (
          <Notice tone="error" requestId={start.error.status >= 500 ? start.error.requestId : undefined}>
            {start.error.message}
          </Notice>
        ) : null}

        <div class={styles.startActions}>
          {canStart ? (
            <Button variant="primary" size="lg" block pending={start.pending} pendingLabel={tk("attempt.start.pending")} onClick={go}>
              {start.error ? tk("common.retry") : tk("contest.action.start")}
            </Button>
          ) : (
            <p class={styles.cannotStart}>{tk("attempt.start.cannot")}</p>
          )}
        </div>
      </article>
      <a class={[buttonClass("quiet", "md", true), styles.startBack].join(" ")} href="/contests">
        {tk("attempt.backToList")}
      </a>
    </div>
  );
}

import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { LiveQuestion, LiveResponse } from "../../../../worker/shared/live-protocol";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { Icon, type IconName } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import qs from "../../components/PracticeQuestion/style.module.css";
import { isAnswer, QuestionAnswers, QuestionStem, rightSet } from "../../components/QuestionAnswers";
import { Spinner } from "../../components/Spinner";
import { tl } from "../../i18n/live.zh-CN";
import { type AckReason, type LiveReveal, type LiveRoomState, remainingMs } from "../../lib/live-room";
import { letter, responseLines, typeLabel } from "../../lib/question";
import type { ServerClock } from "../../lib/server-clock";
import { type AnswerState, myStanding } from "./room";
import styles from "./style.module.css";

/** One re-render when the question's time runs out (the countdown itself ticks on its own). */
function useRenderAtDeadline(question: LiveQuestion, clock: ServerClock) {
  const [, rerender] = useState(0);
  useEffect(() => {
    if (question.pausedRemainingMs !== null) return;
    const left = remainingMs(question, clock);
    if (left <= 0) return;
    const timer = setTimeout(() => rerender((n) => n + 1), left + 50);
    return () => clearTimeout(timer);
  }, [question.seq, question.deadline, question.pausedRemainingMs]);
}

const teamAnswers = (room: LiveRoomState) => room.teamPlay === "team_captain" || room.teamPlay === "team_first";

/** The key as QuestionAnswers marks it (judge: true/false; single: a position; multiple: positions). */
function keyValue(key: LiveResponse): unknown {
  switch (key.type) {
    case "single":
      return key.choice;
    case "multiple":
      return key.choices;
    case "judge":
      return key.value;
    case "fill":
      return key.blanks;
  }
}

// ---- the lobby ------------------------------------------------------------------------------

export function LobbyView({
  room,
  name,
  players,
  isCaptain,
  captainName,
}: {
  room: LiveRoomState;
  /** The person on this phone. */
  name: string;
  players: number;
  isCaptain: boolean;
  captainName: string | null;
}) {
  const audience = room.role !== "player";
  const me = room.me;
  return (
    <section class={styles.panel} aria-labelledby="lobby-title">
      <span class={styles.bigIcon} data-tone="green">
        <Icon name={audience ? "eye" : "checkCircle"} size={2.75} strokeWidth={2} />
      </span>
      <h1 id="lobby-title" class={styles.panelTitle} tabIndex={-1}>
        {tl(audience ? "live.play.lobby.audience" : "live.play.lobby.joined")}
      </h1>
      <p class={styles.panelBody}>{tl("live.play.lobby.hint")}</p>

      {me ? (
        <dl class={styles.facts}>
          <div>
            <dt>{tl("live.play.player")}</dt>
            <dd>{name}</dd>
          </div>
          {me.teamName ? (
            <div>
              <dt>{tl("live.play.team")}</dt>
              <dd>
                {me.teamName}
                {room.teamPlay !== "individual" ? (
                  <span class={styles.captainLine}>
                    {isCaptain ? (
                      <Badge tone="gold" icon="trophy">
                        {tl("live.play.captain")}
                      </Badge>
                    ) : captainName ? (
                      tl("live.play.captainIs", { name: captainName })
                    ) : null}
                  </span>
                ) : null}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}

      <ul class={styles.rules}>
        <li>
          <Icon name="users" size={1.125} />
          <span>{tl(`live.play.teamPlay.${room.teamPlay}`)}</span>
        </li>
        <li>
          <Icon name="trophy" size={1.125} />
          <span>
            {tl(`live.play.scoring.${room.scoring}`)} · {tl("live.play.lobby.questions", { n: room.total })}
          </span>
        </li>
        <li>
          <Icon name="user" size={1.125} />
          <span class={styles.tabular}>{tl("live.play.lobby.players", { n: players })}</span>
        </li>
      </ul>
    </section>
  );
}

// ---- a question -----------------------------------------------------------------------------

function QuestionHead({ question }: { question: LiveQuestion }) {
  return (
    <div class={qs.head}>
      <p class={qs.progress}>{tl("live.play.progress", { n: question.seq, total: question.total })}</p>
      <span class={styles.meta}>
        <Badge tone="red">{typeLabel(question.type)}</Badge>
        <span class={styles.points}>{tl("live.play.points", { n: question.points })}</span>
      </span>
    </div>
  );
}

type QuestionProps = {
  room: LiveRoomState;
  question: LiveQuestion;
  clock: ServerClock;
  answer: AnswerState;
  online: boolean;
  isCaptain: boolean;
  captainName: string | null;
  submit: (response: LiveResponse) => void;
  votes: Record<number, LiveResponse>;
  vote: (response: LiveResponse) => void;
};

/** Refusals after which this phone cannot answer this question any more. */
const FINAL_REFUSALS: AckReason[] = ["closed", "alreadyAnswered", "notCaptain", "notPlayer", "duplicate"];

export function QuestionView(props: QuestionProps) {
  const { room, question, clock, answer, online, isCaptain, captainName, submit, votes, vote } = props;
  const stemId = useId();
  const stemRef = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<LiveResponse | null>(null);
  useRenderAtDeadline(question, clock);
  const left = remainingMs(question, clock);
  const paused = question.pausedRemainingMs !== null;
  const timeUp = !paused && left <= 0;

  useEffect(() => {
    // A new question: the stem gets the focus, so a screen reader starts reading it.
    stemRef.current?.focus({ preventScroll: true });
    setDraft(null);
  }, [question.seq]);

  const audience = room.role !== "player";
  const watching = !audience && room.teamPlay === "team_captain" && Boolean(room.me?.teamId) && !isCaptain;
  const voted = votes[question.seq] ?? null;
  const given = answer.kind === "sending" || answer.kind === "done" ? answer.response : null;
  const refusedForGood = answer.kind === "refused" && FINAL_REFUSALS.includes(answer.reason);
  const locked = audience
    ? voted !== null || question.type === "fill" || timeUp
    : watching || given !== null || refusedForGood || timeUp || paused;
  const value = audience ? (voted ?? draft) : watching ? (answer.kind === "done" ? answer.response : null) : (given ?? draft);
  const immediate = question.type === "single" || question.type === "judge";

  const choose = (response: LiveResponse | null) => {
    if (locked) return;
    if (response && immediate) {
      setDraft(response);
      if (audience) vote(response);
      else submit(response);
      return;
    }
    setDraft(response);
  };
  const confirm = () => {
    if (!draft || !isAnswer(draft)) return;
    if (audience) vote(draft);
    else submit(draft);
  };

  const instruction = audience
    ? question.type === "fill"
      ? null
      : tl("live.play.audience.voteHint")
    : watching
      ? null
      : immediate
        ? tl("live.play.tapToAnswer")
        : question.type === "multiple"
          ? tl("live.play.chooseThenSubmit")
          : tl("live.play.fillThenSubmit");

  return (
    <section class={[qs.card, styles.questionCard].join(" ")} aria-labelledby={stemId}>
      <QuestionHead question={question} />
      <QuestionStem
        question={question}
        id={stemId}
        progress={tl("live.play.progress", { n: question.seq, total: question.total })}
        stemRef={stemRef}
      />
      {watching ? (
        <p class={styles.captainNote}>
          <Icon name="user" size={1.25} />
          <span>
            <strong>{tl("live.play.captainAnswers", { name: captainName ?? "" })}</strong>
            <span class={styles.captainHint}>{tl("live.play.captainAnswersHint")}</span>
          </span>
        </p>
      ) : instruction ? (
        <p class={qs.instruction}>{instruction}</p>
      ) : null}

      {audience && question.type === "fill" ? null : (
        <QuestionAnswers
          question={{ ...question, blanks: Math.max(1, question.blanks) }}
          value={value}
          right={null}
          disabled={locked}
          legend={tl("live.play.answerFor", { n: question.seq })}
          onChoose={choose}
          onBlanks={(blanks) => setDraft({ type: "fill", blanks })}
        />
      )}

      <AnswerFooter
        room={room}
        question={question}
        answer={answer}
        online={online}
        audience={audience}
        watching={watching}
        voted={voted !== null}
        timeUp={timeUp}
        paused={paused}
        canConfirm={!locked && !immediate && isAnswer(draft)}
        showConfirm={!locked && !immediate}
        onConfirm={confirm}
      />
    </section>
  );
}

function AnswerFooter({
  room,
  question,
  answer,
  online,
  audience,
  watching,
  voted,
  timeUp,
  paused,
  canConfirm,
  showConfirm,
  onConfirm,
}: {
  room: LiveRoomState;
  question: LiveQuestion;
  answer: AnswerState;
  online: boolean;
  audience: boolean;
  watching: boolean;
  voted: boolean;
  timeUp: boolean;
  paused: boolean;
  canConfirm: boolean;
  showConfirm: boolean;
  onConfirm: () => void;
}) {
  let body = null;
  if (audience) {
    body = voted ? (
      <Status icon="checkCircle" tone="done" title={tl("live.play.audience.voted")} />
    ) : showConfirm && question.type !== "fill" ? (
      <Button variant="primary" size="lg" block disabled={!canConfirm} onClick={onConfirm}>
        {tl("live.play.audience.voteSubmit")}
      </Button>
    ) : null;
  } else if (answer.kind === "done") {
    body = (
      <Status
        icon="checkCircle"
        tone="done"
        title={tl("live.play.submitted")}
        body={answer.by ? tl("live.play.submittedBy", { name: answer.by }) : tl("live.play.submittedBody")}
      />
    );
  } else if (answer.kind === "sending") {
    body = (
      <Status
        icon={null}
        tone="busy"
        title={online ? tl("live.play.submitting") : tl("live.play.waitingAck")}
        body={online ? undefined : tl("live.play.offlineAnswer")}
      />
    );
  } else if (answer.kind === "refused") {
    body = <Status icon="alert" tone="refused" title={tl("live.play.refused")} body={ackText(answer.reason, teamAnswers(room))} alert />;
  } else if (watching) {
    body = <Status icon="clock" tone="wait" title={tl("live.play.teamNotYet")} />;
  } else if (timeUp) {
    body = <Status icon="clock" tone="wait" title={tl("live.play.timeUpWaiting")} />;
  } else if (paused) {
    body = <Status icon="clock" tone="wait" title={tl("live.play.paused")} />;
  }
  const confirm =
    !audience && showConfirm && answer.kind !== "done" && answer.kind !== "sending" ? (
      <Button variant="primary" size="lg" block disabled={!canConfirm} onClick={onConfirm}>
        {tl("live.play.submit")}
      </Button>
    ) : null;
  if (!body && !confirm) return null;
  return (
    <div class={styles.footer}>
      {body}
      {confirm}
    </div>
  );
}

function Status({
  icon,
  tone,
  title,
  body,
  alert,
}: {
  icon: IconName | null;
  tone: "done" | "busy" | "refused" | "wait";
  title: string;
  body?: string | undefined;
  alert?: boolean;
}) {
  return (
    <div class={styles.status} data-tone={tone} role={alert ? "alert" : "status"}>
      <span class={styles.statusIcon}>{icon ? <Icon name={icon} size={1.75} strokeWidth={2.2} /> : <Spinner size={1.5} />}</span>
      <span class={styles.statusText}>
        <strong>{title}</strong>
        {body ? <span>{body}</span> : null}
      </span>
    </div>
  );
}

export function ackText(reason: AckReason, team: boolean): string {
  if (reason === "alreadyAnswered" && team) return tl("live.play.ack.alreadyAnsweredTeam");
  return tl(`live.play.ack.${reason}`);
}

// ---- the reveal -----------------------------------------------------------------------------

type Verdict = "right" | "partial" | "wrong" | "none";

const verdictIcon: Record<Verdict, IconName> = { right: "checkCircle", partial: "alert", wrong: "xCircle", none: "info" };

export function RevealView({
  room,
  reveal,
  given,
  userId,
}: {
  room: LiveRoomState;
  reveal: LiveReveal | null;
  /** What this phone (or its team) answered, when it knows. */
  given: LiveResponse | null;
  userId: string;
}) {
  const question = room.question;
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headRef.current?.focus({ preventScroll: true }), [reveal?.seq]);
  if (!question || !reveal || reveal.seq !== question.seq) {
    return (
      <section class={styles.panel}>
        <Spinner size={2} />
        <p class={styles.panelBody}>{tl("live.play.reveal.next")}</p>
      </section>
    );
  }
  const audience = room.role !== "player";
  const result = reveal.result;
  const verdict: Verdict = !result?.answered ? "none" : result.credit >= 1 ? "right" : result.credit > 0 ? "partial" : "wrong";
  const team = room.teamPlay !== "individual" && Boolean(room.me?.teamId);
  const standing = myStanding(room, reveal.leaderboard, userId);
  const right = rightSet(question, keyValue(reveal.key));
  return (
    <div class={styles.stack}>
      {audience ? null : (
        <section class={styles.verdict} data-verdict={verdict} aria-labelledby="verdict-title">
          <Icon name={verdictIcon[verdict]} size={2.5} strokeWidth={2.2} />
          <h1 id="verdict-title" ref={headRef} tabIndex={-1} class={styles.verdictTitle}>
            {tl(`live.play.reveal.${verdict}`)}
          </h1>
          <span class={styles.gained}>{tl("live.play.reveal.gained", { n: result?.points ?? 0 })}</span>
        </section>
      )}
      {audience ? null : (
        <dl class={styles.stats}>
          <div>
            <dt>{tl(team ? "live.play.teamScore" : "live.play.score")}</dt>
            <dd>{tl("live.play.scoreValue", { n: result?.score ?? room.me?.score ?? 0 })}</dd>
          </div>
          <div>
            <dt>{tl("live.play.rank")}</dt>
            <dd>
              {(result?.rank ?? room.me?.rank)
                ? tl("live.play.rankValue", { n: result?.rank ?? room.me?.rank ?? 0 })
                : tl("live.play.noRank")}
              {standing?.movement ? <Movement n={standing.movement} /> : null}
            </dd>
          </div>
        </dl>
      )}

      <section class={qs.card} aria-labelledby="reveal-stem">
        <QuestionHead question={question} />
        <QuestionStem
          question={question}
          id="reveal-stem"
          progress={tl("live.play.progress", { n: question.seq, total: question.total })}
          headingLevel={2}
        />
        {question.type === "fill" ? (
          <dl class={qs.answerList}>
            <div>
              <dt>{tl("live.play.reveal.rightAnswer")}</dt>
              <dd>
                {responseLines(reveal.key).map((line) => (
                  <span key={line} class={qs.answerLine}>
                    {line}
                  </span>
                ))}
              </dd>
            </div>
            {given ? (
              <div>
                <dt>{tl(team ? "live.play.reveal.teamAnswer" : "live.play.reveal.yourAnswer")}</dt>
                <dd>
                  {responseLines(given).map((line) => (
                    <span key={line} class={qs.answerLine}>
                      {line}
                    </span>
                  ))}
                </dd>
              </div>
            ) : null}
          </dl>
        ) : (
          <QuestionAnswers question={question} value={given} right={right} disabled legend={tl("live.play.reveal.rightAnswer")} />
        )}
        {audience && question.type !== "fill" ? <Distribution question={question} reveal={reveal} /> : null}
        <div class={qs.explain}>
          <h2 class={qs.explainTitle}>{tl("live.play.reveal.explanation")}</h2>
          <p>{reveal.explanation || tl("live.play.reveal.noExplanation")}</p>
        </div>
      </section>
      <p class={styles.nextHint}>
        <Icon name="monitor" size={1.125} />
        <span>{tl(reveal.last ? "live.play.reveal.last" : "live.play.reveal.next")}</span>
      </p>
    </div>
  );
}

function Movement({ n }: { n: number }) {
  return (
    <span class={styles.movement} data-up={n > 0 ? "true" : "false"}>
      <span aria-hidden="true">{n > 0 ? "▲" : "▼"}</span>
      {tl(n > 0 ? "live.play.movement.up" : "live.play.movement.down", { n: Math.abs(n) })}
    </span>
  );
}

/** For the audience: how the players answered, and how the audience voted, as bars with their numbers. */
function Distribution({ question, reveal }: { question: LiveQuestion; reveal: LiveReveal }) {
  const labels =
    question.type === "judge" ? [tl("question.judge.true"), tl("question.judge.false")] : question.options.map((_, i) => letter(i));
  const rows = [
    { title: tl("live.play.audience.distribution"), counts: reveal.distribution },
    { title: tl("live.play.audience.votes"), counts: reveal.votes },
  ].filter((row) => row.counts.some((n) => n > 0));
  if (rows.length === 0) return null;
  return (
    <div class={styles.distribution}>
      {rows.map((row) => {
        const max = Math.max(1, ...row.counts);
        return (
          <div key={row.title}>
            <h3 class={styles.distributionTitle}>{row.title}</h3>
            <ul>
              {labels.map((label, i) => (
                <li key={label}>
                  <span class={styles.distributionLabel}>{label}</span>
                  <span class={styles.distributionBar} aria-hidden="true">
                    <span style={{ width: `${((row.counts[i] ?? 0) / max) * 100}%` }} />
                  </span>
                  <span class={styles.tabular}>{tl("live.play.audience.count", { n: row.counts[i] ?? 0 })}</span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

// ---- the end --------------------------------------------------------------------------------

export function EndView({ room, roundId, userId }: { room: LiveRoomState; roundId: string; userId: string }) {
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headRef.current?.focus({ preventScroll: true }), []);
  const audience = room.role !== "player";
  const standing = myStanding(room, room.standings, userId);
  const team = room.teamPlay !== "individual" && Boolean(room.me?.teamId);
  return (
    <section class={styles.panel} aria-labelledby="end-title">
      <span class={styles.bigIcon} data-tone="gold">
        <Icon name="trophy" size={2.75} strokeWidth={1.8} />
      </span>
      <h1 id="end-title" ref={headRef} tabIndex={-1} class={styles.panelTitle}>
        {tl("live.play.end.title")}
      </h1>
      {audience ? (
        <p class={styles.panelBody}>{tl("live.play.end.audience")}</p>
      ) : standing ? (
        <>
          <dl class={[styles.stats, styles.finalStats].join(" ")}>
            <div>
              <dt>{tl("live.play.finalRank")}</dt>
              <dd class={styles.finalRank}>{tl("live.play.rankValue", { n: standing.rank })}</dd>
            </div>
            <div>
              <dt>{tl(team ? "live.play.teamScore" : "live.play.score")}</dt>
              <dd>{tl("live.play.scoreValue", { n: standing.score })}</dd>
            </div>
          </dl>
          <p class={styles.panelBody}>{tl("live.play.end.thanks")}</p>
        </>
      ) : (
        <p class={styles.panelBody}>{tl("live.play.end.notPlayed")}</p>
      )}
      <div class={styles.actions}>
        <a class={buttonClass("primary", "lg", true)} href={`/contests/rounds/${encodeURIComponent(roundId)}/leaderboard`}>
          <Icon name="chart" />
          <span>{tl("live.play.end.leaderboard")}</span>
        </a>
        <a class={buttonClass("secondary", "lg", true)} href="/contests">
          {tl("live.play.end.contests")}
        </a>
      </div>
    </section>
  );
}

// ---- connection trouble ---------------------------------------------------------------------

export function FailedView({ onRetry }: { onRetry: () => void }) {
  return (
    <section class={styles.panel} aria-labelledby="failed-title">
      <span class={styles.bigIcon} data-tone="red">
        <Icon name="alert" size={2.5} strokeWidth={2} />
      </span>
      <h1 id="failed-title" class={styles.panelTitle}>
        {tl("live.play.failed.title")}
      </h1>
      <p class={styles.panelBody}>{tl("live.play.failed.body")}</p>
      <div class={styles.actions}>
        <Button variant="primary" size="lg" block icon="refresh" onClick={onRetry}>
          {tl("live.play.failed.retry")}
        </Button>
        <a class={buttonClass("secondary", "lg", true)} href="/live">
          {tl("live.play.failed.rejoin")}
        </a>
      </div>
    </section>
  );
}

export function VersionView() {
  return (
    <section class={styles.panel}>
      <Notice
        tone="warning"
        action={
          <Button variant="primary" icon="refresh" onClick={() => window.location.reload()}>
            {tl("live.play.refresh")}
          </Button>
        }
      >
        {tl("live.play.version")}
      </Notice>
    </section>
  );
}

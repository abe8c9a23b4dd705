import { useEffect, useRef, useState } from "preact/hooks";
import type { LiveQuestion } from "../../../../worker/shared/live-protocol";
import { Icon } from "../../components/Icon";
import { tl } from "../../i18n/live.zh-CN";
import { remainingMs, useTicks } from "../../lib/live-room";
import type { ServerClock } from "../../lib/server-clock";
import styles from "./style.module.css";

/** The countdowns re-render four times a second (while the clock runs). */
const TICK_MS = 250;

/** The last stretch of a question: 10 seconds, or its second half when it is shorter than 20. */
export function urgentBelowMs(question: LiveQuestion): number {
  const total = Math.max(1000, question.deadline - question.startedAt);
  return Math.min(10_000, Math.floor(total / 2000) * 1000);
}

/**
 * The question's time left by the server's clock, in the top bar: large tabular seconds, 已暂停
 * while the host holds the clock, and in the last seconds a red block with 最后 N 秒 in words (not
 * colour alone). A screen reader hears the last-seconds mark once, not every second.
 */
export function QuestionCountdown({ question, clock }: { question: LiveQuestion; clock: ServerClock }) {
  useTicks(TICK_MS, question.pausedRemainingMs === null);
  const left = remainingMs(question, clock);
  const paused = question.pausedRemainingMs !== null;
  const seconds = Math.ceil(left / 1000);
  const urgentBelow = urgentBelowMs(question);
  const urgent = !paused && left > 0 && left <= urgentBelow;
  const announced = useRef(false);
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (urgent && !announced.current) {
      announced.current = true;
      setMessage(tl("live.play.time.last", { n: urgentBelow / 1000 }));
    }
  });
  const label = paused
    ? tl("live.play.time.paused")
    : left <= 0
      ? tl("live.play.time.up")
      : urgent
        ? tl("live.play.time.last", { n: urgentBelow / 1000 })
        : tl("live.play.time.left");
  return (
    <div class={styles.timer} data-urgent={urgent ? "true" : undefined} data-paused={paused ? "true" : undefined}>
      <span class={styles.timerLabel}>
        {urgent ? <Icon name="alert" size={0.875} strokeWidth={2.2} /> : paused ? <Icon name="clock" size={0.875} /> : null}
        {label}
      </span>
      <span class={styles.timerValue} role="timer" aria-label={tl("live.play.time.aria", { n: seconds })}>
        {seconds}
        <span class={styles.timerUnit}>{tl("live.play.time.unit")}</span>
      </span>
      <span class="visually-hidden" aria-live="assertive">
        {message}
      </span>
    </div>
  );
}

/** A thin bar under the top bar that shrinks with the time left. */
export function TimeBar({ question, clock }: { question: LiveQuestion; clock: ServerClock }) {
  useTicks(TICK_MS, question.pausedRemainingMs === null);
  const total = Math.max(1000, question.deadline - question.startedAt);
  const left = remainingMs(question, clock);
  const urgent = question.pausedRemainingMs === null && left > 0 && left <= urgentBelowMs(question);
  return (
    <span class={styles.timeBar} data-urgent={urgent ? "true" : undefined} aria-hidden="true">
      <span class={styles.timeFill} style={{ width: `${Math.min(100, (left / total) * 100)}%` }} />
    </span>
  );
}

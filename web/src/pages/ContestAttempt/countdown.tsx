import { useEffect, useRef, useState } from "preact/hooks";
import { Icon } from "../../components/Icon";
import { tk } from "../../i18n/contests.zh-CN";
import { formatClock, spokenClock } from "../../lib/contest";
import type { ServerClock } from "../../lib/server-clock";
import styles from "./style.module.css";

/** Re-renders its caller four times a second while mounted; the time itself comes from the server clock. */
function useTicks(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, []);
}

/** Calls `onExpire` once when `left` reaches zero, and speaks each threshold once as it is crossed. */
function useMilestones(left: number, thresholds: { below: number; say: string }[], onExpire: () => void): string {
  const expire = useRef(onExpire);
  expire.current = onExpire;
  const fired = useRef(false);
  // Thresholds already behind at mount (a resume with little time left) are not read out late.
  const passed = useRef<Set<number> | null>(null);
  const [message, setMessage] = useState("");
  if (passed.current === null) passed.current = new Set(thresholds.filter((m) => left <= m.below).map((m) => m.below));
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      expire.current();
    }
    for (const m of thresholds) {
      if (left > 0 && left <= m.below && !passed.current?.has(m.below)) {
        passed.current?.add(m.below);
        setMessage(m.say);
      }
    }
  });
  return message;
}

/**
 * The attempt's time left, on the server's clock, in the top bar: large tabular figures, and in the
 * last minute a red block with the words 最后 1 分钟 (not colour alone). Screen readers hear the
 * 5-minute and 1-minute marks, not every second.
 */
export function Countdown({ clock, until, onExpire }: { clock: ServerClock; until: number; onExpire: () => void }) {
  useTicks();
  const left = until - clock.now();
  const urgent = left <= 60_000;
  const message = useMilestones(
    left,
    [
      { below: 5 * 60_000, say: tk("attempt.time.fiveMinutes") },
      { below: 60_000, say: tk("attempt.time.oneMinute") },
    ],
    onExpire,
  );
  return (
    <div class={styles.timer} data-urgent={urgent ? "true" : undefined}>
      <span class={styles.timerLabel}>
        {urgent ? <Icon name="alert" size={0.875} strokeWidth={2.2} /> : null}
        {tk(left <= 0 ? "attempt.time.up" : urgent ? "attempt.time.lastMinute" : "attempt.time.left")}
      </span>
      <span class={styles.timerValue} role="timer" aria-label={tk("attempt.time.aria", { time: spokenClock(left) })}>
        {formatClock(left)}
      </span>
      <span class="visually-hidden" aria-live="assertive">
        {message}
      </span>
    </div>
  );
}

/** A sequential round's time for the question on screen: a shrinking bar and seconds, urgent at the end. */
export function QuestionTimer({
  clock,
  openedAt,
  seconds,
  over,
  onExpire,
}: {
  clock: ServerClock;
  openedAt: number;
  seconds: number;
  over: boolean;
  onExpire: () => void;
}) {
  useTicks();
  const total = seconds * 1000;
  const left = Math.max(0, openedAt + total - clock.now());
  // The last 10 seconds; for a short question, its last half (a question of 8 s is not urgent from its start).
  const urgentBelow = Math.min(10_000, Math.floor(seconds / 2) * 1000);
  const urgent = left <= urgentBelow;
  const message = useMilestones(left, [{ below: urgentBelow, say: tk("attempt.time.secondsLeft", { n: urgentBelow / 1000 }) }], onExpire);
  return (
    <div class={styles.questionTimer} data-urgent={urgent ? "true" : undefined}>
      <span class={styles.questionTimerText}>
        {urgent ? <Icon name="alert" size={1} strokeWidth={2.2} /> : <Icon name="clock" size={1} />}
        <span>{over || left <= 0 ? tk("attempt.time.questionUp") : tk("attempt.time.questionLeft")}</span>
        <span class={styles.questionTimerValue} role="timer">
          {tk("attempt.time.seconds", { n: Math.ceil(left / 1000) })}
        </span>
      </span>
      <span class={styles.questionBar} aria-hidden="true">
        <span style={{ width: `${(left / total) * 100}%` }} />
      </span>
      <span class="visually-hidden" aria-live="assertive">
        {message}
      </span>
    </div>
  );
}

import { Icon } from "../../components/Icon";
import { tl } from "../../i18n/live.zh-CN";
import type { LiveQuestion, LiveResponse, LiveReveal, LiveStanding } from "../../lib/live-room";
import { correctBars, distributionLabels, optionLetter } from "../../lib/live-room";
import styles from "./parts.module.css";

/**
 * What the projector and the host console both draw: the answer's spread as bars, the right answer
 * in words, the board with each entry's movement. Sizes come from the page (`size`): huge on the
 * projector, ordinary on the laptop. Nothing is said by colour alone: the right bar has a check and
 * the words 正确答案, movement has an arrow and a number.
 */

export type PartSize = "screen" | "console";

const judgeWords = () => ({
  right: tl("live.screen.fill.right"),
  wrong: tl("live.screen.fill.wrong"),
  yes: tl("live.screen.judge.yes"),
  no: tl("live.screen.judge.no"),
});

const percent = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : "0%");

/** The right answer as a person reads it: "B", "A、C", "正确", or the blanks' words. */
export function keyText(key: LiveResponse): string {
  switch (key.type) {
    case "single":
      return optionLetter(key.choice);
    case "multiple":
      return key.choices.map(optionLetter).join("、");
    case "judge":
      return key.value ? tl("live.screen.judge.yes") : tl("live.screen.judge.no");
    case "fill":
      return key.blanks.join("；");
  }
}

/** The options' words for the right answer (single/multiple), to show beside the letters. */
export function keyWords(question: Pick<LiveQuestion, "options">, key: LiveResponse): string[] {
  if (key.type === "single") return [question.options[key.choice] ?? ""];
  if (key.type === "multiple") return key.choices.map((c) => question.options[c] ?? "");
  return [];
}

export function Distribution({
  question,
  reveal,
  answered,
  size,
}: {
  question: LiveQuestion;
  reveal: LiveReveal;
  /** How many answered (the last progress count), for the shares of a multiple-choice question. */
  answered: number | null;
  size: PartSize;
}) {
  const labels = distributionLabels(question, judgeWords());
  const counts = labels.map((_, i) => reveal.distribution[i] ?? 0);
  const right = correctBars(reveal.key, labels.length);
  // Multiple choice: a person counts once per option chosen, so a share is of the people who answered (when known).
  const people = question.type === "multiple" ? answered : counts.reduce((a, b) => a + b, 0);
  const max = Math.max(...counts, 1);
  const letters = question.type === "single" || question.type === "multiple";
  return (
    <ol class={styles.bars} data-size={size} data-many={labels.length > 5 ? "true" : undefined} aria-label={tl("live.screen.distribution")}>
      {labels.map((label, i) => {
        const count = counts[i] ?? 0;
        const correct = right[i] ?? false;
        const name = letters ? optionLetter(i) : label;
        return (
          <li
            key={label + String(i)}
            class={styles.bar}
            data-correct={correct ? "true" : undefined}
            aria-label={tl(correct ? "live.screen.barCorrect" : "live.screen.bar", {
              label: letters ? `${name} ${label}` : label,
              count,
              percent: people === null ? "" : percent(count, people),
            })}
          >
            <span class={styles.barHead} aria-hidden="true">
              <span class={styles.barLetter}>{name}</span>
              {letters ? <span class={styles.barText}>{label}</span> : null}
              {correct ? (
                <span class={styles.barCorrect}>
                  <Icon name="checkCircle" size={1} strokeWidth={2.4} />
                  {tl("live.screen.correct")}
                </span>
              ) : null}
            </span>
            <span class={styles.barTrack} aria-hidden="true">
              <span class={styles.barFill} style={{ width: `${(count / max) * 100}%` }} />
            </span>
            <span class={styles.barCount} aria-hidden="true">
              <strong>{count}</strong>
              {people === null ? null : <span>{percent(count, people)}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export function Movement({ movement }: { movement: number | null }) {
  const [kind, shown, said] =
    movement === null
      ? ["new", tl("live.screen.new"), tl("live.screen.newLabel")]
      : movement > 0
        ? ["up", tl("live.screen.up", { n: movement }), tl("live.screen.upLabel", { n: movement })]
        : movement < 0
          ? ["down", tl("live.screen.down", { n: -movement }), tl("live.screen.downLabel", { n: -movement })]
          : ["same", tl("live.screen.same"), tl("live.screen.sameLabel")];
  return (
    <span class={styles.move} data-move={kind}>
      <span aria-hidden="true">{shown}</span>
      <span class="visually-hidden">{said}</span>
    </span>
  );
}

/** Scores may be a team's mean (two decimals); whole numbers show whole. */
export const scoreText = (score: number) => (Number.isInteger(score) ? String(score) : score.toFixed(1));

export function Board({
  entries,
  size,
  showMovement = true,
  label,
}: {
  entries: LiveStanding[];
  size: PartSize;
  showMovement?: boolean;
  label: string;
}) {
  return (
    <ol class={styles.board} data-size={size} aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.id} class={styles.row} data-top={entry.rank <= 3 ? String(entry.rank) : undefined}>
          <span class={styles.rank}>
            {entry.rank <= 3 ? <Icon name="trophy" size={0.8} /> : null}
            <span>{entry.rank}</span>
          </span>
          <span class={styles.name}>{entry.name}</span>
          <span class={styles.score}>{tl("live.screen.score", { score: scoreText(entry.score) })}</span>
          {showMovement ? <Movement movement={entry.movement} /> : null}
        </li>
      ))}
    </ol>
  );
}

import type { ComponentChildren, Ref } from "preact";
import { useId } from "preact/hooks";
import { t } from "../../i18n";
import { answerLines, letter, responseLines, stemParts, typeLabel } from "../../lib/question";
import type { AttemptQuestion, AttemptReviewItem, PracticeResponse as Response } from "../../lib/types";
import { Badge } from "../Badge";
import { Icon } from "../Icon";
// The practice question's look, reused as is: the same cards, marks and feedback, so a member meets one quiz screen.
import qs from "../PracticeQuestion/style.module.css";
import styles from "./style.module.css";

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";

type Props = {
  question: AttemptQuestion;
  total: number;
  /** The response shown as chosen: the saved one, or the one being saved. */
  value: Response | null;
  /** A choice or 对/错 was picked (multiple: the new set, null when none is left). */
  onChoose?: (response: Response | null) => void;
  /** A blank was typed in (saved on leaving the field or the question, not on every key). */
  onBlanks?: (blanks: string[]) => void;
  onBlankBlur?: () => void;
  /** Shown, not changeable: the round's rules or the time forbid a change. */
  locked?: boolean;
  /** After the round closed: the right answer, the verdict, the explanation and its source. */
  review?: AttemptReviewItem | null;
  stemRef?: Ref<HTMLHeadingElement>;
  /** 2 on the answering screen (one question), 3 in the review list under its own heading. */
  headingLevel?: 2 | 3;
  /** Questions answered so far, for the thin progress bar (absent: no bar). */
  answered?: number;
  /** The save state, the pinned buttons: whatever goes under the options. */
  children?: ComponentChildren;
};

export function emptyBlanks(question: AttemptQuestion): string[] {
  return Array.from({ length: Math.max(1, question.blanks) }, () => "");
}

/** Whether a response counts as an answer (a fill-in with every blank empty does not). */
export function isAnswer(response: Response | null | undefined): response is Response {
  if (!response) return false;
  return response.type !== "fill" || response.blanks.some((b) => b.trim() !== "");
}

/**
 * One contest question: the stem, the options as large cards (PracticeQuestion's look), and in
 * review the right answer with icon and words. It holds no state: the attempt screen owns the
 * answers and their saving, so a reload or a retry never disagrees with what is shown.
 */
export function ContestQuestion({
  question,
  total,
  value,
  onChoose,
  onBlanks,
  onBlankBlur,
  locked,
  review,
  stemRef,
  headingLevel = 2,
  answered,
  children,
}: Props) {
  const stemId = useId();
  const name = useId();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const right = review ? rightSet(question, review.rightAnswer) : null;
  const disabled = locked || review != null;
  const choice = value?.type === "single" ? value.choice : null;
  const choices = value?.type === "multiple" ? value.choices : [];
  const judged = value?.type === "judge" ? value.value : null;
  const blanks = value?.type === "fill" ? value.blanks : emptyBlanks(question);

  return (
    <section class={[qs.card, styles.card].join(" ")} aria-labelledby={stemId}>
      <div class={qs.head}>
        <p class={qs.progress}>{t("attempt.progress", { n: question.seq, total })}</p>
        <span class={styles.meta}>
          <Badge tone="red">{typeLabel(question.type)}</Badge>
          <span class={styles.points}>{t("attempt.points", { n: question.points })}</span>
        </span>
      </div>
      {answered !== undefined ? (
        <div class={qs.bar} aria-hidden="true">
          <span style={{ width: `${(answered / Math.max(1, total)) * 100}%` }} />
        </div>
      ) : null}

      <Heading id={stemId} ref={stemRef} class={qs.stem} tabIndex={-1}>
        <span class="visually-hidden">{t("attempt.progress", { n: question.seq, total })}：</span>
        {question.type === "fill"
          ? stemParts(question.stem).map((part, i) =>
              "text" in part ? (
                <span key={i}>{part.text}</span>
              ) : (
                <span key={i} class={qs.blankMark}>
                  <span class="visually-hidden">{t("practice.blankMark", { n: part.blank })}</span>
                  <span aria-hidden="true">{question.blanks > 1 ? (CIRCLED[part.blank - 1] ?? part.blank) : "\u00a0"}</span>
                </span>
              ),
            )
          : question.stem}
      </Heading>
      {review ? null : <p class={qs.instruction}>{t(`practice.instruction.${question.type}`)}</p>}

      <fieldset class={qs.answers} disabled={disabled}>
        <legend class="visually-hidden">{t("attempt.answerFor", { n: question.seq })}</legend>
        {question.type === "single" || question.type === "multiple" ? (
          <div class={qs.options}>
            {question.options.map((option, i) => {
              const chosen = question.type === "single" ? choice === i : choices.includes(i);
              const isRight = right?.has(i) ?? false;
              const state = right ? (isRight ? "right" : chosen ? "wrong" : "rest") : chosen ? "chosen" : disabled ? "rest" : "idle";
              return (
                <label key={i} class={qs.option} data-state={state}>
                  <input
                    type={question.type === "single" ? "radio" : "checkbox"}
                    name={name}
                    checked={chosen}
                    onChange={() => {
                      if (question.type === "single") {
                        onChoose?.({ type: "single", choice: i });
                        return;
                      }
                      const next = chosen ? choices.filter((c) => c !== i) : [...choices, i].sort((a, b) => a - b);
                      onChoose?.(next.length > 0 ? { type: "multiple", choices: next } : null);
                    }}
                  />
                  <span class={qs.face}>
                    <span class={[qs.letter, question.type === "multiple" ? qs.square : ""].join(" ")} aria-hidden="true">
                      {chosen && !right && question.type === "multiple" ? <Icon name="check" size={1} strokeWidth={2.6} /> : letter(i)}
                    </span>
                    <span class={qs.optionText}>
                      <span class="visually-hidden">{letter(i)}. </span>
                      {option}
                      <Mark right={isRight} chosen={right !== null && chosen} />
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
        ) : question.type === "judge" ? (
          <div class={qs.judge}>
            {([true, false] as const).map((v) => {
              const chosen = judged === v;
              const isRight = right?.has(v ? 1 : 0) ?? false;
              const state = right ? (isRight ? "right" : chosen ? "wrong" : "rest") : chosen ? "chosen" : disabled ? "rest" : "idle";
              return (
                <label key={String(v)} class={[qs.option, qs.judgeOption].join(" ")} data-state={state}>
                  <input type="radio" name={name} checked={chosen} onChange={() => onChoose?.({ type: "judge", value: v })} />
                  <span class={qs.face}>
                    <span class={qs.judgeWord}>{t(v ? "question.judge.true" : "question.judge.false")}</span>
                    <Mark right={isRight} chosen={right !== null && chosen} />
                  </span>
                </label>
              );
            })}
          </div>
        ) : (
          <div class={qs.blanks}>
            {blanks.map((text, i) => {
              const id = `${name}-blank-${i}`;
              return (
                <div key={id} class={qs.blankField}>
                  <label for={id} class={qs.blankLabel}>
                    {blanks.length > 1 ? `${CIRCLED[i] ?? ""} ` : ""}
                    {t("practice.blank", { n: i + 1 })}
                  </label>
                  <input
                    id={id}
                    class={qs.blankInput}
                    value={text}
                    autoComplete="off"
                    maxLength={200}
                    enterKeyHint={i === blanks.length - 1 ? "done" : "next"}
                    onInput={(event) => {
                      const next = [...blanks];
                      next[i] = event.currentTarget.value;
                      onBlanks?.(next);
                    }}
                    onBlur={onBlankBlur}
                  />
                </div>
              );
            })}
          </div>
        )}
      </fieldset>

      {review ? <Verdict question={question} review={review} given={value} /> : null}
      {children}
    </section>
  );
}

/** Which shown positions are right (judge: 1 = 对, 0 = 错). */
function rightSet(question: AttemptQuestion, answer: unknown): Set<number> {
  if (question.type === "single" && typeof answer === "number") return new Set([answer]);
  if (question.type === "multiple" && Array.isArray(answer)) return new Set(answer as number[]);
  if (question.type === "judge" && typeof answer === "boolean") return new Set([answer ? 1 : 0]);
  return new Set();
}

function Mark({ right, chosen }: { right: boolean; chosen: boolean }) {
  if (!right && !chosen) return null;
  return (
    <span class={qs.mark}>
      <span class={qs.markPart}>
        {right ? <Icon name="checkCircle" size={1.125} /> : <Icon name="xCircle" size={1.125} />}
        {right ? t("practice.rightAnswer") : t("practice.yourChoice")}
      </span>
      {right && chosen ? <span class={qs.markPart}>· {t("practice.yourChoice")}</span> : null}
    </span>
  );
}

export type VerdictKind = "right" | "partial" | "wrong" | "none";

export function verdictOf(review: AttemptReviewItem, given: Response | null): VerdictKind {
  if (!isAnswer(given)) return "none";
  if (review.credit >= 1) return "right";
  return review.credit > 0 ? "partial" : "wrong";
}

/** Right or wrong by icon and words, the right answer, the member's own, the points, the explanation and its source. */
function Verdict({ question, review, given }: { question: AttemptQuestion; review: AttemptReviewItem; given: Response | null }) {
  const kind = verdictOf(review, given);
  const good = kind === "right" || kind === "partial";
  return (
    <div class={qs.feedback}>
      <p class={[qs.result, good ? qs.resultRight : qs.resultWrong].join(" ")}>
        <Icon name={kind === "right" ? "checkCircle" : kind === "partial" ? "alert" : "xCircle"} size={1.5} />
        <span>{t(`attempt.verdict.${kind}`)}</span>
        <span class={styles.earned}>{t("attempt.earned", { earned: review.earned, points: question.points })}</span>
      </p>
      <dl class={qs.answerList}>
        <div>
          <dt>{t("practice.rightAnswer")}</dt>
          <dd>
            {answerLines(question.type, review.rightAnswer).map((line) => (
              <span key={line} class={qs.answerLine}>
                {line}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t("practice.yourAnswer")}</dt>
          <dd>
            {isAnswer(given) ? (
              responseLines(given).map((line) => (
                <span key={line} class={qs.answerLine}>
                  {line}
                </span>
              ))
            ) : (
              <span class={qs.answerLine}>{t("attempt.noAnswer")}</span>
            )}
          </dd>
        </div>
      </dl>
      <div class={qs.explain}>
        <h4 class={qs.explainTitle}>{t("practice.explanation")}</h4>
        <p>{review.explanation || t("practice.noExplanation")}</p>
      </div>
      {review.source ? (
        <div class={qs.explain}>
          <h4 class={qs.explainTitle}>{t("practice.source")}</h4>
          <p class={qs.source}>{review.source}</p>
        </div>
      ) : null}
    </div>
  );
}

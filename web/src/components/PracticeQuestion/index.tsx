import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { t } from "../../i18n";
import { api } from "../../lib/api";
import { answerLines, CLEAR_AFTER, letter, responseLines, stemParts, typeLabel } from "../../lib/question";
import type { PracticeFeedback, PracticeMode, PracticeResponse, PracticeQuestion as Question } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { Badge } from "../Badge";
import { Button } from "../Button";
import { FieldError } from "../Field";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import styles from "./style.module.css";

type Props = {
  question: Question;
  mode: PracticeMode;
  /** The answer's feedback once given (also after a reload: the server returns it with the day's set). */
  feedback: PracticeFeedback | null;
  index: number;
  total: number;
  onAnswered: (feedback: PracticeFeedback) => void;
  /** The button after the feedback: 下一题, 查看今日小结, 返回小结. */
  nextLabel: string;
  onNext: () => void;
  /** Moves focus to the stem when shown, for a question that replaced another on the same screen. */
  focusOnMount?: boolean;
  /** A quiet action under the main button, e.g. 结束复习. */
  aside?: ComponentChildren;
};

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";

type Draft = { choice: number | null; choices: number[]; value: boolean | null; blanks: string[] };

function draftFrom(question: Question, given: PracticeResponse | undefined): Draft {
  return {
    choice: given?.type === "single" ? given.choice : null,
    choices: given?.type === "multiple" ? given.choices : [],
    value: given?.type === "judge" ? given.value : null,
    blanks: given?.type === "fill" ? given.blanks : Array.from({ length: Math.max(1, question.blanks) }, () => ""),
  };
}

function responseOf(question: Question, draft: Draft): PracticeResponse | null {
  switch (question.type) {
    case "single":
      return draft.choice === null ? null : { type: "single", choice: draft.choice };
    case "multiple":
      return draft.choices.length === 0 ? null : { type: "multiple", choices: [...draft.choices].sort((a, b) => a - b) };
    case "judge":
      return draft.value === null ? null : { type: "judge", value: draft.value };
    case "fill":
      return draft.blanks.some((b) => b.trim()) ? { type: "fill", blanks: draft.blanks.map((b) => b.trim()) } : null;
  }
}

/**
 * One practice question on one screen: the stem, the options as large cards, a submit button low
 * on the screen; then right or wrong (icon and words, never colour alone), the right answer, the
 * explanation and its source. Untimed: nothing here counts down.
 */
export function PracticeQuestion({ question, mode, feedback, index, total, onAnswered, nextLabel, onNext, focusOnMount, aside }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftFrom(question, feedback?.response));
  const [missing, setMissing] = useState(false);
  const stemId = useId();
  const name = useId();
  const stemRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const submit = useAction((response: PracticeResponse) =>
    api.post<PracticeFeedback>("/api/practice/answers", { questionId: question.id, mode, response }),
  );
  const answered = feedback !== null;

  useEffect(() => {
    if (focusOnMount) stemRef.current?.focus();
  }, []);

  const send = async (event: Event) => {
    event.preventDefault();
    if (answered || submit.pending) return;
    const response = responseOf(question, draft);
    if (!response) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const result = await submit.run(response);
    if (result) {
      onAnswered(result);
      // The result is what a person wants next: brought into view above the pinned button, and read out at once.
      requestAnimationFrame(() => {
        const result = resultRef.current;
        if (!result) return;
        result.focus({ preventScroll: true });
        result.scrollIntoView({ block: "start", behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
      });
    }
  };

  const change = (next: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...next }));
    setMissing(false);
  };

  const right = feedback ? rightSet(question, feedback.answer) : null;
  const given = feedback?.response ?? null;

  return (
    <form class={styles.card} onSubmit={send} noValidate aria-labelledby={stemId}>
      <div class={styles.head}>
        <p class={styles.progress}>{t("practice.progress", { n: index + 1, total })}</p>
        <Badge tone="red">{typeLabel(question.type)}</Badge>
      </div>
      <div class={styles.bar} aria-hidden="true">
        <span style={{ width: `${((index + (answered ? 1 : 0)) / Math.max(1, total)) * 100}%` }} />
      </div>

      <h2 id={stemId} ref={stemRef} class={styles.stem} tabIndex={-1}>
        {question.type === "fill"
          ? stemParts(question.stem).map((part, i) =>
              "text" in part ? (
                <span key={i}>{part.text}</span>
              ) : (
                <span key={i} class={styles.blankMark}>
                  <span class="visually-hidden">{t("practice.blankMark", { n: part.blank })}</span>
                  {/* A plain number in a stem reads as content ("在 1 个月内"): one blank is a bare rule, several are ①②③. */}
                  <span aria-hidden="true">{question.blanks > 1 ? (CIRCLED[part.blank - 1] ?? part.blank) : "\u00a0"}</span>
                </span>
              ),
            )
          : question.stem}
      </h2>
      <p class={styles.instruction}>{t(`practice.instruction.${question.type}`)}</p>

      <fieldset class={styles.answers} disabled={answered || submit.pending} aria-describedby={missing ? `${name}-missing` : undefined}>
        <legend class="visually-hidden">{t("practice.answerGroup")}</legend>
        {question.type === "single" || question.type === "multiple" ? (
          <div class={styles.options}>
            {question.options.map((option, i) => {
              const chosen = question.type === "single" ? draft.choice === i : draft.choices.includes(i);
              const state = right ? (right.has(i) ? "right" : chosen ? "wrong" : "rest") : chosen ? "chosen" : "idle";
              return (
                <label key={option} class={styles.option} data-state={state}>
                  <input
                    type={question.type === "single" ? "radio" : "checkbox"}
                    name={name}
                    checked={chosen}
                    onChange={() =>
                      question.type === "single"
                        ? change({ choice: i })
                        : change({ choices: chosen ? draft.choices.filter((c) => c !== i) : [...draft.choices, i] })
                    }
                  />
                  <span class={styles.face}>
                    <span class={[styles.letter, question.type === "multiple" ? styles.square : ""].join(" ")} aria-hidden="true">
                      {chosen && !right && question.type === "multiple" ? <Icon name="check" size={1} strokeWidth={2.6} /> : letter(i)}
                    </span>
                    <span class={styles.optionText}>
                      <span class="visually-hidden">{letter(i)}. </span>
                      {option}
                      <Mark right={right?.has(i) ?? false} chosen={right !== null && chosen} />
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
        ) : question.type === "judge" ? (
          <div class={styles.judge}>
            {([true, false] as const).map((value) => {
              const chosen = draft.value === value;
              const isRight = right?.has(value ? 1 : 0) ?? false;
              const state = right ? (isRight ? "right" : chosen ? "wrong" : "rest") : chosen ? "chosen" : "idle";
              return (
                <label key={String(value)} class={[styles.option, styles.judgeOption].join(" ")} data-state={state}>
                  <input type="radio" name={name} checked={chosen} onChange={() => change({ value })} />
                  <span class={styles.face}>
                    <span class={styles.judgeWord}>{t(value ? "question.judge.true" : "question.judge.false")}</span>
                    <Mark right={isRight} chosen={right !== null && chosen} />
                  </span>
                </label>
              );
            })}
          </div>
        ) : (
          <div class={styles.blanks}>
            {draft.blanks.map((value, i) => {
              const id = `${name}-blank-${i}`;
              return (
                <div key={id} class={styles.blankField}>
                  <label for={id} class={styles.blankLabel}>
                    {draft.blanks.length > 1 ? `${CIRCLED[i] ?? ""} ` : ""}
                    {t("practice.blank", { n: i + 1 })}
                  </label>
                  <input
                    id={id}
                    class={styles.blankInput}
                    value={value}
                    autoComplete="off"
                    maxLength={200}
                    enterKeyHint={i === draft.blanks.length - 1 ? "done" : "next"}
                    onInput={(event) => {
                      const next = [...draft.blanks];
                      next[i] = event.currentTarget.value;
                      change({ blanks: next });
                    }}
                  />
                </div>
              );
            })}
          </div>
        )}
      </fieldset>

      {missing ? (
        <FieldError id={`${name}-missing`} message={t(question.type === "fill" ? "practice.needBlank" : "practice.needChoice")} />
      ) : null}

      {feedback ? (
        <Feedback question={question} feedback={feedback} given={given} resultRef={resultRef} />
      ) : submit.error ? (
        <Notice tone="error" requestId={submit.error.status >= 500 ? submit.error.requestId : undefined}>
          {t("practice.submitFailed")} {submit.error.message}
        </Notice>
      ) : null}

      <div class={styles.actions}>
        {answered ? (
          <Button variant="primary" size="lg" block onClick={onNext}>
            {nextLabel}
          </Button>
        ) : (
          <Button type="submit" variant="primary" size="lg" block pending={submit.pending} pendingLabel={t("practice.submitting")}>
            {submit.error ? t("common.retry") : t("practice.submit")}
          </Button>
        )}
        {aside}
      </div>
    </form>
  );
}

/** Which option indices are right (judge: 1 = 对, 0 = 错). */
function rightSet(question: Question, answer: unknown): Set<number> {
  if (question.type === "single" && typeof answer === "number") return new Set([answer]);
  if (question.type === "multiple" && Array.isArray(answer)) return new Set(answer as number[]);
  if (question.type === "judge" && typeof answer === "boolean") return new Set([answer ? 1 : 0]);
  return new Set();
}

function Mark({ right, chosen }: { right: boolean; chosen: boolean }) {
  if (!right && !chosen) return null;
  return (
    <span class={styles.mark}>
      <span class={styles.markPart}>
        {right ? <Icon name="checkCircle" size={1.125} /> : <Icon name="xCircle" size={1.125} />}
        {right ? t("practice.rightAnswer") : t("practice.yourChoice")}
      </span>
      {right && chosen ? <span class={styles.markPart}>· {t("practice.yourChoice")}</span> : null}
    </span>
  );
}

function Feedback({
  question,
  feedback,
  given,
  resultRef,
}: {
  question: Question;
  feedback: PracticeFeedback;
  given: PracticeResponse | null;
  resultRef: { current: HTMLParagraphElement | null };
}) {
  // The book as it stands (after a reload, later review answers may have moved it on): a wrong
  // answer since answered right shows what is left, or that it has left the book.
  const book = feedback.wrongBook;
  const remaining = Math.max(1, CLEAR_AFTER - book.streak);
  const bookLine = book.cleared
    ? t("practice.book.cleared")
    : !book.inBook
      ? null
      : !feedback.correct && book.streak === 0
        ? t("practice.book.added", { n: CLEAR_AFTER })
        : t("practice.book.remaining", { n: remaining });
  return (
    <section class={styles.feedback}>
      <p ref={resultRef} tabIndex={-1} class={[styles.result, feedback.correct ? styles.resultRight : styles.resultWrong].join(" ")}>
        <Icon name={feedback.correct ? "checkCircle" : "xCircle"} size={1.5} />
        <span>{t(feedback.correct ? "practice.correct" : "practice.wrong")}</span>
      </p>
      <dl class={styles.answerList}>
        <div>
          <dt>{t("practice.rightAnswer")}</dt>
          <dd>
            {answerLines(question.type, feedback.answer).map((line) => (
              <span key={line} class={styles.answerLine}>
                {line}
              </span>
            ))}
          </dd>
        </div>
        {!feedback.correct && given ? (
          <div>
            <dt>{t("practice.yourAnswer")}</dt>
            <dd>
              {responseLines(given).map((line) => (
                <span key={line} class={styles.answerLine}>
                  {line}
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      {bookLine ? (
        <p class={styles.book}>
          <Icon name={book.cleared ? "check" : "notebook"} size={1.125} />
          <span>{bookLine}</span>
        </p>
      ) : null}
      <div class={styles.explain}>
        <h3 class={styles.explainTitle}>{t("practice.explanation")}</h3>
        <p>{feedback.explanation || t("practice.noExplanation")}</p>
      </div>
      {feedback.source ? (
        <div class={styles.explain}>
          <h3 class={styles.explainTitle}>{t("practice.source")}</h3>
          <p class={styles.source}>{feedback.source}</p>
        </div>
      ) : null}
    </section>
  );
}

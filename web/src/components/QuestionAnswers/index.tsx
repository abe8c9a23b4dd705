import type { Ref } from "preact";
import { useId } from "preact/hooks";
import { t } from "../../i18n";
import { letter, stemParts } from "../../lib/question";
import type { QuestionType, PracticeResponse as Response } from "../../lib/types";
import { Icon } from "../Icon";
// The practice question's look: the same cards, marks and blanks wherever a member answers.
import qs from "../PracticeQuestion/style.module.css";

/**
 * The parts of a question screen that a contest attempt and a module quiz share: the stem with its
 * numbered blanks, and the answers — options as large cards, 对/错, or blanks — with, in review,
 * the right answer marked by icon and words. They hold no state; the screen owns the answer.
 */

type Question = { type: QuestionType; stem: string; options: string[]; blanks: number };

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";

export function emptyBlanks(question: Pick<Question, "blanks">): string[] {
  return Array.from({ length: Math.max(1, question.blanks) }, () => "");
}

/** Whether a response counts as an answer (a fill-in with every blank empty does not). */
export function isAnswer(response: Response | null | undefined): response is Response {
  if (!response) return false;
  return response.type !== "fill" || response.blanks.some((b) => b.trim() !== "");
}

/** Which shown positions are right (judge: 1 = 对, 0 = 错). */
export function rightSet(question: Pick<Question, "type">, answer: unknown): Set<number> {
  if (question.type === "single" && typeof answer === "number") return new Set([answer]);
  if (question.type === "multiple" && Array.isArray(answer)) return new Set(answer as number[]);
  if (question.type === "judge" && typeof answer === "boolean") return new Set([answer ? 1 : 0]);
  return new Set();
}

/** The stem as a heading (focusable, so a new question can be announced), its blanks numbered when there are several. */
export function QuestionStem({
  question,
  id,
  progress,
  stemRef,
  headingLevel = 2,
}: {
  question: Pick<Question, "type" | "stem" | "blanks">;
  id: string;
  /** Read before the stem by screen readers: "第 2 题，共 5 题". */
  progress: string;
  stemRef?: Ref<HTMLHeadingElement> | undefined;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <Heading id={id} ref={stemRef} class={qs.stem} tabIndex={-1}>
      <span class="visually-hidden">{progress}：</span>
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
  );
}

type AnswersProps = {
  question: Question;
  value: Response | null;
  /** In review: the right answer's positions (see `rightSet`); null while answering. */
  right: Set<number> | null;
  disabled: boolean;
  /** The group's accessible name. */
  legend: string;
  /** A choice or 对/错 was picked (multiple: the new set, null when none is left). */
  onChoose?: ((response: Response | null) => void) | undefined;
  /** A blank was typed in. */
  onBlanks?: ((blanks: string[]) => void) | undefined;
  onBlankBlur?: (() => void) | undefined;
};

export function QuestionAnswers({ question, value, right, disabled, legend, onChoose, onBlanks, onBlankBlur }: AnswersProps) {
  const name = useId();
  const choice = value?.type === "single" ? value.choice : null;
  const choices = value?.type === "multiple" ? value.choices : [];
  const judged = value?.type === "judge" ? value.value : null;
  const blanks = value?.type === "fill" ? value.blanks : emptyBlanks(question);
  const stateOf = (chosen: boolean, isRight: boolean) =>
    right ? (isRight ? "right" : chosen ? "wrong" : "rest") : chosen ? "chosen" : disabled ? "rest" : "idle";

  return (
    <fieldset class={qs.answers} disabled={disabled}>
      <legend class="visually-hidden">{legend}</legend>
      {question.type === "single" || question.type === "multiple" ? (
        <div class={qs.options}>
          {question.options.map((option, i) => {
            const chosen = question.type === "single" ? choice === i : choices.includes(i);
            const isRight = right?.has(i) ?? false;
            return (
              <label key={i} class={qs.option} data-state={stateOf(chosen, isRight)}>
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
            return (
              <label key={String(v)} class={[qs.option, qs.judgeOption].join(" ")} data-state={stateOf(chosen, isRight)}>
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
  );
}

/** "正确答案" / "你的选择" beside an option in review, by icon and words. */
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

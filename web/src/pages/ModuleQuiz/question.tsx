import type { ComponentChildren, Ref } from "preact";
import { useId } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Icon } from "../../components/Icon";
// The practice question's look, reused as is (as the contest's does): one quiz screen for a member.
import qs from "../../components/PracticeQuestion/style.module.css";
import { tc } from "../../i18n/courses.zh-CN";
import { answerLines, letter, responseLines, stemParts, typeLabel } from "../../lib/question";
import type { ModuleQuizQuestion, ModuleQuizReviewItem, PracticeResponse as Response } from "../../lib/types";

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";

export function emptyBlanks(question: ModuleQuizQuestion): string[] {
  return Array.from({ length: Math.max(1, question.blanks) }, () => "");
}

/** A fill-in with every blank empty is no answer. */
export function isAnswer(response: Response | null | undefined): response is Response {
  if (!response) return false;
  return response.type !== "fill" || response.blanks.some((b) => b.trim() !== "");
}

/** Which shown positions are right (judge: 1 = 对, 0 = 错). */
function rightSet(question: ModuleQuizQuestion, answer: unknown): Set<number> {
  if (question.type === "single" && typeof answer === "number") return new Set([answer]);
  if (question.type === "multiple" && Array.isArray(answer)) return new Set(answer as number[]);
  if (question.type === "judge" && typeof answer === "boolean") return new Set([answer ? 1 : 0]);
  return new Set();
}

type Props = {
  question: ModuleQuizQuestion;
  total: number;
  value: Response | null;
  onValue?: (response: Response | null) => void;
  /** After submission: right or wrong, the right answer, the explanation and source. */
  review?: ModuleQuizReviewItem | null;
  stemRef?: Ref<HTMLHeadingElement>;
  headingLevel?: 2 | 3;
  /** Answered so far, for the progress bar (absent: none). */
  answered?: number;
  children?: ComponentChildren;
};

/** One quiz question: the stem, the options as large cards; in review, the verdict by icon and words. It holds no state. */
export function QuizQuestion({ question, total, value, onValue, review, stemRef, headingLevel = 2, answered, children }: Props) {
  const stemId = useId();
  const name = useId();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const right = review ? rightSet(question, review.rightAnswer) : null;
  const disabled = review != null;
  const choice = value?.type === "single" ? value.choice : null;
  const choices = value?.type === "multiple" ? value.choices : [];
  const judged = value?.type === "judge" ? value.value : null;
  const blanks = value?.type === "fill" ? value.blanks : emptyBlanks(question);
  const progress = tc("courses.quiz.progress", { n: question.seq, total });

  return (
    <section class={qs.card} aria-labelledby={stemId}>
      <div class={qs.head}>
        <p class={qs.progress}>{progress}</p>
        <Badge tone="red">{typeLabel(question.type)}</Badge>
      </div>
      {answered !== undefined ? (
        <div class={qs.bar} aria-hidden="true">
          <span style={{ width: `${(answered / Math.max(1, total)) * 100}%` }} />
        </div>
      ) : null}
      <Heading id={stemId} ref={stemRef} class={qs.stem} tabIndex={-1}>
        <span class="visually-hidden">{progress}：</span>
        {question.type === "fill"
          ? stemParts(question.stem).map((part, i) =>
              "text" in part ? (
                <span key={i}>{part.text}</span>
              ) : (
                <span key={i} class={qs.blankMark}>
                  <span class="visually-hidden">{tc("practice.blankMark", { n: part.blank })}</span>
                  <span aria-hidden="true">{question.blanks > 1 ? (CIRCLED[part.blank - 1] ?? part.blank) : "\u00a0"}</span>
                </span>
              ),
            )
          : question.stem}
      </Heading>
      {review ? null : <p class={qs.instruction}>{tc(`practice.instruction.${question.type}`)}</p>}

      <fieldset class={qs.answers} disabled={disabled}>
        <legend class="visually-hidden">{tc("practice.answerGroup")}</legend>
        {question.type === "single" || question.type === "multiple" ? (
          <div class={qs.options}>
            {question.options.map((option, i) => {
              const chosen = question.type === "single" ? choice === i : choices.includes(i);
              const isRight = right?.has(i) ?? false;
              const state = right ? (isRight ? "right" : chosen ? "wrong" : "rest") : chosen ? "chosen" : "idle";
              return (
                <label key={i} class={qs.option} data-state={state}>
                  <input
                    type={question.type === "single" ? "radio" : "checkbox"}
                    name={name}
                    checked={chosen}
                    onChange={() => {
                      if (question.type === "single") {
                        onValue?.({ type: "single", choice: i });
                        return;
                      }
                      const next = chosen ? choices.filter((c) => c !== i) : [...choices, i].sort((a, b) => a - b);
                      onValue?.(next.length > 0 ? { type: "multiple", choices: next } : null);
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
              const state = right ? (isRight ? "right" : chosen ? "wrong" : "rest") : chosen ? "chosen" : "idle";
              return (
                <label key={String(v)} class={[qs.option, qs.judgeOption].join(" ")} data-state={state}>
                  <input type="radio" name={name} checked={chosen} onChange={() => onValue?.({ type: "judge", value: v })} />
                  <span class={qs.face}>
                    <span class={qs.judgeWord}>{tc(v ? "question.judge.true" : "question.judge.false")}</span>
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
                    {tc("practice.blank", { n: i + 1 })}
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
                      onValue?.({ type: "fill", blanks: next });
                    }}
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

function Mark({ right, chosen }: { right: boolean; chosen: boolean }) {
  if (!right && !chosen) return null;
  return (
    <span class={qs.mark}>
      <span class={qs.markPart}>
        {right ? <Icon name="checkCircle" size={1.125} /> : <Icon name="xCircle" size={1.125} />}
        {right ? tc("practice.rightAnswer") : tc("practice.yourChoice")}
      </span>
      {right && chosen ? <span class={qs.markPart}>· {tc("practice.yourChoice")}</span> : null}
    </span>
  );
}

/** Right or wrong by icon and words, the right answer, the member's own, the explanation and its source. */
function Verdict({ question, review, given }: { question: ModuleQuizQuestion; review: ModuleQuizReviewItem; given: Response | null }) {
  const kind = !isAnswer(given) ? "none" : review.correct ? "right" : "wrong";
  return (
    <div class={qs.feedback}>
      <p class={[qs.result, kind === "right" ? qs.resultRight : qs.resultWrong].join(" ")}>
        <Icon name={kind === "right" ? "checkCircle" : "xCircle"} size={1.5} />
        <span>{tc(`courses.quiz.verdict.${kind}`)}</span>
      </p>
      <dl class={qs.answerList}>
        <div>
          <dt>{tc("practice.rightAnswer")}</dt>
          <dd>
            {answerLines(question.type, review.rightAnswer).map((line) => (
              <span key={line} class={qs.answerLine}>
                {line}
              </span>
            ))}
          </dd>
        </div>
        {kind !== "right" ? (
          <div>
            <dt>{tc("practice.yourAnswer")}</dt>
            <dd>
              {isAnswer(given) ? (
                responseLines(given).map((line) => (
                  <span key={line} class={qs.answerLine}>
                    {line}
                  </span>
                ))
              ) : (
                <span class={qs.answerLine}>{tc("courses.quiz.verdict.none")}</span>
              )}
            </dd>
          </div>
        ) : null}
      </dl>
      <div class={qs.explain}>
        <h4 class={qs.explainTitle}>{tc("practice.explanation")}</h4>
        <p>{review.explanation || tc("practice.noExplanation")}</p>
      </div>
      {review.source ? (
        <div class={qs.explain}>
          <h4 class={qs.explainTitle}>{tc("practice.source")}</h4>
          <p class={qs.source}>{review.source}</p>
        </div>
      ) : null}
    </div>
  );
}

import type { ComponentChildren, Ref } from "preact";
import { useId } from "preact/hooks";
import { tk } from "../../i18n/contests.zh-CN";
import { answerLines, responseLines, typeLabel } from "../../lib/question";
import type { AttemptQuestion, AttemptReviewItem, PracticeResponse as Response } from "../../lib/types";
import { Badge } from "../Badge";
import { Icon } from "../Icon";
// The practice question's look, reused as is: the same cards, marks and feedback, so a member meets one quiz screen.
import qs from "../PracticeQuestion/style.module.css";
import { isAnswer, QuestionAnswers, QuestionStem, rightSet } from "../QuestionAnswers";
import styles from "./style.module.css";

export { emptyBlanks, isAnswer } from "../QuestionAnswers";

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
  const right = review ? rightSet(question, review.rightAnswer) : null;
  const progress = tk("attempt.progress", { n: question.seq, total });

  return (
    <section class={[qs.card, styles.card].join(" ")} aria-labelledby={stemId}>
      <div class={qs.head}>
        <p class={qs.progress}>{progress}</p>
        <span class={styles.meta}>
          <Badge tone="red">{typeLabel(question.type)}</Badge>
          <span class={styles.points}>{tk("attempt.points", { n: question.points })}</span>
        </span>
      </div>
      {answered !== undefined ? (
        <div class={qs.bar} aria-hidden="true">
          <span style={{ width: `${(answered / Math.max(1, total)) * 100}%` }} />
        </div>
      ) : null}

      <QuestionStem question={question} id={stemId} progress={progress} stemRef={stemRef} headingLevel={headingLevel} />
      {review ? null : <p class={qs.instruction}>{tk(`practice.instruction.${question.type}`)}</p>}

      <QuestionAnswers
        question={question}
        value={value}
        right={right}
        disabled={Boolean(locked) || review != null}
        legend={tk("attempt.answerFor", { n: question.seq })}
        onChoose={onChoose}
        onBlanks={onBlanks}
        onBlankBlur={onBlankBlur}
      />

      {review ? <Verdict question={question} review={review} given={value} /> : null}
      {children}
    </section>
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
        <span>{tk(`attempt.verdict.${kind}`)}</span>
        <span class={styles.earned}>{tk("attempt.earned", { earned: review.earned, points: question.points })}</span>
      </p>
      <dl class={qs.answerList}>
        <div>
          <dt>{tk("practice.rightAnswer")}</dt>
          <dd>
            {answerLines(question.type, review.rightAnswer).map((line) => (
              <span key={line} class={qs.answerLine}>
                {line}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{tk("practice.yourAnswer")}</dt>
          <dd>
            {isAnswer(given) ? (
              responseLines(given).map((line) => (
                <span key={line} class={qs.answerLine}>
                  {line}
                </span>
              ))
            ) : (
              <span class={qs.answerLine}>{tk("attempt.noAnswer")}</span>
            )}
          </dd>
        </div>
      </dl>
      <div class={qs.explain}>
        <h4 class={qs.explainTitle}>{tk("practice.explanation")}</h4>
        <p>{review.explanation || tk("practice.noExplanation")}</p>
      </div>
      {review.source ? (
        <div class={qs.explain}>
          <h4 class={qs.explainTitle}>{tk("practice.source")}</h4>
          <p class={qs.source}>{review.source}</p>
        </div>
      ) : null}
    </div>
  );
}

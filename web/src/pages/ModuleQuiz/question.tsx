import type { ComponentChildren, Ref } from "preact";
import { useId } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Icon } from "../../components/Icon";
// The practice question's look, reused as is (as the contest's does): one quiz screen for a member.
import qs from "../../components/PracticeQuestion/style.module.css";
import { isAnswer, QuestionAnswers, QuestionStem, rightSet } from "../../components/QuestionAnswers";
import { tc } from "../../i18n/courses.zh-CN";
import { answerLines, responseLines, typeLabel } from "../../lib/question";
import type { ModuleQuizQuestion, ModuleQuizReviewItem, PracticeResponse as Response } from "../../lib/types";

export { emptyBlanks, isAnswer } from "../../components/QuestionAnswers";

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
  const right = review ? rightSet(question, review.rightAnswer) : null;
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
      <QuestionStem question={question} id={stemId} progress={progress} stemRef={stemRef} headingLevel={headingLevel} />
      {review ? null : <p class={qs.instruction}>{tc(`practice.instruction.${question.type}`)}</p>}

      <QuestionAnswers
        question={question}
        value={value}
        right={right}
        disabled={review != null}
        legend={tc("practice.answerGroup")}
        onChoose={onValue}
        onBlanks={(blanks) => onValue?.({ type: "fill", blanks })}
      />

      {review ? <Verdict question={question} review={review} given={value} /> : null}
      {children}
    </section>
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

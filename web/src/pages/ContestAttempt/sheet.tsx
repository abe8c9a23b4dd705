import { Button } from "../../components/Button";
import { isAnswer } from "../../components/ContestQuestion";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { tk } from "../../i18n/contests.zh-CN";
import type { Attempt, PracticeResponse as Response } from "../../lib/types";
import type { AnswerQueue } from "./answer-queue";
import styles from "./style.module.css";

type Props = {
  open: boolean;
  onClose: () => void;
  attempt: Attempt;
  current: number;
  drafts: Map<number, Response | null>;
  queue: AnswerQueue;
  /** Free rounds: a number takes you to its question. Otherwise the card only shows where you stand. */
  canJump: boolean;
  onJump: (seq: number) => void;
  onFinish: () => void;
};

/**
 * 答题卡: every question as a numbered square, answered ones filled and ticked (shape and words as
 * well as colour), the current one ringed; in a free round each square is a button to its question.
 */
export function AnswerSheet({ open, onClose, attempt, current, drafts, queue, canJump, onJump, onFinish }: Props) {
  const seqs = Array.from({ length: attempt.questionCount }, (_, i) => i + 1);
  const answered = seqs.filter((seq) => isAnswer(drafts.get(seq))).length;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={tk("attempt.sheet")}
      size="md"
      footer={
        <>
          <Button onClick={onClose}>{tk("attempt.sheet.back")}</Button>
          <Button variant="primary" onClick={onFinish}>
            {tk("attempt.finish")}
          </Button>
        </>
      }
    >
      <p class={styles.sheetSummary}>
        {tk("attempt.sheet.summary", { answered, left: attempt.questionCount - answered })}
        {canJump ? "" : ` ${tk("attempt.sheet.noJump")}`}
      </p>
      <ul class={styles.legend} aria-label={tk("attempt.sheet.legend")}>
        <li>
          <span class={[styles.cellSample, styles.cellAnswered].join(" ")} aria-hidden="true">
            <Icon name="check" size={0.875} strokeWidth={2.6} />
          </span>
          {tk("attempt.sheet.answered")}
        </li>
        <li>
          <span class={styles.cellSample} aria-hidden="true" />
          {tk("attempt.sheet.unanswered")}
        </li>
        <li>
          <span class={[styles.cellSample, styles.cellCurrent].join(" ")} aria-hidden="true" />
          {tk("attempt.sheet.current")}
        </li>
      </ul>
      <ol class={styles.grid}>
        {seqs.map((seq) => {
          const done = isAnswer(drafts.get(seq));
          const state = queue.state(seq);
          const pending = state === "saving" || state === "retrying";
          const here = seq === current;
          const words = [
            tk("attempt.sheet.cell", { n: seq }),
            tk(done ? "attempt.sheet.answered" : "attempt.sheet.unanswered"),
            pending ? tk("attempt.sheet.pending") : "",
            here ? tk("attempt.sheet.current") : "",
          ]
            .filter(Boolean)
            .join("，");
          const cls = [styles.cell, done ? styles.cellAnswered : "", here ? styles.cellCurrent : ""].join(" ");
          const inner = (
            <>
              <span class={styles.cellNo}>{seq}</span>
              {done ? <Icon name={pending ? "clock" : "check"} size={0.875} strokeWidth={2.6} class={styles.cellMark} /> : null}
            </>
          );
          return (
            <li key={seq}>
              {canJump ? (
                <button type="button" class={cls} aria-label={words} aria-current={here ? "step" : undefined} onClick={() => onJump(seq)}>
                  {inner}
                </button>
              ) : (
                <span class={cls} role="img" aria-label={words}>
                  {inner}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </Dialog>
  );
}

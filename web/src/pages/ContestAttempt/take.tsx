import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Button, buttonClass } from "../../components/Button";
import { ContestQuestion, isAnswer } from "../../components/ContestQuestion";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading, Spinner } from "../../components/Spinner";
import taskBar from "../../components/TaskBar/style.module.css";
import { tk } from "../../i18n/contests.zh-CN";
import { ApiError, api } from "../../lib/api";
import { resultHref } from "../../lib/contest";
import { ServerClock } from "../../lib/server-clock";
import type { Attempt, AttemptResponse, PracticeResponse as Response } from "../../lib/types";
import { AnswerQueue } from "./answer-queue";
import { Countdown, QuestionTimer } from "./countdown";
import { takePrimed } from "./primed";
import { AnswerSheet } from "./sheet";
import styles from "./style.module.css";

/**
 * free: move back and forth, every answer saved as given and changeable until the deadline.
 * forward: no going back; an answer is final once saved, so it is saved on 确定/下一题, not on a tap.
 * sequential: one question at a time on the server's clock (每题限时); the server moves on when the
 * question is answered or its time runs out.
 */
type Mode = "free" | "forward" | "sequential";
type Phase = "answering" | "advancing" | "questionOver" | "timeUp" | "finishing";

const modeOf = (a: Attempt): Mode => (a.sequential ? "sequential" : a.allowBack ? "free" : "forward");

const positionKey = (id: string) => `lx.attempt.${id}.seq`;

function readPosition(id: string): number | null {
  try {
    const value = Number(localStorage.getItem(positionKey(id)));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function writePosition(id: string, seq: number | null) {
  try {
    if (seq === null) localStorage.removeItem(positionKey(id));
    else localStorage.setItem(positionKey(id), String(seq));
  } catch {
    // Private mode: a reload starts at the first question not answered.
  }
}

/** Where a reload lands: the question last on screen, else the first not answered (never behind what the rules allow). */
function startingSeq(a: Attempt, answers: Map<number, Response | null>): number {
  const count = a.questionCount;
  if (a.sequential) return Math.min(a.currentSeq, count + 1);
  const stored = readPosition(a.id);
  const answered = a.questions.filter((q) => isAnswer(answers.get(q.seq))).map((q) => q.seq);
  if (a.allowBack) {
    if (stored && stored <= count) return stored;
    return a.questions.find((q) => !isAnswer(answers.get(q.seq)))?.seq ?? count;
  }
  const frontier = Math.min(count, answered.length ? Math.max(...answered) + 1 : 1);
  return Math.min(count, Math.max(stored ?? frontier, frontier));
}

export function TakeScreen({ attemptId }: { attemptId: string }) {
  const { route } = useLocation();
  const clock = useMemo(() => new ServerClock(), []);
  const [attempt, setAttemptState] = useState<Attempt | null>(null);
  const attemptRef = useRef<Attempt | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [drafts, setDraftsState] = useState<Map<number, Response | null>>(() => new Map());
  const draftsRef = useRef(drafts);
  /** Fill-in answers typed but not yet handed to the queue (they go on leaving the field or the question). */
  const dirty = useRef(new Set<number>());
  const [current, setCurrentState] = useState(0);
  const currentRef = useRef(0);
  const [phase, setPhaseState] = useState<Phase>("answering");
  const phaseRef = useRef<Phase>("answering");
  const [, setVersion] = useState(0);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [finishError, setFinishError] = useState<string | null>(null);
  const [needAnswer, setNeedAnswer] = useState(false);
  const stemRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const loading = useRef(false);

  const setDrafts = (next: Map<number, Response | null>) => {
    draftsRef.current = next;
    setDraftsState(next);
  };
  const setPhase = (next: Phase) => {
    phaseRef.current = next;
    setPhaseState(next);
  };
  const setCurrent = (seq: number) => {
    currentRef.current = seq;
    setCurrentState(seq);
    writePosition(attemptId, seq);
  };

  const load = useCallback(async (): Promise<void> => {
    if (loading.current) return;
    loading.current = true;
    const sentAt = Date.now();
    try {
      const response = await api.get<AttemptResponse>(`/api/attempts/${encodeURIComponent(attemptId)}`);
      clock.sample(response.attempt.serverNow, sentAt, Date.now());
      apply(response.attempt);
      setLoadError(null);
    } catch (err) {
      // Once the attempt is on screen, a failed refresh changes nothing: the timers ask again.
      if (!attemptRef.current) setLoadError(err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", tk("error.unexpected")));
    } finally {
      loading.current = false;
    }
  }, [attemptId]);

  const queue = useMemo(
    () =>
      new AnswerQueue(attemptId, {
        onSaved: (result, sentAt, receivedAt) => {
          clock.sample(result.serverNow, sentAt, receivedAt);
          const a = attemptRef.current;
          // A sequential round moved on: the next question comes with the attempt.
          if (a?.sequential && result.currentSeq !== a.currentSeq) void load();
        },
        onRefused: (_seq, error) => {
          // Time over, the attempt closed, a question passed: the attempt as it now stands says what to show.
          if (error.status === 409) void load();
        },
        onChange: () => setVersion((n) => n + 1),
      }),
    [attemptId],
  );
  useEffect(() => () => queue.dispose(), [queue]);

  /** Takes the server's attempt: closed → the result; else its answers, merged with what is still on its way. */
  function apply(a: Attempt) {
    if (a.status !== "open") {
      queue.clearStored();
      writePosition(a.id, null);
      route(resultHref(a.id), true);
      return;
    }
    const first = attemptRef.current === null;
    const previous = attemptRef.current;
    attemptRef.current = a;
    setAttemptState(a);
    const next = new Map(draftsRef.current);
    for (const q of a.questions) {
      const state = queue.state(q.seq);
      if (dirty.current.has(q.seq) || state === "saving" || state === "retrying") continue;
      if (q.answer || !next.has(q.seq)) next.set(q.seq, q.answer);
    }
    const resumed = queue.sync(a.questions, { resumeUnsent: first });
    for (const [seq, response] of resumed) next.set(seq, response);
    setDrafts(next);
    if (first) {
      moved.current = true;
      setCurrent(startingSeq(a, next));
    } else if (
      a.sequential &&
      previous &&
      (a.currentSeq !== previous.currentSeq || currentRef.current !== Math.min(a.currentSeq, a.questionCount + 1))
    ) {
      moved.current = true;
      setCurrent(Math.min(a.currentSeq, a.questionCount + 1));
      setNeedAnswer(false);
      if (phaseRef.current === "advancing" || phaseRef.current === "questionOver") setPhase("answering");
    }
  }

  // First load: the attempt the start screen just made, or the server's.
  useEffect(() => {
    const primed = takePrimed(attemptId);
    if (primed) {
      clock.sample(primed.attempt.serverNow, primed.sentAt, primed.receivedAt);
      apply(primed.attempt);
    } else {
      void load();
    }
  }, [attemptId]);

  // Back from another app or a phone call, or back online: the server's time and state again.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
      else commitDirty(); // hidden: what was typed goes to the queue, which keeps it across a killed tab
    };
    const onOnline = () => void load();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("online", onOnline);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("online", onOnline);
    };
  }, [load]);

  // Leaving with answers not yet on the server: the browser asks first.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      commitDirty();
      if (queue.unsent > 0 && phaseRef.current !== "timeUp") {
        event.preventDefault();
        event.returnValue = "";
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [queue]);

  // A new question on screen: focus its stem (read out with its number), from the top.
  useEffect(() => {
    if (!moved.current || !attempt) return;
    moved.current = false;
    window.scrollTo(0, 0);
    stemRef.current?.focus({ preventScroll: true });
  }, [current, attempt !== null]);

  // After a question's time (sequential) or the whole time ran out, the server moves on only after
  // its grace for the network; ask again until it has.
  useEffect(() => {
    if (phase !== "questionOver" && phase !== "timeUp") return;
    const timer = setInterval(() => {
      const a = attemptRef.current;
      if (!a) return;
      const due = phase === "timeUp" ? a.deadlineAt + a.graceMs : a.currentOpenedAt + (a.questionTimeSec ?? 0) * 1000 + a.graceMs;
      if (clock.now() > due + 300) void load();
    }, 1000);
    return () => clearInterval(timer);
  }, [phase]);

  function commitDirty() {
    for (const seq of [...dirty.current]) {
      dirty.current.delete(seq);
      const a = attemptRef.current;
      const response = draftsRef.current.get(seq);
      if (a && modeOf(a) === "free" && response) queue.put(seq, response);
    }
  }

  /** Forward and sequential rounds: the answer on screen, given at last (on 确定, or when the time runs out). */
  function commitCurrent() {
    const seq = currentRef.current;
    dirty.current.delete(seq);
    const response = draftsRef.current.get(seq);
    if (isAnswer(response) && queue.state(seq) !== "saved") queue.put(seq, response);
  }

  if (loadError) {
    return (
      <div class={styles.loadFailed}>
        <Notice
          tone="error"
          requestId={loadError.requestId}
          action={
            <>
              <Button icon="refresh" onClick={() => void load()}>
                {tk("common.retry")}
              </Button>
              <a class={buttonClass("quiet")} href="/contests">
                {tk("attempt.backToList")}
              </a>
            </>
          }
        >
          {loadError.status === 404 ? tk("attempt.notFound") : loadError.message}
        </Notice>
      </div>
    );
  }
  if (!attempt || current === 0) return <Loading label={tk("attempt.loading")} minHeight={20} />;

  const mode = modeOf(attempt);
  const total = attempt.questionCount;
  const question = attempt.questions.find((q) => q.seq === current) ?? null;
  const draft = drafts.get(current) ?? null;
  const answeredCount = attempt.questions.filter((q) => isAnswer(drafts.get(q.seq))).length;
  const unanswered = total - answeredCount;
  const savedHere = question ? queue.state(question.seq) : "none";
  // Forward and sequential rounds: an answer the server holds is final.
  const locked = mode !== "free" && savedHere === "saved" && isAnswer(question?.answer ?? draft);
  const busy = phase === "timeUp" || phase === "finishing";

  const choose = (response: Response | null) => {
    if (!question || busy) return;
    setNeedAnswer(false);
    const next = new Map(draftsRef.current);
    next.set(question.seq, response);
    setDrafts(next);
    if (mode === "free" && response) queue.put(question.seq, response);
  };

  const typeBlanks = (blanks: string[]) => {
    if (!question || busy) return;
    setNeedAnswer(false);
    dirty.current.add(question.seq);
    const next = new Map(draftsRef.current);
    next.set(question.seq, { type: "fill", blanks });
    setDrafts(next);
  };

  const go = (seq: number) => {
    commitDirty();
    setSheetOpen(false);
    if (seq === currentRef.current) return;
    moved.current = true;
    setCurrent(seq);
  };

  const forwardNext = () => {
    commitCurrent();
    go(Math.min(total, current + 1));
  };

  const confirmSequential = () => {
    if (!isAnswer(draftsRef.current.get(current))) {
      setNeedAnswer(true);
      return;
    }
    commitCurrent();
    setPhase("advancing");
  };

  const onQuestionTimeUp = () => {
    if (phaseRef.current !== "answering" && phaseRef.current !== "advancing") return;
    commitCurrent(); // what was chosen when the time ran out still counts, within the server's grace
    setPhase("questionOver");
  };

  const onTimeUp = () => {
    if (phaseRef.current === "timeUp") return;
    if (modeOf(attempt) === "free") commitDirty();
    else commitCurrent();
    setSheetOpen(false);
    setConfirmOpen(false);
    setPhase("timeUp");
    void queue.flush(attempt.graceMs);
  };

  const askFinish = () => {
    if (mode === "free") commitDirty();
    else commitCurrent();
    setFinishError(null);
    setSheetOpen(false);
    setConfirmOpen(true);
  };

  const finish = async () => {
    setPhase("finishing");
    setFinishError(null);
    const sent = await queue.flush(10_000);
    if (!sent) {
      setFinishError(tk("attempt.finish.unsent", { n: queue.unsent }));
      setPhase("answering");
      return;
    }
    const sentAt = Date.now();
    try {
      const response = await api.post<AttemptResponse>(`/api/attempts/${encodeURIComponent(attemptId)}/finish`, {});
      clock.sample(response.attempt.serverNow, sentAt, Date.now());
      setConfirmOpen(false);
      apply(response.attempt);
    } catch (err) {
      setFinishError(err instanceof ApiError ? err.message : tk("error.unexpected"));
      setPhase("answering");
    }
  };

  const done = mode === "sequential" && current > total;
  const last = current >= total;

  return (
    <div class={styles.screen}>
      <header class={taskBar.top}>
        <div class={taskBar.bar}>
          <a class={taskBar.back} href="/contests" aria-label={tk("attempt.leave")}>
            <Icon name="chevronLeft" size={1.5} />
          </a>
          <div class={taskBar.titles}>
            <span class={taskBar.roundName}>{attempt.roundName}</span>
            <span class={styles.contestName}>{attempt.contestTitle}</span>
          </div>
          <Countdown clock={clock} until={attempt.deadlineAt} onExpire={onTimeUp} />
        </div>

        {mode === "sequential" && !done && attempt.questionTimeSec !== null && phase !== "timeUp" ? (
          <QuestionTimer
            key={attempt.currentSeq}
            clock={clock}
            openedAt={attempt.currentOpenedAt}
            seconds={attempt.questionTimeSec}
            over={phase === "questionOver"}
            onExpire={onQuestionTimeUp}
          />
        ) : null}

        {queue.offline && queue.unsent > 0 ? (
          <p class={styles.offline} role="status">
            <Icon name="alert" size={1.125} />
            <span>{tk("attempt.offline", { n: queue.unsent })}</span>
          </p>
        ) : null}
      </header>

      <div class={styles.content}>
        {phase === "timeUp" ? (
          <TimeUp unsent={queue.unsent} />
        ) : done ? (
          <section class={styles.doneCard} aria-labelledby="done-title">
            <Icon name="checkCircle" size={2} />
            <h2 id="done-title" ref={stemRef} tabIndex={-1}>
              {tk("attempt.sequentialDone")}
            </h2>
            <p>{tk("attempt.sequentialDoneBody")}</p>
          </section>
        ) : question ? (
          <ContestQuestion
            key={question.seq}
            question={question}
            total={total}
            value={draft}
            onChoose={choose}
            onBlanks={typeBlanks}
            onBlankBlur={mode === "free" ? commitDirty : undefined}
            locked={locked || busy || phase === "advancing" || phase === "questionOver"}
            stemRef={stemRef}
            answered={answeredCount}
          >
            <SaveLine
              mode={mode}
              state={savedHere}
              refusal={queue.refusal(current)}
              typed={dirty.current.has(current)}
              hasDraft={isAnswer(draft)}
              needAnswer={needAnswer}
              emptiedMultiple={question.type === "multiple" && draft === null && isAnswer(question.answer)}
            />
            {phase === "questionOver" ? (
              <p class={styles.questionOver} role="status">
                <Spinner />
                <span>{tk("attempt.questionOver")}</span>
              </p>
            ) : null}
          </ContestQuestion>
        ) : (
          <Loading label={tk("attempt.loading")} minHeight={12} />
        )}
      </div>

      {phase === "timeUp" ? null : (
        <nav class={styles.controls} aria-label={tk("attempt.controls")}>
          {mode === "free" ? (
            <>
              <Button size="lg" icon="chevronLeft" disabled={current <= 1 || busy} onClick={() => go(current - 1)} class={styles.prev}>
                {tk("attempt.prev")}
              </Button>
              <Button size="lg" onClick={() => setSheetOpen(true)} class={styles.sheetButton} aria-haspopup="dialog" disabled={busy}>
                <span class={styles.sheetLabel}>
                  <SheetIcon />
                  <span>{tk("attempt.sheet")}</span>
                </span>
              </Button>
              {last ? (
                <Button variant="primary" size="lg" onClick={askFinish} disabled={busy} class={styles.next}>
                  {tk("attempt.finish")}
                </Button>
              ) : (
                <Button variant="primary" size="lg" onClick={() => go(current + 1)} disabled={busy} class={styles.next}>
                  <span>{tk("attempt.next")}</span>
                  <Icon name="chevronRight" />
                </Button>
              )}
            </>
          ) : mode === "forward" ? (
            <>
              <Button size="lg" onClick={() => setSheetOpen(true)} class={styles.sheetButton} aria-haspopup="dialog" disabled={busy}>
                <span class={styles.sheetLabel}>
                  <SheetIcon />
                  <span>{tk("attempt.sheet")}</span>
                </span>
              </Button>
              {last ? (
                <Button variant="primary" size="lg" onClick={askFinish} disabled={busy} class={styles.next}>
                  {tk(locked || !isAnswer(draft) ? "attempt.finish" : "attempt.confirmAndFinish")}
                </Button>
              ) : (
                <Button variant="primary" size="lg" onClick={forwardNext} disabled={busy} class={styles.next}>
                  <span>{tk(locked ? "attempt.next" : isAnswer(draft) ? "attempt.confirmNext" : "attempt.skip")}</span>
                  <Icon name="chevronRight" />
                </Button>
              )}
            </>
          ) : done ? (
            <Button variant="primary" size="lg" block onClick={askFinish} disabled={busy}>
              {tk("attempt.finish")}
            </Button>
          ) : (
            <Button
              variant="primary"
              size="lg"
              block
              onClick={confirmSequential}
              pending={phase === "advancing"}
              pendingLabel={queue.offline ? tk("attempt.retrying") : tk("attempt.submitting")}
              disabled={phase === "questionOver" || busy}
            >
              {tk("attempt.confirm")}
            </Button>
          )}
        </nav>
      )}

      <AnswerSheet
        open={sheetOpen}
        onClose={() => setSheetOpen(false)}
        attempt={attempt}
        current={current}
        drafts={drafts}
        queue={queue}
        canJump={mode === "free"}
        onJump={go}
        onFinish={askFinish}
      />

      <Dialog
        open={confirmOpen}
        onClose={() => phase !== "finishing" && setConfirmOpen(false)}
        title={tk("attempt.finish.title")}
        size="sm"
        footer={
          <>
            <Button onClick={() => setConfirmOpen(false)} disabled={phase === "finishing"}>
              {tk("attempt.finish.cancel")}
            </Button>
            <Button variant="primary" onClick={finish} pending={phase === "finishing"} pendingLabel={tk("attempt.finish.pending")}>
              {finishError ? tk("common.retry") : tk("attempt.finish.confirm")}
            </Button>
          </>
        }
      >
        {unanswered > 0 ? (
          <Notice tone="warning" title={tk("attempt.finish.unansweredTitle", { n: unanswered })}>
            {tk("attempt.finish.unansweredBody")}
          </Notice>
        ) : (
          <p>{tk("attempt.finish.allAnswered", { n: total })}</p>
        )}
        <p class={styles.finishNote}>{tk("attempt.finish.note")}</p>
        {finishError ? <Notice tone="error">{finishError}</Notice> : null}
      </Dialog>
    </div>
  );
}

/** A 3×3 grid: 答题卡. */
function SheetIcon() {
  return (
    <svg width="1.25rem" height="1.25rem" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true">
      <rect x="4" y="4" width="6" height="6" rx="1" />
      <rect x="14" y="4" width="6" height="6" rx="1" />
      <rect x="4" y="14" width="6" height="6" rx="1" />
      <rect x="14" y="14" width="6" height="6" rx="1" />
    </svg>
  );
}

function SaveLine({
  mode,
  state,
  refusal,
  typed,
  hasDraft,
  needAnswer,
  emptiedMultiple,
}: {
  mode: Mode;
  state: ReturnType<AnswerQueue["state"]>;
  refusal: string | undefined;
  typed: boolean;
  hasDraft: boolean;
  needAnswer: boolean;
  emptiedMultiple: boolean;
}) {
  let icon: "check" | "alert" | "info" | null = null;
  let text = "";
  let tone = styles.saveQuiet;
  if (needAnswer) {
    icon = "alert";
    text = tk("attempt.save.needAnswer");
    tone = styles.saveWarn;
  } else if (state === "refused") {
    icon = "alert";
    text = refusal ?? tk("attempt.save.refused");
    tone = styles.saveWarn;
  } else if (state === "retrying") {
    icon = "alert";
    text = tk("attempt.save.retrying");
    tone = styles.saveWarn;
  } else if (state === "saving") {
    text = tk("attempt.save.saving");
  } else if (typed) {
    icon = "info";
    text = tk(mode === "free" ? "attempt.save.typed" : "attempt.save.confirmHint");
  } else if (emptiedMultiple) {
    icon = "info";
    text = tk("attempt.save.keepPrevious");
  } else if (state === "saved") {
    icon = "check";
    text = tk(mode === "free" ? "attempt.save.saved" : "attempt.save.savedFinal");
    tone = styles.saveDone;
  } else if (mode !== "free") {
    icon = "info";
    text = tk(hasDraft ? "attempt.save.confirmHint" : "attempt.save.finalHint");
  } else {
    icon = "info";
    text = tk("attempt.save.autoHint");
  }
  return (
    <p class={[styles.save, tone].join(" ")} role="status" aria-live="polite">
      {state === "saving" && !needAnswer ? <Spinner /> : icon ? <Icon name={icon} size={1.125} /> : null}
      <span>{text}</span>
    </p>
  );
}

function TimeUp({ unsent }: { unsent: number }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section class={styles.timeUp} aria-labelledby="timeup-title">
      <span class={styles.timeUpIcon}>
        <Icon name="clock" size={2} />
      </span>
      <h2 id="timeup-title" ref={ref} tabIndex={-1}>
        {tk("attempt.timeUp.title")}
      </h2>
      <p>{tk("attempt.timeUp.body")}</p>
      <p class={styles.timeUpWait} role="status">
        <Spinner />
        <span>{unsent > 0 ? tk("attempt.timeUp.sending", { n: unsent }) : tk("attempt.timeUp.collecting")}</span>
      </p>
    </section>
  );
}

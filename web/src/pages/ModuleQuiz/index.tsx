import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Button, buttonClass } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import { ApiError, api } from "../../lib/api";
import { coursePaths, hoursText } from "../../lib/courses";
import type { ModuleQuiz, ModuleQuizResponse, ModuleResponse, PracticeResponse as Response } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import { isAnswer, QuizQuestion } from "./question";
import styles from "./style.module.css";

export default function ModuleQuizPage() {
  return (
    <AppShell title={tc("courses.quiz.title")} requiredRole="member">
      {() => <QuizPage />}
    </AppShell>
  );
}

// Answers stay on the phone until handed in (the quiz is untimed and graded as a whole), so a reload keeps them.
const draftKey = (quizId: string) => `lx.moduleQuiz.${quizId}`;
type Draft = { answers: (Response | null)[]; at: number };

function readDraft(quizId: string, count: number): Draft {
  try {
    const stored = JSON.parse(sessionStorage.getItem(draftKey(quizId)) ?? "null") as Draft | null;
    if (stored && Array.isArray(stored.answers) && stored.answers.length === count) return stored;
  } catch {
    // Nothing kept: start at the first question.
  }
  return { answers: Array.from({ length: count }, () => null), at: 0 };
}

function writeDraft(quizId: string, draft: Draft | null) {
  try {
    if (draft) sessionStorage.setItem(draftKey(quizId), JSON.stringify(draft));
    else sessionStorage.removeItem(draftKey(quizId));
  } catch {
    // Private mode: the answers last as long as the page.
  }
}

/**
 * 课程测验: one question per screen like practice, moving back and forth freely, handed in as a whole;
 * then the score, pass or not, and each question with right/wrong, the right answer and the
 * explanation. Passing completes the module. The quiz's id goes into the address, so a reload after
 * handing in shows the same result rather than drawing a new paper.
 */
function QuizPage() {
  const { params } = useRoute();
  const { query, path, route } = useLocation();
  const moduleId = params.id ?? "";
  const quizId = query.q;
  const module = useResource<ModuleResponse>(`/api/modules/${encodeURIComponent(moduleId)}`);
  const [quiz, setQuiz] = useState<ModuleQuizResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    const load = quizId
      ? api.get<ModuleQuizResponse>(`/api/module-quizzes/${encodeURIComponent(quizId)}`)
      : api.post<ModuleQuizResponse>(`/api/modules/${encodeURIComponent(moduleId)}/quiz`, {});
    load
      .then((response) => {
        if (!live) return;
        setQuiz(response);
        if (!quizId) route(`${path}?q=${encodeURIComponent(response.quiz.id)}`, true);
      })
      .catch((err: unknown) => {
        if (live) setError(err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", tc("error.unexpected")));
      });
    return () => {
      live = false;
    };
    // A new paper only when asked for one (再测一次); the address change that records the id is not a reason to load again.
  }, [moduleId, attempt]);

  const again = () => {
    setQuiz(null);
    route(path, true);
    setAttempt((n) => n + 1);
  };

  const hours = module.data?.module.published ? hoursText(module.data.module.published.hoursTenths) : "";
  const back = (
    <a class={buttonClass("secondary", "lg", true)} href={coursePaths.module(moduleId)}>
      {tc("courses.quiz.backToModule")}
    </a>
  );

  if (error) {
    const done = error.status === 409 && module.data?.module.myCompletion;
    return (
      <div class={styles.page}>
        <Notice tone={done ? "success" : "error"} requestId={error.status >= 500 ? error.requestId : undefined}>
          {done ? tc("courses.module.done", { hours }) : error.message}
        </Notice>
        {back}
      </div>
    );
  }
  if (!quiz) return <Loading label={tc("app.loading")} minHeight={20} />;
  if (quiz.quiz.result) return <Result quiz={quiz.quiz} hours={hours} moduleId={moduleId} onAgain={again} />;
  return <Answering key={quiz.quiz.id} quiz={quiz.quiz} onGraded={setQuiz} />;
}

function Answering({ quiz, onGraded }: { quiz: ModuleQuiz; onGraded: (q: ModuleQuizResponse) => void }) {
  const count = quiz.questions.length;
  const [draft, setDraftState] = useState<Draft>(() => readDraft(quiz.id, count));
  const [confirm, setConfirm] = useState(false);
  const stemRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const submit = useAction(() =>
    api.post<ModuleQuizResponse>(`/api/module-quizzes/${encodeURIComponent(quiz.id)}/submit`, {
      answers: draft.answers.map((a) => (isAnswer(a) ? a : null)),
    }),
  );
  const setDraft = (next: Draft) => {
    setDraftState(next);
    writeDraft(quiz.id, next);
  };
  const at = Math.min(draft.at, count - 1);
  const question = quiz.questions[at];
  const answered = draft.answers.filter(isAnswer).length;
  const last = at === count - 1;

  useEffect(() => {
    if (!moved.current) return;
    stemRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [at]);

  const go = (to: number) => {
    moved.current = true;
    setDraft({ ...draft, at: to });
  };
  const handIn = async () => {
    const graded = await submit.run();
    setConfirm(false);
    if (!graded) return;
    writeDraft(quiz.id, null);
    onGraded(graded);
  };

  if (!question) return null;
  return (
    <div class={styles.page}>
      <QuizQuestion
        question={question}
        total={count}
        value={draft.answers[at] ?? null}
        onValue={(response) => {
          const answers = [...draft.answers];
          answers[at] = response;
          setDraft({ ...draft, answers });
        }}
        stemRef={stemRef}
        answered={answered}
      >
        {submit.error ? (
          <Notice tone="error" requestId={submit.error.status >= 500 ? submit.error.requestId : undefined}>
            {submit.error.message}
          </Notice>
        ) : null}
        <div class={styles.actions}>
          <Button variant="secondary" size="lg" icon="chevronLeft" disabled={at === 0} onClick={() => go(at - 1)}>
            {tc("courses.quiz.prev")}
          </Button>
          {last ? (
            <Button
              variant="primary"
              size="lg"
              pending={submit.pending}
              pendingLabel={tc("courses.quiz.submitting")}
              onClick={() => (answered < count ? setConfirm(true) : void handIn())}
            >
              {tc("courses.quiz.submit")}
            </Button>
          ) : (
            <Button variant="primary" size="lg" onClick={() => go(at + 1)}>
              {tc("courses.quiz.next")}
            </Button>
          )}
        </div>
        <p class={styles.answered}>{tc("courses.quiz.answered", { n: answered, total: count })}</p>
      </QuizQuestion>
      <Dialog
        open={confirm}
        title={tc("courses.quiz.unanswered.title")}
        onClose={() => setConfirm(false)}
        size="sm"
        footer={
          <>
            <Button onClick={() => setConfirm(false)}>{tc("courses.quiz.unanswered.back")}</Button>
            <Button variant="primary" pending={submit.pending} pendingLabel={tc("courses.quiz.submitting")} onClick={handIn}>
              {tc("courses.quiz.unanswered.submit")}
            </Button>
          </>
        }
      >
        <p>{tc("courses.quiz.unanswered.body", { n: count - answered })}</p>
      </Dialog>
    </div>
  );
}

function Result({ quiz, hours, moduleId, onAgain }: { quiz: ModuleQuiz; hours: string; moduleId: string; onAgain: () => void }) {
  const result = quiz.result;
  if (!result) return null;
  const bySeq = new Map(result.review.map((r) => [r.seq, r]));
  return (
    <div class={styles.page}>
      <section class={[styles.summary, result.passed ? styles.passed : styles.failed].join(" ")} aria-labelledby="result-title">
        <span class={styles.summaryIcon}>
          <Icon name={result.passed ? "checkCircle" : "xCircle"} size={2.5} />
        </span>
        <h1 id="result-title" class={styles.summaryTitle}>
          {tc(result.passed ? "courses.quiz.passed" : "courses.quiz.failed")}
        </h1>
        <p class={styles.score}>
          {tc("courses.quiz.score", {
            score: result.scorePct,
            correct: result.correctCount,
            total: quiz.questions.length,
            pass: quiz.passPct,
          })}
        </p>
        <p class={styles.summaryNext}>{result.passed ? tc("courses.module.done", { hours }) : tc("courses.quiz.failedHint")}</p>
        <div class={styles.summaryActions}>
          {result.passed ? null : (
            <Button variant="primary" size="lg" block icon="refresh" onClick={onAgain}>
              {tc("courses.quiz.again")}
            </Button>
          )}
          <a class={buttonClass(result.passed ? "primary" : "secondary", "lg", true)} href={coursePaths.module(moduleId)}>
            {tc("courses.quiz.backToModule")}
          </a>
        </div>
      </section>
      <section class={styles.review} aria-labelledby="review-title">
        <h2 id="review-title" class={styles.sectionTitle}>
          {tc("courses.quiz.review")}
        </h2>
        <ol class={styles.reviewList}>
          {quiz.questions.map((q) => {
            const item = bySeq.get(q.seq) ?? null;
            return (
              <li key={q.seq}>
                <QuizQuestion question={q} total={quiz.questions.length} value={item?.response ?? null} review={item} headingLevel={3} />
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

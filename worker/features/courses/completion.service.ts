import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { ledgerEntries, moduleCompletions, moduleQuizzes, questions, questionVersions } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { ApiError } from "../../lib/errors";
import { now } from "../../lib/time";
import { toDraft } from "../bank/bank.repo";
import { countBlanks, type QuestionDraft, type Response, scoreResponse } from "../bank/question";
import { optionOrderFor } from "../contests/contest.scoring";
import { creditStatement } from "../ledger/ledger.repo";
import { creditOrg, yearOf } from "../ledger/ledger.service";
import { ruleValue } from "../plans/points.repo";
import { type LoadedModule, loadModule, type ModuleVersionRow, memberSees, publishedVersion, seesDrafts } from "./module.repo";
import { hoursOf } from "./module.service";

/**
 * Self-paced study of a module ends in a completion, proven by passing its quiz or, for a module
 * without one, by the member's own confirmation — never by time spent online. A completion credits
 * the version's study hours and the completion points of the org's rules to the member's year once per person
 * ever: the completion row's key (module, person) lets one in, and the ledger entry is written in
 * the same batch only when this request's completion went in (the ledger's unique index on the
 * event catches the rest).
 */

type QuizRow = typeof moduleQuizzes.$inferSelect;

/** The published, self-paced module a member may complete, or the reason they may not. */
function studyable(user: SessionUser, loaded: LoadedModule | null): { loaded: LoadedModule; version: ModuleVersionRow } {
  if (!loaded || !(memberSees(loaded) || seesDrafts(user, loaded))) throw new ApiError("NOT_FOUND", "module.notFound");
  if (loaded.module.archivedAt !== null) throw new ApiError("CONFLICT", "module.archived");
  const version = publishedVersion(loaded);
  if (!version) throw new ApiError("CONFLICT", "module.notPublished");
  if (!loaded.inAudience) throw new ApiError("FORBIDDEN", "module.notInAudience");
  if (!version.selfPaced) throw new ApiError("CONFLICT", "module.notSelfPaced");
  return { loaded, version };
}

function orgToCredit(user: SessionUser) {
  const org = creditOrg(user);
  if (!org) throw new ApiError("UNPROCESSABLE", "module.noOrgToCredit");
  return org;
}

function completionStatements(
  db: Db,
  user: SessionUser,
  orgId: string,
  version: ModuleVersionRow,
  at: number,
  how: { method: "quiz" | "confirm"; scorePct: number | null; onlyIf: ReturnType<typeof sql> },
) {
  const moduleId = version.moduleId;
  return [
    db
      .insert(moduleCompletions)
      .select(sql`select ${moduleId}, ${user.id}, ${version.id}, ${how.method}, ${how.scorePct}, ${at} where ${how.onlyIf}`)
      .onConflictDoNothing(),
    creditStatement(
      db,
      {
        userId: user.id,
        orgId,
        source: "completion",
        sourceKey: moduleId,
        hoursTenths: version.hoursTenths,
        points: ruleValue("completion", orgId, at),
        title: version.title,
        occurredAt: at,
        createdBy: user.id,
        year: yearOf(at),
      },
      at,
      // Only the request whose completion row went in credits: a second completion (another quiz
      // passed later, a retry) finds the row there and credits nothing, even after a reversal.
      sql`exists (select 1 from module_completions where module_id = ${moduleId} and user_id = ${user.id} and completed_at = ${at} and method = ${how.method})`,
    ),
    db
      .select()
      .from(moduleCompletions)
      .where(and(eq(moduleCompletions.moduleId, moduleId), eq(moduleCompletions.userId, user.id))),
    creditOf(db, user.id, moduleId),
  ] as const;
}

function creditOf(db: Db, userId: string, moduleId: string) {
  return db
    .select({ hoursTenths: ledgerEntries.hoursTenths, points: ledgerEntries.points, year: ledgerEntries.year })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.userId, userId),
        eq(ledgerEntries.source, "completion"),
        eq(ledgerEntries.sourceKey, moduleId),
        isNull(ledgerEntries.reversedAt),
      ),
    );
}

function presentCompletion(row: typeof moduleCompletions.$inferSelect | undefined) {
  return row
    ? { moduleId: row.moduleId, versionId: row.versionId, method: row.method, quizScorePct: row.quizScorePct, completedAt: row.completedAt }
    : null;
}

function presentCredit(row: { hoursTenths: number; points: number; year: number } | undefined) {
  return row ? { hours: hoursOf(row.hoursTenths), hoursTenths: row.hoursTenths, points: row.points, year: row.year } : null;
}

/** Marks a module without a quiz complete on the member's own word (`confirm: true`). Retrying is harmless. */
export async function completeModule(c: Context<AppEnv>, user: SessionUser, moduleId: string) {
  const db = c.get("db");
  const { loaded, version } = studyable(user, await loadModule(db, user, moduleId));
  if (version.quizBankId) throw new ApiError("CONFLICT", "module.quizRequired");
  if (loaded.myCompletion) {
    const [credit] = await creditOf(db, user.id, moduleId);
    return {
      completion: presentCompletion(loaded.myCompletion) as NonNullable<ReturnType<typeof presentCompletion>>,
      credit: presentCredit(credit),
    };
  }
  const org = orgToCredit(user);
  const at = now();
  const [, , completion, credit] = await db.batch(
    completionStatements(db, user, org.orgId, version, at, { method: "confirm", scorePct: null, onlyIf: sql`1` }),
  );
  return {
    completion: presentCompletion(completion[0]) as NonNullable<ReturnType<typeof presentCompletion>>,
    credit: presentCredit(credit[0]),
  };
}

// ——— quizzes ———

type PaperItem = QuizRow["paper"][number];

/** The right answer in the positions shown in this quiz. */
function shownAnswer(draft: QuestionDraft, order: number[]): unknown {
  const shown = (original: number) => order.indexOf(original);
  switch (draft.type) {
    case "single":
      return shown(draft.answer);
    case "multiple":
      return draft.answer.map(shown).sort((a, b) => a - b);
    case "judge":
    case "fill":
      return draft.answer;
  }
}

/** A response given in shown positions, back in the question's own positions (an index not shown maps to none). */
function toOriginal(response: Response, order: number[]): Response {
  switch (response.type) {
    case "single":
      return { type: "single", choice: order[response.choice] ?? -1 };
    case "multiple":
      return { type: "multiple", choices: response.choices.map((i) => order[i] ?? -1) };
    default:
      return response;
  }
}

async function paperVersions(db: Db, paper: PaperItem[]) {
  const refs = JSON.stringify(paper.map((p) => [p.questionId, p.version]));
  const rows = await db
    .select()
    .from(questionVersions)
    .where(
      sql`(${questionVersions.questionId}, ${questionVersions.version}) in (select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${refs}))`,
    );
  return new Map(rows.map((v) => [`${v.questionId}@${v.version}`, toDraft(v)]));
}

function presentQuiz(quiz: QuizRow, drafts: Map<string, QuestionDraft>, passPct: number) {
  const items = quiz.paper.map((p, i) => ({ p, seq: i + 1, draft: drafts.get(`${p.questionId}@${p.version}`) as QuestionDraft }));
  const submitted = quiz.submittedAt !== null;
  return {
    id: quiz.id,
    moduleId: quiz.moduleId,
    versionId: quiz.versionId,
    passPct,
    // Never the answer or the explanation here: those come with the result, after submission.
    questions: items.map(({ p, seq, draft }) => ({
      seq,
      type: draft.type,
      stem: draft.stem,
      options: "options" in draft ? p.optionOrder.map((i) => draft.options[i] ?? "") : [],
      blanks: draft.type === "fill" ? countBlanks(draft.stem) : 0,
    })),
    createdAt: quiz.createdAt,
    submittedAt: quiz.submittedAt,
    result: submitted
      ? {
          scorePct: quiz.scorePct ?? 0,
          passed: Boolean(quiz.passed),
          correctCount: items.filter(({ p }) => p.correct).length,
          review: items.map(({ p, seq, draft }) => ({
            seq,
            correct: Boolean(p.correct),
            response: (p.response ?? null) as Response | null,
            rightAnswer: shownAnswer(draft, p.optionOrder),
            explanation: draft.explanation,
            source: draft.source,
          })),
        }
      : null,
  };
}

async function quizView(db: Db, quiz: QuizRow, passPct: number, completion: typeof moduleCompletions.$inferSelect | undefined) {
  return { quiz: presentQuiz(quiz, await paperVersions(db, quiz.paper), passPct), completion: presentCompletion(completion) };
}

/**
 * Hands the member a quiz: `count` active questions drawn at random from the module's bank, each
 * question's options in an order of its own (kept with the paper, mapped back when graded). A quiz
 * left unsubmitted is handed back as it was, so a reload does not draw again.
 */
export async function startQuiz(c: Context<AppEnv>, user: SessionUser, moduleId: string) {
  const db = c.get("db");
  const { loaded, version } = studyable(user, await loadModule(db, user, moduleId));
  if (!version.quizBankId || !version.quizCount) throw new ApiError("CONFLICT", "module.noQuiz");
  if (loaded.myCompletion) throw new ApiError("CONFLICT", "module.alreadyCompleted");
  const passPct = version.quizPassPct ?? 100;
  const open = await db
    .select()
    .from(moduleQuizzes)
    .where(
      and(
        eq(moduleQuizzes.userId, user.id),
        eq(moduleQuizzes.moduleId, moduleId),
        eq(moduleQuizzes.versionId, version.id),
        isNull(moduleQuizzes.submittedAt),
      ),
    )
    .orderBy(desc(moduleQuizzes.createdAt))
    .limit(1);
  if (open[0]) return quizView(db, open[0], passPct, undefined);

  const picks = await db
    .select({ questionId: questions.id, version: questions.currentVersion })
    .from(questions)
    .where(and(eq(questions.bankId, version.quizBankId), eq(questions.status, "active")))
    .orderBy(sql`random()`)
    .limit(version.quizCount);
  if (picks.length < version.quizCount)
    throw new ApiError("UNPROCESSABLE", "module.quizNotEnoughQuestions", { have: picks.length, need: version.quizCount });
  const drafts = await paperVersions(
    db,
    picks.map((p) => ({ ...p, optionOrder: [] })),
  );
  const paper = picks.map((p) => ({
    questionId: p.questionId,
    version: p.version,
    optionOrder: optionOrderFor(drafts.get(`${p.questionId}@${p.version}`) as QuestionDraft),
  }));
  const quiz: QuizRow = {
    id: createId(),
    moduleId,
    versionId: version.id,
    userId: user.id,
    paper,
    scorePct: null,
    passed: null,
    createdAt: now(),
    submittedAt: null,
  };
  await db.insert(moduleQuizzes).values(quiz);
  return { quiz: presentQuiz(quiz, drafts, passPct), completion: null };
}

async function loadQuiz(db: Db, user: SessionUser, quizId: string) {
  const quiz = await db
    .select()
    .from(moduleQuizzes)
    .where(and(eq(moduleQuizzes.id, quizId), eq(moduleQuizzes.userId, user.id)))
    .get();
  // Someone else's quiz is as unknown as one that does not exist.
  if (!quiz) throw new ApiError("NOT_FOUND", "module.quizNotFound");
  const loaded = await loadModule(db, user, quiz.moduleId);
  const version = loaded?.versions.find((v) => v.id === quiz.versionId);
  if (!loaded || !version) throw new ApiError("NOT_FOUND", "module.quizNotFound");
  return { quiz, loaded, version };
}

export async function getQuiz(db: Db, user: SessionUser, quizId: string) {
  const { quiz, loaded, version } = await loadQuiz(db, user, quizId);
  return quizView(db, quiz, version.quizPassPct ?? 100, loaded.myCompletion ?? undefined);
}

/**
 * Grades a quiz on the server: each answer mapped back from the shown option order and checked
 * with the bank's own rules (fill-in answers normalized as everywhere else). Passing completes the
 * module and credits the ledger in the same batch. Submitting twice (a retry, two taps at once)
 * grades once: the first submission's result is what both get back.
 */
export async function submitQuiz(c: Context<AppEnv>, user: SessionUser, quizId: string, answers: (Response | null)[]) {
  const db = c.get("db");
  const { quiz, loaded, version } = await loadQuiz(db, user, quizId);
  const passPct = version.quizPassPct ?? 100;
  if (quiz.submittedAt !== null) return quizView(db, quiz, passPct, loaded.myCompletion ?? undefined);
  if (answers.length !== quiz.paper.length)
    throw new ApiError(
      "VALIDATION_FAILED",
      "module.quizAnswerCount",
      { need: quiz.paper.length },
      { issues: [{ path: "answers", message: `请按顺序提交 ${quiz.paper.length} 道题的作答` }] },
    );
  if (loaded.module.archivedAt !== null) throw new ApiError("CONFLICT", "module.archived");
  if (!loaded.inAudience) throw new ApiError("NOT_FOUND", "module.quizNotFound");
  const drafts = await paperVersions(db, quiz.paper);
  const graded = quiz.paper.map((p, i) => {
    const draft = drafts.get(`${p.questionId}@${p.version}`) as QuestionDraft;
    const response = answers[i] ?? null;
    const correct = response !== null && response.type === draft.type && scoreResponse(draft, toOriginal(response, p.optionOrder)) === 1;
    return { ...p, response, correct };
  });
  const correctCount = graded.filter((g) => g.correct).length;
  const scorePct = Math.round((correctCount * 100) / graded.length);
  const passed = scorePct >= passPct;
  const org = passed ? orgToCredit(user) : null;
  const at = now();
  const mine = sql`exists (select 1 from module_quizzes where id = ${quiz.id} and submitted_at = ${at} and passed = 1)`;
  const grade = db
    .update(moduleQuizzes)
    .set({ paper: graded, scorePct, passed, submittedAt: at })
    .where(and(eq(moduleQuizzes.id, quiz.id), isNull(moduleQuizzes.submittedAt)));
  const readBack = db.select().from(moduleQuizzes).where(eq(moduleQuizzes.id, quiz.id));
  if (org) {
    const [, stored, , , completion] = await db.batch([
      grade,
      readBack,
      ...completionStatements(db, user, org.orgId, version, at, { method: "quiz", scorePct, onlyIf: mine }),
    ]);
    return quizView(db, stored[0] as QuizRow, passPct, completion[0]);
  }
  const [, stored] = await db.batch([grade, readBack]);
  return quizView(db, stored[0] as QuizRow, passPct, loaded.myCompletion ?? undefined);
}

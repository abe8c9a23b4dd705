import { createId } from "@paralleldrive/cuid2";
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import {
  attemptAnswers,
  attemptQuestions,
  attempts,
  contestRounds,
  contestScope,
  contests,
  questionVersions,
  roundGrants,
  roundQuestions,
  roundResults,
  wrongBook,
} from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { readToken } from "../../lib/auth";
import { sha256Hex } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { orgIdsAbove } from "../../lib/scope";
import { now } from "../../lib/time";
import { toDraft } from "../bank/bank.repo";
import { countBlanks, type QuestionDraft, type Response } from "../bank/question";
import { contestCreditStatement } from "../plans/points.repo";
import { type Advancement, isEligible, loadContests, participantOrg, presentRound, type RoundRow, roundState } from "./contest.repo";
import { answerKeyFor, canonicalForm, creditSql, earnedSql, GRACE_MS, optionOrderFor, responseFromCanonical } from "./contest.scoring";
import { drawQuestions } from "./contest.service";

/** Rank order of results in a round: higher score, then less time, then earlier finish. */
export function betterThan(alias: string, score: SQL | number, durationMs: SQL | number, finishedAt: SQL | number): SQL {
  const t = sql.raw(alias);
  return sql`(${t}.score > ${score} or (${t}.score = ${score} and (${t}.duration_ms < ${durationMs}
    or (${t}.duration_ms = ${durationMs} and ${t}.finished_at < ${finishedAt}))))`;
}

/*
 * A round_results row's rank and its round's number of results, for selects from round_results.
 * Qualified by hand: drizzle writes a single-table select's columns unqualified, and inside these
 * subqueries an unqualified `score` or `round_id` would be the subquery's own row (`o.score > score`
 * never holds, `t.round_id = round_id` always does): every rank came out 1, every total the whole table.
 */
const rankOfResult = sql<number>`1 + (select count(*) from round_results as o where o.round_id = round_results.round_id
  and ${betterThan("o", sql`round_results.score`, sql`round_results.duration_ms`, sql`round_results.finished_at`)})`;
const resultsInRound = sql<number>`(select count(*) from round_results as t where t.round_id = round_results.round_id)`;

/** Does a result pass an advancement rule, given its rank among `total`? */
export function advances(rule: Advancement, rank: number, total: number, score: number): boolean {
  switch (rule.kind) {
    case "top_n":
      return rank <= rule.value;
    case "top_percent":
      return rank <= Math.ceil((total * rule.value) / 100);
    case "min_score":
      return score >= rule.value;
  }
}

/** The person's counted result in each round, with its rank and the number of results. */
export function myResults(db: Db, userId: string, roundIds: string[]) {
  return db
    .select({
      roundId: roundResults.roundId,
      attemptId: roundResults.attemptId,
      score: roundResults.score,
      durationMs: roundResults.durationMs,
      rank: rankOfResult,
      total: resultsInRound,
    })
    .from(roundResults)
    .where(and(eq(roundResults.userId, userId), inArray(roundResults.roundId, roundIds.length ? roundIds : [""])));
}

export type MyResult = { roundId: string; attemptId: string; score: number; durationMs: number; rank: number; total: number };

/** Whether an earlier round's advancement rule lets the person into `round`. */
export function qualification(rounds: RoundRow[], round: RoundRow, results: MyResult[], at: number): "yes" | "no" | "pending" {
  const previous = rounds.filter((r) => r.seq < round.seq).sort((a, b) => b.seq - a.seq)[0];
  if (!previous?.advancement) return "yes";
  if (roundState(previous, at) !== "closed") return "pending";
  const mine = results.find((r) => r.roundId === previous.id);
  return mine && advances(previous.advancement, mine.rank, mine.total, mine.score) ? "yes" : "no";
}

/** The published contests the person may take part in, with each round's rules and where they stand. */
export async function listMyContests(db: Db, user: SessionUser) {
  const at = now();
  const ids = await db
    .selectDistinct({ id: contestScope.contestId })
    .from(contestScope)
    .innerJoin(contests, eq(contests.id, contestScope.contestId))
    .where(
      and(
        eq(contests.status, "published"),
        sql`${contestScope.orgId} in (select value from json_each(${JSON.stringify(orgIdsAbove(user))}))`,
      ),
    );
  const loaded = await loadContests(
    db,
    ids.map((r) => r.id),
  );
  const roundIds = loaded.flatMap((l) => l.rounds.map((r) => r.id));
  const [mine, grants, results] = await db.batch([
    db
      .select({
        id: attempts.id,
        roundId: attempts.roundId,
        status: attempts.status,
        deadlineAt: attempts.deadlineAt,
        attemptNo: attempts.attemptNo,
      })
      .from(attempts)
      .where(and(eq(attempts.userId, user.id), inArray(attempts.roundId, roundIds.length ? roundIds : [""])))
      .orderBy(asc(attempts.attemptNo)),
    db
      .select({ roundId: roundGrants.roundId, kind: roundGrants.kind })
      .from(roundGrants)
      .where(and(eq(roundGrants.userId, user.id), inArray(roundGrants.roundId, roundIds.length ? roundIds : [""]))),
    myResults(db, user.id, roundIds),
  ]);
  const contestsOut = loaded
    .filter((l) => isEligible(user, l.scope))
    .map((l) => ({
      id: l.contest.id,
      title: l.contest.title,
      description: l.contest.description,
      hosts: l.hosts.map((h) => ({ type: h.type, id: h.id, name: h.name })),
      rounds: l.rounds
        .filter((r) => r.mode === "self_paced")
        .map((r) => {
          const { drawSpec: _spec, ...base } = presentRound(r, at);
          const taken = mine.filter((a) => a.roundId === r.id);
          const allowed = r.attemptsAllowed + grants.filter((g) => g.roundId === r.id && g.kind === "extra_attempt").length;
          const open = taken.find((a) => a.status === "open" && a.deadlineAt + GRACE_MS > at);
          const result = (results as MyResult[]).find((x) => x.roundId === r.id);
          return {
            ...base,
            qualified: qualification(l.rounds, r, results as MyResult[], at) === "yes",
            attemptsLeft: Math.max(0, allowed - taken.length),
            openAttemptId: open?.id ?? null,
            lastAttemptId: taken.at(-1)?.id ?? null,
            result: result ? { score: result.score, durationMs: result.durationMs, attemptId: result.attemptId } : null,
          };
        }),
    }));
  return { contests: contestsOut, serverNow: at };
}

/**
 * Starts an attempt, or returns the person's attempt in progress. The server draws the questions
 * (per person, or the round's paper), shuffles each question's options for this attempt, and fixes
 * the deadline: the earlier of start + time limit and the window's close (plus any extra time
 * granted). Two starts at the same moment make one attempt: the unique (round, person, number)
 * index lets one insert win, and both requests return that attempt.
 */
export async function startAttempt(c: Context<AppEnv>, user: SessionUser, roundId: string) {
  const db = c.get("db");
  const at = now();
  const roundRow = (await db.select({ contestId: contestRounds.contestId }).from(contestRounds).where(eq(contestRounds.id, roundId)))[0];
  const [loaded] = roundRow ? await loadContests(db, [roundRow.contestId]) : [];
  if (loaded?.contest.status !== "published" || !isEligible(user, loaded.scope)) throw new ApiError("NOT_FOUND", "contest.roundNotFound");
  const round = loaded.rounds.find((r) => r.id === roundId) as RoundRow;
  if (round.mode !== "self_paced") throw new ApiError("UNPROCESSABLE", "contest.liveLater");

  const [taken, grants, results] = await db.batch([
    db
      .select({ id: attempts.id, status: attempts.status, deadlineAt: attempts.deadlineAt })
      .from(attempts)
      .where(and(eq(attempts.roundId, roundId), eq(attempts.userId, user.id)))
      .orderBy(asc(attempts.attemptNo)),
    db
      .select({ kind: roundGrants.kind, minutes: roundGrants.minutes })
      .from(roundGrants)
      .where(and(eq(roundGrants.roundId, roundId), eq(roundGrants.userId, user.id))),
    myResults(
      db,
      user.id,
      loaded.rounds.map((r) => r.id),
    ),
  ]);
  const open = taken.find((a) => a.status === "open");
  if (open && open.deadlineAt + GRACE_MS >= at) return getAttempt(db, user, open.id);
  if (open) {
    // Left open past its deadline with no one reading it: closed now, before counting attempts left.
    const [first, ...rest] = closeStatements(db, [open.id], at, "expire");
    await db.batch([first, ...rest]);
  }

  const state = roundState(round, at);
  if (state !== "open") {
    const format = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
    throw new ApiError("CONFLICT", "contest.roundNotOpen", { opens: format(round.opensAt), closes: format(round.closesAt) });
  }
  const allowed = round.attemptsAllowed + grants.filter((g) => g.kind === "extra_attempt").length;
  if (taken.length >= allowed) throw new ApiError("CONFLICT", "contest.noAttemptsLeft");
  const qualified = qualification(loaded.rounds, round, results as MyResult[], at);
  if (qualified === "pending") throw new ApiError("FORBIDDEN", "contest.previousNotClosed");
  if (qualified === "no") throw new ApiError("FORBIDDEN", "contest.notQualified");

  const picks =
    round.drawMode === "same"
      ? await db
          .select({ questionId: roundQuestions.questionId, version: roundQuestions.version, points: roundQuestions.points })
          .from(roundQuestions)
          .where(eq(roundQuestions.roundId, roundId))
          .orderBy(asc(roundQuestions.seq))
      : await drawQuestions(db, round.drawSpec);
  const versions = await db
    .select()
    .from(questionVersions)
    .where(
      sql`(${questionVersions.questionId}, ${questionVersions.version}) in (select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${JSON.stringify(picks.map((p) => [p.questionId, p.version]))}))`,
    );
  const byRef = new Map(versions.map((v) => [`${v.questionId}@${v.version}`, v]));
  const rows = picks.flatMap((p, i) => {
    const v = byRef.get(`${p.questionId}@${p.version}`);
    if (!v) return [];
    const draft = toDraft(v);
    const order = optionOrderFor(draft);
    return [
      {
        seq: i + 1,
        questionId: p.questionId,
        version: p.version,
        type: draft.type,
        points: p.points,
        // The round decides, for everyone alike: a bank's per-question setting is for practice.
        partialCredit: round.partialCredit,
        optionOrder: order,
        answerKey: answerKeyFor(draft, order),
      },
    ];
  });

  const org = participantOrg(user, loaded.scope);
  if (!org) throw new ApiError("NOT_FOUND", "contest.roundNotFound");
  const extraMs = grants.filter((g) => g.kind === "extra_time").reduce((n, g) => n + g.minutes * 60_000, 0);
  const id = createId();
  const list = JSON.stringify(rows);
  await db.batch([
    db
      .insert(attempts)
      .values({
        id,
        roundId,
        userId: user.id,
        attemptNo: taken.length + 1,
        orgId: org.orgId,
        orgPath: org.orgPath,
        startedAt: at,
        deadlineAt: Math.min(at + round.timeLimitSec * 1000, round.closesAt) + extraMs,
        questionCount: rows.length,
        totalPoints: rows.reduce((n, r) => n + r.points, 0),
        sequential: round.questionTimeSec !== null,
        currentSeq: 1,
        currentOpenedAt: at,
      })
      .onConflictDoNothing(),
    db.insert(attemptQuestions).select(
      sql`select ${id}, json_extract(value, '$.seq'), json_extract(value, '$.questionId'), json_extract(value, '$.version'),
             json_extract(value, '$.type'), json_extract(value, '$.points'), json_extract(value, '$.partialCredit'),
             value -> '$.optionOrder', json_extract(value, '$.answerKey')
        from json_each(${list}) where exists (select 1 from attempts where id = ${id})`,
    ),
  ]);
  // Ours, or the one a simultaneous start made.
  const current = await db
    .select({ id: attempts.id })
    .from(attempts)
    .where(and(eq(attempts.roundId, roundId), eq(attempts.userId, user.id), eq(attempts.status, "open")))
    .orderBy(desc(attempts.attemptNo))
    .limit(1);
  return getAttempt(db, user, current[0]?.id ?? id);
}

/** Closes attempts: submitted by the person, or expired at their deadline; then updates the counted results and credits taking part. */
function closeStatements(db: Db, ids: string[], at: number, how: "submit" | "expire") {
  const list = JSON.stringify(ids);
  const inList = sql`${attempts.id} in (select value from json_each(${list}))`;
  const end = how === "submit" ? sql`min(${at}, ${attempts.deadlineAt})` : sql`${attempts.deadlineAt}`;
  const scoreOf = sql`(select coalesce(sum(earned), 0) from attempt_answers where attempt_id = ${attempts.id})`;
  const correctOf = sql`(select count(*) from attempt_answers where attempt_id = ${attempts.id} and credit >= 1)`;
  return [
    db
      .update(attempts)
      .set({
        status: how === "submit" ? "submitted" : "expired",
        finishedAt: end,
        durationMs: sql`${end} - ${attempts.startedAt}`,
        score: scoreOf,
        correctCount: correctOf,
      })
      .where(
        and(
          inList,
          eq(attempts.status, "open"),
          how === "submit" ? sql`${at} <= ${attempts.deadlineAt} + ${GRACE_MS}` : sql`${at} > ${attempts.deadlineAt} + ${GRACE_MS}`,
        ),
      ),
    db
      .insert(roundResults)
      .select(
        sql`select a.round_id, a.user_id, a.id, a.org_id, a.org_path, a.score, a.correct_count, a.duration_ms, a.finished_at
          from attempts as a where a.id in (select value from json_each(${list})) and a.status <> 'open'`,
      )
      .onConflictDoUpdate({
        target: [roundResults.roundId, roundResults.userId],
        set: {
          attemptId: sql`excluded.attempt_id`,
          orgId: sql`excluded.org_id`,
          orgPath: sql`excluded.org_path`,
          score: sql`excluded.score`,
          correctCount: sql`excluded.correct_count`,
          durationMs: sql`excluded.duration_ms`,
          finishedAt: sql`excluded.finished_at`,
        },
        // Best: a better result replaces the counted one; last: a later one does (the same attempt again changes nothing).
        setWhere: sql`case (select count_policy from contest_rounds where id = excluded.round_id)
          when 'last' then excluded.finished_at >= round_results.finished_at
          else excluded.attempt_id = round_results.attempt_id or ${betterThan("excluded", sql`round_results.score`, sql`round_results.duration_ms`, sql`round_results.finished_at`)} end`,
      }),
    // Taking part earns the contest points of the person's org rules, once per round (the points bank).
    contestCreditStatement(db, sql`rr.attempt_id in (select value from json_each(${list}))`, at),
  ];
}

export async function finishAttempt(c: Context<AppEnv>, user: SessionUser, attemptId: string) {
  const db = c.get("db");
  const owner = await db.select({ userId: attempts.userId }).from(attempts).where(eq(attempts.id, attemptId));
  if (owner[0]?.userId !== user.id) throw new ApiError("NOT_FOUND", "contest.attemptNotFound");
  const at = now();
  await db.batch([...closeStatements(db, [attemptId], at, "submit"), ...closeStatements(db, [attemptId], at, "expire")] as [
    ReturnType<typeof closeStatements>[number],
    ...ReturnType<typeof closeStatements>[number][],
  ]);
  return getAttempt(db, user, attemptId);
}

/** The cron sweep: closes every attempt past its deadline, whether or not a phone is there. */
export async function sweepExpiredAttempts(db: Db, at = now()): Promise<number> {
  let closed = 0;
  for (;;) {
    const due = await db
      .select({ id: attempts.id })
      .from(attempts)
      .where(and(eq(attempts.status, "open"), sql`${attempts.deadlineAt} < ${at - GRACE_MS}`))
      .limit(500);
    if (due.length === 0) return closed;
    const [first, ...rest] = closeStatements(
      db,
      due.map((d) => d.id),
      at,
      "expire",
    );
    await db.batch([first, ...rest]);
    closed += due.length;
    if (due.length < 500) return closed;
  }
}

function shownAnswer(draft: QuestionDraft, order: number[]): unknown {
  const shown = (original: number) => order.indexOf(original);
  switch (draft.type) {
    case "single":
      return shown(draft.answer);
    case "multiple":
      return draft.answer.map(shown).sort((a, b) => a - b);
    case "judge":
      return draft.answer;
    case "fill":
      return draft.answer;
  }
}

/**
 * The attempt as its owner sees it. While it is open: the questions (a sequential round: only up
 * to the one on screen) without answers, and the saved responses. After: the result. Once the round
 * has closed for everyone: the right answers and explanations, and wrong answers go to the 错题本.
 */
export async function getAttempt(db: Db, user: SessionUser, attemptId: string, depth = 0): Promise<{ attempt: AttemptView }> {
  const at = now();
  const [heads, items, answers, stillOpen, counted] = await db.batch([
    db
      .select({
        attempt: attempts,
        roundName: contestRounds.name,
        contestId: contestRounds.contestId,
        contestTitle: contests.title,
        scoring: contestRounds.scoring,
        allowBack: contestRounds.allowBack,
        questionTimeSec: contestRounds.questionTimeSec,
        closesAt: contestRounds.closesAt,
      })
      .from(attempts)
      .innerJoin(contestRounds, eq(contestRounds.id, attempts.roundId))
      .innerJoin(contests, eq(contests.id, contestRounds.contestId))
      .where(eq(attempts.id, attemptId)),
    // Distinct column names only: drizzle's D1 batch keys columns by name (type, version… exist in both tables).
    db
      .select({
        q: { seq: attemptQuestions.seq, points: attemptQuestions.points, optionOrder: attemptQuestions.optionOrder },
        v: {
          type: questionVersions.type,
          stem: questionVersions.stem,
          options: questionVersions.options,
          answer: questionVersions.answer,
          partialCredit: questionVersions.partialCredit,
          explanation: questionVersions.explanation,
          source: questionVersions.source,
          tags: questionVersions.tags,
          difficulty: questionVersions.difficulty,
        },
      })
      .from(attemptQuestions)
      .innerJoin(
        questionVersions,
        and(eq(questionVersions.questionId, attemptQuestions.questionId), eq(questionVersions.version, attemptQuestions.version)),
      )
      .where(eq(attemptQuestions.attemptId, attemptId))
      .orderBy(asc(attemptQuestions.seq)),
    db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)),
    db
      .select({ n: sql<number>`count(*)` })
      .from(attempts)
      .where(
        and(
          sql`${attempts.roundId} = (select round_id from attempts where id = ${attemptId})`,
          eq(attempts.status, "open"),
          sql`${attempts.deadlineAt} + ${GRACE_MS} >= ${at}`,
        ),
      ),
    db
      .select({
        attemptId: roundResults.attemptId,
        rank: rankOfResult,
        total: resultsInRound,
      })
      .from(roundResults)
      .where(sql`(${roundResults.roundId}, ${roundResults.userId}) = (select round_id, user_id from attempts where id = ${attemptId})`),
  ]);
  const head = heads[0];
  if (!head || head.attempt.userId !== user.id) throw new ApiError("NOT_FOUND", "contest.attemptNotFound");
  const a = head.attempt;

  // Closed lazily: the first read after the deadline closes it, as the cron sweep would.
  if (a.status === "open" && at > a.deadlineAt + GRACE_MS && depth === 0) {
    const [first, ...rest] = closeStatements(db, [a.id], at, "expire");
    await db.batch([first, ...rest]);
    return getAttempt(db, user, attemptId, 1);
  }
  // A sequential round moves on by itself the moment a question's time runs out unanswered; an
  // answer to it still in the network is accepted for the grace after (see submitAnswer).
  let currentSeq = a.currentSeq;
  let currentOpenedAt = a.currentOpenedAt;
  if (a.status === "open" && a.sequential && head.questionTimeSec !== null) {
    const step = head.questionTimeSec * 1000;
    while (currentSeq <= a.questionCount && at >= currentOpenedAt + step) {
      currentSeq += 1;
      currentOpenedAt += step;
    }
    if (currentSeq !== a.currentSeq) {
      await db
        .update(attempts)
        .set({ currentSeq, currentOpenedAt })
        .where(and(eq(attempts.id, a.id), eq(attempts.currentSeq, a.currentSeq)));
    }
  }

  const closedForAll = at >= head.closesAt && (stillOpen[0]?.n ?? 0) === 0 && a.status !== "open";
  const savedBySeq = new Map(answers.map((x) => [x.seq, x]));
  const visible = items.filter(({ q }) => !(a.status === "open" && a.sequential) || q.seq <= currentSeq);
  const questionsOut = visible.map(({ q, v }) => {
    const draft = toDraft(v);
    const saved = savedBySeq.get(q.seq);
    const options = draft.type === "single" || draft.type === "multiple" ? q.optionOrder.map((i) => draft.options[i] ?? "") : [];
    return {
      seq: q.seq,
      type: draft.type,
      stem: draft.stem,
      options,
      blanks: draft.type === "fill" ? Math.max(1, countBlanks(draft.stem), draft.answer.length) : 0,
      points: q.points,
      answer: saved ? ((saved.given as Response | null) ?? responseFromCanonical(v.type, saved.response)) : null,
      answeredAt: saved?.answeredAt ?? null,
    };
  });

  if (closedForAll && a.wrongBookAt === null) await recordWrongAnswers(db, a.id, user.id, at);

  const result = counted[0];
  const view = {
    id: a.id,
    roundId: a.roundId,
    contestId: head.contestId,
    contestTitle: head.contestTitle,
    roundName: head.roundName,
    scoring: head.scoring,
    attemptNo: a.attemptNo,
    status: a.status,
    startedAt: a.startedAt,
    deadlineAt: a.deadlineAt,
    serverNow: at,
    graceMs: GRACE_MS,
    sequential: a.sequential,
    allowBack: head.allowBack,
    questionTimeSec: head.questionTimeSec,
    currentSeq,
    currentOpenedAt,
    questionCount: a.questionCount,
    totalPoints: a.totalPoints,
    questions: questionsOut,
    result:
      a.status === "open"
        ? null
        : {
            score: a.score,
            correctCount: a.correctCount,
            durationMs: a.durationMs ?? 0,
            finishedAt: a.finishedAt ?? a.deadlineAt,
            counted: result?.attemptId === a.id,
            rank: result?.attemptId === a.id ? (result?.rank ?? null) : null,
            participants: result?.total ?? 0,
          },
    review: closedForAll
      ? items.map(({ q, v }) => {
          const draft = toDraft(v);
          const saved = savedBySeq.get(q.seq);
          return {
            seq: q.seq,
            credit: saved?.credit ?? 0,
            earned: saved?.earned ?? 0,
            rightAnswer: shownAnswer(draft, q.optionOrder),
            explanation: draft.explanation,
            source: draft.source,
          };
        })
      : null,
  };
  return { attempt: view };
}

export type AttemptView = {
  id: string;
  roundId: string;
  contestId: string;
  contestTitle: string;
  roundName: string;
  scoring: "accuracy" | "speed";
  attemptNo: number;
  status: "open" | "submitted" | "expired";
  startedAt: number;
  deadlineAt: number;
  serverNow: number;
  graceMs: number;
  sequential: boolean;
  allowBack: boolean;
  questionTimeSec: number | null;
  currentSeq: number;
  currentOpenedAt: number;
  questionCount: number;
  totalPoints: number;
  questions: {
    seq: number;
    type: QuestionDraft["type"];
    stem: string;
    options: string[];
    blanks: number;
    points: number;
    answer: Response | null;
    answeredAt: number | null;
  }[];
  result: {
    score: number;
    correctCount: number;
    durationMs: number;
    finishedAt: number;
    counted: boolean;
    rank: number | null;
    participants: number;
  } | null;
  review: { seq: number; credit: number; earned: number; rightAnswer: unknown; explanation: string; source: string }[] | null;
};

/** Once per attempt, after the round closed: its wrong answers enter the person's 错题本 (again, if they had left it). */
async function recordWrongAnswers(db: Db, attemptId: string, userId: string, at: number) {
  await db.batch([
    db
      .update(attempts)
      .set({ wrongBookAt: at })
      .where(and(eq(attempts.id, attemptId), sql`${attempts.wrongBookAt} is null`)),
    db
      .insert(wrongBook)
      .select(
        sql`select ${userId}, aq.question_id, 0, 1, ${at}, null from attempt_answers as aa
          join attempt_questions as aq on aq.attempt_id = aa.attempt_id and aq.seq = aa.seq
          where aa.attempt_id = ${attemptId} and aa.credit < 1 and changes() > 0`,
      )
      .onConflictDoUpdate({
        target: [wrongBook.userId, wrongBook.questionId],
        set: { streak: 0, wrongCount: sql`${wrongBook.wrongCount} + 1`, lastWrongAt: at, clearedAt: null },
      }),
  ]);
}

// The answer route's statements, as fixed SQL text: the hottest write there is, so no query is
// built per request. Parameters: ?1 attempt, ?2 seq, ?3 canonical response, ?4 response as given,
// ?5 now, ?6 grace, ?7 response type, ?8 highest option index chosen, ?9 blanks, ?10 token hash.
const SESSION_USER = `(select s.user_id from sessions as s join users as u on u.id = s.user_id
  where s.token_hash = ?10 and s.revoked_at is null and s.expires_at > ?5 and u.status = 'active')`;
// Sequential rounds: the time since the server showed the question; an answer arriving in the
// grace after the round moved on took the whole time.
const ELAPSED = `(case when a.sequential = 1 then (case when a.current_seq = ?2 then ?5 - a.current_opened_at else r.question_time_sec * 1000 end)
  else ?5 - max(a.started_at, coalesce((select max(answered_at) from attempt_answers where attempt_id = a.id), a.started_at)) end)`;
const CREDIT = creditSql("?3");
const ANSWER_SQL = {
  session: `select ${SESSION_USER} as user_id`,
  save: `insert into attempt_answers (attempt_id, seq, response, given, credit, earned, elapsed_ms, answered_at)
    select a.id, aq.seq, ?3, ?4, ${CREDIT}, ${earnedSql(CREDIT, ELAPSED)}, ${ELAPSED}, ?5
    from attempts as a
    join contest_rounds as r on r.id = a.round_id
    join attempt_questions as aq on aq.attempt_id = a.id and aq.seq = ?2
    where a.id = ?1 and a.user_id = ${SESSION_USER} and a.status = 'open' and ?5 <= a.deadline_at + ?6
      and aq.type = ?7 and ?8 < max(1, json_array_length(aq.option_order))
      and (aq.type <> 'fill' or json_array_length(aq.answer_key) = ?9)
      and (a.sequential = 0 or (a.current_seq = ?2 and ?5 <= a.current_opened_at + r.question_time_sec * 1000 + ?6)
        or (a.current_seq = ?2 + 1 and ?5 <= a.current_opened_at + ?6
            and not exists (select 1 from attempt_answers as p where p.attempt_id = a.id and p.seq = ?2)))
      and (r.allow_back = 1 or not exists (select 1 from attempt_answers as x where x.attempt_id = a.id and x.seq >= ?2))
    on conflict (attempt_id, seq) do update set response = excluded.response, given = excluded.given, credit = excluded.credit,
      earned = excluded.earned, elapsed_ms = excluded.elapsed_ms, answered_at = excluded.answered_at
    where attempt_answers.response <> excluded.response`,
  advance: `update attempts set current_seq = ?2 + 1, current_opened_at = ?5
    where id = ?1 and sequential = 1 and current_seq = ?2 and changes() > 0`,
  readBack: `select a.user_id, a.status, a.deadline_at, a.sequential, a.current_seq, a.current_opened_at, r.allow_back, r.question_time_sec,
      aq.type, aa.response as saved, aa.answered_at,
      coalesce(?8 < max(1, json_array_length(aq.option_order)) and (aq.type <> 'fill' or json_array_length(aq.answer_key) = ?9), 0) as fits,
      exists (select 1 from attempt_answers where attempt_id = a.id and seq >= ?2) as later_answered
    from attempts as a
    join contest_rounds as r on r.id = a.round_id
    left join attempt_questions as aq on aq.attempt_id = a.id and aq.seq = ?2
    left join attempt_answers as aa on aa.attempt_id = a.id and aa.seq = ?2
    where a.id = ?1`,
};

/** How many parameters each statement names (D1 wants exactly that many bound). */
const ANSWER_PARAMS = Object.fromEntries(
  Object.entries(ANSWER_SQL).map(([name, text]) => [name, Math.max(...[...text.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])))]),
) as Record<keyof typeof ANSWER_SQL, number>;

type ReadBack = {
  user_id: string;
  status: string;
  deadline_at: number;
  sequential: number;
  current_seq: number;
  current_opened_at: number;
  allow_back: number;
  question_time_sec: number | null;
  type: string | null;
  saved: string | null;
  answered_at: number | null;
  fits: number;
  later_answered: number;
};

/**
 * Saves one answer in one D1 round trip, the session check included: the statement that saves it
 * also checks the session, the owner, the attempt being open, the deadline (plus grace), the
 * question being on screen in a sequential round, and the round's rule on changing answers, and
 * scores it. Then a read in the same batch says which check failed, if one did. The same answer
 * twice changes nothing.
 */
export async function submitAnswer(c: Context<AppEnv>, attemptId: string, seq: number, response: Response) {
  const found = readToken(c);
  if (!found) throw new ApiError("UNAUTHENTICATED", "error.unauthenticated");
  const at = now();
  const r = canonicalForm(response);
  const d1 = c.env.DB;
  const params = [
    attemptId,
    seq,
    r.text,
    JSON.stringify(response),
    at,
    GRACE_MS,
    response.type,
    r.maxIndex,
    r.blanks,
    await sha256Hex(found.token),
  ];
  const bind = (name: keyof typeof ANSWER_SQL) => d1.prepare(ANSWER_SQL[name]).bind(...params.slice(0, ANSWER_PARAMS[name]));
  const [session, , , readBack] = await d1.batch([bind("session"), bind("save"), bind("advance"), bind("readBack")]);
  const sessionUser = (session?.results[0] as { user_id: string | null } | undefined)?.user_id ?? null;
  if (!sessionUser) throw new ApiError("UNAUTHENTICATED", "error.unauthenticated");
  const row = readBack?.results[0] as ReadBack | undefined;
  if (!row || row.user_id !== sessionUser) throw new ApiError("NOT_FOUND", "contest.attemptNotFound");
  if (row.type === null) throw new ApiError("NOT_FOUND", "contest.questionNotFound", { seq });
  if (row.saved === r.text && row.answered_at !== null) {
    return {
      seq,
      answeredAt: row.answered_at,
      serverNow: at,
      deadlineAt: row.deadline_at,
      currentSeq: row.current_seq,
      currentOpenedAt: row.current_opened_at,
    };
  }
  if (row.status !== "open") throw new ApiError("CONFLICT", "contest.attemptClosed");
  if (at > row.deadline_at + GRACE_MS) throw new ApiError("CONFLICT", "contest.deadlinePassed");
  // A response that does not fit the question (type, an option out of range, the number of blanks)
  // is a bad request whatever the round's rules, so it is told before them.
  if (row.type !== response.type || !row.fits) throw new ApiError("VALIDATION_FAILED", "contest.responseMismatch");
  const questionOver = row.question_time_sec !== null && at > row.current_opened_at + row.question_time_sec * 1000 + GRACE_MS;
  if (row.sequential && (row.current_seq !== seq || questionOver)) throw new ApiError("CONFLICT", "contest.questionTimeOver");
  if (!row.allow_back && row.saved !== null) throw new ApiError("CONFLICT", "contest.noChange");
  if (!row.allow_back && row.later_answered) throw new ApiError("CONFLICT", "contest.noGoingBack");
  // Not reached: every condition of the statement is told above, read in the same transaction.
  throw new ApiError("CONFLICT", "contest.attemptClosed");
}

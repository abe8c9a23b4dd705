import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { banks, practiceAnswers, practiceSets, practiceSettings, questions, questionVersions, wrongBook } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { ApiError } from "../../lib/errors";
import { now } from "../../lib/time";
import { toDraft, visibleBanksWhere } from "../bank/bank.repo";
import { orgIdsAbove } from "../bank/bank.service";
import { countBlanks, type QuestionDraft, type Response, scoreResponse } from "../bank/question";
import { loadOrgFor } from "../orgs/orgs.service";
import { CLEAR_AFTER, DEFAULT_DAILY_SIZE, dayIn, pickDaily } from "./practice.pick";

const TIME_ZONE = "Asia/Shanghai";

/** Active questions in banks the person may use. */
function poolWhere(user: SessionUser) {
  return and(
    eq(questions.status, "active"),
    sql`${questions.bankId} in (select ${banks.id} from ${banks} where ${visibleBanksWhere(orgIdsAbove(user))})`,
  );
}

type Version = { id: string; version: number; active: boolean; draft: QuestionDraft };

async function currentVersions(db: Db, ids: string[]): Promise<Map<string, Version>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: questions.id, version: questions.currentVersion, status: questions.status, v: questionVersions })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .where(sql`questions.id in (select value from json_each(${JSON.stringify(ids)}))`);
  return new Map(rows.map((r) => [r.id, { id: r.id, version: r.version, active: r.status === "active", draft: toDraft(r.v) }]));
}

/** What a member sees before answering: never the answer or the explanation. */
function ask(v: Version) {
  const d = v.draft;
  return {
    id: v.id,
    version: v.version,
    type: d.type,
    stem: d.stem,
    options: "options" in d ? d.options : [],
    blanks: d.type === "fill" ? countBlanks(d.stem) : 0,
    tags: d.tags,
  };
}

/** The set size the person's closest org chose (an org's setting applies to its whole subtree). */
async function dailySize(db: Db, user: SessionUser): Promise<number> {
  const ids = orgIdsAbove(user);
  const rows = await db
    .select({ orgId: practiceSettings.orgId, size: practiceSettings.dailySize })
    .from(practiceSettings)
    .where(sql`${practiceSettings.orgId} in (select value from json_each(${JSON.stringify(ids)}))`);
  const depth = (orgId: string) => Math.max(...user.memberships.map((m) => m.orgPath.split("/").filter(Boolean).indexOf(orgId)));
  return rows.sort((a, b) => depth(b.orgId) - depth(a.orgId))[0]?.size ?? DEFAULT_DAILY_SIZE;
}

export async function getDailySet(db: Db, user: SessionUser) {
  const at = now();
  const day = dayIn(TIME_ZONE, at);
  let set = await db
    .select()
    .from(practiceSets)
    .where(and(eq(practiceSets.userId, user.id), eq(practiceSets.day, day)))
    .get();
  if (!set) {
    const size = await dailySize(db, user);
    const pool = poolWhere(user);
    const answered = sql`exists (select 1 from practice_answers as pa where pa.user_id = ${user.id} and pa.question_id = questions.id)`;
    const [wrong, unseen, seen] = await db.batch([
      db
        .select({ id: questions.id })
        .from(wrongBook)
        .innerJoin(questions, eq(questions.id, wrongBook.questionId))
        .where(and(eq(wrongBook.userId, user.id), isNull(wrongBook.clearedAt), pool))
        .orderBy(wrongBook.lastWrongAt)
        .limit(size),
      db
        .select({ id: questions.id })
        .from(questions)
        .where(and(pool, sql`not ${answered}`))
        .orderBy(sql`random()`)
        .limit(size),
      db.select({ id: questions.id }).from(questions).where(and(pool, answered)).orderBy(sql`random()`).limit(size),
    ]);
    const ids = pickDaily({ wrong: wrong.map((r) => r.id), unseen: unseen.map((r) => r.id), seen: seen.map((r) => r.id) }, size);
    // Two tabs opening the day at once: the first set wins and both show it.
    await db.insert(practiceSets).values({ userId: user.id, day, questionIds: ids, createdAt: at }).onConflictDoNothing();
    set = await db
      .select()
      .from(practiceSets)
      .where(and(eq(practiceSets.userId, user.id), eq(practiceSets.day, day)))
      .get();
  }
  const ids = set?.questionIds ?? [];
  const [versions, answers] = await Promise.all([
    currentVersions(db, ids),
    db
      .select()
      .from(practiceAnswers)
      .where(and(eq(practiceAnswers.userId, user.id), eq(practiceAnswers.day, day), eq(practiceAnswers.mode, "daily"))),
  ]);
  const items = ids.flatMap((id) => {
    const v = versions.get(id);
    const given = answers.find((a) => a.questionId === id);
    // A question retired after the set was drawn (found wrong, say) leaves it unless already answered.
    if (!v || (!v.active && !given)) return [];
    return [{ question: ask(v), feedback: given ? feedbackFor(v.draft, given.response as Response, given.correct, null) : null }];
  });
  return { day, size: items.length, items };
}

function feedbackFor(
  draft: QuestionDraft,
  response: Response,
  correct: boolean,
  book: { inBook: boolean; streak: number; cleared: boolean } | null,
) {
  return {
    correct,
    response,
    answer: draft.answer,
    explanation: draft.explanation,
    source: draft.source,
    wrongBook: book ?? { inBook: !correct, streak: 0, cleared: false },
  };
}

/**
 * Answers a practice question with immediate feedback. Daily answers count once per question per
 * day (a retry gets the first result back); review answers (the 错题本) may be repeated.
 * A wrong answer puts the question in the 错题本; CLEAR_AFTER right answers in a row take it out.
 */
export async function answerPractice(
  c: Context<AppEnv>,
  user: SessionUser,
  input: { questionId: string; mode: "daily" | "review"; response: Response },
) {
  const db = c.get("db");
  const at = now();
  const day = dayIn(TIME_ZONE, at);
  const [set, existing, entry, versions] = await Promise.all([
    db
      .select()
      .from(practiceSets)
      .where(and(eq(practiceSets.userId, user.id), eq(practiceSets.day, day)))
      .get(),
    db
      .select()
      .from(practiceAnswers)
      .where(
        and(
          eq(practiceAnswers.userId, user.id),
          eq(practiceAnswers.day, day),
          eq(practiceAnswers.questionId, input.questionId),
          eq(practiceAnswers.mode, "daily"),
        ),
      )
      .get(),
    db
      .select()
      .from(wrongBook)
      .where(and(eq(wrongBook.userId, user.id), eq(wrongBook.questionId, input.questionId)))
      .get(),
    currentVersions(db, [input.questionId]),
  ]);
  const version = versions.get(input.questionId);
  const allowed = input.mode === "daily" ? set?.questionIds.includes(input.questionId) : entry && entry.clearedAt === null;
  // A retired question is no longer practised; a retried daily answer still gets its first result back.
  const practised = version?.active || (input.mode === "daily" && existing !== undefined);
  if (!version || !allowed || !practised) throw new ApiError("NOT_FOUND", "bank.questionNotFound");
  if (input.response.type !== version.draft.type) {
    throw new ApiError(
      "VALIDATION_FAILED",
      "error.validation",
      {},
      { issues: [{ path: "response.type", message: "作答的题型与试题不符" }] },
    );
  }
  if (input.mode === "daily" && existing) {
    return feedbackFor(version.draft, existing.response as Response, existing.correct, bookState(entry));
  }
  const correct = scoreResponse(version.draft, input.response) === 1;
  const streak = correct ? (entry && entry.clearedAt === null ? entry.streak + 1 : 0) : 0;
  const cleared = correct && entry !== undefined && entry.clearedAt === null && streak >= CLEAR_AFTER;
  await db.batch([
    db
      .insert(practiceAnswers)
      .values({
        id: createId(),
        userId: user.id,
        questionId: version.id,
        version: version.version,
        mode: input.mode,
        day,
        response: input.response,
        correct,
        answeredAt: at,
      })
      .onConflictDoNothing(),
    correct
      ? db
          .update(wrongBook)
          .set({
            streak: sql`${wrongBook.streak} + 1`,
            clearedAt: sql`case when ${wrongBook.streak} + 1 >= ${CLEAR_AFTER} then ${at} else null end`,
          })
          .where(and(eq(wrongBook.userId, user.id), eq(wrongBook.questionId, version.id), isNull(wrongBook.clearedAt)))
      : db
          .insert(wrongBook)
          .values({ userId: user.id, questionId: version.id, streak: 0, wrongCount: 1, lastWrongAt: at, clearedAt: null })
          .onConflictDoUpdate({
            target: [wrongBook.userId, wrongBook.questionId],
            set: { streak: 0, wrongCount: sql`${wrongBook.wrongCount} + 1`, lastWrongAt: at, clearedAt: null },
          }),
  ]);
  const inBook = !correct || (entry !== undefined && entry.clearedAt === null && !cleared);
  return feedbackFor(version.draft, input.response, correct, { inBook, streak: correct ? streak : 0, cleared });
}

function bookState(entry: typeof wrongBook.$inferSelect | undefined) {
  return entry
    ? { inBook: entry.clearedAt === null, streak: entry.streak, cleared: entry.clearedAt !== null }
    : { inBook: false, streak: 0, cleared: false };
}

export async function listWrongBook(db: Db, user: SessionUser) {
  const entries = await db
    .select()
    .from(wrongBook)
    .where(and(eq(wrongBook.userId, user.id), isNull(wrongBook.clearedAt)))
    .orderBy(desc(wrongBook.lastWrongAt))
    .limit(200);
  const versions = await currentVersions(
    db,
    entries.map((e) => e.questionId),
  );
  return {
    items: entries.flatMap((e) => {
      const v = versions.get(e.questionId);
      return v?.active ? [{ question: ask(v), streak: e.streak, wrongCount: e.wrongCount, lastWrongAt: e.lastWrongAt }] : [];
    }),
  };
}

/** Share of right answers by tag, over all of the person's practice answers. */
export async function getMastery(db: Db, user: SessionUser) {
  const rows = await db.all<{ tag: string; answered: number; correct: number }>(
    sql`select t.tag as tag, count(*) as answered, sum(pa.correct) as correct
        from practice_answers as pa join question_tags as t on t.question_id = pa.question_id
        where pa.user_id = ${user.id} group by t.tag order by answered desc, t.tag limit 50`,
  );
  return {
    tags: rows.map((r) => ({
      tag: r.tag,
      answered: Number(r.answered),
      correct: Number(r.correct),
      share: Number(r.answered) ? Number(r.correct) / Number(r.answered) : 0,
    })),
  };
}

export async function setPracticeSettings(c: Context<AppEnv>, user: SessionUser, orgId: string, dailySize: number) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, orgId, "manage");
  await db
    .insert(practiceSettings)
    .values({ orgId: org.id, dailySize, updatedAt: now() })
    .onConflictDoUpdate({ target: practiceSettings.orgId, set: { dailySize, updatedAt: now() } });
  return { orgId: org.id, dailySize };
}

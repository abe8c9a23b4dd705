import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { banks, practiceAnswers, practiceSets, practiceSettings, questions, questionVersions, wrongBook } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { orgIdsAbove } from "../../lib/scope";
import { now } from "../../lib/time";
import { toDraft, visibleBanksWhere } from "../bank/bank.repo";
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

/** The current versions of these questions, as a query to run alone or in a batch (see `toVersions`). */
function versionsQuery(db: Db, ids: string[]) {
  // No two selected columns share a name, so a batch reads them right (see `aliased`).
  return db
    .select({ id: questions.id, version: questions.currentVersion, status: questions.status, v: questionVersions })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .where(sql`questions.id in (select value from json_each(${JSON.stringify(ids)}))`);
}

function toVersions(rows: Awaited<ReturnType<typeof versionsQuery>>): Map<string, Version> {
  return new Map(rows.map((r) => [r.id, { id: r.id, version: r.version, active: r.status === "active", draft: toDraft(r.v) }]));
}

async function currentVersions(db: Db, ids: string[]): Promise<Map<string, Version>> {
  if (ids.length === 0) return new Map();
  return toVersions(await versionsQuery(db, ids));
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
  const [versionRows, answers, entries] = await db.batch([
    versionsQuery(db, ids),
    db
      .select()
      .from(practiceAnswers)
      .where(and(eq(practiceAnswers.userId, user.id), eq(practiceAnswers.day, day), eq(practiceAnswers.mode, "daily"))),
    db
      .select()
      .from(wrongBook)
      .where(and(eq(wrongBook.userId, user.id), sql`${wrongBook.questionId} in (select value from json_each(${JSON.stringify(ids)}))`)),
  ]);
  const versions = toVersions(versionRows);
  const items = ids.flatMap((id) => {
    const v = versions.get(id);
    const given = answers.find((a) => a.questionId === id);
    // A question retired after the set was drawn (found wrong, say) leaves it unless already answered.
    if (!v || (!v.active && !given)) return [];
    const entry = entries.find((e) => e.questionId === id);
    return [{ question: ask(v), feedback: given ? feedbackFor(v.draft, given, bookState(entry, given.answeredAt)) : null }];
  });
  return { day, size: items.length, items };
}

type BookState = { inBook: boolean; streak: number; cleared: boolean };

function feedbackFor(draft: QuestionDraft, given: { response: unknown; correct: boolean }, book: BookState) {
  return {
    correct: given.correct,
    response: given.response as Response,
    answer: draft.answer,
    explanation: draft.explanation,
    source: draft.source,
    wrongBook: book,
  };
}

/**
 * The 错题本 as an answer given at `answeredAt` left it, or as later answers changed it since: the
 * same whether read right after answering or with the day's set after a reload. An entry cleared
 * before the answer was given has nothing to do with it.
 */
function bookState(entry: typeof wrongBook.$inferSelect | undefined, answeredAt: number): BookState {
  if (!entry) return { inBook: false, streak: 0, cleared: false };
  if (entry.clearedAt === null) return { inBook: true, streak: entry.streak, cleared: false };
  if (entry.clearedAt >= answeredAt) return { inBook: false, streak: entry.streak, cleared: true };
  return { inBook: false, streak: 0, cleared: false };
}

/**
 * Answers a practice question with immediate feedback. Daily answers count once per question per
 * day (a retry gets the first result back); review answers (the 错题本) may be repeated.
 * A wrong answer puts the question in the 错题本; CLEAR_AFTER right answers in a row take it out.
 *
 * Two D1 round trips: one batch reads, the other writes and reads back what counts. Answers that
 * arrive together (two taps, a retry racing the first try) are safe without a read-modify-write:
 * the daily unique index keeps the first answer, the 错题本 change applies only if this request's
 * answer row went in, streak and count change by arithmetic in SQL, and the feedback is read back
 * in the same transaction, so each request reports the state its own answer left.
 */
export async function answerPractice(
  c: Context<AppEnv>,
  user: SessionUser,
  input: { questionId: string; mode: "daily" | "review"; response: Response },
) {
  const db = c.get("db");
  const at = now();
  const day = dayIn(TIME_ZONE, at);
  const dailyAnswer = db
    .select()
    .from(practiceAnswers)
    .where(
      and(
        eq(practiceAnswers.userId, user.id),
        eq(practiceAnswers.day, day),
        eq(practiceAnswers.questionId, input.questionId),
        eq(practiceAnswers.mode, "daily"),
      ),
    );
  const bookEntry = db
    .select()
    .from(wrongBook)
    .where(and(eq(wrongBook.userId, user.id), eq(wrongBook.questionId, input.questionId)));
  const [sets, dailies, entries, versionRows] = await db.batch([
    db
      .select()
      .from(practiceSets)
      .where(and(eq(practiceSets.userId, user.id), eq(practiceSets.day, day))),
    dailyAnswer,
    bookEntry,
    versionsQuery(db, [input.questionId]),
  ]);
  const [set, existing, entry] = [sets[0], dailies[0], entries[0]];
  const version = toVersions(versionRows).get(input.questionId);
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
  if (input.mode === "daily" && existing) return feedbackFor(version.draft, existing, bookState(entry, existing.answeredAt));

  const correct = scoreResponse(version.draft, input.response) === 1;
  const answerId = createId();
  // True only once this request's answer row is in: a daily answer that lost the race to an
  // earlier one inserts nothing, and must not move the 错题本 a second time.
  const inserted = sql`exists (select 1 from practice_answers where id = ${answerId})`;
  const [, , kept, after] = await db.batch([
    db
      .insert(practiceAnswers)
      .values({
        id: answerId,
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
          .where(and(eq(wrongBook.userId, user.id), eq(wrongBook.questionId, version.id), isNull(wrongBook.clearedAt), inserted))
      : // The where clause also keeps SQLite from reading ON CONFLICT as a join constraint of the select.
        db
          .insert(wrongBook)
          .select(sql`select ${user.id}, ${version.id}, 0, 1, ${at}, null where ${inserted}`)
          .onConflictDoUpdate({
            target: [wrongBook.userId, wrongBook.questionId],
            set: { streak: 0, wrongCount: sql`${wrongBook.wrongCount} + 1`, lastWrongAt: at, clearedAt: null },
          }),
    // The answer that counts: this one, or for a daily question the one that arrived first.
    input.mode === "daily" ? dailyAnswer : db.select().from(practiceAnswers).where(eq(practiceAnswers.id, answerId)),
    bookEntry,
  ]);
  const answer = kept[0] ?? { response: input.response, correct, answeredAt: at };
  return feedbackFor(version.draft, answer, bookState(after[0], answer.answeredAt));
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

/**
 * The daily size in effect for an org's members: its own setting, else the one of the closest org
 * above it (a setting applies to the whole subtree), else the default.
 */
export async function getPracticeSettings(db: Db, user: SessionUser, orgId: string) {
  const org = await loadOrgFor(db, user, orgId, "manage");
  const above = org.path.split("/").filter(Boolean);
  const rows = await db
    .select({ orgId: practiceSettings.orgId, dailySize: practiceSettings.dailySize })
    .from(practiceSettings)
    .where(sql`${practiceSettings.orgId} in (select value from json_each(${JSON.stringify(above)}))`);
  const closest = rows.sort((a, b) => above.indexOf(b.orgId) - above.indexOf(a.orgId))[0];
  return { orgId: org.id, dailySize: closest?.dailySize ?? DEFAULT_DAILY_SIZE };
}

export async function setPracticeSettings(c: Context<AppEnv>, user: SessionUser, orgId: string, dailySize: number) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, orgId, "manage");
  const previous = await db
    .select({ dailySize: practiceSettings.dailySize })
    .from(practiceSettings)
    .where(eq(practiceSettings.orgId, org.id))
    .get();
  const at = now();
  await db.batch([
    db
      .insert(practiceSettings)
      .values({ orgId: org.id, dailySize, updatedAt: at })
      .onConflictDoUpdate({ target: practiceSettings.orgId, set: { dailySize, updatedAt: at } }),
    auditStatement(db, c, {
      action: "practice.updateSettings",
      entityType: "org",
      entityId: org.id,
      orgId: org.id,
      // null: the org had no setting of its own and followed the org above it (or the default).
      before: { dailySize: previous?.dailySize ?? null },
      after: { dailySize },
    }),
  ]);
  return { orgId: org.id, dailySize };
}

import { and, asc, count, desc, eq, or, type SQL, sql } from "drizzle-orm";
import { aliased, type Db } from "../../db/client";
import { bankShares, banks, orgs, questions, questionTags, questionVersions } from "../../db/schema";
import type { QuestionDraft } from "./question";

export type BankRow = typeof banks.$inferSelect & { orgName: string; orgPath: string; questionCount: number; allianceIds: string[] };

const questionCount = sql<number>`(select count(*) from questions as q where q.bank_id = banks.id and q.status <> 'retired')`.mapWith(
  Number,
);

/** Banks matching `where`, with their owner's path, question count and alliance shares, in one round trip. */
export async function loadBanks(db: Db, where: SQL | undefined): Promise<BankRow[]> {
  const [rows, shares] = await db.batch([
    db
      .select({
        id: banks.id,
        orgId: banks.orgId,
        name: banks.name,
        description: banks.description,
        visibility: banks.visibility,
        sourceKey: banks.sourceKey,
        createdBy: banks.createdBy,
        createdAt: banks.createdAt,
        updatedAt: banks.updatedAt,
        orgName: aliased<string>(orgs.name, "org_name"),
        orgPath: orgs.path,
        questionCount,
      })
      .from(banks)
      .innerJoin(orgs, eq(orgs.id, banks.orgId))
      .where(where)
      .orderBy(asc(orgs.path), asc(banks.name)),
    db.select().from(bankShares),
  ]);
  return rows.map((row) => ({ ...row, allianceIds: shares.filter((s) => s.bankId === row.id).map((s) => s.allianceId) }));
}

/**
 * Banks a person may draw questions from: public ones, those owned by an org on the way from the
 * root to one of their orgs, and those shared with an alliance such an org belongs to.
 */
export function visibleBanksWhere(orgIdsAbove: string[], extra?: SQL): SQL {
  const ids = JSON.stringify(orgIdsAbove);
  return or(
    eq(banks.visibility, "public"),
    sql`${banks.orgId} in (select value from json_each(${ids}))`,
    sql`(${banks.visibility} = 'alliance' and exists (select 1 from bank_shares as s join alliance_orgs as ao on ao.alliance_id = s.alliance_id
          where s.bank_id = ${banks.id} and ao.org_id in (select value from json_each(${ids}))))`,
    extra,
  ) as SQL;
}

const versionColumns = {
  id: questions.id,
  bankId: questions.bankId,
  externalKey: questions.externalKey,
  status: questions.status,
  version: questions.currentVersion,
  updatedAt: questions.updatedAt,
  type: questionVersions.type,
  stem: questionVersions.stem,
  options: questionVersions.options,
  answer: questionVersions.answer,
  partialCredit: questionVersions.partialCredit,
  explanation: questionVersions.explanation,
  source: questionVersions.source,
  tags: questionVersions.tags,
  difficulty: questionVersions.difficulty,
};

type VersionRow = {
  id: string;
  bankId: string;
  externalKey: string | null;
  status: "draft" | "active" | "retired";
  version: number;
  updatedAt: number;
  type: QuestionDraft["type"];
  stem: string;
  options: string[];
  answer: unknown;
  partialCredit: boolean;
  explanation: string;
  source: string;
  tags: string[];
  difficulty: number;
};

export function toDraft(
  row: Pick<VersionRow, "type" | "stem" | "options" | "answer" | "partialCredit" | "explanation" | "source" | "tags" | "difficulty">,
): QuestionDraft {
  const base = { stem: row.stem, explanation: row.explanation, source: row.source, tags: row.tags, difficulty: row.difficulty };
  switch (row.type) {
    case "single":
      return { ...base, type: "single", options: row.options, answer: row.answer as number };
    case "multiple":
      return { ...base, type: "multiple", options: row.options, answer: row.answer as number[], partialCredit: row.partialCredit };
    case "judge":
      return { ...base, type: "judge", answer: row.answer as boolean };
    case "fill":
      return { ...base, type: "fill", answer: row.answer as string[][] };
  }
}

export function presentQuestion(row: VersionRow) {
  return { id: row.id, bankId: row.bankId, version: row.version, status: row.status, draft: toDraft(row), updatedAt: row.updatedAt };
}

function currentVersions(db: Db) {
  return db
    .select(versionColumns)
    .from(questions)
    .innerJoin(
      questionVersions,
      and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)),
    );
}

export async function getQuestion(db: Db, id: string) {
  const row = await currentVersions(db).where(eq(questions.id, id)).get();
  return row as VersionRow | undefined;
}

/** A specific version (what an answer saw). */
export async function getQuestionVersions(db: Db, refs: { questionId: string; version: number }[]) {
  if (refs.length === 0) return [];
  const list = JSON.stringify(refs.map((r) => [r.questionId, r.version]));
  const rows = await db
    .select({ questionId: questionVersions.questionId, version: questionVersions.version, ...pickVersion() })
    .from(questionVersions)
    .where(
      sql`(question_versions.question_id, question_versions.version) in (select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${list}))`,
    );
  return rows;
}

function pickVersion() {
  return {
    type: questionVersions.type,
    stem: questionVersions.stem,
    options: questionVersions.options,
    answer: questionVersions.answer,
    partialCredit: questionVersions.partialCredit,
    explanation: questionVersions.explanation,
    source: questionVersions.source,
    tags: questionVersions.tags,
    difficulty: questionVersions.difficulty,
  };
}

export async function listQuestions(
  db: Db,
  bankId: string,
  filter: {
    q?: string | undefined;
    tag?: string | undefined;
    type?: string | undefined;
    difficulty?: number | undefined;
    status?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const conditions: (SQL | undefined)[] = [eq(questions.bankId, bankId)];
  if (filter.q) conditions.push(sql`instr(${questions.stem}, ${filter.q.normalize("NFC").trim()}) > 0`);
  if (filter.tag)
    conditions.push(sql`exists (select 1 from question_tags as t where t.question_id = questions.id and t.tag = ${filter.tag})`);
  if (filter.type) conditions.push(sql`${questions.type} = ${filter.type}`);
  if (filter.difficulty) conditions.push(eq(questions.difficulty, filter.difficulty));
  if (filter.status) conditions.push(sql`${questions.status} = ${filter.status}`);
  const where = and(...conditions);
  const [items, totals] = await db.batch([
    currentVersions(db)
      .where(where)
      // Newest change first; questions written together (one import) keep the order of their file.
      .orderBy(desc(questions.updatedAt), sql`questions.rowid`)
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ total: count() }).from(questions).where(where),
  ]);
  return { items: (items as VersionRow[]).map(presentQuestion), total: totals[0]?.total ?? 0 };
}

/**
 * Has anyone answered this version, or does a contest paper or attempt hold it? Then it is frozen
 * and an edit makes the next version, so a paper never changes under its participants.
 */
export async function versionInUse(db: Db, questionId: string, version: number): Promise<boolean> {
  const used = await db.get<{ used: number }>(sql`select
      exists (select 1 from practice_answers where question_id = ${questionId} and version = ${version})
   or exists (select 1 from attempt_questions where question_id = ${questionId} and version = ${version})
   or exists (select 1 from round_questions where question_id = ${questionId} and version = ${version}) as used`);
  return Boolean(used?.used);
}

export function versionValues(questionId: string, version: number, draft: QuestionDraft, userId: string | null, at: number) {
  return {
    questionId,
    version,
    type: draft.type,
    stem: draft.stem,
    options: "options" in draft ? draft.options : [],
    answer: draft.answer,
    partialCredit: draft.type === "multiple" ? draft.partialCredit : false,
    explanation: draft.explanation,
    source: draft.source,
    tags: draft.tags,
    difficulty: draft.difficulty,
    createdBy: userId,
    createdAt: at,
  };
}

export function replaceTagsStatements(db: Db, questionId: string, tags: string[]) {
  return [
    db.delete(questionTags).where(eq(questionTags.questionId, questionId)),
    ...(tags.length > 0 ? [db.insert(questionTags).values([...new Set(tags)].map((tag) => ({ questionId, tag })))] : []),
  ];
}

export function existingStemKeys(db: Db, bankId: string, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .select({ id: questions.id, stemKey: questions.stemKey, stem: questions.stem })
    .from(questions)
    .where(and(eq(questions.bankId, bankId), sql`${questions.stemKey} in (select value from json_each(${JSON.stringify(keys)}))`));
}

export async function questionsByIds(db: Db, bankId: string, ids: string[]) {
  const list = JSON.stringify(ids);
  return (await currentVersions(db).where(
    and(eq(questions.bankId, bankId), sql`questions.id in (select value from json_each(${list}))`),
  )) as VersionRow[];
}

export async function allQuestionsOfBank(db: Db, bankId: string) {
  // Insertion order breaks ties: an import writes all its questions in the same millisecond, and
  // a random id would shuffle them, so an export imported and exported again would not match.
  return (await currentVersions(db)
    .where(eq(questions.bankId, bankId))
    .orderBy(asc(questions.createdAt), sql`questions.rowid`)) as VersionRow[];
}

import { createId } from "@paralleldrive/cuid2";
import { and, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { allianceOrgs, bankShares, banks, orgs, questions, questionTags, questionVersions } from "../../db/schema";
import { inSubtree } from "../../db/subtree";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { canManageOrg, managedPaths, orgIdsAbove, outermostPaths } from "../../lib/scope";
import { now } from "../../lib/time";
import { loadOrgFor } from "../orgs/orgs.service";
import {
  type BankRow,
  getQuestion,
  listQuestions,
  loadBanks,
  presentQuestion,
  questionsByIds,
  replaceTagsStatements,
  toDraft,
  versionInUse,
  versionValues,
  visibleBanksWhere,
} from "./bank.repo";
import { normalizeStem, type QuestionDraft } from "./question";

/** QuestionDraftSchema's limit on tags. */
const MAX_TAGS = 20;

function present(user: SessionUser, bank: BankRow) {
  return {
    id: bank.id,
    orgId: bank.orgId,
    orgName: bank.orgName,
    name: bank.name,
    description: bank.description,
    visibility: bank.visibility,
    allianceIds: bank.allianceIds,
    questionCount: bank.questionCount,
    shipped: bank.sourceKey !== null,
    canManage: canManageOrg(user, bank.orgPath),
  };
}

/** Banks the caller can use, plus every bank of the orgs they manage. */
export async function listBanks(db: Db, user: SessionUser) {
  const managed = outermostPaths(managedPaths(user)).map((path) => inSubtree(orgs.path, path));
  const where = user.isAdmin
    ? undefined
    : visibleBanksWhere(orgIdsAbove(user), managed.length > 0 ? sql.join(managed, sql` or `) : undefined);
  return (await loadBanks(db, where)).map((bank) => present(user, bank));
}

/** One bank the caller can use or manage, as the list shows it; 404 for any other. */
export async function getBank(db: Db, user: SessionUser, bankId: string) {
  return present(user, await loadBankFor(db, user, bankId, "see"));
}

export async function loadBankFor(db: Db, user: SessionUser, bankId: string, need: "see" | "manage"): Promise<BankRow> {
  const [bank] = await loadBanks(db, eq(banks.id, bankId));
  const visible = bank && (user.isAdmin || canManageOrg(user, bank.orgPath) || (await isVisible(db, user, bank.id)));
  if (!bank || !visible) throw new ApiError("NOT_FOUND", "bank.notFound");
  if (need === "manage" && !canManageOrg(user, bank.orgPath)) throw new ApiError("FORBIDDEN", "error.forbidden");
  return bank;
}

async function isVisible(db: Db, user: SessionUser, bankId: string) {
  const rows = await db
    .select({ id: banks.id })
    .from(banks)
    .where(and(eq(banks.id, bankId), visibleBanksWhere(orgIdsAbove(user))));
  return rows.length > 0;
}

export async function createBank(c: Context<AppEnv>, user: SessionUser, input: { orgId: string; name: string; description: string }) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, input.orgId, "manage");
  const id = createId();
  const at = now();
  await db.batch([
    db
      .insert(banks)
      .values({ id, orgId: org.id, name: input.name, description: input.description, createdBy: user.id, createdAt: at, updatedAt: at }),
    auditStatement(db, c, { action: "bank.create", entityType: "bank", entityId: id, orgId: org.id, after: input }),
  ]);
  return present(user, (await loadBanks(db, eq(banks.id, id)))[0] as BankRow);
}

/**
 * Sharing: `alliance` needs at least one alliance the owning org (or an org above it) belongs to;
 * `public` shares with every org on the instance.
 */
export async function updateBank(
  c: Context<AppEnv>,
  user: SessionUser,
  bankId: string,
  input: {
    name?: string | undefined;
    description?: string | undefined;
    visibility?: "org" | "alliance" | "public" | undefined;
    allianceIds?: string[] | undefined;
  },
) {
  const db = c.get("db");
  const bank = await loadBankFor(db, user, bankId, "manage");
  const visibility = input.visibility ?? bank.visibility;
  const allianceIds = [...new Set(input.allianceIds ?? (visibility === "alliance" ? bank.allianceIds : []))];
  if (visibility === "alliance" && allianceIds.length === 0) throw new ApiError("VALIDATION_FAILED", "bank.shareNeedsAlliance");
  if (allianceIds.length > 0) {
    const above = bank.orgPath.split("/").filter(Boolean);
    const memberOf = await db
      .select({ allianceId: allianceOrgs.allianceId })
      .from(allianceOrgs)
      .where(sql`${allianceOrgs.orgId} in (select value from json_each(${JSON.stringify(above)}))`);
    const allowed = new Set(memberOf.map((r) => r.allianceId));
    if (!allianceIds.every((id) => allowed.has(id))) throw new ApiError("UNPROCESSABLE", "bank.allianceNotVisible");
  }
  const at = now();
  const shares = visibility === "alliance" ? allianceIds : [];
  await db.batch([
    db
      .update(banks)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        visibility,
        updatedAt: at,
      })
      .where(eq(banks.id, bank.id)),
    db.delete(bankShares).where(eq(bankShares.bankId, bank.id)),
    ...(shares.length > 0
      ? [db.insert(bankShares).values(shares.map((allianceId) => ({ bankId: bank.id, allianceId, createdAt: at })))]
      : []),
    auditStatement(db, c, {
      action: "bank.update",
      entityType: "bank",
      entityId: bank.id,
      orgId: bank.orgId,
      before: { name: bank.name, description: bank.description, visibility: bank.visibility, allianceIds: bank.allianceIds },
      after: { ...input, visibility, allianceIds: shares },
    }),
  ]);
  return present(user, (await loadBanks(db, eq(banks.id, bank.id)))[0] as BankRow);
}

export async function listBankQuestions(db: Db, user: SessionUser, bankId: string, filter: Parameters<typeof listQuestions>[2]) {
  const bank = await loadBankFor(db, user, bankId, "manage");
  const page = await listQuestions(db, bank.id, filter);
  return { ...page, page: filter.page, pageSize: filter.pageSize };
}

export function insertQuestionStatements(
  db: Db,
  bankId: string,
  draft: QuestionDraft,
  options: { id?: string; key?: string | null; status: "draft" | "active" | "retired"; userId: string | null; at: number },
) {
  const id = options.id ?? createId();
  return {
    id,
    statements: [
      db.insert(questions).values({
        id,
        bankId,
        externalKey: options.key ?? null,
        currentVersion: 1,
        status: options.status,
        type: draft.type,
        stem: draft.stem,
        stemKey: normalizeStem(draft.stem),
        difficulty: draft.difficulty,
        createdAt: options.at,
        updatedAt: options.at,
      }),
      db.insert(questionVersions).values(versionValues(id, 1, draft, options.userId, options.at)),
      ...replaceTagsStatements(db, id, draft.tags),
    ],
  };
}

export async function createQuestion(
  c: Context<AppEnv>,
  user: SessionUser,
  bankId: string,
  input: { draft: QuestionDraft; status: "draft" | "active" },
) {
  const db = c.get("db");
  const bank = await loadBankFor(db, user, bankId, "manage");
  const { id, statements } = insertQuestionStatements(db, bank.id, input.draft, { status: input.status, userId: user.id, at: now() });
  await db.batch([
    ...(statements as [(typeof statements)[number], ...typeof statements]),
    auditStatement(db, c, { action: "question.create", entityType: "question", entityId: id, orgId: bank.orgId, after: input }),
  ]);
  return presentQuestion((await getQuestion(db, id)) as NonNullable<Awaited<ReturnType<typeof getQuestion>>>);
}

async function loadQuestionFor(db: Db, user: SessionUser, questionId: string) {
  const question = await getQuestion(db, questionId);
  if (!question) throw new ApiError("NOT_FOUND", "bank.questionNotFound");
  const bank = await loadBankFor(db, user, question.bankId, "see").catch(() => null);
  if (!bank) throw new ApiError("NOT_FOUND", "bank.questionNotFound");
  if (!canManageOrg(user, bank.orgPath)) throw new ApiError("FORBIDDEN", "error.forbidden");
  return { question, bank };
}

export async function getQuestionFor(db: Db, user: SessionUser, questionId: string) {
  return presentQuestion((await loadQuestionFor(db, user, questionId)).question);
}

/** What an edit compares: the content a past answer depends on (tags are labels, not content). */
function contentOf(draft: QuestionDraft) {
  // A fixed order: a parsed body and a draft rebuilt from its row list the same fields in different orders.
  return JSON.stringify([
    draft.type,
    draft.stem,
    "options" in draft ? draft.options : [],
    draft.answer,
    draft.type === "multiple" ? draft.partialCredit : false,
    draft.explanation,
    draft.source,
    draft.difficulty,
  ]);
}

/**
 * Editing keeps history honest: if the current version has been answered, the edit becomes the
 * next version and past answers keep the one they saw; otherwise the current version changes in
 * place. Tags and status are labels: changing them never makes a version.
 */
export async function updateQuestion(
  c: Context<AppEnv>,
  user: SessionUser,
  questionId: string,
  input: { draft?: QuestionDraft | undefined; status?: "draft" | "active" | "retired" | undefined },
) {
  const db = c.get("db");
  const { question, bank } = await loadQuestionFor(db, user, questionId);
  const before = toDraft(question);
  const at = now();
  const statements = [];
  let version = question.version;
  if (input.draft && contentOf(input.draft) !== contentOf(before)) {
    if (await versionInUse(db, question.id, question.version)) {
      version = question.version + 1;
      statements.push(db.insert(questionVersions).values(versionValues(question.id, version, input.draft, user.id, at)));
    } else {
      const { questionId: _q, version: _v, createdAt: _c, ...content } = versionValues(question.id, version, input.draft, user.id, at);
      statements.push(
        db
          .update(questionVersions)
          .set(content)
          .where(and(eq(questionVersions.questionId, question.id), eq(questionVersions.version, version))),
      );
    }
  } else if (input.draft) {
    statements.push(
      db
        .update(questionVersions)
        .set({ tags: input.draft.tags })
        .where(and(eq(questionVersions.questionId, question.id), eq(questionVersions.version, version))),
    );
  }
  const draft = input.draft ?? before;
  statements.push(
    db
      .update(questions)
      .set({
        currentVersion: version,
        status: input.status ?? question.status,
        type: draft.type,
        stem: draft.stem,
        stemKey: normalizeStem(draft.stem),
        difficulty: draft.difficulty,
        updatedAt: at,
      })
      .where(eq(questions.id, question.id)),
    ...(input.draft ? replaceTagsStatements(db, question.id, input.draft.tags) : []),
    auditStatement(db, c, {
      action: "question.update",
      entityType: "question",
      entityId: question.id,
      orgId: bank.orgId,
      before: { version: question.version, status: question.status, draft: before },
      after: { version, status: input.status ?? question.status, draft },
    }),
  );
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  return presentQuestion((await getQuestion(db, question.id)) as NonNullable<Awaited<ReturnType<typeof getQuestion>>>);
}

/** Bulk-tag and retire: labels only, so no versions are made. */
export async function bulkUpdate(
  c: Context<AppEnv>,
  user: SessionUser,
  bankId: string,
  input: { questionIds: string[]; addTags: string[]; removeTags: string[]; status?: "draft" | "active" | "retired" | undefined },
) {
  const db = c.get("db");
  const bank = await loadBankFor(db, user, bankId, "manage");
  const rows = await questionsByIds(db, bank.id, [...new Set(input.questionIds)]);
  if (rows.length !== new Set(input.questionIds).size) throw new ApiError("NOT_FOUND", "bank.questionNotFound");
  const at = now();
  const updates = rows.map((row) => ({
    id: row.id,
    version: row.version,
    tags: [...new Set([...row.tags.filter((t) => !input.removeTags.includes(t)), ...input.addTags])],
  }));
  // The same limit as a single question's draft, or the bank would no longer export and import back.
  if (updates.some((u) => u.tags.length > MAX_TAGS))
    throw new ApiError("VALIDATION_FAILED", "error.validation", {}, { issues: [{ path: "addTags", message: `最多 ${MAX_TAGS} 个标签` }] });
  // Four statements whatever the count: the rows travel as one bound JSON array (D1 counts every
  // statement of a batch against its per-request query limit).
  const list = JSON.stringify(updates);
  const ids = JSON.stringify(updates.map((u) => u.id));
  await db.batch([
    db
      .update(questionVersions)
      .set({
        tags: sql`(select json_extract(value, '$.tags') from json_each(${list}) where json_extract(value, '$.id') = question_versions.question_id)`,
      })
      .where(
        sql`(question_versions.question_id, question_versions.version) in (select json_extract(value, '$.id'), json_extract(value, '$.version') from json_each(${list}))`,
      ),
    db
      .update(questions)
      .set({ ...(input.status ? { status: input.status } : {}), updatedAt: at })
      .where(sql`questions.id in (select value from json_each(${ids}))`),
    db.delete(questionTags).where(sql`question_tags.question_id in (select value from json_each(${ids}))`),
    db
      .insert(questionTags)
      .select(
        sql`select json_extract(q.value, '$.id'), t.value from json_each(${list}) as q, json_each(json_extract(q.value, '$.tags')) as t`,
      ),
    auditStatement(db, c, { action: "question.bulkUpdate", entityType: "bank", entityId: bank.id, orgId: bank.orgId, after: input }),
  ]);
  return { updated: rows.length };
}

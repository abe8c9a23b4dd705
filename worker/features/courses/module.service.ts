import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Context } from "hono";
import { aliased, type Db } from "../../db/client";
import { allianceOrgs, alliances, banks, moduleAudience, modules, moduleVersions, orgs, questions } from "../../db/schema";
import type { ModuleTag } from "../../db/schema/courses";
import { inSubtree } from "../../db/subtree";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { canManageOrg, canSeeOrg, managedPaths, outermostPaths } from "../../lib/scope";
import { now } from "../../lib/time";
import { visibleBanksWhere } from "../bank/bank.repo";
import { renderMarkdown } from "./markdown";
import { cleanFileName, contentDisposition, isInline, keyOfVersion, MAX_MEDIA_BYTES, mediaKey, mediaKindOf } from "./media";
import {
  audienceSql,
  canAuthor,
  canEdit,
  canReview,
  draftVersion,
  type LoadedModule,
  loadModule,
  type ModuleVersionRow,
  memberSees,
  publishedVersion,
  seesDrafts,
} from "./module.repo";
import type { CreateModuleBodySchema, ModuleListQuerySchema, ModuleSchema, UpdateModuleBodySchema } from "./module.schema";

type CreateModule = z.output<typeof CreateModuleBodySchema>;
type UpdateModule = z.output<typeof UpdateModuleBodySchema>;
type ModuleView = z.infer<typeof ModuleSchema>;
type Audience = CreateModule["audience"];

// ——— presenting ———

export const hoursOf = (tenths: number) => tenths / 10;

export function mediaUrl(moduleId: string, versionId: string) {
  return `/api/modules/${moduleId}/versions/${versionId}/media`;
}

function presentVersion(v: ModuleVersionRow) {
  const media =
    v.mediaKind === "file" && v.mediaKey
      ? {
          kind: "file" as const,
          name: v.mediaName ?? "",
          type: v.mediaType ?? "",
          bytes: v.mediaBytes ?? 0,
          url: mediaUrl(v.moduleId, v.id),
        }
      : v.mediaKind === "link" && v.mediaUrl
        ? { kind: "link" as const, url: v.mediaUrl }
        : { kind: "none" as const };
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    title: v.title,
    summary: v.summary,
    bodyMd: v.bodyMd,
    bodyHtml: v.bodyHtml,
    media,
    durationMin: v.durationMin,
    hours: hoursOf(v.hoursTenths),
    hoursTenths: v.hoursTenths,
    tags: v.tags,
    selfPaced: v.selfPaced,
    quiz: v.quizBankId ? { bankId: v.quizBankId, count: v.quizCount ?? 0, passPct: v.quizPassPct ?? 0 } : null,
    submittedAt: v.submittedAt,
    reviewedBy: v.reviewedBy,
    reviewedAt: v.reviewedAt,
    reviewNote: v.reviewNote,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export function moduleStatus(loaded: LoadedModule): ModuleView["status"] {
  if (loaded.module.archivedAt !== null) return "archived";
  const draft = draftVersion(loaded);
  if (draft && draft.status !== "published" && draft.status !== "superseded") return draft.status;
  return "published";
}

export function presentModule(user: SessionUser, loaded: LoadedModule): ModuleView {
  const full = seesDrafts(user, loaded);
  const published = publishedVersion(loaded);
  const draft = full ? draftVersion(loaded) : null;
  const c = loaded.myCompletion;
  return {
    id: loaded.module.id,
    orgId: loaded.module.orgId,
    orgName: loaded.module.orgName,
    ownerId: loaded.module.ownerId,
    ownerName: loaded.module.ownerName,
    status: moduleStatus(loaded),
    archivedAt: loaded.module.archivedAt,
    audience: loaded.audience,
    published: published ? presentVersion(published) : null,
    draft: draft ? presentVersion(draft) : null,
    history: full
      ? loaded.versions.map((v) => ({
          id: v.id,
          version: v.version,
          status: v.status,
          title: v.title,
          reviewedBy: v.reviewedBy,
          reviewedAt: v.reviewedAt,
          reviewNote: v.reviewNote,
          updatedAt: v.updatedAt,
        }))
      : [],
    canEdit: canEdit(user, loaded),
    canReview: canReview(user, loaded),
    myCompletion: c
      ? { moduleId: c.moduleId, versionId: c.versionId, method: c.method, quizScorePct: c.quizScorePct, completedAt: c.completedAt }
      : null,
    createdAt: loaded.module.createdAt,
    updatedAt: loaded.module.updatedAt,
  };
}

// ——— loading with permissions ———

/**
 * The module as the caller may see it, or 404: its lecturers and reviewers see it in any state; a
 * member only once published, not archived, and meant for them. `need` then asks for more (403).
 */
export async function loadModuleFor(db: Db, user: SessionUser, id: string, need: "see" | "edit" | "review" = "see"): Promise<LoadedModule> {
  const loaded = await loadModule(db, user, id);
  if (!loaded || !(seesDrafts(user, loaded) || memberSees(loaded))) throw new ApiError("NOT_FOUND", "module.notFound");
  if (need === "edit" && !canEdit(user, loaded)) throw new ApiError("FORBIDDEN", "module.notOwner");
  if (need === "review" && !canReview(user, loaded)) throw new ApiError("FORBIDDEN", "module.notReviewer");
  return loaded;
}

async function reloaded(db: Db, user: SessionUser, id: string) {
  return { module: presentModule(user, (await loadModule(db, user, id)) as LoadedModule) };
}

// ——— checks of the input against the data ———

/**
 * Who a module may be for: orgs anywhere in the owning org's tree (from its root down), and orgs of
 * an alliance the owning org (or an org above it) belongs to, with their subtrees; such an alliance
 * as a whole (or one the caller organizes); or everyone. The owning org's reviewers see the
 * audience before approving it.
 */
async function checkAudience(db: Db, user: SessionUser, org: { path: string }, audience: Audience) {
  const onPath = org.path.split("/").filter(Boolean);
  const orgIds = audience.filter((a) => a.type === "org").map((a) => a.id);
  const allianceIds = audience.filter((a) => a.type === "alliance").map((a) => a.id);
  const [targets, named, reach] = await db.batch([
    db
      .select({ id: orgs.id, name: orgs.name, path: orgs.path })
      .from(orgs)
      .where(inArray(orgs.id, orgIds.length ? orgIds : [""])),
    db
      .select({ id: alliances.id, name: alliances.name })
      .from(alliances)
      .where(inArray(alliances.id, allianceIds.length ? allianceIds : [""])),
    db
      .select({ allianceId: allianceOrgs.allianceId, path: orgs.path })
      .from(allianceOrgs)
      .innerJoin(orgs, eq(orgs.id, allianceOrgs.orgId))
      .where(
        sql`${allianceOrgs.allianceId} in (select alliance_id from alliance_orgs where org_id in (select value from json_each(${JSON.stringify(onPath)})))`,
      ),
  ]);
  const ownAlliances = new Set(reach.map((r) => r.allianceId));
  const reachPaths = [`/${onPath[0]}/`, ...reach.map((r) => r.path)];
  for (const id of new Set(orgIds)) {
    const target = targets.find((t) => t.id === id);
    if (!target) throw new ApiError("UNPROCESSABLE", "module.audienceNotFound");
    if (!user.isAdmin && !reachPaths.some((path) => target.path.startsWith(path)))
      throw new ApiError("UNPROCESSABLE", "module.audienceOutside", { name: target.name });
  }
  for (const id of new Set(allianceIds)) {
    const target = named.find((t) => t.id === id);
    if (!target) throw new ApiError("UNPROCESSABLE", "module.audienceNotFound");
    if (!user.isAdmin && !ownAlliances.has(id) && !user.alliances.some((a) => a.id === id))
      throw new ApiError("UNPROCESSABLE", "module.audienceOutside", { name: target.name });
  }
}

/**
 * What the audience picker offers for a module of `orgId` — what `checkAudience` accepts, short of
 * the orgs in other branches of the tree and in the alliances' orgs (those are reached through their
 * alliance): the owning org's subtree with the orgs above it, the alliances of the owning org or an
 * org above it and those the caller organizes, and everyone. For those who may write its modules.
 */
export async function audienceOptions(db: Db, user: SessionUser, orgId: string) {
  const org = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs).where(eq(orgs.id, orgId)).get();
  if (!org || !(canSeeOrg(user, org.path) || canManageOrg(user, org.path))) throw new ApiError("NOT_FOUND", "module.orgNotFound");
  if (!canAuthor(user, org)) throw new ApiError("FORBIDDEN", "module.notAuthor");
  const onPath = org.path.split("/").filter(Boolean);
  const above = onPath.slice(0, -1);
  const organized = user.alliances.map((a) => a.id);
  const [tree, members] = await db.batch([
    db
      .select({ id: orgs.id, parentId: orgs.parentId, name: orgs.name, kind: orgs.kind, path: orgs.path, depth: orgs.depth })
      .from(orgs)
      .where(or(inSubtree(orgs.path, org.path), inArray(orgs.id, above.length ? above : [""])))
      .orderBy(asc(orgs.depth), asc(orgs.sortOrder), asc(orgs.name))
      .limit(5000),
    db
      .select({
        id: alliances.id,
        name: alliances.name,
        orgId: aliased<string>(orgs.id, "member_org_id"),
        orgName: aliased<string>(orgs.name, "member_org_name"),
      })
      .from(alliances)
      .innerJoin(allianceOrgs, eq(allianceOrgs.allianceId, alliances.id))
      .innerJoin(orgs, eq(orgs.id, allianceOrgs.orgId))
      .where(
        or(
          sql`${alliances.id} in (select alliance_id from alliance_orgs where org_id in (select value from json_each(${JSON.stringify(onPath)})))`,
          inArray(alliances.id, organized.length ? organized : [""]),
        ),
      )
      .orderBy(asc(alliances.name), asc(alliances.id), asc(orgs.name)),
  ]);
  const grouped = new Map<string, { id: string; name: string; orgs: { id: string; name: string }[] }>();
  for (const row of members) {
    const alliance = grouped.get(row.id) ?? { id: row.id, name: row.name, orgs: [] };
    alliance.orgs.push({ id: row.orgId, name: row.orgName });
    grouped.set(row.id, alliance);
  }
  return {
    org,
    orgs: tree.map((o) => ({ ...o, above: above.includes(o.id) })),
    alliances: [...grouped.values()],
    // Anyone who writes a module may offer it to everyone: the org's reviewers see that before approving.
    everyone: true,
  };
}

function dedupeAudience(audience: Audience) {
  const seen = new Set<string>();
  return audience
    .map((a) => ({ type: a.type, id: a.type === "all" ? "*" : a.id }))
    .filter((a) => !seen.has(`${a.type}:${a.id}`) && seen.add(`${a.type}:${a.id}`));
}

/**
 * A completion quiz draws from a bank the module's org may use — the same banks a member of that
 * org could practise from (its own and its ancestors', shared with its alliances, public) or one of
 * an org below it — holding enough active questions now.
 */
async function checkQuiz(db: Db, org: { path: string }, quiz: NonNullable<CreateModule["quiz"]>, selfPaced: boolean) {
  if (!selfPaced) throw new ApiError("UNPROCESSABLE", "module.quizNeedsSelfPaced");
  const onPath = org.path.split("/").filter(Boolean);
  const rows = await db
    .select({
      id: banks.id,
      active: sql<number>`(select count(*) from ${questions} where ${questions.bankId} = ${banks.id} and ${questions.status} = 'active')`,
    })
    .from(banks)
    .innerJoin(orgs, eq(orgs.id, banks.orgId))
    .where(and(eq(banks.id, quiz.bankId), visibleBanksWhere(onPath, inSubtree(orgs.path, org.path))));
  const bank = rows[0];
  if (!bank) throw new ApiError("UNPROCESSABLE", "module.quizBankNotUsable");
  if (bank.active < quiz.count)
    throw new ApiError("UNPROCESSABLE", "module.quizNotEnoughQuestions", { have: bank.active, need: quiz.count });
}

type VersionContent = Pick<
  ModuleVersionRow,
  | "title"
  | "summary"
  | "bodyMd"
  | "bodyHtml"
  | "mediaKind"
  | "mediaUrl"
  | "mediaKey"
  | "mediaName"
  | "mediaType"
  | "mediaBytes"
  | "durationMin"
  | "hoursTenths"
  | "tags"
  | "quizBankId"
  | "quizCount"
  | "quizPassPct"
  | "selfPaced"
>;

const NO_FILE = { mediaKey: null, mediaName: null, mediaType: null, mediaBytes: null };

/** A version's content: `base` (the version edited or copied) changed by `input`. */
function contentOf(base: VersionContent | null, input: UpdateModule): VersionContent {
  const bodyMd = input.bodyMd ?? base?.bodyMd ?? "";
  const media =
    input.media === undefined
      ? {
          mediaKind: base?.mediaKind ?? "none",
          mediaUrl: base?.mediaUrl ?? null,
          mediaKey: base?.mediaKey ?? null,
          mediaName: base?.mediaName ?? null,
          mediaType: base?.mediaType ?? null,
          mediaBytes: base?.mediaBytes ?? null,
        }
      : input.media.kind === "link"
        ? { mediaKind: "link" as const, mediaUrl: input.media.url, ...NO_FILE }
        : { mediaKind: "none" as const, mediaUrl: null, ...NO_FILE };
  const quiz =
    input.quiz === undefined
      ? { quizBankId: base?.quizBankId ?? null, quizCount: base?.quizCount ?? null, quizPassPct: base?.quizPassPct ?? null }
      : { quizBankId: input.quiz?.bankId ?? null, quizCount: input.quiz?.count ?? null, quizPassPct: input.quiz?.passPct ?? null };
  return {
    title: input.title ?? base?.title ?? "",
    summary: input.summary ?? base?.summary ?? "",
    bodyMd,
    bodyHtml: input.bodyMd === undefined && base ? base.bodyHtml : renderMarkdown(bodyMd),
    ...media,
    durationMin: input.durationMin ?? base?.durationMin ?? 0,
    hoursTenths: input.hours === undefined ? (base?.hoursTenths ?? 0) : Math.round(input.hours * 10),
    tags: (input.tags ?? base?.tags ?? []) as ModuleTag[],
    ...quiz,
    selfPaced: input.selfPaced ?? base?.selfPaced ?? false,
  };
}

async function checkContent(db: Db, org: { path: string }, content: VersionContent, input: UpdateModule) {
  // The quiz is checked again whenever it or self-paced study changes: the bank may have lost questions since.
  if (content.quizBankId && (input.quiz !== undefined || input.selfPaced !== undefined))
    await checkQuiz(
      db,
      org,
      { bankId: content.quizBankId, count: content.quizCount ?? 0, passPct: content.quizPassPct ?? 0 },
      content.selfPaced,
    );
}

// ——— lifecycle ———

export async function createModule(c: Context<AppEnv>, user: SessionUser, input: CreateModule) {
  const db = c.get("db");
  const org = await db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(eq(orgs.id, input.orgId)).get();
  if (!org) throw new ApiError("UNPROCESSABLE", "module.orgNotFound");
  if (!canAuthor(user, org)) throw new ApiError("FORBIDDEN", "module.notAuthor");
  await checkAudience(db, user, org, input.audience);
  if (input.quiz) await checkQuiz(db, org, input.quiz, input.selfPaced);
  const id = createId();
  const versionId = createId();
  const at = now();
  const content = contentOf(null, input);
  await db.batch([
    db.insert(modules).values({ id, orgId: org.id, ownerId: user.id, draftVersionId: versionId, createdAt: at, updatedAt: at }),
    db
      .insert(moduleVersions)
      .values({ id: versionId, moduleId: id, version: 1, status: "draft", ...content, createdBy: user.id, createdAt: at, updatedAt: at }),
    db.insert(moduleAudience).values(dedupeAudience(input.audience).map((a) => ({ moduleId: id, targetType: a.type, targetId: a.id }))),
    auditStatement(db, c, {
      action: "module.create",
      entityType: "module",
      entityId: id,
      orgId: org.id,
      after: { ...input, bodyMd: undefined, versionId },
    }),
  ]);
  return reloaded(db, user, id);
}

/**
 * Edits a module. A draft (or a rejected version) changes in place; a module whose current version
 * is published gets a new draft version, copied from the published one and changed, while the
 * published one stays in the catalog until the new one is approved. A version under review is
 * not edited (the reviewer would approve something else than what they read). The audience is the
 * module's, not a version's: it changes at once.
 */
export async function updateModule(c: Context<AppEnv>, user: SessionUser, id: string, input: UpdateModule) {
  const db = c.get("db");
  const loaded = await loadModuleFor(db, user, id, "edit");
  if (loaded.module.archivedAt !== null) throw new ApiError("CONFLICT", "module.archived");
  const draft = draftVersion(loaded);
  if (draft?.status === "submitted") throw new ApiError("CONFLICT", "module.underReview");
  const org = { path: loaded.module.orgPath };
  if (input.audience) await checkAudience(db, user, org, input.audience);
  const at = now();
  const content = contentOf(draft ?? publishedVersion(loaded), input);
  await checkContent(db, org, content, input);
  const audienceStatements = input.audience
    ? [
        db.delete(moduleAudience).where(eq(moduleAudience.moduleId, id)),
        db.insert(moduleAudience).values(dedupeAudience(input.audience).map((a) => ({ moduleId: id, targetType: a.type, targetId: a.id }))),
      ]
    : [];
  let replacedKey: string | null = null;
  if (draft) {
    if (draft.mediaKey !== content.mediaKey && keyOfVersion(draft.mediaKey, id, draft.id)) replacedKey = draft.mediaKey;
    const [changed] = await db.batch([
      db
        .update(moduleVersions)
        .set({ ...content, updatedAt: at })
        .where(and(eq(moduleVersions.id, draft.id), inArray(moduleVersions.status, ["draft", "rejected"]))),
      db.update(modules).set({ updatedAt: at }).where(eq(modules.id, id)),
      ...audienceStatements,
      auditStatement(db, c, {
        action: "module.update",
        entityType: "module",
        entityId: id,
        orgId: loaded.module.orgId,
        after: { ...input, bodyMd: undefined, versionId: draft.id },
      }),
    ]);
    // Submitted between our read and this write: the guard kept the version as it was, and so must the rest.
    if (changed.meta.changes === 0) throw new ApiError("CONFLICT", "module.underReview");
  } else {
    const versionId = createId();
    const version = Math.max(...loaded.versions.map((v) => v.version)) + 1;
    const mine = sql`exists (select 1 from module_versions where id = ${versionId})`;
    await db.batch([
      // Two edits at once both aim at version+1: the unique (module, version) index lets one in.
      db
        .insert(moduleVersions)
        .values({ id: versionId, moduleId: id, version, status: "draft", ...content, createdBy: user.id, createdAt: at, updatedAt: at })
        .onConflictDoNothing(),
      db
        .update(modules)
        .set({ draftVersionId: versionId, updatedAt: at })
        .where(and(eq(modules.id, id), isNull(modules.draftVersionId), mine)),
      ...audienceStatements,
      auditStatement(
        db,
        c,
        {
          action: "module.newVersion",
          entityType: "module",
          entityId: id,
          orgId: loaded.module.orgId,
          after: { ...input, bodyMd: undefined, versionId, version },
        },
        mine,
      ),
    ]);
    const current = await db.select({ draftVersionId: modules.draftVersionId }).from(modules).where(eq(modules.id, id)).get();
    if (current?.draftVersionId !== versionId) {
      await db.delete(moduleVersions).where(and(eq(moduleVersions.id, versionId), eq(moduleVersions.status, "draft")));
      throw new ApiError("CONFLICT", "module.editedMeanwhile");
    }
  }
  if (replacedKey) await c.env.MEDIA.delete(replacedKey);
  return reloaded(db, user, id);
}

/** Sends the draft (or the rejected version, edited) for review. */
export async function submitModule(c: Context<AppEnv>, user: SessionUser, id: string) {
  const db = c.get("db");
  const loaded = await loadModuleFor(db, user, id, "edit");
  if (loaded.module.archivedAt !== null) throw new ApiError("CONFLICT", "module.archived");
  const draft = draftVersion(loaded);
  if (!draft) throw new ApiError("CONFLICT", "module.noDraft");
  if (draft.status === "submitted") throw new ApiError("CONFLICT", "module.alreadySubmitted");
  const at = now();
  const [changed] = await db.batch([
    db
      .update(moduleVersions)
      .set({ status: "submitted", submittedAt: at, updatedAt: at })
      .where(and(eq(moduleVersions.id, draft.id), inArray(moduleVersions.status, ["draft", "rejected"]))),
    db.update(modules).set({ updatedAt: at }).where(eq(modules.id, id)),
    auditStatement(
      db,
      c,
      {
        action: "module.submit",
        entityType: "module",
        entityId: id,
        orgId: loaded.module.orgId,
        after: { versionId: draft.id, version: draft.version },
      },
      sql`exists (select 1 from module_versions where id = ${draft.id} and status = 'submitted' and submitted_at = ${at})`,
    ),
  ]);
  if (changed.meta.changes === 0) throw new ApiError("CONFLICT", "module.alreadySubmitted");
  return reloaded(db, user, id);
}

/**
 * Approval is publication: the submitted version becomes the module's published one, the version it
 * replaces is superseded, and the approver is recorded. Every statement is guarded by "this
 * request's approval went in", so a double click or two reviewers at once publish once.
 */
export async function publishModule(c: Context<AppEnv>, user: SessionUser, id: string) {
  const db = c.get("db");
  const loaded = await loadModuleFor(db, user, id, "review");
  if (loaded.module.archivedAt !== null) throw new ApiError("CONFLICT", "module.archived");
  const draft = draftVersion(loaded);
  if (draft?.status !== "submitted") throw new ApiError("CONFLICT", "module.notSubmitted");
  const previous = publishedVersion(loaded);
  const at = now();
  const approved = sql`exists (select 1 from module_versions where id = ${draft.id} and status = 'published' and reviewed_at = ${at} and reviewed_by = ${user.id})`;
  const [changed] = await db.batch([
    db
      .update(moduleVersions)
      .set({ status: "published", reviewedBy: user.id, reviewedAt: at, reviewNote: null, updatedAt: at })
      .where(and(eq(moduleVersions.id, draft.id), eq(moduleVersions.status, "submitted"))),
    db
      .update(modules)
      .set({ publishedVersionId: draft.id, draftVersionId: null, updatedAt: at })
      .where(and(eq(modules.id, id), eq(modules.draftVersionId, draft.id), approved)),
    ...(previous
      ? [
          db
            .update(moduleVersions)
            .set({ status: "superseded", updatedAt: at })
            .where(and(eq(moduleVersions.id, previous.id), eq(moduleVersions.status, "published"), approved)),
        ]
      : []),
    auditStatement(
      db,
      c,
      {
        action: "module.publish",
        entityType: "module",
        entityId: id,
        orgId: loaded.module.orgId,
        before: { publishedVersionId: previous?.id ?? null },
        after: { publishedVersionId: draft.id, version: draft.version, approvedBy: user.id },
      },
      approved,
    ),
  ]);
  if (changed.meta.changes === 0) throw new ApiError("CONFLICT", "module.notSubmitted");
  return reloaded(db, user, id);
}

export async function rejectModule(c: Context<AppEnv>, user: SessionUser, id: string, note: string) {
  const db = c.get("db");
  const loaded = await loadModuleFor(db, user, id, "review");
  const draft = draftVersion(loaded);
  if (draft?.status !== "submitted") throw new ApiError("CONFLICT", "module.notSubmitted");
  const at = now();
  const [changed] = await db.batch([
    db
      .update(moduleVersions)
      .set({ status: "rejected", reviewedBy: user.id, reviewedAt: at, reviewNote: note, updatedAt: at })
      .where(and(eq(moduleVersions.id, draft.id), eq(moduleVersions.status, "submitted"))),
    db.update(modules).set({ updatedAt: at }).where(eq(modules.id, id)),
    auditStatement(
      db,
      c,
      { action: "module.reject", entityType: "module", entityId: id, orgId: loaded.module.orgId, after: { versionId: draft.id, note } },
      sql`exists (select 1 from module_versions where id = ${draft.id} and status = 'rejected' and reviewed_at = ${at})`,
    ),
  ]);
  if (changed.meta.changes === 0) throw new ApiError("CONFLICT", "module.notSubmitted");
  return reloaded(db, user, id);
}

/** Takes the module out of the catalog (sessions already held and completions stay in the ledger). */
export async function archiveModule(c: Context<AppEnv>, user: SessionUser, id: string) {
  const db = c.get("db");
  const loaded = await loadModuleFor(db, user, id, "edit");
  if (loaded.module.archivedAt !== null) throw new ApiError("CONFLICT", "module.archived");
  const at = now();
  const [changed] = await db.batch([
    db
      .update(modules)
      .set({ archivedAt: at, updatedAt: at })
      .where(and(eq(modules.id, id), isNull(modules.archivedAt))),
    auditStatement(
      db,
      c,
      { action: "module.archive", entityType: "module", entityId: id, orgId: loaded.module.orgId },
      sql`exists (select 1 from modules where id = ${id} and archived_at = ${at})`,
    ),
  ]);
  if (changed.meta.changes === 0) throw new ApiError("CONFLICT", "module.archived");
  return reloaded(db, user, id);
}

// ——— lists ———

type SummaryRow = {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  owner_id: string;
  owner_name: string;
  archived_at: number | null;
  updated_at: number;
  d_status: "draft" | "submitted" | "rejected" | null;
  title: string;
  version: number;
  published_version: number | null;
  tags: string;
  hours_tenths: number;
  duration_min: number;
  p_hours_tenths: number | null;
  p_duration_min: number | null;
  review_note: string | null;
  self_paced: number;
};

/** Modules of the orgs the caller reviews (their subtrees) or lectures in, newest change first. */
export async function listModules(db: Db, user: SessionUser, filter: z.output<typeof ModuleListQuerySchema>) {
  const subtrees = outermostPaths(managedPaths(user)).map((path) => inSubtree(orgs.path, path));
  const lectures = JSON.stringify(user.memberships.filter((m) => m.role === "lecturer").map((m) => m.orgId));
  const scope = user.isAdmin
    ? sql`1`
    : sql`(${subtrees.length ? sql.join(subtrees, sql` or `) : sql`0`} or m.org_id in (select value from json_each(${lectures})))`;
  const status =
    filter.status === "archived"
      ? sql`m.archived_at is not null`
      : filter.status === "published"
        ? sql`m.archived_at is null and m.published_version_id is not null`
        : filter.status
          ? sql`m.archived_at is null and d.status = ${filter.status}`
          : sql`1`;
  const rows = await db.all<SummaryRow>(sql`
    select m.id, m.org_id, orgs.name as org_name, orgs.path as org_path, m.owner_id, u.name as owner_name, m.archived_at, m.updated_at,
      d.status as d_status, coalesce(d.title, p.title) as title, coalesce(d.version, p.version) as version, p.version as published_version,
      coalesce(d.tags, p.tags) as tags, coalesce(d.hours_tenths, p.hours_tenths) as hours_tenths,
      coalesce(d.duration_min, p.duration_min) as duration_min, p.hours_tenths as p_hours_tenths, p.duration_min as p_duration_min,
      case when d.status = 'rejected' then d.review_note end as review_note, coalesce(d.self_paced, p.self_paced) as self_paced
    from modules as m
    join orgs on orgs.id = m.org_id
    join users as u on u.id = m.owner_id
    left join module_versions as d on d.id = m.draft_version_id
    left join module_versions as p on p.id = m.published_version_id
    where ${scope} and ${status}
      and ${filter.orgId ? sql`m.org_id = ${filter.orgId}` : sql`1`}
      and ${filter.tag ? sql`exists (select 1 from json_each(coalesce(d.tags, p.tags)) where value = ${filter.tag})` : sql`1`}
      and ${filter.q ? sql`(instr(coalesce(d.title, p.title), ${filter.q}) > 0 or instr(coalesce(d.summary, p.summary), ${filter.q}) > 0)` : sql`1`}
    order by m.updated_at desc, m.id
    limit 200`);
  return {
    modules: rows.map((r) => {
      const reviews = canManageOrg(user, r.org_path);
      return {
        id: r.id,
        orgId: r.org_id,
        orgName: r.org_name,
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        status: r.archived_at !== null ? ("archived" as const) : (r.d_status ?? ("published" as const)),
        title: r.title,
        version: r.version,
        publishedVersion: r.published_version,
        tags: JSON.parse(r.tags) as ModuleTag[],
        hours: hoursOf(r.hours_tenths),
        durationMin: r.duration_min,
        published: r.p_duration_min === null ? null : { durationMin: r.p_duration_min, hours: hoursOf(r.p_hours_tenths ?? 0) },
        reviewNote: r.review_note,
        selfPaced: Boolean(r.self_paced),
        canEdit: reviews || (r.owner_id === user.id && user.memberships.some((m) => m.role === "lecturer" && m.orgId === r.org_id)),
        canReview: reviews,
        updatedAt: r.updated_at,
      };
    }),
  };
}

type CatalogRow = {
  id: string;
  version_id: string;
  org_name: string;
  owner_name: string;
  title: string;
  summary: string;
  tags: string;
  duration_min: number;
  hours_tenths: number;
  media_kind: "none" | "link" | "file";
  self_paced: number;
  has_quiz: number;
  reviewed_at: number | null;
  upcoming: number;
  completed: number;
};

/** Published modules meant for the caller, newest approval first, with their upcoming sessions and whether the caller completed them. */
export async function listCatalog(db: Db, user: SessionUser, filter: { tag?: string | undefined; q?: string | undefined }) {
  const at = now();
  const rows = await db.all<CatalogRow>(sql`
    select m.id, p.id as version_id, orgs.name as org_name, u.name as owner_name, p.title, p.summary, p.tags, p.duration_min,
      p.hours_tenths, p.media_kind, p.self_paced, p.quiz_bank_id is not null as has_quiz, p.reviewed_at,
      (select count(*) from course_sessions as s where s.module_id = m.id and s.status = 'scheduled' and s.ends_at > ${at}) as upcoming,
      exists (select 1 from module_completions as mc where mc.module_id = m.id and mc.user_id = ${user.id}) as completed
    from modules as m
    join module_versions as p on p.id = m.published_version_id
    join orgs on orgs.id = m.org_id
    join users as u on u.id = m.owner_id
    where m.archived_at is null
      and ${user.isAdmin ? sql`1` : audienceSql(user, "m.id")}
      and ${filter.tag ? sql`exists (select 1 from json_each(p.tags) where value = ${filter.tag})` : sql`1`}
      and ${filter.q ? sql`(instr(p.title, ${filter.q}) > 0 or instr(p.summary, ${filter.q}) > 0)` : sql`1`}
    order by p.reviewed_at desc, m.id
    limit 200`);
  return {
    modules: rows.map((r) => ({
      id: r.id,
      versionId: r.version_id,
      orgName: r.org_name,
      ownerName: r.owner_name,
      title: r.title,
      summary: r.summary,
      tags: JSON.parse(r.tags) as ModuleTag[],
      durationMin: r.duration_min,
      hours: hoursOf(r.hours_tenths),
      hoursTenths: r.hours_tenths,
      mediaKind: r.media_kind,
      selfPaced: Boolean(r.self_paced),
      hasQuiz: Boolean(r.has_quiz),
      upcomingSessions: Number(r.upcoming),
      completed: Boolean(r.completed),
      publishedAt: r.reviewed_at,
    })),
  };
}

// ——— media ———

/**
 * Stores an uploaded file for the module's draft version: checked by size, name and first bytes,
 * put in R2 under a fresh key, then recorded on the version in one guarded batch. A version that
 * stopped being editable meanwhile keeps what it had, and the new object is removed again.
 */
export async function uploadMedia(c: Context<AppEnv>, user: SessionUser, id: string, file: unknown) {
  const db = c.get("db");
  if (!(file instanceof File))
    throw new ApiError("VALIDATION_FAILED", "module.mediaMissing", {}, { issues: [{ path: "file", message: "请选择文件" }] });
  if (file.size > MAX_MEDIA_BYTES) throw new ApiError("PAYLOAD_TOO_LARGE", "module.mediaTooLarge", { mb: MAX_MEDIA_BYTES / 1024 / 1024 });
  if (file.size === 0) throw new ApiError("UNPROCESSABLE", "module.mediaEmpty");
  const loaded = await loadModuleFor(db, user, id, "edit");
  if (loaded.module.archivedAt !== null) throw new ApiError("CONFLICT", "module.archived");
  const draft = draftVersion(loaded);
  if (!draft) throw new ApiError("CONFLICT", "module.noDraft");
  if (draft.status === "submitted") throw new ApiError("CONFLICT", "module.underReview");
  const name = cleanFileName(file.name);
  const kind = mediaKindOf(name, new Uint8Array(await file.slice(0, 16).arrayBuffer()));
  if (!kind) throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "module.mediaType");
  const key = mediaKey(id, draft.id, createId(), kind.ext);
  await c.env.MEDIA.put(key, file, { httpMetadata: { contentType: kind.type } });
  const at = now();
  const media = { mediaKind: "file" as const, mediaUrl: null, mediaKey: key, mediaName: name, mediaType: kind.type, mediaBytes: file.size };
  const [changed] = await db.batch([
    db
      .update(moduleVersions)
      .set({ ...media, updatedAt: at })
      .where(and(eq(moduleVersions.id, draft.id), inArray(moduleVersions.status, ["draft", "rejected"]))),
    db.update(modules).set({ updatedAt: at }).where(eq(modules.id, id)),
    auditStatement(
      db,
      c,
      {
        action: "module.uploadMedia",
        entityType: "module",
        entityId: id,
        orgId: loaded.module.orgId,
        after: { versionId: draft.id, name, type: kind.type, bytes: file.size },
      },
      sql`exists (select 1 from module_versions where id = ${draft.id} and media_key = ${key})`,
    ),
  ]);
  if (changed.meta.changes === 0) {
    await c.env.MEDIA.delete(key);
    throw new ApiError("CONFLICT", "module.underReview");
  }
  if (keyOfVersion(draft.mediaKey, id, draft.id)) await c.env.MEDIA.delete(draft.mediaKey as string);
  return reloaded(db, user, id);
}

/**
 * A version's file, streamed from R2 to those who may read that version: its lecturers and
 * reviewers any version, a member the published one. Range requests are answered (206), so a
 * phone's video player can seek.
 */
export async function downloadMedia(c: Context<AppEnv>, user: SessionUser, id: string, versionId: string): Promise<Response> {
  const db = c.get("db");
  const loaded = await loadModuleFor(db, user, id, "see");
  const version = loaded.versions.find((v) => v.id === versionId);
  const allowed = version && (seesDrafts(user, loaded) || version.id === loaded.module.publishedVersionId);
  if (!allowed || version.mediaKind !== "file" || !version.mediaKey) throw new ApiError("NOT_FOUND", "module.mediaNotFound");
  // R2 reads the Range header itself; one it cannot satisfy is answered with the whole file.
  const object = await c.env.MEDIA.get(version.mediaKey, { range: c.req.raw.headers }).catch(() =>
    c.env.MEDIA.get(version.mediaKey as string),
  );
  if (!object) throw new ApiError("NOT_FOUND", "module.mediaNotFound");
  const type = version.mediaType ?? "application/octet-stream";
  const headers = new Headers({
    "content-type": type,
    "content-disposition": contentDisposition(version.mediaName ?? "file", isInline(type)),
    "x-content-type-options": "nosniff",
    "accept-ranges": "bytes",
    etag: object.httpEtag,
  });
  const range = object.range as { offset?: number; length?: number } | undefined;
  if (c.req.header("range") && range && (range.offset !== undefined || range.length !== undefined)) {
    const offset = range.offset ?? 0;
    const length = range.length ?? object.size - offset;
    headers.set("content-range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
    headers.set("content-length", String(length));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set("content-length", String(object.size));
  return new Response(object.body, { status: 200, headers });
}

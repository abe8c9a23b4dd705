import type { z } from "@hono/zod-openapi";
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { modules, moduleVersions, orgs, yearPlanModules, yearPlans } from "../../db/schema";
import { titles } from "../../db/schema/orgs";
import type { AppEnv, MembershipGrant, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import { type Table, type TableFormat, tableDownload } from "../../lib/table-file";
import { creditOrg } from "../ledger/ledger.service";
import { byMostBehind, chainOf, computeTree, type MemberProgress, type OrgProgress, share, tiersOf } from "./plans.progress";
import { loadPerson, loadSubtree, plansOnPath } from "./plans.repo";
import { combine, elapsedOf, hoursFor, lowerThanAbove, paceShort, type Requirement, standing } from "./plans.rules";
import type { YearPlanBodySchema } from "./plans.schema";
import { inForce, rulesChain } from "./points.repo";

type OrgRow = typeof orgs.$inferSelect;
const tenths = (hours: number) => Math.round(hours * 10);
const hoursOf = (t: number) => t / 10;

/** The org, if the caller may manage it (organizer of it or above, or admin); otherwise 404/403. */
export async function managedOrg(db: Db, user: SessionUser, orgId: string): Promise<OrgRow> {
  const org = await db.select().from(orgs).where(eq(orgs.id, orgId)).get();
  if (!org) throw new ApiError("NOT_FOUND", "org.notFound");
  if (!canManageOrg(user, org.path)) throw new ApiError("FORBIDDEN", "error.forbidden");
  return org;
}

function requirementView(req: Requirement | null, names: Map<string, string>) {
  if (!req) return null;
  return {
    hours: hoursOf(req.defaultTenths),
    titleHours: Object.fromEntries(Object.entries(req.titleTenths).map(([title, t]) => [title, hoursOf(t ?? 0)])),
    modules: req.moduleIds.map((id) => ({ id, title: names.get(id) ?? id })),
    minContests: req.minContests,
  };
}

// ---------------------------------------------------------------------------------------------
// The plan of an org for a year

export async function getYearPlan(db: Db, user: SessionUser, orgId: string, year: number) {
  const org = await managedOrg(db, user, orgId);
  const { plans, modules: moduleRefs } = await plansOnPath(db, org.path, year);
  const names = new Map([...moduleRefs.values()].map((m) => [m.id, m.title]));
  const own = plans.find((plan) => plan.orgId === org.id) ?? null;
  const above = plans.filter((plan) => plan.orgId !== org.id);
  const ownRow = own
    ? await db
        .select()
        .from(yearPlans)
        .where(and(eq(yearPlans.orgId, org.id), eq(yearPlans.year, year)))
        .get()
    : null;
  const aboveNames = above.length
    ? await db
        .select({ id: orgs.id, name: orgs.name })
        .from(orgs)
        .where(
          inArray(
            orgs.id,
            above.map((p) => p.orgId),
          ),
        )
    : [];
  const inherited = requirementView(combine(chainOf(above, org.path), titles), names);
  // Editing needs to manage the org itself; an organizer of a branch reads the plans above but edits only theirs.
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    own:
      own && ownRow
        ? {
            hours: hoursOf(own.hoursTenths),
            titleHours: Object.fromEntries(Object.entries(own.titleHours).map(([title, t]) => [title, hoursOf(t ?? 0)])),
            requiredModuleIds: own.moduleIds,
            minContests: own.minContests,
            trainingsTarget: own.trainingsTarget,
            lecturesTarget: own.lecturesTarget,
            microTalksTarget: own.microTalksTarget,
            rating: own.rating,
            updatedAt: ownRow.updatedAt,
          }
        : null,
    inherited: inherited ? { ...inherited, fromOrgs: aboveNames } : null,
    effective: requirementView(combine(chainOf(plans, org.path), titles), names),
    rating: tiersOf(chainOf(plans, org.path)),
    canEdit: canManageOrg(user, org.path),
  };
}

type PlanBody = z.output<typeof YearPlanBodySchema>;

export async function setYearPlan(c: Context<AppEnv>, user: SessionUser, orgId: string, year: number, body: PlanBody) {
  const db = c.get("db");
  const org = await managedOrg(db, user, orgId);
  const moduleIds = [...new Set(body.requiredModuleIds)];
  if (moduleIds.length > 0) {
    const found = await db
      .select({ id: modules.id })
      .from(modules)
      .innerJoin(moduleVersions, eq(moduleVersions.id, modules.publishedVersionId))
      .where(and(inArray(modules.id, moduleIds), isNull(modules.archivedAt), isNotNull(modules.publishedVersionId)));
    const missing = moduleIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0)
      throw new ApiError(
        "VALIDATION_FAILED",
        "error.validation",
        {},
        {
          issues: [{ path: "requiredModuleIds", message: "必修课程须是已发布的课程", code: "custom" }],
        },
      );
  }
  const titleHours = Object.fromEntries(Object.entries(body.titleHours).map(([title, h]) => [title, tenths(h ?? 0)]));
  const plan = { hoursTenths: tenths(body.hours), titleHours, minContests: body.minContests, moduleIds };
  const { plans } = await plansOnPath(db, org.path, year);
  const above = combine(
    chainOf(
      plans.filter((p) => p.orgId !== org.id),
      org.path,
    ),
    titles,
  );
  const issues = lowerThanAbove(plan, above, titles);
  if (issues.length > 0)
    throw new ApiError("VALIDATION_FAILED", "plan.belowAbove", {}, { issues: issues.map((i) => ({ ...i, code: "custom" })) });

  const at = Date.now();
  const row = {
    orgId: org.id,
    year,
    hoursTenths: plan.hoursTenths,
    titleHours,
    minContests: body.minContests,
    trainingsTarget: body.trainingsTarget,
    lecturesTarget: body.lecturesTarget,
    microTalksTarget: body.microTalksTarget,
    rating: body.rating,
    createdBy: user.id,
    updatedBy: user.id,
    createdAt: at,
    updatedAt: at,
  };
  const { createdBy: _c, createdAt: _a, orgId: _o, year: _y, ...changes } = row;
  await db.batch([
    db
      .insert(yearPlans)
      .values(row)
      .onConflictDoUpdate({ target: [yearPlans.orgId, yearPlans.year], set: changes }),
    db.delete(yearPlanModules).where(and(eq(yearPlanModules.orgId, org.id), eq(yearPlanModules.year, year))),
    ...moduleIds.map((moduleId) => db.insert(yearPlanModules).values({ orgId: org.id, year, moduleId })),
    auditStatement(db, c, {
      action: "plan.set",
      entityType: "year_plan",
      entityId: `${org.id}:${year}`,
      orgId: org.id,
      after: { ...row, moduleIds },
    }),
  ]);
  return getYearPlan(db, user, org.id, year);
}

export async function clearYearPlan(c: Context<AppEnv>, user: SessionUser, orgId: string, year: number) {
  const db = c.get("db");
  const org = await managedOrg(db, user, orgId);
  await db.batch([
    db.delete(yearPlanModules).where(and(eq(yearPlanModules.orgId, org.id), eq(yearPlanModules.year, year))),
    db.delete(yearPlans).where(and(eq(yearPlans.orgId, org.id), eq(yearPlans.year, year))),
    auditStatement(db, c, { action: "plan.clear", entityType: "year_plan", entityId: `${org.id}:${year}`, orgId: org.id }),
  ]);
  return getYearPlan(db, user, org.id, year);
}

// ---------------------------------------------------------------------------------------------
// Progress: an org's dashboard, a member's own rings

export function orgSummary(org: OrgProgress) {
  return {
    orgId: org.id,
    name: org.name,
    kind: org.kind,
    hasChildren: org.hasChildren,
    members: org.members,
    onPace: org.onPace,
    complete: org.complete,
    active: org.active,
    hours: hoursOf(org.hoursTenths),
    requiredHours: hoursOf(org.requiredTenths),
    points: org.points,
    completion: share(org.completionSum, org.members),
    rating: org.rating,
  };
}

export function memberView(m: MemberProgress) {
  return {
    userId: m.userId,
    name: m.name,
    orgId: m.orgId,
    orgName: m.orgName,
    title: m.title,
    hours: hoursOf(m.hoursTenths),
    requiredHours: hoursOf(m.requiredTenths),
    modulesDone: m.modulesDone,
    modulesRequired: m.modulesRequired,
    missingModules: m.missingModules,
    contestsDone: m.contestsDone,
    contestsRequired: m.contestsRequired,
    points: m.points,
    onPace: m.onPace,
    complete: m.complete,
  };
}

export function deliveryView(org: OrgProgress) {
  return {
    trainings: { done: org.delivered.training, required: org.targets.training },
    lectures: { done: org.delivered.lecture, required: org.targets.lecture },
    microTalks: { done: org.delivered.micro, required: org.targets.micro },
  };
}

/** Where the year stands: now for this year, its end for a past one. */
function asOfFor(year: number, at: number) {
  return Math.min(at, Date.UTC(year + 1, 0, 1) - 8 * 3_600_000);
}

async function orgProgress(db: Db, org: OrgRow, year: number, at: number) {
  const asOf = asOfFor(year, at);
  const data = await loadSubtree(db, org.path, year, asOf);
  const elapsed = elapsedOf(year, asOf);
  const tree = computeTree(data, elapsed);
  return { data, tree, elapsed };
}

export async function getOrgPlanProgress(db: Db, user: SessionUser, orgId: string, year: number, at: number) {
  const org = await managedOrg(db, user, orgId);
  const { data, tree, elapsed } = await orgProgress(db, org, year, at);
  const root = tree.orgs.get(org.id);
  if (!root) throw new ApiError("NOT_FOUND", "org.notFound");
  const behind = tree.members.filter((m) => !m.onPace).sort(byMostBehind);
  const own = tree.members.filter((m) => m.orgId === org.id).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  const months = Array.from({ length: 12 }, (_, i) => {
    const row = data.months.find((m) => m.month === i + 1);
    return { month: i + 1, hours: hoursOf(row?.hoursTenths ?? 0), events: row?.events ?? 0, people: row?.people ?? 0 };
  });
  return {
    year,
    elapsed,
    org: orgSummary(root),
    trail: [...data.above, org].filter((o) => canManageOrg(user, o.path)).map((o) => ({ id: o.id, name: o.name })),
    children: [...tree.orgs.values()].filter((o) => o.parentId === org.id).map(orgSummary),
    behind: behind.slice(0, 200).map(memberView),
    behindTotal: behind.length,
    members: own.slice(0, 500).map(memberView),
    delivery: deliveryView(root),
    months,
    rating: root.tiers,
    hasPlan: root.hasPlan,
  };
}

export async function exportOrgPlanProgress(db: Db, user: SessionUser, orgId: string, year: number, format: TableFormat, at: number) {
  const org = await managedOrg(db, user, orgId);
  const { tree } = await orgProgress(db, org, year, at);
  const orgsInOrder = [...tree.orgs.values()].sort((a, b) => a.path.localeCompare(b.path));
  return tableDownload(
    progressTables(
      orgsInOrder.map(orgSummary),
      tree.members.sort((a, b) => a.orgPath.localeCompare(b.orgPath) || a.name.localeCompare(b.name, "zh-CN")).map(memberView),
      new Map(orgsInOrder.map((o) => [o.id, o.depth - org.depth])),
    ),
    format,
    `plan-progress-${year}`,
    `${org.name}-${year}年学习计划完成情况`,
  );
}

type OrgLine = ReturnType<typeof orgSummary>;
type MemberLine = Omit<ReturnType<typeof memberView>, "missingModules"> & { missingModules?: string[] };

/** The two sheets of a progress export (live or a snapshot): orgs (indented by depth) and members. */
export function progressTables(orgLines: OrgLine[], members: MemberLine[], depthOf: Map<string, number>): Table[] {
  return [
    {
      sheetName: "组织",
      columns: [
        { header: "组织", width: 32, kind: "text" },
        { header: "党员数", width: 8, kind: "integer" },
        { header: "进度达标", width: 10, kind: "integer" },
        { header: "达标率", width: 10, kind: "percent" },
        { header: "全部完成", width: 10, kind: "integer" },
        { header: "活跃率", width: 10, kind: "percent" },
        { header: "完成度", width: 10, kind: "percent" },
        { header: "学时", width: 10, kind: "decimal" },
        { header: "应修学时", width: 10, kind: "decimal" },
        { header: "积分", width: 8, kind: "integer" },
        { header: "评定", width: 8, kind: "text" },
      ],
      rows: orgLines.map((o) => [
        `${"　".repeat(depthOf.get(o.orgId) ?? 0)}${o.name}`,
        o.members,
        o.onPace,
        share(o.onPace, o.members),
        o.complete,
        share(o.active, o.members),
        o.completion,
        o.hours,
        o.requiredHours,
        o.points,
        o.rating ?? "",
      ]),
    },
    {
      sheetName: "党员",
      columns: [
        { header: "姓名", width: 10, kind: "text" },
        { header: "所在组织", width: 28, kind: "text" },
        { header: "职务", width: 10, kind: "text" },
        { header: "学时", width: 8, kind: "decimal" },
        { header: "应修学时", width: 10, kind: "decimal" },
        { header: "必修课完成", width: 12, kind: "text" },
        { header: "未完成必修课", width: 30, kind: "text" },
        { header: "竞赛", width: 8, kind: "text" },
        { header: "积分", width: 8, kind: "integer" },
        { header: "进度", width: 10, kind: "text" },
      ],
      rows: members.map((m) => [
        m.name,
        m.orgName,
        m.title,
        m.hours,
        m.requiredHours,
        `${m.modulesDone}/${m.modulesRequired}`,
        (m.missingModules ?? []).join("、"),
        `${m.contestsDone}/${m.contestsRequired}`,
        m.points,
        m.complete ? "已完成" : m.onPace ? "正常" : "落后",
      ]),
    },
  ];
}

export function getMyPlanProgress(db: Db, user: SessionUser, year: number, at: number) {
  return personPlanProgress(db, user, year, at);
}

type Person = { id: string; memberships: Pick<MembershipGrant, "role" | "orgId" | "orgPath" | "title">[] };

/** A person's year against the plans on the way to the org their hours count for (their own view, or an organizer's). */
export async function personPlanProgress(db: Db, user: Person, year: number, at: number) {
  const org = creditOrg(user);
  const asOf = asOfFor(year, at);
  const elapsed = elapsedOf(year, asOf);
  const title =
    user.memberships.find((m) => m.orgId === org?.orgId && m.role === "member")?.title ??
    user.memberships.find((m) => m.orgId === org?.orgId)?.title ??
    null;
  const orgRow = org ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, org.orgId)).get() : undefined;
  const person = org ? await loadPerson(db, user.id, org.orgPath, year, asOf) : null;
  const rules = org ? inForce(await rulesChain(db, org.orgPath), at) : null;
  const req = person ? combine(chainOf(person.plans, org?.orgPath ?? ""), titles) : null;
  const hoursTenths = person?.totals?.hoursTenths ?? 0;
  const contestsDone = person?.totals?.contests ?? 0;
  const required = req ? hoursFor(req, title ?? "党员") : 0;
  const items = (req?.moduleIds ?? []).map((id) => {
    const ref = person?.modules.get(id);
    return { id, title: ref?.title ?? id, done: person?.modulesDone.has(id) ?? false, selfPaced: ref?.selfPaced ?? false };
  });
  const modulesDone = items.filter((i) => i.done).length;
  const asked = { hoursTenths: required, modules: items.length, contests: req?.minContests ?? 0 };
  const done = { hoursTenths, modules: modulesDone, contests: contestsDone };
  const s = standing(asked, done, elapsed);
  const short = paceShort(asked, done, elapsed);
  const next = [
    ...items.filter((i) => !i.done).map((i) => ({ kind: "module" as const, moduleId: i.id, title: i.title, selfPaced: i.selfPaced })),
    ...(hoursTenths < required ? [{ kind: "hours" as const, short: hoursOf(required - hoursTenths) }] : []),
    ...(req && contestsDone < req.minContests ? [{ kind: "contests" as const, short: req.minContests - contestsDone }] : []),
  ];
  return {
    year,
    elapsed,
    hasPlan: req !== null,
    org: orgRow ?? null,
    title,
    hours: { done: hoursOf(hoursTenths), required: hoursOf(required) },
    modules: { done: modulesDone, required: items.length, items },
    contests: { done: contestsDone, required: req?.minContests ?? 0 },
    points: person?.totals?.points ?? 0,
    behind: req !== null && !s.onPace,
    paceShort: { hours: hoursOf(short.hoursTenths), modules: short.modules, contests: short.contests },
    complete: req !== null && s.complete,
    next,
    rankingEnabled: rules?.rule.rankingEnabled ?? false,
  };
}

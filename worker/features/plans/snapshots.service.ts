import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prepared } from "../../db/raw";
import { orgs, reportSnapshotMembers, reportSnapshotOrgs, reportSnapshots, yearPlans } from "../../db/schema";
import type { SessionUser } from "../../env";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import type { TableFormat } from "../../lib/table-file";
import { tableDownload } from "../../lib/table-file";
import { yearOf } from "../ledger/ledger.service";
import { computeTree, share } from "./plans.progress";
import { loadSubtree } from "./plans.repo";
import { elapsedOf, type Period, periodsOver } from "./plans.rules";
import { managedOrg, progressTables } from "./plans.service";

/**
 * Report snapshots (月报、季报、年度考评). Once a period is over, the cron takes, for each root org
 * with a plan that year, the plan progress of its whole tree as it stood at the period's end (entries
 * that occurred before it, not reversed when taken) and keeps it: what an organizer reads and exports
 * later does not move when the ledger does. Periods missed (the first run of a year, a server that
 * was off) are taken on the next runs, newest first, a bounded number per run.
 */

/** A run takes at most this many snapshots and stops starting new ones after BUDGET_MS; the rest wait for the next minute. */
const PER_RUN = 24;
const BUDGET_MS = 10_000;
const CHUNK = 400;

export async function takeDueSnapshots(db: Db, at: number): Promise<number> {
  const thisYear = yearOf(at);
  const years = [thisYear - 1, thisYear];
  const planned = await db
    .selectDistinct({ path: orgs.path, year: yearPlans.year })
    .from(yearPlans)
    .innerJoin(orgs, eq(orgs.id, yearPlans.orgId))
    .where(inArray(yearPlans.year, years));
  const due: { rootId: string; period: Period }[] = [];
  const pairs = [...new Set(planned.map((p) => `${p.path.split("/")[1]}|${p.year}`))];
  for (const pair of pairs) {
    const [rootId = "", yearText] = pair.split("|");
    const year = Number(yearText);
    const taken = await db
      .select({ period: reportSnapshots.period, key: reportSnapshots.periodKey })
      .from(reportSnapshots)
      .where(and(eq(reportSnapshots.orgId, rootId), eq(reportSnapshots.year, year)));
    const have = new Set(taken.map((t) => `${t.period}|${t.key}`));
    for (const period of periodsOver(year, at)) if (!have.has(`${period.period}|${period.key}`)) due.push({ rootId, period });
  }
  due.sort((a, b) => b.period.end - a.period.end || a.period.period.localeCompare(b.period.period));
  let done = 0;
  const started = Date.now();
  for (const { rootId, period } of due.slice(0, PER_RUN)) {
    if (Date.now() - started > BUDGET_MS) break;
    try {
      await takeSnapshot(db, rootId, period, at);
      done += 1;
    } catch (err) {
      // Another run took it first (the unique index); anything else is for the log.
      if (!String(err).includes("UNIQUE")) console.error("snapshot failed", rootId, period.key, err);
    }
  }
  return done;
}

export async function takeSnapshot(db: Db, rootId: string, period: Period, at: number): Promise<string> {
  const root = await db.select().from(orgs).where(eq(orgs.id, rootId)).get();
  if (!root) throw new Error(`no org ${rootId}`);
  const data = await loadSubtree(db, root.path, period.year, period.end);
  const tree = computeTree(data, elapsedOf(period.year, period.end));
  const id = crypto.randomUUID().replaceAll("-", "");
  const rootTiers = tree.orgs.get(root.id)?.tiers ?? [];
  const d1 = db.$client;
  const orgRows = [...tree.orgs.values()].map((o) => [
    o.id,
    o.parentId,
    o.path,
    o.kind,
    o.name,
    o.members,
    o.onPace,
    o.complete,
    o.active,
    o.hoursTenths,
    o.requiredTenths,
    o.points,
    o.delivered.training,
    o.delivered.lecture,
    o.delivered.micro,
    o.targets.training,
    o.targets.lecture,
    o.targets.micro,
    share(o.completionSum, o.members),
    o.rating,
    JSON.stringify(o.tiers),
  ]);
  const memberRows = tree.members.map((m) => [
    m.userId,
    m.name,
    m.orgId,
    m.orgPath,
    m.title,
    m.hoursTenths,
    m.requiredTenths,
    m.modulesDone,
    m.modulesRequired,
    m.contestsDone,
    m.contestsRequired,
    m.points,
    m.onPace ? 1 : 0,
    m.complete ? 1 : 0,
  ]);
  const col = (i: number) => `json_extract(value, '$[${i}]')`;
  const statements = [
    prepared(
      d1,
      "insert into report_snapshots (id, org_id, period, period_key, year, as_of, taken_at, rating) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      [id, root.id, period.period, period.key, period.year, period.end, at, JSON.stringify(rootTiers)],
    ),
    ...chunks(orgRows, CHUNK).map((rows) =>
      prepared(
        d1,
        `insert into report_snapshot_orgs select ?1, ${Array.from({ length: 21 }, (_, i) => col(i)).join(", ")} from json_each(?2)`,
        [id, JSON.stringify(rows)],
      ),
    ),
    ...chunks(memberRows, CHUNK).map((rows) =>
      prepared(
        d1,
        `insert into report_snapshot_members select ?1, ${Array.from({ length: 14 }, (_, i) => col(i)).join(", ")} from json_each(?2)`,
        [id, JSON.stringify(rows)],
      ),
    ),
  ];
  await d1.batch(statements);
  return id;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function snapshotView(s: typeof reportSnapshots.$inferSelect) {
  return { id: s.id, orgId: s.orgId, period: s.period, periodKey: s.periodKey, year: s.year, asOf: s.asOf, takenAt: s.takenAt };
}

export async function listReportSnapshots(db: Db, user: SessionUser, orgId: string) {
  const org = await managedOrg(db, user, orgId);
  const rootId = org.path.split("/")[1] ?? org.id;
  const rows = await db
    .select()
    .from(reportSnapshots)
    .where(eq(reportSnapshots.orgId, rootId))
    .orderBy(desc(reportSnapshots.asOf), sql`case ${reportSnapshots.period} when 'year' then 0 when 'quarter' then 1 else 2 end`)
    .limit(200);
  return { snapshots: rows.map(snapshotView) };
}

type OrgSnapRow = typeof reportSnapshotOrgs.$inferSelect;

function orgLine(o: OrgSnapRow, hasChildren: boolean) {
  return {
    orgId: o.orgId,
    name: o.name,
    kind: o.kind,
    hasChildren,
    members: o.members,
    onPace: o.onPace,
    complete: o.complete,
    active: o.active,
    hours: o.hoursTenths / 10,
    requiredHours: o.requiredTenths / 10,
    points: o.points,
    completion: o.completion,
    rating: o.rating,
  };
}

/** The part of a snapshot under `orgId` (default: the outermost org the caller manages in its tree). */
async function loadSnapshotPart(db: Db, user: SessionUser, id: string, orgId: string | undefined) {
  const snapshot = await db.select().from(reportSnapshots).where(eq(reportSnapshots.id, id)).get();
  if (!snapshot) throw new ApiError("NOT_FOUND", "report.notFound");
  const inTree = await db.select().from(reportSnapshotOrgs).where(eq(reportSnapshotOrgs.snapshotId, id));
  const pick = orgId
    ? inTree.find((o) => o.orgId === orgId)
    : inTree.filter((o) => canManageOrg(user, o.path)).sort((a, b) => a.path.length - b.path.length)[0];
  if (!pick || !canManageOrg(user, pick.path)) throw new ApiError("NOT_FOUND", "report.notFound");
  const end = `${pick.path.slice(0, -1)}0`;
  const members = await db
    .select()
    .from(reportSnapshotMembers)
    .where(
      and(eq(reportSnapshotMembers.snapshotId, id), gte(reportSnapshotMembers.orgPath, pick.path), lt(reportSnapshotMembers.orgPath, end)),
    )
    .orderBy(reportSnapshotMembers.orgPath, reportSnapshotMembers.name);
  const parents = new Set(inTree.map((o) => o.parentId));
  const sub = inTree.filter((o) => o.path.startsWith(pick.path)).sort((a, b) => a.path.localeCompare(b.path));
  return { snapshot, org: pick, sub, members, parents };
}

export async function getReportSnapshot(db: Db, user: SessionUser, id: string, orgId: string | undefined) {
  const { snapshot, org, sub, members, parents } = await loadSnapshotPart(db, user, id, orgId);
  const names = new Map(sub.map((o) => [o.orgId, o.name]));
  return {
    snapshot: snapshotView(snapshot),
    org: orgLine(org, parents.has(org.orgId)),
    children: sub.filter((o) => o.parentId === org.orgId).map((o) => orgLine(o, parents.has(o.orgId))),
    delivery: {
      trainings: { done: org.trainings, required: org.trainingsTarget },
      lectures: { done: org.lectures, required: org.lecturesTarget },
      microTalks: { done: org.microTalks, required: org.microTalksTarget },
    },
    branches: sub.filter((o) => o.kind === "branch").map((o) => orgLine(o, parents.has(o.orgId))),
    members: members.map((m) => memberLine(m, names)),
    rating: org.tiers ?? snapshot.rating,
  };
}

function memberLine(m: typeof reportSnapshotMembers.$inferSelect, names: Map<string, string>) {
  return {
    userId: m.userId,
    name: m.name,
    orgId: m.orgId,
    orgName: names.get(m.orgId) ?? "",
    title: m.title,
    hours: m.hoursTenths / 10,
    requiredHours: m.requiredTenths / 10,
    modulesDone: m.modulesDone,
    modulesRequired: m.modulesRequired,
    contestsDone: m.contestsDone,
    contestsRequired: m.contestsRequired,
    points: m.points,
    onPace: m.onPace,
    complete: m.complete,
  };
}

const periodLabel = (s: { period: string; periodKey: string }) => {
  if (s.period === "year") return `${s.periodKey}年度考评`;
  if (s.period === "quarter") return `${s.periodKey.replace("-Q", "年第")}季报`;
  return `${s.periodKey.replace("-", "年")}月报`;
};

export async function exportReportSnapshot(db: Db, user: SessionUser, id: string, orgId: string | undefined, format: TableFormat) {
  const { snapshot, org, sub, members, parents } = await loadSnapshotPart(db, user, id, orgId);
  const names = new Map(sub.map((o) => [o.orgId, o.name]));
  const depth = (o: OrgSnapRow) => o.path.split("/").length - org.path.split("/").length;
  return tableDownload(
    progressTables(
      sub.map((o) => orgLine(o, parents.has(o.orgId))),
      members.map((m) => memberLine(m, names)),
      new Map(sub.map((o) => [o.orgId, depth(o)])),
    ),
    format,
    `report-${snapshot.periodKey}`,
    `${org.name}-${periodLabel(snapshot)}`,
  );
}

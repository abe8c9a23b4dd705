import type { z } from "@hono/zod-openapi";
import { inArray } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { orgs } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import type { TableFormat } from "../../lib/table-file";
import { tableDownload } from "../../lib/table-file";
import { creditOrg } from "../ledger/ledger.service";
import { computeTree, share } from "./plans.progress";
import { loadSubtree } from "./plans.repo";
import { dayStart, elapsedOf, shanghaiDay } from "./plans.rules";
import type { PointsRulesBodySchema } from "./plans.schema";
import { managedOrg } from "./plans.service";
import { DEFAULT_RULES, inForce, insertRulesStatement, placementStatements, type RulesRow, roundsToPlace, rulesChain } from "./points.repo";

type ChainRow = Awaited<ReturnType<typeof rulesChain>>[number];

function versionView(row: ChainRow) {
  const r = row.rule;
  return {
    id: r.id,
    orgId: r.orgId,
    orgName: row.orgName,
    effectiveFrom: r.effectiveFrom,
    attendance: r.attendance,
    completion: r.completion,
    contest: r.contest,
    placementTopN: r.placementTopN,
    placementPoints: r.placementPoints,
    rankingEnabled: r.rankingEnabled,
    awards: r.awards,
    note: r.note,
    createdAt: r.createdAt,
  };
}

const defaultsView = { id: "", orgId: "", orgName: "", effectiveFrom: 0, ...DEFAULT_RULES, note: null, createdAt: 0 };

export async function getPointsRules(db: Db, user: SessionUser, orgId: string, at: number) {
  const org = await managedOrg(db, user, orgId);
  const chain = await rulesChain(db, org.path);
  const current = inForce(chain, at);
  return {
    current: current ? versionView(current) : defaultsView,
    versions: chain.filter((row) => row.rule.orgId === org.id).map(versionView),
    canEdit: canManageOrg(user, org.path),
  };
}

export async function setPointsRules(c: Context<AppEnv>, user: SessionUser, orgId: string, body: z.output<typeof PointsRulesBodySchema>) {
  const db = c.get("db");
  const org = await managedOrg(db, user, orgId);
  const from = dayStart(body.effectiveFrom);
  if (from === null)
    throw new ApiError(
      "VALIDATION_FAILED",
      "points.badDate",
      {},
      { issues: [{ path: "effectiveFrom", message: "日期无效", code: "custom" }] },
    );
  const at = Date.now();
  if (body.effectiveFrom < shanghaiDay(at))
    throw new ApiError(
      "VALIDATION_FAILED",
      "points.effectiveFromPast",
      {},
      { issues: [{ path: "effectiveFrom", message: "生效日期不能早于今天", code: "custom" }] },
    );
  const row = {
    orgId: org.id,
    effectiveFrom: from,
    attendance: body.attendance,
    completion: body.completion,
    contest: body.contest,
    placementTopN: body.placementTopN,
    placementPoints: body.placementPoints,
    rankingEnabled: body.rankingEnabled,
    awards: body.awards,
    note: body.note || null,
    createdBy: user.id,
    createdAt: at,
  };
  await db.batch([
    insertRulesStatement(db, row),
    auditStatement(db, c, {
      action: "points_rules.set",
      entityType: "points_rules",
      entityId: `${org.id}:${body.effectiveFrom}`,
      orgId: org.id,
      after: row,
    }),
  ]);
  return getPointsRules(db, user, org.id, at);
}

/** The branch a member's points ranking is about: the nearest branch on the way to their org, else that org. */
async function branchOf(db: Db, user: SessionUser) {
  const org = creditOrg(user);
  if (!org) throw new ApiError("NOT_FOUND", "points.noBranch");
  const ids = org.orgPath.split("/").filter(Boolean);
  const rows = await db.select().from(orgs).where(inArray(orgs.id, ids));
  const onPath = ids.map((id) => rows.find((r) => r.id === id)).filter((r) => r !== undefined);
  return onPath.findLast((o) => o.kind === "branch") ?? onPath.at(-1) ?? null;
}

/** Standard competition ranks: equal points share a rank, the next rank skips (1, 2, 2, 4). */
function ranked<T extends { points: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.points - a.points);
  return sorted.map((row, i) => ({ ...row, rank: sorted.findIndex((r) => r.points === row.points) + 1 || i + 1 }));
}

async function pointsTree(db: Db, path: string, year: number, at: number) {
  const asOf = Math.min(at, Date.UTC(year + 1, 0, 1) - 8 * 3_600_000);
  return computeTree(await loadSubtree(db, path, year, asOf), elapsedOf(year, asOf));
}

/**
 * Points of a year. A member (no orgId): their own branch, only when its rules opted in to a
 * ranking. An organizer (orgId they manage): totals by sub-org, and people only when that org opted in.
 */
export async function getPointsRanking(db: Db, user: SessionUser, orgId: string | undefined, year: number, at: number) {
  const asOrganizer = orgId !== undefined;
  const org = asOrganizer ? await managedOrg(db, user, orgId) : await branchOf(db, user);
  if (!org) throw new ApiError("NOT_FOUND", "points.noBranch");
  const enabled = inForce(await rulesChain(db, org.path), at)?.rule.rankingEnabled ?? false;
  if (!asOrganizer && !enabled) throw new ApiError("FORBIDDEN", "points.rankingOff");
  const tree = await pointsTree(db, org.path, year, at);
  const people = enabled ? ranked(tree.members.map((m) => ({ userId: m.userId, name: m.name, points: m.points }))) : [];
  const mine = people.find((p) => p.userId === user.id);
  return {
    year,
    org: { id: org.id, name: org.name },
    scope: asOrganizer ? ("org" as const) : ("branch" as const),
    rankingEnabled: enabled,
    groups: [...tree.orgs.values()]
      .filter((o) => o.parentId === org.id)
      .map((o) => ({
        orgId: o.id,
        name: o.name,
        members: o.members,
        points: o.points,
        average: Math.round(share(o.points, o.members) * 10) / 10,
      })),
    people: people.slice(0, 200).map((p) => ({ rank: p.rank, userId: p.userId, name: p.name, points: p.points })),
    me: mine ? { rank: mine.rank, points: mine.points } : null,
  };
}

export async function exportPointsTotals(db: Db, user: SessionUser, orgId: string, year: number, format: TableFormat, at: number) {
  const org = await managedOrg(db, user, orgId);
  const tree = await pointsTree(db, org.path, year, at);
  const lines = [...tree.orgs.values()].sort((a, b) => a.path.localeCompare(b.path));
  return tableDownload(
    [
      {
        sheetName: "组织积分",
        columns: [
          { header: "组织", width: 32, kind: "text" },
          { header: "党员数", width: 8, kind: "integer" },
          { header: "积分合计", width: 10, kind: "integer" },
          { header: "人均积分", width: 10, kind: "decimal" },
        ],
        rows: lines.map((o) => [`${"　".repeat(o.depth - org.depth)}${o.name}`, o.members, o.points, share(o.points, o.members)]),
      },
      {
        sheetName: "党员积分",
        columns: [
          { header: "姓名", width: 10, kind: "text" },
          { header: "所在组织", width: 28, kind: "text" },
          { header: "职务", width: 10, kind: "text" },
          { header: "积分", width: 8, kind: "integer" },
          { header: "学时", width: 8, kind: "decimal" },
        ],
        rows: tree.members
          .sort((a, b) => a.orgPath.localeCompare(b.orgPath) || a.name.localeCompare(b.name, "zh-CN"))
          .map((m) => [m.name, m.orgName, m.title, m.points, m.hoursTenths / 10]),
      },
    ],
    format,
    `points-${year}`,
    `${org.name}-${year}年积分`,
  );
}

/** The cron's part: credit the places of rounds that have closed (a few rounds per run). */
export async function creditPlacements(db: Db, at: number): Promise<number> {
  const due = await roundsToPlace(db, at, 20);
  if (due.length === 0) return 0;
  await db.batch([
    ...placementStatements(
      db,
      due.map((r) => r.id),
      at,
    ),
  ]);
  return due.length;
}

export type { RulesRow };

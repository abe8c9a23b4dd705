import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contestRounds, ledgerEntries, orgs, pointsRules } from "../../db/schema";
import type { AwardPreset } from "../../db/schema/plans";

/**
 * The points bank's rules as SQL. Points are decided when an event is credited, inside the statement
 * that credits it, from the rules version in force for the person's org on the day it happened —
 * the org's own rules, else the nearest org above with rules, else these defaults — and are written
 * into the entry, so a later version never rewrites what was earned.
 */
export const DEFAULT_RULES = {
  attendance: 2,
  completion: 1,
  contest: 2,
  placementTopN: 3,
  placementPoints: 5,
  rankingEnabled: false,
  awards: [] as AwardPreset[],
};

const columns = {
  attendance: "attendance",
  completion: "completion",
  contest: "contest",
  placementTopN: "placement_top_n",
  placementPoints: "placement_points",
} as const;
export type RuleField = keyof typeof columns;

/** The value of `field` in the rules in force for the org `orgId` at `at` (both SQL expressions or values). */
export function ruleValue(field: RuleField, orgId: SQL | string, at: SQL | number): SQL<number> {
  return sql<number>`coalesce((select pr.${sql.raw(columns[field])} from points_rules pr join orgs po on po.id = pr.org_id
      where pr.effective_from <= ${at} and substr((select path from orgs where id = ${orgId}), 1, length(po.path)) = po.path
      order by po.depth desc, pr.effective_from desc limit 1), ${DEFAULT_RULES[field]})`;
}

/** The calendar year in Asia/Shanghai of a time in SQL. */
export const sqlYear = (at: SQL) => sql`cast(strftime('%Y', (${at} + 28800000) / 1000, 'unixepoch') as integer)`;

/**
 * Credits "took part in a contest round" for the counted results that `filter` (a condition on
 * `rr`, a round_results row) selects: no hours, the contest points of the person's org rules, once
 * per person and round (a better attempt later changes nothing here).
 */
export function contestCreditStatement(db: Db, filter: SQL, at: number) {
  return db
    .insert(ledgerEntries)
    .select(
      sql`select lower(hex(randomblob(12))), rr.user_id, rr.org_id, ${sqlYear(sql`rr.finished_at`)}, 'contest', rr.round_id, 0,
            ${ruleValue("contest", sql`rr.org_id`, sql`rr.finished_at`)}, c.title || ' · ' || r.name, null, rr.finished_at, null, ${at}, null, null, null
          from round_results rr join contest_rounds r on r.id = rr.round_id join contests c on c.id = r.contest_id
          where ${filter}`,
    )
    .onConflictDoNothing();
}

/** How long after a round closes its places are credited: the attempts' and live rooms' own closing comes first. */
export const PLACEMENT_DELAY_MS = 10 * 60_000;

/** Rounds closed long enough by `at` whose places are not yet credited. */
export function roundsToPlace(db: Db, at: number, limit: number) {
  return db
    .select({ id: contestRounds.id })
    .from(contestRounds)
    .where(and(isNull(contestRounds.placementsCreditedAt), lte(contestRounds.closesAt, at - PLACEMENT_DELAY_MS)))
    .limit(limit);
}

/**
 * Credits the places of closed rounds: each person ranked within the top N of their own org's rules
 * (ranked as the leaderboard ranks: score, then time, then who finished first) gets that rule's
 * placement points, once per round; then the rounds are marked done.
 */
export function placementStatements(db: Db, roundIds: string[], at: number) {
  const list = JSON.stringify(roundIds);
  return [
    db
      .insert(ledgerEntries)
      .select(
        sql`select lower(hex(randomblob(12))), x.user_id, x.org_id, ${sqlYear(sql`x.finished_at`)}, 'placement', x.round_id, 0,
              ${ruleValue("placementPoints", sql`x.org_id`, sql`x.finished_at`)}, x.title || ' · 第 ' || x.place || ' 名', null, x.finished_at, null, ${at}, null, null, null
            from (select rr.*, c.title || ' · ' || r.name as title,
                    row_number() over (partition by rr.round_id order by rr.score desc, rr.duration_ms, rr.finished_at) as place
                  from round_results rr join contest_rounds r on r.id = rr.round_id join contests c on c.id = r.contest_id
                  where rr.round_id in (select value from json_each(${list}))) as x
            where x.place <= ${ruleValue("placementTopN", sql`x.org_id`, sql`x.finished_at`)}
              and ${ruleValue("placementPoints", sql`x.org_id`, sql`x.finished_at`)} > 0`,
      )
      .onConflictDoNothing(),
    db.update(contestRounds).set({ placementsCreditedAt: at }).where(inArray(contestRounds.id, roundIds)),
  ] as const;
}

export type RulesRow = typeof pointsRules.$inferSelect & { orgName: string; orgDepth: number };

/** Every rules version of the org at `path` and of the orgs above it, deepest org first, newest first. */
export function rulesChain(db: Db, path: string) {
  const ids = path.split("/").filter(Boolean);
  return db
    .select({ rule: pointsRules, orgName: orgs.name, orgDepth: orgs.depth })
    .from(pointsRules)
    .innerJoin(orgs, eq(orgs.id, pointsRules.orgId))
    .where(inArray(pointsRules.orgId, ids))
    .orderBy(desc(orgs.depth), desc(pointsRules.effectiveFrom));
}

/** The version in force at `at` from a chain as rulesChain returns it (null: the defaults). */
export function inForce<T extends { rule: { effectiveFrom: number } }>(chain: T[], at: number): T | null {
  return chain.find((row) => row.rule.effectiveFrom <= at) ?? null;
}

export function insertRulesStatement(db: Db, row: Omit<typeof pointsRules.$inferInsert, "id">) {
  return db
    .insert(pointsRules)
    .values({ ...row, id: createId() })
    .onConflictDoUpdate({
      target: [pointsRules.orgId, pointsRules.effectiveFrom],
      set: {
        attendance: row.attendance,
        completion: row.completion,
        contest: row.contest,
        placementTopN: row.placementTopN,
        placementPoints: row.placementPoints,
        rankingEnabled: row.rankingEnabled,
        awards: row.awards,
        note: row.note,
        createdBy: row.createdBy,
        createdAt: row.createdAt,
      },
    });
}

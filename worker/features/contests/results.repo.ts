import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aliased } from "../../db/client";
import { attempts, orgs, roundResults, users } from "../../db/schema";
import type { OrgKind } from "../../db/schema/orgs";
import { inSubtree } from "../../db/subtree";
import { outermostPaths } from "../../lib/scope";

// The results side of a round, read from round_results (one counted result per person, kept up to
// date as attempts close). Each function is one statement: window functions rank and band in SQL,
// so no query runs per team, per person or per question.

/**
 * A result's rank: 1 + the results strictly better (higher score, then less time, then earlier
 * finish), as three counts, each a range on the rank index. Written as one OR, the planner scans
 * the round's whole index range for each row instead, since D1 keeps no ANALYZE statistics: 35 ms
 * for a top 50 of 10,000 results rather than well under one.
 */
export const rankOf = sql<number>`(1
  + (select count(*) from round_results as o where o.round_id = ${roundResults.roundId} and o.score > ${roundResults.score})
  + (select count(*) from round_results as o where o.round_id = ${roundResults.roundId} and o.score = ${roundResults.score}
      and o.duration_ms < ${roundResults.durationMs})
  + (select count(*) from round_results as o where o.round_id = ${roundResults.roundId} and o.score = ${roundResults.score}
      and o.duration_ms = ${roundResults.durationMs} and o.finished_at < ${roundResults.finishedAt}))`;

/**
 * The top `limit` results of a round with their ranks: the first rows of the rank index, ranked by
 * a window over just those rows (every result better than one of them is among them, so the rank
 * is the round-wide one), then joined to names.
 */
export function leaderboardTop(db: Db, roundId: string, limit: number) {
  const top = db
    .select({
      userId: roundResults.userId,
      orgId: roundResults.orgId,
      score: roundResults.score,
      correctCount: roundResults.correctCount,
      durationMs: roundResults.durationMs,
      finishedAt: roundResults.finishedAt,
    })
    .from(roundResults)
    .where(eq(roundResults.roundId, roundId))
    .orderBy(desc(roundResults.score), asc(roundResults.durationMs), asc(roundResults.finishedAt))
    .limit(limit)
    .as("top");
  return db
    .select({
      rank: sql<number>`rank() over (order by ${top.score} desc, ${top.durationMs}, ${top.finishedAt})`.as("rank"),
      userId: top.userId,
      name: aliased<string>(users.name, "user_name"),
      orgName: aliased<string>(orgs.name, "org_name"),
      score: top.score,
      correctCount: top.correctCount,
      durationMs: top.durationMs,
      finishedAt: top.finishedAt,
    })
    .from(top)
    .innerJoin(users, eq(users.id, top.userId))
    .innerJoin(orgs, eq(orgs.id, top.orgId))
    .orderBy(desc(top.score), asc(top.durationMs), asc(top.finishedAt));
}

/** One person's leaderboard entry in a round (none without a result). */
export function leaderboardEntry(db: Db, roundId: string, userId: string) {
  return db
    .select({
      rank: rankOf.as("rank"),
      userId: roundResults.userId,
      name: aliased<string>(users.name, "user_name"),
      orgName: aliased<string>(orgs.name, "org_name"),
      score: roundResults.score,
      correctCount: roundResults.correctCount,
      durationMs: roundResults.durationMs,
      finishedAt: roundResults.finishedAt,
    })
    .from(roundResults)
    .innerJoin(users, eq(users.id, roundResults.userId))
    .innerJoin(orgs, eq(orgs.id, roundResults.orgId))
    .where(and(eq(roundResults.roundId, roundId), eq(roundResults.userId, userId)));
}

/** The same order as a window, for whole lists (ties in all three share a rank, as with `rankOf`). */
const rankWindow = sql.raw("rank() over (order by r.score desc, r.duration_ms, r.finished_at)");

/** Which groups a standings table has, as a `select id, name, path, sort_order from orgs …`. */
export type StandingGroups =
  /** Teams: orgs of one kind inside the scope; a result belongs to its nearest such ancestor-or-self. */
  | { by: "team"; kind: OrgKind; scopePaths: string[]; topK: number | null }
  /** Orgs: these orgs, or the direct children of the one given; a result counts in every group above it. */
  | { by: "org"; orgIds: string[]; children: boolean };

export type StandingRow = { orgId: string; name: string; rank: number; participants: number; members: number; score: number };

function groupsSql(groups: StandingGroups): SQL {
  if (groups.by === "team") {
    const inScope = outermostPaths(groups.scopePaths).map((path) => inSubtree(orgs.path, path));
    return sql`select id, name, path, sort_order from ${orgs}
      where ${orgs.kind} = ${groups.kind} and (${inScope.length > 0 ? sql.join(inScope, sql` or `) : sql`0`})`;
  }
  const ids = JSON.stringify(groups.orgIds);
  if (!groups.children)
    return sql`select id, name, path, sort_order from ${orgs} where ${orgs.id} in (select value from json_each(${ids}))`;
  // An org without children stands for itself.
  return sql`select id, name, path, sort_order from ${orgs} where ${orgs.parentId} in (select value from json_each(${ids}))
    union all select id, name, path, sort_order from ${orgs} where ${orgs.id} in (select value from json_each(${ids}))
      and not exists (select 1 from ${orgs} as c where c.parent_id = ${orgs.id})`;
}

/**
 * Team or org standings in one statement. Results are grouped by their org path first (a few
 * hundred paths for thousands of results), paths matched to groups by prefix, then scores ranked
 * within each group by a window so a top-K mean needs no query per group. Members are distinct
 * people with a membership anywhere in the group's subtree (a range scan on the path index each).
 * Groups nobody took part from come last, sharing the last rank.
 */
export function standings(db: Db, roundId: string, groups: StandingGroups): Promise<StandingRow[]> {
  const nearestOnly = groups.by === "team" ? sql`and w.nth = 1` : sql``;
  // A mean of all participants is a mean of the top "everyone".
  const topK = groups.by === "team" && groups.topK !== null ? groups.topK : 1_000_000_000;
  return db.all<StandingRow>(sql`
    with grp as (${groupsSql(groups)}),
    paths as (select org_path as path from round_results where round_id = ${roundId} group by org_path),
    owner as (
      select p.path, g.id as gid, row_number() over (partition by p.path order by length(g.path) desc) as nth
      from paths as p join grp as g on substr(p.path, 1, length(g.path)) = g.path),
    scored as (
      select w.gid, r.score, row_number() over (partition by w.gid order by r.score desc) as pos
      from round_results as r join owner as w on w.path = r.org_path ${nearestOnly}
      where r.round_id = ${roundId}),
    agg as (select gid, count(*) as participants, avg(case when pos <= ${topK} then score end) as score from scored group by gid),
    mem as (
      select g.id as gid, count(distinct m.user_id) as members
      from grp as g
      join orgs as o on o.path >= g.path and o.path < substr(g.path, 1, length(g.path) - 1) || '0'
      join memberships as m on m.org_id = o.id
      group by g.id)
    select g.id as orgId, g.name as name, coalesce(a.participants, 0) as participants, coalesce(m.members, 0) as members,
      coalesce(a.score, 0) as score, rank() over (order by a.participants is null, a.score desc) as rank
    from grp as g left join agg as a on a.gid = g.id left join mem as m on m.gid = g.id
    order by rank, g.sort_order, g.name`);
}

export type QuestionStatRow = {
  participants: number;
  questionId: string | null;
  version: number;
  seq: number | null;
  stem: string;
  type: "single" | "multiple" | "judge" | "fill";
  given: number;
  answered: number;
  correct: number;
  avgTimeMs: number | null;
  topGiven: number;
  topCorrect: number;
  bottomGiven: number;
  bottomCorrect: number;
};

/**
 * Per question of a round, over counted results only: how many were given it, answered it, got it
 * fully right, the mean time on it, and the same counts in the top and bottom 27 % by rank (Kelley's
 * groups; none when fewer than 4 results). The first row always carries `participants`; a round
 * without results gives one row with no question.
 */
export function questionStats(db: Db, roundId: string): Promise<QuestionStatRow[]> {
  return db.all<QuestionStatRow>(sql`
    with ranked as (
      select attempt_id, row_number() over (order by score desc, duration_ms, finished_at) as pos, count(*) over () as n
      from round_results where round_id = ${roundId}),
    banded as (
      select attempt_id, case
        when n < 4 then 0
        when pos <= max(1, cast(round(n * 0.27) as integer)) then 1
        when pos > n - max(1, cast(round(n * 0.27) as integer)) then -1
        else 0 end as band
      from ranked),
    per as (
      select aq.question_id, aq.version, count(*) as given, count(aa.seq) as answered,
        coalesce(sum(aa.credit >= 1), 0) as correct, avg(aa.elapsed_ms) as avg_time,
        coalesce(sum(b.band = 1), 0) as top_given, coalesce(sum(b.band = 1 and aa.credit >= 1), 0) as top_correct,
        coalesce(sum(b.band = -1), 0) as bottom_given, coalesce(sum(b.band = -1 and aa.credit >= 1), 0) as bottom_correct
      from banded as b
      join attempt_questions as aq on aq.attempt_id = b.attempt_id
      left join attempt_answers as aa on aa.attempt_id = aq.attempt_id and aa.seq = aq.seq
      group by aq.question_id, aq.version)
    select t.total as participants, per.question_id as questionId, per.version as version,
      (select min(rq.seq) from round_questions as rq
        where rq.round_id = ${roundId} and rq.question_id = per.question_id and rq.version = per.version) as seq,
      qv.stem as stem, qv.type as type, per.given as given, per.answered as answered, per.correct as correct,
      per.avg_time as avgTimeMs, per.top_given as topGiven, per.top_correct as topCorrect,
      per.bottom_given as bottomGiven, per.bottom_correct as bottomCorrect
    from (select count(*) as total from round_results where round_id = ${roundId}) as t
    left join per on 1
    left join question_versions as qv on qv.question_id = per.question_id and qv.version = per.version
    order by seq is null, seq, per.given desc, qv.stem`);
}

/**
 * Counted results per tenth of the full score: bin = ⌊score × 10 / total⌋, the full score in the
 * last bin. (The cast is needed: D1 may bind a JS number as a real, which makes `/` a real division.)
 */
export function histogram(db: Db, roundId: string, totalPoints: number) {
  return db.all<{ bin: number; count: number }>(sql`
    select min(9, max(0, cast(score * 10.0 / ${totalPoints} as integer))) as bin, count(*) as count
    from round_results where round_id = ${roundId} group by bin`);
}

export type ResultRow = {
  rank: number;
  name: string;
  phone: string;
  orgName: string;
  score: number;
  totalPoints: number | null;
  correctCount: number;
  durationMs: number;
  finishedAt: number;
  status: "open" | "submitted" | "expired" | null;
};

/** Every counted result of a round in rank order, with the person and the attempt it came from. */
export function roundResultRows(db: Db, roundId: string): Promise<ResultRow[]> {
  return db.all<ResultRow>(sql`
    select ${rankWindow} as rank, u.name as name, u.phone as phone, o.name as orgName, r.score as score,
      a.total_points as totalPoints, r.correct_count as correctCount, r.duration_ms as durationMs,
      r.finished_at as finishedAt, a.status as status
    from round_results as r
    join users as u on u.id = r.user_id
    join orgs as o on o.id = r.org_id
    left join attempts as a on a.id = r.attempt_id
    where r.round_id = ${roundId}
    order by rank, r.user_id`);
}

/** One person's counted result with its rank, the number of results, and the paper's full score. */
export function personResult(db: Db, roundId: string, userId: string) {
  return db
    .select({
      userId: roundResults.userId,
      name: aliased<string>(users.name, "user_name"),
      orgName: aliased<string>(orgs.name, "org_name"),
      score: roundResults.score,
      totalPoints: attempts.totalPoints,
      rank: rankOf.as("rank"),
      participants: sql<number>`(select count(*) from round_results as t where t.round_id = ${roundResults.roundId})`,
    })
    .from(roundResults)
    .innerJoin(users, eq(users.id, roundResults.userId))
    .innerJoin(orgs, eq(orgs.id, roundResults.orgId))
    .leftJoin(attempts, eq(attempts.id, roundResults.attemptId))
    .where(sql`${roundResults.roundId} = ${roundId} and ${roundResults.userId} = ${userId}`);
}

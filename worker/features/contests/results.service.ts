import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aliased } from "../../db/client";
import { orgs, roundResults, users } from "../../db/schema";
import type { SessionUser } from "../../env";
import { ApiError } from "../../lib/errors";
import { now } from "../../lib/time";
import { betterThan } from "./attempt.service";
import { canManageContest, roundState } from "./contest.repo";
import { loadRoundFor } from "./contest.service";

const rankOf = sql<number>`1 + (select count(*) from round_results as o where o.round_id = ${roundResults.roundId}
  and ${betterThan("o", sql`${roundResults.score}`, sql`${roundResults.durationMs}`, sql`${roundResults.finishedAt}`)})`;

function entryColumns() {
  return {
    rank: rankOf,
    userId: roundResults.userId,
    name: aliased<string>(users.name, "user_name"),
    orgName: aliased<string>(orgs.name, "org_name"),
    score: roundResults.score,
    correctCount: roundResults.correctCount,
    durationMs: roundResults.durationMs,
    finishedAt: roundResults.finishedAt,
  };
}

/**
 * The top of a round and the caller's own place, in one round trip: the top is a scan of the rank
 * index, and a rank is one count on it. Participants see it once the round has closed; the
 * contest's managers at any time.
 */
export async function getRoundLeaderboard(db: Db, user: SessionUser, roundId: string, limit: number) {
  const { loaded, round } = await loadRoundFor(db, user, roundId, "see");
  const at = now();
  const closed = roundState(round, at) === "closed";
  if (!closed && !canManageContest(user, loaded.hosts)) throw new ApiError("FORBIDDEN", "contest.resultsNotReady");
  const [top, mine, count] = await db.batch([
    db
      .select(entryColumns())
      .from(roundResults)
      .innerJoin(users, eq(users.id, roundResults.userId))
      .innerJoin(orgs, eq(orgs.id, roundResults.orgId))
      .where(eq(roundResults.roundId, roundId))
      .orderBy(desc(roundResults.score), asc(roundResults.durationMs), asc(roundResults.finishedAt))
      .limit(limit),
    db
      .select(entryColumns())
      .from(roundResults)
      .innerJoin(users, eq(users.id, roundResults.userId))
      .innerJoin(orgs, eq(orgs.id, roundResults.orgId))
      .where(and(eq(roundResults.roundId, roundId), eq(roundResults.userId, user.id))),
    db.select({ n: sql<number>`count(*)` }).from(roundResults).where(eq(roundResults.roundId, roundId)),
  ]);
  return { roundId, participants: count[0]?.n ?? 0, closed, top, me: mine[0] ?? null };
}

import type { z } from "@hono/zod-openapi";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aliased } from "../../db/client";
import { alliances, contestHosts, contestRounds, contestScope, contests, orgs } from "../../db/schema";
import type { SessionUser } from "../../env";
import { canManageOrg } from "../../lib/scope";
import type { AdvancementSchema, DrawSpecSchema } from "./contest.schema";

export type DrawSpec = z.output<typeof DrawSpecSchema>;
export type Advancement = z.output<typeof AdvancementSchema>;
export type RoundRow = typeof contestRounds.$inferSelect & { drawSpec: DrawSpec; advancement: Advancement | null };
export type HostRow = { contestId: string; type: "org" | "alliance"; id: string; name: string; path: string | null };
export type ScopeRow = { contestId: string; id: string; name: string; path: string };
export type ContestRow = typeof contests.$inferSelect;
export type LoadedContest = { contest: ContestRow; hosts: HostRow[]; scope: ScopeRow[]; rounds: RoundRow[] };

/** Contests with their hosts (named), eligibility scope and rounds, in one round trip. */
export async function loadContests(db: Db, ids: string[]): Promise<LoadedContest[]> {
  if (ids.length === 0) return [];
  const [contestRows, hostRows, scopeRows, roundRows] = await db.batch([
    db.select().from(contests).where(inArray(contests.id, ids)),
    db
      .select({
        contestId: contestHosts.contestId,
        type: contestHosts.hostType,
        id: contestHosts.hostId,
        name: sql<string>`coalesce(${orgs.name}, ${alliances.name}, '')`.as("host_name"),
        path: orgs.path,
      })
      .from(contestHosts)
      .leftJoin(orgs, sql`${contestHosts.hostType} = 'org' and ${orgs.id} = ${contestHosts.hostId}`)
      .leftJoin(alliances, sql`${contestHosts.hostType} = 'alliance' and ${alliances.id} = ${contestHosts.hostId}`)
      .where(inArray(contestHosts.contestId, ids))
      .orderBy(asc(contestHosts.hostType), asc(sql`host_name`)),
    db
      .select({ contestId: contestScope.contestId, id: orgs.id, name: aliased<string>(orgs.name, "org_name"), path: orgs.path })
      .from(contestScope)
      .innerJoin(orgs, eq(orgs.id, contestScope.orgId))
      .where(inArray(contestScope.contestId, ids))
      .orderBy(asc(orgs.path)),
    db.select().from(contestRounds).where(inArray(contestRounds.contestId, ids)).orderBy(asc(contestRounds.seq)),
  ]);
  return contestRows.map((contest) => ({
    contest,
    hosts: (hostRows as HostRow[]).filter((h) => h.contestId === contest.id),
    scope: scopeRows.filter((s) => s.contestId === contest.id),
    rounds: (roundRows as RoundRow[]).filter((r) => r.contestId === contest.id),
  }));
}

/** Every host's organizers manage a contest: an org host's organizers (and those above), an alliance host's organizers. */
export function canManageContest(user: SessionUser, hosts: HostRow[]): boolean {
  if (user.isAdmin) return true;
  return hosts.some((h) => (h.type === "org" ? h.path !== null && canManageOrg(user, h.path) : user.alliances.some((a) => a.id === h.id)));
}

/** A person may take part when one of their orgs lies in a scope org's subtree. */
export function isEligible(user: SessionUser, scope: { path: string }[]): boolean {
  return user.memberships.some((m) => scope.some((s) => m.orgPath.startsWith(s.path)));
}

/** The org a participant's attempt counts for: their deepest org inside the scope. */
export function participantOrg(user: SessionUser, scope: { path: string }[]) {
  const inside = user.memberships.filter((m) => scope.some((s) => m.orgPath.startsWith(s.path)));
  return inside.sort((a, b) => b.orgPath.length - a.orgPath.length)[0] ?? null;
}

export type RoundState = "upcoming" | "open" | "closed";

export function roundState(round: Pick<RoundRow, "opensAt" | "closesAt">, at: number): RoundState {
  if (at < round.opensAt) return "upcoming";
  return at < round.closesAt ? "open" : "closed";
}

export function paperSize(spec: DrawSpec) {
  return {
    questionCount: spec.parts.reduce((n, p) => n + p.count, 0),
    totalPoints: spec.parts.reduce((n, p) => n + p.count * p.points, 0),
  };
}

export function presentRound(round: RoundRow, at: number) {
  return {
    id: round.id,
    contestId: round.contestId,
    seq: round.seq,
    name: round.name,
    mode: round.mode,
    scoring: round.scoring,
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    timeLimitSec: round.timeLimitSec,
    questionTimeSec: round.questionTimeSec,
    drawMode: round.drawMode,
    drawSpec: round.drawSpec,
    attemptsAllowed: round.attemptsAllowed,
    countPolicy: round.countPolicy,
    allowBack: round.allowBack,
    liveTeamPlay: round.liveTeamPlay,
    partialCredit: round.partialCredit,
    advancement: round.advancement,
    honourTopN: round.honourTopN,
    ...paperSize(round.drawSpec),
    state: roundState(round, at),
  };
}

export function presentContest(user: SessionUser, loaded: LoadedContest, at: number) {
  const { contest } = loaded;
  return {
    id: contest.id,
    title: contest.title,
    description: contest.description,
    status: contest.status,
    hosts: loaded.hosts.map((h) => ({ type: h.type, id: h.id, name: h.name })),
    scope: loaded.scope.map((s) => ({ id: s.id, name: s.name })),
    team: contest.teamKind ? { kind: contest.teamKind, method: contest.teamMethod, topK: contest.teamTopK } : null,
    rounds: loaded.rounds.map((r) => presentRound(r, at)),
    canManage: canManageContest(user, loaded.hosts),
    createdAt: contest.createdAt,
    publishedAt: contest.publishedAt,
  };
}

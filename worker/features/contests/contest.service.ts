import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Context } from "hono";
import { aliased, type Db } from "../../db/client";
import {
  allianceOrgs,
  alliances,
  attempts,
  banks,
  contestHosts,
  contestRounds,
  contestScope,
  contests,
  memberships,
  orgs,
  questions,
  questionTags,
  roundGrants,
  roundQuestions,
  users,
} from "../../db/schema";
import { inSubtree } from "../../db/subtree";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { canManageOrg, managedPaths, orgIdsAbove, outermostPaths } from "../../lib/scope";
import { now } from "../../lib/time";
import { visibleBanksWhere } from "../bank/bank.repo";
import {
  canManageContest,
  type DrawSpec,
  type LoadedContest,
  loadContests,
  presentContest,
  presentRound,
  type RoundRow,
  roundState,
} from "./contest.repo";
import type {
  CreateContestBodySchema,
  CreateRoundBodySchema,
  GrantBodySchema,
  UpdateContestBodySchema,
  UpdateRoundBodySchema,
} from "./contest.schema";

type CreateContest = z.output<typeof CreateContestBodySchema>;
type UpdateContest = z.output<typeof UpdateContestBodySchema>;
type CreateRound = z.output<typeof CreateRoundBodySchema>;
type UpdateRound = z.output<typeof UpdateRoundBodySchema>;

/** A contest the caller may see (as a manager, or as someone in its scope), or 404; 403 when `manage` and not a manager. */
export async function loadContestFor(db: Db, user: SessionUser, id: string, need: "see" | "manage"): Promise<LoadedContest> {
  const [loaded] = await loadContests(db, [id]);
  if (!loaded) throw new ApiError("NOT_FOUND", "contest.notFound");
  const manager = canManageContest(user, loaded.hosts);
  const participant =
    loaded.contest.status === "published" && user.memberships.some((m) => loaded.scope.some((s) => m.orgPath.startsWith(s.path)));
  if (!manager && !participant) throw new ApiError("NOT_FOUND", "contest.notFound");
  if (need === "manage" && !manager) throw new ApiError("FORBIDDEN", "error.forbidden");
  return loaded;
}

export async function loadRoundFor(db: Db, user: SessionUser, roundId: string, need: "see" | "manage") {
  const round = (await db.select({ contestId: contestRounds.contestId }).from(contestRounds).where(eq(contestRounds.id, roundId)))[0];
  if (!round) throw new ApiError("NOT_FOUND", "contest.roundNotFound");
  const loaded = await loadContestFor(db, user, round.contestId, need).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "NOT_FOUND") throw new ApiError("NOT_FOUND", "contest.roundNotFound");
    throw error;
  });
  const found = loaded.rounds.find((r) => r.id === roundId) as RoundRow;
  return { loaded, round: found };
}

/** Contests hosted by an org in a subtree the caller manages or by an alliance they organize. */
export async function listManagedContests(db: Db, user: SessionUser) {
  const subtrees = outermostPaths(managedPaths(user)).map((path) => inSubtree(orgs.path, path));
  const allianceIds = JSON.stringify(user.alliances.map((a) => a.id));
  const rows = await db
    .selectDistinct({ id: contestHosts.contestId, createdAt: contests.createdAt })
    .from(contestHosts)
    .innerJoin(contests, eq(contests.id, contestHosts.contestId))
    .leftJoin(orgs, sql`${contestHosts.hostType} = 'org' and ${orgs.id} = ${contestHosts.hostId}`)
    .where(
      user.isAdmin
        ? undefined
        : sql`(${subtrees.length > 0 ? sql.join(subtrees, sql` or `) : sql`0`})
          or (${contestHosts.hostType} = 'alliance' and ${contestHosts.hostId} in (select value from json_each(${allianceIds})))`,
    )
    .orderBy(desc(contests.createdAt))
    .limit(200);
  const at = now();
  const loaded = await loadContests(
    db,
    rows.map((r) => r.id),
  );
  const order = new Map(rows.map((r, i) => [r.id, i]));
  return loaded.sort((a, b) => (order.get(a.contest.id) ?? 0) - (order.get(b.contest.id) ?? 0)).map((l) => presentContest(user, l, at));
}

/**
 * Checks hosts and scope against what the caller may do: they manage at least one host; another
 * org may co-host when it shares an alliance with an org they manage; every scope org lies in a
 * host org's subtree or under an org of a host alliance.
 */
async function checkHostsAndScope(db: Db, user: SessionUser, hosts: CreateContest["hosts"], scopeOrgIds: string[]) {
  const orgHostIds = hosts.filter((h) => h.type === "org").map((h) => h.id);
  const allianceHostIds = hosts.filter((h) => h.type === "alliance").map((h) => h.id);
  const [hostOrgs, scopeOrgs, allianceRows] = await db.batch([
    db
      .select({ id: orgs.id, name: orgs.name, path: orgs.path })
      .from(orgs)
      .where(inArray(orgs.id, orgHostIds.length ? orgHostIds : [""])),
    db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs).where(inArray(orgs.id, scopeOrgIds)),
    // Every alliance touching a host: to check co-hosts and alliance hosts' member orgs.
    db
      .select({
        allianceId: allianceOrgs.allianceId,
        allianceName: aliased<string>(alliances.name, "alliance_name"),
        orgId: orgs.id,
        path: orgs.path,
      })
      .from(allianceOrgs)
      .innerJoin(orgs, eq(orgs.id, allianceOrgs.orgId))
      .innerJoin(alliances, eq(alliances.id, allianceOrgs.allianceId))
      .where(
        sql`${allianceOrgs.allianceId} in (select value from json_each(${JSON.stringify(allianceHostIds)}))
          or ${allianceOrgs.allianceId} in (select alliance_id from alliance_orgs where org_id in (select value from json_each(${JSON.stringify(orgHostIds)})))`,
      ),
  ]);
  if (hostOrgs.length !== new Set(orgHostIds).size) throw new ApiError("UNPROCESSABLE", "contest.hostNotFound");
  if (scopeOrgs.length !== new Set(scopeOrgIds).size) throw new ApiError("UNPROCESSABLE", "contest.scopeNotFound");
  const knownAlliances = new Set(allianceRows.map((r) => r.allianceId));
  const managesAlliance = (id: string) =>
    user.isAdmin || user.alliances.some((a) => a.id === id) || allianceRows.some((r) => r.allianceId === id && canManageOrg(user, r.path));
  for (const id of allianceHostIds) {
    if (!knownAlliances.has(id) && !user.alliances.some((a) => a.id === id) && !user.isAdmin)
      throw new ApiError("UNPROCESSABLE", "contest.hostNotFound");
    // An alliance host widens the reach to all its member orgs: only one the caller organizes, or
    // shares through an org they manage, may be named (else any alliance's members could be targeted).
    if (!managesAlliance(id)) {
      const name = allianceRows.find((r) => r.allianceId === id)?.allianceName ?? "";
      throw new ApiError("UNPROCESSABLE", "contest.hostNotAllowed", { name });
    }
  }
  const managesSome =
    hostOrgs.some((o) => canManageOrg(user, o.path)) ||
    allianceHostIds.some((id) => user.isAdmin || user.alliances.some((a) => a.id === id));
  if (!managesSome) throw new ApiError("FORBIDDEN", "contest.hostNotManaged");
  for (const org of hostOrgs) {
    if (canManageOrg(user, org.path)) continue;
    const shared = allianceRows.some((r) => r.orgId === org.id && managesAlliance(r.allianceId));
    if (!shared) throw new ApiError("UNPROCESSABLE", "contest.hostNotAllowed", { name: org.name });
  }
  const reach = [...hostOrgs.map((o) => o.path), ...allianceRows.filter((r) => allianceHostIds.includes(r.allianceId)).map((r) => r.path)];
  for (const org of scopeOrgs) {
    if (!reach.some((path) => org.path.startsWith(path))) throw new ApiError("UNPROCESSABLE", "contest.scopeOutside", { name: org.name });
  }
}

export async function createContest(c: Context<AppEnv>, user: SessionUser, input: CreateContest) {
  const db = c.get("db");
  await checkHostsAndScope(db, user, input.hosts, input.scopeOrgIds);
  const id = createId();
  const at = now();
  const row = {
    id,
    title: input.title,
    description: input.description,
    teamKind: input.team?.kind ?? null,
    teamMethod: input.team?.method ?? "mean",
    teamTopK: input.team?.topK ?? null,
    createdBy: user.id,
    createdAt: at,
    updatedAt: at,
  };
  const hostOrg = input.hosts.find((h) => h.type === "org")?.id ?? null;
  await db.batch([
    db.insert(contests).values(row),
    db.insert(contestHosts).values(dedupeHosts(input.hosts).map((h) => ({ contestId: id, hostType: h.type, hostId: h.id }))),
    db.insert(contestScope).values([...new Set(input.scopeOrgIds)].map((orgId) => ({ contestId: id, orgId }))),
    auditStatement(db, c, { action: "contest.create", entityType: "contest", entityId: id, orgId: hostOrg, after: input }),
  ]);
  return { contest: presentContest(user, (await loadContests(db, [id]))[0] as LoadedContest, at) };
}

function dedupeHosts(hosts: CreateContest["hosts"]) {
  const seen = new Set<string>();
  return hosts.filter((h) => !seen.has(`${h.type}:${h.id}`) && seen.add(`${h.type}:${h.id}`));
}

function auditOrg(loaded: LoadedContest): string | null {
  return loaded.hosts.find((h) => h.type === "org")?.id ?? loaded.scope[0]?.id ?? null;
}

export async function updateContest(c: Context<AppEnv>, user: SessionUser, id: string, input: UpdateContest) {
  const db = c.get("db");
  const loaded = await loadContestFor(db, user, id, "manage");
  const hosts = input.hosts ?? loaded.hosts.map((h) => ({ type: h.type, id: h.id }));
  const scope = input.scopeOrgIds ?? loaded.scope.map((s) => s.id);
  if (input.hosts || input.scopeOrgIds) await checkHostsAndScope(db, user, hosts, scope);
  const at = now();
  const team = input.team === undefined ? undefined : input.team;
  await db.batch([
    db
      .update(contests)
      .set({
        title: input.title,
        description: input.description,
        ...(team === undefined ? {} : { teamKind: team?.kind ?? null, teamMethod: team?.method ?? "mean", teamTopK: team?.topK ?? null }),
        updatedAt: at,
      })
      .where(eq(contests.id, id)),
    ...(input.hosts
      ? [
          db.delete(contestHosts).where(eq(contestHosts.contestId, id)),
          db.insert(contestHosts).values(dedupeHosts(hosts).map((h) => ({ contestId: id, hostType: h.type, hostId: h.id }))),
        ]
      : []),
    ...(input.scopeOrgIds
      ? [
          db.delete(contestScope).where(eq(contestScope.contestId, id)),
          db.insert(contestScope).values([...new Set(scope)].map((orgId) => ({ contestId: id, orgId }))),
        ]
      : []),
    auditStatement(db, c, { action: "contest.update", entityType: "contest", entityId: id, orgId: auditOrg(loaded), after: input }),
  ]);
  return { contest: presentContest(user, (await loadContests(db, [id]))[0] as LoadedContest, at) };
}

export async function publishContest(c: Context<AppEnv>, user: SessionUser, id: string) {
  const db = c.get("db");
  const loaded = await loadContestFor(db, user, id, "manage");
  if (loaded.contest.status !== "draft") throw new ApiError("CONFLICT", "contest.alreadyPublished");
  if (loaded.rounds.length === 0) throw new ApiError("UNPROCESSABLE", "contest.noRounds");
  const at = now();
  await db.batch([
    db
      .update(contests)
      .set({ status: "published", publishedAt: at, updatedAt: at })
      .where(and(eq(contests.id, id), eq(contests.status, "draft"))),
    auditStatement(db, c, { action: "contest.publish", entityType: "contest", entityId: id, orgId: auditOrg(loaded) }),
  ]);
  return { contest: presentContest(user, (await loadContests(db, [id]))[0] as LoadedContest, at) };
}

/**
 * Draws questions by a spec: active questions of the banks, each part by type, tag and difficulty,
 * at random, never the same question twice. One round trip: each part fetches enough extra to make
 * up for questions an earlier part took.
 */
export async function drawQuestions(db: Db, spec: DrawSpec): Promise<{ questionId: string; version: number; points: number }[]> {
  const bankIds = JSON.stringify(spec.bankIds);
  let before = 0;
  const queries = spec.parts.map((part) => {
    const limit = part.count + before;
    before += part.count;
    const conditions = [
      sql`${questions.bankId} in (select value from json_each(${bankIds}))`,
      eq(questions.status, "active"),
      sql`${questions.difficulty} between ${part.difficultyMin} and ${part.difficultyMax}`,
      part.type ? eq(questions.type, part.type) : undefined,
      part.tag
        ? sql`exists (select 1 from ${questionTags} where ${questionTags.questionId} = ${questions.id} and ${questionTags.tag} = ${part.tag})`
        : undefined,
    ];
    return db
      .select({ id: questions.id, version: questions.currentVersion })
      .from(questions)
      .where(and(...conditions))
      .orderBy(sql`random()`)
      .limit(limit);
  });
  const [first, ...rest] = queries;
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  const taken = new Set<string>();
  const picks: { questionId: string; version: number; points: number }[] = [];
  spec.parts.forEach((part, i) => {
    const available = (results[i] ?? []).filter((row) => !taken.has(row.id));
    if (available.length < part.count)
      throw new ApiError(
        "UNPROCESSABLE",
        "contest.notEnoughQuestions",
        { part: i + 1, have: available.length, need: part.count },
        { part: i },
      );
    for (const row of available.slice(0, part.count)) {
      taken.add(row.id);
      picks.push({ questionId: row.id, version: row.version, points: part.points });
    }
  });
  return picks;
}

async function checkBanksUsable(db: Db, user: SessionUser, bankIds: string[]) {
  const managed = outermostPaths(managedPaths(user)).map((path) => inSubtree(orgs.path, path));
  const where = user.isAdmin
    ? undefined
    : visibleBanksWhere(orgIdsAbove(user), managed.length > 0 ? sql.join(managed, sql` or `) : undefined);
  const rows = await db
    .select({ id: banks.id })
    .from(banks)
    .innerJoin(orgs, eq(orgs.id, banks.orgId))
    .where(and(inArray(banks.id, bankIds), where));
  if (rows.length !== new Set(bankIds).size) throw new ApiError("UNPROCESSABLE", "contest.bankNotUsable");
}

type RoundSettings = Omit<CreateRound, "name">;

/** A live round paces one question at a time by the host; without a question time it gets this. */
export const LIVE_DEFAULT_QUESTION_SEC = 20;

function checkRoundSettings(round: RoundSettings, teamKind: string | null) {
  if (round.closesAt <= round.opensAt) throw new ApiError("UNPROCESSABLE", "contest.windowOrder");
  if (round.mode === "live") {
    // Everyone in the hall answers the same question at once: one paper, fixed in round_questions.
    if (round.drawMode !== "same") throw new ApiError("UNPROCESSABLE", "contest.liveNeedsSamePaper");
    if (round.liveTeamPlay !== "individual" && !teamKind) throw new ApiError("UNPROCESSABLE", "contest.liveTeamsNeedTeams");
    return;
  }
  if (round.scoring === "speed" && round.questionTimeSec === null) throw new ApiError("UNPROCESSABLE", "contest.speedNeedsQuestionTime");
  if (round.questionTimeSec !== null) {
    const total = round.questionTimeSec * round.drawSpec.parts.reduce((n, p) => n + p.count, 0);
    if (total > round.timeLimitSec)
      throw new ApiError("UNPROCESSABLE", "contest.questionTimeTooLong", { total, limit: round.timeLimitSec });
  }
}

function roundValues(input: CreateRound) {
  const live = input.mode === "live";
  return {
    name: input.name,
    mode: input.mode,
    scoring: input.scoring,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    timeLimitSec: input.timeLimitSec,
    questionTimeSec: live ? (input.questionTimeSec ?? LIVE_DEFAULT_QUESTION_SEC) : input.questionTimeSec,
    drawMode: input.drawMode,
    drawSpec: input.drawSpec,
    attemptsAllowed: input.attemptsAllowed,
    countPolicy: input.countPolicy,
    // A per-question time makes the round sequential: no going back.
    allowBack: input.questionTimeSec === null && !live ? input.allowBack : false,
    partialCredit: input.partialCredit,
    advancement: input.advancement,
    honourTopN: input.honourTopN,
    liveTeamPlay: input.liveTeamPlay,
  };
}

function paperStatements(db: Db, roundId: string, picks: { questionId: string; version: number; points: number }[]) {
  const list = JSON.stringify(picks.map((p, i) => ({ ...p, seq: i + 1 })));
  return [
    db.delete(roundQuestions).where(eq(roundQuestions.roundId, roundId)),
    db.insert(roundQuestions).select(
      sql`select ${roundId}, json_extract(value, '$.seq'), json_extract(value, '$.questionId'), json_extract(value, '$.version'), json_extract(value, '$.points')
        from json_each(${list}) where true`,
    ),
  ] as const;
}

export async function createRound(c: Context<AppEnv>, user: SessionUser, contestId: string, input: CreateRound) {
  const db = c.get("db");
  const loaded = await loadContestFor(db, user, contestId, "manage");
  checkRoundSettings(input, loaded.contest.teamKind);
  await checkBanksUsable(db, user, input.drawSpec.bankIds);
  // Drawn now for a shared paper; for per-person draws, this only proves the banks hold enough.
  const picks = await drawQuestions(db, input.drawSpec);
  const id = createId();
  const at = now();
  const seq = Math.max(0, ...loaded.rounds.map((r) => r.seq)) + 1;
  await db.batch([
    db.insert(contestRounds).values({ id, contestId, seq, ...roundValues(input), createdAt: at, updatedAt: at }),
    ...(input.drawMode === "same" ? paperStatements(db, id, picks) : []),
    auditStatement(db, c, { action: "round.create", entityType: "round", entityId: id, orgId: auditOrg(loaded), after: input }),
  ]);
  const [round] = await db.select().from(contestRounds).where(eq(contestRounds.id, id));
  return { round: presentRound(round as RoundRow, at) };
}

async function hasAttempts(db: Db, roundId: string) {
  const rows = await db.select({ id: attempts.id }).from(attempts).where(eq(attempts.roundId, roundId)).limit(1);
  return rows.length > 0;
}

export async function updateRound(c: Context<AppEnv>, user: SessionUser, roundId: string, input: UpdateRound) {
  const db = c.get("db");
  const { loaded, round } = await loadRoundFor(db, user, roundId, "manage");
  const merged: CreateRound = {
    ...roundValues({ ...round, questionTimeSec: round.questionTimeSec, advancement: round.advancement, drawSpec: round.drawSpec }),
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  } as CreateRound;
  checkRoundSettings(merged, loaded.contest.teamKind);
  const paperChanged =
    (input.drawSpec !== undefined && JSON.stringify(input.drawSpec) !== JSON.stringify(round.drawSpec)) ||
    (input.drawMode !== undefined && input.drawMode !== round.drawMode);
  const scoringChanged =
    (input.scoring !== undefined && input.scoring !== round.scoring) ||
    (input.questionTimeSec !== undefined && input.questionTimeSec !== round.questionTimeSec) ||
    (input.partialCredit !== undefined && input.partialCredit !== round.partialCredit);
  if ((paperChanged || scoringChanged) && (await hasAttempts(db, roundId))) throw new ApiError("CONFLICT", "contest.roundHasAttempts");
  let paper: ReturnType<typeof paperStatements>[number][] = [];
  if (paperChanged) {
    await checkBanksUsable(db, user, merged.drawSpec.bankIds);
    const picks = await drawQuestions(db, merged.drawSpec);
    const [clear, insert] = paperStatements(db, roundId, picks);
    paper = merged.drawMode === "same" ? [clear, insert] : [clear];
  }
  const at = now();
  await db.batch([
    db
      .update(contestRounds)
      .set({ ...roundValues(merged), updatedAt: at })
      .where(eq(contestRounds.id, roundId)),
    ...paper,
    auditStatement(db, c, {
      action: "round.update",
      entityType: "round",
      entityId: roundId,
      orgId: auditOrg(loaded),
      before: round,
      after: input,
    }),
  ]);
  const [updated] = await db.select().from(contestRounds).where(eq(contestRounds.id, roundId));
  return { round: presentRound(updated as RoundRow, at) };
}

export async function deleteRound(c: Context<AppEnv>, user: SessionUser, roundId: string) {
  const db = c.get("db");
  const { loaded, round } = await loadRoundFor(db, user, roundId, "manage");
  if (await hasAttempts(db, roundId)) throw new ApiError("CONFLICT", "contest.roundHasAttempts");
  await db.batch([
    db.delete(contestRounds).where(eq(contestRounds.id, roundId)),
    auditStatement(db, c, { action: "round.delete", entityType: "round", entityId: roundId, orgId: auditOrg(loaded), before: round }),
  ]);
}

/** Distinct people with a membership in the scope's subtrees. */
function eligibleCount(db: Db, scope: { path: string }[]) {
  const paths = outermostPaths(scope.map((s) => s.path)).map((path) => inSubtree(orgs.path, path));
  return db
    .select({ n: sql<number>`count(distinct ${memberships.userId})` })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(paths.length > 0 ? sql.join(paths, sql` or `) : sql`0`);
}

/** Live monitor: how many started and finished, and the median score so far. */
export async function getRoundMonitor(db: Db, user: SessionUser, roundId: string) {
  const { loaded, round } = await loadRoundFor(db, user, roundId, "manage");
  const at = now();
  const [eligible, counts, median] = await db.batch([
    eligibleCount(db, loaded.scope),
    db
      .select({
        started: sql<number>`count(distinct ${attempts.userId})`,
        inProgress: sql<number>`coalesce(sum(${attempts.status} = 'open' and ${attempts.deadlineAt} > ${at}), 0)`,
      })
      .from(attempts)
      .where(eq(attempts.roundId, roundId)),
    db
      .select({
        finished: sql<number>`(select count(*) from round_results where round_id = ${roundId})`,
        median: sql<number | null>`(select avg(score) from (select score from round_results where round_id = ${roundId} order by score
          limit 2 - (select count(*) from round_results where round_id = ${roundId}) % 2
          offset ((select count(*) from round_results where round_id = ${roundId}) - 1) / 2))`,
      })
      .from(sql`(select 1)`),
  ]);
  return {
    roundId,
    state: roundState(round, at),
    eligible: eligible[0]?.n ?? 0,
    started: counts[0]?.started ?? 0,
    inProgress: counts[0]?.inProgress ?? 0,
    finished: median[0]?.finished ?? 0,
    medianScore: median[0]?.median ?? null,
    serverNow: at,
  };
}

export async function listGrants(db: Db, user: SessionUser, roundId: string) {
  await loadRoundFor(db, user, roundId, "manage");
  const rows = await db
    .select({ grant: roundGrants, userName: users.name })
    .from(roundGrants)
    .innerJoin(users, eq(users.id, roundGrants.userId))
    .where(eq(roundGrants.roundId, roundId))
    .orderBy(desc(roundGrants.createdAt));
  return {
    grants: rows.map(({ grant: g, userName }) => ({
      id: g.id,
      userId: g.userId,
      userName,
      kind: g.kind,
      minutes: g.minutes,
      reason: g.reason,
      createdAt: g.createdAt,
    })),
  };
}

/**
 * An accommodation, with a reason, audited: more time (also extends an attempt in progress),
 * another attempt, or reopening the person's last closed attempt for some minutes.
 */
export async function grantAccommodation(c: Context<AppEnv>, user: SessionUser, roundId: string, input: z.output<typeof GrantBodySchema>) {
  const db = c.get("db");
  const { loaded } = await loadRoundFor(db, user, roundId, "manage");
  const paths = outermostPaths(loaded.scope.map((s) => s.path)).map((path) => inSubtree(orgs.path, path));
  const [member, last] = await db.batch([
    db
      .select({ id: memberships.userId, name: users.name })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.userId, input.userId), paths.length > 0 ? sql.join(paths, sql` or `) : sql`0`))
      .limit(1),
    db
      .select()
      .from(attempts)
      .where(and(eq(attempts.roundId, roundId), eq(attempts.userId, input.userId)))
      .orderBy(desc(attempts.attemptNo))
      .limit(1),
  ]);
  const person = member[0];
  if (!person) throw new ApiError("UNPROCESSABLE", "contest.grantNotEligible");
  const attempt = last[0];
  if (input.kind === "reopen" && (!attempt || attempt.status === "open")) throw new ApiError("CONFLICT", "contest.reopenNothing");
  const at = now();
  const id = createId();
  const ms = input.minutes * 60_000;
  const grant = {
    id,
    roundId,
    userId: input.userId,
    kind: input.kind,
    minutes: input.kind === "extra_attempt" ? 0 : input.minutes,
    reason: input.reason,
    createdBy: user.id,
    createdAt: at,
  };
  const effects =
    input.kind === "extra_time" && attempt?.status === "open"
      ? [
          db
            .update(attempts)
            .set({ deadlineAt: sql`${attempts.deadlineAt} + ${ms}` })
            .where(and(eq(attempts.id, attempt.id), eq(attempts.status, "open"))),
        ]
      : input.kind === "reopen" && attempt
        ? [
            db
              .update(attempts)
              // A sequential attempt's question is shown afresh: with its old clock, the next read would time every question out.
              .set({ status: "open", deadlineAt: at + ms, finishedAt: null, currentOpenedAt: at })
              .where(and(eq(attempts.id, attempt.id), sql`${attempts.status} <> 'open'`)),
          ]
        : [];
  await db.batch([
    db.insert(roundGrants).values(grant),
    ...effects,
    auditStatement(db, c, {
      action: `round.grant.${input.kind}`,
      entityType: "round",
      entityId: roundId,
      orgId: auditOrg(loaded),
      after: { ...input, attemptId: attempt?.id ?? null },
    }),
  ]);
  return {
    grant: {
      id,
      userId: grant.userId,
      userName: person.name,
      kind: grant.kind,
      minutes: grant.minutes,
      reason: grant.reason,
      createdAt: at,
    },
  };
}

import { and, asc, eq, lt, ne, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { liveRooms, orgs, questionVersions, roundQuestions } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { now } from "../../lib/time";
import type { LiveRole } from "../../shared/live-protocol";
import { toDraft } from "../bank/bank.repo";
import { myResults, qualification } from "../contests/attempt.service";
import { canManageContest, isEligible, type LoadedContest, participantOrg, type RoundRow } from "../contests/contest.repo";
import { LIVE_DEFAULT_QUESTION_SEC, loadRoundFor } from "../contests/contest.service";
import { LIVE_IDLE_MS } from "./live.rules";
import { encodeIdentity, LIVE_IDENTITY_HEADER, type LiveIdentity, type LiveInit } from "./live.schema";

function roomStub(env: Env, roundId: string) {
  return env.LIVE_ROOM.get(env.LIVE_ROOM.idFromName(roundId));
}

/** A fresh 6-digit PIN (leading zeros allowed: it is read out and typed, not computed with). */
function randomPin(): string {
  const [n = 0] = crypto.getRandomValues(new Uint32Array(1));
  return String(n % 1_000_000).padStart(6, "0");
}

/**
 * Opens the room of a live round (a host organizer): a PIN unique among rooms not ended, and the
 * room's Durable Object set up with the round's paper. Opening again returns the same room, so a
 * retried request (or a second laptop) is harmless.
 */
export async function openLiveRoom(c: Context<AppEnv>, user: SessionUser, roundId: string) {
  const db = c.get("db");
  const { loaded, round } = await loadRoundFor(db, user, roundId, "manage");
  if (round.mode !== "live") throw new ApiError("UNPROCESSABLE", "live.notLive");
  if (loaded.contest.status !== "published") throw new ApiError("CONFLICT", "contest.notPublished");
  let room = (await db.select().from(liveRooms).where(eq(liveRooms.roundId, roundId)))[0];
  if (room?.status === "ended") throw new ApiError("CONFLICT", "live.roomEnded");
  for (let tries = 0; !room && tries < 8; tries++) {
    const pin = randomPin();
    const at = now();
    // A clash with another live room's PIN (or a simultaneous open of this round) inserts nothing: try again, or take theirs.
    const [, found] = await db.batch([
      db.insert(liveRooms).values({ roundId, pin, status: "lobby", openedBy: user.id, openedAt: at }).onConflictDoNothing(),
      db.select().from(liveRooms).where(eq(liveRooms.roundId, roundId)),
      auditStatement(
        db,
        c,
        { action: "live.open", entityType: "round", entityId: roundId, orgId: loaded.hosts.find((h) => h.type === "org")?.id ?? null },
        sql`changes() > 0`,
      ),
    ]);
    room = found[0];
  }
  if (!room) throw new ApiError("CONFLICT", "live.pinBusy");
  await roomStub(c.env, roundId).open(await liveInit(db, loaded, round));
  const origin = new URL(c.req.url).origin;
  return { pin: room.pin, roundId, joinUrl: `${origin}/live?pin=${room.pin}`, status: room.status };
}

/** The round's rules and its paper with keys, for the room. */
async function liveInit(db: Db, loaded: LoadedContest, round: RoundRow): Promise<LiveInit> {
  const rows = await db
    .select({
      seq: roundQuestions.seq,
      questionId: roundQuestions.questionId,
      version: roundQuestions.version,
      points: roundQuestions.points,
      v: questionVersions,
    })
    .from(roundQuestions)
    .innerJoin(
      questionVersions,
      and(eq(questionVersions.questionId, roundQuestions.questionId), eq(questionVersions.version, roundQuestions.version)),
    )
    .where(eq(roundQuestions.roundId, round.id))
    .orderBy(asc(roundQuestions.seq));
  return {
    roundId: round.id,
    title: `${loaded.contest.title} · ${round.name}`,
    scoring: round.scoring,
    questionTimeSec: round.questionTimeSec ?? LIVE_DEFAULT_QUESTION_SEC,
    teamPlay: round.liveTeamPlay,
    partialCredit: round.partialCredit,
    paper: rows.map((r) => ({ seq: r.seq, questionId: r.questionId, version: r.version, points: r.points, draft: toDraft(r.v) })),
  };
}

/**
 * The roles a person may take in a round's room: host (an organizer of a host), player (eligible as
 * for any round: in scope, published, qualified by the previous round), screen and audience (anyone
 * who may see the contest: its managers and the members in its scope — the projector view and the
 * vote show nothing a player would not see).
 */
async function rolesIn(db: Db, user: SessionUser, loaded: LoadedContest, round: RoundRow): Promise<LiveRole[]> {
  const roles: LiveRole[] = [];
  if (canManageContest(user, loaded.hosts)) roles.push("host");
  if (loaded.contest.status === "published" && isEligible(user, loaded.scope)) {
    const results = await myResults(
      db,
      user.id,
      loaded.rounds.map((r) => r.id),
    );
    if (qualification(loaded.rounds, round, results, now()) === "yes") roles.push("player");
  }
  roles.push("screen", "audience");
  return roles;
}

async function roundForRoom(db: Db, user: SessionUser, roundId: string) {
  return loadRoundFor(db, user, roundId, "see").catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "NOT_FOUND") throw new ApiError("NOT_FOUND", "live.roomNotFound");
    throw error;
  });
}

/** Finds a room by its PIN (any logged-in member) and says what the caller may be in it. */
export async function joinLiveRoom(db: Db, user: SessionUser, pin: string) {
  const room = (
    await db
      .select()
      .from(liveRooms)
      .where(and(eq(liveRooms.pin, pin), ne(liveRooms.status, "ended")))
  )[0];
  if (!room) throw new ApiError("NOT_FOUND", "live.roomNotFound");
  const { loaded, round } = await roundForRoom(db, user, room.roundId);
  return {
    roundId: round.id,
    contest: { id: loaded.contest.id, title: loaded.contest.title },
    round: {
      id: round.id,
      name: round.name,
      scoring: round.scoring,
      questionTimeSec: round.questionTimeSec,
      teamPlay: round.liveTeamPlay,
    },
    roles: await rolesIn(db, user, loaded, round),
  };
}

/**
 * Hands a WebSocket upgrade to the round's room, with the caller's identity worked out here: the
 * role checked, and for a player the org their attempt counts for and their team (the nearest org
 * of the contest's team kind above it, as team standings group results).
 */
export async function connectToRoom(c: Context<AppEnv>, user: SessionUser, roundId: string, role: LiveRole): Promise<Response> {
  const db = c.get("db");
  // A browser sends its cookie with a cross-site WebSocket too (no CORS for upgrades): the origin must be ours.
  const origin = c.req.header("origin");
  if (c.get("authVia") === "cookie" && origin !== new URL(c.req.url).origin) throw new ApiError("CROSS_ORIGIN", "error.crossOrigin");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new ApiError("BAD_REQUEST", "live.upgradeRequired");
  const { loaded, round } = await roundForRoom(db, user, roundId);
  const room = (await db.select().from(liveRooms).where(eq(liveRooms.roundId, roundId)))[0];
  if (!room) throw new ApiError("NOT_FOUND", "live.roomNotFound");
  const roles = await rolesIn(db, user, loaded, round);
  if (!roles.includes(role)) throw new ApiError("FORBIDDEN", role === "host" ? "live.notHost" : "live.notPlayer");
  const identity: LiveIdentity = { userId: user.id, name: user.name, role, orgId: null, orgPath: null, teamId: null, teamName: null };
  if (role === "player") {
    const org = participantOrg(user, loaded.scope);
    if (!org) throw new ApiError("FORBIDDEN", "live.notPlayer");
    identity.orgId = org.orgId;
    identity.orgPath = org.orgPath;
    if (loaded.contest.teamKind) {
      const ids = org.orgPath.split("/").filter(Boolean);
      const teams = await db
        .select({ id: orgs.id, name: orgs.name, path: orgs.path })
        .from(orgs)
        .where(and(sql`${orgs.id} in (select value from json_each(${JSON.stringify(ids)}))`, eq(orgs.kind, loaded.contest.teamKind)));
      const team = teams.sort((a, b) => b.path.length - a.path.length)[0];
      if (team) {
        identity.teamId = team.id;
        identity.teamName = team.name;
      }
    }
  }
  // A new request, not the client's: only the identity header the Worker writes reaches the room.
  const forward = new Request(c.req.url, {
    headers: { upgrade: "websocket", [LIVE_IDENTITY_HEADER]: encodeIdentity(identity) },
  });
  return roomStub(c.env, roundId).fetch(forward);
}

/**
 * The cron's backstop for rooms left behind (their alarm is what ends them; this covers an alarm
 * the runtime gave up retrying): each room not ended and opened over LIVE_IDLE_MS ago is asked to
 * do whatever is due — a healthy room with its host about does nothing. A row whose room never
 * came to be (the opening failed half-way and was not retried) is deleted, freeing its PIN.
 */
export async function sweepLiveRooms(env: Env, db: Db, at = now()): Promise<number> {
  const stale = await db
    .select({ roundId: liveRooms.roundId })
    .from(liveRooms)
    .where(and(ne(liveRooms.status, "ended"), lt(liveRooms.openedAt, at - LIVE_IDLE_MS)))
    .limit(100);
  await Promise.allSettled(
    stale.map(async ({ roundId }) => {
      if ((await roomStub(env, roundId).sweep()) === "none")
        await db.delete(liveRooms).where(and(eq(liveRooms.roundId, roundId), eq(liveRooms.status, "lobby")));
    }),
  );
  return stale.length;
}

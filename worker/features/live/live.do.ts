import { DurableObject } from "cloudflare:workers";
import type { LiveTeamPlay } from "../../db/schema";
import { t } from "../../lib/i18n";
import {
  assertNever,
  type ClientMessage,
  LIVE_PROTOCOL_VERSION,
  type LiveQuestion,
  type LiveResponse,
  parseClientFrame,
  type ServerMessage,
} from "../../shared/live-protocol";
import { type QuestionDraft, QuestionDraftSchema } from "../bank/question";
import { answerKeyFor, canonicalForm, optionOrderFor } from "../contests/contest.scoring";
import { finalizeStatements, liveAttemptId, type PersistAnswer, persistStatements } from "./live.repo";
import {
  blanksOf,
  distributionOf,
  type Entry,
  entryIdOf,
  fits,
  keyOf,
  LIVE_GRACE_MS,
  LIVE_IDLE_MS,
  optionsOf,
  type Player,
  scoreLive,
  shownDraft,
  standingsOf,
  subjectOf,
  withMovement,
} from "./live.rules";
import { decodeIdentity, LIVE_IDENTITY_HEADER, type LiveIdentity, type LiveInit } from "./live.schema";

type Phase = "lobby" | "question" | "reveal" | "ended";

type RoomRow = {
  round_id: string;
  title: string;
  scoring: "accuracy" | "speed";
  question_ms: number;
  team_play: LiveTeamPlay;
  partial_credit: number;
  phase: Phase;
  total: number;
  current_seq: number;
  started_at: number;
  deadline: number;
  paused_remaining: number | null;
  paused_at: number | null;
  room_started_at: number | null;
  ended_at: number | null;
  persisted_seq: number;
  finalized: number;
};

type PaperRow = {
  seq: number;
  question_id: string;
  version: number;
  points: number;
  draft: string;
  option_order: string;
  answer_key: string;
};
type PlayerRow = {
  user_id: string;
  name: string;
  team_id: string | null;
  team_name: string | null;
  org_id: string;
  org_path: string;
  joined_at: number;
};
type RevealFrame = Extract<ServerMessage, { type: "reveal" }>;
type AckReason = Extract<ServerMessage, { type: "ack" }>["reason"];
type AnswerRow = {
  seq: number;
  subject: string;
  user_id: string;
  response: string;
  canonical: string;
  received_at: number;
  elapsed_ms: number;
  credit: number;
  points: number;
};

/** How many names the lobby frame lists (the count is always whole). */
const LOBBY_NAMES = 200;
/** Phones hear of others joining at most this often. */
const LOBBY_PHONE_INTERVAL_MS = 1000;
/** Hosts and screens hear of joins at most this often. */
const LOBBY_WATCHER_INTERVAL_MS = 250;

/** The close code of a room that is gone (see live-protocol.ts). */
const CLOSE_GONE = 4004;

/** The room's tables, emptied when an idle lobby is dissolved (so a later `open` starts afresh). */
const TABLES = ["room", "paper", "players", "captains", "answers", "votes", "skipped", "activity", "persisted_players"] as const;

/** The last question closed (and not skipped away into the next): the one D1 may have. */
function lastClosedOf(room: RoomRow): number {
  return room.phase === "question" ? room.current_seq - 1 : room.current_seq;
}

/**
 * One live round's room (赛场): its state in the object's SQLite storage, its phones on hibernatable
 * WebSockets. Nothing lives only in memory: the object may be evicted between any two frames (an
 * idle room hibernates and costs nothing) or restarted, and every handler reads what it needs from
 * storage, so the room resumes where it was. Each socket carries its owner's identity as its
 * attachment, which survives hibernation.
 *
 * The clock is the room's: a question's start and deadline are this object's `Date.now()`, its
 * close is an alarm at the deadline plus a short grace, and speed points use the time an answer
 * reached the room. The alarm handler does whatever is due (close a question past its deadline,
 * write closed questions to D1, hand in the attempts at the end, end a room its host left idle for
 * LIVE_IDLE_MS) and can run any number of times; one alarm at a time, always the earliest due.
 *
 * Who plays: whoever connects as a player before the end (the lobby, or mid-round) is in the room
 * for good, dropped connection or not, and gets an attempt of the round once a question has been
 * asked — with score 0 if they (or their team) never answered: they took part. A late joiner scores
 * from the question they join; in captain/first team play their team's earlier answers are theirs
 * too (the team answered as one, and its members' attempts all carry its answers).
 */
export class LiveRoom extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** The coalesced lobby frame to phones (in memory: after a hibernation the next join just sends it). */
  private playerLobbyTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPlayerLobbyAt = 0;
  private watcherLobbyTimer: ReturnType<typeof setTimeout> | null = null;
  private lastWatcherLobbyAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // Answered without waking the object: a phone's keep-alive costs nothing while the room hibernates.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    this.sql.exec(`
      create table if not exists room (k integer primary key check (k = 1), round_id text not null, title text not null,
        scoring text not null, question_ms integer not null, team_play text not null, partial_credit integer not null,
        phase text not null, total integer not null, current_seq integer not null default 0, started_at integer not null default 0,
        deadline integer not null default 0, paused_remaining integer, paused_at integer, room_started_at integer, ended_at integer,
        persisted_seq integer not null default 0, finalized integer not null default 0);
      create table if not exists paper (seq integer primary key, question_id text not null, version integer not null,
        points integer not null, draft text not null, option_order text not null, answer_key text not null);
      create table if not exists players (user_id text primary key, name text not null, team_id text, team_name text,
        org_id text not null, org_path text not null, joined_at integer not null);
      create table if not exists captains (team_id text primary key, user_id text not null);
      create table if not exists answers (seq integer not null, subject text not null, user_id text not null, response text not null,
        canonical text not null, received_at integer not null, elapsed_ms integer not null, credit real not null, points integer not null,
        primary key (seq, subject));
      create table if not exists votes (seq integer not null, user_id text not null, response text not null, primary key (seq, user_id));
      create table if not exists skipped (seq integer primary key);
      create table if not exists activity (k integer primary key check (k = 1), at integer not null);
      create table if not exists persisted_players (user_id text primary key);
    `);
  }

  // ---- RPC from the Worker -------------------------------------------------------------------

  /** Opens the room with the round's rules and paper. Once: a second call (a retried open) only says the host is about. */
  async open(init: LiveInit): Promise<void> {
    if (this.room()) return this.touch();
    const questionMs = init.questionTimeSec * 1000;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `insert into room (k, round_id, title, scoring, question_ms, team_play, partial_credit, phase, total)
         values (1, ?, ?, ?, ?, ?, ?, 'lobby', ?)`,
        init.roundId,
        init.title,
        init.scoring,
        questionMs,
        init.teamPlay,
        init.partialCredit ? 1 : 0,
        init.paper.length,
      );
      for (const q of init.paper) {
        const draft = QuestionDraftSchema.parse(q.draft);
        // One order for the whole hall: the projector and every phone show the options alike.
        const order = optionOrderFor(draft);
        this.sql.exec(
          "insert into paper (seq, question_id, version, points, draft, option_order, answer_key) values (?, ?, ?, ?, ?, ?, ?)",
          q.seq,
          q.questionId,
          q.version,
          q.points,
          JSON.stringify(shownDraft(draft, order, init.partialCredit)),
          JSON.stringify(order),
          answerKeyFor(draft, order),
        );
      }
      this.sql.exec("insert into activity (k, at) values (1, ?)", Date.now());
    });
    this.schedule();
  }

  /**
   * The cron's backstop for a room whose alarm gave up (the runtime stops retrying a failing alarm
   * after a few tries, e.g. D1 down for long): does what the alarm would.
   */
  async sweep(): Promise<"none" | "swept"> {
    if (!this.room()) return "none";
    await this.due();
    return "swept";
  }

  // ---- WebSockets ----------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response(null, { status: 426 });
    const who = decodeIdentity(request.headers.get(LIVE_IDENTITY_HEADER));
    if (!who) return new Response(null, { status: 400 });
    const room = this.room();
    if (!room) return new Response(null, { status: 404 });
    if (who.role === "host") this.touch();
    const { 0: client, 1: server } = new WebSocketPair();
    const tags = [`role:${who.role}`, `user:${who.userId}`];
    if (who.teamId) tags.push(`team:${who.teamId}`);
    this.ctx.acceptWebSocket(server, tags);
    server.serializeAttachment(who);
    if (who.role === "player" && room.phase !== "ended") {
      this.sql.exec(
        `insert into players (user_id, name, team_id, team_name, org_id, org_path, joined_at) values (?, ?, ?, ?, ?, ?, ?)
         on conflict (user_id) do nothing`,
        who.userId,
        who.name,
        who.teamId,
        who.teamName,
        who.orgId ?? "",
        who.orgPath ?? "",
        Date.now(),
      );
      // The team's captain: the first of the team to join, until the host names another.
      if (who.teamId) this.sql.exec("insert into captains (team_id, user_id) values (?, ?) on conflict do nothing", who.teamId, who.userId);
      this.announceLobby();
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const who = ws.deserializeAttachment() as LiveIdentity | null;
    if (!who) return ws.close(1008, "no identity");
    if (!this.room()) return ws.close(CLOSE_GONE, "room closed");
    const parsed = parseClientFrame(data);
    if (!parsed.ok) return this.sendError(ws, parsed.code);
    const message: ClientMessage = parsed.message;
    if (message.type.startsWith("host.")) {
      if (who.role !== "host") return this.sendError(ws, "forbidden");
      // The host is here: the room is not idle (the idle alarm, if earlier, finds that and moves on).
      this.touch();
    }
    switch (message.type) {
      case "hello":
        if (message.v !== LIVE_PROTOCOL_VERSION) {
          this.sendError(ws, "version");
          return ws.close(4000, "protocol version");
        }
        this.send(ws, this.stateFor(who));
        if (who.role !== "player") this.sendWatcherExtras(ws, who);
        return;
      case "answer":
        return this.answer(ws, who, message.seq, message.response, message.id);
      case "vote":
        return this.vote(ws, who, message.seq, message.response, message.id ?? `vote-${message.seq}`);
      case "host.start":
      case "host.next":
        return this.next(ws);
      case "host.pause":
        return this.pause(ws);
      case "host.resume":
        return this.resume(ws);
      case "host.extend":
        return this.extend(ws, message.seconds);
      case "host.skip":
        return this.skip(ws);
      case "host.end":
        return this.end();
      case "host.captain":
        return this.setCaptain(ws, message.teamId, message.userId);
      default:
        return assertNever(message);
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // The runtime answers a client's close itself (auto-reply); closing again would throw, so only try.
    try {
      ws.close(code, reason);
    } catch {}
  }

  override async webSocketError(): Promise<void> {}

  // ---- Alarm ---------------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    await this.due();
  }

  /**
   * Whatever is due: a question past its deadline (plus grace) closes; a room idle too long ends
   * (or, never started, is dissolved); closed questions go to D1; an ended room hands in its
   * attempts; then the next alarm. A failed D1 write throws, so the runtime retries the alarm;
   * every write is an upsert, so a retried alarm (or a run with nothing due) changes nothing twice.
   */
  private async due() {
    const room = this.room();
    if (!room) return;
    const at = Date.now();
    if (room.phase === "question" && room.paused_remaining === null && at >= room.deadline + LIVE_GRACE_MS) this.closeQuestion();
    if (room.phase !== "ended" && at >= this.touchedAt() + LIVE_IDLE_MS) {
      if (room.room_started_at === null) return this.dissolve(room);
      this.end(at);
    }
    await this.persistDue();
    this.schedule();
  }

  /** One alarm for the earliest of: D1 writes pending (now), the open question's close, the idle end. */
  private schedule() {
    const room = this.room();
    const due: number[] = [];
    if (room) {
      if (this.persistencePending(room)) due.push(Date.now());
      if (room.phase === "question" && room.paused_remaining === null) due.push(room.deadline + LIVE_GRACE_MS);
      if (room.phase !== "ended") due.push(this.touchedAt() + LIVE_IDLE_MS);
    }
    if (due.length === 0) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(Math.min(...due));
  }

  private touch() {
    this.sql.exec("insert into activity (k, at) values (1, ?) on conflict (k) do update set at = excluded.at", Date.now());
  }

  /** The host's last frame or connection (or the opening; a room opened before this was kept: its first look). */
  private touchedAt(): number {
    const row = this.sql.exec<{ at: number }>("select at from activity where k = 1").toArray()[0];
    if (row) return row.at;
    this.touch();
    return Date.now();
  }

  /**
   * A lobby nobody started, left idle: the room goes (its D1 row deleted, its storage emptied,
   * its sockets closed with 4004), so its PIN is free and the organizer may open the round again.
   * D1 first: if that fails the alarm retries with nothing here changed.
   */
  private async dissolve(room: RoomRow) {
    await this.env.DB.prepare("delete from live_rooms where round_id = ? and status = 'lobby'").bind(room.round_id).run();
    this.ctx.storage.transactionSync(() => {
      for (const table of TABLES) this.sql.exec(`delete from ${table}`);
    });
    await this.ctx.storage.deleteAlarm();
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(CLOSE_GONE, "room closed");
      } catch {}
    }
  }

  // ---- Players -------------------------------------------------------------------------------

  private answer(ws: WebSocket, who: LiveIdentity, seq: number, response: LiveResponse, id: string) {
    const ack = this.acker(ws, id, seq);
    if (who.role !== "player") return ack(false, "notPlayer");
    const room = this.room();
    if (!room) return;
    const player = this.player(who.userId);
    if (!player) return ack(false, "notPlayer");
    if (room.phase !== "question" || seq !== room.current_seq) return ack(false, seq > room.current_seq ? "notOpen" : "closed");
    if (room.paused_remaining !== null) return ack(false, "paused");
    const at = Date.now();
    if (at > room.deadline + LIVE_GRACE_MS) return ack(false, "closed");
    const q = this.question(seq);
    if (!q || !fits(q.draft, response)) return ack(false, "mismatch");
    const subject = subjectOf(room.team_play, player.userId, player.teamId);
    if (room.team_play === "team_captain" && player.teamId) {
      const captain = this.sql.exec<{ user_id: string }>("select user_id from captains where team_id = ?", player.teamId).toArray()[0];
      if (captain?.user_id !== player.userId) return ack(false, "notCaptain");
    }
    const canonical = canonicalForm(response).text;
    const existing = this.sql
      .exec<{ canonical: string }>("select canonical from answers where seq = ? and subject = ?", seq, subject)
      .toArray()[0];
    if (existing) return ack(existing.canonical === canonical, existing.canonical === canonical ? "duplicate" : "alreadyAnswered");
    const elapsed = Math.max(0, at - room.started_at);
    const scored = scoreLive(q.draft, response, q.points, room.scoring, elapsed, room.question_ms);
    this.sql.exec(
      `insert into answers (seq, subject, user_id, response, canonical, received_at, elapsed_ms, credit, points)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
      seq,
      subject,
      player.userId,
      JSON.stringify(response),
      canonical,
      at,
      elapsed,
      scored.credit,
      scored.points,
    );
    ack(true);
    // A team answering as one: its other phones learn the team's answer now, not only at the reveal.
    if (subject !== player.userId && player.teamId) this.tellTeam(player.teamId, ws);
    const answered = this.answeredCount(seq);
    const expected = this.expectedSubjects(room.team_play);
    this.broadcast({ type: "progress", seq, answered, total: expected } satisfies ServerMessage, ["role:host", "role:screen"]);
    // Everyone has answered: no point making the hall wait for the clock.
    if (answered >= expected) this.closeQuestion();
  }

  /**
   * An audience vote: taken while the question is open, as an answer would be, one per person per
   * question (the same vote again is a harmless duplicate, another is refused); counted in the
   * reveal's `votes` only — never in the players' distribution, the progress, the close or a score.
   */
  private vote(ws: WebSocket, who: LiveIdentity, seq: number, response: LiveResponse, id: string) {
    if (who.role !== "audience") return this.sendError(ws, "forbidden");
    const ack = this.acker(ws, id, seq);
    const room = this.room();
    if (!room) return;
    if (room.phase !== "question" || seq !== room.current_seq) return ack(false, seq > room.current_seq ? "notOpen" : "closed");
    if (room.paused_remaining !== null) return ack(false, "paused");
    if (Date.now() > room.deadline + LIVE_GRACE_MS) return ack(false, "closed");
    const q = this.question(seq);
    if (!q || !fits(q.draft, response)) return ack(false, "mismatch");
    const canonical = canonicalForm(response).text;
    const existing = this.sql
      .exec<{ response: string }>("select response from votes where seq = ? and user_id = ?", seq, who.userId)
      .toArray()[0];
    if (existing) {
      const same = canonicalForm(JSON.parse(existing.response) as LiveResponse).text === canonical;
      return ack(same, same ? "duplicate" : "alreadyAnswered");
    }
    this.sql.exec(
      "insert into votes (seq, user_id, response) values (?, ?, ?) on conflict do nothing",
      seq,
      who.userId,
      JSON.stringify(response),
    );
    ack(true);
  }

  private acker(ws: WebSocket, id: string, seq: number) {
    return (accepted: boolean, reason?: AckReason) =>
      this.send(ws, { type: "ack", id, seq, accepted, ...(reason ? { reason } : {}) } satisfies ServerMessage);
  }

  // ---- Host ----------------------------------------------------------------------------------

  /** Start (from the lobby), or the next question after a reveal; after the last, the end. */
  private next(ws: WebSocket) {
    const room = this.room();
    if (!room) return;
    if (room.phase === "question" || room.phase === "ended") return this.sendError(ws, "badState");
    if (room.current_seq >= room.total) return this.end();
    this.startQuestion(room.current_seq + 1);
  }

  private startQuestion(seq: number) {
    const at = Date.now();
    const room = this.room() as RoomRow;
    const deadline = at + room.question_ms;
    this.sql.exec(
      `update room set phase = 'question', current_seq = ?, started_at = ?, deadline = ?, paused_remaining = null, paused_at = null,
         room_started_at = coalesce(room_started_at, ?)`,
      seq,
      at,
      deadline,
      at,
    );
    this.schedule();
    const question = this.questionFrame(this.room() as RoomRow, at);
    if (question) this.broadcast({ type: "question", question } satisfies ServerMessage);
  }

  private pause(ws: WebSocket) {
    const room = this.room();
    if (room?.phase !== "question" || room.paused_remaining !== null) return this.sendError(ws, "badState");
    const at = Date.now();
    const remaining = Math.max(0, room.deadline - at);
    this.sql.exec("update room set paused_remaining = ?, paused_at = ?", remaining, at);
    this.schedule();
    this.broadcast({ type: "paused", seq: room.current_seq, remainingMs: remaining, serverTime: at } satisfies ServerMessage);
  }

  private resume(ws: WebSocket) {
    const room = this.room();
    if (room?.phase !== "question" || room.paused_remaining === null || room.paused_at === null) return this.sendError(ws, "badState");
    const at = Date.now();
    const deadline = at + room.paused_remaining;
    // The pause does not count as answering time: the question's start moves by its length.
    this.sql.exec(
      "update room set deadline = ?, started_at = started_at + ?, paused_remaining = null, paused_at = null",
      deadline,
      at - room.paused_at,
    );
    this.schedule();
    this.broadcast({ type: "resumed", seq: room.current_seq, deadline, serverTime: at } satisfies ServerMessage);
  }

  private extend(ws: WebSocket, seconds: number) {
    const room = this.room();
    if (room?.phase !== "question") return this.sendError(ws, "badState");
    const ms = seconds * 1000;
    const deadline = room.deadline + ms;
    this.sql.exec(
      "update room set deadline = ?, paused_remaining = case when paused_remaining is null then null else paused_remaining + ? end",
      deadline,
      ms,
    );
    this.schedule();
    this.broadcast({ type: "extended", seq: room.current_seq, deadline, seconds, serverTime: Date.now() } satisfies ServerMessage);
  }

  /** In a question: it is voided (its answers dropped, nobody scores on it) and the next one starts. After a reveal: as next. */
  private skip(ws: WebSocket) {
    const room = this.room();
    if (!room || room.phase === "lobby" || room.phase === "ended") return this.sendError(ws, "badState");
    if (room.phase === "question") {
      this.sql.exec("delete from answers where seq = ?", room.current_seq);
      this.sql.exec("delete from votes where seq = ?", room.current_seq);
      this.sql.exec("insert into skipped (seq) values (?) on conflict do nothing", room.current_seq);
      this.sql.exec("update room set phase = 'reveal', paused_remaining = null, paused_at = null");
      this.broadcast({ type: "skipped", seq: room.current_seq } satisfies ServerMessage);
    }
    this.next(ws);
  }

  /** The end: an open question closes (its answers count), the final standings go out, the attempts are handed in. */
  private end(at = Date.now()) {
    const room = this.room();
    if (!room || room.phase === "ended") return;
    if (room.phase === "question") this.closeQuestion();
    this.sql.exec("update room set phase = 'ended', ended_at = ?", at);
    this.broadcast({ type: "ended", standings: this.finalStandings() } satisfies ServerMessage);
    this.schedule();
  }

  private finalStandings() {
    return withMovement(this.standings(Number.MAX_SAFE_INTEGER), []);
  }

  private setCaptain(ws: WebSocket, teamId: string, userId: string) {
    const member = this.sql.exec("select 1 from players where user_id = ? and team_id = ?", userId, teamId).toArray();
    if (member.length === 0) return this.sendError(ws, "unknownPlayer");
    this.sql.exec(
      "insert into captains (team_id, user_id) values (?, ?) on conflict (team_id) do update set user_id = excluded.user_id",
      teamId,
      userId,
    );
    this.announceLobby(true);
  }

  // ---- Closing and revealing -----------------------------------------------------------------

  private closeQuestion() {
    const room = this.room();
    if (room?.phase !== "question") return;
    this.sql.exec("update room set phase = 'reveal', paused_remaining = null, paused_at = null");
    // Written to D1 by the alarm (now), off this frame's path, and retried there if D1 fails.
    this.schedule();
    const revealFor = this.reveals(room, room.current_seq);
    if (!revealFor) return;
    for (const ws of this.ctx.getWebSockets()) this.send(ws, revealFor(ws.deserializeAttachment() as LiveIdentity | null));
  }

  /** The reveal of a closed question, per connection (a player's own result; null for the others). */
  private reveals(room: RoomRow, seq: number): ((who: LiveIdentity | null) => RevealFrame) | undefined {
    const q = this.question(seq);
    if (!q) return undefined;
    const answers = this.answersOf(seq);
    const votes = this.sql
      .exec<{ response: string }>("select response from votes where seq = ?", seq)
      .toArray()
      .map((v) => JSON.parse(v.response) as LiveResponse);
    const board = withMovement(this.standings(seq), this.standings(seq - 1));
    const base = {
      type: "reveal" as const,
      seq,
      key: keyOf(q.draft),
      explanation: q.draft.explanation,
      distribution: distributionOf(
        q.draft,
        answers.map((a) => JSON.parse(a.response) as LiveResponse),
      ),
      votes: distributionOf(q.draft, votes),
      leaderboard: board.slice(0, 10),
      last: seq >= room.total,
    };
    const players = new Map(this.players().map((p) => [p.userId, p]));
    const bySubject = new Map(answers.map((a) => [a.subject, a]));
    return (who) => {
      const player = who?.role === "player" ? players.get(who.userId) : undefined;
      let result: RevealFrame["result"] = null;
      if (player) {
        const mine = bySubject.get(subjectOf(room.team_play, player.userId, player.teamId));
        const entry = board.find((e) => e.id === entryIdOf(room.team_play, player));
        result = {
          answered: mine !== undefined,
          credit: mine?.credit ?? 0,
          points: mine?.points ?? 0,
          score: entry?.score ?? 0,
          rank: entry?.rank ?? null,
        };
      }
      return { ...base, result } satisfies ServerMessage;
    };
  }

  // ---- Persistence ---------------------------------------------------------------------------

  /** Closed questions not yet in D1, one batch each; then, once ended, the hand-in. */
  private async persistDue() {
    let room = this.room();
    if (!room) return;
    while (room.persisted_seq < lastClosedOf(room)) {
      const seq = room.persisted_seq + 1;
      await this.persistQuestion(room, seq, false);
      this.sql.exec("update room set persisted_seq = ? where persisted_seq < ?", seq, seq);
      room = this.room() as RoomRow;
    }
    if (room.phase === "ended" && !room.finalized) {
      // Those who joined after the last question closed took part too (a room never started has no attempts).
      if (room.room_started_at !== null) await this.persistQuestion(room, room.current_seq, true);
      const [first, ...rest] = finalizeStatements(this.env.DB, room.round_id, room.ended_at ?? Date.now());
      if (first) await this.env.DB.batch([first, ...rest]);
      this.sql.exec("update room set finalized = 1");
    }
  }

  private persistencePending(room: RoomRow): boolean {
    return room.persisted_seq < lastClosedOf(room) || (room.phase === "ended" && !room.finalized);
  }

  /**
   * Question `seq` into D1: every player's attempt (made once), and the answers of each one's
   * subject to it. A player not yet in D1 (a late joiner) also gets their subject's earlier answers:
   * none of their own, or in captain/first team play the team's. `newOnly`: just the players not yet in D1.
   */
  private async persistQuestion(room: RoomRow, seq: number, newOnly: boolean) {
    const inD1 = new Set(
      this.sql
        .exec<{ user_id: string }>("select user_id from persisted_players")
        .toArray()
        .map((r) => r.user_id),
    );
    const players = this.sql
      .exec<PlayerRow>("select * from players")
      .toArray()
      .filter((p) => !newOnly || !inD1.has(p.user_id));
    if (players.length === 0) return;
    const paper = this.sql.exec<PaperRow>("select * from paper order by seq").toArray();
    const rows: PersistAnswer[] = [];
    for (const p of players) {
      const subject = subjectOf(room.team_play, p.user_id, p.team_id);
      const answers = inD1.has(p.user_id)
        ? this.sql.exec<AnswerRow>("select * from answers where seq = ? and subject = ?", seq, subject).toArray()
        : this.sql.exec<AnswerRow>("select * from answers where seq <= ? and subject = ?", seq, subject).toArray();
      for (const a of answers)
        rows.push({
          attemptId: liveAttemptId(room.round_id, p.user_id),
          seq: a.seq,
          response: a.canonical,
          given: JSON.parse(a.response),
          credit: a.credit,
          earned: a.points,
          elapsedMs: a.elapsed_ms,
          answeredAt: a.received_at,
        });
    }
    const statements = persistStatements(
      this.env.DB,
      { roundId: room.round_id, startedAt: room.room_started_at ?? Date.now(), currentSeq: seq, at: Date.now() },
      paper.map((q) => {
        const draft = JSON.parse(q.draft) as QuestionDraft;
        return {
          seq: q.seq,
          questionId: q.question_id,
          version: q.version,
          type: draft.type,
          points: q.points,
          partialCredit: room.partial_credit === 1,
          optionOrder: JSON.parse(q.option_order) as number[],
          answerKey: q.answer_key,
        };
      }),
      players.map((p) => ({ attemptId: liveAttemptId(room.round_id, p.user_id), userId: p.user_id, orgId: p.org_id, orgPath: p.org_path })),
      rows,
    );
    const [first, ...rest] = statements;
    if (first) await this.env.DB.batch([first, ...rest]);
    for (const p of players) this.sql.exec("insert into persisted_players (user_id) values (?) on conflict do nothing", p.user_id);
  }

  // ---- Reads ---------------------------------------------------------------------------------

  private room(): RoomRow | undefined {
    return this.sql.exec<RoomRow>("select * from room where k = 1").toArray()[0];
  }

  private question(seq: number): { seq: number; points: number; draft: QuestionDraft } | undefined {
    const row = this.sql.exec<PaperRow>("select * from paper where seq = ?", seq).toArray()[0];
    return row ? { seq: row.seq, points: row.points, draft: JSON.parse(row.draft) as QuestionDraft } : undefined;
  }

  private players(): Player[] {
    return this.sql
      .exec<PlayerRow>("select * from players order by joined_at, user_id")
      .toArray()
      .map((p) => ({ userId: p.user_id, name: p.name, teamId: p.team_id, teamName: p.team_name }));
  }

  private player(userId: string): Player | undefined {
    const row = this.sql.exec<PlayerRow>("select * from players where user_id = ?", userId).toArray()[0];
    return row ? { userId: row.user_id, name: row.name, teamId: row.team_id, teamName: row.team_name } : undefined;
  }

  private isSkipped(seq: number): boolean {
    return this.sql.exec("select 1 from skipped where seq = ?", seq).toArray().length > 0;
  }

  private answersOf(seq: number): AnswerRow[] {
    return this.sql.exec<AnswerRow>("select * from answers where seq = ? order by received_at", seq).toArray();
  }

  private answeredCount(seq: number): number {
    return this.sql.exec<{ n: number }>("select count(*) as n from answers where seq = ?", seq).one().n;
  }

  /** Who must answer before a question closes early: each player, or each team in captain/first play. */
  /**
   * How many answers close the question: one per subject (see subjectOf). Counted in SQL, not by
   * reading the roster: it runs on every answer, and reading 2,000 players each time made the
   * room's one thread the bottleneck of a big hall (92 % of the answer path in a profile).
   */
  private expectedSubjects(teamPlay: LiveTeamPlay): number {
    const byTeam = teamPlay === "team_captain" || teamPlay === "team_first";
    const row = this.sql
      .exec<{ n: number }>(
        byTeam
          ? "select count(distinct team_id) + (select count(*) from players where team_id is null) as n from players where team_id is not null"
          : "select count(*) as n from players",
      )
      .one();
    return row.n;
  }

  private playerCount(): number {
    return this.sql.exec<{ n: number }>("select count(*) as n from players").one().n;
  }

  /** The board after question `upTo` (skipped questions score nothing). */
  private standings(upTo: number): Entry[] {
    const room = this.room() as RoomRow;
    const answers = this.sql
      .exec<{ subject: string; points: number; elapsed_ms: number }>("select subject, points, elapsed_ms from answers where seq <= ?", upTo)
      .toArray()
      .map((a) => ({ subject: a.subject, points: a.points, elapsedMs: a.elapsed_ms }));
    return standingsOf(room.team_play, this.players(), answers);
  }

  private questionFrame(room: RoomRow, at: number): LiveQuestion | null {
    if (room.phase !== "question" && room.phase !== "reveal") return null;
    const q = this.question(room.current_seq);
    if (!q) return null;
    return {
      seq: q.seq,
      total: room.total,
      type: q.draft.type,
      stem: q.draft.stem,
      options: optionsOf(q.draft),
      blanks: blanksOf(q.draft),
      points: q.points,
      startedAt: room.started_at,
      deadline: room.deadline,
      serverTime: at,
      pausedRemainingMs: room.paused_remaining,
    };
  }

  /** The full picture for one connection: what a phone needs after a connect or a reconnect. */
  private stateFor(who: LiveIdentity): ServerMessage {
    const room = this.room() as RoomRow;
    const at = Date.now();
    const player = who.role === "player" ? this.player(who.userId) : undefined;
    let myAnswer: Extract<ServerMessage, { type: "state" }>["myAnswer"] = null;
    let me: Extract<ServerMessage, { type: "state" }>["me"] = null;
    if (player) {
      const subject = subjectOf(room.team_play, player.userId, player.teamId);
      const mine = this.sql.exec<AnswerRow>("select * from answers where seq = ? and subject = ?", room.current_seq, subject).toArray()[0];
      if (mine)
        myAnswer = {
          seq: mine.seq,
          response: JSON.parse(mine.response) as LiveResponse,
          by: mine.user_id === player.userId ? null : (this.player(mine.user_id)?.name ?? null),
        };
      const board = withMovement(this.standings(room.phase === "question" ? room.current_seq - 1 : room.current_seq), []);
      const entry = board.find((e) => e.id === entryIdOf(room.team_play, player));
      const captain = player.teamId
        ? this.sql.exec<{ user_id: string }>("select user_id from captains where team_id = ?", player.teamId).toArray()[0]
        : undefined;
      me = {
        score: entry?.score ?? 0,
        rank: entry?.rank ?? null,
        teamId: player.teamId,
        teamName: player.teamName,
        captain: captain?.user_id === player.userId,
      };
    }
    const open = room.phase === "question";
    const remainingMs = !open ? 0 : (room.paused_remaining ?? Math.max(0, room.deadline - at));
    return {
      type: "state",
      v: LIVE_PROTOCOL_VERSION,
      role: who.role,
      roundId: room.round_id,
      title: room.title,
      phase: room.phase,
      scoring: room.scoring,
      teamPlay: room.team_play,
      total: room.total,
      question: this.questionFrame(room, at),
      remainingMs,
      myAnswer,
      me,
      serverTime: at,
      players: this.playerCount(),
      reveal: room.phase === "reveal" && !this.isSkipped(room.current_seq) ? (this.reveals(room, room.current_seq)?.(who) ?? null) : null,
      standings: room.phase === "ended" ? this.finalStandings() : null,
    } satisfies ServerMessage;
  }

  /**
   * Tells the room who has joined. Hosts get the whole roster, screens the first names, phones only
   * the counts and captains — and phones at most once a second: with a thousand phones joining, a
   * frame to every phone on every join would be a million frames before the first question.
   */
  private announceLobby(now = false) {
    if (now) {
      this.sendLobbyToWatchers();
      return this.broadcast(this.lobbyFrame("player"), ["role:player"]);
    }
    // The host's roster grows with every join: sent on each of 2,000 joins it was 180 MB to one
    // laptop. Watchers hear at most every quarter second, phones every second.
    if (this.watcherLobbyTimer === null) {
      const wait = Math.max(0, this.lastWatcherLobbyAt + LOBBY_WATCHER_INTERVAL_MS - Date.now());
      this.watcherLobbyTimer = setTimeout(() => {
        this.watcherLobbyTimer = null;
        this.sendLobbyToWatchers();
      }, wait);
    }
    if (this.playerLobbyTimer !== null) return;
    const wait = Math.max(0, this.lastPlayerLobbyAt + LOBBY_PHONE_INTERVAL_MS - Date.now());
    this.playerLobbyTimer = setTimeout(() => {
      this.playerLobbyTimer = null;
      this.lastPlayerLobbyAt = Date.now();
      this.broadcast(this.lobbyFrame("player"), ["role:player"]);
    }, wait);
  }

  private sendLobbyToWatchers() {
    this.lastWatcherLobbyAt = Date.now();
    this.broadcast(this.lobbyFrame("host"), ["role:host"]);
    this.broadcast(this.lobbyFrame("screen"), ["role:screen", "role:audience"]);
  }

  /** Each of a team's other player sockets gets its state again (its team's answer in `myAnswer`, with who gave it). */
  private tellTeam(teamId: string, except: WebSocket) {
    for (const socket of this.ctx.getWebSockets(`team:${teamId}`)) {
      if (socket === except) continue;
      const who = socket.deserializeAttachment() as LiveIdentity | null;
      if (who?.role === "player") this.send(socket, this.stateFor(who));
    }
  }

  /** A host or screen (re)connecting: the lobby as it stands and, mid-question, how many have answered. */
  private sendWatcherExtras(ws: WebSocket, who: LiveIdentity) {
    const room = this.room();
    if (!room) return;
    this.send(ws, this.lobbyFrame(who.role === "host" ? "host" : "screen"));
    if (room.phase === "question") {
      const seq = room.current_seq;
      this.send(ws, {
        type: "progress",
        seq,
        answered: this.answeredCount(seq),
        total: this.expectedSubjects(room.team_play),
      } satisfies ServerMessage);
    }
  }

  private lobbyFrame(detail: "host" | "screen" | "player"): ServerMessage {
    const players = this.players();
    const captains = this.sql.exec<{ team_id: string; user_id: string }>("select team_id, user_id from captains").toArray();
    const byId = new Map(players.map((p) => [p.userId, p]));
    return {
      type: "lobby",
      players: players.length,
      teams: new Set(players.filter((p) => p.teamId).map((p) => p.teamId)).size,
      names: detail === "player" ? [] : players.slice(0, LOBBY_NAMES).map((p) => p.name),
      captains: captains.map((c) => ({
        teamId: c.team_id,
        teamName: byId.get(c.user_id)?.teamName ?? "",
        userId: c.user_id,
        name: byId.get(c.user_id)?.name ?? "",
      })),
      roster: detail === "host" ? players.map((p) => ({ userId: p.userId, name: p.name, teamId: p.teamId, teamName: p.teamName })) : null,
    } satisfies ServerMessage;
  }

  // ---- Sending -------------------------------------------------------------------------------

  private send(ws: WebSocket, message: ServerMessage) {
    try {
      ws.send(JSON.stringify(message));
    } catch {
      // Closing or closed: the phone gets the whole state when it reconnects.
    }
  }

  /** To every socket, or to those with one of `tags` (one frame serialized once). */
  private broadcast(message: ServerMessage, tags?: string[]) {
    const text = JSON.stringify(message);
    const sockets = tags ? [...new Set(tags.flatMap((t) => this.ctx.getWebSockets(t)))] : this.ctx.getWebSockets();
    for (const ws of sockets) {
      try {
        ws.send(text);
      } catch {}
    }
  }

  private sendError(ws: WebSocket, code: Extract<ServerMessage, { type: "error" }>["code"]) {
    this.send(ws, { type: "error", code, message: t(`live.error.${code}`) } satisfies ServerMessage);
  }
}

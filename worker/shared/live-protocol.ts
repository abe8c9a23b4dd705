import { z } from "zod";

/**
 * The live-room protocol (现场赛): the frames a phone, the host's laptop or the projector exchange
 * with a round's LiveRoom Durable Object over one WebSocket. Shared by the worker and the web app,
 * so both read their types from these schemas. Every frame is JSON text; a client says `hello`
 * first (with the version it speaks) and gets a full `state` back, on every connect and reconnect.
 *
 * Times are the server's (ms since epoch); a client shows a countdown from `deadline - serverTime`
 * plus its own elapsed time since it received the frame, never from its own clock.
 *
 * Responses use shown option positions: the order of `question.options` is the order everyone sees.
 *
 * Close codes the room uses: 4000 (the client speaks another protocol version: reload), 4004 (the
 * room is gone: a lobby left idle was dissolved; reconnecting finds no room, the host opens it afresh).
 * Objects are parsed leniently: a field this version does not know is dropped, not refused.
 */
export const LIVE_PROTOCOL_VERSION = 1;

/** Frames larger than this are refused before parsing. */
export const MAX_CLIENT_FRAME_BYTES = 4096;

export const liveRoles = ["host", "player", "screen", "audience"] as const;
export type LiveRole = (typeof liveRoles)[number];

export const LiveResponseSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("single"), choice: z.number().int().min(0).max(7) }),
  z.object({ type: z.literal("multiple"), choices: z.array(z.number().int().min(0).max(7)).min(1).max(8) }),
  z.object({ type: z.literal("judge"), value: z.boolean() }),
  z.object({ type: z.literal("fill"), blanks: z.array(z.string().max(200)).min(1).max(10) }),
]);
export type LiveResponse = z.infer<typeof LiveResponseSchema>;

const Seq = z.number().int().min(1).max(1000);

export const ClientMessageSchema = z.discriminatedUnion("type", [
  /** Says the version; answered with the full `state` (the question or reveal on screen now), so a reconnect needs nothing more. */
  z.object({ type: z.literal("hello"), v: z.number().int() }),
  /** A player's answer; `id` is the client's, echoed in the ack so a retry can be matched. */
  z.object({ type: z.literal("answer"), seq: Seq, response: LiveResponseSchema, id: z.string().min(1).max(64) }),
  /**
   * An audience vote: shown in the reveal's `votes` beside the players' distribution, never scored.
   * One per person per question; acknowledged with an `ack` carrying `id` (or `vote-<seq>` without one).
   */
  z.object({ type: z.literal("vote"), seq: Seq, response: LiveResponseSchema, id: z.string().min(1).max(64).optional() }),
  z.object({ type: z.literal("host.start") }),
  z.object({ type: z.literal("host.next") }),
  z.object({ type: z.literal("host.pause") }),
  z.object({ type: z.literal("host.resume") }),
  z.object({ type: z.literal("host.extend"), seconds: z.number().int().min(1).max(300) }),
  z.object({ type: z.literal("host.skip") }),
  z.object({ type: z.literal("host.end") }),
  z.object({ type: z.literal("host.captain"), teamId: z.string().min(1).max(64), userId: z.string().min(1).max(64) }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Where the room is: waiting for the host, a question open, a question closed and revealed, paused, ended. */
export const livePhases = ["lobby", "question", "reveal", "ended"] as const;
export type LivePhase = (typeof livePhases)[number];

const QuestionSchema = z.object({
  seq: z.number().int(),
  total: z.number().int(),
  type: z.enum(["single", "multiple", "judge", "fill"]),
  stem: z.string(),
  options: z.array(z.string()),
  blanks: z.number().int(),
  points: z.number().int(),
  startedAt: z.number(),
  deadline: z.number(),
  serverTime: z.number(),
  /** Set while the host has paused: the time left when paused (the deadline is not running). */
  pausedRemainingMs: z.number().nullable(),
});
export type LiveQuestion = z.infer<typeof QuestionSchema>;

const StandingSchema = z.object({
  /** A person's id, or a team's org id in team play. */
  id: z.string(),
  name: z.string(),
  score: z.number(),
  rank: z.number().int(),
  /** Places gained (positive) or lost since the previous question; null when new to the board. */
  movement: z.number().int().nullable(),
});
export type LiveStanding = z.infer<typeof StandingSchema>;

const MyAnswerSchema = z.object({
  seq: z.number().int(),
  response: LiveResponseSchema,
  /** Who answered for the subject (the captain, or the first of the team), when not the caller. */
  by: z.string().nullable(),
});

const MineSchema = z.object({
  score: z.number(),
  rank: z.number().int().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  captain: z.boolean(),
});

/** A closed question as everyone sees it: the key, the answers' spread, the caller's own result, the board. */
const RevealSchema = z.object({
  type: z.literal("reveal"),
  seq: z.number().int(),
  key: LiveResponseSchema,
  explanation: z.string(),
  /** Players' answers per shown option (single/multiple), [true, false] (judge), or [right, wrong] (fill). */
  distribution: z.array(z.number().int()),
  votes: z.array(z.number().int()),
  result: z
    .object({ answered: z.boolean(), credit: z.number(), points: z.number(), score: z.number(), rank: z.number().int().nullable() })
    .nullable(),
  leaderboard: z.array(StandingSchema),
  last: z.boolean(),
});
export type LiveReveal = z.infer<typeof RevealSchema>;

export const ServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("state"),
    v: z.number().int(),
    role: z.enum(liveRoles),
    roundId: z.string(),
    title: z.string(),
    phase: z.enum(livePhases),
    scoring: z.enum(["accuracy", "speed"]),
    teamPlay: z.enum(["individual", "team_captain", "team_first", "team_mean"]),
    total: z.number().int(),
    question: QuestionSchema.nullable(),
    /** Milliseconds left on the open question by the server's clock (0 when none). */
    remainingMs: z.number(),
    myAnswer: MyAnswerSchema.nullable(),
    me: MineSchema.nullable(),
    serverTime: z.number(),
    players: z.number().int(),
    /** In the reveal phase: the reveal of the question just closed, as this connection would have received it. */
    reveal: RevealSchema.nullable(),
    /** Once ended: the final standings. */
    standings: z.array(StandingSchema).nullable(),
  }),
  z.object({
    type: z.literal("lobby"),
    players: z.number().int(),
    teams: z.number().int(),
    names: z.array(z.string()),
    captains: z.array(z.object({ teamId: z.string(), teamName: z.string(), userId: z.string(), name: z.string() })),
    /** To the host only: everyone who joined, with their team, so a captain can be picked from them. Null for others. */
    roster: z
      .array(z.object({ userId: z.string(), name: z.string(), teamId: z.string().nullable(), teamName: z.string().nullable() }))
      .nullable(),
  }),
  z.object({ type: z.literal("question"), question: QuestionSchema }),
  /** The answer to an `answer` or a `vote`: `id` is the client's (a vote without one: `vote-<seq>`). */
  z.object({
    type: z.literal("ack"),
    id: z.string(),
    seq: z.number().int(),
    accepted: z.boolean(),
    reason: z.enum(["duplicate", "alreadyAnswered", "closed", "notCaptain", "paused", "notOpen", "mismatch", "notPlayer"]).optional(),
  }),
  z.object({ type: z.literal("progress"), seq: z.number().int(), answered: z.number().int(), total: z.number().int() }),
  RevealSchema,
  z.object({ type: z.literal("paused"), seq: z.number().int(), remainingMs: z.number(), serverTime: z.number() }),
  z.object({ type: z.literal("resumed"), seq: z.number().int(), deadline: z.number(), serverTime: z.number() }),
  z.object({ type: z.literal("extended"), seq: z.number().int(), deadline: z.number(), seconds: z.number().int(), serverTime: z.number() }),
  z.object({ type: z.literal("skipped"), seq: z.number().int() }),
  z.object({ type: z.literal("ended"), standings: z.array(StandingSchema) }),
  z.object({
    type: z.literal("error"),
    code: z.enum(["version", "tooLarge", "badFrame", "forbidden", "badState", "unknownPlayer"]),
    message: z.string(),
  }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Parses one incoming frame: size first, then JSON, then the schema. */
export function parseClientFrame(
  data: string | ArrayBuffer,
): { ok: true; message: ClientMessage } | { ok: false; code: "tooLarge" | "badFrame" } {
  const size = typeof data === "string" ? new TextEncoder().encode(data).byteLength : data.byteLength;
  if (size > MAX_CLIENT_FRAME_BYTES) return { ok: false, code: "tooLarge" };
  if (typeof data !== "string") return { ok: false, code: "badFrame" };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, code: "badFrame" };
  }
  const parsed = ClientMessageSchema.safeParse(json);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, code: "badFrame" };
}

/** The end of an exhaustive switch: a new message type that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled: ${JSON.stringify(value)}`);
}

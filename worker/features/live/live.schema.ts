import { z } from "@hono/zod-openapi";
import { liveTeamPlays } from "../../db/schema";
import { liveRoles } from "../../shared/live-protocol";

export const RoomParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
export const WsParams = z.object({
  roundId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "roundId", in: "path" } }),
});
export const WsQuery = z.object({ as: z.enum(liveRoles).default("player") });

export const OpenRoomSchema = z
  .object({
    pin: z.string().regex(/^\d{6}$/),
    roundId: z.string(),
    /** Where a phone joins (the projector shows it as a QR code beside the PIN). */
    joinUrl: z.string(),
    status: z.enum(["lobby", "running", "ended"]),
  })
  .openapi("LiveRoom");

export const JoinBodySchema = z
  .object({ pin: z.string().regex(/^\d{6}$/, "房间码是 6 位数字") })
  .strict()
  .openapi("JoinLiveRoomBody");

export const JoinResultSchema = z
  .object({
    roundId: z.string(),
    contest: z.object({ id: z.string(), title: z.string() }),
    round: z.object({
      id: z.string(),
      name: z.string(),
      scoring: z.enum(["accuracy", "speed"]),
      questionTimeSec: z.number().int().nullable(),
      teamPlay: z.enum(liveTeamPlays),
    }),
    /** The roles the caller may connect as, best first. */
    roles: z.array(z.enum(liveRoles)),
  })
  .openapi("JoinLiveRoomResult");

/**
 * Who a WebSocket belongs to, worked out by the Worker and handed to the room in a header. The room
 * trusts it because only the Worker can reach a Durable Object: the Worker builds the request to
 * the object afresh, so a header a client sent never gets through.
 */
export const LIVE_IDENTITY_HEADER = "x-lianxue-live-identity";

export const IdentitySchema = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(liveRoles),
  /** Players: the org the attempt counts for, and the team (an org of the contest's team kind) if any. */
  orgId: z.string().nullable(),
  orgPath: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
});
export type LiveIdentity = z.infer<typeof IdentitySchema>;

/** The header's value: URI-encoded JSON, since a header carries ASCII only (names are Chinese). */
export function encodeIdentity(identity: LiveIdentity): string {
  return encodeURIComponent(JSON.stringify(identity));
}

export function decodeIdentity(header: string | null): LiveIdentity | null {
  if (!header) return null;
  try {
    const parsed = IdentitySchema.safeParse(JSON.parse(decodeURIComponent(header)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What a room is opened with: the round's rules and its paper, keys included (they never leave the room before a reveal). */
export type LiveInit = {
  roundId: string;
  title: string;
  scoring: "accuracy" | "speed";
  questionTimeSec: number;
  teamPlay: (typeof liveTeamPlays)[number];
  partialCredit: boolean;
  paper: { seq: number; questionId: string; version: number; points: number; draft: unknown }[];
};

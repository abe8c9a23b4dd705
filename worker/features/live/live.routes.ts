import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { ApiError } from "../../lib/errors";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { JoinBodySchema, JoinResultSchema, OpenRoomSchema, RoomParams, WsParams, WsQuery } from "./live.schema";
import { connectToRoom, joinLiveRoom, openLiveRoom } from "./live.service";

const tags = ["live"];

const routes = {
  open: createRoute({
    method: "post",
    path: "/rounds/{id}/room",
    operationId: "openLiveRoom",
    tags,
    summary: "Open the room of a live round (a host organizer): its 6-digit PIN and where phones join; opening again returns the same room",
    request: { params: RoomParams },
    responses: { 200: json(OpenRoomSchema, "Room"), ...errors(401, 403, 404, 409, 422) },
  }),
  join: createRoute({
    method: "post",
    path: "/live/join",
    operationId: "joinLiveRoom",
    tags,
    summary: "Find a live room by its PIN: the round, and the roles the caller may connect as",
    request: { body: jsonBody(JoinBodySchema) },
    responses: { 200: json(JoinResultSchema, "Room found"), ...errors(400, 401, 404) },
  }),
};

/**
 * The room's WebSocket: `GET /api/live/{roundId}/ws?as=host|player|screen|audience` with
 * `Upgrade: websocket` (no `as`: player; another value: 400 VALIDATION_FAILED). Not in the OpenAPI document (it describes no upgrade); the frames are the
 * protocol in worker/shared/live-protocol.ts.
 */
export const liveRoutes = createRouter()
  .openapi(routes.open, async (c) => c.json(await openLiveRoom(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.join, async (c) => c.json(await joinLiveRoom(c.get("db"), requireUser(c), c.req.valid("json").pin), 200))
  .get("/live/:roundId/ws", async (c) => {
    const { roundId } = WsParams.parse(c.req.param());
    // As the routes' validation does: a role the room does not know is an error, not a player (no `as`: a player).
    const query = WsQuery.safeParse(c.req.query());
    if (!query.success) {
      const issues = query.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
        code: issue.code,
      }));
      throw new ApiError("VALIDATION_FAILED", "error.validation", {}, { target: "query", issues });
    }
    return connectToRoom(c, requireUser(c), roundId, query.data.as);
  });

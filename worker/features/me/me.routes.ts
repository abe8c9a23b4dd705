import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json } from "../../lib/openapi";
import { MeSchema } from "../auth/auth.schema";
import { meFromSession } from "../auth/auth.service";

const getMeRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "getMe",
  tags: ["auth"],
  summary: "The caller: their orgs, roles, titles and alliances",
  responses: { 200: json(MeSchema, "The logged-in person"), ...errors(401) },
});

export const me = createRouter().openapi(getMeRoute, (c) => c.json(meFromSession(requireUser(c)), 200));

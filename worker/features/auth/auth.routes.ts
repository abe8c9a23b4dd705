import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../env";
import { requireUser, SESSION_COOKIE } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { IdParam } from "../../shared/schemas";
import {
  ActivateBodySchema,
  ChangePasswordBodySchema,
  EmptyBodySchema,
  LoginBodySchema,
  OkSchema,
  SessionListSchema,
  SessionResponseSchema,
} from "./auth.schema";
import { activate, changePassword, listSessions, login, logout, revokeSession, SESSION_TTL } from "./auth.service";

function setSessionCookie(c: Context<AppEnv>, token: string) {
  // __Host-: only this exact origin, Secure, Path=/. Browsers treat http://localhost as secure, so
  // the same cookie works under `npm start`.
  setCookie(c, SESSION_COOKIE, token, { path: "/", secure: true, httpOnly: true, sameSite: "Lax", maxAge: SESSION_TTL / 1000 });
}

const tags = ["auth"];

const loginRoute = createRoute({
  method: "post",
  path: "/login",
  operationId: "login",
  tags,
  summary: "Log in with phone number and password",
  description:
    "Answers the token (for `Authorization: Bearer`) and sets the session cookie. A wrong phone or password answers the same 401. Five failures for one phone within 15 minutes lock it for 15 minutes (429).",
  security: [],
  request: { body: jsonBody(LoginBodySchema) },
  responses: { 200: json(SessionResponseSchema, "Logged in"), ...errors(400, 401, 415, 429) },
});

const activateRoute = createRoute({
  method: "post",
  path: "/activate",
  operationId: "activateAccount",
  tags,
  summary: "Set a password with a one-time activation (or reset) code, and log in",
  security: [],
  request: { body: jsonBody(ActivateBodySchema) },
  responses: { 200: json(SessionResponseSchema, "Activated and logged in"), ...errors(400, 401, 415, 429) },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/logout",
  operationId: "logout",
  tags,
  summary: "End this session",
  request: { body: { required: false, content: { "application/json": { schema: EmptyBodySchema } } } },
  responses: { 200: json(OkSchema, "Logged out"), ...errors(401) },
});

const changePasswordRoute = createRoute({
  method: "post",
  path: "/password",
  operationId: "changePassword",
  tags,
  summary: "Change my password; every other session is signed out",
  request: { body: jsonBody(ChangePasswordBodySchema) },
  responses: { 200: json(OkSchema, "Changed"), ...errors(400, 401) },
});

const listSessionsRoute = createRoute({
  method: "get",
  path: "/sessions",
  operationId: "listSessions",
  tags,
  summary: "My signed-in devices",
  responses: { 200: json(SessionListSchema, "Active sessions"), ...errors(401) },
});

const revokeSessionRoute = createRoute({
  method: "delete",
  path: "/sessions/{id}",
  operationId: "revokeSession",
  tags,
  summary: "Sign out one of my sessions",
  request: { params: IdParam },
  responses: { 200: json(OkSchema, "Revoked"), ...errors(400, 401, 404) },
});

export const auth = createRouter()
  .openapi(loginRoute, async (c) => {
    const result = await login(c.get("db"), c.req.valid("json"), c.req.header("user-agent") ?? null);
    setSessionCookie(c, result.token);
    return c.json(result, 200);
  })
  .openapi(activateRoute, async (c) => {
    const result = await activate(c, c.req.valid("json"));
    setSessionCookie(c, result.token);
    return c.json(result, 200);
  })
  .openapi(logoutRoute, async (c) => {
    await logout(c.get("db"), requireUser(c));
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(changePasswordRoute, async (c) => {
    await changePassword(c, requireUser(c), c.req.valid("json"));
    return c.json({ ok: true as const }, 200);
  })
  .openapi(listSessionsRoute, async (c) => {
    return c.json({ sessions: await listSessions(c.get("db"), requireUser(c)) }, 200);
  })
  .openapi(revokeSessionRoute, async (c) => {
    await revokeSession(c.get("db"), requireUser(c), c.req.valid("param").id);
    return c.json({ ok: true as const }, 200);
  });

import { OpenAPIHono } from "@hono/zod-openapi";
import { createDb } from "./db/client";
import type { AppEnv } from "./env";
import { alliancesRoutes } from "./features/alliances/alliances.routes";
import { auditRoutes } from "./features/audit/audit.routes";
import { auth } from "./features/auth/auth.routes";
import { bankRoutes } from "./features/bank/bank.routes";
import { contestRoutes } from "./features/contests/contest.routes";
import { MEDIA_UPLOAD_PATH } from "./features/courses/media";
import { moduleRoutes } from "./features/courses/module.routes";
import { sessionRoutes } from "./features/courses/session.routes";
import { mountDocs } from "./features/docs/docs.routes";
import { health } from "./features/health/health.routes";
import { ledgerRoutes } from "./features/ledger/ledger.routes";
import { liveRoutes } from "./features/live/live.routes";
import { me } from "./features/me/me.routes";
import { membersRoutes } from "./features/members/members.routes";
import { orgsRoutes } from "./features/orgs/orgs.routes";
import { plansRoutes } from "./features/plans/plans.routes";
import { practiceRoutes } from "./features/practice/practice.routes";
import { sessionMiddleware } from "./lib/auth";
import { onError, onNotFound } from "./lib/errors";
import { sameOriginWrites } from "./lib/origin";

/** Requests larger than this are refused before any parsing (uploads have their own, smaller caps). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
    c.set("db", createDb(c.env.DB));
    await next();
    c.header("x-request-id", c.get("requestId"));
  });
  app.use("/api/*", async (c, next) => {
    const length = Number(c.req.header("content-length") ?? 0);
    // A course media upload is checked against its own, larger cap by its route (before reading it).
    if (length > MAX_BODY_BYTES && !MEDIA_UPLOAD_PATH.test(c.req.path))
      return onError(Object.assign(new Error("too large"), { status: 413 }), c);
    await next();
    c.header("cache-control", "no-store");
  });
  app.use("/api/*", sameOriginWrites);
  app.use("/api/*", sessionMiddleware);

  const routes = app
    .route("/api/health", health)
    .route("/api/auth", auth)
    .route("/api/me", me)
    .route("/api/orgs", orgsRoutes)
    .route("/api", membersRoutes)
    .route("/api/alliances", alliancesRoutes)
    .route("/api/audit", auditRoutes)
    .route("/api", bankRoutes)
    .route("/api", practiceRoutes)
    .route("/api", contestRoutes)
    .route("/api", moduleRoutes)
    .route("/api", ledgerRoutes)
    .route("/api", sessionRoutes)
    .route("/api", liveRoutes)
    .route("/api", plansRoutes);

  mountDocs(app);
  app.notFound(onNotFound);
  app.onError(onError);
  return routes;
}

export type AppType = ReturnType<typeof createApp>;

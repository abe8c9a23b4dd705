import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { createRouter, errors, json } from "../../lib/openapi";
import { HealthSchema } from "./health.schema";

const getHealth = createRoute({
  method: "get",
  path: "/",
  operationId: "getHealth",
  tags: ["system"],
  summary: "Liveness with a real D1 query",
  responses: { 200: json(HealthSchema, "The Worker and its database answer"), ...errors(500) },
});

export const health = createRouter().openapi(getHealth, async (c) => {
  await c.get("db").run(sql`select 1`);
  return c.json({ ok: true as const, db: "ok" as const }, 200);
});

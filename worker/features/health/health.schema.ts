import { z } from "@hono/zod-openapi";

export const HealthSchema = z.object({ ok: z.literal(true), db: z.literal("ok") }).openapi("Health");

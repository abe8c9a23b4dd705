import { z } from "@hono/zod-openapi";
import { IdSchema } from "../../shared/schemas";

export const AuditQuerySchema = z.object({
  orgId: IdSchema.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.number().int(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

export const AuditPageSchema = z
  .object({ items: z.array(AuditEntrySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi("AuditPage");

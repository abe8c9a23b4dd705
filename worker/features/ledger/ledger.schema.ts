import { z } from "@hono/zod-openapi";
import { ledgerSources } from "../../db/schema/ledger";

export const StudyQuerySchema = z.object({
  year: z.coerce
    .number({ error: "年份应是四位数字" })
    .int("年份应是四位数字")
    .min(2000, "年份应在 2000–2100 之间")
    .max(2100, "年份应在 2000–2100 之间")
    .optional()
    .openapi({ param: { name: "year", in: "query" }, example: 2026 }),
});

export const StudyEntrySchema = z
  .object({
    id: z.string(),
    source: z.enum(ledgerSources),
    sourceKey: z.string(),
    title: z.string(),
    note: z.string().nullable(),
    hours: z.number(),
    hoursTenths: z.number().int(),
    points: z.number().int(),
    occurredAt: z.number().int(),
    /** Set when an organizer took the entry back: it stays in the history and no longer counts. */
    reversedAt: z.number().int().nullable(),
    reversalReason: z.string().nullable(),
  })
  .openapi("StudyEntry");

export const MyStudySchema = z
  .object({
    year: z.number().int(),
    /** 学时 of the year's entries that count, as a decimal (12.5) and in tenths (125). */
    hours: z.number(),
    hoursTenths: z.number().int(),
    points: z.number().int(),
    entries: z.array(StudyEntrySchema),
  })
  .openapi("MyStudy");

import { z } from "@hono/zod-openapi";
import { IdSchema, NameSchema } from "../../shared/schemas";
import { QuestionDraftSchema, questionTypes } from "./question";

const param = (name: string) => IdSchema.openapi({ param: { name, in: "path" } });

export const BankSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    name: z.string(),
    description: z.string(),
    visibility: z.enum(["org", "alliance", "public"]),
    allianceIds: z.array(z.string()),
    questionCount: z.number().int(),
    shipped: z.boolean(),
    canManage: z.boolean(),
  })
  .openapi("Bank");

export const BankListSchema = z.object({ banks: z.array(BankSchema) }).openapi("BankList");
export const BankResponseSchema = z.object({ bank: BankSchema }).openapi("BankResponse");

const DescriptionSchema = z
  .string()
  .transform((v) => v.trim())
  .pipe(z.string().max(500));

export const CreateBankBodySchema = z
  .object({ orgId: IdSchema, name: NameSchema, description: DescriptionSchema.default("") })
  .strict()
  .openapi("CreateBankBody");

export const UpdateBankBodySchema = z
  .object({
    name: NameSchema.optional(),
    description: DescriptionSchema.optional(),
    visibility: z.enum(["org", "alliance", "public"]).optional(),
    allianceIds: z.array(IdSchema).max(20).optional(),
  })
  .strict()
  .openapi("UpdateBankBody");

export const BankParams = z.object({ id: param("id") });
export const QuestionParams = z.object({ id: param("id") });
export const ImportParams = z.object({ id: param("id"), importId: param("importId") });

export const QuestionSchema = z
  .object({
    id: z.string(),
    bankId: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "active", "retired"]),
    draft: QuestionDraftSchema,
    updatedAt: z.number().int(),
  })
  .openapi("Question");

export const QuestionPageSchema = z
  .object({ items: z.array(QuestionSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi("QuestionPage");

export const QuestionQuerySchema = z.object({
  q: z.string().max(100).optional(),
  tag: z.string().max(32).optional(),
  type: z.enum(questionTypes).optional(),
  difficulty: z.coerce.number().int().min(1).max(5).optional(),
  status: z.enum(["draft", "active", "retired"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const CreateQuestionBodySchema = z
  .object({ draft: QuestionDraftSchema, status: z.enum(["draft", "active"]).default("active") })
  .strict()
  .openapi("CreateQuestionBody");

export const UpdateQuestionBodySchema = z
  .object({ draft: QuestionDraftSchema.optional(), status: z.enum(["draft", "active", "retired"]).optional() })
  .strict()
  .refine((b) => b.draft !== undefined || b.status !== undefined, "至少修改一项")
  .openapi("UpdateQuestionBody");

export const QuestionResponseSchema = z.object({ question: QuestionSchema }).openapi("QuestionResponse");

export const BulkBodySchema = z
  .object({
    questionIds: z.array(IdSchema).min(1).max(500),
    addTags: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
    removeTags: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
    status: z.enum(["draft", "active", "retired"]).optional(),
  })
  .strict()
  .openapi("BulkQuestionsBody");

export const BulkResultSchema = z.object({ updated: z.number().int() }).openapi("BulkQuestionsResult");

export const importFormats = ["auto", "sheet", "docx", "text", "gift", "aiken", "json"] as const;

export const ImportUploadSchema = z.object({
  file: z
    .any()
    .optional()
    .openapi({ type: "string", format: "binary", description: ".xlsx/.csv (template), .docx, GIFT, Aiken, JSON export, or text" }),
  text: z.string().max(1_000_000).optional().openapi({ description: "Pasted text instead of a file" }),
  format: z.enum(importFormats).default("auto"),
});

export const ImportItemSchema = z.object({
  line: z.number().int(),
  status: z.enum(["ok", "duplicate", "error"]),
  type: z.string().nullable(),
  stem: z.string(),
  error: z.string().nullable(),
  warnings: z.array(z.string()),
  duplicateOf: z.object({ questionId: z.string().nullable(), line: z.number().int().nullable(), stem: z.string() }).nullable(),
});

export const ImportPreviewSchema = z
  .object({
    importId: z.string(),
    fileName: z.string(),
    format: z.string(),
    expiresAt: z.number().int(),
    summary: z.object({ total: z.number().int(), ok: z.number().int(), duplicates: z.number().int(), errors: z.number().int() }),
    items: z.array(ImportItemSchema),
  })
  .openapi("QuestionImportPreview");

export const ImportCommitBodySchema = z
  .object({ skipDuplicates: z.boolean().default(true), status: z.enum(["draft", "active"]).default("active") })
  .strict()
  .openapi("QuestionImportCommitBody");

export const ImportCommitSchema = z.object({ imported: z.number().int(), skipped: z.number().int() }).openapi("QuestionImportResult");

/** JSON only: the route has no spreadsheet export, so asking for one is an error rather than JSON in disguise. */
export const ExportQuerySchema = z.object({ format: z.enum(["json"]).default("json") });

/** The lossless JSON form of a whole bank: what exportBank writes and the json importer reads. */
export const BankExportSchema = z
  .object({
    format: z.literal("lianxue-bank"),
    version: z.literal(1),
    bank: z.object({ name: z.string(), description: z.string() }),
    questions: z.array(
      z.object({ key: z.string().nullable(), status: z.enum(["draft", "active", "retired"]), draft: QuestionDraftSchema }),
    ),
  })
  .openapi("BankExport");

import { z } from "@hono/zod-openapi";
import { orgKinds } from "../../db/schema";
import { moduleTags } from "../../db/schema/courses";
import { IdSchema } from "../../shared/schemas";
import { questionTypes } from "../bank/question";
import { ResponseSchema } from "../practice/practice.schema";

const param = (name: string) => IdSchema.openapi({ param: { name, in: "path" } });
export const ModuleParams = z.object({ id: param("id") });
export const ModuleVersionParams = z.object({ id: param("id"), versionId: param("versionId") });
export const QuizParams = z.object({ id: param("id") });

const Title = z
  .string()
  .transform((v) => v.normalize("NFC").trim())
  .pipe(z.string().min(1, "标题不能为空").max(100, "标题不能超过 100 个字"));
const Text = (max: number) =>
  z
    .string()
    .transform((v) => v.normalize("NFC").trim())
    .pipe(z.string().max(max, `不能超过 ${max} 个字`));

/** An absolute http(s) address: nothing a browser would run or read from the phone itself. */
export const HttpUrlSchema = z
  .string()
  .trim()
  .max(2000, "链接不能超过 2000 个字符")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "请填写以 http:// 或 https:// 开头的链接");

/** Study hours (学时) as a decimal with one place, 0.1–40; kept in tenths. */
const HoursSchema = z
  .number({ error: "学时应是数字" })
  .min(0.1, "学时至少 0.1")
  .max(40, "学时不能超过 40")
  .refine((h) => Math.abs(h * 10 - Math.round(h * 10)) < 1e-6, "学时最多保留一位小数");

export const AudienceRefSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("org"), id: IdSchema }).strict(),
    z.object({ type: z.literal("alliance"), id: IdSchema }).strict(),
    z.object({ type: z.literal("all"), id: z.literal("*").default("*") }).strict(),
  ])
  .openapi("ModuleAudienceRef");

/** Media given with the module's fields: none or a link. A file is uploaded to its own route. */
export const MediaInputSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("none") }).strict(),
    z.object({ kind: z.literal("link"), url: HttpUrlSchema }).strict(),
  ])
  .openapi("ModuleMediaInput");

export const QuizSettingsSchema = z
  .object({
    bankId: IdSchema,
    count: z.number().int("题数应是整数").min(1, "至少 1 题").max(20, "最多 20 题"),
    passPct: z.number().int("及格线应是整数").min(1, "及格线应在 1–100 之间").max(100, "及格线应在 1–100 之间"),
  })
  .strict()
  .openapi("ModuleQuizSettings");

const Tags = z
  .array(z.enum(moduleTags, { error: `标签应是：${moduleTags.join("、")}` }))
  .max(moduleTags.length)
  .transform((tags) => [...new Set(tags)]);

const fields = {
  title: Title,
  summary: Text(500).default(""),
  bodyMd: Text(50_000).default(""),
  media: MediaInputSchema.default({ kind: "none" }),
  durationMin: z.number().int("时长应是整数分钟").min(1, "时长至少 1 分钟").max(1440, "时长不能超过 1440 分钟"),
  hours: HoursSchema,
  tags: Tags.default([]),
  audience: z.array(AudienceRefSchema).min(1, "请选择课程面向的对象").max(50, "面向对象最多 50 个"),
  selfPaced: z.boolean().default(false),
  quiz: QuizSettingsSchema.nullable().default(null),
};

export const CreateModuleBodySchema = z
  .object({ orgId: IdSchema, ...fields })
  .strict()
  .openapi("CreateModuleBody");

/** Any of the fields; the module's org and owner do not change. */
export const UpdateModuleBodySchema = z
  .object({
    title: fields.title.optional(),
    summary: Text(500).optional(),
    bodyMd: Text(50_000).optional(),
    media: MediaInputSchema.optional(),
    durationMin: fields.durationMin.optional(),
    hours: HoursSchema.optional(),
    tags: Tags.optional(),
    audience: fields.audience.optional(),
    selfPaced: z.boolean().optional(),
    quiz: QuizSettingsSchema.nullable().optional(),
  })
  .strict()
  .openapi("UpdateModuleBody");

export const RejectModuleBodySchema = z
  .object({ note: Text(1000).pipe(z.string().min(1, "请填写退回意见")) })
  .strict()
  .openapi("RejectModuleBody");

export const moduleStatuses = ["draft", "submitted", "rejected", "published", "archived"] as const;

export const ModuleListQuerySchema = z.object({
  orgId: IdSchema.optional(),
  status: z.enum(moduleStatuses).optional(),
  tag: z.enum(moduleTags).optional(),
  q: z.string().trim().max(50).optional(),
});

export const AudienceOptionsQuerySchema = z.object({ orgId: IdSchema });

export const AudienceOptionsSchema = z
  .object({
    org: z.object({ id: z.string(), name: z.string(), path: z.string() }),
    /**
     * The owning org's subtree and the orgs above it up to the root, parents before children
     * (siblings in the org tree's order): each may be chosen, and covers its subtree.
     */
    orgs: z.array(
      z.object({
        id: z.string(),
        parentId: z.string().nullable(),
        name: z.string(),
        kind: z.enum(orgKinds),
        path: z.string(),
        depth: z.number().int(),
        /** An org above the owning one (its audience is wider than the owning org). */
        above: z.boolean(),
      }),
    ),
    /** Alliances the owning org or an org above it belongs to, and those the caller organizes, with their member orgs. */
    alliances: z.array(z.object({ id: z.string(), name: z.string(), orgs: z.array(z.object({ id: z.string(), name: z.string() })) })),
    /** Whether "everyone" (全体成员) may be chosen. */
    everyone: z.boolean(),
  })
  .openapi("ModuleAudienceOptions");

export const CatalogQuerySchema = z.object({
  tag: z.enum(moduleTags).optional(),
  q: z.string().trim().max(50).optional(),
});

export const MediaUploadSchema = z.object({
  file: z
    .any()
    .optional()
    .openapi({ type: "string", format: "binary", description: ".pdf, .pptx, .docx, .mp4, .png or .jpg, up to 50 MB" }),
});

export const MediaSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("none") }),
    z.object({ kind: z.literal("link"), url: z.string() }),
    z.object({
      kind: z.literal("file"),
      name: z.string(),
      type: z.string(),
      bytes: z.number().int(),
      /** Where the file downloads from (same origin, needs the session). */
      url: z.string(),
    }),
  ])
  .openapi("ModuleMedia");

export const ModuleVersionSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "submitted", "rejected", "published", "superseded"]),
    title: z.string(),
    summary: z.string(),
    bodyMd: z.string(),
    /** Rendered on the server from bodyMd; safe to insert as HTML. */
    bodyHtml: z.string(),
    media: MediaSchema,
    durationMin: z.number().int(),
    /** 学时 as a decimal (1.5) and in tenths (15). */
    hours: z.number(),
    hoursTenths: z.number().int(),
    tags: z.array(z.enum(moduleTags)),
    selfPaced: z.boolean(),
    quiz: QuizSettingsSchema.nullable(),
    submittedAt: z.number().int().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.number().int().nullable(),
    reviewNote: z.string().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi("ModuleVersion");

export const AudienceSchema = z
  .object({ type: z.enum(["org", "alliance", "all"]), id: z.string(), name: z.string() })
  .openapi("ModuleAudience");

export const CompletionSchema = z
  .object({
    moduleId: z.string(),
    versionId: z.string(),
    method: z.enum(["quiz", "confirm"]),
    quizScorePct: z.number().int().nullable(),
    completedAt: z.number().int(),
  })
  .openapi("ModuleCompletion");

export const ModuleSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    ownerId: z.string(),
    ownerName: z.string(),
    /** Derived: archived, else the draft's state when one is being written or reviewed, else published. */
    status: z.enum(moduleStatuses),
    archivedAt: z.number().int().nullable(),
    audience: z.array(AudienceSchema),
    /** What members read; null until a first version is approved. */
    published: ModuleVersionSchema.nullable(),
    /** The version being written or reviewed: shown to the module's lecturers and reviewers only. */
    draft: ModuleVersionSchema.nullable(),
    /** Every version, newest first, without bodies: for lecturers and reviewers (empty for members). */
    history: z.array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        status: z.enum(["draft", "submitted", "rejected", "published", "superseded"]),
        title: z.string(),
        reviewedBy: z.string().nullable(),
        reviewedAt: z.number().int().nullable(),
        reviewNote: z.string().nullable(),
        updatedAt: z.number().int(),
      }),
    ),
    canEdit: z.boolean(),
    canReview: z.boolean(),
    myCompletion: CompletionSchema.nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi("Module");

export const ModuleResponseSchema = z.object({ module: ModuleSchema }).openapi("ModuleResponse");

export const ModuleSummarySchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    ownerId: z.string(),
    ownerName: z.string(),
    status: z.enum(moduleStatuses),
    /** The title of the draft when there is one, else of the published version. */
    title: z.string(),
    version: z.number().int(),
    publishedVersion: z.number().int().nullable(),
    tags: z.array(z.enum(moduleTags)),
    /** 学时 and length in minutes, like the title: of the draft when there is one, else of the published version. */
    hours: z.number(),
    durationMin: z.number().int(),
    /** What members get now — and what a session of the module credits and lasts by default; null until first approved. */
    published: z.object({ durationMin: z.number().int(), hours: z.number() }).nullable(),
    /** The reviewer's note when the draft was sent back (status `rejected`); else null. */
    reviewNote: z.string().nullable(),
    selfPaced: z.boolean(),
    canEdit: z.boolean(),
    canReview: z.boolean(),
    updatedAt: z.number().int(),
  })
  .openapi("ModuleSummary");

export const ModuleListSchema = z.object({ modules: z.array(ModuleSummarySchema) }).openapi("ModuleList");

export const CatalogItemSchema = z
  .object({
    id: z.string(),
    versionId: z.string(),
    orgName: z.string(),
    ownerName: z.string(),
    title: z.string(),
    summary: z.string(),
    tags: z.array(z.enum(moduleTags)),
    durationMin: z.number().int(),
    hours: z.number(),
    hoursTenths: z.number().int(),
    mediaKind: z.enum(["none", "link", "file"]),
    selfPaced: z.boolean(),
    hasQuiz: z.boolean(),
    /** Scheduled sessions of the module that have not ended (the sessions list says which ones the caller may attend). */
    upcomingSessions: z.number().int(),
    completed: z.boolean(),
    publishedAt: z.number().int().nullable(),
  })
  .openapi("CatalogModule");

export const CatalogSchema = z.object({ modules: z.array(CatalogItemSchema) }).openapi("ModuleCatalog");

export const CompleteBodySchema = z
  .object({ confirm: z.literal(true, { error: "请确认已学习完本课程" }) })
  .strict()
  .openapi("CompleteModuleBody");

export const CompletionResultSchema = z
  .object({
    completion: CompletionSchema,
    /** What the completion credited to the caller's year (the first completion only; later ones credit nothing). */
    credit: z.object({ hours: z.number(), hoursTenths: z.number().int(), points: z.number().int(), year: z.number().int() }).nullable(),
  })
  .openapi("CompletionResult");

export const QuizQuestionSchema = z
  .object({
    seq: z.number().int(),
    type: z.enum(questionTypes),
    stem: z.string(),
    /** In the order shown for this quiz; responses give indices in this order. */
    options: z.array(z.string()),
    blanks: z.number().int(),
  })
  .openapi("ModuleQuizQuestion");

export const QuizReviewItemSchema = z
  .object({
    seq: z.number().int(),
    correct: z.boolean(),
    response: ResponseSchema.nullable(),
    /** The right answer in shown positions: an index, indices, a boolean, or accepted answers per blank. */
    rightAnswer: z.unknown(),
    explanation: z.string(),
    source: z.string(),
  })
  .openapi("ModuleQuizReviewItem");

export const QuizSchema = z
  .object({
    id: z.string(),
    moduleId: z.string(),
    versionId: z.string(),
    passPct: z.number().int(),
    questions: z.array(QuizQuestionSchema),
    createdAt: z.number().int(),
    submittedAt: z.number().int().nullable(),
    /** After submission: the score, pass or not, and per question right or wrong with the answer and explanation. */
    result: z
      .object({
        scorePct: z.number().int(),
        passed: z.boolean(),
        correctCount: z.number().int(),
        review: z.array(QuizReviewItemSchema),
      })
      .nullable(),
  })
  .openapi("ModuleQuiz");

export const QuizResponseSchema = z.object({ quiz: QuizSchema, completion: CompletionSchema.nullable() }).openapi("ModuleQuizResponse");

export const SubmitQuizBodySchema = z
  .object({
    /** One per question in order (null: left blank). */
    answers: z.array(ResponseSchema.nullable()).min(1).max(20),
  })
  .strict()
  .openapi("SubmitModuleQuizBody");

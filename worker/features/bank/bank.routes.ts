import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import {
  BankExportSchema,
  BankListSchema,
  BankParams,
  BankResponseSchema,
  BulkBodySchema,
  BulkResultSchema,
  CreateBankBodySchema,
  CreateQuestionBodySchema,
  ExportQuerySchema,
  ImportCommitBodySchema,
  ImportCommitSchema,
  ImportParams,
  ImportPreviewSchema,
  ImportUploadSchema,
  QuestionPageSchema,
  QuestionParams,
  QuestionQuerySchema,
  QuestionResponseSchema,
  UpdateBankBodySchema,
  UpdateQuestionBodySchema,
} from "./bank.schema";
import {
  bulkUpdate,
  createBank,
  createQuestion,
  getBank,
  getQuestionFor,
  listBankQuestions,
  listBanks,
  updateBank,
  updateQuestion,
} from "./bank.service";
import { commitQuestionImport, exportBankJson, previewQuestionImport } from "./bank-import.service";
import { buildQuestionTemplate } from "./formats/sheet";

const tags = ["banks"];

const routes = {
  listBanks: createRoute({
    method: "get",
    path: "/banks",
    operationId: "listBanks",
    tags,
    summary: "Banks I can use (mine, my orgs' and those shared with me) and those of orgs I manage",
    responses: { 200: json(BankListSchema, "Banks"), ...errors(401) },
  }),
  createBank: createRoute({
    method: "post",
    path: "/banks",
    operationId: "createBank",
    tags,
    summary: "Create a bank owned by an org I manage",
    request: { body: jsonBody(CreateBankBodySchema) },
    responses: { 201: json(BankResponseSchema, "Created"), ...errors(400, 401, 403, 404) },
  }),
  getBank: createRoute({
    method: "get",
    path: "/banks/{id}",
    operationId: "getBank",
    tags,
    summary: "One bank I can use or manage, as the list shows it",
    request: { params: BankParams },
    responses: { 200: json(BankResponseSchema, "The bank"), ...errors(400, 401, 404) },
  }),
  updateBank: createRoute({
    method: "patch",
    path: "/banks/{id}",
    operationId: "updateBank",
    tags,
    summary: "Rename, describe or share a bank (org only, with alliances, or public)",
    request: { params: BankParams, body: jsonBody(UpdateBankBodySchema) },
    responses: { 200: json(BankResponseSchema, "Updated"), ...errors(400, 401, 403, 404, 422) },
  }),
  listQuestions: createRoute({
    method: "get",
    path: "/banks/{id}/questions",
    operationId: "listQuestions",
    tags,
    summary: "Search a bank's questions by text, tag, type, difficulty and status (with answers: managers only)",
    request: { params: BankParams, query: QuestionQuerySchema },
    responses: { 200: json(QuestionPageSchema, "A page of questions"), ...errors(400, 401, 403, 404) },
  }),
  createQuestion: createRoute({
    method: "post",
    path: "/banks/{id}/questions",
    operationId: "createQuestion",
    tags,
    summary: "Add a question",
    request: { params: BankParams, body: jsonBody(CreateQuestionBodySchema) },
    responses: { 201: json(QuestionResponseSchema, "Created"), ...errors(400, 401, 403, 404) },
  }),
  bulk: createRoute({
    method: "post",
    path: "/banks/{id}/questions/bulk",
    operationId: "bulkUpdateQuestions",
    tags,
    summary: "Add or remove tags, or change the status (retire), of many questions at once",
    request: { params: BankParams, body: jsonBody(BulkBodySchema) },
    responses: { 200: json(BulkResultSchema, "Updated"), ...errors(400, 401, 403, 404) },
  }),
  getQuestion: createRoute({
    method: "get",
    path: "/questions/{id}",
    operationId: "getQuestion",
    tags,
    summary: "A question's current version (managers of its bank)",
    request: { params: QuestionParams },
    responses: { 200: json(QuestionResponseSchema, "The question"), ...errors(400, 401, 403, 404) },
  }),
  updateQuestion: createRoute({
    method: "patch",
    path: "/questions/{id}",
    operationId: "updateQuestion",
    tags,
    summary: "Edit a question (a new version once the current one has been answered) or change its status",
    request: { params: QuestionParams, body: jsonBody(UpdateQuestionBodySchema) },
    responses: { 200: json(QuestionResponseSchema, "Updated"), ...errors(400, 401, 403, 404) },
  }),
  template: createRoute({
    method: "get",
    path: "/banks/import-template",
    operationId: "downloadQuestionTemplate",
    tags,
    summary: "The question import template (.xlsx with instructions, or UTF-8 .csv)",
    request: { query: z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") }) },
    responses: {
      200: {
        description: "The template file",
        content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errors(400, 401),
    },
  }),
  preview: createRoute({
    method: "post",
    path: "/banks/{id}/import",
    operationId: "importQuestionsPreview",
    tags,
    summary:
      "Read a file (.xlsx/.csv, .docx, GIFT, Aiken, JSON) or pasted text and preview the import: counts, errors by line, likely duplicates",
    request: { params: BankParams, body: { required: true, content: { "multipart/form-data": { schema: ImportUploadSchema } } } },
    responses: { 200: json(ImportPreviewSchema, "The preview; nothing is written"), ...errors(400, 401, 403, 404, 413, 415, 422) },
  }),
  commit: createRoute({
    method: "post",
    path: "/banks/{id}/import/{importId}/commit",
    operationId: "importQuestionsCommit",
    tags,
    summary: "Apply a previewed import, all or nothing",
    request: { params: ImportParams, body: { required: false, content: { "application/json": { schema: ImportCommitBodySchema } } } },
    responses: { 200: json(ImportCommitSchema, "Imported"), ...errors(400, 401, 403, 404, 409, 410, 422) },
  }),
  export: createRoute({
    method: "get",
    path: "/banks/{id}/export",
    operationId: "exportBank",
    tags,
    summary: "The whole bank as JSON (lossless: it imports back as the same questions)",
    request: { params: BankParams, query: ExportQuerySchema },
    responses: { 200: json(BankExportSchema, "The bank"), ...errors(400, 401, 403, 404) },
  }),
};

const contentTypes = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv; charset=utf-8" };

export const bankRoutes = createRouter()
  .openapi(routes.listBanks, async (c) => c.json({ banks: await listBanks(c.get("db"), requireUser(c)) }, 200))
  .openapi(routes.createBank, async (c) => c.json({ bank: await createBank(c, requireUser(c), c.req.valid("json")) }, 201))
  .openapi(routes.updateBank, async (c) =>
    c.json({ bank: await updateBank(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")) }, 200),
  )
  .openapi(routes.template, async (c) => {
    requireUser(c);
    const { format } = c.req.valid("query");
    const bytes = await buildQuestionTemplate(format);
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": contentTypes[format],
      "content-disposition": `attachment; filename="question-template.${format}"; filename*=UTF-8''${encodeURIComponent(`试题导入模板.${format}`)}`,
    });
  })
  // After the template: `/banks/import-template` must not be taken for a bank id.
  .openapi(routes.getBank, async (c) => c.json({ bank: await getBank(c.get("db"), requireUser(c), c.req.valid("param").id) }, 200))
  .openapi(routes.listQuestions, async (c) =>
    c.json(await listBankQuestions(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query")), 200),
  )
  .openapi(routes.createQuestion, async (c) =>
    c.json({ question: await createQuestion(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")) }, 201),
  )
  .openapi(routes.bulk, async (c) => c.json(await bulkUpdate(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 200))
  .openapi(routes.getQuestion, async (c) =>
    c.json({ question: await getQuestionFor(c.get("db"), requireUser(c), c.req.valid("param").id) }, 200),
  )
  .openapi(routes.updateQuestion, async (c) =>
    c.json({ question: await updateQuestion(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")) }, 200),
  )
  .openapi(routes.preview, async (c) =>
    c.json(await previewQuestionImport(c, requireUser(c), c.req.valid("param").id, c.req.valid("form")), 200),
  )
  .openapi(routes.commit, async (c) => {
    const { id, importId } = c.req.valid("param");
    const body = c.req.valid("json") as { skipDuplicates?: boolean; status?: "draft" | "active" } | undefined;
    return c.json(
      await commitQuestionImport(c, requireUser(c), id, importId, {
        skipDuplicates: body?.skipDuplicates ?? true,
        status: body?.status ?? "active",
      }),
      200,
    );
  })
  .openapi(routes.export, async (c) => {
    const { fileName, body } = await exportBankJson(c, requireUser(c), c.req.valid("param").id);
    c.header("content-disposition", `attachment; filename="bank.json"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    return c.json(body, 200);
  });

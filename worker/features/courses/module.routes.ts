import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env";
import { requireUser } from "../../lib/auth";
import { ApiError } from "../../lib/errors";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { completeModule, getQuiz, startQuiz, submitQuiz } from "./completion.service";
import { MAX_MEDIA_BYTES } from "./media";
import {
  AudienceOptionsQuerySchema,
  AudienceOptionsSchema,
  CatalogQuerySchema,
  CatalogSchema,
  CompleteBodySchema,
  CompletionResultSchema,
  CreateModuleBodySchema,
  MediaUploadSchema,
  ModuleListQuerySchema,
  ModuleListSchema,
  ModuleParams,
  ModuleResponseSchema,
  ModuleVersionParams,
  QuizParams,
  QuizResponseSchema,
  RejectModuleBodySchema,
  SubmitQuizBodySchema,
  UpdateModuleBodySchema,
} from "./module.schema";
import {
  archiveModule,
  audienceOptions,
  createModule,
  downloadMedia,
  listCatalog,
  listModules,
  loadModuleFor,
  presentModule,
  publishModule,
  rejectModule,
  submitModule,
  updateModule,
  uploadMedia,
} from "./module.service";

const tags = ["courses"];

/** Multipart framing around the file: the file itself is measured exactly once parsed. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * Before the body is read: the caller is logged in, and the declared length is within the cap, so
 * a 2 GB upload is refused with 413 without reading it. Browsers always declare the length of a
 * form they send; a body without one is refused rather than read to find out.
 */
const uploadGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c);
  const length = c.req.header("content-length");
  if (length === undefined || !/^\d+$/.test(length)) throw new ApiError("BAD_REQUEST", "module.mediaLengthRequired");
  if (Number(length) > MAX_MEDIA_BYTES + MULTIPART_SLACK)
    throw new ApiError("PAYLOAD_TOO_LARGE", "module.mediaTooLarge", { mb: MAX_MEDIA_BYTES / 1024 / 1024 });
  await next();
};

const routes = {
  create: createRoute({
    method: "post",
    path: "/modules",
    operationId: "createModule",
    tags,
    summary: "Write a course module (微课) of an org as its lecturer or organizer: version 1, a draft",
    request: { body: jsonBody(CreateModuleBodySchema) },
    responses: { 201: json(ModuleResponseSchema, "Created"), ...errors(400, 401, 403, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/modules",
    operationId: "listModules",
    tags,
    summary: "Modules of the orgs I review (their subtrees) or lecture in, by status, tag or text; newest change first",
    request: { query: ModuleListQuerySchema },
    responses: { 200: json(ModuleListSchema, "Modules"), ...errors(400, 401) },
  }),
  audienceOptions: createRoute({
    method: "get",
    path: "/modules/audience-options",
    operationId: "getModuleAudienceOptions",
    tags,
    summary:
      "Whom a module of an org may be for: the org's subtree and the orgs above it, its alliances, everyone (its lecturers and organizers)",
    request: { query: AudienceOptionsQuerySchema },
    responses: { 200: json(AudienceOptionsSchema, "Audience options"), ...errors(400, 401, 403, 404) },
  }),
  catalog: createRoute({
    method: "get",
    path: "/catalog/modules",
    operationId: "listCatalog",
    tags,
    summary: "Published modules meant for me (by org, alliance or for everyone), by tag or text, with upcoming sessions and my completion",
    request: { query: CatalogQuerySchema },
    responses: { 200: json(CatalogSchema, "Catalog"), ...errors(400, 401) },
  }),
  get: createRoute({
    method: "get",
    path: "/modules/{id}",
    operationId: "getModule",
    tags,
    summary:
      "One module: for its lecturers and reviewers with the draft and history; for a member the published version, when meant for them",
    request: { params: ModuleParams },
    responses: { 200: json(ModuleResponseSchema, "Module"), ...errors(401, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/modules/{id}",
    operationId: "updateModule",
    tags,
    summary: "Edit the draft in place, or start a new draft version of a published module (the published one stays live until approved)",
    request: { params: ModuleParams, body: jsonBody(UpdateModuleBodySchema) },
    responses: { 200: json(ModuleResponseSchema, "Updated"), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  submit: createRoute({
    method: "post",
    path: "/modules/{id}/submit",
    operationId: "submitModule",
    tags,
    summary: "Send the draft for review by an organizer of the owning org",
    request: { params: ModuleParams },
    responses: { 200: json(ModuleResponseSchema, "Submitted"), ...errors(401, 403, 404, 409) },
  }),
  publish: createRoute({
    method: "post",
    path: "/modules/{id}/publish",
    operationId: "publishModule",
    tags,
    summary: "Approve the submitted version (organizers of the owning org or above): it is published, the previous one superseded; audited",
    request: { params: ModuleParams },
    responses: { 200: json(ModuleResponseSchema, "Published"), ...errors(401, 403, 404, 409) },
  }),
  reject: createRoute({
    method: "post",
    path: "/modules/{id}/reject",
    operationId: "rejectModule",
    tags,
    summary: "Send the submitted version back with a note; it can be edited and submitted again",
    request: { params: ModuleParams, body: jsonBody(RejectModuleBodySchema) },
    responses: { 200: json(ModuleResponseSchema, "Rejected"), ...errors(400, 401, 403, 404, 409) },
  }),
  archive: createRoute({
    method: "post",
    path: "/modules/{id}/archive",
    operationId: "archiveModule",
    tags,
    summary: "Take a module out of the catalog",
    request: { params: ModuleParams },
    responses: { 200: json(ModuleResponseSchema, "Archived"), ...errors(401, 403, 404, 409) },
  }),
  upload: createRoute({
    method: "post",
    path: "/modules/{id}/media",
    operationId: "uploadModuleMedia",
    tags,
    summary: "Upload the draft version's file (.pdf, .pptx, .docx, .mp4, .png, .jpg; up to 50 MB) to R2",
    middleware: [uploadGuard] as const,
    request: { params: ModuleParams, body: { required: true, content: { "multipart/form-data": { schema: MediaUploadSchema } } } },
    responses: { 200: json(ModuleResponseSchema, "Stored"), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
  download: createRoute({
    method: "get",
    path: "/modules/{id}/versions/{versionId}/media",
    operationId: "downloadModuleMedia",
    tags,
    summary: "A version's file, streamed from R2 (Range requests answered), to those who may read that version",
    request: { params: ModuleVersionParams },
    responses: {
      200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      206: {
        description: "Part of the file",
        content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errors(401, 404),
    },
  }),
  complete: createRoute({
    method: "post",
    path: "/modules/{id}/complete",
    operationId: "completeModule",
    tags,
    summary: "Mark a self-paced module without a quiz complete on my own confirmation; credits its study hours once",
    request: { params: ModuleParams, body: jsonBody(CompleteBodySchema) },
    responses: { 200: json(CompletionResultSchema, "Completed"), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  startQuiz: createRoute({
    method: "post",
    path: "/modules/{id}/quiz",
    operationId: "startModuleQuiz",
    tags,
    summary: "Take the module's completion quiz: questions drawn from its bank, without answers (an unsubmitted one is handed back)",
    request: { params: ModuleParams },
    responses: { 200: json(QuizResponseSchema, "Quiz"), ...errors(401, 403, 404, 409, 422) },
  }),
  getQuiz: createRoute({
    method: "get",
    path: "/module-quizzes/{id}",
    operationId: "getModuleQuiz",
    tags,
    summary: "My quiz: the questions, and after submission the result with right answers and explanations",
    request: { params: QuizParams },
    responses: { 200: json(QuizResponseSchema, "Quiz"), ...errors(401, 404) },
  }),
  submitQuiz: createRoute({
    method: "post",
    path: "/module-quizzes/{id}/submit",
    operationId: "submitModuleQuiz",
    tags,
    summary: "Hand in my quiz: graded on the server; passing completes the module and credits its study hours once",
    request: { params: QuizParams, body: jsonBody(SubmitQuizBodySchema) },
    responses: { 200: json(QuizResponseSchema, "Graded"), ...errors(400, 401, 404, 409, 422) },
  }),
};

export const moduleRoutes = createRouter()
  .openapi(routes.catalog, async (c) => c.json(await listCatalog(c.get("db"), requireUser(c), c.req.valid("query")), 200))
  .openapi(routes.list, async (c) => c.json(await listModules(c.get("db"), requireUser(c), c.req.valid("query")), 200))
  .openapi(routes.audienceOptions, async (c) => c.json(await audienceOptions(c.get("db"), requireUser(c), c.req.valid("query").orgId), 200))
  .openapi(routes.create, async (c) => c.json(await createModule(c, requireUser(c), c.req.valid("json")), 201))
  .openapi(routes.get, async (c) => {
    const user = requireUser(c);
    return c.json({ module: presentModule(user, await loadModuleFor(c.get("db"), user, c.req.valid("param").id)) }, 200);
  })
  .openapi(routes.update, async (c) => c.json(await updateModule(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 200))
  .openapi(routes.submit, async (c) => c.json(await submitModule(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.publish, async (c) => c.json(await publishModule(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.reject, async (c) =>
    c.json(await rejectModule(c, requireUser(c), c.req.valid("param").id, c.req.valid("json").note), 200),
  )
  .openapi(routes.archive, async (c) => c.json(await archiveModule(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.upload, async (c) => c.json(await uploadMedia(c, requireUser(c), c.req.valid("param").id, c.req.valid("form").file), 200))
  .openapi(routes.download, async (c) => {
    const { id, versionId } = c.req.valid("param");
    return downloadMedia(c, requireUser(c), id, versionId) as never;
  })
  .openapi(routes.complete, async (c) => c.json(await completeModule(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.startQuiz, async (c) => c.json(await startQuiz(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.getQuiz, async (c) => c.json(await getQuiz(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.submitQuiz, async (c) =>
    c.json(await submitQuiz(c, requireUser(c), c.req.valid("param").id, c.req.valid("json").answers), 200),
  );

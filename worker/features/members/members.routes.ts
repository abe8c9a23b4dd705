import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { IdParam } from "../../shared/schemas";
import { EmptyBodySchema, OkSchema } from "../auth/auth.schema";
import { loadOrgFor } from "../orgs/orgs.service";
import { buildMemberTemplate } from "./member-import.parse";
import { commitImport, previewImport } from "./member-import.service";
import {
  ActivationCodeSchema,
  CreatedMemberSchema,
  CreateMemberBodySchema,
  ImportCommitSchema,
  ImportParams,
  ImportPreviewSchema,
  ImportUploadSchema,
  MemberPageSchema,
  MemberQuerySchema,
  MemberResponseSchema,
  OrgMemberParams,
  TemplateQuerySchema,
  UpdateMembershipBodySchema,
} from "./members.schema";
import { addMember, listOrgMembers, removeMembership, resetActivation, updateMembershipTitle } from "./members.service";

const tags = ["members"];

const listMembersRoute = createRoute({
  method: "get",
  path: "/orgs/{id}/members",
  operationId: "listOrgMembers",
  tags,
  summary: "Members of an org I manage (and of its sub-orgs), searchable, paged",
  request: { params: OrgMemberParams, query: MemberQuerySchema },
  responses: { 200: json(MemberPageSchema, "A page of members"), ...errors(400, 401, 403, 404) },
});

const addMemberRoute = createRoute({
  method: "post",
  path: "/orgs/{id}/members",
  operationId: "addMember",
  tags,
  summary: "Add a person to an org; a new phone gets a pending account and a one-time activation code",
  request: { params: OrgMemberParams, body: jsonBody(CreateMemberBodySchema) },
  responses: { 201: json(CreatedMemberSchema, "Added"), ...errors(400, 401, 403, 404, 409) },
});

const updateMembershipRoute = createRoute({
  method: "patch",
  path: "/memberships/{id}",
  operationId: "updateMembership",
  tags,
  summary: "Change a member's title (职务)",
  request: { params: IdParam, body: jsonBody(UpdateMembershipBodySchema) },
  responses: { 200: json(MemberResponseSchema, "Updated"), ...errors(400, 401, 404) },
});

const removeMembershipRoute = createRoute({
  method: "delete",
  path: "/memberships/{id}",
  operationId: "removeMembership",
  tags,
  summary: "Remove a person's role in an org",
  request: { params: IdParam },
  responses: { 200: json(OkSchema, "Removed"), ...errors(400, 401, 404, 409) },
});

const activationRoute = createRoute({
  method: "post",
  path: "/users/{id}/activation-code",
  operationId: "issueActivationCode",
  tags,
  summary: "A new one-time code for a person in an org I manage (first activation or password reset)",
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: EmptyBodySchema } } } },
  responses: { 200: json(ActivationCodeSchema, "The code, shown once"), ...errors(400, 401, 403, 404) },
});

const templateRoute = createRoute({
  method: "get",
  path: "/orgs/{id}/members/import-template",
  operationId: "downloadMemberImportTemplate",
  tags,
  summary: "The member import template (.xlsx with instructions, or UTF-8 .csv with BOM)",
  request: { params: OrgMemberParams, query: TemplateQuerySchema },
  responses: {
    200: {
      description: "The template file",
      content: {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
        "text/csv": { schema: z.string() },
      },
    },
    ...errors(400, 401, 403, 404),
  },
});

const previewRoute = createRoute({
  method: "post",
  path: "/orgs/{id}/members/import",
  operationId: "previewMemberImport",
  tags,
  summary: "Upload a member list and see what an import would do, row by row; nothing is written",
  request: { params: OrgMemberParams, body: { required: true, content: { "multipart/form-data": { schema: ImportUploadSchema } } } },
  responses: { 200: json(ImportPreviewSchema, "The preview"), ...errors(400, 401, 403, 404, 413, 415, 422) },
});

const commitRoute = createRoute({
  method: "post",
  path: "/orgs/{id}/members/import/{importId}/commit",
  operationId: "commitMemberImport",
  tags,
  summary: "Apply a previewed import, all or nothing",
  request: { params: ImportParams, body: { required: false, content: { "application/json": { schema: EmptyBodySchema } } } },
  responses: { 200: json(ImportCommitSchema, "Applied"), ...errors(400, 401, 403, 404, 409, 410, 422) },
});

const contentTypes = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv; charset=utf-8" };

export const membersRoutes = createRouter()
  .openapi(listMembersRoute, async (c) =>
    c.json(await listOrgMembers(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query")), 200),
  )
  .openapi(addMemberRoute, async (c) => c.json(await addMember(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 201))
  .openapi(updateMembershipRoute, async (c) =>
    c.json(await updateMembershipTitle(c, requireUser(c), c.req.valid("param").id, c.req.valid("json").title), 200),
  )
  .openapi(removeMembershipRoute, async (c) => {
    await removeMembership(c, requireUser(c), c.req.valid("param").id);
    return c.json({ ok: true as const }, 200);
  })
  .openapi(activationRoute, async (c) => c.json(await resetActivation(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(templateRoute, async (c) => {
    await loadOrgFor(c.get("db"), requireUser(c), c.req.valid("param").id, "manage");
    const { format } = c.req.valid("query");
    const bytes = await buildMemberTemplate(format);
    const fileName = encodeURIComponent(`成员导入模板.${format}`);
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": contentTypes[format],
      "content-disposition": `attachment; filename="member-import-template.${format}"; filename*=UTF-8''${fileName}`,
    });
  })
  .openapi(previewRoute, async (c) =>
    c.json(await previewImport(c, requireUser(c), c.req.valid("param").id, c.req.valid("form").file), 200),
  )
  .openapi(commitRoute, async (c) => {
    const { id, importId } = c.req.valid("param");
    return c.json(await commitImport(c, requireUser(c), id, importId), 200);
  });

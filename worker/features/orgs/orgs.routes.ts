import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { IdParam } from "../../shared/schemas";
import { OkSchema } from "../auth/auth.schema";
import { CreateOrgBodySchema, OrgDetailSchema, OrgListSchema, OrgResponseSchema, UpdateOrgBodySchema } from "./orgs.schema";
import { createOrg, deleteOrg, getOrgDetail, listVisibleOrgs, updateOrg } from "./orgs.service";

const tags = ["orgs"];

const listOrgsRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "listOrgs",
  tags,
  summary: "The orgs I see: subtrees I manage and the orgs I belong to, with their ancestors (flat, by depth)",
  responses: { 200: json(OrgListSchema, "Orgs"), ...errors(401) },
});

const createOrgRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "createOrg",
  tags,
  summary: "Add an org under one I manage (a top-level committee: admins only)",
  request: { body: jsonBody(CreateOrgBodySchema) },
  responses: { 201: json(OrgResponseSchema, "Created"), ...errors(400, 401, 403, 404, 409, 422) },
});

const getOrgRoute = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getOrg",
  tags,
  summary: "An org with its ancestors and children",
  request: { params: IdParam },
  responses: { 200: json(OrgDetailSchema, "The org"), ...errors(400, 401, 404) },
});

const updateOrgRoute = createRoute({
  method: "patch",
  path: "/{id}",
  operationId: "updateOrg",
  tags,
  summary: "Rename or reorder an org I manage",
  request: { params: IdParam, body: jsonBody(UpdateOrgBodySchema) },
  responses: { 200: json(OrgResponseSchema, "Updated"), ...errors(400, 401, 403, 404, 409) },
});

const deleteOrgRoute = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "deleteOrg",
  tags,
  summary: "Delete an empty org (no sub-orgs, members or alliances) under one I manage",
  request: { params: IdParam },
  responses: { 200: json(OkSchema, "Deleted"), ...errors(400, 401, 403, 404, 409) },
});

export const orgsRoutes = createRouter()
  .openapi(listOrgsRoute, async (c) => c.json({ orgs: await listVisibleOrgs(c.get("db"), requireUser(c)) }, 200))
  .openapi(createOrgRoute, async (c) => c.json({ org: await createOrg(c, requireUser(c), c.req.valid("json")) }, 201))
  .openapi(getOrgRoute, async (c) => c.json(await getOrgDetail(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(updateOrgRoute, async (c) =>
    c.json({ org: await updateOrg(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")) }, 200),
  )
  .openapi(deleteOrgRoute, async (c) => {
    await deleteOrg(c, requireUser(c), c.req.valid("param").id);
    return c.json({ ok: true as const }, 200);
  });

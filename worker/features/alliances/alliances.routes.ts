import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { IdParam } from "../../shared/schemas";
import { EmptyBodySchema, OkSchema } from "../auth/auth.schema";
import {
  AllianceListSchema,
  AllianceOrganizerParams,
  AllianceOrgParams,
  AllianceResponseSchema,
  CreateAllianceBodySchema,
  UpdateAllianceBodySchema,
} from "./alliances.schema";
import {
  addAllianceOrg,
  createAlliance,
  getAlliance,
  listAlliances,
  removeAllianceOrg,
  setAllianceOrganizer,
  updateAlliance,
} from "./alliances.service";

const tags = ["alliances"];
const noBody = { required: false, content: { "application/json": { schema: EmptyBodySchema } } };
const allianceResponse = json(AllianceResponseSchema, "The alliance");

const routes = {
  list: createRoute({
    method: "get",
    path: "/",
    operationId: "listAlliances",
    tags,
    summary: "Alliances I organize or that one of my orgs (or an org above it) belongs to",
    responses: { 200: json(AllianceListSchema, "Alliances"), ...errors(401) },
  }),
  create: createRoute({
    method: "post",
    path: "/",
    operationId: "createAlliance",
    tags,
    summary: "Create an alliance of orgs (admins)",
    request: { body: jsonBody(CreateAllianceBodySchema) },
    responses: { 201: allianceResponse, ...errors(400, 401, 403, 404) },
  }),
  get: createRoute({
    method: "get",
    path: "/{id}",
    operationId: "getAlliance",
    tags,
    summary: "An alliance with its member orgs and organizers",
    request: { params: IdParam },
    responses: { 200: allianceResponse, ...errors(400, 401, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "updateAlliance",
    tags,
    summary: "Rename or describe an alliance I organize",
    request: { params: IdParam, body: jsonBody(UpdateAllianceBodySchema) },
    responses: { 200: allianceResponse, ...errors(400, 401, 403, 404) },
  }),
  addOrg: createRoute({
    method: "put",
    path: "/{id}/orgs/{orgId}",
    operationId: "addAllianceOrg",
    tags,
    summary: "Bring an org I manage into an alliance I organize",
    request: { params: AllianceOrgParams, body: noBody },
    responses: { 200: allianceResponse, ...errors(400, 401, 403, 404, 409) },
  }),
  removeOrg: createRoute({
    method: "delete",
    path: "/{id}/orgs/{orgId}",
    operationId: "removeAllianceOrg",
    tags,
    summary: "Take an org out of an alliance (its organizers, or the org's own)",
    request: { params: AllianceOrgParams },
    responses: { 200: json(OkSchema, "Removed (the caller may no longer see the alliance)"), ...errors(400, 401, 403, 404) },
  }),
  addOrganizer: createRoute({
    method: "put",
    path: "/{id}/organizers/{userId}",
    operationId: "addAllianceOrganizer",
    tags,
    summary: "Make an organizer of a member org an organizer of the alliance",
    request: { params: AllianceOrganizerParams, body: noBody },
    responses: { 200: allianceResponse, ...errors(400, 401, 403, 404, 422) },
  }),
  removeOrganizer: createRoute({
    method: "delete",
    path: "/{id}/organizers/{userId}",
    operationId: "removeAllianceOrganizer",
    tags,
    summary: "Remove an alliance organizer",
    request: { params: AllianceOrganizerParams },
    responses: { 200: allianceResponse, ...errors(400, 401, 403, 404) },
  }),
};

export const alliancesRoutes = createRouter()
  .openapi(routes.list, async (c) => c.json({ alliances: await listAlliances(c.get("db"), requireUser(c)) }, 200))
  .openapi(routes.create, async (c) => c.json({ alliance: await createAlliance(c, requireUser(c), c.req.valid("json")) }, 201))
  .openapi(routes.get, async (c) => c.json({ alliance: await getAlliance(c.get("db"), requireUser(c), c.req.valid("param").id) }, 200))
  .openapi(routes.update, async (c) =>
    c.json({ alliance: await updateAlliance(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")) }, 200),
  )
  .openapi(routes.addOrg, async (c) => {
    const { id, orgId } = c.req.valid("param");
    return c.json({ alliance: await addAllianceOrg(c, requireUser(c), id, orgId) }, 200);
  })
  .openapi(routes.removeOrg, async (c) => {
    const { id, orgId } = c.req.valid("param");
    await removeAllianceOrg(c, requireUser(c), id, orgId);
    return c.json({ ok: true as const }, 200);
  })
  .openapi(routes.addOrganizer, async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json({ alliance: await setAllianceOrganizer(c, requireUser(c), id, userId, true) }, 200);
  })
  .openapi(routes.removeOrganizer, async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json({ alliance: await setAllianceOrganizer(c, requireUser(c), id, userId, false) }, 200);
  });

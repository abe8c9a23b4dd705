import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import type { TableDownload } from "../../lib/table-file";
import { now } from "../../lib/time";
import { yearOf } from "../ledger/ledger.service";
import { addLedgerEntry, getMemberStudy, reverseLedgerEntry } from "../ledger/manual.service";
import {
  FormatQuerySchema,
  IdParams,
  LedgerEntryBodySchema,
  LedgerEntryResponseSchema,
  MemberStudySchema,
  MyPlanProgressSchema,
  OrgParams,
  OrgPlanProgressSchema,
  OrgYearParams,
  PointsRankingSchema,
  PointsRulesBodySchema,
  PointsRulesSchema,
  RankingQuerySchema,
  ReportSnapshotListSchema,
  ReportSnapshotViewSchema,
  ReverseBodySchema,
  SnapshotQuerySchema,
  UserParams,
  YearPlanBodySchema,
  YearPlanSchema,
  YearQuerySchema,
} from "./plans.schema";
import { clearYearPlan, exportOrgPlanProgress, getMyPlanProgress, getOrgPlanProgress, getYearPlan, setYearPlan } from "./plans.service";
import { exportPointsTotals, getPointsRanking, getPointsRules, setPointsRules } from "./points.service";
import { exportReportSnapshot, getReportSnapshot, listReportSnapshots } from "./snapshots.service";

const tags = ["plans"];
const file = (description: string) => ({
  description,
  content: {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
    "text/csv": { schema: z.string() },
  },
});

const routes = {
  getPlan: createRoute({
    method: "get",
    path: "/orgs/{orgId}/plans/{year}",
    operationId: "getYearPlan",
    tags,
    summary: "An org's learning plan for a year: its own, what the plans above ask (the floor), and the two combined",
    request: { params: OrgYearParams },
    responses: { 200: json(YearPlanSchema, "The plan"), ...errors(400, 401, 403, 404) },
  }),
  setPlan: createRoute({
    method: "put",
    path: "/orgs/{orgId}/plans/{year}",
    operationId: "setYearPlan",
    tags,
    summary: "Set an org's plan for a year (organizers of the org or above); it may only raise what the plans above ask",
    request: { params: OrgYearParams, body: jsonBody(YearPlanBodySchema) },
    responses: { 200: json(YearPlanSchema, "The plan as saved"), ...errors(400, 401, 403, 404) },
  }),
  clearPlan: createRoute({
    method: "delete",
    path: "/orgs/{orgId}/plans/{year}",
    operationId: "clearYearPlan",
    tags,
    summary: "Remove an org's own plan for a year: it inherits the plans above again",
    request: { params: OrgYearParams },
    responses: { 200: json(YearPlanSchema, "The plan now"), ...errors(400, 401, 403, 404) },
  }),
  myProgress: createRoute({
    method: "get",
    path: "/me/plan",
    operationId: "getMyPlanProgress",
    tags,
    summary: "My year against my plan: hours, required modules, contest rounds, points, pace and what to do next",
    request: { query: YearQuerySchema },
    responses: { 200: json(MyPlanProgressSchema, "Progress"), ...errors(400, 401) },
  }),
  orgProgress: createRoute({
    method: "get",
    path: "/orgs/{orgId}/plan-progress",
    operationId: "getOrgPlanProgress",
    tags,
    summary: "The org dashboard: completion by sub-org, members behind pace, delivery targets, months (organizers of the subtree)",
    request: { params: OrgParams, query: YearQuerySchema },
    responses: { 200: json(OrgPlanProgressSchema, "Progress"), ...errors(400, 401, 403, 404) },
  }),
  exportProgress: createRoute({
    method: "get",
    path: "/orgs/{orgId}/plan-progress/export",
    operationId: "exportOrgPlanProgress",
    tags,
    summary: "The dashboard's orgs and members as .xlsx (two sheets) or .csv",
    request: { params: OrgParams, query: FormatQuerySchema },
    responses: { 200: file("The progress file"), ...errors(400, 401, 403, 404) },
  }),
  getRules: createRoute({
    method: "get",
    path: "/orgs/{orgId}/points-rules",
    operationId: "getPointsRules",
    tags,
    summary: "The points rules in force for an org today and its own versions",
    request: { params: OrgParams },
    responses: { 200: json(PointsRulesSchema, "Rules"), ...errors(400, 401, 403, 404) },
  }),
  setRules: createRoute({
    method: "post",
    path: "/orgs/{orgId}/points-rules",
    operationId: "setPointsRules",
    tags,
    summary: "Add a version of an org's points rules, in force from a day (today or later); earned points never change",
    request: { params: OrgParams, body: jsonBody(PointsRulesBodySchema) },
    responses: { 200: json(PointsRulesSchema, "Rules"), ...errors(400, 401, 403, 404) },
  }),
  ranking: createRoute({
    method: "get",
    path: "/points/ranking",
    operationId: "getPointsRanking",
    tags,
    summary: "Points of a year: a member's own branch (only if it opted in), or an organizer's totals by sub-org (orgId)",
    request: { query: RankingQuerySchema },
    responses: { 200: json(PointsRankingSchema, "Ranking"), ...errors(400, 401, 403, 404) },
  }),
  exportPoints: createRoute({
    method: "get",
    path: "/orgs/{orgId}/points/export",
    operationId: "exportPointsTotals",
    tags,
    summary: "Points totals by org and by member as .xlsx or .csv",
    request: { params: OrgParams, query: FormatQuerySchema },
    responses: { 200: file("The points file"), ...errors(400, 401, 403, 404) },
  }),
  addEntry: createRoute({
    method: "post",
    path: "/ledger",
    operationId: "addLedgerEntry",
    tags,
    summary: "Record study hours or award points by hand (补记), with a reason and the evidence; audited",
    request: { body: jsonBody(LedgerEntryBodySchema) },
    responses: { 201: json(LedgerEntryResponseSchema, "The entry"), ...errors(400, 401, 403, 404, 422) },
  }),
  reverseEntry: createRoute({
    method: "post",
    path: "/ledger/{id}/reverse",
    operationId: "reverseLedgerEntry",
    tags,
    summary: "Take back a manual entry with a reason: it stays in the history and no longer counts anywhere",
    request: { params: IdParams, body: jsonBody(ReverseBodySchema) },
    responses: { 200: json(LedgerEntryResponseSchema, "The entry"), ...errors(400, 401, 404, 409) },
  }),
  memberStudy: createRoute({
    method: "get",
    path: "/members/{userId}/study",
    operationId: "getMemberStudy",
    tags,
    summary: "A person's study hours and points for a year, with every entry (organizers of one of their orgs)",
    request: { params: UserParams, query: YearQuerySchema },
    responses: { 200: json(MemberStudySchema, "The person's year"), ...errors(400, 401, 403, 404) },
  }),
  snapshots: createRoute({
    method: "get",
    path: "/orgs/{orgId}/report-snapshots",
    operationId: "listReportSnapshots",
    tags,
    summary: "Monthly, quarterly and yearly report snapshots of the org's tree, newest first",
    request: { params: OrgParams },
    responses: { 200: json(ReportSnapshotListSchema, "Snapshots"), ...errors(400, 401, 403, 404) },
  }),
  snapshot: createRoute({
    method: "get",
    path: "/report-snapshots/{id}",
    operationId: "getReportSnapshot",
    tags,
    summary: "A report snapshot, the part under orgId (default: the outermost org the caller manages in it)",
    request: { params: IdParams, query: SnapshotQuerySchema },
    responses: { 200: json(ReportSnapshotViewSchema, "The snapshot"), ...errors(400, 401, 404) },
  }),
  exportSnapshot: createRoute({
    method: "get",
    path: "/report-snapshots/{id}/export",
    operationId: "exportReportSnapshot",
    tags,
    summary: "A report snapshot as .xlsx (orgs and members) or .csv",
    request: { params: IdParams, query: SnapshotQuerySchema },
    responses: { 200: file("The report file"), ...errors(400, 401, 404) },
  }),
};

function send(c: Context<AppEnv>, download: TableDownload) {
  return c.body(new Uint8Array(download.bytes), 200, { "content-type": download.contentType, "content-disposition": download.disposition });
}

const thisYear = () => yearOf(now());

export const plansRoutes = createRouter()
  .openapi(routes.getPlan, async (c) => {
    const { orgId, year } = c.req.valid("param");
    return c.json(await getYearPlan(c.get("db"), requireUser(c), orgId, year), 200);
  })
  .openapi(routes.setPlan, async (c) => {
    const { orgId, year } = c.req.valid("param");
    return c.json(await setYearPlan(c, requireUser(c), orgId, year, c.req.valid("json")), 200);
  })
  .openapi(routes.clearPlan, async (c) => {
    const { orgId, year } = c.req.valid("param");
    return c.json(await clearYearPlan(c, requireUser(c), orgId, year), 200);
  })
  .openapi(routes.myProgress, async (c) =>
    c.json(await getMyPlanProgress(c.get("db"), requireUser(c), c.req.valid("query").year ?? thisYear(), now()), 200),
  )
  .openapi(routes.orgProgress, async (c) => {
    const year = c.req.valid("query").year ?? thisYear();
    return c.json(await getOrgPlanProgress(c.get("db"), requireUser(c), c.req.valid("param").orgId, year, now()), 200);
  })
  .openapi(routes.exportProgress, async (c) => {
    const { year, format } = c.req.valid("query");
    return send(c, await exportOrgPlanProgress(c.get("db"), requireUser(c), c.req.valid("param").orgId, year ?? thisYear(), format, now()));
  })
  .openapi(routes.getRules, async (c) => c.json(await getPointsRules(c.get("db"), requireUser(c), c.req.valid("param").orgId, now()), 200))
  .openapi(routes.setRules, async (c) =>
    c.json(await setPointsRules(c, requireUser(c), c.req.valid("param").orgId, c.req.valid("json")), 200),
  )
  .openapi(routes.ranking, async (c) => {
    const { orgId, year } = c.req.valid("query");
    return c.json(await getPointsRanking(c.get("db"), requireUser(c), orgId, year ?? thisYear(), now()), 200);
  })
  .openapi(routes.exportPoints, async (c) => {
    const { year, format } = c.req.valid("query");
    return send(c, await exportPointsTotals(c.get("db"), requireUser(c), c.req.valid("param").orgId, year ?? thisYear(), format, now()));
  })
  .openapi(routes.addEntry, async (c) => c.json(await addLedgerEntry(c, requireUser(c), c.req.valid("json")), 201))
  .openapi(routes.reverseEntry, async (c) =>
    c.json(await reverseLedgerEntry(c, requireUser(c), c.req.valid("param").id, c.req.valid("json").reason), 200),
  )
  .openapi(routes.memberStudy, async (c) => {
    const year = c.req.valid("query").year ?? thisYear();
    return c.json(await getMemberStudy(c.get("db"), requireUser(c), c.req.valid("param").userId, year, now()), 200);
  })
  .openapi(routes.snapshots, async (c) => c.json(await listReportSnapshots(c.get("db"), requireUser(c), c.req.valid("param").orgId), 200))
  .openapi(routes.snapshot, async (c) =>
    c.json(await getReportSnapshot(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query").orgId), 200),
  )
  .openapi(routes.exportSnapshot, async (c) => {
    const { orgId, format } = c.req.valid("query");
    return send(c, await exportReportSnapshot(c.get("db"), requireUser(c), c.req.valid("param").id, orgId, format ?? "xlsx"));
  });

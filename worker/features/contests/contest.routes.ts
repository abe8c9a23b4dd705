import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { now } from "../../lib/time";
import { finishAttempt, getAttempt, listMyContests, startAttempt, submitAnswer } from "./attempt.service";
import { presentContest } from "./contest.repo";
import {
  AnswerParams,
  AttemptParams,
  AttemptResponseSchema,
  CertificateParams,
  CertificateSchema,
  ContestListSchema,
  ContestParams,
  ContestResponseSchema,
  CreateContestBodySchema,
  CreateRoundBodySchema,
  ExportQuerySchema,
  GrantBodySchema,
  GrantSchema,
  HistogramSchema,
  LeaderboardQuerySchema,
  LeaderboardSchema,
  MonitorSchema,
  MyContestListSchema,
  QuestionStatsSchema,
  RoundParams,
  RoundSchema,
  StandingsQuerySchema,
  StandingsSchema,
  SubmitAnswerBodySchema,
  SubmitAnswerResultSchema,
  UpdateContestBodySchema,
  UpdateRoundBodySchema,
} from "./contest.schema";
import {
  createContest,
  createRound,
  deleteRound,
  getRoundMonitor,
  grantAccommodation,
  listGrants,
  listManagedContests,
  loadContestFor,
  publishContest,
  updateContest,
  updateRound,
} from "./contest.service";
import {
  exportRoundQuestionStats,
  exportRoundResults,
  getCertificate,
  getRoundHistogram,
  getRoundLeaderboard,
  getRoundQuestionStats,
  getRoundStandings,
  type TableDownload,
} from "./results.service";

const tags = ["contests"];
const RoundResponse = z.object({ round: RoundSchema }).openapi("RoundResponse");
const GrantResponse = z.object({ grant: GrantSchema }).openapi("GrantResponse");
const GrantList = z.object({ grants: z.array(GrantSchema) }).openapi("GrantList");

/** A table download's 200 response in the OpenAPI document: the .xlsx workbook or the UTF-8 CSV. */
function tableFile(description: string) {
  return {
    description,
    content: {
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
      "text/csv": { schema: z.string() },
    },
  };
}

const routes = {
  create: createRoute({
    method: "post",
    path: "/contests",
    operationId: "createContest",
    tags,
    summary: "Create a contest (draft) with its hosts — orgs or alliances, several for a joint contest — and who may take part",
    request: { body: jsonBody(CreateContestBodySchema) },
    responses: { 201: json(ContestResponseSchema, "Created"), ...errors(400, 401, 403, 422) },
  }),
  managed: createRoute({
    method: "get",
    path: "/contests",
    operationId: "listManagedContests",
    tags,
    summary: "Contests the caller manages (hosted by an org they organize, or an alliance they organize)",
    responses: { 200: json(ContestListSchema, "Contests"), ...errors(401) },
  }),
  mine: createRoute({
    method: "get",
    path: "/contests/mine",
    operationId: "listMyContests",
    tags,
    summary: "Published contests open to me, each round's rules and where I stand",
    responses: { 200: json(MyContestListSchema, "Contests"), ...errors(401) },
  }),
  get: createRoute({
    method: "get",
    path: "/contests/{id}",
    operationId: "getContest",
    tags,
    summary: "One contest, for its managers and for those in its scope once published",
    request: { params: ContestParams },
    responses: { 200: json(ContestResponseSchema, "Contest"), ...errors(401, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/contests/{id}",
    operationId: "updateContest",
    tags,
    summary: "Change a contest's title, description, hosts, scope or team rule (audited)",
    request: { params: ContestParams, body: jsonBody(UpdateContestBodySchema) },
    responses: { 200: json(ContestResponseSchema, "Updated"), ...errors(400, 401, 403, 404, 422) },
  }),
  publish: createRoute({
    method: "post",
    path: "/contests/{id}/publish",
    operationId: "publishContest",
    tags,
    summary: "Publish a contest: members in its scope see it and can take its open rounds",
    request: { params: ContestParams },
    responses: { 200: json(ContestResponseSchema, "Published"), ...errors(401, 403, 404, 409, 422) },
  }),
  createRound: createRoute({
    method: "post",
    path: "/contests/{id}/rounds",
    operationId: "createRound",
    tags,
    summary: "Add a round: window, time limits, draw spec, attempts, scoring and advancement; a shared paper is drawn now",
    request: { params: ContestParams, body: jsonBody(CreateRoundBodySchema) },
    responses: { 201: json(RoundResponse, "Created"), ...errors(400, 401, 403, 404, 422) },
  }),
  updateRound: createRoute({
    method: "patch",
    path: "/rounds/{id}",
    operationId: "updateRound",
    tags,
    summary: "Change a round; its questions and scoring are fixed once someone has started it",
    request: { params: RoundParams, body: jsonBody(UpdateRoundBodySchema) },
    responses: { 200: json(RoundResponse, "Updated"), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  deleteRound: createRoute({
    method: "delete",
    path: "/rounds/{id}",
    operationId: "deleteRound",
    tags,
    summary: "Delete a round no one has started",
    request: { params: RoundParams },
    responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404, 409) },
  }),
  monitor: createRoute({
    method: "get",
    path: "/rounds/{id}/monitor",
    operationId: "getRoundMonitor",
    tags,
    summary: "Live monitor: eligible, started, in progress, finished, median score so far",
    request: { params: RoundParams },
    responses: { 200: json(MonitorSchema, "Monitor"), ...errors(401, 403, 404) },
  }),
  grants: createRoute({
    method: "get",
    path: "/rounds/{id}/grants",
    operationId: "listRoundGrants",
    tags,
    summary: "Accommodations given in a round",
    request: { params: RoundParams },
    responses: { 200: json(GrantList, "Grants"), ...errors(401, 403, 404) },
  }),
  grant: createRoute({
    method: "post",
    path: "/rounds/{id}/grants",
    operationId: "grantAccommodation",
    tags,
    summary: "Give one person more time, another attempt, or reopen an attempt closed by a network failure (reason required, audited)",
    request: { params: RoundParams, body: jsonBody(GrantBodySchema) },
    responses: { 201: json(GrantResponse, "Granted"), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  leaderboard: createRoute({
    method: "get",
    path: "/rounds/{id}/leaderboard",
    operationId: "getRoundLeaderboard",
    tags,
    summary: "The top of a round and my own place (participants: after the round closes)",
    request: { params: RoundParams, query: LeaderboardQuerySchema },
    responses: { 200: json(LeaderboardSchema, "Leaderboard"), ...errors(401, 403, 404) },
  }),
  standings: createRoute({
    method: "get",
    path: "/rounds/{id}/standings",
    operationId: "getRoundStandings",
    tags,
    summary: "Team standings (by the contest's team rule) or org standings with participation; participants: after the round closes",
    request: { params: RoundParams, query: StandingsQuerySchema },
    responses: { 200: json(StandingsSchema, "Standings"), ...errors(400, 401, 403, 404, 422) },
  }),
  questionStats: createRoute({
    method: "get",
    path: "/rounds/{id}/question-stats",
    operationId: "getRoundQuestionStats",
    tags,
    summary: "Per question: share correct, mean time, discrimination between the top and bottom 27 % (managers)",
    request: { params: RoundParams },
    responses: { 200: json(QuestionStatsSchema, "Question statistics"), ...errors(401, 403, 404) },
  }),
  histogram: createRoute({
    method: "get",
    path: "/rounds/{id}/histogram",
    operationId: "getRoundHistogram",
    tags,
    summary: "Score distribution in ten equal bins; participants: after the round closes",
    request: { params: RoundParams },
    responses: { 200: json(HistogramSchema, "Histogram"), ...errors(401, 403, 404) },
  }),
  exportResults: createRoute({
    method: "get",
    path: "/rounds/{id}/results/export",
    operationId: "exportRoundResults",
    tags,
    summary: "Every counted result in rank order as .xlsx or UTF-8 .csv with BOM (managers)",
    request: { params: RoundParams, query: ExportQuerySchema },
    responses: { 200: tableFile("The results file"), ...errors(400, 401, 403, 404) },
  }),
  exportQuestionStats: createRoute({
    method: "get",
    path: "/rounds/{id}/question-stats/export",
    operationId: "exportRoundQuestionStats",
    tags,
    summary: "The per-question statistics as .xlsx or UTF-8 .csv with BOM (managers)",
    request: { params: RoundParams, query: ExportQuerySchema },
    responses: { 200: tableFile("The statistics file"), ...errors(400, 401, 403, 404) },
  }),
  certificate: createRoute({
    method: "get",
    path: "/rounds/{id}/certificates/{userId}",
    operationId: "getCertificate",
    tags,
    summary: "What a printable certificate shows: honour for the top places, else participation (a member: their own, after the round)",
    request: { params: CertificateParams },
    responses: { 200: json(CertificateSchema, "Certificate"), ...errors(401, 403, 404) },
  }),
  start: createRoute({
    method: "post",
    path: "/rounds/{id}/attempts",
    operationId: "startAttempt",
    tags,
    summary: "Start an attempt (or resume the one in progress): questions without answers, and the server's deadline",
    request: { params: RoundParams },
    responses: { 200: json(AttemptResponseSchema, "Attempt"), ...errors(401, 403, 404, 409, 422) },
  }),
  attempt: createRoute({
    method: "get",
    path: "/attempts/{id}",
    operationId: "getAttempt",
    tags,
    summary: "My attempt: questions and saved answers while open; the result after; answers and explanations once the round closed",
    request: { params: AttemptParams },
    responses: { 200: json(AttemptResponseSchema, "Attempt"), ...errors(401, 404) },
  }),
  answer: createRoute({
    method: "put",
    path: "/attempts/{id}/answers/{seq}",
    operationId: "submitAnswer",
    tags,
    summary: "Save my answer to one question (idempotent; one D1 round trip; refused after the deadline plus 5 s grace)",
    request: { params: AnswerParams, body: jsonBody(SubmitAnswerBodySchema) },
    responses: { 200: json(SubmitAnswerResultSchema, "Saved"), ...errors(400, 401, 404, 409) },
  }),
  finish: createRoute({
    method: "post",
    path: "/attempts/{id}/finish",
    operationId: "finishAttempt",
    tags,
    summary: "Hand in my attempt (交卷); harmless when it has already closed",
    request: { params: AttemptParams },
    responses: { 200: json(AttemptResponseSchema, "Attempt"), ...errors(401, 404) },
  }),
};

function sendFile(c: Context<AppEnv>, file: TableDownload) {
  return c.body(new Uint8Array(file.bytes), 200, {
    "content-type": file.contentType,
    "content-disposition": file.disposition,
  });
}

export const contestRoutes = createRouter()
  .openapi(routes.mine, async (c) => c.json(await listMyContests(c.get("db"), requireUser(c)), 200))
  .openapi(routes.managed, async (c) => c.json({ contests: await listManagedContests(c.get("db"), requireUser(c)) }, 200))
  .openapi(routes.create, async (c) => c.json(await createContest(c, requireUser(c), c.req.valid("json")), 201))
  .openapi(routes.get, async (c) => {
    const user = requireUser(c);
    const loaded = await loadContestFor(c.get("db"), user, c.req.valid("param").id, "see");
    return c.json({ contest: presentContest(user, loaded, now()) }, 200);
  })
  .openapi(routes.update, async (c) => c.json(await updateContest(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 200))
  .openapi(routes.publish, async (c) => c.json(await publishContest(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.createRound, async (c) => c.json(await createRound(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 201))
  .openapi(routes.updateRound, async (c) => c.json(await updateRound(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 200))
  .openapi(routes.deleteRound, async (c) => {
    await deleteRound(c, requireUser(c), c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(routes.monitor, async (c) => c.json(await getRoundMonitor(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.grants, async (c) => c.json(await listGrants(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.grant, async (c) =>
    c.json(await grantAccommodation(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(routes.leaderboard, async (c) =>
    c.json(await getRoundLeaderboard(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query").limit), 200),
  )
  .openapi(routes.standings, async (c) =>
    c.json(await getRoundStandings(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query").by), 200),
  )
  .openapi(routes.questionStats, async (c) =>
    c.json(await getRoundQuestionStats(c.get("db"), requireUser(c), c.req.valid("param").id), 200),
  )
  .openapi(routes.histogram, async (c) => c.json(await getRoundHistogram(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.exportResults, async (c) =>
    sendFile(c, await exportRoundResults(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query").format)),
  )
  .openapi(routes.exportQuestionStats, async (c) =>
    sendFile(c, await exportRoundQuestionStats(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query").format)),
  )
  .openapi(routes.certificate, async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json(await getCertificate(c.get("db"), requireUser(c), id, userId), 200);
  })
  .openapi(routes.start, async (c) => c.json(await startAttempt(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.attempt, async (c) => c.json(await getAttempt(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.answer, async (c) => {
    const { id, seq } = c.req.valid("param");
    return c.json(await submitAnswer(c, id, seq, c.req.valid("json").response), 200);
  })
  .openapi(routes.finish, async (c) => c.json(await finishAttempt(c, requireUser(c), c.req.valid("param").id), 200));

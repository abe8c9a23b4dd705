import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import { IdParam } from "../../shared/schemas";
import {
  AnswerBodySchema,
  DailySetSchema,
  FeedbackSchema,
  MasterySchema,
  PracticeSettingsBodySchema,
  PracticeSettingsSchema,
  WrongBookSchema,
} from "./practice.schema";
import { answerPractice, getDailySet, getMastery, getPracticeSettings, listWrongBook, setPracticeSettings } from "./practice.service";

const tags = ["practice"];

const routes = {
  today: createRoute({
    method: "get",
    path: "/practice/today",
    operationId: "getDailyPractice",
    tags,
    summary: "Today's 每日一练: fixed for the day, preferring questions not yet seen or got wrong; answered ones with their feedback",
    responses: { 200: json(DailySetSchema, "Today's set"), ...errors(401) },
  }),
  answer: createRoute({
    method: "post",
    path: "/practice/answers",
    operationId: "answerPractice",
    tags,
    summary: "Answer a practice question and get the right answer and explanation at once (daily answers count once a day)",
    request: { body: jsonBody(AnswerBodySchema) },
    responses: { 200: json(FeedbackSchema, "Feedback"), ...errors(400, 401, 404) },
  }),
  wrongBook: createRoute({
    method: "get",
    path: "/practice/wrong-book",
    operationId: "listWrongBook",
    tags,
    summary: "My 错题本: questions I got wrong and have not yet answered right twice in a row",
    responses: { 200: json(WrongBookSchema, "Open entries"), ...errors(401) },
  }),
  mastery: createRoute({
    method: "get",
    path: "/practice/mastery",
    operationId: "getMastery",
    tags,
    summary: "My share of right answers by tag (history period, topic)",
    responses: { 200: json(MasterySchema, "By tag"), ...errors(401) },
  }),
  getSettings: createRoute({
    method: "get",
    path: "/orgs/{id}/practice-settings",
    operationId: "getPracticeSettings",
    tags,
    summary: "How many questions a day the org's members practise: its own setting, else the closest org above's, else 5",
    request: { params: IdParam },
    responses: { 200: json(PracticeSettingsSchema, "In effect"), ...errors(400, 401, 403, 404) },
  }),
  settings: createRoute({
    method: "put",
    path: "/orgs/{id}/practice-settings",
    operationId: "setPracticeSettings",
    tags,
    summary: "How many questions a day the org's members practise (applies to its subtree)",
    request: { params: IdParam, body: jsonBody(PracticeSettingsBodySchema) },
    responses: { 200: json(PracticeSettingsSchema, "Saved"), ...errors(400, 401, 403, 404) },
  }),
};

export const practiceRoutes = createRouter()
  .openapi(routes.today, async (c) => c.json(await getDailySet(c.get("db"), requireUser(c)), 200))
  .openapi(routes.answer, async (c) => c.json(await answerPractice(c, requireUser(c), c.req.valid("json")), 200))
  .openapi(routes.wrongBook, async (c) => c.json(await listWrongBook(c.get("db"), requireUser(c)), 200))
  .openapi(routes.mastery, async (c) => c.json(await getMastery(c.get("db"), requireUser(c)), 200))
  .openapi(routes.getSettings, async (c) => c.json(await getPracticeSettings(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.settings, async (c) =>
    c.json(await setPracticeSettings(c, requireUser(c), c.req.valid("param").id, c.req.valid("json").dailySize), 200),
  );

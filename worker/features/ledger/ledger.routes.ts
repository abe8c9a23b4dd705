import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json } from "../../lib/openapi";
import { now } from "../../lib/time";
import { personYear } from "./ledger.repo";
import { MyStudySchema, StudyQuerySchema } from "./ledger.schema";
import { yearOf } from "./ledger.service";

const routes = {
  mine: createRoute({
    method: "get",
    path: "/me/study",
    operationId: "getMyStudy",
    tags: ["ledger"],
    summary: "My study hours (学时) and points for a year (default: this year in Asia/Shanghai), with the entries, newest first",
    request: { query: StudyQuerySchema },
    responses: { 200: json(MyStudySchema, "Totals and entries"), ...errors(400, 401) },
  }),
};

export const ledgerRoutes = createRouter().openapi(routes.mine, async (c) => {
  const user = requireUser(c);
  const year = c.req.valid("query").year ?? yearOf(now());
  const found = await personYear(c.get("db"), user.id, year);
  return c.json(
    {
      year,
      hours: found.hoursTenths / 10,
      hoursTenths: found.hoursTenths,
      points: found.points,
      entries: found.entries.map((e) => ({
        id: e.id,
        source: e.source,
        sourceKey: e.sourceKey,
        title: e.title,
        note: e.note,
        hours: e.hoursTenths / 10,
        hoursTenths: e.hoursTenths,
        points: e.points,
        occurredAt: e.occurredAt,
        reversedAt: e.reversedAt,
        reversalReason: e.reversalReason,
      })),
    },
    200,
  );
});

import { createRoute } from "@hono/zod-openapi";
import { and, count, desc, eq, or, type SQL } from "drizzle-orm";
import { aliased } from "../../db/client";
import { auditLog, orgs, users } from "../../db/schema";
import { inSubtree } from "../../db/subtree";
import { requireUser } from "../../lib/auth";
import { ApiError } from "../../lib/errors";
import { createRouter, errors, json } from "../../lib/openapi";
import { managedPaths, outermostPaths } from "../../lib/scope";
import { loadOrgFor } from "../orgs/orgs.service";
import { AuditPageSchema, AuditQuerySchema } from "./audit.schema";

const listAuditRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "listAuditLog",
  tags: ["audit"],
  summary: "Who changed what in the orgs I manage (admins: everything), newest first",
  request: { query: AuditQuerySchema },
  responses: { 200: json(AuditPageSchema, "A page of audit entries"), ...errors(400, 401, 403, 404) },
});

export const auditRoutes = createRouter().openapi(listAuditRoute, async (c) => {
  const user = requireUser(c);
  const db = c.get("db");
  const { orgId, page, pageSize } = c.req.valid("query");
  let scope: SQL | undefined;
  if (orgId) {
    const org = await loadOrgFor(db, user, orgId, "manage");
    scope = inSubtree(orgs.path, org.path);
  } else if (!user.isAdmin) {
    const paths = outermostPaths(managedPaths(user));
    if (paths.length === 0) throw new ApiError("FORBIDDEN", "error.forbidden");
    scope = or(...paths.map((path) => inSubtree(orgs.path, path)));
  }
  const base = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: aliased<string | null>(users.name, "actor_name"),
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      orgId: auditLog.orgId,
      orgName: aliased<string | null>(orgs.name, "org_name"),
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(orgs, eq(orgs.id, auditLog.orgId));
  const [items, totals] = await db.batch([
    base
      .where(and(scope))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(auditLog).leftJoin(orgs, eq(orgs.id, auditLog.orgId)).where(and(scope)),
  ]);
  return c.json({ items, total: totals[0]?.total ?? 0, page, pageSize }, 200);
});

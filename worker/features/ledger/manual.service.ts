import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { ledgerEntries, memberships, orgs, users } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import { dayStart, shanghaiDay } from "../plans/plans.rules";
import type { LedgerEntryBodySchema } from "../plans/plans.schema";
import { personPlanProgress } from "../plans/plans.service";
import { inForce, rulesChain } from "../plans/points.repo";
import { personYear } from "./ledger.repo";
import { creditOrg, yearOf } from "./ledger.service";

/**
 * Entries an organizer writes by hand (补记): study done outside the platform (a provincial training
 * course) or points awarded for something done (先锋岗, a patent). Always with a reason and the
 * evidence, audited, and reversible with a reason — the row stays in the history and stops counting.
 * Entries the platform credited itself are corrected where they came from (an attendance is
 * corrected on its session), never here.
 */

/** A person with their orgs, if the caller manages one of them. */
async function managedPerson(db: Db, user: SessionUser, userId: string) {
  const [people, grants] = await db.batch([
    db.select({ id: users.id, name: users.name, phone: users.phone }).from(users).where(eq(users.id, userId)),
    db
      .select({ orgId: orgs.id, orgName: orgs.name, orgPath: orgs.path, role: memberships.role, title: memberships.title })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(eq(memberships.userId, userId))
      .orderBy(orgs.path),
  ]);
  const person = people[0];
  if (!person) throw new ApiError("NOT_FOUND", "user.notFound");
  const inReach = grants.filter((g) => canManageOrg(user, g.orgPath));
  if (inReach.length === 0) throw new ApiError("FORBIDDEN", "ledger.personNotManaged");
  const credit = creditOrg({ memberships: grants });
  return { person, grants, inReach, credit };
}

function entryView(e: typeof ledgerEntries.$inferSelect) {
  return {
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
  };
}

export async function getMemberStudy(db: Db, user: SessionUser, userId: string, year: number, at: number) {
  const { person, grants, inReach, credit } = await managedPerson(db, user, userId);
  const [found, plan] = await Promise.all([
    personYear(db, userId, year),
    personPlanProgress(db, { id: person.id, memberships: grants }, year, at),
  ]);
  const rules = credit ? inForce(await rulesChain(db, credit.orgPath), at) : null;
  return {
    year,
    hours: found.hoursTenths / 10,
    hoursTenths: found.hoursTenths,
    points: found.points,
    entries: found.entries.map(entryView),
    person: {
      id: person.id,
      name: person.name,
      phone: person.phone,
      orgs: [...new Map(inReach.map((g) => [g.orgId, { id: g.orgId, name: g.orgName, title: g.title }])).values()],
    },
    awards: rules?.rule.awards ?? [],
    plan,
  };
}

export async function addLedgerEntry(c: Context<AppEnv>, user: SessionUser, body: z.output<typeof LedgerEntryBodySchema>) {
  const db = c.get("db");
  const { credit } = await managedPerson(db, user, body.userId);
  if (!credit) throw new ApiError("UNPROCESSABLE", "ledger.personNoOrg");
  // The entry counts for the org the person's hours count for; the caller must manage that one.
  if (!canManageOrg(user, credit.orgPath)) throw new ApiError("FORBIDDEN", "ledger.personNotManaged");
  const day = dayStart(body.occurredOn);
  const at = Date.now();
  const issue = (message: string) => ({ issues: [{ path: "occurredOn", message, code: "custom" }] });
  if (day === null) throw new ApiError("VALIDATION_FAILED", "points.badDate", {}, issue("日期无效"));
  if (body.occurredOn > shanghaiDay(at)) throw new ApiError("VALIDATION_FAILED", "ledger.futureDate", {}, issue("日期不能晚于今天"));
  // Noon of that day (or now, for today before noon): the day is what was said, and its year is the year it counts for.
  const occurredAt = Math.min(day + 12 * 3_600_000, at);
  const row = {
    id: createId(),
    userId: body.userId,
    orgId: credit.orgId,
    year: yearOf(occurredAt),
    source: "manual" as const,
    sourceKey: createId(),
    hoursTenths: Math.round(body.hours * 10),
    points: body.points,
    title: body.reason,
    note: body.evidence,
    occurredAt,
    createdBy: user.id,
    createdAt: at,
  };
  await db.batch([
    db.insert(ledgerEntries).values(row),
    auditStatement(db, c, { action: "ledger.add", entityType: "ledger_entry", entityId: row.id, orgId: credit.orgId, after: row }),
  ]);
  return { entry: entryView({ ...row, reversedAt: null, reversedBy: null, reversalReason: null }) };
}

export async function reverseLedgerEntry(c: Context<AppEnv>, user: SessionUser, id: string, reason: string) {
  const db = c.get("db");
  const found = await db
    .select({ entry: ledgerEntries, orgPath: orgs.path })
    .from(ledgerEntries)
    .innerJoin(orgs, eq(orgs.id, ledgerEntries.orgId))
    .where(eq(ledgerEntries.id, id))
    .get();
  if (!found || !canManageOrg(user, found.orgPath)) throw new ApiError("NOT_FOUND", "ledger.entryNotFound");
  if (found.entry.source !== "manual") throw new ApiError("CONFLICT", "ledger.onlyManual");
  if (found.entry.reversedAt !== null) throw new ApiError("CONFLICT", "ledger.alreadyReversed");
  const at = Date.now();
  const [updated] = await db.batch([
    db
      .update(ledgerEntries)
      .set({ reversedAt: at, reversedBy: user.id, reversalReason: reason })
      .where(and(eq(ledgerEntries.id, id), isNull(ledgerEntries.reversedAt)))
      .returning(),
    auditStatement(db, c, {
      action: "ledger.reverse",
      entityType: "ledger_entry",
      entityId: id,
      orgId: found.entry.orgId,
      before: { reversedAt: null },
      after: { reversedAt: at, reason },
    }),
  ]);
  const entry = updated[0];
  if (!entry) throw new ApiError("CONFLICT", "ledger.alreadyReversed");
  return { entry: entryView(entry) };
}

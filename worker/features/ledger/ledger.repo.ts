import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type LedgerSource, ledgerEntries } from "../../db/schema";

export type Credit = {
  userId: string;
  orgId: string;
  source: LedgerSource;
  sourceKey: string;
  hoursTenths: number;
  /** A number, or the SQL that decides it from the rules in force (plans/points.repo ruleValue). */
  points: number | SQL;
  title: string;
  note?: string | null;
  occurredAt: number;
  createdBy: string | null;
  year: number;
};

/**
 * The insert that credits one event, for the caller's `db.batch`. Retrying it is harmless: the
 * partial unique index on (user, source, source key) among unreversed entries turns a second credit
 * of the same event into nothing. With `onlyIf`, the entry is written only when that condition holds
 * after the earlier statements of the batch (e.g. "the attendance row now exists").
 */
export function creditStatement(db: Db, credit: Credit, at: number, onlyIf?: SQL) {
  const row = {
    id: createId(),
    userId: credit.userId,
    orgId: credit.orgId,
    year: credit.year,
    source: credit.source,
    sourceKey: credit.sourceKey,
    hoursTenths: credit.hoursTenths,
    points: credit.points,
    title: credit.title,
    note: credit.note ?? null,
    occurredAt: credit.occurredAt,
    createdBy: credit.createdBy,
    createdAt: at,
  };
  if (!onlyIf) return db.insert(ledgerEntries).values(row).onConflictDoNothing();
  return db
    .insert(ledgerEntries)
    .select(
      sql`select ${row.id}, ${row.userId}, ${row.orgId}, ${row.year}, ${row.source}, ${row.sourceKey}, ${row.hoursTenths}, ${row.points}, ${row.title}, ${row.note}, ${row.occurredAt}, ${row.createdBy}, ${row.createdAt}, null, null, null where ${onlyIf}`,
    )
    .onConflictDoNothing();
}

/** Reverses the live entry of one event (if any): it stays in the history and stops counting. */
export function reverseStatement(
  db: Db,
  event: { userId: string; source: LedgerSource; sourceKey: string },
  by: string,
  reason: string,
  at: number,
) {
  return db
    .update(ledgerEntries)
    .set({ reversedAt: at, reversedBy: by, reversalReason: reason })
    .where(
      and(
        eq(ledgerEntries.userId, event.userId),
        eq(ledgerEntries.source, event.source),
        eq(ledgerEntries.sourceKey, event.sourceKey),
        isNull(ledgerEntries.reversedAt),
      ),
    );
}

/** A person's totals for a year (unreversed entries only) and their entries, newest first. */
export async function personYear(db: Db, userId: string, year: number) {
  const where = and(eq(ledgerEntries.userId, userId), eq(ledgerEntries.year, year));
  const [totals, entries] = await db.batch([
    db
      .select({
        hoursTenths: sql<number>`coalesce(sum(${ledgerEntries.hoursTenths}) filter (where ${ledgerEntries.reversedAt} is null), 0)`,
        points: sql<number>`coalesce(sum(${ledgerEntries.points}) filter (where ${ledgerEntries.reversedAt} is null), 0)`,
      })
      .from(ledgerEntries)
      .where(where),
    db.select().from(ledgerEntries).where(where).orderBy(desc(ledgerEntries.occurredAt), desc(ledgerEntries.createdAt)).limit(500),
  ]);
  return { hoursTenths: totals[0]?.hoursTenths ?? 0, points: totals[0]?.points ?? 0, entries };
}

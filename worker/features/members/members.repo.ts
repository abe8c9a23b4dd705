import { and, asc, count, countDistinct, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { aliased, type Db } from "../../db/client";
import { memberships, orgs, type Role, users } from "../../db/schema";
import { inSubtree } from "../../db/subtree";

const memberColumns = {
  membershipId: aliased<string>(memberships.id, "membership_id"),
  userId: users.id,
  name: users.name,
  phone: users.phone,
  employeeNo: users.employeeNo,
  status: users.status,
  orgId: aliased<string>(orgs.id, "org_id"),
  orgName: aliased<string>(orgs.name, "org_name"),
  role: memberships.role,
  title: memberships.title,
};

function memberQuery(db: Db, where: SQL | undefined) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(where);
}

/** One page, the number of matching rows (roles) and of distinct persons, in one round trip. */
export async function listMembers(
  db: Db,
  filter: {
    orgPath: string;
    orgId: string;
    subtree: boolean;
    q?: string | undefined;
    role?: Role | undefined;
    page: number;
    pageSize: number;
  },
) {
  const conditions: (SQL | undefined)[] = [filter.subtree ? inSubtree(orgs.path, filter.orgPath) : eq(memberships.orgId, filter.orgId)];
  if (filter.role) conditions.push(eq(memberships.role, filter.role));
  const q = filter.q?.normalize("NFKC").trim();
  if (q) {
    // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes (17 Chinese characters), and needs no escaping.
    conditions.push(or(sql`instr(${users.name}, ${q}) > 0`, sql`instr(${users.phone}, ${q}) = 1`, eq(users.employeeNo, q)));
  }
  const where = and(...conditions);
  const [items, totals] = await db.batch([
    memberQuery(db, where)
      .orderBy(asc(orgs.path), asc(users.name), asc(memberships.role))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db
      .select({ total: count(), people: countDistinct(users.id) })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(where),
  ]);
  return { items, total: totals[0]?.total ?? 0, people: totals[0]?.people ?? 0 };
}

export async function getMember(db: Db, membershipId: string) {
  const [rows] = await db.batch([memberQuery(db, eq(memberships.id, membershipId))]);
  return rows[0];
}

export function findUserByPhone(db: Db, phone: string) {
  return db.select().from(users).where(eq(users.phone, phone)).get();
}

export function getUser(db: Db, id: string) {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** A person's roles with their orgs' paths (to decide who may manage the person). */
export function membershipPathsOf(db: Db, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      userId: memberships.userId,
      membershipId: aliased<string>(memberships.id, "membership_id"),
      orgId: memberships.orgId,
      orgPath: orgs.path,
      role: memberships.role,
      title: memberships.title,
    })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(inArray(memberships.userId, userIds));
}

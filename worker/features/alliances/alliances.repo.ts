import { asc, eq, inArray } from "drizzle-orm";
import { aliased, type Db } from "../../db/client";
import { allianceOrganizers, allianceOrgs, alliances, orgs, users } from "../../db/schema";

/** Alliances with their member orgs and organizers, in one round trip. Alliances are few: read them whole. */
export async function loadAlliances(db: Db, ids?: string[]) {
  const only = ids ? inArray(alliances.id, ids) : undefined;
  const [rows, members, organizers] = await db.batch([
    db.select().from(alliances).where(only).orderBy(asc(alliances.name)),
    db
      .select({
        allianceId: allianceOrgs.allianceId,
        id: orgs.id,
        name: aliased<string>(orgs.name, "org_name"),
        kind: orgs.kind,
        path: orgs.path,
      })
      .from(allianceOrgs)
      .innerJoin(orgs, eq(orgs.id, allianceOrgs.orgId))
      .where(ids ? inArray(allianceOrgs.allianceId, ids) : undefined)
      .orderBy(asc(orgs.path)),
    db
      .select({ allianceId: allianceOrganizers.allianceId, id: users.id, name: aliased<string>(users.name, "user_name") })
      .from(allianceOrganizers)
      .innerJoin(users, eq(users.id, allianceOrganizers.userId))
      .where(ids ? inArray(allianceOrganizers.allianceId, ids) : undefined)
      .orderBy(asc(users.name)),
  ]);
  return rows.map((alliance) => ({
    ...alliance,
    orgs: members.filter((m) => m.allianceId === alliance.id),
    organizers: organizers.filter((o) => o.allianceId === alliance.id).map(({ id, name }) => ({ id, name })),
  }));
}

export type LoadedAlliance = Awaited<ReturnType<typeof loadAlliances>>[number];

import type { MembershipGrant } from "../../env";

export const DEFAULT_TIMEZONE = "Asia/Shanghai";

/**
 * The calendar year a thing done at `at` counts for, in the org's time zone: a lecture on
 * 31 December at 20:00 in Shanghai is 12:00 UTC and counts for that year, one at 00:30 on
 * 1 January counts for the next, whatever UTC says.
 */
export function yearOf(at: number, timezone: string = DEFAULT_TIMEZONE): number {
  const year = new Intl.DateTimeFormat("en-US", { timeZone: timezone, year: "numeric" }).format(new Date(at));
  return Number(year);
}

/**
 * The org an event of this person counts for: the org where they are a member (the deepest, when
 * they are a member in several), else any org they hold a role in. Null: the person belongs to no
 * org and nothing can be credited.
 */
export function creditOrg(user: {
  memberships: Pick<MembershipGrant, "role" | "orgId" | "orgPath">[];
}): { orgId: string; orgPath: string } | null {
  const members = user.memberships.filter((m) => m.role === "member");
  const pool = members.length > 0 ? members : user.memberships;
  const deepest = [...pool].sort((a, b) => b.orgPath.length - a.orgPath.length)[0];
  return deepest ? { orgId: deepest.orgId, orgPath: deepest.orgPath } : null;
}

import type { SessionUser } from "../env";

/**
 * Who may see and manage which orgs, decided from the caller's grants alone (no query): an
 * organizer manages their org's whole subtree; a member sees the orgs on the way from the root
 * to their own org, and that org's subtree.
 */

/** Paths of the subtrees the caller manages as an organizer. */
export function managedPaths(user: SessionUser): string[] {
  return user.memberships.filter((m) => m.role === "organizer").map((m) => m.orgPath);
}

export function canManageOrg(user: SessionUser, orgPath: string): boolean {
  return user.isAdmin || managedPaths(user).some((path) => orgPath.startsWith(path));
}

export function canSeeOrg(user: SessionUser, orgPath: string): boolean {
  return user.isAdmin || user.memberships.some((m) => orgPath.startsWith(m.orgPath) || m.orgPath.startsWith(orgPath));
}

export function isOrganizer(user: SessionUser): boolean {
  return user.isAdmin || user.memberships.some((m) => m.role === "organizer");
}

/** Removes paths nested in another path of the list, so a subtree filter scans each subtree once. */
export function outermostPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const path of sorted) {
    if (!out.some((outer) => path.startsWith(outer))) out.push(path);
  }
  return out;
}

/** Every ancestor path of `path`, root first, excluding `path` itself. */
export function ancestorPaths(path: string): string[] {
  const ids = path.split("/").filter(Boolean);
  return ids.slice(0, -1).map((_, i) => `/${ids.slice(0, i + 1).join("/")}/`);
}

/**
 * Ids of every org from the root down to each of the caller's orgs — the orgs whose subtree holds
 * one of their memberships: whose banks they may use, whose activities are meant for them.
 */
export function orgIdsAbove(user: Pick<SessionUser, "memberships">): string[] {
  return [...new Set(user.memberships.flatMap((m) => m.orgPath.split("/").filter(Boolean)))];
}

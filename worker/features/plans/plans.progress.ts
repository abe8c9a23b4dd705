import { titles } from "../../db/schema/orgs";
import type { RatingTier } from "../../db/schema/plans";
import type { MemberRow, OrgNode, SubtreeData } from "./plans.repo";
import { combine, DEFAULT_RATING, hoursFor, type PlanRow, type Requirement, rate, type Standing, standing } from "./plans.rules";

/**
 * Plan progress of a whole subtree from what loadSubtree read: each member against the plans above
 * them, and each org's totals over its subtree (members, on pace, complete, active, hours, points,
 * delivery against its own targets, and — for branches — the rating). Pure: no database here.
 */

export type MemberProgress = MemberRow & {
  orgName: string;
  hoursTenths: number;
  requiredTenths: number;
  modulesDone: number;
  modulesRequired: number;
  missingModules: string[];
  contestsDone: number;
  contestsRequired: number;
  points: number;
  active: boolean;
} & Standing;

export type OrgProgress = OrgNode & {
  hasChildren: boolean;
  members: number;
  onPace: number;
  complete: number;
  active: number;
  hoursTenths: number;
  requiredTenths: number;
  points: number;
  completionSum: number;
  delivered: { training: number; lecture: number; micro: number };
  targets: { training: number; lecture: number; micro: number };
  tiers: RatingTier[];
  rating: string | null;
  hasPlan: boolean;
};

export type TreeProgress = { members: MemberProgress[]; orgs: Map<string, OrgProgress> };

/** The plans that bear on an org: those of the org itself and of every org above it, root first. */
export function chainOf(plans: PlanRow[], path: string): PlanRow[] {
  return plans.filter((plan) => path.startsWith(plan.path)).sort((a, b) => a.path.length - b.path.length);
}

/** The rating tiers of the nearest plan (the org's own or above) that sets them. */
export function tiersOf(chain: PlanRow[]): RatingTier[] {
  return chain.findLast((plan) => plan.rating !== null)?.rating ?? DEFAULT_RATING;
}

export function computeTree(data: SubtreeData, elapsed: number): TreeProgress {
  const names = new Map(data.orgs.map((o) => [o.id, o.name]));
  const requirements = new Map<string, Requirement | null>();
  const requirementOf = (path: string) => {
    if (!requirements.has(path)) requirements.set(path, combine(chainOf(data.plans, path), titles));
    return requirements.get(path) ?? null;
  };

  const members: MemberProgress[] = data.members.map((m) => {
    const req = requirementOf(m.orgPath);
    const totals = data.totals.get(m.userId);
    const done = data.modulesDone.get(m.userId) ?? new Set<string>();
    const moduleIds = req?.moduleIds ?? [];
    const requiredTenths = req ? hoursFor(req, m.title) : 0;
    const contestsRequired = req?.minContests ?? 0;
    const modulesDone = moduleIds.filter((id) => done.has(id)).length;
    const hoursTenths = totals?.hoursTenths ?? 0;
    const contestsDone = totals?.contests ?? 0;
    return {
      ...m,
      orgName: names.get(m.orgId) ?? "",
      hoursTenths,
      requiredTenths,
      modulesDone,
      modulesRequired: moduleIds.length,
      missingModules: moduleIds.filter((id) => !done.has(id)).map((id) => data.modules.get(id)?.title ?? id),
      contestsDone,
      contestsRequired,
      points: totals?.points ?? 0,
      active: data.active.has(m.userId),
      // Without a plan nothing is asked: nobody is counted on pace or complete, and no branch is rated.
      ...(req
        ? standing(
            { hoursTenths: requiredTenths, modules: moduleIds.length, contests: contestsRequired },
            { hoursTenths, modules: modulesDone, contests: contestsDone },
            elapsed,
          )
        : { onPace: false, complete: false, completion: 0 }),
    };
  });

  const orgs = new Map<string, OrgProgress>();
  const parents = new Set(data.orgs.map((o) => o.parentId));
  for (const org of data.orgs) {
    const chain = chainOf(data.plans, org.path);
    const own = chain.find((plan) => plan.orgId === org.id);
    orgs.set(org.id, {
      ...org,
      hasChildren: parents.has(org.id),
      members: 0,
      onPace: 0,
      complete: 0,
      active: 0,
      hoursTenths: 0,
      requiredTenths: 0,
      points: 0,
      completionSum: 0,
      delivered: { training: 0, lecture: 0, micro: 0 },
      targets: { training: own?.trainingsTarget ?? 0, lecture: own?.lecturesTarget ?? 0, micro: own?.microTalksTarget ?? 0 },
      tiers: tiersOf(chain),
      rating: null,
      hasPlan: chain.length > 0,
    });
  }
  // Each member and each session counts for their org and every org above it within the subtree.
  const upward = (path: string) =>
    path
      .split("/")
      .filter(Boolean)
      .map((id) => orgs.get(id))
      .filter((o): o is OrgProgress => o !== undefined);
  for (const m of members) {
    for (const org of upward(m.orgPath)) {
      org.members += 1;
      org.onPace += m.onPace ? 1 : 0;
      org.complete += m.complete ? 1 : 0;
      org.active += m.active ? 1 : 0;
      org.hoursTenths += m.hoursTenths;
      org.requiredTenths += m.requiredTenths;
      org.points += m.points;
      org.completionSum += m.completion;
    }
  }
  for (const row of data.delivery) for (const org of upward(row.path)) org.delivered[row.category] += row.n;
  for (const org of orgs.values()) {
    if (org.kind === "branch" && org.hasPlan) org.rating = rate(org.tiers, share(org.onPace, org.members), share(org.active, org.members));
  }
  return { members, orgs };
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** Most behind first: the lowest completion, then the most hours short. */
export function byMostBehind(a: MemberProgress, b: MemberProgress): number {
  return (
    a.completion - b.completion ||
    b.requiredTenths - b.hoursTenths - (a.requiredTenths - a.hoursTenths) ||
    a.name.localeCompare(b.name, "zh-CN")
  );
}

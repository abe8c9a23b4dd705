import type { Db } from "../../db/client";
import { prepared } from "../../db/raw";
import type { RatingTier, TitleHours } from "../../db/schema/plans";
import { ACTIVE_WINDOW_MS, type PlanRow, yearStart } from "./plans.rules";

/**
 * The reads behind every plan view, as fixed SQL in one D1 batch: the subtree's orgs, the plans that
 * bear on it, its members, and per member the year's ledger totals and required modules done. An
 * org of 5,000 members over 200,000 ledger rows is a handful of statements, never one per member.
 * Subtrees are path ranges on the path index (`path >= '/a/' and path < '/a0'`); only unreversed
 * entries that occurred before `asOf` count, so a report taken late still shows its period's end.
 */

const end = (path: string) => `${path.slice(0, -1)}0`;

/** The ids of `path`'s orgs from the root down, in order. */
function pathIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}

export type OrgNode = { id: string; parentId: string | null; path: string; depth: number; kind: string; name: string };
export type MemberRow = { userId: string; name: string; orgId: string; orgPath: string; title: string };
export type LedgerTotals = { userId: string; hoursTenths: number; points: number; contests: number; lastAt: number | null };
export type ModuleRef = { id: string; title: string; selfPaced: boolean };
export type DeliveryRow = { orgId: string; path: string; category: "training" | "lecture" | "micro"; n: number };
export type MonthRow = { month: number; hoursTenths: number; events: number; people: number };

export type SubtreeData = {
  orgs: OrgNode[];
  /** Orgs above the subtree's root, root first. */
  above: OrgNode[];
  plans: PlanRow[];
  modules: Map<string, ModuleRef>;
  members: MemberRow[];
  totals: Map<string, LedgerTotals>;
  /** Required modules each member has done this year. */
  modulesDone: Map<string, Set<string>>;
  delivery: DeliveryRow[];
  months: MonthRow[];
  /** Members with something credited in the active window before `asOf`. */
  active: Set<string>;
};

/** Members of the subtree: one row per person, at their deepest org in it (where they count). */
const MEMBERS = `select m.user_id as userId, u.name as name, m.org_id as orgId, o.path as orgPath, m.title as title
  from memberships m join orgs o on o.id = m.org_id join users u on u.id = m.user_id
  where m.role = 'member' and o.path >= ?1 and o.path < ?2 and u.status <> 'disabled'`;
const MEMBER_IDS = `select m.user_id from memberships m join orgs o on o.id = m.org_id
  where m.role = 'member' and o.path >= ?1 and o.path < ?2`;

/** Everything a plan view of the subtree at `path` needs for `year`, as it stood at `asOf`. */
export async function loadSubtree(db: Db, path: string, year: number, asOf: number): Promise<SubtreeData> {
  const d1 = db.$client;
  const range = [path, end(path)] as const;
  const aboveIds = pathIds(path).slice(0, -1);
  const ys = yearStart(year);
  const ye = yearStart(year + 1);
  const activeSince = asOf - ACTIVE_WINDOW_MS;
  const aboveJson = JSON.stringify(aboveIds);
  const [orgRows, aboveRows, planRows, moduleRows, memberRows, totalRows, doneRows, deliveryRows, monthRows] = await d1.batch([
    d1
      .prepare(
        "select id, parent_id as parentId, path, depth, kind, name from orgs where path >= ?1 and path < ?2 order by depth, sort_order, name",
      )
      .bind(...range),
    d1
      .prepare(
        "select id, parent_id as parentId, path, depth, kind, name from orgs where id in (select value from json_each(?1)) order by depth",
      )
      .bind(aboveJson),
    d1.prepare(PLANS).bind(...range, year, aboveJson),
    d1.prepare(PLAN_MODULES).bind(...range, year, aboveJson),
    d1.prepare(MEMBERS).bind(...range),
    prepared(d1, totalsSql(`user_id in (${MEMBER_IDS})`), [...range, year, asOf, aboveJson]),
    d1.prepare(modulesDoneSql(`le.user_id in (${MEMBER_IDS})`)).bind(...range, year, asOf, aboveJson),
    d1
      .prepare(
        `select cs.org_id as orgId, o.path as path,
           case when exists (select 1 from json_each(coalesce(v.tags, '[]')) where value = '微宣讲') then 'micro'
                when exists (select 1 from json_each(coalesce(v.tags, '[]')) where value in ('党课', '车间党课')) then 'lecture'
                else 'training' end as category,
           count(*) as n
         from course_sessions cs join orgs o on o.id = cs.org_id join modules m on m.id = cs.module_id
         left join module_versions v on v.id = coalesce(m.published_version_id, m.draft_version_id)
         where o.path >= ?1 and o.path < ?2 and cs.status = 'scheduled' and cs.starts_at >= ?3 and cs.starts_at < ?4 and cs.ends_at <= ?5
           and exists (select 1 from attendances a where a.session_id = cs.id and a.reversed_at is null)
         group by cs.org_id, category`,
      )
      .bind(...range, ys, ye, asOf),
    d1
      .prepare(
        `select cast(strftime('%m', (occurred_at + 28800000) / 1000, 'unixepoch') as integer) as month,
           sum(hours_tenths) as hoursTenths, count(*) as events, count(distinct user_id) as people
         from ledger_entries
         where year = ?3 and reversed_at is null and occurred_at < ?4 and user_id in (${MEMBER_IDS})
         group by month order by month`,
      )
      .bind(...range, year, asOf),
  ]);

  const members = dedupeMembers((memberRows?.results ?? []) as MemberRow[]);
  const totals = new Map<string, LedgerTotals>();
  const active = new Set<string>();
  for (const row of (totalRows?.results ?? []) as LedgerTotals[]) {
    totals.set(row.userId, row);
    if (row.lastAt !== null && row.lastAt >= activeSince) active.add(row.userId);
  }
  const modulesDone = new Map<string, Set<string>>();
  for (const row of (doneRows?.results ?? []) as { userId: string; moduleId: string }[]) {
    const set = modulesDone.get(row.userId) ?? new Set<string>();
    set.add(row.moduleId);
    modulesDone.set(row.userId, set);
  }
  const plans = readPlans(planRows?.results ?? []);
  const modules = readModules(moduleRows?.results ?? []);
  return {
    orgs: (orgRows?.results ?? []) as OrgNode[],
    above: (aboveRows?.results ?? []) as OrgNode[],
    plans,
    modules,
    members,
    totals,
    modulesDone,
    delivery: (deliveryRows?.results ?? []) as DeliveryRow[],
    months: (monthRows?.results ?? []) as MonthRow[],
    active,
  };
}

/*
 * The statements shared by the subtree and the person reads. Parameters: ?1 and ?2 the path range of
 * the subtree (a person: their org), ?3 the year, then either (plans) ?4 the ids of the orgs above
 * as JSON, or (ledger) ?4 the as-of time and ?5 the ids above; `who` picks the people.
 */
const PLANS = `select p.org_id as orgId, o.path as path, p.hours_tenths as hoursTenths, p.title_hours as titleHours, p.min_contests as minContests,
    p.trainings_target as trainingsTarget, p.lectures_target as lecturesTarget, p.micro_talks_target as microTalksTarget,
    p.rating as rating, (select json_group_array(module_id) from year_plan_modules pm where pm.org_id = p.org_id and pm.year = p.year) as moduleIds
  from year_plans p join orgs o on o.id = p.org_id
  where p.year = ?3 and ((o.path >= ?1 and o.path < ?2) or p.org_id in (select value from json_each(?4)))`;

const PLAN_MODULES = `select distinct m.id as id, v.title as title, v.self_paced as selfPaced
  from year_plan_modules pm join orgs o on o.id = pm.org_id join modules m on m.id = pm.module_id
  join module_versions v on v.id = coalesce(m.published_version_id, m.draft_version_id)
  where pm.year = ?3 and ((o.path >= ?1 and o.path < ?2) or pm.org_id in (select value from json_each(?4)))`;

const totalsSql = (who: string) => `select user_id as userId, sum(hours_tenths) as hoursTenths, sum(points) as points,
    count(distinct case when source = 'contest' then source_key end) as contests, max(occurred_at) as lastAt
  from ledger_entries
  where year = ?3 and reversed_at is null and occurred_at < ?4 and ${who}
  group by user_id`;

/** A required module is done by completing it or by attending one of its sessions. */
const modulesDoneSql = (
  who: string,
) => `select distinct le.user_id as userId, case when le.source = 'attendance' then cs.module_id else le.source_key end as moduleId
  from ledger_entries le left join course_sessions cs on le.source = 'attendance' and cs.id = le.source_key
  where le.year = ?3 and le.reversed_at is null and le.occurred_at < ?4 and le.source in ('attendance', 'completion') and ${who}
    and (case when le.source = 'attendance' then cs.module_id else le.source_key end) in (
      select pm.module_id from year_plan_modules pm join orgs o on o.id = pm.org_id
      where pm.year = ?3 and ((o.path >= ?1 and o.path < ?2) or pm.org_id in (select value from json_each(?5))))`;

type PlanSqlRow = {
  orgId: string;
  path: string;
  hoursTenths: number;
  titleHours: string;
  minContests: number;
  rating: string | null;
  moduleIds: string;
  trainingsTarget: number;
  lecturesTarget: number;
  microTalksTarget: number;
};

function readPlans(rows: unknown[]): PlanRow[] {
  return (rows as PlanSqlRow[]).map((row) => ({
    orgId: row.orgId,
    path: row.path,
    hoursTenths: row.hoursTenths,
    titleHours: JSON.parse(row.titleHours) as TitleHours,
    minContests: row.minContests,
    rating: row.rating ? (JSON.parse(row.rating) as RatingTier[]) : null,
    moduleIds: JSON.parse(row.moduleIds) as string[],
    trainingsTarget: row.trainingsTarget,
    lecturesTarget: row.lecturesTarget,
    microTalksTarget: row.microTalksTarget,
  }));
}

function readModules(rows: unknown[]): Map<string, ModuleRef> {
  return new Map(
    (rows as { id: string; title: string; selfPaced: number }[]).map((row) => [
      row.id,
      { id: row.id, title: row.title, selfPaced: row.selfPaced === 1 },
    ]),
  );
}

/** The plans on the way from the root to the org at `path` (its own included), and their modules. */
export async function plansOnPath(db: Db, path: string, year: number) {
  const d1 = db.$client;
  // The range of an id that is no path: nothing below; only the orgs on the way (the org's own id is among them).
  const ids = JSON.stringify(pathIds(path));
  const [plans, modules] = await d1.batch([d1.prepare(PLANS).bind("", "", year, ids), d1.prepare(PLAN_MODULES).bind("", "", year, ids)]);
  return { plans: readPlans(plans?.results ?? []), modules: readModules(modules?.results ?? []) };
}

/** One person's year against the plans on the way to their org (at `path`), as it stood at `asOf`. */
export async function loadPerson(db: Db, userId: string, path: string, year: number, asOf: number) {
  const d1 = db.$client;
  const ids = JSON.stringify(pathIds(path));
  const [plans, modules, totals, done] = await d1.batch([
    d1.prepare(PLANS).bind("", "", year, ids),
    d1.prepare(PLAN_MODULES).bind("", "", year, ids),
    prepared(d1, totalsSql("user_id = ?6"), ["", "", year, asOf, ids, userId]),
    d1.prepare(modulesDoneSql("le.user_id = ?6")).bind("", "", year, asOf, ids, userId),
  ]);
  const total = (totals?.results?.[0] as LedgerTotals | undefined) ?? null;
  return {
    plans: readPlans(plans?.results ?? []),
    modules: readModules(modules?.results ?? []),
    totals: total,
    modulesDone: new Set(((done?.results ?? []) as { moduleId: string }[]).map((r) => r.moduleId)),
  };
}

/** A person who is a member of several orgs in the subtree counts once, at the deepest. */
function dedupeMembers(rows: MemberRow[]): MemberRow[] {
  const best = new Map<string, MemberRow>();
  for (const row of rows) {
    const seen = best.get(row.userId);
    if (!seen || seen.orgPath.length < row.orgPath.length) best.set(row.userId, row);
  }
  return [...best.values()];
}

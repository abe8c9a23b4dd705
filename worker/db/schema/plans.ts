import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { modules } from "./courses";
import { orgs, type Title } from "./orgs";

/** Hours (in tenths) a person of a title must study in the year, when it differs from the plan's default. */
export type TitleHours = Partial<Record<Title, number>>;

/**
 * One tier of the branch rating (示范/达标/成长/孵化): a branch is in the first tier whose both minimums
 * it reaches — the share of its members on pace with the plan, and the share active in the last 90
 * days — and in the last tier (no minimums) otherwise.
 */
export type RatingTier = { name: string; minOnPace: number; minActive: number };

/**
 * An org's learning plan for a calendar year (年度学习计划). Sub-orgs inherit the plans above them and
 * may only raise them: a person's requirement is the strictest over every plan on the way from the
 * root to their org (the largest hours for their title and contests, the union of required modules).
 * Delivery targets (trainings, lectures, micro-talks held) are the org's own and are not inherited.
 * `rating` is the branch rating's tiers for branches under this org (null: the defaults).
 */
export const yearPlans = sqliteTable(
  "year_plans",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    year: integer("year").notNull(),
    hoursTenths: integer("hours_tenths").notNull(),
    titleHours: text("title_hours", { mode: "json" }).$type<TitleHours>().notNull(),
    minContests: integer("min_contests").notNull().default(0),
    trainingsTarget: integer("trainings_target").notNull().default(0),
    lecturesTarget: integer("lectures_target").notNull().default(0),
    microTalksTarget: integer("micro_talks_target").notNull().default(0),
    rating: text("rating", { mode: "json" }).$type<RatingTier[]>(),
    createdBy: text("created_by").notNull(),
    updatedBy: text("updated_by").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] }), index("year_plans_year_idx").on(t.year)],
);

/** The modules a year plan requires (必修): done by completing it or attending one of its sessions that year. */
export const yearPlanModules = sqliteTable(
  "year_plan_modules",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    year: integer("year").notNull(),
    moduleId: text("module_id")
      .notNull()
      .references(() => modules.id),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year, t.moduleId] })],
);

/** A preset for points an organizer awards by hand (先锋岗, 专利, 解决生产难题…). */
export type AwardPreset = { name: string; points: number };

/**
 * One version of an org's points rules (积分规则). A version applies to what is done from its
 * `effectiveFrom` on; the points are written into each ledger entry when it is credited, so a new
 * version never rewrites what was earned. Sub-orgs without rules of their own use the nearest above.
 * `rankingEnabled`: whether members see a points ranking of their branch — off unless the org opts in.
 */
export const pointsRules = sqliteTable(
  "points_rules",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    effectiveFrom: integer("effective_from").notNull(),
    attendance: integer("attendance").notNull(),
    completion: integer("completion").notNull(),
    contest: integer("contest").notNull(),
    placementTopN: integer("placement_top_n").notNull(),
    placementPoints: integer("placement_points").notNull(),
    rankingEnabled: integer("ranking_enabled", { mode: "boolean" }).notNull().default(false),
    awards: text("awards", { mode: "json" }).$type<AwardPreset[]>().notNull(),
    note: text("note"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("points_rules_org_from_unique").on(t.orgId, t.effectiveFrom)],
);

export const reportPeriods = ["month", "quarter", "year"] as const;
export type ReportPeriod = (typeof reportPeriods)[number];

/**
 * A report snapshot (月报、季报、年度考评): plan progress of a root org's whole tree as it stood at the
 * end of a period, taken by the cron trigger once the period is over. Its rows (below) are what the
 * organizer reads and exports later, whatever happens to the ledger afterwards. `rating`: the root's
 * tiers (each org row keeps the tiers in force for it).
 */
export const reportSnapshots = sqliteTable(
  "report_snapshots",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    period: text("period", { enum: reportPeriods }).notNull(),
    /** `2026-11`, `2026-Q4`, `2026`. */
    periodKey: text("period_key").notNull(),
    year: integer("year").notNull(),
    /** The end of the period: entries that occurred before it count. */
    asOf: integer("as_of").notNull(),
    takenAt: integer("taken_at").notNull(),
    /** The rating tiers used, as they were. */
    rating: text("rating", { mode: "json" }).$type<RatingTier[]>().notNull(),
  },
  (t) => [uniqueIndex("report_snapshots_org_period_unique").on(t.orgId, t.period, t.periodKey)],
);

/** One org of a snapshot's tree: its subtree's totals and delivery, and (for branches) its rating. */
export const reportSnapshotOrgs = sqliteTable(
  "report_snapshot_orgs",
  {
    snapshotId: text("snapshot_id")
      .notNull()
      .references(() => reportSnapshots.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    parentId: text("parent_id"),
    path: text("path").notNull(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    members: integer("members").notNull(),
    onPace: integer("on_pace").notNull(),
    complete: integer("complete").notNull(),
    active: integer("active").notNull(),
    hoursTenths: integer("hours_tenths").notNull(),
    requiredTenths: integer("required_tenths").notNull(),
    points: integer("points").notNull(),
    trainings: integer("trainings").notNull(),
    lectures: integer("lectures").notNull(),
    microTalks: integer("micro_talks").notNull(),
    trainingsTarget: integer("trainings_target").notNull(),
    lecturesTarget: integer("lectures_target").notNull(),
    microTalksTarget: integer("micro_talks_target").notNull(),
    completion: real("completion").notNull(),
    rating: text("rating"),
    /** The tiers that rate the branches under this org as they were (its own plan's or the nearest above's). */
    tiers: text("tiers", { mode: "json" }).$type<RatingTier[]>(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.orgId] }), index("report_snapshot_orgs_path_idx").on(t.snapshotId, t.path)],
);

/** One member of a snapshot: their year so far against what their plan asks. */
export const reportSnapshotMembers = sqliteTable(
  "report_snapshot_members",
  {
    snapshotId: text("snapshot_id")
      .notNull()
      .references(() => reportSnapshots.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    orgId: text("org_id").notNull(),
    orgPath: text("org_path").notNull(),
    title: text("title").notNull(),
    hoursTenths: integer("hours_tenths").notNull(),
    requiredTenths: integer("required_tenths").notNull(),
    modulesDone: integer("modules_done").notNull(),
    modulesRequired: integer("modules_required").notNull(),
    contestsDone: integer("contests_done").notNull(),
    contestsRequired: integer("contests_required").notNull(),
    points: integer("points").notNull(),
    onPace: integer("on_pace", { mode: "boolean" }).notNull(),
    complete: integer("complete", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.userId] }), index("report_snapshot_members_path_idx").on(t.snapshotId, t.orgPath)],
);

import { z } from "@hono/zod-openapi";
import { titles } from "../../db/schema/orgs";
import { reportPeriods } from "../../db/schema/plans";
import { IdSchema } from "../../shared/schemas";
import { MyStudySchema, StudyEntrySchema } from "../ledger/ledger.schema";

const param = (name: string) => IdSchema.openapi({ param: { name, in: "path" } });
const Year = z.coerce
  .number({ error: "年份应是四位数字" })
  .int("年份应是四位数字")
  .min(2000, "年份应在 2000–2100 之间")
  .max(2100, "年份应在 2000–2100 之间");
const Text = (max: number, empty: string) =>
  z
    .string({ error: empty })
    .transform((v) => v.normalize("NFC").trim())
    .pipe(z.string().min(1, empty).max(max, `不能超过 ${max} 个字`));
/** Study hours as people write them: 0–500, in steps of 0.1. */
const Hours = z
  .number({ error: "学时应是数字" })
  .min(0, "学时不能为负")
  .max(500, "学时不能超过 500")
  .refine((v) => Number.isInteger(Math.round(v * 10 * 1000) / 1000), "学时最多一位小数");
const Count = (max: number) => z.number({ error: "应是整数" }).int("应是整数").min(0, "不能为负").max(max, `不能超过 ${max}`);
const Share = z.number().min(0, "比例应在 0–1 之间").max(1, "比例应在 0–1 之间");

export const OrgYearParams = z.object({
  orgId: param("orgId"),
  year: Year.openapi({ param: { name: "year", in: "path" }, example: 2026 }),
});
export const OrgParams = z.object({ orgId: param("orgId") });
export const IdParams = z.object({ id: param("id") });
export const UserParams = z.object({ userId: param("userId") });
export const YearQuerySchema = z.object({ year: Year.optional().openapi({ param: { name: "year", in: "query" }, example: 2026 }) });
export const FormatQuerySchema = z.object({
  year: Year.optional().openapi({ param: { name: "year", in: "query" } }),
  format: z
    .enum(["xlsx", "csv"])
    .default("xlsx")
    .openapi({ param: { name: "format", in: "query" } }),
});

export const RatingTierSchema = z
  .object({ name: Text(8, "请填写等级名称"), minOnPace: Share, minActive: Share })
  .strict()
  .openapi("RatingTier");

/** Four tiers, best first; the last is where every branch below the third lands (its minimums are 0). */
const RatingSchema = z
  .array(RatingTierSchema)
  .length(4, "评定等级应为 4 档")
  .refine(
    (tiers) =>
      tiers.every((t, i) => {
        const above = tiers[i - 1];
        return !above || (t.minOnPace <= above.minOnPace && t.minActive <= above.minActive);
      }),
    "下一档的门槛不能高于上一档",
  );

export const YearPlanBodySchema = z
  .object({
    /** Default hours for every member (e.g. 32). */
    hours: Hours,
    /** Hours by title where they differ (e.g. 书记 56, 委员 56). */
    titleHours: z.partialRecord(z.enum(titles), Hours).default({}),
    requiredModuleIds: z.array(IdSchema).max(50, "必修课程最多 50 门").default([]),
    minContests: Count(100).default(0),
    trainingsTarget: Count(10_000).default(0),
    lecturesTarget: Count(10_000).default(0),
    microTalksTarget: Count(100_000).default(0),
    /** Null: the default tiers. */
    rating: RatingSchema.nullable().default(null),
  })
  .strict()
  .openapi("YearPlanBody");

export const PlanRequirementSchema = z
  .object({
    hours: z.number(),
    titleHours: z.record(z.string(), z.number()),
    modules: z.array(z.object({ id: z.string(), title: z.string() })),
    minContests: z.number().int(),
  })
  .openapi("PlanRequirement");

export const YearPlanSchema = z
  .object({
    orgId: z.string(),
    orgName: z.string(),
    year: z.number().int(),
    /** This org's own plan, or null when it inherits. */
    own: z
      .object({
        hours: z.number(),
        titleHours: z.record(z.string(), z.number()),
        requiredModuleIds: z.array(z.string()),
        minContests: z.number().int(),
        trainingsTarget: z.number().int(),
        lecturesTarget: z.number().int(),
        microTalksTarget: z.number().int(),
        rating: z.array(RatingTierSchema).nullable(),
        updatedAt: z.number().int(),
      })
      .nullable(),
    /** What the plans above ask (the floor this org may only raise); null when no plan above. */
    inherited: PlanRequirementSchema.extend({ fromOrgs: z.array(z.object({ id: z.string(), name: z.string() })) }).nullable(),
    /** What members of this org are held to: own and inherited combined. */
    effective: PlanRequirementSchema.nullable(),
    /** The tiers that rate the branches under this org (own, inherited, or the defaults). */
    rating: z.array(RatingTierSchema),
    canEdit: z.boolean(),
  })
  .openapi("YearPlan");

const Ring = z.object({ done: z.number(), required: z.number() });

export const NextStepSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("module"), moduleId: z.string(), title: z.string(), selfPaced: z.boolean() }),
    z.object({ kind: z.literal("hours"), short: z.number() }),
    z.object({ kind: z.literal("contests"), short: z.number().int() }),
  ])
  .openapi("PlanNextStep");

export const MyPlanProgressSchema = z
  .object({
    year: z.number().int(),
    /** Share of the year gone (0–1) in Asia/Shanghai; 1 for a past year. */
    elapsed: z.number(),
    /** False when no plan applies to the member (no org or no plan above it). */
    hasPlan: z.boolean(),
    org: z.object({ id: z.string(), name: z.string() }).nullable(),
    title: z.string().nullable(),
    hours: Ring,
    modules: Ring.extend({ items: z.array(z.object({ id: z.string(), title: z.string(), done: z.boolean(), selfPaced: z.boolean() })) }),
    contests: Ring,
    points: z.number().int(),
    /** Behind the pace of the year on any requirement. */
    behind: z.boolean(),
    /** What is missing to be on the pace of the year: hours ≥ required × share of the year gone, contests and modules ⌊required × share⌋. */
    paceShort: z.object({ hours: z.number(), modules: z.number().int(), contests: z.number().int() }),
    complete: z.boolean(),
    next: z.array(NextStepSchema),
    /** Whether the member's branch shows a points ranking (its org's choice). */
    rankingEnabled: z.boolean(),
  })
  .openapi("MyPlanProgress");

export const OrgSummarySchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    kind: z.string(),
    /** Whether it has child orgs to drill into. */
    hasChildren: z.boolean(),
    members: z.number().int(),
    onPace: z.number().int(),
    complete: z.number().int(),
    /** Members with a credited activity in the last 90 days. */
    active: z.number().int(),
    hours: z.number(),
    requiredHours: z.number(),
    points: z.number().int(),
    /** Mean of the members' completion (each capped at 1), 0–1. */
    completion: z.number(),
    /** Branches only: the rating tier name. */
    rating: z.string().nullable(),
  })
  .openapi("OrgPlanSummary");

export const MemberProgressSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    title: z.string(),
    hours: z.number(),
    requiredHours: z.number(),
    modulesDone: z.number().int(),
    modulesRequired: z.number().int(),
    /** Titles of the required modules not yet done. */
    missingModules: z.array(z.string()),
    contestsDone: z.number().int(),
    contestsRequired: z.number().int(),
    points: z.number().int(),
    onPace: z.boolean(),
    complete: z.boolean(),
  })
  .openapi("MemberPlanProgress");

export const DeliverySchema = z
  .object({
    trainings: Ring,
    lectures: Ring,
    microTalks: Ring,
  })
  .openapi("Delivery");

export const OrgPlanProgressSchema = z
  .object({
    year: z.number().int(),
    elapsed: z.number(),
    org: OrgSummarySchema,
    /** The orgs from the outermost the caller manages down to this one, this one last (the breadcrumb). */
    trail: z.array(z.object({ id: z.string(), name: z.string() })),
    children: z.array(OrgSummarySchema),
    /** Members behind pace, most behind first (at most 200; `behindTotal` counts all). */
    behind: z.array(MemberProgressSchema),
    behindTotal: z.number().int(),
    /** Members of this org itself (not of sub-orgs) — the person level of the drill-down (at most 500). */
    members: z.array(MemberProgressSchema),
    delivery: DeliverySchema,
    /** Per month 1–12: hours credited, events, and people active in that month. */
    months: z.array(z.object({ month: z.number().int(), hours: z.number(), events: z.number().int(), people: z.number().int() })),
    rating: z.array(RatingTierSchema),
    hasPlan: z.boolean(),
  })
  .openapi("OrgPlanProgress");

export const PointsRulesBodySchema = z
  .object({
    /** The day (YYYY-MM-DD, Asia/Shanghai) the rules apply from: today or later. */
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "生效日期格式应为 2026-01-01"),
    attendance: Count(100),
    completion: Count(100),
    contest: Count(100),
    placementTopN: Count(1000),
    placementPoints: Count(1000),
    rankingEnabled: z.boolean(),
    awards: z
      .array(
        z
          .object({
            name: Text(20, "请填写奖励名称"),
            points: z.number().int().min(1, "奖励积分至少 1").max(1000, "奖励积分不能超过 1000"),
          })
          .strict(),
      )
      .max(20, "奖励项目最多 20 个")
      .default([]),
    note: z.string().trim().max(200, "说明不能超过 200 个字").optional(),
  })
  .strict()
  .openapi("PointsRulesBody");

export const PointsRulesVersionSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    effectiveFrom: z.number().int(),
    attendance: z.number().int(),
    completion: z.number().int(),
    contest: z.number().int(),
    placementTopN: z.number().int(),
    placementPoints: z.number().int(),
    rankingEnabled: z.boolean(),
    awards: z.array(z.object({ name: z.string(), points: z.number().int() })),
    note: z.string().nullable(),
    createdAt: z.number().int(),
  })
  .openapi("PointsRulesVersion");

export const PointsRulesSchema = z
  .object({
    /** What applies today (own, inherited, or the platform defaults when `current.id` is ""). */
    current: PointsRulesVersionSchema,
    /** This org's own versions, newest first (including ones that start later). */
    versions: z.array(PointsRulesVersionSchema),
    canEdit: z.boolean(),
  })
  .openapi("PointsRules");

export const RankingQuerySchema = z.object({
  orgId: IdSchema.optional().openapi({ param: { name: "orgId", in: "query" } }),
  year: Year.optional().openapi({ param: { name: "year", in: "query" } }),
});

export const PointsRankingSchema = z
  .object({
    year: z.number().int(),
    org: z.object({ id: z.string(), name: z.string() }),
    /** `branch`: a member's own branch (only when it opted in); `org`: an organizer's totals by sub-org. */
    scope: z.enum(["branch", "org"]),
    rankingEnabled: z.boolean(),
    groups: z.array(
      z.object({ orgId: z.string(), name: z.string(), members: z.number().int(), points: z.number().int(), average: z.number() }),
    ),
    people: z.array(z.object({ rank: z.number().int(), userId: z.string(), name: z.string(), points: z.number().int() })),
    me: z.object({ rank: z.number().int(), points: z.number().int() }).nullable(),
  })
  .openapi("PointsRanking");

export const LedgerEntryBodySchema = z
  .object({
    userId: IdSchema,
    /** The day it was done (YYYY-MM-DD, Asia/Shanghai); not in the future. */
    occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 2026-01-01"),
    hours: Hours.default(0),
    points: z.number().int("积分应是整数").min(0, "积分不能为负").max(1000, "积分不能超过 1000").default(0),
    /** What it was for (省委党校培训班, 先锋岗…). */
    reason: Text(100, "请填写事由"),
    /** Where the proof is (certificate no., document, who confirmed). */
    evidence: Text(300, "请填写证明材料"),
  })
  .strict()
  .refine((v) => v.hours > 0 || v.points > 0, { message: "学时和积分至少填一项", path: ["hours"] })
  .openapi("LedgerEntryBody");

export const ReverseBodySchema = z.object({ reason: Text(200, "请填写撤销原因") }).strict();

export const ReportSnapshotSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    period: z.enum(reportPeriods),
    periodKey: z.string(),
    year: z.number().int(),
    asOf: z.number().int(),
    takenAt: z.number().int(),
  })
  .openapi("ReportSnapshot");

export const ReportSnapshotListSchema = z.object({ snapshots: z.array(ReportSnapshotSchema) }).openapi("ReportSnapshotList");

export const SnapshotQuerySchema = z.object({
  /** The org of the snapshot's tree to read (default: the caller's outermost managed org in it). */
  orgId: IdSchema.optional().openapi({ param: { name: "orgId", in: "query" } }),
  format: z
    .enum(["xlsx", "csv"])
    .default("xlsx")
    .optional()
    .openapi({ param: { name: "format", in: "query" } }),
});

export const ReportSnapshotViewSchema = z
  .object({
    snapshot: ReportSnapshotSchema,
    org: OrgSummarySchema,
    children: z.array(OrgSummarySchema),
    delivery: DeliverySchema,
    /** Every branch in the org's subtree with its rating. */
    branches: z.array(OrgSummarySchema),
    members: z.array(MemberProgressSchema.omit({ missingModules: true })),
    rating: z.array(RatingTierSchema),
  })
  .openapi("ReportSnapshotView");

/** A person's year as an organizer reads it (getMemberStudy): who, their orgs in the caller's reach, and the ledger. */
export const MemberStudySchema = MyStudySchema.extend({
  person: z.object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    orgs: z.array(z.object({ id: z.string(), name: z.string(), title: z.string() })),
  }),
  /** Award presets of the person's org rules (for the manual-entry form). */
  awards: z.array(z.object({ name: z.string(), points: z.number().int() })),
  /** The person's year against their plan, as they see it on /plan. */
  plan: MyPlanProgressSchema,
}).openapi("MemberStudy");

export const LedgerEntryResponseSchema = z.object({ entry: StudyEntrySchema }).openapi("LedgerEntryResponse");

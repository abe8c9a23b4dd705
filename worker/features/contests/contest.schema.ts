import { z } from "@hono/zod-openapi";
import { liveTeamPlays } from "../../db/schema/contests";
import { orgKinds } from "../../db/schema/orgs";
import { IdSchema } from "../../shared/schemas";
import { questionTypes } from "../bank/question";
import { ResponseSchema } from "../practice/practice.schema";

const param = (name: string) => IdSchema.openapi({ param: { name, in: "path" } });
export const ContestParams = z.object({ id: param("id") });
export const RoundParams = z.object({ id: param("id") });
export const AttemptParams = z.object({ id: param("id") });
export const CertificateParams = z.object({ id: param("id"), userId: param("userId") });
export const AnswerParams = z.object({
  id: param("id"),
  seq: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .openapi({ param: { name: "seq", in: "path" } }),
});

const Title = z
  .string()
  .transform((v) => v.normalize("NFC").trim())
  .pipe(z.string().min(1, "不能为空").max(100, "不能超过 100 个字"));
const Text = (max: number) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().max(max, `不能超过 ${max} 个字`));

export const HostSchema = z
  .object({ type: z.enum(["org", "alliance"]), id: IdSchema })
  .strict()
  .openapi("ContestHostRef");

export const TeamSchema = z
  .object({
    kind: z.enum(orgKinds),
    method: z.enum(["mean", "top_k"]).default("mean"),
    topK: z.number().int().min(1).max(1000).nullable().default(null),
  })
  .strict()
  .refine((t) => t.method !== "top_k" || t.topK !== null, { message: "按前 K 名计算时请填写 K", path: ["topK"] })
  .openapi("ContestTeamRule");

export const CreateContestBodySchema = z
  .object({
    title: Title,
    description: Text(2000).default(""),
    hosts: z.array(HostSchema).min(1, "至少一个主办单位").max(10),
    scopeOrgIds: z.array(IdSchema).min(1, "请选择可以参赛的组织").max(50),
    team: TeamSchema.nullable().default(null),
  })
  .strict()
  .openapi("CreateContestBody");

export const UpdateContestBodySchema = z
  .object({
    title: Title.optional(),
    description: Text(2000).optional(),
    hosts: z.array(HostSchema).min(1).max(10).optional(),
    scopeOrgIds: z.array(IdSchema).min(1).max(50).optional(),
    team: TeamSchema.nullable().optional(),
  })
  .strict()
  .openapi("UpdateContestBody");

export const DrawPartSchema = z
  .object({
    type: z.enum(questionTypes).nullable().default(null),
    tag: z.string().trim().min(1).max(40).nullable().default(null),
    difficultyMin: z.number().int().min(1).max(5).default(1),
    difficultyMax: z.number().int().min(1).max(5).default(5),
    count: z.number().int().min(1).max(200),
    points: z.number().int().min(1).max(1000).default(10),
  })
  // Strict like the bodies: a misspelt `tpye` would otherwise be dropped and the part drawn from every type.
  .strict()
  .refine((p) => p.difficultyMin <= p.difficultyMax, { message: "难度下限不能高于上限", path: ["difficultyMin"] })
  .openapi("DrawPart");

export const DrawSpecSchema = z
  .object({
    bankIds: z.array(IdSchema).min(1, "请选择至少一个题库").max(20),
    parts: z.array(DrawPartSchema).min(1).max(10),
  })
  .strict()
  .refine((s) => s.parts.reduce((n, p) => n + p.count, 0) <= 200, { message: "一场最多 200 道题", path: ["parts"] })
  .openapi("DrawSpec");

export const AdvancementSchema = z
  .object({ kind: z.enum(["top_n", "top_percent", "min_score"]), value: z.number().int().min(1).max(100000) })
  .strict()
  .refine((a) => a.kind !== "top_percent" || a.value <= 100, { message: "百分比不能超过 100", path: ["value"] })
  .openapi("Advancement");

const roundFields = {
  name: Title,
  mode: z.enum(["self_paced", "live"]).default("self_paced"),
  scoring: z.enum(["accuracy", "speed"]).default("accuracy"),
  opensAt: z.number().int().positive(),
  closesAt: z.number().int().positive(),
  timeLimitSec: z
    .number()
    .int()
    .min(60, "答题时间至少 1 分钟")
    .max(6 * 3600, "答题时间最多 6 小时"),
  questionTimeSec: z.number().int().min(5).max(600).nullable().default(null),
  drawMode: z.enum(["same", "per_person"]).default("same"),
  drawSpec: DrawSpecSchema,
  attemptsAllowed: z.number().int().min(1).max(10).default(1),
  countPolicy: z.enum(["best", "last"]).default("best"),
  allowBack: z.boolean().default(true),
  partialCredit: z.boolean().default(false),
  advancement: AdvancementSchema.nullable().default(null),
  honourTopN: z.number().int().min(1).max(10000).nullable().default(null),
  /** Live rounds: how teams play (see contest_rounds.live_team_play). */
  liveTeamPlay: z.enum(liveTeamPlays).default("individual"),
};

export const CreateRoundBodySchema = z.object(roundFields).strict().openapi("CreateRoundBody");
// Without their defaults: zod 4 applies a default inside .optional(), so a PATCH of the window
// alone would reset scoring, attempts, honourTopN… to the defaults.
export const UpdateRoundBodySchema = z
  .object(
    Object.fromEntries(
      Object.entries(roundFields).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional()]),
    ) as {
      [K in keyof typeof roundFields]: z.ZodOptional<(typeof roundFields)[K]>;
    },
  )
  .strict()
  .openapi("UpdateRoundBody");

export const RoundSchema = z
  .object({
    id: z.string(),
    contestId: z.string(),
    seq: z.number().int(),
    name: z.string(),
    mode: z.enum(["self_paced", "live"]),
    scoring: z.enum(["accuracy", "speed"]),
    opensAt: z.number().int(),
    closesAt: z.number().int(),
    timeLimitSec: z.number().int(),
    questionTimeSec: z.number().int().nullable(),
    drawMode: z.enum(["same", "per_person"]),
    drawSpec: DrawSpecSchema,
    attemptsAllowed: z.number().int(),
    countPolicy: z.enum(["best", "last"]),
    allowBack: z.boolean(),
    liveTeamPlay: z.enum(liveTeamPlays),
    partialCredit: z.boolean(),
    advancement: AdvancementSchema.nullable(),
    honourTopN: z.number().int().nullable(),
    questionCount: z.number().int(),
    totalPoints: z.number().int(),
    state: z.enum(["upcoming", "open", "closed"]),
  })
  .openapi("Round");

export const ContestSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.enum(["draft", "published", "archived"]),
    hosts: z.array(z.object({ type: z.enum(["org", "alliance"]), id: z.string(), name: z.string() })),
    scope: z.array(z.object({ id: z.string(), name: z.string() })),
    team: z.object({ kind: z.enum(orgKinds), method: z.enum(["mean", "top_k"]), topK: z.number().int().nullable() }).nullable(),
    rounds: z.array(RoundSchema),
    canManage: z.boolean(),
    createdAt: z.number().int(),
    publishedAt: z.number().int().nullable(),
  })
  .openapi("Contest");

export const ContestResponseSchema = z.object({ contest: ContestSchema }).openapi("ContestResponse");
export const ContestListSchema = z.object({ contests: z.array(ContestSchema) }).openapi("ContestList");

/** A round as a participant sees it in the list of their contests: the rules, and where they stand. */
export const MyRoundSchema = RoundSchema.omit({ drawSpec: true, advancement: true })
  .extend({
    advancement: AdvancementSchema.nullable(),
    /** False when an earlier round's advancement rule left the person out (or it has not closed yet). */
    qualified: z.boolean(),
    attemptsLeft: z.number().int(),
    openAttemptId: z.string().nullable(),
    lastAttemptId: z.string().nullable(),
    result: z.object({ score: z.number().int(), durationMs: z.number().int(), attemptId: z.string() }).nullable(),
  })
  .openapi("MyRound");

export const MyContestSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    hosts: z.array(z.object({ type: z.enum(["org", "alliance"]), id: z.string(), name: z.string() })),
    rounds: z.array(MyRoundSchema),
  })
  .openapi("MyContest");

export const MyContestListSchema = z.object({ contests: z.array(MyContestSchema), serverNow: z.number().int() }).openapi("MyContestList");

export const AttemptQuestionSchema = z
  .object({
    seq: z.number().int(),
    type: z.enum(questionTypes),
    stem: z.string(),
    /** In the order shown to this attempt. */
    options: z.array(z.string()),
    blanks: z.number().int(),
    points: z.number().int(),
    answer: ResponseSchema.nullable(),
    answeredAt: z.number().int().nullable(),
  })
  .openapi("AttemptQuestion");

export const ReviewItemSchema = z
  .object({
    seq: z.number().int(),
    credit: z.number(),
    earned: z.number().int(),
    /** The right answer in shown positions: an index, indices, a boolean, or accepted answers per blank. */
    rightAnswer: z.unknown(),
    explanation: z.string(),
    source: z.string(),
  })
  .openapi("AttemptReviewItem");

export const AttemptSchema = z
  .object({
    id: z.string(),
    roundId: z.string(),
    contestId: z.string(),
    contestTitle: z.string(),
    roundName: z.string(),
    scoring: z.enum(["accuracy", "speed"]),
    attemptNo: z.number().int(),
    status: z.enum(["open", "submitted", "expired"]),
    startedAt: z.number().int(),
    deadlineAt: z.number().int(),
    serverNow: z.number().int(),
    graceMs: z.number().int(),
    sequential: z.boolean(),
    allowBack: z.boolean(),
    questionTimeSec: z.number().int().nullable(),
    currentSeq: z.number().int(),
    currentOpenedAt: z.number().int(),
    questionCount: z.number().int(),
    totalPoints: z.number().int(),
    questions: z.array(AttemptQuestionSchema),
    result: z
      .object({
        score: z.number().int(),
        correctCount: z.number().int(),
        durationMs: z.number().int(),
        finishedAt: z.number().int(),
        counted: z.boolean(),
        rank: z.number().int().nullable(),
        participants: z.number().int(),
      })
      .nullable(),
    /** Only once the round has closed for everyone. */
    review: z.array(ReviewItemSchema).nullable(),
  })
  .openapi("Attempt");

export const AttemptResponseSchema = z.object({ attempt: AttemptSchema }).openapi("AttemptResponse");

export const SubmitAnswerBodySchema = z.object({ response: ResponseSchema }).strict().openapi("SubmitAnswerBody");
export const SubmitAnswerResultSchema = z
  .object({
    seq: z.number().int(),
    answeredAt: z.number().int(),
    serverNow: z.number().int(),
    deadlineAt: z.number().int(),
    /** Sequential rounds: the question now on screen and when it was shown. */
    currentSeq: z.number().int(),
    currentOpenedAt: z.number().int(),
  })
  .openapi("SubmitAnswerResult");

export const LeaderboardQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const LeaderboardEntrySchema = z
  .object({
    rank: z.number().int(),
    userId: z.string(),
    name: z.string(),
    orgName: z.string(),
    score: z.number().int(),
    correctCount: z.number().int(),
    durationMs: z.number().int(),
    finishedAt: z.number().int(),
  })
  .openapi("LeaderboardEntry");

export const LeaderboardSchema = z
  .object({
    roundId: z.string(),
    participants: z.number().int(),
    closed: z.boolean(),
    top: z.array(LeaderboardEntrySchema),
    me: LeaderboardEntrySchema.nullable(),
  })
  .openapi("Leaderboard");

export const StandingSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    rank: z.number().int(),
    participants: z.number().int(),
    members: z.number().int(),
    score: z.number(),
  })
  .openapi("Standing");

export const StandingsSchema = z
  .object({
    by: z.enum(["team", "org"]),
    /** How the score is computed, in words, for the results page. */
    rule: z.string(),
    items: z.array(StandingSchema),
  })
  .openapi("Standings");

export const StandingsQuerySchema = z.object({ by: z.enum(["team", "org"]).default("org") });

export const MonitorSchema = z
  .object({
    roundId: z.string(),
    state: z.enum(["upcoming", "open", "closed"]),
    eligible: z.number().int(),
    started: z.number().int(),
    inProgress: z.number().int(),
    finished: z.number().int(),
    medianScore: z.number().nullable(),
    serverNow: z.number().int(),
  })
  .openapi("RoundMonitor");

export const GrantBodySchema = z
  .object({
    userId: IdSchema,
    kind: z.enum(["extra_time", "extra_attempt", "reopen"]),
    minutes: z.number().int().min(1).max(600).default(10),
    reason: z
      .string()
      .transform((v) => v.trim())
      .pipe(z.string().min(2, "请写明原因").max(500)),
  })
  .strict()
  .openapi("GrantBody");

export const GrantSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    /** The person's name, so a list of grants reads without another lookup. */
    userName: z.string(),
    kind: z.enum(["extra_time", "extra_attempt", "reopen"]),
    minutes: z.number().int(),
    reason: z.string(),
    createdAt: z.number().int(),
  })
  .openapi("RoundGrant");

export const QuestionStatSchema = z
  .object({
    seq: z.number().int().nullable(),
    questionId: z.string(),
    version: z.number().int(),
    stem: z.string(),
    type: z.enum(questionTypes),
    /** How many counted attempts had this question (fewer than the participants when papers are drawn per person). */
    given: z.number().int(),
    answered: z.number().int(),
    /** Share of those given the question who earned full credit on it. */
    shareCorrect: z.number(),
    avgTimeMs: z.number().nullable(),
    /** Share correct among the top 27 % minus among the bottom 27 % (by score). */
    discrimination: z.number().nullable(),
  })
  .openapi("QuestionStat");

export const QuestionStatsSchema = z
  .object({ roundId: z.string(), participants: z.number().int(), items: z.array(QuestionStatSchema) })
  .openapi("QuestionStats");

export const HistogramSchema = z
  .object({
    roundId: z.string(),
    totalPoints: z.number().int(),
    /** Ten equal bins [from, to); the last one includes the full score. */
    bins: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
  })
  .openapi("ScoreHistogram");

export const ExportQuerySchema = z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") });

export const CertificateSchema = z
  .object({
    kind: z.enum(["honour", "participation"]),
    name: z.string(),
    orgName: z.string(),
    contestTitle: z.string(),
    roundName: z.string(),
    hosts: z.array(z.string()),
    rank: z.number().int(),
    /** How many took part in the round (the rank is out of these). */
    participants: z.number().int(),
    score: z.number().int(),
    totalPoints: z.number().int(),
    issuedAt: z.number().int(),
  })
  .openapi("Certificate");

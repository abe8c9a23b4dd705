import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { questions } from "./bank";
import { orgKinds, orgs } from "./orgs";
import { users } from "./users";

export const liveTeamPlays = ["individual", "team_captain", "team_first", "team_mean"] as const;
export type LiveTeamPlay = (typeof liveTeamPlays)[number];

/**
 * A knowledge contest (知识竞赛). Hosts and eligibility live in their own tables; `team*` says how
 * team standings are formed (by which org kind, and the mean of all members' scores or of the top K).
 */
export const contests = sqliteTable("contests", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  status: text("status", { enum: ["draft", "published", "archived"] })
    .notNull()
    .default("draft"),
  teamKind: text("team_kind", { enum: orgKinds }),
  teamMethod: text("team_method", { enum: ["mean", "top_k"] })
    .notNull()
    .default("mean"),
  teamTopK: integer("team_top_k"),
  createdBy: text("created_by"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  publishedAt: integer("published_at"),
});

/** One host of a contest: an org (its organizers and those above manage it) or an alliance (its organizers do). */
export const contestHosts = sqliteTable(
  "contest_hosts",
  {
    contestId: text("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    hostType: text("host_type", { enum: ["org", "alliance"] }).notNull(),
    hostId: text("host_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.hostType, t.hostId] }), index("contest_hosts_host_idx").on(t.hostType, t.hostId)],
);

/** Who may take part: members of these orgs and of their subtrees. */
export const contestScope = sqliteTable(
  "contest_scope",
  {
    contestId: text("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.orgId] }), index("contest_scope_org_idx").on(t.orgId)],
);

/**
 * A round (初赛, 复赛, 决赛). Self-paced rounds have a window and a time limit per attempt; a
 * per-question time makes the round sequential (no going back) and is what speed scoring needs.
 * `drawSpec`: banks and parts (type/tag/difficulty, count, points); `drawMode` `same` fixes one
 * paper in round_questions, `per_person` draws at each attempt's start.
 */
export const contestRounds = sqliteTable(
  "contest_rounds",
  {
    id: text("id").primaryKey(),
    contestId: text("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    name: text("name").notNull(),
    mode: text("mode", { enum: ["self_paced", "live"] })
      .notNull()
      .default("self_paced"),
    scoring: text("scoring", { enum: ["accuracy", "speed"] })
      .notNull()
      .default("accuracy"),
    opensAt: integer("opens_at").notNull(),
    closesAt: integer("closes_at").notNull(),
    timeLimitSec: integer("time_limit_sec").notNull(),
    questionTimeSec: integer("question_time_sec"),
    drawMode: text("draw_mode", { enum: ["same", "per_person"] })
      .notNull()
      .default("same"),
    drawSpec: text("draw_spec", { mode: "json" }).notNull(),
    attemptsAllowed: integer("attempts_allowed").notNull().default(1),
    countPolicy: text("count_policy", { enum: ["best", "last"] })
      .notNull()
      .default("best"),
    allowBack: integer("allow_back", { mode: "boolean" }).notNull().default(true),
    partialCredit: integer("partial_credit", { mode: "boolean" }).notNull().default(false),
    /** Who moves on to the next round: `{ kind: "top_n" | "top_percent" | "min_score", value }`, or null for everyone. */
    advancement: text("advancement", { mode: "json" }),
    /** Places 1…N get an honour certificate (荣誉证书); everyone else who finished, a participation one. */
    honourTopN: integer("honour_top_n"),
    /**
     * Live rounds: how teams play. `individual`: everyone answers for themselves; `team_captain`:
     * the team's captain answers for it; `team_first`: the first of the team to answer does;
     * `team_mean`: everyone answers and the team scores the mean (teams = the contest's team kind).
     */
    liveTeamPlay: text("live_team_play", { enum: liveTeamPlays }).notNull().default("individual"),
    /** When the places of the closed round were credited to the points bank (top N per the placed person's org rules). */
    placementsCreditedAt: integer("placements_credited_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("contest_rounds_contest_seq_unique").on(t.contestId, t.seq)],
);

/** The one paper of a `same`-draw round, with each question's version pinned. */
export const roundQuestions = sqliteTable(
  "round_questions",
  {
    roundId: text("round_id")
      .notNull()
      .references(() => contestRounds.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    version: integer("version").notNull(),
    points: integer("points").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.seq] }), index("round_questions_question_idx").on(t.questionId, t.version)],
);

/**
 * One person's taking of a round. The deadline is fixed at start. `currentSeq`/`currentOpenedAt`
 * pace a sequential round: the question on screen and when the server showed it.
 */
export const attempts = sqliteTable(
  "attempts",
  {
    id: text("id").primaryKey(),
    roundId: text("round_id")
      .notNull()
      .references(() => contestRounds.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    attemptNo: integer("attempt_no").notNull(),
    status: text("status", { enum: ["open", "submitted", "expired"] })
      .notNull()
      .default("open"),
    /** The member's org the attempt counts for (teams, host-org standings), fixed at start. */
    orgId: text("org_id").notNull(),
    orgPath: text("org_path").notNull(),
    startedAt: integer("started_at").notNull(),
    deadlineAt: integer("deadline_at").notNull(),
    finishedAt: integer("finished_at"),
    questionCount: integer("question_count").notNull(),
    totalPoints: integer("total_points").notNull(),
    score: integer("score").notNull().default(0),
    correctCount: integer("correct_count").notNull().default(0),
    durationMs: integer("duration_ms"),
    sequential: integer("sequential", { mode: "boolean" }).notNull().default(false),
    currentSeq: integer("current_seq").notNull().default(1),
    currentOpenedAt: integer("current_opened_at").notNull(),
    /** When its wrong answers were put in the person's 错题本 (once, after the round closed). */
    wrongBookAt: integer("wrong_book_at"),
  },
  (t) => [
    uniqueIndex("attempts_round_user_no_unique").on(t.roundId, t.userId, t.attemptNo),
    index("attempts_user_idx").on(t.userId, t.roundId),
    index("attempts_open_deadline_idx").on(t.deadlineAt).where(sql`status = 'open'`),
    index("attempts_round_status_idx").on(t.roundId, t.status),
  ],
);

/**
 * The questions of one attempt, in the order shown. `optionOrder[d]` is the original index of the
 * option shown at position d; `answerKey` is the answer in shown positions, in the canonical form a
 * response is compared with (see contest.scoring.ts), so an answer is scored in SQL.
 */
export const attemptQuestions = sqliteTable(
  "attempt_questions",
  {
    attemptId: text("attempt_id")
      .notNull()
      .references(() => attempts.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    questionId: text("question_id").notNull(),
    version: integer("version").notNull(),
    type: text("type", { enum: ["single", "multiple", "judge", "fill"] }).notNull(),
    points: integer("points").notNull(),
    partialCredit: integer("partial_credit", { mode: "boolean" }).notNull().default(false),
    optionOrder: text("option_order", { mode: "json" }).$type<number[]>().notNull(),
    answerKey: text("answer_key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.seq] }), index("attempt_questions_question_idx").on(t.questionId, t.version)],
);

/** The saved answer to one question of an attempt (a changed answer replaces it). */
export const attemptAnswers = sqliteTable(
  "attempt_answers",
  {
    attemptId: text("attempt_id")
      .notNull()
      .references(() => attempts.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    /** The response in canonical form, in shown positions: what is scored. */
    response: text("response").notNull(),
    /** The response as given (fill-in blanks as typed), to show back. */
    given: text("given", { mode: "json" }).notNull(),
    /** Share of the question's points earned for content, 0…1. */
    credit: real("credit").notNull(),
    earned: integer("earned").notNull(),
    /** Time spent on it: since the question was shown (sequential rounds) or since the previous answer. */
    elapsedMs: integer("elapsed_ms").notNull(),
    answeredAt: integer("answered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.seq] })],
);

/**
 * The attempt that counts for each person in a round (best or last), kept up to date as attempts
 * finish, so a leaderboard is one index scan and a rank one count.
 */
export const roundResults = sqliteTable(
  "round_results",
  {
    roundId: text("round_id")
      .notNull()
      .references(() => contestRounds.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    attemptId: text("attempt_id").notNull(),
    orgId: text("org_id").notNull(),
    orgPath: text("org_path").notNull(),
    score: integer("score").notNull(),
    correctCount: integer("correct_count").notNull(),
    durationMs: integer("duration_ms").notNull(),
    finishedAt: integer("finished_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.userId] }),
    index("round_results_rank_idx").on(t.roundId, sql`score desc`, t.durationMs, t.finishedAt),
  ],
);

/**
 * An accommodation for one person in a round: more time, another attempt, or an attempt reopened
 * after a network failure. Always with a reason; the audit log has who and when.
 */
export const roundGrants = sqliteTable(
  "round_grants",
  {
    id: text("id").primaryKey(),
    roundId: text("round_id")
      .notNull()
      .references(() => contestRounds.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["extra_time", "extra_attempt", "reopen"] }).notNull(),
    minutes: integer("minutes").notNull().default(0),
    reason: text("reason").notNull(),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("round_grants_round_user_idx").on(t.roundId, t.userId)],
);

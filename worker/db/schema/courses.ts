import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { banks } from "./bank";
import { orgs } from "./orgs";
import { users } from "./users";

export const moduleTags = ["党课", "微宣讲", "车间党课", "夜校", "技能", "兴趣", "理论学习", "党史"] as const;
export type ModuleTag = (typeof moduleTags)[number];

/**
 * A course module (课程, 微课): the identity a lecturer owns. What members read lives in
 * module_versions; `publishedVersionId` is what the catalog shows, `draftVersionId` the version being
 * written or waiting for review. Editing a published module makes a new draft version; the published
 * one stays live until an organizer of `orgId` approves the new one.
 */
export const modules = sqliteTable(
  "modules",
  {
    id: text("id").primaryKey(),
    /** The owning org: its organizers (and those above) review and approve. */
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    publishedVersionId: text("published_version_id"),
    draftVersionId: text("draft_version_id"),
    archivedAt: integer("archived_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("modules_org_idx").on(t.orgId), index("modules_owner_idx").on(t.ownerId)],
);

/**
 * One version of a module. `status`: draft (being written) → submitted (waiting for review) →
 * published (approved; the module's current version) → superseded (a later version was approved);
 * an organizer may send a submitted version back (rejected, with `reviewNote`) to be edited again.
 * Study hours are kept in tenths (1.5 学时 = 15) so sums are exact.
 */
export const moduleVersions = sqliteTable(
  "module_versions",
  {
    id: text("id").primaryKey(),
    moduleId: text("module_id")
      .notNull()
      .references(() => modules.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status", { enum: ["draft", "submitted", "rejected", "published", "superseded"] })
      .notNull()
      .default("draft"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    /** Markdown as the lecturer wrote it; `bodyHtml` is its safe rendering (raw HTML is escaped). */
    bodyMd: text("body_md").notNull().default(""),
    bodyHtml: text("body_html").notNull().default(""),
    mediaKind: text("media_kind", { enum: ["none", "link", "file"] })
      .notNull()
      .default("none"),
    /** For `link`: an http(s) address of a video or slides. */
    mediaUrl: text("media_url"),
    /** For `file`: the R2 key, the name it was uploaded with, its type and size. */
    mediaKey: text("media_key"),
    mediaName: text("media_name"),
    mediaType: text("media_type"),
    mediaBytes: integer("media_bytes"),
    durationMin: integer("duration_min").notNull(),
    hoursTenths: integer("hours_tenths").notNull(),
    tags: text("tags", { mode: "json" }).$type<ModuleTag[]>().notNull().default(sql`'[]'`),
    /** Optional completion quiz for self-paced study: draw `quizCount` questions from the bank, pass at `quizPassPct`. */
    quizBankId: text("quiz_bank_id").references(() => banks.id),
    quizCount: integer("quiz_count"),
    quizPassPct: integer("quiz_pass_pct"),
    /** Members may study it on their own and mark it complete (otherwise it is taught in sessions only). */
    selfPaced: integer("self_paced", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by").notNull(),
    submittedAt: integer("submitted_at"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: integer("reviewed_at"),
    reviewNote: text("review_note"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("module_versions_module_version_unique").on(t.moduleId, t.version), index("module_versions_status_idx").on(t.status)],
);

/**
 * Who a module is for: members of an org's subtree, of an alliance's orgs (and their subtrees), or
 * everyone on the instance (`target_type` all, `target_id` '*'). The audience of the module, not of
 * a version: changing it takes effect at once (it decides visibility, not content).
 */
export const moduleAudience = sqliteTable(
  "module_audience",
  {
    moduleId: text("module_id")
      .notNull()
      .references(() => modules.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: ["org", "alliance", "all"] }).notNull(),
    targetId: text("target_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.moduleId, t.targetType, t.targetId] }),
    index("module_audience_target_idx").on(t.targetType, t.targetId),
  ],
);

/**
 * A scheduled occurrence of a module (课次): offline (place, capacity) or online live (link).
 * `enrolledCount` is kept by the enrollment statements themselves and is the capacity guard
 * (`WHERE enrolled_count < capacity` in the same statement), so no read-then-write can overbook.
 * `checkinSecret` keys the rotating check-in code and the scan tickets; it never leaves the server.
 */
export const courseSessions = sqliteTable(
  "course_sessions",
  {
    id: text("id").primaryKey(),
    moduleId: text("module_id")
      .notNull()
      .references(() => modules.id),
    /** The org that holds the session (counts toward its delivery targets). */
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    lecturerId: text("lecturer_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ["offline", "online"] }).notNull(),
    status: text("status", { enum: ["scheduled", "cancelled"] })
      .notNull()
      .default("scheduled"),
    place: text("place"),
    link: text("link"),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    /** Null: no limit (online sessions may have none). */
    capacity: integer("capacity"),
    enrolledCount: integer("enrolled_count").notNull().default(0),
    /** Hands out waitlist positions in order; never decreases. */
    waitlistSeq: integer("waitlist_seq").notNull().default(0),
    enrollOpensAt: integer("enroll_opens_at").notNull(),
    enrollClosesAt: integer("enroll_closes_at").notNull(),
    /** After this, enrolled members can no longer cancel (the organizer has planned the room). */
    cancelClosesAt: integer("cancel_closes_at").notNull(),
    walkIns: integer("walk_ins", { mode: "boolean" }).notNull().default(false),
    checkinSecret: text("checkin_secret").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("course_sessions_module_idx").on(t.moduleId, t.startsAt),
    index("course_sessions_starts_idx").on(t.startsAt),
    index("course_sessions_org_idx").on(t.orgId, t.startsAt),
    index("course_sessions_lecturer_idx").on(t.lecturerId, t.startsAt),
  ],
);

/** Orgs whose members are assigned (required) to attend a session (指定参加). */
export const sessionRequiredOrgs = sqliteTable(
  "session_required_orgs",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.orgId] }), index("session_required_orgs_org_idx").on(t.orgId)],
);

/**
 * A member's place in a session: `enrolled` (holds a seat), `waitlisted` (in `waitlistPos` order),
 * or `cancelled`. One row per person and session: enrolling again after a cancel reuses it.
 */
export const enrollments = sqliteTable(
  "enrollments",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: ["enrolled", "waitlisted", "cancelled"] }).notNull(),
    waitlistPos: integer("waitlist_pos"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.userId] }),
    index("enrollments_waitlist_idx").on(t.sessionId, t.status, t.waitlistPos),
    index("enrollments_user_idx").on(t.userId, t.status),
  ],
);

/**
 * Attendance at a session: by check-in (rotating QR or typed code) or entered by an organizer.
 * `reversedAt` marks an attendance an organizer took back (with reason, audited); the row stays so
 * the history is readable, and the study hours it credited are reversed in the ledger.
 */
export const attendances = sqliteTable(
  "attendances",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    method: text("method", { enum: ["qr", "code", "organizer"] }).notNull(),
    checkedInAt: integer("checked_in_at").notNull(),
    walkIn: integer("walk_in", { mode: "boolean" }).notNull().default(false),
    recordedBy: text("recorded_by"),
    reason: text("reason"),
    reversedAt: integer("reversed_at"),
    reversedBy: text("reversed_by"),
    reversalReason: text("reversal_reason"),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("attendances_user_idx").on(t.userId)],
);

/** A member's rating (1–5) and comment on a session they attended. One per person; a second replaces the first. */
export const sessionFeedback = sqliteTable(
  "session_feedback",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    rating: integer("rating").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

/**
 * Self-paced study of a module marked complete, proven by passing its quiz or by the member's own
 * confirmation — never by time spent online. One per person and module.
 */
export const moduleCompletions = sqliteTable(
  "module_completions",
  {
    moduleId: text("module_id")
      .notNull()
      .references(() => modules.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    versionId: text("version_id").notNull(),
    method: text("method", { enum: ["quiz", "confirm"] }).notNull(),
    quizScorePct: integer("quiz_score_pct"),
    completedAt: integer("completed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.moduleId, t.userId] }), index("module_completions_user_idx").on(t.userId)],
);

/**
 * A completion quiz handed to a member: the questions drawn (question version ids, in order, with the
 * option order shown). Graded on the server when submitted; answer keys never reach the phone before.
 */
export const moduleQuizzes = sqliteTable(
  "module_quizzes",
  {
    id: text("id").primaryKey(),
    moduleId: text("module_id")
      .notNull()
      .references(() => modules.id, { onDelete: "cascade" }),
    versionId: text("version_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /**
     * [{ questionId, version, optionOrder }] in the order shown: the version seen is the version graded.
     * Submitting adds each `response` (in shown positions, null when left blank) and whether it was `correct`.
     */
    paper: text("paper", { mode: "json" })
      .$type<{ questionId: string; version: number; optionOrder: number[]; response?: unknown; correct?: boolean }[]>()
      .notNull(),
    scorePct: integer("score_pct"),
    passed: integer("passed", { mode: "boolean" }),
    createdAt: integer("created_at").notNull(),
    submittedAt: integer("submitted_at"),
  },
  (t) => [index("module_quizzes_user_idx").on(t.userId, t.moduleId)],
);

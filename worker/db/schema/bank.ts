import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { alliances, orgs } from "./orgs";
import { users } from "./users";

/**
 * A question bank, owned by an org. `visibility`: `org` (the owning org's subtree), `alliance`
 * (also the alliances in bank_shares), `public` (every org on the instance).
 */
export const banks = sqliteTable(
  "banks",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    visibility: text("visibility", { enum: ["org", "alliance", "public"] })
      .notNull()
      .default("org"),
    /** Set for banks loaded from question-bank/ (`shipped:<dir>`), so loading again updates instead of duplicating. */
    sourceKey: text("source_key"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("banks_org_idx").on(t.orgId), uniqueIndex("banks_source_key_unique").on(t.sourceKey)],
);

export const bankShares = sqliteTable(
  "bank_shares",
  {
    bankId: text("bank_id")
      .notNull()
      .references(() => banks.id, { onDelete: "cascade" }),
    allianceId: text("alliance_id")
      .notNull()
      .references(() => alliances.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bankId, t.allianceId] }), index("bank_shares_alliance_idx").on(t.allianceId)],
);

export const questionStatuses = ["draft", "active", "retired"] as const;

/**
 * A question's identity and its current state; its content lives in versions. The current
 * version's searchable fields are copied here (stem, type, difficulty) so lists and draws read
 * one table.
 */
export const questions = sqliteTable(
  "questions",
  {
    id: text("id").primaryKey(),
    bankId: text("bank_id")
      .notNull()
      .references(() => banks.id, { onDelete: "cascade" }),
    /** A stable key from an import source (the shipped bank's ids), unique within the bank. */
    externalKey: text("external_key"),
    currentVersion: integer("current_version").notNull().default(1),
    status: text("status", { enum: questionStatuses }).notNull().default("active"),
    type: text("type", { enum: ["single", "multiple", "judge", "fill"] }).notNull(),
    stem: text("stem").notNull(),
    /** The stem folded for duplicate detection (see normalizeStem). */
    stemKey: text("stem_key").notNull(),
    difficulty: integer("difficulty").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("questions_bank_status_idx").on(t.bankId, t.status),
    index("questions_bank_stem_key_idx").on(t.bankId, t.stemKey),
    uniqueIndex("questions_bank_external_key_unique").on(t.bankId, t.externalKey),
  ],
);

/**
 * The content of each version. A version that has been answered is never changed again: an edit
 * then makes the next version, and past answers keep pointing at the one they saw.
 */
export const questionVersions = sqliteTable(
  "question_versions",
  {
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    type: text("type", { enum: ["single", "multiple", "judge", "fill"] }).notNull(),
    stem: text("stem").notNull(),
    options: text("options", { mode: "json" }).$type<string[]>().notNull(),
    /** The answer as in QuestionDraft: an index, indices, a boolean, or accepted answers per blank. */
    answer: text("answer", { mode: "json" }).notNull(),
    partialCredit: integer("partial_credit", { mode: "boolean" }).notNull().default(false),
    explanation: text("explanation").notNull().default(""),
    source: text("source").notNull().default(""),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    difficulty: integer("difficulty").notNull(),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.version] })],
);

/** The current version's tags, one row each, for tag filters, draws and mastery by tag. */
export const questionTags = sqliteTable(
  "question_tags",
  {
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.tag] }), index("question_tags_tag_idx").on(t.tag)],
);

/** A question import between preview and commit (like member imports). */
export const questionImports = sqliteTable("question_imports", {
  id: text("id").primaryKey(),
  bankId: text("bank_id").notNull(),
  createdBy: text("created_by").notNull(),
  fileName: text("file_name").notNull(),
  format: text("format").notNull(),
  /** The valid drafts to insert, with their line numbers. */
  drafts: text("drafts", { mode: "json" }).notNull(),
  errorCount: integer("error_count").notNull(),
  status: text("status", { enum: ["preview", "committed"] })
    .notNull()
    .default("preview"),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** Per-org practice settings. */
export const practiceSettings = sqliteTable("practice_settings", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => orgs.id),
  dailySize: integer("daily_size").notNull().default(5),
  updatedAt: integer("updated_at").notNull(),
});

/** The day's set for one person, fixed when first opened so a reload shows the same questions. */
export const practiceSets = sqliteTable(
  "practice_sets",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The calendar day in the person's org time zone, YYYY-MM-DD. */
    day: text("day").notNull(),
    questionIds: text("question_ids", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/**
 * Every practice answer, with the version it answered. `mode`: `daily` (once per question per day:
 * the unique index makes a retried submission harmless) or `review` (the wrong-answer book).
 */
export const practiceAnswers = sqliteTable(
  "practice_answers",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    mode: text("mode", { enum: ["daily", "review"] }).notNull(),
    day: text("day").notNull(),
    response: text("response", { mode: "json" }).notNull(),
    correct: integer("correct", { mode: "boolean" }).notNull(),
    answeredAt: integer("answered_at").notNull(),
  },
  (t) => [
    index("practice_answers_user_question_idx").on(t.userId, t.questionId),
    index("practice_answers_question_version_idx").on(t.questionId, t.version),
    uniqueIndex("practice_answers_daily_unique").on(t.userId, t.day, t.questionId, t.mode).where(sql`mode = 'daily'`),
  ],
);

/**
 * 错题本: a question a person got wrong, until answered right twice in a row. `streak` counts
 * right answers since the last wrong one.
 */
export const wrongBook = sqliteTable(
  "wrong_book",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    streak: integer("streak").notNull().default(0),
    wrongCount: integer("wrong_count").notNull().default(1),
    lastWrongAt: integer("last_wrong_at").notNull(),
    clearedAt: integer("cleared_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.questionId] }), index("wrong_book_user_open_idx").on(t.userId, t.clearedAt)],
);

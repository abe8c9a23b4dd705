import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import { expect } from "vitest";
import type { BankSchema, QuestionSchema } from "../../worker/features/bank/bank.schema";
import type { QuestionDraftInput } from "../../worker/features/bank/question";
import type { TestOrg } from "./factories";
import { call, expectStatus } from "./http";

export type BankBody = z.infer<typeof BankSchema>;
export type QuestionBody = z.infer<typeof QuestionSchema>;

/**
 * The tables a bank, question, import or practice write can touch. Sessions and login throttles
 * are left out: logging in (which every test does) writes them.
 */
const TABLES = [
  "banks",
  "bank_shares",
  "questions",
  "question_versions",
  "question_tags",
  "question_imports",
  "practice_settings",
  "practice_sets",
  "practice_answers",
  "wrong_book",
  "audit_log",
  "alliances",
  "alliance_orgs",
] as const;
export type BankTable = (typeof TABLES)[number];
export type BankDbState = Record<BankTable, unknown[]>;

/** Every row of the tables above, in insertion order: the whole state a refused write must leave alone. */
export async function bankState(): Promise<BankDbState> {
  const results = await env.DB.batch(TABLES.map((table) => env.DB.prepare(`select * from ${table} order by rowid`)));
  return Object.fromEntries(TABLES.map((table, i) => [table, results[i]?.results ?? []])) as BankDbState;
}

/** Asserts that nothing in `bankState()` changed since `before` was taken (optionally but for some tables). */
export async function expectBanksUnchanged(before: BankDbState, except: BankTable[] = []): Promise<void> {
  const after = await bankState();
  for (const table of TABLES) if (!except.includes(table)) expect(after[table], `rows of ${table}`).toEqual(before[table]);
}

/** `select count(*)` with an optional where clause and its bindings. */
export async function count(table: BankTable, where = "1 = 1", ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`select count(*) as n from ${table} where ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** An alliance of these orgs, written directly: the alliance API has its own tests. */
export async function createAlliance(orgs: TestOrg[], name = "产业链党建联盟"): Promise<{ id: string; name: string }> {
  const id = createId();
  const at = Date.now();
  await env.DB.batch([
    env.DB.prepare("insert into alliances (id, name, description, created_at, updated_at) values (?, ?, '', ?, ?)").bind(id, name, at, at),
    ...orgs.map((org) =>
      env.DB.prepare("insert into alliance_orgs (alliance_id, org_id, created_at) values (?, ?, ?)").bind(id, org.id, at),
    ),
  ]);
  return { id, name };
}

export async function createBank(token: string, orgId: string, name = `题库${createId().slice(0, 6)}`): Promise<BankBody> {
  const body = await expectStatus<{ bank: BankBody }>(call("/api/banks", { token, body: { orgId, name } }), 201);
  return body.bank;
}

export async function shareBank(token: string, bankId: string, share: { visibility: BankBody["visibility"]; allianceIds?: string[] }) {
  return (await expectStatus<{ bank: BankBody }>(call(`/api/banks/${bankId}`, { method: "PATCH", token, body: share }), 200)).bank;
}

export async function addQuestion(
  token: string,
  bankId: string,
  draft: QuestionDraftInput,
  status: "draft" | "active" = "active",
): Promise<QuestionBody> {
  const body = await expectStatus<{ question: QuestionBody }>(
    call(`/api/banks/${bankId}/questions`, { token, body: { draft, status } }),
    201,
  );
  return body.question;
}

/** A single-choice draft whose stem (and so duplicate key) is unique unless `stem` is given. */
export function singleDraft(fields: Partial<Extract<QuestionDraftInput, { type: "single" }>> = {}) {
  return {
    type: "single" as const,
    stem: `中共一大于哪一年召开？${createId().slice(0, 8)}`,
    options: ["1919年", "1921年", "1927年", "1935年"],
    answer: 1,
    explanation: "1921年7月，中共一大在上海召开。",
    source: "《中国共产党简史》第一章",
    tags: ["新民主主义革命时期"],
    difficulty: 1,
    ...fields,
  };
}

/** The four types, whole as the API returns them (defaults filled in). */
export const DRAFTS = {
  single: {
    type: "single",
    stem: "中国共产党第一次全国代表大会于哪一年召开？",
    options: ["1919年", "1921年", "1927年", "1935年"],
    answer: 1,
    explanation: "1921年7月23日，中共一大在上海召开。",
    source: "《中国共产党简史》第一章",
    tags: ["新民主主义革命时期", "重要会议"],
    difficulty: 1,
  },
  multiple: {
    type: "multiple",
    stem: "“三会一课”中的“三会”是指（ ）。",
    options: ["支部党员大会", "支部委员会", "党小组会", "职工代表大会"],
    answer: [0, 1, 2],
    partialCredit: true,
    explanation: "“三会”指支部党员大会、支部委员会和党小组会。",
    source: "《中国共产党支部工作条例（试行）》第十五条",
    tags: ["党的基本知识", "组织生活"],
    difficulty: 2,
  },
  judge: {
    type: "judge",
    stem: "预备党员的预备期为一年。",
    answer: true,
    explanation: "党章规定预备党员的预备期为一年。",
    source: "《中国共产党章程》第七条",
    tags: ["党章"],
    difficulty: 1,
  },
  fill: {
    type: "fill",
    stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议。",
    answer: [["遵义", "遵义市"]],
    explanation: "遵义会议确立了毛泽东在党中央和红军的领导地位。",
    source: "《中国共产党简史》第三章",
    tags: ["新民主主义革命时期", "重要会议"],
    difficulty: 2,
  },
} as const satisfies Record<string, QuestionDraftInput>;

import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import type { AttemptSchema, ContestSchema, CreateRoundBodySchema, RoundSchema } from "../../worker/features/contests/contest.schema";
import { addQuestion, createBank, DRAFTS } from "./banks";
import { call, expectStatus } from "./http";

export type ContestBody = z.infer<typeof ContestSchema>;
export type RoundBody = z.infer<typeof RoundSchema>;
export type AttemptBody = z.infer<typeof AttemptSchema>;
export type RoundInput = z.input<typeof CreateRoundBodySchema>;

export const MINUTE = 60_000;

/** A bank of the org with one question of each type (and `extraSingles` more single-choice ones). */
export async function bankWithQuestions(token: string, orgId: string, extraSingles = 0) {
  const bank = await createBank(token, orgId);
  for (const draft of Object.values(DRAFTS)) await addQuestion(token, bank.id, draft as never);
  for (let i = 0; i < extraSingles; i++) {
    await addQuestion(token, bank.id, {
      type: "single",
      stem: `第${i + 1}题：遵义会议于哪一年召开？`,
      options: ["1934年", "1935年", "1936年", "1937年"],
      answer: 1,
      explanation: "1935年1月。",
      source: "《中国共产党简史》第三章",
      tags: ["新民主主义革命时期"],
      difficulty: 2,
    });
  }
  return bank;
}

export async function createContest(
  token: string,
  body: { title?: string; hosts: { type: "org" | "alliance"; id: string }[]; scopeOrgIds: string[]; team?: unknown },
) {
  return (await expectStatus<{ contest: ContestBody }>(call("/api/contests", { token, body: { title: "党史知识竞赛", ...body } }), 201))
    .contest;
}

/** A self-paced round open now for an hour, 10-minute attempts, every question of the bank once. */
export function roundInput(bankId: string, fields: Partial<RoundInput> = {}): RoundInput {
  const at = Date.now();
  return {
    name: "初赛",
    opensAt: at - MINUTE,
    closesAt: at + 60 * MINUTE,
    timeLimitSec: 600,
    drawSpec: { bankIds: [bankId], parts: [{ count: 4, points: 10 }] },
    ...fields,
  };
}

export async function addRound(token: string, contestId: string, input: RoundInput) {
  return (await expectStatus<{ round: RoundBody }>(call(`/api/contests/${contestId}/rounds`, { token, body: input }), 201)).round;
}

export async function publish(token: string, contestId: string) {
  return (await expectStatus<{ contest: ContestBody }>(call(`/api/contests/${contestId}/publish`, { token, body: {} }), 200)).contest;
}

export async function start(token: string, roundId: string) {
  return (await expectStatus<{ attempt: AttemptBody }>(call(`/api/rounds/${roundId}/attempts`, { token, body: {} }), 200)).attempt;
}

export function answer(token: string, attemptId: string, seq: number, response: unknown) {
  return call(`/api/attempts/${attemptId}/answers/${seq}`, { method: "PUT", token, body: { response } });
}

/** The right response to a question as shown in an attempt, read from the database (tests only). */
export async function rightResponse(attemptId: string, seq: number): Promise<unknown> {
  const row = await env.DB.prepare("select type, answer_key as key from attempt_questions where attempt_id = ? and seq = ?")
    .bind(attemptId, seq)
    .first<{ type: string; key: string }>();
  if (!row) throw new Error(`no question ${seq}`);
  switch (row.type) {
    case "single":
      return { type: "single", choice: Number(row.key) };
    case "multiple":
      return { type: "multiple", choices: JSON.parse(row.key) };
    case "judge":
      return { type: "judge", value: row.key === "true" };
    default:
      return { type: "fill", blanks: (JSON.parse(row.key) as string[][]).map((accepted) => accepted[0]) };
  }
}

/** Moves a round's window (tests: close a round without waiting). */
export async function setWindow(roundId: string, opensAt: number, closesAt: number) {
  await env.DB.prepare("update contest_rounds set opens_at = ?, closes_at = ? where id = ?").bind(opensAt, closesAt, roundId).run();
}

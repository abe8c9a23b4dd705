import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { expect } from "vitest";
import type { AttemptSchema, ContestSchema, CreateRoundBodySchema, RoundSchema } from "../../worker/features/contests/contest.schema";
import { addQuestion, createBank, DRAFTS } from "./banks";
import { createUser, createWorld, loginAs, type TestOrg } from "./factories";
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

/**
 * A published contest hosted by a fresh world's committee (scope: the committee) with one round
 * open now (`roundInput` with `fields`, or with what `fields(bankId)` returns), and the organizer and
 * member logged in.
 */
export async function openRound(fields: Partial<RoundInput> | ((bankId: string) => Partial<RoundInput>) = {}, extraSingles = 0) {
  const world = await createWorld();
  const organizer = await loginAs(world.organizer);
  const member = await loginAs(world.member);
  const bank = await bankWithQuestions(organizer, world.committee.id, extraSingles);
  const contest = await createContest(organizer, { hosts: [{ type: "org", id: world.committee.id }], scopeOrgIds: [world.committee.id] });
  const round = await addRound(organizer, contest.id, roundInput(bank.id, typeof fields === "function" ? fields(bank.id) : fields));
  await publish(organizer, contest.id);
  return { world, organizer, member, bank, contest, round };
}

/** Another member of `org`, logged in. */
export async function memberOf(org: TestOrg, name?: string) {
  const user = await createUser({ roles: [{ org, role: "member" }], ...(name ? { name } : {}) });
  return { user, token: await loginAs(user) };
}

export async function readAttempt(token: string, attemptId: string) {
  return (await expectStatus<{ attempt: AttemptBody }>(call(`/api/attempts/${attemptId}`, { token }), 200)).attempt;
}

export async function finish(token: string, attemptId: string) {
  return (await expectStatus<{ attempt: AttemptBody }>(call(`/api/attempts/${attemptId}/finish`, { token, body: {} }), 200)).attempt;
}

/** Answers every question of an attempt rightly (or with `wrong` for the seqs listed), in order. */
export async function answerAll(token: string, attempt: AttemptBody, wrongSeqs: number[] = []) {
  for (let seq = 1; seq <= attempt.questionCount; seq++) {
    const right = await rightResponse(attempt.id, seq);
    await expectStatus(answer(token, attempt.id, seq, wrongSeqs.includes(seq) ? wrongResponse(right) : right), 200);
  }
}

/** A response of the same type as `right` that earns nothing. */
export function wrongResponse(right: unknown): unknown {
  const r = right as { type: string; choice?: number; choices?: number[]; value?: boolean; blanks?: string[] };
  switch (r.type) {
    case "single":
      return { type: "single", choice: ((r.choice ?? 0) + 1) % 4 };
    case "multiple":
      // Every option: at least one is wrong (a question has at most all but one right, or is all-or-nothing).
      return { type: "multiple", choices: [0, 1, 2, 3] };
    case "judge":
      return { type: "judge", value: !r.value };
    default:
      return { type: "fill", blanks: (r.blanks ?? []).map(() => "答错了") };
  }
}

/** Moves an attempt's clock: started, deadline and the sequential question's opening, by `ms` into the past. */
export async function ageAttempt(attemptId: string, ms: number) {
  await env.DB.prepare(
    "update attempts set started_at = started_at - ?1, deadline_at = deadline_at - ?1, current_opened_at = current_opened_at - ?1 where id = ?2",
  )
    .bind(ms, attemptId)
    .run();
}

/** The tables a contest write can touch (sessions and login throttles left out, as in bankState). */
const CONTEST_TABLES = [
  "contests",
  "contest_hosts",
  "contest_scope",
  "contest_rounds",
  "round_questions",
  "attempts",
  "attempt_questions",
  "attempt_answers",
  "round_results",
  "round_grants",
  "wrong_book",
  "question_versions",
  "audit_log",
] as const;
export type ContestTable = (typeof CONTEST_TABLES)[number];
export type ContestDbState = Record<ContestTable, unknown[]>;

/** Every row of the contest tables, in insertion order: what a refused write must leave alone. */
export async function contestState(): Promise<ContestDbState> {
  const results = await env.DB.batch(CONTEST_TABLES.map((table) => env.DB.prepare(`select * from ${table} order by rowid`)));
  return Object.fromEntries(CONTEST_TABLES.map((table, i) => [table, results[i]?.results ?? []])) as ContestDbState;
}

export async function expectContestsUnchanged(before: ContestDbState): Promise<void> {
  const after = await contestState();
  for (const table of CONTEST_TABLES) expect(after[table], `rows of ${table}`).toEqual(before[table]);
}

/** `select count(*)` over a contest table. */
export async function countOf(table: ContestTable, where = "1 = 1", ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`select count(*) as n from ${table} where ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

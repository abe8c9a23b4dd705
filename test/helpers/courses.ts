import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { expect } from "vitest";
import type { CreateModuleBodySchema, ModuleSchema, QuizSchema } from "../../worker/features/courses/module.schema";
import { createOrg, createUser, loginAs, type TestOrg, type TestUser } from "./factories";
import { call, expectStatus } from "./http";

/**
 * Factories for course modules, for the modules tests and anyone else who needs a module (the
 * sessions tests). Stable API:
 *
 * - `moduleInput(orgId, fields?)`: a valid createModule body (1.5 学时, 45 min, audience: the org).
 * - `createModule(token, input)`: POST /api/modules, expects 201, returns the module.
 * - `createPublishedModule(authorToken, reviewerToken, input)`: create → submit → publish; returns
 *   the module as the reviewer sees it (`published` set). The reviewer must organize the module's
 *   org or an org above it.
 * - `courseWorld()`: a committee with branches A and B, and people in each role (see below).
 * - `courseState()` / `expectCoursesUnchanged(before)`: every row of the module tables, the ledger
 *   and the audit log, to prove a refused request changed nothing.
 */

export type ModuleBody = z.infer<typeof ModuleSchema>;
export type QuizBody = z.infer<typeof QuizSchema>;
export type ModuleInput = z.input<typeof CreateModuleBodySchema>;

export function moduleInput(orgId: string, fields: Partial<ModuleInput> = {}): ModuleInput {
  return {
    orgId,
    title: "学习党的二十大精神（车间党课）",
    summary: "结合车间生产实际，讲清楚新质生产力。",
    bodyMd: "## 一、提纲\n\n**重点**：新质生产力。",
    durationMin: 45,
    hours: 1.5,
    tags: ["党课", "车间党课"],
    audience: [{ type: "org", id: orgId }],
    selfPaced: true,
    ...fields,
  };
}

export async function createModule(token: string, input: ModuleInput): Promise<ModuleBody> {
  return (await expectStatus<{ module: ModuleBody }>(call("/api/modules", { token, body: input }), 201)).module;
}

export async function submitModule(token: string, moduleId: string): Promise<ModuleBody> {
  return (await expectStatus<{ module: ModuleBody }>(call(`/api/modules/${moduleId}/submit`, { token, body: {} }), 200)).module;
}

export async function publishModule(token: string, moduleId: string): Promise<ModuleBody> {
  return (await expectStatus<{ module: ModuleBody }>(call(`/api/modules/${moduleId}/publish`, { token, body: {} }), 200)).module;
}

/** A module written by `authorToken`, submitted, and approved by `reviewerToken`. */
export async function createPublishedModule(authorToken: string, reviewerToken: string, input: ModuleInput): Promise<ModuleBody> {
  const created = await createModule(authorToken, input);
  await submitModule(authorToken, created.id);
  return publishModule(reviewerToken, created.id);
}

export type CourseWorld = {
  committee: TestOrg;
  branchA: TestOrg;
  branchB: TestOrg;
  /** A 党小组 under branch A: its members are in branch A's subtree. */
  groupA: TestOrg;
  /** Organizer of the committee: reviews modules of both branches. */
  organizer: TestUser;
  /** Lecturer in branch A. */
  lecturer: TestUser;
  /** Another lecturer in branch A. */
  lecturer2: TestUser;
  /** Organizer of branch B: a sibling of branch A, no say over its modules. */
  siblingOrganizer: TestUser;
  /** Members of branch A, of its group, of branch B. */
  memberA: TestUser;
  memberGroup: TestUser;
  memberB: TestUser;
  /** An organizer in another committee altogether. */
  outsiderOrg: TestOrg;
  outsider: TestUser;
};

export async function courseWorld(): Promise<CourseWorld> {
  const committee = await createOrg({ kind: "committee" });
  const branchA = await createOrg({ parent: committee, kind: "branch" });
  const branchB = await createOrg({ parent: committee, kind: "branch" });
  const groupA = await createOrg({ parent: branchA, kind: "group" });
  const outsiderOrg = await createOrg({ kind: "committee" });
  const [organizer, lecturer, lecturer2, siblingOrganizer, memberA, memberGroup, memberB, outsider] = await Promise.all([
    createUser({ roles: [{ org: committee, role: "organizer", title: "书记" }] }),
    createUser({ roles: [{ org: branchA, role: "lecturer" }] }),
    createUser({ roles: [{ org: branchA, role: "lecturer" }] }),
    createUser({ roles: [{ org: branchB, role: "organizer", title: "书记" }] }),
    createUser({ roles: [{ org: branchA, role: "member" }] }),
    createUser({ roles: [{ org: groupA, role: "member" }] }),
    createUser({ roles: [{ org: branchB, role: "member" }] }),
    createUser({ roles: [{ org: outsiderOrg, role: "organizer" }] }),
  ]);
  return {
    committee,
    branchA,
    branchB,
    groupA,
    organizer,
    lecturer,
    lecturer2,
    siblingOrganizer,
    memberA,
    memberGroup,
    memberB,
    outsiderOrg,
    outsider,
  };
}

/** Tokens for several people at once. */
export async function tokensOf<K extends string>(people: Record<K, TestUser>): Promise<Record<K, string>> {
  const entries = await Promise.all(Object.entries<TestUser>(people).map(async ([key, user]) => [key, await loginAs(user)] as const));
  return Object.fromEntries(entries) as Record<K, string>;
}

const TABLES = [
  "modules",
  "module_versions",
  "module_audience",
  "module_completions",
  "module_quizzes",
  "ledger_entries",
  "audit_log",
] as const;
export type CourseTable = (typeof TABLES)[number];
export type CourseState = Record<CourseTable, unknown[]>;

export async function courseState(): Promise<CourseState> {
  const results = await env.DB.batch(TABLES.map((table) => env.DB.prepare(`select * from ${table} order by rowid`)));
  return Object.fromEntries(TABLES.map((table, i) => [table, results[i]?.results ?? []])) as CourseState;
}

export async function expectCoursesUnchanged(before: CourseState): Promise<void> {
  const after = await courseState();
  for (const table of TABLES) expect(after[table], `rows of ${table}`).toEqual(before[table]);
}

export async function countOf(table: CourseTable, where = "1 = 1", ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`select count(*) as n from ${table} where ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The right responses to a quiz in the positions shown, read from the database (tests only). */
export async function quizRightAnswers(quizId: string): Promise<unknown[]> {
  const quiz = await env.DB.prepare("select paper from module_quizzes where id = ?").bind(quizId).first<{ paper: string }>();
  if (!quiz) throw new Error(`no quiz ${quizId}`);
  const paper = JSON.parse(quiz.paper) as { questionId: string; version: number; optionOrder: number[] }[];
  const out: unknown[] = [];
  for (const item of paper) {
    const v = await env.DB.prepare("select type, answer from question_versions where question_id = ? and version = ?")
      .bind(item.questionId, item.version)
      .first<{ type: string; answer: string }>();
    if (!v) throw new Error(`no question ${item.questionId}`);
    const answer = JSON.parse(v.answer) as unknown;
    const shown = (i: number) => item.optionOrder.indexOf(i);
    if (v.type === "single") out.push({ type: "single", choice: shown(answer as number) });
    else if (v.type === "multiple") out.push({ type: "multiple", choices: (answer as number[]).map(shown) });
    else if (v.type === "judge") out.push({ type: "judge", value: answer });
    else out.push({ type: "fill", blanks: (answer as string[][]).map((accepted) => accepted[0]) });
  }
  return out;
}

/** Wrong responses of the right types for each of the quiz's questions. */
export async function quizWrongAnswers(quizId: string): Promise<unknown[]> {
  return (await quizRightAnswers(quizId)).map((right) => {
    const r = right as { type: string; choice?: number; choices?: number[]; value?: boolean; blanks?: string[] };
    if (r.type === "single") return { type: "single", choice: ((r.choice ?? 0) + 1) % 4 };
    if (r.type === "multiple") return { type: "multiple", choices: [0] };
    if (r.type === "judge") return { type: "judge", value: !r.value };
    return { type: "fill", blanks: (r.blanks ?? []).map(() => "不知道") };
  });
}

import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DailySetSchema, FeedbackSchema, MasterySchema, WrongBookSchema } from "../../worker/features/practice/practice.schema";
import {
  addQuestion,
  bankState,
  count,
  createAlliance,
  createBank,
  DRAFTS,
  expectBanksUnchanged,
  type QuestionBody,
  shareBank,
  singleDraft,
} from "../helpers/banks";
import { auditOf } from "../helpers/db-state";
import { createOrg, createUser, createWorld, loginAs } from "../helpers/factories";
import { call, callAtOnce, errorEnvelope, expectStatus } from "../helpers/http";

type DailySet = z.infer<typeof DailySetSchema>;
type Feedback = z.infer<typeof FeedbackSchema>;
type WrongBook = z.infer<typeof WrongBookSchema>;
type Mastery = z.infer<typeof MasterySchema>;
type Response = Feedback["response"];

const FORBIDDEN = errorEnvelope("FORBIDDEN", "您没有权限进行此操作");
const UNAUTHENTICATED = errorEnvelope("UNAUTHENTICATED", "请先登录");
const QUESTION_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该试题");

// The server owns time, and a daily set turns over at midnight in Asia/Shanghai: tests move the
// clock (Date only; timers stay real) to known instants instead of depending on when they run.
const DAY1 = "2030-05-01T02:00:00.000Z"; // 10:00 on 1 May in Shanghai
const DAY2 = "2030-05-02T02:00:00.000Z";
const DAY3 = "2030-05-03T02:00:00.000Z";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(DAY1));
});
afterEach(() => {
  vi.useRealTimers();
});

function at(instant: string) {
  vi.setSystemTime(new Date(instant));
}

/** A committee bank with `n` single-choice questions (B is right), its organizer and a member of branch A. */
async function practiceWorld(n = 3) {
  const w = await createWorld();
  const token = await loginAs(w.organizer);
  const memberToken = await loginAs(w.member);
  const bank = await createBank(token, w.committee.id, "党史题库");
  const questions: QuestionBody[] = [];
  for (let i = 0; i < n; i++) questions.push(await addQuestion(token, bank.id, singleDraft({ tags: [`第${i + 1}章`] })));
  return { ...w, token, memberToken, bank, questions };
}

function today(token: string) {
  return expectStatus<DailySet>(call("/api/practice/today", { token }), 200);
}

function answer(token: string, questionId: string, response: Response, mode?: "daily" | "review") {
  return call("/api/practice/answers", { token, body: { questionId, response, ...(mode ? { mode } : {}) } });
}

function answerRequest(token: string, questionId: string, response: Response, mode?: "daily" | "review"): Parameters<typeof call> {
  return ["/api/practice/answers", { token, body: { questionId, response, ...(mode ? { mode } : {}) } }];
}

/** Answers sent at the same instant (see callAtOnce), each expected to succeed. */
async function atOnce(requests: Parameters<typeof call>[]): Promise<Feedback[]> {
  return Promise.all((await callAtOnce(requests)).map((res) => expectStatus<Feedback>(res, 200)));
}

function answerOk(token: string, questionId: string, response: Response, mode?: "daily" | "review") {
  return expectStatus<Feedback>(answer(token, questionId, response, mode), 200);
}

const RIGHT: Response = { type: "single", choice: 1 };
const WRONG: Response = { type: "single", choice: 0 };

function setSize(token: string, orgId: string, dailySize: unknown) {
  return call(`/api/orgs/${orgId}/practice-settings`, { method: "PUT", token, body: { dailySize } });
}

/** A question as a member sees it before answering: no answer, no explanation, no source. */
function asked(q: QuestionBody) {
  const d = q.draft;
  return {
    id: q.id,
    version: q.version,
    type: d.type,
    stem: d.stem,
    options: "options" in d ? d.options : [],
    blanks: d.type === "fill" ? d.stem.split("（ ）").length - 1 : 0,
    tags: d.tags,
  };
}

function feedback(q: QuestionBody, response: Response, correct: boolean, wrongBook: Feedback["wrongBook"]): Feedback {
  return { correct, response, answer: q.draft.answer, explanation: q.draft.explanation, source: q.draft.source, wrongBook };
}

const idsOf = (set: DailySet) => set.items.map((i) => i.question.id);

describe("PUT /api/orgs/{id}/practice-settings", () => {
  it("an organizer sets the daily size of their org", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    expect(await expectStatus(setSize(token, w.committee.id, 8), 200)).toEqual({ orgId: w.committee.id, dailySize: 8 });
    expect(await expectStatus(setSize(token, w.committee.id, 3), 200)).toEqual({ orgId: w.committee.id, dailySize: 3 });
    expect(await count("practice_settings", "org_id = ?", w.committee.id)).toBe(1);
  });

  it("records each change in the audit log, with the org's own setting before it (null when it had none)", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    await expectStatus(setSize(token, w.branchA.id, 8), 200);
    await expectStatus(setSize(token, w.branchA.id, 3), 200);
    const entry = (before: number | null, after: number) => ({
      actorId: w.organizer.id,
      action: "practice.updateSettings",
      entityType: "org",
      entityId: w.branchA.id,
      orgId: w.branchA.id,
      before: { dailySize: before },
      after: { dailySize: after },
    });
    expect(await auditOf(w.branchA.id)).toEqual([entry(null, 8), entry(8, 3)]);
  });

  it("refuses a member with 403, an outsider with 404 and a size outside 1–50 with 400, changing nothing", async () => {
    const w = await createWorld();
    const before = await bankState();
    expect(await expectStatus(setSize(await loginAs(w.member), w.branchA.id, 10), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(setSize(await loginAs(w.outsider), w.committee.id, 10), 404)).toEqual(
      errorEnvelope("NOT_FOUND", "找不到该组织"),
    );
    const token = await loginAs(w.organizer);
    for (const size of [0, 51, 2.5, "5"]) {
      const body = await expectStatus(setSize(token, w.committee.id, size), 400);
      expect(body).toEqual(
        errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
          target: "json",
          issues: [{ path: "dailySize", message: expect.any(String), code: expect.any(String) }],
        }),
      );
    }
    expect(await expectStatus(setSize("", w.committee.id, 10), 401)).toEqual(UNAUTHENTICATED);
    await expectBanksUnchanged(before);
  });
});

describe("GET /api/orgs/{id}/practice-settings", () => {
  function getSize(token: string, orgId: string) {
    return call(`/api/orgs/${orgId}/practice-settings`, { token });
  }

  it("gives the size in effect: the default 5, then the org's own, or the closest org above's", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    expect(await expectStatus(getSize(token, w.branchA.id), 200)).toEqual({ orgId: w.branchA.id, dailySize: 5 });
    await expectStatus(setSize(token, w.committee.id, 8), 200);
    expect(await expectStatus(getSize(token, w.committee.id), 200)).toEqual({ orgId: w.committee.id, dailySize: 8 });
    expect(await expectStatus(getSize(token, w.branchA.id), 200)).toEqual({ orgId: w.branchA.id, dailySize: 8 });
    await expectStatus(setSize(token, w.branchA.id, 6), 200);
    expect(await expectStatus(getSize(token, w.branchA.id), 200)).toEqual({ orgId: w.branchA.id, dailySize: 6 });
    expect(await expectStatus(getSize(token, w.branchB.id), 200)).toEqual({ orgId: w.branchB.id, dailySize: 8 });
  });

  it("refuses a member with 403, an outsider with 404, a malformed id with 400 and no login with 401, changing nothing", async () => {
    const w = await createWorld();
    const before = await bankState();
    expect(await expectStatus(getSize(await loginAs(w.member), w.branchA.id), 403)).toEqual(FORBIDDEN);
    const outsider = await loginAs(w.outsider);
    expect(await expectStatus(getSize(outsider, w.committee.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该组织"));
    expect(await expectStatus(getSize(outsider, "nosuchorg0000000"), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该组织"));
    expect(await expectStatus(getSize(outsider, "Not-An-Id"), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.objectContaining({ target: "param" })),
    );
    expect(await expectStatus(getSize("", w.committee.id), 401)).toEqual(UNAUTHENTICATED);
    await expectBanksUnchanged(before);
  });

  it("is named getPracticeSettings in the OpenAPI document", async () => {
    const doc = await expectStatus<{ paths: Record<string, Record<string, { operationId?: string }>> }>(call("/api/openapi.json"), 200);
    expect(doc.paths["/api/orgs/{id}/practice-settings"]?.get?.operationId).toBe("getPracticeSettings");
  });
});

describe("GET /api/practice/today", () => {
  it("gives the default five questions, as asked: no answer, explanation or source before answering", async () => {
    const w = await practiceWorld(7);
    const set = await today(w.memberToken);
    expect(set).toEqual({ day: "2030-05-01", size: 5, items: expect.any(Array) });
    const byId = new Map(w.questions.map((q) => [q.id, q]));
    expect(set.items).toEqual(idsOf(set).map((id) => ({ question: asked(byId.get(id) as QuestionBody), feedback: null })));
    expect(new Set(idsOf(set)).size).toBe(5);
    const text = JSON.stringify(set);
    for (const word of ['"answer"', '"explanation"', '"source"', "1921年7月，中共一大在上海召开"]) expect(text).not.toContain(word);
  });

  it("asks every type without its answer: fill-in says how many blanks", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const bank = await createBank(token, w.committee.id);
    const questions = [];
    for (const draft of Object.values(DRAFTS)) questions.push(await addQuestion(token, bank.id, draft));
    const set = await today(await loginAs(w.member));
    expect(set.items.map((i) => i.question).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      questions.map(asked).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(set.items.find((i) => i.question.type === "fill")?.question.blanks).toBe(1);
    expect(JSON.stringify(set)).not.toContain("遵义市");
  });

  it("has the size the member's closest org chose: a branch's setting beats its committee's", async () => {
    const w = await practiceWorld(8);
    await expectStatus(setSize(w.token, w.committee.id, 3), 200);
    const colleague = await createUser({ roles: [{ org: w.branchB, role: "member" }] });
    expect((await today(await loginAs(colleague))).items).toHaveLength(3);
    await expectStatus(setSize(w.token, w.branchA.id, 6), 200);
    expect(await today(w.memberToken)).toMatchObject({ size: 6, items: expect.any(Array) });
    expect((await today(w.memberToken)).items).toHaveLength(6);
  });

  it("is the same set all day, stored once, and a new one after midnight in Shanghai", async () => {
    const w = await practiceWorld(12);
    await expectStatus(setSize(w.token, w.committee.id, 2), 200);
    const first = await today(w.memberToken);
    at("2030-05-01T15:59:00.000Z"); // 23:59 in Shanghai
    expect(await today(w.memberToken)).toEqual(first);
    expect(await count("practice_sets", "user_id = ?", w.member.id)).toBe(1);
    at("2030-05-01T16:01:00.000Z"); // 00:01 on 2 May in Shanghai, still 1 May in UTC
    const next = await today(w.memberToken);
    expect(next.day).toBe("2030-05-02");
    expect(await count("practice_sets", "user_id = ?", w.member.id)).toBe(2);
  });

  it("brings back wrong ones first, then questions not yet seen, then seen ones", async () => {
    const w = await practiceWorld(3);
    await expectStatus(setSize(w.token, w.committee.id, 2), 200);
    const day1 = idsOf(await today(w.memberToken));
    expect(day1).toHaveLength(2);
    const [wrongId, rightId] = day1 as [string, string];
    const [unseenId] = w.questions.map((q) => q.id).filter((id) => !day1.includes(id)) as [string];
    await answerOk(w.memberToken, wrongId, WRONG);
    await answerOk(w.memberToken, rightId, RIGHT);

    at(DAY2);
    expect(idsOf(await today(w.memberToken))).toEqual([wrongId, unseenId]);
    await answerOk(w.memberToken, wrongId, RIGHT);
    await answerOk(w.memberToken, unseenId, RIGHT);

    // Right once is not enough to leave the 错题本; nothing is unseen now, so a seen one fills the set.
    at(DAY3);
    const day3 = idsOf(await today(w.memberToken));
    expect(day3[0]).toBe(wrongId);
    expect([rightId, unseenId]).toContain(day3[1]);
  });

  it("draws only active questions from banks the member can use, shared ones included", async () => {
    const w = await practiceWorld(1);
    await expectStatus(setSize(w.token, w.committee.id, 50), 200);
    const [committeeQ] = w.questions as [QuestionBody];
    const draft = await addQuestion(w.token, w.bank.id, singleDraft(), "draft");
    const retired = await addQuestion(w.token, w.bank.id, singleDraft());
    await expectStatus(call(`/api/questions/${retired.id}`, { method: "PATCH", token: w.token, body: { status: "retired" } }), 200);
    const ownBranchQ = await addQuestion(w.token, (await createBank(w.token, w.branchA.id)).id, singleDraft());
    await addQuestion(w.token, (await createBank(w.token, w.branchB.id)).id, singleDraft());
    const outsiderToken = await loginAs(w.outsider);
    await addQuestion(outsiderToken, (await createBank(outsiderToken, w.outsiderOrg.id)).id, singleDraft());
    // A partner committee shares one bank with an alliance we are in and another with one we are not in.
    const alliance = await createAlliance([w.committee, w.outsiderOrg]);
    const elsewhere = await createAlliance([w.outsiderOrg, await createOrg()]);
    const sharedBank = await createBank(outsiderToken, w.outsiderOrg.id);
    await shareBank(outsiderToken, sharedBank.id, { visibility: "alliance", allianceIds: [alliance.id] });
    const sharedQ = await addQuestion(outsiderToken, sharedBank.id, singleDraft());
    const notOursBank = await createBank(outsiderToken, w.outsiderOrg.id);
    await shareBank(outsiderToken, notOursBank.id, { visibility: "alliance", allianceIds: [elsewhere.id] });
    await addQuestion(outsiderToken, notOursBank.id, singleDraft());

    const set = await today(w.memberToken);
    expect(idsOf(set).sort()).toEqual([committeeQ.id, ownBranchQ.id, sharedQ.id].sort());
    expect(idsOf(set)).not.toContain(draft.id);
  });

  it("drops a question retired after the set was drawn, unless already answered; the 错题本 drops it too", async () => {
    const w = await practiceWorld(3);
    const set = await today(w.memberToken);
    const [answered, pending, kept] = idsOf(set) as [string, string, string];
    const given = await answerOk(w.memberToken, answered, WRONG);
    await expectStatus(
      call(`/api/banks/${w.bank.id}/questions/bulk`, { token: w.token, body: { questionIds: [answered, pending], status: "retired" } }),
      200,
    );
    const byId = new Map(w.questions.map((q) => [q.id, q]));
    expect(await today(w.memberToken)).toEqual({
      day: "2030-05-01",
      size: 2,
      items: [
        { question: asked(byId.get(answered) as QuestionBody), feedback: given },
        { question: asked(byId.get(kept) as QuestionBody), feedback: null },
      ],
    });
    const before = await bankState();
    expect(await expectStatus(answer(w.memberToken, pending, RIGHT), 404)).toEqual(QUESTION_NOT_FOUND);
    expect(await expectStatus(answer(w.memberToken, answered, RIGHT, "review"), 404)).toEqual(QUESTION_NOT_FOUND);
    // A retry of the answer given before the question was retired still gets its first result.
    expect(await answerOk(w.memberToken, answered, RIGHT)).toEqual(given);
    await expectBanksUnchanged(before);
    expect(await expectStatus(call("/api/practice/wrong-book", { token: w.memberToken }), 200)).toEqual({ items: [] });
  });

  it("shows an answered item with its feedback, the others still without answers", async () => {
    const w = await practiceWorld(2);
    const set = await today(w.memberToken);
    const [first, second] = set.items.map((i) => i.question.id) as [string, string];
    const q = w.questions.find((x) => x.id === first) as QuestionBody;
    const given = await answerOk(w.memberToken, first, WRONG);
    const again = await today(w.memberToken);
    expect(again.items).toEqual([
      { question: asked(q), feedback: given },
      { question: asked(w.questions.find((x) => x.id === second) as QuestionBody), feedback: null },
    ]);
  });

  it("after a reload, an answered item carries its real 错题本 state: right once of two, then cleared", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    await answerOk(w.memberToken, q.id, WRONG);
    at(DAY2);
    await today(w.memberToken);
    const given = await answerOk(w.memberToken, q.id, RIGHT);
    expect(given).toEqual(feedback(q, RIGHT, true, { inBook: true, streak: 1, cleared: false }));
    expect((await today(w.memberToken)).items).toEqual([{ question: asked(q), feedback: given }]);
    // A review answer later the same day clears it: the daily item now says so too.
    await answerOk(w.memberToken, q.id, RIGHT, "review");
    expect((await today(w.memberToken)).items).toEqual([
      { question: asked(q), feedback: feedback(q, RIGHT, true, { inBook: false, streak: 2, cleared: true }) },
    ]);
  });

  it("after a reload, a right answer to a question cleared from the 错题本 on an earlier day is not shown as clearing it", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    await answerOk(w.memberToken, q.id, WRONG);
    await answerOk(w.memberToken, q.id, RIGHT, "review");
    await answerOk(w.memberToken, q.id, RIGHT, "review");
    at(DAY2);
    await today(w.memberToken);
    const given = await answerOk(w.memberToken, q.id, RIGHT);
    expect(given).toEqual(feedback(q, RIGHT, true, { inBook: false, streak: 0, cleared: false }));
    expect((await today(w.memberToken)).items).toEqual([{ question: asked(q), feedback: given }]);
    expect(await answerOk(w.memberToken, q.id, WRONG)).toEqual(given);
  });

  it("answers 401 without a login, on every practice route", async () => {
    expect(await expectStatus(call("/api/practice/today"), 401)).toEqual(UNAUTHENTICATED);
    expect(await expectStatus(call("/api/practice/wrong-book"), 401)).toEqual(UNAUTHENTICATED);
    expect(await expectStatus(call("/api/practice/mastery"), 401)).toEqual(UNAUTHENTICATED);
    const body = { questionId: "somequestion0000", response: RIGHT };
    expect(await expectStatus(call("/api/practice/answers", { body }), 401)).toEqual(UNAUTHENTICATED);
  });
});

describe("POST /api/practice/answers", () => {
  it("a right answer gets the answer, explanation and source at once", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    expect(await answerOk(w.memberToken, q.id, RIGHT)).toEqual(feedback(q, RIGHT, true, { inBook: false, streak: 0, cleared: false }));
    const rows = await env.DB.prepare(
      "select user_id, question_id, version, mode, day, response, correct from practice_answers where user_id = ?",
    )
      .bind(w.member.id)
      .all();
    expect(rows.results).toEqual([
      {
        user_id: w.member.id,
        question_id: q.id,
        version: 1,
        mode: "daily",
        day: "2030-05-01",
        response: JSON.stringify(RIGHT),
        correct: 1,
      },
    ]);
  });

  it("scores every type, fill-in folded (full-width, spaces, case)", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const bank = await createBank(token, w.committee.id);
    const q = {
      multiple: await addQuestion(token, bank.id, DRAFTS.multiple),
      judge: await addQuestion(token, bank.id, DRAFTS.judge),
      fill: await addQuestion(token, bank.id, DRAFTS.fill),
    };
    const memberToken = await loginAs(w.member);
    await today(memberToken);
    const none = { inBook: false, streak: 0, cleared: false };
    const multiple: Response = { type: "multiple", choices: [2, 1, 0] };
    expect(await answerOk(memberToken, q.multiple.id, multiple)).toEqual(feedback(q.multiple, multiple, true, none));
    const judge: Response = { type: "judge", value: false };
    expect(await answerOk(memberToken, q.judge.id, judge)).toEqual(
      feedback(q.judge, judge, false, { inBook: true, streak: 0, cleared: false }),
    );
    const fill: Response = { type: "fill", blanks: [" 遵义市 "] };
    expect(await answerOk(memberToken, q.fill.id, fill)).toEqual(feedback(q.fill, fill, true, none));
  });

  it("answering the same daily question again returns the first result and writes one row", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    const first = await answerOk(w.memberToken, q.id, WRONG);
    expect(first).toEqual(feedback(q, WRONG, false, { inBook: true, streak: 0, cleared: false }));
    const before = await bankState();
    expect(await answerOk(w.memberToken, q.id, RIGHT)).toEqual(first);
    expect(await answerOk(w.memberToken, q.id, WRONG)).toEqual(first);
    await expectBanksUnchanged(before);
    expect(await count("practice_answers", "user_id = ?", w.member.id)).toBe(1);
  });

  it("two answers to the same daily question at once: one is kept, both get its result, the 错题本 counts it once", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    const [a, b] = await atOnce([answerRequest(w.memberToken, q.id, WRONG), answerRequest(w.memberToken, q.id, WRONG)]);
    expect(a).toEqual(feedback(q, WRONG, false, { inBook: true, streak: 0, cleared: false }));
    expect(b).toEqual(a);
    expect(await count("practice_answers", "user_id = ?", w.member.id)).toBe(1);
    const book = await env.DB.prepare("select streak, wrong_count, cleared_at from wrong_book where user_id = ?").bind(w.member.id).all();
    expect(book.results).toEqual([{ streak: 0, wrong_count: 1, cleared_at: null }]);
  });

  it("a right and a wrong daily answer at once: the one kept decides both results and the 错题本", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    const [a, b] = await atOnce([answerRequest(w.memberToken, q.id, RIGHT), answerRequest(w.memberToken, q.id, WRONG)]);
    expect(b).toEqual(a);
    const kept = await env.DB.prepare("select correct from practice_answers where user_id = ?")
      .bind(w.member.id)
      .all<{ correct: number }>();
    expect(kept.results).toEqual([{ correct: a.correct ? 1 : 0 }]);
    expect(await count("wrong_book", "user_id = ?", w.member.id)).toBe(a.correct ? 0 : 1);
  });

  it("review answers at once all count, each told the 错题本 state it left", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    await answerOk(w.memberToken, q.id, WRONG);
    const results = await atOnce([
      answerRequest(w.memberToken, q.id, RIGHT, "review"),
      answerRequest(w.memberToken, q.id, RIGHT, "review"),
    ]);
    expect(results.map((r) => r.wrongBook).sort((x, y) => x.streak - y.streak)).toEqual([
      { inBook: true, streak: 1, cleared: false },
      { inBook: false, streak: 2, cleared: true },
    ]);
    const book = await env.DB.prepare("select streak, wrong_count, cleared_at from wrong_book where user_id = ?").bind(w.member.id).all();
    expect(book.results).toEqual([{ streak: 2, wrong_count: 1, cleared_at: Date.parse(DAY1) }]);
  });

  it("refuses a question not in today's set (or not in the 错题本, for review) with 404, writing nothing", async () => {
    const w = await practiceWorld(2);
    await expectStatus(setSize(w.token, w.committee.id, 1), 200);
    const [inSet] = idsOf(await today(w.memberToken)) as [string];
    const notInSet = w.questions.find((q) => q.id !== inSet) as QuestionBody;
    const before = await bankState();
    expect(await expectStatus(answer(w.memberToken, notInSet.id, RIGHT), 404)).toEqual(QUESTION_NOT_FOUND);
    expect(await expectStatus(answer(w.memberToken, inSet, RIGHT, "review"), 404)).toEqual(QUESTION_NOT_FOUND);
    expect(await expectStatus(answer(w.memberToken, "nosuchquestion00", RIGHT), 404)).toEqual(QUESTION_NOT_FOUND);
    const stranger = await loginAs(await createUser({ roles: [{ org: await createOrg(), role: "member" }] }));
    await today(stranger);
    const afterStranger = await bankState();
    expect(await expectStatus(answer(stranger, inSet, RIGHT), 404)).toEqual(QUESTION_NOT_FOUND);
    await expectBanksUnchanged(afterStranger);
    await expectBanksUnchanged(before, ["practice_sets"]);
  });

  it("refuses a response of another type than the question with 400, writing nothing", async () => {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    const before = await bankState();
    expect(await expectStatus(answer(w.memberToken, q.id, { type: "judge", value: true }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
        issues: [{ path: "response.type", message: "作答的题型与试题不符" }],
      }),
    );
    const bad = await expectStatus(
      call("/api/practice/answers", { token: w.memberToken, body: { questionId: q.id, response: { type: "single", choice: 9 } } }),
      400,
    );
    expect(bad).toEqual(errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.objectContaining({ target: "json" })));
    await expectBanksUnchanged(before);
  });
});

describe("错题本 (wrong book)", () => {
  async function wrongOnce() {
    const w = await practiceWorld(1);
    const [q] = w.questions as [QuestionBody];
    await today(w.memberToken);
    await answerOk(w.memberToken, q.id, WRONG);
    return { ...w, q };
  }

  function wrongBook(token: string) {
    return expectStatus<WrongBook>(call("/api/practice/wrong-book", { token }), 200);
  }

  it("a wrong answer puts the question in the book, shown without its answer", async () => {
    const w = await wrongOnce();
    expect(await wrongBook(w.memberToken)).toEqual({
      items: [{ question: asked(w.q), streak: 0, wrongCount: 1, lastWrongAt: Date.parse(DAY1) }],
    });
    expect(JSON.stringify(await wrongBook(w.memberToken))).not.toContain('"explanation"');
    expect(await wrongBook(w.token)).toEqual({ items: [] });
  });

  it("right twice in a row in review clears it", async () => {
    const w = await wrongOnce();
    expect(await answerOk(w.memberToken, w.q.id, RIGHT, "review")).toEqual(
      feedback(w.q, RIGHT, true, { inBook: true, streak: 1, cleared: false }),
    );
    expect(await answerOk(w.memberToken, w.q.id, RIGHT, "review")).toEqual(
      feedback(w.q, RIGHT, true, { inBook: false, streak: 2, cleared: true }),
    );
    expect(await wrongBook(w.memberToken)).toEqual({ items: [] });
    expect(await expectStatus(answer(w.memberToken, w.q.id, RIGHT, "review"), 404)).toEqual(QUESTION_NOT_FOUND);
    expect(await count("practice_answers", "user_id = ? and mode = 'review'", w.member.id)).toBe(2);
  });

  it("right then wrong starts the streak over", async () => {
    const w = await wrongOnce();
    await answerOk(w.memberToken, w.q.id, RIGHT, "review");
    expect(await answerOk(w.memberToken, w.q.id, WRONG, "review")).toEqual(
      feedback(w.q, WRONG, false, { inBook: true, streak: 0, cleared: false }),
    );
    expect(await wrongBook(w.memberToken)).toEqual({
      items: [{ question: asked(w.q), streak: 0, wrongCount: 2, lastWrongAt: Date.parse(DAY1) }],
    });
    expect(await answerOk(w.memberToken, w.q.id, RIGHT, "review")).toMatchObject({
      wrongBook: { inBook: true, streak: 1, cleared: false },
    });
    expect(await answerOk(w.memberToken, w.q.id, RIGHT, "review")).toMatchObject({
      wrongBook: { inBook: false, streak: 2, cleared: true },
    });
  });

  it("a right daily answer counts toward the streak, and a question got wrong again comes back into the book", async () => {
    const w = await wrongOnce();
    at(DAY2);
    expect(idsOf(await today(w.memberToken))).toEqual([w.q.id]);
    expect(await answerOk(w.memberToken, w.q.id, RIGHT)).toMatchObject({ wrongBook: { inBook: true, streak: 1, cleared: false } });
    expect(await answerOk(w.memberToken, w.q.id, RIGHT, "review")).toMatchObject({
      wrongBook: { inBook: false, streak: 2, cleared: true },
    });
    at(DAY3);
    await today(w.memberToken);
    await answerOk(w.memberToken, w.q.id, WRONG);
    expect(await wrongBook(w.memberToken)).toEqual({
      items: [{ question: asked(w.q), streak: 0, wrongCount: 2, lastWrongAt: Date.parse(DAY3) }],
    });
  });
});

describe("GET /api/practice/mastery", () => {
  it("gives the share of right answers by tag, most answered first", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const bank = await createBank(token, w.committee.id);
    const a = await addQuestion(token, bank.id, singleDraft({ tags: ["新民主主义革命时期", "重要会议"] }));
    const b = await addQuestion(token, bank.id, singleDraft({ tags: ["新民主主义革命时期"] }));
    const c = await addQuestion(token, bank.id, singleDraft({ tags: ["党章"] }));
    const memberToken = await loginAs(w.member);
    await today(memberToken);
    await answerOk(memberToken, a.id, RIGHT);
    await answerOk(memberToken, b.id, WRONG);
    await answerOk(memberToken, c.id, WRONG);
    expect(await expectStatus<Mastery>(call("/api/practice/mastery", { token: memberToken }), 200)).toEqual({
      tags: [
        { tag: "新民主主义革命时期", answered: 2, correct: 1, share: 0.5 },
        { tag: "党章", answered: 1, correct: 0, share: 0 },
        { tag: "重要会议", answered: 1, correct: 1, share: 1 },
      ],
    });
    expect(await expectStatus<Mastery>(call("/api/practice/mastery", { token }), 200)).toEqual({ tags: [] });
  });
});

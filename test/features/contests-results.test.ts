import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { SessionUser } from "../../worker/env";
import type {
  CertificateSchema,
  HistogramSchema,
  LeaderboardSchema,
  QuestionStatsSchema,
  StandingsSchema,
} from "../../worker/features/contests/contest.schema";
import { getRoundLeaderboard } from "../../worker/features/contests/results.service";
import {
  addRound,
  answer,
  bankWithQuestions,
  createContest,
  MINUTE,
  publish,
  type RoundInput,
  rightResponse,
  roundInput,
  setWindow,
  start,
} from "../helpers/contests";
import { createOrg, createUser, db, loginAs, type TestOrg, type TestUser } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

type Standings = z.infer<typeof StandingsSchema>;
type QuestionStats = z.infer<typeof QuestionStatsSchema>;
type Histogram = z.infer<typeof HistogramSchema>;
type Certificate = z.infer<typeof CertificateSchema>;
type Leaderboard = z.infer<typeof LeaderboardSchema>;

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * A committee with branches A, B and C (C: one member, nobody takes part) and a group under A; an
 * organizer of the committee, members in each, and an outsider organizing another committee.
 */
async function resultsWorld() {
  const committee = await createOrg({ kind: "committee" });
  const branchA = await createOrg({ parent: committee, kind: "branch", name: `一支部${createId().slice(0, 4)}` });
  const groupA = await createOrg({ parent: branchA, kind: "group", name: `一支部一组${createId().slice(0, 4)}` });
  const branchB = await createOrg({ parent: committee, kind: "branch", name: `二支部${createId().slice(0, 4)}` });
  const branchC = await createOrg({ parent: committee, kind: "branch", name: `三支部${createId().slice(0, 4)}` });
  const organizer = await createUser({ roles: [{ org: committee, role: "organizer", title: "书记" }] });
  const member = (org: TestOrg, name?: string) => createUser({ name, roles: [{ org, role: "member" }] });
  const a = [await member(branchA), await member(branchA), await member(branchA), await member(branchA)];
  // In branch A and in its group: one person, counted once among A's members.
  const ag = await createUser({
    roles: [
      { org: branchA, role: "member" },
      { org: groupA, role: "member" },
    ],
  });
  const b = [await member(branchB), await member(branchB)];
  const c = [await member(branchC)];
  const outsiderOrg = await createOrg({ kind: "committee" });
  const outsider = await createUser({ roles: [{ org: outsiderOrg, role: "organizer" }] });
  return { committee, branchA, groupA, branchB, branchC, organizer, a, ag, b, c, outsider };
}

/** A published contest of the committee with one open round (4 questions × 10 points unless `round` says otherwise). */
async function contestWithRound(
  token: string,
  committee: TestOrg,
  options: { team?: unknown; round?: Partial<RoundInput>; bank?: { id: string }; title?: string } = {},
) {
  const bank = options.bank ?? (await bankWithQuestions(token, committee.id));
  const contest = await createContest(token, {
    ...(options.title ? { title: options.title } : {}),
    hosts: [{ type: "org", id: committee.id }],
    scopeOrgIds: [committee.id],
    team: options.team,
  });
  const round = await addRound(token, contest.id, roundInput(bank.id, options.round));
  await publish(token, contest.id);
  return { contest, round, bank };
}

let finishSeq = 0;
/** Counted results written directly (what closing attempts would leave), for cases that need many. */
async function insertResults(roundId: string, rows: { user: TestUser; org: TestOrg; score: number; durationMs?: number }[]) {
  const base = Date.now() - 30 * MINUTE;
  await env.DB.batch(
    rows.map((r) =>
      env.DB.prepare(
        `insert into round_results (round_id, user_id, attempt_id, org_id, org_path, score, correct_count, duration_ms, finished_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).bind(
        roundId,
        r.user.id,
        createId(),
        r.org.id,
        r.org.path,
        r.score,
        Math.floor(r.score / 10),
        r.durationMs ?? 300_000,
        base + finishSeq++,
      ),
    ),
  );
}

function closeRound(roundId: string) {
  return setWindow(roundId, Date.now() - 120 * MINUTE, Date.now() - MINUTE);
}

function standingsOf(token: string, roundId: string, by?: "team" | "org") {
  return call(`/api/rounds/${roundId}/standings${by ? `?by=${by}` : ""}`, { token });
}

/** A wrong response to a question as shown in an attempt: another option, the other truth value, a wrong blank. */
async function wrongResponse(attemptId: string, seq: number): Promise<unknown> {
  const row = await env.DB.prepare(
    "select type, answer_key as key, option_order as opts from attempt_questions where attempt_id = ? and seq = ?",
  )
    .bind(attemptId, seq)
    .first<{ type: string; key: string; opts: string }>();
  if (!row) throw new Error(`no question ${seq}`);
  const count = (JSON.parse(row.opts) as number[]).length;
  switch (row.type) {
    case "single":
      return { type: "single", choice: (Number(row.key) + 1) % count };
    case "multiple": {
      // An option outside the key: no credit even where partial credit is on.
      const key = JSON.parse(row.key) as number[];
      return { type: "multiple", choices: [Array.from({ length: count }, (_, i) => i).find((i) => !key.includes(i))] };
    }
    case "judge":
      return { type: "judge", value: row.key !== "true" };
    default:
      return { type: "fill", blanks: ["错误答案"] };
  }
}

/** Logs in, starts, answers the questions whose seq is in `right` correctly and the others wrongly (none with `skip`), hands in. */
async function takeRound(user: TestUser, roundId: string, right: number[], options: { skip?: boolean } = {}) {
  const token = await loginAs(user);
  const attempt = await start(token, roundId);
  if (!options.skip) {
    for (const q of attempt.questions) {
      const response = right.includes(q.seq) ? await rightResponse(attempt.id, q.seq) : await wrongResponse(attempt.id, q.seq);
      await expectStatus(answer(token, attempt.id, q.seq, response), 200);
    }
  }
  await expectStatus(call(`/api/attempts/${attempt.id}/finish`, { token, body: {} }), 200);
  return { token, attemptId: attempt.id };
}

describe("GET /api/rounds/{id}/standings", () => {
  it("ranks teams by the mean of their participants, or of their top K, with teams nobody came from last", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { contest, round } = await contestWithRound(token, w.committee, { team: { kind: "branch", method: "mean" } });
    const [a1, a2, a3] = w.a as [TestUser, TestUser, TestUser, TestUser];
    const [b1, b2] = w.b as [TestUser, TestUser];
    await insertResults(round.id, [
      { user: a1, org: w.branchA, score: 40 },
      { user: a2, org: w.branchA, score: 30 },
      { user: a3, org: w.branchA, score: 10 },
      // Counted for the group under A: a team of kind branch takes it in as A's.
      { user: w.ag, org: w.groupA, score: 20 },
      { user: b1, org: w.branchB, score: 36 },
      { user: b2, org: w.branchB, score: 28 },
    ]);

    const mean = await expectStatus<Standings>(standingsOf(token, round.id, "team"), 200);
    expect(mean).toEqual({
      by: "team",
      rule: "按党支部计算团队成绩：每个党支部的得分是其参赛人员（含下级组织）本轮最好成绩的平均分。不属于任何党支部的参赛人员不计入团队成绩；无人参赛的党支部排在最后；得分相同的名次并列。",
      items: [
        { orgId: w.branchB.id, name: w.branchB.name, rank: 1, participants: 2, members: 2, score: 32 },
        // Four members of A and the one in A and its group: five people.
        { orgId: w.branchA.id, name: w.branchA.name, rank: 2, participants: 4, members: 5, score: 25 },
        { orgId: w.branchC.id, name: w.branchC.name, rank: 3, participants: 0, members: 1, score: 0 },
      ],
    });

    await expectStatus(
      call(`/api/contests/${contest.id}`, { method: "PATCH", token, body: { team: { kind: "branch", method: "top_k", topK: 2 } } }),
      200,
    );
    const topK = await expectStatus<Standings>(standingsOf(token, round.id, "team"), 200);
    expect(topK.rule).toContain("最高的 2 人的平均分，参赛不足 2 人的按实际参赛人数平均");
    expect(topK.items.map((i) => [i.name, i.rank, i.participants, i.score])).toEqual([
      [w.branchA.name, 1, 4, 35],
      [w.branchB.name, 2, 2, 32],
      [w.branchC.name, 3, 0, 0],
    ]);

    // Teams by group: only the person in A's group is in a team; the others count for none.
    await expectStatus(
      call(`/api/contests/${contest.id}`, { method: "PATCH", token, body: { team: { kind: "group", method: "mean" } } }),
      200,
    );
    const groups = await expectStatus<Standings>(standingsOf(token, round.id, "team"), 200);
    expect(groups.items).toEqual([{ orgId: w.groupA.id, name: w.groupA.name, rank: 1, participants: 1, members: 1, score: 20 }]);
  });

  it("ranks the scope org's children (or the scope orgs themselves) by mean score, with what a participation rate needs", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { contest, round } = await contestWithRound(token, w.committee);
    const [a1, a2] = w.a as [TestUser, TestUser];
    const [b1] = w.b as [TestUser];
    await insertResults(round.id, [
      { user: a1, org: w.branchA, score: 35 },
      { user: a2, org: w.branchA, score: 20 },
      { user: w.ag, org: w.groupA, score: 14 },
      { user: b1, org: w.branchB, score: 30 },
    ]);
    const byOrg = await expectStatus<Standings>(standingsOf(token, round.id), 200);
    expect(byOrg).toEqual({
      by: "org",
      rule: "每个组织的得分是其参赛人员（含下级组织）本轮最好成绩的平均分；参与率 = 参赛人数 ÷ 成员人数（含下级组织的全部成员）。无人参赛的组织排在最后；得分相同的名次并列。",
      items: [
        { orgId: w.branchB.id, name: w.branchB.name, rank: 1, participants: 1, members: 2, score: 30 },
        { orgId: w.branchA.id, name: w.branchA.name, rank: 2, participants: 3, members: 5, score: 23 },
        { orgId: w.branchC.id, name: w.branchC.name, rank: 3, participants: 0, members: 1, score: 0 },
      ],
    });

    // Two scope orgs: one row each, the nested group's result inside A's.
    await expectStatus(
      call(`/api/contests/${contest.id}`, { method: "PATCH", token, body: { scopeOrgIds: [w.branchA.id, w.branchB.id] } }),
      200,
    );
    const twoOrgs = await expectStatus<Standings>(standingsOf(token, round.id, "org"), 200);
    expect(twoOrgs.items.map((i) => [i.name, i.rank, i.participants, i.members, i.score])).toEqual([
      [w.branchB.name, 1, 1, 2, 30],
      [w.branchA.name, 2, 3, 5, 23],
    ]);
  });

  it("answers 422 for team standings when the contest has no team rule", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { round } = await contestWithRound(token, w.committee);
    expect(await expectStatus(standingsOf(token, round.id, "team"), 422)).toEqual(errorEnvelope("UNPROCESSABLE", "本竞赛未设置团队排名"));
    expect(await expectStatus(standingsOf(token, round.id, "nobody" as "org"), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
    );
  });

  it("shows participants the standings only once the round has closed, and outsiders never", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { round } = await contestWithRound(token, w.committee, { team: { kind: "branch", method: "mean" } });
    await insertResults(round.id, [{ user: w.a[0] as TestUser, org: w.branchA, score: 30 }]);
    const member = await loginAs(w.a[1] as TestUser);
    const outsider = await loginAs(w.outsider);
    expect(await expectStatus(standingsOf(member, round.id, "team"), 403)).toEqual(errorEnvelope("FORBIDDEN", "本轮结束后才能查看排行榜"));
    expect(await expectStatus(standingsOf(outsider, round.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该轮次"));
    expect(await expectStatus(standingsOf("", round.id), 401)).toEqual(errorEnvelope("UNAUTHENTICATED"));
    await closeRound(round.id);
    const after = await expectStatus<Standings>(standingsOf(member, round.id, "team"), 200);
    expect(after.items[0]).toMatchObject({ orgId: w.branchA.id, participants: 1, score: 30 });
    expect(await expectStatus(standingsOf(outsider, round.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该轮次"));
  });
});

describe("GET /api/rounds/{id}/question-stats", () => {
  it("gives share correct, time and discrimination per question on a crafted round of eight", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    // One question of each type, worth 1, 2, 4 and 8 points: every set of right answers has its own score.
    const bank = await bankWithQuestions(token, w.committee.id);
    const { round } = await contestWithRound(token, w.committee, {
      bank,
      round: {
        drawSpec: {
          bankIds: [bank.id],
          parts: [
            { type: "single", count: 1, points: 1 },
            { type: "multiple", count: 1, points: 2 },
            { type: "judge", count: 1, points: 4 },
            { type: "fill", count: 1, points: 8 },
          ],
        },
      },
    });
    const people = await Promise.all(Array.from({ length: 8 }, () => createUser({ roles: [{ org: w.branchB, role: "member" }] })));
    // Scores 14, 12, 11, 8, 7, 2, 1, 0: the top 27 % of eight is the first two, the bottom the last two.
    const right = [[2, 3, 4], [3, 4], [1, 2, 4], [4], [1, 2, 3], [2], [1], []];
    for (const [i, person] of people.entries()) await takeRound(person, round.id, right[i] ?? [], { skip: i === 7 });
    const scores = await env.DB.prepare("select score from round_results where round_id = ? order by score desc")
      .bind(round.id)
      .all<{ score: number }>();
    expect(scores.results.map((r) => r.score)).toEqual([14, 12, 11, 8, 7, 2, 1, 0]);
    // Times are the server's; fixed here so the mean is known.
    await env.DB.prepare(
      "update attempt_answers set elapsed_ms = seq * 1000 where attempt_id in (select id from attempts where round_id = ?)",
    )
      .bind(round.id)
      .run();

    const stats = await expectStatus<QuestionStats>(call(`/api/rounds/${round.id}/question-stats`, { token }), 200);
    expect(stats.roundId).toBe(round.id);
    expect(stats.participants).toBe(8);
    const item = (seq: number, type: string, shareCorrect: number, discrimination: number) => ({
      seq,
      questionId: expect.any(String),
      version: 1,
      stem: expect.any(String),
      type,
      given: 8,
      // The eighth person handed in a blank paper.
      answered: 7,
      shareCorrect,
      avgTimeMs: seq * 1000,
      discrimination,
    });
    expect(stats.items).toEqual([
      // Nobody in the top two got the 1-point question; one of the bottom two did.
      item(1, "single", 0.375, -0.5),
      item(2, "multiple", 0.5, 0.5),
      item(3, "judge", 0.375, 1),
      item(4, "fill", 0.5, 1),
    ]);
    expect(stats.items[3]?.stem).toContain("贵州");

    // The same as a file.
    const res = await call(`/api/rounds/${round.id}/question-stats/export?format=csv`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="question-stats.csv"; filename*=UTF-8''${encodeURIComponent("党史知识竞赛-初赛-试题统计.csv")}`,
    );
    // TextDecoder drops the BOM.
    const lines = new TextDecoder().decode(new Uint8Array(await res.arrayBuffer())).split("\r\n");
    expect(lines[0]).toBe("题号,题型,题干,抽到人数,作答人数,答对率,平均用时（秒）,区分度");
    expect(lines[1]).toMatch(/^1,单选题,.+,8,7,37\.5%,1,-0\.5$/);
    expect(lines[4]).toMatch(/^4,填空题,.+,8,7,50\.0%,4,1$/);

    const xlsx = await call(`/api/rounds/${round.id}/question-stats/export`, { token });
    expect(xlsx.headers.get("content-type")).toBe(XLSX_TYPE);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet("试题统计");
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      "题号",
      "题型",
      "题干",
      "抽到人数",
      "作答人数",
      "答对率",
      "平均用时（秒）",
      "区分度",
    ]);
    expect(sheet?.getRow(3).values).toEqual([undefined, 2, "多选题", expect.stringContaining("三会"), 8, 7, 0.5, 2, 0.5]);
  });

  it("is for managers: 403 for a participant, 404 for an outsider", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { round } = await contestWithRound(token, w.committee);
    await closeRound(round.id);
    const member = await loginAs(w.a[0] as TestUser);
    const outsider = await loginAs(w.outsider);
    for (const path of ["question-stats", "question-stats/export", "results/export"]) {
      expect(await expectStatus(call(`/api/rounds/${round.id}/${path}`, { token: member }), 403)).toEqual(
        errorEnvelope("FORBIDDEN", "您没有权限进行此操作"),
      );
      expect(await expectStatus(call(`/api/rounds/${round.id}/${path}`, { token: outsider }), 404)).toEqual(
        errorEnvelope("NOT_FOUND", "找不到该轮次"),
      );
    }
    const empty = await expectStatus<QuestionStats>(call(`/api/rounds/${round.id}/question-stats`, { token }), 200);
    expect(empty).toEqual({ roundId: round.id, participants: 0, items: [] });
  });
});

describe("GET /api/rounds/{id}/histogram", () => {
  it("counts counted results in ten equal bins up to the full score, the full score in the last", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { round } = await contestWithRound(token, w.committee);
    const people = [...w.a, ...w.b, w.ag];
    const scores = [0, 3, 4, 20, 39, 40, 40];
    await insertResults(
      round.id,
      scores.map((score, i) => ({ user: people[i] as TestUser, org: w.branchA, score })),
    );
    const member = await loginAs(w.c[0] as TestUser);
    expect(await expectStatus(call(`/api/rounds/${round.id}/histogram`, { token: member }), 403)).toEqual(
      errorEnvelope("FORBIDDEN", "本轮结束后才能查看成绩分布"),
    );
    const histogram = await expectStatus<Histogram>(call(`/api/rounds/${round.id}/histogram`, { token }), 200);
    expect(histogram).toEqual({
      roundId: round.id,
      totalPoints: 40,
      bins: [2, 1, 0, 0, 0, 1, 0, 0, 0, 3].map((count, i) => ({ from: i * 4, to: i * 4 + 4, count })),
    });
    await closeRound(round.id);
    expect(await expectStatus<Histogram>(call(`/api/rounds/${round.id}/histogram`, { token: member }), 200)).toEqual(histogram);
    expect(await expectStatus(call(`/api/rounds/${round.id}/histogram`, { token: await loginAs(w.outsider) }), 404)).toEqual(
      errorEnvelope("NOT_FOUND", "找不到该轮次"),
    );
  });
});

describe("GET /api/rounds/{id}/results/export", () => {
  /** Three people take the round for real: all right, two right (named like a formula), one right then out of time. */
  async function takenRound() {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { round } = await contestWithRound(token, w.committee, { title: "党史知识竞赛" });
    const best = await createUser({ name: "李明", roles: [{ org: w.branchA, role: "member" }] });
    const formula = await createUser({ name: "=1+1", roles: [{ org: w.branchB, role: "member" }] });
    const late = await createUser({ name: "赵强", roles: [{ org: w.groupA, role: "member" }] });
    await takeRound(best, round.id, [1, 2, 3, 4]);
    await takeRound(formula, round.id, [1, 2]);
    const lateToken = await loginAs(late);
    const attempt = await start(lateToken, round.id);
    await expectStatus(answer(lateToken, attempt.id, 1, await rightResponse(attempt.id, 1)), 200);
    // Started two minutes before its deadline, which passed a while ago: the next read closes it as expired.
    await env.DB.prepare("update attempts set started_at = ?, deadline_at = ? where id = ?")
      .bind(Date.now() - 130_000, Date.now() - 10_000, attempt.id)
      .run();
    await expectStatus(call(`/api/attempts/${attempt.id}`, { token: lateToken }), 200);
    const rows = await env.DB.prepare("select user_id, duration_ms as d, finished_at as f from round_results where round_id = ?")
      .bind(round.id)
      .all<{ user_id: string; d: number; f: number }>();
    const timing = new Map(rows.results.map((r) => [r.user_id, r]));
    return { w, token, round, best, formula, late, timing };
  }

  const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
  const mmss = (ms: number) => {
    const s = Math.round(ms / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  };

  it("exports an .xlsx that reads back as the header and one row per person in rank order", async () => {
    const { w, token, round, best, formula, late, timing } = await takenRound();
    const res = await call(`/api/rounds/${round.id}/results/export?format=xlsx`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX_TYPE);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="round-results.xlsx"; filename*=UTF-8''${encodeURIComponent("党史知识竞赛-初赛-成绩.xlsx")}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet("成绩");
    const values = (n: number) => ((sheet?.getRow(n).values ?? []) as unknown[]).slice(1);
    expect(sheet?.rowCount).toBe(4);
    expect(values(1)).toEqual(["名次", "姓名", "手机号", "所在组织", "得分", "满分", "答对题数", "用时", "交卷时间", "状态"]);
    const row = (user: TestUser, rank: number, org: TestOrg, score: number, correct: number, status: string) => {
      const t = timing.get(user.id);
      return [rank, user.name, user.phone, org.name, score, 40, correct, mmss(t?.d ?? 0), beijing(t?.f ?? 0), status];
    };
    expect(values(2)).toEqual(row(best, 1, w.branchA, 40, 4, "交卷"));
    // In .xlsx a name like a formula is just text.
    expect(values(3)).toEqual(row(formula, 2, w.branchB, 20, 2, "交卷"));
    expect(values(4)).toEqual(row(late, 3, w.groupA, 10, 1, "超时"));
    expect(typeof values(2)[2]).toBe("string");
  });

  it("exports a UTF-8 CSV with a BOM, formula-like names defused; per-question discrimination needs four results", async () => {
    const { token, round, formula, late, timing } = await takenRound();
    const res = await call(`/api/rounds/${round.id}/results/export?format=csv`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="round-results.csv"; filename*=UTF-8''${encodeURIComponent("党史知识竞赛-初赛-成绩.csv")}`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe("名次,姓名,手机号,所在组织,得分,满分,答对题数,用时,交卷时间,状态");
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe("");
    expect(lines[2]?.split(",").slice(0, 3)).toEqual(["2", `"'=1+1"`, formula.phone]);
    const t = timing.get(late.id);
    expect(lines[3]?.split(",").slice(4)).toEqual(["10", "40", "1", mmss(t?.d ?? 0), beijing(t?.f ?? 0), "超时"]);

    const stats = await expectStatus<QuestionStats>(call(`/api/rounds/${round.id}/question-stats`, { token }), 200);
    expect(stats.participants).toBe(3);
    expect(stats.items.map((i) => [i.seq, i.given, i.discrimination])).toEqual([
      [1, 3, null],
      [2, 3, null],
      [3, 3, null],
      [4, 3, null],
    ]);
  });

  it("answers 400 for an unknown format and 401 without a session", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { round } = await contestWithRound(token, w.committee);
    expect((await call(`/api/rounds/${round.id}/results/export?format=pdf`, { token })).status).toBe(400);
    expect(await expectStatus(call(`/api/rounds/${round.id}/results/export`), 401)).toEqual(errorEnvelope("UNAUTHENTICATED"));
  });
});

describe("GET /api/rounds/{id}/certificates/{userId}", () => {
  it("gives an honour certificate to the top places and participation to the rest; members read their own after the round", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { contest, round } = await contestWithRound(token, w.committee, { round: { honourTopN: 2 } });
    const [first, second, third, none] = w.a as [TestUser, TestUser, TestUser, TestUser];
    await insertResults(round.id, [
      { user: first, org: w.branchA, score: 40 },
      { user: second, org: w.branchA, score: 30 },
      { user: third, org: w.branchA, score: 20 },
    ]);
    const certificate = (as: string, userId: string) => call(`/api/rounds/${round.id}/certificates/${userId}`, { token: as });

    // A manager may read anyone's at any time.
    const preview = await expectStatus<Certificate>(certificate(token, third.id), 200);
    expect(preview).toEqual({
      kind: "participation",
      name: third.name,
      orgName: w.branchA.name,
      contestTitle: contest.title,
      roundName: "初赛",
      hosts: [w.committee.name],
      rank: 3,
      participants: 3,
      score: 20,
      totalPoints: 40,
      issuedAt: expect.any(Number),
    });
    const firstToken = await loginAs(first);
    expect(await expectStatus(certificate(firstToken, first.id), 403)).toEqual(errorEnvelope("FORBIDDEN", "本轮结束后才能查看证书"));

    await closeRound(round.id);
    const closesAt = (await env.DB.prepare("select closes_at as c from contest_rounds where id = ?").bind(round.id).first<{ c: number }>())
      ?.c;
    expect(await expectStatus<Certificate>(certificate(firstToken, first.id), 200)).toMatchObject({
      kind: "honour",
      rank: 1,
      score: 40,
      issuedAt: closesAt,
    });
    expect(await expectStatus<Certificate>(certificate(await loginAs(second), second.id), 200)).toMatchObject({ kind: "honour", rank: 2 });
    expect(await expectStatus<Certificate>(certificate(await loginAs(third), third.id), 200)).toMatchObject({
      kind: "participation",
      rank: 3,
    });
    // Not someone else's, and none without a result.
    expect(await expectStatus(certificate(firstToken, second.id), 403)).toEqual(errorEnvelope("FORBIDDEN", "只能查看自己的证书"));
    expect(await expectStatus(certificate(await loginAs(none), none.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "该成员在本轮没有成绩"));
    expect(await expectStatus(certificate(token, none.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "该成员在本轮没有成绩"));
    expect(await expectStatus(certificate(await loginAs(w.outsider), first.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该轮次"));
  });
});

describe("the results operations", () => {
  it("are in the OpenAPI document under their operationIds", async () => {
    const doc = await expectStatus<{ paths: Record<string, Record<string, { operationId?: string }>> }>(call("/api/openapi.json"), 200);
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(ids).toEqual(
      expect.arrayContaining([
        "getRoundLeaderboard",
        "getRoundStandings",
        "getRoundQuestionStats",
        "getRoundHistogram",
        "exportRoundResults",
        "exportRoundQuestionStats",
        "getCertificate",
      ]),
    );
    expect(Object.keys(doc.paths)).toContain("/api/rounds/{id}/certificates/{userId}");
  });
});

describe("GET /api/rounds/{id}/leaderboard at scale", () => {
  it("ranks 10,000 results correctly for the top 50 and one's own place", async () => {
    const w = await resultsWorld();
    const token = await loginAs(w.organizer);
    const { round } = await contestWithRound(token, w.committee);
    const me = w.c[0] as TestUser;
    const prefix = `p${createId().slice(0, 8)}`;
    const phoneBase = 1_9000_000_000 + Math.floor(Math.random() * 8_000_000) * 100;
    const base = Date.now() - 60 * MINUTE;
    const n = 10_000;
    const scoreOf = (i: number) => i % 41;
    const durationOf = (i: number) => ((i * 37) % 1000) * 1000;
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
       insert into users (id, phone, name, status, is_admin, created_at, updated_at)
       select ? || i, cast(? + i as text), '参赛者' || i, 'active', 0, ?, ? from n`,
    )
      .bind(n - 1, prefix, phoneBase, base, base)
      .run();
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
       insert into round_results (round_id, user_id, attempt_id, org_id, org_path, score, correct_count, duration_ms, finished_at)
       select ?, ? || i, 'a' || ? || i, ?, ?, i % 41, (i % 41) / 10, ((i * 37) % 1000) * 1000, ? + i from n`,
    )
      .bind(n - 1, round.id, prefix, prefix, w.branchB.id, w.branchB.path, base)
      .run();
    // The 10,000th result is the member's own, tied on score with many and placed by time.
    await insertResults(round.id, [{ user: me, org: w.branchC, score: 20, durationMs: 500_500 }]);
    const mine =
      (
        await env.DB.prepare("select finished_at as f from round_results where round_id = ? and user_id = ?")
          .bind(round.id, me.id)
          .first<{ f: number }>()
      )?.f ?? 0;

    const all = [
      ...Array.from({ length: n - 1 }, (_, k) => ({
        userId: `${prefix}${k + 1}`,
        score: scoreOf(k + 1),
        d: durationOf(k + 1),
        f: base + k + 1,
      })),
      { userId: me.id, score: 20, d: 500_500, f: mine },
    ].sort((x, y) => y.score - x.score || x.d - y.d || x.f - y.f);
    const expectedRank = (userId: string) => all.findIndex((r) => r.userId === userId) + 1;

    await closeRound(round.id);
    const memberToken = await loginAs(me);
    const times: number[] = [];
    let board: Leaderboard | undefined;
    for (let run = 0; run < 7; run++) {
      const t0 = performance.now();
      const res = await call(`/api/rounds/${round.id}/leaderboard?limit=50`, { token: memberToken });
      board = (await res.json()) as Leaderboard;
      times.push(performance.now() - t0);
      expect(res.status).toBe(200);
    }
    expect(board?.participants).toBe(n);
    expect(board?.top.map((e) => [e.rank, e.userId])).toEqual(all.slice(0, 50).map((r, i) => [i + 1, r.userId]));
    expect(board?.me).toMatchObject({ userId: me.id, rank: expectedRank(me.id), score: 20 });

    // The service alone, without the session lookup and routing around it.
    const sessionUser: SessionUser = {
      id: me.id,
      phone: me.phone,
      name: me.name,
      isAdmin: false,
      sessionId: "bench",
      memberships: [
        {
          membershipId: "bench",
          orgId: w.branchC.id,
          orgName: w.branchC.name,
          orgKind: "branch",
          orgPath: w.branchC.path,
          role: "member",
          title: "党员",
        },
      ],
      alliances: [],
    };
    const serviceTimes: number[] = [];
    for (let run = 0; run < 7; run++) {
      const t0 = performance.now();
      const direct = await getRoundLeaderboard(db(), sessionUser, round.id, 50);
      serviceTimes.push(performance.now() - t0);
      expect(direct.me?.rank).toBe(expectedRank(me.id));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]?.toFixed(1);
    console.log(
      `leaderboard, 10,000 results, top 50 + me: HTTP median ${median(times)} ms (runs ${times.map((t) => t.toFixed(1)).join(", ")}); ` +
        `service median ${median(serviceTimes)} ms (runs ${serviceTimes.map((t) => t.toFixed(1)).join(", ")})`,
    );

    // The other reads of the same round, timed once each for the report (no assertion on time).
    const timed: string[] = [];
    for (const path of ["standings?by=org", "histogram", "question-stats", "results/export?format=csv", "results/export?format=xlsx"]) {
      const t0 = performance.now();
      const res = await call(`/api/rounds/${round.id}/${path}`, { token });
      const bytes = (await res.arrayBuffer()).byteLength;
      expect(res.status, path).toBe(200);
      timed.push(`${path} ${(performance.now() - t0).toFixed(0)} ms (${bytes} bytes)`);
    }
    console.log(`10,000 results: ${timed.join("; ")}`);
    const orgs = await expectStatus<Standings>(standingsOf(token, round.id, "org"), 200);
    // B's mean of i mod 41 over 9,999 people is just under C's one 20.
    expect(orgs.items.map((i) => [i.name, i.participants, i.score])).toEqual([
      [w.branchC.name, 1, 20],
      [w.branchB.name, n - 1, 19.99],
      [w.branchA.name, 0, 0],
    ]);
  });
});

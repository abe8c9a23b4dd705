import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type QuestionDraft, type Response, scoreResponse } from "../../worker/features/bank/question";
import { advances } from "../../worker/features/contests/attempt.service";
import {
  answerKeyFor,
  canonicalForm,
  creditSql,
  optionOrderFor,
  responseFromCanonical,
  shuffled,
  speedPoints,
} from "../../worker/features/contests/contest.scoring";

const common = { explanation: "", source: "", tags: [], difficulty: 1 };
const single: QuestionDraft = {
  ...common,
  type: "single",
  stem: "中共一大于哪一年召开？",
  options: ["1919年", "1921年", "1927年", "1935年"],
  answer: 1,
};
const multiple: QuestionDraft = {
  ...common,
  type: "multiple",
  stem: "“三会”是指（ ）。",
  options: ["支部党员大会", "支部委员会", "党小组会", "职工代表大会"],
  answer: [0, 1, 2],
  partialCredit: false,
};
const judge: QuestionDraft = { ...common, type: "judge", stem: "预备党员的预备期为一年。", answer: true };
const fill: QuestionDraft = {
  ...common,
  type: "fill",
  stem: "遵义会议在（ ）召开，英文缩写（ ）。",
  answer: [["遵义", "遵义市", " 遵义 "], ["CPC"]],
};

describe("option order", () => {
  it("shuffled(n) is a permutation of 0…n-1, and every order of four comes up", () => {
    expect(shuffled(0)).toEqual([]);
    expect(shuffled(1)).toEqual([0]);
    for (let i = 0; i < 50; i++) expect([...shuffled(8)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(shuffled(4).join(""));
    expect(seen.size).toBe(24);
  });

  it("choice questions are shuffled; those whose options point at their neighbours (以上都对, 都不对…) keep their order; others have none", () => {
    expect([...optionOrderFor(single)].sort()).toEqual([0, 1, 2, 3]);
    for (const last of ["以上都对", "以上均不正确", "上述说法都正确", "All of the above"])
      expect(optionOrderFor({ ...single, options: ["甲", "乙", "丙", last] }), last).toEqual([0, 1, 2, 3]);
    expect(optionOrderFor(judge)).toEqual([]);
    expect(optionOrderFor(fill)).toEqual([]);
  });
});

describe("answer keys in shown positions", () => {
  const order = [2, 0, 3, 1]; // shown 0 is original 2, …, shown 3 is original 1

  it("maps the answer through the order, canonically", () => {
    expect(answerKeyFor(single, order)).toBe("3");
    expect(answerKeyFor(multiple, order)).toBe("[0,1,3]");
    expect(answerKeyFor(judge, [])).toBe("true");
    expect(answerKeyFor({ ...judge, answer: false }, [])).toBe("false");
    // Accepted answers normalized, duplicates after normalizing dropped.
    expect(answerKeyFor(fill, [])).toBe(JSON.stringify([["遵义", "遵义市"], ["cpc"]]));
  });

  it("a response in shown positions takes the same form, with what the saving statement checks", () => {
    expect(canonicalForm({ type: "single", choice: 3 })).toEqual({ text: "3", maxIndex: 3, blanks: 0 });
    expect(canonicalForm({ type: "multiple", choices: [3, 0, 1, 3] })).toEqual({ text: "[0,1,3]", maxIndex: 3, blanks: 0 });
    expect(canonicalForm({ type: "judge", value: true })).toEqual({ text: "true", maxIndex: -1, blanks: 0 });
    expect(canonicalForm({ type: "fill", blanks: ["　遵 义", "ＣＰＣ"] })).toEqual({ text: '["遵义","cpc"]', maxIndex: -1, blanks: 2 });
  });

  it("a canonical response reads back as a response", () => {
    const cases: Response[] = [
      { type: "single", choice: 2 },
      { type: "multiple", choices: [0, 3] },
      { type: "judge", value: false },
      { type: "fill", blanks: ["遵义", "cpc"] },
    ];
    for (const response of cases) {
      expect(responseFromCanonical(response.type, canonicalForm(response).text)).toEqual(response);
    }
  });
});

describe("credit in SQL agrees with the question model", () => {
  /** The credit the database gives `response` for `q` shown in its original order. */
  async function sqlCredit(q: QuestionDraft, response: Response, partialCredit: boolean) {
    const identity = q.type === "single" || q.type === "multiple" ? q.options.map((_, i) => i) : [];
    if (response.type !== q.type) return null;
    const r = canonicalForm(response).text;
    const key = answerKeyFor(q, identity);
    const row = await env.DB.prepare(
      `select ${creditSql("?1")} as credit from (select ?2 as type, ?3 as answer_key, ?4 as partial_credit) as aq`,
    )
      .bind(r, q.type, key, partialCredit ? 1 : 0)
      .first<{ credit: number }>();
    return row?.credit ?? null;
  }

  const cases: [QuestionDraft, Response][] = [
    [single, { type: "single", choice: 1 }],
    [single, { type: "single", choice: 0 }],
    [judge, { type: "judge", value: true }],
    [judge, { type: "judge", value: false }],
    [multiple, { type: "multiple", choices: [0, 1, 2] }],
    [multiple, { type: "multiple", choices: [2, 1, 0, 0] }],
    [multiple, { type: "multiple", choices: [0, 1] }],
    [multiple, { type: "multiple", choices: [0] }],
    [multiple, { type: "multiple", choices: [0, 3] }],
    [multiple, { type: "multiple", choices: [0, 1, 2, 3] }],
    [multiple, { type: "multiple", choices: [3] }],
    [fill, { type: "fill", blanks: ["遵义", "CPC"] }],
    [fill, { type: "fill", blanks: ["遵义市", "ｃｐｃ"] }],
    [fill, { type: "fill", blanks: ["　遵　义　", " C P C "] }],
    [fill, { type: "fill", blanks: ["延安", "CPC"] }],
    [fill, { type: "fill", blanks: ["CPC", "遵义"] }],
    [fill, { type: "fill", blanks: ["遵义", ""] }],
  ];

  it.each(cases)("%# %o", async (q, response) => {
    for (const partialCredit of [false, true]) {
      const model = q.type === "multiple" ? { ...q, partialCredit } : q;
      expect(await sqlCredit(q, response, partialCredit)).toBeCloseTo(scoreResponse(model, response), 12);
    }
  });
});

describe("speed points", () => {
  it("points × (1 − (t/T)/2), rounded, t held within 0…T", () => {
    expect(speedPoints(100, 1, 0, 10_000)).toBe(100);
    expect(speedPoints(100, 1, 4_000, 10_000)).toBe(80);
    expect(speedPoints(100, 1, 10_000, 10_000)).toBe(50);
    expect(speedPoints(100, 1, 14_000, 10_000)).toBe(50);
    expect(speedPoints(100, 1, -50, 10_000)).toBe(100);
    expect(speedPoints(100, 0, 0, 10_000)).toBe(0);
    expect(speedPoints(30, 2 / 3, 5_000, 10_000)).toBe(15);
    expect(speedPoints(10, 1, 1_000, 10_000)).toBe(10);
    expect(speedPoints(10, 1, 1_001, 10_000)).toBe(9);
  });
});

describe("advancement", () => {
  it("top N by rank, top X % rounded up, or a minimum score", () => {
    expect([1, 2, 3].map((rank) => advances({ kind: "top_n", value: 2 }, rank, 10, 0))).toEqual([true, true, false]);
    expect([1, 2, 3].map((rank) => advances({ kind: "top_percent", value: 50 }, rank, 3, 0))).toEqual([true, true, false]);
    expect([1, 2, 3].map((rank) => advances({ kind: "top_percent", value: 10 }, rank, 3, 0))).toEqual([true, false, false]);
    expect([1, 2].map((rank) => advances({ kind: "top_percent", value: 100 }, rank, 2, 0))).toEqual([true, true]);
    expect([50, 60, 70].map((score) => advances({ kind: "min_score", value: 60 }, 1, 3, score))).toEqual([false, true, true]);
  });
});

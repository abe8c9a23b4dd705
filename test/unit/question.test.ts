import { describe, expect, it } from "vitest";
import {
  checkDraft,
  consistencyProblems,
  countBlanks,
  indicesOf,
  isCorrect,
  judgeValue,
  lettersOf,
  normalizeAnswer,
  normalizeStem,
  type QuestionDraft,
  QuestionDraftSchema,
  scoreResponse,
} from "../../worker/features/bank/question";

const base = { explanation: "", source: "", tags: [], difficulty: 3 };

const single: QuestionDraft = {
  ...base,
  type: "single",
  stem: "中共一大于哪一年召开？",
  options: ["1919年", "1921年", "1927年", "1935年"],
  answer: 1,
};
const multiple: QuestionDraft = {
  ...base,
  type: "multiple",
  stem: "下列属于“三会一课”的有（ ）",
  options: ["支部党员大会", "支部委员会", "党小组会", "茶话会"],
  answer: [0, 1, 2],
  partialCredit: false,
};
const judge: QuestionDraft = { ...base, type: "judge", stem: "预备党员的预备期为一年。", answer: true };
const fill: QuestionDraft = {
  ...base,
  type: "fill",
  stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议，会址在（ ）。",
  answer: [
    ["遵义", "遵义市"],
    ["Zunyi Hall", "柏公馆"],
  ],
};

describe("scoreResponse", () => {
  it("single choice: the right index scores 1, any other 0", () => {
    expect(scoreResponse(single, { type: "single", choice: 1 })).toBe(1);
    expect(scoreResponse(single, { type: "single", choice: 0 })).toBe(0);
    expect(scoreResponse(single, { type: "single", choice: 7 })).toBe(0);
  });

  it("true/false: the right value scores 1", () => {
    expect(scoreResponse(judge, { type: "judge", value: true })).toBe(1);
    expect(scoreResponse(judge, { type: "judge", value: false })).toBe(0);
    expect(scoreResponse({ ...judge, answer: false }, { type: "judge", value: false })).toBe(1);
  });

  it("multiple choice without partial credit is all or nothing, in any order", () => {
    expect(scoreResponse(multiple, { type: "multiple", choices: [2, 0, 1] })).toBe(1);
    expect(scoreResponse(multiple, { type: "multiple", choices: [0, 1, 1, 2] })).toBe(1);
    expect(scoreResponse(multiple, { type: "multiple", choices: [0, 1] })).toBe(0);
    expect(scoreResponse(multiple, { type: "multiple", choices: [0, 1, 2, 3] })).toBe(0);
    expect(scoreResponse(multiple, { type: "multiple", choices: [] })).toBe(0);
  });

  it("multiple choice with partial credit gives a share per right choice, none if a wrong one is chosen", () => {
    const partial: QuestionDraft = { ...multiple, partialCredit: true };
    expect(scoreResponse(partial, { type: "multiple", choices: [0, 1, 2] })).toBe(1);
    expect(scoreResponse(partial, { type: "multiple", choices: [0, 2] })).toBeCloseTo(2 / 3);
    expect(scoreResponse(partial, { type: "multiple", choices: [1] })).toBeCloseTo(1 / 3);
    expect(scoreResponse(partial, { type: "multiple", choices: [0, 3] })).toBe(0);
    expect(isCorrect(partial, { type: "multiple", choices: [0, 2] })).toBe(false);
    expect(isCorrect(partial, { type: "multiple", choices: [0, 1, 2] })).toBe(true);
  });

  it("fill-in accepts any accepted answer per blank, folding full-width digits and letters, spaces and case", () => {
    expect(scoreResponse(fill, { type: "fill", blanks: ["遵义", "柏公馆"] })).toBe(1);
    expect(scoreResponse(fill, { type: "fill", blanks: [" 遵 义 市 ", "zunyi hall"] })).toBe(1);
    expect(scoreResponse(fill, { type: "fill", blanks: ["遵义", "ＺＵＮＹＩ　ＨＡＬＬ"] })).toBe(1);
    const year: QuestionDraft = { ...base, type: "fill", stem: "中共一大于（ ）年召开。", answer: [["1921"]] };
    expect(scoreResponse(year, { type: "fill", blanks: ["１９２１"] })).toBe(1);
    expect(scoreResponse(year, { type: "fill", blanks: ["1921 "] })).toBe(1);
    expect(scoreResponse(year, { type: "fill", blanks: ["1922"] })).toBe(0);
  });

  it("fill-in needs every blank right and exactly as many blanks as the question has", () => {
    expect(scoreResponse(fill, { type: "fill", blanks: ["遵义", "会议室"] })).toBe(0);
    expect(scoreResponse(fill, { type: "fill", blanks: ["遵义"] })).toBe(0);
    expect(scoreResponse(fill, { type: "fill", blanks: ["遵义", "柏公馆", "多余"] })).toBe(0);
    expect(scoreResponse(fill, { type: "fill", blanks: ["", ""] })).toBe(0);
  });

  it("a response of another type scores 0", () => {
    expect(scoreResponse(single, { type: "multiple", choices: [1] })).toBe(0);
    expect(scoreResponse(multiple, { type: "single", choice: 0 })).toBe(0);
    expect(scoreResponse(judge, { type: "fill", blanks: ["对"] })).toBe(0);
    expect(scoreResponse(fill, { type: "judge", value: true })).toBe(0);
  });
});

describe("normalizeAnswer and normalizeStem", () => {
  it("folds full-width forms, case, spaces and Chinese punctuation of the same meaning", () => {
    expect(normalizeAnswer(" ＡＢｃ　１２ ")).toBe("abc12");
    expect(normalizeAnswer("“两个确立”，“两个维护”。")).toBe('"两个确立","两个维护".');
    expect(normalizeAnswer("实事求是、群众路线")).toBe("实事求是,群众路线");
  });

  it("makes stems that differ only in blanks, punctuation, width and spacing the same key", () => {
    const key = normalizeStem("中共一大于（ ）年召开。");
    expect(key).toBe("中共一大于年召开");
    expect(normalizeStem("中共一大于____年召开")).toBe(key);
    expect(normalizeStem("中共一大于(  )年召开？")).toBe(key);
    expect(normalizeStem(" 中共一大 于 年召开! ")).toBe(key);
    expect(normalizeStem("1921年７月")).toBe(normalizeStem("１９２１年7月"));
    expect(normalizeStem("中共二大于（ ）年召开。")).not.toBe(key);
  });
});

describe("indicesOf and lettersOf", () => {
  it("reads option letters however they are written, sorted and without repeats", () => {
    expect(indicesOf("acd")).toEqual([0, 2, 3]);
    expect(indicesOf("A,C,D")).toEqual([0, 2, 3]);
    expect(indicesOf("ＡＣＤ")).toEqual([0, 2, 3]);
    expect(indicesOf("A、C；D")).toEqual([0, 2, 3]);
    expect(indicesOf("DA")).toEqual([0, 3]);
    expect(indicesOf("AA")).toEqual([0]);
    expect(indicesOf(" B ")).toEqual([1]);
    expect(indicesOf("H")).toEqual([7]);
  });

  it("is null for anything that is not only option letters within the option count", () => {
    expect(indicesOf("")).toBeNull();
    expect(indicesOf(" , ")).toBeNull();
    expect(indicesOf("AE", 4)).toBeNull();
    expect(indicesOf("I")).toBeNull();
    expect(indicesOf("A1")).toBeNull();
    expect(indicesOf("对")).toBeNull();
  });

  it("writes indices back as letters", () => {
    expect(lettersOf([3, 0, 2])).toBe("ACD");
    expect(lettersOf([])).toBe("");
  });
});

describe("judgeValue", () => {
  it("reads the ways people write true and false", () => {
    for (const word of ["对", "正确", "是", "√", "✓", "T", "true", " TRUE ", "ｔｒｕｅ", "Y", "yes"])
      expect(judgeValue(word), word).toBe(true);
    for (const word of ["错", "错误", "否", "×", "✗", "F", "false", "N", "no", "Ｆ"]) expect(judgeValue(word), word).toBe(false);
  });

  it("is null for anything else", () => {
    for (const word of ["", "也许", "A", "对的", "1", "0"]) expect(judgeValue(word), word).toBeNull();
  });
});

describe("countBlanks and consistencyProblems", () => {
  it("counts the model's blanks", () => {
    expect(countBlanks(fill.stem)).toBe(2);
    expect(countBlanks("没有空")).toBe(0);
  });

  it("finds nothing wrong with consistent drafts", () => {
    for (const q of [single, multiple, judge, fill]) expect(consistencyProblems(q), q.type).toEqual([]);
  });

  it("says when a single-choice answer is not one of the options", () => {
    expect(consistencyProblems({ ...single, answer: 4 })).toEqual(["答案不在选项 A–D 之中"]);
  });

  it("says when a multiple-choice answer is out of range, repeated, or only one option", () => {
    expect(consistencyProblems({ ...multiple, answer: [0, 5] })).toEqual(["答案不在选项 A–D 之中"]);
    expect(consistencyProblems({ ...multiple, answer: [0, 0] })).toEqual(["答案中有重复的选项"]);
    expect(consistencyProblems({ ...multiple, answer: [2] })).toEqual(["多选题至少要有 2 个正确选项"]);
  });

  it("says which option is repeated, comparing options as answers are compared", () => {
    expect(consistencyProblems({ ...single, options: ["1921年", "１９２１年", "1927年"] })).toEqual(["选项“１９２１年”重复"]);
    expect(consistencyProblems({ ...multiple, options: ["党小组会", "支部委员会", "党小组 会", "茶话会"] })).toEqual([
      "选项“党小组 会”重复",
    ]);
  });

  it("says when a fill-in answer does not give one entry per blank", () => {
    expect(consistencyProblems({ ...fill, answer: [["遵义"]] })).toEqual(["题干中有 2 个空（ ），答案给了 1 个"]);
    expect(consistencyProblems({ ...fill, stem: "没有空的题干", answer: [["遵义"]] })).toEqual(["题干中有 0 个空（ ），答案给了 1 个"]);
  });
});

describe("QuestionDraftSchema and checkDraft", () => {
  it("fills defaults and trims text", () => {
    expect(QuestionDraftSchema.parse({ type: "judge", stem: "  预备期为一年。 ", answer: false })).toEqual({
      type: "judge",
      stem: "预备期为一年。",
      answer: false,
      explanation: "",
      source: "",
      tags: [],
      difficulty: 3,
    });
    expect(QuestionDraftSchema.parse({ type: "multiple", stem: "多选", options: ["甲", "乙"], answer: [0, 1] })).toMatchObject({
      partialCredit: false,
    });
  });

  it("turns every problem into one sentence with the question's line", () => {
    expect(checkDraft(7, { ...single, answer: 9 }, "中共一大于哪一年召开？")).toEqual({
      line: 7,
      error: "答案不在选项 A–D 之中",
      excerpt: "中共一大于哪一年召开？",
    });
    expect(checkDraft(2, { type: "single", stem: " ", options: ["甲"], answer: 0, difficulty: 9 }, "x".repeat(200))).toEqual({
      line: 2,
      error: "题干不能为空；难度应是 1–5 的整数；至少需要 2 个选项",
      excerpt: "x".repeat(120),
    });
  });

  it("passes a good draft through with its warnings", () => {
    expect(checkDraft(3, judge, "…", ["提示"])).toEqual({ line: 3, draft: judge, warnings: ["提示"] });
  });
});

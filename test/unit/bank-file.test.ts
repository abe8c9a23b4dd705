import { describe, expect, it } from "vitest";
import { parseBankFile } from "../../worker/features/bank/bank-file";

const good = `questions:
  - id: ph1-first-congress-year
    type: single
    stem: 中国共产党第一次全国代表大会于哪一年召开？
    options: [1919年, 1921年, 1927年, 1935年]
    answer: B
    explanation: 1921年7月，中共一大在上海召开。
    source: 《中国共产党简史》第一章
    tags: [新民主主义革命时期, 重要会议]
    difficulty: 1

  - id: ph1-zunyi
    type: fill
    stem: 1935年1月，中共中央政治局在贵州（ ）召开扩大会议。
    answer: [[遵义, 遵义市]]
    explanation: 遵义会议。
    source: 《中国共产党简史》第二章
    tags: [新民主主义革命时期, 重要会议]
    difficulty: 2

  - id: pb-judge
    type: judge
    stem: 预备党员的预备期为一年。
    answer: 对
    explanation: 党章规定预备期为一年。
    source: 《中国共产党章程》第一章
    tags: [党章]
    difficulty: 1

  - id: pb-multi
    type: multiple
    stem: 下列属于党的纪律处分的有（ ）。
    options: [警告, 严重警告, 罚款, 开除党籍]
    answer: ABD
    explanation: 罚款不是党的纪律处分。
    source: 《中国共产党章程》第七章
    tags: [党的纪律]
    difficulty: 2
`;

describe("parseBankFile", () => {
  it("reads each question into the common draft, with its line", () => {
    const parsed = parseBankFile(good);
    expect(Array.isArray(parsed)).toBe(true);
    if (!Array.isArray(parsed)) return;
    expect(parsed.map((p) => [p.key, p.parsed.line])).toEqual([
      ["ph1-first-congress-year", 2],
      ["ph1-zunyi", 12],
      ["pb-judge", 21],
      ["pb-multi", 30],
    ]);
    expect(parsed[0]?.parsed).toEqual({
      line: 2,
      warnings: [],
      draft: {
        type: "single",
        stem: "中国共产党第一次全国代表大会于哪一年召开？",
        options: ["1919年", "1921年", "1927年", "1935年"],
        answer: 1,
        explanation: "1921年7月，中共一大在上海召开。",
        source: "《中国共产党简史》第一章",
        tags: ["新民主主义革命时期", "重要会议"],
        difficulty: 1,
      },
    });
    expect(parsed[1]?.parsed).toMatchObject({ draft: { type: "fill", answer: [["遵义", "遵义市"]] } });
    expect(parsed[2]?.parsed).toMatchObject({ draft: { type: "judge", answer: true } });
    expect(parsed[3]?.parsed).toMatchObject({ draft: { type: "multiple", answer: [0, 1, 3], partialCredit: false } });
  });

  it("reports each bad question with its line and a reason, keeping the good ones", () => {
    const text = good
      .replace("answer: B", "answer: E")
      .replace("answer: [[遵义, 遵义市]]", "answer: [[遵义], [贵州]]")
      .replace("answer: 对", "answer: 也许")
      .replace("    source: 《中国共产党章程》第七章\n", "");
    const parsed = parseBankFile(text);
    if (!Array.isArray(parsed)) throw new Error("expected questions");
    expect(parsed.map((p) => p.parsed)).toEqual([
      { line: 2, error: "单选题的答案应是一个选项字母，现在是“E”", excerpt: "ph1-first-congress-year" },
      { line: 12, error: "题干中有 1 个空（ ），答案给了 2 个", excerpt: "ph1-zunyi" },
      { line: 21, error: "判断题的答案应是“对”或“错”，现在是“也许”", excerpt: "pb-judge" },
      { line: 30, error: "source：每道题都要有出处", excerpt: "pb-multi" },
    ]);
  });

  it("reports broken YAML and a file without questions", () => {
    expect(parseBankFile("questions:\n  - id: x\n   bad: [")).toMatchObject({
      error: expect.stringContaining("YAML 格式错误"),
      line: expect.any(Number),
    });
    expect(parseBankFile("title: nothing")).toEqual({ error: "文件需要一个非空的 questions 列表", line: 1 });
  });
});

import { describe, expect, it } from "vitest";
import { parseAiken } from "../../worker/features/bank/formats/aiken";
import type { ParsedQuestion, QuestionDraft } from "../../worker/features/bank/question";

const defaults = { explanation: "", source: "", tags: [], difficulty: 3 };

function single(stem: string, options: string[], answer: number): QuestionDraft {
  return { type: "single", ...defaults, stem, options, answer };
}
function ok(line: number, draft: QuestionDraft): ParsedQuestion {
  return { line, draft, warnings: [] };
}
function error(line: number, message: string, excerpt: string): ParsedQuestion {
  return { line, error: message, excerpt };
}

describe("parseAiken: the format", () => {
  it("reads Moodle's documented example", () => {
    const text = [
      "What is the correct answer to this question?",
      "A. Is it this one?",
      "B. Maybe this answer?",
      "C. Possibly this one?",
      "D. Must be this one!",
      "ANSWER: D",
    ];
    expect(parseAiken(text.join("\n"))).toEqual([
      ok(
        1,
        single(
          "What is the correct answer to this question?",
          ["Is it this one?", "Maybe this answer?", "Possibly this one?", "Must be this one!"],
          3,
        ),
      ),
    ]);
  });

  it("reads A) options and several questions separated by blank lines", () => {
    const text = [
      "Which LMS has the most quiz import formats?",
      "A) Moodle",
      "B) ATutor",
      "C) Claroline",
      "ANSWER: A",
      "",
      "",
      "中共一大于哪一年召开？",
      "A) 1919年",
      "B) 1921年",
      "ANSWER: B",
    ];
    expect(parseAiken(text.join("\n"))).toEqual([
      ok(1, single("Which LMS has the most quiz import formats?", ["Moodle", "ATutor", "Claroline"], 0)),
      ok(8, single("中共一大于哪一年召开？", ["1919年", "1921年"], 1)),
    ]);
  });

  it("starts the next question after ANSWER even without a blank line", () => {
    expect(parseAiken("题一\nA. 甲\nB. 乙\nANSWER: A\n题二\nA. 丙\nB. 丁\nANSWER: B")).toEqual([
      ok(1, single("题一", ["甲", "乙"], 0)),
      ok(5, single("题二", ["丙", "丁"], 1)),
    ]);
  });

  it("joins a question written over several lines", () => {
    expect(
      parseAiken("阅读下面的材料：\n“为中国人民谋幸福，为中华民族谋复兴。”\n这句话体现了什么？\nA. 初心使命\nB. 工作方法\nANSWER: A"),
    ).toEqual([ok(1, single("阅读下面的材料：\n“为中国人民谋幸福，为中华民族谋复兴。”\n这句话体现了什么？", ["初心使命", "工作方法"], 0))]);
  });

  it("takes the delimiters, full-width letters and colon that Chinese word processors produce", () => {
    const text = ["党的根本宗旨是什么？", "Ａ．全心全意为人民服务", "B、实现共产主义", "C）发展生产力", "D.坚持改革开放", "answer：ａ"];
    expect(parseAiken(text.join("\n"))).toEqual([
      ok(1, single("党的根本宗旨是什么？", ["全心全意为人民服务", "实现共产主义", "发展生产力", "坚持改革开放"], 0)),
    ]);
  });

  it("reads several answer letters as an all-or-nothing many-answer question", () => {
    expect(parseAiken("哪些是党的优良作风？\nA. 理论联系实际\nB. 官僚主义\nC. 密切联系群众\nANSWER: A, C")).toEqual([
      ok(1, {
        type: "multiple",
        ...defaults,
        stem: "哪些是党的优良作风？",
        options: ["理论联系实际", "官僚主义", "密切联系群众"],
        answer: [0, 2],
        partialCredit: false,
      }),
    ]);
  });

  it("keeps a question together across a blank line before its options or its answer", () => {
    expect(parseAiken("题一\n\nA. 甲\nB. 乙\n\nANSWER: B\n\n题二\nA. 丙\nB. 丁\nANSWER: A")).toEqual([
      ok(1, single("题一", ["甲", "乙"], 1)),
      ok(8, single("题二", ["丙", "丁"], 0)),
    ]);
  });

  it("takes exactly 8 options", () => {
    const text = ["选一项", "A. 1", "B. 2", "C. 3", "D. 4", "E. 5", "F. 6", "G. 7", "H. 8", "ANSWER: H"];
    expect(parseAiken(text.join("\n"))).toEqual([ok(1, single("选一项", ["1", "2", "3", "4", "5", "6", "7", "8"], 7))]);
  });
});

describe("parseAiken: mistakes, each with its line", () => {
  it("reports a missing ANSWER line at the end of the file", () => {
    expect(parseAiken("题一\nA. 甲\nB. 乙")).toEqual([error(1, "缺少答案行（如“ANSWER: B”）", "题一\nA. 甲\nB. 乙")]);
  });

  it("reports a missing ANSWER line when the next question starts, and still reads that one", () => {
    expect(parseAiken("题一\nA. 甲\nB. 乙\n\n题二\nA. 丙\nB. 丁\nANSWER: A")).toEqual([
      error(1, "缺少答案行（如“ANSWER: B”）", "题一\nA. 甲\nB. 乙"),
      ok(5, single("题二", ["丙", "丁"], 0)),
    ]);
  });

  it("reports an answer letter that is not among the options", () => {
    expect(parseAiken("题一\nA. 甲\nB. 乙\nC. 丙\nANSWER: E")).toEqual([
      error(1, "第 5 行：答案“E”不在选项 A–C 之中", "题一\nA. 甲\nB. 乙\nC. 丙\nANSWER: E"),
    ]);
  });

  it("reports an answer that is not a letter", () => {
    expect(parseAiken("题一\nA. 甲\nB. 乙\nANSWER: 甲")).toEqual([
      error(1, "第 4 行：答案“甲”不在选项 A–B 之中", "题一\nA. 甲\nB. 乙\nANSWER: 甲"),
    ]);
  });

  it("reports an empty ANSWER line", () => {
    expect(parseAiken("题一\nA. 甲\nB. 乙\nANSWER:")).toEqual([
      error(1, "第 4 行：“ANSWER:”后面缺少答案字母", "题一\nA. 甲\nB. 乙\nANSWER:"),
    ]);
  });

  it("reports fewer than 2 options", () => {
    expect(parseAiken("题一\nA. 甲\nANSWER: A\n\n题二\nANSWER: A")).toEqual([
      error(1, "只有 1 个选项，至少需要 2 个", "题一\nA. 甲\nANSWER: A"),
      error(5, "缺少选项（如“A. …”）", "题二\nANSWER: A"),
    ]);
  });

  it("reports options out of order once, at the first slip", () => {
    expect(parseAiken("题一\nA. 甲\nC. 丙\nD. 丁\nANSWER: A")).toEqual([
      error(1, "第 3 行：选项顺序不对，这里应是 B，却是 C", "题一\nA. 甲\nC. 丙\nD. 丁\nANSWER: A"),
    ]);
  });

  it("reports options that do not start at A", () => {
    expect(parseAiken("题一\nB. 乙\nC. 丙\nANSWER: B")).toEqual([
      error(1, "第 2 行：选项顺序不对，这里应是 A，却是 B", "题一\nB. 乙\nC. 丙\nANSWER: B"),
    ]);
  });

  it("reports more than 8 options", () => {
    const lines = ["选一项", "A. 1", "B. 2", "C. 3", "D. 4", "E. 5", "F. 6", "G. 7", "H. 8", "I. 9", "ANSWER: A"];
    expect(parseAiken(lines.join("\n"))).toEqual([error(1, "第 10 行：最多 8 个选项", lines.join("\n"))]);
  });

  it("reports options with no question before them", () => {
    expect(parseAiken("A. 甲\nB. 乙\nANSWER: A")).toEqual([error(1, "缺少题干：选项前面要先写题目", "A. 甲\nB. 乙\nANSWER: A")]);
  });

  it("reports a line after the options that is neither an option nor the answer", () => {
    expect(parseAiken("题一\nA. 甲\nB. 乙\n答案：B\nANSWER: B")).toEqual([
      error(1, "第 4 行“答案：B”既不是选项（如“C. …”）也不是答案行（如“ANSWER: B”）", "题一\nA. 甲\nB. 乙\n答案：B\nANSWER: B"),
    ]);
  });

  it("reports a question with neither options nor answer, and every problem of one question together", () => {
    expect(parseAiken("只有题干\n\nB. 乙\nC. 丙")).toEqual([
      error(1, "缺少答案行（如“ANSWER: B”）；缺少选项（如“A. …”）", "只有题干"),
      error(3, "缺少答案行（如“ANSWER: B”）；缺少题干：选项前面要先写题目；第 3 行：选项顺序不对，这里应是 A，却是 B", "B. 乙\nC. 丙"),
    ]);
  });

  it("passes on the model's own objections, such as duplicate options", () => {
    expect(parseAiken("题一\nA. 甲\nB. 甲\nANSWER: A")).toEqual([error(1, "选项“甲”重复", "题一\nA. 甲\nB. 甲\nANSWER: A")]);
  });
});

describe("parseAiken: files", () => {
  it("reads CRLF line ends and a byte-order mark", () => {
    expect(parseAiken("\uFEFF题一\r\nA. 甲\r\nB. 乙\r\nANSWER: B\r\n\r\n题二\r\nA. 丙\r\nB. 丁\r\nANSWER: A\r\n")).toEqual([
      ok(1, single("题一", ["甲", "乙"], 1)),
      ok(6, single("题二", ["丙", "丁"], 0)),
    ]);
  });

  it("finds nothing in an empty file or blank lines", () => {
    expect(parseAiken("")).toEqual([]);
    expect(parseAiken("\uFEFF\r\n \n\t\n")).toEqual([]);
  });
});

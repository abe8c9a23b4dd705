import { describe, expect, it } from "vitest";
import { parseNumberedText, QuestionFileError } from "../../worker/features/bank/formats/numbered-text";
import type { ParsedQuestion, QuestionDraftInput } from "../../worker/features/bank/question";

/** A whole expected entry; the draft's defaults keep each case to the fields it is about. */
function ok(line: number, draft: QuestionDraftInput, warnings: string[] = []): ParsedQuestion {
  const defaults = { explanation: "", source: "", tags: [], difficulty: 3, ...(draft.type === "multiple" ? { partialCredit: false } : {}) };
  return { line, draft: { ...defaults, ...draft } as Extract<ParsedQuestion, { draft: unknown }>["draft"], warnings };
}

function bad(line: number, error: string, excerpt: string): ParsedQuestion {
  return { line, error, excerpt };
}

const lines = (...text: string[]) => text.join("\n");

const YEARS = ["1919年", "1921年", "1927年", "1935年"];

describe("parseNumberedText: a question set as typed in Word", () => {
  it("reads headings, numbered questions, options, answers and every field", () => {
    const text = lines(
      "2024年党史知识竞赛题库",
      "一、单选题（每题2分，共20分）",
      "（本大题共2小题）",
      "1. 中国共产党第一次全国代表大会于哪一年召开？（  ）",
      "A.1919年  B.1921年  C.1927年  D.1935年",
      "答案：B",
      "解析：1921年7月23日，中共一大在上海开幕。",
      "最后一天的会议转移到浙江嘉兴南湖的游船上举行。",
      "出处：《中国共产党简史》第一章",
      "难度：易",
      "标签：新民主主义革命时期，重要会议",
      "2．中共一大于（B）年召开",
      "A．1919 B．1921 C．1927 D．1935",
      "二、多项选择题（每题2分）",
      "3、中共一大先后在哪些地方举行？",
      "A、上海",
      "B、北京",
      "C、浙江嘉兴南湖",
      "D、广州",
      "【答案】AC",
      "三、判断题",
      "（4）中共一大最后一天的会议转移到浙江嘉兴南湖的游船上举行。（√）",
      "5) 遵义会议于1936年召开。（ ）",
      "参考答案: ×",
      "四、填空题",
      "第6题 1935年1月，中共中央政治局在贵州____召开扩大会议。",
      "答案：遵义",
      "来源：《中国共产党简史》第三章",
      "难度：2",
      "知识点：重要会议",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(4, {
        type: "single",
        stem: "中国共产党第一次全国代表大会于哪一年召开？（ ）",
        options: YEARS,
        answer: 1,
        explanation: "1921年7月23日，中共一大在上海开幕。\n最后一天的会议转移到浙江嘉兴南湖的游船上举行。",
        source: "《中国共产党简史》第一章",
        difficulty: 2,
        tags: ["新民主主义革命时期", "重要会议"],
      }),
      ok(12, { type: "single", stem: "中共一大于（ ）年召开", options: ["1919", "1921", "1927", "1935"], answer: 1 }),
      ok(15, { type: "multiple", stem: "中共一大先后在哪些地方举行？", options: ["上海", "北京", "浙江嘉兴南湖", "广州"], answer: [0, 2] }),
      ok(22, { type: "judge", stem: "中共一大最后一天的会议转移到浙江嘉兴南湖的游船上举行。", answer: true }),
      ok(23, { type: "judge", stem: "遵义会议于1936年召开。", answer: false }),
      ok(26, {
        type: "fill",
        stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议。",
        answer: [["遵义"]],
        source: "《中国共产党简史》第三章",
        difficulty: 2,
        tags: ["重要会议"],
      }),
    ]);
  });

  it("reads options in every delimiter, full-width letters, and up to H", () => {
    const text = lines(
      "1. 甲？",
      "A:一 B：二 (C)三 D)四 Ｅ．五 F、六 G.七 H．八",
      "答案：H",
      "2. 乙？",
      "（A）一",
      "（B）二",
      "答案：（B）。",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "single", stem: "甲？", options: ["一", "二", "三", "四", "五", "六", "七", "八"], answer: 7 }),
      ok(4, { type: "single", stem: "乙？", options: ["一", "二"], answer: 1 }),
    ]);
  });

  it("splits options glued together or written on the question's own line", () => {
    const text = lines(
      "1.中共一大于哪一年召开？A.1919年B.1921年C.1927年D.1935年",
      "答案：B",
      "2. 中共一大于（ A ）年召开？ A.1921年 B.1919年",
      "3. 维生素B.族的说法（ ）",
      "A. 维生素B.C都对 B. 都不对",
      "答案：B",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "single", stem: "中共一大于哪一年召开？", options: YEARS, answer: 1 }),
      ok(3, { type: "single", stem: "中共一大于（ ）年召开？", options: ["1921年", "1919年"], answer: 0 }),
      ok(4, { type: "single", stem: "维生素B.族的说法（ ）", options: ["维生素B.C都对", "都不对"], answer: 1 }),
    ]);
  });

  it("normalizes every way of marking a blank", () => {
    const text = lines("1. 甲（ ）乙（  ）丙(  )丁(　)戊____己＿＿庚()", "答案：1；2；3；4；5；6；7");
    expect(parseNumberedText(text)).toEqual([
      ok(1, {
        type: "fill",
        stem: "甲（ ）乙（ ）丙（ ）丁（ ）戊（ ）己（ ）庚（ ）",
        answer: [["1"], ["2"], ["3"], ["4"], ["5"], ["6"], ["7"]],
      }),
    ]);
  });

  it("takes fields written on one line, and an answer on the line after its label", () => {
    const text = lines(
      "1. 中共一大于哪一年召开？",
      "A.1919年 B.1921年 C.1927年 D.1935年   答案：B  解析：1921年召开。",
      "2. 遵义会议于（ ）年召开。【答案】1935【解析】1935年1月召开。【点评】常考。",
      "3. 党的根本组织原则是什么？（ ）",
      "A. 民主集中制 B. 集体领导",
      "【答案】",
      "A",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "single", stem: "中共一大于哪一年召开？", options: YEARS, answer: 1, explanation: "1921年召开。" }),
      ok(3, { type: "fill", stem: "遵义会议于（ ）年召开。", answer: [["1935"]], explanation: "1935年1月召开。\n常考。" }),
      ok(4, { type: "single", stem: "党的根本组织原则是什么？（ ）", options: ["民主集中制", "集体领导"], answer: 0 }),
    ]);
  });

  it("reads judge answers in every spelling, inline before or after the statement", () => {
    const text = lines(
      "三、判断题",
      "1. 甲。",
      "答案：对",
      "2. 乙。",
      "答案：错误",
      "3. 丙。",
      "答案：√",
      "4.（×）丁。",
      "5. 戊（ 正确 ）。",
      "6. 己。",
      "答案：F",
      "7. 庚。",
      "A. 正确  B. 错误",
      "答案：A",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(2, { type: "judge", stem: "甲。", answer: true }),
      ok(4, { type: "judge", stem: "乙。", answer: false }),
      ok(6, { type: "judge", stem: "丙。", answer: true }),
      ok(8, { type: "judge", stem: "丁。", answer: false }),
      ok(9, { type: "judge", stem: "戊。", answer: true }),
      ok(10, { type: "judge", stem: "己。", answer: false }),
      ok(12, { type: "judge", stem: "庚。", answer: true }),
    ]);
  });

  it("splits fill answers into blanks and accepted alternatives", () => {
    const text = lines(
      "1. 中共一大于（ ）年7月在（ ）召开。",
      "答案：1921；上海/上海市",
      "2. 甲（ ）乙（ ）",
      "答案：a;b",
      "3. 甲（ ）乙（ ）",
      "答案：a | b",
      "4. 甲（ ）乙（ ）丙（ ）",
      "答案：毛泽东、周恩来、朱德",
      "5. 三人是（ ）",
      "答案：毛泽东、周恩来、朱德",
      "6. 会议在（ ）召开。",
      "答案：遵义或遵义市",
      "7. 团结是（ ）的。",
      "答案：不可或缺",
      "8. 甲（ ）乙（ ）",
      "答案：①遵义 ②瑞金／江西瑞金",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "fill", stem: "中共一大于（ ）年7月在（ ）召开。", answer: [["1921"], ["上海", "上海市"]] }),
      ok(3, { type: "fill", stem: "甲（ ）乙（ ）", answer: [["a"], ["b"]] }),
      ok(5, { type: "fill", stem: "甲（ ）乙（ ）", answer: [["a"], ["b"]] }),
      ok(7, { type: "fill", stem: "甲（ ）乙（ ）丙（ ）", answer: [["毛泽东"], ["周恩来"], ["朱德"]] }),
      ok(9, { type: "fill", stem: "三人是（ ）", answer: [["毛泽东、周恩来、朱德"]] }),
      ok(11, { type: "fill", stem: "会议在（ ）召开。", answer: [["遵义", "遵义市"]] }),
      ok(13, { type: "fill", stem: "团结是（ ）的。", answer: [["不可或缺"]] }),
      ok(15, { type: "fill", stem: "甲（ ）乙（ ）", answer: [["遵义"], ["瑞金", "江西瑞金"]] }),
    ]);
  });

  it("takes a 填空题's answers from its parentheses when it has no answer line, and says so", () => {
    const text = lines("四、填空题", "1. 中共一大于（1921）年在（上海）召开。");
    expect(parseNumberedText(text)).toEqual([
      ok(2, { type: "fill", stem: "中共一大于（ ）年在（ ）召开。", answer: [["1921"], ["上海"]] }, ["答案取自题干括号里的文字，请核对"]),
    ]);
  });

  it("keeps a numbered list inside an explanation and （1）（2） items inside a stem", () => {
    const text = lines(
      "1. 下列说法正确的是（ ）",
      "（1）中共一大在上海开幕",
      "（2）中共一大在北京开幕",
      "A.（1） B.（2）",
      "答案：A",
      "解析：理由如下：",
      "1. 开幕在上海；",
      "2. 闭幕在嘉兴南湖。",
      "2. 遵义会议于（ ）年召开。",
      "答案：1935",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(1, {
        type: "single",
        stem: "下列说法正确的是（ ）\n（1）中共一大在上海开幕\n（2）中共一大在北京开幕",
        options: ["（1）", "（2）"],
        answer: 0,
        explanation: "理由如下：\n1. 开幕在上海；\n2. 闭幕在嘉兴南湖。",
      }),
      ok(9, { type: "fill", stem: "遵义会议于（ ）年召开。", answer: [["1935"]] }),
    ]);
  });

  it("reads difficulty as 1–5, 易/中/难 or stars, and warns about anything else", () => {
    const question = (n: number, difficulty: string) => `${n}. 题${n}（√）\n难度：${difficulty}`;
    const text = [question(1, "5"), question(2, "中"), question(3, "难"), question(4, "★★★★"), question(5, "很难很难")].join("\n");
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "judge", stem: "题1", answer: true, difficulty: 5 }),
      ok(3, { type: "judge", stem: "题2", answer: true, difficulty: 3 }),
      ok(5, { type: "judge", stem: "题3", answer: true, difficulty: 4 }),
      ok(7, { type: "judge", stem: "题4", answer: true, difficulty: 4 }),
      ok(9, { type: "judge", stem: "题5", answer: true }, ["难度“很难很难”无法识别（应为 1–5 或 易、中、难），已按 3 处理"]),
    ]);
  });

  it("warns about a line after the answer that belongs to no part of the question", () => {
    const text = lines("1. 甲（√）", "难度：2", "本题来自某某题库", "2. 乙（×）");
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "judge", stem: "甲", answer: true, difficulty: 2 }, ["“本题来自某某题库”不属于题目的任何部分，已忽略"]),
      ok(4, { type: "judge", stem: "乙", answer: false }),
    ]);
  });
});

describe("parseNumberedText: without headings or numbers", () => {
  it("infers each type from options, answer and blanks", () => {
    const text = lines(
      "1. 中共一大于哪一年召开？",
      "A.1919年 B.1921年 C.1927年 D.1935年",
      "答案：B",
      "2. 中共一大先后在哪些地方举行？",
      "A.上海 B.北京 C.浙江嘉兴南湖 D.广州",
      "答案：A、C",
      "3. 中共一大最后一天的会议转移到浙江嘉兴南湖的游船上举行。",
      "答案：正确",
      "4. 遵义会议于1935年召开。（ ）",
      "答案：对",
      "5. 遵义会议在贵州（ ）召开。",
      "答案：遵义",
      "6. 遵义会议在贵州（ ）召开。",
      "答案：是",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "single", stem: "中共一大于哪一年召开？", options: YEARS, answer: 1 }),
      ok(4, { type: "multiple", stem: "中共一大先后在哪些地方举行？", options: ["上海", "北京", "浙江嘉兴南湖", "广州"], answer: [0, 2] }),
      ok(7, { type: "judge", stem: "中共一大最后一天的会议转移到浙江嘉兴南湖的游船上举行。", answer: true }),
      ok(9, { type: "judge", stem: "遵义会议于1935年召开。", answer: true }),
      ok(11, { type: "fill", stem: "遵义会议在贵州（ ）召开。", answer: [["遵义"]] }),
      ok(13, { type: "fill", stem: "遵义会议在贵州（ ）召开。", answer: [["是"]] }),
    ]);
  });

  it("tells unnumbered questions apart by what follows them (a Word list's numbers lost in copying)", () => {
    const text = lines(
      "中共一大于哪一年召开？",
      "A.1919年 B.1921年 C.1927年 D.1935年",
      "答案：B",
      "解析：1921年7月召开。",
      "遵义会议在哪里召开？",
      "A. 贵州遵义 B. 江西瑞金",
      "答案：A",
      "中共一大最后一天的会议在嘉兴南湖的游船上举行。（√）",
      "1935年1月，中共中央政治局在贵州（ ）召开扩大会议。",
      "答案：遵义",
      "中共一大于（B）年召开",
      "A.1919 B.1921",
      "古田会议于（C）年召开",
      "A.1927 B.1928 C.1929",
    );
    expect(parseNumberedText(text)).toEqual([
      ok(1, { type: "single", stem: "中共一大于哪一年召开？", options: YEARS, answer: 1, explanation: "1921年7月召开。" }),
      ok(5, { type: "single", stem: "遵义会议在哪里召开？", options: ["贵州遵义", "江西瑞金"], answer: 0 }),
      ok(8, { type: "judge", stem: "中共一大最后一天的会议在嘉兴南湖的游船上举行。", answer: true }),
      ok(9, { type: "fill", stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议。", answer: [["遵义"]] }),
      ok(11, { type: "single", stem: "中共一大于（ ）年召开", options: ["1919", "1921"], answer: 1 }),
      ok(13, { type: "single", stem: "古田会议于（ ）年召开", options: ["1927", "1928", "1929"], answer: 2 }),
    ]);
  });

  it("stays linear on long runs of plain text: a pasted article, a runaway stem", () => {
    // Workers freeze the clock during synchronous work, so the test's timeout is what guards this:
    // the quadratic reading this replaced took minutes here.
    expect(parseNumberedText(Array.from({ length: 50_000 }, () => "没有结构的一段正文").join("\n"))).toEqual([]);
    const runaway = ["1. 题干（ ）", ...Array.from({ length: 50_000 }, () => "还是题干（ ）"), "答案：甲"].join("\n");
    expect(parseNumberedText(runaway)).toEqual([bad(1, "不能超过 2000 个字；题干中有 50001 个空（ ），答案给了 1 个", expect.any(String))]);
  });

  it("reads CRLF and a BOM, and finds nothing in empty text or a title alone", () => {
    expect(parseNumberedText("\uFEFF1. 甲（√）\r\n2. 乙（×）\r\n")).toEqual([
      ok(1, { type: "judge", stem: "甲", answer: true }),
      ok(2, { type: "judge", stem: "乙", answer: false }),
    ]);
    expect(parseNumberedText("")).toEqual([]);
    expect(parseNumberedText("\n\n  \n")).toEqual([]);
    expect(parseNumberedText("党史知识竞赛题库\n一、单选题\n（共0题）")).toEqual([]);
  });
});

describe("parseNumberedText: questions that cannot be imported", () => {
  it("says what is missing or wrong, at the line where the question starts", () => {
    const text = lines(
      "一、单选题",
      "1. 没有答案？",
      "A.甲 B.乙",
      "2. 答案超出选项？",
      "A.甲 B.乙 C.丙",
      "答案：E",
      "3. 单选给了两个答案？",
      "A.甲 B.乙 C.丙",
      "答案：AB",
      "A.只有选项 B.乙",
      "答案：A",
      "4. 缺少选项 B？",
      "A.甲",
      "C.丙",
      "答案：A",
      "5. 没有选项？",
      "答案：A",
      "6. 答案不是字母？",
      "A.甲 B.乙",
      "答案：甲",
      "二、填空题",
      "7. 空数不符（ ）和（ ）",
      "答案：甲",
      "8. 没有空",
      "答案：甲",
      "三、判断题",
      "9. 判断题答了字母。",
      "答案：B",
      "10. 判断题带选项。",
      "A.甲 B.乙",
      "答案：对",
    );
    expect(parseNumberedText(text)).toEqual([
      bad(2, "缺少答案：请加一行“答案：…”，或把答案写在题干的括号里", "1. 没有答案？\nA.甲 B.乙"),
      bad(4, "答案“E”不在选项 A–C 之中", "2. 答案超出选项？\nA.甲 B.乙 C.丙\n答案：E"),
      bad(7, "单选题只能有一个答案，这里是“AB”", "3. 单选给了两个答案？\nA.甲 B.乙 C.丙\n答案：AB"),
      bad(10, "缺少题干：选项前面要先写题目", "A.只有选项 B.乙\n答案：A"),
      bad(12, "缺少选项 B", "4. 缺少选项 B？\nA.甲\nC.丙\n答案：A"),
      bad(16, "选择题缺少选项（如“A. …”）", "5. 没有选项？\n答案：A"),
      bad(18, "答案“甲”不是选项字母（如 B 或 ACD）", "6. 答案不是字母？\nA.甲 B.乙\n答案：甲"),
      bad(22, "题干中有 2 个空（ ），答案给了 1 个", "7. 空数不符（ ）和（ ）\n答案：甲"),
      bad(24, "填空题的题干里没有空：请用（ ）或 ____ 标出要填的地方", "8. 没有空\n答案：甲"),
      bad(27, "判断题的答案应为“对”或“错”（也可写 √ ×、正确 错误），这里是“B”", "9. 判断题答了字母。\n答案：B"),
      bad(29, "判断题不应有选项", "10. 判断题带选项。\nA.甲 B.乙\n答案：对"),
    ]);
  });

  it("reports what the question model rejects, and untypable or doubly answered questions", () => {
    const text = lines(
      "1. 多选只有一个答案？",
      "题型：多选题",
      "A.甲 B.乙",
      "答案：A",
      "2. 选项重复？",
      "A.甲 B.甲",
      "答案：A",
      "3. 看不出题型",
      "答案：甲",
      "4. 答案写了两次（ ）",
      "答案：A",
      "A.甲 B.乙",
      "答案：B",
      "5. 题型写错",
      "题型：问答题",
      "答案：甲",
    );
    expect(parseNumberedText(text)).toEqual([
      bad(1, "多选题至少要有 2 个正确选项", "1. 多选只有一个答案？\n题型：多选题\nA.甲 B.乙\n答案：A"),
      bad(5, "选项“甲”重复", "2. 选项重复？\nA.甲 B.甲\n答案：A"),
      bad(8, "无法判断题型：没有选项，题干里也没有用（ ）或 ____ 标出的空", "3. 看不出题型\n答案：甲"),
      bad(10, "答案写了两次：“A”和“B”", "4. 答案写了两次（ ）\n答案：A\nA.甲 B.乙\n答案：B"),
      bad(14, "题型“问答题”无法识别，应为单选题、多选题、判断题或填空题", "5. 题型写错\n题型：问答题\n答案：甲"),
    ]);
  });

  it("refuses more than 5000 questions", () => {
    const many = (count: number) => Array.from({ length: count }, (_, i) => `${i + 1}. 题${i + 1}（√）`).join("\n");
    expect(parseNumberedText(many(5000))).toHaveLength(5000);
    expect(() => parseNumberedText(many(5001))).toThrow(QuestionFileError);
    try {
      parseNumberedText(many(5001));
    } catch (error) {
      expect({ key: (error as QuestionFileError).key, params: (error as QuestionFileError).params }).toEqual({
        key: "import.tooManyRows",
        params: { max: 5000 },
      });
    }
  });
});

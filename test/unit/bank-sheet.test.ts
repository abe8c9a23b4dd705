import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { QuestionFileError } from "../../worker/features/bank/formats/numbered-text";
import { buildQuestionTemplate, parseQuestionSheet } from "../../worker/features/bank/formats/sheet";
import type { ParsedQuestion, QuestionDraftInput } from "../../worker/features/bank/question";

function ok(line: number, draft: QuestionDraftInput, warnings: string[] = []): ParsedQuestion {
  const defaults = { explanation: "", source: "", tags: [], difficulty: 3, ...(draft.type === "multiple" ? { partialCredit: false } : {}) };
  return { line, draft: { ...defaults, ...draft } as Extract<ParsedQuestion, { draft: unknown }>["draft"], warnings };
}

function bad(line: number, error: string, excerpt: string): ParsedQuestion {
  return { line, error, excerpt };
}

/** Fixtures come from exceljs' package entry, a different build from the one the parser loads. */
async function xlsx(
  rows: ExcelJS.CellValue[][],
  edit?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("题库");
  for (const values of rows) sheet.addRow(values);
  edit?.(sheet, workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const utf8 = (text: string) => new TextEncoder().encode(text);

async function failure(promise: Promise<unknown>): Promise<{ key: string; params: Record<string, string | number> }> {
  try {
    const result = await promise;
    throw new Error(`expected a QuestionFileError, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (!(error instanceof QuestionFileError)) throw error;
    return { key: error.key, params: error.params };
  }
}

const HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "标签", "难度", "出处"];
const YEARS = ["1919年", "1921年", "1927年", "1935年"];

describe("parseQuestionSheet: xlsx", () => {
  it("reads one question per row under Chinese headers, numbering rows as Excel does", async () => {
    const file = await xlsx([
      HEADER,
      [
        "单选题",
        "中国共产党第一次全国代表大会于哪一年召开？",
        ...YEARS,
        "B",
        "1921年7月23日召开。",
        "新民主主义革命时期，重要会议",
        1,
        "《中国共产党简史》第一章",
      ],
      ["多选", "中共一大先后在哪些地方举行？", "上海", "北京", "浙江嘉兴南湖", "广州", "AC", "", "重要会议、党史;重要会议", 2, ""],
      [],
      ["判断题", "遵义会议于1935年1月召开。", null, null, null, null, true, "", "", null, ""],
      ["填空题", "中共一大于（ ）年7月在（  ）开幕。", null, null, null, null, "1921|上海/上海市", "", "", "", ""],
      ["judge", "中共一大在北京召开。", null, null, null, null, "错", "", "", "", ""],
      ["fill", "遵义会议的召开地是____。", null, null, null, null, 1935, "", "", "", ""],
    ]);
    expect(await parseQuestionSheet(file, "题库.xlsx")).toEqual([
      ok(2, {
        type: "single",
        stem: "中国共产党第一次全国代表大会于哪一年召开？",
        options: YEARS,
        answer: 1,
        explanation: "1921年7月23日召开。",
        tags: ["新民主主义革命时期", "重要会议"],
        difficulty: 1,
        source: "《中国共产党简史》第一章",
      }),
      ok(3, {
        type: "multiple",
        stem: "中共一大先后在哪些地方举行？",
        options: ["上海", "北京", "浙江嘉兴南湖", "广州"],
        answer: [0, 2],
        tags: ["重要会议", "党史"],
        difficulty: 2,
      }),
      ok(5, { type: "judge", stem: "遵义会议于1935年1月召开。", answer: true }),
      ok(6, { type: "fill", stem: "中共一大于（ ）年7月在（ ）开幕。", answer: [["1921"], ["上海", "上海市"]] }),
      ok(7, { type: "judge", stem: "中共一大在北京召开。", answer: false }),
      ok(8, { type: "fill", stem: "遵义会议的召开地是（ ）。", answer: [["1935"]] }),
    ]);
  });

  it("reads English headers in any order, without a type column, inferring the type", async () => {
    const file = await xlsx([
      ["Answer", "Option B", "Question", "Option A", "Option C", "Explanation", "Difficulty", "Tags", "Source"],
      ["b", "1921年", "中共一大于哪一年召开？", "1919年", "1927年", "", "", "", ""],
      ["AC", "北京", "中共一大先后在哪些地方举行？", "上海", "浙江嘉兴南湖", "", "", "", ""],
      ["√", "", "中共一大最后一天的会议在嘉兴南湖的游船上举行。", "", "", "", "", "", ""],
      ["遵义", "", "遵义会议在贵州（ ）召开。", "", "", "", "", "", ""],
    ]);
    expect(await parseQuestionSheet(file, "BANK.XLSX")).toEqual([
      ok(2, { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年", "1927年"], answer: 1 }),
      ok(3, { type: "multiple", stem: "中共一大先后在哪些地方举行？", options: ["上海", "北京", "浙江嘉兴南湖"], answer: [0, 2] }),
      ok(4, { type: "judge", stem: "中共一大最后一天的会议在嘉兴南湖的游船上举行。", answer: true }),
      ok(5, { type: "fill", stem: "遵义会议在贵州（ ）召开。", answer: [["遵义"]] }),
    ]);
  });

  it("reads all options from one 选项 column, lettered or separated by | or line breaks", async () => {
    const file = await xlsx([
      ["题干", "选项", "答案"],
      ["中共一大于哪一年召开？", "A.1919年 B.1921年 C.1927年 D.1935年", "B"],
      ["遵义会议于哪一年召开？", "A．1935年\nB．1936年", "A"],
      ["古田会议于哪一年召开？", "1928年|1929年", "B"],
      ["党的根本组织原则是？", "民主集中制\n集体领导", "A"],
    ]);
    expect(await parseQuestionSheet(file, "a.xlsx")).toEqual([
      ok(2, { type: "single", stem: "中共一大于哪一年召开？", options: YEARS, answer: 1 }),
      ok(3, { type: "single", stem: "遵义会议于哪一年召开？", options: ["1935年", "1936年"], answer: 0 }),
      ok(4, { type: "single", stem: "古田会议于哪一年召开？", options: ["1928年", "1929年"], answer: 1 }),
      ok(5, { type: "single", stem: "党的根本组织原则是？", options: ["民主集中制", "集体领导"], answer: 0 }),
    ]);
  });

  it("keeps a stem's full-width punctuation and line breaks, dropping only invisible marks and outer spaces", async () => {
    const file = await xlsx([
      ["题干", "答案", "选项A", "选项B"],
      ["  \u200B阅读材料：“……”\n根据材料，下列说法正确的是（ ）\uFEFF ", "A", "ＡＢＣ，甲", "乙"],
    ]);
    expect(await parseQuestionSheet(file, "a.xlsx")).toEqual([
      ok(2, { type: "single", stem: "阅读材料：“……”\n根据材料，下列说法正确的是（ ）", options: ["ＡＢＣ，甲", "乙"], answer: 0 }),
    ]);
  });

  it("finds the header below a title, skips hidden sheets, and reads rich text and formulas", async () => {
    const file = await xlsx([["说明：请在“题目”表中填写"]], (_, workbook) => {
      const hidden = workbook.addWorksheet("旧题", { state: "hidden" });
      hidden.addRow(["题干", "答案"]);
      hidden.addRow(["旧题（√）", "对"]);
      const questions = workbook.addWorksheet("题目");
      questions.addRow(["2024年党史知识竞赛题库"]);
      questions.mergeCells("A1:C1");
      questions.addRow([]);
      questions.addRow(["题干", "答案", "难度"]);
      questions.addRow([
        { richText: [{ text: "遵义会议于", font: { bold: true } }, { text: "1935年召开。" }] },
        "对",
        { formula: "1+2", result: 3 },
      ]);
    });
    expect(await parseQuestionSheet(file, "a.xlsx")).toEqual([
      ok(4, { type: "judge", stem: "遵义会议于1935年召开。", answer: true, difficulty: 3 }),
    ]);
  });

  it("reports each row that cannot be imported, with the reason and the row's cells", async () => {
    const file = await xlsx([
      HEADER,
      ["单选题", "没有答案？", "甲", "乙", null, null, "", "", "", "", ""],
      ["问答题", "题型不认识", null, null, null, null, "甲", "", "", "", ""],
      ["单选题", "答案超出？", "甲", "乙", null, null, "C", "", "", "", ""],
      ["", "缺少选项 B？", "甲", null, "丙", null, "A", "", "", "", ""],
      ["填空题", "空数不符（ ）（ ）", null, null, null, null, "甲", "", "", "", ""],
      ["", "看不出题型", null, null, null, null, "甲", "", "", "", ""],
      ["", "", "甲", "乙", null, null, "A", "", "", "", ""],
      ["判断题", "难度不认识。", null, null, null, null, "对", "", "", "很难很难", ""],
    ]);
    expect(await parseQuestionSheet(file, "a.xlsx")).toEqual([
      bad(2, "缺少答案", "单选题 | 没有答案？ | 甲 | 乙"),
      bad(3, "题型“问答题”无法识别，应为单选题、多选题、判断题或填空题", "问答题 | 题型不认识 | 甲"),
      bad(4, "答案“C”不在选项 A–B 之中", "单选题 | 答案超出？ | C | 甲 | 乙"),
      bad(5, "缺少选项 B", "缺少选项 B？ | A | 甲 | 丙"),
      bad(6, "题干中有 2 个空（ ），答案给了 1 个", "填空题 | 空数不符（ ）（ ） | 甲"),
      bad(7, "无法判断题型：没有选项，题干里也没有用（ ）或 ____ 标出的空", "看不出题型 | 甲"),
      bad(8, "缺少题干：选项前面要先写题目", "A | 甲 | 乙"),
      ok(9, { type: "judge", stem: "难度不认识。", answer: true }, ["难度“很难很难”无法识别（应为 1–5 或 易、中、难），已按 3 处理"]),
    ]);
  });

  it("names the missing required columns", async () => {
    expect(
      await failure(
        parseQuestionSheet(
          await xlsx([
            ["题干", "选项A"],
            ["甲", "乙"],
          ]),
          "a.xlsx",
        ),
      ),
    ).toEqual({
      key: "import.missingColumns",
      params: { columns: "答案" },
    });
    expect(
      await failure(
        parseQuestionSheet(
          await xlsx([
            ["姓名", "手机号"],
            ["张三", "13800000001"],
          ]),
          "a.xlsx",
        ),
      ),
    ).toEqual({
      key: "import.missingColumns",
      params: { columns: "题干、答案" },
    });
  });

  it("finds no questions in an empty workbook, a header alone or a zero-byte file", async () => {
    expect(await parseQuestionSheet(await xlsx([]), "a.xlsx")).toEqual([]);
    expect(await parseQuestionSheet(await xlsx([HEADER, [], [null, ""]]), "a.xlsx")).toEqual([]);
    expect(await parseQuestionSheet(new Uint8Array(), "a.xlsx")).toEqual([]);
  });

  it("refuses bytes that are not a workbook, and other file types", async () => {
    expect(await failure(parseQuestionSheet(utf8("题干,答案\n甲（√）,对\n"), "题库.xlsx"))).toEqual({
      key: "import.unreadable",
      params: { reason: "文件内容不是 .xlsx 工作簿" },
    });
    const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8("not really a zip archive")]);
    expect(await failure(parseQuestionSheet(brokenZip, "题库.xlsx"))).toEqual({
      key: "import.unreadable",
      params: { reason: "工作簿已损坏或不是 Excel 文件，请在 Excel 中打开后重新保存" },
    });
    expect(await failure(parseQuestionSheet(await xlsx([["题干", "答案"]]), "题库.csv"))).toEqual({
      key: "import.unreadable",
      params: { reason: "文件内容是 Excel 工作簿，请把扩展名改为 .xlsx 后上传" },
    });
    for (const name of ["题库.xls", "题库.docx", "题库"]) {
      expect(await failure(parseQuestionSheet(await xlsx([["题干", "答案"]]), name))).toEqual({ key: "import.fileType", params: {} });
    }
  });
});

describe("parseQuestionSheet: csv", () => {
  const text = "题型,题干,选项A,选项B,答案\r\n单选题,中共一大于哪一年召开？,1919年,1921年,B\r\n判断题,遵义会议于1935年召开。,,,对\r\n";
  const expected = [
    ok(2, { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年"], answer: 1 }),
    ok(3, { type: "judge", stem: "遵义会议于1935年召开。", answer: true }),
  ];

  it("reads UTF-8 with or without a BOM, and GBK", async () => {
    expect(await parseQuestionSheet(utf8(text), "a.csv")).toEqual(expected);
    expect(await parseQuestionSheet(utf8(`\uFEFF${text}`), "a.CSV")).toEqual(expected);
    const gbk = new Uint8Array(iconv.encode(text, "gbk"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    expect(await parseQuestionSheet(gbk, "a.csv")).toEqual(expected);
  });

  it("reads quoted cells with commas and line breaks, numbering rows as Excel shows them", async () => {
    const file = utf8(
      '题干,答案\n"阅读材料：\n“甲，乙”。以上说法（ ）",对\n\n"中共一大于（ ）年召开，地点在（ ）。","1921|上海, 上海市"\n',
    );
    expect(await parseQuestionSheet(file, "a.csv")).toEqual([
      ok(2, { type: "judge", stem: "阅读材料：\n“甲，乙”。以上说法", answer: true }),
      ok(4, { type: "fill", stem: "中共一大于（ ）年召开，地点在（ ）。", answer: [["1921"], ["上海, 上海市"]] }),
    ]);
  });

  it("refuses 5001 question rows", async () => {
    const rows = (count: number) => ["题干,答案", ...Array.from({ length: count }, (_, i) => `题${i}（ ）,甲${i}`)].join("\n");
    expect(await parseQuestionSheet(utf8(rows(5000)), "a.csv")).toHaveLength(5000);
    expect(await failure(parseQuestionSheet(utf8(rows(5001)), "a.csv"))).toEqual({ key: "import.tooManyRows", params: { max: 5000 } });
  });

  it("says where a quote is left open", async () => {
    expect(await failure(parseQuestionSheet(utf8('题干,答案\n"甲（√）,对\n乙（×）,错\n'), "a.csv"))).toEqual({
      key: "import.unreadable",
      params: { reason: "第 2 行的引号没有成对" },
    });
  });
});

describe("buildQuestionTemplate", () => {
  const examples = [
    ok(2, {
      type: "single",
      stem: "中国共产党第一次全国代表大会于哪一年召开？",
      options: YEARS,
      answer: 1,
      explanation: "1921年7月23日，中国共产党第一次全国代表大会在上海开幕，最后一天的会议转移到浙江嘉兴南湖的游船上举行。",
      tags: ["新民主主义革命时期", "重要会议"],
      difficulty: 1,
      source: "《中国共产党简史》第一章",
    }),
    ok(3, {
      type: "multiple",
      stem: "中国共产党第一次全国代表大会先后在哪些地方举行？",
      options: ["上海", "北京", "浙江嘉兴南湖", "广州"],
      answer: [0, 2],
      explanation: "1921年7月23日，中国共产党第一次全国代表大会在上海开幕，最后一天的会议转移到浙江嘉兴南湖的游船上举行。",
      tags: ["新民主主义革命时期", "重要会议"],
      difficulty: 2,
      source: "《中国共产党简史》第一章",
    }),
    ok(4, {
      type: "judge",
      stem: "1935年1月召开的遵义会议，在最危急关头挽救了党、挽救了红军、挽救了中国革命。",
      answer: true,
      explanation: "遵义会议事实上确立了毛泽东同志在党中央和红军的领导地位，在最危急关头挽救了党、挽救了红军、挽救了中国革命。",
      tags: ["新民主主义革命时期", "重要会议"],
      difficulty: 2,
      source: "《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
    }),
    ok(5, {
      type: "fill",
      stem: "中国共产党第一次全国代表大会于（ ）年7月在（ ）开幕。",
      answer: [["1921"], ["上海", "上海市"]],
      explanation: "1921年7月23日，中国共产党第一次全国代表大会在上海开幕，最后一天的会议转移到浙江嘉兴南湖的游船上举行。",
      tags: ["新民主主义革命时期", "重要会议"],
      difficulty: 2,
      source: "《中国共产党简史》第一章",
    }),
  ];

  it("writes an xlsx whose example rows import as one question of each type, with a sheet of instructions", async () => {
    const bytes = await buildQuestionTemplate("xlsx");
    expect(await parseQuestionSheet(bytes, "template.xlsx")).toEqual(examples);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["题目", "填写说明"]);
    expect(workbook.getWorksheet("题目")?.getRow(1).values).toEqual([
      undefined,
      "题型",
      "题干",
      "选项A",
      "选项B",
      "选项C",
      "选项D",
      "选项E",
      "选项F",
      "选项G",
      "选项H",
      "答案",
      "解析",
      "标签",
      "难度",
      "出处",
    ]);
    expect(workbook.getWorksheet("填写说明")?.getCell("A5").value).toBe("答案");
  });

  it("writes a CSV in UTF-8 with a BOM and CRLF that imports the same examples", async () => {
    const bytes = await buildQuestionTemplate("csv");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.split("\r\n")[0]).toBe("\uFEFF题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,解析,标签,难度,出处");
    expect(await parseQuestionSheet(bytes, "template.csv")).toEqual(examples);
  });
});

import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { BankExportSchema, ImportPreviewSchema } from "../../worker/features/bank/bank.schema";
import type { QuestionDraft, QuestionDraftInput } from "../../worker/features/bank/question";
import { addQuestion, bankState, count, createBank, DRAFTS, expectBanksUnchanged, type QuestionBody, singleDraft } from "../helpers/banks";
import { auditOf } from "../helpers/db-state";
import { createUser, createWorld, loginAs } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";
import { zipBomb } from "../helpers/zip";

type Preview = z.infer<typeof ImportPreviewSchema>;
type Item = Preview["items"][number];
type BankExport = z.infer<typeof BankExportSchema>;

const FORBIDDEN = errorEnvelope("FORBIDDEN", "您没有权限进行此操作");
const BANK_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该题库");
const IMPORT_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该导入预览，或已过期，请重新上传");
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Every format the importer reads, named when it finds nothing it can read. */
const IMPORT_EMPTY =
  "文件中没有读到试题。支持的格式：Excel 表格（.xlsx、.csv，按导入模板填写）、Word 文档（.docx）、编号文本（.txt 或直接粘贴，如“1. 题干”“A. 选项”“答案：B”）、GIFT、Aiken 和链学题库导出的 JSON";
const ZIP_TOO_LARGE = "文件解压后超过 50 MB，不像是正常的 Office 文件；请删除多余的内容（如图片、隐藏的工作表）后重新保存再上传";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// ---------------------------------------------------------------------------------------------
// The same four questions (one of each type) in every format, and how each format writes them.

const EXPLAIN = {
  single: DRAFTS.single.explanation,
  multiple: DRAFTS.multiple.explanation,
  judge: DRAFTS.judge.explanation,
  fill: DRAFTS.fill.explanation,
};

/** A draft as the API returns it: every default filled in. */
function full(draft: QuestionDraftInput): QuestionDraft {
  const defaults = { explanation: "", source: "", tags: [], difficulty: 3, ...(draft.type === "multiple" ? { partialCredit: false } : {}) };
  return { ...defaults, ...draft } as QuestionDraft;
}

/** Sheets, text and Word have no partial-credit column: a multiple-choice question is all or nothing. */
const FOUR: QuestionDraft[] = [
  full(DRAFTS.single),
  full({ ...DRAFTS.multiple, partialCredit: false }),
  full(DRAFTS.judge),
  full(DRAFTS.fill),
];

const HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "标签", "难度", "出处"];

function sheetRow(q: QuestionDraftInput, answer: string, type: string): string[] {
  const options = "options" in q ? [...q.options] : [];
  while (options.length < 4) options.push("");
  return [type, q.stem, ...options, answer, q.explanation ?? "", (q.tags ?? []).join("，"), String(q.difficulty ?? ""), q.source ?? ""];
}

const SHEET_ROWS = [
  sheetRow(DRAFTS.single, "B", "单选题"),
  sheetRow(DRAFTS.multiple, "ABC", "多选题"),
  sheetRow(DRAFTS.judge, "对", "判断题"),
  sheetRow(DRAFTS.fill, "遵义/遵义市", "填空题"),
];
/** Answer E of four options. */
const BAD_SHEET_ROW = sheetRow({ ...DRAFTS.single, stem: "遵义会议于哪一年召开？" }, "E", "单选题");

async function xlsxFile(rows: string[][], name = "题库.xlsx"): Promise<File> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("题目");
  for (const values of [HEADER, ...rows]) sheet.addRow(values);
  return new File([new Uint8Array(await workbook.xlsx.writeBuffer())], name, { type: XLSX });
}

function csvText(rows: string[][], header = HEADER): string {
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${[header, ...rows].map((cells) => cells.map(cell).join(",")).join("\r\n")}\r\n`;
}

function csvFile(rows: string[][], encoding: "utf8" | "gbk" = "utf8", name = "题库.csv"): File {
  const text = csvText(rows);
  const bytes = encoding === "gbk" ? new Uint8Array(iconv.encode(text, "gbk")) : new TextEncoder().encode(text);
  return new File([bytes], name, { type: "text/csv" });
}

/** The numbered layout Chinese question sets are typed in, with section headings. */
const NUMBERED_LINES = [
  "党史知识测试题",
  "一、单选题",
  "1. 中国共产党第一次全国代表大会于哪一年召开？",
  "A. 1919年  B. 1921年  C. 1927年  D. 1935年",
  "答案：B",
  `解析：${EXPLAIN.single}`,
  "出处：《中国共产党简史》第一章",
  "标签：新民主主义革命时期，重要会议",
  "难度：1",
  "二、多选题",
  "2. “三会一课”中的“三会”是指（ ）。",
  "A. 支部党员大会",
  "B. 支部委员会",
  "C. 党小组会",
  "D. 职工代表大会",
  "答案：ABC",
  `解析：${EXPLAIN.multiple}`,
  "出处：《中国共产党支部工作条例（试行）》第十五条",
  "标签：党的基本知识，组织生活",
  "难度：2",
  "三、判断题",
  "3. 预备党员的预备期为一年。",
  "答案：对",
  `解析：${EXPLAIN.judge}`,
  "出处：《中国共产党章程》第七条",
  "标签：党章",
  "难度：1",
  "四、填空题",
  "4. 1935年1月，中共中央政治局在贵州（ ）召开扩大会议。",
  "答案：遵义/遵义市",
  `解析：${EXPLAIN.fill}`,
  "出处：《中国共产党简史》第三章",
  "标签：新民主主义革命时期，重要会议",
  "难度：2",
];
/** Where each question starts (1-based) in NUMBERED_LINES. */
const NUMBERED_STARTS = [3, 11, 22, 29];
/** A fifth question, answered with a letter it does not have. */
const BAD_NUMBERED = ["五、单选题", "5. 遵义会议于哪一年召开？", "A. 1934年  B. 1935年", "答案：E"];

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const xmlText = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A minimal .docx as Word writes one: content types, the package relationship and the document, a paragraph per line. */
async function docxFile(lines: string[], name = "题库.docx"): Promise<File> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  const body = lines.map((line) => `<w:p><w:r><w:t xml:space="preserve">${xmlText(line)}</w:t></w:r></w:p>`).join("");
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`);
  return new File([new Uint8Array(await zip.generateAsync({ type: "uint8array" }))], name, { type: DOCX });
}

/** GIFT: categories become tags, #### general feedback the explanation, equal weights a many-answer question with partial credit. */
const GIFT_LINES = [
  "// 党史知识题库",
  "$CATEGORY: 新民主主义革命时期/重要会议",
  "",
  `::一大:: 中国共产党第一次全国代表大会于哪一年召开？{~1919年 =1921年 ~1927年 ~1935年 ####${EXPLAIN.single}}`,
  "",
  "$CATEGORY: 党的基本知识/组织生活",
  "",
  `“三会一课”中的“三会”是指（ ）。{~%33.33333%支部党员大会 ~%33.33333%支部委员会 ~%33.33333%党小组会 ~%-100%职工代表大会 ####${EXPLAIN.multiple}}`,
  "",
  "$CATEGORY: 党章",
  "",
  `预备党员的预备期为一年。{T ####${EXPLAIN.judge}}`,
  "",
  "$CATEGORY: 新民主主义革命时期/重要会议",
  "",
  `1935年1月，中共中央政治局在贵州{=遵义 =遵义市 ####${EXPLAIN.fill}}召开扩大会议。`,
];
const GIFT_STARTS = [4, 8, 12, 16];
const GIFT_DRAFTS: QuestionDraft[] = [
  full({ ...DRAFTS.single, source: "", difficulty: 3 }),
  full({ ...DRAFTS.multiple, partialCredit: true, source: "", difficulty: 3 }),
  full({ ...DRAFTS.judge, source: "", difficulty: 3 }),
  full({ ...DRAFTS.fill, source: "", difficulty: 3 }),
];
/** A matching question, which the platform has no model for. */
const BAD_GIFT = ["", "请将会议与地点配对。{=中共一大 -> 上海 =遵义会议 -> 遵义}"];

/** Aiken has single choice only (and ANSWER: ABC for several); no tags, explanation or source. */
const AIKEN_LINES = [
  "中国共产党第一次全国代表大会于哪一年召开？",
  "A. 1919年",
  "B. 1921年",
  "C. 1927年",
  "D. 1935年",
  "ANSWER: B",
  "",
  "“三会一课”中的“三会”是指（ ）。",
  "A. 支部党员大会",
  "B. 支部委员会",
  "C. 党小组会",
  "D. 职工代表大会",
  "ANSWER: ABC",
];
const AIKEN_STARTS = [1, 8];
const AIKEN_DRAFTS: QuestionDraft[] = [
  full({ type: "single", stem: DRAFTS.single.stem, options: DRAFTS.single.options, answer: 1 }),
  full({ type: "multiple", stem: DRAFTS.multiple.stem, options: DRAFTS.multiple.options, answer: [0, 1, 2] }),
];
const BAD_AIKEN = ["", "遵义会议于哪一年召开？", "A. 1934年", "B. 1935年", "ANSWER: E"];

function jsonExport(questions: { key?: string | null; status?: string; draft: unknown }[]): string {
  return JSON.stringify({
    format: "lianxue-bank",
    version: 1,
    bank: { name: "党史题库", description: "" },
    questions: questions.map((q) => ({ key: q.key ?? null, status: q.status ?? "active", draft: q.draft })),
  });
}

function textFile(text: string, name: string, type = "text/plain"): File {
  return new File([new TextEncoder().encode(text)], name, { type });
}

type Format = {
  name: string;
  format: Preview["format"];
  fileName: string;
  good: () => Promise<FormData>;
  /** The good file's questions, in order, with the line each starts at. */
  drafts: QuestionDraft[];
  lines: number[];
  /** The good file plus one question that cannot be imported. */
  withBad: () => Promise<FormData>;
  bad: { line: number; error: string };
};

function form(file: File | string, field = "file"): FormData {
  const data = new FormData();
  data.append(field, file);
  return data;
}

const FORMATS: Format[] = [
  {
    name: "an .xlsx sheet",
    format: "sheet",
    fileName: "题库.xlsx",
    good: async () => form(await xlsxFile(SHEET_ROWS)),
    drafts: FOUR,
    lines: [2, 3, 4, 5],
    withBad: async () => form(await xlsxFile([...SHEET_ROWS, BAD_SHEET_ROW])),
    bad: { line: 6, error: "答案“E”不在选项 A–D 之中" },
  },
  {
    name: "a UTF-8 .csv",
    format: "sheet",
    fileName: "题库.csv",
    good: async () => form(csvFile(SHEET_ROWS)),
    drafts: FOUR,
    lines: [2, 3, 4, 5],
    withBad: async () => form(csvFile([...SHEET_ROWS, BAD_SHEET_ROW])),
    bad: { line: 6, error: "答案“E”不在选项 A–D 之中" },
  },
  {
    name: "a GBK .csv (Excel on Chinese Windows)",
    format: "sheet",
    fileName: "题库.csv",
    good: async () => form(csvFile(SHEET_ROWS, "gbk")),
    drafts: FOUR,
    lines: [2, 3, 4, 5],
    withBad: async () => form(csvFile([...SHEET_ROWS, BAD_SHEET_ROW], "gbk")),
    bad: { line: 6, error: "答案“E”不在选项 A–D 之中" },
  },
  {
    name: "a .docx in the numbered layout",
    format: "docx",
    fileName: "题库.docx",
    good: async () => form(await docxFile(NUMBERED_LINES)),
    drafts: FOUR,
    lines: NUMBERED_STARTS,
    withBad: async () => form(await docxFile([...NUMBERED_LINES, ...BAD_NUMBERED])),
    bad: { line: NUMBERED_LINES.length + 2, error: "答案“E”不在选项 A–B 之中" },
  },
  {
    name: "pasted numbered text",
    format: "text",
    fileName: "粘贴的文本.txt",
    good: async () => form(NUMBERED_LINES.join("\n"), "text"),
    drafts: FOUR,
    lines: NUMBERED_STARTS,
    withBad: async () => form([...NUMBERED_LINES, ...BAD_NUMBERED].join("\n"), "text"),
    bad: { line: NUMBERED_LINES.length + 2, error: "答案“E”不在选项 A–B 之中" },
  },
  {
    name: "a .txt in GBK (Notepad's “ANSI” on Chinese Windows)",
    format: "text",
    fileName: "题库.txt",
    good: async () => form(new File([new Uint8Array(iconv.encode(NUMBERED_LINES.join("\r\n"), "gbk"))], "题库.txt")),
    drafts: FOUR,
    lines: NUMBERED_STARTS,
    withBad: async () =>
      form(new File([new Uint8Array(iconv.encode([...NUMBERED_LINES, ...BAD_NUMBERED].join("\r\n"), "gbk"))], "题库.txt")),
    bad: { line: NUMBERED_LINES.length + 2, error: "答案“E”不在选项 A–B 之中" },
  },
  {
    name: "a GIFT file",
    format: "gift",
    fileName: "题库.gift",
    good: async () => form(textFile(GIFT_LINES.join("\n"), "题库.gift")),
    drafts: GIFT_DRAFTS,
    lines: GIFT_STARTS,
    withBad: async () => form(textFile([...GIFT_LINES, ...BAD_GIFT].join("\n"), "题库.gift")),
    bad: { line: GIFT_LINES.length + 2, error: "本平台不支持匹配题（=…->…）；请拆成几道单选题" },
  },
  {
    name: "an Aiken file",
    format: "aiken",
    fileName: "aiken.txt",
    good: async () => form(textFile(AIKEN_LINES.join("\n"), "aiken.txt")),
    drafts: AIKEN_DRAFTS,
    lines: AIKEN_STARTS,
    withBad: async () => form(textFile([...AIKEN_LINES, ...BAD_AIKEN].join("\n"), "aiken.txt")),
    bad: { line: AIKEN_LINES.length + 2, error: `第 ${AIKEN_LINES.length + 5} 行：答案“E”不在选项 A–B 之中` },
  },
  {
    name: "a JSON bank export",
    format: "json",
    fileName: "党史题库.json",
    good: async () => form(textFile(jsonExport(FOUR.map((draft) => ({ draft }))), "党史题库.json", "application/json")),
    drafts: FOUR,
    lines: [1, 2, 3, 4],
    withBad: async () =>
      form(
        textFile(
          jsonExport([...FOUR.map((draft) => ({ draft })), { draft: { ...DRAFTS.single, stem: "遵义会议于哪一年召开？", answer: 9 } }]),
          "党史题库.json",
          "application/json",
        ),
      ),
    bad: { line: 5, error: "答案不在选项 A–D 之中" },
  },
];

// ---------------------------------------------------------------------------------------------

async function importWorld() {
  const w = await createWorld();
  const token = await loginAs(w.organizer);
  const bank = await createBank(token, w.committee.id, "党史题库");
  return { ...w, token, bank, memberToken: await loginAs(w.member), outsiderToken: await loginAs(w.outsider) };
}

function preview(token: string, bankId: string, body: FormData) {
  return call(`/api/banks/${bankId}/import`, { token, body });
}

function previewOk(token: string, bankId: string, body: FormData) {
  return expectStatus<Preview>(preview(token, bankId, body), 200);
}

function commit(token: string, bankId: string, importId: string, body?: unknown) {
  return call(`/api/banks/${bankId}/import/${importId}/commit`, { token, method: "POST", ...(body === undefined ? {} : { body }) });
}

function okItem(line: number, draft: QuestionDraft, fields: Partial<Item> = {}): Item {
  return { line, status: "ok", type: draft.type, stem: draft.stem, error: null, warnings: [], duplicateOf: null, ...fields };
}

function errorItem(line: number, error: string): Item {
  return { line, status: "error", type: null, stem: expect.any(String), error, warnings: [], duplicateOf: null };
}

function previewOf(format: Format, items: Item[]): Preview {
  const count = (status: Item["status"]) => items.filter((i) => i.status === status).length;
  return {
    importId: expect.stringMatching(/^[a-z0-9]{8,40}$/),
    fileName: format.fileName,
    format: format.format,
    expiresAt: expect.any(Number),
    summary: { total: items.length, ok: count("ok"), duplicates: count("duplicate"), errors: count("error") },
    items,
  };
}

/** The bank's questions, oldest first, as the API lists them. */
async function questionsOf(token: string, bankId: string): Promise<QuestionBody[]> {
  const page = await expectStatus<{ items: QuestionBody[] }>(call(`/api/banks/${bankId}/questions?pageSize=200`, { token }), 200);
  return page.items;
}

async function exportBank(token: string, bankId: string): Promise<BankExport> {
  return expectStatus<BankExport>(call(`/api/banks/${bankId}/export`, { token }), 200);
}

describe("POST /api/banks/{id}/import and /commit, for every format", () => {
  for (const format of FORMATS) {
    it(`${format.name}: previews every question with counts, writing no question; commit imports them all`, async () => {
      const w = await importWorld();
      const before = await bankState();
      const shown = await previewOk(w.token, w.bank.id, await format.good());
      expect(shown).toEqual(
        previewOf(
          format,
          format.drafts.map((draft, i) => okItem(format.lines[i] as number, draft)),
        ),
      );
      await expectBanksUnchanged(before, ["question_imports"]);
      expect(await count("question_imports", "id = ? and status = 'preview'", shown.importId)).toBe(1);

      expect(await expectStatus(commit(w.token, w.bank.id, shown.importId), 200)).toEqual({ imported: format.drafts.length, skipped: 0 });
      const exported = await exportBank(w.token, w.bank.id);
      expect(exported.questions).toEqual(format.drafts.map((draft) => ({ key: null, status: "active", draft })));
      const listed = await questionsOf(w.token, w.bank.id);
      expect(listed.every((q) => q.version === 1 && q.status === "active")).toBe(true);
      expect(await count("question_versions", "question_id in (select id from questions where bank_id = ?)", w.bank.id)).toBe(
        format.drafts.length,
      );
      const tags = [...new Set(format.drafts.flatMap((d) => d.tags))].length;
      if (tags > 0) {
        const tagged = await env.DB.prepare(
          "select count(distinct tag) as n from question_tags where question_id in (select id from questions where bank_id = ?)",
        )
          .bind(w.bank.id)
          .first<{ n: number }>();
        expect(tagged?.n).toBe(tags);
      }
      expect(await auditOf(w.bank.id)).toContainEqual(
        expect.objectContaining({
          action: "question.import",
          actorId: w.organizer.id,
          after: { importId: shown.importId, fileName: format.fileName, format: format.format, imported: format.drafts.length },
        }),
      );
    });

    it(`${format.name}: one bad question among good ones is reported with its line and reason, and commit writes nothing (422)`, async () => {
      const w = await importWorld();
      const shown = await previewOk(w.token, w.bank.id, await format.withBad());
      expect(shown).toEqual(
        previewOf(format, [
          ...format.drafts.map((draft, i) => okItem(format.lines[i] as number, draft)),
          errorItem(format.bad.line, format.bad.error),
        ]),
      );
      const before = await bankState();
      expect(await expectStatus(commit(w.token, w.bank.id, shown.importId), 422)).toEqual(
        errorEnvelope("UNPROCESSABLE", "有 1 道题无法导入，请修改后重新上传"),
      );
      await expectBanksUnchanged(before);
      expect(await count("questions", "bank_id = ?", w.bank.id)).toBe(0);
    });
  }
});

describe("what an import writes", () => {
  it("imported questions of every type are scored right in practice (true/false stays a boolean)", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    await expectStatus(commit(w.token, w.bank.id, shown.importId), 200);
    const today = await expectStatus<{ items: { question: { id: string; type: string } }[] }>(
      call("/api/practice/today", { token: w.memberToken }),
      200,
    );
    const right = {
      single: { type: "single", choice: 1 },
      multiple: { type: "multiple", choices: [0, 1, 2] },
      judge: { type: "judge", value: true },
      fill: { type: "fill", blanks: ["遵义市"] },
    } as const;
    expect(today.items.map((i) => i.question.type).sort()).toEqual(["fill", "judge", "multiple", "single"]);
    for (const { question } of today.items) {
      const response = right[question.type as keyof typeof right];
      const feedback = await expectStatus<{ correct: boolean }>(
        call("/api/practice/answers", { token: w.memberToken, body: { questionId: question.id, response } }),
        200,
      );
      expect(feedback.correct, question.type).toBe(true);
    }
  });
});

describe("files that cannot be read at all", () => {
  const unreadable: [string, () => Promise<FormData>, number, unknown][] = [
    [
      "an .xlsx that is not a workbook",
      async () => form(textFile("这不是工作簿", "题库.xlsx", XLSX)),
      422,
      errorEnvelope("UNPROCESSABLE", "文件无法读取：文件内容不是 .xlsx 工作簿"),
    ],
    [
      "a .csv without an 答案 column",
      async () => form(new File([csvText([["单选题", "题干"]], ["题型", "题干"])], "题库.csv")),
      422,
      errorEnvelope("UNPROCESSABLE", "缺少必需的列：答案"),
    ],
    [
      "a .csv with an unclosed quote",
      async () => form(new File([`${HEADER.join(",")}\r\n单选题,"中共一大,1919年,1921年,,,B\r\n`], "题库.csv")),
      422,
      errorEnvelope("UNPROCESSABLE", "文件无法读取：第 2 行的引号没有成对"),
    ],
    [
      "a .docx that is not a Word file",
      async () => form(textFile("1. 题目", "题库.docx", DOCX)),
      422,
      errorEnvelope("UNPROCESSABLE", "文件无法读取：文件内容不是 .docx 文档"),
    ],
    [
      "an .xlsx zip bomb (a part that expands to 51 MB)",
      async () => form(new File([await zipBomb("xl/worksheets/sheet1.xml", 51 * 1024 * 1024)], "题库.xlsx", { type: XLSX })),
      422,
      errorEnvelope("UNPROCESSABLE", `文件无法读取：${ZIP_TOO_LARGE}`),
    ],
    [
      "a .docx zip bomb (a part that expands to 51 MB)",
      async () => form(new File([await zipBomb("word/document.xml", 51 * 1024 * 1024)], "题库.docx", { type: DOCX })),
      422,
      errorEnvelope("UNPROCESSABLE", `文件无法读取：${ZIP_TOO_LARGE}`),
    ],
    [
      "pasted text with no question in it",
      async () => form("只有一段说明文字，没有题目。", "text"),
      422,
      errorEnvelope("UNPROCESSABLE", IMPORT_EMPTY),
    ],
    [
      "a .txt with no question in it",
      async () => form(textFile("党史学习资料\n第一章", "资料.txt")),
      422,
      errorEnvelope("UNPROCESSABLE", IMPORT_EMPTY),
    ],
    [
      "a .docx with no question in it",
      async () => form(await docxFile(["党史学习资料", "第一章"])),
      422,
      errorEnvelope("UNPROCESSABLE", IMPORT_EMPTY),
    ],
    ["an empty .csv", async () => form(new File([""], "题库.csv")), 422, errorEnvelope("UNPROCESSABLE", IMPORT_EMPTY)],
    [
      "an old .doc (Word 97–2003) file",
      async () => form(new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])], "题库.doc")),
      415,
      errorEnvelope("UNSUPPORTED_MEDIA_TYPE", "无法识别文件格式，请选择 .xlsx、.csv、.docx、.txt（编号文本）、GIFT、Aiken 或 JSON 文件"),
    ],
  ];
  for (const [name, body, status, envelope] of unreadable) {
    it(`refuses ${name} at preview (${status}), writing nothing`, async () => {
      const w = await importWorld();
      const before = await bankState();
      expect(await expectStatus(preview(w.token, w.bank.id, await body()), status)).toEqual(envelope);
      await expectBanksUnchanged(before);
    });
  }

  const broken: [string, File, string][] = [
    ["a .json that is not JSON", textFile("{ questions: ", "题库.json"), "不是有效的 JSON 文件"],
    [
      "a .json that is not a bank export",
      textFile(JSON.stringify({ format: "other", questions: [] }), "题库.json"),
      "不是链学题库导出的 JSON 文件",
    ],
    [
      "a GIFT question whose answers are never closed",
      textFile("中共一大于哪一年召开？{~1919年 =1921年", "题库.gift"),
      "答案缺少结尾的“}”；题干或选项中的 { } 请写成 \\{ \\}",
    ],
    [
      "an Aiken question without ANSWER",
      textFile(
        ["中共一大于哪一年召开？", "A. 1919年", "B. 1921年", "", "遵义会议？", "A. 1935年", "B. 1936年", "ANSWER: A"].join("\n"),
        "aiken.txt",
      ),
      "缺少答案行（如“ANSWER: B”）",
    ],
  ];
  for (const [name, file, error] of broken) {
    it(`reports ${name} as an error at line 1, and commit writes nothing`, async () => {
      const w = await importWorld();
      const shown = await previewOk(w.token, w.bank.id, form(file));
      expect(shown.items[0]).toEqual(errorItem(1, error));
      expect(shown.summary.errors).toBeGreaterThan(0);
      const before = await bankState();
      expect(await expectStatus(commit(w.token, w.bank.id, shown.importId), 422)).toEqual(
        errorEnvelope("UNPROCESSABLE", expect.stringMatching(/^有 \d+ 道题无法导入，请修改后重新上传$/)),
      );
      await expectBanksUnchanged(before);
    });
  }

  it("refuses a file over 5 MB with 413, writing nothing", async () => {
    const w = await importWorld();
    const before = await bankState();
    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], "题库.csv", { type: "text/csv" });
    expect(await expectStatus(preview(w.token, w.bank.id, form(big)), 413)).toEqual(
      errorEnvelope("PAYLOAD_TOO_LARGE", "文件过大，请不超过 5 MB"),
    );
    await expectBanksUnchanged(before);
  });

  it("refuses a request with neither a file nor text with 400", async () => {
    const w = await importWorld();
    const before = await bankState();
    const body = await expectStatus(preview(w.token, w.bank.id, form("   ", "text")), 400);
    expect(body).toEqual(
      errorEnvelope("VALIDATION_FAILED", "请选择要导入的文件，或粘贴试题文本", {
        issues: [{ path: "file", message: "请选择文件或粘贴试题" }],
      }),
    );
    await expectBanksUnchanged(before);
  });
});

describe("duplicates", () => {
  /** Two questions in the bank; a file repeating one of them (written differently) and one of its own questions twice. */
  async function duplicateWorld() {
    const w = await importWorld();
    const existing = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    await addQuestion(w.token, w.bank.id, DRAFTS.judge);
    const rows = [
      // The same stem, with ASCII punctuation and spaces: still the same question.
      sheetRow({ ...DRAFTS.single, stem: "中国共产党 第一次全国代表大会于哪一年召开?" }, "B", "单选题"),
      sheetRow(DRAFTS.fill, "遵义", "填空题"),
      sheetRow({ ...DRAFTS.fill, stem: "1935年1月，中共中央政治局在贵州____召开扩大会议" }, "遵义", "填空题"),
      sheetRow(DRAFTS.multiple, "ABC", "多选题"),
    ];
    const shown = await previewOk(w.token, w.bank.id, form(csvFile(rows)));
    return { ...w, existing, shown };
  }

  it("flags a question already in the bank and one repeated within the file", async () => {
    const { shown, existing } = await duplicateWorld();
    const fill = full({ ...DRAFTS.fill, answer: [["遵义"]] });
    const multiple = full({ ...DRAFTS.multiple, partialCredit: false });
    expect(shown).toEqual(
      previewOf({ fileName: "题库.csv", format: "sheet" } as Format, [
        okItem(2, full(DRAFTS.single), {
          status: "duplicate",
          stem: "中国共产党 第一次全国代表大会于哪一年召开?",
          duplicateOf: { questionId: existing.id, line: null, stem: DRAFTS.single.stem },
        }),
        okItem(3, fill),
        okItem(4, fill, {
          status: "duplicate",
          stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议",
          duplicateOf: { questionId: null, line: 3, stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议" },
        }),
        okItem(5, multiple),
      ]),
    );
  });

  it("skips the duplicates on commit by default", async () => {
    const w = await duplicateWorld();
    expect(await expectStatus(commit(w.token, w.bank.id, w.shown.importId), 200)).toEqual({ imported: 2, skipped: 2 });
    const stems = (await questionsOf(w.token, w.bank.id)).map((q) => q.draft.stem).sort();
    expect(stems).toEqual([DRAFTS.single.stem, DRAFTS.multiple.stem, DRAFTS.judge.stem, DRAFTS.fill.stem].sort());
  });

  it("imports them too with skipDuplicates false, as drafts when asked", async () => {
    const w = await duplicateWorld();
    expect(await expectStatus(commit(w.token, w.bank.id, w.shown.importId, { skipDuplicates: false, status: "draft" }), 200)).toEqual({
      imported: 4,
      skipped: 0,
    });
    const listed = await questionsOf(w.token, w.bank.id);
    expect(listed).toHaveLength(6);
    expect(listed.filter((q) => q.status === "draft")).toHaveLength(4);
  });
});

describe("commit refusals", () => {
  it("refuses a second commit of the same preview with 409, writing nothing", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    await expectStatus(commit(w.token, w.bank.id, shown.importId), 200);
    const before = await bankState();
    expect(await expectStatus(commit(w.token, w.bank.id, shown.importId), 409)).toEqual(errorEnvelope("CONFLICT", "该导入已经确认过了"));
    await expectBanksUnchanged(before);
    expect(await count("questions", "bank_id = ?", w.bank.id)).toBe(4);
  });

  it("answers 404 for someone else's preview: a colleague's, another bank's, or another committee's", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    const colleague = await loginAs(await createUser({ roles: [{ org: w.committee, role: "organizer" }] }));
    const otherBank = await createBank(w.token, w.committee.id);
    const outsiderBank = await createBank(w.outsiderToken, w.outsiderOrg.id);
    const before = await bankState();
    expect(await expectStatus(commit(colleague, w.bank.id, shown.importId), 404)).toEqual(IMPORT_NOT_FOUND);
    expect(await expectStatus(commit(w.token, otherBank.id, shown.importId), 404)).toEqual(IMPORT_NOT_FOUND);
    expect(await expectStatus(commit(w.outsiderToken, outsiderBank.id, shown.importId), 404)).toEqual(IMPORT_NOT_FOUND);
    expect(await expectStatus(commit(w.outsiderToken, w.bank.id, shown.importId), 404)).toEqual(BANK_NOT_FOUND);
    expect(await expectStatus(commit(w.token, w.bank.id, "nosuchimport0000"), 404)).toEqual(IMPORT_NOT_FOUND);
    await expectBanksUnchanged(before);
  });

  it("refuses an expired preview with 410, writing nothing", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    await env.DB.prepare("update question_imports set expires_at = ? where id = ?")
      .bind(Date.now() - 1, shown.importId)
      .run();
    const before = await bankState();
    expect(await expectStatus(commit(w.token, w.bank.id, shown.importId), 410)).toEqual(
      errorEnvelope("GONE", "找不到该导入预览，或已过期，请重新上传"),
    );
    await expectBanksUnchanged(before);
  });

  it("deletes expired previews, anyone's and committed ones too, when a new one is saved; unexpired ones stay", async () => {
    const w = await importWorld();
    const expired = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    const committed = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    await expectStatus(commit(w.token, w.bank.id, committed.importId), 200);
    const kept = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    const outsiderBank = await createBank(w.outsiderToken, w.outsiderOrg.id);
    const othersExpired = await previewOk(w.outsiderToken, outsiderBank.id, form(csvFile(SHEET_ROWS)));
    await env.DB.prepare("update question_imports set expires_at = ? where id in (?, ?, ?)")
      .bind(Date.now() - 1, expired.importId, committed.importId, othersExpired.importId)
      .run();
    const fresh = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    const { results } = await env.DB.prepare("select id from question_imports where id in (?, ?, ?, ?, ?) order by rowid")
      .bind(expired.importId, committed.importId, kept.importId, othersExpired.importId, fresh.importId)
      .all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual([kept.importId, fresh.importId]);
  });

  it("refuses a member (403) and an outsider (404) at preview and commit, writing nothing", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.bank.id, form(csvFile(SHEET_ROWS)));
    const before = await bankState();
    expect(await expectStatus(preview(w.memberToken, w.bank.id, form(csvFile(SHEET_ROWS))), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(preview(w.outsiderToken, w.bank.id, form(csvFile(SHEET_ROWS))), 404)).toEqual(BANK_NOT_FOUND);
    expect(await expectStatus(commit(w.memberToken, w.bank.id, shown.importId), 403)).toEqual(FORBIDDEN);
    await expectBanksUnchanged(before);
  });
});

describe("GET /api/banks/{id}/export (JSON round trip)", () => {
  it("exports a bank and imports it into an empty bank losslessly: drafts, statuses, order", async () => {
    const w = await importWorld();
    const made: QuestionBody[] = [];
    for (const draft of Object.values(DRAFTS)) made.push(await addQuestion(w.token, w.bank.id, draft));
    made.push(
      await addQuestion(
        w.token,
        w.bank.id,
        singleDraft({ stem: "草稿：古田会议于哪一年召开？", options: ["1929年", "1930年"], answer: 0 }),
        "draft",
      ),
    );
    const retired = await addQuestion(
      w.token,
      w.bank.id,
      singleDraft({ stem: "南昌起义发生在哪一年？", options: ["1927年", "1928年"], answer: 0 }),
    );
    await expectStatus(
      call(`/api/banks/${w.bank.id}/questions/bulk`, {
        token: w.token,
        body: { questionIds: [retired.id], status: "retired", addTags: ["八一"] },
      }),
      200,
    );
    made.push(retired);

    const res = await call(`/api/banks/${w.bank.id}/export`, { token: w.token });
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="bank.json"; filename*=UTF-8''${encodeURIComponent("党史题库.json")}`,
    );
    const first = await expectStatus<BankExport>(res, 200);
    expect(first).toEqual({
      format: "lianxue-bank",
      version: 1,
      bank: { name: "党史题库", description: "" },
      questions: made.map((q) => ({
        key: null,
        status: q.id === retired.id ? "retired" : q.status,
        draft: q.id === retired.id ? { ...q.draft, tags: [...q.draft.tags, "八一"] } : q.draft,
      })),
    });

    const copy = await createBank(w.token, w.committee.id, "副本");
    const file = new File([JSON.stringify(first)], "党史题库.json", { type: "application/json" });
    const shown = await previewOk(w.token, copy.id, form(file));
    expect(shown.summary).toEqual({ total: 6, ok: 6, duplicates: 0, errors: 0 });
    expect(await expectStatus(commit(w.token, copy.id, shown.importId), 200)).toEqual({ imported: 6, skipped: 0 });
    const second = await exportBank(w.token, copy.id);
    expect(second).toEqual({ ...first, bank: { name: "副本", description: "" } });
  });

  it("keeps the shipped keys of an export, and drops a key the bank already has rather than clash", async () => {
    const w = await importWorld();
    const file = () =>
      form(
        textFile(
          jsonExport([
            { key: "ph1-first-congress", draft: DRAFTS.single },
            { key: "ph1-zunyi", status: "draft", draft: DRAFTS.fill },
          ]),
          "bank.json",
        ),
      );
    const shown = await previewOk(w.token, w.bank.id, file());
    await expectStatus(commit(w.token, w.bank.id, shown.importId), 200);
    const again = await previewOk(w.token, w.bank.id, file());
    expect(again.summary).toEqual({ total: 2, ok: 0, duplicates: 2, errors: 0 });
    await expectStatus(commit(w.token, w.bank.id, again.importId, { skipDuplicates: false }), 200);
    const exported = await exportBank(w.token, w.bank.id);
    expect(exported.questions).toEqual([
      { key: "ph1-first-congress", status: "active", draft: full(DRAFTS.single) },
      { key: "ph1-zunyi", status: "draft", draft: full(DRAFTS.fill) },
      { key: null, status: "active", draft: full(DRAFTS.single) },
      { key: null, status: "draft", draft: full(DRAFTS.fill) },
    ]);
  });

  it("keeps a key repeated within a file on its first question only, importing both", async () => {
    const w = await importWorld();
    const file = jsonExport([
      { key: "ph1-first-congress", draft: DRAFTS.single },
      { key: "ph1-first-congress", draft: DRAFTS.judge },
    ]);
    const shown = await previewOk(w.token, w.bank.id, form(textFile(file, "bank.json")));
    expect(await expectStatus(commit(w.token, w.bank.id, shown.importId), 200)).toEqual({ imported: 2, skipped: 0 });
    expect((await exportBank(w.token, w.bank.id)).questions).toEqual([
      { key: "ph1-first-congress", status: "active", draft: full(DRAFTS.single) },
      { key: null, status: "active", draft: full(DRAFTS.judge) },
    ]);
  });

  it("has no spreadsheet export: asking for one is 400, not JSON under another name", async () => {
    const w = await importWorld();
    const body = await expectStatus(call(`/api/banks/${w.bank.id}/export?format=xlsx`, { token: w.token }), 400);
    expect(body).toEqual(errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.objectContaining({ target: "query" })));
  });

  it("refuses a member with 403 and an outsider with 404", async () => {
    const w = await importWorld();
    expect(await expectStatus(call(`/api/banks/${w.bank.id}/export`, { token: w.memberToken }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(call(`/api/banks/${w.bank.id}/export`, { token: w.outsiderToken }), 404)).toEqual(BANK_NOT_FOUND);
  });
});

describe("GET /api/banks/import-template", () => {
  it("gives an .xlsx template that imports as its four examples", async () => {
    const w = await importWorld();
    const res = await call("/api/banks/import-template?format=xlsx", { token: w.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const shown = await previewOk(w.token, w.bank.id, form(new File([bytes], "试题导入模板.xlsx", { type: XLSX })));
    expect(shown.summary).toEqual({ total: 4, ok: 4, duplicates: 0, errors: 0 });
    expect(shown.items.map((i) => i.type)).toEqual(["single", "multiple", "judge", "fill"]);
  });

  it("answers 401 without a login, and 400 for a format it does not make", async () => {
    expect(await expectStatus(call("/api/banks/import-template"), 401)).toEqual(errorEnvelope("UNAUTHENTICATED", "请先登录"));
    const w = await importWorld();
    const body = await expectStatus(call("/api/banks/import-template?format=docx", { token: w.token }), 400);
    expect(body).toEqual(errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.objectContaining({ target: "query" })));
  });

  it("gives a UTF-8 .csv template with a BOM that imports too", async () => {
    const w = await importWorld();
    const res = await call("/api/banks/import-template?format=csv", { token: w.token });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const shown = await previewOk(w.token, w.bank.id, form(new File([bytes], "模板.csv")));
    expect(shown.summary).toEqual({ total: 4, ok: 4, duplicates: 0, errors: 0 });
  });
});

describe("the OpenAPI document", () => {
  it("names the import and export operations for integrators", async () => {
    const doc = await expectStatus<{ paths: Record<string, Record<string, { operationId?: string }>> }>(call("/api/openapi.json"), 200);
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        "POST /api/banks/{id}/import importQuestionsPreview",
        "POST /api/banks/{id}/import/{importId}/commit importQuestionsCommit",
        "GET /api/banks/{id}/export exportBank",
      ]),
    );
  });
});

import type ExcelJS from "exceljs";
import Papa from "papaparse";
import {
  headerKey,
  loadWorkbookClass,
  readCsvSheet,
  readXlsxSheets,
  type Sheet,
  UnreadableSpreadsheetError,
} from "../../../lib/spreadsheet";
import { MAX_OPTIONS, OPTION_LETTERS, type ParsedQuestion } from "../question";
import { buildQuestion, MAX_QUESTIONS, QuestionFileError, questionTypeOf, readOptionCell, splitTags } from "./numbered-text";

/**
 * A question sheet (.xlsx, or .csv in UTF-8, UTF-8 with BOM or GBK): one row per question under a
 * header naming its columns in Chinese or English, in any order. Only 题干 and 答案 are required;
 * without 题型 the type follows from the answer. `line` is the row number Excel shows.
 *
 * Answers: `B`, `ACD`, `对`/`错`; for a 填空题 blanks separated by `|` and, within a blank, accepted
 * alternatives by `/` (`1921|上海/上海市`).
 *
 * @example
 * await parseQuestionSheet(bytes, "题库.xlsx");
 * // [{ line: 2, warnings: [], draft: { type: "single", stem: "中国共产党第一次全国代表大会于哪一年召开？", options: [...], answer: 1, ... } }]
 */
export async function parseQuestionSheet(bytes: Uint8Array, fileName: string): Promise<ParsedQuestion[]> {
  const kind = fileKind(fileName);
  if (bytes.length === 0) return [];
  let sheets: Sheet[];
  try {
    sheets = kind === "xlsx" ? await readXlsxSheets(bytes) : [readCsvSheet(bytes)];
  } catch (error) {
    if (error instanceof UnreadableSpreadsheetError) throw new QuestionFileError("import.unreadable", { reason: error.reason });
    throw error;
  }
  return readQuestions(sheets.map((sheet) => ({ ...sheet, cells: (row) => sheet.cells(row).map(cleanCell) })));
}

/** The file authors download, fill in and upload again: a header, one example per type, and (in .xlsx) how to fill it in. */
export async function buildQuestionTemplate(format: "xlsx" | "csv"): Promise<Uint8Array> {
  const header = TEMPLATE_COLUMNS.map((column) => COLUMN_LABELS[column]);
  const examples = TEMPLATE_EXAMPLES.map((example) => TEMPLATE_COLUMNS.map((column) => example[column] ?? ""));
  if (format === "csv") {
    // Excel reads a CSV without a BOM in the system code page (GBK in China) and garbles UTF-8;
    // CRLF is what Excel itself writes.
    const text = Papa.unparse([header, ...examples], { newline: "\r\n" });
    return new TextEncoder().encode(`\uFEFF${text}\r\n`);
  }
  return buildXlsxTemplate(header, examples);
}

// ---------------------------------------------------------------------------------------------
// Reading

type OptionColumn = `option${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7}`;
type Column = "type" | "stem" | "answer" | "explanation" | "tags" | "difficulty" | "source" | "options" | OptionColumn;

const optionColumns = OPTION_LETTERS.split("").map((_, i) => `option${i}` as OptionColumn);
const perOption = <T>(value: (letter: string) => T) =>
  Object.fromEntries(optionColumns.map((column, i) => [column, value(OPTION_LETTERS[i] ?? "")])) as Record<OptionColumn, T>;

const COLUMN_LABELS: Record<Column, string> = {
  type: "题型",
  stem: "题干",
  answer: "答案",
  explanation: "解析",
  tags: "标签",
  difficulty: "难度",
  source: "出处",
  options: "选项",
  ...perOption((letter) => `选项${letter}`),
};

/** Header spellings seen in question sheets, compared after `headerKey`. */
const HEADER_ALIASES: Record<Column, readonly string[]> = {
  type: ["题型", "题目类型", "试题类型", "类型", "type", "questiontype"],
  stem: ["题干", "题目", "试题", "题目内容", "试题内容", "问题", "stem", "question", "questiontext"],
  answer: ["答案", "正确答案", "参考答案", "标准答案", "answer", "correctanswer"],
  explanation: ["解析", "答案解析", "试题解析", "题目解析", "explanation", "analysis"],
  tags: ["标签", "知识点", "考点", "tags", "tag"],
  difficulty: ["难度", "难易度", "难易程度", "difficulty"],
  source: ["出处", "来源", "依据", "source"],
  options: ["选项", "备选项", "选项内容", "options", "choices"],
  ...perOption((letter) =>
    [`选项${letter}`, letter, `${letter}选项`, `option${letter}`, `choice${letter}`].map((alias) => alias.toLowerCase()),
  ),
};

const COLUMNS = Object.keys(HEADER_ALIASES) as Column[];
const REQUIRED: readonly Column[] = ["stem", "answer"];
/** Sheets often open with a title line (“2024年党史知识竞赛题库”) or a blank row before the header. */
const HEADER_SEARCH_ROWS = 10;

function fileKind(fileName: string): "xlsx" | "csv" {
  const ext = /\.([^.]+)$/.exec(fileName.normalize("NFKC").trim())?.[1]?.toLowerCase();
  if (ext === "xlsx" || ext === "csv") return ext;
  throw new QuestionFileError("import.fileType");
}

/** Cells keep their text as typed (a stem's full-width `，（ ）` matter); only invisible marks and outer space go. */
function cleanCell(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/\r\n?/g, "\n")
    .trim();
}

type HeaderMatch = { row: number; columns: Partial<Record<Column, number>>; found: number; missing: Column[] };

function readQuestions(sheets: Sheet[]): ParsedQuestion[] {
  let closest: HeaderMatch | undefined;
  for (const sheet of sheets) {
    const header = findHeader(sheet);
    if (header.missing.length === 0) return dataRows(sheet, header);
    if (!closest || header.found > closest.found) closest = header;
  }
  if (!closest || !sheets.some(hasAnyCell)) return [];
  throw new QuestionFileError("import.missingColumns", { columns: closest.missing.map((column) => COLUMN_LABELS[column]).join("、") });
}

function findHeader(sheet: Sheet): HeaderMatch {
  let best: HeaderMatch = { row: 0, columns: {}, found: 0, missing: [...REQUIRED] };
  for (let row = 1; row <= Math.min(sheet.lastRow, HEADER_SEARCH_ROWS); row++) {
    const columns: Partial<Record<Column, number>> = {};
    sheet.cells(row).forEach((cell, col) => {
      const key = headerKey(cell);
      const column = COLUMNS.find((candidate) => HEADER_ALIASES[candidate].includes(key));
      if (column && columns[column] === undefined) columns[column] = col;
    });
    const missing = REQUIRED.filter((column) => columns[column] === undefined);
    const found = Object.keys(columns).length;
    if (missing.length === 0) return { row, columns, found, missing };
    if (found > best.found) best = { row, columns, found, missing };
  }
  return best;
}

function dataRows(sheet: Sheet, header: HeaderMatch): ParsedQuestion[] {
  const results: ParsedQuestion[] = [];
  for (let row = header.row + 1; row <= sheet.lastRow; row++) {
    const cells = sheet.cells(row);
    const pick = (column: Column) => {
      const col = header.columns[column];
      return col === undefined ? "" : (cells[col] ?? "");
    };
    const read = Object.fromEntries(COLUMNS.map((column) => [column, pick(column)])) as Record<Column, string>;
    // Blank spacer rows, and rows that only keep a border or a 序号, carry no question.
    if (COLUMNS.every((column) => read[column] === "")) continue;
    if (results.length === MAX_QUESTIONS) throw new QuestionFileError("import.tooManyRows", { max: MAX_QUESTIONS });
    results.push(rowQuestion(row, read));
  }
  return results;
}

function rowQuestion(row: number, read: Record<Column, string>): ParsedQuestion {
  const problems: string[] = [];
  const declaredType = read.type === "" ? undefined : questionTypeOf(read.type);
  if (read.type !== "" && declaredType === undefined) problems.push(`题型“${read.type}”无法识别，应为单选题、多选题、判断题或填空题`);
  const lettered: (string | undefined)[] = optionColumns.map((column) => (read[column] === "" ? undefined : read[column]));
  const options = lettered.some((option) => option !== undefined) ? lettered : readOptionCell(read.options);
  if (options.length > MAX_OPTIONS) problems.push(`最多 ${MAX_OPTIONS} 个选项`);
  return buildQuestion({
    line: row,
    excerpt: COLUMNS.map((column) => read[column])
      .filter((cell) => cell !== "")
      .join(" | "),
    declaredType,
    stem: read.stem,
    options,
    answer: read.answer === "" ? undefined : read.answer,
    inlineAnswer: false,
    explanation: read.explanation,
    source: read.source,
    difficulty: read.difficulty,
    tags: splitTags(read.tags),
    warnings: [],
    problems,
  });
}

function hasAnyCell(sheet: Sheet): boolean {
  for (let row = 1; row <= sheet.lastRow; row++) if (sheet.cells(row).some((cell) => cell !== "")) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Writing the template

const TEMPLATE_COLUMNS: readonly Column[] = ["type", "stem", ...optionColumns, "answer", "explanation", "tags", "difficulty", "source"];

type Example = Partial<Record<Column, string>>;

const FIRST_CONGRESS = "1921年7月23日，中国共产党第一次全国代表大会在上海开幕，最后一天的会议转移到浙江嘉兴南湖的游船上举行。";

/** Party-history facts an organizer can check in a minute; each shows one type's answer syntax. */
const TEMPLATE_EXAMPLES: readonly Example[] = [
  {
    type: "单选题",
    stem: "中国共产党第一次全国代表大会于哪一年召开？",
    option0: "1919年",
    option1: "1921年",
    option2: "1927年",
    option3: "1935年",
    answer: "B",
    explanation: FIRST_CONGRESS,
    tags: "新民主主义革命时期，重要会议",
    difficulty: "1",
    source: "《中国共产党简史》第一章",
  },
  {
    type: "多选题",
    stem: "中国共产党第一次全国代表大会先后在哪些地方举行？",
    option0: "上海",
    option1: "北京",
    option2: "浙江嘉兴南湖",
    option3: "广州",
    answer: "AC",
    explanation: FIRST_CONGRESS,
    tags: "新民主主义革命时期，重要会议",
    difficulty: "2",
    source: "《中国共产党简史》第一章",
  },
  {
    type: "判断题",
    stem: "1935年1月召开的遵义会议，在最危急关头挽救了党、挽救了红军、挽救了中国革命。",
    answer: "对",
    explanation: "遵义会议事实上确立了毛泽东同志在党中央和红军的领导地位，在最危急关头挽救了党、挽救了红军、挽救了中国革命。",
    tags: "新民主主义革命时期，重要会议",
    difficulty: "2",
    source: "《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
  },
  {
    type: "填空题",
    stem: "中国共产党第一次全国代表大会于（ ）年7月在（ ）开幕。",
    answer: "1921|上海/上海市",
    explanation: FIRST_CONGRESS,
    tags: "新民主主义革命时期，重要会议",
    difficulty: "2",
    source: "《中国共产党简史》第一章",
  },
];

const COLUMN_WIDTHS: Partial<Record<Column, number>> = {
  type: 10,
  stem: 48,
  answer: 16,
  explanation: 48,
  tags: 28,
  difficulty: 8,
  source: 28,
};
/** Rows the drop-downs cover: one range each in the file, not one per cell. */
const DROPDOWN_ROWS = MAX_QUESTIONS + 1;
const TEMPLATE_TYPES = ["单选题", "多选题", "判断题", "填空题"];

async function buildXlsxTemplate(header: string[], examples: string[][]): Promise<Uint8Array> {
  const workbook = new (await loadWorkbookClass())();
  workbook.creator = "链学";

  const sheet = workbook.addWorksheet("题目", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({
    key: column,
    width: COLUMN_WIDTHS[column] ?? 14,
    // Text format, so an answer like 1921 or a difficulty stays as typed; long texts wrap.
    style: { numFmt: "@", alignment: { wrapText: true, vertical: "top" } },
  }));
  sheet.addRow(header).font = { bold: true };
  for (const example of examples) sheet.addRow(example);
  const validations = (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } })
    .dataValidations;
  const typeColumn = sheet.getColumn("type").letter;
  validations.add(`${typeColumn}2:${typeColumn}${DROPDOWN_ROWS}`, {
    type: "list",
    allowBlank: true,
    formulae: [`"${TEMPLATE_TYPES.join(",")}"`],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "题型不在可选范围内",
    error: `请从下拉列表中选择题型：${TEMPLATE_TYPES.join("、")}。`,
  });
  const difficultyColumn = sheet.getColumn("difficulty").letter;
  validations.add(`${difficultyColumn}2:${difficultyColumn}${DROPDOWN_ROWS}`, {
    type: "list",
    allowBlank: true,
    formulae: ['"1,2,3,4,5"'],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "难度应为 1–5",
    error: "难度填 1（最易）到 5（最难）的整数，留空按 3 处理。",
  });

  const guide = workbook.addWorksheet("填写说明");
  guide.columns = [{ width: 12 }, { width: 10 }, { width: 90 }];
  guide.addRow(["列名", "是否必填", "填写说明"]).font = { bold: true };
  const notes: [string, string, string][] = [
    [
      "题型",
      "选填",
      `${TEMPLATE_TYPES.join("、")}。留空时按答案判断：字母为选择题（一个字母为单选、几个为多选），对/错为判断题，题干中有（ ）为填空题。`,
    ],
    ["题干", "必填", "题目内容。填空题用（ ）标出每个空，也可以写 ____（三个以上下划线）。"],
    ["选项A–选项H", "选择题必填", "每个选项一列，至少 2 个，从 A 开始连续填写；判断题、填空题留空。"],
    [
      "答案",
      "必填",
      "单选题填一个字母，如 B；多选题填几个字母，如 ACD；判断题填“对”或“错”；填空题按空的顺序填写，各空之间用 | 分隔，同一个空有几种正确写法时用 / 分隔，如“1921|上海/上海市”。",
    ],
    ["解析", "选填", "答题后显示给学员的讲解。"],
    ["标签", "选填", "用逗号、顿号或分号分隔，如“新民主主义革命时期，重要会议”。"],
    ["难度", "选填", "1（最易）到 5（最难）的整数，留空按 3 处理。"],
    ["出处", "选填", "便于核对的出处，如书名和章节、文件名和条款。"],
  ];
  for (const note of notes) guide.addRow(note);
  guide.addRow([]);
  for (const line of [
    "“题目”表的第一行是表头，请不要修改；列的顺序可以调整，多出来的列会被忽略。",
    "表中的 4 行示例请在填写前删除。",
    `每次最多导入 ${MAX_QUESTIONS} 道题。也可以上传 CSV 文件（UTF-8 或 GBK 编码），列名与本表相同。`,
  ]) {
    guide.addRow([line]);
  }
  guide.getColumn(3).alignment = { wrapText: true, vertical: "top" };

  // Typed as ArrayBuffer, but a Node Buffer at run time; copying through the constructor is right for both.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

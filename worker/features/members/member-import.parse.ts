import type ExcelJS from "exceljs";
import Papa from "papaparse";
import { type Role, type Title, titles } from "../../db/schema";
import { type MessageKey, t } from "../../lib/i18n";
import { headerKey, loadWorkbookClass, readCsvSheet, readXlsxSheets, type Sheet, UnreadableSpreadsheetError } from "../../lib/spreadsheet";

// Organizers' member lists (.xlsx or .csv) read into plain rows, and the template they fill in.
// Pure: no database, no request; the members service validates the rows and plans the import.

/**
 * One data row as the organizer typed it, not yet validated: NFKC-normalized, trimmed, with runs of
 * spaces and line breaks inside a cell made one space.
 */
export type ImportRow = {
  /** The row number Excel shows for this row (the header is usually row 1). */
  row: number;
  name: string;
  phone: string;
  org: string;
  title: string;
  role: string;
  employeeNo: string;
};

export type ParsedFile = { rows: ImportRow[] };

export const MAX_IMPORT_ROWS = 5000;

type MemberFileErrorKey = Extract<
  MessageKey,
  "import.fileType" | "import.unreadable" | "import.empty" | "import.tooManyRows" | "import.missingColumns"
>;

/** A file the organizer has to fix; `key` and `params` go straight into `ApiError`. */
export class MemberFileError extends Error {
  override readonly name = "MemberFileError";
  readonly key: MemberFileErrorKey;
  readonly params: Record<string, string | number>;

  constructor(key: MemberFileErrorKey, params: Record<string, string | number> = {}) {
    super(t(key, params));
    this.key = key;
    this.params = params;
  }
}

type Field = Exclude<keyof ImportRow, "row">;

const FIELDS: readonly Field[] = ["name", "phone", "org", "title", "role", "employeeNo"];
const REQUIRED_FIELDS: readonly Field[] = ["name", "phone"];
const FIELD_LABELS: Record<Field, string> = {
  name: "姓名",
  phone: "手机号",
  org: "所在组织",
  title: "职务",
  role: "角色",
  employeeNo: "工号",
};

/**
 * Header spellings seen in real member lists, compared after `headerKey`. Earlier aliases win when
 * two columns claim one field, so a sheet with both 联系电话 (often a desk line) and 手机号 uses 手机号.
 */
const HEADER_ALIASES: Record<Field, readonly string[]> = {
  name: ["姓名", "名字", "成员姓名", "党员姓名", "真实姓名", "name", "fullname"],
  phone: ["手机号", "手机号码", "手机", "移动电话", "联系电话", "电话", "phone", "mobile", "phonenumber", "mobilephone", "cellphone"],
  org: ["所在组织", "组织", "党组织", "所在党组织", "所在支部", "支部", "org", "organization", "orgpath"],
  title: ["职务", "党内职务", "title", "position"],
  role: ["角色", "role"],
  employeeNo: ["工号", "员工编号", "员工号", "职工号", "职工编号", "employeeno", "employeeid", "employeenumber"],
};

/** Lists often open with a title line (“第一党支部党员名单”) or a blank row before the header. */
const HEADER_SEARCH_ROWS = 10;

const ROLE_WORDS: Record<string, Role> = {
  成员: "member",
  党员: "member",
  member: "member",
  组织管理员: "organizer",
  管理员: "organizer",
  organizer: "organizer",
  讲师: "lecturer",
  lecturer: "lecturer",
};

const ROLE_LABELS: Record<Role, string> = { member: "成员", organizer: "组织管理员", lecturer: "讲师" };

const TEMPLATE_EXAMPLES: readonly Record<Field, string>[] = [
  { name: "张三", phone: "13900000001", org: "第一党支部", title: "党员", role: "成员", employeeNo: "A1001" },
  { name: "李四", phone: "13900000002", org: "第一党支部/第一党小组", title: "组织委员", role: "组织管理员", employeeNo: "A1002" },
];

/** The template's example phones, so the service can flag example rows an organizer forgot to delete. */
export const TEMPLATE_EXAMPLE_PHONES: readonly string[] = TEMPLATE_EXAMPLES.map((example) => example.phone);

/**
 * The member rows of an uploaded list, or a `MemberFileError` saying what to fix in the file.
 *
 * @example
 * const { rows } = await parseMemberFile(bytes, "党员名单.xlsx");
 * // [{ row: 2, name: "张三", phone: "13900000001", org: "第一党支部", title: "党员", role: "成员", employeeNo: "A1001" }]
 */
export async function parseMemberFile(bytes: Uint8Array, fileName: string): Promise<ParsedFile> {
  const kind = fileKind(fileName);
  if (bytes.length === 0) throw new MemberFileError("import.empty");
  return { rows: extractRows(await readSheets(kind, bytes)) };
}

/** 成员/党员/member → member, 组织管理员/管理员/organizer → organizer, 讲师/lecturer → lecturer; empty → member. */
export function normalizeRole(text: string): Role | null {
  const key = compact(text).toLowerCase();
  if (key === "") return "member";
  return ROLE_WORDS[key] ?? null;
}

/** One of the fixed 职务; empty → 党员. */
export function normalizeTitle(text: string): Title | null {
  const key = compact(text);
  if (key === "") return "党员";
  return titles.find((title) => title === key) ?? null;
}

/** A mainland mobile number as 11 digits, accepting spaces, dashes and a +86/0086/86 prefix. */
export function normalizePhone(text: string): string | null {
  const digits = text
    .normalize("NFKC")
    .replace(/[\s\-‐‑–—]/g, "")
    .replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, "");
  return /^1\d{10}$/.test(digits) ? digits : null;
}

/** The file organizers download, fill in and upload again. */
export async function buildMemberTemplate(format: "xlsx" | "csv"): Promise<Uint8Array> {
  const header = FIELDS.map((field) => FIELD_LABELS[field]);
  const examples = TEMPLATE_EXAMPLES.map((example) => FIELDS.map((field) => example[field]));
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

type FileKind = "xlsx" | "csv";

function fileKind(fileName: string): FileKind {
  const ext = /\.([^.]+)$/.exec(fileName.normalize("NFKC").trim())?.[1]?.toLowerCase();
  if (ext === "xlsx" || ext === "csv") return ext;
  throw new MemberFileError("import.fileType");
}

function unreadable(reason: string): MemberFileError {
  return new MemberFileError("import.unreadable", { reason });
}

async function readSheets(kind: FileKind, bytes: Uint8Array): Promise<Sheet[]> {
  let sheets: Sheet[];
  try {
    sheets = kind === "xlsx" ? await readXlsxSheets(bytes) : [readCsvSheet(bytes)];
  } catch (error) {
    if (error instanceof UnreadableSpreadsheetError) throw unreadable(error.reason);
    throw error;
  }
  return sheets.map((sheet) => ({ ...sheet, cells: (row) => sheet.cells(row).map(cleanText) }));
}

function extractRows(sheets: Sheet[]): ImportRow[] {
  let closest: HeaderMatch | undefined;
  for (const sheet of sheets) {
    const header = findHeader(sheet);
    if (header.missing.length === 0) return dataRows(sheet, header);
    if (!closest || header.found > closest.found) closest = header;
  }
  if (!closest || !sheets.some(hasAnyCell)) throw new MemberFileError("import.empty");
  throw new MemberFileError("import.missingColumns", { columns: closest.missing.map((field) => FIELD_LABELS[field]).join("、") });
}

type HeaderMatch = { row: number; columns: Partial<Record<Field, number>>; found: number; missing: Field[] };

/** The first row among the first few that names every required column; else the closest one, to say what is missing. */
function findHeader(sheet: Sheet): HeaderMatch {
  let best: HeaderMatch = { row: 0, columns: {}, found: 0, missing: [...REQUIRED_FIELDS] };
  for (let row = 1; row <= Math.min(sheet.lastRow, HEADER_SEARCH_ROWS); row++) {
    const columns = matchHeader(sheet.cells(row));
    const missing = REQUIRED_FIELDS.filter((field) => columns[field] === undefined);
    const found = Object.keys(columns).length;
    if (missing.length === 0) return { row, columns, found, missing };
    if (found > best.found) best = { row, columns, found, missing };
  }
  return best;
}

function matchHeader(cells: string[]): Partial<Record<Field, number>> {
  const columns: Partial<Record<Field, number>> = {};
  const rank: Partial<Record<Field, number>> = {};
  cells.forEach((cell, col) => {
    const key = headerKey(cell);
    for (const field of FIELDS) {
      const r = HEADER_ALIASES[field].indexOf(key);
      if (r >= 0 && (rank[field] === undefined || r < rank[field])) {
        rank[field] = r;
        columns[field] = col;
      }
    }
  });
  return columns;
}

function dataRows(sheet: Sheet, header: HeaderMatch): ImportRow[] {
  const rows: ImportRow[] = [];
  for (let row = header.row + 1; row <= sheet.lastRow; row++) {
    const cells = sheet.cells(row);
    const pick = (field: Field) => {
      const col = header.columns[field];
      return col === undefined ? "" : (cells[col] ?? "");
    };
    const values = {
      name: pick("name"),
      phone: pick("phone"),
      org: pick("org"),
      title: pick("title"),
      role: pick("role"),
      employeeNo: pick("employeeNo"),
    };
    // Rows with nothing in the columns we read carry no member: blank spacer rows, trailing rows that only
    // keep a border or a 序号, notes in an extra column.
    if (FIELDS.every((field) => values[field] === "")) continue;
    if (rows.length === MAX_IMPORT_ROWS) throw new MemberFileError("import.tooManyRows", { max: MAX_IMPORT_ROWS });
    rows.push({ row, ...values });
  }
  if (rows.length === 0) throw new MemberFileError("import.empty");
  return rows;
}

function hasAnyCell(sheet: Sheet): boolean {
  for (let row = 1; row <= sheet.lastRow; row++) if (sheet.cells(row).some((cell) => cell !== "")) return true;
  return false;
}

/** NFKC turns full-width digits, letters and spaces into plain ones; zero-width marks come from copying out of web pages. */
function cleanText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function compact(text: string): string {
  return cleanText(text).replace(/\s/g, "");
}

// ---------------------------------------------------------------------------------------------
// Writing the template

const COLUMN_WIDTHS: Record<Field, number> = { name: 12, phone: 16, org: 28, title: 14, role: 14, employeeNo: 12 };
/** Text format, so Excel keeps phones as typed instead of 1.39E+10, and 工号 keeps leading zeros. */
const TEXT_FIELDS: ReadonlySet<Field> = new Set(["phone", "employeeNo"]);
/** Enough rows for a full import; the drop-downs are one range each in the file, not one per cell. */
const DROPDOWN_ROWS = MAX_IMPORT_ROWS + 1;

async function buildXlsxTemplate(header: string[], examples: string[][]): Promise<Uint8Array> {
  const workbook = new (await loadWorkbookClass())();
  workbook.creator = "链学";

  const sheet = workbook.addWorksheet("成员", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = FIELDS.map((field) => ({
    key: field,
    width: COLUMN_WIDTHS[field],
    style: TEXT_FIELDS.has(field) ? { numFmt: "@" } : {},
  }));
  sheet.addRow(header).font = { bold: true };
  for (const example of examples) sheet.addRow(example);
  addDropdown(sheet, "title", titles, "职务");
  addDropdown(sheet, "role", Object.values(ROLE_LABELS), "角色");

  const guide = workbook.addWorksheet("填写说明");
  guide.columns = [{ width: 12 }, { width: 10 }, { width: 80 }];
  guide.addRow(["列名", "是否必填", "填写说明"]).font = { bold: true };
  const notes: Record<Field, [string, string]> = {
    name: ["必填", "成员的真实姓名。"],
    phone: ["必填", "11 位手机号，作为成员登录链学的账号。"],
    org: ["选填", "成员所在的组织，填写组织树中显示的名称，或用“/”分隔的路径，如“第一党支部/第一党小组”。留空表示导入到当前所选的组织。"],
    title: ["选填", `可填：${titles.join("、")}。留空默认为“党员”。`],
    role: ["选填", `可填：${Object.values(ROLE_LABELS).join("、")}。留空默认为“成员”。`],
    employeeNo: ["选填", "单位内的员工编号，可留空。"],
  };
  for (const field of FIELDS) guide.addRow([FIELD_LABELS[field], ...notes[field]]);
  guide.addRow([]);
  for (const line of [
    "“成员”表的第一行是表头，请不要修改；列的顺序可以调整，多出来的列会被忽略。",
    "表中的两行示例（张三、李四）请在填写前删除。",
    `每次最多导入 ${MAX_IMPORT_ROWS} 行。也可以上传 CSV 文件（UTF-8 或 GBK 编码）。`,
  ]) {
    guide.addRow([line]);
  }
  guide.getColumn(3).alignment = { wrapText: true, vertical: "top" };

  // Typed as ArrayBuffer, but a Node Buffer at run time; copying through the constructor is right for both.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function addDropdown(sheet: ExcelJS.Worksheet, field: Field, choices: readonly string[], label: string): void {
  const column = sheet.getColumn(field).letter;
  // `dataValidations.add(range, …)` exists at runtime but is missing from exceljs' typings.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } })
    .dataValidations;
  validations.add(`${column}2:${column}${DROPDOWN_ROWS}`, {
    type: "list",
    allowBlank: true,
    formulae: [`"${choices.join(",")}"`],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: `${label}不在可选范围内`,
    error: `请从下拉列表中选择${label}，或留空。`,
  });
}

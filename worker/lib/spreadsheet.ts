import util from "node:util";
import type ExcelJS from "exceljs";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { zipExpansionProblem } from "./zip";

// Uploaded spreadsheets (.xlsx, .csv) read into sheets of cell texts, for every importer that takes
// them (member lists, question sheets). Cell texts come back as stored: each importer decides how
// much to normalize (a phone number wants NFKC; a question stem must keep its full-width punctuation).

/** A file that cannot be read as a spreadsheet; `reason` is a sentence the uploader can act on. */
export class UnreadableSpreadsheetError extends Error {
  override readonly name = "UnreadableSpreadsheetError";
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

/** A sheet as rows of cell texts; `cells(n)` is row n as Excel numbers it (1-based), index 0 = column A. */
export type Sheet = { name: string; lastRow: number; cells: (row: number) => string[] };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** The OLE2 compound file: old .xls and .doc, and also any password-protected .xlsx or .docx. */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_MAGIC);
}

export function isCompoundFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, CFB_MAGIC);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

/**
 * exceljs, loaded on first use so that isolates which never see a workbook skip evaluating it.
 *
 * Not the package entry: Workers bundlers (wrangler, and the vitest plugin) resolve it through its
 * "browser" field to a browserify bundle whose `process.nextTick` shim keeps one queue per isolate and
 * drains it with a setTimeout. Workers drop a request's timers when the response is sent, so a drain
 * still pending then leaves the queue non-empty for good, and every later load in the isolate hangs.
 * exceljs' own CommonJS sources, bundled directly, use the runtime's `process.nextTick` instead.
 *
 * They pull in readable-stream, which takes `util.debuglog("stream")` when it is first evaluated; in
 * workerd that logger is always on, so every stream event would be logged. It gets a silent one.
 */
export async function loadWorkbookClass(): Promise<typeof ExcelJS.Workbook> {
  const nodeUtil = util as { debuglog: unknown };
  const debuglog = nodeUtil.debuglog;
  nodeUtil.debuglog = () => Object.assign(() => {}, { enabled: false });
  try {
    // @ts-expect-error: exceljs ships no typings for this path; it is the class its typings call `Workbook`.
    const loaded: { default: typeof ExcelJS.Workbook } = await import("exceljs/lib/doc/workbook.js");
    return loaded.default;
  } finally {
    nodeUtil.debuglog = debuglog;
  }
}

/** The visible sheets of an .xlsx workbook, or an `UnreadableSpreadsheetError`. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<Sheet[]> {
  if (isCompoundFile(bytes))
    throw new UnreadableSpreadsheetError("这是旧版 .xls 文件或设置了密码的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后上传");
  if (!isZip(bytes)) throw new UnreadableSpreadsheetError("文件内容不是 .xlsx 工作簿");
  const problem = await zipExpansionProblem(bytes);
  if (problem) throw new UnreadableSpreadsheetError(problem);
  const workbook = new (await loadWorkbookClass())();
  try {
    // Data validations are skipped because exceljs expands each range into one object per cell: a
    // drop-down on a whole column is a million of them, enough to exhaust a Worker's memory.
    await workbook.xlsx.load(bytes.slice().buffer, { ignoreNodes: ["dataValidations"] });
  } catch {
    throw new UnreadableSpreadsheetError("工作簿已损坏或不是 Excel 文件，请在 Excel 中打开后重新保存");
  }
  return workbook.worksheets
    .filter((worksheet) => worksheet.state === "visible")
    .map((worksheet) => ({
      name: worksheet.name,
      lastRow: worksheet.rowCount,
      cells: (rowNumber) => {
        const row = worksheet.findRow(rowNumber);
        if (!row) return [];
        const texts: string[] = [];
        // A merged cell's other parts report the master's value, so a value merged down a block of rows fills each row.
        for (let col = 1; col <= row.cellCount; col++) texts.push(cellText(row.findCell(col)?.value));
        return texts;
      },
    }));
}

/** What a cell shows, as text: rich text flattened, a formula's result, a date as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  // String() keeps every digit of an 11-digit phone typed as a number; it switches to exponents only past 1e21.
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText(value.result);
  // A hyperlink's text is rich text when the link was styled in Excel.
  if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue);
  if ("error" in value) return value.error;
  return "";
}

/** exceljs builds dates in UTC from the sheet's serial number, so UTC fields are what the cell shows. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** A CSV file (comma, tab or semicolon separated, in any encoding `decodeText` reads) as one sheet. */
export function readCsvSheet(bytes: Uint8Array): Sheet {
  if (isZip(bytes)) throw new UnreadableSpreadsheetError("文件内容是 Excel 工作簿，请把扩展名改为 .xlsx 后上传");
  if (isCompoundFile(bytes)) throw new UnreadableSpreadsheetError("文件内容是旧版 Excel 工作簿，请另存为 .xlsx 或 CSV 后上传");
  const parsed = Papa.parse<string[]>(decodeText(bytes), { skipEmptyLines: false, delimitersToGuess: [",", "\t", ";"] });
  // An unclosed quote swallows the rest of the file into one cell; better to say where than import nonsense.
  const unclosed = parsed.errors.find((error) => error.code === "MissingQuotes");
  if (unclosed) throw new UnreadableSpreadsheetError(`第 ${(unclosed.row ?? 0) + 1} 行的引号没有成对`);
  // One record is one Excel row even when a quoted cell spans lines, so record index + 1 is the row number.
  const records = parsed.data;
  return { name: "CSV", lastRow: records.length, cells: (row) => records[row - 1] ?? [] };
}

/** Text in UTF-8 (with or without BOM), UTF-16 with BOM, or else GBK, as Excel on Chinese Windows saves it. */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, UTF8_BOM)) return new TextDecoder("utf-8").decode(bytes.subarray(UTF8_BOM.length));
  if (startsWith(bytes, [0xff, 0xfe])) return iconv.decode(bytes.subarray(2), "utf-16le");
  if (startsWith(bytes, [0xfe, 0xff])) return iconv.decode(bytes.subarray(2), "utf-16be");
  if (bytes.subarray(0, 8192).includes(0)) throw new UnreadableSpreadsheetError("文件不是文本格式的 CSV");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not UTF-8, so it is what Excel on Chinese Windows saves as “CSV (逗号分隔)”: code page 936.
    // GB18030 decodes every GBK byte sequence the same way and also covers the rare characters GBK lacks.
    return iconv.decode(bytes, "gb18030");
  }
}

/** “姓名*”, “ 手机号码（必填）”, “Employee No”, “选项 A” → 姓名, 手机号码, employeeno, 选项a: a header cell as compared with aliases. */
export function headerKey(cell: string): string {
  return cell
    .normalize("NFKC")
    .replace(/\(.*?\)|\[.*?\]|【.*?】/g, "")
    .replace(/[\s*_\-:.]/g, "")
    .toLowerCase();
}

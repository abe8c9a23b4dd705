import Papa from "papaparse";
import { loadWorkbookClass } from "./spreadsheet";

// Tables people download (results, statistics) written as .xlsx or .csv from one description, so
// both formats carry the same columns in the same order.

export type TableFormat = "xlsx" | "csv";

/**
 * How a column's values are written. `text` cells stay text in Excel (a phone number is not turned
 * into 1.39E+10); `percent` values are shares 0…1, shown as 87.5 %; `decimal` with two places.
 */
export type TableColumn = { header: string; width: number; kind: "text" | "integer" | "decimal" | "percent" };

export type TableCell = string | number | null;

export type Table = { sheetName: string; columns: TableColumn[]; rows: TableCell[][] };

export const tableContentTypes: Record<TableFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

const numberFormats: Record<TableColumn["kind"], string | undefined> = {
  text: "@",
  integer: "0",
  decimal: "0.00",
  percent: "0.0%",
};

/**
 * The tables as a file: an .xlsx workbook with a sheet per table, or a UTF-8 CSV with a BOM (several
 * tables follow one another, each under a line with its sheet name, a blank line between).
 */
export async function buildTableFile(format: TableFormat, table: Table | Table[]): Promise<Uint8Array> {
  const tables = Array.isArray(table) ? table : [table];
  if (format === "xlsx") return buildXlsx(tables);
  const texts = tables.map((t) =>
    tables.length > 1 ? `${csvText({ ...t, columns: [], rows: [[t.sheetName]] })}${csvText(t)}` : csvText(t),
  );
  return new TextEncoder().encode(`\uFEFF${texts.join("\r\n")}`);
}

export type TableDownload = { bytes: Uint8Array; contentType: string; disposition: string };

/** A download of the tables named `name` (Chinese) with `asciiName` for clients that read only ASCII. */
export async function tableDownload(table: Table | Table[], format: TableFormat, asciiName: string, name: string): Promise<TableDownload> {
  return {
    bytes: await buildTableFile(format, table),
    contentType: tableContentTypes[format],
    disposition: attachmentDisposition(asciiName, name, format),
  };
}

function csvText(table: Table): string {
  const rows = table.rows.map((row) =>
    row.map((cell, i) => {
      if (cell === null) return "";
      if (typeof cell === "number" && table.columns[i]?.kind === "percent") return `${(cell * 100).toFixed(1)}%`;
      return cell;
    }),
  );
  // Excel reads a CSV without a BOM in the system code page (GBK in China) and garbles UTF-8; CRLF
  // is what Excel itself writes. A name typed as "=…" or "+…" must not run as a formula when the
  // file is opened: such cells get a leading apostrophe (numbers are left alone).
  const header = table.columns.length > 0 ? [table.columns.map((c) => c.header)] : [];
  return `${Papa.unparse([...header, ...rows], { newline: "\r\n", escapeFormulae: true })}\r\n`;
}

async function buildXlsx(tables: Table[]): Promise<Uint8Array> {
  const workbook = new (await loadWorkbookClass())();
  workbook.creator = "链学";
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({ width: column.width, style: { numFmt: numberFormats[column.kind] } }));
    // Strings are written as shared strings, never as formulas, so "=…" in a name is inert here.
    sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
  }
  // Typed as ArrayBuffer, but a Node Buffer at run time; copying through the constructor is right for both.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * A Content-Disposition for a download named in Chinese: `filename*` (RFC 6266) for browsers, and
 * an ASCII `filename` for clients that read only that. Characters Windows refuses in a file name
 * are replaced, and a long name is cut before its extension.
 */
export function attachmentDisposition(asciiBase: string, base: string, format: TableFormat): string {
  const safe = [...base.replace(/[\\/:*?"<>|]/g, "_").replace(/\s+/g, " ")].slice(0, 80).join("").trim() || asciiBase;
  // encodeURIComponent leaves ' ( ) as they are, which RFC 5987 does not allow in a value.
  const encoded = encodeURIComponent(`${safe}.${format}`).replace(/['()]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiBase}.${format}"; filename*=UTF-8''${encoded}`;
}

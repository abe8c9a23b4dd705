import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { MAX_ZIP_ENTRIES, zipExpansionProblem } from "../../worker/lib/zip";
import { buildZip, CONTENT_TYPES, deflate, stored, zipBomb } from "../helpers/zip";

const TOO_LARGE = "文件解压后超过 50 MB，不像是正常的 Office 文件；请删除多余的内容（如图片、隐藏的工作表）后重新保存再上传";
const MB = 1024 * 1024;

describe("zipExpansionProblem", () => {
  it("lets real workbooks and documents through, and leaves what is not a zip to the reader", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("题目").addRow(["题型", "题干", "答案"]);
    expect(await zipExpansionProblem(new Uint8Array(await workbook.xlsx.writeBuffer()))).toBeNull();
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document/>".repeat(1000));
    expect(await zipExpansionProblem(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }))).toBeNull();
    expect(await zipExpansionProblem(new TextEncoder().encode("这不是压缩文件"))).toBeNull();
    expect(await zipExpansionProblem(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBeNull();
  });

  it("refuses a zip whose parts declare more than 50 MB in all: a 51 MB part deflated to a few dozen KB", async () => {
    const bomb = await zipBomb("xl/worksheets/sheet1.xml", 51 * MB);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await zipExpansionProblem(bomb)).toBe(TOO_LARGE);
  });

  it("adds the parts up: each well under the limit, over it together", async () => {
    const data = await deflate(new Uint8Array(MB).fill(0x20));
    const parts = Array.from({ length: 3 }, (_, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data,
      method: 8 as const,
      unzipped: MB,
    }));
    expect(await zipExpansionProblem(buildZip(parts), 3 * MB)).toBeNull();
    expect(await zipExpansionProblem(buildZip([...parts, CONTENT_TYPES]), 3 * MB)).toBe(
      "文件解压后超过 3 MB，不像是正常的 Office 文件；请删除多余的内容（如图片、隐藏的工作表）后重新保存再上传",
    );
  });

  it("refuses a part that inflates to more than its header says, even with the total declared well under the limit", async () => {
    const data = await deflate(new Uint8Array(8 * MB).fill(0x20));
    const liar = buildZip([CONTENT_TYPES, { name: "word/document.xml", data, method: 8, unzipped: 1000 }]);
    expect(await zipExpansionProblem(liar)).toBe(TOO_LARGE);
    const honest = buildZip([CONTENT_TYPES, { name: "word/document.xml", data, method: 8, unzipped: 8 * MB }]);
    expect(await zipExpansionProblem(honest)).toBeNull();
  });

  it("reads ZIP64 sizes, and refuses one beyond the limit", async () => {
    const data = await deflate(new Uint8Array(MB).fill(0x20));
    expect(await zipExpansionProblem(buildZip([CONTENT_TYPES, { name: "a.xml", data, method: 8, unzipped: MB, zip64: true }]))).toBeNull();
    const huge = buildZip([CONTENT_TYPES, { name: "a.xml", data, method: 8, unzipped: 5 * 1024 * MB, zip64: true }]);
    expect(await zipExpansionProblem(huge)).toBe(TOO_LARGE);
  });

  it("refuses more parts than any Office file has", async () => {
    const parts = Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => stored(`p/${i}.xml`, "<a/>"));
    expect(await zipExpansionProblem(buildZip(parts))).toBe(
      "文件内部的部件过多（超过 10000 个），不像是正常的 Office 文件，请重新保存后上传",
    );
    expect(await zipExpansionProblem(buildZip(parts.slice(0, MAX_ZIP_ENTRIES)))).toBeNull();
  });

  it("finds the directory behind bytes put in front of the zip, as JSZip does", async () => {
    const bomb = await zipBomb("xl/worksheets/sheet1.xml", 51 * MB);
    const prefixed = new Uint8Array(bomb.length + 100);
    prefixed.set(bomb, 100);
    expect(await zipExpansionProblem(prefixed)).toBe(TOO_LARGE);
  });
});

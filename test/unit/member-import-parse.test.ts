import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  buildMemberTemplate,
  type ImportRow,
  MemberFileError,
  normalizePhone,
  normalizeRole,
  normalizeTitle,
  parseMemberFile,
} from "../../worker/features/members/member-import.parse";

/** A full expected row; the empty-string defaults keep each case to the columns it is about. */
function row(row: number, name: string, phone: string, org = "", title = "", role = "", employeeNo = ""): ImportRow {
  return { row, name, phone, org, title, role, employeeNo };
}

/**
 * Fixtures come from exceljs' package entry (the browser bundle, as the plugin resolves it), a different
 * build from the one the parser loads, so reading is not only checked against its own writer.
 */
async function xlsx(
  rows: ExcelJS.CellValue[][],
  edit?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("名单");
  for (const values of rows) sheet.addRow(values);
  edit?.(sheet, workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A zip with stored (uncompressed) entries: enough to hand-write the XML other spreadsheet programs produce. */
function zip(files: Record<string, string>): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data: Uint8Array) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const local: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
  const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = utf8(name);
    const data = utf8(text);
    const meta = [
      ...u16(20),
      ...u16(0x0800),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u32(crc32(data)),
      ...u32(data.length),
      ...u32(data.length),
      ...u16(nameBytes.length),
      ...u16(0),
    ];
    central.push(...u32(0x02014b50), ...u16(20), ...meta, ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(local.length), ...nameBytes);
    local.push(...u32(0x04034b50), ...meta, ...nameBytes, ...data);
  }
  const count = Object.keys(files).length;
  const end = [
    ...u32(0x06054b50),
    ...u16(0),
    ...u16(0),
    ...u16(count),
    ...u16(count),
    ...u32(central.length),
    ...u32(local.length),
    ...u16(0),
  ];
  return new Uint8Array([...local, ...central, ...end]);
}

/** The error's whole shape, or a failure naming what came back instead. */
async function failure(promise: Promise<unknown>): Promise<{ key: string; params: Record<string, string | number> }> {
  try {
    const result = await promise;
    throw new Error(`expected a MemberFileError, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (!(error instanceof MemberFileError)) throw error;
    return { key: error.key, params: error.params };
  }
}

describe("parseMemberFile: xlsx", () => {
  it("reads Chinese headers, phones typed as numbers and skips extra columns", async () => {
    const file = await xlsx([
      ["序号", "姓名", "手机号", "所在组织", "职务", "角色", "工号", "备注"],
      [1, "张三", 13800000001, "第一党支部", "党员", "成员", "A1001", "新入职"],
      [2, "李四", 13800000002, "第一党支部/第一党小组", "书记", "组织管理员", 1002, ""],
    ]);
    expect(await parseMemberFile(file, "党员名单.xlsx")).toEqual({
      rows: [
        row(2, "张三", "13800000001", "第一党支部", "党员", "成员", "A1001"),
        row(3, "李四", "13800000002", "第一党支部/第一党小组", "书记", "组织管理员", "1002"),
      ],
    });
  });

  it("reads English headers in any order, with asterisks, spaces and full-width letters", async () => {
    const file = await xlsx([
      ["Employee_No", "Ｐｈｏｎｅ*", "Role", " NAME ", "Title", "org"],
      ["E7", "13800000003", "lecturer", "Wang Wu", "党员", "第二党支部"],
    ]);
    expect(await parseMemberFile(file, "MEMBERS.XLSX")).toEqual({
      rows: [row(2, "Wang Wu", "13800000003", "第二党支部", "党员", "lecturer", "E7")],
    });
  });

  it("tolerates header decorations: required marks, notes in brackets, full-width spaces", async () => {
    const file = await xlsx([
      ["姓名*", "手机号码（必填）", "＊党组织", "职　务", "角色(成员/组织管理员/讲师)", "员工编号"],
      ["张三", "13800000001", "第一党支部", "委员", "讲师", "7"],
    ]);
    expect((await parseMemberFile(file, "a.xlsx")).rows).toEqual([row(2, "张三", "13800000001", "第一党支部", "委员", "讲师", "7")]);
  });

  it("turns rich text, formulas, hyperlinks, dates, full-width digits and zero-width marks into plain text", async () => {
    const file = await xlsx([
      ["姓名", "手机号", "所在组织", "工号"],
      [
        { richText: [{ text: "张", font: { bold: true } }, { text: "三" }] },
        { formula: "13800000000+1", result: 13800000001 },
        { text: "第一党支部", hyperlink: "https://example.com/org/1" },
        new Date(Date.UTC(2024, 2, 1)),
      ],
      [
        "\u200B李四\uFEFF",
        "１３８ ０００ ０００ ０２",
        { text: { richText: [{ text: "第二" }, { text: "党支部" }] }, hyperlink: "https://example.com" },
        { error: "#N/A" },
      ],
    ] as ExcelJS.CellValue[][]);
    expect(await parseMemberFile(file, "a.xlsx")).toEqual({
      rows: [
        row(2, "张三", "13800000001", "第一党支部", "", "", "2024-03-01"),
        row(3, "李四", "138 000 000 02", "第二党支部", "", "", "#N/A"),
      ],
    });
  });

  it("reads what other programs write: inline strings, phonetic runs, formula strings, numbers in exponent form", async () => {
    const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const file = zip({
      "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
      "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${rels}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rels}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rels}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      "xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${main}" count="3" uniqueCount="3"><si><t>姓名</t><rPh sb="0" eb="2"><t>xingming</t></rPh><phoneticPr fontId="1"/></si><si><t xml:space="preserve">所在组织 </t></si><si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r></si></sst>`,
      "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>手机号码</t></is></c><c r="C1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1.3800000001E10</v></c><c r="C2" t="str"><f>"第一"&amp;"党支部"</f><v>第一党支部</v></c></row><row r="4"><c r="A4" t="inlineStr"><is><t xml:space="preserve"> 李四 </t></is></c><c r="B4" t="inlineStr"><is><t>13800000002</t></is></c></row></sheetData></worksheet>`,
    });
    expect(await parseMemberFile(file, "export.xlsx")).toEqual({
      rows: [row(2, "张三", "13800000001", "第一党支部"), row(4, "李四", "13800000002")],
    });
  });

  it("finds the header below a merged title line and fills merged 所在组织 cells into each row", async () => {
    const file = await xlsx(
      [
        ["第一党支部党员名单"],
        ["姓名", "手机号", "所在组织"],
        ["张三", 13800000001, "第一党小组"],
        ["李四", 13800000002, null],
        ["王五", 13800000003, "第二党小组"],
      ],
      (sheet) => {
        sheet.mergeCells("A1:C1");
        sheet.mergeCells("C3:C4");
      },
    );
    expect((await parseMemberFile(file, "a.xlsx")).rows).toEqual([
      row(3, "张三", "13800000001", "第一党小组"),
      row(4, "李四", "13800000002", "第一党小组"),
      row(5, "王五", "13800000003", "第二党小组"),
    ]);
  });

  it("keeps row numbers true across blank and formatted-only rows, and ignores trailing ones", async () => {
    const file = await xlsx([["姓名", "手机号"], ["张三", 13800000001], [], [null, null], ["李四", 13800000002], [], []], (sheet) => {
      sheet.getCell("A4").border = { bottom: { style: "thin" } };
      sheet.getCell("B9").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
    });
    expect((await parseMemberFile(file, "a.xlsx")).rows).toEqual([row(2, "张三", "13800000001"), row(5, "李四", "13800000002")]);
  });

  it("reads the sheet that holds the list when another sheet comes first, and skips hidden sheets", async () => {
    const file = await xlsx([["说明：请在“成员”表中填写"]], (_, workbook) => {
      const hidden = workbook.addWorksheet("旧名单", { state: "hidden" });
      hidden.addRow(["姓名", "手机号"]);
      hidden.addRow(["旧人", 13800000009]);
      const members = workbook.addWorksheet("成员");
      members.addRow(["姓名", "手机号"]);
      members.addRow(["张三", 13800000001]);
    });
    expect((await parseMemberFile(file, "a.xlsx")).rows).toEqual([row(2, "张三", "13800000001")]);
  });

  it("does not expand drop-downs that cover whole columns into millions of cells", async () => {
    const file = await xlsx(
      [
        ["姓名", "手机号", "职务"],
        ["张三", 13800000001, "党员"],
      ],
      (sheet) => {
        const { dataValidations } = sheet as unknown as {
          dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
        };
        dataValidations.add("C2:E1048576", { type: "list", allowBlank: true, formulae: ['"书记,党员"'] });
      },
    );
    // Expanded, these three columns take exceljs several seconds and hundreds of MB; skipped, milliseconds.
    const started = Date.now();
    expect((await parseMemberFile(file, "a.xlsx")).rows).toEqual([row(2, "张三", "13800000001", "", "党员")]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("reads 5000 data rows and refuses 5001", async () => {
    const people = (count: number) => [["姓名", "手机号"], ...Array.from({ length: count }, (_, i) => [`成员${i + 1}`, 13800000000 + i])];
    const { rows } = await parseMemberFile(await xlsx(people(5000)), "a.xlsx");
    expect(rows.length).toBe(5000);
    expect(rows[4999]).toEqual(row(5001, "成员5000", "13800004999"));
    expect(await failure(parseMemberFile(await xlsx(people(5001)), "a.xlsx"))).toEqual({
      key: "import.tooManyRows",
      params: { max: 5000 },
    });
  });

  it("names the missing required columns", async () => {
    expect(
      await failure(
        parseMemberFile(
          await xlsx([
            ["姓名", "所在组织"],
            ["张三", "第一党支部"],
          ]),
          "a.xlsx",
        ),
      ),
    ).toEqual({
      key: "import.missingColumns",
      params: { columns: "手机号" },
    });
    expect(
      await failure(
        parseMemberFile(
          await xlsx([
            ["编号", "备注"],
            ["1", "x"],
          ]),
          "a.xlsx",
        ),
      ),
    ).toEqual({
      key: "import.missingColumns",
      params: { columns: "姓名、手机号" },
    });
  });

  it("calls a workbook with no rows, or only a header, empty", async () => {
    expect(await failure(parseMemberFile(await xlsx([]), "a.xlsx"))).toEqual({ key: "import.empty", params: {} });
    expect(await failure(parseMemberFile(await xlsx([["姓名", "手机号", "所在组织"], [], [null, "", " "]]), "a.xlsx"))).toEqual({
      key: "import.empty",
      params: {},
    });
  });

  it("refuses bytes that are not an .xlsx workbook", async () => {
    expect(await failure(parseMemberFile(utf8("姓名,手机号\n张三,13800000001\n"), "名单.xlsx"))).toEqual({
      key: "import.unreadable",
      params: { reason: "文件内容不是 .xlsx 工作簿" },
    });
    const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    expect(await failure(parseMemberFile(ole2, "名单.xlsx"))).toEqual({
      key: "import.unreadable",
      params: { reason: "这是旧版 .xls 文件或设置了密码的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后上传" },
    });
    const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8("not really a zip archive")]);
    expect(await failure(parseMemberFile(brokenZip, "名单.xlsx"))).toEqual({
      key: "import.unreadable",
      params: { reason: "工作簿已损坏或不是 Excel 文件，请在 Excel 中打开后重新保存" },
    });
  });
});

describe("parseMemberFile: file type", () => {
  it("refuses .xls and other extensions whatever the content", async () => {
    const real = await xlsx([
      ["姓名", "手机号"],
      ["张三", 13800000001],
    ]);
    for (const name of ["名单.xls", "名单.xlsm", "名单.txt", "名单", "xlsx"]) {
      expect(await failure(parseMemberFile(real, name))).toEqual({ key: "import.fileType", params: {} });
    }
  });

  it("refuses a workbook renamed to .csv", async () => {
    expect(await failure(parseMemberFile(await xlsx([["姓名", "手机号"]]), "名单.csv"))).toEqual({
      key: "import.unreadable",
      params: { reason: "文件内容是 Excel 工作簿，请把扩展名改为 .xlsx 后上传" },
    });
  });

  it("calls a zero-byte file empty", async () => {
    expect(await failure(parseMemberFile(new Uint8Array(), "a.csv"))).toEqual({ key: "import.empty", params: {} });
    expect(await failure(parseMemberFile(new Uint8Array(), "a.xlsx"))).toEqual({ key: "import.empty", params: {} });
  });
});

describe("parseMemberFile: csv", () => {
  const expected = { rows: [row(2, "张三", "13800000001", "第一党支部", "党员"), row(3, "李四", "13800000002", "第二党支部", "书记")] };
  const text = "姓名,手机号,所在组织,职务\n张三,13800000001,第一党支部,党员\n李四,13800000002,第二党支部,书记\n";

  it("reads UTF-8 without a BOM", async () => {
    expect(await parseMemberFile(utf8(text), "a.csv")).toEqual(expected);
  });

  it("reads UTF-8 with a BOM, as Excel's “CSV UTF-8” saves it", async () => {
    expect(await parseMemberFile(utf8(`\uFEFF${text}`), "a.CSV")).toEqual(expected);
  });

  it("reads GBK, as Excel on Chinese Windows saves a plain CSV", async () => {
    const gbk = new Uint8Array(iconv.encode(text.replaceAll("\n", "\r\n"), "gbk"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    expect(await parseMemberFile(gbk, "a.csv")).toEqual(expected);
  });

  it("reads GBK with rarer characters in names", async () => {
    const gbk = new Uint8Array(iconv.encode("姓名,手机号\r\n欧阳璟,13800000001\r\n喆睿,13800000002\r\n", "gbk"));
    expect((await parseMemberFile(gbk, "a.csv")).rows).toEqual([row(2, "欧阳璟", "13800000001"), row(3, "喆睿", "13800000002")]);
  });

  it("reads CRLF line ends", async () => {
    expect(await parseMemberFile(utf8(text.replaceAll("\n", "\r\n")), "a.csv")).toEqual(expected);
  });

  it("reads UTF-16 with a BOM, as Excel's “Unicode text” saves it (tab-separated)", async () => {
    const utf16 = new Uint8Array(iconv.encode(text.replaceAll(",", "\t"), "utf-16le", { addBOM: true }));
    expect(await parseMemberFile(utf16, "a.csv")).toEqual(expected);
  });

  it("reads quoted fields with commas, quotes and line breaks, numbering rows as Excel shows them", async () => {
    const file = utf8(
      '姓名,手机号,所在组织\r\n"张三",13800000001,"第一党支部,第一党小组"\r\n"李""四""",13800000002,"第二\r\n党支部"\r\n王五,13800000003,\r\n',
    );
    expect((await parseMemberFile(file, "a.csv")).rows).toEqual([
      row(2, "张三", "13800000001", "第一党支部,第一党小组"),
      row(3, '李"四"', "13800000002", "第二 党支部"),
      row(4, "王五", "13800000003"),
    ]);
  });

  it("keeps row numbers true across blank lines and lines of bare commas, and ignores trailing ones", async () => {
    const file = utf8("姓名,手机号\n\n张三,13800000001\n,,\n\n李四,13800000002\n\n,\n\n");
    expect((await parseMemberFile(file, "a.csv")).rows).toEqual([row(3, "张三", "13800000001"), row(6, "李四", "13800000002")]);
  });

  it("keeps text exactly except for NFKC and outer spaces", async () => {
    const file = utf8("姓名,手机号,工号,角色\n  张三 ,１３８００００００01,００７, 组织管理员\n");
    expect((await parseMemberFile(file, "a.csv")).rows).toEqual([row(2, "张三", "13800000001", "", "", "组织管理员", "007")]);
  });

  it("names the missing required columns", async () => {
    expect(await failure(parseMemberFile(utf8("手机号,职务\n13800000001,党员\n"), "a.csv"))).toEqual({
      key: "import.missingColumns",
      params: { columns: "姓名" },
    });
  });

  it("calls a header-only or blank file empty", async () => {
    for (const content of ["姓名,手机号,所在组织\r\n", "姓名,手机号\n\n,\n", "\uFEFF", "\r\n\r\n"]) {
      expect(await failure(parseMemberFile(utf8(content), "a.csv"))).toEqual({ key: "import.empty", params: {} });
    }
  });

  it("refuses 5001 data rows", async () => {
    const lines = ["姓名,手机号", ...Array.from({ length: 5001 }, (_, i) => `成员${i},${13800000000 + i}`)];
    expect(await failure(parseMemberFile(utf8(lines.join("\n")), "a.csv"))).toEqual({ key: "import.tooManyRows", params: { max: 5000 } });
    expect((await parseMemberFile(utf8(lines.slice(0, 5001).join("\n")), "a.csv")).rows.length).toBe(5000);
  });

  it("says where a quote is left open instead of swallowing the rest of the file", async () => {
    const file = utf8('姓名,手机号\n张三,13800000001\n"李四,13800000002\n王五,13800000003\n');
    expect(await failure(parseMemberFile(file, "a.csv"))).toEqual({
      key: "import.unreadable",
      params: { reason: "第 3 行的引号没有成对" },
    });
  });

  it("refuses binary content named .csv", async () => {
    expect(await failure(parseMemberFile(new Uint8Array([0x00, 0x01, 0x02, 0xff, 0x00]), "a.csv"))).toEqual({
      key: "import.unreadable",
      params: { reason: "文件不是文本格式的 CSV" },
    });
  });
});

describe("buildMemberTemplate", () => {
  const examples = [
    row(2, "张三", "13900000001", "第一党支部", "党员", "成员", "A1001"),
    row(3, "李四", "13900000002", "第一党支部/第一党小组", "组织委员", "组织管理员", "A1002"),
  ];

  it("round-trips the xlsx template to its two example rows", async () => {
    expect(await parseMemberFile(await buildMemberTemplate("xlsx"), "template.xlsx")).toEqual({ rows: examples });
  });

  it("round-trips the csv template to its two example rows", async () => {
    expect(await parseMemberFile(await buildMemberTemplate("csv"), "template.csv")).toEqual({ rows: examples });
  });

  it("writes the csv as UTF-8 with a BOM and CRLF, so Excel opens it right", async () => {
    const bytes = await buildMemberTemplate("csv");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(
      "姓名,手机号,所在组织,职务,角色,工号\r\n张三,13900000001,第一党支部,党员,成员,A1001\r\n李四,13900000002,第一党支部/第一党小组,组织委员,组织管理员,A1002\r\n",
    );
  });

  it("formats the xlsx for Excel: text phones and 工号, bold header, drop-downs, and a 填写说明 sheet", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildMemberTemplate("xlsx")).slice().buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["成员", "填写说明"]);
    const [sheet, guide] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(sheet.getRow(1).values).toEqual([undefined, "姓名", "手机号", "所在组织", "职务", "角色", "工号"]);
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("B2").value).toBe("13900000001");
    expect([sheet.getCell("B2").numFmt, sheet.getCell("F2").numFmt, sheet.getColumn(2).numFmt, sheet.getColumn(6).numFmt]).toEqual([
      "@",
      "@",
      "@",
      "@",
    ]);
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(20);
    expect(sheet.getCell("D5001").dataValidation).toEqual({
      type: "list",
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: "stop",
      errorTitle: "职务不在可选范围内",
      error: "请从下拉列表中选择职务，或留空。",
      formulae: ['"书记,副书记,委员,组织委员,宣传委员,纪检委员,党员,预备党员,入党积极分子,群众"'],
    });
    expect(sheet.getCell("E2").dataValidation?.formulae).toEqual(['"成员,组织管理员,讲师"']);
    const guideText = guide
      .getSheetValues()
      .flat()
      .filter((value) => typeof value === "string");
    expect(guideText).toEqual(expect.arrayContaining(["姓名", "手机号", "所在组织", "职务", "角色", "工号"]));
    expect(guideText.join("\n")).toContain("书记、副书记、委员、组织委员、宣传委员、纪检委员、党员、预备党员、入党积极分子、群众");
    expect(guideText.join("\n")).toContain("成员、组织管理员、讲师");
    expect(guideText.join("\n")).toContain("第一党支部/第一党小组");
  });
});

describe("normalizeRole", () => {
  it.each([
    ["", "member"],
    ["成员", "member"],
    ["党员", "member"],
    ["Member", "member"],
    [" 组织管理员 ", "organizer"],
    ["管理员", "organizer"],
    ["ORGANIZER", "organizer"],
    ["讲师", "lecturer"],
    ["lecturer", "lecturer"],
    ["书记", null],
    ["admin", null],
  ])("%j → %j", (text, role) => {
    expect(normalizeRole(text)).toBe(role);
  });
});

describe("normalizeTitle", () => {
  it.each([
    ["", "党员"],
    ["  ", "党员"],
    ["书记", "书记"],
    ["副书记", "副书记"],
    ["组织委员", "组织委员"],
    ["宣传委员", "宣传委员"],
    ["纪检委员", "纪检委员"],
    [" 预备党员 ", "预备党员"],
    ["入党积极分子", "入党积极分子"],
    ["群众", "群众"],
    ["组织 委员", "组织委员"],
    ["支部书记", null],
    ["主任", null],
  ])("%j → %j", (text, title) => {
    expect(normalizeTitle(text)).toBe(title);
  });
});

describe("normalizePhone", () => {
  it.each([
    ["13800000001", "13800000001"],
    [" 138 0000 0001 ", "13800000001"],
    ["138-0000-0001", "13800000001"],
    ["１３８００００００01", "13800000001"],
    ["+86 138 0000 0001", "13800000001"],
    ["+86-13800000001", "13800000001"],
    ["8613800000001", "13800000001"],
    ["008613800000001", "13800000001"],
    ["1380000000", null],
    ["138000000012", null],
    ["23800000001", null],
    ["010-12345678", null],
    ["1.38E+10", null],
    ["", null],
  ])("%j → %j", (text, phone) => {
    expect(normalizePhone(text)).toBe(phone);
  });
});

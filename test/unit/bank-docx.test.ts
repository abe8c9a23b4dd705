import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { parseDocx } from "../../worker/features/bank/formats/docx";
import { QuestionFileError } from "../../worker/features/bank/formats/numbered-text";
import type { ParsedQuestion, QuestionDraftInput } from "../../worker/features/bank/question";

function ok(line: number, draft: QuestionDraftInput, warnings: string[] = []): ParsedQuestion {
  const defaults = { explanation: "", source: "", tags: [], difficulty: 3, ...(draft.type === "multiple" ? { partialCredit: false } : {}) };
  return { line, draft: { ...defaults, ...draft } as Extract<ParsedQuestion, { draft: unknown }>["draft"], warnings };
}

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const YEARS = ["1919年", "1921年", "1927年", "1935年"];

const xmlText = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A paragraph; `\n` in the text is a line break inside it (Shift+Enter), `\t` a tab. `list` numbers it automatically: [numId, level]. */
function p(text: string, list?: [number, number]): string {
  const props = list ? `<w:pPr><w:numPr><w:ilvl w:val="${list[1]}"/><w:numId w:val="${list[0]}"/></w:numPr></w:pPr>` : "";
  const runs = text
    .split("\n")
    .map((line) =>
      line
        .split("\t")
        .map((part) => `<w:t xml:space="preserve">${xmlText(part)}</w:t>`)
        .join("<w:tab/>"),
    )
    .join("<w:br/>");
  return `<w:p>${props}<w:r>${runs}</w:r></w:p>`;
}

/** List 1 numbers `1.` and letters `A.` below; list 2 counts headings `一、` with `1.` below; list 3 is bullets. */
const NUMBERING = `<w:numbering xmlns:w="${W}">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>`;

/** A minimal .docx as Word writes one: content types, the package relationship, the document and its numbering. */
async function docx(...paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/_rels/document.xml.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/numbering" Target="numbering.xml"/></Relationships>`,
  );
  zip.file("word/numbering.xml", `<?xml version="1.0" encoding="UTF-8"?>${NUMBERING}`);
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${paragraphs.join("")}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

async function failure(promise: Promise<unknown>): Promise<{ key: string; params: Record<string, string | number> }> {
  try {
    const result = await promise;
    throw new Error(`expected a QuestionFileError, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (!(error instanceof QuestionFileError)) throw error;
    return { key: error.key, params: error.params };
  }
}

describe("parseDocx: typed numbers", () => {
  it("reads a question set paragraph by paragraph, numbering lines by paragraph", async () => {
    const file = await docx(
      p("2024年党史知识竞赛题库"),
      p(""),
      p("一、单选题（每题2分）"),
      p("1. 中国共产党第一次全国代表大会于哪一年召开？（  ）"),
      p("A.1919年\tB.1921年\tC.1927年\tD.1935年"),
      p("答案：B"),
      p("解析：1921年7月23日，中共一大在上海开幕。"),
      p("出处：《中国共产党简史》第一章"),
      p(""),
      p("二、判断题"),
      p("2. 中共一大最后一天的会议转移到浙江嘉兴南湖的游船上举行。（√）"),
      p("三、填空题"),
      p("3. 1935年1月，中共中央政治局在贵州____召开扩大会议。"),
      p("答案：遵义"),
    );
    expect(await parseDocx(file)).toEqual([
      ok(4, {
        type: "single",
        stem: "中国共产党第一次全国代表大会于哪一年召开？（ ）",
        options: YEARS,
        answer: 1,
        explanation: "1921年7月23日，中共一大在上海开幕。",
        source: "《中国共产党简史》第一章",
      }),
      ok(11, { type: "judge", stem: "中共一大最后一天的会议转移到浙江嘉兴南湖的游船上举行。", answer: true }),
      ok(13, { type: "fill", stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议。", answer: [["遵义"]] }),
    ]);
  });

  it("keeps line breaks inside a paragraph (Shift+Enter), which raw text would glue together", async () => {
    const file = await docx(
      p("1. 中共一大于哪一年召开？\nA.1919年\nB.1921年\nC.1927年\nD.1935年\n答案：B"),
      p("2. 遵义会议于（ ）年召开。\n答案：1935"),
    );
    expect(await parseDocx(file)).toEqual([
      ok(1, { type: "single", stem: "中共一大于哪一年召开？", options: YEARS, answer: 1 }),
      ok(2, { type: "fill", stem: "遵义会议于（ ）年召开。", answer: [["1935"]] }),
    ]);
  });

  it("reads paragraphs in table cells, and skips deleted tracked changes", async () => {
    const file = await docx(
      `<w:tbl><w:tr><w:tc>${p("1. 中共一大于哪一年召开？")}</w:tc><w:tc>${p("A.1919年 B.1921年")}</w:tc></w:tr></w:tbl>`,
      `<w:p><w:r><w:t>答案：</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>A</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>B</w:t></w:r></w:ins></w:p>`,
    );
    expect(await parseDocx(file)).toEqual([
      ok(1, { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年"], answer: 1 }),
    ]);
  });

  it("reports a question that cannot be imported at its paragraph", async () => {
    const file = await docx(p("一、单选题"), p("1. 没有答案？"), p("A.甲 B.乙"), p("2. 答案超出选项？"), p("A.甲 B.乙"), p("答案：C"));
    expect(await parseDocx(file)).toEqual([
      { line: 2, error: "缺少答案：请加一行“答案：…”，或把答案写在题干的括号里", excerpt: "1. 没有答案？\nA.甲 B.乙" },
      { line: 4, error: "答案“C”不在选项 A–B 之中", excerpt: "2. 答案超出选项？\nA.甲 B.乙\n答案：C" },
    ]);
  });

  it("finds no questions in an empty document", async () => {
    expect(await parseDocx(await docx())).toEqual([]);
    expect(await parseDocx(await docx(p(""), p("党史知识竞赛")))).toEqual([]);
  });
});

describe("parseDocx: Word's automatic numbering", () => {
  it("starts a question at each numbered paragraph when the numbers are Word's own", async () => {
    const file = await docx(
      p("一、单选题"),
      p("中共一大于哪一年召开？", [1, 0]),
      p("A.1919年 B.1921年 C.1927年 D.1935年"),
      p("答案：B"),
      p("解析：1921年7月召开。"),
      p("遵义会议在哪里召开？", [1, 0]),
      p("A. 贵州遵义 B. 江西瑞金"),
      p("答案：A"),
      p("二、判断题"),
      p("中共一大最后一天的会议在嘉兴南湖的游船上举行。", [1, 0]),
      p("答案：对"),
      p("三、填空题"),
      p("1935年1月，中共中央政治局在贵州（ ）召开扩大会议。", [1, 0]),
      p("答案：遵义"),
      p("没有答案的题", [1, 0]),
    );
    expect(await parseDocx(file)).toEqual([
      ok(2, { type: "single", stem: "中共一大于哪一年召开？", options: YEARS, answer: 1, explanation: "1921年7月召开。" }),
      ok(6, { type: "single", stem: "遵义会议在哪里召开？", options: ["贵州遵义", "江西瑞金"], answer: 0 }),
      ok(10, { type: "judge", stem: "中共一大最后一天的会议在嘉兴南湖的游船上举行。", answer: true }),
      ok(13, { type: "fill", stem: "1935年1月，中共中央政治局在贵州（ ）召开扩大会议。", answer: [["遵义"]] }),
      { line: 15, error: "缺少答案：请加一行“答案：…”，或把答案写在题干的括号里", excerpt: "没有答案的题" },
    ]);
  });

  it("letters options numbered by another list or a deeper level, and takes numbered headings for headings", async () => {
    const file = await docx(
      p("单选题", [2, 0]),
      p("中共一大于哪一年召开？", [2, 1]),
      p("1919年", [1, 1]),
      p("1921年", [1, 1]),
      p("答案：B"),
      p("多选题", [2, 0]),
      p("中共一大先后在哪些地方举行？", [2, 1]),
      p("上海", [1, 2]),
      p("北京", [1, 2]),
      p("浙江嘉兴南湖", [1, 2]),
      p("答案：AC"),
      p("• 注意：本卷共 2 题", [3, 0]),
    );
    expect(await parseDocx(file)).toEqual([
      ok(2, { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年"], answer: 1 }),
      ok(7, { type: "multiple", stem: "中共一大先后在哪些地方举行？", options: ["上海", "北京", "浙江嘉兴南湖"], answer: [0, 2] }, [
        "“• 注意：本卷共 2 题”不属于题目的任何部分，已忽略",
      ]),
    ]);
  });

  it("takes list paragraphs for lettered options when the questions carry typed numbers", async () => {
    const file = await docx(
      p("1. 中共一大于哪一年召开？"),
      p("1919年", [1, 0]),
      p("1921年", [1, 0]),
      p("答案：B"),
      p("2. 遵义会议于哪一年召开？"),
      p("1935年", [1, 0]),
      p("1936年", [1, 0]),
      p("答案：A"),
    );
    expect(await parseDocx(file)).toEqual([
      ok(1, { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年"], answer: 1 }),
      ok(5, { type: "single", stem: "遵义会议于哪一年召开？", options: ["1935年", "1936年"], answer: 0 }),
    ]);
  });
});

describe("parseDocx: files that are not a readable .docx", () => {
  const unreadable = (reason: string) => ({ key: "import.unreadable", params: { reason } });

  it("refuses text, an old .doc, a broken zip and a zip without a document", async () => {
    expect(await failure(parseDocx(new TextEncoder().encode("1. 中共一大于哪一年召开？")))).toEqual(unreadable("文件内容不是 .docx 文档"));
    expect(await failure(parseDocx(new Uint8Array()))).toEqual(unreadable("文件内容不是 .docx 文档"));
    const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    expect(await failure(parseDocx(ole2))).toEqual(
      unreadable("这是旧版 .doc 文件或设置了密码的文档，请在 Word 中另存为 .docx（不设密码）后上传"),
    );
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode("not really a zip archive")]);
    expect(await failure(parseDocx(broken))).toEqual(unreadable("文档已损坏或不是 Word 文件，请在 Word 中打开后另存为 .docx"));
    const zip = new JSZip();
    zip.file("xl/workbook.xml", "<workbook/>");
    const notWord = await zip.generateAsync({ type: "uint8array" });
    expect(await failure(parseDocx(notWord))).toEqual(
      unreadable("文件里没有 Word 正文，可能是改了扩展名的其他文件，请在 Word 中另存为 .docx 后上传"),
    );
  });

  it("says it in the error's message too", async () => {
    await expect(parseDocx(new TextEncoder().encode("x"))).rejects.toThrow("文件无法读取：文件内容不是 .docx 文档");
  });
});

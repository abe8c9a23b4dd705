import { isCompoundFile, isZip } from "../../../lib/spreadsheet";
import { zipExpansionProblem } from "../../../lib/zip";
import { OPTION_LETTERS, type ParsedQuestion } from "../question";
import { kindOfLine, parseQuestionLines, QuestionFileError, type SourceLine } from "./numbered-text";

/**
 * A question set typed in Word or WPS (.docx), read as `parseNumberedText` reads pasted text, one
 * paragraph after another; `line` is the paragraph's number in the document (empty ones count).
 *
 * Paragraphs come from mammoth's document model rather than its `extractRawText`: raw text drops
 * line breaks inside a paragraph (Shift+Enter, which WPS users put between options) and Word's
 * automatic numbering, and a question set numbered by a Word list would lose every question number.
 * A list paragraph that reads as plain text therefore starts a question, unless it comes between a
 * question and its answer from another list or a deeper level: then it is an option, lettered A,
 * B, … in order. When questions carry typed numbers, list paragraphs are all taken for options.
 *
 * @example
 * await parseDocx(bytes); // [{ line: 2, warnings: [], draft: { type: "single", stem: "中共一大于哪一年召开？", ... } }]
 */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedQuestion[]> {
  return parseQuestionLines(toLines(await readParagraphs(bytes)));
}

/**
 * `list.kind` tells lists apart: mammoth hands every paragraph of one list level the same level
 * object (it exposes no list id), so object identity is what two paragraphs' lists share.
 */
type Paragraph = { index: number; text: string; list: { level: number; kind: object } | null };

/** The part of mammoth's document model read here (it types the model as `any`). */
type DocNode = {
  type: string;
  value?: string;
  children?: DocNode[];
  numbering?: { isOrdered: boolean; level: string } | null;
};

function unreadable(reason: string): QuestionFileError {
  return new QuestionFileError("import.unreadable", { reason });
}

async function readParagraphs(bytes: Uint8Array): Promise<Paragraph[]> {
  if (isCompoundFile(bytes)) throw unreadable("这是旧版 .doc 文件或设置了密码的文档，请在 Word 中另存为 .docx（不设密码）后上传");
  if (!isZip(bytes)) throw unreadable("文件内容不是 .docx 文档");
  const problem = await zipExpansionProblem(bytes);
  if (problem) throw unreadable(problem);
  // Loaded on first use, like exceljs: isolates that never see a document skip evaluating it.
  const mammoth = (await import("mammoth")).default;
  const arrayBuffer = bytes.slice().buffer;
  // mammoth's package.json swaps lib/unzip.js for a browser one that reads `arrayBuffer`; wrangler's
  // bundler honours that, the vitest plugin loads the Node one, which reads `buffer` (a Buffer or
  // an ArrayBuffer both do). Both are given so the same call works in tests and in production.
  const input = { arrayBuffer, buffer: arrayBuffer } as { arrayBuffer: ArrayBuffer };
  const paragraphs: Paragraph[] = [];
  try {
    await mammoth.convertToHtml(input, {
      transformDocument: (document: DocNode) => {
        collectParagraphs(document, paragraphs);
        // Nothing left to render: images are never decoded and no HTML is built.
        return { ...document, children: [] };
      },
    });
  } catch (error) {
    const noBody = /main document part|body element/i.test(error instanceof Error ? error.message : "");
    throw unreadable(
      noBody
        ? "文件里没有 Word 正文，可能是改了扩展名的其他文件，请在 Word 中另存为 .docx 后上传"
        : "文档已损坏或不是 Word 文件，请在 Word 中打开后另存为 .docx",
    );
  }
  return paragraphs;
}

/** Paragraphs in document order, table cells included; a line break inside one becomes `\n`. */
function collectParagraphs(node: DocNode, out: Paragraph[]): void {
  if (node.type === "paragraph") {
    // Bulleted lists carry no number, so nothing was lost from them.
    const numbering = node.numbering?.isOrdered ? node.numbering : null;
    const list = numbering ? { level: Number(numbering.level) || 0, kind: numbering } : null;
    out.push({ index: out.length + 1, text: textOf(node), list });
    return;
  }
  for (const child of node.children ?? []) collectParagraphs(child, out);
}

function textOf(node: DocNode): string {
  if (node.type === "text") return node.value ?? "";
  if (node.type === "tab") return "\t";
  if (node.type === "break") return "\n";
  return (node.children ?? []).map(textOf).join("");
}

function toLines(paragraphs: Paragraph[]): SourceLine[] {
  const firstLine = (paragraph: Paragraph) => paragraph.text.split("\n")[0] ?? "";
  const listed = new Set(paragraphs.filter((paragraph) => paragraph.list !== null && kindOfLine(firstLine(paragraph)) === "text"));
  const typedNumbers = paragraphs.some((paragraph) => paragraph.list === null && kindOfLine(firstLine(paragraph)) === "number");
  const questionLevel = [...listed].reduce((level, paragraph) => Math.min(level, paragraph.list?.level ?? 0), Number.POSITIVE_INFINITY);
  /** The list of the question being read, while its options may still come. */
  let open: object | null = null;
  let letter = 0;
  return paragraphs.flatMap((paragraph) => {
    const lines = paragraph.text.split("\n");
    let listItem = false;
    const list = listed.has(paragraph) ? paragraph.list : null;
    if (list) {
      const option = typedNumbers || list.level > questionLevel || (open !== null && open !== list.kind);
      if (option && letter < OPTION_LETTERS.length) {
        lines[0] = `${OPTION_LETTERS[letter]}. ${lines[0]}`;
        letter += 1;
      } else if (!option) {
        listItem = true;
        open = list.kind;
        letter = 0;
      }
    } else {
      const kind = kindOfLine(firstLine(paragraph));
      if (kind === "number") letter = 0;
      if (kind === "field" || kind === "heading") open = null;
    }
    return lines.map((text, k) => ({ text, line: paragraph.index, listItem: k === 0 && listItem }));
  });
}

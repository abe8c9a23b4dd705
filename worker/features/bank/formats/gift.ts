import { BLANK, checkDraft, judgeValue, MAX_OPTIONS, OPTION_LETTERS, type ParsedQuestion, type QuestionDraftInput } from "../question";

/**
 * Moodle GIFT import, pure (no I/O, no Node or Workers APIs). Follows Moodle's own reader
 * (question/format/gift/format.php) where the format leaves room: blank lines end a question,
 * `//` lines are dropped, the first `{` and first `}` bound the answers, answer text ending the
 * question means "no blank", anything after it means "missing word".
 *
 * Every question in the text yields exactly one entry; types this platform has no model for
 * (matching, numerical, essay, description) come back as errors saying what to change.
 *
 * @example
 * parseGift("$CATEGORY: 党史/一大\n\n中共一大于{=1921 ~1919}年召开。");
 * // [{ line: 3, warnings: [], draft: { type: "single", stem: "中共一大于（ ）年召开。",
 * //    options: ["1921", "1919"], answer: 0, tags: ["党史", "一大"], ... } }]
 */
export function parseGift(text: string): ParsedQuestion[] {
  const blocks: Block[] = [];
  let category: Category = { tags: [], warnings: [] };
  let current: Block | undefined;
  for (const [i, raw] of splitLines(text).entries()) {
    const line = raw.trim();
    if (line === "") current = undefined;
    else if (line.startsWith("//")) continue;
    else if (/^\$CATEGORY:/i.test(line)) {
      // Moodle wants a category alone in its block; ending the question here instead accepts files
      // that forget the blank line after it, without changing what well-formed files mean.
      current = undefined;
      category = readCategory(line.slice("$CATEGORY:".length));
    } else {
      if (!current) {
        current = { line: i + 1, lines: [], category };
        blocks.push(current);
      }
      current.lines.push(raw);
    }
  }
  return blocks.map(readQuestion);
}

type Category = { tags: string[]; warnings: string[] };
type Block = { line: number; lines: string[]; category: Category };
type Format = "moodle" | "html" | "markdown" | "plain";
type Answer = { marker: "=" | "~" | ""; weight: number | null; text: string; feedback: string };

const BRACE_HINT = "题干或选项中的 { } 请写成 \\{ \\}";
const TAG_MAX = 32;
/** Weights are typed by hand: 33/33/34 or 33.3 ×3 mean thirds, so "equal" and "100%" allow this much. */
const WEIGHT_SLACK = 1;
const FULL = 100 - WEIGHT_SLACK / 2;

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}

function readQuestion({ line, lines, category }: Block): ParsedQuestion {
  const source = lines.join("\n").trim();
  const fail = (error: string): ParsedQuestion => ({ line, error, excerpt: source.slice(0, 120) });
  const warnings = [...category.warnings];
  let text = protect(source);

  // `::title::` is Moodle's question name, metadata the platform has no field for.
  if (text.startsWith("::")) {
    const end = text.indexOf("::", 2);
    if (end < 0) warnings.push("标题缺少结尾的“::”，已当作题干的一部分");
    text = (end < 0 ? text.slice(2) : text.slice(end + 2)).trim();
  }

  const open = text.indexOf("{");
  const close = text.indexOf("}");
  if (open < 0 && close < 0) return fail("没有找到答案 {…}：本平台不支持描述题；如果这是一道题，请在题干后用 {…} 写出答案");
  if (open < 0) return fail(`缺少“{”：答案要写在 {…} 里；${BRACE_HINT}`);
  if (close < 0) return fail(`答案缺少结尾的“}”；${BRACE_HINT}`);
  if (close < open) return fail(`“}”出现在“{”之前；${BRACE_HINT}`);
  if (text.indexOf("{", open + 1) >= 0 || text.indexOf("}", close + 1) >= 0) {
    return fail(`一道题只能有一个答案块 {…}；${BRACE_HINT}`);
  }

  const { format, text: head } = splitFormat(text.slice(0, open), "moodle");
  const tail = text.slice(close + 1);
  const missingWord = tail.trim() !== "";
  let body = text.slice(open + 1, close).trim();
  const generalAt = body.lastIndexOf("####");
  const general = generalAt < 0 ? "" : body.slice(generalAt + 4);
  if (generalAt >= 0) body = body.slice(0, generalAt).trim();

  const cleaner = new Cleaner(format);
  const question: Question = {
    cleaner,
    head: cleaner.clean(head),
    tail: cleaner.clean(tail),
    missingWord,
    general: cleaner.clean(general, true),
    tags: category.tags,
    warnings,
  };
  const result = readAnswers(body, question);
  if (typeof result === "string") return fail(result);
  if (cleaner.strippedHtml) warnings.push("HTML 格式已转为纯文本，图片、表格、加粗等格式不会保留");
  return checkDraft(line, result, source, warnings);
}

type Question = {
  cleaner: Cleaner;
  head: string;
  tail: string;
  missingWord: boolean;
  general: string;
  tags: string[];
  warnings: string[];
};

/** The draft for the answer block, or why it cannot be one. Type order is Moodle's. */
function readAnswers(body: string, q: Question): QuestionDraftInput | string {
  if (body === "") return "本平台不支持问答题（{} 中没有答案）；请改为选择、判断或填空题";
  if (body.startsWith("#")) return "本平台不支持数值题（{#…}）；可改为填空题，如 {=1921}";
  if (body.includes("~")) return readChoice(body, q);
  if (body.includes("=") && body.includes("->")) return "本平台不支持匹配题（=…->…）；请拆成几道单选题";

  // GIFT spells true/false `{T}` `{TRUE}` `{F}` `{FALSE}`; judgeValue also takes the lower-case and
  // Chinese spellings (`{对}`, `{错}`), which Moodle would read as a one-answer short answer — not
  // what an author who typed them meant.
  const [value = "", wrong = "", ...right] = body.split("#");
  const truth = judgeValue(value);
  if (truth !== null) {
    const dropped = q.cleaner.clean(wrong, true);
    if (dropped) q.warnings.push(`答错时的反馈“${short(dropped)}”未导入（本平台只把答对时的反馈并入解析）`);
    return {
      type: "judge",
      stem: stemWithBlank(q),
      answer: truth,
      explanation: join([q.general, q.cleaner.clean(right.join("#"), true)]),
      tags: q.tags,
    };
  }
  return readShortAnswer(body, q);
}

function readChoice(body: string, q: Question): QuestionDraftInput | string {
  const answers = splitAnswers(body, q.cleaner);
  if (answers[0]?.marker === "") return `“${short(answers[0].text)}”前缺少“=”或“~”：每个选项都要以 = （正确）或 ~ （错误）开头`;
  if (answers.length > MAX_OPTIONS) return `有 ${answers.length} 个选项，最多 ${MAX_OPTIONS} 个`;
  const weights = answers.map((a) => a.weight ?? (a.marker === "=" ? 100 : 0));
  const letter = (i: number) => OPTION_LETTERS[i] ?? "?";
  const stem = stemWithBlank(q);

  let right: number[];
  // Moodle's rule: an `=` anywhere makes a one-answer question; without one, `~%n%` weights mark
  // the right choices of a many-answer question.
  if (answers.some((a) => a.marker === "=")) {
    right = weights.flatMap((w, i) => (w >= FULL ? [i] : []));
    if (right.length === 0) return "没有得满分的选项：请用“=”标出正确答案";
    if (right.length > 1) {
      return `选项 ${right.map(letter).join("、")} 都标为正确（=），单选题只能有一个正确答案；若是多选题，请用 ~%50% 这样的等分权重标出各正确选项`;
    }
    const partial = weights.flatMap((w, i) => (w > 0 && w < FULL ? [`${letter(i)}（${w}%）`] : []));
    if (partial.length) q.warnings.push(`选项 ${partial.join("、")}的部分得分未导入，按错误选项计分`);
  } else {
    right = weights.flatMap((w, i) => (w > 0 ? [i] : []));
    if (right.length === 0) return "没有正确答案：请用“=”标出正确选项，多选题用 ~%50% 这样的权重标出各正确选项";
    const positive = right.map((i) => weights[i]);
    if (Math.max(...positive) - Math.min(...positive) > WEIGHT_SLACK) {
      const listed = right.map((i) => `${letter(i)} ${weights[i]}%`).join("、");
      return `选项权重不等（${listed}），本平台按等分计分，请改为等分后再导入`;
    }
    const sum = positive.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > WEIGHT_SLACK) return `正确选项的权重之和为 ${Number(sum.toFixed(2))}%，应为 100%`;
  }

  const multiple = right.length > 1;
  const feedback = right.flatMap((i) => {
    const text = answers[i]?.feedback ?? "";
    return text ? [multiple ? `${letter(i)}：${text}` : text] : [];
  });
  const lost = answers.flatMap((a, i) => (a.feedback && !right.includes(i) ? [letter(i)] : []));
  if (lost.length) q.warnings.push(`选项 ${lost.join("、")} 的反馈未导入（本平台只把正确答案的反馈并入解析）`);

  const common = { stem, options: answers.map((a) => a.text), explanation: join([q.general, ...feedback]), tags: q.tags };
  return multiple ? { type: "multiple", ...common, answer: right, partialCredit: true } : { type: "single", ...common, answer: right[0] };
}

function readShortAnswer(body: string, q: Question): QuestionDraftInput | string {
  // Only `=` answers reach here. Moodle also takes text before the first `=` as an answer.
  const answers = splitAnswers(body, q.cleaner);
  const accepted = answers.filter((a) => a.weight === null || a.weight >= FULL);
  const partial = answers.filter((a) => !accepted.includes(a));
  if (accepted.length === 0) return "没有满分答案：填空题请用“=”写出完全正确的答案";
  if (accepted.some((a) => a.text === "")) return "答案不能为空：“=”后面要写出答案";
  if (partial.length) {
    const listed = partial.map((a) => `“${short(a.text)}”（${a.weight}%）`).join("、");
    q.warnings.push(`部分得分的答案${listed}未导入，本平台只接受满分答案`);
  }

  let stem: string;
  if (q.missingWord) stem = `${q.head}${BLANK}${q.tail}`;
  // Chinese authors often mark the blank themselves; appending a second one would break the count.
  else if (q.head.split(BLANK).length === 2) stem = q.head;
  else stem = `${q.head.trimEnd()}${BLANK}`;
  return {
    type: "fill",
    stem,
    answer: [accepted.map((a) => a.text)],
    explanation: join([q.general, ...accepted.map((a) => a.feedback)]),
    tags: q.tags,
  };
}

/** A blank where a missing-word answer block stood; nothing when the answers end the question. */
function stemWithBlank(q: Question): string {
  return q.missingWord ? `${q.head}${BLANK}${q.tail}` : q.head;
}

/** `=right#feedback ~%50%half ~wrong` → one entry per answer, in order. */
function splitAnswers(body: string, cleaner: Cleaner): Answer[] {
  return body.split(/(?=[=~])/).map((part) => {
    const marker = part.startsWith("=") || part.startsWith("~") ? (part[0] as "=" | "~") : "";
    let rest = part.slice(marker.length).trim();
    const weight = /^%(-?\d+(?:\.\d+)?)%/.exec(rest);
    if (weight) rest = rest.slice(weight[0].length);
    const hash = rest.indexOf("#");
    return {
      marker,
      weight: weight ? Number(weight[1]) : null,
      text: cleaner.clean(hash < 0 ? rest : rest.slice(0, hash), true),
      feedback: cleaner.clean(hash < 0 ? "" : rest.slice(hash + 1), true),
    };
  });
}

/**
 * Turns GIFT text into what a reader sees: the format prefix off, HTML flattened, escapes undone.
 * Text without its own prefix takes the question's format, as in Moodle.
 */
class Cleaner {
  strippedHtml = false;
  constructor(private readonly format: Format) {}

  clean(raw: string, trim = false): string {
    const { format, text } = splitFormat(trim ? raw.trim() : raw, this.format);
    // Escapes first: an entity's `&\#…;` is only whole once its `#` is back.
    let out = restore(text);
    if (format === "html") {
      if (/<[a-z!/]/i.test(out)) this.strippedHtml = true;
      out = htmlToText(out);
    }
    return trim ? out.trim() : out;
  }
}

function splitFormat(text: string, inherited: Format): { format: Format; text: string } {
  const match = /^\s*\[(html|moodle|markdown|plain)\]/i.exec(text);
  if (!match) return { format: inherited, text };
  return { format: (match[1] ?? "").toLowerCase() as Format, text: text.slice(match[0].length) };
}

/**
 * Escaped specials become private-use characters before any structure is read, so `\{` or `\~` can
 * never open an answer block or an option; `restore` turns them back at the end. `\\` is matched in
 * the same left-to-right pass, so `\\n` is a backslash and an `n`, as in Moodle.
 */
const ESCAPES = "~=#{}:\\n";
const PRIVATE_BASE = 0xe000;

function protect(text: string): string {
  return text.replace(/\\([~=#{}:\\n])/g, (_, ch: string) => String.fromCharCode(PRIVATE_BASE + ESCAPES.indexOf(ch)));
}

function restore(text: string): string {
  return text.replace(/[\ue000-\ue007]/g, (ch) => {
    const original = ESCAPES[ch.charCodeAt(0) - PRIVATE_BASE] ?? "";
    return original === "n" ? "\n" : original;
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Enough HTML → text for question text: line breaks kept, tags dropped, entities decoded once. */
function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#")) {
        const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+/g, " ")
    .replace(/ ?\n\s*/g, "\n");
}

function readCategory(path: string): Category {
  // In a Moodle category path `//` is a slash inside a name.
  const segments = restore(protect(path))
    .split(/(?<!\/)\/(?!\/)/)
    .map((s) => s.replaceAll("//", "/").trim())
    .filter(Boolean);
  // Moodle exports start the path with its context (`$course$`, `$system$`, …) and that context's
  // `top` category; neither is a name the author chose.
  if (/^\$\w+\$$/.test(segments[0] ?? "")) {
    segments.shift();
    if (segments[0] === "top") segments.shift();
  }
  const tags: string[] = [];
  const warnings: string[] = [];
  for (const segment of new Set(segments)) {
    if (segment.normalize("NFC").length > TAG_MAX) warnings.push(`分类“${short(segment)}”超过 ${TAG_MAX} 字，未作为标签导入`);
    else tags.push(segment);
  }
  return { tags, warnings };
}

function join(parts: string[]): string {
  return parts.filter(Boolean).join("\n");
}

function short(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

import { type MessageKey, t } from "../../../lib/i18n";
import { BLANK, checkDraft, countBlanks, indicesOf, judgeValue, OPTION_LETTERS, type ParsedQuestion, type QuestionType } from "../question";

/**
 * Question sets as Chinese committees type them in Word or WPS and paste them: section headings
 * that set the type (`一、单选题（每题2分）`), numbered questions (`1.` `1、` `（1）`), options
 * (`A．…`, one per line or several on a line), then `答案：` / `【答案】`, `解析：`, `出处：`,
 * `难度：`, `标签：` lines. Pure: no I/O.
 *
 * Every question yields one entry: a draft, or the reason it cannot be one, at the line where it
 * starts. Text before the first question (a title, instructions under a heading) is skipped.
 *
 * @example
 * parseNumberedText("一、单选题\n1. 中共一大于哪一年召开？\nA.1919年  B.1921年  C.1927年  D.1935年\n答案：B");
 * // [{ line: 2, warnings: [], draft: { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年", "1927年", "1935年"], answer: 1, ... } }]
 */
export function parseNumberedText(text: string): ParsedQuestion[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  return parseQuestionLines(lines.map((line, i) => ({ text: line, line: i + 1 })));
}

/** A line of source text: a line of pasted text, or a line of a .docx paragraph. */
export type SourceLine = {
  text: string;
  /** What the user finds it by: the 1-based line of a text, the paragraph of a document. */
  line: number;
  /** Word numbers this paragraph itself (an automatic list), so its number is not in `text`. */
  listItem?: boolean;
};

/** The most questions one file may hold; more is most likely not a question set at all. */
export const MAX_QUESTIONS = 5000;

type QuestionFileErrorKey = Extract<MessageKey, "import.fileType" | "import.unreadable" | "import.tooManyRows" | "import.missingColumns">;

/** A question file that cannot be read at all (as opposed to single questions in it that cannot); `key` and `params` go into `ApiError`. */
export class QuestionFileError extends Error {
  override readonly name = "QuestionFileError";
  readonly key: QuestionFileErrorKey;
  readonly params: Record<string, string | number>;

  constructor(key: QuestionFileErrorKey, params: Record<string, string | number> = {}) {
    super(t(key, params));
    this.key = key;
    this.params = params;
  }
}

/** The questions in lines of text, as `parseNumberedText` reads them; .docx paragraphs come through here too. */
export function parseQuestionLines(source: SourceLine[]): ParsedQuestion[] {
  const items: Item[] = source.flatMap((line) =>
    splitLine(line.text).map((text, k) => ({
      line: line.line,
      text: text.trim(),
      kind: classify(text, k === 0 && line.listItem === true),
    })),
  );
  // For each line, the next line that is not plain text: lookahead stays linear in long runs of text.
  const nextStructured: number[] = new Array(items.length);
  for (let j = items.length - 1, next = items.length; j >= 0; j--) {
    nextStructured[j] = next;
    const kind = items[j]?.kind.kind;
    if (kind !== "blank" && kind !== "text") next = j;
  }
  const results: ParsedQuestion[] = [];
  let section: { type: QuestionType | null | undefined; style: NumberStyle | undefined } = { type: undefined, style: undefined };
  let q: Pending | undefined;

  const close = () => {
    if (!q) return;
    results.push(finish(q));
    if (results.length > MAX_QUESTIONS) throw new QuestionFileError("import.tooManyRows", { max: MAX_QUESTIONS });
    q = undefined;
  };
  const start = (item: Item, number: number | null): Pending => {
    close();
    q = pending(item.line, number, section.type);
    return q;
  };
  /** A question without a number, beginning with this line of its stem. */
  const startUnnumbered = (item: Item) => {
    const next = start(item, null);
    next.lines.push(item.text);
    pushStem(next, item.text);
  };

  for (const [i, item] of items.entries()) {
    const { kind, text } = item;
    if (kind.kind === "blank") continue;
    if (kind.kind === "heading") {
      close();
      section = { type: kind.type, style: undefined };
      continue;
    }
    if (kind.kind === "number") {
      if (q && continues(q, kind, section.style, () => numberedQuestionFollows(items[i], items[nextStructured[i] ?? -1]))) {
        addText(q, text);
        continue;
      }
      if (kind.style !== "list") section.style ??= kind.style;
      const next = start(item, kind.number);
      next.lines.push(text);
      if (kind.rest) pushStem(next, kind.rest);
      continue;
    }
    if (kind.kind === "options") {
      if (q?.last === "explanation") {
        addText(q, text);
        continue;
      }
      // Options from A again after a finished question: a question whose text is missing, not more options.
      const current = q && (q.last === "option" || q.options[kind.options[0]?.letter ?? 0] === undefined) ? q : start(item, null);
      current.lines.push(text);
      for (const option of kind.options) {
        if (current.options[option.letter] !== undefined) current.problems.push(`选项 ${OPTION_LETTERS[option.letter]} 写了两次`);
        current.options[option.letter] = option.text;
        current.lastOption = option.letter;
      }
      current.last = "option";
      continue;
    }
    if (kind.kind === "field") {
      // Before any question only an answer is worth reporting (its question lost); a 来源 for the whole set is not.
      if (q || kind.field === "answer") addField(q ?? start(item, null), kind.field, kind.value, text);
      continue;
    }
    // A line of plain text.
    const startsQuestion = (current: Pending | undefined) =>
      JUDGE_MARK_END.test(text) || JUDGE_MARK_START.test(text) || opensQuestion(items[nextStructured[i] ?? -1], current);
    if (!q) {
      // Before the first question of a section: a title or instructions, unless a question follows from here.
      if (startsQuestion(undefined)) startUnnumbered(item);
      continue;
    }
    if (q.last !== "answerPending" && startsQuestion(q) && answered(q)) {
      startUnnumbered(item);
      continue;
    }
    q.lines.push(text);
    switch (q.last) {
      case "stem":
        pushStem(q, text);
        break;
      case "option":
        q.options[q.lastOption] = joinWrapped(q.options[q.lastOption] ?? "", text);
        break;
      case "answerPending":
        q.answer = text;
        q.last = "answer";
        break;
      case "explanation":
        q.explanation.push(text);
        break;
      default:
        q.warnings.push(`“${short(text)}”不属于题目的任何部分，已忽略`);
    }
  }
  close();
  return results;
}

// ---------------------------------------------------------------------------------------------
// Lines

type NumberStyle = "plain" | "paren" | "list";
type Field = "answer" | "explanation" | "source" | "difficulty" | "tags" | "type" | "ignored";
type Option = { letter: number; text: string };
type Kind =
  | { kind: "blank" }
  | { kind: "heading"; type: QuestionType | null }
  | { kind: "number"; number: number | null; style: NumberStyle; rest: string }
  | { kind: "options"; options: Option[] }
  | { kind: "field"; field: Field; value: string }
  | { kind: "text" };
type Item = { line: number; text: string; kind: Kind };

/** Type words of headings, 题型 fields and sheet columns; null: a choice question, single or multiple by its answer. */
const TYPE_WORDS: Record<string, QuestionType | null> = {
  单项选择题: "single",
  单选题: "single",
  单项选择: "single",
  单选: "single",
  多项选择题: "multiple",
  多选题: "multiple",
  多项选择: "multiple",
  多选: "multiple",
  不定项选择题: null,
  不定项选择: null,
  不定项: null,
  选择题: null,
  判断题: "judge",
  是非题: "judge",
  判断正误: "judge",
  判断: "judge",
  填空题: "fill",
  填空: "fill",
};
const ENGLISH_TYPE_WORDS: Record<string, QuestionType | null> = {
  single: "single",
  singlechoice: "single",
  multiple: "multiple",
  multiplechoice: "multiple",
  multi: "multiple",
  choice: null,
  judge: "judge",
  truefalse: "judge",
  tf: "judge",
  fill: "fill",
  blank: "fill",
  fillblank: "fill",
  fillintheblank: "fill",
};

/** `单选题`, `多选`, `judge`, `True/False` → a type; null for a choice question of either kind; undefined when not a type. */
export function questionTypeOf(text: string): QuestionType | null | undefined {
  const key = text
    .normalize("NFKC")
    .replace(/[\s\-_/]/g, "")
    .toLowerCase();
  if (key in TYPE_WORDS) return TYPE_WORDS[key];
  if (key in ENGLISH_TYPE_WORDS) return ENGLISH_TYPE_WORDS[key];
  return undefined;
}

const FIELD_WORDS: Record<string, Field> = {
  参考答案: "answer",
  正确答案: "answer",
  标准答案: "answer",
  答案: "answer",
  答案解析: "explanation",
  试题解析: "explanation",
  参考解析: "explanation",
  解析: "explanation",
  解答: "explanation",
  分析: "explanation",
  详解: "explanation",
  点评: "explanation",
  出处: "source",
  来源: "source",
  依据: "source",
  难度: "difficulty",
  难易度: "difficulty",
  难易程度: "difficulty",
  标签: "tags",
  知识点: "tags",
  考点: "tags",
  题型: "type",
  // Scores have no place in a bank question (a contest sets them); their lines are read and dropped.
  分值: "ignored",
  分数: "ignored",
};

const alternation = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join("|");
const FIELD_NAMES = alternation(Object.keys(FIELD_WORDS));
const FIELD = new RegExp(`^\\s*(?:[【\\[]\\s*(${FIELD_NAMES})\\s*[】\\]]\\s*[:：]?|(${FIELD_NAMES})\\s*[:：])\\s*`);
/** A field that starts inside a line: `【解析】` anywhere, `答案：` after a space (“…1935年  答案：B”). */
const INNER_FIELD = new RegExp(`【\\s*(?:${FIELD_NAMES})\\s*】|(?<=\\s)(?:参考答案|正确答案|标准答案|答案|解析)\\s*[:：]`, "g");

const CN_NUMERAL = "[一二三四五六七八九十]+";
const HEADING = new RegExp(
  "^\\s*(?:" +
    `(${CN_NUMERAL}\\s*[、.．]|第\\s*${CN_NUMERAL}\\s*(?:部分|大题|题|节|类|卷)?\\s*[、.．:：]?|[（(]\\s*${CN_NUMERAL}\\s*[)）]\\s*[、.．]?)` +
    "|(?:[0-9０-９]{1,2}|[IVXⅠ-Ⅻ]{1,4})\\s*[、.．])?" +
    `\\s*([【\\[]\\s*)?(${alternation(Object.keys(TYPE_WORDS))})\\s*[】\\]]?(.*)$`,
);

const NUMBERS: [RegExp, NumberStyle][] = [
  [/^\s*[（(]\s*([0-9０-９]{1,4})\s*[)）]\s*/, "paren"],
  [/^\s*第\s*([0-9０-９]{1,4})\s*题\s*[.．、:：]?\s*/, "plain"],
  // `3.14` and `1.5倍` are not question numbers.
  [/^\s*([0-9０-９]{1,4})\s*(?:[.．](?![0-9０-９])|[、)）])\s*/, "plain"],
];

const OPTION_START = /^\s*(?:[（(]\s*([A-HＡ-Ｈ])\s*[)）]|([A-HＡ-Ｈ])\s*[.．、:：)）])\s*/;

function classify(raw: string, listItem: boolean): Kind {
  const text = raw.trim();
  if (text === "") return { kind: "blank" };
  const heading = headingType(text);
  if (heading !== undefined) return { kind: "heading", type: heading };
  const field = FIELD.exec(text);
  if (field) {
    const name = field[1] ?? field[2] ?? "";
    return { kind: "field", field: FIELD_WORDS[name] ?? "ignored", value: text.slice(field[0].length).trim() };
  }
  const options = readOptions(text);
  if (options) return { kind: "options", options };
  for (const [pattern, style] of NUMBERS) {
    const number = pattern.exec(text);
    if (number)
      return { kind: "number", number: Number((number[1] ?? "").normalize("NFKC")), style, rest: text.slice(number[0].length).trim() };
  }
  if (listItem) return { kind: "number", number: null, style: "list", rest: text };
  return { kind: "text" };
}

/** How a line reads on its own: `text` is what an automatic Word number or letter could be added to. */
export function kindOfLine(text: string): Kind["kind"] {
  return classify(text, false).kind;
}

/**
 * `一、单选题（每题2分，共20分）`, `【多选题】`, `第二部分 判断题`: a heading. Without a Chinese numeral or
 * brackets only a parenthetical remark or a colon may follow the type word, so that a question
 * starting with `判断下列说法` is not taken for one.
 */
function headingType(text: string): QuestionType | null | undefined {
  const m = HEADING.exec(text);
  if (!m) return undefined;
  const strong = m[1] !== undefined || m[2] !== undefined;
  const tail = (m[4] ?? "").replace(/[（(][^（()）]*[)）]/g, "").trim();
  if (!strong && tail !== "" && !/^[:：]/.test(tail) && !/^[。.]$/.test(tail)) return undefined;
  return TYPE_WORDS[m[3] ?? ""];
}

/** Splits a line where a field or a row of options starts inside it: `【答案】B【解析】…`, `1.题干 A.… B.…`. */
function splitLine(text: string): string[] {
  const field = FIELD.exec(text);
  // An explanation runs to the end of its line whatever it quotes.
  if (field && FIELD_WORDS[field[1] ?? field[2] ?? ""] === "explanation") return [text];
  const cuts = [...text.matchAll(INNER_FIELD)].map((m) => m.index).filter((at) => text.slice(0, at).trim() !== "");
  const pieces: string[] = [];
  let from = 0;
  for (const at of [...cuts, text.length]) {
    pieces.push(text.slice(from, at));
    from = at;
  }
  return pieces.flatMap((piece, i) => (i === 0 && !field ? splitTrailingOptions(piece) : [piece]));
}

/** `1. 中共一大于（ ）年召开。A.1919年 B.1921年`: the options on the question's own line. */
function splitTrailingOptions(text: string): string[] {
  if (OPTION_START.test(text)) return [text];
  // The last `A` that starts a row of options: an earlier one is the stem's own `（A）`.
  const at = optionMarkers(text, 0)
    .filter((marker) => (readOptions(text.slice(marker.start))?.length ?? 0) >= 2)
    .at(-1);
  return at ? [text.slice(0, at.start), text.slice(at.start)] : [text];
}

/** The options on a line that starts with one: `A.1919年  B.1921年`, `A．党的一大B．党的二大`, `(A) … (B) …`. */
function readOptions(text: string): Option[] | null {
  const first = OPTION_START.exec(text);
  if (!first) return null;
  const options: Option[] = [];
  let letter = letterIndex(first[1] ?? first[2] ?? "");
  let rest = text.slice(first[0].length);
  for (;;) {
    const next = letter + 1 < OPTION_LETTERS.length ? optionMarker(rest, letter + 1) : null;
    if (!next) {
      options.push({ letter, text: rest.trim() });
      return options;
    }
    options.push({ letter, text: rest.slice(0, next.start).trim() });
    letter += 1;
    rest = rest.slice(next.end);
  }
}

/**
 * Where option `letter` starts inside a line. After a space any delimiter counts. Glued to the
 * previous option (`1919年B.1921年`) it counts only after a non-Latin character, not with a
 * colon, and only when no spaced one follows: `A. 维生素B.C都对 B. 都不对` has two options.
 */
function optionMarker(text: string, letter: number): { start: number; end: number } | null {
  const markers = optionMarkers(text, letter);
  return markers.find((marker) => marker.spaced) ?? markers[0] ?? null;
}

function optionMarkers(text: string, letter: number): { start: number; end: number; spaced: boolean }[] {
  const ascii = OPTION_LETTERS[letter] ?? "";
  const wide = String.fromCharCode(ascii.charCodeAt(0) + 0xfee0);
  const found: { start: number; end: number; spaced: boolean }[] = [];
  for (const m of text.matchAll(new RegExp(`([（(]\\s*)?[${ascii}${wide}]\\s*([.．、:：)）])\\s*`, "g"))) {
    if (m.index === 0) continue;
    const before = text[m.index - 1] ?? "";
    const closes = m[2] === ")" || m[2] === "）";
    if (m[1] !== undefined && !closes) continue;
    const glued = !/\s/.test(before);
    if (glued && (/[A-Za-z0-9]/.test(before) || m[2] === ":" || m[2] === "：")) continue;
    found.push({ start: m.index, end: m.index + m[0].length, spaced: !glued });
  }
  return found;
}

/**
 * The options of a spreadsheet's single 选项 cell: lettered (`A.1919年 B.1921年`, on one line or
 * several), else one per line or separated by `|`.
 */
export function readOptionCell(text: string): (string | undefined)[] {
  const options: (string | undefined)[] = [];
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== "");
  const lettered = lines.map((line) => readOptions(line.trim()));
  if (lettered.every((row) => row !== null)) {
    for (const option of lettered.flat()) if (option) options[option.letter] = option.text;
    return options;
  }
  return text
    .split(/\r\n|\r|\n|[|｜]/)
    .map((option) => option.trim())
    .filter((option) => option !== "");
}

function letterIndex(letter: string): number {
  return OPTION_LETTERS.indexOf(letter.normalize("NFKC"));
}

function joinWrapped(before: string, after: string): string {
  return /[A-Za-z0-9]$/.test(before) && /^[A-Za-z0-9]/.test(after) ? `${before} ${after}` : `${before}${after}`;
}

function short(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Questions being read

type Part = "stem" | "option" | "answerPending" | "answer" | "explanation" | "field";

type Pending = {
  line: number;
  number: number | null;
  lines: string[];
  declaredType: QuestionType | null | undefined;
  stem: string[];
  options: (string | undefined)[];
  lastOption: number;
  answer: string | undefined;
  explanation: string[];
  source: string[];
  difficulty: string | undefined;
  tags: string[];
  warnings: string[];
  problems: string[];
  /** What the next line of plain text continues. */
  last: Part;
  /** Counts behind `inlineAnswer`. */
  marks: { choices: number; blanks: number; groups: number };
};

function pending(line: number, number: number | null, declaredType: QuestionType | null | undefined): Pending {
  return {
    line,
    number,
    lines: [],
    declaredType,
    stem: [],
    options: [],
    lastOption: 0,
    answer: undefined,
    explanation: [],
    source: [],
    difficulty: undefined,
    tags: [],
    warnings: [],
    problems: [],
    last: "stem",
    marks: { choices: 0, blanks: 0, groups: 0 },
  };
}

/**
 * A numbered line that belongs to the open question: `（1）…（2）…` items in a stem whose questions
 * are numbered `1.`, a numbered list restarting inside a stem, or any numbered list in an
 * explanation unless what follows the line makes it a question.
 */
function continues(
  q: Pending,
  kind: Extract<Kind, { kind: "number" }>,
  sectionStyle: NumberStyle | undefined,
  questionFollows: () => boolean,
): boolean {
  if (kind.style === "list") return false;
  const open = (q.last === "stem" && !hasInlineAnswer(q)) || q.last === "explanation";
  if (!open) return false;
  if (sectionStyle !== undefined && kind.style !== sectionStyle) return true;
  if (q.number !== null && kind.number !== null && kind.number <= q.number) return true;
  return q.last === "explanation" && !questionFollows();
}

/** Whether a numbered line has what a question has: a ✓ in it, or options or an answer line after it (`next`). */
function numberedQuestionFollows(item: Item | undefined, next: Item | undefined): boolean {
  const rest = item?.kind.kind === "number" ? item.kind.rest : "";
  return JUDGE_MARK_END.test(rest) || JUDGE_MARK_START.test(rest) || opensQuestion(next, undefined);
}

function addText(q: Pending, text: string): void {
  q.lines.push(text);
  if (q.last === "explanation") q.explanation.push(text);
  else pushStem(q, text);
}

function addField(q: Pending, field: Field, value: string, text: string): void {
  q.lines.push(text);
  if (q.last === "explanation" && field === "explanation") {
    if (value) q.explanation.push(value);
    return;
  }
  switch (field) {
    case "answer":
      if (q.answer !== undefined && q.answer !== value) q.problems.push(`答案写了两次：“${short(q.answer)}”和“${short(value)}”`);
      q.answer = value || undefined;
      q.last = value ? "answer" : "answerPending";
      return;
    case "explanation":
      if (value) q.explanation.push(value);
      q.last = "explanation";
      return;
    case "source":
      if (value) q.source.push(value);
      break;
    case "difficulty":
      if (value) q.difficulty = value;
      break;
    case "tags":
      q.tags.push(...splitTags(value));
      break;
    case "type": {
      const type = questionTypeOf(value);
      if (type === undefined) q.problems.push(`题型“${short(value)}”无法识别，应为单选题、多选题、判断题或填空题`);
      else q.declaredType = type;
      break;
    }
    case "ignored":
      break;
  }
  q.last = "field";
}

/** Answered, by an answer line or inside the stem: what makes the next unnumbered question possible to tell apart. */
function answered(q: Pending): boolean {
  return q.answer !== undefined || hasInlineAnswer(q);
}

/**
 * Whether `takeInlineAnswer` will find an answer in the stem, from counts kept line by line: this
 * is asked for every line while a question is read, and rereading a long stem each time would be
 * quadratic.
 */
function hasInlineAnswer(q: Pending): boolean {
  if (q.answer !== undefined) return false;
  const declared = q.declaredType;
  if (q.options.length > 0 || declared === "single" || declared === "multiple" || declared === null) return q.marks.choices === 1;
  if (
    (declared === undefined || declared === "judge") &&
    (JUDGE_MARK_END.test(q.stem.at(-1) ?? "") || JUDGE_MARK_START.test(q.stem[0] ?? ""))
  ) {
    return true;
  }
  return declared === "fill" && q.marks.blanks === 0 && q.marks.groups > 0;
}

function pushStem(q: Pending, text: string): void {
  q.stem.push(text);
  const choices = [...text.matchAll(CHOICE_MARK)];
  q.marks.choices += choices.length;
  q.marks.blanks += countBlanks(normalizeBlanks(text));
  q.marks.groups += text.match(/[（(][^（()）]+[)）]/g)?.length ?? 0;
}

/**
 * For a question without a number (an automatic Word list that raw text loses, a paste without
 * numbers): whether plain text begins the next question — it does when the plain lines from it
 * end in options, or in an answer line that the open question cannot own. `next` is that end.
 */
function opensQuestion(next: Item | undefined, q: Pending | undefined): boolean {
  const kind = next?.kind;
  if (kind?.kind === "options") return true;
  if (kind?.kind === "field" && kind.field === "answer") return !q || answered(q);
  return false;
}

function finish(q: Pending): ParsedQuestion {
  return buildQuestion({
    line: q.line,
    excerpt: q.lines.join("\n"),
    declaredType: q.declaredType,
    stem: q.stem.join("\n"),
    options: q.options,
    answer: q.answer,
    inlineAnswer: true,
    explanation: q.explanation.join("\n"),
    source: q.source.join("\n"),
    difficulty: q.difficulty,
    tags: q.tags,
    warnings: q.warnings,
    problems: q.problems,
  });
}

// ---------------------------------------------------------------------------------------------
// From what was read to a checked draft (shared with the spreadsheet reader)

/** A question as an importer read it, before its answer is interpreted. */
export type RawQuestion = {
  line: number;
  excerpt: string;
  /** From a heading, a 题型 field or column; null: choice, single or multiple by the answer; undefined: not said. */
  declaredType: QuestionType | null | undefined;
  stem: string;
  /** By letter; a hole is an option letter that was skipped. */
  options: (string | undefined)[];
  answer: string | undefined;
  /** The answer may stand in the stem's parentheses: `于（B）年`, `（√）`, or a 填空题's `（遵义）`. */
  inlineAnswer: boolean;
  explanation: string;
  source: string;
  difficulty: string | undefined;
  tags: string[];
  warnings: string[];
  /** What is already known to be wrong; any makes the question an error. */
  problems: string[];
};

const MISSING_ANSWER = "缺少答案：请加一行“答案：…”，或把答案写在题干的括号里";

/** The checked draft of a question an importer read, or every reason it cannot be one. */
export function buildQuestion(raw: RawQuestion): ParsedQuestion {
  const problems = [...raw.problems];
  const warnings = [...raw.warnings];
  const fail = (): ParsedQuestion => ({ line: raw.line, error: problems.join("；"), excerpt: raw.excerpt.slice(0, 120) });

  let stem = normalizeBlanks(raw.stem.trim());
  const options = trimHoles(raw.options);
  options.forEach((option, i) => {
    if (option === undefined) problems.push(`缺少选项 ${OPTION_LETTERS[i]}`);
  });
  if (!stem) problems.unshift(options.length > 0 ? "缺少题干：选项前面要先写题目" : "缺少题干");
  let answer = raw.answer === undefined ? undefined : cleanAnswer(raw.answer);
  if (answer === undefined && raw.inlineAnswer && stem) {
    const inline = takeInlineAnswer(stem, options.length > 0, raw.declaredType);
    if (inline) {
      stem = inline.stem;
      answer = inline.answer;
      if (inline.warning) warnings.push(inline.warning);
    }
  }
  if (answer === undefined || answer === "") problems.push(raw.inlineAnswer ? MISSING_ANSWER : "缺少答案");
  if (problems.length > 0 || answer === undefined) return fail();

  const common = {
    stem,
    explanation: raw.explanation,
    source: raw.source,
    tags: [...new Set(raw.tags)],
    difficulty: difficultyOf(raw.difficulty, warnings),
  };
  const filled = options.filter((option) => option !== undefined);
  const blanks = countBlanks(stem);
  const declared = raw.declaredType;
  const choice = declared === "single" || declared === "multiple" || declared === null || (declared === undefined && filled.length > 0);

  if (choice) {
    if (filled.length === 0) problems.push("选择题缺少选项（如“A. …”）");
    const letters = answer
      .normalize("NFKC")
      .toUpperCase()
      .replace(/[\s,，、;；/]/g, "");
    const indices = indicesOf(answer, filled.length);
    if (!/^[A-Z]+$/.test(letters)) problems.push(`答案“${short(answer)}”不是选项字母（如 B 或 ACD）`);
    else if (filled.length > 0 && !indices) problems.push(`答案“${answer}”不在选项 A–${OPTION_LETTERS[filled.length - 1]} 之中`);
    if (problems.length > 0 || !indices) return fail();
    if (declared === "single" && indices.length > 1) {
      problems.push(`单选题只能有一个答案，这里是“${answer}”`);
      return fail();
    }
    const multiple = declared === "multiple" || indices.length > 1;
    const draft = multiple
      ? { type: "multiple", ...common, options: filled, answer: indices }
      : { type: "single", ...common, options: filled, answer: indices[0] };
    return checkDraft(raw.line, draft, raw.excerpt, warnings);
  }

  let value = judgeValue(answer);
  // A 判断题 set as two options, `A. 正确  B. 错误`, answered by letter.
  const [yes, no] = filled.map((option) => judgeValue(option));
  if (declared === "judge" && filled.length === 2 && yes !== null && no !== null && yes !== no) {
    const chosen = indicesOf(answer, 2);
    if (value === null && chosen?.length === 1) value = chosen[0] === 0 ? yes : no;
    filled.length = 0;
  }
  const judge =
    declared === "judge" || (declared === undefined && value !== null && (blanks === 0 || (blanks === 1 && TRAILING_BLANK.test(stem))));
  if (judge) {
    if (filled.length > 0) problems.push("判断题不应有选项");
    if (value === null) problems.push(`判断题的答案应为“对”或“错”（也可写 √ ×、正确 错误），这里是“${short(answer)}”`);
    if (problems.length > 0 || value === null) return fail();
    // `（ ）` closing a statement is only where a printed sheet leaves room for the tick.
    return checkDraft(
      raw.line,
      { type: "judge", ...common, stem: stem.replace(TRAILING_BLANK, "$1"), answer: value },
      raw.excerpt,
      warnings,
    );
  }

  if (declared === undefined && blanks === 0) {
    problems.push("无法判断题型：没有选项，题干里也没有用（ ）或 ____ 标出的空");
    return fail();
  }
  if (filled.length > 0) problems.push("填空题不应有选项");
  if (blanks === 0) problems.push("填空题的题干里没有空：请用（ ）或 ____ 标出要填的地方");
  if (problems.length > 0) return fail();
  return checkDraft(raw.line, { type: "fill", ...common, answer: splitFillAnswer(answer, blanks) }, raw.excerpt, warnings);
}

const TRAILING_BLANK = /\s*（ ）\s*([。.！!]?)\s*$/;

/** `（ ）`, `(  )`, `（　）`, `____` → the model's `（ ）`. */
function normalizeBlanks(stem: string): string {
  return stem.replace(/[（(][ \t\u3000\u00a0]*[)）]/g, BLANK).replace(/_{3,}|＿{2,}/g, BLANK);
}

function trimHoles(options: (string | undefined)[]): (string | undefined)[] {
  const out = Array.from({ length: options.length }, (_, i) => options[i]);
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out;
}

/** `（B）` → `B`, `对。` → `对`. */
function cleanAnswer(answer: string): string {
  return answer
    .trim()
    .replace(/[。．.]$/, "")
    .replace(/^[（(【[]\s*([^（()）【】[\]]*?)\s*[)）】\]]$/, "$1")
    .trim();
}

const JUDGE_MARKS = "√|×|✓|✗|✔|✘|对|错|正确|错误|[TFＴＦ]";
const JUDGE_MARK_END = new RegExp(`[（(]\\s*(${JUDGE_MARKS})\\s*[)）]\\s*([。.！!]?)\\s*$`);
const JUDGE_MARK_START = new RegExp(`^\\s*[（(]\\s*(${JUDGE_MARKS})\\s*[)）]\\s*`);
const CHOICE_MARK = /[（(]\s*([A-HＡ-Ｈ]{1,8})\s*[)）]/g;

/** The answer written into the stem instead of on an answer line, and the stem without it. */
function takeInlineAnswer(
  stem: string,
  hasOptions: boolean,
  declared: QuestionType | null | undefined,
): { stem: string; answer: string; warning?: string } | null {
  if (hasOptions || declared === "single" || declared === "multiple" || declared === null) {
    const marks = [...stem.matchAll(CHOICE_MARK)];
    if (marks.length !== 1) return null;
    return { stem: stem.replace(CHOICE_MARK, BLANK), answer: marks[0]?.[1] ?? "" };
  }
  if (declared === undefined || declared === "judge") {
    const end = JUDGE_MARK_END.exec(stem);
    if (end) return { stem: `${stem.slice(0, end.index)}${end[2] ?? ""}`.trim(), answer: end[1] ?? "" };
    const start = JUDGE_MARK_START.exec(stem);
    if (start) return { stem: stem.slice(start[0].length).trim(), answer: start[1] ?? "" };
  }
  if (declared === "fill" && countBlanks(stem) === 0) {
    // A 填空题 printed with its answers: every parenthesized phrase is a blank.
    const groups = [...stem.matchAll(/[（(]([^（()）]+)[)）]/g)].map((m) => (m[1] ?? "").trim());
    if (groups.length === 0) return null;
    return { stem: stem.replace(/[（(][^（()）]+[)）]/g, BLANK), answer: groups.join("|"), warning: "答案取自题干括号里的文字，请核对" };
  }
  return null;
}

const NUMBERED_BLANK = /[①②③④⑤⑥⑦⑧⑨⑩]|[（(]\s*\d{1,2}\s*[)）]/;

/**
 * One list of accepted answers per blank: blanks split by `；` `;` `|` (or numbered `①…②…`), else by
 * `、` `，` or spaces when that gives exactly one answer per blank; alternatives within a blank by `/`
 * or `或`.
 */
function splitFillAnswer(answer: string, blanks: number): string[][] {
  const trimmed = (parts: string[]) => parts.map((part) => part.trim()).filter((part) => part !== "");
  let parts = NUMBERED_BLANK.test(answer)
    ? trimmed(answer.split(new RegExp(NUMBERED_BLANK.source, "g")))
    : trimmed(answer.split(/[;；|｜]/));
  if (parts.length === 1 && blanks > 1) {
    for (const separator of [/、/, /[，,]/, /\s+/]) {
      const split = trimmed(answer.split(separator));
      if (split.length === blanks) {
        parts = split;
        break;
      }
    }
  }
  return parts.map((part) => trimmed(part.split(/[/／]/)).flatMap(alternativesByOr));
}

/** `遵义或遵义市` is two answers; `不可或缺` is one word, which a one-character piece gives away. */
function alternativesByOr(answer: string): string[] {
  const pieces = answer.split("或").map((piece) => piece.trim());
  return pieces.length > 1 && pieces.every((piece) => [...piece].length >= 2) ? pieces : [answer];
}

/** `a，b、c; d` → [a, b, c, d], without repeats. */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[，,、;；|｜\s]+/)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ""),
    ),
  ];
}

const DIFFICULTY_WORDS: Record<string, number> = {
  易: 2,
  容易: 2,
  简单: 2,
  较易: 2,
  中: 3,
  中等: 3,
  适中: 3,
  一般: 3,
  难: 4,
  较难: 4,
  困难: 4,
};

/** `1`–`5`, `易/中/难` (2/3/4), `★★★`; undefined (the default, 3) with a warning for anything else. */
function difficultyOf(raw: string | undefined, warnings: string[]): number | undefined {
  const key = (raw ?? "").normalize("NFKC").replace(/\s/g, "");
  if (key === "") return undefined;
  if (/^[1-5](?:\.0+)?$/.test(key)) return Math.trunc(Number(key));
  if (/^★{1,5}$/.test(key)) return key.length;
  const word = DIFFICULTY_WORDS[key];
  if (word !== undefined) return word;
  warnings.push(`难度“${short(raw ?? "")}”无法识别（应为 1–5 或 易、中、难），已按 3 处理`);
  return undefined;
}

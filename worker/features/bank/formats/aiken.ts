import { checkDraft, indicesOf, MAX_OPTIONS, OPTION_LETTERS, type ParsedQuestion, type QuestionDraftInput } from "../question";

/**
 * Aiken import, pure: a question's text (one line or several), its options `A. …` / `A) …` in
 * order, then `ANSWER: X`. An `ANSWER` line ends a question; blank lines separate questions.
 *
 * Beyond Moodle's reader, it takes what Chinese word processors produce — `A．` `A、` `A）`,
 * full-width letters and colon, no space after the delimiter — and `ANSWER: AC` as a
 * many-answer question. A blank line inside a question (between the text and `A.`, or before
 * `ANSWER`) does not split it, so that slip costs no second, confusing error.
 *
 * @example
 * parseAiken("中共一大于哪一年召开？\nA. 1919年\nB. 1921年\nANSWER: B");
 * // [{ line: 1, warnings: [], draft: { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年"], answer: 1, ... } }]
 */
export function parseAiken(text: string): ParsedQuestion[] {
  const results: ParsedQuestion[] = [];
  let q: Pending | undefined;
  for (const [i, raw] of text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .entries()) {
    const n = i + 1;
    const line = raw.trim();
    if (line === "") {
      if (q) q.gap = true;
      continue;
    }
    const answer = ANSWER.exec(line);
    const option = answer ? null : OPTION.exec(line);
    const letter = option ? (option[1] ?? "").normalize("NFKC") : "";
    if (q?.gap && !continues(q, answer !== null, letter)) {
      results.push(unfinished(q));
      q = undefined;
    }
    q ??= { line: n, lines: [], stem: [], options: [], problems: [], gap: false, outOfOrder: false };
    q.gap = false;
    q.lines.push(line);
    if (answer) {
      results.push(finish(q, (answer[1] ?? "").trim(), n));
      q = undefined;
    } else if (option) addOption(q, letter, option[2] ?? "", n);
    else if (q.options.length === 0) q.stem.push(line);
    else q.problems.push(`第 ${n} 行“${short(line)}”既不是选项（如“C. …”）也不是答案行（如“ANSWER: B”）`);
  }
  if (q) results.push(unfinished(q));
  return results;
}

type Pending = {
  line: number;
  lines: string[];
  stem: string[];
  options: string[];
  problems: string[];
  /** A blank line came after the last line read. */
  gap: boolean;
  outOfOrder: boolean;
};

const OPTION = /^([A-ZＡ-Ｚ])\s*[.)．）、]\s*(.*)$/;
const ANSWER = /^ANSWER\s*[:：](.*)$/i;

/** After a blank line, only the next option or the answer line keeps the question going. */
function continues(q: Pending, isAnswer: boolean, letter: string): boolean {
  if (isAnswer) return q.options.length > 0;
  return letter !== "" && letter === OPTION_LETTERS[q.options.length] && (q.stem.length > 0 || q.options.length > 0);
}

function addOption(q: Pending, letter: string, text: string, n: number) {
  const expected = OPTION_LETTERS[q.options.length];
  if (letter !== expected && !q.outOfOrder) {
    // One report is enough: after the first slip every later letter is off by the same amount.
    q.outOfOrder = true;
    q.problems.push(expected ? `第 ${n} 行：选项顺序不对，这里应是 ${expected}，却是 ${letter}` : `第 ${n} 行：最多 ${MAX_OPTIONS} 个选项`);
  }
  q.options.push(text);
}

function finish(q: Pending, value: string, n: number): ParsedQuestion {
  const problems = shapeProblems(q);
  let answer: number[] | null = null;
  if (q.options.length >= 2 && !q.outOfOrder) {
    answer = indicesOf(value, q.options.length);
    if (!value) problems.push(`第 ${n} 行：“ANSWER:”后面缺少答案字母`);
    else if (!answer) problems.push(`第 ${n} 行：答案“${short(value)}”不在选项 A–${OPTION_LETTERS[q.options.length - 1]} 之中`);
  }
  if (problems.length || !answer) return failure(q, problems);
  const common = { stem: q.stem.join("\n"), options: q.options };
  const draft: QuestionDraftInput =
    answer.length > 1 ? { type: "multiple", ...common, answer } : { type: "single", ...common, answer: answer[0] };
  return checkDraft(q.line, draft, q.lines.join("\n"));
}

function unfinished(q: Pending): ParsedQuestion {
  return failure(q, ["缺少答案行（如“ANSWER: B”）", ...shapeProblems(q)]);
}

function shapeProblems(q: Pending): string[] {
  const problems: string[] = [];
  if (q.stem.length === 0) problems.push("缺少题干：选项前面要先写题目");
  problems.push(...q.problems);
  if (q.options.length === 0) problems.push("缺少选项（如“A. …”）");
  if (q.options.length === 1) problems.push("只有 1 个选项，至少需要 2 个");
  return problems;
}

function failure(q: Pending, problems: string[]): ParsedQuestion {
  return { line: q.line, error: problems.join("；"), excerpt: q.lines.join("\n").slice(0, 120) };
}

function short(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

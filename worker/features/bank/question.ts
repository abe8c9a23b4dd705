import { z } from "@hono/zod-openapi";

/**
 * The question model, pure: what a question is, how its answer is checked, and the shape every
 * import format produces. No database here.
 *
 * Answers refer to options by index (0 = A). Fill-in stems mark each blank with `（ ）`; the
 * answer lists, per blank, the accepted answers.
 *
 * @example
 * const q: QuestionDraft = { type: "single", stem: "中共一大于哪一年召开？", options: ["1919年", "1921年"], answer: 1, ... };
 * isCorrect(q, { type: "single", choice: 1 }); // true
 */

export const questionTypes = ["single", "multiple", "judge", "fill"] as const;
export type QuestionType = (typeof questionTypes)[number];

export const BLANK = "（ ）";
export const MAX_OPTIONS = 8;
export const OPTION_LETTERS = "ABCDEFGH";

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.normalize("NFC").trim())
    .pipe(z.string().max(max, `不能超过 ${max} 个字`));

const common = {
  stem: text(2000).pipe(z.string().min(1, "题干不能为空")),
  explanation: text(4000).default(""),
  source: text(300).default(""),
  tags: z
    .array(text(32).pipe(z.string().min(1, "标签不能为空")))
    .max(20, "最多 20 个标签")
    .default([]),
  difficulty: z
    .number({ error: "难度应是 1–5 的整数" })
    .int("难度应是 1–5 的整数")
    .min(1, "难度应是 1–5 的整数")
    .max(5, "难度应是 1–5 的整数")
    .default(3),
};

const options = z
  .array(text(500).pipe(z.string().min(1, "选项不能为空")))
  .min(2, "至少需要 2 个选项")
  .max(MAX_OPTIONS, `最多 ${MAX_OPTIONS} 个选项`);

export const QuestionDraftSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("single"), ...common, options, answer: z.number().int().min(0) }),
    z.object({
      type: z.literal("multiple"),
      ...common,
      options,
      answer: z.array(z.number().int().min(0)).min(1),
      /** Off: all or nothing. On: a share of the points for each right choice, none if any wrong one is chosen. */
      partialCredit: z.boolean().default(false),
    }),
    z.object({ type: z.literal("judge"), ...common, answer: z.boolean() }),
    z.object({
      type: z.literal("fill"),
      ...common,
      answer: z
        .array(z.array(text(200).pipe(z.string().min(1, "答案不能为空"))).min(1, "每个空至少要有一个答案"))
        .min(1, "填空题至少要有一个空")
        .max(10, "最多 10 个空"),
    }),
  ])
  .superRefine((q, ctx) => {
    for (const problem of consistencyProblems(q as QuestionDraft)) ctx.addIssue({ code: "custom", message: problem, path: ["answer"] });
  });

export type QuestionDraftInput = z.input<typeof QuestionDraftSchema>;
export type QuestionDraft = z.output<typeof QuestionDraftSchema>;

/** What a well-typed question can still get wrong; each entry is a sentence an author can act on. */
export function consistencyProblems(q: QuestionDraft): string[] {
  const problems: string[] = [];
  if (q.type === "single" && (q.answer < 0 || q.answer >= q.options.length))
    problems.push(`答案不在选项 A–${OPTION_LETTERS[q.options.length - 1]} 之中`);
  if (q.type === "multiple") {
    if (q.answer.some((i) => i < 0 || i >= q.options.length)) problems.push(`答案不在选项 A–${OPTION_LETTERS[q.options.length - 1]} 之中`);
    if (new Set(q.answer).size !== q.answer.length) problems.push("答案中有重复的选项");
    if (q.answer.length < 2) problems.push("多选题至少要有 2 个正确选项");
  }
  if (q.type === "single" || q.type === "multiple") {
    const seen = new Set<string>();
    for (const option of q.options) {
      const key = normalizeAnswer(option);
      if (seen.has(key)) problems.push(`选项“${option}”重复`);
      seen.add(key);
    }
  }
  if (q.type === "fill") {
    const blanks = countBlanks(q.stem);
    if (blanks !== q.answer.length) problems.push(`题干中有 ${blanks} 个空（ ），答案给了 ${q.answer.length} 个`);
  }
  return problems;
}

export function countBlanks(stem: string): number {
  return stem.split(BLANK).length - 1;
}

/**
 * Folds what people type differently for the same answer: Unicode compatibility forms (NFKC also
 * folds full-width letters and digits to half-width), case, spaces, and Chinese vs Western
 * punctuation of the same meaning.
 */
export function normalizeAnswer(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/[“”"]/g, '"')
    .replace(/[‘’']/g, "'")
    .replace(/[。．]/g, ".")
    .replace(/[，、]/g, ",")
    .trim();
}

/** A stem as compared for duplicates: normalized, blanks and punctuation ignored. */
export function normalizeStem(stem: string): string {
  return normalizeAnswer(stem.replaceAll(BLANK, "")).replace(/[()（）\p{P}]/gu, "");
}

export type Response =
  | { type: "single"; choice: number }
  | { type: "multiple"; choices: number[] }
  | { type: "judge"; value: boolean }
  | { type: "fill"; blanks: string[] };

/** The share of the question's points a response earns, 0…1. */
export function scoreResponse(q: QuestionDraft, response: Response): number {
  switch (q.type) {
    case "single":
      return response.type === "single" && response.choice === q.answer ? 1 : 0;
    case "judge":
      return response.type === "judge" && response.value === q.answer ? 1 : 0;
    case "multiple": {
      if (response.type !== "multiple") return 0;
      const chosen = new Set(response.choices);
      const right = new Set(q.answer);
      if ([...chosen].some((c) => !right.has(c))) return 0;
      if (chosen.size === right.size) return 1;
      return q.partialCredit ? chosen.size / right.size : 0;
    }
    case "fill": {
      if (response.type !== "fill" || response.blanks.length !== q.answer.length) return 0;
      const allRight = q.answer.every((accepted, i) =>
        accepted.some((a) => normalizeAnswer(a) === normalizeAnswer(response.blanks[i] ?? "")),
      );
      return allRight ? 1 : 0;
    }
  }
}

export function isCorrect(q: QuestionDraft, response: Response): boolean {
  return scoreResponse(q, response) === 1;
}

/** `ACD` for indices [0, 2, 3]. */
export function lettersOf(indices: number[]): string {
  return [...indices]
    .sort((a, b) => a - b)
    .map((i) => OPTION_LETTERS[i] ?? "?")
    .join("");
}

/** [0, 2, 3] for `acd`, `A,C,D`, `ＡＣＤ`; null when any character is not an option letter. */
export function indicesOf(letters: string, optionCount = MAX_OPTIONS): number[] | null {
  const cleaned = letters
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s,，、;；/]/g, "");
  if (!cleaned) return null;
  const out: number[] = [];
  for (const ch of cleaned) {
    const i = OPTION_LETTERS.indexOf(ch);
    if (i < 0 || i >= optionCount) return null;
    out.push(i);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

const TRUE_WORDS = ["对", "正确", "是", "√", "✓", "✔", "t", "true", "y", "yes"];
const FALSE_WORDS = ["错", "错误", "否", "×", "✗", "✘", "x", "f", "false", "n", "no"];

/** 对/错, 正确/错误, √/×, T/F, true/false; null for anything else. */
export function judgeValue(text: string): boolean | null {
  const key = text.normalize("NFKC").trim().toLowerCase();
  if (TRUE_WORDS.includes(key)) return true;
  if (FALSE_WORDS.includes(key)) return false;
  return null;
}

/**
 * One question an importer read, or the reason it could not: every input question ends up as
 * exactly one of these, so nothing is dropped silently. `line` is the 1-based line (text formats)
 * or row (spreadsheets) where the question starts.
 */
export type ParsedQuestion = { line: number; draft: QuestionDraft; warnings: string[] } | { line: number; error: string; excerpt: string };

/** Validates a draft an importer assembled, turning schema failures into one readable reason. */
export function checkDraft(line: number, input: unknown, excerpt: string, warnings: string[] = []): ParsedQuestion {
  const result = QuestionDraftSchema.safeParse(input);
  if (result.success) return { line, draft: result.data, warnings };
  return { line, error: result.error.issues.map((i) => i.message).join("；"), excerpt: excerpt.slice(0, 120) };
}

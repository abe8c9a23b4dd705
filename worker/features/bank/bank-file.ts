import { z } from "@hono/zod-openapi";
import { parseDocument } from "yaml";
import { checkDraft, indicesOf, judgeValue, type ParsedQuestion } from "./question";

/**
 * The shipped bank's file format (question-bank/, see its README): YAML, one file per topic, each
 * question with a stable id. Answers are written as people write them (letters, 对/错, blanks) and
 * read into the same QuestionDraft every importer produces.
 */

const FileQuestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,80}$/, "id 只能用小写字母、数字和连字符"),
  type: z.enum(["single", "multiple", "judge", "fill"]),
  stem: z.string({ error: "缺少题干" }),
  options: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  answer: z.union([z.string(), z.boolean(), z.array(z.array(z.union([z.string(), z.number()]).transform(String)))]),
  partialCredit: z.boolean().optional(),
  explanation: z.string({ error: "每道题都要有解析" }).min(1, "每道题都要有解析"),
  source: z.string({ error: "每道题都要有出处" }).min(1, "每道题都要有出处"),
  tags: z.array(z.string()).min(1, "至少一个标签"),
  difficulty: z.number().int().min(1).max(5),
});

const BankFileSchema = z.object({ questions: z.array(z.unknown()).min(1) });

export type BankFileQuestion = { key: string; parsed: ParsedQuestion };

/** Reads one bank file; each question keeps its line so a problem points at the place to fix. */
export function parseBankFile(text: string): BankFileQuestion[] | { error: string; line: number } {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    return { error: `YAML 格式错误：${first?.message.split("\n")[0]}`, line: first?.linePos?.[0].line ?? 1 };
  }
  const shape = BankFileSchema.safeParse(doc.toJS());
  if (!shape.success) return { error: "文件需要一个非空的 questions 列表", line: 1 };
  const items = (doc.get("questions", true) as { items: { range?: [number, number, number] }[] }).items;
  return shape.data.questions.map((raw, i) => {
    const offset = items[i]?.range?.[0] ?? 0;
    const line = text.slice(0, offset).split("\n").length;
    const key = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : `#${i + 1}`;
    const fields = FileQuestionSchema.safeParse(raw);
    if (!fields.success) {
      const reason = fields.error.issues.map((issue) => `${issue.path.join(".") || "题目"}：${issue.message}`).join("；");
      return { key, parsed: { line, error: reason, excerpt: key } };
    }
    return { key, parsed: toDraft(line, fields.data) };
  });
}

function toDraft(line: number, q: z.infer<typeof FileQuestionSchema>): ParsedQuestion {
  const base = { type: q.type, stem: q.stem, explanation: q.explanation, source: q.source, tags: q.tags, difficulty: q.difficulty };
  const options = q.options ?? [];
  switch (q.type) {
    case "single": {
      const picked = typeof q.answer === "string" ? indicesOf(q.answer, options.length) : null;
      if (picked?.length !== 1) return { line, error: `单选题的答案应是一个选项字母，现在是“${String(q.answer)}”`, excerpt: q.id };
      return checkDraft(line, { ...base, options, answer: picked[0] }, q.id);
    }
    case "multiple": {
      const picked = typeof q.answer === "string" ? indicesOf(q.answer, options.length) : null;
      if (!picked) return { line, error: `多选题的答案应是选项字母，如 ACD，现在是“${String(q.answer)}”`, excerpt: q.id };
      return checkDraft(line, { ...base, options, answer: picked, partialCredit: q.partialCredit ?? false }, q.id);
    }
    case "judge": {
      const value = typeof q.answer === "boolean" ? q.answer : typeof q.answer === "string" ? judgeValue(q.answer) : null;
      if (value === null) return { line, error: `判断题的答案应是“对”或“错”，现在是“${String(q.answer)}”`, excerpt: q.id };
      if (options.length > 0) return { line, error: "判断题不需要选项", excerpt: q.id };
      return checkDraft(line, { ...base, answer: value }, q.id);
    }
    case "fill": {
      if (!Array.isArray(q.answer)) return { line, error: "填空题的答案应是每个空的可接受答案列表，如 [[遵义]]", excerpt: q.id };
      return checkDraft(line, { ...base, answer: q.answer }, q.id);
    }
  }
}

import { createId } from "@paralleldrive/cuid2";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Context } from "hono";
import { questionImports, questions, questionTags, questionVersions } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { ApiError } from "../../lib/errors";
import { decodeText } from "../../lib/spreadsheet";
import { HOUR, now } from "../../lib/time";
import { allQuestionsOfBank, existingStemKeys, toDraft } from "./bank.repo";
import { BankExportSchema } from "./bank.schema";
import { loadBankFor } from "./bank.service";
import { parseAiken } from "./formats/aiken";
import { parseDocx } from "./formats/docx";
import { parseGift } from "./formats/gift";
import { parseNumberedText } from "./formats/numbered-text";
import { parseQuestionSheet } from "./formats/sheet";
import { checkDraft, normalizeStem, type ParsedQuestion, type QuestionDraft } from "./question";

export const MAX_QUESTION_FILE_BYTES = 5 * 1024 * 1024;
const MAX_QUESTIONS = 5000;
const PREVIEW_TTL = HOUR;

type Format = "sheet" | "docx" | "text" | "gift" | "aiken" | "json";

/** The format a file is in: by extension, and for plain text by what its lines look like. */
export function detectFormat(fileName: string, text: string | null): Format | null {
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  if (ext === "xlsx" || ext === "csv") return "sheet";
  if (ext === "docx") return "docx";
  if (ext === "gift") return "gift";
  if (ext === "json") return "json";
  // Only text files are read by their content: a .doc, .xls or .pdf would otherwise be decoded as
  // text and come back as "no questions found" instead of "this format is not supported".
  const named = fileName.includes(".") ? ext : "";
  if (text === null || !["txt", "text", "aiken", ""].includes(named)) return null;
  if (/^\s*ANSWER\s*:\s*[A-Z]\s*$/im.test(text)) return "aiken";
  if (/\{[^}]*[=~][^}]*\}|\{\s*(T|F|TRUE|FALSE)\s*\}/.test(text) || /^\s*\$CATEGORY:/m.test(text)) return "gift";
  return "text";
}

function parseJsonBank(text: string): ParsedQuestion[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [{ line: 1, error: "不是有效的 JSON 文件", excerpt: text.slice(0, 80) }];
  }
  const shape = BankExportSchema.safeParse(data);
  if (!shape.success) {
    // Questions that fail are reported one by one; a file that is not a bank export at all is one error.
    const list = (data as { questions?: unknown })?.questions;
    if ((data as { format?: unknown })?.format !== "lianxue-bank" || !Array.isArray(list))
      return [{ line: 1, error: "不是链学题库导出的 JSON 文件", excerpt: text.slice(0, 80) }];
    return list.map((item, i) => checkDraft(i + 1, (item as { draft?: unknown })?.draft, JSON.stringify(item).slice(0, 120)));
  }
  return shape.data.questions.map((item, i) => ({ line: i + 1, draft: item.draft, warnings: [] }));
}

async function parseInput(format: Format, bytes: Uint8Array, fileName: string): Promise<ParsedQuestion[]> {
  // Notepad on Chinese Windows saves GBK ("ANSI"), so text files are decoded as CSV files are.
  const text = () => {
    try {
      return decodeText(bytes);
    } catch {
      throw new Error("文件不是文本文件");
    }
  };
  switch (format) {
    case "sheet":
      return parseQuestionSheet(bytes, fileName);
    case "docx":
      return parseDocx(bytes);
    case "gift":
      return parseGift(text());
    case "aiken":
      return parseAiken(text());
    case "text":
      return parseNumberedText(text());
    case "json":
      return parseJsonBank(text());
  }
}

/** A question kept between preview and commit; status and key come from a JSON bank export. */
type StoredDraft = { line: number; draft: QuestionDraft; duplicate: boolean; status?: "draft" | "active" | "retired"; key?: string | null };

/** Status and key of each question of a JSON bank export, by position, so a round trip keeps them. */
function jsonMeta(format: Format, bytes: Uint8Array): { status: "draft" | "active" | "retired"; key: string | null }[] {
  if (format !== "json") return [];
  try {
    const data = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, "")) as {
      questions?: { status?: unknown; key?: unknown }[];
    };
    return (data.questions ?? []).map((q) => ({
      status: q.status === "draft" || q.status === "retired" ? q.status : "active",
      key: typeof q.key === "string" ? q.key : null,
    }));
  } catch {
    return [];
  }
}

export async function previewQuestionImport(
  c: Context<AppEnv>,
  user: SessionUser,
  bankId: string,
  input: { file?: unknown; text?: string | undefined; format: "auto" | Format },
) {
  const db = c.get("db");
  const bank = await loadBankFor(db, user, bankId, "manage");
  let bytes: Uint8Array;
  let fileName: string;
  if (input.file instanceof File) {
    if (input.file.size > MAX_QUESTION_FILE_BYTES)
      throw new ApiError("PAYLOAD_TOO_LARGE", "import.fileTooLarge", { mb: MAX_QUESTION_FILE_BYTES / 1024 / 1024 });
    bytes = new Uint8Array(await input.file.arrayBuffer());
    fileName = input.file.name;
  } else if (input.text?.trim()) {
    bytes = new TextEncoder().encode(input.text);
    fileName = "粘贴的文本.txt";
  } else {
    throw new ApiError("VALIDATION_FAILED", "bank.importFileMissing", {}, { issues: [{ path: "file", message: "请选择文件或粘贴试题" }] });
  }
  const looksText = !["xlsx", "docx"].includes(fileName.toLowerCase().split(".").pop() ?? "");
  const format =
    input.format === "auto" ? detectFormat(fileName, looksText ? new TextDecoder().decode(bytes.slice(0, 65536)) : null) : input.format;
  if (!format) throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "bank.importFormat");

  let parsed: ParsedQuestion[];
  try {
    parsed = await parseInput(format, bytes, fileName);
  } catch (err) {
    const key = (err as { key?: string }).key;
    const params = (err as { params?: Record<string, string | number> }).params ?? {};
    if (key) throw new ApiError("UNPROCESSABLE", key as "import.unreadable", params);
    throw new ApiError("UNPROCESSABLE", "import.unreadable", { reason: err instanceof Error ? err.message : String(err) });
  }
  if (parsed.length === 0) throw new ApiError("UNPROCESSABLE", "bank.importEmpty");
  if (parsed.length > MAX_QUESTIONS) throw new ApiError("UNPROCESSABLE", "import.tooManyRows", { max: MAX_QUESTIONS });

  // Likely duplicates: the same folded stem already in the bank, or earlier in the same file.
  const keys = parsed.flatMap((p) => ("draft" in p ? [normalizeStem(p.draft.stem)] : []));
  const existing = new Map((await existingStemKeys(db, bank.id, [...new Set(keys)])).map((row) => [row.stemKey, row]));
  const seen = new Map<string, number>();
  const stored: StoredDraft[] = [];
  const meta = jsonMeta(format, bytes);
  const items = parsed.map((p, index) => {
    if ("error" in p)
      return {
        line: p.line,
        status: "error" as const,
        type: null,
        stem: p.excerpt,
        error: p.error,
        warnings: [] as string[],
        duplicateOf: null,
      };
    const key = normalizeStem(p.draft.stem);
    const inBank = existing.get(key);
    const inFile = seen.get(key);
    seen.set(key, seen.get(key) ?? p.line);
    const duplicateOf = inBank
      ? { questionId: inBank.id, line: null, stem: inBank.stem }
      : inFile
        ? { questionId: null, line: inFile, stem: p.draft.stem }
        : null;
    stored.push({ line: p.line, draft: p.draft, duplicate: duplicateOf !== null, ...(meta[index] ?? {}) });
    return {
      line: p.line,
      status: duplicateOf ? ("duplicate" as const) : ("ok" as const),
      type: p.draft.type,
      stem: p.draft.stem,
      error: null,
      warnings: p.warnings,
      duplicateOf,
    };
  });
  const summary = {
    total: items.length,
    ok: items.filter((i) => i.status === "ok").length,
    duplicates: items.filter((i) => i.status === "duplicate").length,
    errors: items.filter((i) => i.status === "error").length,
  };
  const at = now();
  const importId = createId();
  await db.batch([
    // Nothing else deletes previews: each new one clears the expired ones, in the same round trip.
    db.delete(questionImports).where(lt(questionImports.expiresAt, at)),
    db.insert(questionImports).values({
      id: importId,
      bankId: bank.id,
      createdBy: user.id,
      fileName: fileName.slice(0, 200),
      format,
      drafts: stored,
      errorCount: summary.errors,
      createdAt: at,
      expiresAt: at + PREVIEW_TTL,
    }),
  ]);
  return { importId, fileName, format, expiresAt: at + PREVIEW_TTL, summary, items };
}

/** All or nothing: one batch whose statements read the questions from one bound JSON array. */
export async function commitQuestionImport(
  c: Context<AppEnv>,
  user: SessionUser,
  bankId: string,
  importId: string,
  options: { skipDuplicates: boolean; status: "draft" | "active" },
) {
  const db = c.get("db");
  const bank = await loadBankFor(db, user, bankId, "manage");
  const saved = await db.select().from(questionImports).where(eq(questionImports.id, importId)).get();
  if (!saved || saved.bankId !== bank.id || saved.createdBy !== user.id) throw new ApiError("NOT_FOUND", "bank.importNotFound");
  if (saved.status === "committed") throw new ApiError("CONFLICT", "import.alreadyCommitted");
  const at = now();
  if (saved.expiresAt <= at) throw new ApiError("GONE", "bank.importNotFound");
  if (saved.errorCount > 0) throw new ApiError("UNPROCESSABLE", "bank.importHasErrors", { count: saved.errorCount });
  const drafts = (saved.drafts as StoredDraft[]).filter((d) => !(options.skipDuplicates && d.duplicate));
  // A key repeated within the file (a question copied in a hand-edited export) is kept once, as
  // the bank's unique key index would otherwise fail the whole batch.
  const keys = new Set<string>();
  const rows = drafts.map(({ draft, status, key }) => ({
    id: createId(),
    status: status ?? options.status,
    key: key && !keys.has(key) && keys.add(key) ? key : null,
    type: draft.type,
    stem: draft.stem,
    stemKey: normalizeStem(draft.stem),
    difficulty: draft.difficulty,
    options: "options" in draft ? draft.options : [],
    answer: draft.answer,
    partialCredit: draft.type === "multiple" ? draft.partialCredit : false,
    explanation: draft.explanation,
    source: draft.source,
    tags: [...new Set(draft.tags)],
  }));
  const list = JSON.stringify(rows);
  await db.batch([
    // The guard makes a second, concurrent commit of the same preview insert nothing.
    db
      .update(questionImports)
      .set({ status: "committed" })
      .where(and(eq(questionImports.id, saved.id), eq(questionImports.status, "preview"))),
    db.insert(questions).select(
      // A key already used in this bank (the same export imported twice) is dropped rather than clash.
      sql`select json_extract(value, '$.id'), ${bank.id},
             case when exists (select 1 from questions as q where q.bank_id = ${bank.id} and q.external_key = json_extract(value, '$.key')) then null else json_extract(value, '$.key') end,
             1, json_extract(value, '$.status'), json_extract(value, '$.type'), json_extract(value, '$.stem'),
             json_extract(value, '$.stemKey'), json_extract(value, '$.difficulty'), ${at}, ${at}
      from json_each(${list}) where changes() > 0`,
    ),
    // `->` keeps the answer as JSON text: json_extract would turn a true/false answer into 1/0.
    db.insert(questionVersions).select(
      sql`select json_extract(value, '$.id'), 1, json_extract(value, '$.type'), json_extract(value, '$.stem'), json_extract(value, '$.options'),
             value -> '$.answer', json_extract(value, '$.partialCredit'), json_extract(value, '$.explanation'), json_extract(value, '$.source'),
             json_extract(value, '$.tags'), json_extract(value, '$.difficulty'), ${user.id}, ${at}
      from json_each(${list}) where exists (select 1 from questions where questions.id = json_extract(value, '$.id'))`,
    ),
    db.insert(questionTags).select(
      sql`select json_extract(q.value, '$.id'), t.value from json_each(${list}) as q, json_each(json_extract(q.value, '$.tags')) as t
      where exists (select 1 from questions where questions.id = json_extract(q.value, '$.id'))`,
    ),
    auditStatement(db, c, {
      action: "question.import",
      entityType: "bank",
      entityId: bank.id,
      orgId: bank.orgId,
      after: { importId: saved.id, fileName: saved.fileName, format: saved.format, imported: rows.length },
    }),
  ]);
  return { imported: rows.length, skipped: (saved.drafts as StoredDraft[]).length - rows.length };
}

/** The whole bank as JSON, lossless: importing it into an empty bank gives the same questions. */
export async function exportBankJson(c: Context<AppEnv>, user: SessionUser, bankId: string) {
  const db = c.get("db");
  const bank = await loadBankFor(db, user, bankId, "manage");
  const rows = await allQuestionsOfBank(db, bank.id);
  return {
    fileName: `${bank.name}.json`,
    body: {
      format: "lianxue-bank" as const,
      version: 1 as const,
      bank: { name: bank.name, description: bank.description },
      questions: rows.map((row) => ({ key: row.externalKey, status: row.status, draft: toDraft(row) })),
    },
  };
}

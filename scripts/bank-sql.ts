/**
 * SQL that loads the shipped banks into a D1 database, idempotently: banks and questions have
 * ids derived from their folder and question id; a question whose content changed gets a new
 * version (answers already given keep the version they saw); running it twice changes nothing.
 */
import { createHash } from "node:crypto";
import { normalizeStem } from "../worker/features/bank/question";
import type { ShippedQuestion } from "./bank-files";

/** Names and descriptions of the shipped banks, by folder. */
export const SHIPPED_BANKS: Record<string, { name: string; description: string }> = {
  "party-history": { name: "党史知识题库", description: "新民主主义革命时期至新时代的党史知识，含重要会议、人物、文献与事件。" },
  "party-basics": { name: "党章与党的基本知识", description: "《中国共产党章程》、党员、三会一课、党费、党的纪律等基本知识。" },
  "enterprise-party-building": {
    name: "非公企业党建",
    description: "非公有制企业和两新组织党建：组织覆盖与工作覆盖、双向进入交叉任职、党建入章等。",
  },
};

const q = (value: string | number | boolean | null) =>
  value === null
    ? "NULL"
    : typeof value === "number"
      ? String(value)
      : typeof value === "boolean"
        ? value
          ? "1"
          : "0"
        : `'${value.replace(/'/g, "''")}'`;

export function shippedBankId(folder: string): string {
  return `shipped${folder.replace(/[^a-z0-9]/g, "")}`.slice(0, 40);
}

export function shippedQuestionId(folder: string, key: string): string {
  return `q${createHash("sha256").update(`${folder}/${key}`).digest("hex").slice(0, 23)}`;
}

function versionContent(d: ShippedQuestion["draft"]) {
  return {
    type: d.type,
    stem: d.stem,
    options: JSON.stringify("options" in d ? d.options : []),
    answer: JSON.stringify(d.answer),
    partialCredit: d.type === "multiple" ? d.partialCredit : false,
    explanation: d.explanation,
    source: d.source,
    tags: JSON.stringify(d.tags),
    difficulty: d.difficulty,
  };
}

export function shippedBankSql(questions: ShippedQuestion[], ownerOrgId: string, at = Date.now()): string {
  const lines: string[] = [];
  for (const folder of [...new Set(questions.map((x) => x.bank))]) {
    const meta = SHIPPED_BANKS[folder];
    if (!meta) continue;
    lines.push(
      `INSERT INTO banks (id, org_id, name, description, visibility, source_key, created_by, created_at, updated_at) VALUES (${[shippedBankId(folder), ownerOrgId, meta.name, meta.description, "public", `shipped:${folder}`, null, at, at].map(q).join(", ")}) ON CONFLICT(id) DO NOTHING;`,
    );
  }
  for (const item of questions) {
    const id = q(shippedQuestionId(item.bank, item.key));
    const c = versionContent(item.draft);
    const same = `type = ${q(c.type)} AND stem = ${q(c.stem)} AND options = ${q(c.options)} AND answer = ${q(c.answer)} AND partial_credit = ${q(c.partialCredit)} AND explanation = ${q(c.explanation)} AND source = ${q(c.source)} AND tags = ${q(c.tags)} AND difficulty = ${c.difficulty}`;
    const latest = `(SELECT max(version) FROM question_versions WHERE question_id = ${id})`;
    lines.push(
      `INSERT INTO questions (id, bank_id, external_key, current_version, status, type, stem, stem_key, difficulty, created_at, updated_at) VALUES (${[shippedQuestionId(item.bank, item.key), shippedBankId(item.bank), item.key, 1, "active", c.type, c.stem, normalizeStem(c.stem), c.difficulty, at, at].map(q).join(", ")}) ON CONFLICT(id) DO NOTHING;`,
      `INSERT INTO question_versions (question_id, version, type, stem, options, answer, partial_credit, explanation, source, tags, difficulty, created_by, created_at) SELECT ${id}, coalesce(${latest}, 0) + 1, ${[c.type, c.stem, c.options, c.answer, c.partialCredit, c.explanation, c.source, c.tags, c.difficulty].map(q).join(", ")}, NULL, ${at} WHERE NOT EXISTS (SELECT 1 FROM question_versions WHERE question_id = ${id} AND ${same});`,
      `UPDATE questions SET current_version = ${latest}, type = ${q(c.type)}, stem = ${q(c.stem)}, stem_key = ${q(normalizeStem(c.stem))}, difficulty = ${c.difficulty}, updated_at = ${at} WHERE id = ${id} AND current_version <> ${latest};`,
      `DELETE FROM question_tags WHERE question_id = ${id} AND tag NOT IN (${item.draft.tags.map(q).join(", ")});`,
      ...item.draft.tags.map((tag) => `INSERT OR IGNORE INTO question_tags (question_id, tag) VALUES (${id}, ${q(tag)});`),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Reads the shipped question banks in question-bank/: one bank per folder, one YAML file per
 * topic. Used by `npm run bank:check`, the demo seed and `npm run bank:load`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseBankFile } from "../worker/features/bank/bank-file";
import type { QuestionDraft } from "../worker/features/bank/question";
import { SHIPPED_BANKS } from "./bank-sql";

export { SHIPPED_BANKS };

export const BANK_DIR = "question-bank";

export type ShippedQuestion = { bank: string; file: string; line: number; key: string; draft: QuestionDraft };
export type BankProblem = { file: string; line: number; key: string; message: string };

export function readTags(): { periods: string[]; topics: string[] } {
  return parse(readFileSync(join(BANK_DIR, "tags.yaml"), "utf8"));
}

export function readShippedBanks(): { questions: ShippedQuestion[]; problems: BankProblem[] } {
  const questions: ShippedQuestion[] = [];
  const problems: BankProblem[] = [];
  for (const bank of readdirSync(BANK_DIR).sort()) {
    if (!statSync(join(BANK_DIR, bank)).isDirectory()) continue;
    if (!SHIPPED_BANKS[bank])
      problems.push({
        file: join(BANK_DIR, bank),
        line: 1,
        key: "",
        message: "未登记的题库目录（在 scripts/bank-files.ts 的 SHIPPED_BANKS 中登记）",
      });
    for (const name of readdirSync(join(BANK_DIR, bank)).sort()) {
      if (!name.endsWith(".yaml")) continue;
      const file = join(BANK_DIR, bank, name);
      const parsed = parseBankFile(readFileSync(file, "utf8"));
      if ("error" in parsed) {
        problems.push({ file, line: parsed.line, key: "", message: parsed.error });
        continue;
      }
      for (const { key, parsed: q } of parsed) {
        if ("error" in q) problems.push({ file, line: q.line, key, message: q.error });
        else questions.push({ bank, file, line: q.line, key, draft: q.draft });
      }
    }
  }
  return { questions, problems };
}

/**
 * `npm run bank:check`: validates every shipped bank file — schema, answer consistency, unique
 * ids, duplicate stems, known tags, one period per history question — and ends with
 * `questions: N`. Exits 1 when anything is wrong, naming the file and line.
 */
import { normalizeStem } from "../worker/features/bank/question";
import { type BankProblem, readShippedBanks, readTags } from "./bank-files";

const { questions, problems } = readShippedBanks();
const tags = readTags();
const known = new Set([...tags.periods, ...tags.topics]);
const issues: BankProblem[] = [...problems];
const byKey = new Map<string, string>();
const byStem = new Map<string, string>();

for (const q of questions) {
  const where = { file: q.file, line: q.line, key: q.key };
  const earlier = byKey.get(q.key);
  if (earlier) issues.push({ ...where, message: `id 与 ${earlier} 重复` });
  byKey.set(q.key, `${q.file}:${q.line}`);
  const stem = `${q.bank}|${q.draft.type}|${normalizeStem(q.draft.stem)}`;
  const same = byStem.get(stem);
  if (same) issues.push({ ...where, message: `题干与 ${same} 相同` });
  byStem.set(stem, `${q.file}:${q.line}`);
  for (const tag of q.draft.tags) if (!known.has(tag)) issues.push({ ...where, message: `标签“${tag}”不在 question-bank/tags.yaml 中` });
  const periods = q.draft.tags.filter((tag) => tags.periods.includes(tag));
  if (q.bank === "party-history" && periods.length !== 1)
    issues.push({ ...where, message: `党史题应恰好有一个时期标签，现在有 ${periods.length} 个` });
  if (!q.draft.tags.some((tag) => tags.topics.includes(tag))) issues.push({ ...where, message: "至少要有一个主题标签" });
}

for (const issue of issues) console.error(`${issue.file}:${issue.line}${issue.key ? ` ${issue.key}` : ""}: ${issue.message}`);
const count = (predicate: (q: (typeof questions)[number]) => boolean) => questions.filter(predicate).length;
for (const bank of [...new Set(questions.map((q) => q.bank))]) {
  const inBank = (q: (typeof questions)[number]) => q.bank === bank;
  const types = ["single", "multiple", "judge", "fill"]
    .map((type) => `${type} ${count((q) => inBank(q) && q.draft.type === type)}`)
    .join(", ");
  console.log(`${bank}: ${count(inBank)} (${types})`);
}
for (const period of tags.periods) console.log(`  ${period}: ${count((q) => q.draft.tags.includes(period))}`);
if (issues.length > 0) console.log(`problems: ${issues.length}`);
console.log(`questions: ${questions.length}`);
process.exit(issues.length > 0 ? 1 : 0);

import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { shippedBankSql, shippedQuestionId } from "../../scripts/bank-sql";
import { parseBankFile } from "../../worker/features/bank/bank-file";
import { createOrg } from "../helpers/factories";

const file = `questions:
  - id: ph1-first-congress-year
    type: single
    stem: 中国共产党第一次全国代表大会于哪一年召开？
    options: [1919年, 1921年, 1927年, 1935年]
    answer: B
    explanation: 1921年7月，中共一大在上海召开。
    source: 《中国共产党简史》第一章
    tags: [新民主主义革命时期, 重要会议]
    difficulty: 1
  - id: ph1-zunyi
    type: fill
    stem: 1935年1月，中共中央政治局在贵州（ ）召开扩大会议。
    answer: [[遵义]]
    explanation: 遵义会议。
    source: 《中国共产党简史》第二章
    tags: [新民主主义革命时期, 重要会议]
    difficulty: 2
`;

function shipped(text: string) {
  const parsed = parseBankFile(text);
  if (!Array.isArray(parsed)) throw new Error(parsed.error);
  return parsed.map(({ key, parsed: q }) => {
    if (!("draft" in q)) throw new Error(q.error);
    return { bank: "party-history", file: "t.yaml", line: q.line, key, draft: q.draft };
  });
}

async function load(text: string, orgId: string) {
  // D1's exec runs one statement per line.
  await env.DB.exec(shippedBankSql(shipped(text), orgId).trim());
}

async function counts() {
  const row = await env.DB.prepare(
    "select (select count(*) from banks) as banks, (select count(*) from questions) as questions, (select count(*) from question_versions) as versions, (select count(*) from question_tags) as tags",
  ).first();
  return row;
}

describe("loading the shipped banks (npm start, npm run bank:load)", () => {
  it("loads a public bank with its questions, versions and tags; loading again changes nothing", async () => {
    const org = await createOrg();
    await load(file, org.id);
    expect(await counts()).toEqual({ banks: 1, questions: 2, versions: 2, tags: 4 });
    const bank = await env.DB.prepare("select name, visibility, source_key, org_id from banks").first();
    expect(bank).toEqual({ name: "党史知识题库", visibility: "public", source_key: "shipped:party-history", org_id: org.id });
    await load(file, org.id);
    expect(await counts()).toEqual({ banks: 1, questions: 2, versions: 2, tags: 4 });
  });

  it("gives a corrected question a new version, keeping the old one for answers that saw it", async () => {
    const org = await createOrg();
    await load(file, org.id);
    await load(
      file
        .replace("explanation: 遵义会议。", "explanation: 1935年1月，遵义会议召开。")
        .replace(
          "tags: [新民主主义革命时期, 重要会议]\n    difficulty: 2",
          "tags: [新民主主义革命时期, 重要会议, 党史]\n    difficulty: 2",
        ),
      org.id,
    );
    const id = shippedQuestionId("party-history", "ph1-zunyi");
    const versions = await env.DB.prepare("select version, explanation from question_versions where question_id = ? order by version")
      .bind(id)
      .all();
    expect(versions.results).toEqual([
      { version: 1, explanation: "遵义会议。" },
      { version: 2, explanation: "1935年1月，遵义会议召开。" },
    ]);
    const question = await env.DB.prepare("select current_version from questions where id = ?").bind(id).first();
    expect(question).toEqual({ current_version: 2 });
    const tags = await env.DB.prepare("select tag from question_tags where question_id = ? order by tag").bind(id).all();
    expect(tags.results.map((r) => r.tag)).toEqual(["党史", "新民主主义革命时期", "重要会议"].sort());
  });
});

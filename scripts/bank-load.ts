/**
 * `npm run bank:load -- --org <orgId>`: loads the shipped banks into the deployed D1 (remote), owned
 * by that org and public to every org on the instance. Safe to run again after the banks change.
 * `--local` loads into the local database instead (npm start does that for the demo).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readShippedBanks } from "./bank-files";
import { shippedBankSql } from "./bank-sql";
import { run } from "./run";

export async function loadShippedBanks(options: {
  ownerOrgId: string;
  target: "--local" | "--remote";
  persistTo?: string;
  quiet?: boolean;
}) {
  const { questions, problems } = readShippedBanks();
  if (problems.length > 0) throw new Error(`question-bank/ has ${problems.length} problems: run npm run bank:check`);
  const dir = mkdtempSync(join(tmpdir(), "lianxue-bank-"));
  const file = join(dir, "banks.sql");
  try {
    writeFileSync(file, shippedBankSql(questions, options.ownerOrgId));
    const persist = options.persistTo ? ["--persist-to", options.persistTo] : [];
    await run("wrangler", ["d1", "execute", "DB", options.target, ...persist, "--file", file], {}, options.quiet ?? false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return questions.length;
}

if (process.argv[1]?.endsWith("bank-load.ts")) {
  const org = process.argv[process.argv.indexOf("--org") + 1];
  if (!process.argv.includes("--org") || !org) {
    console.error("usage: npm run bank:load -- --org <orgId>   (the org that owns the shipped banks; they are public to all orgs)");
    process.exit(2);
  }
  const target = process.argv.includes("--local") ? "--local" : "--remote";
  const count = await loadShippedBanks({ ownerOrgId: org, target });
  console.log(`loaded ${count} questions (${target.slice(2)})`);
}

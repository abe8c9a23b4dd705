/**
 * Demo data for local development only (never part of a deploy): a city organs' committee and a
 * lithium-battery company's committee, with branches and groups, joined in an alliance.
 * Every statement is INSERT OR IGNORE on fixed ids, so loading it twice changes nothing.
 *
 * `node scripts/seed-demo.ts --apply` loads it into the local D1; `--print` prints the SQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "../worker/lib/crypto.ts";
import { loadShippedBanks } from "./bank-load.ts";
import { run } from "./run.ts";
import { demoContestSql } from "./seed-contests.ts";
import { demoCourseSql } from "./seed-courses.ts";
import { demoPlanSql } from "./seed-plans.ts"; // plans: demo year

export const DEMO_PASSWORD = "Demo@2026";

type Org = { id: string; parent: string | null; kind: string; name: string };

// Fixed ids (lowercase letters and digits, like the cuid2 ids the app makes) keep re-runs idempotent.
const orgs: Org[] = [
  { id: "democityworkcommittee01", parent: null, kind: "committee", name: "滨江市直机关工委" },
  { id: "democityorgdeptbranch01", parent: "democityworkcommittee01", kind: "branch", name: "市委组织部机关党支部" },
  { id: "democitydevreformbranch", parent: "democityworkcommittee01", kind: "branch", name: "市发展改革委机关党支部" },
  { id: "demoenterprisecommittee", parent: null, kind: "committee", name: "锂源新能源科技有限公司党委" },
  { id: "demomanufacturinggbranch", parent: "demoenterprisecommittee", kind: "general_branch", name: "生产制造党总支" },
  { id: "democellworkshopbranch1", parent: "demomanufacturinggbranch", kind: "branch", name: "电芯车间党支部" },
  { id: "democellshiftagroup0001", parent: "democellworkshopbranch1", kind: "group", name: "电芯甲班党小组" },
  { id: "democellshiftbgroup0001", parent: "democellworkshopbranch1", kind: "group", name: "电芯乙班党小组" },
  { id: "demomoduleworkshopbrch1", parent: "demomanufacturinggbranch", kind: "branch", name: "模组车间党支部" },
  { id: "demorndcenterbranch0001", parent: "demoenterprisecommittee", kind: "branch", name: "研发中心党支部" },
  { id: "demofunctionaldeptbrch1", parent: "demoenterprisecommittee", kind: "branch", name: "职能部门党支部" },
];

const memberOrgs = [
  "democellshiftagroup0001",
  "democellshiftbgroup0001",
  "demomoduleworkshopbrch1",
  "demorndcenterbranch0001",
  "demofunctionaldeptbrch1",
  "democityorgdeptbranch01",
  "democitydevreformbranch",
];

const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹".split("");
const givenNames = [
  "志强",
  "秀英",
  "建国",
  "海燕",
  "伟",
  "静",
  "磊",
  "敏",
  "军",
  "丽娟",
  "晓东",
  "红梅",
  "建军",
  "婷",
  "鹏",
  "雪梅",
  "浩然",
  "文静",
  "国庆",
  "春燕",
  "宇航",
  "丹",
  "振华",
  "慧",
  "立新",
  "芳",
  "俊杰",
  "玉兰",
  "明",
  "佳怡",
];

type Person = { id: string; phone: string; name: string; isAdmin?: boolean; roles: { org: string; role: string; title: string }[] };

function people(): Person[] {
  const list: Person[] = [
    { id: "demouser13800000000", phone: "13800000000", name: "系统管理员", isAdmin: true, roles: [] },
    {
      id: "demouser13800000001",
      phone: "13800000001",
      name: "陈建华",
      roles: [
        { org: "demoenterprisecommittee", role: "organizer", title: "组织委员" },
        { org: "demofunctionaldeptbrch1", role: "member", title: "党员" },
      ],
    },
    {
      id: "demouser13800000002",
      phone: "13800000002",
      name: "刘晓燕",
      roles: [
        { org: "demoenterprisecommittee", role: "lecturer", title: "党员" },
        { org: "demorndcenterbranch0001", role: "member", title: "党员" },
      ],
    },
    {
      id: "demouser13800000003",
      phone: "13800000003",
      name: "周明远",
      roles: [
        { org: "democityworkcommittee01", role: "organizer", title: "委员" },
        { org: "democityorgdeptbranch01", role: "member", title: "党员" },
      ],
    },
  ];
  for (let i = 0; i < 30; i++) {
    const org = memberOrgs[i % memberOrgs.length] as string;
    const firstInOrg = i < memberOrgs.length;
    const title = firstInOrg ? "书记" : i % 9 === 0 ? "预备党员" : i % 11 === 0 ? "入党积极分子" : "党员";
    const roles = [{ org, role: "member", title }];
    // Each branch's secretary also organizes their own branch.
    if (firstInOrg) roles.push({ org, role: "organizer", title });
    const phone = `138000001${String(i).padStart(2, "0")}`;
    list.push({
      id: `demouser${phone}`,
      phone,
      name: `${surnames[i % surnames.length]}${givenNames[(i * 7) % givenNames.length]}`,
      roles,
    });
  }
  return list;
}

function pathOf(id: string): string {
  const org = orgs.find((o) => o.id === id);
  if (!org) throw new Error(`unknown org ${id}`);
  return `${org.parent ? pathOf(org.parent) : "/"}${id}/`;
}

const quote = (value: string | number | null) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replace(/'/g, "''")}'`;

export async function demoSql(at = Date.now()): Promise<string> {
  const lines: string[] = [];
  orgs.forEach((org, index) => {
    const path = pathOf(org.id);
    const depth = path.split("/").length - 3;
    lines.push(
      `INSERT OR IGNORE INTO orgs (id, parent_id, path, depth, kind, name, timezone, sort_order, created_at, updated_at) VALUES (${[org.id, org.parent, path, depth, org.kind, org.name, "Asia/Shanghai", index, at, at].map(quote).join(", ")});`,
    );
  });
  for (const person of people()) {
    const hash = await hashPassword(DEMO_PASSWORD);
    lines.push(
      `INSERT OR IGNORE INTO users (id, phone, name, password_hash, status, is_admin, created_at, updated_at) VALUES (${[person.id, person.phone, person.name, hash, "active", person.isAdmin ? 1 : 0, at, at].map(quote).join(", ")});`,
    );
    for (const grant of person.roles) {
      const id = `demo${person.phone}${grant.role.slice(0, 3)}${orgs.findIndex((o) => o.id === grant.org)}`;
      lines.push(
        `INSERT OR IGNORE INTO memberships (id, user_id, org_id, role, title, created_at, updated_at) VALUES (${[id, person.id, grant.org, grant.role, grant.title, at, at].map(quote).join(", ")});`,
      );
    }
  }
  const alliance = "demoalliancecityenterprise";
  lines.push(
    `INSERT OR IGNORE INTO alliances (id, name, description, created_at, updated_at) VALUES (${[alliance, "市直机关—锂源新能源党建联盟", "市直机关工委与锂源新能源党委结对共建，联合举办党史知识竞赛和党课。", at, at].map(quote).join(", ")});`,
  );
  for (const org of ["democityworkcommittee01", "demoenterprisecommittee"]) {
    lines.push(
      `INSERT OR IGNORE INTO alliance_orgs (alliance_id, org_id, created_at) VALUES (${[alliance, org, at].map(quote).join(", ")});`,
    );
  }
  for (const user of ["demouser13800000001", "demouser13800000003"]) {
    lines.push(
      `INSERT OR IGNORE INTO alliance_organizers (alliance_id, user_id, created_at) VALUES (${[alliance, user, at].map(quote).join(", ")});`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Loads the demo data into the local D1 that `wrangler dev` uses. */
export async function seedDemo(persistTo?: string, quiet = false): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "lianxue-seed-"));
  const file = join(dir, "demo.sql");
  try {
    writeFileSync(file, await demoSql());
    const persist = persistTo ? ["--persist-to", persistTo] : [];
    await run("wrangler", ["d1", "execute", "DB", "--local", ...persist, "--file", file], {}, quiet);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The shipped banks, owned by the city committee and public to every org in the demo.
  await loadShippedBanks({ ownerOrgId: "democityworkcommittee01", target: "--local", ...(persistTo ? { persistTo } : {}), quiet });
  // Contests and courses draw from the shipped banks, so they come last (one file: one wrangler run less at every start).
  const contestDir = mkdtempSync(join(tmpdir(), "lianxue-seed-"));
  try {
    const contestFile = join(contestDir, "contests-courses.sql");
    // plans: demo year — the plans' year of history comes last and reads the courses' rows, so one `at` for all three.
    const at = Date.now();
    writeFileSync(contestFile, demoContestSql(at) + demoCourseSql(at) + demoPlanSql(at));
    const persist = persistTo ? ["--persist-to", persistTo] : [];
    await run("wrangler", ["d1", "execute", "DB", "--local", ...persist, "--file", contestFile], {}, quiet);
  } finally {
    rmSync(contestDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--print")) process.stdout.write(await demoSql());
  else await seedDemo();
}

/**
 * The plans bench's data (issue 7), written into the bench's temp D1 before the server starts: a
 * committee of its own (never the demo's) with 10 general branches of 9 branches each and 10
 * branches directly under it — 100 branches — and 5,000 members (50 a branch, titles mixed: a
 * secretary, a deputy and three committee members each, the rest Party members, probationary
 * members and activists); a year plan of the committee with 2 required modules (two general
 * branches raise the hours), the committee's points rules (two versions), and 200,000 ledger
 * entries spread over the part of the year gone: attendance at 4,500 sessions (each with its
 * attendance row), self-study completions, contest rounds taken, a few places, manual entries, about
 * 1 % of them reversed. Fixed ids and a fixed random seed: every run measures the same data. Multi-row
 * INSERTs (insertRows, 200 rows a statement), loaded with one `wrangler d1 execute --file`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../scripts/run.ts";
import { yearOf } from "../worker/features/ledger/ledger.service.ts";
import { monthStart, yearStart } from "../worker/features/plans/plans.rules.ts";
import { hashPassword } from "../worker/lib/crypto.ts";
import { insertRows } from "./contest-data.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const COMMITTEE = "benchplcommittee00001";

export const PLANS_BENCH = {
  committee: { id: COMMITTEE, path: `/${COMMITTEE}/`, name: "压测新能源集团党委" },
  generalBranches: 10,
  branchesPerGeneral: 9,
  directBranches: 10,
  membersPerBranch: 50,
  /** Sessions each branch's members were asked to: 1 in 4 a lecture, 1 in 4 a training (the committee's), the rest the branch's micro-talks. */
  sessionsPerBranch: 45,
  /** Contest rounds of the year (7 contests × 2 rounds). */
  rounds: 14,
  ledgerEntries: 200_000,
  organizer: { id: "benchplorganizer00001", phone: "13600000000" },
  /** The member whose GET /api/me/plan is timed (in the middle of the tree). */
  memberIndex: 2_345,
  modules: {
    lecture: "benchplmodlecture0001",
    training: "benchplmodtraining001",
    theory: "benchplmodtheory00001",
    history: "benchplmodhistory0001",
  },
} as const;

const B = PLANS_BENCH;
export const PLANS_BRANCHES = B.generalBranches * B.branchesPerGeneral + B.directBranches;
export const PLANS_MEMBERS = PLANS_BRANCHES * B.membersPerBranch;

export const generalBranchId = (g: number) => `benchplgb${String(g + 1).padStart(2, "0")}`;
export const branchId = (b: number) => `benchplbr${String(b + 1).padStart(3, "0")}`;
export const planMember = (i: number) => {
  const phone = `136${String(i + 1).padStart(8, "0")}`;
  return { id: `benchpluser${phone}`, phone };
};

/** A small fixed-seed generator (mulberry32): the same "random" year on every run and machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹".split("");
const GIVEN =
  "志强 秀英 建国 海燕 伟 静 磊 敏 军 丽娟 晓东 红梅 建军 婷 鹏 雪梅 浩然 文静 国庆 春燕 宇航 丹 振华 慧 立新 芳 俊杰 玉兰 明 佳怡".split(
    " ",
  );
const nameOf = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
const CADRE_TITLES = ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"];
const titleOf = (k: number) => CADRE_TITLES[k] ?? (k % 12 === 0 ? "预备党员" : k % 17 === 0 ? "入党积极分子" : "党员");

type Cell = string | number | null;

/** The bench's SQL and what it holds (so the run can check the server read the same). */
export function plansBenchSql(passwordHash: string, at = Date.now()): { sql: string; counts: Record<string, number> } {
  const year = yearOf(at);
  const ys = yearStart(year);
  // The part of the year gone, ending a day before now (at least a day).
  const span = Math.max(DAY, at - DAY - ys);
  const rand = random(20261205);
  const lines: string[] = [];
  const orgColumns = ["id", "parent_id", "path", "depth", "kind", "name", "timezone", "sort_order", "created_at", "updated_at"];
  const orgs: Cell[][] = [[COMMITTEE, null, B.committee.path, 0, "committee", B.committee.name, "Asia/Shanghai", 200, at, at]];
  const branches: { id: string; path: string }[] = [];
  for (let g = 0; g < B.generalBranches; g++) {
    const gb = generalBranchId(g);
    const gbPath = `${B.committee.path}${gb}/`;
    orgs.push([gb, COMMITTEE, gbPath, 1, "general_branch", `压测第${g + 1}党总支`, "Asia/Shanghai", g, at, at]);
    for (let k = 0; k < B.branchesPerGeneral; k++) {
      const id = branchId(branches.length);
      branches.push({ id, path: `${gbPath}${id}/` });
      orgs.push([id, gb, `${gbPath}${id}/`, 2, "branch", `压测第${g + 1}党总支第${k + 1}党支部`, "Asia/Shanghai", k, at, at]);
    }
  }
  for (let k = 0; k < B.directBranches; k++) {
    const id = branchId(branches.length);
    branches.push({ id, path: `${B.committee.path}${id}/` });
    orgs.push([id, COMMITTEE, `${B.committee.path}${id}/`, 1, "branch", `压测直属第${k + 1}党支部`, "Asia/Shanghai", 100 + k, at, at]);
  }
  lines.push(...insertRows("orgs", orgColumns, orgs));

  // People: the organizer of the committee, and 50 members a branch.
  const userColumns = ["id", "phone", "name", "password_hash", "status", "is_admin", "created_at", "updated_at"];
  const membershipColumns = ["id", "user_id", "org_id", "role", "title", "created_at", "updated_at"];
  const users: Cell[][] = [[B.organizer.id, B.organizer.phone, "压测组织委员", passwordHash, "active", 0, at, at]];
  const memberships: Cell[][] = [[`benchplm${B.organizer.phone}`, B.organizer.id, COMMITTEE, "organizer", "组织委员", at, at]];
  type Member = { id: string; orgId: string; branch: number; diligence: number };
  const members: Member[] = [];
  branches.forEach((branch, b) => {
    for (let k = 0; k < B.membersPerBranch; k++) {
      const i = b * B.membersPerBranch + k;
      const person = planMember(i);
      users.push([person.id, person.phone, `压测${nameOf(i)}`, passwordHash, "active", 0, at, at]);
      memberships.push([`benchplm${person.phone}`, person.id, branch.id, "member", titleOf(k), at, at]);
      // Branches differ (some keep up, some do not), and people within them.
      const branchPace = 0.5 + (0.5 * ((b * 37) % 100)) / 100;
      members.push({ id: person.id, orgId: branch.id, branch: b, diligence: Math.min(1, branchPace * (0.6 + 0.7 * rand())) });
    }
  });
  lines.push(...insertRows("users", userColumns, users), ...insertRows("memberships", membershipColumns, memberships));

  // Modules: the committee's lecture, training and two self-paced readings; each branch's micro-talk.
  const M = B.modules;
  const moduleSpecs: [string, string, string, number, string[], boolean][] = [
    [M.lecture, COMMITTEE, "压测：专题党课", 20, ["党课"], false],
    [M.training, COMMITTEE, "压测：职工夜校", 10, ["夜校", "技能"], false],
    [M.theory, COMMITTEE, "压测：理论自学", 10, ["理论学习"], true],
    [M.history, COMMITTEE, "压测：党史自学", 5, ["党史"], true],
    ...branches.map((b, k): [string, string, string, number, string[], boolean] => [
      `benchplmt${String(k + 1).padStart(3, "0")}`,
      b.id,
      "压测：支部微宣讲",
      5,
      ["微宣讲"],
      false,
    ]),
  ];
  const written = ys - 20 * DAY;
  lines.push(
    ...insertRows(
      "modules",
      ["id", "org_id", "owner_id", "published_version_id", "draft_version_id", "archived_at", "created_at", "updated_at"],
      moduleSpecs.map(([id, org]) => [id, org, B.organizer.id, `${id}v1`, null, null, written, written]),
    ),
    ...insertRows(
      "module_versions",
      [
        "id",
        "module_id",
        "version",
        "status",
        "title",
        "summary",
        "body_md",
        "body_html",
        "duration_min",
        "hours_tenths",
        "tags",
        "self_paced",
        "created_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
      ],
      moduleSpecs.map(([id, , title, tenths, tags, selfPaced]) => [
        `${id}v1`,
        id,
        1,
        "published",
        title,
        "bench 专用",
        "bench 专用",
        "<p>bench 专用</p>\n",
        60,
        tenths,
        JSON.stringify(tags),
        selfPaced ? 1 : 0,
        B.organizer.id,
        written,
        B.organizer.id,
        written,
        written,
        written,
      ]),
    ),
    ...insertRows(
      "module_audience",
      ["module_id", "target_type", "target_id"],
      moduleSpecs.map(([id, org]) => [id, "org", org]),
    ),
  );

  // The plan: 32 h (cadres 56 h), 2 rounds, the lecture and the theory reading; two general branches ask 40 h.
  const cadres = JSON.stringify({ 书记: 560, 副书记: 560, 委员: 560, 组织委员: 560, 宣传委员: 560, 纪检委员: 560 });
  const planAt = ys + 3 * DAY;
  lines.push(
    ...insertRows(
      "year_plans",
      [
        "org_id",
        "year",
        "hours_tenths",
        "title_hours",
        "min_contests",
        "trainings_target",
        "lectures_target",
        "micro_talks_target",
        "rating",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
      ],
      [
        [COMMITTEE, year, 320, cadres, 2, 1200, 1200, 2400, null, B.organizer.id, B.organizer.id, planAt, planAt],
        [generalBranchId(0), year, 400, cadres, 2, 0, 0, 0, null, B.organizer.id, B.organizer.id, planAt, planAt],
        [generalBranchId(1), year, 400, cadres, 2, 0, 0, 0, null, B.organizer.id, B.organizer.id, planAt, planAt],
      ],
    ),
    ...insertRows(
      "year_plan_modules",
      ["org_id", "year", "module_id"],
      [
        [COMMITTEE, year, M.lecture],
        [COMMITTEE, year, M.theory],
      ],
    ),
  );
  const julyFirst = monthStart(year, 7);
  const rules = [
    { from: ys, attendance: 2, completion: 1, contest: 2 },
    { from: julyFirst, attendance: 3, completion: 2, contest: 2 },
  ];
  lines.push(
    ...insertRows(
      "points_rules",
      [
        "id",
        "org_id",
        "effective_from",
        "attendance",
        "completion",
        "contest",
        "placement_top_n",
        "placement_points",
        "ranking_enabled",
        "awards",
        "note",
        "created_by",
        "created_at",
      ],
      rules.map((r, k) => [
        `benchplrules0${k + 1}`,
        COMMITTEE,
        r.from,
        r.attendance,
        r.completion,
        r.contest,
        3,
        5,
        0,
        JSON.stringify([{ name: "先锋岗", points: 10 }]),
        null,
        B.organizer.id,
        Math.min(at, r.from),
      ]),
    ),
  );
  const points = (field: "attendance" | "completion" | "contest", when: number) =>
    ((when >= julyFirst ? rules[1] : rules[0]) as (typeof rules)[0])[field];

  // The ledger: attendance first (with the attendance rows), then completions, contests, places, and manual entries to 200,000.
  const ledgerColumns = [
    "id",
    "user_id",
    "org_id",
    "year",
    "source",
    "source_key",
    "hours_tenths",
    "points",
    "title",
    "note",
    "occurred_at",
    "created_by",
    "created_at",
    "reversed_at",
    "reversed_by",
    "reversal_reason",
  ];
  const ledger: Cell[][] = [];
  let n = 0;
  const entryId = () => `benchple${(n++).toString(36).padStart(6, "0")}`;
  const counts = { sessions: 0, attendances: 0, attendance: 0, completion: 0, contest: 0, placement: 0, manual: 0, reversed: 0 };

  const sessionColumns = [
    "id",
    "module_id",
    "org_id",
    "lecturer_id",
    "kind",
    "status",
    "place",
    "link",
    "starts_at",
    "ends_at",
    "capacity",
    "enrolled_count",
    "waitlist_seq",
    "enroll_opens_at",
    "enroll_closes_at",
    "cancel_closes_at",
    "walk_ins",
    "checkin_secret",
    "created_by",
    "created_at",
    "updated_at",
  ];
  const sessions: Cell[][] = [];
  const attendances: Cell[][] = [];
  branches.forEach((branch, b) => {
    const people = members.filter((m) => m.branch === b);
    for (let k = 0; k < B.sessionsPerBranch; k++) {
      const kind = k % 4 === 0 ? "lecture" : k % 4 === 1 ? "training" : "micro";
      const moduleId = kind === "lecture" ? M.lecture : kind === "training" ? M.training : `benchplmt${String(b + 1).padStart(3, "0")}`;
      const tenths = kind === "micro" ? 5 : kind === "training" ? 10 : 20;
      const title = kind === "lecture" ? "压测：专题党课" : kind === "training" ? "压测：职工夜校" : "压测：支部微宣讲";
      const startsAt = ys + Math.floor((span * (k + rand())) / B.sessionsPerBranch);
      const id = `benchplss${String(b + 1).padStart(3, "0")}${String(k + 1).padStart(2, "0")}`;
      sessions.push([
        id,
        moduleId,
        kind === "micro" ? branch.id : COMMITTEE,
        B.organizer.id,
        "offline",
        "scheduled",
        "压测会议室",
        null,
        startsAt,
        startsAt + HOUR,
        60,
        0,
        0,
        startsAt - 7 * DAY,
        startsAt,
        startsAt - 2 * HOUR,
        1,
        "bench",
        B.organizer.id,
        startsAt - 8 * DAY,
        startsAt - 8 * DAY,
      ]);
      counts.sessions += 1;
      for (const m of people) {
        if (rand() >= 0.85 * m.diligence) continue;
        const checkedInAt = startsAt - 10 * 60_000 + Math.floor(rand() * 20 * 60_000);
        const reversed = rand() < 0.01;
        const reversedAt = reversed ? checkedInAt + DAY : null;
        attendances.push([
          id,
          m.id,
          "qr",
          checkedInAt,
          1,
          null,
          null,
          reversedAt,
          reversed ? B.organizer.id : null,
          reversed ? "压测：撤销代签" : null,
        ]);
        ledger.push([
          entryId(),
          m.id,
          m.orgId,
          year,
          "attendance",
          id,
          tenths,
          points("attendance", checkedInAt),
          title,
          null,
          checkedInAt,
          null,
          checkedInAt,
          reversedAt,
          reversed ? B.organizer.id : null,
          reversed ? "压测：撤销代签" : null,
        ]);
        counts.attendances += 1;
        counts.attendance += 1;
        if (reversed) counts.reversed += 1;
      }
    }
  });
  lines.push(
    ...insertRows("course_sessions", sessionColumns, sessions),
    ...insertRows(
      "attendances",
      [
        "session_id",
        "user_id",
        "method",
        "checked_in_at",
        "walk_in",
        "recorded_by",
        "reason",
        "reversed_at",
        "reversed_by",
        "reversal_reason",
      ],
      attendances,
    ),
  );

  const completions: Cell[][] = [];
  for (const m of members) {
    for (const [moduleId, share, tenths, title] of [
      [M.theory, 0.85, 10, "压测：理论自学"],
      [M.history, 0.3, 5, "压测：党史自学"],
    ] as const) {
      if (rand() >= share * m.diligence + 0.1) continue;
      const when = ys + Math.floor(rand() * span);
      completions.push([moduleId, m.id, `${moduleId}v1`, "confirm", null, when]);
      ledger.push([
        entryId(),
        m.id,
        m.orgId,
        year,
        "completion",
        moduleId,
        tenths,
        points("completion", when),
        title,
        null,
        when,
        m.id,
        when,
        null,
        null,
        null,
      ]);
      counts.completion += 1;
    }
  }
  lines.push(
    ...insertRows("module_completions", ["module_id", "user_id", "version_id", "method", "quiz_score_pct", "completed_at"], completions),
  );

  // Contest rounds: only their rows (the ledger is what the plan reads), closed, places marked credited.
  const contestRows: Cell[][] = [];
  const roundRows: Cell[][] = [];
  for (let r = 0; r < B.rounds; r++) {
    const contestId = `benchplcontest${String(Math.floor(r / 2) + 1).padStart(2, "0")}`;
    const opensAt = ys + Math.floor((span * (r + 0.2)) / B.rounds);
    const closesAt = opensAt + Math.min(5 * DAY, Math.floor(span / B.rounds / 2));
    if (r % 2 === 0)
      contestRows.push([
        contestId,
        `压测知识竞赛 ${r / 2 + 1}`,
        "bench 专用",
        "published",
        "branch",
        "mean",
        null,
        B.organizer.id,
        opensAt - DAY,
        opensAt - DAY,
        opensAt - DAY,
      ]);
    const roundId = `benchplround${String(r + 1).padStart(2, "0")}`;
    roundRows.push([
      roundId,
      contestId,
      (r % 2) + 1,
      r % 2 === 0 ? "初赛" : "决赛",
      "self_paced",
      "accuracy",
      opensAt,
      closesAt,
      900,
      null,
      "same",
      JSON.stringify({ bankIds: [], parts: [] }),
      1,
      "best",
      1,
      0,
      null,
      3,
      closesAt,
      opensAt - DAY,
      opensAt - DAY,
    ]);
    const title = `压测知识竞赛 ${Math.floor(r / 2) + 1} · ${r % 2 === 0 ? "初赛" : "决赛"}`;
    let placed = 0;
    for (const m of members) {
      if (rand() >= 0.75 * m.diligence + 0.05) continue;
      const finishedAt = opensAt + Math.floor(rand() * (closesAt - opensAt));
      ledger.push([
        entryId(),
        m.id,
        m.orgId,
        year,
        "contest",
        roundId,
        0,
        points("contest", finishedAt),
        title,
        null,
        finishedAt,
        null,
        finishedAt,
        null,
        null,
        null,
      ]);
      counts.contest += 1;
      if (placed < 3 && rand() < 0.01) {
        placed += 1;
        ledger.push([
          entryId(),
          m.id,
          m.orgId,
          year,
          "placement",
          roundId,
          0,
          5,
          `${title} · 第 ${placed} 名`,
          null,
          finishedAt,
          null,
          finishedAt,
          null,
          null,
          null,
        ]);
        counts.placement += 1;
      }
    }
  }
  lines.push(
    ...insertRows(
      "contests",
      [
        "id",
        "title",
        "description",
        "status",
        "team_kind",
        "team_method",
        "team_top_k",
        "created_by",
        "created_at",
        "updated_at",
        "published_at",
      ],
      contestRows,
    ),
    ...insertRows(
      "contest_hosts",
      ["contest_id", "host_type", "host_id"],
      contestRows.map((c) => [c[0] as string, "org", COMMITTEE]),
    ),
    ...insertRows(
      "contest_scope",
      ["contest_id", "org_id"],
      contestRows.map((c) => [c[0] as string, COMMITTEE]),
    ),
    ...insertRows(
      "contest_rounds",
      [
        "id",
        "contest_id",
        "seq",
        "name",
        "mode",
        "scoring",
        "opens_at",
        "closes_at",
        "time_limit_sec",
        "question_time_sec",
        "draw_mode",
        "draw_spec",
        "attempts_allowed",
        "count_policy",
        "allow_back",
        "partial_credit",
        "advancement",
        "honour_top_n",
        "placements_credited_at",
        "created_at",
        "updated_at",
      ],
      roundRows,
    ),
  );

  // Manual entries to make up 200,000: trainings outside the platform (hours) and awards (points), a few reversed.
  while (ledger.length < B.ledgerEntries) {
    const m = members[Math.floor(rand() * members.length)] as Member;
    const when = ys + Math.floor(rand() * span);
    const award = rand() < 0.5;
    const reversed = rand() < 0.02;
    const id = entryId();
    ledger.push([
      id,
      m.id,
      m.orgId,
      year,
      "manual",
      id,
      award ? 0 : 10 * (1 + Math.floor(rand() * 3)),
      award ? 10 : 0,
      award ? "先锋岗" : "参加专题培训班",
      "压测：证书编号 BENCH-0001",
      when,
      B.organizer.id,
      when + DAY,
      reversed ? when + 2 * DAY : null,
      reversed ? B.organizer.id : null,
      reversed ? "压测：重复登记" : null,
    ]);
    counts.manual += 1;
    if (reversed) counts.reversed += 1;
  }
  lines.push(...insertRows("ledger_entries", ledgerColumns, ledger));
  return {
    sql: `${lines.join("\n")}\n`,
    counts: { members: members.length, branches: branches.length, ledgerEntries: ledger.length, ...counts },
  };
}

/** Writes the plans bench's rows into the temp state at `stateDir` (one `wrangler d1 execute`). */
export async function loadPlansBenchData(stateDir: string, password: string): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "lianxue-bench-plans-"));
  try {
    const file = join(dir, "plans-bench.sql");
    const { sql, counts } = plansBenchSql(await hashPassword(password));
    writeFileSync(file, sql);
    await run("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file], {}, true);
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

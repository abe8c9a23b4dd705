/**
 * The contest bench's own people and results, written into the bench's temp D1 before the server
 * starts (never into anyone's .wrangler/state): 200 members of a bench branch under the demo
 * company committee, who take a timed attempt under load; and a closed round of a bench contest
 * with 10,000 finished attempts (people, memberships and round_results rows), whose leaderboard is
 * read. Fixed ids and a fixed random seed: every run measures the same data. One SQL file of
 * multi-row INSERTs, loaded with one `wrangler d1 execute`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shippedBankId } from "../scripts/bank-sql.ts";
import { run } from "../scripts/run.ts";
import { hashPassword } from "../worker/lib/crypto.ts";

const COMMITTEE = { id: "demoenterprisecommittee", path: "/demoenterprisecommittee/" };

/** The branch whose members take attempts under load. */
export const ATTEMPT_BRANCH = "benchattemptbranch0001";

/** The leaderboard round: closed, 10,000 counted results spread over these branches. */
export const LEADERBOARD = {
  contestId: "benchcontestleaderboard",
  roundId: "benchroundleaderboard01",
  results: 10_000,
  /** The person whose own place is read beside the top 50: in the middle of the field, not on top. */
  readerIndex: 4321,
  questionCount: 20,
  pointsEach: 5,
} as const;

const LEADERBOARD_BRANCHES = [
  ["benchlbbranch000000001", "压测电芯一车间党支部"],
  ["benchlbbranch000000002", "压测电芯二车间党支部"],
  ["benchlbbranch000000003", "压测模组车间党支部"],
  ["benchlbbranch000000004", "压测研发中心党支部"],
  ["benchlbbranch000000005", "压测质量部党支部"],
  ["benchlbbranch000000006", "压测供应链党支部"],
] as const;

export type BenchPerson = { id: string; phone: string };

/** Attempt-load members: phones 139000000xx…, ids benchuser + phone. */
export function attemptMembers(count: number): BenchPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const phone = `139${String(i).padStart(8, "0")}`;
    return { id: `benchuser${phone}`, phone };
  });
}

/** Leaderboard people: phones 137000xxxxx, ids benchlbuser + phone. */
function leaderboardPerson(i: number): BenchPerson {
  const phone = `137${String(i).padStart(8, "0")}`;
  return { id: `benchlbuser${phone}`, phone };
}

export const leaderboardReader = (): BenchPerson => leaderboardPerson(LEADERBOARD.readerIndex);

const quote = (value: string | number | null) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replace(/'/g, "''")}'`;

/** INSERT OR IGNORE of many rows, 200 to a statement: well under D1's 100 KB statement limit. */
export function insertRows(table: string, columns: string[], rows: (string | number | null)[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const values = rows.slice(i, i + 200).map((row) => `(${row.map(quote).join(", ")})`);
    out.push(`INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES\n${values.join(",\n")};`);
  }
  return out;
}

/** A small fixed-seed generator (mulberry32): the same "random" field on every run and machine. */
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

export function contestBenchSql(options: { members: number; passwordHash: string; at?: number }): string {
  const at = options.at ?? Date.now();
  const lines: string[] = [];
  const orgRows: (string | number)[][] = [
    [ATTEMPT_BRANCH, COMMITTEE.id, `${COMMITTEE.path}${ATTEMPT_BRANCH}/`, 1, "branch", "压测答题党支部", "Asia/Shanghai", 90, at, at],
    ...LEADERBOARD_BRANCHES.map(([id, name], i) => [
      id,
      COMMITTEE.id,
      `${COMMITTEE.path}${id}/`,
      1,
      "branch",
      name,
      "Asia/Shanghai",
      91 + i,
      at,
      at,
    ]),
  ];
  lines.push(
    ...insertRows(
      "orgs",
      ["id", "parent_id", "path", "depth", "kind", "name", "timezone", "sort_order", "created_at", "updated_at"],
      orgRows,
    ),
  );

  const userColumns = ["id", "phone", "name", "password_hash", "status", "is_admin", "created_at", "updated_at"];
  const membershipColumns = ["id", "user_id", "org_id", "role", "title", "created_at", "updated_at"];
  const members = attemptMembers(options.members);
  lines.push(
    ...insertRows(
      "users",
      userColumns,
      members.map((p, i) => [p.id, p.phone, `压测${nameOf(i)}`, options.passwordHash, "active", 0, at, at]),
    ),
    ...insertRows(
      "memberships",
      membershipColumns,
      members.map((p) => [`benchm${p.phone}`, p.id, ATTEMPT_BRANCH, "member", "党员", at, at]),
    ),
  );

  // The leaderboard round: a contest of the company committee, closed two weeks ago.
  const { contestId, roundId, questionCount, pointsEach } = LEADERBOARD;
  const day = 86_400_000;
  const opensAt = at - 30 * day;
  const closesAt = at - 16 * day;
  const timeLimitSec = 30 * 60;
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
      [
        [
          contestId,
          "压测：万人党史知识竞赛",
          "bench 专用：一万人已交卷的一轮，用来测排行榜读取。",
          "published",
          "branch",
          "mean",
          null,
          "demouser13800000001",
          opensAt - 7 * day,
          opensAt - 7 * day,
          opensAt - 7 * day,
        ],
      ],
    ),
    ...insertRows("contest_hosts", ["contest_id", "host_type", "host_id"], [[contestId, "org", COMMITTEE.id]]),
    ...insertRows(
      "contest_scope",
      ["contest_id", "org_id"],
      LEADERBOARD_BRANCHES.map(([id]) => [contestId, id]),
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
        "created_at",
        "updated_at",
      ],
      [
        [
          roundId,
          contestId,
          1,
          "初赛",
          "self_paced",
          "accuracy",
          opensAt,
          closesAt,
          timeLimitSec,
          null,
          "per_person",
          JSON.stringify({
            bankIds: [shippedBankId("party-history")],
            parts: [{ type: null, tag: null, difficultyMin: 1, difficultyMax: 5, count: questionCount, points: pointsEach }],
          }),
          1,
          "best",
          1,
          0,
          null,
          100,
          opensAt - 7 * day,
          opensAt - 7 * day,
        ],
      ],
    ),
  );

  // 10,000 finished attempts: skill varies from person to person, the score is the number right
  // out of 20 (so many share a score and the tie-breaks on time matter), better people tend to
  // be quicker, and finishing times spread over the two-week window.
  const rand = random(20261122);
  const people: (string | number | null)[][] = [];
  const grants: (string | number | null)[][] = [];
  const results: (string | number | null)[][] = [];
  for (let i = 0; i < LEADERBOARD.results; i++) {
    const person = leaderboardPerson(i);
    const [orgId] = LEADERBOARD_BRANCHES[Math.floor(rand() * LEADERBOARD_BRANCHES.length)] as (typeof LEADERBOARD_BRANCHES)[number];
    const skill = 0.35 + 0.6 * rand();
    let correct = 0;
    for (let q = 0; q < questionCount; q++) if (rand() < skill) correct += 1;
    const durationMs = Math.round((4 + 22 * (1 - skill) * rand() + 4 * rand()) * 60_000) + Math.floor(rand() * 1000);
    const startedAt = opensAt + Math.floor(rand() * (closesAt - opensAt - timeLimitSec * 1000));
    people.push([person.id, person.phone, nameOf(i), options.passwordHash, "active", 0, at, at]);
    grants.push([`benchlbm${person.phone}`, person.id, orgId, "member", "党员", at, at]);
    results.push([
      roundId,
      person.id,
      `benchlbattempt${person.phone}`,
      orgId,
      `${COMMITTEE.path}${orgId}/`,
      correct * pointsEach,
      correct,
      durationMs,
      startedAt + durationMs,
    ]);
  }
  lines.push(
    ...insertRows("users", userColumns, people),
    ...insertRows("memberships", membershipColumns, grants),
    ...insertRows(
      "round_results",
      ["round_id", "user_id", "attempt_id", "org_id", "org_path", "score", "correct_count", "duration_ms", "finished_at"],
      results,
    ),
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Writes the bench people and results into the temp state at `stateDir`, with `more` (other
 * scenarios' rows about these people, e.g. course-data.ts) after them in the same file: one
 * `wrangler d1 execute`. The password is hashed once for all of them.
 */
export async function loadContestBenchData(stateDir: string, members: number, password: string, more = ""): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "lianxue-bench-sql-"));
  try {
    const file = join(dir, "contest-bench.sql");
    writeFileSync(file, contestBenchSql({ members, passwordHash: await hashPassword(password) }) + more);
    await run("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file], {}, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { answerKeyFor } from "../worker/features/contests/contest.scoring.ts";
import { readShippedBanks } from "./bank-files.ts";
import { shippedBankId, shippedQuestionId } from "./bank-sql.ts";
import { insert, quote, unit } from "./seed-sql.ts";

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Beijing wall-clock time as UTC milliseconds. */
const beijing = (iso: string) => Date.parse(`${iso}+08:00`);

/** The company's demo members (see seed-demo.ts): phone 138000001xx for i = 0…29, by org. */
const MEMBER_ORGS = [
  ["democellshiftagroup0001", "/demoenterprisecommittee/demomanufacturinggbranch/democellworkshopbranch1/democellshiftagroup0001/"],
  ["democellshiftbgroup0001", "/demoenterprisecommittee/demomanufacturinggbranch/democellworkshopbranch1/democellshiftbgroup0001/"],
  ["demomoduleworkshopbrch1", "/demoenterprisecommittee/demomanufacturinggbranch/demomoduleworkshopbrch1/"],
  ["demorndcenterbranch0001", "/demoenterprisecommittee/demorndcenterbranch0001/"],
  ["demofunctionaldeptbrch1", "/demoenterprisecommittee/demofunctionaldeptbrch1/"],
] as const;

function companyMembers() {
  const out: { userId: string; orgId: string; orgPath: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const org = MEMBER_ORGS[i % 7];
    if (org) out.push({ userId: `demouser138000001${String(i).padStart(2, "0")}`, orgId: org[0], orgPath: org[1] });
  }
  return out;
}

export function demoContestSql(at = Date.now()): string {
  const lines: string[] = [];
  const { questions } = readShippedBanks();

  // The joint contest, open now: a per-person draw from the Party-history bank.
  const joint = "democontestjointhistory26";
  lines.push(
    insert("contests", {
      id: joint,
      title: "“学党史·悟思想”党史知识竞赛",
      description:
        "市直机关工委与锂源新能源科技有限公司党委联合举办。初赛每人限时 20 分钟，共 20 道题，满分 100 分；按得分排名，同分用时少者在前。初赛前 30% 晋级复赛。",
      status: "published",
      team_kind: "branch",
      team_method: "mean",
      team_top_k: null,
      created_by: "demouser13800000003",
      created_at: at,
      updated_at: at,
      published_at: at,
    }),
  );
  for (const host of ["democityworkcommittee01", "demoenterprisecommittee"]) {
    lines.push(insert("contest_hosts", { contest_id: joint, host_type: "org", host_id: host }));
    lines.push(insert("contest_scope", { contest_id: joint, org_id: host }));
  }
  const history = shippedBankId("party-history");
  const firstOpens = at - 2 * DAY;
  const firstCloses = at + 30 * DAY;
  const jointRound = (id: string, seq: number, name: string, opensAt: number, closesAt: number, advancement: string | null) =>
    insert("contest_rounds", {
      id,
      contest_id: joint,
      seq,
      name,
      mode: "self_paced",
      scoring: "accuracy",
      opens_at: opensAt,
      closes_at: closesAt,
      time_limit_sec: 20 * 60,
      question_time_sec: null,
      draw_mode: "per_person",
      draw_spec: JSON.stringify({
        bankIds: [history],
        parts: [
          { type: "single", tag: null, difficultyMin: 1, difficultyMax: 5, count: 10, points: 5 },
          { type: "multiple", tag: null, difficultyMin: 1, difficultyMax: 5, count: 5, points: 6 },
          { type: "judge", tag: null, difficultyMin: 1, difficultyMax: 5, count: 5, points: 4 },
        ],
      }),
      attempts_allowed: 1,
      count_policy: "best",
      allow_back: true,
      partial_credit: false,
      advancement,
      honour_top_n: 10,
      created_at: at,
      updated_at: at,
    });
  lines.push(jointRound("demoroundjointhistory1", 1, "初赛", firstOpens, firstCloses, JSON.stringify({ kind: "top_percent", value: 30 })));
  lines.push(jointRound("demoroundjointhistory2", 2, "复赛", firstCloses + DAY, firstCloses + 8 * DAY, null));

  // The finished contest: one shared paper of ten Party-Constitution questions, taken by most members.
  const finished = "democontestq3constitution";
  const round = "demoroundq3constitution1";
  const opensAt = beijing("2026-09-01T09:00:00");
  const closesAt = beijing("2026-09-15T18:00:00");
  lines.push(
    insert("contests", {
      id: finished,
      title: "2026年第三季度“党章党规”知识竞赛",
      description: "公司党委组织全体党员参加。10 道题，每题 10 分，限时 15 分钟；按得分排名，同分用时少者在前。前 3 名颁发荣誉证书。",
      status: "published",
      team_kind: "branch",
      team_method: "mean",
      team_top_k: null,
      created_by: "demouser13800000001",
      created_at: opensAt - 7 * DAY,
      updated_at: opensAt - 7 * DAY,
      published_at: opensAt - 7 * DAY,
    }),
  );
  lines.push(insert("contest_hosts", { contest_id: finished, host_type: "org", host_id: "demoenterprisecommittee" }));
  lines.push(insert("contest_scope", { contest_id: finished, org_id: "demoenterprisecommittee" }));
  const basics = shippedBankId("party-basics");
  lines.push(
    insert("contest_rounds", {
      id: round,
      contest_id: finished,
      seq: 1,
      name: "初赛",
      mode: "self_paced",
      scoring: "accuracy",
      opens_at: opensAt,
      closes_at: closesAt,
      time_limit_sec: 15 * 60,
      question_time_sec: null,
      draw_mode: "same",
      draw_spec: JSON.stringify({
        bankIds: [basics],
        parts: [{ type: null, tag: null, difficultyMin: 1, difficultyMax: 5, count: 10, points: 10 }],
      }),
      attempts_allowed: 1,
      count_policy: "best",
      allow_back: true,
      partial_credit: false,
      advancement: null,
      honour_top_n: 3,
      created_at: opensAt - 7 * DAY,
      updated_at: opensAt - 7 * DAY,
    }),
  );
  const paper = questions
    .filter((q) => q.bank === "party-basics")
    .sort((a, b) => unit(a.key) - unit(b.key))
    .slice(0, 10);
  const version = (id: string) => `(SELECT current_version FROM questions WHERE id = '${id}')`;
  paper.forEach((q, i) => {
    const id = shippedQuestionId("party-basics", q.key);
    lines.push(
      `INSERT OR IGNORE INTO round_questions (round_id, seq, question_id, version, points) VALUES ('${round}', ${i + 1}, '${id}', ${version(id)}, 10);`,
    );
  });

  const members = companyMembers().filter((m) => unit(`takes:${m.userId}`) < 0.85);
  for (const member of members) {
    const attempt = `demoattq3${member.userId.slice(-11)}`;
    const skill = 0.45 + 0.5 * unit(`skill:${member.userId}`);
    const startedAt = opensAt + Math.floor(unit(`start:${member.userId}`) * (closesAt - opensAt - 20 * MINUTE));
    let clock = startedAt;
    let score = 0;
    let correct = 0;
    const answers: string[] = [];
    const asked: string[] = [];
    paper.forEach((q, i) => {
      const seq = i + 1;
      const id = shippedQuestionId("party-basics", q.key);
      const order = "options" in q.draft ? q.draft.options.map((_, k) => k) : [];
      const key = answerKeyFor(q.draft, order);
      asked.push(
        `INSERT OR IGNORE INTO attempt_questions (attempt_id, seq, question_id, version, type, points, partial_credit, option_order, answer_key) VALUES ('${attempt}', ${seq}, '${id}', ${version(id)}, '${q.draft.type}', 10, 0, '${JSON.stringify(order)}', ${quote(key)});`,
      );
      const elapsed = Math.round((15 + 45 * unit(`time:${attempt}:${seq}`)) * 1000);
      clock += elapsed;
      const right = unit(`right:${attempt}:${seq}`) < skill;
      const { canonical, given } = demoResponse(q.draft, key, right);
      if (right) {
        score += 10;
        correct += 1;
      }
      answers.push(
        `INSERT OR IGNORE INTO attempt_answers (attempt_id, seq, response, given, credit, earned, elapsed_ms, answered_at) VALUES ('${attempt}', ${seq}, ${quote(canonical)}, ${quote(JSON.stringify(given))}, ${right ? 1 : 0}, ${right ? 10 : 0}, ${elapsed}, ${clock});`,
      );
    });
    const finishedAt = clock + 20_000;
    lines.push(
      insert("attempts", {
        id: attempt,
        round_id: round,
        user_id: member.userId,
        attempt_no: 1,
        status: "submitted",
        org_id: member.orgId,
        org_path: member.orgPath,
        started_at: startedAt,
        deadline_at: startedAt + 15 * MINUTE,
        finished_at: finishedAt,
        question_count: 10,
        total_points: 100,
        score,
        correct_count: correct,
        duration_ms: finishedAt - startedAt,
        sequential: false,
        current_seq: 1,
        current_opened_at: startedAt,
        wrong_book_at: null,
      }),
      ...asked,
      ...answers,
      insert("round_results", {
        round_id: round,
        user_id: member.userId,
        attempt_id: attempt,
        org_id: member.orgId,
        org_path: member.orgPath,
        score,
        correct_count: correct,
        duration_ms: finishedAt - startedAt,
        finished_at: finishedAt,
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** A right answer, or a plausible wrong one, in the canonical form and as given. */
function demoResponse(draft: ReturnType<typeof readShippedBanks>["questions"][number]["draft"], key: string, right: boolean) {
  switch (draft.type) {
    case "single": {
      const choice = right ? Number(key) : (Number(key) + 1) % draft.options.length;
      return { canonical: String(choice), given: { type: "single", choice } };
    }
    case "multiple": {
      const rightSet = JSON.parse(key) as number[];
      const other = rightSet.length > 1 ? rightSet.slice(0, -1) : [...rightSet, ((rightSet[0] ?? 0) + 1) % draft.options.length].sort();
      const choices = right ? rightSet : other;
      return { canonical: JSON.stringify(choices), given: { type: "multiple", choices } };
    }
    case "judge": {
      const value = right ? key === "true" : key !== "true";
      return { canonical: String(value), given: { type: "judge", value } };
    }
    case "fill": {
      const accepted = JSON.parse(key) as string[][];
      const blanks = accepted.map((a) => (right ? (a[0] ?? "") : "不清楚"));
      return { canonical: JSON.stringify(blanks), given: { type: "fill", blanks } };
    }
  }
}

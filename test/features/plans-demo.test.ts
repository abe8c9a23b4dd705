/// <reference types="vite/client" />
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ShippedQuestion } from "../../scripts/bank-files";
import { shippedBankSql } from "../../scripts/bank-sql";
import { demoCourseStatements } from "../../scripts/seed-courses";
import { DEMO_PASSWORD, demoSql } from "../../scripts/seed-demo";
import { DEMO_COMPLETE_MEMBER, demoPlanStatements } from "../../scripts/seed-plans";
import { parseBankFile } from "../../worker/features/bank/bank-file";
import { yearOf } from "../../worker/features/ledger/ledger.service";
import type { MyPlanProgress, OrgPlanProgress, PointsRanking } from "../../worker/shared/api";
import { call, expectStatus } from "../helpers/http";

// The plans demo of `npm start` (scripts/seed-plans.ts), loaded as seedDemo loads it: after the demo
// people, the shipped banks and the courses, into the real migrations. The banks' YAML is bundled
// into the test (a test cannot read files); the contests demo is not loaded (it reads them itself),
// so its Q3 round is not credited here.

const bankFiles = import.meta.glob("../../question-bank/{party-history,party-basics}/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function shippedQuestions(): ShippedQuestion[] {
  const out: ShippedQuestion[] = [];
  for (const [file, text] of Object.entries(bankFiles)) {
    const bank = file.split("/").at(-2) as string;
    const parsed = parseBankFile(text);
    if ("error" in parsed) throw new Error(`${file}: ${parsed.error}`);
    for (const { key, parsed: q } of parsed) {
      if ("error" in q) throw new Error(`${file}: ${q.error}`);
      out.push({ bank, file, line: q.line, key, draft: q.draft });
    }
  }
  return out;
}

async function all<T>(sql: string, ...binds: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;
}

async function batch(statements: string[]) {
  for (let i = 0; i < statements.length; i += 500) await env.DB.batch(statements.slice(i, i + 500).map((s) => env.DB.prepare(s)));
}

async function loadDemo(at: number, questions: ShippedQuestion[]) {
  // D1's exec runs one statement per line: the demo people and the bank rows are one line each.
  await env.DB.exec((await demoSql(at)).trim());
  await env.DB.exec(shippedBankSql(questions, "democityworkcommittee01", at).trim());
  await batch(demoCourseStatements(at));
  await batch(demoPlanStatements(at, { questions }));
}

async function login(phone: string): Promise<string> {
  return (await expectStatus<{ token: string }>(call("/api/auth/login", { body: { login: phone, password: DEMO_PASSWORD } }), 200)).token;
}

const TABLES = [
  "year_plans",
  "year_plan_modules",
  "points_rules",
  "course_sessions",
  "attendances",
  "enrollments",
  "module_completions",
  "ledger_entries",
  "round_results",
];

async function counts() {
  return Object.fromEntries(
    await Promise.all(TABLES.map(async (t) => [t, (await all<{ n: number }>(`select count(*) as n from ${t}`))[0]?.n])),
  );
}

describe("the plans demo (npm start)", () => {
  const questions = shippedQuestions();

  it("writes the plans, the rules and a year of history whose every ledger row is one event, at the points of its day", async () => {
    const at = Date.now();
    const year = yearOf(at);
    await loadDemo(at, questions);
    const statements = demoPlanStatements(at, { questions });

    const plans = await all<{ org_id: string; hours_tenths: number; min_contests: number; modules: string }>(
      "select p.org_id, p.hours_tenths, p.min_contests, (select group_concat(module_id) from year_plan_modules m where m.org_id = p.org_id and m.year = p.year) as modules from year_plans p where p.year = ? order by p.org_id",
      year,
    );
    expect(plans.map((p) => [p.org_id, p.hours_tenths, p.min_contests])).toEqual([
      ["democityworkcommittee01", 320, 1],
      ["demoenterprisecommittee", 320, 2],
      ["demorndcenterbranch0001", 400, 2],
    ]);
    expect(plans.find((p) => p.org_id === "demoenterprisecommittee")?.modules.split(",")).toHaveLength(2);
    const rules = await all<{ org_id: string; ranking_enabled: number; attendance: number }>(
      "select org_id, ranking_enabled, attendance from points_rules order by org_id, effective_from",
    );
    expect(rules).toEqual([
      { org_id: "democellworkshopbranch1", ranking_enabled: 1, attendance: 2 },
      { org_id: "demoenterprisecommittee", ranking_enabled: 0, attendance: 2 },
      { org_id: "demoenterprisecommittee", ranking_enabled: 0, attendance: 3 },
    ]);

    // Every ledger statement landed (none swallowed by INSERT OR IGNORE), and no one has two live entries for one event.
    const written = statements.filter((s) => s.startsWith("INSERT OR IGNORE INTO ledger_entries")).length;
    const [mine] = await all<{ n: number }>("select count(*) as n from ledger_entries where id like 'demoplled%'");
    expect(mine?.n).toBe(written);
    expect(written).toBeGreaterThan(100);
    expect(
      await all("select user_id, source, source_key from ledger_entries where reversed_at is null group by 1, 2, 3 having count(*) > 1"),
    ).toEqual([]);
    const sources = await all<{ source: string; live: number; reversed: number }>(
      "select source, sum(reversed_at is null) as live, sum(reversed_at is not null) as reversed from ledger_entries group by source order by source",
    );
    expect(Object.fromEntries(sources.map((s) => [s.source, s.live > 0]))).toEqual({
      attendance: true,
      completion: true,
      contest: true,
      manual: true,
      placement: true,
    });
    const [reversedManual] = await all<{ n: number }>(
      "select count(*) as n from ledger_entries where source = 'manual' and reversed_at is not null and reversed_by is not null and reversal_reason <> ''",
    );
    expect(reversedManual?.n).toBe(1);
    expect(
      await all("select id from ledger_entries where source = 'manual' and (note is null or note = '' or created_by is null)"),
    ).toEqual([]);

    // Each attendance has its entry and each entry its attendance; each contest entry a result; nothing in the future.
    expect(
      await all(
        "select a.session_id, a.user_id from attendances a where not exists (select 1 from ledger_entries l where l.user_id = a.user_id and l.source = 'attendance' and l.source_key = a.session_id)",
      ),
    ).toEqual([]);
    expect(
      await all(
        "select l.id from ledger_entries l where (l.source = 'attendance' and not exists (select 1 from attendances a where a.user_id = l.user_id and a.session_id = l.source_key)) or (l.source in ('contest', 'placement') and not exists (select 1 from round_results r where r.user_id = l.user_id and r.round_id = l.source_key))",
      ),
    ).toEqual([]);
    expect(await all("select id from ledger_entries where occurred_at > ?", at)).toEqual([]);
    // The hours of a session's module; the points of the rules in force that day for the person's org (points.repo's ruleValue).
    expect(
      await all(
        `select l.id from ledger_entries l join course_sessions s on s.id = l.source_key join modules m on m.id = s.module_id
          join module_versions v on v.id = m.published_version_id where l.source = 'attendance' and l.hours_tenths <> v.hours_tenths`,
      ),
    ).toEqual([]);
    expect(
      await all(
        `select l.id, l.source, l.points from ledger_entries l where l.year = ?1 and l.source in ('attendance', 'completion', 'contest', 'placement')
          and l.points <> coalesce((select case l.source when 'attendance' then pr.attendance when 'completion' then pr.completion
              when 'contest' then pr.contest else pr.placement_points end
            from points_rules pr join orgs po on po.id = pr.org_id
            where pr.effective_from <= l.occurred_at and substr((select path from orgs where id = l.org_id), 1, length(po.path)) = po.path
            order by po.depth desc, pr.effective_from desc limit 1),
            case l.source when 'attendance' then 2 when 'completion' then 1 when 'contest' then 2 else 5 end)`,
        year,
      ),
    ).toEqual([]);
    // Sessions keep their counters.
    expect(
      await all(
        "select id from course_sessions s where enrolled_count <> (select count(*) from enrollments e where e.session_id = s.id and e.status = 'enrolled')",
      ),
    ).toEqual([]);

    // A second start (the same day): nothing new.
    const before = await counts();
    await batch(demoCourseStatements(at));
    await batch(demoPlanStatements(at, { questions }));
    expect(await counts()).toEqual(before);
  });

  it("shows through the app: a branch ahead and one behind, 13800000100 reminded, 13800000110 done, the cell workshop's ranking", async () => {
    const at = Date.now();
    await loadDemo(at, questions);

    const organizer = await login("13800000001");
    const progress = await expectStatus<OrgPlanProgress>(
      call("/api/orgs/demoenterprisecommittee/plan-progress", { token: organizer }),
      200,
    );
    expect(progress.hasPlan).toBe(true);
    const children = Object.fromEntries(progress.children.map((c) => [c.orgId, c]));
    const rnd = children.demorndcenterbranch0001;
    const functional = children.demofunctionaldeptbrch1;
    if (!rnd || !functional) throw new Error(`children: ${progress.children.map((c) => c.orgId).join(", ")}`);
    // Ahead: most of R&D on pace, its completion at least the share of the year gone; behind: hardly anyone in 职能部门.
    if (progress.elapsed > 0.25) {
      expect(rnd.onPace / rnd.members).toBeGreaterThanOrEqual(0.6);
      expect(rnd.completion).toBeGreaterThanOrEqual(Math.min(0.9, progress.elapsed));
      expect(functional.onPace / functional.members).toBeLessThanOrEqual(0.4);
      expect(functional.completion).toBeLessThan(rnd.completion);
      expect(progress.behindTotal).toBeGreaterThanOrEqual(5);
    }
    expect(progress.delivery.lectures.done).toBeGreaterThan(0);
    expect(progress.delivery.microTalks.done).toBeGreaterThan(0);
    expect(progress.months.some((m) => m.events > 0)).toBe(true);

    const me = await expectStatus<MyPlanProgress>(call("/api/me/plan", { token: await login("13800000100") }), 200);
    expect(me).toMatchObject({ hasPlan: true, complete: false, rankingEnabled: true });
    expect(me.hours.required).toBe(56);
    if (me.elapsed > 0.25) expect(me.behind).toBe(true);
    const done = await expectStatus<MyPlanProgress>(
      call("/api/me/plan", { token: await login(`138${DEMO_COMPLETE_MEMBER.slice(-8)}`) }),
      200,
    );
    if (done.elapsed > 0.1) expect(done).toMatchObject({ complete: true, behind: false });

    const ranking = await expectStatus<PointsRanking>(call("/api/points/ranking", { token: await login("13800000107") }), 200);
    expect(ranking.rankingEnabled).toBe(true);
    expect(ranking.people.length).toBeGreaterThanOrEqual(5);
  });
});

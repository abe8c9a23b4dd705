import { type Title, titles } from "../worker/db/schema/orgs.ts";
import type { AwardPreset, TitleHours } from "../worker/db/schema/plans.ts";
import { answerKeyFor } from "../worker/features/contests/contest.scoring.ts";
import { renderMarkdown } from "../worker/features/courses/markdown.ts";
import { yearOf } from "../worker/features/ledger/ledger.service.ts";
import { combine, hoursFor, monthStart, type PlanRow, yearStart } from "../worker/features/plans/plans.rules.ts";
import { DEFAULT_RULES } from "../worker/features/plans/points.repo.ts";
import { readShippedBanks, type ShippedQuestion } from "./bank-files.ts";
import { shippedBankId, shippedQuestionId } from "./bank-sql.ts";
import { demoContestSql } from "./seed-contests.ts";
import { DEMO_MEMBER, demoCheckinSecret, demoCourseStatements } from "./seed-courses.ts";
import { insert, quote, unit, type Value } from "./seed-sql.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ——— orgs and people (see seed-demo.ts) ———

const COMPANY = "demoenterprisecommittee";
const MANUFACTURING = "demomanufacturinggbranch";
const CELL = "democellworkshopbranch1";
const CELL_A = "democellshiftagroup0001";
const CELL_B = "democellshiftbgroup0001";
const MODULE_WS = "demomoduleworkshopbrch1";
const RND = "demorndcenterbranch0001";
const FUNCTIONAL = "demofunctionaldeptbrch1";
const CITY = "democityworkcommittee01";
const CITY_ORG = "democityorgdeptbranch01";
const CITY_DEV = "democitydevreformbranch";

const PARENT: Record<string, string | null> = {
  [CITY]: null,
  [CITY_ORG]: CITY,
  [CITY_DEV]: CITY,
  [COMPANY]: null,
  [MANUFACTURING]: COMPANY,
  [CELL]: MANUFACTURING,
  [CELL_A]: CELL,
  [CELL_B]: CELL,
  [MODULE_WS]: MANUFACTURING,
  [RND]: COMPANY,
  [FUNCTIONAL]: COMPANY,
};

function pathOf(id: string): string {
  const parent = PARENT[id];
  if (parent === undefined) throw new Error(`unknown org ${id}`);
  return `${parent ? pathOf(parent) : "/"}${id}/`;
}

const ORGANIZER = "demouser13800000001"; // 陈建华, organizer of the company committee (a member of 职能部门)
const LECTURER = "demouser13800000002"; // 刘晓燕, lecturer of the company committee (a member of 研发中心)
const CITY_ORGANIZER = "demouser13800000003"; // 周明远, organizer of the city committee (a member of 组织部)
const member = (i: number) => `demouser138000001${String(i).padStart(2, "0")}`;
/** The branch secretaries (i = 0…6), each also the organizer of their own branch or group. */
const SECRETARY = {
  cellA: member(0),
  cellB: member(1),
  moduleWs: member(2),
  rnd: member(3),
  functional: member(4),
  cityOrg: member(5),
  cityDev: member(6),
};

/** 13800000110 (研发中心): every requirement of the year met, whatever day the demo starts after mid-January. */
export const DEMO_COMPLETE_MEMBER = member(10);

const MEMBER_ORGS = [CELL_A, CELL_B, MODULE_WS, RND, FUNCTIONAL, CITY_ORG, CITY_DEV] as const;

type Person = { id: string; orgId: string; path: string; title: Title; pace: number };

/** How far along each branch is, as a share of the pace of the year (its people vary ±15 % around it). */
const BRANCH_PACE: Record<string, number> = {
  [CELL_A]: 1.2,
  [CELL_B]: 1.15,
  [MODULE_WS]: 0.55,
  [RND]: 1.12,
  [FUNCTIONAL]: 0.5,
  [CITY_ORG]: 1.08,
  [CITY_DEV]: 0.6,
};

const PACE: Record<string, number> = {
  [DEMO_MEMBER]: 0.72,
  [DEMO_COMPLETE_MEMBER]: 2,
  [member(21)]: 0.5, // behind in an ahead group
  [member(16)]: 1.15, // ahead in a behind workshop
  [member(25)]: 1.1, // and one in 职能部门
  [ORGANIZER]: 0.9,
  [LECTURER]: 1,
  [CITY_ORGANIZER]: 1,
};

const PEOPLE: Person[] = [
  ...Array.from({ length: 30 }, (_, i) => {
    const orgId = MEMBER_ORGS[i % 7] as string;
    const title: Title = i < 7 ? "书记" : i % 9 === 0 ? "预备党员" : i % 11 === 0 ? "入党积极分子" : "党员";
    const id = member(i);
    return { id, orgId, path: pathOf(orgId), title, pace: PACE[id] ?? (BRANCH_PACE[orgId] as number) * (0.85 + 0.3 * unit(`pace:${id}`)) };
  }),
  { id: ORGANIZER, orgId: FUNCTIONAL, path: pathOf(FUNCTIONAL), title: "党员", pace: PACE[ORGANIZER] as number },
  { id: LECTURER, orgId: RND, path: pathOf(RND), title: "党员", pace: PACE[LECTURER] as number },
  { id: CITY_ORGANIZER, orgId: CITY_ORG, path: pathOf(CITY_ORG), title: "党员", pace: PACE[CITY_ORGANIZER] as number },
];
const personOf = (id: string) => PEOPLE.find((p) => p.id === id) as Person;
const inOrg = (p: Person, orgId: string) => p.path.includes(`/${orgId}/`);

// ——— modules: the course demo's, and four of the branches' and the city's own ———

const CONSTITUTION = "demomodpartyconstitution";
const SAFETY = "demomodsafetyvanguard";
const PLENUM = "demomodplenumbriefing";
const BATTERY = "demomodbatterymoduleasm";
const COFFEE = "demomodcoffeeinterest";
const THEORY = "demomodtheoryselfstudy";
const ZUNYI = "demomodzunyihistory";
const CELL_TALK = "demomodcellmicrotalk";
const RND_TALK = "demomodrndmicrotalk";
const CITY_LESSON = "demomodcitypartylesson";
const CITY_TRAINING = "demomodcitycadretraining";

/** The course demo's modules this year's history uses, with what the ledger needs of them (seed-courses.ts). */
const COURSE_MODULES: Record<string, { orgId: string; hoursTenths: number; title: string }> = {
  [CONSTITUTION]: { orgId: COMPANY, hoursTenths: 20, title: "学党章 守党规 做合格党员——《中国共产党章程》专题党课" },
  [SAFETY]: { orgId: COMPANY, hoursTenths: 10, title: "安全生产责任重于泰山——争当安全生产党员先锋岗" },
  [PLENUM]: { orgId: CITY, hoursTenths: 5, title: "微宣讲：学习贯彻党的二十届四中全会精神" },
  [BATTERY]: { orgId: COMPANY, hoursTenths: 20, title: "职工夜校：电池模组装配工艺与质量控制" },
  [COFFEE]: { orgId: COMPANY, hoursTenths: 10, title: "职工夜校兴趣班：咖啡制作入门" },
  [THEORY]: { orgId: COMPANY, hoursTenths: 10, title: "理论自学：党章与党的基本知识" },
  [ZUNYI]: { orgId: COMPANY, hoursTenths: 5, title: "党史自学：遵义会议——伟大的历史转折" },
};

type NewModule = {
  id: string;
  orgId: string;
  ownerId: string;
  title: string;
  summary: string;
  bodyMd: string;
  durationMin: number;
  hoursTenths: number;
  tags: string[];
};

const NEW_MODULES: NewModule[] = [
  {
    id: CELL_TALK,
    orgId: CELL,
    ownerId: ORGANIZER,
    title: "班前微宣讲：身边的党员先锋岗",
    summary: "班前会上 10 分钟，讲一位身边党员先锋岗的事：怎么发现隐患、怎么带新人、怎么把一道工序的良率提上去。",
    durationMin: 15,
    hoursTenths: 5,
    tags: ["微宣讲"],
    bodyMd: `## 怎么讲

每次班前会留出 10 分钟，由党小组长或党员轮流讲一位身边的党员先锋岗：

1. **一件事**：他（她）最近做成的一件具体的事，比如发现了一处隐患、改进了一个工装、带出了一名新员工；
2. **一个细节**：当时是怎么想的、怎么做的，遇到了什么难处；
3. **一句话**：这件事对我们班组有什么启发。

## 注意

讲身边人、身边事，不念稿、不拔高；讲完请大家补充，有好的做法当场记下来，在下次党小组会上交流。`,
  },
  {
    id: RND_TALK,
    orgId: RND,
    ownerId: SECRETARY.rnd,
    title: "微宣讲：科技自立自强，研发党员在行动",
    summary: "午间 20 分钟，研发中心党员轮流讲：一项攻关任务里，党员怎样带头啃硬骨头。",
    durationMin: 20,
    hoursTenths: 5,
    tags: ["微宣讲"],
    bodyMd: `## 主题

高水平科技自立自强是发展新质生产力的关键。研发中心的每一个攻关项目，都是党员亮身份、当先锋的舞台。

## 每期一讲

- 讲一个项目：要解决什么问题，难在哪里；
- 讲一位党员：在关键节点上是怎么带头的；
- 讲一点体会：把支部建在项目上，组织优势怎样变成创新优势。

## 交流

讲完留 5 分钟提问和补充。好的经验由支部整理，报公司党委推广。`,
  },
  {
    id: CITY_LESSON,
    orgId: CITY,
    ownerId: CITY_ORGANIZER,
    title: "机关党课：锤炼过硬作风 建设模范机关",
    summary: "结合机关工作实际，讲清模范机关建设的要求：政治过硬、作风优良、服务一流，少发文、少开会，多下基层、多解难题。",
    durationMin: 90,
    hoursTenths: 20,
    tags: ["党课"],
    bodyMd: `## 一、为什么要建设模范机关

机关是党的领导的重要载体，机关党员干部的作风，直接影响党和政府在群众心中的形象。

## 二、作风过硬体现在哪里

1. **政治过硬**：始终在思想上政治上行动上同党中央保持高度一致；
2. **作风优良**：力戒形式主义、官僚主义，为基层减负，不搞指尖上的形式主义；
3. **服务一流**：走进企业和社区，帮助解决实际困难。

## 三、讨论

本处室今年为基层、为企业办成了哪几件实事？还有哪些文件、会议、报表可以减下来？`,
  },
  {
    id: CITY_TRAINING,
    orgId: CITY,
    ownerId: CITY_ORGANIZER,
    title: "机关干部专题培训：提升服务企业的本领",
    summary: "半天的专题培训：营商环境政策解读、企业诉求办理流程和典型案例研讨，由市直机关党校组织。",
    durationMin: 240,
    hoursTenths: 40,
    tags: ["理论学习"],
    bodyMd: `## 培训安排

- 第一讲：优化营商环境的政策要点（60 分钟）
- 第二讲：企业诉求“接诉即办”的流程和时限（60 分钟）
- 案例研讨：从三件企业诉求的办理看机关作风（90 分钟）

## 要求

参训人员按时签到，研讨环节每个处室至少发言一次。培训结束后一周内，各党支部结合本单位实际交流一次学习体会。`,
  },
];

const MODULE_HOURS: Record<string, number> = {
  ...Object.fromEntries(Object.entries(COURSE_MODULES).map(([id, m]) => [id, m.hoursTenths])),
  ...Object.fromEntries(NEW_MODULES.map((m) => [m.id, m.hoursTenths])),
};
const MODULE_TITLE: Record<string, string> = {
  ...Object.fromEntries(Object.entries(COURSE_MODULES).map(([id, m]) => [id, m.title])),
  ...Object.fromEntries(NEW_MODULES.map((m) => [m.id, m.title])),
};
const MODULE_ORG: Record<string, string> = {
  ...Object.fromEntries(Object.entries(COURSE_MODULES).map(([id, m]) => [id, m.orgId])),
  ...Object.fromEntries(NEW_MODULES.map((m) => [m.id, m.orgId])),
};

// ——— plans and points rules ———

const CADRES = { 书记: 560, 副书记: 560, 委员: 560, 组织委员: 560, 宣传委员: 560, 纪检委员: 560 } satisfies TitleHours;

type PlanSpec = {
  orgId: string;
  by: string;
  hoursTenths: number;
  titleHours: TitleHours;
  minContests: number;
  trainings: number;
  lectures: number;
  microTalks: number;
  modules: string[];
};

const PLANS: PlanSpec[] = [
  {
    orgId: COMPANY,
    by: ORGANIZER,
    hoursTenths: 320,
    titleHours: CADRES,
    minContests: 2,
    trainings: 10,
    lectures: 24,
    microTalks: 60,
    modules: [CONSTITUTION, THEORY],
  },
  // Stricter: 40 h, and the Zunyi reading besides the company's two (the cadres' 56 h stay as the company asks).
  {
    orgId: RND,
    by: SECRETARY.rnd,
    hoursTenths: 400,
    titleHours: CADRES,
    minContests: 2,
    trainings: 0,
    lectures: 0,
    microTalks: 20,
    modules: [ZUNYI],
  },
  {
    orgId: CITY,
    by: CITY_ORGANIZER,
    hoursTenths: 320,
    titleHours: {},
    minContests: 1,
    trainings: 4,
    lectures: 8,
    microTalks: 16,
    modules: [PLENUM],
  },
];

const planRows: PlanRow[] = PLANS.map((p) => ({
  orgId: p.orgId,
  path: pathOf(p.orgId),
  hoursTenths: p.hoursTenths,
  titleHours: p.titleHours,
  minContests: p.minContests,
  moduleIds: p.modules,
  rating: null,
  trainingsTarget: p.trainings,
  lecturesTarget: p.lectures,
  microTalksTarget: p.microTalks,
}));

/** What the plans on the way to the person's org ask of them (as plans.rules.ts combines them). */
function requirementOf(p: Person) {
  const chain = planRows.filter((plan) => p.path.startsWith(plan.path)).sort((a, b) => a.path.length - b.path.length);
  const req = combine(chain, titles);
  return { hoursTenths: req ? hoursFor(req, p.title) : 0, modules: req?.moduleIds ?? [], contests: req?.minContests ?? 0 };
}

type RulesSpec = {
  id: string;
  orgId: string;
  /** Month (1–12) of the year the version applies from, on its first day. */
  fromMonth: number;
  attendance: number;
  completion: number;
  contest: number;
  placementTopN: number;
  placementPoints: number;
  rankingEnabled: boolean;
  awards: AwardPreset[];
  note: string;
  by: string;
};

const AWARDS: AwardPreset[] = [
  { name: "先锋岗", points: 10 },
  { name: "专利", points: 20 },
  { name: "解决生产难题", points: 15 },
];

const RULES: RulesSpec[] = [
  {
    id: "demorulescompanyv1",
    orgId: COMPANY,
    fromMonth: 1,
    attendance: 2,
    completion: 1,
    contest: 2,
    placementTopN: 3,
    placementPoints: 5,
    rankingEnabled: false,
    awards: AWARDS,
    note: "年初党委会通过：参加学习、完成自学、参加竞赛记分，竞赛前三名加分；不公开排名。",
    by: ORGANIZER,
  },
  {
    id: "demorulescompanyv2",
    orgId: COMPANY,
    fromMonth: 7,
    attendance: 3,
    completion: 2,
    contest: 2,
    placementTopN: 3,
    placementPoints: 5,
    rankingEnabled: false,
    awards: AWARDS,
    note: "下半年起，线下参加学习和完成自学各多记 1 分；上半年已记的积分不变。",
    by: ORGANIZER,
  },
  {
    id: "demorulescellv1",
    orgId: CELL,
    fromMonth: 1,
    attendance: 2,
    completion: 1,
    contest: 2,
    placementTopN: 3,
    placementPoints: 5,
    rankingEnabled: true,
    awards: [...AWARDS, { name: "安全隐患随手拍", points: 5 }],
    note: "支部党员大会表决通过：本支部公开积分排名，自愿参加，不设打卡和在线时长要求。",
    by: ORGANIZER,
  },
];

type Rules = Pick<RulesSpec, "attendance" | "completion" | "contest" | "placementTopN" | "placementPoints" | "awards">;

/** The rules in force for the person's org at `at` (as points.repo ruleValue decides: the deepest org with a version in force). */
function rulesAt(orgId: string, at: number, year: number): Rules {
  const path = pathOf(orgId);
  const found = RULES.filter((r) => path.includes(`/${r.orgId}/`) && monthStart(year, r.fromMonth) <= at).sort(
    (a, b) => pathOf(b.orgId).length - pathOf(a.orgId).length || b.fromMonth - a.fromMonth,
  )[0];
  return found ?? DEFAULT_RULES;
}

// ——— time ———

const daysIn = (year: number) => (yearStart(year + 1) - yearStart(year)) / DAY;

/** Day `d` (0 = 1 January) of the year moved off the weekend (Saturday to Friday, Sunday to Monday). */
function workday(year: number, d: number): number {
  const weekday = new Date(Date.UTC(year, 0, 1 + d)).getUTCDay();
  if (weekday === 6) return d > 0 ? d - 1 : d + 2;
  if (weekday === 0) return d + 1;
  return d;
}

// ——— the course demo's and the contest demo's rows, read back from their statements ———

type Row = Record<string, Value>;

/** The rows of `table` in INSERT statements like `insert()` writes (one VALUES list each). */
function rowsOf(statements: string[], table: string): Row[] {
  const head = `INSERT OR IGNORE INTO ${table} (`;
  const out: Row[] = [];
  for (const s of statements) {
    if (!s.startsWith(head)) continue;
    const close = s.indexOf(") VALUES (");
    const columns = s.slice(head.length, close).split(", ");
    const values = parseValues(s.slice(close + ") VALUES (".length, s.lastIndexOf(")")));
    if (values.length !== columns.length) continue; // a multi-row or computed statement: not ours to read
    out.push(Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])));
  }
  return out;
}

function parseValues(text: string): Value[] {
  const values: Value[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === "'") {
      let value = "";
      i += 1;
      while (i < text.length) {
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i += 1;
          break;
        } else {
          value += text[i];
          i += 1;
        }
      }
      values.push(value);
    } else {
      const next = text.indexOf(",", i);
      const token = (next === -1 ? text.slice(i) : text.slice(i, next)).trim();
      if (token.startsWith("(")) return []; // a sub-select
      values.push(token === "NULL" ? null : Number(token));
      i = next === -1 ? text.length : next;
    }
    while (i < text.length && (text[i] === "," || text[i] === " ")) i += 1;
  }
  return values;
}

// ——— the year ———

type Ledger = {
  id: string;
  user_id: string;
  org_id: string;
  year: number;
  source: "attendance" | "completion" | "contest" | "placement" | "manual";
  source_key: string;
  hours_tenths: number;
  points: number;
  title: string;
  note: string | null;
  occurred_at: number;
  created_by: string | null;
  created_at: number;
  reversed_at: number | null;
  reversed_by: string | null;
  reversal_reason: string | null;
};

type Series = {
  key: string;
  moduleId: string;
  perYear: number;
  /** Whose members come: the subtree of this org. */
  audience: string;
  lecturers: string[];
  place?: string;
  link?: string;
  hh: number;
  mm: number;
  durationMin: number;
  firstDay: number;
  requiredOrgs?: string[];
};

const SERIES: Series[] = [
  {
    key: "cons",
    moduleId: CONSTITUTION,
    perYear: 4,
    audience: COMPANY,
    lecturers: [LECTURER, ORGANIZER],
    place: "公司党群活动中心一楼报告厅",
    hh: 14,
    mm: 30,
    durationMin: 90,
    firstDay: 24,
  },
  {
    key: "consrd",
    moduleId: CONSTITUTION,
    perYear: 4,
    audience: RND,
    lecturers: [SECRETARY.rnd],
    place: "研发中心三楼会议室",
    hh: 16,
    mm: 0,
    durationMin: 90,
    firstDay: 40,
  },
  {
    key: "consfn",
    moduleId: CONSTITUTION,
    perYear: 4,
    audience: FUNCTIONAL,
    lecturers: [SECRETARY.functional],
    place: "行政楼二楼党员活动室",
    hh: 16,
    mm: 0,
    durationMin: 90,
    firstDay: 72,
  },
  {
    key: "consmw",
    moduleId: CONSTITUTION,
    perYear: 1,
    audience: MODULE_WS,
    lecturers: [SECRETARY.moduleWs],
    place: "模组车间党员活动室",
    hh: 16,
    mm: 30,
    durationMin: 90,
    firstDay: 150,
  },
  {
    key: "safec",
    moduleId: SAFETY,
    perYear: 6,
    audience: CELL,
    lecturers: [LECTURER, SECRETARY.cellA, SECRETARY.cellB],
    place: "电芯车间二楼会议室",
    hh: 8,
    mm: 0,
    durationMin: 60,
    firstDay: 15,
    requiredOrgs: [CELL],
  },
  {
    key: "safem",
    moduleId: SAFETY,
    perYear: 4,
    audience: MANUFACTURING,
    lecturers: [LECTURER],
    place: "模组车间培训教室",
    hh: 8,
    mm: 0,
    durationMin: 60,
    firstDay: 50,
  },
  {
    key: "safemw",
    moduleId: SAFETY,
    perYear: 4,
    audience: MODULE_WS,
    lecturers: [SECRETARY.moduleWs, LECTURER],
    place: "模组车间党员活动室",
    hh: 8,
    mm: 0,
    durationMin: 60,
    firstDay: 30,
  },
  {
    key: "batt",
    moduleId: BATTERY,
    perYear: 6,
    audience: COMPANY,
    lecturers: [LECTURER],
    place: "模组车间培训教室",
    hh: 19,
    mm: 0,
    durationMin: 120,
    firstDay: 35,
  },
  {
    key: "coffee",
    moduleId: COFFEE,
    perYear: 2,
    audience: COMPANY,
    lecturers: [ORGANIZER],
    place: "员工之家咖啡吧",
    hh: 19,
    mm: 0,
    durationMin: 90,
    firstDay: 120,
  },
  {
    key: "cellmt",
    moduleId: CELL_TALK,
    perYear: 20,
    audience: CELL,
    lecturers: [SECRETARY.cellA, SECRETARY.cellB],
    place: "电芯车间班前会区",
    hh: 8,
    mm: 10,
    durationMin: 15,
    firstDay: 8,
  },
  {
    key: "rndmt",
    moduleId: RND_TALK,
    perYear: 20,
    audience: RND,
    lecturers: [SECRETARY.rnd, LECTURER],
    place: "研发中心三楼会议室",
    hh: 12,
    mm: 30,
    durationMin: 20,
    firstDay: 12,
  },
  {
    key: "plen",
    moduleId: PLENUM,
    perYear: 4,
    audience: CITY,
    lecturers: [CITY_ORGANIZER],
    link: "https://meeting.example.com/j/plenum",
    hh: 19,
    mm: 30,
    durationMin: 30,
    firstDay: 45,
  },
  {
    key: "plenog",
    moduleId: PLENUM,
    perYear: 6,
    audience: CITY_ORG,
    lecturers: [SECRETARY.cityOrg, CITY_ORGANIZER],
    place: "市委组织部机关三楼会议室",
    hh: 12,
    mm: 30,
    durationMin: 30,
    firstDay: 20,
  },
  {
    key: "plendv",
    moduleId: PLENUM,
    perYear: 3,
    audience: CITY_DEV,
    lecturers: [SECRETARY.cityDev],
    place: "市发展改革委五楼会议室",
    hh: 12,
    mm: 30,
    durationMin: 30,
    firstDay: 60,
  },
  {
    key: "citylc",
    moduleId: CITY_LESSON,
    perYear: 6,
    audience: CITY,
    lecturers: [CITY_ORGANIZER, SECRETARY.cityOrg, SECRETARY.cityDev],
    place: "市直机关党校报告厅",
    hh: 14,
    mm: 30,
    durationMin: 90,
    firstDay: 28,
  },
  {
    key: "citytr",
    moduleId: CITY_TRAINING,
    perYear: 4,
    audience: CITY,
    lecturers: [CITY_ORGANIZER],
    place: "市直机关党校一号教室",
    hh: 9,
    mm: 0,
    durationMin: 240,
    firstDay: 55,
  },
];

type Session = { id: string; series: Series; k: number; lecturer: string; startsAt: number; endsAt: number };

type Manual = {
  key: string;
  userId: string;
  /** Where in the part of the year gone (0–1) it was done. */
  when: number;
  hoursTenths: number;
  points: number;
  reason: string;
  evidence: (year: number) => string;
  by: string;
  reversed?: { by: string; reason: string };
};

const MANUALS: Manual[] = [
  {
    key: "01",
    userId: DEMO_COMPLETE_MEMBER,
    when: 0.18,
    hoursTenths: 400,
    points: 0,
    reason: "参加省委党校专题培训班（5 天）",
    evidence: (y) => `结业证书编号 SWDX-${y}-ZT-0417，培训通知及签到表已存支部档案`,
    by: ORGANIZER,
  },
  {
    key: "02",
    userId: SECRETARY.rnd,
    when: 0.3,
    hoursTenths: 400,
    points: 0,
    reason: "参加省国资委基层党组织书记示范培训班（5 天）",
    evidence: (y) => `结业证书编号 GZW-${y}-SJ-0112`,
    by: ORGANIZER,
  },
  {
    key: "03",
    userId: SECRETARY.cellB,
    when: 0.42,
    hoursTenths: 240,
    points: 0,
    reason: "参加集团公司党校支部书记轮训班（3 天）",
    evidence: (y) => `集团党校结业证书编号 JTDX${y}-0385`,
    by: ORGANIZER,
  },
  {
    key: "13",
    userId: LECTURER,
    when: 0.35,
    hoursTenths: 240,
    points: 0,
    reason: "参加省委宣传部理论宣讲骨干培训班（3 天）",
    evidence: (y) => `培训证书编号 XJGG-${y}-0276，公司党委选派文件存档`,
    by: SECRETARY.rnd,
  },
  {
    key: "04",
    userId: SECRETARY.cityOrg,
    when: 0.25,
    hoursTenths: 400,
    points: 0,
    reason: "参加市委党校处级干部进修班（5 天）",
    evidence: (y) => `市委党校结业证书编号 SWDX-${y}-CJ-0219`,
    by: CITY_ORGANIZER,
  },
  {
    key: "05",
    userId: CITY_ORGANIZER,
    when: 0.5,
    hoursTenths: 240,
    points: 0,
    reason: "参加省委党校专题培训班",
    evidence: (y) => `结业证书编号 SWDX-${y}-ZT-0833`,
    by: SECRETARY.cityOrg,
  },
  {
    key: "06",
    userId: member(12),
    when: 0.62,
    hoursTenths: 160,
    points: 0,
    reason: "参加市直机关学习贯彻党的二十届四中全会精神专题培训班",
    evidence: () => "培训签到表及结业证明，市直机关工委办公室存档",
    by: CITY_ORGANIZER,
  },
  {
    key: "07",
    userId: member(13),
    when: 0.7,
    hoursTenths: 120,
    points: 0,
    reason: "完成干部网络学院年度专题网络课程",
    evidence: () => "干部网络学院学习证明（学时截图），本人提交、支部书记核对",
    by: CITY_ORGANIZER,
  },
  {
    key: "08",
    userId: member(7),
    when: 0.4,
    hoursTenths: 0,
    points: 10,
    reason: "先锋岗：电芯甲班化成工序党员先锋岗",
    evidence: (y) => `公司党委〔${y}〕5 号文件表彰名单`,
    by: ORGANIZER,
  },
  {
    key: "09",
    userId: member(8),
    when: 0.55,
    hoursTenths: 0,
    points: 15,
    reason: "解决生产难题：注液工序漏液率从 0.8% 降到 0.2%",
    evidence: () => "车间技术改进项目验收单，生产部签字确认",
    by: ORGANIZER,
  },
  {
    key: "10",
    userId: member(17),
    when: 0.66,
    hoursTenths: 0,
    points: 20,
    reason: "专利：一种快充电芯析锂的在线检测方法",
    evidence: (y) => `发明专利受理通知书，申请号 ${y}1088xxxxx.6`,
    by: ORGANIZER,
  },
  {
    key: "11",
    userId: member(14),
    when: 0.8,
    hoursTenths: 0,
    points: 5,
    reason: "安全隐患随手拍：发现分切机防护罩松动",
    evidence: () => "隐患整改闭环单，班组长确认",
    by: ORGANIZER,
  },
  {
    key: "12",
    userId: member(15),
    when: 0.48,
    hoursTenths: 240,
    points: 0,
    reason: "参加省委党校专题培训班",
    evidence: (y) => `结业证书编号 SWDX-${y}-ZT-0419`,
    by: ORGANIZER,
    reversed: { by: ORGANIZER, reason: "登记错了人：参加培训的是研发中心的同志，已为本人撤销" },
  },
];

/** The demo's contest of both committees this year: 初赛 (the top half goes on) and 决赛. */
const CONTEST = {
  id: "democontestdisciplinequiz",
  title: "“学党纪·明规矩”党纪知识竞赛",
  description:
    "市直机关工委与锂源新能源科技有限公司党委联合举办。初赛 10 道题、限时 15 分钟，前 50% 进入决赛；按得分排名，同分用时少者在前。",
  rounds: [
    {
      id: "demorounddisciplinequiz1",
      seq: 1,
      name: "初赛",
      when: 0.3,
      days: 7,
      advancement: { kind: "top_percent", value: 50 },
      honour: 10,
    },
    { id: "demorounddisciplinequiz2", seq: 2, name: "决赛", when: 0.45, days: 2, advancement: null, honour: 3 },
  ],
} as const;

const Q3_ROUND = "demoroundq3constitution1";

export type DemoPlanSources = {
  /** The shipped questions (the contest papers are drawn from the Party-history bank). */
  questions: ShippedQuestion[];
  /** seed-contests.ts's SQL, for the Q3 contest's results to credit (absent: not credited). */
  contestSql?: string;
};

export type DemoPlanModel = {
  statements: string[];
  ledger: Ledger[];
  people: (Person & { requirement: ReturnType<typeof requirementOf> })[];
};

/** The statements, and every ledger row of the year (the course demo's and these) to explain each person's progress. */
export function demoPlanModel(at: number, sources: DemoPlanSources): DemoPlanModel {
  const year = yearOf(at);
  const ys = yearStart(year);
  const ye = yearStart(year + 1);
  const yearDays = daysIn(year);
  // Whole days, so that a second start on the same day places everything where the first did.
  const goneDays = Math.max(0, Math.floor((at - ys) / DAY));
  /** A day of the part of the year gone (0 = 1 January), `share` of the way through it (ending two days before `at`). */
  const dayAt = (share: number) => Math.max(0, Math.floor(share * Math.min(goneDays - 2, yearDays - 1)));
  const lines: string[] = [];
  const ledger: Ledger[] = [];
  const rulesFor = (p: Person, when: number) => rulesAt(p.orgId, when, year);

  // The course demo's ledger: counted in who still needs what; its points brought in line with the rules of the day.
  const courseStatements = demoCourseStatements(at);
  const courseLedger = rowsOf(courseStatements, "ledger_entries") as unknown as Ledger[];
  const courseCompletions = rowsOf(courseStatements, "module_completions");
  for (const row of courseLedger) {
    if (row.year !== year) continue;
    const p = PEOPLE.find((x) => x.id === row.user_id);
    const rules = rulesAt(row.org_id, row.occurred_at, year);
    const points = row.source === "attendance" ? rules.attendance : row.source === "completion" ? rules.completion : row.points;
    if (p && points !== row.points) lines.push(`UPDATE ledger_entries SET points = ${points} WHERE id = ${quote(row.id)};`);
    ledger.push({ ...row, points });
  }
  // The course demo's modules were written weeks ago; this year's history needs them from its start.
  Object.keys(COURSE_MODULES).forEach((id, i) => {
    const written = ys - (30 + 3 * i) * DAY + 10 * HOUR;
    lines.push(
      `UPDATE modules SET created_at = min(created_at, ${written}), updated_at = min(updated_at, ${written + 2 * DAY}) WHERE id = ${quote(id)};`,
      `UPDATE module_versions SET created_at = min(created_at, ${written}), submitted_at = min(submitted_at, ${written + DAY}), reviewed_at = min(reviewed_at, ${written + 2 * DAY}), updated_at = min(updated_at, ${written + 2 * DAY}) WHERE id = ${quote(`${id}v1`)};`,
    );
  });

  // New modules: the cell workshop's and R&D's micro-talks, the city's lesson and training, written last December.
  NEW_MODULES.forEach((m, i) => {
    const written = ys - (20 + 4 * i) * DAY + 10 * HOUR;
    const versionId = `${m.id}v1`;
    lines.push(
      insert("modules", {
        id: m.id,
        org_id: m.orgId,
        owner_id: m.ownerId,
        published_version_id: versionId,
        draft_version_id: null,
        archived_at: null,
        created_at: written,
        updated_at: written + 2 * DAY,
      }),
      insert("module_versions", {
        id: versionId,
        module_id: m.id,
        version: 1,
        status: "published",
        title: m.title,
        summary: m.summary,
        body_md: m.bodyMd,
        body_html: renderMarkdown(m.bodyMd),
        media_kind: "none",
        media_url: null,
        duration_min: m.durationMin,
        hours_tenths: m.hoursTenths,
        tags: JSON.stringify(m.tags),
        quiz_bank_id: null,
        quiz_count: null,
        quiz_pass_pct: null,
        self_paced: false,
        created_by: m.ownerId,
        submitted_at: written + DAY,
        reviewed_by: m.orgId === CITY ? CITY_ORGANIZER : ORGANIZER,
        reviewed_at: written + 2 * DAY,
        review_note: null,
        created_at: written,
        updated_at: written + 2 * DAY,
      }),
      insert("module_audience", { module_id: m.id, target_type: "org", target_id: m.orgId }),
    );
  });

  // Plans, set in the first days of the year.
  const planAt = Math.min(at - HOUR, ys + 4 * DAY + 10 * HOUR);
  PLANS.forEach((plan, i) => {
    const when = planAt + i * HOUR;
    lines.push(
      insert("year_plans", {
        org_id: plan.orgId,
        year,
        hours_tenths: plan.hoursTenths,
        title_hours: JSON.stringify(plan.titleHours),
        min_contests: plan.minContests,
        trainings_target: plan.trainings,
        lectures_target: plan.lectures,
        micro_talks_target: plan.microTalks,
        rating: null,
        created_by: plan.by,
        updated_by: plan.by,
        created_at: when,
        updated_at: when,
      }),
      ...plan.modules.map((moduleId) => insert("year_plan_modules", { org_id: plan.orgId, year, module_id: moduleId })),
    );
  });
  for (const r of RULES) {
    const from = monthStart(year, r.fromMonth);
    const when = Math.min(at - HOUR, from - 5 * DAY + 15 * HOUR);
    lines.push(
      insert("points_rules", {
        id: r.id,
        org_id: r.orgId,
        effective_from: from,
        attendance: r.attendance,
        completion: r.completion,
        contest: r.contest,
        placement_top_n: r.placementTopN,
        placement_points: r.placementPoints,
        ranking_enabled: r.rankingEnabled,
        awards: JSON.stringify(r.awards),
        note: r.note,
        created_by: r.by,
        created_at: when,
      }),
    );
  }

  // Fixed events of the year, in time order: what the course demo credited, the manual entries, the self-study below.
  const fixed: { at: number; userId: string; tenths: number }[] = ledger
    .filter((l) => l.reversed_at === null)
    .map((l) => ({ at: l.occurred_at, userId: l.user_id, tenths: l.hours_tenths }));

  for (const m of MANUALS) {
    const p = personOf(m.userId);
    const day = workday(year, dayAt(m.when));
    const occurredAt = ys + day * DAY;
    const createdAt = Math.min(at - 2 * HOUR, occurredAt + (3 + Math.floor(unit(`manual:${m.key}`) * 5)) * DAY + 10 * HOUR);
    const reversedAt = m.reversed ? Math.min(at - HOUR, createdAt + 2 * DAY) : null;
    const id = `demoplledman${m.key}`;
    const row: Ledger = {
      id,
      user_id: p.id,
      org_id: p.orgId,
      year,
      source: "manual",
      source_key: id,
      hours_tenths: m.hoursTenths,
      points: m.points,
      title: m.reason,
      note: m.evidence(year),
      occurred_at: occurredAt,
      created_by: m.by,
      created_at: createdAt,
      reversed_at: reversedAt,
      reversed_by: m.reversed?.by ?? null,
      reversal_reason: m.reversed?.reason ?? null,
    };
    ledger.push(row);
    if (!m.reversed) fixed.push({ at: occurredAt, userId: p.id, tenths: m.hoursTenths });
  }

  // Self-study done earlier in the year by those who had not done it in the course demo: the quiz (everyone's
  // required module in the company) and the Zunyi reading (required in R&D).
  const completedBefore = new Set(courseCompletions.map((c) => `${c.module_id}:${c.user_id}`));
  const completions: { moduleId: string; p: Person; at: number; method: "quiz" | "confirm" }[] = [];
  for (const p of PEOPLE) {
    const wants: [string, boolean][] = [
      [THEORY, p.id === DEMO_COMPLETE_MEMBER || (p.pace >= 0.9 ? unit(`theory:${p.id}`) < 0.85 : unit(`theory:${p.id}`) < 0.35)],
      [
        ZUNYI,
        inOrg(p, COMPANY) &&
          (p.id === DEMO_COMPLETE_MEMBER ||
            (inOrg(p, RND) ? p.pace >= 0.8 && unit(`zunyi:${p.id}`) < 0.95 : p.pace >= 0.9 && unit(`zunyi:${p.id}`) < 0.3)),
      ],
    ];
    for (const [moduleId, wanted] of wants) {
      if (!wanted || completedBefore.has(`${moduleId}:${p.id}`)) continue;
      const share = p.id === DEMO_COMPLETE_MEMBER ? 0.12 : 0.08 + 0.6 * unit(`when:${moduleId}:${p.id}`);
      const completedAt =
        ys +
        dayAt(share) * DAY +
        (19 + Math.floor(unit(`hour:${moduleId}:${p.id}`) * 3)) * HOUR +
        Math.floor(unit(`min:${p.id}`) * 59) * MINUTE;
      completions.push({ moduleId, p, at: completedAt, method: moduleId === THEORY ? "quiz" : "confirm" });
    }
  }
  for (const c of completions) {
    const score = c.method === "quiz" ? 100 - 10 * Math.floor(unit(`score:${c.moduleId}:${c.p.id}`) * 3) : null;
    lines.push(
      insert("module_completions", {
        module_id: c.moduleId,
        user_id: c.p.id,
        version_id: `${c.moduleId}v1`,
        method: c.method,
        quiz_score_pct: score,
        completed_at: c.at,
      }),
    );
    ledger.push({
      id: `demoplledcpl${c.moduleId.slice(7, 13)}${c.p.id.slice(-3)}`,
      user_id: c.p.id,
      org_id: c.p.orgId,
      year,
      source: "completion",
      source_key: c.moduleId,
      hours_tenths: MODULE_HOURS[c.moduleId] as number,
      points: rulesFor(c.p, c.at).completion,
      title: MODULE_TITLE[c.moduleId] as string,
      note: null,
      occurred_at: c.at,
      created_by: c.p.id,
      created_at: c.at,
      reversed_at: null,
      reversed_by: null,
      reversal_reason: null,
    });
    fixed.push({ at: c.at, userId: c.p.id, tenths: MODULE_HOURS[c.moduleId] as number });
  }
  fixed.sort((a, b) => a.at - b.at);

  // Sessions on fixed days of the year, those already over; attended by whoever is not ahead of their own pace.
  const sessions: Session[] = [];
  for (const s of SERIES) {
    for (let k = 0; k < s.perYear; k++) {
      const day = workday(year, Math.floor(s.firstDay + (k * yearDays) / s.perYear));
      const startsAt = ys + day * DAY + (s.hh * 60 + s.mm) * MINUTE;
      const endsAt = startsAt + s.durationMin * MINUTE;
      if (day >= yearDays || endsAt > at - 6 * HOUR) continue;
      const id = `demoplsess${s.key}${String(k + 1).padStart(2, "0")}`;
      sessions.push({ id, series: s, k, lecturer: s.lecturers[k % s.lecturers.length] as string, startsAt, endsAt });
    }
  }
  sessions.sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));

  const requirement = new Map(PEOPLE.map((p) => [p.id, requirementOf(p)]));
  const hours = new Map<string, number>(PEOPLE.map((p) => [p.id, 0]));
  let next = 0;
  const feedbackComments = [
    "讲得实在，联系了我们的实际。",
    "内容有用，希望多安排。",
    "时间安排合理。",
    "",
    "案例生动，有收获。",
    "讨论环节很好。",
  ];
  for (const s of sessions) {
    while (next < fixed.length && (fixed[next] as (typeof fixed)[number]).at <= s.startsAt) {
      const f = fixed[next] as (typeof fixed)[number];
      hours.set(f.userId, (hours.get(f.userId) ?? 0) + f.tenths);
      next += 1;
    }
    const tenths = MODULE_HOURS[s.series.moduleId] as number;
    const gone = (s.startsAt - ys) / (ye - ys);
    const eligible = PEOPLE.filter((p) => inOrg(p, s.series.audience) && p.id !== s.lecturer);
    const behindOwnPace = (p: Person) => (hours.get(p.id) ?? 0) <= p.pace * (requirement.get(p.id)?.hoursTenths ?? 0) * gone + 15;
    const attendees = eligible.filter((p) => behindOwnPace(p) && unit(`skip:${s.id}:${p.id}`) >= 0.12);
    // Never an empty room: the furthest behind come.
    const least = Math.min(3, eligible.length);
    for (const p of [...eligible].sort((a, b) => (hours.get(a.id) ?? 0) / a.pace - (hours.get(b.id) ?? 0) / b.pace)) {
      if (attendees.length >= least) break;
      if (!attendees.includes(p)) attendees.push(p);
    }
    if (attendees.length === 0) continue;
    const noShows = eligible.filter((p) => !attendees.includes(p) && unit(`noshow:${s.id}:${p.id}`) < 0.1);
    const offline = s.series.place !== undefined;
    const enrolled = [...attendees, ...noShows];
    const opens = s.startsAt - 7 * DAY;
    const creator = s.lecturer;
    lines.push(
      insert("course_sessions", {
        id: s.id,
        module_id: s.series.moduleId,
        org_id: MODULE_ORG[s.series.moduleId] as string,
        lecturer_id: s.lecturer,
        kind: offline ? "offline" : "online",
        status: "scheduled",
        place: s.series.place ?? null,
        link: s.series.link ?? null,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        capacity: offline ? Math.max(30, Math.ceil((enrolled.length + 5) / 10) * 10) : null,
        enrolled_count: enrolled.length,
        waitlist_seq: 0,
        enroll_opens_at: opens,
        enroll_closes_at: s.startsAt,
        cancel_closes_at: s.startsAt - 2 * HOUR,
        walk_ins: true,
        checkin_secret: demoCheckinSecret(s.id),
        created_by: creator,
        created_at: opens - HOUR,
        updated_at: opens - HOUR,
      }),
      ...(s.series.requiredOrgs ?? []).map((org) => insert("session_required_orgs", { session_id: s.id, org_id: org })),
      ...enrolled.map((p, k) => {
        const when = Math.min(s.startsAt - HOUR, opens + k * 11 * MINUTE + Math.floor(unit(`enroll:${s.id}:${p.id}`) * 2 * DAY));
        return insert("enrollments", {
          session_id: s.id,
          user_id: p.id,
          status: "enrolled",
          waitlist_pos: null,
          created_at: when,
          updated_at: when,
        });
      }),
    );
    attendees.forEach((p, k) => {
      const checkedInAt = s.startsAt - 15 * MINUTE + Math.floor(unit(`checkin:${s.id}:${p.id}`) * 20 * MINUTE);
      const how = unit(`method:${s.id}:${p.id}`);
      const method = how < 0.05 ? "organizer" : !offline || how < 0.25 ? "code" : "qr";
      lines.push(
        insert("attendances", {
          session_id: s.id,
          user_id: p.id,
          method,
          checked_in_at: checkedInAt,
          walk_in: false,
          recorded_by: method === "organizer" ? creator : null,
          reason: method === "organizer" ? "手机没电，现场核对后登记" : null,
          reversed_at: null,
          reversed_by: null,
          reversal_reason: null,
        }),
      );
      if (k % 4 === 1)
        lines.push(
          insert("session_feedback", {
            session_id: s.id,
            user_id: p.id,
            rating: unit(`rating:${s.id}:${p.id}`) < 0.7 ? 5 : 4,
            comment: feedbackComments[(k + s.k) % feedbackComments.length] as string,
            created_at: s.endsAt + HOUR,
            updated_at: s.endsAt + HOUR,
          }),
        );
      ledger.push({
        id: `demoplledatt${s.id.slice(10)}${p.id.slice(-3)}`,
        user_id: p.id,
        org_id: p.orgId,
        year,
        source: "attendance",
        source_key: s.id,
        hours_tenths: tenths,
        points: rulesFor(p, checkedInAt).attendance,
        title: MODULE_TITLE[s.series.moduleId] as string,
        note: null,
        occurred_at: checkedInAt,
        created_by: null,
        created_at: checkedInAt,
        reversed_at: null,
        reversed_by: null,
        reversal_reason: null,
      });
      hours.set(p.id, (hours.get(p.id) ?? 0) + tenths);
    });
  }

  // The contest of both committees: papers of the Party-history bank, attempts, results, credits and places.
  if (goneDays >= 20) lines.push(...contestRows(year, ys, at, dayAt, sources.questions, ledger));
  if (sources.contestSql) lines.push(...q3Credits(year, at, sources.contestSql, ledger));

  for (const row of ledger) {
    if (row.id.startsWith("demoplled")) lines.push(insert("ledger_entries", row));
  }
  // A start days later may find a few more people at the earlier sessions (the pace moved on): the counts follow the rows.
  lines.push(
    "UPDATE course_sessions SET enrolled_count = (SELECT count(*) FROM enrollments e WHERE e.session_id = course_sessions.id AND e.status = 'enrolled') WHERE id LIKE 'demoplsess%';",
  );
  return { statements: lines, ledger, people: PEOPLE.map((p) => ({ ...p, requirement: requirementOf(p) })) };
}

/** A person's result in a round: who, the attempt's numbers, and where they placed. */
type Result = { p: Person; attemptId: string; startedAt: number; finishedAt: number; score: number; correct: number; durationMs: number };

function contestRows(
  year: number,
  ys: number,
  at: number,
  dayAt: (share: number) => number,
  questions: ShippedQuestion[],
  ledger: Ledger[],
): string[] {
  const lines: string[] = [];
  const pool = questions.filter((q) => q.bank === "party-history" && (q.draft.type === "single" || q.draft.type === "judge"));
  if (pool.length < 10) return lines;
  const first = CONTEST.rounds[0];
  const createdAt = ys + dayAt(first.when - 0.05) * DAY + 10 * HOUR;
  lines.push(
    insert("contests", {
      id: CONTEST.id,
      title: CONTEST.title,
      description: CONTEST.description,
      status: "published",
      team_kind: "branch",
      team_method: "mean",
      team_top_k: null,
      created_by: CITY_ORGANIZER,
      created_at: createdAt,
      updated_at: createdAt,
      published_at: createdAt,
    }),
  );
  for (const host of [CITY, COMPANY]) {
    lines.push(
      insert("contest_hosts", { contest_id: CONTEST.id, host_type: "org", host_id: host }),
      insert("contest_scope", { contest_id: CONTEST.id, org_id: host }),
    );
  }
  const history = shippedBankId("party-history");
  let qualified: Person[] = PEOPLE;
  for (const round of CONTEST.rounds) {
    const opensAt = ys + dayAt(round.when) * DAY + 9 * HOUR;
    const closesAt = Math.min(at - 2 * HOUR, opensAt + round.days * DAY + 9 * HOUR);
    lines.push(
      insert("contest_rounds", {
        id: round.id,
        contest_id: CONTEST.id,
        seq: round.seq,
        name: round.name,
        mode: "self_paced",
        scoring: "accuracy",
        opens_at: opensAt,
        closes_at: closesAt,
        time_limit_sec: 15 * 60,
        question_time_sec: null,
        draw_mode: "same",
        draw_spec: JSON.stringify({
          bankIds: [history],
          parts: [{ type: null, tag: null, difficultyMin: 1, difficultyMax: 5, count: 10, points: 10 }],
        }),
        attempts_allowed: 1,
        count_policy: "best",
        allow_back: true,
        partial_credit: false,
        advancement: round.advancement ? JSON.stringify(round.advancement) : null,
        honour_top_n: round.honour,
        placements_credited_at: closesAt + MINUTE,
        created_at: createdAt,
        updated_at: createdAt,
      }),
    );
    const paper = [...pool].sort((a, b) => unit(`plpaper:${round.id}:${a.key}`) - unit(`plpaper:${round.id}:${b.key}`)).slice(0, 10);
    const version = (id: string) => `(SELECT current_version FROM questions WHERE id = '${id}')`;
    paper.forEach((q, i) => {
      const id = shippedQuestionId("party-history", q.key);
      lines.push(
        `INSERT OR IGNORE INTO round_questions (round_id, seq, question_id, version, points) VALUES ('${round.id}', ${i + 1}, '${id}', ${version(id)}, 10);`,
      );
    });
    const takers = qualified.filter(
      (p) =>
        p.id === DEMO_COMPLETE_MEMBER ||
        p.id === DEMO_MEMBER ||
        unit(`take:${round.id}:${p.id}`) < (round.seq === 1 ? (p.pace >= 0.9 ? 0.95 : p.pace >= 0.7 ? 0.75 : 0.55) : 0.9),
    );
    const results: Result[] = [];
    for (const p of takers) {
      const attemptId = `demoattdq${round.seq}${p.id.slice(-11)}`;
      const skill = p.id === DEMO_COMPLETE_MEMBER ? 0.97 : 0.45 + 0.5 * unit(`skill:dq:${p.id}`);
      // Some day of the window, between 08:00 and 21:00.
      const day = Math.floor(unit(`day:${round.id}:${p.id}`) * Math.max(1, Math.floor((closesAt - opensAt) / DAY)));
      const startedAt = Math.min(
        closesAt - 20 * MINUTE,
        opensAt - HOUR + day * DAY + Math.floor(unit(`start:${round.id}:${p.id}`) * 13 * HOUR),
      );
      let clock = startedAt;
      let score = 0;
      let correct = 0;
      const rows: string[] = [];
      paper.forEach((q, i) => {
        const seq = i + 1;
        const id = shippedQuestionId("party-history", q.key);
        const order = "options" in q.draft ? q.draft.options.map((_, k) => k) : [];
        const key = answerKeyFor(q.draft, order);
        const elapsed = Math.round((12 + 40 * unit(`time:${attemptId}:${seq}`)) * 1000);
        clock += elapsed;
        const right = unit(`right:${attemptId}:${seq}`) < skill;
        if (right) {
          score += 10;
          correct += 1;
        }
        const given =
          q.draft.type === "single"
            ? { type: "single", choice: right ? Number(key) : (Number(key) + 1) % q.draft.options.length }
            : { type: "judge", value: right ? key === "true" : key !== "true" };
        const canonical = given.type === "single" ? String(given.choice) : String(given.value);
        rows.push(
          `INSERT OR IGNORE INTO attempt_questions (attempt_id, seq, question_id, version, type, points, partial_credit, option_order, answer_key) VALUES ('${attemptId}', ${seq}, '${id}', ${version(id)}, '${q.draft.type}', 10, 0, '${JSON.stringify(order)}', ${quote(key)});`,
          `INSERT OR IGNORE INTO attempt_answers (attempt_id, seq, response, given, credit, earned, elapsed_ms, answered_at) VALUES ('${attemptId}', ${seq}, ${quote(canonical)}, ${quote(JSON.stringify(given))}, ${right ? 1 : 0}, ${right ? 10 : 0}, ${elapsed}, ${clock});`,
        );
      });
      const finishedAt = clock + 20_000;
      const durationMs = finishedAt - startedAt;
      lines.push(
        insert("attempts", {
          id: attemptId,
          round_id: round.id,
          user_id: p.id,
          attempt_no: 1,
          status: "submitted",
          org_id: p.orgId,
          org_path: p.path,
          started_at: startedAt,
          deadline_at: startedAt + 15 * MINUTE,
          finished_at: finishedAt,
          question_count: 10,
          total_points: 100,
          score,
          correct_count: correct,
          duration_ms: durationMs,
          sequential: false,
          current_seq: 1,
          current_opened_at: startedAt,
          wrong_book_at: null,
        }),
        ...rows,
        insert("round_results", {
          round_id: round.id,
          user_id: p.id,
          attempt_id: attemptId,
          org_id: p.orgId,
          org_path: p.path,
          score,
          correct_count: correct,
          duration_ms: durationMs,
          finished_at: finishedAt,
        }),
      );
      results.push({ p, attemptId, startedAt, finishedAt, score, correct, durationMs });
    }
    results.sort((a, b) => b.score - a.score || a.durationMs - b.durationMs || a.finishedAt - b.finishedAt);
    creditRound(year, `${CONTEST.title} · ${round.name}`, round.id, `${round.seq}`, results, ledger);
    // The top half goes on to the final.
    qualified = results.slice(0, Math.ceil(results.length / 2)).map((r) => r.p);
    if (!qualified.some((p) => p.id === DEMO_COMPLETE_MEMBER)) qualified.push(personOf(DEMO_COMPLETE_MEMBER));
  }
  return lines;
}

/** The ledger rows a closed round gives (as points.repo credits them): one for taking part, one per place within the top N. */
function creditRound(
  year: number,
  title: string,
  roundId: string,
  tag: string,
  ranked: Pick<Result, "p" | "finishedAt">[],
  ledger: Ledger[],
) {
  ranked.forEach((r, i) => {
    if (yearOf(r.finishedAt) !== year) return;
    const rules = rulesAt(r.p.orgId, r.finishedAt, year);
    const base = {
      user_id: r.p.id,
      org_id: r.p.orgId,
      year,
      hours_tenths: 0,
      note: null,
      occurred_at: r.finishedAt,
      created_by: null,
      created_at: r.finishedAt,
      reversed_at: null,
      reversed_by: null,
      reversal_reason: null,
    };
    ledger.push({
      ...base,
      id: `demoplledcon${tag}${r.p.id.slice(-3)}`,
      source: "contest",
      source_key: roundId,
      points: rules.contest,
      title,
    });
    const place = i + 1;
    if (place <= rules.placementTopN && rules.placementPoints > 0)
      ledger.push({
        ...base,
        id: `demoplledpla${tag}${r.p.id.slice(-3)}`,
        source: "placement",
        source_key: roundId,
        points: rules.placementPoints,
        title: `${title} · 第 ${place} 名`,
      });
  });
}

/** The Q3 contest of seed-contests.ts, when it falls in this year: everyone who took it, and its top three, credited. */
function q3Credits(year: number, at: number, contestSql: string, ledger: Ledger[]): string[] {
  const statements = contestSql.split("\n");
  const round = rowsOf(statements, "contest_rounds").find((r) => r.id === Q3_ROUND);
  if (!round) return [];
  const contest = rowsOf(statements, "contests").find((c) => c.id === round.contest_id);
  const results = rowsOf(statements, "round_results")
    .filter((r) => r.round_id === Q3_ROUND)
    .map((r) => ({
      p: PEOPLE.find((p) => p.id === r.user_id),
      score: r.score as number,
      durationMs: r.duration_ms as number,
      finishedAt: r.finished_at as number,
    }))
    .filter((r): r is { p: Person; score: number; durationMs: number; finishedAt: number } => r.p !== undefined)
    .sort((a, b) => b.score - a.score || a.durationMs - b.durationMs || a.finishedAt - b.finishedAt);
  // Only a round already over in this year (seed-contests.ts dates it; on another year's demo it is not this year's).
  if (results.length === 0 || yearOf(round.closes_at as number) !== year || (round.closes_at as number) >= at) return [];
  creditRound(year, `${contest?.title ?? ""} · ${round.name as string}`, Q3_ROUND, "q3", results, ledger);
  // The places are credited here; the app's sweep must not credit them again.
  return [
    `UPDATE contest_rounds SET placements_credited_at = ${(round.closes_at as number) + MINUTE} WHERE id = '${Q3_ROUND}' AND placements_credited_at IS NULL;`,
  ];
}

/** The plan demo's statements, one per entry (a module body's line breaks stay inside its quoted text). */
export function demoPlanStatements(at: number, sources: DemoPlanSources): string[] {
  return demoPlanModel(at, sources).statements;
}

/** For seedDemo: after the people, the shipped banks, the contests and the courses. */
export function demoPlanSql(at = Date.now()): string {
  const { questions } = readShippedBanks();
  return `${demoPlanStatements(at, { questions, contestSql: demoContestSql(at) }).join("\n")}\n`;
}

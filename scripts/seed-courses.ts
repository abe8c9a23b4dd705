/**
 * Demo courses, for local development only: modules of every kind (a 党课 on the Party Constitution,
 * a 车间党课 on safe production, a 微宣讲 of the city committee for the alliance, 夜校 skills and
 * interest classes, self-paced theory study with and without a quiz, one module waiting for review
 * and one draft), sessions around now (open for enrollment, one nearly full, one full with a
 * waitlist, one happening now whose check-in QR can be tried, past ones with attendance and
 * feedback) and module completions, with the ledger entries the app would have written for them.
 *
 * Written after the demo people and the shipped banks are loaded (the quiz draws from the shipped
 * Party-basics bank). Times are relative to `at`, so a fresh `npm start` always has a session
 * happening now; every statement is INSERT OR IGNORE on fixed ids, so a second start changes
 * nothing (the session stays at the time of the first start: remove .wrangler/state for a new one).
 */
import { createHash } from "node:crypto";
import { renderMarkdown } from "../worker/features/courses/markdown.ts";
import { yearOf } from "../worker/features/ledger/ledger.service.ts";
import { DEFAULT_RULES } from "../worker/features/plans/points.repo.ts";
import { shippedBankId } from "./bank-sql.ts";
import { insert, unit } from "./seed-sql.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BEIJING_OFFSET = 8 * HOUR;

/** `days` days after the Beijing calendar day of `at`, at hh:mm Beijing time, as UTC ms. */
function beijingDay(at: number, days: number, hh: number, mm = 0): number {
  const midnight = Math.floor((at + BEIJING_OFFSET) / DAY) * DAY - BEIJING_OFFSET;
  return midnight + days * DAY + (hh * 60 + mm) * MINUTE;
}

/** 00:00 on 1 January of `at`'s year in Beijing: what must stay "this year" is never before it. */
const startOfYear = (at: number) => Date.UTC(yearOf(at), 0, 1) - BEIJING_OFFSET;

/** The key of a session's rotating check-in code: fixed per session, so the demo is reproducible (it only keys codes locally). */
export const demoCheckinSecret = (sessionId: string) => createHash("sha256").update(`lianxue-demo-checkin:${sessionId}`).digest("hex");

// ——— people (see seed-demo.ts) ———

const ORGANIZER = "demouser13800000001"; // 陈建华, organizer of the company committee
const LECTURER = "demouser13800000002"; // 刘晓燕, lecturer of the company committee
const CITY_ORGANIZER = "demouser13800000003"; // 周明远, organizer of the city organs' committee
const COMPANY = "demoenterprisecommittee";
const CITY = "democityworkcommittee01";
const MANUFACTURING = "demomanufacturinggbranch";
const CELL_WORKSHOP = "democellworkshopbranch1";
const ALLIANCE = "demoalliancecityenterprise";

/** The org each demo member i = 0…29 (phone 138000001xx) is a member of: seed-demo.ts's memberOrgs[i % 7]. */
const MEMBER_ORGS = [
  "democellshiftagroup0001",
  "democellshiftbgroup0001",
  "demomoduleworkshopbrch1",
  "demorndcenterbranch0001",
  "demofunctionaldeptbrch1",
  "democityorgdeptbranch01",
  "democitydevreformbranch",
] as const;

type Member = { i: number; id: string; orgId: string };

const MEMBERS: Member[] = Array.from({ length: 30 }, (_, i) => ({
  i,
  id: `demouser138000001${String(i).padStart(2, "0")}`,
  orgId: MEMBER_ORGS[i % 7] as string,
}));

/** 13800000100: the member to log in as to see the member's side (enrollments, a place on a waitlist, hours this year). */
export const DEMO_MEMBER = "demouser13800000100";

const company = MEMBERS.filter((m) => m.i % 7 < 5);
const manufacturing = MEMBERS.filter((m) => m.i % 7 < 3);
const city = MEMBERS.filter((m) => m.i % 7 >= 5);

/** `count` of `pool` in a fixed shuffled order, with `include` first and without `exclude`. */
function pick(pool: Member[], salt: string, count: number, options: { include?: string[]; exclude?: string[] } = {}): Member[] {
  const include = options.include ?? [];
  const exclude = new Set([...(options.exclude ?? []), ...include]);
  const rest = pool.filter((m) => !exclude.has(m.id)).sort((a, b) => unit(`${salt}:${a.id}`) - unit(`${salt}:${b.id}`));
  const first = include.map((id) => pool.find((m) => m.id === id)).filter((m): m is Member => m !== undefined);
  return [...first, ...rest].slice(0, count);
}

// ——— modules ———

type ModuleSpec = {
  id: string;
  orgId: string;
  ownerId: string;
  status: "published" | "submitted" | "draft";
  /** Days before `at` the module was written; submitted a day later, published (by `reviewer`) two days later. */
  writtenDaysAgo: number;
  reviewer?: string;
  title: string;
  summary: string;
  bodyMd: string;
  durationMin: number;
  hoursTenths: number;
  tags: string[];
  audience: ["org" | "alliance" | "all", string][];
  selfPaced?: boolean;
  quiz?: { bankId: string; count: number; passPct: number };
  mediaUrl?: string;
};

const CONSTITUTION = "demomodpartyconstitution";
const SAFETY = "demomodsafetyvanguard";
const PLENUM = "demomodplenumbriefing";
const BATTERY = "demomodbatterymoduleasm";
const COFFEE = "demomodcoffeeinterest";
const THEORY = "demomodtheoryselfstudy";
const ZUNYI = "demomodzunyihistory";
const RESEARCH = "demomodrndvanguard";
const FIRE = "demomodfiresafetydraft";

const MODULES: ModuleSpec[] = [
  {
    id: CONSTITUTION,
    orgId: COMPANY,
    ownerId: LECTURER,
    status: "published",
    writtenDaysAgo: 40,
    reviewer: ORGANIZER,
    title: "学党章 守党规 做合格党员——《中国共产党章程》专题党课",
    summary: "逐章梳理党章的总纲、党员的义务和权利、党的组织生活要求，结合车间和科室里的身边事，谈怎样把党章要求落到日常工作中。",
    durationMin: 90,
    hoursTenths: 20,
    tags: ["党课"],
    audience: [["org", COMPANY]],
    bodyMd: `## 一、为什么要经常学党章

党章是党的根本大法，是全党必须共同遵守的根本行为规范。入党时我们面对党旗宣誓“拥护党的纲领，遵守党的章程”，学党章不是入党前的一次性任务，而是每一名党员终身的必修课。党的二十大对党章作了部分修改，把党的理论创新、实践创新、制度创新的重要成果写进了党章，更需要我们重新读、逐条学。

## 二、读懂总纲：我们是一个什么样的党

总纲开宗明义：**中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队，是中国特色社会主义事业的领导核心**。党的最高理想和最终目标是实现共产主义；党的根本宗旨是全心全意为人民服务。

学总纲，重点把握三点：

1. 党的性质决定了党员必须站在先进的位置上，在生产一线也要走在前、作表率；
2. 党的宗旨落到企业，就是把职工群众的安全、健康和成长放在心上；
3. 党的基本路线要求我们立足岗位推动高质量发展，把本职工作干到最好。

## 三、党员的义务和权利

党章第一章第三条规定了党员必须履行的八项义务，第四条规定了党员享有的八项权利。义务包括：认真学习党的理论和路线方针政策，学习科学、文化、法律和业务知识；在生产、工作、学习和社会生活中起先锋模范作用；坚持党和人民的利益高于一切；自觉遵守党的纪律；维护党的团结和统一；切实开展批评和自我批评；密切联系群众；发扬社会主义新风尚。

权利和义务是统一的。参加党的有关会议、阅读党的有关文件、接受党的教育和培训，在党的会议上参加讨论、提出意见和建议，这些权利要用好，也要用对地方。

## 四、严格党的组织生活

党章规定，每个党员不论职务高低，都必须编入党的一个支部、小组或其他特定组织，参加党的组织生活。党章第九条还规定：党员没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。

“三会一课”——支部党员大会、支部委员会、党小组会和党课——是组织生活的基本形式。倒班的同志可以按班组参加党小组会，错过的要及时补学。

## 五、课后讨论

- 对照八项义务，我在本岗位上做得好的是哪一条，还有差距的是哪一条？
- 本班组有哪些事情，需要党员站出来带个头？`,
  },
  {
    id: SAFETY,
    orgId: COMPANY,
    ownerId: LECTURER,
    status: "published",
    writtenDaysAgo: 30,
    reviewer: ORGANIZER,
    title: "安全生产责任重于泰山——争当安全生产党员先锋岗",
    summary: "结合电芯、模组车间的主要风险点，讲清党员在安全生产中的责任，明确党员先锋岗“亮身份、当表率、查隐患、传帮带”的具体要求。",
    durationMin: 60,
    hoursTenths: 10,
    tags: ["车间党课", "党课"],
    audience: [["org", MANUFACTURING]],
    bodyMd: `## 一、安全是最大的效益

安全生产法确定了“安全第一、预防为主、综合治理”的方针，提出“管行业必须管安全、管业务必须管安全、管生产经营必须管安全”。对车间来说，安全不是哪一个部门的事，是每一道工序、每一个班次、每一名员工的事。党员是车间的骨干，安全上更要先想一步、多看一眼。

## 二、我们车间的主要风险点

- **电解液**：易燃、有刺激性。注液和拆解时按规定佩戴防护用品，少量泄漏用专用吸附材料处理，废液不得倒入下水。
- **机械伤害**：辊压、分切、叠片设备运行中严禁伸手清理和调整；检修必须停机断电，执行挂牌上锁。
- **热失控**：化成分容和老化工序发现电芯鼓包、发热、冒烟，立即按应急预案隔离，第一时间报告，不要自行搬动。
- **粉尘与静电**：极片粉尘及时清理，防静电服和手环按要求穿戴、每班点检。

## 三、党员先锋岗怎么当

1. **亮身份**：工位挂党员先锋岗牌，上岗佩戴党员徽章，让身边的同事知道遇到问题可以找谁。
2. **当表率**：带头执行操作规程，不违章指挥、不违章作业、不违反劳动纪律。
3. **查隐患**：每班开工前对本岗位做一次安全检查；每名党员每月至少提出一条隐患整改或改善建议。
4. **传帮带**：每名党员结对一至两名新员工，把安全操作要领手把手教会。

## 四、本月重点

本月起各党小组开展“安全隐患随手拍”，发现的问题在班前会上通报、限期整改、闭环销号。整改成效好的建议，在支部党员大会上通报表扬。`,
  },
  {
    id: PLENUM,
    orgId: CITY,
    ownerId: CITY_ORGANIZER,
    status: "published",
    writtenDaysAgo: 20,
    reviewer: CITY_ORGANIZER,
    title: "微宣讲：学习贯彻党的二十届四中全会精神",
    summary: "20 分钟讲清全会审议通过的“十五五”规划建议的重大意义，结合机关和企业的岗位实际谈怎么学、怎么干。",
    durationMin: 20,
    hoursTenths: 5,
    tags: ["微宣讲", "理论学习"],
    audience: [["alliance", ALLIANCE]],
    bodyMd: `## 一、全会开了什么

党的二十届四中全会于 2025 年 10 月在北京召开，审议通过了《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》。“十五五”时期是基本实现社会主义现代化夯实基础、全面发力的关键时期，在基本实现社会主义现代化进程中具有承前启后的重要地位。

## 二、怎么理解

学习全会精神，要把握几个关键词：

- **高质量发展**：发展仍是第一要务，但比的不再是速度和规模，而是质量和效益；
- **科技自立自强**：科技创新和产业创新深度融合，因地制宜发展新质生产力；
- **改革开放**：以改革激发活力，以高水平对外开放拓展空间；
- **民生为本**：在发展中保障和改善民生，让发展成果更多更公平惠及全体人民；
- **统筹发展和安全**：以新安全格局保障新发展格局。

## 三、结合岗位怎么干

机关党员要把全会精神落到改进作风、优化服务上，少一些层层发文，多一些走进企业、解决问题。

企业党员要把全会精神落到创新和生产一线：新能源产业是发展新质生产力的重要领域，研发中心瞄准关键技术攻关，生产车间抓好质量、降本和安全，每个岗位都能为高质量发展出一份力。

## 四、课后思考

“十五五”已经开局。回头看看，本部门、本岗位有哪一件事，是可以按照高质量发展的要求做得更好的？`,
  },
  {
    id: BATTERY,
    orgId: COMPANY,
    ownerId: LECTURER,
    status: "published",
    writtenDaysAgo: 45,
    reviewer: ORGANIZER,
    title: "职工夜校：电池模组装配工艺与质量控制",
    summary: "从电芯来料到下线测试，讲解动力电池模组装配的主要工序、关键参数和质量控制点，配合现场实物讲解。",
    durationMin: 120,
    hoursTenths: 20,
    tags: ["夜校", "技能"],
    audience: [["org", COMPANY]],
    bodyMd: `## 一、模组由什么组成

一个电池模组主要由电芯、汇流排（铝排或铜排）、端板和侧板、绝缘件、采样线束和热管理部件组成。模组的质量，一半取决于电芯一致性，另一半取决于装配工艺。

## 二、装配主要工序

1. **电芯来料检验与分选**：测量开路电压（OCV）和交流内阻，按档位分选，同一模组内电芯的电压差、内阻差控制在工艺规定范围内。
2. **清洁与绝缘**：等离子或擦拭清洁电芯表面，粘贴绝缘片、涂覆结构胶，注意胶量和固化时间。
3. **堆叠与挤压**：按规定方向堆叠，施加规定的挤压力，控制模组长度。
4. **端板侧板焊接或捆扎**：保证结构强度，焊缝不得有裂纹、气孔。
5. **汇流排激光焊接**：焊前确认极柱清洁、贴合，焊后做拉力抽检和外观检查。
6. **采样线束安装**：电压、温度采样点一一对应，防止错接和虚接。
7. **下线测试（EOL）**：绝缘耐压、模组电压和内阻、采样一致性测试，全部合格才能下线。

## 三、质量控制要点

- 首件检验：每班开班、换型、设备维修后都要做首件确认；
- 关键参数：焊接功率、挤压力、胶量要按工艺卡设定，不得随意更改；
- 可追溯：扫码绑定电芯和模组条码，出问题能追到批次和工位。

## 四、课后练习

结合本班组最近一个月的不良品记录，找出出现最多的一类问题，分析是哪道工序、哪个参数导致的，下次课交流。`,
  },
  {
    id: COFFEE,
    orgId: COMPANY,
    ownerId: ORGANIZER,
    status: "published",
    writtenDaysAgo: 15,
    reviewer: ORGANIZER,
    title: "职工夜校兴趣班：咖啡制作入门",
    summary: "公司工会和党委联合开设的兴趣课：认识咖啡豆，学会手冲和意式浓缩，现场练习奶泡和简单拉花。材料由员工之家提供。",
    durationMin: 90,
    hoursTenths: 10,
    tags: ["夜校", "兴趣"],
    audience: [["org", COMPANY]],
    bodyMd: `## 一、认识咖啡豆

咖啡的风味先由产地和处理法决定，再由烘焙度决定。浅烘焙酸质明亮、花果香突出，深烘焙苦感和焦糖感更重。咖啡豆最好在烘焙后两到四周内喝完，开封后密封避光保存。

## 二、手冲咖啡

- **粉水比**：常用 1:15 左右，例如 15 克咖啡粉配 225 毫升水；
- **研磨度**：接近白砂糖颗粒粗细；
- **水温**：90–94℃；
- **手法**：先用少量热水闷蒸约 30 秒，再分两到三次缓慢注水，总时间控制在 2 分到 2 分 30 秒。

## 三、意式浓缩与牛奶咖啡

一份双份浓缩大约用 18 克粉，萃取出 36 克左右的咖啡液，时间 25–30 秒。打奶泡时把蒸汽棒浸入牛奶表面下方，先进气、后旋转，牛奶加热到 55–65℃ 即可，过热会失去甜感。

## 四、现场练习

每人完成一杯手冲和一杯拿铁，尝试拉一个心形。名额有限，报满后可以排队候补，有人取消时按顺序递补。`,
  },
  {
    id: THEORY,
    orgId: COMPANY,
    ownerId: ORGANIZER,
    status: "published",
    writtenDaysAgo: 60,
    reviewer: ORGANIZER,
    title: "理论自学：党章与党的基本知识",
    summary: "自学党章和党的基本知识，学完后参加测验：从“党章与党的基本知识”题库随机抽 10 题，正确率达到 80% 即完成本课，计 1 学时。",
    durationMin: 30,
    hoursTenths: 10,
    tags: ["理论学习"],
    audience: [["alliance", ALLIANCE]],
    selfPaced: true,
    quiz: { bankId: shippedBankId("party-basics"), count: 10, passPct: 80 },
    bodyMd: `## 自学提纲

### 1. 党的性质和宗旨

中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队。党的根本宗旨是全心全意为人民服务。

### 2. 党的组织原则

党是根据自己的纲领和章程，按照民主集中制组织起来的统一整体。民主集中制是民主基础上的集中和集中指导下的民主相结合，个人服从党的组织，少数服从多数，下级组织服从上级组织，全党各个组织和全体党员服从党的全国代表大会和中央委员会。

### 3. 党的纪律

党的纪律主要包括政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律。严明政治纪律和政治规矩是第一位的。

### 4. 党的组织生活

“三会一课”、组织生活会、民主评议党员、谈心谈话、主题党日，是党的组织生活的基本制度。党员应按期交纳党费。

## 怎样完成

读完以上内容后点“开始测验”。测验从题库随机抽题，每次题目不同；没有通过可以再测，通过即记为完成，学时自动记入本年度学习档案。`,
  },
  {
    id: ZUNYI,
    orgId: COMPANY,
    ownerId: LECTURER,
    status: "published",
    writtenDaysAgo: 50,
    reviewer: ORGANIZER,
    title: "党史自学：遵义会议——伟大的历史转折",
    summary: "阅读材料，回顾遵义会议召开的背景、主要内容和历史意义。读完后点“学完了”即可记学时。",
    durationMin: 25,
    hoursTenths: 5,
    tags: ["理论学习", "党史"],
    audience: [["org", COMPANY]],
    selfPaced: true,
    bodyMd: `## 背景

1934 年 10 月，由于第五次反“围剿”失利，中央红军被迫实行战略转移，开始长征。湘江战役中红军遭受重大损失，红军人数从出发时的八万多人锐减到三万余人。事实教育了广大干部战士，改变错误领导的要求越来越强烈。

## 会议

1935 年 1 月，中共中央政治局在贵州遵义召开扩大会议，集中解决当时具有决定意义的军事问题和组织问题，批评了博古、李德在军事指挥上的错误，肯定了毛泽东等同志的正确主张。会议增选毛泽东为中央政治局常委，事实上确立了毛泽东在党中央和红军的领导地位。

## 意义

遵义会议在极其危急的情况下挽救了党，挽救了红军，挽救了中国革命，成为党的历史上一个生死攸关的转折点。这次会议标志着中国共产党在政治上开始走向成熟，开始独立自主地运用马克思主义基本原理解决中国革命的实际问题。

会后，红军四渡赤水、巧渡金沙江，摆脱了几十万敌军的围追堵截。

## 思考

遵义会议的经验告诉我们，实事求是、独立自主是我们党的宝贵经验。在自己的工作中，遇到“照搬照抄”行不通的时候，你是怎么做的？`,
  },
  {
    id: RESEARCH,
    orgId: COMPANY,
    ownerId: LECTURER,
    status: "submitted",
    writtenDaysAgo: 3,
    title: "党员在技术攻关中当先锋——研发中心“揭榜挂帅”经验谈",
    summary: "研发中心党支部组织党员揭榜攻关快充电芯析锂难题的经过和体会：怎样把支部建在项目上，党员怎样在难题面前带头。",
    durationMin: 45,
    hoursTenths: 10,
    tags: ["党课"],
    audience: [["org", COMPANY]],
    bodyMd: `## 一、为什么“揭榜挂帅”

快充电芯在低温下容易析锂，是影响产品寿命和安全的老大难问题。公司把它列为年度攻关课题，研发中心党支部组织党员带头揭榜。

## 二、我们是怎么做的

1. **支部建在项目上**：攻关团队成立临时党小组，党员担任各子课题负责人；
2. **每周一次攻关例会**：问题清单化、责任到人、限时销号；
3. **党员带头上夜班**：样品测试排到深夜时，党员先上。

## 三、几点体会

技术攻关靠的是专业，但团队能不能拧成一股绳，靠的是组织。把党的组织优势转化为创新优势，关键是让党员在最难的地方亮出来。`,
  },
  {
    id: FIRE,
    orgId: COMPANY,
    ownerId: LECTURER,
    status: "draft",
    writtenDaysAgo: 1,
    title: "车间党课：锂电池仓储与运输消防安全（草稿）",
    summary: "成品和半成品电池在仓储、转运中的火灾风险和应急处置。",
    durationMin: 45,
    hoursTenths: 10,
    tags: ["车间党课"],
    audience: [["org", MANUFACTURING]],
    bodyMd: `## 提纲（待完善）

- 仓储：荷电状态、堆放高度、与热源的距离
- 转运：防跌落、防挤压、防短路
- 应急：发现冒烟怎么办，灭火器和消防沙的使用

（案例和图片待补充）`,
  },
];

// ——— sessions ———

type Attendance = {
  member: Member;
  at: number;
  method: "qr" | "code" | "organizer";
  walkIn: boolean;
  reversed?: { by: string; reason: string };
};

type SessionSpec = {
  id: string;
  moduleId: string;
  lecturerId: string;
  kind: "offline" | "online";
  place?: string;
  link?: string;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  enrollOpensAt: number;
  enrollClosesAt: number;
  walkIns: boolean;
  requiredOrgs?: string[];
  enrolled: Member[];
  waitlisted?: Member[];
  attended?: Attendance[];
  feedback?: { member: Member; rating: number; comment: string }[];
  createdBy: string;
};

export const DEMO_SESSION_NOW = "demosesssafetynow0001";

const COMMENTS = [
  "讲得很实在，联系了我们车间的实际，听得进去。",
  "条理清楚，讨论环节很好，希望多安排几次。",
  "案例讲得生动，有收获。",
  "内容很有用，建议课件会后发到群里方便复习。",
  "时间安排合理，下班后参加也不累。",
  "",
  "老师准备得很充分，互动多。",
  "希望下次能多讲一些具体操作。",
];

/** Check-ins around the start: a few minutes early to a few minutes late, by scanning mostly, some typing the code. */
function checkIns(members: Member[], sessionId: string, startsAt: number, walkIns: Member[] = []): Attendance[] {
  return [...members.map((m) => ({ m, walkIn: false })), ...walkIns.map((m) => ({ m, walkIn: true }))].map(({ m, walkIn }) => ({
    member: m,
    at: startsAt - 15 * MINUTE + Math.floor(unit(`checkin:${sessionId}:${m.id}`) * 20 * MINUTE),
    method: unit(`method:${sessionId}:${m.id}`) < 0.8 ? "qr" : "code",
    walkIn,
  }));
}

function feedbackOf(attendees: Attendance[], sessionId: string, count: number) {
  return attendees
    .filter((a) => !a.reversed)
    .slice(0, count)
    .map((a, k) => ({
      member: a.member,
      rating: unit(`rating:${sessionId}:${a.member.id}`) < 0.7 ? 5 : 4,
      comment: COMMENTS[(k + Math.floor(unit(sessionId) * COMMENTS.length)) % COMMENTS.length] as string,
    }));
}

function sessions(at: number): SessionSpec[] {
  const list: SessionSpec[] = [];

  // 党章党课: given 18 days ago (one check-in later found to be signed in by a colleague, reversed), and again in 6 days, nearly full.
  {
    const id = "demosessconstitution01";
    const startsAt = beijingDay(at, -18, 14, 30);
    const enrolled = pick(company, id, 16, { include: [DEMO_MEMBER] });
    const walkIn = pick(company, `${id}:walkin`, 1, { exclude: enrolled.map((m) => m.id) });
    const attended = checkIns(enrolled.slice(0, 14), id, startsAt, walkIn);
    const last = attended[13];
    if (last) last.reversed = { by: ORGANIZER, reason: "经核实为他人代签，本人当天请假未到场" };
    list.push({
      id,
      moduleId: CONSTITUTION,
      lecturerId: LECTURER,
      kind: "offline",
      place: "公司党群活动中心一楼报告厅",
      startsAt,
      endsAt: startsAt + 90 * MINUTE,
      capacity: 60,
      enrollOpensAt: beijingDay(at, -25, 9),
      enrollClosesAt: startsAt,
      walkIns: true,
      enrolled,
      attended,
      feedback: feedbackOf(attended, id, 9),
      createdBy: LECTURER,
    });
  }
  {
    const id = "demosessconstitution02";
    const startsAt = beijingDay(at, 6, 14, 30);
    list.push({
      id,
      moduleId: CONSTITUTION,
      lecturerId: LECTURER,
      kind: "offline",
      place: "公司党群活动中心二楼会议室",
      startsAt,
      endsAt: startsAt + 90 * MINUTE,
      capacity: 20,
      enrollOpensAt: beijingDay(at, -2, 9),
      enrollClosesAt: startsAt - 2 * HOUR,
      walkIns: false,
      enrolled: pick(company, id, 18, { exclude: [DEMO_MEMBER] }),
      createdBy: LECTURER,
    });
  }

  // 车间党课: given 9 days ago at the morning shift meeting, and happening now (the check-in QR can be tried as 13800000100).
  {
    const id = "demosesssafetypast001";
    const startsAt = beijingDay(at, -9, 8);
    const enrolled = pick(manufacturing, id, 12, { include: [DEMO_MEMBER] });
    const walkIn = pick(manufacturing, `${id}:walkin`, 1, { exclude: enrolled.map((m) => m.id) });
    const attended = checkIns(enrolled.slice(0, 11), id, startsAt, walkIn);
    list.push({
      id,
      moduleId: SAFETY,
      lecturerId: LECTURER,
      kind: "offline",
      place: "电芯车间二楼会议室",
      startsAt,
      endsAt: startsAt + HOUR,
      capacity: 30,
      enrollOpensAt: beijingDay(at, -14, 9),
      enrollClosesAt: startsAt,
      walkIns: true,
      requiredOrgs: [CELL_WORKSHOP],
      enrolled,
      attended,
      feedback: feedbackOf(attended, id, 6),
      createdBy: LECTURER,
    });
  }
  {
    const id = DEMO_SESSION_NOW;
    const startsAt = at - 10 * MINUTE;
    const enrolled = pick(manufacturing, id, 12, { include: [DEMO_MEMBER] });
    // Seven are already in (checked in since the window opened half an hour before the start); 13800000100 is not yet.
    const attended: Attendance[] = enrolled.slice(1, 8).map((m, k) => ({
      member: m,
      at: at - 20 * MINUTE + k * 2 * MINUTE + Math.floor(unit(`now:${m.id}`) * 60_000),
      method: k === 3 ? "code" : "qr",
      walkIn: false,
    }));
    list.push({
      id,
      moduleId: SAFETY,
      lecturerId: LECTURER,
      kind: "offline",
      place: "模组车间党员活动室",
      startsAt,
      endsAt: at + 80 * MINUTE,
      capacity: 30,
      enrollOpensAt: beijingDay(at, -3, 9),
      enrollClosesAt: startsAt,
      walkIns: true,
      requiredOrgs: [CELL_WORKSHOP],
      enrolled,
      attended,
      createdBy: LECTURER,
    });
  }

  // 微宣讲 of the city committee for the alliance, online: given 5 days ago, and again in 3 days.
  {
    const id = "demosessplenumonline01";
    const startsAt = beijingDay(at, -5, 19, 30);
    const enrolled = [...pick(city, id, 6), ...pick(company, id, 4, { exclude: [DEMO_MEMBER] })];
    const walkIns = pick(company, `${id}:walkin`, 2, { exclude: [...enrolled.map((m) => m.id), DEMO_MEMBER] });
    const attended = checkIns(enrolled.slice(0, 9), id, startsAt, walkIns).map((a) => ({ ...a, method: "code" as const }));
    list.push({
      id,
      moduleId: PLENUM,
      lecturerId: CITY_ORGANIZER,
      kind: "online",
      link: "https://meeting.example.com/j/20251020",
      startsAt,
      endsAt: startsAt + 30 * MINUTE,
      capacity: null,
      enrollOpensAt: beijingDay(at, -10, 9),
      enrollClosesAt: startsAt,
      walkIns: true,
      enrolled,
      attended,
      feedback: feedbackOf(attended, id, 5),
      createdBy: CITY_ORGANIZER,
    });
  }
  {
    const id = "demosessplenumonline02";
    const startsAt = beijingDay(at, 3, 19, 30);
    list.push({
      id,
      moduleId: PLENUM,
      lecturerId: CITY_ORGANIZER,
      kind: "online",
      link: "https://meeting.example.com/j/20251023",
      startsAt,
      endsAt: startsAt + 30 * MINUTE,
      capacity: null,
      enrollOpensAt: beijingDay(at, -1, 9),
      enrollClosesAt: startsAt,
      walkIns: true,
      enrolled: [...pick(city, id, 5), ...pick(company, id, 4, { include: [DEMO_MEMBER] })],
      createdBy: CITY_ORGANIZER,
    });
  }

  // 夜校 skills class: given 25 days ago, and again in 9 days with seats left.
  {
    const id = "demosessbatterynight01";
    const startsAt = beijingDay(at, -25, 19);
    const enrolled = pick(company, id, 14, { include: [DEMO_MEMBER] });
    const attended = checkIns(enrolled.slice(0, 12), id, startsAt);
    list.push({
      id,
      moduleId: BATTERY,
      lecturerId: LECTURER,
      kind: "offline",
      place: "模组车间培训教室",
      startsAt,
      endsAt: startsAt + 2 * HOUR,
      capacity: 30,
      enrollOpensAt: beijingDay(at, -35, 9),
      enrollClosesAt: startsAt - HOUR,
      walkIns: false,
      enrolled,
      attended,
      feedback: feedbackOf(attended, id, 6),
      createdBy: LECTURER,
    });
  }
  {
    const id = "demosessbatterynight02";
    const startsAt = beijingDay(at, 9, 19);
    list.push({
      id,
      moduleId: BATTERY,
      lecturerId: LECTURER,
      kind: "offline",
      place: "模组车间培训教室",
      startsAt,
      endsAt: startsAt + 2 * HOUR,
      capacity: 30,
      enrollOpensAt: beijingDay(at, -4, 9),
      enrollClosesAt: startsAt - HOUR,
      walkIns: false,
      enrolled: pick(company, id, 11, { include: [DEMO_MEMBER] }),
      createdBy: LECTURER,
    });
  }

  // 夜校 interest class in 4 days: full, three waiting (13800000100 second in the queue).
  {
    const id = "demosesscoffeeclass001";
    const startsAt = beijingDay(at, 4, 19);
    const enrolled = pick(company, id, 12, { exclude: [DEMO_MEMBER] });
    const others = pick(company, `${id}:queue`, 2, { exclude: [...enrolled.map((m) => m.id), DEMO_MEMBER] });
    const me = company.find((m) => m.id === DEMO_MEMBER) as Member;
    list.push({
      id,
      moduleId: COFFEE,
      lecturerId: ORGANIZER,
      kind: "offline",
      place: "员工之家咖啡吧",
      startsAt,
      endsAt: startsAt + 90 * MINUTE,
      capacity: 12,
      enrollOpensAt: beijingDay(at, -3, 12),
      enrollClosesAt: startsAt - 2 * HOUR,
      walkIns: false,
      enrolled,
      waitlisted: [others[0] as Member, me, others[1] as Member],
      createdBy: ORGANIZER,
    });
  }
  return list;
}

// ——— SQL ———

function titleOf(moduleId: string): string {
  return (MODULES.find((m) => m.id === moduleId) as ModuleSpec).title;
}

function hoursOf(moduleId: string): number {
  return (MODULES.find((m) => m.id === moduleId) as ModuleSpec).hoursTenths;
}

/** The demo's course statements, one per entry (a body's line breaks stay inside its quoted text). */
export function demoCourseStatements(at = Date.now()): string[] {
  const lines: string[] = [];

  for (const m of MODULES) {
    const versionId = `${m.id}v1`;
    const writtenAt = beijingDay(at, -m.writtenDaysAgo, 10);
    const submittedAt = m.status === "draft" ? null : m.status === "submitted" ? at - 20 * HOUR : writtenAt + DAY;
    const reviewedAt = m.status === "published" ? writtenAt + 2 * DAY : null;
    const updatedAt = reviewedAt ?? submittedAt ?? writtenAt;
    lines.push(
      insert("modules", {
        id: m.id,
        org_id: m.orgId,
        owner_id: m.ownerId,
        published_version_id: m.status === "published" ? versionId : null,
        draft_version_id: m.status === "published" ? null : versionId,
        archived_at: null,
        created_at: writtenAt,
        updated_at: updatedAt,
      }),
      insert("module_versions", {
        id: versionId,
        module_id: m.id,
        version: 1,
        status: m.status,
        title: m.title,
        summary: m.summary,
        body_md: m.bodyMd,
        body_html: renderMarkdown(m.bodyMd),
        media_kind: m.mediaUrl ? "link" : "none",
        media_url: m.mediaUrl ?? null,
        duration_min: m.durationMin,
        hours_tenths: m.hoursTenths,
        tags: JSON.stringify(m.tags),
        quiz_bank_id: m.quiz?.bankId ?? null,
        quiz_count: m.quiz?.count ?? null,
        quiz_pass_pct: m.quiz?.passPct ?? null,
        self_paced: m.selfPaced ?? false,
        created_by: m.ownerId,
        submitted_at: submittedAt,
        reviewed_by: m.status === "published" ? (m.reviewer ?? ORGANIZER) : null,
        reviewed_at: reviewedAt,
        review_note: null,
        created_at: writtenAt,
        updated_at: updatedAt,
      }),
      ...m.audience.map(([type, target]) => insert("module_audience", { module_id: m.id, target_type: type, target_id: target })),
    );
  }

  for (const s of sessions(at)) {
    const createdAt = Math.min(s.enrollOpensAt, at) - HOUR;
    const hours = hoursOf(s.moduleId);
    const title = titleOf(s.moduleId);
    lines.push(
      insert("course_sessions", {
        id: s.id,
        module_id: s.moduleId,
        org_id: (MODULES.find((m) => m.id === s.moduleId) as ModuleSpec).orgId,
        lecturer_id: s.lecturerId,
        kind: s.kind,
        status: "scheduled",
        place: s.place ?? null,
        link: s.link ?? null,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        capacity: s.capacity,
        enrolled_count: s.enrolled.length,
        waitlist_seq: s.waitlisted?.length ?? 0,
        enroll_opens_at: s.enrollOpensAt,
        enroll_closes_at: s.enrollClosesAt,
        cancel_closes_at: s.startsAt - 2 * HOUR,
        walk_ins: s.walkIns,
        checkin_secret: demoCheckinSecret(s.id),
        created_by: s.createdBy,
        created_at: createdAt,
        updated_at: createdAt,
      }),
      ...(s.requiredOrgs ?? []).map((org) => insert("session_required_orgs", { session_id: s.id, org_id: org })),
    );
    // Enrolled when the window opened, spread over its first day or two (never after now or the close).
    const enrolledAt = (m: Member, k: number) =>
      Math.min(at - MINUTE, s.enrollClosesAt, s.enrollOpensAt + k * 7 * MINUTE + Math.floor(unit(`enroll:${s.id}:${m.id}`) * 6 * MINUTE));
    s.enrolled.forEach((m, k) => {
      const when = enrolledAt(m, k);
      lines.push(
        insert("enrollments", {
          session_id: s.id,
          user_id: m.id,
          status: "enrolled",
          waitlist_pos: null,
          created_at: when,
          updated_at: when,
        }),
      );
    });
    (s.waitlisted ?? []).forEach((m, k) => {
      const when = enrolledAt(m, s.enrolled.length + k);
      lines.push(
        insert("enrollments", {
          session_id: s.id,
          user_id: m.id,
          status: "waitlisted",
          waitlist_pos: k + 1,
          created_at: when,
          updated_at: when,
        }),
      );
    });
    for (const a of s.attended ?? []) {
      const reversedAt = a.reversed ? s.endsAt + DAY : null;
      lines.push(
        insert("attendances", {
          session_id: s.id,
          user_id: a.member.id,
          method: a.method,
          checked_in_at: a.at,
          walk_in: a.walkIn,
          recorded_by: null,
          reason: null,
          reversed_at: reversedAt,
          reversed_by: a.reversed?.by ?? null,
          reversal_reason: a.reversed?.reason ?? null,
        }),
        // What checkIn writes in the same batch: the version's hours and the attendance points, for the year of the session.
        insert("ledger_entries", {
          id: `demoledatt${s.id.slice(8)}${a.member.id.slice(-3)}`,
          user_id: a.member.id,
          org_id: a.member.orgId,
          year: yearOf(s.startsAt),
          source: "attendance",
          source_key: s.id,
          hours_tenths: hours,
          points: DEFAULT_RULES.attendance,
          title,
          note: null,
          occurred_at: a.at,
          created_by: null,
          created_at: a.at,
          reversed_at: reversedAt,
          reversed_by: a.reversed?.by ?? null,
          reversal_reason: a.reversed?.reason ?? null,
        }),
      );
    }
    for (const f of s.feedback ?? []) {
      const when = s.endsAt + Math.floor(unit(`feedback:${s.id}:${f.member.id}`) * 20 * HOUR);
      lines.push(
        insert("session_feedback", {
          session_id: s.id,
          user_id: f.member.id,
          rating: f.rating,
          comment: f.comment,
          created_at: when,
          updated_at: when,
        }),
      );
    }
  }

  // Self-paced study: the quiz module passed by members of both committees, the Zunyi reading confirmed.
  // 13800000100 completed both this year (never before 1 January, whatever day the demo starts).
  const completions: { moduleId: string; members: Member[]; method: "quiz" | "confirm" }[] = [
    { moduleId: THEORY, members: [...pick(company, THEORY, 7, { include: [DEMO_MEMBER] }), ...pick(city, THEORY, 3)], method: "quiz" },
    { moduleId: ZUNYI, members: pick(company, ZUNYI, 8, { include: [DEMO_MEMBER] }), method: "confirm" },
  ];
  for (const c of completions) {
    const spec = MODULES.find((m) => m.id === c.moduleId) as ModuleSpec;
    for (const m of c.members) {
      const completedAt =
        m.id === DEMO_MEMBER
          ? Math.max(startOfYear(at), at - (c.method === "quiz" ? 3 : 6) * DAY)
          : at - Math.floor((2 + unit(`done:${c.moduleId}:${m.id}`) * 30) * DAY);
      const pass = spec.quiz?.passPct ?? 0;
      const score = c.method === "quiz" ? Math.max(pass, 100 - 10 * Math.floor(unit(`score:${m.id}`) * 3)) : null;
      lines.push(
        insert("module_completions", {
          module_id: c.moduleId,
          user_id: m.id,
          version_id: `${c.moduleId}v1`,
          method: c.method,
          quiz_score_pct: score,
          completed_at: completedAt,
        }),
        insert("ledger_entries", {
          id: `demoledcpl${c.moduleId.slice(7)}${m.id.slice(-3)}`,
          user_id: m.id,
          org_id: m.orgId,
          year: yearOf(completedAt),
          source: "completion",
          source_key: c.moduleId,
          hours_tenths: spec.hoursTenths,
          points: DEFAULT_RULES.completion,
          title: spec.title,
          note: null,
          occurred_at: completedAt,
          created_by: m.id,
          created_at: completedAt,
          reversed_at: null,
          reversed_by: null,
          reversal_reason: null,
        }),
      );
    }
  }
  return lines;
}

export function demoCourseSql(at = Date.now()): string {
  return `${demoCourseStatements(at).join("\n")}\n`;
}

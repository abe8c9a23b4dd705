import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type {
  Attempt,
  AttemptQuestion,
  BankList,
  ContestResponse,
  PracticeResponse,
  QuestionDraft,
  QuestionPage,
} from "../../worker/shared/api";
import { DEMO_PASSWORD, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();

const ORGANIZER = "13800000001";
/** The city organs' organizer: his committee owns the shipped banks, so he can read their answer keys (test only). */
const BANK_OWNER = "13800000003";
/** Demo members under the battery company's committee (i % 7 < 5 in seed-demo.ts), weakest to strongest. */
const MEMBERS = ["13800000100", "13800000101", "13800000102", "13800000103", "13800000104", "13800000107", "13800000108", "13800000109"];
const SCREENS = "test-results/screens";

/** Beijing wall clock for a datetime-local input. */
const beijingInput = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

/** A fixed sequence in [0, 1): the same "random" answers on every run. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.skipIf(!chromiumPath)("an organizer runs a contest on a laptop", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  async function apiCall<T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${baseURL}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        accept: "application/json",
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const login = async (phone: string) =>
    (await apiCall<{ token: string }>("/api/auth/login", { body: { login: phone, password: DEMO_PASSWORD } })).token;

  /** The shipped Party-history bank's questions by stem, to answer right on purpose. */
  async function answerKeys(): Promise<{ bankName: string; byStem: Map<string, QuestionDraft> }> {
    const token = await login(BANK_OWNER);
    const { banks } = await apiCall<BankList>("/api/banks", { token });
    const bank = banks.find((b) => b.shipped && b.name.includes("党史"));
    if (!bank) throw new Error("no shipped Party-history bank");
    const byStem = new Map<string, QuestionDraft>();
    for (let page = 1; ; page++) {
      const list = await apiCall<QuestionPage>(`/api/banks/${bank.id}/questions?pageSize=200&page=${page}`, { token });
      for (const q of list.items) byStem.set(q.draft.stem, q.draft);
      if (page * list.pageSize >= list.total) break;
    }
    return { bankName: bank.name, byStem };
  }

  /** A right response in the attempt's shown option order, or a wrong one. */
  function responseFor(question: AttemptQuestion, draft: QuestionDraft | undefined, right: boolean): PracticeResponse {
    const shown = (original: number) => question.options.indexOf(draft && "options" in draft ? (draft.options[original] ?? "") : "");
    if (question.type === "judge") {
      const value = draft?.type === "judge" ? draft.answer : true;
      return { type: "judge", value: right ? value : !value };
    }
    if (question.type === "fill") {
      const blanks =
        draft?.type === "fill" && right ? draft.answer.map((accepted) => accepted[0] ?? "") : Array(question.blanks).fill("不知道");
      return { type: "fill", blanks };
    }
    if (question.type === "multiple") {
      const choices = draft?.type === "multiple" ? draft.answer.map(shown) : [0];
      return { type: "multiple", choices: right ? choices : [question.options.findIndex((_, i) => !choices.includes(i))] };
    }
    const choice = draft?.type === "single" ? shown(draft.answer) : 0;
    return { type: "single", choice: right ? choice : (choice + 1) % question.options.length };
  }

  async function takePart(phone: string, roundId: string, skill: number, keys: Map<string, QuestionDraft>, finish: boolean) {
    const token = await login(phone);
    const { attempt } = await apiCall<{ attempt: Attempt }>(`/api/rounds/${roundId}/attempts`, { token, body: {} });
    const random = seeded(Number(phone.slice(-3)));
    const questions = finish ? attempt.questions : attempt.questions.slice(0, 3);
    for (const question of questions) {
      const response = responseFor(question, keys.get(question.stem), random() < skill);
      await apiCall(`/api/attempts/${attempt.id}/answers/${question.seq}`, { method: "PUT", token, body: { response } });
    }
    if (finish) await apiCall(`/api/attempts/${attempt.id}/finish`, { token, body: {} });
    return { token, attemptId: attempt.id };
  }

  async function shot(page: Page, name: string, fullPage = false) {
    await page.screenshot({ path: `${SCREENS}/contest-admin-${name}.png`, fullPage });
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("builds a contest with a round, publishes it, watches it, gives an accommodation, reads the results and exports them", async () => {
    const keys = await answerKeys();
    const context = await browser.newContext({ ...LAPTOP, baseURL, acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, ORGANIZER);

    // The organizer's navigation leads to contests (no longer 即将开放).
    await page.getByRole("navigation", { name: "主导航" }).first().getByRole("link", { name: "竞赛" }).click();
    await page.getByRole("heading", { name: "竞赛管理" }).waitFor();
    await page.getByRole("link", { name: "新建竞赛" }).first().click();

    // ---- the contest: title, rules in words, host (the committee is picked), scope (follows the host), teams by branch ----
    const title = "安全生产与党史知识竞赛";
    await page.getByLabel("竞赛名称").fill(title);
    await page.getByLabel("竞赛说明（给参赛成员看）").fill("初赛每人限时 20 分钟，共 10 道题，满分 100 分；按得分排名，同分用时少者在前。");
    const mine = page.getByRole("group", { name: "您管理的组织" });
    expect(await mine.getByRole("checkbox", { name: /锂源新能源科技有限公司党委/ }).isChecked()).toBe(true);
    const scope = page.getByRole("list", { name: "参赛范围" });
    expect(await scope.getByRole("checkbox", { name: /锂源新能源科技有限公司党委/ }).isChecked()).toBe(true);
    // Sub-orgs of a chosen org are included already, said so rather than left for the organizer to guess.
    expect(await scope.getByRole("checkbox", { name: /电芯车间党支部/ }).isDisabled()).toBe(true);
    await page.getByLabel(/按团队排名/).check();
    await page.getByLabel("按哪一级组织组队").selectOption("branch");
    await page.getByRole("button", { name: "保存为草稿" }).click();
    await page.getByText("竞赛已保存为草稿。").waitFor();
    const contestId = new URL(page.url()).pathname.split("/").pop() ?? "";
    expect(contestId).toMatch(/^[a-z0-9]{20,}$/);
    await shot(page, "editor", true);

    // ---- a round: asking for more fill-in questions than the bank holds is refused, next to the part ----
    await page.getByRole("button", { name: "添加轮次" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: "添加轮次" }).waitFor();
    const now = Date.now();
    await dialog.getByLabel("开始时间（北京时间）").fill(beijingInput(now - 10 * 60_000));
    await dialog.getByLabel("结束时间（北京时间）").fill(beijingInput(now + 3 * 3_600_000));
    await dialog.getByRole("checkbox", { name: new RegExp(keys.bankName) }).check();
    await dialog.getByLabel("题型", { exact: true }).selectOption("fill");
    await dialog.getByLabel("题数", { exact: true }).fill("150");
    await dialog.getByLabel("每题分值", { exact: true }).fill("10");
    await dialog.getByText("共 150 道题，满分 1500 分").waitFor();
    await dialog.getByRole("button", { name: "添加轮次" }).click();
    const refusal = dialog
      .locator("li")
      .filter({ hasText: "第 1 组" })
      .getByText(/第 1 组抽题条件下只有 \d+ 道可用试题，需要 150 道/);
    await refusal.waitFor();
    await shot(page, "round-dialog-error");

    await dialog.getByLabel("题型", { exact: true }).selectOption("");
    await dialog.getByLabel("题数", { exact: true }).fill("10");
    await dialog.getByText("共 10 道题，满分 100 分").waitFor();
    await dialog.getByLabel("前几名获荣誉证书").fill("3");
    await dialog.getByLabel("晋级下一轮").selectOption("top_percent");
    await dialog.getByLabel("X（%，1–100）").fill("50");
    await dialog.getByRole("button", { name: "添加轮次" }).click();
    await page.getByText("已添加轮次“初赛”。").waitFor();
    await page.getByRole("heading", { name: "初赛", level: 3 }).waitFor();

    // ---- editing the round shows the window as typed (Beijing time) and sends only what changed ----
    await page.getByRole("button", { name: "编辑轮次“初赛”" }).click();
    const edit = page.getByRole("dialog");
    expect(await edit.getByLabel("开始时间（北京时间）").inputValue()).toBe(beijingInput(now - 10 * 60_000));
    await edit.getByLabel("每人答题限时（分钟）").fill("15");
    await edit.getByRole("button", { name: "保存" }).click();
    await page.getByText("已保存轮次“初赛”。").waitFor();
    await page.getByText("每人 15 分钟").waitFor();

    // ---- publish, after a confirmation that says who will see it ----
    await page.getByRole("button", { name: "发布竞赛" }).click();
    const confirm = page.getByRole("dialog");
    await confirm.getByText(/锂源新能源科技有限公司党委及其下级组织的成员会在“竞赛”中看到本竞赛/).waitFor();
    await confirm.getByRole("button", { name: "确认发布" }).click();
    await page.getByText(`“${title}”已发布`).waitFor();

    const organizerToken = await login(ORGANIZER);
    const { contest } = await apiCall<ContestResponse>(`/api/contests/${contestId}`, { token: organizerToken });
    expect(contest.status).toBe("published");
    const round = contest.rounds[0];
    if (!round) throw new Error("no round");
    expect(round).toMatchObject({ name: "初赛", questionCount: 10, totalPoints: 100, state: "open", honourTopN: 3 });

    // ---- members take it (the API, as their phones would): six hand in, two are still answering ----
    const done = MEMBERS.slice(0, 6);
    for (const [i, phone] of done.entries()) await takePart(phone, round.id, 0.25 + i * 0.13, keys.byStem, true);
    const going = [];
    for (const phone of MEMBERS.slice(6)) going.push(await takePart(phone, round.id, 0.8, keys.byStem, false));

    // ---- the monitor: counts, the median, and an accommodation with a reason ----
    await page.getByRole("link", { name: "答题监控" }).first().click();
    await page.getByRole("heading", { name: "初赛 · 答题监控" }).waitFor();
    await page.getByText("每 10 秒自动刷新").waitFor();
    const tile = (label: string) => page.getByText(label, { exact: true }).locator("xpath=..");
    await expect.poll(async () => tile("已开始").textContent()).toContain("8");
    expect(await tile("已交卷").textContent()).toContain("6");
    expect(await tile("正在答题").textContent()).toContain("2");

    await page.getByRole("button", { name: "照顾" }).first().click();
    const grant = page.getByRole("dialog");
    await grant.getByRole("searchbox", { name: "成员" }).fill(MEMBERS[7] as string);
    await grant.getByRole("list", { name: "查找结果" }).getByRole("button").first().click();
    await grant.getByRole("radio", { name: /延长答题时间/ }).check();
    await grant.getByLabel("延长几分钟").fill("10");
    // A reason is required: the dialog says so before anything is sent.
    await grant.getByRole("button", { name: "确认照顾" }).click();
    await grant.getByText("请写明原因").waitFor();
    await grant.getByLabel("原因", { exact: true }).fill("车间网络中断，答卷提前结束");
    await grant.getByRole("button", { name: "确认照顾" }).click();
    await page.getByText(/^已为 .+ 延长 10 分钟。$/).waitFor();
    await page.getByRole("cell", { name: "车间网络中断，答卷提前结束" }).waitFor();
    await shot(page, "monitor", true);

    // ---- the last two hand in; the round is closed by moving its window into the past ----
    for (const { token, attemptId } of going) await apiCall(`/api/attempts/${attemptId}/finish`, { token, body: {} });
    const closed = Date.now();
    await apiCall(`/api/rounds/${round.id}`, {
      method: "PATCH",
      token: organizerToken,
      body: { opensAt: closed - 2 * 3_600_000, closesAt: closed - 60_000 },
    });

    // ---- results: leaderboard, team and org standings with their rules, question statistics, the histogram ----
    await page.goto(`/contests/manage/${contestId}/rounds/${round.id}/results`);
    await page.getByRole("heading", { name: "初赛 · 成绩" }).waitFor();
    const leaderboard = page.locator("#leaderboard");
    await leaderboard.getByText("8 人参赛").waitFor();
    await expect.poll(async () => leaderboard.locator("tbody tr").count()).toBe(8);
    expect(await leaderboard.getByRole("link", { name: /^荣誉证书：/ }).count()).toBe(3);
    await page
      .locator("#teams")
      .getByText(/党支部/)
      .first()
      .waitFor();
    await page.locator("#teams").locator("tbody tr").first().waitFor();
    await page.locator("#orgs").locator("tbody tr").first().waitFor();
    await page.locator("#questions").locator("tbody tr").first().waitFor();
    expect(await page.locator("#questions tbody tr").count()).toBe(10);
    await page.locator('#distribution figure[data-chart="ready"]').waitFor();
    await shot(page, "results-top");

    // The histogram's numbers are one press away.
    await page.evaluate(() => document.getElementById("distribution")?.scrollIntoView({ block: "start" }));
    await shot(page, "results-stats-histogram");
    await page.locator("#distribution").getByRole("button", { name: "查看数据" }).click();
    expect(await page.locator("#distribution tbody tr").count()).toBe(10);
    await page.evaluate(() => document.getElementById("distribution")?.scrollIntoView({ block: "start" }));
    await shot(page, "results-histogram-numbers");
    await shot(page, "results-full", true);

    // ---- the Excel export downloads and reads back in Excel's own format ----
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole("button", { name: "导出成绩" }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: /Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(await (await download.createReadStream()).toArray()));
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    const rows = Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).map((v) => String(v ?? "")));
    const header = rows.findIndex((row) => row.includes("名次") && row.includes("姓名") && row.includes("得分"));
    expect(header).toBeGreaterThanOrEqual(0);
    const people = rows.slice(header + 1).filter((row) => row.some((cell) => /^1380000\d{4}$/.test(cell)));
    expect(people).toHaveLength(8);
    const topName = (await leaderboard.locator("tbody tr").first().locator("th span").first().textContent())?.trim() ?? "";
    expect(topName).not.toBe("");
    expect(people[0]).toContain(topName);

    // ---- anyone's certificate, printable, opens from the leaderboard ----
    const [certificate] = await Promise.all([
      context.waitForEvent("page"),
      leaderboard
        .getByRole("link", { name: /^荣誉证书：/ })
        .first()
        .click(),
    ]);
    await certificate.getByRole("button", { name: "打印证书" }).waitFor();
    await certificate.getByText(topName).first().waitFor();
    await shot(certificate, "certificate");
    await certificate.close();

    // ---- the list, with the contest, its state and the round ----
    await page.goto("/contests/manage");
    await page.getByRole("link", { name: title }).waitFor();
    await shot(page, "list");
    await context.close();

    // ---- the same pages on a phone ----
    const phone = await browser.newContext({ ...PHONE, baseURL });
    const small = await phone.newPage();
    await logIn(small, ORGANIZER);
    await small.goto("/contests/manage");
    await small.getByRole("link", { name: title }).waitFor();
    await shot(small, "list-phone", true);
    await small.goto(`/contests/manage/${contestId}`);
    await small.getByRole("heading", { name: "初赛", level: 3 }).waitFor();
    await shot(small, "editor-phone");
    await small.goto(`/contests/manage/${contestId}/rounds/${round.id}/results`);
    await small.locator("#leaderboard tbody tr").first().waitFor();
    await small.locator('#distribution figure[data-chart="ready"]').waitFor();
    await shot(small, "results-phone");
    for (const section of ["leaderboard", "teams", "questions"]) {
      await small.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: "start" }), section);
      await shot(small, `results-phone-${section}`);
    }
    await phone.close();
  });
});

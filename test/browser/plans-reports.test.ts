import { mkdirSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ReportSnapshotList, YearPlan, YearPlanBody } from "../../worker/shared/api";
import { apiAs, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
const SCREENS = "test-results/screens";

/** The demo organizer of 锂源新能源科技有限公司党委, its committee and one of its branches (under 生产制造党总支). */
const ORGANIZER = "13800000001";
const COMMITTEE = "demoenterprisecommittee";
const BRANCH = "democellworkshopbranch1";
/** A published module of the demo courses, owned by the committee, that the demo plan does not require. */
const MODULE = "安全生产责任重于泰山";

const YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SCREENS}/plans-reports-${name}.png`, fullPage });

/** The message a field shows under it: what its input's aria-describedby points at first. */
async function fieldMessage(page: Page, input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  const ids = (await input.getAttribute("aria-describedby")) ?? "";
  const errorId = ids.split(" ").find((id) => id.endsWith("-error")) ?? ids.split(" ")[0] ?? "";
  return ((await page.locator(`[id="${errorId}"]`).textContent()) ?? "").replace("错误：", "").trim();
}

describe.skipIf(!chromiumPath)("an organizer sets the year plan and points rules, and reads the reports", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sets the committee's plan, is held to it in a branch, adds a points rules version and opens a report and its print page", async () => {
    const context = await browser.newContext({ ...LAPTOP, baseURL });
    // Count print dialogs: the print page must wait for its button.
    await context.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    const page = await context.newPage();
    await logIn(page, ORGANIZER);
    // Other browser tests read the committee's plan: it is put back as it was at the end.
    const organizer = await apiAs(baseURL, ORGANIZER);
    const before = await organizer<YearPlan>("GET", `/api/orgs/${COMMITTEE}/plans/${YEAR}`);

    // ---- the committee's year plan, through the editor ----
    await page.goto(`/plans/settings?org=${COMMITTEE}&year=${YEAR}`);
    await page.getByRole("heading", { name: "年度学习计划设置", level: 1 }).waitFor();
    await page.getByRole("heading", { name: `锂源新能源科技有限公司党委 · ${YEAR} 年` }).waitFor();
    await page.getByLabel("每人学时", { exact: true }).fill("36");
    await page.getByLabel("书记 学时", { exact: true }).fill("60");
    const listed = page.getByRole("list", { name: "必修课程列表" });
    if ((await listed.getByText(MODULE).count()) > 0)
      await listed.getByRole("button", { name: new RegExp(`移除必修课程 ${MODULE}`) }).click();
    const picker = page.getByLabel("添加必修课程");
    const moduleId = await picker.locator("option", { hasText: MODULE }).first().getAttribute("value");
    expect(moduleId).toBeTruthy();
    await picker.selectOption(moduleId ?? "");
    await page.getByRole("button", { name: "添加", exact: true }).last().click();
    const required = page.getByRole("list", { name: "必修课程列表" });
    await required.getByText(MODULE, { exact: false }).waitFor();
    await page.getByLabel("每人全年至少参加竞赛轮次").fill("3");
    await page.getByLabel("党课（场）").fill("12");
    await shot(page, "settings-filled");
    await page.getByRole("button", { name: "保存计划" }).click();
    await page.getByText(`${YEAR} 年学习计划已保存`).waitFor();
    await shot(page, "settings-saved");

    await page.reload();
    await page.getByRole("heading", { name: `锂源新能源科技有限公司党委 · ${YEAR} 年` }).waitFor();
    await expect.poll(() => page.getByLabel("每人学时", { exact: true }).inputValue()).toBe("36");
    expect(await page.getByLabel("书记 学时", { exact: true }).inputValue()).toBe("60");
    expect(await page.getByLabel("每人全年至少参加竞赛轮次").inputValue()).toBe("3");
    await page.getByRole("list", { name: "必修课程列表" }).getByText(MODULE, { exact: false }).waitFor();
    await page.getByText(/本级已设定/).waitFor();
    await shot(page, "settings-laptop", true);

    // ---- a branch under it: the floor is shown, and going below it is refused at the field ----
    await page.goto(`/plans/settings?org=${BRANCH}&year=${YEAR}`);
    await page.getByRole("heading", { name: `电芯车间党支部 · ${YEAR} 年` }).waitFor();
    await page.getByText("上级要求（锂源新能源科技有限公司党委）").waitFor();
    await page
      .getByText(/每人 36 学时；书记 60 学时/)
      .first()
      .waitFor();
    await page.getByText("本级只能在此基础上提高，不能降低。").waitFor();
    await shot(page, "branch-floor");
    const hours = page.getByLabel("每人学时", { exact: true });
    await hours.fill("20");
    await page.getByLabel("书记 学时", { exact: true }).fill("40");
    await page.getByLabel("每人全年至少参加竞赛轮次").fill("1");
    await page.getByRole("button", { name: "保存计划" }).click();
    expect(await fieldMessage(page, hours)).toContain("本级只能提高");
    expect(await fieldMessage(page, page.getByLabel("书记 学时", { exact: true }))).toContain("书记至少 60 学时");
    expect(await fieldMessage(page, page.getByLabel("每人全年至少参加竞赛轮次"))).toContain("3 轮");
    await page.getByText("有几处需要修改，请看标出的地方。").waitFor();
    await hours.scrollIntoViewIfNeeded();
    await shot(page, "branch-refused");
    // Nothing was saved: the branch still inherits.
    await page.reload();
    await page.getByText("本级未单独设定，沿用上级").waitFor();

    // ---- points rules: a version from today with the branch ranking on ----
    await page.goto(`/plans/points?org=${COMMITTEE}`);
    await page.getByRole("heading", { name: "积分规则", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "今天适用的规则" }).waitFor();
    const ranking = page.getByRole("switch", { name: "积分排行榜" });
    await ranking.scrollIntoViewIfNeeded();
    expect(await page.getByLabel("生效日期").inputValue()).toBe(TODAY);
    expect(await ranking.getAttribute("aria-checked")).toBe("false");
    await page
      .getByText(/指尖上的形式主义/)
      .first()
      .waitFor();
    await ranking.click();
    expect(await ranking.getAttribute("aria-checked")).toBe("true");
    await page.getByLabel("说明").fill("经党委会研究，开启支部积分排行（支部自愿）");
    await shot(page, "points-form");
    await page.getByRole("button", { name: "保存新版本" }).click();
    await page.getByText(`已保存新的规则版本，${TODAY} 起适用。`).waitFor();
    const row = page.getByRole("row").filter({ hasText: TODAY }).filter({ hasText: "经党委会研究" });
    await row.waitFor();
    await row.getByText("开启", { exact: true }).waitFor();
    await page.getByRole("heading", { name: "各组织积分汇总" }).waitFor();
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 CSV" }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    await shot(page, "points-laptop", true);

    // ---- reports: the list, a snapshot if one was taken, its print page ----
    // The cron takes the year's past periods a few per run, once a plan exists. wrangler dev does not
    // fire crons by itself; its scheduled handler endpoint does when it answers (else: the empty list).
    for (let run = 0; run < 5; run += 1) {
      const res = await fetch(`${baseURL}/cdn-cgi/handler/scheduled`).catch(() => null);
      await res?.text();
      if (!res?.ok) break;
    }
    await page.goto(`/reports?org=${COMMITTEE}`);
    await page.getByRole("heading", { name: "报表", level: 1 }).waitFor();
    const { snapshots } = await organizer<ReportSnapshotList>("GET", `/api/orgs/${COMMITTEE}/report-snapshots`);
    let reportPath: string | null = null;
    if (snapshots.length === 0) {
      await page.getByRole("heading", { name: "还没有报表" }).waitFor();
      await shot(page, "reports-empty");
    } else {
      await page.getByRole("heading", { name: "月报" }).waitFor();
      await shot(page, "reports-laptop", true);
      const first = snapshots[0];
      if (!first) throw new Error("no snapshot");
      await page.locator(`a[href^="/reports/${first.id}?"]`).first().click();
      await page.waitForURL(new RegExp(`/reports/${first.id}\\?`));
      await page.getByRole("heading", { level: 1, name: /锂源新能源科技有限公司党委 .* 学习计划/ }).waitFor();
      await page.getByRole("heading", { name: "年度任务完成情况" }).waitFor();
      await page.getByRole("heading", { name: "党员明细" }).waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 Excel" }).click()]);
      expect(download.suggestedFilename()).toMatch(/锂源新能源科技有限公司党委.*\.xlsx$/);
      await shot(page, "report-view-laptop");
      await shot(page, "report-view-laptop-full", true);
      reportPath = new URL(page.url()).pathname + new URL(page.url()).search;

      await page.getByRole("link", { name: "打印" }).click();
      await page.waitForURL(/\/print\?/);
      await page.getByText("纸张：A4 纵向").waitFor();
      await page.getByRole("heading", { level: 1, name: /学习计划/ }).waitFor();
      await page
        .getByText(/数据截至/)
        .first()
        .waitFor();
      // No app shell on the print page, and no print dialog until the button is pressed.
      expect(await page.getByRole("navigation", { name: "主导航" }).count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(0);
      await shot(page, "print-laptop", true);
      await page.getByRole("button", { name: "打印" }).click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      await page.emulateMedia({ media: "print" });
      await shot(page, "print-as-paper", true);
      await page.emulateMedia({ media: "screen" });
    }
    await context.close();

    // ---- the same pages on a phone ----
    const phoneContext = await browser.newContext({ ...PHONE, baseURL });
    const phone = await phoneContext.newPage();
    await logIn(phone, ORGANIZER);
    await phone.goto(`/plans/settings?org=${COMMITTEE}&year=${YEAR}`);
    await phone.getByRole("heading", { name: `锂源新能源科技有限公司党委 · ${YEAR} 年` }).waitFor();
    await expect.poll(() => phone.getByLabel("每人学时", { exact: true }).inputValue()).toBe("36");
    await shot(phone, "settings-phone");
    await shot(phone, "settings-phone-full", true);
    await phone.goto(`/plans/settings?org=${BRANCH}&year=${YEAR}`);
    await phone.getByText("上级要求（锂源新能源科技有限公司党委）").waitFor();
    await shot(phone, "branch-phone");
    await phone.goto(`/plans/points?org=${COMMITTEE}`);
    await phone.getByRole("heading", { name: "今天适用的规则" }).waitFor();
    await shot(phone, "points-phone");
    await shot(phone, "points-phone-full", true);
    await phone.goto(`/reports?org=${COMMITTEE}`);
    await phone.getByRole("heading", { name: snapshots.length === 0 ? "还没有报表" : "月报" }).waitFor();
    await shot(phone, "reports-phone");
    if (reportPath) {
      await phone.goto(reportPath);
      await phone.getByRole("heading", { name: "年度任务完成情况" }).waitFor();
      await shot(phone, "report-view-phone");
      await shot(phone, "report-view-phone-full", true);
    }
    await phoneContext.close();

    // Put the committee's plan back for the other tests.
    const own = before.own;
    if (own) {
      const body: YearPlanBody = {
        hours: own.hours,
        titleHours: own.titleHours,
        requiredModuleIds: own.requiredModuleIds,
        minContests: own.minContests,
        trainingsTarget: own.trainingsTarget,
        lecturesTarget: own.lecturesTarget,
        microTalksTarget: own.microTalksTarget,
        rating: own.rating,
      };
      await organizer("PUT", `/api/orgs/${COMMITTEE}/plans/${YEAR}`, body);
    } else await organizer("DELETE", `/api/orgs/${COMMITTEE}/plans/${YEAR}`);
  });
});

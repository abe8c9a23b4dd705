import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { OrgPlanProgress, YearPlanBody } from "../../worker/shared/api";
import { apiAs, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
const SCREENS = "test-results/screens";

/** The demo organizer of 锂源新能源科技有限公司党委. */
const ORGANIZER = "13800000001";
const COMMITTEE = "demoenterprisecommittee";

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage });

/** Waits until the chart.js canvases have drawn in full (no bars caught half grown in a screenshot). */
async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll("figure[data-chart]")).every((f) => f.getAttribute("data-chart") !== "loading"),
  );
}

/** The year's study hours in tenths as the ledger page shows them ("12.5" → 125). */
async function hoursTenths(page: Page): Promise<number> {
  const text = (await page.locator('[data-total="hours"]').textContent()) ?? "";
  return Math.round(Number(text.trim()) * 10);
}

describe.skipIf(!chromiumPath)("an organizer reads the plan dashboard and keeps a person's ledger", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("drills from the committee to a branch and a person, adds a manual entry and reverses it", async () => {
    const organizer = await apiAs(baseURL, ORGANIZER);
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const progressPath = (org: string) => `/api/orgs/${org}/plan-progress?year=${year}`;
    let committee = await organizer<OrgPlanProgress>("GET", progressPath(COMMITTEE));
    if (!committee.hasPlan) {
      const plan: YearPlanBody = { hours: 32, titleHours: { 书记: 56 }, minContests: 2 };
      await organizer("PUT", `/api/orgs/${COMMITTEE}/plans/${year}`, plan);
      committee = await organizer<OrgPlanProgress>("GET", progressPath(COMMITTEE));
    }
    expect(committee.hasPlan).toBe(true);
    expect(committee.children.length).toBeGreaterThan(0);

    const context = await browser.newContext({ ...LAPTOP, baseURL });
    const page = await context.newPage();
    await logIn(page, ORGANIZER);

    // 学习计划 in the side navigation opens the dashboard of the committee.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "学习计划" }).click();
    await page.waitForURL(/\/plans(\?|$)/);
    await page.goto(`/plans?org=${COMMITTEE}&year=${year}`);
    const children = page.locator("#children");
    await children.getByRole("heading", { name: "各组织完成情况" }).waitFor();
    await page.getByRole("navigation", { name: "组织层级" }).getByText(committee.org.name).waitFor();

    // The table has one row per sub-org the API lists, with its member count.
    const rows = children.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(committee.children.length);
    for (const child of committee.children) {
      const row = rows.filter({ has: page.getByRole("link", { name: `查看${child.name}` }) });
      await expect.poll(() => row.count()).toBe(1);
      expect((await row.locator("td").first().textContent())?.trim()).toBe(String(child.members));
    }
    // Sorting by name keeps the same rows, in the collator's order.
    await children.getByRole("button", { name: "组织", exact: true }).click();
    const sorted = [...committee.children].map((c) => c.name).sort((a, b) => a.localeCompare(b, "zh-CN"));
    await expect.poll(async () => (await children.locator("tbody th a").allTextContents()).map((t) => t.trim())).toEqual(sorted);

    // Ratings with their thresholds, the delivery targets and the monthly trend are there.
    await page
      .locator("#rating")
      .getByText(/进度正常率≥\d+% 且活跃率≥\d+%/)
      .first()
      .waitFor();
    await page.locator("#delivery").getByText("微宣讲").waitFor();
    await page.locator("#trend").getByRole("button", { name: "查看数据" }).click();
    await page.locator("#trend").getByRole("rowheader", { name: "1月", exact: true }).waitFor();
    await chartsDrawn(page);
    await shot(page, "plans-dashboard-laptop");
    await shot(page, "plans-dashboard-laptop-full", true);
    // 导出 Excel downloads the year's progress as .xlsx.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 Excel" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // The year before: without a plan the page says so and leads to the settings; the back button returns.
    const last = await organizer<OrgPlanProgress>("GET", `/api/orgs/${COMMITTEE}/plan-progress?year=${year - 1}`);
    await page.getByRole("button", { name: "上一年" }).click();
    await page.waitForURL(new RegExp(`year=${year - 1}`));
    if (!last.hasPlan) {
      const link = page.getByRole("link", { name: "去设置学习计划" });
      await link.waitFor();
      expect(await link.getAttribute("href")).toBe(`/plans/settings?org=${COMMITTEE}&year=${year - 1}`);
      await shot(page, "plans-dashboard-no-plan-laptop");
    }
    await page.goBack();
    await page.waitForURL(new RegExp(`year=${year}`));
    await children.locator("tbody tr").first().waitFor();

    // Drill down into a branch with members: the breadcrumb leads back, the address names the branch.
    const branch = committee.children.find((c) => c.kind === "branch" && c.members > 0) ?? committee.children[0];
    expect(branch).toBeDefined();
    if (!branch) return;
    await page.getByRole("link", { name: `查看${branch.name}` }).click();
    await page.waitForURL(new RegExp(`org=${branch.orgId}`));
    const crumbs = page.getByRole("navigation", { name: "组织层级" });
    await crumbs.getByRole("link", { name: committee.org.name }).waitFor();
    await crumbs.getByText(branch.name, { exact: true }).waitFor();
    const level = await organizer<OrgPlanProgress>("GET", progressPath(branch.orgId));
    let person = level.members[0];
    let branchId = branch.orgId;
    if (!person) {
      // A general branch: one level further down, to a branch with its own members.
      const next = level.children.find((c) => c.members > 0);
      expect(next, "a branch with members").toBeDefined();
      if (!next) return;
      await page.getByRole("link", { name: `查看${next.name}` }).click();
      await page.waitForURL(new RegExp(`org=${next.orgId}`));
      branchId = next.orgId;
      person = (await organizer<OrgPlanProgress>("GET", progressPath(next.orgId))).members[0];
    }
    expect(person).toBeDefined();
    if (!person) return;
    await page.locator("#members").getByRole("heading", { name: "本组织直属党员" }).waitFor();
    await chartsDrawn(page);
    await shot(page, "plans-dashboard-branch-laptop", true);

    // The back button walks back up to the committee.
    await page.goBack();
    await page.waitForURL(new RegExp(`org=${branchId === branch.orgId ? COMMITTEE : branch.orgId}`));
    await page.goForward();
    await page.waitForURL(new RegExp(`org=${branchId}`));

    // A person: their year of entries.
    await page
      .getByRole("link", { name: `查看${person.name}的学习记录` })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/plans/members/${person.userId}`));
    await page.getByRole("heading", { name: person.name, level: 1 }).waitFor();
    await page.locator('[data-total="hours"]').waitFor();
    const before = await hoursTenths(page);

    // 补记: without a reason and evidence the API's field errors show at the fields.
    const tag = Date.now().toString(36);
    const reason = `省委党校第 3 期培训班（${tag}）`;
    await page.getByRole("button", { name: "补记学时/积分" }).click();
    const dialog = page.getByRole("dialog", { name: "补记学时/积分" });
    await dialog.getByLabel("学时", { exact: true }).fill("2.5");
    await dialog.getByRole("button", { name: "确认补记" }).click();
    await dialog.getByText("请填写事由").waitFor();
    await dialog.getByText("请填写证明材料").waitFor();
    // An award preset fills the reason and the points in one tap.
    const presets = dialog.getByRole("group", { name: "常用奖励" }).getByRole("button");
    const preset = (await presets.first().textContent()) ?? "";
    const [, award, points] = /^(.+) \+(\d+) 分$/.exec(preset.trim()) ?? [];
    expect(award, `preset ${preset}`).toBeTruthy();
    await presets.first().click();
    await expect.poll(() => dialog.getByLabel("事由").inputValue()).toBe(award);
    await expect.poll(() => dialog.getByLabel("积分", { exact: true }).inputValue()).toBe(points);
    await dialog.getByLabel("事由").fill(reason);
    await dialog.getByLabel("证明材料").fill("结业证书编号 DX-2026-0312，组织部王科长确认");
    await shot(page, "plans-dashboard-ledger-add-laptop");
    await dialog.getByRole("button", { name: "确认补记" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText(`已补记“${reason}”。`).waitFor();
    await expect.poll(() => hoursTenths(page)).toBe(before + 25);
    const entry = page.locator("[data-entry]").filter({ hasText: reason });
    await entry.getByText("+2.5 学时").waitFor();
    await entry.getByText(`+${points} 积分`).waitFor();

    // 撤销 asks for a reason, then the row stays struck through and the total is back.
    await page.getByRole("button", { name: `撤销“${reason}”` }).click();
    const confirm = page.getByRole("dialog", { name: "撤销这条记录？" });
    await confirm.getByRole("button", { name: "确认撤销" }).click();
    await confirm.getByText("请填写撤销原因").waitFor();
    await confirm.getByLabel("撤销原因").fill("重复补记，以组织部通知为准");
    await confirm.getByRole("button", { name: "确认撤销" }).click();
    await confirm.waitFor({ state: "hidden" });
    await expect.poll(() => hoursTenths(page)).toBe(before);
    await expect.poll(() => entry.getAttribute("data-reversed")).toBe("true");
    await entry.locator("s", { hasText: reason }).waitFor();
    await entry.getByText("撤销原因：重复补记，以组织部通知为准").waitFor();
    await expect.poll(() => page.getByRole("button", { name: `撤销“${reason}”` }).count()).toBe(0);
    await shot(page, "plans-dashboard-ledger-laptop", true);
    await context.close();

    // The same pages on a phone.
    const phoneContext = await browser.newContext({ ...PHONE, baseURL });
    const phone = await phoneContext.newPage();
    await logIn(phone, ORGANIZER);
    await phone.goto(`/plans?org=${COMMITTEE}&year=${year}`);
    await phone.locator("#children tbody tr").first().waitFor();
    await chartsDrawn(phone);
    await shot(phone, "plans-dashboard-phone");
    await shot(phone, "plans-dashboard-phone-full", true);
    await phone.goto(`/plans?org=${branchId}&year=${year}`);
    await phone.locator("#members tbody tr").first().waitFor();
    await chartsDrawn(phone);
    await shot(phone, "plans-dashboard-branch-phone", true);
    await phone.goto(`/plans/members/${person.userId}?year=${year}&org=${branchId}`);
    await phone.locator("[data-entry]").filter({ hasText: reason }).waitFor();
    await shot(phone, "plans-dashboard-ledger-phone", true);
    await phone.getByRole("button", { name: "补记学时/积分" }).click();
    await phone.getByRole("dialog", { name: "补记学时/积分" }).getByLabel("事由").waitFor();
    await shot(phone, "plans-dashboard-ledger-add-phone");
    await phoneContext.close();
  });
});

import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MyPlanProgress, OrgList, PointsRules, YearPlan } from "../../worker/shared/api";
import { apiAs, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
const SCREENS = "test-results/screens";

/** The demo organizer of 锂源新能源科技有限公司党委 and one of its members. */
const ORGANIZER = "13800000001";
const MEMBER = "13800000100";
const COMMITTEE = "demoenterprisecommittee";

/** The calendar year and day in Beijing (UTC + 8 h, no daylight saving). */
function beijing(): { year: number; day: string } {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return { year: now.getUTCFullYear(), day: now.toISOString().slice(0, 10) };
}

/** Hours as the page writes them: 12 → "12", 12.5 → "12.5". */
function hours(n: number): string {
  const tenths = Math.round(n * 10);
  return (tenths / 10).toFixed(tenths % 10 === 0 ? 0 : 1);
}

/** The ring's accessible name starts with its figures ("学时 12.5 / 32"; "竞赛 1，不作要求" when nothing is asked). */
function ringName(label: string, done: string, required: number, requiredText: string): RegExp {
  const figures = required > 0 ? `${done} / ${requiredText}` : done;
  return new RegExp(`^${label} ${figures.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(，|$)`);
}

/** The member's progress, read with the page's own session (the cookie), so it is what the page saw. */
function myPlan(page: Page, year?: number): Promise<MyPlanProgress> {
  return page.evaluate(async (y) => {
    const res = await fetch(`/api/me/plan${y ? `?year=${y}` : ""}`, { headers: { accept: "application/json" } });
    return (await res.json()) as MyPlanProgress;
  }, year);
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SCREENS}/plans-member-${name}.png`, fullPage });

describe.skipIf(!chromiumPath)("a member sees the year's plan on a phone", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows a ring per requirement with the API's figures, the pace, next steps, the home card and the branch ranking", async () => {
    const { year, day } = beijing();
    const organizer = await apiAs(baseURL, ORGANIZER);
    const plan = await organizer<YearPlan>("GET", `/api/orgs/${COMMITTEE}/plans/${year}`);
    if (!plan.own) {
      await organizer("PUT", `/api/orgs/${COMMITTEE}/plans/${year}`, { hours: 32, titleHours: { 书记: 56 }, minContests: 2 });
    }

    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await logIn(page, MEMBER);

    // /plan: the rings carry the very figures the API gives, in their names and on screen.
    await page.goto("/plan");
    await page.getByRole("heading", { name: "我的学习计划", level: 1 }).waitFor({ state: "attached" });
    const progress = await myPlan(page);
    expect(progress.hasPlan, JSON.stringify(progress)).toBe(true);
    expect(progress.year).toBe(year);
    const hoursRing = page.getByRole("img", {
      name: ringName("学时", hours(progress.hours.done), progress.hours.required, hours(progress.hours.required)),
    });
    await hoursRing.waitFor();
    await page
      .getByRole("img", {
        name: ringName("必修课程", String(progress.modules.done), progress.modules.required, String(progress.modules.required)),
      })
      .waitFor();
    await page
      .getByRole("img", {
        name: ringName("竞赛", String(progress.contests.done), progress.contests.required, String(progress.contests.required)),
      })
      .waitFor();
    expect(await hoursRing.textContent()).toContain(hours(progress.hours.done));
    // Where the year is, in words and as a bar.
    const pct = Math.round(progress.elapsed * 100);
    await page.getByText(`今年已过去 ${pct}%`, { exact: true }).waitFor();
    await page.getByRole("progressbar", { name: `今年已过去 ${pct}%` }).waitFor();
    // The pace, calmly: complete, behind (what is missing) or on pace.
    if (progress.complete) await page.getByText("今年的学习计划已全部完成").waitFor();
    else if (progress.behind) await page.getByText("按全年进度，还差").waitFor();
    else await page.getByText("进度与全年同步").waitFor();
    // Points, with the way to the entries behind them.
    await page.getByText(`${year} 年已得 ${progress.points} 积分`).waitFor();
    await page.getByRole("link", { name: "学时与积分记录" }).waitFor();
    // 年度计划 is a tab among the course pages, and 课程 is the member's place in the tab bar.
    await page.getByRole("navigation", { name: "课程页面" }).getByRole("link", { name: "年度计划" }).waitFor();
    expect(
      await page.getByRole("navigation", { name: "课程页面" }).getByRole("link", { name: "年度计划" }).getAttribute("aria-current"),
    ).toBe("page");
    // Five tabs fit the phone's width without scrolling sideways.
    const tabsFit = await page
      .getByRole("navigation", { name: "课程页面" })
      .evaluate((nav) => nav.scrollWidth <= nav.clientWidth && document.documentElement.scrollWidth <= window.innerWidth);
    expect(tabsFit).toBe(true);
    await shot(page, "plan");
    await shot(page, "plan-full", true);

    // Last year, one tap back: its own figures (a plan's result, or plainly no plan, with hours and points still shown).
    await page.getByRole("button", { name: "上一年" }).click();
    await page.waitForURL((url) => url.searchParams.get("year") === String(year - 1));
    const last = await myPlan(page, year - 1);
    await page.getByRole("heading", { name: `${year - 1} 年` }).waitFor();
    if (last.hasPlan) await page.getByText(last.complete ? `${year - 1} 年的学习计划已全部完成` : `${year - 1} 年已结束`).waitFor();
    else await page.getByText(`${year - 1} 年没有适用于您的学习计划`).waitFor();
    await shot(page, "plan-last-year");
    await page.getByRole("button", { name: "下一年" }).click();
    await page.waitForURL((url) => !url.searchParams.has("year"));
    await hoursRing.waitFor();

    // 下一步: each step leads where it says; follow the first.
    const steps = page.locator("section").filter({ has: page.getByRole("heading", { name: "下一步" }) });
    const [first] = progress.next;
    if (first) {
      const links = steps.getByRole("link");
      expect(await links.count()).toBe(progress.next.length);
      const expected = first.kind === "module" ? `/courses/${first.moduleId}` : first.kind === "hours" ? "/courses" : "/contests";
      const text =
        first.kind === "module"
          ? `学习《${first.title}》`
          : first.kind === "hours"
            ? `再学 ${hours(first.short)} 学时`
            : `再参加 ${first.short} 场竞赛`;
      await links.first().getByText(text).waitFor();
      await links.first().click();
      await page.waitForURL((url) => url.pathname === expected);
    } else {
      await steps.getByText("今年的要求都已完成").waitFor();
      await page.getByRole("link", { name: "学时与积分记录" }).click();
      await page.waitForURL((url) => url.pathname === "/study");
    }

    // Home: the card with its three small rings and, when behind, the reminder leading to /plan.
    await page.goto("/");
    const card = page.getByRole("link", { name: /年度学习计划/ });
    await card.waitFor();
    await card
      .getByRole("img", { name: ringName("学时", hours(progress.hours.done), progress.hours.required, hours(progress.hours.required)) })
      .waitFor();
    await card.getByRole("img", { name: /^必修课 / }).waitFor();
    await card.getByRole("img", { name: /^竞赛 / }).waitFor();
    if (progress.behind && !progress.complete) await card.getByText(/^按全年进度，.+点此看看下一步。$/).waitFor();
    await shot(page, "home");
    await card.screenshot({ path: `${SCREENS}/plans-member-home-card.png` });
    await card.click();
    await page.waitForURL((url) => url.pathname === "/plan");

    // The branch ranking (of the nearest branch above the member's group): off by default, so first
    // the page says what points are; turned on by the branch (a version from today), the member's row stands out.
    const { orgs } = await organizer<OrgList>("GET", "/api/orgs");
    const own = orgs.find((o) => o.id === progress.org?.id);
    const branch = own?.path
      .split("/")
      .filter(Boolean)
      .map((id) => orgs.find((o) => o.id === id))
      .findLast((o) => o?.kind === "branch");
    expect(branch, "the member's branch").toBeDefined();
    const setRanking = async (rankingEnabled: boolean) => {
      const { current } = await organizer<PointsRules>("GET", `/api/orgs/${branch?.id}/points-rules`);
      await organizer("POST", `/api/orgs/${branch?.id}/points-rules`, {
        effectiveFrom: day,
        attendance: current.attendance,
        completion: current.completion,
        contest: current.contest,
        placementTopN: current.placementTopN,
        placementPoints: current.placementPoints,
        rankingEnabled,
        awards: current.awards,
      });
    };
    await setRanking(false);
    await page.goto("/plan");
    await page.getByRole("link", { name: "学时与积分记录" }).waitFor();
    expect(await page.getByRole("link", { name: "支部积分排行" }).count()).toBe(0);
    await page.goto("/plan/ranking");
    await page.getByRole("heading", { name: "本支部没有开启积分排行" }).waitFor();
    await page.getByText("积分是对参加学习、竞赛等做过的事的记录").waitFor();
    await shot(page, "ranking-off");
    await setRanking(true);
    await page.goto("/plan");
    await page.getByRole("link", { name: "支部积分排行" }).click();
    await page.waitForURL((url) => url.pathname === "/plan/ranking");
    const list = page.getByRole("list", { name: /成员积分$/ });
    await list.waitFor();
    const mine = list.locator('li[aria-current="true"]');
    await mine.getByText("我", { exact: true }).waitFor();
    const after = await myPlan(page);
    await mine.getByText(`${after.points} 积分`).waitFor();
    await shot(page, "ranking");
    await shot(page, "ranking-full", true);
    await context.close();

    // A laptop: the same page and card, wider.
    const laptop = await browser.newContext({ ...LAPTOP, baseURL });
    const wide = await laptop.newPage();
    await logIn(wide, MEMBER);
    await wide.goto("/plan");
    await wide.getByRole("img", { name: /^学时 / }).waitFor();
    await shot(wide, "plan-laptop", true);
    await wide.goto("/");
    await wide
      .getByRole("link", { name: /年度学习计划/ })
      .getByRole("img", { name: /^学时 / })
      .waitFor();
    await shot(wide, "home-laptop");
    await wide.goto("/plan/ranking");
    await wide.getByRole("list", { name: /成员积分$/ }).waitFor();
    await shot(wide, "ranking-laptop");
    await laptop.close();
  });
});

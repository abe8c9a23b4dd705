import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Bank, Contest, CreateRoundBody, Round } from "../../worker/shared/api";
import { type Api, apiAs, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
const SCREENS = "test-results/screens";
const MINUTE = 60_000;

/** The demo organizer of 锂源新能源科技有限公司党委, whose members are 13800000100–13800000129. */
const ORGANIZER = "13800000001";
const COMMITTEE = "demoenterprisecommittee";

/** A published contest hosted by and open to the committee, with one self-paced round open now. */
async function setUpContest(api: Api, title: string, round: Partial<CreateRoundBody>) {
  const { banks } = await api<{ banks: Bank[] }>("GET", "/api/banks");
  const bank = banks.filter((b) => b.shipped && b.questionCount >= 10).sort((a, b) => b.questionCount - a.questionCount)[0];
  expect(bank, "a shipped public bank").toBeDefined();
  const { contest } = await api<{ contest: Contest }>("POST", "/api/contests", {
    title,
    description: "浏览器测试用的竞赛。",
    hosts: [{ type: "org", id: COMMITTEE }],
    scopeOrgIds: [COMMITTEE],
  });
  const at = Date.now();
  const created = await api<{ round: Round }>("POST", `/api/contests/${contest.id}/rounds`, {
    name: "初赛",
    opensAt: at - MINUTE,
    closesAt: at + 60 * MINUTE,
    timeLimitSec: 600,
    drawSpec: { bankIds: [bank?.id], parts: [{ count: 5, points: 20 }] },
    honourTopN: 3,
    ...round,
  });
  await api("POST", `/api/contests/${contest.id}/publish`, {});
  return { contest, round: created.round };
}

/** Picks an answer for the question on screen: the first option (or 对, or a word in each blank, then leaves the field). */
async function answerShown(page: Page, option = 0): Promise<void> {
  const inputs = page.locator("main fieldset input");
  await inputs.first().waitFor();
  const kind = await inputs.first().getAttribute("type");
  if (kind === "radio" || kind === "checkbox") {
    const labels = page.locator("main fieldset label");
    await labels.nth(Math.min(option, (await labels.count()) - 1)).click();
  } else {
    for (const input of await inputs.all()) await input.fill("实事求是");
    await inputs.last().press("Tab");
  }
}

/** The attempt's time left as the top bar shows it, in seconds. */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.getByRole("timer").first().textContent()) ?? "";
  const parts = text.trim().split(":").map(Number);
  return parts.reduce((total, n) => total * 60 + n, 0);
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage });

describe.skipIf(!chromiumPath)("a member takes a contest round on a phone", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("reads the rules, starts, answers with a reload and a lost network in the middle, hands in, and after the close reads the review, the leaderboard and the certificate", async () => {
    const organizer = await apiAs(baseURL, ORGANIZER);
    const title = `浏览器测试知识竞赛 ${Date.now().toString(36)}`;
    const { round } = await setUpContest(organizer, title, {});

    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await logIn(page, "13800000121");

    // The home page has one calm card for a round open now.
    await page.getByText("知识竞赛进行中").waitFor();
    await shot(page, "contest-home");

    // 竞赛 in the bottom tab bar leads to the list; the new contest is there with its rules in plain words.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "竞赛" }).click();
    const card = page.getByRole("article", { name: title });
    await card.waitFor();
    await card.getByText("锂源新能源科技有限公司党委", { exact: true }).waitFor();
    await card.getByText("5 道题 · 满分 100 分 · 限时 10 分钟").waitFor();
    await card.getByText("按得分排名，同分用时少者在前", { exact: true }).waitFor();
    await card.getByText("可以返回修改答案", { exact: true }).waitFor();
    await shot(page, "contest-list");
    await shot(page, "contest-list-full", true);

    // The rules once more before the clock starts.
    await card.getByRole("link", { name: "初赛：开始答题" }).click();
    await page.getByRole("heading", { name: "答题规则" }).waitFor();
    await page.getByText("可以返回修改答案，交卷前都可以改。").waitFor();
    await shot(page, "contest-rules");
    await page.getByRole("button", { name: "开始答题" }).click();

    // One question per screen, the countdown in the top bar, each answer saved as it is given.
    await page.waitForURL(/\/contests\/attempts\/[^/]+$/);
    await page.getByText("第 1 / 5 题", { exact: true }).waitFor();
    expect(await secondsLeft(page)).toBeGreaterThan(590);
    await answerShown(page);
    await page.getByText(/^已保存/).waitFor();
    await shot(page, "contest-question");
    // The stem has the focus after moving on, so a screen reader starts at the new question.
    await page.getByRole("button", { name: "下一题" }).click();
    await page.getByText("第 2 / 5 题", { exact: true }).waitFor();
    // The focus moves in an effect after the new question is painted: wait for it rather than race it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
    await answerShown(page, 1);
    await page.getByText(/^已保存/).waitFor();
    await page.getByRole("button", { name: "下一题" }).click();
    await page.getByText("第 3 / 5 题", { exact: true }).waitFor();

    // A reload in the middle comes back to the same question with the same time left.
    const before = await secondsLeft(page);
    const reloadedAt = Date.now();
    await page.reload();
    await page.getByText("第 3 / 5 题", { exact: true }).waitFor();
    const after = await secondsLeft(page);
    const elapsed = (Date.now() - reloadedAt) / 1000;
    expect(Math.abs(after - (before - elapsed))).toBeLessThanOrEqual(2);

    // The network drops: the answer waits, says so, and goes by itself when the network is back.
    await context.setOffline(true);
    await answerShown(page);
    await page.getByText("网络不稳定，答案将自动重新提交。").waitFor();
    await context.setOffline(false);
    await page.getByText(/^已保存/).waitFor({ timeout: 20_000 });

    // 答题卡: answered and not, in shape and words; a number jumps to its question.
    await page.getByRole("button", { name: "答题卡" }).click();
    const sheet = page.getByRole("dialog", { name: "答题卡" });
    await sheet.getByText("已答 3 题，未答 2 题。").waitFor();
    await shot(page, "contest-sheet");
    await sheet.getByRole("button", { name: "第 5 题，未答" }).click();
    await page.getByText("第 5 / 5 题", { exact: true }).waitFor();
    await answerShown(page);
    await page.getByText(/^已保存/).waitFor();

    // 交卷 with a question left asks first; going back to it and answering it, then handing in.
    await page.getByRole("button", { name: "交卷" }).click();
    const confirm = page.getByRole("dialog", { name: "确定交卷吗？" });
    await confirm.getByText("还有 1 题没有作答").waitFor();
    await confirm.getByRole("button", { name: "再检查一下" }).click();
    await page.getByRole("button", { name: "答题卡" }).click();
    await sheet.getByRole("button", { name: "第 4 题，未答" }).click();
    await page.getByText("第 4 / 5 题", { exact: true }).waitFor();
    await answerShown(page);
    await page.getByText(/^已保存/).waitFor();
    await page.getByRole("button", { name: "答题卡" }).click();
    await sheet.getByText("已答 5 题，未答 0 题。").waitFor();
    await sheet.getByRole("button", { name: "交卷" }).click();
    await confirm.getByText("5 道题已全部作答。").waitFor();
    await confirm.getByRole("button", { name: "确定交卷" }).click();

    // The result at once; the answers wait for the round to close.
    await page.waitForURL(/\/result$/);
    await page.getByText("已交卷", { exact: true }).waitFor();
    await page.getByText("第 1 名", { exact: true }).waitFor();
    await page.getByText("共 1 人", { exact: true }).waitFor();
    await page.getByText("正确答案和解析将在本轮结束后公布").waitFor();
    await shot(page, "contest-result");

    // The round closes (the organizer moves its window into the past): the review opens.
    const at = Date.now();
    await organizer("PATCH", `/api/rounds/${round.id}`, { opensAt: at - 2 * 60 * MINUTE, closesAt: at - 1_000 });
    await page.reload();
    await page.getByRole("heading", { name: "答题回顾" }).waitFor();
    const verdicts = await page.getByText(/^(回答正确|回答错误|部分正确)$/).count();
    expect(verdicts).toBe(5);
    await expect(page.getByText("解析", { exact: true }).count()).resolves.toBe(5);
    await shot(page, "contest-review-full", true);
    await page.getByRole("heading", { name: "答题回顾" }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -80));
    await shot(page, "contest-review");
    const firstWrong = page.getByText(/^(回答错误|部分正确)$/).first();
    if (await firstWrong.count()) {
      await firstWrong.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 300));
      await shot(page, "contest-review-wrong");
    }

    // The leaderboard: the top and my own place, names and orgs.
    await page.getByRole("link", { name: "查看排行榜" }).click();
    await page.getByRole("heading", { name: "我的名次" }).waitFor();
    await page.getByText("共 1 人参加").waitFor();
    await shot(page, "contest-leaderboard");

    // A leaderboard with many people: the demo data's finished contest, when it is there.
    await page.goto("/contests/rounds/demoroundq3constitution1/leaderboard");
    await page
      .getByRole("heading", { name: /^(前 50 名|全部名次)/ })
      .or(page.getByText("找不到该轮次"))
      .first()
      .waitFor();
    await shot(page, "contest-leaderboard-demo");
    await page.goBack();
    await page.getByRole("heading", { name: "我的名次" }).waitFor();

    // The certificate: first of one, so 荣誉证书; printable on A4 landscape.
    await page.getByRole("link", { name: "查看证书" }).click();
    await page.getByRole("heading", { name: "荣誉证书" }).waitFor();
    await page.getByText(title, { exact: false }).waitFor();
    await shot(page, "contest-certificate");
    await page.emulateMedia({ media: "print" });
    await shot(page, "contest-certificate-print");
    await page.emulateMedia({ media: "screen" });
    await context.close();

    // On a laptop the same certificate is a landscape sheet, and prints as one A4 landscape page.
    const wide = await browser.newContext({ ...LAPTOP, baseURL });
    const desk = await wide.newPage();
    await logIn(desk, "13800000121");
    await desk.goto(`/contests/rounds/${round.id}/certificate`);
    await desk.getByRole("heading", { name: "荣誉证书" }).waitFor();
    await shot(desk, "contest-certificate-laptop");
    const pdf = (await desk.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
    expect(boxes.length).toBe(1);
    const [width, height] = [Number(boxes[0]?.[1]), Number(boxes[0]?.[2])];
    expect(Math.round(width)).toBe(842);
    expect(Math.round(height)).toBe(595);
    await wide.close();
  }, 120_000);

  it("at the deadline the page says the time is up and moves to the result, whether or not the member hands in", async () => {
    const organizer = await apiAs(baseURL, ORGANIZER);
    const title = `浏览器测试限时赛 ${Date.now().toString(36)}`;
    // The round closes 25 s from now: an attempt's deadline is the earlier of its time limit and the close.
    const at = Date.now();
    await setUpContest(organizer, title, { opensAt: at - MINUTE, closesAt: at + 25_000 });

    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await logIn(page, "13800000123");
    await page.goto("/contests");
    await page.getByRole("article", { name: title }).getByRole("link", { name: "初赛：开始答题" }).click();
    // Less time than the limit: said before the start.
    await page.getByText(/现在开始的话，答题时间会少于 10 分钟/).waitFor();
    await page.getByRole("button", { name: "开始答题" }).click();
    await page.getByText("第 1 / 5 题", { exact: true }).waitFor();
    // The last minute: the countdown says so in words, not only in red.
    await page.getByText("最后 1 分钟").waitFor();
    await answerShown(page);
    await page.getByText(/^已保存/).waitFor();
    await shot(page, "contest-question-urgent");

    await page.getByRole("heading", { name: "答题时间到" }).waitFor({ timeout: 30_000 });
    await shot(page, "contest-timeup");
    await page.waitForURL(/\/result$/, { timeout: 20_000 });
    await page.getByText("答题时间到，已自动交卷").waitFor();
    // The round has closed for everyone (the only attempt is closed): the review is there at once.
    await page.getByRole("heading", { name: "答题回顾" }).waitFor();
    await context.close();
  }, 90_000);

  it("on a laptop: the list, and a round with a time per question that moves on by itself", async () => {
    const organizer = await apiAs(baseURL, ORGANIZER);
    const title = `浏览器测试抢答赛 ${Date.now().toString(36)}`;
    await setUpContest(organizer, title, { name: "复赛", questionTimeSec: 8, timeLimitSec: 120, scoring: "speed" });

    const context = await browser.newContext({ ...LAPTOP, baseURL });
    const page = await context.newPage();
    await logIn(page, "13800000122");
    await page.goto("/contests");
    const card = page.getByRole("article", { name: title });
    await card.getByText("答得越快得分越高", { exact: true }).waitFor();
    await card.getByText("每题限时 8 秒，不能返回", { exact: true }).waitFor();
    await shot(page, "contest-list-laptop");

    await card.getByRole("link", { name: "复赛：开始答题" }).click();
    await page.getByText("每题限时 8 秒，答完或时间到自动进入下一题，不能返回。").waitFor();
    await page.getByRole("button", { name: "开始答题" }).click();
    await page.getByText("第 1 / 5 题", { exact: true }).waitFor();
    await page.getByText("本题剩余").waitFor();
    await answerShown(page);
    await shot(page, "contest-question-laptop");

    // 确定 hands the answer in; the server moves on and the next question comes.
    await page.getByRole("button", { name: "确定" }).click();
    await page.getByText("第 2 / 5 题", { exact: true }).waitFor();

    // Left alone, the question's time runs out and the next one comes without a tap.
    await page.getByText("第 3 / 5 题", { exact: true }).waitFor({ timeout: 25_000 });
    await context.close();
  }, 90_000);
});

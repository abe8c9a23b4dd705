import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Bank, CheckinCode, CourseSessionResponse, EnrollmentState, ModuleResponse } from "../../worker/shared/api";
import { type Api, apiAs, DEMO_PASSWORD, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
const SCREENS = "test-results/screens";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The demo lecturer and organizer of 锂源新能源科技有限公司党委, and two of its members. */
const LECTURER = "13800000002";
const ORGANIZER = "13800000001";
const MEMBER = "13800000125";
const SCANNER = "13800000128";
const COMMITTEE = "demoenterprisecommittee";

/** Beijing 19:00 on the day `days` from now, as UTC ms. */
function eveningIn(days: number): number {
  const shanghaiMidnight = Math.floor((Date.now() + 8 * 60 * MINUTE) / DAY) * DAY - 8 * 60 * MINUTE;
  return shanghaiMidnight + days * DAY + 19 * 60 * MINUTE;
}

/**
 * A published self-paced module of the committee (for all its members), with a session in three
 * days open for enrollment and one starting in ten minutes (check-in open now).
 */
async function setUpCourse(lecturer: Api, organizer: Api, title: string) {
  const { module } = await lecturer<ModuleResponse>("POST", "/api/modules", {
    orgId: COMMITTEE,
    title,
    summary: "学习党的二十大精神，结合岗位实际谈体会。",
    bodyMd: "## 学习要点\n\n- 坚持人民至上\n- 坚持自信自立\n\n> 学习贵在联系实际。\n\n<script>window.pwned = true</script>",
    media: { kind: "link", url: "https://www.12371.cn/" },
    durationMin: 90,
    hours: 1.5,
    tags: ["党课"],
    audience: [{ type: "org", id: COMMITTEE }],
    selfPaced: true,
  });
  await lecturer("POST", `/api/modules/${module.id}/submit`, {});
  await organizer("POST", `/api/modules/${module.id}/publish`, {});
  const evening = eveningIn(3);
  const later = await lecturer<CourseSessionResponse>("POST", `/api/modules/${module.id}/sessions`, {
    kind: "offline",
    place: "研发中心三楼党员活动室",
    startsAt: evening,
    endsAt: evening + 90 * MINUTE,
    capacity: 30,
  });
  const at = Date.now();
  const now = await lecturer<CourseSessionResponse>("POST", `/api/modules/${module.id}/sessions`, {
    kind: "offline",
    place: "电芯车间一楼会议室",
    startsAt: at + 10 * MINUTE,
    endsAt: at + 100 * MINUTE,
    capacity: 50,
  });
  return { moduleId: module.id, later: later.session, now: now.session };
}

/** A published self-paced module completed by passing a 3-question quiz from a shipped public bank. */
async function setUpQuizModule(lecturer: Api, organizer: Api, title: string): Promise<string> {
  const { banks } = await lecturer<{ banks: Bank[] }>("GET", "/api/banks");
  const bank = banks.filter((b) => b.shipped && b.questionCount >= 10).sort((a, b) => b.questionCount - a.questionCount)[0];
  expect(bank, "a shipped public bank").toBeDefined();
  const { module } = await lecturer<ModuleResponse>("POST", "/api/modules", {
    orgId: COMMITTEE,
    title,
    summary: "读完后做 3 道题，答对 2 道即完成。",
    bodyMd: "学习党章第一章。",
    durationMin: 20,
    hours: 0.5,
    tags: ["理论学习"],
    audience: [{ type: "org", id: COMMITTEE }],
    selfPaced: true,
    quiz: { bankId: bank?.id, count: 3, passPct: 60 },
  });
  await lecturer("POST", `/api/modules/${module.id}/submit`, {});
  await organizer("POST", `/api/modules/${module.id}/publish`, {});
  return module.id;
}

/** Picks an answer for the question on screen: the first option (or 对, or a word in each blank). */
async function answerShown(page: Page): Promise<void> {
  const inputs = page.locator("main fieldset input");
  await inputs.first().waitFor();
  const kind = await inputs.first().getAttribute("type");
  if (kind === "radio" || kind === "checkbox") await page.locator("main fieldset label").first().click();
  else for (const input of await inputs.all()) await input.fill("实事求是");
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage });

describe.skipIf(!chromiumPath)("a member picks a course, enrolls and checks in on a phone", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("browses the catalog, enrolls, checks in by the QR (logged in, and logged out through the login), types the code, and sees the hours", async () => {
    const lecturer = await apiAs(baseURL, LECTURER);
    const organizer = await apiAs(baseURL, ORGANIZER);
    const title = `学习二十大精神专题党课 ${Date.now().toString(36)}`;
    const { moduleId, later, now } = await setUpCourse(lecturer, organizer, title);

    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await logIn(page, MEMBER);

    // 课程 in the tab bar; the catalog filtered to 党课 shows the session with its time, place, lecturer and seats.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "课程" }).click();
    await page.waitForURL(/\/courses$/);
    await page.getByRole("group", { name: "类别" }).getByRole("button", { name: "党课", exact: true }).click();
    await page.waitForURL(/tag=/);
    const card = page.getByRole("link", { name: title }).filter({ hasText: "研发中心三楼党员活动室" });
    await card.waitFor();
    await card.getByText("剩余 30 个名额").waitFor();
    await card.getByText(/^\d+月\d+日 周[一二三四五六日] 19:00–20:30$/).waitFor();
    await card.getByText("讲师 刘晓燕").waitFor();
    await shot(page, "courses-catalog");
    await shot(page, "courses-catalog-full", true);

    // The session: enroll, and the state and the seats change at once.
    await card.click();
    await page.waitForURL(new RegExp(`/sessions/${later.id}$`));
    await page.getByRole("heading", { name: title, level: 1 }).waitFor();
    await page.getByText("30 个，已报名 0 人").waitFor();
    await shot(page, "courses-session");
    await page.getByRole("button", { name: "报名" }).click();
    await page.getByText("您已报名").waitFor();
    await page.getByText("30 个，已报名 1 人").waitFor();
    await page.getByRole("button", { name: "取消报名" }).waitFor();
    await shot(page, "courses-session-enrolled");
    await shot(page, "courses-session-enrolled-full", true);

    // Cancelling asks first; kept here (再想想), the place stays.
    await page.getByRole("button", { name: "取消报名" }).click();
    await page.getByRole("dialog", { name: "取消报名？" }).getByRole("button", { name: "再想想" }).click();
    await page.getByText("您已报名").waitFor();

    // Back in the catalog the card says 已报名.
    await page.getByRole("link", { name: "课程", exact: true }).first().click();
    await page.waitForURL(/\/courses/);
    await page
      .getByRole("link", { name: title })
      .filter({ hasText: "研发中心三楼党员活动室" })
      .getByText("已报名", { exact: true })
      .waitFor();

    // The module: its body (the script in the Markdown is text, never run) and self-study on one's honour.
    await page.goto(`/courses/${moduleId}`);
    await page.getByRole("heading", { name: "学习要点" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await page.getByRole("link", { name: "打开课程链接" }).waitFor();
    await shot(page, "courses-module", true);
    await page
      .locator("main article section")
      .filter({ has: page.getByRole("heading", { name: "课程内容" }) })
      .screenshot({
        path: `${SCREENS}/courses-module-body.png`,
      });
    await page.getByRole("button", { name: "我已学完" }).click();
    const honour = page.getByRole("dialog", { name: "确认已学完这门课程" });
    await honour.getByText("这是凭诚信的确认").waitFor();
    await shot(page, "courses-module-confirm");
    await honour.getByRole("button", { name: "我已认真学完，确认" }).click();
    await page.getByRole("heading", { name: "已完成，记入 1.5 学时" }).waitFor();

    // A module completed by its quiz: one question per screen, handed in, then each question with its answer.
    const quizModule = await setUpQuizModule(lecturer, organizer, `${title}（自学测验）`);
    await page.goto(`/courses/${quizModule}`);
    await page.getByRole("link", { name: "开始测验" }).click();
    await page.getByText("第 1 / 3 题", { exact: true }).waitFor();
    await shot(page, "courses-quiz-question");
    for (let n = 1; n <= 3; n++) {
      await page.getByText(`第 ${n} / 3 题`, { exact: true }).waitFor();
      await answerShown(page);
      await page.getByRole("button", { name: n < 3 ? "下一题" : "交卷" }).click();
    }
    await page.getByRole("heading", { name: /^(测验通过|这次没有通过)$/ }).waitFor();
    await page.getByRole("heading", { name: "逐题查看" }).waitFor();
    await shot(page, "courses-quiz-result");
    await shot(page, "courses-quiz-result-full", true);

    // The session happening now: the member enrolled; the lecturer's screen shows the code; the member scans it.
    const member = await apiAs(baseURL, MEMBER);
    await member<EnrollmentState>("PUT", `/api/sessions/${now.id}/enrollment`);
    const first = await lecturer<CheckinCode>("GET", `/api/sessions/${now.id}/check-in-code`);
    expect(first.url).toMatch(new RegExp(`/check-in\\?s=${now.id}&c=\\d{6}$`));
    await page.goto(new URL(first.url).pathname + new URL(first.url).search);
    await page.getByRole("heading", { name: "签到成功" }).waitFor();
    await page.getByText(title, { exact: true }).waitFor();
    await page.getByText("+1.5 学时").waitFor();
    await shot(page, "courses-checkin-success");
    // A reload, or a second scan, shows the same success.
    await page.reload();
    await page.getByRole("heading", { name: "签到成功" }).waitFor();
    const again = await lecturer<CheckinCode>("GET", `/api/sessions/${now.id}/check-in-code`);
    await page.goto(new URL(again.url).pathname + new URL(again.url).search);
    await page.getByRole("heading", { name: "签到成功" }).waitFor();

    // The typed code: big digits, the numeric keypad; the current code checks in (here: already in, the same success).
    await page.goto("/check-in");
    const codeInput = page.getByRole("textbox", { name: "签到码" });
    await codeInput.waitFor();
    expect(await codeInput.getAttribute("inputmode")).toBe("numeric");
    expect(await codeInput.getAttribute("autocomplete")).toBe("one-time-code");
    await shot(page, "courses-checkin-code");
    await page.getByRole("button", { name: "签到", exact: true }).click();
    await page.getByText("请输入 6 位数字签到码").waitFor();
    const typed = await lecturer<CheckinCode>("GET", `/api/sessions/${now.id}/check-in-code`);
    await codeInput.fill(typed.code);
    await page.getByRole("button", { name: "签到", exact: true }).click();
    await page.getByRole("heading", { name: "签到成功" }).waitFor();
    await page.getByText("您已签到过，不必重复签到").waitFor();

    // 我的学时: this year's hours with the entry behind them.
    await page.getByRole("link", { name: "我的学时" }).click();
    await page.waitForURL(/\/study$/);
    await page.getByRole("heading", { name: "我的学时" }).waitFor();
    await page.getByText(title).first().waitFor();
    await page.getByText("+1.5 学时").first().waitFor();
    await shot(page, "courses-study");

    // The home page's course card names the next session; the hours card the year's hours.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
    await page.getByText(new RegExp(`^${title} · 研发中心三楼党员活动室$`)).waitFor();
    await page.getByText(/^下一场课：/).waitFor();
    await page.getByText(/年已记 [\d.]+ 学时/).waitFor();
    await shot(page, "courses-home");
    await context.close();

    // A phone that is not logged in scans: the scan is checked, it logs in, and the check-in completes with the ticket.
    const scanner = await apiAs(baseURL, SCANNER);
    await scanner<EnrollmentState>("PUT", `/api/sessions/${now.id}/enrollment`);
    const fresh = await browser.newContext({ ...PHONE, baseURL });
    const phone = await fresh.newPage();
    const checkIns: string[] = [];
    phone.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/api/check-ins") checkIns.push(request.postData() ?? "");
    });
    // A code that is not the session's (a mistyped link) is refused before any login, saying what to do.
    await phone.goto(
      `/check-in?s=${now.id}&c=${(await lecturer<CheckinCode>("GET", `/api/sessions/${now.id}/check-in-code`)).code === "000000" ? "000001" : "000000"}`,
    );
    await phone.getByRole("heading", { name: "签到没有成功" }).waitFor();
    await phone.getByText("请扫描屏幕上最新的二维码或输入签到码。").waitFor();
    await shot(phone, "courses-checkin-refused");
    checkIns.length = 0;

    const code = await lecturer<CheckinCode>("GET", `/api/sessions/${now.id}/check-in-code`);
    await phone.goto(new URL(code.url).pathname + new URL(code.url).search);
    await phone.waitForURL(/\/login\?next=/);
    await phone.getByLabel("手机号").fill(SCANNER);
    await phone.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await phone.getByRole("button", { name: "登录" }).click();
    await phone.getByRole("heading", { name: "签到成功" }).waitFor();
    await phone.getByText("+1.5 学时").waitFor();
    // Before the login one try with the code (refused: not logged in), after it the ticket: no second scan.
    expect(checkIns.at(-1)).toContain('"ticket"');
    await shot(phone, "courses-checkin-after-login");
    await fresh.close();

    // The organizer's laptop view of the catalog, as a member sees it there.
    const laptop = await browser.newContext({ ...LAPTOP, baseURL });
    const wide = await laptop.newPage();
    await logIn(wide, MEMBER);
    await wide.goto("/courses");
    await wide.getByRole("link", { name: title }).first().waitFor();
    await shot(wide, "courses-catalog-laptop");
    await laptop.close();
  });
});

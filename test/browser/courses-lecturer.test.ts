import { mkdirSync, readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { CheckInResult, CourseSession, EnrollmentState, SessionAttendance } from "../../worker/shared/api";
import { apiAs, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
const SCREENS = "test-results/screens";
const MINUTE = 60_000;

/** Demo people: 刘晓燕 lectures for 锂源新能源科技有限公司党委, 陈建华 organizes it; members 13800000100–129. */
const LECTURER = "13800000002";
const ORGANIZER = "13800000001";
/** Members in the committee's subtree (the module's audience), by the demo data's round-robin of branches. */
const MEMBERS = ["13800000100", "13800000101", "13800000102", "13800000103", "13800000104", "13800000107", "13800000108", "13800000109"];

/** "2026-03-05T14:07": Beijing wall-clock time as a datetime-local input takes it. */
const beijingInput = (ms: number) => new Date(ms + 8 * 60 * MINUTE).toISOString().slice(0, 16);

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage });

/** The code the check-in screen shows, read as a screen reader hears it ("签到码 1 2 3 4 5 6"). */
async function shownCode(page: Page): Promise<string> {
  const text = (await page.getByText(/^签到码 \d( \d){5}$/).textContent()) ?? "";
  return text.replace(/\D/g, "");
}

/** A 1×1 PNG: the smallest real file the media upload takes. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

describe.skipIf(!chromiumPath)("a lecturer's module, from writing to a session's attendance", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("writes and submits a module, gets it approved, schedules a session, shows the check-in screen and corrects and exports the attendance", async () => {
    const title = `安全生产与党建融合 ${Date.now().toString(36)}`;

    // ---- the lecturer writes a module on a laptop ----
    const lecturerContext = await browser.newContext({ ...LAPTOP, baseURL, acceptDownloads: true });
    const lecturer = await lecturerContext.newPage();
    await logIn(lecturer, LECTURER);
    // 刘晓燕 is a member too; on a laptop she starts as 讲师 (as an organizer starts as 组织管理员).
    await lecturer.getByRole("radio", { name: "讲师" }).first().waitFor();
    await expect(lecturer.getByRole("radio", { name: "讲师" }).first().isChecked()).resolves.toBe(true);
    // Her home shows the lecturer's course card (its description depends on her modules, so wait for the title).
    await lecturer
      .getByRole("link", { name: /我的课程/ })
      .first()
      .waitFor();
    await lecturer.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "课程", exact: true }).click();
    await lecturer.waitForURL(/\/teach$/);
    await lecturer.getByRole("link", { name: "编写新课程" }).first().click();
    await lecturer.waitForURL(/\/teach\/modules\/new$/);

    await lecturer.getByLabel("课程标题").fill(title);
    await lecturer.getByLabel("简介").fill("结合电芯车间的安全生产实际，讲清党员在安全生产中的先锋作用。");
    await lecturer
      .getByLabel("正文（Markdown）")
      .fill(
        "## 一、为什么讲安全\n\n安全生产是**头等大事**。\n\n- 班前会讲安全\n- 党员带头查隐患\n\n> 人人讲安全，个个会应急。\n\n<script>alert(1)</script>",
      );
    // The preview renders the Markdown and shows raw HTML as text, never runs it.
    const preview = lecturer.getByRole("region", { name: "预览（学员看到的样子）" });
    await preview.getByRole("heading", { name: "一、为什么讲安全" }).waitFor();
    await preview.getByText("<script>alert(1)</script>").waitFor();
    expect(await preview.locator("script").count()).toBe(0);
    await lecturer.getByLabel("时长（分钟）").fill("60");
    await lecturer.getByLabel("学时", { exact: true }).fill("1.5");
    await lecturer.getByText("车间党课", { exact: true }).click();
    // The audience starts as the lecturer's own org.
    await lecturer.getByText("面向：锂源新能源科技有限公司党委").waitFor();
    await lecturer.evaluate(() => window.scrollTo(0, 0));
    await shot(lecturer, "courses-lecturer-editor");
    await shot(lecturer, "courses-lecturer-editor-full", true);

    // A file: the draft is saved first, then the upload shows its progress and lands on the version.
    await lecturer.getByText("上传文件", { exact: true }).click();
    await lecturer.getByText("单个不超过 50 MB").waitFor();
    await lecturer.locator('input[type="file"]').setInputFiles({ name: "安全生产课件.png", mimeType: "image/png", buffer: PNG });
    await lecturer.waitForURL(/\/teach\/modules\/[a-z0-9]+\?saved=uploaded$/);
    await lecturer.getByText("文件已上传，草稿已保存。").waitFor();
    await lecturer.getByRole("link", { name: "安全生产课件.png" }).waitFor();
    const moduleId = new URL(lecturer.url()).pathname.split("/").pop() as string;
    await shot(lecturer, "courses-lecturer-editor-saved", true);

    await lecturer.getByRole("button", { name: "提交审核" }).click();
    await lecturer.getByText("第 1 版正在审核").waitFor();
    // Under review the form is read-only.
    await expect(lecturer.getByLabel("课程标题").isDisabled()).resolves.toBe(true);
    await lecturer.goto("/teach");
    await lecturer.getByRole("link", { name: title, exact: true }).waitFor();
    await lecturer.locator("li", { hasText: title }).getByText("待审核", { exact: true }).waitFor();
    await shot(lecturer, "courses-lecturer-modules");

    // ---- the organizer reviews and publishes it ----
    const organizerContext = await browser.newContext({ ...LAPTOP, baseURL, acceptDownloads: true });
    const organizer = await organizerContext.newPage();
    await logIn(organizer, ORGANIZER);
    // The workbench says a module waits.
    await organizer.getByText("门课程等待您审核").waitFor();
    await shot(organizer, "courses-organizer-home");
    await organizer.goto("/teach/review");
    await organizer.getByRole("link", { name: `审阅《${title}》` }).waitFor();
    await shot(organizer, "courses-organizer-review-queue");
    await organizer.getByRole("link", { name: `审阅《${title}》` }).click();
    await organizer.waitForURL(new RegExp(`/teach/review/${moduleId}$`));
    await organizer.getByRole("heading", { name: "一、为什么讲安全" }).waitFor();
    await organizer.getByText("1.5 学时", { exact: true }).waitFor();
    await shot(organizer, "courses-organizer-review");
    await organizer.getByRole("button", { name: "通过并发布" }).click();
    await organizer.getByText("第 1 版已发布").waitFor();

    // ---- the lecturer schedules a session that is checking in now (it starts in 10 minutes) ----
    await lecturer.goto(`/teach/sessions/new?module=${moduleId}`);
    await lecturer.getByLabel("上课地点").fill("公司党群活动中心 201 会议室");
    await lecturer.getByLabel("名额").fill("40");
    const startsAt = Date.now() + 10 * MINUTE;
    await lecturer.getByLabel("开始时间").fill(beijingInput(startsAt));
    // The end follows the start by the module's length (60 minutes); the module's author gives it by default.
    await expect(lecturer.getByLabel("结束时间").inputValue()).resolves.toBe(beijingInput(startsAt + 60 * MINUTE));
    const lecturerSelect = lecturer.getByLabel("主讲");
    await expect(lecturerSelect.inputValue()).resolves.toBe("");
    await lecturerSelect.locator("option", { hasText: "（课程作者）" }).waitFor({ state: "attached" });
    expect(await lecturerSelect.locator("option").count()).toBeGreaterThan(1);
    await shot(lecturer, "courses-lecturer-session-form", true);
    await lecturer.getByRole("button", { name: "安排课次" }).click();
    await lecturer.waitForURL(/\/teach\/sessions\/[a-z0-9]+$/);
    const sessionId = new URL(lecturer.url()).pathname.split("/").pop() as string;
    await lecturer.getByRole("heading", { name: title }).waitFor();

    // Members enroll (through the API, as their phones would).
    const members = await Promise.all(MEMBERS.map((phone) => apiAs(baseURL, phone)));
    for (const member of members) {
      const state = await member<EnrollmentState>("PUT", `/api/sessions/${sessionId}/enrollment`);
      expect(state.status).toBe("enrolled");
    }

    // ---- the check-in screen ----
    await lecturer.getByRole("link", { name: "打开签到屏" }).click();
    await lecturer.waitForURL(new RegExp(`/teach/sessions/${sessionId}/check-in$`));
    await lecturer.getByRole("img", { name: /签到二维码/ }).waitFor();
    await lecturer.getByText(`报名`, { exact: true }).waitFor();
    const code = await shownCode(lecturer);
    expect(code).toMatch(/^\d{6}$/);
    await expect(lecturer.getByText("还没有人签到。").isVisible()).resolves.toBe(true);
    await shot(lecturer, "courses-checkin-screen");

    // A member types the code shown; the count and the name arrive on the screen by themselves.
    const first = await members[0]?.<CheckInResult>("POST", "/api/check-ins", { sessionId, code: await shownCode(lecturer) });
    expect(first?.created).toBe(true);
    const second = await members[1]?.<CheckInResult>("POST", "/api/check-ins", { code: await shownCode(lecturer) });
    expect(second?.sessionId).toBe(sessionId);
    const arrivals = lecturer.getByRole("region", { name: "到场情况" });
    await arrivals.getByText("2", { exact: true }).waitFor({ timeout: 15_000 });
    await arrivals.getByText(String(MEMBERS.length), { exact: true }).waitFor();
    const names = (await members[0]?.<{ name: string }>("GET", "/api/me"))?.name as string;
    await arrivals.getByText(names, { exact: true }).waitFor();
    await shot(lecturer, "courses-checkin-screen-arrivals");

    // The same screen on a lecturer's phone.
    const phoneContext = await browser.newContext({ ...PHONE, baseURL });
    const phone = await phoneContext.newPage();
    await logIn(phone, LECTURER);
    await phone.goto(`/teach/sessions/${sessionId}/check-in`);
    await phone.getByRole("img", { name: /签到二维码/ }).waitFor();
    await phone.getByRole("region", { name: "到场情况" }).getByText("2", { exact: true }).waitFor();
    await shot(phone, "courses-checkin-screen-phone");
    await shot(phone, "courses-checkin-screen-phone-full", true);
    // The lecturer's other pages on that phone: the attendance so far and the module.
    await phone.goto(`/teach/sessions/${sessionId}`);
    await phone.getByRole("heading", { name: title }).waitFor();
    await shot(phone, "courses-attendance-phone", true);
    await phone.goto(`/teach/modules/${moduleId}`);
    await phone.getByText("第 1 版已发布").waitFor();
    await shot(phone, "courses-lecturer-editor-phone");
    await phoneContext.close();

    // ---- the organizer corrects the attendance and exports it ----
    await organizer.goto(`/teach/sessions/${sessionId}`);
    await organizer.getByRole("heading", { name: title }).waitFor();
    const firstName = names;
    await organizer.getByRole("button", { name: `撤销${firstName}的签到` }).click();
    const reverse = organizer.getByRole("dialog", { name: `撤销${firstName}的签到` });
    await reverse.getByRole("button", { name: "撤销签到" }).click();
    await reverse.getByText("请填写原因（至少 2 个字）").waitFor();
    await reverse.getByLabel("原因").fill("代签，本人未到场");
    await reverse.getByRole("button", { name: "撤销签到" }).click();
    await organizer.getByText(`已撤销${firstName}的签到，学时已扣回。`).waitFor();
    await organizer.getByText("原因：代签，本人未到场").waitFor();

    const absentName = (await members[2]?.<{ name: string }>("GET", "/api/me"))?.name as string;
    await organizer.getByRole("button", { name: `为${absentName}补录签到` }).click();
    const mark = organizer.getByRole("dialog", { name: `为${absentName}补录签到` });
    await mark.getByLabel("原因").fill("手机没电，本人在签到表上签字");
    await mark.getByRole("button", { name: "补录签到" }).click();
    await organizer.getByText(`已为${absentName}补录签到。`).waitFor();

    const attendance = await (await apiAs(baseURL, ORGANIZER))<SessionAttendance>("GET", `/api/sessions/${sessionId}/attendance`);
    expect(attendance.counts.present).toBe(2);
    expect(attendance.counts.reversed).toBe(1);
    await shot(organizer, "courses-attendance");
    await shot(organizer, "courses-attendance-full", true);

    const [download] = await Promise.all([
      organizer.waitForEvent("download"),
      organizer.getByRole("button", { name: "导出 Excel" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const text = JSON.stringify(book.worksheets.map((sheet) => sheet.getSheetValues()));
    expect(text).toContain(absentName);
    expect(text).toContain(firstName);

    // ---- the organizer marks present someone who did not enroll, found by name among the org's members ----
    const organizerApi = await apiAs(baseURL, ORGANIZER);
    const { session: held } = await organizerApi<{ session: CourseSession }>("GET", `/api/sessions/${sessionId}`);
    const { items } = await organizerApi<{ items: { userId: string; name: string; phone: string }[] }>(
      "GET",
      `/api/orgs/${held.orgId}/members?role=member&pageSize=200`,
    );
    const present = new Set(attendance.attendees.map((a) => a.userId));
    const walkIn = items.find((m) => !MEMBERS.includes(m.phone) && !present.has(m.userId));
    expect(walkIn).toBeDefined();
    const walkInName = walkIn?.name as string;
    await organizer.getByRole("button", { name: "补录其他人" }).click();
    const search = organizer.getByRole("dialog", { name: "补录其他人的签到" });
    await search.getByLabel("姓名、手机号或工号").fill(walkInName);
    await search
      .getByRole("button", { name: `为${walkInName}补录签到` })
      .first()
      .waitFor();
    await shot(organizer, "courses-attendance-search");
    await search
      .getByRole("button", { name: `为${walkInName}补录签到` })
      .first()
      .click();
    const markOther = organizer.getByRole("dialog", { name: `为${walkInName}补录签到` });
    await markOther.getByLabel("原因").fill("未报名，现场在签到表上签字");
    await markOther.getByRole("button", { name: "补录签到" }).click();
    await organizer.getByText(`已为${walkInName}补录签到。`).waitFor();
    const after = await organizerApi<SessionAttendance>("GET", `/api/sessions/${sessionId}/attendance`);
    expect(after.counts.present).toBe(3);
    expect(after.attendees.find((a) => a.userId === walkIn?.userId)).toMatchObject({ method: "organizer", walkIn: true });

    // The organizer's modules page is titled for what it holds: every course of their orgs.
    await organizer.goto("/teach");
    await organizer.getByRole("heading", { level: 1, name: "课程管理" }).waitFor();
    await organizer.getByRole("navigation", { name: "课程管理页面" }).getByRole("link", { name: "课程管理" }).waitFor();
    await organizer.getByText("审核讲师提交的课程").waitFor();
    await shot(organizer, "courses-organizer-modules");

    // The lecturer's list of sessions shows it with its numbers, attendance included.
    await lecturer.goto("/teach/sessions");
    const row = lecturer.getByRole("row", { name: new RegExp(title) });
    await row.getByText(`${MEMBERS.length} / 40`).waitFor();
    await row.getByRole("cell", { name: "3", exact: true }).waitFor();
    await shot(lecturer, "courses-lecturer-sessions");

    // ---- the lecturer cancels another session of the module; its member sees it cancelled ----
    const lecturerApi = await apiAs(baseURL, LECTURER);
    const spare = `备用会议室 ${Date.now().toString(36)}`;
    const later = Date.now() + 3 * 24 * 60 * MINUTE;
    const { session: extra } = await lecturerApi<{ session: CourseSession }>("POST", `/api/modules/${moduleId}/sessions`, {
      kind: "offline",
      place: spare,
      capacity: 10,
      startsAt: later,
      endsAt: later + 60 * MINUTE,
    });
    await members[3]?.("PUT", `/api/sessions/${extra.id}/enrollment`);
    await lecturer.reload();
    const extraRow = lecturer.getByRole("row", { name: new RegExp(spare) });
    await extraRow.getByRole("button", { name: /^取消《/ }).click();
    const cancel = lecturer.getByRole("dialog", { name: "取消这个课次？" });
    await cancel.getByText("已报名的 1 人和候补的 0 人会在课程页看到“本场已取消”").waitFor();
    await shot(lecturer, "courses-cancel-session");
    await cancel.getByRole("button", { name: "取消课次" }).click();
    await lecturer.getByText("课次已取消，已报名的人会看到“本场已取消”。").waitFor();
    await extraRow.getByText("已取消", { exact: true }).waitFor();
    const seen = await members[3]?.<{ session: CourseSession }>("GET", `/api/sessions/${extra.id}`);
    expect(seen?.session.status).toBe("cancelled");

    // ---- the lecturer archives a draft they no longer need ----
    const { module: owned } = await lecturerApi<{ module: { orgId: string } }>("GET", `/api/modules/${moduleId}`);
    const stale = `作废草稿 ${Date.now().toString(36)}`;
    await lecturerApi("POST", "/api/modules", {
      orgId: owned.orgId,
      title: stale,
      durationMin: 30,
      hours: 0.5,
      audience: [{ type: "org", id: owned.orgId }],
    });
    await lecturer.goto("/teach");
    await lecturer.getByRole("button", { name: `归档《${stale}》` }).click();
    const archive = lecturer.getByRole("dialog", { name: `归档《${stale}》？` });
    await archive.getByText("归档后课程从学员的课程列表中移除").waitFor();
    await shot(lecturer, "courses-archive-module");
    await archive.getByRole("button", { name: "归档课程" }).click();
    await lecturer.getByText(`《${stale}》已归档。`).waitFor();
    await lecturer.locator("li", { hasText: stale }).getByText("已归档", { exact: true }).waitFor();
    const session = await members[0]?.<{ session: CourseSession }>("GET", `/api/sessions/${sessionId}`);
    expect(session?.session.my.attended).toBe(false);

    // The lecturer's home names the session checking in now.
    await lecturer.goto("/");
    await lecturer.getByText(/^正在签到：/).waitFor();
    await shot(lecturer, "courses-lecturer-home");

    // ---- the same pages on an organizer's phone: the courses list, the editor's audience, the person search ----
    const organizerPhoneContext = await browser.newContext({ ...PHONE, baseURL });
    const organizerPhone = await organizerPhoneContext.newPage();
    await logIn(organizerPhone, ORGANIZER);
    await organizerPhone.goto("/teach");
    await organizerPhone.getByRole("link", { name: title, exact: true }).waitFor();
    await shot(organizerPhone, "courses-organizer-modules-phone");
    await organizerPhone.goto(`/teach/modules/${moduleId}`);
    const audience = organizerPhone.getByRole("heading", { name: "面向对象" });
    await audience.waitFor();
    await organizerPhone.getByText("面向：锂源新能源科技有限公司党委").waitFor();
    await audience.scrollIntoViewIfNeeded();
    await shot(organizerPhone, "courses-editor-audience-phone");
    await organizerPhone.goto("/teach/sessions");
    await organizerPhone.getByRole("row", { name: new RegExp(spare) }).waitFor();
    await shot(organizerPhone, "courses-sessions-phone", true);
    await organizerPhone.goto(`/teach/sessions/${sessionId}`);
    await organizerPhone.getByRole("button", { name: "补录其他人" }).click();
    await organizerPhone.getByLabel("姓名、手机号或工号").fill(walkInName.slice(0, 1));
    await organizerPhone.getByRole("dialog").getByRole("listitem").first().waitFor();
    await shot(organizerPhone, "courses-attendance-search-phone");
    await organizerPhoneContext.close();
    await lecturer.goto(`/teach/modules/${moduleId}`);
    await lecturer.getByText("面向：锂源新能源科技有限公司党委").waitFor();
    await lecturer.getByRole("heading", { name: "面向对象" }).scrollIntoViewIfNeeded();
    await shot(lecturer, "courses-editor-audience");

    await lecturerContext.close();
    await organizerContext.close();
  });
});

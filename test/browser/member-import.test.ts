import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findChromium, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)("importing members on a phone", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an organizer uploads a CSV, sees the bad row with its number and reason, fixes the file and imports it", async () => {
    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await logIn(page, "13800000001");
    await page.goto("/orgs/import");

    const suffix = String(Date.now()).slice(-7);
    const good = `1370${suffix}`;
    const withError = `姓名,手机号,所在组织,职务\r\n赵新民,${good},研发中心党支部,党员\r\n钱多多,12345,研发中心党支部,党员\r\n`;
    await page.locator('input[type="file"]').setInputFiles({ name: "名单.csv", mimeType: "text/csv", buffer: Buffer.from(withError) });
    await page.getByRole("button", { name: "上传并预览" }).click();
    await page.getByText("第 3 行：手机号“12345”格式不正确").first().waitFor();
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);
    // Kept for a person to look at (test-results/ is not committed).
    await page.screenshot({ path: "test-results/screens/import-preview-errors-phone.png", fullPage: true });

    const fixed = `姓名,手机号,所在组织,职务\r\n赵新民,${good},研发中心党支部,党员\r\n`;
    await page.getByRole("button", { name: "重新选择文件" }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: "名单.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
    await page.getByRole("button", { name: "上传并预览" }).click();
    await page.getByText("新增 1").first().waitFor();
    await page.getByRole("button", { name: "确认导入" }).click();
    await page.getByText("导入完成").waitFor();
    await page.getByText(good).first().waitFor();
    await context.close();
  });
});

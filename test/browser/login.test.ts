import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findChromium, LAPTOP, launchChromium, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error("CI needs Chromium for the browser tests: apt-get install -y chromium");
if (!chromiumPath) console.warn("Skipping browser tests: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH).");

describe.skipIf(!chromiumPath)("logging in on a phone", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a member logs in with phone and password at 390×844 and lands on their home page", async () => {
    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await page.goto("/");
    await expect.poll(() => page.url()).toContain("/login");
    await page.screenshot({ path: "test-results/screens/login-phone.png" });
    await page.getByLabel("手机号").fill("13800000100");
    await page.getByLabel("密码", { exact: true }).fill("Demo@2026");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.url()).not.toContain("/login");
    await page.getByRole("heading", { name: "王志强，您好" }).waitFor();
    // The session is an HttpOnly __Host- cookie: present for the browser, invisible to scripts.
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "__Host-lx_session")).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("lx_session");
    await context.close();
  });

  it("a wrong password shows the reason in Chinese and stays on the login page", async () => {
    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("手机号").fill("13800000100");
    await page.getByLabel("密码", { exact: true }).fill("wrong-password1");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("手机号或密码不正确").waitFor();
    expect(page.url()).toContain("/login");
    await context.close();
  });

  it("an organizer logs in on a laptop and reaches the org tree", async () => {
    const context = await browser.newContext({ ...LAPTOP, baseURL });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("手机号").fill("13800000001");
    await page.getByLabel("密码", { exact: true }).fill("Demo@2026");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.url()).not.toContain("/login");
    await page.getByRole("link", { name: "组织与成员" }).first().click();
    // The narrow-screen tree toggle repeats the org name but is hidden on a laptop: wait for the visible one.
    await page.getByText("锂源新能源科技有限公司党委").filter({ visible: true }).first().waitFor();
    await context.close();
  });
});

import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { chromeFlags, chromePath } from "../../scripts/chromium.ts";

/** The Chromium to drive, or null when none is installed. */
export function findChromium(): string | null {
  return existsSync(chromePath) ? chromePath : null;
}

export function launchChromium(): Promise<Browser> {
  if (!findChromium()) throw new Error("Chromium not found: apt-get install -y chromium");
  return chromium.launch({ executablePath: chromePath, args: chromeFlags });
}

/** A member's phone, as the UI is designed for it. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" };
export const LAPTOP = { viewport: { width: 1366, height: 768 }, locale: "zh-CN" };

export const DEMO_PASSWORD = "Demo@2026";

/** Logs in through the login form, as a person would, and waits to leave the login page. */
export async function logIn(page: Page, phone: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

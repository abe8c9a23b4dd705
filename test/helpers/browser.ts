import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
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

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * An API client for a browser test's setup and checks: logs in with the demo password and calls
 * with a bearer token, as an integrator would (no browser, no cookie). A call that does not answer
 * 2xx fails the test with the status and body.
 */
export async function apiAs(baseURL: string, phone: string): Promise<Api> {
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: phone, password: DEMO_PASSWORD }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseURL}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.ok, `${method} ${path} → ${res.status} ${text}`).toBe(true);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

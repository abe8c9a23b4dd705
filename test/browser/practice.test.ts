import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();

/** Answers the question on screen with its first choice (or 对, or a word in each blank) and submits it. */
async function answerShownQuestion(page: Page): Promise<"回答正确" | "回答错误"> {
  const inputs = page.locator("form fieldset input");
  await inputs.first().waitFor();
  const kind = await inputs.first().getAttribute("type");
  if (kind === "radio" || kind === "checkbox") {
    await page.locator("form fieldset label").first().click();
  } else {
    for (const input of await inputs.all()) await input.fill("不知道");
  }
  await page.getByRole("button", { name: "提交" }).click();
  const verdict = page.getByText(/^回答(正确|错误)$/);
  await verdict.waitFor();
  return (await verdict.textContent()) as "回答正确" | "回答错误";
}

describe.skipIf(!chromiumPath)("daily practice on a phone", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a member answers the day's set one question at a time, comes back to the summary after a reload, and finds the misses in the wrong book", async () => {
    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await logIn(page, "13800000105");
    await page.goto("/practice");
    await page.getByText(/^第 1 \/ \d+ 题$/).waitFor();
    const total = Number((await page.getByText(/^第 1 \/ \d+ 题$/).textContent())?.match(/\/ (\d+)/)?.[1]);
    expect(total).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: "test-results/screens/practice-question-phone.png" });

    // Submitting with nothing chosen says what to do instead of sending an empty answer.
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText(/请(先选择答案|至少填写一个空)/).waitFor();

    const verdicts: string[] = [];
    for (let n = 1; n <= total; n++) {
      await page.getByText(`第 ${n} / ${total} 题`).waitFor();
      verdicts.push(await answerShownQuestion(page));
      if (n === 1) await page.screenshot({ path: "test-results/screens/practice-feedback-phone.png" });
      if (n === 2) {
        // A reload in the middle comes back to the first question not yet answered.
        await page.reload();
        await page.getByText(`第 3 / ${total} 题`).waitFor();
        continue;
      }
      await page.getByRole("button", { name: n === total ? "查看今日小结" : "下一题" }).click();
    }

    const correct = verdicts.filter((v) => v === "回答正确").length;
    await page.getByRole("heading", { name: "今日练习已完成" }).waitFor();
    await page.getByText(`答对 ${correct} / ${total}`).waitFor();
    await page.screenshot({ path: "test-results/screens/practice-summary-phone.png", fullPage: true });

    await page.reload();
    await page.getByRole("heading", { name: "今日练习已完成" }).waitFor();

    await page.goto("/practice/wrong-book");
    const wrong = total - correct;
    if (wrong > 0) {
      await page.getByText(`共 ${wrong} 题待复习`).waitFor();
    } else {
      await page.getByText("错题本是空的").waitFor();
    }
    await page.screenshot({ path: "test-results/screens/practice-wrong-book-phone.png", fullPage: true });

    // Mastery shows the share right per tag, with the counts beside it.
    await page.goto("/practice/mastery");
    await page.getByRole("heading", { name: "掌握情况" }).first().waitFor();
    await page
      .getByText(/^答对 \d+ \/ \d+$/)
      .first()
      .waitFor();
    await page.screenshot({ path: "test-results/screens/practice-mastery-phone.png", fullPage: true });
    await context.close();
  });

  it("an organizer on a laptop sees the same practice page laid out for a wide screen", async () => {
    const context = await browser.newContext({ ...LAPTOP, baseURL });
    const page = await context.newPage();
    await logIn(page, "13800000001");
    await page.goto("/practice");
    await page.getByText(/^第 1 \/ \d+ 题$/).waitFor();
    await page.screenshot({ path: "test-results/screens/practice-question-laptop.png" });
    await context.close();
  });
});

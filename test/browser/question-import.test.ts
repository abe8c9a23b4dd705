import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findChromium, LAPTOP, launchChromium, logIn } from "../helpers/browser";

const chromiumPath = findChromium();

const HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "标签", "难度", "出处"];

/** A question sheet as an organizer keeps it in Excel: one row per question under Chinese headers. */
async function questionSheet(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("题目");
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const GOOD_ROWS: (string | number)[][] = [
  [
    "单选题",
    "中国共产党第一次全国代表大会在（ ）召开。",
    "上海",
    "北京",
    "广州",
    "武汉",
    "A",
    "一大在上海开幕，最后一天转移到嘉兴南湖。",
    "新民主主义革命时期",
    1,
    "《中国共产党简史》第一章",
  ],
  ["多选题", "“三会一课”中的“三会”是指（ ）。", "支部党员大会", "支部委员会", "党小组会", "职工代表大会", "ABC", "", "党的基本知识", 2, ""],
  ["判断题", "党员应按规定交纳党费。", "", "", "", "", "对", "", "党的基本知识", 1, "《中国共产党章程》"],
];

describe.skipIf(!chromiumPath)("importing questions from Excel on a laptop", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an organizer creates a bank, uploads a sheet, sees the bad row with its number and reason, fixes the file and imports it", async () => {
    const context = await browser.newContext({ ...LAPTOP, baseURL, acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, "13800000001");

    await page.goto("/banks");
    await page.getByRole("button", { name: "新建题库" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("题库名称").fill("车间党课题库");
    await dialog.getByRole("button", { name: "新建题库" }).click();
    await page.getByRole("heading", { name: "车间党课题库" }).waitFor();

    await page.getByRole("link", { name: "导入试题" }).first().click();
    await page.getByRole("heading", { name: "试题导入" }).waitFor();

    // The template the page offers is a real workbook with the headers the importer reads.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载 Excel 模板" }).click()]);
    const template = new ExcelJS.Workbook();
    await template.xlsx.load(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)));
    expect(template.worksheets[0]?.getRow(1).values).toEqual(expect.arrayContaining(["题型", "题干", "答案"]));

    const withError = await questionSheet([
      ...GOOD_ROWS,
      ["单选题", "党的二十大召开于（ ）年。", "2021", "2022", "", "", "E", "", "", 2, ""],
    ]);
    const file = { name: "党史题库.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
    await page.locator('input[type="file"]').setInputFiles({ ...file, buffer: withError });
    await page.getByRole("button", { name: "识别并预览" }).click();
    await page
      .getByText(/^第 5 行：/)
      .first()
      .waitFor();
    await page.getByText("错误 1").first().waitFor();
    await page.getByText("可导入 3").first().waitFor();
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);
    await page.screenshot({ path: "test-results/screens/question-import-errors-laptop.png", fullPage: true });

    await page.getByRole("button", { name: "重新选择" }).first().click();
    const fixed = await questionSheet([...GOOD_ROWS, ["单选题", "党的二十大召开于（ ）年。", "2021", "2022", "", "", "B", "", "", 2, ""]]);
    await page.locator('input[type="file"]').setInputFiles({ ...file, buffer: fixed });
    await page.getByRole("button", { name: "识别并预览" }).click();
    await page.getByText("可导入 4").first().waitFor();
    await page.getByRole("button", { name: "确认导入" }).click();
    await page.getByText("已导入 4 道题，跳过 0 道。").waitFor();
    await page.screenshot({ path: "test-results/screens/question-import-done-laptop.png", fullPage: true });

    await page.getByRole("link", { name: "查看题库" }).click();
    await page.getByText("中国共产党第一次全国代表大会在（ ）召开。").waitFor();
    await page.getByText("党的二十大召开于（ ）年。").waitFor();
    // Questions imported together are listed in the order of the file.
    expect(await page.locator("tbody tr").first().textContent()).toContain("中国共产党第一次全国代表大会");
    await page.screenshot({ path: "test-results/screens/bank-questions-laptop.png", fullPage: true });

    // The same file again: every question is a likely duplicate of one now in the bank.
    await page.goto(page.url().replace(/\/banks\/([^/?]+).*$/, "/banks/import?bank=$1"));
    await page.locator('input[type="file"]').setInputFiles({ ...file, buffer: fixed });
    await page.getByRole("button", { name: "识别并预览" }).click();
    await page.getByText("疑似重复 4").first().waitFor();
    await page.screenshot({ path: "test-results/screens/question-import-duplicates-laptop.png", fullPage: true });
    await context.close();
  });
});

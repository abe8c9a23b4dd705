import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ContestResponse } from "../../worker/shared/api";
import {
  type ClientMessage,
  LIVE_PROTOCOL_VERSION,
  type LiveResponse,
  type ServerMessage,
  ServerMessageSchema,
} from "../../worker/shared/live-protocol";
import { DEMO_PASSWORD, findChromium, LAPTOP, launchChromium, logIn } from "../helpers/browser";

const chromiumPath = findChromium();

const ORGANIZER = "13800000001";
/** Demo members under the organizer's committee (the battery company), who may play. */
const PLAYERS = ["13800000100", "13800000101", "13800000102"];
const SCREENS = "test-results/screens";
const PROJECTOR = { width: 1920, height: 1080 };
const LAPTOP_SMALL = { width: 1366, height: 768 };

/** Beijing wall clock for a datetime-local input. */
const beijingInput = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

type Frame<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

/**
 * A member's phone, simulated from Node: the room's WebSocket with the member's session (a bearer
 * token from the API login), every frame checked against the protocol's schema.
 */
class Phone {
  readonly frames: ServerMessage[] = [];
  private waiters: (() => void)[] = [];
  private constructor(
    readonly ws: WebSocket,
    readonly label: string,
  ) {
    ws.addEventListener("message", (event) => {
      if (event.data === "pong") return;
      this.frames.push(ServerMessageSchema.parse(JSON.parse(String(event.data))));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(baseURL: string, roundId: string, token: string, label: string): Promise<Phone> {
    const url = `${baseURL.replace(/^http/, "ws")}/api/live/${roundId}/ws?as=player`;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } } as unknown as string[]);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error(`${label}: the room refused the connection`)), { once: true });
    });
    const phone = new Phone(ws, label);
    phone.send({ type: "hello", v: LIVE_PROTOCOL_VERSION });
    await phone.waitFor("state");
    return phone;
  }

  send(message: ClientMessage) {
    this.ws.send(JSON.stringify(message));
  }

  /** The first frame of this type (after `from`) that passes `test`, waiting up to `ms`. */
  async waitFor<T extends ServerMessage["type"]>(type: T, test: (f: Frame<T>) => boolean = () => true, ms = 15_000): Promise<Frame<T>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.find((f): f is Frame<T> => f.type === type && test(f as Frame<T>));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${this.label}: no ${type}; got ${this.frames.map((f) => f.type).join(", ")}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async answer(seq: number, response: LiveResponse) {
    const id = crypto.randomUUID();
    this.send({ type: "answer", seq, response, id });
    const ack = await this.waitFor("ack", (a) => a.id === id);
    expect(ack.accepted, `${this.label} answer to ${seq}: ${ack.reason ?? ""}`).toBe(true);
  }

  close() {
    this.ws.close();
  }
}

describe.skipIf(!chromiumPath)("an organizer hosts a live round on a laptop with a projector", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;

  async function token(phone: string): Promise<string> {
    const res = await fetch(`${baseURL}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ login: phone, password: DEMO_PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${phone}: ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: `${SCREENS}/live-${name}.png` });
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a live round, opens the room, runs questions with three phones, and the projector follows", {
    timeout: 240_000,
  }, async () => {
    const context = await browser.newContext({ ...LAPTOP, baseURL });
    const page = await context.newPage();
    await logIn(page, ORGANIZER);

    // ---- a contest, and a live round in the round editor ----
    await page.goto("/contests/manage/new");
    const title = `现场赛决赛 ${Date.now().toString(36)}`;
    await page.getByLabel("竞赛名称").fill(title);
    await page.getByRole("button", { name: "保存为草稿" }).click();
    await page.getByText("竞赛已保存为草稿。").waitFor();
    const contestId = new URL(page.url()).pathname.split("/").pop() ?? "";

    await page.getByRole("button", { name: "添加轮次" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio", { name: /^现场赛/ }).check();
    // A live round: no per-person paper, no time limit per person, one attempt — the form says so instead.
    expect(await dialog.getByRole("radio", { name: /每人随机抽题/ }).count()).toBe(0);
    expect(await dialog.getByLabel("每人答题限时（分钟）").count()).toBe(0);
    await dialog.getByText("现场赛全场同时作答同一套题").waitFor();
    await dialog.getByRole("radio", { name: /^个人赛/ }).waitFor();
    await dialog.getByText(/团队赛需要先在下方“竞赛设置”里勾选“按团队排名”/).waitFor();
    await dialog.getByLabel("轮次名称").fill("决赛");
    const now = Date.now();
    await dialog.getByLabel("开始时间（北京时间）").fill(beijingInput(now - 10 * 60_000));
    await dialog.getByLabel("结束时间（北京时间）").fill(beijingInput(now + 3 * 3_600_000));
    await dialog.getByLabel("每题作答时间（秒）").fill("40");
    await dialog.getByRole("checkbox", { name: /党史/ }).first().check();
    await dialog.getByLabel("题型", { exact: true }).selectOption("single");
    await dialog.getByLabel("题数", { exact: true }).fill("3");
    await dialog.getByLabel("每题分值", { exact: true }).fill("10");
    await shot(page, "round-dialog");
    await dialog.getByRole("button", { name: "添加轮次" }).click();
    await page.getByText("已添加轮次“决赛”。").waitFor();
    await page.getByText("每题 40 秒 · 个人赛").waitFor();

    await page.getByRole("button", { name: "发布竞赛" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "确认发布" }).click();
    await page.getByText(`“${title}”已发布`).waitFor();
    const organizer = await token(ORGANIZER);
    const { contest } = (await (
      await fetch(`${baseURL}/api/contests/${contestId}`, { headers: { authorization: `Bearer ${organizer}` } })
    ).json()) as ContestResponse;
    const round = contest.rounds[0];
    if (!round) throw new Error("no round");
    expect(round).toMatchObject({ mode: "live", drawMode: "same", questionTimeSec: 40, liveTeamPlay: "individual", questionCount: 3 });

    // ---- 开启现场赛 leads to the host console: the PIN, the link, nobody yet ----
    await page.getByRole("button", { name: "开启“决赛”的现场赛" }).click();
    await page.waitForURL(`**/live/${round.id}/host?contest=${contestId}`);
    await page.getByText("已连接").waitFor();
    const pin =
      (
        await page
          .locator("p")
          .filter({ hasText: /^\d{6}$/ })
          .first()
          .textContent()
      )?.trim() ?? "";
    expect(pin).toMatch(/^\d{6}$/);
    await page.getByText("还没有人加入").waitFor();

    // ---- the projector, a second window at 1080p ----
    const [screen] = await Promise.all([context.waitForEvent("page"), page.getByRole("button", { name: "打开投影画面" }).click()]);
    await screen.setViewportSize(PROJECTOR);
    await screen.waitForURL(`**/live/${round.id}/screen`);
    await screen.getByText(pin.slice(0, 3), { exact: true }).waitFor();
    await screen.getByRole("img", { name: "扫码加入本场现场赛" }).waitFor();

    // ---- three phones join ----
    const phones: Phone[] = [];
    for (const [i, phone] of PLAYERS.entries()) phones.push(await Phone.connect(baseURL, round.id, await token(phone), `phone ${i + 1}`));
    await page.getByText("3 人", { exact: true }).waitFor();
    await expect.poll(async () => screen.locator("strong").filter({ hasText: /^3$/ }).count()).toBeGreaterThan(0);
    await shot(screen, "screen-lobby-1080");
    await shot(page, "host-lobby-1366");

    // ---- question 1: the host starts with the keyboard; the projector shows it with its countdown ----
    await page.locator("body").click({ position: { x: 5, y: 700 } });
    await page.keyboard.press("ArrowRight");
    const q1 = (await phones[0]?.waitFor("question"))?.question;
    if (!q1) throw new Error("no question");
    expect(q1.seq).toBe(1);
    await screen.getByRole("heading", { name: q1.stem }).waitFor();
    await screen.getByText("已作答 0 / 3").waitFor();
    await phones[0]?.answer(1, { type: "single", choice: 0 });
    await phones[1]?.answer(1, { type: "single", choice: 1 });
    await screen.getByText("已作答 2 / 3").waitFor();
    await page.getByText("2 / 3").waitFor();
    await shot(screen, "screen-question-1080");
    await shot(page, "host-question-1366");
    await screen.setViewportSize(LAPTOP_SMALL);
    await shot(screen, "screen-question-768");
    await screen.setViewportSize(PROJECTOR);

    // Pause and ten more seconds, from the console; the projector says it is paused.
    await page.getByRole("button", { name: "暂停" }).click();
    await screen.getByText("暂停中").waitFor();
    await page.getByRole("button", { name: "继续" }).click();
    await page.getByRole("button", { name: "延长 10 秒" }).click();
    await phones[0]?.waitFor("extended");

    // The last answer closes the question: the spread, the right answer, then the board.
    await phones[2]?.answer(1, { type: "single", choice: 0 });
    const reveal1 = await phones[0]?.waitFor("reveal", (r) => r.seq === 1);
    if (!reveal1) throw new Error("no reveal");
    expect(reveal1.distribution.reduce((a, b) => a + b, 0)).toBe(3);
    await screen.getByRole("heading", { name: "正确答案" }).waitFor();
    await screen.getByRole("list", { name: "答题分布" }).waitFor();
    await screen.getByText("3 人作答").waitFor();
    await shot(screen, "screen-reveal-1080");
    await page.getByText(/^正确答案：/).waitFor();
    await shot(page, "host-reveal-1366");
    await screen.getByRole("heading", { name: /排行榜/ }).waitFor({ timeout: 15_000 });
    for (const entry of reveal1.leaderboard) await screen.getByText(entry.name, { exact: true }).first().waitFor();
    await shot(screen, "screen-board-1080");

    // ---- question 2: 下一题 from the console; skipped (voided) by the host after one answer ----
    await page.getByRole("button", { name: "下一题" }).click();
    const q2 = (await phones[0]?.waitFor("question", (f) => f.question.seq === 2))?.question;
    if (!q2) throw new Error("no question 2");
    await screen.getByRole("heading", { name: q2.stem }).waitFor();
    await phones[1]?.answer(2, { type: "single", choice: 0 });
    await page.getByRole("button", { name: "跳过" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "跳过本题" }).click();
    const q3 = (await phones[0]?.waitFor("question", (f) => f.question.seq === 3))?.question;
    if (!q3) throw new Error("no question 3");
    await screen.getByRole("heading", { name: q3.stem }).waitFor();
    await page.getByText("第 2 题已跳过，不计分。").waitFor();

    // ---- question 3, the last: everyone answers; the console offers the end ----
    for (const [i, phone] of phones.entries()) await phone.answer(3, { type: "single", choice: i % 2 });
    await phones[0]?.waitFor("reveal", (r) => r.seq === 3 && r.last);
    await page.getByRole("button", { name: "结束并公布排名" }).waitFor();
    await page.keyboard.press("Space");
    const ended = await phones[0]?.waitFor("ended");
    if (!ended) throw new Error("not ended");
    await screen.getByRole("heading", { name: "最终排名" }).waitFor();
    const winner = ended.standings[0];
    if (!winner) throw new Error("no standings");
    await screen.getByRole("list", { name: "最终排名" }).getByText(winner.name, { exact: true }).waitFor();
    await shot(screen, "screen-final-1080");
    await page.getByText("本轮现场赛已结束").waitFor();
    await shot(page, "host-ended-1366");

    for (const phone of phones) phone.close();
    await context.close();
  });
});

import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ClientMessage, LIVE_PROTOCOL_VERSION, type ServerMessage, ServerMessageSchema } from "../../worker/shared/live-protocol";
import { DEMO_PASSWORD, findChromium, LAPTOP, launchChromium, logIn, PHONE } from "../helpers/browser";

const chromiumPath = findChromium();
const SCREENS = "test-results/screens";
const MINUTE = 60_000;

/** The demo organizer of 锂源新能源科技有限公司党委; its members include 13800000122–125. */
const ORGANIZER = "13800000001";
const COMMITTEE = "demoenterprisecommittee";
const PHONE_MEMBER = "13800000122";
const OTHER_PLAYER = "13800000123";
const AUDIENCE_MEMBER = "13800000125";
/** In the same branch (电芯车间党支部) as PHONE_MEMBER: a team in team play. */
const TEAMMATE = "13800000121";

/** Two questions whose right and wrong options the test knows by their words (the room may shuffle them). */
const QUESTIONS = [
  {
    stem: "遵义会议于哪一年召开？",
    options: ["1934年", "1935年", "1936年", "1937年"],
    answer: 1,
    wrong: 3,
    explanation: "遵义会议于1935年1月在贵州遵义召开。",
  },
  {
    stem: "中国共产党第一次全国代表大会在哪座城市开幕？",
    options: ["上海", "北京", "广州", "武汉"],
    answer: 0,
    wrong: 1,
    explanation: "1921年7月23日，中共一大在上海开幕，后转移到嘉兴南湖继续举行。",
  },
];

type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

async function logInApi(baseURL: string, phone: string): Promise<string> {
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: phone, password: DEMO_PASSWORD }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  return ((await login.json()) as { token: string }).token;
}

/** An API client for setting up: a bearer token, as an integrator would use it. */
async function apiAs(baseURL: string, phone: string): Promise<Api> {
  const token = await logInApi(baseURL, phone);
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

/**
 * A laptop or phone driven from Node on the room's WebSocket (Node 22's WebSocket), with the
 * session cookie a browser would send and our own Origin. Every frame is checked against the protocol.
 */
class NodeSocket {
  readonly frames: ServerMessage[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener("message", (event) => {
      if (event.data === "pong") return;
      this.frames.push(ServerMessageSchema.parse(JSON.parse(String(event.data))));
    });
  }

  static async open(baseURL: string, phone: string, roundId: string, as: "host" | "player"): Promise<NodeSocket> {
    const token = await logInApi(baseURL, phone);
    const url = `${baseURL.replace(/^http/, "ws")}/api/live/${roundId}/ws?as=${as}`;
    // Node's (undici's) WebSocket takes headers; the DOM type does not know it.
    const init = { headers: { cookie: `__Host-lx_session=${token}`, origin: baseURL } } as unknown as string[];
    const ws = new WebSocket(url, init);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error(`${as} ${phone}: the WebSocket did not open`)), { once: true });
    });
    const socket = new NodeSocket(ws);
    socket.send({ type: "hello", v: LIVE_PROTOCOL_VERSION });
    await socket.next("state");
    return socket;
  }

  send(message: ClientMessage) {
    this.ws.send(JSON.stringify(message));
  }

  /** The first frame of this type after `after` frames (waits up to 10 s). */
  async next<T extends ServerMessage["type"]>(type: T, after = 0): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.frames.slice(after).find((f) => f.type === type);
      if (found) return found as Extract<ServerMessage, { type: T }>;
      if (Date.now() > deadline) throw new Error(`no ${type} frame; got ${this.frames.map((f) => f.type).join(", ")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close() {
    this.ws.close(1000, "done");
  }
}

/** A published contest of the committee with one live round of the two questions, 2 minutes each. */
async function setUpLiveRound(api: Api, title: string, teamPlay: "individual" | "team_captain" = "individual") {
  const { bank } = await api<{ bank: { id: string } }>("POST", "/api/banks", { orgId: COMMITTEE, name: `${title} 题库` });
  for (const q of QUESTIONS) {
    await api("POST", `/api/banks/${bank.id}/questions`, {
      status: "active",
      draft: {
        type: "single",
        stem: q.stem,
        options: q.options,
        answer: q.answer,
        explanation: q.explanation,
        source: "《中国共产党简史》",
        tags: ["党史"],
        difficulty: 2,
      },
    });
  }
  const { contest } = await api<{ contest: { id: string } }>("POST", "/api/contests", {
    title,
    description: "浏览器测试用的现场赛。",
    hosts: [{ type: "org", id: COMMITTEE }],
    scopeOrgIds: [COMMITTEE],
    ...(teamPlay === "individual" ? {} : { team: { kind: "branch", method: "mean" } }),
  });
  const at = Date.now();
  const { round } = await api<{ round: { id: string } }>("POST", `/api/contests/${contest.id}/rounds`, {
    name: "决赛",
    mode: "live",
    drawMode: "same",
    questionTimeSec: 120,
    liveTeamPlay: teamPlay,
    opensAt: at - MINUTE,
    closesAt: at + 60 * MINUTE,
    timeLimitSec: 600,
    drawSpec: { bankIds: [bank.id], parts: [{ type: "single", count: 2, points: 10 }] },
  });
  await api("POST", `/api/contests/${contest.id}/publish`, {});
  const room = await api<{ pin: string; roundId: string }>("POST", `/api/rounds/${round.id}/room`, {});
  return { roundId: round.id, pin: room.pin };
}

/** The question on the phone, by its stem. */
async function shownQuestion(page: Page) {
  const stem = (await page.locator("main h2").first().textContent()) ?? "";
  const q = QUESTIONS.find((x) => stem.includes(x.stem));
  if (!q) throw new Error(`unknown question: ${stem}`);
  return q;
}

/** The question's time left as the top bar shows it, in seconds. */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.getByRole("timer").textContent()) ?? "";
  return Number.parseInt(text, 10);
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage });

describe.skipIf(!chromiumPath)("a member plays a live round on a phone", () => {
  const baseURL = inject("baseURL");
  let browser: Browser;
  const sockets: NodeSocket[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
  });

  it("joins by PIN after logging in, answers, rides out a lost network, sees right and wrong, and the end", async () => {
    const organizer = await apiAs(baseURL, ORGANIZER);
    const title = `现场赛浏览器测试 ${Date.now().toString(36)}`;
    const { roundId, pin } = await setUpLiveRound(organizer, title);

    // Not logged in, from the projector's QR (here with a PIN that is wrong): the login, then back to
    // /live, which tries the PIN at once and says in plain words that there is no such room.
    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    const wrongPin = pin === "999999" ? "999998" : "999999";
    await page.goto(`/live?pin=${wrongPin}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("手机号").fill(PHONE_MEMBER);
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((url) => url.pathname === "/live");
    await page.getByText("找不到该赛场，请核对房间码").waitFor();
    await shot(page, "live-join-error");

    // The PIN typed by hand: big digits on the numeric keypad.
    const pinInput = page.getByLabel("房间码");
    expect(await pinInput.getAttribute("inputmode")).toBe("numeric");
    await pinInput.fill(pin);
    await page.getByRole("button", { name: "进入赛场" }).click();
    await page.waitForURL(`**/live/${roundId}`);
    await page.getByText("已加入，等待主持人开始").waitFor();
    await page.getByText("个人赛：每人各自作答").waitFor();
    await shot(page, "live-lobby");

    // The host on a laptop, another player on another phone (both from Node), and a member watching.
    const host = await NodeSocket.open(baseURL, ORGANIZER, roundId, "host");
    const other = await NodeSocket.open(baseURL, OTHER_PLAYER, roundId, "player");
    sockets.push(host, other);
    const watcherContext = await browser.newContext({ ...PHONE, baseURL });
    const watcher = await watcherContext.newPage();
    await logIn(watcher, AUDIENCE_MEMBER);
    await watcher.goto("/live");
    await watcher.getByLabel("房间码").waitFor();
    await shot(watcher, "live-join");
    await watcher.goto(`/live/${roundId}?as=audience`);
    await watcher.getByText("已进入观众席，等待主持人开始").waitFor();

    // Question 1: the stem, the options as cards, the server's countdown.
    let otherFrom = other.frames.length;
    host.send({ type: "host.start" });
    await page.getByText("第 1 / 2 题", { exact: true }).waitFor();
    const first = await shownQuestion(page);
    expect(await secondsLeft(page)).toBeGreaterThan(100);
    await shot(page, "live-question");

    // The audience votes (it does not count).
    await watcher.getByText("第 1 / 2 题", { exact: true }).waitFor();
    await watcher.locator("main fieldset label").first().click();
    await watcher.getByText("已投票（不计分）").waitFor();
    await shot(watcher, "live-audience-question");

    // A tap answers, once; the room's ack turns it into 已提交.
    await page.locator("main fieldset label", { hasText: first.options[first.answer] as string }).click();
    await page.getByText("已提交", { exact: true }).waitFor();
    await shot(page, "live-answered");

    // The phone loses the network mid-question: it says so, comes back by itself, and has its place,
    // its answer and the server's time left.
    const before = await secondsLeft(page);
    const cutAt = Date.now();
    await context.setOffline(true);
    await page.getByText("网络中断，正在重新连接…").waitFor();
    await shot(page, "live-reconnecting");
    await page.waitForTimeout(2500);
    await context.setOffline(false);
    await page.getByText("网络中断，正在重新连接…").waitFor({ state: "hidden", timeout: 20_000 });
    await page.getByText("已提交", { exact: true }).waitFor();
    const chosen = page.locator("main fieldset label", { hasText: first.options[first.answer] as string });
    expect(await chosen.getAttribute("data-state")).toBe("chosen");
    await page.getByText("第 1 / 2 题", { exact: true }).waitFor();
    const elapsed = Math.round((Date.now() - cutAt) / 1000);
    const after = await secondsLeft(page);
    expect(Math.abs(after - (before - elapsed))).toBeLessThanOrEqual(2);

    // The other player answers: everyone has, so the question closes and the phone sees it was right.
    const q1 = await other.next("question", otherFrom);
    other.send({ type: "answer", seq: q1.question.seq, response: { type: "single", choice: 0 }, id: "other-1" });
    await page.getByText("回答正确").waitFor();
    await page.getByText("+10 分").waitFor();
    await page.getByText("第 1 名").or(page.getByText("第 2 名")).first().waitFor();
    await shot(page, "live-reveal-right");
    await shot(page, "live-reveal-right-full", true);
    await watcher.getByText("观众投票", { exact: true }).waitFor();
    await shot(watcher, "live-audience-reveal", true);

    // Question 2: a wrong answer.
    otherFrom = other.frames.length;
    host.send({ type: "host.next" });
    await page.getByText("第 2 / 2 题", { exact: true }).waitFor();
    const second = await shownQuestion(page);
    expect(second.stem).not.toBe(first.stem);
    await page.locator("main fieldset label", { hasText: second.options[second.wrong] as string }).click();
    await page.getByText("已提交", { exact: true }).waitFor();
    const q2 = await other.next("question", otherFrom);
    other.send({ type: "answer", seq: q2.question.seq, response: { type: "single", choice: 0 }, id: "other-2" });
    await page.getByText("回答错误").waitFor();
    await page.getByText("+0 分").waitFor();
    await page.getByText("这是最后一题，等待主持人公布最终成绩。").waitFor();
    await shot(page, "live-reveal-wrong");
    await shot(page, "live-reveal-wrong-full", true);

    // The end: the final rank and score, and the round's leaderboard.
    host.send({ type: "host.next" });
    await page.getByText("本轮现场赛已结束").waitFor();
    await page.getByText("最终排名").waitFor();
    await page.getByText("10 分", { exact: true }).waitFor();
    const leaderboard = page.getByRole("link", { name: "查看本轮排行榜" });
    expect(await leaderboard.getAttribute("href")).toBe(`/contests/rounds/${roundId}/leaderboard`);
    await shot(page, "live-end");
    await watcher.getByText(/^感谢观看！/).waitFor();

    // The way in from 竞赛: a quiet 现场赛 line above the contests.
    await page.goto("/contests");
    await page.getByRole("link", { name: /现场赛.*输入房间码/ }).waitFor();
    await shot(page, "live-contests-entry");

    // On a laptop the same pages keep to a phone's width, centred.
    const laptop = await browser.newContext({ ...LAPTOP, baseURL });
    const desk = await laptop.newPage();
    await logIn(desk, AUDIENCE_MEMBER);
    await desk.goto("/live");
    await desk.getByLabel("房间码").waitFor();
    await shot(desk, "live-join-laptop");
    await desk.goto(`/live/${roundId}?as=audience`);
    await desk.getByRole("heading", { name: "本轮现场赛已结束" }).waitFor();
    await shot(desk, "live-end-laptop");

    await laptop.close();
    await watcherContext.close();
    await context.close();
  });
  it("in team-captain play, a member who is not the captain sees the question, who answers for the team, and the team's result", async () => {
    const organizer = await apiAs(baseURL, ORGANIZER);
    const { roundId } = await setUpLiveRound(organizer, `现场团队赛浏览器测试 ${Date.now().toString(36)}`, "team_captain");

    // The teammate joins first, so is the team's captain; the host is on a laptop.
    const captain = await NodeSocket.open(baseURL, TEAMMATE, roundId, "player");
    const host = await NodeSocket.open(baseURL, ORGANIZER, roundId, "host");
    sockets.push(captain, host);

    const context = await browser.newContext({ ...PHONE, baseURL });
    const page = await context.newPage();
    await logIn(page, PHONE_MEMBER);
    await page.goto(`/live/${roundId}`);
    await page.getByText("已加入，等待主持人开始").waitFor();
    await page.locator("main dd", { hasText: "电芯车间党支部" }).waitFor();
    await page.getByText(/^队长：/).waitFor();
    await page.getByText("团队赛：每题由队长代表全队作答").waitFor();
    await shot(page, "live-team-lobby");

    const from = captain.frames.length;
    host.send({ type: "host.start" });
    await page.getByText("第 1 / 2 题", { exact: true }).waitFor();
    await page.getByText(/^由队长 .+ 作答$/).waitFor();
    await page.getByText("队长还未提交").waitFor();
    // The options are there to read, not to tap.
    expect(await page.locator("main fieldset input").first().isDisabled()).toBe(true);
    await shot(page, "live-team-watching");

    // The captain answers right for the team: the only team has answered, so the question closes.
    const q = (await captain.next("question", from)).question;
    const known = QUESTIONS.find((x) => q.stem.includes(x.stem));
    if (!known) throw new Error(`unknown question: ${q.stem}`);
    const choice = q.options.indexOf(known.options[known.answer] as string);
    captain.send({ type: "answer", seq: q.seq, response: { type: "single", choice }, id: "captain-1" });
    await page.getByText("回答正确").waitFor();
    await page.getByText("本队得分").waitFor();
    await shot(page, "live-team-reveal");

    host.send({ type: "host.end" });
    await page.getByText("本轮现场赛已结束").waitFor();
    await shot(page, "live-team-end");
    await context.close();
  });
});

/**
 * One live room with N simulated phones, as its own `node` process (like the other load scripts) so
 * the phones never share an event loop with the bench harness. Node 22's own WebSocket (undici),
 * which takes request headers (a non-standard init option): each phone sends its bearer token on the
 * upgrade, as the API accepts it on any route; no cookie is needed.
 *
 * The host (the demo organizer) connects first. The phones then join as a hall does: each finds the
 * room by its PIN (POST /api/live/join) and opens the room's WebSocket as a player, a few at a time,
 * says hello and gets the state. When the host's lobby shows them all, for each question: the host
 * sends next and every phone's receipt of the `question` frame is timed from that send (all in this
 * one process, one clock); each phone answers at a uniformly random moment in the second after it
 * got the question, and its ack is timed from its send; the last answer closes the question and the
 * reveal must reach every phone. Then the host ends the round. Every frame is counted per phone:
 * a question, ack, reveal or end frame missing is "dropped", one more than expected "duplicated".
 *
 * Lobby frames (one to every socket at each join: the DO's broadcast) are counted but not parsed,
 * except the host's: parsing ~N²/2 frames of a few KB would make this process the bottleneck.
 *
 * Config on stdin as JSON (LiveLoadConfig), result on stdout as one JSON line (LiveLoadResult).
 */
import { request } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { ClientMessage, LiveResponse, ServerMessage } from "../worker/shared/live-protocol.ts";
import { type LatencySummary, random, round1, summarize } from "./attempt-load.ts";
import { liveBenchToken } from "./live-data.ts";

export type LiveLoadConfig = {
  baseUrl: string;
  roundId: string;
  pin: string;
  hostToken: string;
  phones: string[];
  /** Questions the host runs (at most the paper's); then the host ends the round. */
  questions: number;
  /** Each phone answers at a uniformly random moment within this long after it got the question. */
  answerSpreadMs: number;
  /** Phones joining at once (join request + WebSocket upgrade + hello). */
  connectConcurrency: number;
  /** How long a phone may take to join; the whole lobby, to show everyone. */
  connectTimeoutMs: number;
  lobbyTimeoutMs: number;
  /** How long to wait for a question, ack, reveal or end frame before counting it missing. */
  frameTimeoutMs: number;
  /** Between a reveal and the host's next (a hall looks at the board). */
  pauseMs: number;
};

export type Integrity = { expected: number; received: number; dropped: number; duplicated: number };

export type LiveQuestionResult = {
  seq: number;
  /** Per phone: host's send → the phone has the question frame. */
  delivery: LatencySummary;
  /** Host's send → the last phone has it (= delivery.max when all got it). */
  toLastPhoneMs: number;
  answersSent: number;
  /** First answer sent → last answer sent. */
  answerWindowMs: number;
  /** Per answer: sent → its ack received. */
  ack: LatencySummary;
  accepted: number;
  rejected: Record<string, number>;
  /** Last answer sent → the last phone has the reveal. */
  revealAfterLastAnswerMs: number;
  revealReached: number;
  /** The host's progress frames for this question (one per accepted answer). */
  hostProgress: number;
};

export type PhaseMark = { name: string; from: number; to: number };

export type LiveLoadResult = {
  phones: number;
  connect: {
    /** First join request → last phone with its state frame. */
    seconds: number;
    connected: number;
    failed: number;
    join: LatencySummary;
    /** new WebSocket → open (the upgrade through the Worker to the room). */
    upgrade: LatencySummary;
    /** hello sent → state received. */
    hello: LatencySummary;
    errors: Record<string, number>;
  };
  lobby: {
    /** Players the host's lobby showed last. */
    players: number;
    /** Last phone connected → the host's lobby shows everyone (the broadcast backlog). */
    settleMs: number;
    /** Lobby frames all phones received together, and their size. */
    frames: number;
    megabytes: number;
    /** The lobby frames the host received (one per join, with the roster) and their size; the last one's size. */
    hostFrames: number;
    hostMegabytes: number;
    lastFrameBytes: number;
  };
  questions: LiveQuestionResult[];
  /** Over all questions. */
  delivery: LatencySummary;
  ack: LatencySummary;
  integrity: { question: Integrity; ack: Integrity; reveal: Integrity; ended: Integrity };
  errorFrames: Record<string, number>;
  /** Sockets that closed before the bench closed them, by close code. */
  unexpectedCloses: Record<string, number>;
  /** Host's end → every phone has the ended frame; and whether the host got it (the room ended). */
  endedMs: number;
  hostEnded: boolean;
  /** This load process: CPU used, the event loop's delay (high = the phones here were the bottleneck). */
  client: { cpuSeconds: number; wallSeconds: number; eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number; maxRssMiB: number };
  phases: PhaseMark[];
  /** The first thing that went wrong, if anything (the run goes on as far as it can). */
  broke: string | null;
  /** Per phone from its reveals: questions right and points — what D1 must show afterwards. */
  perPhone: { phone: string; joined: boolean; answered: number; correct: number; points: number }[];
};

/** Node 22's WebSocket (undici): the init's `headers` are sent with the upgrade request. */
type NodeWebSocket = {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "close", listener: (event: { code: number }) => void): void;
};
const WebSocketCtor = (
  globalThis as unknown as { WebSocket: new (url: string, init: { headers: Record<string, string> }) => NodeWebSocket }
).WebSocket;

type QuestionFrame = Extract<ServerMessage, { type: "question" }>["question"];

class Client {
  ws: NodeWebSocket | null = null;
  state = false;
  expectClose = false;
  closeCode: number | null = null;
  readonly questionAt = new Map<number, number>();
  readonly questionCount = new Map<number, number>();
  readonly revealCount = new Map<number, number>();
  readonly revealAt = new Map<number, number>();
  readonly results = new Map<number, { credit: number; points: number }>();
  readonly answerSentAt = new Map<number, number>();
  readonly ackAt = new Map<number, number>();
  readonly ackCount = new Map<number, number>();
  readonly ackReason = new Map<number, string>();
  ended = 0;
  lobbyFrames = 0;
  lobbyBytes = 0;
  lastLobby: { players: number; bytes: number } | null = null;
  progress = new Map<number, number>();
  errors: string[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    readonly label: string,
    readonly token: string,
    readonly rand: () => number,
    readonly spreadMs: number,
    readonly isHost: boolean,
  ) {}

  connect(url: string, timeoutMs: number): Promise<{ upgradeMs: number; helloMs: number } | { error: string }> {
    const started = performance.now();
    return new Promise((resolve) => {
      let opened = 0;
      let settled = false;
      const done = (value: { upgradeMs: number; helloMs: number } | { error: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => done({ error: opened ? "no state frame (timeout)" : "upgrade timeout" }), timeoutMs);
      const ws = new WebSocketCtor(url, { headers: { authorization: `Bearer ${this.token}` } });
      this.ws = ws;
      ws.addEventListener("open", () => {
        opened = performance.now();
        ws.send(JSON.stringify({ type: "hello", v: 1 } satisfies ClientMessage));
      });
      ws.addEventListener("error", () => done({ error: opened ? "socket error" : "upgrade refused" }));
      ws.addEventListener("close", (event) => {
        this.closeCode = event.code;
        this.wake();
        done({ error: `closed ${event.code} before state` });
      });
      ws.addEventListener("message", (event) => {
        this.onFrame(String(event.data));
        if (this.state) done({ upgradeMs: opened - started, helloMs: performance.now() - opened });
      });
    });
  }

  private onFrame(text: string) {
    const at = performance.now();
    if (!this.isHost && text.startsWith('{"type":"lobby"')) {
      this.lobbyFrames += 1;
      this.lobbyBytes += Buffer.byteLength(text);
      return;
    }
    const frame = JSON.parse(text) as ServerMessage;
    switch (frame.type) {
      case "state":
        this.state = true;
        break;
      case "lobby":
        this.lastLobby = { players: frame.players, bytes: Buffer.byteLength(text) };
        this.lobbyFrames += 1;
        this.lobbyBytes += this.lastLobby.bytes;
        break;
      case "question": {
        const seq = frame.question.seq;
        this.questionCount.set(seq, (this.questionCount.get(seq) ?? 0) + 1);
        if (!this.questionAt.has(seq)) {
          this.questionAt.set(seq, at);
          if (!this.isHost) this.scheduleAnswer(frame.question);
        }
        break;
      }
      case "ack":
        this.ackCount.set(frame.seq, (this.ackCount.get(frame.seq) ?? 0) + 1);
        if (!this.ackAt.has(frame.seq)) {
          this.ackAt.set(frame.seq, at);
          if (!frame.accepted) this.ackReason.set(frame.seq, frame.reason ?? "?");
        }
        break;
      case "reveal":
        this.revealCount.set(frame.seq, (this.revealCount.get(frame.seq) ?? 0) + 1);
        if (!this.revealAt.has(frame.seq)) this.revealAt.set(frame.seq, at);
        if (frame.result) this.results.set(frame.seq, { credit: frame.result.credit, points: frame.result.points });
        break;
      case "progress":
        this.progress.set(frame.seq, (this.progress.get(frame.seq) ?? 0) + 1);
        break;
      case "ended":
        this.ended += 1;
        break;
      case "error":
        this.errors.push(frame.code);
        break;
      default:
        break;
    }
    this.wake();
  }

  private scheduleAnswer(q: QuestionFrame) {
    const response = responseFor(q, this.rand);
    setTimeout(
      () => {
        if (this.ws?.readyState !== 1) return;
        this.answerSentAt.set(q.seq, performance.now());
        this.send({ type: "answer", seq: q.seq, response, id: `${this.label}-${q.seq}` });
      },
      Math.floor(this.rand() * this.spreadMs),
    );
  }

  send(message: ClientMessage) {
    this.ws?.send(JSON.stringify(message));
  }

  close() {
    this.expectClose = true;
    try {
      this.ws?.close(1000, "bench done");
    } catch {}
  }

  /** Wakes whoever waits on this client (the harness polls conditions on frame arrival). */
  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** Waits until `ready()` or the timeout; true when ready. Checks every 20 ms (cheap: counters only). */
async function until(ready: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!ready()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(config: LiveLoadConfig): Promise<LiveLoadResult> {
  const wallStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let maxRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => {
    maxRss = Math.max(maxRss, process.memoryUsage.rss());
  }, 250);
  const phases: PhaseMark[] = [];
  const mark = (name: string, from: number) => phases.push({ name, from, to: Date.now() });
  let broke: string | null = null;
  const fail = (what: string) => {
    broke ??= what;
  };

  const wsUrl = `${config.baseUrl.replace(/^http/, "ws")}/api/live/${config.roundId}/ws`;
  const host = new Client("host", config.hostToken, random(1), 0, true);
  const hostConnected = await host.connect(`${wsUrl}?as=host`, config.connectTimeoutMs);
  if ("error" in hostConnected) throw new Error(`the host could not connect: ${hostConnected.error}`);

  // ---- Joining ------------------------------------------------------------------------------
  const phones = config.phones.map((phone, i) => new Client(`p${i}`, liveBenchToken(phone), random(i + 1), config.answerSpreadMs, false));
  const joinMs: number[] = [];
  const upgradeMs: number[] = [];
  const helloMs: number[] = [];
  const connectErrors: Record<string, number> = {};
  const connected: Client[] = [];
  const connectFrom = Date.now();
  const connectStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, config.connectConcurrency) }, async () => {
      while (next < phones.length) {
        const phone = phones[next++] as Client;
        const joined = await joinByPin(config.baseUrl, phone.token, config.pin, config.connectTimeoutMs);
        if ("error" in joined) {
          connectErrors[`join ${joined.error}`] = (connectErrors[`join ${joined.error}`] ?? 0) + 1;
          continue;
        }
        joinMs.push(joined.ms);
        const result = await phone.connect(`${wsUrl}?as=player`, config.connectTimeoutMs);
        if ("error" in result) {
          // Why the upgrade failed: the WebSocket API does not say, a plain upgrade request does.
          const why = result.error === "upgrade refused" ? await upgradeStatus(wsUrl, phone.token) : result.error;
          connectErrors[`ws ${why}`] = (connectErrors[`ws ${why}`] ?? 0) + 1;
          phone.close();
          continue;
        }
        upgradeMs.push(result.upgradeMs);
        helloMs.push(result.helloMs);
        connected.push(phone);
      }
    }),
  );
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  mark("connect", connectFrom);
  if (connected.length < phones.length) fail(`${phones.length - connected.length} of ${phones.length} phones could not join`);

  // The host's lobby shows everyone once the room has taken them all in.
  const lobbyFrom = Date.now();
  const lobbyStarted = performance.now();
  const inLobby = await until(() => (host.lastLobby?.players ?? 0) >= connected.length || host.closeCode !== null, config.lobbyTimeoutMs);
  const settleMs = performance.now() - lobbyStarted;
  if (host.closeCode !== null) fail(`the host's socket closed (${host.closeCode}) in the lobby`);
  else if (!inLobby) fail(`the host's lobby showed ${host.lastLobby?.players ?? 0} of ${connected.length} players`);
  // Then until the lobby frames stop arriving (none for 1.5 s; phones may get them once a second):
  // the questions are timed on a quiet room.
  const lobbyFrames = () => [host, ...connected].reduce((sum, p) => sum + p.lobbyFrames + (p.lastLobby ? 1 : 0), 0);
  for (let before = -1, deadline = performance.now() + config.lobbyTimeoutMs; performance.now() < deadline && inLobby; ) {
    const now = lobbyFrames();
    if (now === before) break;
    before = now;
    await sleep(1500);
  }
  mark("lobby", lobbyFrom);

  // ---- Questions ----------------------------------------------------------------------------
  const questions: LiveQuestionResult[] = [];
  const allDelivery: number[] = [];
  const allAcks: number[] = [];
  // A socket the server closed will receive nothing more: waiting for it would only wait out the timeout.
  const gone = (p: Client) => p.closeCode !== null;
  for (let seq = 1; seq <= config.questions; seq++) {
    if (gone(host)) {
      fail(`the host's socket closed (${host.closeCode}) before question ${seq}`);
      break;
    }
    const from = Date.now();
    const live = connected.filter((p) => !gone(p));
    const sentAt = performance.now();
    host.send({ type: seq === 1 ? "host.start" : "host.next" });
    const allGot = await until(() => live.every((p) => p.questionAt.has(seq) || gone(p)), config.frameTimeoutMs);
    const missed = live.filter((p) => !p.questionAt.has(seq)).length;
    if (!allGot || missed) fail(`question ${seq}: ${missed} phones never got it`);
    // Everyone who got it answers within the spread; the last answer closes the question.
    const answerers = live.filter((p) => p.questionAt.has(seq));
    await until(() => answerers.every((p) => p.answerSentAt.has(seq) || gone(p)), config.answerSpreadMs + config.frameTimeoutMs);
    await until(() => answerers.every((p) => p.ackAt.has(seq) || gone(p)), config.frameTimeoutMs);
    const unacked = answerers.filter((p) => p.answerSentAt.has(seq) && !p.ackAt.has(seq)).length;
    if (unacked) fail(`question ${seq}: ${unacked} answers never acknowledged`);
    await until(() => live.every((p) => p.revealAt.has(seq) || gone(p)) && (host.revealAt.has(seq) || gone(host)), config.frameTimeoutMs);
    const unrevealed = live.filter((p) => !p.revealAt.has(seq)).length;
    if (unrevealed) fail(`question ${seq}: ${unrevealed} phones never got the reveal`);
    if (!host.revealAt.has(seq)) fail(`question ${seq}: the host never got the reveal`);
    mark(`question ${seq}`, from);

    const delivery = live.flatMap((p) => {
      const at = p.questionAt.get(seq);
      return at === undefined ? [] : [at - sentAt];
    });
    const sends = answerers.flatMap((p) => {
      const at = p.answerSentAt.get(seq);
      return at === undefined ? [] : [at];
    });
    const acks = answerers.flatMap((p) => {
      const sent = p.answerSentAt.get(seq);
      const got = p.ackAt.get(seq);
      return sent === undefined || got === undefined ? [] : [got - sent];
    });
    allDelivery.push(...delivery);
    allAcks.push(...acks);
    const rejected: Record<string, number> = {};
    for (const p of answerers) {
      const reason = p.ackReason.get(seq);
      if (reason) rejected[reason] = (rejected[reason] ?? 0) + 1;
    }
    const lastSend = Math.max(...sends);
    const reveals = live.flatMap((p) => {
      const at = p.revealAt.get(seq);
      return at === undefined ? [] : [at];
    });
    questions.push({
      seq,
      delivery: summarize(delivery),
      toLastPhoneMs: round1(Math.max(0, ...delivery)),
      answersSent: sends.length,
      answerWindowMs: sends.length ? round1(lastSend - Math.min(...sends)) : 0,
      ack: summarize(acks),
      accepted: acks.length - Object.values(rejected).reduce((n, v) => n + v, 0),
      rejected,
      revealAfterLastAnswerMs: reveals.length && sends.length ? round1(Math.max(...reveals) - lastSend) : 0,
      revealReached: reveals.length,
      hostProgress: host.progress.get(seq) ?? 0,
    });
    if (seq < config.questions) await sleep(config.pauseMs);
  }

  // ---- The end ------------------------------------------------------------------------------
  const endFrom = Date.now();
  const endSent = performance.now();
  host.send({ type: "host.end" });
  const allEnded = await until(
    () => connected.every((p) => p.ended > 0 || gone(p)) && (host.ended > 0 || gone(host)),
    config.frameTimeoutMs,
  );
  if (!allEnded) fail(`${connected.filter((p) => p.ended === 0).length} phones never got the end`);
  const endedMs = round1(performance.now() - endSent);
  mark("end", endFrom);

  // Counted before closing: what each phone received, against exactly one of each.
  const count = (expected: number, received: number[]): Integrity => ({
    expected,
    received: received.reduce((n, v) => n + Math.min(v, 1), 0),
    dropped: received.reduce((n, v) => n + (v === 0 ? 1 : 0), 0),
    duplicated: received.reduce((n, v) => n + Math.max(0, v - 1), 0),
  });
  const seqs = questions.map((q) => q.seq);
  const integrity = {
    question: count(
      connected.length * seqs.length,
      connected.flatMap((p) => seqs.map((s) => p.questionCount.get(s) ?? 0)),
    ),
    ack: count(
      connected.reduce((n, p) => n + p.answerSentAt.size, 0),
      connected.flatMap((p) => [...p.answerSentAt.keys()].map((s) => p.ackCount.get(s) ?? 0)),
    ),
    reveal: count(
      connected.length * seqs.length,
      connected.flatMap((p) => seqs.map((s) => p.revealCount.get(s) ?? 0)),
    ),
    ended: count(
      connected.length,
      connected.map((p) => p.ended),
    ),
  };
  const errorFrames: Record<string, number> = {};
  const unexpectedCloses: Record<string, number> = {};
  for (const p of [host, ...connected]) {
    for (const code of p.errors) errorFrames[code] = (errorFrames[code] ?? 0) + 1;
    if (p.closeCode !== null) unexpectedCloses[String(p.closeCode)] = (unexpectedCloses[String(p.closeCode)] ?? 0) + 1;
  }
  if (Object.keys(unexpectedCloses).length) fail(`sockets closed by the server: ${JSON.stringify(unexpectedCloses)}`);

  for (const p of [host, ...connected]) p.close();
  await sleep(200);
  clearInterval(rssTimer);
  loop.disable();
  const cpu = process.cpuUsage(cpuStarted);

  return {
    phones: phones.length,
    connect: {
      seconds: round1(connectSeconds),
      connected: connected.length,
      failed: phones.length - connected.length,
      join: summarize(joinMs),
      upgrade: summarize(upgradeMs),
      hello: summarize(helloMs),
      errors: connectErrors,
    },
    lobby: {
      players: host.lastLobby?.players ?? 0,
      settleMs: round1(settleMs),
      frames: connected.reduce((n, p) => n + p.lobbyFrames, 0),
      megabytes: round1(connected.reduce((n, p) => n + p.lobbyBytes, 0) / 1e6),
      hostFrames: host.lobbyFrames,
      hostMegabytes: round1(host.lobbyBytes / 1e6),
      lastFrameBytes: host.lastLobby?.bytes ?? 0,
    },
    questions,
    delivery: summarize(allDelivery),
    ack: summarize(allAcks),
    integrity,
    errorFrames,
    unexpectedCloses,
    endedMs,
    hostEnded: host.ended > 0,
    client: {
      cpuSeconds: round1((cpu.user + cpu.system) / 1e6),
      wallSeconds: round1((performance.now() - wallStarted) / 1000),
      eventLoopDelayP99Ms: round1(loop.percentile(99) / 1e6),
      eventLoopDelayMaxMs: round1(loop.max / 1e6),
      maxRssMiB: Math.round(maxRss / 2 ** 20),
    },
    phases,
    broke,
    perPhone: config.phones.map((phone, i) => {
      const p = phones[i] as Client;
      const results = [...p.results.values()];
      return {
        phone,
        joined: connected.includes(p),
        answered: p.answerSentAt.size,
        correct: results.filter((r) => r.credit >= 1).length,
        points: results.reduce((n, r) => n + r.points, 0),
      };
    }),
  };
}

/** POST /api/live/join { pin }: the room's round and the roles the phone may take (must include player). */
async function joinByPin(baseUrl: string, token: string, pin: string, timeoutMs: number): Promise<{ ms: number } | { error: string }> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}/api/live/join`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ pin }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: { roles?: string[]; error?: { code?: string } } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not the API's JSON (a proxy's error page, a reload in progress): the status says enough.
    }
    if (!res.ok) return { error: `${res.status} ${body.error?.code ?? "?"}` };
    if (!body.roles?.includes("player")) return { error: "not a player" };
    return { ms: performance.now() - started };
  } catch (err) {
    return { error: errorName(err) };
  }
}

/** A bare upgrade request, to read the status the Worker answered when a WebSocket failed to open. */
function upgradeStatus(wsUrl: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${wsUrl.replace(/^ws/, "http")}?as=player`, {
      headers: {
        authorization: `Bearer ${token}`,
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": Buffer.from("lianxue-bench-ws").toString("base64"),
      },
      timeout: 30_000,
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve("upgrade refused, then accepted on retry");
    });
    req.on("response", (res) => {
      res.resume();
      resolve(`upgrade refused: HTTP ${res.statusCode}`);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (err) => resolve(`upgrade refused: ${errorName(err)}`));
    req.end();
  });
}

const errorName = (err: unknown) =>
  err instanceof Error
    ? ((err as NodeJS.ErrnoException).code ?? (err.cause as NodeJS.ErrnoException | undefined)?.code ?? err.name)
    : String(err);

/** A valid response of the question's type, chosen at random: right or wrong as it falls. */
function responseFor(q: QuestionFrame, rand: () => number): LiveResponse {
  const pick = (n: number) => Math.floor(rand() * Math.max(1, n));
  switch (q.type) {
    case "single":
      return { type: "single", choice: pick(q.options.length) };
    case "multiple":
      return { type: "multiple", choices: [pick(q.options.length)] };
    case "judge":
      return { type: "judge", value: rand() < 0.5 };
    case "fill":
      return { type: "fill", blanks: Array.from({ length: Math.max(1, q.blanks) }, () => "遵义会议") };
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) input += chunk;
  try {
    const result = `${JSON.stringify(await main(JSON.parse(input) as LiveLoadConfig))}\n`;
    // Sockets still closing must not keep the process (and the bench) waiting; but a pipe takes a
    // large write in pieces, so exit only once it is all out.
    process.stdout.write(result, () => process.exit(0));
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  }
}

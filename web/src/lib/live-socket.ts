import {
  type ClientMessage,
  LIVE_PROTOCOL_VERSION,
  type LiveRole,
  type ServerMessage,
  ServerMessageSchema,
} from "../../../worker/shared/live-protocol";

/**
 * One live room's WebSocket (现场赛), kept open on a phone in a hall with a crowded Wi-Fi: every
 * frame is parsed with the protocol's schema before anyone sees it; a dropped connection comes back
 * on its own with a growing, jittered delay (so 1,000 phones that lost the Wi-Fi together do not
 * knock together), and every (re)connect says `hello` and gets the full state back, so a page
 * never has to guess what it missed. A silent connection (a phone that left the Wi-Fi without a
 * close) is found by a keep-alive the room answers without waking up. The one connection of every
 * live page (the phone, the host's console, the projector); lib/live-room folds its frames into a view.
 */

export type LiveStatus =
  /** The first connection, not yet with a state. */
  | "connecting"
  /** Connected, and the state since the last (re)connect has arrived. */
  | "open"
  /** Lost, trying again; `attempts` says how many times so far. */
  | "reconnecting"
  /** Never got in after many tries (the room is closed, or the network is gone): the page offers a retry. */
  | "failed"
  /** Stopped for good: the page left, the room speaks another protocol version, or (see `stopWhenDissolved`) the room is gone. */
  | "stopped";

/** Why the room closed for good: another protocol version (reload), or the room was dissolved (an idle lobby). */
export type LiveGone = "version" | "dissolved";

export type FrameInfo = {
  /** The phone's Date.now() when the frame arrived. */
  receivedAt: number;
  /**
   * For the `state` frame that answers this connection's hello: when the hello was sent (its round
   * trip makes a clock sample). Null for any other frame, including a state the room pushes later
   * (a teammate answered): its "round trip" would be the whole time since the hello.
   */
  helloSentAt: number | null;
};

type Options = {
  roundId: string;
  role: LiveRole;
  onFrame: (message: ServerMessage, info: FrameInfo) => void;
  onStatus: (status: LiveStatus, attempts: number) => void;
  /** The room closed for good (another protocol version; a dissolved room when `stopWhenDissolved`): no more reconnects. */
  onGone?: (reason: LiveGone) => void;
  /** Never in after this many tries: status "failed", no more tries (a phone offers a retry). Default 7; a projector left alone passes Infinity. */
  giveUpAfter?: number;
  /**
   * A dissolved room (close 4004) stops the socket: the host opens the room again and connects afresh.
   * Without it the socket keeps trying, as a phone does (the room may be opened again).
   */
  stopWhenDissolved?: boolean;
};

/** The largest frame taken from the room (a state with a full board is a few KB). */
const MAX_SERVER_FRAME_CHARS = 512 * 1024;
const PING_EVERY_MS = 15_000;
/** No pong (or any frame) this long after a ping: the connection is dead even if the browser has not noticed. */
const PONG_WITHIN_MS = 8_000;
const RETRY_BASE_MS = 600;
const RETRY_MAX_MS = 10_000;
const OFFLINE_CHECK_MS = 5_000;
/** Never in, after this many tries: say so instead of spinning. */
const GIVE_UP_FIRST_AFTER = 7;
/** Close codes of the room (see the protocol): another protocol version; the room dissolved. */
const CLOSE_VERSION = 4000;
const CLOSE_DISSOLVED = 4004;

export function liveSocketUrl(roundId: string, role: LiveRole): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/api/live/${encodeURIComponent(roundId)}/ws?as=${role}`;
}

export class LiveSocket {
  private ws: WebSocket | null = null;
  private attempts = 0;
  private everOpen = false;
  private stopped = false;
  private status: LiveStatus = "connecting";
  private helloSentAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: Options) {}

  start(): void {
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisible);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisible);
    this.drop();
    clearTimeout(this.retryTimer);
    this.setStatus("stopped");
  }

  /** Sends a frame if the connection is up; false when it is not (the caller keeps what must be resent). */
  send(message: ClientMessage): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    try {
      ws.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  /** Drops the connection and connects again now (a retry button, an answer left without its ack). */
  reconnectNow(): void {
    if (this.stopped) return;
    this.attempts = 0;
    this.drop();
    this.setStatus(this.everOpen ? "reconnecting" : "connecting");
    this.connect();
  }

  private setStatus(status: LiveStatus) {
    this.status = status;
    this.options.onStatus(status, this.attempts);
  }

  private connect() {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    if (navigator.onLine === false) {
      // The phone knows it has no network: wait for its "online" (and look again now and then, in case that never comes).
      this.setStatus(this.everOpen ? "reconnecting" : "connecting");
      this.retryTimer = setTimeout(() => this.connect(), OFFLINE_CHECK_MS);
      return;
    }
    let ws: WebSocket;
    try {
      ws = new WebSocket(liveSocketUrl(this.options.roundId, this.options.role));
    } catch {
      this.retryLater();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.helloSentAt = Date.now();
      ws.send(JSON.stringify({ type: "hello", v: LIVE_PROTOCOL_VERSION } satisfies ClientMessage));
      this.startKeepAlive();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (ws !== this.ws) return;
      this.heard();
      const frame = parseServerFrame(event.data);
      if (!frame) return;
      let helloSentAt: number | null = null;
      if (frame.type === "state" && this.helloSentAt > 0) {
        helloSentAt = this.helloSentAt;
        this.helloSentAt = 0;
      }
      if (frame.type === "state") {
        this.attempts = 0;
        this.everOpen = true;
        if (this.status !== "open") this.setStatus("open");
      }
      if (frame.type === "error" && frame.code === "version") {
        this.options.onFrame(frame, { receivedAt: Date.now(), helloSentAt });
        this.gone("version");
        return;
      }
      this.options.onFrame(frame, { receivedAt: Date.now(), helloSentAt });
    };
    ws.onclose = (event: CloseEvent) => {
      if (ws !== this.ws) return;
      this.ws = null;
      this.stopKeepAlive();
      if (event.code === CLOSE_VERSION) this.gone("version");
      else if (event.code === CLOSE_DISSOLVED && this.options.stopWhenDissolved) this.gone("dissolved");
      else this.retryLater();
    };
    // An error is followed by a close, which does the retrying.
    ws.onerror = () => {};
  }

  private gone(reason: LiveGone) {
    this.stop();
    this.options.onGone?.(reason);
  }

  /** The next try, later each time (up to 10 s), at a random point in the second half of the wait. */
  private retryLater() {
    if (this.stopped) return;
    this.attempts += 1;
    if (!this.everOpen && this.attempts >= (this.options.giveUpAfter ?? GIVE_UP_FIRST_AFTER)) {
      this.setStatus("failed");
      return;
    }
    this.setStatus(this.everOpen ? "reconnecting" : "connecting");
    const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.attempts - 1));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), wait / 2 + Math.random() * (wait / 2));
  }

  /** Forgets the current connection without waiting for its close (which a dead network may never deliver). */
  private drop() {
    const ws = this.ws;
    this.ws = null;
    this.stopKeepAlive();
    if (!ws) return;
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    try {
      ws.close(1000, "reconnect");
    } catch {
      // Already closing.
    }
  }

  private startKeepAlive() {
    this.stopKeepAlive();
    this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
  }

  private stopKeepAlive() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private ping() {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    try {
      ws.send("ping");
    } catch {
      return;
    }
    if (this.pongTimer === undefined) {
      this.pongTimer = setTimeout(() => {
        this.pongTimer = undefined;
        if (ws !== this.ws) return;
        this.drop();
        this.retryLater();
      }, PONG_WITHIN_MS);
    }
  }

  private heard() {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private readonly onOffline = () => {
    // The phone knows it has no network: say so at once rather than after the keep-alive times out.
    if (this.stopped || !this.ws) return;
    this.drop();
    this.retryLater();
  };

  private readonly onOnline = () => {
    if (this.stopped || this.status === "open") return;
    this.reconnectNow();
  };

  private readonly onVisible = () => {
    // Back from the lock screen or another app: a connection the phone slept through is checked now.
    if (document.visibilityState !== "visible" || this.stopped) return;
    if (this.ws?.readyState === WebSocket.OPEN) this.ping();
    else if (this.status !== "failed") this.reconnectNow();
  };
}

/** A frame from the room, checked against the protocol; anything else (the keep-alive's pong, a malformed frame) is null. */
export function parseServerFrame(data: unknown): ServerMessage | null {
  if (typeof data !== "string" || data === "pong" || data.length > MAX_SERVER_FRAME_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = ServerMessageSchema.safeParse(json);
  if (!parsed.success) {
    console.warn("live: a frame that does not fit the protocol", parsed.error.issues.slice(0, 3));
    return null;
  }
  return parsed.data;
}

/** An id for an answer, echoed in its ack (crypto.randomUUID needs https, which a hall's LAN may not have). */
export function clientId(): string {
  const random = new Uint32Array(2);
  crypto.getRandomValues(random);
  return `${Date.now().toString(36)}-${Array.from(random, (n) => n.toString(36)).join("")}`;
}

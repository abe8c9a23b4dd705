import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import {
  type ClientMessage,
  LIVE_PROTOCOL_VERSION,
  type LiveQuestion,
  type LiveResponse,
  type LiveReveal,
  type LiveRole,
  type LiveStanding,
  type ServerMessage,
  ServerMessageSchema,
} from "../../../worker/shared/live-protocol";

/**
 * A live round's room as a browser sees it: one WebSocket to the round's room (GET
 * /api/live/{roundId}/ws?as=…, the session cookie authenticates it, same origin), every frame parsed
 * with the shared protocol's schemas, folded into one view. The connection comes back on its own
 * with growing waits after a drop (a hall's Wi-Fi), and each (re)connect says hello and gets the
 * whole state again, so nothing a frame missed while away stays wrong.
 *
 * Only the live pages import this (they are their own chunks): the protocol's schemas bring zod.
 */

export const livePaths = {
  host: (roundId: string) => `/live/${encodeURIComponent(roundId)}/host`,
  screen: (roundId: string) => `/live/${encodeURIComponent(roundId)}/screen`,
  socket: (roundId: string, role: LiveRole) => {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${window.location.host}/api/live/${encodeURIComponent(roundId)}/ws?as=${role}`;
  },
};

export type { LiveQuestion, LiveResponse, LiveReveal, LiveRole, LiveStanding };

type Frame<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;
export type LiveState = Frame<"state">;
export type LiveLobby = Frame<"lobby">;

/** Everything the host console and the projector show, from the frames so far. */
export type LiveView = {
  state: LiveState | null;
  phase: LiveState["phase"];
  question: LiveQuestion | null;
  /** Server time minus this browser's clock, from the last frame that carried the server's time. */
  offset: number;
  progress: { seq: number; answered: number; total: number } | null;
  reveal: LiveReveal | null;
  lobby: LiveLobby | null;
  players: number;
  standings: LiveStanding[] | null;
  /** The seq of a question the host just skipped (said on screen until the next one shows). */
  skipped: number | null;
  /** The last error frame (a host's command refused), with when it came, to show briefly. */
  error: { code: Frame<"error">["code"]; message: string; at: number } | null;
};

export const emptyView: LiveView = {
  state: null,
  phase: "lobby",
  question: null,
  offset: 0,
  progress: null,
  reveal: null,
  lobby: null,
  players: 0,
  standings: null,
  skipped: null,
  error: null,
};

/** The offset from a frame's server time: the frame left the server a moment ago, so this errs by one network hop (tens of ms). */
const offsetOf = (serverTime: number, receivedAt: number) => serverTime - receivedAt;

/** One frame folded into the view. Pure, so it is easy to reason about and to test. */
export function applyFrame(view: LiveView, frame: ServerMessage, receivedAt: number): LiveView {
  switch (frame.type) {
    case "state":
      return {
        ...view,
        state: frame,
        phase: frame.phase,
        question: frame.question,
        offset: offsetOf(frame.serverTime, receivedAt),
        // A reconnect mid-question: the count comes back with the next answer.
        progress: frame.phase === "question" && view.progress?.seq === frame.question?.seq ? view.progress : null,
        reveal: frame.reveal ?? null,
        players: frame.players,
        standings: frame.standings ?? (frame.phase === "ended" ? view.standings : null),
        skipped: null,
      };
    case "lobby":
      return { ...view, lobby: frame, players: frame.players };
    case "question":
      return {
        ...view,
        phase: "question",
        question: frame.question,
        offset: offsetOf(frame.question.serverTime, receivedAt),
        progress: null,
        reveal: null,
        // A skip says so on the next question (the host's console), until its reveal.
        skipped: view.skipped,
      };
    case "progress":
      return { ...view, progress: { seq: frame.seq, answered: frame.answered, total: frame.total } };
    case "reveal":
      return { ...view, phase: "reveal", reveal: frame, skipped: null };
    case "paused":
      if (!view.question || view.question.seq !== frame.seq) return view;
      return {
        ...view,
        question: { ...view.question, pausedRemainingMs: frame.remainingMs },
        offset: offsetOf(frame.serverTime, receivedAt),
      };
    case "resumed":
      if (!view.question || view.question.seq !== frame.seq) return view;
      return {
        ...view,
        question: { ...view.question, deadline: frame.deadline, pausedRemainingMs: null },
        offset: offsetOf(frame.serverTime, receivedAt),
      };
    case "extended": {
      const q = view.question;
      if (!q || q.seq !== frame.seq) return view;
      const paused = q.pausedRemainingMs === null ? null : q.pausedRemainingMs + frame.seconds * 1000;
      return {
        ...view,
        question: { ...q, deadline: frame.deadline, pausedRemainingMs: paused },
        offset: offsetOf(frame.serverTime, receivedAt),
      };
    }
    case "skipped":
      return { ...view, skipped: frame.seq };
    case "ended":
      return { ...view, phase: "ended", standings: frame.standings, skipped: null };
    case "ack":
      return view;
    case "error":
      return { ...view, error: { code: frame.code, message: frame.message, at: receivedAt } };
    default:
      return assertNeverFrame(frame);
  }
}

function assertNeverFrame(frame: never): never {
  throw new Error(`unhandled frame: ${JSON.stringify(frame)}`);
}

/** Milliseconds left on the open question by the server's clock (the frozen time while paused). */
export function remainingMs(view: LiveView, now = Date.now()): number {
  const q = view.question;
  if (!q || view.phase !== "question") return 0;
  if (q.pausedRemainingMs !== null) return q.pausedRemainingMs;
  return Math.max(0, q.deadline - (now + view.offset));
}

export type LiveConnection = "connecting" | "open" | "reconnecting";

/** Waits between reconnects: 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s, each with some jitter so a hall of phones does not come back at once. */
export function backoffMs(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** A keep-alive the room answers without waking ("ping" → "pong"), and how long silence may last before the socket counts as dead. */
const PING_MS = 20_000;
/** Close codes of the room (see the protocol): another protocol version; the room dissolved. */
const CLOSE_VERSION = 4000;
const CLOSE_DISSOLVED = 4004;
const SILENCE_MS = 45_000;

/**
 * The room over one WebSocket, as a hook: the view, the connection's state, how many reconnects in
 * a row have failed, and `send` (false when not connected, so a host's button can say so).
 */
export function useLiveRoom(roundId: string, role: LiveRole, enabled = true) {
  const [view, dispatch] = useReducer(
    (current: LiveView, action: { frame: ServerMessage; at: number } | "reset") =>
      action === "reset" ? emptyView : applyFrame(current, action.frame, action.at),
    emptyView,
  );
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const [failures, setFailures] = useState(0);
  /** Set when the room closed for good (another protocol version: reload; the room dissolved: open it again); no more reconnects then. */
  const [gone, setGone] = useState<"version" | "dissolved" | null>(null);
  const [generation, setGeneration] = useState(0);
  const socket = useRef<WebSocket | null>(null);

  useEffect(() => {
    if (!enabled) return;
    setGone(null);
    let stopped = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let heard = Date.now();

    const connect = () => {
      if (stopped) return;
      const ws = new WebSocket(livePaths.socket(roundId, role));
      socket.current = ws;
      ws.addEventListener("open", () => {
        attempt = 0;
        setFailures(0);
        heard = Date.now();
        setConnection("open");
        const hello: ClientMessage = { type: "hello", v: LIVE_PROTOCOL_VERSION };
        ws.send(JSON.stringify(hello));
        ping = setInterval(() => {
          if (Date.now() - heard > SILENCE_MS) {
            ws.close();
            return;
          }
          try {
            ws.send("ping");
          } catch {}
        }, PING_MS);
      });
      ws.addEventListener("message", (event) => {
        heard = Date.now();
        if (typeof event.data !== "string" || event.data === "pong") return;
        let json: unknown;
        try {
          json = JSON.parse(event.data);
        } catch {
          return;
        }
        const parsed = ServerMessageSchema.safeParse(json);
        if (!parsed.success) {
          console.warn("live: a frame this page does not understand", parsed.error);
          return;
        }
        dispatch({ frame: parsed.data, at: Date.now() });
      });
      ws.addEventListener("close", (event) => {
        clearInterval(ping);
        if (socket.current === ws) socket.current = null;
        if (stopped) return;
        if (event.code === CLOSE_VERSION || event.code === CLOSE_DISSOLVED) {
          setGone(event.code === CLOSE_VERSION ? "version" : "dissolved");
          return;
        }
        setConnection("reconnecting");
        setFailures((n) => n + 1);
        retry = setTimeout(connect, backoffMs(attempt++));
      });
    };

    // Coming back to a tab, or the network coming back, is the moment to try at once.
    const soon = () => {
      if (socket.current || stopped) return;
      clearTimeout(retry);
      attempt = 0;
      connect();
    };
    window.addEventListener("online", soon);
    document.addEventListener("visibilitychange", soon);
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      window.removeEventListener("online", soon);
      document.removeEventListener("visibilitychange", soon);
      socket.current?.close(1000, "page left");
      socket.current = null;
      dispatch("reset");
    };
  }, [roundId, role, enabled, generation]);

  const send = (message: ClientMessage): boolean => {
    const ws = socket.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(message));
    return true;
  };

  /** Connects afresh (after the host has opened a dissolved room again). */
  const restart = () => setGeneration((n) => n + 1);

  return { view, connection, failures, gone, send, restart };
}

/** Re-renders its caller every `ms` while mounted (a countdown; the time itself comes from the view). */
export function useTicks(ms = 200): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

/** A, B, C… for shown option positions. */
export const optionLetter = (index: number) => String.fromCharCode(65 + index);

/** The labels of a question's distribution bars: its options, 正确/错误 for a judge question, 答对/答错 for a fill-in one. */
export function distributionLabels(
  question: Pick<LiveQuestion, "type" | "options">,
  words: { right: string; wrong: string; yes: string; no: string },
) {
  if (question.type === "judge") return [words.yes, words.no];
  if (question.type === "fill") return [words.right, words.wrong];
  return question.options;
}

/** Which bars are the right answer (shown positions; judge: [true, false]; fill: the 答对 bar). */
export function correctBars(key: LiveResponse, bars: number): boolean[] {
  const right = (i: number): boolean => {
    switch (key.type) {
      case "single":
        return key.choice === i;
      case "multiple":
        return key.choices.includes(i);
      case "judge":
        return key.value ? i === 0 : i === 1;
      case "fill":
        return i === 0;
    }
  };
  return Array.from({ length: bars }, (_, i) => right(i));
}

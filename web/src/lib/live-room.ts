import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  assertNever,
  type ClientMessage,
  type LiveQuestion,
  type LiveResponse,
  type LiveReveal,
  type LiveRole,
  type LiveStanding,
  type ServerMessage,
} from "../../../worker/shared/live-protocol";
import { type FrameInfo, type LiveGone, LiveSocket, type LiveStatus } from "./live-socket";
import { ServerClock } from "./server-clock";

/**
 * A live round's room as a browser sees it — the phone, the host's console and the projector alike:
 * one LiveSocket to the room (it parses every frame with the protocol's schema, reconnects, and
 * says hello each time, so each (re)connect gets the whole state again), every frame folded into one
 * view by `applyFrame`, and the server's clock sampled from each state's round trip for the
 * countdowns (`remainingMs`), never the browser's own time. What a page does with a frame besides
 * (the phone's answer and its ack, a passing note) stays in the page, through `onFrame`.
 *
 * Only the live pages import this (they are their own chunks): the protocol's schemas bring zod.
 */

export const livePaths = {
  host: (roundId: string) => `/live/${encodeURIComponent(roundId)}/host`,
  screen: (roundId: string) => `/live/${encodeURIComponent(roundId)}/screen`,
};

export type { LiveGone, LiveQuestion, LiveResponse, LiveReveal, LiveRole, LiveStanding, LiveStatus };

type Frame<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;
export type LiveState = Frame<"state">;
export type LiveLobby = Frame<"lobby">;
export type AckReason = NonNullable<Frame<"ack">["reason"]>;
export type ErrorCode = Frame<"error">["code"];

/** The room as the last state frame had it (without its clock fields, which are for the clock), with every frame since applied. */
export type LiveRoomState = Omit<LiveState, "type" | "v" | "serverTime" | "remainingMs">;

/** Everything the live pages show, from the frames so far. */
export type LiveView = {
  /** Null until the first state frame. */
  room: LiveRoomState | null;
  lobby: LiveLobby | null;
  progress: { seq: number; answered: number; total: number } | null;
  /** The seq of a question the host just skipped (said on the console until the next one's reveal). */
  skipped: number | null;
  /** The last error frame (a host's command refused), with when it came, to show briefly. */
  error: { code: ErrorCode; message: string; at: number } | null;
};

export const emptyView: LiveView = { room: null, lobby: null, progress: null, skipped: null, error: null };

/** The room as a state frame has it. */
function roomOf(state: LiveState, before: LiveRoomState | null): LiveRoomState {
  const { type: _type, v: _v, serverTime: _serverTime, remainingMs: _remaining, ...room } = state;
  // An ended room keeps the standings it had if a state leaves them out.
  return { ...room, standings: room.standings ?? (room.phase === "ended" ? (before?.standings ?? null) : null) };
}

function withQuestion(room: LiveRoomState | null, seq: number, change: (q: LiveQuestion) => LiveQuestion): LiveRoomState | null {
  return room?.question?.seq === seq ? { ...room, question: change(room.question) } : room;
}

/** One frame folded into the view (before the first state, only what is not the room's). Pure: the same frames give the same view. */
export function applyFrame(view: LiveView, frame: ServerMessage, receivedAt: number): LiveView {
  const room = view.room;
  switch (frame.type) {
    case "state":
      return {
        ...view,
        room: roomOf(frame, room),
        // A reconnect mid-question: the count comes back with the next answer.
        progress: frame.phase === "question" && view.progress?.seq === frame.question?.seq ? view.progress : null,
        skipped: null,
      };
    case "lobby":
      return { ...view, lobby: frame, room: room && { ...room, players: frame.players } };
    case "question":
      return {
        ...view,
        room: room && {
          ...room,
          phase: "question",
          question: frame.question,
          myAnswer: room.question?.seq === frame.question.seq ? room.myAnswer : null,
          reveal: null,
        },
        progress: null,
        // A skip says so on the next question (the host's console), until its reveal.
      };
    case "progress":
      return { ...view, progress: { seq: frame.seq, answered: frame.answered, total: frame.total } };
    case "reveal":
      return {
        ...view,
        room: room && {
          ...room,
          phase: "reveal",
          reveal: frame,
          me: room.me && frame.result ? { ...room.me, score: frame.result.score, rank: frame.result.rank } : room.me,
        },
        skipped: null,
      };
    case "paused":
      return { ...view, room: withQuestion(room, frame.seq, (q) => ({ ...q, pausedRemainingMs: frame.remainingMs })) };
    case "resumed":
      return { ...view, room: withQuestion(room, frame.seq, (q) => ({ ...q, deadline: frame.deadline, pausedRemainingMs: null })) };
    case "extended":
      return {
        ...view,
        room: withQuestion(room, frame.seq, (q) => ({
          ...q,
          deadline: frame.deadline,
          pausedRemainingMs: q.pausedRemainingMs === null ? null : q.pausedRemainingMs + frame.seconds * 1000,
        })),
      };
    case "skipped":
      return { ...view, skipped: frame.seq };
    case "ended":
      return { ...view, room: room && { ...room, phase: "ended", standings: frame.standings }, skipped: null };
    case "ack":
      return view;
    case "error":
      return { ...view, error: { code: frame.code, message: frame.message, at: receivedAt } };
    default:
      return assertNever(frame);
  }
}

/** Milliseconds left on a question by the server's clock (the frozen time while paused). */
export function remainingMs(question: LiveQuestion, clock: ServerClock): number {
  if (question.pausedRemainingMs !== null) return question.pausedRemainingMs;
  return Math.max(0, question.deadline - clock.now());
}

type LiveRoomOptions = {
  /** False until the page may connect (the host's console, until the room is open). */
  enabled?: boolean;
  /** Each frame after it is folded in, with the view before it: what a page keeps of its own (the phone's answer, a note). */
  onFrame?: (frame: ServerMessage, before: LiveView, info: FrameInfo) => void;
  /** Passed to the socket (see LiveSocket): the host's console and the projector never give up, and stop when the room is dissolved. */
  giveUpAfter?: number;
  stopWhenDissolved?: boolean;
};

/** The host's console and the projector: never give up (nobody may be at the keyboard), and stop when the room is dissolved (the console opens it again). */
export const stageOptions = { giveUpAfter: Number.POSITIVE_INFINITY, stopWhenDissolved: true } as const;

/**
 * The room over one LiveSocket, as a hook: the view (and `latest()`, the view as of the last frame,
 * for handlers between renders), the connection's status and how many tries in a row have failed,
 * why the room closed for good, the server's clock, `send` (false when not connected, so the page
 * can say so or keep what must be resent), `retry` (reconnect now) and `restart` (a fresh socket,
 * after the host has opened a dissolved room again).
 */
export function useLiveRoom(roundId: string, role: LiveRole, options: LiveRoomOptions = {}) {
  const { enabled = true, giveUpAfter, stopWhenDissolved } = options;
  const clock = useMemo(() => new ServerClock(), []);
  const [view, setViewState] = useState<LiveView>(emptyView);
  const viewRef = useRef<LiveView>(emptyView);
  const [status, setStatus] = useState<{ status: LiveStatus; attempts: number }>({ status: "connecting", attempts: 0 });
  const [gone, setGone] = useState<LiveGone | null>(null);
  const [generation, setGeneration] = useState(0);
  const socketRef = useRef<LiveSocket | null>(null);
  // The socket calls the page's latest handler.
  const onFrameRef = useRef(options.onFrame);
  onFrameRef.current = options.onFrame;

  useEffect(() => {
    if (!enabled) return;
    const setView = (next: LiveView) => {
      viewRef.current = next;
      setViewState(next);
    };
    setGone(null);
    setStatus({ status: "connecting", attempts: 0 });
    const socket = new LiveSocket({
      roundId,
      role,
      giveUpAfter,
      stopWhenDissolved,
      onFrame: (frame, info) => {
        if (frame.type === "state" && info.helloSentAt !== null) clock.sample(frame.serverTime, info.helloSentAt, info.receivedAt);
        const before = viewRef.current;
        setView(applyFrame(before, frame, info.receivedAt));
        onFrameRef.current?.(frame, before, info);
      },
      onStatus: (s, attempts) => setStatus({ status: s, attempts }),
      onGone: setGone,
    });
    socketRef.current = socket;
    socket.start();
    return () => {
      socket.stop();
      if (socketRef.current === socket) socketRef.current = null;
      setView(emptyView);
    };
  }, [roundId, role, enabled, generation, giveUpAfter, stopWhenDissolved, clock]);

  return {
    view,
    latest: () => viewRef.current,
    status: status.status,
    attempts: status.attempts,
    gone,
    clock,
    send: (message: ClientMessage): boolean => socketRef.current?.send(message) ?? false,
    retry: () => socketRef.current?.reconnectNow(),
    restart: () => setGeneration((n) => n + 1),
  };
}

/** Re-renders its caller every `ms` while mounted and `active` (a countdown; the time itself is the server's). */
export function useTicks(ms: number, active = true): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
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

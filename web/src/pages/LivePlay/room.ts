import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { LiveQuestion, LiveResponse, LiveRole, LiveStanding, ServerMessage } from "../../../../worker/shared/live-protocol";
import { assertNever } from "../../../../worker/shared/live-protocol";
import { clientId, type FrameInfo, LiveSocket, type LiveStatus } from "../../lib/live-socket";
import { ServerClock } from "../ContestAttempt/server-clock";

type StateFrame = Extract<ServerMessage, { type: "state" }>;
type LobbyFrame = Extract<ServerMessage, { type: "lobby" }>;
export type RevealFrame = Extract<ServerMessage, { type: "reveal" }>;
export type AckReason = NonNullable<Extract<ServerMessage, { type: "ack" }>["reason"]>;
export type ErrorCode = Extract<ServerMessage, { type: "error" }>["code"];

/** The room as this phone knows it: the last state, with every frame since applied on top. */
export type Room = Omit<StateFrame, "type" | "v" | "serverTime" | "remainingMs">;

/** A passing word under the top bar: the host extended or skipped, the room refused something. */
export type Note = { kind: "extended"; seconds: number } | { kind: "skipped"; seq: number } | { kind: "error"; code: ErrorCode };

/** An answer sent and not yet acknowledged: resent with the same id after a reconnect, if the room has not got it. */
type Sending = { id: string; seq: number; response: LiveResponse };

export type AnswerState =
  | { kind: "none" }
  | { kind: "sending"; response: LiveResponse }
  | { kind: "done"; response: LiveResponse; by: string | null }
  | { kind: "refused"; reason: AckReason };

const ACK_WITHIN_MS = 6_000;

/** The frames after a state, applied to it (a pure step: the same frames give the same room). */
export function applyFrame(room: Room, frame: ServerMessage): Room {
  switch (frame.type) {
    case "state":
      return roomOf(frame);
    case "lobby":
      return { ...room, players: frame.players };
    case "question": {
      const same = room.question?.seq === frame.question.seq;
      return {
        ...room,
        phase: "question",
        question: frame.question,
        myAnswer: same ? room.myAnswer : null,
        reveal: null,
      };
    }
    case "paused":
      return withQuestion(room, frame.seq, (q) => ({ ...q, pausedRemainingMs: frame.remainingMs }));
    case "resumed":
      return withQuestion(room, frame.seq, (q) => ({ ...q, deadline: frame.deadline, pausedRemainingMs: null }));
    case "extended":
      return withQuestion(room, frame.seq, (q) => ({
        ...q,
        deadline: frame.deadline,
        pausedRemainingMs: q.pausedRemainingMs === null ? null : q.pausedRemainingMs + frame.seconds * 1000,
      }));
    case "reveal":
      return {
        ...room,
        phase: "reveal",
        reveal: frame,
        me: room.me && frame.result ? { ...room.me, score: frame.result.score, rank: frame.result.rank } : room.me,
      };
    case "ended":
      return { ...room, phase: "ended", standings: frame.standings };
    case "skipped":
    case "ack":
    case "progress":
    case "error":
      return room;
    default:
      return assertNever(frame);
  }
}

/** The room as a state frame has it (its clock fields are for the clock, not the room). */
export function roomOf(state: StateFrame): Room {
  const { type: _type, v: _v, serverTime: _serverTime, remainingMs: _remaining, ...room } = state;
  return room;
}

function withQuestion(room: Room, seq: number, change: (q: LiveQuestion) => LiveQuestion): Room {
  return room.question?.seq === seq ? { ...room, question: change(room.question) } : room;
}

const voteKey = (roundId: string) => `lx.live.votes.${roundId}`;

function readVotes(roundId: string): Record<number, LiveResponse> {
  try {
    return JSON.parse(sessionStorage.getItem(voteKey(roundId)) ?? "{}") as Record<number, LiveResponse>;
  } catch {
    return {};
  }
}

/**
 * The play page's connection to the room: the room as last known, the connection's status, the
 * server's clock (sampled from each state's round trip, never the phone's own time), and this
 * phone's answer to the open question — sent once with a client id, resent with the same id after
 * a reconnect if the room's state shows it did not arrive.
 */
export function useLiveRoom(roundId: string, role: LiveRole, userId: string) {
  const clock = useMemo(() => new ServerClock(), []);
  const [room, setRoomState] = useState<Room | null>(null);
  const roomRef = useRef<Room | null>(null);
  const [status, setStatus] = useState<{ status: LiveStatus; attempts: number }>({ status: "connecting", attempts: 0 });
  const [lobby, setLobby] = useState<LobbyFrame | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [answer, setAnswerState] = useState<AnswerState>({ kind: "none" });
  const [votes, setVotes] = useState<Record<number, LiveResponse>>(() => readVotes(roundId));
  const [versionMismatch, setVersionMismatch] = useState(false);
  const sending = useRef<Sending | null>(null);
  const ackTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const socketRef = useRef<LiveSocket | null>(null);

  const setRoom = (next: Room) => {
    roomRef.current = next;
    setRoomState(next);
  };

  const waitForAck = () => {
    clearTimeout(ackTimer.current);
    ackTimer.current = setTimeout(() => {
      // No ack on a connection that looks open: it is not. A fresh one re-reads the state and resends.
      if (sending.current) socketRef.current?.reconnectNow();
    }, ACK_WITHIN_MS);
  };

  const onFrame = (frame: ServerMessage, info: FrameInfo) => {
    const before = roomRef.current;
    if (frame.type === "state") {
      clock.sample(frame.serverTime, info.helloSentAt, info.receivedAt);
      setRoom(roomOf(frame));
      const pending = sending.current;
      if (frame.myAnswer && frame.question && frame.myAnswer.seq === frame.question.seq) {
        sending.current = null;
        clearTimeout(ackTimer.current);
        setAnswerState({ kind: "done", response: frame.myAnswer.response, by: frame.myAnswer.by });
      } else if (pending && frame.phase === "question" && frame.question?.seq === pending.seq) {
        // The room has not got it: the same answer, the same id, once more.
        if (socketRef.current?.send({ type: "answer", seq: pending.seq, response: pending.response, id: pending.id })) waitForAck();
      } else {
        sending.current = null;
        clearTimeout(ackTimer.current);
        if (!(frame.phase === "question" && before?.question?.seq === frame.question?.seq && before?.phase === "question")) {
          setAnswerState({ kind: "none" });
        }
      }
      return;
    }
    if (frame.type === "lobby") setLobby(frame);
    if (frame.type === "ack") {
      const pending = sending.current;
      if (!pending || frame.id !== pending.id) return;
      sending.current = null;
      clearTimeout(ackTimer.current);
      setAnswerState(
        frame.accepted ? { kind: "done", response: pending.response, by: null } : { kind: "refused", reason: frame.reason ?? "closed" },
      );
      if (frame.accepted && before) {
        setRoom({ ...before, myAnswer: { seq: pending.seq, response: pending.response, by: null } });
      }
      return;
    }
    if (frame.type === "error") {
      if (frame.code === "version") setVersionMismatch(true);
      else setNote({ kind: "error", code: frame.code });
      return;
    }
    if (frame.type === "skipped") setNote({ kind: "skipped", seq: frame.seq });
    if (frame.type === "extended") setNote({ kind: "extended", seconds: frame.seconds });
    if (frame.type === "question") {
      if (before?.question?.seq !== frame.question.seq) {
        sending.current = null;
        clearTimeout(ackTimer.current);
        setAnswerState({ kind: "none" });
        // A skip's note stays over the next question; anything older goes.
        setNote((n) => (n?.kind === "skipped" && n.seq === frame.question.seq - 1 ? n : null));
      }
    }
    if (frame.type === "reveal" || frame.type === "ended") {
      sending.current = null;
      clearTimeout(ackTimer.current);
      setNote(null);
    }
    if (before) setRoom(applyFrame(before, frame));
  };

  useEffect(() => {
    const socket = new LiveSocket({
      roundId,
      role,
      onFrame: (frame, info) => onFrameRef.current(frame, info),
      onStatus: (s, attempts) => setStatus({ status: s, attempts }),
    });
    socketRef.current = socket;
    socket.start();
    return () => {
      clearTimeout(ackTimer.current);
      socket.stop();
      socketRef.current = null;
    };
  }, [roundId, role]);
  // The socket calls the latest handler (it closes over this render's state setters only through refs).
  const onFrameRef = useRef(onFrame);
  onFrameRef.current = onFrame;

  /** A player's answer to the open question: once; a second tap while it is on its way does nothing. */
  const submit = (response: LiveResponse) => {
    const current = roomRef.current;
    const q = current?.question;
    if (current?.phase !== "question" || !q || sending.current) return;
    if (answer.kind === "done" || current.myAnswer?.seq === q.seq) return;
    const pending: Sending = { id: clientId(), seq: q.seq, response };
    sending.current = pending;
    setAnswerState({ kind: "sending", response });
    // Not sent now (the connection is down): the state after the reconnect sends it.
    if (socketRef.current?.send({ type: "answer", seq: pending.seq, response, id: pending.id })) waitForAck();
  };

  /** An audience member's vote: shown beside the players' answers, never scored; one per question. */
  const vote = (response: LiveResponse) => {
    const q = roomRef.current?.question;
    if (!q || roomRef.current?.phase !== "question" || votes[q.seq]) return;
    if (!socketRef.current?.send({ type: "vote", seq: q.seq, response })) return;
    const next = { ...votes, [q.seq]: response };
    setVotes(next);
    try {
      sessionStorage.setItem(voteKey(roundId), JSON.stringify(next));
    } catch {
      // Private mode: a reload forgets the vote (the room keeps the first one anyway).
    }
  };

  const captain = lobby && room?.me?.teamId ? lobby.captains.find((c) => c.teamId === room.me?.teamId) : undefined;
  const isCaptain = captain ? captain.userId === userId : (room?.me?.captain ?? false);

  return {
    room,
    status: status.status,
    attempts: status.attempts,
    clock,
    lobby,
    note,
    clearNote: () => setNote(null),
    answer,
    submit,
    votes,
    vote,
    isCaptain,
    captainName: captain?.name ?? null,
    versionMismatch,
    retry: () => socketRef.current?.reconnectNow(),
  };
}

/** This phone's place on a board: the person in individual play, the team otherwise. */
export function myStanding(room: Room, standings: LiveStanding[] | null, userId: string): LiveStanding | null {
  if (!standings) return null;
  const id = room.teamPlay !== "individual" && room.me?.teamId ? room.me.teamId : userId;
  return standings.find((s) => s.id === id) ?? null;
}

export function remainingMs(question: LiveQuestion, clock: ServerClock): number {
  if (question.pausedRemainingMs !== null) return question.pausedRemainingMs;
  return Math.max(0, question.deadline - clock.now());
}

import { useEffect, useRef, useState } from "preact/hooks";
import type { LiveResponse, LiveRole, LiveStanding, ServerMessage } from "../../../../worker/shared/live-protocol";
import { type AckReason, type ErrorCode, type LiveRoomState, type LiveView, useLiveRoom } from "../../lib/live-room";
import { clientId } from "../../lib/live-socket";

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

const voteKey = (roundId: string) => `lx.live.votes.${roundId}`;

function readVotes(roundId: string): Record<number, LiveResponse> {
  try {
    return JSON.parse(sessionStorage.getItem(voteKey(roundId)) ?? "{}") as Record<number, LiveResponse>;
  } catch {
    return {};
  }
}

/**
 * The play page's room: the shared live room (lib/live-room: the room as last known, the
 * connection's status, the server's clock) and what is this phone's own — its answer to the open
 * question, sent once with a client id and resent with the same id after a reconnect if the room's
 * state shows it did not arrive; an audience member's votes; the passing notes.
 */
export function usePlayRoom(roundId: string, role: LiveRole, userId: string) {
  const [note, setNote] = useState<Note | null>(null);
  const [answer, setAnswerState] = useState<AnswerState>({ kind: "none" });
  const [votes, setVotes] = useState<Record<number, LiveResponse>>(() => readVotes(roundId));
  const sending = useRef<Sending | null>(null);
  const ackTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const waitForAck = () => {
    clearTimeout(ackTimer.current);
    ackTimer.current = setTimeout(() => {
      // No ack on a connection that looks open: it is not. A fresh one re-reads the state and resends.
      if (sending.current) live.retry();
    }, ACK_WITHIN_MS);
  };

  const onFrame = (frame: ServerMessage, beforeView: LiveView) => {
    const before = beforeView.room;
    if (frame.type === "state") {
      const pending = sending.current;
      if (frame.myAnswer && frame.question && frame.myAnswer.seq === frame.question.seq) {
        sending.current = null;
        clearTimeout(ackTimer.current);
        setAnswerState({ kind: "done", response: frame.myAnswer.response, by: frame.myAnswer.by });
      } else if (pending && frame.phase === "question" && frame.question?.seq === pending.seq) {
        // The room has not got it: the same answer, the same id, once more.
        if (live.send({ type: "answer", seq: pending.seq, response: pending.response, id: pending.id })) waitForAck();
      } else {
        sending.current = null;
        clearTimeout(ackTimer.current);
        if (!(frame.phase === "question" && before?.question?.seq === frame.question?.seq && before?.phase === "question")) {
          setAnswerState({ kind: "none" });
        }
      }
      return;
    }
    if (frame.type === "ack") {
      const pending = sending.current;
      if (!pending || frame.id !== pending.id) return;
      sending.current = null;
      clearTimeout(ackTimer.current);
      setAnswerState(
        frame.accepted ? { kind: "done", response: pending.response, by: null } : { kind: "refused", reason: frame.reason ?? "closed" },
      );
      return;
    }
    if (frame.type === "error") {
      // Another protocol version: the socket has stopped, and `gone` says so.
      if (frame.code !== "version") setNote({ kind: "error", code: frame.code });
      return;
    }
    if (frame.type === "skipped") setNote({ kind: "skipped", seq: frame.seq });
    if (frame.type === "extended") setNote({ kind: "extended", seconds: frame.seconds });
    if (frame.type === "question" && before?.question?.seq !== frame.question.seq) {
      sending.current = null;
      clearTimeout(ackTimer.current);
      setAnswerState({ kind: "none" });
      // A skip's note stays over the next question; anything older goes.
      setNote((n) => (n?.kind === "skipped" && n.seq === frame.question.seq - 1 ? n : null));
    }
    if (frame.type === "reveal" || frame.type === "ended") {
      sending.current = null;
      clearTimeout(ackTimer.current);
      setNote(null);
    }
  };

  const live = useLiveRoom(roundId, role, { onFrame });
  const room = live.view.room;
  useEffect(() => () => clearTimeout(ackTimer.current), []);

  /** A player's answer to the open question: once; a second tap while it is on its way does nothing. */
  const submit = (response: LiveResponse) => {
    const current = live.latest().room;
    const q = current?.question;
    if (current?.phase !== "question" || !q || sending.current) return;
    if (answer.kind === "done" || current.myAnswer?.seq === q.seq) return;
    const pending: Sending = { id: clientId(), seq: q.seq, response };
    sending.current = pending;
    setAnswerState({ kind: "sending", response });
    // Not sent now (the connection is down): the state after the reconnect sends it.
    if (live.send({ type: "answer", seq: pending.seq, response, id: pending.id })) waitForAck();
  };

  /** An audience member's vote: shown beside the players' answers, never scored; one per question. */
  const vote = (response: LiveResponse) => {
    const current = live.latest().room;
    const q = current?.question;
    if (!q || current?.phase !== "question" || votes[q.seq]) return;
    if (!live.send({ type: "vote", seq: q.seq, response })) return;
    const next = { ...votes, [q.seq]: response };
    setVotes(next);
    try {
      sessionStorage.setItem(voteKey(roundId), JSON.stringify(next));
    } catch {
      // Private mode: a reload forgets the vote (the room keeps the first one anyway).
    }
  };

  const lobby = live.view.lobby;
  const captain = lobby && room?.me?.teamId ? lobby.captains.find((c) => c.teamId === room.me?.teamId) : undefined;
  const isCaptain = captain ? captain.userId === userId : (room?.me?.captain ?? false);

  return {
    room,
    status: live.status,
    attempts: live.attempts,
    clock: live.clock,
    lobby,
    note,
    clearNote: () => setNote(null),
    answer,
    submit,
    votes,
    vote,
    isCaptain,
    captainName: captain?.name ?? null,
    versionMismatch: live.gone === "version",
    retry: live.retry,
  };
}

/** This phone's place on a board: the person in individual play, the team otherwise. */
export function myStanding(room: LiveRoomState, standings: LiveStanding[] | null, userId: string): LiveStanding | null {
  if (!standings) return null;
  const id = room.teamPlay !== "individual" && room.me?.teamId ? room.me.teamId : userId;
  return standings.find((s) => s.id === id) ?? null;
}

import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { QuestionDraft } from "../../worker/features/bank/question";
import type { LiveRoom } from "../../worker/features/live/live.do";
import { keyOf } from "../../worker/features/live/live.rules";
import {
  type ClientMessage,
  LIVE_PROTOCOL_VERSION,
  type LiveResponse,
  type ServerMessage,
  ServerMessageSchema,
} from "../../worker/shared/live-protocol";
import { call, expectStatus } from "./http";

export type Frame<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

/**
 * A simulated phone (or host laptop, or projector) on the room's WebSocket, through the Worker's
 * own fetch handler. Every frame it receives is checked against the protocol's schema; `next`
 * waits for the next frame of a type it has not yet read.
 */
export class Phone {
  readonly frames: ServerMessage[] = [];
  private readonly read = new Map<string, number>();
  private waiters: (() => void)[] = [];
  closed = false;
  /** The code the room closed this socket with (4004: the room is gone). */
  closeCode: number | undefined;
  /** The state frame that answered this connection's hello. */
  state: Frame<"state"> | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly label: string,
  ) {
    ws.addEventListener("message", (event) => {
      const frame = ServerMessageSchema.parse(JSON.parse(String(event.data)));
      this.frames.push(frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    ws.addEventListener("close", (event) => {
      this.closed = true;
      this.closeCode = event.code;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(message: ClientMessage | Record<string, unknown>) {
    this.ws.send(JSON.stringify(message));
  }

  /** The next unread frame of this type (waits up to `ms`). */
  async next<T extends ServerMessage["type"]>(type: T, ms = 3000): Promise<Frame<T>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const from = this.read.get(type) ?? 0;
      const index = this.frames.findIndex((f, i) => i >= from && f.type === type);
      if (index >= 0) {
        this.read.set(type, index + 1);
        return this.frames[index] as Frame<T>;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.closed)
        throw new Error(`${this.label}: no ${type} frame; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 100));
      });
    }
  }

  /** Unread frames of this type so far (does not wait). */
  unread(type: ServerMessage["type"]): ServerMessage[] {
    const from = this.read.get(type) ?? 0;
    return this.frames.filter((f, i) => i >= from && f.type === type);
  }

  /** The first lobby frame showing `players` joined (lobby frames are coalesced: hosts and screens every 250 ms, phones every second). */
  async lobbyWith(players: number, ms = 3000): Promise<Frame<"lobby">> {
    const deadline = Date.now() + ms;
    for (;;) {
      const lobby = await this.next("lobby", Math.max(1, deadline - Date.now()));
      if (lobby.players === players) return lobby;
    }
  }

  async hello(): Promise<Frame<"state">> {
    this.send({ type: "hello", v: LIVE_PROTOCOL_VERSION });
    return this.next("state");
  }

  async answer(seq: number, response: LiveResponse, id: string = crypto.randomUUID()): Promise<Frame<"ack">> {
    this.send({ type: "answer", seq, response, id });
    for (;;) {
      const ack = await this.next("ack");
      if (ack.id === id) return ack;
    }
  }

  /** An audience vote; its ack (matched by `id`, or the room's `vote-<seq>` without one). */
  async vote(seq: number, response: LiveResponse, id?: string): Promise<Frame<"ack">> {
    this.send({ type: "vote", seq, response, ...(id ? { id } : {}) });
    for (;;) {
      const ack = await this.next("ack");
      if (ack.id === (id ?? `vote-${seq}`)) return ack;
    }
  }

  /** Waits until the room has closed this socket. */
  async closedByRoom(ms = 3000) {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return this.closeCode;
  }

  close() {
    if (!this.closed) this.ws.close(1000, "bye");
  }
}

/** Upgrades to the room's WebSocket; returns the raw response when it is not a 101. */
export async function tryConnect(token: string, roundId: string, as: string, headers: Record<string, string> = {}) {
  const res = await call(`/api/live/${roundId}/ws?as=${as}`, { token, headers: { upgrade: "websocket", ...headers } });
  return res;
}

export async function connect(token: string, roundId: string, as: "host" | "player" | "screen" | "audience", label: string = as) {
  const res = await tryConnect(token, roundId, as);
  if (res.status !== 101) expect(res.status, `${label}: ${await res.text()}`).toBe(101);
  const ws = res.webSocket;
  if (!ws) throw new Error("no webSocket");
  ws.accept();
  const phone = new Phone(ws, label);
  phone.state = await phone.hello();
  return phone;
}

export async function openRoom(token: string, roundId: string) {
  return expectStatus<{ pin: string; roundId: string; joinUrl: string; status: string }>(
    call(`/api/rounds/${roundId}/room`, { token, body: {} }),
    200,
  );
}

export async function joinRoom(token: string, pin: string) {
  return expectStatus<{ roundId: string; roles: string[] }>(call("/api/live/join", { token, body: { pin } }), 200);
}

export function roomStub(roundId: string) {
  return env.LIVE_ROOM.get(env.LIVE_ROOM.idFromName(roundId));
}

/** The right answer to a question, read inside the room (tests only: phones never get it before the reveal). */
export async function rightAnswer(roundId: string, seq: number): Promise<LiveResponse> {
  return runInDurableObject(roomStub(roundId), (_instance: LiveRoom, state) => {
    const row = state.storage.sql.exec<{ draft: string }>("select draft from paper where seq = ?", seq).one();
    return keyOf(JSON.parse(row.draft) as QuestionDraft);
  });
}

/** A wrong single-choice answer to a single-choice key. */
export function wrongSingle(key: LiveResponse): LiveResponse {
  return key.type === "single" ? { type: "single", choice: (key.choice + 1) % 4 } : key;
}

/** Time passes in the room: the open question's start and deadline move `ms` into the past. */
export async function timePasses(roundId: string, ms: number) {
  await runInDurableObject(roomStub(roundId), (_instance: LiveRoom, state) => {
    state.storage.sql.exec("update room set started_at = started_at - ?, deadline = deadline - ?", ms, ms);
  });
}

/** The host has been away from the room for `ms` (their last frame or connection moves into the past). */
export async function hostAway(roundId: string, ms: number) {
  await runInDurableObject(roomStub(roundId), (_instance: LiveRoom, state) => {
    state.storage.sql.exec("update activity set at = at - ?", ms);
  });
}

/** Runs the room's alarm now (if set) and waits until its D1 writes are visible. */
export async function runAlarm(roundId: string) {
  await runDurableObjectAlarm(roomStub(roundId));
}

/** Waits until the room has handed in its attempts (its row in D1 says ended). */
export async function settled(roundId: string) {
  for (let i = 0; i < 50; i++) {
    await runDurableObjectAlarm(roomStub(roundId));
    const row = await env.DB.prepare("select status from live_rooms where round_id = ?").bind(roundId).first<{ status: string }>();
    if (row?.status === "ended") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("room never ended in D1");
}

import { ApiError, api } from "../../lib/api";
import type { PracticeResponse as Response, SubmitAnswerResult } from "../../lib/types";

/** How one question's answer stands with the server. */
export type SaveState = "none" | "saving" | "retrying" | "saved" | "refused";

type Entry = { seq: number; response: Response; key: string };

type Options = {
  /** Each saved answer's receipt, with the request's timing for the server clock. */
  onSaved: (result: SubmitAnswerResult, sentAt: number, receivedAt: number) => void;
  /** The server said no (time over, the round forbids a change…): not worth retrying. */
  onRefused: (seq: number, error: ApiError) => void;
  /** Anything shown changed: a state, the offline flag. */
  onChange: () => void;
};

const keyOf = (response: Response) => JSON.stringify(response);

/** A lost network, a timeout, an overloaded or restarting server: the same request later may well work. */
function retryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * Answers on their way to the server. An answer is queued the moment it is given and sent at once;
 * a newer answer to the same question replaces one not sent yet, so only the latest goes. A failure
 * of the network is retried with backoff (1 s, 2 s, 4 s … 15 s) and at once when the phone says it
 * is online again; the server takes the same answer twice harmlessly (PUT is idempotent). The unsent
 * answers are also kept in localStorage, so a reload or a killed browser (a phone call) sends them
 * when the page comes back, if the deadline allows.
 */
export class AnswerQueue {
  private readonly pending = new Map<number, Entry>();
  private readonly saved = new Map<number, string>();
  private readonly refused = new Map<number, string>();
  private inflight: Entry | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private disposed = false;
  private waiters: (() => void)[] = [];
  /** True after a send failed for the network, until one succeeds. */
  offline = false;

  constructor(
    private readonly attemptId: string,
    private readonly options: Options,
  ) {
    window.addEventListener("online", this.wake);
  }

  private get storageKey() {
    return `lx.attempt.${this.attemptId}.unsent`;
  }

  /** What the server holds (from GET /api/attempts/{id}); unsent answers kept from before a reload are sent again. */
  sync(serverAnswers: { seq: number; answer: Response | null }[], { resumeUnsent }: { resumeUnsent: boolean }): Map<number, Response> {
    for (const q of serverAnswers) if (q.answer) this.saved.set(q.seq, keyOf(q.answer));
    const resumed = new Map<number, Response>();
    if (!resumeUnsent) return resumed;
    for (const [seq, response] of this.readStored()) {
      if (this.saved.get(seq) === keyOf(response) || this.pending.has(seq)) continue;
      resumed.set(seq, response);
      this.put(seq, response);
    }
    return resumed;
  }

  /** Queue an answer; the same answer as the one saved (and nothing newer pending) is a no-op. */
  put(seq: number, response: Response): void {
    const key = keyOf(response);
    this.refused.delete(seq);
    if (this.saved.get(seq) === key && this.inflight?.seq !== seq) {
      this.pending.delete(seq);
    } else {
      this.pending.delete(seq); // re-inserted last: answers go in the order they were given
      this.pending.set(seq, { seq, response, key });
    }
    this.store();
    this.options.onChange();
    void this.pump();
  }

  state(seq: number): SaveState {
    if (this.pending.has(seq)) return this.offline ? "retrying" : "saving";
    if (this.inflight?.seq === seq) return "saving";
    if (this.refused.has(seq)) return "refused";
    return this.saved.has(seq) ? "saved" : "none";
  }

  refusal(seq: number): string | undefined {
    return this.refused.get(seq);
  }

  /** Answers not yet confirmed by the server. */
  get unsent(): number {
    return this.pending.size + (this.inflight && !this.pending.has(this.inflight.seq) ? 1 : 0);
  }

  /** Sends everything now (skipping any backoff) and resolves when nothing is left or `timeoutMs` has passed. */
  flush(timeoutMs: number): Promise<boolean> {
    if (this.unsent === 0) return Promise.resolve(true);
    this.failures = Math.min(this.failures, 1);
    this.wake();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(this.unsent === 0);
      };
      this.waiters.push(done);
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    window.removeEventListener("online", this.wake);
    for (const waiter of this.waiters) waiter();
  }

  /** Forget the kept answers (the attempt is over). */
  clearStored(): void {
    try {
      localStorage.removeItem(this.storageKey);
    } catch {
      // Private mode: nothing was kept.
    }
  }

  private readonly wake = () => {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    void this.pump();
  };

  private async pump(): Promise<void> {
    if (this.running || this.disposed || this.timer) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.pending.values().next().value as Entry | undefined;
        if (!next || this.disposed) break;
        this.pending.delete(next.seq);
        this.inflight = next;
        const sentAt = Date.now();
        try {
          const result = await api.put<SubmitAnswerResult>(
            `/api/attempts/${encodeURIComponent(this.attemptId)}/answers/${next.seq}`,
            { response: next.response },
            { timeoutMs: 15_000 },
          );
          this.saved.set(next.seq, next.key);
          this.failures = 0;
          this.offline = false;
          this.options.onSaved(result, sentAt, Date.now());
        } catch (error) {
          if (retryable(error)) {
            // Back in the queue unless a newer answer to the same question is already there.
            if (!this.pending.has(next.seq)) this.pending.set(next.seq, next);
            this.failures += 1;
            this.offline = true;
            const delay = Math.min(15_000, 1_000 * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4);
            this.timer = setTimeout(() => {
              this.timer = null;
              void this.pump();
            }, delay);
            break;
          }
          this.refused.set(next.seq, error instanceof ApiError ? error.message : String(error));
          this.options.onRefused(next.seq, error as ApiError);
        } finally {
          this.inflight = null;
          this.store();
          this.options.onChange();
        }
      }
    } finally {
      this.running = false;
      if (this.unsent === 0) for (const waiter of [...this.waiters]) waiter();
    }
  }

  private store(): void {
    try {
      const unsent = [...this.pending.values()].map((e) => [e.seq, e.response] as const);
      if (this.inflight && !this.pending.has(this.inflight.seq)) unsent.push([this.inflight.seq, this.inflight.response]);
      if (unsent.length === 0) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, JSON.stringify(unsent));
    } catch {
      // Private mode or a full storage: the answers still go, only a reload would lose the unsent ones.
    }
  }

  private readStored(): [number, Response][] {
    try {
      const raw = localStorage.getItem(this.storageKey);
      const list = raw ? (JSON.parse(raw) as unknown) : [];
      return Array.isArray(list) ? (list.filter((x) => Array.isArray(x) && typeof x[0] === "number" && x[1]) as [number, Response][]) : [];
    } catch {
      return [];
    }
  }
}

import type { Attempt } from "../../lib/types";

type Primed = { attempt: Attempt; sentAt: number; receivedAt: number };

let primed: Primed | null = null;

/** The attempt the start request returned, handed to the attempt screen so it need not ask again. */
export function primeAttempt(attempt: Attempt, sentAt: number, receivedAt: number) {
  primed = { attempt, sentAt, receivedAt };
}

/** Taken once: a later visit (a reload, a return from the list) asks the server. */
export function takePrimed(attemptId: string): Primed | null {
  const found = primed?.attempt.id === attemptId ? primed : null;
  primed = null;
  return found;
}

/** The server owns time: every timestamp is UTC milliseconds since the epoch, taken here. */
export function now(): number {
  return Date.now();
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Which questions make today's set, from three pools the database drew at random: questions in
 * the person's open 错题本, questions they have never answered, and questions they have answered.
 * Wrong ones come back (up to half the set), then unseen ones, then the rest fill any gap.
 *
 * @example
 * pickDaily({ wrong: ["w1"], unseen: ["u1", "u2"], seen: ["s1"] }, 3) // ["w1", "u1", "u2"]
 */
export function pickDaily(pools: { wrong: string[]; unseen: string[]; seen: string[] }, size: number): string[] {
  const out: string[] = [];
  const add = (ids: string[], limit: number) => {
    for (const id of ids) {
      if (out.length >= limit) return;
      if (!out.includes(id)) out.push(id);
    }
  };
  add(pools.wrong, Math.ceil(size / 2));
  add(pools.unseen, size);
  add(pools.wrong, size);
  add(pools.seen, size);
  return out;
}

/** The calendar day (YYYY-MM-DD) of `at` in a time zone: a daily set turns over at local midnight. */
export function dayIn(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** A 错题本 entry leaves the book after this many right answers in a row. */
export const CLEAR_AFTER = 2;
export const DEFAULT_DAILY_SIZE = 5;

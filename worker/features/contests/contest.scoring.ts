import { normalizeAnswer, type QuestionDraft, type Response } from "../bank/question";

/**
 * How a contest answer is scored. At an attempt's start each question gets a per-attempt option
 * order and its answer key rewritten in shown positions, in a canonical text form; a response is
 * brought to the same form, so the database scores an answer in the statement that saves it
 * (one round trip, no key read first). The forms:
 *
 * - single: the shown index, `"2"`
 * - multiple: sorted shown indices as JSON, `"[0,3]"`
 * - judge: `"true"` / `"false"`
 * - fill: key = JSON array per blank of the accepted answers, normalized; response = JSON array of
 *   the normalized blanks (NFKC, case, spaces and punctuation folded: normalizeAnswer).
 */

/** Answers are accepted this long after the deadline, for the network between a phone and us. */
export const GRACE_MS = 5_000;

/** Options reading "以上都对" and the like refer to their neighbours' places: such questions keep their order. */
const POSITIONAL = /以上|上述|都不|均不|均正确|都正确|都对|均对|all of the above|none of the above/i;

/** A random permutation of 0…n-1 (Fisher–Yates with crypto randomness). */
export function shuffled(n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  const random = new Uint32Array(Math.max(1, n));
  crypto.getRandomValues(random);
  for (let i = n - 1; i > 0; i--) {
    const j = (random[i] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/** The option order for one attempt: `order[shown] = original`. */
export function optionOrderFor(q: QuestionDraft): number[] {
  if (q.type !== "single" && q.type !== "multiple") return [];
  if (q.options.some((o) => POSITIONAL.test(o))) return q.options.map((_, i) => i);
  return shuffled(q.options.length);
}

/** The answer key in shown positions, canonical. */
export function answerKeyFor(q: QuestionDraft, order: number[]): string {
  const shown = (original: number) => order.indexOf(original);
  switch (q.type) {
    case "single":
      return String(shown(q.answer));
    case "multiple":
      return JSON.stringify(q.answer.map(shown).sort((a, b) => a - b));
    case "judge":
      return String(q.answer);
    case "fill":
      return JSON.stringify(q.answer.map((accepted) => [...new Set(accepted.map(normalizeAnswer))]));
  }
}

/**
 * A response in canonical form (shown positions), with what the saving statement checks it against
 * the question: the highest option index chosen (-1 for none) and the number of blanks.
 */
export function canonicalForm(response: Response): { text: string; maxIndex: number; blanks: number } {
  switch (response.type) {
    case "single":
      return { text: String(response.choice), maxIndex: response.choice, blanks: 0 };
    case "multiple": {
      const choices = [...new Set(response.choices)].sort((x, y) => x - y);
      return { text: JSON.stringify(choices), maxIndex: Math.max(...choices), blanks: 0 };
    }
    case "judge":
      return { text: String(response.value), maxIndex: -1, blanks: 0 };
    case "fill":
      return { text: JSON.stringify(response.blanks.map(normalizeAnswer)), maxIndex: -1, blanks: response.blanks.length };
  }
}

/** A canonical response back as a Response, for showing a saved answer. */
export function responseFromCanonical(type: QuestionDraft["type"], canonical: string): Response {
  switch (type) {
    case "single":
      return { type, choice: Number(canonical) };
    case "multiple":
      return { type, choices: JSON.parse(canonical) as number[] };
    case "judge":
      return { type, value: canonical === "true" };
    case "fill":
      return { type, blanks: JSON.parse(canonical) as string[] };
  }
}

/**
 * The share of points a response earns, as SQL text over an attempt_questions row `aq`, with `r`
 * the placeholder of the canonical response (e.g. `?3`): whole or nothing, except a
 * multiple-choice question with partial credit, where choosing only right options earns their share.
 */
export function creditSql(r: string): string {
  return `(case
    when aq.type = 'fill' then (json_array_length(${r}) = json_array_length(aq.answer_key) and not exists (
      select 1 from json_each(aq.answer_key) as k
      where not exists (select 1 from json_each(k.value) as acc where acc.value = json_extract(${r}, '$[' || k.key || ']'))))
    when aq.answer_key = ${r} then 1.0
    when aq.type = 'multiple' and aq.partial_credit = 1 and not exists (
      select 1 from json_each(${r}) as c where c.value not in (select value from json_each(aq.answer_key)))
      then json_array_length(${r}) * 1.0 / json_array_length(aq.answer_key)
    else 0.0 end)`;
}

/**
 * Points earned as SQL text over `aq` (the attempt question) and `r` (its round), from the credit
 * and, in speed rounds, the time taken: Kahoot-style points × (1 − (time / question time) / 2), so
 * a right answer at the last moment still earns half.
 */
export function earnedSql(credit: string, elapsedMs: string): string {
  return `cast(round(aq.points * ${credit} * (case when r.scoring = 'speed' and r.question_time_sec is not null
    then 1.0 - min(max(${elapsedMs}, 0), r.question_time_sec * 1000) * 1.0 / (r.question_time_sec * 1000) / 2.0 else 1.0 end)) as integer)`;
}

/** The same rule in TypeScript, for tests and for explaining a score. */
export function speedPoints(points: number, credit: number, elapsedMs: number, questionMs: number): number {
  const t = Math.min(Math.max(elapsedMs, 0), questionMs);
  return Math.round(points * credit * (1 - t / questionMs / 2));
}

import { type MessageKey, t } from "../i18n";
import type { PracticeResponse, QuestionStatus, QuestionType } from "./types";

/**
 * The question model's conventions as the web app needs them (worker/features/bank/question.ts
 * holds the rules; its runtime code stays out of the bundle). Options are referred to by index,
 * 0 = A; a fill-in stem marks each blank with BLANK.
 */
export const BLANK = "（ ）";
export const OPTION_LETTERS = "ABCDEFGH";
export const MAX_OPTIONS = OPTION_LETTERS.length;

/**
 * A 错题本 entry leaves the book after this many right answers in a row (the worker's CLEAR_AFTER;
 * the API reports the streak, not the threshold).
 */
export const CLEAR_AFTER = 2;

export const letter = (index: number) => OPTION_LETTERS[index] ?? "?";

/** "ACD" for [0, 2, 3]. */
export const letters = (indices: readonly number[]) =>
  [...indices]
    .sort((a, b) => a - b)
    .map(letter)
    .join("");

export const typeLabel = (type: QuestionType | string) => t(`question.type.${type}` as MessageKey);
export const statusLabel = (status: QuestionStatus) => t(`question.status.${status}` as MessageKey);
export const difficultyLabel = (difficulty: number) => t(`question.difficulty.${difficulty}` as MessageKey);

export function countBlanks(stem: string): number {
  return stem.split(BLANK).length - 1;
}

/** The stem cut at its blanks: text, blank, text, …; the blanks are numbered from 1. */
export function stemParts(stem: string): ({ text: string } | { blank: number })[] {
  const pieces = stem.split(BLANK);
  const out: ({ text: string } | { blank: number })[] = [];
  pieces.forEach((text, i) => {
    if (text) out.push({ text });
    if (i < pieces.length - 1) out.push({ blank: i + 1 });
  });
  return out;
}

/** Tags typed as one line: split on commas, 、, semicolons or spaces; duplicates dropped. */
export function parseTags(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[,，、;；\s]+/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/** Accepted answers for one blank, typed as one line: split on | ｜ ; ；. */
export function parseAccepted(value: string): string[] {
  return value
    .split(/[|｜;；]/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** The right answer in words, one line per blank for a fill-in: ["B"], ["ACD"], ["对"], ["第 1 空：脱离群众", …]. */
export function answerLines(type: QuestionType, answer: unknown): string[] {
  if (type === "fill" && Array.isArray(answer)) {
    return (answer as string[][]).map((accepted, i) => t("question.blankAnswer", { n: i + 1, answer: accepted.join(" / ") }));
  }
  return [answerText(type, answer)];
}

/** What a member gave, in the same shape as answerLines. */
export function responseLines(response: PracticeResponse): string[] {
  if (response.type === "fill") return response.blanks.map((b, i) => t("question.blankAnswer", { n: i + 1, answer: b || "—" }));
  return [responseText(response)];
}

/** The right answer in words: "B", "ACD", "对", or "第 1 空：脱离群众". */
export function answerText(type: QuestionType, answer: unknown): string {
  switch (type) {
    case "single":
      return typeof answer === "number" ? letter(answer) : "";
    case "multiple":
      return Array.isArray(answer) ? letters(answer as number[]) : "";
    case "judge":
      return answer === true ? t("question.judge.true") : answer === false ? t("question.judge.false") : "";
    case "fill":
      return Array.isArray(answer)
        ? (answer as string[][]).map((accepted, i) => t("question.blankAnswer", { n: i + 1, answer: accepted.join(" / ") })).join("；")
        : "";
  }
}

/** What a member gave, in the same words as answerText. */
export function responseText(response: PracticeResponse): string {
  switch (response.type) {
    case "single":
      return letter(response.choice);
    case "multiple":
      return letters(response.choices);
    case "judge":
      return t(response.value ? "question.judge.true" : "question.judge.false");
    case "fill":
      return response.blanks.map((b, i) => t("question.blankAnswer", { n: i + 1, answer: b || "—" })).join("；");
  }
}

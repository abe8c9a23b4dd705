import { type MessageKey, zhCN } from "./zh-CN";

export type { MessageKey };

const messages: Record<string, string> = zhCN;

function fill(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

/**
 * A `t` for a feature's own table of texts (web/src/i18n/<feature>.zh-CN.ts), so a feature's words
 * travel in its pages' chunks and not in the first page every member downloads. Keys not in the
 * feature's table fall back to the shared table (buttons, errors, navigation).
 *
 * @example
 * export const tc = translator(coursesZhCN);
 * tc("courses.seatsLeft", { n: 3 }) // "剩余 3 个名额"
 */
export function translator<K extends string>(table: Record<K, string>) {
  const own: Record<string, string> = table;
  return (key: K | MessageKey, params?: Record<string, string | number>): string => fill(own[key] ?? messages[key] ?? key, params);
}

/**
 * The one way a component gets text a person reads.
 *
 * @example
 * t("members.total", { total: 42 }) // "共 42 人"
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return fill(messages[key] ?? key, params);
}

/** For keys built from data (an audit action, an enum value): the text if the table has it, else undefined. */
export function tOptional(key: string, params?: Record<string, string | number>): string | undefined {
  return key in messages ? t(key as MessageKey, params) : undefined;
}

import { type MessageKey, zhCN } from "./zh-CN";

export type { MessageKey };

const messages: Record<string, string> = zhCN;

/**
 * The one way a component gets text a person reads.
 *
 * @example
 * t("members.total", { total: 42 }) // "共 42 人"
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

/** For keys built from data (an audit action, an enum value): the text if the table has it, else undefined. */
export function tOptional(key: string, params?: Record<string, string | number>): string | undefined {
  return key in messages ? t(key as MessageKey, params) : undefined;
}

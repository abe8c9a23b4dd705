import { type MessageKey, t } from "../i18n";
import type { MemberStatus, OrgKind, Role } from "./types";

/** Times are UTC ms on the wire and shown in the org's zone (Asia/Shanghai by default). */
export const TIME_ZONE = "Asia/Shanghai";

/** Study hours as people write them, to a tenth: 12 → "12", 12.5 → "12.5", 12.25 → "12.3" (sums of tenths carry float dust). */
export function hoursFigure(hours: number): string {
  const tenths = Math.round(hours * 10);
  return (tenths / 10).toFixed(tenths % 10 === 0 ? 0 : 1);
}

let dateTimeFormat: Intl.DateTimeFormat | null = null;

/** "2026-03-05 14:07" in Beijing time, whatever the device's own zone. */
export function formatDateTime(ms: number): string {
  dateTimeFormat ??= new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const parts: Record<string, string> = {};
  for (const part of dateTimeFormat.formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** ISO string for a <time datetime> attribute. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export const roleLabel = (role: Role | string) => t(`role.${role}` as MessageKey);
export const orgKindLabel = (kind: OrgKind | string) => t(`orgKind.${kind}` as MessageKey);
export const statusLabel = (status: MemberStatus) => t(`status.${status}` as MessageKey);

/** A rough, human name for a session's user agent: "iPhone · Safari". */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return t("account.unknownDevice");
  const ua = userAgent;
  const os = /iPhone/.test(ua)
    ? t("device.iphone")
    : /iPad/.test(ua)
      ? t("device.ipad")
      : /Android/.test(ua)
        ? t("device.android")
        : /Windows/.test(ua)
          ? t("device.windows")
          : /Mac OS X|Macintosh/.test(ua)
            ? t("device.mac")
            : /Linux/.test(ua)
              ? t("device.linux")
              : null;
  const browser = /MicroMessenger/.test(ua)
    ? t("device.wechat")
    : /Edg\//.test(ua)
      ? t("device.browser.edge")
      : /Firefox\//.test(ua)
        ? t("device.browser.firefox")
        : /Chrome\/|Chromium\//.test(ua)
          ? t("device.browser.chrome")
          : /Safari\//.test(ua)
            ? t("device.browser.safari")
            : null;
  const name = [os, browser].filter(Boolean).join(" · ");
  return name || t("account.unknownDevice");
}

/** Asia/Shanghai has had no daylight saving since 1991: a fixed +08:00 is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "2026-03-05T14:07" (Beijing wall clock) for a datetime-local input, whatever the device's zone. */
export function toLocalInput(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** UTC ms for a datetime-local value read as Beijing time; NaN when empty or malformed. */
export function fromLocalInput(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return Number.NaN;
  return Date.parse(`${value}:00+08:00`);
}

/** The next whole hour from now, in ms: a round's sensible default start. */
export function nextWholeHour(at = Date.now()): number {
  return Math.ceil((at + 60_000) / 3_600_000) * 3_600_000;
}

/** "03-05 14:07" — a compact Beijing time for dense tables (the year is in the page's context). */
export function formatShortDateTime(ms: number): string {
  const parts: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(ms))
    parts[part.type] = part.value;
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

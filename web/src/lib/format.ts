import { type MessageKey, t } from "../i18n";
import type { MemberStatus, OrgKind, Role } from "./types";

/** Times are UTC ms on the wire and shown in the org's zone (Asia/Shanghai by default). */
export const TIME_ZONE = "Asia/Shanghai";

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

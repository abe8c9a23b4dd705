import { tr } from "../i18n/reports.zh-CN";
import { query } from "./api";
import { TIME_ZONE } from "./format";
import type { ReportSnapshot, ReportSnapshotView } from "./types";

/**
 * Small helpers the organizer's plan settings, points rules and report pages share: Beijing dates,
 * the names of report periods, and numbers as an organizer reads them in a table.
 */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "2026-11-30": the Beijing calendar day of a UTC ms (Asia/Shanghai has no daylight saving). */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's Beijing date, YYYY-MM-DD: what a date input and the API both mean by "today". */
export function shanghaiToday(now = Date.now()): string {
  return shanghaiDate(now);
}

/** The current calendar year in Beijing. */
export function shanghaiYear(now = Date.now()): number {
  return Number(shanghaiDate(now).slice(0, 4));
}

/** A year from a query string, or the current one when it is missing or not a sensible year. */
export function yearFrom(value: string | undefined): number {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : shanghaiYear();
}

const dayFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: TIME_ZONE, year: "numeric", month: "long", day: "numeric" });

/** "2026年11月30日" in Beijing time. */
export function formatLongDate(ms: number): string {
  return dayFormat.format(ms);
}

/**
 * The last day a snapshot covers: its `asOf` is the end of the period (the first moment after it,
 * e.g. 12-01 00:00 for November), so the day shown is the one before.
 */
export function asOfDate(asOf: number): string {
  return formatLongDate(asOf - 1);
}

const quarterNames = ["一", "二", "三", "四"] as const;

/** "2026年11月", "2026年第四季度", "2026年度" from a snapshot's period key (2026-11, 2026-Q4, 2026). */
export function periodLabel(snapshot: Pick<ReportSnapshot, "period" | "periodKey" | "year">): string {
  const key = snapshot.periodKey;
  if (snapshot.period === "month") {
    const month = Number(key.slice(5, 7));
    return tr("report.period.month", { year: snapshot.year, month });
  }
  if (snapshot.period === "quarter") {
    const quarter = Number(key.slice(-1));
    return tr("report.period.quarter", { year: snapshot.year, quarter: quarterNames[quarter - 1] ?? String(quarter) });
  }
  return tr("report.period.year", { year: snapshot.year });
}

/** 月报 / 季报 / 年度考评 (GLOSSARY: report snapshot). */
export function periodKind(period: ReportSnapshot["period"]): string {
  return tr(`report.kind.${period}`);
}

/** A number as typed in a form; an empty box goes as null, so the server names the field (not a silent 0). */
export function typedNumber(value: string): number {
  const trimmed = value.trim();
  return (trimmed === "" ? null : Number(trimmed)) as number;
}

/** A 0–1 share as "87%" (or "87.5%" when it is not whole). */
export function formatShare(share: number): string {
  const percent = Math.round(share * 1000) / 10;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** A share of a whole, "12 / 40": zero-safe. */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

export const reportPaths = {
  list: (orgId?: string) => `/reports${query({ org: orgId })}`,
  view: (id: string, orgId?: string) => `/reports/${encodeURIComponent(id)}${query({ org: orgId })}`,
  print: (id: string, orgId?: string) => `/reports/${encodeURIComponent(id)}/print${query({ org: orgId })}`,
};

/** "锂源新能源科技有限公司党委 2026年11月 学习计划月报" */
export function reportTitle(view: Pick<ReportSnapshotView, "snapshot" | "org">): string {
  return tr(`report.docTitle.${view.snapshot.period}`, { org: view.org.name, period: periodLabel(view.snapshot) });
}

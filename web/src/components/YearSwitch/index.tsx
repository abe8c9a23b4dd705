import { useLocation } from "preact-iso";
import { t } from "../../i18n";
import { query } from "../../lib/api";
import { thisYear, yearFrom } from "../../lib/my-plan";
import { Icon } from "../Icon";
import styles from "./style.module.css";

/**
 * ‹ 2026 年 ›: the year a page shows (study hours, the plan, the ranking, the organizer's dashboard
 * and a member's ledger). The next year is off beyond `max` (the current year: nothing has happened
 * yet), the previous one before 2000 (no page takes an earlier year from the address).
 */
export function YearSwitch({ year, max, onYear }: { year: number; max: number; onYear: (year: number) => void }) {
  return (
    <div class={styles.years}>
      <button
        type="button"
        class={styles.yearButton}
        onClick={() => onYear(year - 1)}
        disabled={year <= 2000}
        aria-label={t("common.prevYear")}
      >
        <Icon name="chevronLeft" />
      </button>
      <h2 class={styles.year} aria-live="polite">
        {t("common.year", { year })}
      </h2>
      <button
        type="button"
        class={styles.yearButton}
        onClick={() => onYear(year + 1)}
        disabled={year >= max}
        aria-label={t("common.nextYear")}
      >
        <Icon name="chevronRight" />
      </button>
    </div>
  );
}

/**
 * The year in the address of a member's page (`?year=`; this year when it is missing or out of
 * range) and the way to another one. This year stays out of the address, so the plain link is
 * always the current year; the switch replaces the history entry rather than piling them up.
 */
export function useYearParam(): { year: number; current: number; go: (year: number) => void } {
  const { query: params, path, route } = useLocation();
  const current = thisYear();
  const year = yearFrom(params.year, current);
  const go = (y: number) => route(`${path}${query({ year: y === current ? undefined : y })}`, true);
  return { year, current, go };
}

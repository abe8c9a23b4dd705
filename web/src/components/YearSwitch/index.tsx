import { Icon } from "../Icon";
import styles from "./style.module.css";

/**
 * ‹ 2026 年 ›: the year a page shows, in the look of the study page's switcher. The next year
 * is off beyond `max` (the current year: nothing has happened yet).
 */
export function YearSwitch({
  year,
  max,
  label,
  prevLabel,
  nextLabel,
  onYear,
}: {
  year: number;
  max: number;
  /** The year as people read it ("2026 年"). */
  label: string;
  prevLabel: string;
  nextLabel: string;
  onYear: (year: number) => void;
}) {
  return (
    <div class={styles.years}>
      <button type="button" class={styles.yearButton} onClick={() => onYear(year - 1)} disabled={year <= 2000} aria-label={prevLabel}>
        <Icon name="chevronLeft" />
      </button>
      <h2 class={styles.year} aria-live="polite">
        {label}
      </h2>
      <button type="button" class={styles.yearButton} onClick={() => onYear(year + 1)} disabled={year >= max} aria-label={nextLabel}>
        <Icon name="chevronRight" />
      </button>
    </div>
  );
}

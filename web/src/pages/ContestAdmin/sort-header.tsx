import type { ComponentChildren } from "preact";
import admin from "./admin.module.css";

/**
 * A column header of an organizer's table that sorts it: the label as a button with ▲/▼ beside it
 * on the column the table is sorted by, and `aria-sort` on the cell, so a screen reader says the
 * order too. Without `onSort` (a table on paper) the label stands alone.
 */
export function SortHeader({
  label,
  active,
  desc,
  onSort,
  numeric = false,
  class: extra,
}: {
  label: ComponentChildren;
  /** The table is sorted by this column. */
  active: boolean;
  desc: boolean;
  onSort?: (() => void) | undefined;
  numeric?: boolean;
  class?: string;
}) {
  return (
    <th
      scope="col"
      class={[numeric ? admin.num : "", extra ?? ""].join(" ").trim() || undefined}
      aria-sort={onSort ? (active ? (desc ? "descending" : "ascending") : "none") : undefined}
    >
      {onSort ? (
        <button type="button" class={admin.sortButton} onClick={onSort}>
          {label}
          <span class={admin.sortMark} aria-hidden="true">
            {active ? (desc ? "▼" : "▲") : ""}
          </span>
        </button>
      ) : (
        label
      )}
    </th>
  );
}

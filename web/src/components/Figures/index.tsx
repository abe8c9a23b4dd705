import type { ComponentChildren } from "preact";
import styles from "./style.module.css";

export type Figure = {
  label: string;
  value: ComponentChildren;
  /** Set as `data-total` on the figure, for the tests that read it. */
  name?: string;
};

/**
 * A few plain figures side by side in one card, each number above what it counts: a year's hours
 * and points (我的学时, the plan without one, a member's ledger), a member's points and rank. The
 * size follows the page: `lg` where the figures are the page, `md` in the organizer's ledger, `sm`
 * above a ranking (the list is what matters there).
 */
export function Figures({
  figures,
  size = "lg",
  live = false,
  class: extra,
}: {
  figures: Figure[];
  size?: "lg" | "md" | "sm";
  /** Say the new figures when they change on the spot (after an entry is added or taken back). */
  live?: boolean;
  class?: string;
}) {
  return (
    <dl class={[styles.figures, styles[size], extra ?? ""].join(" ")} aria-live={live ? "polite" : undefined}>
      {figures.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd data-total={f.name}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

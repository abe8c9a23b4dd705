import { Icon } from "../Icon";
import styles from "./style.module.css";

type Props = {
  /** What has been done (12.5 hours, 2 modules…). */
  value: number;
  /** What is asked; 0 or less draws the track only and shows the value alone. */
  max: number;
  /** What the ring measures, under it and first in its accessible name ("学时"). */
  label: string;
  /** Diameter in rem (so a larger text setting scales it); 6 by default. */
  size?: number;
  /** How the numbers are written (hours to a tenth); `String` by default. */
  format?: (n: number) => string;
  /** A short line under the label, also read out ("已完成", "不作要求"). */
  hint?: string;
  /** 0–1: a tick on the ring where the value should be by now (the pace of the year). */
  marker?: number;
  class?: string;
};

const R = 42;
const CIRCUMFERENCE = 2 * Math.PI * R;

/**
 * One requirement as a ring: the share done as an arc, and the numbers themselves in the middle
 * (never colour alone). The whole ring is one image to assistive technology, named
 * "学时 12.5 / 32" (plus the hint), so a screen reader hears the figures once.
 *
 * @example
 * <ProgressRing label="学时" value={12.5} max={32} format={hoursFigure} marker={0.4} />
 */
export function ProgressRing({ value, max, label, size = 6, format = String, hint, marker, class: extra }: Props) {
  const open = max > 0;
  const share = open ? Math.min(1, Math.max(0, value / max)) : 0;
  const complete = open && value >= max;
  const figures = open ? `${format(value)} / ${format(max)}` : format(value);
  const name = [`${label} ${figures}`, hint].filter(Boolean).join("，");
  const tick = open && marker !== undefined && marker > 0 && marker < 1 ? marker * 2 * Math.PI : null;
  return (
    <div class={[styles.ring, extra ?? ""].join(" ")} style={{ "--ring-size": `${size}rem` }} role="img" aria-label={name}>
      <div class={styles.dial}>
        <svg viewBox="0 0 100 100" aria-hidden="true" focusable="false">
          <circle class={styles.track} cx="50" cy="50" r={R} />
          {share > 0 ? (
            <circle
              class={styles.arc}
              cx="50"
              cy="50"
              r={R}
              stroke-dasharray={`${CIRCUMFERENCE} ${CIRCUMFERENCE}`}
              stroke-dashoffset={CIRCUMFERENCE * (1 - share)}
              transform="rotate(-90 50 50)"
            />
          ) : null}
          {tick !== null ? (
            <line
              class={styles.marker}
              x1={50 + 33 * Math.sin(tick)}
              y1={50 - 33 * Math.cos(tick)}
              x2={50 + 51 * Math.sin(tick)}
              y2={50 - 51 * Math.cos(tick)}
            />
          ) : null}
        </svg>
        <span class={styles.figures}>
          <span class={styles.value}>{format(value)}</span>
          {open ? <span class={styles.max}>/ {format(max)}</span> : null}
        </span>
      </div>
      <span class={styles.label}>{label}</span>
      {hint ? (
        <span class={[styles.hint, complete ? styles.complete : ""].join(" ")}>
          {complete ? <Icon name="check" size={0.875} strokeWidth={2.4} /> : null}
          {hint}
        </span>
      ) : null}
    </div>
  );
}

import styles from "./style.module.css";

/** A small busy indicator; the surrounding text says what is happening. */
export function Spinner({ size = 1 }: { size?: number }) {
  return <span class={styles.spinner} style={{ width: `${size}rem`, height: `${size}rem` }} aria-hidden="true" />;
}

/** A block that holds space while a page's data loads, announced to screen readers. */
export function Loading({ label, minHeight = 12 }: { label: string; minHeight?: number }) {
  return (
    <div class={styles.loading} style={{ minHeight: `${minHeight}rem` }} role="status" aria-live="polite">
      <Spinner size={1.5} />
      <span>{label}</span>
    </div>
  );
}

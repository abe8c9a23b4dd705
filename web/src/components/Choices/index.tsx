import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import styles from "./style.module.css";

/** Radio cards: each choice with a sentence on what it means. */
export function Choices({
  name,
  label,
  value,
  onValue,
  options,
  columns = 2,
}: {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: { value: string; title: string; body: ComponentChildren }[];
  /** Side by side on a wide screen (2), or one under another (1); always one column on a phone. */
  columns?: 1 | 2;
}) {
  const id = useId();
  return (
    <div class={[styles.choices, columns === 2 ? styles.two : ""].join(" ")} role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <label key={option.value} class={styles.choice} data-checked={value === option.value ? "true" : "false"}>
          <input
            type="radio"
            name={`${name}-${id}`}
            value={option.value}
            checked={value === option.value}
            onChange={() => onValue(option.value)}
          />
          <span class={styles.choiceText}>
            <span class={styles.choiceTitle}>{option.title}</span>
            <span class={styles.choiceBody}>{option.body}</span>
          </span>
        </label>
      ))}
    </div>
  );
}

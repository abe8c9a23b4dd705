import type { ComponentChildren } from "preact";
import styles from "./style.module.css";

/** The page's one h1, a line of context and the page-level actions. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <header class={[styles.header, description || actions ? "" : styles.titleOnly].join(" ")}>
      <div class={styles.text}>
        <h1 class={styles.title}>{title}</h1>
        {description ? <p class={styles.description}>{description}</p> : null}
      </div>
      {actions ? <div class={styles.actions}>{actions}</div> : null}
    </header>
  );
}

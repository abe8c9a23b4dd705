import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "../Icon";
import styles from "./style.module.css";

/** Nothing to show yet: what this place is for, said plainly, and the next step when there is one. */
export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon: IconName;
  title: string;
  children?: ComponentChildren;
  action?: ComponentChildren;
}) {
  return (
    <div class={styles.empty}>
      <span class={styles.icon}>
        <Icon name={icon} size={1.75} />
      </span>
      <h2 class={styles.title}>{title}</h2>
      {children ? <p class={styles.body}>{children}</p> : null}
      {action ? <div class={styles.action}>{action}</div> : null}
    </div>
  );
}

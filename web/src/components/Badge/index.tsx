import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "../Icon";
import styles from "./style.module.css";

export type BadgeTone = "neutral" | "red" | "green" | "amber" | "blue" | "gold" | "danger";

/** A short label; pass an icon when the badge carries a state, so it never relies on colour alone. */
export function Badge({
  tone = "neutral",
  icon,
  children,
  class: extra,
}: {
  tone?: BadgeTone;
  icon?: IconName;
  children: ComponentChildren;
  class?: string;
}) {
  return (
    <span class={[styles.badge, styles[tone], extra ?? ""].join(" ")}>
      {icon ? <Icon name={icon} size={0.875} strokeWidth={2.2} /> : null}
      {children}
    </span>
  );
}

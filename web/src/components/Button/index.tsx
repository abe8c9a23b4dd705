import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { Icon, type IconName } from "../Icon";
import { Spinner } from "../Spinner";
import styles from "./style.module.css";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger" | "quiet";
export type ButtonSize = "sm" | "md" | "lg";

/** Class names for a button look, also used by links that act as buttons. */
export function buttonClass(variant: ButtonVariant = "secondary", size: ButtonSize = "md", block = false, extra?: string): string {
  return [styles.button, styles[variant], styles[size], block ? styles.block : "", extra ?? ""].filter(Boolean).join(" ");
}

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "icon" | "size"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  block?: boolean;
  icon?: IconName;
  /** While true the button is busy: it shows a spinner and `pendingLabel`, and ignores presses. */
  pending?: boolean;
  pendingLabel?: string;
  children?: ComponentChildren;
};

export function Button({
  variant = "secondary",
  size = "md",
  block,
  icon,
  pending,
  pendingLabel,
  children,
  class: extra,
  type,
  ...rest
}: Props) {
  return (
    <button
      type={type ?? "button"}
      class={buttonClass(variant, size, block, typeof extra === "string" ? extra : undefined)}
      aria-busy={pending ? "true" : undefined}
      {...rest}
      disabled={pending || rest.disabled}
    >
      {pending ? <Spinner size={size === "sm" ? 0.875 : 1} /> : icon ? <Icon name={icon} size={size === "sm" ? 1 : 1.25} /> : null}
      <span>{pending && pendingLabel ? pendingLabel : children}</span>
    </button>
  );
}

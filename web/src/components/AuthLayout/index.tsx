import type { ComponentChildren } from "preact";
import { t } from "../../i18n";
import { LogoMark } from "../Logo";
import styles from "./style.module.css";

/** Classes for the form inside the layout (stack, note, actions low on a phone, footer link). */
export const authStyles = styles;

/** The frame of the signed-out pages: the product's name on Party red, the form on a white sheet. */
export function AuthLayout({
  title,
  children,
  footer,
  compact = false,
}: {
  title: string;
  children: ComponentChildren;
  footer?: ComponentChildren;
  /** A longer form: a shorter band of red above it. */
  compact?: boolean;
}) {
  return (
    <div class={[styles.page, compact ? styles.compact : ""].join(" ")}>
      <header class={styles.brand}>
        <LogoMark size={3} inverted />
        <p class={styles.name}>{t("app.name")}</p>
        <p class={styles.subtitle}>{t("app.subtitle")}</p>
      </header>
      <main class={styles.sheet} id="main">
        <h1 class={styles.title}>{title}</h1>
        {children}
        {footer ? <div class={styles.footer}>{footer}</div> : null}
      </main>
    </div>
  );
}

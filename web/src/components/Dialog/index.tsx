import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import { t } from "../../i18n";
import { Icon } from "../Icon";
import styles from "./style.module.css";

type Props = {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  /** A description read with the title when the dialog opens. */
  description?: string;
  size?: "sm" | "md" | "lg";
};

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Esc, marks the rest of the
 * page inert and returns focus to the opener. On a phone it sits at the bottom like a sheet.
 */
export function Dialog({ open, title, onClose, children, footer, description, size = "md" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop press is a mouse shortcut; keyboards close with Esc (the native cancel event) or the close button
    <dialog
      ref={ref}
      class={[styles.dialog, styles[size]].join(" ")}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A press on the backdrop (the dialog element itself, outside its panel) closes it.
        if (event.target === ref.current) onClose();
      }}
    >
      {open ? (
        <div class={styles.panel}>
          <header class={styles.header}>
            <h2 id={titleId} class={styles.title}>
              {title}
            </h2>
            <button type="button" class={styles.close} onClick={onClose} aria-label={t("common.close")}>
              <Icon name="x" />
            </button>
          </header>
          <div class={styles.body}>
            {description ? (
              <p id={descriptionId} class={styles.description}>
                {description}
              </p>
            ) : null}
            {children}
          </div>
          {footer ? <footer class={styles.footer}>{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}

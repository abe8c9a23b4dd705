import { useEffect, useId, useRef, useState } from "preact/hooks";
import { Icon, type IconName } from "../Icon";
import styles from "./style.module.css";

export type MenuItem = { label: string; icon?: IconName; danger?: boolean; onSelect: () => void };

type Props = {
  /** The trigger's visible text. */
  label: string;
  /** The trigger's accessible name when it needs more context than the text, e.g. "操作：张三". */
  ariaLabel?: string;
  items: MenuItem[];
};

/**
 * A small actions menu (menu button pattern): Enter/Space/↓ opens and focuses the first item,
 * ↑/↓ move, Esc closes and returns focus to the button, a press outside closes it.
 */
export function Menu({ label, ariaLabel, items }: Props) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const itemsOf = () => Array.from(root.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? []);
  const focusItem = (index: number) => {
    const all = itemsOf();
    all[(index + all.length) % all.length]?.focus();
  };

  useEffect(() => {
    if (!open) return;
    focusItem(0);
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const all = itemsOf();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "ArrowDown") focusItem(index + 1);
    else if (event.key === "ArrowUp") focusItem(index - 1);
    else if (event.key === "Home") focusItem(0);
    else if (event.key === "End") focusItem(all.length - 1);
    else if (event.key === "Escape") close(true);
    else if (event.key === "Tab") close(false);
    else return;
    if (event.key !== "Tab") event.preventDefault();
  };

  return (
    <div class={styles.root} ref={root}>
      <button
        ref={button}
        type="button"
        class={styles.trigger}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={ariaLabel}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span>{label}</span>
        <Icon name="chevronDown" size={0.875} />
      </button>
      {open ? (
        <div id={id} role="menu" class={styles.menu} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              class={[styles.item, item.danger ? styles.danger : ""].join(" ")}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
            >
              {item.icon ? <Icon name={item.icon} size={1.125} /> : null}
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

import { useState } from "preact/hooks";
import { t } from "../../i18n";
import { Button } from "../Button";
import styles from "./style.module.css";

/** A one-time code shown large, with a copy button (falls back to selecting the text). */
export function CopyCode({ code, label }: { code: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async (event: MouseEvent) => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      const output = (event.currentTarget as HTMLElement).parentElement?.querySelector("output");
      if (output) window.getSelection()?.selectAllChildren(output);
    }
  };
  return (
    <div class={styles.box}>
      <output class={styles.code} aria-label={label}>
        {code}
      </output>
      <Button size="sm" icon={copied ? "check" : "copy"} onClick={copy}>
        {copied ? t("common.copied") : t("common.copy")}
      </Button>
    </div>
  );
}

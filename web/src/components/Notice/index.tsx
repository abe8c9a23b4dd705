import type { ComponentChildren } from "preact";
import { t } from "../../i18n";
import { Icon, type IconName } from "../Icon";
import styles from "./style.module.css";

export type Tone = "error" | "info" | "success" | "warning";

const icons: Record<Tone, IconName> = { error: "alert", info: "info", success: "checkCircle", warning: "alert" };

type Props = {
  tone: Tone;
  title?: string;
  children?: ComponentChildren;
  /** A request id from an error envelope, so a person can quote it to an administrator. */
  requestId?: string | undefined;
  action?: ComponentChildren;
  id?: string;
  class?: string;
};

/** A message in the flow of the page. Errors are announced at once; the rest politely. */
export function Notice({ tone, title, children, requestId, action, id, class: extra }: Props) {
  return (
    <div id={id} class={[styles.notice, styles[tone], extra ?? ""].join(" ")} role={tone === "error" ? "alert" : "status"}>
      <Icon name={icons[tone]} class={styles.icon} />
      <div class={styles.body}>
        {title ? <p class={styles.title}>{title}</p> : null}
        {children ? <div class={styles.text}>{children}</div> : null}
        {requestId ? <p class={styles.meta}>{t("error.requestId", { id: requestId })}</p> : null}
        {action ? <div class={styles.action}>{action}</div> : null}
      </div>
    </div>
  );
}

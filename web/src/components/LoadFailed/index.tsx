import { t } from "../../i18n";
import { Button } from "../Button";
import { Notice } from "../Notice";
import styles from "./style.module.css";

/** Shown when a page's code could not be downloaded, or when something broke while drawing it. */
export function LoadFailed({ crashed = false }: { crashed?: boolean }) {
  return (
    <main class={styles.page} id="main">
      <Notice
        tone="error"
        title={t("common.loadFailed")}
        action={
          <Button variant="primary" icon="refresh" onClick={() => window.location.reload()}>
            {t("error.reload")}
          </Button>
        }
      >
        {crashed ? t("error.unexpected") : t("error.network")}
      </Notice>
    </main>
  );
}

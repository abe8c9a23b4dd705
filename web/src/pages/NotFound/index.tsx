import { useEffect } from "preact/hooks";
import { buttonClass } from "../../components/Button";
import { LogoMark } from "../../components/Logo";
import { t } from "../../i18n";
import styles from "./style.module.css";

export default function NotFound() {
  useEffect(() => {
    document.title = `${t("notFound.title")} · ${t("app.name")}`;
  }, []);
  return (
    <main id="main" class={styles.page}>
      <LogoMark size={3} />
      <h1 class={styles.title}>{t("notFound.title")}</h1>
      <p class={styles.body}>{t("notFound.body")}</p>
      <a class={buttonClass("primary", "lg")} href="/">
        {t("notFound.home")}
      </a>
    </main>
  );
}

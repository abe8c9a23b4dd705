import { t } from "../../i18n";
import { Button } from "../Button";
import styles from "./style.module.css";

type Props = {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  busy?: boolean /** e.g. 共 42 人 */;
  totalText: string;
};

export function Pagination({ page, pageSize, total, onPage, busy, totalText }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav class={styles.pagination} aria-label={t("pagination.label")}>
      <span class={styles.status} aria-live="polite">
        {totalText} · {t("pagination.status", { page, pages })}
      </span>
      <div class={styles.buttons}>
        <Button size="sm" icon="chevronLeft" disabled={page <= 1 || busy} onClick={() => onPage(page - 1)}>
          {t("pagination.prev")}
        </Button>
        <Button size="sm" disabled={page >= pages || busy} onClick={() => onPage(page + 1)}>
          {t("pagination.next")}
        </Button>
      </div>
    </nav>
  );
}

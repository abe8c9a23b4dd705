import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { BankSettingsDialog, VisibilityBadge } from "../../components/BankDialogs";
import { Button, buttonClass } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Menu } from "../../components/Menu";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import { downloadFrom } from "../../lib/download";
import type { Bank, BankResponse } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import { QuestionsPanel } from "./questions-panel";
import styles from "./style.module.css";

export default function BankPage() {
  return (
    <AppShell title={t("bank.title")} requiredRole="organizer">
      {() => <BankDetail />}
    </AppShell>
  );
}

function BankDetail() {
  const { params } = useRoute();
  const { query } = useLocation();
  const id = params.id ?? "";
  const { data, error, reload } = useResource<BankResponse>(`/api/banks/${encodeURIComponent(id)}`);
  const bank = data?.bank;
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [flash, setFlash] = useState<string | null>(query.created ? "created" : null);

  // A bank out of reach (or a mistyped link) is 404 (400 for a malformed id): the same notice as one the caller may not manage.
  const missing = error && (error.status === 404 || error.status === 400);
  if (error && !missing) {
    return (
      <Notice
        tone="error"
        requestId={error.requestId}
        action={
          <Button icon="refresh" onClick={reload}>
            {t("common.retry")}
          </Button>
        }
      >
        {error.message}
      </Notice>
    );
  }
  if (!data && !missing) return <Loading label={t("app.loading")} minHeight={20} />;
  if (!bank?.canManage) {
    return (
      <div class={styles.page}>
        <BackLink />
        <Notice tone="warning" title={t("bank.notFound")}>
          {t("bank.notFoundBody")}
        </Notice>
      </div>
    );
  }

  return (
    <div class={styles.page}>
      <BackLink />
      <BankHeader bank={bank} onSettings={() => setSettingsOpen(true)} />
      {flash ? <Notice tone="success">{flash === "created" ? t("bank.created", { name: bank.name }) : flash}</Notice> : null}
      <QuestionsPanel key={bank.id} bank={bank} onCountsChanged={reload} />
      {settingsOpen ? (
        <BankSettingsDialog
          open
          bank={bank}
          onClose={() => setSettingsOpen(false)}
          onDone={(saved) => {
            setSettingsOpen(false);
            setFlash(t("bank.saved", { name: saved.name }));
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function BackLink() {
  return (
    <a class={styles.back} href="/banks">
      <Icon name="chevronLeft" size={1} />
      <span>{t("bank.back")}</span>
    </a>
  );
}

function BankHeader({ bank, onSettings }: { bank: Bank; onSettings: () => void }) {
  const { route } = useLocation();
  const exportJson = useAction(() => downloadFrom(`/api/banks/${encodeURIComponent(bank.id)}/export`, `${bank.name}.json`));
  const importHref = `/banks/import?bank=${encodeURIComponent(bank.id)}`;
  return (
    <header class={styles.header}>
      <div class={styles.headText}>
        <h1 class={styles.title}>{bank.name}</h1>
        <div class={styles.headMeta}>
          {bank.shipped ? (
            <Badge tone="gold" icon="book">
              {t("bank.shipped")}
            </Badge>
          ) : null}
          <VisibilityBadge visibility={bank.visibility} />
          <span class={styles.metaText}>
            <Icon name="tree" size={1} />
            {bank.orgName}
          </span>
          <span class={`${styles.metaText} num`}>{t("bank.questionCountLabel", { count: bank.questionCount })}</span>
        </div>
        {bank.description ? <p class={styles.description}>{bank.description}</p> : null}
      </div>
      <div class={styles.headActions}>
        <Button size="sm" icon="share" onClick={onSettings}>
          {t("bank.settings")}
        </Button>
        <Button
          size="sm"
          icon="download"
          pending={exportJson.pending}
          pendingLabel={t("bank.exporting")}
          onClick={() => void exportJson.run()}
        >
          {t("bank.export")}
        </Button>
        <a class={buttonClass("secondary", "sm")} href={importHref}>
          <Icon name="upload" size={1} />
          <span>{t("bank.import")}</span>
        </a>
      </div>
      <div class={styles.headMenu}>
        <Menu
          label={t("bank.more")}
          items={[
            { label: t("bank.settings"), icon: "share", onSelect: onSettings },
            { label: t("bank.export"), icon: "download", onSelect: () => void exportJson.run() },
            { label: t("bank.import"), icon: "upload", onSelect: () => route(importHref) },
          ]}
        />
      </div>
      {exportJson.error ? (
        <Notice tone="error" class={styles.headNotice}>
          {exportJson.error.message}
        </Notice>
      ) : null}
    </header>
  );
}

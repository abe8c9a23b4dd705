import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { BankSettingsDialog, CreateBankDialog, PracticeSettingsDialog, VisibilityBadge } from "../../components/BankDialogs";
import { Button, buttonClass } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import rows from "../../components/RowList/style.module.css";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import type { Bank, BankList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function Banks() {
  return (
    <AppShell title={t("bank.title")} requiredRole="organizer">
      {() => <BanksPage />}
    </AppShell>
  );
}

type BanksDialog = { kind: "create" } | { kind: "practice" } | { kind: "settings"; bank: Bank } | null;

function BanksPage() {
  const { route } = useLocation();
  const { data, error, loading, reload } = useResource<BankList>("/api/banks");
  const [dialog, setDialog] = useState<BanksDialog>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const mine = data?.banks.filter((bank) => bank.canManage) ?? [];
  const shared = data?.banks.filter((bank) => !bank.canManage) ?? [];

  return (
    <div class={styles.page}>
      <PageHeader
        title={t("bank.title")}
        description={t("bank.intro")}
        actions={
          <>
            <a class={buttonClass("secondary")} href="/banks/import">
              <Icon name="upload" />
              <span>{t("bank.import")}</span>
            </a>
            <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: "create" })}>
              {t("bank.create")}
            </Button>
          </>
        }
      />
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {error ? (
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
      ) : !data ? (
        <Loading label={t("app.loading")} minHeight={16} />
      ) : (
        <>
          <section class={styles.section} aria-labelledby="mine-title" aria-busy={loading ? "true" : undefined}>
            <h2 id="mine-title" class={styles.sectionTitle}>
              {t("bank.mine")}
            </h2>
            {mine.length === 0 ? (
              <div class={styles.empty}>
                <p>{t("bank.mineEmpty")}</p>
                <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: "create" })}>
                  {t("bank.create")}
                </Button>
              </div>
            ) : (
              <ul class={rows.list}>
                {mine.map((bank) => (
                  <BankRow
                    key={bank.id}
                    bank={bank}
                    onSettings={() => {
                      setFlash(null);
                      setDialog({ kind: "settings", bank });
                    }}
                  />
                ))}
              </ul>
            )}
          </section>
          <section class={styles.section} aria-labelledby="shared-title">
            <h2 id="shared-title" class={styles.sectionTitle}>
              {t("bank.shared")}
            </h2>
            <p class={styles.hint}>{t("bank.sharedHint")}</p>
            {shared.length === 0 ? (
              <p class={styles.empty}>{t("bank.sharedEmpty")}</p>
            ) : (
              <ul class={rows.list}>
                {shared.map((bank) => (
                  <BankRow key={bank.id} bank={bank} />
                ))}
              </ul>
            )}
          </section>
          <section class={styles.section} aria-labelledby="practice-title">
            <h2 id="practice-title" class={styles.sectionTitle}>
              {t("bank.practiceSettings")}
            </h2>
            <div class={styles.settingsCard}>
              <p class={styles.settingsText}>{t("bank.practiceSettingsIntro")}</p>
              <Button icon="practice" onClick={() => setDialog({ kind: "practice" })}>
                {t("bank.practiceSettingsAction")}
              </Button>
            </div>
          </section>
        </>
      )}

      <CreateBankDialog
        open={dialog?.kind === "create"}
        onClose={() => setDialog(null)}
        onDone={(bank) => {
          setDialog(null);
          route(`/banks/${encodeURIComponent(bank.id)}?created=1`);
        }}
      />
      <PracticeSettingsDialog
        open={dialog?.kind === "practice"}
        onClose={() => setDialog(null)}
        onDone={({ org, size }) => {
          setDialog(null);
          setFlash(t("bank.practiceSaved", { org, size }));
        }}
      />
      {dialog?.kind === "settings" ? (
        <BankSettingsDialog
          open
          bank={dialog.bank}
          onClose={() => setDialog(null)}
          onDone={(bank) => {
            setDialog(null);
            setFlash(t("bank.saved", { name: bank.name }));
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function BankRow({ bank, onSettings }: { bank: Bank; onSettings?: () => void }) {
  const href = `/banks/${encodeURIComponent(bank.id)}`;
  return (
    <li class={[styles.row, bank.canManage ? "" : styles.readOnly].join(" ")}>
      <div class={styles.main}>
        <div class={styles.titleRow}>
          {bank.canManage ? (
            <a class={styles.name} href={href}>
              {bank.name}
            </a>
          ) : (
            <span class={styles.name}>{bank.name}</span>
          )}
          {bank.shipped ? (
            <Badge tone="gold" icon="book">
              {t("bank.shipped")}
            </Badge>
          ) : null}
          <VisibilityBadge visibility={bank.visibility} />
        </div>
        {bank.description ? <p class={styles.description}>{bank.description}</p> : null}
        <p class={styles.meta}>
          <Icon name="tree" size={1} />
          <span>{bank.orgName}</span>
        </p>
      </div>
      <p class={styles.count} title={t("bank.questionCountLabel", { count: bank.questionCount })}>
        <span aria-hidden="true">
          <span class={styles.countNumber}>{bank.questionCount}</span>
          <span class={styles.countUnit}>{t("bank.questionUnit")}</span>
        </span>
        <span class="visually-hidden">{t("bank.questionCountLabel", { count: bank.questionCount })}</span>
      </p>
      {bank.canManage ? (
        <div class={styles.actions}>
          {onSettings ? (
            <Button size="sm" icon="share" onClick={onSettings}>
              {t("bank.settings")}
            </Button>
          ) : null}
          <a class={buttonClass("secondary", "sm")} href={href}>
            <Icon name="edit" size={1} />
            <span>{t("bank.manage")}</span>
          </a>
        </div>
      ) : null}
    </li>
  );
}

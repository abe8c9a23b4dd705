import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge, type BadgeTone } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Checkbox, FieldError, SelectField } from "../../components/Field";
import { Icon, type IconName } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { t, tOptional } from "../../i18n";
import { ApiError, api } from "../../lib/api";
import { downloadText, toCsv } from "../../lib/csv";
import { formatDateTime, orgKindLabel } from "../../lib/format";
import { buildTree, firstManageable, flatten } from "../../lib/org-tree";
import type { ImportAction, ImportCommit, ImportPreview, OrgList } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function MemberImport() {
  return (
    <AppShell title={t("import.title")} requiredRole="organizer">
      {() => <ImportPage />}
    </AppShell>
  );
}

const actionStyle: Record<ImportAction, { tone: BadgeTone; icon: IconName }> = {
  create: { tone: "green", icon: "plus" },
  update: { tone: "blue", icon: "edit" },
  unchanged: { tone: "neutral", icon: "check" },
  error: { tone: "danger", icon: "alert" },
};

function ImportPage() {
  const { query } = useLocation();
  const orgsResource = useResource<OrgList>("/api/orgs");
  const orgs = orgsResource.data?.orgs;
  const options = useMemo(
    () =>
      flatten(buildTree(orgs ?? []))
        .filter(({ node }) => node.canManage)
        .map(({ node, level }) => ({ value: node.id, label: `${"\u3000".repeat(level)}${node.name}（${orgKindLabel(node.kind)}）` })),
    [orgs],
  );
  const [orgId, setOrgId] = useState<string>("");
  useEffect(() => {
    if (!orgs || orgId) return;
    const requested = orgs.find((org) => org.id === query.org && org.canManage);
    setOrgId(requested?.id ?? firstManageable(orgs)?.id ?? "");
  }, [orgs, query.org]);

  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportCommit | null>(null);

  const restart = () => {
    setPreview(null);
    setResult(null);
  };

  return (
    <div class={styles.page}>
      <PageHeader title={t("import.title")} description={t("import.intro")} />
      {orgsResource.error ? (
        <Notice
          tone="error"
          requestId={orgsResource.error.requestId}
          action={<Button onClick={orgsResource.reload}>{t("common.retry")}</Button>}
        >
          {orgsResource.error.message}
        </Notice>
      ) : !orgs ? (
        <Loading label={t("app.loading")} minHeight={16} />
      ) : options.length === 0 ? (
        <Notice tone="info">{t("import.noOrgs")}</Notice>
      ) : result ? (
        <ResultView result={result} onAgain={restart} />
      ) : preview ? (
        <PreviewView orgId={orgId} preview={preview} onRestart={restart} onCommitted={setResult} />
      ) : (
        <SetupView orgId={orgId} onOrg={setOrgId} options={options} onPreview={setPreview} />
      )}
    </div>
  );
}

function Step({ n, title, children }: { n: number; title: string; children: ComponentChildren }) {
  return (
    <li class={styles.step}>
      <span class={styles.stepNumber} aria-hidden="true">
        {n}
      </span>
      <div class={styles.stepBody}>
        <h2 class={styles.stepTitle}>{title}</h2>
        {children}
      </div>
    </li>
  );
}

function SetupView({
  orgId,
  onOrg,
  options,
  onPreview,
}: {
  orgId: string;
  onOrg: (id: string) => void;
  options: { value: string; label: string }[];
  onPreview: (preview: ImportPreview) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  const upload = useAction((form: FormData) => api.upload<ImportPreview>(`/api/orgs/${encodeURIComponent(orgId)}/members/import`, form));
  const template = useAction(async (format: "xlsx" | "csv") => {
    const res = await fetch(`/api/orgs/${encodeURIComponent(orgId)}/members/import-template?format=${format}`, {
      credentials: "same-origin",
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new ApiError(res.status, body?.error?.code ?? "HTTP", body?.error?.message ?? t("error.http", { status: res.status }));
    }
    const blob = await res.blob();
    const name = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get("content-disposition") ?? "")?.[1];
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name ? decodeURIComponent(name) : `member-import-template.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  const [templatePending, setTemplatePending] = useState<"xlsx" | "csv" | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) {
      setFileError(t("import.noFile"));
      inputRef.current?.focus();
      return;
    }
    if (/\.xls$/i.test(file.name)) {
      setFileError(t("import.fileHint"));
      return;
    }
    setFileError(undefined);
    const form = new FormData();
    form.append("file", file);
    const result = await upload.run(form);
    if (result) onPreview(result);
  };

  const downloadTemplate = async (format: "xlsx" | "csv") => {
    setTemplatePending(format);
    await template.run(format);
    setTemplatePending(null);
  };

  return (
    <form class={styles.card} onSubmit={submit} noValidate>
      <ol class={styles.steps}>
        <Step n={1} title={t("import.step1")}>
          <SelectField class={styles.orgSelect} label={t("audit.org")} value={orgId} onValue={onOrg} options={options} />
        </Step>
        <Step n={2} title={t("import.step2")}>
          <p class={styles.hint}>{t("import.step2Hint")}</p>
          <div class={styles.row}>
            <Button
              icon="download"
              pending={templatePending === "xlsx"}
              disabled={templatePending !== null}
              onClick={() => void downloadTemplate("xlsx")}
            >
              {t("import.templateXlsx")}
            </Button>
            <Button
              icon="download"
              pending={templatePending === "csv"}
              disabled={templatePending !== null}
              onClick={() => void downloadTemplate("csv")}
            >
              {t("import.templateCsv")}
            </Button>
          </div>
          {template.error ? <Notice tone="error">{template.error.message}</Notice> : null}
        </Step>
        <Step n={3} title={t("import.step3")}>
          <div class={[styles.filePicker, fileError ? styles.fileInvalid : ""].join(" ")}>
            <input
              ref={inputRef}
              id="import-file"
              class={styles.fileInput}
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              aria-describedby={fileError ? "import-file-error import-file-hint" : "import-file-hint"}
              aria-invalid={fileError ? "true" : undefined}
              onChange={(event) => {
                setFile(event.currentTarget.files?.[0] ?? null);
                setFileError(undefined);
                upload.reset();
              }}
            />
            <label for="import-file" class={styles.fileLabel}>
              <Icon name="file" size={1.5} />
              <span class={styles.fileText}>
                <span class={styles.fileName}>{file ? file.name : t("import.fileLabel")}</span>
                {file ? <span class={styles.fileSize}>{formatSize(file.size)}</span> : null}
              </span>
            </label>
          </div>
          {fileError ? <FieldError id="import-file-error" message={fileError} /> : null}
          <p id="import-file-hint" class={styles.hint}>
            {t("import.fileHint")}
          </p>
          {upload.error ? (
            <Notice tone="error" requestId={upload.error.status >= 500 ? upload.error.requestId : undefined}>
              {upload.error.message}
            </Notice>
          ) : null}
          <div class={styles.row}>
            <Button type="submit" variant="primary" icon="upload" pending={upload.pending} pendingLabel={t("import.uploading")}>
              {t("import.upload")}
            </Button>
          </div>
        </Step>
      </ol>
    </form>
  );
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function PreviewView({
  orgId,
  preview,
  onRestart,
  onCommitted,
}: {
  orgId: string;
  preview: ImportPreview;
  onRestart: () => void;
  onCommitted: (result: ImportCommit) => void;
}) {
  const { summary } = preview;
  const hasErrors = summary.errors > 0;
  const nothingToDo = !hasErrors && summary.create + summary.update === 0;
  const [onlyErrors, setOnlyErrors] = useState(hasErrors);
  const rows = onlyErrors ? preview.rows.filter((row) => row.action === "error") : preview.rows;
  const commit = useAction(() =>
    api.post<ImportCommit>(`/api/orgs/${encodeURIComponent(orgId)}/members/import/${encodeURIComponent(preview.importId)}/commit`, {}),
  );
  const stale = commit.error && (commit.error.status === 409 || commit.error.status === 410);

  return (
    <div class={styles.card}>
      <div class={styles.previewHead}>
        <h2 class={styles.previewTitle}>{t("import.preview", { file: preview.fileName })}</h2>
        <p class={styles.hint}>{t("import.previewExpires", { time: formatDateTime(preview.expiresAt) })}</p>
      </div>

      <ul class={styles.chips} aria-label={t("import.summary")}>
        <li>
          <Badge tone="neutral" icon="file">
            {t("import.sum.total", { count: summary.total })}
          </Badge>
        </li>
        <li>
          <Badge tone="green" icon="plus">
            {t("import.sum.create", { count: summary.create })}
          </Badge>
        </li>
        <li>
          <Badge tone="blue" icon="edit">
            {t("import.sum.update", { count: summary.update })}
          </Badge>
        </li>
        <li>
          <Badge tone="neutral" icon="check">
            {t("import.sum.unchanged", { count: summary.unchanged })}
          </Badge>
        </li>
        <li>
          <Badge tone={hasErrors ? "danger" : "neutral"} icon="alert">
            {t("import.sum.errors", { count: summary.errors })}
          </Badge>
        </li>
      </ul>

      {hasErrors ? (
        <Notice tone="error" id="import-blocked">
          {t("import.errorsBlock", { count: summary.errors })}
        </Notice>
      ) : nothingToDo ? (
        <Notice tone="info" id="import-blocked">
          {t("import.nothingToDo")}
        </Notice>
      ) : (
        <Notice tone="info">{t("import.readyToCommit", { create: summary.create, update: summary.update })}</Notice>
      )}

      {hasErrors ? <Checkbox label={t("import.onlyErrors")} checked={onlyErrors} onValue={setOnlyErrors} /> : null}

      <div class={styles.tableScroll}>
        <table class={styles.table}>
          <caption class="visually-hidden">{t("import.rowsLabel")}</caption>
          <thead>
            <tr>
              <th scope="col" class={styles.rowNo}>
                {t("import.col.row")}
              </th>
              <th scope="col">{t("import.col.action")}</th>
              <th scope="col">{t("import.col.name")}</th>
              <th scope="col">{t("import.col.phone")}</th>
              <th scope="col">{t("import.col.org")}</th>
              <th scope="col">{t("import.col.title")}</th>
              <th scope="col">{t("import.col.role")}</th>
              <th scope="col">{t("import.col.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.row} class={row.action === "error" ? styles.errorRow : undefined}>
                <th scope="row" class={styles.rowNo}>
                  {row.row}
                </th>
                <td data-label={t("import.col.action")} class={styles.nowrap}>
                  <Badge tone={actionStyle[row.action].tone} icon={actionStyle[row.action].icon}>
                    {t(`import.action.${row.action}`)}
                  </Badge>
                </td>
                <td data-label={t("import.col.name")} class={styles.nowrap}>
                  {row.name}
                </td>
                <td data-label={t("import.col.phone")} class={`num ${styles.nowrap}`}>
                  {row.phone}
                </td>
                <td data-label={t("import.col.org")} class={styles.orgCell}>
                  {row.org}
                </td>
                <td data-label={t("import.col.title")} class={styles.nowrap}>
                  {row.title}
                </td>
                <td data-label={t("import.col.role")} class={styles.nowrap}>
                  {tOptional(`role.${row.role}`) ?? row.role}
                </td>
                <td class={styles.detailCell}>
                  {row.errors.length > 0 ? (
                    <ul class={styles.errors}>
                      {row.errors.map((message) => (
                        <li key={message}>
                          <Icon name="alert" size={1} />
                          <span>{t("import.rowError", { row: row.row, message })}</span>
                        </li>
                      ))}
                    </ul>
                  ) : row.changes.length > 0 ? (
                    <ul class={styles.changes}>
                      {row.changes.map((change) => (
                        <li key={change}>{change}</li>
                      ))}
                    </ul>
                  ) : (
                    <span class={styles.muted}>—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {commit.error ? (
        <Notice
          tone="error"
          requestId={commit.error.status >= 500 ? commit.error.requestId : undefined}
          action={
            stale ? (
              <Button icon="refresh" onClick={onRestart}>
                {t("import.reupload")}
              </Button>
            ) : undefined
          }
        >
          {commit.error.message}
          {stale ? ` ${t("import.expired")}` : null}
        </Notice>
      ) : null}

      <div class={styles.footer}>
        {hasErrors ? (
          <p id="import-blocked-short" class={styles.blocked}>
            <Icon name="alert" size={1} />
            <span>{t("import.blockedShort", { count: summary.errors })}</span>
          </p>
        ) : null}
        <Button onClick={onRestart}>{t("import.reupload")}</Button>
        <Button
          variant="primary"
          icon="check"
          disabled={hasErrors || nothingToDo}
          aria-describedby={hasErrors ? "import-blocked import-blocked-short" : nothingToDo ? "import-blocked" : undefined}
          pending={commit.pending}
          pendingLabel={t("import.committing")}
          onClick={async () => {
            const result = await commit.run();
            if (result) onCommitted(result);
          }}
        >
          {t("import.commit")}
        </Button>
      </div>
    </div>
  );
}

function ResultView({ result, onAgain }: { result: ImportCommit; onAgain: () => void }) {
  const { summary, activationCodes } = result;
  const download = () => {
    const rows = [
      [t("import.csvName"), t("import.csvPhone"), t("import.csvCode")],
      ...activationCodes.map((c) => [c.name, c.phone, c.code]),
    ];
    const stamp = formatDateTime(Date.now()).replace(/[-: ]/g, "").slice(0, 12);
    downloadText(`activation-codes-${stamp}.csv`, toCsv(rows));
  };
  return (
    <div class={styles.card}>
      <Notice tone="success" title={t("import.done")}>
        {t("import.result", summary)}
      </Notice>
      <section class={styles.codes} aria-labelledby="codes-title">
        <div class={styles.codesHead}>
          <h2 id="codes-title" class={styles.previewTitle}>
            {t("import.codes")}
          </h2>
          {activationCodes.length > 0 ? (
            <Button variant="primary" icon="download" onClick={download}>
              {t("import.downloadCodes")}
            </Button>
          ) : null}
        </div>
        {activationCodes.length > 0 ? (
          <>
            <Notice tone="warning">{t("import.codesHint")}</Notice>
            <div class={styles.tableScroll}>
              <table class={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">{t("import.csvName")}</th>
                    <th scope="col">{t("import.csvPhone")}</th>
                    <th scope="col">{t("import.csvCode")}</th>
                  </tr>
                </thead>
                <tbody>
                  {activationCodes.map((c) => (
                    <tr key={c.phone}>
                      <th scope="row">{c.name}</th>
                      <td data-label={t("import.csvPhone")} class="num">
                        {c.phone}
                      </td>
                      <td data-label={t("import.csvCode")} class={styles.code}>
                        {c.code}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p class={styles.hint}>{t("import.codesNone")}</p>
        )}
      </section>
      <div class={styles.footer}>
        <Button onClick={onAgain} icon="upload">
          {t("import.again")}
        </Button>
        <a class={styles.footerLink} href="/orgs">
          {t("nav.orgs")}
        </a>
      </div>
    </div>
  );
}

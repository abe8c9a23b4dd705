import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge, type BadgeTone } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { Checkbox, FieldError, SelectField, TextAreaField } from "../../components/Field";
import { Icon, type IconName } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { type MessageKey, t } from "../../i18n";
import { api } from "../../lib/api";
import { downloadFrom } from "../../lib/download";
import { formatDateTime } from "../../lib/format";
import { typeLabel } from "../../lib/question";
import {
  type Bank,
  type BankList,
  type QuestionImportCommitBody,
  type QuestionImportFormat,
  type QuestionImportItem,
  type QuestionImportPreview,
  type QuestionImportResult,
  type QuestionImportStatus,
  questionImportFormats,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
// The same steps, file picker, chips, preview table and footer as 成员导入: one look for both imports.
import base from "../MemberImport/style.module.css";
import styles from "./style.module.css";

export default function QuestionImport() {
  return (
    <AppShell title={t("qimport.title")} requiredRole="organizer">
      {() => <ImportPage />}
    </AppShell>
  );
}

const statusStyle: Record<QuestionImportStatus, { tone: BadgeTone; icon: IconName }> = {
  ok: { tone: "green", icon: "check" },
  duplicate: { tone: "amber", icon: "copy" },
  error: { tone: "danger", icon: "alert" },
};

const formatLabel = (format: string) => t(`qimport.format.${format}` as MessageKey);

function ImportPage() {
  const { query } = useLocation();
  const banksResource = useResource<BankList>("/api/banks");
  const banks = useMemo(() => banksResource.data?.banks.filter((bank) => bank.canManage) ?? [], [banksResource.data]);
  const [bankId, setBankId] = useState("");
  useEffect(() => {
    if (banks.length === 0 || bankId) return;
    setBankId(banks.find((bank) => bank.id === query.bank)?.id ?? banks[0]?.id ?? "");
  }, [banks, query.bank]);
  const bank = banks.find((b) => b.id === bankId);

  const [preview, setPreview] = useState<QuestionImportPreview | null>(null);
  const [result, setResult] = useState<{ result: QuestionImportResult; draft: boolean } | null>(null);
  const restart = () => {
    setPreview(null);
    setResult(null);
    window.scrollTo(0, 0);
  };

  return (
    <div class={base.page}>
      <PageHeader title={t("qimport.title")} description={t("qimport.intro")} />
      {banksResource.error ? (
        <Notice
          tone="error"
          requestId={banksResource.error.requestId}
          action={<Button onClick={banksResource.reload}>{t("common.retry")}</Button>}
        >
          {banksResource.error.message}
        </Notice>
      ) : !banksResource.data ? (
        <Loading label={t("app.loading")} minHeight={16} />
      ) : banks.length === 0 || !bank ? (
        <Notice
          tone="info"
          action={
            <a class={buttonClass("secondary")} href="/banks">
              {t("qimport.toBanks")}
            </a>
          }
        >
          {t("qimport.noBanks")}
        </Notice>
      ) : result ? (
        <ResultView bank={bank} result={result.result} draft={result.draft} onAgain={restart} />
      ) : preview ? (
        <PreviewView
          bank={bank}
          preview={preview}
          onRestart={restart}
          onCommitted={(r, draft) => {
            setResult({ result: r, draft });
            window.scrollTo(0, 0);
          }}
        />
      ) : (
        <SetupView
          bankId={bankId}
          onBank={setBankId}
          banks={banks}
          onPreview={(p) => {
            setPreview(p);
            window.scrollTo(0, 0);
          }}
        />
      )}
    </div>
  );
}

function Step({ n, title, children }: { n: number; title: string; children: ComponentChildren }) {
  return (
    <li class={base.step}>
      <span class={base.stepNumber} aria-hidden="true">
        {n}
      </span>
      <div class={base.stepBody}>
        <h2 class={base.stepTitle}>{title}</h2>
        {children}
      </div>
    </li>
  );
}

type Source = "file" | "text";

function SetupView({
  bankId,
  onBank,
  banks,
  onPreview,
}: {
  bankId: string;
  onBank: (id: string) => void;
  banks: Bank[];
  onPreview: (preview: QuestionImportPreview) => void;
}) {
  const [source, setSource] = useState<Source>("file");
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [format, setFormat] = useState<QuestionImportFormat>("auto");
  const [inputError, setInputError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  const upload = useAction((form: FormData) => api.upload<QuestionImportPreview>(`/api/banks/${encodeURIComponent(bankId)}/import`, form));
  const [templatePending, setTemplatePending] = useState<"xlsx" | "csv" | null>(null);
  const template = useAction((kind: "xlsx" | "csv") =>
    downloadFrom(`/api/banks/import-template?format=${kind}`, `question-template.${kind}`),
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData();
    if (source === "file") {
      if (!file) {
        setInputError(t("import.noFile"));
        inputRef.current?.focus();
        return;
      }
      if (/\.(xls|doc)$/i.test(file.name)) {
        setInputError(t("qimport.oldFile"));
        return;
      }
      form.append("file", file);
    } else {
      if (!text.trim()) {
        setInputError(t("qimport.noText"));
        return;
      }
      form.append("text", text);
    }
    setInputError(undefined);
    form.append("format", format);
    const result = await upload.run(form);
    if (result) onPreview(result);
  };

  const downloadTemplate = async (kind: "xlsx" | "csv") => {
    setTemplatePending(kind);
    await template.run(kind);
    setTemplatePending(null);
  };

  return (
    <form class={base.card} onSubmit={submit} noValidate>
      <ol class={base.steps}>
        <Step n={1} title={t("qimport.step1")}>
          <SelectField
            class={base.orgSelect}
            label={t("qimport.bank")}
            value={bankId}
            onValue={onBank}
            options={banks.map((bank) => ({ value: bank.id, label: `${bank.name}（${bank.orgName}）` }))}
          />
        </Step>
        <Step n={2} title={t("qimport.step2")}>
          <p class={base.hint}>{t("qimport.step2Hint")}</p>
          <div class={base.row}>
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
        <Step n={3} title={t("qimport.step3")}>
          <fieldset class={styles.sourceSwitch}>
            <legend class="visually-hidden">{t("qimport.source")}</legend>
            {(["file", "text"] as const).map((value) => (
              <label key={value} class={styles.sourceOption}>
                <input
                  type="radio"
                  name="import-source"
                  checked={source === value}
                  onChange={() => {
                    setSource(value);
                    setInputError(undefined);
                    upload.reset();
                  }}
                />
                <span>
                  <Icon name={value === "file" ? "file" : "edit"} size={1.125} />
                  {t(value === "file" ? "qimport.sourceFile" : "qimport.sourceText")}
                </span>
              </label>
            ))}
          </fieldset>

          {source === "file" ? (
            <>
              <div class={[base.filePicker, inputError ? base.fileInvalid : ""].join(" ")}>
                <input
                  ref={inputRef}
                  id="qimport-file"
                  class={base.fileInput}
                  type="file"
                  accept=".xlsx,.csv,.docx,.txt,.gift,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/csv,text/plain,application/json"
                  aria-describedby={inputError ? "qimport-file-error qimport-file-hint" : "qimport-file-hint"}
                  aria-invalid={inputError ? "true" : undefined}
                  onChange={(event) => {
                    setFile(event.currentTarget.files?.[0] ?? null);
                    setInputError(undefined);
                    upload.reset();
                  }}
                />
                <label for="qimport-file" class={base.fileLabel}>
                  <Icon name="file" size={1.5} />
                  <span class={base.fileText}>
                    <span class={base.fileName}>{file ? file.name : t("qimport.fileLabel")}</span>
                    {file ? <span class={base.fileSize}>{formatSize(file.size)}</span> : null}
                  </span>
                </label>
              </div>
              {inputError ? <FieldError id="qimport-file-error" message={inputError} /> : null}
              <p id="qimport-file-hint" class={base.hint}>
                {t("qimport.fileHint")}
              </p>
            </>
          ) : (
            <TextAreaField
              class={styles.pasteField}
              label={t("qimport.textLabel")}
              value={text}
              onValue={(value) => {
                setText(value);
                setInputError(undefined);
                upload.reset();
              }}
              placeholder={t("qimport.textPlaceholder")}
              rows={10}
              error={inputError}
              spellcheck={false}
            />
          )}

          <SelectField
            class={styles.formatField}
            label={t("qimport.format")}
            value={format}
            onValue={(value) => setFormat(value as QuestionImportFormat)}
            options={questionImportFormats.map((value) => ({ value, label: formatLabel(value) }))}
          />

          {upload.error ? (
            <Notice tone="error" requestId={upload.error.status >= 500 ? upload.error.requestId : undefined}>
              {upload.error.message}
            </Notice>
          ) : null}
          <div class={base.row}>
            <Button type="submit" variant="primary" icon="upload" pending={upload.pending} pendingLabel={t("qimport.uploading")}>
              {t("qimport.upload")}
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
  bank,
  preview,
  onRestart,
  onCommitted,
}: {
  bank: Bank;
  preview: QuestionImportPreview;
  onRestart: () => void;
  onCommitted: (result: QuestionImportResult, draft: boolean) => void;
}) {
  const { summary } = preview;
  const hasErrors = summary.errors > 0;
  const [skipDuplicates, setSkipDuplicates] = useState(true);
  const [asDraft, setAsDraft] = useState(false);
  const problems = summary.errors + summary.duplicates;
  const [onlyProblems, setOnlyProblems] = useState(hasErrors);
  const importable = summary.ok + (skipDuplicates ? 0 : summary.duplicates);
  const nothingToDo = !hasErrors && importable === 0;
  const items = onlyProblems ? preview.items.filter((item) => item.status !== "ok") : preview.items;
  const commit = useAction((body: QuestionImportCommitBody) =>
    api.post<QuestionImportResult>(`/api/banks/${encodeURIComponent(bank.id)}/import/${encodeURIComponent(preview.importId)}/commit`, body),
  );
  const stale = commit.error && (commit.error.status === 404 || commit.error.status === 409 || commit.error.status === 410);

  return (
    <div class={base.card}>
      <div class={base.previewHead}>
        <h2 class={base.previewTitle}>{t("qimport.preview", { file: preview.fileName })}</h2>
        <p class={base.hint}>
          {t("qimport.previewMeta", { format: formatLabel(preview.format), bank: bank.name, time: formatDateTime(preview.expiresAt) })}
        </p>
      </div>

      <ul class={base.chips} aria-label={t("import.summary")}>
        <li>
          <Badge tone="neutral" icon="file">
            {t("qimport.sum.total", { count: summary.total })}
          </Badge>
        </li>
        <li>
          <Badge tone="green" icon="check">
            {t("qimport.sum.ok", { count: summary.ok })}
          </Badge>
        </li>
        <li>
          <Badge tone={summary.duplicates > 0 ? "amber" : "neutral"} icon="copy">
            {t("qimport.sum.duplicates", { count: summary.duplicates })}
          </Badge>
        </li>
        <li>
          <Badge tone={hasErrors ? "danger" : "neutral"} icon="alert">
            {t("qimport.sum.errors", { count: summary.errors })}
          </Badge>
        </li>
      </ul>

      {hasErrors ? (
        <Notice tone="error" id="qimport-blocked">
          {t("qimport.errorsBlock", { count: summary.errors })}
        </Notice>
      ) : nothingToDo ? (
        <Notice tone="info" id="qimport-blocked">
          {t("qimport.nothing")}
        </Notice>
      ) : (
        <Notice tone="info">
          {skipDuplicates && summary.duplicates > 0
            ? t("qimport.readySkip", { count: importable, skipped: summary.duplicates })
            : t("qimport.ready", { count: importable })}
        </Notice>
      )}

      <div class={styles.options}>
        {summary.duplicates > 0 ? (
          <Checkbox
            label={t("qimport.skipDuplicates", { count: summary.duplicates })}
            checked={skipDuplicates}
            onValue={setSkipDuplicates}
          />
        ) : null}
        {!hasErrors ? <Checkbox label={t("qimport.asDraft")} checked={asDraft} onValue={setAsDraft} /> : null}
        {problems > 0 ? <Checkbox label={t("qimport.onlyProblems")} checked={onlyProblems} onValue={setOnlyProblems} /> : null}
      </div>

      <div class={base.tableScroll}>
        <table class={base.table}>
          <caption class="visually-hidden">{t("qimport.rowsLabel")}</caption>
          <thead>
            <tr>
              <th scope="col" class={base.rowNo}>
                {t("qimport.col.line")}
              </th>
              <th scope="col">{t("qimport.col.status")}</th>
              <th scope="col">{t("qimport.col.type")}</th>
              <th scope="col">{t("qimport.col.stem")}</th>
              <th scope="col">{t("qimport.col.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <Row key={`${item.line}-${item.stem}`} item={item} skipped={item.status === "duplicate" && skipDuplicates} />
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
                {t("qimport.reupload")}
              </Button>
            ) : undefined
          }
        >
          {commit.error.message}
        </Notice>
      ) : null}

      <div class={base.footer}>
        {hasErrors ? (
          <p id="qimport-blocked-short" class={base.blocked}>
            <Icon name="alert" size={1} />
            <span>{t("qimport.blockedShort", { count: summary.errors })}</span>
          </p>
        ) : null}
        <Button onClick={onRestart}>{t("qimport.reupload")}</Button>
        <Button
          variant="primary"
          icon="check"
          disabled={hasErrors || nothingToDo}
          aria-describedby={hasErrors ? "qimport-blocked qimport-blocked-short" : nothingToDo ? "qimport-blocked" : undefined}
          pending={commit.pending}
          pendingLabel={t("qimport.committing")}
          onClick={async () => {
            const result = await commit.run({ skipDuplicates, status: asDraft ? "draft" : "active" });
            if (result) onCommitted(result, asDraft);
          }}
        >
          {t("qimport.commit")}
        </Button>
      </div>
    </div>
  );
}

function Row({ item, skipped }: { item: QuestionImportItem; skipped: boolean }) {
  const style = statusStyle[item.status];
  const isError = item.status === "error";
  return (
    <tr class={[isError ? base.errorRow : "", skipped ? styles.skippedRow : ""].join(" ")}>
      <th scope="row" class={base.rowNo}>
        {item.line}
      </th>
      <td data-label={t("qimport.col.status")} class={base.nowrap}>
        <Badge tone={style.tone} icon={style.icon}>
          {t(`qimport.status.${item.status}`)}
        </Badge>
      </td>
      <td data-label={t("qimport.col.type")} class={base.nowrap}>
        {item.type ? typeLabel(item.type) : <span class={base.muted}>—</span>}
      </td>
      <td class={styles.stemCell}>{item.stem || <span class={base.muted}>—</span>}</td>
      <td class={base.detailCell}>
        {isError || item.duplicateOf || item.warnings.length > 0 ? (
          <ul class={styles.notes}>
            {item.error ? (
              <li class={styles.noteError}>
                <Icon name="alert" size={1} />
                <span>{t("qimport.lineError", { line: item.line, message: item.error })}</span>
              </li>
            ) : null}
            {item.duplicateOf ? (
              <li class={styles.noteDuplicate}>
                <Icon name="copy" size={1} />
                <span>
                  {item.duplicateOf.line !== null
                    ? t("qimport.dupOfLine", { line: item.duplicateOf.line })
                    : t("qimport.dupOfBank", { stem: item.duplicateOf.stem })}
                </span>
              </li>
            ) : null}
            {item.warnings.map((warning) => (
              <li key={warning} class={styles.noteWarning}>
                <Icon name="info" size={1} />
                <span>{warning}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span class={base.muted}>—</span>
        )}
      </td>
    </tr>
  );
}

function ResultView({ bank, result, draft, onAgain }: { bank: Bank; result: QuestionImportResult; draft: boolean; onAgain: () => void }) {
  return (
    <div class={base.card}>
      <Notice tone="success" title={t("qimport.done")}>
        {t("qimport.result", { imported: result.imported, skipped: result.skipped })}
        {draft ? ` ${t("qimport.resultDraft")}` : null}
      </Notice>
      <div class={base.footer}>
        <Button onClick={onAgain} icon="upload">
          {t("qimport.again")}
        </Button>
        <a class={buttonClass("primary")} href={`/banks/${encodeURIComponent(bank.id)}`}>
          <Icon name="book" />
          <span>{t("qimport.toBank")}</span>
        </a>
      </div>
    </div>
  );
}

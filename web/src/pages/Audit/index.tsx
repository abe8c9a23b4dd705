import { useMemo, useState } from "preact/hooks";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { SelectField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Pagination } from "../../components/Pagination";
import { Loading } from "../../components/Spinner";
import { t, tOptional } from "../../i18n";
import { query } from "../../lib/api";
import { formatDateTime, isoTime, orgKindLabel } from "../../lib/format";
import { buildTree, flatten } from "../../lib/org-tree";
import type { AuditEntry, AuditPage as AuditPageBody, OrgList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

const PAGE_SIZE = 30;

export default function Audit() {
  return (
    <AppShell title={t("audit.title")} requiredRole="organizer">
      {() => <AuditPage />}
    </AppShell>
  );
}

function AuditPage() {
  const [orgId, setOrgId] = useState("");
  const [page, setPage] = useState(1);
  const orgsResource = useResource<OrgList>("/api/orgs");
  const options = useMemo(
    () => [
      { value: "", label: t("audit.allOrgs") },
      ...flatten(buildTree(orgsResource.data?.orgs ?? []))
        .filter(({ node }) => node.canManage)
        .map(({ node, level }) => ({ value: node.id, label: `${"\u3000".repeat(level)}${node.name}（${orgKindLabel(node.kind)}）` })),
    ],
    [orgsResource.data],
  );
  const { data, error, loading, reload } = useResource<AuditPageBody>(`/api/audit${query({ orgId, page, pageSize: PAGE_SIZE })}`);

  return (
    <div class={styles.page}>
      <PageHeader title={t("audit.title")} description={t("audit.intro")} />
      <div class={styles.card}>
        <div class={styles.filters}>
          <SelectField
            label={t("audit.org")}
            value={orgId}
            onValue={(value) => {
              setOrgId(value);
              setPage(1);
            }}
            options={options}
          />
        </div>
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
        ) : data.items.length === 0 ? (
          <p class={styles.empty}>{t("audit.empty")}</p>
        ) : (
          <>
            <ol class={styles.list} aria-busy={loading ? "true" : undefined}>
              {data.items.map((entry) => (
                <Entry key={entry.id} entry={entry} />
              ))}
            </ol>
            <Pagination
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              onPage={setPage}
              busy={loading}
              totalText={t("audit.total", { total: data.total })}
            />
          </>
        )}
      </div>
    </div>
  );
}

function Entry({ entry }: { entry: AuditEntry }) {
  const action = tOptional(`audit.action.${entry.action}`) ?? entry.action;
  const entity = tOptional(`audit.entity.${entry.entityType}`) ?? entry.entityType;
  const subject = describe(entry.after) ?? describe(entry.before);
  const hasDetails = isObject(entry.before) || isObject(entry.after);
  return (
    <li class={styles.entry}>
      <time class={styles.time} dateTime={isoTime(entry.at)}>
        {formatDateTime(entry.at)}
      </time>
      <div class={styles.main}>
        <p class={styles.line}>
          <span class={styles.actor}>{entry.actorName ?? t("audit.system")}</span>
          <Badge tone={entry.action.endsWith("delete") || entry.action.endsWith("remove") ? "danger" : "neutral"}>{action}</Badge>
          <span class={styles.subject}>
            {entity}
            {subject ? `：${subject}` : ""}
          </span>
        </p>
        {entry.orgName ? <p class={styles.meta}>{t("audit.inOrg", { org: entry.orgName })}</p> : null}
        {hasDetails ? (
          <details class={styles.details}>
            <summary>{t("audit.details")}</summary>
            <Changes before={entry.before} after={entry.after} />
          </details>
        ) : null}
      </div>
    </li>
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short name for the changed record: its name, if it has one. */
function describe(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const name = value.name ?? value.fileName ?? (isObject(value.draft) ? value.draft.stem : undefined);
  return typeof name === "string" ? name : undefined;
}

/** A field's value as a person reads it: enum codes in Chinese, yes/no for flags. */
function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return t(value ? "audit.yes" : "audit.no");
  if (typeof value === "string") {
    const label =
      key === "role"
        ? tOptional(`role.${value}`)
        : key === "kind"
          ? tOptional(`orgKind.${value}`)
          : key === "status"
            ? (tOptional(`status.${value}`) ?? tOptional(`question.status.${value}`))
            : key === "visibility"
              ? tOptional(`bank.visibility.${value}`)
              : key === "format"
                ? tOptional(`qimport.format.${value}`)
                : undefined;
    return label ?? value;
  }
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length > 0 ? value.join("、") : "—";
  // A question's content: its type and stem say which question it is.
  if (key === "draft" && isObject(value) && typeof value.stem === "string") {
    return `${tOptional(`question.type.${String(value.type)}`) ?? ""} ${value.stem}`.trim();
  }
  return JSON.stringify(value);
}

/** Before and after side by side, one line per field; a changed field is set in bold with a marker, not colour alone. */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  if (isObject(after) && isObject(after.summary) && Array.isArray(after.rows))
    return <ImportDetails summary={after.summary} rows={after.rows} />;
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  // Internal ids and bookkeeping mean nothing to a reader; names and values do.
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (key) => !/^(id|path|createdAt|updatedAt|depth)$|Ids?$/.test(key),
  );
  if (keys.length === 0) return <p class={styles.meta}>{t("audit.noDetails")}</p>;
  return (
    <table class={styles.changes}>
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">{t("audit.col.entity")}</span>
          </th>
          <th scope="col">{t("audit.before")}</th>
          <th scope="col">{t("audit.after")}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const changed = isObject(before) && isObject(after) && show(key, b[key]) !== show(key, a[key]);
          return (
            <tr key={key} class={changed ? styles.changed : undefined}>
              <th scope="row">{tOptional(`audit.field.${key}`) ?? key}</th>
              <td>{isObject(before) ? show(key, b[key]) : "—"}</td>
              <td>{isObject(after) ? show(key, a[key]) : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

type ImportSummary = { total?: number; create?: number; update?: number; unchanged?: number };
type ImportRowLog = { row?: number; phone?: string; changes?: string[] };

/** A member import's entry: its counts, then what changed on each row. */
function ImportDetails({ summary, rows }: { summary: ImportSummary; rows: ImportRowLog[] }) {
  return (
    <div class={styles.importDetails}>
      <p>
        {t("import.sum.total", { count: summary.total ?? rows.length })}：{t("import.sum.create", { count: summary.create ?? 0 })}，
        {t("import.sum.update", { count: summary.update ?? 0 })}，{t("import.sum.unchanged", { count: summary.unchanged ?? 0 })}
      </p>
      <ul class={styles.importRows}>
        {rows.map((row) => (
          <li key={row.row}>
            <span class={styles.importRowHead}>{t("audit.importRow", { row: row.row ?? "", phone: row.phone ?? "" })}</span>
            {(row.changes ?? []).join("；")}
          </li>
        ))}
      </ul>
    </div>
  );
}

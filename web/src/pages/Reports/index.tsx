import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tr } from "../../i18n/reports.zh-CN";
import { query } from "../../lib/api";
import { formatDateTime, isoTime } from "../../lib/format";
import { asOfDate, periodLabel, reportPaths } from "../../lib/reports";
import type { ReportSnapshot, ReportSnapshotList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { OrgYearBar, useManagedOrgs } from "../PlanSettings/org-picker";
import styles from "./style.module.css";

export default function Reports() {
  return (
    <AppShell title={tr("report.list.title")} requiredRole="organizer">
      {() => <ReportsPage />}
    </AppShell>
  );
}

const kinds = ["month", "quarter", "year"] as const;

function ReportsPage() {
  const { query: params, route } = useLocation();
  const orgs = useManagedOrgs(params.org);
  const orgId = orgs.selected?.id;
  return (
    <div class={[admin.page, styles.page].join(" ")}>
      <PageHeader title={tr("report.list.title")} description={tr("report.list.intro")} />
      {orgs.resource.error ? (
        <Notice
          tone="error"
          requestId={orgs.resource.error.requestId}
          action={
            <Button icon="refresh" onClick={orgs.resource.reload}>
              {tr("common.retry")}
            </Button>
          }
        >
          {orgs.resource.error.message}
        </Notice>
      ) : !orgs.resource.data ? (
        <Loading label={tr("app.loading")} minHeight={16} />
      ) : !orgId ? (
        <EmptyState icon="tree" title={tr("planSettings.noOrgs.title")}>
          {tr("planSettings.noOrgs.body")}
        </EmptyState>
      ) : (
        <>
          <OrgYearBar options={orgs.options} orgId={orgId} onOrg={(id) => route(reportPaths.list(id), true)} />
          <Snapshots key={orgId} orgId={orgId} />
        </>
      )}
    </div>
  );
}

function Snapshots({ orgId }: { orgId: string }) {
  const list = useResource<ReportSnapshotList>(`/api/orgs/${encodeURIComponent(orgId)}/report-snapshots`);
  if (list.error) {
    return (
      <Notice
        tone={list.error.status === 403 ? "warning" : "error"}
        requestId={list.error.requestId}
        action={
          <Button icon="refresh" onClick={list.reload}>
            {tr("common.retry")}
          </Button>
        }
      >
        {list.error.message}
      </Notice>
    );
  }
  if (!list.data) return <Loading label={tr("app.loading")} minHeight={16} />;
  const snapshots = list.data.snapshots;
  if (snapshots.length === 0) {
    return (
      <EmptyState
        icon="chart"
        title={tr("report.list.emptyTitle")}
        action={
          <a class={buttonClass("primary")} href={`/plans/settings${query({ org: orgId })}`}>
            <Icon name="calendar" />
            <span>{tr("report.list.toPlan")}</span>
          </a>
        }
      >
        {tr("report.list.emptyBody")}
      </EmptyState>
    );
  }
  return (
    <div class={styles.groups}>
      {kinds.map((kind) => (
        <Group key={kind} kind={kind} orgId={orgId} snapshots={snapshots.filter((s) => s.period === kind)} />
      ))}
    </div>
  );
}

function Group({ kind, orgId, snapshots }: { kind: (typeof kinds)[number]; orgId: string; snapshots: ReportSnapshot[] }) {
  const titleId = `reports-${kind}`;
  return (
    <section class={admin.card} aria-labelledby={titleId}>
      <div class={admin.cardHead}>
        <h2 id={titleId} class={admin.sectionTitle}>
          {tr(`report.kind.${kind}`)}
          <span class={admin.sectionCount}>{tr("report.list.count", { n: snapshots.length })}</span>
        </h2>
      </div>
      <p class={admin.hint}>{tr(`report.kind.${kind}.hint`)}</p>
      {snapshots.length === 0 ? (
        <p class={styles.none}>{tr(`report.kind.${kind}.none`)}</p>
      ) : (
        <ul class={styles.list}>
          {snapshots.map((s) => (
            <li key={s.id} class={styles.item}>
              <a class={styles.period} href={reportPaths.view(s.id, orgId)}>
                {periodLabel(s)}
              </a>
              <span class={styles.asOf}>
                <time dateTime={isoTime(s.asOf - 1)}>{tr("report.asOf", { date: asOfDate(s.asOf) })}</time>
              </span>
              <span class={styles.taken}>
                <time dateTime={isoTime(s.takenAt)}>{tr("report.takenAt", { at: formatDateTime(s.takenAt) })}</time>
              </span>
              <span class={styles.actions}>
                <a
                  class={buttonClass("secondary", "sm")}
                  href={reportPaths.view(s.id, orgId)}
                  aria-label={tr("report.list.openOf", { period: periodLabel(s) })}
                >
                  <Icon name="eye" size={1} />
                  <span>{tr("report.list.open")}</span>
                </a>
                <a
                  class={buttonClass("quiet", "sm")}
                  href={reportPaths.print(s.id, orgId)}
                  aria-label={tr("report.list.printOf", { period: periodLabel(s) })}
                >
                  <Icon name="printer" size={1} />
                  <span>{tr("report.print")}</span>
                </a>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { tr } from "../../i18n/reports.zh-CN";
import { query } from "../../lib/api";
import { formatDateTime, isoTime } from "../../lib/format";
import { asOfDate, periodLabel, reportPaths } from "../../lib/reports";
import type { ReportSnapshot, ReportSnapshotList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { OrgPage } from "../PlanSettings/org-page";
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
  return (
    <OrgPage orgs={orgs} title={tr("report.list.title")} intro={tr("report.list.intro")}>
      {(orgId) => (
        <>
          <OrgYearBar options={orgs.options} orgId={orgId} onOrg={(id) => route(reportPaths.list(id), true)} />
          <Snapshots key={orgId} orgId={orgId} />
        </>
      )}
    </OrgPage>
  );
}

function Snapshots({ orgId }: { orgId: string }) {
  const list = useResource<ReportSnapshotList>(`/api/orgs/${encodeURIComponent(orgId)}/report-snapshots`);
  return (
    <Loaded data={list.data} error={list.error} reload={list.reload} minHeight={16} warnOn={[403]}>
      {({ snapshots }) =>
        snapshots.length === 0 ? (
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
        ) : (
          <div class={styles.groups}>
            {kinds.map((kind) => (
              <Group key={kind} kind={kind} orgId={orgId} snapshots={snapshots.filter((s) => s.period === kind)} />
            ))}
          </div>
        )
      }
    </Loaded>
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

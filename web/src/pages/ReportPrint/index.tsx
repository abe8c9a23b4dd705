import { useEffect } from "preact/hooks";
import { AppShell } from "../../components/AppShell";
import { Button } from "../../components/Button";
import { Loaded } from "../../components/Loaded";
import { tr } from "../../i18n/reports.zh-CN";
import { formatDateTime, hoursFigure } from "../../lib/format";
import { asOfDate, formatShare, reportPaths, reportTitle, shareOf } from "../../lib/reports";
import type { OrgPlanSummary, ReportSnapshotView } from "../../lib/types";
import { RatingTable } from "../PlanSettings/rating-table";
import { DeliveryTable, MembersTable, OrgTable, tierCounts } from "../ReportView/tables";
import { useReportView } from "../ReportView/use-report";
import styles from "./style.module.css";

export default function ReportPrint() {
  return (
    <AppShell title={tr("report.print.title")} requiredRole="organizer" focused>
      {() => <PrintPage />}
    </AppShell>
  );
}

/**
 * A report on A4 paper, for the file or a meeting: the same tables as the screen, every member on
 * it (no pages), no navigation. Printing waits for the button: opening the page must not pop a dialog.
 */
function PrintPage() {
  const { id, orgId, report } = useReportView();
  const data = report.data;

  useEffect(() => {
    // The document title is the file name a "save as PDF" suggests.
    if (data) document.title = reportTitle(data);
  }, [data]);

  return (
    <div class={styles.page}>
      <div class={styles.toolbar}>
        <a class={styles.back} href={reportPaths.view(id, orgId)}>
          {tr("report.print.back")}
        </a>
        {data ? (
          <Button variant="primary" icon="printer" onClick={() => window.print()}>
            {tr("report.print.button")}
          </Button>
        ) : null}
      </div>
      <Loaded data={data} error={report.error} reload={report.reload} minHeight={20} warnOn={[403, 404]}>
        {(view) => (
          <>
            <p class={styles.hint}>{tr("report.print.hint")}</p>
            <Sheet view={view} />
          </>
        )}
      </Loaded>
    </div>
  );
}

function Sheet({ view }: { view: ReportSnapshotView }) {
  const counts = tierCounts(view.branches, view.rating);
  return (
    <article class={styles.sheet}>
      <header class={styles.head}>
        <h1 class={styles.title}>{reportTitle(view)}</h1>
        <p class={styles.meta}>
          {tr("report.asOf", { date: asOfDate(view.snapshot.asOf) })}
          <span aria-hidden="true"> · </span>
          {tr("report.takenAt", { at: formatDateTime(view.snapshot.takenAt) })}
        </p>
      </header>

      <section class={styles.section}>
        <h2 class={styles.h2}>{tr("report.print.totals")}</h2>
        <PrintTotals org={view.org} />
      </section>

      <section class={styles.section}>
        <h2 class={styles.h2}>{tr("report.delivery.title")}</h2>
        <DeliveryTable delivery={view.delivery} bars={false} />
      </section>

      {view.children.length > 0 ? (
        <section class={styles.section}>
          <h2 class={styles.h2}>{tr("report.children.title")}</h2>
          <OrgTable
            orgs={view.children}
            tiers={view.rating}
            caption={tr("report.children.title")}
            withKind
            withRating={view.children.some((c) => c.rating !== null)}
            bars={false}
          />
        </section>
      ) : null}

      {view.branches.length > 0 ? (
        <section class={styles.section}>
          <h2 class={styles.h2}>{tr("report.branches.title")}</h2>
          <p class={styles.counts}>{counts.map((c) => tr("report.print.tierCount", { name: c.name, n: c.count })).join("　")}</p>
          <div class={styles.thresholds}>
            <RatingTable tiers={view.rating} caption={tr("report.branches.thresholds")} />
          </div>
          <OrgTable orgs={view.branches} tiers={view.rating} caption={tr("report.branches.title")} withRating bars={false} />
        </section>
      ) : null}

      <section class={[styles.section, styles.membersSection].join(" ")}>
        <h2 class={styles.h2}>
          {tr("report.members.title")}
          <span class={styles.count}>{tr("report.count.people", { n: view.members.length })}</span>
        </h2>
        {view.members.length === 0 ? (
          <p>{tr("report.members.empty")}</p>
        ) : (
          <MembersTable members={view.members} caption={tr("report.members.title")} />
        )}
      </section>

      <footer class={styles.foot}>{tr("report.print.footer", { at: formatDateTime(Date.now()) })}</footer>
    </article>
  );
}

function PrintTotals({ org }: { org: OrgPlanSummary }) {
  const cells = [
    { label: tr("report.tile.members"), value: tr("report.print.people", { n: org.members }) },
    { label: tr("report.tile.onPace"), value: `${org.onPace}（${formatShare(shareOf(org.onPace, org.members))}）` },
    { label: tr("report.tile.complete"), value: `${org.complete}（${formatShare(shareOf(org.complete, org.members))}）` },
    { label: tr("report.tile.active"), value: `${org.active}（${formatShare(shareOf(org.active, org.members))}）` },
    { label: tr("report.tile.hours"), value: `${hoursFigure(org.hours)} / ${hoursFigure(org.requiredHours)}` },
    { label: tr("report.tile.completion"), value: formatShare(org.completion) },
    { label: tr("report.tile.points"), value: String(org.points) },
  ];
  return (
    <table class={styles.totals}>
      <tbody>
        <tr>
          {cells.map((c) => (
            <th key={c.label} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
        <tr>
          {cells.map((c) => (
            <td key={c.label}>{c.value}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

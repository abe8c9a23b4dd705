import { useMemo, useState } from "preact/hooks";
import { AppShell } from "../../components/AppShell";
import { Button, buttonClass } from "../../components/Button";
import { SelectField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Pagination } from "../../components/Pagination";
import { tr } from "../../i18n/reports.zh-CN";
import { query } from "../../lib/api";
import { downloadFrom } from "../../lib/download";
import { formatDateTime } from "../../lib/format";
import { asOfDate, reportPaths, reportTitle } from "../../lib/reports";
import type { ReportSnapshotView } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";
import { DeliveryTable, type MemberSort, MembersTable, memberStateOf, OrgTable, sortMembers, TierLegend, Totals } from "./tables";
import { useReportView } from "./use-report";

export default function ReportView() {
  return (
    <AppShell title={tr("report.view.title")} requiredRole="organizer">
      {() => <ViewPage />}
    </AppShell>
  );
}

function ViewPage() {
  const { orgId, report } = useReportView();
  const data = report.data;

  return (
    <div class={[admin.page, styles.page].join(" ")}>
      <nav class={admin.crumbs} aria-label={tr("report.crumbs")}>
        <a href={reportPaths.list(orgId)}>{tr("report.list.title")}</a>
        <Icon name="chevronRight" size={0.875} />
        <span class={admin.crumbHere}>{data ? reportTitle(data) : tr("report.view.title")}</span>
      </nav>
      <Loaded data={data} error={report.error} reload={report.reload} minHeight={20} warnOn={[403, 404]}>
        {(view) => <Report view={view} orgId={orgId} />}
      </Loaded>
    </div>
  );
}

function Report({ view, orgId }: { view: ReportSnapshotView; orgId: string | undefined }) {
  const snapshot = view.snapshot;
  const exporting = useAction((format: "xlsx" | "csv") =>
    downloadFrom(
      `/api/report-snapshots/${encodeURIComponent(snapshot.id)}/export${query({ orgId: view.org.orgId, format })}`,
      `${reportTitle(view)}.${format}`,
    ),
  );
  return (
    <>
      <PageHeader
        title={reportTitle(view)}
        description={
          <span class={styles.meta}>
            <span>{tr("report.asOf", { date: asOfDate(snapshot.asOf) })}</span>
            <span aria-hidden="true">·</span>
            <span>{tr("report.takenAt", { at: formatDateTime(snapshot.takenAt) })}</span>
          </span>
        }
        actions={
          <div class={styles.actions}>
            <Button icon="download" pending={exporting.pending} onClick={() => void exporting.run("xlsx")}>
              {tr("report.export.xlsx")}
            </Button>
            <Button icon="download" disabled={exporting.pending} onClick={() => void exporting.run("csv")}>
              {tr("report.export.csv")}
            </Button>
            <a class={buttonClass("primary")} href={reportPaths.print(snapshot.id, orgId ?? view.org.orgId)}>
              <Icon name="printer" />
              <span>{tr("report.print")}</span>
            </a>
          </div>
        }
      />
      {exporting.error ? (
        <Notice tone="error" requestId={exporting.error.requestId}>
          {exporting.error.message}
        </Notice>
      ) : null}
      <p class={admin.rule}>
        <Icon name="info" size={1} />
        <span>{tr("report.frozen")}</span>
      </p>

      <Totals org={view.org} />

      <section class={admin.card} aria-labelledby="delivery-title">
        <h2 id="delivery-title" class={admin.sectionTitle}>
          {tr("report.delivery.title")}
        </h2>
        <p class={admin.hint}>{tr("report.delivery.hint")}</p>
        <DeliveryTable delivery={view.delivery} />
      </section>

      {view.children.length > 0 ? (
        <section class={admin.card} aria-labelledby="children-title">
          <h2 id="children-title" class={admin.sectionTitle}>
            {tr("report.children.title")}
            <span class={admin.sectionCount}>{tr("report.count.orgs", { n: view.children.length })}</span>
          </h2>
          <OrgTable
            orgs={view.children}
            tiers={view.rating}
            caption={tr("report.children.title")}
            withKind
            withRating={view.children.some((c) => c.rating !== null)}
            hrefFor={(child) => (child.hasChildren || child.members > 0 ? reportPaths.view(snapshot.id, child.orgId) : undefined)}
          />
        </section>
      ) : null}

      {view.branches.length > 0 ? (
        <section class={admin.card} aria-labelledby="branches-title">
          <h2 id="branches-title" class={admin.sectionTitle}>
            {tr("report.branches.title")}
            <span class={admin.sectionCount}>{tr("report.count.orgs", { n: view.branches.length })}</span>
          </h2>
          <p class={admin.hint}>{tr("report.branches.hint")}</p>
          <TierLegend branches={view.branches} tiers={view.rating} />
          <OrgTable orgs={view.branches} tiers={view.rating} caption={tr("report.branches.title")} withRating />
        </section>
      ) : null}

      <Members view={view} />
    </>
  );
}

const PAGE_SIZE = 50;

function Members({ view }: { view: ReportSnapshotView }) {
  const [search, setSearch] = useState("");
  const [state, setState] = useState("");
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<MemberSort>({ key: "org", desc: false });
  const rows = useMemo(() => {
    const q = search.trim();
    const matching = view.members.filter(
      (m) => (!state || memberStateOf(m) === state) && (!q || m.name.includes(q) || m.orgName.includes(q) || m.title.includes(q)),
    );
    return sortMembers(matching, sort);
  }, [view, search, state, sort]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);

  return (
    <section class={admin.card} aria-labelledby="members-title">
      <h2 id="members-title" class={admin.sectionTitle}>
        {tr("report.members.title")}
        <span class={admin.sectionCount}>{tr("report.count.people", { n: view.members.length })}</span>
      </h2>
      <form class={styles.filters} onSubmit={(event) => event.preventDefault()} aria-label={tr("report.members.filters")}>
        <TextField
          class={styles.search}
          label={tr("report.members.search")}
          type="search"
          placeholder={tr("report.members.searchPlaceholder")}
          value={search}
          onValue={(value) => {
            setSearch(value);
            setPage(1);
          }}
          autoComplete="off"
        />
        <SelectField
          label={tr("report.members.state")}
          value={state}
          onValue={(value) => {
            setState(value);
            setPage(1);
          }}
          options={[
            { value: "", label: tr("common.all") },
            { value: "behind", label: tr("report.member.state.behind") },
            { value: "onPace", label: tr("report.member.state.onPace") },
            { value: "complete", label: tr("report.member.state.complete") },
          ]}
        />
      </form>
      {rows.length === 0 ? (
        <p class={admin.empty}>{view.members.length === 0 ? tr("report.members.empty") : tr("report.members.noMatch")}</p>
      ) : (
        <>
          <MembersTable
            members={shown}
            caption={tr("report.members.title")}
            sort={sort}
            onSort={(next) => {
              setSort(next);
              setPage(1);
            }}
          />
          {rows.length > PAGE_SIZE ? (
            <Pagination
              page={current}
              pageSize={PAGE_SIZE}
              total={rows.length}
              onPage={setPage}
              totalText={tr("report.count.people", { n: rows.length })}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

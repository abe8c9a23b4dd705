import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { TextAreaField } from "../../components/Field";
import { Figures } from "../../components/Figures";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { ProgressRing } from "../../components/ProgressRing";
import { Loading } from "../../components/Spinner";
import { YearSwitch } from "../../components/YearSwitch";
import { td } from "../../i18n/dash.zh-CN";
import { tp } from "../../i18n/plans.zh-CN";
import { ApiError, api } from "../../lib/api";
import { formatDay, hoursText } from "../../lib/courses";
import { hoursFigure } from "../../lib/format";
import { gapText, paceGap, thisYear, yearFrom } from "../../lib/my-plan";
import type { LedgerEntryResponse, MemberStudy, MyPlanProgress, ReverseLedgerEntryBody, StudyEntry } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { planPaths } from "../PlanDashboard/format";
import dash from "../PlanDashboard/style.module.css";
import { AddEntryDialog } from "./add-entry";
import styles from "./style.module.css";

export default function MemberLedger() {
  return (
    <AppShell title={td("dash.ledger.title")} requiredRole="organizer">
      {() => <LedgerPage />}
    </AppShell>
  );
}

/**
 * One person's year as the organizer reads it: every credit behind their hours and points, with
 * reversed ones struck through and why. The organizer records study done off the platform or an
 * awarded point here (补记, with a reason and evidence) and takes back a manual entry (撤销); both
 * are audited by the server.
 */
function LedgerPage() {
  const { params } = useRoute();
  const { query: q, route } = useLocation();
  const userId = params.userId ?? "";
  const current = thisYear();
  const year = yearFrom(q.year, current);
  const res = useResource<MemberStudy>(`/api/members/${encodeURIComponent(userId)}/study?year=${year}`);
  const data = res.data?.year === year && res.data.person.id === userId ? res.data : undefined;
  const [adding, setAdding] = useState(false);
  const [reversing, setReversing] = useState<StudyEntry | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const go = (y: number) => route(planPaths.member(userId, y, q.org), true);

  if (res.error) {
    return (
      <div class={admin.page}>
        <Crumbs year={year} org={q.org ? { id: q.org, name: "" } : undefined} />
        <Notice
          tone={res.error.status === 404 || res.error.status === 403 ? "warning" : "error"}
          requestId={res.error.requestId}
          action={
            <Button icon="refresh" onClick={res.reload}>
              {td("common.retry")}
            </Button>
          }
        >
          {res.error.message}
        </Notice>
      </div>
    );
  }
  if (!data) return <Loading label={td("app.loading")} minHeight={20} />;

  const { person } = data;
  const back = person.orgs.find((o) => o.id === q.org) ?? person.orgs[0];
  const reversed = data.entries.some((e) => e.reversedAt !== null);
  return (
    <div class={admin.page}>
      <Crumbs year={year} org={back} name={person.name} />
      <PageHeader
        title={person.name}
        description={
          <span class={styles.who}>
            {person.orgs.map((o) => (
              <span key={o.id}>
                {o.name} · {o.title}
              </span>
            ))}
            <span class="num">{td("dash.ledger.phone", { phone: person.phone })}</span>
          </span>
        }
        actions={
          <Button
            variant="primary"
            icon="plus"
            onClick={() => {
              setFlash(null);
              setAdding(true);
            }}
          >
            {td("dash.ledger.add")}
          </Button>
        }
      />
      <div class={dash.toolbar}>
        <YearSwitch year={year} max={current} onYear={go} />
      </div>
      {flash ? <Notice tone="success">{flash}</Notice> : null}

      <Figures
        size="md"
        live
        class={styles.totals}
        figures={[
          { label: td("dash.ledger.hours"), value: hoursText(data.hoursTenths), name: "hours" },
          { label: td("dash.ledger.points"), value: data.points, name: "points" },
        ]}
      />

      <PlanStanding plan={data.plan} />

      {data.entries.length === 0 ? (
        <EmptyState icon="clock" title={td("dash.ledger.empty.title", { year })}>
          {td("dash.ledger.empty.body")}
        </EmptyState>
      ) : (
        <section class={admin.card} aria-labelledby="entries-title">
          <h2 id="entries-title" class={admin.sectionTitle}>
            {td("dash.ledger.entries")}
            <span class={admin.sectionCount}>{td("dash.ledger.entriesCount", { n: data.entries.length })}</span>
          </h2>
          <div class={admin.scroll}>
            <table class={[admin.table, styles.entries].join(" ")}>
              <thead>
                <tr>
                  <th scope="col">{td("dash.ledger.col.date")}</th>
                  <th scope="col">{td("dash.ledger.col.source")}</th>
                  <th scope="col">{td("dash.ledger.col.title")}</th>
                  <th scope="col" class={admin.num}>
                    {td("dash.ledger.hours")}
                  </th>
                  <th scope="col" class={admin.num}>
                    {td("dash.ledger.points")}
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">{td("dash.ledger.col.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((entry) => (
                  <Entry
                    key={entry.id}
                    entry={entry}
                    onReverse={() => {
                      setFlash(null);
                      setReversing(entry);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {reversed ? <p class={admin.hint}>{td("dash.ledger.reversedNote")}</p> : null}
        </section>
      )}

      <AddEntryDialog
        open={adding}
        study={data}
        onClose={() => setAdding(false)}
        onDone={(entry) => {
          setAdding(false);
          setFlash(td("dash.ledger.added", { title: entry.title }));
          res.reload();
        }}
      />
      {reversing ? (
        <ReverseDialog
          entry={reversing}
          onClose={() => setReversing(null)}
          onDone={(entry) => {
            setReversing(null);
            setFlash(td("dash.ledger.reversedDone", { title: entry.title }));
            res.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function Crumbs({ year, org, name }: { year: number; org: { id: string; name: string } | undefined; name?: string }) {
  return (
    <nav class={dash.crumbs} aria-label={td("dash.crumbs")}>
      <span class={dash.crumb}>
        <a href={org ? planPaths.dashboard(org.id, year) : "/plans"}>{td("dash.ledger.crumbsRoot")}</a>
        <Icon name="chevronRight" size={0.875} />
      </span>
      {org?.name ? (
        <span class={dash.crumb}>
          <a href={planPaths.dashboard(org.id, year)}>{org.name}</a>
          {name ? <Icon name="chevronRight" size={0.875} /> : null}
        </span>
      ) : null}
      {name ? (
        <span class={dash.crumbHere} aria-current="page">
          {name}
        </span>
      ) : null}
    </nav>
  );
}

/**
 * One credit as a table row on a laptop (date, kind, what, hours, points); on a phone the same row
 * folds into a card (see the stylesheet). A reversed entry is struck through and says why.
 */
function Entry({ entry: e, onReverse }: { entry: StudyEntry; onReverse: () => void }) {
  const off = e.reversedAt !== null;
  const Text = off ? "s" : "span";
  return (
    <tr class={off ? styles.reversed : undefined} data-entry={e.id} data-reversed={off ? "true" : "false"}>
      <td class={`${admin.nowrap} ${styles.date}`}>
        <time dateTime={new Date(e.occurredAt).toISOString()}>{formatDay(e.occurredAt)}</time>
      </td>
      <td class={`${admin.nowrap} ${styles.source}`}>{td(`dash.ledger.source.${e.source}`)}</td>
      <td class={styles.what}>
        <Text class={styles.entryTitle}>{e.title}</Text>
        {e.note ? (
          <span class={styles.entryNote}>{e.source === "manual" ? td("dash.ledger.evidence", { evidence: e.note }) : e.note}</span>
        ) : null}
        {off ? (
          <span class={styles.reason}>
            <Badge tone="neutral" icon="ban">
              {td("dash.ledger.reversed")}
            </Badge>
            {e.reversalReason ? <span>{td("dash.ledger.reversedWhy", { reason: e.reversalReason })}</span> : null}
          </span>
        ) : null}
      </td>
      <td class={`${admin.num} ${styles.hours}`}>
        {e.hoursTenths !== 0 ? <Text>{td("dash.ledger.plusHours", { n: hoursText(e.hoursTenths) })}</Text> : null}
      </td>
      <td class={`${admin.num} ${styles.points}`}>
        {e.points !== 0 ? <Text>{td("dash.ledger.plusPoints", { n: e.points })}</Text> : null}
      </td>
      <td class={styles.action}>
        {e.source === "manual" && !off ? (
          <Button size="sm" variant="quiet" icon="ban" onClick={onReverse} aria-label={td("dash.ledger.reverseOf", { title: e.title })}>
            {td("dash.ledger.reverse")}
          </Button>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * 撤销 asks why: the reason is required, kept on the struck-through row and in the audit log. A
 * missing reason is said at the field (the dialog stays open and makes no call).
 */
function ReverseDialog({ entry, onClose, onDone }: { entry: StudyEntry; onClose: () => void; onDone: (entry: StudyEntry) => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  return (
    <ConfirmDialog<StudyEntry | undefined>
      title={td("dash.ledger.undo.title")}
      description={entry.title}
      confirmLabel={td("dash.ledger.undo.confirm")}
      confirmIcon="ban"
      keepLabel={td("dash.ledger.undo.keep")}
      onClose={onClose}
      onDone={(result) => result && onDone(result)}
      action={async () => {
        if (!reason.trim()) {
          setError(td("dash.ledger.undo.required"));
          return undefined;
        }
        setError(undefined);
        try {
          const body: ReverseLedgerEntryBody = { reason: reason.trim() };
          const result = await api.post<LedgerEntryResponse>(`/api/ledger/${encodeURIComponent(entry.id)}/reverse`, body);
          return result.entry;
        } catch (err) {
          const field = err instanceof ApiError ? err.fieldErrors.reason : undefined;
          if (!field) throw err;
          setError(field);
          return undefined;
        }
      }}
    >
      <p class={styles.dialogText}>{td("dash.ledger.undo.body")}</p>
      <TextAreaField
        label={td("dash.ledger.undo.reason")}
        value={reason}
        onValue={(v) => {
          setReason(v);
          if (error) setError(undefined);
        }}
        error={error}
        placeholder={td("dash.ledger.undo.reasonPlaceholder")}
        maxLength={200}
        rows={2}
      />
    </ConfirmDialog>
  );
}

/**
 * What the person is held to this year and where they stand, as they see it on their own /plan
 * page: the three rings, and in words whether they are complete, on pace or short of it (by what).
 */
function PlanStanding({ plan }: { plan: MyPlanProgress }) {
  const gap = gapText(paceGap(plan));
  const status = !plan.hasPlan
    ? td("dash.ledger.plan.none")
    : plan.complete
      ? td("dash.ledger.plan.complete")
      : plan.behind
        ? td("dash.ledger.plan.behind", { gap: gap || td("dash.ledger.plan.behindSome") })
        : td("dash.ledger.plan.onPace");
  const missing = plan.modules.items.filter((m) => !m.done).map((m) => m.title);
  return (
    <section class={admin.card} aria-labelledby="plan-title">
      <h2 id="plan-title" class={admin.sectionTitle}>
        {td("dash.ledger.plan.title")}
        {plan.org ? <span class={admin.sectionCount}>{[plan.org.name, plan.title].filter(Boolean).join(" · ")}</span> : null}
      </h2>
      {plan.hasPlan ? (
        <div class={styles.rings}>
          <ProgressRing label={tp("plan.ring.hours")} value={plan.hours.done} max={plan.hours.required} format={hoursFigure} size={4.5} />
          <ProgressRing label={tp("plan.ring.modulesShort")} value={plan.modules.done} max={plan.modules.required} size={4.5} />
          <ProgressRing label={tp("plan.ring.contests")} value={plan.contests.done} max={plan.contests.required} size={4.5} />
        </div>
      ) : null}
      <p class={plan.behind && !plan.complete ? styles.behind : admin.muted}>{status}</p>
      {missing.length > 0 ? <p class={admin.muted}>{td("dash.ledger.plan.missing", { list: missing.join("、") })}</p> : null}
    </section>
  );
}

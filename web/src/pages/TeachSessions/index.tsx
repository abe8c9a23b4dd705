import { useMemo, useState } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { TeachTabs } from "../../components/TeachTabs";
import { TeachShell } from "../../components/TeachTabs/shell";
import { tc } from "../../i18n/courses.zh-CN";
import { formatShortDateTime, isoTime } from "../../lib/format";
import { capacityText, sessionPhaseBadge, sessionPlace, teachPaths } from "../../lib/teach";
import type { ManagedCourseSession, ManagedCourseSessionList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { CancelSessionDialog } from "../SessionAttendance/cancel";
import styles from "./style.module.css";

export default function TeachSessions() {
  return <TeachShell title={tc("courses.teach.sessions.title")}>{() => <SessionsPage />}</TeachShell>;
}

type Tab = "coming" | "past";

function SessionsPage() {
  const { data, error, loading, reload } = useResource<ManagedCourseSessionList>("/api/sessions/managed");
  const [tab, setTab] = useState<Tab>("coming");
  const [cancelling, setCancelling] = useState<ManagedCourseSession | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const { coming, past } = useMemo(() => {
    const all = data?.sessions ?? [];
    // Coming: soonest first (what happens next is on top); past: newest first.
    const coming = all.filter((s) => s.phase !== "ended").sort((a, b) => a.startsAt - b.startsAt);
    const past = all.filter((s) => s.phase === "ended").sort((a, b) => b.startsAt - a.startsAt);
    return { coming, past };
  }, [data]);
  const shown = tab === "coming" ? coming : past;
  const create = (
    <a class={buttonClass("primary")} href={teachPaths.newSession()}>
      <Icon name="plus" />
      <span>{tc("courses.teach.sessions.create")}</span>
    </a>
  );

  return (
    <div class={admin.page}>
      <PageHeader title={tc("courses.teach.sessions.title")} description={tc("courses.teach.sessions.intro")} actions={create} />
      <TeachTabs />
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {error ? (
        <Notice
          tone="error"
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {tc("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : !data ? (
        <Loading label={tc("app.loading")} minHeight={16} />
      ) : data.sessions.length === 0 ? (
        <EmptyState icon="calendar" title={tc("courses.teach.sessions.emptyTitle")} action={create}>
          {tc("courses.teach.sessions.emptyBody")}
        </EmptyState>
      ) : (
        <section class={admin.card} aria-labelledby="sessions-title">
          <div class={admin.cardHead}>
            <h2 id="sessions-title" class={admin.sectionTitle}>
              {tc("courses.teach.sessions.list")}
            </h2>
            <div class={styles.switch} role="tablist" aria-label={tc("courses.teach.sessions.list")}>
              <button type="button" role="tab" aria-selected={tab === "coming"} onClick={() => setTab("coming")}>
                {tc("courses.teach.sessions.coming")} <span class="num">{coming.length}</span>
              </button>
              <button type="button" role="tab" aria-selected={tab === "past"} onClick={() => setTab("past")}>
                {tc("courses.teach.sessions.past")} <span class="num">{past.length}</span>
              </button>
            </div>
          </div>
          {shown.length === 0 ? (
            <p class={admin.empty}>{tab === "coming" ? tc("courses.teach.sessions.noneComing") : tc("courses.teach.sessions.nonePast")}</p>
          ) : (
            <div class={admin.scroll} aria-busy={loading ? "true" : undefined}>
              <table class={admin.table}>
                <thead>
                  <tr>
                    <th scope="col">{tc("courses.teach.sessions.col.module")}</th>
                    <th scope="col">{tc("courses.teach.sessions.col.time")}</th>
                    <th scope="col">{tc("courses.teach.sessions.col.place")}</th>
                    <th scope="col" class={admin.num}>
                      {tc("courses.teach.sessions.col.enrolled")}
                    </th>
                    <th scope="col" class={admin.num}>
                      {tc("courses.teach.sessions.col.waitlist")}
                    </th>
                    <th scope="col" class={admin.num}>
                      {tc("courses.teach.sessions.col.attended")}
                    </th>
                    <th scope="col">{tc("courses.teach.sessions.col.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => (
                    <SessionRow key={s.id} session={s} onCancel={() => setCancelling(s)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {cancelling ? (
        <CancelSessionDialog
          session={cancelling}
          onClose={() => setCancelling(null)}
          onDone={() => {
            setCancelling(null);
            setFlash(tc("courses.teach.cancelSession.done"));
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function SessionRow({ session: s, onCancel }: { session: ManagedCourseSession; onCancel: () => void }) {
  const phase = sessionPhaseBadge(s);
  const live = s.status === "scheduled" && s.phase === "checkin";
  return (
    <tr>
      <th scope="row" class={styles.titleCell}>
        <a class={styles.title} href={teachPaths.session(s.id)}>
          {s.title}
        </a>
        <span class={styles.badges}>
          <Badge tone={phase.tone} icon={phase.icon}>
            {phase.label}
          </Badge>
          {s.requiredOrgs.length > 0 ? <Badge tone="red">{tc("courses.teach.sessions.required")}</Badge> : null}
        </span>
      </th>
      <td class={admin.nowrap}>
        <time dateTime={isoTime(s.startsAt)}>{formatShortDateTime(s.startsAt)}</time>
        <span class={admin.muted}> – {formatShortDateTime(s.endsAt).slice(-5)}</span>
      </td>
      <td>
        {s.kind === "online" ? (
          <span class={styles.place}>
            <Icon name="globe" size={1} />
            {sessionPlace(s)}
          </span>
        ) : (
          sessionPlace(s)
        )}
      </td>
      <td class={admin.num}>
        {s.enrolledCount} / {s.capacity === null ? capacityText(null) : s.capacity}
      </td>
      <td class={admin.num}>{s.waitlistCount}</td>
      <td class={admin.num}>{s.phase === "upcoming" ? <span class={admin.muted}>—</span> : s.attendedCount}</td>
      <td>
        <span class={styles.actions}>
          {live ? (
            <a class={buttonClass("primary", "sm")} href={teachPaths.checkin(s.id)}>
              <Icon name="qr" size={1} />
              <span>{tc("courses.teach.sessions.checkinScreen")}</span>
            </a>
          ) : null}
          <a
            class={buttonClass("secondary", "sm")}
            href={teachPaths.session(s.id)}
            aria-label={tc("courses.teach.sessions.attendanceOf", { title: s.title })}
          >
            <Icon name="users" size={1} />
            <span>{tc("courses.teach.sessions.attendance")}</span>
          </a>
          {/* Once check-in has opened, cancelling is done from the session's own page, not a list row. */}
          {s.canEdit && s.status === "scheduled" && s.phase === "upcoming" ? (
            <Button
              size="sm"
              variant="quiet"
              icon="ban"
              onClick={onCancel}
              aria-label={tc("courses.teach.sessions.cancelOf", { title: s.title, at: formatShortDateTime(s.startsAt) })}
            >
              {tc("courses.teach.sessions.cancel")}
            </Button>
          ) : null}
        </span>
      </td>
    </tr>
  );
}

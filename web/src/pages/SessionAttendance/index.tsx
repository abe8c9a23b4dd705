import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { TeachShell } from "../../components/TeachTabs/shell";
import { tc } from "../../i18n/courses.zh-CN";
import { downloadFrom } from "../../lib/download";
import { formatDateTime, formatShortDateTime, isoTime } from "../../lib/format";
import { capacityText, formatHoursTenths, methodLabel, sessionPhaseBadge, sessionPlace, teachPaths } from "../../lib/teach";
import type { Attendee, CourseSession, CourseSessionResponse, SessionAttendance, SessionFeedbackSummary } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { Tile } from "../ContestAdmin/tile";
import { CancelSessionDialog } from "./cancel";
import { type Correction, CorrectionDialog } from "./correction";
import { FeedbackCard } from "./feedback";
import { PersonSearchDialog } from "./search";
import styles from "./style.module.css";

const LIVE_REFRESH_MS = 10_000;

export default function SessionAttendancePage() {
  const { params } = useRoute();
  return <TeachShell title={tc("sessions.attendance.title")}>{() => <Page id={params.id ?? ""} />}</TeachShell>;
}

function Page({ id }: { id: string }) {
  const base = `/api/sessions/${encodeURIComponent(id)}`;
  const session = useResource<CourseSessionResponse>(base);
  const attendance = useResource<SessionAttendance>(`${base}/attendance`);
  const feedback = useResource<SessionFeedbackSummary>(`${base}/feedback`);
  const [correction, setCorrection] = useState<Correction | null>(null);
  const [searching, setSearching] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const s = session.data?.session;

  // While people are arriving the list follows them.
  useEffect(() => {
    if (s?.phase !== "checkin") return;
    const timer = setInterval(attendance.reload, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [s?.phase, attendance.reload]);

  const crumbs = (
    <nav class={admin.crumbs} aria-label={tc("courses.teach.crumbs")}>
      <a href={teachPaths.sessions}>{tc("courses.teach.sessions.title")}</a>
      <Icon name="chevronRight" size={0.875} />
      <span class={admin.crumbHere}>{s?.title ?? tc("sessions.attendance.title")}</span>
    </nav>
  );
  const failed = session.error ?? attendance.error;
  if (failed)
    return (
      <div class={admin.page}>
        {crumbs}
        <Notice
          tone={failed.status === 404 ? "warning" : "error"}
          requestId={failed.requestId}
          action={
            <Button
              icon="refresh"
              onClick={() => {
                session.reload();
                attendance.reload();
              }}
            >
              {tc("common.retry")}
            </Button>
          }
        >
          {failed.message}
        </Notice>
      </div>
    );
  if (!s || !attendance.data) return <Loading label={tc("app.loading")} minHeight={20} />;
  const a = attendance.data;

  return (
    <div class={admin.page}>
      {crumbs}
      <PageHeader
        title={s.title}
        description={<SessionLine session={s} />}
        actions={<HeaderActions session={s} onCancel={() => setCancelling(true)} />}
      />
      {s.status === "cancelled" ? <Notice tone="warning">{tc("courses.teach.cancelSession.done")}</Notice> : null}
      <div class={admin.tiles}>
        <Tile
          label={tc("sessions.attendance.tile.enrolled")}
          value={a.counts.enrolled}
          unit={s.capacity === null ? undefined : `/ ${s.capacity}`}
        />
        <Tile
          label={tc("sessions.attendance.tile.present")}
          value={a.counts.present}
          note={tc("sessions.attendance.tile.presentNote", { n: a.counts.walkIns })}
        />
        <Tile label={tc("sessions.attendance.tile.absent")} value={a.counts.absent} />
        <Tile label={tc("sessions.attendance.tile.waitlisted")} value={a.counts.waitlisted} />
        <Tile label={tc("sessions.attendance.tile.reversed")} value={a.counts.reversed} />
      </div>

      <section class={admin.card} aria-labelledby="present-title">
        <div class={admin.cardHead}>
          <h2 id="present-title" class={admin.sectionTitle}>
            {tc("sessions.attendance.list")}
            <span class={admin.sectionCount}>{tc("courses.teach.countPeople", { n: a.attendees.length })}</span>
          </h2>
          <ExportButton session={s} />
        </div>
        {!s.canManage ? <p class={admin.hint}>{tc("sessions.attendance.onlyOrganizers")}</p> : null}
        {flash ? <Notice tone="success">{flash}</Notice> : null}
        {a.attendees.length === 0 ? (
          <p class={admin.empty}>{s.phase === "upcoming" ? tc("sessions.attendance.notYet") : tc("sessions.attendance.nobody")}</p>
        ) : (
          <div class={admin.scroll} aria-busy={attendance.loading ? "true" : undefined}>
            <table class={admin.table}>
              <thead>
                <tr>
                  <th scope="col">{tc("sessions.attendance.col.name")}</th>
                  <th scope="col">{tc("sessions.attendance.col.org")}</th>
                  <th scope="col">{tc("sessions.attendance.col.enrolled")}</th>
                  <th scope="col">{tc("sessions.attendance.col.time")}</th>
                  <th scope="col">{tc("sessions.attendance.col.method")}</th>
                  <th scope="col">{tc("sessions.attendance.col.status")}</th>
                  {s.canManage ? <th scope="col">{tc("sessions.attendance.col.actions")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {[...a.attendees]
                  .sort((x, y) => Number(x.reversed) - Number(y.reversed) || x.checkedInAt - y.checkedInAt)
                  .map((person) => (
                    <AttendeeRow
                      key={person.userId}
                      person={person}
                      canManage={s.canManage}
                      onCorrect={(present) => setCorrection({ userId: person.userId, name: person.name, present })}
                    />
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class={admin.card} aria-labelledby="absent-title">
        <div class={admin.cardHead}>
          <h2 id="absent-title" class={admin.sectionTitle}>
            {tc("sessions.attendance.absent")}
            <span class={admin.sectionCount}>{tc("courses.teach.countPeople", { n: a.absent.length })}</span>
          </h2>
          {s.canManage && s.status === "scheduled" ? (
            <Button icon="search" onClick={() => setSearching(true)}>
              {tc("sessions.attendance.addPresent")}
            </Button>
          ) : null}
        </div>
        <p class={admin.hint}>{tc("sessions.attendance.absentHint")}</p>
        {s.canManage && s.status === "scheduled" ? <p class={admin.hint}>{tc("sessions.attendance.addPresentHint")}</p> : null}
        {a.absent.length === 0 ? (
          <p class={admin.empty}>{tc("sessions.attendance.noneAbsent")}</p>
        ) : (
          <ul class={styles.absentList}>
            {a.absent.map((p) => (
              <li key={p.userId} class={styles.absentItem}>
                <span class={styles.absentName}>{p.name}</span>
                <span class={styles.absentOrg}>{p.orgName ?? ""}</span>
                {s.canManage ? (
                  <Button
                    size="sm"
                    icon="check"
                    onClick={() => setCorrection({ userId: p.userId, name: p.name, present: true })}
                    aria-label={tc("sessions.attendance.markPresentOf", { name: p.name })}
                  >
                    {tc("sessions.attendance.markPresent")}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <FeedbackCard data={feedback.data} error={feedback.error} />

      {s.canManage ? (
        <PersonSearchDialog
          open={searching}
          orgId={s.orgId}
          orgName={s.orgName}
          present={new Set(a.attendees.filter((p) => !p.reversed).map((p) => p.userId))}
          onClose={() => setSearching(false)}
          onChoose={(person) => {
            setSearching(false);
            setCorrection(person);
          }}
        />
      ) : null}
      {cancelling ? (
        <CancelSessionDialog
          session={s}
          onClose={() => setCancelling(false)}
          onDone={() => {
            setCancelling(false);
            session.reload();
          }}
        />
      ) : null}

      <CorrectionDialog
        sessionId={s.id}
        correction={correction}
        hours={formatHoursTenths(s.hoursTenths)}
        onClose={() => setCorrection(null)}
        onDone={(message) => {
          setCorrection(null);
          setFlash(message);
          attendance.reload();
        }}
      />
    </div>
  );
}

function SessionLine({ session: s }: { session: CourseSession }) {
  const phase = sessionPhaseBadge(s);
  return (
    <span class={styles.headerMeta}>
      <Badge tone={phase.tone} icon={phase.icon}>
        {phase.label}
      </Badge>
      <span>
        <time dateTime={isoTime(s.startsAt)}>{formatDateTime(s.startsAt)}</time> – {formatShortDateTime(s.endsAt).slice(-5)}
      </span>
      <span>{sessionPlace(s)}</span>
      <span>{tc("sessions.attendance.lecturer", { name: s.lecturer.name })}</span>
      <span>{tc("sessions.attendance.capacity", { c: capacityText(s.capacity), h: formatHoursTenths(s.hoursTenths) })}</span>
    </span>
  );
}

function HeaderActions({ session: s, onCancel }: { session: CourseSession; onCancel: () => void }) {
  const running = s.status === "scheduled" && s.phase !== "ended";
  return (
    <>
      {running ? (
        <a class={buttonClass(s.phase === "checkin" ? "primary" : "secondary")} href={teachPaths.checkin(s.id)}>
          <Icon name="qr" />
          <span>{tc("sessions.attendance.openScreen")}</span>
        </a>
      ) : null}
      {s.status === "scheduled" && s.phase === "upcoming" && s.canEdit ? (
        <a class={buttonClass("secondary")} href={teachPaths.editSession(s.id)}>
          <Icon name="edit" />
          <span>{tc("sessions.attendance.edit")}</span>
        </a>
      ) : null}
      {s.status === "scheduled" && s.phase !== "ended" && s.canEdit ? (
        <Button variant="quiet" icon="ban" onClick={onCancel}>
          {tc("courses.teach.sessions.cancel")}
        </Button>
      ) : null}
    </>
  );
}

function ExportButton({ session: s }: { session: CourseSession }) {
  const action = useAction(() =>
    downloadFrom(
      `/api/sessions/${encodeURIComponent(s.id)}/attendance/export?format=xlsx`,
      `${s.title}${tc("sessions.attendance.fileSuffix")}.xlsx`,
    ),
  );
  return (
    <div class={styles.export}>
      <Button icon="download" pending={action.pending} pendingLabel={tc("sessions.attendance.exporting")} onClick={() => void action.run()}>
        {tc("sessions.attendance.export")}
      </Button>
      {action.error ? <p class={styles.exportError}>{action.error.message}</p> : null}
    </div>
  );
}

function AttendeeRow({ person: p, canManage, onCorrect }: { person: Attendee; canManage: boolean; onCorrect: (present: boolean) => void }) {
  return (
    <tr class={p.reversed ? styles.reversedRow : undefined}>
      <th scope="row">{p.name}</th>
      <td class={admin.nowrap}>{p.orgName ?? <span class={admin.muted}>—</span>}</td>
      <td>
        {p.walkIn ? (
          <Badge tone="amber">{tc("sessions.attendance.walkIn")}</Badge>
        ) : p.enrolled ? (
          <Badge tone="neutral">{tc("sessions.attendance.enrolled")}</Badge>
        ) : (
          <span class={admin.muted}>—</span>
        )}
      </td>
      <td class={admin.nowrap}>
        <time dateTime={isoTime(p.checkedInAt)}>{formatShortDateTime(p.checkedInAt)}</time>
      </td>
      <td class={admin.nowrap}>
        {methodLabel(p.method)}
        {p.method === "organizer" && p.reason ? (
          <span class={styles.reason}>{tc("sessions.attendance.reasonLine", { reason: p.reason })}</span>
        ) : null}
      </td>
      <td>
        {p.reversed ? (
          <>
            <Badge tone="danger" icon="xCircle">
              {tc("sessions.attendance.reversed")}
            </Badge>
            {p.reversalReason ? (
              <span class={styles.reason}>{tc("sessions.attendance.reasonLine", { reason: p.reversalReason })}</span>
            ) : null}
          </>
        ) : (
          <Badge tone="green" icon="check">
            {tc("sessions.attendance.present")}
          </Badge>
        )}
      </td>
      {canManage ? (
        <td>
          {p.reversed ? (
            <Button
              size="sm"
              icon="refresh"
              onClick={() => onCorrect(true)}
              aria-label={tc("sessions.attendance.restoreOf", { name: p.name })}
            >
              {tc("sessions.attendance.restore")}
            </Button>
          ) : (
            <Button
              size="sm"
              variant="quiet"
              icon="xCircle"
              onClick={() => onCorrect(false)}
              aria-label={tc("sessions.attendance.reverseOf", { name: p.name })}
            >
              {tc("sessions.attendance.reverse")}
            </Button>
          )}
        </td>
      ) : null}
    </tr>
  );
}

import { useEffect, useId, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import detail from "../../components/CourseDetail/style.module.css";
import { Dialog } from "../../components/Dialog";
import { FieldError, TextAreaField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import { api } from "../../lib/api";
import { coursePaths, durationText, formatMoment, formatSessionTime, hoursText, myBadges, seatsText } from "../../lib/courses";
import type { CourseSession, CourseSessionResponse, EnrollmentState, MySessionFeedback } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function SessionPage() {
  return (
    <AppShell title={tc("sessions.title")} requiredRole="member">
      {() => <SessionView />}
    </AppShell>
  );
}

/**
 * 课次: what, when, where and who; the member's place in it (报名 / 候补 / 取消报名 until the
 * cut-off) with the seats left updating as they act; check-in while it runs; a rating once attended.
 */
function SessionView() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const { data, error, reload } = useResource<CourseSessionResponse>(`/api/sessions/${encodeURIComponent(id)}`);
  const [session, setSession] = useState<CourseSession | null>(null);
  useEffect(() => {
    if (data) setSession(data.session);
  }, [data]);

  if (error && !session) {
    return (
      <Notice
        tone="error"
        requestId={error.status >= 500 ? error.requestId : undefined}
        action={
          error.status === 404 ? (
            <a class={buttonClass("secondary")} href={coursePaths.catalog}>
              {tc("courses.module.back")}
            </a>
          ) : (
            <Button icon="refresh" onClick={reload}>
              {tc("common.retry")}
            </Button>
          )
        }
      >
        {error.status === 404 ? tc("sessions.notFound") : error.message}
      </Notice>
    );
  }
  if (!session) return <Loading label={tc("app.loading")} minHeight={20} />;
  return <Details session={session} onChange={setSession} reload={reload} />;
}

function Details({ session: s, onChange, reload }: { session: CourseSession; onChange: (s: CourseSession) => void; reload: () => void }) {
  const now = Date.now();
  // The panel under the header says the member's own state; the header keeps what it does not (必修, 已取消).
  const badges = myBadges(s).filter((b) => b.icon === "alert" || b.icon === "ban");
  const seats =
    s.capacity === null
      ? tc("sessions.seats.unlimited", { enrolled: s.enrolledCount })
      : tc("sessions.seats.value", { capacity: s.capacity, enrolled: s.enrolledCount });
  return (
    <div class={[detail.page, styles.page].join(" ")}>
      <a class={[detail.back, styles.back].join(" ")} href={coursePaths.catalog}>
        <Icon name="chevronLeft" size={1.125} />
        <span>{tc("courses.module.back")}</span>
      </a>
      <header class={detail.head}>
        {badges.length > 0 ? (
          <p class={detail.badges}>
            {badges.map((b) => (
              <Badge key={b.label} tone={b.tone} icon={b.icon}>
                {b.label}
              </Badge>
            ))}
          </p>
        ) : null}
        <h1 class={detail.title}>{s.title}</h1>
        <p class={styles.when}>
          <Icon name="calendar" size={1.125} />
          <span>{formatSessionTime(s.startsAt, s.endsAt, now)}</span>
        </p>
        <p class={styles.where}>
          <Icon name={s.kind === "online" ? "globe" : "home"} size={1.125} />
          <span>{s.kind === "online" ? tc("sessions.fact.online") : s.place}</span>
        </p>
      </header>

      <MyPlace session={s} onChange={onChange} reload={reload} />

      <dl class={styles.facts}>
        <div>
          <dt>{tc("sessions.fact.lecturer")}</dt>
          <dd>{s.lecturer.name}</dd>
        </div>
        <div>
          <dt>{tc("sessions.fact.org")}</dt>
          <dd>{s.orgName}</dd>
        </div>
        <div>
          <dt>{tc("sessions.fact.hours")}</dt>
          <dd>
            {tc("courses.hours", { n: hoursText(s.hoursTenths) })} · {durationText(Math.round((s.endsAt - s.startsAt) / 60_000))}
          </dd>
        </div>
        <div>
          <dt>{tc("sessions.fact.seats")}</dt>
          <dd>
            {seats}
            {s.waitlistCount > 0 ? tc("sessions.seats.waitlist", { n: s.waitlistCount }) : ""}
          </dd>
        </div>
        <div>
          <dt>{tc("sessions.fact.enroll")}</dt>
          <dd>
            {/* Breaks only at 至: each moment stays on one line. */}
            <span class={styles.chunk}>{formatMoment(s.enrollOpensAt, now)}</span> {tc("sessions.enrollTo")}{" "}
            <span class={styles.chunk}>{formatMoment(s.enrollClosesAt, now)}</span>
          </dd>
        </div>
        {s.my.enrollment.status === "enrolled" || s.my.enrollment.status === "waitlisted" ? (
          <div>
            <dt>{tc("sessions.fact.cancelBy")}</dt>
            <dd>{formatMoment(s.cancelClosesAt, now)}</dd>
          </div>
        ) : null}
        {s.walkIns ? (
          <div>
            <dt>{tc("sessions.fact.walkIns")}</dt>
            <dd>{tc("sessions.walkIns")}</dd>
          </div>
        ) : null}
        {s.requiredOrgs.length > 0 ? (
          <div>
            <dt>{tc("sessions.fact.required")}</dt>
            <dd>{s.requiredOrgs.map((o) => o.name).join("、")}</dd>
          </div>
        ) : null}
      </dl>

      {s.my.attended ? <Feedback session={s} onSaved={(f) => onChange({ ...s, my: { ...s.my, feedback: f } })} /> : null}

      <section class={styles.module} aria-labelledby="module-title">
        <h2 id="module-title" class={detail.sectionTitle}>
          {tc("sessions.module")}
        </h2>
        {s.summary ? <p class={detail.summary}>{s.summary}</p> : null}
        <a class={styles.moduleLink} href={coursePaths.module(s.moduleId)}>
          <Icon name="course" size={1.25} />
          <span>{s.title}</span>
          <Icon name="chevronRight" size={1.125} />
        </a>
      </section>
    </div>
  );
}

/**
 * The member's place and the one thing to do about it, in a panel under the facts: 报名 or 加入候补
 * while the window is open, 取消报名 until the cut-off (after a confirmation), the check-in while the
 * session runs, and plain words for everything else (not open yet, closed, cancelled, ended).
 */
function MyPlace({ session: s, onChange, reload }: { session: CourseSession; onChange: (s: CourseSession) => void; reload: () => void }) {
  const now = Date.now();
  const [confirm, setConfirm] = useState(false);
  const [announce, setAnnounce] = useState("");
  const path = `/api/sessions/${encodeURIComponent(s.id)}/enrollment`;
  const apply = (state: EnrollmentState) => {
    const enrolledDelta = (state.status === "enrolled" ? 1 : 0) - (s.my.enrollment.status === "enrolled" ? 1 : 0);
    onChange({
      ...s,
      seatsLeft: state.seatsLeft,
      enrolledCount: Math.max(0, s.enrolledCount + enrolledDelta),
      my: { ...s.my, enrollment: state },
    });
    // The counts of others (the waitlist) come with the session itself.
    reload();
  };
  const enroll = useAction(() => api.put<EnrollmentState>(path, {}));
  const cancel = useAction(() => api.delete<EnrollmentState>(path));

  const doEnroll = async () => {
    const state = await enroll.run();
    if (!state) return;
    apply(state);
    setAnnounce(
      state.status === "waitlisted" ? tc("sessions.waitlistedToast", { n: state.waitlistPosition ?? 1 }) : tc("sessions.enrolledToast"),
    );
  };
  const doCancel = async () => {
    const wasWaiting = s.my.enrollment.status === "waitlisted";
    const state = await cancel.run();
    setConfirm(false);
    if (!state) return;
    apply(state);
    setAnnounce(tc(wasWaiting ? "sessions.cancelledWaitlistToast" : "sessions.cancelledToast"));
  };

  const status = s.my.enrollment.status;
  const holding = status === "enrolled" || status === "waitlisted";
  const windowOpen = now >= s.enrollOpensAt && now <= s.enrollClosesAt;
  const canCancel = holding && now <= s.cancelClosesAt && s.phase !== "ended";
  const full = s.seatsLeft !== null && s.seatsLeft <= 0;
  const error = enroll.error ?? cancel.error;

  let tone: "info" | "success" | "warning" = "info";
  let title: string | null = null;
  let body: string | null = null;
  let primary = null;
  let secondary = null;

  if (s.status === "cancelled") {
    tone = "warning";
    title = tc("sessions.cancelledSession");
  } else if (s.my.attended) {
    tone = "success";
    title = tc("sessions.attended.title");
    body = tc("sessions.attended.body", { time: formatMoment(s.my.checkedInAt ?? now, now), hours: hoursText(s.hoursTenths) });
  } else if (s.phase === "ended") {
    title = tc("sessions.ended");
  } else {
    if (status === "enrolled") {
      tone = "success";
      title = tc("sessions.enrolled.title");
      body = tc(s.kind === "online" ? "sessions.enrolled.online" : "sessions.enrolled.body");
    } else if (status === "waitlisted") {
      tone = "warning";
      title = tc("sessions.waitlisted.title", { n: s.my.enrollment.waitlistPosition ?? 1 });
      body = tc("sessions.waitlisted.body");
    } else if (!s.eligible) {
      body = tc("sessions.notEligible");
    } else if (now < s.enrollOpensAt) {
      body = tc("sessions.notOpen", { time: formatMoment(s.enrollOpensAt, now) });
    } else if (!windowOpen) {
      body = tc(s.walkIns ? "sessions.closedWalkIn" : "sessions.closed");
    } else {
      if (status === "cancelled") title = tc("sessions.cancelled.title");
      body = full ? tc("sessions.waitlistNote") : seatsText(s, now).text;
      primary = (
        <Button
          variant="primary"
          size="lg"
          block
          icon={full ? "clock" : "check"}
          pending={enroll.pending}
          pendingLabel={tc("sessions.enrolling")}
          onClick={doEnroll}
        >
          {tc(full ? "sessions.waitlist" : "sessions.enroll")}
        </Button>
      );
    }
    if (s.phase === "checkin" && (status === "enrolled" || s.walkIns)) {
      tone = "info";
      title = tc("sessions.checkinNow.title");
      body = tc("sessions.checkinNow.body");
      primary = (
        <a class={buttonClass("primary", "lg", true)} href={coursePaths.checkin}>
          <Icon name="qr" />
          <span>{tc("sessions.toCheckin")}</span>
        </a>
      );
    }
    if (canCancel) {
      secondary = (
        <Button variant="secondary" block onClick={() => setConfirm(true)}>
          {tc(status === "waitlisted" ? "sessions.cancelWaitlist" : "sessions.cancel")}
        </Button>
      );
    } else if (holding && s.phase === "upcoming") {
      secondary = <p class={styles.note}>{tc("sessions.cancelClosed", { time: formatMoment(s.cancelClosesAt, now) })}</p>;
    }
  }

  const live =
    s.kind === "online" && s.link && (status === "enrolled" || s.my.attended || s.phase === "checkin") && s.status === "scheduled";

  return (
    <section class={[styles.panel, styles[tone]].join(" ")} aria-labelledby="place-title">
      <h2 id="place-title" class="visually-hidden">
        {tc("sessions.fact.enroll")}
      </h2>
      {title ? (
        <p class={styles.panelTitle}>
          <Icon name={tone === "success" ? "checkCircle" : tone === "warning" ? "clock" : "info"} size={1.375} />
          <span>{title}</span>
        </p>
      ) : null}
      {body ? <p class={styles.panelBody}>{body}</p> : null}
      {s.required && s.phase !== "ended" && !s.my.attended ? <p class={styles.panelBody}>{tc("sessions.required.note")}</p> : null}
      {error ? (
        <Notice tone="error" requestId={error.status >= 500 ? error.requestId : undefined}>
          {error.message}
        </Notice>
      ) : null}
      {primary || secondary || live ? (
        <div class={styles.actions}>
          {primary}
          {live ? (
            <a
              class={buttonClass(primary ? "secondary" : "primary", "lg", true)}
              href={s.link ?? "#"}
              target="_blank"
              rel="noopener noreferrer"
            >
              <Icon name="link" />
              <span>{tc("sessions.openLink")}</span>
            </a>
          ) : null}
          {secondary}
        </div>
      ) : null}
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <Dialog
        open={confirm}
        title={tc(status === "waitlisted" ? "sessions.cancelWaitlist.title" : "sessions.cancel.title")}
        onClose={() => setConfirm(false)}
        size="sm"
        footer={
          <>
            <Button onClick={() => setConfirm(false)}>{tc("sessions.cancel.keep")}</Button>
            <Button variant="danger" pending={cancel.pending} pendingLabel={tc("sessions.cancelling")} onClick={doCancel}>
              {tc(status === "waitlisted" ? "sessions.cancelWaitlist.confirm" : "sessions.cancel.confirm")}
            </Button>
          </>
        }
      >
        <p>
          {status === "waitlisted"
            ? tc("sessions.cancelWaitlist.body")
            : tc("sessions.cancel.body", { deadline: formatMoment(s.enrollClosesAt, now) })}
        </p>
      </Dialog>
    </section>
  );
}

const STARS = [1, 2, 3, 4, 5] as const;

/** 1–5 stars as radio buttons (arrow keys move, the word says what the number means) and a comment. */
function Feedback({ session: s, onSaved }: { session: CourseSession; onSaved: (f: { rating: number; comment: string }) => void }) {
  const [rating, setRating] = useState(s.my.feedback?.rating ?? 0);
  const [comment, setComment] = useState(s.my.feedback?.comment ?? "");
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState(false);
  const name = useId();
  const save = useAction((body: { rating: number; comment: string }) =>
    api.post<MySessionFeedback>(`/api/sessions/${encodeURIComponent(s.id)}/feedback`, body),
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    if (rating < 1) {
      setMissing(true);
      return;
    }
    const result = await save.run({ rating, comment });
    if (!result) return;
    setSaved(true);
    onSaved({ rating: result.rating, comment: result.comment });
  };
  const fieldErrors = save.error?.fieldErrors ?? {};
  return (
    <section class={styles.feedback} aria-labelledby="feedback-title">
      <h2 id="feedback-title" class={detail.sectionTitle}>
        {tc("sessions.feedback.title")}
      </h2>
      <p class={styles.note}>{tc("sessions.feedback.intro")}</p>
      <form class={styles.feedbackForm} onSubmit={submit} noValidate>
        <fieldset class={styles.stars} aria-describedby={missing ? `${name}-missing` : undefined}>
          <legend class={styles.legend}>{tc("sessions.feedback.rating")}</legend>
          <div class={styles.starRow}>
            {STARS.map((n) => (
              <label key={n} class={styles.star} data-on={n <= rating ? "true" : "false"}>
                <input
                  type="radio"
                  name={name}
                  value={n}
                  checked={rating === n}
                  onChange={() => {
                    setRating(n);
                    setMissing(false);
                  }}
                />
                <StarIcon />
                <span class="visually-hidden">
                  {tc("sessions.feedback.star", { n })}，{tc(`sessions.feedback.word.${n}`)}
                </span>
              </label>
            ))}
            <span class={styles.starWord} aria-hidden="true">
              {rating > 0 ? `${tc("sessions.feedback.star", { n: rating })} · ${tc(`sessions.feedback.word.${rating as 1}`)}` : ""}
            </span>
          </div>
          {missing ? <FieldError id={`${name}-missing`} message={tc("sessions.feedback.needRating")} /> : null}
        </fieldset>
        <TextAreaField
          label={tc("sessions.feedback.comment")}
          tag={tc("common.optional")}
          hint={tc("sessions.feedback.commentHint")}
          value={comment}
          onValue={setComment}
          maxLength={500}
          rows={3}
          error={fieldErrors.comment}
        />
        {save.error && !fieldErrors.comment ? (
          <Notice tone="error" requestId={save.error.status >= 500 ? save.error.requestId : undefined}>
            {save.error.message}
          </Notice>
        ) : null}
        {saved ? <Notice tone="success">{tc("sessions.feedback.saved")}</Notice> : null}
        <Button
          type="submit"
          variant={s.my.feedback ? "secondary" : "primary"}
          block
          pending={save.pending}
          pendingLabel={tc("sessions.feedback.saving")}
        >
          {tc(s.my.feedback ? "sessions.feedback.update" : "sessions.feedback.submit")}
        </Button>
      </form>
    </section>
  );
}

function StarIcon() {
  return (
    <svg viewBox="0 0 24 24" width="100%" height="100%" aria-hidden="true" focusable="false">
      <path
        d="M12 3.2l2.7 5.6 6.1.8-4.5 4.2 1.1 6.1L12 17l-5.4 2.9 1.1-6.1-4.5-4.2 6.1-.8z"
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linejoin="round"
      />
    </svg>
  );
}

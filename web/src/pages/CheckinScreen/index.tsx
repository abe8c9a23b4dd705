import { useEffect, useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { Button, buttonClass } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { TeachShell } from "../../components/TeachTabs/shell";
import { tc } from "../../i18n/courses.zh-CN";
import { ApiError, api } from "../../lib/api";
import { formatShortDateTime } from "../../lib/format";
import { ServerClock } from "../../lib/server-clock";
import { sessionPlace, teachPaths } from "../../lib/teach";
import type { CheckinCode, CourseSessionResponse, SessionAttendance } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import { QrCode } from "./qr";
import styles from "./style.module.css";

/** The previous code is still accepted this long after it rotates (the server's grace). */
const GRACE_MS = 10_000;
/** How often the arrivals are read while the screen is up. */
const ARRIVALS_MS = 4_000;
const LATEST = 8;

export default function CheckinScreen() {
  const { params } = useRoute();
  return (
    <TeachShell title={tc("checkin.screen.title")} focused>
      {() => <Screen id={params.id ?? ""} />}
    </TeachShell>
  );
}

/**
 * The rotating code, read from the server: asked again as soon as the server's clock (not this
 * laptop's, which may be minutes off) passes `validUntil`. The code on screen therefore changes
 * within a moment of the server's; the server still takes the previous code for 10 s after the
 * change, so a person who typed it just then still gets in. A failed read is retried every 3 s.
 */
function useCheckinCode(id: string, clock: ServerClock) {
  const [code, setCode] = useState<CheckinCode | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const load = async () => {
      const sentAt = Date.now();
      try {
        const data = await api.get<CheckinCode>(`/api/sessions/${encodeURIComponent(id)}/check-in-code`, { signal: controller.signal });
        clock.sample(data.serverTime, sentAt, Date.now());
        setCode(data);
        setError(null);
        timer = setTimeout(load, Math.max(500, data.validUntil - clock.now() + 300));
      } catch (err) {
        if (controller.signal.aborted) return;
        const failure = err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", tc("error.unexpected"));
        setError(failure);
        // A cancelled session or a lost right will not come back by asking again.
        if (failure.status !== 403 && failure.status !== 404 && failure.status !== 409) timer = setTimeout(load, 3_000);
      }
    };
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id, clock]);
  return { code, error };
}

/** The attendance, read every few seconds; the last good answer stays on screen through a failed read. */
function useArrivals(id: string) {
  const [data, setData] = useState<SessionAttendance | null>(null);
  const [failing, setFailing] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const load = async () => {
      try {
        setData(await api.get<SessionAttendance>(`/api/sessions/${encodeURIComponent(id)}/attendance`, { signal: controller.signal }));
        setFailing(false);
      } catch {
        if (controller.signal.aborted) return;
        setFailing(true);
      }
      timer = setTimeout(load, ARRIVALS_MS);
    };
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id]);
  return { data, failing };
}

/** Re-renders every `ms` so countdowns move. */
function useTick(ms: number) {
  const [, setN] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setN((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
}

function useFullscreen() {
  const [on, setOn] = useState(typeof document !== "undefined" && document.fullscreenElement !== null);
  useEffect(() => {
    const onChange = () => setOn(document.fullscreenElement !== null);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const supported = typeof document !== "undefined" && document.fullscreenEnabled;
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  };
  return { on, supported, toggle };
}

function Screen({ id }: { id: string }) {
  const clock = useRef(new ServerClock()).current;
  const session = useResource<CourseSessionResponse>(`/api/sessions/${encodeURIComponent(id)}`);
  const { code, error } = useCheckinCode(id, clock);
  const arrivals = useArrivals(id);
  const fullscreen = useFullscreen();
  useTick(250);

  const s = session.data?.session;
  if (session.error) {
    return (
      <div class={styles.problem}>
        <Notice tone={session.error.status === 404 ? "warning" : "error"} requestId={session.error.requestId}>
          {session.error.message}
        </Notice>
        <a class={buttonClass("secondary")} href={teachPaths.sessions}>
          {tc("courses.teach.sessions.title")}
        </a>
      </div>
    );
  }
  if (!s) return <Loading label={tc("app.loading")} minHeight={20} />;

  const now = clock.now();
  const remaining = code ? Math.max(0, code.validUntil - now) : 0;
  const stale = code !== null && now > code.validUntil + GRACE_MS;
  const phase = !code ? "loading" : now < code.checkinOpensAt ? "before" : now > code.checkinClosesAt ? "after" : "open";
  const counts = arrivals.data?.counts;
  const latest = (arrivals.data?.attendees ?? [])
    .filter((a) => !a.reversed)
    .sort((a, b) => b.checkedInAt - a.checkedInAt)
    .slice(0, LATEST);
  const digits = code?.code ?? "";
  const blocking = error && (error.status === 403 || error.status === 404 || error.status === 409);

  return (
    <div class={styles.screen}>
      <header class={styles.band}>
        <div class={styles.bandText}>
          <h1 class={styles.title}>{s.title}</h1>
          <p class={styles.meta}>
            <span>
              {formatShortDateTime(s.startsAt)} – {formatShortDateTime(s.endsAt).slice(-5)}
            </span>
            <span>{sessionPlace(s)}</span>
            <span>{tc("checkin.screen.lecturer", { name: s.lecturer.name })}</span>
          </p>
        </div>
        <div class={styles.tools}>
          {fullscreen.supported ? (
            <Button variant="ghost" class={styles.tool} icon="monitor" onClick={fullscreen.toggle}>
              {fullscreen.on ? tc("checkin.screen.exitFullscreen") : tc("checkin.screen.fullscreen")}
            </Button>
          ) : null}
          <a class={[buttonClass("ghost"), styles.tool].join(" ")} href={teachPaths.session(id)}>
            <Icon name="users" />
            <span>{tc("checkin.screen.attendance")}</span>
          </a>
        </div>
      </header>
      <div class={styles.rotation} aria-hidden="true">
        <span style={{ width: `${phase === "open" && !stale ? (remaining / ((code?.rotatesEverySec ?? 30) * 1000)) * 100 : 0}%` }} />
      </div>

      <div class={styles.body}>
        <section class={styles.codePanel} aria-labelledby="code-title">
          <h2 id="code-title" class="visually-hidden">
            {tc("checkin.screen.codeTitle")}
          </h2>
          {blocking ? (
            <div class={styles.waiting}>
              <Icon name="alert" size={3} />
              <p class={styles.waitingText}>{error.message}</p>
            </div>
          ) : phase === "loading" ? (
            <Loading label={tc("checkin.screen.loadingCode")} minHeight={20} />
          ) : phase === "before" && code ? (
            <div class={styles.waiting}>
              <Icon name="clock" size={3} />
              <p class={styles.waitingText}>{tc("checkin.screen.before", { at: formatShortDateTime(code.checkinOpensAt).slice(-5) })}</p>
              <p class={styles.waitingNote}>{tc("checkin.screen.beforeNote")}</p>
            </div>
          ) : phase === "after" ? (
            <div class={styles.waiting}>
              <Icon name="lock" size={3} />
              <p class={styles.waitingText}>{tc("checkin.screen.after")}</p>
              <a class={buttonClass("primary", "lg")} href={teachPaths.session(id)}>
                {tc("checkin.screen.toAttendance")}
              </a>
            </div>
          ) : code && !stale ? (
            <>
              <div class={styles.qrFrame}>
                <QrCode class={styles.qr} value={code.url} label={tc("checkin.screen.qrLabel")} />
              </div>
              <p class={styles.codeLabel}>{tc("checkin.screen.orType")}</p>
              <p class={styles.code}>
                <span class="visually-hidden">{tc("checkin.screen.codeAria", { code: digits.split("").join(" ") })}</span>
                <span aria-hidden="true">{digits.slice(0, 3)}</span>
                <span aria-hidden="true">{digits.slice(3)}</span>
              </p>
              <p class={styles.rotates}>{tc("checkin.screen.rotates", { s: Math.ceil(remaining / 1000) })}</p>
            </>
          ) : (
            <div class={styles.waiting}>
              <Icon name="refresh" size={3} />
              <p class={styles.waitingText}>{tc("checkin.screen.refreshing")}</p>
            </div>
          )}
          {error && !blocking ? <p class={styles.offline}>{tc("checkin.screen.offline")}</p> : null}
        </section>

        <section class={styles.arrivals} aria-labelledby="arrivals-title">
          <h2 id="arrivals-title" class={styles.arrivalsTitle}>
            {tc("checkin.screen.arrivals")}
          </h2>
          <p class={styles.count} aria-live="polite">
            <span class={styles.countLabel}>{tc("checkin.screen.checkedIn")}</span>
            <span class={styles.countBig}>{counts?.present ?? "–"}</span>
            <span class={styles.countSep}>/</span>
            <span class={styles.countLabel}>{tc("checkin.screen.enrolled")}</span>
            <span class={styles.countMid}>{counts?.enrolled ?? s.enrolledCount}</span>
          </p>
          {counts && counts.walkIns > 0 ? <p class={styles.walkIns}>{tc("checkin.screen.walkIns", { n: counts.walkIns })}</p> : null}
          {latest.length === 0 ? (
            <p class={styles.nobody}>{tc("checkin.screen.nobody")}</p>
          ) : (
            <ol class={styles.latest} aria-label={tc("checkin.screen.latest")}>
              {latest.map((a) => (
                <li key={a.userId}>
                  <Icon name="checkCircle" size={1.25} />
                  <span class={styles.name}>{a.name}</span>
                  <span class={styles.org}>{a.orgName ?? ""}</span>
                  <time class={styles.at}>{formatShortDateTime(a.checkedInAt).slice(-5)}</time>
                </li>
              ))}
            </ol>
          )}
          {arrivals.failing ? <p class={styles.offline}>{tc("checkin.screen.arrivalsOffline")}</p> : null}
          <ul class={styles.rules}>
            {code ? (
              <li>
                <Icon name="clock" size={1.125} />
                {tc("checkin.screen.window", {
                  from: formatShortDateTime(code.checkinOpensAt).slice(-5),
                  to: formatShortDateTime(code.checkinClosesAt).slice(-5),
                })}
              </li>
            ) : null}
            <li>
              <Icon name={s.walkIns ? "users" : "lock"} size={1.125} />
              {s.walkIns ? tc("checkin.screen.walkInsOk") : tc("checkin.screen.enrolledOnly")}
            </li>
          </ul>
        </section>
      </div>
    </div>
  );
}

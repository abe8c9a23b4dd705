import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { AuthLayout } from "../../components/AuthLayout";
import { Button, buttonClass } from "../../components/Button";
import codeInput from "../../components/CodeInput/style.module.css";
import { CourseTabs } from "../../components/CourseTabs";
import { FieldError } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import { ApiError, api } from "../../lib/api";
import { coursePaths, formatClock, formatMoment, formatSessionTime, hoursText } from "../../lib/courses";
import type { CheckInResult, CheckinScanResult, CourseSessionResponse } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

/**
 * 签到. Opened by the phone's camera from the lecturer's QR (`/check-in?s=<session>&c=<code>`): checks
 * in at once. A phone that is not logged in first has the scan checked (no login needed) and keeps
 * the ticket it gets, logs in, and comes back here to finish with that ticket, so a code that rotated
 * meanwhile still counts. Without a code in the address: the 6-digit code typed by hand.
 */
export default function CheckIn() {
  const { query } = useLocation();
  const sessionId = query.s ?? "";
  const code = query.c ?? "";
  if (sessionId && code) return <Scanned key={`${sessionId}:${code}`} sessionId={sessionId} code={code} />;
  return (
    <AppShell title={tc("checkin.title")} requiredRole="member">
      {() => <ManualPage />}
    </AppShell>
  );
}

// ---- what a scan leaves behind for after the login, and what a check-in leaves for a reload ----

const ticketKey = (s: string, c: string) => `lx.checkin.ticket.${s}.${c}`;
const doneKey = (s: string, c: string) => `lx.checkin.done.${s}.${c}`;

function readStored<T>(key: string): T | null {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function store(key: string, value: unknown) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode without storage: the login still returns here, and the code is tried again.
  }
}

const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", tc("error.unexpected")));

type ScanState =
  | { kind: "working"; step: "checking" | "scanning" | "toLogin" }
  | { kind: "done"; result: CheckInResult }
  | { kind: "failed"; error: ApiError; loggedIn: boolean };

function Scanned({ sessionId, code }: { sessionId: string; code: string }) {
  const { route } = useLocation();
  const [state, setState] = useState<ScanState>(() => {
    const done = readStored<CheckInResult>(doneKey(sessionId, code));
    return done ? { kind: "done", result: done } : { kind: "working", step: "checking" };
  });
  const started = useRef(false);

  useEffect(() => {
    if (state.kind !== "working" || started.current) return;
    started.current = true;
    const finish = (result: CheckInResult) => {
      store(ticketKey(sessionId, code), null);
      store(doneKey(sessionId, code), result);
      setState({ kind: "done", result });
    };
    const fail = (err: unknown, loggedIn: boolean) => {
      store(ticketKey(sessionId, code), null);
      setState({ kind: "failed", error: asApiError(err), loggedIn });
    };
    void (async () => {
      const held = readStored<{ ticket: string; expiresAt: number }>(ticketKey(sessionId, code));
      if (held) {
        // Back from the login with the scan's ticket: it counts as of the scan, however the code has turned since.
        try {
          finish(await api.post<CheckInResult>("/api/check-ins", { ticket: held.ticket }));
        } catch (err) {
          if (err instanceof ApiError && err.status === 401) return; // off to the login again, the ticket kept
          fail(err, true);
        }
        return;
      }
      try {
        finish(await api.post<CheckInResult>("/api/check-ins", { sessionId, code }, { redirectOn401: false }));
        return;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 401)) {
          fail(err, true);
          return;
        }
      }
      // Not logged in: the scan is checked now, and its ticket waits here for after the login.
      setState({ kind: "working", step: "scanning" });
      try {
        const scan = await api.post<CheckinScanResult>("/api/check-ins/scan", { sessionId, code });
        store(ticketKey(sessionId, code), { ticket: scan.ticket, expiresAt: scan.expiresAt });
        setState({ kind: "working", step: "toLogin" });
        const here = `${coursePaths.checkin}?s=${encodeURIComponent(sessionId)}&c=${encodeURIComponent(code)}`;
        route(`/login?next=${encodeURIComponent(here)}`, true);
      } catch (err) {
        fail(err, false);
      }
    })();
  }, [state.kind]);

  if (state.kind === "working") {
    return (
      <AuthLayout title={tc("checkin.title")}>
        <Loading
          label={tc(state.step === "checking" ? "checkin.checking" : state.step === "scanning" ? "checkin.scanning" : "checkin.toLogin")}
          minHeight={10}
        />
      </AuthLayout>
    );
  }
  if (state.kind === "failed" && !state.loggedIn) {
    // Not logged in and the scan itself was refused: say why, and what to do, before asking anyone to log in.
    return (
      <AuthLayout title={tc("checkin.title")}>
        <Refused error={state.error} level={2} />
        <a class={buttonClass("primary", "lg", true)} href={`/login?next=${encodeURIComponent(coursePaths.checkin)}`}>
          {tc("checkin.manual.title")}
        </a>
      </AuthLayout>
    );
  }
  return (
    <AppShell title={tc("checkin.title")} requiredRole="member">
      {() => (
        <div class={styles.page}>
          {state.kind === "done" ? (
            <Success result={state.result} />
          ) : (
            <>
              <Refused error={state.error} />
              <CodeForm />
            </>
          )}
        </div>
      )}
    </AppShell>
  );
}

/** Why the check-in did not go through, and what to do next, in plain words. */
function Refused({ error, level = 1 }: { error: ApiError; level?: 1 | 2 }) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <section class={styles.refused} role="alert" aria-labelledby="refused-title">
      <span class={styles.refusedIcon}>
        <Icon name="xCircle" size={2.25} />
      </span>
      <Heading id="refused-title" class={styles.refusedTitle}>
        {tc("checkin.failed")}
      </Heading>
      <p class={styles.refusedMessage}>{error.message}</p>
      {error.status === 422 || error.status === 0 ? <p class={styles.refusedNext}>{tc("checkin.whatNext")}</p> : null}
      {error.status >= 500 && error.requestId ? <p class={styles.meta}>{tc("error.requestId", { id: error.requestId })}</p> : null}
    </section>
  );
}

/** 签到成功: big and unmistakable, with the session, the time and the hours it credited. The same on a second check-in. */
function Success({ result }: { result: CheckInResult }) {
  const { data } = useResource<CourseSessionResponse>(`/api/sessions/${encodeURIComponent(result.sessionId)}`);
  const session = data?.session;
  return (
    <section class={styles.success} aria-labelledby="success-title">
      <span class={styles.successIcon}>
        <Icon name="checkCircle" size={3.5} strokeWidth={2} />
      </span>
      <h1 id="success-title" class={styles.successTitle} tabIndex={-1}>
        {tc("checkin.success")}
      </h1>
      {!result.created ? <p class={styles.already}>{tc("checkin.already")}</p> : null}
      <p class={styles.sessionTitle}>{result.title}</p>
      {session ? <p class={styles.sessionTime}>{formatSessionTime(session.startsAt, session.endsAt)}</p> : null}
      <dl class={styles.facts}>
        <div>
          <dt>{tc("checkin.at")}</dt>
          <dd>
            <time dateTime={new Date(result.checkedInAt).toISOString()}>{formatClock(result.checkedInAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{tc("checkin.creditLabel")}</dt>
          <dd class={styles.credit}>{tc("checkin.credit", { hours: hoursText(result.hoursTenths) })}</dd>
        </div>
      </dl>
      {result.walkIn ? <p class={styles.walkIn}>{tc("checkin.walkIn")}</p> : null}
      <div class={styles.successActions}>
        <a class={buttonClass("primary", "lg", true)} href={coursePaths.session(result.sessionId)}>
          {tc("checkin.toSession")}
        </a>
        <a class={buttonClass("secondary", "lg", true)} href={coursePaths.study}>
          {tc("checkin.toStudy")}
        </a>
      </div>
      <span class="visually-hidden" role="status">
        {tc("checkin.success")}，{result.title}，{formatMoment(result.checkedInAt)}
      </span>
    </section>
  );
}

function ManualPage() {
  const [result, setResult] = useState<CheckInResult | null>(null);
  return (
    <div class={styles.page}>
      {result ? (
        <Success result={result} />
      ) : (
        <>
          <PageHeader title={tc("checkin.title")} />
          <CourseTabs />
          <CodeForm onDone={setResult} intro />
        </>
      )}
    </div>
  );
}

/**
 * The 6-digit code as the screen shows it: big digits, the numeric keypad, and the one-time-code
 * hint so a phone may offer it. The server finds the session open now that the code belongs to.
 */
function CodeForm({ onDone, intro = false }: { onDone?: (result: CheckInResult) => void; intro?: boolean }) {
  const [code, setCode] = useState("");
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<CheckInResult | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const send = useAction((value: string) => api.post<CheckInResult>("/api/check-ins", { code: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setInvalid(true);
      input.current?.focus();
      return;
    }
    setInvalid(false);
    const result = await send.run(code);
    if (!result) {
      input.current?.select();
      return;
    }
    if (onDone) onDone(result);
    else setDone(result);
  };

  if (done) return <Success result={done} />;
  return (
    <section class={styles.codeCard} aria-labelledby="code-title">
      <h2 id="code-title" class={styles.codeTitle}>
        {tc("checkin.manual.title")}
      </h2>
      {intro ? <p class={styles.codeIntro}>{tc("checkin.manual.intro")}</p> : null}
      <form class={styles.codeForm} onSubmit={submit} noValidate>
        <label class={styles.codeLabel} for="checkin-code">
          {tc("checkin.code.label")}
        </label>
        <input
          ref={input}
          id="checkin-code"
          class={codeInput.input}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          enterKeyHint="done"
          placeholder="000000"
          value={code}
          onInput={(event) => {
            const digits = event.currentTarget.value.replace(/\D/g, "").slice(0, 6);
            event.currentTarget.value = digits;
            setCode(digits);
            if (invalid && digits.length === 6) setInvalid(false);
          }}
          aria-invalid={invalid || send.error ? "true" : undefined}
          aria-describedby={`checkin-code-hint${invalid ? " checkin-code-error" : ""}`}
        />
        {invalid ? <FieldError id="checkin-code-error" message={tc("checkin.code.invalid")} /> : null}
        <p id="checkin-code-hint" class={styles.codeHint}>
          {tc("checkin.code.hint")}
        </p>
        {send.error ? (
          <Notice tone="error" requestId={send.error.status >= 500 ? send.error.requestId : undefined}>
            {send.error.message}
          </Notice>
        ) : null}
        <Button type="submit" variant="primary" size="lg" block pending={send.pending} pendingLabel={tc("checkin.checking")}>
          {tc("checkin.code.submit")}
        </Button>
      </form>
    </section>
  );
}

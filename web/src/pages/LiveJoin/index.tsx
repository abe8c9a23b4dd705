import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Button, buttonClass } from "../../components/Button";
import codeInput from "../../components/CodeInput/style.module.css";
import { FieldError } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { tl } from "../../i18n/live.zh-CN";
import { ApiError, api } from "../../lib/api";
import type { JoinLiveRoomResult } from "../../lib/types";
import styles from "./style.module.css";

const PIN = /^\d{6}$/;

/**
 * 加入现场赛: the 6-digit PIN the host shows on the projector, typed in big digits on the numeric
 * keypad, or already in the address when the phone scanned the projector's QR (`/live?pin=…`),
 * which joins at once. A phone that is not logged in goes to the login first and comes back here
 * (the app's 401 handling keeps the address, PIN included). A member outside the round's players
 * is told so, in words, and may watch as audience.
 */
export default function LiveJoin() {
  return <AppShell title={tl("live.join.title")}>{() => <JoinPage />}</AppShell>;
}

function JoinPage() {
  const { query, route } = useLocation();
  const fromQr = PIN.test(query.pin ?? "") ? (query.pin as string) : "";
  const [pin, setPin] = useState(fromQr);
  const [invalid, setInvalid] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notPlayer, setNotPlayer] = useState<JoinLiveRoomResult | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const autoJoined = useRef(false);

  const join = async (value: string) => {
    setPending(true);
    setError(null);
    setNotPlayer(null);
    try {
      const result = await api.post<JoinLiveRoomResult>("/api/live/join", { pin: value });
      if (result.roles.includes("player")) {
        route(`/live/${encodeURIComponent(result.roundId)}`);
        return;
      }
      setNotPlayer(result);
    } catch (err) {
      // A 401 is on its way to the login page (and back here); anything else is said on this page.
      if (err instanceof ApiError && err.status === 401) return;
      setError(err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", tl("error.unexpected")));
      requestAnimationFrame(() => input.current?.select());
    } finally {
      setPending(false);
    }
  };

  useEffect(() => {
    // Scanned from the projector: straight in, once.
    if (fromQr && !autoJoined.current) {
      autoJoined.current = true;
      void join(fromQr);
    }
  }, [fromQr]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!PIN.test(pin)) {
      setInvalid(true);
      input.current?.focus();
      return;
    }
    setInvalid(false);
    void join(pin);
  };

  if (notPlayer) {
    return (
      <div class={styles.page}>
        <section class={styles.card} aria-labelledby="not-player-title">
          <span class={styles.icon}>
            <Icon name="info" size={2.25} />
          </span>
          <h1 id="not-player-title" class={styles.title}>
            {tl("live.join.notPlayer.title")}
          </h1>
          <p class={styles.body}>{tl("live.join.notPlayer.body", { contest: notPlayer.contest.title, round: notPlayer.round.name })}</p>
          <div class={styles.actions}>
            <a class={buttonClass("primary", "lg", true)} href={`/live/${encodeURIComponent(notPlayer.roundId)}?as=audience`}>
              <Icon name="eye" />
              <span>{tl("live.join.asAudience")}</span>
            </a>
            <Button
              variant="secondary"
              size="lg"
              block
              onClick={() => {
                setNotPlayer(null);
                setPin("");
                route("/live", true);
              }}
            >
              {tl("live.join.again")}
            </Button>
          </div>
        </section>
      </div>
    );
  }

  return (
    <div class={styles.page}>
      <section class={styles.card} aria-labelledby="join-title">
        <span class={styles.icon}>
          <Icon name="trophy" size={2.25} />
        </span>
        <h1 id="join-title" class={styles.title}>
          {tl("live.join.heading")}
        </h1>
        <p class={styles.body}>{tl("live.join.intro")}</p>
        <form class={styles.form} onSubmit={submit} noValidate>
          <label class={styles.label} for="live-pin">
            {tl("live.join.pin.label")}
          </label>
          <input
            ref={input}
            id="live-pin"
            class={codeInput.input}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9]*"
            maxLength={6}
            enterKeyHint="go"
            placeholder="000000"
            value={pin}
            onInput={(event) => {
              const digits = event.currentTarget.value.replace(/\D/g, "").slice(0, 6);
              event.currentTarget.value = digits;
              setPin(digits);
              if (invalid && digits.length === 6) setInvalid(false);
              if (error) setError(null);
            }}
            aria-invalid={invalid || error ? "true" : undefined}
            aria-describedby={`live-pin-hint${invalid ? " live-pin-error" : ""}${error ? " live-join-error" : ""}`}
          />
          {invalid ? <FieldError id="live-pin-error" message={tl("live.join.pin.invalid")} /> : null}
          <p id="live-pin-hint" class={styles.hint}>
            {tl("live.join.pin.hint")}
          </p>
          {error ? (
            <Notice
              id="live-join-error"
              tone="error"
              title={tl("live.join.failed")}
              requestId={error.status >= 500 ? error.requestId : undefined}
            >
              {error.message}
              {error.status === 404 || error.status === 0 ? <span class={styles.next}>{tl("live.join.whatNext")}</span> : null}
            </Notice>
          ) : null}
          <Button type="submit" variant="primary" size="lg" block pending={pending} pendingLabel={tl("live.join.joining")}>
            {tl("live.join.submit")}
          </Button>
        </form>
      </section>
    </div>
  );
}

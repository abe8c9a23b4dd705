import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthLayout, authStyles as styles } from "../../components/AuthLayout";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { t } from "../../i18n";
import { ApiError, api, errorMessage } from "../../lib/api";
import { safeNext, setMe } from "../../lib/session";
import type { LoginBody, SessionResponse } from "../../lib/types";
import { isPhone, normalizePhone } from "../../lib/validate";

type Errors = { login?: string; password?: string };

export default function Login() {
  const { route, query } = useLocation();
  const [phone, setPhone] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const phoneRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t("login.title")} · ${t("app.name")}`;
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const login = normalizePhone(phone);
    const next: Errors = {};
    if (!isPhone(login)) next.login = t("validation.phone");
    if (!password) next.password = t("validation.password.required");
    setErrors(next);
    setFormError(null);
    if (next.login) return phoneRef.current?.focus();
    if (next.password) return passwordRef.current?.focus();

    setPending(true);
    try {
      const result = await api.post<SessionResponse>("/api/auth/login", { login, password } satisfies LoginBody);
      setMe(result.user);
      route(safeNext(query.next), true);
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", errorMessage(err));
      const fields = apiError.fieldErrors;
      setErrors({ login: fields.login, password: fields.password });
      // A message shown beside its field is not repeated above the form.
      setFormError(fields.login || fields.password ? null : apiError);
      setPending(false);
    }
  };

  return (
    <AuthLayout
      title={t("login.heading")}
      footer={
        <>
          {t("login.noAccount")}
          <a href="/activate" class={styles.link}>
            {t("login.activateLink")}
          </a>
        </>
      }
    >
      <form class={styles.form} onSubmit={submit} noValidate>
        {/* A phone that scanned a check-in QR before logging in: its scan is already recorded. */}
        {!formError && query.next?.startsWith("/check-in") ? <Notice tone="info">{t("login.checkinPending")}</Notice> : null}
        {!formError && query.next?.startsWith("/live") ? <Notice tone="info">{t("login.livePending")}</Notice> : null}
        {formError ? (
          <Notice tone="error" requestId={formError.status >= 500 ? formError.requestId : undefined}>
            {formError.message}
          </Notice>
        ) : null}
        <TextField
          label={t("login.phone")}
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          name="login"
          maxLength={13}
          placeholder={t("login.phonePlaceholder")}
          value={phone}
          onValue={setPhone}
          error={errors.login}
          inputRef={phoneRef}
        />
        <TextField
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          name="password"
          value={password}
          onValue={setPassword}
          error={errors.password}
          inputRef={passwordRef}
        />
        <p class={styles.note}>{t("login.forgot")}</p>
        <div class={styles.actions}>
          <Button type="submit" variant="primary" size="lg" block pending={pending} pendingLabel={t("login.pending")}>
            {t("login.submit")}
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}

import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthLayout, authStyles as styles } from "../../components/AuthLayout";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { t } from "../../i18n";
import { ApiError, api, errorMessage } from "../../lib/api";
import { setMe } from "../../lib/session";
import type { ActivateBody, SessionResponse } from "../../lib/types";
import { isPhone, isStrongPassword, normalizePhone } from "../../lib/validate";

type Errors = { login?: string; code?: string; password?: string; confirm?: string };

export default function Activate() {
  const { route, query } = useLocation();
  const [phone, setPhone] = useState(query.phone ?? "");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    document.title = `${t("activate.title")} · ${t("app.name")}`;
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const login = normalizePhone(phone);
    const next: Errors = {};
    if (!isPhone(login)) next.login = t("validation.phone");
    if (!code.trim()) next.code = t("validation.code");
    if (!isStrongPassword(password)) next.password = t("validation.password.rule");
    if (password !== confirm) next.confirm = t("validation.password.mismatch");
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0) {
      const first = (["login", "code", "password", "confirm"] as const).find((key) => next[key]);
      (document.querySelector(`[name="${first}"]`) as HTMLInputElement | null)?.focus();
      return;
    }

    setPending(true);
    try {
      const result = await api.post<SessionResponse>("/api/auth/activate", { login, code: code.trim(), password } satisfies ActivateBody);
      setMe(result.user);
      route("/", true);
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", errorMessage(err));
      const fields = apiError.fieldErrors;
      setErrors({ login: fields.login, code: fields.code, password: fields.password });
      // A message shown beside its field is not repeated above the form.
      setFormError(fields.login || fields.code || fields.password ? null : apiError);
      setPending(false);
    }
  };

  return (
    <AuthLayout
      compact
      title={t("activate.title")}
      footer={
        <>
          {t("activate.haveAccount")}
          <a href="/login" class={styles.link}>
            {t("activate.loginLink")}
          </a>
        </>
      }
    >
      <form class={styles.form} onSubmit={submit} noValidate>
        <p class={styles.note}>{t("activate.intro")}</p>
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
        />
        <TextField
          label={t("activate.code")}
          autoComplete="one-time-code"
          autoCapitalize="off"
          spellcheck={false}
          name="code"
          value={code}
          onValue={setCode}
          error={errors.code}
          hint={t("activate.codeHint")}
        />
        <TextField
          label={t("activate.password")}
          type="password"
          autoComplete="new-password"
          name="password"
          value={password}
          onValue={setPassword}
          error={errors.password}
          hint={t("validation.password.rule")}
        />
        <TextField
          label={t("activate.passwordConfirm")}
          type="password"
          autoComplete="new-password"
          name="confirm"
          value={confirm}
          onValue={setConfirm}
          error={errors.confirm}
        />
        <div class={styles.actions}>
          <Button type="submit" variant="primary" size="lg" block pending={pending} pendingLabel={t("activate.pending")}>
            {t("activate.submit")}
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}

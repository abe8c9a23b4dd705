import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { RoleSwitch } from "../../components/RoleSwitch";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import { ApiError, api } from "../../lib/api";
import { deviceName, formatDateTime, isoTime, orgKindLabel, roleLabel } from "../../lib/format";
import { availableRoles, clearMe, setActiveRole, useActiveRole } from "../../lib/session";
import type { ChangePasswordBody, Me, Ok, SessionList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import { isStrongPassword } from "../../lib/validate";
import styles from "./style.module.css";

export default function Account() {
  return <AppShell title={t("account.title")}>{(me) => <AccountPage me={me} />}</AppShell>;
}

function AccountPage({ me }: { me: Me }) {
  const role = useActiveRole(me);
  const roles = availableRoles(me);
  const [sessionsVersion, setSessionsVersion] = useState(0);
  return (
    <div class={styles.page}>
      <PageHeader title={t("account.title")} />
      <section class={styles.card} aria-labelledby="profile-title">
        <h2 id="profile-title" class={styles.cardTitle}>
          {t("account.profile")}
        </h2>
        <div class={styles.profile}>
          <span class={styles.avatar} aria-hidden="true">
            {me.name.slice(-2)}
          </span>
          <dl class={styles.facts}>
            <div>
              <dt>{t("account.name")}</dt>
              <dd>
                {me.name}
                {me.isAdmin ? (
                  <Badge tone="gold" class={styles.adminBadge}>
                    {t("account.admin")}
                  </Badge>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>{t("account.phone")}</dt>
              <dd class="num">{me.phone}</dd>
            </div>
          </dl>
        </div>
        {roles.length > 1 ? (
          <div class={styles.roleBlock}>
            <RoleSwitch roles={roles} value={role} onChange={setActiveRole} />
            <p class={styles.hint}>{t("account.switchRoleHint")}</p>
          </div>
        ) : null}
      </section>

      <section class={styles.card} aria-labelledby="orgs-title">
        <h2 id="orgs-title" class={styles.cardTitle}>
          {t("account.orgs")}
        </h2>
        {me.memberships.length === 0 ? (
          <p class={styles.hint}>{t("account.orgsEmpty")}</p>
        ) : (
          <ul class={styles.rows}>
            {me.memberships.map((m) => (
              <li key={m.membershipId} class={styles.row}>
                <span class={styles.rowMain}>
                  <span class={styles.rowTitle}>{m.orgName}</span>
                  <span class={styles.rowMeta}>
                    <Badge tone="red">{orgKindLabel(m.orgKind)}</Badge>
                    <span>{roleLabel(m.role)}</span>
                    <span aria-hidden="true">·</span>
                    <span>{m.title}</span>
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
        {me.alliances.length > 0 ? (
          <div class={styles.alliances}>
            <h3 class={styles.subTitle}>{t("account.alliances")}</h3>
            <ul class={styles.chips}>
              {me.alliances.map((a) => (
                <li key={a.id}>
                  <Badge tone="gold" icon="link">
                    {a.name}
                  </Badge>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <ChangePassword phone={me.phone} onChanged={() => setSessionsVersion((v) => v + 1)} />
      <Sessions key={sessionsVersion} />
      <Logout />
    </div>
  );
}

type PasswordErrors = { currentPassword?: string; newPassword?: string; confirm?: string };

function ChangePassword({ phone, onChanged }: { phone: string; onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: PasswordErrors = {};
    if (!current) found.currentPassword = t("validation.password.required");
    if (!isStrongPassword(next)) found.newPassword = t("validation.password.rule");
    if (next !== confirm) found.confirm = t("validation.password.mismatch");
    setErrors(found);
    setFailure(null);
    setDone(false);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      await api.post<Ok>("/api/auth/password", { currentPassword: current, newPassword: next } satisfies ChangePasswordBody);
      setCurrent("");
      setNext("");
      setConfirm("");
      setDone(true);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors;
        setErrors({ currentPassword: fields.currentPassword, newPassword: fields.newPassword });
        setFailure(err);
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <section class={styles.card} aria-labelledby="password-title">
      <h2 id="password-title" class={styles.cardTitle}>
        {t("account.changePassword")}
      </h2>
      <form class={styles.form} onSubmit={submit} noValidate>
        {failure && !failure.fieldErrors.currentPassword && !failure.fieldErrors.newPassword ? (
          <Notice tone="error" requestId={failure.status >= 500 ? failure.requestId : undefined}>
            {failure.message}
          </Notice>
        ) : null}
        {done ? <Notice tone="success">{t("account.passwordChanged")}</Notice> : null}
        {/* A hidden username lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={phone} hidden readOnly />
        <TextField
          label={t("account.currentPassword")}
          type="password"
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
          error={errors.currentPassword}
        />
        <TextField
          label={t("account.newPassword")}
          type="password"
          autoComplete="new-password"
          value={next}
          onValue={setNext}
          error={errors.newPassword}
          hint={t("validation.password.rule")}
        />
        <TextField
          label={t("account.newPasswordConfirm")}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={errors.confirm}
        />
        <div class={styles.formActions}>
          <Button type="submit" variant="primary" pending={pending} pendingLabel={t("common.saving")}>
            {t("account.changePassword")}
          </Button>
        </div>
      </form>
    </section>
  );
}

function Sessions() {
  const { data, error, loading, reload } = useResource<SessionList>("/api/auth/sessions");
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const sessions = [...(data?.sessions ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);

  const signOut = async (id: string) => {
    setBusy(id);
    setFailure(null);
    try {
      await api.delete<Ok>(`/api/auth/sessions/${encodeURIComponent(id)}`);
      reload();
    } catch (err) {
      if (err instanceof ApiError) setFailure(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class={styles.card} aria-labelledby="sessions-title">
      <h2 id="sessions-title" class={styles.cardTitle}>
        {t("account.sessions")}
      </h2>
      <p class={styles.hint}>{t("account.sessionsIntro")}</p>
      {failure ? <Notice tone="error">{failure.message}</Notice> : null}
      {error ? (
        <Notice tone="error" requestId={error.requestId} action={<Button onClick={reload}>{t("common.retry")}</Button>}>
          {error.message}
        </Notice>
      ) : loading && !data ? (
        <Loading label={t("app.loading")} minHeight={6} />
      ) : (
        <ul class={styles.rows}>
          {sessions.map((s) => {
            const mobile = s.userAgent ? /iPhone|Android|Mobile/.test(s.userAgent) : false;
            return (
              <li key={s.id} class={styles.row}>
                <span class={styles.deviceIcon}>
                  <Icon name={mobile ? "phone" : "monitor"} />
                </span>
                <span class={styles.rowMain}>
                  <span class={styles.rowTitle}>
                    {deviceName(s.userAgent)}
                    {s.current ? (
                      <Badge tone="green" icon="check">
                        {t("account.thisDevice")}
                      </Badge>
                    ) : null}
                  </span>
                  <span class={styles.rowMeta}>
                    <time dateTime={isoTime(s.lastSeenAt)}>{t("account.lastSeen", { time: formatDateTime(s.lastSeenAt) })}</time>
                    <span aria-hidden="true">·</span>
                    <time dateTime={isoTime(s.createdAt)}>{t("account.signedInAt", { time: formatDateTime(s.createdAt) })}</time>
                  </span>
                </span>
                {s.current ? null : (
                  <Button
                    size="sm"
                    variant="danger"
                    pending={busy === s.id}
                    pendingLabel={t("account.signingOut")}
                    disabled={busy !== null && busy !== s.id}
                    onClick={() => void signOut(s.id)}
                    aria-label={`${t("account.signOutDevice")}：${deviceName(s.userAgent)}`}
                  >
                    {t("account.signOutDevice")}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Logout() {
  const { route } = useLocation();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const logout = async () => {
    setPending(true);
    setFailure(null);
    try {
      await api.post<Ok>("/api/auth/logout", {});
      clearMe();
      route("/login", true);
    } catch (err) {
      if (err instanceof ApiError) setFailure(err);
      setPending(false);
    }
  };
  return (
    <section class={styles.logout}>
      {failure ? <Notice tone="error">{failure.message}</Notice> : null}
      <Button
        variant="danger"
        size="lg"
        block
        icon="logout"
        pending={pending}
        pendingLabel={t("account.logoutPending")}
        onClick={() => void logout()}
      >
        {t("account.logout")}
      </Button>
    </section>
  );
}

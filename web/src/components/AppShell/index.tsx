import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../i18n";
import { roleLabel } from "../../lib/format";
import { activeRole, availableRoles, loadMe, setActiveRole, useActiveRole, useSession } from "../../lib/session";
import type { Me, Role } from "../../lib/types";
import { Button } from "../Button";
import { Icon } from "../Icon";
import { LogoMark } from "../Logo";
import { Notice } from "../Notice";
import { RoleSwitch } from "../RoleSwitch";
import { Loading } from "../Spinner";
import { activeKey, navByRole } from "./nav";
import styles from "./style.module.css";

type Props = {
  /** The page's name: the phone's top bar and the document title (may depend on the role in use). */
  title: string | ((role: Role) => string);
  /** The page is for this role; a person who holds it is switched to it, anyone else sees why not. */
  requiredRole?: Role;
  /** A screen that needs all of it (a timed attempt, a printable certificate): no navigation to tap away by accident. */
  focused?: boolean;
  children: (me: Me) => ComponentChildren;
};

/**
 * The signed-in frame: side navigation by task on a laptop, a bottom tab bar on a phone. It owns
 * the session check, so a page only renders once it knows who is looking.
 */
export function AppShell({ title: titleFor, requiredRole: role, focused, children }: Props) {
  const session = useSession();
  const me = session.me;
  const current = useActiveRole(me);
  const title = typeof titleFor === "function" ? titleFor(current) : titleFor;
  const holdsRole = me && role ? availableRoles(me).includes(role) : true;

  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`;
  }, [title]);

  useEffect(() => {
    // A deep link to an organizer page switches a person who is also an organizer into that role.
    if (me && role && holdsRole && activeRole(me) !== role) setActiveRole(role);
  }, [me, role, holdsRole]);

  if (session.status === "loading" || session.status === "anonymous") {
    return (
      <div class={styles.boot}>
        <Loading label={t("app.loading")} minHeight={20} />
      </div>
    );
  }
  if (session.status === "error") {
    return (
      <div class={styles.boot}>
        <Notice
          tone="error"
          title={t("common.loadFailed")}
          requestId={session.error.requestId}
          action={
            <Button variant="primary" icon="refresh" onClick={() => void loadMe()}>
              {t("common.retry")}
            </Button>
          }
        >
          {session.error.message}
        </Notice>
      </div>
    );
  }

  const user = session.me;
  if (focused) {
    return (
      <main id="main" class={styles.focused} tabIndex={-1}>
        {holdsRole ? (
          children(user)
        ) : (
          <Notice tone="warning" title={title}>
            {t("forbidden.body")}
          </Notice>
        )}
      </main>
    );
  }
  return (
    <div class={styles.shell}>
      <a class="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <Sidebar me={user} role={current} />
      <header class={styles.topbar}>
        <LogoMark size={1.75} />
        <span class={styles.topbarTitle}>{title}</span>
        <span class={styles.topbarRole}>{roleLabel(current)}</span>
      </header>
      <main id="main" class={styles.main} tabIndex={-1}>
        {holdsRole ? (
          children(user)
        ) : (
          <Notice tone="warning" title={title}>
            {t("forbidden.body")}
          </Notice>
        )}
      </main>
      <TabBar role={current} />
    </div>
  );
}

/** Switch the role in use; a page the new role has no place for gives way to its home. */
export function useSwitchRole() {
  const { path, route } = useLocation();
  return (role: Role) => {
    setActiveRole(role);
    if (!activeKey(navByRole[role], path)) route("/");
  };
}

function Sidebar({ me, role }: { me: Me; role: Role }) {
  const { path } = useLocation();
  const switchRole = useSwitchRole();
  const items = navByRole[role];
  const active = activeKey(items, path);
  const roles = availableRoles(me);
  const main = items.filter((item) => item.key !== "me");
  return (
    <aside class={styles.sidebar}>
      <a class={styles.brand} href="/">
        <LogoMark size={2.25} />
        <span class={styles.brandText}>
          <span class={styles.brandName}>{t("app.name")}</span>
          <span class={styles.brandSub}>{t("app.subtitle")}</span>
        </span>
      </a>
      {roles.length > 1 ? (
        <div class={styles.roleSwitch}>
          <RoleSwitch roles={roles} value={role} onChange={switchRole} compact />
        </div>
      ) : null}
      <nav class={styles.nav} aria-label={t("nav.main")}>
        <ul>
          {main.map((item) =>
            item.href ? (
              <li key={item.key}>
                <a class={styles.navItem} href={item.href} aria-current={active === item.key ? "page" : undefined}>
                  <Icon name={item.icon} />
                  <span>{t(item.label)}</span>
                </a>
              </li>
            ) : (
              <li key={item.key}>
                <span class={[styles.navItem, styles.navSoon].join(" ")} aria-disabled="true">
                  <Icon name={item.icon} />
                  <span>{t(item.label)}</span>
                  <span class={styles.soonTag}>{t("common.comingSoon")}</span>
                </span>
              </li>
            ),
          )}
        </ul>
      </nav>
      <a class={styles.account} href="/me" aria-current={active === "me" ? "page" : undefined}>
        <span class={styles.avatar} aria-hidden="true">
          {me.name.slice(-2)}
        </span>
        <span class={styles.accountText}>
          <span class={styles.accountName}>{me.name}</span>
          <span class={styles.accountRole}>
            {t("nav.me")} · {roleLabel(role)}
          </span>
        </span>
        <Icon name="chevronRight" size={1} />
      </a>
    </aside>
  );
}

function TabBar({ role }: { role: Role }) {
  const { path } = useLocation();
  const items = navByRole[role];
  const active = activeKey(items, path);
  const tabs = items.filter((item) => item.href && item.tab);
  return (
    <nav class={styles.tabbar} aria-label={t("nav.main")}>
      {tabs.map((item) => (
        <a key={item.key} class={styles.tab} href={item.href} aria-current={active === item.key ? "page" : undefined}>
          <Icon name={item.icon} size={1.375} />
          <span>{t(item.tab ?? item.label)}</span>
        </a>
      ))}
    </nav>
  );
}

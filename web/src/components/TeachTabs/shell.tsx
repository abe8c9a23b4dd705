import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { AppShell } from "../../components/AppShell";
import { Notice } from "../../components/Notice";
import { t } from "../../i18n";
import { activeRole, availableRoles, setActiveRole, useSession } from "../../lib/session";
import type { Me, Role } from "../../lib/types";

/** Lecturers and organizers write and run courses; a person who is neither sees why not. */
export function teachRoles(me: Me): Role[] {
  return availableRoles(me).filter((role) => role === "lecturer" || role === "organizer");
}

/**
 * The frame of the lecturer/organizer course pages: both roles use them, so the shell asks for
 * neither; a person acting as a member who also lectures or organizes is switched to that role
 * (lecturer first: it is the one these pages are about), so the side navigation matches.
 */
export function TeachShell({
  title,
  requiredRole: role,
  focused,
  children,
}: {
  title: string;
  /** Only this role (review and corrections are an organizer's). */
  requiredRole?: Role;
  focused?: boolean;
  children: (me: Me) => ComponentChildren;
}) {
  const me = useSession().me;
  useEffect(() => {
    if (!me || role) return;
    const roles = teachRoles(me);
    const current = activeRole(me);
    if (roles.length > 0 && !roles.includes(current)) setActiveRole(roles[0] as Role);
  }, [me, role]);
  return (
    <AppShell title={title} requiredRole={role} focused={focused}>
      {(user) =>
        teachRoles(user).length === 0 ? (
          <Notice tone="warning" title={title}>
            {t("forbidden.body")}
          </Notice>
        ) : (
          children(user)
        )
      }
    </AppShell>
  );
}

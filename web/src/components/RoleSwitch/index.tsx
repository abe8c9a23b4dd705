import { useId } from "preact/hooks";
import { t } from "../../i18n";
import { roleLabel } from "../../lib/format";
import type { Role } from "../../lib/types";
import styles from "./style.module.css";

type Props = { roles: Role[]; value: Role; onChange: (role: Role) => void; compact?: boolean };

/** A segmented control for the role a person acts in; radios underneath, so arrow keys work. */
export function RoleSwitch({ roles, value, onChange, compact }: Props) {
  const name = useId();
  return (
    <fieldset class={[styles.switch, compact ? styles.compact : ""].join(" ")}>
      <legend class={styles.legend}>{t("role.switch")}</legend>
      <div class={styles.options}>
        {roles.map((role) => (
          <label key={role} class={styles.option}>
            <input type="radio" name={name} value={role} checked={role === value} onChange={() => onChange(role)} />
            <span>{roleLabel(role)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

import { useMemo } from "preact/hooks";
import { SelectField } from "../../components/Field";
import { tr } from "../../i18n/reports.zh-CN";
import { orgKindLabel } from "../../lib/format";
import { buildTree, flatten } from "../../lib/org-tree";
import { shanghaiYear } from "../../lib/reports";
import type { Org, OrgList } from "../../lib/types";
import { type Resource, useResource } from "../../lib/use-resource";
import styles from "./org-page.module.css";

export type ManagedOrgs = {
  resource: Resource<OrgList>;
  /** Orgs the caller manages, in tree order, indented by depth for a select. */
  options: { value: string; label: string }[];
  /** The org to show: the one asked for in the link when the caller manages it, else the first they manage. */
  selected: Org | undefined;
};

/**
 * The orgs an organizer can pick on the plan, points and report pages: every org of GET /api/orgs
 * they manage (their own and the sub-orgs below), so a committee's organizer can open a branch.
 */
export function useManagedOrgs(requested: string | undefined): ManagedOrgs {
  const resource = useResource<OrgList>("/api/orgs");
  const orgs = resource.data?.orgs;
  const picked = useMemo(() => {
    const managed = flatten(buildTree(orgs ?? [])).filter(({ node }) => node.canManage);
    const options = managed.map(({ node, level }) => ({
      value: node.id,
      label: `${"\u3000".repeat(level)}${node.name}（${orgKindLabel(node.kind)}）`,
    }));
    const selected = managed.find(({ node }) => node.id === requested)?.node ?? managed[0]?.node;
    return { options, selected };
  }, [orgs, requested]);
  return { resource, ...picked };
}

/** The current year and the ones on either side: last year's plan to look back, next year's to prepare. */
export function yearOptions(current: number): { value: string; label: string }[] {
  const now = shanghaiYear();
  const years = new Set([now - 1, now, now + 1, current]);
  return [...years].sort((a, b) => b - a).map((year) => ({ value: String(year), label: tr("planSettings.yearOption", { year }) }));
}

/** The org (and year) pickers at the top of a page. */
export function OrgYearBar({
  options,
  orgId,
  onOrg,
  year,
  onYear,
}: {
  options: { value: string; label: string }[];
  orgId: string;
  onOrg: (id: string) => void;
  year?: number;
  onYear?: (year: number) => void;
}) {
  return (
    <div class={styles.pickers}>
      <SelectField class={styles.orgPicker} label={tr("planSettings.org")} value={orgId} onValue={onOrg} options={options} />
      {year !== undefined && onYear ? (
        <SelectField
          class={styles.yearPicker}
          label={tr("planSettings.year")}
          value={String(year)}
          onValue={(value) => onYear(Number(value))}
          options={yearOptions(year)}
        />
      ) : null}
    </div>
  );
}

import type { ComponentChildren } from "preact";
import { EmptyState } from "../../components/EmptyState";
import { Icon, type IconName } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { PageHeader } from "../../components/PageHeader";
import { tr } from "../../i18n/reports.zh-CN";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./org-page.module.css";
import type { ManagedOrgs } from "./org-picker";

/**
 * The frame of the organizer's org pages (年度学习计划 settings, 积分规则, 报表): the header, then the
 * page for the org picked once the orgs the caller manages have come — or why they have not, or
 * that the caller manages none. `sibling` puts the way back to 学习计划 above the header, and on
 * its right the link across to the sister page for the same org.
 */
export function OrgPage({
  orgs,
  title,
  intro,
  sibling,
  children,
}: {
  orgs: ManagedOrgs;
  title: string;
  intro: string;
  sibling?: { href: (orgId: string) => string; icon: IconName; label: string };
  children: (orgId: string) => ComponentChildren;
}) {
  const orgId = orgs.selected?.id;
  return (
    <div class={[admin.page, styles.page].join(" ")}>
      {sibling ? (
        <div class={styles.topRow}>
          <nav class={admin.crumbs} aria-label={tr("planSettings.crumbs")}>
            <a href="/plans">{tr("planSettings.crumbPlans")}</a>
            <Icon name="chevronRight" size={0.875} />
            <span class={admin.crumbHere}>{title}</span>
          </nav>
          {orgId ? (
            <a class={styles.sideLink} href={sibling.href(orgId)}>
              <Icon name={sibling.icon} size={1} />
              <span>{sibling.label}</span>
            </a>
          ) : null}
        </div>
      ) : null}
      <PageHeader title={title} description={intro} />
      <Loaded data={orgs.resource.data} error={orgs.resource.error} reload={orgs.resource.reload} minHeight={16}>
        {() =>
          orgId ? (
            children(orgId)
          ) : (
            <EmptyState icon="tree" title={tr("planSettings.noOrgs.title")}>
              {tr("planSettings.noOrgs.body")}
            </EmptyState>
          )
        }
      </Loaded>
    </div>
  );
}

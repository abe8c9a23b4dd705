import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Icon } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { Notice } from "../../components/Notice";
import { tr } from "../../i18n/reports.zh-CN";
import { api, query } from "../../lib/api";
import { formatDateTime, hoursFigure } from "../../lib/format";
import { yearFrom } from "../../lib/reports";
import type { ModuleList, PlanRequirement, YearPlan } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { PlanForm } from "./form";
import { OrgPage } from "./org-page";
import { OrgYearBar, useManagedOrgs } from "./org-picker";
import { RatingTable } from "./rating-table";
import styles from "./style.module.css";

export default function PlanSettings() {
  return (
    <AppShell title={tr("planSettings.title")} requiredRole="organizer">
      {() => <SettingsPage />}
    </AppShell>
  );
}

export const planSettingsPath = (orgId: string, year?: number) => `/plans/settings${query({ org: orgId, year })}`;

function SettingsPage() {
  const { query: params, route } = useLocation();
  const year = yearFrom(params.year);
  const orgs = useManagedOrgs(params.org);
  const orgId = orgs.selected?.id;
  const path = orgId ? `/api/orgs/${encodeURIComponent(orgId)}/plans/${year}` : null;
  const plan = useResource<YearPlan>(path);
  // The answer of a save or a reset, shown at once (the GET would say the same).
  const [latest, setLatest] = useState<YearPlan | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [clearing, setClearing] = useState(false);
  useEffect(() => {
    setLatest(null);
    setFlash(null);
  }, [orgId, year]);

  const fresh = latest && latest.orgId === orgId && latest.year === year ? latest : plan.data;
  const current = fresh && fresh.orgId === orgId && fresh.year === year ? fresh : undefined;
  const go = (org: string, y: number) => route(planSettingsPath(org, y), true);

  return (
    <OrgPage
      orgs={orgs}
      title={tr("planSettings.title")}
      intro={tr("planSettings.intro")}
      sibling={{ href: (org) => `/plans/points${query({ org })}`, icon: "trophy", label: tr("planSettings.toPoints") }}
    >
      {(orgId) => (
        <>
          <OrgYearBar options={orgs.options} orgId={orgId} onOrg={(id) => go(id, year)} year={year} onYear={(y) => go(orgId, y)} />
          {flash ? <Notice tone="success">{flash}</Notice> : null}
          {/* A failed refresh after a save or a reset keeps the answer on screen. */}
          <Loaded data={current} error={current ? undefined : plan.error} reload={plan.reload} minHeight={16} warnOn={[403, 404]}>
            {(shown) => (
              <>
                <Floor plan={shown} />
                {shown.canEdit ? (
                  <EditablePlan
                    key={`${shown.orgId}:${shown.year}:${shown.own?.updatedAt ?? "none"}`}
                    plan={shown}
                    onSaved={(saved) => {
                      setLatest(saved);
                      setFlash(tr("planSettings.saved", { year: saved.year }));
                      window.scrollTo(0, 0);
                    }}
                    onClear={() => setClearing(true)}
                  />
                ) : (
                  <ReadOnlyPlan plan={shown} />
                )}
              </>
            )}
          </Loaded>
          {clearing && current ? (
            <ConfirmDialog
              title={current.inherited ? tr("planSettings.clear.title") : tr("planSettings.clear.titleRoot")}
              confirmLabel={current.inherited ? tr("planSettings.clear.confirm") : tr("planSettings.clear.confirmRoot")}
              confirmIcon="trash"
              action={() => api.delete<YearPlan>(`/api/orgs/${encodeURIComponent(current.orgId)}/plans/${current.year}`)}
              onClose={() => setClearing(false)}
              onDone={(cleared) => {
                setClearing(false);
                setLatest(cleared);
                setFlash(cleared.inherited ? tr("planSettings.clear.done") : tr("planSettings.clear.doneRoot"));
              }}
            >
              <p>
                {current.inherited
                  ? tr("planSettings.clear.body", { org: current.orgName, year: current.year })
                  : tr("planSettings.clear.bodyRoot", { org: current.orgName, year: current.year })}
              </p>
            </ConfirmDialog>
          ) : null}
        </>
      )}
    </OrgPage>
  );
}

/** The modules the organizer may require: the published ones among those they manage. */
function EditablePlan(props: { plan: YearPlan; onSaved: (plan: YearPlan) => void; onClear: () => void }) {
  const modules = useResource<ModuleList>("/api/modules");
  const published = (modules.data?.modules ?? []).filter((m) => m.publishedVersion !== null);
  return <PlanForm {...props} modules={published} modulesLoading={!modules.data && !modules.error} />;
}

/** What the plans above ask: the floor this org may only raise. */
function Floor({ plan }: { plan: YearPlan }) {
  const inherited = plan.inherited;
  const status = plan.own ? (
    <Badge tone="green" icon="check">
      {tr("planSettings.status.own", { at: formatDateTime(plan.own.updatedAt) })}
    </Badge>
  ) : inherited ? (
    <Badge tone="blue" icon="link">
      {tr("planSettings.status.inheriting")}
    </Badge>
  ) : (
    <Badge tone="amber" icon="info">
      {tr("planSettings.status.none")}
    </Badge>
  );
  return (
    <section class={admin.card} aria-labelledby="floor-title">
      <div class={admin.cardHead}>
        <h2 id="floor-title" class={admin.sectionTitle}>
          {tr("planSettings.floor.title", { org: plan.orgName, year: plan.year })}
        </h2>
        {status}
      </div>
      {inherited ? (
        <div class={styles.floorBox}>
          <p class={styles.floorFrom}>
            <Icon name="lock" size={1} />
            <span>{tr("planSettings.floor.from", { orgs: inherited.fromOrgs.map((o) => o.name).join("、") })}</span>
          </p>
          <RequirementList req={inherited} />
          <p class={styles.floorRule}>{tr("planSettings.floor.rule")}</p>
        </div>
      ) : (
        <p class={admin.hint}>{tr("planSettings.floor.none", { year: plan.year })}</p>
      )}
      {plan.effective && plan.own ? (
        <div class={styles.effective}>
          <p class={styles.effectiveLabel}>{inherited ? tr("planSettings.effective") : tr("planSettings.effectiveOwn")}</p>
          <RequirementList req={plan.effective} />
        </div>
      ) : null}
    </section>
  );
}

/** A requirement as three lines an organizer reads at a glance: hours (by title), required modules, contests. */
function RequirementList({ req }: { req: PlanRequirement }) {
  // Titles asked the same hours share one phrase: "副书记、委员 56 学时".
  const byHours = new Map<number, string[]>();
  for (const [title, hours] of Object.entries(req.titleHours)) {
    if (hours !== req.hours) byHours.set(hours, [...(byHours.get(hours) ?? []), title]);
  }
  const titles = [...byHours].map(([hours, names]) => tr("planSettings.req.title", { title: names.join("、"), hours: hoursFigure(hours) }));
  return (
    <dl class={styles.reqList}>
      <div>
        <dt>{tr("planSettings.req.hoursLabel")}</dt>
        <dd>{[tr("planSettings.req.hours", { hours: hoursFigure(req.hours) }), ...titles].join("；")}</dd>
      </div>
      <div>
        <dt>{tr("planSettings.req.modulesLabel")}</dt>
        <dd>
          {req.modules.length > 0
            ? tr("planSettings.req.modules", { n: req.modules.length, titles: req.modules.map((m) => `《${m.title}》`).join("") })
            : tr("planSettings.req.noModules")}
        </dd>
      </div>
      <div>
        <dt>{tr("planSettings.req.contestsLabel")}</dt>
        <dd>{req.minContests > 0 ? tr("planSettings.req.contests", { n: req.minContests }) : tr("planSettings.req.noContests")}</dd>
      </div>
    </dl>
  );
}

/** The plan as text and tables for an organizer who may read but not change it (a plan of an org above theirs). */
function ReadOnlyPlan({ plan }: { plan: YearPlan }) {
  const own = plan.own;
  return (
    <section class={admin.card} aria-labelledby="readonly-title">
      <div class={admin.cardHead}>
        <h2 id="readonly-title" class={admin.sectionTitle}>
          {tr("planSettings.readOnly.title")}
        </h2>
        <Badge tone="neutral" icon="lock">
          {tr("planSettings.readOnly.badge")}
        </Badge>
      </div>
      <p class={admin.hint}>{tr("planSettings.readOnly.body")}</p>
      {own ? (
        <dl class={styles.facts}>
          <div>
            <dt>{tr("planSettings.hours")}</dt>
            <dd>{tr("planSettings.hoursValue", { hours: hoursFigure(own.hours) })}</dd>
          </div>
          {Object.entries(own.titleHours).map(([title, hours]) => (
            <div key={title}>
              <dt>{title}</dt>
              <dd>{tr("planSettings.hoursValue", { hours: hoursFigure(hours) })}</dd>
            </div>
          ))}
          <div>
            <dt>{tr("planSettings.minContests")}</dt>
            <dd>{tr("planSettings.roundsValue", { n: own.minContests })}</dd>
          </div>
          <div>
            <dt>{tr("planSettings.targets.trainings")}</dt>
            <dd>{tr("planSettings.timesValue", { n: own.trainingsTarget })}</dd>
          </div>
          <div>
            <dt>{tr("planSettings.targets.lectures")}</dt>
            <dd>{tr("planSettings.timesValue", { n: own.lecturesTarget })}</dd>
          </div>
          <div>
            <dt>{tr("planSettings.targets.microTalks")}</dt>
            <dd>{tr("planSettings.timesValue", { n: own.microTalksTarget })}</dd>
          </div>
        </dl>
      ) : (
        <p class={admin.muted}>{tr("planSettings.readOnly.noOwn")}</p>
      )}
      <RatingTable tiers={plan.rating} caption={tr("planSettings.rating.title")} />
    </section>
  );
}

import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Icon } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { Notice } from "../../components/Notice";
import { tr } from "../../i18n/reports.zh-CN";
import { query } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { shanghaiDate } from "../../lib/reports";
import type { PointsRules, PointsRulesVersion } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { OrgPage } from "../PlanSettings/org-page";
import { OrgYearBar, useManagedOrgs } from "../PlanSettings/org-picker";
import { RulesForm } from "./form";
import styles from "./style.module.css";
import { PointsTotals } from "./totals";

export default function PointsRulesPage() {
  return (
    <AppShell title={tr("pointsRules.title")} requiredRole="organizer">
      {() => <RulesPage />}
    </AppShell>
  );
}

function RulesPage() {
  const { query: params, route } = useLocation();
  const orgs = useManagedOrgs(params.org);
  return (
    <OrgPage
      orgs={orgs}
      title={tr("pointsRules.title")}
      intro={tr("pointsRules.intro")}
      sibling={{ href: (org) => `/plans/settings${query({ org })}`, icon: "calendar", label: tr("pointsRules.toPlan") }}
    >
      {(orgId) => (
        <>
          <OrgYearBar options={orgs.options} orgId={orgId} onOrg={(id) => route(`/plans/points${query({ org: id })}`, true)} />
          <OrgRules key={orgId} orgId={orgId} />
          <PointsTotals orgId={orgId} />
        </>
      )}
    </OrgPage>
  );
}

/** One org's rules; keyed by the org, so a switch starts from a clean slate. */
function OrgRules({ orgId }: { orgId: string }) {
  const rules = useResource<PointsRules>(`/api/orgs/${encodeURIComponent(orgId)}/points-rules`);
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <>
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      <Loaded data={rules.data} error={rules.error} reload={rules.reload} minHeight={16} warnOn={[403]}>
        {(data) => (
          <>
            <CurrentRules rules={data} orgId={orgId} />
            <History rules={data} />
            {data.canEdit ? (
              <RulesForm
                key={`${orgId}:${data.versions[0]?.id ?? "none"}`}
                orgId={orgId}
                current={data.current}
                onSaved={(from) => {
                  setFlash(tr("pointsRules.saved", { date: from }));
                  rules.reload();
                  window.scrollTo(0, 0);
                }}
              />
            ) : (
              <Notice tone="info">{tr("pointsRules.readOnly")}</Notice>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

/** Where today's rules come from: this org, an org above, or the platform's defaults. */
function sourceText(rules: PointsRules, orgId: string): string {
  const current = rules.current;
  if (current.id === "") return tr("pointsRules.source.platform");
  if (current.orgId === orgId) return tr("pointsRules.source.own", { date: shanghaiDate(current.effectiveFrom) });
  return tr("pointsRules.source.inherited", { org: current.orgName, date: shanghaiDate(current.effectiveFrom) });
}

function CurrentRules({ rules, orgId }: { rules: PointsRules; orgId: string }) {
  const c = rules.current;
  return (
    <section class={admin.card} aria-labelledby="current-title">
      <div class={admin.cardHead}>
        <h2 id="current-title" class={admin.sectionTitle}>
          {tr("pointsRules.current.title")}
        </h2>
        <Badge tone={c.id === "" ? "neutral" : c.orgId === orgId ? "green" : "blue"} icon={c.orgId === orgId ? "check" : "link"}>
          {sourceText(rules, orgId)}
        </Badge>
      </div>
      <dl class={styles.values}>
        <Value label={tr("pointsRules.attendance")} value={tr("pointsRules.plus", { n: c.attendance })} />
        <Value label={tr("pointsRules.completion")} value={tr("pointsRules.plus", { n: c.completion })} />
        <Value label={tr("pointsRules.contest")} value={tr("pointsRules.plus", { n: c.contest })} />
        <Value
          label={tr("pointsRules.placement")}
          value={
            c.placementTopN > 0 && c.placementPoints > 0
              ? tr("pointsRules.placementValue", { n: c.placementTopN, points: c.placementPoints })
              : tr("pointsRules.placementNone")
          }
        />
        <Value
          label={tr("pointsRules.ranking")}
          value={c.rankingEnabled ? tr("pointsRules.ranking.on") : tr("pointsRules.ranking.off")}
          icon={c.rankingEnabled ? "chart" : "ban"}
        />
      </dl>
      <div>
        <h3 class={styles.subTitle}>{tr("pointsRules.awards")}</h3>
        {c.awards.length === 0 ? (
          <p class={admin.muted}>{tr("pointsRules.awards.none")}</p>
        ) : (
          <ul class={styles.awardChips}>
            {c.awards.map((award) => (
              <li key={award.name}>
                <span>{award.name}</span>
                <span class={styles.awardPoints}>{tr("pointsRules.plus", { n: award.points })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p class={admin.rule}>
        <Icon name="info" size={1} />
        <span>{tr("pointsRules.earnedBy")}</span>
      </p>
    </section>
  );
}

function Value({ label, value, icon }: { label: string; value: string; icon?: "chart" | "ban" }) {
  return (
    <div class={styles.value}>
      <dt>{label}</dt>
      <dd>
        {icon ? <Icon name={icon} size={1} /> : null}
        {value}
      </dd>
    </div>
  );
}

function versionState(version: PointsRulesVersion, rules: PointsRules): { label: string; tone: "green" | "amber" | "neutral" } {
  if (version.id === rules.current.id) return { label: tr("pointsRules.state.current"), tone: "green" };
  if (version.effectiveFrom > Date.now()) return { label: tr("pointsRules.state.upcoming"), tone: "amber" };
  return { label: tr("pointsRules.state.past"), tone: "neutral" };
}

function History({ rules }: { rules: PointsRules }) {
  return (
    <section class={admin.card} aria-labelledby="history-title">
      <div class={admin.cardHead}>
        <h2 id="history-title" class={admin.sectionTitle}>
          {tr("pointsRules.history.title")}
          <span class={admin.sectionCount}>{tr("pointsRules.history.count", { n: rules.versions.length })}</span>
        </h2>
      </div>
      {rules.versions.length === 0 ? (
        <p class={admin.empty}>{tr("pointsRules.history.empty")}</p>
      ) : (
        <div class={admin.scroll}>
          <table class={[admin.table, styles.history].join(" ")}>
            <thead>
              <tr>
                <th scope="col">{tr("pointsRules.col.from")}</th>
                <th scope="col">{tr("pointsRules.col.state")}</th>
                <th scope="col" class={admin.num}>
                  {tr("pointsRules.col.attendance")}
                </th>
                <th scope="col" class={admin.num}>
                  {tr("pointsRules.col.completion")}
                </th>
                <th scope="col" class={admin.num}>
                  {tr("pointsRules.col.contest")}
                </th>
                <th scope="col">{tr("pointsRules.col.placement")}</th>
                <th scope="col">{tr("pointsRules.col.ranking")}</th>
                <th scope="col">{tr("pointsRules.col.awards")}</th>
                <th scope="col">{tr("pointsRules.col.note")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.versions.map((v) => {
                const state = versionState(v, rules);
                return (
                  <tr key={v.id}>
                    <th scope="row" class="num">
                      {shanghaiDate(v.effectiveFrom)}
                    </th>
                    <td>
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </td>
                    <td class={admin.num}>{v.attendance}</td>
                    <td class={admin.num}>{v.completion}</td>
                    <td class={admin.num}>{v.contest}</td>
                    <td class={admin.nowrap}>
                      {v.placementTopN > 0 && v.placementPoints > 0
                        ? tr("pointsRules.placementShort", { n: v.placementTopN, points: v.placementPoints })
                        : "—"}
                    </td>
                    <td class={admin.nowrap}>
                      {v.rankingEnabled ? tr("pointsRules.ranking.onShort") : tr("pointsRules.ranking.offShort")}
                    </td>
                    <td class={styles.awardsCell}>
                      {v.awards.length === 0
                        ? "—"
                        : v.awards.map((a) => tr("pointsRules.awardShort", { name: a.name, n: a.points })).join("、")}
                    </td>
                    <td class={styles.noteCell}>
                      {v.note ?? <span class={admin.muted}>—</span>}
                      <span class={styles.savedAt}>{tr("pointsRules.savedAt", { at: formatDateTime(v.createdAt) })}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

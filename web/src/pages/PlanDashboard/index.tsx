import { useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { SelectField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { YearSwitch } from "../../components/YearSwitch";
import { td } from "../../i18n/dash.zh-CN";
import { downloadFrom } from "../../lib/download";
import { hoursFigure, orgKindLabel } from "../../lib/format";
import { thisYear, yearFrom } from "../../lib/my-plan";
import { buildTree, firstManageable, flatten } from "../../lib/org-tree";
import type { OrgList, OrgPlanProgress, OrgPlanSummary, RatingTier } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { Section } from "../ContestAdmin/section";
import { SortHeader } from "../ContestAdmin/sort-header";
import { Tile } from "../ContestAdmin/tile";
import { ChildrenChart, TrendChart } from "./charts";
import { isPlanned, percent, planPaths, shareOf, tierLook, tierRule } from "./format";
import { PeopleTable } from "./people";
import styles from "./style.module.css";

export default function PlanDashboard() {
  return (
    <AppShell title={td("dash.title")} requiredRole="organizer">
      {() => <DashboardPage />}
    </AppShell>
  );
}

/**
 * 学习计划: an org's year against its plan, for the organizer who reports on it — headline numbers,
 * completion by sub-org (bars and a sortable table), branch ratings with their thresholds, delivery
 * targets, the monthly trend, and the people behind. `?org=&year=` in the address, so every level
 * of the drill-down is a link and the back button walks back up.
 */
function DashboardPage() {
  const { query: params, route } = useLocation();
  const current = thisYear();
  const year = yearFrom(params.year, current);
  const orgsRes = useResource<OrgList>("/api/orgs");
  const orgs = orgsRes.data?.orgs;
  const orgId = params.org || (orgs ? firstManageable(orgs)?.id : undefined);
  const progress = useResource<OrgPlanProgress>(orgId ? `/api/orgs/${encodeURIComponent(orgId)}/plan-progress?year=${year}` : null);
  const data = progress.data?.org.orgId === orgId && progress.data?.year === year ? progress.data : undefined;
  const go = (org: string, y: number) => route(planPaths.dashboard(org, y));
  const failing = progress.error || params.org ? progress : orgsRes;

  const picker = useMemo(() => {
    if (!orgs) return [];
    return flatten(buildTree(orgs))
      .filter(({ node }) => node.canManage)
      .map(({ node, level }) => ({ value: node.id, label: `${"\u3000".repeat(level)}${node.name}` }));
  }, [orgs]);

  if (orgs && !orgId) {
    return (
      <div class={admin.page}>
        <PageHeader title={td("dash.title")} description={td("dash.intro")} />
        <Notice tone="info">{td("dash.noOrg")}</Notice>
      </div>
    );
  }

  return (
    <div class={admin.page}>
      <PageHeader
        title={td("dash.title")}
        description={td("dash.intro")}
        actions={
          orgId ? (
            <>
              <a class={buttonClass("secondary", "sm")} href={planPaths.settings(orgId, year)}>
                <Icon name="edit" size={1} />
                <span>{td("dash.settings")}</span>
              </a>
              <a class={buttonClass("secondary", "sm")} href={planPaths.points(orgId)}>
                <Icon name="tag" size={1} />
                <span>{td("dash.points")}</span>
              </a>
              <a class={buttonClass("secondary", "sm")} href={planPaths.reports(orgId)}>
                <Icon name="chart" size={1} />
                <span>{td("dash.reports")}</span>
              </a>
            </>
          ) : null
        }
      />

      <div class={styles.toolbar}>
        {picker.length > 1 && orgId ? (
          <SelectField
            class={styles.orgField}
            label={td("dash.org")}
            value={orgId}
            onValue={(value) => go(value, year)}
            options={picker.some((o) => o.value === orgId) ? picker : [{ value: orgId, label: data?.org.name ?? orgId }, ...picker]}
          />
        ) : null}
        <YearSwitch year={year} max={current} onYear={(y) => orgId && go(orgId, y)} />
        {orgId ? <Exports orgId={orgId} year={year} name={data?.org.name ?? ""} /> : null}
      </div>

      {/* Without an org in the address the org list picks one: until it has come, its failure is the one to say. */}
      <Loaded data={data} error={failing.error} reload={failing.reload} minHeight={24}>
        {(shown) => <Dashboard data={shown} />}
      </Loaded>
    </div>
  );
}

function Exports({ orgId, year, name }: { orgId: string; year: number; name: string }) {
  const action = useAction((format: "xlsx" | "csv") =>
    downloadFrom(
      `/api/orgs/${encodeURIComponent(orgId)}/plan-progress/export?year=${year}&format=${format}`,
      `${td("dash.export.file", { org: name, year })}.${format}`,
    ),
  );
  return (
    <div class={styles.exports}>
      <Button size="sm" icon="download" onClick={() => void action.run("xlsx")} disabled={action.pending}>
        {td("dash.export.xlsx")}
      </Button>
      <Button size="sm" icon="download" onClick={() => void action.run("csv")} disabled={action.pending}>
        {td("dash.export.csv")}
      </Button>
      <span class={styles.exportStatus} aria-live="polite">
        {action.pending ? td("dash.export.pending") : ""}
      </span>
      {action.error ? (
        <Notice tone="error" class={styles.exportError} requestId={action.error.requestId}>
          {action.error.message}
        </Notice>
      ) : null}
    </div>
  );
}

function Dashboard({ data }: { data: OrgPlanProgress }) {
  const { org, year } = data;
  const trail = data.trail.filter((item) => item.id !== org.orgId);
  // Without a plan every member "meets" a requirement of nothing: completion and ratings say nothing then.
  const planned = data.children.filter((c) => isPlanned(data, c));
  const branches = planned.filter((c) => c.rating !== null);
  const month = year < thisYear() ? 12 : Math.min(12, Math.max(1, Math.ceil(data.elapsed * 12)));
  const months = data.months.filter((m) => m.month <= month);
  return (
    <>
      <div class={styles.where}>
        <nav class={styles.crumbs} aria-label={td("dash.crumbs")}>
          {trail.map((item) => (
            <span key={item.id} class={styles.crumb}>
              <a href={planPaths.dashboard(item.id, year)}>{item.name}</a>
              <Icon name="chevronRight" size={0.875} />
            </span>
          ))}
          <span class={styles.crumbHere} aria-current="page">
            {org.name}
          </span>
          {org.rating && data.hasPlan ? <RatingBadge rating={data.rating} name={org.rating} /> : null}
        </nav>
        <Pace year={year} elapsed={data.elapsed} />
      </div>

      {data.hasPlan ? null : (
        <Notice
          tone="info"
          title={td("dash.noPlan.title", { org: org.name, year })}
          action={
            <a class={buttonClass("primary", "sm")} href={planPaths.settings(org.orgId, year)}>
              <Icon name="edit" size={1} />
              <span>{td("dash.noPlan.action")}</span>
            </a>
          }
        >
          {td("dash.noPlan.body")}
        </Notice>
      )}

      <Tiles data={data} />

      {data.children.length > 0 ? (
        <Section id="children" title={td("dash.children.title")} count={td("dash.children.count", { n: data.children.length })}>
          {planned.length > 0 ? <ChildrenChart items={planned} /> : <p class={admin.rule}>{td("dash.children.noPlan")}</p>}
          <ChildrenTable data={data} />
        </Section>
      ) : null}

      <div class={styles.pair}>
        <Section
          id="rating"
          title={td("dash.rating.title")}
          count={branches.length ? td("dash.rating.branches", { n: branches.length }) : undefined}
        >
          <Ratings data={data} branches={branches} />
        </Section>
        <Section id="delivery" title={td("dash.delivery.title")}>
          <Delivery data={data} />
        </Section>
      </div>

      <Section id="trend" title={td("dash.trend.title")}>
        {months.some((m) => m.hours > 0 || m.events > 0) ? (
          <TrendChart year={year} months={months} />
        ) : (
          <p class={admin.empty}>{td("dash.trend.empty", { year })}</p>
        )}
      </Section>

      <Section
        id="behind"
        title={td("dash.behind.title")}
        count={
          data.behindTotal > data.behind.length
            ? td("dash.behind.shown", { n: data.behindTotal, shown: data.behind.length })
            : td("dash.behind.count", { n: data.behindTotal })
        }
      >
        {data.behind.length === 0 ? (
          <p class={admin.empty}>{data.hasPlan ? td("dash.behind.none") : td("dash.behind.noPlan")}</p>
        ) : (
          <PeopleTable rows={data.behind} year={year} elapsed={data.elapsed} variant="behind" />
        )}
      </Section>

      {data.members.length > 0 ? (
        <Section
          id="members"
          title={td("dash.members.title")}
          count={
            data.members.length < org.members && data.children.length === 0
              ? td("dash.members.shown", { n: org.members, shown: data.members.length })
              : td("dash.members.count", { n: data.members.length })
          }
        >
          <PeopleTable rows={data.members} year={year} elapsed={data.elapsed} variant="members" />
        </Section>
      ) : null}
    </>
  );
}

/** Where the year is: the yardstick of "on pace", said in words beside a plain meter. */
function Pace({ year, elapsed }: { year: number; elapsed: number }) {
  const share = percent(Math.min(1, elapsed));
  return (
    <p class={styles.pace}>
      <span class={styles.paceHead}>
        <span>{elapsed >= 1 ? td("dash.pace.over", { year }) : td("dash.pace.gone", { year, share })}</span>
        <span class={styles.paceMeter} aria-hidden="true">
          <span style={{ width: share }} />
        </span>
      </span>
      <span class={styles.paceRule}>{elapsed >= 1 ? td("dash.pace.ruleOver") : td("dash.pace.rule", { share })}</span>
    </p>
  );
}

function RatingBadge({ rating, name }: { rating: RatingTier[]; name: string }) {
  const look = tierLook(rating, name);
  return (
    <Badge tone={look.tone} icon={look.icon}>
      {name}
    </Badge>
  );
}

function Tiles({ data }: { data: OrgPlanProgress }) {
  const { org, hasPlan } = data;
  const none = td("dash.none");
  const noPlan = td("dash.tile.noPlan");
  const perMember = org.members > 0 ? org.hours / org.members : 0;
  const required = org.members > 0 ? org.requiredHours / org.members : 0;
  return (
    <div class={admin.tiles}>
      <Tile label={td("dash.tile.members")} value={org.members} unit={td("dash.unit.people")} />
      <Tile
        label={td("dash.tile.onPace")}
        value={hasPlan ? org.onPace : none}
        unit={hasPlan ? td("dash.unit.people") : undefined}
        note={hasPlan ? td("dash.tile.ofMembers", { share: percent(shareOf(org.onPace, org.members)) }) : noPlan}
      />
      <Tile
        label={td("dash.tile.complete")}
        value={hasPlan ? org.complete : none}
        unit={hasPlan ? td("dash.unit.people") : undefined}
        note={hasPlan ? td("dash.tile.ofMembers", { share: percent(shareOf(org.complete, org.members)) }) : noPlan}
      />
      <Tile
        label={td("dash.tile.completion")}
        value={hasPlan ? percent(org.completion) : none}
        note={hasPlan ? td("dash.tile.completionNote") : noPlan}
      />
      <Tile
        label={td("dash.tile.hours")}
        value={hoursFigure(org.hours)}
        unit={td("dash.unit.hours")}
        note={
          data.hasPlan
            ? td("dash.tile.perMemberOf", { n: hoursFigure(perMember), required: hoursFigure(required) })
            : td("dash.tile.perMember", { n: hoursFigure(perMember) })
        }
      />
      <Tile
        label={td("dash.tile.points")}
        value={org.points}
        unit={td("dash.unit.points")}
        note={td("dash.tile.pointsPer", { n: hoursFigure(org.members > 0 ? org.points / org.members : 0) })}
      />
    </div>
  );
}

type SortKey = "name" | "members" | "onPace" | "complete" | "completion" | "active" | "hours" | "points" | "rating";

function ChildrenTable({ data }: { data: OrgPlanProgress }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "completion", desc: true });
  const rows = useMemo(() => {
    const value = (c: OrgPlanSummary): number | string => {
      switch (sort.key) {
        case "name":
          return c.name;
        case "members":
          return c.members;
        case "onPace":
          return shareOf(c.onPace, c.members);
        case "complete":
          return c.complete;
        case "completion":
          return c.completion;
        case "active":
          return shareOf(c.active, c.members);
        case "hours":
          return c.requiredHours > 0 ? c.hours / c.requiredHours : shareOf(c.hours, c.members) / 1000;
        case "points":
          return c.points;
        case "rating":
          // Best tier first when descending; sub-orgs that are not branches last either way.
          return c.rating === null
            ? sort.desc
              ? -1
              : Number.POSITIVE_INFINITY
            : data.rating.length - tierLook(data.rating, c.rating).index;
      }
    };
    return [...data.children].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y, "zh-CN") : Number(x) - Number(y);
      return sort.desc ? -order : order;
    });
  }, [data, sort]);

  const header = (key: SortKey, label: string, num = true, extra = "") => (
    <SortHeader
      label={label}
      active={sort.key === key}
      desc={sort.desc}
      numeric={num}
      class={extra}
      onSort={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "name" }))}
    />
  );

  return (
    <>
      <p class={admin.hint}>{td("dash.children.hint")}</p>
      <div class={admin.scroll}>
        <table class={[admin.table, styles.childrenTable].join(" ")}>
          <thead>
            <tr>
              {header("name", td("dash.col.org"), false)}
              {header("members", td("dash.col.members"), true, styles.optional)}
              {header("onPace", td("dash.col.onPace"))}
              {header("complete", td("dash.col.complete"), true, styles.optional)}
              {header("completion", td("dash.col.completion"))}
              {header("active", td("dash.col.active"), true, styles.optional)}
              {header("hours", td("dash.col.hoursPerMember"), true, styles.optional)}
              {header("points", td("dash.col.points"), true, styles.optional)}
              {header("rating", td("dash.col.rating"), false, styles.optional)}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const on = isPlanned(data, c);
              const rating = on ? c.rating : null;
              return (
                <tr key={c.orgId}>
                  <th scope="row">
                    <a class={styles.drill} href={planPaths.dashboard(c.orgId, data.year)} aria-label={td("dash.drill", { name: c.name })}>
                      <span>{c.name}</span>
                      <Icon name="chevronRight" size={0.875} />
                    </a>
                    <span class={styles.under}>
                      {td("dash.members.count", { n: c.members })}
                      {rating ? (
                        <>
                          {" "}
                          <RatingBadge rating={data.rating} name={rating} />
                        </>
                      ) : null}
                    </span>
                  </th>
                  <td class={`${admin.num} ${styles.optional}`}>{c.members}</td>
                  <td class={admin.num}>
                    {c.members > 0 && on ? (
                      <>
                        {percent(shareOf(c.onPace, c.members))}
                        <span class={styles.sub}>
                          {c.onPace} {td("dash.unit.people")}
                        </span>
                      </>
                    ) : (
                      td("dash.none")
                    )}
                  </td>
                  <td class={`${admin.num} ${styles.optional}`}>{on ? c.complete : td("dash.none")}</td>
                  <td class={admin.barCell}>
                    {on ? (
                      <>
                        <span class={admin.bar} aria-hidden="true">
                          <span class={admin.barFill} style={{ width: `${Math.min(1, c.completion) * 100}%` }} />
                        </span>
                        {percent(c.completion)}
                      </>
                    ) : (
                      <span class={admin.muted}>{td("dash.noPlanShort")}</span>
                    )}
                  </td>
                  <td class={`${admin.num} ${styles.optional}`}>
                    {c.members > 0 ? percent(shareOf(c.active, c.members)) : td("dash.none")}
                  </td>
                  <td class={`${admin.num} ${styles.optional}`}>
                    {c.members > 0 ? (
                      <>
                        {hoursFigure(c.hours / c.members)}
                        {on ? <span class={admin.muted}> / {hoursFigure(c.requiredHours / c.members)}</span> : null}
                      </>
                    ) : (
                      td("dash.none")
                    )}
                  </td>
                  <td class={`${admin.num} ${styles.optional}`}>{c.points}</td>
                  <td class={`${admin.nowrap} ${styles.optional}`}>
                    {rating ? <RatingBadge rating={data.rating} name={rating} /> : <span class={admin.muted}>{td("dash.notBranch")}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Ratings({ data, branches }: { data: OrgPlanProgress; branches: OrgPlanSummary[] }) {
  const self = data.org.rating !== null && data.hasPlan;
  return (
    <div class={styles.ratings}>
      <ul class={styles.tiers} aria-label={td("dash.rating.rule")}>
        {data.rating.map((tier, index) => {
          const look = tierLook(data.rating, tier.name);
          const inTier = branches.filter((b) => b.rating === tier.name);
          return (
            <li key={tier.name} class={styles.tier}>
              <div class={styles.tierHead}>
                <Badge tone={look.tone} icon={look.icon}>
                  {tier.name}
                </Badge>
                <span class={styles.tierRule}>{tierRule(tier, index === data.rating.length - 1).replace(`${tier.name}：`, "")}</span>
              </div>
              {branches.length > 0 ? (
                <p class={styles.tierBranches}>
                  {inTier.length === 0 ? (
                    <span class={admin.muted}>{td("dash.rating.emptyTier")}</span>
                  ) : (
                    inTier.map((b, i) => (
                      <span key={b.orgId}>
                        {i > 0 ? "、" : ""}
                        <a href={planPaths.dashboard(b.orgId, data.year)}>{b.name}</a>
                      </span>
                    ))
                  )}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {self ? (
        <p class={styles.selfRating}>
          {td("dash.rating.self")}：<RatingBadge rating={data.rating} name={data.org.rating ?? ""} />{" "}
          {td("dash.rating.selfLine", {
            onPace: percent(shareOf(data.org.onPace, data.org.members)),
            active: percent(shareOf(data.org.active, data.org.members)),
          })}
        </p>
      ) : !data.hasPlan && (data.org.kind === "branch" || data.children.some((c) => c.kind === "branch")) ? (
        <p class={admin.hint}>{td("dash.rating.needsPlan")}</p>
      ) : data.children.length === 0 && data.org.kind !== "branch" ? (
        <p class={admin.hint}>{td("dash.rating.onlyBranches", { kind: orgKindLabel(data.org.kind) })}</p>
      ) : branches.length === 0 ? (
        <p class={admin.hint}>{td("dash.rating.noBranches")}</p>
      ) : null}
      <p class={admin.rule}>
        <Icon name="info" size={1} />
        <span>{td("dash.rating.explain")}</span>
      </p>
    </div>
  );
}

function Delivery({ data }: { data: OrgPlanProgress }) {
  const rows = [
    { key: "trainings", label: td("dash.delivery.trainings"), ring: data.delivery.trainings },
    { key: "lectures", label: td("dash.delivery.lectures"), ring: data.delivery.lectures },
    { key: "microTalks", label: td("dash.delivery.microTalks"), ring: data.delivery.microTalks },
  ];
  return (
    <>
      <ul class={styles.delivery}>
        {rows.map(({ key, label, ring }) => {
          const share = ring.required > 0 ? ring.done / ring.required : null;
          return (
            <li key={key} class={styles.deliveryRow}>
              <span class={styles.deliveryLabel}>{label}</span>
              <span class={styles.deliveryBar} aria-hidden="true">
                <span
                  class={share !== null && share >= 1 ? styles.deliveryDone : undefined}
                  style={{ width: `${Math.min(1, share ?? 0) * 100}%` }}
                />
                {share !== null ? <span class={styles.deliveryPace} style={{ left: `${Math.min(1, data.elapsed) * 100}%` }} /> : null}
              </span>
              <span class={styles.deliveryNumbers}>
                {share === null ? (
                  td("dash.delivery.noTarget", { done: ring.done })
                ) : (
                  <>
                    <strong>{td("dash.delivery.of", { done: ring.done, target: ring.required })}</strong>
                    <span class={admin.muted}>{td("dash.delivery.share", { share: percent(share) })}</span>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <p class={admin.hint}>{td("dash.delivery.hint")}</p>
    </>
  );
}

import { Badge, type BadgeTone } from "../../components/Badge";
import type { IconName } from "../../components/Icon";
import { tr } from "../../i18n/reports.zh-CN";
import { hoursFigure, orgKindLabel } from "../../lib/format";
import { formatShare, shareOf } from "../../lib/reports";
import type { Delivery, OrgPlanSummary, RatingTier, ReportSnapshotView } from "../../lib/types";
import admin from "../ContestAdmin/admin.module.css";
import { SortHeader } from "../ContestAdmin/sort-header";
import styles from "./style.module.css";

/*
 * The tables of a report, shared by the screen (/reports/:id) and the printable page
 * (/reports/:id/print), which styles them for A4 from around.
 */

export type SnapshotMember = ReportSnapshotView["members"][number];

/** A tier's badge: the name always in words; gold only for the top tier (UI.md: gold as a small accent). */
export function ratingTone(rating: string, tiers: RatingTier[]): BadgeTone {
  const index = tiers.findIndex((tier) => tier.name === rating);
  return (["gold", "green", "blue", "neutral"] as const)[index] ?? "neutral";
}

export function RatingBadge({ rating, tiers }: { rating: string | null; tiers: RatingTier[] }) {
  if (!rating) return <span class={admin.muted}>—</span>;
  return <Badge tone={ratingTone(rating, tiers)}>{rating}</Badge>;
}

function Bar({ share }: { share: number }) {
  return (
    <span class={admin.bar} aria-hidden="true">
      <span class={admin.barFill} style={{ width: `${Math.min(100, Math.round(share * 100))}%` }} />
    </span>
  );
}

/** The org's totals as number tiles. */
export function Totals({ org }: { org: OrgPlanSummary }) {
  const tiles: { label: string; value: string; unit?: string; note?: string }[] = [
    { label: tr("report.tile.members"), value: String(org.members), unit: tr("report.unit.people") },
    {
      label: tr("report.tile.onPace"),
      value: String(org.onPace),
      unit: tr("report.unit.people"),
      note: tr("report.tile.shareNote", { share: formatShare(shareOf(org.onPace, org.members)) }),
    },
    {
      label: tr("report.tile.complete"),
      value: String(org.complete),
      unit: tr("report.unit.people"),
      note: tr("report.tile.shareNote", { share: formatShare(shareOf(org.complete, org.members)) }),
    },
    {
      label: tr("report.tile.activeShort"),
      value: String(org.active),
      unit: tr("report.unit.people"),
      note: tr("report.tile.shareNote", { share: formatShare(shareOf(org.active, org.members)) }),
    },
    {
      label: tr("report.tile.hours"),
      value: hoursFigure(org.hours),
      unit: tr("report.unit.hours"),
      note: tr("report.tile.hoursNote", { required: hoursFigure(org.requiredHours) }),
    },
    { label: tr("report.tile.completion"), value: formatShare(org.completion), note: tr("report.tile.completionNote") },
    { label: tr("report.tile.points"), value: String(org.points), unit: tr("report.unit.points") },
  ];
  return (
    <div class={[admin.tiles, styles.tiles].join(" ")}>
      {tiles.map((tile) => (
        <div key={tile.label} class={admin.tile}>
          <span class={admin.tileLabel}>{tile.label}</span>
          <span class={admin.tileValue}>
            {tile.value}
            {tile.unit ? <span class={admin.tileUnit}>{tile.unit}</span> : null}
          </span>
          {tile.note ? <span class={admin.tileNote}>{tile.note}</span> : null}
        </div>
      ))}
    </div>
  );
}

/** Trainings, lectures and micro-talks held against the year's targets. */
export function DeliveryTable({ delivery, bars = true }: { delivery: Delivery; bars?: boolean }) {
  const rows = [
    { key: "trainings", label: tr("report.delivery.trainings"), ring: delivery.trainings },
    { key: "lectures", label: tr("report.delivery.lectures"), ring: delivery.lectures },
    { key: "microTalks", label: tr("report.delivery.microTalks"), ring: delivery.microTalks },
  ];
  return (
    <div class={admin.scroll}>
      <table class={[admin.table, styles.delivery].join(" ")}>
        <thead>
          <tr>
            <th scope="col">{tr("report.delivery.col.kind")}</th>
            <th scope="col" class={admin.num}>
              {tr("report.delivery.col.done")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.delivery.col.target")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.delivery.col.share")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td class={admin.num}>{row.ring.done}</td>
              <td class={admin.num}>{row.ring.required > 0 ? row.ring.required : tr("report.delivery.noTarget")}</td>
              <td class={admin.barCell}>
                {row.ring.required > 0 ? (
                  <>
                    {bars ? <Bar share={shareOf(row.ring.done, row.ring.required)} /> : null}
                    {formatShare(shareOf(row.ring.done, row.ring.required))}
                  </>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One row per org: the sub-orgs of the report's org, or every branch with its rating. */
export function OrgTable({
  orgs,
  tiers,
  caption,
  withKind,
  withRating,
  hrefFor,
  bars = true,
}: {
  orgs: OrgPlanSummary[];
  tiers: RatingTier[];
  caption: string;
  withKind?: boolean;
  withRating?: boolean;
  hrefFor?: (org: OrgPlanSummary) => string | undefined;
  /** False on paper, where a bar's fill may not print: the number says it all. */
  bars?: boolean;
}) {
  return (
    <div class={admin.scroll}>
      <table class={admin.table}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("report.col.org")}</th>
            {withKind ? <th scope="col">{tr("report.col.kind")}</th> : null}
            <th scope="col" class={admin.num}>
              {tr("report.col.members")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.col.onPace")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.col.active")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.col.complete")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.col.hours")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.col.completion")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.col.points")}
            </th>
            {withRating ? <th scope="col">{tr("report.col.rating")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {orgs.map((org) => {
            const href = hrefFor?.(org);
            return (
              <tr key={org.orgId}>
                <th scope="row">{href ? <a href={href}>{org.name}</a> : org.name}</th>
                {withKind ? <td class={admin.nowrap}>{orgKindLabel(org.kind)}</td> : null}
                <td class={admin.num}>{org.members}</td>
                <td class={admin.num}>
                  {org.onPace}
                  <span class={styles.pct}>（{formatShare(shareOf(org.onPace, org.members))}）</span>
                </td>
                <td class={admin.num}>
                  {org.active}
                  <span class={styles.pct}>（{formatShare(shareOf(org.active, org.members))}）</span>
                </td>
                <td class={admin.num}>{org.complete}</td>
                <td class={admin.num}>{hoursFigure(org.hours)}</td>
                <td class={admin.barCell}>
                  {bars ? <Bar share={org.completion} /> : null}
                  {formatShare(org.completion)}
                </td>
                <td class={admin.num}>{org.points}</td>
                {withRating ? (
                  <td class={admin.nowrap}>
                    <RatingBadge rating={org.rating} tiers={tiers} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The tiers the branches were rated by, with how many branches each holds: the thresholds stand
 * beside the ratings (a rating is only fair when people can see what it asks).
 */
export function TierLegend({ branches, tiers }: { branches: OrgPlanSummary[]; tiers: RatingTier[] }) {
  const counts = tierCounts(branches, tiers);
  return (
    <ul class={styles.legend} aria-label={tr("report.branches.thresholds")}>
      {tiers.map((tier, i) => (
        <li key={tier.name} class={styles.legendItem}>
          <RatingBadge rating={tier.name} tiers={tiers} />
          <span class={styles.legendRule}>
            {i === tiers.length - 1
              ? tr("planSettings.rating.rest")
              : tr("report.branches.rule", { onPace: formatShare(tier.minOnPace), active: formatShare(tier.minActive) })}
          </span>
          <span class={styles.legendCount}>{tr("report.branches.countOf", { n: counts[i]?.count ?? 0 })}</span>
        </li>
      ))}
    </ul>
  );
}

/** How many branches are in each tier: "示范 3 · 达标 5 · …". */
export function tierCounts(branches: OrgPlanSummary[], tiers: RatingTier[]): { name: string; count: number }[] {
  return tiers.map((tier) => ({ name: tier.name, count: branches.filter((b) => b.rating === tier.name).length }));
}

const memberState: Record<"complete" | "onPace" | "behind", { tone: BadgeTone; icon: IconName }> = {
  complete: { tone: "green", icon: "checkCircle" },
  onPace: { tone: "blue", icon: "check" },
  behind: { tone: "amber", icon: "clock" },
};

export function memberStateOf(member: SnapshotMember): "complete" | "onPace" | "behind" {
  return member.complete ? "complete" : member.onPace ? "onPace" : "behind";
}

export type MemberSortKey = "org" | "name" | "hours" | "points";
export type MemberSort = { key: MemberSortKey; desc: boolean };

/** Sorts a copy: by org keeps the server's order (org, then name); hours by the share of the requirement done. */
export function sortMembers(members: SnapshotMember[], sort: MemberSort): SnapshotMember[] {
  if (sort.key === "org") return sort.desc ? [...members].reverse() : members;
  const value = (m: SnapshotMember) => (sort.key === "hours" ? shareOf(m.hours, m.requiredHours) : sort.key === "points" ? m.points : 0);
  const rows = [...members].sort((a, b) => (sort.key === "name" ? a.name.localeCompare(b.name, "zh-CN") : value(a) - value(b)));
  return sort.desc ? rows.reverse() : rows;
}

export function MembersTable({
  members,
  caption,
  sort,
  onSort,
}: {
  members: SnapshotMember[];
  caption: string;
  /** With these the name, org, hours and points headers sort the table (the screen; paper keeps the order). */
  sort?: MemberSort;
  onSort?: (sort: MemberSort) => void;
}) {
  const head = (key: MemberSortKey, label: string, numeric: boolean) => {
    const active = sort?.key === key;
    return (
      <SortHeader
        label={label}
        active={active}
        desc={sort?.desc ?? false}
        numeric={numeric}
        onSort={sort && onSort ? () => onSort({ key, desc: active ? !sort.desc : key === "points" }) : undefined}
      />
    );
  };
  return (
    <div class={admin.scroll}>
      <table class={[admin.table, styles.members].join(" ")}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head("name", tr("report.member.col.name"), false)}
            {head("org", tr("report.member.col.org"), false)}
            <th scope="col">{tr("report.member.col.title")}</th>
            {head("hours", tr("report.member.col.hours"), true)}
            <th scope="col" class={admin.num}>
              {tr("report.member.col.modules")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("report.member.col.contests")}
            </th>
            {head("points", tr("report.member.col.points"), true)}
            <th scope="col">{tr("report.member.col.state")}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const state = memberStateOf(m);
            return (
              <tr key={`${m.userId}:${m.orgId}`}>
                <th scope="row">{m.name}</th>
                <td class={styles.orgCell}>{m.orgName}</td>
                <td class={admin.nowrap}>{m.title}</td>
                <td class={admin.num}>
                  {hoursFigure(m.hours)} / {hoursFigure(m.requiredHours)}
                </td>
                <td class={admin.num}>{m.modulesRequired > 0 ? `${m.modulesDone} / ${m.modulesRequired}` : "—"}</td>
                <td class={admin.num}>{m.contestsRequired > 0 ? `${m.contestsDone} / ${m.contestsRequired}` : m.contestsDone}</td>
                <td class={admin.num}>{m.points}</td>
                <td class={admin.nowrap}>
                  <Badge tone={memberState[state].tone} icon={memberState[state].icon}>
                    {tr(`report.member.state.${state}`)}
                  </Badge>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import { useMemo, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { SelectField } from "../../components/Field";
import { Loaded } from "../../components/Loaded";
import { Notice } from "../../components/Notice";
import { tr } from "../../i18n/reports.zh-CN";
import { query } from "../../lib/api";
import { downloadFrom } from "../../lib/download";
import { shanghaiYear } from "../../lib/reports";
import type { PointsRanking } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { SortHeader } from "../ContestAdmin/sort-header";
import { yearOptions } from "../PlanSettings/org-picker";
import styles from "./style.module.css";

type Group = PointsRanking["groups"][number];
type SortKey = "name" | "members" | "points" | "average";

/** Points earned in a year by sub-org of the org, for the organizer's records (not a ranking members see). */
export function PointsTotals({ orgId }: { orgId: string }) {
  const [year, setYear] = useState(shanghaiYear());
  const ranking = useResource<PointsRanking>(`/api/points/ranking${query({ orgId, year })}`);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "points", desc: true });
  const exporting = useAction((format: "xlsx" | "csv", name: string) =>
    downloadFrom(`/api/orgs/${encodeURIComponent(orgId)}/points/export${query({ year, format })}`, name),
  );
  const data = ranking.data && ranking.data.org.id === orgId && ranking.data.year === year ? ranking.data : undefined;
  const groups = useMemo(() => {
    const rows = [...(data?.groups ?? [])];
    rows.sort((a, b) => {
      const d = sort.key === "name" ? a.name.localeCompare(b.name, "zh-CN") : a[sort.key] - b[sort.key];
      return sort.desc ? -d : d;
    });
    return rows;
  }, [data, sort]);
  const total = (data?.groups ?? []).reduce((sum, g) => ({ members: sum.members + g.members, points: sum.points + g.points }), {
    members: 0,
    points: 0,
  });
  const fileName = (format: string) => `${data?.org.name ?? ""}${tr("pointsRules.totals.file", { year })}.${format}`;

  const header = (key: SortKey, label: string, numeric: boolean) => (
    <SortHeader
      label={label}
      active={sort.key === key}
      desc={sort.desc}
      numeric={numeric}
      onSort={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "name" }))}
    />
  );

  return (
    <section class={admin.card} aria-labelledby="totals-title">
      <div class={admin.cardHead}>
        <h2 id="totals-title" class={admin.sectionTitle}>
          {tr("pointsRules.totals.title")}
        </h2>
        <div class={styles.exports}>
          <Button
            size="sm"
            icon="download"
            disabled={!data}
            pending={exporting.pending}
            onClick={() => void exporting.run("xlsx", fileName("xlsx"))}
          >
            {tr("report.export.xlsx")}
          </Button>
          <Button
            size="sm"
            icon="download"
            disabled={!data || exporting.pending}
            onClick={() => void exporting.run("csv", fileName("csv"))}
          >
            {tr("report.export.csv")}
          </Button>
        </div>
      </div>
      <p class={admin.hint}>{tr("pointsRules.totals.hint")}</p>
      <SelectField
        class={styles.year}
        label={tr("planSettings.year")}
        value={String(year)}
        onValue={(value) => setYear(Number(value))}
        options={yearOptions(year)}
      />
      {exporting.error ? (
        <Notice tone="error" requestId={exporting.error.requestId}>
          {exporting.error.message}
        </Notice>
      ) : null}
      <Loaded data={data} error={ranking.error} reload={ranking.reload} minHeight={8}>
        {(shown) =>
          groups.length === 0 ? (
            <p class={admin.empty}>{tr("pointsRules.totals.empty")}</p>
          ) : (
            <div class={admin.scroll} aria-busy={ranking.loading ? "true" : undefined}>
              <table class={admin.table}>
                <caption class="visually-hidden">{tr("pointsRules.totals.caption", { org: shown.org.name, year })}</caption>
                <thead>
                  <tr>
                    {header("name", tr("pointsRules.totals.col.org"), false)}
                    {header("members", tr("pointsRules.totals.col.members"), true)}
                    {header("points", tr("pointsRules.totals.col.points"), true)}
                    {header("average", tr("pointsRules.totals.col.average"), true)}
                  </tr>
                </thead>
                <tbody>
                  {groups.map((g: Group) => (
                    <tr key={g.orgId}>
                      <th scope="row">{g.name}</th>
                      <td class={admin.num}>{g.members}</td>
                      <td class={admin.num}>{g.points}</td>
                      <td class={admin.num}>{(Math.round(g.average * 10) / 10).toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr class={styles.totalRow}>
                    <th scope="row">{tr("pointsRules.totals.sum")}</th>
                    <td class={admin.num}>{total.members}</td>
                    <td class={admin.num}>{total.points}</td>
                    <td class={admin.num}>{total.members > 0 ? (Math.round((total.points / total.members) * 10) / 10).toFixed(1) : "—"}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

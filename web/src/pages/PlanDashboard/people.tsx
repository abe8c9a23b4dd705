import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { TextField } from "../../components/Field";
import { Pagination } from "../../components/Pagination";
import { td } from "../../i18n/dash.zh-CN";
import { hoursFigure } from "../../lib/format";
import type { MemberPlanProgress } from "../../lib/types";
import admin from "../ContestAdmin/admin.module.css";
import { SortHeader } from "../ContestAdmin/sort-header";
import { planPaths, shareOf, statusLook, statusOf } from "./format";
import styles from "./style.module.css";

const PAGE_SIZE = 20;

type SortKey = "name" | "hours" | "modules" | "contests" | "points";

/**
 * People with what they have done against what they are asked, each a link to their ledger.
 * `behind`: the server's order (most behind first); `members`: an org's own members, with points and
 * a state. Both filter by name, org or title and sort by a column, as an organizer would in Excel.
 */
export function PeopleTable({
  rows,
  year,
  elapsed,
  variant,
}: {
  rows: MemberPlanProgress[];
  year: number;
  /** Share of the year gone: a figure below its pace is marked (bold, amber) as what the person lacks. */
  elapsed: number;
  variant: "behind" | "members";
}) {
  const pace = Math.min(1, elapsed);
  const ownOrg = variant === "members";
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean } | null>(null);
  const shown = useMemo(() => {
    const q = filter.trim();
    const list = q ? rows.filter((r) => r.name.includes(q) || r.orgName.includes(q) || r.title.includes(q)) : [...rows];
    if (!sort) return list;
    const value = (r: MemberPlanProgress): number | string => {
      switch (sort.key) {
        case "name":
          return r.name;
        case "hours":
          return r.requiredHours > 0 ? shareOf(r.hours, r.requiredHours) : r.hours;
        case "modules":
          return r.missingModules.length;
        case "contests":
          return r.contestsDone - r.contestsRequired;
        case "points":
          return r.points;
      }
    };
    return list.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y, "zh-CN") : Number(x) - Number(y);
      return sort.desc ? -order : order;
    });
  }, [rows, filter, sort]);
  const pageRows = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  const header = (key: SortKey, label: ComponentChildren, num: boolean, extra = "") => (
    <SortHeader
      label={label}
      active={sort?.key === key}
      desc={sort?.desc ?? false}
      numeric={num}
      class={extra}
      onSort={() => {
        setSort((s) => ({ key, desc: s?.key === key ? !s.desc : key === "points" || key === "modules" }));
        setPage(1);
      }}
    />
  );

  return (
    <>
      {rows.length > 8 ? (
        <TextField
          class={styles.filterField}
          label={td("dash.filter")}
          type="search"
          placeholder={td("dash.filterPlaceholder")}
          value={filter}
          onValue={(v) => {
            setFilter(v);
            setPage(1);
          }}
          autoComplete="off"
        />
      ) : null}
      {shown.length === 0 ? (
        <p class={admin.empty}>{td("dash.noMatch")}</p>
      ) : (
        <div class={admin.scroll}>
          <table class={admin.table}>
            <thead>
              <tr>
                {header("name", td("dash.col.name"), false)}
                {ownOrg ? null : (
                  <th scope="col" class={styles.optional}>
                    {td("dash.col.org")}
                  </th>
                )}
                <th scope="col" class={styles.optional}>
                  {td("dash.col.title")}
                </th>
                {header(
                  "hours",
                  <>
                    {td("dash.col.hoursShort")}
                    <span class={styles.optional}>{td("dash.col.doneOfRequired")}</span>
                  </>,
                  true,
                )}
                {header("modules", td("dash.col.modules"), false, styles.optional)}
                {header("contests", td("dash.col.contests"), true, styles.optional)}
                {variant === "members" ? header("points", td("dash.col.points"), true, styles.optional) : null}
                {variant === "members" ? <th scope="col">{td("dash.col.status")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {pageRows.map((r) => {
                const status = statusLook[statusOf(r)];
                // No plan reaches this person: their figures stand alone, with no "of" and no state.
                const asked = r.requiredHours > 0 || r.modulesRequired > 0 || r.contestsRequired > 0;
                const hoursShort = r.hours < r.requiredHours * pace - 1e-9;
                const contestsShort = r.contestsDone < Math.floor(r.contestsRequired * pace);
                return (
                  <tr key={r.userId}>
                    <th scope="row" class={styles.personCell}>
                      <a href={planPaths.member(r.userId, year, r.orgId)} aria-label={td("dash.open", { name: r.name })}>
                        {r.name}
                      </a>
                      <span class={styles.under}>{ownOrg ? r.title : `${r.orgName} · ${r.title}`}</span>
                      {contestsShort || r.missingModules.length > 0 ? (
                        <span class={styles.lacks}>
                          {[
                            contestsShort ? td("dash.lacks.contests", { done: r.contestsDone, required: r.contestsRequired }) : "",
                            r.missingModules.length > 0 ? td("dash.lacks.modules", { n: r.missingModules.length }) : "",
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </span>
                      ) : null}
                    </th>
                    {ownOrg ? null : <td class={`${styles.optional} ${styles.orgCell}`}>{r.orgName}</td>}
                    <td class={`${admin.nowrap} ${styles.optional}`}>{r.title}</td>
                    <td class={admin.num}>
                      <span class={hoursShort ? styles.short : undefined}>{hoursFigure(r.hours)}</span>
                      {asked ? <span class={admin.muted}> / {hoursFigure(r.requiredHours)}</span> : null}
                    </td>
                    <td class={`${styles.optional} ${styles.modulesCell}`}>
                      {r.missingModules.length === 0 ? (
                        <span class={admin.muted}>{td("dash.none")}</span>
                      ) : (
                        <span class={styles.short}>{r.missingModules.join("、")}</span>
                      )}
                    </td>
                    <td class={`${admin.num} ${styles.optional}`}>
                      <span class={contestsShort ? styles.short : undefined}>{r.contestsDone}</span>
                      {asked ? <span class={admin.muted}> / {r.contestsRequired}</span> : null}
                    </td>
                    {variant === "members" ? <td class={`${admin.num} ${styles.optional}`}>{r.points}</td> : null}
                    {variant === "members" ? (
                      <td class={admin.nowrap}>
                        {asked ? (
                          <Badge tone={status.tone} icon={status.icon}>
                            {status.label()}
                          </Badge>
                        ) : (
                          <span class={admin.muted}>{td("dash.noPlanShort")}</span>
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {shown.length > PAGE_SIZE ? (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={shown.length}
          onPage={setPage}
          totalText={td("dash.behind.count", { n: shown.length })}
        />
      ) : null}
    </>
  );
}

import type { ChartConfiguration } from "chart.js";
import type { Ref } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { td } from "../../i18n/dash.zh-CN";
import { hoursFigure } from "../../lib/format";
import type { OrgPlanProgress, OrgPlanSummary } from "../../lib/types";
import admin from "../ContestAdmin/admin.module.css";
import { percent } from "./format";
import styles from "./style.module.css";

type ChartState = "loading" | "ready" | "failed";

const RED = "#b71c1c";
const RED_DARK = "#7a0f0f";
const INK = "#555a62";
const GREY = "#9aa0a8";
const GOLD = "#7d5c0c";
const GRID = "#eef0f2";

/**
 * Draws a chart.js chart on a canvas. chart.js is imported when the first chart is drawn, so it is
 * its own chunk loaded only on the pages with charts; only the pieces bar and line charts need are
 * registered. The state turns "ready" once drawn in full, so a screenshot never catches bars half
 * grown; "failed" (a lost chunk on a flaky network) lets the caller show the numbers instead.
 */
function useLazyChart(make: () => ChartConfiguration, deps: unknown[]): { canvas: Ref<HTMLCanvasElement>; state: ChartState } {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<ChartState>("loading");
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    setState("loading");
    import("chart.js")
      .then((lib) => {
        if (cancelled || !canvas.current) return;
        lib.Chart.register(
          lib.BarController,
          lib.BarElement,
          lib.LineController,
          lib.LineElement,
          lib.PointElement,
          lib.CategoryScale,
          lib.LinearScale,
          lib.Tooltip,
          lib.Legend,
        );
        const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        const config = make();
        config.options = {
          ...config.options,
          responsive: true,
          maintainAspectRatio: false,
          animation: reduced ? false : { duration: 300, onComplete: () => setState("ready") },
        };
        const chart = new lib.Chart(canvas.current, config);
        destroy = () => chart.destroy();
        if (reduced) setState("ready");
      })
      .catch((err: unknown) => {
        console.error(err);
        if (!cancelled) setState("failed");
      });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, deps);
  return { canvas, state };
}

const font = () => ({ family: getComputedStyle(document.body).fontFamily, size: 13 });

/**
 * Completion by sub-org as horizontal bars (mean completion and the share on pace). The numbers
 * are the sortable table right under it, so the chart carries no table of its own.
 */
export function ChildrenChart({ items }: { items: OrgPlanSummary[] }) {
  const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);
  const { canvas, state } = useLazyChart(
    () => ({
      type: "bar",
      data: {
        labels: items.map((c) => c.name),
        datasets: [
          {
            label: td("dash.chart.completion"),
            data: items.map((c) => Math.round(c.completion * 1000) / 10),
            backgroundColor: RED,
            hoverBackgroundColor: RED_DARK,
            borderRadius: 3,
            maxBarThickness: 18,
          },
          {
            label: td("dash.chart.onPace"),
            data: items.map((c) => share(c.onPace, c.members)),
            backgroundColor: GREY,
            hoverBackgroundColor: INK,
            borderRadius: 3,
            maxBarThickness: 18,
          },
        ],
      },
      options: {
        indexAxis: "y",
        plugins: {
          legend: { position: "top", align: "start", labels: { color: INK, font: font(), boxWidth: 14, boxHeight: 14 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ""}：${Number(item.raw).toFixed(1)}%` } },
        },
        scales: {
          x: {
            min: 0,
            max: 100,
            ticks: { color: INK, font: font(), callback: (v) => `${v}%` },
            grid: { color: GRID },
          },
          y: { grid: { display: false }, ticks: { color: "#1d1f23", font: font() } },
        },
      },
    }),
    [items],
  );
  const summary = td("dash.chart.summary", {
    items: items.map((c) => td("dash.chart.item", { name: c.name, share: percent(c.completion) })).join("；"),
  });
  return (
    <figure class={styles.chartBox} data-chart={state} style={{ height: `${Math.max(9, items.length * 3 + 4)}rem` }}>
      <canvas ref={canvas} role="img" aria-label={summary} />
      {state === "failed" ? <p class={admin.hint}>{td("dash.chart.failed")}</p> : null}
    </figure>
  );
}

type Month = OrgPlanProgress["months"][number];

/** Hours by month as bars, with the people active and the events as lines on their own axis; its table one click away. */
export function TrendChart({ year, months }: { year: number; months: Month[] }) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const { canvas, state } = useLazyChart(
    () => ({
      type: "bar",
      data: {
        labels: months.map((m) => td("dash.trend.month", { month: m.month })),
        datasets: [
          {
            type: "bar",
            label: td("dash.trend.hours"),
            data: months.map((m) => Math.round(m.hours * 10) / 10),
            backgroundColor: RED,
            hoverBackgroundColor: RED_DARK,
            borderRadius: 3,
            maxBarThickness: 40,
            yAxisID: "y",
            order: 2,
          },
          {
            type: "line",
            label: td("dash.trend.people"),
            data: months.map((m) => m.people),
            borderColor: INK,
            backgroundColor: INK,
            pointStyle: "circle",
            pointRadius: 3,
            borderWidth: 2,
            yAxisID: "count",
            order: 1,
          },
          {
            type: "line",
            label: td("dash.trend.events"),
            data: months.map((m) => m.events),
            borderColor: GOLD,
            backgroundColor: GOLD,
            borderDash: [6, 4],
            pointStyle: "rectRot",
            pointRadius: 4,
            borderWidth: 2,
            yAxisID: "count",
            order: 0,
          },
        ],
      },
      options: {
        plugins: {
          legend: {
            position: "top",
            align: "start",
            // In the order of the datasets (the drawing order would put the bars last).
            labels: {
              color: INK,
              font: font(),
              usePointStyle: true,
              boxHeight: 8,
              sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
            },
          },
        },
        scales: {
          x: { grid: { display: false }, ticks: { color: INK, font: font(), maxRotation: 0, autoSkipPadding: 6 } },
          y: {
            beginAtZero: true,
            position: "left",
            grid: { color: GRID },
            ticks: { color: INK, font: font() },
            title: { display: true, text: td("dash.trend.axisHours"), color: INK, font: font() },
          },
          count: {
            beginAtZero: true,
            position: "right",
            grid: { display: false },
            ticks: { precision: 0, color: INK, font: font() },
            title: { display: true, text: td("dash.trend.axisCount"), color: INK, font: font() },
          },
        },
      },
    }),
    [months],
  );
  const summary = td("dash.trend.summary", {
    year,
    items: months.map((m) => td("dash.trend.item", { month: m.month, hours: hoursFigure(m.hours) })).join("；"),
  });
  const open = showTable || state === "failed";
  return (
    <div class={styles.trend} data-table={open ? "open" : "closed"}>
      <figure class={[styles.chartBox, styles.trendBox].join(" ")} data-chart={state}>
        <canvas ref={canvas} role="img" aria-label={summary} />
        {state === "failed" ? <p class={admin.hint}>{td("dash.chart.failed")}</p> : null}
      </figure>
      <div class={styles.tableToggle}>
        <Button size="sm" variant="quiet" icon="file" aria-expanded={open} aria-controls={tableId} onClick={() => setShowTable((v) => !v)}>
          {td(open ? "dash.chart.hideTable" : "dash.chart.showTable")}
        </Button>
      </div>
      <div id={tableId} hidden={!open} class={[admin.scroll, styles.trendTableBox].join(" ")}>
        <table class={[admin.table, styles.compact].join(" ")}>
          <caption class="visually-hidden">{td("dash.trend.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{td("dash.col.month")}</th>
              <th scope="col" class={admin.num}>
                {td("dash.trend.hours")}
              </th>
              <th scope="col" class={admin.num}>
                {td("dash.col.events")}
              </th>
              <th scope="col" class={admin.num}>
                {td("dash.col.people")}
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{td("dash.trend.month", { month: m.month })}</th>
                <td class={admin.num}>{hoursFigure(m.hours)}</td>
                <td class={admin.num}>{m.events}</td>
                <td class={admin.num}>{m.people}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

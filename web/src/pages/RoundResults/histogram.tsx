import { useEffect, useId, useRef, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { tk } from "../../i18n/contests.zh-CN";
import { formatPercent } from "../../lib/contest-admin";
import type { ScoreHistogram } from "../../lib/types";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";

const number = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const binLabel = (bin: ScoreHistogram["bins"][number]) => `${number(bin.from)}–${number(bin.to)}`;

/**
 * The score distribution as a bar chart, with its numbers one click away (UI.md). chart.js is
 * imported here, when the chart is first drawn, so it is its own chunk loaded only on this page;
 * only the pieces a bar chart needs are registered.
 */
export function Histogram({ data }: { data: ScoreHistogram }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const total = data.bins.reduce((n, bin) => n + bin.count, 0);
  const summary = tk("contestAdmin.histogram.summary", {
    bins: data.bins
      .filter((bin) => bin.count > 0)
      .map((bin) => tk("contestAdmin.histogram.binSummary", { range: binLabel(bin), count: bin.count }))
      .join("；"),
  });

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    import("chart.js")
      .then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip }) => {
        if (cancelled || !canvas.current) return;
        Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
        const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        const font = { family: getComputedStyle(document.body).fontFamily, size: 13 };
        const chart = new Chart(canvas.current, {
          type: "bar",
          data: {
            labels: data.bins.map(binLabel),
            datasets: [
              {
                label: tk("contestAdmin.histogram.people"),
                data: data.bins.map((bin) => bin.count),
                backgroundColor: "#b71c1c",
                hoverBackgroundColor: "#7a0f0f",
                borderRadius: 3,
                maxBarThickness: 56,
              },
            ],
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            // "ready" once drawn in full, so a screenshot or a reader never catches bars half grown.
            animation: reduced ? false : { duration: 300, onComplete: () => setState("ready") },
            plugins: {
              tooltip: {
                callbacks: {
                  title: (items) => tk("contestAdmin.histogram.range", { range: items[0]?.label ?? "" }),
                  label: (item) => tk("contestAdmin.histogram.count", { count: Number(item.raw) }),
                },
              },
            },
            scales: {
              x: {
                grid: { display: false },
                ticks: { color: "#555a62", font },
                title: { display: true, text: tk("contestAdmin.histogram.xAxis"), color: "#555a62", font },
              },
              y: {
                beginAtZero: true,
                ticks: { precision: 0, color: "#555a62", font },
                grid: { color: "#eef0f2" },
                title: { display: true, text: tk("contestAdmin.histogram.yAxis"), color: "#555a62", font },
              },
            },
          },
        });
        destroy = () => chart.destroy();
        if (reduced) setState("ready");
      })
      .catch((err: unknown) => {
        console.error(err);
        if (!cancelled) {
          setState("failed");
          setShowTable(true);
        }
      });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [data]);

  return (
    <div class={styles.histogram} data-table={showTable ? "open" : "closed"}>
      <figure class={styles.chartBox} data-chart={state}>
        <canvas ref={canvas} role="img" aria-label={summary} />
        {state === "failed" ? <p class={admin.hint}>{tk("contestAdmin.histogram.failed")}</p> : null}
      </figure>
      <div class={styles.tableToggle}>
        <Button
          size="sm"
          variant="quiet"
          icon="file"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {tk(showTable ? "contestAdmin.histogram.hideTable" : "contestAdmin.histogram.showTable")}
        </Button>
      </div>
      <div id={tableId} hidden={!showTable} class={[admin.scroll, styles.binBox].join(" ")}>
        <table class={[admin.table, styles.binTable].join(" ")}>
          <caption class="visually-hidden">{tk("contestAdmin.histogram.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{tk("contestAdmin.histogram.range.col")}</th>
              <th scope="col" class={admin.num}>
                {tk("contestAdmin.histogram.people")}
              </th>
              <th scope="col" class={admin.num}>
                {tk("contestAdmin.histogram.share")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.bins.map((bin) => (
              <tr key={bin.from}>
                <th scope="row" class={admin.nowrap}>
                  {binLabel(bin)}
                </th>
                <td class={admin.num}>{bin.count}</td>
                <td class={admin.num}>{total > 0 ? formatPercent(bin.count / total, 1) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

import { tr } from "../../i18n/reports.zh-CN";
import { formatShare } from "../../lib/reports";
import type { RatingTier } from "../../lib/types";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";

/** The branch rating's tiers as a small table (shown wherever ratings are). */
export function RatingTable({ tiers, caption }: { tiers: RatingTier[]; caption: string }) {
  return (
    <div class={admin.scroll}>
      <table class={[admin.table, styles.tierTable].join(" ")}>
        <caption class={styles.caption}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("planSettings.rating.col.name")}</th>
            <th scope="col" class={admin.num}>
              {tr("planSettings.rating.col.onPace")}
            </th>
            <th scope="col" class={admin.num}>
              {tr("planSettings.rating.col.active")}
            </th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier, i) => (
            <tr key={tier.name}>
              <th scope="row">{tier.name}</th>
              {i === tiers.length - 1 ? (
                <td class={admin.muted} colSpan={2}>
                  {tr("planSettings.rating.rest")}
                </td>
              ) : (
                <>
                  <td class={admin.num}>≥ {formatShare(tier.minOnPace)}</td>
                  <td class={admin.num}>≥ {formatShare(tier.minActive)}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

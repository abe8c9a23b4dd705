import { Icon } from "../../components/Icon";
import { ProgressRing } from "../../components/ProgressRing";
import { tp } from "../../i18n/plans.zh-CN";
import { hoursFigure } from "../../lib/format";
import { gapText, paceGap, planPaths } from "../../lib/my-plan";
import type { MyPlanProgress } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import own from "./plan-card.module.css";
import styles from "./style.module.css";

/**
 * 年度学习计划 on a member's home: three small rings (hours, required modules, contests) and, when
 * the member is behind the pace of the year, one calm line of what is missing — a reminder that
 * leads to /plan, never a reprimand.
 */
export function PlanCard() {
  const { data, error } = useResource<MyPlanProgress>("/api/me/plan");
  const status = error
    ? tp("plan.home.failed")
    : !data
      ? tp("plan.home.loading")
      : !data.hasPlan
        ? tp("plan.home.none", { year: data.year, hours: hoursFigure(data.hours.done), points: data.points })
        : data.complete
          ? tp("plan.home.complete")
          : data.behind
            ? behindText(gapText(paceGap(data)))
            : tp("plan.home.onPace");
  const rings = data?.hasPlan ? data : null;
  return (
    <a class={[styles.task, rings ? own.card : ""].join(" ")} href={planPaths.plan}>
      <span class={[styles.taskIcon, own.icon].join(" ")}>
        <Icon name="calendar" size={1.5} />
      </span>
      <span class={[styles.taskText, own.text].join(" ")}>
        <span class={styles.taskTitle}>{tp("plan.home.title")}</span>
        {rings ? (
          <span class={styles.taskDescription}>
            {tp("common.year", { year: rings.year })} · {tp("plan.pace.elapsed", { pct: Math.round(rings.elapsed * 100) })}
          </span>
        ) : (
          <span class={styles.taskDescription} aria-live="polite">
            {status}
          </span>
        )}
      </span>
      {rings ? (
        <>
          <span class={own.rings}>
            <ProgressRing
              label={tp("plan.ring.hours")}
              value={rings.hours.done}
              max={rings.hours.required}
              format={hoursFigure}
              size={4.25}
            />
            <ProgressRing label={tp("plan.ring.modulesShort")} value={rings.modules.done} max={rings.modules.required} size={4.25} />
            <ProgressRing label={tp("plan.ring.contests")} value={rings.contests.done} max={rings.contests.required} size={4.25} />
          </span>
          <span class={[own.status, rings.behind && !rings.complete ? own.behind : ""].join(" ")}>
            {rings.complete ? <Icon name="checkCircle" size={1} /> : rings.behind ? <Icon name="info" size={1} /> : null}
            <span>{status}</span>
          </span>
        </>
      ) : null}
      <Icon name="chevronRight" class={[styles.taskChevron, own.chevron].join(" ")} />
    </a>
  );
}

/** The reminder: what is missing by the pace of the year, or (should rounding leave nothing to name) a general line. */
function behindText(gap: string): string {
  return gap ? tp("plan.home.behind", { what: gap }) : tp("plan.home.behindSome");
}

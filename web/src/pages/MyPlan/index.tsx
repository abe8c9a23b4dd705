import type { ComponentChildren } from "preact";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import detail from "../../components/CourseDetail/style.module.css";
import { CourseTabs } from "../../components/CourseTabs";
import { Figures } from "../../components/Figures";
import { Icon, type IconName } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { ProgressRing } from "../../components/ProgressRing";
import rows from "../../components/RowList/style.module.css";
import { useYearParam, YearSwitch } from "../../components/YearSwitch";
import { tp } from "../../i18n/plans.zh-CN";
import { query } from "../../lib/api";
import { hoursFigure } from "../../lib/format";
import { gapText, nextStepLink, paceGap, planPaths, thisYear } from "../../lib/my-plan";
import type { MyPlanProgress } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function MyPlan() {
  return (
    <AppShell title={tp("plan.title")} requiredRole="member">
      {() => <MyPlanPage />}
    </AppShell>
  );
}

/**
 * 我的学习计划: what the member's orgs ask of them this year (hours, required modules, contest rounds),
 * as rings with the figures in them; where the year is; and, when they are behind, what to do next —
 * a reminder, never a reprimand. Everything comes from the ledger; nothing is typed in here.
 */
function MyPlanPage() {
  const { year, current, go } = useYearParam();
  const { data, error, reload } = useResource<MyPlanProgress>(`/api/me/plan${query({ year })}`);

  return (
    <div class={styles.page}>
      <PageHeader title={tp("plan.myTitle")} description={tp("plan.intro")} />
      <CourseTabs />
      <YearSwitch year={year} max={current} onYear={go} />
      <Loaded data={data?.year === year ? data : undefined} error={error} reload={reload} minHeight={18}>
        {(plan) => (plan.hasPlan ? <PlanView plan={plan} past={plan.year < current} /> : <NoPlan plan={plan} past={plan.year < current} />)}
      </Loaded>
    </div>
  );
}

function PlanView({ plan, past }: { plan: MyPlanProgress; past: boolean }) {
  const pct = Math.round(plan.elapsed * 100);
  const gap = gapText(paceGap(plan));
  return (
    <>
      <section class={styles.card} aria-labelledby="rings-title">
        <h2 id="rings-title" class="visually-hidden">
          {tp("plan.rings.label")}
        </h2>
        {plan.org ? (
          <p class={styles.who}>
            {plan.title ? tp("plan.who", { org: plan.org.name, title: plan.title }) : plan.org.name}
            <span class={styles.requirement}>{tp("plan.requirement", { hours: hoursFigure(plan.hours.required) })}</span>
          </p>
        ) : null}
        <Rings plan={plan} size={6} marker={past ? undefined : plan.elapsed} />
        {past ? null : (
          <div class={styles.pace}>
            <p class={styles.paceLine}>
              <span>{tp("plan.pace.elapsed", { pct })}</span>
            </p>
            <span
              class={styles.paceBar}
              role="progressbar"
              aria-label={tp("plan.pace.elapsedAria", { pct })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={pct}
            >
              <span style={{ width: `${pct}%` }} />
            </span>
            <p class={styles.paceNote}>{tp("plan.pace.mark")}</p>
          </div>
        )}
      </section>

      {past ? (
        <Notice tone={plan.complete ? "success" : "info"}>
          {tp(plan.complete ? "plan.past.complete" : "plan.past.incomplete", { year: plan.year })}
        </Notice>
      ) : plan.complete ? (
        <Notice tone="success">{tp("plan.pace.complete")}</Notice>
      ) : plan.behind ? (
        <Notice tone="info" title={gap ? tp("plan.pace.behindTitle", { what: gap }) : tp("plan.pace.behindSome")}>
          {tp("plan.pace.behindBody")}
        </Notice>
      ) : (
        <p class={styles.onPace}>
          <Icon name="checkCircle" size={1.125} />
          {tp("plan.pace.onPace")}
        </p>
      )}

      {past ? null : <NextSteps plan={plan} />}
      {plan.modules.items.length > 0 ? <RequiredModules plan={plan} /> : null}
      <Points plan={plan} />
    </>
  );
}

/** The three rings; `marker` puts the pace of the year on each. */
function Rings({ plan, size, marker }: { plan: MyPlanProgress; size: number; marker?: number | undefined }) {
  const rings: { label: string; done: number; required: number; format?: (n: number) => string }[] = [
    { label: tp("plan.ring.hours"), done: plan.hours.done, required: plan.hours.required, format: hoursFigure },
    { label: tp("plan.ring.modules"), done: plan.modules.done, required: plan.modules.required },
    { label: tp("plan.ring.contests"), done: plan.contests.done, required: plan.contests.required },
  ];
  return (
    <div class={styles.rings}>
      {rings.map(({ label, done, required, format }) => (
        <ProgressRing
          key={label}
          label={label}
          value={done}
          max={required}
          format={format}
          size={size}
          marker={marker}
          hint={required <= 0 ? tp("plan.ring.none") : done >= required ? tp("plan.ring.done") : undefined}
        />
      ))}
    </div>
  );
}

function NextSteps({ plan }: { plan: MyPlanProgress }) {
  return (
    <section class={styles.section} aria-labelledby="next-title">
      <h2 id="next-title" class={detail.sectionTitle}>
        {tp("plan.next.title")}
      </h2>
      {plan.next.length === 0 ? (
        <p class={styles.note}>{tp("plan.next.none")}</p>
      ) : (
        <ul class={rows.list}>
          {plan.next.map((step) => {
            const link = nextStepLink(step);
            return (
              <li key={link.href + link.title}>
                <StepLink
                  href={link.href}
                  title={link.title}
                  icon={step.kind === "contests" ? "trophy" : step.kind === "module" ? "book" : "course"}
                >
                  <span class={styles.stepDescription}>{link.description}</span>
                </StepLink>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function RequiredModules({ plan }: { plan: MyPlanProgress }) {
  return (
    <section class={styles.section} aria-labelledby="modules-title">
      <h2 id="modules-title" class={detail.sectionTitle}>
        {tp("plan.modules.title")}
        <span class={detail.sectionCount}>{tp("plan.modules.count", { done: plan.modules.done, total: plan.modules.required })}</span>
      </h2>
      <ul class={rows.list}>
        {plan.modules.items.map((m) => (
          <li key={m.id}>
            <StepLink href={`/courses/${encodeURIComponent(m.id)}`} title={m.title}>
              <span class={styles.badges}>
                {m.done ? (
                  <Badge tone="green" icon="check">
                    {tp("plan.modules.done")}
                  </Badge>
                ) : (
                  <Badge tone="neutral" icon="clock">
                    {tp("plan.modules.todo")}
                  </Badge>
                )}
                {m.selfPaced ? <Badge tone="neutral">{tp("plan.modules.selfPaced")}</Badge> : null}
              </span>
            </StepLink>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A row that leads to what to do: an icon when it is a next step, the title, a line under it, a chevron. */
function StepLink({ href, title, icon, children }: { href: string; title: string; icon?: IconName; children: ComponentChildren }) {
  return (
    <a class={rows.row} href={href}>
      {icon ? (
        <span class={styles.stepIcon}>
          <Icon name={icon} />
        </span>
      ) : null}
      <span class={rows.main}>
        <span class={styles.stepTitle}>{title}</span>
        {children}
      </span>
      <Icon name="chevronRight" class={styles.chevron} />
    </a>
  );
}

function Points({ plan }: { plan: MyPlanProgress }) {
  const year = plan.year === thisYear() ? undefined : plan.year;
  return (
    <section class={styles.section} aria-labelledby="points-title">
      <h2 id="points-title" class={detail.sectionTitle}>
        {tp("plan.points.title")}
      </h2>
      <div class={styles.pointsCard}>
        <p class={styles.pointsFigure}>
          <span class="num">{plan.points}</span>
          <span class={styles.pointsUnit}>{tp("plan.totals.points")}</span>
        </p>
        <p class={styles.pointsBody}>{tp("plan.points.body", { year: plan.year, points: plan.points })}</p>
        <div class={styles.pointsLinks}>
          <a class={styles.textLink} href={`/study${query({ year })}`}>
            {tp("plan.points.history")}
            <Icon name="chevronRight" size={1} />
          </a>
          {plan.rankingEnabled ? (
            <a class={styles.textLink} href={`${planPaths.ranking}${query({ year })}`}>
              {tp("plan.points.ranking")}
              <Icon name="chevronRight" size={1} />
            </a>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** No plan applies (no org, or no plan on the way up to the root): say so, and still show the year's figures. */
function NoPlan({ plan, past }: { plan: MyPlanProgress; past: boolean }) {
  const year = past ? plan.year : undefined;
  return (
    <>
      <Notice tone="info" title={tp(past ? "plan.none.pastTitle" : "plan.none.title", { year: plan.year })}>
        {tp(!plan.org ? "plan.none.noOrg" : past ? "plan.none.pastBody" : "plan.none.body")}
      </Notice>
      <Figures
        figures={[
          { label: tp("plan.totals.hours"), value: hoursFigure(plan.hours.done) },
          { label: tp("plan.totals.points"), value: plan.points },
        ]}
      />
      <a class={styles.textLink} href={`/study${query({ year })}`}>
        {tp("plan.points.history")}
        <Icon name="chevronRight" size={1} />
      </a>
    </>
  );
}

import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import detail from "../../components/CourseDetail/style.module.css";
import { CourseTabs } from "../../components/CourseTabs";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import { query } from "../../lib/api";
import { formatDay, hoursText } from "../../lib/courses";
import type { MyStudy, StudyEntry } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function Study() {
  return (
    <AppShell title={tc("study.title")} requiredRole="member">
      {() => <StudyPage />}
    </AppShell>
  );
}

const thisYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

/**
 * 我的学时: the year's study hours and points, and every entry behind them — a plain record of what was
 * done, with reversed entries struck through and their reason. No ranking, no comparison with anyone.
 */
function StudyPage() {
  const { query: params, path, route } = useLocation();
  const current = thisYear();
  const asked = Number(params.year);
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= current ? asked : current;
  const { data, error, reload } = useResource<MyStudy>(`/api/me/study${query({ year })}`);
  const go = (y: number) => route(`${path}${query({ year: y === current ? undefined : y })}`, true);
  const shown = data?.year === year ? data : undefined;

  return (
    <div class={styles.page}>
      <PageHeader title={tc("study.title")} description={tc("study.intro")} />
      <CourseTabs />
      <div class={styles.years}>
        <button type="button" class={styles.yearButton} onClick={() => go(year - 1)} aria-label={tc("study.prevYear")}>
          <Icon name="chevronLeft" />
        </button>
        <h2 class={styles.year} aria-live="polite">
          {tc("study.year", { year })}
        </h2>
        <button
          type="button"
          class={styles.yearButton}
          onClick={() => go(year + 1)}
          disabled={year >= current}
          aria-label={tc("study.nextYear")}
        >
          <Icon name="chevronRight" />
        </button>
      </div>
      {error ? (
        <Notice
          tone="error"
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {tc("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : !shown ? (
        <Loading label={tc("app.loading")} minHeight={14} />
      ) : (
        <YearView study={shown} />
      )}
    </div>
  );
}

function YearView({ study }: { study: MyStudy }) {
  const reversed = study.entries.some((e) => e.reversedAt !== null);
  return (
    <>
      <dl class={styles.totals}>
        <div>
          <dt>{tc("study.hours")}</dt>
          <dd>{hoursText(study.hoursTenths)}</dd>
        </div>
        <div>
          <dt>{tc("study.points")}</dt>
          <dd>{study.points}</dd>
        </div>
      </dl>
      {study.entries.length === 0 ? (
        <EmptyState icon="clock" title={tc("study.empty.title", { year: study.year })}>
          {tc("study.empty.body")}
        </EmptyState>
      ) : (
        <section class={styles.section} aria-labelledby="entries-title">
          <h2 id="entries-title" class={detail.sectionTitle}>
            {tc("study.entries")}
            <span class={styles.count}>{tc("study.entriesCount", { n: study.entries.length })}</span>
          </h2>
          <ul class={styles.entries}>
            {study.entries.map((entry) => (
              <li key={entry.id}>
                <Entry entry={entry} />
              </li>
            ))}
          </ul>
          {reversed ? <p class={styles.note}>{tc("study.reversedNote")}</p> : null}
        </section>
      )}
    </>
  );
}

function Entry({ entry: e }: { entry: StudyEntry }) {
  const off = e.reversedAt !== null;
  const Text = off ? "s" : "span";
  return (
    <div class={[styles.entry, off ? styles.reversed : ""].join(" ")}>
      <div class={styles.entryMain}>
        <p class={styles.entryMeta}>
          <time dateTime={new Date(e.occurredAt).toISOString()}>{formatDay(e.occurredAt)}</time>
          <span aria-hidden="true"> · </span>
          <span>{tc(`study.source.${e.source}`)}</span>
        </p>
        <p class={styles.entryTitle}>
          <Text>{e.title}</Text>
        </p>
        {e.note ? <p class={styles.entryNote}>{e.note}</p> : null}
        {off ? (
          <p class={styles.reason}>
            <Badge tone="neutral" icon="ban">
              {tc("study.reversed")}
            </Badge>
            {e.reversalReason ? <span>{e.reversalReason}</span> : null}
          </p>
        ) : null}
      </div>
      <div class={styles.entryFigures}>
        {e.hoursTenths !== 0 ? <Text class={styles.entryHours}>{tc("study.plusHours", { n: hoursText(e.hoursTenths) })}</Text> : null}
        {e.points !== 0 ? <Text class={styles.entryPoints}>{tc("study.plusPoints", { n: e.points })}</Text> : null}
      </div>
    </div>
  );
}

import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import detail from "../../components/CourseDetail/style.module.css";
import { CourseTabs } from "../../components/CourseTabs";
import { EmptyState } from "../../components/EmptyState";
import { Figures } from "../../components/Figures";
import { Loaded } from "../../components/Loaded";
import { PageHeader } from "../../components/PageHeader";
import rows from "../../components/RowList/style.module.css";
import { useYearParam, YearSwitch } from "../../components/YearSwitch";
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

/**
 * 我的学时: the year's study hours and points, and every entry behind them — a plain record of what was
 * done, with reversed entries struck through and their reason. No ranking, no comparison with anyone.
 */
function StudyPage() {
  const { year, current, go } = useYearParam();
  const { data, error, reload } = useResource<MyStudy>(`/api/me/study${query({ year })}`);

  return (
    <div class={styles.page}>
      <PageHeader title={tc("study.title")} description={tc("study.intro")} />
      <CourseTabs />
      <YearSwitch year={year} max={current} onYear={go} />
      <Loaded data={data?.year === year ? data : undefined} error={error} reload={reload} minHeight={14}>
        {(study) => <YearView study={study} />}
      </Loaded>
    </div>
  );
}

function YearView({ study }: { study: MyStudy }) {
  const reversed = study.entries.some((e) => e.reversedAt !== null);
  return (
    <>
      <Figures
        figures={[
          { label: tc("study.hours"), value: hoursText(study.hoursTenths) },
          { label: tc("study.points"), value: study.points },
        ]}
      />
      {study.entries.length === 0 ? (
        <EmptyState icon="clock" title={tc("study.empty.title", { year: study.year })}>
          {tc("study.empty.body")}
        </EmptyState>
      ) : (
        <section class={styles.section} aria-labelledby="entries-title">
          <h2 id="entries-title" class={detail.sectionTitle}>
            {tc("study.entries")}
            <span class={detail.sectionCount}>{tc("study.entriesCount", { n: study.entries.length })}</span>
          </h2>
          <ul class={rows.list}>
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

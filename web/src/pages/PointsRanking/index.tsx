import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { buttonClass } from "../../components/Button";
import detail from "../../components/CourseDetail/style.module.css";
import { EmptyState } from "../../components/EmptyState";
import { Figures } from "../../components/Figures";
import { Icon } from "../../components/Icon";
import { Loaded } from "../../components/Loaded";
import { PageHeader } from "../../components/PageHeader";
import rows from "../../components/RowList/style.module.css";
import { useYearParam, YearSwitch } from "../../components/YearSwitch";
import { tp } from "../../i18n/plans.zh-CN";
import { query } from "../../lib/api";
import { planPaths } from "../../lib/my-plan";
import type { PointsRanking } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function PointsRankingPage() {
  return (
    <AppShell title={tp("points.ranking.title")} requiredRole="member">
      {(me) => <Ranking userId={me.id} />}
    </AppShell>
  );
}

/**
 * 支部积分排行: only when the member's branch chose to show one (off by default — rankings of points
 * are among what the rules against 指尖上的形式主义 discourage). When it is off the API answers 403
 * and the page says what points are instead: a record of what was done.
 */
function Ranking({ userId }: { userId: string }) {
  const { year, current, go } = useYearParam();
  const { data, error, reload } = useResource<PointsRanking>(`/api/points/ranking${query({ year })}`);
  const shown = data?.year === year ? data : undefined;
  const yearParam = year === current ? undefined : year;

  return (
    <div class={styles.page}>
      <a class={styles.back} href={`${planPaths.plan}${query({ year: yearParam })}`}>
        <Icon name="chevronLeft" size={1} />
        {tp("points.ranking.back")}
      </a>
      <PageHeader
        title={tp("points.ranking.heading")}
        description={shown ? tp("points.ranking.intro", { org: shown.org.name, year: shown.year }) : undefined}
      />
      {error?.status === 403 ? (
        <EmptyState
          icon="trophy"
          title={tp("points.ranking.off.title")}
          action={
            <a class={buttonClass("secondary")} href={`/study${query({ year: yearParam })}`}>
              {tp("points.ranking.off.history")}
            </a>
          }
        >
          {tp("points.ranking.off.body")}
        </EmptyState>
      ) : (
        <>
          <YearSwitch year={year} max={current} onYear={go} />
          <Loaded data={shown} error={error} reload={reload} minHeight={18}>
            {(ranking) => <Board ranking={ranking} userId={userId} />}
          </Loaded>
        </>
      )}
    </div>
  );
}

function Board({ ranking, userId }: { ranking: PointsRanking; userId: string }) {
  const people = ranking.people;
  return (
    <>
      <Figures
        size="sm"
        figures={[
          { label: tp("points.ranking.me"), value: ranking.me?.points ?? 0 },
          {
            label: tp("points.ranking.myRank"),
            value: ranking.me ? tp("points.ranking.meRank", { rank: ranking.me.rank }) : tp("points.ranking.meNone"),
          },
        ]}
      />
      {people.length === 0 ? (
        <EmptyState icon="trophy" title={tp("points.ranking.empty.title", { year: ranking.year })}>
          {tp("points.ranking.empty.body")}
        </EmptyState>
      ) : (
        <section class={styles.section} aria-labelledby="people-title">
          <h2 id="people-title" class={[detail.sectionTitle, styles.wraps].join(" ")}>
            {ranking.org.name}
            <span class={detail.sectionCount}>{tp("points.ranking.count", { n: people.length })}</span>
          </h2>
          <ol class={rows.list} aria-label={tp("points.ranking.listLabel", { org: ranking.org.name })}>
            {people.map((p) => {
              const mine = p.userId === userId;
              return (
                <li key={p.userId} class={[styles.row, mine ? styles.mine : ""].join(" ")} aria-current={mine ? "true" : undefined}>
                  <span class={[styles.rank, p.rank <= 3 ? styles.top : ""].join(" ")}>
                    <span class="visually-hidden">{tp("points.ranking.rank", { rank: p.rank })}</span>
                    <span aria-hidden="true">{p.rank}</span>
                  </span>
                  <span class={styles.name}>
                    {p.name}
                    {mine ? (
                      <Badge tone="red" class={styles.meBadge}>
                        {tp("points.ranking.meBadge")}
                      </Badge>
                    ) : null}
                  </span>
                  <span class={styles.points}>{tp("points.ranking.points", { n: p.points })}</span>
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </>
  );
}

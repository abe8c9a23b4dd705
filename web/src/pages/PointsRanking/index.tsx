import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { YearSwitch } from "../../components/YearSwitch";
import { tp } from "../../i18n/plans.zh-CN";
import { query } from "../../lib/api";
import { planPaths, thisYear, yearFrom } from "../../lib/my-plan";
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
  const { query: params, path, route } = useLocation();
  const current = thisYear();
  const year = yearFrom(params.year);
  const { data, error, reload } = useResource<PointsRanking>(`/api/points/ranking${query({ year })}`);
  const go = (y: number) => route(`${path}${query({ year: y === current ? undefined : y })}`, true);
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
          <YearSwitch
            year={year}
            max={current}
            label={tp("plan.year", { year })}
            prevLabel={tp("plan.prevYear")}
            nextLabel={tp("plan.nextYear")}
            onYear={go}
          />
          {error ? (
            <Notice
              tone="error"
              requestId={error.requestId}
              action={
                <Button icon="refresh" onClick={reload}>
                  {tp("common.retry")}
                </Button>
              }
            >
              {error.message}
            </Notice>
          ) : !shown ? (
            <Loading label={tp("app.loading")} minHeight={18} />
          ) : (
            <Board ranking={shown} userId={userId} />
          )}
        </>
      )}
    </div>
  );
}

function Board({ ranking, userId }: { ranking: PointsRanking; userId: string }) {
  const people = ranking.people;
  return (
    <>
      <dl class={styles.me}>
        <div>
          <dt>{tp("points.ranking.me")}</dt>
          <dd class="num">{ranking.me?.points ?? 0}</dd>
        </div>
        <div>
          <dt>{tp("points.ranking.myRank")}</dt>
          <dd>{ranking.me ? tp("points.ranking.meRank", { rank: ranking.me.rank }) : tp("points.ranking.meNone")}</dd>
        </div>
      </dl>
      {people.length === 0 ? (
        <EmptyState icon="trophy" title={tp("points.ranking.empty.title", { year: ranking.year })}>
          {tp("points.ranking.empty.body")}
        </EmptyState>
      ) : (
        <section class={styles.section} aria-labelledby="people-title">
          <h2 id="people-title" class={styles.sectionTitle}>
            {ranking.org.name}
            <span class={styles.count}>{tp("points.ranking.count", { n: people.length })}</span>
          </h2>
          <ol class={styles.list} aria-label={tp("points.ranking.listLabel", { org: ranking.org.name })}>
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

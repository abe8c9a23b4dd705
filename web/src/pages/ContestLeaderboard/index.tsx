import { useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import rows from "../../components/RowList/style.module.css";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { certificateHref, formatDuration, hostLine } from "../../lib/contest";
import type { Leaderboard, LeaderboardEntry, MyContestList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function ContestLeaderboard() {
  return (
    <AppShell title={tk("contest.board.title")} requiredRole="member">
      {() => <Board />}
    </AppShell>
  );
}

const TOP = 50;

/** 排行榜: the top 50 of a closed round and my own place, by score, then less time, then earlier finish. */
function Board() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const { data, error, reload } = useResource<Leaderboard>(`/api/rounds/${encodeURIComponent(id)}/leaderboard?limit=${TOP}`);
  const mine = useResource<MyContestList>("/api/contests/mine");
  const contest = mine.data?.contests.find((c) => c.rounds.some((r) => r.id === id));
  const round = contest?.rounds.find((r) => r.id === id);

  let body = null;
  if (error) {
    body =
      error.status === 403 ? (
        <Notice tone="info" title={tk("contest.board.notReady")}>
          {error.message}
        </Notice>
      ) : (
        <Notice
          tone="error"
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {tk("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      );
  } else if (!data) {
    body = <Loading label={tk("app.loading")} minHeight={20} />;
  } else if (data.top.length === 0) {
    body = (
      <EmptyState icon="chart" title={tk("contest.board.empty.title")}>
        {tk("contest.board.empty.body")}
      </EmptyState>
    );
  } else {
    const meInTop = data.me !== null && data.top.some((e) => e.userId === data.me?.userId);
    body = (
      <>
        {data.me ? (
          <section class={styles.mine} aria-labelledby="mine-title">
            <h2 id="mine-title" class={styles.mineTitle}>
              {tk("contest.board.mine")}
            </h2>
            <p class={styles.mineRank}>
              <span class={styles.mineRankValue}>{tk("contest.board.rankValue", { rank: data.me.rank })}</span>
              <span class={styles.mineOf}>{tk("contest.board.of", { n: data.participants })}</span>
            </p>
            <p class={styles.mineFacts}>
              {tk("contest.board.mineFacts", { score: data.me.score, time: formatDuration(data.me.durationMs) })}
            </p>
            {round ? (
              <a class={buttonClass("secondary", "md")} href={certificateHref(id)}>
                <Icon name="file" />
                <span>{tk("attempt.result.toCertificate")}</span>
              </a>
            ) : null}
          </section>
        ) : null}
        <section aria-labelledby="top-title" class={styles.topSection}>
          <h2 id="top-title" class={styles.topTitle}>
            {tk(data.participants > data.top.length ? "contest.board.top" : "contest.board.all", {
              n: data.top.length,
              total: data.participants,
            })}
          </h2>
          <p class={styles.rule}>{tk(round?.scoring === "speed" ? "contest.board.rule.speed" : "contest.board.rule.accuracy")}</p>
          <ol class={rows.list}>
            {data.top.map((entry) => (
              <Row key={entry.userId} entry={entry} me={entry.userId === data.me?.userId} />
            ))}
          </ol>
          {data.me && !meInTop ? (
            <>
              <p class={styles.gap} aria-hidden="true">
                ⋯
              </p>
              <ol class={rows.list}>
                <Row entry={data.me} me />
              </ol>
            </>
          ) : null}
        </section>
      </>
    );
  }

  return (
    <div class={styles.page}>
      <PageHeader title={tk("contest.board.title")} />
      {contest && round ? (
        <div class={styles.context}>
          <p class={styles.contextTitle}>
            {contest.title}
            <span class={styles.nowrap}> · {round.name}</span>
          </p>
          <p class={styles.hosts}>{hostLine(contest.hosts)}</p>
        </div>
      ) : null}
      {body}
      <a class={[buttonClass("quiet", "md", true), styles.back].join(" ")} href="/contests">
        <Icon name="chevronLeft" size={1} />
        <span>{tk("attempt.backToList")}</span>
      </a>
    </div>
  );
}

function Row({ entry, me }: { entry: LeaderboardEntry; me: boolean }) {
  const medal = entry.rank <= 3;
  return (
    <li class={styles.row} data-me={me ? "true" : undefined} aria-current={me ? "true" : undefined}>
      <span class={[styles.rank, medal ? styles.medal : ""].join(" ")}>
        <span class="visually-hidden">{tk("contest.board.rankValue", { rank: entry.rank })}</span>
        <span aria-hidden="true">{entry.rank}</span>
      </span>
      <span class={styles.who}>
        <span class={styles.name}>
          {entry.name}
          {me ? <span class={styles.meTag}>{tk("contest.board.me")}</span> : null}
        </span>
        <span class={styles.org}>{entry.orgName}</span>
      </span>
      <span class={styles.figures}>
        <span class={styles.score}>{tk("contest.board.score", { n: entry.score })}</span>
        <span class={styles.time}>{formatDuration(entry.durationMs)}</span>
      </span>
    </li>
  );
}

import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { adminPaths, formatDuration, formatPercent, roundStateBadge } from "../../lib/contest-admin";
import { formatDateTime, formatShortDateTime, isoTime } from "../../lib/format";
import type { ContestResponse, Leaderboard, RoundMonitor as Monitor, Round, RoundGrant } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { Tile } from "../ContestAdmin/tile";
import { GrantDialog } from "./grant-dialog";
import styles from "./style.module.css";

const REFRESH_MS = 10_000;

export default function RoundMonitor() {
  return (
    <AppShell title={tk("contestAdmin.monitor.title")} requiredRole="organizer">
      {() => <MonitorPage />}
    </AppShell>
  );
}

/** Reloads every `ms` while the tab is visible; a hidden tab stops asking, and catches up the moment it is shown. */
function useAutoRefresh(reloads: (() => void)[], ms: number, enabled: boolean) {
  const [paused, setPaused] = useState(typeof document !== "undefined" && document.hidden);
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setInterval> | null = null;
    const tick = () => {
      for (const reload of reloads) reload();
    };
    const start = () => {
      if (timer === null) timer = setInterval(tick, ms);
    };
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => {
      if (document.hidden) {
        stop();
        setPaused(true);
      } else {
        setPaused(false);
        tick();
        start();
      }
    };
    if (!document.hidden) start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [enabled, ms]);
  return paused;
}

function MonitorPage() {
  const { params } = useRoute();
  const contestId = params.id ?? "";
  const roundId = params.roundId ?? "";
  const contestRes = useResource<ContestResponse>(`/api/contests/${encodeURIComponent(contestId)}`);
  const monitor = useResource<Monitor>(`/api/rounds/${encodeURIComponent(roundId)}/monitor`);
  const top = useResource<Leaderboard>(`/api/rounds/${encodeURIComponent(roundId)}/leaderboard?limit=10`);
  const grants = useResource<{ grants: RoundGrant[] }>(`/api/rounds/${encodeURIComponent(roundId)}/grants`);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [grantOpen, setGrantOpen] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (monitor.data) setUpdatedAt(monitor.data.serverNow);
  }, [monitor.data]);

  const contest = contestRes.data?.contest;
  const round = contest?.rounds.find((r) => r.id === roundId);
  const paused = useAutoRefresh([monitor.reload, top.reload], REFRESH_MS, round?.state !== "closed");

  const failed = contestRes.error ?? monitor.error;
  if (failed) {
    return (
      <div class={admin.page}>
        <Crumbs contestId={contestId} title={contest?.title} />
        <Notice
          tone={failed.status === 404 ? "warning" : "error"}
          requestId={failed.requestId}
          action={
            <Button
              icon="refresh"
              onClick={() => {
                contestRes.reload();
                monitor.reload();
              }}
            >
              {tk("common.retry")}
            </Button>
          }
        >
          {failed.message}
        </Notice>
      </div>
    );
  }
  if (!contest || !monitor.data) return <Loading label={tk("app.loading")} minHeight={20} />;
  if (!round) {
    return (
      <div class={admin.page}>
        <Crumbs contestId={contestId} title={contest.title} />
        <Notice tone="warning">{tk("contestAdmin.roundNotFound")}</Notice>
      </div>
    );
  }

  const m = monitor.data;
  const state = roundStateBadge[m.state];
  const participation = m.eligible > 0 ? m.started / m.eligible : 0;
  return (
    <div class={admin.page}>
      <Crumbs contestId={contestId} title={contest.title} round={tk("contestAdmin.monitor.heading", { name: round.name })} />
      <PageHeader
        title={tk("contestAdmin.monitor.heading", { name: round.name })}
        description={
          <span class={styles.headerMeta}>
            <Badge tone={state.tone} icon={state.icon}>
              {state.label()}
            </Badge>
            <span>
              <time dateTime={isoTime(round.opensAt)}>{formatDateTime(round.opensAt)}</time>
              {" – "}
              <time dateTime={isoTime(round.closesAt)}>{formatDateTime(round.closesAt)}</time>
            </span>
          </span>
        }
        actions={
          <>
            <a class={buttonClass("secondary")} href={adminPaths.results(contest.id, round.id)}>
              <Icon name="chart" />
              <span>{tk("contestAdmin.results")}</span>
            </a>
            <Button
              variant="primary"
              icon="clock"
              onClick={() => {
                setFlash(null);
                setGrantOpen(true);
              }}
            >
              {tk("contestAdmin.grant.open")}
            </Button>
          </>
        }
      />

      <div class={styles.refreshLine} aria-live="polite">
        <Icon name={paused ? "clock" : "refresh"} size={1} />
        <span>
          {m.state === "closed"
            ? tk("contestAdmin.monitor.closed")
            : paused
              ? tk("contestAdmin.monitor.paused")
              : tk("contestAdmin.monitor.auto", { seconds: REFRESH_MS / 1000 })}
          {updatedAt ? ` · ${tk("contestAdmin.monitor.updated", { at: formatDateTime(updatedAt).slice(11) })}` : ""}
        </span>
        <Button
          size="sm"
          variant="quiet"
          icon="refresh"
          pending={monitor.loading}
          onClick={() => {
            monitor.reload();
            top.reload();
            grants.reload();
          }}
        >
          {tk("contestAdmin.monitor.refresh")}
        </Button>
      </div>

      <section aria-labelledby="monitor-numbers">
        <h2 id="monitor-numbers" class="visually-hidden">
          {tk("contestAdmin.monitor.numbers")}
        </h2>
        <div class={admin.tiles}>
          <Tile label={tk("contestAdmin.monitor.eligible")} value={m.eligible} unit={tk("contestAdmin.unit.people")} />
          <Tile
            label={tk("contestAdmin.monitor.started")}
            value={m.started}
            unit={tk("contestAdmin.unit.people")}
            note={tk("contestAdmin.monitor.startedShare", { share: formatPercent(participation) })}
          />
          <Tile label={tk("contestAdmin.monitor.inProgress")} value={m.inProgress} unit={tk("contestAdmin.unit.people")} />
          <Tile label={tk("contestAdmin.monitor.finished")} value={m.finished} unit={tk("contestAdmin.unit.people")} />
          <Tile
            label={tk("contestAdmin.monitor.median")}
            value={m.medianScore === null ? "—" : Number.isInteger(m.medianScore) ? m.medianScore : m.medianScore.toFixed(1)}
            unit={m.medianScore === null ? "" : tk("contestAdmin.unit.points")}
            note={tk("contestAdmin.monitor.outOf", { points: round.totalPoints })}
          />
        </div>
        <Progress eligible={m.eligible} started={m.started} finished={m.finished} />
      </section>

      <div class={styles.columns}>
        <GrantsSection round={round} grants={grants.data?.grants} error={grants.error?.message} flash={flash} />
        <TopSection board={top.data} />
      </div>

      <GrantDialog
        open={grantOpen}
        round={round}
        scope={contest.scope}
        onClose={() => setGrantOpen(false)}
        onDone={(message) => {
          setGrantOpen(false);
          setFlash(message);
          grants.reload();
          monitor.reload();
        }}
      />
    </div>
  );
}

function Crumbs({ contestId, title, round }: { contestId: string; title: string | undefined; round?: string }) {
  return (
    <nav class={admin.crumbs} aria-label={tk("contestAdmin.crumbs")}>
      <a href={adminPaths.list}>{tk("contestAdmin.title")}</a>
      <Icon name="chevronRight" size={0.875} />
      <a href={adminPaths.contest(contestId)}>{title ?? tk("contestAdmin.editor.title")}</a>
      {round ? (
        <span class={admin.crumbHere}>
          <Icon name="chevronRight" size={0.875} />
          <span aria-current="page">{round}</span>
        </span>
      ) : null}
    </nav>
  );
}

/** Finished and still answering as one bar against everyone eligible; the numbers are in the tiles and the legend. */
function Progress({ eligible, started, finished }: { eligible: number; started: number; finished: number }) {
  if (eligible <= 0) return null;
  const done = Math.min(1, finished / eligible);
  const going = Math.min(1 - done, Math.max(0, started - finished) / eligible);
  return (
    <div class={styles.progress}>
      <div class={styles.progressBar} aria-hidden="true">
        <span class={styles.progressDone} style={{ width: `${done * 100}%` }} />
        <span class={styles.progressGoing} style={{ width: `${going * 100}%` }} />
      </div>
      <p class={styles.progressLegend}>
        <span class={styles.legendDone}>{tk("contestAdmin.monitor.legendFinished", { share: formatPercent(done) })}</span>
        <span class={styles.legendGoing}>{tk("contestAdmin.monitor.legendStarted", { share: formatPercent(going) })}</span>
        <span class={styles.legendNot}>
          {tk("contestAdmin.monitor.legendNot", { share: formatPercent(Math.max(0, 1 - done - going)) })}
        </span>
      </p>
    </div>
  );
}

const grantKindLabel = (grant: RoundGrant) =>
  grant.kind === "extra_attempt"
    ? tk("contestAdmin.grant.kind.extra_attempt")
    : tk(`contestAdmin.grant.kindWithMinutes.${grant.kind}`, { minutes: grant.minutes });

function GrantsSection({
  round,
  grants,
  error,
  flash,
}: {
  round: Round;
  grants: RoundGrant[] | undefined;
  error: string | undefined;
  flash: string | null;
}) {
  return (
    <section class={admin.card} aria-labelledby="grants-title">
      <div class={admin.cardHead}>
        <h2 id="grants-title" class={admin.sectionTitle}>
          {tk("contestAdmin.grant.listTitle")}
          {grants ? <span class={admin.sectionCount}>{tk("contestAdmin.grant.count", { count: grants.length })}</span> : null}
        </h2>
      </div>
      <p class={admin.hint}>{tk("contestAdmin.grant.intro", { name: round.name })}</p>
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {error ? (
        <Notice tone="error">{error}</Notice>
      ) : !grants ? (
        <Loading label={tk("app.loading")} minHeight={6} />
      ) : grants.length === 0 ? (
        <p class={admin.empty}>{tk("contestAdmin.grant.empty")}</p>
      ) : (
        <div class={admin.scroll}>
          <table class={admin.table}>
            <thead>
              <tr>
                <th scope="col">{tk("contestAdmin.grant.col.member")}</th>
                <th scope="col">{tk("contestAdmin.grant.col.kind")}</th>
                <th scope="col">{tk("contestAdmin.grant.col.reason")}</th>
                <th scope="col">{tk("contestAdmin.grant.col.at")}</th>
              </tr>
            </thead>
            <tbody>
              {grants.map((grant) => (
                <tr key={grant.id}>
                  <th scope="row" class={admin.nowrap}>
                    {grant.userName}
                  </th>
                  <td class={admin.nowrap}>{grantKindLabel(grant)}</td>
                  <td>{grant.reason}</td>
                  <td class={`${admin.nowrap} ${admin.muted}`}>
                    <time dateTime={isoTime(grant.createdAt)}>{formatShortDateTime(grant.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TopSection({ board }: { board: Leaderboard | undefined }) {
  return (
    <section class={admin.card} aria-labelledby="top-title">
      <h2 id="top-title" class={admin.sectionTitle}>
        {tk("contestAdmin.monitor.top")}
      </h2>
      <p class={admin.hint}>{tk("contestAdmin.monitor.topHint")}</p>
      {!board ? (
        <Loading label={tk("app.loading")} minHeight={6} />
      ) : board.top.length === 0 ? (
        <p class={admin.empty}>{tk("contestAdmin.monitor.topEmpty")}</p>
      ) : (
        <div class={admin.scroll}>
          <table class={admin.table}>
            <thead>
              <tr>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.rank")}
                </th>
                <th scope="col">{tk("contestAdmin.col.name")}</th>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.score")}
                </th>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.time")}
                </th>
              </tr>
            </thead>
            <tbody>
              {board.top.map((entry) => (
                <tr key={entry.userId}>
                  <td class={admin.num}>{entry.rank}</td>
                  <th scope="row">
                    {entry.name}
                    <span class={styles.sub}>{entry.orgName}</span>
                  </th>
                  <td class={admin.num}>{entry.score}</td>
                  <td class={admin.num}>{formatDuration(entry.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

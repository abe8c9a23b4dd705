import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Checkbox, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Menu } from "../../components/Menu";
import { Notice } from "../../components/Notice";
import { OpenLiveRoomButton } from "../../components/OpenLiveRoom";
import { PageHeader } from "../../components/PageHeader";
import { Pagination } from "../../components/Pagination";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import type { ApiError } from "../../lib/api";
import { adminPaths, advancementText, formatDuration, formatPercent, isMissingRoute, roundStateBadge } from "../../lib/contest-admin";
import { downloadFrom } from "../../lib/download";
import { formatDateTime, formatShortDateTime, isoTime, orgKindLabel } from "../../lib/format";
import { typeLabel } from "../../lib/question";
import type {
  Contest,
  ContestResponse,
  Leaderboard,
  LeaderboardEntry,
  QuestionStat,
  QuestionStats,
  Round,
  RoundMonitor,
  ScoreHistogram,
  Standings,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { type Resource, useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { Section } from "../ContestAdmin/section";
import { SortHeader } from "../ContestAdmin/sort-header";
import { Histogram } from "./histogram";
import styles from "./style.module.css";

const PAGE_SIZE = 20;
const LEADERBOARD_LIMIT = 200;
/** Below this a question hardly tells stronger from weaker participants (a common rule of thumb). */
const LOW_DISCRIMINATION = 0.2;

export default function RoundResults() {
  return (
    <AppShell title={tk("contestAdmin.results.title")} requiredRole="organizer">
      {() => <ResultsPage />}
    </AppShell>
  );
}

function ResultsPage() {
  const { params } = useRoute();
  const contestId = params.id ?? "";
  const roundId = params.roundId ?? "";
  const base = `/api/rounds/${encodeURIComponent(roundId)}`;
  const contestRes = useResource<ContestResponse>(`/api/contests/${encodeURIComponent(contestId)}`);
  const contest = contestRes.data?.contest;
  const round = contest?.rounds.find((r) => r.id === roundId);
  const ready = round !== undefined;
  const board = useResource<Leaderboard>(ready ? `${base}/leaderboard?limit=${LEADERBOARD_LIMIT}` : null);
  const monitor = useResource<RoundMonitor>(ready ? `${base}/monitor` : null);
  const teams = useResource<Standings>(ready && contest?.team ? `${base}/standings?by=team` : null);
  const orgStandings = useResource<Standings>(ready ? `${base}/standings?by=org` : null);
  const stats = useResource<QuestionStats>(ready ? `${base}/question-stats` : null);
  const histogram = useResource<ScoreHistogram>(ready ? `${base}/histogram` : null);

  if (contestRes.error) {
    return (
      <div class={admin.page}>
        <Crumbs contestId={contestId} title={undefined} />
        <Notice
          tone={contestRes.error.status === 404 ? "warning" : "error"}
          requestId={contestRes.error.requestId}
          action={
            <Button icon="refresh" onClick={contestRes.reload}>
              {tk("common.retry")}
            </Button>
          }
        >
          {contestRes.error.message}
        </Notice>
      </div>
    );
  }
  if (!contest) return <Loading label={tk("app.loading")} minHeight={20} />;
  if (!round) {
    return (
      <div class={admin.page}>
        <Crumbs contestId={contestId} title={contest.title} />
        <Notice tone="warning">{tk("contestAdmin.roundNotFound")}</Notice>
      </div>
    );
  }

  const state = roundStateBadge[round.state];
  return (
    <div class={admin.page}>
      <Crumbs contestId={contestId} title={contest.title} round={tk("contestAdmin.results.heading", { name: round.name })} />
      <PageHeader
        title={tk("contestAdmin.results.heading", { name: round.name })}
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
            {round.mode === "live" && contest.status === "published" ? (
              <OpenLiveRoomButton roundId={round.id} roundName={round.name} contestId={contest.id} variant="secondary" size="md" />
            ) : null}
            <Exports round={round} />
          </>
        }
      />
      {round.state !== "closed" ? <Notice tone="info">{tk("contestAdmin.results.notClosed")}</Notice> : null}

      <Summary round={round} board={board.data} monitor={monitor.data} />

      <nav class={styles.jump} aria-label={tk("contestAdmin.results.jump")}>
        <a href="#leaderboard">{tk("contestAdmin.results.leaderboard")}</a>
        {contest.team ? <a href="#teams">{tk("contestAdmin.results.teams")}</a> : null}
        <a href="#orgs">{tk("contestAdmin.results.orgs")}</a>
        <a href="#distribution">{tk("contestAdmin.results.distribution")}</a>
        <a href="#questions">{tk("contestAdmin.results.questions")}</a>
      </nav>

      <Section
        id="leaderboard"
        title={tk("contestAdmin.results.leaderboard")}
        count={board.data ? tk("contestAdmin.results.participants", { count: board.data.participants }) : undefined}
      >
        <Loaded resource={board}>{(data) => <LeaderboardTable contest={contest} round={round} board={data} />}</Loaded>
      </Section>

      {contest.team ? (
        <Section
          id="teams"
          title={tk("contestAdmin.results.teams")}
          count={tk("contestAdmin.results.teamKind", { kind: orgKindLabel(contest.team.kind) })}
        >
          <Loaded resource={teams}>{(data) => <StandingsTable data={data} nameCol={tk("contestAdmin.col.team")} />}</Loaded>
        </Section>
      ) : null}

      <Section id="orgs" title={tk("contestAdmin.results.orgs")}>
        <Loaded resource={orgStandings}>{(data) => <StandingsTable data={data} nameCol={tk("contestAdmin.col.org")} />}</Loaded>
      </Section>

      <Section id="distribution" title={tk("contestAdmin.results.distribution")}>
        <Loaded resource={histogram}>
          {(data) =>
            data.bins.every((bin) => bin.count === 0) ? (
              <p class={admin.empty}>{tk("contestAdmin.results.noResults")}</p>
            ) : (
              <Histogram data={data} />
            )
          }
        </Loaded>
      </Section>

      <Section id="questions" title={tk("contestAdmin.results.questions")}>
        <Loaded resource={stats}>{(data) => <QuestionStatsTable data={data} />}</Loaded>
      </Section>
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

/** A section's data, its loading state, or why it is not there — a missing endpoint is said plainly, not thrown. */
function Loaded<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ComponentChildren }) {
  if (resource.error) return <SectionError error={resource.error} onRetry={resource.reload} />;
  if (!resource.data) return <Loading label={tk("app.loading")} minHeight={8} />;
  return <>{children(resource.data)}</>;
}

function SectionError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  if (isMissingRoute(error)) return <Notice tone="info">{tk("contestAdmin.results.unavailable")}</Notice>;
  return (
    <Notice
      tone="error"
      requestId={error.requestId}
      action={
        <Button size="sm" icon="refresh" onClick={onRetry}>
          {tk("common.retry")}
        </Button>
      }
    >
      {error.message}
    </Notice>
  );
}

function Exports({ round }: { round: Round }) {
  const action = useAction((path: string, name: string) => downloadFrom(path, name));
  const base = `/api/rounds/${encodeURIComponent(round.id)}`;
  const get = (kind: "results" | "question-stats", format: "xlsx" | "csv") => {
    const label = kind === "results" ? tk("contestAdmin.export.resultsFile") : tk("contestAdmin.export.statsFile");
    void action.run(`${base}/${kind}/export?format=${format}`, `${round.name}${label}.${format}`);
  };
  return (
    <div class={styles.exports}>
      <Menu
        label={tk("contestAdmin.export.results")}
        items={[
          { label: tk("contestAdmin.export.xlsx"), icon: "download", onSelect: () => get("results", "xlsx") },
          { label: tk("contestAdmin.export.csv"), icon: "download", onSelect: () => get("results", "csv") },
        ]}
      />
      <Menu
        label={tk("contestAdmin.export.stats")}
        items={[
          { label: tk("contestAdmin.export.xlsx"), icon: "download", onSelect: () => get("question-stats", "xlsx") },
          { label: tk("contestAdmin.export.csv"), icon: "download", onSelect: () => get("question-stats", "csv") },
        ]}
      />
      <span class={styles.exportStatus} aria-live="polite">
        {action.pending ? tk("contestAdmin.export.pending") : ""}
      </span>
      {action.error ? (
        <Notice tone="error" class={styles.exportError} requestId={action.error.requestId}>
          {isMissingRoute(action.error) ? tk("contestAdmin.results.unavailable") : action.error.message}
        </Notice>
      ) : null}
    </div>
  );
}

function Summary({ round, board, monitor }: { round: Round; board: Leaderboard | undefined; monitor: RoundMonitor | undefined }) {
  const participants = board?.participants ?? monitor?.finished;
  const best = board?.top[0]?.score;
  const median = monitor?.medianScore ?? null;
  return (
    <div class={admin.tiles}>
      <div class={admin.tile}>
        <span class={admin.tileLabel}>{tk("contestAdmin.results.tile.participants")}</span>
        <span class={admin.tileValue}>
          {participants ?? "—"}
          <span class={admin.tileUnit}>{tk("contestAdmin.unit.people")}</span>
        </span>
        {monitor && monitor.eligible > 0 && participants !== undefined ? (
          <span class={admin.tileNote}>
            {tk("contestAdmin.results.tile.rate", { eligible: monitor.eligible, share: formatPercent(participants / monitor.eligible) })}
          </span>
        ) : null}
      </div>
      <div class={admin.tile}>
        <span class={admin.tileLabel}>{tk("contestAdmin.monitor.median")}</span>
        <span class={admin.tileValue}>
          {median === null ? "—" : Number.isInteger(median) ? median : median.toFixed(1)}
          {median === null ? null : <span class={admin.tileUnit}>{tk("contestAdmin.unit.points")}</span>}
        </span>
        <span class={admin.tileNote}>{tk("contestAdmin.monitor.outOf", { points: round.totalPoints })}</span>
      </div>
      <div class={admin.tile}>
        <span class={admin.tileLabel}>{tk("contestAdmin.results.tile.best")}</span>
        <span class={admin.tileValue}>
          {best ?? "—"}
          {best === undefined ? null : <span class={admin.tileUnit}>{tk("contestAdmin.unit.points")}</span>}
        </span>
        <span class={admin.tileNote}>{board?.top[0] ? board.top[0].name : ""}</span>
      </div>
      <div class={admin.tile}>
        <span class={admin.tileLabel}>{tk("contestAdmin.results.tile.rules")}</span>
        <span class={styles.tileText}>{advancementText(round.advancement)}</span>
        <span class={admin.tileNote}>
          {round.honourTopN ? tk("contestAdmin.round.honourShort", { count: round.honourTopN }) : tk("contestAdmin.results.tile.noHonour")}
        </span>
      </div>
    </div>
  );
}

/** The rank a result needs to move on, for marking those who advance (the server's own rule, restated). */
function advances(round: Round, entry: LeaderboardEntry, participants: number): boolean {
  const rule = round.advancement;
  if (!rule) return false;
  if (rule.kind === "top_n") return entry.rank <= rule.value;
  if (rule.kind === "top_percent") return entry.rank <= Math.ceil((participants * rule.value) / 100);
  return entry.score >= rule.value;
}

function LeaderboardTable({ contest, round, board }: { contest: Contest; round: Round; board: Leaderboard }) {
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(1);
  const rows = useMemo(() => {
    const q = filter.trim();
    return q ? board.top.filter((e) => e.name.includes(q) || e.orgName.includes(q)) : board.top;
  }, [board, filter]);
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  if (board.top.length === 0) return <p class={admin.empty}>{tk("contestAdmin.results.noResults")}</p>;
  return (
    <>
      <div class={styles.tableTools}>
        <TextField
          class={styles.filterField}
          label={tk("contestAdmin.results.filter")}
          type="search"
          placeholder={tk("contestAdmin.results.filterPlaceholder")}
          value={filter}
          onValue={(v) => {
            setFilter(v);
            setPage(1);
          }}
          autoComplete="off"
        />
        <p class={admin.hint}>
          {tk("contestAdmin.results.tieRule")}
          {board.participants > board.top.length ? ` ${tk("contestAdmin.results.topOnly", { count: board.top.length })}` : ""}
        </p>
      </div>
      {rows.length === 0 ? (
        <p class={admin.empty}>{tk("contestAdmin.results.noMatch")}</p>
      ) : (
        <div class={admin.scroll}>
          <table class={[admin.table, styles.leaderboard].join(" ")}>
            <thead>
              <tr>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.rank")}
                </th>
                <th scope="col">{tk("contestAdmin.col.name")}</th>
                <th scope="col" class={styles.optional}>
                  {tk("contestAdmin.col.org")}
                </th>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.score")}
                </th>
                <th scope="col" class={`${admin.num} ${styles.optional}`}>
                  {tk("contestAdmin.col.correct")}
                </th>
                <th scope="col" class={`${admin.num} ${styles.optional}`}>
                  {tk("contestAdmin.col.time")}
                </th>
                <th scope="col" class={styles.optional}>
                  {tk("contestAdmin.col.finishedAt")}
                </th>
                <th scope="col">{tk("contestAdmin.col.certificate")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => {
                const honour = round.honourTopN !== null && entry.rank <= round.honourTopN;
                return (
                  <tr key={entry.userId}>
                    <td class={admin.num}>
                      <span class={[styles.rank, entry.rank <= 3 ? styles.medal : ""].join(" ")}>{entry.rank}</span>
                    </td>
                    <th scope="row" class={styles.nameCell}>
                      <span>{entry.name}</span>
                      {honour ? (
                        <Badge tone="gold" icon="trophy">
                          {tk("contestAdmin.results.honour")}
                        </Badge>
                      ) : null}
                      {advances(round, entry, board.participants) ? (
                        <Badge tone="green" icon="check">
                          {tk("contestAdmin.results.advances")}
                        </Badge>
                      ) : null}
                      <span class={styles.orgUnder}>{entry.orgName}</span>
                    </th>
                    <td class={`${styles.orgCell} ${styles.optional}`}>{entry.orgName}</td>
                    <td class={`${admin.num} ${styles.score}`}>{entry.score}</td>
                    <td class={`${admin.num} ${styles.optional}`}>{entry.correctCount}</td>
                    <td class={`${admin.num} ${styles.optional}`}>{formatDuration(entry.durationMs)}</td>
                    <td class={`${admin.nowrap} ${admin.muted} ${styles.optional}`}>
                      <time dateTime={isoTime(entry.finishedAt)}>{formatShortDateTime(entry.finishedAt)}</time>
                    </td>
                    <td class={admin.nowrap}>
                      <a
                        href={adminPaths.certificate(round.id, entry.userId)}
                        target="_blank"
                        rel="noopener"
                        aria-label={tk("contestAdmin.results.certificateOf", {
                          kind: tk(honour ? "contestAdmin.results.certificateHonour" : "contestAdmin.results.certificate"),
                          name: entry.name,
                        })}
                      >
                        {tk(honour ? "contestAdmin.results.certificateHonour" : "contestAdmin.results.certificate")}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > PAGE_SIZE ? (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={rows.length}
          onPage={setPage}
          totalText={tk("contestAdmin.results.participants", { count: rows.length })}
        />
      ) : null}
      <p class={admin.hint}>{tk("contestAdmin.results.contestHosts", { hosts: contest.hosts.map((h) => h.name).join("、") })}</p>
    </>
  );
}

function StandingsTable({ data, nameCol }: { data: Standings; nameCol: string }) {
  return (
    <>
      <p class={admin.rule}>
        <Icon name="info" size={1} />
        <span>{data.rule}</span>
      </p>
      {data.items.length === 0 ? (
        <p class={admin.empty}>{tk("contestAdmin.results.noResults")}</p>
      ) : (
        <div class={admin.scroll}>
          <table class={admin.table}>
            <thead>
              <tr>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.rank")}
                </th>
                <th scope="col">{nameCol}</th>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.teamScore")}
                </th>
                <th scope="col" class={`${admin.num} ${styles.optional}`}>
                  {tk("contestAdmin.col.participants")}
                </th>
                <th scope="col" class={`${admin.num} ${styles.optional}`}>
                  {tk("contestAdmin.col.members")}
                </th>
                <th scope="col" class={admin.num}>
                  {tk("contestAdmin.col.rate")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => {
                const rate = item.members > 0 ? Math.min(1, item.participants / item.members) : null;
                return (
                  <tr key={item.orgId}>
                    <td class={admin.num}>{item.participants > 0 ? item.rank : "—"}</td>
                    <th scope="row">{item.name}</th>
                    <td class={`${admin.num} ${styles.score}`}>{item.participants > 0 ? item.score.toFixed(1) : "—"}</td>
                    <td class={`${admin.num} ${styles.optional}`}>{item.participants}</td>
                    <td class={`${admin.num} ${styles.optional}`}>{item.members}</td>
                    <td class={admin.barCell}>
                      {rate === null ? (
                        "—"
                      ) : (
                        <>
                          <span class={admin.bar} aria-hidden="true">
                            <span class={admin.barFill} style={{ width: `${rate * 100}%` }} />
                          </span>
                          {formatPercent(rate)}
                          <span class={styles.fraction}>
                            {tk("contestAdmin.results.fraction", { participants: item.participants, members: item.members })}
                          </span>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

type SortKey = "seq" | "shareCorrect" | "avgTimeMs" | "discrimination";

function flagOf(stat: QuestionStat): "negative" | "low" | null {
  if (stat.discrimination === null) return null;
  if (stat.discrimination < 0) return "negative";
  if (stat.discrimination < LOW_DISCRIMINATION) return "low";
  return null;
}

function FlagBadge({ flag }: { flag: "negative" | "low" }) {
  return flag === "negative" ? (
    <Badge tone="danger" icon="alert">
      {tk("contestAdmin.stats.flag.negative")}
    </Badge>
  ) : (
    <Badge tone="amber" icon="info">
      {tk("contestAdmin.stats.flag.low")}
    </Badge>
  );
}

function QuestionStatsTable({ data }: { data: QuestionStats }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "seq", desc: false });
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const flagged = data.items.filter((item) => flagOf(item) !== null).length;
  const rows = useMemo(() => {
    const list = onlyFlagged ? data.items.filter((item) => flagOf(item) !== null) : [...data.items];
    const value = (item: QuestionStat) => item[sort.key] ?? Number.NEGATIVE_INFINITY;
    return list.sort((a, b) => (sort.desc ? value(b) - value(a) : value(a) - value(b)));
  }, [data, sort, onlyFlagged]);
  if (data.items.length === 0) return <p class={admin.empty}>{tk("contestAdmin.results.noResults")}</p>;

  const header = (key: SortKey, label: string, extra = "") => (
    <SortHeader
      label={label}
      active={sort.key === key}
      desc={sort.desc}
      numeric
      class={extra}
      onSort={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "seq" }))}
    />
  );

  return (
    <>
      <p class={admin.rule}>
        <Icon name="info" size={1} />
        <span>{tk("contestAdmin.stats.explain")}</span>
      </p>
      <div class={styles.tableTools}>
        <Checkbox label={tk("contestAdmin.stats.onlyFlagged", { count: flagged })} checked={onlyFlagged} onValue={setOnlyFlagged} />
        {data.participants < 4 ? <p class={admin.hint}>{tk("contestAdmin.stats.tooFew")}</p> : null}
      </div>
      {rows.length === 0 ? (
        <p class={admin.empty}>{tk("contestAdmin.stats.noneFlagged")}</p>
      ) : (
        <div class={admin.scroll}>
          <table class={[admin.table, styles.stats].join(" ")}>
            <thead>
              <tr>
                {header("seq", tk("contestAdmin.stats.col.seq"))}
                <th scope="col">{tk("contestAdmin.stats.col.stem")}</th>
                <th scope="col" class={styles.optional}>
                  {tk("contestAdmin.stats.col.type")}
                </th>
                <th scope="col" class={`${admin.num} ${styles.optional}`}>
                  {tk("contestAdmin.stats.col.answered")}
                </th>
                {header("shareCorrect", tk("contestAdmin.stats.col.correct"))}
                {header("avgTimeMs", tk("contestAdmin.stats.col.time"), styles.optional)}
                {header("discrimination", tk("contestAdmin.stats.col.discrimination"))}
                <th scope="col" class={styles.optional}>
                  {tk("contestAdmin.stats.col.flag")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((item, index) => {
                const flag = flagOf(item);
                return (
                  <tr key={`${item.questionId}:${item.version}`} class={flag === "negative" ? styles.flaggedRow : undefined}>
                    <td class={admin.num}>{item.seq ?? index + 1}</td>
                    <th scope="row" class={styles.stemCell}>
                      <span class={styles.stem} title={item.stem}>
                        {item.stem}
                      </span>
                      {flag ? (
                        <span class={styles.flagUnder}>
                          <FlagBadge flag={flag} />
                        </span>
                      ) : null}
                    </th>
                    <td class={`${admin.nowrap} ${styles.optional}`}>{typeLabel(item.type)}</td>
                    <td class={`${admin.num} ${styles.optional}`}>
                      {item.answered}
                      {item.given !== item.answered ? <span class={admin.muted}> / {item.given}</span> : null}
                    </td>
                    <td class={admin.barCell}>
                      <span class={admin.bar} aria-hidden="true">
                        <span class={admin.barFill} style={{ width: `${item.shareCorrect * 100}%` }} />
                      </span>
                      {formatPercent(item.shareCorrect)}
                    </td>
                    <td class={`${admin.num} ${styles.optional}`}>
                      {item.avgTimeMs === null ? "—" : tk("contestAdmin.stats.seconds", { count: (item.avgTimeMs / 1000).toFixed(1) })}
                    </td>
                    <td class={admin.num}>{item.discrimination === null ? "—" : item.discrimination.toFixed(2)}</td>
                    <td class={`${admin.nowrap} ${styles.optional}`}>{flag ? <FlagBadge flag={flag} /> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

import { useMemo, useState } from "preact/hooks";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { SelectField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { liveHostPath } from "../../components/OpenLiveRoom";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { tl } from "../../i18n/live.zh-CN";
import { adminPaths, contestStatusBadge, roundStateBadge } from "../../lib/contest-admin";
import { formatDateTime, formatShortDateTime, isoTime } from "../../lib/format";
import type { Contest, ContestList, Round } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "./admin.module.css";
import styles from "./style.module.css";

export default function ContestAdmin() {
  return (
    <AppShell title={tk("contestAdmin.title")} requiredRole="organizer">
      {() => <ContestListPage />}
    </AppShell>
  );
}

function ContestListPage() {
  const { data, error, loading, reload } = useResource<ContestList>("/api/contests");
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState("");
  const contests = useMemo(() => {
    const q = search.trim();
    return (data?.contests ?? []).filter(
      (contest) =>
        (!status || contest.status === status) && (!q || contest.title.includes(q) || contest.hosts.some((host) => host.name.includes(q))),
    );
  }, [data, search, status]);
  const filtered = search.trim() !== "" || status !== "";

  const create = (
    <a class={buttonClass("primary")} href={adminPaths.create}>
      <Icon name="plus" />
      <span>{tk("contestAdmin.create")}</span>
    </a>
  );

  return (
    <div class={admin.page}>
      <PageHeader title={tk("contestAdmin.title")} description={tk("contestAdmin.intro")} actions={create} />
      {error ? (
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
      ) : !data ? (
        <Loading label={tk("app.loading")} minHeight={16} />
      ) : data.contests.length === 0 ? (
        <EmptyState icon="trophy" title={tk("contestAdmin.emptyTitle")} action={create}>
          {tk("contestAdmin.emptyBody")}
        </EmptyState>
      ) : (
        <section class={admin.card} aria-labelledby="contests-title">
          <div class={admin.cardHead}>
            <h2 id="contests-title" class={admin.sectionTitle}>
              {tk("contestAdmin.mine")}
              <span class={admin.sectionCount}>{tk("contestAdmin.count", { count: contests.length })}</span>
            </h2>
          </div>
          <form class={styles.filters} onSubmit={(event) => event.preventDefault()} aria-label={tk("contestAdmin.filters")}>
            <TextField
              class={styles.searchField}
              label={tk("contestAdmin.search")}
              type="search"
              placeholder={tk("contestAdmin.searchPlaceholder")}
              value={search}
              onValue={setSearch}
              autoComplete="off"
            />
            <SelectField
              label={tk("contestAdmin.statusFilter")}
              value={status}
              onValue={setStatus}
              options={[
                { value: "", label: tk("common.all") },
                { value: "draft", label: tk("contestAdmin.status.draft") },
                { value: "published", label: tk("contestAdmin.status.published") },
              ]}
            />
          </form>
          {contests.length === 0 ? (
            <p class={admin.empty}>{filtered ? tk("contestAdmin.noMatch") : tk("contestAdmin.emptyBody")}</p>
          ) : (
            <ul class={styles.list} aria-busy={loading ? "true" : undefined}>
              {contests.map((contest) => (
                <ContestRow key={contest.id} contest={contest} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function ContestRow({ contest }: { contest: Contest }) {
  const status = contestStatusBadge[contest.status];
  const joint = contest.hosts.length > 1;
  return (
    <li class={styles.row}>
      <div class={styles.main}>
        <div class={styles.titleRow}>
          <a class={styles.name} href={adminPaths.contest(contest.id)}>
            {contest.title}
          </a>
          <Badge tone={status.tone} icon={status.icon}>
            {status.label()}
          </Badge>
          {joint ? <Badge tone="red">{tk("contestAdmin.joint")}</Badge> : null}
        </div>
        <p class={styles.meta}>
          <Icon name="tree" size={1} />
          <span>
            {tk("contestAdmin.hostsLine", { hosts: contest.hosts.map((host) => host.name).join("、") })}
            <span aria-hidden="true"> · </span>
            {contest.publishedAt ? (
              <time dateTime={isoTime(contest.publishedAt)}>
                {tk("contestAdmin.publishedAt", { at: formatDateTime(contest.publishedAt) })}
              </time>
            ) : (
              <time dateTime={isoTime(contest.createdAt)}>{tk("contestAdmin.createdAt", { at: formatDateTime(contest.createdAt) })}</time>
            )}
          </span>
        </p>
      </div>
      <div class={styles.rounds}>
        {contest.rounds.length === 0 ? (
          <p class={styles.noRounds}>{tk("contestAdmin.noRoundsYet")}</p>
        ) : (
          <ul class={styles.roundList} aria-label={tk("contestAdmin.roundsOf", { title: contest.title })}>
            {contest.rounds.map((round) => (
              <RoundLine key={round.id} contest={contest} round={round} />
            ))}
          </ul>
        )}
      </div>
      <div class={styles.actions}>
        <a class={buttonClass("secondary", "sm")} href={adminPaths.contest(contest.id)}>
          <Icon name="edit" size={1} />
          <span>{contest.status === "draft" ? tk("contestAdmin.editAndPublish") : tk("contestAdmin.edit")}</span>
        </a>
      </div>
    </li>
  );
}

function RoundLine({ contest, round }: { contest: Contest; round: Round }) {
  const state = roundStateBadge[round.state];
  const live = contest.status === "published" && round.state !== "upcoming";
  return (
    <li class={styles.roundLine}>
      <span class={styles.roundName}>{round.name}</span>
      <Badge tone={state.tone} icon={state.icon}>
        {state.label()}
      </Badge>
      <span class={styles.roundWindow}>
        <time dateTime={isoTime(round.opensAt)}>{formatShortDateTime(round.opensAt)}</time>
        {" – "}
        <time dateTime={isoTime(round.closesAt)}>{formatShortDateTime(round.closesAt)}</time>
      </span>
      {live || (round.mode === "live" && contest.status === "published") ? (
        <span class={styles.roundLinks}>
          {round.mode === "live" && contest.status === "published" ? (
            <a href={liveHostPath(round.id, contest.id)} aria-label={tl("live.open.label", { name: round.name })}>
              {tl("live.card.host")}
            </a>
          ) : null}
          {round.state === "open" && round.mode !== "live" ? (
            <a href={adminPaths.monitor(contest.id, round.id)} aria-label={tk("contestAdmin.monitorOf", { name: round.name })}>
              {tk("contestAdmin.monitor")}
            </a>
          ) : null}
          {live ? (
            <a href={adminPaths.results(contest.id, round.id)} aria-label={tk("contestAdmin.resultsOf", { name: round.name })}>
              {tk("contestAdmin.results")}
            </a>
          ) : null}
        </span>
      ) : null}
    </li>
  );
}

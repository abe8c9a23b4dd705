import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { OpenLiveRoomButton } from "../../components/OpenLiveRoom";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { tl } from "../../i18n/live.zh-CN";
import { api } from "../../lib/api";
import { adminPaths, advancementText, contestStatusBadge, roundStateBadge } from "../../lib/contest-admin";
import { formatDateTime, isoTime } from "../../lib/format";
import type { AllianceList, Contest, ContestResponse, OrgList, Round } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { ContestForm } from "./contest-form";
import { RoundDialog } from "./round-dialog";
import styles from "./style.module.css";

export default function ContestEditor() {
  return (
    <AppShell title={tk("contestAdmin.editor.title")} requiredRole="organizer">
      {() => <EditorPage />}
    </AppShell>
  );
}

function EditorPage() {
  const { params } = useRoute();
  const { query, route } = useLocation();
  const id = params.id ?? null;
  const contestRes = useResource<ContestResponse>(id ? `/api/contests/${encodeURIComponent(id)}` : null);
  const orgsRes = useResource<OrgList>("/api/orgs");
  const alliancesRes = useResource<AllianceList>("/api/alliances");
  const [flash, setFlash] = useState<string | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  // The same page instance may carry on from /new to the saved contest's address: say so on arrival.
  useEffect(() => {
    if (query.created) setFlash(tk("contestAdmin.editor.created"));
  }, [query.created, id]);

  const failed = (id ? contestRes.error : undefined) ?? orgsRes.error ?? alliancesRes.error;
  const missing = id !== null && contestRes.error && (contestRes.error.status === 404 || contestRes.error.status === 400);
  if (missing) {
    return (
      <div class={admin.page}>
        <BackLink />
        <Notice tone="warning" title={tk("contestAdmin.editor.notFound")}>
          {tk("contestAdmin.editor.notFoundBody")}
        </Notice>
      </div>
    );
  }
  if (failed) {
    return (
      <Notice
        tone="error"
        requestId={failed.requestId}
        action={
          <Button
            icon="refresh"
            onClick={() => {
              contestRes.reload();
              orgsRes.reload();
              alliancesRes.reload();
            }}
          >
            {tk("common.retry")}
          </Button>
        }
      >
        {failed.message}
      </Notice>
    );
  }
  const contest = id ? contestRes.data?.contest : null;
  if (contest === undefined || !orgsRes.data || !alliancesRes.data) return <Loading label={tk("app.loading")} minHeight={20} />;
  if (contest && !contest.canManage) {
    return (
      <div class={admin.page}>
        <BackLink />
        <Notice tone="warning" title={tk("contestAdmin.editor.notFound")}>
          {tk("contestAdmin.editor.notManager")}
        </Notice>
      </div>
    );
  }

  const status = contest ? contestStatusBadge[contest.status] : null;
  return (
    <div class={[admin.page, styles.page].join(" ")}>
      <BackLink here={contest ? contest.title : tk("contestAdmin.create")} />
      <PageHeader
        title={contest ? contest.title : tk("contestAdmin.create")}
        description={
          contest && status ? (
            <span class={styles.headerMeta}>
              <Badge tone={status.tone} icon={status.icon}>
                {status.label()}
              </Badge>
              {contest.publishedAt ? (
                <time dateTime={isoTime(contest.publishedAt)}>
                  {tk("contestAdmin.publishedAt", { at: formatDateTime(contest.publishedAt) })}
                </time>
              ) : (
                <span>{tk("contestAdmin.editor.draftNote")}</span>
              )}
            </span>
          ) : (
            tk("contestAdmin.editor.newIntro")
          )
        }
        actions={
          contest?.status === "draft" ? (
            <Button variant="primary" icon="share" onClick={() => setPublishOpen(true)} disabled={contest.rounds.length === 0}>
              {tk("contestAdmin.publish")}
            </Button>
          ) : null
        }
      />
      {contest?.status === "draft" && contest.rounds.length === 0 && !flash ? (
        <Notice tone="info">{tk("contestAdmin.editor.publishNeedsRound")}</Notice>
      ) : null}
      {flash ? <Notice tone="success">{flash}</Notice> : null}

      <div class={styles.layout}>
        {contest ? (
          <RoundsPanel
            contest={contest}
            onChanged={(message) => {
              setFlash(message);
              contestRes.reload();
            }}
          />
        ) : null}
        <section class={admin.card} aria-labelledby="contest-settings">
          <h2 id="contest-settings" class={admin.sectionTitle}>
            {tk("contestAdmin.editor.settings")}
          </h2>
          <ContestForm
            key={contest?.id ?? "new"}
            contest={contest}
            orgs={orgsRes.data.orgs}
            alliances={alliancesRes.data.alliances}
            onSaved={(saved) => {
              if (!contest) {
                route(`${adminPaths.contest(saved.id)}?created=1`, true);
                return;
              }
              setFlash(tk("contestAdmin.editor.saved", { title: saved.title }));
              contestRes.reload();
              window.scrollTo({ top: 0 });
            }}
          />
        </section>

        {contest ? null : (
          <section class={admin.card} aria-labelledby="rounds-title">
            <h2 id="rounds-title" class={admin.sectionTitle}>
              {tk("contestAdmin.rounds")}
            </h2>
            <p class={admin.hint}>{tk("contestAdmin.rounds.saveFirst")}</p>
          </section>
        )}
      </div>

      {contest ? (
        <PublishDialog
          open={publishOpen}
          contest={contest}
          onClose={() => setPublishOpen(false)}
          onDone={(published) => {
            setPublishOpen(false);
            setFlash(tk("contestAdmin.publish.done", { title: published.title }));
            contestRes.reload();
            window.scrollTo({ top: 0 });
          }}
        />
      ) : null}
    </div>
  );
}

function BackLink({ here }: { here?: string }) {
  return (
    <nav class={admin.crumbs} aria-label={tk("contestAdmin.crumbs")}>
      <a href={adminPaths.list}>
        <Icon name="chevronLeft" size={1} />
        {tk("contestAdmin.title")}
      </a>
      {here ? (
        <span class={admin.crumbHere}>
          <Icon name="chevronRight" size={0.875} />
          <span aria-current="page">{here}</span>
        </span>
      ) : null}
    </nav>
  );
}

type RoundDialogState = { kind: "edit"; round: Round | null } | { kind: "delete"; round: Round } | null;

function RoundsPanel({ contest, onChanged }: { contest: Contest; onChanged: (message: string) => void }) {
  const [dialog, setDialog] = useState<RoundDialogState>(null);
  return (
    <section class={admin.card} aria-labelledby="rounds-title" id="rounds">
      <div class={admin.cardHead}>
        <h2 id="rounds-title" class={admin.sectionTitle}>
          {tk("contestAdmin.rounds")}
          <span class={admin.sectionCount}>{tk("contestAdmin.rounds.count", { count: contest.rounds.length })}</span>
        </h2>
        <Button
          size="sm"
          variant={contest.rounds.length === 0 ? "primary" : "secondary"}
          icon="plus"
          onClick={() => setDialog({ kind: "edit", round: null })}
        >
          {tk("contestAdmin.round.add")}
        </Button>
      </div>
      {contest.rounds.length === 0 ? (
        <p class={admin.empty}>{tk("contestAdmin.rounds.empty")}</p>
      ) : (
        <ol class={styles.roundCards}>
          {contest.rounds.map((round) => (
            <RoundCard
              key={round.id}
              contest={contest}
              round={round}
              onEdit={() => setDialog({ kind: "edit", round })}
              onDelete={() => setDialog({ kind: "delete", round })}
            />
          ))}
        </ol>
      )}
      {dialog?.kind === "edit" ? (
        <RoundDialog
          open
          contestId={contest.id}
          round={dialog.round}
          existingRounds={contest.rounds.length}
          teamKind={contest.team?.kind ?? null}
          onClose={() => setDialog(null)}
          onSaved={(round) => {
            setDialog(null);
            onChanged(tk(dialog.round ? "contestAdmin.round.saved" : "contestAdmin.round.added", { name: round.name }));
          }}
        />
      ) : null}
      {dialog?.kind === "delete" ? (
        <DeleteRoundDialog
          round={dialog.round}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            onChanged(tk("contestAdmin.round.deleted", { name: dialog.round.name }));
          }}
        />
      ) : null}
    </section>
  );
}

function RoundCard({ contest, round, onEdit, onDelete }: { contest: Contest; round: Round; onEdit: () => void; onDelete: () => void }) {
  const state = roundStateBadge[round.state];
  const live = contest.status === "published" && round.state !== "upcoming";
  const liveRound = round.mode === "live";
  return (
    <li class={styles.roundCard}>
      <div class={styles.roundHead}>
        <h3 class={styles.roundTitle}>{round.name}</h3>
        <Badge tone={state.tone} icon={state.icon}>
          {state.label()}
        </Badge>
        {liveRound ? (
          <Badge tone="red" icon="monitor">
            {tl("live.card.mode")}
          </Badge>
        ) : null}
        <div class={styles.roundActions}>
          {liveRound && contest.status === "published" ? (
            <OpenLiveRoomButton roundId={round.id} roundName={round.name} contestId={contest.id} />
          ) : null}
          {live && round.state === "open" && !liveRound ? (
            <a class={buttonClass("secondary", "sm")} href={adminPaths.monitor(contest.id, round.id)}>
              <Icon name="monitor" size={1} />
              <span>{tk("contestAdmin.monitor")}</span>
            </a>
          ) : null}
          {live ? (
            <a class={buttonClass("secondary", "sm")} href={adminPaths.results(contest.id, round.id)}>
              <Icon name="chart" size={1} />
              <span>{tk("contestAdmin.results")}</span>
            </a>
          ) : null}
          <Button size="sm" icon="edit" onClick={onEdit} aria-label={tk("contestAdmin.round.editLabel", { name: round.name })}>
            {tk("contestAdmin.edit")}
          </Button>
          <Button
            size="sm"
            variant="danger"
            icon="trash"
            onClick={onDelete}
            aria-label={tk("contestAdmin.round.deleteLabel", { name: round.name })}
          >
            {tk("contestAdmin.delete")}
          </Button>
        </div>
      </div>
      <dl class={styles.roundFacts}>
        <div>
          <dt>{tk("contestAdmin.round.window")}</dt>
          <dd>
            <time dateTime={isoTime(round.opensAt)}>{formatDateTime(round.opensAt)}</time>
            {" – "}
            <time dateTime={isoTime(round.closesAt)}>{formatDateTime(round.closesAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{tk("contestAdmin.round.limitFact")}</dt>
          <dd>
            {liveRound
              ? tl("live.card.facts", { seconds: round.questionTimeSec ?? 20, teamPlay: tl(`live.teamPlay.${round.liveTeamPlay}`) })
              : tk("contestAdmin.round.minutes", { count: Math.round(round.timeLimitSec / 60) })}
            {round.questionTimeSec && !liveRound ? ` · ${tk("contestAdmin.round.perQuestion", { count: round.questionTimeSec })}` : ""}
          </dd>
        </div>
        <div>
          <dt>{tk("contestAdmin.round.paperFact")}</dt>
          <dd>
            {tk("contestAdmin.round.totals", { questions: round.questionCount, points: round.totalPoints })} ·{" "}
            {tk(round.drawMode === "same" ? "contestAdmin.round.drawMode.same" : "contestAdmin.round.drawMode.perPerson")}
          </dd>
        </div>
        <div>
          <dt>{tk("contestAdmin.round.scoringFact")}</dt>
          <dd>
            {tk(round.scoring === "speed" ? "contestAdmin.round.scoring.speed" : "contestAdmin.round.scoring.accuracy")}
            {round.partialCredit ? ` · ${tk("contestAdmin.round.partialShort")}` : ""}
          </dd>
        </div>
        <div>
          <dt>{tk("contestAdmin.round.attemptsFact")}</dt>
          <dd>
            {liveRound ? tl("live.editor.takingNote") : null}
            {!liveRound && round.attemptsAllowed > 1
              ? tk("contestAdmin.round.attemptsMany", {
                  count: round.attemptsAllowed,
                  policy: tk(round.countPolicy === "best" ? "contestAdmin.round.countPolicy.best" : "contestAdmin.round.countPolicy.last"),
                })
              : liveRound
                ? null
                : tk("contestAdmin.round.attemptsOne")}
            {liveRound ? null : ` · ${tk(round.allowBack ? "contestAdmin.round.backYes" : "contestAdmin.round.backNo")}`}
          </dd>
        </div>
        <div>
          <dt>{tk("contestAdmin.round.afterFact")}</dt>
          <dd>
            {advancementText(round.advancement)}
            {round.honourTopN ? ` · ${tk("contestAdmin.round.honourShort", { count: round.honourTopN })}` : ""}
          </dd>
        </div>
      </dl>
    </li>
  );
}

function DeleteRoundDialog({ round, onClose, onDone }: { round: Round; onClose: () => void; onDone: () => void }) {
  const action = useAction(async () => {
    await api.delete<void>(`/api/rounds/${encodeURIComponent(round.id)}`);
    return true;
  });
  return (
    <Dialog
      open
      size="sm"
      onClose={onClose}
      title={tk("contestAdmin.round.deleteTitle", { name: round.name })}
      footer={
        <>
          <Button onClick={onClose}>{tk("common.cancel")}</Button>
          <Button
            variant="danger"
            icon="trash"
            pending={action.pending}
            onClick={async () => {
              if (await action.run()) onDone();
            }}
          >
            {tk("contestAdmin.delete")}
          </Button>
        </>
      }
    >
      <p>{tk("contestAdmin.round.deleteBody")}</p>
      {action.error ? (
        <Notice tone="error" requestId={action.error.requestId}>
          {action.error.message}
        </Notice>
      ) : null}
    </Dialog>
  );
}

function PublishDialog({
  open,
  contest,
  onClose,
  onDone,
}: {
  open: boolean;
  contest: Contest;
  onClose: () => void;
  onDone: (contest: Contest) => void;
}) {
  const action = useAction(() => api.post<ContestResponse>(`/api/contests/${encodeURIComponent(contest.id)}/publish`, {}));
  const first = contest.rounds[0];
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={tk("contestAdmin.publish.title")}
      footer={
        <>
          <Button onClick={onClose}>{tk("common.cancel")}</Button>
          <Button
            variant="primary"
            icon="share"
            pending={action.pending}
            pendingLabel={tk("contestAdmin.publish.pending")}
            onClick={async () => {
              const result = await action.run();
              if (result) onDone(result.contest);
            }}
          >
            {tk("contestAdmin.publish.confirm")}
          </Button>
        </>
      }
    >
      <p>{tk("contestAdmin.publish.body", { orgs: contest.scope.map((s) => s.name).join("、") })}</p>
      {first ? (
        <p class={styles.publishWhen}>
          {tk("contestAdmin.publish.firstRound", {
            name: first.name,
            opens: formatDateTime(first.opensAt),
            closes: formatDateTime(first.closesAt),
          })}
        </p>
      ) : null}
      <ul class={styles.publishList}>
        <li>{tk("contestAdmin.publish.point1")}</li>
        <li>{tk("contestAdmin.publish.point2")}</li>
        <li>{tk("contestAdmin.publish.point3")}</li>
      </ul>
      {action.error ? (
        <Notice tone="error" requestId={action.error.requestId}>
          {action.error.message}
        </Notice>
      ) : null}
    </Dialog>
  );
}

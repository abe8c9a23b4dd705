import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge, type BadgeTone } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tl } from "../../i18n/live.zh-CN";
import { ApiError, api } from "../../lib/api";
import { adminPaths } from "../../lib/contest-admin";
import {
  type LiveQuestion,
  type LiveRoomState,
  type LiveStatus,
  type LiveView,
  livePaths,
  optionLetter,
  remainingMs,
  stageOptions,
  useLiveRoom,
  useTicks,
} from "../../lib/live-room";
import type { ServerClock } from "../../lib/server-clock";
import type { LiveRoom } from "../../lib/types";
import { QrCode } from "../CheckinScreen/qr";
import { Board, Distribution, keyText, keyWords } from "../LiveScreen/parts";
import { CaptainDialog } from "./captain-dialog";
import styles from "./style.module.css";

type ClientMessage = Parameters<ReturnType<typeof useLiveRoom>["send"]>[0];

/**
 * The host's console (a laptop at the side of the stage): the room's PIN and who has joined, the
 * question running with its time and how many have answered, and the controls — 开始 / 下一题 /
 * 暂停 / 继续 / 延长 10 秒 / 跳过 / 结束 — with keys for the ones pressed most (space or → for the
 * next question). The projector is a second window this page opens.
 */
export default function LiveHost() {
  const { params } = useRoute();
  const { query } = useLocation();
  return (
    <AppShell title={tl("live.host.title")} requiredRole="organizer" focused>
      {() => <Console roundId={params.roundId ?? ""} contestId={query.contest ?? null} />}
    </AppShell>
  );
}

/** Opens the room (again: the same room comes back), for its PIN and link. An ended room is still worth connecting to: its final standings. */
function useOpenRoom(roundId: string) {
  const [room, setRoom] = useState<LiveRoom | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [ended, setEnded] = useState(false);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let stop = false;
    api
      .post<LiveRoom>(`/api/rounds/${encodeURIComponent(roundId)}/room`, {})
      .then((r) => {
        if (stop) return;
        setRoom(r);
        setError(null);
      })
      .catch((err: unknown) => {
        if (stop) return;
        const failure = err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", String(err));
        if (failure.status === 409 && failure.code === "CONFLICT" && /结束/.test(failure.message)) setEnded(true);
        else setError(failure);
      });
    return () => {
      stop = true;
    };
  }, [roundId, nonce]);
  return { room, error, ended, reopen: () => setNonce((n) => n + 1) };
}

const phaseTone: Record<LiveRoomState["phase"], BadgeTone> = { lobby: "blue", question: "red", reveal: "gold", ended: "neutral" };

function Console({ roundId, contestId }: { roundId: string; contestId: string | null }) {
  const opened = useOpenRoom(roundId);
  const ready = opened.room !== null || opened.ended;
  const live = useLiveRoom(roundId, "host", { ...stageOptions, enabled: ready });
  const { view, status } = live;
  const room = view.room;
  const phase = room?.phase ?? "lobby";
  const [confirm, setConfirm] = useState<"skip" | "end" | null>(null);
  const [captainOf, setCaptainOf] = useState<{ teamId: string; teamName: string; userId: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [busyUntil, setBusyUntil] = useState(0);
  useTicks(500);

  // A lobby left idle is dissolved by the room: open it again and reconnect.
  useEffect(() => {
    if (live.gone === "dissolved") {
      opened.reopen();
      live.restart();
    }
  }, [live.gone]);

  useEffect(() => {
    if (room?.title) document.title = `${room.title} · ${tl("live.host.title")}`;
  }, [room?.title]);

  // A command is answered by a frame that changes the phase or the question: the buttons wake then (or after 3 s).
  const q = room?.question ?? null;
  useEffect(() => setBusyUntil(0), [phase, q?.seq, q?.pausedRemainingMs === null, q?.deadline]);
  const busy = Date.now() < busyUntil;

  const send = (message: ClientMessage) => {
    if (!live.send(message)) {
      setNotice(tl("live.host.notConnected"));
      return;
    }
    setNotice(null);
    setFlash(null);
    setBusyUntil(Date.now() + 3000);
  };

  const paused = q?.pausedRemainingMs !== null && q?.pausedRemainingMs !== undefined;
  const primary =
    phase === "lobby"
      ? { label: tl("live.host.start"), message: { type: "host.start" } as ClientMessage }
      : phase === "reveal"
        ? room?.reveal?.last
          ? { label: tl("live.host.finish"), message: { type: "host.next" } as ClientMessage }
          : { label: tl("live.host.next"), message: { type: "host.next" } as ClientMessage }
        : null;

  // Space or → for the next step, P to pause or resume, + for ten more seconds. Not while typing, and a
  // focused button keeps its own space (it presses itself).
  const keys = useRef({ primary, paused, phase, busy });
  keys.current = { primary, paused, phase, busy };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable], dialog")) return;
      const onControl = target?.closest("button, a, summary") !== null && target !== document.body;
      const k = keys.current;
      if ((event.key === " " && !onControl) || event.key === "ArrowRight") {
        if (k.primary && !k.busy) {
          event.preventDefault();
          send(k.primary.message);
        }
      } else if (event.key === "p" || event.key === "P") {
        if (k.phase === "question") send({ type: k.paused ? "host.resume" : "host.pause" });
      } else if (event.key === "+" || event.key === "=") {
        if (k.phase === "question") send({ type: "host.extend", seconds: 10 });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const recentError = view.error && Date.now() - view.error.at < 6000 ? view.error.message : null;
  const back = contestId ? adminPaths.contest(contestId) : adminPaths.list;

  if (opened.error) {
    return (
      <div class={styles.page}>
        <a class={styles.back} href={back}>
          <Icon name="chevronLeft" size={1} />
          {tl("live.host.back")}
        </a>
        <Notice tone="error" title={tl("live.host.roomFailed")} requestId={opened.error.requestId}>
          {opened.error.message}
        </Notice>
      </div>
    );
  }

  return (
    <div class={styles.page}>
      <header class={styles.top}>
        <a class={styles.back} href={back}>
          <Icon name="chevronLeft" size={1} />
          {tl("live.host.back")}
        </a>
        <div class={styles.heading}>
          <h1 class={styles.title}>{room?.title ?? tl("live.host.title")}</h1>
          <Badge tone={phaseTone[phase]}>{tl(`live.host.phase.${phase}`)}</Badge>
          <ConnectionBadge status={ready ? status : "connecting"} attempts={live.attempts} />
        </div>
        <Button
          icon="monitor"
          onClick={() => window.open(livePaths.screen(roundId), `lianxue-screen-${roundId}`, "popup,width=1280,height=720")}
          title={tl("live.host.openScreenHint")}
        >
          {tl("live.host.openScreen")}
        </Button>
      </header>
      {live.attempts >= 4 ? <Notice tone="warning">{tl("live.host.connection.stuck", { n: live.attempts })}</Notice> : null}

      <div class={styles.layout}>
        <main class={styles.main} aria-live="polite">
          {!room ? (
            <Loading label={tl("live.screen.connecting")} minHeight={16} />
          ) : phase === "lobby" ? (
            <LobbyPanel view={view} room={opened.room} onCaptain={setCaptainOf} />
          ) : phase === "question" && q ? (
            <QuestionPanel question={q} skipped={view.skipped} />
          ) : phase === "reveal" && q ? (
            <RevealPanel view={view} question={q} />
          ) : phase === "ended" ? (
            <EndedPanel view={view} contestId={contestId} roundId={roundId} />
          ) : null}
        </main>

        <aside class={styles.side} aria-labelledby="controls-title">
          <h2 id="controls-title" class={styles.sideTitle}>
            {tl("live.host.controls")}
          </h2>
          {phase === "question" && q ? <Status view={view} question={q} clock={live.clock} /> : null}
          {flash ? (
            <p class={styles.flash} role="status">
              <Icon name="checkCircle" size={1} />
              {flash}
            </p>
          ) : null}
          {notice || recentError ? (
            <p class={styles.refusal} role="alert">
              <Icon name="alert" size={1} />
              {notice ?? recentError}
            </p>
          ) : null}
          {primary ? (
            <Button
              variant="primary"
              size="lg"
              block
              icon={phase === "lobby" ? "chevronRight" : room?.reveal?.last ? "trophy" : "chevronRight"}
              disabled={busy || status !== "open"}
              onClick={() => send(primary.message)}
              aria-keyshortcuts="Space ArrowRight"
            >
              {primary.label}
            </Button>
          ) : null}
          {phase === "question" ? (
            <div class={styles.controlGrid}>
              <Button
                icon="clock"
                disabled={status !== "open"}
                onClick={() => send({ type: paused ? "host.resume" : "host.pause" })}
                aria-keyshortcuts="P"
              >
                {paused ? tl("live.host.resume") : tl("live.host.pause")}
              </Button>
              <Button
                icon="plus"
                disabled={status !== "open"}
                onClick={() => send({ type: "host.extend", seconds: 10 })}
                aria-keyshortcuts="+"
              >
                {tl("live.host.extend")}
              </Button>
              <Button icon="chevronRight" disabled={status !== "open"} onClick={() => setConfirm("skip")}>
                {tl("live.host.skip")}
              </Button>
            </div>
          ) : null}
          {phase === "question" || phase === "reveal" ? (
            <Button variant="danger" icon="ban" block disabled={status !== "open"} onClick={() => setConfirm("end")}>
              {tl("live.host.end")}
            </Button>
          ) : null}
          <p class={styles.sideNote}>
            {phase === "lobby"
              ? tl("live.host.waitingStart")
              : phase === "reveal"
                ? room?.reveal?.last
                  ? tl("live.host.lastRevealNote")
                  : tl("live.host.revealNote")
                : phase === "ended"
                  ? tl("live.host.endedNote")
                  : null}
          </p>
          <section class={styles.keys} aria-labelledby="keys-title">
            <h3 id="keys-title">{tl("live.host.keys")}</h3>
            <ul>
              <li>{tl("live.host.keys.next")}</li>
              <li>{tl("live.host.keys.pause")}</li>
              <li>{tl("live.host.keys.extend")}</li>
            </ul>
          </section>
        </aside>
      </div>

      {confirm ? (
        <ConfirmDialog
          title={confirm === "skip" ? tl("live.host.skipTitle", { seq: q?.seq ?? 0 }) : tl("live.host.endTitle")}
          confirmLabel={confirm === "skip" ? tl("live.host.skipConfirm") : tl("live.host.endConfirm")}
          confirmIcon={confirm === "skip" ? "chevronRight" : "ban"}
          action={async () => {
            send({ type: confirm === "skip" ? "host.skip" : "host.end" });
            return true;
          }}
          onClose={() => setConfirm(null)}
          onDone={() => setConfirm(null)}
        >
          <p>{confirm === "skip" ? tl("live.host.skipBody") : tl("live.host.endBody")}</p>
        </ConfirmDialog>
      ) : null}
      {captainOf ? (
        <CaptainDialog
          team={captainOf}
          roster={view.lobby?.roster ?? []}
          onClose={() => setCaptainOf(null)}
          onPick={(userId, name) => {
            send({ type: "host.captain", teamId: captainOf.teamId, userId });
            setCaptainOf(null);
            setFlash(tl("live.host.captain.done", { team: captainOf.teamName, name }));
          }}
        />
      ) : null}
    </div>
  );
}

function ConnectionBadge({ status, attempts }: { status: LiveStatus; attempts: number }) {
  if (status === "open")
    return (
      <Badge tone="green" icon="checkCircle">
        {tl("live.host.connection.open")}
      </Badge>
    );
  return (
    <Badge tone="amber" icon="alert">
      {status === "connecting" && attempts === 0 ? tl("live.host.connection.connecting") : tl("live.host.connection.reconnecting")}
    </Badge>
  );
}

function LobbyPanel({
  view,
  room,
  onCaptain,
}: {
  view: LiveView;
  room: LiveRoom | null;
  onCaptain: (team: { teamId: string; teamName: string; userId: string }) => void;
}) {
  const lobby = view.lobby;
  const names = lobby?.names ?? [];
  const captains = lobby?.captains ?? [];
  const teamPlay = view.room?.teamPlay ?? "individual";
  const players = view.room?.players ?? 0;
  return (
    <div class={styles.lobby}>
      {room ? (
        <section class={styles.card} aria-labelledby="pin-title">
          <div class={styles.pinRow}>
            <div class={styles.pinText}>
              <h2 id="pin-title" class={styles.cardLabel}>
                {tl("live.host.pin")}
              </h2>
              <p class={styles.pin}>{room.pin}</p>
              <h3 class={styles.cardLabel}>{tl("live.host.joinLink")}</h3>
              <JoinLink url={room.joinUrl} />
            </div>
            <div class={styles.qrSmall}>
              <QrCode value={room.joinUrl} label={tl("live.host.qr")} class={styles.qr} />
            </div>
          </div>
        </section>
      ) : null}
      <section class={styles.card} aria-labelledby="joined-title">
        <h2 id="joined-title" class={styles.cardTitle}>
          {tl("live.host.joined")}
          <span class={styles.count}>{tl("live.host.people", { n: players })}</span>
          {lobby && lobby.teams > 0 ? <span class={styles.count}>{tl("live.host.teams", { n: lobby.teams })}</span> : null}
        </h2>
        {players === 0 ? (
          <p class={styles.muted}>{tl("live.host.nobody")}</p>
        ) : (
          <ul class={styles.names} aria-label={tl("live.host.names")}>
            {names.map((name, i) => (
              <li key={`${name}-${i}`}>{name}</li>
            ))}
            {players > names.length ? <li class={styles.more}>{tl("live.host.namesMore", { n: players })}</li> : null}
          </ul>
        )}
      </section>
      {teamPlay !== "individual" ? (
        <section class={styles.card} aria-labelledby="captains-title">
          <h2 id="captains-title" class={styles.cardTitle}>
            {tl("live.host.captains")}
          </h2>
          {teamPlay === "team_captain" ? <p class={styles.muted}>{tl("live.host.captainsHint")}</p> : null}
          {captains.length === 0 ? (
            <p class={styles.muted}>{tl("live.host.captainsNone")}</p>
          ) : (
            <table class={styles.table}>
              <tbody>
                {captains.map((c) => (
                  <tr key={c.teamId}>
                    <th scope="row">{c.teamName}</th>
                    <td>
                      <Badge tone="gold">{tl("live.play.captain")}</Badge> {c.name}
                    </td>
                    <td class={styles.actionCell}>
                      <Button
                        size="sm"
                        icon="edit"
                        aria-label={tl("live.host.captain.changeLabel", { team: c.teamName })}
                        onClick={() => onCaptain({ teamId: c.teamId, teamName: c.teamName, userId: c.userId })}
                      >
                        {tl("live.host.captain.change")}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </div>
  );
}

/** The join link in ordinary type (it is read, not typed), with a copy button for a chat message. */
function JoinLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <p class={styles.link}>
      <a href={url} target="_blank" rel="noreferrer">
        {url}
      </a>
      <Button
        size="sm"
        icon={copied ? "check" : "copy"}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(url);
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          } catch {}
        }}
      >
        {copied ? tl("common.copied") : tl("common.copy")}
      </Button>
    </p>
  );
}

function QuestionPanel({ question, skipped }: { question: LiveQuestion; skipped: number | null }) {
  const options = question.type === "judge" ? [tl("live.screen.judge.yes"), tl("live.screen.judge.no")] : question.options;
  return (
    <section class={styles.card} aria-labelledby="question-title">
      {skipped !== null && skipped < question.seq ? <Notice tone="info">{tl("live.host.skippedNote", { seq: skipped })}</Notice> : null}
      <p class={styles.qMeta}>
        <strong>{tl("live.host.progress", { seq: question.seq, total: question.total })}</strong>
        <Badge tone="red">{tl(`live.screen.type.${question.type}`)}</Badge>
        <span>{tl("live.screen.points", { n: question.points })}</span>
      </p>
      <h2 id="question-title" class={styles.stem}>
        {question.stem}
      </h2>
      {question.type === "fill" ? (
        <p class={styles.muted}>{tl("live.screen.fillBlanks", { n: question.blanks })}</p>
      ) : (
        <ol class={styles.options}>
          {options.map((option, i) => (
            <li key={option + String(i)}>
              <span class={styles.letter}>{question.type === "judge" ? (i === 0 ? "✓" : "✗") : optionLetter(i)}</span>
              <span>{option}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Time left (huge enough to glance at) and how many have answered, while a question runs. */
function Status({ view, question, clock }: { view: LiveView; question: LiveQuestion; clock: ServerClock }) {
  const paused = question.pausedRemainingMs !== null;
  const seconds = Math.ceil(remainingMs(question, clock) / 1000);
  const progress = view.progress?.seq === question.seq ? view.progress : null;
  const total = progress?.total ?? view.room?.players ?? 0;
  const answered = progress?.answered ?? 0;
  const teamPlay = view.room?.teamPlay;
  const unit = teamPlay === "team_captain" || teamPlay === "team_first" ? "team" : "individual";
  return (
    <dl class={styles.status}>
      <div class={styles.statusItem} data-urgent={!paused && seconds <= 5 ? "true" : undefined}>
        <dt>{paused ? tl("live.host.paused") : tl("live.host.timeLeft")}</dt>
        <dd class={styles.big} role="timer">
          {seconds}
          <span class={styles.unit}>{tl("live.screen.seconds")}</span>
        </dd>
      </div>
      <div class={styles.statusItem}>
        <dt>{tl("live.host.answered")}</dt>
        <dd class={styles.big}>
          {tl("live.host.answeredOf", { answered, total })}
          <span class={styles.unit}>{tl(`live.host.answeredSubjects.${unit}`)}</span>
        </dd>
        <span class={styles.track} aria-hidden="true">
          <span style={{ width: `${total > 0 ? Math.min(100, (answered / total) * 100) : 0}%` }} />
        </span>
      </div>
    </dl>
  );
}

function RevealPanel({ view, question }: { view: LiveView; question: LiveQuestion }) {
  const reveal = view.room?.reveal;
  if (!reveal || reveal.seq !== question.seq) return <Loading label={tl("live.screen.waiting")} minHeight={12} />;
  const words = keyWords(question, reveal.key);
  const answered = view.progress?.seq === question.seq ? view.progress.answered : null;
  return (
    <div class={styles.revealGrid}>
      <section class={styles.card} aria-labelledby="answer-title">
        <p class={styles.qMeta}>
          <strong>{tl("live.host.progress", { seq: question.seq, total: question.total })}</strong>
        </p>
        <p class={styles.stemSmall}>{question.stem}</p>
        <h2 id="answer-title" class={styles.answer}>
          <Icon name="checkCircle" size={1.25} />
          {tl("live.host.answerIs", { answer: keyText(reveal.key) })}
          {words.length > 0 ? <span class={styles.answerWords}>{words.join("；")}</span> : null}
        </h2>
        <Distribution question={question} reveal={reveal} answered={answered} size="console" />
        {reveal.explanation ? (
          <p class={styles.explanation}>
            <strong>{tl("live.screen.explanation")}</strong> {reveal.explanation}
          </p>
        ) : null}
      </section>
      <section class={styles.card} aria-labelledby="top-title">
        <h2 id="top-title" class={styles.cardTitle}>
          {tl("live.host.top")}
        </h2>
        <Board entries={reveal.leaderboard} size="console" label={tl("live.host.top")} />
      </section>
    </div>
  );
}

function EndedPanel({ view, contestId, roundId }: { view: LiveView; contestId: string | null; roundId: string }) {
  return (
    <section class={styles.card} aria-labelledby="final-title">
      <h2 id="final-title" class={styles.cardTitle}>
        {tl("live.host.final")}
      </h2>
      <Board entries={(view.room?.standings ?? []).slice(0, 20)} size="console" showMovement={false} label={tl("live.host.final")} />
      {contestId ? (
        <p>
          <a class={buttonClass("primary")} href={adminPaths.results(contestId, roundId)}>
            <Icon name="chart" />
            <span>{tl("live.host.results")}</span>
          </a>
        </p>
      ) : null}
    </section>
  );
}

import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { LiveResponse } from "../../../../worker/shared/live-protocol";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Icon } from "../../components/Icon";
import { Loading, Spinner } from "../../components/Spinner";
import taskBar from "../../components/TaskBar/style.module.css";
import { tl } from "../../i18n/live.zh-CN";
import type { Me } from "../../lib/types";
import { type Note, usePlayRoom } from "./room";
import { EndView, FailedView, LobbyView, QuestionView, RevealView, VersionView } from "./screens";
import styles from "./style.module.css";
import { QuestionCountdown, TimeBar } from "./timer";

/**
 * 现场赛 on a member's phone: /live/:roundId as a player, /live/:roundId?as=audience read-only with
 * a vote that does not count. A screen of its own (no navigation to tap away by accident) that
 * follows the room over one WebSocket: the lobby, each question with the server's countdown, the
 * answer and its ack, the reveal, and the end. A lost network comes back on its own, and the
 * state the room sends on every reconnect puts the phone back where the room is.
 */
export default function LivePlay() {
  const { params } = useRoute();
  const { query } = useLocation();
  const roundId = params.roundId ?? "";
  const role = query.as === "audience" ? "audience" : "player";
  return (
    <AppShell title={tl("live.play.title")} focused>
      {(me) => <PlayScreen key={`${roundId}:${role}`} roundId={roundId} role={role} me={me} />}
    </AppShell>
  );
}

function PlayScreen({ roundId, role, me }: { roundId: string; role: "player" | "audience"; me: Me }) {
  const live = usePlayRoom(roundId, role, me.id);
  const { room, status } = live;
  useEffect(() => {
    if (room?.title) document.title = `${room.title} · ${tl("live.play.title")}`;
  }, [room?.title]);

  if (live.versionMismatch) return <VersionView />;
  if (!room) {
    return (
      <div class={styles.screen}>
        <div class={styles.content}>
          {status === "failed" ? <FailedView onRetry={live.retry} /> : <Loading label={tl("live.play.connecting")} minHeight={24} />}
        </div>
      </div>
    );
  }

  const question = room.phase === "question" ? room.question : null;
  const online = status === "open";
  const given: LiveResponse | null =
    live.answer.kind === "done" || live.answer.kind === "sending"
      ? live.answer.response
      : room.myAnswer && room.myAnswer.seq === room.question?.seq
        ? room.myAnswer.response
        : null;
  const players = live.lobby?.players ?? room.players;
  const team = room.me?.teamName;

  return (
    <div class={styles.screen}>
      <header class={taskBar.top}>
        <div class={taskBar.bar}>
          <a class={taskBar.back} href="/contests" aria-label={tl("live.play.leave")}>
            <Icon name="chevronLeft" size={1.5} />
          </a>
          <div class={taskBar.titles}>
            <span class={taskBar.roundName}>{room.title}</span>
            <span class={styles.who}>
              {role === "audience" ? (
                <Badge tone="blue" icon="eye">
                  {tl("live.play.role.audience")}
                </Badge>
              ) : (
                <>
                  <span class={styles.whoName}>{team ? `${me.name} · ${team}` : me.name}</span>
                  {team && room.teamPlay !== "individual" && live.isCaptain ? (
                    <Badge tone="gold">{tl("live.play.captainBadge")}</Badge>
                  ) : null}
                </>
              )}
            </span>
          </div>
          {question ? <QuestionCountdown question={question} clock={live.clock} /> : null}
        </div>
        {question ? <TimeBar question={question} clock={live.clock} /> : null}
        {online ? null : <Reconnecting attempts={live.attempts} onRetry={live.retry} failed={status === "failed"} />}
        {question?.pausedRemainingMs != null ? (
          <p class={styles.banner} data-tone="info" role="status">
            <Icon name="clock" size={1.125} />
            <span>{tl("live.play.paused")}</span>
          </p>
        ) : null}
        {live.note ? <NoteBanner note={live.note} onClose={live.clearNote} /> : null}
        {role === "audience" ? (
          <p class={styles.banner} data-tone="neutral">
            <Icon name="eye" size={1.125} />
            <span>{tl("live.play.audience.banner")}</span>
          </p>
        ) : null}
      </header>

      <div class={styles.content}>
        {room.phase === "lobby" ? (
          <LobbyView room={room} name={me.name} players={players} isCaptain={live.isCaptain} captainName={live.captainName} />
        ) : room.phase === "question" && question ? (
          <QuestionView
            room={room}
            question={question}
            clock={live.clock}
            answer={live.answer}
            online={online}
            isCaptain={live.isCaptain}
            captainName={live.captainName}
            submit={live.submit}
            votes={live.votes}
            vote={live.vote}
          />
        ) : room.phase === "reveal" ? (
          <RevealView
            room={room}
            reveal={room.reveal}
            given={role === "audience" ? (room.question ? (live.votes[room.question.seq] ?? null) : null) : given}
            userId={me.id}
          />
        ) : room.phase === "ended" ? (
          <EndView room={room} roundId={roundId} userId={me.id} />
        ) : null}
      </div>
    </div>
  );
}

/** The connection is down: said at once, with how many tries so far, and a button to try now. */
function Reconnecting({ attempts, onRetry, failed }: { attempts: number; onRetry: () => void; failed: boolean }) {
  // A second of grace: a blip that heals itself at once does not flash a banner.
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), 800);
    return () => clearTimeout(timer);
  }, []);
  if (!shown) return null;
  return (
    <div class={styles.banner} data-tone="warning" role="status">
      {failed ? <Icon name="alert" size={1.125} /> : <Spinner size={1.125} />}
      <span class={styles.bannerText}>
        {attempts >= 4 ? tl("live.play.reconnectingSlow", { n: attempts }) : tl("live.play.reconnecting")}
      </span>
      <button type="button" class={styles.bannerAction} onClick={onRetry}>
        {tl("live.play.reconnectNow")}
      </button>
    </div>
  );
}

/** A passing word from the host (extended, skipped) or the room; it goes by itself after a while. */
function NoteBanner({ note, onClose }: { note: Note; onClose: () => void }) {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const timer = setTimeout(() => close.current(), note.kind === "skipped" ? 12_000 : 6_000);
    return () => clearTimeout(timer);
  }, [note]);
  const text =
    note.kind === "extended"
      ? tl("live.play.extended", { n: note.seconds })
      : note.kind === "skipped"
        ? tl("live.play.skipped", { n: note.seq })
        : tl(`live.play.error.${note.code}`);
  return (
    <p class={styles.banner} data-tone="info" role="status">
      <Icon name="info" size={1.125} />
      <span>{text}</span>
    </p>
  );
}

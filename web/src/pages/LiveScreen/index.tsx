import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Icon } from "../../components/Icon";
import { tl } from "../../i18n/live.zh-CN";
import { ApiError, api } from "../../lib/api";
import {
  type LiveQuestion,
  type LiveReveal,
  type LiveStanding,
  type LiveView,
  optionLetter,
  remainingMs,
  stageOptions,
  useLiveRoom,
  useTicks,
} from "../../lib/live-room";
import type { ServerClock } from "../../lib/server-clock";
import type { LiveRoom } from "../../lib/types";
import { QrCode } from "../CheckinScreen/qr";
import { Board, Distribution, keyText, keyWords, scoreText } from "./parts";
import styles from "./style.module.css";

/** How long the projector shows the answer and its spread before the board takes over. */
const ANSWER_MS = 10_000;
/** The countdown turns urgent for the last seconds. */
const URGENT_S = 5;

/**
 * The projector (and the audience's view): read-only, legible from the back of a hall. The lobby
 * with a huge PIN and QR code; each question with its countdown by the server's clock; after it
 * closes the answer's spread, the right answer and its explanation, then the board with movement;
 * the final standings at the end.
 */
export default function LiveScreen() {
  const { params } = useRoute();
  return (
    <AppShell title={tl("live.screen.title")} focused>
      {() => <Screen roundId={params.roundId ?? ""} />}
    </AppShell>
  );
}

/**
 * The room's PIN and join link. Opening the room again returns the same room, so the projector asks
 * as the host did; a person who is not a host (the audience view) is refused and sees the lobby
 * without a PIN (they joined by it already).
 */
function useRoomInfo(roundId: string) {
  const [room, setRoom] = useState<LiveRoom | null>(null);
  useEffect(() => {
    let stop = false;
    api
      .post<LiveRoom>(`/api/rounds/${encodeURIComponent(roundId)}/room`, {})
      .then((r) => {
        if (!stop) setRoom(r);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) console.error(error);
      });
    return () => {
      stop = true;
    };
  }, [roundId]);
  return room;
}

function Screen({ roundId }: { roundId: string }) {
  const room = useRoomInfo(roundId);
  const { view, status, gone, clock } = useLiveRoom(roundId, "screen", stageOptions);
  const state = view.room;
  const phase = state?.phase ?? "lobby";

  useEffect(() => {
    if (state?.title) document.title = `${state.title} · ${tl("live.screen.title")}`;
  }, [state?.title]);

  const q = state?.question ?? null;
  return (
    <div class={styles.screen} data-phase={phase}>
      <header class={styles.band}>
        <h1 class={styles.title}>{state?.title ?? tl("live.screen.title")}</h1>
        {q && phase !== "lobby" && phase !== "ended" ? (
          <p class={styles.bandMeta}>
            <span>{tl("live.screen.question", { seq: q.seq })}</span>
            <span class={styles.bandDim}>{tl("live.screen.ofTotal", { total: q.total })}</span>
          </p>
        ) : null}
      </header>
      {status !== "open" && !gone && state ? (
        <p class={styles.offline} role="status">
          <Icon name="alert" size={1} />
          {tl("live.screen.reconnecting")}
        </p>
      ) : null}

      {gone ? (
        <Message icon="alert" text={gone === "version" ? tl("live.screen.version") : tl("live.screen.dissolved")} />
      ) : !state ? (
        <Message icon="clock" text={tl("live.screen.connecting")} />
      ) : phase === "lobby" ? (
        <Lobby view={view} room={room} />
      ) : phase === "question" && q ? (
        <QuestionView view={view} question={q} clock={clock} />
      ) : phase === "reveal" && q && state?.reveal ? (
        <RevealView
          key={state.reveal.seq}
          question={q}
          reveal={state.reveal}
          answered={view.progress?.seq === q.seq ? view.progress.answered : null}
        />
      ) : phase === "ended" ? (
        <Final standings={state?.standings ?? []} />
      ) : (
        <Message icon="clock" text={tl("live.screen.waiting")} />
      )}
    </div>
  );
}

function Message({ icon, text }: { icon: "clock" | "alert"; text: string }) {
  return (
    <div class={styles.message}>
      <Icon name={icon} size={3} />
      <p>{text}</p>
    </div>
  );
}

function Lobby({ view, room }: { view: LiveView; room: LiveRoom | null }) {
  const lobby = view.lobby;
  const names = lobby?.names ?? [];
  const teams = lobby?.teams ?? 0;
  const pin = room?.pin ?? "";
  return (
    <div class={styles.lobby} data-pin={room ? "true" : "false"}>
      {room ? (
        <div class={styles.qrFrame}>
          <QrCode value={room.joinUrl} label={tl("live.host.qr")} class={styles.qr} />
        </div>
      ) : null}
      <div class={styles.lobbyText}>
        {room ? (
          <section class={styles.join} aria-labelledby="join-title">
            <h2 id="join-title" class={styles.joinTitle}>
              {tl("live.screen.joinTitle")}
            </h2>
            <p class={styles.joinOr}>{tl("live.screen.orPin")}</p>
            <p class={styles.pin}>
              <span class={styles.pinLabel}>{tl("live.screen.pin")}</span>
              <span>{pin.slice(0, 3)}</span>
              <span>{pin.slice(3)}</span>
            </p>
            <p class={styles.joinUrl}>{room.joinUrl.replace(/^https?:\/\//, "")}</p>
          </section>
        ) : (
          <p class={styles.joinOr}>{tl("live.screen.noPin")}</p>
        )}
        <section class={styles.joined} aria-live="polite" aria-label={tl("live.screen.joined")}>
          <p class={styles.joinedCount}>
            <span class={styles.joinedLabel}>{tl("live.screen.joined")}</span>
            <strong>{view.room?.players ?? 0}</strong>
            <span>{tl("live.screen.joinedUnit")}</span>
            {teams > 0 ? (
              <>
                <strong class={styles.joinedTeams}>{teams}</strong>
                <span>{tl("live.screen.teamsUnit")}</span>
              </>
            ) : null}
          </p>
          {names.length > 0 ? (
            <ul class={styles.names} aria-label={tl("live.host.names")}>
              {[...names]
                .reverse()
                .slice(0, 40)
                .map((name, i) => (
                  <li key={`${name}-${i}`}>{name}</li>
                ))}
            </ul>
          ) : (
            <p class={styles.waitingLine}>{tl("live.screen.waiting")}</p>
          )}
        </section>
      </div>
    </div>
  );
}

const typeWord = (type: LiveQuestion["type"]) => tl(`live.screen.type.${type}`);

/** Long stems step down once (still ≥ 48 px on 1080p); options lay out in two columns when they are short. */
function stemSize(stem: string): "normal" | "long" | "longer" {
  return stem.length > 110 ? "longer" : stem.length > 60 ? "long" : "normal";
}

function QuestionView({ view, question, clock }: { view: LiveView; question: LiveQuestion; clock: ServerClock }) {
  const options = question.type === "judge" ? [tl("live.screen.judge.yes"), tl("live.screen.judge.no")] : question.options;
  const twoColumns = options.length <= 4 && options.every((o) => o.length <= 14);
  const progress = view.progress?.seq === question.seq ? view.progress : null;
  const total = progress?.total ?? view.room?.players ?? 0;
  const answered = progress?.answered ?? 0;
  return (
    <div class={styles.question}>
      <div class={styles.stemBox}>
        <p class={styles.qMeta}>
          <span class={styles.qType}>{typeWord(question.type)}</span>
          <span>{tl("live.screen.points", { n: question.points })}</span>
        </p>
        <h2 class={styles.stem} data-size={stemSize(question.stem)}>
          {question.stem}
        </h2>
      </div>
      <Countdown question={question} clock={clock} />
      {question.type === "fill" ? (
        <p class={styles.fillNote}>{tl("live.screen.fillBlanks", { n: question.blanks })}</p>
      ) : (
        <ol class={styles.options} data-columns={twoColumns ? "2" : "1"}>
          {options.map((option, i) => (
            <li key={option + String(i)} class={styles.option}>
              <span class={styles.optionLetter} aria-hidden="true">
                {question.type === "judge" ? (i === 0 ? "✓" : "✗") : optionLetter(i)}
              </span>
              <span class={styles.optionText}>{option}</span>
            </li>
          ))}
        </ol>
      )}
      <div class={styles.answered}>
        <span class={styles.answeredText}>{tl("live.screen.answered", { answered, total })}</span>
        <span class={styles.answeredTrack} aria-hidden="true">
          <span style={{ width: `${total > 0 ? Math.min(100, (answered / total) * 100) : 0}%` }} />
        </span>
      </div>
    </div>
  );
}

function Countdown({ question, clock }: { question: LiveQuestion; clock: ServerClock }) {
  useTicks(200);
  const paused = question.pausedRemainingMs !== null;
  const left = remainingMs(question, clock);
  const seconds = Math.ceil(left / 1000);
  const urgent = !paused && seconds <= URGENT_S && seconds > 0;
  const up = !paused && seconds <= 0;
  return (
    <div
      class={styles.timer}
      data-urgent={urgent ? "true" : undefined}
      data-paused={paused ? "true" : undefined}
      data-up={up ? "true" : undefined}
      role="timer"
    >
      <span class={styles.timerValue}>{seconds}</span>
      <span class={styles.timerLabel}>
        {paused ? (
          <>
            <Icon name="clock" size={1} />
            {tl("live.screen.paused")}
          </>
        ) : up ? (
          tl("live.screen.timeUp")
        ) : urgent ? (
          <>
            <Icon name="alert" size={1} strokeWidth={2.4} />
            {tl("live.screen.lastSeconds", { n: URGENT_S })}
          </>
        ) : (
          tl("live.screen.seconds")
        )}
      </span>
    </div>
  );
}

/** After a question: the answer and its spread, then (after a few seconds) the board. */
function RevealView({ question, reveal, answered }: { question: LiveQuestion; reveal: LiveReveal; answered: number | null }) {
  const [step, setStep] = useState<"answer" | "board">("answer");
  useEffect(() => {
    const timer = setTimeout(() => setStep("board"), ANSWER_MS);
    return () => clearTimeout(timer);
  }, []);
  const total = question.type === "multiple" ? answered : reveal.distribution.reduce((a, b) => a + b, 0);
  if (step === "board") return <BoardView seq={question.seq} entries={reveal.leaderboard} />;
  const words = keyWords(question, reveal.key);
  return (
    <div class={styles.reveal}>
      <p class={styles.revealStem}>{question.stem}</p>
      <section class={styles.spread} aria-labelledby="spread-title">
        <h2 id="spread-title" class={styles.sectionTitle}>
          {tl("live.screen.distribution")}
          {total !== null ? <span class={styles.sectionCount}>{tl("live.screen.distributionOf", { n: total })}</span> : null}
        </h2>
        <Distribution question={question} reveal={reveal} answered={answered} size="screen" />
      </section>
      <section class={styles.key} aria-labelledby="key-title">
        <h2 id="key-title" class={styles.keyLabel}>
          <Icon name="checkCircle" size={1} strokeWidth={2.4} />
          {tl("live.screen.answerIs")}
        </h2>
        <p class={styles.keyValue}>{keyText(reveal.key)}</p>
        {words.length > 0 ? <p class={styles.keyWords}>{words.join("；")}</p> : null}
        {reveal.explanation ? (
          <div class={styles.explanation}>
            <h3>{tl("live.screen.explanation")}</h3>
            <p>{reveal.explanation}</p>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function BoardView({ seq, entries }: { seq: number; entries: LiveStanding[] }) {
  return (
    <div class={styles.boardView}>
      <h2 class={styles.boardTitle}>
        {tl("live.screen.leaderboard")}
        <span class={styles.sectionCount}>{tl("live.screen.afterQuestion", { seq })}</span>
      </h2>
      {entries.length === 0 ? (
        <p class={styles.waitingLine}>{tl("live.screen.emptyBoard")}</p>
      ) : (
        <div class={[styles.boardColumns, entries.length > 5 ? styles.boardMany : ""].join(" ")}>
          <Board entries={entries.slice(0, 10)} size="screen" label={tl("live.screen.leaderboard")} />
        </div>
      )}
    </div>
  );
}

function Final({ standings }: { standings: LiveStanding[] }) {
  const top = standings.filter((s) => s.rank <= 3).slice(0, 3);
  const rest = standings.filter((s) => s.rank > 3).slice(0, 7);
  // Second, first, third: the podium as a hall expects it.
  const podium = [top[1], top[0], top[2]].filter((s): s is LiveStanding => s !== undefined);
  return (
    <div class={styles.final}>
      <h2 class={styles.finalTitle}>
        <Icon name="trophy" size={1} class={styles.finalIcon} />
        {tl("live.screen.final")}
      </h2>
      <ol class={styles.podium} aria-label={tl("live.screen.final")}>
        {podium.map((s) => (
          <li key={s.id} class={styles.step} data-rank={String(s.rank)}>
            <span class={styles.stepRank}>{tl("live.screen.rank", { n: s.rank })}</span>
            <span class={styles.stepName}>{s.name}</span>
            <span class={styles.stepScore}>{tl("live.screen.score", { score: scoreText(s.score) })}</span>
          </li>
        ))}
      </ol>
      {rest.length > 0 ? (
        <div class={styles.finalRest}>
          <Board entries={rest} size="screen" showMovement={false} label={tl("live.screen.final")} />
        </div>
      ) : null}
      <p class={styles.thanks}>{tl("live.screen.thanks")}</p>
    </div>
  );
}

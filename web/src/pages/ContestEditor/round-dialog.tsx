import type { ComponentChildren } from "preact";
import { useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Choices } from "../../components/Choices";
import { Dialog } from "../../components/Dialog";
import { Checkbox, FieldError, SelectField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { tl } from "../../i18n/live.zh-CN";
import { api } from "../../lib/api";
import { paperTotals } from "../../lib/contest-admin";
import { fromLocalInput, nextWholeHour, orgKindLabel, toLocalInput } from "../../lib/format";
import { difficultyLabel, typeLabel } from "../../lib/question";
import {
  type Advancement,
  type BankList,
  type CreateRoundBody,
  type DrawPart,
  type QuestionType,
  questionTypes,
  type Round,
  type UpdateRoundBody,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { type Resource, useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

const NAME_SUGGESTIONS = ["初赛", "复赛", "决赛"] as const;
const DIFFICULTIES = [1, 2, 3, 4, 5] as const;
const DAY = 86_400_000;

type PartDraft = { key: number; type: QuestionType | ""; tag: string; dmin: string; dmax: string; count: string; points: string };

type RoundDraft = {
  mode: Round["mode"];
  liveTeamPlay: Round["liveTeamPlay"];
  name: string;
  opens: string;
  closes: string;
  timeLimitMin: string;
  questionTimeSec: string;
  scoring: Round["scoring"];
  drawMode: Round["drawMode"];
  bankIds: string[];
  parts: PartDraft[];
  attempts: string;
  countPolicy: Round["countPolicy"];
  allowBack: boolean;
  partialCredit: boolean;
  advKind: Advancement["kind"] | "";
  advValue: string;
  honourTopN: string;
};

let partKeys = 0;
const newPart = (fields: Partial<PartDraft> = {}): PartDraft => ({
  key: ++partKeys,
  type: "",
  tag: "",
  dmin: "1",
  dmax: "5",
  count: "10",
  points: "10",
  ...fields,
});

function draftFrom(round: Round | null, existing: number): RoundDraft {
  if (!round) {
    const opens = nextWholeHour();
    return {
      mode: "self_paced",
      liveTeamPlay: "individual",
      name: NAME_SUGGESTIONS[Math.min(existing, NAME_SUGGESTIONS.length - 1)] ?? "",
      opens: toLocalInput(opens),
      closes: toLocalInput(opens + 7 * DAY),
      timeLimitMin: "20",
      questionTimeSec: "",
      scoring: "accuracy",
      drawMode: "same",
      bankIds: [],
      parts: [newPart({ count: "20", points: "5" })],
      attempts: "1",
      countPolicy: "best",
      allowBack: true,
      partialCredit: false,
      advKind: "",
      advValue: "",
      honourTopN: "",
    };
  }
  return {
    mode: round.mode,
    liveTeamPlay: round.liveTeamPlay,
    name: round.name,
    opens: toLocalInput(round.opensAt),
    closes: toLocalInput(round.closesAt),
    timeLimitMin: String(Math.round(round.timeLimitSec / 60)),
    questionTimeSec: round.questionTimeSec === null ? "" : String(round.questionTimeSec),
    scoring: round.scoring,
    drawMode: round.drawMode,
    bankIds: [...round.drawSpec.bankIds],
    parts: round.drawSpec.parts.map((part) =>
      newPart({
        type: part.type ?? "",
        tag: part.tag ?? "",
        dmin: String(part.difficultyMin ?? 1),
        dmax: String(part.difficultyMax ?? 5),
        count: String(part.count),
        points: String(part.points ?? 10),
      }),
    ),
    attempts: String(round.attemptsAllowed),
    countPolicy: round.countPolicy,
    allowBack: round.allowBack,
    partialCredit: round.partialCredit,
    advKind: round.advancement?.kind ?? "",
    advValue: round.advancement ? String(round.advancement.value) : "",
    honourTopN: round.honourTopN === null ? "" : String(round.honourTopN),
  };
}

/** A whole number typed in a box, or NaN; full-width digits count. */
function int(value: string): number {
  const text = value.normalize("NFKC").trim();
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

function partBody(part: PartDraft): DrawPart {
  // Keys in the schema's order, so an unchanged spec compares equal to the stored one.
  return {
    type: part.type || null,
    tag: part.tag.trim() || null,
    difficultyMin: int(part.dmin),
    difficultyMax: int(part.dmax),
    count: int(part.count),
    points: int(part.points),
  };
}

/** The live team plays in the order the editor offers them. */
const TEAM_PLAYS = ["individual", "team_captain", "team_first", "team_mean"] as const satisfies readonly Round["liveTeamPlay"][];

/** Live texts of a team play (its title and the sentence that explains it). */
const teamPlayTitle = (play: Round["liveTeamPlay"]) => tl(`live.teamPlay.${play}`);

function bodyOf(draft: RoundDraft): CreateRoundBody {
  const questionTime = draft.questionTimeSec.trim() === "" ? null : int(draft.questionTimeSec);
  const live = draft.mode === "live";
  return {
    name: draft.name.trim(),
    mode: draft.mode,
    scoring: draft.scoring,
    opensAt: fromLocalInput(draft.opens),
    closesAt: fromLocalInput(draft.closes),
    timeLimitSec: int(draft.timeLimitMin) * 60,
    questionTimeSec: questionTime,
    // A live round: the whole hall answers one paper, once, question by question (the API refuses anything else).
    drawMode: live ? "same" : draft.drawMode,
    drawSpec: { bankIds: draft.bankIds, parts: draft.parts.map(partBody) },
    attemptsAllowed: live ? 1 : int(draft.attempts),
    countPolicy: draft.countPolicy,
    allowBack: questionTime === null && !live ? draft.allowBack : false,
    partialCredit: draft.partialCredit,
    advancement: draft.advKind ? { kind: draft.advKind, value: int(draft.advValue) } : null,
    honourTopN: draft.honourTopN.trim() === "" ? null : int(draft.honourTopN),
    liveTeamPlay: live ? draft.liveTeamPlay : "individual",
  };
}

/** The checks the server makes, in its words and at its field paths, so most mistakes show before a round trip. */
function check(body: CreateRoundBody): Record<string, string> {
  const errors: Record<string, string> = {};
  const bad = (n: number | null | undefined) => n === undefined || n === null || !Number.isInteger(n);
  if (!body.name) errors.name = tk("contestAdmin.round.error.name");
  if (Number.isNaN(body.opensAt)) errors.opensAt = tk("contestAdmin.round.error.time");
  if (Number.isNaN(body.closesAt)) errors.closesAt = tk("contestAdmin.round.error.time");
  else if (!Number.isNaN(body.opensAt) && body.closesAt <= body.opensAt) errors.closesAt = tk("contestAdmin.round.error.windowOrder");
  if (bad(body.timeLimitSec) || body.timeLimitSec < 60 || body.timeLimitSec > 6 * 3600)
    errors.timeLimitSec = tk("contestAdmin.round.error.timeLimit");
  const questionTime = body.questionTimeSec ?? null;
  const live = body.mode === "live";
  if (live && (questionTime === null || bad(questionTime) || questionTime < 5 || questionTime > 600))
    errors.questionTimeSec = tl("live.editor.error.questionTime");
  else if (questionTime !== null && (bad(questionTime) || questionTime < 5 || questionTime > 600))
    errors.questionTimeSec = tk("contestAdmin.round.error.questionTime");
  if (body.scoring === "speed" && questionTime === null) errors.questionTimeSec = tk("contestAdmin.round.error.speedNeedsTime");
  if (body.drawSpec.bankIds.length === 0) errors["drawSpec.bankIds"] = tk("contestAdmin.round.error.banks");
  body.drawSpec.parts.forEach((part, i) => {
    if (bad(part.count) || part.count < 1 || part.count > 200) errors[`drawSpec.parts.${i}.count`] = tk("contestAdmin.round.error.count");
    if (bad(part.points) || (part.points ?? 0) < 1 || (part.points ?? 0) > 1000)
      errors[`drawSpec.parts.${i}.points`] = tk("contestAdmin.round.error.points");
    if ((part.difficultyMin ?? 1) > (part.difficultyMax ?? 5))
      errors[`drawSpec.parts.${i}.difficultyMin`] = tk("contestAdmin.round.error.difficulty");
  });
  const { questions } = paperTotals(body.drawSpec.parts);
  if (questions > 200) errors["drawSpec.parts"] = tk("contestAdmin.round.error.tooMany");
  // A live round is paced by its host: no time limit per person to fit the questions into.
  if (!live && questionTime !== null && !errors.questionTimeSec && !errors.timeLimitSec && questionTime * questions > body.timeLimitSec)
    errors.questionTimeSec = tk("contestAdmin.round.error.questionTimeTooLong", {
      total: questionTime * questions,
      limit: body.timeLimitSec,
    });
  if (bad(body.attemptsAllowed) || (body.attemptsAllowed ?? 1) < 1 || (body.attemptsAllowed ?? 1) > 10)
    errors.attemptsAllowed = tk("contestAdmin.round.error.attempts");
  if (body.advancement) {
    const { kind, value } = body.advancement;
    if (bad(value) || value < 1 || (kind === "top_percent" && value > 100))
      errors["advancement.value"] = tk(kind === "top_percent" ? "contestAdmin.round.error.percent" : "contestAdmin.round.error.positive");
  }
  if (body.honourTopN !== null && body.honourTopN !== undefined && (bad(body.honourTopN) || body.honourTopN < 1))
    errors.honourTopN = tk("contestAdmin.round.error.positive");
  return errors;
}

/** Only what changed, so an edit of the window alone never touches the paper (which is fixed once someone has started). */
function changes(round: Round, body: CreateRoundBody): UpdateRoundBody {
  const before = bodyOf(draftFrom(round, 0));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(body) as (keyof CreateRoundBody)[]) {
    if (JSON.stringify(body[key]) !== JSON.stringify(before[key])) out[key] = body[key];
  }
  return out as UpdateRoundBody;
}

type Props = {
  open: boolean;
  contestId: string;
  /** null: a new round. */
  round: Round | null;
  existingRounds: number;
  /** The contest's team kind (teams are that level of org), or null when it ranks no teams: live team play needs teams. */
  teamKind: string | null;
  onClose: () => void;
  onSaved: (round: Round) => void;
};

export function RoundDialog({ open, contestId, round, existingRounds, teamKind, onClose, onSaved }: Props) {
  const [draft, setDraft] = useState<RoundDraft>(() => draftFrom(round, existingRounds));
  const [local, setLocal] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const banks = useResource<BankList>(open ? "/api/banks" : null);
  const action = useAction((body: CreateRoundBody) =>
    round
      ? api.patch<{ round: Round }>(`/api/rounds/${encodeURIComponent(round.id)}`, changes(round, body))
      : api.post<{ round: Round }>(`/api/contests/${encodeURIComponent(contestId)}/rounds`, body),
  );

  useEffect(() => {
    if (!open) return;
    setDraft(draftFrom(round, existingRounds));
    setLocal({});
    action.reset();
  }, [open, round?.id]);

  const set = <K extends keyof RoundDraft>(key: K, value: RoundDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setPart = (index: number, fields: Partial<PartDraft>) =>
    setDraft((d) => ({ ...d, parts: d.parts.map((part, i) => (i === index ? { ...part, ...fields } : part)) }));

  // The first problem gets the focus (and so scrolls into view), wherever in the long form it is.
  const focusFirstProblem = () =>
    requestAnimationFrame(() => {
      const target = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-problem="true"]');
      target?.focus();
      target?.scrollIntoView({ block: "center" });
    });

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = bodyOf(draft);
    const found = check(body);
    setLocal(found);
    action.reset();
    if (Object.keys(found).length > 0) {
      focusFirstProblem();
      return;
    }
    const result = await action.run(body);
    if (result) onSaved(result.round);
    else focusFirstProblem();
  };

  const server = action.error;
  const fields = server?.fieldErrors ?? {};
  // A 422 about one part of the draw (not enough questions) names the part in its details.
  const partProblem = server?.code === "UNPROCESSABLE" ? (server.details as { part?: unknown } | undefined)?.part : undefined;
  const error = (path: string) => local[path] ?? fields[path];
  const hasFieldErrors = Object.keys(local).length > 0 || Object.keys(fields).length > 0;
  const totals = paperTotals(draft.parts.map((part) => ({ count: int(part.count), points: int(part.points) })));
  const questionTime = draft.questionTimeSec.trim() === "" ? null : int(draft.questionTimeSec);
  const started = round !== null && round.state !== "upcoming";
  const live = draft.mode === "live";
  const setMode = (mode: Round["mode"]) =>
    setDraft((d) => ({
      ...d,
      mode,
      // A live round always has a time per question: offer the usual one rather than an empty box.
      questionTimeSec: mode === "live" && d.questionTimeSec.trim() === "" ? "20" : d.questionTimeSec,
    }));

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={round ? tk("contestAdmin.round.editTitle", { name: round.name }) : tk("contestAdmin.round.addTitle")}
      footer={
        <>
          <Button onClick={onClose}>{tk("common.cancel")}</Button>
          <Button type="submit" form="round-form" variant="primary" pending={action.pending} pendingLabel={tk("common.saving")}>
            {round ? tk("common.save") : tk("contestAdmin.round.add")}
          </Button>
        </>
      }
    >
      <form id="round-form" ref={formRef} class={styles.roundForm} onSubmit={submit} noValidate>
        {started ? <Notice tone="warning">{tk("contestAdmin.round.startedNote")}</Notice> : null}
        {server ? (
          <Notice tone="error" requestId={server.requestId}>
            {server.code === "VALIDATION_FAILED" && Object.keys(fields).length > 0 ? tk("error.fixFields") : server.message}
          </Notice>
        ) : hasFieldErrors ? (
          <Notice tone="error">{tk("error.fixFields")}</Notice>
        ) : null}

        <Section title={tl("live.mode")}>
          <Choices
            name="mode"
            label={tl("live.mode")}
            value={draft.mode}
            onValue={(v) => setMode(v as Round["mode"])}
            options={[
              { value: "self_paced", title: tl("live.mode.self_paced"), body: tl("live.mode.self_pacedBody") },
              { value: "live", title: tl("live.mode.live"), body: tl("live.mode.liveBody") },
            ]}
          />
        </Section>

        <Section title={tk("contestAdmin.round.basics")}>
          <div class={styles.nameRow}>
            <TextField
              class={styles.nameField}
              label={tk("contestAdmin.round.name")}
              value={draft.name}
              onValue={(v) => set("name", v)}
              error={error("name")}
              maxLength={100}
              autoComplete="off"
            />
            <div class={styles.suggestions}>
              {NAME_SUGGESTIONS.map((name) => (
                <button key={name} type="button" class={styles.chip} aria-pressed={draft.name === name} onClick={() => set("name", name)}>
                  {name}
                </button>
              ))}
            </div>
          </div>
          <div class={styles.grid2}>
            <TextField
              label={tk("contestAdmin.round.opensAt")}
              type="datetime-local"
              value={draft.opens}
              onValue={(v) => set("opens", v)}
              error={error("opensAt")}
            />
            <TextField
              label={tk("contestAdmin.round.closesAt")}
              type="datetime-local"
              value={draft.closes}
              onValue={(v) => set("closes", v)}
              error={error("closesAt")}
            />
          </div>
          <p class={styles.note}>{live ? tl("live.editor.windowHint") : tk("contestAdmin.round.windowHint")}</p>
          <div class={styles.grid2}>
            {live ? null : (
              <TextField
                label={tk("contestAdmin.round.timeLimit")}
                inputMode="numeric"
                value={draft.timeLimitMin}
                onValue={(v) => set("timeLimitMin", v)}
                error={error("timeLimitSec")}
                hint={tk("contestAdmin.round.timeLimitHint")}
                maxLength={3}
              />
            )}
            <TextField
              label={live ? tl("live.editor.questionTime") : tk("contestAdmin.round.questionTime")}
              tag={live ? undefined : tk("common.optional")}
              inputMode="numeric"
              value={draft.questionTimeSec}
              onValue={(v) => set("questionTimeSec", v)}
              error={error("questionTimeSec")}
              hint={live ? tl("live.editor.questionTimeHint") : tk("contestAdmin.round.questionTimeHint")}
              maxLength={3}
            />
          </div>
        </Section>

        <Section title={tk("contestAdmin.round.scoring")}>
          <Choices
            name="scoring"
            label={tk("contestAdmin.round.scoring")}
            value={draft.scoring}
            onValue={(v) => set("scoring", v as Round["scoring"])}
            options={[
              { value: "accuracy", title: tk("contestAdmin.round.scoring.accuracy"), body: tk("contestAdmin.round.scoring.accuracyBody") },
              { value: "speed", title: tk("contestAdmin.round.scoring.speed"), body: tk("contestAdmin.round.scoring.speedBody") },
            ]}
          />
          <Checkbox label={tk("contestAdmin.round.partialCredit")} checked={draft.partialCredit} onValue={(v) => set("partialCredit", v)} />
          <p class={styles.note}>{tk("contestAdmin.round.partialCreditHint")}</p>
        </Section>

        {live ? (
          <Section title={tl("live.editor.teamPlay")}>
            <TeamPlayPicker value={draft.liveTeamPlay} onValue={(v) => set("liveTeamPlay", v)} teamKind={teamKind} />
            {error("liveTeamPlay") ? <FieldError message={error("liveTeamPlay") ?? ""} /> : null}
          </Section>
        ) : null}

        <Section title={tk("contestAdmin.round.paper")}>
          {live ? (
            <p class={styles.note}>{tl("live.editor.paperNote")}</p>
          ) : (
            <Choices
              name="drawMode"
              label={tk("contestAdmin.round.drawMode")}
              value={draft.drawMode}
              onValue={(v) => set("drawMode", v as Round["drawMode"])}
              options={[
                { value: "same", title: tk("contestAdmin.round.drawMode.same"), body: tk("contestAdmin.round.drawMode.sameBody") },
                {
                  value: "per_person",
                  title: tk("contestAdmin.round.drawMode.perPerson"),
                  body: tk("contestAdmin.round.drawMode.perPersonBody"),
                },
              ]}
            />
          )}
          <BankPicker banks={banks} selected={draft.bankIds} onChange={(ids) => set("bankIds", ids)} error={error("drawSpec.bankIds")} />
          <PartsEditor
            parts={draft.parts}
            onPart={setPart}
            onAdd={() => set("parts", [...draft.parts, newPart({ count: "5", points: "10" })])}
            onRemove={(index) =>
              set(
                "parts",
                draft.parts.filter((_, i) => i !== index),
              )
            }
            error={error}
            problemPart={typeof partProblem === "number" ? partProblem : undefined}
            problemMessage={server?.message}
            totals={totals}
            listError={error("drawSpec.parts")}
          />
        </Section>

        <Section title={tk("contestAdmin.round.taking")}>
          {live ? (
            <p class={styles.note}>{tl("live.editor.takingNote")}</p>
          ) : (
            <SelfPacedTaking draft={draft} set={set} error={error} questionTime={questionTime} />
          )}
        </Section>

        <Section title={tk("contestAdmin.round.after")}>
          <div class={styles.grid2}>
            <SelectField
              label={tk("contestAdmin.round.advancement")}
              value={draft.advKind}
              onValue={(v) => set("advKind", v as RoundDraft["advKind"])}
              options={[
                { value: "", label: tk("contestAdmin.round.advancement.none") },
                { value: "top_n", label: tk("contestAdmin.round.advancement.top_n") },
                { value: "top_percent", label: tk("contestAdmin.round.advancement.top_percent") },
                { value: "min_score", label: tk("contestAdmin.round.advancement.min_score") },
              ]}
            />
            {draft.advKind ? (
              <TextField
                label={tk(`contestAdmin.round.advancementValue.${draft.advKind}`)}
                inputMode="numeric"
                value={draft.advValue}
                onValue={(v) => set("advValue", v)}
                error={error("advancement.value")}
                maxLength={6}
              />
            ) : null}
          </div>
          <p class={styles.note}>{tk("contestAdmin.round.advancementHint")}</p>
          <div class={styles.grid2}>
            <TextField
              label={tk("contestAdmin.round.honourTopN")}
              tag={tk("common.optional")}
              inputMode="numeric"
              value={draft.honourTopN}
              onValue={(v) => set("honourTopN", v)}
              error={error("honourTopN")}
              maxLength={5}
            />
          </div>
          <p class={styles.note}>{tk("contestAdmin.round.honourHint")}</p>
        </Section>
      </form>
    </Dialog>
  );
}

/** How often and how a self-paced round is taken (a live round is taken once, question by question, by everyone at once). */
function SelfPacedTaking({
  draft,
  set,
  error,
  questionTime,
}: {
  draft: RoundDraft;
  set: <K extends keyof RoundDraft>(key: K, value: RoundDraft[K]) => void;
  error: (path: string) => string | undefined;
  questionTime: number | null;
}) {
  return (
    <>
      <div class={styles.grid2}>
        <TextField
          label={tk("contestAdmin.round.attempts")}
          inputMode="numeric"
          value={draft.attempts}
          onValue={(v) => set("attempts", v)}
          error={error("attemptsAllowed")}
          hint={tk("contestAdmin.round.attemptsHint")}
          maxLength={2}
        />
        {int(draft.attempts) > 1 ? (
          <SelectField
            label={tk("contestAdmin.round.countPolicy")}
            value={draft.countPolicy}
            onValue={(v) => set("countPolicy", v as Round["countPolicy"])}
            options={[
              { value: "best", label: tk("contestAdmin.round.countPolicy.best") },
              { value: "last", label: tk("contestAdmin.round.countPolicy.last") },
            ]}
          />
        ) : null}
      </div>
      <div>
        <label class={styles.checkLine}>
          <input
            type="checkbox"
            checked={questionTime === null ? draft.allowBack : false}
            disabled={questionTime !== null}
            onChange={(event) => set("allowBack", event.currentTarget.checked)}
          />
          <span>{tk("contestAdmin.round.allowBack")}</span>
        </label>
        <p class={styles.note}>
          {questionTime !== null ? tk("contestAdmin.round.allowBackLocked") : tk("contestAdmin.round.allowBackHint")}
        </p>
      </div>
    </>
  );
}

/** The four ways to play a live round, each with a sentence on what it means; team play only when the contest has teams. */
function TeamPlayPicker({
  value,
  onValue,
  teamKind,
}: {
  value: Round["liveTeamPlay"];
  onValue: (value: Round["liveTeamPlay"]) => void;
  teamKind: string | null;
}) {
  const plays = teamKind ? TEAM_PLAYS : (["individual"] as const);
  return (
    <>
      <Choices
        name="liveTeamPlay"
        label={tl("live.editor.teamPlay")}
        columns={teamKind ? 2 : 1}
        value={value}
        onValue={(v) => onValue(v as Round["liveTeamPlay"])}
        options={plays.map((play) => ({ value: play, title: teamPlayTitle(play), body: tl(`live.teamPlay.${play}Body`) }))}
      />
      <p class={styles.note}>{teamKind ? tl("live.editor.teamsBy", { kind: orgKindLabel(teamKind) }) : tl("live.editor.teamsNeedTeams")}</p>
    </>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <fieldset class={styles.formSection}>
      <legend class={styles.formSectionTitle}>{title}</legend>
      {children}
    </fieldset>
  );
}

function BankPicker({
  banks,
  selected,
  onChange,
  error,
}: {
  banks: Resource<BankList>;
  selected: string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
}) {
  const labelId = useId();
  const list = useMemo(
    () => [...(banks.data?.banks ?? [])].sort((a, b) => Number(b.canManage) - Number(a.canManage) || Number(b.shipped) - Number(a.shipped)),
    [banks.data],
  );
  const chosen = new Set(selected);
  const chosenCount = list.filter((bank) => chosen.has(bank.id)).reduce((n, bank) => n + bank.questionCount, 0);
  return (
    <div class={styles.subField}>
      <p id={labelId} class={styles.subLabel}>
        {tk("contestAdmin.round.banks")}
        {selected.length > 0 ? <span class={styles.subCount}>{tk("contestAdmin.round.banksChosen", { count: chosenCount })}</span> : null}
      </p>
      {banks.error ? (
        <Notice tone="error" requestId={banks.error.requestId}>
          {banks.error.message}
        </Notice>
      ) : !banks.data ? (
        <Loading label={tk("app.loading")} minHeight={4} />
      ) : list.length === 0 ? (
        <p class={styles.note}>{tk("contestAdmin.round.noBanks")}</p>
      ) : (
        <ul class={styles.bankList} aria-labelledby={labelId} data-problem={error ? "true" : undefined} tabIndex={error ? -1 : undefined}>
          {list.map((bank) => (
            <li key={bank.id}>
              <label class={styles.bankItem}>
                <input
                  type="checkbox"
                  checked={chosen.has(bank.id)}
                  onChange={(event) =>
                    onChange(event.currentTarget.checked ? [...selected, bank.id] : selected.filter((id) => id !== bank.id))
                  }
                />
                <span class={styles.bankName}>{bank.name}</span>
                {bank.shipped ? <Badge tone="gold">{tk("bank.shipped")}</Badge> : null}
                <span class={styles.bankMeta}>
                  {bank.orgName} · {tk("contestAdmin.round.bankCount", { count: bank.questionCount })}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? <FieldError message={error} /> : null}
    </div>
  );
}

function PartsEditor({
  parts,
  onPart,
  onAdd,
  onRemove,
  error,
  problemPart,
  problemMessage,
  totals,
  listError,
}: {
  parts: PartDraft[];
  onPart: (index: number, fields: Partial<PartDraft>) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
  error: (path: string) => string | undefined;
  problemPart: number | undefined;
  problemMessage: string | undefined;
  totals: { questions: number; points: number };
  listError: string | undefined;
}) {
  const typeOptions = [
    { value: "", label: tk("contestAdmin.round.part.anyType") },
    ...questionTypes.map((v) => ({ value: v, label: typeLabel(v) })),
  ];
  const difficultyOptions = DIFFICULTIES.map((d) => ({ value: String(d), label: difficultyLabel(d) }));
  return (
    <div class={styles.subField}>
      <p class={styles.subLabel}>{tk("contestAdmin.round.parts")}</p>
      <p class={styles.note}>{tk("contestAdmin.round.partsHint")}</p>
      <ol class={styles.parts}>
        {parts.map((part, index) => {
          const base = `drawSpec.parts.${index}`;
          const problem = problemPart === index ? problemMessage : undefined;
          const subtotal = int(part.count) * int(part.points);
          return (
            <li key={part.key} class={styles.part} data-problem={problem ? "true" : undefined} tabIndex={problem ? -1 : undefined}>
              <div class={styles.partHead}>
                <span class={styles.partTitle}>{tk("contestAdmin.round.part.title", { n: index + 1 })}</span>
                <span class={styles.partSubtotal}>
                  {Number.isFinite(subtotal) ? tk("contestAdmin.round.part.subtotal", { count: int(part.count), points: subtotal }) : ""}
                </span>
                {parts.length > 1 ? (
                  <Button
                    size="sm"
                    variant="quiet"
                    icon="trash"
                    onClick={() => onRemove(index)}
                    aria-label={tk("contestAdmin.round.part.removeLabel", { n: index + 1 })}
                  >
                    {tk("contestAdmin.round.part.remove")}
                  </Button>
                ) : null}
              </div>
              <div class={styles.partFields}>
                <SelectField
                  label={tk("contestAdmin.round.part.type")}
                  value={part.type}
                  onValue={(v) => onPart(index, { type: v as QuestionType | "" })}
                  options={typeOptions}
                />
                <TextField
                  label={tk("contestAdmin.round.part.tag")}
                  tag={tk("common.optional")}
                  placeholder={tk("contestAdmin.round.part.tagPlaceholder")}
                  value={part.tag}
                  onValue={(v) => onPart(index, { tag: v })}
                  error={error(`${base}.tag`)}
                  maxLength={40}
                  autoComplete="off"
                />
                <TextField
                  label={tk("contestAdmin.round.part.count")}
                  inputMode="numeric"
                  value={part.count}
                  onValue={(v) => onPart(index, { count: v })}
                  error={error(`${base}.count`)}
                  maxLength={3}
                />
                <TextField
                  label={tk("contestAdmin.round.part.points")}
                  inputMode="numeric"
                  value={part.points}
                  onValue={(v) => onPart(index, { points: v })}
                  error={error(`${base}.points`)}
                  maxLength={4}
                />
                <SelectField
                  label={tk("contestAdmin.round.part.dmin")}
                  value={part.dmin}
                  onValue={(v) => onPart(index, { dmin: v })}
                  options={difficultyOptions}
                  error={error(`${base}.difficultyMin`)}
                />
                <SelectField
                  label={tk("contestAdmin.round.part.dmax")}
                  value={part.dmax}
                  onValue={(v) => onPart(index, { dmax: v })}
                  options={difficultyOptions}
                />
              </div>
              {problem ? (
                <>
                  <FieldError message={problem} />
                  <p class={styles.note}>{tk("contestAdmin.round.part.notEnoughHint")}</p>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div class={styles.partsFoot}>
        <Button size="sm" icon="plus" onClick={onAdd} disabled={parts.length >= 10}>
          {tk("contestAdmin.round.part.add")}
        </Button>
        <p class={styles.totals} aria-live="polite">
          <Icon name="file" size={1} />
          {Number.isFinite(totals.questions) && Number.isFinite(totals.points)
            ? tk("contestAdmin.round.totals", { questions: totals.questions, points: totals.points })
            : tk("contestAdmin.round.totalsUnknown")}
        </p>
      </div>
      {listError ? <FieldError message={listError} /> : null}
    </div>
  );
}

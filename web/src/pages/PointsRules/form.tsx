import { useId, useRef, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { FieldError, TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { tr } from "../../i18n/reports.zh-CN";
import { api } from "../../lib/api";
import { typedNumber as num, shanghaiToday } from "../../lib/reports";
import type { PointsRules, PointsRulesBody, PointsRulesVersion } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";

type Draft = {
  effectiveFrom: string;
  attendance: string;
  completion: string;
  contest: string;
  placementTopN: string;
  placementPoints: string;
  rankingEnabled: boolean;
  awards: { name: string; points: string }[];
  note: string;
};

function draftOf(current: PointsRulesVersion): Draft {
  return {
    effectiveFrom: shanghaiToday(),
    attendance: String(current.attendance),
    completion: String(current.completion),
    contest: String(current.contest),
    placementTopN: String(current.placementTopN),
    placementPoints: String(current.placementPoints),
    rankingEnabled: current.rankingEnabled,
    awards: current.awards.map((a) => ({ name: a.name, points: String(a.points) })),
    note: "",
  };
}

function bodyOf(draft: Draft): PointsRulesBody {
  return {
    effectiveFrom: draft.effectiveFrom,
    attendance: num(draft.attendance),
    completion: num(draft.completion),
    contest: num(draft.contest),
    placementTopN: num(draft.placementTopN),
    placementPoints: num(draft.placementPoints),
    rankingEnabled: draft.rankingEnabled,
    awards: draft.awards
      .filter((a) => a.name.trim() !== "" || a.points.trim() !== "")
      .map((a) => ({ name: a.name, points: num(a.points) })),
    note: draft.note.trim() || undefined,
  };
}

const KNOWN = [
  "effectiveFrom",
  "attendance",
  "completion",
  "contest",
  "placementTopN",
  "placementPoints",
  "rankingEnabled",
  "awards",
  "note",
];

/** A new version of the org's rules, from a day on: earned points never change. */
export function RulesForm({ orgId, current, onSaved }: { orgId: string; current: PointsRulesVersion; onSaved: (from: string) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(current));
  const formRef = useRef<HTMLFormElement>(null);
  const switchId = useId();
  const save = useAction((body: PointsRulesBody) => api.post<PointsRules>(`/api/orgs/${encodeURIComponent(orgId)}/points-rules`, body));
  const errors = save.error?.fieldErrors ?? {};
  const other = Object.entries(errors).filter(([path]) => !KNOWN.includes(path) && !/^awards\.\d+\.(name|points)$/.test(path));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setAward = (index: number, patch: Partial<Draft["awards"][number]>) =>
    setDraft((d) => ({ ...d, awards: d.awards.map((a, i) => (i === index ? { ...a, ...patch } : a)) }));
  const today = shanghaiToday();

  const submit = async (event: Event) => {
    event.preventDefault();
    const saved = await save.run(bodyOf(draft));
    if (saved) {
      onSaved(draft.effectiveFrom);
      return;
    }
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  return (
    <form ref={formRef} class={admin.card} onSubmit={submit} noValidate aria-labelledby="new-rules-title">
      <div class={admin.cardHead}>
        <h2 id="new-rules-title" class={admin.sectionTitle}>
          {tr("pointsRules.form.title")}
        </h2>
      </div>
      <p class={admin.rule}>
        <Icon name="info" size={1} />
        <span>{tr("pointsRules.form.explain")}</span>
      </p>

      <TextField
        class={styles.date}
        label={tr("pointsRules.form.from")}
        type="date"
        min={today}
        value={draft.effectiveFrom}
        onValue={(effectiveFrom) => set({ effectiveFrom })}
        error={errors.effectiveFrom}
        hint={tr("pointsRules.form.fromHint")}
      />

      <fieldset class={styles.fieldset}>
        <legend class={styles.legend}>{tr("pointsRules.form.earn")}</legend>
        <div class={styles.numbers}>
          <TextField
            label={tr("pointsRules.attendance")}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            value={draft.attendance}
            onValue={(attendance) => set({ attendance })}
            error={errors.attendance}
          />
          <TextField
            label={tr("pointsRules.completion")}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            value={draft.completion}
            onValue={(completion) => set({ completion })}
            error={errors.completion}
          />
          <TextField
            label={tr("pointsRules.contest")}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            value={draft.contest}
            onValue={(contest) => set({ contest })}
            error={errors.contest}
          />
          <TextField
            label={tr("pointsRules.form.topN")}
            type="number"
            inputMode="numeric"
            min={0}
            max={1000}
            value={draft.placementTopN}
            onValue={(placementTopN) => set({ placementTopN })}
            error={errors.placementTopN}
            hint={tr("pointsRules.form.topNHint")}
          />
          <TextField
            label={tr("pointsRules.form.topPoints")}
            type="number"
            inputMode="numeric"
            min={0}
            max={1000}
            value={draft.placementPoints}
            onValue={(placementPoints) => set({ placementPoints })}
            error={errors.placementPoints}
          />
        </div>
      </fieldset>

      <div class={styles.rankingBox}>
        <div class={styles.rankingHead}>
          <span id={`${switchId}-label`} class={styles.rankingLabel}>
            {tr("pointsRules.ranking")}
          </span>
          <button
            type="button"
            role="switch"
            class={styles.switch}
            aria-checked={draft.rankingEnabled}
            aria-labelledby={`${switchId}-label`}
            aria-describedby={`${switchId}-why`}
            onClick={() => set({ rankingEnabled: !draft.rankingEnabled })}
          >
            <span class={styles.switchTrack} aria-hidden="true">
              <span class={styles.switchKnob} />
            </span>
            <span class={styles.switchText}>
              {draft.rankingEnabled ? tr("pointsRules.ranking.onShort") : tr("pointsRules.ranking.offShort")}
            </span>
          </button>
        </div>
        <p id={`${switchId}-why`} class={styles.rankingWhy}>
          {tr("pointsRules.ranking.why")}
        </p>
        {draft.rankingEnabled ? <p class={styles.rankingOn}>{tr("pointsRules.ranking.whenOn")}</p> : null}
      </div>

      <fieldset class={styles.fieldset}>
        <legend class={styles.legend}>{tr("pointsRules.awards")}</legend>
        <p class={admin.hint}>{tr("pointsRules.form.awardsHint")}</p>
        {draft.awards.length === 0 ? <p class={admin.muted}>{tr("pointsRules.awards.none")}</p> : null}
        <ul class={styles.awardRows}>
          {draft.awards.map((award, index) => {
            const nameError = errors[`awards.${index}.name`];
            const pointsError = errors[`awards.${index}.points`];
            return (
              <li key={index} class={styles.awardRow}>
                <TextField
                  class={styles.awardName}
                  label={tr("pointsRules.form.awardName", { n: index + 1 })}
                  value={award.name}
                  maxLength={20}
                  onValue={(name) => setAward(index, { name })}
                  error={nameError}
                />
                <TextField
                  class={styles.awardPointsField}
                  label={tr("pointsRules.form.awardPoints")}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={1000}
                  value={award.points}
                  onValue={(points) => setAward(index, { points })}
                  error={pointsError}
                />
                <Button
                  class={styles.awardRemove}
                  variant="quiet"
                  icon="x"
                  aria-label={tr("pointsRules.form.awardRemove", { name: award.name || String(index + 1) })}
                  onClick={() => setDraft((d) => ({ ...d, awards: d.awards.filter((_, i) => i !== index) }))}
                >
                  {tr("planSettings.remove")}
                </Button>
              </li>
            );
          })}
        </ul>
        {errors.awards ? <FieldError message={errors.awards} /> : null}
        {draft.awards.length < 20 ? (
          <div>
            <Button icon="plus" onClick={() => set({ awards: [...draft.awards, { name: "", points: "" }] })}>
              {tr("pointsRules.form.awardAdd")}
            </Button>
          </div>
        ) : null}
      </fieldset>

      <TextAreaField
        label={tr("pointsRules.form.note")}
        tag={tr("common.optional")}
        value={draft.note}
        maxLength={200}
        rows={2}
        onValue={(note) => set({ note })}
        error={errors.note}
        placeholder={tr("pointsRules.form.notePlaceholder")}
      />

      {save.error ? (
        <Notice tone="error" requestId={save.error.requestId}>
          {Object.keys(errors).length > 0 ? tr("planSettings.fixMarked") : save.error.message}
          {other.length > 0 ? (
            <ul class={styles.otherErrors}>
              {other.map(([path, message]) => (
                <li key={path}>{message}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <div class={styles.formButtons}>
        <Button type="submit" variant="primary" icon="check" pending={save.pending} pendingLabel={tr("common.saving")}>
          {tr("pointsRules.form.save")}
        </Button>
      </div>
    </form>
  );
}

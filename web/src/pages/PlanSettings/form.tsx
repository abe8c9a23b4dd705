import { useMemo, useRef, useState } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { FieldError, SelectField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { tr } from "../../i18n/reports.zh-CN";
import { api } from "../../lib/api";
import { hoursFigure } from "../../lib/format";
import { typedNumber as num } from "../../lib/reports";
import { type ModuleSummary, type Title, titles, type YearPlan, type YearPlanBody } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import admin from "../ContestAdmin/admin.module.css";
import { RatingTable } from "./rating-table";
import styles from "./style.module.css";

type TierDraft = { name: string; onPace: string; active: string };
type Draft = {
  hours: string;
  titleRows: { title: Title; hours: string }[];
  moduleIds: string[];
  minContests: string;
  trainings: string;
  lectures: string;
  microTalks: string;
  /** Null: this org sets no tiers of its own (the ones above, or the defaults, apply). */
  rating: TierDraft[] | null;
};

/** Titles offered as rows from the start: the ones most plans ask more of (DESIGN: 书记 56). */
const STARTING_TITLES: Title[] = ["书记", "副书记", "委员"];

const text = (n: number | undefined) => (n === undefined ? "" : String(n));
/** A share (0–1) as the percent a person types, at most one decimal. */
const percentText = (share: number) => String(Math.round(share * 1000) / 10);

function draftOf(plan: YearPlan): Draft {
  const own = plan.own;
  const floor = plan.inherited;
  // No plan of its own yet: start from the floor above, which the org may then raise.
  const source = own ?? (floor ? { hours: floor.hours, titleHours: floor.titleHours, minContests: floor.minContests } : null);
  const titleHours = (source?.titleHours ?? {}) as Partial<Record<Title, number>>;
  const shown = new Set<Title>([
    ...STARTING_TITLES,
    ...(Object.keys(titleHours) as Title[]),
    ...(Object.keys(floor?.titleHours ?? {}) as Title[]),
  ]);
  const floorTitles = (floor?.titleHours ?? {}) as Partial<Record<Title, number>>;
  const inheritedIds = new Set((floor?.modules ?? []).map((m) => m.id));
  return {
    hours: text(source?.hours),
    // A title the plans above ask more of must be set here too (at least as high): start it at the floor.
    titleRows: titles
      .filter((title) => shown.has(title))
      .map((title) => ({
        title,
        hours: text(titleHours[title] ?? (floorTitles[title] !== floor?.hours ? floorTitles[title] : undefined)),
      })),
    // The modules above are shown apart, locked, and always sent with the plan (a sub-org cannot drop them).
    moduleIds: (own?.requiredModuleIds ?? []).filter((id) => !inheritedIds.has(id)),
    minContests: text(source?.minContests ?? 0),
    trainings: text(own?.trainingsTarget ?? 0),
    lectures: text(own?.lecturesTarget ?? 0),
    microTalks: text(own?.microTalksTarget ?? 0),
    rating: own?.rating ? own.rating.map(tierDraft) : null,
  };
}

const tierDraft = (tier: { name: string; minOnPace: number; minActive: number }): TierDraft => ({
  name: tier.name,
  onPace: percentText(tier.minOnPace),
  active: percentText(tier.minActive),
});

function share(value: string): number {
  const n = num(value);
  return typeof n === "number" && Number.isFinite(n) ? Math.round(n * 10) / 1000 : n;
}

/** The plan as sent: only this org's own required modules (the server adds those required above). */
function bodyOf(draft: Draft): YearPlanBody {
  const titleHours: Partial<Record<Title, number>> = {};
  for (const row of draft.titleRows) if (row.hours.trim() !== "") titleHours[row.title] = num(row.hours);
  return {
    hours: num(draft.hours),
    titleHours,
    requiredModuleIds: draft.moduleIds,
    minContests: num(draft.minContests),
    trainingsTarget: num(draft.trainings),
    lecturesTarget: num(draft.lectures),
    microTalksTarget: num(draft.microTalks),
    rating: draft.rating
      ? draft.rating.map((tier, i, all) =>
          // The last tier takes every branch below the third: no minimums.
          i === all.length - 1
            ? { name: tier.name, minOnPace: 0, minActive: 0 }
            : { name: tier.name, minOnPace: share(tier.onPace), minActive: share(tier.active) },
        )
      : null,
  };
}

/** The fields the form shows errors at; any other path is listed above the buttons. */
function knownPath(path: string, draft: Draft): boolean {
  if (["hours", "minContests", "trainingsTarget", "lecturesTarget", "microTalksTarget", "titleHours", "rating"].includes(path)) return true;
  if (path === "requiredModuleIds" || path.startsWith("requiredModuleIds.")) return true;
  if (path.startsWith("titleHours.")) return draft.titleRows.some((row) => `titleHours.${row.title}` === path);
  // A tier's message shows in its row; with the tiers reset there is no row, and nothing to fix.
  if (path.startsWith("rating.")) return true;
  return false;
}

export function PlanForm({
  plan,
  modules,
  modulesLoading,
  onSaved,
  onClear,
}: {
  plan: YearPlan;
  modules: ModuleSummary[];
  modulesLoading: boolean;
  onSaved: (plan: YearPlan) => void;
  onClear: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const [addTitle, setAddTitle] = useState<string>("");
  const [addModule, setAddModule] = useState<string>("");
  const formRef = useRef<HTMLFormElement>(null);
  const save = useAction((body: YearPlanBody) => api.put<YearPlan>(`/api/orgs/${encodeURIComponent(plan.orgId)}/plans/${plan.year}`, body));
  const errors = save.error?.fieldErrors ?? {};
  const other = Object.entries(errors).filter(([path]) => !knownPath(path, draft));
  const floor = plan.inherited;
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
  };

  // Module titles: the organizer's own published modules, and the plan's (which may be ones they no longer manage).
  const moduleTitles = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of plan.effective?.modules ?? []) map.set(m.id, m.title);
    for (const m of modules) map.set(m.id, m.title);
    return map;
  }, [plan, modules]);
  const inheritedModuleIds = new Set((floor?.modules ?? []).map((m) => m.id));
  const moduleOptions = modules
    .filter((m) => !draft.moduleIds.includes(m.id) && !inheritedModuleIds.has(m.id))
    .map((m) => ({ value: m.id, label: `${m.title}（${m.orgName}）` }));
  const unusedTitles = titles.filter((title) => !draft.titleRows.some((row) => row.title === title));

  const submit = async (event: Event) => {
    event.preventDefault();
    const saved = await save.run(bodyOf(draft));
    if (saved) {
      onSaved(saved);
      return;
    }
    // Bring the first marked field into view, where its message is.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const floorHours = (title: Title) => (floor ? (floor.titleHours[title] ?? floor.hours) : undefined);

  return (
    <form ref={formRef} class={styles.form} onSubmit={submit} noValidate aria-labelledby="plan-form-title">
      <h2 id="plan-form-title" class="visually-hidden">
        {tr("planSettings.form.title", { org: plan.orgName, year: plan.year })}
      </h2>

      {!plan.own && floor ? <Notice tone="info">{tr("planSettings.inheritingNote")}</Notice> : null}

      <section class={admin.card} aria-labelledby="hours-title">
        <h3 id="hours-title" class={admin.sectionTitle}>
          {tr("planSettings.section.hours")}
        </h3>
        <p class={admin.hint}>{tr("planSettings.section.hoursHint")}</p>
        <TextField
          class={styles.short}
          label={tr("planSettings.hours")}
          type="number"
          inputMode="decimal"
          min={0}
          max={500}
          step={0.5}
          value={draft.hours}
          onValue={(hours) => set({ hours })}
          error={errors.hours}
          hint={floor ? tr("planSettings.floorHint", { hours: hoursFigure(floor.hours) }) : tr("planSettings.hoursPlaceholderHint")}
        />
        <div class={styles.titleBlock}>
          <table class={[admin.table, styles.titleTable].join(" ")}>
            <caption class={styles.caption}>{tr("planSettings.titleHours")}</caption>
            <thead>
              <tr>
                <th scope="col">{tr("planSettings.titleHours.col.title")}</th>
                <th scope="col">{tr("planSettings.titleHours.col.hours")}</th>
                {floor ? <th scope="col">{tr("planSettings.titleHours.col.floor")}</th> : null}
                <th scope="col">
                  <span class="visually-hidden">{tr("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.titleRows.map((row, index) => {
                const error = errors[`titleHours.${row.title}`];
                const id = `title-hours-${index}`;
                return (
                  <tr key={row.title}>
                    <th scope="row">
                      <label for={id}>{row.title}</label>
                    </th>
                    <td>
                      <div class={styles.unitInput}>
                        <input
                          id={id}
                          class={styles.cellInput}
                          type="number"
                          inputMode="decimal"
                          min={0}
                          max={500}
                          step={0.5}
                          value={row.hours}
                          placeholder={draft.hours.trim() || "—"}
                          aria-label={tr("planSettings.titleHours.inputLabel", { title: row.title })}
                          aria-invalid={error ? "true" : undefined}
                          aria-describedby={error ? `${id}-error` : undefined}
                          onInput={(event) => {
                            const hours = event.currentTarget.value;
                            setDraft((d) => ({ ...d, titleRows: d.titleRows.map((r, i) => (i === index ? { ...r, hours } : r)) }));
                          }}
                        />
                        <span class={styles.unit}>{tr("planSettings.unit.hours")}</span>
                      </div>
                      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
                    </td>
                    {floor ? (
                      <td class={[admin.nowrap, admin.muted].join(" ")}>
                        {tr("planSettings.titleHours.floorValue", { hours: hoursFigure(floorHours(row.title) ?? 0) })}
                      </td>
                    ) : null}
                    <td class={styles.rowAction}>
                      <Button
                        size="sm"
                        variant="quiet"
                        icon="x"
                        aria-label={tr("planSettings.titleHours.remove", { title: row.title })}
                        onClick={() => setDraft((d) => ({ ...d, titleRows: d.titleRows.filter((_, i) => i !== index) }))}
                      >
                        {tr("planSettings.remove")}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class={admin.hint}>{tr("planSettings.titleHours.hint")}</p>
          {errors.titleHours ? <FieldError message={errors.titleHours} /> : null}
          {unusedTitles.length > 0 ? (
            <div class={styles.addRow}>
              <SelectField
                class={styles.addSelect}
                label={tr("planSettings.titleHours.add")}
                value={addTitle}
                onValue={setAddTitle}
                options={[
                  { value: "", label: tr("planSettings.titleHours.pick") },
                  ...unusedTitles.map((title) => ({ value: title, label: title })),
                ]}
              />
              <Button
                icon="plus"
                disabled={!addTitle}
                onClick={() => {
                  const title = addTitle as Title;
                  setDraft((d) => ({
                    ...d,
                    titleRows: titles
                      .filter((t) => t === title || d.titleRows.some((r) => r.title === t))
                      .map((t) => d.titleRows.find((r) => r.title === t) ?? { title: t, hours: "" }),
                  }));
                  setAddTitle("");
                }}
              >
                {tr("planSettings.add")}
              </Button>
            </div>
          ) : null}
        </div>
      </section>

      <section class={admin.card} aria-labelledby="modules-title">
        <h3 id="modules-title" class={admin.sectionTitle}>
          {tr("planSettings.section.modules")}
        </h3>
        <p class={admin.hint}>{tr("planSettings.section.modulesHint")}</p>
        <ul class={styles.moduleList} aria-label={tr("planSettings.modules.listLabel")}>
          {(floor?.modules ?? []).map((m) => (
            <li key={m.id} class={styles.moduleItem}>
              <Icon name="course" size={1} />
              <span class={styles.moduleTitle}>{m.title}</span>
              <Badge tone="neutral" icon="lock">
                {tr("planSettings.modules.fromAbove")}
              </Badge>
            </li>
          ))}
          {draft.moduleIds.map((id) => (
            <li key={id} class={styles.moduleItem}>
              <Icon name="course" size={1} />
              <span class={styles.moduleTitle}>{moduleTitles.get(id) ?? tr("planSettings.modules.unknown")}</span>
              <Badge tone="red">{tr("planSettings.modules.own")}</Badge>
              <Button
                size="sm"
                variant="quiet"
                icon="x"
                aria-label={tr("planSettings.modules.remove", { title: moduleTitles.get(id) ?? id })}
                onClick={() => set({ moduleIds: draft.moduleIds.filter((m) => m !== id) })}
              >
                {tr("planSettings.remove")}
              </Button>
            </li>
          ))}
          {draft.moduleIds.length === 0 && (floor?.modules.length ?? 0) === 0 ? (
            <li class={[styles.moduleItem, styles.moduleNone].join(" ")}>{tr("planSettings.modules.none")}</li>
          ) : null}
        </ul>
        {errors.requiredModuleIds ? <FieldError message={errors.requiredModuleIds} /> : null}
        {Object.entries(errors)
          .filter(([path]) => path.startsWith("requiredModuleIds."))
          .map(([path, message]) => (
            <FieldError key={path} message={message} />
          ))}
        {modulesLoading ? (
          <p class={admin.muted}>{tr("app.loading")}</p>
        ) : moduleOptions.length > 0 ? (
          <div class={styles.addRow}>
            <SelectField
              class={styles.addModule}
              label={tr("planSettings.modules.add")}
              value={addModule}
              onValue={setAddModule}
              options={[{ value: "", label: tr("planSettings.modules.pick") }, ...moduleOptions]}
            />
            <Button
              icon="plus"
              disabled={!addModule}
              onClick={() => {
                set({ moduleIds: [...draft.moduleIds, addModule] });
                setAddModule("");
              }}
            >
              {tr("planSettings.add")}
            </Button>
          </div>
        ) : (
          <p class={admin.muted}>{modules.length === 0 ? tr("planSettings.modules.noneToPick") : tr("planSettings.modules.allPicked")}</p>
        )}
      </section>

      <section class={admin.card} aria-labelledby="contests-title">
        <h3 id="contests-title" class={admin.sectionTitle}>
          {tr("planSettings.section.contests")}
        </h3>
        <TextField
          class={styles.short}
          label={tr("planSettings.minContests")}
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          value={draft.minContests}
          onValue={(minContests) => set({ minContests })}
          error={errors.minContests}
          hint={floor ? tr("planSettings.floorContests", { n: floor.minContests }) : tr("planSettings.minContestsHint")}
        />
      </section>

      <section class={admin.card} aria-labelledby="targets-title">
        <h3 id="targets-title" class={admin.sectionTitle}>
          {tr("planSettings.section.targets")}
        </h3>
        <p class={admin.hint}>{tr("planSettings.section.targetsHint")}</p>
        <div class={styles.targets}>
          <TextField
            label={tr("planSettings.targets.trainings")}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={draft.trainings}
            onValue={(trainings) => set({ trainings })}
            error={errors.trainingsTarget}
            hint={tr("planSettings.targets.trainingsHint")}
          />
          <TextField
            label={tr("planSettings.targets.lectures")}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={draft.lectures}
            onValue={(lectures) => set({ lectures })}
            error={errors.lecturesTarget}
            hint={tr("planSettings.targets.lecturesHint")}
          />
          <TextField
            label={tr("planSettings.targets.microTalks")}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={draft.microTalks}
            onValue={(microTalks) => set({ microTalks })}
            error={errors.microTalksTarget}
            hint={tr("planSettings.targets.microTalksHint")}
          />
        </div>
      </section>

      <RatingSection
        plan={plan}
        draft={draft}
        errors={errors}
        onRating={(rating) => {
          set({ rating });
          if (rating === null) save.reset();
        }}
      />

      <div class={styles.footer}>
        <Button type="submit" variant="primary" icon="check" pending={save.pending} pendingLabel={tr("common.saving")}>
          {tr("planSettings.save")}
        </Button>
        {save.error ? (
          <div class={styles.footerError} role="alert">
            {Object.keys(errors).length > 0 ? (
              <FieldError message={tr("planSettings.fixMarked")} />
            ) : (
              <Notice tone="error" requestId={save.error.requestId}>
                {save.error.message}
              </Notice>
            )}
            {other.length > 0 ? (
              <ul class={styles.otherErrors}>
                {other.map(([path, message]) => (
                  <li key={path}>{message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : (
          <span class={styles.footerHint}>{tr("planSettings.saveHint")}</span>
        )}
        {plan.own ? (
          <Button class={styles.clear} variant="ghost" icon={plan.inherited ? "link" : "trash"} onClick={onClear}>
            {plan.inherited ? tr("planSettings.clear.button") : tr("planSettings.clear.buttonRoot")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function RatingSection({
  plan,
  draft,
  errors,
  onRating,
}: {
  plan: YearPlan;
  draft: Draft;
  errors: Record<string, string>;
  onRating: (rating: TierDraft[] | null) => void;
}) {
  const rating = draft.rating;
  const update = (index: number, patch: Partial<TierDraft>) => {
    if (rating) onRating(rating.map((tier, i) => (i === index ? { ...tier, ...patch } : tier)));
  };
  return (
    <section class={admin.card} aria-labelledby="rating-title">
      <div class={admin.cardHead}>
        <h3 id="rating-title" class={admin.sectionTitle}>
          {tr("planSettings.rating.title")}
        </h3>
        {rating ? (
          <Button size="sm" icon="refresh" onClick={() => onRating(null)}>
            {tr("planSettings.rating.reset")}
          </Button>
        ) : (
          <Button size="sm" icon="edit" onClick={() => onRating(plan.rating.map(tierDraft))}>
            {tr("planSettings.rating.customize")}
          </Button>
        )}
      </div>
      <p class={admin.hint}>{tr("planSettings.rating.hint")}</p>
      {rating ? (
        <div class={admin.scroll}>
          <table class={[admin.table, styles.tierTable].join(" ")}>
            <thead>
              <tr>
                <th scope="col">{tr("planSettings.rating.col.order")}</th>
                <th scope="col">{tr("planSettings.rating.col.name")}</th>
                <th scope="col">{tr("planSettings.rating.col.onPace")}</th>
                <th scope="col">{tr("planSettings.rating.col.active")}</th>
              </tr>
            </thead>
            <tbody>
              {rating.map((tier, i) => {
                const last = i === rating.length - 1;
                const nameError = errors[`rating.${i}.name`];
                const paceError = errors[`rating.${i}.minOnPace`];
                const activeError = errors[`rating.${i}.minActive`];
                return (
                  <tr key={i}>
                    <td class={admin.muted}>{tr("planSettings.rating.order", { n: i + 1 })}</td>
                    <td>
                      <input
                        class={[styles.cellInput, styles.nameInput].join(" ")}
                        value={tier.name}
                        maxLength={8}
                        aria-label={tr("planSettings.rating.nameLabel", { n: i + 1 })}
                        aria-invalid={nameError ? "true" : undefined}
                        onInput={(event) => update(i, { name: event.currentTarget.value })}
                      />
                      {nameError ? <FieldError message={nameError} /> : null}
                    </td>
                    {last ? (
                      <td colSpan={2} class={admin.muted}>
                        {tr("planSettings.rating.rest")}
                      </td>
                    ) : (
                      <>
                        <td>
                          <PercentInput
                            value={tier.onPace}
                            label={tr("planSettings.rating.onPaceLabel", { name: tier.name || String(i + 1) })}
                            error={paceError}
                            onValue={(onPace) => update(i, { onPace })}
                          />
                        </td>
                        <td>
                          <PercentInput
                            value={tier.active}
                            label={tr("planSettings.rating.activeLabel", { name: tier.name || String(i + 1) })}
                            error={activeError}
                            onValue={(active) => update(i, { active })}
                          />
                        </td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : plan.own?.rating ? (
        <p class={styles.ratingNote}>{tr("planSettings.rating.willReset")}</p>
      ) : (
        <RatingTable
          tiers={plan.rating}
          caption={tr(plan.inherited ? "planSettings.rating.inUseAbove" : "planSettings.rating.inUseDefault")}
        />
      )}
      {errors.rating ? <FieldError message={errors.rating} /> : null}
    </section>
  );
}

function PercentInput({ value, label, error, onValue }: { value: string; label: string; error?: string; onValue: (v: string) => void }) {
  return (
    <>
      <div class={styles.unitInput}>
        <span class={styles.unitPrefix} aria-hidden="true">
          ≥
        </span>
        <input
          class={styles.cellInput}
          type="number"
          inputMode="decimal"
          min={0}
          max={100}
          step={1}
          value={value}
          aria-label={label}
          aria-invalid={error ? "true" : undefined}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
        <span class={styles.unit}>%</span>
      </div>
      {error ? <FieldError message={error} /> : null}
    </>
  );
}

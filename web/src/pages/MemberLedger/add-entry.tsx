import { useEffect, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextAreaField, TextField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { td } from "../../i18n/dash.zh-CN";
import { api } from "../../lib/api";
import type { LedgerEntryBody, LedgerEntryResponse, MemberStudy, StudyEntry } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import styles from "./style.module.css";

/** Today in Beijing as YYYY-MM-DD (what a date input holds). */
const todayIso = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const FIELDS = ["occurredOn", "hours", "points", "reason", "evidence"] as const;
type Field = (typeof FIELDS)[number];

/**
 * 补记学时/积分: a date, hours and/or points, what for (事由) and where the proof is (证明材料). The
 * org's award presets (先锋岗, 专利…) fill the reason and points in one tap. The dates offered are
 * those of the year on screen, up to today; the server checks the rest and its field errors show
 * at their fields.
 */
export function AddEntryDialog({
  open,
  study,
  onClose,
  onDone,
}: {
  open: boolean;
  study: MemberStudy;
  onClose: () => void;
  onDone: (entry: StudyEntry) => void;
}) {
  const today = todayIso();
  const year = study.year;
  const last = `${year}-12-31` < today ? `${year}-12-31` : today;
  const [occurredOn, setOccurredOn] = useState(last);
  const [hours, setHours] = useState("");
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [evidence, setEvidence] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  // Fields edited since the server's answer: their old error no longer applies.
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const action = useAction((body: LedgerEntryBody) => api.post<LedgerEntryResponse>("/api/ledger", body));

  useEffect(() => {
    if (!open) return;
    setOccurredOn(last);
    setHours("");
    setPoints("");
    setReason("");
    setEvidence("");
    setLocal({});
    setEdited(new Set());
    action.reset();
  }, [open, study.person.id, year]);

  const number = (text: string) => (text.trim() === "" ? 0 : Number(text));

  const submit = async (event: Event) => {
    event.preventDefault();
    const h = number(hours);
    const p = number(points);
    const errors: Record<string, string> = {};
    if (!Number.isFinite(h)) errors.hours = td("dash.ledger.form.badNumber");
    if (!Number.isFinite(p)) errors.points = td("dash.ledger.form.badNumber");
    setLocal(errors);
    setEdited(new Set());
    if (Object.keys(errors).length > 0) return;
    const result = await action.run({ userId: study.person.id, occurredOn, hours: h, points: p, reason, evidence });
    if (result) onDone(result.entry);
  };

  const server = action.error?.fieldErrors ?? {};
  const fieldError = (name: Field) => local[name] ?? (edited.has(name) ? undefined : server[name]);
  const general = action.error && !FIELDS.some((name) => server[name]) ? action.error : null;
  const fieldChange = (name: Field, set: (v: string) => void) => (value: string) => {
    set(value);
    if (local[name]) setLocal(({ [name]: _, ...rest }) => rest);
    if (!edited.has(name)) setEdited((previous) => new Set(previous).add(name));
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={td("dash.ledger.form.title")}
      description={td("dash.ledger.form.description", { name: study.person.name })}
      footer={
        <>
          <Button onClick={onClose}>{td("common.cancel")}</Button>
          <Button
            type="submit"
            form="ledger-entry-form"
            variant="primary"
            icon="check"
            pending={action.pending}
            pendingLabel={td("common.saving")}
          >
            {td("dash.ledger.form.submit")}
          </Button>
        </>
      }
    >
      <form id="ledger-entry-form" class={styles.form} onSubmit={submit} noValidate>
        {general ? (
          <Notice tone="error" requestId={general.requestId}>
            {general.message}
          </Notice>
        ) : null}
        {study.awards.length > 0 ? (
          <fieldset class={styles.awards}>
            <legend class={styles.awardsLegend}>{td("dash.ledger.form.awards")}</legend>
            <div class={styles.awardList}>
              {study.awards.map((award) => {
                const chosen = reason === award.name && points === String(award.points);
                return (
                  <button
                    key={award.name}
                    type="button"
                    class={styles.award}
                    aria-pressed={chosen}
                    onClick={() => {
                      fieldChange("reason", setReason)(award.name);
                      fieldChange("points", setPoints)(String(award.points));
                    }}
                  >
                    {td("dash.ledger.form.award", { name: award.name, points: award.points })}
                  </button>
                );
              })}
            </div>
            <p class={styles.awardsHint}>{td("dash.ledger.form.awardsHint")}</p>
          </fieldset>
        ) : null}
        <TextField
          label={td("dash.ledger.form.date")}
          type="date"
          value={occurredOn}
          onValue={fieldChange("occurredOn", setOccurredOn)}
          min={`${year}-01-01`}
          max={last}
          error={fieldError("occurredOn")}
          hint={td("dash.ledger.form.dateHint")}
          required
        />
        <div class={styles.amounts}>
          <TextField
            label={td("dash.ledger.form.hours")}
            type="number"
            inputMode="decimal"
            min={0}
            max={500}
            step={0.1}
            value={hours}
            onValue={fieldChange("hours", setHours)}
            error={fieldError("hours")}
            placeholder="0"
          />
          <TextField
            label={td("dash.ledger.form.points")}
            type="number"
            inputMode="numeric"
            min={0}
            max={1000}
            step={1}
            value={points}
            onValue={fieldChange("points", setPoints)}
            error={fieldError("points")}
            placeholder="0"
          />
        </div>
        <p class={styles.amountHint}>{td("dash.ledger.form.amountHint")}</p>
        <TextField
          label={td("dash.ledger.form.reason")}
          value={reason}
          onValue={fieldChange("reason", setReason)}
          error={fieldError("reason")}
          placeholder={td("dash.ledger.form.reasonPlaceholder")}
          maxLength={100}
          autoComplete="off"
          required
        />
        <TextAreaField
          label={td("dash.ledger.form.evidence")}
          value={evidence}
          onValue={fieldChange("evidence", setEvidence)}
          error={fieldError("evidence")}
          placeholder={td("dash.ledger.form.evidencePlaceholder")}
          hint={td("dash.ledger.form.evidenceHint")}
          maxLength={300}
          rows={2}
          required
        />
      </form>
    </Dialog>
  );
}

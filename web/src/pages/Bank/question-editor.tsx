import { useEffect, useRef, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { Checkbox, FieldError, SelectField, TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { t } from "../../i18n";
import { api } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import {
  BLANK,
  countBlanks,
  difficultyLabel,
  letter,
  MAX_OPTIONS,
  parseAccepted,
  parseTags,
  statusLabel,
  typeLabel,
} from "../../lib/question";
import {
  type CreateQuestionBody,
  type Question,
  type QuestionDraftInput,
  type QuestionResponse,
  type QuestionStatus,
  type QuestionType,
  questionStatuses,
  questionTypes,
  type UpdateQuestionBody,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import styles from "./style.module.css";

/** What the form holds: every type's answer at once, so switching type and back loses nothing. */
type Form = {
  type: QuestionType;
  stem: string;
  options: string[];
  single: number | null;
  multiple: number[];
  partialCredit: boolean;
  judge: boolean | null;
  blanks: string[];
  explanation: string;
  source: string;
  tags: string;
  difficulty: string;
  status: QuestionStatus;
};

const emptyForm: Form = {
  type: "single",
  stem: "",
  options: ["", "", "", ""],
  single: null,
  multiple: [],
  partialCredit: false,
  judge: null,
  blanks: [],
  explanation: "",
  source: "",
  tags: "",
  difficulty: "3",
  status: "active",
};

function formOf(question: Question | null): Form {
  if (!question) return emptyForm;
  const d = question.draft;
  const base: Form = {
    ...emptyForm,
    type: d.type,
    stem: d.stem,
    explanation: d.explanation,
    source: d.source,
    tags: d.tags.join(" "),
    difficulty: String(d.difficulty),
    status: question.status,
  };
  switch (d.type) {
    case "single":
      return { ...base, options: d.options, single: d.answer };
    case "multiple":
      return { ...base, options: d.options, multiple: d.answer, partialCredit: d.partialCredit };
    case "judge":
      return { ...base, judge: d.answer };
    case "fill":
      return { ...base, blanks: d.answer.map((accepted) => accepted.join(" | ")) };
  }
}

type Errors = Record<string, string>;

/** The draft to send, or the problems to fix first (keys: stem, answer, option.N, blank.N). */
function build(form: Form): { draft: QuestionDraftInput } | { errors: Errors } {
  const errors: Errors = {};
  const stem = form.stem.trim();
  if (!stem) errors.stem = t("editor.err.stem");
  const common = {
    stem,
    explanation: form.explanation.trim(),
    source: form.source.trim(),
    tags: parseTags(form.tags),
    difficulty: Number(form.difficulty),
  };
  let draft: QuestionDraftInput | null = null;
  if (form.type === "single" || form.type === "multiple") {
    const options = form.options.map((o) => o.trim());
    options.forEach((o, i) => {
      if (!o) errors[`option.${i}`] = t("editor.err.option");
    });
    if (form.type === "single") {
      if (form.single === null || form.single >= options.length) errors.answer = t("editor.err.single");
      draft = { ...common, type: "single", options, answer: form.single ?? 0 };
    } else {
      const answer = form.multiple.filter((i) => i < options.length).sort((a, b) => a - b);
      if (answer.length < 2) errors.answer = t("editor.err.multiple");
      draft = { ...common, type: "multiple", options, answer, partialCredit: form.partialCredit };
    }
  } else if (form.type === "judge") {
    if (form.judge === null) errors.answer = t("editor.err.single");
    draft = { ...common, type: "judge", answer: form.judge ?? true };
  } else {
    const count = countBlanks(form.stem);
    if (stem && count === 0) errors.stem = t("editor.err.noBlank");
    const answer = Array.from({ length: count }, (_, i) => parseAccepted(form.blanks[i] ?? ""));
    answer.forEach((accepted, i) => {
      if (accepted.length === 0) errors[`blank.${i}`] = t("editor.err.blank");
    });
    draft = { ...common, type: "fill", answer };
  }
  return Object.keys(errors).length > 0 ? { errors } : { draft };
}

/** The server's issues by our keys: draft.stem → stem, draft.options.2 → option.2, draft.answer → answer. */
function serverErrors(fieldErrors: Record<string, string>): { mapped: Errors; other: string[] } {
  const mapped: Errors = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(fieldErrors)) {
    const key = path.replace(/^draft\./, "");
    const option = /^options\.(\d+)$/.exec(key);
    if (key === "stem" || key === "answer") mapped[key] = message;
    else if (option) mapped[`option.${option[1]}`] = message;
    else other.push(message);
  }
  return { mapped, other };
}

type Props = {
  open: boolean;
  bankId: string;
  /** null: a new question. */
  question: Question | null;
  knownTags: string[];
  onClose: () => void;
  onSaved: (question: Question, created: boolean) => void;
};

export function QuestionEditorDialog({ open, bankId, question, knownTags, onClose, onSaved }: Props) {
  const [form, setForm] = useState<Form>(() => formOf(question));
  const [errors, setErrors] = useState<Errors>({});
  const stemRef = useRef<HTMLTextAreaElement>(null);
  const save = useAction(async (draft: QuestionDraftInput, status: QuestionStatus) => {
    if (question) {
      const body: UpdateQuestionBody = { draft, status };
      return (await api.patch<QuestionResponse>(`/api/questions/${encodeURIComponent(question.id)}`, body)).question;
    }
    const body: CreateQuestionBody = { draft, status: status === "retired" ? "draft" : status };
    return (await api.post<QuestionResponse>(`/api/banks/${encodeURIComponent(bankId)}/questions`, body)).question;
  });

  useEffect(() => {
    if (!open) return;
    setForm(formOf(question));
    setErrors({});
    save.reset();
  }, [open, question?.id]);

  const set = (next: Partial<Form>) => setForm((f) => ({ ...f, ...next }));
  const blankCount = countBlanks(form.stem);
  const server = save.error ? serverErrors(save.error.fieldErrors) : { mapped: {}, other: [] };
  const error = (key: string) => errors[key] ?? server.mapped[key];

  const insertBlank = () => {
    const area = stemRef.current;
    const at = area ? area.selectionStart : form.stem.length;
    const end = area ? area.selectionEnd : at;
    const stem = form.stem.slice(0, at) + BLANK + form.stem.slice(end);
    set({ stem });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + BLANK.length, at + BLANK.length);
    });
  };

  const removeOption = (index: number) => {
    const shift = (i: number) => (i > index ? i - 1 : i);
    set({
      options: form.options.filter((_, i) => i !== index),
      single: form.single === index ? null : form.single === null ? null : shift(form.single),
      multiple: form.multiple.filter((i) => i !== index).map(shift),
    });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const result = build(form);
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    const saved = await save.run(result.draft, form.status);
    if (saved) onSaved(saved, question === null);
  };

  const hasLocalErrors = Object.keys(errors).length > 0;
  const chosenTags = parseTags(form.tags);
  const suggestions = knownTags.filter((tag) => !chosenTags.includes(tag)).slice(0, 16);
  const statusOptions = (question ? questionStatuses : questionStatuses.filter((s) => s !== "retired")).map((value) => ({
    value,
    label: statusLabel(value),
  }));

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={question ? t("questions.editTitle") : t("questions.addTitle")}
      description={
        question
          ? `${t("questions.version", { version: question.version })} · ${t("questions.col.updated")} ${formatDateTime(question.updatedAt)}`
          : undefined
      }
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="question-form" variant="primary" pending={save.pending} pendingLabel={t("common.saving")}>
            {t("common.save")}
          </Button>
        </>
      }
    >
      <form id="question-form" class={styles.editor} onSubmit={submit} noValidate>
        {hasLocalErrors ? <Notice tone="error">{t("error.fixFields")}</Notice> : null}
        {save.error ? (
          <Notice tone="error" requestId={save.error.status >= 500 ? save.error.requestId : undefined}>
            {Object.keys(save.error.fieldErrors).length > 0 ? t("error.fixFields") : save.error.message}
            {server.other.length > 0 ? (
              <ul class={styles.issueList}>
                {server.other.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </Notice>
        ) : null}

        <fieldset class={styles.segmented}>
          <legend class={styles.legend}>{t("editor.type")}</legend>
          <div class={styles.segments}>
            {questionTypes.map((type) => (
              <label key={type} class={styles.segment}>
                <input
                  type="radio"
                  name="question-type"
                  value={type}
                  checked={form.type === type}
                  onChange={() => {
                    set({ type });
                    setErrors({});
                  }}
                />
                <span class={styles.segmentFace}>{typeLabel(type)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <div class={styles.stemBlock}>
          <TextAreaField
            label={t("editor.stem")}
            value={form.stem}
            onValue={(stem) => set({ stem })}
            textareaRef={stemRef}
            rows={3}
            maxLength={2000}
            error={error("stem")}
            hint={form.type === "fill" ? t("editor.stemHintFill") : undefined}
          />
          {form.type === "fill" ? (
            <Button size="sm" icon="plus" class={styles.insertBlank} onClick={insertBlank}>
              {t("editor.insertBlank")}
              {BLANK}
            </Button>
          ) : null}
        </div>

        {form.type === "single" || form.type === "multiple" ? (
          <fieldset class={styles.group} aria-describedby={error("answer") ? "answer-error" : undefined}>
            <legend class={styles.legend}>{t("editor.options")}</legend>
            <p class={styles.groupHint}>{t(form.type === "single" ? "editor.optionsHintSingle" : "editor.optionsHintMultiple")}</p>
            <ol class={styles.optionRows}>
              {form.options.map((option, i) => {
                const id = `option-${i}`;
                const correct = form.type === "single" ? form.single === i : form.multiple.includes(i);
                const optionError = error(`option.${i}`);
                return (
                  <li key={i} class={[styles.optionRow, correct ? styles.optionCorrect : ""].join(" ")}>
                    <label for={id} class={styles.optionLetter}>
                      <span class="visually-hidden">{t("editor.option", { letter: letter(i) })}</span>
                      <span aria-hidden="true">{letter(i)}</span>
                    </label>
                    <div class={styles.optionInput}>
                      <input
                        id={id}
                        class={styles.input}
                        value={option}
                        maxLength={500}
                        autoComplete="off"
                        aria-invalid={optionError ? "true" : undefined}
                        aria-describedby={optionError ? `${id}-error` : undefined}
                        onInput={(event) => {
                          const options = [...form.options];
                          options[i] = event.currentTarget.value;
                          set({ options });
                        }}
                      />
                      {optionError ? <FieldError id={`${id}-error`} message={optionError} /> : null}
                    </div>
                    <label class={styles.correctToggle}>
                      <input
                        type={form.type === "single" ? "radio" : "checkbox"}
                        name="question-correct"
                        checked={correct}
                        aria-label={t("editor.correctFor", { letter: letter(i) })}
                        onChange={() =>
                          form.type === "single"
                            ? set({ single: i })
                            : set({ multiple: correct ? form.multiple.filter((m) => m !== i) : [...form.multiple, i] })
                        }
                      />
                      <span aria-hidden="true">{t("editor.correct")}</span>
                    </label>
                    <button
                      type="button"
                      class={styles.removeOption}
                      onClick={() => removeOption(i)}
                      disabled={form.options.length <= 2}
                      aria-label={t("editor.removeOption", { letter: letter(i) })}
                    >
                      <Icon name="trash" size={1.125} />
                    </button>
                  </li>
                );
              })}
            </ol>
            {error("answer") ? <FieldError id="answer-error" message={error("answer") ?? ""} /> : null}
            <div class={styles.groupActions}>
              <Button
                size="sm"
                variant="ghost"
                icon="plus"
                disabled={form.options.length >= MAX_OPTIONS}
                onClick={() => set({ options: [...form.options, ""] })}
              >
                {t("editor.addOption")}
              </Button>
              {form.type === "multiple" ? (
                <Checkbox
                  label={t("editor.partialCredit")}
                  checked={form.partialCredit}
                  onValue={(partialCredit) => set({ partialCredit })}
                />
              ) : null}
            </div>
          </fieldset>
        ) : form.type === "judge" ? (
          <fieldset class={styles.group} aria-describedby={error("answer") ? "answer-error" : undefined}>
            <legend class={styles.legend}>{t("editor.judgeAnswer")}</legend>
            <div class={styles.judgeChoices}>
              {([true, false] as const).map((value) => (
                <label key={String(value)} class={styles.judgeChoice}>
                  <input type="radio" name="question-judge" checked={form.judge === value} onChange={() => set({ judge: value })} />
                  <span class={styles.judgeFace}>{t(value ? "question.judge.true" : "question.judge.false")}</span>
                </label>
              ))}
            </div>
            {error("answer") ? <FieldError id="answer-error" message={error("answer") ?? ""} /> : null}
          </fieldset>
        ) : (
          <fieldset class={styles.group}>
            <legend class={styles.legend}>{t("editor.blanks")}</legend>
            {blankCount === 0 ? (
              <p class={styles.groupHint}>{t("editor.noBlanks")}</p>
            ) : (
              <>
                <p class={styles.groupHint}>{t("editor.blankHint")}</p>
                <div class={styles.blankRows}>
                  {Array.from({ length: blankCount }, (_, i) => (
                    <TextField
                      key={i}
                      label={t("practice.blank", { n: i + 1 })}
                      value={form.blanks[i] ?? ""}
                      maxLength={600}
                      autoComplete="off"
                      error={error(`blank.${i}`)}
                      onValue={(value) => {
                        const blanks = [...form.blanks];
                        while (blanks.length <= i) blanks.push("");
                        blanks[i] = value;
                        set({ blanks });
                      }}
                    />
                  ))}
                </div>
              </>
            )}
            {error("answer") ? <FieldError message={error("answer") ?? ""} /> : null}
          </fieldset>
        )}

        <TextAreaField
          label={t("editor.explanation")}
          tag={t("common.optional")}
          hint={t("editor.explanationHint")}
          value={form.explanation}
          onValue={(explanation) => set({ explanation })}
          rows={3}
          maxLength={4000}
        />
        <TextField
          label={t("editor.source")}
          tag={t("common.optional")}
          placeholder={t("editor.sourcePlaceholder")}
          value={form.source}
          onValue={(source) => set({ source })}
          maxLength={300}
          autoComplete="off"
        />
        <div class={styles.tagsBlock}>
          <TextField
            label={t("editor.tags")}
            tag={t("common.optional")}
            hint={t("editor.tagsHint")}
            value={form.tags}
            onValue={(tags) => set({ tags })}
            autoComplete="off"
          />
          {suggestions.length > 0 ? (
            <fieldset class={styles.suggestions}>
              <legend class={styles.suggestionsLabel}>{t("editor.tagSuggestions")}</legend>
              {suggestions.map((tag) => (
                <button key={tag} type="button" class={styles.suggestion} onClick={() => set({ tags: [...chosenTags, tag].join(" ") })}>
                  <Icon name="plus" size={0.875} />
                  {tag}
                </button>
              ))}
            </fieldset>
          ) : null}
        </div>
        <div class={styles.editorGrid}>
          <SelectField
            label={t("editor.difficulty")}
            value={form.difficulty}
            onValue={(difficulty) => set({ difficulty })}
            options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: difficultyLabel(n) }))}
          />
          <SelectField
            label={t("editor.status")}
            value={form.status}
            onValue={(status) => set({ status: status as QuestionStatus })}
            options={statusOptions}
          />
        </div>
      </form>
    </Dialog>
  );
}

import { useEffect, useMemo, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { Checkbox, FieldError, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { t } from "../../i18n";
import { api } from "../../lib/api";
import { parseTags } from "../../lib/question";
import type { BulkQuestionsBody, BulkQuestionsResult, Question } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import styles from "./style.module.css";

function useTagsOf(questions: Question[]): string[] {
  return useMemo(() => [...new Set(questions.flatMap((q) => q.draft.tags))].sort((a, b) => a.localeCompare(b, "zh-CN")), [questions]);
}

function useBulk(bankId: string) {
  return useAction((body: BulkQuestionsBody) =>
    api.post<BulkQuestionsResult>(`/api/banks/${encodeURIComponent(bankId)}/questions/bulk`, body),
  );
}

type Props = { open: boolean; bankId: string; questions: Question[]; onClose: () => void; onDone: (count: number) => void };

/** 添加标签: type them (or pick a known one). 移除标签: tick the ones the selected questions carry. */
export function BulkTagsDialog({
  open,
  mode,
  bankId,
  questions,
  knownTags,
  onClose,
  onDone,
}: Props & { mode: "add" | "remove"; knownTags: string[] }) {
  const [text, setText] = useState("");
  const [ticked, setTicked] = useState<string[]>([]);
  const [localError, setLocalError] = useState<string | undefined>();
  const bulk = useBulk(bankId);
  const present = useTagsOf(questions);

  useEffect(() => {
    if (!open) return;
    setText("");
    setTicked([]);
    setLocalError(undefined);
    bulk.reset();
  }, [open, mode]);

  const typed = parseTags(text);
  const tags = mode === "add" ? typed : [...new Set([...ticked, ...typed])];
  const suggestions = (mode === "add" ? knownTags : []).filter((tag) => !typed.includes(tag)).slice(0, 16);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (tags.length === 0) return setLocalError(t("questions.bulk.needTags"));
    setLocalError(undefined);
    const body: BulkQuestionsBody = {
      questionIds: questions.map((q) => q.id),
      addTags: mode === "add" ? tags : [],
      removeTags: mode === "remove" ? tags : [],
    };
    const result = await bulk.run(body);
    if (result) onDone(result.updated);
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={t(mode === "add" ? "questions.bulk.addTitle" : "questions.bulk.removeTitle", { count: questions.length })}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="bulk-tags-form" variant="primary" pending={bulk.pending} pendingLabel={t("common.saving")}>
            {t(mode === "add" ? "questions.bulk.addTags" : "questions.bulk.removeTags")}
          </Button>
        </>
      }
    >
      <form id="bulk-tags-form" class={styles.dialogForm} onSubmit={submit} noValidate>
        {bulk.error ? <Notice tone="error">{bulk.error.message}</Notice> : null}
        {mode === "remove" && present.length > 0 ? (
          <fieldset class={styles.tagChecks}>
            <legend class={styles.legend}>{t("questions.bulk.tags")}</legend>
            {present.map((tag) => (
              <Checkbox
                key={tag}
                label={tag}
                checked={ticked.includes(tag)}
                onValue={(on) => {
                  setTicked((list) => (on ? [...list, tag] : list.filter((x) => x !== tag)));
                  setLocalError(undefined);
                }}
              />
            ))}
          </fieldset>
        ) : (
          <TextField
            label={t("questions.bulk.tags")}
            hint={t("questions.bulk.tagsHint")}
            value={text}
            onValue={(value) => {
              setText(value);
              setLocalError(undefined);
            }}
            error={localError}
            autoComplete="off"
          />
        )}
        {mode === "remove" && present.length > 0 && localError ? <FieldError message={localError} /> : null}
        {suggestions.length > 0 ? (
          <fieldset class={styles.suggestions}>
            <legend class={styles.suggestionsLabel}>{t("editor.tagSuggestions")}</legend>
            {suggestions.map((tag) => (
              <button key={tag} type="button" class={styles.suggestion} onClick={() => setText([...typed, tag].join(" "))}>
                <Icon name="plus" size={0.875} />
                {tag}
              </button>
            ))}
          </fieldset>
        ) : null}
      </form>
    </Dialog>
  );
}

/** 停用 or 启用 the selection: labels only, so no new versions and past answers stay as they were. */
export function BulkStatusDialog({ open, status, bankId, questions, onClose, onDone }: Props & { status: "retired" | "active" }) {
  const bulk = useBulk(bankId);
  useEffect(() => {
    if (open) bulk.reset();
  }, [open, status]);
  const retire = status === "retired";
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={t(retire ? "questions.bulk.retireTitle" : "questions.bulk.activateTitle", { count: questions.length })}
      description={t(retire ? "questions.bulk.retireBody" : "questions.bulk.activateBody")}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button
            variant="primary"
            icon={retire ? "ban" : "check"}
            pending={bulk.pending}
            pendingLabel={t("common.saving")}
            onClick={async () => {
              const result = await bulk.run({ questionIds: questions.map((q) => q.id), addTags: [], removeTags: [], status });
              if (result) onDone(result.updated);
            }}
          >
            {t(retire ? "questions.bulk.retire" : "questions.bulk.activate")}
          </Button>
        </>
      }
    >
      {bulk.error ? <Notice tone="error">{bulk.error.message}</Notice> : null}
    </Dialog>
  );
}

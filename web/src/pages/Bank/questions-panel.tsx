import { useEffect, useId, useRef, useState } from "preact/hooks";
import { Badge, type BadgeTone } from "../../components/Badge";
import { Button } from "../../components/Button";
import { SelectField, TextField } from "../../components/Field";
import { Icon, type IconName } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Pagination } from "../../components/Pagination";
import { Loading } from "../../components/Spinner";
import { t } from "../../i18n";
import { query } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { difficultyLabel, statusLabel, typeLabel } from "../../lib/question";
import { type Bank, type Question, type QuestionPage, type QuestionStatus, questionStatuses, questionTypes } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import { BulkStatusDialog, BulkTagsDialog } from "./bulk-dialogs";
import { QuestionEditorDialog } from "./question-editor";
import styles from "./style.module.css";

const PAGE_SIZE = 20;
const MAX_TAGS_SHOWN = 3;

const statusStyle: Record<QuestionStatus, { tone: BadgeTone; icon: IconName }> = {
  active: { tone: "green", icon: "check" },
  draft: { tone: "amber", icon: "edit" },
  retired: { tone: "neutral", icon: "ban" },
};

type PanelDialog =
  | { kind: "edit"; question: Question | null }
  | { kind: "addTags" | "removeTags" }
  | { kind: "status"; status: "retired" | "active" }
  | null;

/** A bank's questions: search and filters, a page of rows to select, bulk actions on the selection, the editor. */
export function QuestionsPanel({ bank, onCountsChanged }: { bank: Bank; onCountsChanged: () => void }) {
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [tagInput, setTagInput] = useState("");
  const [tag, setTag] = useState("");
  const tagListId = useId();
  const [type, setType] = useState("");
  const [difficulty, setDifficulty] = useState("");
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Map<string, Question>>(new Map());
  const [dialog, setDialog] = useState<PanelDialog>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [knownTags, setKnownTags] = useState<string[]>([]);
  // Phone: the four filters fold under one button so the questions come first.
  const [filtersOpen, setFiltersOpen] = useState(false);

  // Search as the person types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      setPage(1);
    }, 350);
    return () => clearTimeout(timer);
  }, [search]);
  useEffect(() => {
    const timer = setTimeout(() => {
      setTag(tagInput.trim());
      setPage(1);
    }, 350);
    return () => clearTimeout(timer);
  }, [tagInput]);

  const filterKey = [q, tag, type, difficulty, status].join("\u0000");
  // A new filter is a new list: a selection made under the old one would act on rows no longer shown.
  useEffect(() => setSelected(new Map()), [filterKey]);

  const path = `/api/banks/${encodeURIComponent(bank.id)}/questions${query({ q, tag, type, difficulty, status, page, pageSize: PAGE_SIZE })}`;
  const { data, error, loading, reload } = useResource<QuestionPage>(path);

  // Tags seen so far, for the tag filter and the editor's suggestions (the API has no list of a bank's tags).
  useEffect(() => {
    if (!data) return;
    setKnownTags((known) => {
      const all = new Set(known);
      for (const item of data.items) for (const tg of item.draft.tags) all.add(tg);
      return all.size === known.length ? known : [...all].sort((a, b) => a.localeCompare(b, "zh-CN"));
    });
  }, [data]);

  const filtered = filterKey !== "\u0000\u0000\u0000\u0000";
  const activeFilters = [tag, type, difficulty, status].filter(Boolean).length;
  const clearFilters = () => {
    setSearch("");
    setQ("");
    setTagInput("");
    setTag("");
    setType("");
    setDifficulty("");
    setStatus("");
    setPage(1);
  };

  const toggle = (question: Question, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(question.id, question);
      else next.delete(question.id);
      return next;
    });
  const pageIds = data?.items.map((item) => item.id) ?? [];
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const someOnPage = pageIds.some((id) => selected.has(id));
  const togglePage = (on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const item of data?.items ?? []) {
        if (on) next.set(item.id, item);
        else next.delete(item.id);
      }
      return next;
    });

  const done = (message: string, clear = true) => {
    setDialog(null);
    setFlash(message);
    if (clear) setSelected(new Map());
    reload();
    onCountsChanged();
  };

  const selectedList = [...selected.values()];

  return (
    <section class={styles.panel} aria-labelledby="questions-title">
      <div class={styles.panelHead}>
        <h2 id="questions-title" class={styles.panelTitle}>
          {t("questions.title")}
          {data ? <span class={styles.total}>{t("questions.total", { total: data.total })}</span> : null}
        </h2>
        <Button
          variant="primary"
          size="sm"
          icon="plus"
          onClick={() => {
            setFlash(null);
            setDialog({ kind: "edit", question: null });
          }}
        >
          {t("questions.add")}
        </Button>
      </div>

      <form
        class={styles.filters}
        data-open={filtersOpen ? "true" : "false"}
        aria-label={t("questions.filters")}
        onSubmit={(event) => {
          event.preventDefault();
          setQ(search.trim());
          setTag(tagInput.trim());
          setPage(1);
        }}
      >
        <TextField
          class={styles.searchField}
          label={t("questions.search")}
          type="search"
          placeholder={t("questions.searchPlaceholder")}
          value={search}
          onValue={setSearch}
          autoComplete="off"
          enterKeyHint="search"
        />
        <button
          type="button"
          class={styles.filterToggle}
          aria-expanded={filtersOpen}
          aria-controls="question-filters"
          onClick={() => setFiltersOpen((v) => !v)}
        >
          <Icon name="filter" size={1.125} />
          <span>{activeFilters > 0 ? t("questions.filterCount", { count: activeFilters }) : t("questions.filterToggle")}</span>
          <Icon name={filtersOpen ? "chevronDown" : "chevronRight"} size={1} />
        </button>
        <div id="question-filters" class={styles.moreFilters}>
          <TextField
            label={t("questions.tag")}
            placeholder={t("questions.tagPlaceholder")}
            value={tagInput}
            onValue={setTagInput}
            list={tagListId}
            autoComplete="off"
          />
          <datalist id={tagListId}>
            {knownTags.map((value) => (
              <option key={value} value={value} />
            ))}
          </datalist>
          <SelectField
            label={t("questions.type")}
            value={type}
            onValue={(value) => {
              setType(value);
              setPage(1);
            }}
            options={[{ value: "", label: t("common.all") }, ...questionTypes.map((value) => ({ value, label: typeLabel(value) }))]}
          />
          <SelectField
            label={t("questions.difficulty")}
            value={difficulty}
            onValue={(value) => {
              setDifficulty(value);
              setPage(1);
            }}
            options={[
              { value: "", label: t("common.all") },
              ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: difficultyLabel(n) })),
            ]}
          />
          <SelectField
            label={t("questions.status")}
            value={status}
            onValue={(value) => {
              setStatus(value);
              setPage(1);
            }}
            options={[{ value: "", label: t("common.all") }, ...questionStatuses.map((value) => ({ value, label: statusLabel(value) }))]}
          />
        </div>
        {filtered ? (
          <Button variant="quiet" size="sm" icon="x" class={styles.clearFilters} onClick={clearFilters}>
            {t("questions.clearFilters")}
          </Button>
        ) : null}
      </form>

      {flash ? <Notice tone="success">{flash}</Notice> : null}

      {error ? (
        <Notice
          tone="error"
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {t("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : !data ? (
        <Loading label={t("app.loading")} minHeight={16} />
      ) : data.items.length === 0 ? (
        <p class={styles.empty}>{filtered ? t("questions.empty") : t("questions.emptyBank")}</p>
      ) : (
        <>
          <div class={styles.tableWrap} aria-busy={loading ? "true" : undefined}>
            <table class={styles.table}>
              <thead>
                <tr>
                  <th scope="col" class={styles.selectCol}>
                    <SelectBox
                      label={t("questions.selectPage")}
                      checked={allOnPage}
                      indeterminate={someOnPage && !allOnPage}
                      onChange={togglePage}
                    />
                  </th>
                  <th scope="col">{t("questions.col.stem")}</th>
                  <th scope="col">{t("questions.col.type")}</th>
                  <th scope="col">{t("questions.col.tags")}</th>
                  <th scope="col">{t("questions.col.difficulty")}</th>
                  <th scope="col">{t("questions.col.status")}</th>
                  <th scope="col">{t("questions.col.updated")}</th>
                  <th scope="col" class={styles.actionsCol}>
                    <span class="visually-hidden">{t("common.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((question) => {
                  const isSelected = selected.has(question.id);
                  const stemId = `stem-${question.id}`;
                  const tags = question.draft.tags;
                  return (
                    <tr key={question.id} class={isSelected ? styles.selectedRow : undefined}>
                      <td class={styles.selectCell}>
                        <SelectBox
                          label={t("questions.selectOne")}
                          describedBy={stemId}
                          checked={isSelected}
                          onChange={(on) => toggle(question, on)}
                        />
                      </td>
                      <th scope="row" class={styles.stemCell}>
                        <span id={stemId} class={styles.stemText}>
                          {question.draft.stem}
                        </span>
                      </th>
                      <td class={`${styles.typeCell} ${styles.nowrap}`}>{typeLabel(question.draft.type)}</td>
                      <td class={styles.tagsCell}>
                        {tags.length === 0 ? (
                          <span class={styles.muted}>—</span>
                        ) : (
                          <span class={styles.tags}>
                            {tags.slice(0, MAX_TAGS_SHOWN).map((tg) => (
                              <span key={tg} class={styles.tag}>
                                {tg}
                              </span>
                            ))}
                            {tags.length > MAX_TAGS_SHOWN ? (
                              <span class={styles.tagMore} title={tags.slice(MAX_TAGS_SHOWN).join("、")}>
                                +{tags.length - MAX_TAGS_SHOWN}
                              </span>
                            ) : null}
                          </span>
                        )}
                      </td>
                      <td class={`${styles.difficultyCell} num`}>
                        <span class={styles.phoneOnly}>{t("questions.difficultyShort", { n: question.draft.difficulty })}</span>
                        <span class={styles.laptopOnly} title={difficultyLabel(question.draft.difficulty)}>
                          {question.draft.difficulty}
                        </span>
                      </td>
                      <td class={`${styles.statusCell} ${styles.nowrap}`}>
                        <Badge tone={statusStyle[question.status].tone} icon={statusStyle[question.status].icon}>
                          {statusLabel(question.status)}
                        </Badge>
                      </td>
                      <td class={`${styles.updatedCell} ${styles.nowrap} num`}>{formatDateTime(question.updatedAt).slice(0, 10)}</td>
                      <td class={styles.actionsCell}>
                        <Button
                          size="sm"
                          variant="quiet"
                          icon="edit"
                          aria-describedby={stemId}
                          onClick={() => {
                            setFlash(null);
                            setDialog({ kind: "edit", question });
                          }}
                        >
                          {t("questions.edit")}
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            onPage={setPage}
            busy={loading}
            totalText={t("questions.total", { total: data.total })}
          />
        </>
      )}

      {selected.size > 0 ? (
        <section class={styles.bulkBar} aria-label={t("questions.bulk.label")}>
          <p class={styles.bulkCount} aria-live="polite">
            {t("questions.selected", { count: selected.size })}
          </p>
          <div class={styles.bulkActions}>
            <Button size="sm" icon="tag" onClick={() => setDialog({ kind: "addTags" })}>
              {t("questions.bulk.addTags")}
            </Button>
            <Button size="sm" icon="x" onClick={() => setDialog({ kind: "removeTags" })}>
              {t("questions.bulk.removeTags")}
            </Button>
            <Button size="sm" icon="ban" onClick={() => setDialog({ kind: "status", status: "retired" })}>
              {t("questions.bulk.retire")}
            </Button>
            <Button size="sm" icon="check" onClick={() => setDialog({ kind: "status", status: "active" })}>
              {t("questions.bulk.activate")}
            </Button>
            <Button size="sm" variant="quiet" onClick={() => setSelected(new Map())}>
              {t("questions.clearSelection")}
            </Button>
          </div>
        </section>
      ) : null}

      {dialog?.kind === "edit" ? (
        <QuestionEditorDialog
          open
          bankId={bank.id}
          question={dialog.question}
          knownTags={knownTags}
          onClose={() => setDialog(null)}
          onSaved={(_saved, created) => done(t(created ? "questions.created" : "questions.saved"), false)}
        />
      ) : null}
      {dialog?.kind === "addTags" || dialog?.kind === "removeTags" ? (
        <BulkTagsDialog
          open
          mode={dialog.kind === "addTags" ? "add" : "remove"}
          bankId={bank.id}
          questions={selectedList}
          knownTags={knownTags}
          onClose={() => setDialog(null)}
          onDone={(count) => done(t("questions.bulk.done", { count }))}
        />
      ) : null}
      {dialog?.kind === "status" ? (
        <BulkStatusDialog
          open
          status={dialog.status}
          bankId={bank.id}
          questions={selectedList}
          onClose={() => setDialog(null)}
          onDone={(count) => done(t("questions.bulk.done", { count }))}
        />
      ) : null}
    </section>
  );
}

/** A row checkbox with a 44 px target; `indeterminate` is a DOM property, not an attribute. */
function SelectBox({
  label,
  checked,
  indeterminate = false,
  describedBy,
  onChange,
}: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  describedBy?: string;
  onChange: (on: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <label class={styles.selectBox}>
      <input
        ref={ref}
        type="checkbox"
        checked={checked}
        aria-label={label}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
    </label>
  );
}

import { useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { FieldError, SelectField, TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { tc } from "../../i18n/courses.zh-CN";
import { ApiError, api } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { moduleBadges, moduleTagList, readNumber, teachPaths } from "../../lib/teach";
import type { Bank, CreateModuleBody, Me, Module, ModuleResponse, Org, UpdateModuleBody } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { ALL, type AudienceKey, AudiencePicker, audienceBody, audienceKeys } from "./audience";
import { renderPreview } from "./markdown";
import styles from "./style.module.css";
import { formatBytes, uploadWithProgress } from "./upload";

const MAX_MB = 50;
const ACCEPT = ".pdf,.pptx,.docx,.mp4,.png,.jpg,.jpeg";

type MediaKind = "none" | "link" | "file";

type Fields = {
  orgId: string;
  title: string;
  summary: string;
  bodyMd: string;
  mediaKind: MediaKind;
  mediaUrl: string;
  duration: string;
  hours: string;
  tags: string[];
  audience: AudienceKey[];
  selfPaced: boolean;
  quizOn: boolean;
  bankId: string;
  count: string;
  passPct: string;
};

/** The orgs a person may write a module for: where they lecture or organize (any org for an admin). */
function authorOrgs(me: Me, orgs: Org[]) {
  const own = me.memberships.filter((m) => m.role === "lecturer" || m.role === "organizer").map((m) => ({ id: m.orgId, name: m.orgName }));
  const managed = orgs.filter((o) => o.canManage).map((o) => ({ id: o.id, name: o.name }));
  const seen = new Set<string>();
  return [...own, ...managed].filter((o) => !seen.has(o.id) && seen.add(o.id));
}

function initialFields(module: Module | null, me: Me, orgs: Org[]): Fields {
  const v = module?.draft ?? module?.published ?? null;
  const orgId = module?.orgId ?? authorOrgs(me, orgs)[0]?.id ?? "";
  return {
    orgId,
    title: v?.title ?? "",
    summary: v?.summary ?? "",
    bodyMd: v?.bodyMd ?? "",
    mediaKind: v?.media.kind ?? "none",
    mediaUrl: v?.media.kind === "link" ? v.media.url : "",
    duration: v ? String(v.durationMin) : "45",
    hours: v ? String(v.hours) : "1",
    tags: v?.tags ?? [],
    audience: module ? audienceKeys(module.audience) : orgId ? [`org:${orgId}`] : [],
    selfPaced: v?.selfPaced ?? false,
    quizOn: v?.quiz != null,
    bankId: v?.quiz?.bankId ?? "",
    count: v?.quiz ? String(v.quiz.count) : "5",
    passPct: v?.quiz ? String(v.quiz.passPct) : "60",
  };
}

type Props = { me: Me; module: Module | null; orgs: Org[]; banks: Bank[] };

export function ModuleForm({ me, module: loaded, orgs, banks }: Props) {
  const { route, query } = useLocation();
  const [module, setModule] = useState(loaded);
  const [fields, setFields] = useState(() => initialFields(loaded, me, orgs));
  const [baseline, setBaseline] = useState(() => JSON.stringify(initialFields(loaded, me, orgs)));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [flash, setFlash] = useState<string | null>(() => {
    // A new module moves to its own address after its first save; the message comes along in the query.
    const messages: Record<string, string> = {
      draft: tc("courses.teach.editor.saved"),
      submitted: tc("courses.teach.editor.submittedFlash"),
      uploaded: tc("courses.teach.media.uploadedNew"),
    };
    return messages[query.saved ?? ""] ?? null;
  });
  const [view, setView] = useState<"write" | "preview">("write");
  const [upload, setUpload] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((f) => ({ ...f, [key]: value }));

  const preview = useMemo(() => renderPreview(fields.bodyMd), [fields.bodyMd]);
  const draft = module?.draft ?? null;
  const published = module?.published ?? null;
  const readOnly = module !== null && (!module.canEdit || module.status === "submitted" || module.status === "archived");
  const dirty = JSON.stringify(fields) !== baseline;
  const orgChoices = authorOrgs(me, orgs);
  const quizBanks = banks.filter((b) => b.questionCount > 0);

  /** Checks what the server would refuse anyway, so the lecturer hears it next to the field at once. */
  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!module && !fields.orgId) found.orgId = tc("courses.teach.editor.error.org");
    if (!fields.title.trim()) found.title = tc("courses.teach.editor.error.title");
    const minutes = readNumber(fields.duration);
    if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440)) found.durationMin = tc("courses.teach.editor.error.duration");
    const hours = readNumber(fields.hours);
    if (!(hours >= 0.1 && hours <= 40) || Math.abs(hours * 10 - Math.round(hours * 10)) > 1e-6)
      found.hours = tc("courses.teach.editor.error.hours");
    if (fields.audience.length === 0) found.audience = tc("courses.teach.editor.error.audience");
    if (fields.mediaKind === "link" && !/^https?:\/\/\S+$/i.test(fields.mediaUrl.trim()))
      found["media.url"] = tc("courses.teach.editor.error.link");
    if (fields.selfPaced && fields.quizOn) {
      if (!fields.bankId) found["quiz.bankId"] = tc("courses.teach.editor.error.bank");
      const count = readNumber(fields.count);
      if (!(Number.isInteger(count) && count >= 1 && count <= 20)) found["quiz.count"] = tc("courses.teach.editor.error.count");
      const pass = readNumber(fields.passPct);
      if (!(Number.isInteger(pass) && pass >= 1 && pass <= 100)) found["quiz.passPct"] = tc("courses.teach.editor.error.pass");
    }
    return found;
  };

  const bodyOf = (): UpdateModuleBody => ({
    title: fields.title.trim(),
    summary: fields.summary.trim(),
    bodyMd: fields.bodyMd,
    ...(fields.mediaKind === "link"
      ? { media: { kind: "link" as const, url: fields.mediaUrl.trim() } }
      : fields.mediaKind === "none"
        ? { media: { kind: "none" as const } }
        : {}),
    durationMin: readNumber(fields.duration),
    hours: readNumber(fields.hours),
    tags: fields.tags as UpdateModuleBody["tags"],
    audience: fields.audience.includes(ALL) ? [{ type: "all" }] : audienceBody(fields.audience),
    selfPaced: fields.selfPaced,
    quiz:
      fields.selfPaced && fields.quizOn
        ? { bankId: fields.bankId, count: readNumber(fields.count), passPct: readNumber(fields.passPct) }
        : null,
  });

  /** Saves what is on screen when it changed (or was never saved); the module as the server has it after. */
  const persist = async (force = false): Promise<Module> => {
    if (!module) {
      const { module: created } = await api.post<ModuleResponse>("/api/modules", { orgId: fields.orgId, ...bodyOf() } as CreateModuleBody);
      return created;
    }
    if (!dirty && !force) return module;
    const { module: saved } = await api.patch<ModuleResponse>(`/api/modules/${encodeURIComponent(module.id)}`, bodyOf());
    return saved;
  };

  const accept = (saved: Module, message: string, savedAs: "draft" | "submitted" | "uploaded") => {
    setLocal({});
    if (!module) {
      // The new module has an address now: the page moves there (and shows the message).
      route(`${teachPaths.module(saved.id)}?saved=${savedAs}`, true);
      return;
    }
    setModule(saved);
    const next = initialFields(saved, me, orgs);
    setFields(next);
    setBaseline(JSON.stringify(next));
    setFlash(message);
  };

  const save = useAction(async () => {
    const found = validate();
    setLocal(found);
    setFlash(null);
    if (Object.keys(found).length > 0) return;
    accept(await persist(), tc("courses.teach.editor.saved"), "draft");
  });

  const submit = useAction(async () => {
    const found = validate();
    setLocal(found);
    setFlash(null);
    if (Object.keys(found).length > 0) return;
    const saved = await persist();
    const { module: sent } = await api.post<ModuleResponse>(`/api/modules/${encodeURIComponent(saved.id)}/submit`, {});
    accept(sent, tc("courses.teach.editor.submittedFlash"), "submitted");
  });

  const pickFile = async (file: File) => {
    setUploadError(null);
    if (file.size > MAX_MB * 1024 * 1024) {
      setUploadError(new ApiError(413, "TOO_LARGE", tc("courses.teach.media.tooLarge", { mb: MAX_MB, size: formatBytes(file.size) })));
      return;
    }
    const found = validate();
    setLocal(found);
    if (Object.keys(found).length > 0) {
      setUploadError(new ApiError(0, "FIELDS", tc("courses.teach.media.fixFirst")));
      return;
    }
    setUpload({ name: file.name, sent: 0, total: file.size });
    try {
      // A file belongs to a draft version: a new module is saved first, and a published one gets its new draft.
      const target = await persist(module !== null && module.draft === null);
      const { module: stored } = await uploadWithProgress(`/api/modules/${encodeURIComponent(target.id)}/media`, file, (sent, total) =>
        setUpload({ name: file.name, sent, total }),
      );
      accept(stored, tc("courses.teach.media.uploaded", { name: file.name }), "uploaded");
    } catch (err) {
      setUploadError(err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", tc("error.unexpected")));
    } finally {
      setUpload(null);
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  const serverFields = (save.error ?? submit.error)?.fieldErrors ?? {};
  const error = (path: string) => local[path] ?? serverFields[path];
  const actionError = save.error ?? submit.error;
  const file = (draft ?? published)?.media;
  const title = module ? (draft ?? published)?.title || tc("courses.teach.editor.editTitle") : tc("courses.teach.editor.newTitle");

  return (
    <form
      class={styles.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <PageHeader
        title={title}
        description={
          module ? (
            <span class={styles.headerMeta}>
              {moduleBadges({
                status: module.status,
                publishedVersion: published?.version ?? null,
                version: (draft ?? published)?.version ?? 1,
              }).map((b) => (
                <Badge key={b.label} tone={b.tone} icon={b.icon}>
                  {b.label}
                </Badge>
              ))}
              <span>{module.orgName}</span>
              <span>{tc("courses.teach.modules.by", { name: module.ownerName })}</span>
            </span>
          ) : (
            tc("courses.teach.editor.newIntro")
          )
        }
      />
      <StatusNotice module={module} />
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {actionError ? (
        <Notice tone="error" requestId={actionError.requestId}>
          {Object.keys(serverFields).length > 0 ? tc("error.fixFields") : actionError.message}
        </Notice>
      ) : Object.keys(local).length > 0 ? (
        <Notice tone="error">{tc("error.fixFields")}</Notice>
      ) : null}

      <fieldset class={styles.sheet} disabled={readOnly}>
        <legend class="visually-hidden">{title}</legend>
        <section class={styles.step} aria-labelledby="step-basics">
          <h2 id="step-basics" class={styles.stepTitle}>
            <span class={styles.stepNo}>1</span>
            {tc("courses.teach.editor.basics")}
          </h2>
          {!module ? (
            <SelectField
              label={tc("courses.teach.editor.org")}
              value={fields.orgId}
              onValue={(v) => {
                set("orgId", v);
                // What a module may be for depends on its org: the audience starts again from the new org.
                set("audience", fields.audience.includes(ALL) ? [ALL] : [`org:${v}`]);
              }}
              options={orgChoices.map((o) => ({ value: o.id, label: o.name }))}
              error={error("orgId")}
              hint={tc("courses.teach.editor.orgHint")}
            />
          ) : null}
          <TextField
            label={tc("courses.teach.editor.title")}
            value={fields.title}
            onValue={(v) => set("title", v)}
            error={error("title")}
            maxLength={100}
            placeholder={tc("courses.teach.editor.titlePlaceholder")}
            autoComplete="off"
          />
          <TextAreaField
            label={tc("courses.teach.editor.summary")}
            tag={tc("common.optional")}
            value={fields.summary}
            onValue={(v) => set("summary", v)}
            error={error("summary")}
            rows={3}
            maxLength={500}
            hint={tc("courses.teach.editor.summaryHint", { n: fields.summary.length })}
          />
        </section>

        <section class={styles.step} aria-labelledby="step-body">
          <div class={styles.stepHead}>
            <h2 id="step-body" class={styles.stepTitle}>
              <span class={styles.stepNo}>2</span>
              {tc("courses.teach.editor.body")}
            </h2>
            {!readOnly ? (
              <fieldset class={styles.viewSwitch}>
                <legend class="visually-hidden">{tc("courses.teach.editor.viewSwitch")}</legend>
                <button type="button" aria-pressed={view === "write"} onClick={() => setView("write")}>
                  {tc("courses.teach.editor.write")}
                </button>
                <button type="button" aria-pressed={view === "preview"} onClick={() => setView("preview")}>
                  {tc("courses.teach.editor.preview")}
                </button>
              </fieldset>
            ) : null}
          </div>
          <div class={styles.split} data-view={readOnly ? "preview" : view}>
            <div class={styles.writePane}>
              <TextAreaField
                label={tc("courses.teach.editor.bodyLabel")}
                value={fields.bodyMd}
                onValue={(v) => set("bodyMd", v)}
                error={error("bodyMd")}
                rows={18}
                maxLength={50_000}
                class={styles.bodyField}
                hint={tc("courses.teach.editor.bodyHint")}
                spellcheck={false}
              />
            </div>
            <section class={styles.previewPane} aria-labelledby="preview-title">
              <h3 id="preview-title" class={styles.previewTitle}>
                <Icon name="eye" size={1} />
                {tc("courses.teach.editor.previewTitle")}
              </h3>
              {fields.bodyMd.trim() ? (
                <div class={styles.prose} dangerouslySetInnerHTML={{ __html: preview }} />
              ) : (
                <p class={styles.note}>{tc("courses.teach.editor.previewEmpty")}</p>
              )}
            </section>
          </div>
        </section>

        <section class={styles.step} aria-labelledby="step-media">
          <h2 id="step-media" class={styles.stepTitle}>
            <span class={styles.stepNo}>3</span>
            {tc("courses.teach.editor.media")}
            <span class={styles.stepTag}>{tc("common.optional")}</span>
          </h2>
          <div class={styles.segmented} role="radiogroup" aria-label={tc("courses.teach.editor.media")}>
            {(["none", "link", "file"] as const).map((kind) => (
              <label key={kind} class={styles.segment}>
                <input type="radio" name="media-kind" checked={fields.mediaKind === kind} onChange={() => set("mediaKind", kind)} />
                {kind !== "none" ? <Icon name={kind === "link" ? "link" : "upload"} size={1} /> : null}
                <span>{tc(`courses.teach.media.${kind}`)}</span>
              </label>
            ))}
          </div>
          {fields.mediaKind === "link" ? (
            <TextField
              label={tc("courses.teach.media.url")}
              type="url"
              inputMode="url"
              value={fields.mediaUrl}
              onValue={(v) => set("mediaUrl", v)}
              error={error("media.url")}
              placeholder="https://"
              hint={tc("courses.teach.media.urlHint")}
              autoComplete="off"
            />
          ) : fields.mediaKind === "file" ? (
            <div class={styles.fileBox}>
              {file?.kind === "file" ? (
                <p class={styles.fileLine}>
                  <Icon name="file" />
                  <a href={file.url} target="_blank" rel="noopener">
                    {file.name}
                  </a>
                  <span class={styles.note}>{formatBytes(file.bytes)}</span>
                </p>
              ) : (
                <p class={styles.note}>{tc("courses.teach.media.noFile")}</p>
              )}
              <label class={styles.fileButton}>
                <input
                  ref={fileInput}
                  type="file"
                  accept={ACCEPT}
                  disabled={upload !== null || readOnly}
                  onChange={(event) => {
                    const chosen = event.currentTarget.files?.[0];
                    if (chosen) void pickFile(chosen);
                  }}
                />
                <Icon name="upload" size={1} />
                <span>{file?.kind === "file" ? tc("courses.teach.media.replace") : tc("courses.teach.media.choose")}</span>
              </label>
              <p class={styles.note}>{tc("courses.teach.media.limits", { mb: MAX_MB })}</p>
              {!module ? <p class={styles.note}>{tc("courses.teach.media.savesFirst")}</p> : null}
              {upload ? (
                <div class={styles.uploading} role="status">
                  <span>
                    {tc("courses.teach.media.uploading", {
                      name: upload.name,
                      pct: upload.total ? Math.round((upload.sent / upload.total) * 100) : 0,
                    })}
                  </span>
                  <progress max={upload.total || 1} value={upload.sent} aria-label={tc("courses.teach.media.progress")} />
                  <span class={styles.note}>
                    {formatBytes(upload.sent)} / {formatBytes(upload.total)}
                  </span>
                </div>
              ) : null}
              {uploadError ? <FieldError message={uploadError.message} /> : null}
            </div>
          ) : (
            <p class={styles.note}>{tc("courses.teach.media.noneHint")}</p>
          )}
        </section>

        <section class={styles.step} aria-labelledby="step-credit">
          <h2 id="step-credit" class={styles.stepTitle}>
            <span class={styles.stepNo}>4</span>
            {tc("courses.teach.editor.credit")}
          </h2>
          <div class={styles.pair}>
            <TextField
              label={tc("courses.teach.editor.duration")}
              inputMode="numeric"
              value={fields.duration}
              onValue={(v) => set("duration", v)}
              error={error("durationMin")}
              hint={tc("courses.teach.editor.durationHint")}
              maxLength={4}
            />
            <TextField
              label={tc("courses.teach.editor.hours")}
              inputMode="decimal"
              value={fields.hours}
              onValue={(v) => set("hours", v)}
              error={error("hours")}
              hint={tc("courses.teach.editor.hoursHint")}
              maxLength={4}
            />
          </div>
          <fieldset class={styles.tags}>
            <legend>{tc("courses.teach.editor.tags")}</legend>
            <div class={styles.tagList}>
              {moduleTagList.map((tag) => (
                <label key={tag} class={styles.tagChip}>
                  <input
                    type="checkbox"
                    checked={fields.tags.includes(tag)}
                    onChange={(event) =>
                      set("tags", event.currentTarget.checked ? [...fields.tags, tag] : fields.tags.filter((x) => x !== tag))
                    }
                  />
                  <span>{tag}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </section>

        <section class={styles.step} aria-labelledby="step-audience">
          <h2 id="step-audience" class={styles.stepTitle}>
            <span class={styles.stepNo}>5</span>
            {tc("courses.teach.editor.audience")}
          </h2>
          <AudiencePicker
            orgId={fields.orgId}
            saved={module?.audience ?? []}
            value={fields.audience}
            onValue={(v) => set("audience", v)}
            error={error("audience")}
          />
        </section>

        <section class={styles.step} aria-labelledby="step-study">
          <h2 id="step-study" class={styles.stepTitle}>
            <span class={styles.stepNo}>6</span>
            {tc("courses.teach.editor.study")}
          </h2>
          <label class={styles.checkLine}>
            <input type="checkbox" checked={fields.selfPaced} onChange={(event) => set("selfPaced", event.currentTarget.checked)} />
            <span>
              <span class={styles.strong}>{tc("courses.teach.editor.selfPaced")}</span>
              <span class={styles.note}>{tc("courses.teach.editor.selfPacedHint")}</span>
            </span>
          </label>
          {fields.selfPaced ? (
            <div class={styles.quizBox}>
              <label class={styles.checkLine}>
                <input type="checkbox" checked={fields.quizOn} onChange={(event) => set("quizOn", event.currentTarget.checked)} />
                <span>
                  <span class={styles.strong}>{tc("courses.teach.editor.quiz")}</span>
                  <span class={styles.note}>{tc("courses.teach.editor.quizHint")}</span>
                </span>
              </label>
              {fields.quizOn ? (
                <div class={styles.quizFields}>
                  <SelectField
                    label={tc("courses.teach.editor.bank")}
                    value={fields.bankId}
                    onValue={(v) => set("bankId", v)}
                    error={error("quiz.bankId") ?? error("quiz")}
                    options={[
                      { value: "", label: tc("courses.teach.editor.bankPick") },
                      ...quizBanks.map((b) => ({
                        value: b.id,
                        label: tc("courses.teach.editor.bankOption", { name: b.name, n: b.questionCount }),
                      })),
                    ]}
                  />
                  <TextField
                    label={tc("courses.teach.editor.count")}
                    inputMode="numeric"
                    value={fields.count}
                    onValue={(v) => set("count", v)}
                    error={error("quiz.count")}
                    hint={tc("courses.teach.editor.countHint")}
                    maxLength={2}
                  />
                  <TextField
                    label={tc("courses.teach.editor.pass")}
                    inputMode="numeric"
                    value={fields.passPct}
                    onValue={(v) => set("passPct", v)}
                    error={error("quiz.passPct")}
                    hint={tc("courses.teach.editor.passHint")}
                    maxLength={3}
                  />
                </div>
              ) : null}
            </div>
          ) : (
            <p class={styles.note}>{tc("courses.teach.editor.sessionsHint")}</p>
          )}
        </section>
      </fieldset>

      {!readOnly ? (
        <div class={styles.footer}>
          <p class={styles.footNote} aria-live="polite">
            {dirty
              ? tc("courses.teach.editor.unsaved")
              : module
                ? tc("courses.teach.editor.savedAt", { at: formatDateTime(module.updatedAt) })
                : ""}
          </p>
          <div class={styles.footActions}>
            <Button
              type="submit"
              icon="check"
              pending={save.pending}
              pendingLabel={tc("common.saving")}
              disabled={submit.pending || (!dirty && module !== null)}
            >
              {tc("courses.teach.editor.saveDraft")}
            </Button>
            <Button
              variant="primary"
              icon="share"
              pending={submit.pending}
              pendingLabel={tc("courses.teach.editor.submitting")}
              // A published module with nothing changed has no new version to send.
              disabled={save.pending || (module !== null && module.draft === null && !dirty)}
              onClick={() => void submit.run()}
            >
              {tc("courses.teach.editor.submit")}
            </Button>
          </div>
        </div>
      ) : null}
    </form>
  );
}

/** Where this module stands, in a sentence, with what the lecturer can do next. */
function StatusNotice({ module }: { module: Module | null }) {
  if (!module) return null;
  const draft = module.draft;
  const published = module.published;
  if (module.status === "archived") return <Notice tone="warning">{tc("courses.teach.editor.archived")}</Notice>;
  if (draft?.status === "rejected")
    return (
      <Notice tone="warning" title={tc("courses.teach.editor.rejectedTitle", { v: draft.version })}>
        <p class={styles.reviewNote}>{draft.reviewNote}</p>
        <p>{tc("courses.teach.editor.rejectedNext")}</p>
      </Notice>
    );
  if (draft?.status === "submitted")
    return (
      <Notice tone="info" title={tc("courses.teach.editor.submittedTitle", { v: draft.version })}>
        {published ? tc("courses.teach.editor.submittedPublished", { v: published.version }) : tc("courses.teach.editor.submittedBody")}
      </Notice>
    );
  if (!module.canEdit) return <Notice tone="info">{tc("courses.teach.editor.notYours")}</Notice>;
  if (published && !draft)
    return <Notice tone="info">{tc("courses.teach.editor.publishedBody", { v: published.version, next: published.version + 1 })}</Notice>;
  if (published && draft)
    return <Notice tone="info">{tc("courses.teach.editor.newVersionBody", { v: published.version, next: draft.version })}</Notice>;
  return null;
}

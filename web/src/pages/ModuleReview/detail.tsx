import { useState } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextAreaField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import { api } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { formatHours, moduleBadges, teachPaths } from "../../lib/teach";
import type { Module, ModuleResponse, ModuleVersion } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";

export function ReviewDetail({ id }: { id: string }) {
  const { data, error, reload } = useResource<ModuleResponse>(`/api/modules/${encodeURIComponent(id)}`);
  const [module, setModule] = useState<Module | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const m = module ?? data?.module;
  const publish = useAction(async () => {
    const { module: done } = await api.post<ModuleResponse>(`/api/modules/${encodeURIComponent(id)}/publish`, {});
    setModule(done);
    setFlash(tc("courses.review.publishedFlash", { v: done.published?.version ?? 1 }));
  });

  const crumbs = (
    <nav class={admin.crumbs} aria-label={tc("courses.teach.crumbs")}>
      <a href={teachPaths.review}>{tc("courses.review.title")}</a>
      <Icon name="chevronRight" size={0.875} />
      <span class={admin.crumbHere}>{m ? (m.draft ?? m.published)?.title : ""}</span>
    </nav>
  );
  if (error)
    return (
      <div class={admin.page}>
        {crumbs}
        <Notice
          tone={error.status === 404 ? "warning" : "error"}
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {tc("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      </div>
    );
  if (!m) return <Loading label={tc("app.loading")} minHeight={20} />;

  const draft = m.draft;
  const published = m.published;
  const pending = draft?.status === "submitted" ? draft : null;
  const shown = pending ?? draft ?? published;
  const compare = pending && published ? published : null;
  const badges = moduleBadges({ status: m.status, publishedVersion: published?.version ?? null, version: shown?.version ?? 1 });

  return (
    <div class={[admin.page, styles.detail].join(" ")}>
      {crumbs}
      <PageHeader
        title={shown?.title ?? ""}
        description={
          <span class={styles.headerMeta}>
            {badges.map((b) => (
              <Badge key={b.label} tone={b.tone} icon={b.icon}>
                {b.label}
              </Badge>
            ))}
            <span>{m.orgName}</span>
            <span>{tc("courses.teach.modules.by", { name: m.ownerName })}</span>
            {pending?.submittedAt ? <span>{tc("courses.review.sentAt", { at: formatDateTime(pending.submittedAt) })}</span> : null}
          </span>
        }
      />
      {flash ? (
        <Notice
          tone="success"
          action={
            <a class={buttonClass("secondary", "sm")} href={teachPaths.review}>
              {tc("courses.review.backToQueue")}
            </a>
          }
        >
          {flash}
        </Notice>
      ) : !pending ? (
        <Notice tone="info">{tc("courses.review.nothingPending")}</Notice>
      ) : compare ? (
        <Notice tone="info" title={tc("courses.review.newVersionTitle", { v: pending.version })}>
          {tc("courses.review.newVersionBody", { old: compare.version })}
        </Notice>
      ) : null}

      {shown ? <Facts module={m} version={shown} /> : null}

      {compare && pending ? (
        <Compare before={compare} after={pending} />
      ) : shown ? (
        <section class={admin.card} aria-labelledby="body-title">
          <h2 id="body-title" class={admin.sectionTitle}>
            {tc("courses.review.body")}
          </h2>
          {shown.summary ? <p class={styles.summary}>{shown.summary}</p> : null}
          <Body version={shown} />
        </section>
      ) : null}

      {pending && m.canReview && !flash ? (
        <div class={styles.decision}>
          <p class={styles.decisionText}>{tc("courses.review.decide", { v: pending.version })}</p>
          {publish.error ? <p class={styles.decisionError}>{publish.error.message}</p> : null}
          <div class={styles.decisionActions}>
            <Button icon="xCircle" onClick={() => setRejecting(true)} disabled={publish.pending}>
              {tc("courses.review.reject")}
            </Button>
            <Button
              variant="primary"
              icon="checkCircle"
              pending={publish.pending}
              pendingLabel={tc("courses.review.publishing")}
              onClick={() => void publish.run()}
            >
              {tc("courses.review.publish")}
            </Button>
          </div>
        </div>
      ) : null}

      <RejectDialog
        open={rejecting}
        moduleId={m.id}
        onClose={() => setRejecting(false)}
        onDone={(done) => {
          setRejecting(false);
          setModule(done);
          setFlash(tc("courses.review.rejectedFlash"));
        }}
      />
    </div>
  );
}

function Facts({ module: m, version: v }: { module: Module; version: ModuleVersion }) {
  const media = v.media;
  return (
    <section class={admin.card} aria-labelledby="facts-title">
      <h2 id="facts-title" class={admin.sectionTitle}>
        {tc("courses.review.facts", { v: v.version })}
      </h2>
      <dl class={styles.facts}>
        <div>
          <dt>{tc("courses.review.fact.hours")}</dt>
          <dd class="num">{tc("courses.teach.hoursValue", { h: formatHours(v.hours) })}</dd>
        </div>
        <div>
          <dt>{tc("courses.review.fact.duration")}</dt>
          <dd class="num">{tc("courses.review.minutes", { n: v.durationMin })}</dd>
        </div>
        <div>
          <dt>{tc("courses.review.fact.tags")}</dt>
          <dd>{v.tags.length ? v.tags.join("、") : "—"}</dd>
        </div>
        <div>
          <dt>{tc("courses.review.fact.audience")}</dt>
          <dd>{m.audience.map((a) => (a.type === "all" ? tc("courses.teach.audience.all") : a.name)).join("、") || "—"}</dd>
        </div>
        <div>
          <dt>{tc("courses.review.fact.study")}</dt>
          <dd>
            {v.selfPaced
              ? v.quiz
                ? tc("courses.review.selfPacedQuiz", { n: v.quiz.count, pct: v.quiz.passPct })
                : tc("courses.review.selfPaced")
              : tc("courses.review.sessionsOnly")}
          </dd>
        </div>
        <div>
          <dt>{tc("courses.review.fact.media")}</dt>
          <dd>
            {media.kind === "none" ? (
              "—"
            ) : media.kind === "link" ? (
              <a href={media.url} target="_blank" rel="noopener noreferrer nofollow" class={styles.link}>
                {media.url}
              </a>
            ) : (
              <a href={media.url} target="_blank" rel="noopener" class={styles.link}>
                {media.name}
              </a>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The body as members will read it: rendered on the server from the Markdown, safe to insert. */
function Body({ version }: { version: ModuleVersion }) {
  if (!version.bodyHtml.trim()) return <p class={admin.muted}>{tc("courses.review.noBody")}</p>;
  return <div class={styles.prose} dangerouslySetInnerHTML={{ __html: version.bodyHtml }} />;
}

/** The new version beside the published one: title, summary, hours and duration, then the bodies side by side. */
function Compare({ before, after }: { before: ModuleVersion; after: ModuleVersion }) {
  const rows: { label: string; a: string; b: string }[] = [
    { label: tc("courses.review.fact.title"), a: before.title, b: after.title },
    { label: tc("courses.review.fact.summary"), a: before.summary || "—", b: after.summary || "—" },
    {
      label: tc("courses.review.fact.hours"),
      a: tc("courses.teach.hoursValue", { h: formatHours(before.hours) }),
      b: tc("courses.teach.hoursValue", { h: formatHours(after.hours) }),
    },
    {
      label: tc("courses.review.fact.duration"),
      a: tc("courses.review.minutes", { n: before.durationMin }),
      b: tc("courses.review.minutes", { n: after.durationMin }),
    },
    { label: tc("courses.review.fact.tags"), a: before.tags.join("、") || "—", b: after.tags.join("、") || "—" },
  ];
  const bodyChanged = before.bodyMd !== after.bodyMd;
  return (
    <section class={admin.card} aria-labelledby="compare-title">
      <h2 id="compare-title" class={admin.sectionTitle}>
        {tc("courses.review.compare")}
      </h2>
      <div class={admin.scroll}>
        <table class={[admin.table, styles.compare].join(" ")}>
          <thead>
            <tr>
              <th scope="col">{tc("courses.review.field")}</th>
              <th scope="col">{tc("courses.review.before", { v: before.version })}</th>
              <th scope="col">{tc("courses.review.after", { v: after.version })}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const changed = row.a !== row.b;
              return (
                <tr key={row.label} class={changed ? styles.changed : undefined}>
                  <th scope="row">
                    {row.label}
                    {changed ? (
                      <Badge tone="amber" icon="edit" class={styles.changedBadge}>
                        {tc("courses.review.changed")}
                      </Badge>
                    ) : null}
                  </th>
                  <td>{row.a}</td>
                  <td>{row.b}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3 class={styles.bodyHead}>
        {tc("courses.review.body")}
        {bodyChanged ? (
          <Badge tone="amber" icon="edit">
            {tc("courses.review.changed")}
          </Badge>
        ) : (
          <Badge tone="neutral">{tc("courses.review.unchanged")}</Badge>
        )}
      </h3>
      <div class={styles.sideBySide}>
        <section aria-label={tc("courses.review.before", { v: before.version })}>
          <p class={styles.paneLabel}>{tc("courses.review.before", { v: before.version })}</p>
          <Body version={before} />
        </section>
        <section aria-label={tc("courses.review.after", { v: after.version })}>
          <p class={[styles.paneLabel, styles.paneNew].join(" ")}>{tc("courses.review.after", { v: after.version })}</p>
          <Body version={after} />
        </section>
      </div>
    </section>
  );
}

function RejectDialog({
  open,
  moduleId,
  onClose,
  onDone,
}: {
  open: boolean;
  moduleId: string;
  onClose: () => void;
  onDone: (m: Module) => void;
}) {
  const [note, setNote] = useState("");
  const [local, setLocal] = useState<string | null>(null);
  const action = useAction((text: string) =>
    api.post<ModuleResponse>(`/api/modules/${encodeURIComponent(moduleId)}/reject`, { note: text }),
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!note.trim()) {
      setLocal(tc("courses.review.noteRequired"));
      return;
    }
    setLocal(null);
    const result = await action.run(note.trim());
    if (result) {
      setNote("");
      onDone(result.module);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={tc("courses.review.rejectTitle")}
      description={tc("courses.review.rejectBody")}
      footer={
        <>
          <Button onClick={onClose}>{tc("common.cancel")}</Button>
          <Button
            type="submit"
            form="reject-form"
            variant="danger"
            icon="xCircle"
            pending={action.pending}
            pendingLabel={tc("common.saving")}
          >
            {tc("courses.review.rejectConfirm")}
          </Button>
        </>
      }
    >
      <form id="reject-form" onSubmit={submit} noValidate>
        {action.error && !action.error.fieldErrors.note ? (
          <Notice tone="error" requestId={action.error.requestId}>
            {action.error.message}
          </Notice>
        ) : null}
        <TextAreaField
          label={tc("courses.review.note")}
          value={note}
          onValue={setNote}
          error={local ?? action.error?.fieldErrors.note}
          rows={4}
          maxLength={1000}
          placeholder={tc("courses.review.notePlaceholder")}
        />
      </form>
    </Dialog>
  );
}

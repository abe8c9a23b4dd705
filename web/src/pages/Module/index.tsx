import DOMPurify from "dompurify";
import { useMemo, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import detail from "../../components/CourseDetail/style.module.css";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { SessionCard } from "../../components/SessionCard";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import { api, query } from "../../lib/api";
import { coursePaths, durationText, formatMoment, hoursText } from "../../lib/courses";
import type {
  CompletionResult,
  CourseSessionList,
  Module,
  ModuleCompletion,
  ModuleMedia,
  ModuleResponse,
  ModuleVersion,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function ModulePage() {
  return (
    <AppShell title={tc("courses.title")} requiredRole="member">
      {() => <ModuleView />}
    </AppShell>
  );
}

/**
 * One course as a member reads it: what it is (hours, duration, who gives it), its media and body,
 * the sessions they may attend, and for self-paced study the way to complete it — their own
 * confirmation, or passing the quiz. Never by time spent on the page.
 */
function ModuleView() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const { data, error, reload } = useResource<ModuleResponse>(`/api/modules/${encodeURIComponent(id)}`);
  const [completion, setCompletion] = useState<ModuleCompletion | null | undefined>(undefined);

  if (error) {
    return (
      <Notice
        tone="error"
        requestId={error.status >= 500 ? error.requestId : undefined}
        action={
          error.status === 404 || error.status === 403 ? (
            <a class={buttonClass("secondary")} href={coursePaths.catalog}>
              {tc("courses.module.back")}
            </a>
          ) : (
            <Button icon="refresh" onClick={reload}>
              {tc("common.retry")}
            </Button>
          )
        }
      >
        {error.status === 404 || error.status === 403 ? tc("courses.module.notFound") : error.message}
      </Notice>
    );
  }
  if (!data) return <Loading label={tc("app.loading")} minHeight={20} />;
  const m = data.module;
  const v = m.published;
  if (!v) return <Notice tone="warning">{tc("courses.module.notFound")}</Notice>;
  return <Content module={m} version={v} completion={completion === undefined ? m.myCompletion : completion} onComplete={setCompletion} />;
}

function Content({
  module: m,
  version: v,
  completion,
  onComplete,
}: {
  module: Module;
  version: ModuleVersion;
  completion: ModuleCompletion | null;
  onComplete: (c: ModuleCompletion) => void;
}) {
  return (
    <article class={[detail.page, styles.page].join(" ")} aria-labelledby="module-title">
      <a class={[detail.back, styles.back].join(" ")} href={coursePaths.catalog}>
        <Icon name="chevronLeft" size={1.125} />
        <span>{tc("courses.module.back")}</span>
      </a>
      <header class={detail.head}>
        {v.tags.length > 0 || completion ? (
          <p class={detail.badges}>
            {completion ? (
              <Badge tone="green" icon="checkCircle">
                {tc("courses.completed")}
              </Badge>
            ) : null}
            {v.tags.map((tag) => (
              <Badge key={tag} tone="red">
                {tag}
              </Badge>
            ))}
          </p>
        ) : null}
        <h1 id="module-title" class={detail.title}>
          {v.title}
        </h1>
        {v.summary ? <p class={detail.summary}>{v.summary}</p> : null}
      </header>

      <dl class={styles.facts} aria-label={tc("courses.module.facts")}>
        <div>
          <dt>{tc("courses.module.hours")}</dt>
          <dd class={styles.factBig}>{hoursText(v.hoursTenths)}</dd>
        </div>
        <div>
          <dt>{tc("courses.module.duration")}</dt>
          <dd class={styles.factBig}>{durationText(v.durationMin)}</dd>
        </div>
        <div class={styles.factWide}>
          <dt>{tc("courses.module.lecturer")}</dt>
          <dd>
            {m.ownerName}
            <span class={styles.org}>{m.orgName}</span>
          </dd>
        </div>
      </dl>

      {v.media.kind !== "none" ? <Media media={v.media} /> : null}

      {v.bodyHtml ? (
        <section class={styles.section} aria-labelledby="body-title">
          <h2 id="body-title" class={detail.sectionTitle}>
            {tc("courses.module.body")}
          </h2>
          <Body html={v.bodyHtml} />
        </section>
      ) : null}

      {v.selfPaced ? <SelfStudy module={m} version={v} completion={completion} onComplete={onComplete} /> : null}

      <Sessions moduleId={m.id} />
    </article>
  );
}

/**
 * The body as the server rendered it from Markdown (raw HTML already escaped there), cleaned once
 * more here before it becomes HTML: a second lock on the same door. Links leave the app in a new tab.
 */
function Body({ html }: { html: string }) {
  const clean = useMemo(() => {
    const out = DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ["style", "form", "input", "button"] });
    const doc = new DOMParser().parseFromString(`<div>${out}</div>`, "text/html");
    for (const a of doc.querySelectorAll("a[href]")) {
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
    }
    return doc.body.firstElementChild?.innerHTML ?? "";
  }, [html]);
  // Rendered from Markdown on the server and sanitized again by DOMPurify just above.
  return <div class={styles.body} dangerouslySetInnerHTML={{ __html: clean }} />;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The module's media: a link out, or its uploaded file — a video plays here (loaded only when played), a picture shows, the rest open or download. */
function Media({ media }: { media: Exclude<ModuleMedia, { kind: "none" }> }) {
  return (
    <section class={styles.section} aria-labelledby="media-title">
      <h2 id="media-title" class={detail.sectionTitle}>
        {tc("courses.module.media")}
      </h2>
      {media.kind === "link" ? (
        <div class={styles.media}>
          <a class={buttonClass("primary", "lg", true)} href={media.url} target="_blank" rel="noopener noreferrer">
            <Icon name="link" />
            <span>{tc("courses.module.media.link")}</span>
          </a>
          <p class={styles.mediaNote}>{tc("courses.module.media.linkNote", { host: hostOf(media.url) })}</p>
        </div>
      ) : media.type.startsWith("video/") ? (
        <div class={styles.media}>
          {/* biome-ignore lint/a11y/useMediaCaption: lecturers upload recordings without caption files; the body carries the text */}
          <video class={styles.video} controls preload="none" src={media.url}>
            <a href={media.url}>{tc("courses.module.media.videoFallback")}</a>
          </video>
          <FileLine media={media} download />
        </div>
      ) : media.type.startsWith("image/") ? (
        <div class={styles.media}>
          <img class={styles.image} src={media.url} alt={media.name} loading="lazy" />
          <FileLine media={media} />
        </div>
      ) : (
        <div class={styles.media}>
          <FileLine media={media} primary />
        </div>
      )}
    </section>
  );
}

function FileLine({
  media,
  primary = false,
  download = false,
}: {
  media: Extract<ModuleMedia, { kind: "file" }>;
  primary?: boolean;
  download?: boolean;
}) {
  // A PDF or a picture opens in the phone's own viewer; other files (slides, documents) download.
  const opens = !download && (media.type === "application/pdf" || media.type.startsWith("image/"));
  return (
    <a
      class={[styles.file, primary ? styles.filePrimary : ""].join(" ")}
      href={media.url}
      target={opens ? "_blank" : undefined}
      rel={opens ? "noopener" : undefined}
      download={opens ? undefined : media.name}
    >
      <Icon name={opens ? "file" : "download"} size={1.5} />
      <span class={styles.fileText}>
        <span class={styles.fileName}>{media.name}</span>
        <span class={styles.fileMeta}>
          {tc(opens ? "courses.module.media.open" : "courses.module.media.download")} · {sizeText(media.bytes)}
        </span>
      </span>
      <Icon name="chevronRight" size={1.125} />
    </a>
  );
}

/** Self-paced study: done (and how), or the way to finish — the quiz, or 我已学完 on one's honour. */
function SelfStudy({
  module: m,
  version: v,
  completion,
  onComplete,
}: {
  module: Module;
  version: ModuleVersion;
  completion: ModuleCompletion | null;
  onComplete: (c: ModuleCompletion) => void;
}) {
  const [open, setOpen] = useState(false);
  const [credit, setCredit] = useState<CompletionResult["credit"]>(null);
  const complete = useAction(() => api.post<CompletionResult>(`/api/modules/${encodeURIComponent(m.id)}/complete`, { confirm: true }));
  const hours = hoursText(v.hoursTenths);

  const confirm = async () => {
    const result = await complete.run();
    if (!result) return;
    setOpen(false);
    setCredit(result.credit);
    onComplete(result.completion);
  };

  if (completion) {
    return (
      <section class={[styles.study, styles.studyDone].join(" ")} aria-labelledby="study-title">
        <h2 id="study-title" class={styles.studyTitle}>
          <Icon name="checkCircle" size={1.5} />
          <span>{tc("courses.module.done", { hours })}</span>
        </h2>
        <p class={styles.studyBody}>
          {credit
            ? tc("courses.module.credit", { hours: hoursText(credit.hoursTenths), points: credit.points })
            : `${tc("courses.module.doneAt", { time: formatMoment(completion.completedAt) })} · ${
                completion.method === "quiz"
                  ? tc("courses.module.doneBy.quiz", { score: completion.quizScorePct ?? 0 })
                  : tc("courses.module.doneBy.confirm")
              }`}
        </p>
      </section>
    );
  }
  return (
    <section class={styles.study} aria-labelledby="study-title">
      <h2 id="study-title" class={detail.sectionTitle}>
        {tc("courses.module.selfStudy")}
      </h2>
      <p class={styles.studyBody}>
        {v.quiz
          ? tc("courses.module.selfStudy.quiz", { count: v.quiz.count, pass: v.quiz.passPct, hours })
          : tc("courses.module.selfStudy.confirm", { hours })}
      </p>
      {v.quiz ? (
        <a class={buttonClass("primary", "lg", true)} href={coursePaths.quiz(m.id)}>
          <Icon name="practice" />
          <span>{tc("courses.module.quiz.start")}</span>
        </a>
      ) : (
        <Button variant="primary" size="lg" block icon="check" onClick={() => setOpen(true)}>
          {tc("courses.module.confirm.button")}
        </Button>
      )}
      <Dialog
        open={open}
        title={tc("courses.module.confirm.title")}
        onClose={() => {
          setOpen(false);
          complete.reset();
        }}
        size="sm"
        footer={
          <>
            <Button onClick={() => setOpen(false)}>{tc("common.cancel")}</Button>
            <Button variant="primary" pending={complete.pending} pendingLabel={tc("courses.module.confirm.pending")} onClick={confirm}>
              {tc("courses.module.confirm.ok")}
            </Button>
          </>
        }
      >
        <p class={styles.honour}>{tc("courses.module.confirm.body", { title: v.title, hours })}</p>
        {complete.error ? (
          <Notice tone="error" requestId={complete.error.status >= 500 ? complete.error.requestId : undefined}>
            {complete.error.message}
          </Notice>
        ) : null}
      </Dialog>
    </section>
  );
}

function Sessions({ moduleId }: { moduleId: string }) {
  const { data, error } = useResource<CourseSessionList>(`/api/sessions${query({ moduleId })}`);
  return (
    <section class={styles.section} aria-labelledby="sessions-title">
      <h2 id="sessions-title" class={detail.sectionTitle}>
        {tc("courses.module.sessions")}
      </h2>
      {error ? (
        <Notice tone="error">{error.message}</Notice>
      ) : !data ? (
        <Loading label={tc("app.loading")} minHeight={6} />
      ) : data.sessions.length === 0 ? (
        <p class={styles.none}>{tc("courses.module.noSessions")}</p>
      ) : (
        <ul class={styles.sessions}>
          {data.sessions.map((s) => (
            <li key={s.id}>
              <SessionCard session={s} now={data.serverTime} showTitle={false} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useEffect, useMemo, useState } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Checkbox, SelectField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { TeachTabs } from "../../components/TeachTabs";
import { TeachShell } from "../../components/TeachTabs/shell";
import { tc } from "../../i18n/courses.zh-CN";
import { formatShortDateTime, isoTime } from "../../lib/format";
import { useActiveRole, useSession } from "../../lib/session";
import { formatHours, moduleBadges, modulesTitle, teachPaths } from "../../lib/teach";
import type { LecturerFeedback, Me, ModuleList, ModuleSummary } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { ArchiveDialog } from "./archive";
import styles from "./style.module.css";

export default function TeachModules() {
  const role = useActiveRole(useSession().me);
  return <TeachShell title={modulesTitle(role)}>{(me) => <ModulesPage me={me} />}</TeachShell>;
}

const statusOptions = ["", "draft", "submitted", "rejected", "published", "archived"] as const;

function ModulesPage({ me }: { me: Me }) {
  const role = useActiveRole(me);
  const [status, setStatus] = useState<(typeof statusOptions)[number]>("");
  const [search, setSearch] = useState("");
  // A lecturer looks for their own modules; an organizer for everything in the orgs they manage.
  const [mineOnly, setMineOnly] = useState(role === "lecturer");
  // The active role can settle after the first render (a phone restores the role last chosen).
  useEffect(() => setMineOnly(role === "lecturer"), [role]);
  const { data, error, loading, reload } = useResource<ModuleList>(`/api/modules${status ? `?status=${status}` : ""}`);
  // Members' ratings of the sessions the caller gave, per module: what a lecturer wants to see beside their modules.
  const { data: feedback } = useResource<LecturerFeedback>("/api/sessions/feedback/mine");
  const ratings = useMemo(() => new Map((feedback?.modules ?? []).map((f) => [f.moduleId, f])), [feedback]);
  const [archiving, setArchiving] = useState<ModuleSummary | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const modules = useMemo(() => {
    const q = search.trim();
    return (data?.modules ?? []).filter(
      (m) => (!mineOnly || m.ownerId === me.id) && (!q || m.title.includes(q) || m.ownerName.includes(q)),
    );
  }, [data, search, mineOnly, me.id]);

  const create = (
    <a class={buttonClass("primary")} href={teachPaths.newModule}>
      <Icon name="plus" />
      <span>{tc("courses.teach.modules.create")}</span>
    </a>
  );

  return (
    <div class={admin.page}>
      <PageHeader
        title={modulesTitle(role)}
        description={tc(role === "organizer" ? "courses.teach.modules.introManage" : "courses.teach.modules.intro")}
        actions={create}
      />
      <TeachTabs />
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {error ? (
        <Notice
          tone="error"
          requestId={error.requestId}
          action={
            <Button icon="refresh" onClick={reload}>
              {tc("common.retry")}
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : !data ? (
        <Loading label={tc("app.loading")} minHeight={16} />
      ) : data.modules.length === 0 && !status ? (
        <EmptyState icon="course" title={tc("courses.teach.modules.emptyTitle")} action={create}>
          {tc("courses.teach.modules.emptyBody")}
        </EmptyState>
      ) : (
        <section class={admin.card} aria-labelledby="modules-title">
          <div class={admin.cardHead}>
            <h2 id="modules-title" class={admin.sectionTitle}>
              {tc("courses.teach.modules.list")}
              <span class={admin.sectionCount}>{tc("courses.teach.countModules", { n: modules.length })}</span>
            </h2>
          </div>
          <form class={styles.filters} onSubmit={(event) => event.preventDefault()} aria-label={tc("courses.teach.filters")}>
            <TextField
              label={tc("courses.teach.modules.search")}
              type="search"
              placeholder={tc("courses.teach.modules.searchPlaceholder")}
              value={search}
              onValue={setSearch}
              autoComplete="off"
            />
            <SelectField
              label={tc("courses.teach.modules.statusFilter")}
              value={status}
              onValue={(v) => setStatus(v as typeof status)}
              options={statusOptions.map((value) => ({ value, label: tc(value ? `courses.teach.filter.${value}` : "common.all") }))}
            />
            <Checkbox class={styles.mine} label={tc("courses.teach.modules.mineOnly")} checked={mineOnly} onValue={setMineOnly} />
          </form>
          {modules.length === 0 ? (
            <p class={admin.empty}>{tc("courses.teach.noMatch")}</p>
          ) : (
            <ul class={styles.list} aria-busy={loading ? "true" : undefined}>
              {modules.map((m) => (
                <ModuleRow key={m.id} module={m} me={me} rating={ratings.get(m.id)} onArchive={() => setArchiving(m)} />
              ))}
            </ul>
          )}
        </section>
      )}
      {archiving ? (
        <ArchiveDialog
          module={archiving}
          onClose={() => setArchiving(null)}
          onDone={() => {
            setFlash(tc("courses.teach.archive.done", { title: archiving.title }));
            setArchiving(null);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

type Rating = LecturerFeedback["modules"][number];

function ModuleRow({
  module: m,
  me,
  rating,
  onArchive,
}: {
  module: ModuleSummary;
  me: Me;
  rating: Rating | undefined;
  onArchive: () => void;
}) {
  const badges = moduleBadges(m);
  const reviewable = m.canReview && m.status === "submitted";
  const href = m.canEdit ? teachPaths.module(m.id) : teachPaths.reviewModule(m.id);
  return (
    <li class={styles.row}>
      <div class={styles.main}>
        <div class={styles.titleRow}>
          <a class={styles.name} href={href}>
            {m.title}
          </a>
          {badges.map((b) => (
            <Badge key={b.label} tone={b.tone} icon={b.icon}>
              {b.label}
            </Badge>
          ))}
        </div>
        <p class={styles.meta}>
          <span>{m.orgName}</span>
          {m.ownerId !== me.id ? <span>{tc("courses.teach.modules.by", { name: m.ownerName })}</span> : null}
          <span class="num">{tc("courses.teach.hoursValue", { h: formatHours(m.hours) })}</span>
          {m.selfPaced ? <span>{tc("courses.teach.modules.selfPaced")}</span> : null}
          {m.tags.length > 0 ? <span>{m.tags.join(" · ")}</span> : null}
          {rating?.average != null ? (
            <span class="num">{tc("courses.teach.modules.rating", { avg: rating.average.toFixed(1), n: rating.count })}</span>
          ) : null}
          <time dateTime={isoTime(m.updatedAt)}>{tc("courses.teach.modules.updated", { at: formatShortDateTime(m.updatedAt) })}</time>
        </p>
        {m.reviewNote ? (
          <p class={styles.note}>
            <Icon name="alert" size={1} />
            <span>
              <strong>{tc("courses.teach.modules.rejectNote")}</strong>
              {m.reviewNote}
            </span>
          </p>
        ) : null}
      </div>
      <div class={styles.actions}>
        {reviewable ? (
          <a class={buttonClass("primary", "sm")} href={teachPaths.reviewModule(m.id)}>
            <Icon name="checkCircle" size={1} />
            <span>{tc("courses.teach.modules.review")}</span>
          </a>
        ) : null}
        {m.canEdit && m.status !== "archived" ? (
          <a
            class={buttonClass("secondary", "sm")}
            href={teachPaths.module(m.id)}
            aria-label={tc(m.status === "submitted" ? "courses.teach.modules.viewOf" : "courses.teach.modules.editOf", { title: m.title })}
          >
            <Icon name={m.status === "submitted" ? "eye" : "edit"} size={1} />
            <span>{m.status === "submitted" ? tc("courses.teach.modules.view") : tc("courses.teach.modules.edit")}</span>
          </a>
        ) : null}
        {m.publishedVersion !== null && m.status !== "archived" ? (
          <a
            class={buttonClass("secondary", "sm")}
            href={teachPaths.newSession(m.id)}
            aria-label={tc("courses.teach.modules.scheduleOf", { title: m.title })}
          >
            <Icon name="calendar" size={1} />
            <span>{tc("courses.teach.modules.schedule")}</span>
          </a>
        ) : null}
        {m.canEdit && m.status !== "archived" ? (
          <Button
            size="sm"
            variant="quiet"
            icon="lock"
            onClick={onArchive}
            aria-label={tc("courses.teach.modules.archiveOf", { title: m.title })}
          >
            {tc("courses.teach.modules.archive")}
          </Button>
        ) : null}
      </div>
    </li>
  );
}

import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { CourseTabs } from "../../components/CourseTabs";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { cardStyles, SessionCard } from "../../components/SessionCard";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import type { ApiError } from "../../lib/api";
import { query } from "../../lib/api";
import { coursePaths, courseTags, durationText, hoursText, isCourseTag, type WhenFilter, whenFilters, whenRange } from "../../lib/courses";
import type { CatalogModule, CourseSessionList, ModuleCatalog } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function Courses() {
  return (
    <AppShell title={tc("courses.title")} requiredRole="member">
      {() => <Catalog />}
    </AppShell>
  );
}

type View = "sessions" | "modules";

/**
 * 课程: the sessions a member may attend (soonest first, with seats left and their own state) and the
 * modules they may take, filtered by tag and, for sessions, by date. The filters live in the address,
 * so going back from a session returns to the same list.
 */
function Catalog() {
  const { query: params, path, route } = useLocation();
  const view: View = params.view === "modules" ? "modules" : "sessions";
  const tag = isCourseTag(params.tag) ? params.tag : undefined;
  const when: WhenFilter = (whenFilters as readonly string[]).includes(params.when ?? "") ? (params.when as WhenFilter) : "all";

  const go = (next: { view?: View; tag?: string | undefined; when?: WhenFilter }) => {
    const merged = { view, tag, when, ...next };
    route(
      `${path}${query({ view: merged.view === "sessions" ? undefined : merged.view, tag: merged.tag, when: merged.when === "all" ? undefined : merged.when })}`,
      true,
    );
  };

  return (
    <div class={styles.page}>
      <PageHeader title={tc("courses.title")} description={tc("courses.intro")} />
      <CourseTabs />
      <Chips
        label={tc("courses.filter.tag")}
        options={[{ value: "", label: tc("courses.filter.allTags") }, ...courseTags.map((t) => ({ value: t, label: t }))]}
        value={tag ?? ""}
        onValue={(value) => go({ tag: value || undefined })}
      />
      {view === "sessions" ? (
        <>
          <Chips
            label={tc("courses.filter.when")}
            options={whenFilters.map((w) => ({ value: w, label: tc(`courses.when.${w}`) }))}
            value={when}
            onValue={(value) => go({ when: value as WhenFilter })}
          />
          <SessionList
            tag={tag}
            when={when}
            onClear={() => go({ tag: undefined, when: "all" })}
            onModules={() => go({ view: "modules" })}
          />
        </>
      ) : (
        <ModuleList tag={tag} onClear={() => go({ tag: undefined })} />
      )}
    </div>
  );
}

/** A row of toggle buttons, one pressed; scrolls sideways on a narrow phone rather than wrapping into a wall. */
function Chips({
  label,
  options,
  value,
  onValue,
}: {
  label: string;
  options: { value: string; label: string }[];
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <fieldset class={styles.filter}>
      <legend class="visually-hidden">{label}</legend>
      <span class={styles.filterLabel} aria-hidden="true">
        {label}
      </span>
      <div class={styles.chips}>
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            class={styles.chip}
            aria-pressed={option.value === value}
            onClick={() => onValue(option.value)}
          >
            {option.value === value ? <Icon name="check" size={0.875} strokeWidth={2.4} /> : null}
            <span>{option.label}</span>
          </button>
        ))}
      </div>
    </fieldset>
  );
}

function Failed({ error, reload }: { error: ApiError; reload: () => void }) {
  return (
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
  );
}

function SessionList({
  tag,
  when,
  onClear,
  onModules,
}: {
  tag: string | undefined;
  when: WhenFilter;
  onClear: () => void;
  onModules: () => void;
}) {
  const range = whenRange(when);
  // Day-aligned, so the address of the request (and the list) stays put between renders.
  const { data, error, reload } = useResource<CourseSessionList>(`/api/sessions${query({ tag, from: range?.from, to: range?.to })}`);
  if (error) return <Failed error={error} reload={reload} />;
  if (!data) return <Loading label={tc("app.loading")} minHeight={16} />;
  const filtered = tag !== undefined || when !== "all";
  if (data.sessions.length === 0) {
    return filtered ? (
      <EmptyState
        icon="filter"
        title={tc("courses.sessions.emptyFiltered.title")}
        action={
          <Button variant="secondary" onClick={onClear}>
            {tc("courses.clearFilters")}
          </Button>
        }
      >
        {tc("courses.sessions.emptyFiltered.body")}
      </EmptyState>
    ) : (
      <EmptyState
        icon="calendar"
        title={tc("courses.sessions.empty.title")}
        action={
          <Button variant="secondary" onClick={onModules}>
            {tc("courses.view.modules")}
          </Button>
        }
      >
        {tc("courses.sessions.empty.body")}
      </EmptyState>
    );
  }
  return (
    <section aria-label={tc("courses.view.sessions")} class={styles.section}>
      <p class={styles.count} aria-live="polite">
        {tc("courses.count.sessions", { n: data.sessions.length })}
      </p>
      <ul class={styles.list}>
        {data.sessions.map((s) => (
          <li key={s.id}>
            <SessionCard session={s} now={data.serverTime} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ModuleList({ tag, onClear }: { tag: string | undefined; onClear: () => void }) {
  const { data, error, reload } = useResource<ModuleCatalog>(`/api/catalog/modules${query({ tag })}`);
  if (error) return <Failed error={error} reload={reload} />;
  if (!data) return <Loading label={tc("app.loading")} minHeight={16} />;
  if (data.modules.length === 0) {
    return tag ? (
      <EmptyState
        icon="filter"
        title={tc("courses.modules.emptyFiltered.title")}
        action={
          <Button variant="secondary" onClick={onClear}>
            {tc("courses.clearFilters")}
          </Button>
        }
      >
        {tc("courses.modules.emptyFiltered.body")}
      </EmptyState>
    ) : (
      <EmptyState icon="course" title={tc("courses.modules.empty.title")}>
        {tc("courses.modules.empty.body")}
      </EmptyState>
    );
  }
  return (
    <section aria-label={tc("courses.view.modules")} class={styles.section}>
      <p class={styles.count} aria-live="polite">
        {tc("courses.count.modules", { n: data.modules.length })}
      </p>
      <ul class={styles.list}>
        {data.modules.map((m) => (
          <li key={m.id}>
            <ModuleCard module={m} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ModuleCard({ module: m }: { module: CatalogModule }) {
  const titleId = `module-${m.id}`;
  return (
    <a class={cardStyles.card} href={coursePaths.module(m.id)} aria-labelledby={titleId}>
      <h3 id={titleId} class={cardStyles.cardTitle}>
        {m.title}
      </h3>
      {m.summary ? <p class={cardStyles.summary}>{m.summary}</p> : null}
      <p class={cardStyles.meta}>
        <span class={cardStyles.metaItem}>
          <Icon name="clock" size={1} />
          <span>
            {tc("courses.hours", { n: hoursText(m.hoursTenths) })} · {durationText(m.durationMin)}
          </span>
        </span>
        <span class={cardStyles.metaItem}>
          <Icon name="tree" size={1} />
          <span>{m.orgName}</span>
        </span>
      </p>
      <div class={cardStyles.foot}>
        <span class={cardStyles.badges}>
          {m.completed ? (
            <Badge tone="green" icon="checkCircle">
              {tc("courses.completed")}
            </Badge>
          ) : null}
          {m.tags.map((tag) => (
            <Badge key={tag} tone="red">
              {tag}
            </Badge>
          ))}
          {m.selfPaced ? (
            <Badge tone="blue" icon={m.hasQuiz ? "practice" : "book"}>
              {tc(m.hasQuiz ? "courses.hasQuiz" : "courses.selfPaced")}
            </Badge>
          ) : null}
        </span>
        {m.upcomingSessions > 0 ? <span class={cardStyles.seats}>{tc("courses.upcomingSessions", { n: m.upcomingSessions })}</span> : null}
      </div>
    </a>
  );
}

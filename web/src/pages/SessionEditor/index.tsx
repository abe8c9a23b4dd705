import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { Button, buttonClass } from "../../components/Button";
import { Choices } from "../../components/Choices";
import { Checkbox, SelectField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { TeachShell } from "../../components/TeachTabs/shell";
import { tc } from "../../i18n/courses.zh-CN";
import { api } from "../../lib/api";
import { formatDateTime, fromLocalInput, nextWholeHour, toLocalInput } from "../../lib/format";
import { useActiveRole, useSession } from "../../lib/session";
import { formatHours, modulesTitle, readNumber, teachPaths } from "../../lib/teach";
import type {
  CourseSession,
  CourseSessionResponse,
  CreateSessionBody,
  Me,
  ModuleList,
  ModuleSummary,
  Org,
  OrgList,
  SessionLecturerOptions,
  UpdateSessionBody,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A session's length when its module gives none. */
const DEFAULT_LENGTH = 90 * MINUTE;

export default function SessionEditor() {
  const { params } = useRoute();
  const id = params.id ?? null;
  return (
    <TeachShell title={tc(id ? "courses.teach.sessionForm.editTitle" : "courses.teach.sessionForm.newTitle")}>
      {(me) => <EditorPage key={id ?? "new"} id={id} me={me} />}
    </TeachShell>
  );
}

function EditorPage({ id, me }: { id: string | null; me: Me }) {
  const { query } = useLocation();
  const session = useResource<CourseSessionResponse>(id ? `/api/sessions/${encodeURIComponent(id)}` : null);
  const modules = useResource<ModuleList>(id ? null : "/api/modules?status=published");
  const orgs = useResource<OrgList>("/api/orgs");
  const failed = session.error ?? modules.error ?? orgs.error;
  const crumbs = (
    <nav class={admin.crumbs} aria-label={tc("courses.teach.crumbs")}>
      <a href={teachPaths.sessions}>{tc("courses.teach.sessions.title")}</a>
      <Icon name="chevronRight" size={0.875} />
      <span class={admin.crumbHere}>{tc(id ? "courses.teach.sessionForm.editTitle" : "courses.teach.sessionForm.newTitle")}</span>
    </nav>
  );
  if (failed)
    return (
      <div class={admin.page}>
        {crumbs}
        <Notice tone={failed.status === 404 ? "warning" : "error"} requestId={failed.requestId}>
          {failed.message}
        </Notice>
      </div>
    );
  if ((id && !session.data) || (!id && !modules.data) || !orgs.data) return <Loading label={tc("app.loading")} minHeight={20} />;
  // Modules this person may schedule: their own, or any in an org they organize.
  const schedulable = (modules.data?.modules ?? []).filter((m) => m.publishedVersion !== null && (m.ownerId === me.id || m.canReview));
  return (
    <div class={[admin.page, styles.page].join(" ")}>
      {crumbs}
      <SessionForm
        session={session.data?.session ?? null}
        modules={schedulable}
        moduleId={query.module ?? ""}
        managedOrgs={orgs.data.orgs.filter((o) => o.canManage)}
      />
    </div>
  );
}

type Props = { session: CourseSession | null; modules: ModuleSummary[]; moduleId: string; managedOrgs: Org[] };

/** How long a new session of the module lasts unless the lecturer says otherwise: the published version's length. */
function lengthOf(module: ModuleSummary | undefined): number {
  const minutes = module?.published?.durationMin ?? module?.durationMin ?? 0;
  return minutes > 0 ? minutes * MINUTE : DEFAULT_LENGTH;
}

function SessionForm({ session, modules, moduleId, managedOrgs }: Props) {
  const { route } = useLocation();
  const role = useActiveRole(useSession().me);
  const start = session?.startsAt ?? nextWholeHour() + DAY;
  const [module, setModule] = useState(session?.moduleId ?? (modules.some((m) => m.id === moduleId) ? moduleId : (modules[0]?.id ?? "")));
  const moduleOf = (id: string) => modules.find((m) => m.id === id);
  // "": the module's owner (the server's default); else the person chosen.
  const [lecturer, setLecturer] = useState(session?.lecturer.id ?? "");
  const lecturers = useResource<SessionLecturerOptions>(module ? `/api/modules/${encodeURIComponent(module)}/lecturers` : null);
  const [kind, setKind] = useState<"offline" | "online">(session?.kind ?? "offline");
  const [place, setPlace] = useState(session?.place ?? "");
  const [link, setLink] = useState(session?.link ?? "");
  const [capacity, setCapacity] = useState(session?.capacity != null ? String(session.capacity) : session ? "" : "40");
  const [startsAt, setStartsAt] = useState(toLocalInput(start));
  const [endsAt, setEndsAt] = useState(toLocalInput(session?.endsAt ?? start + lengthOf(moduleOf(module))));
  const [endTouched, setEndTouched] = useState(session !== null);
  const [opens, setOpens] = useState(session ? toLocalInput(session.enrollOpensAt) : "");
  const [closes, setCloses] = useState(session ? toLocalInput(session.enrollClosesAt) : "");
  const [cancel, setCancel] = useState(session ? toLocalInput(session.cancelClosesAt) : "");
  const [walkIns, setWalkIns] = useState(session?.walkIns ?? true);
  const [required, setRequired] = useState<string[]>(session?.requiredOrgs.map((o) => o.id) ?? []);
  const [local, setLocal] = useState<Record<string, string>>({});

  const action = useAction(async (body: CreateSessionBody | UpdateSessionBody) =>
    session
      ? api.patch<CourseSessionResponse>(`/api/sessions/${encodeURIComponent(session.id)}`, body)
      : api.post<CourseSessionResponse>(`/api/modules/${encodeURIComponent(module)}/sessions`, body),
  );

  const onStart = (value: string) => {
    setStartsAt(value);
    // The end follows the start by the same length until the lecturer sets it.
    const s = fromLocalInput(value);
    const previous = fromLocalInput(startsAt);
    const e = fromLocalInput(endsAt);
    if (!endTouched && Number.isFinite(s))
      setEndsAt(toLocalInput(s + (Number.isFinite(e - previous) && e > previous ? e - previous : lengthOf(moduleOf(module)))));
  };
  const onModule = (id: string) => {
    setModule(id);
    // Another module: its owner gives it unless someone else is chosen, and it lasts its own length.
    setLecturer("");
    const s = fromLocalInput(startsAt);
    if (!endTouched && Number.isFinite(s)) setEndsAt(toLocalInput(s + lengthOf(moduleOf(id))));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const s = fromLocalInput(startsAt);
    const e = fromLocalInput(endsAt);
    const cap = capacity.trim() === "" ? null : readNumber(capacity);
    if (!session && !module) found.module = tc("courses.teach.sessionForm.error.module");
    if (kind === "offline" && !place.trim()) found.place = tc("courses.teach.sessionForm.error.place");
    if (kind === "online" && !/^https?:\/\/\S+$/i.test(link.trim())) found.link = tc("courses.teach.sessionForm.error.link");
    if (kind === "offline" && cap === null) found.capacity = tc("courses.teach.sessionForm.error.capacity");
    if (cap !== null && !(Number.isInteger(cap) && cap >= 1)) found.capacity = tc("courses.teach.sessionForm.error.capacity");
    if (!Number.isFinite(s)) found.startsAt = tc("courses.teach.sessionForm.error.time");
    if (!Number.isFinite(e)) found.endsAt = tc("courses.teach.sessionForm.error.time");
    else if (e <= s) found.endsAt = tc("courses.teach.sessionForm.error.order");
    const optional = (value: string, key: string) => {
      if (!value) return undefined;
      const ms = fromLocalInput(value);
      if (!Number.isFinite(ms)) found[key] = tc("courses.teach.sessionForm.error.time");
      return ms;
    };
    const o = optional(opens, "enrollOpensAt");
    const c = optional(closes, "enrollClosesAt");
    const x = optional(cancel, "cancelClosesAt");
    if (c !== undefined && Number.isFinite(s) && c > s) found.enrollClosesAt = tc("courses.teach.sessionForm.error.closesAfterStart");
    if (o !== undefined && c !== undefined && o > c) found.enrollOpensAt = tc("courses.teach.sessionForm.error.opensAfterCloses");
    if (x !== undefined && Number.isFinite(s) && x > s) found.cancelClosesAt = tc("courses.teach.sessionForm.error.cancelAfterStart");
    setLocal(found);
    action.reset();
    if (Object.keys(found).length > 0) return;
    const body: CreateSessionBody = {
      kind,
      place: kind === "offline" ? place.trim() : null,
      link: kind === "online" ? link.trim() : null,
      startsAt: s,
      endsAt: e,
      capacity: cap,
      ...(o !== undefined ? { enrollOpensAt: o } : {}),
      ...(c !== undefined ? { enrollClosesAt: c } : {}),
      ...(x !== undefined ? { cancelClosesAt: x } : {}),
      walkIns,
      ...(lecturer && lecturer !== session?.lecturer.id ? { lecturerId: lecturer } : {}),
      ...(managedOrgs.length > 0 || required.length > 0 ? { requiredOrgIds: required } : {}),
    };
    const result = await action.run(body);
    if (result) route(teachPaths.session(result.session.id));
  };

  const fields = action.error?.fieldErrors ?? {};
  const error = (path: string) => local[path] ?? fields[path];
  const chosen = moduleOf(module);
  const lecturerOptions = (() => {
    const people = lecturers.data?.lecturers ?? [];
    const owner = people.find((p) => p.owner);
    const options = people.map((p) => ({
      value: p.owner && !session ? "" : p.id,
      label: p.owner
        ? tc("courses.teach.sessionForm.lecturerOwner", { name: p.name })
        : tc("courses.teach.sessionForm.lecturerOption", {
            name: p.name,
            org: p.orgName,
            role: tc(`courses.teach.sessionForm.lecturerRole.${p.role}`),
          }),
    }));
    // The lecturer of a session may since have left the list; they still show as chosen.
    if (session && !people.some((p) => p.id === session.lecturer.id))
      options.unshift({ value: session.lecturer.id, label: session.lecturer.name });
    if (!session && !owner) options.unshift({ value: "", label: tc("courses.teach.sessionForm.lecturerDefault") });
    return options;
  })();

  if (!session && modules.length === 0)
    return (
      <>
        <PageHeader title={tc("courses.teach.sessionForm.newTitle")} />
        <Notice
          tone="info"
          title={tc("courses.teach.sessionForm.noModulesTitle")}
          action={
            <a class={buttonClass("primary")} href={teachPaths.modules}>
              {modulesTitle(role)}
            </a>
          }
        >
          {tc("courses.teach.sessionForm.noModules")}
        </Notice>
      </>
    );

  return (
    <form class={styles.form} onSubmit={submit} noValidate>
      <PageHeader
        title={tc(session ? "courses.teach.sessionForm.editTitle" : "courses.teach.sessionForm.newTitle")}
        description={session ? session.title : tc("courses.teach.sessionForm.intro")}
      />
      {action.error ? (
        <Notice tone="error" requestId={action.error.requestId}>
          {Object.keys(fields).length > 0 ? tc("error.fixFields") : action.error.message}
        </Notice>
      ) : Object.keys(local).length > 0 ? (
        <Notice tone="error">{tc("error.fixFields")}</Notice>
      ) : null}
      <div class={styles.sheet}>
        <section class={styles.step} aria-labelledby="s-what">
          <h2 id="s-what" class={styles.stepTitle}>
            <span class={styles.stepNo}>1</span>
            {tc("courses.teach.sessionForm.what")}
          </h2>
          {session ? (
            <p class={styles.fixed}>{session.title}</p>
          ) : (
            <SelectField
              label={tc("courses.teach.sessionForm.module")}
              value={module}
              onValue={onModule}
              error={error("module")}
              options={modules.map((m) => ({ value: m.id, label: m.title }))}
              hint={
                chosen
                  ? tc("courses.teach.sessionForm.moduleHint", {
                      org: chosen.orgName,
                      h: formatHours(chosen.published?.hours ?? chosen.hours),
                    })
                  : undefined
              }
            />
          )}
          {lecturers.error ? null : (
            <SelectField
              label={tc("courses.teach.sessionForm.lecturer")}
              value={lecturer}
              onValue={setLecturer}
              error={error("lecturerId")}
              disabled={!lecturers.data}
              options={lecturerOptions}
              hint={tc("courses.teach.sessionForm.lecturerHint")}
            />
          )}
          <Choices
            name="kind"
            label={tc("courses.teach.sessionForm.kind")}
            value={kind}
            onValue={(v) => setKind(v as "offline" | "online")}
            options={[
              { value: "offline", title: tc("courses.teach.sessionForm.offline"), body: tc("courses.teach.sessionForm.offlineBody") },
              { value: "online", title: tc("courses.teach.sessionForm.online"), body: tc("courses.teach.sessionForm.onlineBody") },
            ]}
          />
          <div class={styles.pair}>
            {kind === "offline" ? (
              <TextField
                label={tc("courses.teach.sessionForm.place")}
                value={place}
                onValue={setPlace}
                error={error("place")}
                placeholder={tc("courses.teach.sessionForm.placePlaceholder")}
                maxLength={200}
                class={styles.wide}
              />
            ) : (
              <TextField
                label={tc("courses.teach.sessionForm.link")}
                type="url"
                inputMode="url"
                value={link}
                onValue={setLink}
                error={error("link")}
                placeholder="https://"
                maxLength={500}
                class={styles.wide}
              />
            )}
            <TextField
              label={tc("courses.teach.sessionForm.capacity")}
              tag={kind === "online" ? tc("common.optional") : undefined}
              inputMode="numeric"
              value={capacity}
              onValue={setCapacity}
              error={error("capacity")}
              hint={kind === "online" ? tc("courses.teach.sessionForm.capacityOnlineHint") : tc("courses.teach.sessionForm.capacityHint")}
              maxLength={6}
            />
          </div>
        </section>

        <section class={styles.step} aria-labelledby="s-when">
          <h2 id="s-when" class={styles.stepTitle}>
            <span class={styles.stepNo}>2</span>
            {tc("courses.teach.sessionForm.when")}
          </h2>
          <div class={[styles.pair, styles.even].join(" ")}>
            <TextField
              label={tc("courses.teach.sessionForm.startsAt")}
              type="datetime-local"
              value={startsAt}
              onValue={onStart}
              error={error("startsAt")}
            />
            <TextField
              label={tc("courses.teach.sessionForm.endsAt")}
              type="datetime-local"
              value={endsAt}
              onValue={(v) => {
                setEndsAt(v);
                setEndTouched(true);
              }}
              error={error("endsAt")}
            />
          </div>
          <p class={styles.note}>{tc("courses.teach.sessionForm.timeZone")}</p>
        </section>

        <section class={styles.step} aria-labelledby="s-enroll">
          <h2 id="s-enroll" class={styles.stepTitle}>
            <span class={styles.stepNo}>3</span>
            {tc("courses.teach.sessionForm.enroll")}
          </h2>
          <div class={styles.triple}>
            <TextField
              label={tc("courses.teach.sessionForm.opens")}
              tag={tc("common.optional")}
              type="datetime-local"
              value={opens}
              onValue={setOpens}
              error={error("enrollOpensAt")}
              hint={tc("courses.teach.sessionForm.opensHint")}
            />
            <TextField
              label={tc("courses.teach.sessionForm.closes")}
              tag={tc("common.optional")}
              type="datetime-local"
              value={closes}
              onValue={setCloses}
              error={error("enrollClosesAt")}
              hint={tc("courses.teach.sessionForm.closesHint")}
            />
            <TextField
              label={tc("courses.teach.sessionForm.cancel")}
              tag={tc("common.optional")}
              type="datetime-local"
              value={cancel}
              onValue={setCancel}
              error={error("cancelClosesAt")}
              hint={tc("courses.teach.sessionForm.cancelHint")}
            />
          </div>
          <Checkbox label={tc("courses.teach.sessionForm.walkIns")} checked={walkIns} onValue={setWalkIns} />
          <p class={styles.note}>{tc("courses.teach.sessionForm.walkInsHint")}</p>
        </section>

        <section class={styles.step} aria-labelledby="s-required">
          <h2 id="s-required" class={styles.stepTitle}>
            <span class={styles.stepNo}>4</span>
            {tc("courses.teach.sessionForm.required")}
            <span class={styles.stepTag}>{tc("common.optional")}</span>
          </h2>
          {managedOrgs.length === 0 ? (
            <p class={styles.note}>{tc("courses.teach.sessionForm.requiredNone")}</p>
          ) : (
            <>
              <p class={styles.note}>{tc("courses.teach.sessionForm.requiredHint")}</p>
              <ul class={styles.orgList}>
                {managedOrgs.map((org) => (
                  <li key={org.id}>
                    <Checkbox
                      label={org.name}
                      checked={required.includes(org.id)}
                      onValue={(on) => setRequired((r) => (on ? [...r, org.id] : r.filter((x) => x !== org.id)))}
                    />
                  </li>
                ))}
              </ul>
            </>
          )}
          {error("requiredOrgIds") ? <p class={styles.note}>{error("requiredOrgIds")}</p> : null}
        </section>
      </div>
      <div class={styles.footer}>
        {session ? (
          <p class={styles.note}>
            {tc("courses.teach.sessionForm.enrolledNow", { n: session.enrolledCount, at: formatDateTime(session.createdAt) })}
          </p>
        ) : (
          <span />
        )}
        <div class={styles.footActions}>
          <a class={buttonClass("secondary")} href={session ? teachPaths.session(session.id) : teachPaths.sessions}>
            {tc("common.cancel")}
          </a>
          <Button type="submit" variant="primary" icon="check" pending={action.pending} pendingLabel={tc("common.saving")}>
            {session ? tc("courses.teach.sessionForm.save") : tc("courses.teach.sessionForm.create")}
          </Button>
        </div>
      </div>
    </form>
  );
}

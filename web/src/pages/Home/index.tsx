import { AppShell } from "../../components/AppShell";
import { Badge } from "../../components/Badge";
import { Icon, type IconName } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { RoleSwitch } from "../../components/RoleSwitch";
import rows from "../../components/RowList/style.module.css";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { tc } from "../../i18n/courses.zh-CN";
import { actionableRound, formatWhen } from "../../lib/contest";
import { coursePaths, formatMoment, hoursText, placeText } from "../../lib/courses";
import { orgKindLabel, roleLabel } from "../../lib/format";
import { availableRoles, setActiveRole, useActiveRole } from "../../lib/session";
import type { CourseSessionList, DailyPractice, Me, MyContestList, MyStudy, OrgList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import { PlanCard } from "./plan-card"; // plans: member card
import styles from "./style.module.css";
import { MyModulesCard, NextSessionCard, ReviewCard } from "./teach-cards";

export default function Home() {
  return <AppShell title={(role) => tk(role === "organizer" ? "nav.workbench" : "nav.home")}>{(me) => <HomeFor me={me} />}</AppShell>;
}

function HomeFor({ me }: { me: Me }) {
  const role = useActiveRole(me);
  const roles = availableRoles(me);
  return (
    <div class={styles.page}>
      <Greeting me={me} />
      {roles.length > 1 ? (
        <div class={styles.phoneRoleSwitch}>
          <RoleSwitch roles={roles} value={role} onChange={setActiveRole} />
        </div>
      ) : null}
      {role === "organizer" ? <OrganizerHome /> : role === "lecturer" ? <LecturerHome me={me} /> : <MemberHome me={me} />}
    </div>
  );
}

function Greeting({ me }: { me: Me }) {
  const role = useActiveRole(me);
  const primary = me.memberships.find((m) => m.role === role) ?? me.memberships[0];
  const intro = role === "organizer" ? tk("home.organizerIntro") : role === "lecturer" ? tk("home.lecturerIntro") : tk("home.memberIntro");
  return (
    <section class={styles.greeting} aria-labelledby="greeting-title">
      <h1 id="greeting-title" class={styles.greetingTitle}>
        {tk("home.greeting", { name: me.name })}
      </h1>
      {primary ? (
        <p class={styles.greetingOrg}>
          {primary.orgName}
          <span aria-hidden="true"> · </span>
          {primary.title}
        </p>
      ) : null}
      <p class={styles.greetingIntro}>{intro}</p>
    </section>
  );
}

function MemberHome({ me }: { me: Me }) {
  return (
    <>
      <section class={styles.section} aria-labelledby="learning-title">
        <h2 id="learning-title" class={styles.sectionTitle}>
          {tk("home.myLearning")}
        </h2>
        <div class={styles.grid}>
          {/* plans: member card */}
          <PlanCard />
          <PracticeCard />
          <ContestCard />
          <TaskCard href="/practice/wrong-book" icon="notebook" title={tk("practice.wrongBook")} description={tk("home.wrongBook.desc")} />
          <TaskCard href="/practice/mastery" icon="chart" title={tk("practice.mastery")} description={tk("home.mastery.desc")} />
          <CourseCard />
          <HoursCard />
        </div>
      </section>
      <MyOrgs me={me} />
    </>
  );
}

function LecturerHome({ me }: { me: Me }) {
  return (
    <>
      <section class={styles.section} aria-labelledby="lecturer-title">
        <h2 id="lecturer-title" class={styles.sectionTitle}>
          {tk("home.tasks")}
        </h2>
        <div class={styles.grid}>
          <MyModulesCard me={me} />
          <NextSessionCard />
        </div>
      </section>
      <MyOrgs me={me} />
    </>
  );
}

function OrganizerHome() {
  return (
    <>
      <section class={styles.section} aria-labelledby="tasks-title">
        <h2 id="tasks-title" class={styles.sectionTitle}>
          {tk("home.tasks")}
        </h2>
        <div class={styles.grid}>
          <TaskCard href="/orgs" icon="tree" title={tk("nav.orgs")} description={tk("home.orgs.desc")} />
          <TaskCard href="/orgs/import" icon="upload" title={tk("nav.import")} description={tk("home.import.desc")} />
          <TaskCard href="/banks" icon="book" title={tk("nav.bank")} description={tk("home.bank.desc")} />
          <TaskCard href="/banks/import" icon="upload" title={tk("nav.questionImport")} description={tk("home.questionImport.desc")} />
          <TaskCard href="/audit" icon="audit" title={tk("nav.audit")} description={tk("home.audit.desc")} />
          <TaskCard href="/contests/manage" icon="trophy" title={tk("nav.contests")} description={tk("home.contests.orgDesc")} />
          <ReviewCard />
          <NextSessionCard />
          <TaskCard href="/plans" icon="calendar" title={tk("nav.plans")} description={tk("home.plans.desc")} />
          <TaskCard href="/reports" icon="chart" title={tk("nav.reports")} description={tk("home.reports.desc")} />
        </div>
      </section>
      <ManagedOrgs />
    </>
  );
}

/** 每日一练 with today's progress; the set is the server's, so this matches the practice page exactly. */
function PracticeCard() {
  const { data, error } = useResource<DailyPractice>("/api/practice/today");
  const total = data?.items.length ?? 0;
  const done = data?.items.filter((item) => item.feedback !== null).length ?? 0;
  const correct = data?.items.filter((item) => item.feedback?.correct).length ?? 0;
  const status = error
    ? tk("home.practice.desc")
    : !data
      ? tk("home.practice.loading")
      : total === 0
        ? tk("home.practice.none")
        : done === total
          ? tk("home.practice.done", { total, correct })
          : done === 0
            ? tk("home.practice.start", { total })
            : tk("home.practice.progress", { done, total });
  return (
    <a class={styles.task} href="/practice">
      <span class={styles.taskIcon}>
        <Icon name="practice" size={1.5} />
      </span>
      <span class={styles.taskText}>
        <span class={styles.taskTitle}>{tk("practice.daily")}</span>
        <span class={styles.taskDescription} aria-live="polite">
          {status}
        </span>
        {total > 0 ? (
          <span class={styles.progress} aria-hidden="true">
            <span style={{ width: `${(done / total) * 100}%` }} />
          </span>
        ) : null}
      </span>
      <Icon name="chevronRight" class={styles.taskChevron} />
    </a>
  );
}

/**
 * 竞赛: one calm card. While a round is open for the member it names that round and leads straight
 * to it (开始答题 / 继续答题); otherwise it leads to the list of contests.
 */
function ContestCard() {
  const { data } = useResource<MyContestList>("/api/contests/mine");
  const open = data ? actionableRound(data.contests) : null;
  if (!open) return <TaskCard href="/contests" icon="trophy" title={tk("nav.contests")} description={tk("home.contests.desc")} />;
  const resume = open.action.kind === "resume";
  const href = open.action.kind === "resume" || open.action.kind === "start" ? open.action.href : "/contests";
  return (
    <a class={[styles.task, styles.taskOpen].join(" ")} href={href}>
      <span class={styles.taskIcon}>
        <Icon name="trophy" size={1.5} />
      </span>
      <span class={styles.taskText}>
        <span class={styles.taskTitle}>{tk(resume ? "contest.home.resume" : "contest.home.open")}</span>
        <span class={styles.taskDescription}>
          {tk("contest.home.round", {
            contest: open.contest.title,
            round: open.round.name,
            closes: formatWhen(open.round.closesAt, data?.serverNow),
          })}
        </span>
      </span>
      <Icon name="chevronRight" class={styles.taskChevron} />
    </a>
  );
}

/**
 * 课程: while a session the member holds a seat in is open for check-in, the card leads to the
 * check-in; else it names the next session they enrolled in; else it leads to the catalog.
 */
function CourseCard() {
  const { data } = useResource<CourseSessionList>("/api/sessions");
  const mine = data?.sessions.filter((s) => s.status === "scheduled" && s.my.enrollment.status === "enrolled" && !s.my.attended) ?? [];
  const now = mine.find((s) => s.phase === "checkin");
  const next = mine.find((s) => s.phase === "upcoming");
  if (now) {
    return (
      <a class={[styles.task, styles.taskOpen].join(" ")} href={coursePaths.checkin}>
        <span class={styles.taskIcon}>
          <Icon name="qr" size={1.5} />
        </span>
        <span class={styles.taskText}>
          <span class={styles.taskTitle}>{tc("courses.home.checkinNow", { title: now.title })}</span>
          <span class={styles.taskDescription}>{tc("courses.home.checkinNowDesc")}</span>
        </span>
        <Icon name="chevronRight" class={styles.taskChevron} />
      </a>
    );
  }
  if (!next) return <TaskCard href={coursePaths.catalog} icon="course" title={tk("nav.courses")} description={tk("home.courses.desc")} />;
  return (
    <a class={styles.task} href={coursePaths.session(next.id)}>
      <span class={styles.taskIcon}>
        <Icon name="course" size={1.5} />
      </span>
      <span class={styles.taskText}>
        <span class={styles.taskTitle}>{tc("courses.home.next", { time: formatMoment(next.startsAt, data?.serverTime) })}</span>
        <span class={styles.taskDescription}>
          {next.title} · {placeText(next)}
        </span>
      </span>
      <Icon name="chevronRight" class={styles.taskChevron} />
    </a>
  );
}

/** 学时: this year's hours and points as the ledger has them, leading to the entries behind them. */
function HoursCard() {
  const { data } = useResource<MyStudy>("/api/me/study");
  const description = !data
    ? tk("home.hours.desc")
    : data.entries.length === 0
      ? tc("courses.home.hoursNone", { year: data.year })
      : tc("courses.home.hours", { year: data.year, hours: hoursText(data.hoursTenths), points: data.points });
  return <TaskCard href={coursePaths.study} icon="clock" title={tk("home.hours")} description={description} />;
}

function TaskCard({ href, icon, title, description }: { href: string; icon: IconName; title: string; description: string }) {
  return (
    <a class={styles.task} href={href}>
      <span class={styles.taskIcon}>
        <Icon name={icon} size={1.5} />
      </span>
      <span class={styles.taskText}>
        <span class={styles.taskTitle}>{title}</span>
        <span class={styles.taskDescription}>{description}</span>
      </span>
      <Icon name="chevronRight" class={styles.taskChevron} />
    </a>
  );
}

/** The tops of the subtrees this organizer manages (an org whose parent they cannot manage). */
function ManagedOrgs() {
  const { data, error, loading } = useResource<OrgList>("/api/orgs");
  const manageable = data?.orgs.filter((org) => org.canManage) ?? [];
  const ids = new Set(manageable.map((org) => org.id));
  const tops = manageable.filter((org) => !org.parentId || !ids.has(org.parentId));
  return (
    <section class={styles.section} aria-labelledby="managed-title">
      <h2 id="managed-title" class={styles.sectionTitle}>
        {tk("home.managedOrgs")}
      </h2>
      {error ? (
        <Notice tone="error" requestId={error.requestId}>
          {error.message}
        </Notice>
      ) : loading && !data ? (
        <Loading label={tk("app.loading")} minHeight={5} />
      ) : tops.length === 0 ? (
        <p class={styles.note}>{tk("orgs.treeEmpty")}</p>
      ) : (
        <ul class={rows.list}>
          {tops.map((org) => (
            <li key={org.id}>
              <a class={rows.row} href={`/orgs?org=${encodeURIComponent(org.id)}`}>
                <span class={rows.main}>
                  <span class={styles.listTitle}>{org.name}</span>
                  <span class={styles.listMeta}>
                    <Badge tone="red">{orgKindLabel(org.kind)}</Badge>
                    <span class="num">
                      {tk("home.subOrgCount", { count: manageable.filter((o) => o.path.startsWith(org.path) && o.id !== org.id).length })}
                    </span>
                  </span>
                </span>
                <Icon name="chevronRight" class={styles.taskChevron} />
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MyOrgs({ me }: { me: Me }) {
  return (
    <section class={styles.section} aria-labelledby="myorgs-title">
      <h2 id="myorgs-title" class={styles.sectionTitle}>
        {tk("home.myOrgs")}
      </h2>
      {me.memberships.length === 0 ? (
        <p class={styles.note}>{tk("home.noOrgs")}</p>
      ) : (
        <ul class={rows.list}>
          {me.memberships.map((m) => (
            <li key={m.membershipId} class={rows.row}>
              <span class={rows.main}>
                <span class={styles.listTitle}>{m.orgName}</span>
                <span class={styles.listMeta}>
                  <Badge tone="red">{orgKindLabel(m.orgKind)}</Badge>
                  <span>
                    {roleLabel(m.role)} · {m.title}
                  </span>
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { Icon, type IconName } from "../../components/Icon";
import { tc } from "../../i18n/courses.zh-CN";
import { formatShortDateTime } from "../../lib/format";
import { sessionPlace, teachPaths } from "../../lib/teach";
import type { CourseSessionList, Me, ModuleList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

/**
 * The lecturer's and organizer's course cards on the home page: what of theirs waits (a returned
 * module, one under review, modules to review) and the next session, or the one checking in now.
 */

function Card({
  href,
  icon,
  title,
  description,
  open,
}: {
  href: string;
  icon: IconName;
  title: string;
  description: string;
  open?: boolean;
}) {
  return (
    <a class={[styles.task, open ? styles.taskOpen : ""].join(" ")} href={href}>
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

/** 我的课程: a returned module first (it needs the lecturer), then what is under review, then drafts. */
export function MyModulesCard({ me }: { me: Me }) {
  const { data } = useResource<ModuleList>("/api/modules");
  const mine = data?.modules.filter((m) => m.ownerId === me.id) ?? [];
  const count = (status: string) => mine.filter((m) => m.status === status).length;
  const rejected = count("rejected");
  const submitted = count("submitted");
  const drafts = count("draft");
  const published = mine.filter((m) => m.publishedVersion !== null && m.status !== "archived").length;
  const description = !data
    ? tc("courses.teach.home.modulesDesc")
    : rejected > 0
      ? tc("courses.teach.home.rejected", { n: rejected })
      : submitted > 0
        ? tc("courses.teach.home.submitted", { n: submitted })
        : drafts > 0
          ? tc("courses.teach.home.drafts", { n: drafts })
          : published > 0
            ? tc("courses.teach.home.published", { n: published })
            : tc("courses.teach.home.modulesDesc");
  return (
    <Card href={teachPaths.modules} icon="course" title={tc("courses.teach.home.modules")} description={description} open={rejected > 0} />
  );
}

/** 课程审核 (organizers): how many modules wait for their decision. */
export function ReviewCard() {
  const { data } = useResource<ModuleList>("/api/modules?status=submitted");
  const waiting = data?.modules.filter((m) => m.canReview).length ?? 0;
  return waiting > 0 ? (
    <Card
      href={teachPaths.review}
      icon="checkCircle"
      title={tc("courses.teach.home.review")}
      description={tc("courses.teach.home.reviewWaiting", { n: waiting })}
      open
    />
  ) : (
    <Card
      href={teachPaths.modules}
      icon="course"
      title={tc("courses.teach.home.courses")}
      description={tc("courses.teach.home.coursesDesc")}
    />
  );
}

/** 课次与签到: the session checking in now (straight to its screen), else the next one. */
export function NextSessionCard() {
  const { data } = useResource<CourseSessionList>("/api/sessions/managed");
  const scheduled = (data?.sessions ?? []).filter((s) => s.status === "scheduled").sort((a, b) => a.startsAt - b.startsAt);
  const live = scheduled.find((s) => s.phase === "checkin");
  const next = scheduled.find((s) => s.phase === "upcoming");
  if (live)
    return (
      <Card
        href={teachPaths.checkin(live.id)}
        icon="qr"
        title={tc("courses.teach.home.live", { title: live.title })}
        description={tc("courses.teach.home.liveDesc", { n: live.enrolledCount })}
        open
      />
    );
  if (next)
    return (
      <Card
        href={teachPaths.session(next.id)}
        icon="qr"
        title={tc("courses.teach.home.next", { title: next.title })}
        description={tc("courses.teach.home.nextDesc", {
          at: formatShortDateTime(next.startsAt),
          place: sessionPlace(next),
          n: next.enrolledCount,
        })}
      />
    );
  return <Card href={teachPaths.sessions} icon="qr" title={tc("nav.sessions")} description={tc("courses.teach.home.sessionsDesc")} />;
}

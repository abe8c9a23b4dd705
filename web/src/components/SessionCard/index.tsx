import { tc } from "../../i18n/courses.zh-CN";
import { coursePaths, formatSessionTime, hoursText, myBadges, placeText, seatsText } from "../../lib/courses";
import type { CourseSession } from "../../lib/types";
import { Badge } from "../Badge";
import { Icon } from "../Icon";
import styles from "./style.module.css";

/** The card's look, for other course cards (the catalog's modules) to match. */
export const cardStyles = styles;

/** One session: when, what, where and who, then the member's own state and the seats left. */
export function SessionCard({ session: s, now, showTitle = true }: { session: CourseSession; now: number; showTitle?: boolean }) {
  const badges = myBadges(s);
  const seats = seatsText(s, now);
  const titleId = `session-${s.id}`;
  return (
    <a class={styles.card} href={coursePaths.session(s.id)} aria-labelledby={showTitle ? titleId : `${titleId}-when`}>
      <p id={`${titleId}-when`} class={styles.when}>
        <Icon name="calendar" size={1} />
        <span>{formatSessionTime(s.startsAt, s.endsAt, now)}</span>
      </p>
      {showTitle ? (
        <h3 id={titleId} class={styles.cardTitle}>
          {s.title}
        </h3>
      ) : null}
      <p class={styles.meta}>
        <span class={styles.metaItem}>
          <Icon name={s.kind === "online" ? "globe" : "home"} size={1} />
          <span>{placeText(s)}</span>
        </span>
        <span class={styles.metaItem}>
          <Icon name="user" size={1} />
          <span>{tc("courses.lecturer", { name: s.lecturer.name })}</span>
        </span>
        <span class={styles.metaItem}>
          <Icon name="clock" size={1} />
          <span>{tc("courses.hours", { n: hoursText(s.hoursTenths) })}</span>
        </span>
      </p>
      <div class={styles.foot}>
        <span class={styles.badges}>
          {badges.map((b) => (
            <Badge key={b.label} tone={b.tone} icon={b.icon}>
              {b.label}
            </Badge>
          ))}
        </span>
        {s.status === "scheduled" && s.phase !== "ended" && !s.my.attended ? (
          <span class={[styles.seats, seats.full ? styles.seatsFull : ""].join(" ")}>{seats.text}</span>
        ) : null}
      </div>
    </a>
  );
}

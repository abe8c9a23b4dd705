import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import type { ApiError } from "../../lib/api";
import { formatShortDateTime } from "../../lib/format";
import type { SessionFeedbackSummary } from "../../lib/types";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";

/** What attendees said: the average, how the ratings spread (bars with their numbers), the comments (anonymous). */
export function FeedbackCard({ data, error }: { data: SessionFeedbackSummary | undefined; error: ApiError | undefined }) {
  const most = Math.max(1, ...(data?.distribution ?? [0]));
  return (
    <section class={admin.card} aria-labelledby="feedback-title">
      <div class={admin.cardHead}>
        <h2 id="feedback-title" class={admin.sectionTitle}>
          {tc("sessions.attendance.feedback")}
          {data ? <span class={admin.sectionCount}>{tc("sessions.attendance.feedbackCount", { n: data.count })}</span> : null}
        </h2>
      </div>
      {error ? (
        <Notice tone="error" requestId={error.requestId}>
          {error.message}
        </Notice>
      ) : !data ? (
        <Loading label={tc("app.loading")} minHeight={6} />
      ) : data.count === 0 ? (
        <p class={admin.empty}>{tc("sessions.attendance.noFeedback")}</p>
      ) : (
        <div class={styles.feedback}>
          <div class={styles.average}>
            <span class={styles.averageValue}>{data.average?.toFixed(1) ?? "–"}</span>
            <span class={styles.averageLabel}>{tc("sessions.attendance.average")}</span>
          </div>
          <table class={styles.distribution}>
            <caption class="visually-hidden">{tc("sessions.attendance.distribution")}</caption>
            <tbody>
              {[5, 4, 3, 2, 1].map((stars) => {
                const n = data.distribution[stars - 1] ?? 0;
                return (
                  <tr key={stars}>
                    <th scope="row">{tc("sessions.attendance.stars", { n: stars })}</th>
                    <td class={styles.barCell}>
                      <span class={styles.bar} aria-hidden="true">
                        <span style={{ width: `${(n / most) * 100}%` }} />
                      </span>
                    </td>
                    <td class={styles.barNum}>{tc("sessions.attendance.people", { n })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class={styles.comments}>
            <h3 class={styles.commentsTitle}>{tc("sessions.attendance.comments")}</h3>
            {data.comments.length === 0 ? (
              <p class={admin.muted}>{tc("sessions.attendance.noComments")}</p>
            ) : (
              <ul>
                {data.comments.map((c) => (
                  <li key={`${c.at}-${c.comment}`} class={styles.comment}>
                    <span class={styles.commentRating}>{tc("sessions.attendance.stars", { n: c.rating })}</span>
                    <p>{c.comment}</p>
                    <time class={admin.muted}>{formatShortDateTime(c.at)}</time>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

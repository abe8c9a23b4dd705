import { Badge } from "../../components/Badge";
import { Button, buttonClass } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { TeachTabs } from "../../components/TeachTabs";
import { tc } from "../../i18n/courses.zh-CN";
import { formatShortDateTime, isoTime } from "../../lib/format";
import { formatHours, moduleBadges, teachPaths } from "../../lib/teach";
import type { ModuleList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import styles from "./style.module.css";

export function ReviewQueue() {
  const { data, error, loading, reload } = useResource<ModuleList>("/api/modules?status=submitted");
  const waiting = (data?.modules ?? []).filter((m) => m.canReview).sort((a, b) => a.updatedAt - b.updatedAt);
  return (
    <div class={admin.page}>
      <PageHeader title={tc("courses.review.title")} description={tc("courses.review.intro")} />
      <TeachTabs />
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
      ) : waiting.length === 0 ? (
        <EmptyState icon="checkCircle" title={tc("courses.review.emptyTitle")}>
          {tc("courses.review.emptyBody")}
        </EmptyState>
      ) : (
        <section class={admin.card} aria-labelledby="queue-title">
          <div class={admin.cardHead}>
            <h2 id="queue-title" class={admin.sectionTitle}>
              {tc("courses.review.waiting")}
              <span class={admin.sectionCount}>{tc("courses.teach.countModules", { n: waiting.length })}</span>
            </h2>
          </div>
          <ul class={styles.queue} aria-busy={loading ? "true" : undefined}>
            {waiting.map((m) => (
              <li key={m.id} class={styles.queueRow}>
                <div class={styles.queueMain}>
                  <div class={styles.titleRow}>
                    <a class={styles.name} href={teachPaths.reviewModule(m.id)}>
                      {m.title}
                    </a>
                    {moduleBadges(m).map((b) => (
                      <Badge key={b.label} tone={b.tone} icon={b.icon}>
                        {b.label}
                      </Badge>
                    ))}
                  </div>
                  <p class={styles.meta}>
                    <span>{m.orgName}</span>
                    <span>{tc("courses.teach.modules.by", { name: m.ownerName })}</span>
                    <span>{tc("courses.teach.hoursValue", { h: formatHours(m.hours) })}</span>
                    <time dateTime={isoTime(m.updatedAt)}>{tc("courses.review.sentAt", { at: formatShortDateTime(m.updatedAt) })}</time>
                  </p>
                </div>
                <a
                  class={buttonClass("primary", "sm")}
                  href={teachPaths.reviewModule(m.id)}
                  aria-label={tc("courses.review.openOf", { title: m.title })}
                >
                  <Icon name="eye" size={1} />
                  <span>{tc("courses.review.open")}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

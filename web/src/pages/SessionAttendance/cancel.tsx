import { ConfirmDialog } from "../../components/ConfirmDialog";
import { tc } from "../../i18n/courses.zh-CN";
import { api } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { sessionPlace } from "../../lib/teach";
import type { CourseSession, CourseSessionResponse } from "../../lib/types";

/**
 * Asks before cancelling a session (the module's owner or an organizer): it says which session, and
 * that those enrolled or waiting will see it cancelled. Cancelling cannot be undone.
 */
export function CancelSessionDialog({ session: s, onClose, onDone }: { session: CourseSession; onClose: () => void; onDone: () => void }) {
  return (
    <ConfirmDialog
      title={tc("courses.teach.cancelSession.title")}
      description={tc("courses.teach.cancelSession.body", { title: s.title, at: formatDateTime(s.startsAt), place: sessionPlace(s) })}
      confirmLabel={tc("courses.teach.cancelSession.confirm")}
      confirmIcon="ban"
      keepLabel={tc("courses.teach.cancelSession.keep")}
      action={() => api.post<CourseSessionResponse>(`/api/sessions/${encodeURIComponent(s.id)}/cancel`, {})}
      onClose={onClose}
      onDone={onDone}
    >
      <p>
        {s.enrolledCount + s.waitlistCount > 0
          ? tc("courses.teach.cancelSession.enrolled", { n: s.enrolledCount, w: s.waitlistCount })
          : tc("courses.teach.cancelSession.nobody")}
      </p>
    </ConfirmDialog>
  );
}

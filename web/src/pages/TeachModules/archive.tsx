import { ConfirmDialog } from "../../components/ConfirmDialog";
import { tc } from "../../i18n/courses.zh-CN";
import { api } from "../../lib/api";
import type { ModuleResponse, ModuleSummary } from "../../lib/types";

/**
 * Asks before archiving a module (its owner or an organizer of its org): it leaves the catalog, its
 * sessions take no more enrollments, and it cannot be edited again; hours already credited stay.
 */
export function ArchiveDialog({ module: m, onClose, onDone }: { module: ModuleSummary; onClose: () => void; onDone: () => void }) {
  return (
    <ConfirmDialog
      title={tc("courses.teach.archive.title", { title: m.title })}
      confirmLabel={tc("courses.teach.archive.confirm")}
      confirmIcon="lock"
      action={() => api.post<ModuleResponse>(`/api/modules/${encodeURIComponent(m.id)}/archive`, {})}
      onClose={onClose}
      onDone={onDone}
    >
      <p>{tc("courses.teach.archive.body")}</p>
    </ConfirmDialog>
  );
}

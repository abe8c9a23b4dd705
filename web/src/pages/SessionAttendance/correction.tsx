import { useEffect, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextAreaField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { tc } from "../../i18n/courses.zh-CN";
import { api } from "../../lib/api";
import type { AttendanceCorrectionBody, AttendanceCorrectionResult } from "../../lib/types";
import { useAction } from "../../lib/use-action";

export type Correction = { userId: string; name: string; present: boolean };

/**
 * An organizer's correction of one person's attendance: mark present (补录) or reverse (撤销).
 * A reason is required; it is kept with the record and in the audit log, and the study hours
 * follow (credited or taken back) in the same step on the server.
 */
export function CorrectionDialog({
  sessionId,
  correction,
  hours,
  onClose,
  onDone,
}: {
  sessionId: string;
  correction: Correction | null;
  hours: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [reason, setReason] = useState("");
  const [local, setLocal] = useState<string | null>(null);
  const action = useAction((body: AttendanceCorrectionBody) =>
    api.post<AttendanceCorrectionResult>(`/api/sessions/${encodeURIComponent(sessionId)}/attendance`, body),
  );
  useEffect(() => {
    setReason("");
    setLocal(null);
    action.reset();
  }, [correction?.userId, correction?.present]);

  const present = correction?.present ?? true;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!correction) return;
    if (reason.trim().length < 2) {
      setLocal(tc("sessions.attendance.dialog.reasonRequired"));
      return;
    }
    setLocal(null);
    const result = await action.run({ userId: correction.userId, present, reason: reason.trim() });
    if (result)
      onDone(
        result.changed
          ? tc(present ? "sessions.attendance.dialog.donePresent" : "sessions.attendance.dialog.doneReversed", { name: correction.name })
          : tc("sessions.attendance.dialog.unchanged", { name: correction.name }),
      );
  };
  const fieldError = local ?? action.error?.fieldErrors.reason;
  return (
    <Dialog
      open={correction !== null}
      onClose={onClose}
      title={tc(present ? "sessions.attendance.dialog.presentTitle" : "sessions.attendance.dialog.reverseTitle", {
        name: correction?.name ?? "",
      })}
      description={tc(present ? "sessions.attendance.dialog.presentBody" : "sessions.attendance.dialog.reverseBody", { h: hours })}
      footer={
        <>
          <Button onClick={onClose}>{tc("common.cancel")}</Button>
          <Button
            type="submit"
            form="correction-form"
            variant={present ? "primary" : "danger"}
            icon={present ? "check" : "xCircle"}
            pending={action.pending}
            pendingLabel={tc("common.saving")}
          >
            {tc(present ? "sessions.attendance.dialog.confirmPresent" : "sessions.attendance.dialog.confirmReverse")}
          </Button>
        </>
      }
    >
      <form id="correction-form" onSubmit={submit} noValidate>
        {action.error && !action.error.fieldErrors.reason ? (
          <Notice tone="error" requestId={action.error.requestId}>
            {action.error.message}
          </Notice>
        ) : null}
        <TextAreaField
          label={tc("sessions.attendance.dialog.reason")}
          value={reason}
          onValue={setReason}
          error={fieldError}
          rows={3}
          maxLength={200}
          placeholder={tc(present ? "sessions.attendance.dialog.presentPlaceholder" : "sessions.attendance.dialog.reversePlaceholder")}
          hint={tc("sessions.attendance.dialog.reasonHint")}
        />
      </form>
    </Dialog>
  );
}

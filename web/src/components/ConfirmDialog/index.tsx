import type { ComponentChildren } from "preact";
import { t } from "../../i18n";
import { useAction } from "../../lib/use-action";
import { Button } from "../Button";
import { Dialog } from "../Dialog";
import type { IconName } from "../Icon";
import { Notice } from "../Notice";

type Props<R> = {
  title: string;
  /** Read with the title when the dialog opens: what is about to happen to what. */
  description?: string;
  /** The consequences, in a sentence or two. */
  children: ComponentChildren;
  confirmLabel: string;
  confirmIcon: IconName;
  /** The button that leaves things as they are (default 取消). */
  keepLabel?: string;
  /** The change itself; its error shows in the dialog, which then stays open. */
  action: () => Promise<R>;
  onClose: () => void;
  onDone: (result: R) => void;
};

/** Asks before a change that cannot be undone (a red button), makes it, and says why when it fails. */
export function ConfirmDialog<R>({
  title,
  description,
  children,
  confirmLabel,
  confirmIcon,
  keepLabel,
  action,
  onClose,
  onDone,
}: Props<R>) {
  const run = useAction(action);
  return (
    <Dialog
      open
      size="sm"
      onClose={onClose}
      title={title}
      description={description}
      footer={
        <>
          <Button onClick={onClose}>{keepLabel ?? t("common.cancel")}</Button>
          <Button
            variant="danger"
            icon={confirmIcon}
            pending={run.pending}
            pendingLabel={t("common.saving")}
            onClick={async () => {
              const result = await run.run();
              if (result !== undefined) onDone(result);
            }}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {run.error ? (
        <Notice tone="error" requestId={run.error.requestId}>
          {run.error.message}
        </Notice>
      ) : null}
    </Dialog>
  );
}

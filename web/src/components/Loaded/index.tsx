import type { ComponentChildren } from "preact";
import { t } from "../../i18n";
import type { ApiError } from "../../lib/api";
import { Button } from "../Button";
import { Notice } from "../Notice";
import { Loading } from "../Spinner";

/**
 * What a page shows where its data goes: a spinner holding `minHeight` rem while it comes, then the
 * data; or what went wrong, with a retry and the request id to quote. The statuses in `warnOn` are a
 * state of things (not allowed here, gone), not a failure, and read as a warning.
 *
 * @example
 * <Loaded data={shown} error={error} reload={reload} minHeight={18}>
 *   {(plan) => <PlanView plan={plan} />}
 * </Loaded>
 */
export function Loaded<T>({
  data,
  error,
  reload,
  minHeight,
  warnOn = [],
  children,
}: {
  data: T | undefined;
  error: ApiError | undefined;
  reload: () => void;
  minHeight: number;
  warnOn?: number[];
  children: (data: T) => ComponentChildren;
}) {
  if (error) {
    return (
      <Notice
        tone={warnOn.includes(error.status) ? "warning" : "error"}
        requestId={error.requestId}
        action={
          <Button icon="refresh" onClick={reload}>
            {t("common.retry")}
          </Button>
        }
      >
        {error.message}
      </Notice>
    );
  }
  if (data === undefined) return <Loading label={t("app.loading")} minHeight={minHeight} />;
  return <>{children(data)}</>;
}

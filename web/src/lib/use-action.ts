import { useCallback, useState } from "preact/hooks";
import { t } from "../i18n";
import { ApiError } from "./api";

/**
 * Runs one async action at a time and keeps its pending flag and error for the UI. `run` resolves
 * to the result, or to undefined when the action failed (the error is then in `error`).
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await action(...args);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", t("error.unexpected")));
      return undefined;
    } finally {
      setPending(false);
    }
  };
  const reset = useCallback(() => setError(null), []);
  return { run, pending, error, reset };
}

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "./api";

export type Resource<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while a request is in flight; `data` keeps the previous answer meanwhile, so nothing jumps. */
  loading: boolean;
  reload: () => void;
};

/** GET a path and keep the answer; a null path waits. A newer request cancels an older one. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [nonce, setNonce] = useState(0);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (path === null) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    api
      .get<T>(path, { signal: current.signal })
      .then((value) => {
        if (current.signal.aborted) return;
        setData(value);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (current.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", String(err)));
      })
      .finally(() => {
        if (!current.signal.aborted) setLoading(false);
      });
    return () => current.abort();
  }, [path, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}

import { t } from "../i18n";

/**
 * The web app's only way to reach the worker. Authentication rides on the HttpOnly session cookie
 * the server sets at login, so nothing here stores a token. Every write sends a JSON body (`{}`
 * when there is nothing to say) because the API refuses state-changing requests of any other type
 * (its CSRF guard); uploads are multipart.
 */

export type FieldIssue = { path: string; message: string };

/** A failed call, with the server's Chinese `message` ready to show as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  /** VALIDATION_FAILED issues keyed by field path (`"phone"`, `"members.0.name"`), first message wins. */
  get fieldErrors(): Record<string, string> {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    const out: Record<string, string> = {};
    if (!Array.isArray(issues)) return out;
    for (const issue of issues as { path?: unknown; message?: unknown }[]) {
      const path = Array.isArray(issue.path) ? issue.path.join(".") : String(issue.path ?? "");
      if (typeof issue.message === "string" && !(path in out)) out[path] = issue.message;
    }
    return out;
  }
}

type Handler = () => void;
let onUnauthenticated: Handler | null = null;

/** The app registers how to send a person to the login page when their session is gone. */
export function setUnauthenticatedHandler(handler: Handler | null) {
  onUnauthenticated = handler;
}

type Options = {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** False: a 401 is only thrown, for a page that has its own way in (the check-in page scans before the login). */
  redirectOn401?: boolean;
};

const DEFAULT_TIMEOUT_MS = 20_000;

async function request<T>(method: string, path: string, body?: unknown, options: Options = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let payload: BodyInit | undefined;
  if (method !== "GET") {
    if (body instanceof FormData) {
      payload = body; // the browser sets multipart/form-data with its boundary
    } else {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body ?? {});
    }
  }

  // A plain controller and timer rather than AbortSignal.timeout/any, which older in-app browsers lack.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const forwardAbort = () => controller.abort();
  options.signal?.addEventListener("abort", forwardAbort);

  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: "same-origin", signal: controller.signal });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, timedOut ? "TIMEOUT" : "NETWORK", t(timedOut ? "error.timeout" : "error.network"));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", forwardAbort);
  }

  if (res.ok) {
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError(res.status, "BAD_RESPONSE", t("error.badResponse"));
    }
  }

  let envelope: { error?: { code?: string; message?: string; details?: unknown; requestId?: string } } | null = null;
  try {
    envelope = await res.json();
  } catch {
    // A proxy or the platform answered with something that is not our envelope.
  }
  const e = envelope?.error;
  const error = new ApiError(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    e?.message ?? t("error.http", { status: res.status }),
    e?.details,
    e?.requestId ?? res.headers.get("x-request-id") ?? undefined,
  );
  // Only a missing/expired session sends a person to the login page; INVALID_CREDENTIALS (wrong
  // password on login or on a password change) is a form error for the page to show.
  if (res.status === 401 && error.code !== "INVALID_CREDENTIALS" && options.redirectOn401 !== false) onUnauthenticated?.();
  throw error;
}

export const api = {
  get: <T>(path: string, options?: Options) => request<T>("GET", path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: Options) => request<T>("POST", path, body, options),
  patch: <T>(path: string, body?: unknown, options?: Options) => request<T>("PATCH", path, body, options),
  put: <T>(path: string, body?: unknown, options?: Options) => request<T>("PUT", path, body, options),
  delete: <T>(path: string, options?: Options) => request<T>("DELETE", path, {}, options),
  upload: <T>(path: string, form: FormData, options?: Options) => request<T>("POST", path, form, { timeoutMs: 60_000, ...options }),
};

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The message to show for anything a call threw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return t("error.unexpected");
}

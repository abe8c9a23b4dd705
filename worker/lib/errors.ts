import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";
import { type ErrorCode, errorStatus } from "../shared/error-codes";
import type { ErrorSchema } from "../shared/schemas";
import { type MessageKey, t } from "./i18n";

export type { ErrorCode };

/** The statuses are Hono's to check: a code mapped to a status Hono cannot send fails here. */
const statusOf: Record<ErrorCode, ContentfulStatusCode> = errorStatus;

export type ErrorBody = z.infer<typeof ErrorSchema>;

/**
 * The one way handlers and services report a failure; only `onError` turns it into a response.
 *
 * @example
 * throw new ApiError("NOT_FOUND", "org.notFound");
 * throw new ApiError("UNPROCESSABLE", "import.hasErrors", { count: 3 }, { rows });
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: MessageKey,
    params: Record<string, string | number> = {},
    details?: unknown,
    headers: Record<string, string> = {},
  ) {
    super(t(message, params));
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): ContentfulStatusCode {
    return statusOf[this.code];
  }
}

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message: string, details?: unknown): ErrorBody {
  const error: ErrorBody["error"] = { code, message, requestId: c.get("requestId") ?? "" };
  if (details !== undefined) error.details = details;
  return { error };
}

const httpStatusError: Record<number, readonly [ErrorCode, MessageKey]> = {
  401: ["UNAUTHENTICATED", "error.unauthenticated"],
  404: ["NOT_FOUND", "error.notFound"],
  413: ["PAYLOAD_TOO_LARGE", "error.payloadTooLarge"],
  415: ["UNSUPPORTED_MEDIA_TYPE", "error.unsupportedMediaType"],
};

export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return c.json(errorBody(c, err.code, err.message, err.details), err.status);
  }
  // Hono raises HTTPException for malformed bodies (e.g. invalid JSON); keep its status, use our envelope.
  const status = (err as { status?: number }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const [code, key] = httpStatusError[status] ?? (["BAD_REQUEST", "error.badRequest"] as const);
    return c.json(errorBody(c, code, t(key)), statusOf[code]);
  }
  // A 5xx is logged with its request id and answered generically: never a stack or err.message.
  const cause = (err as { cause?: unknown }).cause;
  console.error(
    JSON.stringify({
      level: "error",
      requestId: c.get("requestId"),
      err: String(err?.stack ?? err),
      cause: cause ? String(cause) : undefined,
    }),
  );
  return c.json(errorBody(c, "INTERNAL", t("error.internal")), 500);
}

export function onNotFound(c: Context<AppEnv>): Response {
  return c.json(errorBody(c, "NOT_FOUND", t("error.routeNotFound")), 404);
}

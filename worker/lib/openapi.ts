import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ErrorSchema } from "../shared/schemas";
import { ApiError } from "./errors";

/**
 * A feature's sub-app. Route definitions feed both validation and the OpenAPI document; a request
 * that fails validation becomes VALIDATION_FAILED with one detail per problem, field paths included.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({
          path: issue.path.map(String).join("."),
          message: issue.message,
          code: issue.code,
        }));
        throw new ApiError("VALIDATION_FAILED", "error.validation", {}, { target: result.target, issues });
      }
    },
  });
}

const errorDescriptions: Partial<Record<number, string>> = {
  400: "Invalid input",
  401: "Not logged in",
  403: "Not allowed for this caller",
  404: "Not found (or not visible to this caller)",
  409: "Conflict with the current state",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Input understood but not acceptable",
  429: "Too many attempts",
};

/** Error responses for a route's OpenAPI entry, all with the one envelope. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: errorDescriptions[status] ?? "Error", content: { "application/json": { schema: ErrorSchema } } },
    ]),
  );
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

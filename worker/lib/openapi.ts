import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, type ErrorCode, errorStatus } from "./errors";

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

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().openapi({ example: "提交的内容有误，请按提示修改" }),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi("Error");

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

/** Ids are cuid2 strings; anything else is refused before it reaches a query. */
export const IdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "无效的编号");

export const IdParam = z.object({ id: IdSchema.openapi({ param: { name: "id", in: "path" } }) });

/** Mainland mobile numbers, as people type them: full-width digits and separators are folded away. */
export const PhoneSchema = z
  .string()
  .max(32)
  .transform((value) =>
    value
      .normalize("NFKC")
      .replace(/[\s-]/g, "")
      .replace(/^\+?86/, ""),
  )
  .pipe(z.string().regex(/^1\d{10}$/, "请输入 11 位手机号"));

export const NameSchema = z
  .string()
  .transform((value) => value.normalize("NFKC").trim())
  .pipe(z.string().min(1, "不能为空").max(64, "不能超过 64 个字"));

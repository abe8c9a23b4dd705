import { z } from "@hono/zod-openapi";
import { errorCodes } from "./error-codes";

/**
 * Zod pieces the feature schemas share. Runtime-agnostic on purpose: no Hono app, no bindings, no
 * database client, so the web program can type-check the schemas it reads its types from. (`z`
 * comes from @hono/zod-openapi only for the `.openapi()` metadata it adds to zod.)
 */

/** The one error envelope, as documented for every error response. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string().openapi({ example: "提交的内容有误，请按提示修改" }),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi("Error");

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

/**
 * Names of orgs, banks, alliances and people, kept as typed: NFC (one encoding per character) and
 * trimmed, never NFKC, which would turn the full-width punctuation of a Chinese name such as
 * “党史题库（2026）” into ASCII. Matching a name typed elsewhere folds both sides instead.
 */
export const NameSchema = z
  .string()
  .transform((value) => value.normalize("NFC").trim())
  .pipe(z.string().min(1, "不能为空").max(64, "不能超过 64 个字"));

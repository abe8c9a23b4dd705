import { z } from "@hono/zod-openapi";
import { roles, titles } from "../../db/schema";
import { t } from "../../lib/i18n";
import { IdSchema, NameSchema, PhoneSchema } from "../../shared/schemas";

export const RoleSchema = z.enum(roles).openapi({ description: "member 成员, organizer 组织管理员, lecturer 讲师" });
export const TitleSchema = z.enum(titles);

export const MemberSchema = z
  .object({
    membershipId: z.string(),
    userId: z.string(),
    name: z.string(),
    phone: z.string(),
    employeeNo: z.string().nullable(),
    status: z.enum(["pending", "active", "disabled"]),
    orgId: z.string(),
    orgName: z.string(),
    role: RoleSchema,
    title: TitleSchema,
  })
  .openapi("Member");

export type Member = z.infer<typeof MemberSchema>;

export const MemberQuerySchema = z.object({
  q: z.string().max(64).optional().openapi({ description: "Name, phone prefix or employee number" }),
  role: RoleSchema.optional(),
  subtree: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value !== "false")
    .openapi({ description: "Include members of sub-orgs (default true)" }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** `total` counts rows (one per role, which is what pages over); `people` counts the distinct persons among them. */
export const MemberPageSchema = z
  .object({
    items: z.array(MemberSchema),
    total: z.number().int().openapi({ description: "Matching roles (rows) across all pages" }),
    people: z.number().int().openapi({ description: "Distinct persons holding those roles" }),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi("MemberPage");

const EmployeeNoSchema = z
  .string()
  .transform((value) => value.normalize("NFKC").trim())
  .pipe(z.string().max(32, "工号不能超过 32 个字符"));

export const CreateMemberBodySchema = z
  .object({
    name: NameSchema,
    phone: PhoneSchema,
    role: RoleSchema.default("member"),
    title: TitleSchema.default("党员"),
    employeeNo: EmployeeNoSchema.optional(),
  })
  .strict()
  .openapi("CreateMemberBody");

export const CreatedMemberSchema = z
  .object({ member: MemberSchema, activationCode: z.string().optional().openapi({ description: "Shown once, for a new account" }) })
  .openapi("CreatedMember");

export const UpdateMembershipBodySchema = z.object({ title: TitleSchema }).strict().openapi("UpdateMembershipBody");

export const MemberResponseSchema = z.object({ member: MemberSchema }).openapi("MemberResponse");

export const ActivationCodeSchema = z
  .object({ activationCode: z.string(), expiresAt: z.number().int() })
  .openapi("ActivationCode", { description: "A one-time code the person uses to set a password (first time or reset)" });

export const OrgMemberParams = z.object({ id: IdSchema.openapi({ param: { name: "id", in: "path" } }) });

export const ImportParams = z.object({
  id: IdSchema.openapi({ param: { name: "id", in: "path" } }),
  importId: IdSchema.openapi({ param: { name: "importId", in: "path" } }),
});

export const TemplateQuerySchema = z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") });

export const ImportRowResultSchema = z.object({
  row: z.number().int(),
  name: z.string(),
  phone: z.string(),
  org: z.string(),
  orgId: z.string().nullable(),
  title: z.string(),
  role: z.string(),
  employeeNo: z.string(),
  action: z.enum(["create", "update", "unchanged", "error"]),
  changes: z.array(z.string()),
  errors: z.array(z.string()),
});

export const ImportPreviewSchema = z
  .object({
    importId: z.string(),
    fileName: z.string(),
    expiresAt: z.number().int(),
    summary: z.object({
      total: z.number().int(),
      create: z.number().int(),
      update: z.number().int(),
      unchanged: z.number().int(),
      errors: z.number().int(),
    }),
    rows: z.array(ImportRowResultSchema),
  })
  .openapi("MemberImportPreview");

export const ImportCommitSchema = z
  .object({
    summary: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
    activationCodes: z.array(z.object({ name: z.string(), phone: z.string(), code: z.string() })),
  })
  .openapi("MemberImportResult");

export const ImportUploadSchema = z.object({
  file: z
    .custom<File>((value) => value instanceof File, t("import.fileMissing"))
    .openapi({ type: "string", format: "binary", description: ".xlsx or .csv (UTF-8, UTF-8 with BOM, or GBK)" }),
});

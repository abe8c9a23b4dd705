import { z } from "@hono/zod-openapi";
import { orgKinds } from "../../db/schema";
import { IdSchema, NameSchema } from "../../shared/schemas";

export const OrgKindSchema = z
  .enum(orgKinds)
  .openapi({ description: "committee 党委, general_branch 党总支, branch 党支部, group 党小组, work_station 党建工作站, grid 党建网格" });

export const OrgSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    kind: OrgKindSchema,
    depth: z.number().int(),
    path: z.string(),
    memberCount: z.number().int(),
    canManage: z.boolean(),
  })
  .openapi("Org");

export const OrgRefSchema = z.object({ id: z.string(), name: z.string(), kind: OrgKindSchema }).openapi("OrgRef");

export const OrgListSchema = z.object({ orgs: z.array(OrgSchema) }).openapi("OrgList");

export const OrgDetailSchema = z
  .object({ org: OrgSchema, ancestors: z.array(OrgRefSchema), children: z.array(OrgSchema) })
  .openapi("OrgDetail");

export const CreateOrgBodySchema = z
  .object({ parentId: IdSchema.nullable(), name: NameSchema, kind: OrgKindSchema })
  .strict()
  .openapi("CreateOrgBody");

export const UpdateOrgBodySchema = z
  .object({ name: NameSchema.optional(), sortOrder: z.number().int().min(0).max(100_000).optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.sortOrder !== undefined, "至少修改一项")
  .openapi("UpdateOrgBody");

export const OrgResponseSchema = z.object({ org: OrgSchema }).openapi("OrgResponse");

import { z } from "@hono/zod-openapi";
import { IdSchema, NameSchema } from "../../shared/schemas";
import { OrgRefSchema } from "../orgs/orgs.schema";

export const AllianceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    orgs: z.array(OrgRefSchema),
    organizers: z.array(z.object({ id: z.string(), name: z.string() })),
    canManage: z.boolean(),
  })
  .openapi("Alliance");

export const AllianceListSchema = z.object({ alliances: z.array(AllianceSchema) }).openapi("AllianceList");
export const AllianceResponseSchema = z.object({ alliance: AllianceSchema }).openapi("AllianceResponse");

const DescriptionSchema = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string().max(500, "简介不能超过 500 字"));

export const CreateAllianceBodySchema = z
  .object({
    name: NameSchema,
    description: DescriptionSchema.default(""),
    orgIds: z.array(IdSchema).min(1, "至少选择一个成员单位").max(200),
  })
  .strict()
  .openapi("CreateAllianceBody");

export const UpdateAllianceBodySchema = z
  .object({ name: NameSchema.optional(), description: DescriptionSchema.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.description !== undefined, "至少修改一项")
  .openapi("UpdateAllianceBody");

const param = (name: string) => IdSchema.openapi({ param: { name, in: "path" } });
export const AllianceOrgParams = z.object({ id: param("id"), orgId: param("orgId") });
export const AllianceOrganizerParams = z.object({ id: param("id"), userId: param("userId") });

import { z } from "@hono/zod-openapi";
import { PhoneSchema } from "../../shared/schemas";

const orgKindSchema = z.enum(["committee", "general_branch", "branch", "group", "work_station", "grid"]);
const roleSchema = z.enum(["member", "organizer", "lecturer"]);

export const MeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    isAdmin: z.boolean(),
    roles: z.array(roleSchema),
    memberships: z.array(
      z.object({
        membershipId: z.string(),
        orgId: z.string(),
        orgName: z.string(),
        orgKind: orgKindSchema,
        role: roleSchema,
        title: z.string(),
      }),
    ),
    alliances: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .openapi("Me");

export type Me = z.infer<typeof MeSchema>;

/** Long enough to resist guessing, short enough for a phone keyboard; letters and digits both. */
export const NewPasswordSchema = z
  .string()
  .min(8, "密码至少 8 位")
  .max(128, "密码不能超过 128 位")
  .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), "密码需同时包含字母和数字");

export const LoginBodySchema = z
  .object({
    login: PhoneSchema.openapi({ example: "13800000001", description: "Mobile phone number" }),
    password: z.string().min(1, "请输入密码").max(128),
  })
  .openapi("LoginBody");

export const ActivateBodySchema = z
  .object({
    login: PhoneSchema.openapi({ example: "13800000100" }),
    code: z.string().min(4).max(32).openapi({ description: "One-time activation or reset code from an organizer" }),
    password: NewPasswordSchema,
  })
  .openapi("ActivateBody");

export const ChangePasswordBodySchema = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: NewPasswordSchema })
  .openapi("ChangePasswordBody");

export const SessionResponseSchema = z.object({ token: z.string(), user: MeSchema }).openapi("SessionResponse");

export const SessionListSchema = z
  .object({
    sessions: z.array(
      z.object({
        id: z.string(),
        createdAt: z.number().int(),
        lastSeenAt: z.number().int(),
        userAgent: z.string().nullable(),
        current: z.boolean(),
      }),
    ),
  })
  .openapi("SessionList");

export const OkSchema = z.object({ ok: z.literal(true) }).openapi("Ok");

export const EmptyBodySchema = z.object({}).strict();

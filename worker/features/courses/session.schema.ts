import { z } from "@hono/zod-openapi";
import { moduleTags } from "../../db/schema/courses";
import { IdSchema } from "../../shared/schemas";

const param = (name: string) => IdSchema.openapi({ param: { name, in: "path" } });
export const SessionParams = z.object({ id: param("id") });
export const ModuleSessionParams = z.object({ id: param("id") });

const Time = z.number().int().positive();
const Text = (max: number) =>
  z
    .string()
    .transform((v) => v.normalize("NFC").trim())
    .pipe(z.string().max(max, `不能超过 ${max} 个字`));
const Link = z
  .string()
  .trim()
  .max(500, "链接不能超过 500 个字符")
  .regex(/^https?:\/\/[^\s]+$/i, "请填写以 http:// 或 https:// 开头的链接");

const sessionFields = {
  kind: z.enum(["offline", "online"]),
  /** Offline: where (required). */
  place: Text(200).nullable(),
  /** Online: the live link (required). */
  link: Link.nullable(),
  startsAt: Time,
  endsAt: Time,
  /** Seats (名额). Required offline; null online means no limit. */
  capacity: z.number().int().min(1, "名额至少为 1").max(100_000).nullable(),
  /** Default: now. */
  enrollOpensAt: Time,
  /** Default: the start. */
  enrollClosesAt: Time,
  /** Until when an enrolled member may cancel. Default: two hours before the start (never after it). */
  cancelClosesAt: Time,
  /** Members who did not enroll may check in (and are marked walk-in). */
  walkIns: z.boolean(),
  /** Default: the module's owner. A lecturer or organizer in the module's org subtree. */
  lecturerId: IdSchema,
  /** Orgs whose members are assigned to attend (指定参加); orgs the caller manages. */
  requiredOrgIds: z.array(IdSchema).max(50),
};

export const CreateSessionBodySchema = z
  .object({
    kind: sessionFields.kind,
    place: sessionFields.place.optional(),
    link: sessionFields.link.optional(),
    startsAt: sessionFields.startsAt,
    endsAt: sessionFields.endsAt,
    capacity: sessionFields.capacity.optional(),
    enrollOpensAt: sessionFields.enrollOpensAt.optional(),
    enrollClosesAt: sessionFields.enrollClosesAt.optional(),
    cancelClosesAt: sessionFields.cancelClosesAt.optional(),
    walkIns: sessionFields.walkIns.default(false),
    lecturerId: sessionFields.lecturerId.optional(),
    requiredOrgIds: sessionFields.requiredOrgIds.default([]),
  })
  .strict()
  .openapi("CreateSessionBody");

export const UpdateSessionBodySchema = z
  .object(
    Object.fromEntries(Object.entries(sessionFields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as {
      [K in keyof typeof sessionFields]: z.ZodOptional<(typeof sessionFields)[K]>;
    },
  )
  .strict()
  .openapi("UpdateSessionBody");

export const enrollmentStates = ["enrolled", "waitlisted", "cancelled", "none"] as const;

export const EnrollmentStateSchema = z
  .object({
    status: z.enum(enrollmentStates),
    /** 1-based place in the current waiting queue; null unless waitlisted. */
    waitlistPosition: z.number().int().nullable(),
    /** Null: no limit. */
    seatsLeft: z.number().int().nullable(),
  })
  .openapi("EnrollmentState");

export const SessionSchema = z
  .object({
    id: z.string(),
    moduleId: z.string(),
    title: z.string(),
    summary: z.string(),
    tags: z.array(z.string()),
    hoursTenths: z.number().int(),
    durationMin: z.number().int(),
    orgId: z.string(),
    orgName: z.string(),
    lecturer: z.object({ id: z.string(), name: z.string() }),
    kind: z.enum(["offline", "online"]),
    status: z.enum(["scheduled", "cancelled"]),
    place: z.string().nullable(),
    link: z.string().nullable(),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    capacity: z.number().int().nullable(),
    enrolledCount: z.number().int(),
    waitlistCount: z.number().int(),
    seatsLeft: z.number().int().nullable(),
    enrollOpensAt: z.number().int(),
    enrollClosesAt: z.number().int(),
    cancelClosesAt: z.number().int(),
    walkIns: z.boolean(),
    requiredOrgs: z.array(z.object({ id: z.string(), name: z.string() })),
    /** `checkin`: from 30 minutes before the start to the end. */
    phase: z.enum(["upcoming", "checkin", "ended"]),
    /** The caller is in one of the required orgs. */
    required: z.boolean(),
    /** The caller may enroll (in the module's audience or a required org). */
    eligible: z.boolean(),
    /** The caller organizes the session's org (or above): edit, cancel, correct attendance. */
    canManage: z.boolean(),
    /** The caller is the session's lecturer. */
    isLecturer: z.boolean(),
    /** The caller may change or cancel the session: the module's owner, or an organizer of its org (or above). */
    canEdit: z.boolean(),
    my: z.object({
      enrollment: EnrollmentStateSchema,
      attended: z.boolean(),
      checkedInAt: z.number().int().nullable(),
      feedback: z.object({ rating: z.number().int(), comment: z.string() }).nullable(),
    }),
    createdAt: z.number().int(),
  })
  .openapi("CourseSession");

export const SessionResponseSchema = z.object({ session: SessionSchema }).openapi("CourseSessionResponse");
export const SessionListSchema = z.object({ sessions: z.array(SessionSchema), serverTime: z.number().int() }).openapi("CourseSessionList");

/** A session as its lecturer and organizers list it: with the attendance so far. */
export const ManagedSessionSchema = SessionSchema.extend({
  /** Checked in (or marked present) and not reversed. */
  attendedCount: z.number().int(),
}).openapi("ManagedCourseSession");
export const ManagedSessionListSchema = z
  .object({ sessions: z.array(ManagedSessionSchema), serverTime: z.number().int() })
  .openapi("ManagedCourseSessionList");

export const LecturerOptionsSchema = z
  .object({
    lecturers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        /** The org of the role shown (the highest one when there are several). */
        orgName: z.string(),
        role: z.enum(["lecturer", "organizer"]),
        /** The module's owner: the default lecturer. */
        owner: z.boolean(),
      }),
    ),
  })
  .openapi("SessionLecturerOptions");

export const SessionListQuerySchema = z
  .object({
    tag: z.enum(moduleTags).optional(),
    moduleId: IdSchema.optional(),
    from: z.coerce.number().int().nonnegative().optional(),
    to: z.coerce.number().int().positive().optional(),
  })
  .strict();

export const ManagedSessionListQuerySchema = z
  .object({
    moduleId: IdSchema.optional(),
    from: z.coerce.number().int().nonnegative().optional(),
    to: z.coerce.number().int().positive().optional(),
  })
  .strict();

export const EnrollmentListSchema = z
  .object({
    sessionId: z.string(),
    capacity: z.number().int().nullable(),
    enrolled: z.array(z.object({ userId: z.string(), name: z.string(), orgName: z.string().nullable(), enrolledAt: z.number().int() })),
    waitlisted: z.array(
      z.object({
        userId: z.string(),
        name: z.string(),
        orgName: z.string().nullable(),
        position: z.number().int(),
        enrolledAt: z.number().int(),
      }),
    ),
    cancelledCount: z.number().int(),
  })
  .openapi("EnrollmentList");

// ---------------------------------------------------------------------------------------------
// Check-in

const Code = z
  .string()
  .transform((v) => v.normalize("NFKC").replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "签到码是 6 位数字"));
const Ticket = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_.-]+$/, "签到凭证无效");

export const CheckinCodeSchema = z
  .object({
    code: z.string(),
    /** What the QR encodes: the app's check-in page with the session and the code. */
    url: z.string(),
    /** When this code stops being the current one (it is still accepted for 10 s after). */
    validUntil: z.number().int(),
    rotatesEverySec: z.literal(30),
    serverTime: z.number().int(),
    checkinOpensAt: z.number().int(),
    checkinClosesAt: z.number().int(),
  })
  .openapi("CheckinCode");

export const ScanBodySchema = z.object({ sessionId: IdSchema, code: Code }).strict().openapi("CheckinScanBody");
export const ScanResultSchema = z
  .object({
    /** Post it to /api/check-ins as `{ ticket }` after logging in; it counts even if the code has rotated since. */
    ticket: z.string(),
    expiresAt: z.number().int(),
    sessionId: z.string(),
    title: z.string(),
    startsAt: z.number().int(),
    place: z.string().nullable(),
  })
  .openapi("CheckinScanResult");

export const CheckInBodySchema = z
  .union([z.object({ sessionId: IdSchema, code: Code }).strict(), z.object({ code: Code }).strict(), z.object({ ticket: Ticket }).strict()])
  .openapi("CheckInBody");

export const CheckInResultSchema = z
  .object({
    sessionId: z.string(),
    title: z.string(),
    checkedInAt: z.number().int(),
    method: z.enum(["qr", "code", "organizer"]),
    walkIn: z.boolean(),
    /** False when this person had already checked in (the earlier check-in stands). */
    created: z.boolean(),
    hoursTenths: z.number().int(),
  })
  .openapi("CheckInResult");

// ---------------------------------------------------------------------------------------------
// Attendance

export const AttendeeSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    orgName: z.string().nullable(),
    method: z.enum(["qr", "code", "organizer"]),
    checkedInAt: z.number().int(),
    /** Checked in without a seat (not enrolled). */
    walkIn: z.boolean(),
    enrolled: z.boolean(),
    reversed: z.boolean(),
    reversedAt: z.number().int().nullable(),
    reversalReason: z.string().nullable(),
    /** For organizer entries: why. */
    reason: z.string().nullable(),
  })
  .openapi("Attendee");

export const AttendanceSchema = z
  .object({
    sessionId: z.string(),
    serverTime: z.number().int(),
    counts: z.object({
      enrolled: z.number().int(),
      waitlisted: z.number().int(),
      present: z.number().int(),
      walkIns: z.number().int(),
      reversed: z.number().int(),
      absent: z.number().int(),
    }),
    attendees: z.array(AttendeeSchema),
    /** Enrolled (holding a seat) but not checked in. */
    absent: z.array(z.object({ userId: z.string(), name: z.string(), orgName: z.string().nullable() })),
  })
  .openapi("SessionAttendance");

export const CorrectionBodySchema = z
  .object({
    userId: IdSchema,
    present: z.boolean(),
    reason: z
      .string()
      .transform((v) => v.normalize("NFC").trim())
      .pipe(z.string().min(2, "请填写原因（至少 2 个字）").max(200, "原因不能超过 200 个字")),
  })
  .strict()
  .openapi("AttendanceCorrectionBody");

export const CorrectionResultSchema = z.object({ attendee: AttendeeSchema, changed: z.boolean() }).openapi("AttendanceCorrectionResult");

export const ExportQuerySchema = z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") }).strict();

// ---------------------------------------------------------------------------------------------
// Feedback

export const FeedbackBodySchema = z
  .object({
    rating: z.number().int().min(1, "评分为 1 至 5 分").max(5, "评分为 1 至 5 分"),
    comment: z
      .string()
      .transform((v) => v.normalize("NFC").trim())
      .pipe(z.string().max(500, "评价不能超过 500 个字"))
      .default(""),
  })
  .strict()
  .openapi("SessionFeedbackBody");

export const MyFeedbackSchema = z
  .object({ sessionId: z.string(), rating: z.number().int(), comment: z.string(), updatedAt: z.number().int() })
  .openapi("MySessionFeedback");

export const FeedbackSummarySchema = z
  .object({
    sessionId: z.string(),
    count: z.number().int(),
    /** Mean rating to two places; null with no feedback. */
    average: z.number().nullable(),
    /** Count of ratings 1…5, index 0 = 1 star. */
    distribution: z.array(z.number().int()).length(5),
    /** Anonymous: the lecturer reads what was said, not who said it. Newest first. */
    comments: z.array(z.object({ rating: z.number().int(), comment: z.string(), at: z.number().int() })),
  })
  .openapi("SessionFeedbackSummary");

export const LecturerFeedbackSchema = z
  .object({
    modules: z.array(
      z.object({
        moduleId: z.string(),
        title: z.string(),
        sessions: z.number().int(),
        count: z.number().int(),
        average: z.number().nullable(),
      }),
    ),
  })
  .openapi("LecturerFeedback");

import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/openapi";
import {
  correctAttendance,
  exportAttendance,
  getFeedbackSummary,
  getLecturerFeedback,
  getSessionAttendance,
  submitFeedback,
} from "./attendance.service";
import { checkIn, getCheckinCode, scanCheckin } from "./checkin.service";
import {
  AttendanceSchema,
  CheckInBodySchema,
  CheckInResultSchema,
  CheckinCodeSchema,
  CorrectionBodySchema,
  CorrectionResultSchema,
  CreateSessionBodySchema,
  EnrollmentListSchema,
  EnrollmentStateSchema,
  ExportQuerySchema,
  FeedbackBodySchema,
  FeedbackSummarySchema,
  LecturerFeedbackSchema,
  LecturerOptionsSchema,
  ManagedSessionListQuerySchema,
  ManagedSessionListSchema,
  ModuleSessionParams,
  MyFeedbackSchema,
  ScanBodySchema,
  ScanResultSchema,
  SessionListQuerySchema,
  SessionListSchema,
  SessionParams,
  SessionResponseSchema,
  UpdateSessionBodySchema,
} from "./session.schema";
import {
  cancelEnrollment,
  cancelSession,
  createSession,
  enrollSession,
  getSession,
  listEnrollments,
  listLecturerOptions,
  listManagedSessions,
  listSessions,
  updateSession,
} from "./session.service";

const tags = ["courses"];

const routes = {
  create: createRoute({
    method: "post",
    path: "/modules/{id}/sessions",
    operationId: "createSession",
    tags,
    summary: "Schedule a session of a published module (the module's owner, or an organizer of its org or above)",
    request: { params: ModuleSessionParams, body: jsonBody(CreateSessionBodySchema) },
    responses: { 201: json(SessionResponseSchema, "Created"), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/sessions",
    operationId: "listUpcomingSessions",
    tags,
    summary: "Sessions not yet ended that I may attend (audience or required org) or hold a place in, with seats left and my state",
    request: { query: SessionListQuerySchema },
    responses: { 200: json(SessionListSchema, "Sessions"), ...errors(400, 401) },
  }),
  managed: createRoute({
    method: "get",
    path: "/sessions/managed",
    operationId: "listManagedSessions",
    tags,
    summary: "Sessions I give as lecturer or manage as an organizer of their org, past ones included, newest first, with attendance counts",
    request: { query: ManagedSessionListQuerySchema },
    responses: { 200: json(ManagedSessionListSchema, "Sessions"), ...errors(400, 401) },
  }),
  lecturers: createRoute({
    method: "get",
    path: "/modules/{id}/lecturers",
    operationId: "listSessionLecturers",
    tags,
    summary:
      "Who may give sessions of a module: its owner and the active lecturers and organizers of its org and the orgs below (for those who schedule its sessions)",
    request: { params: ModuleSessionParams },
    responses: { 200: json(LecturerOptionsSchema, "Lecturers"), ...errors(400, 401, 403, 404) },
  }),
  lecturerFeedback: createRoute({
    method: "get",
    path: "/sessions/feedback/mine",
    operationId: "getLecturerFeedback",
    tags,
    summary: "My averages as a lecturer, per module",
    responses: { 200: json(LecturerFeedbackSchema, "Averages"), ...errors(401) },
  }),
  get: createRoute({
    method: "get",
    path: "/sessions/{id}",
    operationId: "getSession",
    tags,
    summary: "One session: details, seats left, my enrollment, whether I attended",
    request: { params: SessionParams },
    responses: { 200: json(SessionResponseSchema, "Session"), ...errors(400, 401, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/sessions/{id}",
    operationId: "updateSession",
    tags,
    summary: "Change a session (audited); more seats move the waitlist up at once",
    request: { params: SessionParams, body: jsonBody(UpdateSessionBodySchema) },
    responses: { 200: json(SessionResponseSchema, "Updated"), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  cancel: createRoute({
    method: "post",
    path: "/sessions/{id}/cancel",
    operationId: "cancelSession",
    tags,
    summary: "Cancel a session (audited); those enrolled see it cancelled",
    request: { params: SessionParams },
    responses: { 200: json(SessionResponseSchema, "Cancelled"), ...errors(401, 403, 404) },
  }),
  enroll: createRoute({
    method: "put",
    path: "/sessions/{id}/enrollment",
    operationId: "enrollSession",
    tags,
    summary: "Enroll (选学): a seat, or a place on the waitlist when full; idempotent",
    request: { params: SessionParams },
    responses: { 200: json(EnrollmentStateSchema, "My place"), ...errors(400, 401, 403, 404, 409) },
  }),
  unenroll: createRoute({
    method: "delete",
    path: "/sessions/{id}/enrollment",
    operationId: "cancelEnrollment",
    tags,
    summary: "Give up my seat (until the cut-off; the first on the waitlist takes it) or my place on the waitlist",
    request: { params: SessionParams },
    responses: { 200: json(EnrollmentStateSchema, "My place"), ...errors(400, 401, 404, 409) },
  }),
  enrollments: createRoute({
    method: "get",
    path: "/sessions/{id}/enrollments",
    operationId: "listEnrollments",
    tags,
    summary: "Who is enrolled and who waits, in order (the lecturer and organizers of the session's org)",
    request: { params: SessionParams },
    responses: { 200: json(EnrollmentListSchema, "Enrollments"), ...errors(401, 403, 404) },
  }),
  code: createRoute({
    method: "get",
    path: "/sessions/{id}/check-in-code",
    operationId: "getCheckinCode",
    tags,
    summary: "The current rotating check-in code and its QR link (the lecturer and organizers of the session's org)",
    request: { params: SessionParams },
    responses: { 200: json(CheckinCodeSchema, "Code"), ...errors(401, 403, 404, 409) },
  }),
  scan: createRoute({
    method: "post",
    path: "/check-ins/scan",
    operationId: "scanCheckin",
    tags,
    summary: "A scanned code checked now, without login: a ticket to post to /check-ins after logging in (valid 15 min)",
    request: { body: jsonBody(ScanBodySchema) },
    responses: { 200: json(ScanResultSchema, "Ticket"), ...errors(400, 404, 409, 422) },
  }),
  checkIn: createRoute({
    method: "post",
    path: "/check-ins",
    operationId: "checkIn",
    tags,
    summary: "Check myself in: a scanned { sessionId, code }, a typed { code }, or a scan { ticket }; twice is harmless",
    request: { body: jsonBody(CheckInBodySchema) },
    responses: { 200: json(CheckInResultSchema, "Checked in"), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  attendance: createRoute({
    method: "get",
    path: "/sessions/{id}/attendance",
    operationId: "getSessionAttendance",
    tags,
    summary: "Attendees (time, method, walk-in, reversed) and the enrolled who are absent; polled live during check-in",
    request: { params: SessionParams },
    responses: { 200: json(AttendanceSchema, "Attendance"), ...errors(401, 403, 404) },
  }),
  correct: createRoute({
    method: "post",
    path: "/sessions/{id}/attendance",
    operationId: "correctAttendance",
    tags,
    summary: "Mark a person present or reverse their attendance, with a reason (organizers of the session's org; audited; hours follow)",
    request: { params: SessionParams, body: jsonBody(CorrectionBodySchema) },
    responses: { 200: json(CorrectionResultSchema, "Corrected"), ...errors(400, 401, 403, 404, 409) },
  }),
  exportAttendance: createRoute({
    method: "get",
    path: "/sessions/{id}/attendance/export",
    operationId: "exportSessionAttendance",
    tags,
    summary: "The attendance list as .xlsx (or UTF-8 .csv)",
    request: { params: SessionParams, query: ExportQuerySchema },
    responses: {
      200: {
        description: "The attendance file",
        content: {
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
          "text/csv": { schema: z.string() },
        },
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  feedback: createRoute({
    method: "post",
    path: "/sessions/{id}/feedback",
    operationId: "submitSessionFeedback",
    tags,
    summary: "Rate a session I attended (1–5) with a comment; a second rating replaces the first",
    request: { params: SessionParams, body: jsonBody(FeedbackBodySchema) },
    responses: { 200: json(MyFeedbackSchema, "Saved"), ...errors(400, 401, 403, 404) },
  }),
  feedbackSummary: createRoute({
    method: "get",
    path: "/sessions/{id}/feedback",
    operationId: "getSessionFeedback",
    tags,
    summary: "Count, average, distribution and comments (anonymous), for the lecturer and organizers",
    request: { params: SessionParams },
    responses: { 200: json(FeedbackSummarySchema, "Feedback"), ...errors(401, 403, 404) },
  }),
};

export const sessionRoutes = createRouter()
  .openapi(routes.create, async (c) => c.json(await createSession(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 201))
  .openapi(routes.list, async (c) => c.json(await listSessions(c.get("db"), requireUser(c), c.req.valid("query")), 200))
  .openapi(routes.managed, async (c) => c.json(await listManagedSessions(c.get("db"), requireUser(c), c.req.valid("query")), 200))
  .openapi(routes.lecturers, async (c) => c.json(await listLecturerOptions(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.lecturerFeedback, async (c) => c.json(await getLecturerFeedback(c.get("db"), requireUser(c)), 200))
  .openapi(routes.get, async (c) => c.json(await getSession(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.update, async (c) => c.json(await updateSession(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 200))
  .openapi(routes.cancel, async (c) => c.json(await cancelSession(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.enroll, async (c) => c.json(await enrollSession(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.unenroll, async (c) => c.json(await cancelEnrollment(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.enrollments, async (c) => c.json(await listEnrollments(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.code, async (c) => c.json(await getCheckinCode(c, requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.scan, async (c) => c.json(await scanCheckin(c, c.req.valid("json")), 200))
  .openapi(routes.checkIn, async (c) => c.json(await checkIn(c, requireUser(c), c.req.valid("json")), 200))
  .openapi(routes.attendance, async (c) => c.json(await getSessionAttendance(c.get("db"), requireUser(c), c.req.valid("param").id), 200))
  .openapi(routes.correct, async (c) =>
    c.json(await correctAttendance(c, requireUser(c), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(routes.exportAttendance, async (c) => {
    const file = await exportAttendance(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("query").format);
    return c.body(new Uint8Array(file.bytes), 200, { "content-type": file.contentType, "content-disposition": file.disposition });
  })
  .openapi(routes.feedback, async (c) =>
    c.json(await submitFeedback(c.get("db"), requireUser(c), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(routes.feedbackSummary, async (c) =>
    c.json(await getFeedbackSummary(c.get("db"), requireUser(c), c.req.valid("param").id), 200),
  );

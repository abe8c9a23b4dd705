import type { z } from "@hono/zod-openapi";
import type {
  AllianceListSchema,
  AllianceResponseSchema,
  AllianceSchema,
  CreateAllianceBodySchema,
  UpdateAllianceBodySchema,
} from "../features/alliances/alliances.schema";
import type { AuditEntrySchema, AuditPageSchema, AuditQuerySchema } from "../features/audit/audit.schema";
import type {
  ActivateBodySchema,
  ChangePasswordBodySchema,
  LoginBodySchema,
  MeSchema,
  OkSchema,
  SessionListSchema,
  SessionResponseSchema,
} from "../features/auth/auth.schema";
import type {
  BankExportSchema,
  BankListSchema,
  BankResponseSchema,
  BankSchema,
  BulkBodySchema,
  BulkResultSchema,
  CreateBankBodySchema,
  CreateQuestionBodySchema,
  ImportCommitBodySchema as QuestionImportCommitBodySchema,
  ImportCommitSchema as QuestionImportCommitSchema,
  ImportItemSchema as QuestionImportItemSchema,
  ImportPreviewSchema as QuestionImportPreviewSchema,
  ImportUploadSchema as QuestionImportUploadSchema,
  QuestionPageSchema,
  QuestionQuerySchema,
  QuestionResponseSchema,
  QuestionSchema,
  UpdateBankBodySchema,
  UpdateQuestionBodySchema,
} from "../features/bank/bank.schema";
import type { QuestionDraftSchema } from "../features/bank/question";
import type {
  AdvancementSchema,
  AttemptQuestionSchema,
  AttemptResponseSchema,
  AttemptSchema,
  CertificateSchema,
  ContestListSchema,
  ContestResponseSchema,
  ContestSchema,
  CreateContestBodySchema,
  CreateRoundBodySchema,
  DrawPartSchema,
  DrawSpecSchema,
  GrantBodySchema,
  GrantSchema,
  HistogramSchema,
  LeaderboardEntrySchema,
  LeaderboardSchema,
  MonitorSchema,
  MyContestListSchema,
  MyContestSchema,
  MyRoundSchema,
  QuestionStatSchema,
  QuestionStatsSchema,
  ReviewItemSchema,
  RoundSchema,
  StandingSchema,
  StandingsSchema,
  SubmitAnswerBodySchema,
  SubmitAnswerResultSchema,
  TeamSchema,
  UpdateContestBodySchema,
  UpdateRoundBodySchema,
} from "../features/contests/contest.schema";
import type {
  AttendanceSchema,
  AttendeeSchema,
  CheckInBodySchema,
  CheckInResultSchema,
  CheckinCodeSchema,
  CorrectionBodySchema,
  CorrectionResultSchema,
  SessionListSchema as CourseSessionListSchema,
  SessionResponseSchema as CourseSessionResponseSchema,
  SessionSchema as CourseSessionSchema,
  CreateSessionBodySchema,
  EnrollmentListSchema,
  EnrollmentStateSchema,
  FeedbackBodySchema,
  FeedbackSummarySchema,
  LecturerFeedbackSchema,
  LecturerOptionsSchema,
  ManagedSessionListSchema,
  ManagedSessionSchema,
  MyFeedbackSchema,
  ScanBodySchema,
  ScanResultSchema,
  UpdateSessionBodySchema,
} from "../features/courses/session.schema";
import type { HealthSchema } from "../features/health/health.schema";
import type { JoinResultSchema as JoinLiveRoomResultSchema, OpenRoomSchema as LiveRoomSchema } from "../features/live/live.schema";
import type {
  ActivationCodeSchema,
  CreatedMemberSchema,
  CreateMemberBodySchema,
  ImportCommitSchema,
  ImportPreviewSchema,
  ImportRowResultSchema,
  MemberPageSchema,
  MemberQuerySchema,
  MemberResponseSchema,
  MemberSchema,
  RoleSchema,
  TitleSchema,
  UpdateMembershipBodySchema,
} from "../features/members/members.schema";
import type {
  CreateOrgBodySchema,
  OrgDetailSchema,
  OrgKindSchema,
  OrgListSchema,
  OrgRefSchema,
  OrgResponseSchema,
  OrgSchema,
  UpdateOrgBodySchema,
} from "../features/orgs/orgs.schema";
import type {
  AnswerBodySchema,
  DailySetSchema,
  FeedbackSchema,
  MasterySchema,
  PracticeQuestionSchema,
  PracticeSettingsBodySchema,
  PracticeSettingsSchema,
  ResponseSchema,
  WrongBookSchema,
} from "../features/practice/practice.schema";
import type { ErrorCode } from "./error-codes";
import type { ErrorSchema } from "./schemas";

/**
 * The JSON API's shapes as clients see them, inferred from the route schemas (STYLE 4). Responses
 * are `z.infer` (what the server sends); request bodies and queries are `z.input` (what a client
 * may send, before defaults and normalizing transforms). Types only: importing this file adds
 * nothing to a bundle, and it reaches no Hono app, binding or database client, so the web program
 * type-checks it without Workers types.
 */

// Errors
export type ErrorBody = z.infer<typeof ErrorSchema>;
export type { ErrorCode };

// System
export type Health = z.infer<typeof HealthSchema>;
export type Ok = z.infer<typeof OkSchema>;

// Auth and the caller
export type Me = z.infer<typeof MeSchema>;
export type Membership = Me["memberships"][number];
export type SessionResponse = z.infer<typeof SessionResponseSchema>;
export type SessionList = z.infer<typeof SessionListSchema>;
export type Session = SessionList["sessions"][number];
export type LoginBody = z.input<typeof LoginBodySchema>;
export type ActivateBody = z.input<typeof ActivateBodySchema>;
export type ChangePasswordBody = z.input<typeof ChangePasswordBodySchema>;

// Orgs
export type OrgKind = z.infer<typeof OrgKindSchema>;
export type Org = z.infer<typeof OrgSchema>;
export type OrgRef = z.infer<typeof OrgRefSchema>;
export type OrgList = z.infer<typeof OrgListSchema>;
export type OrgDetail = z.infer<typeof OrgDetailSchema>;
export type OrgResponse = z.infer<typeof OrgResponseSchema>;
export type CreateOrgBody = z.input<typeof CreateOrgBodySchema>;
export type UpdateOrgBody = z.input<typeof UpdateOrgBodySchema>;

// Members
export type Role = z.infer<typeof RoleSchema>;
export type Title = z.infer<typeof TitleSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type MemberStatus = Member["status"];
export type MemberPage = z.infer<typeof MemberPageSchema>;
export type MemberQuery = z.input<typeof MemberQuerySchema>;
export type MemberResponse = z.infer<typeof MemberResponseSchema>;
export type CreatedMember = z.infer<typeof CreatedMemberSchema>;
export type CreateMemberBody = z.input<typeof CreateMemberBodySchema>;
export type UpdateMembershipBody = z.input<typeof UpdateMembershipBodySchema>;
export type ActivationCode = z.infer<typeof ActivationCodeSchema>;

// Member import
export type ImportRow = z.infer<typeof ImportRowResultSchema>;
export type ImportAction = ImportRow["action"];
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
export type ImportCommit = z.infer<typeof ImportCommitSchema>;

// Alliances
export type Alliance = z.infer<typeof AllianceSchema>;
export type AllianceList = z.infer<typeof AllianceListSchema>;
export type AllianceResponse = z.infer<typeof AllianceResponseSchema>;
export type CreateAllianceBody = z.input<typeof CreateAllianceBodySchema>;
export type UpdateAllianceBody = z.input<typeof UpdateAllianceBodySchema>;

// Audit
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditQuery = z.input<typeof AuditQuerySchema>;

// Question banks
export type Bank = z.infer<typeof BankSchema>;
export type BankVisibility = Bank["visibility"];
export type BankList = z.infer<typeof BankListSchema>;
export type BankResponse = z.infer<typeof BankResponseSchema>;
export type CreateBankBody = z.input<typeof CreateBankBodySchema>;
export type UpdateBankBody = z.input<typeof UpdateBankBodySchema>;
export type BankExport = z.infer<typeof BankExportSchema>;

// Questions
export type QuestionDraft = z.infer<typeof QuestionDraftSchema>;
export type QuestionDraftInput = z.input<typeof QuestionDraftSchema>;
export type QuestionType = QuestionDraft["type"];
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionStatus = Question["status"];
export type QuestionPage = z.infer<typeof QuestionPageSchema>;
export type QuestionQuery = z.input<typeof QuestionQuerySchema>;
export type QuestionResponse = z.infer<typeof QuestionResponseSchema>;
export type CreateQuestionBody = z.input<typeof CreateQuestionBodySchema>;
export type UpdateQuestionBody = z.input<typeof UpdateQuestionBodySchema>;
export type BulkQuestionsBody = z.input<typeof BulkBodySchema>;
export type BulkQuestionsResult = z.infer<typeof BulkResultSchema>;

// Question import
export type QuestionImportFormat = z.infer<typeof QuestionImportUploadSchema>["format"];
export type QuestionImportItem = z.infer<typeof QuestionImportItemSchema>;
export type QuestionImportStatus = QuestionImportItem["status"];
export type QuestionImportPreview = z.infer<typeof QuestionImportPreviewSchema>;
export type QuestionImportCommitBody = z.input<typeof QuestionImportCommitBodySchema>;
export type QuestionImportResult = z.infer<typeof QuestionImportCommitSchema>;

// Practice (每日一练, 错题本, 掌握情况)
export type PracticeQuestion = z.infer<typeof PracticeQuestionSchema>;
export type PracticeResponse = z.infer<typeof ResponseSchema>;
export type PracticeFeedback = z.infer<typeof FeedbackSchema>;
export type DailyPractice = z.infer<typeof DailySetSchema>;
export type DailyPracticeItem = DailyPractice["items"][number];
export type PracticeAnswerBody = z.input<typeof AnswerBodySchema>;
export type PracticeMode = NonNullable<PracticeAnswerBody["mode"]>;
export type WrongBook = z.infer<typeof WrongBookSchema>;
export type WrongBookItem = WrongBook["items"][number];
export type Mastery = z.infer<typeof MasterySchema>;
export type MasteryTag = Mastery["tags"][number];
export type PracticeSettingsBody = z.input<typeof PracticeSettingsBodySchema>;
export type PracticeSettings = z.infer<typeof PracticeSettingsSchema>;

// Contests
export type Contest = z.infer<typeof ContestSchema>;
export type ContestList = z.infer<typeof ContestListSchema>;
export type ContestResponse = z.infer<typeof ContestResponseSchema>;
export type CreateContestBody = z.input<typeof CreateContestBodySchema>;
export type UpdateContestBody = z.input<typeof UpdateContestBodySchema>;
export type ContestTeamRule = z.input<typeof TeamSchema>;
export type Round = z.infer<typeof RoundSchema>;
export type CreateRoundBody = z.input<typeof CreateRoundBodySchema>;
export type UpdateRoundBody = z.input<typeof UpdateRoundBodySchema>;
export type DrawSpec = z.input<typeof DrawSpecSchema>;
export type DrawPart = z.input<typeof DrawPartSchema>;
export type Advancement = z.infer<typeof AdvancementSchema>;
export type MyContestList = z.infer<typeof MyContestListSchema>;
export type MyContest = z.infer<typeof MyContestSchema>;
export type MyRound = z.infer<typeof MyRoundSchema>;
export type Attempt = z.infer<typeof AttemptSchema>;
export type AttemptResponse = z.infer<typeof AttemptResponseSchema>;
export type AttemptQuestion = z.infer<typeof AttemptQuestionSchema>;
export type AttemptReviewItem = z.infer<typeof ReviewItemSchema>;
export type SubmitAnswerBody = z.input<typeof SubmitAnswerBodySchema>;
export type SubmitAnswerResult = z.infer<typeof SubmitAnswerResultSchema>;
export type Leaderboard = z.infer<typeof LeaderboardSchema>;
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;
export type Standings = z.infer<typeof StandingsSchema>;
export type Standing = z.infer<typeof StandingSchema>;
export type RoundMonitor = z.infer<typeof MonitorSchema>;
export type GrantBody = z.input<typeof GrantBodySchema>;
export type RoundGrant = z.infer<typeof GrantSchema>;
export type QuestionStats = z.infer<typeof QuestionStatsSchema>;
export type QuestionStat = z.infer<typeof QuestionStatSchema>;
export type ScoreHistogram = z.infer<typeof HistogramSchema>;
export type Certificate = z.infer<typeof CertificateSchema>;

// Courses: modules, completions, study hours (worker/features/courses/module.schema.ts, ledger)
type ModuleSchemas = typeof import("../features/courses/module.schema");
type LedgerSchemas = typeof import("../features/ledger/ledger.schema");
export type Module = z.infer<ModuleSchemas["ModuleSchema"]>;
export type ModuleVersion = z.infer<ModuleSchemas["ModuleVersionSchema"]>;
export type ModuleMedia = z.infer<ModuleSchemas["MediaSchema"]>;
export type ModuleAudience = z.infer<ModuleSchemas["AudienceSchema"]>;
export type ModuleResponse = z.infer<ModuleSchemas["ModuleResponseSchema"]>;
export type ModuleSummary = z.infer<ModuleSchemas["ModuleSummarySchema"]>;
export type ModuleList = z.infer<ModuleSchemas["ModuleListSchema"]>;
export type ModuleListQuery = z.input<ModuleSchemas["ModuleListQuerySchema"]>;
export type ModuleAudienceOptions = z.infer<ModuleSchemas["AudienceOptionsSchema"]>;
export type CreateModuleBody = z.input<ModuleSchemas["CreateModuleBodySchema"]>;
export type UpdateModuleBody = z.input<ModuleSchemas["UpdateModuleBodySchema"]>;
export type RejectModuleBody = z.input<ModuleSchemas["RejectModuleBodySchema"]>;
export type ModuleAudienceRef = z.input<ModuleSchemas["AudienceRefSchema"]>;
export type ModuleQuizSettings = z.infer<ModuleSchemas["QuizSettingsSchema"]>;
export type CatalogModule = z.infer<ModuleSchemas["CatalogItemSchema"]>;
export type ModuleCatalog = z.infer<ModuleSchemas["CatalogSchema"]>;
export type CatalogQuery = z.input<ModuleSchemas["CatalogQuerySchema"]>;
export type ModuleCompletion = z.infer<ModuleSchemas["CompletionSchema"]>;
export type CompletionResult = z.infer<ModuleSchemas["CompletionResultSchema"]>;
export type ModuleQuiz = z.infer<ModuleSchemas["QuizSchema"]>;
export type ModuleQuizQuestion = z.infer<ModuleSchemas["QuizQuestionSchema"]>;
export type ModuleQuizReviewItem = z.infer<ModuleSchemas["QuizReviewItemSchema"]>;
export type ModuleQuizResponse = z.infer<ModuleSchemas["QuizResponseSchema"]>;
export type SubmitModuleQuizBody = z.input<ModuleSchemas["SubmitQuizBodySchema"]>;
export type MyStudy = z.infer<LedgerSchemas["MyStudySchema"]>;
export type StudyEntry = z.infer<LedgerSchemas["StudyEntrySchema"]>;
// (end of module types)

// Courses: sessions, enrollment, check-in, attendance, feedback (worker/features/courses/session.schema.ts)
export type CourseSession = z.infer<typeof CourseSessionSchema>;
export type CourseSessionResponse = z.infer<typeof CourseSessionResponseSchema>;
export type CourseSessionList = z.infer<typeof CourseSessionListSchema>;
export type ManagedCourseSession = z.infer<typeof ManagedSessionSchema>;
export type ManagedCourseSessionList = z.infer<typeof ManagedSessionListSchema>;
export type SessionLecturerOptions = z.infer<typeof LecturerOptionsSchema>;
export type CreateSessionBody = z.input<typeof CreateSessionBodySchema>;
export type UpdateSessionBody = z.input<typeof UpdateSessionBodySchema>;
export type EnrollmentState = z.infer<typeof EnrollmentStateSchema>;
export type EnrollmentList = z.infer<typeof EnrollmentListSchema>;
export type CheckinCode = z.infer<typeof CheckinCodeSchema>;
export type CheckinScanBody = z.input<typeof ScanBodySchema>;
export type CheckinScanResult = z.infer<typeof ScanResultSchema>;
export type CheckInBody = z.input<typeof CheckInBodySchema>;
export type CheckInResult = z.infer<typeof CheckInResultSchema>;
export type SessionAttendance = z.infer<typeof AttendanceSchema>;
export type Attendee = z.infer<typeof AttendeeSchema>;
export type AttendanceCorrectionBody = z.input<typeof CorrectionBodySchema>;
export type AttendanceCorrectionResult = z.infer<typeof CorrectionResultSchema>;
export type SessionFeedbackBody = z.input<typeof FeedbackBodySchema>;
export type MySessionFeedback = z.infer<typeof MyFeedbackSchema>;
export type SessionFeedbackSummary = z.infer<typeof FeedbackSummarySchema>;
export type LecturerFeedback = z.infer<typeof LecturerFeedbackSchema>;
// (end of session types)

// Live rounds (现场赛): the room a host opens and what a PIN finds. The WebSocket frames are worker/shared/live-protocol.ts.
export type LiveRoom = z.infer<typeof LiveRoomSchema>;
export type JoinLiveRoomResult = z.infer<typeof JoinLiveRoomResultSchema>;

// Yearly plans, points bank, dashboards and report snapshots (worker/features/plans/plans.schema.ts)
type PlanSchemas = typeof import("../features/plans/plans.schema");
export type RatingTier = z.infer<PlanSchemas["RatingTierSchema"]>;
export type YearPlanBody = z.input<PlanSchemas["YearPlanBodySchema"]>;
export type YearPlan = z.infer<PlanSchemas["YearPlanSchema"]>;
export type PlanRequirement = z.infer<PlanSchemas["PlanRequirementSchema"]>;
export type PlanNextStep = z.infer<PlanSchemas["NextStepSchema"]>;
export type MyPlanProgress = z.infer<PlanSchemas["MyPlanProgressSchema"]>;
export type OrgPlanSummary = z.infer<PlanSchemas["OrgSummarySchema"]>;
export type MemberPlanProgress = z.infer<PlanSchemas["MemberProgressSchema"]>;
export type Delivery = z.infer<PlanSchemas["DeliverySchema"]>;
export type OrgPlanProgress = z.infer<PlanSchemas["OrgPlanProgressSchema"]>;
export type PointsRulesBody = z.input<PlanSchemas["PointsRulesBodySchema"]>;
export type PointsRulesVersion = z.infer<PlanSchemas["PointsRulesVersionSchema"]>;
export type PointsRules = z.infer<PlanSchemas["PointsRulesSchema"]>;
export type PointsRanking = z.infer<PlanSchemas["PointsRankingSchema"]>;
export type LedgerEntryBody = z.input<PlanSchemas["LedgerEntryBodySchema"]>;
export type ReverseLedgerEntryBody = z.input<PlanSchemas["ReverseBodySchema"]>;
export type ReportSnapshot = z.infer<PlanSchemas["ReportSnapshotSchema"]>;
export type ReportSnapshotList = z.infer<PlanSchemas["ReportSnapshotListSchema"]>;
export type ReportSnapshotView = z.infer<PlanSchemas["ReportSnapshotViewSchema"]>;
export type MemberStudy = z.infer<PlanSchemas["MemberStudySchema"]>;
export type LedgerEntryResponse = z.infer<PlanSchemas["LedgerEntryResponseSchema"]>;
// (end of plan types)

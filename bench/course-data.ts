/**
 * The course bench's data, written with the contest bench's (contest-data.ts: the same bench
 * members, the same SQL file) before the server starts: a published module of the demo company
 * committee for the bench branch, and four sessions of it —
 *  - enrollment: 100 seats, open for enrollment now, nobody in it yet (300 members enroll at once);
 *  - check-in: happening now (started 10 minutes before the data was written, ends 6 hours after),
 *    the 300 members already enrolled, given by the demo lecturer 13800000002 (who reads the code);
 *  - a small warm-up session of each kind, so the routes are compiled and warm before the timed runs.
 * Fixed ids and check-in secrets: every run measures the same data.
 */
import { createHash } from "node:crypto";
import { ATTEMPT_BRANCH, type BenchPerson, insertRows } from "./contest-data.ts";

export const COURSE_BENCH = {
  /** Members who enroll at once, and who check in over the spread. */
  members: 300,
  seats: 100,
  checkinSpreadMs: 30_000,
  /** Members (the first ones) who go through the warm-up sessions. */
  warmupMembers: 20,
  moduleId: "benchcoursemodule0001",
  versionId: "benchcoursemodule0001v1",
  hoursTenths: 10,
  enrollSessionId: "benchsessenroll000001",
  checkinSessionId: "benchsesscheckin00001",
  warmupEnrollSessionId: "benchsessenrollwarm01",
  warmupCheckinSessionId: "benchsesscheckinwarm1",
  lecturer: { id: "demouser13800000002", phone: "13800000002" },
} as const;

const COMPANY = "demoenterprisecommittee";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The key of a bench session's rotating check-in code (fixed, so the load can check the codes it is shown). */
export const benchCheckinSecret = (sessionId: string) => createHash("sha256").update(`lianxue-bench-checkin:${sessionId}`).digest("hex");

/** `members`: the bench members (contest-data.ts's attemptMembers), at least COURSE_BENCH.members of them. */
export function courseBenchSql(members: BenchPerson[], at = Date.now()): string {
  const B = COURSE_BENCH;
  if (members.length < B.members) throw new Error(`the course bench needs ${B.members} members, got ${members.length}`);
  const people = members.slice(0, B.members);
  const lecturer = B.lecturer.id;
  const writtenAt = at - 2 * DAY;
  const lines: string[] = [
    ...insertRows(
      "modules",
      ["id", "org_id", "owner_id", "published_version_id", "draft_version_id", "archived_at", "created_at", "updated_at"],
      [[B.moduleId, COMPANY, lecturer, B.versionId, null, null, writtenAt, writtenAt]],
    ),
    ...insertRows(
      "module_versions",
      [
        "id",
        "module_id",
        "version",
        "status",
        "title",
        "summary",
        "body_md",
        "body_html",
        "duration_min",
        "hours_tenths",
        "tags",
        "self_paced",
        "created_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
      ],
      [
        [
          B.versionId,
          B.moduleId,
          1,
          "published",
          "压测：车间党课",
          "bench 专用",
          "bench 专用",
          "<p>bench 专用</p>\n",
          60,
          B.hoursTenths,
          JSON.stringify(["车间党课"]),
          0,
          lecturer,
          writtenAt,
          "demouser13800000001",
          writtenAt,
          writtenAt,
          writtenAt,
        ],
      ],
    ),
    ...insertRows("module_audience", ["module_id", "target_type", "target_id"], [[B.moduleId, "org", ATTEMPT_BRANCH]]),
  ];

  const session = (id: string, place: string, startsAt: number, endsAt: number, capacity: number, enrolled: number, closesAt: number) => [
    id,
    B.moduleId,
    COMPANY,
    lecturer,
    "offline",
    "scheduled",
    place,
    null,
    startsAt,
    endsAt,
    capacity,
    enrolled,
    0,
    at - HOUR,
    closesAt,
    startsAt - 2 * HOUR,
    0,
    benchCheckinSecret(id),
    lecturer,
    at - 2 * HOUR,
    at - 2 * HOUR,
  ];
  const later = at + 2 * DAY;
  const now = at - 10 * MINUTE;
  lines.push(
    ...insertRows(
      "course_sessions",
      [
        "id",
        "module_id",
        "org_id",
        "lecturer_id",
        "kind",
        "status",
        "place",
        "link",
        "starts_at",
        "ends_at",
        "capacity",
        "enrolled_count",
        "waitlist_seq",
        "enroll_opens_at",
        "enroll_closes_at",
        "cancel_closes_at",
        "walk_ins",
        "checkin_secret",
        "created_by",
        "created_at",
        "updated_at",
      ],
      [
        session(B.enrollSessionId, "压测报告厅", later, later + 2 * HOUR, B.seats, 0, later - HOUR),
        session(B.warmupEnrollSessionId, "压测小会议室", later, later + 2 * HOUR, 5, 0, later - HOUR),
        session(B.checkinSessionId, "压测报告厅", now, at + 6 * HOUR, B.members, B.members, now),
        session(B.warmupCheckinSessionId, "压测小会议室", now, at + 6 * HOUR, B.warmupMembers, B.warmupMembers, now),
      ],
    ),
    ...insertRows(
      "enrollments",
      ["session_id", "user_id", "status", "waitlist_pos", "created_at", "updated_at"],
      [
        ...people.map((p) => [B.checkinSessionId, p.id, "enrolled", null, at - HOUR, at - HOUR]),
        ...people.slice(0, B.warmupMembers).map((p) => [B.warmupCheckinSessionId, p.id, "enrolled", null, at - HOUR, at - HOUR]),
      ],
    ),
  );
  return `${lines.join("\n")}\n`;
}

/**
 * The course scenarios of `npm run bench` (issue 6):
 *  - enrollment: 300 members ask for a seat in one 100-seat session at the same instant;
 *  - check-in: 300 members check in over 30 s to a session happening now, across a code rotation,
 *    with the lecturer's screen polling the code and the arrivals as the web app does.
 * The load runs in its own process (course-load.ts); the data is written before the server starts
 * (course-data.ts). Afterwards, with the server stopped, the bench's D1 is read directly: the proof
 * that nobody was overbooked and that every check-in was recorded and credited exactly once.
 */
import { execFile } from "node:child_process";
import { quietWrangler } from "../scripts/run.ts";
import { DEMO_PASSWORD } from "../scripts/seed-demo.ts";
import { attemptMembers } from "./contest-data.ts";
import { benchCheckinSecret, COURSE_BENCH } from "./course-data.ts";
import { type CourseLoadResult, runCourseLoad } from "./course-load.ts";

export type CourseDbCheck = {
  enrollment: {
    capacity: number;
    enrolled: number;
    waitlisted: number;
    other: number;
    /** The session's own counters. */
    enrolledCount: number;
    waitlistSeq: number;
    /** Waitlist positions in the rows: lowest, highest, how many distinct. */
    positions: { min: number | null; max: number | null; distinct: number };
    /** enrolled = enrolled_count = capacity, and the other 200 waitlisted at 1…200, no gap, no duplicate. */
    pass: boolean;
  };
  checkin: {
    attendances: number;
    attendees: number;
    /** Live attendance entries in the ledger for the session, and the people they are for. */
    ledgerEntries: number;
    ledgerPeople: number;
    hoursTenths: number;
    points: number;
    /** 300 attendances of 300 people, 300 ledger entries of 300 people, each with the version's hours. */
    pass: boolean;
  };
};

export type CourseScenario = {
  members: number;
  seats: number;
  spreadSeconds: number;
  load: CourseLoadResult;
  /** Filled in after the server has stopped. */
  db: CourseDbCheck | null;
};

export async function runCourseScenario(baseUrl: string, settings: { warmupSeconds: number }): Promise<CourseScenario> {
  const B = COURSE_BENCH;
  console.log(
    `load: courses — ${B.members} members enroll at once into ${B.seats} seats, then check in over ${B.checkinSpreadMs / 1000} s (logins first)`,
  );
  const load = await runCourseLoad({
    baseUrl,
    password: DEMO_PASSWORD,
    phones: attemptMembers(B.members).map((m) => m.phone),
    lecturerPhone: B.lecturer.phone,
    loginConcurrency: 4,
    timeoutMs: 60_000,
    warmup: settings.warmupSeconds > 0,
    warmupMembers: B.warmupMembers,
    enrollSessionId: B.enrollSessionId,
    warmupEnrollSessionId: B.warmupEnrollSessionId,
    checkinSessionId: B.checkinSessionId,
    warmupCheckinSessionId: B.warmupCheckinSessionId,
    checkinSecret: benchCheckinSecret(B.checkinSessionId),
    spreadMs: B.checkinSpreadMs,
    typedEvery: 5,
  });
  return { members: B.members, seats: B.seats, spreadSeconds: B.checkinSpreadMs / 1000, load, db: null };
}

/** Reads the bench's D1 (the server stopped) for the rows the two scenarios left. */
export async function checkCourseDb(stateDir: string): Promise<CourseDbCheck> {
  const B = COURSE_BENCH;
  const [row] = await query<{
    capacity: number;
    enrolled: number;
    waitlisted: number;
    other: number;
    enrolled_count: number;
    waitlist_seq: number;
    pos_min: number | null;
    pos_max: number | null;
    pos_distinct: number;
    attendances: number;
    attendees: number;
    ledger_entries: number;
    ledger_people: number;
    hours_tenths: number;
    points: number;
    wrong_hours: number;
  }>(
    stateDir,
    `select s.capacity, s.enrolled_count, s.waitlist_seq,
      (select count(*) from enrollments where session_id = s.id and status = 'enrolled') as enrolled,
      (select count(*) from enrollments where session_id = s.id and status = 'waitlisted') as waitlisted,
      (select count(*) from enrollments where session_id = s.id and status not in ('enrolled', 'waitlisted')) as other,
      (select min(waitlist_pos) from enrollments where session_id = s.id and status = 'waitlisted') as pos_min,
      (select max(waitlist_pos) from enrollments where session_id = s.id and status = 'waitlisted') as pos_max,
      (select count(distinct waitlist_pos) from enrollments where session_id = s.id and status = 'waitlisted') as pos_distinct,
      (select count(*) from attendances where session_id = '${B.checkinSessionId}' and reversed_at is null) as attendances,
      (select count(distinct user_id) from attendances where session_id = '${B.checkinSessionId}' and reversed_at is null) as attendees,
      (select count(*) from ledger_entries where source = 'attendance' and source_key = '${B.checkinSessionId}' and reversed_at is null) as ledger_entries,
      (select count(distinct user_id) from ledger_entries where source = 'attendance' and source_key = '${B.checkinSessionId}' and reversed_at is null) as ledger_people,
      (select coalesce(sum(hours_tenths), 0) from ledger_entries where source = 'attendance' and source_key = '${B.checkinSessionId}' and reversed_at is null) as hours_tenths,
      (select coalesce(sum(points), 0) from ledger_entries where source = 'attendance' and source_key = '${B.checkinSessionId}' and reversed_at is null) as points,
      (select count(*) from ledger_entries where source = 'attendance' and source_key = '${B.checkinSessionId}' and hours_tenths <> ${B.hoursTenths}) as wrong_hours
    from course_sessions as s where s.id = '${B.enrollSessionId}'`,
  );
  if (!row) throw new Error(`the bench's D1 has no session ${B.enrollSessionId}`);
  const queue = B.members - B.seats;
  return {
    enrollment: {
      capacity: row.capacity,
      enrolled: row.enrolled,
      waitlisted: row.waitlisted,
      other: row.other,
      enrolledCount: row.enrolled_count,
      waitlistSeq: row.waitlist_seq,
      positions: { min: row.pos_min, max: row.pos_max, distinct: row.pos_distinct },
      pass:
        row.enrolled === B.seats &&
        row.enrolled_count === B.seats &&
        row.waitlisted === queue &&
        row.other === 0 &&
        row.pos_min === 1 &&
        row.pos_max === queue &&
        row.pos_distinct === queue,
    },
    checkin: {
      attendances: row.attendances,
      attendees: row.attendees,
      ledgerEntries: row.ledger_entries,
      ledgerPeople: row.ledger_people,
      hoursTenths: row.hours_tenths,
      points: row.points,
      pass:
        row.attendances === B.members &&
        row.attendees === B.members &&
        row.ledger_entries === B.members &&
        row.ledger_people === B.members &&
        row.wrong_hours === 0,
    },
  };
}

/** One SELECT through `wrangler d1 execute --json` on the bench's temp state. */
export function query<T>(stateDir: string, sql: string): Promise<T[]> {
  const args = ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--json", "--command", sql.replace(/\s+/g, " ")];
  return new Promise((resolve, reject) => {
    execFile("wrangler", args, { env: { ...process.env, ...quietWrangler }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrangler d1 execute failed: ${err.message}\n${stderr}`));
      try {
        const [first] = JSON.parse(stdout) as { results: T[] }[];
        resolve(first?.results ?? []);
      } catch {
        reject(new Error(`wrangler d1 execute printed no JSON: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`));
      }
    });
  });
}

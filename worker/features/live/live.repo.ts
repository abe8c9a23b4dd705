/**
 * A live round's results in D1, written by its room: each person who played gets an attempt of the
 * round (id `live-<round>-<user>`, so every write is an upsert a retried alarm can repeat), with the
 * paper in attempt_questions and their (or their team's) answers in attempt_answers. At the end the
 * attempts are handed in and round_results filled as for self-paced rounds, so leaderboards,
 * exports, certificates and the 错题本 read a live round like any other.
 */

import { sql } from "drizzle-orm";
import { createDb } from "../../db/client";
import { contestCreditStatement } from "../plans/points.repo";

/** A closed live attempt stays open this long at most: the backstop for a room its host never ends (the cron sweep closes it). */
export const LIVE_ATTEMPT_BACKSTOP_MS = 24 * 3_600_000;

export function liveAttemptId(roundId: string, userId: string): string {
  return `live-${roundId}-${userId}`;
}

export type PersistPlayer = { attemptId: string; userId: string; orgId: string; orgPath: string };
export type PersistQuestion = {
  seq: number;
  questionId: string;
  version: number;
  type: string;
  points: number;
  partialCredit: boolean;
  optionOrder: number[];
  answerKey: string;
};
export type PersistAnswer = {
  attemptId: string;
  seq: number;
  response: string;
  given: unknown;
  credit: number;
  earned: number;
  elapsedMs: number;
  answeredAt: number;
};

/** Rows per statement: each goes as one JSON parameter, kept well under D1's size limits. */
const CHUNK = 400;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The attempts of the players (made once), their paper, these answers, and the running scores: one batch. */
export function persistStatements(
  d1: D1Database,
  room: { roundId: string; startedAt: number; currentSeq: number; at: number },
  paper: PersistQuestion[],
  players: PersistPlayer[],
  answers: PersistAnswer[],
): D1PreparedStatement[] {
  const totalPoints = paper.reduce((n, q) => n + q.points, 0);
  const statements: D1PreparedStatement[] = [];
  for (const list of chunks(players)) {
    const json = JSON.stringify(list);
    statements.push(
      d1
        .prepare(
          `insert into attempts (id, round_id, user_id, attempt_no, status, org_id, org_path, started_at, deadline_at,
             question_count, total_points, sequential, current_seq, current_opened_at)
           select json_extract(value, '$.attemptId'), ?1, json_extract(value, '$.userId'), 1, 'open', json_extract(value, '$.orgId'),
             json_extract(value, '$.orgPath'), ?2, ?3, ?4, ?5, 1, ?6, ?7
           from json_each(?8) where true
           on conflict do nothing`,
        )
        .bind(
          room.roundId,
          room.startedAt,
          room.startedAt + LIVE_ATTEMPT_BACKSTOP_MS,
          paper.length,
          totalPoints,
          room.currentSeq,
          room.at,
          json,
        ),
      d1
        .prepare(
          `insert into attempt_questions (attempt_id, seq, question_id, version, type, points, partial_credit, option_order, answer_key)
           select json_extract(p.value, '$.attemptId'), json_extract(q.value, '$.seq'), json_extract(q.value, '$.questionId'),
             json_extract(q.value, '$.version'), json_extract(q.value, '$.type'), json_extract(q.value, '$.points'),
             json_extract(q.value, '$.partialCredit'), q.value -> '$.optionOrder', json_extract(q.value, '$.answerKey')
           from json_each(?1) as p, json_each(?2) as q
           where exists (select 1 from attempts where id = json_extract(p.value, '$.attemptId'))
           on conflict do nothing`,
        )
        .bind(json, JSON.stringify(paper)),
    );
  }
  for (const list of chunks(answers)) {
    statements.push(
      d1
        .prepare(
          `insert into attempt_answers (attempt_id, seq, response, given, credit, earned, elapsed_ms, answered_at)
           select json_extract(value, '$.attemptId'), json_extract(value, '$.seq'), json_extract(value, '$.response'),
             value -> '$.given', json_extract(value, '$.credit'), json_extract(value, '$.earned'),
             json_extract(value, '$.elapsedMs'), json_extract(value, '$.answeredAt')
           from json_each(?1) where exists (select 1 from attempts where id = json_extract(value, '$.attemptId'))
           on conflict (attempt_id, seq) do update set response = excluded.response, given = excluded.given, credit = excluded.credit,
             earned = excluded.earned, elapsed_ms = excluded.elapsed_ms, answered_at = excluded.answered_at`,
        )
        .bind(JSON.stringify(list)),
    );
  }
  statements.push(
    d1
      .prepare(
        `update attempts set
           score = (select coalesce(sum(earned), 0) from attempt_answers where attempt_id = attempts.id),
           correct_count = (select count(*) from attempt_answers where attempt_id = attempts.id and credit >= 1),
           current_seq = max(current_seq, ?2)
         where round_id = ?1 and status = 'open'`,
      )
      .bind(room.roundId, room.currentSeq),
    d1.prepare(`update live_rooms set status = 'running' where round_id = ?1 and status = 'lobby'`).bind(room.roundId),
  );
  return statements;
}

/**
 * The end: every attempt of the round handed in at the room's end, its time the sum of the times
 * taken to answer (all finish together, so that is what breaks ties); round_results as for a
 * finished attempt; the room ended; and the round's window closed at the room's end so its results,
 * answers and 错题本 open to participants as for a closed self-paced round. Taking part is credited to
 * the points bank as for a self-paced round.
 */
export function finalizeStatements(d1: D1Database, roundId: string, endedAt: number): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `update attempts set status = 'submitted', finished_at = ?2,
           duration_ms = (select coalesce(sum(elapsed_ms), 0) from attempt_answers where attempt_id = attempts.id),
           score = (select coalesce(sum(earned), 0) from attempt_answers where attempt_id = attempts.id),
           correct_count = (select count(*) from attempt_answers where attempt_id = attempts.id and credit >= 1)
         where round_id = ?1 and id like 'live-%'`,
      )
      .bind(roundId, endedAt),
    d1
      .prepare(
        `insert into round_results (round_id, user_id, attempt_id, org_id, org_path, score, correct_count, duration_ms, finished_at)
         select round_id, user_id, id, org_id, org_path, score, correct_count, duration_ms, finished_at
         from attempts where round_id = ?1 and id like 'live-%' and status <> 'open'
         on conflict (round_id, user_id) do update set attempt_id = excluded.attempt_id, org_id = excluded.org_id,
           org_path = excluded.org_path, score = excluded.score, correct_count = excluded.correct_count,
           duration_ms = excluded.duration_ms, finished_at = excluded.finished_at`,
      )
      .bind(roundId),
    contestCredit(d1, roundId, endedAt),
    d1.prepare(`update live_rooms set status = 'ended', ended_at = coalesce(ended_at, ?2) where round_id = ?1`).bind(roundId, endedAt),
    d1
      .prepare(`update contest_rounds set opens_at = min(opens_at, ?2), closes_at = min(closes_at, ?2) where id = ?1`)
      .bind(roundId, endedAt),
  ];
}

/** The self-paced rounds' contest credit (plans/points.repo), as a statement of this batch of raw D1 statements. */
function contestCredit(d1: D1Database, roundId: string, at: number): D1PreparedStatement {
  const query = contestCreditStatement(createDb(d1), sql`rr.round_id = ${roundId}`, at).toSQL();
  return d1.prepare(query.sql).bind(...query.params);
}

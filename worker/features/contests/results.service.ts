import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { roundResults } from "../../db/schema";
import type { SessionUser } from "../../env";
import { ApiError } from "../../lib/errors";
import { type MessageKey, t } from "../../lib/i18n";
import { type Table, type TableDownload, type TableFormat, tableDownload } from "../../lib/table-file";
import { now } from "../../lib/time";
import { kindNames } from "../orgs/orgs.service";
import { canManageContest, paperSize, type RoundRow, roundState } from "./contest.repo";
import { loadRoundFor } from "./contest.service";
import {
  histogram,
  leaderboardEntry,
  leaderboardTop,
  personResult,
  questionStats,
  roundResultRows,
  type StandingGroups,
  standings,
} from "./results.repo";

/**
 * The round, for a results read. Managers read any time; `participants` reads also let people in
 * the contest's scope read once the round has closed (before, 403 with `notReady`).
 */
async function loadResultsFor(db: Db, user: SessionUser, roundId: string, who: "managers" | "participants", notReady: MessageKey) {
  const { loaded, round } = await loadRoundFor(db, user, roundId, who === "managers" ? "manage" : "see");
  const manager = canManageContest(user, loaded.hosts);
  const closed = roundState(round, now()) === "closed";
  if (!manager && !closed) throw new ApiError("FORBIDDEN", notReady);
  return { loaded, round, manager, closed };
}

/**
 * The top of a round and the caller's own place, in one round trip: the top is the head of the rank
 * index, and a rank is counts on it. Participants see it once the round has closed; the
 * contest's managers at any time.
 */
export async function getRoundLeaderboard(db: Db, user: SessionUser, roundId: string, limit: number) {
  const { closed } = await loadResultsFor(db, user, roundId, "participants", "contest.resultsNotReady");
  const [top, mine, count] = await db.batch([
    leaderboardTop(db, roundId, limit),
    leaderboardEntry(db, roundId, user.id),
    db.select({ n: sql<number>`count(*)` }).from(roundResults).where(eq(roundResults.roundId, roundId)),
  ]);
  return { roundId, participants: count[0]?.n ?? 0, closed, top, me: mine[0] ?? null };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

function countedWords(round: RoundRow): string {
  return t(round.countPolicy === "last" ? "contest.countedLast" : "contest.countedBest");
}

/**
 * Team or org standings. Teams: orgs of the contest's team kind inside its scope, each scored by the
 * mean of its participants' counted scores or of its top K. Orgs: each scope org (or, with a single
 * scope org, each of its direct children), scored by the mean, with members beside participants for
 * the participation rate. `rule` says how, in the words the results page shows.
 */
export async function getRoundStandings(db: Db, user: SessionUser, roundId: string, by: "team" | "org") {
  const { loaded, round } = await loadResultsFor(db, user, roundId, "participants", "contest.resultsNotReady");
  const { contest } = loaded;
  let groups: StandingGroups;
  let rule: string;
  if (by === "team") {
    if (!contest.teamKind) throw new ApiError("UNPROCESSABLE", "contest.teamsOff");
    const topK = contest.teamMethod === "top_k" ? (contest.teamTopK ?? 1) : null;
    groups = { by: "team", kind: contest.teamKind, scopePaths: loaded.scope.map((s) => s.path), topK };
    const params = { kind: kindNames[contest.teamKind], counted: countedWords(round), k: topK ?? 0 };
    rule = t(topK === null ? "contest.ruleTeamMean" : "contest.ruleTeamTopK", params);
  } else {
    groups = { by: "org", orgIds: loaded.scope.map((s) => s.id), children: loaded.scope.length === 1 };
    rule = t("contest.ruleOrg", { counted: countedWords(round) });
  }
  const rows = await standings(db, roundId, groups);
  return { by, rule, items: rows.map((r) => ({ ...r, score: round2(r.score) })) };
}

/**
 * Per-question statistics over the counted results: share fully correct among those given the
 * question, mean time on it, and discrimination: share correct in the top 27 % by rank minus in the
 * bottom 27 % (null with fewer than 4 results, or when one group never had the question).
 */
export async function getRoundQuestionStats(db: Db, user: SessionUser, roundId: string) {
  await loadResultsFor(db, user, roundId, "managers", "contest.statsNotReady");
  return readQuestionStats(db, roundId);
}

async function readQuestionStats(db: Db, roundId: string) {
  const rows = await questionStats(db, roundId);
  const participants = rows[0]?.participants ?? 0;
  const items = rows.flatMap((r) =>
    r.questionId === null
      ? []
      : [
          {
            seq: r.seq,
            questionId: r.questionId,
            version: r.version,
            stem: r.stem,
            type: r.type,
            given: r.given,
            answered: r.answered,
            shareCorrect: r.given > 0 ? round4(r.correct / r.given) : 0,
            avgTimeMs: r.avgTimeMs === null ? null : Math.round(r.avgTimeMs),
            discrimination:
              participants < 4 || r.topGiven === 0 || r.bottomGiven === 0
                ? null
                : round4(r.topCorrect / r.topGiven - r.bottomCorrect / r.bottomGiven),
          },
        ],
  );
  return { roundId, participants, items };
}

/** Counted results in ten equal bins from 0 to the paper's full score. */
export async function getRoundHistogram(db: Db, user: SessionUser, roundId: string) {
  const { round } = await loadResultsFor(db, user, roundId, "participants", "contest.statsNotReady");
  const { totalPoints } = paperSize(round.drawSpec);
  const counts = new Map((await histogram(db, roundId, Math.max(1, totalPoints))).map((r) => [r.bin, r.count]));
  const bins = Array.from({ length: 10 }, (_, i) => ({
    from: round2((totalPoints * i) / 10),
    to: round2((totalPoints * (i + 1)) / 10),
    count: counts.get(i) ?? 0,
  }));
  return { roundId, totalPoints, bins };
}

// ---------------------------------------------------------------------------------------------
// Downloads

/** UTC milliseconds as Beijing time shows them, `2026-07-01 09:30:05`. */
const shanghai = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

export function shanghaiTime(ms: number): string {
  const parts = Object.fromEntries(shanghai.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A duration as minutes and seconds, `07:05`; minutes go past 59 for long rounds (`75:00`). */
export function minutesSeconds(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

export type { TableDownload };

const download = tableDownload;

/** Every counted result of a round, in rank order, as .xlsx or .csv (managers only). */
export async function exportRoundResults(db: Db, user: SessionUser, roundId: string, format: TableFormat): Promise<TableDownload> {
  const { loaded, round } = await loadResultsFor(db, user, roundId, "managers", "contest.statsNotReady");
  const rows = await roundResultRows(db, roundId);
  const fullScore = paperSize(round.drawSpec).totalPoints;
  const table: Table = {
    sheetName: "成绩",
    columns: [
      { header: "名次", width: 8, kind: "integer" },
      { header: "姓名", width: 12, kind: "text" },
      { header: "手机号", width: 16, kind: "text" },
      { header: "所在组织", width: 28, kind: "text" },
      { header: "得分", width: 8, kind: "integer" },
      { header: "满分", width: 8, kind: "integer" },
      { header: "答对题数", width: 10, kind: "integer" },
      { header: "用时", width: 10, kind: "text" },
      { header: "交卷时间", width: 20, kind: "text" },
      { header: "状态", width: 8, kind: "text" },
    ],
    rows: rows.map((r) => [
      r.rank,
      r.name,
      r.phone,
      r.orgName,
      r.score,
      r.totalPoints ?? fullScore,
      r.correctCount,
      minutesSeconds(r.durationMs),
      shanghaiTime(r.finishedAt),
      r.status === "expired" ? "超时" : "交卷",
    ]),
  };
  return download(table, format, "round-results", `${loaded.contest.title}-${round.name}-成绩`);
}

const typeLabels = { single: "单选题", multiple: "多选题", judge: "判断题", fill: "填空题" } as const;

/** The per-question statistics as .xlsx or .csv (managers only). */
export async function exportRoundQuestionStats(db: Db, user: SessionUser, roundId: string, format: TableFormat): Promise<TableDownload> {
  const { loaded, round } = await loadResultsFor(db, user, roundId, "managers", "contest.statsNotReady");
  const stats = await readQuestionStats(db, roundId);
  const table: Table = {
    sheetName: "试题统计",
    columns: [
      { header: "题号", width: 6, kind: "integer" },
      { header: "题型", width: 8, kind: "text" },
      { header: "题干", width: 60, kind: "text" },
      { header: "抽到人数", width: 10, kind: "integer" },
      { header: "作答人数", width: 10, kind: "integer" },
      { header: "答对率", width: 10, kind: "percent" },
      { header: "平均用时（秒）", width: 14, kind: "decimal" },
      { header: "区分度", width: 10, kind: "decimal" },
    ],
    rows: stats.items.map((q) => [
      q.seq,
      typeLabels[q.type],
      q.stem,
      q.given,
      q.answered,
      q.shareCorrect,
      q.avgTimeMs === null ? null : round2(q.avgTimeMs / 1000),
      q.discrimination === null ? null : round2(q.discrimination),
    ]),
  };
  return download(table, format, "question-stats", `${loaded.contest.title}-${round.name}-试题统计`);
}

/**
 * What a printable certificate shows: honour for places 1…honourTopN, participation for everyone
 * else with a result. A member reads only their own, once the round has closed; managers anyone's.
 */
export async function getCertificate(db: Db, user: SessionUser, roundId: string, userId: string) {
  const { loaded, round } = await loadRoundFor(db, user, roundId, "see");
  const at = now();
  const closed = roundState(round, at) === "closed";
  if (!canManageContest(user, loaded.hosts)) {
    if (userId !== user.id) throw new ApiError("FORBIDDEN", "contest.certificateNotYours");
    if (!closed) throw new ApiError("FORBIDDEN", "contest.certificateNotReady");
  }
  const [row] = await personResult(db, roundId, userId);
  if (!row) throw new ApiError("NOT_FOUND", "contest.noResult");
  return {
    kind: round.honourTopN !== null && row.rank <= round.honourTopN ? ("honour" as const) : ("participation" as const),
    name: row.name,
    orgName: row.orgName,
    contestTitle: loaded.contest.title,
    roundName: round.name,
    hosts: loaded.hosts.map((h) => h.name),
    rank: row.rank,
    participants: row.participants,
    score: row.score,
    totalPoints: row.totalPoints ?? paperSize(round.drawSpec).totalPoints,
    // The round's close is the date on the paper; a manager's preview before then is dated today.
    issuedAt: closed ? round.closesAt : at,
  };
}

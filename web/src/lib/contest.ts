import { tk } from "../i18n/contests.zh-CN";
import { TIME_ZONE } from "./format";
import type { MyContest, MyRound } from "./types";

/**
 * What the member-facing contest pages share: times in Beijing time, durations, a round's rules in
 * plain words, and the one thing a member can do with a round now. The server decides every rule;
 * this only says it.
 */

let shortFormat: Intl.DateTimeFormat | null = null;

/** "3月5日 14:07" in Beijing time ("2027年3月5日 14:07" when not this year). */
export function formatWhen(ms: number, nowMs = Date.now()): string {
  shortFormat ??= new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const parts = partsOf(shortFormat, ms);
  const thisYear = partsOf(shortFormat, nowMs).year;
  const day = tk("contest.date.monthDay", { month: parts.month ?? "", day: parts.day ?? "" });
  const date = parts.year === thisYear ? day : tk("contest.date.year", { year: parts.year ?? "", rest: day });
  return `${date} ${parts.hour}:${parts.minute}`;
}

/** "2026年3月5日", for a certificate. */
export function formatDate(ms: number): string {
  const parts = partsOf(new Intl.DateTimeFormat("zh-CN", { timeZone: TIME_ZONE, year: "numeric", month: "numeric", day: "numeric" }), ms);
  return tk("contest.date.full", { year: parts.year ?? "", month: parts.month ?? "", day: parts.day ?? "" });
}

function partsOf(format: Intl.DateTimeFormat, ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(ms)) out[part.type] = part.value;
  return out;
}

/** "3月5日 09:00 至 3月12日 18:00"; within one day "3月5日 09:00 至 18:00". */
export function formatWindow(opensAt: number, closesAt: number, nowMs = Date.now()): string {
  const opens = formatWhen(opensAt, nowMs);
  const closes = formatWhen(closesAt, nowMs);
  const [openDay] = opens.split(" ");
  const [closeDay, closeTime] = closes.split(" ");
  return tk("contest.window", { opens, closes: openDay === closeDay && closeTime ? closeTime : closes });
}

/** A time taken, in words: "12 分 05 秒", "45 秒", "1 小时 02 分". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return tk("contest.duration.hm", { h, m: String(m).padStart(2, "0") });
  if (m > 0) return tk("contest.duration.ms", { m, s: String(s).padStart(2, "0") });
  return tk("contest.duration.s", { s });
}

/** A countdown: "08:42", "1:02:03"; never below 00:00. Rounded up, so 00:00 means the time is really up. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The same time for a screen reader: "8 分 42 秒". */
export function spokenClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? tk("contest.duration.spokenMs", { m, s }) : tk("contest.duration.s", { s });
}

/** "市直机关工委、锂源新能源科技有限公司党委 联合主办" or "锂源…党委 主办". */
export function hostLine(hosts: { name: string }[]): string {
  const names = hosts.map((h) => h.name).join("、");
  return tk(hosts.length > 1 ? "contest.hosts.joint" : "contest.hosts.one", { names });
}

/** Minutes for a time limit in whole minutes where it is one: "20 分钟", else "90 秒". */
export function limitText(sec: number): string {
  return sec % 60 === 0 ? tk("contest.rule.minutes", { n: sec / 60 }) : tk("contest.rule.seconds", { n: sec });
}

type RuleRound = Pick<
  MyRound,
  | "scoring"
  | "timeLimitSec"
  | "questionTimeSec"
  | "allowBack"
  | "attemptsAllowed"
  | "countPolicy"
  | "partialCredit"
  | "advancement"
  | "honourTopN"
  | "questionCount"
  | "totalPoints"
>;

/** The round's rules, one plain sentence each, in the order a member needs them. */
export function ruleLines(round: RuleRound): string[] {
  const lines: string[] = [];
  lines.push(tk("contest.rule.paper", { count: round.questionCount, points: round.totalPoints, limit: limitText(round.timeLimitSec) }));
  lines.push(tk("contest.rule.clock"));
  lines.push(round.scoring === "speed" ? tk("contest.rule.speed") : tk("contest.rule.accuracy"));
  if (round.questionTimeSec !== null) lines.push(tk("contest.rule.perQuestion", { n: round.questionTimeSec }));
  else if (round.allowBack) lines.push(tk("contest.rule.back"));
  else lines.push(tk("contest.rule.noBack"));
  if (round.partialCredit) lines.push(tk("contest.rule.partial"));
  lines.push(
    round.attemptsAllowed > 1
      ? tk(round.countPolicy === "last" ? "contest.rule.attemptsLast" : "contest.rule.attemptsBest", { n: round.attemptsAllowed })
      : tk("contest.rule.attemptsOne"),
  );
  const advancement = advancementLine(round);
  if (advancement) lines.push(advancement);
  if (round.honourTopN !== null) lines.push(tk("contest.rule.honour", { n: round.honourTopN }));
  return lines;
}

/** The short form for a list, one line each: "按得分排名，同分用时少者在前", "可以返回修改答案", "前 30% 晋级下一轮". */
export function ruleSummary(round: RuleRound): string[] {
  const lines = [
    round.scoring === "speed" ? tk("contest.rule.speedShort") : tk("contest.rule.accuracyShort"),
    round.questionTimeSec !== null
      ? tk("contest.rule.perQuestionShort", { n: round.questionTimeSec })
      : round.allowBack
        ? tk("contest.rule.backShort")
        : tk("contest.rule.noBackShort"),
  ];
  const advancement = advancementLine(round);
  if (advancement) lines.push(advancement.replace(/。$/, ""));
  return lines;
}

function advancementLine(round: RuleRound): string | null {
  if (!round.advancement) return null;
  const { kind, value } = round.advancement;
  const key =
    kind === "top_n" ? "contest.rule.advanceTopN" : kind === "top_percent" ? "contest.rule.advanceTopPercent" : "contest.rule.advanceMin";
  return tk(key, { n: value });
}

/** Where a member stands for a round after one with an advancement rule. */
export function qualificationOf(round: MyRound, rounds: MyRound[]): "yes" | "waiting" | "no" {
  if (round.qualified) return "yes";
  const previous = rounds.filter((r) => r.seq < round.seq).sort((a, b) => b.seq - a.seq)[0];
  return previous && previous.state !== "closed" ? "waiting" : "no";
}

/** The one thing a member can do with a round now, and where it leads. */
export type RoundAction =
  | { kind: "start"; href: string }
  | { kind: "resume"; href: string }
  | { kind: "again"; href: string; resultHref: string }
  | { kind: "result"; href: string }
  | { kind: "upcoming"; opensAt: number }
  | { kind: "waiting" }
  | { kind: "notQualified" }
  | { kind: "closed" }
  | { kind: "used" };

export const attemptHref = (attemptId: string) => `/contests/attempts/${encodeURIComponent(attemptId)}`;
export const resultHref = (attemptId: string) => `/contests/attempts/${encodeURIComponent(attemptId)}/result`;
export const startHref = (roundId: string) => `/contests/rounds/${encodeURIComponent(roundId)}/start`;
export const leaderboardHref = (roundId: string) => `/contests/rounds/${encodeURIComponent(roundId)}/leaderboard`;
export const certificateHref = (roundId: string) => `/contests/rounds/${encodeURIComponent(roundId)}/certificate`;

export function roundAction(round: MyRound, rounds: MyRound[]): RoundAction {
  const shown = round.result?.attemptId ?? round.lastAttemptId;
  if (round.openAttemptId) return { kind: "resume", href: attemptHref(round.openAttemptId) };
  if (round.state === "upcoming") return { kind: "upcoming", opensAt: round.opensAt };
  if (round.state === "closed") return shown ? { kind: "result", href: resultHref(shown) } : { kind: "closed" };
  const qualification = qualificationOf(round, rounds);
  if (qualification !== "yes") return { kind: qualification === "waiting" ? "waiting" : "notQualified" };
  if (round.attemptsLeft > 0) {
    return shown
      ? { kind: "again", href: startHref(round.id), resultHref: resultHref(shown) }
      : { kind: "start", href: startHref(round.id) };
  }
  return shown ? { kind: "result", href: resultHref(shown) } : { kind: "used" };
}

/** The round a member can act on now (to start or to go on with), for the home page. */
export function actionableRound(contests: MyContest[]): { contest: MyContest; round: MyRound; action: RoundAction } | null {
  for (const kind of ["resume", "start"] as const) {
    for (const contest of contests) {
      for (const round of contest.rounds) {
        const action = roundAction(round, contest.rounds);
        if (action.kind === kind) return { contest, round, action };
      }
    }
  }
  return null;
}

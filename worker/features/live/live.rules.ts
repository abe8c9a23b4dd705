import type { LiveTeamPlay } from "../../db/schema";
import type { LiveResponse, LiveStanding } from "../../shared/live-protocol";
import { countBlanks, type QuestionDraft, scoreResponse } from "../bank/question";
import { speedPoints } from "../contests/contest.scoring";

/**
 * The rules of a live room that need no storage: how a question looks in the order everyone sees,
 * whether a response fits it, what it earns, who answers for whom, and the standings. Pure, so the
 * Durable Object and the tests share them.
 */

/** Answers are taken this long after the deadline, for the network between a phone and the room. */
export const LIVE_GRACE_MS = 1_000;

/**
 * A room whose host has done nothing for this long is left behind (6 hours: longer than any break
 * in a 知识竞赛 evening, and well inside the attempts' 24-hour backstop). The room's alarm then ends
 * a started room as `host.end` would (its answers count, its attempts are handed in), and dissolves
 * a room that never started (its PIN freed, the organizer may open it again).
 */
export const LIVE_IDLE_MS = 6 * 3_600_000;

/** The question as shown: options in the room's order (`order[shown] = original`), the key in shown positions. */
export function shownDraft(draft: QuestionDraft, order: number[], partialCredit: boolean): QuestionDraft {
  const shown = (original: number) => order.indexOf(original);
  switch (draft.type) {
    case "single":
      return { ...draft, options: order.map((i) => draft.options[i] ?? ""), answer: shown(draft.answer) };
    case "multiple":
      return {
        ...draft,
        options: order.map((i) => draft.options[i] ?? ""),
        answer: draft.answer.map(shown).sort((a, b) => a - b),
        // The round decides, for everyone alike, as in self-paced rounds.
        partialCredit,
      };
    default:
      return draft;
  }
}

export function blanksOf(draft: QuestionDraft): number {
  return draft.type === "fill" ? Math.max(1, countBlanks(draft.stem), draft.answer.length) : 0;
}

export function optionsOf(draft: QuestionDraft): string[] {
  return draft.type === "single" || draft.type === "multiple" ? draft.options : [];
}

/** Whether a response is one the question can take: its type, options in range, the number of blanks. */
export function fits(draft: QuestionDraft, response: LiveResponse): boolean {
  if (draft.type !== response.type) return false;
  switch (response.type) {
    case "single":
      return response.choice < optionsOf(draft).length;
    case "multiple":
      return response.choices.every((c) => c < optionsOf(draft).length);
    case "judge":
      return true;
    case "fill":
      return draft.type === "fill" && response.blanks.length === draft.answer.length;
  }
}

/** The right answer as a response in shown positions (a fill-in question: the first accepted answer of each blank). */
export function keyOf(draft: QuestionDraft): LiveResponse {
  switch (draft.type) {
    case "single":
      return { type: "single", choice: draft.answer };
    case "multiple":
      return { type: "multiple", choices: draft.answer };
    case "judge":
      return { type: "judge", value: draft.answer };
    case "fill":
      return { type: "fill", blanks: draft.answer.map((accepted) => accepted[0] ?? "") };
  }
}

/**
 * Credit and points of a response: the contest rules (contest.scoring.ts), with the room's receive
 * time against the question's start for speed rounds.
 */
export function scoreLive(
  draft: QuestionDraft,
  response: LiveResponse,
  points: number,
  scoring: "accuracy" | "speed",
  elapsedMs: number,
  questionMs: number,
): { credit: number; points: number } {
  const credit = scoreResponse(draft, response);
  const earned = scoring === "speed" ? speedPoints(points, credit, elapsedMs, questionMs) : Math.round(points * credit);
  return { credit, points: earned };
}

/** The answering subject: the person, or in captain/first team play the team (a player with no team answers alone). */
export function subjectOf(teamPlay: LiveTeamPlay, userId: string, teamId: string | null): string {
  if ((teamPlay === "team_captain" || teamPlay === "team_first") && teamId) return `team:${teamId}`;
  return `user:${userId}`;
}

/** Answers per option for the projector's chart (see the `reveal` frame). */
export function distributionOf(draft: QuestionDraft, responses: LiveResponse[]): number[] {
  switch (draft.type) {
    case "single":
    case "multiple": {
      const counts = draft.options.map(() => 0);
      for (const r of responses) {
        const chosen = r.type === "single" ? [r.choice] : r.type === "multiple" ? r.choices : [];
        for (const c of new Set(chosen)) if (c < counts.length) counts[c] = (counts[c] ?? 0) + 1;
      }
      return counts;
    }
    case "judge":
      return [
        responses.filter((r) => r.type === "judge" && r.value).length,
        responses.filter((r) => r.type === "judge" && !r.value).length,
      ];
    case "fill": {
      const right = responses.filter((r) => scoreResponse(draft, r) === 1).length;
      return [right, responses.length - right];
    }
  }
}

export type Player = { userId: string; name: string; teamId: string | null; teamName: string | null };
export type ScoredAnswer = { subject: string; points: number; elapsedMs: number };
export type Entry = { id: string; name: string; score: number; timeMs: number };

/**
 * The board: people in individual play; teams otherwise (a team's own answers in captain/first
 * play, the mean of its members' totals in mean play). Higher score first, then less answering
 * time, then name, as the contest leaderboards rank.
 */
export function standingsOf(teamPlay: LiveTeamPlay, players: Player[], answers: ScoredAnswer[]): Entry[] {
  const totals = new Map<string, { score: number; timeMs: number }>();
  for (const a of answers) {
    const t = totals.get(a.subject) ?? { score: 0, timeMs: 0 };
    t.score += a.points;
    t.timeMs += a.elapsedMs;
    totals.set(a.subject, t);
  }
  const of = (subject: string) => totals.get(subject) ?? { score: 0, timeMs: 0 };
  let entries: Entry[];
  if (teamPlay === "individual") {
    entries = players.map((p) => ({ id: p.userId, name: p.name, ...of(`user:${p.userId}`) }));
  } else {
    const teams = new Map<string, { name: string; members: Player[] }>();
    for (const p of players) {
      const key = p.teamId ?? `solo:${p.userId}`;
      const team = teams.get(key) ?? { name: p.teamName ?? p.name, members: [] };
      team.members.push(p);
      teams.set(key, team);
    }
    entries = [...teams].map(([key, team]) => {
      const id = key.startsWith("solo:") ? key.slice(5) : key;
      if (teamPlay === "team_mean" || key.startsWith("solo:")) {
        const each = team.members.map((m) => of(subjectOf(teamPlay, m.userId, m.teamId)));
        const n = Math.max(1, each.length);
        return {
          id,
          name: team.name,
          score: Math.round((each.reduce((s, x) => s + x.score, 0) / n) * 100) / 100,
          timeMs: Math.round(each.reduce((s, x) => s + x.timeMs, 0) / n),
        };
      }
      return { id, name: team.name, ...of(`team:${key}`) };
    });
  }
  return entries.sort((a, b) => b.score - a.score || a.timeMs - b.timeMs || a.name.localeCompare(b.name));
}

/** Ranks with movement against the board before this question (null for an entry new to it). */
export function withMovement(now: Entry[], before: Entry[]): LiveStanding[] {
  const previous = new Map(before.map((e, i) => [e.id, i + 1]));
  return now.map((e, i) => {
    const was = previous.get(e.id);
    return { id: e.id, name: e.name, score: e.score, rank: i + 1, movement: was === undefined ? null : was - (i + 1) };
  });
}

/** The board entry a player belongs to. */
export function entryIdOf(teamPlay: LiveTeamPlay, player: { userId: string; teamId: string | null }): string {
  return teamPlay === "individual" || !player.teamId ? player.userId : player.teamId;
}

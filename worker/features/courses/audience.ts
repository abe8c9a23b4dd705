import { type SQL, sql } from "drizzle-orm";
import type { SessionUser } from "../../env";
import { orgIdsAbove } from "../../lib/scope";

/*
 * Who a module and its sessions are for, written once. A person's orgs' paths list the ids from the
 * root down, so "one of my orgs lies in the audience org's subtree" is "the audience org is one of
 * the orgs above me" (`orgIdsAbove`), and the same for the orgs of an audience alliance. The rule is
 * SQL text over a JSON array of those ids, so it serves both drizzle queries (`forUser`) and the
 * enrollment statements prepared on the D1 binding (which pass the array as a numbered parameter).
 */

const mine = (ids: string) => `(select value from json_each(${ids}))`;

/** The module `moduleExpr` is meant for everyone, for an org above the person, or for an alliance of one. */
export function inAudienceText(moduleExpr: string, ids: string): string {
  return `exists (select 1 from module_audience as au where au.module_id = ${moduleExpr} and (au.target_type = 'all'
      or (au.target_type = 'org' and au.target_id in ${mine(ids)})
      or (au.target_type = 'alliance' and exists (select 1 from alliance_orgs as ao where ao.alliance_id = au.target_id and ao.org_id in ${mine(ids)}))))`;
}

/** The session `sessionExpr` is required of one of the person's orgs (or an org above them). */
export function requiredOfText(sessionExpr: string, ids: string): string {
  return `exists (select 1 from session_required_orgs as ro where ro.session_id = ${sessionExpr} and ro.org_id in ${mine(ids)})`;
}

/** The person may attend session alias `s`: its module is meant for them, or the session is required of them. */
export function mayAttendText(s: string, ids: string): string {
  return `(${inAudienceText(`${s}.module_id`, ids)} or ${requiredOfText(`${s}.id`, ids)})`;
}

/**
 * The person sees module `moduleExpr`: it is meant for them, or one of its scheduled sessions is
 * required of them.
 */
export function seesModuleText(moduleExpr: string, ids: string): string {
  return `(${inAudienceText(moduleExpr, ids)} or exists (select 1 from course_sessions as rs
      where rs.module_id = ${moduleExpr} and rs.status = 'scheduled' and ${requiredOfText("rs.id", ids)}))`;
}

const IDS = "\u0000ids\u0000";

/**
 * One of the rules above as a drizzle fragment for this person, their org ids bound as a parameter
 * wherever the rule reads them.
 *
 * @example
 * db.all(sql`select s.id from course_sessions as s where ${forUser(user, (ids) => mayAttendText("s", ids))}`)
 */
export function forUser(user: Pick<SessionUser, "memberships">, rule: (ids: string) => string): SQL {
  const ids = JSON.stringify(orgIdsAbove(user));
  const [first = "", ...rest] = rule(IDS).split(IDS);
  return sql.join([sql.raw(first), ...rest.map((part) => sql`${ids}${sql.raw(part)}`)], sql.raw(""));
}

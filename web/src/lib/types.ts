import type { OrgKind, Role, Title } from "../../../worker/shared/api";

/**
 * The worker's JSON API as the web app uses it. Every shape is inferred from the worker's route
 * schemas (worker/shared/api.ts), so a change to the API is a type error here rather than a
 * surprise in the browser. Type-only: nothing from the worker reaches the bundle.
 */
export type * from "../../../worker/shared/api";

/**
 * The one thing types cannot give: the enums as values, for pickers. The worker's own lists live
 * beside its drizzle tables, which the bundle must not pull in, so these restate them — in display
 * order — and `Every` makes a missing, extra or misspelled value a type error.
 */
type Every<U, L extends readonly U[]> = [U] extends [L[number]] ? L : never;

const roleList = ["member", "organizer", "lecturer"] as const;
export const roles: Every<Role, typeof roleList> = roleList;

const orgKindList = ["committee", "general_branch", "branch", "group", "work_station", "grid"] as const;
export const orgKinds: Every<OrgKind, typeof orgKindList> = orgKindList;

/** Titles are domain values stored as Chinese words (GLOSSARY: 职务). */
const titleList = ["书记", "副书记", "委员", "组织委员", "宣传委员", "纪检委员", "党员", "预备党员", "入党积极分子", "群众"] as const;
export const titles: Every<Title, typeof titleList> = titleList;

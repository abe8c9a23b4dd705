import type { BankVisibility, OrgKind, QuestionImportFormat, QuestionStatus, QuestionType, Role, Title } from "../../../worker/shared/api";

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

const questionTypeList = ["single", "multiple", "judge", "fill"] as const;
export const questionTypes: Every<QuestionType, typeof questionTypeList> = questionTypeList;

const questionStatusList = ["active", "draft", "retired"] as const;
export const questionStatuses: Every<QuestionStatus, typeof questionStatusList> = questionStatusList;

const bankVisibilityList = ["org", "alliance", "public"] as const;
export const bankVisibilities: Every<BankVisibility, typeof bankVisibilityList> = bankVisibilityList;

const importFormatList = ["auto", "sheet", "docx", "text", "gift", "aiken", "json"] as const;
export const questionImportFormats: Every<QuestionImportFormat, typeof importFormatList> = importFormatList;

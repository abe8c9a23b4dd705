/**
 * Shapes of the worker's JSON API as the web app uses them. They restate the contract until the
 * worker exports its route types from worker/shared; then these become re-exports of `z.infer`s.
 */

export const roles = ["member", "organizer", "lecturer"] as const;
export type Role = (typeof roles)[number];

export const orgKinds = ["committee", "general_branch", "branch", "group", "work_station", "grid"] as const;
export type OrgKind = (typeof orgKinds)[number];

/** Titles are domain values stored as Chinese words (GLOSSARY: 职务). */
export const titles = ["书记", "副书记", "委员", "组织委员", "宣传委员", "纪检委员", "党员", "预备党员", "入党积极分子", "群众"] as const;
export type Title = (typeof titles)[number];

export type MemberStatus = "pending" | "active" | "disabled";

export type Membership = {
  membershipId: string;
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  role: Role;
  /** One of `titles`; typed loosely because the API sends it as a plain string here. */
  title: string;
};

export type Me = {
  id: string;
  name: string;
  phone: string;
  isAdmin: boolean;
  roles: Role[];
  memberships: Membership[];
  alliances: { id: string; name: string }[];
};

export type AuthResult = { token: string; user: Me };
export type Ok = { ok: true };

export type Session = { id: string; createdAt: number; lastSeenAt: number; userAgent: string | null; current: boolean };

export type Org = {
  id: string;
  parentId: string | null;
  name: string;
  kind: OrgKind;
  depth: number;
  path: string;
  memberCount: number;
  canManage: boolean;
};

export type Member = {
  membershipId: string;
  userId: string;
  name: string;
  phone: string;
  employeeNo: string | null;
  status: MemberStatus;
  orgId: string;
  orgName: string;
  role: Role;
  title: Title;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export type ActivationCode = { activationCode: string; expiresAt: number };

export type ImportAction = "create" | "update" | "unchanged" | "error";

export type ImportRow = {
  row: number;
  name: string;
  phone: string;
  org: string;
  orgId: string | null;
  title: string;
  role: string;
  employeeNo: string;
  action: ImportAction;
  changes: string[];
  errors: string[];
};

export type ImportPreview = {
  importId: string;
  fileName: string;
  expiresAt: number;
  summary: { total: number; create: number; update: number; unchanged: number; errors: number };
  rows: ImportRow[];
};

export type ImportResult = {
  summary: { created: number; updated: number; unchanged: number };
  activationCodes: { name: string; phone: string; code: string }[];
};

export type AuditEntry = {
  id: string;
  at: number;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  orgId: string | null;
  orgName: string | null;
  before: unknown;
  after: unknown;
};

import type { Db } from "./db/client";
import type { OrgKind, Role, Title } from "./db/schema";

/** One of the caller's roles, with the org's path so scope checks need no further query. */
export type MembershipGrant = {
  membershipId: string;
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  orgPath: string;
  role: Role;
  title: Title;
};

export type SessionUser = {
  id: string;
  phone: string;
  name: string;
  isAdmin: boolean;
  sessionId: string;
  memberships: MembershipGrant[];
  /** Alliances this person organizes. */
  alliances: { id: string; name: string }[];
};

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
    /** Set by the session middleware when the request carries a valid session; null otherwise. */
    user: SessionUser | null;
    /** How the caller authenticated: a browser cookie needs the same-origin check, a bearer token does not. */
    authVia: "cookie" | "bearer" | null;
  };
};

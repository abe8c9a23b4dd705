import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "./api";
import type { Me, Role } from "./types";

/**
 * Who is signed in, shared by every page. Loaded once from GET /api/me, replaced by the login and
 * activation responses, cleared on logout or on any 401.
 */
export type SessionState =
  | { status: "loading"; me: null; error: null }
  | { status: "ready"; me: Me; error: null }
  | { status: "anonymous"; me: null; error: null }
  | { status: "error"; me: null; error: ApiError };

let state: SessionState = { status: "loading", me: null, error: null };
let inflight: Promise<void> | null = null;
let loaded = false;
const listeners = new Set<() => void>();

function publish(next: SessionState) {
  state = next;
  for (const listener of listeners) listener();
}

export function loadMe(): Promise<void> {
  if (inflight) return inflight;
  loaded = true;
  if (state.status !== "ready") publish({ status: "loading", me: null, error: null });
  inflight = api
    .get<Me>("/api/me")
    .then((me) => publish({ status: "ready", me, error: null }))
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) publish({ status: "anonymous", me: null, error: null });
      else publish({ status: "error", me: null, error: err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", String(err)) });
    })
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

export function setMe(me: Me) {
  loaded = true;
  publish({ status: "ready", me, error: null });
}

export function clearMe() {
  loaded = true;
  publish({ status: "anonymous", me: null, error: null });
}

/** The current session; the first caller triggers the load. */
export function useSession(): SessionState {
  const [, force] = useState(0);
  useEffect(() => {
    const listener = () => force((n) => n + 1);
    listeners.add(listener);
    if (!loaded) void loadMe();
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return state;
}

// ---- the role a person is acting in (a person can be member here, organizer there) ----

const ROLE_KEY = "lx.activeRole";
const roleListeners = new Set<() => void>();
let chosenRole: string | null = null;

/** Roles this person can act in, in display order. A platform admin can always act as organizer. */
export function availableRoles(me: Me): Role[] {
  const set = new Set<Role>(me.roles);
  if (me.isAdmin) set.add("organizer");
  const ordered = (["member", "organizer", "lecturer"] as const).filter((role) => set.has(role));
  return ordered.length > 0 ? ordered : ["member"];
}

function readStoredRole(): string | null {
  if (chosenRole) return chosenRole;
  try {
    return localStorage.getItem(ROLE_KEY);
  } catch {
    return null;
  }
}

export function activeRole(me: Me): Role {
  const roles = availableRoles(me);
  const stored = readStoredRole();
  if (stored && (roles as string[]).includes(stored)) return stored as Role;
  // Until a person chooses: on a laptop an organizer has come to organize and a lecturer to teach;
  // on a phone, both to learn (when they are members somewhere).
  const wide = typeof matchMedia === "function" && matchMedia("(min-width: 60rem)").matches;
  const member = roles.includes("member");
  if (roles.includes("organizer") && (wide || !member)) return "organizer";
  if (roles.includes("lecturer") && (wide || !member)) return "lecturer";
  return member ? "member" : (roles[0] ?? "member");
}

export function setActiveRole(role: Role) {
  chosenRole = role;
  try {
    localStorage.setItem(ROLE_KEY, role);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  for (const listener of roleListeners) listener();
}

export function useActiveRole(me: Me | null): Role {
  const [, force] = useState(0);
  useEffect(() => {
    const listener = () => force((n) => n + 1);
    roleListeners.add(listener);
    return () => {
      roleListeners.delete(listener);
    };
  }, []);
  return me ? activeRole(me) : "member";
}

/** A same-origin path to come back to after login, or "/" for anything else. */
export function safeNext(value: string | undefined | null): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/login") || value.startsWith("/activate")) return "/";
  return value;
}

import { env } from "cloudflare:test";
import { createId } from "@paralleldrive/cuid2";
import { createDb } from "../../worker/db/client";
import { memberships, type OrgKind, orgs, type Role, type Title, users } from "../../worker/db/schema";
import { hashPassword, normalizeCode, sha256Hex } from "../../worker/lib/crypto";
import { call, expectStatus } from "./http";

export const TEST_PASSWORD = "Test@2026pw";

export const db = () => createDb(env.DB);

let hashed: Promise<string> | undefined;
/** One real PBKDF2 hash per test file, shared by its users: the cost is paid once, not per user. */
function testPasswordHash() {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
}

/** A phone number no other test uses. */
export function uniquePhone(): string {
  return `1${String(3 + Math.floor(Math.random() * 7))}${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

export type TestOrg = { id: string; path: string; name: string; kind: OrgKind };

export async function createOrg(options: { parent?: TestOrg; kind?: OrgKind; name?: string } = {}): Promise<TestOrg> {
  const id = createId();
  const path = `${options.parent?.path ?? "/"}${id}/`;
  const kind = options.kind ?? (options.parent ? "branch" : "committee");
  const name = options.name ?? `${kind}-${id.slice(0, 6)}`;
  const at = Date.now();
  await db()
    .insert(orgs)
    .values({
      id,
      parentId: options.parent?.id ?? null,
      path,
      depth: path.split("/").length - 3,
      kind,
      name,
      createdAt: at,
      updatedAt: at,
    });
  return { id, path, name, kind };
}

export type TestUser = { id: string; phone: string; name: string };

export async function createUser(
  options: {
    name?: string;
    phone?: string;
    status?: "pending" | "active" | "disabled";
    isAdmin?: boolean;
    roles?: { org: TestOrg; role: Role; title?: Title }[];
    activationCode?: string;
  } = {},
): Promise<TestUser> {
  const id = createId();
  const phone = options.phone ?? uniquePhone();
  const name = options.name ?? `测试${id.slice(0, 4)}`;
  const at = Date.now();
  const status = options.status ?? "active";
  await db()
    .insert(users)
    .values({
      id,
      phone,
      name,
      status,
      isAdmin: options.isAdmin ?? false,
      passwordHash: status === "pending" ? null : await testPasswordHash(),
      activationCodeHash: options.activationCode ? await sha256Hex(normalizeCode(options.activationCode)) : null,
      activationExpiresAt: options.activationCode ? at + 86_400_000 : null,
      createdAt: at,
      updatedAt: at,
    });
  for (const grant of options.roles ?? []) {
    await db()
      .insert(memberships)
      .values({
        id: createId(),
        userId: id,
        orgId: grant.org.id,
        role: grant.role,
        title: grant.title ?? "党员",
        createdAt: at,
        updatedAt: at,
      });
  }
  return { id, phone, name };
}

export async function loginAs(user: TestUser, password = TEST_PASSWORD): Promise<string> {
  const body = await expectStatus<{ token: string }>(call("/api/auth/login", { body: { login: user.phone, password } }), 200);
  return body.token;
}

/** A committee with two branches, an organizer of the committee and a member of branch A. */
export async function createWorld() {
  const committee = await createOrg({ kind: "committee" });
  const branchA = await createOrg({ parent: committee, kind: "branch" });
  const branchB = await createOrg({ parent: committee, kind: "branch" });
  const organizer = await createUser({ roles: [{ org: committee, role: "organizer", title: "书记" }] });
  const member = await createUser({ roles: [{ org: branchA, role: "member" }] });
  const outsiderOrg = await createOrg({ kind: "committee" });
  const outsider = await createUser({ roles: [{ org: outsiderOrg, role: "organizer" }] });
  return { committee, branchA, branchB, organizer, member, outsiderOrg, outsider };
}

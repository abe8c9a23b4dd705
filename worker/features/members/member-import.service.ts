import { createId } from "@paralleldrive/cuid2";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { memberImports, memberships, type OrgKind, orgs, type Role, type Title, titles, users } from "../../db/schema";
import type { AppEnv, SessionUser } from "../../env";
import { auditStatement } from "../../lib/audit";
import { sha256Hex } from "../../lib/crypto";
import { isUniqueViolation } from "../../lib/db-errors";
import { ApiError } from "../../lib/errors";
import { canManageOrg } from "../../lib/scope";
import { HOUR, now } from "../../lib/time";
import { listOrgs, type OrgRow } from "../orgs/orgs.repo";
import { loadOrgFor } from "../orgs/orgs.service";
import {
  type ImportRow,
  MemberFileError,
  normalizePhone,
  normalizeRole,
  normalizeTitle,
  parseMemberFile,
  TEMPLATE_EXAMPLE_PHONES,
} from "./member-import.parse";
import { newActivation, sameName } from "./members.service";

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const PREVIEW_TTL = HOUR;
const ROLE_LABELS: Record<Role, string> = { member: "成员", organizer: "组织管理员", lecturer: "讲师" };

type Action = "create" | "update" | "unchanged" | "error";

export type RowResult = {
  row: number;
  name: string;
  phone: string;
  org: string;
  orgId: string | null;
  title: string;
  role: string;
  employeeNo: string;
  action: Action;
  changes: string[];
  errors: string[];
};

/** What a commit writes. Ids of new records are made at commit time, so they are not part of the plan. */
type Plan = {
  results: RowResult[];
  newUsers: { phone: string; name: string; employeeNo: string | null }[];
  newMemberships: { phone: string; userId: string | null; orgId: string; role: Role; title: Title }[];
  titleUpdates: { membershipId: string; title: Title }[];
  employeeNoUpdates: { userId: string; employeeNo: string }[];
};

type OrgInScope = Pick<OrgRow, "id" | "name" | "path" | "parentId"> & { kind: OrgKind };

/**
 * An org name as compared with a cell: names keep their full-width brackets (NameSchema), while
 * cells come NFKC-folded and people type either form, so both sides are folded alike.
 */
function foldName(name: string): string {
  return name.normalize("NFKC").replace(/\s/g, "");
}

/**
 * Resolves the 所在组织 column inside the target org's subtree: empty means the target itself; a
 * name must be unique in the subtree; a path (`电芯车间党支部/甲班党小组`) names the way down.
 */
function orgResolver(target: OrgInScope, subtree: OrgInScope[]) {
  const byId = new Map(subtree.map((org) => [org.id, org]));
  const names = (org: OrgInScope): string[] => {
    const out: string[] = [];
    for (let current: OrgInScope | undefined = org; current; current = current.parentId ? byId.get(current.parentId) : undefined) {
      out.unshift(current.name);
      if (current.id === target.id) break;
    }
    return out;
  };
  return (text: string): { org: OrgInScope } | { error: string } => {
    const segments = text
      .split(/[/／>＞]/)
      .map((part) => part.trim())
      .filter(Boolean);
    if (segments.length === 0) return { org: target };
    const matches = subtree.filter((org) => {
      const chain = names(org).map(foldName);
      return (
        segments.length <= chain.length && segments.every((segment, i) => chain[chain.length - segments.length + i] === foldName(segment))
      );
    });
    if (matches.length === 1 && matches[0]) return { org: matches[0] };
    if (matches.length === 0) return { error: `在“${target.name}”下找不到组织“${text}”` };
    return { error: `“${text}”有 ${matches.length} 个同名组织，请写出上级，如“上级组织/${segments.at(-1)}”` };
  };
}

async function existingPeople(db: Db, phones: string[]) {
  // One bound JSON array instead of one parameter per phone: D1 allows at most 100 parameters.
  const list = JSON.stringify(phones);
  const [people, grants] = await db.batch([
    db.select().from(users).where(sql`${users.phone} in (select value from json_each(${list}))`),
    db
      .select({
        id: memberships.id,
        userId: memberships.userId,
        orgId: memberships.orgId,
        role: memberships.role,
        title: memberships.title,
        orgPath: orgs.path,
      })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(
        sql`${memberships.userId} in (select ${users.id} from ${users} where ${users.phone} in (select value from json_each(${list})))`,
      ),
  ]);
  return { people, grants };
}

export async function planImport(db: Db, user: SessionUser, target: OrgRow, rows: ImportRow[]): Promise<Plan> {
  const subtree = (await listOrgs(db, { subtreePaths: [target.path] })) as OrgInScope[];
  const resolveOrg = orgResolver(target, subtree);
  const phones = [...new Set(rows.map((row) => normalizePhone(row.phone)).filter((p): p is string => p !== null))];
  const { people, grants } = await existingPeople(db, phones);
  const personByPhone = new Map(people.map((p) => [p.phone, p]));
  const plan: Plan = { results: [], newUsers: [], newMemberships: [], titleUpdates: [], employeeNoUpdates: [] };
  const seenKey = new Map<string, number>();
  const seenPhone = new Map<string, { row: number; name: string; employeeNo: string }>();

  for (const raw of rows) {
    const errors: string[] = [];
    const changes: string[] = [];
    const name = raw.name.trim();
    if (!name) errors.push("姓名不能为空");
    else if (name.length > 64) errors.push("姓名不能超过 64 个字");
    const phone = normalizePhone(raw.phone);
    if (!phone) errors.push(raw.phone ? `手机号“${raw.phone}”格式不正确，需为 11 位手机号` : "手机号不能为空");
    else if (TEMPLATE_EXAMPLE_PHONES.includes(phone)) errors.push("这是模板里的示例行，请删除后再导入");
    const title = normalizeTitle(raw.title);
    // A blank 职务 means 党员 for someone joining, but "leave it" for a role the person already has:
    // re-importing a list without titles must not turn every 书记 back into a 党员.
    let shownTitle = title ?? raw.title;
    if (!title) errors.push(`职务“${raw.title}”无法识别，可填：${titles.join("、")}`);
    const role = normalizeRole(raw.role);
    if (!role) errors.push(`角色“${raw.role}”无法识别，可填：成员、组织管理员、讲师`);
    const employeeNo = raw.employeeNo.trim();
    if (employeeNo.length > 32) errors.push("工号不能超过 32 个字符");
    const resolved = resolveOrg(raw.org);
    if ("error" in resolved) errors.push(resolved.error);
    const org = "org" in resolved ? resolved.org : null;

    if (phone && org && role) {
      const key = `${phone}|${org.id}|${role}`;
      const earlier = seenKey.get(key);
      if (earlier) errors.push(`与第 ${earlier} 行重复（同一人、同一组织、同一角色）`);
      else seenKey.set(key, raw.row);
    }
    const samePhone = phone ? seenPhone.get(phone) : undefined;
    if (samePhone && name && !sameName(samePhone.name, name)) errors.push(`手机号与第 ${samePhone.row} 行相同，但姓名不同`);
    if (samePhone && employeeNo && samePhone.employeeNo && samePhone.employeeNo !== employeeNo)
      errors.push(`工号与第 ${samePhone.row} 行不一致`);

    const person = phone ? personByPhone.get(phone) : undefined;
    let action: Action = "unchanged";
    if (person && name && !sameName(person.name, name)) errors.push("该手机号已被另一位姓名不同的人使用，请核对手机号和姓名");

    if (errors.length === 0 && phone && org && role && title) {
      if (!person) {
        if (!samePhone) {
          plan.newUsers.push({ phone, name, employeeNo: employeeNo || null });
          action = "create";
        } else {
          action = "update";
        }
        plan.newMemberships.push({ phone, userId: null, orgId: org.id, role, title });
        changes.push(`加入“${org.name}”（${ROLE_LABELS[role]}，${title}）`);
      } else {
        const own = grants.filter((g) => g.userId === person.id);
        if (employeeNo && employeeNo !== (person.employeeNo ?? "") && !samePhone) {
          // 工号 belongs to the person, not to one org: only someone who manages all their orgs may change it.
          if (own.every((g) => canManageOrg(user, g.orgPath))) {
            plan.employeeNoUpdates.push({ userId: person.id, employeeNo });
            changes.push(`工号 ${person.employeeNo || "（空）"} → ${employeeNo}`);
          } else {
            errors.push("该成员还属于其他组织，工号请由其所在组织修改");
          }
        }
        const grant = own.find((g) => g.orgId === org.id && g.role === role);
        if (!grant) {
          plan.newMemberships.push({ phone, userId: person.id, orgId: org.id, role, title });
          changes.push(`加入“${org.name}”（${ROLE_LABELS[role]}，${title}）`);
        } else if (raw.title.trim() === "") {
          shownTitle = grant.title;
        } else if (grant.title !== title) {
          plan.titleUpdates.push({ membershipId: grant.id, title });
          changes.push(`职务 ${grant.title} → ${title}`);
        }
        if (errors.length === 0) action = changes.length > 0 ? "update" : "unchanged";
      }
    }
    if (phone && name && !samePhone) seenPhone.set(phone, { row: raw.row, name, employeeNo });
    if (errors.length > 0) action = "error";
    plan.results.push({
      row: raw.row,
      name,
      phone: phone ?? raw.phone,
      org: org?.name ?? raw.org,
      orgId: org?.id ?? null,
      title: shownTitle,
      role: role ?? raw.role,
      employeeNo,
      action,
      changes: errors.length > 0 ? [] : changes,
      errors,
    });
  }
  if (plan.results.some((r) => r.action === "error")) {
    // A file with errors commits nothing, so it plans nothing.
    plan.newUsers = [];
    plan.newMemberships = [];
    plan.titleUpdates = [];
    plan.employeeNoUpdates = [];
  }
  return plan;
}

function summarize(results: RowResult[]) {
  const count = (action: Action) => results.filter((r) => r.action === action).length;
  return { total: results.length, create: count("create"), update: count("update"), unchanged: count("unchanged"), errors: count("error") };
}

function planHash(plan: Plan) {
  return sha256Hex(JSON.stringify(plan));
}

export async function previewImport(c: Context<AppEnv>, user: SessionUser, orgId: string, file: unknown) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, orgId, "manage");
  if (!(file instanceof File)) throw new ApiError("BAD_REQUEST", "import.fileMissing");
  if (file.size > MAX_IMPORT_BYTES) throw new ApiError("PAYLOAD_TOO_LARGE", "import.fileTooLarge", { mb: MAX_IMPORT_BYTES / 1024 / 1024 });
  let rows: ImportRow[];
  try {
    rows = (await parseMemberFile(new Uint8Array(await file.arrayBuffer()), file.name)).rows;
  } catch (err) {
    if (err instanceof MemberFileError)
      throw new ApiError(err.key === "import.fileType" ? "UNSUPPORTED_MEDIA_TYPE" : "UNPROCESSABLE", err.key, err.params);
    throw err;
  }
  const plan = await planImport(db, user, org, rows);
  const at = now();
  const importId = createId();
  const summary = summarize(plan.results);
  const hash = await planHash(plan);
  await db.batch([
    // Nothing else deletes previews: each new one clears the expired ones, in the same round trip.
    db.delete(memberImports).where(lt(memberImports.expiresAt, at)),
    db.insert(memberImports).values({
      id: importId,
      orgId: org.id,
      createdBy: user.id,
      fileName: file.name.slice(0, 200),
      rows,
      planHash: hash,
      errorCount: summary.errors,
      createdAt: at,
      expiresAt: at + PREVIEW_TTL,
    }),
  ]);
  return { importId, fileName: file.name, expiresAt: at + PREVIEW_TTL, summary, rows: plan.results };
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * Applies a previewed import all or nothing: one D1 batch (one transaction) whose bulk statements
 * read their rows from a bound JSON array, so 5,000 rows are a handful of statements.
 */
export async function commitImport(c: Context<AppEnv>, user: SessionUser, orgId: string, importId: string) {
  const db = c.get("db");
  const org = await loadOrgFor(db, user, orgId, "manage");
  const saved = await db.select().from(memberImports).where(eq(memberImports.id, importId)).get();
  if (!saved || saved.orgId !== org.id || saved.createdBy !== user.id) throw new ApiError("NOT_FOUND", "import.notFound");
  if (saved.status === "committed") throw new ApiError("CONFLICT", "import.alreadyCommitted");
  const at = now();
  if (saved.expiresAt <= at) throw new ApiError("GONE", "import.notFound");
  if (saved.errorCount > 0) throw new ApiError("UNPROCESSABLE", "import.hasErrors", { count: saved.errorCount });

  const plan = await planImport(db, user, org, saved.rows as ImportRow[]);
  if ((await planHash(plan)) !== saved.planHash) throw new ApiError("CONFLICT", "import.stale");

  const newUsers = await Promise.all(
    plan.newUsers.map(async (u) => {
      const activation = await newActivation(at);
      return { ...u, id: createId(), code: activation.code, codeHash: activation.hash, expiresAt: activation.expiresAt };
    }),
  );
  const userIdByPhone = new Map(newUsers.map((u) => [u.phone, u.id]));
  const newMemberships = plan.newMemberships.map((m) => ({ ...m, id: createId(), userId: m.userId ?? userIdByPhone.get(m.phone) }));
  const summary = summarize(plan.results);
  // Query builders, not `db.run(sql)`: drizzle's D1 batch cannot bind a raw `db.run` statement that has
  // parameters. Table names are written out inside the correlated subqueries because json_each has an
  // `id` column of its own.
  const statements = [
    db
      .update(memberImports)
      .set({ status: "committed", committedAt: at })
      .where(and(eq(memberImports.id, saved.id), eq(memberImports.status, "preview"))),
    db.insert(users).select(
      sql`select json_extract(value, '$.id'), json_extract(value, '$.phone'), json_extract(value, '$.name'), json_extract(value, '$.employeeNo'),
             null, 'pending', 0, json_extract(value, '$.codeHash'), json_extract(value, '$.expiresAt'), ${at}, ${at}
      from json_each(${json(newUsers.map(({ code: _code, ...u }) => u))})`,
    ),
    db.insert(memberships).select(
      sql`select json_extract(value, '$.id'), json_extract(value, '$.userId'), json_extract(value, '$.orgId'), json_extract(value, '$.role'),
             json_extract(value, '$.title'), ${at}, ${at}
      from json_each(${json(newMemberships)})`,
    ),
    db
      .update(memberships)
      .set({
        title: sql`(select json_extract(value, '$.title') from json_each(${json(plan.titleUpdates)}) where json_extract(value, '$.membershipId') = memberships.id)`,
        updatedAt: at,
      })
      .where(sql`memberships.id in (select json_extract(value, '$.membershipId') from json_each(${json(plan.titleUpdates)}))`),
    db
      .update(users)
      .set({
        employeeNo: sql`(select json_extract(value, '$.employeeNo') from json_each(${json(plan.employeeNoUpdates)}) where json_extract(value, '$.userId') = users.id)`,
        updatedAt: at,
      })
      .where(sql`users.id in (select json_extract(value, '$.userId') from json_each(${json(plan.employeeNoUpdates)}))`),
  ];
  const changed = summary.create + summary.update > 0;
  try {
    await db.batch([
      ...(statements as [(typeof statements)[number], ...typeof statements]),
      ...(changed
        ? [
            auditStatement(db, c, {
              action: "member.import",
              entityType: "memberImport",
              entityId: saved.id,
              orgId: org.id,
              after: {
                fileName: saved.fileName,
                summary,
                rows: plan.results
                  .filter((r) => r.action !== "unchanged")
                  .map((r) => ({ row: r.row, phone: r.phone, action: r.action, changes: r.changes })),
              },
            }),
          ]
        : []),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", "import.stale");
    throw err;
  }
  return {
    summary: { created: summary.create, updated: summary.update, unchanged: summary.unchanged },
    activationCodes: newUsers.map((u) => ({ name: u.name, phone: u.phone, code: u.code })),
  };
}

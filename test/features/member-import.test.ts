import { env } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { createId } from "@paralleldrive/cuid2";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { titles } from "../../worker/db/schema";
import type { ImportPreviewSchema, ImportRowResultSchema } from "../../worker/features/members/members.schema";
import { auditOf, countRows, dbState, expectUnchanged } from "../helpers/db-state";
import { createOrg, createUser, loginAs, type TestOrg, uniquePhone } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";
import { zipBomb } from "../helpers/zip";

type Preview = z.infer<typeof ImportPreviewSchema>;
type RowResult = z.infer<typeof ImportRowResultSchema>;
type CommitResult = {
  summary: { created: number; updated: number; unchanged: number };
  activationCodes: { name: string; phone: string; code: string }[];
};

const HEADER = ["姓名", "手机号", "所在组织", "职务", "角色", "工号"];
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ACTIVATION_CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;
const UNAUTHENTICATED = errorEnvelope("UNAUTHENTICATED", "请先登录");
const FORBIDDEN = errorEnvelope("FORBIDDEN", "您没有权限进行此操作");
const ORG_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该组织");
const IMPORT_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该导入预览，或已过期，请重新上传文件");

/**
 * A committee with two branches that each have a group called 第一党小组 (so that name alone is
 * ambiguous), its organizer, a member of the first branch, and an organizer of another committee.
 */
async function importWorld() {
  const committee = await createOrg({ kind: "committee" });
  const branchA = await createOrg({ parent: committee, kind: "branch", name: "第一党支部" });
  const branchB = await createOrg({ parent: committee, kind: "branch", name: "第二党支部" });
  const groupA = await createOrg({ parent: branchA, kind: "group", name: "第一党小组" });
  const groupB = await createOrg({ parent: branchB, kind: "group", name: "第一党小组" });
  const organizer = await createUser({ roles: [{ org: committee, role: "organizer", title: "书记" }] });
  const member = await createUser({ name: "王芳", roles: [{ org: branchA, role: "member" }] });
  const outsiderOrg = await createOrg({ kind: "committee" });
  const outsider = await createUser({ roles: [{ org: outsiderOrg, role: "organizer" }] });
  return { committee, branchA, branchB, groupA, groupB, organizer, member, outsiderOrg, outsider, token: await loginAs(organizer) };
}

function csvText(rows: string[][]): string {
  return `${[HEADER, ...rows].map((cells) => cells.join(",")).join("\r\n")}\r\n`;
}

function csvFile(rows: string[][], name = "名单.csv"): File {
  return new File([new TextEncoder().encode(csvText(rows))], name, { type: "text/csv" });
}

async function xlsxFile(rows: (string | number)[][], name = "名单.xlsx"): Promise<File> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("成员");
  for (const values of [HEADER, ...rows]) sheet.addRow(values);
  return new File([new Uint8Array(await workbook.xlsx.writeBuffer())], name, { type: XLSX_TYPE });
}

function form(file: File | string | undefined, field = "file"): FormData {
  const data = new FormData();
  if (file !== undefined) data.append(field, file);
  return data;
}

function preview(token: string | undefined, orgId: string, file: File | FormData) {
  return call(`/api/orgs/${orgId}/members/import`, { token, body: file instanceof FormData ? file : form(file) });
}

function commit(token: string | undefined, orgId: string, importId: string) {
  return call(`/api/orgs/${orgId}/members/import/${importId}/commit`, { token, method: "POST" });
}

async function previewOk(token: string, orgId: string, file: File): Promise<Preview> {
  return expectStatus<Preview>(preview(token, orgId, file), 200);
}

/** One row of a preview, whole; the defaults are those of a row that only named a person. */
function rowResult(row: number, fields: Partial<RowResult> & Pick<RowResult, "name" | "phone" | "action">): RowResult {
  return { row, org: "", orgId: null, title: "党员", role: "member", employeeNo: "", changes: [], errors: [], ...fields };
}

function joined(org: TestOrg, role = "成员", title = "党员") {
  return `加入“${org.name}”（${role}，${title}）`;
}

async function membershipsOf(phone: string) {
  const { results } = await env.DB.prepare(
    "select m.org_id as orgId, m.role, m.title from memberships m join users u on u.id = m.user_id where u.phone = ? order by m.org_id, m.role",
  )
    .bind(phone)
    .all();
  return results;
}

function byOrgThenRole(a: { orgId: string; role: string }, b: { orgId: string; role: string }) {
  return a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : a.role < b.role ? -1 : 1;
}

describe("POST /api/orgs/{id}/members/import (preview)", () => {
  it("previews every row as create, update, unchanged or error, with Excel's row numbers and the reasons, writing no members", async () => {
    const w = await importWorld();
    const retitled = await createUser({ name: "李强", roles: [{ org: w.branchA, role: "member" }] });
    const known = await createUser({ name: "赵磊", roles: [{ org: w.branchB, role: "member" }] });
    const [p1, p2, p3, p4, p5, p6] = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
    const file = await xlsxFile([
      ["新人甲", p1, "第一党支部", "", "", ""],
      [w.member.name, w.member.phone, "第一党支部", "党员", "成员", ""],
      ["李强", retitled.phone, "第一党支部", "书记", "", ""],
      ["新人乙", Number(p2), "第一党支部/第一党小组", "组织委员", "组织管理员", "B7"],
      ["坏号码", "12345", "第一党支部", "", "", ""],
      ["无组织", p3, "不存在的支部", "", "", ""],
      ["重名组织", p4, "第一党小组", "", "", ""],
      ["新人甲", p1, "第一党支部", "", "", ""],
      ["职务错", p5, "", "主席", "", ""],
      ["角色错", p6, "", "", "校长", ""],
      ["张三", "13900000001", "第一党支部", "党员", "成员", "A1001"],
      ["冒名者", known.phone, "第二党支部", "", "", ""],
    ]);
    const before = await dbState();
    const body = await previewOk(w.token, w.committee.id, file);
    const at = { org: w.branchA.name, orgId: w.branchA.id };
    expect(body).toEqual({
      importId: expect.stringMatching(/^[a-z0-9]{8,40}$/),
      fileName: "名单.xlsx",
      expiresAt: expect.any(Number),
      summary: { total: 12, create: 2, update: 1, unchanged: 1, errors: 8 },
      rows: [
        rowResult(2, { name: "新人甲", phone: p1, ...at, action: "create", changes: [joined(w.branchA)] }),
        rowResult(3, { name: w.member.name, phone: w.member.phone, ...at, action: "unchanged" }),
        rowResult(4, { name: "李强", phone: retitled.phone, ...at, title: "书记", action: "update", changes: ["职务 党员 → 书记"] }),
        rowResult(5, {
          name: "新人乙",
          phone: p2,
          org: "第一党小组",
          orgId: w.groupA.id,
          title: "组织委员",
          role: "organizer",
          employeeNo: "B7",
          action: "create",
          changes: [joined(w.groupA, "组织管理员", "组织委员")],
        }),
        rowResult(6, { name: "坏号码", phone: "12345", ...at, action: "error", errors: ["手机号“12345”格式不正确，需为 11 位手机号"] }),
        rowResult(7, {
          name: "无组织",
          phone: p3,
          org: "不存在的支部",
          action: "error",
          errors: [`在“${w.committee.name}”下找不到组织“不存在的支部”`],
        }),
        rowResult(8, {
          name: "重名组织",
          phone: p4,
          org: "第一党小组",
          action: "error",
          errors: ["“第一党小组”有 2 个同名组织，请写出上级，如“上级组织/第一党小组”"],
        }),
        rowResult(9, { name: "新人甲", phone: p1, ...at, action: "error", errors: ["与第 2 行重复（同一人、同一组织、同一角色）"] }),
        rowResult(10, {
          name: "职务错",
          phone: p5,
          org: w.committee.name,
          orgId: w.committee.id,
          title: "主席",
          action: "error",
          errors: [`职务“主席”无法识别，可填：${titles.join("、")}`],
        }),
        rowResult(11, {
          name: "角色错",
          phone: p6,
          org: w.committee.name,
          orgId: w.committee.id,
          role: "校长",
          action: "error",
          errors: ["角色“校长”无法识别，可填：成员、组织管理员、讲师"],
        }),
        rowResult(12, {
          name: "张三",
          phone: "13900000001",
          ...at,
          employeeNo: "A1001",
          action: "error",
          errors: ["这是模板里的示例行，请删除后再导入"],
        }),
        rowResult(13, {
          name: "冒名者",
          phone: known.phone,
          org: w.branchB.name,
          orgId: w.branchB.id,
          action: "error",
          errors: ["该手机号已被另一位姓名不同的人使用，请核对手机号和姓名"],
        }),
      ],
    });
    const after = await dbState();
    for (const table of ["users", "memberships", "orgs", "audit_log"] as const) expect(after[table], table).toEqual(before[table]);
    expect(after.member_imports).toHaveLength(before.member_imports.length + 1);
  });

  it("reads a CSV saved by Excel on Chinese Windows (GBK) and one in UTF-8 with a BOM alike", async () => {
    const w = await importWorld();
    const phone = uniquePhone();
    const text = csvText([["欧阳娜娜", phone, "第二党支部/第一党小组", "预备党员", "讲师", "工-9"]]);
    const expected = rowResult(2, {
      name: "欧阳娜娜",
      phone,
      org: "第一党小组",
      orgId: w.groupB.id,
      title: "预备党员",
      role: "lecturer",
      employeeNo: "工-9",
      action: "create",
      changes: [joined(w.groupB, "讲师", "预备党员")],
    });
    const gbk = await previewOk(w.token, w.committee.id, new File([new Uint8Array(iconv.encode(text, "gbk"))], "名单.csv"));
    expect(gbk.rows).toEqual([expected]);
    const bom = await previewOk(w.token, w.committee.id, new File([new TextEncoder().encode(`\uFEFF${text}`)], "名单.csv"));
    expect(bom.rows).toEqual([expected]);
  });

  it("resolves orgs inside the org imported into: a branch's own list names its groups", async () => {
    const w = await importWorld();
    const phone = uniquePhone();
    const body = await previewOk(
      w.token,
      w.branchB.id,
      csvFile([
        ["新人", phone, "第一党小组", "", "", ""],
        ["外人", uniquePhone(), "第一党支部", "", "", ""],
      ]),
    );
    expect(body.rows.map((r) => [r.action, r.orgId, r.errors])).toEqual([
      ["create", w.groupB.id, []],
      ["error", null, [`在“第二党支部”下找不到组织“第一党支部”`]],
    ]);
  });

  it("finds an org whose name has full-width brackets, however the cell writes them", async () => {
    const w = await importWorld();
    const created = await expectStatus<{ org: { id: string; name: string } }>(
      call("/api/orgs", { token: w.token, body: { parentId: w.committee.id, name: "第三党支部（研发中心）", kind: "branch" } }),
      201,
    );
    expect(created.org.name).toBe("第三党支部（研发中心）");
    const body = await previewOk(
      w.token,
      w.committee.id,
      csvFile([
        ["甲", uniquePhone(), "第三党支部（研发中心）", "", "", ""],
        ["乙", uniquePhone(), "第三党支部(研发中心)", "", "", ""],
        ["丙", uniquePhone(), "第三党支部 （研发中心）", "", "", ""],
      ]),
    );
    expect(body.rows.map((r) => [r.orgId, r.org, r.errors])).toEqual(Array(3).fill([created.org.id, "第三党支部（研发中心）", []]));
  });

  it.each([
    [
      "an old .xls file by name",
      () => new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])], "名单.xls"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "只支持 .xlsx 和 .csv 文件",
    ],
    [
      "an old .xls workbook renamed .xlsx",
      () => new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])], "名单.xlsx"),
      422,
      "UNPROCESSABLE",
      "文件无法读取：这是旧版 .xls 文件或设置了密码的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后上传",
    ],
    [
      "garbage named .xlsx",
      () => new File([new TextEncoder().encode("not a workbook at all")], "名单.xlsx"),
      422,
      "UNPROCESSABLE",
      "文件无法读取：文件内容不是 .xlsx 工作簿",
    ],
    [
      "a CSV without a phone column",
      () => new File([new TextEncoder().encode("姓名,部门\r\n张三,车间\r\n")], "名单.csv"),
      422,
      "UNPROCESSABLE",
      "缺少必需的列：手机号",
    ],
    ["an empty file", () => new File([], "名单.csv"), 422, "UNPROCESSABLE", "文件中没有成员数据"],
    [
      "a file over 2 MB",
      () => new File([new Uint8Array(2 * 1024 * 1024 + 1).fill(0x41)], "名单.csv"),
      413,
      "PAYLOAD_TOO_LARGE",
      "文件过大，请不超过 2 MB",
    ],
  ])("refuses %s with the error envelope and writes nothing", async (_, file, status, code, message) => {
    const w = await importWorld();
    const before = await dbState();
    expect(await expectStatus(preview(w.token, w.committee.id, file()), status)).toEqual(errorEnvelope(code, message));
    await expectUnchanged(before);
  });

  it("refuses an .xlsx zip bomb (a sheet that expands to 51 MB) with 422 before unpacking it, writing nothing", async () => {
    const w = await importWorld();
    const before = await dbState();
    const bomb = new File([await zipBomb("xl/worksheets/sheet1.xml", 51 * 1024 * 1024)], "名单.xlsx");
    expect(await expectStatus(preview(w.token, w.committee.id, bomb), 422)).toEqual(
      errorEnvelope(
        "UNPROCESSABLE",
        "文件无法读取：文件解压后超过 50 MB，不像是正常的 Office 文件；请删除多余的内容（如图片、隐藏的工作表）后重新保存再上传",
      ),
    );
    await expectUnchanged(before);
  });

  it("answers 400 when the file field is missing or is not a file", async () => {
    const w = await importWorld();
    const before = await dbState();
    const missing = errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
      target: "form",
      issues: [{ path: "file", message: "请选择要导入的文件（.xlsx 或 .csv）", code: "custom" }],
    });
    for (const body of [form(undefined), form(csvFile([]), "upload"), form("姓名,手机号")]) {
      expect(await expectStatus(preview(w.token, w.committee.id, body), 400)).toEqual(missing);
    }
    await expectUnchanged(before);
  });

  it("answers 403 to a member, even for their own branch, and 404 to an organizer of another committee", async () => {
    const w = await importWorld();
    const file = csvFile([["新人", uniquePhone(), "", "", "", ""]]);
    const before = await dbState();
    const member = await loginAs(w.member);
    expect(await expectStatus(preview(member, w.branchA.id, file), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(preview(member, w.branchB.id, file), 404)).toEqual(ORG_NOT_FOUND);
    expect(await expectStatus(preview(await loginAs(w.outsider), w.committee.id, file), 404)).toEqual(ORG_NOT_FOUND);
    await expectUnchanged(before);
  });

  it("answers 404 for an unknown org, 400 for a malformed id and 401 without a session", async () => {
    const w = await importWorld();
    const file = csvFile([["新人", uniquePhone(), "", "", "", ""]]);
    const before = await dbState();
    expect(await expectStatus(preview(w.token, createId(), file), 404)).toEqual(ORG_NOT_FOUND);
    expect(await expectStatus(preview(w.token, "x!", file), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
        target: "param",
        issues: [expect.objectContaining({ path: "id" })],
      }),
    );
    expect(await expectStatus(preview(undefined, w.committee.id, file), 401)).toEqual(UNAUTHENTICATED);
    await expectUnchanged(before);
  });
});

describe("POST /api/orgs/{id}/members/import/{importId}/commit", () => {
  it("creates pending accounts with activation codes and memberships in the orgs named by name or by path", async () => {
    const w = await importWorld();
    const [pa, pb, pc, pd] = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
    const file = await xlsxFile([
      ["陈一", pa, "", "委员", "组织管理员", "E001"],
      ["陈二", pb, "第一党支部", "", "", ""],
      ["陈三", pc, "第一党支部/第一党小组", "预备党员", "", ""],
      ["陈四", pd, "第二党支部 / 第一党小组", "", "讲师", ""],
      ["陈一", pa, "第二党支部", "", "讲师", ""],
      [w.member.name, w.member.phone, "第二党支部", "", "", ""],
    ]);
    const shown = await previewOk(w.token, w.committee.id, file);
    expect(shown.summary).toEqual({ total: 6, create: 4, update: 2, unchanged: 0, errors: 0 });
    const usersBefore = await countRows("users");

    const body = await expectStatus<CommitResult>(commit(w.token, w.committee.id, shown.importId), 200);
    expect(body).toEqual({
      summary: { created: 4, updated: 2, unchanged: 0 },
      activationCodes: [
        { name: "陈一", phone: pa, code: expect.stringMatching(ACTIVATION_CODE) },
        { name: "陈二", phone: pb, code: expect.stringMatching(ACTIVATION_CODE) },
        { name: "陈三", phone: pc, code: expect.stringMatching(ACTIVATION_CODE) },
        { name: "陈四", phone: pd, code: expect.stringMatching(ACTIVATION_CODE) },
      ],
    });
    expect(await countRows("users")).toBe(usersBefore + 4);
    const created = await env.DB.prepare(
      "select name, employee_no, status, is_admin, password_hash, activation_code_hash from users where phone = ?",
    )
      .bind(pa)
      .first();
    expect(created).toEqual({
      name: "陈一",
      employee_no: "E001",
      status: "pending",
      is_admin: 0,
      password_hash: null,
      activation_code_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await membershipsOf(pa)).toEqual(
      [
        { orgId: w.committee.id, role: "organizer", title: "委员" },
        { orgId: w.branchB.id, role: "lecturer", title: "党员" },
      ].sort(byOrgThenRole),
    );
    expect(await membershipsOf(pb)).toEqual([{ orgId: w.branchA.id, role: "member", title: "党员" }]);
    expect(await membershipsOf(pc)).toEqual([{ orgId: w.groupA.id, role: "member", title: "预备党员" }]);
    expect(await membershipsOf(pd)).toEqual([{ orgId: w.groupB.id, role: "lecturer", title: "党员" }]);
    expect(await membershipsOf(w.member.phone)).toEqual(
      [
        { orgId: w.branchA.id, role: "member", title: "党员" },
        { orgId: w.branchB.id, role: "member", title: "党员" },
      ].sort(byOrgThenRole),
    );
    expect(await env.DB.prepare("select status, committed_at from member_imports where id = ?").bind(shown.importId).first()).toEqual({
      status: "committed",
      committed_at: expect.any(Number),
    });
    expect(await auditOf(shown.importId)).toEqual([
      {
        actorId: w.organizer.id,
        action: "member.import",
        entityType: "memberImport",
        entityId: shown.importId,
        orgId: w.committee.id,
        before: null,
        after: {
          fileName: "名单.xlsx",
          summary: { total: 6, create: 4, update: 2, unchanged: 0, errors: 0 },
          rows: shown.rows.map((r) => ({ row: r.row, phone: r.phone, action: r.action, changes: r.changes })),
        },
      },
    ]);

    const code = body.activationCodes.find((entry) => entry.phone === pc)?.code;
    const activated = await expectStatus<{ token: string }>(
      call("/api/auth/activate", { body: { login: pc, code, password: "Fresh2026pw" } }),
      200,
    );
    expect(await expectStatus(call("/api/me", { token: activated.token }), 200)).toMatchObject({ name: "陈三", phone: pc });
  });

  it("changes nothing when the same file is imported again: every row unchanged, no new audit entry", async () => {
    const w = await importWorld();
    const file = csvFile([
      ["周一", uniquePhone(), "第一党支部", "委员", "", "Z1"],
      ["周二", uniquePhone(), "第二党支部/第一党小组", "", "讲师", ""],
      [w.member.name, w.member.phone, "第二党支部", "", "", ""],
    ]);
    const first = await previewOk(w.token, w.committee.id, file);
    await expectStatus(commit(w.token, w.committee.id, first.importId), 200);

    const before = await dbState();
    const again = await previewOk(w.token, w.committee.id, file);
    expect(again.summary).toEqual({ total: 3, create: 0, update: 0, unchanged: 3, errors: 0 });
    expect(again.rows.map((r) => [r.action, r.changes, r.errors])).toEqual([
      ["unchanged", [], []],
      ["unchanged", [], []],
      ["unchanged", [], []],
    ]);
    expect(await expectStatus(commit(w.token, w.committee.id, again.importId), 200)).toEqual({
      summary: { created: 0, updated: 0, unchanged: 3 },
      activationCodes: [],
    });
    const after = await dbState();
    for (const table of ["users", "memberships", "orgs", "audit_log"] as const) expect(after[table], table).toEqual(before[table]);
  });

  it("applies a changed title on re-import as an update", async () => {
    const w = await importWorld();
    const phone = uniquePhone();
    const first = await previewOk(w.token, w.committee.id, csvFile([["吴敏", phone, "第一党支部", "党员", "", ""]]));
    await expectStatus(commit(w.token, w.committee.id, first.importId), 200);
    const second = await previewOk(w.token, w.committee.id, csvFile([["吴敏", phone, "第一党支部", "组织委员", "", ""]]));
    expect(second.rows).toEqual([
      rowResult(2, {
        name: "吴敏",
        phone,
        org: "第一党支部",
        orgId: w.branchA.id,
        title: "组织委员",
        action: "update",
        changes: ["职务 党员 → 组织委员"],
      }),
    ]);
    expect(await expectStatus(commit(w.token, w.committee.id, second.importId), 200)).toEqual({
      summary: { created: 0, updated: 1, unchanged: 0 },
      activationCodes: [],
    });
    expect(await membershipsOf(phone)).toEqual([{ orgId: w.branchA.id, role: "member", title: "组织委员" }]);
  });

  it("keeps a known person's title when the 职务 cell is blank, instead of resetting it to 党员", async () => {
    const w = await importWorld();
    const secretary = await createUser({ name: "黄书记", roles: [{ org: w.branchA, role: "member", title: "书记" }] });
    const shown = await previewOk(w.token, w.committee.id, csvFile([["黄书记", secretary.phone, "第一党支部", "", "", ""]]));
    expect(shown.rows).toEqual([
      rowResult(2, { name: "黄书记", phone: secretary.phone, org: "第一党支部", orgId: w.branchA.id, title: "书记", action: "unchanged" }),
    ]);
    await expectStatus(commit(w.token, w.committee.id, shown.importId), 200);
    expect(await membershipsOf(secretary.phone)).toEqual([{ orgId: w.branchA.id, role: "member", title: "书记" }]);
  });

  it("fills in a known person's employee number, but not for someone who also belongs to another committee", async () => {
    const w = await importWorld();
    const elsewhere = await createUser({
      name: "林一",
      roles: [
        { org: w.branchA, role: "member" },
        { org: w.outsiderOrg, role: "member" },
      ],
    });
    const refused = await previewOk(w.token, w.committee.id, csvFile([["林一", elsewhere.phone, "第一党支部", "", "", "L1"]]));
    expect(refused.rows.map((r) => [r.action, r.errors])).toEqual([["error", ["该成员还属于其他组织，工号请由其所在组织修改"]]]);

    const shown = await previewOk(w.token, w.committee.id, csvFile([[w.member.name, w.member.phone, "第一党支部", "", "", "W9"]]));
    expect(shown.rows).toEqual([
      rowResult(2, {
        name: w.member.name,
        phone: w.member.phone,
        org: "第一党支部",
        orgId: w.branchA.id,
        employeeNo: "W9",
        action: "update",
        changes: ["工号 （空） → W9"],
      }),
    ]);
    await expectStatus(commit(w.token, w.committee.id, shown.importId), 200);
    expect(await env.DB.prepare("select employee_no from users where id = ?").bind(w.member.id).first()).toEqual({ employee_no: "W9" });
  });

  it("refuses a preview with errors with 422 and writes nothing", async () => {
    const w = await importWorld();
    const shown = await previewOk(
      w.token,
      w.committee.id,
      csvFile([
        ["好人", uniquePhone(), "", "", "", ""],
        ["坏号码", "123", "", "", "", ""],
      ]),
    );
    expect(shown.summary.errors).toBe(1);
    const before = await dbState();
    expect(await expectStatus(commit(w.token, w.committee.id, shown.importId), 422)).toEqual(
      errorEnvelope("UNPROCESSABLE", "文件中有 1 行错误，请修改后重新上传"),
    );
    await expectUnchanged(before);
  });

  it("refuses a second commit of the same import with 409", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.committee.id, csvFile([["郑一", uniquePhone(), "", "", "", ""]]));
    await expectStatus(commit(w.token, w.committee.id, shown.importId), 200);
    const before = await dbState();
    expect(await expectStatus(commit(w.token, w.committee.id, shown.importId), 409)).toEqual(
      errorEnvelope("CONFLICT", "该导入已经确认过了"),
    );
    await expectUnchanged(before);
  });

  it("refuses with 409 when the data changed since the preview (a phone added meanwhile), writing nothing", async () => {
    const w = await importWorld();
    const [early, late] = [uniquePhone(), uniquePhone()];
    const shown = await previewOk(
      w.token,
      w.committee.id,
      csvFile([
        ["孙一", early, "", "", "", ""],
        ["孙二", late, "第一党支部", "", "", ""],
      ]),
    );
    await expectStatus(call(`/api/orgs/${w.branchA.id}/members`, { token: w.token, body: { name: "孙二", phone: late } }), 201);
    const before = await dbState();
    expect(await expectStatus(commit(w.token, w.committee.id, shown.importId), 409)).toEqual(
      errorEnvelope("CONFLICT", "预览之后数据已有变动，请重新上传文件生成预览"),
    );
    await expectUnchanged(before);
    expect(await countRows("users", "phone = ?", early)).toBe(0);
  });

  it("deletes expired previews, anyone's, when a new one is saved; unexpired ones stay", async () => {
    const w = await importWorld();
    const expired = await previewOk(w.token, w.committee.id, csvFile([["周一", uniquePhone(), "", "", "", ""]]));
    const kept = await previewOk(w.token, w.committee.id, csvFile([["周二", uniquePhone(), "", "", "", ""]]));
    const other = await loginAs(w.outsider);
    const othersExpired = await previewOk(other, w.outsiderOrg.id, csvFile([["周三", uniquePhone(), "", "", "", ""]]));
    await env.DB.prepare("update member_imports set expires_at = ? where id in (?, ?)")
      .bind(Date.now() - 1, expired.importId, othersExpired.importId)
      .run();
    const fresh = await previewOk(w.token, w.committee.id, csvFile([["周四", uniquePhone(), "", "", "", ""]]));
    const { results } = await env.DB.prepare("select id from member_imports where id in (?, ?, ?, ?)")
      .bind(expired.importId, kept.importId, othersExpired.importId, fresh.importId)
      .all<{ id: string }>();
    expect(results.map((r) => r.id).sort()).toEqual([kept.importId, fresh.importId].sort());
  });

  it("refuses an expired preview with 410 and writes nothing", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.committee.id, csvFile([["钱一", uniquePhone(), "", "", "", ""]]));
    await env.DB.prepare("update member_imports set expires_at = ? where id = ?")
      .bind(Date.now() - 1, shown.importId)
      .run();
    const before = await dbState();
    expect(await expectStatus(commit(w.token, w.committee.id, shown.importId), 410)).toEqual(
      errorEnvelope("GONE", "找不到该导入预览，或已过期，请重新上传文件"),
    );
    await expectUnchanged(before);
  });

  it("answers 404 for someone else's import: another organizer of the same org, another committee, or another org id", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.committee.id, csvFile([["冯一", uniquePhone(), "", "", "", ""]]));
    const colleague = await createUser({ roles: [{ org: w.committee, role: "organizer" }] });
    const before = await dbState();
    expect(await expectStatus(commit(await loginAs(colleague), w.committee.id, shown.importId), 404)).toEqual(IMPORT_NOT_FOUND);
    expect(await expectStatus(commit(await loginAs(w.outsider), w.outsiderOrg.id, shown.importId), 404)).toEqual(IMPORT_NOT_FOUND);
    expect(await expectStatus(commit(w.token, w.branchA.id, shown.importId), 404)).toEqual(IMPORT_NOT_FOUND);
    expect(await expectStatus(commit(w.token, w.committee.id, createId()), 404)).toEqual(IMPORT_NOT_FOUND);
    await expectUnchanged(before);
  });

  it("answers 403 to a member and 404 to an organizer of another committee for the org's commit route", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.committee.id, csvFile([["褚一", uniquePhone(), "", "", "", ""]]));
    const before = await dbState();
    expect(await expectStatus(commit(await loginAs(w.member), w.committee.id, shown.importId), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(commit(await loginAs(w.outsider), w.committee.id, shown.importId), 404)).toEqual(ORG_NOT_FOUND);
    await expectUnchanged(before);
  });

  it("answers 400 for malformed ids and 401 without a session", async () => {
    const w = await importWorld();
    const shown = await previewOk(w.token, w.committee.id, csvFile([["卫一", uniquePhone(), "", "", "", ""]]));
    const before = await dbState();
    const malformed = errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", { target: "param", issues: expect.any(Array) });
    expect(await expectStatus(commit(w.token, w.committee.id, "x!"), 400)).toEqual(malformed);
    expect(await expectStatus(commit(w.token, "x!", shown.importId), 400)).toEqual(malformed);
    expect(await expectStatus(commit(undefined, w.committee.id, shown.importId), 401)).toEqual(UNAUTHENTICATED);
    await expectUnchanged(before);
  });

  it("imports 1,000 rows of CSV in one commit", async () => {
    const w = await importWorld();
    const prefix = `17${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`;
    const places = ["第一党支部", "第二党支部/第一党小组", ""];
    const rows = Array.from({ length: 1000 }, (_, i) => [
      `成员${i}`,
      `${prefix}${String(i).padStart(4, "0")}`,
      places[i % 3] ?? "",
      "",
      "",
      `N${i}`,
    ]);
    const [usersBefore, membershipsBefore] = [await countRows("users"), await countRows("memberships")];
    const shown = await previewOk(w.token, w.committee.id, csvFile(rows));
    expect(shown.summary).toEqual({ total: 1000, create: 1000, update: 0, unchanged: 0, errors: 0 });
    const body = await expectStatus<CommitResult>(commit(w.token, w.committee.id, shown.importId), 200);
    expect(body.summary).toEqual({ created: 1000, updated: 0, unchanged: 0 });
    expect(new Set(body.activationCodes.map((entry) => entry.phone)).size).toBe(1000);
    expect(await countRows("users")).toBe(usersBefore + 1000);
    expect(await countRows("memberships")).toBe(membershipsBefore + 1000);
    expect(await countRows("users", "phone like ? and status = 'pending' and activation_code_hash is not null", `${prefix}%`)).toBe(1000);
    expect(await countRows("memberships", "org_id = ?", w.groupB.id)).toBe(333);
    expect(await countRows("audit_log", "entity_id = ?", shown.importId)).toBe(1);
  });
});

describe("GET /api/orgs/{id}/members/import-template", () => {
  it("serves the xlsx template, which reads back as the header and the two example rows", async () => {
    const w = await importWorld();
    const res = await call(`/api/orgs/${w.committee.id}/members/import-template`, { token: w.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX_TYPE);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="member-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent("成员导入模板.xlsx")}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet("成员");
    if (!sheet) throw new Error("the template has no 成员 sheet");
    const values = [1, 2, 3].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(values).toEqual([
      HEADER,
      ["张三", "13900000001", "第一党支部", "党员", "成员", "A1001"],
      ["李四", "13900000002", "第一党支部/第一党小组", "组织委员", "组织管理员", "A1002"],
    ]);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["成员", "填写说明"]);
  });

  it("serves the csv template with a BOM; uploaded as is, its example rows are flagged", async () => {
    const w = await importWorld();
    const res = await call(`/api/orgs/${w.committee.id}/members/import-template?format=csv`, { token: w.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      "姓名,手机号,所在组织,职务,角色,工号\r\n张三,13900000001,第一党支部,党员,成员,A1001\r\n李四,13900000002,第一党支部/第一党小组,组织委员,组织管理员,A1002\r\n",
    );
    const shown = await previewOk(w.token, w.committee.id, new File([bytes], "成员导入模板.csv"));
    expect(shown.rows.map((r) => [r.row, r.action, r.errors])).toEqual([
      [2, "error", ["这是模板里的示例行，请删除后再导入"]],
      [3, "error", ["这是模板里的示例行，请删除后再导入"]],
    ]);
  });

  it("answers 400 for an unknown format", async () => {
    const w = await importWorld();
    const body = await expectStatus(call(`/api/orgs/${w.committee.id}/members/import-template?format=xls`, { token: w.token }), 400);
    expect(body).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
        target: "query",
        issues: [expect.objectContaining({ path: "format" })],
      }),
    );
  });

  it("answers 403 to a member, 404 to an organizer of another committee and 401 without a session", async () => {
    const w = await importWorld();
    const path = `/api/orgs/${w.branchA.id}/members/import-template`;
    expect(await expectStatus(call(path, { token: await loginAs(w.member) }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(call(path, { token: await loginAs(w.outsider) }), 404)).toEqual(ORG_NOT_FOUND);
    expect(await expectStatus(call(path), 401)).toEqual(UNAUTHENTICATED);
  });
});

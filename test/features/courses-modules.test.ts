import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createAlliance, createBank } from "../helpers/banks";
import { bankWithQuestions } from "../helpers/contests";
import {
  countOf,
  courseState,
  courseWorld,
  createModule,
  createPublishedModule,
  expectCoursesUnchanged,
  type ModuleBody,
  moduleInput,
  publishModule,
  type QuizBody,
  quizRightAnswers,
  quizWrongAnswers,
  submitModule,
  tokensOf,
} from "../helpers/courses";
import { auditOf } from "../helpers/db-state";
import { createOrg, createUser, loginAs } from "../helpers/factories";
import { call, callAtOnce, errorEnvelope, expectStatus } from "../helpers/http";

type Tokens = Awaited<ReturnType<typeof worldTokens>>;

async function worldTokens() {
  const world = await courseWorld();
  const t = await tokensOf({
    organizer: world.organizer,
    lecturer: world.lecturer,
    lecturer2: world.lecturer2,
    sibling: world.siblingOrganizer,
    memberA: world.memberA,
    memberGroup: world.memberGroup,
    memberB: world.memberB,
    outsider: world.outsider,
  });
  return { world, ...t };
}

const getModule = (token: string, id: string) => call(`/api/modules/${id}`, { token });
const patch = (token: string, id: string, body: unknown) => call(`/api/modules/${id}`, { method: "PATCH", token, body });
const catalogIds = async (token: string, query = "") =>
  (await expectStatus<{ modules: { id: string; title: string }[] }>(call(`/api/catalog/modules${query}`, { token }), 200)).modules.map(
    (m) => m.id,
  );

function upload(token: string, moduleId: string, name: string, bytes: Uint8Array<ArrayBuffer>, type = "application/octet-stream") {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  return call(`/api/modules/${moduleId}/media`, { token, body: form });
}

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe("module lifecycle", () => {
  it("draft → submitted → published by an organizer above the owning org; the approver is recorded and audited", async () => {
    const t = await worldTokens();
    const created = await createModule(t.lecturer, moduleInput(t.world.branchA.id, { bodyMd: "# 提纲\n<script>alert(1)</script>" }));
    expect(created).toMatchObject({
      orgId: t.world.branchA.id,
      ownerId: t.world.lecturer.id,
      status: "draft",
      published: null,
      canEdit: true,
      canReview: false,
      audience: [{ type: "org", id: t.world.branchA.id, name: t.world.branchA.name }],
    });
    expect(created.draft).toMatchObject({
      version: 1,
      status: "draft",
      hours: 1.5,
      hoursTenths: 15,
      durationMin: 45,
      tags: ["党课", "车间党课"],
      bodyHtml: "<h1>提纲</h1>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
      media: { kind: "none" },
      quiz: null,
    });
    // Not published: a member of the audience does not see it.
    expect(await expectStatus(getModule(t.memberA, created.id), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到该课程，或该课程不面向您"));

    const submitted = await submitModule(t.lecturer, created.id);
    expect(submitted.status).toBe("submitted");
    expect(submitted.draft?.submittedAt).toEqual(expect.any(Number));
    // Under review: not edited, not submitted twice.
    expect(await expectStatus(patch(t.lecturer, created.id, { title: "改" }), 409)).toEqual(errorEnvelope("CONFLICT"));
    expect(await expectStatus(call(`/api/modules/${created.id}/submit`, { token: t.lecturer, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT"),
    );

    const published = await publishModule(t.organizer, created.id);
    expect(published).toMatchObject({ status: "published", draft: null, canReview: true });
    expect(published.published).toMatchObject({ id: created.draft?.id, version: 1, status: "published", reviewedBy: t.world.organizer.id });
    expect(await auditOf(created.id)).toEqual([
      expect.objectContaining({ action: "module.create", actorId: t.world.lecturer.id, orgId: t.world.branchA.id }),
      expect.objectContaining({ action: "module.submit", actorId: t.world.lecturer.id }),
      expect.objectContaining({
        action: "module.publish",
        actorId: t.world.organizer.id,
        after: { publishedVersionId: created.draft?.id, version: 1, approvedBy: t.world.organizer.id },
      }),
    ]);
    // Publishing again: nothing submitted.
    expect(await expectStatus(call(`/api/modules/${created.id}/publish`, { token: t.organizer, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该课程没有待审核的版本"),
    );

    const seen = await expectStatus<{ module: ModuleBody }>(getModule(t.memberA, created.id), 200);
    expect(seen.module).toMatchObject({
      status: "published",
      draft: null,
      history: [],
      canEdit: false,
      canReview: false,
      myCompletion: null,
    });
    expect(seen.module.published?.title).toBe("学习党的二十大精神（车间党课）");
  });

  it("editing a published module makes a new draft version; the published one stays live until the new one is approved, then is superseded", async () => {
    const t = await worldTokens();
    const m = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id));
    const v1 = m.published?.id as string;

    const edited = await expectStatus<{ module: ModuleBody }>(patch(t.lecturer, m.id, { title: "第二版", hours: 2 }), 200);
    expect(edited.module.status).toBe("draft");
    expect(edited.module.published).toMatchObject({ id: v1, version: 1, status: "published", title: "学习党的二十大精神（车间党课）" });
    expect(edited.module.draft).toMatchObject({
      version: 2,
      status: "draft",
      title: "第二版",
      hours: 2,
      hoursTenths: 20,
      tags: ["党课", "车间党课"],
    });
    // A second edit changes the same draft in place.
    const again = await expectStatus<{ module: ModuleBody }>(patch(t.lecturer, m.id, { summary: "新摘要" }), 200);
    expect(again.module.draft).toMatchObject({ id: edited.module.draft?.id, version: 2, title: "第二版", summary: "新摘要" });

    // Members still read version 1, in the module and the catalog.
    expect((await expectStatus<{ module: ModuleBody }>(getModule(t.memberA, m.id), 200)).module.published?.title).toBe(
      "学习党的二十大精神（车间党课）",
    );
    const catalog = await expectStatus<{ modules: { id: string; title: string; hours: number }[] }>(
      call("/api/catalog/modules", { token: t.memberA }),
      200,
    );
    expect(catalog.modules.find((x) => x.id === m.id)).toMatchObject({ title: "学习党的二十大精神（车间党课）", hours: 1.5 });

    await submitModule(t.lecturer, m.id);
    expect((await expectStatus<{ module: ModuleBody }>(getModule(t.memberA, m.id), 200)).module.published?.version).toBe(1);
    const approved = await publishModule(t.organizer, m.id);
    expect(approved.published).toMatchObject({ version: 2, title: "第二版", status: "published" });
    expect(approved.history.map((h) => [h.version, h.status])).toEqual([
      [2, "published"],
      [1, "superseded"],
    ]);
    expect((await expectStatus<{ module: ModuleBody }>(getModule(t.memberA, m.id), 200)).module.published?.title).toBe("第二版");
  });

  it("a rejected version carries the note, is edited in place and submitted again", async () => {
    const t = await worldTokens();
    const m = await createModule(t.lecturer, moduleInput(t.world.branchA.id));
    await submitModule(t.lecturer, m.id);
    const before = await courseState();
    expect(await expectStatus(call(`/api/modules/${m.id}/reject`, { token: t.organizer, body: { note: "  " } }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
    );
    expect(await expectStatus(call(`/api/modules/${m.id}/reject`, { token: t.organizer, body: {} }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
    );
    await expectCoursesUnchanged(before);
    const rejected = await expectStatus<{ module: ModuleBody }>(
      call(`/api/modules/${m.id}/reject`, { token: t.organizer, body: { note: "请补充案例" } }),
      200,
    );
    expect(rejected.module.status).toBe("rejected");
    expect(rejected.module.draft).toMatchObject({
      version: 1,
      status: "rejected",
      reviewNote: "请补充案例",
      reviewedBy: t.world.organizer.id,
    });
    const fixed = await expectStatus<{ module: ModuleBody }>(patch(t.lecturer, m.id, { bodyMd: "补充了案例" }), 200);
    expect(fixed.module.draft).toMatchObject({ version: 1, status: "rejected", bodyHtml: "<p>补充了案例</p>\n" });
    expect((await submitModule(t.lecturer, m.id)).status).toBe("submitted");
    expect((await publishModule(t.organizer, m.id)).published?.reviewNote).toBeNull();
  });

  it("archiving takes a module out of the catalog and out of members' reach", async () => {
    const t = await worldTokens();
    const m = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id));
    expect(await catalogIds(t.memberA)).toContain(m.id);
    const archived = await expectStatus<{ module: ModuleBody }>(call(`/api/modules/${m.id}/archive`, { token: t.lecturer, body: {} }), 200);
    expect(archived.module).toMatchObject({ status: "archived", archivedAt: expect.any(Number) });
    expect(await catalogIds(t.memberA)).not.toContain(m.id);
    expect(await expectStatus(getModule(t.memberA, m.id), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    const before = await courseState();
    expect(await expectStatus(call(`/api/modules/${m.id}/archive`, { token: t.lecturer, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT"),
    );
    expect(await expectStatus(patch(t.lecturer, m.id, { title: "x" }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该课程已归档，不能再修改或学习"),
    );
    await expectCoursesUnchanged(before);
  });
});

describe("who may write, edit and approve", () => {
  it("a member, or a lecturer of another org, cannot create a module there; nothing is written", async () => {
    const t = await worldTokens();
    const lecturerB = await loginAs(await createUser({ roles: [{ org: t.world.branchB, role: "lecturer" }] }));
    const before = await courseState();
    for (const token of [t.memberA, lecturerB, t.sibling])
      expect(await expectStatus(call("/api/modules", { token, body: moduleInput(t.world.branchA.id) }), 403)).toEqual(
        errorEnvelope("FORBIDDEN", "只有本组织的讲师或组织管理员可以编写课程"),
      );
    expect(await expectStatus(call("/api/modules", { body: moduleInput(t.world.branchA.id) }), 401)).toEqual(
      errorEnvelope("UNAUTHENTICATED"),
    );
    await expectCoursesUnchanged(before);
    // An organizer above the org may.
    expect((await createModule(t.organizer, moduleInput(t.world.branchA.id))).ownerId).toBe(t.world.organizer.id);
  });

  it("a lecturer edits only their own modules: another lecturer of the org reads the draft but cannot edit, submit, upload or archive", async () => {
    const t = await worldTokens();
    const m = await createModule(t.lecturer, moduleInput(t.world.branchA.id));
    const seen = await expectStatus<{ module: ModuleBody }>(getModule(t.lecturer2, m.id), 200);
    expect(seen.module).toMatchObject({ canEdit: false, canReview: false, draft: { version: 1 } });
    const before = await courseState();
    const calls: [string, Promise<Response>][] = [
      ["update", patch(t.lecturer2, m.id, { title: "别人的" })],
      ["submit", call(`/api/modules/${m.id}/submit`, { token: t.lecturer2, body: {} })],
      ["archive", call(`/api/modules/${m.id}/archive`, { token: t.lecturer2, body: {} })],
      ["upload", upload(t.lecturer2, m.id, "课件.pdf", PDF)],
    ];
    for (const [label, response] of calls)
      expect(await expectStatus(response, 403), label).toEqual(
        errorEnvelope("FORBIDDEN", "只能修改自己编写的课程（组织管理员可修改本组织的课程）"),
      );
    await expectCoursesUnchanged(before);
    // The organizer of the org above may edit it.
    expect((await expectStatus<{ module: ModuleBody }>(patch(t.organizer, m.id, { title: "管理员改" }), 200)).module.draft?.title).toBe(
      "管理员改",
    );
  });

  it("only organizers of the owning org (or above) approve: not the lecturer, not a sibling org's organizer", async () => {
    const t = await worldTokens();
    const m = await createModule(t.lecturer, moduleInput(t.world.branchA.id, { audience: [{ type: "org", id: t.world.committee.id }] }));
    await submitModule(t.lecturer, m.id);
    const before = await courseState();
    for (const action of ["publish", "reject"]) {
      expect(await expectStatus(call(`/api/modules/${m.id}/${action}`, { token: t.lecturer, body: { note: "x" } }), 403), action).toEqual(
        errorEnvelope("FORBIDDEN", "只有课程所属组织（或上级组织）的组织管理员可以审核课程"),
      );
      // The sibling org's organizer cannot even see an unpublished module.
      expect(await expectStatus(call(`/api/modules/${m.id}/${action}`, { token: t.sibling, body: { note: "x" } }), 404), action).toEqual(
        errorEnvelope("NOT_FOUND"),
      );
      expect(await expectStatus(call(`/api/modules/${m.id}/${action}`, { token: t.outsider, body: { note: "x" } }), 404)).toEqual(
        errorEnvelope("NOT_FOUND"),
      );
    }
    await expectCoursesUnchanged(before);
    await publishModule(t.organizer, m.id);

    // Published for the whole committee, the sibling organizer now reads it, but still cannot approve its next version.
    await expectStatus(patch(t.lecturer, m.id, { title: "第二版" }), 200);
    await submitModule(t.lecturer, m.id);
    const seen = await expectStatus<{ module: ModuleBody }>(getModule(t.sibling, m.id), 200);
    expect(seen.module).toMatchObject({ draft: null, canReview: false });
    const pending = await courseState();
    expect(await expectStatus(call(`/api/modules/${m.id}/publish`, { token: t.sibling, body: {} }), 403)).toEqual(
      errorEnvelope("FORBIDDEN"),
    );
    expect(await expectStatus(patch(t.sibling, m.id, { title: "x" }), 403)).toEqual(errorEnvelope("FORBIDDEN"));
    await expectCoursesUnchanged(pending);
  });

  it("every module route asks for a login", async () => {
    const id = "a".repeat(24);
    const routes: [string, string, { method?: string; body?: unknown }][] = [
      ["listModules", "/api/modules", {}],
      ["listCatalog", "/api/catalog/modules", {}],
      ["getModule", `/api/modules/${id}`, {}],
      ["updateModule", `/api/modules/${id}`, { method: "PATCH", body: { title: "x" } }],
      ["submitModule", `/api/modules/${id}/submit`, { body: {} }],
      ["publishModule", `/api/modules/${id}/publish`, { body: {} }],
      ["rejectModule", `/api/modules/${id}/reject`, { body: { note: "x" } }],
      ["archiveModule", `/api/modules/${id}/archive`, { body: {} }],
      ["downloadModuleMedia", `/api/modules/${id}/versions/${id}/media`, {}],
      ["completeModule", `/api/modules/${id}/complete`, { body: { confirm: true } }],
      ["startModuleQuiz", `/api/modules/${id}/quiz`, { body: {} }],
      ["getModuleQuiz", `/api/module-quizzes/${id}`, {}],
      ["submitModuleQuiz", `/api/module-quizzes/${id}/submit`, { body: { answers: [null] } }],
      ["getMyStudy", "/api/me/study", {}],
      ["getModuleAudienceOptions", `/api/modules/audience-options?orgId=${id}`, {}],
    ];
    for (const [label, path, options] of routes)
      expect(await expectStatus(call(path, options), 401), label).toEqual(errorEnvelope("UNAUTHENTICATED"));
    const form = new FormData();
    form.append("file", new File([PDF], "a.pdf"));
    expect(await expectStatus(call(`/api/modules/${id}/media`, { body: form }), 401)).toEqual(errorEnvelope("UNAUTHENTICATED"));
  });

  it("listModules: the caller's orgs only, filtered by status, tag and text", async () => {
    const t = await worldTokens();
    const a = await createModule(t.lecturer, moduleInput(t.world.branchA.id, { title: "车间安全微宣讲", tags: ["微宣讲"] }));
    const b = await createPublishedModule(
      t.lecturer2,
      t.organizer,
      moduleInput(t.world.branchA.id, { title: "党史夜校", tags: ["夜校", "党史"] }),
    );
    const list = async (token: string, query = "") =>
      (await expectStatus<{ modules: { id: string; status: string }[] }>(call(`/api/modules${query}`, { token }), 200)).modules.map(
        (m) => m.id,
      );
    expect((await list(t.lecturer)).sort()).toEqual([a.id, b.id].sort());
    expect((await list(t.organizer)).sort()).toEqual([a.id, b.id].sort());
    expect(await list(t.organizer, "?status=published")).toEqual([b.id]);
    expect(await list(t.organizer, "?status=draft")).toEqual([a.id]);
    expect(await list(t.organizer, "?tag=夜校")).toEqual([b.id]);
    expect(await list(t.organizer, `?q=${encodeURIComponent("安全")}`)).toEqual([a.id]);
    expect(await list(t.organizer, `?orgId=${t.world.branchB.id}`)).toEqual([]);
    for (const token of [t.memberA, t.sibling, t.outsider]) expect(await list(token)).toEqual([]);
    expect(await expectStatus(call("/api/modules?status=whatever", { token: t.organizer }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
    );
  });
});

describe("listModules items", () => {
  it("carry the length, the hours (of the draft and of the published version) and the note of a returned draft", async () => {
    const t = await worldTokens();
    const draft = await createModule(t.lecturer, moduleInput(t.world.branchA.id, { durationMin: 40, hours: 1 }));
    const returned = await createModule(t.lecturer, moduleInput(t.world.branchA.id, { durationMin: 50, hours: 2 }));
    await submitModule(t.lecturer, returned.id);
    await expectStatus(call(`/api/modules/${returned.id}/reject`, { token: t.organizer, body: { note: "请补充案例" } }), 200);
    const live = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id, { durationMin: 90, hours: 1.5 }));
    // A new draft of a published module: the list shows the draft; `published` what sessions give.
    await expectStatus(patch(t.lecturer, live.id, { durationMin: 120, hours: 2.5 }), 200);
    const items = (await expectStatus<{ modules: Record<string, unknown>[] }>(call("/api/modules", { token: t.organizer }), 200)).modules;
    const byId = (id: string) => items.find((m) => m.id === id);
    expect(byId(draft.id)).toMatchObject({ status: "draft", durationMin: 40, hours: 1, published: null, reviewNote: null });
    expect(byId(returned.id)).toMatchObject({ status: "rejected", durationMin: 50, hours: 2, published: null, reviewNote: "请补充案例" });
    expect(byId(live.id)).toMatchObject({
      status: "draft",
      durationMin: 120,
      hours: 2.5,
      published: { durationMin: 90, hours: 1.5 },
      reviewNote: null,
    });
    // Sent again: the old note is no longer shown as current.
    await submitModule(t.lecturer, returned.id);
    const again = (await expectStatus<{ modules: Record<string, unknown>[] }>(call("/api/modules", { token: t.lecturer }), 200)).modules;
    expect(again.find((m) => m.id === returned.id)).toMatchObject({ status: "submitted", reviewNote: null });
  });
});

describe("audience options", () => {
  const options = (token: string | undefined, orgId: string) =>
    call(`/api/modules/audience-options?orgId=${orgId}`, token === undefined ? {} : { token });
  type Options = {
    org: { id: string };
    orgs: { id: string; parentId: string | null; name: string; kind: string; path: string; above: boolean }[];
    alliances: { id: string; name: string; orgs: { id: string; name: string }[] }[];
    everyone: boolean;
  };

  it("gives a lecturer of the org its subtree with the orgs above it, its alliances (and those above) and everyone", async () => {
    const t = await worldTokens();
    const ofCommittee = await createAlliance([t.world.committee, t.world.outsiderOrg], `联盟甲${Date.now()}`);
    const ofBranchA = await createAlliance([t.world.branchA], `联盟乙${Date.now()}`);
    const ofBranchB = await createAlliance([t.world.branchB], `联盟丙${Date.now()}`);
    const got = await expectStatus<Options>(options(t.lecturer, t.world.branchA.id), 200);
    expect(got.org).toEqual({ id: t.world.branchA.id, name: t.world.branchA.name, path: t.world.branchA.path });
    expect(got.orgs.map((o) => [o.id, o.above])).toEqual([
      [t.world.committee.id, true],
      [t.world.branchA.id, false],
      [t.world.groupA.id, false],
    ]);
    expect(got.orgs[2]).toMatchObject({
      parentId: t.world.branchA.id,
      kind: "group",
      name: t.world.groupA.name,
      path: t.world.groupA.path,
    });
    expect(got.alliances.map((a) => a.id).sort()).toEqual([ofCommittee.id, ofBranchA.id].sort());
    expect(
      got.alliances
        .find((a) => a.id === ofCommittee.id)
        ?.orgs.map((o) => o.id)
        .sort(),
    ).toEqual([t.world.committee.id, t.world.outsiderOrg.id].sort());
    expect(got.alliances.some((a) => a.id === ofBranchB.id)).toBe(false);
    expect(got.everyone).toBe(true);
    // What it offers, the module API accepts.
    const audience = [
      ...got.orgs.map((o) => ({ type: "org" as const, id: o.id })),
      ...got.alliances.map((a) => ({ type: "alliance" as const, id: a.id })),
      { type: "all" as const },
    ];
    await createModule(t.lecturer, moduleInput(t.world.branchA.id, { audience }));
  });

  it("is for the org's lecturers and its organizers (or above); others get 403, or 404 for an org they cannot see", async () => {
    const t = await worldTokens();
    const committeeLecturer = await loginAs(await createUser({ roles: [{ org: t.world.committee, role: "lecturer" }] }));
    await expectStatus(options(t.organizer, t.world.branchA.id), 200);
    await expectStatus(options(t.organizer, t.world.groupA.id), 200);
    await expectStatus(options(t.sibling, t.world.branchB.id), 200);
    const whole = (await expectStatus<Options>(options(committeeLecturer, t.world.committee.id), 200)).orgs;
    expect(whole[0]).toMatchObject({ id: t.world.committee.id, parentId: null, above: false });
    expect(whole.map((o) => o.id).sort()).toEqual([t.world.committee.id, t.world.branchA.id, t.world.branchB.id, t.world.groupA.id].sort());
    // A member of the org, and a lecturer of the org above (who may not write modules of a branch).
    for (const token of [t.memberA, committeeLecturer])
      expect(await expectStatus(options(token, t.world.branchA.id), 403)).toEqual(
        errorEnvelope("FORBIDDEN", "只有本组织的讲师或组织管理员可以编写课程"),
      );
    // A lecturer of branch A does not lecture in group A below it.
    await expectStatus(options(t.lecturer, t.world.groupA.id), 403);
    // Orgs the caller cannot see at all: a sibling branch, another committee, an unknown id.
    for (const [token, orgId] of [
      [t.lecturer, t.world.branchB.id],
      [t.sibling, t.world.branchA.id],
      [t.outsider, t.world.branchA.id],
      [t.organizer, "z".repeat(24)],
    ] as const)
      expect(await expectStatus(options(token, orgId), 404)).toEqual(errorEnvelope("NOT_FOUND", "找不到课程所属的组织"));
    await expectStatus(call("/api/modules/audience-options", { token: t.organizer }), 400);
    await expectStatus(options(undefined, t.world.branchA.id), 401);
  });
});

describe("bad input changes nothing", () => {
  it("refuses invalid fields with 400 and data it cannot accept with 422", async () => {
    const t = await worldTokens();
    const outsiderBank = await bankWithQuestions(t.outsider, t.world.outsiderOrg.id);
    const before = await courseState();
    const base = moduleInput(t.world.branchA.id);
    const invalid: [string, unknown][] = [
      ["empty title", { ...base, title: "  " }],
      ["hours 0", { ...base, hours: 0 }],
      ["hours 40.5", { ...base, hours: 40.5 }],
      ["hours 1.25", { ...base, hours: 1.25 }],
      ["unknown tag", { ...base, tags: ["跳舞"] }],
      ["no audience", { ...base, audience: [] }],
      ["javascript link", { ...base, media: { kind: "link", url: "javascript:alert(1)" } }],
      ["data link", { ...base, media: { kind: "link", url: "data:text/html,x" } }],
      ["quiz count 21", { ...base, quiz: { bankId: outsiderBank.id, count: 21, passPct: 60 } }],
      ["quiz pass 0", { ...base, quiz: { bankId: outsiderBank.id, count: 2, passPct: 0 } }],
      ["unknown field", { ...base, ownerId: t.world.lecturer2.id }],
      ["duration 0", { ...base, durationMin: 0 }],
    ];
    for (const [label, body] of invalid)
      expect(await expectStatus(call("/api/modules", { token: t.lecturer, body }), 400), label).toEqual(
        errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.anything()),
      );
    const unacceptable: [string, unknown, string][] = [
      ["outsider's bank", { ...base, quiz: { bankId: outsiderBank.id, count: 2, passPct: 60 } }, "本组织不能使用所选的题库"],
      ["audience in another committee", { ...base, audience: [{ type: "org", id: t.world.outsiderOrg.id }] }, "课程不能面向"],
      ["unknown org", { ...base, orgId: "z".repeat(24) }, "找不到课程所属的组织"],
      ["unknown audience", { ...base, audience: [{ type: "org", id: "z".repeat(24) }] }, "找不到所选的面向组织"],
    ];
    for (const [label, body, message] of unacceptable)
      expect(await expectStatus(call("/api/modules", { token: t.lecturer, body }), 422), label).toEqual(
        errorEnvelope("UNPROCESSABLE", expect.stringContaining(message)),
      );
    await expectCoursesUnchanged(before);
  });

  it("checks the quiz: a bank the org may use, enough active questions, a self-paced module", async () => {
    const t = await worldTokens();
    const bank = await bankWithQuestions(t.organizer, t.world.committee.id);
    const base = moduleInput(t.world.branchA.id);
    const before = await courseState();
    expect(
      await expectStatus(
        call("/api/modules", { token: t.lecturer, body: { ...base, quiz: { bankId: bank.id, count: 5, passPct: 60 } } }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "题库中可用的试题只有 4 道，测验需要 5 道"));
    expect(
      await expectStatus(
        call("/api/modules", { token: t.lecturer, body: { ...base, selfPaced: false, quiz: { bankId: bank.id, count: 2, passPct: 60 } } }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", "只有可自学的课程才能设置结业测验"));
    await expectCoursesUnchanged(before);
    // A bank of the committee above the module's branch is usable; so is an alliance-shared one.
    const m = await createModule(t.lecturer, { ...base, quiz: { bankId: bank.id, count: 4, passPct: 75 } });
    expect(m.draft?.quiz).toEqual({ bankId: bank.id, count: 4, passPct: 75 });
  });
});

describe("audience", () => {
  it("an org audience reaches its whole subtree; members elsewhere get 404 and do not see it in the catalog", async () => {
    const t = await worldTokens();
    const m = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id));
    for (const token of [t.memberA, t.memberGroup]) {
      await expectStatus(getModule(token, m.id), 200);
      expect(await catalogIds(token)).toContain(m.id);
    }
    for (const token of [t.memberB, t.outsider]) {
      expect(await expectStatus(getModule(token, m.id), 404)).toEqual(errorEnvelope("NOT_FOUND"));
      expect(await catalogIds(token)).not.toContain(m.id);
    }
  });

  it("an alliance audience reaches the subtrees of its orgs; everyone means everyone", async () => {
    const t = await worldTokens();
    const partner = await createOrg({ kind: "committee" });
    const partnerBranch = await createOrg({ parent: partner, kind: "branch" });
    const partnerMember = await loginAs(await createUser({ roles: [{ org: partnerBranch, role: "member" }] }));
    const stranger = await loginAs(await createUser({ roles: [{ org: await createOrg({ kind: "committee" }), role: "member" }] }));
    const alliance = await createAlliance([t.world.committee, partner]);
    const forAlliance = await createPublishedModule(
      t.lecturer,
      t.organizer,
      moduleInput(t.world.branchA.id, { audience: [{ type: "alliance", id: alliance.id }] }),
    );
    expect(forAlliance.audience).toEqual([{ type: "alliance", id: alliance.id, name: alliance.name }]);
    const forAll = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id, { audience: [{ type: "all" }] }));
    expect(forAll.audience).toEqual([{ type: "all", id: "*", name: "全部" }]);
    // An org of the partner committee may be named too: it is in an alliance of the module's org.
    const forPartner = await createPublishedModule(
      t.lecturer,
      t.organizer,
      moduleInput(t.world.branchA.id, { audience: [{ type: "org", id: partnerBranch.id }] }),
    );

    for (const token of [partnerMember, t.memberB, t.memberGroup]) expect(await catalogIds(token)).toContain(forAlliance.id);
    expect(await catalogIds(stranger)).not.toContain(forAlliance.id);
    expect(await expectStatus(getModule(stranger, forAlliance.id), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    for (const token of [stranger, partnerMember, t.outsider]) {
      expect(await catalogIds(token)).toContain(forAll.id);
      await expectStatus(getModule(token, forAll.id), 200);
    }
    expect(await catalogIds(partnerMember)).toContain(forPartner.id);
    expect(await catalogIds(t.memberA)).not.toContain(forPartner.id);

    // An alliance the module's org is not in cannot be named.
    const other = await createAlliance([partner]);
    const before = await courseState();
    expect(
      await expectStatus(
        call("/api/modules", {
          token: t.lecturer,
          body: moduleInput(t.world.branchA.id, { audience: [{ type: "alliance", id: other.id }] }),
        }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE", `课程不能面向“${other.name}”：只能选择本单位的组织、本单位所在的党建联盟或其成员单位`));
    await expectCoursesUnchanged(before);
  });

  it("the catalog filters by tag and text and tells whether the caller completed a module", async () => {
    const t = await worldTokens();
    const a = await createPublishedModule(
      t.lecturer,
      t.organizer,
      moduleInput(t.world.branchA.id, { title: "咖啡制作夜校", tags: ["夜校", "兴趣"] }),
    );
    const b = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id, { title: "党章学习", tags: ["党课"] }));
    expect(await catalogIds(t.memberA, `?tag=${encodeURIComponent("兴趣")}`)).toEqual([a.id]);
    expect(await catalogIds(t.memberA, `?q=${encodeURIComponent("党章")}`)).toEqual([b.id]);
    await expectStatus(call(`/api/modules/${b.id}/complete`, { token: t.memberA, body: { confirm: true } }), 200);
    const catalog = await expectStatus<{ modules: { id: string; completed: boolean; upcomingSessions: number; hasQuiz: boolean }[] }>(
      call("/api/catalog/modules", { token: t.memberA }),
      200,
    );
    expect(catalog.modules.filter((m) => [a.id, b.id].includes(m.id))).toEqual([
      expect.objectContaining({ id: b.id, completed: true, upcomingSessions: 0, hasQuiz: false }),
      expect.objectContaining({ id: a.id, completed: false }),
    ]);
  });
});

describe("media files in R2", () => {
  it("uploads a file for the draft and streams it back with its type and a UTF-8 file name; members get the published version's only", async () => {
    const t = await worldTokens();
    const m = await createModule(t.lecturer, moduleInput(t.world.branchA.id));
    const stored = await expectStatus<{ module: ModuleBody }>(upload(t.lecturer, m.id, "党课课件（第一讲）.pdf", PDF, "text/html"), 200);
    const media = stored.module.draft?.media;
    expect(media).toEqual({
      kind: "file",
      name: "党课课件（第一讲）.pdf",
      type: "application/pdf",
      bytes: PDF.length,
      url: `/api/modules/${m.id}/versions/${m.draft?.id}/media`,
    });
    const key = (
      await env.DB.prepare("select media_key from module_versions where id = ?").bind(m.draft?.id).first<{ media_key: string }>()
    )?.media_key as string;
    expect(key).toMatch(new RegExp(`^modules/${m.id}/${m.draft?.id}/[a-z0-9]+\\.pdf$`));
    expect(await (await env.MEDIA.get(key))?.text()).toBe(new TextDecoder().decode(PDF));

    const url = (media as { url: string }).url;
    const res = await call(url, { token: t.lecturer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(
      `inline; filename="_________.pdf"; filename*=UTF-8''${encodeURIComponent("党课课件（第一讲）")}.pdf`,
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
    // A range, for a video player that seeks.
    const part = await call(url, { token: t.lecturer, headers: { range: "bytes=0-3" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-3/${PDF.length}`);
    expect(await part.text()).toBe("%PDF");

    // A member of the audience: not before publication, then yes.
    expect(await expectStatus(call(url, { token: t.memberA }), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    await submitModule(t.lecturer, m.id);
    await publishModule(t.organizer, m.id);
    const asMember = await call(url, { token: t.memberA });
    expect(asMember.status).toBe(200);
    expect(new Uint8Array(await asMember.arrayBuffer())).toEqual(PDF);
    expect(await expectStatus(call(url, { token: t.memberB }), 404)).toEqual(errorEnvelope("NOT_FOUND"));

    // A new draft copies the file; replacing it there leaves the published version's file alone.
    await expectStatus(patch(t.lecturer, m.id, { title: "第二版" }), 200);
    const v2 = await expectStatus<{ module: ModuleBody }>(upload(t.lecturer, m.id, "封面.png", PNG), 200);
    expect(v2.module.draft?.media).toMatchObject({ kind: "file", name: "封面.png", type: "image/png" });
    expect(await env.MEDIA.get(key)).not.toBeNull();
    // The draft's file is the lecturer's to read, not the member's.
    const draftUrl = `/api/modules/${m.id}/versions/${v2.module.draft?.id}/media`;
    expect(v2.module.draft?.media).toMatchObject({ url: draftUrl });
    expect(await expectStatus(call(draftUrl, { token: t.memberA }), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    expect((await call(draftUrl, { token: t.lecturer })).headers.get("content-type")).toBe("image/png");
    // Switching the draft to a link removes its own file from R2.
    const draftKey = (
      await env.DB.prepare("select media_key from module_versions where id = ?").bind(v2.module.draft?.id).first<{ media_key: string }>()
    )?.media_key as string;
    const linked = await expectStatus<{ module: ModuleBody }>(
      patch(t.lecturer, m.id, { media: { kind: "link", url: "https://v.example.cn/a.mp4" } }),
      200,
    );
    expect(linked.module.draft?.media).toEqual({ kind: "link", url: "https://v.example.cn/a.mp4" });
    expect(await env.MEDIA.get(draftKey)).toBeNull();
    expect(await env.MEDIA.get(key)).not.toBeNull();
  });

  it("refuses other types, renamed files, empty files and files over 50 MB, and writes nothing", async () => {
    const t = await worldTokens();
    const m = await createModule(t.lecturer, moduleInput(t.world.branchA.id));
    const before = await courseState();
    const listed = async () => (await env.MEDIA.list({ prefix: `modules/${m.id}/` })).objects.length;
    expect(await expectStatus(upload(t.lecturer, m.id, "病毒.exe", new Uint8Array([0x4d, 0x5a, 0, 0])), 415)).toEqual(
      errorEnvelope("UNSUPPORTED_MEDIA_TYPE", "只支持 PDF、PPTX、DOCX、MP4、PNG 和 JPG 文件（文件内容须与扩展名一致）"),
    );
    expect(
      await expectStatus(upload(t.lecturer, m.id, "page.pdf", new TextEncoder().encode("<html><script>alert(1)</script>")), 415),
    ).toEqual(errorEnvelope("UNSUPPORTED_MEDIA_TYPE"));
    expect(await expectStatus(upload(t.lecturer, m.id, "fake.png", PDF), 415)).toEqual(errorEnvelope("UNSUPPORTED_MEDIA_TYPE"));
    expect(await expectStatus(upload(t.lecturer, m.id, "empty.pdf", new Uint8Array()), 422)).toEqual(errorEnvelope("UNPROCESSABLE"));
    expect(await expectStatus(call(`/api/modules/${m.id}/media`, { token: t.lecturer, body: new FormData() }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", "请选择要上传的文件", expect.anything()),
    );
    // Over the cap: refused from the declared length, before the body is read.
    const big = await call(`/api/modules/${m.id}/media`, {
      token: t.lecturer,
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(60 * 1024 * 1024) },
      body: new ReadableStream({ start: (controller) => controller.close() }) as unknown as string,
    });
    expect(await expectStatus(big, 413)).toEqual(errorEnvelope("PAYLOAD_TOO_LARGE", "文件过大，请不超过 50 MB"));
    // A file just over 50 MB inside a form that fits: measured once parsed.
    const justOver = await upload(t.lecturer, m.id, "长视频.mp4", new Uint8Array(50 * 1024 * 1024 + 1));
    expect(await expectStatus(justOver, 413)).toEqual(errorEnvelope("PAYLOAD_TOO_LARGE"));
    expect(await listed()).toBe(0);
    await expectCoursesUnchanged(before);
    // Under review, the draft takes no file.
    await submitModule(t.lecturer, m.id);
    const submitted = await courseState();
    expect(await expectStatus(upload(t.lecturer, m.id, "a.pdf", PDF), 409)).toEqual(
      errorEnvelope("CONFLICT", "该版本正在审核中，审核完成前不能修改"),
    );
    await expectCoursesUnchanged(submitted);
    expect(await listed()).toBe(0);
  });
});

async function quizModule(t: Tokens, passPct = 75) {
  const bank = await bankWithQuestions(t.organizer, t.world.committee.id);
  return createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id, { quiz: { bankId: bank.id, count: 4, passPct } }));
}

const startQuiz = async (token: string, moduleId: string) =>
  (await expectStatus<{ quiz: QuizBody }>(call(`/api/modules/${moduleId}/quiz`, { token, body: {} }), 200)).quiz;
const submitQuiz = (token: string, quizId: string, answers: unknown[]) =>
  call(`/api/module-quizzes/${quizId}/submit`, { token, body: { answers } });

describe("self-paced completion with a quiz", () => {
  it("draws the questions without answers or explanations; a reload hands back the same quiz", async () => {
    const t = await worldTokens();
    const m = await quizModule(t);
    const res = await call(`/api/modules/${m.id}/quiz`, { token: t.memberA, body: {} });
    const text = await res.clone().text();
    expect(res.status, text).toBe(200);
    const { quiz } = (await res.json()) as { quiz: QuizBody };
    expect(quiz).toMatchObject({ moduleId: m.id, versionId: m.published?.id, passPct: 75, submittedAt: null, result: null });
    expect(quiz.questions.map((q) => q.type).sort()).toEqual(["fill", "judge", "multiple", "single"]);
    for (const q of quiz.questions) expect(Object.keys(q).sort()).toEqual(["blanks", "options", "seq", "stem", "type"]);
    expect(text).not.toMatch(/"answer"|"explanation"|"rightAnswer"|中共一大在上海召开|遵义会议确立/);
    const again = await call(`/api/modules/${m.id}/quiz`, { token: t.memberA, body: {} });
    expect(await again.text()).toBe(text);
    // Another member cannot read it.
    expect(await expectStatus(call(`/api/module-quizzes/${quiz.id}`, { token: t.memberGroup }), 404)).toEqual(errorEnvelope("NOT_FOUND"));
    expect(await expectStatus(submitQuiz(t.memberGroup, quiz.id, [null, null, null, null]), 404)).toEqual(errorEnvelope("NOT_FOUND"));
  });

  it("failing shows right and wrong with the answers and explanations and credits nothing; passing completes once and credits the hours", async () => {
    const t = await worldTokens();
    const m = await quizModule(t);
    const first = await startQuiz(t.memberA, m.id);
    const failed = await expectStatus<{ quiz: QuizBody; completion: unknown }>(
      submitQuiz(t.memberA, first.id, await quizWrongAnswers(first.id)),
      200,
    );
    expect(failed.completion).toBeNull();
    expect(failed.quiz.result).toMatchObject({ scorePct: 0, passed: false, correctCount: 0 });
    expect(failed.quiz.result?.review).toHaveLength(4);
    for (const item of failed.quiz.result?.review ?? []) {
      expect(item).toMatchObject({ correct: false, explanation: expect.any(String) });
      expect(item.rightAnswer).not.toBeUndefined();
    }
    expect(await countOf("ledger_entries", "user_id = ?", t.world.memberA.id)).toBe(0);
    // The graded quiz reads the same afterwards.
    expect((await expectStatus<{ quiz: QuizBody }>(call(`/api/module-quizzes/${first.id}`, { token: t.memberA }), 200)).quiz).toEqual(
      failed.quiz,
    );

    const second = await startQuiz(t.memberA, m.id);
    expect(second.id).not.toBe(first.id);
    const right = await quizRightAnswers(second.id);
    // Three of four right (75 %) passes at 75.
    const answers = [...right.slice(0, 3), null];
    const passed = await expectStatus<{ quiz: QuizBody; completion: { method: string; quizScorePct: number } }>(
      submitQuiz(t.memberA, second.id, answers),
      200,
    );
    expect(passed.quiz.result).toMatchObject({ scorePct: 75, passed: true, correctCount: 3 });
    expect(passed.quiz.result?.review.map((r) => r.correct)).toEqual([true, true, true, false]);
    expect(passed.completion).toMatchObject({ moduleId: m.id, versionId: m.published?.id, method: "quiz", quizScorePct: 75 });
    const entries = await env.DB.prepare(
      "select source, source_key, hours_tenths, points, title, org_id from ledger_entries where user_id = ?",
    )
      .bind(t.world.memberA.id)
      .all();
    expect(entries.results).toEqual([
      {
        source: "completion",
        source_key: m.id,
        hours_tenths: 15,
        points: 1,
        title: "学习党的二十大精神（车间党课）",
        org_id: t.world.branchA.id,
      },
    ]);
    // Done: no more quizzes; the module says so.
    expect(await expectStatus(call(`/api/modules/${m.id}/quiz`, { token: t.memberA, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "您已完成该课程，学时已计入"),
    );
    expect((await expectStatus<{ module: ModuleBody }>(getModule(t.memberA, m.id), 200)).module.myCompletion).toMatchObject({
      method: "quiz",
    });
  });

  it("a quiz submitted twice at once is graded once and credits once", async () => {
    const t = await worldTokens();
    const m = await quizModule(t);
    const quiz = await startQuiz(t.memberA, m.id);
    const answers = await quizRightAnswers(quiz.id);
    const responses = await callAtOnce([
      [`/api/module-quizzes/${quiz.id}/submit`, { token: t.memberA, body: { answers } }],
      [`/api/module-quizzes/${quiz.id}/submit`, { token: t.memberA, body: { answers } }],
    ]);
    const bodies = await Promise.all(responses.map((r) => expectStatus<{ quiz: QuizBody; completion: unknown }>(r, 200)));
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[0]?.quiz.result).toMatchObject({ scorePct: 100, passed: true });
    expect(await countOf("module_completions", "user_id = ? and module_id = ?", t.world.memberA.id, m.id)).toBe(1);
    expect(await countOf("ledger_entries", "user_id = ? and source = 'completion' and source_key = ?", t.world.memberA.id, m.id)).toBe(1);
    // And a retry later changes nothing.
    const before = await courseState();
    expect(await expectStatus(submitQuiz(t.memberA, quiz.id, await quizWrongAnswers(quiz.id)), 200)).toEqual(bodies[0]);
    await expectCoursesUnchanged(before);
  });

  it("two quizzes passed at once still complete once", async () => {
    const t = await worldTokens();
    const m = await quizModule(t);
    // Two open quizzes of one person (starting again hands back the open one, so the first is handed
    // in to get a second, then reopened in the database): both passed in the same instant.
    const q1 = await startQuiz(t.memberA, m.id);
    await expectStatus(submitQuiz(t.memberA, q1.id, await quizWrongAnswers(q1.id)), 200);
    const q2 = await startQuiz(t.memberA, m.id);
    await env.DB.prepare("update module_quizzes set submitted_at = null, passed = null, score_pct = null where id = ?").bind(q1.id).run();
    const responses = await callAtOnce([
      [`/api/module-quizzes/${q1.id}/submit`, { token: t.memberA, body: { answers: await quizRightAnswers(q1.id) } }],
      [`/api/module-quizzes/${q2.id}/submit`, { token: t.memberA, body: { answers: await quizRightAnswers(q2.id) } }],
    ]);
    for (const r of responses) await expectStatus(r, 200);
    expect(await countOf("module_completions", "user_id = ? and module_id = ?", t.world.memberA.id, m.id)).toBe(1);
    expect(await countOf("ledger_entries", "user_id = ? and source = 'completion' and source_key = ?", t.world.memberA.id, m.id)).toBe(1);
  });

  it("refuses a wrong number of answers and a malformed answer without grading", async () => {
    const t = await worldTokens();
    const m = await quizModule(t);
    const quiz = await startQuiz(t.memberA, m.id);
    const before = await courseState();
    expect(await expectStatus(submitQuiz(t.memberA, quiz.id, [null]), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", "请按顺序提交全部 4 道题的作答", expect.anything()),
    );
    expect(await expectStatus(submitQuiz(t.memberA, quiz.id, [{ type: "single", choice: 99 }, null, null, null]), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
    );
    expect(await expectStatus(call(`/api/modules/${m.id}/complete`, { token: t.memberA, body: { confirm: true } }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该课程需通过结业测验才能完成"),
    );
    await expectCoursesUnchanged(before);
  });
});

describe("self-paced completion by confirmation", () => {
  it("credits once, however often it is confirmed (also at once); the year's study adds up", async () => {
    const t = await worldTokens();
    const a = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id, { hours: 1.5 }));
    const b = await createPublishedModule(
      t.lecturer,
      t.organizer,
      moduleInput(t.world.branchA.id, { title: "微宣讲：安全生产", hours: 0.5 }),
    );
    const responses = await callAtOnce([
      [`/api/modules/${a.id}/complete`, { token: t.memberA, body: { confirm: true } }],
      [`/api/modules/${a.id}/complete`, { token: t.memberA, body: { confirm: true } }],
    ]);
    const bodies = await Promise.all(responses.map((r) => expectStatus<{ completion: unknown; credit: unknown }>(r, 200)));
    expect(bodies[0]).toEqual(bodies[1]);
    const year = Number(new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
    expect(bodies[0]).toEqual({
      completion: { moduleId: a.id, versionId: a.published?.id, method: "confirm", quizScorePct: null, completedAt: expect.any(Number) },
      credit: { hours: 1.5, hoursTenths: 15, points: 1, year },
    });
    expect(await expectStatus(call(`/api/modules/${a.id}/complete`, { token: t.memberA, body: { confirm: true } }), 200)).toEqual(
      bodies[0],
    );
    await expectStatus(call(`/api/modules/${b.id}/complete`, { token: t.memberA, body: { confirm: true } }), 200);
    expect(await countOf("ledger_entries", "user_id = ?", t.world.memberA.id)).toBe(2);

    const study = await expectStatus<{
      year: number;
      hours: number;
      hoursTenths: number;
      points: number;
      entries: { sourceKey: string; hours: number }[];
    }>(call("/api/me/study", { token: t.memberA }), 200);
    expect(study).toMatchObject({ year, hours: 2, hoursTenths: 20, points: 2 });
    expect(study.entries.map((e) => [e.sourceKey, e.hours]).sort()).toEqual(
      [
        [a.id, 1.5],
        [b.id, 0.5],
      ].sort(),
    );
    expect(await expectStatus(call(`/api/me/study?year=${year - 1}`, { token: t.memberA }), 200)).toEqual({
      year: year - 1,
      hours: 0,
      hoursTenths: 0,
      points: 0,
      entries: [],
    });
    // Someone else's year is not theirs.
    expect(await expectStatus(call("/api/me/study", { token: t.memberB }), 200)).toMatchObject({ hoursTenths: 0, entries: [] });
    for (const query of ["?year=abc", "?year=1999", "?year=2026.5"])
      expect(await expectStatus(call(`/api/me/study${query}`, { token: t.memberA }), 400), query).toEqual(
        errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
      );
  });

  it("refuses without confirmation, outside the audience, for a module taught in sessions only, and before publication", async () => {
    const t = await worldTokens();
    const m = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id));
    const classroom = await createPublishedModule(t.lecturer, t.organizer, moduleInput(t.world.branchA.id, { selfPaced: false }));
    const draft = await createModule(t.lecturer, moduleInput(t.world.branchA.id));
    const before = await courseState();
    expect(await expectStatus(call(`/api/modules/${m.id}/complete`, { token: t.memberA, body: { confirm: false } }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
    );
    expect(await expectStatus(call(`/api/modules/${m.id}/complete`, { token: t.memberA, body: {} }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", expect.any(String), expect.anything()),
    );
    expect(await expectStatus(call(`/api/modules/${m.id}/complete`, { token: t.memberB, body: { confirm: true } }), 404)).toEqual(
      errorEnvelope("NOT_FOUND"),
    );
    expect(await expectStatus(call(`/api/modules/${classroom.id}/complete`, { token: t.memberA, body: { confirm: true } }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该课程需参加线下或直播课次学习，不能自学完成"),
    );
    expect(await expectStatus(call(`/api/modules/${draft.id}/complete`, { token: t.memberA, body: { confirm: true } }), 404)).toEqual(
      errorEnvelope("NOT_FOUND"),
    );
    expect(await expectStatus(call(`/api/modules/${m.id}/quiz`, { token: t.memberA, body: {} }), 409)).toEqual(
      errorEnvelope("CONFLICT", "该课程没有结业测验，学习后确认完成即可"),
    );
    await expectCoursesUnchanged(before);
  });
});

describe("banks for quizzes", () => {
  it("a bank shared with an alliance of the module's org is usable; one of another org is not", async () => {
    const t = await worldTokens();
    const partner = await createOrg({ kind: "committee" });
    const partnerOrganizer = await loginAs(await createUser({ roles: [{ org: partner, role: "organizer" }] }));
    const alliance = await createAlliance([t.world.committee, partner]);
    const shared = await bankWithQuestions(partnerOrganizer, partner.id);
    const notShared = await createBank(partnerOrganizer, partner.id);
    const before = await courseState();
    expect(
      await expectStatus(
        call("/api/modules", {
          token: t.lecturer,
          body: moduleInput(t.world.branchA.id, { quiz: { bankId: shared.id, count: 2, passPct: 50 } }),
        }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE"));
    await expectCoursesUnchanged(before);
    await expectStatus(
      call(`/api/banks/${shared.id}`, {
        method: "PATCH",
        token: partnerOrganizer,
        body: { visibility: "alliance", allianceIds: [alliance.id] },
      }),
      200,
    );
    await createModule(t.lecturer, moduleInput(t.world.branchA.id, { quiz: { bankId: shared.id, count: 2, passPct: 50 } }));
    expect(
      await expectStatus(
        call("/api/modules", {
          token: t.lecturer,
          body: moduleInput(t.world.branchA.id, { quiz: { bankId: notShared.id, count: 1, passPct: 50 } }),
        }),
        422,
      ),
    ).toEqual(errorEnvelope("UNPROCESSABLE"));
  });
});

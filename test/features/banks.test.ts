import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { QuestionDraftInput } from "../../worker/features/bank/question";
import {
  addQuestion,
  type BankBody,
  bankState,
  count,
  createAlliance,
  createBank,
  DRAFTS,
  expectBanksUnchanged,
  type QuestionBody,
  shareBank,
  singleDraft,
} from "../helpers/banks";
import { auditOf } from "../helpers/db-state";
import { createOrg, createUser, createWorld, loginAs } from "../helpers/factories";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

const FORBIDDEN = errorEnvelope("FORBIDDEN", "您没有权限进行此操作");
const UNAUTHENTICATED = errorEnvelope("UNAUTHENTICATED", "请先登录");
const ORG_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该组织");
const BANK_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该题库");
const QUESTION_NOT_FOUND = errorEnvelope("NOT_FOUND", "找不到该试题");

/** The one validation envelope, with exactly these issues. */
function invalid(issues: { path: string; message: string }[], target = "json") {
  return errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
    target,
    issues: issues.map((issue) => ({ ...issue, code: expect.any(String) })),
  });
}

type Page = { items: QuestionBody[]; total: number; page: number; pageSize: number };

/** A bank of the world's committee with its organizer's and member's tokens. */
async function bankWorld() {
  const w = await createWorld();
  const token = await loginAs(w.organizer);
  const memberToken = await loginAs(w.member);
  const outsiderToken = await loginAs(w.outsider);
  const bank = await createBank(token, w.committee.id, "党史题库");
  return { ...w, token, memberToken, outsiderToken, bank };
}

function bankView(bank: BankBody, fields: Partial<BankBody> = {}): BankBody {
  return { ...bank, ...fields };
}

async function listBanks(token: string): Promise<BankBody[]> {
  return (await expectStatus<{ banks: BankBody[] }>(call("/api/banks", { token }), 200)).banks;
}

function getQuestion(token: string, id: string) {
  return call(`/api/questions/${id}`, { token });
}

function patchQuestion(token: string, id: string, body: unknown) {
  return call(`/api/questions/${id}`, { method: "PATCH", token, body });
}

async function search(token: string, bankId: string, query = ""): Promise<Page> {
  return expectStatus<Page>(call(`/api/banks/${bankId}/questions${query}`, { token }), 200);
}

/** The question row as the API shows it, whole. */
function questionView(q: QuestionBody, fields: Partial<QuestionBody> = {}): QuestionBody {
  return { ...q, updatedAt: expect.any(Number), ...fields };
}

async function versionsOf(questionId: string) {
  const { results } = await env.DB.prepare(
    "select version, stem, answer, tags from question_versions where question_id = ? order by version",
  )
    .bind(questionId)
    .all<{ version: number; stem: string; answer: string; tags: string }>();
  return results.map((r) => ({ version: r.version, stem: r.stem, answer: JSON.parse(r.answer), tags: JSON.parse(r.tags) }));
}

async function tagsOf(questionId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("select tag from question_tags where question_id = ? order by tag")
    .bind(questionId)
    .all<{ tag: string }>();
  return results.map((r) => r.tag);
}

/** The member answers a question through today's practice set (the org's set is made big enough to hold the bank). */
async function answerInPractice(organizerToken: string, orgId: string, memberToken: string, questionId: string, choice = 1) {
  await expectStatus(call(`/api/orgs/${orgId}/practice-settings`, { method: "PUT", token: organizerToken, body: { dailySize: 50 } }), 200);
  const today = await expectStatus<{ items: { question: { id: string } }[] }>(call("/api/practice/today", { token: memberToken }), 200);
  expect(today.items.map((i) => i.question.id)).toContain(questionId);
  return expectStatus<{ correct: boolean }>(
    call("/api/practice/answers", { token: memberToken, body: { questionId, response: { type: "single", choice } } }),
    200,
  );
}

describe("POST /api/banks", () => {
  it("an organizer creates a bank owned by their org, shared with no one, and it is audited", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const body = await expectStatus<{ bank: BankBody }>(
      call("/api/banks", { token, body: { orgId: w.committee.id, name: " 党史题库 ", description: "  一大到二十大  " } }),
      201,
    );
    expect(body).toEqual({
      bank: {
        id: expect.stringMatching(/^[a-z0-9]{8,40}$/),
        orgId: w.committee.id,
        orgName: w.committee.name,
        name: "党史题库",
        description: "一大到二十大",
        visibility: "org",
        allianceIds: [],
        questionCount: 0,
        shipped: false,
        canManage: true,
      },
    });
    expect(await auditOf(body.bank.id)).toEqual([
      {
        actorId: w.organizer.id,
        action: "bank.create",
        entityType: "bank",
        entityId: body.bank.id,
        orgId: w.committee.id,
        before: null,
        after: { orgId: w.committee.id, name: "党史题库", description: "一大到二十大" },
      },
    ]);
  });

  it("keeps a bank's name as typed: full-width brackets and letters stay, only NFC and outer spaces apply", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const bank = await createBank(token, w.committee.id, " 党史题库（第二版）：ＡＢ卷 Cafe\u0301 ");
    expect(bank.name).toBe("党史题库（第二版）：ＡＢ卷 Café");
    expect((await listBanks(token)).find((b) => b.id === bank.id)?.name).toBe("党史题库（第二版）：ＡＢ卷 Café");
  });

  it("an organizer of a committee creates one for a branch below it", async () => {
    const w = await createWorld();
    const bank = await createBank(await loginAs(w.organizer), w.branchB.id, "二支部题库");
    expect(bank).toMatchObject({ orgId: w.branchB.id, orgName: w.branchB.name, canManage: true });
  });

  it("refuses a member of the org with 403 and changes nothing", async () => {
    const w = await createWorld();
    const token = await loginAs(w.member);
    const before = await bankState();
    expect(await expectStatus(call("/api/banks", { token, body: { orgId: w.branchA.id, name: "我的题库" } }), 403)).toEqual(FORBIDDEN);
    await expectBanksUnchanged(before);
  });

  it("answers 404 to an outsider, as if the org did not exist, and changes nothing", async () => {
    const w = await createWorld();
    const token = await loginAs(w.outsider);
    const before = await bankState();
    expect(await expectStatus(call("/api/banks", { token, body: { orgId: w.committee.id, name: "题库" } }), 404)).toEqual(ORG_NOT_FOUND);
    expect(await expectStatus(call("/api/banks", { token, body: { orgId: "nosuchorg0000000", name: "题库" } }), 404)).toEqual(
      ORG_NOT_FOUND,
    );
    await expectBanksUnchanged(before);
  });

  it("refuses bad input with 400 and no login with 401, changing nothing", async () => {
    const w = await createWorld();
    const token = await loginAs(w.organizer);
    const before = await bankState();
    expect(await expectStatus(call("/api/banks", { token, body: { orgId: w.committee.id, name: "  " } }), 400)).toEqual(
      invalid([{ path: "name", message: "不能为空" }]),
    );
    expect(await expectStatus(call("/api/banks", { token, body: { orgId: w.committee.id, name: "题库", shipped: true } }), 400)).toEqual(
      invalid([{ path: "", message: expect.any(String) }]),
    );
    expect(await expectStatus(call("/api/banks", { body: { orgId: w.committee.id, name: "题库" } }), 401)).toEqual(UNAUTHENTICATED);
    await expectBanksUnchanged(before);
  });
});

describe("GET /api/banks (visibility)", () => {
  it("a member sees the banks of their org and the orgs above it, not those of a sibling branch or another committee", async () => {
    const w = await bankWorld();
    const own = await createBank(w.token, w.branchA.id, "一支部题库");
    const sibling = await createBank(w.token, w.branchB.id, "二支部题库");
    const foreign = await createBank(w.outsiderToken, w.outsiderOrg.id, "外单位题库");
    const seen = await listBanks(w.memberToken);
    expect(seen).toEqual(expect.arrayContaining([bankView(w.bank, { canManage: false }), bankView(own, { canManage: false })]));
    expect(seen.map((b) => b.id)).not.toContain(sibling.id);
    expect(seen.map((b) => b.id)).not.toContain(foreign.id);
  });

  it("an organizer sees every bank of the subtree they manage, each manageable", async () => {
    const w = await bankWorld();
    const sibling = await createBank(w.token, w.branchB.id, "二支部题库");
    const seen = await listBanks(w.token);
    expect(seen).toEqual(expect.arrayContaining([bankView(w.bank), bankView(sibling)]));
  });

  it("a public bank is seen by everyone, manageable only by its owner's organizers; back to org hides it again", async () => {
    const w = await bankWorld();
    const stranger = await createUser({ roles: [{ org: await createOrg(), role: "member" }] });
    const strangerToken = await loginAs(stranger);
    expect((await listBanks(strangerToken)).map((b) => b.id)).not.toContain(w.bank.id);
    const shared = await shareBank(w.token, w.bank.id, { visibility: "public" });
    expect(shared).toEqual(bankView(w.bank, { visibility: "public" }));
    expect(await listBanks(strangerToken)).toContainEqual(bankView(shared, { canManage: false }));
    expect(await listBanks(w.outsiderToken)).toContainEqual(bankView(shared, { canManage: false }));
    await shareBank(w.token, w.bank.id, { visibility: "org" });
    expect((await listBanks(strangerToken)).map((b) => b.id)).not.toContain(w.bank.id);
  });

  it("an alliance share reaches members of branches under another member committee, and no one outside the alliance", async () => {
    const w = await bankWorld();
    // The outsider's committee joins an alliance with ours; a member of a branch under it should see the bank.
    const partnerBranch = await createOrg({ parent: w.outsiderOrg, kind: "branch" });
    const partnerMember = await createUser({ roles: [{ org: partnerBranch, role: "member" }] });
    const partnerToken = await loginAs(partnerMember);
    const stranger = await createUser({ roles: [{ org: await createOrg(), role: "organizer" }] });
    const strangerToken = await loginAs(stranger);
    const alliance = await createAlliance([w.committee, w.outsiderOrg]);
    expect((await listBanks(partnerToken)).map((b) => b.id)).not.toContain(w.bank.id);

    const shared = await shareBank(w.token, w.bank.id, { visibility: "alliance", allianceIds: [alliance.id, alliance.id] });
    expect(shared).toEqual(bankView(w.bank, { visibility: "alliance", allianceIds: [alliance.id] }));
    expect(await listBanks(partnerToken)).toContainEqual(bankView(shared, { canManage: false }));
    expect(await listBanks(w.outsiderToken)).toContainEqual(bankView(shared, { canManage: false }));
    expect((await listBanks(strangerToken)).map((b) => b.id)).not.toContain(w.bank.id);
    expect(await auditOf(w.bank.id)).toContainEqual(
      expect.objectContaining({
        action: "bank.update",
        before: { name: "党史题库", description: "", visibility: "org", allianceIds: [] },
        after: { visibility: "alliance", allianceIds: [alliance.id] },
      }),
    );

    // A partner may see the bank but not manage it.
    const before = await bankState();
    expect(
      await expectStatus(call(`/api/banks/${w.bank.id}`, { method: "PATCH", token: w.outsiderToken, body: { name: "改名" } }), 403),
    ).toEqual(FORBIDDEN);
    expect(await expectStatus(call(`/api/banks/${w.bank.id}/questions`, { token: w.outsiderToken }), 403)).toEqual(FORBIDDEN);
    await expectBanksUnchanged(before);
  });

  it("keeps the alliances when only the name changes, and drops them when the bank goes public", async () => {
    const w = await bankWorld();
    const alliance = await createAlliance([w.committee, w.outsiderOrg]);
    await shareBank(w.token, w.bank.id, { visibility: "alliance", allianceIds: [alliance.id] });
    const renamed = await expectStatus<{ bank: BankBody }>(
      call(`/api/banks/${w.bank.id}`, { method: "PATCH", token: w.token, body: { name: "党史题库（2026）" } }),
      200,
    );
    expect(renamed.bank).toEqual(bankView(w.bank, { name: "党史题库（2026）", visibility: "alliance", allianceIds: [alliance.id] }));
    const opened = await shareBank(w.token, w.bank.id, { visibility: "public" });
    expect(opened).toEqual(bankView(w.bank, { name: "党史题库（2026）", visibility: "public", allianceIds: [] }));
    expect(await count("bank_shares", "bank_id = ?", w.bank.id)).toBe(0);
  });

  it("answers 401 without a login", async () => {
    expect(await expectStatus(call("/api/banks"), 401)).toEqual(UNAUTHENTICATED);
  });
});

describe("GET /api/banks/{id}", () => {
  function getBank(token: string, id: string) {
    return call(`/api/banks/${id}`, { token });
  }

  it("gives a bank whole, as the list shows it: manageable to its organizers, usable by members", async () => {
    const w = await bankWorld();
    await addQuestion(w.token, w.bank.id, singleDraft());
    const listed = (await listBanks(w.token)).find((b) => b.id === w.bank.id);
    expect(listed).toEqual(bankView(w.bank, { questionCount: 1 }));
    expect(await expectStatus(getBank(w.token, w.bank.id), 200)).toEqual({ bank: listed });
    expect(await expectStatus(getBank(w.memberToken, w.bank.id), 200)).toEqual({ bank: { ...listed, canManage: false } });
  });

  it("gives a bank shared with an alliance or made public to those it reaches, not manageable", async () => {
    const w = await bankWorld();
    const alliance = await createAlliance([w.committee, w.outsiderOrg]);
    const shared = await shareBank(w.token, w.bank.id, { visibility: "alliance", allianceIds: [alliance.id] });
    expect(await expectStatus(getBank(w.outsiderToken, w.bank.id), 200)).toEqual({ bank: bankView(shared, { canManage: false }) });
    const strangerToken = await loginAs(await createUser({ roles: [{ org: await createOrg(), role: "member" }] }));
    expect(await expectStatus(getBank(strangerToken, w.bank.id), 404)).toEqual(BANK_NOT_FOUND);
    const opened = await shareBank(w.token, w.bank.id, { visibility: "public" });
    expect(await expectStatus(getBank(strangerToken, w.bank.id), 200)).toEqual({ bank: bankView(opened, { canManage: false }) });
  });

  it("answers 404 for a bank outside the caller's reach or none at all, 400 for a malformed id, 401 without a login", async () => {
    const w = await bankWorld();
    const sibling = await createBank(w.token, w.branchB.id, "二支部题库");
    expect(await expectStatus(getBank(w.outsiderToken, w.bank.id), 404)).toEqual(BANK_NOT_FOUND);
    expect(await expectStatus(getBank(w.memberToken, sibling.id), 404)).toEqual(BANK_NOT_FOUND);
    expect(await expectStatus(getBank(w.token, "nosuchbank000000"), 404)).toEqual(BANK_NOT_FOUND);
    expect(await expectStatus(getBank(w.token, "Not-An-Id"), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.objectContaining({ target: "param" })),
    );
    expect(await expectStatus(getBank("", w.bank.id), 401)).toEqual(UNAUTHENTICATED);
  });

  it("leaves the import template route alone and is named getBank in the OpenAPI document", async () => {
    const w = await bankWorld();
    expect((await call("/api/banks/import-template?format=csv", { token: w.token })).status).toBe(200);
    const doc = await expectStatus<{ paths: Record<string, Record<string, { operationId?: string }>> }>(call("/api/openapi.json"), 200);
    expect(doc.paths["/api/banks/{id}"]?.get?.operationId).toBe("getBank");
  });
});

describe("PATCH /api/banks/{id} (refusals)", () => {
  it("refuses with 422 to share with an alliance the owning org is not in, changing nothing", async () => {
    const w = await bankWorld();
    const elsewhere = await createAlliance([w.outsiderOrg, await createOrg()]);
    const before = await bankState();
    const refused = await expectStatus(
      call(`/api/banks/${w.bank.id}`, { method: "PATCH", token: w.token, body: { visibility: "alliance", allianceIds: [elsewhere.id] } }),
      422,
    );
    expect(refused).toEqual(errorEnvelope("UNPROCESSABLE", "只能共享给本组织所在的党建联盟"));
    await expectBanksUnchanged(before);
  });

  it("lets a branch's bank be shared with an alliance its committee is in", async () => {
    const w = await bankWorld();
    const alliance = await createAlliance([w.committee, w.outsiderOrg]);
    const branchBank = await createBank(w.token, w.branchA.id);
    const shared = await shareBank(w.token, branchBank.id, { visibility: "alliance", allianceIds: [alliance.id] });
    expect(shared).toEqual(bankView(branchBank, { visibility: "alliance", allianceIds: [alliance.id] }));
  });

  it("refuses with 400 to share with an alliance without naming one, changing nothing", async () => {
    const w = await bankWorld();
    const before = await bankState();
    const message = "共享给联盟时请选择至少一个联盟";
    for (const body of [{ visibility: "alliance" }, { visibility: "alliance", allianceIds: [] }]) {
      expect(await expectStatus(call(`/api/banks/${w.bank.id}`, { method: "PATCH", token: w.token, body }), 400)).toEqual(
        errorEnvelope("VALIDATION_FAILED", message),
      );
    }
    await expectBanksUnchanged(before);
  });

  it("refuses a member with 403 and an outsider with 404, changing nothing", async () => {
    const w = await bankWorld();
    const before = await bankState();
    const patch = (token: string) => call(`/api/banks/${w.bank.id}`, { method: "PATCH", token, body: { visibility: "public" } });
    expect(await expectStatus(patch(w.memberToken), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(patch(w.outsiderToken), 404)).toEqual(BANK_NOT_FOUND);
    await expectBanksUnchanged(before);
  });
});

describe("POST /api/banks/{id}/questions", () => {
  it("creates a question of each type, version 1, active, with the defaults filled in", async () => {
    const w = await bankWorld();
    for (const draft of Object.values(DRAFTS)) {
      const q = await addQuestion(w.token, w.bank.id, draft);
      expect(q).toEqual({ id: expect.any(String), bankId: w.bank.id, version: 1, status: "active", draft, updatedAt: expect.any(Number) });
      expect(await expectStatus(getQuestion(w.token, q.id), 200)).toEqual({ question: q });
      expect(await tagsOf(q.id)).toEqual([...draft.tags].sort());
    }
    const minimal = await addQuestion(
      w.token,
      w.bank.id,
      { type: "judge", stem: "  党的最高理想是实现共产主义。 ", answer: true },
      "draft",
    );
    expect(minimal).toEqual({
      id: expect.any(String),
      bankId: w.bank.id,
      version: 1,
      status: "draft",
      draft: { type: "judge", stem: "党的最高理想是实现共产主义。", answer: true, explanation: "", source: "", tags: [], difficulty: 3 },
      updatedAt: expect.any(Number),
    });
    const [bank] = (await listBanks(w.token)).filter((b) => b.id === w.bank.id);
    expect(bank?.questionCount).toBe(5);
  });

  it("refuses drafts that contradict themselves with 400 and a reason in Chinese, writing nothing", async () => {
    const w = await bankWorld();
    const cases: [QuestionDraftInput, { path: string; message: string }[]][] = [
      [{ ...DRAFTS.single, answer: 4 }, [{ path: "draft.answer", message: "答案不在选项 A–D 之中" }]],
      [{ ...DRAFTS.fill, answer: [["遵义"], ["贵州"]] }, [{ path: "draft.answer", message: "题干中有 1 个空（ ），答案给了 2 个" }]],
      [{ ...DRAFTS.single, options: ["1921年", "1927年", "１９２１年"] }, [{ path: "draft.answer", message: "选项“１９２１年”重复" }]],
      [{ ...DRAFTS.multiple, answer: [1] }, [{ path: "draft.answer", message: "多选题至少要有 2 个正确选项" }]],
      [{ ...DRAFTS.single, stem: " " }, [{ path: "draft.stem", message: "题干不能为空" }]],
      [{ ...DRAFTS.judge, difficulty: 6 }, [{ path: "draft.difficulty", message: "难度应是 1–5 的整数" }]],
    ];
    const before = await bankState();
    for (const [draft, issues] of cases) {
      const body = await expectStatus(call(`/api/banks/${w.bank.id}/questions`, { token: w.token, body: { draft } }), 400);
      expect(body, JSON.stringify(draft)).toEqual(invalid(issues));
    }
    await expectBanksUnchanged(before);
  });

  it("refuses a member with 403 and an outsider with 404, writing nothing", async () => {
    const w = await bankWorld();
    const before = await bankState();
    const add = (token: string) => call(`/api/banks/${w.bank.id}/questions`, { token, body: { draft: DRAFTS.judge } });
    expect(await expectStatus(add(w.memberToken), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(add(w.outsiderToken), 404)).toEqual(BANK_NOT_FOUND);
    expect(
      await expectStatus(call("/api/banks/nosuchbank000000/questions", { token: w.token, body: { draft: DRAFTS.judge } }), 404),
    ).toEqual(BANK_NOT_FOUND);
    await expectBanksUnchanged(before);
  });
});

describe("GET /api/banks/{id}/questions (search)", () => {
  /** Nine questions: the four types, two more singles, one of them a draft, one retired. */
  async function searchWorld() {
    const w = await bankWorld();
    const q = {
      single: await addQuestion(w.token, w.bank.id, DRAFTS.single),
      multiple: await addQuestion(w.token, w.bank.id, DRAFTS.multiple),
      judge: await addQuestion(w.token, w.bank.id, DRAFTS.judge),
      fill: await addQuestion(w.token, w.bank.id, DRAFTS.fill),
      zunyi: await addQuestion(
        w.token,
        w.bank.id,
        singleDraft({ stem: "遵义会议在哪一年召开？", options: ["1934年", "1935年"], tags: ["长征"], difficulty: 3 }),
      ),
      draft: await addQuestion(
        w.token,
        w.bank.id,
        singleDraft({ stem: "草稿题：古田会议在哪里召开？", options: ["福建", "江西"], difficulty: 4 }),
        "draft",
      ),
      retired: await addQuestion(
        w.token,
        w.bank.id,
        singleDraft({ stem: "已停用：南昌起义发生在哪一年？", options: ["1927年", "1928年"] }),
      ),
    };
    await expectStatus(patchQuestion(w.token, q.retired.id, { status: "retired" }), 200);
    const all = await search(w.token, w.bank.id, "?pageSize=200");
    return { ...w, q, all };
  }

  const ids = (page: Page) => page.items.map((i) => i.id).sort();

  it("lists every question, newest first, with the whole current version", async () => {
    const w = await searchWorld();
    expect(w.all).toEqual({ items: expect.any(Array), total: 7, page: 1, pageSize: 200 });
    expect(ids(w.all)).toEqual(
      Object.values(w.q)
        .map((q) => q.id)
        .sort(),
    );
    expect(w.all.items.find((i) => i.id === w.q.retired.id)).toEqual(questionView(w.q.retired, { status: "retired" }));
    expect(w.all.items.find((i) => i.id === w.q.multiple.id)).toEqual(questionView(w.q.multiple));
    const times = w.all.items.map((i) => i.updatedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("finds by text in the stem, by tag, by type, by difficulty and by status, alone or together", async () => {
    const w = await searchWorld();
    expect(ids(await search(w.token, w.bank.id, `?q=${encodeURIComponent("遵义")}`))).toEqual([w.q.zunyi.id]);
    expect(ids(await search(w.token, w.bank.id, `?q=${encodeURIComponent("召开")}`))).toEqual(
      [w.q.single.id, w.q.fill.id, w.q.zunyi.id, w.q.draft.id].sort(),
    );
    expect(ids(await search(w.token, w.bank.id, `?tag=${encodeURIComponent("重要会议")}`))).toEqual([w.q.single.id, w.q.fill.id].sort());
    expect(ids(await search(w.token, w.bank.id, "?type=single"))).toEqual(
      [w.q.single.id, w.q.zunyi.id, w.q.draft.id, w.q.retired.id].sort(),
    );
    expect(ids(await search(w.token, w.bank.id, "?difficulty=2"))).toEqual([w.q.multiple.id, w.q.fill.id].sort());
    expect(ids(await search(w.token, w.bank.id, "?status=draft"))).toEqual([w.q.draft.id]);
    expect(ids(await search(w.token, w.bank.id, "?status=retired"))).toEqual([w.q.retired.id]);
    const both = await search(w.token, w.bank.id, `?q=${encodeURIComponent("召开")}&type=fill&difficulty=2&status=active`);
    expect(both).toEqual({ items: [questionView(w.q.fill)], total: 1, page: 1, pageSize: 50 });
    expect(await search(w.token, w.bank.id, `?tag=${encodeURIComponent("没有的标签")}`)).toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 50,
    });
  });

  it("pages through the results with the total of all matches", async () => {
    const w = await searchWorld();
    const page2 = await search(w.token, w.bank.id, "?pageSize=3&page=2");
    expect(page2).toEqual({ items: w.all.items.slice(3, 6), total: 7, page: 2, pageSize: 3 });
    const page3 = await search(w.token, w.bank.id, "?pageSize=3&page=3");
    expect(page3).toEqual({ items: w.all.items.slice(6), total: 7, page: 3, pageSize: 3 });
    expect(await search(w.token, w.bank.id, "?pageSize=3&page=9")).toEqual({ items: [], total: 7, page: 9, pageSize: 3 });
  });

  it("refuses a bad filter with 400", async () => {
    const w = await bankWorld();
    for (const query of ["?type=essay", "?difficulty=9", "?pageSize=0", "?status=deleted"]) {
      const body = await expectStatus(call(`/api/banks/${w.bank.id}/questions${query}`, { token: w.token }), 400);
      expect(body, query).toEqual(
        errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.objectContaining({ target: "query" })),
      );
    }
  });

  it("refuses a member with 403 (they may use the bank, not read its answers) and an outsider with 404", async () => {
    const w = await bankWorld();
    await addQuestion(w.token, w.bank.id, DRAFTS.single);
    expect(await expectStatus(call(`/api/banks/${w.bank.id}/questions`, { token: w.memberToken }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(call(`/api/banks/${w.bank.id}/questions`, { token: w.outsiderToken }), 404)).toEqual(BANK_NOT_FOUND);
    expect(await expectStatus(call(`/api/banks/${w.bank.id}/questions`), 401)).toEqual(UNAUTHENTICATED);
  });
});

describe("GET /api/questions/{id}", () => {
  it("refuses a member of the owning org with 403 and anyone who cannot see the bank with 404", async () => {
    const w = await bankWorld();
    const q = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    expect(await expectStatus(getQuestion(w.memberToken, q.id), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(getQuestion(w.outsiderToken, q.id), 404)).toEqual(QUESTION_NOT_FOUND);
    expect(await expectStatus(getQuestion(w.token, "nosuchquestion00"), 404)).toEqual(QUESTION_NOT_FOUND);
  });
});

describe("PATCH /api/questions/{id} (versions)", () => {
  it("edits an unanswered question in place: still version 1, one version row", async () => {
    const w = await bankWorld();
    const q = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    const draft = { ...DRAFTS.single, stem: "中共一大是在哪一年召开的？", explanation: "1921年。" };
    const body = await expectStatus<{ question: QuestionBody }>(patchQuestion(w.token, q.id, { draft }), 200);
    expect(body).toEqual({ question: questionView(q, { version: 1, draft }) });
    expect(await versionsOf(q.id)).toEqual([{ version: 1, stem: draft.stem, answer: 1, tags: draft.tags }]);
    expect(await auditOf(q.id)).toContainEqual(
      expect.objectContaining({
        action: "question.update",
        before: { version: 1, status: "active", draft: DRAFTS.single },
        after: { version: 1, status: "active", draft },
      }),
    );
  });

  it("after a member answered it in practice, an edit makes version 2 and the answer keeps version 1", async () => {
    const w = await bankWorld();
    const q = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    expect(await answerInPractice(w.token, w.committee.id, w.memberToken, q.id)).toMatchObject({ correct: true });
    const draft = { ...DRAFTS.single, options: ["1919年", "1920年", "1921年", "1927年"], answer: 2 };
    const body = await expectStatus<{ question: QuestionBody }>(patchQuestion(w.token, q.id, { draft }), 200);
    expect(body).toEqual({ question: questionView(q, { version: 2, draft }) });
    expect(await versionsOf(q.id)).toEqual([
      { version: 1, stem: DRAFTS.single.stem, answer: 1, tags: DRAFTS.single.tags },
      { version: 2, stem: DRAFTS.single.stem, answer: 2, tags: DRAFTS.single.tags },
    ]);
    const answers = await env.DB.prepare("select user_id, version, correct from practice_answers where question_id = ?").bind(q.id).all();
    expect(answers.results).toEqual([{ user_id: w.member.id, version: 1, correct: 1 }]);

    // Version 2 has not been answered, so a second edit changes it in place.
    const again = { ...draft, explanation: "1921年7月。" };
    expect(await expectStatus(patchQuestion(w.token, q.id, { draft: again }), 200)).toEqual({
      question: questionView(q, { version: 2, draft: again }),
    });
    expect(await count("question_versions", "question_id = ?", q.id)).toBe(2);
  });

  it("never makes a version for a change of tags or status, even after the question was answered", async () => {
    const w = await bankWorld();
    const q = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    await answerInPractice(w.token, w.committee.id, w.memberToken, q.id, 0);
    const draft = { ...DRAFTS.single, tags: ["建党", "新民主主义革命时期"] };
    expect(await expectStatus(patchQuestion(w.token, q.id, { draft }), 200)).toEqual({ question: questionView(q, { draft }) });
    expect(await expectStatus(patchQuestion(w.token, q.id, { status: "draft" }), 200)).toEqual({
      question: questionView(q, { draft, status: "draft" }),
    });
    expect(await versionsOf(q.id)).toEqual([{ version: 1, stem: DRAFTS.single.stem, answer: 1, tags: draft.tags }]);
    expect(await tagsOf(q.id)).toEqual([...draft.tags].sort());
  });

  it("refuses an empty or inconsistent edit with 400, a member with 403 and an outsider with 404, changing nothing", async () => {
    const w = await bankWorld();
    const q = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    const before = await bankState();
    expect(await expectStatus(patchQuestion(w.token, q.id, {}), 400)).toEqual(invalid([{ path: "", message: "至少修改一项" }]));
    expect(await expectStatus(patchQuestion(w.token, q.id, { draft: { ...DRAFTS.single, answer: 9 } }), 400)).toEqual(
      invalid([{ path: "draft.answer", message: "答案不在选项 A–D 之中" }]),
    );
    expect(await expectStatus(patchQuestion(w.memberToken, q.id, { status: "retired" }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(patchQuestion(w.outsiderToken, q.id, { status: "retired" }), 404)).toEqual(QUESTION_NOT_FOUND);
    await expectBanksUnchanged(before);
  });
});

describe("POST /api/banks/{id}/questions/bulk", () => {
  it("adds and removes tags on many questions at once, without new versions", async () => {
    const w = await bankWorld();
    const a = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    const b = await addQuestion(w.token, w.bank.id, DRAFTS.fill);
    const c = await addQuestion(w.token, w.bank.id, DRAFTS.judge);
    const result = await expectStatus(
      call(`/api/banks/${w.bank.id}/questions/bulk`, {
        token: w.token,
        body: { questionIds: [a.id, b.id, a.id], addTags: ["七一专题", "重要会议"], removeTags: ["新民主主义革命时期"] },
      }),
      200,
    );
    expect(result).toEqual({ updated: 2 });
    const tags = ["重要会议", "七一专题"];
    expect(await expectStatus(getQuestion(w.token, a.id), 200)).toEqual({
      question: questionView(a, { draft: { ...DRAFTS.single, tags } }),
    });
    expect(await expectStatus(getQuestion(w.token, b.id), 200)).toEqual({ question: questionView(b, { draft: { ...DRAFTS.fill, tags } }) });
    expect(await expectStatus(getQuestion(w.token, c.id), 200)).toEqual({ question: questionView(c) });
    expect(await tagsOf(a.id)).toEqual([...tags].sort());
    expect(await count("question_versions", "question_id in (?, ?)", a.id, b.id)).toBe(2);
    expect(ids(await search(w.token, w.bank.id, `?tag=${encodeURIComponent("七一专题")}`))).toEqual([a.id, b.id].sort());
  });

  it("retires questions: they leave a member's practice, and the bank's count", async () => {
    const w = await bankWorld();
    const keep = await addQuestion(w.token, w.bank.id, singleDraft());
    const retire = await addQuestion(w.token, w.bank.id, singleDraft());
    expect(
      await expectStatus(
        call(`/api/banks/${w.bank.id}/questions/bulk`, { token: w.token, body: { questionIds: [retire.id], status: "retired" } }),
        200,
      ),
    ).toEqual({ updated: 1 });
    expect(await expectStatus(getQuestion(w.token, retire.id), 200)).toEqual({ question: questionView(retire, { status: "retired" }) });
    expect((await listBanks(w.token)).find((b) => b.id === w.bank.id)?.questionCount).toBe(1);
    await expectStatus(
      call(`/api/orgs/${w.committee.id}/practice-settings`, { method: "PUT", token: w.token, body: { dailySize: 50 } }),
      200,
    );
    const today = await expectStatus<{ items: { question: { id: string } }[] }>(call("/api/practice/today", { token: w.memberToken }), 200);
    const shown = today.items.map((i) => i.question.id);
    expect(shown).toContain(keep.id);
    expect(shown).not.toContain(retire.id);
  });

  it("refuses tags that would leave a question with more than 20, as a single edit would, changing nothing", async () => {
    const w = await bankWorld();
    const q = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    const before = await bankState();
    const addTags = Array.from({ length: 19 }, (_, i) => `专题${i + 1}`);
    const body = await expectStatus(
      call(`/api/banks/${w.bank.id}/questions/bulk`, { token: w.token, body: { questionIds: [q.id], addTags } }),
      400,
    );
    expect(body).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", { issues: [{ path: "addTags", message: "最多 20 个标签" }] }),
    );
    await expectBanksUnchanged(before);
    // Removing one tag while adding the 19 leaves exactly 20, which is allowed.
    await expectStatus(
      call(`/api/banks/${w.bank.id}/questions/bulk`, {
        token: w.token,
        body: { questionIds: [q.id], addTags, removeTags: ["重要会议"] },
      }),
      200,
    );
    expect((await expectStatus<{ question: QuestionBody }>(getQuestion(w.token, q.id), 200)).question.draft.tags).toEqual([
      "新民主主义革命时期",
      ...addTags,
    ]);
  });

  it("refuses a question of another bank with 404, a member with 403 and bad input with 400, changing nothing", async () => {
    const w = await bankWorld();
    const q = await addQuestion(w.token, w.bank.id, DRAFTS.single);
    const other = await addQuestion(w.token, (await createBank(w.token, w.committee.id)).id, DRAFTS.judge);
    const before = await bankState();
    const bulk = (token: string, body: unknown) => call(`/api/banks/${w.bank.id}/questions/bulk`, { token, body });
    expect(await expectStatus(bulk(w.token, { questionIds: [q.id, other.id], status: "retired" }), 404)).toEqual(QUESTION_NOT_FOUND);
    expect(await expectStatus(bulk(w.memberToken, { questionIds: [q.id], status: "retired" }), 403)).toEqual(FORBIDDEN);
    expect(await expectStatus(bulk(w.outsiderToken, { questionIds: [q.id], status: "retired" }), 404)).toEqual(BANK_NOT_FOUND);
    expect(await expectStatus(bulk(w.token, { questionIds: [], addTags: ["x"] }), 400)).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", expect.objectContaining({ target: "json" })),
    );
    await expectBanksUnchanged(before);
  });
});

function ids(page: Page) {
  return page.items.map((i) => i.id).sort();
}

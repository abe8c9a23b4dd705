import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { LOGIN_LIMIT } from "../../worker/features/auth/auth.service";
import { createOrg, createUser, loginAs, TEST_PASSWORD, uniquePhone } from "../helpers/factories";
import { call, errorEnvelope, expectStatus, ORIGIN } from "../helpers/http";

describe("POST /api/auth/login", () => {
  it("logs in with phone and password, answering a token, the person, and a __Host- cookie", async () => {
    const org = await createOrg();
    const user = await createUser({ name: "王芳", roles: [{ org, role: "member", title: "党员" }] });
    const res = await call("/api/auth/login", { body: { login: user.phone, password: TEST_PASSWORD } });
    const body = await expectStatus<{ token: string }>(res.clone(), 200);
    expect(body).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      user: {
        id: user.id,
        name: "王芳",
        phone: user.phone,
        isAdmin: false,
        roles: ["member"],
        memberships: [
          { membershipId: expect.any(String), orgId: org.id, orgName: org.name, orgKind: "committee", role: "member", title: "党员" },
        ],
        alliances: [],
      },
    });
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-lx_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
  });

  it("accepts the phone as people type it (spaces, dashes, +86, full-width digits)", async () => {
    const user = await createUser();
    const typed = `+86 ${user.phone.slice(0, 3)}-${user.phone.slice(3, 7)} ${user.phone.slice(7)}`.replace(/\d/g, (d) =>
      String.fromCharCode(0xff10 + Number(d)),
    );
    await expectStatus(call("/api/auth/login", { body: { login: typed, password: TEST_PASSWORD } }), 200);
  });

  it("answers the same 401 for a wrong password and for an unknown phone", async () => {
    const user = await createUser();
    const wrong = await expectStatus(call("/api/auth/login", { body: { login: user.phone, password: "nope-1234" } }), 401);
    const unknown = await expectStatus(call("/api/auth/login", { body: { login: uniquePhone(), password: "nope-1234" } }), 401);
    expect(wrong).toEqual(errorEnvelope("INVALID_CREDENTIALS", "手机号或密码不正确"));
    expect(unknown).toEqual(errorEnvelope("INVALID_CREDENTIALS", "手机号或密码不正确"));
  });

  it("refuses accounts that are not activated or are disabled, with the same 401", async () => {
    const pending = await createUser({ status: "pending" });
    const disabled = await createUser({ status: "disabled" });
    for (const user of [pending, disabled]) {
      const body = await expectStatus(call("/api/auth/login", { body: { login: user.phone, password: TEST_PASSWORD } }), 401);
      expect(body).toEqual(errorEnvelope("INVALID_CREDENTIALS", "手机号或密码不正确"));
    }
  });

  it(`locks a phone for a while after ${LOGIN_LIMIT} failures, even for the right password, and only that phone`, async () => {
    const user = await createUser();
    const other = await createUser();
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      await expectStatus(call("/api/auth/login", { body: { login: user.phone, password: `wrong-${i}` } }), 401);
    }
    const res = await call("/api/auth/login", { body: { login: user.phone, password: TEST_PASSWORD } });
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await expectStatus(res, 429)).toEqual(errorEnvelope("RATE_LIMITED", expect.stringContaining("分钟后再试")));
    await expectStatus(call("/api/auth/login", { body: { login: other.phone, password: TEST_PASSWORD } }), 200);
    // An unknown phone locks the same way: the lock says nothing about which phones exist.
    const ghost = uniquePhone();
    for (let i = 0; i < LOGIN_LIMIT; i++) await expectStatus(call("/api/auth/login", { body: { login: ghost, password: "x" } }), 401);
    await expectStatus(call("/api/auth/login", { body: { login: ghost, password: "x" } }), 429);
  });

  it.each([
    ["missing fields", {}],
    ["a password of the wrong type", { login: "13800000001", password: 12345678 }],
    ["a phone that is not a phone", { login: "admin", password: "x" }],
    ["an oversized password", { login: "13800000001", password: "x".repeat(129) }],
    ["an oversized phone", { login: "1".repeat(5000), password: "x" }],
  ])("answers 400 VALIDATION_FAILED for %s", async (_, body) => {
    const answer = await expectStatus(call("/api/auth/login", { body }), 400);
    expect(answer).toEqual(
      errorEnvelope("VALIDATION_FAILED", "提交的内容有误，请按提示修改", {
        target: "json",
        issues: expect.arrayContaining([expect.objectContaining({ path: expect.any(String), message: expect.any(String) })]),
      }),
    );
  });

  it("answers 400 for malformed JSON and 415 for a body that is not JSON", async () => {
    expect(await expectStatus(call("/api/auth/login", { body: "{not json" }), 400)).toEqual(errorEnvelope("BAD_REQUEST"));
    const form = await call("/api/auth/login", {
      body: "login=13800000001&password=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(await expectStatus(form, 415)).toEqual(errorEnvelope("UNSUPPORTED_MEDIA_TYPE"));
  });
});

describe("cross-site writes", () => {
  it("refuses a state-changing request from another origin or site, and allows this origin", async () => {
    const user = await createUser();
    const body = { login: user.phone, password: TEST_PASSWORD };
    const fromElsewhere = await call("/api/auth/login", { body, headers: { origin: "https://evil.example" } });
    expect(await expectStatus(fromElsewhere, 403)).toEqual(errorEnvelope("CROSS_ORIGIN"));
    const crossSite = await call("/api/auth/login", { body, headers: { "sec-fetch-site": "cross-site" } });
    expect(await expectStatus(crossSite, 403)).toEqual(errorEnvelope("CROSS_ORIGIN"));
    await expectStatus(call("/api/auth/login", { body, headers: { origin: ORIGIN, "sec-fetch-site": "same-origin" } }), 200);
  });
});

describe("GET /api/me", () => {
  it("answers the person with every org, role, title and alliance, the same as login does", async () => {
    const committee = await createOrg();
    const branch = await createOrg({ parent: committee });
    const user = await createUser({
      roles: [
        { org: committee, role: "organizer", title: "书记" },
        { org: branch, role: "member", title: "党员" },
        { org: branch, role: "lecturer", title: "党员" },
      ],
    });
    const allianceId = `alliance${user.id.slice(0, 10)}`;
    await env.DB.batch([
      env.DB.prepare("insert into alliances (id, name, description, created_at, updated_at) values (?, '测试联盟', '', 0, 0)").bind(
        allianceId,
      ),
      env.DB.prepare("insert into alliance_organizers (alliance_id, user_id, created_at) values (?, ?, 0)").bind(allianceId, user.id),
    ]);
    const login = await expectStatus<{ token: string; user: unknown }>(
      call("/api/auth/login", { body: { login: user.phone, password: TEST_PASSWORD } }),
      200,
    );
    const me = await expectStatus<{ roles: string[]; memberships: unknown[]; alliances: unknown[] }>(
      call("/api/me", { token: login.token }),
      200,
    );
    expect(me).toEqual(login.user);
    expect(me.roles).toEqual(["organizer", "lecturer", "member"]);
    expect(me.memberships).toHaveLength(3);
    expect(me.alliances).toEqual([{ id: allianceId, name: "测试联盟" }]);
  });
});

describe("sessions", () => {
  it("authenticates by bearer token and by cookie; a bad token is 401", async () => {
    const user = await createUser();
    const token = await loginAs(user);
    expect(await expectStatus(call("/api/me", { token }), 200)).toMatchObject({ id: user.id });
    expect(await expectStatus(call("/api/me", { headers: { cookie: `__Host-lx_session=${token}` } }), 200)).toMatchObject({ id: user.id });
    expect(await expectStatus(call("/api/me", { token: "x".repeat(43) }), 401)).toEqual(errorEnvelope("UNAUTHENTICATED", "请先登录"));
    expect(await expectStatus(call("/api/me"), 401)).toEqual(errorEnvelope("UNAUTHENTICATED"));
  });

  it("stores only a hash of the token", async () => {
    const user = await createUser();
    const token = await loginAs(user);
    const rows = await env.DB.prepare("select token_hash from sessions where user_id = ?").bind(user.id).all<{ token_hash: string }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.results[0]?.token_hash).not.toContain(token);
  });

  it("logout ends the session server-side", async () => {
    const user = await createUser();
    const token = await loginAs(user);
    const res = await call("/api/auth/logout", { token, body: {} });
    expect(await expectStatus(res.clone(), 200)).toEqual({ ok: true });
    expect(res.headers.get("set-cookie")).toMatch(/__Host-lx_session=;/);
    await expectStatus(call("/api/me", { token }), 401);
    await expectStatus(call("/api/auth/logout", { token, body: {} }), 401);
  });

  it("lists my devices and revokes one of them, but not someone else's", async () => {
    const user = await createUser();
    const phone = await loginAs(user);
    const laptop = await loginAs(user);
    const listed = await expectStatus<{ sessions: { id: string; current: boolean }[] }>(call("/api/auth/sessions", { token: laptop }), 200);
    expect(listed.sessions).toHaveLength(2);
    expect(listed.sessions.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = listed.sessions.find((s) => !s.current);
    const stranger = await loginAs(await createUser());
    expect(await expectStatus(call(`/api/auth/sessions/${phoneSession?.id}`, { method: "DELETE", token: stranger }), 404)).toEqual(
      errorEnvelope("NOT_FOUND", "找不到该登录会话"),
    );
    await expectStatus(call("/api/me", { token: phone }), 200);
    expect(await expectStatus(call(`/api/auth/sessions/${phoneSession?.id}`, { method: "DELETE", token: laptop }), 200)).toEqual({
      ok: true,
    });
    await expectStatus(call("/api/me", { token: phone }), 401);
    await expectStatus(call("/api/me", { token: laptop }), 200);
    await expectStatus(call("/api/auth/sessions/not-an-id!", { method: "DELETE", token: laptop }), 400);
  });
});

describe("POST /api/auth/password", () => {
  it("changes the password and signs out every other session", async () => {
    const user = await createUser();
    const other = await loginAs(user);
    const token = await loginAs(user);
    const body = { currentPassword: TEST_PASSWORD, newPassword: "Better2026x" };
    expect(await expectStatus(call("/api/auth/password", { token, body }), 200)).toEqual({ ok: true });
    await expectStatus(call("/api/me", { token: other }), 401);
    await expectStatus(call("/api/me", { token }), 200);
    await expectStatus(call("/api/auth/login", { body: { login: user.phone, password: TEST_PASSWORD } }), 401);
    await expectStatus(call("/api/auth/login", { body: { login: user.phone, password: "Better2026x" } }), 200);
  });

  it("refuses a wrong current password and a weak new one, changing nothing", async () => {
    const user = await createUser();
    const token = await loginAs(user);
    const wrong = await expectStatus(
      call("/api/auth/password", { token, body: { currentPassword: "nope", newPassword: "Better2026x" } }),
      400,
    );
    expect(wrong).toEqual(
      errorEnvelope("VALIDATION_FAILED", "当前密码不正确", { issues: [{ path: "currentPassword", message: "当前密码不正确" }] }),
    );
    await expectStatus(call("/api/auth/password", { token, body: { currentPassword: TEST_PASSWORD, newPassword: "short1" } }), 400);
    await expectStatus(call("/api/auth/password", { token, body: { currentPassword: TEST_PASSWORD, newPassword: "onlyletters" } }), 400);
    await expectStatus(call("/api/auth/login", { body: { login: user.phone, password: TEST_PASSWORD } }), 200);
  });

  it("needs a session", async () => {
    await expectStatus(call("/api/auth/password", { body: { currentPassword: "a", newPassword: "Better2026x" } }), 401);
  });
});

describe("POST /api/auth/activate", () => {
  it("sets the password with the one-time code, logs in, and the code cannot be used again", async () => {
    const user = await createUser({ status: "pending", activationCode: "ABCD2345" });
    const body = await expectStatus<{ token: string }>(
      call("/api/auth/activate", { body: { login: user.phone, code: "abcd-2345", password: "Fresh2026pw" } }),
      200,
    );
    await expectStatus(call("/api/me", { token: body.token }), 200);
    await expectStatus(call("/api/auth/login", { body: { login: user.phone, password: "Fresh2026pw" } }), 200);
    const again = await expectStatus(
      call("/api/auth/activate", { body: { login: user.phone, code: "ABCD2345", password: "Other2026pw" } }),
      401,
    );
    expect(again).toEqual(errorEnvelope("INVALID_CREDENTIALS", "手机号或激活码不正确，或激活码已过期"));
    const audit = await env.DB.prepare("select action from audit_log where entity_id = ?").bind(user.id).all();
    expect(audit.results).toEqual([{ action: "user.activate" }]);
  });

  it("refuses a wrong code, an unknown phone and an expired code alike", async () => {
    const user = await createUser({ status: "pending", activationCode: "ABCD2345" });
    const expired = await createUser({ status: "pending", activationCode: "EFGH6789" });
    await env.DB.prepare("update users set activation_expires_at = 1 where id = ?").bind(expired.id).run();
    for (const body of [
      { login: user.phone, code: "ZZZZ9999", password: "Fresh2026pw" },
      { login: uniquePhone(), code: "ABCD2345", password: "Fresh2026pw" },
      { login: expired.phone, code: "EFGH6789", password: "Fresh2026pw" },
    ]) {
      expect(await expectStatus(call("/api/auth/activate", { body }), 401)).toEqual(errorEnvelope("INVALID_CREDENTIALS"));
    }
    const row = await env.DB.prepare("select status, password_hash from users where id = ?").bind(user.id).first();
    expect(row).toEqual({ status: "pending", password_hash: null });
  });

  it("refuses a weak password before touching the code", async () => {
    const user = await createUser({ status: "pending", activationCode: "ABCD2345" });
    await expectStatus(call("/api/auth/activate", { body: { login: user.phone, code: "ABCD2345", password: "123" } }), 400);
    await expectStatus(call("/api/auth/activate", { body: { login: user.phone, code: "ABCD2345", password: "Fresh2026pw" } }), 200);
  });
});

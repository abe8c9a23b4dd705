import { describe, expect, it } from "vitest";
import { call, errorEnvelope, expectStatus } from "../helpers/http";

describe("system routes", () => {
  it("GET /api/health answers after a real D1 query", async () => {
    expect(await expectStatus(call("/api/health"), 200)).toEqual({ ok: true, db: "ok" });
  });

  it("an unknown API route answers the error envelope", async () => {
    expect(await expectStatus(call("/api/nope"), 404)).toEqual(errorEnvelope("NOT_FOUND", "接口不存在"));
  });

  it("serves an OpenAPI 3.1 document in which every operation has a unique operationId", async () => {
    const doc = await expectStatus<{ openapi: string; paths: Record<string, Record<string, { operationId?: string }>> }>(
      call("/api/openapi.json"),
      200,
    );
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThan(5);
    const ids = operations.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["getHealth", "login", "getMe", "logout", "activateAccount", "changePassword"]));
  });

  it("serves a docs page that loads its assets from this origin", async () => {
    const res = await call("/api/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/api/openapi.json");
    expect(html).toContain('src="/vendor/swagger-ui/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });
});

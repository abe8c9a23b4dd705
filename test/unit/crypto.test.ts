import { describe, expect, it } from "vitest";
import { hashPassword, PBKDF2_ITERATIONS, randomCode, verifyPassword } from "../../worker/lib/crypto";

describe("password hashing", () => {
  it("pins PBKDF2 at 100,000 iterations, the most deployed Workers accept", async () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    const stored = await hashPassword("Demo@2026");
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  });

  it("refuses a cost that deployed Workers would reject, even though local workerd allows it", async () => {
    await expect(hashPassword("x", 100_001)).rejects.toThrow(/100000/);
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("Demo@2026");
    expect(await verifyPassword("Demo@2026", stored)).toBe(true);
    expect(await verifyPassword("demo@2026", stored)).toBe(false);
    expect(await verifyPassword("Demo@2026", "garbage")).toBe(false);
  });

  it("salts each hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
});

describe("randomCode", () => {
  it("draws from an alphabet without look-alike characters", () => {
    for (let i = 0; i < 50; i++) expect(randomCode(8)).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  });
});

import { describe, expect, it } from "vitest";
import { CLEAR_AFTER, DEFAULT_DAILY_SIZE, dayIn, pickDaily } from "../../worker/features/practice/practice.pick";

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe("pickDaily", () => {
  it("takes wrong ones first, then unseen ones, then the ones already seen", () => {
    expect(pickDaily({ wrong: ["w1"], unseen: ["u1", "u2"], seen: ["s1"] }, 3)).toEqual(["w1", "u1", "u2"]);
    expect(pickDaily({ wrong: ["w1"], unseen: ["u1"], seen: ["s1", "s2"] }, 4)).toEqual(["w1", "u1", "s1", "s2"]);
  });

  it("lets wrong ones take at most half the set (rounded up) while unseen ones remain", () => {
    expect(pickDaily({ wrong: ids("w", 5), unseen: ids("u", 5), seen: [] }, 5)).toEqual(["w1", "w2", "w3", "u1", "u2"]);
    expect(pickDaily({ wrong: ids("w", 5), unseen: ids("u", 5), seen: [] }, 4)).toEqual(["w1", "w2", "u1", "u2"]);
    expect(pickDaily({ wrong: ids("w", 3), unseen: ids("u", 3), seen: [] }, 1)).toEqual(["w1"]);
  });

  it("fills the gap with more wrong ones before seen ones when unseen ones run out", () => {
    expect(pickDaily({ wrong: ids("w", 4), unseen: ["u1"], seen: ids("s", 3) }, 5)).toEqual(["w1", "w2", "w3", "u1", "w4"]);
    expect(pickDaily({ wrong: ["w1"], unseen: [], seen: ids("s", 3) }, 3)).toEqual(["w1", "s1", "s2"]);
  });

  it("never repeats a question that is in two pools, and returns fewer when the pools are small", () => {
    expect(pickDaily({ wrong: ["a"], unseen: ["a", "b"], seen: ["b", "c"] }, 5)).toEqual(["a", "b", "c"]);
    expect(pickDaily({ wrong: [], unseen: [], seen: [] }, 5)).toEqual([]);
  });

  it("keeps the pools' order (the database drew them at random)", () => {
    expect(pickDaily({ wrong: [], unseen: ["u3", "u1", "u2"], seen: [] }, 2)).toEqual(["u3", "u1"]);
  });

  it("has the documented defaults", () => {
    expect({ CLEAR_AFTER, DEFAULT_DAILY_SIZE }).toEqual({ CLEAR_AFTER: 2, DEFAULT_DAILY_SIZE: 5 });
  });
});

describe("dayIn", () => {
  it("turns the day over at midnight in Asia/Shanghai (16:00 UTC), not at UTC midnight", () => {
    expect(dayIn("Asia/Shanghai", Date.parse("2026-03-01T15:59:59.999Z"))).toBe("2026-03-01");
    expect(dayIn("Asia/Shanghai", Date.parse("2026-03-01T16:00:00.000Z"))).toBe("2026-03-02");
    expect(dayIn("Asia/Shanghai", Date.parse("2026-03-01T23:30:00.000Z"))).toBe("2026-03-02");
    expect(dayIn("UTC", Date.parse("2026-03-01T23:30:00.000Z"))).toBe("2026-03-01");
  });

  it("crosses month and year boundaries as the calendar does, padded YYYY-MM-DD", () => {
    expect(dayIn("Asia/Shanghai", Date.parse("2025-12-31T15:59:59.999Z"))).toBe("2025-12-31");
    expect(dayIn("Asia/Shanghai", Date.parse("2025-12-31T16:00:00.000Z"))).toBe("2026-01-01");
    expect(dayIn("Asia/Shanghai", Date.parse("2028-02-28T16:00:00.000Z"))).toBe("2028-02-29");
  });
});

import { describe, expect, it } from "vitest";
import { titles } from "../../worker/db/schema/orgs";
import {
  combine,
  DEFAULT_RATING,
  dayStart,
  elapsedOf,
  lowerThanAbove,
  type PlanRow,
  paceShort,
  periodsOver,
  rate,
  standing,
  yearStart,
} from "../../worker/features/plans/plans.rules";

const plan = (path: string, fields: Partial<PlanRow> = {}): PlanRow => ({
  orgId: path.split("/").filter(Boolean).at(-1) ?? "",
  path,
  hoursTenths: 320,
  titleHours: {},
  minContests: 0,
  moduleIds: [],
  rating: null,
  trainingsTarget: 0,
  lecturesTarget: 0,
  microTalksTarget: 0,
  ...fields,
});

describe("plan rules", () => {
  it("combines the plans on the way down by the strictest of each requirement", () => {
    const req = combine(
      [
        plan("/c/", { titleHours: { 书记: 560 }, minContests: 2, moduleIds: ["m1"] }),
        plan("/c/b/", { hoursTenths: 400, moduleIds: ["m2"] }),
      ],
      titles,
    );
    expect(req).toEqual({ defaultTenths: 400, titleTenths: { 书记: 560 }, minContests: 2, moduleIds: ["m1", "m2"] });
    expect(combine([], titles)).toBeNull();
  });

  it("names each field a sub-org plan would lower", () => {
    const above = combine([plan("/c/", { titleHours: { 书记: 560 }, minContests: 2, moduleIds: ["m1"] })], titles);
    const issues = lowerThanAbove({ hoursTenths: 300, titleHours: { 书记: 500, 委员: 400 }, minContests: 1, moduleIds: [] }, above, titles);
    expect(issues.map((i) => i.path)).toEqual(["hours", "titleHours.书记", "minContests"]);
    // Not naming a title keeps what the plan above asks for it: nothing to refuse.
    expect(lowerThanAbove({ hoursTenths: 400, titleHours: {}, minContests: 2, moduleIds: ["m1", "m9"] }, above, titles)).toEqual([]);
  });

  it("holds a member to the share of the year gone, and completion caps each requirement at 1", () => {
    const req = { hoursTenths: 320, modules: 2, contests: 2 };
    expect(standing(req, { hoursTenths: 160, modules: 1, contests: 1 }, 0.5)).toEqual({ onPace: true, complete: false, completion: 0.5 });
    expect(standing(req, { hoursTenths: 159, modules: 1, contests: 1 }, 0.5).onPace).toBe(false);
    expect(standing(req, { hoursTenths: 640, modules: 2, contests: 2 }, 1)).toEqual({ onPace: true, complete: true, completion: 1 });
    expect(standing({ hoursTenths: 0, modules: 0, contests: 0 }, { hoursTenths: 0, modules: 0, contests: 0 }, 0.9).completion).toBe(1);
    // What is missing for the pace: 32 h × 0.5 = 16 h due, 1 of 2 contests due, modules ⌊2 × 0.5⌋ = 1.
    expect(paceShort(req, { hoursTenths: 100, modules: 1, contests: 0 }, 0.5)).toEqual({ hoursTenths: 60, modules: 0, contests: 1 });
  });

  it("rates a branch by the first tier whose both minimums it reaches", () => {
    expect(rate(DEFAULT_RATING, 0.95, 0.85)).toBe("示范");
    expect(rate(DEFAULT_RATING, 0.95, 0.7)).toBe("达标");
    expect(rate(DEFAULT_RATING, 0.75, 0.6)).toBe("达标");
    expect(rate(DEFAULT_RATING, 0.6, 0.2)).toBe("孵化");
    expect(rate(DEFAULT_RATING, 0, 0)).toBe("孵化");
  });

  it("measures the year and its periods in Asia/Shanghai", () => {
    expect(yearStart(2026)).toBe(Date.parse("2025-12-31T16:00:00Z"));
    expect(elapsedOf(2026, yearStart(2026))).toBe(0);
    expect(elapsedOf(2026, yearStart(2027) + 1)).toBe(1);
    expect(dayStart("2026-02-30")).toBeNull();
    expect(dayStart("2026-07-01")).toBe(Date.parse("2026-06-30T16:00:00Z"));
    // 1 Dec 2026 00:30 in Shanghai: January–November and the first three quarters are over; the year is not.
    const keys = periodsOver(2026, Date.parse("2026-11-30T16:30:00Z")).map((p) => p.key);
    expect(keys).toEqual([
      ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`),
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
    ]);
    expect(periodsOver(2026, yearStart(2027)).map((p) => p.key)).toContain("2026");
  });
});

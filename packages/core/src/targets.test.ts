import { describe, expect, it } from "vitest";
import {
  annualToMonths,
  attainment,
  decomposeTarget,
  largestRemainder,
  monthSplitProblems,
  quarterOfMonth,
  quartersOf,
  salesTargetSchema,
  targetMonthSplitSchema,
} from "./targets.ts";

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
const ID = (n: number) => `01J0000000000000000000000${n}`;

describe("largest-remainder split", () => {
  it("gives the leftover units to the largest remainders, then the earliest", () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(100, [50, 30, 20])).toEqual([50, 30, 20]);
    // exact shares 3.5, 2.1, 1.4 → floors 3,2,1 (6); one left → largest remainder .5
    expect(largestRemainder(7, [5, 3, 2])).toEqual([4, 2, 1]);
    expect(largestRemainder(0, [1, 2])).toEqual([0, 0]);
  });

  it("splits evenly when every weight is zero", () => {
    expect(largestRemainder(5, [0, 0])).toEqual([3, 2]);
  });

  it("preserves the total exactly for many awkward inputs", () => {
    for (let total = 0; total < 400; total += 7)
      for (const w of [[1, 1, 1, 1, 1, 1, 1], [0.3, 0.3, 0.4], [1e-6, 5, 7.77, 0, 13], [3]]) {
        const parts = largestRemainder(total, w);
        expect(sum(parts)).toBe(total);
        expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
      }
  });

  it("rejects nonsense", () => {
    expect(() => largestRemainder(-1, [1])).toThrow();
    expect(() => largestRemainder(1.5, [1])).toThrow();
    expect(() => largestRemainder(3, [])).toThrow();
    expect(() => largestRemainder(3, [1, -1])).toThrow();
  });
});

describe("annual → months → consultants", () => {
  it("splits the year evenly or by season, months sum to the year, quarters to their months", () => {
    const even = annualToMonths(1000);
    expect(even).toHaveLength(12);
    expect(sum(even)).toBe(1000);
    // 1000/12 = 83.33: four months get 84 (the first four, equal remainders)
    expect(even.slice(0, 5)).toEqual([84, 84, 84, 84, 83]);
    const season = annualToMonths(600, [0.6, 0.8, 1, 1, 1, 1, 0.9, 0.9, 1, 1.1, 1.2, 1.5]);
    expect(sum(season)).toBe(600);
    expect(season[11]).toBeGreaterThan(season[0]!);
    expect(quartersOf(season)).toEqual([
      season[0]! + season[1]! + season[2]!,
      season[3]! + season[4]! + season[5]!,
      season[6]! + season[7]! + season[8]!,
      season[9]! + season[10]! + season[11]!,
    ]);
    expect(sum(quartersOf(season))).toBe(600);
  });

  it("splits every month across consultants by share, exactly", () => {
    const d = decomposeTarget(
      365,
      [
        { userId: "a", name: "A", share: 40 },
        { userId: "b", name: "B", share: 35 },
        { userId: "c", name: "C", share: 25 },
      ],
      [1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 3],
    );
    expect(sum(d.months)).toBe(365);
    for (let m = 0; m < 12; m++)
      expect(d.consultants.a!.months[m]! + d.consultants.b!.months[m]! + d.consultants.c!.months[m]!).toBe(d.months[m]);
    expect(sum(d.consultants.a!.months)).toBeGreaterThan(sum(d.consultants.c!.months));
  });

  it("without consultants keeps only the months", () => {
    const d = decomposeTarget(12, []);
    expect(d.months).toEqual(Array(12).fill(1));
    expect(d.consultants).toEqual({});
  });
});

describe("hand-edited month split", () => {
  it("must add up to the month and be whole units", () => {
    expect(monthSplitProblems(10, { a: 6, b: 4 })).toEqual([]);
    expect(monthSplitProblems(10, { a: 6, b: 5 })).toEqual([
      "The consultants' figures add up to 11, but the month's target is 10.",
    ]);
    expect(monthSplitProblems(10, { a: 9.5, b: 0.5 })[0]).toMatch(/whole number/);
  });
});

describe("progress helpers", () => {
  it("attainment and quarters", () => {
    expect(attainment(5, 10)).toBe(0.5);
    expect(attainment(5, 0)).toBeNull();
    expect([1, 3, 4, 12].map(quarterOfMonth)).toEqual([1, 1, 2, 4]);
  });
});

describe("input schemas", () => {
  it("accepts a full target and rejects bad ones field by field", () => {
    expect(
      salesTargetSchema.safeParse({
        year: 2026,
        brand: "*",
        annualUnits: 1200,
        shares: [{ userId: ID(1), share: 50 }],
        version: 0,
      }).success,
    ).toBe(true);
    const bad = salesTargetSchema.safeParse({
      year: 2026,
      brand: "*",
      annualUnits: 12.5,
      weights: [1, 2],
      shares: [
        { userId: ID(1), share: 1 },
        { userId: ID(1), share: 1 },
      ],
      version: 0,
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["annualUnits", "weights", "shares"]));
    expect(
      targetMonthSplitSchema.safeParse({ year: 2026, brand: "*", month: 13, consultants: {}, version: 1 }).success,
    ).toBe(false);
  });
});

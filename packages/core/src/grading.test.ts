import { describe, expect, it } from "vitest";
import { DEFAULT_GRADING, gradeFor, missingFacts, needsAnalysisSchema, nextFollowUp } from "./grading.ts";
import { parseInput } from "./schemas.ts";

describe("grading", () => {
  it("grades by purchase timing: 7 / 15 / 30 days / later → H / A / B / C", () => {
    expect(gradeFor({ purchaseTiming: "within_7_days" }, null)).toBe("H");
    expect(gradeFor({ purchaseTiming: "within_15_days" }, "C")).toBe("A");
    expect(gradeFor({ purchaseTiming: "within_30_days" }, "H")).toBe("B");
    expect(gradeFor({ purchaseTiming: "later" }, "A")).toBe("C");
  });

  it("keeps O (ordered) and F (lost)", () => {
    expect(gradeFor({ purchaseTiming: "within_7_days" }, "O")).toBe("O");
    expect(gradeFor({ purchaseTiming: "later" }, "F")).toBe("F");
  });

  it("follows a tenant's own rule", () => {
    const rule = { ...DEFAULT_GRADING, byTiming: { ...DEFAULT_GRADING.byTiming, within_30_days: "A" as const } };
    expect(gradeFor({ purchaseTiming: "within_30_days" }, null, rule)).toBe("A");
  });

  it("schedules the next follow-up by the grade's cadence (H 1, A 3, B 7, C 14 days)", () => {
    const from = new Date("2026-11-26T02:00:00Z");
    expect(nextFollowUp("H", from)).toBe("2026-11-27T02:00:00.000Z");
    expect(nextFollowUp("A", from)).toBe("2026-11-29T02:00:00.000Z");
    expect(nextFollowUp("B", from)).toBe("2026-12-03T02:00:00.000Z");
    expect(nextFollowUp("C", from)).toBe("2026-12-10T02:00:00.000Z");
    expect(nextFollowUp("O", from)).toBeNull();
  });

  it("lists the key facts still missing", () => {
    expect(missingFacts(undefined)).toEqual(["needsAnalysis"]);
    const n = parseInput(needsAnalysisSchema, {
      version: 1,
      purchaseTiming: "later",
      payment: "loan",
      purchaseFactors: ["safety"],
    });
    expect(missingFacts(n)).toEqual([
      "brandFamiliarity",
      "use",
      "purchaseType",
      "householdRoles",
      "intendedModel",
      "intendedColour",
      "competingBrands",
    ]);
  });

  it("validates the form field by field", () => {
    try {
      parseInput(needsAnalysisSchema, { version: 1, purchaseTiming: "someday", payment: "barter" });
      expect.unreachable();
    } catch (e) {
      expect((e as { fields: Record<string, string> }).fields).toMatchObject({
        purchaseTiming: expect.stringMatching(/Purchase timing/),
        payment: expect.stringMatching(/cash or loan/),
      });
    }
    expect(() =>
      parseInput(needsAnalysisSchema, {
        version: 1,
        purchaseTiming: "later",
        competingBrands: ["a", "b", "c", "d", "e", "f"],
      }),
    ).toThrow(/At most 5/);
  });
});

import { describe, expect, it } from "vitest";
import {
  attendanceFigures,
  bpOf,
  type CommissionDelivery,
  type CommissionRules,
  commissionAdjustmentSchema,
  commissionRulesInputSchema,
  computeCommission,
  DEFAULT_COMMISSION_RULES,
  monthRange,
  previousMonthOf,
  unitRateFor,
} from "./commissions.ts";

const rules: CommissionRules = {
  ...DEFAULT_COMMISSION_RULES,
  defaultPerUnitFen: 30_000,
  unitRates: [
    { brand: "VW", modelCode: "TIGUAN", amountFen: 50_000 },
    { brand: "VW", modelCode: "TIGUAN", trimCode: "TOP", amountFen: 80_000 },
  ],
  accessoryRateBp: 500,
  insuranceRateBp: 333,
  financePerLoanFen: 20_000,
  targetBonusFen: 200_000,
  absenceDeductionFen: 10_000,
  lateDeductionFen: 5_000,
};

const car = (n: number, over: Partial<CommissionDelivery> = {}): CommissionDelivery => ({
  contractId: `C${n}`,
  contractNo: `HT-00000${n}`,
  customerName: `客户${n}`,
  deliveredDate: `2026-10-0${n}`,
  brand: "VW",
  modelCode: "LAVIDA",
  modelName: "朗逸",
  trimCode: "BASE",
  trimName: "舒适版",
  accessoriesFen: 0,
  insuranceFen: 0,
  financed: false,
  ...over,
});

describe("unit rates", () => {
  it("trim beats model beats the default", () => {
    expect(unitRateFor(rules, { brand: "VW", modelCode: "TIGUAN", trimCode: "TOP" })).toBe(80_000);
    expect(unitRateFor(rules, { brand: "VW", modelCode: "TIGUAN", trimCode: "MID" })).toBe(50_000);
    expect(unitRateFor(rules, { brand: "VW", modelCode: "LAVIDA", trimCode: "TOP" })).toBe(30_000);
    // the same model code of another brand is another car
    expect(unitRateFor(rules, { brand: "Audi", modelCode: "TIGUAN", trimCode: "TOP" })).toBe(30_000);
  });
});

describe("a month's statement", () => {
  it("adds units, revenue shares, loans, the bonus, deductions and adjustments; total = sum of lines", () => {
    const r = computeCommission({
      rules,
      deliveries: [
        car(2, {
          modelCode: "TIGUAN",
          trimCode: "TOP",
          accessoriesFen: 1_000_000,
          insuranceFen: 500_001,
          financed: true,
        }),
        car(1, { accessoriesFen: 333_333 }),
        car(3, { modelCode: "TIGUAN", trimCode: "MID", insuranceFen: 400_000 }),
      ],
      targetUnits: 3,
      absentDays: 1,
      lateSignIns: 2,
      adjustments: [
        { id: "a1", amountFen: -12_345, reason: "Damaged demo car", at: "2026-11-02T02:00:00Z", byName: "Admin" },
      ],
    });
    expect(r.units).toBe(3);
    expect(r.lines.map((l) => l.kind)).toEqual([
      "unit",
      "unit",
      "unit",
      "accessories",
      "insurance",
      "finance",
      "bonus",
      "absence",
      "late",
      "adjustment",
    ]);
    // deliveries in date order, each with its own rate
    expect(r.lines.slice(0, 3).map((l) => [l.contractNo, l.amountFen])).toEqual([
      ["HT-000001", 30_000],
      ["HT-000002", 80_000],
      ["HT-000003", 50_000],
    ]);
    const by = Object.fromEntries(r.lines.map((l) => [l.kind, l.amountFen]));
    // 5 % of 13,333.33 yuan = 666.67 yuan (rounded half up once, on the month's sum)
    expect(by.accessories).toBe(66_667);
    expect(r.accessoriesFen).toBe(1_333_333);
    // 3.33 % of 9,000.01 yuan
    expect(by.insurance).toBe(bpOf(900_001, 333));
    expect(by.finance).toBe(20_000);
    expect(by.bonus).toBe(200_000);
    expect(by.absence).toBe(-10_000);
    expect(by.late).toBe(-10_000);
    expect(by.adjustment).toBe(-12_345);
    expect(r.totalFen).toBe(r.lines.reduce((n, l) => n + l.amountFen, 0));
    expect(r.totalFen).toBe(
      30_000 + 80_000 + 50_000 + 66_667 + bpOf(900_001, 333) + 20_000 + 200_000 - 20_000 - 12_345,
    );
  });

  it("no bonus below the target or without one; nothing for a month without deliveries but the deductions", () => {
    const below = computeCommission({
      rules,
      deliveries: [car(1)],
      targetUnits: 2,
      absentDays: 0,
      lateSignIns: 0,
      adjustments: [],
    });
    expect(below.lines.map((l) => l.kind)).toEqual(["unit"]);
    const none = computeCommission({ rules, deliveries: [car(1)], absentDays: 0, lateSignIns: 0, adjustments: [] });
    expect(none.lines.some((l) => l.kind === "bonus")).toBe(false);
    const zeroTarget = computeCommission({
      rules,
      deliveries: [],
      targetUnits: 0,
      absentDays: 2,
      lateSignIns: 0,
      adjustments: [],
    });
    expect(zeroTarget.lines.map((l) => l.kind)).toEqual(["absence"]);
    expect(zeroTarget.totalFen).toBe(-20_000);
  });
});

describe("attendance figures", () => {
  const ev = (id: string, date: string, at: string, over: object = {}) => ({
    recordId: id,
    userId: "u",
    kind: "sign_in" as const,
    date,
    at: `${date}T${at}:00Z`,
    ...over,
  });
  it("counts rostered days without a sign-in and late first sign-ins; corrections replace records", () => {
    const f = attendanceFigures(
      [
        ev("1", "2026-10-01", "01:10", { late: true }),
        // corrected to on time: not late any more
        ev("2", "2026-10-02", "01:20", { late: true }),
        ev("3", "2026-10-02", "01:00", { corrects: "2", late: false }),
        ev("4", "2026-10-03", "01:00"),
        // a second sign-in the same day is not another late arrival
        ev("5", "2026-10-03", "06:00", { late: true }),
        // signed in on a day off: not an absence, not counted
        ev("6", "2026-10-05", "01:00"),
      ],
      ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"],
    );
    expect(f).toEqual({ absentDays: 1, lateSignIns: 1 });
  });
});

describe("months", () => {
  it("ranges and the previous month", () => {
    expect(monthRange("2026-02")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(monthRange("2028-02").to).toBe("2028-02-29");
    expect(previousMonthOf("2026-01-01")).toBe("2025-12");
    expect(previousMonthOf("2026-11")).toBe("2026-10");
  });
});

describe("schemas", () => {
  it("rules and adjustments are validated field by field", () => {
    const bad = commissionRulesInputSchema.safeParse({
      ...DEFAULT_COMMISSION_RULES,
      accessoryRateBp: 20_000,
      defaultPerUnitFen: -1,
      version: 0,
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["accessoryRateBp", "defaultPerUnitFen"]),
    );
    expect(commissionRulesInputSchema.safeParse({ ...DEFAULT_COMMISSION_RULES, version: 0 }).success).toBe(true);
    expect(commissionAdjustmentSchema.safeParse({ amountFen: 0, reason: "x", version: 1 }).success).toBe(false);
    expect(commissionAdjustmentSchema.safeParse({ amountFen: -500, reason: " ", version: 1 }).success).toBe(false);
    expect(commissionAdjustmentSchema.safeParse({ amountFen: -500, reason: "Refund", version: 1 }).success).toBe(true);
  });
});

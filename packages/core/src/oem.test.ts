import { describe, expect, it } from "vitest";
import {
  type KpiDay,
  oemAddMonths,
  oemKpis,
  oemMonthRange,
  oemMonthsEnding,
  oemRankBy,
  oemStockAging,
  oemSumDays,
  oemTotalKpis,
  oemUserSchema,
  redactPersonal,
} from "./oem.ts";

const day = (date: string, n: number, byBrand?: KpiDay["byBrand"]): KpiDay => ({
  date,
  walkIns: 10 * n,
  newProspects: 4 * n,
  testDrives: 3 * n,
  orders: 2 * n,
  deliveries: n,
  postCallsDue: 2,
  postCallsDone: 1,
  complaints: 1,
  complaintsHandledIn12h: n % 2,
  ...(byBrand ? { byBrand } : {}),
});

describe("OEM KPI computation", () => {
  it("sums a single-brand store's own figures", () => {
    const c = oemSumDays([day("2026-10-01", 1), day("2026-10-02", 2)], "FAW-Volkswagen", true);
    expect(c).toEqual({
      walkIns: 30,
      newProspects: 12,
      testDrives: 9,
      orders: 6,
      deliveries: 3,
      postCallsDue: 4,
      postCallsDone: 2,
      complaints: 2,
      complaintsIn12h: 1,
    });
  });

  it("takes a multi-brand store's brand share, complaints from the store", () => {
    const days = [
      day("2026-10-01", 5, { A: { walkIns: 7, deliveries: 2 }, B: { walkIns: 43, deliveries: 3 } }),
      day("2026-10-02", 1, { B: { walkIns: 10 } }),
    ];
    const a = oemSumDays(days, "A", false);
    expect(a.walkIns).toBe(7);
    expect(a.deliveries).toBe(2);
    expect(a.orders).toBe(0);
    expect(a.complaints).toBe(2);
    expect(oemSumDays(days, "B", false).walkIns).toBe(53);
    expect(oemSumDays(days, "C", false).walkIns).toBe(0);
  });

  it("counts stock and aged stock (> 90 days) as of a date", () => {
    const s = oemStockAging(
      ["2026-06-01T02:00:00Z", "2026-08-02T02:00:00Z", "2026-08-03T02:00:00Z", "2026-11-05T02:00:00Z", undefined],
      "2026-10-31",
    );
    // 2026-11-05 arrived after the date; 90 days before 10-31 is 08-02: only June is older
    expect(s).toEqual({ stock: 4, agedStock: 1 });
  });

  it("computes ratios and attainment, null where the denominator is zero", () => {
    const k = oemKpis(
      {
        walkIns: 100,
        newProspects: 40,
        testDrives: 20,
        orders: 12,
        deliveries: 9,
        postCallsDue: 8,
        postCallsDone: 6,
        complaints: 0,
        complaintsIn12h: 0,
      },
      { stock: 40, agedStock: 10 },
      12,
    );
    expect(k.agedShare).toBe(0.25);
    expect(k.postCallRate).toBe(0.75);
    expect(k.complaintCompliance).toBeNull();
    expect(k.targetUnits).toBe(12);
    expect(k.attainment).toBe(0.75);
    const none = oemKpis({ ...k, postCallsDue: 0 }, { stock: 0, agedStock: 0 }, 0);
    expect(none.attainment).toBeNull();
    expect(none.targetUnits).toBeNull();
    expect(none.agedShare).toBeNull();
    expect(none.postCallRate).toBeNull();
  });

  it("ranks with ties sharing a rank; aged share ranks lower-is-better; missing figures unranked", () => {
    const rows = [
      { deliveries: 5, agedShare: 0.3 },
      { deliveries: 9, agedShare: 0.1 },
      { deliveries: 5, agedShare: null },
      {},
    ];
    expect(oemRankBy(rows, "deliveries")).toEqual([2, 1, 2, null]);
    expect(oemRankBy(rows, "agedShare")).toEqual([2, 1, null, null]);
  });

  it("totals recompute ratios from sums; attainment only over dealers with a target", () => {
    const base = { newProspects: 0, testDrives: 0, orders: 0, complaints: 0, complaintsIn12h: 0 };
    const a = oemKpis(
      { ...base, walkIns: 10, deliveries: 4, postCallsDue: 4, postCallsDone: 4 },
      { stock: 10, agedStock: 5 },
      8,
    );
    const b = oemKpis(
      { ...base, walkIns: 30, deliveries: 6, postCallsDue: 4, postCallsDone: 0 },
      { stock: 30, agedStock: 0 },
      null,
    );
    const t = oemTotalKpis([a, b]);
    expect(t.walkIns).toBe(40);
    expect(t.deliveries).toBe(10);
    expect(t.postCallRate).toBe(0.5);
    expect(t.agedShare).toBe(0.125);
    expect(t.targetUnits).toBe(8);
    expect(t.attainment).toBe(0.5);
  });
});

describe("months", () => {
  it("ranges, steps and windows across year ends and leap years", () => {
    expect(oemMonthRange("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(oemMonthRange("2026-12")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(oemAddMonths("2026-01", -1)).toBe("2025-12");
    expect(oemAddMonths("2026-11", 2)).toBe("2027-01");
    expect(oemMonthsEnding("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
  });
});

describe("redactPersonal", () => {
  it("masks mobiles and the customer's name (and given name)", () => {
    const out = redactPersonal("客户王秀英 (138 1234 5678, +86 13912345678) 反映秀英的车异响", [
      "王秀英",
      "13812345678",
    ]);
    expect(out).not.toMatch(/秀英|王秀英|1381234|13912345678/);
    expect(out).toContain("反映");
    expect(redactPersonal("Mr Zhang Wei called about brakes", ["Zhang Wei"])).toBe("Mr *** called about brakes");
  });
});

describe("OEM user schema", () => {
  it("a regional rep needs a region; an admin has none", () => {
    const base = { email: "a@b.example.com", name: "A", password: "long-enough-pw" };
    expect(oemUserSchema.safeParse({ ...base, role: "regional_rep" }).success).toBe(false);
    expect(
      oemUserSchema.safeParse({ ...base, role: "oem_admin", regionId: "01JBZ7Z0000000000000000000" }).success,
    ).toBe(false);
    expect(oemUserSchema.safeParse({ ...base, role: "oem_admin" }).success).toBe(true);
  });
});

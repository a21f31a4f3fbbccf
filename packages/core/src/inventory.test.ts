import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  agingBucket,
  catalogueSchema,
  checkVin,
  daysInStock,
  normalizeVin,
  summarizeAging,
  transitionProblem,
  VEHICLE_STATUSES,
  VEHICLE_TRANSITIONS,
  vehicleTransitionSchema,
} from "./inventory.ts";

// CI runs in a fresh clone with shared/ beside the repo folder.
const vectors = JSON.parse(
  readFileSync(new URL("../../../../shared/fixtures/vin/vectors.json", import.meta.url), "utf8"),
) as {
  valid: { vin: string; check_digit: string }[];
  invalid: { vin: string; reason: string; computed: string }[];
  valid_without_check_digit: { vin: string }[];
  disputed: { vin: string; check_digit_ok: boolean }[];
  normalization_cases: { input: string; canonical: string | null }[];
};
const strict = { allowWithoutCheckDigit: false };
const lenient = { allowWithoutCheckDigit: true };

describe("checkVin against the published vectors", () => {
  it.each(vectors.valid.map((v) => [v.vin, v.check_digit]))("accepts valid %s (check digit %s)", (vin, digit) => {
    expect(checkVin(vin, strict)).toEqual({ ok: true, vin, checkDigit: "valid" });
    expect(vin[8]).toBe(digit);
  });

  it("includes Chinese-market VINs (WMI L…) among the valid ones", () => {
    expect(vectors.valid.filter((v) => v.vin.startsWith("L")).length).toBeGreaterThanOrEqual(5);
  });

  it.each(vectors.invalid.map((v) => [JSON.stringify(v.vin), v.vin, v.reason]))(
    "rejects invalid %s (%s) when the check digit is required",
    (_, vin, _reason) => {
      const r = checkVin(vin, strict);
      expect(r.ok).toBe(false);
    },
  );

  it("rejects bad length and characters even when the tenant allows VINs without a check digit", () => {
    const structural = vectors.invalid.filter((v) => v.computed.startsWith("n/a"));
    expect(structural.length).toBeGreaterThan(15);
    for (const v of structural) expect(checkVin(v.vin, lenient).ok, v.vin).toBe(false);
    // a placeholder passes the arithmetic but is refused in both modes
    expect(checkVin("11111111111111111", lenient)).toMatchObject({ ok: false, message: /placeholder/ });
  });

  it("says what is wrong", () => {
    expect(checkVin("3VWD07AJ5EM38820", strict)).toMatchObject({
      message: "A VIN has 17 characters; this one has 16.",
    });
    expect(checkVin("2G1WB5Q37E1110567", strict)).toMatchObject({ message: /never I, O or Q; found "Q"/ });
    expect(checkVin("2G1WB5E36E1110567", strict)).toMatchObject({
      message: /check digit \(position 9\) of this VIN should be 7, not 6/,
    });
  });

  it.each(vectors.valid_without_check_digit.map((v) => [v.vin]))(
    "refuses %s by default and accepts it flagged when the tenant allows it",
    (vin) => {
      expect(checkVin(vin, strict).ok).toBe(false);
      expect(checkVin(vin, lenient)).toEqual({ ok: true, vin, checkDigit: "not_used" });
    },
  );

  it("decides the disputed cases: arithmetic rules, placeholders are refused", () => {
    for (const d of vectors.disputed) {
      const r = checkVin(d.vin, strict);
      if (d.vin === "00000000000000000") expect(r.ok).toBe(false);
      else expect(r.ok, d.vin).toBe(d.check_digit_ok);
    }
  });

  it("normalises case, spaces and hyphens", () => {
    for (const n of vectors.normalization_cases) {
      const r = checkVin(n.input, strict);
      if (n.canonical === null) expect(r.ok).toBe(false);
      else expect(r).toEqual({ ok: true, vin: n.canonical, checkDigit: "valid" });
    }
    expect(normalizeVin(" lrw3e1eb0pc932736 ")).toBe("LRW3E1EB0PC932736");
  });
});

describe("vehicle status transitions", () => {
  const allowed: [string, string][] = [
    ["on_order", "in_transit"],
    ["in_transit", "arrived"],
    ["arrived", "in_stock"],
    ["in_stock", "allocated"],
    ["allocated", "delivered"],
    ["allocated", "in_stock"],
    ["in_stock", "wholesaled"],
  ];
  it("allows exactly the documented moves", () => {
    for (const from of VEHICLE_STATUSES)
      for (const to of VEHICLE_STATUSES) {
        const ok = allowed.some(([f, t]) => f === from && t === to);
        expect(transitionProblem(from, to) === null, `${from} → ${to}`).toBe(ok);
      }
    expect(Object.values(VEHICLE_TRANSITIONS).flat()).toHaveLength(allowed.length);
  });
  it("explains a refused move", () => {
    expect(transitionProblem("on_order", "delivered")).toBe(
      "A vehicle that is on order cannot become delivered; next it can only become in transit.",
    );
    expect(transitionProblem("delivered", "in_stock")).toBe(
      "A vehicle that is delivered cannot change status any more.",
    );
  });
  it("needs an inspection on arrival, damage notes for a failed item, a buyer when wholesaled", () => {
    const items = {
      exterior: true,
      interior: true,
      glass: true,
      tyres: true,
      electrics: true,
      engine_bay: true,
      keys: true,
      documents: true,
      accessories: true,
    };
    expect(vehicleTransitionSchema.safeParse({ version: 1, to: "arrived" }).success).toBe(false);
    expect(vehicleTransitionSchema.safeParse({ version: 1, to: "arrived", inspection: { items } }).success).toBe(true);
    const scratched = { version: 1, to: "arrived", inspection: { items: { ...items, exterior: false } } };
    expect(vehicleTransitionSchema.safeParse(scratched).success).toBe(false);
    expect(
      vehicleTransitionSchema.safeParse({
        ...scratched,
        inspection: { ...scratched.inspection, damageNotes: "左后门划痕 10 cm" },
      }).success,
    ).toBe(true);
    expect(vehicleTransitionSchema.safeParse({ version: 1, to: "wholesaled" }).success).toBe(false);
    expect(vehicleTransitionSchema.safeParse({ version: 1, to: "wholesaled", buyer: "苏州二网" }).success).toBe(true);
  });
});

describe("aging", () => {
  it("puts days into the four buckets at their edges", () => {
    expect([0, 30, 31, 60, 61, 90, 91, 400].map(agingBucket)).toEqual([
      "0-30",
      "0-30",
      "31-60",
      "31-60",
      "61-90",
      "61-90",
      "90+",
      "90+",
    ]);
  });
  it("counts store-local days (arrival day = 0)", () => {
    const now = new Date("2026-11-26T01:00:00Z"); // 09:00 in Shanghai
    expect(daysInStock("2026-11-25T17:00:00Z", now, "Asia/Shanghai")).toBe(0); // 01:00 local today
    expect(daysInStock("2026-11-25T15:00:00Z", now, "Asia/Shanghai")).toBe(1); // 23:00 local yesterday
    expect(daysInStock("2026-08-28T04:00:00Z", now, "Asia/Shanghai")).toBe(90);
  });
  it("sums counts and value per model and the aged share", () => {
    const s = summarizeAging([
      { modelKey: "magotan", modelLabel: "Magotan", days: 5, purchaseCost: 200_000_00 },
      { modelKey: "magotan", modelLabel: "Magotan", days: 75, purchaseCost: 200_000_00 },
      { modelKey: "camry", modelLabel: "Camry", days: 120, purchaseCost: 100_000_00 },
      { modelKey: "camry", modelLabel: "Camry", days: 40, purchaseCost: 100_000_00 },
    ]);
    expect(s.byModel.map((r) => r.label)).toEqual(["Camry", "Magotan"]);
    expect(s.byModel[1]!.buckets["61-90"]).toEqual({ count: 1, value: 200_000_00 });
    expect(s.total.total).toEqual({ count: 4, value: 600_000_00 });
    expect(s.total.aged).toEqual({ count: 2, value: 300_000_00 });
    expect(s.agedShare).toEqual({ count: 0.5, value: 0.5 });
    expect(summarizeAging([]).agedShare).toEqual({ count: 0, value: 0 });
  });
});

describe("catalogue schema", () => {
  const trim = { code: "380tsi", name: "380TSI 豪华型", msrp: 229_900_00, colours: [{ code: "white", name: "白" }] };
  it("accepts a tree and refuses duplicate codes and non-integer prices", () => {
    const ok = {
      version: 0,
      brands: [{ name: "FAW-Volkswagen", models: [{ code: "magotan", name: "迈腾", trims: [trim] }] }],
    };
    expect(catalogueSchema.safeParse(ok).success).toBe(true);
    const dup = structuredClone(ok);
    dup.brands[0]!.models[0]!.trims.push(trim);
    expect(catalogueSchema.safeParse(dup).error?.issues[0]?.message).toBe('Trim code in 迈腾 "380tsi" appears twice.');
    const cents = structuredClone(ok);
    cents.brands[0]!.models[0]!.trims[0]!.msrp = 2299.5;
    expect(catalogueSchema.safeParse(cents).success).toBe(false);
  });
});

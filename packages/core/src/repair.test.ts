import { describe, expect, it } from "vitest";
import {
  allocateParts,
  applyAllocation,
  assertTransition,
  invoiceLines,
  lineAmountFen,
  manualMoves,
  nextRound,
  RO_STATES,
  RO_TRANSITIONS,
  type RoLine,
  repairOrderSchema,
  roLineSchema,
  roNumber,
  roTotals,
  shortLines,
  stateMinutes,
} from "./repair.ts";

const base = { addedAt: "2026-11-26T01:00:00.000Z", addedBy: "u", addedByName: "U", round: 1, approved: true };
const labour = (hours: number, rateFen: number, payer: RoLine["payer"] = "customer"): RoLine => ({
  ...base,
  lineId: `l${hours}${payer}`,
  kind: "labour",
  description: "work",
  hours,
  rateFen,
  payer,
});
const part = (partNo: string, qty: number, unitPriceFen: number, payer: RoLine["payer"] = "customer"): RoLine => ({
  ...base,
  lineId: `p${partNo}${qty}${payer}`,
  kind: "part",
  description: partNo,
  partNo,
  qty,
  unitPriceFen,
  payer,
});

describe("repair order totals", () => {
  it("labour is hours × rate rounded to the fen, parts qty × unit price", () => {
    expect(lineAmountFen(labour(1.5, 30_000))).toBe(45_000);
    expect(lineAmountFen(labour(0.33, 10_001))).toBe(3300);
    expect(lineAmountFen(part("OF-1", 3, 4_500))).toBe(13_500);
  });

  it("splits labour + parts by payer: customer, warranty (the OEM claim), internal", () => {
    const t = roTotals([
      labour(1, 20_000),
      labour(2, 20_000, "warranty"),
      part("BP-1", 1, 60_000),
      part("BP-2", 2, 10_000, "warranty"),
      part("W-1", 1, 5_000, "internal"),
    ]);
    expect(t).toEqual({
      labourFen: 60_000,
      partsFen: 85_000,
      totalFen: 145_000,
      customerFen: 80_000,
      warrantyFen: 60_000,
      internalFen: 5_000,
    });
    expect(t.customerFen + t.warrantyFen + t.internalFen).toBe(t.totalFen);
  });

  it("invoices approved lines only and numbers supplement rounds", () => {
    const lines = [labour(1, 100), { ...part("X-1", 1, 50), approved: false, round: 2 }];
    expect(invoiceLines(lines).map((l) => l.kind)).toEqual(["labour"]);
    expect(nextRound([])).toBe(1);
    expect(nextRound(lines)).toBe(2);
  });
});

describe("parts allocation", () => {
  it("takes what stock covers per part number and leaves the rest short, line by line", () => {
    const lines = [part("BP-1", 2, 100), part("BP-1", 3, 100), part("OF-1", 1, 100)];
    const alloc = allocateParts(lines, { "BP-1": 4, "OF-1": 0 });
    expect(alloc).toEqual([
      { partNo: "BP-1", wanted: 5, stock: 4, take: 4, short: 1 },
      { partNo: "OF-1", wanted: 1, stock: 0, take: 0, short: 1 },
    ]);
    const next = applyAllocation(lines, alloc);
    expect(next.map((l) => [l.reservedQty, l.shortQty])).toEqual([
      [2, 0],
      [2, 1],
      [0, 1],
    ]);
    expect(shortLines(next)).toHaveLength(2);
  });
});

describe("state machine", () => {
  it("allows the listed manual moves and refuses the rest with a 422", () => {
    expect(() => assertTransition("received", "diagnosing", "manual")).not.toThrow();
    expect(() => assertTransition("quality_check", "ready", "manual")).not.toThrow();
    expect(() => assertTransition("received", "delivered", "manual")).toThrow(/cannot go from received to delivered/);
    expect(() => assertTransition("ready", "settled", "manual")).toThrow(/only through the settlement/);
    expect(() => assertTransition("waiting_approval", "in_progress", "manual")).toThrow(/customer's approval/);
    expect(manualMoves("received")).toEqual(["diagnosing", "waiting_approval"]);
    expect(manualMoves("delivered")).toEqual([]);
  });

  it("every state but delivered has a way on, and every target is a known state", () => {
    for (const s of RO_STATES) {
      const targets = Object.keys(RO_TRANSITIONS[s]);
      if (s === "delivered") expect(targets).toEqual([]);
      else expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) expect(RO_STATES).toContain(t);
    }
  });

  it("times each state up to the next change (the current one up to now)", () => {
    const e = (to: (typeof RO_STATES)[number], at: string) => ({ to, at, by: "u", byName: "U" });
    const m = stateMinutes(
      [
        e("received", "2026-11-26T01:00:00.000Z"),
        e("in_progress", "2026-11-26T01:30:00.000Z"),
        e("waiting_parts", "2026-11-26T02:00:00.000Z"),
        e("in_progress", "2026-11-26T05:00:00.000Z"),
      ],
      new Date("2026-11-26T05:45:00.000Z"),
    );
    expect(m).toEqual({ received: 30, in_progress: 75, waiting_parts: 180 });
  });
});

describe("schemas", () => {
  it("numbers repair orders without gaps in the format WO-000123", () => {
    expect(roNumber(123)).toBe("WO-000123");
  });

  it("needs an appointment or a customer and vehicle, fuel 0–8, mileage", () => {
    expect(repairOrderSchema.safeParse({ mileageKm: 1, fuelEighths: 4, concerns: "x" }).success).toBe(false);
    const ok = repairOrderSchema.safeParse({
      customerId: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
      vin: "lsvaa4180e2123456",
      mileageKm: 12_000,
      fuelEighths: 8,
      concerns: "brakes squeal",
    });
    expect(ok.success && ok.data.vin).toBe("LSVAA4180E2123456");
    expect(
      repairOrderSchema.safeParse({
        customerId: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
        vin: "LSVAA4180E2123456",
        mileageKm: 1,
        fuelEighths: 9,
        concerns: "x",
      }).success,
    ).toBe(false);
  });

  it("validates lines: labour hours > 0 with two decimals, parts by catalogue number", () => {
    expect(
      roLineSchema.safeParse({ kind: "labour", description: "x", hours: 1.25, rateFen: 100, payer: "customer" })
        .success,
    ).toBe(true);
    expect(
      roLineSchema.safeParse({ kind: "labour", description: "x", hours: 1.255, rateFen: 100, payer: "customer" })
        .success,
    ).toBe(false);
    expect(roLineSchema.safeParse({ kind: "part", partNo: "bp-1", qty: 0, payer: "customer" }).success).toBe(false);
    const p = roLineSchema.safeParse({ kind: "part", partNo: " bp-1 ", qty: 2, payer: "warranty" });
    expect(p.success && p.data.kind === "part" && p.data.partNo).toBe("BP-1");
  });
});

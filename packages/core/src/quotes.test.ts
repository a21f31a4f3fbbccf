import { describe, expect, it } from "vitest";
import { dealSettingsInputSchema, quoteCancelSchema, quoteDecisionSchema, quoteSchema } from "./quotes.ts";
import { parseInput } from "./schemas.ts";

const MIN = { vehicle: { modelCode: "magotan", trimCode: "330tsi-lux" } };

function fieldsOf(schema: Parameters<typeof parseInput>[0], input: unknown): Record<string, string> {
  try {
    parseInput(schema, input);
  } catch (e) {
    return (e as { fields: Record<string, string> }).fields;
  }
  throw new Error("expected a validation error");
}

describe("quoteSchema", () => {
  it("fills the defaults: no discount, no lines, no deposit, valid 7 days; list price from the catalogue", () => {
    const q = parseInput(quoteSchema, MIN);
    expect(q).toEqual({
      vehicle: { modelCode: "magotan", trimCode: "330tsi-lux" },
      discountFen: 0,
      accessories: [],
      insurance: [],
      depositFen: 0,
      validDays: 7,
    });
    expect(q.listPriceFen).toBeUndefined();
  });

  it("takes a full quote: colour, stock vehicle, lines, loan, trade-in with plate and VIN", () => {
    const q = parseInput(quoteSchema, {
      vehicle: {
        modelCode: "magotan",
        trimCode: "330tsi-lux",
        colourCode: "white",
        vehicleId: "01JD0000000000000000000000",
      },
      listPriceFen: 219_900_00,
      discountFen: 8_000_00,
      accessories: [{ name: " 脚垫 ", priceFen: 0 }],
      insurance: [{ name: "商业险", priceFen: 5_000_00 }],
      finance: { lender: "大众汽车金融", downPaymentFen: 80_000_00, termMonths: 36, annualRateBp: 499 },
      tradeIn: { description: "2017 朗逸", plate: "沪a 12345", vin: "lsja24u62jg269225", appraisalFen: 50_000_00 },
      depositFen: 5_000_00,
      validDays: 14,
      note: "  ",
    });
    expect(q.accessories[0]!.name).toBe("脚垫");
    expect(q.tradeIn).toEqual({
      description: "2017 朗逸",
      plate: "沪A12345",
      vin: "LSJA24U62JG269225",
      appraisalFen: 50_000_00,
    });
    expect(q.note).toBeUndefined();
  });

  it("accepts a trade-in VIN without a valid check digit (another market), but not a malformed one", () => {
    // position 9 is "Z": European VINs do not use a check digit
    const q = parseInput(quoteSchema, {
      ...MIN,
      tradeIn: { description: "imported car", vin: "WVWZZZ1KZAW000001", appraisalFen: 1_000_00 },
    });
    expect(q.tradeIn?.vin).toBe("WVWZZZ1KZAW000001");
    const f = fieldsOf(quoteSchema, {
      ...MIN,
      tradeIn: { description: "x", vin: "WVWZZZ1KZOW00000", appraisalFen: 1_000_00 },
    });
    expect(f["tradeIn.vin"]).toMatch(/17 characters/);
  });

  it("refuses totals sent by the client (the server computes them)", () => {
    const f = fieldsOf(quoteSchema, { ...MIN, totals: { payableFen: 1 } });
    expect(f._).toMatch(/Unknown field\(s\): totals/);
    const g = fieldsOf(quoteSchema, {
      ...MIN,
      finance: { lender: "x", downPaymentFen: 0, termMonths: 12, annualRateBp: 0, monthlyPaymentFen: 1 },
    });
    expect(g.finance).toMatch(/monthlyPaymentFen/);
  });

  it("explains every bad field", () => {
    const f = fieldsOf(quoteSchema, {
      vehicle: { modelCode: "Magotan!", trimCode: "" },
      listPriceFen: 0,
      discountFen: 12.5,
      accessories: [{ name: "", priceFen: -1 }],
      insurance: "none",
      finance: { lender: "", downPaymentFen: 0, termMonths: 120, annualRateBp: 3001 },
      tradeIn: { description: "x", appraisalFen: 0 },
      depositFen: -100,
      validDays: 0,
    });
    expect(f).toMatchObject({
      "vehicle.modelCode": "Model must be a code from the catalogue.",
      "vehicle.trimCode": "Trim must be a code from the catalogue.",
      listPriceFen: "List price must be more than 0.",
      discountFen: "Discount must be a whole number of fen.",
      "accessories.0.name": "Accessory name is required.",
      "accessories.0.priceFen": "Accessory price cannot be negative.",
      insurance: "Insurance must be a list.",
      "finance.lender": "Lender is required.",
      "finance.termMonths": "The loan term is at most 96 months.",
      "finance.annualRateBp": "The interest rate is at most 30 % (3000 basis points).",
      "tradeIn.appraisalFen": "Appraisal must be more than 0.",
      depositFen: "Deposit cannot be negative.",
      validDays: "A quote is valid for at least 1 day.",
    });
  });

  it("limits the lines: 30 accessories, 10 insurance products", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `item ${i}`, priceFen: 100 }));
    expect(parseInput(quoteSchema, { ...MIN, accessories: many(30), insurance: many(10) }).accessories).toHaveLength(
      30,
    );
    expect(fieldsOf(quoteSchema, { ...MIN, accessories: many(31) }).accessories).toBe(
      "At most 30 accessories on a quote.",
    );
    expect(fieldsOf(quoteSchema, { ...MIN, insurance: many(11) }).insurance).toBe(
      "At most 10 insurance products on a quote.",
    );
  });

  it("refuses amounts above 100 million yuan and non-numbers", () => {
    expect(fieldsOf(quoteSchema, { ...MIN, listPriceFen: 100_000_000_01 }).listPriceFen).toMatch(/at most/);
    expect(fieldsOf(quoteSchema, { ...MIN, discountFen: "500" }).discountFen).toBe(
      "Discount must be an amount in fen (a whole number).",
    );
  });
});

describe("quoteDecisionSchema", () => {
  it("approves without a reason; a rejection needs one", () => {
    expect(parseInput(quoteDecisionSchema, { version: 1, decision: "approve" })).toEqual({
      version: 1,
      decision: "approve",
    });
    expect(fieldsOf(quoteDecisionSchema, { version: 1, decision: "reject", reason: " " }).reason).toBe(
      "Give the reason for rejecting the discount.",
    );
    expect(fieldsOf(quoteDecisionSchema, { version: 1, decision: "maybe" }).decision).toBe(
      "Decision must be approve or reject.",
    );
    expect(fieldsOf(quoteDecisionSchema, { decision: "approve" }).version).toBe("version is required.");
  });
});

describe("quoteCancelSchema", () => {
  it("needs the version read", () => {
    expect(parseInput(quoteCancelSchema, { version: 3, reason: "customer chose another trim" }).version).toBe(3);
    expect(fieldsOf(quoteCancelSchema, {}).version).toBe("version is required.");
  });
});

describe("dealSettingsInputSchema", () => {
  const VALID = {
    version: 0,
    discountLimitFen: { sales_consultant: 300_000, sales_manager: null, general_manager: null, group_admin: null },
    dunningEscalateAfter: 3,
    depositDueDays: 2,
  };

  it("takes limits in fen or null (no limit), with the version read", () => {
    expect(parseInput(dealSettingsInputSchema, VALID)).toEqual(VALID);
  });

  it("stays strict and explains bad values", () => {
    expect(fieldsOf(dealSettingsInputSchema, { ...VALID, extra: 1 })._).toMatch(/Unknown field/);
    const f = fieldsOf(dealSettingsInputSchema, {
      ...VALID,
      discountLimitFen: { ...VALID.discountLimitFen, sales_consultant: -1, receptionist: 5 },
      dunningEscalateAfter: 0,
      depositDueDays: 31,
    });
    expect(f["discountLimitFen.sales_consultant"]).toBe("A discount limit cannot be negative.");
    expect(f.discountLimitFen).toMatch(/Unknown field\(s\): receptionist/);
    expect(f.dunningEscalateAfter).toBe("Escalate after at least 1 reminder.");
    expect(f.depositDueDays).toBe("The deposit is due within 30 days of signing at most.");
    expect(fieldsOf(dealSettingsInputSchema, { ...VALID, version: undefined }).version).toBe("version is required.");
  });
});

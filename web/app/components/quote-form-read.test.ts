import { describe, expect, it } from "vitest";
import { fenToYuanText, RATE_MESSAGE, readQuoteForm, toFormField, YUAN_MESSAGE, yuanToFen } from "./quote-form-read";

describe("yuanToFen", () => {
  it("converts typed yuan to fen exactly (no floating point)", () => {
    expect(yuanToFen("198000")).toBe(198_000_00);
    expect(yuanToFen("198,000.50")).toBe(198_000_50);
    expect(yuanToFen("¥ 1 234.5")).toBe(1_234_50);
    expect(yuanToFen("0.29")).toBe(29);
    expect(yuanToFen("0.07")).toBe(7);
    expect(yuanToFen("")).toBeUndefined();
    expect(yuanToFen(undefined)).toBeUndefined();
  });
  it("refuses more than 2 decimals, negatives and text", () => {
    for (const bad of ["1.234", "-5", "abc", "1e5", "1.2.3"]) expect(yuanToFen(bad)).toBeNull();
  });
  it("round-trips through the input text", () => {
    for (const fen of [0, 7, 29, 50, 1_234_50, 219_900_00]) expect(yuanToFen(fenToYuanText(fen))).toBe(fen);
    expect(fenToYuanText(1_234_50)).toBe("1234.5");
  });
});

describe("readQuoteForm", () => {
  const form = (v: Record<string, string>) => readQuoteForm((n) => v[n]);

  it("builds the API input in fen, drops blank rows and remembers which form row each line came from", () => {
    const r = form({
      "vehicle.trim": "magotan/330tsi-lux",
      "vehicle.colourCode": "white",
      discountFen: "12,000",
      "accessories.0.name": "",
      "accessories.0.priceFen": "",
      "accessories.1.name": "脚垫",
      "accessories.1.priceFen": "800",
      "finance.on": "on",
      "finance.lender": "VW Finance",
      "finance.downPaymentFen": "100000",
      "finance.termMonths": "36",
      "finance.annualRateBp": "4.99",
      validDays: "7",
    });
    expect(r.errors).toEqual({});
    expect(r.input).toEqual({
      vehicle: { modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "white" },
      discountFen: 12_000_00,
      accessories: [{ name: "脚垫", priceFen: 800_00 }],
      insurance: [],
      depositFen: 0,
      finance: { lender: "VW Finance", downPaymentFen: 100_000_00, termMonths: 36, annualRateBp: 499 },
      validDays: 7,
    });
    expect(r.rowOf.accessories).toEqual([1]);
    expect(toFormField("accessories.0.priceFen", r.rowOf)).toBe("accessories.1.priceFen");
    expect(toFormField("discountFen", r.rowOf)).toBe("discountFen");
  });

  it("names the fields typed wrong, before the server is asked", () => {
    const r = form({
      "vehicle.trim": "magotan/330tsi-lux",
      discountFen: "12.345",
      "finance.on": "on",
      "finance.annualRateBp": "4.999",
      "tradeIn.on": "on",
      "tradeIn.appraisalFen": "lots",
    });
    expect(r.errors).toEqual({
      discountFen: YUAN_MESSAGE,
      "finance.annualRateBp": RATE_MESSAGE,
      "tradeIn.appraisalFen": YUAN_MESSAGE,
    });
  });
});

import { describe, expect, it } from "vitest";
import {
  computeQuoteTotals,
  DEFAULT_DEAL_SETTINGS,
  type DealSettings,
  discountLimitFor,
  formatYuan,
  monthlyPayment,
  type QuoteMoneyInput,
  quoteMoneyProblems,
  roundFen,
} from "./deals.ts";

describe("monthlyPayment (annuity)", () => {
  it("matches the standard formula: 100,000 yuan at 4.99 % over 36 months is 2,996.64 yuan", () => {
    // reference computed independently with 50-digit decimals: 299664.0753… fen
    expect(monthlyPayment(100_000_00, 499, 36)).toBe(299_664);
  });

  it("matches the standard formula for 150,000 yuan at 3.99 % over 60 months (2,761.80 yuan)", () => {
    // 276180.1447… fen
    expect(monthlyPayment(150_000_00, 399, 60)).toBe(276_180);
  });

  it("pays back the principal plus interest over the term (the instalments exceed the principal)", () => {
    const m = monthlyPayment(100_000_00, 499, 36);
    expect(m * 36).toBeGreaterThan(100_000_00);
    expect(m * 36 - 100_000_00).toBeLessThan(8_000_00); // about 7,879 yuan of interest
  });

  it("is principal / months at 0 %, rounded to whole fen", () => {
    expect(monthlyPayment(120_000_00, 0, 24)).toBe(500_000);
    expect(monthlyPayment(100_000_00, 0, 36)).toBe(277_778); // 277,777.78 → 277,778
    expect(monthlyPayment(100, 0, 3)).toBe(33); // 33.33 → 33
    expect(monthlyPayment(200, 0, 3)).toBe(67); // 66.67 → 67
  });

  it("is 0 without principal or term, and one month repays principal plus one month's interest", () => {
    expect(monthlyPayment(0, 499, 36)).toBe(0);
    expect(monthlyPayment(-5, 499, 36)).toBe(0);
    expect(monthlyPayment(100_000_00, 499, 0)).toBe(0);
    // 12 % a year = 1 % a month
    expect(monthlyPayment(100_000_00, 1200, 1)).toBe(101_000_00);
  });

  it("always returns whole fen", () => {
    for (const [p, bp, n] of [
      [123_456_78, 388, 12],
      [99_999_99, 1, 96],
      [1, 3000, 7],
    ] as const)
      expect(Number.isInteger(monthlyPayment(p, bp, n))).toBe(true);
  });
});

describe("roundFen and formatYuan", () => {
  it("rounds half away from zero", () => {
    expect(roundFen(2.5)).toBe(3);
    expect(roundFen(-2.5)).toBe(-3);
    expect(roundFen(2.4999)).toBe(2);
  });
  it("formats fen as yuan with separators", () => {
    expect(formatYuan(123_456_78)).toBe("123,456.78");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(-100)).toBe("-1.00");
  });
});

const BASE: QuoteMoneyInput = {
  listPriceFen: 219_900_00,
  discountFen: 12_000_00,
  accessories: [
    { name: "脚垫 Floor mats", priceFen: 800_00 },
    { name: "行车记录仪 Dashcam", priceFen: 1_200_00 },
  ],
  insurance: [{ name: "交强险 + 商业险", priceFen: 6_500_50 }],
  depositFen: 5_000_00,
};

describe("computeQuoteTotals", () => {
  it("adds the lines: vehicle = list − discount, total = vehicle + accessories + insurance", () => {
    const t = computeQuoteTotals(BASE);
    expect(t).toEqual({
      vehicleFen: 207_900_00,
      accessoriesFen: 2_000_00,
      insuranceFen: 6_500_50,
      totalFen: 216_400_50,
      tradeInFen: 0,
      payableFen: 216_400_50,
      loanFen: 0,
      monthlyPaymentFen: 0,
      customerCashFen: 216_400_50,
      depositFen: 5_000_00,
    });
  });

  it("deducts the trade-in appraisal from the total", () => {
    const t = computeQuoteTotals({
      ...BASE,
      tradeIn: { description: "2017 朗逸 1.6L", plate: "沪A12345", appraisalFen: 52_000_00 },
    });
    expect(t.tradeInFen).toBe(52_000_00);
    expect(t.totalFen).toBe(216_400_50);
    expect(t.payableFen).toBe(164_400_50);
    expect(t.customerCashFen).toBe(164_400_50);
  });

  it("finances the payable less the down payment and computes the instalment", () => {
    const t = computeQuoteTotals({
      ...BASE,
      tradeIn: { description: "old car", appraisalFen: 52_000_00 },
      finance: { lender: "大众汽车金融", downPaymentFen: 64_400_50, termMonths: 36, annualRateBp: 499 },
    });
    expect(t.payableFen).toBe(164_400_50);
    expect(t.loanFen).toBe(100_000_00);
    expect(t.monthlyPaymentFen).toBe(299_664);
    expect(t.customerCashFen).toBe(64_400_50);
    expect(t.customerCashFen + t.loanFen + t.tradeInFen).toBe(t.totalFen);
  });

  it("a 0 % loan splits the loan evenly", () => {
    const t = computeQuoteTotals({
      listPriceFen: 120_000_00,
      discountFen: 0,
      accessories: [],
      insurance: [],
      finance: { lender: "厂家贴息", downPaymentFen: 0, termMonths: 24, annualRateBp: 0 },
      depositFen: 0,
    });
    expect(t.loanFen).toBe(120_000_00);
    expect(t.monthlyPaymentFen).toBe(500_000);
    expect(t.customerCashFen).toBe(0);
  });

  it("refuses a quote that does not add up (unless unchecked)", () => {
    const bad = { ...BASE, discountFen: BASE.listPriceFen + 1 };
    expect(() => computeQuoteTotals(bad)).toThrow(/discount cannot be larger/);
    expect(computeQuoteTotals(bad, { unchecked: true }).vehicleFen).toBe(-1);
  });
});

describe("quoteMoneyProblems", () => {
  it("is empty for a quote that adds up", () => {
    expect(quoteMoneyProblems(BASE)).toEqual([]);
  });

  it("names each field that does not add up", () => {
    expect(quoteMoneyProblems({ ...BASE, discountFen: 220_000_00 }).map((p) => p.field)).toContain("discountFen");
    expect(
      quoteMoneyProblems({ ...BASE, tradeIn: { description: "x", appraisalFen: 300_000_00 } }).map((p) => p.field),
    ).toContain("tradeIn.appraisalFen");
    expect(
      quoteMoneyProblems({
        ...BASE,
        finance: { lender: "x", downPaymentFen: 300_000_00, termMonths: 12, annualRateBp: 0 },
      }).map((p) => p.field),
    ).toEqual(["finance.downPaymentFen"]);
  });

  it("the deposit cannot exceed the customer's own cash (payable less the loan)", () => {
    const financed: QuoteMoneyInput = {
      ...BASE,
      finance: { lender: "x", downPaymentFen: 4_000_00, termMonths: 12, annualRateBp: 0 },
    };
    // cash part is the 4,000 yuan down payment; a 5,000 deposit is too much
    expect(quoteMoneyProblems(financed)).toEqual([
      {
        field: "depositFen",
        message: "The deposit cannot exceed what the customer pays in cash (the amount owed less the loan).",
      },
    ]);
    expect(quoteMoneyProblems({ ...financed, depositFen: 4_000_00 })).toEqual([]);
  });

  it("a discount equal to the list price and a deposit equal to the cash part are allowed", () => {
    const t = { ...BASE, discountFen: BASE.listPriceFen, depositFen: 0 };
    expect(quoteMoneyProblems(t)).toEqual([]);
    const all = computeQuoteTotals(BASE).customerCashFen;
    expect(quoteMoneyProblems({ ...BASE, depositFen: all })).toEqual([]);
  });
});

describe("discountLimitFor", () => {
  const s: DealSettings = {
    ...DEFAULT_DEAL_SETTINGS,
    discountLimitFen: { sales_consultant: 5_000_00, sales_manager: 20_000_00, general_manager: null, group_admin: 0 },
  };

  it("gives the role's limit", () => {
    expect(discountLimitFor(["sales_consultant"], s)).toBe(5_000_00);
    expect(discountLimitFor(["sales_manager"], s)).toBe(20_000_00);
    expect(discountLimitFor(["group_admin"], s)).toBe(0);
  });

  it("null means no limit, and wins over any number", () => {
    expect(discountLimitFor(["general_manager"], s)).toBeNull();
    expect(discountLimitFor(["sales_consultant", "general_manager"], s)).toBeNull();
  });

  it("gives the most generous limit of several roles", () => {
    expect(discountLimitFor(["sales_consultant", "sales_manager"], s)).toBe(20_000_00);
    expect(discountLimitFor(["group_admin", "sales_consultant"], s)).toBe(5_000_00);
  });

  it("roles that do not quote have a limit of 0 (everything needs approval)", () => {
    expect(discountLimitFor(["receptionist"], s)).toBe(0);
    expect(discountLimitFor(["sales_admin", "service_advisor"], s)).toBe(0);
    expect(discountLimitFor([], s)).toBe(0);
  });

  it("uses the defaults: consultants 5,000 yuan, sales managers 20,000, others unlimited", () => {
    expect(discountLimitFor(["sales_consultant"], DEFAULT_DEAL_SETTINGS)).toBe(500_000);
    expect(discountLimitFor(["sales_manager"], DEFAULT_DEAL_SETTINGS)).toBe(2_000_000);
    expect(discountLimitFor(["group_admin"], DEFAULT_DEAL_SETTINGS)).toBeNull();
  });
});

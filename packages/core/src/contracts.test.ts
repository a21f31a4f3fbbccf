import { describe, expect, it } from "vitest";
import {
  agedReceivables,
  contractStage,
  type DeliveryGateInput,
  daysBetween,
  deliveryBlockers,
  invoiceSchema,
  makeOrderSchema,
  moneyCleared,
  paymentSchema,
  RECEIVABLE_BUCKETS,
  receivableBucket,
} from "./contracts.ts";
import { computeQuoteTotals, contractDues, type Due, dueStatus, firstOpenDue, totalDue } from "./deals.ts";
import { addDays } from "./time.ts";

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cashQuote = computeQuoteTotals({
  listPriceFen: 200_000_00,
  discountFen: 10_000_00,
  accessories: [{ name: "Floor mats", priceFen: 1_200_00 }],
  insurance: [{ name: "Compulsory insurance", priceFen: 950_00 }],
  depositFen: 5_000_00,
});
const loanQuote = computeQuoteTotals({
  listPriceFen: 200_000_00,
  discountFen: 0,
  accessories: [],
  insurance: [],
  finance: { lender: "Bank", downPaymentFen: 60_000_00, termMonths: 36, annualRateBp: 399 },
  tradeIn: { description: "2017 Lavida", appraisalFen: 20_000_00 },
  depositFen: 10_000_00,
});

describe("contract dues", () => {
  it("splits a cash deal into deposit (at signing + deposit days) and balance (at delivery)", () => {
    const dues = contractDues(cashQuote, "2026-11-20", "2026-11-23", "2026-12-15");
    expect(dues).toEqual([
      { kind: "deposit", amountFen: 5_000_00, dueDate: "2026-11-23" },
      { kind: "balance", amountFen: 192_150_00 - 5_000_00, dueDate: "2026-12-15" },
    ]);
    expect(totalDue(dues)).toBe(cashQuote.payableFen);
  });

  it("splits a financed deal with a trade-in into deposit, balance and the loan disbursement", () => {
    const dues = contractDues(loanQuote, "2026-11-20", "2026-11-20", "2026-12-15");
    // payable 180,000 (200,000 − trade-in 20,000); loan 120,000; cash 60,000 of which 10,000 deposit
    expect(dues).toEqual([
      { kind: "deposit", amountFen: 10_000_00, dueDate: "2026-11-20" },
      { kind: "balance", amountFen: 50_000_00, dueDate: "2026-12-15" },
      { kind: "loan", amountFen: 120_000_00, dueDate: "2026-12-15" },
    ]);
    expect(totalDue(dues)).toBe(loanQuote.payableFen);
  });

  it("leaves out dues of 0 and never dates the deposit before signing", () => {
    const noDeposit = contractDues({ ...cashQuote, depositFen: 0 }, "2026-11-20", "2026-11-20", "2026-12-01");
    expect(noDeposit.map((d) => d.kind)).toEqual(["balance"]);
    const allDeposit = contractDues(
      { ...cashQuote, depositFen: cashQuote.customerCashFen },
      "2026-11-20",
      "2026-11-19",
      "2026-12-01",
    );
    expect(allDeposit).toEqual([{ kind: "deposit", amountFen: cashQuote.customerCashFen, dueDate: "2026-11-20" }]);
    // a fully financed deal: only the loan
    const loanOnly = contractDues(
      { payableFen: 100_00, loanFen: 100_00, customerCashFen: 0, depositFen: 0 },
      "2026-11-20",
      "2026-11-20",
      "2026-12-01",
    );
    expect(loanOnly).toEqual([{ kind: "loan", amountFen: 100_00, dueDate: "2026-12-01" }]);
  });

  it("dates the deposit across month and year ends (deposit days added in calendar days)", () => {
    expect(contractDues(cashQuote, "2026-01-31", addDays("2026-01-31", 1), "2026-02-10")[0]!.dueDate).toBe(
      "2026-02-01",
    );
    expect(contractDues(cashQuote, "2028-02-28", addDays("2028-02-28", 1), "2028-03-10")[0]!.dueDate).toBe(
      "2028-02-29",
    );
    expect(contractDues(cashQuote, "2026-12-31", addDays("2026-12-31", 3), "2027-01-10")[0]!.dueDate).toBe(
      "2027-01-03",
    );
  });

  it("always adds up to the payable total, whatever the quote", () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const list = 50_000_00 + Math.floor(r() * 400_000_00);
      const discount = Math.floor(r() * 20_000_00);
      const payable = list - discount;
      const down = Math.floor(r() * payable);
      const financed = r() < 0.5;
      const cash = financed ? down : payable;
      const t = computeQuoteTotals({
        listPriceFen: list,
        discountFen: discount,
        accessories: [],
        insurance: [],
        ...(financed ? { finance: { lender: "B", downPaymentFen: down, termMonths: 24, annualRateBp: 450 } } : {}),
        depositFen: Math.floor(r() * cash),
      });
      const dues = contractDues(t, "2026-11-20", "2026-11-22", "2026-12-20");
      expect(totalDue(dues)).toBe(t.payableFen);
      expect(dues.every((d) => d.amountFen > 0)).toBe(true);
    }
  });
});

describe("due status", () => {
  const dues: Due[] = [
    { kind: "loan", amountFen: 100_000_00, dueDate: "2026-12-15" },
    { kind: "balance", amountFen: 40_000_00, dueDate: "2026-12-15" },
    { kind: "deposit", amountFen: 10_000_00, dueDate: "2026-11-20" },
  ];

  it("applies payments to the oldest due first (deposit, then balance before loan on the same day)", () => {
    expect(dueStatus(dues, 0).map((d) => [d.kind, d.openFen])).toEqual([
      ["deposit", 10_000_00],
      ["balance", 40_000_00],
      ["loan", 100_000_00],
    ]);
    expect(dueStatus(dues, 25_000_00).map((d) => [d.kind, d.paidFen, d.openFen])).toEqual([
      ["deposit", 10_000_00, 0],
      ["balance", 15_000_00, 25_000_00],
      ["loan", 0, 100_000_00],
    ]);
    expect(dueStatus(dues, 150_000_00).every((d) => d.openFen === 0)).toBe(true);
  });

  it("finds the first open due", () => {
    expect(firstOpenDue(dues, 0)?.kind).toBe("deposit");
    expect(firstOpenDue(dues, 9_999_99)).toMatchObject({ kind: "deposit", openFen: 1 });
    expect(firstOpenDue(dues, 10_000_00)?.kind).toBe("balance");
    expect(firstOpenDue(dues, 50_000_00)?.kind).toBe("loan");
    expect(firstOpenDue(dues, 150_000_00)).toBeUndefined();
  });

  it("keeps balance = due − paid over random payment sequences (payments never above the balance)", () => {
    const r = rng(2026);
    for (let run = 0; run < 200; run++) {
      const ds: Due[] = [
        { kind: "deposit", amountFen: 1 + Math.floor(r() * 20_000_00), dueDate: "2026-11-20" },
        { kind: "balance", amountFen: 1 + Math.floor(r() * 200_000_00), dueDate: "2026-12-20" },
        ...(r() < 0.5
          ? [{ kind: "loan" as const, amountFen: 1 + Math.floor(r() * 100_000_00), dueDate: "2026-12-20" }]
          : []),
      ];
      const due = totalDue(ds);
      let paid = 0;
      while (paid < due) {
        const balance = due - paid;
        // a payment of at most the balance (the service refuses more), sometimes exactly the balance
        const amount = r() < 0.2 ? balance : 1 + Math.floor(r() * balance);
        paid += amount;
        const status = dueStatus(ds, paid);
        const open = status.reduce((s, d) => s + d.openFen, 0);
        expect(open).toBe(due - paid);
        expect(status.reduce((s, d) => s + d.paidFen, 0)).toBe(paid);
        expect(status.every((d) => d.openFen >= 0 && d.paidFen >= 0 && d.paidFen + d.openFen === d.amountFen)).toBe(
          true,
        );
        // aged: the buckets hold exactly the open money
        const aged = agedReceivables([{ dues: ds, paidFen: paid }], "2027-01-31");
        expect(RECEIVABLE_BUCKETS.reduce((s, b) => s + aged.buckets[b].amountFen, 0)).toBe(due - paid);
      }
      expect(paid).toBe(due);
      expect(firstOpenDue(ds, paid)).toBeUndefined();
    }
  });
});

describe("aged receivables", () => {
  it("buckets days overdue at the boundaries; due today or later is not due", () => {
    const cases: [number, string][] = [
      [-5, "not_due"],
      [0, "not_due"],
      [1, "0-30"],
      [30, "0-30"],
      [31, "31-60"],
      [60, "31-60"],
      [61, "61-90"],
      [90, "61-90"],
      [91, "90+"],
      [400, "90+"],
    ];
    for (const [days, bucket] of cases) expect(receivableBucket(days), `${days} days`).toBe(bucket);
  });

  it("counts calendar days across month ends and leap years", () => {
    expect(daysBetween("2026-01-31", "2026-03-02")).toBe(30);
    expect(receivableBucket(daysBetween("2026-01-31", "2026-03-02"))).toBe("0-30");
    expect(daysBetween("2028-01-31", "2028-03-02")).toBe(31);
    expect(receivableBucket(daysBetween("2028-01-31", "2028-03-02"))).toBe("31-60");
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2026-03-31", "2026-04-30")).toBe(30);
    expect(daysBetween("2026-03-31", "2026-05-01")).toBe(31);
    expect(daysBetween("2026-11-20", "2026-11-10")).toBe(-10);
  });

  it("sums the open amount of each due into its own bucket, counts contracts per bucket, skips cancelled", () => {
    const today = "2026-12-31";
    const a = {
      id: "a",
      dues: [
        { kind: "deposit" as const, amountFen: 10_000_00, dueDate: "2026-12-01" }, // 30 days
        { kind: "balance" as const, amountFen: 90_000_00, dueDate: "2027-01-15" }, // not due
      ],
      paidFen: 4_000_00,
    };
    const b = {
      id: "b",
      dues: [
        { kind: "deposit" as const, amountFen: 5_000_00, dueDate: "2026-09-01" }, // 121 days
        { kind: "balance" as const, amountFen: 50_000_00, dueDate: "2026-11-30" }, // 31 days
      ],
      paidFen: 0,
    };
    const paid = {
      id: "paid",
      dues: [{ kind: "balance" as const, amountFen: 1_00, dueDate: "2026-01-01" }],
      paidFen: 1_00,
    };
    const cancelled = {
      id: "x",
      state: "cancelled" as const,
      dues: [{ kind: "balance" as const, amountFen: 7_00, dueDate: "2026-01-01" }],
      paidFen: 0,
    };
    const r = agedReceivables([a, b, paid, cancelled], today);
    expect(r.buckets).toEqual({
      not_due: { count: 1, amountFen: 90_000_00 },
      "0-30": { count: 1, amountFen: 6_000_00 },
      "31-60": { count: 1, amountFen: 50_000_00 },
      "61-90": { count: 0, amountFen: 0 },
      "90+": { count: 1, amountFen: 5_000_00 },
    });
    expect(r.totalOpenFen).toBe(151_000_00);
    expect(r.overdueFen).toBe(61_000_00);
    expect(r.rows.map((x) => [x.contract.id, x.daysOverdue, x.bucket])).toEqual([
      ["b", 121, "90+"],
      ["a", 30, "0-30"],
    ]);
  });
});

describe("delivery gate (款到发货)", () => {
  const dues: Due[] = [
    { kind: "deposit", amountFen: 10_000_00, dueDate: "2026-11-20" },
    { kind: "balance", amountFen: 50_000_00, dueDate: "2026-12-15" },
    { kind: "loan", amountFen: 120_000_00, dueDate: "2026-12-15" },
  ];
  const ready: DeliveryGateInput = {
    state: "signed",
    dues,
    dueFen: 180_000_00,
    paidFen: 180_000_00,
    allocation: { vehicleId: "v", vin: "LRWYGDEE1PC010116" },
    invoiceNo: "INV20261201",
    stockReleasedAt: "2026-12-01T02:00:00.000Z",
  };

  it("lets a fully paid, allocated, invoiced and released contract go", () => {
    expect(deliveryBlockers(ready)).toEqual([]);
    expect(contractStage(ready)).toBe("ready_for_delivery");
  });

  it("lists exactly what is missing, in the order of the flow", () => {
    const fresh: DeliveryGateInput = { state: "signed", dues, dueFen: 180_000_00, paidFen: 10_000_00 };
    expect(deliveryBlockers(fresh)).toEqual([
      { code: "no_vehicle", message: "No vehicle is allocated to the contract." },
      { code: "unpaid_balance", message: "Unpaid balance ¥170,000.00.", amountFen: 170_000_00 },
      { code: "no_invoice", message: "No invoice number is recorded." },
      { code: "no_stock_release", message: "The stock release (出库) is not recorded." },
    ]);
    expect(contractStage(fresh)).toBe("awaiting_vehicle");
    const allocated = { ...fresh, allocation: ready.allocation };
    expect(contractStage(allocated)).toBe("awaiting_payment");
    const paidNoRelease = { ...ready, stockReleasedAt: undefined };
    expect(deliveryBlockers(paidNoRelease).map((b) => b.code)).toEqual(["no_stock_release"]);
    expect(contractStage(paidNoRelease)).toBe("awaiting_invoice");
  });

  it("lets an approved loan cover the loan due only once the customer's own dues are paid", () => {
    const customerPaid = { ...ready, paidFen: 60_000_00 };
    expect(deliveryBlockers(customerPaid).map((b) => b.code)).toEqual(["unpaid_balance"]);
    expect(moneyCleared({ ...customerPaid, loan: { status: "applied" } })).toBe(false);
    expect(moneyCleared({ ...customerPaid, loan: { status: "declined" } })).toBe(false);
    expect(deliveryBlockers({ ...customerPaid, loan: { status: "approved" } })).toEqual([]);
    // 1 fen of the customer's balance still open: the loan does not cover it
    const short = { ...ready, paidFen: 59_999_99, loan: { status: "approved" as const } };
    expect(deliveryBlockers(short)).toEqual([
      { code: "unpaid_balance", message: "Unpaid balance ¥120,000.01.", amountFen: 120_000_01 },
    ]);
  });

  it("lets finance's confirmation stand in for the unrecorded money", () => {
    const confirmed = { ...ready, paidFen: 0, financeConfirmed: { at: "2026-12-01T00:00:00.000Z" } };
    expect(deliveryBlockers(confirmed)).toEqual([]);
  });

  it("refuses cancelled and delivered contracts outright", () => {
    expect(deliveryBlockers({ ...ready, state: "cancelled" }).map((b) => b.code)).toEqual(["cancelled"]);
    expect(contractStage({ ...ready, state: "cancelled" })).toBe("cancelled");
    expect(deliveryBlockers({ ...ready, state: "delivered" }).map((b) => b.code)).toEqual(["delivered"]);
    expect(contractStage({ ...ready, state: "delivered" })).toBe("delivered");
  });
});

describe("order-flow inputs", () => {
  it("takes payments in whole fen above 0 with a reference of at most 60 characters", () => {
    const ok = { amountFen: 1_000_00, method: "bank_transfer", reference: "CMB 8812" };
    expect(paymentSchema.safeParse(ok).success).toBe(true);
    expect(paymentSchema.safeParse({ ...ok, amountFen: 0 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, amountFen: 10.5 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, amountFen: -1 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, reference: " " }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, reference: "x".repeat(61) }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, method: "bitcoin" }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, idempotencyKey: "short" }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...ok, idempotencyKey: "01JD7W3K9Q5V8X2Y4Z6A1B3C5D" }).success).toBe(true);
  });

  it("takes invoice numbers of 8 to 20 letters or digits", () => {
    const inv = (invoiceNo: string) => invoiceSchema.safeParse({ invoiceNo, stockRelease: true }).success;
    expect(inv("12345678")).toBe(true);
    expect(inv("FP2026120100001")).toBe(true);
    expect(inv("1234567")).toBe(false);
    expect(inv("A".repeat(21))).toBe(false);
    expect(inv("FP-2026-0001")).toBe(false);
  });

  it("takes an order's delivery method and a real date", () => {
    const ok = { expectedDeliveryDate: "2026-12-15", deliveryMethod: "store_pickup" };
    expect(makeOrderSchema.safeParse(ok).success).toBe(true);
    expect(makeOrderSchema.safeParse({ ...ok, expectedDeliveryDate: "2026-02-30" }).success).toBe(false);
    expect(makeOrderSchema.safeParse({ ...ok, deliveryMethod: "drone" }).success).toBe(false);
    expect(makeOrderSchema.safeParse({ ...ok, quantity: 2 }).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { creditProblem, monthlyPickups } from "./dealers.ts";
import {
  type ContractFacts,
  contractDiscrepancies,
  type DealerFacts,
  dealerDiscrepancies,
  previousMonth,
  reconcile,
  unbookedWholesales,
} from "./reconciliation.ts";

const base: ContractFacts = {
  contractId: "C1",
  contractNo: "HT-000001",
  customerName: "王先生",
  state: "delivered",
  signedDate: "2026-10-02",
  dueFen: 200_000_00,
  paidFen: 200_000_00,
  invoiceNo: "INV0000001",
  deliveredDate: "2026-10-20",
};

describe("contract rules", () => {
  it("finds nothing on a paid, invoiced contract delivered in the month", () => {
    expect(contractDiscrepancies(base, "2026-10")).toEqual([]);
  });
  it("flags a delivery without full payment with the open amount, and one without invoice", () => {
    const d = contractDiscrepancies({ ...base, paidFen: 150_000_00, invoiceNo: undefined }, "2026-10");
    expect(d.map((x) => x.kind)).toEqual(["delivered_unpaid", "delivered_not_invoiced"]);
    expect(d[0]!.amountFen).toBe(50_000_00);
    expect(d[0]!.key).toBe("delivered_unpaid#C1");
    expect(d[0]!.detail).toBe("Delivered on 2026-10-20 with ¥50,000.00 of ¥200,000.00 unpaid.");
  });
  it("reads deliveries of the month only", () => {
    expect(contractDiscrepancies({ ...base, paidFen: 0, deliveredDate: "2026-11-01" }, "2026-10")).toEqual([]);
    expect(contractDiscrepancies({ ...base, paidFen: 0, deliveredDate: "2026-09-30" }, "2026-10")).toEqual([]);
  });
  it("flags an invoice without delivery, a payment on a cancelled contract and an overpayment", () => {
    expect(
      contractDiscrepancies({ ...base, state: "signed", deliveredDate: undefined }, "2026-10").map((x) => x.kind),
    ).toEqual(["invoiced_not_delivered"]);
    const cancelled = contractDiscrepancies(
      { ...base, state: "cancelled", deliveredDate: undefined, paidFen: 5_000_00, cancelledDate: "2026-10-09" },
      "2026-10",
    );
    expect(cancelled.map((x) => [x.kind, x.amountFen])).toEqual([["payment_on_cancelled", 5_000_00]]);
    expect(contractDiscrepancies({ ...base, paidFen: 200_100_00 }, "2026-10").map((x) => x.kind)).toEqual(["overpaid"]);
  });
  it("ignores contracts signed after the month", () => {
    expect(contractDiscrepancies({ ...base, signedDate: "2026-11-01", state: "signed" }, "2026-10")).toEqual([]);
  });
});

const dealer = (lines: DealerFacts["lines"]): DealerFacts => ({ dealerId: "D1", name: "吴中二网", lines });

describe("dealer ledger rules", () => {
  it("settles wholesales oldest first and flags the month's unpaid remainder", () => {
    const d = dealer([
      { entryId: "E1", kind: "wholesale", date: "2026-09-10", amountFen: 100, vin: "V1", vehicleId: "v1" },
      { entryId: "E2", kind: "wholesale", date: "2026-10-05", amountFen: 100, vin: "V2", vehicleId: "v2" },
      { entryId: "E3", kind: "payment", date: "2026-10-20", amountFen: 150 },
      { entryId: "E4", kind: "payment", date: "2026-11-02", amountFen: 50 },
    ]);
    const out = dealerDiscrepancies(d, "2026-10");
    expect(out).toEqual([
      {
        key: "wholesale_unpaid#E2",
        kind: "wholesale_unpaid",
        record: { type: "dealer", id: "D1", label: "吴中二网 V2" },
        amountFen: 50,
        detail: "Wholesale of 2026-10-05 (¥1.00) has ¥0.50 unpaid at month end.",
      },
    ]);
    // September: E1 unpaid at the end of September
    expect(dealerDiscrepancies(d, "2026-09").map((x) => x.key)).toEqual(["wholesale_unpaid#E1"]);
    // November: everything paid
    expect(dealerDiscrepancies(d, "2026-11")).toEqual([]);
  });
  it("flags money received with nothing to settle", () => {
    const out = dealerDiscrepancies(
      dealer([{ entryId: "P", kind: "payment", date: "2026-10-03", amountFen: 70 }]),
      "2026-10",
    );
    expect(out.map((x) => [x.kind, x.amountFen])).toEqual([["dealer_payment_without_wholesale", 70]]);
  });
  it("flags vehicles wholesaled in inventory without a ledger entry", () => {
    const d = dealer([{ entryId: "E1", kind: "wholesale", date: "2026-10-01", amountFen: 1, vehicleId: "v1" }]);
    const out = unbookedWholesales(
      [
        { vehicleId: "v1", vin: "A", date: "2026-10-01", buyer: "x" },
        { vehicleId: "v2", vin: "B", date: "2026-10-08", buyer: "苏州二网" },
        { vehicleId: "v3", vin: "C", date: "2026-09-08", buyer: "y" },
      ],
      [d],
      "2026-10",
    );
    expect(out.map((x) => x.key)).toEqual(["wholesale_not_in_ledger#v2"]);
  });
});

describe("reconcile", () => {
  it("is deterministic: the same facts give the same keys in the same order", () => {
    const input = {
      month: "2026-10",
      contracts: [
        { ...base, contractId: "C2", paidFen: 0 },
        { ...base, state: "signed" as const, deliveredDate: undefined },
      ],
      dealers: [dealer([{ entryId: "E9", kind: "wholesale", date: "2026-10-01", amountFen: 9 }])],
      wholesaledVehicles: [],
    };
    const a = reconcile(input);
    expect(a.map((x) => x.key)).toEqual(["delivered_unpaid#C2", "invoiced_not_delivered#C1", "wholesale_unpaid#E9"]);
    expect(reconcile({ ...input, contracts: [...input.contracts].reverse() })).toEqual(a);
  });
  it("knows the previous month across a year", () => {
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(previousMonth("2026-11")).toBe("2026-10");
  });
});

describe("dealer helpers", () => {
  it("counts monthly pickups and money, newest month first", () => {
    expect(
      monthlyPickups([
        { kind: "wholesale", date: "2026-09-03", amountFen: 10 },
        { kind: "wholesale", date: "2026-10-03", amountFen: 20 },
        { kind: "wholesale", date: "2026-10-13", amountFen: 30 },
        { kind: "payment", date: "2026-10-23", amountFen: 25 },
      ]),
    ).toEqual([
      { month: "2026-10", vehicles: 2, wholesaleFen: 50, paidFen: 25 },
      { month: "2026-09", vehicles: 1, wholesaleFen: 10, paidFen: 0 },
    ]);
  });
  it("refuses a wholesale over the credit limit with the figures", () => {
    expect(creditProblem(0, 100_00, 100_00)).toBeUndefined();
    expect(creditProblem(50_00, 100_00, 60_00)).toBe(
      "Over the credit limit: the dealer owes ¥50.00 of ¥100.00; this wholesale is ¥60.00.",
    );
  });
});

/**
 * Month-end reconciliation (月末对账, brief rule 20): contracts ↔ deliveries ↔
 * invoices ↔ payments ↔ the secondary-dealer ledger of one store and month.
 * Pure rules: the job reads the facts, these decide every discrepancy. A
 * discrepancy's key is `<kind>#<record id>` so the same facts always give the
 * same keys (the job is idempotent and keeps resolutions by key).
 */
import { z } from "zod";
import type { LedgerLine } from "./dealers.ts";
import { formatYuan } from "./deals.ts";
import { optionalText, requiredText } from "./schemas.ts";

export const DISCREPANCY_KINDS = [
  "delivered_unpaid",
  "delivered_not_invoiced",
  "invoiced_not_delivered",
  "payment_on_cancelled",
  "overpaid",
  "wholesale_unpaid",
  "wholesale_not_in_ledger",
  "dealer_payment_without_wholesale",
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export const DISCREPANCY_STATES = ["open", "resolved", "annotated"] as const;
export type DiscrepancyState = (typeof DISCREPANCY_STATES)[number];

/** What the rules read of a contract (store-local dates). */
export interface ContractFacts {
  contractId: string;
  contractNo: string;
  customerName: string;
  state: "signed" | "delivered" | "cancelled";
  signedDate: string;
  dueFen: number;
  paidFen: number;
  invoiceNo?: string;
  deliveredDate?: string;
  cancelledDate?: string;
}

export interface DealerFacts {
  dealerId: string;
  name: string;
  lines: (LedgerLine & { entryId: string; vehicleId?: string; vin?: string })[];
}

export interface WholesaledVehicleFacts {
  vehicleId: string;
  vin: string;
  /** store-local date of the wholesale */
  date: string;
  buyer: string;
}

export interface Discrepancy {
  /** `<kind>#<recordId>`: stable across runs */
  key: string;
  kind: DiscrepancyKind;
  record: { type: "contract" | "dealer" | "vehicle"; id: string; label: string };
  /** the money in question, fen (open balance, overpayment, unpaid wholesale …) */
  amountFen?: number;
  /** what is wrong, in English (the UI translates the kind) */
  detail: string;
}

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const inMonth = (date: string | undefined, month: string) => !!date && date.slice(0, 7) === month;
const byMonthEnd = (date: string | undefined, month: string) => !!date && date.slice(0, 7) <= month;

/** The discrepancies of one contract for `month`. */
export function contractDiscrepancies(c: ContractFacts, month: string): Discrepancy[] {
  const out: Discrepancy[] = [];
  const record = { type: "contract" as const, id: c.contractId, label: `${c.contractNo} ${c.customerName}` };
  const add = (kind: DiscrepancyKind, detail: string, amountFen?: number) =>
    out.push({ key: `${kind}#${c.contractId}`, kind, record, detail, ...(amountFen ? { amountFen } : {}) });
  if (!byMonthEnd(c.signedDate, month)) return out;
  if (c.state === "delivered" && inMonth(c.deliveredDate, month)) {
    if (c.paidFen < c.dueFen)
      add(
        "delivered_unpaid",
        `Delivered on ${c.deliveredDate} with ${yuan(c.dueFen - c.paidFen)} of ${yuan(c.dueFen)} unpaid.`,
        c.dueFen - c.paidFen,
      );
    if (!c.invoiceNo) add("delivered_not_invoiced", `Delivered on ${c.deliveredDate} without an invoice.`);
  }
  if (c.state === "signed" && c.invoiceNo)
    add("invoiced_not_delivered", `Invoice ${c.invoiceNo} is issued but the vehicle is not delivered.`, c.dueFen);
  if (c.state === "cancelled" && c.paidFen > 0 && byMonthEnd(c.cancelledDate, month))
    add(
      "payment_on_cancelled",
      `Cancelled on ${c.cancelledDate} with ${yuan(c.paidFen)} received: refund or re-book it.`,
      c.paidFen,
    );
  if (c.paidFen > c.dueFen)
    add("overpaid", `Paid ${yuan(c.paidFen)} against ${yuan(c.dueFen)} due.`, c.paidFen - c.dueFen);
  return out;
}

/**
 * A dealer's ledger at the end of `month`: payments settle wholesales oldest
 * first; a wholesale of the month still (partly) unpaid, or money received with
 * no wholesale to settle, is a discrepancy.
 */
export function dealerDiscrepancies(d: DealerFacts, month: string): Discrepancy[] {
  const lines = d.lines
    .filter((l) => byMonthEnd(l.date, month))
    .sort((a, b) => a.date.localeCompare(b.date) || a.entryId.localeCompare(b.entryId));
  let paid = lines.filter((l) => l.kind === "payment").reduce((n, l) => n + l.amountFen, 0);
  const out: Discrepancy[] = [];
  for (const w of lines.filter((l) => l.kind === "wholesale")) {
    const settled = Math.min(paid, w.amountFen);
    paid -= settled;
    const open = w.amountFen - settled;
    if (open > 0 && inMonth(w.date, month))
      out.push({
        key: `wholesale_unpaid#${w.entryId}`,
        kind: "wholesale_unpaid",
        record: { type: "dealer", id: d.dealerId, label: `${d.name}${w.vin ? ` ${w.vin}` : ""}` },
        amountFen: open,
        detail: `Wholesale of ${w.date} (${yuan(w.amountFen)}) has ${yuan(open)} unpaid at month end.`,
      });
  }
  if (paid > 0 && lines.some((l) => l.kind === "payment" && inMonth(l.date, month)))
    out.push({
      key: `dealer_payment_without_wholesale#${d.dealerId}`,
      kind: "dealer_payment_without_wholesale",
      record: { type: "dealer", id: d.dealerId, label: d.name },
      amountFen: paid,
      detail: `${yuan(paid)} received with no wholesale to settle.`,
    });
  return out;
}

/** Vehicles wholesaled in `month` (inventory) that no dealer's ledger records. */
export function unbookedWholesales(
  vehicles: readonly WholesaledVehicleFacts[],
  dealers: readonly DealerFacts[],
  month: string,
): Discrepancy[] {
  const booked = new Set(dealers.flatMap((d) => d.lines.map((l) => l.vehicleId).filter(Boolean)));
  return vehicles
    .filter((v) => inMonth(v.date, month) && !booked.has(v.vehicleId))
    .map((v) => ({
      key: `wholesale_not_in_ledger#${v.vehicleId}`,
      kind: "wholesale_not_in_ledger" as const,
      record: { type: "vehicle" as const, id: v.vehicleId, label: v.vin },
      detail: `Wholesaled to ${v.buyer} on ${v.date} but no secondary-dealer ledger entry records it.`,
    }));
}

/** Every discrepancy of a store's month, in a stable order (by kind, then key). */
export function reconcile(input: {
  month: string;
  contracts: readonly ContractFacts[];
  dealers: readonly DealerFacts[];
  wholesaledVehicles: readonly WholesaledVehicleFacts[];
}): Discrepancy[] {
  const all = [
    ...input.contracts.flatMap((c) => contractDiscrepancies(c, input.month)),
    ...input.dealers.flatMap((d) => dealerDiscrepancies(d, input.month)),
    ...unbookedWholesales(input.wholesaledVehicles, input.dealers, input.month),
  ];
  const order = (k: DiscrepancyKind) => DISCREPANCY_KINDS.indexOf(k);
  return all.sort((a, b) => order(a.kind) - order(b.kind) || a.key.localeCompare(b.key));
}

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

// ---------- the sales admin's actions ----------

export const discrepancyActionSchema = z
  .object({
    action: z.enum(["resolve", "annotate", "reopen"], { error: "action must be resolve, annotate or reopen." }),
    note: requiredText(500, "Note"),
  })
  .strict()
  .meta({ id: "DiscrepancyAction" });

export const periodCloseSchema = z
  .object({
    /** required when discrepancies are still open: why the month closes anyway */
    note: optionalText(500, "Note"),
  })
  .strict()
  .meta({ id: "ClosePeriod" });

export const periodReopenSchema = z
  .object({ reason: requiredText(500, "Reason") })
  .strict()
  .meta({ id: "ReopenPeriod" });

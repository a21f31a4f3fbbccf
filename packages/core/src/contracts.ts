/**
 * Orders and contracts (brief rules 10, 11, 17): the inputs of the order flow,
 * the delivery gate (款到发货: what is still missing before a vehicle may leave),
 * the derived stage of a contract and the aged receivables. Pure functions; money
 * is integer fen; dates are store-local YYYY-MM-DD.
 */
import { z } from "zod";
import { type Due, type DueKind, dueStatus, formatYuan } from "./deals.ts";
import { optionalText, requiredText, ulidSchema } from "./schemas.ts";
import { isValidDate } from "./time.ts";

// ---------- inputs ----------

export const PAYMENT_METHODS = ["cash", "card", "bank_transfer", "wechat_pay", "alipay", "loan_disbursement"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const DELIVERY_METHODS = ["store_pickup", "home_delivery"] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const LOAN_STATUSES = ["applied", "approved", "declined"] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export const CONTRACT_STATES = ["signed", "delivered", "cancelled"] as const;

/** The largest amount one payment may carry (100 million yuan): anything above is a typing error. */
export const MAX_PAYMENT_FEN = 100_000_000_00;
/** How far ahead an expected delivery date may lie. */
export const MAX_DELIVERY_DAYS_AHEAD = 365;

const date = (label: string) =>
  z.string({ error: `${label} must be a date.` }).refine(isValidDate, "Use a date like 2026-11-26.");

/**
 * Make an order (and its contract) from an accepted quote: confirm the delivery
 * method and date (quantity is always 1, the trim is the quote's). "Not before
 * today" needs the store's time zone, so the service checks it.
 */
export const makeOrderSchema = z
  .object({
    expectedDeliveryDate: date("Expected delivery date"),
    deliveryMethod: z.enum(DELIVERY_METHODS, { error: "Delivery method must be store pickup or home delivery." }),
    note: optionalText(500, "Note"),
    /** the quote version the person saw: a quote changed since is a 409 */
    quoteVersion: z
      .number({ error: "quoteVersion must be a number." })
      .int("quoteVersion must be a whole number.")
      .min(1, "quoteVersion must be at least 1.")
      .optional(),
  })
  .strict()
  .meta({ id: "MakeOrder" });
export type MakeOrderInput = z.infer<typeof makeOrderSchema>;

export const allocateSchema = z
  .object({ vehicleId: ulidSchema.describe("a stock vehicle of the store (in stock, the contract's trim)") })
  .strict()
  .meta({ id: "AllocateVehicle" });

export const releaseAllocationSchema = z
  .object({ reason: optionalText(300, "Reason") })
  .strict()
  .meta({ id: "ReleaseAllocation" });

export const poLinkSchema = z
  .object({
    poId: ulidSchema,
    line: z
      .number({ error: "line must be a number." })
      .int("line must be a whole number.")
      .min(1, "line must be at least 1.")
      .max(30, "line must be at most 30."),
  })
  .strict()
  .meta({ id: "LinkPurchaseOrderLine" });

export const paymentSchema = z
  .object({
    amountFen: z
      .number({ error: "The amount must be a number of fen." })
      .int("The amount must be a whole number of fen.")
      .min(1, "The amount must be more than 0.")
      .max(MAX_PAYMENT_FEN, "The amount is above 100 million yuan: surely a typing error."),
    method: z.enum(PAYMENT_METHODS, { error: `Method must be one of: ${PAYMENT_METHODS.join(", ")}.` }),
    reference: requiredText(60, "Reference"),
    note: optionalText(300, "Note"),
    /** the same key sent again (a retried or doubled request) records the payment once */
    idempotencyKey: z
      .string({ error: "idempotencyKey must be text." })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, "idempotencyKey is 8 to 64 letters, digits, - or _.")
      .optional(),
  })
  .strict()
  .meta({ id: "RecordPayment" });
export type PaymentInput = z.infer<typeof paymentSchema>;

/** How many payment requests (付款通知书) a contract keeps: the last ones. */
export const MAX_PAYMENT_REQUESTS = 20;

/**
 * Ask the customer for money (付款通知书): by default everything open (the
 * balance) by the first open due's date. Amounts in fen; the service checks
 * the amount against the balance and the date against the contract.
 */
export const paymentRequestSchema = z
  .object({
    amountFen: z
      .number({ error: "The amount must be a number of fen." })
      .int("The amount must be a whole number of fen.")
      .min(1, "The amount must be more than 0.")
      .max(MAX_PAYMENT_FEN, "The amount is above 100 million yuan: surely a typing error.")
      .optional()
      .describe("default: the balance"),
    dueDate: date("Due date").optional().describe("default: the first open due's date"),
    note: optionalText(300, "Note"),
  })
  .strict()
  .meta({ id: "RequestPayment" });
export type PaymentRequestInput = z.infer<typeof paymentRequestSchema>;

export const INVOICE_NO = /^[A-Za-z0-9]{8,20}$/;
export const invoiceSchema = z
  .object({
    invoiceNo: z
      .string({ error: "Invoice number must be text." })
      .trim()
      .regex(INVOICE_NO, "An invoice number is 8 to 20 letters or digits."),
    /** record the stock release (出库) now */
    stockRelease: z.boolean({ error: "stockRelease must be true or false." }),
  })
  .strict()
  .meta({ id: "RecordInvoice" });

export const loanStatusSchema = z
  .object({
    status: z.enum(LOAN_STATUSES, { error: "Loan status must be applied, approved or declined." }),
    reference: optionalText(60, "Reference"),
  })
  .strict()
  .meta({ id: "LoanStatus" });

export const financeConfirmSchema = z
  .object({ note: requiredText(300, "Note") })
  .strict()
  .meta({ id: "FinanceConfirmation" });

export const cancelContractSchema = z
  .object({ reason: requiredText(300, "Reason") })
  .strict()
  .meta({ id: "CancelContract" });

// ---------- the delivery gate and the stage ----------

/** What the gate and the stage read of a contract (the db Contract fits). */
export interface DeliveryGateInput {
  state: "signed" | "delivered" | "cancelled";
  dues: readonly Due[];
  dueFen: number;
  paidFen: number;
  allocation?: { vehicleId: string; vin: string };
  loan?: { status: LoanStatus };
  financeConfirmed?: { at: string };
  invoiceNo?: string;
  stockReleasedAt?: string;
}

export type DeliveryBlockerCode =
  | "cancelled"
  | "delivered"
  | "no_vehicle"
  | "unpaid_balance"
  | "no_invoice"
  | "no_stock_release";

export interface DeliveryBlocker {
  code: DeliveryBlockerCode;
  /** the refusal in words (English; the UI translates by code) */
  message: string;
  /** unpaid_balance: the open amount in fen */
  amountFen?: number;
}

/**
 * Is the open money covered so the vehicle may go (款到发货)? Yes when nothing is
 * open, when finance confirmed the money, or when an approved loan is all that is
 * still open (the customer's own dues are paid; the lender pays the rest).
 */
export function moneyCleared(c: Pick<DeliveryGateInput, "dues" | "dueFen" | "paidFen" | "loan" | "financeConfirmed">) {
  if (c.paidFen >= c.dueFen) return true;
  if (c.financeConfirmed) return true;
  if (c.loan?.status !== "approved") return false;
  const open = dueStatus(c.dues, c.paidFen).filter((d) => d.openFen > 0);
  return open.length > 0 && open.every((d) => d.kind === "loan" && d.openFen <= d.amountFen);
}

/**
 * Everything still missing before the vehicle of a contract may be delivered, in
 * the order of the order flow; empty = delivery may go ahead.
 */
export function deliveryBlockers(c: DeliveryGateInput): DeliveryBlocker[] {
  if (c.state === "cancelled") return [{ code: "cancelled", message: "The contract is cancelled." }];
  if (c.state === "delivered") return [{ code: "delivered", message: "The vehicle has already been delivered." }];
  const out: DeliveryBlocker[] = [];
  if (!c.allocation) out.push({ code: "no_vehicle", message: "No vehicle is allocated to the contract." });
  if (!moneyCleared(c)) {
    const open = c.dueFen - c.paidFen;
    out.push({ code: "unpaid_balance", message: `Unpaid balance ¥${formatYuan(open)}.`, amountFen: open });
  }
  if (!c.invoiceNo) out.push({ code: "no_invoice", message: "No invoice number is recorded." });
  if (!c.stockReleasedAt) out.push({ code: "no_stock_release", message: "The stock release (出库) is not recorded." });
  return out;
}

/** Where a contract stands in the order flow (derived, never stored). */
export const CONTRACT_STAGES = [
  "awaiting_vehicle",
  "awaiting_payment",
  "awaiting_invoice",
  "ready_for_delivery",
  "delivered",
  "cancelled",
] as const;
export type ContractStage = (typeof CONTRACT_STAGES)[number];

export function contractStage(c: DeliveryGateInput): ContractStage {
  if (c.state === "cancelled") return "cancelled";
  if (c.state === "delivered") return "delivered";
  const b = deliveryBlockers(c).map((x) => x.code);
  if (b.includes("no_vehicle")) return "awaiting_vehicle";
  if (b.includes("unpaid_balance")) return "awaiting_payment";
  if (b.length) return "awaiting_invoice";
  return "ready_for_delivery";
}

export const ledgerQuerySchema = z
  .object({
    cursor: z.string().max(1000, "Not a valid cursor.").optional(),
    limit: z.coerce
      .number({ error: "limit must be a number." })
      .int("limit must be a whole number.")
      .min(1, "limit must be at least 1.")
      .max(100, "limit must be at most 100.")
      .optional(),
    state: z.enum(CONTRACT_STATES, { error: "state must be signed, delivered or cancelled." }).optional(),
    stage: z.enum(CONTRACT_STAGES, { error: `stage must be one of: ${CONTRACT_STAGES.join(", ")}.` }).optional(),
  })
  .strict();

// ---------- aged receivables ----------

/** Days overdue: "not_due" (due today or later), then 1–30 ("0-30"), 31–60, 61–90, over 90. */
export const RECEIVABLE_BUCKETS = ["not_due", "0-30", "31-60", "61-90", "90+"] as const;
export type ReceivableBucket = (typeof RECEIVABLE_BUCKETS)[number];

/** Whole calendar days from `from` to `to` (YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => {
    const [y, m, day] = d.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, day);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

export function receivableBucket(daysOverdue: number): ReceivableBucket {
  if (daysOverdue <= 0) return "not_due";
  if (daysOverdue <= 30) return "0-30";
  if (daysOverdue <= 60) return "31-60";
  if (daysOverdue <= 90) return "61-90";
  return "90+";
}

export interface ReceivableInput {
  state?: "signed" | "delivered" | "cancelled";
  dues: readonly Due[];
  paidFen: number;
}

export interface ReceivableRow<C> {
  contract: C;
  /** every amount still open */
  openFen: number;
  /** the part of it past its due date */
  overdueFen: number;
  /** days the oldest open due is past its date (0 or less: nothing overdue) */
  daysOverdue: number;
  /** the bucket of the oldest open due */
  bucket: ReceivableBucket;
  /** the open dues with their days overdue */
  open: { kind: DueKind; dueDate: string; openFen: number; daysOverdue: number; bucket: ReceivableBucket }[];
}

export interface AgedReceivables<C> {
  today: string;
  /** per bucket: open amount and how many contracts have money in it */
  buckets: Record<ReceivableBucket, { count: number; amountFen: number }>;
  totalOpenFen: number;
  overdueFen: number;
  /** contracts with money open, most overdue first */
  rows: ReceivableRow<C>[];
}

/**
 * The open money of contracts by how long it is overdue on `today` (store-local):
 * each due is open for what the payments (applied oldest due first) leave of it,
 * and its amount goes to the bucket of its own days overdue. Cancelled contracts
 * count nothing.
 */
export function agedReceivables<C extends ReceivableInput>(contracts: readonly C[], today: string): AgedReceivables<C> {
  const buckets = Object.fromEntries(RECEIVABLE_BUCKETS.map((b) => [b, { count: 0, amountFen: 0 }])) as Record<
    ReceivableBucket,
    { count: number; amountFen: number }
  >;
  const rows: ReceivableRow<C>[] = [];
  for (const c of contracts) {
    if (c.state === "cancelled") continue;
    const open = dueStatus(c.dues, c.paidFen)
      .filter((d) => d.openFen > 0)
      .map((d) => {
        const days = daysBetween(d.dueDate, today);
        return {
          kind: d.kind,
          dueDate: d.dueDate,
          openFen: d.openFen,
          daysOverdue: days,
          bucket: receivableBucket(days),
        };
      });
    if (!open.length) continue;
    const seen = new Set<ReceivableBucket>();
    for (const d of open) {
      buckets[d.bucket].amountFen += d.openFen;
      if (!seen.has(d.bucket)) buckets[d.bucket].count += 1;
      seen.add(d.bucket);
    }
    const oldest = open.reduce((a, b) => (b.daysOverdue > a.daysOverdue ? b : a));
    rows.push({
      contract: c,
      openFen: open.reduce((s, d) => s + d.openFen, 0),
      overdueFen: open.filter((d) => d.daysOverdue > 0).reduce((s, d) => s + d.openFen, 0),
      daysOverdue: oldest.daysOverdue,
      bucket: oldest.bucket,
      open,
    });
  }
  rows.sort((a, b) => b.daysOverdue - a.daysOverdue || b.openFen - a.openFen);
  return {
    today,
    buckets,
    totalOpenFen: rows.reduce((s, r) => s + r.openFen, 0),
    overdueFen: rows.reduce((s, r) => s + r.overdueFen, 0),
    rows,
  };
}

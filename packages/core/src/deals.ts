/**
 * Deals (brief rules 10, 11, 17): the money rules shared by quotes, contracts,
 * receivables and delivery. Pure functions; money is always integer minor units
 * (fen, 1 yuan = 100 fen) and every total is computed here, on the server.
 */
import { z } from "zod";
import type { Role } from "./roles.ts";

// ---------- money ----------

/** Round a fractional fen amount half away from zero to whole fen. */
export function roundFen(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** "12,345.67" — fen as yuan with thousands separators (for messages; the UI formats with Intl). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}${yuan}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * The monthly instalment of a loan (standard annuity): P·r / (1 − (1 + r)^−n)
 * with r the monthly rate (annual rate / 12); a 0 % loan is P / n. Rounded to
 * whole fen. `annualRateBp` is the annual rate in basis points (4.99 % = 499).
 */
export function monthlyPayment(principalFen: number, annualRateBp: number, termMonths: number): number {
  if (principalFen <= 0 || termMonths <= 0) return 0;
  const r = annualRateBp / 10000 / 12;
  if (r === 0) return roundFen(principalFen / termMonths);
  return roundFen((principalFen * r) / (1 - (1 + r) ** -termMonths));
}

// ---------- quote lines and totals ----------

export interface PricedLine {
  name: string;
  priceFen: number;
}

export interface QuoteFinance {
  lender: string;
  downPaymentFen: number;
  termMonths: number;
  annualRateBp: number;
}

export interface QuoteTradeIn {
  /** the customer's car, e.g. "2017 VW Lavida 1.6, 86,000 km" */
  description: string;
  plate?: string;
  vin?: string;
  appraisalFen: number;
}

export interface QuoteMoneyInput {
  listPriceFen: number;
  discountFen: number;
  accessories: PricedLine[];
  insurance: PricedLine[];
  finance?: QuoteFinance;
  tradeIn?: QuoteTradeIn;
  depositFen: number;
}

export interface QuoteTotals {
  /** list price − discount */
  vehicleFen: number;
  accessoriesFen: number;
  insuranceFen: number;
  /** vehicle + accessories + insurance */
  totalFen: number;
  /** appraisal of the trade-in (0 without one), deducted from the total */
  tradeInFen: number;
  /** what the customer owes: total − trade-in */
  payableFen: number;
  /** financed by the lender: payable − down payment (0 without finance) */
  loanFen: number;
  monthlyPaymentFen: number;
  /** what the customer pays in cash: payable − loan (the deposit is part of it) */
  customerCashFen: number;
  depositFen: number;
}

/** Problems with the money of a quote, in words (empty: the quote adds up). */
export function quoteMoneyProblems(q: QuoteMoneyInput): { field: string; message: string }[] {
  const p: { field: string; message: string }[] = [];
  if (q.discountFen > q.listPriceFen)
    p.push({ field: "discountFen", message: "The discount cannot be larger than the list price." });
  const t = computeQuoteTotals(q, { unchecked: true });
  if (t.tradeInFen > t.totalFen)
    p.push({ field: "tradeIn.appraisalFen", message: "The trade-in appraisal cannot exceed the total of the quote." });
  if (q.finance && q.finance.downPaymentFen > t.payableFen)
    p.push({ field: "finance.downPaymentFen", message: "The down payment cannot exceed what the customer owes." });
  if (q.depositFen > t.customerCashFen)
    p.push({
      field: "depositFen",
      message: "The deposit cannot exceed what the customer pays in cash (the amount owed less the loan).",
    });
  return p;
}

/**
 * Every total of a quote from its lines (integer fen). Throws on a quote that
 * does not add up (see quoteMoneyProblems) unless `unchecked`.
 */
export function computeQuoteTotals(q: QuoteMoneyInput, opts: { unchecked?: boolean } = {}): QuoteTotals {
  if (!opts.unchecked) {
    const problems = quoteMoneyProblems(q);
    if (problems.length) throw new Error(problems[0]!.message);
  }
  const vehicleFen = q.listPriceFen - q.discountFen;
  const accessoriesFen = q.accessories.reduce((s, l) => s + l.priceFen, 0);
  const insuranceFen = q.insurance.reduce((s, l) => s + l.priceFen, 0);
  const totalFen = vehicleFen + accessoriesFen + insuranceFen;
  const tradeInFen = q.tradeIn?.appraisalFen ?? 0;
  const payableFen = totalFen - tradeInFen;
  const loanFen = q.finance ? Math.max(0, payableFen - q.finance.downPaymentFen) : 0;
  const monthlyPaymentFen = q.finance ? monthlyPayment(loanFen, q.finance.annualRateBp, q.finance.termMonths) : 0;
  return {
    vehicleFen,
    accessoriesFen,
    insuranceFen,
    totalFen,
    tradeInFen,
    payableFen,
    loanFen,
    monthlyPaymentFen,
    customerCashFen: payableFen - loanFen,
    depositFen: q.depositFen,
  };
}

// ---------- deal settings (per tenant) ----------

/** Roles that can make quotes (and so have a discount limit). */
export const QUOTING_ROLES = ["sales_consultant", "sales_manager", "general_manager", "group_admin"] as const;
export type QuotingRole = (typeof QUOTING_ROLES)[number];

export interface DealSettings {
  /**
   * The largest discount (fen) a quote made by someone in the role may carry
   * without the sales manager's approval; null = no limit. A person with several
   * roles gets the most generous limit.
   */
  discountLimitFen: Record<QuotingRole, number | null>;
  /** dunning: after this many reminders without a payment, escalate to the sales manager */
  dunningEscalateAfter: number;
  /** days after signing the deposit is due */
  depositDueDays: number;
}

export const DEFAULT_DEAL_SETTINGS: DealSettings = {
  discountLimitFen: { sales_consultant: 500_000, sales_manager: 2_000_000, general_manager: null, group_admin: null },
  dunningEscalateAfter: 3,
  depositDueDays: 0,
};

const limit = z
  .number({ error: "A discount limit is a whole number of fen, or empty for no limit." })
  .int({ error: "A discount limit is a whole number of fen." })
  .min(0, { error: "A discount limit cannot be negative." })
  .max(100_000_000_00, { error: "A discount limit above 100 million yuan is surely a typing error." })
  .nullable();

export const dealSettingsSchema = z
  .object({
    discountLimitFen: z
      .object({ sales_consultant: limit, sales_manager: limit, general_manager: limit, group_admin: limit })
      .strict(),
    dunningEscalateAfter: z
      .number({ error: "Escalate after is a number of reminders." })
      .int({ error: "Escalate after is a whole number of reminders." })
      .min(1, { error: "Escalate after at least 1 reminder." })
      .max(30, { error: "Escalate after at most 30 reminders." }),
    depositDueDays: z
      .number({ error: "The deposit due days is a number of days." })
      .int({ error: "The deposit due days is a whole number." })
      .min(0, { error: "The deposit cannot be due before signing." })
      .max(30, { error: "The deposit is due within 30 days of signing at most." }),
  })
  .strict();

/** The discount a person may give without approval (fen; null = unlimited): the most generous of their roles. */
export function discountLimitFor(roles: readonly Role[], s: DealSettings): number | null {
  let best: number | undefined;
  for (const r of roles) {
    if (!(QUOTING_ROLES as readonly string[]).includes(r)) continue;
    const l = s.discountLimitFen[r as QuotingRole];
    if (l === null) return null;
    best = best === undefined ? l : Math.max(best, l);
  }
  return best ?? 0;
}

// ---------- contract dues and balance ----------

export const DUE_KINDS = ["deposit", "balance", "loan"] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export interface Due {
  /** "deposit" | "balance" | "loan": one due of each kind at most */
  kind: DueKind;
  amountFen: number;
  /** store-local date (YYYY-MM-DD) */
  dueDate: string;
}

/**
 * The dues of a contract from its quote totals: the deposit (at signing + the
 * tenant's deposit days), the rest of the customer's cash at the expected
 * delivery date, and the loan disbursement (paid by the lender) at the same
 * date. Dues of 0 are left out; the dues always add up to the payable total.
 */
export function contractDues(
  t: Pick<QuoteTotals, "payableFen" | "loanFen" | "customerCashFen" | "depositFen">,
  signedDate: string,
  depositDueDate: string,
  expectedDeliveryDate: string,
): Due[] {
  const dues: Due[] = [];
  const deposit = Math.min(t.depositFen, t.customerCashFen);
  if (deposit > 0)
    dues.push({
      kind: "deposit",
      amountFen: deposit,
      dueDate: depositDueDate < signedDate ? signedDate : depositDueDate,
    });
  if (t.customerCashFen - deposit > 0)
    dues.push({ kind: "balance", amountFen: t.customerCashFen - deposit, dueDate: expectedDeliveryDate });
  if (t.loanFen > 0) dues.push({ kind: "loan", amountFen: t.loanFen, dueDate: expectedDeliveryDate });
  return dues;
}

export interface DueStatus extends Due {
  paidFen: number;
  openFen: number;
}

/**
 * What is still open of each due when the payments so far (`paidFen`) are applied
 * to the dues in order of due date (deposit first). Customer payments and loan
 * disbursements both count toward the contract; the order of the dues decides
 * which is open.
 */
export function dueStatus(dues: readonly Due[], paidFen: number): DueStatus[] {
  let left = paidFen;
  return [...dues]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || DUE_KINDS.indexOf(a.kind) - DUE_KINDS.indexOf(b.kind))
    .map((d) => {
      const paid = Math.min(d.amountFen, Math.max(0, left));
      left -= paid;
      return { ...d, paidFen: paid, openFen: d.amountFen - paid };
    });
}

/** The earliest due with something open, or undefined when everything is paid. */
export function firstOpenDue(dues: readonly Due[], paidFen: number): DueStatus | undefined {
  return dueStatus(dues, paidFen).find((d) => d.openFen > 0);
}

/** Sum of the dues of a contract. */
export function totalDue(dues: readonly Due[]): number {
  return dues.reduce((s, d) => s + d.amountFen, 0);
}

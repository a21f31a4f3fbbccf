/**
 * Secondary dealers (二级网点 / 二级经销商, brief rule 19): sub-dealers a store
 * wholesales stock vehicles to, their ledger (wholesale entries and payments
 * received, in fen) and their monthly pickups. Schemas and pure rules only.
 */
import { z } from "zod";
import { formatYuan } from "./deals.ts";
import { dateSchema, optionalText, requiredText, ulidSchema } from "./schemas.ts";

/** Wholesale prices and payments: at most 100 million yuan (a typing error beyond). */
export const MAX_DEALER_FEN = 100_000_000_00;

const fen = (label: string) =>
  z
    .number({ error: `${label} must be a number of fen.` })
    .int(`${label} must be a whole number of fen.`)
    .min(1, `${label} must be more than 0.`)
    .max(MAX_DEALER_FEN, `${label} is above 100 million yuan: surely a typing error.`);

export const DEALER_PAYMENT_METHODS = ["bank_transfer", "cash", "acceptance_bill"] as const;
export type DealerPaymentMethod = (typeof DEALER_PAYMENT_METHODS)[number];

/** A month as YYYY-MM. */
export const monthSchema = z
  .string({ error: "The month must be text like 2026-10." })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-10.");

export const dealerSchema = z
  .object({
    name: requiredText(80, "Name"),
    contactName: requiredText(40, "Contact"),
    phone: z
      .string({ error: "Phone must be text." })
      .trim()
      .regex(/^[0-9+\-() ]{5,20}$/, "Phone is 5 to 20 digits (+, -, spaces and brackets allowed)."),
    creditLimitFen: z
      .number({ error: "The credit limit must be a number of fen." })
      .int("The credit limit must be a whole number of fen.")
      .min(0, "The credit limit cannot be negative.")
      .max(MAX_DEALER_FEN, "The credit limit is above 100 million yuan: surely a typing error."),
    note: optionalText(300, "Note"),
  })
  .strict()
  .meta({ id: "SecondaryDealer" });
export type DealerInput = z.infer<typeof dealerSchema>;

export const dealerPatchSchema = dealerSchema
  .partial()
  .extend({ version: z.number({ error: "version must be a number." }).int().min(1, "version must be at least 1.") })
  .strict()
  .meta({ id: "SecondaryDealerPatch" });

export const wholesaleSchema = z
  .object({
    vehicleId: ulidSchema.describe("a vehicle of the store in stock"),
    priceFen: fen("The wholesale price"),
    /** the store-local date of the pickup; default today (a closed month refuses it) */
    date: dateSchema.optional(),
    note: optionalText(300, "Note"),
  })
  .strict()
  .meta({ id: "Wholesale" });

export const dealerPaymentSchema = z
  .object({
    amountFen: fen("The amount"),
    method: z.enum(DEALER_PAYMENT_METHODS, { error: `Method must be one of: ${DEALER_PAYMENT_METHODS.join(", ")}.` }),
    reference: requiredText(60, "Reference"),
    /** the store-local date the money came in; default today (a closed month refuses it) */
    date: dateSchema.optional(),
    note: optionalText(300, "Note"),
  })
  .strict()
  .meta({ id: "DealerPayment" });

/** One line of a dealer's ledger as the rules read it. */
export interface LedgerLine {
  kind: "wholesale" | "payment";
  /** store-local date */
  date: string;
  amountFen: number;
}

export interface MonthPickups {
  month: string;
  vehicles: number;
  wholesaleFen: number;
  paidFen: number;
}

/** Vehicles picked up and money per month (newest month first) from a dealer's ledger lines. */
export function monthlyPickups(lines: readonly LedgerLine[]): MonthPickups[] {
  const by = new Map<string, MonthPickups>();
  for (const l of lines) {
    const month = l.date.slice(0, 7);
    const m = by.get(month) ?? { month, vehicles: 0, wholesaleFen: 0, paidFen: 0 };
    if (l.kind === "wholesale") {
      m.vehicles += 1;
      m.wholesaleFen += l.amountFen;
    } else m.paidFen += l.amountFen;
    by.set(month, m);
  }
  return [...by.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** Why a wholesale of `priceFen` is refused for a dealer owing `balanceFen` (undefined: allowed). */
export function creditProblem(balanceFen: number, creditLimitFen: number, priceFen: number): string | undefined {
  if (balanceFen + priceFen <= creditLimitFen) return undefined;
  return `Over the credit limit: the dealer owes ¥${formatYuan(balanceFen)} of ¥${formatYuan(creditLimitFen)}; this wholesale is ¥${formatYuan(priceFen)}.`;
}

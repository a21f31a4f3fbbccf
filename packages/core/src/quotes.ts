/**
 * Quotes (报价, brief rule 10): what a consultant sends a prospect — a trim of
 * the catalogue (or one stock vehicle), list price, discount, accessories (附件),
 * insurance products, a loan (按揭), a trade-in (置换) and the deposit. The
 * client sends the lines in fen; every total is computed on the server
 * (deals.ts), so a body carrying totals is refused by the strict schema.
 */
import { z } from "zod";
import { dealSettingsSchema } from "./deals.ts";
import { checkVin } from "./inventory.ts";
import { optionalText, requiredText } from "./schemas.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** 100 million yuan: any larger amount on a quote is a typing error */
const MAX_FEN = 100_000_000_00;

/** An amount of money in fen (integer minor units), 0 allowed unless `min` says otherwise. */
const fen = (label: string, min = 0) =>
  z
    .number({ error: `${label} must be an amount in fen (a whole number).` })
    .int({ error: `${label} must be a whole number of fen.` })
    .min(min, { error: min > 0 ? `${label} must be more than 0.` : `${label} cannot be negative.` })
    .max(MAX_FEN, { error: `${label} must be at most 100,000,000 yuan.` });

const code = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: `${label} must be a code from the catalogue.` });

const line = (what: string) =>
  z
    .object({
      name: requiredText(80, `${what} name`),
      priceFen: fen(`${what} price`),
    })
    .strict();

export const QUOTE_VALID_DAYS = { min: 1, max: 90, default: 7 } as const;

export const quoteSchema = z
  .object({
    vehicle: z
      .object({
        modelCode: code("Model"),
        trimCode: code("Trim"),
        colourCode: code("Colour").optional(),
        /** a specific vehicle of the store's stock (must be in stock and of this trim) */
        vehicleId: z
          .string({ error: "Vehicle must be a vehicle id." })
          .regex(ULID, { error: "Not a valid vehicle id." })
          .optional(),
      })
      .strict(),
    /** default: the trim's list price (MSRP) from the catalogue */
    listPriceFen: fen("List price", 1).optional(),
    discountFen: fen("Discount").default(0),
    accessories: z
      .array(line("Accessory"), { error: "Accessories must be a list." })
      .max(30, { error: "At most 30 accessories on a quote." })
      .default([]),
    insurance: z
      .array(line("Insurance"), { error: "Insurance must be a list." })
      .max(10, { error: "At most 10 insurance products on a quote." })
      .default([]),
    finance: z
      .object({
        lender: requiredText(60, "Lender"),
        downPaymentFen: fen("Down payment"),
        termMonths: z
          .number({ error: "The loan term must be a number of months." })
          .int({ error: "The loan term must be a whole number of months." })
          .min(1, { error: "The loan term is at least 1 month." })
          .max(96, { error: "The loan term is at most 96 months." }),
        annualRateBp: z
          .number({ error: "The interest rate must be in basis points (4.99 % = 499)." })
          .int({ error: "The interest rate must be a whole number of basis points (4.99 % = 499)." })
          .min(0, { error: "The interest rate cannot be negative." })
          .max(3000, { error: "The interest rate is at most 30 % (3000 basis points)." }),
      })
      .strict()
      .optional(),
    tradeIn: z
      .object({
        description: requiredText(120, "Trade-in description"),
        plate: optionalText(12, "Plate").transform((v) => v?.toUpperCase().replace(/\s/g, "")),
        vin: optionalText(40, "Trade-in VIN").transform((v, ctx) => {
          if (v === undefined) return undefined;
          // the customer's car may come from a market without check digits: accept it, never guess
          const c = checkVin(v, { allowWithoutCheckDigit: true });
          if (!c.ok) {
            ctx.addIssue({ code: "custom", message: c.message });
            return z.NEVER;
          }
          return c.vin;
        }),
        appraisalFen: fen("Appraisal", 1),
      })
      .strict()
      .optional(),
    depositFen: fen("Deposit").default(0),
    validDays: z
      .number({ error: "Valid days must be a number of days." })
      .int({ error: "Valid days must be a whole number." })
      .min(QUOTE_VALID_DAYS.min, { error: "A quote is valid for at least 1 day." })
      .max(QUOTE_VALID_DAYS.max, { error: "A quote is valid for at most 90 days." })
      .default(QUOTE_VALID_DAYS.default),
    note: optionalText(500, "Note"),
  })
  .strict()
  .meta({ id: "QuoteInput" });
export type QuoteInput = z.infer<typeof quoteSchema>;

export const QUOTE_DECISIONS = ["approve", "reject"] as const;

export const quoteDecisionSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(1, { error: "version is required." }),
    decision: z.enum(QUOTE_DECISIONS, { error: "Decision must be approve or reject." }),
    reason: optionalText(300, "Reason"),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === "reject" && !v.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Give the reason for rejecting the discount." });
  })
  .meta({ id: "QuoteDecision" });

export const quoteCancelSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(1, { error: "version is required." }),
    reason: optionalText(300, "Reason"),
  })
  .strict()
  .meta({ id: "QuoteCancel" });

export const QUOTE_STATUSES = ["open", "pending_approval", "approved", "rejected", "ordered", "cancelled"] as const;

export const quoteListQuerySchema = z
  .object({
    status: z.enum(QUOTE_STATUSES, { error: `Status must be one of ${QUOTE_STATUSES.join(", ")}.` }).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce
      .number({ error: "limit must be a number." })
      .int({ error: "limit must be a whole number." })
      .min(1, { error: "limit is at least 1." })
      .max(100, { error: "limit is at most 100." })
      .optional(),
  })
  .strict();

export const approvalListQuerySchema = z.object({ cursor: z.string().max(2000).optional() }).strict();

/** The deal settings as edited (with the version read, for the conflict check). */
export const dealSettingsInputSchema = dealSettingsSchema
  .extend({ version: z.number({ error: "version is required." }).int().min(0) })
  .strict()
  .meta({ id: "DealSettingsInput" });

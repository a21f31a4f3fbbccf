/**
 * Sales targets (任务分解, brief rule 15), pure: an annual units figure is
 * decomposed to months (evenly or by a seasonal weight per month) and each
 * month to consultants by their share. Units are whole cars, so every split
 * uses largest-remainder rounding: the parts always add up to the whole,
 * exactly. Quarters are sums of their months. Also the input schemas and the
 * progress figures (attainment) the Targets page shows.
 */
import { z } from "zod";
import { ulidSchema } from "./schemas.ts";

export const TARGET_ALL_BRANDS = "*";
export const MAX_ANNUAL_UNITS = 100_000;

/**
 * Split `total` whole units in proportion to `weights` (largest remainder,
 * Hamilton's method): each part is the floor of its exact share, and the units
 * left over go to the largest fractional remainders (ties: the earlier part).
 * The parts sum to `total`. All weights zero: an even split.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error("total must be a non-negative integer");
  if (weights.length === 0) {
    if (total !== 0) throw new Error("cannot split units over no parts");
    return [];
  }
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new Error("weights must be non-negative numbers");
  const sum = weights.reduce((a, b) => a + b, 0);
  const w = sum > 0 ? weights : weights.map(() => 1);
  const wSum = sum > 0 ? sum : weights.length;
  const exact = w.map((x) => (total * x) / wSum);
  const parts = exact.map((x) => Math.floor(x + 1e-9));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts;
}

/** Annual units → 12 months (January first), evenly or by seasonal weights. */
export function annualToMonths(annualUnits: number, weights?: readonly number[]): number[] {
  const w = weights ?? Array.from({ length: 12 }, () => 1);
  if (w.length !== 12) throw new Error("12 monthly weights are needed");
  return largestRemainder(annualUnits, w);
}

/** Quarters are the sums of their months. */
export function quartersOf(months: readonly number[]): number[] {
  return [0, 1, 2, 3].map((q) => (months[q * 3] ?? 0) + (months[q * 3 + 1] ?? 0) + (months[q * 3 + 2] ?? 0));
}

export interface ConsultantShare {
  userId: string;
  name: string;
  /** relative share (e.g. 30 for 30 %, or any weights); all zero = even */
  share: number;
}

export interface TargetDecomposition {
  annualUnits: number;
  months: number[];
  consultants: Record<string, { name: string; months: number[] }>;
}

/** The whole 任务分解: annual → months → consultants. Every month's consultant figures sum to the month. */
export function decomposeTarget(
  annualUnits: number,
  shares: readonly ConsultantShare[],
  weights?: readonly number[],
): TargetDecomposition {
  const months = annualToMonths(annualUnits, weights);
  const consultants: TargetDecomposition["consultants"] = {};
  for (const s of shares) consultants[s.userId] = { name: s.name, months: [] };
  const w = shares.map((s) => s.share);
  months.forEach((units) => {
    const split = shares.length ? largestRemainder(units, w) : [];
    shares.forEach((s, i) => {
      consultants[s.userId]!.months.push(split[i]!);
    });
  });
  return { annualUnits, months, consultants };
}

/**
 * Problems with a hand-edited consultant split of one month (empty: fine): the
 * figures must be whole non-negative units that add up to the month's target.
 */
export function monthSplitProblems(monthUnits: number, split: Record<string, number>): string[] {
  const p: string[] = [];
  for (const [id, v] of Object.entries(split))
    if (!Number.isInteger(v) || v < 0) p.push(`The figure for ${id} must be a whole number of units, 0 or more.`);
  const sum = Object.values(split).reduce((a, b) => a + b, 0);
  if (p.length === 0 && sum !== monthUnits)
    p.push(`The consultants' figures add up to ${sum}, but the month's target is ${monthUnits}.`);
  return p;
}

/** Attainment as a ratio (1 = 100 %), null without a target. */
export function attainment(actual: number, target: number): number | null {
  return target > 0 ? actual / target : null;
}

/** 1-based quarter of a 1-based month. */
export function quarterOfMonth(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

// ---------- input schemas ----------

const units = (label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number of units.`)
    .min(0, `${label} cannot be negative.`)
    .max(MAX_ANNUAL_UNITS, `${label} must be at most ${MAX_ANNUAL_UNITS}.`);

export const targetYearSchema = z.coerce
  .number({ error: "Year must be a number." })
  .int("Year must be a whole number.")
  .min(2000, "Year must be 2000 or later.")
  .max(2100, "Year must be 2100 or earlier.");

export const targetBrandSchema = z
  .string({ error: "Brand must be text." })
  .trim()
  .min(1, "Brand is required (or * for all brands).")
  .max(60, "Brand must be at most 60 characters.");

export const targetQuerySchema = z
  .object({ year: targetYearSchema.optional(), brand: targetBrandSchema.optional() })
  .meta({ id: "TargetQuery" });

export const salesTargetSchema = z
  .object({
    year: targetYearSchema,
    brand: targetBrandSchema,
    annualUnits: units("Annual target"),
    /** 12 seasonal weights (January first); omitted = even */
    weights: z
      .array(
        z
          .number({ error: "A weight must be a number." })
          .min(0, "Weights cannot be negative.")
          .max(1000, "Weights must be at most 1000."),
        { error: "Weights must be a list of 12 numbers." },
      )
      .length(12, "Give 12 monthly weights (January first).")
      .refine((w) => w.some((x) => x > 0), "At least one month needs a weight above 0.")
      .optional(),
    shares: z
      .array(
        z
          .object({
            userId: ulidSchema,
            share: z
              .number({ error: "Share must be a number." })
              .min(0, "Share cannot be negative.")
              .max(1000, "Share must be at most 1000."),
          })
          .strict(),
        { error: "Shares must be a list." },
      )
      .max(100, "At most 100 consultants.")
      .refine((s) => new Set(s.map((x) => x.userId)).size === s.length, "A consultant appears twice.")
      .refine((s) => s.length === 0 || s.some((x) => x.share > 0), "At least one consultant needs a share above 0."),
    /** the stored version (0 when there is no target yet) */
    version: z.number({ error: "Version must be a number." }).int().min(0),
  })
  .strict()
  .meta({ id: "SalesTargetInput" });

export const targetMonthSplitSchema = z
  .object({
    year: targetYearSchema,
    brand: targetBrandSchema,
    month: z
      .number({ error: "Month must be a number." })
      .int()
      .min(1, "Month must be 1–12.")
      .max(12, "Month must be 1–12."),
    consultants: z.record(ulidSchema, units("A consultant's figure"), { error: "Give each consultant's units." }),
    version: z.number({ error: "Version must be a number." }).int().min(1, "There is no target to edit yet."),
  })
  .strict()
  .meta({ id: "TargetMonthSplitInput" });

export type SalesTargetInput = z.infer<typeof salesTargetSchema>;
export type TargetMonthSplitInput = z.infer<typeof targetMonthSplitSchema>;

/**
 * Needs analysis — the 10 key facts (需求分析十个关键信息, brief rule 5) — and
 * grading (客户分级, rule 6): H / A / B / C from the purchase timing, each grade
 * with a follow-up cadence. Defaults follow the brief; tenants will be able to edit them.
 */
import { z } from "zod";
import type { Grade } from "./prospects.ts";

export const PURCHASE_FACTORS = [
  "power",
  "performance",
  "safety",
  "comfort",
  "enjoyment",
  "economy",
  "space",
  "technology",
] as const;
export const PURCHASE_TIMINGS = ["within_7_days", "within_15_days", "within_30_days", "later"] as const;
export type PurchaseTiming = (typeof PURCHASE_TIMINGS)[number];

const opt = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

export const needsAnalysisSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(1),
    purchaseFactors: z
      .array(z.enum(PURCHASE_FACTORS, { error: `Purchase factors are: ${PURCHASE_FACTORS.join(", ")}.` }))
      .max(PURCHASE_FACTORS.length)
      .default([]),
    brandFamiliarity: z
      .enum(["none", "some", "familiar", "owner"], {
        error: "Brand familiarity must be none, some, familiar or owner.",
      })
      .optional(),
    use: z.enum(["family", "business", "both"], { error: "Use must be family, business or both." }).optional(),
    purchaseType: z
      .enum(["first", "additional", "trade_in"], { error: "Purchase type must be first, additional or trade_in." })
      .optional(),
    householdRoles: z
      .object({
        user: opt(40, "User"),
        decisionMaker: opt(40, "Decision maker"),
        buyer: opt(40, "Buyer"),
        influencer: opt(40, "Influencer"),
      })
      .strict()
      .default({}),
    intendedModel: opt(60, "Intended model"),
    intendedColour: opt(30, "Intended colour"),
    payment: z.enum(["cash", "loan"], { error: "Payment must be cash or loan." }).optional(),
    competingBrands: z
      .array(z.string().trim().min(1).max(40, "A brand is at most 40 characters."))
      .max(5, "At most 5 competing brands.")
      .default([]),
    purchaseTiming: z.enum(PURCHASE_TIMINGS, {
      error: `Purchase timing must be one of: ${PURCHASE_TIMINGS.join(", ")}.`,
    }),
    notes: opt(1000, "Notes"),
  })
  .strict()
  .meta({ id: "NeedsAnalysisInput" });

export type NeedsAnalysis = Omit<z.infer<typeof needsAnalysisSchema>, "version">;

export interface GradingRule {
  /** grade for each purchase timing */
  byTiming: Record<PurchaseTiming, Exclude<Grade, "O" | "F">>;
  /** days between follow-ups for each grade */
  cadenceDays: Record<Exclude<Grade, "O" | "F">, number>;
}

export const DEFAULT_GRADING: GradingRule = {
  byTiming: { within_7_days: "H", within_15_days: "A", within_30_days: "B", later: "C" },
  cadenceDays: { H: 1, A: 3, B: 7, C: 14 },
};

/** The grade a needs analysis earns. An ordered (O) or lost (F) card keeps its grade. */
export function gradeFor(
  needs: Pick<NeedsAnalysis, "purchaseTiming">,
  current: Grade | null,
  rule: GradingRule = DEFAULT_GRADING,
): Grade {
  if (current === "O" || current === "F") return current;
  return rule.byTiming[needs.purchaseTiming];
}

/** When the next follow-up is due after `from` for a grade (null for O / F). */
export function nextFollowUp(grade: Grade, from: Date, rule: GradingRule = DEFAULT_GRADING): string | null {
  if (grade === "O" || grade === "F") return null;
  return new Date(from.getTime() + rule.cadenceDays[grade] * 86_400_000).toISOString();
}

/** The facts still missing, for the end-of-day check and the form's progress. */
export function missingFacts(n: Partial<NeedsAnalysis> | undefined): string[] {
  if (!n) return ["needsAnalysis"];
  const checks: [string, boolean][] = [
    ["purchaseFactors", (n.purchaseFactors?.length ?? 0) > 0],
    ["brandFamiliarity", !!n.brandFamiliarity],
    ["use", !!n.use],
    ["purchaseType", !!n.purchaseType],
    ["householdRoles", !!n.householdRoles && Object.values(n.householdRoles).some(Boolean)],
    ["intendedModel", !!n.intendedModel],
    ["intendedColour", !!n.intendedColour],
    ["payment", !!n.payment],
    ["competingBrands", (n.competingBrands?.length ?? 0) > 0],
    ["purchaseTiming", !!n.purchaseTiming],
  ];
  return checks.filter(([, ok]) => !ok).map(([k]) => k);
}

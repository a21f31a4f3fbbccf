/**
 * Commissions (提成, brief rule 18), pure: the tenant's rules, one
 * consultant's statement for a month computed from his deliveries, his
 * accessory and F&I (finance + insurance) revenue, his month target and his
 * attendance, plus the manual adjustment lines the sales admin adds in
 * review. Money is integer fen; percentages are basis points (1 % = 100 bp)
 * applied once to the month's revenue sum and rounded half up.
 */
import { z } from "zod";
import { type AttendanceEvent, effectiveAttendance } from "./attendance.ts";
import { requiredText } from "./schemas.ts";

export interface UnitRate {
  brand: string;
  modelCode: string;
  /** empty: every trim of the model */
  trimCode?: string;
  amountFen: number;
}

export interface CommissionRules {
  /** per unit delivered when no model/trim rate applies */
  defaultPerUnitFen: number;
  /** per unit delivered by model (and trim); the trim rate wins over the model rate */
  unitRates: UnitRate[];
  /** share of the accessory revenue of his deliveries, basis points */
  accessoryRateBp: number;
  /** share of the insurance premiums sold with his deliveries, basis points */
  insuranceRateBp: number;
  /** per delivered car bought with a loan (finance penetration) */
  financePerLoanFen: number;
  /** bonus when his deliveries reach his month target (target > 0) */
  targetBonusFen: number;
  /** deducted per rostered day without a sign-in */
  absenceDeductionFen: number;
  /** deducted per late sign-in */
  lateDeductionFen: number;
}

export const DEFAULT_COMMISSION_RULES: CommissionRules = {
  defaultPerUnitFen: 30_000,
  unitRates: [],
  accessoryRateBp: 500,
  insuranceRateBp: 300,
  financePerLoanFen: 20_000,
  targetBonusFen: 200_000,
  absenceDeductionFen: 10_000,
  lateDeductionFen: 5_000,
};

/** What a delivered contract contributes (read from the contract). */
export interface CommissionDelivery {
  contractId: string;
  contractNo: string;
  customerName: string;
  deliveredDate: string;
  brand: string;
  modelCode: string;
  modelName: string;
  trimCode: string;
  trimName: string;
  accessoriesFen: number;
  insuranceFen: number;
  financed: boolean;
}

export interface CommissionAdjustment {
  id: string;
  amountFen: number;
  reason: string;
  at: string;
  byName: string;
}

export type CommissionLineKind =
  | "unit"
  | "accessories"
  | "insurance"
  | "finance"
  | "bonus"
  | "absence"
  | "late"
  | "adjustment";

export interface CommissionLine {
  kind: CommissionLineKind;
  /** what the line is about: the contract and car, the revenue base, the days, the reason */
  label: string;
  contractId?: string;
  contractNo?: string;
  /** the base the rate applies to: units, revenue (fen) or days */
  quantity: number;
  /** fen per unit/day, or basis points for revenue lines */
  rate: number;
  amountFen: number;
}

export interface CommissionInput {
  rules: CommissionRules;
  deliveries: readonly CommissionDelivery[];
  /** his month target in units (undefined: none set) */
  targetUnits?: number;
  absentDays: number;
  lateSignIns: number;
  adjustments: readonly CommissionAdjustment[];
}

export interface CommissionResult {
  lines: CommissionLine[];
  units: number;
  accessoriesFen: number;
  insuranceFen: number;
  totalFen: number;
}

/** The per-unit amount of a car: trim rate, else model rate, else the default. */
export function unitRateFor(rules: CommissionRules, d: Pick<CommissionDelivery, "brand" | "modelCode" | "trimCode">) {
  const sameModel = rules.unitRates.filter((r) => r.brand === d.brand && r.modelCode === d.modelCode);
  return (
    sameModel.find((r) => r.trimCode && r.trimCode === d.trimCode)?.amountFen ??
    sameModel.find((r) => !r.trimCode)?.amountFen ??
    rules.defaultPerUnitFen
  );
}

/** Basis points of an amount, rounded half up to whole fen. */
export function bpOf(amountFen: number, bp: number): number {
  return Math.round((amountFen * bp) / 10_000);
}

/** One consultant's statement for a month. The total is the sum of the lines. */
export function computeCommission(input: CommissionInput): CommissionResult {
  const { rules } = input;
  const lines: CommissionLine[] = [];
  const deliveries = [...input.deliveries].sort(
    (a, b) => a.deliveredDate.localeCompare(b.deliveredDate) || a.contractNo.localeCompare(b.contractNo),
  );
  for (const d of deliveries) {
    const rate = unitRateFor(rules, d);
    lines.push({
      kind: "unit",
      label: `${d.contractNo} ${d.modelName} ${d.trimName} · ${d.customerName} · ${d.deliveredDate}`,
      contractId: d.contractId,
      contractNo: d.contractNo,
      quantity: 1,
      rate,
      amountFen: rate,
    });
  }
  const accessoriesFen = deliveries.reduce((n, d) => n + d.accessoriesFen, 0);
  const insuranceFen = deliveries.reduce((n, d) => n + d.insuranceFen, 0);
  const loans = deliveries.filter((d) => d.financed).length;
  if (accessoriesFen > 0 && rules.accessoryRateBp > 0)
    lines.push({
      kind: "accessories",
      label: "Accessory revenue",
      quantity: accessoriesFen,
      rate: rules.accessoryRateBp,
      amountFen: bpOf(accessoriesFen, rules.accessoryRateBp),
    });
  if (insuranceFen > 0 && rules.insuranceRateBp > 0)
    lines.push({
      kind: "insurance",
      label: "Insurance revenue",
      quantity: insuranceFen,
      rate: rules.insuranceRateBp,
      amountFen: bpOf(insuranceFen, rules.insuranceRateBp),
    });
  if (loans > 0 && rules.financePerLoanFen > 0)
    lines.push({
      kind: "finance",
      label: "Deliveries with a loan",
      quantity: loans,
      rate: rules.financePerLoanFen,
      amountFen: loans * rules.financePerLoanFen,
    });
  const target = input.targetUnits ?? 0;
  if (target > 0 && deliveries.length >= target && rules.targetBonusFen > 0)
    lines.push({
      kind: "bonus",
      label: `Month target reached (${deliveries.length}/${target})`,
      quantity: 1,
      rate: rules.targetBonusFen,
      amountFen: rules.targetBonusFen,
    });
  if (input.absentDays > 0 && rules.absenceDeductionFen > 0)
    lines.push({
      kind: "absence",
      label: "Rostered days absent",
      quantity: input.absentDays,
      rate: rules.absenceDeductionFen,
      amountFen: -input.absentDays * rules.absenceDeductionFen,
    });
  if (input.lateSignIns > 0 && rules.lateDeductionFen > 0)
    lines.push({
      kind: "late",
      label: "Late sign-ins",
      quantity: input.lateSignIns,
      rate: rules.lateDeductionFen,
      amountFen: -input.lateSignIns * rules.lateDeductionFen,
    });
  for (const a of input.adjustments)
    lines.push({ kind: "adjustment", label: a.reason, quantity: 1, rate: a.amountFen, amountFen: a.amountFen });
  return {
    lines,
    units: deliveries.length,
    accessoriesFen,
    insuranceFen,
    totalFen: lines.reduce((n, l) => n + l.amountFen, 0),
  };
}

/** A sign-in as the attendance records carry it (the late flag is decided when recorded, against the roster). */
export interface CommissionAttendanceEvent extends AttendanceEvent {
  date: string;
  late?: boolean;
}

/**
 * A consultant's absences and late arrivals in a month: a rostered day
 * (given as dates) without an effective sign-in is an absence; a day whose
 * first effective sign-in was late is one late arrival. Corrected records do
 * not count.
 */
export function attendanceFigures(
  events: readonly CommissionAttendanceEvent[],
  rosteredDates: readonly string[],
): { absentDays: number; lateSignIns: number } {
  const firstSignIn = new Map<string, CommissionAttendanceEvent>();
  for (const e of effectiveAttendance(events))
    if (e.kind === "sign_in" && !firstSignIn.has(e.date)) firstSignIn.set(e.date, e);
  const absentDays = new Set(rosteredDates.filter((d) => !firstSignIn.has(d))).size;
  const lateSignIns = [...firstSignIn.values()].filter((e) => e.late).length;
  return { absentDays, lateSignIns };
}

/** "YYYY-MM" → its first and last dates. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The month before "YYYY-MM" (or before the month of a date). */
export function previousMonthOf(monthOrDate: string): string {
  const [y, m] = monthOrDate.slice(0, 7).split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

// ---------- input schemas ----------

const fen = (label: string, max = 100_000_000) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be whole fen (cents).`)
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} is too large.`);
const bp = (label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be whole basis points.`)
    .min(0, `${label} cannot be negative.`)
    .max(10_000, `${label} must be at most 10000 basis points (100 %).`);

export const commissionMonthSchema = z
  .string({ error: "Month must be text." })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-10.");

export const commissionRulesSchema = z
  .object({
    defaultPerUnitFen: fen("Amount per unit"),
    unitRates: z
      .array(
        z
          .object({
            brand: requiredText(60, "Brand"),
            modelCode: requiredText(40, "Model"),
            trimCode: z
              .string()
              .trim()
              .max(40, "Trim must be at most 40 characters.")
              .optional()
              .transform((v) => (v ? v : undefined)),
            amountFen: fen("Amount per unit"),
          })
          .strict(),
      )
      .max(200, "At most 200 model/trim rates.")
      .refine(
        (rs) => new Set(rs.map((r) => `${r.brand}|${r.modelCode}|${r.trimCode ?? ""}`)).size === rs.length,
        "A model/trim appears twice.",
      ),
    accessoryRateBp: bp("Accessory rate"),
    insuranceRateBp: bp("Insurance rate"),
    financePerLoanFen: fen("Amount per loan"),
    targetBonusFen: fen("Target bonus"),
    absenceDeductionFen: fen("Deduction per absent day"),
    lateDeductionFen: fen("Deduction per late sign-in"),
  })
  .strict();

export const commissionRulesInputSchema = commissionRulesSchema
  .extend({ version: z.number({ error: "Version must be a number." }).int().min(0) })
  .strict()
  .meta({ id: "CommissionRulesInput" });

export const commissionAdjustmentSchema = z
  .object({
    amountFen: z
      .number({ error: "Amount must be a number." })
      .int("Amount must be whole fen (cents).")
      .min(-100_000_000, "Amount is too large.")
      .max(100_000_000, "Amount is too large.")
      .refine((v) => v !== 0, "Amount cannot be 0."),
    reason: requiredText(200, "Reason"),
    /** the statement's version */
    version: z.number({ error: "Version must be a number." }).int().min(1),
  })
  .strict()
  .meta({ id: "CommissionAdjustmentInput" });

export const commissionLockSchema = z
  .object({ version: z.number({ error: "Version must be a number." }).int().min(1) })
  .strict()
  .meta({ id: "CommissionLockInput" });

export type CommissionRulesInput = z.infer<typeof commissionRulesInputSchema>;

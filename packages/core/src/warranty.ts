/**
 * Warranty claims (保修索赔) after they are billed to the OEM: the claim's
 * lifecycle as the dealership's warranty admin (索赔员) works it. Pure.
 *
 * States: submitted → approved | rejected; approved → paid; rejected →
 * submitted again (resubmitted after correction, with a note). Paid is final.
 * The OEM may approve less than claimed and pay less than approved; the
 * shortfall stays visible.
 */
import { z } from "zod";
import { UnprocessableError } from "./errors.ts";
import { dateSchema, optionalText, requiredText, versionSchema } from "./schemas.ts";

export const WARRANTY_STATES = ["submitted", "approved", "rejected", "paid"] as const;
export type WarrantyState = (typeof WARRANTY_STATES)[number];

export const WARRANTY_ACTIONS = ["approve", "reject", "resubmit", "paid"] as const;
export type WarrantyAction = (typeof WARRANTY_ACTIONS)[number];

/** Every legal decision per state and the state it leads to. Anything not listed is refused. */
export const WARRANTY_TRANSITIONS: Record<WarrantyState, Partial<Record<WarrantyAction, WarrantyState>>> = {
  submitted: { approve: "approved", reject: "rejected" },
  approved: { paid: "paid" },
  rejected: { resubmit: "submitted" },
  paid: {},
};

/** The decisions possible on a claim in this state (the page shows these forms). */
export function warrantyActions(state: WarrantyState): WarrantyAction[] {
  return Object.keys(WARRANTY_TRANSITIONS[state]) as WarrantyAction[];
}

const DOING: Record<WarrantyAction, string> = {
  approve: "approved",
  reject: "rejected",
  resubmit: "resubmitted",
  paid: "marked paid",
};

/** The 422 message of a decision not possible in a state (exact text, translated by the catalogue). */
export function warrantyStateMessage(state: WarrantyState, action: WarrantyAction): string {
  return `This claim is ${state}: it cannot be ${DOING[action]}.`;
}
/** The field message that goes with it. */
export function warrantyStateField(state: WarrantyState): string {
  return `Not possible while the claim is ${state}.`;
}

/** The state after `action`, or a 422 naming the claim's current state. */
export function nextWarrantyState(from: WarrantyState, action: WarrantyAction): WarrantyState {
  const to = WARRANTY_TRANSITIONS[from][action];
  if (!to) throw new UnprocessableError(warrantyStateMessage(from, action), { action: warrantyStateField(from) });
  return to;
}

/** Money of a claim by status: claimed (all), approved, paid, outstanding (approved − paid). */
export interface WarrantyTotals {
  claimedFen: number;
  approvedFen: number;
  paidFen: number;
  outstandingFen: number;
}

export function warrantyTotals(
  claims: readonly { status: WarrantyState; totalFen: number; approvedFen?: number; paidFen?: number }[],
): WarrantyTotals {
  let claimedFen = 0;
  let approvedFen = 0;
  let paidFen = 0;
  for (const c of claims) {
    claimedFen += c.totalFen;
    if (c.status === "approved" || c.status === "paid") approvedFen += c.approvedFen ?? 0;
    if (c.status === "paid") paidFen += c.paidFen ?? 0;
  }
  return { claimedFen, approvedFen, paidFen, outstandingFen: approvedFen - paidFen };
}

// ---------- schemas ----------

const version = versionSchema;

const positiveFen = (label: string) =>
  z
    .number({ error: `${label} must be a number (fen).` })
    .int(`${label} must be a whole number of fen.`)
    .positive(`${label} must be more than 0.`)
    .max(10_000_000_00, `${label} is too large.`);

export const WARRANTY_ACTION_ERROR = `Action must be one of: ${WARRANTY_ACTIONS.join(", ")}.`;

export const warrantyDecisionSchema = z
  .discriminatedUnion(
    "action",
    [
      z.strictObject({
        action: z.literal("approve"),
        version,
        /** the OEM may approve less than claimed (checked against the claim) */
        approvedFen: positiveFen("Approved amount"),
        oemClaimNo: optionalText(40, "OEM claim number"),
        note: optionalText(500, "Note"),
      }),
      z.strictObject({
        action: z.literal("reject"),
        version,
        reason: requiredText(500, "Reject reason"),
      }),
      z.strictObject({
        action: z.literal("resubmit"),
        version,
        note: requiredText(500, "Correction note"),
      }),
      z.strictObject({
        action: z.literal("paid"),
        version,
        /** at most the approved amount (checked against the claim) */
        paidFen: positiveFen("Paid amount"),
        /** the day the OEM's payment arrived, not in the future (checked in the store's time zone) */
        paidDate: dateSchema,
      }),
    ],
    { error: WARRANTY_ACTION_ERROR },
  )
  .meta({ id: "WarrantyClaimDecision" });

export type WarrantyDecision = z.infer<typeof warrantyDecisionSchema>;

export const warrantyListQuerySchema = z
  .strictObject({
    status: z.enum(WARRANTY_STATES, { error: `Status must be one of: ${WARRANTY_STATES.join(", ")}.` }).optional(),
  })
  .meta({ id: "WarrantyClaimListQuery" });

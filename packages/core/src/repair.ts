/**
 * Repair orders (维修工单, brief rule 23): schemas, the state machine, estimate
 * and settlement totals, parts reservation and the state timings. Pure.
 *
 * States: received → diagnosing → waiting_approval → in_progress ⇄ waiting_parts
 * → quality_check → ready → settled → delivered. Some moves happen only through
 * their own action (approval, parts received, settlement, handover); the rest
 * are "manual" moves the advisor makes on the repair order page.
 */
import { z } from "zod";
import { UnprocessableError } from "./errors.ts";
import { optionalText, requiredText, ulidSchema, versionSchema } from "./schemas.ts";

export const RO_STATES = [
  "received",
  "diagnosing",
  "waiting_approval",
  "in_progress",
  "waiting_parts",
  "quality_check",
  "ready",
  "settled",
  "delivered",
] as const;
export type RoState = (typeof RO_STATES)[number];

/** How a state is entered: by hand on the page, or only through its own action. */
export type RoMoveVia = "manual" | "approval" | "parts" | "settlement" | "handover" | "supplement";

/** Every legal move and how it is made. Anything not listed is refused. */
export const RO_TRANSITIONS: Record<RoState, Partial<Record<RoState, RoMoveVia>>> = {
  received: { diagnosing: "manual", waiting_approval: "manual" },
  diagnosing: { waiting_approval: "manual" },
  waiting_approval: { diagnosing: "manual", in_progress: "approval", waiting_parts: "approval" },
  in_progress: { waiting_approval: "supplement", waiting_parts: "approval", quality_check: "manual" },
  waiting_parts: { in_progress: "parts", waiting_approval: "supplement" },
  quality_check: { in_progress: "manual", ready: "manual", waiting_approval: "supplement" },
  ready: { settled: "settlement", in_progress: "manual", waiting_approval: "supplement" },
  settled: { delivered: "handover" },
  delivered: {},
};

/** States a repair order is on the store's board in (delivered ones leave it). */
export const RO_OPEN_STATES: readonly RoState[] = RO_STATES.filter((s) => s !== "delivered");

/** The moves the advisor can make by hand from a state. */
export function manualMoves(from: RoState): RoState[] {
  return Object.entries(RO_TRANSITIONS[from])
    .filter(([, via]) => via === "manual")
    .map(([to]) => to as RoState);
}

const ACTION_NAME: Record<Exclude<RoMoveVia, "manual">, string> = {
  approval: "the customer's approval",
  parts: "receiving the missing parts",
  settlement: "the settlement",
  handover: "the handover",
  supplement: "adding supplement lines",
};

/**
 * Check a move: returns nothing when `from → to` is legal through `via`, else
 * throws a 422 that says why (illegal move, or a move that needs its own action).
 */
export function assertTransition(from: RoState, to: RoState, via: RoMoveVia): void {
  const allowed = RO_TRANSITIONS[from][to];
  if (!allowed)
    throw new UnprocessableError(`A repair order cannot go from ${from} to ${to}.`, {
      to: `Not allowed from ${from}.`,
    });
  if (allowed !== via)
    throw new UnprocessableError(
      `A repair order goes from ${from} to ${to} only through ${ACTION_NAME[allowed as Exclude<RoMoveVia, "manual">] ?? "the page"}.`,
      { to: "Use the matching action." },
    );
}

// ---------- lines and totals ----------

export const RO_PAYERS = ["customer", "warranty", "internal"] as const;
export type RoPayer = (typeof RO_PAYERS)[number];

export interface RoLine {
  lineId: string;
  kind: "labour" | "part";
  description: string;
  /** labour: hours × rate */
  hours?: number;
  rateFen?: number;
  /** part: from the store's catalogue */
  partNo?: string;
  qty?: number;
  unitPriceFen?: number;
  payer: RoPayer;
  /** 1 = the estimate; 2, 3 … = supplements found later */
  round: number;
  approved: boolean;
  /** parts: taken from stock at approval / on receipt, and still missing */
  reservedQty?: number;
  shortQty?: number;
  /** settled without the customer's approval: not invoiced */
  declined?: boolean;
  addedAt: string;
  addedBy: string;
  addedByName: string;
}

/** The amount of one line in fen: hours × rate (rounded to the fen) or qty × unit price. */
export function lineAmountFen(l: Pick<RoLine, "kind" | "hours" | "rateFen" | "qty" | "unitPriceFen">): number {
  if (l.kind === "labour") return Math.round((l.hours ?? 0) * (l.rateFen ?? 0));
  return (l.qty ?? 0) * (l.unitPriceFen ?? 0);
}

export interface RoTotals {
  labourFen: number;
  partsFen: number;
  totalFen: number;
  /** what the customer pays, what the OEM is billed (warranty claim), what the store carries */
  customerFen: number;
  warrantyFen: number;
  internalFen: number;
}

/** Totals of the given lines: labour + parts, split by payer. */
export function roTotals(lines: readonly RoLine[]): RoTotals {
  const t: RoTotals = { labourFen: 0, partsFen: 0, totalFen: 0, customerFen: 0, warrantyFen: 0, internalFen: 0 };
  for (const l of lines) {
    const a = lineAmountFen(l);
    if (l.kind === "labour") t.labourFen += a;
    else t.partsFen += a;
    t.totalFen += a;
    if (l.payer === "customer") t.customerFen += a;
    else if (l.payer === "warranty") t.warrantyFen += a;
    else t.internalFen += a;
  }
  return t;
}

/** The invoice: approved lines only (unapproved supplement lines are not done work). */
export function invoiceLines(lines: readonly RoLine[]): RoLine[] {
  return lines.filter((l) => l.approved && !l.declined);
}

/** Lines waiting for the customer's approval. */
export function pendingLines(lines: readonly RoLine[]): RoLine[] {
  return lines.filter((l) => !l.approved && !l.declined);
}

/** The next approval round: 1 for the estimate, then one more for each supplement. */
export function nextRound(lines: readonly RoLine[]): number {
  const approvedRounds = lines.filter((l) => l.approved).map((l) => l.round);
  return approvedRounds.length ? Math.max(...approvedRounds) + 1 : 1;
}

/** Parts still missing on a repair order (its waiting_parts is cleared when none is left). */
export function shortLines(lines: readonly RoLine[]): RoLine[] {
  return lines.filter((l) => l.kind === "part" && (l.shortQty ?? 0) > 0);
}

/**
 * What approving needs from stock: per part number, the quantity wanted by the
 * lines being approved, the stock seen, what can be taken now and what is short.
 */
export interface PartAllocation {
  partNo: string;
  wanted: number;
  stock: number;
  take: number;
  short: number;
}

export function allocateParts(lines: readonly RoLine[], stock: Record<string, number>): PartAllocation[] {
  const wanted = new Map<string, number>();
  for (const l of lines)
    if (l.kind === "part" && l.partNo) wanted.set(l.partNo, (wanted.get(l.partNo) ?? 0) + (l.qty ?? 0));
  return [...wanted.entries()].map(([partNo, w]) => {
    const s = Math.max(0, stock[partNo] ?? 0);
    const take = Math.min(w, s);
    return { partNo, wanted: w, stock: s, take, short: w - take };
  });
}

/**
 * Spread what was taken for each part number over its lines, in order: each
 * line gets reservedQty and shortQty.
 */
export function applyAllocation(lines: RoLine[], alloc: readonly PartAllocation[]): RoLine[] {
  const left = new Map(alloc.map((a) => [a.partNo, a.take]));
  return lines.map((l) => {
    if (l.kind !== "part" || !l.partNo || !left.has(l.partNo)) return l;
    const avail = left.get(l.partNo)!;
    const take = Math.min(avail, l.qty ?? 0);
    left.set(l.partNo, avail - take);
    return { ...l, reservedQty: take, shortQty: (l.qty ?? 0) - take };
  });
}

// ---------- timings ----------

export interface RoStateEntry {
  from?: RoState;
  to: RoState;
  at: string;
  by: string;
  byName: string;
  note?: string;
}

/** Minutes between two instants (whole minutes, never negative). */
export function minutesBetween(from: string, to: string | Date): number {
  const end = typeof to === "string" ? Date.parse(to) : to.getTime();
  return Math.max(0, Math.floor((end - Date.parse(from)) / 60_000));
}

/** Minutes spent in each state over the timeline (the current state counts up to `now`). */
export function stateMinutes(entries: readonly RoStateEntry[], now: Date): Partial<Record<RoState, number>> {
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  const out: Partial<Record<RoState, number>> = {};
  sorted.forEach((e, i) => {
    const end = sorted[i + 1]?.at ?? (e.to === "delivered" ? e.at : now);
    out[e.to] = (out[e.to] ?? 0) + minutesBetween(e.at, end);
  });
  return out;
}

/** "3 h 05 min", "2 d 4 h" — for the board (language-neutral numbers; units via the catalogue). */
export function ageParts(minutes: number): { days: number; hours: number; minutes: number } {
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** The RO number of a store's n-th repair order: WO-000123. */
export function roNumber(n: number): string {
  return `WO-${String(n).padStart(6, "0")}`;
}

// ---------- schemas ----------

const version = versionSchema;

const fen = (label: string) =>
  z
    .number({ error: `${label} must be a number (fen).` })
    .int(`${label} must be a whole number of fen.`)
    .min(0, `${label} cannot be negative.`)
    .max(10_000_000_00, `${label} is too large.`);

export const PART_NO = /^[A-Z0-9][A-Z0-9-]{1,29}$/;
export const partNoSchema = z
  .string({ error: "Part number is required." })
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(PART_NO, "Part number: 2–30 letters, digits or dashes."));

export const FUEL_EIGHTHS_MAX = 8;

export const repairOrderSchema = z
  .strictObject({
    /** from an arrived (or expected) appointment … */
    appointmentId: ulidSchema.optional(),
    /** … or a walk-in customer and one of their vehicles */
    customerId: ulidSchema.optional(),
    vin: z.string().trim().toUpperCase().length(17, "VIN must be 17 characters.").optional(),
    mileageKm: z
      .number({ error: "Mileage (km) is required." })
      .int("Mileage must be a whole number of km.")
      .min(0, "Mileage cannot be negative.")
      .max(2_000_000, "Mileage is too large."),
    fuelEighths: z
      .number({ error: "Fuel level (0–8 eighths) is required." })
      .int("Fuel level: a whole number of eighths.")
      .min(0, "Fuel level: 0–8 eighths.")
      .max(FUEL_EIGHTHS_MAX, "Fuel level: 0–8 eighths."),
    concerns: requiredText(2000, "Customer concerns"),
    damageNotes: optionalText(2000, "Damage notes"),
    itemsLeft: optionalText(500, "Items left in the car"),
    diagnosis: optionalText(4000, "Diagnosis"),
  })
  .superRefine((v, ctx) => {
    if (v.appointmentId) {
      if (v.customerId || v.vin)
        ctx.addIssue({
          code: "custom",
          path: ["appointmentId"],
          message: "Give either the appointment or the customer and vehicle, not both.",
        });
      return;
    }
    if (!v.customerId) ctx.addIssue({ code: "custom", path: ["customerId"], message: "Choose the customer." });
    if (!v.vin) ctx.addIssue({ code: "custom", path: ["vin"], message: "Choose the customer's vehicle." });
  })
  .meta({ id: "RepairOrderInput" });

export const repairOrderPatchSchema = z
  .strictObject({
    version,
    concerns: optionalText(2000, "Customer concerns"),
    damageNotes: optionalText(2000, "Damage notes"),
    itemsLeft: optionalText(500, "Items left in the car"),
    diagnosis: optionalText(4000, "Diagnosis"),
  })
  .meta({ id: "RepairOrderPatch" });

const payer = z.enum(RO_PAYERS, { error: `Payer must be one of: ${RO_PAYERS.join(", ")}.` });

export const roLineSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("labour"),
      description: requiredText(200, "Description"),
      hours: z
        .number({ error: "Hours must be a number." })
        .positive("Hours must be more than 0.")
        .max(200, "Hours: at most 200.")
        .refine((h) => Math.round(h * 100) === h * 100, "Hours: at most two decimals."),
      rateFen: fen("Rate").refine((v) => v > 0, "Rate must be more than 0."),
      payer,
    }),
    z.strictObject({
      kind: z.literal("part"),
      partNo: partNoSchema,
      qty: z
        .number({ error: "Quantity must be a number." })
        .int("Quantity must be a whole number.")
        .min(1, "Quantity must be at least 1.")
        .max(999, "Quantity: at most 999."),
      /** defaults to the catalogue price */
      unitPriceFen: fen("Unit price").optional(),
      payer,
    }),
  ],
  { error: "Each line is labour or part." },
);

export const roLinesSchema = z
  .strictObject({
    version,
    lines: z.array(roLineSchema).min(1, "Add at least one line.").max(40, "At most 40 lines at once."),
  })
  .meta({ id: "RepairOrderLines" });

export const APPROVAL_METHODS = ["in_person", "phone", "wechat"] as const;
export type ApprovalMethod = (typeof APPROVAL_METHODS)[number];

export const roApprovalSchema = z
  .strictObject({
    version,
    method: z.enum(APPROVAL_METHODS, { error: `How did the customer approve: ${APPROVAL_METHODS.join(", ")}.` }),
    note: optionalText(500, "Note"),
  })
  .meta({ id: "RepairOrderApproval" });

export const roStateSchema = z
  .strictObject({
    version,
    to: z.enum(RO_STATES, { error: `State must be one of: ${RO_STATES.join(", ")}.` }),
    note: optionalText(500, "Note"),
  })
  .meta({ id: "RepairOrderMove" });

export const RO_PAYMENT_METHODS = ["cash", "card", "wechat", "alipay", "transfer"] as const;
export type RoPaymentMethod = (typeof RO_PAYMENT_METHODS)[number];

export const roSettlementSchema = z
  .strictObject({
    version,
    /** must equal the customer's share (checked against the invoice) */
    amountFen: fen("Amount"),
    method: z
      .enum(RO_PAYMENT_METHODS, { error: `Payment method must be one of: ${RO_PAYMENT_METHODS.join(", ")}.` })
      .optional(),
  })
  .meta({ id: "RepairOrderSettlement" });

export const roHandoverSchema = z
  .strictObject({
    version,
    explanation: requiredText(2000, "Explanation of the work done"),
  })
  .meta({ id: "RepairOrderHandover" });

export const roPhotoSchema = z
  .strictObject({
    photoBase64: z
      .string({ error: "Send the photo as base64 text." })
      .min(1, "Take or choose a photo.")
      .max(Math.ceil((5 * 1024 * 1024 * 4) / 3) + 1024, "The photo is too large (5 MB at most)."),
  })
  .meta({ id: "RepairOrderPhoto" });

export const partSchema = z
  .strictObject({
    name: requiredText(80, "Part name"),
    priceFen: fen("Price"),
    leadDays: z
      .number({ error: "Lead days must be a number." })
      .int("Lead days: a whole number.")
      .min(0, "Lead days cannot be negative.")
      .max(90, "Lead days: at most 90."),
    /** new parts only: the opening stock */
    stock: z.number().int("Stock: a whole number.").min(0, "Stock cannot be negative.").max(100_000).optional(),
    /** edits: the version read */
    version: version.optional(),
  })
  .meta({ id: "PartInput" });

export const partStockSchema = z
  .strictObject({
    delta: z
      .number({ error: "Change must be a number." })
      .int("Change: a whole number.")
      .refine((d) => d !== 0, "Change must not be 0.")
      .refine((d) => Math.abs(d) <= 100_000, "Change is too large."),
    reason: requiredText(200, "Reason"),
  })
  .meta({ id: "PartStockChange" });

export const roBoardQuerySchema = z.object({}).strict();

export type RepairOrderInput = z.infer<typeof repairOrderSchema>;
export type RoLineInput = z.infer<typeof roLineSchema>;

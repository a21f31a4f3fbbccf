/**
 * Customer complaints (客户抱怨 / 投诉, brief rule 14): schemas and the SLA rule.
 * A complaint must be handled (first response recorded) within the tenant's
 * complaint SLA (default 12 hours) of being logged; after that it is escalated
 * to the store's sales managers.
 */
import { z } from "zod";
import { mobileSchema, optionalText, requiredText, ulidSchema, versionSchema } from "./schemas.ts";

export const COMPLAINT_CHANNELS = ["phone", "walk_in", "online", "oem_hotline", "social_media"] as const;
export const COMPLAINT_CATEGORIES = [
  "sales_process",
  "price",
  "delivery",
  "vehicle_quality",
  "service",
  "staff_attitude",
  "other",
] as const;
export const COMPLAINT_SEVERITIES = ["low", "medium", "high"] as const;
/** open = logged, waiting for its first response (the SLA clock runs); responded = handled; resolved = closed. */
export const COMPLAINT_STATES = ["open", "responded", "resolved"] as const;
/** The complaint list's filters: each one is one Query. */
export const COMPLAINT_FILTERS = ["open", "overdue", "escalated", "resolved", "oem"] as const;
export const SATISFACTION_LEVELS = ["dissatisfied", "neutral", "satisfied"] as const;

export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export type ComplaintFilter = (typeof COMPLAINT_FILTERS)[number];
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

const version = versionSchema;

export const complaintSchema = z
  .object({
    customerName: optionalText(60, "Customer name"),
    mobile: mobileSchema.optional(),
    /** a prospect card of the store: name and mobile default from it */
    prospectId: ulidSchema.optional(),
    channel: z.enum(COMPLAINT_CHANNELS, { error: `Channel must be one of: ${COMPLAINT_CHANNELS.join(", ")}.` }),
    category: z.enum(COMPLAINT_CATEGORIES, {
      error: `Category must be one of: ${COMPLAINT_CATEGORIES.join(", ")}.`,
    }),
    severity: z
      .enum(COMPLAINT_SEVERITIES, { error: `Severity must be one of: ${COMPLAINT_SEVERITIES.join(", ")}.` })
      .default("medium"),
    description: requiredText(2000, "Description"),
    /** who handles it: the store's sales manager when not given */
    assigneeId: ulidSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.prospectId) return;
    if (!c.customerName)
      ctx.addIssue({ code: "custom", path: ["customerName"], message: "Customer name is required." });
    if (!c.mobile)
      ctx.addIssue({
        code: "custom",
        path: ["mobile"],
        message: "Give the customer's mobile (or link the complaint to a prospect card).",
      });
  })
  .meta({ id: "ComplaintInput" });

export const complaintResponseSchema = z
  .object({
    version,
    note: requiredText(1000, "Response"),
    actionTaken: optionalText(500, "Action taken"),
  })
  .strict()
  .meta({ id: "ComplaintResponse" });

export const complaintResolutionSchema = z
  .object({
    version,
    resolution: requiredText(1000, "Resolution"),
    satisfaction: z
      .number({ error: "Satisfaction must be a score from 1 to 5." })
      .int("Satisfaction must be a score from 1 to 5.")
      .min(1, "Satisfaction must be a score from 1 to 5.")
      .max(5, "Satisfaction must be a score from 1 to 5."),
  })
  .strict()
  .meta({ id: "ComplaintResolution" });

export const complaintReassignSchema = z
  .object({
    version,
    assigneeId: ulidSchema,
    reason: requiredText(200, "Reason"),
  })
  .strict()
  .meta({ id: "ComplaintReassign" });

export const complaintOemFlagSchema = z
  .object({
    version,
    note: requiredText(1000, "OEM note"),
  })
  .strict()
  .meta({ id: "ComplaintOemFlag" });

/** Query strings: unknown parameters are ignored, not refused. */
export const complaintListQuerySchema = z.object({
  filter: z.enum(COMPLAINT_FILTERS, { error: `Filter must be one of: ${COMPLAINT_FILTERS.join(", ")}.` }).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export type ComplaintInput = z.infer<typeof complaintSchema>;

/** When a complaint logged at `loggedAt` must have its first response: loggedAt + the SLA in hours (ISO, UTC). */
export function complaintDueAt(loggedAt: Date | string, slaHours: number): string {
  if (!Number.isInteger(slaHours) || slaHours < 1) throw new RangeError(`Invalid complaint SLA: ${slaHours} hours`);
  const start = typeof loggedAt === "string" ? new Date(loggedAt) : loggedAt;
  if (Number.isNaN(start.getTime())) throw new RangeError("Invalid complaint log time");
  return new Date(start.getTime() + slaHours * 3600_000).toISOString();
}

/** Open complaints with less than this many minutes left are "due soon". */
export const COMPLAINT_DUE_SOON_MINUTES = 120;

export interface ComplaintSla {
  /** open: on_time / due_soon / overdue; handled: responded (late or not); closed: resolved */
  status: "on_time" | "due_soon" | "overdue" | "responded" | "resolved";
  /** open: whole minutes left (negative = minutes overdue); handled: null */
  minutesLeft: number | null;
  /** whether the first response came (or is still missing) after the due time */
  late: boolean;
}

/** Where a complaint stands against its SLA at `now`. Responding stops the clock. */
export function complaintSla(
  c: { state: ComplaintState; dueAt: string; response?: { at: string } },
  now: Date,
): ComplaintSla {
  const due = new Date(c.dueAt).getTime();
  if (c.state !== "open") {
    const late = !!c.response && new Date(c.response.at).getTime() > due;
    return { status: c.state, minutesLeft: null, late };
  }
  const ms = due - now.getTime();
  const minutesLeft = ms >= 0 ? Math.floor(ms / 60000) : -Math.ceil(-ms / 60000);
  if (ms < 0) return { status: "overdue", minutesLeft, late: true };
  return { status: minutesLeft < COMPLAINT_DUE_SOON_MINUTES ? "due_soon" : "on_time", minutesLeft, late: false };
}

/** A 1–5 satisfaction score as the three levels reports use. */
export function satisfactionLevel(score: number): SatisfactionLevel {
  if (score <= 2) return "dissatisfied";
  if (score === 3) return "neutral";
  return "satisfied";
}

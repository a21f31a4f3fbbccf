/**
 * Roadside assistance (救援, issue 7, H3): the call's input schemas, the order
 * of its times (called → dispatched → arrived → done, each set once) and the
 * month's response-time figures (count, average and p90 minutes).
 */
import { z } from "zod";
import { customerPlateSchema } from "./customers.ts";
import { normalizeVin } from "./inventory.ts";
import { mobileSchema, optionalText, requiredText as text, ulidSchema } from "./schemas.ts";

export const ROADSIDE_STEPS = ["dispatched", "arrived", "done"] as const;
export type RoadsideStep = (typeof ROADSIDE_STEPS)[number];
export type RoadsideStatus = "called" | RoadsideStep;

export const roadsideCallSchema = z
  .strictObject({
    customerId: ulidSchema.optional(),
    name: optionalText(60, "Caller name"),
    mobile: mobileSchema.optional(),
    location: text(200, "Location"),
    plate: customerPlateSchema.optional(),
    vin: z
      .string({ error: "VIN must be text." })
      .trim()
      .transform(normalizeVin)
      .refine((v) => v === "" || v.length === 17, "A VIN has 17 characters.")
      .optional(),
    vehicleLabel: optionalText(80, "Vehicle"),
    problem: text(500, "Problem"),
  })
  .refine((c) => !!c.customerId || !!c.name, { message: "Name the caller or pick the customer.", path: ["name"] })
  .meta({ id: "RoadsideCallInput" });

export const roadsideDispatchSchema = z
  .strictObject({
    version: z.number({ error: "version is required." }).int(),
    technicianId: ulidSchema.optional(),
    tow: optionalText(200, "Tow"),
  })
  .refine((d) => !!d.technicianId || !!d.tow, {
    message: "Send a technician or a tow (or both).",
    path: ["technicianId"],
  })
  .meta({ id: "RoadsideDispatch" });

export const roadsideArriveSchema = z
  .strictObject({ version: z.number({ error: "version is required." }).int() })
  .meta({ id: "RoadsideArrive" });

export const roadsideDoneSchema = z
  .strictObject({
    version: z.number({ error: "version is required." }).int(),
    outcome: text(500, "Outcome"),
    chargeFen: z
      .number({ error: "Charge must be a number." })
      .int("Charge must be whole fen.")
      .min(0, "Charge cannot be negative.")
      .max(100_000_000, "Charge is too large."),
  })
  .meta({ id: "RoadsideDone" });

export const roadsideQuerySchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-11.")
    .optional(),
});

/** The step that may come next, or why `step` cannot be set now (422 message). */
export function roadsideStepProblem(status: RoadsideStatus, step: RoadsideStep): string | undefined {
  const order: RoadsideStatus[] = ["called", "dispatched", "arrived", "done"];
  const have = order.indexOf(status);
  const want = order.indexOf(step);
  if (want <= have) return `This call is already ${status === "done" ? "done" : status}; the ${step} time is set once.`;
  if (want > have + 1) return `Record the ${order[want - 1]} time first.`;
  return undefined;
}

const minutesBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60000;

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface ResponseFigures {
  count: number;
  dispatch: { n: number; avgMinutes?: number; p90Minutes?: number };
  arrival: { n: number; avgMinutes?: number; p90Minutes?: number };
}

function figure(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return { n: 0 };
  const avg = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { n: sorted.length, avgMinutes: Math.round(avg), p90Minutes: Math.round(percentile(sorted, 90)!) };
}

/** A month's response times: called → dispatched and called → arrived, in whole minutes. */
export function responseFigures(
  calls: readonly { calledAt: string; dispatchedAt?: string; arrivedAt?: string }[],
): ResponseFigures {
  return {
    count: calls.length,
    dispatch: figure(calls.flatMap((c) => (c.dispatchedAt ? [minutesBetween(c.calledAt, c.dispatchedAt)] : []))),
    arrival: figure(calls.flatMap((c) => (c.arrivedAt ? [minutesBetween(c.calledAt, c.arrivedAt)] : []))),
  };
}

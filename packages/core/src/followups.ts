/**
 * Follow-ups and the daily plan (brief rules 6 and 7): the follow-up form, the
 * cadence rule that turns a grade into the next due time in the store's own
 * time zone, the deterministic ids that make the follow-up job idempotent,
 * and the completion figures of a day's plan. Pure: every clock is a parameter.
 */
import { z } from "zod";
import { DEFAULT_GRADING, type GradingRule } from "./grading.ts";
import type { Grade } from "./prospects.ts";
import { dateSchema, optionalText, ulidSchema } from "./schemas.ts";
import { addDays, localDate, localTime, zonedToUtc } from "./time.ts";

export const FOLLOW_UP_CHANNELS = ["call", "visit", "message"] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];

export const FOLLOW_UP_OUTCOMES = [
  "reached",
  "no_answer",
  "appointment",
  "call_back_later",
  "not_interested",
  "wrong_number",
] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const followUpSchema = z
  .object({
    /** the card's version the form was read at (409 when someone changed it since) */
    version: z.number({ error: "version is required." }).int().min(1, "version is required."),
    channel: z.enum(FOLLOW_UP_CHANNELS, { error: `Channel must be one of: ${FOLLOW_UP_CHANNELS.join(", ")}.` }),
    outcome: z.enum(FOLLOW_UP_OUTCOMES, { error: `Outcome must be one of: ${FOLLOW_UP_OUTCOMES.join(", ")}.` }),
    note: optionalText(500, "Note"),
    nextStep: optionalText(200, "Next step"),
    appointmentAt: z.iso
      .datetime({ offset: true, error: "Appointment must be a date-time like 2026-11-27T10:00:00+08:00." })
      .optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.outcome === "appointment" && !f.appointmentAt)
      ctx.addIssue({
        code: "custom",
        path: ["appointmentAt"],
        message: "Give the time the customer agreed to come in.",
      });
    if (f.appointmentAt && f.outcome !== "appointment")
      ctx.addIssue({
        code: "custom",
        path: ["appointmentAt"],
        message: "An appointment time goes with the outcome “appointment”.",
      });
  })
  .meta({ id: "FollowUpInput" });
export type FollowUpInput = z.infer<typeof followUpSchema>;

export const APPOINTMENT_OUTCOMES = ["arrived", "no_show", "cancelled"] as const;
export type AppointmentOutcome = (typeof APPOINTMENT_OUTCOMES)[number];

export const appointmentOutcomeSchema = z
  .object({
    outcome: z.enum(APPOINTMENT_OUTCOMES, {
      error: `Outcome must be one of: ${APPOINTMENT_OUTCOMES.join(", ")}.`,
    }),
    note: optionalText(300, "Note"),
  })
  .strict()
  .meta({ id: "AppointmentOutcomeInput" });

/** Query string of today's plan: unknown parameters are ignored, not refused. */
export const planQuerySchema = z.object({
  date: dateSchema.optional(),
  owner: z
    .union([z.literal("me"), z.literal("all"), ulidSchema], { error: "owner must be me, all or a user id." })
    .optional(),
});

/** Earliest and latest appointment a follow-up may book, relative to now. */
export const APPOINTMENT_WINDOW_DAYS = 90;

/**
 * When the next follow-up is due after a contact at `from`: the grade's cadence
 * in store-local calendar days, at the same local wall-clock time (so a call at
 * 10:00 makes the next one due at 10:00, across daylight-saving changes too).
 * Ordered (O), lost (F) and ungraded cards have no next follow-up.
 */
export function followUpDueAt(
  grade: Grade | null,
  from: Date,
  timeZone: string,
  rule: GradingRule = DEFAULT_GRADING,
): string | null {
  if (grade === null || grade === "O" || grade === "F") return null;
  const days = rule.cadenceDays[grade];
  return zonedToUtc(addDays(localDate(from, timeZone), days), localTime(from, timeZone), timeZone).toISOString();
}

/** A store-local day as a half-open UTC interval [start, end). */
export function dayBounds(date: string, timeZone: string): { start: string; end: string } {
  return {
    start: zonedToUtc(date, "00:00", timeZone).toISOString(),
    end: zonedToUtc(addDays(date, 1), "00:00", timeZone).toISOString(),
  };
}

/**
 * The follow-up task of a card for one due time. Deterministic, so the job that
 * creates tasks can run any number of times and never makes a second one.
 */
export function followUpTaskId(prospectId: string, dueAt: string): string {
  return `${prospectId}.${dueAt.replace(/[^0-9]/g, "")}`;
}

export interface PlanLike {
  ownerId: string;
  ownerName: string;
  kind: string;
  dueAt: string;
  status: "open" | "done" | "cancelled";
  overdue?: boolean;
}

/** Open and past its due time (the job's flag may lag by up to 15 minutes; the clock does not). */
export function isOverdue(item: Pick<PlanLike, "status" | "dueAt">, now: Date): boolean {
  return item.status === "open" && item.dueAt < now.toISOString();
}

export interface PlanFigures {
  /** items of the day, cancelled ones left out */
  due: number;
  done: number;
  open: number;
  /** open and past due: the day's own items plus those left open from earlier days */
  overdue: number;
  /** done / due in whole percent, null for an empty day */
  completionRate: number | null;
}

/** The completion figures of one person's day (or a whole store's). */
export function planFigures(dayItems: readonly PlanLike[], earlierOpen: readonly PlanLike[], now: Date): PlanFigures {
  const live = dayItems.filter((i) => i.status !== "cancelled");
  const done = live.filter((i) => i.status === "done").length;
  const overdue = live.filter((i) => isOverdue(i, now)).length + earlierOpen.filter((i) => isOverdue(i, now)).length;
  return {
    due: live.length,
    done,
    open: live.length - done,
    overdue,
    completionRate: live.length ? Math.round((done / live.length) * 100) : null,
  };
}

export interface ConsultantPlanSummary extends PlanFigures {
  ownerId: string;
  ownerName: string;
}

/** Every owner's figures, worst first (most overdue, then lowest completion). */
export function summariseByOwner(
  dayItems: readonly PlanLike[],
  earlierOpen: readonly PlanLike[],
  now: Date,
): ConsultantPlanSummary[] {
  const owners = new Map<string, string>();
  for (const i of [...dayItems, ...earlierOpen]) owners.set(i.ownerId, i.ownerName);
  return [...owners.entries()]
    .map(([ownerId, ownerName]) => ({
      ownerId,
      ownerName,
      ...planFigures(
        dayItems.filter((i) => i.ownerId === ownerId),
        earlierOpen.filter((i) => i.ownerId === ownerId),
        now,
      ),
    }))
    .sort(
      (a, b) =>
        b.overdue - a.overdue ||
        (a.completionRate ?? 101) - (b.completionRate ?? 101) ||
        a.ownerName.localeCompare(b.ownerName, "zh-CN"),
    );
}

/** Overdue follow-up tasks per consultant (what the rotation skip counts). */
export function overdueFollowUpCounts(open: readonly PlanLike[], now: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of open) if (i.kind === "follow_up" && isOverdue(i, now)) out[i.ownerId] = (out[i.ownerId] ?? 0) + 1;
  return out;
}

/**
 * Showroom settings a tenant (dealership group) edits: the grading rule and the
 * follow-up cadence (rule 6), the first-response time for internet leads, the
 * rotation skip for consultants with too many overdue follow-ups, the complaint
 * SLA (rule 14) and the door minimum (rule 3). Defaults follow the brief.
 */
import { z } from "zod";
import { DEFAULT_GRADING, type GradingRule, PURCHASE_TIMINGS } from "./grading.ts";

export interface ShowroomSettings {
  grading: GradingRule;
  /** minutes an internet lead may wait for its first logged call */
  leadResponseMinutes: number;
  /** a consultant with more than this many overdue follow-ups is skipped in rotation */
  rotationOverdueLimit: number;
  /** hours before an unhandled complaint is escalated to the sales manager */
  complaintSlaHours: number;
  /** consultants needed at the door in every opening hour */
  doorMinimum: number;
}

export const DEFAULT_SHOWROOM_SETTINGS: ShowroomSettings = {
  grading: DEFAULT_GRADING,
  leadResponseMinutes: 30,
  rotationOverdueLimit: 5,
  complaintSlaHours: 12,
  doorMinimum: 2,
};

const gradeHabc = z.enum(["H", "A", "B", "C"], { error: "A grade must be H, A, B or C." });
const days = (label: string) =>
  z
    .number({ error: `${label} must be a number of days.` })
    .int(`${label} must be a whole number of days.`)
    .min(1, `${label} must be at least 1 day.`)
    .max(90, `${label} must be at most 90 days.`);

export const showroomSettingsSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(0),
    grading: z
      .object({
        byTiming: z.object(
          Object.fromEntries(PURCHASE_TIMINGS.map((t) => [t, gradeHabc])) as Record<
            (typeof PURCHASE_TIMINGS)[number],
            typeof gradeHabc
          >,
        ),
        cadenceDays: z.object({
          H: days("H cadence"),
          A: days("A cadence"),
          B: days("B cadence"),
          C: days("C cadence"),
        }),
      })
      .strict(),
    leadResponseMinutes: z
      .number({ error: "Lead response time must be a number of minutes." })
      .int()
      .min(5, "Lead response time must be at least 5 minutes.")
      .max(1440, "Lead response time must be at most 1440 minutes."),
    rotationOverdueLimit: z
      .number({ error: "Overdue limit must be a number." })
      .int()
      .min(0, "Overdue limit cannot be negative.")
      .max(500, "Overdue limit must be at most 500."),
    complaintSlaHours: z
      .number({ error: "Complaint SLA must be a number of hours." })
      .int()
      .min(1, "Complaint SLA must be at least 1 hour.")
      .max(72, "Complaint SLA must be at most 72 hours."),
    doorMinimum: z
      .number({ error: "Door minimum must be a number." })
      .int()
      .min(1, "Door minimum must be at least 1.")
      .max(10, "Door minimum must be at most 10."),
  })
  .strict()
  .meta({ id: "ShowroomSettingsInput" });

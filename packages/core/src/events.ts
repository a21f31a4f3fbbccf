/**
 * Events and promotions (活动, issue 7 rule 22): a store invites customers picked
 * by filters, records their answer (RSVP) and who came. Pure rules: input
 * schemas, the customer filter, the answer/attendance changes and the
 * invitation success rates.
 */
import { z } from "zod";
import { dateSchema, optionalText, requiredText, ulidSchema } from "./schemas.ts";

export const EVENT_KINDS = ["event", "promotion"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** At most this many invitations per event (one paged read of the store's customers picks them). */
export const MAX_EVENT_INVITATIONS = 2000;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 14:00.");

export const eventSchema = z
  .strictObject({
    title: requiredText(120, "The title"),
    kind: z.enum(EVENT_KINDS, { error: "The kind must be event or promotion." }),
    date: dateSchema,
    startTime: hhmm,
    endTime: hhmm.optional(),
    place: requiredText(200, "The place"),
    description: optionalText(2000, "The description"),
    capacity: z.coerce
      .number({ error: "The capacity must be a number." })
      .int("The capacity must be a whole number.")
      .min(1, "The capacity must be at least 1.")
      .max(10_000, "The capacity must be at most 10,000.")
      .optional(),
  })
  .refine((e) => !e.endTime || e.endTime > e.startTime, {
    message: "The end time must be after the start time.",
    path: ["endTime"],
  });
export type EventInput = z.infer<typeof eventSchema>;

/** Which of the store's customers to invite; every filter given must match. */
export const eventFilterSchema = z.strictObject({
  /** the model name (exact, case-insensitive) of one of the customer's vehicles */
  model: optionalText(80, "The model"),
  /** a vehicle bought here in that year */
  purchaseYear: z.coerce
    .number({ error: "The purchase year must be a number." })
    .int("The purchase year must be a whole number.")
    .min(2000, "The purchase year must be 2000 or later.")
    .max(2100, "The purchase year must be 2100 or earlier.")
    .optional(),
  /** a vehicle whose last service (or handover, never serviced) was before this date */
  lastServiceBefore: dateSchema.optional(),
  /** the customers of one owner (consultant or advisor) */
  ownerId: ulidSchema.optional(),
});
export interface EventFilter {
  model?: string;
  purchaseYear?: number;
  lastServiceBefore?: string;
  ownerId?: string;
}

/** The query of the candidates preview: the same filters, blank fields ignored. */
const blankAsUndefined = (v: unknown) => (v === "" ? undefined : v);
export const eventCandidatesQuerySchema = z.object({
  model: optionalText(80, "The model"),
  purchaseYear: z.preprocess(blankAsUndefined, eventFilterSchema.shape.purchaseYear),
  lastServiceBefore: z.preprocess(blankAsUndefined, dateSchema.optional()),
  ownerId: z.preprocess(blankAsUndefined, ulidSchema.optional()),
});

export const RSVP_ANSWERS = ["accepted", "declined"] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];
export const rsvpSchema = z.strictObject({
  answer: z.enum(RSVP_ANSWERS, { error: "The answer must be accepted or declined." }),
});
export const eventAttendanceSchema = z.strictObject({
  attended: z.boolean({ error: "Attended must be true or false." }),
});

/** What the filter needs to know of a customer. */
export interface FilterableCustomer {
  ownerId: string;
  vehicles: readonly { modelName: string; purchasedOn?: string; lastServiceOn?: string }[];
}

/** Does the customer match every filter given? A vehicle must match model, year and service together. */
export function matchesEventFilter(c: FilterableCustomer, f: EventFilter): boolean {
  if (f.ownerId && c.ownerId !== f.ownerId) return false;
  if (!f.model && f.purchaseYear === undefined && !f.lastServiceBefore) return true;
  const model = f.model?.trim().toLowerCase();
  return c.vehicles.some((v) => {
    if (model && v.modelName.trim().toLowerCase() !== model) return false;
    if (f.purchaseYear !== undefined && v.purchasedOn?.slice(0, 4) !== String(f.purchaseYear)) return false;
    if (f.lastServiceBefore) {
      const last = v.lastServiceOn ?? v.purchasedOn;
      if (!last || last >= f.lastServiceBefore) return false;
    }
    return true;
  });
}

/** An invitation's state: its answer, then whether the customer came. */
export interface InvitationState {
  rsvp?: RsvpAnswer;
  attendance?: "attended" | "no_show";
}

/** The counters on the event that change with one invitation's change (+1/−1). */
export interface EventCounts {
  invited: number;
  accepted: number;
  declined: number;
  attended: number;
  noShow: number;
}

export type InvitationChange =
  | { ok: true; next: InvitationState; delta: Partial<EventCounts> }
  | { ok: false; reason: string; status: 409 | 422 };

/** Record an answer: a changed answer moves the counters; attendance already recorded freezes it. */
export function answerInvitation(s: InvitationState, answer: RsvpAnswer): InvitationChange {
  if (s.attendance) return { ok: false, status: 409, reason: "Attendance is already recorded for this invitation." };
  if (s.rsvp === answer) return { ok: true, next: s, delta: {} };
  const delta: Partial<EventCounts> = { [answer]: 1 };
  if (s.rsvp) delta[s.rsvp] = -1;
  return { ok: true, next: { ...s, rsvp: answer }, delta };
}

/** Record attendance (from the event's day on); a corrected record moves the counters. */
export function recordAttendance(
  s: InvitationState,
  attended: boolean,
  eventDate: string,
  today: string,
): InvitationChange {
  if (today < eventDate)
    return { ok: false, status: 422, reason: "Attendance can be recorded from the day of the event on." };
  const value = attended ? "attended" : "no_show";
  if (s.attendance === value) return { ok: true, next: s, delta: {} };
  const key = (a: "attended" | "no_show") => (a === "attended" ? "attended" : "noShow");
  const delta: Partial<EventCounts> = { [key(value)]: 1 };
  if (s.attendance) delta[key(s.attendance)] = -1;
  return { ok: true, next: { ...s, attendance: value }, delta };
}

/** The invitation status shown: attendance first, then the answer, else invited. */
export function invitationStatus(s: InvitationState): "invited" | RsvpAnswer | "attended" | "no_show" {
  return s.attendance ?? s.rsvp ?? "invited";
}

/** Invitation success rates in percent, one decimal (null without invitations). */
export function invitationRates(c: Pick<EventCounts, "invited" | "accepted" | "attended">): {
  acceptedRate: number | null;
  attendedRate: number | null;
} {
  if (c.invited <= 0) return { acceptedRate: null, attendedRate: null };
  return {
    acceptedRate: Math.round((c.accepted / c.invited) * 1000) / 10,
    attendedRate: Math.round((c.attended / c.invited) * 1000) / 10,
  };
}

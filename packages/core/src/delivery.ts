/**
 * Delivery (交车, brief rule 13), the post-delivery call (3 days, 100 % of
 * deliveries) and the dunning cadence (催款, rule 17). Pure functions; every
 * clock is a parameter; dates are store-local YYYY-MM-DD, instants ISO UTC.
 *
 * The delivery gate itself (款到发货: what is missing before a vehicle may go)
 * is `deliveryBlockers` in contracts.ts; `deliveryRefusal` here turns its
 * blockers into the one sentence the refused person reads.
 */
import { z } from "zod";
import type { DeliveryBlocker } from "./contracts.ts";
import { type Due, firstOpenDue, formatYuan } from "./deals.ts";
import { dateSchema, optionalText } from "./schemas.ts";
import { MAX_PHOTO_BYTES, sniffImage } from "./testdrives.ts";
import { addDays, localDate } from "./time.ts";

// ---------- the delivery checklist ----------

/** What is done at the handover; each must be ticked before the delivery is recorded. */
export const DELIVERY_CHECKLIST = [
  /** 随车文件 / 合格证: certificate of conformity, manual, warranty book, invoice copy */
  "documents",
  /** the keys (their number is recorded too) */
  "keys",
  /** the vehicle's functions explained to the customer */
  "functions",
  /** the accessories of the contract fitted */
  "accessories",
  /** photos of the handover taken (at least one uploaded) */
  "photos",
] as const;
export type DeliveryChecklistItem = (typeof DELIVERY_CHECKLIST)[number];

/** At most this many handover photos per contract. */
export const MAX_DELIVERY_PHOTOS = 10;

const tick = (label: string) => z.literal(true, { error: `${label}: tick it when it is done.` });

/** Book (or move) the delivery appointment: an instant, or a store-local date and time. */
export const deliveryAppointmentSchema = z
  .object({
    /** the contract version the form was read at (409 when someone changed it since) */
    version: z.number({ error: "version is required." }).int().min(1, "version is required."),
    at: z.iso
      .datetime({ offset: true, error: "The appointment must be a date-time like 2026-12-01T10:00:00+08:00." })
      .optional(),
    date: dateSchema.optional(),
    time: z
      .string({ error: "Time must be text." })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 10:30.")
      .optional(),
    note: optionalText(300, "Note"),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.at && (f.date || f.time))
      ctx.addIssue({
        code: "custom",
        path: ["at"],
        message: "Give either the instant or the date and time, not both.",
      });
    if (!f.at && !f.date)
      ctx.addIssue({ code: "custom", path: ["date"], message: "Give the date of the delivery appointment." });
    if (!f.at && f.date && !f.time)
      ctx.addIssue({ code: "custom", path: ["time"], message: "Give the time of the delivery appointment." });
  })
  .meta({ id: "DeliveryAppointment" });
export type DeliveryAppointmentInput = z.infer<typeof deliveryAppointmentSchema>;

/** A handover photo (base64 JPEG/PNG/WebP; a data: URL prefix is accepted). */
export const deliveryPhotoSchema = z
  .object({
    photoBase64: z
      .string({ error: "Send the photo as base64 text." })
      .min(1, "Take or choose a photo of the handover.")
      .max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 1024, "The photo is too large (5 MB at most)."),
  })
  .strict()
  .meta({ id: "DeliveryPhoto" });

/** Why a handover photo is refused (422), or null. */
export function deliveryPhotoProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return "Take or choose a photo of the handover.";
  if (bytes.length > MAX_PHOTO_BYTES) return "The photo is too large (5 MB at most).";
  if (!sniffImage(bytes)) return "The photo must be a JPEG, PNG or WebP image.";
  return null;
}

/** Record the delivery: every checklist item ticked, the keys counted, the customer's signature. */
export const deliveryCompleteSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(1, "version is required."),
    checklist: z
      .object({
        documents: tick("Documents (随车文件 / 合格证)"),
        keys: tick("Keys handed over"),
        functions: tick("Functions explained"),
        accessories: tick("Accessories fitted"),
        photos: tick("Photos taken"),
      })
      .strict(),
    keysHandedOver: z
      .number({ error: "Keys handed over must be a number." })
      .int("Keys handed over must be a whole number.")
      .min(1, "At least 1 key is handed over.")
      .max(6, "At most 6 keys."),
    customerSigned: z.literal(true, { error: "The customer must sign the delivery confirmation." }),
    note: optionalText(500, "Note"),
  })
  .strict()
  .meta({ id: "DeliveryComplete" });
export type DeliveryCompleteInput = z.infer<typeof deliveryCompleteSchema>;

/** The refusal a person reads when delivery is not allowed yet: exactly what is missing, and what to do. */
export function deliveryRefusal(
  blockers: readonly DeliveryBlocker[],
  money: { dues: readonly Due[]; paidFen: number; dueFen: number },
): string {
  const parts = blockers.map((b) => {
    switch (b.code) {
      case "no_vehicle":
        return "no vehicle is allocated to the contract — allocate a stock vehicle first";
      case "unpaid_balance": {
        const open = b.amountFen ?? money.dueFen - money.paidFen;
        const due = firstOpenDue(money.dues, money.paidFen);
        const when = due ? ` (${due.kind} due ${due.dueDate})` : "";
        return `the contract has ¥${formatYuan(open)} unpaid${when} — record the payment, have finance confirm it, or get the loan approved`;
      }
      case "no_invoice":
        return "no invoice number is recorded — the sales admin records the invoice";
      case "no_stock_release":
        return "the stock release (出库) is not recorded — the sales admin records it with the invoice";
      default:
        return b.message.replace(/\.$/, "").toLowerCase();
    }
  });
  return `Delivery refused: ${parts.join("; ")}.`;
}

// ---------- the post-delivery call (交车三天内回访) ----------

export const POST_DELIVERY_CALL_DAYS = 3;

/** The call is due 3 days (72 hours) after the handover. */
export function postDeliveryCallDue(deliveredAt: string): string {
  return new Date(Date.parse(deliveredAt) + POST_DELIVERY_CALL_DAYS * 86_400_000).toISOString();
}

export const POST_DELIVERY_CALL_OUTCOMES = ["satisfied", "neutral", "unsatisfied"] as const;
export type PostDeliveryCallOutcome = (typeof POST_DELIVERY_CALL_OUTCOMES)[number];

export const postDeliveryCallSchema = z
  .object({
    outcome: z.enum(POST_DELIVERY_CALL_OUTCOMES, {
      error: `Outcome must be one of: ${POST_DELIVERY_CALL_OUTCOMES.join(", ")}.`,
    }),
    note: optionalText(500, "Note"),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.outcome === "unsatisfied" && !f.note)
      ctx.addIssue({ code: "custom", path: ["note"], message: "Write down what the customer is unhappy about." });
  })
  .meta({ id: "PostDeliveryCall" });

/** The period of the completion-rate view: deliveries made from `from` to `to` (store-local days, inclusive). */
export const callRateQuerySchema = z
  .object({ from: dateSchema.optional(), to: dateSchema.optional() })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end of the period is before its start." });
    if (q.from && q.to && addDays(q.from, 366) < q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "A period is at most one year." });
  });

/** What the completion rate reads of a call. */
export interface CallLike {
  ownerId: string;
  ownerName: string;
  dueAt: string;
  status: "open" | "done" | "cancelled";
  doneAt?: string;
}

export interface CallFigures {
  /** deliveries in the period (= calls: one per delivery) */
  deliveries: number;
  /** calls made by their due time */
  inTime: number;
  /** calls made after their due time */
  late: number;
  /** calls not made yet, due time not passed */
  open: number;
  /** calls not made, due time passed */
  overdue: number;
  /** calls made within 3 days / deliveries, in whole percent; null without deliveries */
  rate: number | null;
}

export function callFigures(calls: readonly CallLike[], now: Date): CallFigures {
  const at = now.toISOString();
  const live = calls.filter((c) => c.status !== "cancelled");
  const inTime = live.filter((c) => c.status === "done" && c.doneAt && c.doneAt <= c.dueAt).length;
  const late = live.filter((c) => c.status === "done" && !(c.doneAt && c.doneAt <= c.dueAt)).length;
  const open = live.filter((c) => c.status === "open" && c.dueAt >= at).length;
  const overdue = live.filter((c) => c.status === "open" && c.dueAt < at).length;
  return {
    deliveries: live.length,
    inTime,
    late,
    open,
    overdue,
    rate: live.length ? Math.round((inTime / live.length) * 100) : null,
  };
}

/** The store's figures and each consultant's (lowest rate first). */
export function callCompletion(
  calls: readonly CallLike[],
  now: Date,
): { store: CallFigures; consultants: (CallFigures & { ownerId: string; ownerName: string })[] } {
  const owners = new Map<string, string>();
  for (const c of calls) owners.set(c.ownerId, c.ownerName);
  return {
    store: callFigures(calls, now),
    consultants: [...owners.entries()]
      .map(([ownerId, ownerName]) => ({
        ownerId,
        ownerName,
        ...callFigures(
          calls.filter((c) => c.ownerId === ownerId),
          now,
        ),
      }))
      .sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101) || a.ownerName.localeCompare(b.ownerName, "zh-CN")),
  };
}

// ---------- dunning (催款): before the due date twice a week, after it every day, escalate when ignored ----------

/** Store-local weekdays of the reminders before the due date: Monday and Thursday. */
export const DUNNING_WEEKDAYS: readonly number[] = [1, 4];

/** The weekday of a calendar date (0 = Sunday … 6 = Saturday); a date has one weekday in every zone. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The store-local day of an instant: what the dunning rule reads of the clock. */
export function storeDay(now: Date, timeZone: string): { today: string; weekday: number } {
  const today = localDate(now, timeZone);
  return { today, weekday: weekdayOf(today) };
}

/** The dunning state kept on a contract. */
export interface DunningState {
  /** the store-local date of the last reminder */
  lastRemindedOn?: string;
  /** every reminder sent */
  reminders: number;
  /** reminders since the last payment */
  ignored: number;
  /** set when the reminders were escalated to the sales manager (cleared by a payment) */
  escalatedAt?: string;
  /** what had been paid at the last reminder: more paid since = a payment came, the count starts again */
  paidFen?: number;
}

/** The state as of now: a payment since the last reminder resets `ignored` and the escalation. */
export function currentDunning(d: DunningState | undefined, paidFen: number): DunningState {
  const s: DunningState = d ?? { reminders: 0, ignored: 0 };
  if (s.paidFen !== undefined && paidFen > s.paidFen) {
    const { escalatedAt: _gone, ...rest } = s;
    return { ...rest, ignored: 0 };
  }
  return s;
}

export interface DunningInput {
  /** the store-local due date of the first open due */
  dueDate: string;
  /** the store-local date of the run */
  today: string;
  /** its weekday (0 = Sunday); see weekdayOf / storeDay */
  weekday: number;
  lastRemindedOn?: string;
  /** reminders since the last payment, before this one */
  ignored: number;
  escalatedAt?: string;
  /** the tenant's deal setting dunningEscalateAfter (N) */
  escalateAfter: number;
}

export type DunningPhase = "before_due" | "overdue";
export type DunningAction =
  | { action: "none" }
  | { action: "remind"; phase: DunningPhase }
  | { action: "remind_escalate"; phase: DunningPhase };

/**
 * What the daily dunning run does for one contract today. Before the due date: a
 * reminder on Mondays and Thursdays (store-local); from the due date on: every
 * day. Once per day (a second run the same day does nothing). When N reminders
 * went unanswered by a payment, the next reminder also escalates to the sales
 * manager — once, until a payment starts the count again.
 */
export function dunningAction(i: DunningInput): DunningAction {
  if (i.lastRemindedOn && i.lastRemindedOn >= i.today) return { action: "none" };
  const phase: DunningPhase = i.today < i.dueDate ? "before_due" : "overdue";
  if (phase === "before_due" && !DUNNING_WEEKDAYS.includes(i.weekday)) return { action: "none" };
  if (!i.escalatedAt && i.ignored >= i.escalateAfter) return { action: "remind_escalate", phase };
  return { action: "remind", phase };
}

/** The state after today's reminder (from currentDunning's state). */
export function dunningAfterReminder(
  s: DunningState,
  today: string,
  paidFen: number,
  escalatedAt?: string,
): DunningState {
  return {
    lastRemindedOn: today,
    reminders: s.reminders + 1,
    ignored: s.ignored + 1,
    paidFen,
    ...((escalatedAt ?? s.escalatedAt) ? { escalatedAt: escalatedAt ?? s.escalatedAt } : {}),
  };
}

/** A dunning task done by its owner: the customer was reminded (how it went, optionally). */
export const dunningTaskDoneSchema = z
  .object({ note: optionalText(300, "Note") })
  .strict()
  .meta({ id: "DunningTaskDone" });

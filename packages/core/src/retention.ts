/**
 * Customer retention (rule 22): the dates on which a customer's owner is
 * reminded — loan or lease end, insurance renewal, next maintenance due and the
 * birthday. Pure functions over store-local calendar dates (YYYY-MM-DD); the
 * retention job turns due occurrences into tasks and keeps every customer's
 * next reminder date in an index, so a day's run reads only the customers due.
 *
 * Holidays (春节, 中秋) are not per customer: they are greeted per owner
 * (see the retention job).
 */
import { z } from "zod";
import { optionalText } from "./schemas.ts";
import { addDays } from "./time.ts";

export const RETENTION_OCCASIONS = ["loan_end", "insurance", "maintenance", "birthday"] as const;
export type RetentionOccasion = (typeof RETENTION_OCCASIONS)[number];

/** How many days before the event its reminder becomes due. */
export const RETENTION_LEAD_DAYS: Record<RetentionOccasion, number> = {
  loan_end: 30,
  insurance: 30,
  maintenance: 7,
  birthday: 0,
};

/** The standard maintenance interval: whichever comes first. */
export const MAINTENANCE_INTERVAL = { months: 6, km: 10_000 } as const;

/** What retention needs to know of one of the customer's vehicles (all dates store-local). */
export interface RetentionVehicle {
  vin: string;
  /** the handover date when bought here */
  purchasedOn?: string;
  /** the last instalment of the loan or the end of the lease */
  loanEndsOn?: string;
  /** the next insurance renewal (renewed yearly on that day) */
  insuranceRenewsOn?: string;
  lastServiceOn?: string;
  lastServiceKm?: number;
  /** the latest known odometer reading and its date */
  mileageKm?: number;
  mileageOn?: string;
}

export interface RetentionInput {
  /** MM-DD */
  birthday?: string;
  vehicles: readonly RetentionVehicle[];
}

export interface RetentionOccurrence {
  occasion: RetentionOccasion;
  /** the vehicle it concerns (none for the birthday) */
  vin?: string;
  /** the event's date */
  on: string;
  /** when the reminder is due (on − lead days) */
  remindOn: string;
  /** unique per customer, occasion and occurrence: the idempotency key of its task */
  key: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** date + n months; the day is clamped to the month's end (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${year}-${pad2(month)}-${pad2(Math.min(d, daysInMonth(year, month)))}`;
}

/** The date of MM-DD in a year (29 February → 28 February in other years). */
export function dateInYear(mmdd: string, year: number): string {
  const [m, d] = mmdd.split("-").map(Number) as [number, number];
  return `${year}-${pad2(m)}-${pad2(Math.min(d, daysInMonth(year, m)))}`;
}

function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * When the next maintenance is due: six months after the last service (or the
 * handover), or earlier when the car's average daily distance reaches 10,000 km
 * since the last service first. Undefined without any date to start from.
 */
export function nextMaintenanceOn(v: RetentionVehicle): string | undefined {
  const base = v.lastServiceOn ?? v.purchasedOn;
  if (!base) return undefined;
  const byTime = addMonths(base, MAINTENANCE_INTERVAL.months);
  // the odometer at the base: the last service's reading, or 0 for a car bought new here;
  // a service without a reading gives no base, so only the time rule applies
  const baseKm = v.lastServiceOn ? v.lastServiceKm : 0;
  if (baseKm === undefined || v.mileageKm === undefined || !v.mileageOn) return byTime;
  const days = dayDiff(base, v.mileageOn);
  const driven = v.mileageKm - baseKm;
  if (days <= 0 || driven <= 0) return byTime;
  const perDay = driven / days;
  const byKm = addDays(base, Math.max(0, Math.ceil(MAINTENANCE_INTERVAL.km / perDay)));
  // ISO dates compare as text
  return [byKm, byTime].sort()[0];
}

function occurrence(occasion: RetentionOccasion, on: string, vin?: string): RetentionOccurrence {
  return {
    occasion,
    ...(vin ? { vin } : {}),
    on,
    remindOn: addDays(on, -RETENTION_LEAD_DAYS[occasion]),
    key: `${occasion}#${vin ?? "-"}#${on}`,
  };
}

/**
 * Each occasion's relevant occurrence seen from `today`.
 * - `open` (the default): the next event not yet past (its reminder may already be due);
 *   maintenance stays until a service moves it, even when overdue.
 * - `after`: only reminders strictly after today — yearly events whose window is
 *   already open move to next year, one-off ones drop out.
 */
export function retentionOccurrences(
  c: RetentionInput,
  today: string,
  mode: "open" | "after" = "open",
): RetentionOccurrence[] {
  const out: RetentionOccurrence[] = [];
  const keep = (o: RetentionOccurrence) => (mode === "after" ? o.remindOn > today : o.on >= today);
  const yearly = (occasion: RetentionOccasion, mmdd: string, notBefore: string | undefined, vin?: string) => {
    const year = Number(today.slice(0, 4));
    for (let y = year; y <= year + 2; y++) {
      const o = occurrence(occasion, dateInYear(mmdd, y), vin);
      if (notBefore && o.on < notBefore) continue;
      if (keep(o)) return o;
    }
    return undefined;
  };
  if (c.birthday) {
    const o = yearly("birthday", c.birthday, undefined);
    if (o) out.push(o);
  }
  for (const v of c.vehicles) {
    if (v.loanEndsOn) {
      const o = occurrence("loan_end", v.loanEndsOn, v.vin);
      if (keep(o)) out.push(o);
    }
    if (v.insuranceRenewsOn) {
      const o = yearly("insurance", v.insuranceRenewsOn.slice(5), v.insuranceRenewsOn, v.vin);
      if (o) out.push(o);
    }
    const m = nextMaintenanceOn(v);
    if (m) {
      const o = occurrence("maintenance", m, v.vin);
      if (mode === "open" || o.remindOn > today) out.push(o);
    }
  }
  return out.sort((a, b) => (a.remindOn < b.remindOn ? -1 : a.remindOn > b.remindOn ? 1 : 0));
}

/** The reminders due on `today` (their window is open); the job writes one task per key, once. */
export function dueRetention(c: RetentionInput, today: string): RetentionOccurrence[] {
  return retentionOccurrences(c, today, "open").filter((o) => o.remindOn <= today);
}

/**
 * The customer's retention index date when the customer is written: the earliest
 * reminder whose event is still ahead — may be today or earlier, so the next run
 * of the job picks the customer up (its tasks are idempotent).
 */
export function retentionIndexOn(c: RetentionInput, today: string): string | undefined {
  return retentionOccurrences(c, today, "open")[0]?.remindOn;
}

/** The index date after the job handled `today`: the first reminder strictly after it. */
export function nextRetentionOn(c: RetentionInput, today: string): string | undefined {
  return retentionOccurrences(c, today, "after")[0]?.remindOn;
}

/** Ticking a customer task (no-show follow-up, service call, retention reminder, invitation) done. */
export const customerTaskDoneSchema = z.strictObject({
  outcome: optionalText(500, "The outcome"),
});

/**
 * The weekly duty roster (排班) and door coverage (brief rule 3: 保证门口随时站有两名销售顾问).
 * Pure: ISO weeks, shifts in store-local wall-clock time, the roster input
 * schemas, and the coverage rule that flags every opening hour with fewer
 * consultants at the door than the tenant's door minimum.
 */
import { z } from "zod";
import { ulidSchema } from "./schemas.ts";
import { addDays, isValidDate, localDate } from "./time.ts";

/** Roster days, Monday first (ISO weeks start on Monday). */
export const ROSTER_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type RosterDay = (typeof ROSTER_DAYS)[number];
const DAY_NAMES: Record<RosterDay, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export interface RosterShift {
  /** store-local wall-clock time, HH:mm */
  start: string;
  end: string;
}
export type RosterDays = Partial<Record<RosterDay, RosterShift[]>>;

export interface RosterLine {
  userId: string;
  name: string;
  days: RosterDays;
}

export const MAX_SHIFTS_PER_DAY = 3;

// ---------------------------------------------------------------- weeks

/** Day of week of a calendar date: 0 = Sunday … 6 = Saturday (as the store's closedWeekdays). */
export function weekdayOfDate(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The Monday of the ISO week that contains a date. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekdayOfDate(date) + 6) % 7));
}

/** The ISO week (YYYY-Www) of a date: the week belongs to the year of its Thursday. */
export function isoWeekOf(date: string): string {
  const thursday = addDays(mondayOf(date), 3);
  const year = thursday.slice(0, 4);
  const dayOfYear = Math.round(
    (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86400000,
  );
  return `${year}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, "0")}`;
}

/** The Monday of an ISO week (YYYY-Www), or null when the week does not exist (e.g. 2026-W53). */
export function mondayOfIsoWeek(week: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const monday = addDays(mondayOf(`${m[1]}-01-04`), (n - 1) * 7);
  return isoWeekOf(monday) === week ? monday : null;
}

/** The 7 dates of the week starting on a Monday. */
export function weekDates(monday: string): string[] {
  return ROSTER_DAYS.map((_, i) => addDays(monday, i));
}

/** The roster day (mon…sun) of a date. */
export function rosterDayOf(date: string): RosterDay {
  return ROSTER_DAYS[(weekdayOfDate(date) + 6) % 7]!;
}

/** The store-local week (its Monday) an instant falls in. */
export function currentWeekStart(now: Date, timeZone: string): string {
  return mondayOf(localDate(now, timeZone));
}

/** `?week=` accepts an ISO week (2026-W48) or the date of its Monday (2026-11-23). */
export const weekParamSchema = z
  .string({ error: "week must be text." })
  .trim()
  .transform((v, ctx) => {
    const monday = /^\d{4}-W\d{2}$/.test(v) ? mondayOfIsoWeek(v) : isValidDate(v) && weekdayOfDate(v) === 1 ? v : null;
    if (!monday) {
      ctx.addIssue({
        code: "custom",
        message: "Use a week like 2026-W48 or the date of its Monday (2026-11-23).",
      });
      return z.NEVER;
    }
    return monday;
  });

export const rosterQuerySchema = z.object({ week: weekParamSchema.optional() });

// ---------------------------------------------------------------- shifts

const hhmm = z.string({ error: "Use a time like 08:30." }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 08:30.");

/** Minutes since local midnight of HH:mm. */
export function minutesOfClock(hhmmText: string): number {
  const [h, m] = hhmmText.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

export function clockOfMinutes(minutes: number): string {
  const m = Math.max(0, Math.min(24 * 60, Math.round(minutes)));
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

export const rosterShiftSchema = z
  .object({ start: hhmm, end: hhmm })
  .strict()
  .refine((s) => s.start < s.end, { message: "A shift must end after it starts.", path: ["end"] });

const dayShiftsSchema = (day: RosterDay) =>
  z
    .array(rosterShiftSchema, { error: `Shifts of ${DAY_NAMES[day]} must be a list.` })
    .max(MAX_SHIFTS_PER_DAY, `At most ${MAX_SHIFTS_PER_DAY} shifts on ${DAY_NAMES[day]}.`)
    .superRefine((shifts, ctx) => {
      const sorted = [...shifts].sort((a, b) => a.start.localeCompare(b.start));
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i]!.start < sorted[i - 1]!.end) {
          ctx.addIssue({ code: "custom", message: `Shifts overlap on ${DAY_NAMES[day]}.` });
          return;
        }
      }
    })
    .transform((shifts) => [...shifts].sort((a, b) => a.start.localeCompare(b.start)));

export const rosterDaysSchema = z
  .object(
    Object.fromEntries(ROSTER_DAYS.map((d) => [d, dayShiftsSchema(d).optional()])) as {
      [K in RosterDay]: z.ZodOptional<ReturnType<typeof dayShiftsSchema>>;
    },
    { error: "days must be an object with mon … sun." },
  )
  .strict();

export const rosterSchema = z
  .object({
    version: z
      .number({ error: "version is required (0 for a week without a roster)." })
      .int("version must be a whole number.")
      .min(0, "version cannot be negative."),
    consultants: z
      .array(z.object({ userId: ulidSchema, days: rosterDaysSchema }).strict(), {
        error: "consultants must be a list.",
      })
      .max(100, "At most 100 consultants in a roster."),
  })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.consultants.forEach((c, i) => {
      if (seen.has(c.userId))
        ctx.addIssue({
          code: "custom",
          message: "Each consultant appears once in a roster.",
          path: ["consultants", i, "userId"],
        });
      seen.add(c.userId);
    });
  })
  .meta({ id: "RosterInput" });

export const rosterCopySchema = z
  .object({
    version: z
      .number({ error: "version is required (0 for a week without a roster)." })
      .int("version must be a whole number.")
      .min(0, "version cannot be negative."),
  })
  .strict()
  .meta({ id: "RosterCopyInput" });

export type RosterInput = z.infer<typeof rosterSchema>;

/** Number of shifts in a line (0 = not rostered that week). */
export function rosterShiftCount(days: RosterDays): number {
  return ROSTER_DAYS.reduce((n, d) => n + (days[d]?.length ?? 0), 0);
}

/** "08:30-17:30, 19:00-21:00" (what a roster cell shows and a web form sends). */
export function formatShifts(shifts: readonly RosterShift[] | undefined): string {
  return (shifts ?? []).map((s) => `${s.start}-${s.end}`).join(", ");
}

/**
 * Parse a roster cell typed on a phone: "8:30-17:30", "08:30–17:30, 19:00-21:00",
 * full-width "０８：３０－１７：３０", "休" / "off" / empty = day off.
 * Returns the shifts, or an error message (English; the UI translates it).
 */
export function parseShiftText(text: string): { shifts: RosterShift[] } | { error: string } {
  const normal = text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[：]/g, ":")
    .replace(/[–—－~～至到]/g, "-")
    .replace(/[，、；;]/g, ",")
    .replace(/\s*-\s*/g, "-")
    .trim();
  if (normal === "" || /^(off|休|休息|-)$/i.test(normal)) return { shifts: [] };
  const shifts: RosterShift[] = [];
  for (const part of normal.split(/[,\s]+/)) {
    const m = /^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$/.exec(part.trim());
    if (!m) return { error: "Write shifts like 08:30-17:30, or leave empty for a day off." };
    const start = `${m[1]!.padStart(2, "0")}:${m[2] ?? "00"}`;
    const end = `${m[3]!.padStart(2, "0")}:${m[4] ?? "00"}`;
    shifts.push({ start, end });
  }
  return { shifts };
}

// ---------------------------------------------------------------- coverage

export interface RosterOpeningHours {
  open: string;
  close: string;
  /** 0 = Sunday … 6 = Saturday */
  closedWeekdays: number[];
}

/** A consultant not at the door for part of a day (out of office, signed out), store-local minutes. */
export interface DoorAbsence {
  userId: string;
  date: string;
  from: number;
  to: number;
}

export interface DoorSlot {
  start: string;
  end: string;
  /** the fewest consultants at the door at any moment of the slot */
  count: number;
  /** consultants at the door for the whole slot */
  names: string[];
  gap: boolean;
}

export interface DoorDay {
  date: string;
  day: RosterDay;
  closed: boolean;
  slots: DoorSlot[];
}

export interface DoorGap {
  date: string;
  day: RosterDay;
  start: string;
  end: string;
  count: number;
  needed: number;
}

export interface DoorCoverage {
  weekStart: string;
  doorMinimum: number;
  days: DoorDay[];
  gaps: DoorGap[];
}

type Interval = [number, number];

/** Intervals minus the absences (all in minutes of one day). */
function subtract(intervals: Interval[], cuts: Interval[]): Interval[] {
  let out = intervals;
  for (const [cf, ct] of cuts) {
    out = out.flatMap(([f, t]): Interval[] => {
      if (ct <= f || cf >= t) return [[f, t]];
      const parts: Interval[] = [];
      if (cf > f) parts.push([f, cf]);
      if (ct < t) parts.push([ct, t]);
      return parts;
    });
  }
  return out;
}

/**
 * Door coverage of a week: each opening hour of each open day (the last one
 * shorter if the store closes on a half hour) gets the lowest number of
 * rostered consultants at the door at any moment of it — a consultant whose
 * shift ends at 17:30 does not cover 17:00–18:00 — minus absences. Every slot
 * below the door minimum is a gap.
 */
export function computeDoorCoverage(args: {
  weekStart: string;
  openingHours: RosterOpeningHours;
  doorMinimum: number;
  roster: readonly Pick<RosterLine, "userId" | "name" | "days">[];
  absences?: readonly DoorAbsence[];
}): DoorCoverage {
  const open = minutesOfClock(args.openingHours.open);
  const close = minutesOfClock(args.openingHours.close);
  const days: DoorDay[] = [];
  const gaps: DoorGap[] = [];
  weekDates(args.weekStart).forEach((date, i) => {
    const day = ROSTER_DAYS[i]!;
    const closed = args.openingHours.closedWeekdays.includes(weekdayOfDate(date)) || open >= close;
    if (closed) {
      days.push({ date, day, closed: true, slots: [] });
      return;
    }
    const people = args.roster.map((line) => {
      const worked: Interval[] = (line.days[day] ?? []).map((s) => [minutesOfClock(s.start), minutesOfClock(s.end)]);
      const away: Interval[] = (args.absences ?? [])
        .filter((a) => a.userId === line.userId && a.date === date)
        .map((a) => [a.from, a.to]);
      return { name: line.name, at: subtract(worked, away) };
    });
    const slots: DoorSlot[] = [];
    for (let s = open; s < close; s += 60) {
      const e = Math.min(s + 60, close);
      // split the slot where anyone arrives or leaves; the slot's count is its weakest piece
      const cuts = new Set<number>([s, e]);
      for (const p of people)
        for (const [f, t] of p.at) {
          if (f > s && f < e) cuts.add(f);
          if (t > s && t < e) cuts.add(t);
        }
      const points = [...cuts].sort((a, b) => a - b);
      let count = Number.POSITIVE_INFINITY;
      for (let k = 0; k + 1 < points.length; k++) {
        const [a, b] = [points[k]!, points[k + 1]!];
        count = Math.min(count, people.filter((p) => p.at.some(([f, t]) => f <= a && t >= b)).length);
      }
      const names = people.filter((p) => p.at.some(([f, t]) => f <= s && t >= e)).map((p) => p.name);
      const slot: DoorSlot = {
        start: clockOfMinutes(s),
        end: clockOfMinutes(e),
        count,
        names,
        gap: count < args.doorMinimum,
      };
      slots.push(slot);
      if (slot.gap) gaps.push({ date, day, start: slot.start, end: slot.end, count, needed: args.doorMinimum });
    }
    days.push({ date, day, closed: false, slots });
  });
  return { weekStart: args.weekStart, doorMinimum: args.doorMinimum, days, gaps };
}

/**
 * Service appointments levelled to workshop capacity (售后预约 · 来车的平均化).
 * A store's workshop works in hour slots; an hour slot holds min(bays,
 * technicians) cars. A job of N hours takes one place in each of N consecutive
 * slots. The booking screen shows the free places per slot and suggests the
 * least-loaded starts, so the workshop is not swamped at 9:00 and idle at 15:00.
 * Pure rules and schemas; no database.
 */
import { z } from "zod";
import { dateSchema, optionalText, requiredText, ulidSchema } from "./schemas.ts";
import { isValidDate } from "./time.ts";

export const APPOINTMENT_STATUSES = ["expected", "arrived", "no_show", "cancelled"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface ServiceType {
  /** a short code, e.g. maintenance */
  code: string;
  name: string;
  nameZh: string;
  /** standard duration in whole hours (the slots it takes) */
  hours: number;
}

export interface WorkshopHours {
  /** whole hours, HH:00 */
  open: string;
  close: string;
}

export interface ServiceSettings {
  /** opening hours per weekday, Monday first (index 0) … Sunday (6); null = closed that weekday */
  weekHours: (WorkshopHours | null)[];
  bays: number;
  technicians: number;
  /** dates the workshop is closed (holidays) */
  closedDates: string[];
  serviceTypes: ServiceType[];
}

export const DEFAULT_SERVICE_TYPES: ServiceType[] = [
  { code: "maintenance", name: "Maintenance", nameZh: "保养", hours: 1 },
  { code: "repair", name: "Repair", nameZh: "维修", hours: 2 },
  { code: "warranty", name: "Warranty", nameZh: "保修", hours: 2 },
  { code: "bodywork", name: "Bodywork and paint", nameZh: "钣金喷漆", hours: 4 },
  { code: "pdi", name: "PDI", nameZh: "新车检查", hours: 1 },
];

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  weekHours: [
    { open: "08:00", close: "18:00" },
    { open: "08:00", close: "18:00" },
    { open: "08:00", close: "18:00" },
    { open: "08:00", close: "18:00" },
    { open: "08:00", close: "18:00" },
    { open: "08:00", close: "18:00" },
    { open: "09:00", close: "17:00" },
  ],
  bays: 6,
  technicians: 5,
  closedDates: [],
  serviceTypes: DEFAULT_SERVICE_TYPES,
};

// ---------- schemas ----------

const wholeHour = z.string().regex(/^([01]\d|2[0-3]):00$/, "Use a whole hour like 08:00.");
const closeHour = z.string().regex(/^(([01]\d|2[0-3]):00|24:00)$/, "Use a whole hour like 18:00.");

const workshopHoursSchema = z
  .strictObject({ open: wholeHour, close: closeHour })
  .refine((h) => h.open < h.close, { message: "Closing time must be after opening time.", path: ["close"] });

export const serviceTypeSchema = z.strictObject({
  code: z
    .string({ error: "Code must be text." })
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,23}$/, "Use a short code of lower-case letters, digits and _ (e.g. tyres)."),
  name: requiredText(40, "Name"),
  nameZh: requiredText(40, "Chinese name"),
  hours: z
    .number({ error: "Hours must be a number." })
    .int("Hours must be a whole number.")
    .min(1, "A service takes at least 1 hour.")
    .max(8, "A service takes at most 8 hours (one working day)."),
});

export const serviceSettingsSchema = z
  .strictObject({
    version: z.number({ error: "version is required." }).int().min(0),
    weekHours: z
      .array(workshopHoursSchema.nullable(), { error: "weekHours must list the 7 weekdays." })
      .length(7, "weekHours must list the 7 weekdays, Monday first."),
    bays: z
      .number({ error: "Bays must be a number." })
      .int("Bays must be a whole number.")
      .min(1, "At least 1 bay.")
      .max(99, "At most 99 bays."),
    technicians: z
      .number({ error: "Technicians must be a number." })
      .int("Technicians must be a whole number.")
      .min(1, "At least 1 technician.")
      .max(199, "At most 199 technicians."),
    closedDates: z.array(dateSchema).max(100, "At most 100 closed dates."),
    serviceTypes: z
      .array(serviceTypeSchema)
      .min(1, "Keep at least one service type.")
      .max(12, "At most 12 service types."),
  })
  .refine((s) => new Set(s.serviceTypes.map((t) => t.code)).size === s.serviceTypes.length, {
    message: "Each service type needs its own code.",
    path: ["serviceTypes"],
  });

export const serviceSlotsQuerySchema = z.strictObject({
  /** default: the store's today */
  date: dateSchema.optional(),
  serviceType: z.string().max(24).optional(),
});

export const serviceArrivalsQuerySchema = z.strictObject({ date: dateSchema.optional() });

export const serviceAppointmentSchema = z.strictObject({
  customerId: ulidSchema,
  vin: z
    .string({ error: "VIN must be text." })
    .trim()
    .toUpperCase()
    .min(1, "Choose the customer's vehicle.")
    .max(17, "A VIN has 17 characters."),
  serviceType: z.string({ error: "Choose a service type." }).trim().min(1, "Choose a service type.").max(24),
  date: dateSchema,
  time: wholeHour,
  advisorId: ulidSchema.optional(),
  concern: optionalText(500, "Concern"),
});

export const serviceAppointmentActionSchema = z.strictObject({
  reason: optionalText(200, "Reason"),
});

// ---------- levelling ----------

/** Monday 0 … Sunday 6 of a calendar date. */
export function weekdayIndex(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (d + 6) % 7;
}

/** Cars one hour slot holds: each car needs a bay and a technician. */
export function slotCapacity(s: Pick<ServiceSettings, "bays" | "technicians">): number {
  return Math.max(0, Math.min(s.bays, s.technicians));
}

/** Why the workshop is closed on a date, or undefined when it is open. */
export function closedReason(s: ServiceSettings, date: string): "closed_date" | "closed_weekday" | undefined {
  if (s.closedDates.includes(date)) return "closed_date";
  if (!s.weekHours[weekdayIndex(date)]) return "closed_weekday";
  return undefined;
}

/** The hour slots ("08", "09" … ) of a date; none when closed. */
export function workshopHours(s: ServiceSettings, date: string): string[] {
  if (!isValidDate(date) || closedReason(s, date)) return [];
  const h = s.weekHours[weekdayIndex(date)]!;
  const from = Number(h.open.slice(0, 2));
  const to = Number(h.close.slice(0, 2));
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(String(i).padStart(2, "0"));
  return out;
}

/** The hour slots a job starting at `time` (HH:00) takes. */
export function hoursCovered(time: string, durationHours: number): string[] {
  const from = Number(time.slice(0, 2));
  return Array.from({ length: durationHours }, (_, i) => String(from + i).padStart(2, "0"));
}

export interface SlotLoad {
  hour: string;
  time: string;
  capacity: number;
  used: number;
  free: number;
}

/** Capacity, used and free places of each hour slot of a date (`used` by hour "HH"). */
export function dayLoad(s: ServiceSettings, date: string, used: Record<string, number>): SlotLoad[] {
  const cap = slotCapacity(s);
  return workshopHours(s, date).map((hour) => {
    const u = used[hour] ?? 0;
    return { hour, time: `${hour}:00`, capacity: cap, used: u, free: Math.max(0, cap - u) };
  });
}

export type FitProblem =
  | { code: "closed"; message: string }
  | { code: "hours"; message: string }
  | { code: "past"; message: string }
  | { code: "full"; hour: string; message: string };

export function fullMessage(hour: string, used: number, capacity: number): string {
  return `The ${hour}:00 slot is full (${used} of ${capacity} cars). Choose another time.`;
}

/**
 * Why a job of `durationHours` cannot start at `time` on `date` (closed day,
 * outside opening hours, past, a full slot), or undefined when it fits.
 * `notBefore` (HH:mm, store-local) refuses starts that have passed today.
 */
export function fitProblem(
  s: ServiceSettings,
  date: string,
  time: string,
  durationHours: number,
  used: Record<string, number>,
  notBefore?: string,
): FitProblem | undefined {
  if (closedReason(s, date)) return { code: "closed", message: `The workshop is closed on ${date}.` };
  const open = workshopHours(s, date);
  const covered = hoursCovered(time, durationHours);
  const h = s.weekHours[weekdayIndex(date)]!;
  if (!open.includes(covered[0]!))
    return {
      code: "hours",
      message: `The workshop is open ${h.open}–${h.close} on ${date}; start within those hours.`,
    };
  if (!open.includes(covered[covered.length - 1]!))
    return {
      code: "hours",
      message: `A ${durationHours}-hour job starting at ${time} runs past closing time (${h.close}).`,
    };
  if (notBefore && time < notBefore) return { code: "past", message: `${time} has already passed today.` };
  const cap = slotCapacity(s);
  for (const hour of covered) {
    const u = used[hour] ?? 0;
    if (u >= cap) return { code: "full", hour, message: fullMessage(hour, u, cap) };
  }
  return undefined;
}

export interface StartOption {
  time: string;
  fits: boolean;
  /** the fullest covered slot after booking, as a share of its capacity (0–1) */
  peak: number;
  /** cars already booked in the covered slots */
  load: number;
}

/** Every start of the day for a job of this length, whether it fits and how loaded it is. */
export function startOptions(
  s: ServiceSettings,
  date: string,
  durationHours: number,
  used: Record<string, number>,
  notBefore?: string,
): StartOption[] {
  const cap = slotCapacity(s);
  const hours = workshopHours(s, date);
  return hours
    .filter((_, i) => i + durationHours <= hours.length)
    .map((hour) => {
      const time = `${hour}:00`;
      const covered = hoursCovered(time, durationHours);
      const load = covered.reduce((n, h) => n + (used[h] ?? 0), 0);
      const peak = cap ? Math.max(...covered.map((h) => ((used[h] ?? 0) + 1) / cap)) : 1;
      return { time, fits: !fitProblem(s, date, time, durationHours, used, notBefore), peak, load };
    });
}

/**
 * The least-loaded starts that fit: lowest peak share first, then fewest cars in
 * the covered slots, then the earlier start.
 */
export function suggestStarts(options: StartOption[], count = 3): string[] {
  return options
    .filter((o) => o.fits)
    .sort((a, b) => a.peak - b.peak || a.load - b.load || a.time.localeCompare(b.time))
    .slice(0, count)
    .map((o) => o.time);
}

export function serviceTypeOf(s: ServiceSettings, code: string | undefined): ServiceType | undefined {
  return s.serviceTypes.find((t) => t.code === code);
}

/** The message the advisor sends the customer (phone / WeChat) to confirm a booking. */
export function confirmationText(a: {
  storeName: string;
  customerName: string;
  vehicleLabel: string;
  date: string;
  time: string;
  serviceNameZh: string;
  advisorName: string;
}): string {
  const [, m, d] = a.date.split("-");
  return `【${a.storeName}】${a.customerName}您好，您的${a.vehicleLabel}已预约${Number(m)}月${Number(d)}日 ${a.time} ${a.serviceNameZh}，服务顾问${a.advisorName}。如需改期请回复或来电。`;
}

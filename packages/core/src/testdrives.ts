/**
 * Test drives (试乘试驾): the fleet, bookings, the 15-minute slot grid that keeps a
 * car from being double-booked, opening-hours checks, the driving licence and
 * the licence photo. Pure rules and schemas; no database.
 */
import { z } from "zod";
import { dateSchema, optionalText, requiredText as text, ulidSchema } from "./schemas.ts";
import { localDate, localTime } from "./time.ts";

/** Bookings lock a car in slots of this many minutes. */
export const SLOT_MINUTES = 15;
const SLOT_MS = SLOT_MINUTES * 60_000;
export const TEST_DRIVE_DURATIONS = [30, 45, 60, 90] as const;
export type TestDriveDuration = (typeof TEST_DRIVE_DURATIONS)[number];
/** How far back a booking may start (a drive logged as it begins), and how far ahead. */
export const BOOKING_GRACE_MINUTES = 15;
export const BOOKING_HORIZON_DAYS = 60;
/** The licence photo: at most 5 MB, JPEG, PNG or WebP (sniffed from the bytes). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export const TEST_DRIVE_STATES = ["booked", "in_progress", "returned", "signed_off", "cancelled"] as const;
export type TestDriveState = (typeof TEST_DRIVE_STATES)[number];
export const TEST_DRIVE_INTEREST = ["ready_to_buy", "more_interested", "unchanged", "less_interested"] as const;
export type TestDriveInterest = (typeof TEST_DRIVE_INTEREST)[number];
export const LICENCE_KINDS = ["cn", "foreign"] as const;

// ---------- slots ----------

/**
 * The slot starts (ISO, UTC) a drive covers: from the slot holding its start up to
 * the slot holding its last minute. Two drives of one car overlap exactly when
 * they share a slot (for starts on the grid; off-grid times are never looser).
 */
export function slotsCovered(startAt: string | Date, durationMinutes: number): string[] {
  const start = typeof startAt === "string" ? new Date(startAt) : startAt;
  if (Number.isNaN(start.getTime()) || !(durationMinutes > 0)) return [];
  const end = start.getTime() + durationMinutes * 60_000;
  const out: string[] = [];
  for (let t = Math.floor(start.getTime() / SLOT_MS) * SLOT_MS; t < end; t += SLOT_MS) {
    out.push(new Date(t).toISOString());
  }
  return out;
}

/** Do two drives overlap in time (half-open intervals)? */
export function overlaps(a: { startAt: string; endAt: string }, b: { startAt: string; endAt: string }): boolean {
  return a.startAt < b.endAt && b.startAt < a.endAt;
}

export function endOf(startAt: string, durationMinutes: number): string {
  return new Date(new Date(startAt).getTime() + durationMinutes * 60_000).toISOString();
}

export function isOnSlotGrid(startAt: string | Date): boolean {
  const t = (typeof startAt === "string" ? new Date(startAt) : startAt).getTime();
  return t % SLOT_MS === 0;
}

export interface OpeningHoursLike {
  open: string;
  close: string;
  closedWeekdays: number[];
}

/**
 * Why a drive cannot happen at this time in this store (or null when it can):
 * on the quarter hour, not long past, not too far ahead, on an open day, and
 * from opening to closing time in the store's own time zone.
 */
export function bookingTimeProblem(
  startAt: string,
  durationMinutes: number,
  store: { timeZone: string; openingHours: OpeningHoursLike },
  now = new Date(),
): { field: "startAt"; message: string } | null {
  const start = new Date(startAt);
  const problem = (message: string) => ({ field: "startAt" as const, message });
  if (!isOnSlotGrid(start)) return problem("Start on the quarter hour (e.g. 10:00, 10:15, 10:30, 10:45).");
  if (start.getTime() < now.getTime() - BOOKING_GRACE_MINUTES * 60_000)
    return problem("The start time has already passed.");
  if (start.getTime() > now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000)
    return problem(`Book at most ${BOOKING_HORIZON_DAYS} days ahead.`);
  const tz = store.timeZone;
  const date = localDate(start, tz);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (store.openingHours.closedWeekdays.includes(weekday)) return problem("The store is closed on that day.");
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  const from = localTime(start, tz);
  const to = localTime(end, tz);
  const { open, close } = store.openingHours;
  // an end on another local day is past closing time whatever the clock says
  if (from < open || localDate(end, tz) !== date || to > close)
    return problem(`A test drive must start and end within opening hours (${open}–${close}).`);
  return null;
}

/** The quarter hours of a local day a drive of this length can start at (for the booking form). */
export function startTimesOfDay(hours: OpeningHoursLike, durationMinutes: number): string[] {
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const out: string[] = [];
  for (let m = toMin(hours.open); m + durationMinutes <= toMin(hours.close); m += SLOT_MINUTES) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
}

// ---------- licence ----------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** A mainland resident ID number (the number on a Chinese driving licence): 18 characters, birth date, checksum. */
export function isValidCnIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const birth = id.slice(6, 14);
  const iso = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  const t = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso || Number(birth.slice(0, 4)) < 1900)
    return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

/** Check a licence: Chinese = the holder's 18-character ID number; foreign = free text up to 30 characters. */
export function licenceProblem(kind: "cn" | "foreign", number: string): string | null {
  if (kind === "cn")
    return isValidCnIdNumber(number)
      ? null
      : "A Chinese driving licence number is the holder's 18-character ID number (17 digits and a digit or X).";
  const n = number.trim();
  if (!n) return "Licence number is required.";
  if (n.length > 30) return "A foreign licence number is at most 30 characters.";
  return null;
}

// ---------- photo ----------

export type ImageType = "image/jpeg" | "image/png" | "image/webp";

/** The image type from the file's first bytes (magic numbers), whatever its name or declared type says. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const b = (i: number) => bytes[i];
  if (bytes.length >= 3 && b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((v, i) => b(i) === v)) return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

export const IMAGE_EXTENSIONS: Record<ImageType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

/** Why a licence photo is refused (422), or null. */
export function photoProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return "Take or choose a photo of the driving licence.";
  if (bytes.length > MAX_PHOTO_BYTES) return "The licence photo is too large (5 MB at most).";
  if (!sniffImage(bytes)) return "The licence photo must be a JPEG, PNG or WebP image.";
  return null;
}

// ---------- fleet ----------

const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const PLATE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$`);

/** A Chinese plate, without separators and in capitals (沪A·12345 → 沪A12345; new energy: 沪AD12345). */
export function normalizePlate(raw: string): string | null {
  const p = raw
    .trim()
    .toUpperCase()
    .replace(/[\s·•.-]/g, "");
  return PLATE.test(p) ? p : null;
}

const VIN_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit (position 9) a VIN must carry (ISO 3779 / GB 16735). */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    sum += (/\d/.test(c) ? Number(c) : (VIN_VALUES[c] ?? 0)) * VIN_WEIGHTS[i]!;
  }
  const r = sum % 11;
  return r === 10 ? "X" : String(r);
}

export function isValidVin(raw: string): boolean {
  const vin = raw.trim().toUpperCase();
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && vinCheckDigit(vin) === vin[8];
}

const plateSchema = z.string({ error: "Plate must be text." }).transform((v, ctx) => {
  const p = normalizePlate(v);
  if (!p) {
    ctx.addIssue({ code: "custom", message: "Enter a Chinese plate like 沪A·12345 (new energy: 沪AD12345)." });
    return z.NEVER;
  }
  return p;
});

const vinSchema = z
  .string({ error: "VIN must be text." })
  .trim()
  .toUpperCase()
  .transform((v, ctx) => {
    if (v === "") return undefined;
    if (!isValidVin(v)) {
      ctx.addIssue({
        code: "custom",
        message: "A VIN has 17 letters and digits (no I, O or Q) and a valid check digit in position 9.",
      });
      return z.NEVER;
    }
    return v;
  });

export const fleetVehicleSchema = z
  .object({
    plate: plateSchema,
    model: text(60, "Model"),
    colour: text(30, "Colour"),
    vin: vinSchema.optional(),
    active: z.boolean({ error: "active must be true or false." }).default(true),
  })
  .strict()
  .meta({ id: "TestDriveVehicleInput" });

export const fleetVehiclePatchSchema = z
  .object({
    version: z.number().int().min(1, "version is required."),
    plate: plateSchema.optional(),
    model: text(60, "Model").optional(),
    colour: text(30, "Colour").optional(),
    vin: vinSchema.optional(),
    active: z.boolean({ error: "active must be true or false." }).optional(),
  })
  .strict()
  .meta({ id: "TestDriveVehiclePatch" });

// ---------- bookings ----------

export const testDriveBookingSchema = z
  .object({
    prospectId: ulidSchema,
    vehicleId: ulidSchema,
    startAt: z.iso.datetime({ offset: true, error: "Start must be a date-time like 2026-11-26T10:00:00+08:00." }),
    durationMinutes: z
      .number({ error: "Duration must be a number of minutes." })
      .refine((d) => (TEST_DRIVE_DURATIONS as readonly number[]).includes(d), {
        message: `Duration must be one of ${TEST_DRIVE_DURATIONS.join(", ")} minutes.`,
      }),
    route: text(80, "Route"),
    routeKm: z
      .number({ error: "Route length must be a number of kilometres." })
      .int("Route length must be whole kilometres.")
      .min(1, "Route length is at least 1 km.")
      .max(300, "Route length is at most 300 km.")
      .optional(),
    note: optionalText(300, "Note"),
  })
  .strict()
  .meta({ id: "TestDriveBooking" });

export const testDriveStartSchema = z
  .object({
    licenceKind: z.enum(LICENCE_KINDS, { error: "Licence must be cn (Chinese) or foreign." }),
    licenceNumber: z.string({ error: "Licence number must be text." }).trim().min(1, "Licence number is required."),
    /** the licence photo, base64 (a data: URL prefix is accepted) */
    photoBase64: z
      .string({ error: "Send the licence photo as base64 text." })
      .min(1, "Take or choose a photo of the driving licence.")
      .max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 1024, "The licence photo is too large (5 MB at most)."),
    waiverSigned: z.literal(true, { error: "The customer must sign the waiver before the drive." }),
  })
  .strict()
  .meta({ id: "TestDriveStart" });

/** The start form's fields when the photo comes as a file upload (the web page). */
export const testDriveStartFieldsSchema = testDriveStartSchema.omit({ photoBase64: true });
export type TestDriveStartFields = z.infer<typeof testDriveStartFieldsSchema>;

export const testDriveReturnSchema = z
  .object({
    rating: z
      .number({ error: "Rating must be a number from 1 to 5." })
      .int("Rating must be a whole number from 1 to 5.")
      .min(1, "Rating must be a number from 1 to 5.")
      .max(5, "Rating must be a number from 1 to 5."),
    interest: z.enum(TEST_DRIVE_INTEREST, {
      error: `Interest must be one of: ${TEST_DRIVE_INTEREST.join(", ")}.`,
    }),
    comments: optionalText(1000, "Comments"),
  })
  .strict()
  .meta({ id: "TestDriveReturn" });

export const testDriveSignOffSchema = z
  .object({ comment: optionalText(300, "Comment") })
  .strict()
  .meta({ id: "TestDriveSignOff" });

export const testDriveCancelSchema = z
  .object({ reason: optionalText(200, "Reason") })
  .strict()
  .meta({ id: "TestDriveCancel" });

/** Query strings: unknown parameters are ignored, not refused. */
export const testDriveListQuerySchema = z.object({ date: dateSchema.optional() });

/** Decode base64 (or a data: URL) into bytes; null when it is not base64 at all. */
export function decodeBase64(text: string): Uint8Array | null {
  const body = text.replace(/^data:[\w/+.-]+;base64,/, "").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body)) return null;
  return new Uint8Array(Buffer.from(body, body.includes("-") || body.includes("_") ? "base64url" : "base64"));
}

export type FleetVehicleInput = z.infer<typeof fleetVehicleSchema>;
export type TestDriveBookingInput = z.infer<typeof testDriveBookingSchema>;

/**
 * After-sales customers (issue 7, H3): the input schemas of the customer
 * service (search, create with a vehicle, add a vehicle, edit basics), licence
 * plates, and what the search box was given (VIN, plate, mobile or name).
 */
import { z } from "zod";
import { normalizeVin } from "./inventory.ts";
import { GENDERS } from "./prospects.ts";
import { dateSchema, mobileSchema, optionalText, requiredText as text } from "./schemas.ts";
import { normalizePlate } from "./testdrives.ts";

/** A mainland licence plate (the test-drive fleet's rule): 沪A·12345 → 沪A12345, new energy 沪AD12345. */
export function isPlate(raw: string): boolean {
  return normalizePlate(raw) !== null;
}

export const customerPlateSchema = z.string({ error: "Plate must be text." }).transform((v, ctx) => {
  const p = normalizePlate(v);
  if (!p) {
    ctx.addIssue({ code: "custom", message: "Enter a plate like 沪A12345 (or 沪AD12345 for a new-energy car)." });
    return z.NEVER;
  }
  return p;
});

/** MM-DD of a real day (29 February allowed). */
export const birthdaySchema = z
  .string({ error: "Birthday must be text." })
  .trim()
  .refine((v) => {
    const m = /^(\d{2})-(\d{2})$/.exec(v);
    if (!m) return false;
    const month = Number(m[1]);
    const day = Number(m[2]);
    return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(2024, month, 0)).getUTCDate();
  }, "Use a birthday like 03-28 (month-day).");

/** What the search box holds decides the index: a VIN or a plate (exact), digits (mobile prefix), else a name prefix. */
export type CustomerQueryKind = "vin" | "plate" | "mobile" | "name" | "none";

export function customerQueryKind(raw: string | undefined): { kind: CustomerQueryKind; value: string } {
  const q = (raw ?? "").trim();
  if (!q) return { kind: "none", value: "" };
  const vin = normalizeVin(q);
  if (vin.length === 17 && /^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && /\d/.test(vin) && /[A-Z]/.test(vin))
    return { kind: "vin", value: vin };
  if (isPlate(q)) return { kind: "plate", value: normalizePlate(q)! };
  const digits = q.replace(/[\s-]/g, "").replace(/^\+86/, "");
  if (/^\d+$/.test(digits)) return { kind: "mobile", value: digits };
  return { kind: "name", value: q };
}

const km = (label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number of km.`)
    .min(0, `${label} cannot be negative.`)
    .max(2_000_000, `${label} must be at most 2,000,000 km.`);

/** A customer's vehicle as the service desk records it (bought elsewhere or here before the system). */
export const customerVehicleSchema = z.strictObject({
  vin: z.string({ error: "VIN must be text." }).trim().min(1, "VIN is required.").max(30, "VIN is too long."),
  plate: customerPlateSchema.optional(),
  brand: text(40, "Brand"),
  modelName: text(60, "Model"),
  trimName: optionalText(60, "Trim"),
  colourName: optionalText(30, "Colour"),
  mileageKm: km("Mileage").optional(),
  purchasedOn: dateSchema.optional(),
  insuranceRenewsOn: dateSchema.optional(),
  loanEndsOn: dateSchema.optional(),
  lastServiceOn: dateSchema.optional(),
});
export type CustomerVehicleInput = z.infer<typeof customerVehicleSchema>;

export const customerCreateSchema = z
  .strictObject({
    name: text(60, "Name"),
    mobile: mobileSchema.optional(),
    birthday: birthdaySchema.optional(),
    gender: z.enum(GENDERS, { error: "Gender must be male, female or unknown." }).optional(),
    note: optionalText(500, "Note"),
    vehicle: customerVehicleSchema,
  })
  .meta({ id: "CustomerInput" });

export const customerVehicleAddSchema = z
  .strictObject({ version: z.number({ error: "version is required." }).int(), vehicle: customerVehicleSchema })
  .meta({ id: "CustomerVehicleInput" });

/** Edit basics; "" clears mobile, birthday or note; a plate names the vehicle (vin) it belongs to. */
export const customerPatchSchema = z
  .strictObject({
    version: z.number({ error: "version is required." }).int(),
    name: text(60, "Name").optional(),
    mobile: z.union([z.literal(""), mobileSchema]).optional(),
    birthday: z.union([z.literal(""), birthdaySchema]).optional(),
    note: z.string({ error: "Note must be text." }).trim().max(500, "Note must be at most 500 characters.").optional(),
    vin: z.string({ error: "VIN must be text." }).trim().max(30).optional(),
    plate: z.union([z.literal(""), customerPlateSchema]).optional(),
  })
  .refine((p) => p.plate === undefined || !!p.vin, {
    message: "Say which vehicle the plate belongs to.",
    path: ["vin"],
  })
  .meta({ id: "CustomerPatch" });

const blank = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());

export const customerListQuerySchema = z.strictObject({
  q: blank(z.string().trim().max(60, "Search must be at most 60 characters.")),
  repeat: blank(z.enum(["1", "true", "0", "false"], { error: "repeat must be 1 or 0." })),
  owner: blank(z.enum(["me", "all"], { error: "owner must be me or all." })),
  cursor: blank(z.string().max(1000, "Not a valid cursor.")),
  limit: blank(
    z.coerce
      .number({ error: "limit must be a number." })
      .int("limit must be a whole number.")
      .min(1, "limit must be at least 1.")
      .max(100, "limit must be at most 100."),
  ),
});

/** zod schemas: one per concept, shared by API handlers, Remix actions and the OpenAPI document. */
import { z } from "zod";
import { ValidationError } from "./errors.ts";
import { normalizeCnMobile } from "./phone.ts";
import { ROLES } from "./roles.ts";
import { isValidDate, isValidTimeZone } from "./time.ts";

/** A required, trimmed text field with a readable length message. */
export const requiredText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);
const text = requiredText;
/** An optional text field: blank becomes undefined. */
export const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .optional()
    .transform((v) => (v === "" ? undefined : v));

export const ulidSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a valid id.");
export const emailSchema = z
  .string({ error: "Email must be text." })
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));
export const passwordSchema = z
  .string({ error: "Password must be text." })
  .min(10, "Password must be at least 10 characters.")
  .max(128, "Password must be at most 128 characters.");
export const dateSchema = z.string().refine(isValidDate, "Use a date like 2026-11-26.");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 09:00.");
export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, "Unknown time zone (use an IANA name like Asia/Shanghai).");
export const mobileSchema = z
  .string({ error: "Mobile must be text." })
  .trim()
  .transform((v, ctx) => {
    const n = normalizeCnMobile(v);
    if (!n) {
      ctx.addIssue({ code: "custom", message: "Enter an 11-digit mainland China mobile number (e.g. 13812345678)." });
      return z.NEVER;
    }
    return n;
  });

export const signupSchema = z
  .object({
    groupName: text(100, "Group name"),
    adminName: text(60, "Your name"),
    email: emailSchema,
    password: passwordSchema,
  })
  .strict()
  .meta({ id: "SignupInput" });

export const loginSchema = z
  .object({ email: emailSchema, password: z.string().min(1, "Password is required.").max(128) })
  .strict()
  .meta({ id: "LoginInput" });

export const openingHoursSchema = z
  .object({ open: hhmm, close: hhmm, closedWeekdays: z.array(z.number().int().min(0).max(6)).max(7).default([]) })
  .strict()
  .refine((h) => h.open < h.close, { message: "Closing time must be after opening time.", path: ["close"] });

export const storeSchema = z
  .object({
    name: text(80, "Store name"),
    city: text(40, "City"),
    timeZone: timeZoneSchema,
    openingHours: openingHoursSchema,
    brands: z
      .array(text(40, "Brand"))
      .min(1, "Add at least one brand the store is franchised for.")
      .max(10, "At most 10 brands."),
  })
  .strict()
  .meta({ id: "StoreInput" });

export const storePatchSchema = storeSchema
  .partial()
  .extend({ version: z.number().int().min(1, "version is required.") })
  .strict()
  .meta({ id: "StorePatch" });

export const roleSchema = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(", ")}.` });

export const invitationSchema = z
  .object({
    email: emailSchema,
    roles: z.array(roleSchema).min(1, "Choose at least one role.").max(ROLES.length),
    storeIds: z.array(ulidSchema).max(50).default([]),
  })
  .strict()
  .meta({ id: "InvitationInput" });

export const acceptInvitationSchema = z
  .object({ name: text(60, "Name"), password: passwordSchema })
  .strict()
  .meta({ id: "AcceptInvitationInput" });

export const dutySchema = z
  .object({ onDuty: z.boolean({ error: "onDuty must be true or false." }) })
  .strict()
  .meta({ id: "DutyInput" });

export const staffPatchSchema = z
  .object({ active: z.boolean({ error: "active must be true or false." }) })
  .strict()
  .meta({ id: "StaffPatch" });

export const WALK_IN_SOURCES = [
  "walk_in",
  "phone",
  "internet",
  "exhibition",
  "outbound",
  "referral",
  "oem_assigned",
  "broker",
] as const;
export type WalkInSource = (typeof WALK_IN_SOURCES)[number];

export const walkInSchema = z
  .object({
    arrivedAt: z.iso
      .datetime({ offset: true, error: "Arrival must be a date-time like 2026-11-26T09:30:00+08:00." })
      .optional(),
    partySize: z
      .number({ error: "Party size must be a number." })
      .int("Party size must be a whole number.")
      .min(1, "Party size is at least 1.")
      .max(30, "Party size is at most 30."),
    visitType: z.enum(["first", "return"], { error: "Visit must be first or return." }),
    source: z.enum(WALK_IN_SOURCES, { error: `Source must be one of: ${WALK_IN_SOURCES.join(", ")}.` }),
    customerName: optionalText(60, "Customer name"),
    mobile: mobileSchema.optional(),
    intendedModel: optionalText(60, "Intended model"),
    note: optionalText(500, "Note"),
  })
  .strict()
  .meta({ id: "WalkInInput" });

export const walkInPatchSchema = z
  .object({
    version: z.number().int().min(1),
    departedAt: z.union([z.literal("now"), z.iso.datetime({ offset: true })]).optional(),
    reassignTo: ulidSchema.optional(),
    reason: optionalText(200, "Reason"),
    customerName: optionalText(60, "Customer name"),
    mobile: mobileSchema.optional(),
    intendedModel: optionalText(60, "Intended model"),
    note: optionalText(500, "Note"),
  })
  .strict()
  .refine((p) => !p.reassignTo || !!p.reason, { message: "Give a reason for the reassignment.", path: ["reason"] })
  .meta({ id: "WalkInPatch" });

/** Query strings: unknown parameters (cache busters, tracking) are ignored, not refused. */
export const walkInListQuerySchema = z.object({ date: dateSchema.optional() });

export type SignupInput = z.infer<typeof signupSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
export type StoreInput = z.infer<typeof storeSchema>;
export type StorePatch = z.infer<typeof storePatchSchema>;
export type InvitationInput = z.infer<typeof invitationSchema>;
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;
export type WalkInInput = z.infer<typeof walkInSchema>;
export type WalkInPatch = z.infer<typeof walkInPatchSchema>;

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Parse or throw a ValidationError with field-by-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ValidationError("Send a JSON object.", { _: "Send a JSON object." });
  }
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    if (fields[key]) continue;
    fields[key] =
      issue.code === "unrecognized_keys"
        ? `Unknown field(s): ${(issue as { keys: string[] }).keys.join(", ")}.`
        : issue.code === "invalid_type" && valueAt(data, issue.path) === undefined
          ? `${key} is required.`
          : issue.message;
  }
  const first = Object.entries(fields)[0];
  throw new ValidationError(
    first
      ? first[0] === "_" || first[1].startsWith(first[0])
        ? first[1]
        : `${first[0]}: ${first[1]}`
      : "Invalid input.",
    fields,
  );
}

/** The record version a change was made against (optimistic locking: a stale one is a 409). */
export const versionSchema = z
  .number({ error: "version must be a number." })
  .int("version must be a whole number.")
  .min(1, "version must be at least 1.");

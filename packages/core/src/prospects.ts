/** The prospect card (潜客卡, PCR): schemas and the rules that do not need a database. */
import { z } from "zod";
import { mobileSchema, optionalText, requiredText as text, ulidSchema, WALK_IN_SOURCES } from "./schemas.ts";

export const GENDERS = ["male", "female", "unknown"] as const;
export const PROSPECT_ORIGINS = ["manual", "walk_in", "call", "lead", "import"] as const;
export const GRADES = ["H", "A", "B", "C", "O", "F"] as const;
export type Grade = (typeof GRADES)[number];

/** A phone in another format (with country code), when the number is not a mainland mobile. */
const otherPhone = z
  .string({ error: "Phone must be text." })
  .trim()
  .regex(/^\+\d[\d\s-]{6,20}$/, "Other phone numbers need a country code, like +852 9123 4567.")
  .optional();

export const prospectSchema = z
  .object({
    name: text(60, "Name"),
    mobile: mobileSchema.optional(),
    phone: otherPhone,
    gender: z.enum(GENDERS, { error: "Gender must be male, female or unknown." }).default("unknown"),
    city: optionalText(40, "City"),
    source: z.enum(WALK_IN_SOURCES, { error: `Source must be one of: ${WALK_IN_SOURCES.join(", ")}.` }),
    subSource: optionalText(60, "Sub-source"),
    intendedModel: optionalText(60, "Intended model"),
    note: optionalText(500, "Note"),
    ownerId: ulidSchema.optional(),
    /** 老客户转介绍 (issue 7): the referring customer's mobile in this store, or the customer's id */
    referrer: optionalText(30, "Referrer"),
  })
  .strict()
  .refine((p) => !!p.mobile || !!p.phone, { message: "Give a mobile or a phone number.", path: ["mobile"] })
  .meta({ id: "ProspectInput" });

export const prospectFromWalkInSchema = z
  .object({
    name: optionalText(60, "Name"),
    mobile: mobileSchema.optional(),
    gender: z.enum(GENDERS, { error: "Gender must be male, female or unknown." }).optional(),
    city: optionalText(40, "City"),
  })
  .strict()
  .meta({ id: "ProspectFromWalkIn" });

export const prospectTransferSchema = z
  .object({
    version: z.number().int().min(1),
    transferTo: ulidSchema,
    reason: text(200, "Reason"),
  })
  .strict()
  .meta({ id: "ProspectTransfer" });

/** prospectListQuerySchema (filters, search, sort, cursor) lives in prospect-list.ts */

export type ProspectInput = z.infer<typeof prospectSchema>;

export const apiKeySchema = z
  .object({ name: text(60, "Key name") })
  .strict()
  .meta({ id: "ApiKeyInput" });

export const CALL_OUTCOMES = ["appointment", "info_given", "no_answer", "invalid"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const callSchema = z
  .object({
    direction: z.enum(["inbound", "outbound"], { error: "Direction must be inbound or outbound." }),
    durationSeconds: z
      .number({ error: "Duration must be a number of seconds." })
      .int("Duration must be whole seconds.")
      .min(0, "Duration cannot be negative.")
      .max(4 * 3600, "Duration is at most 4 hours."),
    outcome: z.enum(CALL_OUTCOMES, { error: `Outcome must be one of: ${CALL_OUTCOMES.join(", ")}.` }),
    note: optionalText(500, "Note"),
  })
  .strict()
  .meta({ id: "CallInput" });

export const LOST_REASONS = [
  "bought_competitor",
  "price",
  "financing_refused",
  "no_contact",
  "changed_plan",
  "other",
] as const;

export const lostRequestSchema = z
  .object({
    version: z.number().int().min(1),
    reason: z.enum(LOST_REASONS, { error: `Reason must be one of: ${LOST_REASONS.join(", ")}.` }),
    note: optionalText(300, "Note"),
  })
  .strict()
  .meta({ id: "LostRequest" });

export const lostDecisionSchema = z
  .object({
    version: z.number().int().min(1),
    approve: z.boolean({ error: "approve must be true or false." }),
    comment: optionalText(300, "Comment"),
  })
  .strict()
  .meta({ id: "LostDecision" });

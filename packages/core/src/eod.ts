/** The supervisor's tick on the end-of-day consistency check (rule 8). */
import { z } from "zod";

export const eodTickSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Date must be YYYY-MM-DD."),
    note: z
      .string({ error: "Note must be text." })
      .trim()
      .max(500, "Note must be at most 500 characters.")
      .transform((v) => (v === "" ? undefined : v))
      .optional(),
  })
  .strict()
  .meta({ id: "EndOfDayTickInput" });

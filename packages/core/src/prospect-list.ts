/**
 * The prospect list's query: filters, search, sort and cursor, validated at the
 * edge. Which index serves a combination is decided in packages/db
 * (prospect-list.ts); the combinations refused here are the ones no single Query
 * can answer in the order asked for.
 */
import { z } from "zod";
import { GRADES } from "./prospects.ts";
import { ulidSchema, WALK_IN_SOURCES } from "./schemas.ts";
import { isValidDate } from "./time.ts";

export const PROSPECT_SORTS = ["newest", "oldest", "due"] as const;
export type ProspectSort = (typeof PROSPECT_SORTS)[number];
export const PROSPECT_STATUSES = ["active", "closed"] as const;
/** grade filter values: a grade, or "none" for cards not graded yet */
export const PROSPECT_GRADE_FILTERS = [...GRADES, "none"] as const;
export type ProspectGradeFilter = (typeof PROSPECT_GRADE_FILTERS)[number];

/** A query-string value left blank (an empty select in a GET form) means "not given". */
const blank = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const day = (label: string) =>
  z.string({ error: `${label} must be a date.` }).refine(isValidDate, "Use a date like 2026-11-26.");

export const prospectListQuerySchema = z
  .object({
    owner: blank(
      z
        .string({ error: "owner must be text." })
        .refine((v) => v === "me" || v === "all" || ulidSchema.safeParse(v).success, {
          message: 'owner must be "me", "all" or a consultant id.',
        }),
    ),
    grade: blank(
      z.enum(PROSPECT_GRADE_FILTERS, { error: `grade must be one of: ${PROSPECT_GRADE_FILTERS.join(", ")}.` }),
    ),
    source: blank(z.enum(WALK_IN_SOURCES, { error: `source must be one of: ${WALK_IN_SOURCES.join(", ")}.` })),
    status: blank(z.enum(PROSPECT_STATUSES, { error: "status must be active or closed." })),
    overdue: blank(
      z
        .enum(["true", "false", "1", "0"], { error: "overdue must be true or false." })
        .transform((v) => v === "true" || v === "1"),
    ),
    from: blank(day("from")),
    to: blank(day("to")),
    q: blank(z.string({ error: "q must be text." }).trim().max(60, "Search text must be at most 60 characters.")),
    sort: blank(z.enum(PROSPECT_SORTS, { error: `sort must be one of: ${PROSPECT_SORTS.join(", ")}.` })),
    cursor: blank(z.string().max(1000, "Not a valid cursor.")),
    limit: blank(
      z.coerce
        .number({ error: "limit must be a number." })
        .int("limit must be a whole number.")
        .min(1, "limit must be at least 1.")
        .max(100, "limit must be at most 100."),
    ),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must be on or after the start date." });
    if (q.q && q.sort)
      ctx.addIssue({
        code: "custom",
        path: ["sort"],
        message: "Search results are listed by name or mobile; leave sort out when searching.",
      });
    if (q.overdue && q.sort && q.sort !== "due")
      ctx.addIssue({
        code: "custom",
        path: ["sort"],
        message: "Overdue cards are listed by due date; use sort=due or leave sort out.",
      });
    if (q.status === "closed" && (q.overdue || q.sort === "due"))
      ctx.addIssue({
        code: "custom",
        path: ["status"],
        message: "Closed cards have no follow-up due; list open cards for overdue or due-date order.",
      });
  })
  .meta({ id: "ProspectListQuery" });

export type ProspectListQuery = z.output<typeof prospectListQuerySchema>;

/**
 * What a search box holds: digits (blanks, dashes and a +86 / 0086 prefix allowed)
 * search mobiles by prefix; anything else searches names by prefix, case-insensitive.
 */
export function prospectSearch(q: string): { kind: "mobile" | "name"; prefix: string } {
  const compact = q.replace(/[\s-]/g, "");
  if (/^(\+86|0086)?\d+$/.test(compact)) {
    const digits = compact.replace(/^(\+86|0086)/, "");
    if (digits) return { kind: "mobile", prefix: digits };
  }
  return { kind: "name", prefix: q.trim().toLowerCase() };
}

/**
 * Reports (rules 15 and 16): the periods a report covers, summing day
 * statistics over a period, and the funnel ratios. Pure functions: the
 * services read the day statistics (one Query per store and period) and hand
 * them here; nothing in this file touches the records themselves.
 */
import { z } from "zod";
import { dateSchema, emailSchema } from "./schemas.ts";
import { addDays } from "./time.ts";

/** The counts a day statistic keeps per store, consultant, source and brand (the db stores them as DayCounts). */
export interface FunnelCounts {
  walkIns: number;
  newProspects: number;
  testDrives: number;
  orders: number;
  orderAmountFen: number;
  deliveries: number;
  appointmentsMade: number;
  appointmentsKept: number;
  appointmentsMissed: number;
  lost: number;
  postCallsDue: number;
  postCallsDone: number;
}

export const COUNT_FIELDS = [
  "walkIns",
  "newProspects",
  "testDrives",
  "orders",
  "orderAmountFen",
  "deliveries",
  "appointmentsMade",
  "appointmentsKept",
  "appointmentsMissed",
  "lost",
  "postCallsDue",
  "postCallsDone",
] as const satisfies readonly (keyof FunnelCounts)[];

export function emptyCounts(): FunnelCounts {
  return Object.fromEntries(COUNT_FIELDS.map((k) => [k, 0])) as unknown as FunnelCounts;
}

/** a + b, field by field (missing fields count as 0, so older items still add up). */
export function addCounts(a: FunnelCounts, b: Partial<FunnelCounts>): FunnelCounts {
  const out = { ...a };
  for (const k of COUNT_FIELDS) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return out;
}

/** What the aggregation reads of a day statistic (the db's DayStats is one). */
export interface DayStatsLike extends FunnelCounts {
  date: string;
  firstVisits?: number;
  returnVisits?: number;
  byConsultant: Record<string, FunnelCounts & { name: string }>;
  bySource: Record<string, FunnelCounts>;
  byBrand: Record<string, FunnelCounts>;
  lostReasons: Record<string, number>;
  complaints: number;
  complaintsHandledIn12h: number;
}

export interface PeriodTotals {
  /** the store's figures over the period */
  total: FunnelCounts;
  byConsultant: Record<string, FunnelCounts & { name: string }>;
  bySource: Record<string, FunnelCounts>;
  byBrand: Record<string, FunnelCounts>;
  lostReasons: Record<string, number>;
  complaints: number;
  complaintsHandledIn12h: number;
  firstVisits: number;
  returnVisits: number;
  /** days with statistics in the period */
  days: number;
}

function addInto<T extends FunnelCounts>(target: Record<string, T>, key: string, c: Partial<FunnelCounts>, extra: T) {
  target[key] = { ...addCounts(target[key] ?? extra, c), ...("name" in extra ? { name: extra.name } : {}) } as T;
}

/** Sum the day statistics of a period. */
export function aggregateDays(days: readonly DayStatsLike[]): PeriodTotals {
  const out: PeriodTotals = {
    total: emptyCounts(),
    byConsultant: {},
    bySource: {},
    byBrand: {},
    lostReasons: {},
    complaints: 0,
    complaintsHandledIn12h: 0,
    firstVisits: 0,
    returnVisits: 0,
    days: days.length,
  };
  for (const d of days) {
    out.total = addCounts(out.total, d);
    // the latest name wins (days arrive in date order)
    for (const [id, c] of Object.entries(d.byConsultant ?? {}))
      addInto(out.byConsultant, id, c, { ...emptyCounts(), name: c.name });
    for (const [k, c] of Object.entries(d.bySource ?? {})) addInto(out.bySource, k, c, emptyCounts());
    for (const [k, c] of Object.entries(d.byBrand ?? {})) addInto(out.byBrand, k, c, emptyCounts());
    for (const [r, n] of Object.entries(d.lostReasons ?? {})) out.lostReasons[r] = (out.lostReasons[r] ?? 0) + n;
    out.complaints += d.complaints ?? 0;
    out.complaintsHandledIn12h += d.complaintsHandledIn12h ?? 0;
    out.firstVisits += d.firstVisits ?? 0;
    out.returnVisits += d.returnVisits ?? 0;
  }
  return out;
}

/** n / d as a fraction (0..1, or above 1 when it happens), null when there is nothing to divide by. */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

export interface FunnelRatios {
  /** prospect cards / traffic (留档率) */
  cardsPerTraffic: number | null;
  /** test drives / cards (试驾率) */
  drivesPerCard: number | null;
  /** orders / cards (成交率) */
  ordersPerCard: number | null;
  /** deliveries / orders (交车率) */
  deliveriesPerOrder: number | null;
  /** appointments kept / made (邀约成功率) */
  invitationSuccess: number | null;
  /** post-delivery calls made in 3 days / calls due (回访完成率) */
  postCallCompletion: number | null;
}

export function funnelRatios(c: FunnelCounts): FunnelRatios {
  return {
    cardsPerTraffic: ratio(c.newProspects, c.walkIns),
    drivesPerCard: ratio(c.testDrives, c.newProspects),
    ordersPerCard: ratio(c.orders, c.newProspects),
    deliveriesPerOrder: ratio(c.deliveries, c.orders),
    invitationSuccess: ratio(c.appointmentsKept, c.appointmentsMade),
    postCallCompletion: ratio(c.postCallsDone, c.postCallsDue),
  };
}

// ---------- periods ----------

export const REPORT_PERIODS = ["day", "five_days", "week", "month", "quarter", "year", "custom"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** At most this many days in one report (a year, leap years included). */
export const MAX_REPORT_DAYS = 366;

export interface PeriodRange {
  period: ReportPeriod;
  /** first and last store-local day, inclusive */
  from: string;
  to: string;
  /** number of days from `from` to `to` */
  days: number;
}

/** Whole days from a to b (dates YYYY-MM-DD). */
export function daysApart(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function lastDayOfMonth(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The days a report covers, from the day it is anchored on: the day itself;
 * five days ending with it; its week (Monday to Sunday); its month, quarter
 * or year; or a custom range (from, to).
 */
export function periodRange(period: ReportPeriod, date: string, custom?: { from?: string; to?: string }): PeriodRange {
  const [y, m] = date.split("-").map(Number) as [number, number];
  let from: string;
  let to: string;
  switch (period) {
    case "day":
      from = to = date;
      break;
    case "five_days":
      from = addDays(date, -4);
      to = date;
      break;
    case "week":
      from = addDays(date, 1 - isoWeekday(date));
      to = addDays(from, 6);
      break;
    case "month":
      from = `${date.slice(0, 7)}-01`;
      to = lastDayOfMonth(y, m);
      break;
    case "quarter": {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1;
      from = `${y}-${String(q0).padStart(2, "0")}-01`;
      to = lastDayOfMonth(y, q0 + 2);
      break;
    }
    case "year":
      from = `${y}-01-01`;
      to = `${y}-12-31`;
      break;
    case "custom":
      from = custom?.from ?? date;
      to = custom?.to ?? date;
      break;
  }
  return { period, from, to, days: daysApart(from, to) + 1 };
}

/** The query of a report page or endpoint: the period and the day it is anchored on (default: today). */
export const reportQuerySchema = z
  .object({
    period: z
      .enum(REPORT_PERIODS, { error: `Period must be one of: ${REPORT_PERIODS.join(", ")}.` })
      .optional()
      .default("month"),
    date: dateSchema.optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    /** a consultant's own row only (supervisors may look at one consultant) */
    consultantId: z.string().min(1).max(40).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.period !== "custom") return;
    if (!q.from) ctx.addIssue({ code: "custom", path: ["from"], message: "Choose the first day of the range." });
    if (!q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "Choose the last day of the range." });
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end of the period is before its start." });
    if (q.from && q.to && daysApart(q.from, q.to) + 1 > MAX_REPORT_DAYS)
      ctx.addIssue({ code: "custom", path: ["to"], message: "A period is at most one year." });
  })
  .meta({ id: "ReportQuery" });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** "YYYY-MM" → the month after it. */
export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export interface SeriesPoint extends FunnelCounts {
  /** a date (YYYY-MM-DD) or, for long periods, a month (YYYY-MM) */
  label: string;
}

/**
 * The period's figures over time for the charts: one point per day (days
 * without statistics are zeros), or one per month when the period is longer
 * than two months.
 */
export function seriesOf(
  days: readonly DayStatsLike[],
  range: Pick<PeriodRange, "from" | "to" | "days">,
  /** the store's today: a period still running ends its line here (the days to come are not zeros) */
  today?: string,
): SeriesPoint[] {
  const monthly = range.days > 62;
  const buckets = new Map<string, FunnelCounts>();
  const last = today && today < range.to ? (today < range.from ? range.from : today) : range.to;
  if (monthly) {
    for (let m = range.from.slice(0, 7); m <= last.slice(0, 7); m = nextMonth(m)) buckets.set(m, emptyCounts());
  } else {
    for (let d = range.from; d <= last; d = addDays(d, 1)) buckets.set(d, emptyCounts());
  }
  for (const s of days) {
    const key = monthly ? s.date.slice(0, 7) : s.date;
    const b = buckets.get(key);
    if (b) buckets.set(key, addCounts(b, s));
  }
  return [...buckets].map(([label, c]) => ({ label, ...c }));
}

/** Month-to-date figures against the month's target (units = deliveries). */
export interface MonthToDate {
  month: string;
  orders: number;
  deliveries: number;
  orderAmountFen: number;
  /** units target of the month, when the store has one */
  targetUnits: number | null;
  /** deliveries / target */
  attainment: number | null;
}

export function monthToDate(
  days: readonly FunnelCounts[],
  month: string,
  targetUnits: number | undefined,
): MonthToDate {
  const t = days.reduce((a, d) => addCounts(a, d), emptyCounts());
  return {
    month,
    orders: t.orders,
    deliveries: t.deliveries,
    orderAmountFen: t.orderAmountFen,
    targetUnits: targetUnits ?? null,
    attainment: targetUnits ? t.deliveries / targetUnits : null,
  };
}

/** The tenant's report settings: who besides the store's GMs gets the daily report. */
export const reportSettingsSchema = z
  .object({
    version: z.number().int().min(0),
    financeEmails: z.array(emailSchema).max(20, "At most 20 finance addresses."),
  })
  .strict()
  .meta({ id: "ReportSettings" });
export type ReportSettingsInput = z.infer<typeof reportSettingsSchema>;

/** Parse "a@x.com, b@y.com\nc@z.com" (a text field) into a list. */
export function splitEmails(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;，；]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

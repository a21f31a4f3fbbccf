/**
 * OEM network reporting (rule 21): the platform's third kind of user. OEMs
 * (brands) and their regions exist outside any tenant; a store links each
 * franchised brand to an OEM region and consents to share KPIs. The KPI
 * figures are computed here from day statistics, stock arrival dates and the
 * month target — aggregates only, never a customer's name or phone.
 */
import { z } from "zod";
import { emailSchema, passwordSchema, requiredText, ulidSchema } from "./schemas.ts";
import { addDays } from "./time.ts";

export const OEM_ROLES = ["oem_admin", "regional_rep"] as const;
export type OemRole = (typeof OEM_ROLES)[number];

/** A stock vehicle counts as aged after this many days on the lot. */
export const AGED_STOCK_DAYS = 90;

export const oemMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-10.");

const brandsSchema = z
  .array(requiredText(60, "Brand"), { error: "Brands must be a list." })
  .min(1, "Name at least one brand.")
  .max(10, "At most 10 brands.");

/** Platform operator: a new OEM. */
export const oemCreateSchema = z
  .object({ name: requiredText(100, "OEM name"), brands: brandsSchema })
  .strict()
  .meta({ id: "OemCreate" });

/** Platform operator: a region of an OEM. */
export const oemRegionSchema = z
  .object({ name: requiredText(60, "Region name") })
  .strict()
  .meta({ id: "OemRegion" });

/** Platform operator: an OEM user account (a regional rep needs a region). */
export const oemUserSchema = z
  .object({
    email: emailSchema,
    name: requiredText(60, "Name"),
    role: z.enum(OEM_ROLES, { error: `Role must be one of: ${OEM_ROLES.join(", ")}.` }),
    regionId: ulidSchema.optional(),
    password: passwordSchema,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === "regional_rep" && !v.regionId)
      ctx.addIssue({ code: "custom", path: ["regionId"], message: "A regional rep needs a region." });
    if (v.role === "oem_admin" && v.regionId)
      ctx.addIssue({ code: "custom", path: ["regionId"], message: "An OEM admin sees every region; give no region." });
  })
  .meta({ id: "OemUser" });

/** A store links one franchised brand to an OEM region (group admin) and consents (or not) to share KPIs. */
export const oemLinkSchema = z
  .object({
    oemId: ulidSchema,
    regionId: ulidSchema,
    dealerCode: requiredText(30, "Dealer code"),
    consent: z.boolean({ error: "Consent must be true or false." }),
    /** the link's version when changing an existing link (optimistic locking) */
    version: z.number({ error: "version must be a number." }).int("version must be a whole number.").min(1).optional(),
  })
  .strict()
  .meta({ id: "OemLink" });

export type OemLinkInput = z.infer<typeof oemLinkSchema>;
export type OemUserInput = z.infer<typeof oemUserSchema>;

// ---------- months ----------

/** First and last date of a month "YYYY-MM". */
export function oemMonthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The month `n` months after (negative: before) a month. */
export function oemAddMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The last `count` months ending with `month`, oldest first. */
export function oemMonthsEnding(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => oemAddMonths(month, i - count + 1));
}

// ---------- KPI computation ----------

/** The funnel counts a KPI row adds up (the subset of a day's DayCounts it uses). */
export interface KpiDayCounts {
  walkIns: number;
  newProspects: number;
  testDrives: number;
  orders: number;
  deliveries: number;
  postCallsDue: number;
  postCallsDone: number;
}

/** What the KPI computation reads of one day's statistics (structurally a DayStats). */
export interface KpiDay extends KpiDayCounts {
  date: string;
  byBrand?: Record<string, Partial<KpiDayCounts>>;
  complaints: number;
  complaintsHandledIn12h: number;
}

export interface OemKpiFigures extends KpiDayCounts {
  complaints: number;
  complaintsIn12h: number;
  /** vehicles on the lot at the end of the period */
  stock: number;
  /** of those, on the lot longer than AGED_STOCK_DAYS */
  agedStock: number;
  /** 0..1, null when there is no stock */
  agedShare: number | null;
  /** post-delivery calls done / due, null when none was due */
  postCallRate: number | null;
  /** complaints with a first response within 12 h / complaints, null when there was none */
  complaintCompliance: number | null;
  /** retail units target of the month (null: no target or a daily figure) */
  targetUnits: number | null;
  /** deliveries / target, null without a target */
  attainment: number | null;
}

const COUNT_KEYS: (keyof KpiDayCounts)[] = [
  "walkIns",
  "newProspects",
  "testDrives",
  "orders",
  "deliveries",
  "postCallsDue",
  "postCallsDone",
];

/**
 * Sum a brand's counts over days. A single-brand store's figures are the
 * store's; a multi-brand store's are its `byBrand` share. Complaints carry no
 * brand: every brand of the store reports the store's complaints.
 */
export function oemSumDays(
  days: readonly KpiDay[],
  brand: string,
  singleBrand: boolean,
): KpiDayCounts & { complaints: number; complaintsIn12h: number } {
  const out = {
    walkIns: 0,
    newProspects: 0,
    testDrives: 0,
    orders: 0,
    deliveries: 0,
    postCallsDue: 0,
    postCallsDone: 0,
  };
  let complaints = 0;
  let complaintsIn12h = 0;
  for (const d of days) {
    const src: Partial<KpiDayCounts> = singleBrand ? d : (d.byBrand?.[brand] ?? {});
    for (const k of COUNT_KEYS) out[k] += Number(src[k] ?? 0);
    complaints += d.complaints ?? 0;
    complaintsIn12h += d.complaintsHandledIn12h ?? 0;
  }
  return { ...out, complaints, complaintsIn12h };
}

/** Stock and aged stock as of a local date, from the arrival dates (ISO) of the vehicles on the lot. */
export function oemStockAging(
  stockedAt: readonly (string | undefined)[],
  asOf: string,
  agedDays = AGED_STOCK_DAYS,
): { stock: number; agedStock: number } {
  const limit = addDays(asOf, -agedDays);
  let stock = 0;
  let agedStock = 0;
  for (const at of stockedAt) {
    if (at && at.slice(0, 10) > asOf) continue; // arrived after the period
    stock++;
    if (at && at.slice(0, 10) < limit) agedStock++;
  }
  return { stock, agedStock };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 10000) / 10000 : null);

/** The KPI figures of a dealer (store × brand) for a period. */
export function oemKpis(
  counts: KpiDayCounts & { complaints: number; complaintsIn12h: number },
  stock: { stock: number; agedStock: number },
  targetUnits: number | null | undefined,
): OemKpiFigures {
  const target = targetUnits && targetUnits > 0 ? targetUnits : null;
  return {
    ...counts,
    ...stock,
    agedShare: ratio(stock.agedStock, stock.stock),
    postCallRate: ratio(counts.postCallsDone, counts.postCallsDue),
    complaintCompliance: ratio(counts.complaintsIn12h, counts.complaints),
    targetUnits: target,
    attainment: target ? ratio(counts.deliveries, target) : null,
  };
}

export const RANK_KPIS = ["deliveries", "orders", "attainment", "walkIns", "postCallRate", "agedShare"] as const;
export type RankKpi = (typeof RANK_KPIS)[number];

/**
 * Competition ranking ("1224") of rows by a KPI: higher is better, except the
 * aged-stock share (lower is better). Rows without the figure rank last, unranked (null).
 */
export function oemRankBy<T extends Partial<Record<RankKpi, number | null>>>(
  rows: readonly T[],
  kpi: RankKpi,
): (number | null)[] {
  const lowerIsBetter = kpi === "agedShare";
  const values = rows.map((r) => r[kpi]);
  const sorted = values
    .filter((v): v is number => typeof v === "number")
    .sort((a, b) => (lowerIsBetter ? a - b : b - a));
  return values.map((v) => (typeof v === "number" ? sorted.indexOf(v) + 1 : null));
}

/** Region totals of dealer rows (ratios recomputed from the summed counts, not averaged). */
export function oemTotalKpis(rows: readonly OemKpiFigures[]): OemKpiFigures {
  const sum = (k: keyof OemKpiFigures) => rows.reduce((n, r) => n + (Number(r[k]) || 0), 0);
  const targets = rows.filter((r) => r.targetUnits);
  const counts = {
    walkIns: sum("walkIns"),
    newProspects: sum("newProspects"),
    testDrives: sum("testDrives"),
    orders: sum("orders"),
    deliveries: sum("deliveries"),
    postCallsDue: sum("postCallsDue"),
    postCallsDone: sum("postCallsDone"),
    complaints: sum("complaints"),
    complaintsIn12h: sum("complaintsIn12h"),
  };
  const figures = oemKpis(counts, { stock: sum("stock"), agedStock: sum("agedStock") }, null);
  const targetUnits = targets.reduce((n, r) => n + (r.targetUnits ?? 0), 0);
  const targetDeliveries = targets.reduce((n, r) => n + r.deliveries, 0);
  return {
    ...figures,
    targetUnits: targetUnits || null,
    attainment: targetUnits ? ratio(targetDeliveries, targetUnits) : null,
  };
}

const MOBILE_IN_TEXT = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;

/**
 * Text that crosses to an OEM (a complaint's note for the OEM): mobile numbers
 * and the given personal names (customer name, its surname-less given name) are masked.
 */
export function redactPersonal(text: string, names: readonly (string | undefined)[]): string {
  let out = text.replace(MOBILE_IN_TEXT, "***");
  const parts = new Set<string>();
  for (const n of names) {
    const name = n?.trim();
    if (!name) continue;
    parts.add(name);
    // Chinese names: the given name alone (张伟 → 伟 is too short; 王秀英 → 秀英)
    if (/^[\u4e00-\u9fff]{3,4}$/.test(name)) parts.add(name.slice(1));
    for (const w of name.split(/\s+/)) if (w.length >= 3) parts.add(w);
  }
  for (const p of [...parts].sort((a, b) => b.length - a.length)) out = out.split(p).join("***");
  return out;
}

/**
 * Sales targets (销售目标, rule 15): one versioned item per store, year and
 * brand ("*" when the store sets one target for all its brands). The annual
 * figure is decomposed to months (quarters are sums of their months) and each
 * month to consultants (任务分解). Units are retail deliveries (零售交车).
 */
import type { Db } from "./client.ts";
import { keys } from "./keys.ts";
import { getVersioned } from "./settings.ts";

export const ALL_BRANDS = "*";

export interface SalesTarget {
  tenantId: string;
  storeId: string;
  year: number;
  /** a brand of the store, or "*" for all brands */
  brand: string;
  annualUnits: number;
  /** 12 monthly figures (January first); they sum to annualUnits */
  months: number[];
  /** per consultant (userId): 12 monthly figures; in a month they sum to that month's figure */
  consultants: Record<string, { name: string; months: number[] }>;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
}

/** One Get. */
export function getSalesTarget(
  db: Db,
  tenantId: string,
  storeId: string,
  year: number,
  brand: string = ALL_BRANDS,
): Promise<SalesTarget | undefined> {
  return getVersioned<SalesTarget>(db, keys.salesTarget(tenantId, storeId, year, brand));
}

/**
 * The units target of one month ("YYYY-MM") for a brand: the brand's own
 * target if set, else undefined (callers fall back to the all-brands target by
 * passing ALL_BRANDS). One Get.
 */
export async function monthTargetUnits(
  db: Db,
  tenantId: string,
  storeId: string,
  month: string,
  brand: string = ALL_BRANDS,
): Promise<number | undefined> {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const t = await getSalesTarget(db, tenantId, storeId, y, brand);
  return t ? (t.months[m - 1] ?? 0) : undefined;
}

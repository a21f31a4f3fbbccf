/**
 * KPI snapshot jobs (rule 21): per store and consenting OEM link (store × brand),
 * aggregates from day statistics (never the records), the lot's arrival dates
 * and the month target, written under the OEM's own partition. Only counts,
 * ratios and the store's business identity cross over — never a customer's
 * name, phone or any record id of a person. Forwarded complaints cross as
 * category, times and the store's note with phone numbers and the customer's
 * name masked.
 *
 * `oem-kpi-daily` (nightly, the previous local day): the day's snapshot plus the
 * month-to-date snapshot. `oem-kpi-monthly` (day 1, the previous month): the
 * complete month. Both idempotent: a run key per store and period; the same
 * store, brand and period always land on the same item.
 */
import { type KpiDay, oemKpis, oemMonthRange, oemStockAging, oemSumDays, redactPersonal } from "@dealeros/core";
import {
  complaints,
  type DayStats,
  type Db,
  inventory,
  type OemComplaint,
  type OemKpiSnapshot,
  oem,
  type Store,
  type StoreOemLink,
  stats,
  targets,
} from "@dealeros/db";
import { db } from "./context.ts";

export const DAILY_JOB = "oem-kpi-daily";
export const MONTHLY_JOB = "oem-kpi-monthly";

export interface KpiRunResult {
  skipped?: "already-run" | "no-consent";
  snapshots: number;
  complaints: number;
}

/** The month target of a brand: its own target, or (single-brand store) the all-brands one. */
async function targetFor(database: Db, store: Store, month: string, brand: string): Promise<number | null> {
  const own = await targets.monthTargetUnits(database, store.tenantId, store.storeId, month, brand);
  if (own !== undefined) return own;
  if (store.brands.length !== 1) return null;
  return (await targets.monthTargetUnits(database, store.tenantId, store.storeId, month)) ?? null;
}

function snapshot(
  store: Store,
  link: StoreOemLink,
  days: DayStats[],
  stockedAt: (string | undefined)[],
  target: number | null,
  p: { kind: "month" | "day"; period: string; through: string; complete: boolean },
): OemKpiSnapshot {
  const counts = oemSumDays(days as unknown as KpiDay[], link.brand, store.brands.length === 1);
  const figures = oemKpis(counts, oemStockAging(stockedAt, p.through), target);
  return {
    oemId: link.oemId,
    regionId: link.regionId,
    storeId: store.storeId,
    brand: link.brand,
    dealerCode: link.dealerCode,
    storeName: store.name,
    city: store.city,
    ...p,
    ...figures,
  };
}

/** Complaints the store flagged for the OEM, without personal data, for each consenting link's OEM region. */
async function forwardedComplaints(database: Db, store: Store, links: StoreOemLink[]): Promise<OemComplaint[]> {
  const page = await complaints.listStoreComplaints(
    database,
    store.tenantId,
    store.storeId,
    "oem",
    new Date().toISOString(),
    undefined,
    100,
  );
  const regions = new Map(links.map((l) => [`${l.oemId}#${l.regionId}`, l]));
  const out: OemComplaint[] = [];
  for (const c of page.items) {
    if (!c.oem) continue;
    for (const l of regions.values()) {
      out.push({
        oemId: l.oemId,
        regionId: l.regionId,
        storeId: store.storeId,
        storeName: store.name,
        dealerCode: l.dealerCode,
        complaintId: c.complaintId,
        category: c.category,
        severity: c.severity,
        channel: c.channel,
        state: c.state,
        loggedAt: c.loggedAt,
        flaggedAt: c.oem.at,
        note: redactPersonal(c.oem.note, [c.customerName, c.mobile]),
        respondedLate: c.response ? c.response.late : null,
        ...(c.resolution ? { resolvedAt: c.resolution.at, satisfaction: c.resolution.satisfaction } : {}),
      });
    }
  }
  return out;
}

async function consenting(database: Db, store: Store): Promise<StoreOemLink[]> {
  return (await oem.listStoreLinks(database, store.tenantId, store.storeId)).filter(
    (l) => l.consent && store.brands.includes(l.brand),
  );
}

/** Nightly: the day `date` (store-local) and the month to date. */
export async function kpiDaily(store: Store, date: string, opts: { db?: Db } = {}): Promise<KpiRunResult> {
  const database = db(opts);
  if (await oem.hasRun(database, store.tenantId, store.storeId, DAILY_JOB, date))
    return { skipped: "already-run", snapshots: 0, complaints: 0 };
  const links = await consenting(database, store);
  if (!links.length) return { skipped: "no-consent", snapshots: 0, complaints: 0 };
  const month = date.slice(0, 7);
  const range = oemMonthRange(month);
  const [days, stock, forwarded] = await Promise.all([
    stats.listDayStats(database, store.tenantId, store.storeId, range.from, date),
    inventory.listStoreStock(database, store.tenantId, store.storeId),
    forwardedComplaints(database, store, links),
  ]);
  const today = days.filter((d) => d.date === date);
  let written = 0;
  for (const link of links) {
    const stockedAt = stock.filter((v) => v.brand === link.brand).map((v) => v.stockedAt);
    const target = await targetFor(database, store, month, link.brand);
    const day = snapshot(store, link, today, stockedAt, null, {
      kind: "day",
      period: date,
      through: date,
      complete: true,
    });
    const mtd = snapshot(store, link, days, stockedAt, target, {
      kind: "month",
      period: month,
      through: date,
      complete: date === range.to,
    });
    await oem.putSnapshots(database, [day]);
    await oem.putMonthToDate(database, mtd);
    written += 2;
  }
  await oem.putOemComplaints(database, forwarded);
  await oem.markRun(database, store.tenantId, store.storeId, DAILY_JOB, date, {
    snapshots: written,
    complaints: forwarded.length,
  });
  return { snapshots: written, complaints: forwarded.length };
}

/** Day 1: the complete previous month `month` ("YYYY-MM"). */
export async function kpiMonthly(store: Store, month: string, opts: { db?: Db } = {}): Promise<KpiRunResult> {
  const database = db(opts);
  if (await oem.hasRun(database, store.tenantId, store.storeId, MONTHLY_JOB, month))
    return { skipped: "already-run", snapshots: 0, complaints: 0 };
  const links = await consenting(database, store);
  if (!links.length) return { skipped: "no-consent", snapshots: 0, complaints: 0 };
  const range = oemMonthRange(month);
  const [days, stock] = await Promise.all([
    stats.listDayStats(database, store.tenantId, store.storeId, range.from, range.to),
    inventory.listStoreStock(database, store.tenantId, store.storeId),
  ]);
  const list: OemKpiSnapshot[] = [];
  for (const link of links) {
    const stockedAt = stock.filter((v) => v.brand === link.brand).map((v) => v.stockedAt);
    const target = await targetFor(database, store, month, link.brand);
    list.push(
      snapshot(store, link, days, stockedAt, target, {
        kind: "month",
        period: month,
        through: range.to,
        complete: true,
      }),
    );
  }
  await oem.putSnapshots(database, list);
  await oem.markRun(database, store.tenantId, store.storeId, MONTHLY_JOB, month, {
    snapshots: list.length,
    complaints: 0,
  });
  return { snapshots: list.length, complaints: 0 };
}

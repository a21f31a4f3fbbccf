/**
 * What OEM users read (the OEM portal). Every read is scoped by the OEM session:
 * the OEM comes from the session (its own partition only — an OEM never sees
 * another brand's dealers), a regional rep reaches only his region (another
 * region is "not found"), and only dealers that currently consent appear.
 * A network view is four round trips: session, OEM + regions, the region's
 * dealers, the month's snapshots.
 */
import {
  NotFoundError,
  type OemKpiFigures,
  oemAddMonths,
  oemMonthSchema,
  oemMonthsEnding,
  oemRankBy,
  oemTotalKpis,
  parseInput,
  RANK_KPIS,
  type RankKpi,
} from "@dealeros/core";
import { type Oem, type OemComplaint, type OemDealer, type OemKpiSnapshot, type OemRegion, oem } from "@dealeros/db";
import { db } from "./context.ts";
import type { OemCtx } from "./oem-auth.ts";

export interface OemScope {
  oem: Oem;
  /** the regions this user may open */
  regions: OemRegion[];
  region: OemRegion;
}

/** The OEM and the region asked for (default: the user's first), or 404 when the user may not open it. */
export async function scope(ctx: OemCtx, regionId?: string): Promise<OemScope> {
  const o = await oem.getOem(db(ctx), ctx.oem.oemId);
  if (!o) throw new NotFoundError("OEM");
  const regions =
    ctx.oem.role === "regional_rep" ? o.regions.filter((r) => r.regionId === ctx.oem.regionId) : o.regions;
  const region = regionId ? regions.find((r) => r.regionId === regionId) : regions[0];
  if (!region) throw new NotFoundError("Region");
  const { regions: _all, ...meta } = o;
  return { oem: meta, regions, region };
}

export interface NetworkRow {
  dealer: OemDealer;
  kpis?: OemKpiSnapshot;
  ranks: Partial<Record<RankKpi, number | null>>;
}

export interface NetworkView extends OemScope {
  month: string;
  rows: NetworkRow[];
  totals: OemKpiFigures;
}

/** The region's consenting dealers with their KPIs of a month, ranked. */
export async function network(ctx: OemCtx, input: { regionId?: string; month: string }): Promise<NetworkView> {
  const month = parseInput(oemMonthSchema, input.month);
  const s = await scope(ctx, input.regionId);
  const database = db(ctx);
  const [dealers, snaps] = await Promise.all([
    oem.listRegionDealers(database, s.oem.oemId, s.region.regionId),
    oem.listRegionKpis(database, s.oem.oemId, s.region.regionId, "month", month, month),
  ]);
  const byDealer = new Map(snaps.map((k) => [`${k.storeId}#${k.brand}`, k]));
  const rows: NetworkRow[] = dealers
    .filter((d) => d.consent)
    .map((dealer) => ({ dealer, kpis: byDealer.get(`${dealer.storeId}#${dealer.brand}`), ranks: {} }));
  for (const kpi of RANK_KPIS) {
    const ranks = oemRankBy(
      rows.map((r) => (r.kpis ?? {}) as Partial<Record<RankKpi, number | null>>),
      kpi,
    );
    rows.forEach((r, i) => {
      r.ranks[kpi] = ranks[i] ?? null;
    });
  }
  rows.sort(
    (a, b) =>
      (a.ranks.deliveries ?? 1e9) - (b.ranks.deliveries ?? 1e9) || a.dealer.storeName.localeCompare(b.dealer.storeName),
  );
  const withKpis = rows.map((r) => r.kpis).filter((k): k is OemKpiSnapshot => !!k);
  return { ...s, month, rows, totals: oemTotalKpis(withKpis) };
}

export interface TrendPoint extends OemKpiFigures {
  month: string;
  dealers: number;
}

/** Region totals month by month (`count` months ending with `to`): one Query for the range. */
export async function trends(
  ctx: OemCtx,
  input: { regionId?: string; to: string; count?: number },
): Promise<OemScope & { months: TrendPoint[] }> {
  const to = parseInput(oemMonthSchema, input.to);
  const count = Math.min(Math.max(input.count ?? 6, 1), 24);
  const s = await scope(ctx, input.regionId);
  const database = db(ctx);
  const [dealers, snaps] = await Promise.all([
    oem.listRegionDealers(database, s.oem.oemId, s.region.regionId),
    oem.listRegionKpis(database, s.oem.oemId, s.region.regionId, "month", oemAddMonths(to, 1 - count), to),
  ]);
  const visible = new Set(dealers.filter((d) => d.consent).map((d) => `${d.storeId}#${d.brand}`));
  const months = oemMonthsEnding(to, count).map((month) => {
    const list = snaps.filter((k) => k.period === month && visible.has(`${k.storeId}#${k.brand}`));
    return { month, dealers: list.length, ...oemTotalKpis(list) };
  });
  return { ...s, months };
}

/** One dealer's KPI history (months and days) in a region, while it consents; else 404. */
export async function dealerHistory(
  ctx: OemCtx,
  input: { regionId: string; storeId: string; brand: string },
): Promise<OemScope & { dealer: OemDealer; months: OemKpiSnapshot[]; days: OemKpiSnapshot[] }> {
  const s = await scope(ctx, input.regionId);
  const database = db(ctx);
  const [dealers, history] = await Promise.all([
    oem.listRegionDealers(database, s.oem.oemId, s.region.regionId),
    oem.listDealerKpis(database, s.oem.oemId, input.storeId, input.brand),
  ]);
  const dealer = dealers.find((d) => d.storeId === input.storeId && d.brand === input.brand && d.consent);
  if (!dealer) throw new NotFoundError("Dealer");
  const mine = history.filter((k) => k.regionId === s.region.regionId);
  return {
    ...s,
    dealer,
    months: mine.filter((k) => k.kind === "month"),
    days: mine.filter((k) => k.kind === "day").slice(-31),
  };
}

/** Complaints forwarded to the OEM by the region's consenting dealers, newest first. */
export async function forwardedComplaints(
  ctx: OemCtx,
  input: { regionId?: string },
): Promise<OemScope & { complaints: OemComplaint[] }> {
  const s = await scope(ctx, input.regionId);
  const database = db(ctx);
  const [dealers, list] = await Promise.all([
    oem.listRegionDealers(database, s.oem.oemId, s.region.regionId),
    oem.listRegionComplaints(database, s.oem.oemId, s.region.regionId),
  ]);
  const visible = new Set(dealers.filter((d) => d.consent).map((d) => d.storeId));
  return { ...s, complaints: list.filter((c) => visible.has(c.storeId)) };
}

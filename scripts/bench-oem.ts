/**
 * Bench block for `npm run bench`: the OEM network view of a region with 200
 * dealers (stores of 10 dealership groups, each linked and consenting, a month
 * of day statistics, the monthly KPI job run for each). The portal's page
 * loader is measured as it runs on a request: the OEM session, the OEM with
 * its regions, the region's dealers and the month's snapshots. Also: the
 * monthly KPI job per store, twelve months of region trends and one dealer's
 * history.
 */
import { addDays, localDate, newId, oemAddMonths, oemMonthRange } from "@dealeros/core";
import { type DayStats, type Db, oem, type Store, stats, withDbStats } from "@dealeros/db";
import { oemAuth, oemKpi, oemLinks, oemPlatform, oemPortal } from "@dealeros/services";
import { seedStore } from "../functions/local/seed-util.ts";

export interface BenchRow {
  endpoint: string;
  calls: number;
  capacity: number;
  medianMs: number;
  note?: string;
}

const DEALERS = 200;
const GROUPS = 10;
const BRAND = "FAW-Volkswagen";

function day(store: Store, date: string, n: number): DayStats {
  const counts = {
    walkIns: 20 + (n % 17),
    newProspects: 9 + (n % 5),
    testDrives: 5 + (n % 3),
    orders: 2 + (n % 3),
    orderAmountFen: 40_000_000,
    deliveries: 2 + (n % 2),
    appointmentsMade: 6,
    appointmentsKept: 3,
    appointmentsMissed: 1,
    lost: 1,
    postCallsDue: 2,
    postCallsDone: 2,
  };
  return {
    tenantId: store.tenantId,
    storeId: store.storeId,
    date,
    ...counts,
    firstVisits: 15,
    returnVisits: 5,
    byConsultant: {},
    bySource: {},
    byBrand: { [BRAND]: counts },
    lostReasons: {},
    complaints: n % 7 === 0 ? 1 : 0,
    complaintsHandledIn12h: 0,
    detail: [],
    generatedAt: `${date}T16:30:00.000Z`,
  };
}

async function timed<T>(
  n: number,
  fn: () => Promise<T>,
): Promise<{ calls: number; capacity: number; medianMs: number }> {
  const samples: { calls: number; capacity: number; ms: number }[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const { stats: s } = await withDbStats(fn);
    samples.push({ calls: s.calls, capacity: s.capacity, ms: performance.now() - started });
  }
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    calls: Math.max(...samples.map((s) => s.calls)),
    capacity: Math.max(...samples.map((s) => s.capacity)),
    medianMs: sorted[Math.floor(n / 2)]!,
  };
}

export async function benchOem(db: Db): Promise<BenchRow[]> {
  const opts = { db };
  const o = await oemPlatform.createOem({ name: "Bench OEM", brands: [BRAND] }, opts);
  const region = await oemPlatform.addRegion(o.oemId, { name: "Bench Region" }, opts);
  const password = "bench-password-2026";
  const email = `rep.${newId().toLowerCase()}@bench-oem.example.com`;
  await oemPlatform.addUser(
    o.oemId,
    { email, name: "Rep", role: "regional_rep", regionId: region.regionId, password },
    opts,
  );

  const month = oemAddMonths(localDate(new Date(), "Asia/Shanghai").slice(0, 7), -1);
  const { from, to } = oemMonthRange(month);
  const ts = new Date().toISOString();
  const list: Store[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const tenantId = newId();
    const adminId = newId();
    const ctx = {
      actor: { tenantId, userId: adminId, name: "Admin", email: "", roles: ["group_admin" as const], storeIds: [] },
      db,
    };
    for (let i = 0; i < DEALERS / GROUPS; i++) {
      const store = await seedStore(
        db,
        tenantId,
        { userId: adminId, name: "Admin" },
        { name: `Bench Dealer ${g}-${i}`, city: "Shanghai", brands: [BRAND] },
        ts,
      );
      await oemLinks.saveLink(ctx, store.storeId, BRAND, {
        oemId: o.oemId,
        regionId: region.regionId,
        dealerCode: `B-${g}${String(i).padStart(3, "0")}`,
        consent: true,
      });
      list.push(store);
    }
  }
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  for (const [n, store] of list.entries())
    await Promise.all(dates.map((d, i) => stats.putDayStats(db, day(store, d, n + i))));

  const rows: BenchRow[] = [];
  let jobCalls = 0;
  let jobCapacity = 0;
  const started = performance.now();
  for (const store of list) {
    const { stats: s } = await withDbStats(() => oemKpi.kpiMonthly(store, month, opts));
    jobCalls += s.calls;
    jobCapacity += s.capacity;
  }
  rows.push({
    endpoint: "oem-kpi-monthly job (per store)",
    calls: Math.round(jobCalls / list.length),
    capacity: jobCapacity / list.length,
    medianMs: (performance.now() - started) / list.length,
    note: `${list.length} stores, a month of day statistics each`,
  });

  const { token } = await oemAuth.signIn({ email, password }, opts);
  const page = async <T>(fn: (ctx: oemAuth.OemCtx) => Promise<T>) => {
    const ctx = await oemAuth.authenticateOem(token, opts);
    if (!ctx) throw new Error("no OEM session");
    return fn(ctx);
  };
  const view = await page((ctx) => oemPortal.network(ctx, { month }));
  if (view.rows.length !== DEALERS || view.rows.some((r) => !r.kpis)) throw new Error("network view incomplete");
  // eleven earlier months of history (copies of this month's snapshots) for the trends
  for (let m = 1; m < 12; m++)
    await oem.putSnapshots(
      db,
      view.rows.map((r) => ({
        ...r.kpis!,
        period: oemAddMonths(month, -m),
        through: oemMonthRange(oemAddMonths(month, -m)).to,
      })),
    );
  rows.push({
    endpoint: `OEM network view /oem (${DEALERS} dealers, one month)`,
    ...(await timed(15, () => page((ctx) => oemPortal.network(ctx, { month })))),
    note: "session + OEM + dealers + snapshots",
  });
  rows.push({
    endpoint: `OEM trends /oem/trends (${DEALERS} dealers, 12 months)`,
    ...(await timed(5, () => page((ctx) => oemPortal.trends(ctx, { to: month, count: 12 })))),
    note: `${DEALERS * 12} snapshots`,
  });
  const d = list[0]!;
  rows.push({
    endpoint: "OEM dealer history /oem/dealer/{id}",
    ...(await timed(15, () =>
      page((ctx) => oemPortal.dealerHistory(ctx, { regionId: region.regionId, storeId: d.storeId, brand: BRAND })),
    )),
  });
  return rows;
}

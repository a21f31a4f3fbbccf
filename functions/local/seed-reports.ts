/**
 * Demo reports: three months of day statistics for every demo store, stored
 * daily reports for the last week (mailed into the outbox, since mail is not
 * live locally) and the finance recipient of the daily report.
 *
 * - The last 13 days (the seeded walk-ins, cards, drives, contracts and
 *   deliveries) are computed from the seeded records by the real job code.
 * - Older days have no records behind them: their figures are GENERATED here
 *   (realistic, deterministic, seeded random) and written with putDayStats, so
 *   the month, quarter and trend views have history. Their delivery lines name
 *   catalogue cars, so last month's commissions have units to pay for.
 */
import { addDays, LOST_REASONS, localDate, zonedToUtc } from "@dealeros/core";
import {
  type DayCounts,
  type DayStats,
  type Db,
  reports as reportsDb,
  type SalesDetailLine,
  type Store,
  stats,
  type User,
} from "@dealeros/db";
import { reports } from "@dealeros/services";
import { DEMO_CATALOGUE } from "./seed-inventory.ts";
import { rng, SOURCE_WEIGHTS } from "./seed-util.ts";

export const DEMO_FINANCE_EMAIL = "finance@huadong-auto.example.com";

/** Days of history in total (about three months). */
const HISTORY_DAYS = 92;
/** Days computed from the seeded records (the seed logs 14 days of walk-ins, today included). */
const RECORDED_DAYS = 13;
/** Stored daily reports for the last days. */
const REPORT_DAYS = 7;

const zero = (): DayCounts => ({ ...stats.ZERO_COUNTS });

/** Split n into parts by weight (largest remainder; the parts sum to n). */
function split(n: number, weights: number[], rand: () => number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (n * w) / total);
  const out = raw.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r) + rand() * 0.01, i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]! += 1;
  }
  return out;
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];

/**
 * The delivery lines of a generated day (one per delivered car of each consultant), so the
 * commission job has units to pay for last month. They name catalogue cars; the contracts they
 * cite are history from before the demo's records (opening one is a 404, as for an archived record).
 */
function historicDeliveries(store: Store, date: string, consultants: User[], parts: DayCounts[]): SalesDetailLine[] {
  const rand = rng(Number(date.replaceAll("-", "")) + store.storeId.charCodeAt(25));
  const brands = DEMO_CATALOGUE.filter((b) => store.brands.includes(b.name));
  const lines: SalesDetailLine[] = [];
  consultants.forEach((u, i) => {
    for (let k = 0; k < (parts[i]?.deliveries ?? 0); k++) {
      const brand = brands[Math.floor(rand() * brands.length)]!;
      const model = brand.models[Math.floor(rand() * brand.models.length)]!;
      const trim = model.trims[Math.floor(rand() * model.trims.length)]!;
      const colour = trim.colours[Math.floor(rand() * trim.colours.length)]!;
      const n = `${date.replaceAll("-", "")}${i}${k}`;
      lines.push({
        kind: "delivery",
        contractId: `HIST${store.storeId.slice(-6)}${n}`,
        contractNo: `HT-H${n}`,
        consultantId: u.userId,
        consultantName: u.name,
        customerName: `${SURNAMES[Math.floor(rand() * SURNAMES.length)]}${rand() < 0.5 ? "先生" : "女士"}`,
        brand: brand.name,
        model: model.name,
        trim: trim.name,
        colour: colour.name,
        amountFen: trim.msrp - Math.round(rand() * 20) * 100_000,
      });
    }
  });
  return lines;
}

/** A generated day of a store: a weekday/weekend traffic pattern and plausible conversion. */
function generatedDay(store: Store, date: string, consultants: User[], rand: () => number): DayStats {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const walkIns = Math.round((weekend ? 34 : 18) * (0.75 + rand() * 0.5));
  const newProspects = Math.round(walkIns * (0.5 + rand() * 0.2));
  const testDrives = Math.round(newProspects * (0.3 + rand() * 0.2));
  const orders = Math.round(newProspects * (0.1 + rand() * 0.12));
  const deliveries = Math.max(0, Math.round(orders * (0.7 + rand() * 0.5)) - (rand() < 0.2 ? 1 : 0));
  const appointmentsMade = Math.round(6 + rand() * 6);
  const appointmentsKept = Math.round(appointmentsMade * (0.55 + rand() * 0.25));
  const lost = Math.round(1 + rand() * 4);
  const postCallsDue = Math.max(0, deliveries - (rand() < 0.3 ? 1 : 0));
  const postCallsDone = Math.max(0, postCallsDue - (rand() < 0.15 ? 1 : 0));
  const unit = 16_000_000 + Math.round(rand() * 12_000_000); // fen per car: ¥160k–¥280k
  const total: DayCounts = {
    walkIns,
    newProspects,
    testDrives,
    orders,
    orderAmountFen: orders * unit,
    deliveries,
    appointmentsMade,
    appointmentsKept,
    appointmentsMissed: appointmentsMade - appointmentsKept,
    lost,
    postCallsDue,
    postCallsDone,
  };
  const fields = Object.keys(total) as (keyof DayCounts)[];
  const spread = (weights: number[]): DayCounts[] => {
    const parts = weights.map(() => zero());
    for (const f of fields) {
      const values = split(total[f], weights, rand);
      for (const [i, v] of values.entries()) parts[i]![f] = v;
    }
    return parts;
  };
  const byConsultantParts = spread(consultants.map(() => 0.6 + rand()));
  const bySourceParts = spread(SOURCE_WEIGHTS.map(([, w]) => w));
  const byBrandParts = spread(store.brands.map((_, i) => (i === 0 ? 3 : 1)));
  const lostReasons: Record<string, number> = {};
  for (let i = 0; i < lost; i++) {
    const r = LOST_REASONS[Math.floor(rand() * LOST_REASONS.length)]!;
    lostReasons[r] = (lostReasons[r] ?? 0) + 1;
  }
  const complaints = rand() < 0.25 ? 1 : 0;
  return {
    tenantId: store.tenantId,
    storeId: store.storeId,
    date,
    ...total,
    firstVisits: Math.round(walkIns * 0.7),
    returnVisits: walkIns - Math.round(walkIns * 0.7),
    byConsultant: Object.fromEntries(consultants.map((u, i) => [u.userId, { ...byConsultantParts[i]!, name: u.name }])),
    bySource: Object.fromEntries(SOURCE_WEIGHTS.map(([s], i) => [s, bySourceParts[i]!])),
    byBrand: Object.fromEntries(store.brands.map((b, i) => [b, byBrandParts[i]!])),
    lostReasons,
    complaints,
    complaintsHandledIn12h: complaints && rand() < 0.8 ? 1 : 0,
    detail: historicDeliveries(store, date, consultants, byConsultantParts),
    generatedAt: zonedToUtc(addDays(date, 1), "00:15", store.timeZone).toISOString(),
  };
}

export async function seedReports(
  db: Db,
  ctx: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ days: number; reports: number }> {
  const { tenantId, stores, users, now } = ctx;
  await reportsDb.putReportSettings(
    db,
    tenantId,
    { financeEmails: [DEMO_FINANCE_EMAIL], version: 1, updatedAt: now.toISOString(), updatedBy: "seed" },
    0,
    {
      at: now.toISOString(),
      by: "seed",
      byName: "seed",
      action: "settings.reports_saved",
      detail: { financeEmails: [DEMO_FINANCE_EMAIL] },
    },
  );
  let days = 0;
  let stored = 0;
  for (const [i, store] of stores.entries()) {
    const rand = rng(6_000 + i);
    const today = localDate(now, store.timeZone);
    const consultants = users.filter((u) => u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId));
    // generated history (no records behind it)
    for (let d = HISTORY_DAYS; d > RECORDED_DAYS; d--) {
      await stats.putDayStats(db, generatedDay(store, addDays(today, -d), consultants, rand));
      days += 1;
    }
    // computed from the seeded records by the nightly job's code
    for (let d = RECORDED_DAYS; d > REPORT_DAYS; d--) {
      await reports.refreshDayStats(store, addDays(today, -d), { db, now });
      days += 1;
    }
    // the last week: the 16:30 job of each day (statistics + stored report + e-mail into the outbox)
    for (let d = REPORT_DAYS; d >= 1; d--) {
      const date = addDays(today, -d);
      await reports.dailyReportJob(store, date, { db, now: zonedToUtc(date, "16:30", store.timeZone) });
      days += 1;
      stored += 1;
    }
  }
  return { days, reports: stored };
}

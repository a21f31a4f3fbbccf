/**
 * Bench block for `npm run bench` (issue 7, H1): the service arrival board of a
 * day with 150 appointments, the day's free places (slots), and booking one
 * appointment (one transaction: appointment, audit, confirm task, slot counters).
 * Measured at the services layer; through the API add the session lookup (1 call).
 */
import { addDays, DEFAULT_SERVICE_SETTINGS, localDate, weekdayIndex } from "@dealeros/core";
import { type Db, withDbStats } from "@dealeros/db";
import { service } from "@dealeros/services";

import { type BenchRow, benchCustomers, benchServiceStore } from "./bench-store.ts";

export type { BenchRow };

const APPOINTMENTS = 150;

export async function benchService(db: Db): Promise<BenchRow[]> {
  const tz = "Asia/Shanghai";
  const now = new Date();
  const { store, ctx } = await benchServiceStore(db, "Bench service store");
  // 10 hour slots × 20 places: room for 150 one-hour jobs and the measured bookings
  await service.saveSettings(ctx, store.storeId, {
    ...DEFAULT_SERVICE_SETTINGS,
    version: 0,
    bays: 20,
    technicians: 20,
  });
  const people = await benchCustomers(db, ctx, APPOINTMENTS + 20, {
    mobile: "138",
    vin: "LSVBENCH0",
    plate: "沪B",
    modelName: "朗逸",
  });
  let day = addDays(localDate(now, tz), 2);
  while (weekdayIndex(day) > 4) day = addDays(day, 1);
  const hours = ["08", "09", "10", "11", "12", "13", "14", "15", "16", "17"];
  for (let i = 0; i < APPOINTMENTS; i++) {
    const c = people[i]!;
    await service.bookAppointment(ctx, store.storeId, {
      customerId: c.customerId,
      vin: c.vehicles[0]!.vin,
      serviceType: "maintenance",
      date: day,
      time: `${hours[i % hours.length]}:00`,
    });
  }

  const rows: BenchRow[] = [];
  const measure = async (endpoint: string, fn: (i: number) => Promise<unknown>, note?: string, n = 15) => {
    const samples: { calls: number; capacity: number; ms: number }[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      const { stats } = await withDbStats(() => fn(i));
      samples.push({ calls: stats.calls, capacity: stats.capacity, ms: performance.now() - started });
    }
    const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
    rows.push({
      endpoint,
      calls: Math.max(...samples.map((s) => s.calls)),
      capacity: Math.max(...samples.map((s) => s.capacity)),
      medianMs: sorted[Math.floor(n / 2)]!,
      ...(note ? { note } : {}),
    });
  };
  await measure(
    `service arrival board, ${APPOINTMENTS} appointments`,
    async () => {
      const r = await service.listArrivals(ctx, store.storeId, { date: day });
      if (r.counts.total !== APPOINTMENTS) throw new Error(`board has ${r.counts.total}`);
    },
    "services layer; +1 via the API (session)",
  );
  await measure(
    "service slots (free places + suggestions)",
    () => service.getSlots(ctx, store.storeId, { date: day, serviceType: "bodywork" }),
    "services layer; +1 via the API (session)",
  );
  await measure(
    "book a service appointment (1 transaction)",
    (i) => {
      const c = people[APPOINTMENTS + i]!;
      return service.bookAppointment(ctx, store.storeId, {
        customerId: c.customerId,
        vin: c.vehicles[0]!.vin,
        serviceType: "repair",
        date: day,
        time: `${hours[i % 8]}:00`,
      });
    },
    "services layer; +1 via the API (session)",
  );
  return rows;
}

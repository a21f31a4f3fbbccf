/**
 * Bench block for `npm run bench` (issue 7, H1): the service arrival board of a
 * day with 150 appointments, the day's free places (slots), and booking one
 * appointment (one transaction: appointment, audit, confirm task, slot counters).
 * Measured at the services layer; through the API add the session lookup (1 call).
 */
import { addDays, DEFAULT_SERVICE_SETTINGS, localDate, newId, weekdayIndex } from "@dealeros/core";
import { type Customer, customers, type Db, withDbStats } from "@dealeros/db";
import { service } from "@dealeros/services";

import { type BenchRow, benchServiceStore } from "./bench-store.ts";

export type { BenchRow };

const APPOINTMENTS = 150;

export async function benchService(db: Db): Promise<BenchRow[]> {
  const tz = "Asia/Shanghai";
  const now = new Date();
  const at = now.toISOString();
  const { tenantId, store, ctx } = await benchServiceStore(db, "Bench service store");
  const audit = { at, by: "bench", byName: "bench", action: "bench", detail: {} };
  // 10 hour slots × 20 places: room for 150 one-hour jobs and the measured bookings
  await service.saveSettings(ctx, store.storeId, {
    ...DEFAULT_SERVICE_SETTINGS,
    version: 0,
    bays: 20,
    technicians: 20,
  });
  const people: Customer[] = [];
  for (let i = 0; i < APPOINTMENTS + 20; i++) {
    const c: Customer = {
      tenantId,
      storeId: store.storeId,
      customerId: newId(),
      name: `客户${i}`,
      mobile: `138${String(10_000_000 + i).slice(-8)}`,
      ownerId: ctx.actor.userId,
      ownerName: ctx.actor.name,
      origin: "service",
      prospectIds: [],
      purchases: 0,
      repeatBuyer: false,
      referrals: 0,
      vehicles: [
        {
          vin: `LSVBENCH0${String(10_000_000 + i).slice(-8)}`,
          plate: `沪B${String(10_000 + i)}`,
          brand: "大众",
          modelName: "朗逸",
        },
      ],
      version: 1,
      createdAt: at,
      createdBy: "bench",
      createdByName: "bench",
      updatedAt: at,
    };
    await customers.transact(db, customers.createCustomerWrites(db, c, localDate(now, tz), audit));
    people.push(c);
  }
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

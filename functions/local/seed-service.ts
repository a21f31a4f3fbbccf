/**
 * Demo service appointments (issue 7, H1) for the Shanghai store: its service
 * settings, appointments of the past 7 days (mostly arrived, some no-shows and
 * cancellations), today's (some arrived, the rest expected) and the next 5 days
 * spread over the hour slots — booked through the services layer, so the slot
 * counters, tasks and history are exactly what the app writes.
 */
import { addDays, DEFAULT_SERVICE_SETTINGS, localDate, zonedToUtc } from "@dealeros/core";
import { type Customer, customers, type Db, type Store, type User } from "@dealeros/db";
import { type Ctx, service } from "@dealeros/services";
import { picker, rng } from "./seed-util.ts";

const CONCERNS = [
  "常规保养，换机油机滤",
  "刹车有异响",
  "空调不凉",
  "仪表盘故障灯亮",
  "左后门划痕补漆",
  "轮胎换季",
  "",
  "",
];

export async function seedService(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ appointments: number }> {
  const store = opts.stores.find((s) => s.city.includes("上海")) ?? opts.stores[0];
  if (!store) return { appointments: 0 };
  const advisors = opts.users.filter((u) => u.roles.includes("service_advisor") && u.storeIds.includes(store.storeId));
  const admin = opts.users.find((u) => u.roles.includes("group_admin"));
  const lead = advisors[0] ?? admin;
  if (!lead) return { appointments: 0 };
  const ctxOf = (u: User): Ctx => ({
    actor: {
      tenantId: u.tenantId,
      userId: u.userId,
      name: u.name,
      email: u.email,
      roles: u.roles,
      storeIds: u.storeIds,
    },
    store,
    db,
  });
  const ctx = ctxOf(lead);
  const rand = rng(7_2026_23);
  const pick = picker(rand);

  await service.saveSettings(
    ctx,
    store.storeId,
    {
      ...DEFAULT_SERVICE_SETTINGS,
      version: 0,
      bays: 6,
      technicians: 5,
      closedDates: ["2027-01-01", "2027-02-06", "2027-02-07"],
    },
    { now: new Date(opts.now.getTime() - 30 * 86_400_000) },
  );

  const list: Customer[] = (
    await customers.searchStoreCustomers(db, opts.tenantId, store.storeId, { limit: 100 })
  ).items.filter((c) => c.vehicles.length > 0);
  if (list.length === 0) return { appointments: 0 };
  let next = 0;
  const customer = () => list[next++ % list.length]!;
  const advisorId = () => (advisors.length ? pick(advisors).userId : undefined);
  const typeOf = () => pick(["maintenance", "maintenance", "maintenance", "repair", "warranty", "bodywork", "pdi"]);

  const today = localDate(opts.now, store.timeZone);
  let count = 0;
  /** Book on `date` as if it were 07:00 that morning (or now for today and later): a suggested or a random start. */
  const bookOn = async (date: string, asOf: Date) => {
    const c = customer();
    const type = typeOf();
    const slots = await service.getSlots(ctx, store.storeId, { date, serviceType: type }, { now: asOf });
    const fits = slots.starts.filter((s) => s.fits).map((s) => s.time);
    if (fits.length === 0) return undefined;
    const time = rand() < 0.5 && slots.suggestions.length ? slots.suggestions[0]! : pick(fits);
    const concern = pick(CONCERNS);
    const adv = advisorId();
    const a = await service.bookAppointment(
      ctx,
      store.storeId,
      {
        customerId: c.customerId,
        vin: c.vehicles[0]!.vin,
        serviceType: type,
        date,
        time,
        ...(adv ? { advisorId: adv } : {}),
        ...(concern ? { concern } : {}),
      },
      { now: asOf },
    );
    count++;
    return a;
  };

  // the past 7 days and today: booked that morning, then most arrived, some did not come
  for (let back = 7; back >= 0; back--) {
    const date = addDays(today, -back);
    const morning = zonedToUtc(date, "07:00", store.timeZone);
    if (morning > opts.now) continue;
    const n = back === 0 ? 10 : 8 + Math.floor(rand() * 5);
    for (let i = 0; i < n; i++) {
      const a = await bookOn(date, morning);
      if (!a) continue;
      const start = new Date(a.startAt);
      const r = rand();
      if (start.getTime() + 15 * 60_000 > opts.now.getTime()) continue; // not due yet: expected
      if (back === 0 && r < 0.3) continue; // today: a few still expected (late)
      if (r < 0.78 || back === 0)
        await service.markArrived(
          ctx,
          store.storeId,
          a.appointmentId,
          {},
          { now: new Date(start.getTime() - 5 * 60_000) },
        );
      else if (r < 0.93)
        await service.markNoShow(
          ctx,
          store.storeId,
          a.appointmentId,
          {},
          { now: new Date(start.getTime() + 60 * 60_000) },
        );
      else
        await service.cancelAppointment(
          ctx,
          store.storeId,
          a.appointmentId,
          { reason: "客户临时有事改期" },
          { now: new Date(Math.max(start.getTime() - 120 * 60_000, morning.getTime() + 10 * 60_000)) },
        );
    }
  }
  // the next 5 days, booked now, spread over the slots
  for (let ahead = 1; ahead <= 5; ahead++) {
    const date = addDays(today, ahead);
    const n = 10 + Math.floor(rand() * 8);
    for (let i = 0; i < n; i++) await bookOn(date, opts.now);
  }
  return { appointments: count };
}

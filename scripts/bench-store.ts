/**
 * A bench store of its own tenant and a service advisor's context on it, for
 * the after-sales bench blocks (issue 7). Also the row every block reports.
 */
import { localDate, newId } from "@dealeros/core";
import { type Customer, customers, type Db, type Store, stores } from "@dealeros/db";
import type { Ctx } from "@dealeros/services";

export interface BenchRow {
  endpoint: string;
  calls: number;
  capacity: number;
  medianMs: number;
  note?: string;
}

export async function benchServiceStore(db: Db, name: string): Promise<{ tenantId: string; store: Store; ctx: Ctx }> {
  const tenantId = newId();
  const at = new Date().toISOString();
  const store: Store = {
    tenantId,
    storeId: newId(),
    name,
    city: "上海",
    timeZone: "Asia/Shanghai",
    openingHours: { open: "09:00", close: "18:00", closedWeekdays: [] },
    brands: ["FAW-Volkswagen"],
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: "bench",
    updatedBy: "bench",
  };
  await stores.createStore(db, store, { at, by: "bench", byName: "bench", action: "bench", detail: {} });
  const ctx: Ctx = {
    actor: {
      tenantId,
      userId: newId(),
      name: "Bench advisor",
      email: "advisor@bench.example.com",
      roles: ["service_advisor"],
      storeIds: [store.storeId],
    },
    store,
    db,
  };
  return { tenantId, store, ctx };
}

/** `n` workshop customers of the bench store, one car each (VIN, plate, mobile from the given prefixes). */
export async function benchCustomers(
  db: Db,
  ctx: Ctx,
  n: number,
  p: { mobile: string; vin: string; plate: string; modelName: string },
): Promise<Customer[]> {
  const store = ctx.store!;
  const at = new Date().toISOString();
  const audit = { at, by: "bench", byName: "bench", action: "bench", detail: {} };
  const people: Customer[] = [];
  for (let i = 0; i < n; i++) {
    const serial = String(10_000_000 + i).slice(-8);
    const c: Customer = {
      tenantId: store.tenantId,
      storeId: store.storeId,
      customerId: newId(),
      name: `客户${i}`,
      mobile: `${p.mobile}${serial}`,
      ownerId: ctx.actor.userId,
      ownerName: ctx.actor.name,
      origin: "service",
      prospectIds: [],
      purchases: 0,
      repeatBuyer: false,
      referrals: 0,
      vehicles: [{ vin: `${p.vin}${serial}`, plate: `${p.plate}${10_000 + i}`, brand: "大众", modelName: p.modelName }],
      version: 1,
      createdAt: at,
      createdBy: "bench",
      createdByName: "bench",
      updatedAt: at,
    };
    await customers.transact(db, customers.createCustomerWrites(db, c, localDate(at, store.timeZone), audit));
    people.push(c);
  }
  return people;
}

/**
 * A bench store of its own tenant and a service advisor's context on it, for
 * the after-sales bench blocks (issue 7). Also the row every block reports.
 */
import { newId } from "@dealeros/core";
import { type Db, type Store, stores } from "@dealeros/db";
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

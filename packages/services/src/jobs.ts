/** Scheduled work that lives in the domain: the nightly showroom traffic snapshot. */
import { type Db, type Store, showroom, stores, type TrafficSnapshot } from "@dealeros/db";
import { db } from "./context.ts";

/**
 * Build and store the traffic snapshot of one store for one local day.
 * Idempotent: the run key is store + day, the item is overwritten with the same
 * figures, so running it twice leaves one identical snapshot.
 */
export async function trafficSnapshot(store: Store, date: string, opts: { db?: Db } = {}): Promise<TrafficSnapshot> {
  const database = db(opts);
  const walkIns = await showroom.listStoreWalkIns(database, store.tenantId, store.storeId, date);
  const bySource: Record<string, number> = {};
  const byConsultant: Record<string, { name: string; count: number }> = {};
  let unassigned = 0;
  for (const w of walkIns) {
    bySource[w.source] = (bySource[w.source] ?? 0) + 1;
    if (w.assignment.userId) {
      const c = byConsultant[w.assignment.userId] ?? { name: w.assignment.name ?? "", count: 0 };
      c.count += 1;
      byConsultant[w.assignment.userId] = c;
    } else unassigned += 1;
  }
  const snapshot: TrafficSnapshot = {
    tenantId: store.tenantId,
    storeId: store.storeId,
    date,
    total: walkIns.length,
    parties: walkIns.reduce((n, w) => n + w.partySize, 0),
    firstVisits: walkIns.filter((w) => w.visitType === "first").length,
    returnVisits: walkIns.filter((w) => w.visitType === "return").length,
    bySource,
    byConsultant,
    unassigned,
    runKey: `traffic-snapshot#${store.storeId}#${date}`,
    generatedAt: new Date().toISOString(),
  };
  await showroom.putTrafficSnapshot(database, snapshot);
  return snapshot;
}

export async function* everyStore(opts: { db?: Db } = {}): AsyncGenerator<Store> {
  yield* stores.allStores(db(opts));
}

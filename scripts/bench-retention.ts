/**
 * Bench block for `npm run bench` (issue 7, H4): the daily retention job over
 * one store with 50,000 customers (most not due: the retention index gives the
 * job only the due ones), its idempotent second run, and a worst-case holiday
 * day (春节 greetings for 20 owners of 2,500 customers each, plus every
 * reminder due by then). One run each (a job, not a request).
 */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, localDate, newId, zonedToUtc } from "@dealeros/core";
import { type Customer, customers, type Db, keys, type Store, stores, type User, withDbStats } from "@dealeros/db";
import { holidays, retention } from "@dealeros/services";

export interface BenchRow {
  endpoint: string;
  calls: number;
  capacity: number;
  medianMs: number;
  note?: string;
}

const OWNERS = 20;

async function batchPut(db: Db, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const r = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
        pending = (r.UnprocessedItems?.[db.table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** A store of `n` customers with owners; deterministic: every 50th has a loan ending in 25 days (due today). */
export async function retentionStore(db: Db, n: number, now: Date) {
  const tenantId = newId();
  const tz = "Asia/Shanghai";
  const at = now.toISOString();
  const today = localDate(now, tz);
  const store: Store = {
    tenantId,
    storeId: newId(),
    name: "Bench retention store",
    city: "上海",
    timeZone: tz,
    openingHours: { open: "09:00", close: "18:00", closedWeekdays: [] },
    brands: ["FAW-Volkswagen"],
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: "bench",
    updatedBy: "bench",
  };
  await stores.createStore(db, store, { at, by: "bench", byName: "bench", action: "bench", detail: {} });
  const owners: User[] = Array.from({ length: OWNERS }, (_, i) => ({
    tenantId,
    userId: newId(),
    email: `owner${i}@bench.example.com`,
    name: `顾问${i}`,
    roles: [i % 4 === 0 ? "service_advisor" : "sales_consultant"],
    storeIds: [store.storeId],
    active: true,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: "bench",
  }));
  const items: Record<string, unknown>[] = owners.map((u) => ({
    ...keys.user(tenantId, u.userId),
    type: "User",
    ...u,
  }));
  let due = 0;
  for (let i = 0; i < n; i++) {
    const owner = owners[i % OWNERS]!;
    const loanDue = i % 50 === 0;
    if (loanDue) due++;
    const c: Customer = {
      tenantId,
      storeId: store.storeId,
      customerId: newId(),
      name: `客户${String(i).padStart(5, "0")}`,
      mobile: `139${String(10_000_000 + i).slice(-8)}`,
      ...(i % 3 === 0 ? { birthday: addDays(today, 1 + (i % 300)).slice(5) } : {}),
      ownerId: owner.userId,
      ownerName: owner.name,
      origin: "sales",
      prospectIds: [],
      purchases: 1,
      repeatBuyer: false,
      referrals: 0,
      vehicles: [
        {
          vin: `LFVBENCH${String(100_000_000 + i).slice(-9)}`,
          plate: `沪C${String(100_000 + i).slice(-5)}`,
          brand: "FAW-Volkswagen",
          modelName: i % 2 ? "迈腾 Magotan" : "探岳 Tayron",
          purchasedOn: addDays(today, -400 - (i % 700)),
          loanEndsOn: loanDue ? addDays(today, 25) : addDays(today, 60 + (i % 900)),
          insuranceRenewsOn: addDays(today, 45 + (i % 300)),
          lastServiceOn: addDays(today, -(i % 150)),
          lastServiceKm: 10_000 + (i % 40_000),
        },
      ],
      version: 1,
      createdAt: at,
      createdBy: "bench",
      createdByName: "bench",
      updatedAt: at,
    };
    items.push(customers.customerItem(c, today));
  }
  await batchPut(db, items);
  return { store, today, due, owners };
}

export async function benchRetention(db: Db, n = 50_000): Promise<BenchRow[]> {
  const now = new Date();
  const { store, today, due } = await retentionStore(db, n, now);
  const rows: BenchRow[] = [];
  const run = async (label: string, date: string, note: (r: retention.RetentionReport) => string) => {
    const started = performance.now();
    const { result, stats } = await withDbStats(() => retention.retentionJob(store, date, { db }));
    rows.push({
      endpoint: label,
      calls: stats.calls,
      capacity: stats.capacity,
      medianMs: performance.now() - started,
      note: note(result),
    });
    return result;
  };
  const first = await run(`retention job, ${n.toLocaleString("en")} customers`, today, (r) => {
    if (r.dueCustomers !== due) throw new Error(`due ${r.dueCustomers}, expected ${due}`);
    return `${r.dueCustomers} due, ${r.tasksWritten} tasks; job, 1 run`;
  });
  await run("retention job, same day again (idempotent)", today, (r) => {
    if (r.tasksWritten || r.dueCustomers) throw new Error("second run wrote");
    return `${r.dueCustomers} due after the first run's ${first.dueCustomers}`;
  });
  // worst-case holiday day: the next Spring Festival's first greeting day, for a second 50,000-customer store
  // whose daily runs are up to date — the day's reminders plus 20 owners' greetings (a COUNT Query each)
  const year = Number(today.slice(0, 4));
  const spring = [
    holidays.holidayDate("spring_festival", year),
    holidays.holidayDate("spring_festival", year + 1),
  ].find((d) => addDays(d, -3) > today)!;
  const greetingDay = addDays(spring, -3);
  const second = await retentionStore(db, n, zonedToUtc(greetingDay, "07:30", "Asia/Shanghai"));
  const runOn = async (label: string) => {
    const started = performance.now();
    const { result, stats } = await withDbStats(() => retention.retentionJob(second.store, greetingDay, { db }));
    const g = result.greetings[0];
    rows.push({
      endpoint: label,
      calls: stats.calls,
      capacity: stats.capacity,
      medianMs: performance.now() - started,
      note: `${result.dueCustomers} due, ${result.tasksWritten} tasks, ${g?.written ?? 0} greetings (${g?.customers ?? 0} customers)`,
    });
  };
  await runOn(`retention job, 春节 greeting day ${greetingDay}, ${n.toLocaleString("en")}`);
  return rows;
}

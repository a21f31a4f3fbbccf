/**
 * Bench block for `npm run bench`: the month-end reconciliation of a 50-store
 * group. Each store: 60 contracts (signed last month; delivered, invoiced,
 * some with money open), 2 secondary dealers with 6 ledger entries each and
 * 4 vehicles wholesaled. The job's fan-out runs each store's message through
 * the queue consumer's code in-process (as locally); the figures are the
 * whole group's calls, capacity and wall time, the slowest store (what one
 * consumer invocation needs) and a second run (idempotent: writes nothing).
 */
import { addDays, computeQuoteTotals, contractDues, localDate, newId } from "@dealeros/core";
import {
  type Contract,
  type Db,
  type Dealer,
  type DealerLedgerEntry,
  deals,
  inventory,
  keys,
  monthEnd,
  type Store,
  stores,
  withDbStats,
} from "@dealeros/db";
import { processMonthEndMessage } from "../functions/jobs/month-end.ts";

export interface BenchRow {
  endpoint: string;
  calls: number;
  capacity: number;
  medianMs: number;
  note?: string;
}

const STORES = 50;
const CONTRACTS = 60;

export async function benchMonthEnd(db: Db): Promise<BenchRow[]> {
  const tenantId = newId();
  const now = new Date();
  const tz = "Asia/Shanghai";
  const month = addDays(`${localDate(now, tz).slice(0, 7)}-01`, -1).slice(0, 7);
  const day = (d: number) => `${month}-${String(d).padStart(2, "0")}`;
  const at = now.toISOString();
  const audit = { at, by: "bench", byName: "bench", action: "bench", detail: {} };
  const group: Store[] = [];
  for (let s = 0; s < STORES; s++) {
    const store: Store = {
      tenantId,
      storeId: newId(),
      name: `Bench store ${s + 1}`,
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
    await stores.createStore(db, store, audit);
    group.push(store);
    const items: Record<string, unknown>[] = [];
    const totals = computeQuoteTotals({
      listPriceFen: 219_900_00,
      discountFen: 5_000_00,
      accessories: [],
      insurance: [],
      depositFen: 10_000_00,
    });
    for (let i = 0; i < CONTRACTS; i++) {
      const signedDate = day(1 + (i % 20));
      const dues = contractDues(totals, signedDate, signedDate, day(5 + (i % 20)));
      const dueFen = dues.reduce((n, d) => n + d.amountFen, 0);
      const delivered = i % 3 !== 0;
      const c = {
        tenantId,
        storeId: store.storeId,
        contractId: newId(),
        seq: i + 1,
        contractNo: deals.contractNumber(i + 1),
        quoteId: newId(),
        prospectId: newId(),
        customerName: `客户${i + 1}`,
        consultantId: "bench",
        consultantName: "bench",
        vehicle: {
          brand: "FAW-Volkswagen",
          modelCode: "magotan",
          modelName: "迈腾",
          trimCode: "330",
          trimName: "330TSI",
        },
        quantity: 1,
        totals,
        accessories: [],
        insurance: [],
        signedDate,
        deliveryMethod: "store_pickup",
        expectedDeliveryDate: day(5 + (i % 20)),
        dues,
        dueFen,
        // every 7th delivered one short of its balance, every 5th undelivered one invoiced
        paidFen: delivered ? (i % 7 === 0 ? dueFen - 5_000_00 : dueFen) : 10_000_00,
        ...(delivered || i % 5 === 0 ? { invoiceNo: `FP${String(i).padStart(8, "0")}` } : {}),
        ...(delivered ? { delivery: { deliveredAt: `${day(6 + (i % 20))}T03:00:00.000Z` } } : {}),
        state: delivered ? "delivered" : "signed",
        version: 1,
        createdAt: at,
        createdBy: "bench",
        createdByName: "bench",
        updatedAt: at,
      } as Contract;
      items.push(deals.contractItem(c));
    }
    for (let d = 0; d < 2; d++) {
      const dealerId = newId();
      const dealer: Dealer = {
        tenantId,
        storeId: store.storeId,
        dealerId,
        name: `二网 ${s + 1}-${d + 1}`,
        contactName: "联系人",
        phone: "13900000000",
        creditLimitFen: 1_000_000_00,
        wholesaleFen: 4 * 150_000_00,
        paidFen: 2 * 150_000_00,
        balanceFen: 2 * 150_000_00,
        vehicles: 4,
        version: 7,
        createdAt: at,
        createdBy: "bench",
        createdByName: "bench",
        updatedAt: at,
      };
      items.push({ ...keys.dealer(tenantId, store.storeId, dealerId), type: "Dealer", ...dealer });
      for (let e = 0; e < 6; e++) {
        const entry: DealerLedgerEntry = {
          tenantId,
          storeId: store.storeId,
          dealerId,
          entryId: newId(),
          kind: e < 4 ? "wholesale" : "payment",
          date: day(3 + e * 4),
          amountFen: 150_000_00,
          ...(e < 4 ? { vehicleId: newId(), vin: `LFVBENCH${String(s * 100 + d * 10 + e).padStart(9, "0")}` } : {}),
          at,
          by: "bench",
          byName: "bench",
        };
        items.push({ ...keys.dealerLedgerEntry(tenantId, entry.dealerId, entry.date, entry.entryId), ...entry });
      }
    }
    await monthEnd.writeBatch(db, items, []);
    for (let v = 0; v < 4; v++) {
      const vehicleId = newId();
      await inventory.createVehicle(
        db,
        {
          tenantId,
          storeId: store.storeId,
          vehicleId,
          vin: `LFVWS${String(s * 10 + v).padStart(12, "0")}`,
          checkDigit: "not_used",
          engineNumber: `WS${s}${v}`,
          brand: "FAW-Volkswagen",
          modelCode: "magotan",
          modelName: "迈腾",
          trimCode: "330",
          trimName: "330TSI",
          colourCode: "white",
          colourName: "白",
          msrp: 219_900_00,
          purchaseCost: 190_000_00,
          currency: "CNY",
          status: "wholesaled",
          wholesale: { buyer: "散户", at, date: day(10 + v) },
          version: 1,
          createdAt: at,
          createdBy: "bench",
          createdByName: "bench",
          updatedAt: at,
        },
        audit,
      );
    }
  }

  const run = async () => {
    let calls = 0;
    let capacity = 0;
    let slowest = { ms: 0, calls: 0 };
    const started = performance.now();
    for (const store of group) {
      const t0 = performance.now();
      const { stats } = await withDbStats(() =>
        processMonthEndMessage({ tenantId, storeId: store.storeId, month }, { db }),
      );
      const ms = performance.now() - t0;
      calls += stats.calls;
      capacity += stats.capacity;
      if (ms > slowest.ms) slowest = { ms, calls: stats.calls };
    }
    return { calls, capacity, ms: performance.now() - started, slowest };
  };
  const first = await run();
  const second = await run();
  const found = (await monthEnd.readMonth(db, tenantId, group[0]!.storeId, month)).discrepancies.length;
  return [
    {
      endpoint: `month-end job, ${STORES}-store group (${CONTRACTS} contracts, 2 dealers each)`,
      calls: first.calls,
      capacity: first.capacity,
      medianMs: first.ms,
      note: `${found} discrepancies a store; slowest store ${first.slowest.ms.toFixed(0)} ms / ${first.slowest.calls} calls (one consumer message)`,
    },
    {
      endpoint: `month-end job again (idempotent), ${STORES} stores`,
      calls: second.calls,
      capacity: second.capacity,
      medianMs: second.ms,
      note: "writes nothing",
    },
  ];
}

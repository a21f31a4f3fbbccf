import { type Db, withDbStats } from "@dealeros/db";
import { repairOrders } from "@dealeros/services";

import { type BenchRow, benchCustomers, benchServiceStore } from "./bench-store.ts";

export type { BenchRow };

const OPEN_ROS = 300;
const SETTLEMENTS = 15;

export async function benchRepair(db: Db): Promise<BenchRow[]> {
  const { store, ctx } = await benchServiceStore(db, "Bench workshop");
  const s = store.storeId;
  const people = await benchCustomers(db, ctx, 60, {
    mobile: "139",
    vin: "LSVREPAIR",
    plate: "沪C",
    modelName: "帕萨特",
  });
  await repairOrders.savePart(ctx, s, "OF-100", { name: "Oil filter", priceFen: 8_500, stock: 10_000, leadDays: 2 });
  await repairOrders.savePart(ctx, s, "BD-200", { name: "Brake disc", priceFen: 95_000, stock: 10_000, leadDays: 5 });
  const open = (i: number) =>
    repairOrders.createRepairOrder(ctx, s, {
      customerId: people[i % people.length]!.customerId,
      vin: people[i % people.length]!.vehicles[0]!.vin,
      mileageKm: 20_000 + i,
      fuelEighths: 4,
      concerns: "保养 / maintenance",
    });
  let first = "";
  for (let i = 0; i < OPEN_ROS; i++) {
    const ro = await open(i);
    if (!first) first = ro.repairOrderId;
    if (i % 3 === 1) await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "diagnosing" });
  }
  const rows: BenchRow[] = [];
  const sample = async (endpoint: string, fn: () => Promise<unknown>, note: string, n = 15) => {
    const runs: { calls: number; capacity: number; ms: number }[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const { stats } = await withDbStats(fn);
      runs.push({ calls: stats.calls, capacity: stats.capacity, ms: performance.now() - t0 });
    }
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    rows.push({
      endpoint,
      calls: Math.max(...runs.map((r) => r.calls)),
      capacity: Math.max(...runs.map((r) => r.capacity)),
      medianMs: ms[Math.floor(n / 2)]!,
      note,
    });
  };
  await sample(
    "repairOrders.getBoard (300 open ROs)",
    () => repairOrders.getBoard(ctx, s),
    `${OPEN_ROS} open repair orders: one Query of the board entries (GSI1)`,
  );
  await sample("repairOrders.getRepairOrder", () => repairOrders.getRepairOrder(ctx, s, first), "one partition Query");

  // settlements: each RO with labour + parts (customer and warranty), approved, checked, ready
  const ready: { id: string; version: number; fen: number }[] = [];
  for (let i = 0; i < SETTLEMENTS; i++) {
    let ro = await open(OPEN_ROS + i);
    ro = await repairOrders.addLines(ctx, s, ro.repairOrderId, {
      version: ro.version,
      lines: [
        { kind: "labour", description: "保养", hours: 1, rateFen: 30_000, payer: "customer" },
        { kind: "part", partNo: "OF-100", qty: 1, payer: "customer" },
        { kind: "labour", description: "保修换盘", hours: 2, rateFen: 30_000, payer: "warranty" },
        { kind: "part", partNo: "BD-200", qty: 1, payer: "warranty" },
      ],
    });
    ro = await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "waiting_approval" });
    ro = await repairOrders.approve(ctx, s, ro.repairOrderId, { version: ro.version, method: "phone" });
    ro = await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "quality_check" });
    ro = await repairOrders.move(ctx, s, ro.repairOrderId, { version: ro.version, to: "ready" });
    ready.push({ id: ro.repairOrderId, version: ro.version, fen: 38_500 });
  }
  let k = 0;
  await sample(
    "repairOrders.settle",
    () => {
      const r = ready[k++]!;
      return repairOrders.settle(ctx, s, r.id, { version: r.version, amountFen: r.fen, method: "wechat" });
    },
    "RO + customer Gets, one 9-item transaction (RO, board, state, audit, claim, call task, customer + audit)",
    SETTLEMENTS,
  );
  return rows;
}

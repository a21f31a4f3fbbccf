/**
 * The retention job at volume (issue 7, H4; heavy: thousands of customers): the
 * bench store's due customers come from the index alone — the calls are one
 * Query page or a few, one Put per reminder and one Update per due customer,
 * however many customers are not due; a second run is a single Query.
 */
import { withDbStats } from "@dealeros/db";
import { retention } from "@dealeros/services";
import { describe, expect, it } from "vitest";
import { retentionStore } from "../../scripts/bench-retention.ts";
import { allItems, freshTable } from "../support/api.ts";

describe("retention job at volume", { timeout: 240_000 }, () => {
  it("reads only the due customers of 3,000 and is idempotent", async () => {
    const db = await freshTable();
    const { store, today, due } = await retentionStore(db, 3000, new Date());
    expect(due).toBe(60);
    const { result, stats } = await withDbStats(() => retention.retentionJob(store, today, { db }));
    expect(result.dueCustomers).toBe(60);
    expect(result.tasksWritten).toBeGreaterThanOrEqual(60);
    expect(result.changed).toBe(0);
    expect(stats.calls).toBe(result.calls);
    expect(stats.calls).toBe(1 + result.tasksWritten + result.dueCustomers);
    expect(stats.operations.filter((o) => /scan/i.test(o))).toEqual([]);
    const before = await allItems(db);
    const again = await withDbStats(() => retention.retentionJob(store, today, { db }));
    expect(again.stats.calls).toBe(1);
    expect(again.result.tasksWritten).toBe(0);
    expect(await allItems(db)).toEqual(before);
  });
});

/**
 * The demo's repair orders (issue 7, H2, functions/local/seed-repair.ts) on a
 * store with customers: every open state on the board, one waiting for parts
 * with its order, warranty claims, and the advisor's 3-day calls.
 */
import { addDays, localDate, newId } from "@dealeros/core";
import { type Customer, customers, type Db, identity, plan, stores } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { seedRepairOrders } from "../../functions/local/seed-repair.ts";
import { Client, freshTable, PASSWORD, setupTenant, uniqueEmail } from "../support/api.ts";

describe("demo repair orders (seed)", { timeout: 120_000 }, () => {
  const advisor = new Client("advisor");
  let db: Db;
  let base: string;
  let tenantId: string;
  let storeId: string;

  beforeAll(async () => {
    db = await freshTable();
    const t = await setupTenant({ consultants: 0 });
    storeId = t.store.storeId;
    const email = uniqueEmail("advisor");
    const inv = await t.admin.post("/api/invitations", { email, roles: ["service_advisor"], storeIds: [storeId] });
    const acc = await advisor.post(`/api/invitations/${inv.body.token}/accept`, { name: "吴涛", password: PASSWORD });
    tenantId = acc.body.user.tenantId;
    base = `/api/stores/${storeId}`;
    const at = new Date().toISOString();
    for (let i = 0; i < 30; i++) {
      const c: Customer = {
        tenantId,
        storeId,
        customerId: newId(),
        name: `客户${String(i).padStart(2, "0")}`,
        mobile: `1370000${String(1000 + i)}`,
        ownerId: "owner",
        ownerName: "Owner",
        origin: "sales",
        prospectIds: [],
        purchases: 1,
        repeatBuyer: false,
        referrals: 0,
        vehicles: [
          {
            vin: `LFVSEED00N${String(1_000_000 + i).slice(-7)}`,
            plate: `沪A${String(30_000 + i)}`,
            brand: "大众",
            modelName: "迈腾",
            lastServiceKm: 10_000 + i * 500,
            lastServiceOn: "2026-06-01",
          },
        ],
        version: 1,
        createdAt: at,
        createdBy: "test",
        createdByName: "Test",
        updatedAt: at,
      };
      await customers.transact(
        db,
        customers.createCustomerWrites(db, c, localDate(at, "Asia/Shanghai"), {
          at,
          by: "test",
          byName: "Test",
          action: "customer.created",
          detail: {},
        }),
      );
    }
    const store = (await stores.getStore(db, tenantId, storeId))!;
    const users = await identity.listUsers(db, tenantId);
    const r = await seedRepairOrders(db, { tenantId, stores: [store], users, now: new Date() });
    expect(r.repairOrders).toBe(12);
  }, 120_000);

  it("has open repair orders in every state before handover, one waiting for parts with its order", async () => {
    const board = await advisor.get(`${base}/repair-orders`);
    expect(board.status).toBe(200);
    const byState = Object.fromEntries(
      board.body.columns.map((c: { state: string; items: unknown[] }) => [c.state, c.items.length]),
    );
    for (const s of [
      "received",
      "diagnosing",
      "waiting_approval",
      "in_progress",
      "waiting_parts",
      "quality_check",
      "ready",
      "settled",
    ])
      expect(byState[s], s).toBe(1);
    const waiting = board.body.columns.find((c: { state: string }) => c.state === "waiting_parts").items[0];
    expect(waiting.partsExpectedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(waiting.waitedMinutes).toBeGreaterThan(60);
    const parts = (await advisor.get(`${base}/parts`)).body;
    expect(parts.parts.length).toBe(9);
    expect(parts.parts.find((p: { partNo: string }) => p.partNo === "WB-3G1998002").stock).toBe(0);
    expect(parts.openOrders).toHaveLength(1);
  });

  it("has warranty claims from settled repair orders and the advisor's 3-day calls", async () => {
    const claims = (await advisor.get(`${base}/warranty-claims`)).body;
    expect(claims.claims).toHaveLength(5);
    // two brake-disc claims and three OEM campaign (0.5 h) claims
    expect(claims.totalFen).toBe(2 * (60_000 + 95_000) + 3 * 15_000);
    // the OEM's decisions: one paid (short), one approved for less, one rejected, two submitted (one resubmitted)
    expect(claims.counts).toEqual({ all: 5, submitted: 2, approved: 1, rejected: 1, paid: 1 });
    const approved = claims.claims.find((c: { status: string }) => c.status === "approved");
    expect(approved).toMatchObject({ oemClaimNo: "FV-2026-120377", approvedFen: 140_000, cutFen: 15_000 });
    expect(claims.claims.find((c: { status: string }) => c.status === "rejected").rejectReason).toBeTruthy();
    expect(claims.totals).toMatchObject({ paidFen: 10_000, outstandingFen: 140_000 + 5_000 });
    expect(
      claims.claims.some(
        (c: { history: { state: string }[] }) =>
          c.history.map((h) => h.state).join() === "submitted,rejected,submitted",
      ),
    ).toBe(true);
    const today = localDate(new Date(), "Asia/Shanghai");
    let calls = 0;
    for (let d = -10; d <= 3; d++)
      calls += (await plan.storeDayPlan(db, tenantId, storeId, addDays(today, d))).filter(
        (p) => p.kind === "service_call",
      ).length;
    expect(calls).toBe(5);
  });
});

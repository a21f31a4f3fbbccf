/**
 * Cancelling a contract (manager, before payment and delivery) takes its booked
 * delivery appointment out of the consultant's plan and the store's booked
 * deliveries in the same transaction, and releases the allocated vehicle.
 */
import { addDays, localDate } from "@dealeros/core";
import { type Db, delivery } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { freshTable, setupTenant } from "../support/api.ts";
import { makeContract, makeVehicle } from "../support/delivery-fixtures.ts";

let db: Db;

describe("cancelling a contract with a booked delivery", () => {
  beforeAll(async () => {
    db = await freshTable();
  });

  it("cancels the open appointment and releases the vehicle", async () => {
    const t = await setupTenant({ consultants: 1 });
    const c1 = t.consultants[0]!;
    const storeId = t.store.storeId as string;
    const tenantId = c1.user.tenantId as string;
    const base = `/api/stores/${storeId}`;
    const today = localDate(new Date(), t.store.timeZone);
    const card = (
      await c1.client.post(`${base}/prospects`, { name: "Sun Hao", mobile: "13800003333", source: "walk_in" })
    ).body.prospect;
    const vehicle = await makeVehicle(db, tenantId, storeId);
    const c = await makeContract(db, {
      tenantId,
      storeId,
      prospectId: card.prospectId,
      customerName: card.name,
      consultant: { userId: c1.user.userId, name: c1.user.name },
      signedDate: today,
      expectedDeliveryDate: addDays(today, 5),
      vehicle,
    });
    const day = addDays(today, 3);
    const v = (await c1.client.get(`${base}/contracts/${c.contractId}/delivery`)).body.contract.version;
    const booked = await c1.client.post(`${base}/contracts/${c.contractId}/delivery/appointment`, {
      version: v,
      date: day,
      time: "10:00",
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect((await t.manager.client.get(`${base}/deliveries`)).body.appointments).toHaveLength(1);

    // a consultant cannot cancel; the manager can
    expect(
      (await c1.client.post(`${base}/contracts/${c.contractId}/cancel`, { reason: "Customer withdrew" })).status,
    ).toBe(403);
    const r = await t.manager.client.post(`${base}/contracts/${c.contractId}/cancel`, { reason: "Customer withdrew" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.contract.state).toBe("cancelled");

    const rec = await delivery.getDeliveryRecord(db, tenantId, c.contractId);
    expect(rec.appointment?.status).toBe("cancelled");
    expect((await t.manager.client.get(`${base}/deliveries`)).body.appointments).toHaveLength(0);
    const plan = await c1.client.get(`${base}/plan?date=${day}`);
    expect(
      plan.body.items.filter((i: { kind: string; status: string }) => i.kind === "delivery" && i.status === "open"),
    ).toHaveLength(0);
    expect((await t.manager.client.get(`${base}/vehicles/${vehicle.vehicleId}`)).body.vehicle.status).toBe("in_stock");
  });
});

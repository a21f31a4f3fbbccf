/**
 * Customer tasks (issue 7) against DynamoDB Local: an after-sales task lands in
 * its owner's plan with the customer link; the owner ticks it done (a second
 * tick → 409); a colleague → 404, a manager may; bad input writes nothing;
 * another tenant → 404; writing the same task twice writes it once.
 */
import { addDays, localDate, newId, zonedToUtc } from "@dealeros/core";
import { type Customer, type CustomerTask, customers, customerTasks, type Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, freshTable, setupTenant, type Tenant } from "../support/api.ts";

let db: Db;
let t: Tenant;
let other: Tenant;
let tenantId: string;
let storeId: string;
let today: string;
let customer: Customer;
let task: CustomerTask;

const taskPath = (tk: CustomerTask, base = `/api/stores/${storeId}`) =>
  `${base}/customers/${tk.customerId}/tasks/${tk.kind}/${encodeURIComponent(tk.id)}/done`;

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 2 });
  other = await setupTenant({ consultants: 1, groupName: "Other Group" });
  tenantId = t.receptionist.user.tenantId;
  storeId = t.store.storeId;
  today = localDate(new Date(), t.store.timeZone);
  const owner = t.consultants[0]!.user;
  const at = new Date().toISOString();
  customer = {
    tenantId,
    storeId,
    customerId: newId(),
    name: "王先生",
    mobile: "13812345678",
    ownerId: owner.userId,
    ownerName: owner.name,
    origin: "sales",
    prospectIds: [],
    purchases: 1,
    repeatBuyer: false,
    referrals: 0,
    vehicles: [
      {
        vin: "LFV3A23C8K3123456",
        brand: "FAW-Volkswagen",
        modelName: "迈腾 Magotan",
        purchasedOn: addDays(today, -700),
        loanEndsOn: addDays(today, 25),
      },
    ],
    version: 1,
    createdAt: at,
    createdBy: owner.userId,
    createdByName: owner.name,
    updatedAt: at,
  };
  await customers.transact(
    db,
    customers.createCustomerWrites(db, customer, today, {
      at,
      by: owner.userId,
      byName: owner.name,
      action: "customer.created",
      detail: {},
    }),
  );
  const dueAt = zonedToUtc(today, "09:00", t.store.timeZone).toISOString();
  task = {
    tenantId,
    storeId,
    kind: "retention",
    id: `loan_end#${customer.vehicles[0]!.vin}#${addDays(today, 25)}`,
    customerId: customer.customerId,
    ownerId: owner.userId,
    ownerName: owner.name,
    dueAt,
    date: today,
    status: "open",
    title: customer.name,
    note: "Loan ends soon — offer a new finance plan",
    occasion: "loan_end",
    occasionOn: addDays(today, 25),
    createdAt: at,
    updatedAt: at,
  };
  expect(await customerTasks.putCustomerTask(db, task)).toBe(true);
});

describe("customer tasks", () => {
  it("writes the same task once (idempotent)", async () => {
    expect(await customerTasks.putCustomerTask(db, task)).toBe(false);
    const items = (await allItems(db)).filter((i) => String(i.SK).startsWith("TASK#"));
    expect(items).toHaveLength(1);
  });

  it("shows in the owner's plan with the customer link", async () => {
    const r = await t.consultants[0]!.client.get(`/api/stores/${storeId}/plan?date=${today}`);
    expect(r.status).toBe(200);
    const item = r.body.items.find((i: { kind: string }) => i.kind === "retention");
    expect(item).toMatchObject({ customerId: customer.customerId, title: "王先生", status: "open" });
    // and in the customer's 360, with its kind apart from the title (the page shows the kind in the reader's language)
    const c360 = await t.consultants[0]!.client.get(`/api/stores/${storeId}/customers/${customer.customerId}`);
    expect(c360.body.calls).toContainEqual(
      expect.objectContaining({ kind: "task", taskKind: "retention", title: "王先生", status: "open" }),
    );
  });

  it("refuses a colleague (404), bad input (400) and another tenant (404), writing nothing", async () => {
    const before = await allItems(db);
    const colleague = await t.consultants[1]!.client.post(taskPath(task), {});
    expect(colleague.status).toBe(404);
    const bad = await t.consultants[0]!.client.post(taskPath(task), { outcome: "x".repeat(501) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.outcome).toMatch(/500 characters/);
    const extra = await t.consultants[0]!.client.post(taskPath(task), { outcome: "ok", ownerId: "x" });
    expect(extra.status).toBe(400);
    const foreign = await other.consultants[0]!.client.post(taskPath(task, `/api/stores/${other.store.storeId}`), {});
    expect(foreign.status).toBe(404);
    const foreignOwnStorePath = await other.admin.post(taskPath(task), {});
    expect(foreignOwnStorePath.status).toBe(404);
    expect(await allItems(db)).toEqual(before);
  });

  it("the owner ticks it done once; it leaves the open-work indexes", async () => {
    const r = await t.consultants[0]!.client.post(taskPath(task), { outcome: "Called, will come for a trade-in" });
    expect(r.status).toBe(200);
    expect(r.body.task).toMatchObject({ status: "done", outcome: "Called, will come for a trade-in" });
    const again = await t.consultants[0]!.client.post(taskPath(task), {});
    expect(again.status).toBe(409);
    const stored = (await allItems(db)).find((i) => String(i.SK).startsWith("TASK#"))!;
    expect(stored.GSI2PK).toBeUndefined();
    expect(stored.GSI3PK).toBeUndefined();
    expect(stored.GSI1PK).toBeDefined();
  });

  it("a manager may tick a consultant's task", async () => {
    const second = { ...task, id: `birthday#-#${today}`, kind: "retention" as const };
    await customerTasks.putCustomerTask(db, second);
    const r = await t.manager.client.post(taskPath(second), {});
    expect(r.status).toBe(200);
  });
});

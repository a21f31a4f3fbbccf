/**
 * The retention job (issue 7, rule 22) against DynamoDB Local: the customers due
 * in the store's retention index get one `retention` task per due occasion for
 * their owner (loan end, insurance, maintenance, birthday), the index moves to
 * the next reminder; a second run changes nothing (every item identical); a
 * customer changed meanwhile is left alone; another tenant is untouched; holiday
 * greetings (春节) for each owner with customers, once; the tasks are in the
 * owner's plan.
 */
import { addDays, localDate, newId, zonedToUtc } from "@dealeros/core";
import { type Customer, type CustomerVehicle, customers, type Db, retention, type Store, stores } from "@dealeros/db";
import { retention as retentionService } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { JOB_HANDLERS } from "../../functions/jobs/handlers.ts";
import { SCHEDULES } from "../../functions/jobs/registry.ts";
import { allItems, freshTable, setupTenant, type Tenant } from "../support/api.ts";

let db: Db;
let t: Tenant;
let other: Tenant;
let store: Store;
let otherStore: Store;
let today: string;
const made: Record<string, Customer> = {};

let vinCounter = 0;
const vin = () => `LFV3A23C8K${String(3_000_000 + vinCounter++).slice(-7)}`;

async function addCustomer(
  tt: Tenant,
  s: Store,
  ownerIdx: number,
  name: string,
  extra: { birthday?: string; vehicle?: Partial<CustomerVehicle> },
): Promise<Customer> {
  const owner = tt.consultants[ownerIdx]!.user;
  const at = new Date().toISOString();
  const c: Customer = {
    tenantId: s.tenantId,
    storeId: s.storeId,
    customerId: newId(),
    name,
    ownerId: owner.userId,
    ownerName: owner.name,
    origin: "sales",
    prospectIds: [],
    purchases: 1,
    repeatBuyer: false,
    referrals: 0,
    ...(extra.birthday ? { birthday: extra.birthday } : {}),
    vehicles: extra.vehicle
      ? [
          {
            vin: vin(),
            brand: "FAW-Volkswagen",
            modelName: "迈腾 Magotan",
            plate: `沪A${vinCounter}0001`,
            ...extra.vehicle,
          },
        ]
      : [],
    version: 1,
    createdAt: at,
    createdBy: owner.userId,
    createdByName: owner.name,
    updatedAt: at,
  };
  await customers.transact(
    db,
    customers.createCustomerWrites(db, c, today, {
      at,
      by: owner.userId,
      byName: owner.name,
      action: "customer.created",
      detail: {},
    }),
  );
  return c;
}

const tasksOf = (items: Record<string, unknown>[]) => items.filter((i) => i.type === "CustomerTask");
const metaOf = (items: Record<string, unknown>[], c: Customer) =>
  items.find((i) => i.type === "Customer" && i.customerId === c.customerId)!;

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 3 });
  other = await setupTenant({ consultants: 1, groupName: "Other Group" });
  store = (await stores.getStore(db, t.store.tenantId, t.store.storeId))!;
  otherStore = (await stores.getStore(db, other.store.tenantId, other.store.storeId))!;
  today = localDate(new Date(), store.timeZone);
  const mmdd = today.slice(5);
  made.loan = await addCustomer(t, store, 0, "王先生", {
    vehicle: {
      purchasedOn: addDays(today, -1000),
      loanEndsOn: addDays(today, 25),
      lastServiceOn: addDays(today, -30),
      lastServiceKm: 20_000,
    },
  });
  made.birthday = await addCustomer(t, store, 1, "李女士", { birthday: mmdd });
  made.maintenance = await addCustomer(t, store, 0, "张先生", {
    vehicle: { purchasedOn: addDays(today, -400), lastServiceOn: addDays(today, -200), lastServiceKm: 10_000 },
  });
  made.later = await addCustomer(t, store, 1, "赵女士", {
    vehicle: {
      purchasedOn: addDays(today, -300),
      insuranceRenewsOn: addDays(today, 65),
      lastServiceOn: addDays(today, -10),
      lastServiceKm: 5000,
    },
  });
  made.none = await addCustomer(t, store, 1, "孙先生", {});
  made.foreign = await addCustomer(other, otherStore, 0, "外部客户", {
    vehicle: { purchasedOn: addDays(today, -1000), loanEndsOn: addDays(today, 10) },
  });
});

describe("the retention job", () => {
  it("is in the schedule registry at 07:30 store time and runs on the store-local day", () => {
    const entry = SCHEDULES.find((s) => s.name === "retention");
    expect(entry?.storeLocalCron).toBe("30 7 * * *");
    const h = JOB_HANDLERS.retention!;
    // 23:40 UTC on 30 Nov is 07:40 on 1 Dec in Shanghai
    expect(h.periodFor(new Date("2026-11-30T23:40:00Z"), store)).toBe("2026-12-01");
  });

  it("indexes only the customers with a reminder ahead", async () => {
    const items = await allItems(db);
    expect(metaOf(items, made.none!).GSI3PK).toBeUndefined();
    expect(metaOf(items, made.loan!).GSI3SK).toBe(`${addDays(today, -5)}#${made.loan!.customerId}`);
    expect(metaOf(items, made.later!).GSI3SK).toBe(`${addDays(today, 35)}#${made.later!.customerId}`);
  });

  it("writes one task per due occasion for the owner, due at 09:00 store time, and moves the index", async () => {
    const report = await retentionService.retentionJob(store, today);
    expect(report).toMatchObject({ dueCustomers: 3, tasksWritten: 3, tasksExisting: 0, changed: 0 });
    expect(report.calls).toBe(1 + 3 + 3);
    const items = await allItems(db);
    const tasks = tasksOf(items);
    expect(tasks).toHaveLength(3);
    const dueAt = zonedToUtc(today, "09:00", store.timeZone).toISOString();
    const loan = tasks.find((x) => x.customerId === made.loan!.customerId)!;
    const v = made.loan!.vehicles[0]!;
    expect(loan).toMatchObject({
      kind: "retention",
      id: `loan_end#${v.vin}#${addDays(today, 25)}`,
      ownerId: t.consultants[0]!.user.userId,
      title: "王先生",
      status: "open",
      dueAt,
      date: today,
      occasion: "loan_end",
      occasionOn: addDays(today, 25),
      note: `Loan ends ${addDays(today, 25)} (FAW-Volkswagen 迈腾 Magotan ${v.plate}) — offer a trade-in or a new finance plan`,
    });
    const birthday = tasks.find((x) => x.customerId === made.birthday!.customerId)!;
    expect(birthday).toMatchObject({ occasion: "birthday", ownerId: t.consultants[1]!.user.userId, occasionOn: today });
    const maintenance = tasks.find((x) => x.customerId === made.maintenance!.customerId)!;
    expect(maintenance).toMatchObject({ occasion: "maintenance" });
    expect(
      tasks.some((x) => x.customerId === made.later!.customerId || x.customerId === made.foreign!.customerId),
    ).toBe(false);
    // indexes: the loan customer's next is its maintenance; the birthday moves a year on; the overdue maintenance leaves
    const loanNext = metaOf(items, made.loan!).GSI3SK as string;
    expect(loanNext > `${today}#`).toBe(true);
    expect(String(metaOf(items, made.birthday!).GSI3SK).slice(0, 10)).toBe(
      `${Number(today.slice(0, 4)) + 1}-${today.slice(5)}`.replace("-02-29", "-02-28"),
    );
    expect(metaOf(items, made.maintenance!).GSI3PK).toBeUndefined();
    // the customers themselves are unchanged (version, fields)
    expect(metaOf(items, made.loan!).version).toBe(1);
  });

  it("is idempotent: a second run writes nothing and every item stays identical", async () => {
    const before = await allItems(db);
    const report = await retentionService.retentionJob(store, today);
    expect(report).toMatchObject({ dueCustomers: 0, tasksWritten: 0, moved: 0, removed: 0 });
    expect(report.calls).toBe(1);
    expect(await allItems(db)).toEqual(before);
  });

  it("a re-indexed customer (e.g. edited) rewrites no task that exists", async () => {
    // an edit puts the customer back at its earliest open reminder (today or before)
    const c = made.loan!;
    const next = { ...c, note: "prefers WeChat", version: 2 };
    await customers.transact(db, customers.updateCustomerWrites(db, next, 1, today));
    made.loan = next;
    const report = await retentionService.retentionJob(store, today);
    expect(report).toMatchObject({ dueCustomers: 1, tasksWritten: 0, tasksExisting: 1, moved: 1 });
    expect(tasksOf(await allItems(db))).toHaveLength(3);
  });

  it("leaves a customer changed since it was read (version check)", async () => {
    const stale = { ...made.loan!, version: 1 };
    expect(await retention.moveRetentionIndex(db, stale, "2099-01-01")).toBe(false);
    const meta = metaOf(await allItems(db), made.loan!);
    expect(String(meta.GSI3SK).startsWith("2099")).toBe(false);
  });

  it("does not touch another tenant's store", async () => {
    const items = await allItems(db);
    expect(tasksOf(items).some((x) => x.tenantId === otherStore.tenantId)).toBe(false);
    expect(String(metaOf(items, made.foreign!).GSI3SK) <= `${today}#~`).toBe(true);
    const r = await retentionService.retentionJob(otherStore, today);
    // its loan end and its maintenance (6 months after the handover, long past)
    expect(r.tasksWritten).toBe(2);
  });

  it("puts the reminder in the owner's plan, and only there", async () => {
    const mine = await t.consultants[0]!.client.get(`/api/stores/${store.storeId}/plan?date=${today}`);
    expect(mine.status).toBe(200);
    const kinds = mine.body.items.filter((i: { kind: string }) => i.kind === "retention");
    expect(kinds.map((i: { title: string }) => i.title).sort()).toEqual(["张先生", "王先生"]);
    const theirs = await t.consultants[2]!.client.get(`/api/stores/${store.storeId}/plan?date=${today}`);
    expect(theirs.body.items.filter((i: { kind: string }) => i.kind === "retention")).toEqual([]);
  });
});

describe("holiday greetings", () => {
  // 春节 2027 is 6 February: the greeting window is 3–5 February
  const day = "2027-02-04";

  it("writes one greeting per owner with customers, counting them, once", async () => {
    const report = await retentionService.retentionJob(store, day);
    expect(report.greetings).toEqual([
      { holiday: "spring_festival", on: "2027-02-06", owners: 2, written: 2, customers: 5 },
    ]);
    const greetings = (await allItems(db)).filter((i) => i.type === "Greeting");
    expect(greetings).toHaveLength(2);
    const first = greetings.find((g) => g.ownerId === t.consultants[0]!.user.userId)!;
    expect(first).toMatchObject({ kind: "greeting", customers: 2, holidayOn: "2027-02-06", date: day, status: "open" });
    // consultant 3 has no customers: no greeting
    expect(greetings.some((g) => g.ownerId === t.consultants[2]!.user.userId)).toBe(false);

    const before = await allItems(db);
    const again = await retentionService.retentionJob(store, "2027-02-05");
    expect(again.greetings[0]).toMatchObject({ owners: 2, written: 0 });
    expect((await allItems(db)).filter((i) => i.type === "Greeting")).toEqual(
      before.filter((i) => i.type === "Greeting"),
    );
  });

  it("shows the greeting in the owner's plan of that day", async () => {
    const r = await t.consultants[1]!.client.get(`/api/stores/${store.storeId}/plan?date=${day}`);
    expect(r.status).toBe(200);
    expect(r.body.items.find((i: { kind: string }) => i.kind === "greeting")).toMatchObject({
      customers: 3,
      status: "open",
    });
  });

  it("the owner ticks his greeting done; anyone else or another tenant → 404; twice → 409", async () => {
    const id = `spring_festival#2027-02-06#${t.consultants[1]!.user.userId}`;
    const path = (sid = store.storeId) => `/api/stores/${sid}/greetings/${encodeURIComponent(id)}/done`;
    const before = await allItems(db);
    expect((await t.consultants[0]!.client.post(path())).status).toBe(404);
    expect((await other.admin.post(path())).status).toBe(404);
    expect((await other.consultants[0]!.client.post(path(other.store.storeId))).status).toBe(404);
    expect((await t.consultants[1]!.client.post(`/api/stores/${store.storeId}/greetings/nonsense/done`)).status).toBe(
      404,
    );
    expect(await allItems(db)).toEqual(before);
    const done = await t.consultants[1]!.client.post(path());
    expect(done.status).toBe(200);
    const g = (await allItems(db)).find((i) => i.type === "Greeting" && i.ownerId === t.consultants[1]!.user.userId)!;
    expect(g).toMatchObject({ status: "done" });
    expect(g.GSI2PK).toBeUndefined();
    expect((await t.consultants[1]!.client.post(path())).status).toBe(409);
  });

  it("writes nothing outside the window", async () => {
    const report = await retentionService.retentionJob(store, "2027-02-06");
    expect(report.greetings).toEqual([]);
  });
});

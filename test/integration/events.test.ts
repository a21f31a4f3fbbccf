/**
 * Events and promotions (issue 7, rule 22) against DynamoDB Local: a manager
 * creates an event, previews and invites the store's customers by filters
 * (invitations + the owners' event_invite tasks, idempotent), owners record
 * answers (capacity respected) and attendance from the event's day on; the
 * success rates per event and store; roles, bad input (4xx, nothing written),
 * the 2,000 cap, and another tenant → 404 on every endpoint.
 */
import { addDays, localDate, newId } from "@dealeros/core";
import { type Customer, type CustomerVehicle, customers, type Db, type Store, stores } from "@dealeros/db";
import { type Ctx, events } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, freshTable, setupTenant, type Tenant } from "../support/api.ts";

let db: Db;
let t: Tenant;
let other: Tenant;
let store: Store;
let today: string;
let base: string;
const cs: Customer[] = [];
let eventId: string;
let todayEventId: string;

let vinCounter = 0;
async function addCustomer(ownerIdx: number, name: string, vehicle: Partial<CustomerVehicle>): Promise<Customer> {
  const owner = t.consultants[ownerIdx]!.user;
  const at = new Date().toISOString();
  const c: Customer = {
    tenantId: store.tenantId,
    storeId: store.storeId,
    customerId: newId(),
    name,
    mobile: `1391234${String(5000 + vinCounter).padStart(4, "0")}`,
    ownerId: owner.userId,
    ownerName: owner.name,
    origin: "sales",
    prospectIds: [],
    purchases: 1,
    repeatBuyer: false,
    referrals: 0,
    vehicles: [
      {
        vin: `LFV3A23C8K${String(4_000_000 + vinCounter++).slice(-7)}`,
        brand: "FAW-Volkswagen",
        modelName: "迈腾 Magotan",
        ...vehicle,
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

const itemsOfType = async (type: string) => (await allItems(db)).filter((i) => i.type === type);

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 2 });
  other = await setupTenant({ consultants: 1, groupName: "Other Group" });
  store = (await stores.getStore(db, t.store.tenantId, t.store.storeId))!;
  today = localDate(new Date(), store.timeZone);
  base = `/api/stores/${store.storeId}/events`;
  cs.push(await addCustomer(0, "王先生", { purchasedOn: "2024-03-01", lastServiceOn: "2025-09-01" }));
  cs.push(await addCustomer(0, "张先生", { purchasedOn: "2023-06-01", modelName: "探岳 Tayron" }));
  cs.push(await addCustomer(1, "李女士", { purchasedOn: "2024-11-20", lastServiceOn: addDays(today, -20) }));
  cs.push(await addCustomer(1, "赵女士", { purchasedOn: "2022-05-05" }));
});

describe("events", () => {
  it("refuses bad input (400) and a consultant (403), writing nothing", async () => {
    const before = await allItems(db);
    const bad = await t.manager.client.post(base, { title: "", kind: "party", date: "2026-02-30", startTime: "9am" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(
      expect.arrayContaining(["title", "kind", "date", "startTime", "place"]),
    );
    const extra = await t.manager.client.post(base, {
      title: "x",
      kind: "event",
      date: addDays(today, 14),
      startTime: "10:00",
      place: "Showroom",
      storeId: "other",
    });
    expect(extra.status).toBe(400);
    const consultant = await t.consultants[0]!.client.post(base, {
      title: "x",
      kind: "event",
      date: addDays(today, 14),
      startTime: "10:00",
      place: "Showroom",
    });
    expect(consultant.status).toBe(403);
    expect(await allItems(db)).toEqual(before);
  });

  it("creates an event (audited) and lists it with one Query", async () => {
    const r = await t.manager.client.post(base, {
      title: "冬季免费检测 Winter check",
      kind: "event",
      date: addDays(today, 14),
      startTime: "10:00",
      endTime: "16:00",
      place: "Showroom",
      description: "Free 30-point check and coffee",
      capacity: 2,
    });
    expect(r.status).toBe(201);
    expect(r.body.event).toMatchObject({ invited: 0, accepted: 0, capacity: 2, acceptedRate: null });
    eventId = r.body.event.eventId;
    const t2 = await t.manager.client.post(base, {
      title: "Trade-in day",
      kind: "promotion",
      date: today,
      startTime: "09:30",
      place: "Showroom",
    });
    todayEventId = t2.body.event.eventId;
    const list = await t.consultants[0]!.client.get(base);
    expect(list.status).toBe(200);
    expect(list.body.events.map((e: { eventId: string }) => e.eventId)).toEqual([eventId, todayEventId]);
    expect(list.dbCalls).toBeLessThanOrEqual(2);
    const audit = (await allItems(db)).filter((i) => i.type === "EventAudit");
    expect(audit.some((a) => a.action === "event.created" && a.by === t.manager.user.userId)).toBe(true);
  });

  it("previews the customers the filters pick", async () => {
    const all = await t.manager.client.get(`${base}/${eventId}/candidates`);
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(4);
    const model = await t.manager.client.get(
      `${base}/${eventId}/candidates?model=${encodeURIComponent("迈腾 magotan")}`,
    );
    expect(model.body.count).toBe(3);
    const year = await t.manager.client.get(`${base}/${eventId}/candidates?purchaseYear=2024`);
    expect(year.body.sample.map((c: { name: string }) => c.name).sort()).toEqual(["李女士", "王先生"]);
    const service = await t.manager.client.get(`${base}/${eventId}/candidates?lastServiceBefore=2025-01-01`);
    expect(service.body.sample.map((c: { name: string }) => c.name).sort()).toEqual(["张先生", "赵女士"]);
    const owner = await t.manager.client.get(`${base}/${eventId}/candidates?ownerId=${t.consultants[1]!.user.userId}`);
    expect(owner.body.count).toBe(2);
    const bad = await t.manager.client.get(`${base}/${eventId}/candidates?purchaseYear=soon`);
    expect(bad.status).toBe(400);
  });

  it("refuses more than the cap per event (422), writing nothing", async () => {
    const before = await allItems(db);
    const me = (await t.manager.client.get("/api/me")).body.user;
    const ctx: Ctx = { actor: { ...me, tenantId: store.tenantId } as Ctx["actor"], db };
    await expect(events.inviteCustomers(ctx, store.storeId, eventId, {}, { maxInvitations: 3 })).rejects.toThrow(
      "An event can invite at most 3 customers: these filters add 4 to 0 invited. Narrow the filters.",
    );
    expect(await allItems(db)).toEqual(before);
  });

  it("invites by filters: invitations, the owners' tasks, the counter; again → nothing new", async () => {
    const bad = await t.manager.client.post(`${base}/${eventId}/invitations`, { purchaseYear: 1800 });
    expect(bad.status).toBe(400);
    const consultant = await t.consultants[0]!.client.post(`${base}/${eventId}/invitations`, {});
    expect(consultant.status).toBe(403);
    const r = await t.manager.client.post(`${base}/${eventId}/invitations`, { model: "迈腾 Magotan" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ invited: 3, total: 3 });
    const tasks = (await itemsOfType("CustomerTask")).filter((x) => x.kind === "event_invite");
    expect(tasks).toHaveLength(3);
    expect(tasks.every((x) => x.id === eventId && x.status === "open" && x.date === addDays(today, 7))).toBe(true);
    expect(tasks.find((x) => x.customerId === cs[2]!.customerId)?.ownerId).toBe(t.consultants[1]!.user.userId);

    const before = await allItems(db);
    const again = await t.manager.client.post(`${base}/${eventId}/invitations`, { model: "迈腾 Magotan" });
    expect(again.body).toEqual({ invited: 0, total: 3 });
    expect(await allItems(db)).toEqual(before);

    const rest = await t.manager.client.post(`${base}/${eventId}/invitations`, {});
    expect(rest.body).toEqual({ invited: 1, total: 4 });
    const ev = await t.manager.client.get(`${base}/${eventId}`);
    expect(ev.status).toBe(200);
    expect(ev.dbCalls).toBeLessThanOrEqual(2);
    expect(ev.body.event.invited).toBe(4);
    expect(ev.body.invitations).toHaveLength(4);
  });

  it("shows a consultant only his customers' invitations", async () => {
    const r = await t.consultants[0]!.client.get(`${base}/${eventId}`);
    expect(r.body.invitations.map((i: { customerName: string }) => i.customerName).sort()).toEqual(
      ["张先生", "王先生"].sort(),
    );
  });

  it("records answers by the owner, moves the counters, closes the task and keeps to the capacity", async () => {
    const path = (c: Customer, what = "rsvp") => `${base}/${eventId}/invitations/${c.customerId}/${what}`;
    const colleague = await t.consultants[1]!.client.post(path(cs[0]!), { answer: "accepted" });
    expect(colleague.status).toBe(404);
    const before = await allItems(db);
    const bad = await t.consultants[0]!.client.post(path(cs[0]!), { answer: "maybe" });
    expect(bad.status).toBe(400);
    expect(await allItems(db)).toEqual(before);

    const a = await t.consultants[0]!.client.post(path(cs[0]!), { answer: "accepted" });
    expect(a.status).toBe(200);
    expect(a.body.invitation.status).toBe("accepted");
    const task = (await itemsOfType("CustomerTask")).find(
      (x) => x.kind === "event_invite" && x.customerId === cs[0]!.customerId,
    );
    expect(task).toMatchObject({ status: "done", outcome: "accepted" });
    expect((await t.consultants[0]!.client.post(path(cs[1]!), { answer: "accepted" })).status).toBe(200);
    // capacity 2: the third acceptance is refused, nothing written
    const full0 = await allItems(db);
    const full = await t.consultants[1]!.client.post(path(cs[2]!), { answer: "accepted" });
    expect(full.status).toBe(409);
    expect(full.body.error.message).toBe("The event is full: 2 places are taken.");
    expect(await allItems(db)).toEqual(full0);
    // a change of mind frees the place
    expect((await t.consultants[0]!.client.post(path(cs[1]!), { answer: "declined" })).status).toBe(200);
    expect((await t.consultants[1]!.client.post(path(cs[2]!), { answer: "accepted" })).status).toBe(200);
    const ev = (await t.manager.client.get(`${base}/${eventId}`)).body.event;
    expect(ev).toMatchObject({ invited: 4, accepted: 2, declined: 1, attended: 0, acceptedRate: 50, attendedRate: 0 });
    // attendance only from the event's day on
    const early = await t.consultants[0]!.client.post(path(cs[0]!, "attendance"), { attended: true });
    expect(early.status).toBe(422);
  });

  it("records attendance on the day and gives the success rates per event and store", async () => {
    const inv = await t.manager.client.post(`${base}/${todayEventId}/invitations`, {
      ownerId: t.consultants[0]!.user.userId,
    });
    expect(inv.body.invited).toBe(2);
    const path = (c: Customer, what: string) => `${base}/${todayEventId}/invitations/${c.customerId}/${what}`;
    expect((await t.consultants[0]!.client.post(path(cs[0]!, "rsvp"), { answer: "accepted" })).status).toBe(200);
    const came = await t.consultants[0]!.client.post(path(cs[0]!, "attendance"), { attended: true });
    expect(came.status).toBe(200);
    expect(came.body.invitation.status).toBe("attended");
    expect((await t.consultants[0]!.client.post(path(cs[1]!, "attendance"), { attended: false })).status).toBe(200);
    const bad = await t.consultants[0]!.client.post(path(cs[1]!, "attendance"), { attended: "yes" });
    expect(bad.status).toBe(400);
    const answerAfter = await t.consultants[0]!.client.post(path(cs[0]!, "rsvp"), { answer: "declined" });
    expect(answerAfter.status).toBe(409);
    const list = await t.manager.client.get(base);
    const ev = list.body.events.find((e: { eventId: string }) => e.eventId === todayEventId);
    expect(ev).toMatchObject({ invited: 2, accepted: 1, attended: 1, noShow: 1, acceptedRate: 50, attendedRate: 50 });
    // store: 6 invited, 3 accepted, 1 attended
    expect(list.body.totals).toEqual({ invited: 6, accepted: 3, attended: 1, acceptedRate: 50, attendedRate: 16.7 });

    // the customer 360 lists both invitations with the answer and the attendance, from its one history query
    const c360 = await t.consultants[0]!.client.get(`/api/stores/${store.storeId}/customers/${cs[0]!.customerId}`);
    expect(c360.status).toBe(200);
    const invitations = c360.body.history.filter((h: { kind: string }) => h.kind === "event");
    expect(invitations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: todayEventId, status: "attended", storeId: store.storeId }),
        expect.objectContaining({ id: eventId, status: "accepted", storeId: store.storeId }),
      ]),
    );
    expect(invitations).toHaveLength(2);
    expect(
      c360.body.history.every((h: { at: string }, i: number, all: { at: string }[]) => !i || all[i - 1]!.at >= h.at),
    ).toBe(true);
    // the event page does not carry the history copy
    const page = (await t.manager.client.get(`${base}/${todayEventId}`)).body;
    expect(JSON.stringify(page)).not.toContain('"history"');
  });

  it("answers 404 to another tenant on every endpoint, writing nothing", async () => {
    const before = await allItems(db);
    const o = other.admin;
    const own = `/api/stores/${other.store.storeId}/events`;
    const c = cs[0]!.customerId;
    const calls = [
      o.get(base),
      o.post(base, { title: "x", kind: "event", date: addDays(today, 3), startTime: "10:00", place: "x" }),
      o.get(`${base}/${eventId}`),
      o.get(`${own}/${eventId}`),
      o.get(`${own}/${eventId}/candidates`),
      o.post(`${own}/${eventId}/invitations`, {}),
      o.post(`${own}/${eventId}/invitations/${c}/rsvp`, { answer: "declined" }),
      o.post(`${own}/${todayEventId}/invitations/${c}/attendance`, { attended: false }),
      o.post(`${base}/${eventId}/invitations/${c}/rsvp`, { answer: "declined" }),
    ];
    for (const r of await Promise.all(calls)) expect(r.status).toBe(404);
    expect(await allItems(db)).toEqual(before);
  });
});

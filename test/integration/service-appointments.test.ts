/**
 * Service appointments levelled to workshop capacity (issue 7, H1): settings,
 * free places and suggestions, booking with the slot counters (full slot → 409,
 * two advisors racing for the last place → exactly one wins), the arrival board,
 * arrived / no-show / cancel giving places back, the customer tasks, bad input,
 * and tenant isolation of every endpoint.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, DEFAULT_SERVICE_SETTINGS, localDate, weekdayIndex } from "@dealeros/core";
import { type Customer, customerTasks, keys } from "@dealeros/db";
import { service } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, freshTable, setupTenant, type Tenant } from "../support/api.ts";
import { joinStore, makeCustomer } from "../support/service.ts";

type Db = Awaited<ReturnType<typeof freshTable>>;

/** A Monday at least 3 days ahead in Shanghai (the workshop's default hours: 08:00–18:00). */
function nextMonday(): string {
  let d = addDays(localDate(new Date(), "Asia/Shanghai"), 3);
  while (weekdayIndex(d) !== 0) d = addDays(d, 1);
  return d;
}

async function counter(db: Db, tenantId: string, storeId: string, date: string, hour: string) {
  const items = await allItems(db);
  const k = keys.workshopSlot(tenantId, storeId, date, hour);
  return Number(items.find((i) => i.PK === k.PK && i.SK === k.SK)?.used ?? 0);
}

const appointmentsIn = (items: Record<string, unknown>[]) => items.filter((i) => i.type === "ServiceAppointment");

describe("service appointments", () => {
  let db: Db;
  let t: Tenant;
  let other: Tenant;
  let advisor: Awaited<ReturnType<typeof joinStore>>;
  let advisor2: Awaited<ReturnType<typeof joinStore>>;
  let tenantId: string;
  let storeId: string;
  let base: string;
  let cust: Customer[];
  let otherCustomer: Customer;
  const day = nextMonday();

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 1 });
    other = await setupTenant({ consultants: 0, groupName: "Other Group" });
    advisor = await joinStore(t, "Advisor Wu", ["service_advisor"]);
    advisor2 = await joinStore(t, "Advisor Li", ["service_advisor"]);
    tenantId = advisor.user.tenantId;
    storeId = t.store.storeId;
    base = `/api/stores/${storeId}/service`;
    cust = [];
    for (const name of ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆"])
      cust.push(await makeCustomer(db, storeId, tenantId, name));
    otherCustomer = await makeCustomer(db, other.store.storeId, other.store.tenantId, "赵磊");
  });

  const book = (c: Client, customer: Customer, time: string, extra: Record<string, unknown> = {}) =>
    c.post(`${base}/appointments`, {
      customerId: customer.customerId,
      vin: customer.vehicles[0]!.vin,
      serviceType: "maintenance",
      date: day,
      time,
      ...extra,
    });

  it("has default settings, saves new ones (version-checked, audited) and refuses bad input field by field", async () => {
    const g = await advisor.client.get(`${base}/settings`);
    expect(g.status).toBe(200);
    expect(g.body.settings.version).toBe(0);
    expect(g.body.settings.serviceTypes.map((s: { code: string }) => s.code)).toEqual([
      "maintenance",
      "repair",
      "warranty",
      "bodywork",
      "pdi",
    ]);
    const before = (await allItems(db)).length;
    const bad = await advisor.client.put(`${base}/settings`, {
      ...DEFAULT_SERVICE_SETTINGS,
      version: 0,
      bays: 0,
      weekHours: DEFAULT_SERVICE_SETTINGS.weekHours.slice(1),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.bays).toBe("At least 1 bay.");
    expect(bad.body.error.fields.weekHours).toBe("weekHours must list the 7 weekdays, Monday first.");
    expect((await allItems(db)).length).toBe(before);

    const denied = await t.receptionist.client.put(`${base}/settings`, { ...DEFAULT_SERVICE_SETTINGS, version: 0 });
    expect(denied.status).toBe(403);

    const saved = await advisor.client.put(`${base}/settings`, {
      ...DEFAULT_SERVICE_SETTINGS,
      version: 0,
      bays: 3,
      technicians: 2,
      closedDates: [addDays(day, 1)],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.version).toBe(1);
    const stale = await advisor2.client.put(`${base}/settings`, { ...DEFAULT_SERVICE_SETTINGS, version: 0 });
    expect(stale.status).toBe(409);
    const audit = (await allItems(db)).filter((i) => i.type === "Audit" && i.action === "service.settings");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.byName).toBe("Advisor Wu");
  });

  it("shows free places per slot (capacity = min(bays, technicians)) and suggestions in two reads", async () => {
    const r = await advisor.client.get(`${base}/slots?date=${day}&serviceType=bodywork`);
    expect(r.status).toBe(200);
    expect(r.body.capacityPerSlot).toBe(2);
    expect(r.body.durationHours).toBe(4);
    expect(r.body.slots).toHaveLength(10);
    expect(r.body.slots[0]).toEqual({ hour: "08", time: "08:00", capacity: 2, used: 0, free: 2 });
    expect(r.body.starts.map((s: { time: string }) => s.time).at(-1)).toBe("14:00");
    expect(r.body.suggestions).toEqual(["08:00", "09:00", "10:00"]);
    // the session with the store, the settings Get and the day's counters Query
    expect(r.dbCalls).toBeLessThanOrEqual(3);

    const closed = await advisor.client.get(`${base}/slots?date=${addDays(day, 1)}`);
    expect(closed.body.closed).toBe(true);
    expect(closed.body.suggestions).toEqual([]);
    const unknown = await advisor.client.get(`${base}/slots?date=${day}&serviceType=tyres`);
    expect(unknown.status).toBe(400);
    const badDate = await advisor.client.get(`${base}/slots?date=2026-13-01`);
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.fields.date).toBe("Use a date like 2026-11-26.");
  });

  it("books into the slots, gives the advisor a confirm task, and refuses a full slot with nothing written", async () => {
    const a = await book(advisor.client, cust[0]!, "10:00", { concern: "保养，左前轮异响" });
    expect(a.status).toBe(201);
    const appt = a.body.appointment;
    expect(appt).toMatchObject({
      status: "expected",
      hours: ["10"],
      advisorName: "Advisor Wu",
      customerName: "王伟",
      vehicleLabel: `${cust[0]!.vehicles[0]!.plate} · 大众 帕萨特`,
    });
    const task = await customerTasks.getCustomerTask(
      db,
      tenantId,
      cust[0]!.customerId,
      "service_confirm",
      appt.appointmentId,
    );
    expect(task).toMatchObject({ status: "open", ownerId: advisor.user.userId });
    expect(task!.note).toContain("保养");
    expect(await counter(db, tenantId, storeId, day, "10")).toBe(1);

    // the receptionist books for advisor Li
    const b = await book(t.receptionist.client, cust[1]!, "10:00", { advisorId: advisor2.user.userId });
    expect(b.status).toBe(201);
    expect(b.body.appointment.advisorName).toBe("Advisor Li");

    const before = await allItems(db);
    const full = await book(advisor.client, cust[2]!, "10:00");
    expect(full.status).toBe(409);
    expect(full.body.error.message).toBe("The 10:00 slot is full (2 of 2 cars). Choose another time.");
    // a 2-hour repair from 09:00 runs into the full 10:00 slot too
    const repair = await book(advisor.client, cust[2]!, "09:00", { serviceType: "repair" });
    expect(repair.status).toBe(409);
    expect(repair.body.error.fields.time).toBe("The 10:00 slot is full (2 of 2 cars). Choose another time.");
    const after = await allItems(db);
    expect(after.length).toBe(before.length);
    expect(await counter(db, tenantId, storeId, day, "09")).toBe(0);

    const slots = await advisor.client.get(`${base}/slots?date=${day}&serviceType=maintenance`);
    expect(slots.body.slots.find((s: { hour: string }) => s.hour === "10").free).toBe(0);
    expect(slots.body.suggestions).not.toContain("10:00");
  });

  it("lets exactly one of two advisors racing for the last place win", async () => {
    expect((await book(advisor.client, cust[3]!, "14:00")).status).toBe(201);
    const [x, y] = await Promise.all([
      book(advisor.client, cust[4]!, "14:00"),
      book(advisor2.client, cust[5]!, "14:00"),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    expect(await counter(db, tenantId, storeId, day, "14")).toBe(2);
    const at14 = appointmentsIn(await allItems(db)).filter((i) => (i.hours as string[]).includes("14"));
    expect(at14).toHaveLength(2);
  });

  it("refuses bad bookings with a clear 4xx and writes nothing", async () => {
    const before = (await allItems(db)).length;
    const cases: [Record<string, unknown>, number, string, string][] = [
      [
        { time: "15:00", serviceType: "bodywork" },
        422,
        "time",
        "A 4-hour job starting at 15:00 runs past closing time (18:00).",
      ],
      [{ time: "07:00" }, 422, "time", `The workshop is open 08:00–18:00 on ${day}; start within those hours.`],
      [{ date: addDays(day, 1) }, 422, "time", `The workshop is closed on ${addDays(day, 1)}.`],
      [{ date: "2020-01-06" }, 422, "date", "Choose today or a later date."],
      [{ vin: cust[1]!.vehicles[0]!.vin }, 422, "vin", "This vehicle is not one of the customer's cars."],
      [{ serviceType: "tyres" }, 422, "serviceType", "Choose one of this store's service types."],
      [{ time: "10:30" }, 400, "time", "Use a whole hour like 08:00."],
      [{ advisorId: t.consultants[0]!.user.userId }, 422, "advisorId", "Choose a service advisor of this store."],
      [{ customerId: "nope" }, 400, "customerId", "Not a valid id."],
      [{ extra: 1 }, 400, "_", "Unknown field(s): extra."],
    ];
    for (const [patch, status, field, message] of cases) {
      const r = await book(advisor.client, cust[2]!, "11:00", patch);
      expect(r.status, JSON.stringify(patch)).toBe(status);
      expect(r.body.error.fields[field], JSON.stringify(patch)).toBe(message);
    }
    // the admin (no advisor role) must name the advisor
    const noAdvisor = await book(t.admin, cust[2]!, "11:00");
    expect(noAdvisor.status).toBe(400);
    expect(noAdvisor.body.error.fields.advisorId).toBe("Choose the service advisor.");
    // consultants do not work the service desk
    expect((await book(t.consultants[0]!.client, cust[2]!, "11:00")).status).toBe(403);
    expect((await allItems(db)).length).toBe(before);
  });

  it("shows the arrival board in one Query with counts, and moves appointments on", async () => {
    const board = await advisor.client.get(`${base}/arrivals?date=${day}`);
    expect(board.status).toBe(200);
    expect(board.dbCalls).toBeLessThanOrEqual(2);
    expect(board.body.counts).toEqual({ expected: 4, arrived: 0, no_show: 0, cancelled: 0, total: 4 });
    const times = board.body.appointments.map((a: { startAt: string }) => a.startAt);
    expect(times).toEqual([...times].sort());
    const [first, second, third] = board.body.appointments;

    const arrived = await advisor.client.post(`${base}/appointments/${first.appointmentId}/arrive`, {});
    expect(arrived.status).toBe(200);
    expect(arrived.body.appointment.status).toBe("arrived");
    const again = await advisor.client.post(`${base}/appointments/${first.appointmentId}/arrive`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("This car has already arrived.");
    // arrived cars keep their place
    expect(await counter(db, tenantId, storeId, day, "10")).toBe(2);

    // a no-show before its time is refused
    const early = await advisor.client.post(`${base}/appointments/${second.appointmentId}/no-show`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.message).toBe("A no-show can be recorded once the appointment time (10:00) has passed.");

    const cancelled = await advisor.client.post(`${base}/appointments/${third.appointmentId}/cancel`, {
      reason: "客户改期",
    });
    expect(cancelled.status).toBe(200);
    expect(await counter(db, tenantId, storeId, day, "14")).toBe(1);
    const confirm = await customerTasks.getCustomerTask(
      db,
      tenantId,
      third.customerId,
      "service_confirm",
      third.appointmentId,
    );
    expect(confirm!.status).toBe("cancelled");
    expect((await advisor.client.post(`${base}/appointments/${third.appointmentId}/cancel`, {})).status).toBe(409);

    const detail = await advisor.client.get(`${base}/appointments/${third.appointmentId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.audit.map((e: { action: string }) => e.action)).toEqual(["service.booked", "service.cancelled"]);
    expect(detail.body.confirmation).toContain("14:00");

    const after = await advisor.client.get(`${base}/arrivals?date=${day}`);
    expect(after.body.counts).toEqual({ expected: 2, arrived: 1, no_show: 0, cancelled: 1, total: 4 });
  });

  it("records a no-show after its time: places back, one follow-up task for the advisor, the history updated", async () => {
    const board = await advisor.client.get(`${base}/arrivals?date=${day}`);
    const second = board.body.appointments.find(
      (a: { status: string; startAt: string }) => a.status === "expected" && a.startAt.endsWith("02:00:00.000Z"),
    );
    const ctx = { actor: advisor.user };
    const later = new Date(new Date(second.startAt).getTime() + 90 * 60_000);
    const r = await service.markNoShow(ctx, storeId, second.appointmentId, {}, { now: later });
    expect(r.status).toBe("no_show");
    expect(await counter(db, tenantId, storeId, day, "10")).toBe(1);
    const task = await customerTasks.getCustomerTask(
      db,
      tenantId,
      second.customerId,
      "service_no_show",
      second.appointmentId,
    );
    expect(task).toMatchObject({ status: "open", ownerId: second.advisorId, refId: second.appointmentId });
    await expect(service.markNoShow(ctx, storeId, second.appointmentId, {}, { now: later })).rejects.toThrow(
      "This appointment was marked as a no-show.",
    );
    const tasks = (await allItems(db)).filter((i) => i.kind === "service_no_show");
    expect(tasks).toHaveLength(1);
    // the customer's history (GSI5) carries the current status
    const h = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: "GSI5",
        KeyConditionExpression: "GSI5PK = :pk",
        ExpressionAttributeValues: { ":pk": keys.customerHistory(tenantId, second.customerId) },
      }),
    );
    expect(h.Items).toHaveLength(1);
    expect(h.Items![0]!.history).toMatchObject({ kind: "appointment", status: "no_show", id: second.appointmentId });
  });

  it("answers 404 to another tenant for every endpoint, and lists never mix tenants", async () => {
    const appt = (await advisor.client.get(`${base}/arrivals?date=${day}`)).body.appointments[0];
    const b = other.admin;
    const mine = `/api/stores/${other.store.storeId}/service`;
    const theirs = base;
    const calls: [string, string, unknown?][] = [
      ["GET", `${theirs}/settings`],
      ["PUT", `${theirs}/settings`, { ...DEFAULT_SERVICE_SETTINGS, version: 1 }],
      ["GET", `${theirs}/slots?date=${day}`],
      ["GET", `${theirs}/advisors`],
      ["GET", `${theirs}/arrivals?date=${day}`],
      [
        "POST",
        `${theirs}/appointments`,
        {
          customerId: cust[2]!.customerId,
          vin: cust[2]!.vehicles[0]!.vin,
          serviceType: "maintenance",
          date: day,
          time: "16:00",
          advisorId: advisor.user.userId,
        },
      ],
      ["GET", `${theirs}/appointments/${appt.appointmentId}`],
      ["POST", `${theirs}/appointments/${appt.appointmentId}/arrive`, {}],
      ["POST", `${theirs}/appointments/${appt.appointmentId}/no-show`, {}],
      ["POST", `${theirs}/appointments/${appt.appointmentId}/cancel`, {}],
      // their own store, our records
      ["GET", `${mine}/appointments/${appt.appointmentId}`],
      ["POST", `${mine}/appointments/${appt.appointmentId}/arrive`, {}],
      ["POST", `${mine}/appointments/${appt.appointmentId}/no-show`, {}],
      ["POST", `${mine}/appointments/${appt.appointmentId}/cancel`, {}],
      [
        "POST",
        `${mine}/appointments`,
        {
          customerId: cust[2]!.customerId,
          vin: cust[2]!.vehicles[0]!.vin,
          serviceType: "maintenance",
          date: day,
          time: "16:00",
        },
      ],
    ];
    for (const [method, path, body] of calls) {
      const r = await b.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    // every service route with bare input (no query, empty body), as the generic isolation test calls it
    const { serviceRoutes } = await import("../../functions/http/routes-service.ts");
    const before = (await allItems(db)).length;
    for (const route of serviceRoutes) {
      const path = route.path.replace("{storeId}", storeId).replace(/\{\w+\}/g, appt.appointmentId);
      const r = await b.call(route.method, path, route.method === "GET" ? undefined : {});
      expect(r.status, `${route.method} ${route.path}`).toBe(404);
    }
    expect((await allItems(db)).length).toBe(before);
    // the other tenant's own board is empty; ours did not change
    const own = await b.get(`${mine}/arrivals?date=${day}`);
    expect(own.body.counts.total).toBe(0);
    expect(otherCustomer.storeId).toBe(other.store.storeId);
    const ours = await advisor.client.get(`${base}/arrivals?date=${day}`);
    expect(ours.body.counts.total).toBe(4);
  });
});

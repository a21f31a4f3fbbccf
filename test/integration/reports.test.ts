/**
 * Reports (issue 6): the day statistics computed from a day's records, the
 * `day-stats` and `daily-report` jobs (idempotent, mailed once to the GMs and
 * finance — into the outbox locally), the period reports read from the
 * statistics in one Query, the consultant's own row, and tenant isolation.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays, emptyCounts, localDate } from "@dealeros/core";
import { type Contract, type DayStats, type Db, stats } from "@dealeros/db";
import { reports } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { runForPeriod } from "../../functions/jobs/run.ts";
import { allItems, Client, freshTable, PASSWORD, setupTenant, uniqueEmail } from "../support/api.ts";
import { makeContract, makeVehicle } from "../support/delivery-fixtures.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).toString("base64");
const DONE = {
  checklist: { documents: true, keys: true, functions: true, accessories: true, photos: true },
  keysHandedOver: 2,
  customerSigned: true,
};

let db: Db;
let t: Tenant;
let other: Tenant;
let tenantId: string;
let storeId: string;
let base: string;
let today: string;
let gm: { client: Client; email: string };
let salesAdmin: Client;
let c1: Tenant["consultants"][number];
let c2: Tenant["consultants"][number];
let ordered: Contract;
let delivered: Contract;

async function joinAs(T: Tenant, name: string, roles: string[]) {
  const email = uniqueEmail(name.toLowerCase().replace(/\s+/g, "-"));
  const inv = await T.admin.post("/api/invitations", { email, roles, storeIds: [T.store.storeId] });
  expect(inv.status).toBe(201);
  const client = new Client(name);
  expect((await client.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD })).status).toBe(
    201,
  );
  return { client, email };
}

let mobiles = 0;
async function card(owner: Tenant["consultants"][number], name: string, source = "walk_in") {
  const r = await owner.client.post(`${base}/prospects`, {
    name,
    mobile: `1370000${String(mobiles++).padStart(4, "0")}`,
    source,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.prospect as { prospectId: string; name: string; version: number };
}

const storeOf = () => ({
  tenantId,
  storeId,
  name: t.store.name,
  city: t.store.city,
  timeZone: t.store.timeZone,
  openingHours: t.store.openingHours,
  brands: t.store.brands,
  version: 1,
  createdAt: "",
  updatedAt: "",
  createdBy: "",
  updatedBy: "",
});

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "dealeros-reports-"));
  delete process.env.UPLOAD_BUCKET;
  db = await freshTable();
  [t, other] = await Promise.all([setupTenant({ consultants: 2 }), setupTenant({ consultants: 1 })]);
  [c1, c2] = t.consultants as [typeof c1, typeof c2];
  tenantId = t.receptionist.user.tenantId;
  storeId = t.store.storeId;
  base = `/api/stores/${storeId}`;
  today = localDate(new Date(), t.store.timeZone);
  gm = await joinAs(t, "General Manager", ["general_manager"]);
  salesAdmin = (await joinAs(t, "Sales Admin", ["sales_admin"])).client;

  // the day's records: 3 walk-ins (c1, c2 on duty), 3 cards of which one is lost, an order and a delivery
  for (const c of [c1, c2])
    expect((await c.client.put(`${base}/duty/${c.user.userId}`, { onDuty: true })).status).toBe(200);
  for (const source of ["walk_in", "walk_in", "phone"]) {
    const w = await t.receptionist.client.post(`${base}/walk-ins`, { partySize: 2, visitType: "first", source });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
  }
  const p1 = await card(c1, "订单客户");
  const p2 = await card(c2, "交车客户", "phone");
  const p3 = await card(c1, "战败客户");
  const asked = await c1.client.post(`${base}/prospects/${p3.prospectId}/lost`, {
    version: p3.version,
    reason: "price",
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  const decided = await t.manager.client.post(`${base}/prospects/${p3.prospectId}/lost/decision`, {
    version: asked.body.prospect.version,
    approve: true,
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);

  ordered = await makeContract(db, {
    tenantId,
    storeId,
    prospectId: p1.prospectId,
    customerName: p1.name,
    consultant: { userId: c1.user.userId, name: c1.user.name },
    signedDate: today,
    expectedDeliveryDate: addDays(today, 7),
    paidFen: 20_000_00,
    vehicle: await makeVehicle(db, tenantId, storeId),
  });
  const vehicle = await makeVehicle(db, tenantId, storeId);
  const c = await makeContract(db, {
    tenantId,
    storeId,
    prospectId: p2.prospectId,
    customerName: p2.name,
    consultant: { userId: c2.user.userId, name: c2.user.name },
    signedDate: addDays(today, -10),
    expectedDeliveryDate: today,
    paidFen: 219_900_00,
    vehicle,
    invoiced: true,
  });
  const path = `${base}/contracts/${c.contractId}/delivery`;
  const v = (await salesAdmin.get(path)).body.contract.version;
  expect(
    (await salesAdmin.post(`${path}/appointment`, { version: v, date: addDays(today, 1), time: "10:00" })).status,
  ).toBe(200);
  const photo = await salesAdmin.post(`${path}/photos`, { photoBase64: JPEG });
  expect(photo.status).toBe(201);
  const done = await salesAdmin.post(path, { version: photo.body.contract.version, ...DONE });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  delivered = done.body.contract;
});

describe("day statistics", () => {
  it("are computed from the day's records: funnel, sources, brands, lost reasons, detail lines", async () => {
    const s = await reports.computeDayStats(storeOf(), today);
    expect(s).toMatchObject({ walkIns: 3, newProspects: 3, orders: 1, deliveries: 1, lost: 1 });
    expect(s.orderAmountFen).toBe(ordered.totals.payableFen);
    expect(s.lostReasons).toEqual({ price: 1 });
    expect(s.bySource.walk_in).toMatchObject({ walkIns: 2, newProspects: 2, orders: 1, lost: 1 });
    expect(s.bySource.phone).toMatchObject({ walkIns: 1, newProspects: 1, deliveries: 1 });
    expect(s.byBrand["FAW-Volkswagen"]).toMatchObject({ orders: 1, deliveries: 1 });
    expect(s.byConsultant[c1.user.userId]).toMatchObject({ name: c1.user.name, newProspects: 2, orders: 1, lost: 1 });
    expect(s.byConsultant[c2.user.userId]).toMatchObject({ newProspects: 1, deliveries: 1 });
    const walkInsByConsultant = Object.values(s.byConsultant).reduce((n, c) => n + c.walkIns, 0);
    expect(walkInsByConsultant).toBe(3);
    // rule 16: model, engine number, colour, trim and customer on each line
    expect(s.detail).toEqual([
      expect.objectContaining({ kind: "order", contractNo: ordered.contractNo, customerName: "订单客户" }),
      expect.objectContaining({ kind: "delivery", contractNo: delivered.contractNo, customerName: "交车客户" }),
    ]);
    for (const l of s.detail) {
      expect(l.engineNo).toMatch(/^DKX\d+$/);
      expect(l).toMatchObject({ model: "迈腾 Magotan", trim: "330TSI 豪华型", colour: "极地白" });
    }
  });

  it("the day-stats job stores them; a second run changes nothing", async () => {
    const r = await runForPeriod("day-stats", today, storeId);
    expect(r.failed).toEqual([]);
    expect(r.ran).toEqual([{ tenantId, storeId, period: today }]);
    const stored = await stats.listDayStats(db, tenantId, storeId, today, today);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ walkIns: 3, orders: 1, deliveries: 1 });
    const before = await allItems(db);
    await runForPeriod("day-stats", today, storeId);
    expect(await allItems(db)).toEqual(before);
  });
});

describe("the daily report", () => {
  it("finance addresses are a validated, versioned, audited setting of the GM or group admin", async () => {
    const bad = await gm.client.put("/api/settings/reports", { version: 0, financeEmails: ["finance@", "x"] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toContain("financeEmails.0");
    expect((await c1.client.put("/api/settings/reports", { version: 0, financeEmails: [] })).status).toBe(403);
    const saved = await gm.client.put("/api/settings/reports", {
      version: 0,
      financeEmails: ["Finance@Example.com", "cfo@example.com"],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({ financeEmails: ["finance@example.com", "cfo@example.com"], version: 1 });
    const stale = await t.admin.put("/api/settings/reports", { version: 0, financeEmails: [] });
    expect(stale.status).toBe(409);
    expect((await t.admin.get("/api/settings/reports")).body.version).toBe(1);
    const audit = (await allItems(db)).filter((i) => i.action === "settings.reports_saved");
    expect(audit).toHaveLength(1);
  });

  it("the 16:30 job stores the report, month to date against the target, and mails the GM and finance once", async () => {
    const outboxBefore = (await gm.client.get("/api/outbox")).body.messages.length;
    const r = await runForPeriod("daily-report", today, storeId);
    expect(r.failed).toEqual([]);
    const list = await gm.client.get(`${base}/daily-reports`);
    expect(list.status).toBe(200);
    expect(list.dbCalls).toBeLessThanOrEqual(2);
    expect(list.body.reports[0]).toMatchObject({ date: today, walkIns: 3, orders: 1, deliveries: 1, recipients: 3 });
    const one = await gm.client.get(`${base}/daily-reports/${today}`);
    expect(one.status).toBe(200);
    expect(one.dbCalls).toBeLessThanOrEqual(2);
    expect(one.body.report.stats.detail).toHaveLength(2);
    expect(one.body.report.monthToDate).toMatchObject({ month: today.slice(0, 7), orders: 1, deliveries: 1 });
    expect(one.body.report.recipients).toEqual(
      [gm.email.toLowerCase(), "cfo@example.com", "finance@example.com"].sort(),
    );
    expect(one.body.report.mailResult).toBe("outbox");

    const outbox = (await gm.client.get("/api/outbox")).body.messages;
    const mails = outbox.filter((m: { subject: string }) => m.subject.startsWith(`Daily sales report ${today}`));
    expect(outbox.length - outboxBefore).toBe(3);
    expect(mails.map((m: { to: string }) => m.to).sort()).toEqual(one.body.report.recipients);
    const msg = await gm.client.get(`/api/outbox/${mails[0].messageId}`);
    expect(msg.status).toBe(200);
    expect(msg.body.message.text).toContain(delivered.contractNo);
    expect(msg.body.message.text).toContain("交车客户");

    // run twice: the same items, no second e-mail
    const before = await allItems(db);
    await runForPeriod("daily-report", today, storeId);
    expect(await allItems(db)).toEqual(before);
  });

  it("is for supervisors: a consultant gets 403, a missing day 404, a bad date 400", async () => {
    expect((await c1.client.get(`${base}/daily-reports`)).status).toBe(403);
    expect((await c1.client.get(`${base}/daily-reports/${today}`)).status).toBe(403);
    expect((await gm.client.get(`${base}/daily-reports/2020-01-01`)).status).toBe(404);
    expect((await gm.client.get(`${base}/daily-reports/yesterday`)).status).toBe(400);
    expect((await c1.client.get("/api/outbox")).status).toBe(403);
  });
});

describe("period reports", () => {
  const fixtureDay = (date: string, n: number): DayStats => {
    const counts = {
      ...emptyCounts(),
      walkIns: 10 * n,
      newProspects: 6 * n,
      testDrives: 3 * n,
      orders: 2 * n,
      orderAmountFen: 2 * n * 200_000_00,
      deliveries: n,
      appointmentsMade: 4,
      appointmentsKept: 3,
      appointmentsMissed: 1,
      lost: 1,
      postCallsDue: 2,
      postCallsDone: 1,
    };
    return {
      tenantId,
      storeId,
      date,
      ...counts,
      firstVisits: 8 * n,
      returnVisits: 2 * n,
      byConsultant: { [c1.user.userId]: { ...counts, name: c1.user.name } },
      bySource: { walk_in: counts },
      byBrand: { "FAW-Volkswagen": counts },
      lostReasons: { price: 1 },
      complaints: 1,
      complaintsHandledIn12h: 1,
      detail: [],
      generatedAt: new Date().toISOString(),
    };
  };

  it("a month is one Query: funnel per consultant and store with ratios, sources, lost reasons", async () => {
    // last year's November: 30 days of figures written as statistics fixtures
    const year = Number(today.slice(0, 4)) - 1;
    for (let d = 1; d <= 30; d++)
      await stats.putDayStats(db, fixtureDay(`${year}-11-${String(d).padStart(2, "0")}`, 1));
    const r = await gm.client.get(`${base}/reports?period=month&date=${year}-11-15`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.dbCalls).toBeLessThanOrEqual(2);
    expect(r.body.range).toMatchObject({ from: `${year}-11-01`, to: `${year}-11-30`, days: 30 });
    expect(r.body.total).toMatchObject({ walkIns: 300, newProspects: 180, orders: 60, deliveries: 30 });
    expect(r.body.total.ratios).toEqual({
      cardsPerTraffic: 0.6,
      drivesPerCard: 0.5,
      ordersPerCard: 60 / 180,
      deliveriesPerOrder: 0.5,
      invitationSuccess: 0.75,
      postCallCompletion: 0.5,
    });
    expect(r.body.consultants).toEqual([expect.objectContaining({ userId: c1.user.userId, walkIns: 300 })]);
    expect(r.body.lostReasons).toEqual([{ reason: "price", count: 30, share: 1 }]);
    expect(r.body.series).toHaveLength(30);
    expect(r.body.complaints).toEqual({ count: 30, handledIn12h: 30, rate: 1 });

    const q = await gm.client.get(`${base}/reports?period=quarter&date=${year}-11-15`);
    expect(q.body.range).toMatchObject({ from: `${year}-10-01`, to: `${year}-12-31` });
    expect(q.body.series.map((p: { label: string }) => p.label)).toEqual([`${year}-10`, `${year}-11`, `${year}-12`]);
    const five = await gm.client.get(`${base}/reports?period=five_days&date=${year}-11-30`);
    expect(five.body.total.walkIns).toBe(50);
    const week = await gm.client.get(`${base}/reports?period=week&date=${year}-11-15`);
    expect(week.body.range.days).toBe(7);
    const custom = await gm.client.get(`${base}/reports?period=custom&from=${year}-11-03&to=${year}-11-04`);
    expect(custom.body.total.walkIns).toBe(20);
  });

  it("a consultant sees only his own row", async () => {
    const mine = await c1.client.get(`${base}/reports?period=day&date=${today}`);
    expect(mine.status).toBe(200);
    expect(mine.body.scope).toBe("own");
    expect(mine.body.consultants.map((c: { userId: string }) => c.userId)).toEqual([c1.user.userId]);
    expect(mine.body.total.newProspects).toBe(2);
    expect(mine.body.sources).toEqual([]);
    const theirs = await c2.client.get(`${base}/reports?period=day&date=${today}&consultantId=${c1.user.userId}`);
    expect(theirs.body.consultants.map((c: { userId: string }) => c.userId)).toEqual([c2.user.userId]);
    const store = await t.manager.client.get(`${base}/reports?period=day&date=${today}`);
    expect(store.body.consultants.map((c: { userId: string }) => c.userId).sort()).toEqual(
      [c1.user.userId, c2.user.userId].sort(),
    );
    expect((await t.receptionist.client.get(`${base}/reports`)).status).toBe(403);
  });

  it("refuses bad periods field by field", async () => {
    const r = await gm.client.get(`${base}/reports?period=custom&from=2026-11-10`);
    expect(r.status).toBe(400);
    expect(r.body.error.fields.to).toBe("Choose the last day of the range.");
    expect((await gm.client.get(`${base}/reports?period=decade`)).status).toBe(400);
    expect((await gm.client.get(`${base}/reports?period=custom&from=2024-01-01&to=2026-01-01`)).status).toBe(400);
    expect((await gm.client.get(`${base}/reports?date=2026-13-01`)).status).toBe(400);
  });
});

describe("tenant isolation", () => {
  it("another tenant gets 404 for the store's reports and the outbox messages, and lists none of them", async () => {
    const o = other.admin;
    expect((await o.get(`${base}/reports`)).status).toBe(404);
    expect((await o.get(`${base}/daily-reports`)).status).toBe(404);
    expect((await o.get(`${base}/daily-reports/${today}`)).status).toBe(404);
    const mine = (await gm.client.get("/api/outbox")).body.messages;
    expect(mine.length).toBeGreaterThan(0);
    for (const m of mine.slice(0, 3)) expect((await o.get(`/api/outbox/${m.messageId}`)).status).toBe(404);
    const theirs = (await o.get("/api/outbox")).body.messages as { messageId: string; tenantId: string }[];
    expect(theirs.every((m) => m.tenantId !== tenantId)).toBe(true);
    expect((await o.get("/api/settings/reports")).body.financeEmails).toEqual([]);
    // and their own store's report is theirs only
    const own = await o.get(`/api/stores/${other.store.storeId}/reports?period=day`);
    expect(own.status).toBe(200);
    expect(own.body.total.walkIns).toBe(0);
  });
});

/**
 * Delivery (交车) behind the payment gate (款到发货): the refusal says exactly what
 * is missing and writes nothing; full payment, finance confirmation or an
 * approved loan covering the loan due open the gate; one transaction moves the
 * contract, the vehicle, the card, the appointment and creates the 3-day call
 * (100 % of deliveries); the follow-up job escalates a late call once; the
 * completion rate per consultant and store; bad input and other tenants' or
 * stores' ids write nothing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, localDate } from "@dealeros/core";
import { type Contract, type Db, deals, delivery, inventory, keys, prospects } from "@dealeros/db";
import { followUpJob } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";
import { getRaw, makeContract, makeVehicle, pay } from "../support/delivery-fixtures.ts";

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
let admin: Client; // sales admin (销售内勤)
let tenantId: string;
let storeId: string;
let base: string;
let today: string;
let c1: Tenant["consultants"][number];
let c2: Tenant["consultants"][number];

async function joinAs(T: Tenant, name: string, roles: string[], storeIds = [T.store.storeId]) {
  const email = uniqueEmail(name.toLowerCase().replace(/\s+/g, "-"));
  const inv = await T.admin.post("/api/invitations", { email, roles, storeIds });
  expect(inv.status).toBe(201);
  const c = new Client(name);
  expect((await c.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD })).status).toBe(201);
  return c;
}

let mobiles = 0;
async function card(owner: Tenant["consultants"][number], name: string, T = t) {
  const r = await owner.client.post(`/api/stores/${T.store.storeId}/prospects`, {
    name,
    mobile: `1390000${String(mobiles++).padStart(4, "0")}`,
    source: "walk_in",
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.prospect as { prospectId: string; name: string };
}

/** A signed contract of c1's card with an allocated vehicle; deposit ¥20,000 paid, balance due in 7 days. */
async function contract(opts: Partial<Parameters<typeof makeContract>[1]> & { owner?: typeof c1 } = {}) {
  const owner = opts.owner ?? c1;
  const p = await card(owner, `客户${mobiles}`);
  const vehicle = await makeVehicle(db, tenantId, storeId);
  const c = await makeContract(db, {
    tenantId,
    storeId,
    prospectId: p.prospectId,
    customerName: p.name,
    consultant: { userId: owner.user.userId, name: owner.user.name },
    signedDate: today,
    expectedDeliveryDate: addDays(today, 7),
    paidFen: 20_000_00,
    vehicle,
    invoiced: true,
    ...opts,
  });
  return { c, vehicle, prospectId: p.prospectId };
}

const path = (c: Pick<Contract, "contractId">, rest = "") => `${base}/contracts/${c.contractId}/delivery${rest}`;

async function readyToDeliver(c: Contract, who = c1.client) {
  const v = (await who.get(path(c))).body.contract.version;
  const booked = await who.post(path(c, "/appointment"), { version: v, date: addDays(today, 3), time: "10:00" });
  expect(booked.status, JSON.stringify(booked.body)).toBe(200);
  const photo = await who.post(path(c, "/photos"), { photoBase64: JPEG });
  expect(photo.status, JSON.stringify(photo.body)).toBe(201);
  return photo.body.contract.version as number;
}

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "dealeros-delivery-"));
  delete process.env.UPLOAD_BUCKET;
  db = await freshTable();
  [t, other] = await Promise.all([setupTenant({ consultants: 2 }), setupTenant({ consultants: 1 })]);
  [c1, c2] = t.consultants as [typeof c1, typeof c2];
  tenantId = t.receptionist.user.tenantId;
  storeId = t.store.storeId;
  base = `/api/stores/${storeId}`;
  today = localDate(new Date(), "Asia/Shanghai");
  admin = await joinAs(t, "Sales Admin", ["sales_admin"]);
});

describe("the payment gate (款到发货)", () => {
  it("refuses delivery while the balance is unpaid, saying exactly what is missing, and writes nothing", async () => {
    const { c } = await contract();
    const version = await readyToDeliver(c);
    const view = await c1.client.get(path(c));
    expect(view.status).toBe(200);
    expect(view.body.blockers.map((b: { code: string }) => b.code)).toEqual(["unpaid_balance"]);
    const message = `Delivery refused: the contract has ¥199,900.00 unpaid (balance due ${addDays(today, 7)}) — record the payment, have finance confirm it, or get the loan approved.`;
    expect(view.body.refusal).toBe(message);
    const before = await allItems(db);
    const r = await c1.client.post(path(c), { version, ...DONE });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe(message);
    expect(await allItems(db)).toEqual(before);
  });

  it("lists everything missing: no vehicle, no money, no invoice", async () => {
    const p = await card(c1, "缺项客户");
    const c = await makeContract(db, {
      tenantId,
      storeId,
      prospectId: p.prospectId,
      customerName: p.name,
      consultant: { userId: c1.user.userId, name: c1.user.name },
      signedDate: today,
      expectedDeliveryDate: addDays(today, 7),
    });
    const version = (await c1.client.get(path(c))).body.contract.version;
    const before = await allItems(db);
    const r = await admin.post(path(c), { version, ...DONE });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe(
      `Delivery refused: no vehicle is allocated to the contract — allocate a stock vehicle first; the contract has ¥219,900.00 unpaid (deposit due ${today}) — record the payment, have finance confirm it, or get the loan approved; no invoice number is recorded — the sales admin records the invoice; the stock release (出库) is not recorded — the sales admin records it with the invoice.`,
    );
    expect(await allItems(db)).toEqual(before);
  });

  it("delivers after full payment: contract, vehicle, card, appointment and the 3-day call in one go", async () => {
    const { c, vehicle, prospectId } = await contract();
    await readyToDeliver(c);
    const paid = await pay(db, c, 199_900_00);
    const r = await c1.client.post(path(c), { version: paid.version + 0, ...DONE });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const deliveredAt = r.body.contract.delivery.deliveredAt as string;
    expect(r.body.contract).toMatchObject({
      state: "delivered",
      delivery: { customerSigned: true, keysHandedOver: 2, checklist: DONE.checklist, deliveredByName: "Consultant 1" },
    });
    // the vehicle left the lot, the card is a customer, the appointment is done
    const v = await inventory.getVehicle(db, tenantId, vehicle.vehicleId);
    expect(v).toMatchObject({ status: "delivered", deliveredAt, version: vehicle.version + 1 });
    const card = await c1.client.get(`${base}/prospects/${prospectId}`);
    expect(card.body.prospect.customer).toEqual({
      since: deliveredAt,
      contractId: c.contractId,
      contractNo: c.contractNo,
    });
    expect(card.body.audit.some((a: { action: string }) => a.action === "prospect.became_customer")).toBe(true);
    const rec = await delivery.getDeliveryRecord(db, tenantId, c.contractId);
    expect(rec.appointment).toMatchObject({ status: "done", doneAt: deliveredAt });
    // the call: due 3 days after the handover, the consultant's, in his plan of that day
    const dueAt = new Date(Date.parse(deliveredAt) + 3 * 86_400_000).toISOString();
    expect(rec.call).toMatchObject({
      kind: "post_delivery_call",
      status: "open",
      ownerId: c1.user.userId,
      dueAt,
      contractId: c.contractId,
    });
    const plan = await c1.client.get(`${base}/plan?date=${localDate(dueAt, "Asia/Shanghai")}`);
    expect(plan.body.items).toContainEqual(
      expect.objectContaining({ kind: "post_delivery_call", id: c.contractId, contractId: c.contractId, dueAt }),
    );
    expect(rec.audit.map((a) => a.action)).toContain("delivery.completed");
    // a second attempt: already delivered (409), nothing more written
    const before = await allItems(db);
    const again = await c1.client.post(path(c), { version: r.body.contract.version, ...DONE });
    expect(again.status).toBe(409);
    expect(await allItems(db)).toEqual(before);
  });

  it("delivers when finance has confirmed the money although no payment is recorded", async () => {
    const { c } = await contract({ financeConfirmed: true, owner: c2 });
    const version = await readyToDeliver(c, admin);
    const r = await admin.post(path(c), { version, ...DONE });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.call).toMatchObject({ ownerId: c2.user.userId, status: "open" });
  });

  it("an approved loan covers the loan due; an applied one does not", async () => {
    const finance = { lender: "大众汽车金融", downPaymentFen: 69_900_00, termMonths: 36, annualRateBp: 399 };
    // customer cash ¥69,900 paid (deposit + balance); the loan ¥150,000 is open
    const { c } = await contract({ finance, paidFen: 69_900_00, loan: { status: "applied", at: today, byName: "SA" } });
    const version = await readyToDeliver(c);
    const refused = await c1.client.post(path(c), { version, ...DONE });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe(
      `Delivery refused: the contract has ¥150,000.00 unpaid (loan due ${addDays(today, 7)}) — record the payment, have finance confirm it, or get the loan approved.`,
    );
    const fresh = (await deals.getContract(db, tenantId, c.contractId))!;
    const approved = { ...fresh, loan: { status: "approved" as const, at: today, byName: "SA" }, version: version + 1 };
    await deals.updateContract(db, approved, version, {
      at: new Date().toISOString(),
      by: "test",
      byName: "SA",
      action: "contract.loan",
      detail: {},
    });
    const ok = await c1.client.post(path(c), { version: version + 1, ...DONE });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it("needs the appointment, a photo, every checklist item and the signature (nothing written)", async () => {
    const { c } = await contract({ paidFen: 219_900_00 });
    const v0 = (await c1.client.get(path(c))).body.contract.version;
    const before = await allItems(db);
    const noAppointment = await c1.client.post(path(c), { version: v0, ...DONE });
    expect(noAppointment.status).toBe(422);
    expect(noAppointment.body.error.message).toBe("Book the delivery appointment first.");
    const bad = [
      { version: v0, ...DONE, checklist: { ...DONE.checklist, functions: false } },
      { version: v0, ...DONE, customerSigned: false },
      { version: v0, ...DONE, keysHandedOver: 0 },
      { version: v0, checklist: DONE.checklist, customerSigned: true },
      { ...DONE },
      { version: v0, ...DONE, photos: ["x"] },
    ];
    for (const body of bad) {
      const r = await c1.client.post(path(c), body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await c1.client.post(path(c), { version: v0 + 1, ...DONE })).status).toBe(409);
    expect(await allItems(db)).toEqual(before);
    const booked = await c1.client.post(path(c, "/appointment"), {
      version: v0,
      date: addDays(today, 2),
      time: "15:30",
    });
    expect(booked.status).toBe(200);
    const noPhoto = await c1.client.post(path(c), { version: booked.body.contract.version, ...DONE });
    expect(noPhoto.status).toBe(422);
    expect(noPhoto.body.error.message).toBe("Upload at least one photo of the handover.");
  });
});

describe("the appointment and the photos", () => {
  it("books into the consultant's plan, moves when rebooked, and refuses bad input without writing", async () => {
    const { c } = await contract();
    const v0 = (await c1.client.get(path(c))).body.contract.version;
    const before = await allItems(db);
    for (const body of [
      { version: v0, date: addDays(today, 3) },
      { version: v0, at: "tomorrow" },
      { version: v0, date: addDays(today, 3), time: "10:00", at: `${addDays(today, 3)}T10:00:00+08:00` },
      { version: v0, date: "2026-02-30", time: "10:00" },
      { date: addDays(today, 3), time: "10:00" },
      { version: v0, date: addDays(today, 3), time: "10:00", room: 1 },
    ]) {
      expect((await c1.client.post(path(c, "/appointment"), body)).status, JSON.stringify(body)).toBe(400);
    }
    const past = await c1.client.post(path(c, "/appointment"), {
      version: v0,
      date: addDays(today, -1),
      time: "10:00",
    });
    expect(past.status).toBe(422);
    expect(past.body.error.message).toBe("The delivery appointment must be in the future.");
    expect(await allItems(db)).toEqual(before);

    const day = addDays(today, 4);
    const r = await c1.client.post(path(c, "/appointment"), {
      version: v0,
      date: day,
      time: "14:00",
      note: "带合格证",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.appointment).toMatchObject({ kind: "delivery", dueAt: `${day}T06:00:00.000Z`, date: day });
    const plan = await c1.client.get(`${base}/plan?date=${day}`);
    expect(plan.body.items).toContainEqual(expect.objectContaining({ kind: "delivery", contractId: c.contractId }));
    const list = await admin.get(`${base}/deliveries`);
    expect(list.status).toBe(200);
    expect(list.dbCalls).toBeLessThanOrEqual(2);
    expect(list.body.appointments.map((a: { contractId: string }) => a.contractId)).toContain(c.contractId);
    // rebooked: the plan item moves to the new day, the audit says so
    const moved = await c1.client.post(path(c, "/appointment"), {
      version: r.body.contract.version,
      at: `${addDays(day, 1)}T09:30:00+08:00`,
    });
    expect(moved.status).toBe(200);
    expect((await c1.client.get(`${base}/plan?date=${day}`)).body.items).not.toContainEqual(
      expect.objectContaining({ contractId: c.contractId }),
    );
    expect((await c1.client.get(`${base}/plan?date=${addDays(day, 1)}`)).body.items).toContainEqual(
      expect.objectContaining({ kind: "delivery", contractId: c.contractId }),
    );
    expect(moved.body.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["delivery.booked", "delivery.rebooked"]),
    );
    // a stale version is a 409
    expect((await c1.client.post(path(c, "/appointment"), { version: v0, date: day, time: "10:00" })).status).toBe(409);
  });

  it("stores photos (checked by their bytes) and serves them through the contract", async () => {
    const { c } = await contract();
    const before = await allItems(db);
    for (const body of [{}, { photoBase64: "" }, { photoBase64: 12 }]) {
      expect((await c1.client.post(path(c, "/photos"), body)).status).toBe(400);
    }
    const text = await c1.client.post(path(c, "/photos"), { photoBase64: Buffer.from("hello").toString("base64") });
    expect(text.status).toBe(422);
    expect(text.body.error.message).toBe("The photo must be a JPEG, PNG or WebP image.");
    expect(await allItems(db)).toEqual(before);
    const ok = await c1.client.post(path(c, "/photos"), { photoBase64: `data:image/jpeg;base64,${JPEG}` });
    expect(ok.status).toBe(201);
    expect(ok.body.photos).toHaveLength(1);
    const img = await getRaw(c1.client, ok.body.photos[0].url);
    expect(img.status).toBe(200);
    expect(img.headers["content-type"]).toBe("image/jpeg");
    expect(img.body.toString("base64")).toBe(JPEG);
    expect((await getRaw(c2.client, ok.body.photos[0].url)).status).toBe(404);
  });
});

describe("the post-delivery call", () => {
  let late: Contract;
  let onTime: Contract;
  let open: Contract;

  beforeAll(async () => {
    // three more deliveries of this month (c1, c1, c2)
    const made: Contract[] = [];
    for (const owner of [c1, c1, c2]) {
      const { c } = await contract({ owner, paidFen: 219_900_00 });
      const version = await readyToDeliver(c, admin);
      const r = await admin.post(path(c), { version, ...DONE });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      made.push(r.body.contract);
    }
    [onTime, late, open] = made as [Contract, Contract, Contract];
  });

  it("is created for 100 % of deliveries", async () => {
    const r = await t.manager.client.get(`${base}/deliveries/call-rate`);
    expect(r.status).toBe(200);
    expect(r.dbCalls).toBeLessThanOrEqual(2);
    const delivered = (await allItems(db)).filter(
      (i) => i.type === "Contract" && i.state === "delivered" && String(i.PK).startsWith(`T#${tenantId}#`),
    );
    expect(delivered.length).toBe(6);
    expect(r.body.store.deliveries).toBe(delivered.length);
    const callIds = new Set(r.body.calls.map((c: { contractId: string }) => c.contractId));
    for (const c of delivered) expect(callIds.has(c.contractId)).toBe(true);
  });

  it("logs the call in time, or late; refuses bad input and a second log", async () => {
    const before = await allItems(db);
    for (const body of [{}, { outcome: "happy" }, { outcome: "unsatisfied" }, { outcome: "satisfied", x: 1 }]) {
      const r = await c1.client.post(`${base}/post-delivery-calls/${onTime.contractId}/complete`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    // another consultant's call: not his contract → 404
    expect(
      (await c2.client.post(`${base}/post-delivery-calls/${onTime.contractId}/complete`, { outcome: "satisfied" }))
        .status,
    ).toBe(404);
    expect(await allItems(db)).toEqual(before);
    const r = await c1.client.post(`${base}/post-delivery-calls/${onTime.contractId}/complete`, {
      outcome: "satisfied",
      note: "很满意，推荐朋友",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.call).toMatchObject({ status: "done", late: false, outcome: "satisfied", overdue: false });
    expect(
      (await c1.client.post(`${base}/post-delivery-calls/${onTime.contractId}/complete`, { outcome: "neutral" }))
        .status,
    ).toBe(409);
    // the second call's due time passed: made late
    await backdateCall(late, 4);
    const lateCall = await c1.client.post(`${base}/post-delivery-calls/${late.contractId}/complete`, {
      outcome: "unsatisfied",
      note: "交车时间等待太久",
    });
    expect(lateCall.status).toBe(200);
    expect(lateCall.body.call).toMatchObject({ status: "done", late: true });
  });

  it("the follow-up job escalates a late call to the sales manager once", async () => {
    await backdateCall(open, 5);
    const now = new Date();
    const first = await followUpJob.followUpJob(t.store, localDate(now, "Asia/Shanghai"), { db, now });
    expect(first.steps.post_delivery_call).toEqual({ escalated: 1 });
    const rec = await delivery.getDeliveryRecord(db, tenantId, open.contractId);
    expect(rec.call).toMatchObject({
      status: "open",
      overdue: true,
      escalatedTo: [{ userId: t.manager.user.userId, name: "Manager" }],
    });
    expect(rec.audit.map((a) => a.action)).toContain("delivery.call_escalated");
    const before = await allItems(db);
    const second = await followUpJob.followUpJob(t.store, localDate(now, "Asia/Shanghai"), { db, now });
    expect(second.steps.post_delivery_call).toEqual({ escalated: 0 });
    expect((await allItems(db)).filter((i) => String(i.PK).includes(open.contractId))).toEqual(
      before.filter((i) => String(i.PK).includes(open.contractId)),
    );
    // the manager it went to may log it
    const m = await t.manager.client.post(`${base}/post-delivery-calls/${open.contractId}/complete`, {
      outcome: "neutral",
    });
    expect(m.status).toBe(200);
    expect(m.body.call).toMatchObject({ late: true, doneByName: "Manager" });
  });

  it("shows the completion rate per consultant and for the store", async () => {
    const r = await t.manager.client.get(`${base}/deliveries/call-rate?from=${today}&to=${today}`);
    expect(r.status).toBe(200);
    // six deliveries today: 1 call in time, 2 late, 3 still open (not yet due)
    expect(r.body.store).toEqual({ deliveries: 6, inTime: 1, late: 2, open: 3, overdue: 0, rate: 17 });
    const byOwner = Object.fromEntries(
      r.body.consultants.map((c: { ownerName: string; deliveries: number; inTime: number; rate: number }) => [
        c.ownerName,
        [c.deliveries, c.inTime, c.rate],
      ]),
    );
    expect(byOwner).toEqual({ "Consultant 1": [4, 1, 25], "Consultant 2": [2, 0, 0] });
    const empty = await t.manager.client.get(
      `${base}/deliveries/call-rate?from=${addDays(today, -40)}&to=${addDays(today, -35)}`,
    );
    expect(empty.body.store).toMatchObject({ deliveries: 0, rate: null });
    expect(
      (await t.manager.client.get(`${base}/deliveries/call-rate?from=${today}&to=${addDays(today, -1)}`)).status,
    ).toBe(400);
    expect((await t.manager.client.get(`${base}/deliveries/call-rate?from=yesterday`)).status).toBe(400);
  });
});

/** Move a call's due time (and delivery) `days` into the past, as if the handover was earlier. */
async function backdateCall(c: Contract, days: number) {
  const dueAt = new Date(Date.now() - (days - 3) * 86_400_000).toISOString();
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.contractWork(tenantId, c.contractId, "post_delivery_call", c.contractId),
      UpdateExpression: "SET dueAt = :d, GSI2SK = :g2, GSI3SK = :g3",
      ExpressionAttributeValues: {
        ":d": dueAt,
        ":g2": `${dueAt}#post_delivery_call#${c.contractId}`,
        ":g3": `${dueAt}#${c.consultantId}#post_delivery_call#${c.contractId}`,
      },
    }),
  );
}

describe("isolation", () => {
  it("answers 404 to another tenant's and another store's contract on every new endpoint, writing nothing", async () => {
    const { c } = await contract();
    const store2 = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "上海闵行店" })).body.store;
    const otherAdmin = await joinAs(other, "Other Admin", ["sales_admin"]);
    const tenant2Manager = other.manager.client;
    const oBase = `/api/stores/${other.store.storeId}`;
    const calls: [Client, string, string, unknown?][] = [];
    for (const [who, b] of [
      [otherAdmin, oBase], // their own store, our contract id
      [tenant2Manager, oBase],
      [otherAdmin, base], // our store
      [t.admin, `/api/stores/${store2.storeId}`], // our tenant, the other store
    ] as const) {
      const k = `${b}/contracts/${c.contractId}`;
      calls.push(
        [who, "GET", `${k}/delivery`],
        [who, "POST", `${k}/delivery/appointment`, { version: 1, date: addDays(today, 3), time: "10:00" }],
        [who, "POST", `${k}/delivery/photos`, { photoBase64: JPEG }],
        [who, "GET", `${k}/delivery/photos/01HZZZZZZZZZZZZZZZZZZZZZZZ`],
        [who, "POST", `${k}/delivery`, { version: 1, ...DONE }],
        [who, "POST", `${k}/dunning-task/done`, {}],
        [who, "POST", `${b}/post-delivery-calls/${c.contractId}/complete`, { outcome: "satisfied" }],
      );
    }
    calls.push(
      [otherAdmin, "GET", `${base}/deliveries`],
      [otherAdmin, "GET", `${base}/deliveries/call-rate`],
      [c2.client, "GET", path(c)], // a colleague's contract
      [t.receptionist.client, "GET", path(c)],
    );
    const before = await allItems(db);
    for (const [who, method, p, body] of calls) {
      const r = await who.call(method, p, body);
      expect(r.status, `${method} ${p}`).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain(c.customerName);
    }
    expect(await allItems(db)).toEqual(before);
    // the other tenant's lists never show our deliveries
    const theirs = await otherAdmin.get(`${oBase}/deliveries/call-rate`);
    expect(theirs.body.store.deliveries).toBe(0);
    expect((await otherAdmin.get(`${oBase}/deliveries`)).body.appointments).toEqual([]);
    // and the card of our tenant is unchanged by all that
    expect((await prospects.getProspect(db, tenantId, c.prospectId))?.customer).toBeUndefined();
  });
});

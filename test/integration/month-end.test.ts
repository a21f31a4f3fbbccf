/**
 * Secondary dealers (二级网点), month-end reconciliation (月末对账) and period
 * close (月结) against DynamoDB Local: the dealer ledger and wholesale (a vehicle
 * wholesaled once, also under concurrency), the month-end job (run twice → the
 * same items; resolutions kept; the dispatcher's in-process fan-out), closing
 * the month, 409s on every money write dated in it, the GM's audited reopen,
 * bad input writing nothing and tenant B getting 404 on every endpoint.
 */

import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { addDays } from "@dealeros/core";
import { type Contract, type Db, deals, inventory, stores } from "@dealeros/db";
import { type Ctx, contracts, monthEnd } from "@dealeros/services";
import type { SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { consume } from "../../functions/jobs/month-end-consumer.ts";
import { dispatch, runForPeriod } from "../../functions/jobs/run.ts";
import { allItems, type Client, setupTenant, type Tenant } from "../support/api.ts";
import { dealStore, joinAs, makeCard, stockVehicle, VINS } from "../support/deals.ts";
import { makeContract } from "../support/delivery-fixtures.ts";

let db: Db;
let t: Tenant;
let tenantId: string;
let admin: Client; // sales admin
let base: string;
let today: string;
let thisMonth: string;
let lastMonth: string;
let lastMonthDay: string;
let gm: Awaited<ReturnType<typeof joinAs>>;
let salesAdminUser: { userId: string; name: string; email: string; roles: string[]; storeIds: string[] };
let vehicles: { vehicleId: string; vin: string; version: number }[] = [];
let dealerA: any;
let dealerB: any;

const storeOf = async () => (await stores.getStore(db, tenantId, t.store.storeId))!;
const monthItems = async () =>
  (await allItems(db)).filter((i) => String(i.PK).includes("#MONTHEND#") || String(i.PK).includes("#PERIODS"));

beforeAll(async () => {
  let salesAdmin: Client;
  ({ db, t, tenantId, salesAdmin, base, today } = await dealStore(1, { catalogue: true }));
  admin = salesAdmin;
  salesAdminUser = (await admin.get("/api/me")).body.user;
  gm = await joinAs(t, "GM Wang", ["general_manager"]);
  thisMonth = today.slice(0, 7);
  lastMonthDay = addDays(`${thisMonth}-01`, -10);
  lastMonth = lastMonthDay.slice(0, 7);
  vehicles = [];
  for (const vin of VINS.slice(0, 5)) vehicles.push(await stockVehicle(admin, base, vin));
}, 120_000);

describe("secondary dealers", () => {
  it("adds dealers (sales admin), refuses other roles and bad input without writing", async () => {
    const before = await allItems(db);
    const bad = await admin.post(`${base}/dealers`, { name: "", contactName: "x", phone: "abc", creditLimitFen: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({
      name: "Name is required.",
      phone: "Phone is 5 to 20 digits (+, -, spaces and brackets allowed).",
      creditLimitFen: "The credit limit cannot be negative.",
    });
    const unknown = await admin.post(`${base}/dealers`, {
      name: "X",
      contactName: "Y",
      phone: "12345",
      creditLimitFen: 1,
      tenantId: "other",
    });
    expect(unknown.status).toBe(400);
    const consultant = await t.consultants[0]!.client.post(`${base}/dealers`, {
      name: "X",
      contactName: "Y",
      phone: "12345",
      creditLimitFen: 1,
    });
    expect(consultant.status).toBe(403);
    expect(await allItems(db)).toEqual(before);

    const a = await admin.post(`${base}/dealers`, {
      name: "苏州吴中汽车销售",
      contactName: "张经理",
      phone: "0512-66881234",
      creditLimitFen: 500_000_00,
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.dealer).toMatchObject({ balanceFen: 0, vehicles: 0, version: 1 });
    dealerA = a.body.dealer;
    const b = await admin.post(`${base}/dealers`, {
      name: "昆山车友二网",
      contactName: "李总",
      phone: "13912345678",
      creditLimitFen: 300_000_00,
    });
    dealerB = b.body.dealer;
    const list = await admin.get(`${base}/dealers`);
    expect(list.status).toBe(200);
    expect(list.body.dealers.map((d: any) => d.name).sort()).toEqual(["昆山车友二网", "苏州吴中汽车销售"].sort());
    expect(list.dbCalls).toBeLessThanOrEqual(2);
    expect((await t.consultants[0]!.client.get(`${base}/dealers`)).status).toBe(403);
  });

  it("edits a dealer version-checked and audited", async () => {
    const stale = await admin.patch(`${base}/dealers/${dealerA.dealerId}`, { version: 9, contactName: "王" });
    expect(stale.status).toBe(409);
    const r = await admin.patch(`${base}/dealers/${dealerA.dealerId}`, { version: 1, contactName: "张伟" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    dealerA = r.body.dealer;
    const page = await admin.get(`${base}/dealers/${dealerA.dealerId}`);
    expect(page.body.audit.map((x: any) => x.action)).toEqual(["dealer.updated", "dealer.created"]);
  });

  it("wholesales a stock vehicle once, within the credit limit, and keeps the ledger", async () => {
    const v = vehicles[0]!;
    const future = await admin.post(`${base}/dealers/${dealerA.dealerId}/wholesales`, {
      vehicleId: v.vehicleId,
      priceFen: 180_000_00,
      date: addDays(today, 1),
    });
    expect(future.status).toBe(400);
    const over = await admin.post(`${base}/dealers/${dealerB.dealerId}/wholesales`, {
      vehicleId: v.vehicleId,
      priceFen: 300_000_01,
    });
    expect(over.status).toBe(422);
    expect(over.body.error.message).toBe(
      "Over the credit limit: the dealer owes ¥0.00 of ¥300,000.00; this wholesale is ¥300,000.01.",
    );
    // last month's pickup, left unpaid: the month-end finds it
    const r = await admin.post(`${base}/dealers/${dealerA.dealerId}/wholesales`, {
      vehicleId: v.vehicleId,
      priceFen: 180_000_00,
      date: lastMonthDay,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const stored = await inventory.getVehicle(db, tenantId, v.vehicleId);
    expect(stored).toMatchObject({
      status: "wholesaled",
      wholesale: { buyer: "苏州吴中汽车销售", dealerId: dealerA.dealerId, date: lastMonthDay, priceFen: 180_000_00 },
    });
    const again = await admin.post(`${base}/dealers/${dealerB.dealerId}/wholesales`, {
      vehicleId: v.vehicleId,
      priceFen: 1_00,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`The vehicle ${v.vin} is already wholesaled.`);
    const page = await admin.get(`${base}/dealers/${dealerA.dealerId}`);
    expect(page.body.dealer).toMatchObject({ balanceFen: 180_000_00, vehicles: 1, wholesaleFen: 180_000_00 });
    expect(page.body.entries[0]).toMatchObject({ kind: "wholesale", vin: v.vin, balanceFen: 180_000_00 });
    expect(page.body.pickups).toEqual([{ month: lastMonth, vehicles: 1, wholesaleFen: 180_000_00, paidFen: 0 }]);
    expect(page.dbCalls).toBeLessThanOrEqual(3);
  });

  it("wholesales a vehicle wanted by two dealers at once exactly once", async () => {
    const v = vehicles[1]!;
    const results = await Promise.all(
      [dealerA, dealerB].map((d) =>
        admin.post(`${base}/dealers/${d.dealerId}/wholesales`, { vehicleId: v.vehicleId, priceFen: 170_000_00 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const pages = await Promise.all([dealerA, dealerB].map((d) => admin.get(`${base}/dealers/${d.dealerId}`)));
    expect(pages.flatMap((p) => p.body.entries.filter((e: any) => e.vehicleId === v.vehicleId))).toHaveLength(1);
    const audits = (await admin.get(`${base}/vehicles/${v.vehicleId}`)).body.audit;
    expect(audits.filter((a: any) => a.action === "vehicle.wholesaled")).toHaveLength(1);
  });

  it("records dealer payments up to the balance", async () => {
    const before = await allItems(db);
    const over = await admin.post(`${base}/dealers/${dealerB.dealerId}/payments`, {
      amountFen: 999_999_00,
      method: "bank_transfer",
      reference: "X1",
    });
    expect(over.status).toBe(422);
    const bad = await admin.post(`${base}/dealers/${dealerB.dealerId}/payments`, {
      amountFen: 0.5,
      method: "bitcoin",
      reference: "",
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["amountFen", "method", "reference"]);
    expect(await allItems(db)).toEqual(before);
    // the dealer that won the race for vehicles[1] pays for it
    const pages = await Promise.all([dealerA, dealerB].map((d) => admin.get(`${base}/dealers/${d.dealerId}`)));
    const winner = pages.find((p) => p.body.entries.some((e: any) => e.vehicleId === vehicles[1]!.vehicleId))!;
    const owes = winner.body.dealer.balanceFen;
    const ok = await admin.post(`${base}/dealers/${winner.body.dealer.dealerId}/payments`, {
      amountFen: 170_000_00,
      method: "bank_transfer",
      reference: "ZB-2026-001",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const after = await admin.get(`${base}/dealers/${winner.body.dealer.dealerId}`);
    expect(after.body.dealer.balanceFen).toBe(owes - 170_000_00);
    expect(after.body.entries[0]).toMatchObject({
      kind: "payment",
      balanceFen: owes - 170_000_00,
      reference: "ZB-2026-001",
    });
  });
});

/** A contract signed last month, with its facts changed as the order flow would leave them. */
async function lastMonthContract(name: string, change: (c: Contract) => Partial<Contract>): Promise<Contract> {
  const c = t.consultants[0]!;
  const card = await makeCard(c.client, t.store.storeId, name, `139${String(Math.random()).slice(2, 10)}`);
  const made = await makeContract(db, {
    tenantId,
    storeId: t.store.storeId,
    prospectId: card.prospectId,
    customerName: name,
    consultant: c.user,
    signedDate: addDays(lastMonthDay, -3),
    expectedDeliveryDate: lastMonthDay,
  });
  const next = { ...made, ...change(made), version: made.version + 1 };
  await deals.updateContract(db, next, made.version, {
    at: new Date().toISOString(),
    by: "test",
    byName: "test",
    action: "contract.fixture",
    detail: {},
  });
  return next;
}

describe("month-end reconciliation", () => {
  let delivered: Contract;
  let invoiced: Contract;

  it("finds every discrepancy of last month with record links", async () => {
    const deliveredAt = new Date(`${lastMonthDay}T06:00:00.000Z`).toISOString();
    delivered = await lastMonthContract("赵先生", (c) => ({
      state: "delivered",
      invoiceNo: "FP20261001",
      paidFen: c.dueFen - 10_000_00,
      delivery: { deliveredAt },
    }));
    invoiced = await lastMonthContract("钱女士", () => ({ invoiceNo: "FP20261002" }));
    // a vehicle wholesaled through the plain status change, never booked to a dealer
    const v = vehicles[2]!;
    const moved = await admin.post(`${base}/vehicles/${v.vehicleId}/transitions`, {
      version: v.version,
      to: "wholesaled",
      buyer: "无锡散户",
    });
    expect(moved.status).toBe(200);

    const r = await admin.post(`${base}/month-end/${lastMonth}/run`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const page = await admin.get(`${base}/month-end?month=${lastMonth}`);
    expect(page.status).toBe(200);
    expect(page.dbCalls).toBeLessThanOrEqual(3);
    const kinds = page.body.discrepancies.map((d: any) => [d.kind, d.record.type, d.record.id, d.amountFen ?? null]);
    expect(kinds).toEqual([
      ["delivered_unpaid", "contract", delivered.contractId, 10_000_00],
      ["invoiced_not_delivered", "contract", invoiced.contractId, invoiced.dueFen],
      ["wholesale_unpaid", "dealer", dealerA.dealerId, 180_000_00],
    ]);
    expect(page.body.counts).toEqual({ open: 3, resolved: 0, annotated: 0 });
    // this month: the unbooked wholesale
    await admin.post(`${base}/month-end/${thisMonth}/run`);
    const now = await admin.get(`${base}/month-end?month=${thisMonth}`);
    // this month: the unbooked wholesale, and the invoice still without delivery (plus the race winner's
    // wholesale of today if that dealer has not paid)
    const thisMonthKinds = now.body.discrepancies.map((d: any) => [d.kind, d.record.id]);
    expect(thisMonthKinds).toEqual(
      expect.arrayContaining([
        ["invoiced_not_delivered", invoiced.contractId],
        ["wholesale_not_in_ledger", v.vehicleId],
      ]),
    );
    expect(thisMonthKinds.filter(([k]: string[]) => k !== "wholesale_unpaid")).toHaveLength(2);
    expect(now.body.canClose).toBe(false); // the month has not ended
  });

  it("is idempotent: running the job twice (directly and through the dispatcher) gives the same items", async () => {
    const store = await storeOf();
    const first = await allItems(db);
    const again = await monthEnd.monthEndForStore(store, lastMonth, { db });
    expect(again).toMatchObject({ found: 3, written: 0, removed: 0 });
    const report = await runForPeriod("month-end", lastMonth, t.store.storeId);
    expect(report.failed).toEqual([]);
    expect(report.ran).toEqual([{ tenantId, storeId: t.store.storeId, period: lastMonth }]);
    expect(await allItems(db)).toEqual(first);
  });

  it("lets the sales admin resolve and annotate, and keeps resolutions over a re-run", async () => {
    const key = encodeURIComponent(`delivered_unpaid#${delivered.contractId}`);
    const url = `${base}/month-end/${lastMonth}/discrepancies/${key}`;
    const before = await allItems(db);
    expect((await admin.post(url, { action: "resolve" })).status).toBe(400);
    expect((await admin.post(url, { action: "close", note: "x" })).status).toBe(400);
    expect((await t.manager.client.post(url, { action: "resolve", note: "x" })).status).toBe(403);
    expect(
      (await admin.post(`${base}/month-end/${lastMonth}/discrepancies/nope`, { action: "resolve", note: "x" })).status,
    ).toBe(404);
    expect(await allItems(db)).toEqual(before);
    const r = await admin.post(url, { action: "resolve", note: "尾款 1 万元已于 1 日到账，财务确认" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.discrepancy).toMatchObject({ state: "resolved", notes: [{ action: "resolve" }] });
    const inv = `${base}/month-end/${lastMonth}/discrepancies/${encodeURIComponent(`invoiced_not_delivered#${invoiced.contractId}`)}`;
    expect((await admin.post(inv, { action: "annotate", note: "客户出国，下月交车" })).body.discrepancy.state).toBe(
      "annotated",
    );
    const store = await storeOf();
    await monthEnd.monthEndForStore(store, lastMonth, { db });
    const page = await admin.get(`${base}/month-end?month=${lastMonth}`);
    const states = Object.fromEntries(page.body.discrepancies.map((d: any) => [d.kind, d.state]));
    expect(states).toEqual({
      delivered_unpaid: "resolved",
      invoiced_not_delivered: "annotated",
      wholesale_unpaid: "open",
    });
    expect(page.body.canClose).toBe(true);
  });
});

describe("fan-out", () => {
  it("enqueues one message per store at day 1, 02:00 store time when a queue is configured", async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: "m-1" });
    process.env.MONTH_END_QUEUE_URL = "https://sqs.ap-east-1.amazonaws.com/123456789012/month-end";
    try {
      // 02:00 in Shanghai on the 1st = 18:00 UTC the day before
      const firstOfMonth = `${thisMonth}-01`;
      const trigger = new Date(`${addDays(firstOfMonth, -1)}T18:05:00.000Z`);
      const report = await dispatch("month-end", trigger);
      expect(report.failed).toEqual([]);
      expect(report.ran).toContainEqual({ tenantId, storeId: t.store.storeId, period: lastMonth });
      const sent = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
      expect(sent).toContainEqual({
        QueueUrl: process.env.MONTH_END_QUEUE_URL,
        MessageBody: JSON.stringify({ tenantId, storeId: t.store.storeId, month: lastMonth }),
      });
      // an hour later nothing fires
      sqs.resetHistory();
      await dispatch("month-end", new Date(trigger.getTime() + 3_600_000));
      expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    } finally {
      delete process.env.MONTH_END_QUEUE_URL;
      sqs.restore();
    }
  });

  it("consumes a batch, reporting only the record that failed", async () => {
    const before = await monthItems();
    const r = await consume({
      Records: [
        { messageId: "ok", body: JSON.stringify({ tenantId, storeId: t.store.storeId, month: lastMonth }) },
        {
          messageId: "bad",
          body: JSON.stringify({ tenantId, storeId: "01NOSUCHSTORE0000000000000", month: lastMonth }),
        },
        { messageId: "junk", body: "not json" },
      ],
    } as unknown as SQSEvent);
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: "bad" }, { itemIdentifier: "junk" }]);
    expect(await monthItems()).toEqual(before);
  });
});

describe("period close", () => {
  it("refuses to close without a run, while open without a note, for other roles, or a month not ended", async () => {
    const before = await allItems(db);
    const older = addDays(`${lastMonth}-01`, -1).slice(0, 7);
    const noRun = await admin.post(`${base}/periods/${older}/close`, {});
    expect(noRun.status).toBe(422);
    expect(noRun.body.error.message).toBe("Run the month-end reconciliation of this month before closing it.");
    const open = await admin.post(`${base}/periods/${lastMonth}/close`, {});
    expect(open.status).toBe(422);
    expect(open.body.error.message).toBe(
      "1 discrepancy(ies) are still open. Resolve them, or add a note saying why, to close the month.",
    );
    expect((await gm.client.post(`${base}/periods/${lastMonth}/close`, { note: "x" })).status).toBe(403);
    expect((await admin.post(`${base}/periods/${thisMonth}/close`, { note: "x" })).status).toBe(422);
    expect((await admin.post(`${base}/periods/2026-13/close`, {})).status).toBe(400);
    expect(await allItems(db)).toEqual(before);
  });

  it("closes with a note; then every money write dated in the month is a 409 and writes nothing", async () => {
    const r = await admin.post(`${base}/periods/${lastMonth}/close`, { note: "二网尾款下月追收" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.period).toMatchObject({ state: "closed", openAtClose: 1, note: "二网尾款下月追收" });
    expect((await admin.post(`${base}/periods/${lastMonth}/close`, {})).status).toBe(409);

    const c = await lastMonthContract("孙先生", () => ({}));
    const unpaidKey = (await admin.get(`${base}/month-end?month=${lastMonth}`)).body.discrepancies.find(
      (d: any) => d.kind === "wholesale_unpaid",
    ).key;
    const before = await allItems(db);
    const message = `The period ${lastMonth} is closed; money-relevant records of that month cannot be changed. Record a correction in the open month.`;
    const pay = await admin.post(`${base}/dealers/${dealerA.dealerId}/payments`, {
      amountFen: 10_00,
      method: "cash",
      reference: "LATE-1",
      date: lastMonthDay,
    });
    expect(pay.status).toBe(409);
    expect(pay.body.error.message).toBe(message);
    const ws = await admin.post(`${base}/dealers/${dealerB.dealerId}/wholesales`, {
      vehicleId: vehicles[3]!.vehicleId,
      priceFen: 100_000_00,
      date: lastMonthDay,
    });
    expect(ws.status).toBe(409);
    expect(ws.body.error.message).toBe(message);
    const run = await admin.post(`${base}/month-end/${lastMonth}/run`);
    expect(run.status).toBe(409);
    const act = await admin.post(`${base}/month-end/${lastMonth}/discrepancies/${encodeURIComponent(unpaidKey)}`, {
      action: "resolve",
      note: "x",
    });
    expect(act.status).toBe(409);

    // contract money written with a clock inside the closed month (payments, invoices, changes)
    const ctx: Ctx = { actor: { ...salesAdminUser, tenantId, roles: ["sales_admin"] } as Ctx["actor"], db };
    const managerCtx: Ctx = {
      actor: { ...(await t.manager.client.get("/api/me")).body.user, tenantId } as Ctx["actor"],
      db,
    };
    const inClosed = { now: new Date(`${lastMonthDay}T04:00:00.000Z`) };
    const attempts = [
      contracts.recordPayment(
        ctx,
        t.store.storeId,
        c.contractId,
        { amountFen: 1_00, method: "cash", reference: "R" },
        inClosed,
      ),
      contracts.recordInvoice(
        ctx,
        t.store.storeId,
        c.contractId,
        { invoiceNo: "FP99990001", stockRelease: false },
        inClosed,
      ),
      contracts.confirmFinance(ctx, t.store.storeId, c.contractId, { note: "到账" }, inClosed),
      contracts.cancelContract(managerCtx, t.store.storeId, c.contractId, { reason: "客户反悔" }, inClosed),
    ];
    const settled = await Promise.allSettled(attempts);
    for (const s of settled) {
      expect(s.status).toBe("rejected");
      expect((s as PromiseRejectedResult).reason).toMatchObject({ status: 409, message });
    }
    expect(await allItems(db)).toEqual(before);
    // the same payment today (the open month) goes through
    const paid = await contracts.recordPayment(ctx, t.store.storeId, c.contractId, {
      amountFen: 1_00,
      method: "cash",
      reference: "R",
    });
    expect(paid.payment.amountFen).toBe(1_00);
  });

  it("is reopened only by the general manager with a reason, audited; then writes go through", async () => {
    expect((await admin.post(`${base}/periods/${lastMonth}/reopen`, { reason: "补录" })).status).toBe(403);
    expect((await gm.client.post(`${base}/periods/${lastMonth}/reopen`, {})).status).toBe(400);
    const r = await gm.client.post(`${base}/periods/${lastMonth}/reopen`, { reason: "财务补录二网回款" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.period).toMatchObject({
      state: "reopened",
      reopenedByName: "GM Wang",
      reopenReason: "财务补录二网回款",
    });
    const list = await admin.get(`${base}/periods`);
    expect(list.body.audit.map((a: any) => [a.action, a.byName])).toEqual([
      ["period.reopened", "GM Wang"],
      ["period.closed", "Sales Admin"],
    ]);
    const pay = await admin.post(`${base}/dealers/${dealerA.dealerId}/payments`, {
      amountFen: 10_00,
      method: "cash",
      reference: "LATE-1",
      date: lastMonthDay,
    });
    expect(pay.status, JSON.stringify(pay.body)).toBe(201);
  });
});

describe("tenant isolation", () => {
  it("gives tenant B 404 on every dealer, month-end and period endpoint of A, and writes nothing", async () => {
    const B = await setupTenant({ groupName: "B Group" });
    const bAdmin = (await joinAs(B, "B Sales Admin", ["sales_admin"])).client;
    const bGm = (await joinAs(B, "B GM", ["general_manager"])).client;
    const bs = B.store.storeId;
    const as = t.store.storeId;
    const d = dealerA.dealerId;
    const key = encodeURIComponent(`invoiced_not_delivered#x`);
    const before = await allItems(db);
    const calls: [Client, string, string, unknown?][] = [];
    for (const store of [as]) {
      calls.push(
        [bAdmin, "GET", `/api/stores/${store}/dealers`],
        [
          bAdmin,
          "POST",
          `/api/stores/${store}/dealers`,
          { name: "X", contactName: "Y", phone: "12345", creditLimitFen: 1 },
        ],
        [bAdmin, "GET", `/api/stores/${store}/dealers/${d}`],
        [bAdmin, "PATCH", `/api/stores/${store}/dealers/${d}`, { version: 1, name: "X" }],
        [
          bAdmin,
          "POST",
          `/api/stores/${store}/dealers/${d}/wholesales`,
          { vehicleId: vehicles[4]!.vehicleId, priceFen: 1 },
        ],
        [
          bAdmin,
          "POST",
          `/api/stores/${store}/dealers/${d}/payments`,
          { amountFen: 1, method: "cash", reference: "R" },
        ],
        [bAdmin, "GET", `/api/stores/${store}/month-end?month=${lastMonth}`],
        [bAdmin, "POST", `/api/stores/${store}/month-end/${lastMonth}/run`],
        [
          bAdmin,
          "POST",
          `/api/stores/${store}/month-end/${lastMonth}/discrepancies/${key}`,
          { action: "resolve", note: "x" },
        ],
        [bAdmin, "GET", `/api/stores/${store}/periods`],
        [bAdmin, "POST", `/api/stores/${store}/periods/${lastMonth}/close`, { note: "x" }],
        [bGm, "POST", `/api/stores/${store}/periods/${lastMonth}/reopen`, { reason: "x" }],
      );
    }
    // A's dealer and vehicle under B's own store
    calls.push(
      [bAdmin, "GET", `/api/stores/${bs}/dealers/${d}`],
      [bAdmin, "PATCH", `/api/stores/${bs}/dealers/${d}`, { version: 1, name: "X" }],
      [bAdmin, "POST", `/api/stores/${bs}/dealers/${d}/payments`, { amountFen: 1, method: "cash", reference: "R" }],
      [bAdmin, "POST", `/api/stores/${bs}/dealers/${d}/wholesales`, { vehicleId: vehicles[4]!.vehicleId, priceFen: 1 }],
    );
    for (const [client, method, path, body] of calls) {
      const r = await client.call(method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(404);
    }
    expect(await allItems(db)).toEqual(before);
    // B's own lists hold nothing of A
    expect((await bAdmin.get(`/api/stores/${bs}/dealers`)).body.dealers).toEqual([]);
    expect((await bAdmin.get(`/api/stores/${bs}/month-end?month=${lastMonth}`)).body.discrepancies).toEqual([]);
  });
});

/**
 * Payment requests (付款通知书, order flow step 2: the balance is short → a payment
 * request) against DynamoDB Local: the default (the whole balance by the first
 * open due's date), a partial amount, more than the balance refused, nothing
 * to request, who may ask, the last 20 kept, two at once, the print page's
 * read, bad input writing nothing and tenant/store isolation.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, newId } from "@dealeros/core";
import { type Db, deals } from "@dealeros/db";
import { contracts } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, STORE_INPUT, setupTenant, type Tenant } from "../support/api.ts";
import { dealStore, joinAs, makeCard, placeOrder, putQuote, QUOTE_MONEY } from "../support/deals.ts";

// payable 219,900 − 5,000 + 800 + 950 = 216,650 yuan; deposit 5,000 due at signing, the rest at delivery
const PAYABLE = 216_650_00;
const DEPOSIT = 5_000_00;

let db: Db;
let t: Tenant;
let tenantId: string;
let salesAdmin: Client;
let base: string;
let today: string;
let mobileCounter = 0;

/** A contract of a consultant's card: card (API) + open quote (stored as the quote service does) + order (API). */
async function contract(consultant = 0) {
  const c = t.consultants[consultant]!;
  const p = await makeCard(c.client, t.store.storeId, "赵女士", `139${String(10_000_000 + mobileCounter++).slice(-8)}`);
  const q = await putQuote(db, {
    tenantId,
    storeId: t.store.storeId,
    prospectId: p.prospectId,
    customerName: p.name,
    consultant: { userId: p.ownerId, name: p.ownerName },
    money: QUOTE_MONEY,
    validUntil: addDays(today, 7),
  });
  return placeOrder(c.client, t.store.storeId, q.quoteId, addDays(today, 14));
}

const requestPath = (contractId: string, b = base) => `${b}/contracts/${contractId}/payment-requests`;

async function pay(contractId: string, amountFen: number) {
  const r = await salesAdmin.post(`${base}/contracts/${contractId}/payments`, {
    amountFen,
    method: "bank_transfer",
    reference: `CMB-${amountFen}`,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.contract;
}

beforeAll(async () => {
  ({ db, t, tenantId, salesAdmin, base, today } = await dealStore(2));
});

describe("requesting a payment", () => {
  it("asks for the whole balance by the first open due's date by default, kept on the contract and audited", async () => {
    const k = await contract();
    const before = (await allItems(db)).length;
    const r = await salesAdmin.post(requestPath(k.contractId), {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.request).toMatchObject({ amountFen: PAYABLE, dueDate: today, byName: "Sales Admin" });
    expect(r.body.request.note).toBeUndefined();
    expect(r.body.contract.paymentRequests).toEqual([r.body.request]);
    expect(r.body.contract.balanceFen).toBe(PAYABLE);
    // the contract is updated in place; one audit entry is added
    expect((await allItems(db)).length).toBe(before + 1);

    const detail = await salesAdmin.get(`${base}/contracts/${k.contractId}`);
    expect(detail.body.contract.paymentRequests).toHaveLength(1);
    expect(detail.body.contract.version).toBe(k.version + 1);
    expect(detail.body.audit[0]).toMatchObject({
      action: "contract.payment_requested",
      byName: "Sales Admin",
      detail: { amountFen: PAYABLE, dueDate: today, balanceFen: PAYABLE, requestId: r.body.request.id },
    });
    // no money moved: the balance, the payments and the receivables are as they were
    expect(detail.body.contract.paidFen).toBe(0);
    expect(detail.body.payments).toEqual([]);

    // once the deposit is paid, the default is the rest, by the balance due's date
    await pay(k.contractId, DEPOSIT);
    const next = await salesAdmin.post(requestPath(k.contractId), {});
    expect(next.status).toBe(201);
    expect(next.body.request).toMatchObject({ amountFen: PAYABLE - DEPOSIT, dueDate: addDays(today, 14) });
    expect(next.body.contract.paymentRequests.map((x: any) => x.amountFen)).toEqual([PAYABLE, PAYABLE - DEPOSIT]);
  });

  it("lets the contract's consultant ask for part of the balance by a date of his choice, with a note", async () => {
    const k = await contract(0);
    const r = await t.consultants[0]!.client.post(requestPath(k.contractId), {
      amountFen: 10_000_00,
      dueDate: addDays(today, 3),
      note: "  请于周五前转账定金及部分尾款  ",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.request).toMatchObject({
      amountFen: 10_000_00,
      dueDate: addDays(today, 3),
      note: "请于周五前转账定金及部分尾款",
      by: t.consultants[0]!.user.userId,
      byName: t.consultants[0]!.user.name,
    });
    // a manager may ask too; exactly the balance is fine
    const m = await t.manager.client.post(requestPath(k.contractId), { amountFen: PAYABLE });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.body.contract.paymentRequests).toHaveLength(2);
  });

  it("refuses more than the balance (422, amounts in yuan), writing nothing", async () => {
    const k = await contract();
    await pay(k.contractId, 200_000_00);
    const before = await allItems(db);
    const r = await salesAdmin.post(requestPath(k.contractId), { amountFen: 16_650_01 });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe(
      "The request is more than the balance: the balance is ¥16,650.00; this request is ¥16,650.01.",
    );
    expect(r.body.error.fields.amountFen).toBe("At most ¥16,650.00.");
    expect(await allItems(db)).toEqual(before);
  });

  it("refuses when nothing is open, or the contract is cancelled or delivered (422), writing nothing", async () => {
    const paid = await contract();
    await pay(paid.contractId, PAYABLE);
    const cancelled = await contract();
    const c = await t.manager.client.post(`${base}/contracts/${cancelled.contractId}/cancel`, {
      reason: "客户放弃购买",
    });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    // delivered with money still open (finance confirmed it): the order flow is closed
    const delivered = await contract();
    const stored = (await deals.getContract(db, tenantId, delivered.contractId))!;
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: deals.contractItem({ ...stored, state: "delivered", version: stored.version + 1 }),
      }),
    );
    const before = await allItems(db);
    const cases: [string, string][] = [
      [paid.contractId, "Nothing to request: the contract is fully paid."],
      [cancelled.contractId, "This contract is cancelled."],
      [delivered.contractId, "This contract is delivered; its order flow is closed."],
    ];
    for (const [id, message] of cases) {
      for (const body of [{}, { amountFen: 100 }]) {
        const r = await salesAdmin.post(requestPath(id), body);
        expect(r.status, message).toBe(422);
        expect(r.body.error.message).toBe(message);
      }
    }
    expect(await allItems(db)).toEqual(before);
  });

  it("answers 404 to a consultant of another card and to the receptionist, writing nothing", async () => {
    const k = await contract(0);
    const before = await allItems(db);
    for (const who of [t.consultants[1]!.client, t.receptionist.client]) {
      const r = await who.post(requestPath(k.contractId), {});
      expect(r.status, JSON.stringify(r.body)).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain(k.contractNo);
    }
    // an id that is no contract, and one that is not an id
    expect((await salesAdmin.post(requestPath(newId()), {})).status).toBe(404);
    expect((await salesAdmin.post(requestPath("nope"), {})).status).toBe(404);
    expect(await allItems(db)).toEqual(before);
  });

  it("keeps the last 20 requests, and two requests at once both land", async () => {
    const k = await contract();
    const sent: number[] = [];
    for (let i = 1; i <= 21; i++) {
      const r = await salesAdmin.post(requestPath(k.contractId), { amountFen: i * 100 });
      expect(r.status).toBe(201);
      sent.push(i * 100);
    }
    const after = await salesAdmin.get(`${base}/contracts/${k.contractId}`);
    expect(after.body.contract.paymentRequests.map((x: any) => x.amountFen)).toEqual(sent.slice(-20));

    const k2 = await contract();
    const both = await Promise.all([
      salesAdmin.post(requestPath(k2.contractId), { amountFen: 1_000_00 }),
      t.consultants[0]!.client.post(requestPath(k2.contractId), { amountFen: 2_000_00 }),
      t.manager.client.post(requestPath(k2.contractId), { amountFen: 3_000_00 }),
    ]);
    expect(both.map((r) => r.status)).toEqual([201, 201, 201]);
    const now = await salesAdmin.get(`${base}/contracts/${k2.contractId}`);
    expect(now.body.contract.paymentRequests.map((x: any) => x.amountFen).sort()).toEqual([
      1_000_00, 2_000_00, 3_000_00,
    ]);
    expect(now.body.contract.version).toBe(k2.version + 3);
    expect(now.body.audit.filter((a: any) => a.action === "contract.payment_requested")).toHaveLength(3);
  });

  it("gives the print page the store, the contract as it is now and the request (404 for others)", async () => {
    const k = await contract(0);
    const made = await salesAdmin.post(requestPath(k.contractId), { note: "请转账" });
    expect(made.status).toBe(201);
    await pay(k.contractId, DEPOSIT);
    const me = (await salesAdmin.get("/api/me")).body.user;
    const view = await contracts.getPaymentRequest({ actor: me }, t.store.storeId, k.contractId, made.body.request.id);
    expect(view.store).toEqual({ storeId: t.store.storeId, name: t.store.name, timeZone: t.store.timeZone });
    expect(view.request).toEqual(made.body.request);
    expect(view.contract).toMatchObject({ contractNo: k.contractNo, paidFen: DEPOSIT, balanceFen: PAYABLE - DEPOSIT });
    expect(view.contract.dueStatus.filter((d) => d.openFen > 0).map((d) => d.kind)).toEqual(["balance"]);
    // the card's own consultant sees it; a colleague, an unknown request id or another store do not
    const own = (await t.consultants[0]!.client.get("/api/me")).body.user;
    await expect(
      contracts.getPaymentRequest({ actor: own }, t.store.storeId, k.contractId, made.body.request.id),
    ).resolves.toMatchObject({ request: { id: made.body.request.id } });
    const colleague = (await t.consultants[1]!.client.get("/api/me")).body.user;
    await expect(
      contracts.getPaymentRequest({ actor: colleague }, t.store.storeId, k.contractId, made.body.request.id),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      contracts.getPaymentRequest({ actor: me }, t.store.storeId, k.contractId, newId()),
    ).rejects.toMatchObject({ status: 404, message: "Payment request not found." });
  });
});

describe("isolation and bad input", () => {
  it("answers 404 to another tenant and to another store, writing nothing", async () => {
    const k = await contract();
    const made = await salesAdmin.post(requestPath(k.contractId), {});
    expect(made.status).toBe(201);
    const B = await setupTenant({ consultants: 1, groupName: "Bravo Requests" });
    const bAdmin = await joinAs(B, "Bravo Admin", ["sales_admin"]);
    const store2 = await t.admin.post("/api/stores", { ...STORE_INPUT, name: "宁波店" });
    expect(store2.status).toBe(201);
    const before = await allItems(db);
    for (const [who, prefix] of [
      [bAdmin.client, base],
      [bAdmin.client, `/api/stores/${B.store.storeId}`],
      [B.manager.client, `/api/stores/${B.store.storeId}`],
      [t.admin, `/api/stores/${store2.body.store.storeId}`],
    ] as const) {
      for (const body of [{}, { amountFen: 100, dueDate: today, note: "x" }]) {
        const r = await who.post(requestPath(k.contractId, prefix), body);
        expect(r.status, `${prefix} ${JSON.stringify(r.body)}`).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain(k.contractNo);
      }
    }
    // the print page's read: tenant B's user with A's ids
    const bMe = (await bAdmin.client.get("/api/me")).body.user;
    for (const storeId of [t.store.storeId, B.store.storeId]) {
      await expect(
        contracts.getPaymentRequest({ actor: bMe }, storeId, k.contractId, made.body.request.id),
      ).rejects.toMatchObject({ status: 404 });
    }
    expect(await allItems(db)).toEqual(before);
  });

  it("refuses bad input with 400 and the field, writing nothing", async () => {
    const k = await contract();
    const cases: [unknown, string][] = [
      [{ amountFen: 0 }, "amountFen"],
      [{ amountFen: -100 }, "amountFen"],
      [{ amountFen: 10.5 }, "amountFen"],
      [{ amountFen: "100" }, "amountFen"],
      [{ amountFen: 100_000_000_01 }, "amountFen"],
      [{ dueDate: "2026-02-30" }, "dueDate"],
      [{ dueDate: "next friday" }, "dueDate"],
      [{ dueDate: addDays(today, 366) }, "dueDate"],
      [{ dueDate: addDays(today, -1) }, "dueDate"],
      [{ note: "长".repeat(301) }, "note"],
      [{ amountFen: 100, by: "someone" }, "_"],
    ];
    const before = await allItems(db);
    for (const [body, field] of cases) {
      const r = await salesAdmin.post(requestPath(k.contractId), body);
      expect(r.status, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.fields?.[field], `${JSON.stringify(body)} ${field}`).toBeDefined();
    }
    const raw = await salesAdmin.call("POST", requestPath(k.contractId), undefined, { rawBody: "{amountFen:" });
    expect(raw.status).toBe(400);
    expect(await allItems(db)).toEqual(before);
  });
});

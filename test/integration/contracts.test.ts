/**
 * Orders and contracts (brief rules 10, 11, 17) against DynamoDB Local: the order
 * from a quote (contract number, dues, card graded O), the per-store sequence
 * under parallel orders, vehicle allocation racing, PO line links, payments
 * (partial, overpayment refused, two at once, idempotent), invoice, loan,
 * finance confirmation, cancellation, the ledger page (one Query), aged
 * receivables, bad input writing nothing and tenant/store isolation.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, checkVin, localDate, type QuoteMoneyInput } from "@dealeros/core";
import { type Db, type DealVehicle, deals, inventory, keys, type QuoteStatus } from "@dealeros/db";
import { contracts } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, STORE_INPUT, setupTenant, type Tenant } from "../support/api.ts";
import {
  dealStore,
  joinAs,
  MAGOTAN,
  makeCard,
  placeOrder,
  QUOTE_MONEY,
  registerVehicle,
  stockVehicle,
  putQuote as storeQuote,
  VINS,
} from "../support/deals.ts";

let db: Db;
let t: Tenant;
let tenantId: string;
let salesAdmin: Client;
let base: string;
let today: string;
let mobileCounter = 0;

function nextMobile(): string {
  return `137${String(10_000_000 + mobileCounter++).slice(-8)}`;
}

/** A prospect card of a consultant (through the API). */
async function card(T: Tenant, consultant = 0, name = "王先生") {
  return makeCard(T.consultants[consultant]!.client, T.store.storeId, name, nextMobile());
}

/** A quote written as Helper A's quote service would store it. */
async function putQuote(
  T: Tenant,
  prospect: { prospectId: string; name: string; ownerId: string; ownerName: string },
  opts: {
    status?: QuoteStatus;
    vehicle?: Partial<DealVehicle>;
    money?: Partial<QuoteMoneyInput>;
    validUntil?: string;
  } = {},
) {
  return storeQuote(db, {
    tenantId: T.receptionist.user.tenantId,
    storeId: T.store.storeId,
    prospectId: prospect.prospectId,
    customerName: prospect.name,
    consultant: { userId: prospect.ownerId, name: prospect.ownerName },
    money: { ...QUOTE_MONEY, ...opts.money },
    vehicle: { ...MAGOTAN, ...opts.vehicle },
    status: opts.status,
    validUntil: opts.validUntil ?? addDays(today, 7),
  });
}

const ORDER = () => ({ expectedDeliveryDate: addDays(today, 14), deliveryMethod: "store_pickup" });

async function order(client: Client, quoteId: string, body: Record<string, unknown> = ORDER(), b = base) {
  return client.post(`${b}/quotes/${quoteId}/order`, body);
}

/** card + quote + order by its consultant: the contract */
async function contract(
  opts: { consultant?: number; money?: Partial<QuoteMoneyInput>; vehicle?: Partial<DealVehicle> } = {},
) {
  const p = await card(t, opts.consultant ?? 0);
  const q = await putQuote(t, p, { money: opts.money, vehicle: opts.vehicle });
  return placeOrder(t.consultants[opts.consultant ?? 0]!.client, t.store.storeId, q.quoteId, addDays(today, 14));
}

async function pay(contractId: string, amountFen: number, extra: Record<string, unknown> = {}, as = salesAdmin) {
  return as.post(`${base}/contracts/${contractId}/payments`, {
    amountFen,
    method: "bank_transfer",
    reference: `CMB-${amountFen}`,
    ...extra,
  });
}

beforeAll(async () => {
  ({ db, t, tenantId, salesAdmin, base, today } = await dealStore(2, { catalogue: true }));
});

describe("order from a quote", () => {
  it("makes contract HT-000001 with dues, grades the card O (out of the follow-up index), marks the quote ordered", async () => {
    const c = t.consultants[0]!;
    const p = await card(t);
    // grade the card so it has a next follow-up (in GSI3)
    const graded = await c.client.put(`${base}/prospects/${p.prospectId}/needs`, {
      version: p.version,
      purchaseFactors: ["safety"],
      brandFamiliarity: "some",
      use: "family",
      purchaseType: "first",
      householdRoles: { user: "self", decisionMaker: "self" },
      intendedModel: "Magotan",
      intendedColour: "white",
      payment: "cash",
      competingBrands: [],
      purchaseTiming: "within_7_days",
    });
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    expect(graded.body.prospect.nextFollowUpAt).toBeTruthy();
    const q = await putQuote(t, p);
    const before = (await allItems(db)).length;

    const r = await order(c.client, q.quoteId, { ...ORDER(), note: "客户要求周末提车", quoteVersion: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const k = r.body.contract;
    expect(k).toMatchObject({
      contractNo: "HT-000001",
      seq: 1,
      state: "signed",
      stage: "awaiting_vehicle",
      customerName: "王先生",
      consultantId: c.user.userId,
      quantity: 1,
      deliveryMethod: "store_pickup",
      expectedDeliveryDate: addDays(today, 14),
      signedDate: today,
      paidFen: 0,
    });
    // payable 219,900 − 5,000 + 800 + 950 = 216,650 yuan; deposit 5,000 due at signing (default 0 days)
    expect(k.dues).toEqual([
      { kind: "deposit", amountFen: 5_000_00, dueDate: today },
      { kind: "balance", amountFen: 211_650_00, dueDate: addDays(today, 14) },
    ]);
    expect(k.dueFen).toBe(216_650_00);
    expect(k.balanceFen).toBe(216_650_00);
    expect(k.blockers.map((b: any) => b.code)).toEqual([
      "no_vehicle",
      "unpaid_balance",
      "no_invoice",
      "no_stock_release",
    ]);
    // contract + its audit + sequence + card audit + the store's order lock (card and quote updated in place)
    expect((await allItems(db)).length).toBe(before + 5);

    const cardNow = await c.client.get(`${base}/prospects/${p.prospectId}`);
    expect(cardNow.body.prospect.grade).toBe("O");
    expect(cardNow.body.prospect.nextFollowUpAt).toBeUndefined();
    expect(cardNow.body.audit.some((a: any) => a.action === "prospect.graded" && a.detail.to === "O")).toBe(true);
    const raw = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.prospect(tenantId, p.prospectId) }));
    expect(raw.Item?.GSI3PK).toBeUndefined();
    const storedQuote = await deals.getQuote(db, tenantId, q.quoteId);
    expect(storedQuote).toMatchObject({ status: "ordered", contractId: k.contractId, version: 2 });

    const ledger = await salesAdmin.get(`${base}/contracts`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.rows[0]).toMatchObject({
      contractNo: "HT-000001",
      customerName: "王先生",
      consultantName: c.user.name,
      vehicle: "迈腾 Magotan 330TSI 豪华型",
      payableFen: 216_650_00,
      depositFen: 5_000_00,
      paidFen: 0,
      balanceFen: 216_650_00,
      expectedDeliveryDate: addDays(today, 14),
      state: "signed",
      stage: "awaiting_vehicle",
    });

    const detail = await c.client.get(`${base}/contracts/${k.contractId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.audit[0]).toMatchObject({ action: "contract.ordered", byName: c.user.name });
    expect(detail.body.audit[0].detail.note).toBe("客户要求周末提车");

    // the same quote again: 409, nothing written
    const n = (await allItems(db)).length;
    const again = await order(c.client, q.quoteId);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("This quote has already been made into an order.");
    expect((await allItems(db)).length).toBe(n);
  });

  it("refuses quotes waiting for approval, rejected, cancelled, expired or changed — writing nothing", async () => {
    const c = t.consultants[0]!;
    const p = await card(t);
    const cases: [Parameters<typeof putQuote>[2], number, string][] = [
      [{ status: "pending_approval" }, 422, "This quote is waiting for the sales manager's approval of the discount."],
      [{ status: "rejected" }, 422, "The sales manager rejected the discount of this quote; make a new quote."],
      [{ status: "cancelled" }, 422, "This quote was cancelled."],
      [{ validUntil: addDays(today, -1) }, 422, "This quote has expired; make a new quote."],
    ];
    for (const [opts, status, message] of cases) {
      const q = await putQuote(t, p, opts);
      const before = await allItems(db);
      const r = await order(c.client, q.quoteId);
      expect(r.status, message).toBe(status);
      expect(r.body.error.message).toBe(message);
      expect(await allItems(db)).toEqual(before);
    }
    const q = await putQuote(t, p);
    const stale = await order(c.client, q.quoteId, { ...ORDER(), quoteVersion: 2 });
    expect(stale.status).toBe(409);
    // an approved quote can be ordered
    const approved = await putQuote(t, p, { status: "approved" });
    expect((await order(c.client, approved.quoteId)).status).toBe(201);
  });

  it("lets a consultant order and see only his own deals; a receptionist none", async () => {
    const [c1, c2] = t.consultants;
    const p = await card(t, 0);
    const q = await putQuote(t, p);
    const other = await order(c2!.client, q.quoteId);
    expect(other.status).toBe(404);
    const recep = await order(t.receptionist.client, q.quoteId);
    expect(recep.status).toBe(403);
    const mine = await order(c1!.client, q.quoteId);
    expect(mine.status).toBe(201);
    const id = mine.body.contract.contractId;
    expect((await c2!.client.get(`${base}/contracts/${id}`)).status).toBe(404);
    expect((await c1!.client.get(`${base}/contracts/${id}`)).status).toBe(200);
    expect((await t.manager.client.get(`${base}/contracts/${id}`)).status).toBe(200);
    const ledger2 = await c2!.client.get(`${base}/contracts`);
    expect(ledger2.status).toBe(200);
    expect(ledger2.body.rows.every((r: any) => r.consultantId === c2!.user.userId)).toBe(true);
    const ledger1 = await c1!.client.get(`${base}/contracts`);
    expect(ledger1.body.rows.some((r: any) => r.contractId === id)).toBe(true);
    expect((await t.receptionist.client.get(`${base}/contracts`)).status).toBe(403);
    expect((await t.receptionist.client.get(`${base}/contracts/${id}`)).status).toBe(404);
  });

  it("refuses a delivery date before today or more than a year away", async () => {
    const p = await card(t);
    const q = await putQuote(t, p);
    const before = await allItems(db);
    for (const d of [addDays(today, -1), addDays(today, 400)]) {
      const r = await order(t.consultants[0]!.client, q.quoteId, { ...ORDER(), expectedDeliveryDate: d });
      expect(r.status).toBe(400);
      expect(r.body.error.fields.expectedDeliveryDate).toBeDefined();
    }
    expect(await allItems(db)).toEqual(before);
  });

  it("numbers 20 parallel orders on 20 quotes without a gap or a duplicate", async () => {
    const start = await deals.lastContractSeq(db, tenantId, t.store.storeId);
    const quotes = [];
    for (let i = 0; i < 20; i++) quotes.push(await putQuote(t, await card(t, i % 2, `客户${i}`)));
    const results = await Promise.all(quotes.map((q, i) => order(t.consultants[i % 2]!.client, q.quoteId)));
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const seqs = results.map((r) => r.body.contract.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1));
    expect(new Set(results.map((r) => r.body.contract.contractNo)).size).toBe(20);
    expect(await deals.lastContractSeq(db, tenantId, t.store.storeId)).toBe(start + 20);
    // every number of the store exists exactly once in the ledger
    const all: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await salesAdmin.get(`${base}/contracts?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      all.push(...page.body.rows.map((r: any) => Number(r.contractNo.slice(3))));
      cursor = page.body.cursor;
    } while (cursor);
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: start + 20 }, (_, i) => i + 1));
  });
  it("waits out the order lock of an order that died, and never trusts a stale number left on it", async () => {
    const last = await deals.lastContractSeq(db, tenantId, t.store.storeId);
    // a holder that died holding the lock for another second, leaving a number far behind the sequence
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.contractSequenceLock(tenantId, t.store.storeId),
          holder: "died",
          until: Date.now() + 1_000,
          lastSeq: 1,
        },
      }),
    );
    const q = await putQuote(t, await card(t));
    const started = Date.now();
    const r = await order(t.consultants[0]!.client, q.quoteId);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(r.body.contract.seq).toBe(last + 1);
    const lock = await db.doc.send(
      new GetCommand({ TableName: db.table, Key: keys.contractSequenceLock(tenantId, t.store.storeId) }),
    );
    expect(lock.Item).toMatchObject({ lastSeq: last + 1 });
    expect(lock.Item?.holder).toBeUndefined();
  });
});

describe("stock: allocation and PO lines", () => {
  it("allocates the quote's own stock vehicle with the order", async () => {
    const v = await stockVehicle(salesAdmin, base, VINS[0]!);
    const k = await contract({ vehicle: { vehicleId: v.vehicleId, vin: v.vin } });
    expect(k.allocation).toMatchObject({ vehicleId: v.vehicleId, vin: v.vin });
    expect(k.stage).toBe("awaiting_payment");
    const stored = await inventory.getVehicle(db, tenantId, v.vehicleId);
    expect(stored?.status).toBe("allocated");
    const history = await salesAdmin.get(`${base}/vehicles/${v.vehicleId}`);
    expect(history.body.audit[0]).toMatchObject({ action: "vehicle.allocated" });
    expect(history.body.audit[0].detail.contractNo).toBe(k.contractNo);
  });

  it("gives one vehicle to exactly one of two contracts allocating it at once", async () => {
    const v = await stockVehicle(salesAdmin, base, VINS[1]!, { colourCode: "blue" });
    const [a, b] = [await contract(), await contract()];
    const results = await Promise.all(
      [a, b].map((k) => salesAdmin.post(`${base}/contracts/${k.contractId}/allocation`, { vehicleId: v.vehicleId })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.body.error.message).toBe("This vehicle is already allocated to another contract.");
    const won = results.find((r) => r.status === 200)!.body.contract;
    // colour differs from the quote (white → blue): allowed, stated in the audit
    const detail = await salesAdmin.get(`${base}/contracts/${won.contractId}`);
    expect(detail.body.audit[0]).toMatchObject({ action: "contract.allocated" });
    expect(detail.body.audit[0].detail.colourMismatch).toBe("极地白 → 星空蓝");
    const loser = [a, b].find((k) => k.contractId !== won.contractId)!;
    const loserNow = await salesAdmin.get(`${base}/contracts/${loser.contractId}`);
    expect(loserNow.body.contract.allocation).toBeUndefined();
    expect((await inventory.getVehicle(db, tenantId, v.vehicleId))?.status).toBe("allocated");

    // options: a vehicle allocated is no longer offered
    const opts = await salesAdmin.get(`${base}/contracts/${loser.contractId}/allocation-options`);
    expect(opts.status).toBe(200);
    expect(opts.body.vehicles.some((x: any) => x.vehicleId === v.vehicleId)).toBe(false);
    expect(opts.dbCalls).toBeLessThanOrEqual(4);

    // release: back in stock, and the loser can have it
    const rel = await salesAdmin.post(`${base}/contracts/${won.contractId}/allocation/release`, { reason: "客户换车" });
    expect(rel.status, JSON.stringify(rel.body)).toBe(200);
    expect(rel.body.contract.allocation).toBeUndefined();
    expect((await inventory.getVehicle(db, tenantId, v.vehicleId))?.status).toBe("in_stock");
    const again = await salesAdmin.post(`${base}/contracts/${loser.contractId}/allocation`, { vehicleId: v.vehicleId });
    expect(again.status).toBe(200);
  });

  it("refuses another trim, a vehicle not in stock, a second vehicle, and consultants", async () => {
    const k = await contract();
    const tayron = await stockVehicle(salesAdmin, base, VINS[2]!, {
      colourCode: "black",
      modelCode: "tayron",
      trimCode: "330tsi",
    });
    const wrong = await salesAdmin.post(`${base}/contracts/${k.contractId}/allocation`, {
      vehicleId: tayron.vehicleId,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toBe("This vehicle is not the trim of the contract.");
    const onOrder = await registerVehicle(salesAdmin, base, VINS[3]!, { engineNumber: "DKX999" });
    const notInStock = await salesAdmin.post(`${base}/contracts/${k.contractId}/allocation`, {
      vehicleId: onOrder.vehicleId,
    });
    expect(notInStock.status).toBe(422);
    expect(notInStock.body.error.message).toBe("Only a vehicle in stock can be allocated.");
    const v = await stockVehicle(salesAdmin, base, VINS[4]!);
    const consultant = await t.consultants[0]!.client.post(`${base}/contracts/${k.contractId}/allocation`, {
      vehicleId: v.vehicleId,
    });
    expect(consultant.status).toBe(403);
    expect(
      (await salesAdmin.post(`${base}/contracts/${k.contractId}/allocation`, { vehicleId: v.vehicleId })).status,
    ).toBe(200);
    const second = await salesAdmin.post(`${base}/contracts/${k.contractId}/allocation`, { vehicleId: v.vehicleId });
    expect(second.status).toBe(409);
  });

  it("links a contract to an open PO line of its trim, at most as many as the line's quantity", async () => {
    const po = await salesAdmin.post(`${base}/purchase-orders`, {
      lines: [
        { modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "white", quantity: 1 },
        { modelCode: "tayron", trimCode: "330tsi", colourCode: "black", quantity: 2 },
      ],
    });
    expect(po.status).toBe(201);
    const poId = po.body.purchaseOrder.poId;
    const [a, b] = [await contract(), await contract()];
    const otherTrim = await salesAdmin.post(`${base}/contracts/${a.contractId}/po-link`, { poId, line: 2 });
    expect(otherTrim.status).toBe(422);
    const linked = await salesAdmin.post(`${base}/contracts/${a.contractId}/po-link`, { poId, line: 1 });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.contract.poLink).toMatchObject({ poId, line: 1 });
    expect((await inventory.getPurchaseOrder(db, tenantId, poId))?.lines[0]?.linked).toBe(1);
    const full = await salesAdmin.post(`${base}/contracts/${b.contractId}/po-link`, { poId, line: 1 });
    expect(full.status).toBe(409);
    expect(full.body.error.message).toBe(
      "Every vehicle of this purchase order line is already promised to a contract.",
    );
    const twice = await salesAdmin.post(`${base}/contracts/${a.contractId}/po-link`, { poId, line: 1 });
    expect(twice.status).toBe(409);
    const noLine = await salesAdmin.post(`${base}/contracts/${b.contractId}/po-link`, { poId, line: 9 });
    expect(noLine.status).toBe(422);
    // cancelling the linked contract frees the line for the other one
    const cancelled = await t.manager.client.post(`${base}/contracts/${a.contractId}/cancel`, { reason: "客户退订" });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await inventory.getPurchaseOrder(db, tenantId, poId))?.lines[0]?.linked).toBe(0);
    expect((await salesAdmin.post(`${base}/contracts/${b.contractId}/po-link`, { poId, line: 1 })).status).toBe(200);
  });
});

describe("payments", () => {
  it("takes partial payments; balance is always due − paid; refuses an overpayment writing nothing", async () => {
    const k = await contract();
    const due = k.dueFen;
    const amounts = [5_000_00, 1_234_56, 100_000_00, 1];
    let paid = 0;
    for (const a of amounts) {
      const r = await pay(k.contractId, a);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      paid += a;
      expect(r.body.contract.paidFen).toBe(paid);
      expect(r.body.contract.balanceFen).toBe(due - paid);
      const open = r.body.contract.dueStatus.reduce((s: number, d: any) => s + d.openFen, 0);
      expect(open).toBe(due - paid);
    }
    const before = await allItems(db);
    const over = await pay(k.contractId, due - paid + 1);
    expect(over.status).toBe(422);
    expect(over.body.error.message).toBe(
      `Overpayment refused: the balance is ¥${((due - paid) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}; this payment is ¥${((due - paid + 1) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}.`,
    );
    expect(await allItems(db)).toEqual(before);
    const rest = await pay(k.contractId, due - paid);
    expect(rest.status).toBe(201);
    expect(rest.body.contract.balanceFen).toBe(0);
    const detail = await salesAdmin.get(`${base}/contracts/${k.contractId}`);
    expect(detail.body.payments.reduce((s: number, p: any) => s + p.amountFen, 0)).toBe(due);
    expect(detail.body.contract.paidFen).toBe(due);
    expect(detail.body.audit.filter((a: any) => a.action === "contract.payment")).toHaveLength(amounts.length + 1);
    // paid in full: out of the receivables index
    const raw = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.contract(tenantId, k.contractId) }));
    expect(raw.Item?.GSI4PK).toBeUndefined();
    const nothingLeft = await pay(k.contractId, 1);
    expect(nothingLeft.status).toBe(422);
  });

  it("lands two payments at once when both fit", async () => {
    const k = await contract();
    const [a, b] = await Promise.all([pay(k.contractId, 3_000_00), pay(k.contractId, 4_000_00)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const detail = await salesAdmin.get(`${base}/contracts/${k.contractId}`);
    expect(detail.body.contract.paidFen).toBe(7_000_00);
    expect(detail.body.contract.balanceFen).toBe(k.dueFen - 7_000_00);
    expect(detail.body.payments).toHaveLength(2);
  });

  it("refuses exactly one of two payments at once that together are too much", async () => {
    const k = await contract();
    const big = k.dueFen - 1_000_00;
    const results = await Promise.all([pay(k.contractId, big), pay(k.contractId, big)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(results.find((r) => r.status === 422)!.body.error.message).toMatch(
      /^Overpayment refused: the balance is ¥1,000\.00;/,
    );
    const detail = await salesAdmin.get(`${base}/contracts/${k.contractId}`);
    expect(detail.body.contract.paidFen).toBe(big);
    expect(detail.body.payments).toHaveLength(1);
  });

  it("records a payment sent twice with the same idempotency key once", async () => {
    const k = await contract();
    const key = "01JD7W3K9Q5V8X2Y4Z6A1B3C5D";
    const first = await pay(k.contractId, 2_000_00, { idempotencyKey: key });
    expect(first.status).toBe(201);
    const again = await pay(k.contractId, 2_000_00, { idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.payment.paymentId).toBe(first.body.payment.paymentId);
    const both = await Promise.all([
      pay(k.contractId, 1_000_00, { idempotencyKey: "second-key-123" }),
      pay(k.contractId, 1_000_00, { idempotencyKey: "second-key-123" }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    const detail = await salesAdmin.get(`${base}/contracts/${k.contractId}`);
    expect(detail.body.contract.paidFen).toBe(3_000_00);
    expect(detail.body.payments).toHaveLength(2);
  });

  it("resets the dunning count of ignored reminders; only the sales admin or a manager records payments", async () => {
    const k = await contract();
    const stored = (await deals.getContract(db, tenantId, k.contractId))!;
    await deals.updateContract(
      db,
      { ...stored, dunning: { reminders: 4, ignored: 4, lastRemindedOn: today }, version: stored.version + 1 },
      stored.version,
      { at: new Date().toISOString(), by: "job", byName: "dunning", action: "contract.reminded", detail: {} },
    );
    expect((await pay(k.contractId, 1_000_00, {}, t.consultants[0]!.client)).status).toBe(403);
    const r = await pay(k.contractId, 1_000_00, {}, t.manager.client);
    expect(r.status).toBe(201);
    expect(r.body.contract.dunning).toMatchObject({ reminders: 4, ignored: 0 });
  });
});

describe("invoice, loan, finance confirmation and the delivery gate", () => {
  it("walks a cash contract to ready for delivery, the blockers shrinking at each step", async () => {
    const v = await stockVehicle(salesAdmin, base, await freeVin());
    const k = await contract();
    const noRelease = await salesAdmin.post(`${base}/contracts/${k.contractId}/invoice`, {
      invoiceNo: "FP20261201",
      stockRelease: true,
    });
    expect(noRelease.status).toBe(422);
    expect(noRelease.body.error.message).toBe("Allocate a vehicle before recording its stock release.");
    expect(
      (await salesAdmin.post(`${base}/contracts/${k.contractId}/allocation`, { vehicleId: v.vehicleId })).status,
    ).toBe(200);
    const inv = await salesAdmin.post(`${base}/contracts/${k.contractId}/invoice`, {
      invoiceNo: "fp20261201",
      stockRelease: false,
    });
    expect(inv.status).toBe(200);
    expect(inv.body.contract.invoiceNo).toBe("FP20261201");
    expect(inv.body.contract.blockers.map((b: any) => b.code)).toEqual(["unpaid_balance", "no_stock_release"]);
    const same = await salesAdmin.post(`${base}/contracts/${k.contractId}/invoice`, {
      invoiceNo: "FP20261201",
      stockRelease: false,
    });
    expect(same.status).toBe(422);
    const rel = await salesAdmin.post(`${base}/contracts/${k.contractId}/invoice`, {
      invoiceNo: "FP20261201",
      stockRelease: true,
    });
    expect(rel.body.contract.stockReleasedAt).toBeTruthy();
    expect(rel.body.contract.stage).toBe("awaiting_payment");
    const paid = await pay(k.contractId, k.dueFen);
    expect(paid.body.contract.blockers).toEqual([]);
    expect(paid.body.contract.stage).toBe("ready_for_delivery");
    const ledger = await salesAdmin.get(`${base}/contracts?stage=ready_for_delivery&limit=100`);
    expect(ledger.body.rows.map((r: any) => r.contractId)).toContain(k.contractId);
    expect(ledger.body.rows.every((r: any) => r.stage === "ready_for_delivery")).toBe(true);
  });

  it("records the loan status; an approved loan covers the loan due once the customer has paid his part", async () => {
    const cash = await contract();
    const noLoan = await salesAdmin.post(`${base}/contracts/${cash.contractId}/loan`, { status: "applied" });
    expect(noLoan.status).toBe(422);
    expect(noLoan.body.error.message).toBe("This contract has no loan.");
    const k = await contract({
      money: {
        discountFen: 0,
        accessories: [],
        insurance: [],
        finance: { lender: "招商银行", downPaymentFen: 70_000_00, termMonths: 36, annualRateBp: 399 },
        depositFen: 10_000_00,
      },
    });
    expect(k.dues.map((d: any) => [d.kind, d.amountFen])).toEqual([
      ["deposit", 10_000_00],
      ["balance", 60_000_00],
      ["loan", 149_900_00],
    ]);
    const applied = await salesAdmin.post(`${base}/contracts/${k.contractId}/loan`, {
      status: "applied",
      reference: "CMB-LN-001",
    });
    expect(applied.status).toBe(200);
    await pay(k.contractId, 70_000_00);
    const still = await salesAdmin.get(`${base}/contracts/${k.contractId}`);
    expect(still.body.contract.blockers.map((b: any) => b.code)).toContain("unpaid_balance");
    const approved = await salesAdmin.post(`${base}/contracts/${k.contractId}/loan`, { status: "approved" });
    expect(approved.status).toBe(200);
    expect(approved.body.contract.loan).toMatchObject({ status: "approved", reference: "CMB-LN-001" });
    expect(approved.body.contract.blockers.map((b: any) => b.code)).not.toContain("unpaid_balance");
    expect(approved.body.contract.balanceFen).toBe(149_900_00);
    const audit = (await salesAdmin.get(`${base}/contracts/${k.contractId}`)).body.audit;
    expect(audit.filter((a: any) => a.action === "contract.loan").map((a: any) => a.detail.to)).toEqual([
      "approved",
      "applied",
    ]);
  });

  it("takes finance's confirmation once, and only while money is owed", async () => {
    const k = await contract();
    const byConsultant = await t.consultants[0]!.client.post(`${base}/contracts/${k.contractId}/finance-confirmation`, {
      note: "财务已确认到账",
    });
    expect(byConsultant.status).toBe(403);
    const ok = await salesAdmin.post(`${base}/contracts/${k.contractId}/finance-confirmation`, {
      note: "财务已确认到账 (银行回单 20261201-88)",
    });
    expect(ok.status).toBe(200);
    expect(ok.body.contract.blockers.map((b: any) => b.code)).not.toContain("unpaid_balance");
    const twice = await salesAdmin.post(`${base}/contracts/${k.contractId}/finance-confirmation`, { note: "again" });
    expect(twice.status).toBe(409);
  });

  it("cancels (a manager) only without payments; the vehicle goes back into stock", async () => {
    const v = await stockVehicle(salesAdmin, base, await freeVin());
    const k = await contract({ vehicle: { vehicleId: v.vehicleId, vin: v.vin } });
    expect(k.allocation?.vehicleId).toBe(v.vehicleId);
    const byAdmin = await salesAdmin.post(`${base}/contracts/${k.contractId}/cancel`, { reason: "客户退订" });
    expect(byAdmin.status).toBe(403);
    const r = await t.manager.client.post(`${base}/contracts/${k.contractId}/cancel`, { reason: "客户退订" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.contract).toMatchObject({ state: "cancelled", stage: "cancelled" });
    expect(r.body.contract.allocation).toBeUndefined();
    expect((await inventory.getVehicle(db, tenantId, v.vehicleId))?.status).toBe("in_stock");
    const raw = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.contract(tenantId, k.contractId) }));
    expect(raw.Item?.GSI4PK).toBeUndefined();
    expect((await t.manager.client.post(`${base}/contracts/${k.contractId}/cancel`, { reason: "x" })).status).toBe(409);
    expect((await pay(k.contractId, 1_00)).status).toBe(422);

    const paid = await contract();
    await pay(paid.contractId, 1_00);
    const refused = await t.manager.client.post(`${base}/contracts/${paid.contractId}/cancel`, { reason: "客户退订" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe("This contract has payments recorded; it cannot be cancelled.");
  });
});

describe("ledger", () => {
  it("serves a page with one Query, pages by cursor, filters by state and stage", async () => {
    const page = await salesAdmin.get(`${base}/contracts?limit=5`);
    expect(page.status).toBe(200);
    expect(page.dbCalls).toBe(2); // session + store (one BatchGet), the ledger Query
    expect(page.body.rows).toHaveLength(5);
    expect(page.body.cursor).toBeTruthy();
    const nos = page.body.rows.map((r: any) => r.contractNo);
    expect([...nos].sort().reverse()).toEqual(nos);
    expect(page.body.totals.count).toBe(5);
    expect(page.body.totals.balanceFen).toBe(
      page.body.rows.filter((r: any) => r.state !== "cancelled").reduce((s: number, r: any) => s + r.balanceFen, 0),
    );
    const next = await salesAdmin.get(`${base}/contracts?limit=5&cursor=${page.body.cursor}`);
    expect(next.dbCalls).toBe(2);
    expect(next.body.rows[0].contractNo < nos[4]).toBe(true);
    const cancelled = await salesAdmin.get(`${base}/contracts?state=cancelled&limit=100`);
    expect(cancelled.dbCalls).toBe(2);
    expect(cancelled.body.rows.length).toBeGreaterThan(0);
    expect(cancelled.body.rows.every((r: any) => r.state === "cancelled")).toBe(true);
    const bad = await salesAdmin.get(`${base}/contracts?stage=somewhere`);
    expect(bad.status).toBe(400);
    const forged = await salesAdmin.get(`${base}/contracts?cursor=${Buffer.from("{}").toString("base64url")}`);
    expect(forged.status).toBe(400);
  });
});

describe("aged receivables", () => {
  it("buckets open money by days overdue (store-local), one Query per 500 contracts", async () => {
    const T = await setupTenant({ consultants: 1, groupName: "Aging Motors" });
    const admin = await joinAs(T, "Aging Admin", ["sales_admin"]);
    const me = (await admin.client.get("/api/me")).body.user;
    const ctx = { actor: me };
    const storeId = T.store.storeId;
    const now = new Date();
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    // an order signed n days ago: deposit due that day, balance due 10 days after it
    const backdated = async (n: number, money: Partial<QuoteMoneyInput> = {}) => {
      const p = await card(T);
      const q = await putQuote(T, p, { money, validUntil: addDays(today, 7) });
      const when = daysAgo(n);
      return contracts.createOrder(
        ctx,
        storeId,
        q.quoteId,
        { expectedDeliveryDate: addDays(localDate(when, T.store.timeZone), 10), deliveryMethod: "home_delivery" },
        { now: when },
      );
    };
    // A: signed 100 days ago — deposit 5,000 is 100 days overdue (90+), balance 90 days (61–90)
    const a = await backdated(100);
    // B: signed 45 days ago, deposit paid — balance 35 days overdue (31–60)
    const b = await backdated(45);
    await contracts.recordPayment(ctx, storeId, b.contractId, {
      amountFen: 5_000_00,
      method: "cash",
      reference: "R-1",
    });
    // C: signed 15 days ago — deposit 15 days overdue (0–30), balance due 5 days ago (0–30)
    const c = await backdated(15);
    // D: signed today — deposit due today (not due), balance in 10 days (not due)
    const d = await backdated(0);
    // E: signed 200 days ago and fully paid: nothing open
    const e = await backdated(200);
    await contracts.recordPayment(ctx, storeId, e.contractId, {
      amountFen: e.dueFen,
      method: "cash",
      reference: "R-2",
    });

    const r = await admin.client.get(`/api/stores/${storeId}/receivables/aging`);
    expect(r.status).toBe(200);
    expect(r.dbCalls).toBe(2);
    const bal = a.dueFen - 5_000_00;
    expect(r.body.buckets).toEqual({
      not_due: { count: 1, amountFen: d.dueFen },
      "0-30": { count: 1, amountFen: c.dueFen },
      "31-60": { count: 1, amountFen: bal },
      "61-90": { count: 1, amountFen: bal },
      "90+": { count: 1, amountFen: 5_000_00 },
    });
    expect(r.body.rows.map((x: any) => [x.contractNo, x.daysOverdue, x.bucket])).toEqual([
      [a.contractNo, 100, "90+"],
      [b.contractNo, 35, "31-60"],
      [c.contractNo, 15, "0-30"],
      [d.contractNo, 0, "not_due"],
    ]);
    expect(r.body.totalOpenFen).toBe(a.dueFen + bal + c.dueFen + d.dueFen);
    // the same view a month later (injected clock): everything ages 30 days
    const later = await contracts.agedReceivables(ctx, storeId, { now: new Date(now.getTime() + 30 * 86_400_000) });
    expect(later.rows.map((x) => x.bucket)).toEqual(["90+", "61-90", "31-60", "0-30"]);
    // a consultant sees only his own money (here: all of it is his)
    const mine = await T.consultants[0]!.client.get(`/api/stores/${storeId}/receivables/aging`);
    expect(mine.status).toBe(200);
    expect(mine.body.rows).toHaveLength(4);
    expect((await T.receptionist.client.get(`/api/stores/${storeId}/receivables/aging`)).status).toBe(403);
  });
});

let vinCounter = 0;
/** A VIN with a valid check digit not used before in this file. */
async function freeVin(): Promise<string> {
  const alphabet = "0123456789";
  for (;;) {
    const serial = String(100000 + vinCounter++).slice(-6);
    for (const d of `${alphabet}X`) {
      const vin = `LFV2A21K${d}P4${serial}`;
      if (checkVin(vin, { allowWithoutCheckDigit: false }).ok) return vin;
    }
  }
}

describe("isolation and bad input", () => {
  it("answers 404 to another tenant and to another store for every contract endpoint, writing nothing", async () => {
    const k = await contract();
    const q = await putQuote(t, await card(t));
    const B = await setupTenant({ consultants: 1, groupName: "Bravo Deals" });
    const bAdmin = await joinAs(B, "Bravo Admin", ["sales_admin"]);
    const store2 = await t.admin.post("/api/stores", { ...STORE_INPUT, name: "杭州店" });
    expect(store2.status).toBe(201);
    const s2 = `/api/stores/${store2.body.store.storeId}`;
    const calls: [string, string, unknown][] = [
      ["POST", `/quotes/${q.quoteId}/order`, ORDER()],
      ["GET", `/contracts/${k.contractId}`, undefined],
      ["GET", `/contracts/${k.contractId}/allocation-options`, undefined],
      ["POST", `/contracts/${k.contractId}/allocation`, { vehicleId: q.quoteId }],
      ["POST", `/contracts/${k.contractId}/allocation/release`, {}],
      ["POST", `/contracts/${k.contractId}/po-link`, { poId: q.quoteId, line: 1 }],
      ["POST", `/contracts/${k.contractId}/payments`, { amountFen: 100, method: "cash", reference: "x" }],
      ["POST", `/contracts/${k.contractId}/invoice`, { invoiceNo: "FP12345678", stockRelease: false }],
      ["POST", `/contracts/${k.contractId}/loan`, { status: "applied" }],
      ["POST", `/contracts/${k.contractId}/finance-confirmation`, { note: "x" }],
      ["POST", `/contracts/${k.contractId}/cancel`, { reason: "x" }],
    ];
    const before = await allItems(db);
    for (const [method, path, body] of calls) {
      // tenant B's sales admin with A's store and ids; B's own store with A's ids
      for (const [who, prefix] of [
        [bAdmin.client, base],
        [bAdmin.client, `/api/stores/${B.store.storeId}`],
        [t.admin, s2],
      ] as const) {
        const r = await who.call(method, `${prefix}${path}`, body);
        expect(r.status, `${method} ${prefix}${path}`).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain(k.contractNo);
      }
    }
    // lists never show A's contracts to B or in another store
    for (const [who, prefix] of [
      [bAdmin.client, `/api/stores/${B.store.storeId}`],
      [t.admin, s2],
    ] as const) {
      const ledger = await who.get(`${prefix}/contracts`);
      expect(ledger.status).toBe(200);
      expect(ledger.body.rows).toEqual([]);
      const aging = await who.get(`${prefix}/receivables/aging`);
      expect(aging.status).toBe(200);
      expect(aging.body.rows).toEqual([]);
    }
    expect((await bAdmin.client.get(`${base}/contracts`)).status).toBe(404);
    expect((await bAdmin.client.get(`${base}/receivables/aging`)).status).toBe(404);
    expect(await allItems(db)).toEqual(before);
  });

  it("refuses bad input to every write with 400, writing nothing", async () => {
    const k = await contract();
    const q = await putQuote(t, await card(t));
    const c = `${base}/contracts/${k.contractId}`;
    const cases: [Client, string, unknown, string][] = [
      [t.consultants[0]!.client, `${base}/quotes/${q.quoteId}/order`, {}, "expectedDeliveryDate"],
      [
        t.consultants[0]!.client,
        `${base}/quotes/${q.quoteId}/order`,
        { ...ORDER(), deliveryMethod: "drone" },
        "deliveryMethod",
      ],
      [
        t.consultants[0]!.client,
        `${base}/quotes/${q.quoteId}/order`,
        { ...ORDER(), expectedDeliveryDate: "2026-02-30" },
        "expectedDeliveryDate",
      ],
      [t.consultants[0]!.client, `${base}/quotes/${q.quoteId}/order`, { ...ORDER(), quantity: 2 }, "_"],
      [salesAdmin, `${c}/allocation`, { vehicleId: "not-an-id" }, "vehicleId"],
      [salesAdmin, `${c}/allocation`, {}, "vehicleId"],
      [salesAdmin, `${c}/allocation/release`, { reason: "长".repeat(301) }, "reason"],
      [salesAdmin, `${c}/po-link`, { poId: q.quoteId, line: 0 }, "line"],
      [salesAdmin, `${c}/po-link`, { poId: q.quoteId, line: "1" }, "line"],
      [salesAdmin, `${c}/payments`, { amountFen: 0, method: "cash", reference: "R" }, "amountFen"],
      [salesAdmin, `${c}/payments`, { amountFen: 10.5, method: "cash", reference: "R" }, "amountFen"],
      [salesAdmin, `${c}/payments`, { amountFen: "100", method: "cash", reference: "R" }, "amountFen"],
      [salesAdmin, `${c}/payments`, { amountFen: 100, method: "bitcoin", reference: "R" }, "method"],
      [salesAdmin, `${c}/payments`, { amountFen: 100, method: "cash" }, "reference"],
      [salesAdmin, `${c}/payments`, { amountFen: 100, method: "cash", reference: "R".repeat(61) }, "reference"],
      [salesAdmin, `${c}/payments`, { amountFen: 100, method: "cash", reference: "R", by: "someone" }, "_"],
      [salesAdmin, `${c}/invoice`, { invoiceNo: "FP-1", stockRelease: true }, "invoiceNo"],
      [salesAdmin, `${c}/invoice`, { invoiceNo: "FP12345678" }, "stockRelease"],
      [salesAdmin, `${c}/loan`, { status: "maybe" }, "status"],
      [salesAdmin, `${c}/finance-confirmation`, { note: "  " }, "note"],
      [salesAdmin, `${c}/finance-confirmation`, {}, "note"],
      [t.manager.client, `${c}/cancel`, {}, "reason"],
      [t.manager.client, `${c}/cancel`, { reason: "长".repeat(301) }, "reason"],
    ];
    const before = await allItems(db);
    for (const [who, path, body, field] of cases) {
      const r = await who.post(path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.fields?.[field], `${path} ${field}`).toBeDefined();
    }
    // malformed JSON and no body
    const raw = await salesAdmin.call("POST", `${c}/payments`, undefined, { rawBody: "{amountFen:" });
    expect(raw.status).toBe(400);
    expect(await allItems(db)).toEqual(before);
  });
});

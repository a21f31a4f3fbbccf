/**
 * Quotes (报价) and discount approval: totals computed by the server from fen,
 * discounts within the maker's limit open at once and above it wait for a
 * manager (never the maker), the approvals list is one Query, decisions are
 * version-checked (deciding twice is a 409), bad input writes nothing, a
 * consultant quotes only on his own cards, and another store's or tenant's
 * records are 404. Deal settings are version-checked and audited.
 */
import { type Db, deals } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, freshTable, STORE_INPUT, setupTenant, type Tenant } from "../support/api.ts";
import { CATALOGUE, joinAs, stockVehicle } from "../support/deals.ts";

const MAGOTAN = { modelCode: "magotan", trimCode: "330tsi-lux" };
const SETTINGS = {
  version: 0,
  discountLimitFen: { sales_consultant: 5_000_00, sales_manager: 20_000_00, general_manager: null, group_admin: null },
  dunningEscalateAfter: 3,
  depositDueDays: 2,
};

let db: Db;
let t: Tenant;
let other: Tenant;
let salesAdmin: Client;
let base: string;
/** consultant 1's and consultant 2's cards */
let card1: any;
let card2: any;
let stockWhite: any;
let stockTayron: any;
let inTransit: any;

async function vehicle(vin: string, trim: { modelCode: string; trimCode: string }, colourCode: string, stock = true) {
  return stockVehicle(
    salesAdmin,
    base,
    vin,
    { ...trim, colourCode, purchaseCost: 150_000_00 },
    stock ? "in_stock" : "in_transit",
  );
}

function quote(extra: Record<string, unknown> = {}) {
  return { vehicle: { ...MAGOTAN, colourCode: "white" }, ...extra };
}

async function make(as: Client, card: any, body: Record<string, unknown>) {
  const r = await as.post(`${base}/prospects/${card.prospectId}/quotes`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.quote;
}

const consultant = (i: number) => t.consultants[i]!.client;

beforeAll(async () => {
  db = await freshTable();
  [t, other] = await Promise.all([
    setupTenant({ consultants: 2 }),
    setupTenant({ consultants: 1, groupName: "Other" }),
  ]);
  base = `/api/stores/${t.store.storeId}`;
  salesAdmin = (await joinAs(t, "Sales Admin", ["sales_admin"])).client;
  expect((await salesAdmin.put("/api/catalogue", CATALOGUE)).status).toBe(200);
  card1 = (await consultant(0).post(`${base}/prospects`, { name: "王先生", mobile: "13911112222", source: "walk_in" }))
    .body.prospect;
  card2 = (await consultant(1).post(`${base}/prospects`, { name: "李女士", mobile: "13933334444", source: "phone" }))
    .body.prospect;
  expect(card1?.prospectId && card2?.prospectId).toBeTruthy();
  stockWhite = await vehicle("LRWYGDEE1PC010116", MAGOTAN, "white");
  stockTayron = await vehicle("LRWYGDEF4PC266095", { modelCode: "tayron", trimCode: "330tsi" }, "black");
  inTransit = await vehicle("LRWYGDFD5RC639046", MAGOTAN, "blue", false);
});

describe("deal settings", () => {
  it("start from the defaults; only the group admin or a general manager changes them, version-checked and audited", async () => {
    const read = await consultant(0).get("/api/settings/deals");
    expect(read.status).toBe(200);
    expect(read.body.settings).toMatchObject({
      version: 0,
      discountLimitFen: { sales_consultant: 5_000_00, sales_manager: 20_000_00, general_manager: null },
    });
    const before = await allItems(db);
    expect((await consultant(0).put("/api/settings/deals", SETTINGS)).status).toBe(403);
    expect((await t.manager.client.put("/api/settings/deals", SETTINGS)).status).toBe(403);
    const bad = await t.admin.put("/api/settings/deals", {
      ...SETTINGS,
      discountLimitFen: { ...SETTINGS.discountLimitFen, sales_consultant: -5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields["discountLimitFen.sales_consultant"]).toBe("A discount limit cannot be negative.");
    expect(await allItems(db)).toEqual(before);

    const saved = await t.admin.put("/api/settings/deals", SETTINGS);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.settings).toMatchObject({ version: 1, depositDueDays: 2, updatedByName: "Admin" });
    const stale = await t.admin.put("/api/settings/deals", { ...SETTINGS, depositDueDays: 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields.version).toBe("Out of date.");
    expect((await t.admin.get("/api/settings/deals")).body.settings.depositDueDays).toBe(2);
    const audit = await t.admin.get("/api/audit");
    expect(audit.body.entries.find((e: any) => e.action === "settings.deals")?.detail).toMatchObject({
      depositDueDays: "0 → 2",
    });
  });
});

describe("making a quote", () => {
  it("within the consultant's limit it is open; the server resolves the trim and computes every total", async () => {
    const r = await consultant(0).post(
      `${base}/prospects/${card1.prospectId}/quotes`,
      quote({
        discountFen: 5_000_00,
        accessories: [
          { name: "脚垫", priceFen: 800_00 },
          { name: "贴膜", priceFen: 3_500_00 },
        ],
        insurance: [{ name: "商业险", priceFen: 6_800_00 }],
        finance: { lender: "大众汽车金融", downPaymentFen: 125_100_00, termMonths: 36, annualRateBp: 499 },
        tradeIn: {
          description: "2017 朗逸 1.6L",
          plate: "沪A·12345",
          vin: "LSJA24U62JG269225",
          appraisalFen: 50_000_00,
        },
        depositFen: 10_000_00,
        note: "周末前有效",
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.dbCalls).toBeLessThanOrEqual(3); // session, card+catalogue+settings, transaction
    const q = r.body.quote;
    expect(q).toMatchObject({
      status: "open",
      customerName: "王先生",
      consultantId: t.consultants[0]!.user.userId,
      vehicle: {
        brand: "FAW-Volkswagen",
        modelName: "迈腾 Magotan",
        trimName: "330TSI 豪华型",
        colourCode: "white",
        colourName: "极地白",
      },
      listPriceFen: 219_900_00, // the MSRP from the catalogue
      version: 1,
      expired: false,
    });
    expect(q.approval).toBeUndefined();
    expect(q.totals).toEqual({
      vehicleFen: 214_900_00,
      accessoriesFen: 4_300_00,
      insuranceFen: 6_800_00,
      totalFen: 226_000_00,
      tradeInFen: 50_000_00,
      payableFen: 176_000_00,
      loanFen: 50_900_00,
      monthlyPaymentFen: 152_529, // 50,900 yuan at 4.99 % over 36 months: 1,525.29 yuan
      customerCashFen: 125_100_00,
      depositFen: 10_000_00,
    });
    expect(q.tradeIn.vin).toBe("LSJA24U62JG269225");
    const full = await consultant(0).get(`${base}/quotes/${q.quoteId}`);
    expect(full.status).toBe(200);
    expect(full.body.audit.map((a: any) => a.action)).toEqual(["quote.created"]);
    expect(full.body.audit[0].detail).toMatchObject({
      customer: "王先生",
      discount: "5,000.00",
      payable: "176,000.00",
    });
    expect(full.body.can).toEqual({ decide: false, cancel: true, order: true });
  });

  it("over the limit it waits for approval and appears in the store's approvals (one Query)", async () => {
    const q = await make(consultant(0), card1, quote({ discountFen: 8_000_00 }));
    expect(q.status).toBe("pending_approval");
    expect(q.approval).toMatchObject({ limitFen: 5_000_00 });
    expect(q.approval.requestedAt).toBe(q.createdAt);
    const list = await t.manager.client.get(`${base}/approvals`);
    expect(list.status).toBe(200);
    expect(list.dbCalls).toBe(2); // session + one Query of GSI3
    const row = list.body.items.find((x: any) => x.quoteId === q.quoteId);
    expect(row).toMatchObject({
      discountFen: 8_000_00,
      approval: { limitFen: 5_000_00 },
      customerName: "王先生",
      consultantName: "Consultant 1",
      ownQuote: false,
    });
    expect(list.body.items.every((x: any) => x.status === "pending_approval")).toBe(true);
    expect((await consultant(0).get(`${base}/approvals`)).status).toBe(403);
    expect((await salesAdmin.get(`${base}/approvals`)).status).toBe(403);
    const detail = await consultant(0).get(`${base}/quotes/${q.quoteId}`);
    expect(detail.body.can.order).toBe(false);
  });

  it("a stock vehicle of the same store, in stock and of the trim, fixes the VIN and the colour", async () => {
    const q = await make(consultant(0), card1, {
      vehicle: { ...MAGOTAN, vehicleId: stockWhite.vehicleId },
      discountFen: 1_000_00,
    });
    expect(q.vehicle).toMatchObject({ vehicleId: stockWhite.vehicleId, vin: "LRWYGDEE1PC010116", colourCode: "white" });
    const before = await allItems(db);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...MAGOTAN, vehicleId: inTransit.vehicleId }, "vehicle.vehicleId", /not in stock/],
      [{ ...MAGOTAN, vehicleId: stockTayron.vehicleId }, "vehicle.vehicleId", /another trim/],
      [{ ...MAGOTAN, vehicleId: stockWhite.vehicleId, colourCode: "blue" }, "vehicle.colourCode", /another colour/],
      [{ ...MAGOTAN, vehicleId: card2.prospectId }, "vehicle.vehicleId", /No such vehicle/],
    ];
    for (const [v, field, message] of cases) {
      const r = await consultant(0).post(`${base}/prospects/${card1.prospectId}/quotes`, { vehicle: v });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.error.fields[field]).toBeDefined();
      expect(r.body.error.message).toMatch(message);
    }
    expect(await allItems(db)).toEqual(before);
  });

  it("refuses bad input with field messages and writes nothing (client totals included)", async () => {
    const before = await allItems(db);
    const path = `${base}/prospects/${card1.prospectId}/quotes`;
    const cases: [unknown, number, string][] = [
      [{}, 400, "vehicle"],
      [quote({ totals: { payableFen: 1 } }), 400, "_"],
      [quote({ discountFen: -1 }), 400, "discountFen"],
      [quote({ discountFen: 100.5 }), 400, "discountFen"],
      [quote({ accessories: [{ name: "", priceFen: 100 }] }), 400, "accessories.0.name"],
      [quote({ insurance: Array.from({ length: 11 }, () => ({ name: "x", priceFen: 1 })) }), 400, "insurance"],
      [
        quote({ finance: { lender: "x", downPaymentFen: 0, termMonths: 0, annualRateBp: 499 } }),
        400,
        "finance.termMonths",
      ],
      [quote({ tradeIn: { description: "old", vin: "ABC", appraisalFen: 100 } }), 400, "tradeIn.vin"],
      [quote({ validDays: 91 }), 400, "validDays"],
      [{ vehicle: { modelCode: "magotan", trimCode: "nope" } }, 422, "vehicle.trimCode"],
      [{ vehicle: { ...MAGOTAN, colourCode: "black" } }, 422, "vehicle.colourCode"],
      [quote({ discountFen: 220_000_00 }), 422, "discountFen"],
      [quote({ tradeIn: { description: "old", appraisalFen: 300_000_00 } }), 422, "tradeIn.appraisalFen"],
      [
        quote({
          finance: { lender: "x", downPaymentFen: 10_000_00, termMonths: 12, annualRateBp: 0 },
          depositFen: 20_000_00,
        }),
        422,
        "depositFen",
      ],
    ];
    for (const [body, status, field] of cases) {
      const r = await consultant(0).post(path, body);
      expect(r.status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error.fields[field], `${field}: ${JSON.stringify(r.body.error)}`).toBeDefined();
    }
    const malformed = await consultant(0).call("POST", path, undefined, { rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    expect(await allItems(db)).toEqual(before);
  });

  it("a consultant quotes only on his own cards; a manager on any card of the store (owner stays the consultant)", async () => {
    const before = await allItems(db);
    const r = await consultant(1).post(`${base}/prospects/${card1.prospectId}/quotes`, quote());
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe("This prospect card belongs to Consultant 1.");
    expect((await t.receptionist.client.post(`${base}/prospects/${card1.prospectId}/quotes`, quote())).status).toBe(
      403,
    );
    expect((await salesAdmin.post(`${base}/prospects/${card1.prospectId}/quotes`, quote())).status).toBe(403);
    expect((await consultant(1).get(`${base}/prospects/${card1.prospectId}/deals`)).status).toBe(403);
    expect(await allItems(db)).toEqual(before);
    const m = await make(t.manager.client, card2, quote({ discountFen: 15_000_00 }));
    expect(m).toMatchObject({ status: "open", consultantId: t.consultants[1]!.user.userId, createdByName: "Manager" });
    const own = await consultant(1).get(`${base}/quotes/${m.quoteId}`);
    expect(own.status).toBe(200);
    expect((await consultant(0).get(`${base}/quotes/${m.quoteId}`)).status).toBe(403);
  });
});

describe("approving discounts", () => {
  it("a consultant cannot decide; a manager approves once (deciding twice is a 409); the quote leaves the list", async () => {
    const q = await make(consultant(0), card1, quote({ discountFen: 6_000_00 }));
    const before = await allItems(db);
    const refused = await consultant(0).post(`${base}/quotes/${q.quoteId}/decision`, {
      version: 1,
      decision: "approve",
    });
    expect(refused.status).toBe(403);
    expect(
      (await salesAdmin.post(`${base}/quotes/${q.quoteId}/decision`, { version: 1, decision: "approve" })).status,
    ).toBe(403);
    expect(await allItems(db)).toEqual(before);

    const ok = await t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, {
      version: 1,
      decision: "approve",
      reason: "老客户转介绍",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.quote).toMatchObject({
      status: "approved",
      version: 2,
      approval: { limitFen: 5_000_00, decision: "approved", decidedByName: "Manager", reason: "老客户转介绍" },
    });
    const again = await t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, {
      version: 2,
      decision: "reject",
      reason: "changed my mind",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("This quote is no longer waiting for approval.");
    const list = await t.manager.client.get(`${base}/approvals`);
    expect(list.body.items.map((x: any) => x.quoteId)).not.toContain(q.quoteId);
    const detail = await consultant(0).get(`${base}/quotes/${q.quoteId}`);
    expect(detail.body.audit.map((a: any) => a.action)).toEqual(["quote.created", "quote.approved"]);
    expect(detail.body.can.order).toBe(true);
  });

  it("a rejection needs a reason; a stale version is a 409", async () => {
    const q = await make(consultant(0), card1, quote({ discountFen: 9_000_00 }));
    const before = await allItems(db);
    const noReason = await t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, {
      version: 1,
      decision: "reject",
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toBe("Give the reason for rejecting the discount.");
    expect((await t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, {})).status).toBe(400);
    const stale = await t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, {
      version: 7,
      decision: "approve",
    });
    expect(stale.status).toBe(409);
    expect(await allItems(db)).toEqual(before);
    const r = await t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, {
      version: 1,
      decision: "reject",
      reason: "超出本月政策",
    });
    expect(r.status).toBe(200);
    expect(r.body.quote).toMatchObject({
      status: "rejected",
      approval: { decision: "rejected", reason: "超出本月政策" },
    });
    expect((await consultant(0).get(`${base}/quotes/${q.quoteId}`)).body.can).toEqual({
      decide: false,
      cancel: false,
      order: false,
    });
  });

  it("two managers deciding at once: one wins, the other gets a 409", async () => {
    const q = await make(consultant(1), card2, quote({ discountFen: 7_000_00 }));
    const [a, b] = await Promise.all([
      t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, { version: 1, decision: "approve" }),
      t.admin.post(`${base}/quotes/${q.quoteId}/decision`, { version: 1, decision: "reject", reason: "no" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stored = await deals.getQuoteWithAudit(db, t.receptionist.user.tenantId, q.quoteId);
    expect(stored.quote!.version).toBe(2);
    expect(stored.audit).toHaveLength(2);
  });

  it("a manager over his own limit waits too, and cannot approve his own quote; the group admin can", async () => {
    const q = await make(t.manager.client, card2, quote({ discountFen: 25_000_00 }));
    expect(q).toMatchObject({ status: "pending_approval", approval: { limitFen: 20_000_00 } });
    const list = await t.manager.client.get(`${base}/approvals`);
    expect(list.body.items.find((x: any) => x.quoteId === q.quoteId).ownQuote).toBe(true);
    const own = await t.manager.client.post(`${base}/quotes/${q.quoteId}/decision`, {
      version: 1,
      decision: "approve",
    });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe("You cannot approve your own discount; another manager decides.");
    const admin = await t.admin.post(`${base}/quotes/${q.quoteId}/decision`, { version: 1, decision: "approve" });
    expect(admin.status).toBe(200);
    // the group admin has no limit: his own quotes never wait
    expect((await make(t.admin, card2, quote({ discountFen: 60_000_00 }))).status).toBe("open");
  });
});

describe("cancelling, lists and the card's deals", () => {
  it("the card's consultant or a manager cancels a live quote once; others cannot", async () => {
    const q = await make(consultant(0), card1, quote());
    const before = await allItems(db);
    expect((await consultant(1).post(`${base}/quotes/${q.quoteId}/cancel`, { version: 1 })).status).toBe(403);
    expect((await consultant(0).post(`${base}/quotes/${q.quoteId}/cancel`, {})).status).toBe(400);
    expect((await consultant(0).post(`${base}/quotes/${q.quoteId}/cancel`, { version: 1, extra: 1 })).status).toBe(400);
    expect(await allItems(db)).toEqual(before);
    const r = await consultant(0).post(`${base}/quotes/${q.quoteId}/cancel`, { version: 1, reason: "客户改选探岳" });
    expect(r.status).toBe(200);
    expect(r.body.quote.status).toBe("cancelled");
    const again = await t.manager.client.post(`${base}/quotes/${q.quoteId}/cancel`, { version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("This quote is already closed.");
    const detail = await consultant(0).get(`${base}/quotes/${q.quoteId}`);
    expect(detail.body.audit.at(-1)).toMatchObject({ action: "quote.cancelled", detail: { reason: "客户改选探岳" } });
  });

  it("lists the store's quotes in one Query: everyone's for a manager, his own for a consultant", async () => {
    const all = await t.manager.client.get(`${base}/quotes`);
    expect(all.status).toBe(200);
    expect(all.dbCalls).toBe(2);
    const ids = all.body.items.map((q: any) => q.createdAt);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(all.body.items.map((q: any) => q.consultantId)).size).toBe(2);
    const mine = await consultant(1).get(`${base}/quotes`);
    expect(mine.dbCalls).toBe(2);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((q: any) => q.consultantId === t.consultants[1]!.user.userId)).toBe(true);
    const pending = await salesAdmin.get(`${base}/quotes?status=pending_approval`);
    expect(pending.body.items.every((q: any) => q.status === "pending_approval")).toBe(true);
    const page = await t.manager.client.get(`${base}/quotes?limit=2`);
    expect(page.body.items).toHaveLength(2);
    const next = await t.manager.client.get(`${base}/quotes?limit=2&cursor=${page.body.cursor}`);
    expect(next.body.items[0].quoteId).not.toBe(page.body.items[1].quoteId);
    expect(next.body.items[0].createdAt <= page.body.items[1].createdAt).toBe(true);
    expect((await t.manager.client.get(`${base}/quotes?status=maybe`)).status).toBe(400);
    expect((await t.receptionist.client.get(`${base}/quotes`)).status).toBe(403);
  });

  it("the card's deals: its quotes (newest first) and whether the reader may quote", async () => {
    const r = await consultant(0).get(`${base}/prospects/${card1.prospectId}/deals`);
    expect(r.status).toBe(200);
    expect(r.dbCalls).toBeLessThanOrEqual(3);
    expect(r.body.canQuote).toBe(true);
    expect(r.body.contracts).toEqual([]);
    expect(r.body.quotes.length).toBeGreaterThanOrEqual(5);
    expect(r.body.quotes.every((q: any) => q.prospectId === card1.prospectId)).toBe(true);
    const manager = await t.manager.client.get(`${base}/prospects/${card1.prospectId}/deals`);
    expect(manager.body.quotes).toHaveLength(r.body.quotes.length);
    expect((await salesAdmin.get(`${base}/prospects/${card1.prospectId}/deals`)).body.canQuote).toBe(false);
  });
});

describe("isolation", () => {
  it("another tenant gets 404 for every quote endpoint, with A's ids under A's or its own store, and writes nothing", async () => {
    const q = await make(consultant(0), card1, quote({ discountFen: 5_500_00 }));
    const before = await allItems(db);
    const o = other.store.storeId;
    const a = t.store.storeId;
    const calls: [string, string, unknown?][] = [
      // A's ids under A's store, and under B's own store
      ...[a, o].flatMap((s): [string, string, unknown?][] => [
        ["POST", `/api/stores/${s}/prospects/${card1.prospectId}/quotes`, quote()],
        ["GET", `/api/stores/${s}/prospects/${card1.prospectId}/deals`],
        ["GET", `/api/stores/${s}/quotes/${q.quoteId}`],
        ["POST", `/api/stores/${s}/quotes/${q.quoteId}/decision`, { version: 1, decision: "approve" }],
        ["POST", `/api/stores/${s}/quotes/${q.quoteId}/cancel`, { version: 1 }],
      ]),
      // A's store lists
      ["GET", `/api/stores/${a}/quotes`],
      ["GET", `/api/stores/${a}/approvals`],
    ];
    for (const who of [other.admin, other.manager.client, other.consultants[0]!.client]) {
      for (const [method, path, body] of calls) {
        const r = await who.call(method, path, body);
        expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain("王先生");
      }
    }
    expect(await allItems(db)).toEqual(before);
    // B's lists never show A's quotes
    const bList = await other.manager.client.get(`/api/stores/${o}/approvals`);
    expect(bList.body.items).toEqual([]);
    expect((await other.admin.get("/api/settings/deals")).body.settings.version).toBe(0);
  });

  it("a quote of one store is 404 under another store of the same group", async () => {
    const second = await t.admin.post("/api/stores", { ...STORE_INPUT, name: "杭州店", city: "杭州" });
    expect(second.status).toBe(201);
    const s2 = second.body.store.storeId;
    const q = (await t.manager.client.get(`${base}/quotes?limit=1`)).body.items[0];
    const before = await allItems(db);
    for (const [method, path, body] of [
      ["GET", `/api/stores/${s2}/quotes/${q.quoteId}`],
      ["POST", `/api/stores/${s2}/quotes/${q.quoteId}/decision`, { version: q.version, decision: "approve" }],
      ["POST", `/api/stores/${s2}/quotes/${q.quoteId}/cancel`, { version: q.version }],
      ["POST", `/api/stores/${s2}/prospects/${card1.prospectId}/quotes`, quote()],
      ["GET", `/api/stores/${s2}/prospects/${card1.prospectId}/deals`],
    ] as [string, string, unknown?][]) {
      const r = await t.admin.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await t.admin.get(`/api/stores/${s2}/quotes`)).body.items).toEqual([]);
    expect(await allItems(db)).toEqual(before);
  });
});

/**
 * Shared set-up for the deals tests (inventory, quotes, orders and contracts,
 * payment requests, delivery): the one-brand FAW-Volkswagen catalogue and its
 * Magotan, a user joining by invitation (the sales admin), prospect cards,
 * vehicles registered and walked into stock through the API, quotes written
 * as the quote service stores them, and orders made from them.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, computeQuoteTotals, localDate, newId, type QuoteMoneyInput } from "@dealeros/core";
import { type Db, type DealVehicle, deals, type Quote, type QuoteStatus } from "@dealeros/db";
import { expect } from "vitest";
import { Client, freshTable, PASSWORD, setupTenant, type Tenant, uniqueEmail } from "./api.ts";

// ---------- catalogue ----------

/** The deal vehicle of every deals test: a white Magotan 330TSI Lux. */
export const MAGOTAN: DealVehicle = {
  brand: "FAW-Volkswagen",
  modelCode: "magotan",
  modelName: "迈腾 Magotan",
  trimCode: "330tsi-lux",
  trimName: "330TSI 豪华型",
  colourCode: "white",
  colourName: "极地白",
};

const COLOURS = { white: "极地白", blue: "星空蓝" } as const;

const TAYRON = {
  code: "tayron",
  name: "探岳 Tayron",
  trims: [{ code: "330tsi", name: "330TSI 两驱", msrp: 189_800_00, colours: [{ code: "black", name: "曜岩黑" }] }],
};

/** The catalogue of one brand (version 0): the Magotan 330TSI Lux in `colours`, and the Tayron 330TSI if asked. */
export function catalogue(colours: (keyof typeof COLOURS)[], opts: { tayron?: boolean } = {}) {
  return {
    version: 0,
    brands: [
      {
        name: MAGOTAN.brand,
        models: [
          {
            code: MAGOTAN.modelCode,
            name: MAGOTAN.modelName,
            trims: [
              {
                code: MAGOTAN.trimCode,
                name: MAGOTAN.trimName,
                msrp: 219_900_00,
                colours: colours.map((code) => ({ code, name: COLOURS[code] })),
              },
            ],
          },
          ...(opts.tayron ? [TAYRON] : []),
        ],
      },
    ],
  };
}

/** The integration tests' catalogue: the Magotan in white and blue, and the Tayron in black. */
export const CATALOGUE = catalogue(["white", "blue"], { tayron: true });

// ---------- people and cards ----------

/** A user of the tenant's store, invited by the group admin (email from `emailPrefix`, else from the name). */
export async function joinAs(t: Tenant, name: string, roles: string[], opts: { emailPrefix?: string } = {}) {
  const email = uniqueEmail(opts.emailPrefix ?? name.toLowerCase().replace(/\s+/g, "-"));
  const inv = await t.admin.post("/api/invitations", { email, roles, storeIds: [t.store.storeId] });
  expect(inv.status, JSON.stringify(inv.body)).toBe(201);
  const client = new Client(name);
  const acc = await client.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
  expect(acc.status, JSON.stringify(acc.body)).toBe(201);
  return { client, user: acc.body.user, email };
}

/**
 * A fresh table and a tenant with `consultants` consultants, its store's sales admin ("Sales Admin"),
 * the store's API base and today (store-local); the sales admin saves CATALOGUE if asked.
 */
export async function dealStore(consultants: number, opts: { catalogue?: boolean } = {}) {
  const db = await freshTable();
  const t = await setupTenant({ consultants });
  const tenantId: string = t.receptionist.user.tenantId;
  const salesAdmin = (await joinAs(t, "Sales Admin", ["sales_admin"])).client;
  const base = `/api/stores/${t.store.storeId}`;
  const today = localDate(new Date(), t.store.timeZone);
  if (opts.catalogue) {
    const c = await salesAdmin.put("/api/catalogue", CATALOGUE);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
  }
  return { db, t, tenantId, salesAdmin, base, today };
}

/** A prospect card made by `client` (a consultant) through the API. */
export async function makeCard(client: Client, storeId: string, name: string, mobile: string, source = "walk_in") {
  const r = await client.post(`/api/stores/${storeId}/prospects`, { name, mobile, source });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.prospect;
}

// ---------- vehicles ----------

/** Every arrival inspection item passed. */
export const PASSED = {
  exterior: true,
  interior: true,
  glass: true,
  tyres: true,
  electrics: true,
  engine_bay: true,
  keys: true,
  documents: true,
  accessories: true,
};

// valid check digits (shared/fixtures/vin/vectors.json "valid")
export const VINS = [
  "LRWYGDEE1PC010116",
  "LRWYGDEF4PC266095",
  "LRWYGDFD5RC639046",
  "LRW3E1EB0PC932736",
  "LSJA24U62JG269225",
];

/** The body registering a white Magotan by VIN; `extra` overrides or adds fields. */
export function vehicleRegistration(vin: string, extra: Record<string, unknown> = {}) {
  return {
    vin,
    engineNumber: "DKX123456",
    modelCode: MAGOTAN.modelCode,
    trimCode: MAGOTAN.trimCode,
    colourCode: "white",
    purchaseCost: 198_000_00,
    ...extra,
  };
}

/** Registers a vehicle (on order) through the API as `as` (the sales admin). */
export async function registerVehicle(as: Client, base: string, vin: string, extra: Record<string, unknown> = {}) {
  const r = await as.post(`${base}/vehicles`, vehicleRegistration(vin, extra));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.vehicle;
}

/** One status transition of a vehicle (version-checked) through the API. */
export async function moveVehicle(
  as: Client,
  base: string,
  v: { vehicleId: string; version: number },
  to: string,
  extra: Record<string, unknown> = {},
) {
  const r = await as.post(`${base}/vehicles/${v.vehicleId}/transitions`, { version: v.version, to, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.vehicle;
}

/** Registers a vehicle and walks it on order → in transit → arrived (every item passed) → in stock, or up to `until`. */
export async function stockVehicle(
  as: Client,
  base: string,
  vin: string,
  extra: Record<string, unknown> = {},
  until: "in_transit" | "arrived" | "in_stock" = "in_stock",
) {
  let v = await registerVehicle(as, base, vin, extra);
  for (const [to, step] of [
    ["in_transit", {}],
    ["arrived", { inspection: { items: PASSED } }],
    ["in_stock", {}],
  ] as const) {
    v = await moveVehicle(as, base, v, to, step);
    if (to === until) break;
  }
  return v;
}

/** The browser tests' store: a sales admin (内勤 周敏), the white-only Magotan catalogue and one vehicle in stock. */
export async function salesAdminWithStock(t: Tenant, vin: string) {
  const admin = await joinAs(t, "内勤 周敏", ["sales_admin"], { emailPrefix: "sales-admin" });
  const put = await admin.client.put("/api/catalogue", catalogue(["white"]));
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const vehicle = await stockVehicle(admin.client, `/api/stores/${t.store.storeId}`, vin);
  return { ...admin, vehicle };
}

// ---------- quotes and orders ----------

/** 219,900 − 5,000 + mats 800 + 交强险 950 = 216,650 yuan payable; a deposit of 5,000. */
export const QUOTE_MONEY: QuoteMoneyInput = {
  listPriceFen: 219_900_00,
  discountFen: 5_000_00,
  accessories: [{ name: "脚垫 Floor mats", priceFen: 800_00 }],
  insurance: [{ name: "交强险", priceFen: 950_00 }],
  depositFen: 5_000_00,
};

/** The browser tests' quote: 219,900 − 8,000 + 脚垫 800 = 212,700 yuan payable; a deposit of 10,000. */
export const BROWSER_QUOTE_MONEY: QuoteMoneyInput = {
  listPriceFen: 219_900_00,
  discountFen: 8_000_00,
  accessories: [{ name: "脚垫", priceFen: 800_00 }],
  insurance: [],
  depositFen: 10_000_00,
};

export interface QuoteSpec {
  tenantId: string;
  storeId: string;
  prospectId: string;
  customerName: string;
  consultant: { userId: string; name: string };
  money: QuoteMoneyInput;
  validUntil: string;
  /** MAGOTAN unless given */
  vehicle?: DealVehicle;
  /** "open" unless given */
  status?: QuoteStatus;
}

/** A quote written straight into the table as the quote service stores it (totals by computeQuoteTotals). */
export async function putQuote(db: Db, s: QuoteSpec): Promise<Quote> {
  const at = new Date().toISOString();
  const q: Quote = {
    tenantId: s.tenantId,
    storeId: s.storeId,
    quoteId: newId(),
    prospectId: s.prospectId,
    customerName: s.customerName,
    consultantId: s.consultant.userId,
    consultantName: s.consultant.name,
    vehicle: s.vehicle ?? MAGOTAN,
    ...s.money,
    totals: computeQuoteTotals(s.money),
    status: s.status ?? "open",
    validUntil: s.validUntil,
    version: 1,
    createdAt: at,
    createdBy: s.consultant.userId,
    createdByName: s.consultant.name,
    updatedAt: at,
  };
  await db.doc.send(new PutCommand({ TableName: db.table, Item: deals.quoteItem(q) }));
  return q;
}

/** The browser tests' deal so far: consultant 1's card for `customer` (API) and an open quote on it, valid 7 days. */
export async function quotedCard(db: Db, t: Tenant, today: string, customer: { name: string; mobile: string }) {
  const c = t.consultants[0]!;
  const card = await makeCard(c.client, t.store.storeId, customer.name, customer.mobile);
  return putQuote(db, {
    tenantId: c.user.tenantId,
    storeId: t.store.storeId,
    prospectId: card.prospectId,
    customerName: card.name,
    consultant: c.user,
    money: BROWSER_QUOTE_MONEY,
    validUntil: addDays(today, 7),
  });
}

/** The order made from a quote through the API by `client`: the contract. */
export async function placeOrder(
  client: Client,
  storeId: string,
  quoteId: string,
  expectedDeliveryDate: string,
  deliveryMethod = "store_pickup",
) {
  const r = await client.post(`/api/stores/${storeId}/quotes/${quoteId}/order`, {
    expectedDeliveryDate,
    deliveryMethod,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.contract;
}

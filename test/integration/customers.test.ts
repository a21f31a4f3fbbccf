/**
 * After-sales customers (issue 7, H3): create with a vehicle (VIN checked, claims
 * refuse a second customer for a VIN, plate or mobile with a 409 naming the
 * holder), search by name / mobile / plate / VIN, edit basics and add a vehicle
 * (version-checked, audited), a consultant sees his own customers only, the
 * delivery makes the customer and a second delivery to the same mobile flags a
 * repeat buyer, the 360 in a known number of calls; bad input and other
 * tenants' or stores' ids write nothing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, addMonths, localDate, vinCheckDigit } from "@dealeros/core";
import { type Contract, type Db, keys, stores } from "@dealeros/db";
import { reports } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";
import { makeContract, makeVehicle } from "../support/delivery-fixtures.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).toString("base64");

let serial = 0;
/** A VIN with a valid check digit (position 9). */
function vin(): string {
  const raw = `LSVAB2BR0${String(process.pid % 1000).padStart(3, "0")}${String(serial++).padStart(5, "0")}`;
  return raw.slice(0, 8) + vinCheckDigit(raw) + raw.slice(9);
}

let db: Db;
let t: Tenant;
let other: Tenant;
let advisor: Client;
let advisorId: string;
let admin: Client;
let base: string;
let tenantId: string;
let storeId: string;
let today: string;

async function joinAs(T: Tenant, name: string, roles: string[], storeIds = [T.store.storeId]) {
  const email = uniqueEmail(name.toLowerCase().replace(/\s+/g, "-"));
  const inv = await T.admin.post("/api/invitations", { email, roles, storeIds });
  expect(inv.status, JSON.stringify(inv.body)).toBe(201);
  const c = new Client(name);
  const acc = await c.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
  expect(acc.status).toBe(201);
  return { client: c, userId: acc.body.user.userId as string };
}

const newCustomer = (over: Record<string, unknown> = {}, vehicle: Record<string, unknown> = {}) => ({
  name: "赵敏",
  mobile: `1370000${String(serial++).padStart(4, "0")}`,
  birthday: "03-28",
  vehicle: {
    vin: vin(),
    plate: `沪A${String(10000 + serial++).slice(-5)}`,
    brand: "FAW-Volkswagen",
    modelName: "Magotan",
    mileageKm: 42_000,
    ...vehicle,
  },
  ...over,
});

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "dealeros-customers-"));
  delete process.env.UPLOAD_BUCKET;
  db = await freshTable();
  [t, other] = await Promise.all([setupTenant({ consultants: 2 }), setupTenant({ consultants: 1 })]);
  tenantId = t.receptionist.user.tenantId;
  storeId = t.store.storeId;
  base = `/api/stores/${storeId}`;
  today = localDate(new Date(), "Asia/Shanghai");
  const a = await joinAs(t, "Advisor Wu", ["service_advisor"]);
  advisor = a.client;
  advisorId = a.userId;
  admin = (await joinAs(t, "Sales Admin", ["sales_admin"])).client;
});

describe("creating customers", () => {
  it("an advisor creates a customer with a vehicle; VIN, plate and mobile are claimed (409 names the holder, nothing written)", async () => {
    const input = newCustomer({ name: "赵敏" });
    const r = await advisor.post(`${base}/customers`, input);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.customer).toMatchObject({
      name: "赵敏",
      origin: "service",
      ownerId: advisorId,
      repeatBuyer: false,
      vehicles: [{ vin: input.vehicle.vin, plate: input.vehicle.plate, mileageKm: 42_000, mileageOn: today }],
      version: 1,
    });
    const before = await allItems(db);
    for (const [dup, field] of [
      [newCustomer({ name: "钱多多" }, { vin: input.vehicle.vin }), "vehicle.vin"],
      [newCustomer({ name: "钱多多" }, { plate: input.vehicle.plate }), "vehicle.plate"],
      [newCustomer({ name: "钱多多", mobile: input.mobile }), "mobile"],
    ] as const) {
      const again = await advisor.post(`${base}/customers`, dup);
      expect(again.status, JSON.stringify(again.body)).toBe(409);
      expect(again.body.error.message).toContain("赵敏");
      expect(again.body.error.fields[field]).toContain("赵敏");
    }
    expect(await allItems(db)).toEqual(before);
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = await allItems(db);
    const bad: [Record<string, unknown>, string][] = [
      [newCustomer({}, { vin: "LSVAB2BR1AB123456" }), "vehicle.vin"], // wrong check digit
      [newCustomer({}, { vin: "LSVAB2BR0I0123456" }), "vehicle.vin"], // an I
      [newCustomer({}, { plate: "ABC123" }), "vehicle.plate"],
      [newCustomer({ birthday: "02-30" }), "birthday"],
      [newCustomer({ mobile: "12345" }), "mobile"],
      [newCustomer({ name: "" }), "name"],
      [newCustomer({ tenantId: "x" }), ""],
      [newCustomer({}, { mileageKm: -5 }), "vehicle.mileageKm"],
    ];
    for (const [body, field] of bad) {
      const r = await advisor.post(`${base}/customers`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      if (field) expect(Object.keys(r.body.error.fields ?? {}), JSON.stringify(r.body)).toContain(field);
    }
    const noVehicle = await t.consultants[0]!.client.post(`${base}/customers`, { name: "x" });
    expect(noVehicle.status).toBe(400);
    expect(await allItems(db)).toEqual(before);
  });
});

describe("search, edit and vehicles", () => {
  let c: { customerId: string; version: number; mobile: string; vehicles: { vin: string; plate: string }[] };

  beforeAll(async () => {
    const r = await advisor.post(`${base}/customers`, newCustomer({ name: "Zhou Xun", mobile: "13655501234" }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    c = r.body.customer;
  });

  it("finds a customer by name prefix, mobile prefix, exact plate and exact VIN — one or two calls", async () => {
    // dbCalls counts the store's Get too: + 1 Query (name, mobile) or + 2 Gets (plate, VIN: claim, customer)
    const cases: [string, number][] = [
      ["zhou", 2],
      ["1365550", 2],
      [c.vehicles[0]!.plate.replace("沪A", "沪a·"), 3],
      [c.vehicles[0]!.vin.toLowerCase(), 3],
    ];
    for (const [q, calls] of cases) {
      const r = await advisor.get(`${base}/customers?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(
        r.body.items.map((i: { customerId: string }) => i.customerId),
        q,
      ).toContain(c.customerId);
      expect(r.dbCalls, q).toBeLessThanOrEqual(calls);
    }
    const none = await advisor.get(`${base}/customers?q=${encodeURIComponent("沪B99999")}`);
    expect(none.body.items).toEqual([]);
    const bad = await advisor.get(`${base}/customers?limit=500`);
    expect(bad.status).toBe(400);
  });

  it("edits basics (version-checked, audited); the old plate and mobile are free again", async () => {
    const oldPlate = c.vehicles[0]!.plate;
    const r = await advisor.patch(`${base}/customers/${c.customerId}`, {
      version: c.version,
      name: "Zhou Xun 周迅",
      mobile: "13655509999",
      birthday: "12-01",
      vin: c.vehicles[0]!.vin,
      plate: "沪AD12345",
      note: "prefers WeChat",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.customer).toMatchObject({
      name: "Zhou Xun 周迅",
      mobile: "13655509999",
      birthday: "12-01",
      version: 2,
    });
    expect(r.body.customer.vehicles[0].plate).toBe("沪AD12345");
    const before = await allItems(db);
    const stale = await advisor.patch(`${base}/customers/${c.customerId}`, { version: c.version, name: "X" });
    expect(stale.status).toBe(409);
    const badPlate = await advisor.patch(`${base}/customers/${c.customerId}`, { version: 2, plate: "沪A99999" });
    expect(badPlate.status).toBe(400);
    expect(await allItems(db)).toEqual(before);
    // the old plate and mobile can be claimed by someone else now
    const taker = await advisor.post(`${base}/customers`, newCustomer({ mobile: c.mobile }, { plate: oldPlate }));
    expect(taker.status, JSON.stringify(taker.body)).toBe(201);
    const view = await advisor.get(`${base}/customers/${c.customerId}`);
    expect(view.body.audit.map((a: { action: string }) => a.action)).toEqual(["customer.updated", "customer.created"]);
    c = r.body.customer;
  });

  it("adds a vehicle (VIN claimed); a VIN of another customer is a 409", async () => {
    const v = { vin: vin(), brand: "FAW-Volkswagen", modelName: "Tayron", plate: "沪B54321" };
    const r = await advisor.post(`${base}/customers/${c.customerId}/vehicles`, { version: c.version, vehicle: v });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.customer.vehicles).toHaveLength(2);
    const byVin = await advisor.get(`${base}/customers?q=${v.vin}`);
    expect(byVin.body.items[0].customerId).toBe(c.customerId);
    const before = await allItems(db);
    const someoneElse = await advisor.post(`${base}/customers`, newCustomer({}, { vin: v.vin }));
    expect(someoneElse.status).toBe(409);
    expect(someoneElse.body.error.message).toContain("Zhou Xun");
    const twice = await advisor.post(`${base}/customers/${c.customerId}/vehicles`, {
      version: r.body.customer.version,
      vehicle: v,
    });
    expect(twice.status).toBe(409);
    expect(await allItems(db)).toEqual(before);
  });

  it("a consultant sees only his own customers (another's is a 404)", async () => {
    const c1 = t.consultants[0]!;
    const list = await c1.client.get(`${base}/customers`);
    expect(list.status).toBe(200);
    expect(list.body.scope).toBe("me");
    expect(list.body.items.some((i: { customerId: string }) => i.customerId === c.customerId)).toBe(false);
    expect((await c1.client.get(`${base}/customers/${c.customerId}`)).status).toBe(404);
    const byVin = await c1.client.get(`${base}/customers?q=${c.vehicles[0]!.vin}`);
    expect(byVin.body.items).toEqual([]);
  });
});

describe("delivery makes the customer (repeat buyers)", () => {
  async function deliver(
    owner: Tenant["consultants"][number],
    mobile: string,
    prospectId: string,
    finance?: boolean,
  ): Promise<Contract> {
    const vehicle = await makeVehicle(db, tenantId, storeId);
    const c = await makeContract(db, {
      tenantId,
      storeId,
      prospectId,
      customerName: "孙丽",
      consultant: { userId: owner.user.userId, name: owner.user.name },
      signedDate: today,
      expectedDeliveryDate: addDays(today, 7),
      paidFen: 219_900_00,
      vehicle,
      invoiced: true,
      ...(finance
        ? { finance: { lender: "大众金融", downPaymentFen: 60_000_00, termMonths: 36, annualRateBp: 399 } }
        : {}),
    });
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.contract(tenantId, c.contractId),
        UpdateExpression: "SET customerMobile = :m",
        ExpressionAttributeValues: { ":m": mobile },
      }),
    );
    const path = `${base}/contracts/${c.contractId}/delivery`;
    const v = (await admin.get(path)).body.contract.version;
    expect(
      (await admin.post(`${path}/appointment`, { version: v, date: addDays(today, 1), time: "10:00" })).status,
    ).toBe(200);
    const photo = await admin.post(`${path}/photos`, { photoBase64: JPEG });
    expect(photo.status).toBe(201);
    const done = await admin.post(path, {
      version: photo.body.contract.version,
      checklist: { documents: true, keys: true, functions: true, accessories: true, photos: true },
      keysHandedOver: 2,
      customerSigned: true,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return { ...c, allocation: { vehicleId: vehicle.vehicleId, vin: vehicle.vin, at: "", byName: "" } };
  }

  it("a first delivery makes a sales customer; a second to the same mobile adds the car and flags a repeat buyer", async () => {
    const owner = t.consultants[0]!;
    const mobile = "13912340001";
    const p = await owner.client.post(`${base}/prospects`, { name: "孙丽", mobile, source: "walk_in" });
    const prospectId = p.body.prospect.prospectId;
    const first = await deliver(owner, mobile, prospectId, true);
    const found = await owner.client.get(`${base}/customers?q=${mobile}`);
    expect(found.body.items).toHaveLength(1);
    const id = found.body.items[0].customerId;
    const one = await owner.client.get(`${base}/customers/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.customer).toMatchObject({
      origin: "sales",
      ownerId: owner.user.userId,
      purchases: 1,
      repeatBuyer: false,
    });
    expect(one.body.customer.vehicles[0]).toMatchObject({
      vin: first.allocation!.vin,
      contractId: first.contractId,
      purchasedOn: today,
      loanEndsOn: addMonths(today, 36),
      insuranceRenewsOn: addMonths(today, 12),
    });
    const second = await deliver(owner, mobile, prospectId);
    const two = await owner.client.get(`${base}/customers/${id}`);
    expect(two.body.customer).toMatchObject({ purchases: 2, repeatBuyer: true });
    expect(two.body.customer.vehicles.map((v: { vin: string }) => v.vin)).toEqual([
      first.allocation!.vin,
      second.allocation!.vin,
    ]);
    expect(two.body.customer.vehicles[1].loanEndsOn).toBeUndefined();
    expect(two.body.purchases.map((k: { contractNo: string }) => k.contractNo).sort()).toEqual(
      [first.contractNo, second.contractNo].sort(),
    );
    expect(two.body.calls.filter((c: { kind: string }) => c.kind === "post_delivery_call")).toHaveLength(2);
    // 360: customer partition + history, the card's partition + deals, 2 delivered contracts
    expect(two.body.reads).toBe(2 + 2 + 2);
    expect(two.dbCalls).toBeLessThanOrEqual(two.body.reads + 1);
    const repeat = await owner.client.get(`${base}/customers?repeat=1`);
    expect(repeat.body.items.map((i: { customerId: string }) => i.customerId)).toEqual([id]);
    expect(repeat.dbCalls).toBeLessThanOrEqual(2);
    // exactly one customer and one claim for the mobile
    const items = (await allItems(db)).filter((i) => i.type === "Customer" && i.mobile === mobile);
    expect(items).toHaveLength(1);
  });

  it("a referred card's delivery makes a customer that keeps the referrer", async () => {
    const owner = t.consultants[0]!;
    const referrer = await advisor.post(`${base}/customers`, newCustomer({ name: "老客户钱", mobile: "13800138222" }));
    expect(referrer.status).toBe(201);
    const mobile = "13912340077";
    const p = await owner.client.post(`${base}/prospects`, {
      name: "钱的朋友",
      mobile,
      source: "referral",
      referrer: "13800138222",
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    await deliver(owner, mobile, p.body.prospect.prospectId);
    const found = await owner.client.get(`${base}/customers?q=${mobile}`);
    const made = await owner.client.get(`${base}/customers/${found.body.items[0].customerId}`);
    expect(made.body.customer.referredBy).toEqual({ customerId: referrer.body.customer.customerId, name: "老客户钱" });
    expect(made.body.audit).toContainEqual(
      expect.objectContaining({
        action: "customer.created",
        detail: expect.objectContaining({ referredBy: "老客户钱" }),
      }),
    );
  });
});

describe("referrals (老客户转介绍)", () => {
  it("a new card names the referring customer by mobile: stored on the card, +1 on the customer, in the 360 and the day statistics", async () => {
    const referrer = await advisor.post(`${base}/customers`, newCustomer({ name: "老客户周", mobile: "13800138111" }));
    expect(referrer.status).toBe(201);
    const id = referrer.body.customer.customerId;
    const c1 = t.consultants[0]!;
    const before = await allItems(db);
    for (const [ref, status] of [
      ["abc", 400],
      ["13800138999", 422],
      [other.store.storeId, 422],
    ] as const) {
      const r = await c1.client.post(`${base}/prospects`, {
        name: "新朋友",
        mobile: "13900139222",
        source: "walk_in",
        referrer: ref,
      });
      expect(r.status, ref).toBe(status);
      expect(r.body.error.fields.referrer).toBeTruthy();
    }
    expect(await allItems(db)).toEqual(before);
    const card = await c1.client.post(`${base}/prospects`, {
      name: "新朋友",
      mobile: "13900139222",
      source: "walk_in",
      referrer: "138 0013 8111",
    });
    expect(card.status, JSON.stringify(card.body)).toBe(201);
    expect(card.body.prospect.referral).toEqual({ customerId: id, name: "老客户周" });
    const view = await advisor.get(`${base}/customers/${id}`);
    expect(view.body.customer.referrals).toBe(1);
    expect(view.body.referrals).toEqual([
      expect.objectContaining({ action: "customer.referred", detail: expect.objectContaining({ prospect: "新朋友" }) }),
    ]);
    const store = await stores.getStore(db, tenantId, storeId);
    const day = await reports.computeDayStats(store!, today, { db });
    // every referred card of the day in this store (the delivery case above adds one)
    const referred = (await allItems(db)).filter((i) => i.type === "Prospect" && i.storeId === storeId && i.referral);
    expect(referred.length).toBeGreaterThanOrEqual(1);
    expect(day.referrals).toBe(referred.length);
    expect(day.newProspects).toBeGreaterThanOrEqual(2);
  });
});

describe("isolation", () => {
  it("answers 404 to another tenant's and another store's customer on every endpoint, writing nothing", async () => {
    const mine = await advisor.post(`${base}/customers`, newCustomer({ name: "Isolated" }));
    expect(mine.status).toBe(201);
    const c = mine.body.customer;
    const store2 = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "第二店" })).body.store;
    const before = await allItems(db);
    const outsiders: [Client, string][] = [
      [other.admin, `/api/stores/${other.store.storeId}`],
      [other.admin, base],
      [t.admin, `/api/stores/${store2.storeId}`],
    ];
    for (const [who, b] of outsiders) {
      expect((await who.get(`${b}/customers/${c.customerId}`)).status).toBe(404);
      expect((await who.patch(`${b}/customers/${c.customerId}`, { version: 1, name: "Hacked" })).status).toBe(404);
      expect(
        (
          await who.post(`${b}/customers/${c.customerId}/vehicles`, {
            version: 1,
            vehicle: { vin: vin(), brand: "X", modelName: "Y" },
          })
        ).status,
      ).toBe(404);
      const list = await who.get(`${b}/customers?q=Isolated`);
      if (list.status === 200) expect(list.body.items).toEqual([]);
      else expect(list.status).toBe(404);
      const byVin = await who.get(`${b}/customers?q=${c.vehicles[0].vin}`);
      if (byVin.status === 200) expect(byVin.body.items).toEqual([]);
      else expect(byVin.status).toBe(404);
    }
    expect((await other.admin.post(`${base}/customers`, newCustomer())).status).toBe(404);
    expect(await allItems(db)).toEqual(before);
  });
});

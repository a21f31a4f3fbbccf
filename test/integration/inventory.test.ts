/**
 * Vehicle inventory (库存): catalogue, vehicles by VIN (validated, unique per
 * tenant), status transitions with arrival inspection, aging buckets from one
 * Query, key custody, bad input writing nothing, and tenant isolation.
 */
import { checkVin } from "@dealeros/core";
import { type Db, inventory } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, setupTenant, type Tenant } from "../support/api.ts";
import {
  CATALOGUE,
  dealStore,
  moveVehicle,
  PASSED,
  registerVehicle,
  stockVehicle,
  VINS,
  vehicleRegistration,
} from "../support/deals.ts";

let db: Db;
let t: Tenant;
let admin: Client; // sales admin (销售内勤)
let base: string;

/** the registration body, with the engine number in lower case (the API upper-cases it) */
const lowerCase = (extra: Record<string, unknown>) => ({ engineNumber: "dkx123456", ...extra });

function registration(vin: string, extra: Record<string, unknown> = {}) {
  return vehicleRegistration(vin, lowerCase(extra));
}

async function register(vin: string, extra: Record<string, unknown> = {}) {
  return registerVehicle(admin, base, vin, lowerCase(extra));
}

async function move(v: { vehicleId: string; version: number }, to: string, extra: Record<string, unknown> = {}) {
  return moveVehicle(admin, base, v, to, extra);
}

/** on order → in transit → arrived (inspected) → in stock */
async function stock(vin: string, extra: Record<string, unknown> = {}) {
  return stockVehicle(admin, base, vin, lowerCase(extra));
}

/** Pretend a vehicle arrived `days` ago (the db layer, as a migration would). */
async function backdate(vehicleId: string, days: number) {
  const v = (await inventory.getVehicle(db, t.store.tenantId ?? "", vehicleId))!;
  const stockedAt = new Date(Date.now() - days * 86_400_000).toISOString();
  await inventory.updateVehicle(db, { ...v, stockedAt, version: v.version + 1 }, v, {
    at: new Date().toISOString(),
    by: "test",
    byName: "test",
    action: "vehicle.backdated",
    detail: { days },
  });
}

beforeAll(async () => {
  ({ db, t, salesAdmin: admin, base } = await dealStore(1, { catalogue: true }));
  t.store.tenantId = t.receptionist.user.tenantId;
});

describe("catalogue", () => {
  it("is read by everyone, edited by the sales admin with a version check, audited", async () => {
    const read = await t.consultants[0]!.client.get("/api/catalogue");
    expect(read.status).toBe(200);
    expect(read.body.catalogue.version).toBe(1);
    expect(read.body.catalogue.brands[0].models.map((m: any) => m.code)).toEqual(["magotan", "tayron"]);
    const refused = await t.consultants[0]!.client.put("/api/catalogue", { ...CATALOGUE, version: 1 });
    expect(refused.status).toBe(403);
    const stale = await admin.put("/api/catalogue", { ...CATALOGUE, version: 0 });
    expect(stale.status).toBe(409);
    const audit = await t.admin.get("/api/audit");
    expect(audit.body.entries.some((e: any) => e.action === "catalogue.saved" && e.byName === "Sales Admin")).toBe(
      true,
    );
  });

  it("refuses bad input with field messages and writes nothing", async () => {
    const before = await allItems(db);
    const bad = structuredClone(CATALOGUE) as any;
    bad.version = 1;
    bad.brands[0].models[0].trims[0].msrp = 2199.5;
    const r = await admin.put("/api/catalogue", bad);
    expect(r.status).toBe(400);
    expect(r.body.error.fields["brands.0.models.0.trims.0.msrp"]).toBe("List price must be a whole number of fen.");
    const dup = structuredClone(CATALOGUE) as any;
    dup.version = 1;
    dup.brands[0].models[1].code = "magotan";
    const d = await admin.put("/api/catalogue", dup);
    expect(d.status).toBe(400);
    expect(d.body.error.fields.brands).toBe('Model code "magotan" appears twice.');
    expect(await allItems(db)).toEqual(before);
  });
});

describe("vehicles", () => {
  it("registers a vehicle by VIN with the trim's list price, normalising the VIN", async () => {
    const r = await admin.post(`${base}/vehicles`, registration("lrwygdee1pc-010116"));
    expect(r.status).toBe(201);
    expect(r.body.vehicle).toMatchObject({
      vin: "LRWYGDEE1PC010116",
      checkDigit: "valid",
      engineNumber: "DKX123456",
      brand: "FAW-Volkswagen",
      modelName: "迈腾 Magotan",
      trimName: "330TSI 豪华型",
      colourName: "极地白",
      msrp: 219_900_00,
      purchaseCost: 198_000_00,
      status: "on_order",
      version: 1,
    });
    const got = await t.consultants[0]!.client.get(`${base}/vehicles/${r.body.vehicle.vehicleId}`);
    expect(got.status).toBe(200);
    expect(got.body.audit.map((a: any) => a.action)).toEqual(["vehicle.registered"]);
    expect(got.body.canEdit).toBe(false);
  });

  it("refuses a VIN registered before (also under another store's spelling) with 409", async () => {
    const before = await allItems(db);
    const r = await admin.post(`${base}/vehicles`, registration("LRWYGDEE1PC010116"));
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe("A vehicle with the VIN LRWYGDEE1PC010116 is already registered.");
    expect(await allItems(db)).toEqual(before);
  });

  it("refuses bad input (400/422/403) and writes nothing", async () => {
    const before = await allItems(db);
    const cases: [Record<string, unknown>, number, string][] = [
      [registration("LRWYGDEE1PC01011"), 400, "vin"],
      [registration("LRWYGDEE1PC01011O"), 400, "vin"],
      [registration("LRWYGDEE2PC010116"), 400, "vin"], // bad check digit
      [registration("WVWZZZ3CZEE140287"), 400, "vin"], // no check digit: not allowed by default
      [registration(VINS[4]!, { purchaseCost: -1 }), 400, "purchaseCost"],
      [registration(VINS[4]!, { purchaseCost: 1.5 }), 400, "purchaseCost"],
      [registration(VINS[4]!, { status: "in_stock" }), 400, "status"],
      [registration(VINS[4]!, { engineNumber: "" }), 400, "engineNumber"],
      [registration(VINS[4]!, { tenantId: "x" }), 400, "_"],
      [registration(VINS[4]!, { trimCode: "gte" }), 422, "trimCode"],
      [registration(VINS[4]!, { colourCode: "black" }), 422, "colourCode"],
    ];
    for (const [body, status, field] of cases) {
      const r = await admin.post(`${base}/vehicles`, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(Object.keys(r.body.error.fields ?? { _: 1 }), JSON.stringify(r.body)).toContain(field);
    }
    const wrongDigit = await admin.post(`${base}/vehicles`, registration("LRWYGDEE2PC010116"));
    expect(wrongDigit.body.error.message).toMatch(/should be 1, not 2/);
    expect((await t.consultants[0]!.client.post(`${base}/vehicles`, registration(VINS[4]!))).status).toBe(403);
    expect(await allItems(db)).toEqual(before);
  });

  it("accepts a VIN without check digit only when the tenant allows it, and flags it", async () => {
    const s = await admin.put("/api/settings/inventory", {
      version: 0,
      allowVinWithoutCheckDigit: true,
      keyOutMinutes: 120,
    });
    expect(s.status).toBe(200);
    const v = await register("WVWZZZ3CZEE140287");
    expect(v.checkDigit).toBe("not_used");
    const back = await admin.put("/api/settings/inventory", {
      version: 1,
      allowVinWithoutCheckDigit: false,
      keyOutMinutes: 120,
    });
    expect(back.status).toBe(200);
    expect((await admin.post(`${base}/vehicles`, registration("WVWZZZ1KZ6W612305"))).status).toBe(400);
    const bad = await admin.put("/api/settings/inventory", {
      version: 2,
      allowVinWithoutCheckDigit: 1,
      keyOutMinutes: 5,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["allowVinWithoutCheckDigit", "keyOutMinutes"]);
  });

  it("moves through the status machine; illegal or stale moves are 409; every move is audited", async () => {
    let v = await register(VINS[1]!);
    const skip = await admin.post(`${base}/vehicles/${v.vehicleId}/transitions`, { version: 1, to: "in_stock" });
    expect(skip.status).toBe(409);
    expect(skip.body.error.message).toBe(
      "A vehicle that is on order cannot become in stock; next it can only become in transit.",
    );
    v = await move(v, "in_transit");
    const stale = await admin.post(`${base}/vehicles/${v.vehicleId}/transitions`, {
      version: 1,
      to: "arrived",
      inspection: { items: PASSED },
    });
    expect(stale.status).toBe(409);
    const noInspection = await admin.post(`${base}/vehicles/${v.vehicleId}/transitions`, {
      version: v.version,
      to: "arrived",
    });
    expect(noInspection.status).toBe(400);
    expect(noInspection.body.error.fields.inspection).toMatch(/arrival inspection/);
    const noNotes = await admin.post(`${base}/vehicles/${v.vehicleId}/transitions`, {
      version: v.version,
      to: "arrived",
      inspection: { items: { ...PASSED, exterior: false } },
    });
    expect(noNotes.status).toBe(400);
    expect(noNotes.body.error.fields["inspection.damageNotes"]).toBeDefined();
    v = await move(v, "arrived", {
      inspection: { items: { ...PASSED, exterior: false }, damageNotes: "左后门划痕 5 cm" },
    });
    expect(v.stockedAt).toBeDefined();
    expect(v.inspection).toMatchObject({ damageNotes: "左后门划痕 5 cm", byName: "Sales Admin" });
    v = await move(v, "in_stock");
    const noBuyer = await admin.post(`${base}/vehicles/${v.vehicleId}/transitions`, {
      version: v.version,
      to: "wholesaled",
    });
    expect(noBuyer.status).toBe(400);
    v = await move(v, "allocated");
    v = await move(v, "in_stock");
    v = await move(v, "wholesaled", { buyer: "苏州某二级经销商" });
    const after = await admin.post(`${base}/vehicles/${v.vehicleId}/transitions`, {
      version: v.version,
      to: "in_stock",
    });
    expect(after.status).toBe(409);
    expect(after.body.error.message).toBe("A vehicle that is wholesaled cannot change status any more.");
    const got = await admin.get(`${base}/vehicles/${v.vehicleId}`);
    expect(got.body.audit.map((a: any) => a.action)).toEqual([
      "vehicle.wholesaled",
      "vehicle.in_stock",
      "vehicle.allocated",
      "vehicle.in_stock",
      "vehicle.arrived",
      "vehicle.in_transit",
      "vehicle.registered",
    ]);
    expect(got.body.audit[4].detail).toMatchObject({ inspectionFailed: "exterior", damageNotes: "左后门划痕 5 cm" });
    expect(got.body.audit[0].detail).toMatchObject({ buyer: "苏州某二级经销商" });
  });

  it("lists the store's vehicles in one Query, filtered by status", async () => {
    const all = await t.consultants[0]!.client.get(`${base}/vehicles`);
    expect(all.status).toBe(200);
    expect(all.body.vehicles.length).toBe(3);
    expect(all.dbCalls).toBeLessThanOrEqual(3); // session+store, Query, settings
    const onOrder = await t.consultants[0]!.client.get(`${base}/vehicles?status=on_order`);
    expect(onOrder.body.vehicles.map((v: any) => v.vin)).toEqual(["WVWZZZ3CZEE140287", "LRWYGDEE1PC010116"]);
    expect((await t.consultants[0]!.client.get(`${base}/vehicles?status=sold`)).status).toBe(400);
  });
});

describe("two registrations of one VIN at once", () => {
  it("give one 201 and one 409, and one vehicle", async () => {
    const [a, b] = await Promise.all([
      admin.post(`${base}/vehicles`, registration(VINS[2]!)),
      t.manager.client.post(`${base}/vehicles`, registration(VINS[2]!, { colourCode: "blue" })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const items = (await allItems(db)).filter((i) => i.type === "Vehicle" && i.vin === VINS[2]);
    expect(items).toHaveLength(1);
  });
});

describe("aging", () => {
  it("buckets the stock per model with counts, value and the aged share, in one Query", async () => {
    const fresh = await stock(VINS[3]!);
    const old = await stock("1HGCM82633A004352", { purchaseCost: 100_000_00 });
    const older = await stock("2G1WB5E37E1110567", { modelCode: "tayron", trimCode: "330tsi", colourCode: "black" });
    await backdate(old.vehicleId, 75);
    await backdate(older.vehicleId, 120);
    const r = await t.consultants[0]!.client.get(`${base}/inventory/aging`);
    expect(r.status).toBe(200);
    expect(r.dbCalls).toBe(3); // session + store (one BatchGet), the stock Query, the settings Get
    const { summary, vehicles } = r.body;
    // oldest arrival first; on-order / wholesaled vehicles are not stock
    expect(vehicles.map((v: any) => v.vehicleId)).toEqual([older.vehicleId, old.vehicleId, fresh.vehicleId]);
    expect(vehicles.map((v: any) => v.daysInStock)).toEqual([120, 75, 0]);
    const magotan = summary.byModel.find((m: any) => m.key === "magotan");
    expect(magotan.buckets["0-30"]).toEqual({ count: 1, value: 198_000_00 });
    expect(magotan.buckets["61-90"]).toEqual({ count: 1, value: 100_000_00 });
    expect(summary.byModel.find((m: any) => m.key === "tayron").buckets["90+"]).toEqual({
      count: 1,
      value: 198_000_00,
    });
    expect(summary.total.total).toEqual({ count: 3, value: 496_000_00 });
    expect(summary.agedShare.count).toBeCloseTo(2 / 3);
    expect(summary.agedShare.value).toBeCloseTo(298 / 496);
    // a delivered vehicle leaves the stock
    let v = await move(fresh, "allocated");
    v = await move(v, "delivered");
    const after = await admin.get(`${base}/inventory/aging`);
    expect(after.body.vehicles.map((x: any) => x.vehicleId)).not.toContain(fresh.vehicleId);
  });
});

describe("key custody", () => {
  it("logs who took the keys and when they came back; flags keys out too long; one holder at a time", async () => {
    const list = await admin.get(`${base}/inventory/aging`);
    const v = list.body.vehicles[0];
    const consultant = t.consultants[0]!.client;
    const took = await consultant.post(`${base}/vehicles/${v.vehicleId}/keys/take`, {
      version: v.version,
      reason: "客户看车",
    });
    expect(took.status).toBe(200);
    expect(took.body.vehicle.keyOut).toMatchObject({ name: "Consultant 1", reason: "客户看车" });
    const twice = await t.manager.client.post(`${base}/vehicles/${v.vehicleId}/keys/take`, {
      version: took.body.vehicle.version,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe("The keys are already out with Consultant 1.");
    // not flagged yet; flagged once the limit has passed (simulated by moving the take time back)
    let aging = await admin.get(`${base}/inventory/aging`);
    expect(aging.body.vehicles.find((x: any) => x.vehicleId === v.vehicleId).keyOverdue).toBe(false);
    const stored = (await inventory.getVehicle(db, t.store.tenantId, v.vehicleId))!;
    const at = new Date(Date.now() - 3 * 3_600_000).toISOString();
    await inventory.updateVehicle(db, { ...stored, keyOut: { ...stored.keyOut!, at } }, stored, {
      at,
      by: "test",
      byName: "test",
      action: "test.clock",
      detail: {},
    });
    aging = await admin.get(`${base}/inventory/aging`);
    expect(aging.body.vehicles.find((x: any) => x.vehicleId === v.vehicleId).keyOverdue).toBe(true);
    // someone else (not an editor) cannot return them; the holder can
    const current = (await admin.get(`${base}/vehicles/${v.vehicleId}`)).body.vehicle;
    const receptionist = await t.receptionist.client.post(`${base}/vehicles/${v.vehicleId}/keys/return`, {
      version: current.version,
    });
    expect(receptionist.status).toBe(403);
    const back = await consultant.post(`${base}/vehicles/${v.vehicleId}/keys/return`, { version: current.version });
    expect(back.status).toBe(200);
    expect(back.body.vehicle.keyOut).toBeUndefined();
    const got = await admin.get(`${base}/vehicles/${v.vehicleId}`);
    expect(got.body.keyLog).toHaveLength(1);
    expect(got.body.keyLog[0]).toMatchObject({
      takenBy: { name: "Consultant 1", reason: "客户看车" },
      returnedBy: { name: "Consultant 1" },
    });
    expect(got.body.audit.map((a: any) => a.action)).toContain("vehicle.keys_taken");
    expect(got.body.audit[0]).toMatchObject({ action: "vehicle.keys_returned", byName: "Consultant 1" });
  });
});

describe("purchase orders to the OEM", () => {
  it("raises a PO, matches arrivals to its lines, shows open lines and refuses a full or mismatched line", async () => {
    const raised = await admin.post(`${base}/purchase-orders`, {
      lines: [
        { modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "blue", quantity: 2 },
        { modelCode: "tayron", trimCode: "330tsi", colourCode: "black", quantity: 1 },
      ],
      note: "12 月订单",
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const po = raised.body.purchaseOrder;
    expect(po.lines.map((l: any) => [l.lineNo, l.trimName, l.colourName, l.quantity, l.received])).toEqual([
      [1, "330TSI 豪华型", "星空蓝", 2, 0],
      [2, "330TSI 两驱", "曜岩黑", 1, 0],
    ]);
    const arrival = (vin: string, poLine: number, extra: Record<string, unknown> = {}) =>
      admin.post(`${base}/vehicles`, {
        ...registration(vin, { colourCode: "blue", status: "in_transit" }),
        poId: po.poId,
        poLine,
        ...extra,
      });
    const before = await allItems(db);
    const wrong = await arrival("5J6HYJ8V55L009357", 2);
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toBe("Line 2 of the purchase order is for 探岳 Tayron 330TSI 两驱 in 曜岩黑.");
    expect((await arrival("5J6HYJ8V55L009357", 7)).status).toBe(422);
    expect((await arrival("5J6HYJ8V55L009357", 1, { poLine: undefined })).status).toBe(400);
    expect(await allItems(db)).toEqual(before);

    expect((await arrival("5J6HYJ8V55L009357", 1)).status).toBe(201);
    const open = await t.consultants[0]!.client.get(`${base}/purchase-orders`);
    expect(open.status).toBe(200);
    expect(open.dbCalls).toBeLessThanOrEqual(2);
    expect(open.body.openLines.map((l: any) => [l.lineNo, l.quantity, l.received])).toEqual([
      [1, 2, 1],
      [2, 1, 0],
    ]);
    // the last vehicle of line 1, twice at once: one is matched, the other refused, nothing half-written
    const [a, b] = await Promise.all([arrival("JN1DA31D63T505967", 1), arrival("1FMJK2AT1KEA36140", 1)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body.error.message).toBe("Line 1 of the purchase order has received all its vehicles.");
    const after = await admin.get(`${base}/purchase-orders/${po.poId}`);
    expect(after.body.purchaseOrder.lines[0].received).toBe(2);
    const vins = (await allItems(db)).filter((i) => i.type === "Vehicle" && i.poId === po.poId).map((i) => i.vin);
    expect(vins).toHaveLength(2);
    expect((await admin.get(`${base}/purchase-orders`)).body.openLines.map((l: any) => l.lineNo)).toEqual([2]);
  });

  it("refuses bad purchase orders and consultants, writing nothing", async () => {
    const before = await allItems(db);
    const cases: [unknown, number][] = [
      [{ lines: [] }, 400],
      [{ lines: [{ modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "blue", quantity: 0 }] }, 400],
      [{ lines: [{ modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "blue", quantity: 1.5 }] }, 400],
      [
        {
          lines: [
            { modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "blue", quantity: 1 },
            { modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "blue", quantity: 2 },
          ],
        },
        400,
      ],
      [{ lines: [{ modelCode: "magotan", trimCode: "gte", colourCode: "blue", quantity: 1 }] }, 422],
      [{ lines: [{ modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "red", quantity: 1 }] }, 422],
    ];
    for (const [body, status] of cases) expect((await admin.post(`${base}/purchase-orders`, body)).status).toBe(status);
    const ok = { lines: [{ modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "blue", quantity: 1 }] };
    expect((await t.consultants[0]!.client.post(`${base}/purchase-orders`, ok)).status).toBe(403);
    expect(await allItems(db)).toEqual(before);
  });
});

describe("another tenant", () => {
  it("gets 404 for every inventory endpoint with this tenant's ids, sees no catalogue, writes nothing", async () => {
    const B = await setupTenant({ consultants: 1, groupName: "Other Group" });
    const vehicle = (await admin.get(`${base}/vehicles`)).body.vehicles[0];
    const poId = (await admin.get(`${base}/purchase-orders`)).body.purchaseOrders[0].poId;
    const before = await allItems(db);
    const bs = t.store.storeId;
    const id = vehicle.vehicleId;
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/stores/${bs}/vehicles`],
      ["POST", `/api/stores/${bs}/vehicles`, registration(VINS[0]!)],
      ["GET", `/api/stores/${bs}/vehicles/${id}`],
      ["POST", `/api/stores/${bs}/vehicles/${id}/transitions`, { version: vehicle.version, to: "in_transit" }],
      ["POST", `/api/stores/${bs}/vehicles/${id}/keys/take`, { version: vehicle.version }],
      ["POST", `/api/stores/${bs}/vehicles/${id}/keys/return`, { version: vehicle.version }],
      ["GET", `/api/stores/${bs}/inventory/aging`],
      ["GET", `/api/stores/${bs}/purchase-orders`],
      [
        "POST",
        `/api/stores/${bs}/purchase-orders`,
        { lines: [{ modelCode: "magotan", trimCode: "330tsi-lux", colourCode: "blue", quantity: 1 }] },
      ],
      ["GET", `/api/stores/${bs}/purchase-orders/${poId}`],
      ["GET", `/api/stores/${B.store.storeId}/purchase-orders/${poId}`],
      // this tenant's vehicle under the other tenant's own store
      ["GET", `/api/stores/${B.store.storeId}/vehicles/${id}`],
      [
        "POST",
        `/api/stores/${B.store.storeId}/vehicles/${id}/transitions`,
        { version: vehicle.version, to: "in_transit" },
      ],
      ["POST", `/api/stores/${B.store.storeId}/vehicles/${id}/keys/take`, { version: vehicle.version }],
    ];
    for (const who of [B.admin, B.manager.client, B.consultants[0]!.client])
      for (const [method, path, body] of calls) {
        const r = await who.call(method, path, body);
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain(vehicle.vin);
      }
    expect(await allItems(db)).toEqual(before);
    const cat = await B.admin.get("/api/catalogue");
    expect(cat.body.catalogue).toEqual({ brands: [], version: 0 });
    const settings = await B.admin.get("/api/settings/inventory");
    expect(settings.body.settings.version).toBe(0);
  });
});

describe("demo seed", () => {
  it("fills every aging bucket of a store with valid VINs and flags one vehicle's keys", async () => {
    const { seedInventory, DEMO_CATALOGUE } = await import("../../functions/local/seed-inventory.ts");
    const T = await setupTenant({ consultants: 1, groupName: "Seeded Group" });
    const tenantId = T.receptionist.user.tenantId;
    const store = (await T.admin.get(`/api/stores/${T.store.storeId}`)).body.store;
    const users = [T.consultants[0]!.user];
    const r = await seedInventory(db, { tenantId, stores: [store], users, now: new Date() });
    expect(r.vehicles).toBeGreaterThanOrEqual(20);
    expect((await T.admin.get("/api/catalogue")).body.catalogue.brands).toEqual(DEMO_CATALOGUE);
    const aging = await T.admin.get(`/api/stores/${T.store.storeId}/inventory/aging`);
    expect(aging.status).toBe(200);
    const { summary, vehicles } = aging.body;
    for (const b of ["0-30", "31-60", "61-90", "90+"]) expect(summary.total.buckets[b].count, b).toBeGreaterThan(0);
    expect(vehicles.every((v: any) => checkVin(v.vin, { allowWithoutCheckDigit: false }).ok)).toBe(true);
    expect(vehicles.filter((v: any) => v.keyOverdue)).toHaveLength(1);
    const pos = await T.admin.get(`/api/stores/${T.store.storeId}/purchase-orders`);
    expect(pos.body.openLines).toHaveLength(2);
  });
});

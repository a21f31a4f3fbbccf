/**
 * Repair orders (issue 7, H2): parts catalogue, reception (walk-in and from an
 * appointment), RO numbers without gaps under concurrency, estimate → approval
 * → parts shortage → parts order → receive → supplement → second approval →
 * quality check → ready → settlement (warranty claim, payment, 3-day call,
 * customer's vehicle) → handover; the board in one Query; bad input writes
 * nothing; stale versions and illegal moves are refused; other tenants and
 * other stores get 404 on every endpoint.
 */
import { localDate, newId } from "@dealeros/core";
import { type Customer, customers, customerTasks, keys, plan } from "@dealeros/db";
import type { Actor } from "@dealeros/services";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { localContext } from "../../functions/local/adapter.ts";
import { allItems, Client, freshTable, PASSWORD, setupTenant, type Tenant, uniqueEmail } from "../support/api.ts";

async function getRaw(client: Client, path: string) {
  const { handler } = await import("../../functions/http/app.ts");
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    cookies: client.cookie ? [client.cookie] : undefined,
    headers: { host: "localhost" },
    requestContext: {
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "t",
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const res = (await handler(event, localContext())) as APIGatewayProxyStructuredResultV2;
  const body = res.isBase64Encoded ? Buffer.from(res.body ?? "", "base64") : Buffer.from(res.body ?? "");
  return { status: res.statusCode ?? 200, headers: (res.headers ?? {}) as Record<string, string>, body };
}

type Db = Awaited<ReturnType<typeof freshTable>>;

async function join(t: Tenant, name: string, roles: string[]) {
  const email = uniqueEmail(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  const inv = await t.admin.post("/api/invitations", { email, roles, storeIds: [t.store.storeId] });
  expect(inv.status).toBe(201);
  const c = new Client(name);
  const acc = await c.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
  expect(acc.status).toBe(201);
  return { client: c, user: acc.body.user as Actor, email };
}

let n = 0;
async function makeCustomer(db: Db, tenantId: string, storeId: string, name: string, mileageKm?: number) {
  const i = n++;
  const at = new Date().toISOString();
  const c: Customer = {
    tenantId,
    storeId,
    customerId: newId(),
    name,
    mobile: `1380000${String(1000 + i).slice(-4)}`,
    ownerId: "owner",
    ownerName: "Owner",
    origin: "service",
    prospectIds: [],
    purchases: 0,
    repeatBuyer: false,
    referrals: 0,
    vehicles: [
      {
        vin: `LSVAB4189N2${String(200000 + i).slice(-6)}`,
        plate: `沪B${String(20000 + i)}`,
        brand: "大众",
        modelName: "途观L",
        ...(mileageKm
          ? { mileageKm, mileageOn: "2026-05-01", lastServiceOn: "2026-05-01", lastServiceKm: mileageKm }
          : {}),
      },
    ],
    version: 1,
    createdAt: at,
    createdBy: "test",
    createdByName: "Test",
    updatedAt: at,
  };
  await customers.transact(
    db,
    customers.createCustomerWrites(db, c, localDate(at, "Asia/Shanghai"), {
      at,
      by: "test",
      byName: "Test",
      action: "customer.created",
      detail: {},
    }),
  );
  return c;
}

/** An appointment item as H1 writes it (the fields the repair order's contract relies on). */
async function makeAppointment(db: Db, c: Customer, status: "expected" | "arrived" | "cancelled") {
  const id = newId();
  const at = new Date().toISOString();
  await customers.transact(db, [
    {
      Put: {
        TableName: db.table,
        Item: {
          ...keys.serviceAppointment(c.tenantId, id),
          type: "ServiceAppointment",
          tenantId: c.tenantId,
          storeId: c.storeId,
          appointmentId: id,
          customerId: c.customerId,
          customerName: c.name,
          vin: c.vehicles[0]!.vin,
          vehicleLabel: "大众 途观L",
          serviceType: "maintenance",
          status,
          version: 1,
          createdAt: at,
          updatedAt: at,
          history: { kind: "appointment", at, title: "保养", status, storeId: c.storeId, id },
        },
      },
    },
  ]);
  return id;
}

const count = async (db: Db, type: string) => (await allItems(db)).filter((i) => i.type === type).length;

describe("repair orders", () => {
  let db: Db;
  let t: Tenant;
  let other: Tenant;
  let advisor: Awaited<ReturnType<typeof join>>;
  let tenantId: string;
  let storeId: string;
  let base: string;
  let alice: Customer;
  let bob: Customer;

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 1 });
    other = await setupTenant({ consultants: 0, groupName: "Other Group" });
    advisor = await join(t, "Advisor Wu", ["service_advisor"]);
    tenantId = advisor.user.tenantId;
    storeId = t.store.storeId;
    base = `/api/stores/${storeId}`;
    alice = await makeCustomer(db, tenantId, storeId, "王伟", 30_000);
    bob = await makeCustomer(db, tenantId, storeId, "李娜");
  });

  const newRo = (c: Customer, extra: Record<string, unknown> = {}) => ({
    customerId: c.customerId,
    vin: c.vehicles[0]!.vin,
    mileageKm: 31_200,
    fuelEighths: 4,
    concerns: "刹车异响 / brakes squeal",
    damageNotes: "左前保险杠划痕",
    itemsLeft: "雨伞",
    ...extra,
  });

  it("keeps a parts catalogue: add, edit with version, adjust stock with a reason (never below 0), audited", async () => {
    const c = advisor.client;
    for (const [no, name, priceFen, stock, leadDays] of [
      ["OF-100", "机油滤清器 Oil filter", 4_500, 10, 2],
      ["BP-200", "前刹车片 Front brake pads", 48_000, 1, 3],
      ["WB-300", "雨刮片 Wiper blades", 12_000, 0, 5],
    ] as const) {
      const r = await c.put(`${base}/parts/${no}`, { name, priceFen, stock, leadDays });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.part).toMatchObject({ partNo: no, stock, version: 1 });
    }
    expect((await c.put(`${base}/parts/OF-100`, { name: "x", priceFen: 1, leadDays: 1 })).status).toBe(409);
    const edit = await c.put(`${base}/parts/of-100`, { name: "机油滤清器", priceFen: 5_000, leadDays: 2, version: 1 });
    expect(edit.status).toBe(200);
    expect(edit.body.part).toMatchObject({ partNo: "OF-100", priceFen: 5_000, stock: 10, version: 2 });
    expect((await c.put(`${base}/parts/OF-100`, { name: "y", priceFen: 1, leadDays: 1, version: 1 })).status).toBe(409);
    const adj = await c.post(`${base}/parts/OF-100/stock`, { delta: -2, reason: "盘点 count" });
    expect(adj.body.part.stock).toBe(8);
    const below = await c.post(`${base}/parts/OF-100/stock`, { delta: -9, reason: "damage" });
    expect(below.status).toBe(422);
    const list = await c.get(`${base}/parts`);
    expect(list.status).toBe(200);
    expect(list.dbCalls).toBeLessThanOrEqual(6);
    expect(list.body.parts.map((p: { partNo: string; stock: number }) => [p.partNo, p.stock])).toEqual([
      ["BP-200", 1],
      ["OF-100", 8],
      ["WB-300", 0],
    ]);
    expect(list.body.audit.map((a: { action: string }) => a.action)).toContain("parts.stock_adjusted");
  });

  it("refuses bad part input field by field and writes nothing", async () => {
    const before = (await allItems(db)).length;
    const bad = await advisor.client.put(`${base}/parts/OF-900`, { name: "", priceFen: -1, leadDays: 1.5, extra: 1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(["name", "priceFen", "leadDays"]));
    expect((await advisor.client.put(`${base}/parts/%20!`, { name: "x", priceFen: 1, leadDays: 1 })).status).toBe(404);
    expect((await advisor.client.post(`${base}/parts/OF-100/stock`, { delta: 0, reason: "" })).status).toBe(400);
    expect((await allItems(db)).length).toBe(before);
  });

  it("opens a walk-in repair order (WO-000001), refuses bad input and a mileage below the last reading, writing nothing", async () => {
    const before = (await allItems(db)).length;
    const bad = await advisor.client.post(`${base}/repair-orders`, { mileageKm: -1, fuelEighths: 9, concerns: "" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(
      expect.arrayContaining(["mileageKm", "fuelEighths", "concerns", "customerId", "vin"]),
    );
    const low = await advisor.client.post(`${base}/repair-orders`, newRo(alice, { mileageKm: 29_000 }));
    expect(low.status).toBe(422);
    expect(low.body.error.message).toMatch(/last known reading/);
    const wrongVin = await advisor.client.post(`${base}/repair-orders`, newRo(alice, { vin: bob.vehicles[0]!.vin }));
    expect(wrongVin.status).toBe(422);
    expect((await allItems(db)).length).toBe(before);

    const r = await advisor.client.post(`${base}/repair-orders`, newRo(alice));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.repairOrder).toMatchObject({
      roNumber: "WO-000001",
      state: "received",
      customerName: "王伟",
      plate: alice.vehicles[0]!.plate,
      advisorName: "Advisor Wu",
      fuelEighths: 4,
    });
  });

  it("numbers concurrent repair orders without gaps or duplicates", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => advisor.client.post(`${base}/repair-orders`, newRo(bob, { mileageKm: 100 }))),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const numbers = results.map((r) => r.body.repairOrder.roNumber).sort();
    expect(numbers).toEqual(["WO-000002", "WO-000003", "WO-000004", "WO-000005", "WO-000006"]);
  });

  it("opens a repair order from an appointment: it becomes arrived and links the RO; a second one is refused", async () => {
    const apptId = await makeAppointment(db, bob, "expected");
    const r = await advisor.client.post(`${base}/repair-orders`, {
      appointmentId: apptId,
      mileageKm: 500,
      fuelEighths: 6,
      concerns: "保养 / maintenance",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const appt = (await allItems(db)).find((i) => i.PK === keys.serviceAppointment(tenantId, apptId).PK)!;
    expect(appt).toMatchObject({ status: "arrived", repairOrderId: r.body.repairOrder.repairOrderId, version: 2 });
    expect((appt.history as { status: string }).status).toBe("arrived");
    expect(appt.arrivedAt).toBeTruthy();
    const again = await advisor.client.post(`${base}/repair-orders`, {
      appointmentId: apptId,
      mileageKm: 500,
      fuelEighths: 6,
      concerns: "x",
    });
    expect(again.status).toBe(409);
    const cancelled = await makeAppointment(db, bob, "cancelled");
    const c2 = await advisor.client.post(`${base}/repair-orders`, {
      appointmentId: cancelled,
      mileageKm: 500,
      fuelEighths: 6,
      concerns: "x",
    });
    expect(c2.status).toBe(422);
    // the customer's history (GSI5) lists the repair order
    const hist = (await allItems(db)).filter(
      (i) => i.GSI5PK === keys.customerHistory(tenantId, bob.customerId) && i.type === "RepairOrder",
    );
    expect(hist.length).toBe(6);
  });

  it("runs a repair order from estimate to handover: shortage → parts order → receive, supplement, settlement", async () => {
    const c = advisor.client;
    const created = await c.post(`${base}/repair-orders`, newRo(alice, { mileageKm: 31_500 }));
    const id = created.body.repairOrder.repairOrderId;
    const url = `${base}/repair-orders/${id}`;
    let v = 1;

    // estimate: labour (customer), brake pads × 2 (stock 1 → 1 short), oil filter under warranty
    const bad = await c.post(`${url}/lines`, {
      version: v,
      lines: [{ kind: "part", partNo: "NOPE-1", qty: 1, payer: "customer" }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields["lines.0.partNo"]).toBe("Not in the catalogue.");
    let r = await c.post(`${url}/lines`, {
      version: v,
      lines: [
        {
          kind: "labour",
          description: "更换前刹车片 Replace front pads",
          hours: 1.5,
          rateFen: 30_000,
          payer: "customer",
        },
        { kind: "part", partNo: "BP-200", qty: 2, payer: "customer" },
        { kind: "part", partNo: "OF-100", qty: 1, payer: "warranty" },
        { kind: "labour", description: "保修检查 Warranty check", hours: 0.5, rateFen: 30_000, payer: "warranty" },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    v = r.body.repairOrder.version;
    expect(r.body.pending).toBe(4);
    expect(r.body.pendingTotals).toMatchObject({
      labourFen: 60_000,
      partsFen: 101_000,
      customerFen: 141_000,
      warrantyFen: 20_000,
    });

    // approval needs the waiting_approval state; illegal manual moves are refused
    expect((await c.post(`${url}/approval`, { version: v, method: "phone" })).status).toBe(422);
    expect((await c.post(`${url}/state`, { version: v, to: "ready" })).status).toBe(422);
    expect((await c.post(`${url}/state`, { version: v + 5, to: "diagnosing" })).status).toBe(409);
    r = await c.post(`${url}/state`, { version: v, to: "diagnosing" });
    expect(r.body.repairOrder.state).toBe("diagnosing");
    r = await c.post(`${url}/state`, { version: r.body.repairOrder.version, to: "waiting_approval" });
    v = r.body.repairOrder.version;

    // approve: pads short by 1 → parts order, waiting_parts with the expected date
    r = await c.post(`${url}/approval`, { version: v, method: "wechat", note: "客户微信确认" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.repairOrder.state).toBe("waiting_parts");
    expect(r.body.repairOrder.approvals[0]).toMatchObject({
      round: 1,
      method: "wechat",
      byName: "Advisor Wu",
      amountFen: 161_000,
    });
    expect(r.body.partsOrders).toHaveLength(1);
    const order = r.body.partsOrders[0];
    expect(order).toMatchObject({ status: "ordered", lines: [{ partNo: "BP-200", qty: 1 }] });
    expect(r.body.repairOrder.partsExpectedOn).toBe(order.expectedOn);
    v = r.body.repairOrder.version;
    let parts = (await c.get(`${base}/parts`)).body;
    expect(parts.parts.find((p: { partNo: string }) => p.partNo === "BP-200").stock).toBe(0);
    expect(parts.parts.find((p: { partNo: string }) => p.partNo === "OF-100").stock).toBe(7);
    expect(parts.openOrders.map((o: { orderId: string }) => o.orderId)).toEqual([order.orderId]);

    // the board shows it waiting for parts with the expected date
    const board = await c.get(`${base}/repair-orders`);
    const col = board.body.columns.find((x: { state: string }) => x.state === "waiting_parts");
    expect(col.items[0]).toMatchObject({ repairOrderId: id, partsExpectedOn: order.expectedOn });
    expect(col.items[0].waitedMinutes).toBeGreaterThanOrEqual(0);

    // cannot go to quality check while parts are missing
    expect((await c.post(`${url}/state`, { version: v, to: "quality_check" })).status).toBe(422);

    // receive: the missing pad is covered, back to work; nothing extra in stock
    const rec = await c.post(`${base}/parts-orders/${order.orderId}/receive`);
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body.repairOrder.state).toBe("in_progress");
    expect((await c.post(`${base}/parts-orders/${order.orderId}/receive`)).status).toBe(409);
    parts = (await c.get(`${base}/parts`)).body;
    expect(parts.parts.find((p: { partNo: string }) => p.partNo === "BP-200").stock).toBe(0);
    expect(parts.openOrders).toEqual([]);
    expect(parts.receivedOrders[0]).toMatchObject({ orderId: order.orderId, status: "received" });

    // supplement: extra work found later needs a second approval
    r = await c.get(url);
    v = r.body.repairOrder.version;
    r = await c.post(`${url}/lines`, {
      version: v,
      lines: [{ kind: "part", partNo: "WB-300", qty: 1, unitPriceFen: 10_000, payer: "customer" }],
    });
    expect(r.body.repairOrder.state).toBe("waiting_approval");
    expect(r.body.lines.at(-1)).toMatchObject({ round: 2, approved: false });
    v = r.body.repairOrder.version;
    r = await c.post(`${url}/approval`, { version: v, method: "in_person" });
    // wipers are out of stock: a second parts order
    expect(r.body.repairOrder.state).toBe("waiting_parts");
    expect(r.body.repairOrder.approvals[1]).toMatchObject({ round: 2, method: "in_person", amountFen: 10_000 });
    const order2 = r.body.partsOrders.find((o: { status: string }) => o.status === "ordered");
    expect((await c.post(`${base}/parts-orders/${order2.orderId}/receive`)).body.repairOrder.state).toBe("in_progress");

    r = await c.get(url);
    r = await c.post(`${url}/state`, { version: r.body.repairOrder.version, to: "quality_check" });
    r = await c.post(`${url}/state`, { version: r.body.repairOrder.version, to: "ready" });
    expect(r.body.repairOrder.state).toBe("ready");
    v = r.body.repairOrder.version;
    expect(r.body.totals).toEqual({
      labourFen: 60_000,
      partsFen: 111_000,
      totalFen: 171_000,
      customerFen: 151_000,
      warrantyFen: 20_000,
      internalFen: 0,
    });

    // settlement: wrong amount → 422, nothing written
    const before = (await allItems(db)).length;
    const wrong = await c.post(`${url}/settlement`, { version: v, amountFen: 100, method: "wechat" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields.amountFen).toBe("Not the customer's share.");
    expect((await c.post(`${url}/settlement`, { version: v, amountFen: 151_000 })).status).toBe(422);
    expect((await allItems(db)).length).toBe(before);

    const settledAt = new Date();
    r = await c.post(`${url}/settlement`, { version: v, amountFen: 151_000, method: "wechat" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.repairOrder).toMatchObject({
      state: "settled",
      settlement: { paidFen: 151_000, method: "wechat", claimId: id },
    });
    v = r.body.repairOrder.version;

    // the warranty claim for the OEM
    const claims = await c.get(`${base}/warranty-claims`);
    expect(claims.dbCalls).toBeLessThanOrEqual(3);
    expect(claims.body.claims).toHaveLength(1);
    expect(claims.body.claims[0]).toMatchObject({
      roNumber: created.body.repairOrder.roNumber,
      totalFen: 20_000,
      labourFen: 15_000,
      partsFen: 5_000,
    });

    // the 3-day call in the advisor's plan, 10:00 Shanghai three local days after
    const task = await customerTasks.getCustomerTask(db, tenantId, alice.customerId, "service_call", id);
    const callDay = localDate(new Date(settledAt.getTime() + 3 * 86_400_000), "Asia/Shanghai");
    expect(task).toMatchObject({
      status: "open",
      ownerId: advisor.user.userId,
      date: callDay,
      customerId: alice.customerId,
    });
    expect(task!.dueAt).toBe(new Date(`${callDay}T02:00:00.000Z`).toISOString());
    const day = await plan.storeDayPlan(db, tenantId, storeId, callDay);
    expect(day.some((p) => p.kind === "service_call" && p.id === id)).toBe(true);

    // the customer's vehicle: mileage and last service
    const cust = (await customers.getCustomer(db, tenantId, alice.customerId))!;
    const today = localDate(new Date(), "Asia/Shanghai");
    expect(cust.vehicles[0]).toMatchObject({ mileageKm: 31_500, lastServiceKm: 31_500, lastServiceOn: today });
    expect(cust.version).toBe(2);

    // handover: explanation recorded, off the board; the timeline has every state
    expect((await c.post(`${url}/handover`, { version: v, explanation: "" })).status).toBe(400);
    r = await c.post(`${url}/handover`, { version: v, explanation: "更换了前刹车片和雨刮，保修更换机油滤清器" });
    expect(r.body.repairOrder.state).toBe("delivered");
    expect(r.body.states.map((s: { to: string }) => s.to)).toEqual([
      "received",
      "diagnosing",
      "waiting_approval",
      "waiting_parts",
      "in_progress",
      "waiting_approval",
      "waiting_parts",
      "in_progress",
      "quality_check",
      "ready",
      "settled",
      "delivered",
    ]);
    const after = await c.get(`${base}/repair-orders`);
    expect(
      after.body.columns.flatMap((x: { items: { repairOrderId: string }[] }) => x.items.map((i) => i.repairOrderId)),
    ).not.toContain(id);
    expect(
      (
        await c.post(`${url}/lines`, {
          version: r.body.repairOrder.version,
          lines: [{ kind: "labour", description: "x", hours: 1, rateFen: 1, payer: "customer" }],
        })
      ).status,
    ).toBe(409);
  });

  it("shows the board of open repair orders in one Query, whatever their number", async () => {
    const small = await advisor.client.get(`${base}/repair-orders`);
    for (let i = 0; i < 8; i++) await advisor.client.post(`${base}/repair-orders`, newRo(bob, { mileageKm: 600 }));
    const big = await advisor.client.get(`${base}/repair-orders`);
    expect(big.status).toBe(200);
    expect(big.body.open).toBe(small.body.open + 8);
    expect(big.dbCalls).toBe(small.dbCalls);
    expect(big.dbCalls).toBeLessThanOrEqual(3);
    const received = big.body.columns.find((x: { state: string }) => x.state === "received");
    expect(received.items.length).toBeGreaterThanOrEqual(8);
  });

  it("stores walk-around photos (images only) and serves them only through the repair order", async () => {
    const ro = (await advisor.client.post(`${base}/repair-orders`, newRo(bob, { mileageKm: 700 }))).body.repairOrder;
    const url = `${base}/repair-orders/${ro.repairOrderId}`;
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    expect(
      (await advisor.client.post(`${url}/photos`, { photoBase64: Buffer.from("hello").toString("base64") })).status,
    ).toBe(422);
    const r = await advisor.client.post(`${url}/photos`, { photoBase64: png.toString("base64") });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.photos).toHaveLength(1);
    const img = await getRaw(advisor.client, r.body.photos[0].url);
    expect(img.status).toBe(200);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.body.equals(png)).toBe(true);
    expect((await getRaw(other.admin, r.body.photos[0].url)).status).toBe(404);
  });

  it("lets only the service front desk work on repair orders", async () => {
    const sales = t.consultants[0]!.client;
    expect((await sales.get(`${base}/repair-orders`)).status).toBe(403);
    expect((await sales.post(`${base}/repair-orders`, newRo(bob))).status).toBe(403);
    expect((await sales.get(`${base}/parts`)).status).toBe(403);
  });

  it("answers 404 to another tenant on every endpoint, and for another store's records", async () => {
    const ro = (await advisor.client.post(`${base}/repair-orders`, newRo(bob, { mileageKm: 800 }))).body.repairOrder;
    const parts = (await advisor.client.get(`${base}/parts`)).body;
    const orderId = parts.receivedOrders[0].orderId as string;
    const roUrl = (b: string) => `${b}/repair-orders/${ro.repairOrderId}`;
    const calls = (b: string): [string, string, unknown?][] => [
      ["GET", `${b}/repair-orders`],
      ["POST", `${b}/repair-orders`, newRo(bob)],
      ["GET", roUrl(b)],
      ["PATCH", roUrl(b), { version: 1, diagnosis: "x" }],
      [
        "POST",
        `${roUrl(b)}/lines`,
        { version: 1, lines: [{ kind: "labour", description: "x", hours: 1, rateFen: 1, payer: "customer" }] },
      ],
      ["DELETE", `${roUrl(b)}/lines/${newId()}`, { version: 1 }],
      ["POST", `${roUrl(b)}/approval`, { version: 1, method: "phone" }],
      ["POST", `${roUrl(b)}/state`, { version: 1, to: "diagnosing" }],
      ["POST", `${roUrl(b)}/settlement`, { version: 1, amountFen: 0 }],
      ["POST", `${roUrl(b)}/handover`, { version: 1, explanation: "x" }],
      ["POST", `${roUrl(b)}/photos`, { photoBase64: "aGVsbG8=" }],
      ["GET", `${roUrl(b)}/photos/${newId()}`],
      ["GET", `${b}/parts`],
      ["PUT", `${b}/parts/OF-100`, { name: "x", priceFen: 1, leadDays: 1, version: 2 }],
      ["POST", `${b}/parts/OF-100/stock`, { delta: 1, reason: "x" }],
      ["POST", `${b}/parts-orders/${orderId}/receive`],
      ["GET", `${b}/warranty-claims`],
    ];
    const before = (await allItems(db)).length;
    // another tenant's admin on this store's paths
    for (const [method, path, body] of calls(base)) {
      const r = await other.admin.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    // another tenant's admin on its own store with this tenant's ids
    const otherBase = `/api/stores/${other.store.storeId}`;
    for (const [method, path, body] of calls(otherBase).filter(
      ([, p]) => p.includes(ro.repairOrderId) || p.includes(orderId),
    )) {
      const r = await other.admin.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await allItems(db)).length).toBe(before);
    expect(await count(db, "RepairOrder")).toBeGreaterThan(0);
  });
});

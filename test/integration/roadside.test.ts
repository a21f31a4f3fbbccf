/**
 * Roadside assistance (救援, issue 7, H3): log a call for a customer or an
 * unknown caller, dispatch / arrive / done each once and in order (422
 * otherwise, nothing written), version-checked; open calls on the board, the
 * month's figures from one Query, the call in the customer's service history;
 * bad input and other tenants' or stores' ids write nothing.
 */
import { vinCheckDigit } from "@dealeros/core";
import type { Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

let db: Db;
let t: Tenant;
let other: Tenant;
let advisor: Client;
let tech: { client: Client; userId: string };
let base: string;

function vin(n: number): string {
  const raw = `LSVAB2BR0${String(process.pid % 1000).padStart(3, "0")}${String(n).padStart(5, "0")}`;
  return raw.slice(0, 8) + vinCheckDigit(raw) + raw.slice(9);
}

async function joinAs(T: Tenant, name: string, roles: string[]) {
  const email = uniqueEmail(name.toLowerCase().replace(/\s+/g, "-"));
  const inv = await T.admin.post("/api/invitations", { email, roles, storeIds: [T.store.storeId] });
  expect(inv.status).toBe(201);
  const c = new Client(name);
  const acc = await c.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
  expect(acc.status).toBe(201);
  return { client: c, userId: acc.body.user.userId as string };
}

beforeAll(async () => {
  db = await freshTable();
  [t, other] = await Promise.all([setupTenant({ consultants: 1 }), setupTenant({ consultants: 1 })]);
  base = `/api/stores/${t.store.storeId}`;
  advisor = (await joinAs(t, "Advisor", ["service_advisor"])).client;
  tech = await joinAs(t, "Tech Li", ["service_advisor"]);
});

describe("roadside calls", () => {
  let customerId: string;
  let callId: string;

  it("logs a call for a customer (vehicle filled in), dispatches, arrives and closes once each, in order", async () => {
    const cu = await advisor.post(`${base}/customers`, {
      name: "陈伟",
      mobile: "13511112222",
      vehicle: { vin: vin(1), plate: "沪A11111", brand: "FAW-Volkswagen", modelName: "Sagitar" },
    });
    expect(cu.status, JSON.stringify(cu.body)).toBe(201);
    customerId = cu.body.customer.customerId;
    const r = await advisor.post(`${base}/roadside`, {
      customerId,
      location: "G60 沪昆高速 K23 northbound",
      problem: "Flat battery, will not start",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.call).toMatchObject({ name: "陈伟", mobile: "13511112222", plate: "沪A11111", status: "called" });
    callId = r.body.call.callId;
    const board = await advisor.get(`${base}/roadside`);
    expect(board.status).toBe(200);
    expect(board.body.open.map((c: { callId: string }) => c.callId)).toContain(callId);
    expect(board.dbCalls).toBeLessThanOrEqual(3);

    const before = await allItems(db);
    const early = await advisor.post(`${base}/roadside/${callId}/arrive`, { version: 1 });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toBe("Record the dispatched time first.");
    const nobody = await advisor.post(`${base}/roadside/${callId}/dispatch`, { version: 1 });
    expect(nobody.status).toBe(400);
    const outsider = await advisor.post(`${base}/roadside/${callId}/dispatch`, {
      version: 1,
      technicianId: other.consultants[0]!.user.userId,
    });
    expect(outsider.status).toBe(422);
    expect(await allItems(db)).toEqual(before);

    const d = await advisor.post(`${base}/roadside/${callId}/dispatch`, {
      version: 1,
      technicianId: tech.userId,
      tow: "平安拖车 沪B-T123",
    });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.call).toMatchObject({ status: "dispatched", technicianName: "Tech Li", version: 2 });
    const again = await advisor.post(`${base}/roadside/${callId}/dispatch`, { version: 2, tow: "x" });
    expect(again.status).toBe(422);
    const stale = await advisor.post(`${base}/roadside/${callId}/arrive`, { version: 1 });
    expect(stale.status).toBe(409);
    expect((await advisor.post(`${base}/roadside/${callId}/arrive`, { version: 2 })).status).toBe(200);
    const badCharge = await advisor.post(`${base}/roadside/${callId}/done`, {
      version: 3,
      outcome: "ok",
      chargeFen: -1,
    });
    expect(badCharge.status).toBe(400);
    const done = await advisor.post(`${base}/roadside/${callId}/done`, {
      version: 3,
      outcome: "Jump-started, battery replaced at the store",
      chargeFen: 680_00,
    });
    expect(done.status).toBe(200);
    expect(done.body.call).toMatchObject({ status: "done", chargeFen: 680_00 });

    const after = await advisor.get(`${base}/roadside`);
    expect(after.body.open.map((c: { callId: string }) => c.callId)).not.toContain(callId);
    expect(after.body.figures.count).toBe(1);
    expect(after.body.figures.dispatch.n).toBe(1);
    expect(after.body.figures.arrival.n).toBe(1);
    const one = await advisor.get(`${base}/roadside/${callId}`);
    expect(one.body.audit.map((a: { action: string }) => a.action)).toEqual([
      "roadside.done",
      "roadside.arrived",
      "roadside.dispatched",
      "roadside.called",
    ]);
    // the call is in the customer's service history
    const c360 = await advisor.get(`${base}/customers/${customerId}`);
    expect(c360.body.history).toEqual([
      expect.objectContaining({ kind: "roadside", id: callId, status: "done", totalFen: 680_00 }),
    ]);
  });

  it("logs an unknown caller; refuses bad input and a customer of another tenant, writing nothing", async () => {
    const r = await advisor.post(`${base}/roadside`, {
      name: "路人甲",
      mobile: "13600001111",
      location: "浦东 世纪大道 100 号",
      plate: "沪C12345",
      problem: "Accident, front bumper",
    });
    expect(r.status).toBe(201);
    expect(r.body.call.customerId).toBeUndefined();
    const before = await allItems(db);
    for (const body of [
      { location: "x", problem: "y" },
      { name: "a", location: "", problem: "y" },
      { name: "a", location: "x", problem: "y", plate: "12" },
      { name: "a", location: "x", problem: "y", extra: 1 },
    ]) {
      const bad = await advisor.post(`${base}/roadside`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    const foreign = await other.admin.post(`/api/stores/${other.store.storeId}/customers`, {
      name: "Other",
      vehicle: { vin: vin(2), brand: "X", modelName: "Y" },
    });
    expect(foreign.status).toBe(201);
    const before2 = await allItems(db);
    const cross = await advisor.post(`${base}/roadside`, {
      customerId: foreign.body.customer.customerId,
      location: "x",
      problem: "y",
    });
    expect(cross.status).toBe(422);
    expect(await allItems(db)).toEqual(before2);
    expect(before2.length).toBeGreaterThan(before.length);
    const consultant = await t.consultants[0]!.client.post(`${base}/roadside`, {
      name: "a",
      location: "x",
      problem: "y",
    });
    expect(consultant.status).toBe(403);
  });

  it("answers 404 to another tenant's and another store's call on every endpoint, writing nothing", async () => {
    const store2 = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "第二店" })).body.store;
    const before = await allItems(db);
    for (const [who, b] of [
      [other.admin, `/api/stores/${other.store.storeId}`],
      [other.admin, base],
      [t.admin, `/api/stores/${store2.storeId}`],
    ] as [Client, string][]) {
      expect((await who.get(`${b}/roadside/${callId}`)).status).toBe(404);
      for (const step of ["dispatch", "arrive", "done"])
        expect(
          (await who.post(`${b}/roadside/${callId}/${step}`, { version: 1, tow: "x", outcome: "x", chargeFen: 0 }))
            .status,
        ).toBe(404);
      const board = await who.get(`${b}/roadside`);
      if (board.status === 200) {
        expect(board.body.calls).toEqual([]);
        expect(board.body.open).toEqual([]);
      } else expect(board.status).toBe(404);
    }
    expect(await allItems(db)).toEqual(before);
  });
});

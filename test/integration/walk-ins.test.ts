import { addDays, localDate } from "@dealeros/core";
import type { Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, freshTable, STORE_INPUT, setupTenant } from "../support/api.ts";

let db: Db;
let t: Awaited<ReturnType<typeof setupTenant>>;
let storeId: string;
let c1: Awaited<ReturnType<typeof setupTenant>>["consultants"][number];
let c2: typeof c1;
let c3: typeof c1;

const FIRST = { partySize: 2, visitType: "first", source: "walk_in" } as const;

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 3 });
  storeId = t.store.storeId;
  [c1, c2, c3] = t.consultants as [typeof c1, typeof c1, typeof c1];
});

function duty(by: Client, userId: string, onDuty: boolean, store = storeId) {
  return by.put(`/api/stores/${store}/duty/${userId}`, { onDuty });
}

async function walkIn(body: Record<string, unknown> = FIRST, by: Client = t.receptionist.client, store = storeId) {
  const r = await by.post(`/api/stores/${store}/walk-ins`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r;
}

const today = () => localDate(new Date(), "Asia/Shanghai");

describe("fair rotation of walk-ins", () => {
  it("assigns the first walk-in of the day to the first consultant who checked in, and says why", async () => {
    expect((await duty(c1.client, c1.user.userId, true)).status).toBe(200); // himself
    expect((await duty(t.receptionist.client, c2.user.userId, true)).status).toBe(200);
    const board = await duty(t.manager.client, c3.user.userId, true);
    expect(board.status).toBe(200);
    expect(board.body.duty.entries.map((e: any) => [e.name, e.position, e.next])).toEqual([
      ["Consultant 1", 1, true],
      ["Consultant 2", 2, false],
      ["Consultant 3", 3, false],
    ]);

    const r = await walkIn({ ...FIRST, customerName: "王先生", intendedModel: "ID.4 CROZZ", note: "看SUV" });
    expect(r.body.walkIn).toMatchObject({
      storeId,
      date: today(),
      partySize: 2,
      visitType: "first",
      source: "walk_in",
      customerName: "王先生",
      intendedModel: "ID.4 CROZZ",
      version: 1,
      createdByName: "Receptionist",
      durationMinutes: null,
      assignment: {
        userId: c1.user.userId,
        name: "Consultant 1",
        reasonCode: "first_in_rotation",
        reasonText: "first in rotation today",
        assignedBy: t.receptionist.user.userId,
      },
    });
    expect(Math.abs(Date.parse(r.body.walkIn.arrivedAt) - Date.now())).toBeLessThan(60_000);
    // budget: session+store, floor, one transaction
    expect(r.dbCalls).toBeLessThanOrEqual(3);
  });

  it("goes round robin across the three consultants in check-in order", async () => {
    const names: string[] = [];
    const reasons: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await walkIn({ ...FIRST, source: i % 2 ? "phone" : "walk_in" });
      names.push(r.body.walkIn.assignment.name);
      reasons.push(r.body.walkIn.assignment.reasonText);
      expect(r.body.walkIn.assignment.reasonCode).toBe("next_in_rotation");
    }
    expect(names).toEqual([
      "Consultant 2",
      "Consultant 3",
      "Consultant 1",
      "Consultant 2",
      "Consultant 3",
      "Consultant 1",
    ]);
    expect(reasons.slice(0, 3)).toEqual([
      "next in rotation after Consultant 1",
      "next in rotation after Consultant 2",
      "next in rotation after Consultant 3",
    ]);
    const board = await t.receptionist.client.get(`/api/stores/${storeId}/duty`);
    expect(board.status).toBe(200);
    expect(board.body.duty.lastServedName).toBe("Consultant 1");
    expect(board.body.duty.entries.find((e: any) => e.next).name).toBe("Consultant 2");
  });

  it("sends a returning customer back to the consultant who served them, without using up a turn", async () => {
    // next in rotation is Consultant 2
    const first = await walkIn({ ...FIRST, mobile: "13812345678", customerName: "陈女士" });
    expect(first.body.walkIn.assignment.name).toBe("Consultant 2");
    expect(first.body.walkIn.mobile).toBe("13812345678");

    // she comes back; the receptionist types the number differently
    const back = await walkIn({ partySize: 3, visitType: "return", source: "walk_in", mobile: "+86 138 1234 5678" });
    expect(back.body.walkIn.assignment).toMatchObject({
      userId: c2.user.userId,
      reasonCode: "returning_customer",
      reasonText: "returning customer of Consultant 2",
    });
    expect(back.dbCalls).toBeLessThanOrEqual(3);

    // the rotation did not move: the next new visitor goes to Consultant 3
    const next = await walkIn();
    expect(next.body.walkIn.assignment).toMatchObject({
      name: "Consultant 3",
      reasonText: "next in rotation after Consultant 2",
    });
  });

  it("sends a returning customer to the rotation when their consultant is off duty", async () => {
    expect((await duty(c2.client, c2.user.userId, false)).status).toBe(200);
    const back = await walkIn({ partySize: 1, visitType: "return", source: "phone", mobile: "13812345678" });
    // rotation after Consultant 3 (with Consultant 2 away) is Consultant 1
    expect(back.body.walkIn.assignment).toMatchObject({
      userId: c1.user.userId,
      reasonCode: "next_in_rotation",
      reasonText: "next in rotation after Consultant 3",
    });
    // from now on she is Consultant 1's customer
    const again = await walkIn({ partySize: 1, visitType: "return", source: "walk_in", mobile: "13812345678" });
    expect(again.body.walkIn.assignment.reasonText).toBe("returning customer of Consultant 1");

    // Consultant 2 comes back: he joins at the end of the queue
    expect((await duty(t.receptionist.client, c2.user.userId, true)).status).toBe(200);
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await walkIn()).body.walkIn.assignment.name);
    expect(order).toEqual(["Consultant 3", "Consultant 2", "Consultant 1"]);
  });

  it("leaves a walk-in unassigned when nobody is on duty", async () => {
    const second = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "上海闵行大众4S店" })).body.store;
    const r = await walkIn({ ...FIRST, mobile: "13900221432" }, t.admin, second.storeId);
    expect(r.body.walkIn.assignment).toMatchObject({
      userId: null,
      name: null,
      reasonCode: "no_one_on_duty",
      reasonText: expect.stringMatching(/no consultant on duty/),
    });
    const list = await t.admin.get(`/api/stores/${second.storeId}/walk-ins`);
    expect(list.body.walkIns.map((w: any) => w.walkInId)).toEqual([r.body.walkIn.walkInId]);
    const board = await t.admin.get(`/api/stores/${second.storeId}/duty`);
    expect(board.body.duty.entries).toEqual([]);
    // a return visit of that number is not tied to anyone either
    const back = await walkIn({ ...FIRST, visitType: "return", mobile: "13900221432" }, t.admin, second.storeId);
    expect(back.body.walkIn.assignment.reasonCode).toBe("no_one_on_duty");
  });

  it("refuses walk-ins from consultants and arrival times in the future or long ago", async () => {
    const before = (await allItems(db)).length;
    expect((await c1.client.post(`/api/stores/${storeId}/walk-ins`, FIRST)).status).toBe(403);
    const future = await t.receptionist.client.post(`/api/stores/${storeId}/walk-ins`, {
      ...FIRST,
      arrivedAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(future.status).toBe(422);
    expect(future.body.error.fields).toHaveProperty("arrivedAt");
    const old = await t.receptionist.client.post(`/api/stores/${storeId}/walk-ins`, {
      ...FIRST,
      arrivedAt: new Date(Date.now() - 8 * 86400_000).toISOString(),
    });
    expect(old.status).toBe(422);
    expect((await allItems(db)).length).toBe(before);
  });
});

describe("the walk-in log", () => {
  it("lists a store-local day in arrival order, in at most two DynamoDB calls", async () => {
    const r = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins`);
    expect(r.status).toBe(200);
    expect(r.body.date).toBe(today());
    // 1 + 6 (round robin) + 3 (returning) + 5 (off duty) logged above
    expect(r.body.walkIns).toHaveLength(15);
    const arrivals = r.body.walkIns.map((w: any) => w.arrivedAt);
    expect(arrivals).toEqual([...arrivals].sort());
    expect(r.body.walkIns.every((w: any) => w.storeId === storeId && w.date === today())).toBe(true);
    expect(r.dbCalls).toBeLessThanOrEqual(2);
    const same = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins?date=${today()}`);
    expect(same.body.walkIns).toEqual(r.body.walkIns);
    expect(same.dbCalls).toBeLessThanOrEqual(2);
  });

  it("files a back-dated walk-in under its own local day", async () => {
    const arrivedAt = new Date(Date.now() - 86400_000).toISOString();
    const yesterday = addDays(today(), -1);
    const r = await walkIn({ ...FIRST, arrivedAt, note: "昨天漏登" });
    expect(r.body.walkIn.date).toBe(yesterday);
    const y = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins?date=${yesterday}`);
    expect(y.body.date).toBe(yesterday);
    expect(y.body.walkIns.map((w: any) => w.walkInId)).toEqual([r.body.walkIn.walkInId]);
    const todays = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins`);
    expect(todays.body.walkIns.map((w: any) => w.walkInId)).not.toContain(r.body.walkIn.walkInId);
    const empty = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins?date=2020-01-01`);
    expect(empty.body).toEqual({ date: "2020-01-01", walkIns: [] });
  });

  it("answers 400 for a bad ?date=", async () => {
    for (const d of ["2026-02-30", "26-11-2026", "today", "2026-11-26T00:00:00Z"]) {
      const r = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins?date=${encodeURIComponent(d)}`);
      expect(r.status, d).toBe(400);
      expect(r.body.error.fields).toHaveProperty("date");
    }
  });
});

describe("changing a walk-in", () => {
  let w: any;
  beforeAll(async () => {
    w = (await walkIn({ ...FIRST, customerName: "赵先生" })).body.walkIn;
  });

  it("records the departure with 'now' and computes the duration", async () => {
    const r = await t.receptionist.client.patch(`/api/stores/${storeId}/walk-ins/${w.walkInId}`, {
      version: 1,
      departedAt: "now",
    });
    expect(r.status).toBe(200);
    expect(r.body.walkIn.version).toBe(2);
    expect(Math.abs(Date.parse(r.body.walkIn.departedAt) - Date.now())).toBeLessThan(60_000);
    expect(r.body.walkIn.durationMinutes).toBe(0);
    expect(r.body.walkIn.assignment).toEqual(w.assignment);
    const got = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins/${w.walkInId}`);
    expect(got.body.walkIn.departedAt).toBe(r.body.walkIn.departedAt);
    expect(got.body.audit.map((a: any) => a.action)).toEqual(["walkin.logged", "walkin.departed"]);
    w = r.body.walkIn;
  });

  it("refuses a departure before the arrival", async () => {
    const r = await t.receptionist.client.patch(`/api/stores/${storeId}/walk-ins/${w.walkInId}`, {
      version: w.version,
      departedAt: new Date(Date.parse(w.arrivedAt) - 60_000).toISOString(),
    });
    expect(r.status).toBe(422);
    expect(r.body.error.fields).toHaveProperty("departedAt");
  });

  it("lets a manager reassign with a reason, audited, and moves it to the new consultant's list", async () => {
    const from = w.assignment;
    const target = [c1, c2, c3].find((c) => c.user.userId !== from.userId)!;
    const r = await t.manager.client.patch(`/api/stores/${storeId}/walk-ins/${w.walkInId}`, {
      version: w.version,
      reassignTo: target.user.userId,
      reason: "客户要求粤语接待",
    });
    expect(r.status).toBe(200);
    expect(r.body.walkIn.assignment).toMatchObject({
      userId: target.user.userId,
      name: target.user.name,
      reasonCode: "reassigned",
      reasonText: "reassigned by Manager: 客户要求粤语接待",
      assignedBy: t.manager.user.userId,
    });
    expect(r.body.walkIn.version).toBe(w.version + 1);

    const got = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins/${w.walkInId}`);
    expect(got.status).toBe(200);
    const actions = got.body.audit.map((a: any) => a.action);
    expect(actions).toContain("walkin.logged");
    expect(actions).toContain("walkin.reassigned");
    const entry = got.body.audit.find((a: any) => a.action === "walkin.reassigned");
    expect(entry).toMatchObject({
      by: t.manager.user.userId,
      byName: "Manager",
      detail: { reassignedFrom: from.name, reassignedTo: target.user.name, reason: "客户要求粤语接待" },
    });

    const theirs = await target.client.get(`/api/stores/${storeId}/my-walk-ins`);
    expect(theirs.body.walkIns.map((x: any) => x.walkInId)).toContain(w.walkInId);
    const previous = [c1, c2, c3].find((c) => c.user.userId === from.userId)!;
    const old = await previous.client.get(`/api/stores/${storeId}/my-walk-ins`);
    expect(old.body.walkIns.map((x: any) => x.walkInId)).not.toContain(w.walkInId);
    w = r.body.walkIn;
  });

  it("refuses a reassignment without a reason (400), by a receptionist (403), with a stale version (409)", async () => {
    const other = [c1, c2, c3].find((c) => c.user.userId !== w.assignment.userId)!;
    const path = `/api/stores/${storeId}/walk-ins/${w.walkInId}`;
    const before = await allItems(db);

    const noReason = await t.manager.client.patch(path, { version: w.version, reassignTo: other.user.userId });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual({ reason: "Give a reason for the reassignment." });
    const blank = await t.manager.client.patch(path, {
      version: w.version,
      reassignTo: other.user.userId,
      reason: "   ",
    });
    expect(blank.status).toBe(400);

    const byReceptionist = await t.receptionist.client.patch(path, {
      version: w.version,
      reassignTo: other.user.userId,
      reason: "想换人",
    });
    expect(byReceptionist.status).toBe(403);

    const stale = await t.manager.client.patch(path, {
      version: w.version - 1,
      reassignTo: other.user.userId,
      reason: "想换人",
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields).toEqual({ version: "Out of date." });

    const notConsultant = await t.manager.client.patch(path, {
      version: w.version,
      reassignTo: t.receptionist.user.userId,
      reason: "想换人",
    });
    expect(notConsultant.status).toBe(422);

    expect(await allItems(db)).toEqual(before);
    const got = await t.receptionist.client.get(path);
    expect(got.body.walkIn.assignment.userId).toBe(w.assignment.userId);
    expect(got.body.walkIn.version).toBe(w.version);
  });

  it("lets the assigned consultant add details but not another consultant", async () => {
    const mine = [c1, c2, c3].find((c) => c.user.userId === w.assignment.userId)!;
    const notMine = [c1, c2, c3].find((c) => c.user.userId !== w.assignment.userId)!;
    const path = `/api/stores/${storeId}/walk-ins/${w.walkInId}`;
    const no = await notMine.client.patch(path, { version: w.version, intendedModel: "帕萨特" });
    expect(no.status).toBe(403);
    const yes = await mine.client.patch(path, { version: w.version, intendedModel: "帕萨特", mobile: "13523333233" });
    expect(yes.status).toBe(200);
    expect(yes.body.walkIn).toMatchObject({ intendedModel: "帕萨特", mobile: "13523333233" });
    const nothing = await mine.client.patch(path, { version: yes.body.walkIn.version, intendedModel: "帕萨特" });
    expect(nothing.status).toBe(422);
  });
});

describe("my walk-ins and duty", () => {
  it("shows a consultant only the walk-ins assigned to them today", async () => {
    const all = (await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins`)).body.walkIns;
    for (const c of [c1, c2, c3]) {
      const r = await c.client.get(`/api/stores/${storeId}/my-walk-ins`);
      expect(r.status).toBe(200);
      expect(r.body.date).toBe(today());
      const expected = all.filter((x: any) => x.assignment.userId === c.user.userId).map((x: any) => x.walkInId);
      expect(expected.length).toBeGreaterThan(0);
      expect(r.body.walkIns.map((x: any) => x.walkInId).sort()).toEqual(expected.sort());
    }
    const receptionist = await t.receptionist.client.get(`/api/stores/${storeId}/my-walk-ins`);
    expect(receptionist.body.walkIns).toEqual([]);
  });

  it("lets a consultant toggle only himself; a receptionist toggles anyone", async () => {
    const before = await allItems(db);
    const other = await duty(c1.client, c2.user.userId, false);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/only change your own/);
    expect(await allItems(db)).toEqual(before);

    const self = await duty(c1.client, c1.user.userId, false);
    expect(self.status).toBe(200);
    expect(self.body.duty.entries.find((e: any) => e.userId === c1.user.userId)).toMatchObject({
      onDuty: false,
      position: null,
      checkedInAt: null,
    });
    const byReceptionist = await duty(t.receptionist.client, c1.user.userId, true);
    expect(byReceptionist.status).toBe(200);
    expect(byReceptionist.body.duty.entries.find((e: any) => e.userId === c1.user.userId).onDuty).toBe(true);

    const notConsultant = await duty(t.receptionist.client, t.manager.user.userId, true);
    expect(notConsultant.status).toBe(422);
    const unknown = await duty(t.receptionist.client, "01ARZ3NDEKTSV4RRFFQ69G5FAV", true);
    expect(unknown.status).toBe(404);
  });
});

describe("deactivating a consultant who is on duty", () => {
  it("takes them out of the rotation at once", async () => {
    const board = await t.receptionist.client.get(`/api/stores/${storeId}/duty`);
    expect(board.body.duty.entries.find((e: any) => e.userId === c3.user.userId).onDuty).toBe(true);
    const off = await t.admin.patch(`/api/staff/${c3.user.userId}`, { active: false });
    expect(off.status).toBe(200);

    const names = [];
    for (let i = 0; i < 4; i++) names.push((await walkIn()).body.walkIn.assignment.userId);
    expect(names).not.toContain(c3.user.userId);
    expect(new Set(names)).toEqual(new Set([c1.user.userId, c2.user.userId]));

    const after = await t.receptionist.client.get(`/api/stores/${storeId}/duty`);
    expect(after.body.duty.entries.map((e: any) => e.userId)).not.toContain(c3.user.userId);
    expect(after.body.duty.entries.filter((e: any) => e.next)).toHaveLength(1);
  });
});

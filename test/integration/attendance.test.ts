/**
 * Attendance and whereabouts (brief rule 24) and the duty board: signing in
 * while rostered puts a consultant into the walk-in rotation, going out takes
 * him out, coming back returns him; late sign-ins are flagged; corrections are
 * new records; bad input writes nothing.
 */
import { isoWeekOf, localDate, localTime, zonedToUtc } from "@dealeros/core";
import type { Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, freshTable, setupTenant } from "../support/api.ts";
import { EVERY_DAY, FULL_DAY, middayZone, moveStore } from "../support/roster.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
let db: Db;
let t: Tenant;
let base: string;
let zone: string;
let today: string;
let c1: Tenant["consultants"][number];
let c2: typeof c1;
let c3: typeof c1;

const WALK_IN = { partySize: 1, visitType: "first", source: "walk_in" } as const;
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function walkInTo(): Promise<string> {
  const r = await t.receptionist.client.post(`${base}/walk-ins`, WALK_IN);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.walkIn.assignment.name;
}

async function onDuty(): Promise<string[]> {
  const r = await t.receptionist.client.get(`${base}/duty`);
  return r.body.duty.entries.filter((e: any) => e.onDuty).map((e: any) => e.name);
}

async function person(name: string, by: Client = t.manager.client) {
  const r = await by.get(`${base}/attendance`);
  expect(r.status).toBe(200);
  return r.body.attendance.people.find((p: any) => p.name === name);
}

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 3 });
  base = `/api/stores/${t.store.storeId}`;
  [c1, c2, c3] = t.consultants as [typeof c1, typeof c1, typeof c1];
  zone = middayZone();
  await moveStore(t, zone);
  today = localDate(new Date(), zone);
  // Consultants 1 and 2 work 09:00–18:00 every day; Consultant 3 is not rostered
  const r = await t.manager.client.put(`${base}/roster?week=${isoWeekOf(today)}`, {
    version: 0,
    consultants: [
      { userId: c1.user.userId, days: EVERY_DAY(FULL_DAY) },
      { userId: c2.user.userId, days: EVERY_DAY(FULL_DAY) },
    ],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
});

describe("signing in puts a rostered consultant on duty", () => {
  it("a consultant signs himself in on his phone: on duty, late against his 09:00 shift", async () => {
    expect(await onDuty()).toEqual([]);
    const r = await c1.client.post(`${base}/attendance/sign-in`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // it is about 12:00 in the store: about three hours after the shift start
    const [h, m] = localTime(new Date(), zone).split(":").map(Number) as [number, number];
    const expected = h * 60 + m - 9 * 60;
    expect(r.body.record).toMatchObject({
      kind: "sign_in",
      rostered: true,
      shiftStart: "09:00",
      late: true,
      onBehalf: false,
    });
    expect(Math.abs(r.body.record.lateMinutes - expected)).toBeLessThanOrEqual(1);
    expect(r.body.person).toMatchObject({ status: "present", onDuty: true, late: true, shifts: FULL_DAY });
    // session+store, the day, roster+floor, one transaction
    expect(r.dbCalls).toBe(4);
    expect(await onDuty()).toEqual(["Consultant 1"]);
    expect(await walkInTo()).toBe("Consultant 1");
  });

  it("a manager records a sign-in for someone at an earlier time with a reason: not late within 5 minutes", async () => {
    const at = zonedToUtc(today, "09:04", zone).toISOString();
    const noReason = await t.manager.client.post(`${base}/attendance/sign-in`, { userId: c2.user.userId, at });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toBeDefined();
    const r = await t.manager.client.post(`${base}/attendance/sign-in`, {
      userId: c2.user.userId,
      at,
      reason: "手机没电，08:59 到店",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.record).toMatchObject({
      name: "Consultant 2",
      at,
      late: false,
      onBehalf: true,
      recordedByName: "Manager",
      reason: "手机没电，08:59 到店",
    });
    expect(r.body.person.onDuty).toBe(true);
    // the walk-in rotation now includes him: Consultant 1 served last, so Consultant 2 is next
    expect(await walkInTo()).toBe("Consultant 2");
    expect(await walkInTo()).toBe("Consultant 1");
  });

  it("a consultant who is not rostered today signs in but stays off duty until a manager puts him on (as before)", async () => {
    const r = await c3.client.post(`${base}/attendance/sign-in`, {});
    expect(r.status).toBe(201);
    expect(r.body.record).toMatchObject({ rostered: false, late: false });
    expect(r.body.person.onDuty).toBe(false);
    expect((await onDuty()).sort()).toEqual(["Consultant 1", "Consultant 2"]);
    expect(await walkInTo()).toBe("Consultant 2");
    expect((await t.manager.client.put(`${base}/duty/${c3.user.userId}`, { onDuty: true })).status).toBe(200);
    expect(await walkInTo()).toBe("Consultant 3");
  });

  it("refuses steps that do not fit the day (409) and writes nothing", async () => {
    const before = (await allItems(db)).length;
    const again = await c1.client.post(`${base}/attendance/sign-in`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("Already signed in.");
    const back = await c1.client.post(`${base}/attendance/back`, {});
    expect(back.status).toBe(409);
    expect(back.body.error.message).toBe("Not out of the office.");
    expect((await allItems(db)).length).toBe(before);
  });

  it("a double tap signs in once", async () => {
    const [a, b] = await Promise.all([
      t.receptionist.client.post(`${base}/attendance/sign-in`, {}),
      t.receptionist.client.post(`${base}/attendance/sign-in`, {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const day = (await t.manager.client.get(`${base}/attendance`)).body.attendance;
    expect(day.records.filter((r: any) => r.name === "Receptionist")).toHaveLength(1);
  });
});

describe("whereabouts take a consultant out of the rotation and back", () => {
  it("going out (destination, purpose, expected return) takes him off duty; coverage sees the gap", async () => {
    const expectedReturn = inMinutes(90);
    const r = await c2.client.post(`${base}/attendance/out`, {
      destination: "张江 客户公司",
      purpose: "上门送合同",
      expectedReturn,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.record).toMatchObject({ kind: "out", destination: "张江 客户公司", wasOnDuty: true });
    expect(r.body.person).toMatchObject({
      status: "out",
      onDuty: false,
      out: { destination: "张江 客户公司", purpose: "上门送合同", expectedReturn, overdue: false },
    });
    expect(await onDuty()).not.toContain("Consultant 2");
    const served = [await walkInTo(), await walkInTo(), await walkInTo()];
    expect(served).not.toContain("Consultant 2");
    // the door: Consultant 1 alone in the rostered pair for the hour he is away (Consultant 3 is not rostered)
    const cov = (await t.manager.client.get(`${base}/coverage`)).body.coverage;
    const hour = `${localTime(new Date(), zone).slice(0, 2)}:00`;
    expect(cov.gaps).toContainEqual(expect.objectContaining({ date: today, start: hour, count: 1 }));
    expect((await person("Consultant 2", c3.client)).out.destination).toBe("张江 客户公司");
  });

  it("coming back puts him back into the rotation", async () => {
    const r = await c2.client.post(`${base}/attendance/back`, {});
    expect(r.status).toBe(201);
    expect(r.body.person).toMatchObject({ status: "present", onDuty: true, out: null });
    const served = [await walkInTo(), await walkInTo(), await walkInTo()];
    expect(served).toContain("Consultant 2");
  });

  it("signing out takes him off duty; signing in again in the same shift is not a second late arrival", async () => {
    const out = await c1.client.post(`${base}/attendance/sign-out`, {});
    expect(out.status).toBe(201);
    expect(out.body.person).toMatchObject({ status: "signed_out", onDuty: false });
    expect((await c1.client.post(`${base}/attendance/sign-out`, {})).body.error.message).toBe("Already signed out.");
    const served = [await walkInTo(), await walkInTo()];
    expect(served).not.toContain("Consultant 1");
    const again = await c1.client.post(`${base}/attendance/sign-in`, {});
    expect(again.body.record.late).toBe(false);
    expect(again.body.person).toMatchObject({ status: "present", onDuty: true, late: true });
  });

  it("a receptionist records someone going out without a reason; a sign-in for someone needs one", async () => {
    const r = await t.receptionist.client.post(`${base}/attendance/out`, {
      userId: c3.user.userId,
      destination: "车管所",
      purpose: "上牌",
      expectedReturn: inMinutes(60),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.record).toMatchObject({ onBehalf: true, recordedByName: "Receptionist" });
    expect(r.body.person.onDuty).toBe(false);
    const signIn = await t.receptionist.client.post(`${base}/attendance/sign-in`, { userId: t.manager.user.userId });
    expect(signIn.status).toBe(400);
    expect(signIn.body.error.message).toBe("Give a reason when recording for someone else or at another time.");
  });
});

describe("corrections and the day's list", () => {
  it("a correction is a new record that replaces the old one, which stays visible", async () => {
    const day = (await t.manager.client.get(`${base}/attendance`)).body.attendance;
    const first = day.records.find((r: any) => r.name === "Consultant 1" && r.kind === "sign_in");
    expect(first.late).toBe(true);
    const r = await t.manager.client.post(`${base}/attendance/sign-in`, {
      userId: c1.user.userId,
      at: zonedToUtc(today, "08:58", zone).toISOString(),
      corrects: first.recordId,
      reason: "门禁记录 08:58 到店",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.record).toMatchObject({ corrects: first.recordId, late: false });
    const after = (await t.manager.client.get(`${base}/attendance`)).body.attendance;
    expect(after.records.find((x: any) => x.recordId === first.recordId)).toMatchObject({
      supersededBy: r.body.record.recordId,
      late: true,
    });
    expect(after.people.find((p: any) => p.name === "Consultant 1")).toMatchObject({ late: false, status: "present" });
    const twice = await t.manager.client.post(`${base}/attendance/sign-in`, {
      userId: c1.user.userId,
      at: zonedToUtc(today, "08:57", zone).toISOString(),
      corrects: first.recordId,
      reason: "again",
    });
    expect(twice.status).toBe(409);
  });

  it("reads a store's day in one Query plus the roster+floor and the staff list", async () => {
    const r = await t.manager.client.get(`${base}/attendance?date=${today}`);
    expect(r.status).toBe(200);
    // session+store, the day, roster+floor, staff
    expect(r.dbCalls).toBe(4);
    const a = r.body.attendance;
    expect(a).toMatchObject({ date: today, today: true });
    // rostered consultants first, then the other staff of the store
    expect(a.people.slice(0, 2).map((p: any) => p.name)).toEqual(["Consultant 1", "Consultant 2"]);
    expect(a.people.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(["Consultant 3", "Manager", "Receptionist"]),
    );
    expect(a.people.find((p: any) => p.name === "Manager")).toMatchObject({
      status: "absent",
      shifts: [],
      onDuty: false,
    });
    // another day: nobody signed in, no duty shown
    const other = (await t.manager.client.get(`${base}/attendance?date=2026-01-05`)).body.attendance;
    expect(other.records).toEqual([]);
    expect(other.people[0].onDuty).toBeNull();
  });
});

describe("bad input", () => {
  it("is refused field by field (400/403/422) and nothing is written", async () => {
    const before = (await allItems(db)).length;
    const post = (path: string, body: unknown, by: Client = c2.client) => by.post(`${base}/attendance/${path}`, body);
    const noDestination = await post("out", { purpose: "x", expectedReturn: inMinutes(30) });
    expect(noDestination.status).toBe(400);
    expect(noDestination.body.error.fields.destination).toBe("destination is required.");
    const pastReturn = await post("out", { destination: "银行", purpose: "办按揭", expectedReturn: inMinutes(-30) });
    expect(pastReturn.status).toBe(422);
    expect(pastReturn.body.error.fields.expectedReturn).toBe("The expected return must be after going out.");
    const badTime = await post("out", { destination: "银行", purpose: "办按揭", expectedReturn: "15:30" });
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.fields.expectedReturn).toMatch(/date-time/);
    const unknown = await post("sign-out", { note: "x" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown field/);
    const ownTime = await post("sign-out", { at: inMinutes(-10), reason: "forgot" });
    expect(ownTime.status).toBe(403);
    const forOther = await post("sign-out", { userId: c1.user.userId, reason: "x" });
    expect(forOther.status).toBe(403);
    const future = await post("sign-out", { userId: c2.user.userId, at: inMinutes(30), reason: "x" }, t.manager.client);
    expect(future.status).toBe(422);
    expect(future.body.error.fields.at).toBe("The time cannot be in the future.");
    const correctionWithoutTime = await post(
      "sign-in",
      { userId: c1.user.userId, corrects: c1.user.userId, reason: "x" },
      t.manager.client,
    );
    expect(correctionWithoutTime.status).toBe(400);
    const notStaff = await post("sign-in", { userId: "01KB0000000000000000000000", reason: "x" }, t.manager.client);
    expect(notStaff.status).toBe(404);
    const badDate = await t.manager.client.get(`${base}/attendance?date=2026-02-30`);
    expect(badDate.status).toBe(400);
    expect((await allItems(db)).length).toBe(before);
  });
});

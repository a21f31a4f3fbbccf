/** The weekly duty roster and door coverage (brief rule 3): save, read, stale 409, copy, gaps, roles. */
import { addDays, isoWeekOf, localDate, mondayOf, rosterDayOf } from "@dealeros/core";
import type { Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, freshTable, setupTenant } from "../support/api.ts";
import { EVERY_DAY, FULL_DAY, middayZone, moveStore } from "../support/roster.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
let db: Db;
let t: Tenant;
let base: string;
let zone: string;
let today: string;
let weekStart: string;
let week: string;
let ids: string[];

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 3 });
  base = `/api/stores/${t.store.storeId}`;
  zone = middayZone();
  await moveStore(t, zone);
  today = localDate(new Date(), zone);
  weekStart = mondayOf(today);
  week = isoWeekOf(today);
  ids = t.consultants.map((c) => c.user.userId);
});

describe("weekly roster", () => {
  it("starts empty, listing the store's consultants, in one Query plus the staff list", async () => {
    const r = await t.consultants[0]!.client.get(`${base}/roster?week=${week}`);
    expect(r.status).toBe(200);
    expect(r.body.roster).toMatchObject({ week, weekStart, version: 0, canEdit: false, history: [] });
    expect(r.body.roster.dates).toHaveLength(7);
    expect(r.body.roster.dates[0]).toBe(weekStart);
    expect(r.body.roster.consultants.map((c: any) => c.name)).toEqual(["Consultant 1", "Consultant 2", "Consultant 3"]);
    // session+store, the roster partition, the staff list
    expect(r.dbCalls).toBe(3);
    // the Monday's date names the same week; no parameter means this week
    expect((await t.manager.client.get(`${base}/roster?week=${weekStart}`)).body.roster.week).toBe(week);
    expect((await t.manager.client.get(`${base}/roster`)).body.roster.week).toBe(week);
  });

  it("a manager saves a week; everyone reads it back; the save is audited", async () => {
    const r = await t.manager.client.put(`${base}/roster?week=${week}`, {
      version: 0,
      consultants: [
        { userId: ids[0], days: EVERY_DAY(FULL_DAY) },
        {
          userId: ids[1],
          days: {
            ...EVERY_DAY(FULL_DAY),
            // a split shift, given out of order
            [rosterDayOf(today)]: [
              { start: "13:00", end: "18:00" },
              { start: "09:00", end: "12:00" },
            ],
          },
        },
        { userId: ids[2], days: {} },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.roster).toMatchObject({ version: 1, updatedByName: "Manager", canEdit: true });
    const read = await t.consultants[2]!.client.get(`${base}/roster?week=${week}`);
    const lines = read.body.roster.consultants;
    expect(lines.map((c: any) => c.name)).toEqual(["Consultant 1", "Consultant 2", "Consultant 3"]);
    expect(lines[1].days[rosterDayOf(today)]).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "18:00" },
    ]);
    // Consultant 3 has no shifts: listed, not rostered
    expect(lines[2].days).toEqual({});
    expect(read.body.roster.history).toHaveLength(1);
    expect(read.body.roster.history[0]).toMatchObject({
      action: "roster.saved",
      byName: "Manager",
      detail: { week, consultants: 2, shifts: 15, changed: "Consultant 1, Consultant 2" },
    });
  });

  it("refuses a stale version with 409 and writes nothing", async () => {
    const before = (await allItems(db)).length;
    const r = await t.manager.client.put(`${base}/roster?week=${week}`, {
      version: 0,
      consultants: [{ userId: ids[2], days: EVERY_DAY(FULL_DAY) }],
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe("Someone else changed this roster. Reload and try again.");
    expect(r.body.error.fields.version).toBeDefined();
    expect((await allItems(db)).length).toBe(before);
  });

  it("only the sales manager, the general manager or the group admin edits (403), and nothing is written", async () => {
    const before = (await allItems(db)).length;
    const body = { version: 1, consultants: [{ userId: ids[2], days: EVERY_DAY(FULL_DAY) }] };
    for (const who of [t.consultants[0]!.client, t.receptionist.client]) {
      const put = await who.put(`${base}/roster?week=${week}`, body);
      expect(put.status).toBe(403);
      expect(put.body.error.message).toMatch(/sales manager/);
      expect((await who.post(`${base}/roster/copy?week=${isoWeekOf(addDays(today, 7))}`, { version: 0 })).status).toBe(
        403,
      );
    }
    expect((await allItems(db)).length).toBe(before);
  });

  it("refuses bad input field by field (400/422) and writes nothing", async () => {
    const before = (await allItems(db)).length;
    const put = (body: unknown, w = week) => t.manager.client.put(`${base}/roster?week=${w}`, body);
    const reversed = await put({
      version: 1,
      consultants: [{ userId: ids[0], days: { mon: [{ start: "18:00", end: "09:00" }] } }],
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields["consultants.0.days.mon.0.end"]).toBe("A shift must end after it starts.");
    const overlap = await put({
      version: 1,
      consultants: [
        {
          userId: ids[0],
          days: {
            fri: [
              { start: "09:00", end: "13:00" },
              { start: "12:00", end: "18:00" },
            ],
          },
        },
      ],
    });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.message).toContain("Shifts overlap on Friday.");
    const badTime = await put({
      version: 1,
      consultants: [{ userId: ids[0], days: { mon: [{ start: "9", end: "18:00" }] } }],
    });
    expect(badTime.body.error.fields["consultants.0.days.mon.0.start"]).toBe("Use a time like 08:30.");
    const unknown = await put({ version: 1, consultants: [], note: "x" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown field/);
    const badWeek = await put({ version: 1, consultants: [] }, "2026-11-24");
    expect(badWeek.status).toBe(400);
    expect(badWeek.body.error.message).toMatch(/2026-W48/);
    // a receptionist is not a consultant of the store
    const notConsultant = await put({
      version: 1,
      consultants: [{ userId: t.receptionist.user.userId, days: EVERY_DAY(FULL_DAY) }],
    });
    expect(notConsultant.status).toBe(422);
    expect(notConsultant.body.error.fields["consultants.0.userId"]).toBe("Not an active consultant of this store.");
    expect((await allItems(db)).length).toBe(before);
  });

  it("copies last week onto a week in one action, checking the week's version", async () => {
    const next = isoWeekOf(addDays(today, 7));
    const r = await t.manager.client.post(`${base}/roster/copy?week=${next}`, { version: 0 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.skipped).toEqual([]);
    expect(r.body.roster).toMatchObject({ week: next, version: 1 });
    const thisWeek = (await t.manager.client.get(`${base}/roster?week=${week}`)).body.roster.consultants;
    const nextWeek = (await t.manager.client.get(`${base}/roster?week=${next}`)).body.roster;
    expect(nextWeek.consultants.map((c: any) => c.days)).toEqual(thisWeek.map((c: any) => c.days));
    expect(nextWeek.history[0]).toMatchObject({ action: "roster.copied", detail: { from: week, week: next } });
    // copying again over the week it just wrote needs its current version
    expect((await t.manager.client.post(`${base}/roster/copy?week=${next}`, { version: 0 })).status).toBe(409);
    // a week whose previous week has no roster
    const empty = await t.manager.client.post(`${base}/roster/copy?week=${isoWeekOf(addDays(today, 70))}`, {
      version: 0,
    });
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toBe("Last week has no roster to copy.");
  });

  it("keeps a consultant who left on weeks he was rostered in, unchanged, and leaves him out of a copy", async () => {
    const w1 = isoWeekOf(addDays(today, 140));
    const w2 = isoWeekOf(addDays(today, 147));
    const lines = [
      { userId: ids[0], days: { mon: FULL_DAY } },
      { userId: ids[2], days: { tue: FULL_DAY } },
    ];
    const put = (version: number, consultants: unknown[]) =>
      t.manager.client.put(`${base}/roster?week=${w1}`, { version, consultants });
    expect((await put(0, lines)).status).toBe(200);
    expect((await t.admin.patch(`/api/staff/${ids[2]}`, { active: false })).status).toBe(200);
    const read = (await t.manager.client.get(`${base}/roster?week=${w1}`)).body.roster;
    expect(read.consultants.find((c: any) => c.userId === ids[2])).toMatchObject({
      active: false,
      days: { tue: FULL_DAY },
    });
    // unchanged, he stays with the week; his shifts changed: refused
    const kept = await put(1, [{ userId: ids[0], days: { mon: FULL_DAY, wed: FULL_DAY } }, lines[1]]);
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect((await put(2, [{ userId: ids[2], days: { thu: FULL_DAY } }])).status).toBe(422);
    // the next week copied from this one leaves him out, and says so
    const copy = await t.manager.client.post(`${base}/roster/copy?week=${w2}`, { version: 0 });
    expect(copy.status).toBe(201);
    expect(copy.body.skipped).toEqual(["Consultant 3"]);
    expect(copy.body.roster.consultants.map((c: any) => c.name)).toEqual(["Consultant 1", "Consultant 2"]);
    expect(copy.body.roster.consultants[0].days).toEqual({ mon: FULL_DAY, wed: FULL_DAY });
    // taking him off the week is fine
    const removed = await put(2, [
      { userId: ids[0], days: { mon: FULL_DAY } },
      { userId: ids[2], days: {} },
    ]);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.roster.consultants.map((c: any) => c.name)).toEqual(["Consultant 1", "Consultant 2"]);
    expect((await t.admin.patch(`/api/staff/${ids[2]}`, { active: true })).status).toBe(200);
  });
});

describe("door coverage", () => {
  it("returns the opening hours below the door minimum: today's lunch gap of the split shift", async () => {
    const r = await t.receptionist.client.get(`${base}/coverage?week=${week}`);
    expect(r.status).toBe(200);
    const c = r.body.coverage;
    expect(c).toMatchObject({ week, weekStart, doorMinimum: 2, today });
    expect(c.days).toHaveLength(7);
    expect(c.days[0].slots).toHaveLength(9);
    expect(c.gaps).toEqual([
      { date: today, day: rosterDayOf(today), start: "12:00", end: "13:00", count: 1, needed: 2 },
    ]);
    // session+store, settings, the roster item, today's attendance
    expect(r.dbCalls).toBe(4);
  });

  it("follows the tenant's door minimum", async () => {
    const s = (await t.manager.client.get("/api/settings/showroom")).body.settings;
    const { updatedAt: _a, updatedByName: _b, ...input } = s;
    expect((await t.manager.client.put("/api/settings/showroom", { ...input, doorMinimum: 3 })).status).toBe(200);
    const c = (await t.manager.client.get(`${base}/coverage?week=${week}`)).body.coverage;
    // only two consultants are rostered: every opening hour of the week is short
    expect(c.gaps).toHaveLength(7 * 9);
    const back = (await t.manager.client.get("/api/settings/showroom")).body.settings;
    const { updatedAt: _c, updatedByName: _d, ...again } = back;
    expect((await t.manager.client.put("/api/settings/showroom", { ...again, doorMinimum: 2 })).status).toBe(200);
  });

  it("knows the store's closed weekdays: no hours to cover, and no shifts allowed", async () => {
    // close the store on a day of this week that is not today
    const closedDate = rosterDayOf(today) === "mon" ? addDays(weekStart, 1) : weekStart;
    const weekday = new Date(`${closedDate}T00:00:00Z`).getUTCDay();
    await moveStore(t, zone, [weekday]);
    const c = (await t.manager.client.get(`${base}/coverage?week=${week}`)).body.coverage;
    const closed = c.days.find((d: any) => d.date === closedDate);
    expect(closed).toMatchObject({ closed: true, slots: [] });
    const current = (await t.manager.client.get(`${base}/roster?week=${week}`)).body.roster;
    const r = await t.manager.client.put(`${base}/roster?week=${week}`, {
      version: current.version,
      consultants: [{ userId: ids[0], days: EVERY_DAY(FULL_DAY) }],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/^The store is closed on \w+days\.$/);
    await moveStore(t, zone, []);
  });
});

describe("tenant isolation", () => {
  it("answers 404 to another tenant for every roster, coverage and attendance endpoint, writing nothing", async () => {
    const other = await setupTenant({ consultants: 1, groupName: "Other Group" });
    const foreign = `/api/stores/${t.store.storeId}`;
    const before = (await allItems(db)).length;
    const calls = [
      () => other.manager.client.get(`${foreign}/roster?week=${week}`),
      () => other.admin.get(`${foreign}/roster`),
      () => other.admin.get(`${foreign}/coverage`),
      () => other.admin.get(`${foreign}/attendance?date=${today}`),
      () => other.manager.client.put(`${foreign}/roster?week=${week}`, { version: 1, consultants: [] }),
      () => other.manager.client.post(`${foreign}/roster/copy?week=${week}`, { version: 1 }),
      () => other.manager.client.get(`${foreign}/coverage?week=${week}`),
      () => other.manager.client.get(`${foreign}/attendance`),
      () => other.consultants[0]!.client.post(`${foreign}/attendance/sign-in`, {}),
      () => other.consultants[0]!.client.post(`${foreign}/attendance/sign-out`, {}),
      () => other.consultants[0]!.client.post(`${foreign}/attendance/back`, {}),
      () =>
        other.consultants[0]!.client.post(`${foreign}/attendance/out`, {
          destination: "x",
          purpose: "y",
          expectedReturn: new Date(Date.now() + 3600_000).toISOString(),
        }),
    ];
    for (const call of calls) {
      const r = await call();
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain("Consultant 1");
    }
    // the other tenant's own roster never lists this tenant's consultants
    const own = await other.manager.client.get(`/api/stores/${other.store.storeId}/roster?week=${week}`);
    expect(own.body.roster.consultants.map((c: any) => c.userId)).not.toContain(ids[0]);
    // naming this tenant's consultant in the other tenant's roster is refused, not accepted
    const named = await other.manager.client.put(`/api/stores/${other.store.storeId}/roster?week=${week}`, {
      version: 0,
      consultants: [{ userId: ids[0], days: EVERY_DAY(FULL_DAY) }],
    });
    expect(named.status).toBe(422);
    // signing in this tenant's consultant in the other tenant's store: no such staff member there
    const onBehalf = await other.manager.client.post(`/api/stores/${other.store.storeId}/attendance/sign-in`, {
      userId: ids[0],
      reason: "test",
    });
    expect(onBehalf.status).toBe(404);
    expect((await allItems(db)).length).toBe(before);
  });
});

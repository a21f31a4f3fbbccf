import { addDays, localDate } from "@dealeros/core";
import { type Db, keys, showroom } from "@dealeros/db";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { JOB_HANDLERS } from "../../functions/jobs/handlers.ts";
import { SCHEDULES, storeCron } from "../../functions/jobs/registry.ts";
import { dispatch, firedInWindow, runForPeriod } from "../../functions/jobs/run.ts";
import { allItems, freshTable, STORE_INPUT, setupTenant } from "../support/api.ts";
import { runAtStoreTime } from "../support/clock.ts";

let db: Db;
let t: Awaited<ReturnType<typeof setupTenant>>;
let tenantId: string;
let shanghai: any;
let urumqi: any;
let today: string;
const logged: any[] = [];

// the Urumqi store (two hours behind) must be on the same date as Shanghai whenever the run happens
runAtStoreTime("11:00");

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 2 });
  shanghai = t.store;
  tenantId = t.receptionist.user.tenantId;
  urumqi = (
    await t.admin.post("/api/stores", { ...STORE_INPUT, name: "乌鲁木齐店", city: "乌鲁木齐", timeZone: "Asia/Urumqi" })
  ).body.store;
  for (const c of t.consultants) {
    await t.receptionist.client.put(`/api/stores/${shanghai.storeId}/duty/${c.user.userId}`, { onDuty: true });
  }
  const visits = [
    { partySize: 2, visitType: "first", source: "walk_in" },
    { partySize: 1, visitType: "first", source: "phone" },
    { partySize: 3, visitType: "first", source: "walk_in", mobile: "13812345678" },
    { partySize: 1, visitType: "return", source: "referral", mobile: "13812345678" },
  ];
  for (const v of visits) {
    const r = await t.receptionist.client.post(`/api/stores/${shanghai.storeId}/walk-ins`, v);
    expect(r.status).toBe(201);
    logged.push(r.body.walkIn);
  }
  today = logged[0].date;
  expect(today).toBe(localDate(new Date(), "Asia/Shanghai"));
  // not part of today's Shanghai figures: yesterday's visitor and another store's visitor
  const y = await t.receptionist.client.post(`/api/stores/${shanghai.storeId}/walk-ins`, {
    partySize: 4,
    visitType: "first",
    source: "internet",
    arrivedAt: new Date(Date.now() - 86400_000).toISOString(),
  });
  expect(y.body.walkIn.date).toBe(addDays(today, -1));
  const u = await t.admin.post(`/api/stores/${urumqi.storeId}/walk-ins`, {
    partySize: 5,
    visitType: "first",
    source: "broker",
  });
  expect(u.status).toBe(201);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const snapshotItems = async (storeId: string, date: string) =>
  (await allItems(db)).filter((i) => i.PK === keys.trafficSnapshot(tenantId, storeId, date).PK && i.SK === date);

describe("traffic snapshot job", () => {
  it("sums up a store's day: total, first/return, sources and consultants", async () => {
    const report = await runForPeriod("traffic-snapshot", today);
    expect(report.failed).toEqual([]);
    expect(report.ran).toEqual(
      expect.arrayContaining([
        { tenantId, storeId: shanghai.storeId, period: today },
        { tenantId, storeId: urumqi.storeId, period: today },
      ]),
    );
    expect(report.stores).toBe(2);

    const s = await showroom.getTrafficSnapshot(db, tenantId, shanghai.storeId, today);
    expect(s).toBeDefined();
    const [c1, c2] = t.consultants;
    // rotation: C1, C2, C1 (first visits); the returning customer goes back to C1
    expect(logged.map((w) => w.assignment.userId)).toEqual([
      c1!.user.userId,
      c2!.user.userId,
      c1!.user.userId,
      c1!.user.userId,
    ]);
    expect(s).toMatchObject({
      tenantId,
      storeId: shanghai.storeId,
      date: today,
      total: 4,
      parties: 7,
      firstVisits: 3,
      returnVisits: 1,
      bySource: { walk_in: 2, phone: 1, referral: 1 },
      byConsultant: {
        [c1!.user.userId]: { name: "Consultant 1", count: 3 },
        [c2!.user.userId]: { name: "Consultant 2", count: 1 },
      },
      unassigned: 0,
      runKey: `traffic-snapshot#${shanghai.storeId}#${today}`,
    });
    expect(Object.keys(s!.bySource)).toHaveLength(3);
    expect(Object.keys(s!.byConsultant)).toHaveLength(2);

    const other = await showroom.getTrafficSnapshot(db, tenantId, urumqi.storeId, today);
    expect(other).toMatchObject({ total: 1, parties: 5, bySource: { broker: 1 }, byConsultant: {}, unassigned: 1 });
  });

  it("is idempotent: a second run leaves one identical snapshot per store and day", async () => {
    const first = await showroom.getTrafficSnapshot(db, tenantId, shanghai.storeId, today);
    const itemsBefore = await allItems(db);
    await new Promise((r) => setTimeout(r, 5));
    await runForPeriod("traffic-snapshot", today);
    const second = await showroom.getTrafficSnapshot(db, tenantId, shanghai.storeId, today);
    const { generatedAt: g1, ...a } = first!;
    const { generatedAt: g2, ...b } = second!;
    expect(b).toEqual(a);
    expect(g2 >= g1).toBe(true);
    expect(await snapshotItems(shanghai.storeId, today)).toHaveLength(1);
    const itemsAfter = await allItems(db);
    expect(itemsAfter).toHaveLength(itemsBefore.length);
    expect(itemsAfter.filter((i) => i.type === "TrafficSnapshot")).toHaveLength(2);
  });

  it("can run for one store only", async () => {
    const r = await runForPeriod("traffic-snapshot", addDays(today, -1), urumqi.storeId);
    expect(r.ran).toEqual([{ tenantId, storeId: urumqi.storeId, period: addDays(today, -1) }]);
    expect(await showroom.getTrafficSnapshot(db, tenantId, shanghai.storeId, addDays(today, -1))).toBeUndefined();
  });

  it("keeps going when one store fails, and reports it", async () => {
    const handler = JOB_HANDLERS["traffic-snapshot"]!;
    const real = handler.run;
    vi.spyOn(handler, "run").mockImplementation(async (store, period) => {
      if (store.storeId === shanghai.storeId) throw new Error("boom");
      return real(store, period);
    });
    const r = await runForPeriod("traffic-snapshot", "2026-01-05");
    expect(r.failed).toEqual([{ storeId: shanghai.storeId, error: "boom" }]);
    expect(r.ran).toEqual([{ tenantId, storeId: urumqi.storeId, period: "2026-01-05" }]);
  });

  it("refuses an unknown job by name", async () => {
    await expect(runForPeriod("no-such-job", today)).rejects.toThrow(/Unknown job "no-such-job"/);
  });
});

describe("store-local schedules", () => {
  const cron = SCHEDULES.find((s) => s.name === "traffic-snapshot")!.storeLocalCron;

  it("is the 00:30 store-local schedule with a 15-minute window", () => {
    expect(cron).toBe("30 0 * * *");
    expect(SCHEDULES.find((s) => s.name === "traffic-snapshot")!.windowMinutes).toBe(15);
  });

  it("fires for Shanghai at 16:40 UTC the previous day (00:40 local), not at 17:00 UTC", () => {
    const at = firedInWindow("30 0 * * *", "Asia/Shanghai", new Date("2026-03-10T16:40:00Z"), 15);
    expect(at?.toISOString()).toBe("2026-03-10T16:30:00.000Z");
    expect(firedInWindow("30 0 * * *", "Asia/Shanghai", new Date("2026-03-10T17:00:00Z"), 15)).toBeNull();
    // window is (now - 15 min, now]: the trigger at 16:30 sees it, the one at 16:45 does not see it again
    expect(firedInWindow("30 0 * * *", "Asia/Shanghai", new Date("2026-03-10T16:30:00Z"), 15)).not.toBeNull();
    expect(firedInWindow("30 0 * * *", "Asia/Shanghai", new Date("2026-03-10T16:45:00Z"), 15)).toBeNull();
    expect(firedInWindow("30 0 * * *", "Asia/Shanghai", new Date("2026-03-10T16:15:00Z"), 15)).toBeNull();
    // Urumqi's 00:30 is two hours later in UTC
    expect(firedInWindow("30 0 * * *", "Asia/Urumqi", new Date("2026-03-10T16:40:00Z"), 15)).toBeNull();
    expect(firedInWindow("30 0 * * *", "Asia/Urumqi", new Date("2026-03-10T18:40:00Z"), 15)?.toISOString()).toBe(
      "2026-03-10T18:30:00.000Z",
    );
  });

  it("fires exactly once per store-local day over a week of 15-minute triggers, DST included", () => {
    const start = Date.parse("2026-03-05T00:00:00Z"); // New York springs forward on 8 March
    for (const zone of ["Asia/Shanghai", "Asia/Urumqi", "Asia/Kolkata", "America/New_York"]) {
      const fired: string[] = [];
      for (let i = 1; i <= 7 * 96; i++) {
        const at = firedInWindow(cron, zone, new Date(start + i * 15 * 60000), 15);
        if (at) fired.push(localDate(at, zone));
      }
      expect(fired, zone).toHaveLength(7);
      expect(new Set(fired).size, zone).toBe(7);
    }
  });

  it("dispatch() runs only the stores that are due, for the day that just ended", async () => {
    const atShanghai = await dispatch("traffic-snapshot", new Date("2026-03-10T16:40:00Z"));
    expect(atShanghai.stores).toBe(2);
    expect(atShanghai.ran).toEqual([{ tenantId, storeId: shanghai.storeId, period: "2026-03-10" }]);
    expect(atShanghai.failed).toEqual([]);
    const s = await showroom.getTrafficSnapshot(db, tenantId, shanghai.storeId, "2026-03-10");
    expect(s).toMatchObject({ total: 0, firstVisits: 0, bySource: {} });
    expect(await showroom.getTrafficSnapshot(db, tenantId, urumqi.storeId, "2026-03-10")).toBeUndefined();

    const between = await dispatch("traffic-snapshot", new Date("2026-03-10T17:00:00Z"));
    expect(between.ran).toEqual([]);

    const atUrumqi = await dispatch("traffic-snapshot", new Date("2026-03-10T18:40:00Z"));
    expect(atUrumqi.ran).toEqual([{ tenantId, storeId: urumqi.storeId, period: "2026-03-10" }]);

    // the real clock: today's Shanghai figures are written when the trigger after local 00:30 tomorrow comes
    const tomorrowTrigger = new Date(Date.parse(`${addDays(today, 1)}T00:40:00+08:00`));
    const real = await dispatch("traffic-snapshot", tomorrowTrigger);
    expect(real.ran).toEqual([{ tenantId, storeId: shanghai.storeId, period: today }]);
    expect(await snapshotItems(shanghai.storeId, today)).toHaveLength(1);
    expect((await showroom.getTrafficSnapshot(db, tenantId, shanghai.storeId, today))?.total).toBe(4);
  });
});

describe("end-of-day check at closing time", () => {
  it("fires at each store's own closing time (18:00 local) and keeps the day's gaps, idempotently", async () => {
    const entry = SCHEDULES.find((s) => s.name === "end-of-day-check")!;
    expect(storeCron(entry, shanghai)).toBe("0 18 * * *");
    // 18:00 in Shanghai is 10:00 UTC; in Urumqi 12:00 UTC
    const at = new Date(`${today}T10:05:00Z`);
    const r = await dispatch("end-of-day-check", at);
    expect(r.ran.map((x) => x.storeId)).toEqual([shanghai.storeId]);
    expect(r.ran[0]!.period).toBe(localDate(at, "Asia/Shanghai"));
    await dispatch("end-of-day-check", at);
    const kept = (await allItems(db)).filter((i) => i.type === "EodCheck" && i.storeId === shanghai.storeId);
    expect(kept).toHaveLength(1);
    // every walk-in of the day is still without a card
    expect((kept[0]!.gaps as { kind: string }[]).every((g) => g.kind === "walk_in_without_card")).toBe(true);
    expect((await dispatch("end-of-day-check", new Date(`${today}T10:30:00Z`))).ran).toEqual([]);
  });
});

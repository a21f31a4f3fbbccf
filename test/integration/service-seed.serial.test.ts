/**
 * The demo seed of service appointments (issue 7, H1), run on a small tenant:
 * settings saved, past days with arrivals and no-shows, today, and the next 5
 * days booked — with slot counters that agree with the appointments.
 */
import { addDays, localDate } from "@dealeros/core";
import { identity, stores } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { seedService } from "../../functions/local/seed-service.ts";
import { freshTable, setupTenant, type Tenant } from "../support/api.ts";
import { joinStore, makeCustomer } from "../support/service.ts";

describe("service appointments demo seed", () => {
  let t: Tenant;
  let advisor: Awaited<ReturnType<typeof joinStore>>;
  let base: string;
  let booked: number;

  beforeAll(async () => {
    const db = await freshTable();
    t = await setupTenant({ consultants: 0 });
    advisor = await joinStore(t, "Wu Tao", ["service_advisor"]);
    const tenantId = advisor.user.tenantId;
    for (let i = 0; i < 30; i++) await makeCustomer(db, t.store.storeId, tenantId, `客户${i}`);
    const store = (await stores.getStore(db, tenantId, t.store.storeId))!;
    const users = await identity.listUsers(db, tenantId);
    booked = (await seedService(db, { tenantId, stores: [store], users, now: new Date() })).appointments;
    base = `/api/stores/${t.store.storeId}/service`;
  }, 120_000);

  it("books the past week, today and the next 5 days, with counters that match", async () => {
    expect(booked).toBeGreaterThan(60);
    const settings = (await advisor.client.get(`${base}/settings`)).body.settings;
    expect(settings).toMatchObject({ version: 1, bays: 6, technicians: 5 });
    const today = localDate(new Date(), "Asia/Shanghai");
    let arrived = 0;
    let noShows = 0;
    for (let back = 1; back <= 7; back++) {
      const c = (await advisor.client.get(`${base}/arrivals?date=${addDays(today, -back)}`)).body.counts;
      arrived += c.arrived;
      noShows += c.no_show;
      expect(c.expected).toBe(0);
    }
    expect(arrived).toBeGreaterThanOrEqual(30);
    expect(noShows).toBeGreaterThanOrEqual(1);
    for (let ahead = 0; ahead <= 5; ahead++) {
      const date = addDays(today, ahead);
      const day = (await advisor.client.get(`${base}/arrivals?date=${date}`)).body;
      if (ahead > 0) expect(day.counts.expected).toBeGreaterThanOrEqual(10);
      const slots = (await advisor.client.get(`${base}/slots?date=${date}`)).body;
      const used = slots.slots.reduce((n: number, s: { used: number }) => n + s.used, 0);
      const held = day.appointments
        .filter((a: { status: string }) => a.status === "expected" || a.status === "arrived")
        .reduce((n: number, a: { hours: string[] }) => n + a.hours.length, 0);
      expect(used, date).toBe(held);
      for (const s of slots.slots) expect(s.used).toBeLessThanOrEqual(s.capacity);
    }
  });
});

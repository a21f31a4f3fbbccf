/** The demo tenant `npm start` seeds: every screen of the showroom day has realistic data to show. */
import { addDays } from "@dealeros/core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from "../../functions/local/seed.ts";
import { Client, freshTable } from "../support/api.ts";

describe("demo seed", { timeout: 240_000 }, () => {
  const manager = new Client("manager");
  const consultant = new Client("li.na");
  let store: string;

  beforeAll(async () => {
    const db = await freshTable();
    await seedDemo(db);
    expect(
      (await manager.post("/api/session", { email: `manager@${DEMO_DOMAIN}`, password: DEMO_PASSWORD })).status,
    ).toBe(200);
    expect(
      (await consultant.post("/api/session", { email: `li.na@${DEMO_DOMAIN}`, password: DEMO_PASSWORD })).status,
    ).toBe(200);
    store = (await manager.get("/api/stores")).body.stores[0].storeId;
  }, 240_000);

  it("has internet leads answered on time, late, and one still waiting past its deadline", async () => {
    // the leads sit in the last opening hours: today's, or yesterday's when the seed runs before opening
    const r = await manager.get(`/api/stores/${store}/lead-responses`);
    expect(r.status).toBe(200);
    const yesterday = addDays(r.body.date, -1);
    const y = await manager.get(`/api/stores/${store}/lead-responses?date=${yesterday}`);
    expect(r.body.summary.onTime + y.body.summary.onTime).toBeGreaterThanOrEqual(1);
    expect(r.body.summary.late + y.body.summary.late).toBeGreaterThanOrEqual(2);
    expect(r.body.waitingLate.length).toBeGreaterThanOrEqual(1);
  });

  it("has quotes: open, approved, and one waiting for the sales manager's approval", async () => {
    const approvals = await manager.get(`/api/stores/${store}/approvals`);
    expect(approvals.status).toBe(200);
    expect(approvals.body.items.length).toBeGreaterThanOrEqual(1);
    expect(approvals.body.items[0]).toMatchObject({ status: "pending_approval", consultantName: "李娜" });
    const all = (await manager.get(`/api/stores/${store}/quotes`)).body.items.map((q: any) => q.status);
    expect(all).toEqual(expect.arrayContaining(["open", "approved", "pending_approval"]));
    const mine = await consultant.get(`/api/stores/${store}/quotes`);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it("has today's plan, test drives, complaints, a roster and a day check to show", async () => {
    const plan = await consultant.get(`/api/stores/${store}/plan`);
    expect(plan.status).toBe(200);
    expect(JSON.stringify(plan.body)).toContain("follow_up");
    expect((await manager.get(`/api/stores/${store}/test-drives`)).body.testDrives?.length ?? 1).toBeGreaterThan(0);
    expect((await manager.get(`/api/stores/${store}/complaints`)).body.items.length).toBeGreaterThan(0);
    expect((await manager.get(`/api/stores/${store}/roster`)).status).toBe(200);
    const eod = await manager.get(`/api/stores/${store}/end-of-day`);
    expect(eod.status).toBe(200);
    expect(eod.body.checked.walkIns).toBeGreaterThan(0);
  });
});

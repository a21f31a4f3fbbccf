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

  it("has three months of day statistics, the last week's daily reports and their e-mails in the outbox", async () => {
    const today: string = (await manager.get(`/api/stores/${store}/reports?period=day`)).body.today;
    const quarter = await manager.get(
      `/api/stores/${store}/reports?period=custom&from=${addDays(today, -90)}&to=${today}`,
    );
    expect(quarter.status).toBe(200);
    expect(quarter.body.daysWithFigures).toBeGreaterThanOrEqual(88);
    expect(quarter.body.total.walkIns).toBeGreaterThan(1000);
    expect(quarter.body.consultants.length).toBeGreaterThanOrEqual(4);
    const daily = await manager.get(`/api/stores/${store}/daily-reports`);
    expect(daily.body.reports.length).toBeGreaterThanOrEqual(7);
    const gm = new Client("gm");
    await gm.post("/api/session", { email: `gm@${DEMO_DOMAIN}`, password: DEMO_PASSWORD });
    const outbox = (await gm.get("/api/outbox")).body.messages as { subject: string; to: string }[];
    expect(outbox.some((m) => m.subject.startsWith("Daily sales report") && m.to === `gm@${DEMO_DOMAIN}`)).toBe(true);
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

  it("has this year's decomposed target and last month's commission statements to review (H2)", async () => {
    const targets = (await consultant.get(`/api/stores/${store}/targets`)).body.targets;
    expect(targets.target.annualUnits).toBeGreaterThan(0);
    expect(targets.leaderboard.length).toBeGreaterThanOrEqual(4);
    const mine = (await consultant.get(`/api/stores/${store}/my/commissions`)).body.statements;
    expect(mine.length).toBe(1);
    const admin = new Client("salesadmin");
    await admin.post("/api/session", { email: `salesadmin@${DEMO_DOMAIN}`, password: DEMO_PASSWORD });
    const month = (await admin.get(`/api/stores/${store}/commissions/${mine[0].month}`)).body.month;
    expect(month.state).toBe("draft");
    expect(month.statements.length).toBeGreaterThanOrEqual(4);
    expect(month.history.map((h: any) => h.action)).toContain("commission.adjusted");
  });
});

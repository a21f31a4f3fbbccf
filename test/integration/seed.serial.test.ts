/** The demo tenant `npm start` seeds: every screen of the showroom day has realistic data to show. */
import { addDays, localDate } from "@dealeros/core";
import { type Db, type PlanFields, plan, stores } from "@dealeros/db";
import { retention } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from "../../functions/local/seed.ts";
import { Client, freshTable } from "../support/api.ts";

describe("demo seed", { timeout: 240_000 }, () => {
  const manager = new Client("manager");
  const consultant = new Client("li.na");
  let store: string;
  let db: Db;

  beforeAll(async () => {
    db = await freshTable();
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
    // yesterday's check: today's walk-ins depend on the hour of the run (none just after midnight)
    const today: string = (await manager.get(`/api/stores/${store}/reports?period=day`)).body.today;
    const eod = await manager.get(`/api/stores/${store}/end-of-day?date=${addDays(today, -1)}`);
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

  it("has roadside calls of two months (one open), repeat buyers and referred cards (issue 7, H3)", async () => {
    const advisor = new Client("service");
    await advisor.post("/api/session", { email: `service@${DEMO_DOMAIN}`, password: DEMO_PASSWORD });
    const board = (await advisor.get(`/api/stores/${store}/roadside`)).body;
    expect(board.open.length).toBe(1);
    expect(board.figures.dispatch.n).toBeGreaterThan(0);
    const repeat = await manager.get(`/api/stores/${store}/customers?repeat=1`);
    expect(repeat.body.items.length).toBeGreaterThan(0);
    const report = (await manager.get(`/api/stores/${store}/reports?period=month`)).body;
    expect(report.referrals.referred).toBeGreaterThanOrEqual(1);
  });

  it("has a past event with attendance and an upcoming one with invitations (issue 7, H4)", async () => {
    const r = await manager.get(`/api/stores/${store}/events`);
    expect(r.status).toBe(200);
    expect(r.body.events).toHaveLength(2);
    const [coming, past] = r.body.events;
    expect(past).toMatchObject({ invited: 20, accepted: 12, declined: 4, attended: 9, noShow: 3, attendedRate: 45 });
    expect(coming.invited).toBe(25);
    expect(coming.accepted).toBe(4);
    expect(r.body.totals.invited).toBe(45);
    // an invited customer's 360 lists the invitation with its outcome
    const ev = (await manager.get(`/api/stores/${store}/events/${past.eventId}`)).body;
    const attended = ev.invitations.find((i: { status: string }) => i.status === "attended");
    const c360 = (await manager.get(`/api/stores/${store}/customers/${attended.customerId}`)).body;
    expect(c360.history).toContainEqual(
      expect.objectContaining({ kind: "event", id: past.eventId, status: "attended", title: past.title }),
    );
  });

  it("put retention reminders in today's plans, and a second run of the day writes nothing (issue 7, H4)", async () => {
    const me = (await manager.get("/api/me")).body.user;
    const s = (await stores.getStore(db, me.tenantId, store))!;
    const today = localDate(new Date(), s.timeZone);
    const day = await plan.storeDayPlan<PlanFields & { occasion?: string }>(db, me.tenantId, store, today);
    const reminders = day.filter((i) => i.kind === "retention");
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.some((i) => i.occasion === "loan_end")).toBe(true);
    const again = await retention.retentionJob(s, today, { db });
    expect(again.tasksWritten).toBe(0);
  });
});

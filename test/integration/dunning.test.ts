/**
 * The dunning job (催款) against DynamoDB Local with an injected clock: Mondays
 * and Thursdays before the due date, every day from it on, escalation to the
 * sales manager after N ignored reminders, a payment starting the count again,
 * idempotent per contract and day (a second run writes nothing), reminders
 * logged on the contract, tasks in the consultant's plan, tasks of paid
 * contracts settled, the store's local day deciding, other tenants untouched.
 */
import { addDays } from "@dealeros/core";
import { type Contract, type Db, deals, delivery, keys, withDbStats } from "@dealeros/db";
import { dunning } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { dispatch } from "../../functions/jobs/run.ts";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";
import { makeContract, pay } from "../support/delivery-fixtures.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

let db: Db;
let t: Tenant;
let other: Tenant;
let tenantId: string;
let base: string;
/** balance due Wednesday 2026-12-09, deposit paid */
let dueLater: Contract;
/** overdue since 2026-11-25 */
let overdue: Contract;
/** paid in full: never reminded */
let paid: Contract;
/** the other tenant's overdue contract */
let theirs: Contract;

/** 09:00 in Shanghai on a date */
const nineAm = (date: string) => new Date(`${date}T01:00:00.000Z`);

let mobiles = 0;
async function contractOf(T: Tenant, expectedDeliveryDate: string, paidFen = 20_000_00, store = T.store) {
  const owner = T.consultants[0]!;
  const r = await owner.client.post(`/api/stores/${store.storeId}/prospects`, {
    name: `催款客户${mobiles}`,
    mobile: `1370000${String(mobiles++).padStart(4, "0")}`,
    source: "walk_in",
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return makeContract(db, {
    tenantId: T.receptionist.user.tenantId,
    storeId: store.storeId,
    prospectId: r.body.prospect.prospectId,
    customerName: r.body.prospect.name,
    consultant: { userId: owner.user.userId, name: owner.user.name },
    signedDate: "2026-11-20",
    expectedDeliveryDate,
    paidFen,
  });
}

const partition = (c: Contract) => keys.contractPartition(c.tenantId, c.contractId);
const itemsOf = async (c: Contract) => (await allItems(db)).filter((i) => i.PK === partition(c));
const remindersOf = async (c: Contract) => (await delivery.getDeliveryRecord(db, c.tenantId, c.contractId)).reminders;

beforeAll(async () => {
  db = await freshTable();
  [t, other] = await Promise.all([setupTenant({ consultants: 1 }), setupTenant({ consultants: 1 })]);
  tenantId = t.receptionist.user.tenantId;
  base = `/api/stores/${t.store.storeId}`;
  dueLater = await contractOf(t, "2026-12-09");
  overdue = await contractOf(t, "2026-11-25");
  paid = await contractOf(t, "2026-11-25", 219_900_00);
  theirs = await contractOf(other, "2026-11-25");
});

describe("the dunning cadence over two weeks", () => {
  const reports: Record<string, dunning.DunningReport> = {};
  let theirsBefore: Record<string, unknown>[];

  beforeAll(async () => {
    theirsBefore = await itemsOf(theirs);
    for (let d = "2026-11-30"; d <= "2026-12-13"; d = addDays(d, 1)) {
      // the overdue customer pays ¥10,000 on the morning of Saturday 12-05
      if (d === "2026-12-05") overdue = await pay(db, overdue, 10_000_00, "2026-12-05T00:30:00.000Z");
      reports[d] = await dunning.dunningJob(t.store, d, { db, now: nineAm(d) });
      // running again the same day writes nothing
      const before = await allItems(db);
      const again = await withDbStats(() => dunning.dunningJob(t.store, d, { db, now: nineAm(d) }));
      expect(again.result).toMatchObject({ reminded: 0, escalated: 0, settled: 0 });
      expect(again.stats.operations.filter((o) => !["GetItem", "Query"].includes(o))).toEqual([]);
      // deal settings, one receivables page, the open dunning tasks
      expect(again.stats.calls).toBe(3);
      expect(await allItems(db)).toEqual(before);
    }
  });

  it("before the due date: Mondays and Thursdays; from the due date: every day", async () => {
    const r = await remindersOf(dueLater);
    expect(r.map((x) => `${x.date} ${x.phase} ${x.dueKind} ${x.dueDate}`)).toEqual([
      "2026-11-30 before_due balance 2026-12-09",
      "2026-12-03 before_due balance 2026-12-09",
      "2026-12-07 before_due balance 2026-12-09",
      "2026-12-09 overdue balance 2026-12-09",
      "2026-12-10 overdue balance 2026-12-09",
      "2026-12-11 overdue balance 2026-12-09",
      "2026-12-12 overdue balance 2026-12-09",
      "2026-12-13 overdue balance 2026-12-09",
    ]);
    expect(r[0]).toMatchObject({ openFen: 199_900_00, toUserId: t.consultants[0]!.user.userId });
    expect(reports["2026-12-01"]).toMatchObject({ receivables: 2, notToday: 1, reminded: 1, escalated: 0, emails: 1 });
    expect(reports["2026-12-09"]).toMatchObject({ receivables: 2, reminded: 2, escalated: 1, emails: 2 });
    expect((await remindersOf(paid)).length).toBe(0);
  });

  it("escalates to the sales manager after N = 3 ignored reminders, once", async () => {
    const r = await remindersOf(dueLater);
    expect(r.map((x) => (x.escalatedTo ? x.date : null)).filter(Boolean)).toEqual(["2026-12-09"]);
    expect(r[3]!.escalatedTo).toEqual(["Manager"]);
    const c = (await deals.getContract(db, tenantId, dueLater.contractId))!;
    expect(c.dunning).toMatchObject({
      lastRemindedOn: "2026-12-13",
      reminders: 8,
      ignored: 8,
      escalatedAt: nineAm("2026-12-09").toISOString(),
    });
    const rec = await delivery.getDeliveryRecord(db, tenantId, dueLater.contractId);
    // one task per person, rewritten by each reminder: the consultant's of the last day, the manager's of the escalation
    expect(rec.dunningTasks.map((x) => [x.ownerName, x.date, x.escalation, x.status]).sort()).toEqual([
      ["Consultant 1", "2026-12-13", false, "open"],
      ["Manager", "2026-12-09", true, "open"],
    ]);
    expect(rec.audit.filter((a) => a.action === "dunning.escalated")).toHaveLength(1);
    expect(rec.audit.filter((a) => a.action === "dunning.reminded")).toHaveLength(7);
  });

  it("a payment starts the count again: the next escalation comes after N more ignored reminders", async () => {
    const r = await remindersOf(overdue);
    // daily from the first run (overdue since 11-25)
    expect(r.map((x) => x.date)).toEqual(Array.from({ length: 14 }, (_, i) => addDays("2026-11-30", i)));
    expect(r.filter((x) => x.escalatedTo).map((x) => x.date)).toEqual(["2026-12-03", "2026-12-08"]);
    // after the payment the open amount is smaller
    expect(r.find((x) => x.date === "2026-12-05")!.openFen).toBe(r[0]!.openFen - 10_000_00);
    const c = (await deals.getContract(db, tenantId, overdue.contractId))!;
    expect(c.dunning).toMatchObject({ reminders: 14, ignored: 9, paidFen: 30_000_00 });
  });

  it("puts the reminder in the consultant's plan; done once; bad input and other tenants write nothing", async () => {
    const consultant = t.consultants[0]!.client;
    const plan = await consultant.get(`${base}/plan?date=2026-12-13`);
    expect(plan.body.items).toContainEqual(
      expect.objectContaining({ kind: "dunning", contractId: dueLater.contractId, status: "open" }),
    );
    const done = `${base}/contracts/${dueLater.contractId}/dunning-task/done`;
    const before = await allItems(db);
    expect((await consultant.post(done, { note: 42 })).status).toBe(400);
    expect((await consultant.post(done, { called: true })).status).toBe(400);
    expect((await other.admin.post(done, {})).status).toBe(404);
    expect(
      (
        await other.admin.post(
          `/api/stores/${other.store.storeId}/contracts/${dueLater.contractId}/dunning-task/done`,
          {},
        )
      ).status,
    ).toBe(404);
    expect(await allItems(db)).toEqual(before);
    const r = await consultant.post(done, { note: "客户答应周五付款" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.task).toMatchObject({ status: "done", outcome: "done", note: "客户答应周五付款" });
    expect((await consultant.post(done, {})).status).toBe(409);
    // the escalated manager has his own task on it
    const m = await t.manager.client.get(`${base}/plan?date=2026-12-09&owner=${t.manager.user.userId}`);
    expect(m.body.items).toContainEqual(
      expect.objectContaining({ kind: "dunning", contractId: dueLater.contractId, ownerName: "Manager" }),
    );
  });

  it("leaves another tenant's contracts untouched", async () => {
    expect(await itemsOf(theirs)).toEqual(theirsBefore);
    expect((await deals.getContract(db, theirs.tenantId, theirs.contractId))!.dunning).toBeUndefined();
  });

  it("a contract paid in full leaves the receivables; its open tasks are settled by the next run", async () => {
    await pay(db, dueLater, 199_900_00, "2026-12-14T00:10:00.000Z");
    const report = await dunning.dunningJob(t.store, "2026-12-14", { db, now: nineAm("2026-12-14") });
    expect(report).toMatchObject({ receivables: 1, reminded: 1, settled: 1 });
    const rec = await delivery.getDeliveryRecord(db, tenantId, dueLater.contractId);
    expect(rec.reminders.map((x) => x.date)).not.toContain("2026-12-14");
    expect(rec.dunningTasks.find((x) => x.ownerName === "Manager")).toMatchObject({
      status: "done",
      outcome: "settled",
    });
    const again = await dunning.dunningJob(t.store, "2026-12-14", { db, now: nineAm("2026-12-14") });
    expect(again).toMatchObject({ reminded: 0, settled: 0 });
  });
});

describe("the store's local day decides", () => {
  it("09:00 Monday in Shanghai is Sunday evening in Los Angeles: each store is reminded at its own 09:00", async () => {
    const la = (
      await t.admin.post("/api/stores", {
        ...STORE_INPUT,
        name: "洛杉矶店",
        city: "Los Angeles",
        timeZone: "America/Los_Angeles",
      })
    ).body.store;
    const email = uniqueEmail("la-consultant");
    const inv = await t.admin.post("/api/invitations", { email, roles: ["sales_consultant"], storeIds: [la.storeId] });
    expect(inv.status).toBe(201);
    const laConsultant = new Client("LA");
    const joined = await laConsultant.post(`/api/invitations/${inv.body.token}/accept`, {
      name: "Consultant LA",
      password: PASSWORD,
    });
    expect(joined.status).toBe(201);
    const laContract = await contractOf(
      { ...t, consultants: [{ client: laConsultant, user: joined.body.user, email }] },
      "2027-03-10",
      20_000_00,
      la,
    );
    const shContract = await contractOf(t, "2027-03-10");
    // Monday 2027-03-08 09:00 in Shanghai = Sunday 17:00 in Los Angeles (PST, UTC−8)
    const sh = await dispatch("dunning", new Date("2027-03-08T01:00:00.000Z"));
    expect(sh.ran).toContainEqual({ tenantId, storeId: t.store.storeId, period: "2027-03-08" });
    expect(sh.ran.map((r) => r.storeId)).not.toContain(la.storeId);
    expect((await remindersOf(shContract)).map((r) => r.date)).toEqual(["2027-03-08"]);
    expect(await remindersOf(laContract)).toEqual([]);
    // Monday 09:00 in Los Angeles = Monday 17:00 UTC
    const laRun = await dispatch("dunning", new Date("2027-03-08T17:00:00.000Z"));
    expect(laRun.ran).toEqual([{ tenantId, storeId: la.storeId, period: "2027-03-08" }]);
    expect((await remindersOf(laContract)).map((r) => `${r.date} ${r.phase}`)).toEqual(["2027-03-08 before_due"]);
  });
});

/**
 * Targets (rule 15) and commissions (rule 18) against DynamoDB Local: the
 * decomposition saved and hand-edited (versioned, audited), progress from day
 * statistics, the commissions job (idempotent, never touching a locked month),
 * review with adjustments and lock, a consultant seeing only his own
 * statement, bad input writing nothing, and cross-tenant 404s.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, localDate, mondayOf, ROSTER_DAYS } from "@dealeros/core";
import { attendance, type DayStats, type Db, keys, type SalesDetailLine, stats } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { runForPeriod } from "../../functions/jobs/run.ts";
import { allItems, Client, freshTable, PASSWORD, setupTenant, type Tenant, uniqueEmail } from "../support/api.ts";

let db: Db;
let a: Tenant;
let b: Tenant;
let admin: Client;
let base: string;
let c1: string;
let c2: string;
const zone = "Asia/Shanghai";
const today = localDate(new Date(), zone);
const year = Number(today.slice(0, 4));
const thisMonth = today.slice(0, 7);
const lastMonth = (() => {
  const [y, m] = thisMonth.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
})();

async function join(t: Tenant, name: string, roles: string[]) {
  const email = uniqueEmail(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  const inv = await t.admin.post("/api/invitations", { email, roles, storeIds: [t.store.storeId] });
  const c = new Client(name);
  const acc = await c.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
  expect(acc.status).toBe(201);
  return { client: c, user: acc.body.user };
}

const counts = (over: Partial<typeof stats.ZERO_COUNTS> = {}) => ({ ...stats.ZERO_COUNTS, ...over });

function dayStats(date: string, detail: SalesDetailLine[], over: Partial<DayStats> = {}): DayStats {
  const byConsultant: DayStats["byConsultant"] = {};
  for (const l of detail) {
    const c = byConsultant[l.consultantId] ?? { ...counts(), name: l.consultantName };
    if (l.kind === "delivery") c.deliveries += 1;
    else c.orders += 1;
    byConsultant[l.consultantId] = c;
  }
  return {
    ...counts({
      deliveries: detail.filter((l) => l.kind === "delivery").length,
      orders: detail.filter((l) => l.kind === "order").length,
    }),
    tenantId: a.store.tenantId,
    storeId: a.store.storeId,
    date,
    firstVisits: 0,
    returnVisits: 0,
    byConsultant,
    bySource: {},
    byBrand: {},
    lostReasons: {},
    complaints: 0,
    complaintsHandledIn12h: 0,
    detail,
    generatedAt: new Date().toISOString(),
    ...over,
  };
}

const line = (kind: "order" | "delivery", contractId: string, consultantId: string, name: string): SalesDetailLine => ({
  kind,
  contractId,
  contractNo: `HT-${contractId}`,
  consultantId,
  consultantName: name,
  customerName: "王先生",
  brand: "FAW-Volkswagen",
  model: "TIGUAN",
  trim: "TOP",
  colour: "白",
  amountFen: 25_000_000,
});

async function putContract(contractId: string, consultantId: string, name: string, over: Record<string, unknown>) {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.contract(a.store.tenantId, contractId),
        type: "Contract",
        tenantId: a.store.tenantId,
        storeId: a.store.storeId,
        contractId,
        contractNo: `HT-${contractId}`,
        customerName: "王先生",
        consultantId,
        consultantName: name,
        vehicle: {
          brand: "FAW-Volkswagen",
          modelCode: "TIGUAN",
          modelName: "途观L",
          trimCode: "TOP",
          trimName: "旗舰版",
        },
        totals: { accessoriesFen: 0, insuranceFen: 0, loanFen: 0 },
        state: "delivered",
        ...over,
      },
    }),
  );
}

const commissionItems = async () =>
  (await allItems(db))
    .filter((i) => String(i.PK).includes("#COMMISSIONS#"))
    .sort((x, y) => `${x.PK}${x.SK}`.localeCompare(`${y.PK}${y.SK}`));

beforeAll(async () => {
  db = await freshTable();
  a = await setupTenant({ consultants: 2 });
  b = await setupTenant({ consultants: 1, groupName: "Other Group" });
  admin = (await join(a, "Sales Admin", ["sales_admin"])).client;
  base = `/api/stores/${a.store.storeId}`;
  c1 = a.consultants[0]!.user.userId;
  c2 = a.consultants[1]!.user.userId;
});

describe("targets", () => {
  it("starts empty with the store's consultants on the leaderboard, in a few calls", async () => {
    const r = await a.consultants[0]!.client.get(`${base}/targets?year=${year}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.targets).toMatchObject({ year, brand: "*", target: null, version: 0, canEdit: false });
    expect(r.body.targets.brands).toEqual(["*", "FAW-Volkswagen"]);
    expect(r.body.targets.leaderboard.map((x: any) => x.name).sort()).toEqual(["Consultant 1", "Consultant 2"]);
    // session+store, targets Query, day statistics Query, staff list
    expect(r.dbCalls).toBeLessThanOrEqual(4);
  });

  it("a consultant cannot set a target; bad input is rejected field by field and writes nothing", async () => {
    const good = { year, brand: "*", annualUnits: 120, shares: [{ userId: c1, share: 60 }], version: 0 };
    expect((await a.consultants[0]!.client.put(`${base}/targets`, good)).status).toBe(403);
    const bad = await admin.put(`${base}/targets`, { ...good, annualUnits: -3, weights: [1], extra: 1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(["annualUnits", "weights"]));
    const brand = await admin.put(`${base}/targets`, { ...good, brand: "Tesla" });
    expect(brand.status).toBe(422);
    const stranger = await admin.put(`${base}/targets`, {
      ...good,
      shares: [{ userId: b.consultants[0]!.user.userId, share: 1 }],
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.fields.shares).toMatch(/Not a consultant/);
    expect((await admin.get(`${base}/targets?year=${year}`)).body.targets.version).toBe(0);
    const items = (await allItems(db)).filter((i) => String(i.PK).endsWith("#TARGETS"));
    expect(items).toEqual([]);
  });

  it("the sales admin sets the annual target: months and consultants add up exactly; stale → 409", async () => {
    const r = await admin.put(`${base}/targets`, {
      year,
      brand: "*",
      annualUnits: 125,
      weights: [1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2],
      shares: [
        { userId: c1, share: 2 },
        { userId: c2, share: 1 },
      ],
      version: 0,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const t = r.body.target;
    expect(t.version).toBe(1);
    expect(t.months.reduce((x: number, y: number) => x + y, 0)).toBe(125);
    for (let m = 0; m < 12; m++) expect(t.consultants[c1].months[m] + t.consultants[c2].months[m]).toBe(t.months[m]);
    const again = await a.manager.client.put(`${base}/targets`, {
      year,
      brand: "*",
      annualUnits: 10,
      shares: [],
      version: 0,
    });
    expect(again.status).toBe(409);
    const view = (await a.consultants[1]!.client.get(`${base}/targets?year=${year}`)).body.targets;
    expect(view.target.annualUnits).toBe(125);
    expect(view.quarters.reduce((x: number, y: number) => x + y, 0)).toBe(125);
    expect(view.history).toHaveLength(1);
    expect(view.history[0]).toMatchObject({ action: "target.set", byName: "Sales Admin" });
  });

  it("a month's consultant split is edited by hand; it must add up to the month", async () => {
    const before = (await admin.get(`${base}/targets?year=${year}`)).body.targets;
    const m = 12;
    const units = before.target.months[m - 1];
    const wrong = await admin.put(`${base}/targets/month`, {
      year,
      brand: "*",
      month: m,
      consultants: { [c1]: units, [c2]: 1 },
      version: 1,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/add up to/);
    const r = await admin.put(`${base}/targets/month`, {
      year,
      brand: "*",
      month: m,
      consultants: { [c1]: units - 1, [c2]: 1 },
      version: 1,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.target.consultants[c2].months[m - 1]).toBe(1);
    expect(r.body.target.version).toBe(2);
    const stale = await admin.put(`${base}/targets/month`, {
      year,
      brand: "*",
      month: m,
      consultants: { [c1]: units, [c2]: 0 },
      version: 1,
    });
    expect(stale.status).toBe(409);
    const view = (await admin.get(`${base}/targets?year=${year}`)).body.targets;
    expect(view.history.map((h: any) => h.action)).toEqual(["target.set", "target.month_split"]);
  });

  it("shows progress and the leaderboard from day statistics", async () => {
    const monthStart = `${thisMonth}-01`;
    await stats.putDayStats(
      db,
      dayStats(monthStart, [
        line("delivery", "P1", c1, "Consultant 1"),
        line("delivery", "P2", c1, "Consultant 1"),
        line("order", "P3", c2, "Consultant 2"),
      ]),
    );
    const r = await a.consultants[0]!.client.get(`${base}/targets?year=${year}`);
    const v = r.body.targets;
    expect(v.progress.month).toMatchObject({ period: thisMonth, deliveries: 2, orders: 1 });
    expect(v.progress.year.deliveries).toBeGreaterThanOrEqual(2);
    expect(v.progress.month.target).toBe(v.target.months[v.asOfMonth - 1]);
    expect(v.leaderboard[0]).toMatchObject({ userId: c1, monthDeliveries: 2 });
    expect(r.dbCalls).toBeLessThanOrEqual(4);
  });

  it("another tenant's store is not found", async () => {
    expect((await b.admin.get(`${base}/targets`)).status).toBe(404);
    expect(
      (await b.admin.put(`${base}/targets`, { year, brand: "*", annualUnits: 1, shares: [], version: 2 })).status,
    ).toBe(404);
    expect(
      (
        await b.admin.put(`${base}/targets/month`, {
          year,
          brand: "*",
          month: 1,
          consultants: {},
          version: 2,
        })
      ).status,
    ).toBe(404);
  });
});

describe("commissions", () => {
  const [ly, lm] = lastMonth.split("-").map(Number) as [number, number];

  beforeAll(async () => {
    // the month target of last month: c1 gets 2 units (so he earns the bonus with 2 deliveries)
    const current = (await admin.get(`${base}/targets?year=${ly}`)).body.targets;
    const months = Array(12).fill(0);
    months[lm - 1] = 3;
    const set = await admin.put(`${base}/targets`, {
      year: ly,
      brand: "*",
      annualUnits: 3,
      weights: months.map((x) => (x ? 1 : 0)),
      shares: [
        { userId: c1, share: 2 },
        { userId: c2, share: 1 },
      ],
      version: current.version,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // three deliveries last month (c1: two, one with accessories, insurance and a loan; c2: one), one order
    await putContract("K1", c1, "Consultant 1", {
      totals: { accessoriesFen: 1_000_000, insuranceFen: 600_000, loanFen: 10_000_000 },
    });
    await putContract("K2", c1, "Consultant 1", {});
    await putContract("K3", c2, "Consultant 2", { totals: { accessoriesFen: 200_000, insuranceFen: 0, loanFen: 0 } });
    await stats.putDayStats(
      db,
      dayStats(`${lastMonth}-03`, [
        line("delivery", "K1", c1, "Consultant 1"),
        line("order", "K9", c2, "Consultant 2"),
      ]),
    );
    await stats.putDayStats(
      db,
      dayStats(`${lastMonth}-10`, [
        line("delivery", "K2", c1, "Consultant 1"),
        line("delivery", "K3", c2, "Consultant 2"),
      ]),
    );
    // c2 rostered on the 5th and the 6th, signs in only on the 6th, late
    const fifth = `${lastMonth}-05`;
    const weekStart = mondayOf(fifth);
    const days: Record<string, { start: string; end: string }[]> = {};
    ROSTER_DAYS.forEach((d, i) => {
      const date = addDays(weekStart, i);
      if (date === fifth || date === addDays(fifth, 1)) days[d] = [{ start: "09:00", end: "18:00" }];
    });
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.roster(a.store.tenantId, a.store.storeId, weekStart),
          type: "Roster",
          tenantId: a.store.tenantId,
          storeId: a.store.storeId,
          weekStart,
          lines: [{ userId: c2, days }],
          version: 1,
        },
      }),
    );
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: attendance.attendanceRecordItem({
          tenantId: a.store.tenantId,
          storeId: a.store.storeId,
          date: addDays(fifth, 1),
          recordId: "01J00000000000000000000001",
          userId: c2,
          name: "Consultant 2",
          kind: "sign_in",
          at: `${addDays(fifth, 1)}T01:40:00.000Z`,
          rostered: true,
          late: true,
          lateMinutes: 40,
          onBehalf: false,
          recordedAt: `${addDays(fifth, 1)}T01:40:00.000Z`,
          recordedBy: c2,
          recordedByName: "Consultant 2",
        }),
      }),
    );
  });

  it("rules: defaults, only the sales admin changes them, bad input → 400, stale → 409", async () => {
    const r = await admin.get("/api/settings/commissions");
    expect(r.status).toBe(200);
    expect(r.body.rules.version).toBe(0);
    const rules = {
      defaultPerUnitFen: 30_000,
      unitRates: [{ brand: "FAW-Volkswagen", modelCode: "TIGUAN", trimCode: "TOP", amountFen: 80_000 }],
      accessoryRateBp: 500,
      insuranceRateBp: 1000,
      financePerLoanFen: 20_000,
      targetBonusFen: 100_000,
      absenceDeductionFen: 10_000,
      lateDeductionFen: 5_000,
      version: 0,
    };
    expect((await a.consultants[0]!.client.put("/api/settings/commissions", rules)).status).toBe(403);
    const bad = await admin.put("/api/settings/commissions", { ...rules, accessoryRateBp: 50_000 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.accessoryRateBp).toBeTruthy();
    expect((await admin.get("/api/settings/commissions")).body.rules.version).toBe(0);
    const saved = await admin.put("/api/settings/commissions", rules);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.rules.version).toBe(1);
    expect((await admin.put("/api/settings/commissions", rules)).status).toBe(409);
  });

  it("the job computes last month's statements; running it twice gives the same items", async () => {
    const first = await runForPeriod("commissions", lastMonth, a.store.storeId);
    expect(first.failed).toEqual([]);
    const after1 = await commissionItems();
    expect(after1.filter((i) => String(i.SK).startsWith("STATEMENT#"))).toHaveLength(2);
    const second = await runForPeriod("commissions", lastMonth, a.store.storeId);
    expect(second.failed).toEqual([]);
    expect(await commissionItems()).toEqual(after1);
  });

  it("the sales admin reads the month in one Query; the figures follow the rules", async () => {
    const r = await admin.get(`${base}/commissions/${lastMonth}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.dbCalls).toBeLessThanOrEqual(2);
    const m = r.body.month;
    expect(m).toMatchObject({ state: "draft", canReview: true, closed: true });
    const s1 = m.statements.find((s: any) => s.userId === c1);
    const s2 = m.statements.find((s: any) => s.userId === c2);
    // c1: 2 × 800 (TIGUAN TOP) + 5 % of 10,000 + 10 % of 6,000 + 1 loan × 200 + bonus 1,000 (2 of 2)
    expect(s1.units).toBe(2);
    expect(s1.targetUnits).toBe(2);
    expect(s1.lines.map((l: any) => l.kind)).toEqual(["unit", "unit", "accessories", "insurance", "finance", "bonus"]);
    expect(s1.totalFen).toBe(160_000 + 50_000 + 60_000 + 20_000 + 100_000);
    // c2: 1 × 800 + 5 % of 2,000; no bonus (target 1, reached: yes → bonus); one absent day, one late sign-in
    expect(s2).toMatchObject({ units: 1, targetUnits: 1, absentDays: 1, lateSignIns: 1 });
    expect(s2.totalFen).toBe(80_000 + 10_000 + 100_000 - 10_000 - 5_000);
    expect(m.totalFen).toBe(s1.totalFen + s2.totalFen);
  });

  it("a consultant sees his own statement only; someone else's is not found", async () => {
    const own = await a.consultants[0]!.client.get(`${base}/commissions/${lastMonth}/statements/${c1}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ state: "draft", canReview: false });
    expect(own.body.statement.userId).toBe(c1);
    expect((await a.consultants[0]!.client.get(`${base}/commissions/${lastMonth}/statements/${c2}`)).status).toBe(404);
    expect((await a.consultants[0]!.client.get(`${base}/commissions/${lastMonth}`)).status).toBe(403);
    const mine = await a.consultants[1]!.client.get(`${base}/my/commissions`);
    expect(mine.status).toBe(200);
    expect(mine.body.statements.map((s: any) => [s.userId, s.month])).toEqual([[c2, lastMonth]]);
    expect(mine.dbCalls).toBeLessThanOrEqual(2);
  });

  it("an adjustment needs a reason and the current version; it is audited and survives a recompute", async () => {
    const path = `${base}/commissions/${lastMonth}/statements/${c1}`;
    const s = (await admin.get(path)).body.statement;
    expect(
      (await a.consultants[0]!.client.post(`${path}/adjustments`, { amountFen: 100, reason: "x", version: s.version }))
        .status,
    ).toBe(404);
    const before = await commissionItems();
    const bad = await admin.post(`${path}/adjustments`, { amountFen: 0, reason: "", version: s.version });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["amountFen", "reason"]);
    expect(
      (await admin.post(`${path}/adjustments`, { amountFen: -5000, reason: "x", version: s.version + 5 })).status,
    ).toBe(409);
    expect(await commissionItems()).toEqual(before);
    const r = await admin.post(`${path}/adjustments`, {
      amountFen: -12_300,
      reason: "客户投诉扣款",
      version: s.version,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.statement.totalFen).toBe(s.totalFen - 12_300);
    await runForPeriod("commissions", lastMonth, a.store.storeId);
    const after = (await admin.get(path)).body.statement;
    expect(after.totalFen).toBe(s.totalFen - 12_300);
    expect(after.lines.at(-1)).toMatchObject({ kind: "adjustment", label: "客户投诉扣款", amountFen: -12_300 });
    const month = (await admin.get(`${base}/commissions/${lastMonth}`)).body.month;
    expect(month.history.map((h: any) => h.action)).toEqual(["commission.adjusted"]);
    expect(month.history[0]).toMatchObject({
      byName: "Sales Admin",
      detail: { reason: "客户投诉扣款", amountFen: -12_300 },
    });
  });

  it("locking: stale → 409; locked months are never changed by the job, adjustments or a recompute", async () => {
    const m = (await admin.get(`${base}/commissions/${lastMonth}`)).body.month;
    expect(
      (await a.consultants[0]!.client.post(`${base}/commissions/${lastMonth}/lock`, { version: m.version })).status,
    ).toBe(403);
    expect((await admin.post(`${base}/commissions/${lastMonth}/lock`, { version: m.version + 1 })).status).toBe(409);
    const r = await admin.post(`${base}/commissions/${lastMonth}/lock`, { version: m.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.month).toMatchObject({ state: "locked", lockedByName: "Sales Admin" });
    const locked = await commissionItems();
    // more deliveries appear for the month afterwards: the locked month does not move
    await putContract("K4", c2, "Consultant 2", {});
    await stats.putDayStats(db, dayStats(`${lastMonth}-20`, [line("delivery", "K4", c2, "Consultant 2")]));
    const job = await runForPeriod("commissions", lastMonth, a.store.storeId);
    expect(job.failed).toEqual([]);
    expect(await commissionItems()).toEqual(locked);
    expect((await admin.post(`${base}/commissions/${lastMonth}/compute`)).status).toBe(409);
    const s = (await admin.get(`${base}/commissions/${lastMonth}/statements/${c2}`)).body.statement;
    const adj = await admin.post(`${base}/commissions/${lastMonth}/statements/${c2}/adjustments`, {
      amountFen: 100,
      reason: "late fix",
      version: s.version,
    });
    expect(adj.status).toBe(409);
    expect(adj.body.error.message).toMatch(/locked/);
    expect(await commissionItems()).toEqual(locked);
  });

  it("the current month cannot be computed yet; a bad month is a 400", async () => {
    expect((await admin.post(`${base}/commissions/${thisMonth}/compute`)).status).toBe(422);
    expect((await admin.get(`${base}/commissions/2026-13`)).status).toBe(400);
  });

  it("another tenant gets 404 for every commission endpoint of the store", async () => {
    const other = b.admin;
    expect((await other.get(`${base}/commissions/${lastMonth}`)).status).toBe(404);
    expect((await other.get(`${base}/commissions/${lastMonth}/statements/${c1}`)).status).toBe(404);
    expect((await other.get(`${base}/my/commissions`)).status).toBe(404);
    expect((await other.post(`${base}/commissions/${lastMonth}/lock`, { version: 1 })).status).toBe(404);
    expect((await other.post(`${base}/commissions/${lastMonth}/compute`)).status).toBe(404);
    expect(
      (
        await other.post(`${base}/commissions/${lastMonth}/statements/${c1}/adjustments`, {
          amountFen: 1,
          reason: "x",
          version: 1,
        })
      ).status,
    ).toBe(404);
    // and B's rules are B's own
    expect((await other.get("/api/settings/commissions")).body.rules.version).toBe(0);
  });
});

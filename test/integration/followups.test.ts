/**
 * Follow-ups and the daily plan (brief rules 6 and 7): completing a follow-up
 * schedules the next one; the follow-up job makes tasks and flags overdue work,
 * idempotently; the rotation skips consultants with too many overdue follow-ups;
 * the plan shows a consultant his day and a supervisor everyone's completion.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, followUpDueAt, localDate } from "@dealeros/core";
import { type Db, keys, showroom } from "@dealeros/db";
import { followUpJob } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { runForPeriod } from "../../functions/jobs/run.ts";
import { allItems, Client, freshTable, setupTenant } from "../support/api.ts";
import { runAtStoreTime } from "../support/clock.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
const TZ = "Asia/Shanghai";
const today = () => localDate(new Date(), TZ);

// "due in 10 minutes" must stay inside the store's day whenever the run happens
runAtStoreTime("11:00", TZ);

let db: Db;
let t: Tenant;
let base: string;
let tenantId: string;
let mobileSeq = 0;
const nextMobile = () => `1391${String(process.pid % 1000).padStart(3, "0")}${String(mobileSeq++).padStart(4, "0")}`;

/** A graded card of a consultant (needs analysis saved: H = follow up daily). */
async function gradedCard(owner: Tenant["consultants"][number], name: string, timing = "within_7_days") {
  const c = await owner.client.post(`${base}/prospects`, { name, mobile: nextMobile(), source: "walk_in" });
  expect(c.status).toBe(201);
  const n = await owner.client.put(`${base}/prospects/${c.body.prospect.prospectId}/needs`, {
    version: 1,
    purchaseTiming: timing,
  });
  expect(n.status).toBe(200);
  return n.body.prospect;
}

/** Move a card's next follow-up (as if it had been scheduled long ago), index included. */
async function setDue(prospectId: string, dueAt: string) {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.prospect(tenantId, prospectId),
      UpdateExpression: "SET nextFollowUpAt = :d, GSI3SK = :sk",
      ExpressionAttributeValues: { ":d": dueAt, ":sk": `${dueAt}#${prospectId}` },
    }),
  );
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const runJob = (tenant: Tenant = t) => followUpJob.followUpJob(tenant.store, today(), { db });

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 3 });
  base = `/api/stores/${t.store.storeId}`;
  tenantId = t.receptionist.user.tenantId;
});

describe("completing a follow-up", () => {
  it("closes the open task, schedules the next one from the grade's cadence and shows on the card", async () => {
    const c1 = t.consultants[0]!;
    const card = await gradedCard(c1, "王先生");
    expect(card.grade).toBe("H");
    await setDue(card.prospectId, ago(90));
    const job = await runJob();
    expect(job.created).toBeGreaterThanOrEqual(1);
    expect(job.overdueByConsultant[c1.user.userId]).toBe(1);
    expect((await showroom.getFloor(db, tenantId, t.store.storeId, today())).overdueFollowUps).toMatchObject({
      [c1.user.userId]: 1,
    });

    const r = await c1.client.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
      version: card.version,
      channel: "call",
      outcome: "reached",
      note: "周末想来试驾",
      nextStep: "约试驾",
    });
    expect(r.status).toBe(201);
    const f = r.body.followUp;
    expect(f).toMatchObject({ channel: "call", outcome: "reached", byName: "Consultant 1", wasOverdue: true });
    // H: one store-local day later at the same local time
    expect(r.body.prospect.nextFollowUpAt).toBe(followUpDueAt("H", new Date(f.at), TZ));
    expect(f.nextFollowUpAt).toBe(r.body.prospect.nextFollowUpAt);
    expect(r.body.prospect.version).toBe(card.version + 1);

    const page = await c1.client.get(`${base}/prospects/${card.prospectId}`);
    expect(page.dbCalls).toBeLessThanOrEqual(2);
    expect(page.body.followUps).toHaveLength(1);
    expect(page.body.followUps[0]).toMatchObject({ note: "周末想来试驾", nextStep: "约试驾" });
    expect(page.body.audit.map((a: { action: string }) => a.action)).toContain("followup.completed");

    const work = await c1.client.get(`${base}/prospects/${card.prospectId}/follow-ups`);
    expect(work.status).toBe(200);
    expect(work.body.overdue).toBe(false);
    expect(work.body.work).toHaveLength(1);
    expect(work.body.work[0]).toMatchObject({ kind: "follow_up", status: "done", overdue: false });
    expect(work.body.work[0].doneAt).toBe(f.at);
    // the rotation sees one fewer overdue follow-up at once
    expect((await showroom.getFloor(db, tenantId, t.store.storeId, today())).overdueFollowUps[c1.user.userId]).toBe(0);
  });

  it("an unplanned follow-up lands in the day's plan as done; a B card comes back in 7 days", async () => {
    const c2 = t.consultants[1]!;
    const card = await gradedCard(c2, "赵女士", "within_30_days");
    expect(card.grade).toBe("B");
    const r = await c2.client.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
      version: card.version,
      channel: "message",
      outcome: "no_answer",
    });
    expect(r.status).toBe(201);
    expect(r.body.prospect.nextFollowUpAt).toBe(followUpDueAt("B", new Date(r.body.followUp.at), TZ));
    // due on the minute: 7 days later at the same local hh:mm
    const gap = Date.parse(r.body.prospect.nextFollowUpAt) - Date.parse(r.body.followUp.at);
    expect(gap).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(gap).toBeLessThanOrEqual(7 * 86_400_000);
    expect(r.body.prospect.nextFollowUpAt).toMatch(/:00\.000Z$/);
    const plan = await c2.client.get(`${base}/plan`);
    const mine = plan.body.items.filter((i: { prospectId?: string }) => i.prospectId === card.prospectId);
    expect(mine).toEqual([expect.objectContaining({ kind: "follow_up", status: "done", title: "赵女士" })]);
  });

  it("books an appointment that shows in the plan of its day; the receptionist records the arrival once", async () => {
    const c3 = t.consultants[2]!;
    const card = await gradedCard(c3, "孙先生", "within_15_days");
    const day = addDays(today(), 2);
    const r = await c3.client.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
      version: card.version,
      channel: "call",
      outcome: "appointment",
      appointmentAt: `${day}T10:30:00+08:00`,
      nextStep: "试驾探岳",
    });
    expect(r.status).toBe(201);
    const appt = r.body.appointment;
    expect(appt).toMatchObject({ kind: "appointment", status: "open", date: day, ownerId: c3.user.userId });
    expect(appt.dueAt).toBe(new Date(`${day}T10:30:00+08:00`).toISOString());
    const plan = await c3.client.get(`${base}/plan?date=${day}`);
    expect(plan.status).toBe(200);
    expect(plan.body.items).toEqual([
      expect.objectContaining({ kind: "appointment", id: appt.id, title: "孙先生", note: "试驾探岳" }),
    ]);
    const path = `${base}/prospects/${card.prospectId}/appointments/${appt.id}/outcome`;
    const done = await t.receptionist.client.post(path, { outcome: "arrived" });
    expect(done.status).toBe(200);
    expect(done.body.appointment).toMatchObject({ status: "done", outcome: "arrived" });
    expect((await t.receptionist.client.post(path, { outcome: "no_show" })).status).toBe(409);
    const after = await c3.client.get(`${base}/plan?date=${day}`);
    expect(after.body.figures).toMatchObject({ due: 1, done: 1, completionRate: 100 });
  });

  it("a stale form is a 409 and writes nothing", async () => {
    const c1 = t.consultants[0]!;
    const card = await gradedCard(c1, "钱先生");
    const ok = await c1.client.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
      version: card.version,
      channel: "visit",
      outcome: "reached",
    });
    expect(ok.status).toBe(201);
    const before = await allItems(db);
    const stale = await c1.client.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
      version: card.version,
      channel: "call",
      outcome: "reached",
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields.version).toBeDefined();
    expect(await allItems(db)).toEqual(before);
  });

  it("bad input is a 400 or 422 field by field, and writes nothing", async () => {
    const c1 = t.consultants[0]!;
    const card = await gradedCard(c1, "周女士");
    const url = `${base}/prospects/${card.prospectId}/follow-ups`;
    const before = await allItems(db);
    const missing = await c1.client.post(url, { version: card.version, outcome: "reached" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.channel).toBeDefined();
    const unknown = await c1.client.post(url, { version: card.version, channel: "call", outcome: "x", extra: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.outcome).toMatch(/reached/);
    const noTime = await c1.client.post(url, { version: card.version, channel: "call", outcome: "appointment" });
    expect(noTime.status).toBe(400);
    expect(noTime.body.error.fields.appointmentAt).toMatch(/agreed to come in/);
    const past = await c1.client.post(url, {
      version: card.version,
      channel: "call",
      outcome: "appointment",
      appointmentAt: ago(120),
    });
    expect(past.status).toBe(422);
    expect(past.body.error.fields.appointmentAt).toMatch(/already passed/);
    const far = await c1.client.post(url, {
      version: card.version,
      channel: "call",
      outcome: "appointment",
      appointmentAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
    });
    expect(far.status).toBe(422);
    const malformed = await c1.client.call("POST", url, undefined, { rawBody: "{nope" });
    expect(malformed.status).toBe(400);
    // the receptionist reads cards but does not record follow-ups; another consultant does not see the card
    const rec = await t.receptionist.client.post(url, { version: card.version, channel: "call", outcome: "reached" });
    expect(rec.status).toBe(403);
    const other = await t.consultants[1]!.client.post(url, {
      version: card.version,
      channel: "call",
      outcome: "reached",
    });
    expect(other.status).toBe(403);
    expect(await allItems(db)).toEqual(before);
  });

  it("a closed (lost) card gets its follow-up recorded but no next follow-up", async () => {
    const c2 = t.consultants[1]!;
    const card = await gradedCard(c2, "吴先生");
    const req = await c2.client.post(`${base}/prospects/${card.prospectId}/lost`, {
      version: card.version,
      reason: "price",
    });
    expect(req.status).toBe(200);
    const dec = await t.manager.client.post(`${base}/prospects/${card.prospectId}/lost/decision`, {
      version: req.body.prospect.version,
      approve: true,
    });
    expect(dec.status).toBe(200);
    const r = await c2.client.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
      version: dec.body.prospect.version,
      channel: "call",
      outcome: "not_interested",
    });
    expect(r.status).toBe(201);
    expect(r.body.prospect.nextFollowUpAt).toBeUndefined();
    expect(r.body.followUp.nextFollowUpAt).toBeUndefined();
    const item = (await allItems(db)).find(
      (i) => i.PK === keys.prospect(tenantId, card.prospectId).PK && i.SK === "META",
    );
    // out of the follow-up index (GSI3 now holds the store's lost cards, for the reports)
    expect(item?.GSI3PK).not.toBe(keys.storeFollowUps(tenantId, t.store.storeId));
    expect(item?.GSI3PK).toBe(keys.storeLostProspects(tenantId, t.store.storeId));
  });
});

describe("the follow-up job", () => {
  let job: Tenant;
  let jb: string;

  beforeAll(async () => {
    job = await setupTenant({ consultants: 2, groupName: "Job Group" });
    jb = `/api/stores/${job.store.storeId}`;
  });

  const card = async (owner: Tenant["consultants"][number], name: string) => {
    const c = await owner.client.post(`${jb}/prospects`, { name, mobile: nextMobile(), source: "phone" });
    const n = await owner.client.put(`${jb}/prospects/${c.body.prospect.prospectId}/needs`, {
      version: 1,
      purchaseTiming: "within_7_days",
    });
    return n.body.prospect;
  };
  const jobTenant = () => job.receptionist.user.tenantId as string;
  const setJobDue = async (prospectId: string, dueAt: string) => {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.prospect(jobTenant(), prospectId),
        UpdateExpression: "SET nextFollowUpAt = :d, GSI3SK = :sk",
        ExpressionAttributeValues: { ":d": dueAt, ":sk": `${dueAt}#${prospectId}` },
      }),
    );
  };
  const tasksOf = async () =>
    (await allItems(db)).filter((i) => i.type === "PlanTask" && String(i.PK).startsWith(`T#${jobTenant()}#`));

  it("creates tasks for cards due by the end of the store day, flags the overdue ones, and is idempotent", async () => {
    const [a, b] = job.consultants;
    const overdue1 = await card(a!, "甲");
    const overdue2 = await card(a!, "乙");
    const earlier = await card(b!, "丙");
    const tomorrow = await card(b!, "丁"); // H from now: due tomorrow, no task today
    await setJobDue(overdue1.prospectId, ago(30));
    await setJobDue(overdue2.prospectId, ago(60 * 24 * 3)); // three days ago
    await setJobDue(earlier.prospectId, ago(5));
    const r = await runForPeriod("follow-ups", today(), job.store.storeId);
    expect(r.failed).toEqual([]);
    expect(r.ran).toEqual([{ tenantId: jobTenant(), storeId: job.store.storeId, period: today() }]);
    const tasks = await tasksOf();
    expect(tasks.map((x) => x.prospectId).sort()).toEqual(
      [overdue1.prospectId, overdue2.prospectId, earlier.prospectId].sort(),
    );
    expect(tasks.every((x) => x.kind === "follow_up" && x.status === "open" && x.overdue === true)).toBe(true);
    expect(tasks.find((x) => x.prospectId === tomorrow.prospectId)).toBeUndefined();
    // the 3-days-ago task belongs to its own day, and shows as overdue from before today
    const old = tasks.find((x) => x.prospectId === overdue2.prospectId)!;
    expect(old.date).toBe(localDate(old.dueAt as string, TZ));
    expect((await showroom.getFloor(db, jobTenant(), job.store.storeId, today())).overdueFollowUps).toEqual({
      [a!.user.userId]: 2,
      [b!.user.userId]: 1,
    });

    // a second run (and the 08:00 entry, which shares the code) changes nothing at all
    const before = await allItems(db);
    const again = await followUpJob.followUpJob(job.store, today(), { db });
    expect(again).toMatchObject({ created: 0, cancelled: 0, reassigned: 0, flaggedOverdue: 0, countsWritten: false });
    await runForPeriod("daily-plan", today(), job.store.storeId);
    expect(await allItems(db)).toEqual(before);
  });

  it("flags a task overdue once its time passes, and follows transfers and closed cards", async () => {
    const [a, b] = job.consultants;
    const later = await card(a!, "戊");
    const due = new Date(Date.now() + 10 * 60_000).toISOString();
    await setJobDue(later.prospectId, due);
    await followUpJob.followUpJob(job.store, today(), { db });
    let task = (await tasksOf()).find((x) => x.prospectId === later.prospectId)!;
    expect(task).toMatchObject({ status: "open", dueAt: due });
    expect(task.overdue).toBeUndefined();
    // 20 minutes later (an injected clock): overdue
    const r = await followUpJob.followUpJob(job.store, today(), { db, now: new Date(Date.now() + 20 * 60_000) });
    expect(r.flaggedOverdue).toBe(1);
    task = (await tasksOf()).find((x) => x.prospectId === later.prospectId)!;
    expect(task.overdue).toBe(true);

    // the manager transfers the card: its open task moves to the new owner
    const moved = await job.manager.client.patch(`${jb}/prospects/${later.prospectId}`, {
      version: later.version,
      transferTo: b!.user.userId,
      reason: "休假",
    });
    expect(moved.status).toBe(200);
    const t2 = await followUpJob.followUpJob(job.store, today(), { db });
    expect(t2.reassigned).toBe(1);
    task = (await tasksOf()).find((x) => x.prospectId === later.prospectId)!;
    expect(task).toMatchObject({ ownerId: b!.user.userId, ownerName: "Consultant 2", status: "open" });
    expect(task.GSI2PK).toBe(keys.userOpenWork(jobTenant(), b!.user.userId));

    // the card is closed as lost: its open task is cancelled and leaves the open-work indexes
    const req = await b!.client.post(`${jb}/prospects/${later.prospectId}/lost`, {
      version: moved.body.prospect.version,
      reason: "bought_competitor",
    });
    await job.manager.client.post(`${jb}/prospects/${later.prospectId}/lost/decision`, {
      version: req.body.prospect.version,
      approve: true,
    });
    const t3 = await followUpJob.followUpJob(job.store, today(), { db });
    expect(t3.cancelled).toBe(1);
    task = (await tasksOf()).find((x) => x.prospectId === later.prospectId)!;
    expect(task).toMatchObject({ status: "cancelled", cancelledReason: "no_longer_due" });
    expect(task.GSI2PK).toBeUndefined();
    expect(task.GSI3PK).toBeUndefined();
  });
});

describe("rotation skip", () => {
  let r: Tenant;
  let rb: string;
  let key: string;

  beforeAll(async () => {
    r = await setupTenant({ consultants: 3, groupName: "Rotation Group" });
    rb = `/api/stores/${r.store.storeId}`;
    const tid = r.receptionist.user.tenantId as string;
    // the group allows at most 1 overdue follow-up
    const s = await r.manager.client.get("/api/settings/showroom");
    const put = await r.manager.client.put("/api/settings/showroom", {
      ...s.body.settings,
      rotationOverdueLimit: 1,
      version: s.body.settings.version,
    });
    expect(put.status).toBe(200);
    // Consultant 2 has two overdue follow-ups
    const c2 = r.consultants[1]!;
    for (const name of ["欠1", "欠2"]) {
      const c = await c2.client.post(`${rb}/prospects`, { name, mobile: nextMobile(), source: "phone" });
      const n = await c2.client.put(`${rb}/prospects/${c.body.prospect.prospectId}/needs`, {
        version: 1,
        purchaseTiming: "within_7_days",
      });
      const due = ago(45);
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.prospect(tid, n.body.prospect.prospectId),
          UpdateExpression: "SET nextFollowUpAt = :d, GSI3SK = :sk",
          ExpressionAttributeValues: { ":d": due, ":sk": `${due}#${n.body.prospect.prospectId}` },
        }),
      );
    }
    for (const c of r.consultants) await c.client.put(`${rb}/duty/${c.user.userId}`, { onDuty: true });
    await followUpJob.followUpJob(r.store, today(), { db });
    key = (await r.admin.post(`${rb}/api-keys`, { name: "Autohome" })).body.key;
  });

  it("walk-ins pass over a consultant with more overdue follow-ups than the limit, and say why", async () => {
    const owners: string[] = [];
    const reasons: string[] = [];
    for (let i = 0; i < 4; i++) {
      const w = await r.receptionist.client.post(`${rb}/walk-ins`, {
        partySize: 1,
        visitType: "first",
        source: "walk_in",
      });
      expect(w.status).toBe(201);
      owners.push(w.body.walkIn.assignment.name);
      reasons.push(w.body.walkIn.assignment.reasonText);
    }
    expect(owners).not.toContain("Consultant 2");
    expect(owners).toEqual(["Consultant 1", "Consultant 3", "Consultant 1", "Consultant 3"]);
    expect(reasons[1]).toBe("next in rotation after Consultant 1; skipped Consultant 2: 2 overdue follow-ups");
    const board = await r.receptionist.client.get(`${rb}/duty`);
    const c2 = board.body.duty.entries.find((e: { name: string }) => e.name === "Consultant 2");
    expect(c2).toMatchObject({ overdueFollowUps: 2, skipped: true });
  });

  it("lead intake skips him too (the rotation is shared with walk-ins)", async () => {
    const api = new Client("provider");
    const results = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.call("POST", "/api/leads", undefined, {
        rawBody: JSON.stringify({
          provider: "Autohome",
          providerLeadId: `SK-${i}`,
          name: `线索${i}`,
          mobile: nextMobile(),
        }),
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(201);
      results.push(res.body.results[0]);
    }
    // the last walk-in went to Consultant 3: then 1, (2 skipped) 3, 1
    expect(results.map((x) => x.ownerName)).toEqual(["Consultant 1", "Consultant 3", "Consultant 1"]);
    expect(results[1].reason).toBe("next in rotation after Consultant 1; skipped Consultant 2: 2 overdue follow-ups");
    const card = await r.manager.client.get(`${rb}/prospects/${results[1].prospectId}`);
    expect(JSON.stringify(card.body.audit)).toContain("skipped Consultant 2: 2 overdue follow-ups");
  });

  it("when everyone on duty is over the limit, nobody is skipped and the reason says so", async () => {
    await r.receptionist.client.put(`${rb}/duty/${r.consultants[0]!.user.userId}`, { onDuty: false });
    await r.receptionist.client.put(`${rb}/duty/${r.consultants[2]!.user.userId}`, { onDuty: false });
    const w = await r.receptionist.client.post(`${rb}/walk-ins`, {
      partySize: 1,
      visitType: "first",
      source: "walk_in",
    });
    expect(w.body.walkIn.assignment.name).toBe("Consultant 2");
    expect(w.body.walkIn.assignment.reasonText).toMatch(
      /nobody skipped: everyone on duty has more than 1 overdue follow-ups/,
    );
  });
});

describe("today's plan", () => {
  let p: Tenant;
  let pb: string;

  beforeAll(async () => {
    p = await setupTenant({ consultants: 2, groupName: "Plan Group" });
    pb = `/api/stores/${p.store.storeId}`;
    const tid = p.receptionist.user.tenantId as string;
    const [a, b] = p.consultants;
    const mk = async (owner: NonNullable<typeof a>, name: string, dueAt: string) => {
      const c = await owner.client.post(`${pb}/prospects`, { name, mobile: nextMobile(), source: "walk_in" });
      const n = await owner.client.put(`${pb}/prospects/${c.body.prospect.prospectId}/needs`, {
        version: 1,
        purchaseTiming: "within_7_days",
      });
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.prospect(tid, n.body.prospect.prospectId),
          UpdateExpression: "SET nextFollowUpAt = :d, GSI3SK = :sk",
          ExpressionAttributeValues: { ":d": dueAt, ":sk": `${dueAt}#${n.body.prospect.prospectId}` },
        }),
      );
      return { ...n.body.prospect, nextFollowUpAt: dueAt };
    };
    // A: two due today (one gets done), one from two days ago; B: one due today
    const a1 = await mk(a!, "计划甲", ago(3));
    await mk(a!, "计划乙", ago(2));
    await mk(a!, "计划旧", ago(60 * 48));
    await mk(b!, "计划丙", ago(1));
    await followUpJob.followUpJob(p.store, today(), { db });
    const done = await a!.client.post(`${pb}/prospects/${a1.prospectId}/follow-ups`, {
      version: a1.version,
      channel: "call",
      outcome: "reached",
    });
    expect(done.status).toBe(201);
  });

  it("a consultant sees his day with done/open, his older overdue work and the completion rate, in ≤ 3 calls", async () => {
    const a = p.consultants[0]!;
    const r = await a.client.get(`${pb}/plan`);
    expect(r.status).toBe(200);
    expect(r.dbCalls).toBeLessThanOrEqual(3);
    expect(r.body).toMatchObject({ view: "consultant", date: today(), ownerId: a.user.userId });
    expect(r.body.items.map((i: { title: string; status: string }) => [i.title, i.status])).toEqual([
      ["计划甲", "done"],
      ["计划乙", "open"],
    ]);
    expect(r.body.items[1].overdue).toBe(true);
    expect(r.body.overdueBefore.map((i: { title: string }) => i.title)).toEqual(["计划旧"]);
    expect(r.body.figures).toEqual({ due: 2, done: 1, open: 1, overdue: 2, completionRate: 50 });
    // nobody else's items
    expect(r.body.items.every((i: { ownerId: string }) => i.ownerId === a.user.userId)).toBe(true);
    // a consultant cannot see the store's or a colleague's plan
    expect((await a.client.get(`${pb}/plan?owner=all`)).status).toBe(403);
    expect((await a.client.get(`${pb}/plan?owner=${p.consultants[1]!.user.userId}`)).status).toBe(403);
    expect((await a.client.get(`${pb}/plan?date=2026-02-30`)).status).toBe(400);
  });

  it("a supervisor sees every consultant's figures and drills down, in ≤ 3 calls", async () => {
    const [a, b] = p.consultants;
    const r = await p.manager.client.get(`${pb}/plan`);
    expect(r.status).toBe(200);
    expect(r.dbCalls).toBeLessThanOrEqual(3);
    expect(r.body.view).toBe("supervisor");
    const rows = Object.fromEntries(r.body.consultants.map((c: { ownerName: string }) => [c.ownerName, c])) as Record<
      string,
      { due: number; done: number; overdue: number; completionRate: number }
    >;
    expect(rows["Consultant 1"]).toMatchObject({ due: 2, done: 1, overdue: 2, completionRate: 50 });
    expect(rows["Consultant 2"]).toMatchObject({ due: 1, done: 0, overdue: 1, completionRate: 0 });
    expect(r.body.consultants[0].ownerName).toBe("Consultant 1"); // most overdue first
    expect(r.body.figures).toMatchObject({ due: 3, done: 1, overdue: 3, completionRate: 33 });
    const drill = await p.manager.client.get(`${pb}/plan?owner=${b!.user.userId}`);
    expect(drill.status).toBe(200);
    expect(drill.dbCalls).toBeLessThanOrEqual(3);
    expect(drill.body.items.map((i: { title: string }) => i.title)).toEqual(["计划丙"]);
    // the receptionist may read it too
    const rec = await p.receptionist.client.get(`${pb}/plan?owner=all`);
    expect(rec.status).toBe(200);
    expect(rec.body.consultants).toHaveLength(2);
    expect(a).toBeDefined();
  });

  it("another day shows that day's plan", async () => {
    const r = await p.manager.client.get(`${pb}/plan?date=${addDays(today(), 5)}`);
    expect(r.body).toMatchObject({ date: addDays(today(), 5), figures: { due: 0, completionRate: null } });
  });
});

describe("cross-tenant isolation", () => {
  it("every follow-up and plan endpoint is a 404 for another tenant's store or card, and writes nothing", async () => {
    const other = await setupTenant({ consultants: 1, groupName: "Other Group" });
    const c1 = t.consultants[0]!;
    const card = await gradedCard(c1, "隔离先生");
    const booked = await c1.client.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
      version: card.version,
      channel: "call",
      outcome: "appointment",
      appointmentAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(booked.status).toBe(201);
    const apptId = booked.body.appointment.id;
    const before = await allItems(db);
    const intruders = [other.admin, other.manager.client, other.consultants[0]!.client];
    const theirs = `/api/stores/${other.store.storeId}`;
    for (const who of intruders) {
      const calls = [
        who.post(`${base}/prospects/${card.prospectId}/follow-ups`, {
          version: 2,
          channel: "call",
          outcome: "reached",
        }),
        who.get(`${base}/prospects/${card.prospectId}/follow-ups`),
        who.post(`${base}/prospects/${card.prospectId}/appointments/${apptId}/outcome`, { outcome: "arrived" }),
        who.get(`${base}/plan`),
        who.get(`${base}/plan?owner=${c1.user.userId}`),
        // their own store, our card's ids
        who.post(`${theirs}/prospects/${card.prospectId}/follow-ups`, {
          version: 2,
          channel: "call",
          outcome: "reached",
        }),
        who.get(`${theirs}/prospects/${card.prospectId}/follow-ups`),
        who.post(`${theirs}/prospects/${card.prospectId}/appointments/${apptId}/outcome`, { outcome: "arrived" }),
      ];
      for (const res of await Promise.all(calls)) expect(res.status).toBe(404);
      // their plan never shows our consultant's work
      const plan = await who.get(`${theirs}/plan?owner=${c1.user.userId}`);
      if (plan.status === 200) expect(plan.body.items).toEqual([]);
    }
    expect(await allItems(db)).toEqual(before);
  });
});

describe("demo seed", () => {
  it("gives every consultant a real-looking day: done, due later, overdue — and the job finds nothing left to do", async () => {
    const { seedFollowUps } = await import("../../functions/local/seed-followups.ts");
    const { identity } = await import("@dealeros/db");
    const s = await setupTenant({ consultants: 2, groupName: "Seed Group" });
    const tid = s.receptionist.user.tenantId as string;
    const users = await identity.listUsers(db, tid);
    const r = await seedFollowUps(db, { tenantId: tid, stores: [s.store], users, now: new Date() });
    expect(r.cards).toBe(8); // the default plan: 4 cards per consultant
    expect(r.followUps).toBeGreaterThanOrEqual(12);
    const plan = await s.manager.client.get(`/api/stores/${s.store.storeId}/plan`);
    expect(plan.body.consultants).toHaveLength(2);
    for (const c of plan.body.consultants) {
      expect(c.done).toBeGreaterThanOrEqual(1);
      expect(c.due).toBeGreaterThan(c.done);
      expect(c.overdue).toBeGreaterThanOrEqual(1);
    }
    const mine = await s.consultants[0]!.client.get(`/api/stores/${s.store.storeId}/plan`);
    expect(mine.body.overdueBefore.length).toBeGreaterThanOrEqual(1);
    const card = await s.consultants[0]!.client.get(
      `/api/stores/${s.store.storeId}/prospects/${mine.body.overdueBefore[0].prospectId}`,
    );
    expect(card.body.followUps.length).toBeGreaterThanOrEqual(1);
    const again = await followUpJob.followUpJob(s.store, today(), { db });
    expect(again).toMatchObject({ created: 0, flaggedOverdue: 0, countsWritten: false });
  });
});

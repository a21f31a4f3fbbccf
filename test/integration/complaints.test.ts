/**
 * Complaints (客户投诉, rule 14): log → respond → resolve, the SLA from the tenant
 * setting, escalation when the clock runs out (idempotent), reassignment, the
 * OEM list, lists in one Query, bad input and other tenants.
 */
import { type Db, plan, type Store, stores } from "@dealeros/db";
import { complaints } from "@dealeros/services";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { allItems, freshTable, STORE_INPUT, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
const HOUR = 3600_000;

describe("complaints", () => {
  let db: Db;
  let t: Tenant;
  let base: string;
  let tenantId: string;
  let store: Store;

  const newComplaint = (over: Record<string, unknown> = {}) => ({
    customerName: "王先生",
    mobile: "13912345678",
    channel: "phone",
    category: "delivery",
    severity: "high",
    description: "交车时发现左后门有划痕 / scratch on the rear door at delivery",
    ...over,
  });

  /** Log a complaint as if it were `hoursAgo` hours ago (only Date is faked; I/O runs as usual). */
  async function logAt(hoursAgo: number, over: Record<string, unknown> = {}) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - hoursAgo * HOUR);
    try {
      const r = await t.receptionist.client.post(`${base}/complaints`, newComplaint(over));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.complaint;
    } finally {
      vi.useRealTimers();
    }
  }

  async function setSlaHours(hours: number) {
    const cur = (await t.manager.client.get("/api/settings/showroom")).body.settings;
    const { updatedAt: _a, updatedByName: _b, ...input } = cur;
    const r = await t.manager.client.put("/api/settings/showroom", { ...input, complaintSlaHours: hours });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 2 });
    base = `/api/stores/${t.store.storeId}`;
    tenantId = t.manager.user.tenantId;
    store = (await stores.getStore(db, tenantId, t.store.storeId))!;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("log → respond → resolve: the sales manager by default, due in 12 h, in his plan until answered", async () => {
    const before = Date.now();
    const r = await t.receptionist.client.post(`${base}/complaints`, newComplaint());
    expect(r.status).toBe(201);
    const c = r.body.complaint;
    expect(c).toMatchObject({
      state: "open",
      assigneeId: t.manager.user.userId,
      assigneeName: "Manager",
      slaHours: 12,
      customerName: "王先生",
      mobile: "13912345678",
      createdByName: "Receptionist",
      sla: { status: "on_time", late: false },
    });
    expect(new Date(c.dueAt).getTime() - new Date(c.loggedAt).getTime()).toBe(12 * HOUR);
    expect(new Date(c.loggedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(c.sla.minutesLeft).toBeGreaterThanOrEqual(12 * 60 - 1);

    // a plan item of kind "complaint": in the assignee's open work and the store's
    const mine = await plan.userOpenWork(db, tenantId, t.manager.user.userId, "9999");
    expect(mine.find((p) => p.id === c.complaintId)).toMatchObject({
      kind: "complaint",
      ownerId: t.manager.user.userId,
      dueAt: c.dueAt,
      status: "open",
      title: "王先生",
    });
    const storeOpen = await plan.storeOpenWork(db, tenantId, t.store.storeId, "9999");
    expect(storeOpen.some((p) => p.kind === "complaint" && p.id === c.complaintId)).toBe(true);

    // a consultant who is not the assignee cannot answer it
    const stranger = await t.consultants[0]!.client.post(`${base}/complaints/${c.complaintId}/response`, {
      version: c.version,
      note: "x",
    });
    expect(stranger.status).toBe(403);

    const responded = await t.manager.client.post(`${base}/complaints/${c.complaintId}/response`, {
      version: c.version,
      note: "已致电客户道歉 / called the customer and apologised",
      actionTaken: "安排明天钣喷 / paint repair booked tomorrow",
    });
    expect(responded.status).toBe(200);
    expect(responded.body.complaint).toMatchObject({
      state: "responded",
      response: { byName: "Manager", late: false, actionTaken: "安排明天钣喷 / paint repair booked tomorrow" },
      sla: { status: "responded", minutesLeft: null, late: false },
    });
    // handled: out of the open work, still on the store's agenda as done
    expect(
      (await plan.userOpenWork(db, tenantId, t.manager.user.userId, "9999")).some((p) => p.id === c.complaintId),
    ).toBe(false);
    const agenda = await plan.storeDayPlan(db, tenantId, t.store.storeId, c.dueDate);
    expect(agenda.find((p) => p.id === c.complaintId)).toMatchObject({ status: "done", kind: "complaint" });

    const twice = await t.manager.client.post(`${base}/complaints/${c.complaintId}/response`, {
      version: responded.body.complaint.version,
      note: "again",
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe("This complaint already has a response.");

    const resolved = await t.manager.client.post(`${base}/complaints/${c.complaintId}/resolution`, {
      version: responded.body.complaint.version,
      resolution: "钣喷完成，客户满意 / repaired, customer happy",
      satisfaction: 4,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.complaint).toMatchObject({
      state: "resolved",
      resolution: { satisfaction: 4, level: "satisfied", byName: "Manager" },
      sla: { status: "resolved" },
    });
    const closed = await t.manager.client.post(`${base}/complaints/${c.complaintId}/resolution`, {
      version: resolved.body.complaint.version,
      resolution: "again",
      satisfaction: 5,
    });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toBe("This complaint is already resolved.");

    const detail = await t.consultants[1]!.client.get(`${base}/complaints/${c.complaintId}`);
    expect(detail.status).toBe(200);
    expect(detail.dbCalls).toBeLessThanOrEqual(2);
    expect(detail.body.canHandle).toBe(false);
    expect(detail.body.audit.map((a: { action: string }) => a.action)).toEqual([
      "complaint.logged",
      "complaint.responded",
      "complaint.resolved",
    ]);
    const resolvedList = await t.manager.client.get(`${base}/complaints?filter=resolved`);
    expect(resolvedList.body.items.map((x: { complaintId: string }) => x.complaintId)).toContain(c.complaintId);
  });

  it("resolving without a response records the resolution as the first response; a stale version is a 409", async () => {
    const c = (await t.receptionist.client.post(`${base}/complaints`, newComplaint({ category: "price" }))).body
      .complaint;
    const stale = await t.manager.client.post(`${base}/complaints/${c.complaintId}/resolution`, {
      version: c.version + 1,
      resolution: "refund of the fee",
      satisfaction: 3,
    });
    expect(stale.status).toBe(409);
    const r = await t.manager.client.post(`${base}/complaints/${c.complaintId}/resolution`, {
      version: c.version,
      resolution: "refund of the fee",
      satisfaction: 2,
    });
    expect(r.status).toBe(200);
    expect(r.body.complaint).toMatchObject({
      state: "resolved",
      response: { note: "refund of the fee", late: false },
      resolution: { level: "dissatisfied" },
    });
    const again = await t.manager.client.post(`${base}/complaints/${c.complaintId}/response`, {
      version: r.body.complaint.version,
      note: "late note",
    });
    expect(again.status).toBe(409);
  });

  it("takes the due time from the tenant's complaint SLA setting", async () => {
    await setSlaHours(4);
    try {
      const r = await t.consultants[0]!.client.post(`${base}/complaints`, newComplaint({ channel: "walk_in" }));
      expect(r.status).toBe(201);
      const c = r.body.complaint;
      expect(c.slaHours).toBe(4);
      expect(new Date(c.dueAt).getTime() - new Date(c.loggedAt).getTime()).toBe(4 * HOUR);
      expect(c.sla.status).toBe("on_time");
    } finally {
      await setSlaHours(12);
    }
  });

  it("escalates only open complaints past their due time, once; answered ones are left alone", async () => {
    const overdue = await logAt(13, { customerName: "逾期 Overdue" });
    const answeredLate = await logAt(14, { customerName: "Answered" });
    const fresh = await logAt(1, { customerName: "Fresh" });
    const answered = await t.manager.client.post(`${base}/complaints/${answeredLate.complaintId}/response`, {
      version: answeredLate.version,
      note: "called back",
    });
    expect(answered.body.complaint.response.late).toBe(true);

    // overdue before the job: red in the list, one Query
    const overdueList = await t.manager.client.get(`${base}/complaints?filter=overdue`);
    expect(overdueList.status).toBe(200);
    expect(overdueList.dbCalls).toBeLessThanOrEqual(2);
    expect(overdueList.body.items.map((x: { complaintId: string }) => x.complaintId)).toEqual([overdue.complaintId]);
    expect(overdueList.body.items[0].sla).toMatchObject({ status: "overdue", late: true });

    const now = new Date();
    const first = await complaints.escalateOverdueComplaints(store, now);
    expect(first.escalated).toEqual([overdue.complaintId]);
    const afterFirst = await allItems(db);
    const second = await complaints.escalateOverdueComplaints(store, new Date(now.getTime() + 15 * 60_000));
    expect(second.escalated).toEqual([]);
    expect(await allItems(db)).toEqual(afterFirst);

    const d = await t.manager.client.get(`${base}/complaints/${overdue.complaintId}`);
    expect(d.body.complaint).toMatchObject({
      state: "open",
      escalatedAt: now.toISOString(),
      escalatedTo: [{ userId: t.manager.user.userId, name: "Manager" }],
      sla: { status: "overdue" },
    });
    expect(d.body.audit.filter((a: { action: string }) => a.action === "complaint.escalated")).toHaveLength(1);
    expect(d.body.audit.at(-1)).toMatchObject({ by: "system", detail: { to: "Manager" } });
    for (const id of [answeredLate.complaintId, fresh.complaintId]) {
      const other = await t.manager.client.get(`${base}/complaints/${id}`);
      expect(other.body.complaint.escalatedAt).toBeUndefined();
    }
    // visible to the sales manager: the escalated list, and overdue in the store's open work
    const escalated = await t.manager.client.get(`${base}/complaints?filter=escalated`);
    expect(escalated.dbCalls).toBeLessThanOrEqual(2);
    expect(escalated.body.items.map((x: { complaintId: string }) => x.complaintId)).toEqual([overdue.complaintId]);
    const open = await plan.storeOpenWork(db, tenantId, t.store.storeId, now.toISOString());
    expect(open.find((p) => p.id === overdue.complaintId)).toMatchObject({ kind: "complaint", overdue: true });

    // a later run, once the fresh one is overdue too, escalates it (and only it)
    const later = await complaints.escalateOverdueComplaints(store, new Date(now.getTime() + 13 * HOUR));
    expect(later.escalated).toContain(fresh.complaintId);
    expect(later.escalated).not.toContain(overdue.complaintId);
    expect(later.escalated).not.toContain(answeredLate.complaintId);

    // the escalated one can still be answered; it then leaves the overdue list
    const resp = await t.manager.client.post(`${base}/complaints/${overdue.complaintId}/response`, {
      version: d.body.complaint.version,
      note: "sorry for the wait",
    });
    expect(resp.status).toBe(200);
    expect(resp.body.complaint.response.late).toBe(true);
    const overdueAfter = await t.manager.client.get(`${base}/complaints?filter=overdue`);
    expect(overdueAfter.body.items).toEqual([]);
  });

  it("a manager (or the assignee) reassigns with a reason; the plan item follows", async () => {
    const c = (await t.receptionist.client.post(`${base}/complaints`, newComplaint({ category: "staff_attitude" })))
      .body.complaint;
    const [c1, c2] = t.consultants;
    const byOther = await c1!.client.post(`${base}/complaints/${c.complaintId}/assignment`, {
      version: c.version,
      assigneeId: c1!.user.userId,
      reason: "mine",
    });
    expect(byOther.status).toBe(403);
    const noReason = await t.manager.client.post(`${base}/complaints/${c.complaintId}/assignment`, {
      version: c.version,
      assigneeId: c1!.user.userId,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toBeDefined();
    const r = await t.manager.client.post(`${base}/complaints/${c.complaintId}/assignment`, {
      version: c.version,
      assigneeId: c1!.user.userId,
      reason: "客户指定 / the customer asked for her",
    });
    expect(r.status).toBe(200);
    expect(r.body.complaint).toMatchObject({ assigneeId: c1!.user.userId, assigneeName: "Consultant 1" });
    expect((await plan.userOpenWork(db, tenantId, c1!.user.userId, "9999")).some((p) => p.id === c.complaintId)).toBe(
      true,
    );
    expect(
      (await plan.userOpenWork(db, tenantId, t.manager.user.userId, "9999")).some((p) => p.id === c.complaintId),
    ).toBe(false);
    const same = await c1!.client.post(`${base}/complaints/${c.complaintId}/assignment`, {
      version: r.body.complaint.version,
      assigneeId: c1!.user.userId,
      reason: "x",
    });
    expect(same.status).toBe(422);
    // the assignee hands it on
    const handed = await c1!.client.post(`${base}/complaints/${c.complaintId}/assignment`, {
      version: r.body.complaint.version,
      assigneeId: c2!.user.userId,
      reason: "on leave",
    });
    expect(handed.status).toBe(200);
    const d = await t.manager.client.get(`${base}/complaints/${c.complaintId}`);
    const moves = d.body.audit.filter((a: { action: string }) => a.action === "complaint.reassigned");
    expect(moves.map((a: { detail: unknown }) => a.detail)).toEqual([
      { from: "Manager", to: "Consultant 1", reason: "客户指定 / the customer asked for her" },
      { from: "Consultant 1", to: "Consultant 2", reason: "on leave" },
    ]);
  });

  it("flags a quality problem for the OEM once; the OEM list follows the complaint", async () => {
    const c = (
      await t.consultants[0]!.client.post(
        `${base}/complaints`,
        newComplaint({
          category: "vehicle_quality",
          channel: "oem_hotline",
          assigneeId: t.consultants[0]!.user.userId,
        }),
      )
    ).body.complaint;
    expect(c.assigneeName).toBe("Consultant 1");
    const r = await t.consultants[0]!.client.post(`${base}/complaints/${c.complaintId}/oem`, {
      version: c.version,
      note: "变速箱异响，VIN LFV2A21K8G3012345 / gearbox noise",
    });
    expect(r.status).toBe(200);
    expect(r.body.complaint.oem).toMatchObject({ byName: "Consultant 1" });
    const twice = await t.consultants[0]!.client.post(`${base}/complaints/${c.complaintId}/oem`, {
      version: r.body.complaint.version,
      note: "again",
    });
    expect(twice.status).toBe(409);
    const resolved = await t.consultants[0]!.client.post(`${base}/complaints/${c.complaintId}/resolution`, {
      version: r.body.complaint.version,
      resolution: "gearbox replaced under warranty",
      satisfaction: 5,
    });
    expect(resolved.status).toBe(200);
    const oem = await t.manager.client.get(`${base}/complaints?filter=oem`);
    expect(oem.dbCalls).toBeLessThanOrEqual(2);
    expect(oem.body.items).toHaveLength(1);
    expect(oem.body.items[0]).toMatchObject({
      complaintId: c.complaintId,
      state: "resolved",
      oem: { note: "变速箱异响，VIN LFV2A21K8G3012345 / gearbox noise" },
    });
    const reassignClosed = await t.manager.client.post(`${base}/complaints/${c.complaintId}/assignment`, {
      version: resolved.body.complaint.version,
      assigneeId: t.manager.user.userId,
      reason: "x",
    });
    expect(reassignClosed.status).toBe(409);
  });

  it("links a prospect card of the store: name and mobile from the card, an entry in its history", async () => {
    const p = (
      await t.consultants[1]!.client.post(`${base}/prospects`, {
        name: "赵女士",
        mobile: "13700001111",
        source: "walk_in",
      })
    ).body.prospect;
    const r = await t.consultants[1]!.client.post(`${base}/complaints`, {
      prospectId: p.prospectId,
      channel: "social_media",
      category: "sales_process",
      description: "Weibo post about a pushy test drive",
    });
    expect(r.status).toBe(201);
    expect(r.body.complaint).toMatchObject({
      customerName: "赵女士",
      mobile: "13700001111",
      prospectId: p.prospectId,
      severity: "medium",
    });
    const card = await t.consultants[1]!.client.get(`${base}/prospects/${p.prospectId}`);
    expect(card.body.audit.map((a: { action: string }) => a.action)).toContain("complaint.logged");
  });

  it("lists: one Query per filter, cursor pages, forged cursors refused", async () => {
    for (const filter of ["open", "overdue", "escalated", "resolved", "oem"]) {
      const r = await t.manager.client.get(`${base}/complaints?filter=${filter}`);
      expect(r.status, filter).toBe(200);
      expect(r.body.filter).toBe(filter);
      expect(r.dbCalls, filter).toBeLessThanOrEqual(2);
    }
    const all = await t.manager.client.get(`${base}/complaints`);
    expect(all.body.filter).toBe("open");
    expect(all.body.items.every((c: { state: string }) => c.state !== "resolved")).toBe(true);
    // awaiting a response first, by due time; then the responded ones
    const states = all.body.items.map((c: { state: string }) => c.state);
    expect(states).toEqual([...states].sort());
    expect(all.body.items.length).toBeGreaterThan(2);
    const first = await t.manager.client.get(`${base}/complaints?limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.cursor).toBeTruthy();
    const next = await t.manager.client.get(`${base}/complaints?limit=2&cursor=${first.body.cursor}`);
    expect(next.status).toBe(200);
    expect(next.dbCalls).toBeLessThanOrEqual(2);
    const ids = [...first.body.items, ...next.body.items].map((c: { complaintId: string }) => c.complaintId);
    expect(ids).toEqual(all.body.items.slice(0, ids.length).map((c: { complaintId: string }) => c.complaintId));
    // a cursor of another list, of another store or made up is a 400
    const wrongList = await t.manager.client.get(`${base}/complaints?filter=resolved&cursor=${first.body.cursor}`);
    expect(wrongList.status).toBe(400);
    const forged = Buffer.from(
      JSON.stringify({ PK: "T#X#COMPLAINT#Y", SK: "META", GSI5PK: "T#X#STORE#Y#COMPLAINTS", GSI5SK: "1#" }),
    ).toString("base64url");
    expect((await t.manager.client.get(`${base}/complaints?cursor=${forged}`)).status).toBe(400);
    expect((await t.manager.client.get(`${base}/complaints?cursor=nonsense`)).status).toBe(400);
    expect((await t.manager.client.get(`${base}/complaints?filter=everything`)).status).toBe(400);
  });

  it("bad input is refused field by field (400) or as impossible (422), and writes nothing", async () => {
    const other = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "No manager store" })).body;
    const before = (await allItems(db)).length;
    const c = t.receptionist.client;
    const cases: [unknown, string[]][] = [
      [{ channel: "phone", category: "price", description: "x" }, ["customerName", "mobile"]],
      [newComplaint({ mobile: "12345" }), ["mobile"]],
      [newComplaint({ channel: "fax" }), ["channel"]],
      [newComplaint({ category: "weather", severity: "extreme" }), ["category", "severity"]],
      [newComplaint({ description: "" }), ["description"]],
      [newComplaint({ description: "x".repeat(2001) }), ["description"]],
      [newComplaint({ extra: 1 }), ["_"]],
      [newComplaint({ assigneeId: "not-an-id" }), ["assigneeId"]],
    ];
    for (const [body, fields] of cases) {
      const r = await c.post(`${base}/complaints`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.body.error.fields).sort()).toEqual(fields);
    }
    const malformed = await c.call("POST", `${base}/complaints`, undefined, { rawBody: "{nope" });
    expect(malformed.status).toBe(400);
    // well-formed but impossible: 422
    const admin = await c.post(`${base}/complaints`, newComplaint({ assigneeId: "0".repeat(26) }));
    expect(admin.status).toBe(422);
    expect(admin.body.error.fields.assigneeId).toBe("Choose an active staff member of this store.");
    const foreignProspect = await c.post(
      `${base}/complaints`,
      newComplaint({ prospectId: "01J00000000000000000000000" }),
    );
    expect(foreignProspect.status).toBe(422);
    expect(foreignProspect.body.error.fields.prospectId).toBeDefined();
    // a store without a sales manager must name the assignee
    const noManager = await t.admin.post(`/api/stores/${other.store.storeId}/complaints`, newComplaint());
    expect(noManager.status).toBe(422);
    expect(noManager.body.error.fields.assigneeId).toBeDefined();

    const target = (await c.post(`${base}/complaints`, newComplaint())).body.complaint;
    const mid = (await allItems(db)).length;
    const id = target.complaintId;
    const m = t.manager.client;
    const bad: [string, unknown, number][] = [
      [`${id}/response`, { version: target.version }, 400],
      [`${id}/response`, { version: target.version, note: "x", extra: true }, 400],
      [`${id}/resolution`, { version: target.version, resolution: "x", satisfaction: 6 }, 400],
      [`${id}/resolution`, { version: target.version, resolution: "x", satisfaction: "happy" }, 400],
      [`${id}/assignment`, { version: target.version, assigneeId: "x", reason: "y" }, 400],
      [`${id}/assignment`, { version: target.version, assigneeId: "0".repeat(26), reason: "y" }, 422],
      [`${id}/oem`, { version: target.version }, 400],
      [`${id}/oem`, { note: "x" }, 400],
      ["NOT-A-ULID/response", { version: 1, note: "x" }, 404],
      ["01J00000000000000000000000/response", { version: 1, note: "x" }, 404],
    ];
    for (const [path, body, status] of bad) {
      const r = await m.post(`${base}/complaints/${path}`, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(r.body.error.message).toBeTruthy();
    }
    const sat = await m.post(`${base}/complaints/${id}/resolution`, {
      version: target.version,
      resolution: "x",
      satisfaction: 0,
    });
    expect(sat.body.error.fields.satisfaction).toBe("Satisfaction must be a score from 1 to 5.");
    expect((await allItems(db)).length).toBe(mid);
    expect(mid).toBe(before + 2); // only the one valid complaint (META + audit entry)
  });

  it("another tenant's store and complaints are not found on every endpoint, lists never include them", async () => {
    const B = await setupTenant({ consultants: 1, groupName: "Other Group" });
    const bBase = `/api/stores/${B.store.storeId}`;
    const bc = (
      await B.receptionist.client.post(`${bBase}/complaints`, newComplaint({ customerName: "Bravo Secret Customer" }))
    ).body.complaint;
    await B.manager.client.post(`${bBase}/complaints/${bc.complaintId}/oem`, { version: bc.version, note: "B note" });
    const before = (await allItems(db)).length;
    const a = t.manager.client;
    const id = bc.complaintId;
    const calls: [string, string, unknown?][] = [];
    for (const b of [bBase, base]) {
      calls.push(
        ["GET", `${b}/complaints/${id}`],
        ["POST", `${b}/complaints/${id}/response`, { version: 2, note: "x" }],
        ["POST", `${b}/complaints/${id}/resolution`, { version: 2, resolution: "x", satisfaction: 3 }],
        ["POST", `${b}/complaints/${id}/assignment`, { version: 2, assigneeId: t.manager.user.userId, reason: "x" }],
        ["POST", `${b}/complaints/${id}/oem`, { version: 2, note: "x" }],
      );
    }
    calls.push(
      ["GET", `${bBase}/complaints`],
      ["GET", `${bBase}/complaints?filter=oem`],
      ["POST", `${bBase}/complaints`, newComplaint()],
    );
    for (const [method, path, body] of calls) {
      const r = await a.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain("Bravo Secret Customer");
    }
    for (const filter of ["open", "overdue", "escalated", "resolved", "oem"]) {
      const list = await a.get(`${base}/complaints?filter=${filter}&limit=100`);
      expect(JSON.stringify(list.body)).not.toContain(id);
    }
    // B's escalation job never touches A's store, and A's never B's
    const bStore = (await stores.getStore(db, B.manager.user.tenantId, B.store.storeId))!;
    const later = new Date(Date.now() + 24 * HOUR);
    const bRun = await complaints.escalateOverdueComplaints(bStore, later);
    expect(bRun.escalated).toEqual([id]);
    const mid = (await allItems(db)).length;
    // a linked prospect of another tenant is refused without saying why
    const foreign = await a.post(`${base}/complaints`, newComplaint({ prospectId: id }));
    expect(foreign.status).toBe(422);
    expect((await allItems(db)).length).toBe(mid);
    expect(mid).toBeGreaterThan(before);
  });
});

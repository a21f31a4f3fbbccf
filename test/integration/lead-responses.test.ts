/** First response to internet leads: the tenant's clock (in opening hours), the late-lead list, transfer and loss. */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { allItems, Client, freshTable, setupTenant } from "../support/api.ts";
import { storeTimeToday } from "../support/clock.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

describe("lead first-response SLA", () => {
  let t: Tenant;
  let db: Awaited<ReturnType<typeof freshTable>>;
  let key: string;
  const api = new Client("provider");
  const post = (lead: Record<string, unknown>) =>
    api.call("POST", "/api/leads", undefined, {
      rawBody: JSON.stringify(lead),
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    });
  const list = (c: Client, q = "") => c.get(`/api/stores/${t.store.storeId}/lead-responses${q}`);

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 2 });
    // open round the clock, so the test does not depend on the hour it runs at
    const s = await t.admin.call("PATCH", `/api/stores/${t.store.storeId}`, {
      version: 1,
      openingHours: { open: "00:00", close: "23:59", closedWeekdays: [] },
    });
    expect(s.status).toBe(200);
    for (const c of t.consultants)
      await c.client.put(`/api/stores/${t.store.storeId}/duty/${c.user.userId}`, { onDuty: true });
    key = (await t.admin.post(`/api/stores/${t.store.storeId}/api-keys`, { name: "Autohome" })).body.key;
  });

  // every case runs at 11:00 store time: near the store's midnight a lead's day and deadline would move
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ["Date"],
      now: storeTimeToday("11:00", t.store.timeZone),
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("a new lead owes a first response within the tenant's time; a call in time is on time", async () => {
    const r = await post({ provider: "Autohome", providerLeadId: "FR-1", name: "钱女士", mobile: "13900001111" });
    expect(r.status).toBe(201);
    const id = r.body.results[0].prospectId;
    const before = await list(t.manager.client);
    expect(before.status).toBe(200);
    expect(before.dbCalls).toBeLessThanOrEqual(3);
    const row = before.body.rows.find((x: { prospectId: string }) => x.prospectId === id);
    expect(row).toMatchObject({ status: "open", late: false, source: "internet", subSource: "Autohome" });
    const minutes = (Date.parse(row.dueAt) - Date.parse(row.receivedAt)) / 60000;
    expect(minutes).toBeGreaterThanOrEqual(30);
    expect(minutes).toBeLessThanOrEqual(32);
    const owner = t.consultants.find((c) => c.user.userId === row.ownerId)!;
    const call = await owner.client.post(`/api/stores/${t.store.storeId}/prospects/${id}/calls`, {
      direction: "outbound",
      durationSeconds: 120,
      outcome: "info_given",
    });
    expect(call.status).toBe(201);
    const after = (await list(t.manager.client)).body;
    expect(after.rows.find((x: { prospectId: string }) => x.prospectId === id)).toMatchObject({
      status: "done",
      late: false,
    });
    expect(after.summary).toMatchObject({ received: 1, answered: 1, onTime: 1, late: 0 });
  });

  it("a lead not answered in time is listed as late until answered, then counted as answered late", async () => {
    // 11:00 in the store: the 45 minutes stay inside one store day and its opening hours, whenever the run is
    const start = storeTimeToday("11:00", t.store.timeZone);
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const r = await post({ provider: "Dongchedi", providerLeadId: "FR-2", name: "孙先生", mobile: "13900002222" });
    const id = r.body.results[0].prospectId;
    vi.setSystemTime(new Date(start.getTime() + 45 * 60000));
    const waiting = (await list(t.manager.client)).body;
    expect(waiting.waitingLate.map((x: { prospectId: string }) => x.prospectId)).toContain(id);
    const owner = t.consultants.find((c) => c.user.userId === waiting.waitingLate[0].ownerId)!;
    // the owner sees it in his own list too; the other consultant does not
    const other = t.consultants.find((c) => c !== owner)!;
    expect((await list(owner.client)).body.waitingLate.map((x: { prospectId: string }) => x.prospectId)).toContain(id);
    expect((await list(other.client)).body.waitingLate).toHaveLength(0);
    await owner.client.post(`/api/stores/${t.store.storeId}/prospects/${id}/calls`, {
      direction: "outbound",
      durationSeconds: 60,
      outcome: "appointment",
    });
    const after = (await list(t.manager.client)).body;
    expect(after.waitingLate).toHaveLength(0);
    const row = after.rows.find((x: { prospectId: string }) => x.prospectId === id);
    expect(row).toMatchObject({ status: "done", late: true });
    expect(row.responseMinutes).toBeGreaterThanOrEqual(45);
  });

  it("the owed response follows a transferred card and ends when the card is closed as lost", async () => {
    const r = await post({ provider: "Tmall", providerLeadId: "FR-3", name: "周先生", mobile: "13900003333" });
    const id = r.body.results[0].prospectId;
    const card = (await t.manager.client.get(`/api/stores/${t.store.storeId}/prospects/${id}`)).body.prospect;
    const to = t.consultants.find((c) => c.user.userId !== card.ownerId)!;
    const moved = await t.manager.client.call("PATCH", `/api/stores/${t.store.storeId}/prospects/${id}`, {
      version: card.version,
      transferTo: to.user.userId,
      reason: "Speaks the customer's dialect",
    });
    expect(moved.status).toBe(200);
    const mine = (await list(to.client)).body.rows.map((x: { prospectId: string }) => x.prospectId);
    expect(mine).toContain(id);
    const lost = await to.client.post(`/api/stores/${t.store.storeId}/prospects/${id}/lost`, {
      version: moved.body.prospect.version,
      reason: "no_contact",
    });
    expect(lost.status).toBe(200);
    const ok = await t.manager.client.post(`/api/stores/${t.store.storeId}/prospects/${id}/lost/decision`, {
      version: lost.body.prospect.version,
      approve: true,
    });
    expect(ok.status).toBe(200);
    const item = (await allItems(db)).find((i) => i.SK === "FIRST_RESPONSE" && i.id === id)!;
    expect(item.status).toBe("cancelled");
    expect(item.GSI2PK).toBeUndefined();
  });

  it("another tenant's store is a 404; a bad date is a 400", async () => {
    const other = await setupTenant({ consultants: 1, groupName: "Other" });
    expect((await list(other.manager.client)).status).toBe(404);
    expect((await list(t.manager.client, "?date=2026-13-01")).status).toBe(400);
  });
});

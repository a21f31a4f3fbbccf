/** End-of-day consistency check: gaps found by the system, the supervisor's tick, the kept result, isolation. */
import { localDate } from "@dealeros/core";
import { eod } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, freshTable, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

describe("end-of-day check", () => {
  let t: Tenant;
  let db: Awaited<ReturnType<typeof freshTable>>;
  let base: string;
  let walkInId: string;
  let cardId: string;
  const today = () => localDate(new Date(), "Asia/Shanghai");

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 1 });
    base = `/api/stores/${t.store.storeId}`;
    const c = t.consultants[0]!;
    await c.client.put(`${base}/duty/${c.user.userId}`, { onDuty: true });
    walkInId = (
      await t.receptionist.client.post(`${base}/walk-ins`, {
        partySize: 2,
        visitType: "first",
        source: "walk_in",
        customerName: "冯先生",
        mobile: "13755556666",
      })
    ).body.walkIn.walkInId;
  });

  it("lists a walk-in without a card, then a card without needs analysis; both clear when fixed", async () => {
    const c = t.consultants[0]!;
    let r = await t.manager.client.get(`${base}/end-of-day`);
    expect(r.status).toBe(200);
    expect(r.dbCalls).toBeLessThanOrEqual(7);
    expect(r.body).toMatchObject({ date: today(), live: true, canTick: true });
    expect(r.body.gaps).toEqual([
      expect.objectContaining({ kind: "walk_in_without_card", id: walkInId, title: "冯先生", ownerId: c.user.userId }),
    ]);
    cardId = (await c.client.post(`${base}/walk-ins/${walkInId}/prospect`, {})).body.prospect.prospectId;
    r = await t.manager.client.get(`${base}/end-of-day`);
    expect(r.body.gaps).toEqual([expect.objectContaining({ kind: "card_without_needs", prospectId: cardId })]);
    // the consultant sees his own gaps; he cannot tick
    const mine = await c.client.get(`${base}/end-of-day`);
    expect(mine.body.gaps).toHaveLength(1);
    expect(mine.body.canTick).toBe(false);
    const card = (await c.client.get(`${base}/prospects/${cardId}`)).body.prospect;
    await c.client.put(`${base}/prospects/${cardId}/needs`, { version: card.version, purchaseTiming: "later" });
    r = await t.manager.client.get(`${base}/end-of-day`);
    expect(r.body.gaps).toEqual([]);
    expect(r.body.checked).toMatchObject({ walkIns: 1, cardsCreated: 1 });
  });

  it("the closing-time job keeps the result (idempotent) and never removes a tick", async () => {
    const store = (await t.manager.client.get(`${base}`)).body.store;
    await eod.endOfDaySnapshot(store, today());
    await eod.endOfDaySnapshot(store, today());
    const kept = (await allItems(db)).filter((i) => i.type === "EodCheck");
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ date: today(), gaps: [] });
  });

  it("ticking: only a manager; a note is required while gaps remain; once per day", async () => {
    expect((await t.consultants[0]!.client.post(`${base}/end-of-day/tick`, { date: today() })).status).toBe(403);
    // a new gap appears: a walk-in without a card
    await t.receptionist.client.post(`${base}/walk-ins`, { partySize: 1, visitType: "first", source: "phone" });
    const noNote = await t.manager.client.post(`${base}/end-of-day/tick`, { date: today() });
    expect(noNote.status).toBe(422);
    expect(noNote.body.error.fields.note).toBe("Explain the open gaps.");
    expect((await allItems(db)).find((i) => i.type === "EodCheck")!.ticked).toBeUndefined();
    const ok = await t.manager.client.post(`${base}/end-of-day/tick`, {
      date: today(),
      note: "Passer-by asking for directions",
    });
    expect(ok.status).toBe(200);
    expect(ok.body.ticked).toMatchObject({ byName: "Manager", gapsAtTick: 1 });
    expect((await t.manager.client.post(`${base}/end-of-day/tick`, { date: today(), note: "again" })).status).toBe(409);
    const store = (await t.manager.client.get(`${base}`)).body.store;
    await eod.endOfDaySnapshot(store, today());
    const after = await t.manager.client.get(`${base}/end-of-day`);
    expect(after.body.ticked).toMatchObject({ byName: "Manager", note: "Passer-by asking for directions" });
    expect(after.body.canTick).toBe(false);
    const history = await t.receptionist.client.get(`${base}/end-of-day/history`);
    expect(history.body.checks.map((c: { date: string }) => c.date)).toEqual([today()]);
  });

  it("bad input is a 400 or 422 and writes nothing; a future day is refused", async () => {
    const before = (await allItems(db)).length;
    expect((await t.manager.client.post(`${base}/end-of-day/tick`, { date: "yesterday" })).status).toBe(400);
    expect((await t.manager.client.post(`${base}/end-of-day/tick`, { date: today(), extra: 1 })).status).toBe(400);
    expect((await t.manager.client.post(`${base}/end-of-day/tick`, { date: "2999-01-01", note: "x" })).status).toBe(
      422,
    );
    expect((await t.manager.client.get(`${base}/end-of-day?date=2026-02-30`)).status).toBe(400);
    expect((await allItems(db)).length).toBe(before);
  });

  it("another tenant's store is a 404 on every endpoint", async () => {
    const other = await setupTenant({ consultants: 1, groupName: "Other" });
    expect((await other.manager.client.get(`${base}/end-of-day`)).status).toBe(404);
    expect((await other.manager.client.post(`${base}/end-of-day/tick`, { date: today(), note: "x" })).status).toBe(404);
    expect((await other.manager.client.get(`${base}/end-of-day/history`)).status).toBe(404);
  });
});

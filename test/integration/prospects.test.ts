/** Prospect cards: create, duplicate protection (撞单), from a walk-in, returning visitors, transfer, lists. */
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, freshTable, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

describe("prospect cards", () => {
  let t: Tenant;
  let db: Awaited<ReturnType<typeof freshTable>>;
  let base: string;

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 2 });
    base = `/api/stores/${t.store.storeId}`;
    for (const c of t.consultants) await c.client.put(`${base}/duty/${c.user.userId}`, { onDuty: true });
  });

  it("a consultant creates his own card; a second card for the same mobile is refused and names the owner", async () => {
    const [c1, c2] = t.consultants;
    const r = await c1!.client.post(`${base}/prospects`, {
      name: "王先生",
      mobile: "+86 139 1111 2222",
      source: "phone",
      gender: "male",
    });
    expect(r.status).toBe(201);
    expect(r.body.prospect).toMatchObject({
      mobile: "13911112222",
      ownerId: c1!.user.userId,
      status: "active",
      grade: null,
    });
    const before = (await allItems(db)).length;
    const dup = await c2!.client.post(`${base}/prospects`, { name: "王总", mobile: "13911112222", source: "walk_in" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain("Consultant 1");
    expect(dup.body.error.fields.mobile).toContain("Consultant 1");
    expect((await allItems(db)).length).toBe(before);
  });

  it("a receptionist must name the owner; other phone formats need a country code", async () => {
    const noOwner = await t.receptionist.client.post(`${base}/prospects`, {
      name: "Li",
      mobile: "13922223333",
      source: "phone",
    });
    expect(noOwner.status).toBe(422);
    expect(noOwner.body.error.fields.ownerId).toBeDefined();
    const bad = await t.receptionist.client.post(`${base}/prospects`, {
      name: "Li",
      phone: "12345",
      source: "phone",
      ownerId: t.consultants[0]!.user.userId,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.phone).toMatch(/country code/);
    const hk = await t.receptionist.client.post(`${base}/prospects`, {
      name: "Chan",
      phone: "+852 9123 4567",
      source: "referral",
      ownerId: t.consultants[1]!.user.userId,
    });
    expect(hk.status).toBe(201);
    expect(hk.body.prospect.ownerName).toBe("Consultant 2");
  });

  it("turns a walk-in into a card in one step, and links a returning visitor's walk-in to it", async () => {
    const w = (
      await t.receptionist.client.post(`${base}/walk-ins`, {
        partySize: 2,
        visitType: "first",
        source: "walk_in",
        customerName: "赵女士",
        mobile: "13733334444",
        intendedModel: "Camry",
      })
    ).body.walkIn;
    const owner = t.consultants.find((c) => c.user.userId === w.assignment.userId)!;
    const made = await owner.client.post(`${base}/walk-ins/${w.walkInId}/prospect`, { gender: "female" });
    expect(made.status).toBe(201);
    expect(made.body.linked).toBe(false);
    expect(made.body.prospect).toMatchObject({
      name: "赵女士",
      mobile: "13733334444",
      intendedModel: "Camry",
      ownerId: owner.user.userId,
      origin: { kind: "walk_in", walkInId: w.walkInId },
    });
    const again = await owner.client.post(`${base}/walk-ins/${w.walkInId}/prospect`, {});
    expect(again.status).toBe(409);
    // she comes back: the new walk-in is linked to her card at once
    const back = (
      await t.receptionist.client.post(`${base}/walk-ins`, {
        partySize: 1,
        visitType: "return",
        source: "walk_in",
        mobile: "13733334444",
      })
    ).body.walkIn;
    expect(back.prospectId).toBe(made.body.prospect.prospectId);
    expect(back.assignment.userId).toBe(owner.user.userId);
  });

  it("links a walk-in whose mobile already has a card instead of duplicating it", async () => {
    const w = (
      await t.receptionist.client.post(`${base}/walk-ins`, {
        partySize: 1,
        visitType: "first",
        source: "walk_in",
        customerName: "王",
      })
    ).body.walkIn;
    const r = await t.receptionist.client.post(`${base}/walk-ins/${w.walkInId}/prospect`, { mobile: "13911112222" });
    expect(r.status).toBe(200);
    expect(r.body.linked).toBe(true);
    expect(r.body.prospect.ownerName).toBe("Consultant 1");
    const detail = await t.receptionist.client.get(`${base}/walk-ins/${w.walkInId}`);
    expect(detail.body.walkIn.prospectId).toBe(r.body.prospect.prospectId);
    expect(detail.body.audit.map((a: { action: string }) => a.action)).toContain("walkin.linked");
  });

  it("lists: a consultant sees his own cards, the receptionist the store's, in pages", async () => {
    const mine = await t.consultants[0]!.client.get(`${base}/prospects`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((p: { ownerId: string }) => p.ownerId === t.consultants[0]!.user.userId)).toBe(true);
    const others = await t.consultants[0]!.client.get(`${base}/prospects?owner=all`);
    expect(others.status).toBe(403);
    const all = await t.receptionist.client.get(`${base}/prospects?limit=2`);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.cursor).toBeTruthy();
    const next = await t.receptionist.client.get(`${base}/prospects?limit=2&cursor=${all.body.cursor}`);
    expect(next.body.items.length).toBeGreaterThan(0);
    expect(next.body.items[0].prospectId).not.toBe(all.body.items[0].prospectId);
    expect(all.dbCalls).toBeLessThanOrEqual(2);
    const forged = await t.receptionist.client.get(
      `${base}/prospects?cursor=${Buffer.from(JSON.stringify({ GSI1PK: "T#X#STORE#Y#PROSPECTS" })).toString("base64url")}`,
    );
    expect(forged.status).toBe(400);
  });

  it("a manager transfers a card with a reason; the claim follows; others cannot", async () => {
    const [c1, c2] = t.consultants;
    const p = (await c1!.client.get(`${base}/prospects`)).body.items.find(
      (x: { mobile?: string }) => x.mobile === "13911112222",
    );
    const byConsultant = await c1!.client.patch(`${base}/prospects/${p.prospectId}`, {
      version: p.version,
      transferTo: c2!.user.userId,
      reason: "holiday",
    });
    expect(byConsultant.status).toBe(403);
    const noReason = await t.manager.client.patch(`${base}/prospects/${p.prospectId}`, {
      version: p.version,
      transferTo: c2!.user.userId,
    });
    expect(noReason.status).toBe(400);
    const r = await t.manager.client.patch(`${base}/prospects/${p.prospectId}`, {
      version: p.version,
      transferTo: c2!.user.userId,
      reason: "客户要求更换顾问",
    });
    expect(r.status).toBe(200);
    expect(r.body.prospect.ownerName).toBe("Consultant 2");
    const stale = await t.manager.client.patch(`${base}/prospects/${p.prospectId}`, {
      version: p.version,
      transferTo: c1!.user.userId,
      reason: "back",
    });
    expect(stale.status).toBe(409);
    const detail = await c2!.client.get(`${base}/prospects/${p.prospectId}`);
    expect(detail.body.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["prospect.created", "prospect.transferred"]),
    );
    // the old owner can no longer open it; a duplicate now names the new owner
    expect((await c1!.client.get(`${base}/prospects/${p.prospectId}`)).status).toBe(403);
    const dup = await c1!.client.post(`${base}/prospects`, { name: "王", mobile: "13911112222", source: "phone" });
    expect(dup.body.error.message).toContain("Consultant 2");
  });

  it("logs calls on a card; the first one is the first response", async () => {
    const c = t.consultants[0]!;
    const p = (await c.client.post(`${base}/prospects`, { name: "Call Me", mobile: "13544445555", source: "internet" }))
      .body.prospect;
    const r = await c.client.post(`${base}/prospects/${p.prospectId}/calls`, {
      direction: "outbound",
      durationSeconds: 95,
      outcome: "appointment",
      note: "comes Saturday",
    });
    expect(r.status).toBe(201);
    await c.client.post(`${base}/prospects/${p.prospectId}/calls`, {
      direction: "inbound",
      durationSeconds: 20,
      outcome: "info_given",
    });
    const card = await c.client.get(`${base}/prospects/${p.prospectId}`);
    expect(card.body.calls.map((x: { outcome: string }) => x.outcome)).toEqual(["info_given", "appointment"]);
    expect(card.body.prospect.firstResponseAt).toBe(r.body.call.at);
    expect(card.dbCalls).toBeLessThanOrEqual(2);
    const bad = await c.client.post(`${base}/prospects/${p.prospectId}/calls`, {
      direction: "sideways",
      durationSeconds: -1,
      outcome: "maybe",
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["direction", "durationSeconds", "outcome"]);
    const other = t.consultants[1]!;
    expect(
      (
        await other.client.post(`${base}/prospects/${p.prospectId}/calls`, {
          direction: "outbound",
          durationSeconds: 1,
          outcome: "no_answer",
        })
      ).status,
    ).toBe(403);
  });

  it("saves the needs analysis and grades the card; grade history is kept", async () => {
    const c = t.consultants[0]!;
    const p = (await c.client.post(`${base}/prospects`, { name: "Needs", mobile: "13566667777", source: "walk_in" }))
      .body.prospect;
    const facts = {
      version: p.version,
      purchaseFactors: ["safety", "space"],
      brandFamiliarity: "some",
      use: "family",
      purchaseType: "trade_in",
      householdRoles: { user: "wife", decisionMaker: "husband" },
      intendedModel: "Highlander",
      intendedColour: "white",
      payment: "loan",
      competingBrands: ["Honda", "VW"],
      purchaseTiming: "within_15_days",
      notes: "trade in a 2015 Corolla",
    };
    const r = await c.client.put(`${base}/prospects/${p.prospectId}/needs`, facts);
    expect(r.status).toBe(200);
    expect(r.body.prospect).toMatchObject({
      grade: "A",
      intendedModel: "Highlander",
      needs: { payment: "loan", purchaseType: "trade_in" },
    });
    const due = new Date(r.body.prospect.nextFollowUpAt).getTime() - new Date(r.body.prospect.updatedAt).getTime();
    expect(due).toBe(3 * 86_400_000);
    const stale = await c.client.put(`${base}/prospects/${p.prospectId}/needs`, facts);
    expect(stale.status).toBe(409);
    const hot = await c.client.put(`${base}/prospects/${p.prospectId}/needs`, {
      ...facts,
      version: r.body.prospect.version,
      purchaseTiming: "within_7_days",
    });
    expect(hot.body.prospect.grade).toBe("H");
    const card = await c.client.get(`${base}/prospects/${p.prospectId}`);
    const graded = card.body.audit
      .filter((a: { action: string }) => a.action === "prospect.graded")
      .map((a: { detail: { to: string } }) => a.detail.to);
    expect(graded).toEqual(["A", "H"]);
    const bad = await c.client.put(`${base}/prospects/${p.prospectId}/needs`, {
      version: hot.body.prospect.version,
      purchaseTiming: "someday",
      use: "racing",
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["purchaseTiming", "use"]);
    expect(
      (
        await t.consultants[1]!.client.put(`${base}/prospects/${p.prospectId}/needs`, {
          ...facts,
          version: hot.body.prospect.version,
        })
      ).status,
    ).toBe(403);
  });

  it("a loss (战败) needs a reason and the supervisor's approval; the mobile is then free again", async () => {
    const c = t.consultants[0]!;
    const p = (await c.client.post(`${base}/prospects`, { name: "Lost", mobile: "13588889999", source: "phone" })).body
      .prospect;
    const noReason = await c.client.post(`${base}/prospects/${p.prospectId}/lost`, { version: p.version });
    expect(noReason.status).toBe(400);
    const req = await c.client.post(`${base}/prospects/${p.prospectId}/lost`, {
      version: p.version,
      reason: "bought_competitor",
      note: "bought a Honda",
    });
    expect(req.status).toBe(200);
    expect(req.body.prospect).toMatchObject({ status: "active", lostRequest: { reason: "bought_competitor" } });
    // still in the consultant's list until approved
    const mine = await c.client.get(`${base}/prospects`);
    expect(mine.body.items.some((x: { prospectId: string }) => x.prospectId === p.prospectId)).toBe(true);
    // the consultant cannot approve his own loss
    expect(
      (
        await c.client.post(`${base}/prospects/${p.prospectId}/lost/decision`, {
          version: req.body.prospect.version,
          approve: true,
        })
      ).status,
    ).toBe(403);
    // rejected: back to work; asked again; approved
    const rejected = await t.manager.client.post(`${base}/prospects/${p.prospectId}/lost/decision`, {
      version: req.body.prospect.version,
      approve: false,
      comment: "call again on Saturday",
    });
    expect(rejected.body.prospect.lostRequest).toBeUndefined();
    const again = await c.client.post(`${base}/prospects/${p.prospectId}/lost`, {
      version: rejected.body.prospect.version,
      reason: "price",
    });
    const approved = await t.manager.client.post(`${base}/prospects/${p.prospectId}/lost/decision`, {
      version: again.body.prospect.version,
      approve: true,
    });
    expect(approved.status).toBe(200);
    expect(approved.body.prospect).toMatchObject({
      status: "closed",
      grade: "F",
      lost: { reason: "price", approvedByName: "Manager" },
    });
    expect(
      (
        await t.manager.client.post(`${base}/prospects/${p.prospectId}/lost/decision`, {
          version: approved.body.prospect.version,
          approve: true,
        })
      ).status,
    ).toBe(422);
    const card = await c.client.get(`${base}/prospects/${p.prospectId}`);
    expect(card.body.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["prospect.lost_requested", "prospect.lost_rejected", "prospect.lost_approved"]),
    );
    // the mobile can get a new card now
    const fresh = await t.consultants[1]!.client.post(`${base}/prospects`, {
      name: "Lost again",
      mobile: "13588889999",
      source: "walk_in",
    });
    expect(fresh.status).toBe(201);
  });

  it("another tenant's store, card and walk-in are not found, and nothing is written", async () => {
    const other = await setupTenant({ consultants: 1, groupName: "Other" });
    const oc = other.consultants[0]!;
    const p = (
      await oc.client.post(`/api/stores/${other.store.storeId}/prospects`, {
        name: "B",
        mobile: "13855556666",
        source: "phone",
      })
    ).body.prospect;
    const w = (
      await other.receptionist.client.post(`/api/stores/${other.store.storeId}/walk-ins`, {
        partySize: 1,
        visitType: "first",
        source: "walk_in",
      })
    ).body.walkIn;
    const before = (await allItems(db)).length;
    const a = t.manager.client;
    const calls = [
      a.get(`/api/stores/${other.store.storeId}/prospects`),
      a.post(`/api/stores/${other.store.storeId}/prospects`, {
        name: "x",
        mobile: "13855556666",
        source: "phone",
        ownerId: oc.user.userId,
      }),
      a.get(`/api/stores/${other.store.storeId}/prospects/${p.prospectId}`),
      a.get(`${base}/prospects/${p.prospectId}`),
      a.patch(`${base}/prospects/${p.prospectId}`, {
        version: 1,
        transferTo: t.consultants[0]!.user.userId,
        reason: "x",
      }),
      a.post(`${base}/walk-ins/${w.walkInId}/prospect`, { name: "x", mobile: "13855556666" }),
      a.post(`${base}/prospects/${p.prospectId}/calls`, {
        direction: "outbound",
        durationSeconds: 1,
        outcome: "no_answer",
      }),
      a.post(`/api/stores/${other.store.storeId}/walk-ins/${w.walkInId}/prospect`, {}),
    ];
    for (const r of await Promise.all(calls)) {
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain("13855556666");
    }
    const list = await a.get(`${base}/prospects?owner=all&limit=100`);
    expect(list.body.items.some((x: { prospectId: string }) => x.prospectId === p.prospectId)).toBe(false);
    expect((await allItems(db)).length).toBe(before);
  });

  it("bad input is refused field by field and writes nothing", async () => {
    const before = (await allItems(db)).length;
    const c = t.consultants[0]!.client;
    const cases: [unknown, string][] = [
      [{ mobile: "13800000000", source: "phone" }, "name"],
      [{ name: "x", source: "phone" }, "mobile"],
      [{ name: "x", mobile: "12345", source: "phone" }, "mobile"],
      [{ name: "x".repeat(61), mobile: "13800000001", source: "phone" }, "name"],
      [{ name: "x", mobile: "13800000002", source: "tv" }, "source"],
      [{ name: "x", mobile: "13800000003", source: "phone", extra: 1 }, "_"],
      [{ name: "x", mobile: "13800000004", source: "phone", gender: "robot" }, "gender"],
    ];
    for (const [body, field] of cases) {
      const r = await c.post(`${base}/prospects`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.body.error.fields)).toContain(field);
    }
    const malformed = await c.call("POST", `${base}/prospects`, undefined, { rawBody: "{nope" });
    expect(malformed.status).toBe(400);
    expect((await allItems(db)).length).toBe(before);
  });
});

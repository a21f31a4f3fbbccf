/**
 * Warranty claim lifecycle (issue 7 follow-up): the OEM's decisions on a claim
 * raised by a settled repair order — submitted → rejected → resubmitted →
 * approved (less than claimed) → paid (less than approved), with history and
 * audit; the list by status with totals in one Query; bad input, stale
 * versions and wrong states write nothing; other tenants and other stores get 404.
 */
import { localDate } from "@dealeros/core";
import { type Customer, keys } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, freshTable, STORE_INPUT, setupTenant, type Tenant } from "../support/api.ts";
import { joinStore, makeCustomer } from "../support/service.ts";
import { settleWarrantyRepair } from "../support/warranty.ts";

type Db = Awaited<ReturnType<typeof freshTable>>;

describe("warranty claims", () => {
  let db: Db;
  let t: Tenant;
  let other: Tenant;
  let advisor: Client;
  let tenantId: string;
  let storeId: string;
  let base: string;
  const cars: Customer[] = [];
  const today = () => localDate(new Date(), "Asia/Shanghai");

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 1 });
    other = await setupTenant({ consultants: 0, groupName: "Other Group" });
    const a = await joinStore(t, "Advisor Zhao", ["service_advisor"]);
    advisor = a.client;
    tenantId = a.user.tenantId;
    storeId = t.store.storeId;
    base = `/api/stores/${storeId}`;
    for (const name of ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆"])
      cars.push(await makeCustomer(db, storeId, tenantId, name));
  }, 60_000);

  const decide = (claimId: string, body: unknown, c: Client = advisor) =>
    c.post(`${base}/warranty-claims/${claimId}/decision`, body);
  const claimOf = async (claimId: string) =>
    (await advisor.get(`${base}/warranty-claims`)).body.claims.find((c: { claimId: string }) => c.claimId === claimId);

  it("goes submitted → rejected → resubmitted → approved → paid, with its history and the repair order's audit", async () => {
    const { claimId, warrantyFen } = await settleWarrantyRepair(advisor, storeId, cars[0]!);
    let claim = await claimOf(claimId);
    expect(claim).toMatchObject({
      status: "submitted",
      version: 1,
      totalFen: warrantyFen,
      actions: ["approve", "reject"],
    });
    expect(claim.history).toEqual([expect.objectContaining({ state: "submitted", byName: "Advisor Zhao" })]);

    let r = await decide(claimId, {
      action: "reject",
      version: 1,
      reason: "缺少故障照片 / photos of the fault missing",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.claim).toMatchObject({
      status: "rejected",
      version: 2,
      rejectReason: expect.stringContaining("缺少"),
    });
    expect(r.body.claim.actions).toEqual(["resubmit"]);

    r = await decide(claimId, { action: "resubmit", version: 2, note: "已补充故障照片 / photos added" });
    expect(r.status).toBe(200);
    expect(r.body.claim).toMatchObject({ status: "submitted", version: 3 });
    expect(r.body.claim.rejectReason).toBeUndefined();

    r = await decide(claimId, {
      action: "approve",
      version: 3,
      approvedFen: warrantyFen,
      oemClaimNo: "FV-2026-000123",
      note: "全额批准",
    });
    expect(r.status).toBe(200);
    expect(r.body.claim).toMatchObject({
      status: "approved",
      approvedFen: warrantyFen,
      oemClaimNo: "FV-2026-000123",
      outstandingFen: warrantyFen,
      cutFen: 0,
      actions: ["paid"],
    });

    r = await decide(claimId, { action: "paid", version: 4, paidFen: warrantyFen, paidDate: today() });
    expect(r.status).toBe(200);
    expect(r.body.claim).toMatchObject({ status: "paid", paidFen: warrantyFen, paidAt: today(), outstandingFen: 0 });
    expect(r.body.claim.actions).toEqual([]);

    claim = await claimOf(claimId);
    expect(claim.version).toBe(5);
    expect(
      claim.history.map((h: { state: string; note?: string; amountFen?: number }) => [h.state, h.note, h.amountFen]),
    ).toEqual([
      ["submitted", undefined, undefined],
      ["rejected", "缺少故障照片 / photos of the fault missing", undefined],
      ["submitted", "已补充故障照片 / photos added", undefined],
      ["approved", "全额批准", warrantyFen],
      ["paid", undefined, warrantyFen],
    ]);
    expect(new Set(claim.history.map((h: { byName: string }) => h.byName))).toEqual(new Set(["Advisor Zhao"]));

    // the repair order still names its claim, and its audit shows every decision
    const ro = await advisor.get(`${base}/repair-orders/${claimId}`);
    expect(ro.body.repairOrder.settlement.claimId).toBe(claimId);
    // the view lists the audit newest first
    const audit = ro.body.audit.filter((a: { action: string }) => a.action.startsWith("warranty.")).reverse();
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      "warranty.rejected",
      "warranty.resubmitted",
      "warranty.approved",
      "warranty.paid",
    ]);
    expect(audit[2]).toMatchObject({
      byName: "Advisor Zhao",
      detail: { approvedFen: warrantyFen, oemClaimNo: "FV-2026-000123" },
    });

    // paid is final
    const again = await decide(claimId, { action: "paid", version: 5, paidFen: 1, paidDate: today() });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toBe("This claim is paid: it cannot be marked paid.");
  });

  it("approves less than claimed and shows what the OEM still owes when it pays less than approved", async () => {
    const { claimId, warrantyFen } = await settleWarrantyRepair(advisor, storeId, cars[1]!, { warrantyHours: 3 });
    expect(warrantyFen).toBe(90_000);
    const over = await decide(claimId, { action: "approve", version: 1, approvedFen: warrantyFen + 1 });
    expect(over.status).toBe(422);
    expect(over.body.error.fields).toEqual({ approvedFen: "More than claimed." });
    let r = await decide(claimId, { action: "approve", version: 1, approvedFen: 80_000 });
    expect(r.body.claim).toMatchObject({
      status: "approved",
      approvedFen: 80_000,
      cutFen: 10_000,
      outstandingFen: 80_000,
    });
    const tooMuch = await decide(claimId, { action: "paid", version: 2, paidFen: 80_001, paidDate: today() });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.fields).toEqual({ paidFen: "More than approved." });
    r = await decide(claimId, { action: "paid", version: 2, paidFen: 75_000, paidDate: today() });
    expect(r.status).toBe(200);
    expect(r.body.claim).toMatchObject({ status: "paid", paidFen: 75_000, outstandingFen: 5_000, cutFen: 10_000 });
  });

  it("writes nothing for bad input, a stale version or a decision the state does not allow", async () => {
    const { claimId, warrantyFen } = await settleWarrantyRepair(advisor, storeId, cars[2]!);
    const before = await allItems(db);
    const tomorrow = localDate(new Date(Date.now() + 2 * 86_400_000), "Asia/Shanghai");
    const cases: [unknown, number, string[]][] = [
      [{}, 400, ["action"]],
      [{ action: "cancel", version: 1 }, 400, ["action"]],
      [{ action: "approve", version: 1 }, 400, ["approvedFen"]],
      [
        { action: "approve", version: 1, approvedFen: -5, oemClaimNo: "x".repeat(41) },
        400,
        ["approvedFen", "oemClaimNo"],
      ],
      [{ action: "approve", version: 1, approvedFen: 12.5 }, 400, ["approvedFen"]],
      [{ action: "approve", version: 1, approvedFen: warrantyFen + 1 }, 422, ["approvedFen"]],
      [{ action: "reject", version: 1, reason: " " }, 400, ["reason"]],
      [{ action: "reject", version: 1, reason: "x", extra: true }, 400, ["_"]],
      [{ action: "resubmit", version: 1, note: "again" }, 422, ["action"]],
      [{ action: "paid", version: 1, paidFen: 100, paidDate: today() }, 422, ["action"]],
      [{ action: "paid", version: 1, paidFen: 100, paidDate: "2026-02-30" }, 400, ["paidDate"]],
      [{ action: "approve", version: 7, approvedFen: 100 }, 409, ["version"]],
      [{ action: "approve", version: "1", approvedFen: 100 }, 400, ["version"]],
    ];
    for (const [body, status, fields] of cases) {
      const r = await decide(claimId, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(Object.keys(r.body.error.fields ?? {}).sort(), JSON.stringify(body)).toEqual([...fields].sort());
    }
    const wrong = await decide(claimId, { action: "resubmit", version: 1, note: "again" });
    expect(wrong.body.error.message).toBe("This claim is submitted: it cannot be resubmitted.");
    expect((await decide(claimId, { action: "approve", version: 9, approvedFen: 1 })).body.error.message).toBe(
      "Someone else changed this warranty claim. Reload and try again.",
    );
    // approved: paid in the future or before the settlement is refused
    const ok = await decide(claimId, { action: "approve", version: 1, approvedFen: 100 });
    expect(ok.status).toBe(200);
    const mid = await allItems(db);
    const future = await decide(claimId, { action: "paid", version: 2, paidFen: 100, paidDate: tomorrow });
    expect(future.status).toBe(422);
    expect(future.body.error.fields).toEqual({ paidDate: "In the future." });
    const early = await decide(claimId, { action: "paid", version: 2, paidFen: 100, paidDate: "2020-01-01" });
    expect(early.body.error.fields).toEqual({ paidDate: "Before the settlement." });
    expect(await allItems(db)).toEqual(mid);
    expect(mid.length).toBe(before.length + 1); // the claim replaced, one audit entry
  });

  it("lets one of two simultaneous decisions on the same version win; the other gets 409", async () => {
    const { claimId } = await settleWarrantyRepair(advisor, storeId, cars[3]!);
    const [a, b] = await Promise.all([
      decide(claimId, { action: "approve", version: 1, approvedFen: 100 }),
      decide(claimId, { action: "reject", version: 1, reason: "duplicate" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await claimOf(claimId)).version).toBe(2);
  });

  it("works on a claim written before the lifecycle (no version, no history)", async () => {
    const { claimId } = await settleWarrantyRepair(advisor, storeId, cars[4]!);
    const key = keys.warrantyClaim(tenantId, claimId);
    const { UpdateCommand } = await import("@aws-sdk/lib-dynamodb");
    await db.doc.send(
      new UpdateCommand({ TableName: db.table, Key: key, UpdateExpression: "REMOVE version, history" }),
    );
    const legacy = await claimOf(claimId);
    expect(legacy).toMatchObject({ version: 1, status: "submitted" });
    expect(legacy.history).toEqual([expect.objectContaining({ state: "submitted", at: legacy.settledAt })]);
    expect((await decide(claimId, { action: "approve", version: 2, approvedFen: 100 })).status).toBe(409);
    const r = await decide(claimId, { action: "reject", version: 1, reason: "VIN not under warranty" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.claim).toMatchObject({ status: "rejected", version: 2 });
    expect(r.body.claim.history.map((h: { state: string }) => h.state)).toEqual(["submitted", "rejected"]);
  });

  it("lists by status with counts and totals (claimed, approved, paid, outstanding) in one Query", async () => {
    const all = await advisor.get(`${base}/warranty-claims`);
    expect(all.status).toBe(200);
    const claims = all.body.claims as { status: string; totalFen: number; approvedFen?: number; paidFen?: number }[];
    expect(claims.length).toBe(5);
    const sum = (f: (c: (typeof claims)[number]) => number) => claims.reduce((s, c) => s + f(c), 0);
    const approved = sum((c) => (c.status === "approved" || c.status === "paid" ? c.approvedFen! : 0));
    const paid = sum((c) => (c.status === "paid" ? c.paidFen! : 0));
    expect(all.body.totals).toEqual({
      claimedFen: sum((c) => c.totalFen),
      approvedFen: approved,
      paidFen: paid,
      outstandingFen: approved - paid,
    });
    expect(all.body.totals.outstandingFen).toBeGreaterThan(0);
    expect(all.body.totalFen).toBe(all.body.totals.claimedFen);
    expect(all.body.counts).toEqual({
      all: 5,
      submitted: claims.filter((c) => c.status === "submitted").length,
      approved: claims.filter((c) => c.status === "approved").length,
      rejected: claims.filter((c) => c.status === "rejected").length,
      paid: 2,
    });
    const paidOnly = await advisor.get(`${base}/warranty-claims?status=paid`);
    expect(paidOnly.body.claims.map((c: { status: string }) => c.status)).toEqual(["paid", "paid"]);
    expect(paidOnly.body.status).toBe("paid");
    expect(paidOnly.body.totals).toEqual(all.body.totals);
    expect(paidOnly.body.totalFen).toBe(sum((c) => (c.status === "paid" ? c.totalFen : 0)));
    const bad = await advisor.get(`${base}/warranty-claims?status=lost`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ status: "Status must be one of: submitted, approved, rejected, paid." });

    // one Query whatever the number of claims: the same round trips with one more claim
    await settleWarrantyRepair(advisor, storeId, cars[5]!);
    const more = await advisor.get(`${base}/warranty-claims?status=submitted`);
    expect(more.body.counts.all).toBe(6);
    expect(more.dbCalls).toBe(all.dbCalls);
    expect(more.dbCalls).toBeLessThanOrEqual(2);
  });

  it("lets only the service front desk decide", async () => {
    const claimId = (await advisor.get(`${base}/warranty-claims?status=submitted`)).body.claims[0].claimId;
    const sales = t.consultants[0]!.client;
    const r = await decide(claimId, { action: "approve", version: 1, approvedFen: 100 }, sales);
    expect(r.status).toBe(403);
    expect((await sales.get(`${base}/warranty-claims`)).status).toBe(403);
    expect((await decide(claimId, { action: "approve", version: 1, approvedFen: 100 }, t.admin)).status).toBe(200);
  });

  it("answers 404 to another tenant and for another store's claim, and writes nothing", async () => {
    const { claimId } = await settleWarrantyRepair(advisor, storeId, cars[0]!, { mileageKm: 25_000 });
    const second = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "杭州大众4S店", city: "杭州" })).body
      .store;
    const before = await allItems(db);
    const valid = { action: "approve", version: 1, approvedFen: 100 };
    const otherBase = `/api/stores/${other.store.storeId}`;
    for (const [who, path, body] of [
      [other.admin, `${base}/warranty-claims/${claimId}/decision`, {}],
      [other.admin, `${base}/warranty-claims/${claimId}/decision`, valid],
      [other.admin, `${otherBase}/warranty-claims/${claimId}/decision`, valid],
      [other.admin, `${otherBase}/warranty-claims/${claimId}/decision`, {}],
      [t.admin, `/api/stores/${second.storeId}/warranty-claims/${claimId}/decision`, valid],
      [t.admin, `/api/stores/${second.storeId}/warranty-claims/${claimId}/decision`, {}],
      [advisor, `/api/stores/${second.storeId}/warranty-claims/${claimId}/decision`, valid],
      [advisor, `${base}/warranty-claims/not-an-id/decision`, valid],
    ] as [Client, string, unknown][]) {
      const r = await who.post(path, body);
      expect(r.status, `${who.name} ${path} ${JSON.stringify(body)}`).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain(claimId);
    }
    const list = await other.admin.get(`${base}/warranty-claims`);
    expect(list.status).toBe(404);
    const own = await other.admin.get(`${otherBase}/warranty-claims`);
    expect(own.status).toBe(200);
    expect(own.body.claims).toEqual([]);
    const secondList = await t.admin.get(`/api/stores/${second.storeId}/warranty-claims`);
    expect(secondList.body.claims).toEqual([]);
    expect(await allItems(db)).toEqual(before);
  });
});

/** Tenant showroom settings: defaults, who may change them, stale writes, bad input, effect on grading, isolation. */
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, freshTable, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
const PATH = "/api/settings/showroom";

const valid = (version: number) => ({
  version,
  grading: {
    byTiming: { within_7_days: "H", within_15_days: "H", within_30_days: "A", later: "C" },
    cadenceDays: { H: 2, A: 4, B: 7, C: 21 },
  },
  leadResponseMinutes: 20,
  rotationOverdueLimit: 3,
  complaintSlaHours: 8,
  doorMinimum: 3,
});

describe("showroom settings", () => {
  let t: Tenant;
  let other: Tenant;
  let db: Awaited<ReturnType<typeof freshTable>>;

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 1 });
    other = await setupTenant({ consultants: 1, groupName: "Other" });
  });

  it("starts with the brief's defaults (version 0)", async () => {
    const r = await t.consultants[0]!.client.get(PATH);
    expect(r.status).toBe(200);
    expect(r.body.settings).toMatchObject({
      version: 0,
      grading: { cadenceDays: { H: 1, A: 3, B: 7, C: 14 } },
      leadResponseMinutes: 30,
      complaintSlaHours: 12,
      doorMinimum: 2,
    });
  });

  it("only managers change them", async () => {
    const r = await t.consultants[0]!.client.put(PATH, valid(0));
    expect(r.status).toBe(403);
    expect((await allItems(db)).some((i) => i.type === "ShowroomSettings")).toBe(false);
  });

  it("rejects bad input field by field and writes nothing", async () => {
    const bad = {
      ...valid(0),
      leadResponseMinutes: 2,
      grading: { ...valid(0).grading, cadenceDays: { H: 0, A: 3, B: 7, C: 14 } },
    };
    const r = await t.manager.client.put(PATH, bad);
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toMatchObject({
      leadResponseMinutes: "Lead response time must be at least 5 minutes.",
      "grading.cadenceDays.H": "H cadence must be at least 1 day.",
    });
    expect((await allItems(db)).some((i) => i.type === "ShowroomSettings")).toBe(false);
  });

  it("a manager saves them (audited); a stale version is a 409", async () => {
    const r = await t.manager.client.put(PATH, valid(0));
    expect(r.status).toBe(200);
    expect(r.body.settings).toMatchObject({ version: 1, leadResponseMinutes: 20, doorMinimum: 3 });
    expect((await t.manager.client.put(PATH, valid(0))).status).toBe(409);
    const audit = await t.admin.get("/api/audit");
    expect(audit.body.entries[0]).toMatchObject({ action: "settings.showroom", byName: "Manager" });
    expect(audit.body.entries[0].detail.changed).toContain("leadResponseMinutes");
  });

  it("the tenant's grading rule and cadence grade the needs analysis", async () => {
    const c = t.consultants[0]!;
    const base = `/api/stores/${t.store.storeId}`;
    const p = (await c.client.post(`${base}/prospects`, { name: "吴先生", mobile: "13811112222", source: "phone" }))
      .body.prospect;
    const before = Date.now();
    const r = await c.client.put(`${base}/prospects/${p.prospectId}/needs`, {
      version: p.version,
      purchaseTiming: "within_15_days",
    });
    expect(r.status).toBe(200);
    expect(r.body.prospect.grade).toBe("H"); // the tenant made 15 days an H
    const days = (Date.parse(r.body.prospect.nextFollowUpAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(1.99);
    expect(days).toBeLessThan(2.01);
  });

  it("another tenant keeps its own settings", async () => {
    const r = await other.manager.client.get(PATH);
    expect(r.body.settings.version).toBe(0);
    expect(r.body.settings.leadResponseMinutes).toBe(30);
  });
});

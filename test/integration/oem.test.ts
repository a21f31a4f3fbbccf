/**
 * OEM network reporting (rule 21): platform OEMs, regions and users; store links
 * and consent (group admin, audited, revocable); the KPI snapshot jobs (idempotent,
 * aggregates only); OEM sessions that no tenant endpoint accepts; region and brand
 * isolation of the portal reads.
 */

import { readdirSync } from "node:fs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, localDate, newId, oemAddMonths, oemMonthRange } from "@dealeros/core";
import { type DayStats, type Db, inventory, keys, type Store, stats, stores } from "@dealeros/db";
import { auth, oemAuth, oemKpi, oemPlatform, oemPortal } from "@dealeros/services";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../functions/http/routes.ts";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
const VW = "FAW-Volkswagen";
const TOYOTA = "GAC Toyota";
const CUSTOMERS = [
  { name: "欧阳晓峰", mobile: "13766554433" },
  { name: "司马静怡", mobile: "18655443322" },
];

function dayStats(store: Store, date: string, n: number, byBrand: DayStats["byBrand"] = {}): DayStats {
  const counts = {
    walkIns: 12 * n,
    newProspects: 5 * n,
    testDrives: 3 * n,
    orders: 2 * n,
    orderAmountFen: 2 * n * 15_000_000,
    deliveries: n,
    appointmentsMade: 4,
    appointmentsKept: 2,
    appointmentsMissed: 1,
    lost: 1,
    postCallsDue: 2,
    postCallsDone: 1,
  };
  const c = CUSTOMERS[n % 2]!;
  return {
    tenantId: store.tenantId,
    storeId: store.storeId,
    date,
    ...counts,
    firstVisits: 8 * n,
    returnVisits: 4 * n,
    byConsultant: { [newId()]: { ...counts, name: "顾问甲" } },
    bySource: { walk_in: counts },
    byBrand,
    lostReasons: { price: 1 },
    complaints: 1,
    complaintsHandledIn12h: 1,
    detail: [
      {
        kind: "delivery",
        contractId: newId(),
        contractNo: "HT-0001",
        consultantId: newId(),
        consultantName: "顾问甲",
        customerName: c.name,
        brand: store.brands[0]!,
        model: "速腾 Sagitar",
        trim: "280TSI",
        colour: "白",
        vin: "LFV2A21K8G3012345",
        engineNo: "EA211-778899",
        amountFen: 15_000_000,
      },
    ],
    generatedAt: new Date().toISOString(),
  };
}

async function oemSession(email: string) {
  const s = await oemAuth.signIn({ email, password: PASSWORD });
  expect(s.kind).toBe("oem");
  const ctx = await oemAuth.authenticateOem(s.token);
  expect(ctx).not.toBeNull();
  return { token: s.token, ctx: ctx! };
}

describe("OEM network reporting", () => {
  let db: Db;
  let t1: Tenant;
  let t2: Tenant;
  let s1: Store; // tenant 1, VW, region A
  let s2: Store; // tenant 2, VW, region B
  let s3: Store; // tenant 2, Toyota, OEM Y
  let oemX: Awaited<ReturnType<typeof oemPlatform.createOem>>;
  let oemY: Awaited<ReturnType<typeof oemPlatform.createOem>>;
  let regionA: string;
  let regionB: string;
  let regionC: string;
  const emails = {
    repA: uniqueEmail("rep-a"),
    repB: uniqueEmail("rep-b"),
    adminX: uniqueEmail("oem-x"),
    repC: uniqueEmail("rep-c"),
  };
  const today = localDate(new Date(), "Asia/Shanghai");
  const yesterday = addDays(today, -1);
  const lastMonth = oemAddMonths(today.slice(0, 7), -1);

  beforeAll(async () => {
    db = await freshTable();
    t1 = await setupTenant({ consultants: 1, groupName: "Group One" });
    t2 = await setupTenant({ consultants: 1, groupName: "Group Two" });
    s1 = (await stores.getStore(db, t1.store.tenantId, t1.store.storeId))!;
    s2 = (await stores.getStore(db, t2.store.tenantId, t2.store.storeId))!;
    const r3 = await t2.admin.post("/api/stores", { ...STORE_INPUT, name: "广州天河丰田", brands: [TOYOTA] });
    s3 = (await stores.getStore(db, r3.body.store.tenantId, r3.body.store.storeId))!;

    oemX = await oemPlatform.createOem({ name: "一汽-大众 FAW-VW", brands: [VW] });
    oemY = await oemPlatform.createOem({ name: "广汽丰田 GAC Toyota", brands: [TOYOTA] });
    regionA = (await oemPlatform.addRegion(oemX.oemId, { name: "华东 East" })).regionId;
    regionB = (await oemPlatform.addRegion(oemX.oemId, { name: "华南 South" })).regionId;
    regionC = (await oemPlatform.addRegion(oemY.oemId, { name: "华东 East" })).regionId;
    const user = (oemId: string, email: string, role: string, regionId?: string) =>
      oemPlatform.addUser(oemId, {
        email,
        name: email.split(".")[0]!,
        role,
        password: PASSWORD,
        ...(regionId ? { regionId } : {}),
      });
    await user(oemX.oemId, emails.repA, "regional_rep", regionA);
    await user(oemX.oemId, emails.repB, "regional_rep", regionB);
    await user(oemX.oemId, emails.adminX, "oem_admin");
    await user(oemY.oemId, emails.repC, "regional_rep", regionC);

    // day statistics (with PII in the tenant-internal detail lines) for last month and yesterday
    const { from, to } = oemMonthRange(lastMonth);
    for (const s of [s1, s2, s3]) {
      for (let d = from, i = 1; d <= to; d = addDays(d, 1), i++)
        if (i % 5 === 0) await stats.putDayStats(db, dayStats(s, d, (i % 3) + 1));
      await stats.putDayStats(db, dayStats(s, yesterday, 2));
    }
    // a target for s1's brand last month, and an aged stock vehicle
    const [y, m] = lastMonth.split("-").map(Number) as [number, number];
    const months = Array.from({ length: 12 }, () => 10);
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.salesTarget(s1.tenantId, s1.storeId, y, VW),
          type: "SalesTarget",
          tenantId: s1.tenantId,
          storeId: s1.storeId,
          year: y,
          brand: VW,
          annualUnits: 120,
          months,
          consultants: {},
          version: 1,
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
          createdBy: "x",
          updatedBy: "x",
        },
      }),
    );
    expect(m).toBeGreaterThan(0);
    // arrived on the 1st of last month (not aged at its end) and 200 days before that (aged)
    for (const [i, age] of [200, 0].entries()) {
      const at = new Date(Date.parse(`${lastMonth}-01T02:00:00Z`) - age * 86400_000).toISOString();
      await inventory.createVehicle(
        db,
        {
          tenantId: s1.tenantId,
          storeId: s1.storeId,
          vehicleId: newId(),
          vin: `LFV2A21K8G30123${40 + i}`,
          checkDigit: "not_used",
          engineNumber: `EA211-${i}`,
          brand: VW,
          modelCode: "SAG",
          modelName: "速腾 Sagitar",
          trimCode: "280",
          trimName: "280TSI",
          colourCode: "W",
          colourName: "白",
          msrp: 15_000_000,
          purchaseCost: 14_000_000,
          currency: "CNY",
          status: "in_stock",
          stockedAt: at,
          version: 1,
          createdAt: at,
          createdBy: "x",
          createdByName: "x",
        } as never,
        { at, by: "x", byName: "x", action: "vehicle.registered", detail: {} },
      );
    }
    // a complaint flagged for the OEM, with the customer's name and phone in the note
    const c = (
      await t1.manager.client.post(`/api/stores/${s1.storeId}/complaints`, {
        customerName: CUSTOMERS[0]!.name,
        mobile: CUSTOMERS[0]!.mobile,
        channel: "oem_hotline",
        category: "vehicle_quality",
        severity: "high",
        description: `${CUSTOMERS[0]!.name} 反映变速箱异响`,
      })
    ).body.complaint;
    const flag = await t1.manager.client.post(`/api/stores/${s1.storeId}/complaints/${c.complaintId}/oem`, {
      version: c.version,
      note: `客户${CUSTOMERS[0]!.name}（${CUSTOMERS[0]!.mobile}）反映变速箱异响 / gearbox noise`,
    });
    expect(flag.status).toBe(200);
  });

  describe("links and consent", () => {
    it("the group admin links a brand to an OEM region and consents; audited; one small read", async () => {
      const r = await t1.admin.put(`/api/stores/${s1.storeId}/oem-links/${encodeURIComponent(VW)}`, {
        oemId: oemX.oemId,
        regionId: regionA,
        dealerCode: "SH-0101",
        consent: true,
      });
      expect(r.status).toBe(200);
      expect(r.body.link).toMatchObject({ brand: VW, regionName: "华东 East", consent: true, version: 1 });
      const g = await t1.admin.get(`/api/stores/${s1.storeId}/oem-links`);
      expect(g.status).toBe(200);
      expect(g.body.links).toHaveLength(1);
      expect(g.body.oems.map((o: { name: string }) => o.name)).toEqual(["一汽-大众 FAW-VW"]);
      expect(g.body.audit[0]).toMatchObject({ action: "oem.link.created", byName: "Admin" });
      expect(g.dbCalls).toBeLessThanOrEqual(4);
      for (const [store, client, oemId, regionId, brand] of [
        [s2, t2.admin, oemX.oemId, regionB, VW],
        [s3, t2.admin, oemY.oemId, regionC, TOYOTA],
      ] as const) {
        const x = await client.put(`/api/stores/${store.storeId}/oem-links/${encodeURIComponent(brand)}`, {
          oemId,
          regionId,
          dealerCode: `D-${store.storeId.slice(-4)}`,
          consent: true,
        });
        expect(x.status).toBe(200);
      }
    });

    it("refuses other roles, other tenants, wrong brands, foreign regions, stale versions and bad input", async () => {
      const path = `/api/stores/${s1.storeId}/oem-links/${encodeURIComponent(VW)}`;
      const body = { oemId: oemX.oemId, regionId: regionA, dealerCode: "SH-0101", consent: true, version: 1 };
      expect((await t1.manager.client.put(path, body)).status).toBe(403);
      expect((await t1.manager.client.get(`/api/stores/${s1.storeId}/oem-links`)).status).toBe(403);
      expect((await t2.admin.put(path, body)).status).toBe(404);
      expect((await t2.admin.get(`/api/stores/${s1.storeId}/oem-links`)).status).toBe(404);
      expect(
        (await t1.admin.put(`/api/stores/${s1.storeId}/oem-links/${encodeURIComponent(TOYOTA)}`, body)).status,
      ).toBe(404);
      const wrongOem = await t1.admin.put(path, { ...body, oemId: oemY.oemId, regionId: regionC });
      expect(wrongOem.status).toBe(422);
      const foreignRegion = await t1.admin.put(path, { ...body, regionId: regionC });
      expect(foreignRegion.status).toBe(422);
      expect(foreignRegion.body.error.fields.regionId).toBeTruthy();
      expect((await t1.admin.put(path, { ...body, version: 7 })).status).toBe(409);
      const bad = await t1.admin.put(path, { ...body, dealerCode: "", consent: "yes", extra: 1 });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.fields).sort()).toEqual(expect.arrayContaining(["consent", "dealerCode"]));
    });
  });

  describe("KPI snapshot jobs", () => {
    it("write aggregates under the OEM partition; running twice changes nothing", async () => {
      for (const s of [s1, s2, s3]) {
        const m = await oemKpi.kpiMonthly(s, lastMonth);
        expect(m.snapshots).toBe(1);
        const d = await oemKpi.kpiDaily(s, yesterday);
        expect(d.snapshots).toBe(2);
      }
      const before = await allItems(db);
      for (const s of [s1, s2, s3]) {
        expect((await oemKpi.kpiMonthly(s, lastMonth)).skipped).toBe("already-run");
        expect((await oemKpi.kpiDaily(s, yesterday)).skipped).toBe("already-run");
      }
      const after = await allItems(db);
      const sortKey = (i: Record<string, unknown>) => `${i.PK}|${i.SK}`;
      expect(after.map(sortKey).sort()).toEqual(before.map(sortKey).sort());
      const byKey = new Map(before.map((i) => [sortKey(i), JSON.stringify(i)]));
      for (const i of after) expect(JSON.stringify(i)).toBe(byKey.get(sortKey(i)));

      const { ctx } = await oemSession(emails.repA);
      const view = await oemPortal.network(ctx, { month: lastMonth });
      expect(view.rows).toHaveLength(1);
      const k = view.rows[0]!.kpis!;
      const { from, to } = oemMonthRange(lastMonth);
      const days = await stats.listDayStats(db, s1.tenantId, s1.storeId, from, to);
      expect(k.walkIns).toBe(days.reduce((n, d) => n + d.walkIns, 0));
      expect(k.deliveries).toBe(days.reduce((n, d) => n + d.deliveries, 0));
      expect(k).toMatchObject({ complete: true, targetUnits: 10, stock: 2, agedStock: 1, agedShare: 0.5 });
      expect(k.attainment).toBeCloseTo(k.deliveries / 10, 4);
      expect(view.rows[0]!.ranks.deliveries).toBe(1);
    });

    it("no customer name, phone or personal field in any OEM-partition item", async () => {
      const items = (await allItems(db)).filter((i) => String(i.PK).startsWith("OEM#"));
      expect(items.some((i) => i.type === "OemKpi")).toBe(true);
      expect(items.some((i) => i.type === "OemComplaint")).toBe(true);
      const forbiddenFields = [
        "customerName",
        "mobile",
        "phone",
        "detail",
        "byConsultant",
        "prospectId",
        "consultantName",
      ];
      for (const i of items) {
        const text = JSON.stringify(i);
        for (const c of CUSTOMERS) {
          expect(text).not.toContain(c.name);
          expect(text).not.toContain(c.mobile);
          expect(text).not.toContain(c.name.slice(1));
        }
        for (const f of forbiddenFields) expect(Object.keys(i)).not.toContain(f);
      }
      const { ctx } = await oemSession(emails.repA);
      const fwd = await oemPortal.forwardedComplaints(ctx, {});
      expect(fwd.complaints).toHaveLength(1);
      expect(fwd.complaints[0]).toMatchObject({ category: "vehicle_quality", severity: "high", storeName: s1.name });
      expect(fwd.complaints[0]!.note).toContain("gearbox noise");
    });
  });

  describe("isolation of OEM users", () => {
    it("a rep of region A sees nothing of region B; an OEM sees nothing of another brand", async () => {
      const a = (await oemSession(emails.repA)).ctx;
      const b = (await oemSession(emails.repB)).ctx;
      const admin = (await oemSession(emails.adminX)).ctx;
      const c = (await oemSession(emails.repC)).ctx;
      const ids = (v: Awaited<ReturnType<typeof oemPortal.network>>) => v.rows.map((r) => r.dealer.storeId);
      expect(ids(await oemPortal.network(a, { month: lastMonth }))).toEqual([s1.storeId]);
      expect(ids(await oemPortal.network(b, { month: lastMonth }))).toEqual([s2.storeId]);
      expect(ids(await oemPortal.network(c, { month: lastMonth }))).toEqual([s3.storeId]);
      expect((await oemPortal.scope(a)).regions.map((r) => r.regionId)).toEqual([regionA]);
      await expect(oemPortal.network(a, { month: lastMonth, regionId: regionB })).rejects.toMatchObject({
        status: 404,
      });
      await expect(oemPortal.network(a, { month: lastMonth, regionId: regionC })).rejects.toMatchObject({
        status: 404,
      });
      await expect(oemPortal.network(admin, { month: lastMonth, regionId: regionC })).rejects.toMatchObject({
        status: 404,
      });
      await expect(oemPortal.trends(a, { to: lastMonth, regionId: regionB })).rejects.toMatchObject({ status: 404 });
      await expect(
        oemPortal.dealerHistory(a, { regionId: regionA, storeId: s2.storeId, brand: VW }),
      ).rejects.toMatchObject({ status: 404 });
      await expect(
        oemPortal.dealerHistory(c, { regionId: regionC, storeId: s1.storeId, brand: VW }),
      ).rejects.toMatchObject({ status: 404 });
      await expect(oemPortal.forwardedComplaints(b, { regionId: regionA })).rejects.toMatchObject({ status: 404 });
      expect((await oemPortal.forwardedComplaints(c, {})).complaints).toHaveLength(0);
      expect((await oemPortal.forwardedComplaints(b, {})).complaints).toHaveLength(0);
      // the OEM admin sees both regions of its own brand
      expect(ids(await oemPortal.network(admin, { month: lastMonth, regionId: regionB }))).toEqual([s2.storeId]);
      const hist = await oemPortal.dealerHistory(admin, { regionId: regionA, storeId: s1.storeId, brand: VW });
      expect(hist.months.map((m) => m.period)).toEqual(
        [lastMonth, yesterday.slice(0, 7)].filter((v, i, l) => l.indexOf(v) === i),
      );
      expect(hist.days.map((d) => d.period)).toEqual([yesterday]);
      const tr = await oemPortal.trends(admin, { regionId: regionA, to: yesterday.slice(0, 7), count: 3 });
      expect(tr.months).toHaveLength(3);
      expect(tr.months.find((m) => m.month === lastMonth)!.dealers).toBe(1);
    });

    it("an OEM session gets no data from any tenant endpoint (401), and no tenant session", async () => {
      const { token } = await oemSession(emails.repA);
      const client = new Client("oem");
      client.cookie = `dos_session=${encodeURIComponent(token)}`;
      expect(await auth.authenticate(token)).toBeNull();
      const sample: Record<string, string> = { storeId: s1.storeId, brand: VW };
      let checked = 0;
      for (const r of routes.filter((x) => x.auth)) {
        const path = r.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(sample[n] ?? newId()));
        const res = await client.call(r.method, path, r.body ? {} : undefined);
        expect(res.status, `${r.method} ${r.path}`).toBe(401);
        expect(Object.keys(res.body ?? {}), `${r.method} ${r.path}`).toEqual(["error"]);
        checked++;
      }
      expect(checked).toBeGreaterThan(50);
      // the tenant sign-in API refuses an OEM account; the web sign-in gives it an OEM session
      const api = await new Client().post("/api/session", { email: emails.repA, password: PASSWORD });
      expect(api.status).toBe(401);
      expect(api.cookies.join()).not.toContain("dos_session=");
      // a tenant token is no OEM session either
      const tenant = await oemAuth.signIn({ email: t1.adminEmail, password: PASSWORD });
      expect(tenant.kind).toBe("tenant");
      expect(await oemAuth.authenticateOem(tenant.token)).toBeNull();
      // signing out ends the OEM session
      await oemAuth.logoutOem(token);
      expect(await oemAuth.authenticateOem(token)).toBeNull();
    });

    it("no tenant web page opens with an OEM session, and no OEM page with a tenant session", async () => {
      const { handler } = (await import("../../web/server/lambda.ts")) as {
        handler: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
      };
      const page = (path: string, cookie: string) =>
        handler({
          version: "2.0",
          routeKey: "$default",
          rawPath: path,
          rawQueryString: "",
          cookies: [cookie],
          headers: { host: "dealer.example.com", "x-forwarded-proto": "https", "accept-language": "en" },
          requestContext: {
            http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
            domainName: "dealer.example.com",
            requestId: "r",
            timeEpoch: Date.now(),
          },
          isBase64Encoded: false,
        } as unknown as APIGatewayProxyEventV2);
      const { token } = await oemSession(emails.adminX);
      const oemCookie = `dos_session=${encodeURIComponent(token)}`;
      const tenantCookie = `dos_session=${encodeURIComponent((await oemAuth.signIn({ email: t1.adminEmail, password: PASSWORD })).token)}`;
      // every tenant page of the route folder (flat routes: `app.s.$storeId.prospects` → /app/s/<id>/prospects)
      const pages = readdirSync("web/app/routes")
        .filter((f) => /^app[._]/.test(f))
        .map(
          (f) =>
            `/${f
              .replace(/\.tsx?$/, "")
              .split(".")
              .filter((seg) => seg !== "_index")
              .map((seg) => seg.replace(/_$/, ""))
              .map((seg) => (seg === "$storeId" ? s1.storeId : seg.startsWith("$") ? newId() : seg))
              .join("/")}`,
        );
      expect(pages.length).toBeGreaterThan(30);
      for (const path of pages) {
        const r = await page(path, oemCookie);
        expect(r.statusCode, path).not.toBe(200);
        if (r.statusCode! < 400) expect(r.headers?.location ?? r.headers?.Location, path).toMatch(/^\/login/);
        expect(String(r.body ?? ""), path).not.toContain(s1.name);
      }
      // the same pages are real: the tenant's admin opens the store's OEM page
      const own = await page(`/app/stores/${s1.storeId}/oem`, tenantCookie);
      expect(own.statusCode).toBe(200);
      expect(String(own.body)).toContain(`OEM reporting · ${s1.name}`);
      expect(String(own.body)).toContain('data-testid="oem-link"');
      // the portal: the OEM admin opens it, a tenant session is sent to sign in
      const portal = await page(`/oem?month=${lastMonth}`, oemCookie);
      expect(portal.statusCode).toBe(200);
      expect(String(portal.body)).toContain("oem-network");
      for (const path of ["/oem", "/oem/trends", "/oem/complaints", `/oem/xlsx?view=network&month=${lastMonth}`]) {
        const r = await page(path, tenantCookie);
        expect(r.statusCode, path).toBe(302);
        expect(r.headers?.location, path).toMatch(/^\/login/);
      }
    });

    it("the platform refuses duplicate emails and unknown regions; no tenant route creates OEMs", async () => {
      await expect(
        oemPlatform.addUser(oemX.oemId, { email: t1.adminEmail, name: "X", role: "oem_admin", password: PASSWORD }),
      ).rejects.toMatchObject({ status: 409 });
      await expect(
        oemPlatform.addUser(oemX.oemId, {
          email: uniqueEmail("x"),
          name: "X",
          role: "regional_rep",
          regionId: regionC,
          password: PASSWORD,
        }),
      ).rejects.toMatchObject({ status: 404 });
      expect(routes.filter((r) => /oem/i.test(r.path) && r.method !== "GET").map((r) => r.path)).toEqual([
        "/api/stores/{storeId}/complaints/{id}/oem",
        "/api/stores/{storeId}/oem-links/{brand}",
      ]);
    });
  });

  describe("revoking consent", () => {
    it("hides the store at once and stops further snapshots; audited", async () => {
      const path = `/api/stores/${s1.storeId}/oem-links/${encodeURIComponent(VW)}`;
      const r = await t1.admin.put(path, {
        oemId: oemX.oemId,
        regionId: regionA,
        dealerCode: "SH-0101",
        consent: false,
        version: 1,
      });
      expect(r.status).toBe(200);
      expect(r.body.link).toMatchObject({ consent: false, version: 2 });
      expect(r.body.link.revokedAt).toBeTruthy();
      const audit = (await t1.admin.get(`/api/stores/${s1.storeId}/oem-links`)).body.audit;
      expect(audit[0]).toMatchObject({ action: "oem.consent.revoked" });

      const { ctx } = await oemSession(emails.repA);
      expect((await oemPortal.network(ctx, { month: lastMonth })).rows).toHaveLength(0);
      expect((await oemPortal.forwardedComplaints(ctx, {})).complaints).toHaveLength(0);
      await expect(
        oemPortal.dealerHistory(ctx, { regionId: regionA, storeId: s1.storeId, brand: VW }),
      ).rejects.toMatchObject({ status: 404 });

      const kpisOf = async () =>
        (await allItems(db)).filter((i) => i.type === "OemKpi" && i.storeId === s1.storeId).map((i) => `${i.SK}`);
      const before = await kpisOf();
      await stats.putDayStats(db, dayStats(s1, today, 3));
      expect(await oemKpi.kpiDaily(s1, today)).toMatchObject({ skipped: "no-consent", snapshots: 0 });
      expect(await oemKpi.kpiMonthly(s1, today.slice(0, 7))).toMatchObject({ skipped: "no-consent" });
      expect((await kpisOf()).sort()).toEqual(before.sort());

      // consent again: the store reappears and snapshots resume
      const again = await t1.admin.put(path, {
        oemId: oemX.oemId,
        regionId: regionA,
        dealerCode: "SH-0101",
        consent: true,
        version: 2,
      });
      expect(again.status).toBe(200);
      expect((await oemKpi.kpiDaily(s1, today)).snapshots).toBe(2);
      expect((await oemPortal.network(ctx, { month: lastMonth })).rows).toHaveLength(1);
    });
  });
});

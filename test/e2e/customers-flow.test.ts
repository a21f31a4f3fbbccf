/**
 * End to end in headless Chromium at phone width (375 px) against the real local
 * server (issue 7, H3): two deliveries to the same mobile make one repeat buyer;
 * the consultant finds him under Customers → Repeat buyers and his 360 shows both
 * cars, both purchases and the flag (English and Chinese); the service advisor
 * logs a roadside call from the 360, dispatches, and closes it.
 */

import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, localDate } from "@dealeros/core";
import { getDb, keys } from "@dealeros/db";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../functions/local/server.ts";
import { Client, PASSWORD, setupTenant, uniqueEmail } from "../support/api.ts";
import { startAppWithUploads } from "../support/app.ts";
import { noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { makeContract, makeVehicle } from "../support/delivery-fixtures.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let app: Awaited<ReturnType<typeof startAppWithUploads>>;

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).toString("base64");

describe("customers in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    app = await startAppWithUploads();
    ({ server, browser } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("the 360 of a repeat buyer shows both cars and the flag; a roadside call from it", async () => {
    const t = await setupTenant({ consultants: 1 });
    const consultant = t.consultants[0]!;
    const tenantId = t.receptionist.user.tenantId as string;
    const storeId = t.store.storeId as string;
    const base = `/api/stores/${storeId}`;
    const today = localDate(new Date(), "Asia/Shanghai");
    const join = async (name: string, roles: string[]) => {
      const email = uniqueEmail(name.toLowerCase().replace(/\s+/g, "-"));
      const inv = await t.admin.post("/api/invitations", { email, roles, storeIds: [storeId] });
      const c = new Client(name);
      const acc = await c.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
      expect(acc.status).toBe(201);
      return { client: c, email };
    };
    const admin = await join("Sales Admin", ["sales_admin"]);
    const advisor = await join("Wu Tao", ["service_advisor"]);
    const mobile = "13800005555";
    const card = (await consultant.client.post(`${base}/prospects`, { name: "Sun Li", mobile, source: "walk_in" })).body
      .prospect;
    const db = getDb();
    const models: string[] = [];
    for (const _ of [1, 2]) {
      const vehicle = await makeVehicle(db, tenantId, storeId);
      const c = await makeContract(db, {
        tenantId,
        storeId,
        prospectId: card.prospectId,
        customerName: card.name,
        consultant: { userId: consultant.user.userId, name: consultant.user.name },
        signedDate: today,
        expectedDeliveryDate: addDays(today, 3),
        paidFen: 219_900_00,
        vehicle,
        invoiced: true,
      });
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.contract(tenantId, c.contractId),
          UpdateExpression: "SET customerMobile = :m",
          ExpressionAttributeValues: { ":m": mobile },
        }),
      );
      const path = `${base}/contracts/${c.contractId}/delivery`;
      const v = (await admin.client.get(path)).body.contract.version;
      await admin.client.post(`${path}/appointment`, { version: v, date: addDays(today, 1), time: "10:00" });
      const photo = await admin.client.post(`${path}/photos`, { photoBase64: JPEG });
      const done = await admin.client.post(path, {
        version: photo.body.contract.version,
        checklist: { documents: true, keys: true, functions: true, accessories: true, photos: true },
        keysHandedOver: 2,
        customerSigned: true,
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      models.push(vehicle.vin);
    }

    // the consultant: Customers → Repeat buyers → the 360
    const page = await signIn(browser, server.url, consultant.email);
    await page.goto(`${server.url}/app/s/${storeId}`);
    await page.click(`.tabs a[href="/app/s/${storeId}/customers"]`);
    await page.waitForSelector("[data-testid=customer-search]");
    await page.click("[data-testid=repeat-filter]");
    await page.locator("[data-testid=customer-row]", { hasText: "Sun Li" }).waitFor();
    await expect(page.locator("[data-testid=customer-row]").count()).resolves.toBe(1);
    await page.click("[data-testid=customer-row] a");
    await page.waitForSelector("[data-testid=customer-head]");
    await expect(page.locator("[data-testid=repeat-flag]").textContent()).resolves.toBe("Repeat buyer");
    await expect(page.locator("[data-testid=vehicle-row]").count()).resolves.toBe(2);
    for (const vin of models)
      await expect(page.locator("[data-testid=vehicles]").textContent()).resolves.toContain(vin);
    await expect(page.locator("[data-testid=purchases] li").count()).resolves.toBe(2);
    await expect(page.locator("[data-testid=customer-head]").textContent()).resolves.toContain("2 cars bought here");
    await expect(noHorizontalScroll(page)).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-customer-360"), fullPage: true });

    // the same page in Chinese
    const zh = await signIn(browser, server.url, consultant.email, 375, "zh-CN");
    await zh.goto(page.url());
    await expect(zh.locator("[data-testid=repeat-flag]").textContent()).resolves.toBe("重复购买");
    await expect(zh.locator("[data-testid=customer-head]").textContent()).resolves.toContain("在本店购车 2 辆");
    await expect(noHorizontalScroll(zh)).resolves.toBe(true);
    await zh.screenshot({ path: screenshotPath("e2e-customer-360-zh"), fullPage: true });

    // the advisor logs a roadside call from the 360, dispatches himself, and closes it
    const desk = await signIn(browser, server.url, advisor.email);
    await desk.goto(page.url());
    await desk.click("text=Log a roadside call");
    await desk.waitForSelector("[data-testid=roadside-form]");
    await desk.fill("#f-location", "G60 K23");
    await desk.fill("#f-problem", "Flat battery");
    await Promise.all([desk.waitForURL(/\/roadside\/[0-9A-Z]{26}/), desk.click("[data-testid=log-call]")]);
    await expect(desk.locator("[data-testid=roadside-status]").textContent()).resolves.toBe("Called");
    await desk.selectOption("#f-technicianId", { label: "Wu Tao" });
    await desk.click("[data-testid=dispatch]");
    await desk.locator("[data-testid=roadside-status]", { hasText: "Dispatched" }).waitFor();
    await desk.click("[data-testid=arrive]");
    await desk.locator("[data-testid=roadside-status]", { hasText: "Arrived" }).waitFor();
    await desk.fill("#f-outcome", "Jump-started");
    await desk.fill("#f-charge", "150");
    await desk.click("[data-testid=close-call]");
    await desk.locator("[data-testid=roadside-status]", { hasText: "Done" }).waitFor();
    await expect(noHorizontalScroll(desk)).resolves.toBe(true);
    await desk.goto(`${server.url}/app/s/${storeId}/roadside`);
    await expect(desk.locator("[data-testid=roadside-figures]").textContent()).resolves.toContain("Calls1");
    await expect(noHorizontalScroll(desk)).resolves.toBe(true);
    await desk.screenshot({ path: screenshotPath("e2e-roadside"), fullPage: true });
  });
});

/**
 * End to end in headless Chromium at phone width (375 px) against the real local
 * server: the 16:30 job generates the day's sales report; the GM opens the
 * Reports tab, goes to the daily reports, opens today's report and sees the
 * figures and the order line with model, engine number, colour, trim and
 * customer; the period view shows the funnel; the e-mail is in the outbox;
 * the XLSX download is a workbook. No page scrolls sideways.
 */
import { addDays, localDate } from "@dealeros/core";
import { getDb } from "@dealeros/db";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runForPeriod } from "../../functions/jobs/run.ts";
import { startServer } from "../../functions/local/server.ts";
import { Client, freshTable, PASSWORD, setupTenant, uniqueEmail } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { makeContract, makeVehicle } from "../support/delivery-fixtures.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

describe("the daily sales report in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the GM opens the report the 16:30 job generated", async () => {
    const t = await setupTenant({ consultants: 1 });
    const consultant = t.consultants[0]!;
    const tenantId = t.receptionist.user.tenantId as string;
    const storeId = t.store.storeId as string;
    const today = localDate(new Date(), t.store.timeZone);
    const gmEmail = uniqueEmail("e2e-gm");
    const inv = await t.admin.post("/api/invitations", {
      email: gmEmail,
      roles: ["general_manager"],
      storeIds: [storeId],
    });
    expect(inv.status).toBe(201);
    expect(
      (
        await new Client("gm").post(`/api/invitations/${inv.body.token}/accept`, {
          name: "Wang GM",
          password: PASSWORD,
        })
      ).status,
    ).toBe(201);

    // the day: a consultant on duty, two walk-ins, a card and an order with an allocated vehicle
    expect(
      (await consultant.client.put(`/api/stores/${storeId}/duty/${consultant.user.userId}`, { onDuty: true })).status,
    ).toBe(200);
    for (let i = 0; i < 2; i++)
      expect(
        (
          await t.receptionist.client.post(`/api/stores/${storeId}/walk-ins`, {
            partySize: 1,
            visitType: "first",
            source: "walk_in",
          })
        ).status,
      ).toBe(201);
    const card = (
      await consultant.client.post(`/api/stores/${storeId}/prospects`, {
        name: "Zhou Jie",
        mobile: "13800003333",
        source: "walk_in",
      })
    ).body.prospect;
    const db = getDb();
    const vehicle = await makeVehicle(db, tenantId, storeId);
    const contract = await makeContract(db, {
      tenantId,
      storeId,
      prospectId: card.prospectId,
      customerName: card.name,
      consultant: { userId: consultant.user.userId, name: consultant.user.name },
      signedDate: today,
      expectedDeliveryDate: addDays(today, 7),
      paidFen: 20_000_00,
      vehicle,
    });
    const run = await runForPeriod("daily-report", today, storeId);
    expect(run.failed).toEqual([]);

    const gm = await signIn(browser, server.url, gmEmail);
    await gm.goto(`${server.url}/app/s/${storeId}`);
    await Promise.all([gm.waitForURL(/\/reports/), gm.click(".tabs >> text=Reports")]);
    await Promise.all([gm.waitForURL(/\/daily-reports$/), gm.click("text=Daily reports")]);
    await gm.waitForSelector("[data-testid=daily-reports]");
    expect(await gm.textContent("[data-testid=daily-reports]")).toContain(today);
    await Promise.all([gm.waitForURL(new RegExp(`/daily-reports/${today}$`)), gm.click(`text=${today}`)]);

    await expect(gm.textContent("[data-testid=daily-report-title]")).resolves.toContain(today);
    await expect(gm.textContent("[data-testid=daily-report-generated]")).resolves.toContain("Generated");
    await expect(gm.textContent("[data-testid=daily-walkIns]")).resolves.toContain("2");
    await expect(gm.textContent("[data-testid=daily-orders]")).resolves.toContain("1");
    const line = await gm.textContent("[data-testid=daily-detail-order]");
    for (const text of [
      contract.contractNo,
      "Zhou Jie",
      "迈腾 Magotan",
      "330TSI 豪华型",
      "极地白",
      vehicle.engineNumber,
    ])
      expect(line).toContain(text);
    expect(await noHorizontalScroll(gm)).toBe(true);
    await gm.screenshot({ path: screenshotPath("e2e-daily-report-375"), fullPage: true });

    // the XLSX of the report is a workbook (a zip: "PK")
    const xlsx = await gm.request.get(`${server.url}/app/s/${storeId}/daily-reports/${today}/xlsx`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");

    // the period view: the day's funnel
    await gm.goto(`${server.url}/app/s/${storeId}/reports?period=day&date=${today}`);
    const funnel = await gm.textContent("[data-testid=reports-funnel]");
    expect(funnel).toContain(consultant.user.name);
    expect(funnel).toContain("Store total");
    expect(await noHorizontalScroll(gm)).toBe(true);
    await gm.screenshot({ path: screenshotPath("e2e-reports-375"), fullPage: true });
    const href = await gm.getAttribute("[data-testid=reports-xlsx]", "href");
    const book = await gm.request.get(`${server.url}${href}`);
    expect(book.status()).toBe(200);
    expect((await book.body()).subarray(0, 2).toString()).toBe("PK");

    // the e-mail to the GM is in the outbox
    await gm.goto(`${server.url}/app/outbox`);
    await Promise.all([gm.waitForURL(/\/app\/outbox\/\w+/), gm.click(`text=Daily sales report ${today}`)]);
    await expect(gm.textContent("[data-testid=outbox-message]")).resolves.toContain(contract.contractNo);
    expect(await noHorizontalScroll(gm)).toBe(true);
  });
});

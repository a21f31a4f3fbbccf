/**
 * End to end in headless Chromium (375 px): the service advisor opens a repair
 * order from an arrived appointment, estimates labour and a part that is out of
 * stock, records the customer's approval (the part is ordered, the car waits
 * for parts), receives the parts order, passes quality check, settles — and the
 * 3-day follow-up call is in the advisor's plan on its day.
 */
import { addDays, localDate, weekdayIndex } from "@dealeros/core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { joinStore, makeCustomer } from "../support/service.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

describe("repair order in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs an arrived appointment's repair order through a parts shortage to settlement and the 3-day call", async () => {
    const db = await import("@dealeros/db").then((m) => m.getDb());
    const t = await setupTenant({ consultants: 0 });
    const advisor = await joinStore(t, "Wu Tao", ["service_advisor"]);
    const storeId = t.store.storeId;
    const api = `/api/stores/${storeId}`;
    const customer = await makeCustomer(db, storeId, advisor.user.tenantId, "Wang Wei");
    expect(
      (
        await advisor.client.put(`${api}/parts/WB-300`, {
          name: "Wiper blades",
          priceFen: 12_000,
          stock: 0,
          leadDays: 4,
        })
      ).status,
    ).toBe(200);
    let day = addDays(localDate(new Date(), "Asia/Shanghai"), 1);
    while (weekdayIndex(day) > 4) day = addDays(day, 1);
    const booked = await advisor.client.post(`${api}/service/appointments`, {
      customerId: customer.customerId,
      vin: customer.vehicles[0]!.vin,
      serviceType: "repair",
      date: day,
      time: "10:00",
      concern: "Wipers smear",
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const appointmentId = booked.body.appointment.appointmentId as string;
    expect((await advisor.client.post(`${api}/service/appointments/${appointmentId}/arrive`, {})).status).toBe(200);

    const page = await signIn(browser, server.url, advisor.email);
    await page.goto(`${server.url}/app/s/${storeId}`);
    await page.click(`.tabs a[href="/app/s/${storeId}/ro"]`);
    await page.waitForSelector("[data-testid=ro-board]");

    // reception from the appointment
    await page.goto(`${server.url}/app/s/${storeId}/ro/new?appointmentId=${appointmentId}`);
    await page.waitForSelector("[data-testid=ro-reception]");
    await page.fill("input[name=mileageKm]", "12500");
    await page.fill("textarea[name=damageNotes]", "Scratch on the front bumper");
    expect(await noHorizontalScroll(page)).toBe(true);
    await Promise.all([page.waitForURL(/\/ro\/[0-9A-Z]{26}$/), page.click("[data-testid=ro-create]")]);
    await expect(page.locator("[data-testid=ro-header] h2").textContent()).resolves.toContain("WO-000001");
    await expect(page.locator("[data-testid=ro-state]").first().textContent()).resolves.toBe("Received");

    // estimate: labour and the wiper blades (out of stock)
    const labour = page.locator("[data-testid=ro-add-labour]");
    await labour.locator("input[name=description]").fill("Replace wipers");
    await labour.locator("input[name=hours]").fill("0.5");
    await labour.locator("input[name=rate]").fill("300");
    await labour.locator("button[type=submit]").click();
    await page.waitForSelector("text=Saved.");
    await page.locator("[data-testid=ro-add-part] button[type=submit]").click();
    await page.locator("[data-testid=ro-line]").nth(1).waitFor();
    await expect(page.locator("[data-testid=ro-line]").count()).resolves.toBe(2);
    await page.click("button:has-text('Send the estimate to the customer')");
    await page.waitForSelector("[data-testid=ro-approve]");
    await page.selectOption("[data-testid=ro-approve] select[name=method]", "wechat");
    await page.click("[data-testid=ro-approve] button[type=submit]");
    await page.waitForSelector("[data-testid=ro-parts-expected]");
    await expect(page.locator("[data-testid=ro-state]").first().textContent()).resolves.toBe("Waiting for parts");
    await expect(page.locator("[data-testid=ro-parts-orders]").textContent()).resolves.toContain("WB-300");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-ro-waiting-parts"), fullPage: true });
    const roUrl = page.url();

    // the parts arrive
    await page.goto(`${server.url}/app/s/${storeId}/parts`);
    const order = page.locator("[data-testid=parts-order]", { hasText: "WO-000001" });
    await order.locator("button:has-text('Received')").click();
    await page.waitForSelector("text=No open parts orders.");
    expect(await noHorizontalScroll(page)).toBe(true);

    // back to work → quality check → ready → settled
    await page.goto(roUrl);
    await expect(page.locator("[data-testid=ro-state]").first().textContent()).resolves.toBe("In progress");
    await page.click("button:has-text('To quality check')");
    await page.waitForSelector("button:has-text('Passed: ready for the customer')");
    await page.click("button:has-text('Passed: ready for the customer')");
    await page.waitForSelector("[data-testid=ro-settle]");
    await expect(page.locator("[data-testid=ro-settle] input[name=amount]").inputValue()).resolves.toBe("270.00");
    await page.click("[data-testid=ro-settle] button[type=submit]");
    await page.waitForSelector("[data-testid=ro-settlement]");
    await expect(page.locator("[data-testid=ro-state]").first().textContent()).resolves.toBe("Settled");
    await page.screenshot({ path: screenshotPath("e2e-ro-settled"), fullPage: true });

    // the 3-day follow-up call in the advisor's plan on its day
    const callDay = addDays(localDate(new Date(), "Asia/Shanghai"), 3);
    await page.goto(`${server.url}/app/s/${storeId}/plan?date=${callDay}`);
    const call = page.locator("li, tr, .card", { hasText: "Service follow-up call" }).filter({ hasText: "Wang Wei" });
    await expect(call.first().isVisible()).resolves.toBe(true);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-ro-call"), fullPage: true });
  });
});

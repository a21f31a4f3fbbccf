/**
 * End to end in headless Chromium (375 px), one advisor's whole job: find a customer,
 * book the car into the first suggested slot, see it on the arrival board and mark it
 * arrived, open the repair order from the board, estimate labour and a part that is
 * out of stock, record the customer's approval (the part is ordered, the car waits
 * for parts), receive the parts order, pass quality check, settle — and the 3-day
 * follow-up call is in the advisor's plan on its day. Then the settings page in Chinese.
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

describe("service booking to settlement in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("books into the suggested slot, marks it arrived, and runs its repair order through a parts shortage to settlement and the 3-day call", async () => {
    const db = await import("@dealeros/db").then((m) => m.getDb());
    const t = await setupTenant({ consultants: 0 });
    const advisor = await joinStore(t, "Wu Tao", ["service_advisor"]);
    const storeId = t.store.storeId;
    const customer = await makeCustomer(db, storeId, advisor.user.tenantId, "Wang Wei");
    // another customer already in the 08:00 slot: the first suggestion moves on
    const busy = await makeCustomer(db, storeId, advisor.user.tenantId, "Li Na");
    let day = addDays(localDate(new Date(), "Asia/Shanghai"), 2);
    while (weekdayIndex(day) > 4) day = addDays(day, 1);
    const pre = await advisor.client.post(`/api/stores/${storeId}/service/appointments`, {
      customerId: busy.customerId,
      vin: busy.vehicles[0]!.vin,
      serviceType: "maintenance",
      date: day,
      time: "08:00",
    });
    expect(pre.status).toBe(201);
    const partPut = await advisor.client.put(`/api/stores/${storeId}/parts/WB-300`, {
      name: "Wiper blades",
      priceFen: 12_000,
      stock: 0,
      leadDays: 4,
    });
    expect(partPut.status).toBe(200);

    const page = await signIn(browser, server.url, advisor.email);
    await page.goto(`${server.url}/app/s/${storeId}`);
    await page.click(`.tabs a[href="/app/s/${storeId}/service"]`);
    await page.waitForSelector("[data-testid=svc-counts]");
    await page.click("text=Book a service");
    await page.fill("input[name=q]", "wang");
    await page.click("button:has-text('Search')");
    await page.locator("[data-testid=svc-results] >> text=Choose").first().click();
    await page.waitForSelector("text=Show free places");
    await page.fill("input[name=date]", day);
    await Promise.all([page.waitForURL(new RegExp(`date=${day}`)), page.click("button:has-text('Show free places')")]);
    await page.waitForSelector(`text=Free places on ${day}`);
    const first = page.locator("[data-testid=svc-suggested]").first();
    const suggested = (await first.locator("input").getAttribute("value"))!;
    expect(suggested).not.toBe("08:00");
    await expect(first.locator("input").isChecked()).resolves.toBe(true);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-service-book"), fullPage: true });
    await page.fill("[data-testid=svc-book-form] input[name=concern]", "Wipers smear");
    await page.click("[data-testid=svc-book-form] button[type=submit]");
    await page.waitForSelector("[data-testid=svc-booked]");
    await expect(page.locator("[data-testid=svc-confirmation]").textContent()).resolves.toContain(suggested);

    await page.click("[data-testid=svc-booked] >> text=See the arrival board");
    await page.waitForSelector("[data-testid=svc-board]");
    const card = page.locator("[data-testid=svc-appt]", { hasText: "Wang Wei" });
    await expect(card.textContent()).resolves.toContain(suggested);
    await expect(page.locator("[data-testid=svc-count-expected] b").textContent()).resolves.toBe("2");
    await card.locator("button:has-text('Arrived')").click();
    await page.waitForSelector("text=Marked arrived.");
    const after = page.locator("[data-testid=svc-appt]", { hasText: "Wang Wei" });
    await after.locator("[data-testid=svc-status]", { hasText: "Arrived" }).waitFor();
    await expect(after.locator("[data-testid=svc-status]").textContent()).resolves.toBe("Arrived");
    await expect(page.locator("[data-testid=svc-count-arrived] b").textContent()).resolves.toBe("1");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-service-board"), fullPage: true });
    expect(customer.name).toBe("Wang Wei");

    // reception from the arrival board: the repair order of the arrived appointment
    await after.locator("[data-testid=svc-open-ro]").click();
    await page.waitForSelector("[data-testid=ro-reception]");
    // the concern given at booking is carried into the reception form
    await expect(page.locator("textarea[name=concerns]").inputValue()).resolves.toBe("Wipers smear");
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

    // in Chinese, and the settings page at 375 px
    await page.goto(`${server.url}/app/s/${storeId}/service?date=${day}`);
    await page.waitForSelector("[data-testid=svc-board]");
    await page.click("[data-testid=lang-switch]");
    await page.waitForSelector("text=售后来店看板");
    await page.goto(`${server.url}/app/s/${storeId}/service/settings`);
    await page.waitForSelector("[data-testid=svc-settings-form]");
    await expect(page.locator("h2").first().textContent()).resolves.toBe("售后设置");
    await page.screenshot({ path: screenshotPath("e2e-service-settings-zh"), fullPage: true });
    expect(await noHorizontalScroll(page)).toBe(true);
    // save from the form: fewer bays, closed on Sundays
    await page.fill("input[name=bays]", "4");
    await page.check("input[name='wd.6.closed']");
    await page.click("[data-testid=svc-settings-form] button[type=submit]");
    await page.waitForSelector("text=已保存。");
    const saved = (await advisor.client.get(`/api/stores/${storeId}/service/settings`)).body.settings;
    expect(saved).toMatchObject({ version: 1, bays: 4, technicians: 5 });
    expect(saved.weekHours[6]).toBeNull();
  });
});

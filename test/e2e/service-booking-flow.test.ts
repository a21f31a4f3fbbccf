/**
 * End to end in headless Chromium (375 px): the service advisor finds a customer,
 * books the car into the first suggested slot, sees it on the arrival board and
 * marks it arrived.
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

describe("service booking in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("books into the first suggested slot, shows it on the arrival board, and marks it arrived", async () => {
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

    // in Chinese, and the settings page at 375 px
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

/**
 * End to end in headless Chromium at 375 px: the sales admin (销售内勤) sees the
 * secondary dealer's ledger, runs last month's month-end, resolves the
 * discrepancy it finds (a wholesale left unpaid) with a note and closes the
 * month; the same page in Chinese.
 */
import { addDays, localDate } from "@dealeros/core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { CATALOGUE, joinAs, stockVehicle, VINS } from "../support/deals.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;
let email: string;
let lastMonth: string;

describe("month-end in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await freshTable();
    t = await setupTenant({ consultants: 1, groupName: "Month-end E2E Motors" });
    const admin = await joinAs(t, "内勤 周敏", ["sales_admin"], { emailPrefix: "sales-admin" });
    email = admin.email;
    const base = `/api/stores/${t.store.storeId}`;
    expect((await admin.client.put("/api/catalogue", CATALOGUE)).status).toBe(200);
    const vehicle = await stockVehicle(admin.client, base, VINS[0]!);
    const dealer = await admin.client.post(`${base}/dealers`, {
      name: "苏州吴中恒通汽车销售",
      contactName: "张建国",
      phone: "0512-65581234",
      creditLimitFen: 800_000_00,
    });
    expect(dealer.status).toBe(201);
    const today = localDate(new Date(), t.store.timeZone);
    const lastMonthDay = addDays(`${today.slice(0, 7)}-01`, -5);
    lastMonth = lastMonthDay.slice(0, 7);
    const ws = await admin.client.post(`${base}/dealers/${dealer.body.dealer.dealerId}/wholesales`, {
      vehicleId: vehicle.vehicleId,
      priceFen: 168_000_00,
      date: lastMonthDay,
    });
    expect(ws.status).toBe(201);
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs last month's month-end, resolves the discrepancy and closes the month", async () => {
    const page = await signIn(browser, server.url, email);
    const store = `${server.url}/app/s/${t.store.storeId}`;
    await page.goto(`${store}/dealers`);
    await page.click("[data-testid=dealer-list] >> text=苏州吴中恒通汽车销售");
    await page.waitForSelector("[data-testid=dealer-ledger]");
    expect(await page.locator("[data-testid=dealer-balance]").textContent()).toContain("168,000.00");
    expect(await page.locator("[data-testid=dealer-pickups] tbody tr").first().textContent()).toContain(lastMonth);
    expect(await noHorizontalScroll(page)).toBe(true);

    await page.click(`a[href$="/month-end"]`);
    await page.waitForSelector("[data-testid=month-end-run]");
    expect(await page.locator("#me-month").inputValue()).toBe(lastMonth);
    await page.click("[data-testid=month-end-run-button]");
    const item = page.locator("[data-testid=discrepancy-wholesale_unpaid]");
    await item.waitFor();
    expect(await item.textContent()).toContain("Wholesale not paid");
    expect(await item.textContent()).toContain("168,000.00");
    expect(await page.locator("[data-testid=month-end-open]").textContent()).toBe("1");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-month-end-found"), fullPage: true });

    // resolving needs a note: empty → field error, nothing changed
    await item.locator("button[value=resolve]").click();
    await item.locator(".field-error").waitFor();
    expect(await item.locator(".field-error").textContent()).toBe("Note is required.");
    await item.locator("input[name=note]").fill("二网 11 月 3 日回款，财务已确认");
    await item.locator("button[value=resolve]").click();
    await page.waitForSelector("[data-testid=discrepancy-wholesale_unpaid] .pill.ok");
    expect(await page.locator("[data-testid=month-end-open]").textContent()).toBe("0");
    expect(await item.textContent()).toContain("二网 11 月 3 日回款，财务已确认");

    await page.click("[data-testid=close-month]");
    await page.waitForSelector("[data-testid=period-closed]");
    expect(await page.locator("[data-testid=period-closed]").textContent()).toContain("Closed by 内勤 周敏");
    // closed: no more run / resolve buttons
    expect(await page.locator("[data-testid=month-end-run-button]").count()).toBe(0);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-month-end-closed"), fullPage: true });
  });

  it("shows the month-end in Chinese", async () => {
    const page = await signIn(browser, server.url, email, 375, "zh-CN");
    await page.goto(`${server.url}/app/s/${t.store.storeId}/month-end?month=${lastMonth}`);
    await page.waitForSelector("[data-testid=period-closed]");
    expect(await page.locator("h1").last().textContent()).toBe("月末对账");
    expect(await page.locator("[data-testid=discrepancy-wholesale_unpaid]").textContent()).toContain("批售未回款");
    expect(await page.locator("[data-testid=period-closed]").textContent()).toContain("结账");
    expect(await noHorizontalScroll(page)).toBe(true);
  });
});

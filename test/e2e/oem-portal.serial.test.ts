/**
 * End to end in headless Chromium on the seeded demo: an OEM regional rep signs
 * in on the same /login as dealership staff, lands on /oem and sees the region's
 * network table with the demo stores' KPIs (and the second group's), drills
 * down to one dealer, opens trends, downloads the XLSX, and cannot open any
 * tenant page. Phone width (375 px), English and Chinese.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from "../../functions/local/seed.ts";
import { startServer } from "../../functions/local/server.ts";
import { freshTable } from "../support/api.ts";
import { launchBrowser, newPage, noHorizontalScroll, screenshotPath } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

describe("OEM portal in the browser", { timeout: 300_000 }, () => {
  beforeAll(async () => {
    const db = await freshTable();
    await seedDemo(db);
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a regional rep signs in and sees the network table with the demo stores' KPIs", async () => {
    const base = server.url;
    const page = await newPage(browser, 375);
    await page.goto(`${base}/login`);
    await page.fill("input[name=email]", "east.rep@faw-vw.example.com");
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/oem/), page.click("form.stack button[type=submit]")]);
    await expect(page.locator("[data-testid=oem-user]").textContent()).resolves.toContain("Regional rep");

    // last month: complete snapshots of every consenting Volkswagen dealer of the East region
    const now = new Date();
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 7);
    await page.goto(`${base}/oem?month=${last}`);
    const rows = page.locator("[data-testid=oem-dealer-row]");
    await expect(rows.count()).resolves.toBe(5);
    const table = (await page.locator("[data-testid=oem-network]").textContent()) ?? "";
    for (const name of [
      "上海浦东大众4S店",
      "苏州园区汽车城",
      "南京江宁大众4S店",
      "无锡新区大众4S店",
      "宁波鄞州大众4S店",
    ])
      expect(table).toContain(name);
    // Toyota (another OEM), Hangzhou (no consent) and Guangzhou (South region) are not there
    for (const name of ["杭州西湖丰田4S店", "广州天河大众4S店"]) expect(table).not.toContain(name);
    const shanghai = rows.filter({ hasText: "上海浦东大众4S店" });
    const deliveries = await shanghai.locator("td[data-label=Deliveries]").textContent();
    expect(Number(deliveries)).toBeGreaterThan(0);
    await expect(shanghai.locator("td[data-label=Walk-ins]").textContent()).resolves.toMatch(/^\d[\d,]*$/);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-oem-network"), fullPage: true });

    // XLSX of the table
    const href = await page.getAttribute("[data-testid=oem-xlsx]", "href");
    const xlsx = await page.request.get(`${base}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");

    // drill down to the Shanghai store's history, then the trends
    await Promise.all([page.waitForURL(/\/oem\/dealer\//), shanghai.locator("a").first().click()]);
    await page.waitForSelector("[data-testid=oem-history-months] tbody tr");
    await expect(page.locator("[data-testid=oem-history-months] tbody tr").count()).resolves.toBeGreaterThanOrEqual(3);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.goto(`${base}/oem/trends`);
    await expect(page.locator("[data-testid=oem-trends] tbody tr").count()).resolves.toBe(6);
    await page.goto(`${base}/oem/complaints`);
    await expect(page.locator("h1").textContent()).resolves.toContain("Complaints forwarded");

    // no tenant page opens with an OEM session: /app sends to sign-in, which sends back to the portal
    await page.goto(`${base}/app`);
    await expect(page.url()).toMatch(/\/oem$/);
    const api = await page.request.get(`${base}/api/stores`);
    expect(api.status()).toBe(401);
  });

  it("Chinese at phone width, and staff still land on /app", async () => {
    const base = server.url;
    const page = await newPage(browser, 375, "zh-CN");
    await page.goto(`${base}/login`);
    await page.fill("input[name=email]", "admin@faw-vw.example.com");
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/oem/), page.click("form.stack button[type=submit]")]);
    await page.waitForSelector("h1:has-text('经销商网络')");
    await page.screenshot({ path: screenshotPath("e2e-oem-network-zh"), fullPage: true });
    expect(await noHorizontalScroll(page)).toBe(true);

    const staff = await newPage(browser, 375);
    await staff.goto(`${base}/login`);
    await staff.fill("input[name=email]", `manager@${DEMO_DOMAIN}`);
    await staff.fill("input[name=password]", DEMO_PASSWORD);
    await Promise.all([staff.waitForURL(/\/app/), staff.click("form.stack button[type=submit]")]);
    await staff.goto(`${base}/oem`);
    await expect(staff.url()).toMatch(/\/app/);
  });

  it("the group admin grants consent for Hangzhou; the Toyota rep then sees it", async () => {
    const base = server.url;
    const admin = await newPage(browser, 375);
    await admin.goto(`${base}/login`);
    await admin.fill("input[name=email]", `admin@${DEMO_DOMAIN}`);
    await admin.fill("input[name=password]", DEMO_PASSWORD);
    await Promise.all([admin.waitForURL(/\/app/), admin.click("form.stack button[type=submit]")]);
    await admin.goto(`${base}/app/stores`);
    const row = admin.locator("tr", { hasText: "杭州西湖丰田4S店" });
    await Promise.all([admin.waitForURL(/\/oem$/), row.locator("a", { hasText: "OEM reporting" }).click()]);
    const card = admin.locator("[data-testid=oem-link]");
    await expect(card.locator("[data-testid=oem-consent-state]").textContent()).resolves.toContain("Not sharing KPIs");
    await card.locator("input[name=consent]").check();
    await card.locator("button[type=submit]").click();
    await admin.waitForSelector("[data-testid=oem-consent-state]:has-text('Sharing KPIs since')");
    await admin.waitForSelector("text=Consent granted");
    await admin.screenshot({ path: screenshotPath("e2e-oem-links"), fullPage: true });
    expect(await noHorizontalScroll(admin)).toBe(true);

    const rep = await newPage(browser, 375);
    await rep.goto(`${base}/login`);
    await rep.fill("input[name=email]", "east.rep@gac-toyota.example.com");
    await rep.fill("input[name=password]", DEMO_PASSWORD);
    await Promise.all([rep.waitForURL(/\/oem/), rep.click("form.stack button[type=submit]")]);
    const table = (await rep.locator("[data-testid=oem-network]").textContent()) ?? "";
    expect(table).toContain("杭州西湖丰田4S店");
    expect(table).toContain("苏州园区汽车城");
    expect(table).not.toContain("上海浦东大众4S店");
    await rep.goto(`${base}/oem/complaints`);
    await rep.screenshot({ path: screenshotPath("e2e-oem-complaints"), fullPage: true });
  });
});

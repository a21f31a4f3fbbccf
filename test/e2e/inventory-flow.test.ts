/**
 * End to end in headless Chromium on a phone-sized screen (375 px): the aging
 * screen of a seeded store (buckets, chart, aged share, keys out too long), a
 * purchase order to the OEM, then registering a vehicle by VIN against its line (a bad VIN first: field error, nothing written),
 * arrival with the inspection checklist (a failed item without notes first),
 * into stock, keys taken; and the same screen in Chinese.
 */
import { identity } from "@dealeros/db";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInventory } from "../../functions/local/seed-inventory.ts";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;

describe("inventory in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const db = await freshTable();
    t = await setupTenant({ consultants: 1, groupName: "Inventory E2E Motors" });
    const tenantId = t.receptionist.user.tenantId as string;
    await seedInventory(db, {
      tenantId,
      stores: [t.store],
      users: await identity.listUsers(db, tenantId),
      now: new Date(),
    });
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows aging, registers a vehicle, inspects it on arrival and takes its keys", async () => {
    const page = await signIn(browser, server.url, t.adminEmail);
    const inv = `${server.url}/app/s/${t.store.storeId}/inventory`;
    await page.goto(inv);
    await page.waitForSelector("[data-testid=aging-chart]");
    expect(await page.locator("[data-testid=aged-share]").textContent()).toMatch(/^\d+%$/);
    expect(await page.locator("[data-testid=aging-table] tbody tr").count()).toBeGreaterThan(1);
    await expect(page.locator("[data-testid=key-out].warn").textContent()).resolves.toMatch(/Keys out over 120 min/);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-inventory-aging"), fullPage: true });

    // a purchase order to the OEM for one vehicle of the first trim and colour
    await page.fill("[data-testid=raise-po] input[name=quantity]", "1");
    await page.click("[data-testid=raise-po] button[type=submit]");
    await page.waitForSelector("[data-testid=open-po-lines] >> text=0 of 1 arrived");
    expect(await page.locator("[data-testid=open-po-lines] .pill").first().textContent()).toBe("0 of 1 arrived");

    // a VIN with a wrong check digit: field error, the form keeps what was typed
    const stockBefore = await page.locator("[data-testid=vehicle-list] li").count();
    await page.fill("input[name=vin]", "LRWYGDEE2PC010116");
    await page.fill("input[name=engineNumber]", "DKX778899");
    await page.fill("input[name=purchaseCost]", "198000");
    await page.click("[data-testid=register-vehicle] button[type=submit]");
    await expect(page.locator("#f-vin-err").textContent()).resolves.toMatch(/should be 1, not 2/);
    expect(await page.locator("input[name=engineNumber]").inputValue()).toBe("DKX778899");
    expect(await page.locator("[data-testid=vehicle-list] li").count()).toBe(stockBefore);

    await page.fill("input[name=vin]", "lrwygdee1pc010116");
    await page.selectOption("select[name=poLine]", { index: 1 });
    await Promise.all([page.waitForURL(/\/v\//), page.click("[data-testid=register-vehicle] button[type=submit]")]);
    expect(await page.locator("[data-testid=vehicle-vin]").textContent()).toBe("LRWYGDEE1PC010116");
    expect(await page.locator("[data-testid=vehicle-status]").textContent()).toBe("On order");

    await page.click("[data-testid=move-in_transit] button");
    await page.waitForSelector("[data-testid=move-arrived]");
    // a failed inspection item without damage notes is refused
    await page.uncheck("input[name='item.exterior']");
    await page.click("[data-testid=move-arrived] button");
    await expect(page.locator("#f-damageNotes-err").textContent()).resolves.toMatch(/Describe the damage/);
    await page.uncheck("input[name='item.exterior']");
    await page.fill("input[name=damageNotes]", "左后门划痕 5 cm");
    await page.click("[data-testid=move-arrived] button");
    await page.waitForSelector("[data-testid=move-in_stock]");
    expect(await page.locator("[data-testid=vehicle-status]").textContent()).toBe("Arrived");
    await page.click("[data-testid=move-in_stock] button");
    await page.waitForSelector("[data-testid=move-allocated]");
    await page.fill("input[name=reason]", "客户看车");
    await page.click("[data-testid=keys] button");
    await page.waitForSelector("text=Return the keys");
    await expect(page.locator("[data-testid=keys]").textContent()).resolves.toMatch(/Keys out: Admin/);
    const history = await page.locator("[data-testid=vehicle-history] li").allTextContents();
    expect(history.join("\n")).toMatch(/左后门划痕 5 cm/);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-inventory-vehicle"), fullPage: true });

    // the new vehicle is in stock (day 0) on the aging screen
    await page.goto(inv);
    await expect(page.locator("[data-testid=stock-list]").textContent()).resolves.toContain("LRWYGDEE1PC010116");
    // its PO line is complete
    await expect(page.locator("[data-testid=open-po-lines]").textContent()).resolves.not.toContain("of 1 arrived");
  });

  it("reads in Chinese at 375 px", async () => {
    const page = await signIn(browser, server.url, t.adminEmail, 375, "zh-CN");
    await page.goto(`${server.url}/app/s/${t.store.storeId}/inventory`);
    await expect(page.locator("h1").last().textContent()).resolves.toBe("库存与库龄");
    await expect(page.locator("[data-testid=aging-stats]").textContent()).resolves.toContain("库龄超 60 天");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.goto(`${server.url}/app/catalogue`);
    await expect(page.locator("h1").last().textContent()).resolves.toBe("车型目录");
    await expect(page.locator("body").textContent()).resolves.toContain("迈腾 Magotan");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-inventory-zh"), fullPage: true });
  });
});

/**
 * End to end in headless Chromium: the receptionist imports a CSV with Chinese
 * headers (preview with per-row errors → chunked import with progress → summary),
 * then finds the cards on the prospect list at phone width: search, overdue chip,
 * compact cards. Importing the same file again creates nothing.
 */
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, screenshotPath, signIn } from "../support/browser.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/prospects-import.csv", import.meta.url));

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let tenant: Awaited<ReturnType<typeof setupTenant>>;

describe("prospect import and list in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
    tenant = await setupTenant({ consultants: 2, groupName: "Import Motors" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("previews, imports chunk by chunk through the API, and lists the cards on a phone", async () => {
    const storeId = tenant.store.storeId;
    const page = await signIn(browser, server.url, tenant.receptionist.email, 1200);
    await page.goto(`${server.url}/app/s/${storeId}/prospects`);
    await expect(page.locator("[data-testid=prospect-empty]").textContent()).resolves.toContain(
      "No prospect cards yet",
    );
    await page.click("text=Import from CSV");
    await page.waitForURL(/\/prospects\/import$/);

    await page.setInputFiles("[data-testid=import-file]", FIXTURE);
    await page.click("button[value=preview]");
    await page.waitForSelector("[data-testid=import-preview]");
    const preview = page.locator("[data-testid=import-preview]");
    await expect(preview.textContent()).resolves.toContain("12 rows: 6 ready, 1 to skip, 5 with errors");
    // per-row errors in red, with the field named
    const row7 = page.locator("[data-testid=import-rows] tr.pl-error", { hasText: "刘洋" });
    await expect(row7.textContent()).resolves.toContain("Mobile: Enter an 11-digit mainland China mobile number");
    await page.screenshot({ path: screenshotPath("e2e-import-preview"), fullPage: true });

    await page.click("[data-testid=import-go]");
    await page.waitForSelector("[data-testid=import-summary]");
    await expect(page.locator("[data-testid=import-created]").textContent()).resolves.toBe("6");
    await expect(page.locator("[data-testid=import-skipped]").textContent()).resolves.toBe("1");
    await expect(page.locator("[data-testid=import-failed]").textContent()).resolves.toBe("5");
    await page.screenshot({ path: screenshotPath("e2e-import-summary"), fullPage: true });

    // the same file again: everything is skipped, nothing can be imported
    await page.goto(`${server.url}/app/s/${storeId}/prospects/import`);
    await page.setInputFiles("[data-testid=import-file]", FIXTURE);
    await page.click("button[value=preview]");
    await page.waitForSelector("[data-testid=import-preview]");
    await expect(page.locator("[data-testid=import-preview]").textContent()).resolves.toContain(
      "12 rows: 0 ready, 7 to skip, 5 with errors",
    );
    expect(await page.locator("[data-testid=import-go]").count()).toBe(0);

    // the list at phone width: compact cards, search by name prefix and by mobile prefix
    const phone = await signIn(browser, server.url, tenant.receptionist.email, 375);
    await phone.goto(`${server.url}/app/s/${storeId}/prospects`);
    const cards = phone.locator("[data-testid=prospect-cards] li");
    await expect(cards.count()).resolves.toBe(6);
    expect(await phone.locator("[data-testid=prospect-table]").isVisible()).toBe(false);
    await phone.fill("[data-testid=prospect-search]", "张");
    await Promise.all([phone.waitForURL(/q=/), phone.click("form[role=search] button[type=submit]")]);
    // the URL changes a moment before the new list renders: wait for the list itself
    await expect.poll(() => cards.count()).toBe(1);
    await expect.poll(() => cards.first().textContent()).toContain("张伟");
    await phone.fill("[data-testid=prospect-search]", "1370");
    await Promise.all([phone.waitForURL(/q=1370/), phone.click("form[role=search] button[type=submit]")]);
    await expect.poll(() => cards.first().textContent()).toContain("王芳");
    // nothing imported is overdue yet: the chip shows the empty state
    await phone.goto(`${server.url}/app/s/${storeId}/prospects`);
    await Promise.all([phone.waitForURL(/overdue=true/), phone.click("[data-testid=chip-overdue]")]);
    await expect(phone.locator("[data-testid=prospect-empty]").textContent()).resolves.toContain(
      "No prospect card matches",
    );
    await phone.goto(`${server.url}/app/s/${storeId}/prospects?grade=H`);
    await expect(cards.count()).resolves.toBe(1);
    await phone.screenshot({ path: screenshotPath("e2e-prospect-list-375"), fullPage: true });

    // a consultant has no import page
    const consultant = await signIn(browser, server.url, tenant.consultants[0]!.email, 375);
    await consultant.goto(`${server.url}/app/s/${storeId}/prospects/import`);
    await expect(consultant.locator(".banner.err").textContent()).resolves.toContain(
      "Only the receptionist, a sales manager or the group admin can import prospects.",
    );
  });
});

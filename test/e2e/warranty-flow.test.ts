/**
 * Warranty claims in headless Chromium on a 375 px screen, against the real
 * local server: the service advisor approves a claim for less than claimed
 * (a bad amount first: the field says so), then marks it paid short — the
 * page shows the status, the OEM number, what is still owed and the history.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { type Client, freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, newPage, noHorizontalScroll, screenshotPath } from "../support/browser.ts";
import { joinStore, makeCustomer } from "../support/service.ts";
import { settleWarrantyRepair } from "../support/warranty.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let advisor: Client;
let storeId: string;
let claimId: string;

async function pageAs(client: Client): Promise<Page> {
  const page = await newPage(browser, 375);
  const [name, value] = client.cookie!.split("=") as [string, string];
  await page.context().addCookies([
    { name, value, url: server.url },
    { name: "lang", value: "en", url: server.url },
  ]);
  return page;
}

describe("warranty claims in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const db = await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
    const t = await setupTenant({ consultants: 0 });
    const a = await joinStore(t, "Advisor Sun", ["service_advisor"]);
    advisor = a.client;
    storeId = t.store.storeId;
    const car = await makeCustomer(db, storeId, a.user.tenantId, "周杰");
    claimId = (await settleWarrantyRepair(advisor, storeId, car)).claimId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("approves for less than claimed and marks it paid short, at 375 px", async () => {
    const page = await pageAs(advisor);
    await page.goto(`${server.url}/app/s/${storeId}/warranty`);
    const row = page.locator(`[data-claim="${claimId}"]`);
    await expect(row.locator("[data-testid=warranty-status]").textContent()).resolves.toBe("Submitted");
    // the approved amount is prefilled with the claimed total (2 h × ¥300)
    const approve = row.locator("[data-testid=warranty-approve]");
    await expect(approve.locator("input[name=amount]").inputValue()).resolves.toBe("600.00");
    expect(await noHorizontalScroll(page)).toBe(true);

    // more than claimed: the field says so, nothing changes
    await approve.locator("input[name=amount]").fill("650");
    await approve.locator("button[type=submit]").click();
    await page.waitForSelector(".banner.err");
    await expect(row.locator(".field-error").first().textContent()).resolves.toBe("More than claimed.");
    await expect(row.locator("[data-testid=warranty-status]").textContent()).resolves.toBe("Submitted");

    await approve.locator("input[name=amount]").fill("550");
    await approve.locator("input[name=oemClaimNo]").fill("FV-E2E-0001");
    await approve.locator("button[type=submit]").click();
    await row.locator("[data-testid=warranty-status]:has-text('Approved')").waitFor();
    await expect(page.locator(".banner.ok").textContent()).resolves.toContain("saved: Approved");
    await expect(row.textContent()).resolves.toContain("OEM claim no. FV-E2E-0001");
    await expect(row.locator("[data-testid=warranty-claim-outstanding]").textContent()).resolves.toContain("550.00");

    // paid: the amount prefilled with the approval, the date with today
    const paid = row.locator("[data-testid=warranty-paid]");
    await expect(paid.locator("input[name=amount]").inputValue()).resolves.toBe("550.00");
    await expect(paid.locator("input[name=paidDate]").inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await paid.locator("input[name=amount]").fill("500");
    await paid.locator("button[type=submit]").click();
    await row.locator("[data-testid=warranty-status]:has-text('Paid')").waitFor();
    await expect(row.locator("[data-testid=warranty-status]").textContent()).resolves.toBe("Paid");
    await expect(row.locator("[data-testid=warranty-claim-outstanding]").textContent()).resolves.toContain("50.00");
    await expect(page.locator("[data-testid=warranty-outstanding]").textContent()).resolves.toContain("50.00");
    await expect(row.locator("[data-testid=warranty-paid]").count()).resolves.toBe(0);
    await row.locator(".wc-history summary").click();
    await expect(row.locator("[data-testid=warranty-history] li").count()).resolves.toBe(3);

    // the status filter shows it among the paid claims
    await page.click("[data-testid=warranty-filters] >> text=Paid (1)");
    await page.waitForURL(/status=paid/);
    await expect(page.locator("[data-testid=warranty-claim]").count()).resolves.toBe(1);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-warranty"), fullPage: true });
  });
});

/**
 * End to end in headless Chromium: on a phone (375 px) the contract's consultant
 * asks for more than the balance (refused, amounts in yuan), then for the
 * prefilled balance; the print page of the payment request (付款通知书) shows the
 * contract, the amount, the date and the transfer reference, in English and
 * in Chinese, without scrolling sideways.
 */
import { addDays, localDate } from "@dealeros/core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { placeOrder, quotedCard } from "../support/deals.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;
let contract: { contractId: string; contractNo: string };
let today: string;

/** this file's viewport height */
const HEIGHT = 900;

describe("payment requests in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const db = await freshTable();
    t = await setupTenant({ consultants: 1, groupName: "Payment Request Motors" });
    today = localDate(new Date(), t.store.timeZone);
    const quote = await quotedCard(db, t, today, { name: "孙先生", mobile: "13812340077" });
    contract = await placeOrder(t.consultants[0]!.client, t.store.storeId, quote.quoteId, addDays(today, 10));
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("requests the balance from the contract page and prints the request", async () => {
    const page = await signIn(browser, server.url, t.consultants[0]!.email, 375, "en-US", HEIGHT);
    await page.goto(`${server.url}/app/s/${t.store.storeId}/k/${contract.contractId}`);
    const form = page.locator("[data-testid=payreq-form]");
    // payable 219,900 − 8,000 + 800 = 212,700; the deposit is due today
    expect(await form.locator("input[name=requestAmount]").inputValue()).toBe("212700.00");
    expect(await form.locator("input[name=requestDueDate]").inputValue()).toBe(today);
    expect(await noHorizontalScroll(page)).toBe(true);

    await form.locator("input[name=requestAmount]").fill("300000");
    await form.locator("[data-testid=payreq-submit]").click();
    await expect(page.locator("[data-testid=contract-error]").textContent()).resolves.toBe(
      "The request is more than the balance: the balance is ¥212,700.00; this request is ¥300,000.00.",
    );
    expect(await page.locator("[data-testid=payreq-list]").count()).toBe(0);

    await form.locator("input[name=requestAmount]").fill("212,700");
    await form.locator("input[name=requestNote]").fill("定金及尾款请一并转账");
    await form.locator("[data-testid=payreq-submit]").click();
    await page.waitForSelector("[data-testid=payreq-made]");
    expect(await page.locator("[data-testid=payreq-list] li").count()).toBe(1);
    expect(await page.locator("[data-testid=contract-audit]").textContent()).toContain("Payment requested");
    await page.screenshot({ path: screenshotPath("e2e-payment-request-form"), fullPage: true });

    await Promise.all([page.waitForURL(/\/payment-request\//), page.click("[data-testid=payreq-print]")]);
    expect(await page.locator("[data-testid=payreq-contract-no]").textContent()).toBe(contract.contractNo);
    expect(await page.locator("[data-testid=payreq-amount]").textContent()).toContain("212,700.00");
    expect(await page.locator("[data-testid=payreq-due]").textContent()).toBe(today);
    expect(await page.locator("[data-testid=payreq-reference]").textContent()).toBe(contract.contractNo);
    expect(await page.locator("[data-testid=payreq-dues] tbody tr").count()).toBe(2);
    expect(await page.locator("[data-testid=print-button]").isVisible()).toBe(true);
    expect(await page.locator("header, nav").count()).toBe(0);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-payment-request-print"), fullPage: true });
    const printUrl = page.url();

    // the same page in Chinese
    const zh = await signIn(browser, server.url, t.consultants[0]!.email, 375, "zh-CN", HEIGHT);
    await zh.goto(printUrl);
    expect(await zh.locator("h1").textContent()).toBe("付款通知书");
    expect(await noHorizontalScroll(zh)).toBe(true);
    await zh.screenshot({ path: screenshotPath("e2e-payment-request-print-zh"), fullPage: true });
  });
});

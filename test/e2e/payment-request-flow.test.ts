/**
 * End to end in headless Chromium: on a phone (375 px) the contract's consultant
 * asks for more than the balance (refused, amounts in yuan), then for the
 * prefilled balance; the print page of the payment request (付款通知书) shows the
 * contract, the amount, the date and the transfer reference, in English and
 * in Chinese, without scrolling sideways.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, computeQuoteTotals, localDate, newId, type QuoteMoneyInput } from "@dealeros/core";
import { type Db, deals, type Quote } from "@dealeros/db";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, PASSWORD, setupTenant } from "../support/api.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;
let db: Db;
let contract: { contractId: string; contractNo: string };
let today: string;

async function signIn(email: string, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 900 }, locale });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", PASSWORD);
  await Promise.all([page.waitForURL(/\/app/), page.click("form.stack button[type=submit]")]);
  return page;
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe("payment requests in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 1, groupName: "Payment Request Motors" });
    today = localDate(new Date(), t.store.timeZone);
    const base = `/api/stores/${t.store.storeId}`;
    const c = t.consultants[0]!;
    const card = (
      await c.client.post(`${base}/prospects`, { name: "孙先生", mobile: "13812340077", source: "walk_in" })
    ).body.prospect;
    const money: QuoteMoneyInput = {
      listPriceFen: 219_900_00,
      discountFen: 8_000_00,
      accessories: [{ name: "脚垫", priceFen: 800_00 }],
      insurance: [],
      depositFen: 10_000_00,
    };
    const at = new Date().toISOString();
    const quote: Quote = {
      tenantId: c.user.tenantId,
      storeId: t.store.storeId,
      quoteId: newId(),
      prospectId: card.prospectId,
      customerName: card.name,
      consultantId: c.user.userId,
      consultantName: c.user.name,
      vehicle: {
        brand: "FAW-Volkswagen",
        modelCode: "magotan",
        modelName: "迈腾 Magotan",
        trimCode: "330tsi-lux",
        trimName: "330TSI 豪华型",
        colourCode: "white",
        colourName: "极地白",
      },
      ...money,
      totals: computeQuoteTotals(money),
      status: "open",
      validUntil: addDays(today, 7),
      version: 1,
      createdAt: at,
      createdBy: c.user.userId,
      createdByName: c.user.name,
      updatedAt: at,
    };
    await db.doc.send(new PutCommand({ TableName: db.table, Item: deals.quoteItem(quote) }));
    const ordered = await c.client.post(`${base}/quotes/${quote.quoteId}/order`, {
      expectedDeliveryDate: addDays(today, 10),
      deliveryMethod: "store_pickup",
    });
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
    contract = ordered.body.contract;
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("requests the balance from the contract page and prints the request", async () => {
    const page = await signIn(t.consultants[0]!.email);
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
    const zh = await signIn(t.consultants[0]!.email, "zh-CN");
    await zh.goto(printUrl);
    expect(await zh.locator("h1").textContent()).toBe("付款通知书");
    expect(await noHorizontalScroll(zh)).toBe(true);
    await zh.screenshot({ path: screenshotPath("e2e-payment-request-print-zh"), fullPage: true });
  });
});

/**
 * End to end in headless Chromium: a consultant makes the order from a quote on a
 * phone (375 px); the sales admin allocates a stock vehicle, is refused an
 * overpayment, records a partial payment (yuan typed, fen stored); the ledger is
 * a table on a desktop and cards on a phone; aged receivables; and the contract
 * page in Chinese.
 */
import { addDays, localDate } from "@dealeros/core";
import type { Quote } from "@dealeros/db";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { quotedCard, salesAdminWithStock } from "../support/deals.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;
let adminEmail: string;
let quote: Quote;
let vehicleVin: string;
let today: string;

/** this file's viewport height */
const HEIGHT = 900;

describe("orders and contracts in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const db = await freshTable();
    t = await setupTenant({ consultants: 1, groupName: "Contracts E2E Motors" });
    today = localDate(new Date(), t.store.timeZone);
    const admin = await salesAdminWithStock(t, "LRWYGDEE1PC010116");
    adminEmail = admin.email;
    vehicleVin = admin.vehicle.vin;
    quote = await quotedCard(db, t, today, { name: "陈女士", mobile: "13812340001" });
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("orders from the quote, allocates, refuses an overpayment, takes a partial payment", async () => {
    const s = `${server.url}/app/s/${t.store.storeId}`;
    // the consultant, on a phone
    const phone = await signIn(browser, server.url, t.consultants[0]!.email, 375, "en-US", HEIGHT);
    await phone.goto(`${s}/q/${quote.quoteId}/order`);
    await phone.waitForSelector("[data-testid=order-form]");
    expect(await noHorizontalScroll(phone)).toBe(true);
    await phone.fill("input[name=expectedDeliveryDate]", addDays(today, 10));
    await phone.check("input[name=deliveryMethod][value=home_delivery]");
    await Promise.all([phone.waitForURL(/\/k\//), phone.click("[data-testid=make-order-submit]")]);
    expect(await phone.locator("[data-testid=contract-no]").textContent()).toBe("HT-000001");
    expect(await phone.locator("[data-testid=contract-stage]").textContent()).toBe("Awaiting vehicle");
    // payable 219,900 − 8,000 + 800 = 212,700
    expect(await phone.locator("[data-testid=contract-balance]").textContent()).toContain("212,700.00");
    expect(await phone.locator("[data-testid=blockers] li").count()).toBe(4);
    // a consultant sees no admin forms
    expect(await phone.locator("[data-testid=payment-form]").count()).toBe(0);
    expect(await noHorizontalScroll(phone)).toBe(true);
    await phone.screenshot({ path: screenshotPath("e2e-contract-consultant"), fullPage: true });
    const contractUrl = phone.url();

    // the sales admin, on a desktop
    const desk = await signIn(browser, server.url, adminEmail, 1280, "en-US", HEIGHT);
    await desk.goto(contractUrl);
    await desk.selectOption("select[name=vehicleId]", { index: 0 });
    await desk.click("[data-testid=allocate-form] button[type=submit]");
    await desk.waitForSelector("[data-testid=allocated-vin]");
    expect(await desk.locator("[data-testid=allocated-vin]").textContent()).toBe(vehicleVin);
    expect(await desk.locator("[data-testid=contract-stage]").textContent()).toBe("Awaiting payment");

    await desk.fill("[data-testid=payment-form] input[name=amount]", "300,000");
    await desk.fill("[data-testid=payment-form] input[name=reference]", "CMB 20261201-001");
    await desk.click("[data-testid=record-payment]");
    await expect(desk.locator("[data-testid=contract-error]").textContent()).resolves.toBe(
      "Overpayment refused: the balance is ¥212,700.00; this payment is ¥300,000.00.",
    );
    expect(await desk.locator("[data-testid=payments] li").count()).toBe(0);

    await desk.fill("[data-testid=payment-form] input[name=amount]", "10000.50");
    await desk.fill("[data-testid=payment-form] input[name=reference]", "CMB 20261201-001");
    await desk.click("[data-testid=record-payment]");
    await desk.waitForSelector("[data-testid=payments] li");
    expect(await desk.locator("[data-testid=contract-paid]").textContent()).toContain("10,000.50");
    expect(await desk.locator("[data-testid=contract-balance]").textContent()).toContain("202,699.50");
    await desk.screenshot({ path: screenshotPath("e2e-contract-admin"), fullPage: true });

    // the ledger: a table on a desktop with its totals row
    await desk.goto(`${s}/contracts`);
    const row = desk.locator("[data-testid=ledger-row]").first();
    await expect(row.textContent()).resolves.toContain("HT-000001");
    await expect(row.textContent()).resolves.toContain(vehicleVin);
    await expect(desk.locator("[data-testid=ledger-totals]").textContent()).resolves.toContain("202,699.50");
    await desk.screenshot({ path: screenshotPath("e2e-contract-ledger-desktop"), fullPage: true });
    // … and cards on a phone
    const phoneAdmin = await signIn(browser, server.url, adminEmail, 375, "en-US", HEIGHT);
    await phoneAdmin.goto(`${s}/contracts`);
    await phoneAdmin.waitForSelector("[data-testid=ledger-row]");
    expect(await noHorizontalScroll(phoneAdmin)).toBe(true);
    expect(await phoneAdmin.locator("[data-testid=contract-ledger] thead").isVisible()).toBe(false);
    await phoneAdmin.screenshot({ path: screenshotPath("e2e-contract-ledger-phone"), fullPage: true });
    // aged receivables: the deposit is due today (not yet overdue)
    await phoneAdmin.click("[data-testid=receivables-link]");
    await phoneAdmin.waitForSelector("[data-testid=aging-buckets]");
    await expect(phoneAdmin.locator("[data-testid=bucket-not_due]").textContent()).resolves.toContain("202,699.50");
    expect(await noHorizontalScroll(phoneAdmin)).toBe(true);
    await phoneAdmin.screenshot({ path: screenshotPath("e2e-receivables-phone"), fullPage: true });
  });

  it("reads in Chinese at 375 px", async () => {
    const page = await signIn(browser, server.url, adminEmail, 375, "zh-CN", HEIGHT);
    await page.goto(`${server.url}/app/s/${t.store.storeId}/contracts`);
    await page.waitForSelector("[data-testid=ledger-row]");
    await expect(page.locator("h2").first().textContent()).resolves.toBe("合同履行一览表");
    await page.click("[data-testid=ledger-row] a");
    await page.waitForSelector("[data-testid=step-money]");
    await expect(page.locator("[data-testid=contract-stage]").textContent()).resolves.toBe("待收款");
    await expect(page.locator("[data-testid=step-delivery]").textContent()).resolves.toContain("未付余额");
    // an overpayment refused, in Chinese
    await page.fill("[data-testid=payment-form] input[name=amount]", "999999");
    await page.fill("[data-testid=payment-form] input[name=reference]", "X1");
    await page.click("[data-testid=record-payment]");
    await expect(page.locator("[data-testid=contract-error]").textContent()).resolves.toMatch(
      /^拒绝超额收款：余额为 ¥202,699\.50/,
    );
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-contract-zh"), fullPage: true });
  });
});

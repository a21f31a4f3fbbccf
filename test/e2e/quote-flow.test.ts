/**
 * End to end in headless Chromium on a phone (375 px): a consultant opens the
 * quote form from the card, adds an accessory row, takes a loan (the totals
 * preview follows), types a bad amount first (field error, nothing written),
 * then makes a quote whose discount is over his limit → it waits; the sales
 * manager approves it from the Approvals tab in one tap; the consultant sees it
 * approved with "Make order" and prints it (no app chrome); the group admin
 * changes the deal settings in Chinese.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { allItems, freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { catalogue } from "../support/deals.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;
let db: Awaited<ReturnType<typeof freshTable>>;
let card: { prospectId: string };

describe("quotes in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 1, groupName: "Quote E2E Motors" });
    expect((await t.admin.put("/api/catalogue", catalogue(["white", "blue"]))).status).toBe(200);
    const r = await t.consultants[0]!.client.post(`/api/stores/${t.store.storeId}/prospects`, {
      name: "Wang Lei",
      mobile: "13911112222",
      source: "walk_in",
    });
    expect(r.status).toBe(201);
    card = r.body.prospect;
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("consultant quotes over his limit, the manager approves in one tap, the quote prints", async () => {
    const base = `${server.url}/app/s/${t.store.storeId}`;
    const c = await signIn(browser, server.url, t.consultants[0]!.email);
    await c.goto(`${base}/p/${card.prospectId}`);
    await c.waitForSelector("[data-testid=deals-section]");
    expect(await c.locator("[data-testid=deals-section]").textContent()).toContain("No quotes yet.");
    await c.click("[data-testid=new-quote]");
    await c.waitForSelector("[data-testid=quote-form]");
    expect(await c.locator("[data-testid=discount-limit]").textContent()).toMatch(/5,000\.00/);

    // a bad amount: the field says so and nothing is written
    const before = (await allItems(db)).length;
    await c.fill("input[name=discountFen]", "12,000.555");
    await Promise.all([c.waitForResponse((r) => r.request().method() === "POST"), c.click("[data-testid=make-quote]")]);
    await c.waitForSelector("#f-discountFen-err");
    expect(await c.locator("#f-discountFen-err").textContent()).toBe("Enter an amount in yuan, like 1234.50.");
    expect((await allItems(db)).length).toBe(before);

    await c.fill("input[name=discountFen]", "12000");
    await c.selectOption("select[name='vehicle.colourCode']", "white");
    await c.waitForLoadState("networkidle"); // hydrated: the row buttons and the preview need JavaScript
    const rows = c.locator("[data-testid=accessories-row]");
    const count = await rows.count();
    await c.click("[data-testid=add-accessories]");
    expect(await rows.count()).toBe(count + 1);
    await rows.nth(count).locator("button").click(); // and removed again
    expect(await rows.count()).toBe(count);
    await rows.nth(0).locator("input").nth(0).fill("脚垫 Floor mats");
    await rows.nth(0).locator("input").nth(1).fill("800");
    await c.check("input[name='finance.on']");
    await c.fill("input[name='finance.lender']", "大众汽车金融");
    await c.fill("input[name='finance.downPaymentFen']", "108700");
    await c.fill("input[name='finance.termMonths']", "36");
    await c.fill("input[name='finance.annualRateBp']", "4.99");
    await c.waitForSelector("[data-testid=quote-preview]");
    // 219,900 − 12,000 + 800 = 208,700; loan 100,000 at 4.99 % over 36 months = 2,996.64
    await expect(c.locator("[data-testid=quote-preview]").textContent()).resolves.toMatch(/208,700\.00.*2,996\.64/);
    expect(await noHorizontalScroll(c)).toBe(true);
    await c.screenshot({ path: screenshotPath("quote-form-375"), fullPage: true });
    await Promise.all([c.waitForURL(/\/q\/[0-9A-Z]{26}$/), c.click("[data-testid=make-quote]")]);
    expect(await c.locator("[data-testid=quote-status]").textContent()).toBe("Waiting for approval");
    expect(await c.locator("[data-testid=quote-monthly]").textContent()).toMatch(/2,996\.64/);
    expect(await c.locator("[data-testid=make-order]").count()).toBe(0);
    const quoteUrl = c.url();

    // the manager: Approvals tab, one tap
    const m = await signIn(browser, server.url, t.manager.email);
    await m.goto(base);
    await Promise.all([m.waitForURL(/\/approvals$/), m.click("a[href$='/approvals']")]);
    await m.waitForSelector("[data-testid=approval-row], [data-testid=no-approvals]");
    const row = m.locator("[data-testid=approval-row]");
    if ((await row.count()) !== 1) await m.screenshot({ path: screenshotPath("approvals-debug"), fullPage: true });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/Wang Lei · Consultant 1/);
    expect(await row.locator("[data-testid=discount-vs-limit]").textContent()).toMatch(/12,000\.00.*5,000\.00/);
    expect(await noHorizontalScroll(m)).toBe(true);
    await m.screenshot({ path: screenshotPath("approvals-375"), fullPage: true });
    await Promise.all([
      m.waitForResponse((r) => r.request().method() === "POST"),
      row.locator("[data-testid=approve]").click(),
    ]);
    await m.waitForSelector("[data-testid=no-approvals]");

    // the consultant: approved, can order, prints
    await c.goto(quoteUrl);
    expect(await c.locator("[data-testid=quote-status]").textContent()).toBe("Approved");
    expect(await c.locator("[data-testid=approval]").textContent()).toMatch(/Approved by Manager/);
    expect(await c.locator("[data-testid=make-order]").getAttribute("href")).toMatch(/\/order$/);
    expect(await noHorizontalScroll(c)).toBe(true);
    await c.click("[data-testid=print-quote]");
    await c.waitForSelector("[data-testid=quote-print]");
    expect(await c.locator("header.top").count()).toBe(0); // no app chrome
    const printed = await c.locator("[data-testid=quote-print]").textContent();
    expect(printed).toMatch(/Wang Lei/);
    expect(printed).toMatch(/脚垫 Floor mats/);
    expect(printed).toMatch(/Customer signature/);
    expect(await noHorizontalScroll(c)).toBe(true);
    await c.screenshot({ path: screenshotPath("quote-print-375"), fullPage: true });
    await c.evaluate(() => {
      (window as unknown as { printed: boolean }).printed = false;
      window.print = () => {
        (window as unknown as { printed: boolean }).printed = true;
      };
    });
    await c.click("[data-testid=print-button]");
    expect(await c.evaluate(() => (window as unknown as { printed: boolean }).printed)).toBe(true);

    // a revision is a new quote: "copy" pre-fills the form
    await c.goto(quoteUrl);
    await Promise.all([c.waitForURL(/\/quote\?from=/), c.click("a[href*='quote?from=']")]);
    expect(await c.inputValue("input[name=discountFen]")).toBe("12000");
    expect(await c.inputValue("input[name='accessories.0.name']")).toBe("脚垫 Floor mats");
    expect(await c.inputValue("input[name='finance.annualRateBp']")).toBe("4.99");
    expect(await c.isChecked("input[name='finance.on']")).toBe(true);

    // the card lists the quote
    await c.goto(`${base}/p/${card.prospectId}`);
    expect(await c.locator("[data-testid=card-quotes]").textContent()).toMatch(/Approved/);
  });

  it("the group admin changes the deal settings (in Chinese)", async () => {
    const a = await signIn(browser, server.url, t.adminEmail, 375, "zh-CN");
    await a.goto(`${server.url}/app/settings`);
    await a.waitForSelector("[data-testid=deal-settings]");
    expect(await a.locator("[data-testid=deal-settings] h2").textContent()).toBe("交易设置");
    await a.fill("input[name='discountLimitFen.sales_consultant']", "abc");
    await Promise.all([
      a.waitForResponse((r) => r.request().method() === "POST"),
      a.click("[data-testid=save-deal-settings]"),
    ]);
    await a.waitForSelector("#f-discountLimitFen\\.sales_consultant-err");
    expect(await a.locator("#f-discountLimitFen\\.sales_consultant-err").textContent()).toBe(
      "请输入以元为单位的金额，如 1234.50。",
    );
    await a.fill("input[name='discountLimitFen.sales_consultant']", "8000");
    await a.fill("input[name='discountLimitFen.sales_manager']", "");
    await Promise.all([
      a.waitForResponse((r) => r.request().method() === "POST"),
      a.click("[data-testid=save-deal-settings]"),
    ]);
    await a.waitForSelector(".banner.ok");
    expect(await noHorizontalScroll(a)).toBe(true);
    const s = (await t.admin.get("/api/settings/deals")).body.settings;
    expect(s).toMatchObject({ version: 1, discountLimitFen: { sales_consultant: 8_000_00, sales_manager: null } });
  });
});

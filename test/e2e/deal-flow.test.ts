/**
 * The whole deal, end to end in headless Chromium against the real local
 * server, every step through the pages: the consultant (phone, 375 px) quotes
 * with a discount over his limit → the sales manager approves it → the
 * consultant makes the order → the sales admin (desktop) allocates the stock
 * vehicle and records the invoice → the delivery is refused while the contract
 * is unpaid (款到发货) → the sales admin records the payment → the delivery is
 * done → the 3-day post-delivery call task is in the consultant's plan.
 */
import { addDays, localDate } from "@dealeros/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licencePng } from "../../functions/local/seed-testdrives.ts";
import type { startServer } from "../../functions/local/server.ts";
import { setupTenant } from "../support/api.ts";
import { startAppWithUploads } from "../support/app.ts";
import { noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";
import { makeCard, salesAdminWithStock } from "../support/deals.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let app: Awaited<ReturnType<typeof startAppWithUploads>>;

const posted = (page: Page) => page.waitForResponse((r) => r.request().method() === "POST");

describe("a deal from quote to the post-delivery call, in the browser", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    app = await startAppWithUploads();
    ({ server, browser } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("quote over the limit → approval → order → allocation → refused unpaid → payment → delivery → 3-day call", async () => {
    const t = await setupTenant({ consultants: 1, groupName: "Deal E2E Motors" });
    const storeId = t.store.storeId as string;
    const api = `/api/stores/${storeId}`;
    const today = localDate(new Date(), t.store.timeZone);

    // the sales admin (销售内勤), the catalogue and one vehicle in stock — set up through the API
    const { client: salesAdmin, email: adminEmail, vehicle: v } = await salesAdminWithStock(t, "LRWYGDEE1PC010116");
    expect(v.status).toBe("in_stock");
    const consultant = t.consultants[0]!;
    const card = await makeCard(consultant.client, storeId, "Wang Lei", "13911112222");

    const s = `${server.url}/app/s/${storeId}`;

    // 1. the consultant quotes on his phone: 12,000 yuan off is over his 5,000-yuan limit
    const c = await signIn(browser, server.url, consultant.email);
    await c.goto(`${s}/p/${card.prospectId}`);
    await c.click("[data-testid=new-quote]");
    await c.waitForSelector("[data-testid=quote-form]");
    await c.fill("input[name=discountFen]", "12000");
    await c.selectOption("select[name='vehicle.colourCode']", "white");
    await Promise.all([c.waitForURL(/\/q\/[0-9A-Z]{26}$/), c.click("[data-testid=make-quote]")]);
    expect(await c.locator("[data-testid=quote-status]").textContent()).toBe("Waiting for approval");
    expect(await c.locator("[data-testid=make-order]").count()).toBe(0);
    const quoteUrl = c.url();

    // 2. the sales manager approves it in one tap
    const m = await signIn(browser, server.url, t.manager.email);
    await m.goto(`${s}/approvals`);
    const row = m.locator("[data-testid=approval-row]");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    await Promise.all([posted(m), row.locator("[data-testid=approve]").click()]);
    await m.waitForSelector("[data-testid=no-approvals]");

    // 3. the consultant makes the order: contract HT-000001, graded O
    await c.goto(quoteUrl);
    expect(await c.locator("[data-testid=quote-status]").textContent()).toBe("Approved");
    await Promise.all([c.waitForURL(/\/order$/), c.click("[data-testid=make-order]")]);
    await c.fill("input[name=expectedDeliveryDate]", addDays(today, 3));
    await Promise.all([c.waitForURL(/\/k\//), c.click("[data-testid=make-order-submit]")]);
    expect(await c.locator("[data-testid=contract-no]").textContent()).toBe("HT-000001");
    expect(await c.locator("[data-testid=contract-stage]").textContent()).toBe("Awaiting vehicle");
    const contractUrl = c.url();
    const contractId = contractUrl.split("/k/")[1]!;
    expect((await consultant.client.get(`${api}/prospects/${card.prospectId}`)).body.prospect.grade).toBe("O");

    // 4. the sales admin allocates the stock vehicle and records the invoice with the stock release
    const a = await signIn(browser, server.url, adminEmail, 1280);
    await a.goto(contractUrl);
    await a.selectOption("select[name=vehicleId]", { index: 0 });
    await a.click("[data-testid=allocate-form] button[type=submit]");
    await a.waitForSelector("[data-testid=allocated-vin]");
    expect(await a.locator("[data-testid=allocated-vin]").textContent()).toBe("LRWYGDEE1PC010116");
    await a.fill("[data-testid=invoice-form] input[name=invoiceNo]", "26110012345678");
    await a.check("[data-testid=invoice-form] input[name=stockRelease]");
    await Promise.all([posted(a), a.click("[data-testid=invoice-form] button[type=submit]")]);
    await a.waitForSelector("[data-testid=invoice-no]");
    expect(await a.locator("[data-testid=contract-stage]").textContent()).toBe("Awaiting payment");

    // 5. the delivery is refused while the contract is unpaid — and says what is missing
    await c.goto(`${s}/delivery/${contractId}`);
    // 219,900 − 12,000 = 207,900 owed, nothing paid; the deposit is the first due
    await expect(c.locator("[data-testid=delivery-blockers]").textContent()).resolves.toContain("¥207,900.00 unpaid");
    // the delivery appointment, the day after tomorrow at 10:30
    await c.fill("input[name=date]", addDays(today, 2));
    await c.fill("input[name=time]", "10:30");
    await c.click("[data-testid=appointment-form] button[type=submit]");
    await c.locator("[data-testid=delivery-appointment]", { hasText: "Booked for" }).waitFor();
    await c.setInputFiles("input[name=photo]", {
      name: "handover.png",
      mimeType: "image/png",
      buffer: Buffer.from(licencePng(5)),
    });
    await c.click("form[enctype='multipart/form-data'] button[type=submit]");
    await c.locator("[data-testid=delivery-photos] img").waitFor();
    const tickAll = async () => {
      for (const k of ["documents", "keys", "functions", "accessories", "photos"]) await c.check(`#f-check-${k}`);
      await c.check("#f-signed");
    };
    await tickAll();
    await c.click("[data-testid=deliver-button]");
    await expect(c.locator("[data-testid=delivery-refused]").textContent()).resolves.toMatch(
      /^Delivery refused: the contract has ¥207,900\.00 unpaid \(balance due \d{4}-\d\d-\d\d\) — record the payment, have finance confirm it, or get the loan approved\.$/,
    );
    expect((await consultant.client.get(`${api}/contracts/${contractId}`)).body.contract.state).toBe("signed");
    await c.screenshot({ path: screenshotPath("e2e-deal-refused"), fullPage: true });

    // 6. the sales admin records the payment (in yuan, as typed on the slip)
    await a.goto(contractUrl);
    await a.fill("[data-testid=payment-form] input[name=amount]", "207,900.00");
    await a.fill("[data-testid=payment-form] input[name=reference]", "CMB 20261126-088");
    await a.click("[data-testid=record-payment]");
    await a.waitForSelector("[data-testid=payments] li");
    expect(await a.locator("[data-testid=contract-balance]").textContent()).toContain("0.00");
    expect(await a.locator("[data-testid=contract-stage]").textContent()).toBe("Ready for delivery");

    // 7. the consultant delivers
    await c.goto(`${s}/delivery/${contractId}`);
    await expect(c.locator("[data-testid=delivery-gate-open]").count()).resolves.toBe(1);
    await tickAll();
    await c.click("[data-testid=deliver-button]");
    await c.waitForSelector("[data-testid=delivered-line]");
    await expect(c.locator("[data-testid=post-delivery-call]").textContent()).resolves.toContain("Due");
    expect(await noHorizontalScroll(c)).toBe(true);
    await c.screenshot({ path: screenshotPath("e2e-deal-delivered"), fullPage: true });

    // 8. the 3-day post-delivery call is in the consultant's plan of its day
    const callDay = localDate(new Date(Date.now() + 3 * 86_400_000), t.store.timeZone);
    await c.goto(`${s}/plan?date=${callDay}`);
    await expect(c.locator("[data-testid=plan-items]").textContent()).resolves.toContain("Post-delivery call");
    const contract = (await salesAdmin.get(`${api}/contracts/${contractId}`)).body.contract;
    expect(contract).toMatchObject({ state: "delivered" });
    expect((await salesAdmin.get(`${api}/vehicles/${v.vehicleId}`)).body.vehicle.status).toBe("delivered");
    await c.screenshot({ path: screenshotPath("e2e-deal-call-in-plan"), fullPage: true });
  });
});

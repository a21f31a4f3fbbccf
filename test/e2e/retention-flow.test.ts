/**
 * End to end in headless Chromium at phone width (375 px) against the real local
 * server (issue 7, H4): a consultant whose customer's loan ends next month finds
 * the retention reminder (from the daily job) in his plan, in English and in
 * Chinese, and ticks it done with how it went; then he records his customer's
 * answer to an event invitation on the event page.
 */
import { addDays, localDate, newId } from "@dealeros/core";
import { type Customer, customers, type Db, stores } from "@dealeros/db";
import { retention } from "@dealeros/services";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, noHorizontalScroll, screenshotPath, signIn } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let db: Db;

describe("retention reminder and event answer in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    db = await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the consultant sees the loan-end reminder in his plan and ticks it done", async () => {
    const t = await setupTenant({ consultants: 1 });
    const consultant = t.consultants[0]!;
    const store = (await stores.getStore(db, t.store.tenantId, t.store.storeId))!;
    const today = localDate(new Date(), store.timeZone);
    const loanEnds = addDays(today, 25);
    const at = new Date().toISOString();
    const c: Customer = {
      tenantId: store.tenantId,
      storeId: store.storeId,
      customerId: newId(),
      name: "周建国",
      mobile: "13900001111",
      ownerId: consultant.user.userId,
      ownerName: consultant.user.name,
      origin: "sales",
      prospectIds: [],
      purchases: 1,
      repeatBuyer: false,
      referrals: 0,
      vehicles: [
        {
          vin: "LFV3A23C8K3999001",
          plate: "沪A99001",
          brand: "FAW-Volkswagen",
          modelName: "迈腾 Magotan",
          purchasedOn: addDays(today, -1070),
          loanEndsOn: loanEnds,
          lastServiceOn: addDays(today, -20),
          lastServiceKm: 41_000,
        },
      ],
      version: 1,
      createdAt: at,
      createdBy: consultant.user.userId,
      createdByName: consultant.user.name,
      updatedAt: at,
    };
    await customers.transact(
      db,
      customers.createCustomerWrites(db, c, today, {
        at,
        by: consultant.user.userId,
        byName: consultant.user.name,
        action: "customer.created",
        detail: {},
      }),
    );
    const report = await retention.retentionJob(store, today);
    expect(report.tasksWritten).toBe(1);

    const page = await signIn(browser, server.url, consultant.email);
    await page.goto(`${server.url}/app/s/${store.storeId}/plan`);
    const item = page.locator("[data-testid=plan-items] li", { hasText: "周建国" });
    await expect(item.textContent()).resolves.toContain(
      `Loan ends ${loanEnds} — offer a trade-in or a new finance plan`,
    );
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-retention-plan"), fullPage: true });

    // the same reminder in Chinese
    const zh = await signIn(browser, server.url, consultant.email, 375, "zh-CN");
    await zh.goto(`${server.url}/app/s/${store.storeId}/plan`);
    await expect(zh.locator("[data-testid=plan-items] li", { hasText: "周建国" }).textContent()).resolves.toContain(
      `贷款 ${loanEnds} 到期`,
    );

    // tick it done with the outcome
    await item.locator("input[name=outcome]").fill("Booked a trade-in appraisal on Saturday");
    await item.locator("button:has-text('Done')").click();
    await page.waitForSelector("[data-testid=plan-items] li:has-text('周建国') .pill.ok");
    await expect(item.locator("input[name=outcome]").count()).resolves.toBe(0);

    // the event: the manager invites through the API, the consultant records the answer
    const ev = await t.manager.client.post(`/api/stores/${store.storeId}/events`, {
      title: "Trade-in weekend",
      kind: "promotion",
      date: addDays(today, 9),
      startTime: "10:00",
      place: "Showroom",
      capacity: 20,
    });
    expect(ev.status).toBe(201);
    const eventId = ev.body.event.eventId;
    expect(
      (await t.manager.client.post(`/api/stores/${store.storeId}/events/${eventId}/invitations`, {})).body,
    ).toEqual({
      invited: 1,
      total: 1,
    });
    await page.goto(`${server.url}/app/s/${store.storeId}/events`);
    await page.click(`text=Trade-in weekend`);
    await page.waitForSelector("[data-testid=event-invitations]");
    const row = page.locator("[data-testid=event-invitations] tr", { hasText: "周建国" });
    await row.locator("button:has-text('Accepts')").click();
    await page.waitForSelector("[data-testid=event-invitations] [data-testid=invitation-status]:has-text('Accepted')");
    await expect(page.locator("[data-testid=event-figures]").textContent()).resolves.toContain("100%");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-event-answer"), fullPage: true });
  });
});

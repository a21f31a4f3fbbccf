/**
 * End to end in headless Chromium at phone width (375 px) against the real local
 * server: the delivery page shows in red what the payment gate misses; the
 * consultant books the appointment, uploads a handover photo and ticks the
 * checklist — refused while unpaid; once paid the delivery is recorded, the card
 * shows the Customer badge, the 3-day call task is on the page and in the plan
 * of its day, and the logged call counts on the deliveries page.
 */
import { addDays, localDate } from "@dealeros/core";
import { getDb } from "@dealeros/db";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licencePng } from "../../functions/local/seed-testdrives.ts";
import type { startServer } from "../../functions/local/server.ts";
import { setupTenant } from "../support/api.ts";
import { startAppWithUploads } from "../support/app.ts";
import { screenshotPath, signIn } from "../support/browser.ts";
import { makeContract, makeVehicle, pay } from "../support/delivery-fixtures.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let app: Awaited<ReturnType<typeof startAppWithUploads>>;

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe("delivery in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    app = await startAppWithUploads();
    ({ server, browser } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("refuses while unpaid, delivers once paid, and the 3-day call follows", async () => {
    const t = await setupTenant({ consultants: 1 });
    const consultant = t.consultants[0]!;
    const tenantId = t.receptionist.user.tenantId as string;
    const storeId = t.store.storeId as string;
    const today = localDate(new Date(), "Asia/Shanghai");
    const card = (
      await consultant.client.post(`/api/stores/${storeId}/prospects`, {
        name: "Zhao Min",
        mobile: "13800002222",
        source: "walk_in",
      })
    ).body.prospect;
    const db = getDb();
    const vehicle = await makeVehicle(db, tenantId, storeId);
    const contract = await makeContract(db, {
      tenantId,
      storeId,
      prospectId: card.prospectId,
      customerName: card.name,
      consultant: { userId: consultant.user.userId, name: consultant.user.name },
      signedDate: today,
      expectedDeliveryDate: addDays(today, 5),
      paidFen: 20_000_00,
      vehicle,
      invoiced: true,
    });
    const s = `${server.url}/app/s/${storeId}`;
    const page = await signIn(browser, server.url, consultant.email);
    await page.goto(`${s}/delivery/${contract.contractId}`);
    await expect(page.locator("[data-testid=delivery-blockers]").textContent()).resolves.toContain(
      `¥199,900.00 unpaid (balance due ${addDays(today, 5)})`,
    );

    // the appointment, a photo, the checklist
    await page.fill("input[name=date]", addDays(today, 2));
    await page.fill("input[name=time]", "10:30");
    await page.click("[data-testid=appointment-form] button[type=submit]");
    await page.locator("[data-testid=delivery-appointment]", { hasText: "Booked for" }).waitFor();
    await expect(page.locator("[data-testid=delivery-appointment]").textContent()).resolves.toContain("10:30");
    await page.setInputFiles("input[name=photo]", {
      name: "handover.png",
      mimeType: "image/png",
      buffer: Buffer.from(licencePng(5)),
    });
    await page.click("form[enctype='multipart/form-data'] button[type=submit]");
    await page.locator("[data-testid=delivery-photos] img").waitFor();
    await expect(page.locator("[data-testid=delivery-photos] img").count()).resolves.toBe(1);
    const tickAll = async () => {
      for (const k of ["documents", "keys", "functions", "accessories", "photos"]) await page.check(`#f-check-${k}`);
      await page.check("#f-signed");
    };
    await tickAll();
    await page.click("[data-testid=deliver-button]");
    await expect(page.locator("[data-testid=delivery-refused]").textContent()).resolves.toBe(
      `Delivery refused: the contract has ¥199,900.00 unpaid (balance due ${addDays(today, 5)}) — record the payment, have finance confirm it, or get the loan approved.`,
    );
    expect(await noSideways(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-delivery-refused"), fullPage: true });

    // the sales admin records the payment; the gate opens
    await pay(db, contract, 199_900_00);
    await page.goto(`${s}/delivery/${contract.contractId}`);
    await expect(page.locator("[data-testid=delivery-gate-open]").count()).resolves.toBe(1);
    await tickAll();
    await page.click("[data-testid=deliver-button]");
    await expect(page.locator("[data-testid=delivered-line]").textContent()).resolves.toContain("2 keys");
    const callCard = page.locator("[data-testid=post-delivery-call]");
    await expect(callCard.textContent()).resolves.toContain("Due");
    expect(await noSideways(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-delivery-done"), fullPage: true });

    // the card is a customer; the call is in the consultant's plan 3 days from now
    await page.goto(`${s}/p/${card.prospectId}`);
    await expect(page.locator("[data-testid=customer-badge]").textContent()).resolves.toBe("Customer");
    const callDay = localDate(new Date(Date.now() + 3 * 86_400_000), "Asia/Shanghai");
    await page.goto(`${s}/plan?date=${callDay}`);
    await expect(page.locator("[data-testid=plan-items]").textContent()).resolves.toContain("Post-delivery call");

    // log the call from the delivery page: done in time; the rate shows it
    await Promise.all([page.waitForURL(/\/delivery\//), page.click("[data-testid=plan-items] a")]);
    await page.check("input[name=outcome][value=satisfied]");
    await page.click("[data-testid=call-form] button[type=submit]");
    await expect(page.locator("[data-testid=call-done]").textContent()).resolves.toContain("in time");
    await page.goto(`${s}/deliveries`);
    await expect(page.locator("[data-testid=call-rate]").textContent()).resolves.toContain("100%");
    expect(await noSideways(page)).toBe(true);
    await page.screenshot({ path: screenshotPath("e2e-deliveries"), fullPage: true });
  });
});

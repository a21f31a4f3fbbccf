/**
 * The showroom issue end to end in headless Chromium at phone width: an internet
 * lead posted with an API key is assigned by rotation → the consultant logs the
 * first call, fills the needs analysis and the card is graded A → he books and
 * completes a test drive → the supervisor signs it off → the end-of-day check
 * shows no gaps and the supervisor ticks the day off.
 */
import { localDate, localTime } from "@dealeros/core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licencePng } from "../../functions/local/seed-testdrives.ts";
import type { startServer } from "../../functions/local/server.ts";
import { Client, setupTenant } from "../support/api.ts";
import { startAppWithUploads } from "../support/app.ts";
import { screenshotPath, signIn } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let app: Awaited<ReturnType<typeof startAppWithUploads>>;

/** A zone where it is daytime now, so the drive can be booked for the current hour whenever the test runs. */
function daytimeZone(now = new Date()): string {
  const zones = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Pacific/Auckland"];
  return zones.find((z) => {
    const h = Number(localTime(now, z).slice(0, 2));
    return h >= 8 && h < 18;
  })!;
}

describe("a showroom day in the browser", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    app = await startAppWithUploads();
    ({ server, browser } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("lead → first call → needs analysis (A) → test drive → sign-off → end-of-day check clear", async () => {
    const t = await setupTenant({ consultants: 1 });
    const zone = daytimeZone();
    const api = `/api/stores/${t.store.storeId}`;
    const patched = await t.admin.call("PATCH", api, {
      version: 1,
      timeZone: zone,
      openingHours: { open: "06:00", close: "22:00", closedWeekdays: [] },
    });
    expect(patched.status).toBe(200);
    const consultant = t.consultants[0]!;
    await consultant.client.put(`${api}/duty/${consultant.user.userId}`, { onDuty: true });
    await t.manager.client.post(`${api}/test-drives/fleet`, { plate: "沪A·88888", model: "凯美瑞", colour: "白" });
    const key = (await t.admin.post(`${api}/api-keys`, { name: "Autohome" })).body.key;

    // the lead arrives from the internet and goes to the consultant on duty
    const posted = await new Client("autohome").call("POST", "/api/leads", undefined, {
      rawBody: JSON.stringify({
        provider: "Autohome",
        providerLeadId: "E2E-1",
        name: "Lin Feng",
        mobile: "13566667777",
      }),
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    });
    expect(posted.status).toBe(201);
    expect(posted.body.results[0].ownerName).toBe(consultant.user.name);

    // the consultant finds it waiting for its first response and opens the card
    const page = await signIn(browser, server.url, consultant.email);
    await page.goto(`${server.url}/app/s/${t.store.storeId}/leads`);
    await expect(page.locator("[data-testid=lead-table]").textContent()).resolves.toContain("waiting");
    await Promise.all([page.waitForURL(/\/p\//), page.click("[data-testid=lead-table] a:has-text('Lin Feng')")]);

    // first call
    await page.selectOption("select[name=outcome]", "appointment");
    await page.click("form:has(input[name=intent][value=call]) button[type=submit]");
    await page.locator("[data-testid=calls] li").first().waitFor();

    // needs analysis: buying within 15 days → grade A
    const needs = page.locator("[data-testid=needs-form]");
    await needs.locator("input[name=purchaseFactors][value=safety]").check();
    await needs.locator("input[name=purchaseFactors][value=space]").check();
    await needs.locator("select[name=purchaseTiming]").selectOption("within_15_days");
    await needs.locator("button[type=submit]").click();
    await page.locator("[data-testid=prospect-card] .pill", { hasText: /^A$/ }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath("e2e-day-card-graded"), fullPage: true });

    // book the car for the current quarter hour and drive
    await Promise.all([
      page.waitForURL(/test-drives\?prospectId=/),
      page.click("text=Book a test drive for this customer"),
    ]);
    const now = localTime(new Date(), zone);
    const quarter = `${now.slice(0, 3)}${String(Math.floor(Number(now.slice(3)) / 15) * 15).padStart(2, "0")}`;
    await page.selectOption("select[name=vehicleId]", { index: 1 });
    await page.fill("input[name=day]", localDate(new Date(), zone));
    await page.selectOption("select[name=time]", quarter);
    await page.selectOption("select[name=durationMinutes]", "30");
    await page.fill("input[name=route]", "Ring road");
    await page.click("[data-testid=td-book-form] button[type=submit]");
    await page.locator("[data-testid=td-booked]").waitFor();
    await page.goto(`${server.url}/app/s/${t.store.storeId}/test-drives`);
    await Promise.all([page.waitForURL(/\/td\//), page.click("[data-testid=td-table] a")]);
    await page.fill("input[name=licenceNumber]", "310115199003071239");
    await page.setInputFiles("input[name=photo]", {
      name: "licence.png",
      mimeType: "image/png",
      buffer: Buffer.from(licencePng(5)),
    });
    await page.check("input[name=waiver]");
    await page.click("[data-testid=td-start-form] button[type=submit]");
    await page.locator("[data-testid=td-state]", { hasText: "On the road" }).waitFor({ timeout: 10_000 });
    await page.check("input[name=rating][value='5']");
    await page.selectOption("select[name=interest]", "more_interested");
    await page.click("[data-testid=td-return-form] button[type=submit]");
    await page.locator("[data-testid=td-state]", { hasText: "Returned" }).waitFor({ timeout: 10_000 });
    const drivePath = new URL(page.url()).pathname;

    // before the sign-off, the day check shows exactly that gap
    const manager = await signIn(browser, server.url, t.manager.email);
    await manager.goto(`${server.url}/app/s/${t.store.storeId}/eod`);
    await expect(manager.locator("[data-testid=eod-gaps]").textContent()).resolves.toContain(
      "Test drive not signed off",
    );
    await manager.goto(`${server.url}${drivePath}`);
    await manager.click("[data-testid=td-signoff-form] button[type=submit]");
    await manager.locator("[data-testid=td-state]", { hasText: "Signed off" }).waitFor({ timeout: 10_000 });

    // end of day: no gaps; the supervisor ticks it off
    await manager.goto(`${server.url}/app/s/${t.store.storeId}/eod`);
    await manager.locator("[data-testid=eod-clear]").waitFor();
    await expect(manager.locator("text=Checked: 0 walk-ins, 1 new cards, 1 completed drives").count()).resolves.toBe(1);
    await manager.click("[data-testid=eod-tick] button[type=submit]");
    await manager.locator("[data-testid=eod-tick]", { hasText: "Ticked off by Manager" }).waitFor({ timeout: 10_000 });
    await manager.screenshot({ path: screenshotPath("e2e-day-eod-clear"), fullPage: true });
    expect(await manager.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

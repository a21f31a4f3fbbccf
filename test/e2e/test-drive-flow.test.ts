/**
 * End to end in headless Chromium (phone width) against the real local server:
 * from the prospect card's link a consultant books a test drive, a clashing
 * booking is refused, the drive starts with the licence photo uploaded from the
 * file input (multipart) and the waiver, returns with feedback, and the manager
 * signs it off. The photo is served back to the page through the API.
 */
import { addDays, localDate } from "@dealeros/core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licencePng } from "../../functions/local/seed-testdrives.ts";
import type { startServer } from "../../functions/local/server.ts";
import { setupTenant } from "../support/api.ts";
import { startAppWithUploads } from "../support/app.ts";
import { screenshotPath, signIn } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let app: Awaited<ReturnType<typeof startAppWithUploads>>;

describe("test drive in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    app = await startAppWithUploads();
    ({ server, browser } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("books from the card, starts with a licence photo, returns and is signed off", async () => {
    const t = await setupTenant({ consultants: 1 });
    const api = `/api/stores/${t.store.storeId}`;
    const car = (
      await t.manager.client.post(`${api}/test-drives/fleet`, { plate: "沪A·54321", model: "迈腾", colour: "蓝" })
    ).body.vehicle;
    const card = (
      await t.consultants[0]!.client.post(`${api}/prospects`, {
        name: "Wang Lei",
        mobile: "13800001111",
        source: "walk_in",
      })
    ).body.prospect;
    const day = addDays(localDate(new Date(), "Asia/Shanghai"), 1);

    const page = await signIn(browser, server.url, t.consultants[0]!.email);
    await page.goto(`${server.url}/app/s/${t.store.storeId}/p/${card.prospectId}`);
    await Promise.all([
      page.waitForURL(/test-drives\?prospectId=/),
      page.click("text=Book a test drive for this customer"),
    ]);
    const book = async (time: string) => {
      await page.selectOption("select[name=vehicleId]", car.vehicleId);
      await page.fill("input[name=day]", day);
      await page.selectOption("select[name=time]", time);
      await page.selectOption("select[name=durationMinutes]", "45");
      await page.fill("input[name=route]", "City loop");
      await page.click("[data-testid=td-book-form] button[type=submit]");
    };
    await book("10:00");
    await expect(page.locator("[data-testid=td-booked]").textContent()).resolves.toContain("沪A54321");
    // the same car half an hour later: refused, naming the clash
    await book("10:30");
    await expect(page.locator(".banner.err").textContent()).resolves.toContain(
      "This car is already booked from 10:00 to 10:45",
    );
    await page.goto(`${server.url}/app/s/${t.store.storeId}/test-drives?date=${day}`);
    await expect(page.locator("[data-testid=td-table] tbody tr").count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath("e2e-test-drives-day"), fullPage: true });
    await Promise.all([page.waitForURL(/\/td\//), page.click("[data-testid=td-table] a")]);

    // time out: licence, photo from the camera input, waiver
    expect(await page.locator("input[name=photo]").getAttribute("capture")).toBe("environment");
    await page.fill("input[name=licenceNumber]", "310115199003071239");
    await page.setInputFiles("input[name=photo]", {
      name: "licence.png",
      mimeType: "image/png",
      buffer: Buffer.from(licencePng(3)),
    });
    await page.check("input[name=waiver]");
    await page.click("[data-testid=td-start-form] button[type=submit]");
    await page.locator("[data-testid=td-state]", { hasText: "On the road" }).waitFor({ timeout: 10_000 });
    const photo = page.locator("[data-testid=td-photo]");
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(240);

    // time in with feedback
    await page.check("input[name=rating][value='4']");
    await page.selectOption("select[name=interest]", "more_interested");
    await page.fill("input[name=comments]", "Liked the handling");
    await page.click("[data-testid=td-return-form] button[type=submit]");
    await page.locator("[data-testid=td-state]", { hasText: "Returned" }).waitFor({ timeout: 10_000 });
    await expect(page.locator("[data-testid=td-feedback]").textContent()).resolves.toContain("More interested");
    await expect(page.locator("text=Waiting for the supervisor's sign-off.").count()).resolves.toBe(1);
    const drivePath = new URL(page.url()).pathname;

    const manager = await signIn(browser, server.url, t.manager.email);
    await manager.goto(`${server.url}${drivePath}`);
    await manager.fill("[data-testid=td-signoff-form] input[name=comment]", "OK");
    await manager.click("[data-testid=td-signoff-form] button[type=submit]");
    await manager.locator("[data-testid=td-state]", { hasText: "Signed off" }).waitFor({ timeout: 10_000 });
    await expect(manager.locator("[data-testid=td-signed-off]").textContent()).resolves.toContain("Manager");
    await manager.screenshot({ path: screenshotPath("e2e-test-drive-signed-off"), fullPage: true });
  });
});

/**
 * End to end in headless Chromium against the real local server (same handlers,
 * Remix build, DynamoDB Local): sign up → store → invite a consultant and a
 * receptionist → both accept → consultant goes on duty → receptionist logs a
 * walk-in → the consultant sees it under "my customers today".
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, uniqueEmail } from "../support/api.ts";
import { launchBrowser, newPage, screenshotPath } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
const PASSWORD = "showroom-floor-2026";

describe("walk-in flow in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("signs up, staffs a store and hands a walk-in to the consultant on duty", async () => {
    const base = server.url;
    const admin = await newPage(browser, 1200);
    await admin.goto(`${base}/signup`);
    await admin.fill("input[name=groupName]", "Pearl River Motors");
    await admin.fill("input[name=adminName]", "Chen Admin");
    await admin.fill("input[name=email]", uniqueEmail("e2e-admin"));
    await admin.fill("input[name=password]", PASSWORD);
    await Promise.all([admin.waitForURL(/\/app\/stores/), admin.click("form.stack button[type=submit]")]);

    // empty state, then a store (a bad submit first: field-level error, nothing created)
    await expect(admin.locator(".empty").textContent()).resolves.toContain("No stores yet");
    await admin.fill("input[name=name]", "Guangzhou Tianhe Store");
    await admin.fill("input[name=city]", "");
    await admin.fill("input[name=brands]", "GAC Toyota");
    await admin.locator("input[name=city]").evaluate((el) => el.removeAttribute("required"));
    await admin.click("form.stack button[type=submit]");
    await expect(admin.locator("#f-city-err").textContent()).resolves.toMatch(/City/);
    await admin.fill("input[name=city]", "Guangzhou");
    await admin.click("form.stack button[type=submit]");
    await admin.waitForSelector("text=Guangzhou Tianhe Store");

    // invite a consultant and a receptionist; the accept links are shown locally
    const invite = async (email: string, role: string) => {
      await admin.goto(`${base}/app/staff`);
      await admin.fill("input[name=email]", email);
      await admin.check(`input[name=roles][value=${role}]`);
      await admin.click("form.stack button[type=submit]");
      const link = await admin.locator("[data-testid=invite-link] a").getAttribute("href");
      expect(link).toMatch(/\/invite\//);
      return link!;
    };
    const consultantLink = await invite(uniqueEmail("e2e-consultant"), "sales_consultant");
    const receptionLink = await invite(uniqueEmail("e2e-reception"), "receptionist");
    await admin.screenshot({ path: screenshotPath("e2e-staff"), fullPage: true });

    const accept = async (link: string, name: string) => {
      const page = await newPage(browser);
      await page.goto(link);
      await page.fill("input[name=name]", name);
      await page.fill("input[name=password]", PASSWORD);
      await Promise.all([page.waitForURL(/\/app\/s\//), page.click("form.stack button[type=submit]")]);
      return page;
    };
    const consultant = await accept(consultantLink, "Li Na");
    const reception = await accept(receptionLink, "Zhang Min");

    // the consultant goes on duty
    await consultant.click("text=On duty");
    await consultant.waitForSelector("[data-testid=duty-board]");
    await consultant.click("button:has-text('Go on duty')");
    await consultant.waitForSelector("text=Next up");
    await consultant.screenshot({ path: screenshotPath("e2e-duty-375"), fullPage: true });

    // the receptionist logs a walk-in on a phone-sized screen
    await reception.reload();
    await reception.fill("input[name=partySize]", "3");
    await reception.selectOption("select[name=source]", "internet");
    await reception.fill("input[name=customerName]", "Wang Xiansheng");
    await reception.fill("input[name=mobile]", "138 1234 5678");
    await reception.fill("input[name=intendedModel]", "Camry");
    await reception.click("form.stack button[type=submit]");
    await expect(reception.locator("[data-testid=walkin-logged]").textContent()).resolves.toContain("Li Na");
    // the live list revalidates after the action: wait for the new row
    await reception.waitForSelector("[data-testid=walkin-count]:text-is('1')");
    expect(await reception.locator("[data-testid=walkin-table]").textContent()).toContain("Wang Xiansheng");
    await reception.screenshot({ path: screenshotPath("e2e-walkin-log-375"), fullPage: true });

    // a visitor who arrived a little earlier: the receptionist types the arrival time (store time)
    const earlier = new Date(Date.now() - 20 * 60_000);
    const hhmm = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Shanghai",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(earlier);
    if (
      hhmm <
      new Intl.DateTimeFormat("en-GB", {
        timeZone: "Asia/Shanghai",
        hour: "2-digit",
        minute: "2-digit",
        hour12: false,
      }).format(new Date())
    ) {
      await reception.fill("input[name=arrivedTime]", hhmm);
      await reception.fill("input[name=customerName]", "Early Bird");
      await reception.click("form.stack button[type=submit]");
      await reception.waitForSelector("[data-testid=walkin-count]:text-is('2')");
      const rows = await reception.locator("[data-testid=walkin-table] tbody tr").allTextContents();
      // listed in arrival order: the earlier visitor comes first, with the typed time
      expect(rows[0]).toContain("Early Bird");
      expect(rows[0]).toContain(hhmm);
    }

    // the consultant sees the customer under "my customers today"
    await consultant.click("text=My customers today");
    await consultant.waitForSelector("[data-testid=walkin-table]");
    const table = await consultant.locator("[data-testid=walkin-table]").textContent();
    expect(table).toContain("Wang Xiansheng");
    expect(table).toContain("first in rotation today");
    await consultant.screenshot({ path: screenshotPath("e2e-my-customers-375"), fullPage: true });

    // and in Chinese after switching the language
    await consultant.click("[data-testid=lang-switch]");
    await consultant.waitForSelector("text=我的今日客户");
  });

  it("refuses a wrong password with a readable message", async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.fill("input[name=email]", uniqueEmail("nobody"));
    await page.fill("input[name=password]", "wrong-password-1");
    await page.click("form.stack button[type=submit]");
    await expect(page.locator("[role=alert]").textContent()).resolves.toContain("Email or password is wrong");
  });
});

/**
 * Complaints in headless Chromium on a phone-sized screen, against the real
 * local server: the receptionist logs a complaint (a bad submit first), the
 * sales manager answers, resolves with the customer's satisfaction and flags it
 * for the OEM; an overdue complaint is escalated and shows red with its badge.
 */
import { type Store, stores } from "@dealeros/db";
import { complaints } from "@dealeros/services";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { type Client, freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, newPage, screenshotPath } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;
let store: Store;

async function pageAs(client: Client, width = 375): Promise<Page> {
  const page = await newPage(browser, width);
  const [name, value] = client.cookie!.split("=") as [string, string];
  await page.context().addCookies([
    { name, value, url: server.url },
    { name: "lang", value: "en", url: server.url },
  ]);
  return page;
}

async function fitsPhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
}

describe("complaints in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const db = await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
    t = await setupTenant({ consultants: 1 });
    store = (await stores.getStore(db, t.manager.user.tenantId, t.store.storeId))!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("logs, answers, resolves and flags a complaint for the OEM", async () => {
    const list = `${server.url}/app/s/${t.store.storeId}/complaints`;
    const reception = await pageAs(t.receptionist.client);
    await reception.goto(list);
    await expect(reception.locator(".empty").textContent()).resolves.toContain("No complaints");
    await fitsPhone(reception);

    // a bad submit first: no mobile → the field says so, nothing is logged
    await reception.fill("input[name=customerName]", "Wang Xiansheng");
    await reception.selectOption("select[name=channel]", "walk_in");
    await reception.selectOption("select[name=category]", "delivery");
    await reception.selectOption("select[name=severity]", "high");
    await reception.fill("textarea[name=description]", "Scratch on the rear door found at delivery");
    await reception.click("[data-testid=complaint-form] button[type=submit]");
    await expect(reception.locator("#f-mobile-err").textContent()).resolves.toContain("mobile");
    await reception.fill("input[name=mobile]", "138 1234 5678");
    await Promise.all([
      reception.waitForURL(/\/c\/[0-9A-Z]{26}/),
      reception.click("[data-testid=complaint-form] button[type=submit]"),
    ]);
    const card = await reception.locator("[data-testid=complaint-card]").textContent();
    expect(card).toContain("Waiting for a response");
    expect(card).toContain("Manager");
    expect(card).toMatch(/1[12] h \d+ min left/);
    // the receptionist is not the assignee: no action forms
    expect(await reception.locator("[data-testid=respond-form]").count()).toBe(0);
    await reception.screenshot({ path: screenshotPath("e2e-complaint-logged-375"), fullPage: true });

    // the sales manager answers on his phone
    const manager = await pageAs(t.manager.client);
    await manager.goto(list);
    const row = await manager.locator("[data-testid=complaint-row]").first().textContent();
    expect(row).toContain("Wang Xiansheng");
    expect(row).toMatch(/h \d+ min left/);
    await fitsPhone(manager);
    await manager.click("text=Wang Xiansheng");
    await manager.waitForSelector("[data-testid=respond-form]");
    await fitsPhone(manager);
    await manager.fill("[data-testid=respond-form] textarea[name=note]", "Called and apologised");
    await manager.fill("[data-testid=respond-form] input[name=actionTaken]", "Paint repair booked");
    await manager.click("[data-testid=respond-form] button[type=submit]");
    await manager.waitForSelector("[data-testid=complaint-response]");
    expect(await manager.locator("[data-testid=complaint-card]").textContent()).toContain("Handled");

    await manager.fill("[data-testid=oem-form] textarea[name=oemNote]", "Paint defect from the factory, VIN …345");
    await manager.click("[data-testid=oem-form] button[type=submit]");
    await manager.waitForSelector("[data-testid=complaint-oem]");

    await manager.fill("[data-testid=resolve-form] textarea[name=resolution]", "Repaired, customer happy");
    await manager.check("[data-testid=resolve-form] input[name=satisfaction][value='4']");
    await manager.click("[data-testid=resolve-form] button[type=submit]");
    await manager.waitForSelector("[data-testid=complaint-resolution]");
    expect(await manager.locator("[data-testid=complaint-resolution]").textContent()).toContain("Satisfied");
    const trail = await manager.locator("[data-testid=audit]").textContent();
    for (const step of ["Complaint logged", "Complaint answered", "flagged for the OEM", "Complaint resolved"])
      expect(trail).toContain(step);
    await manager.screenshot({ path: screenshotPath("e2e-complaint-resolved-375"), fullPage: true });

    await manager.goto(`${list}?filter=oem`);
    expect(await manager.locator("[data-testid=complaint-table]").textContent()).toContain("Wang Xiansheng");
  });

  it("shows an escalated, overdue complaint in red with its badge, in English and Chinese", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 13 * 3600_000);
    try {
      const r = await t.receptionist.client.post(`/api/stores/${t.store.storeId}/complaints`, {
        customerName: "Zhao Nüshi",
        mobile: "13912345678",
        channel: "phone",
        category: "price",
        description: "Promised discount not on the contract",
      });
      expect(r.status).toBe(201);
    } finally {
      vi.useRealTimers();
    }
    expect((await complaints.escalateOverdueComplaints(store, new Date())).escalated).toHaveLength(1);
    const manager = await pageAs(t.manager.client);
    await manager.goto(`${server.url}/app/s/${t.store.storeId}/complaints?filter=overdue`);
    const row = manager.locator("[data-testid=complaint-row]");
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator("[data-testid=sla-overdue]").textContent()).resolves.toMatch(/Overdue by 1 h/);
    await expect(row.locator("[data-testid=escalated-badge]").count()).resolves.toBe(1);
    await fitsPhone(manager);
    await manager.screenshot({ path: screenshotPath("e2e-complaint-overdue-375"), fullPage: true });
    await manager.click("[data-testid=lang-switch]");
    await manager.waitForSelector("text=已超时 1 小时");
    await manager.waitForSelector("text=已升级");
  });
});

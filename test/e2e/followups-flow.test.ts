/**
 * End to end in headless Chromium on a phone-sized screen: a consultant opens
 * today's plan, sees an overdue follow-up in red, opens the card, completes the
 * follow-up (a bad submit first) and sees the next due time; the supervisor sees
 * everyone's completion and drills down into one consultant's day.
 */
import { identity } from "@dealeros/db";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFollowUps } from "../../functions/local/seed-followups.ts";
import { startServer } from "../../functions/local/server.ts";
import { freshTable, setupTenant } from "../support/api.ts";
import { launchBrowser, screenshotPath, signIn } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let t: Awaited<ReturnType<typeof setupTenant>>;

describe("follow-ups and today's plan in the browser", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const db = await freshTable();
    t = await setupTenant({ consultants: 2, groupName: "Plan E2E Motors" });
    const tenantId = t.receptionist.user.tenantId as string;
    await seedFollowUps(db, {
      tenantId,
      stores: [t.store],
      users: await identity.listUsers(db, tenantId),
      now: new Date(),
    });
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a consultant clears an overdue follow-up from his plan; the supervisor sees it", async () => {
    const plan = `${server.url}/app/s/${t.store.storeId}/plan`;
    const consultant = await signIn(browser, server.url, t.consultants[0]!.email);
    await consultant.goto(plan);
    await expect(consultant.locator("[data-testid=plan-figures]").textContent()).resolves.toMatch(/Completion/);
    const overdue = consultant.locator("[data-testid=plan-overdue-before] li[data-overdue=true]");
    expect(await overdue.count()).toBeGreaterThanOrEqual(1);
    const before = await overdue.count();
    // the overdue row is red and says so
    await expect(overdue.first().textContent()).resolves.toContain("Overdue");
    expect(await overdue.first().evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe("rgb(179, 38, 30)");
    expect(await consultant.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await consultant.screenshot({ path: screenshotPath("e2e-plan-consultant-375"), fullPage: true });

    await Promise.all([consultant.waitForURL(/\/p\//), overdue.first().locator("a").click()]);
    await expect(consultant.locator("[data-testid=next-followup]").getAttribute("data-overdue")).resolves.toBe("true");
    const history = await consultant.locator("[data-testid=followup-history] li").count();

    // "agreed to come in" without a time: the field says what is missing, nothing is saved
    await consultant.selectOption("#f-fuOutcome", "appointment");
    await consultant.click("[data-testid=followup-form] button[type=submit]");
    await expect(consultant.locator("#f-fuAppointmentAt-err").textContent()).resolves.toMatch(/agreed to come in/);
    expect(await consultant.locator("[data-testid=followup-history] li").count()).toBe(history);

    await consultant.selectOption("#f-fuOutcome", "reached");
    await consultant.fill("#f-fuNote", "Wants a test drive on Saturday");
    await consultant.fill("#f-fuNextStep", "Book the test drive");
    await consultant.click("[data-testid=followup-form] button[type=submit]");
    await expect(consultant.locator("[data-testid=followups] .banner.ok").textContent()).resolves.toMatch(
      /Next follow-up/,
    );
    await consultant.waitForFunction(
      (n) => document.querySelectorAll("[data-testid=followup-history] li").length === n,
      history + 1,
      { timeout: 10_000 },
    );
    await expect(consultant.locator("[data-testid=followup-history] li").first().textContent()).resolves.toContain(
      "Wants a test drive on Saturday",
    );
    await expect(consultant.locator("[data-testid=next-followup]").getAttribute("data-overdue")).resolves.toBeNull();
    await consultant.screenshot({ path: screenshotPath("e2e-card-followup-375"), fullPage: true });

    // back on the plan: one overdue fewer
    await consultant.goto(plan);
    expect(await consultant.locator("[data-testid=plan-overdue-before] li[data-overdue=true]").count()).toBe(
      before - 1,
    );

    const manager = await signIn(browser, server.url, t.manager.email, 1200);
    await manager.goto(plan);
    const rows = manager.locator("[data-testid=plan-consultants] tbody tr");
    expect(await rows.count()).toBe(2);
    await expect(manager.locator("[data-testid=plan-consultants]").textContent()).resolves.toContain("Consultant 1");
    await manager.screenshot({ path: screenshotPath("e2e-plan-supervisor-1200"), fullPage: true });
    await Promise.all([
      manager.waitForURL(/owner=/),
      manager.locator("[data-testid=plan-consultants] a", { hasText: "Consultant 2" }).click(),
    ]);
    await manager.locator("h2", { hasText: "Consultant 2's plan" }).waitFor();
    expect(await manager.locator("[data-testid=plan-items] li").count()).toBeGreaterThanOrEqual(2);
  });
});

/**
 * Targets and commissions in headless Chromium against the real local server:
 * the sales admin sets the year's target (decomposed on the page), computes
 * last month's commissions, adds an adjustment with a reason and locks the
 * month; the consultant, on a 375 px phone, finds his own statement under
 * "My commission" — and someone else's is not found.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { localDate } from "@dealeros/core";
import { type Db, keys, type SalesDetailLine, stats } from "@dealeros/db";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../functions/local/server.ts";
import { Client, freshTable, PASSWORD, setupTenant, type Tenant, uniqueEmail } from "../support/api.ts";
import { launchBrowser, newPage, screenshotPath } from "../support/browser.ts";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let db: Db;
let t: Tenant;
let admin: Client;
const today = localDate(new Date(), "Asia/Shanghai");
const lastMonth = (() => {
  const [y, m] = today.slice(0, 7).split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
})();

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
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

/** Last month: two deliveries by consultant 1 (one with accessories), as the day statistics and contracts hold them. */
async function lastMonthDeliveries() {
  const c = t.consultants[0]!.user;
  const line = (contractId: string): SalesDetailLine => ({
    kind: "delivery",
    contractId,
    contractNo: `HT-${contractId}`,
    consultantId: c.userId,
    consultantName: c.name,
    customerName: "王先生",
    brand: "FAW-Volkswagen",
    model: "magotan",
    trim: "330tsi-lux",
    colour: "白",
    amountFen: 22_000_000,
  });
  for (const [id, accessoriesFen] of [
    ["E1", 800_000],
    ["E2", 0],
  ] as const)
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.contract(t.store.tenantId, id),
          tenantId: t.store.tenantId,
          storeId: t.store.storeId,
          contractId: id,
          contractNo: `HT-${id}`,
          customerName: "王先生",
          consultantId: c.userId,
          consultantName: c.name,
          vehicle: {
            brand: "FAW-Volkswagen",
            modelCode: "magotan",
            modelName: "迈腾",
            trimCode: "330tsi-lux",
            trimName: "330TSI 豪华型",
          },
          totals: { accessoriesFen, insuranceFen: 0, loanFen: 0 },
          state: "delivered",
        },
      }),
    );
  const byConsultant = { [c.userId]: { ...stats.ZERO_COUNTS, deliveries: 2, name: c.name } };
  await stats.putDayStats(db, {
    ...stats.ZERO_COUNTS,
    deliveries: 2,
    tenantId: t.store.tenantId,
    storeId: t.store.storeId,
    date: `${lastMonth}-15`,
    firstVisits: 0,
    returnVisits: 0,
    byConsultant,
    bySource: {},
    byBrand: {},
    lostReasons: {},
    complaints: 0,
    complaintsHandledIn12h: 0,
    detail: [line("E1"), line("E2")],
    generatedAt: new Date().toISOString(),
  });
}

describe("targets and commissions in the browser", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    db = await freshTable();
    server = await startServer({ port: 0 });
    browser = await launchBrowser();
    t = await setupTenant({ consultants: 2 });
    const email = uniqueEmail("sales-admin");
    const inv = await t.admin.post("/api/invitations", { email, roles: ["sales_admin"], storeIds: [t.store.storeId] });
    admin = new Client("Sales Admin");
    expect(
      (await admin.post(`/api/invitations/${inv.body.token}/accept`, { name: "Sales Admin", password: PASSWORD }))
        .status,
    ).toBe(201);
    await lastMonthDeliveries();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the sales admin sets a target, reviews and locks last month; the consultant sees only his statement", async () => {
    const storeBase = `${server.url}/app/s/${t.store.storeId}`;
    const [c1, c2] = [t.consultants[0]!.user, t.consultants[1]!.user];

    // --- targets: a bad submit first, then the year's target, decomposed evenly
    const sa = await pageAs(admin);
    await sa.goto(`${storeBase}/targets`);
    await expect(sa.locator(".empty").first().textContent()).resolves.toContain("No target set");
    await sa.fill("input[name=annualUnits]", "-5");
    await sa.locator("input[name=annualUnits]").evaluate((el) => el.removeAttribute("min"));
    await sa.click("details.tg-edit form button[type=submit]");
    await expect(sa.locator(".field-error").first().textContent()).resolves.toMatch(/negative/);
    await sa.fill("input[name=annualUnits]", "240");
    await sa.fill(`input[name="share.${c1.userId}"]`, "60");
    await sa.fill(`input[name="share.${c2.userId}"]`, "40");
    await sa.click("details.tg-edit form button[type=submit]");
    await sa.waitForSelector("text=Target saved.");
    await sa.waitForSelector("[data-testid=quarters] >> text=60 units");
    await expect(sa.locator("[data-testid=progress-year]").textContent()).resolves.toContain("of 240 delivered");
    expect(await sa.locator("[data-testid=leaderboard] tbody tr").count()).toBe(2);
    await fitsPhone(sa);

    // --- commissions: compute last month, adjust one statement, lock
    await sa.goto(`${storeBase}/commissions`);
    await expect(sa.locator("[data-testid=commission-state]").textContent()).resolves.toBe("Not computed yet");
    await sa.click("text=Compute now");
    await sa.waitForSelector("text=Computed: 2 statements");
    await sa.waitForSelector("[data-testid=commission-list]");
    expect(await sa.locator("[data-testid=commission-list] tbody tr").count()).toBe(2);
    // 2 × ¥300 per unit + 5 % of ¥8,000 accessories = ¥1,000.00
    await sa.click(`text=${c1.name}`);
    await sa.waitForURL(new RegExp(`/commissions/${lastMonth}/${c1.userId}$`));
    await expect(sa.locator("[data-testid=statement-total]").textContent()).resolves.toBe("¥1,000.00");
    await sa.click("text=Add an adjustment");
    await sa.fill("input[name=amount]", "-120");
    await sa.fill("input[name=reason]", "Late delivery paperwork");
    await sa.click("details.tg-edit form button[type=submit]");
    await sa.waitForSelector("text=Adjustment added.");
    await sa.waitForSelector("[data-testid=statement-total] >> text=¥880.00");
    await fitsPhone(sa);
    await sa.click("text=All statements of the month");
    await sa.click("text=Lock the month");
    await sa.waitForSelector("text=The month is locked.");
    await sa.waitForSelector("[data-testid=commission-state] >> text=Locked");
    expect(await sa.locator("text=Lock the month").count()).toBe(0);
    await sa.screenshot({ path: screenshotPath("commissions-locked"), fullPage: true });
    // the tables as XLSX (the page's loader answers ?format=xlsx)
    await sa.goto(`${storeBase}/targets`);
    const links = [
      await sa.getAttribute("[data-testid=targets-xlsx]", "href"),
      `/app/s/${t.store.storeId}/commissions/xlsx?month=${lastMonth}`,
      `/app/s/${t.store.storeId}/commissions/${lastMonth}/${c1.userId}/xlsx`,
    ];
    for (const href of links) {
      const file = await sa.request.get(`${server.url}${href}`);
      expect(file.status()).toBe(200);
      expect(file.headers()["content-type"]).toContain("spreadsheetml");
      expect((await file.body()).subarray(0, 2).toString()).toBe("PK");
    }

    // --- the consultant on his phone: the Commissions tab is his own statements
    const me = await pageAs(t.consultants[0]!.client);
    await me.goto(storeBase);
    await me.click("text=My commission");
    await me.waitForURL(/\/my-commission$/);
    await me.waitForSelector("[data-testid=my-commissions] tbody tr");
    expect(await me.locator("[data-testid=my-commissions] tbody tr").count()).toBe(1);
    await me.click(`text=${lastMonth}`);
    await me.waitForSelector("[data-testid=statement-total]");
    await expect(me.locator("[data-testid=statement-total]").textContent()).resolves.toBe("¥880.00");
    await expect(me.locator("[data-testid=statement-state]").textContent()).resolves.toBe("Locked");
    expect(await me.locator("text=Add an adjustment").count()).toBe(0);
    await fitsPhone(me);
    await me.screenshot({ path: screenshotPath("my-commission-375"), fullPage: true });
    // someone else's statement: not found
    const other = await me.goto(`${storeBase}/commissions/${lastMonth}/${c2.userId}`);
    expect(other?.status()).toBe(404);
    expect((await me.request.get(`${storeBase}/commissions/${lastMonth}/${c2.userId}/xlsx`)).status()).toBe(404);
    expect((await me.request.get(`${storeBase}/commissions/xlsx?month=${lastMonth}`)).status()).toBe(404);
  });
});

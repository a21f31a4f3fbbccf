/** Headless Chromium (Debian's package) driven by playwright-core, and the real local server. */
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { PASSWORD } from "./api.ts";

export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p)) ??
  "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page in a fresh browser context (own cookies), phone-sized and in English unless a width and locale are given. */
export async function newPage(browser: Browser, width = 375, locale = "en-US", height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  return context.newPage();
}

/** Signs a user in through the login form of the server at baseUrl (password: api.ts PASSWORD); the page ends on /app. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  width = 375,
  locale = "en-US",
  height = 800,
): Promise<Page> {
  const page = await newPage(browser, width, locale, height);
  await page.goto(`${baseUrl}/login`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", PASSWORD);
  await Promise.all([page.waitForURL(/\/app/), page.click("form.stack button[type=submit]")]);
  return page;
}

/** True when the page does not scroll sideways (one pixel of rounding allowed). */
export const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

export function screenshotPath(name: string): string {
  mkdirSync(".test-results/screenshots", { recursive: true });
  return `.test-results/screenshots/${name}.png`;
}

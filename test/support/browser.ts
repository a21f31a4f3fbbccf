/** Headless Chromium (Debian's package) driven by playwright-core, and the real local server. */
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

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

export function screenshotPath(name: string): string {
  mkdirSync(".test-results/screenshots", { recursive: true });
  return `.test-results/screenshots/${name}.png`;
}

/** The real local app for browser tests: a fresh table, the server on a free port, Chromium, and a temporary uploads folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../functions/local/server.ts";
import { freshTable } from "./api.ts";
import { launchBrowser } from "./browser.ts";

export async function startAppWithUploads() {
  const uploadDir = mkdtempSync(join(tmpdir(), "dealeros-e2e-uploads-"));
  process.env.UPLOAD_DIR = uploadDir;
  delete process.env.UPLOAD_BUCKET;
  await freshTable();
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

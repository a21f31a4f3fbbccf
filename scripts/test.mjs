#!/usr/bin/env node
// Runs every test layer with vitest and ends with the plain line "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";

const out = ".test-results/vitest.json";
mkdirSync(".test-results", { recursive: true });
rmSync(out, { force: true });
const r = spawnSync(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...process.argv.slice(2)],
  {
    stdio: "inherit",
    env: process.env,
  },
);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const j = JSON.parse(readFileSync(out, "utf8"));
  passed = j.numPassedTests ?? 0;
  failed = (j.numFailedTests ?? 0) + ((j.numFailedTestSuites ?? 0) ? 0 : 0);
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  // a suite that failed to load counts as a failure even when none of its tests ran
  const brokenSuites = (j.testResults ?? []).filter(
    (s) => s.status === "failed" && (s.assertionResults ?? []).length === 0,
  ).length;
  failed += brokenSuites;
} catch {
  failed = Math.max(1, failed);
}
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);

#!/usr/bin/env node
// Runs every test layer with vitest and ends with the plain line "N passed, N failed".
// Two phases: everything in parallel, then the serial tests (`*.serial.test.ts`:
// many simultaneous transactions on one item, or the whole demo seed) one at a
// time, each in its own run, so their timing does not depend on what else a
// DynamoDB Local is doing or has done.
// With arguments (a file filter, say) it is one vitest run with those arguments.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";

mkdirSync(".test-results", { recursive: true });

function run(name, args) {
  const out = `.test-results/${name}.json`;
  rmSync(out, { force: true });
  const r = spawnSync(
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...args],
    { stdio: "inherit", env: process.env },
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const j = JSON.parse(readFileSync(out, "utf8"));
    passed = j.numPassedTests ?? 0;
    failed = j.numFailedTests ?? 0;
    skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    // a suite that failed to load counts as a failure even when none of its tests ran
    failed += (j.testResults ?? []).filter(
      (s) => s.status === "failed" && (s.assertionResults ?? []).length === 0,
    ).length;
  } catch {
    failed = Math.max(1, failed);
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  return { passed, failed, skipped };
}

// each serial file in its own vitest run, so with its own fresh DynamoDB Local:
// the whole-demo seeds are heavy, and a JVM that has already held one slows the next
const serialFiles = ["test", "packages", "functions"]
  .flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => `${dir}/${f}`))
  .filter((f) => f.endsWith(".serial.test.ts") && !f.includes("node_modules"))
  .sort();
const given = process.argv.slice(2);
const phases = given.length
  ? [run("vitest", given)]
  : [
      run("vitest", ["--exclude", "**/*.serial.test.ts"]),
      ...serialFiles.map((f, i) => run(`serial-${i}`, ["--maxWorkers=1", f])),
    ];
const sum = (k) => phases.reduce((n, p) => n + p[k], 0);
const passed = sum("passed");
const failed = sum("failed");
const skipped = sum("skipped");
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);

#!/usr/bin/env node
// Makes sure the system programs the local runtime needs are there: Java (DynamoDB Local)
// and, for the tests, Chromium. On Debian as root it installs them; elsewhere it says how.
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const wanted = process.argv.slice(2);
const PACKAGES = { java: "default-jre-headless", chromium: "chromium" };
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const missing = wanted.filter((w) => !has(w));
if (missing.length === 0) process.exit(0);
const pkgs = missing.map((m) => PACKAGES[m]);
const canApt = existsSync("/usr/bin/apt-get") && process.getuid?.() === 0;
if (canApt) {
  console.log(`Installing ${pkgs.join(", ")} with apt-get …`);
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs.join(" ")}`, {
    stdio: "inherit",
  });
  process.exit(0);
}
console.error(
  `Missing: ${missing.join(", ")}. Install ${pkgs.join(" and ")} (e.g. \`sudo apt-get install ${pkgs.join(" ")}\`, or Java 17+ / Chromium from your OS), then run the command again.`,
);
process.exit(1);

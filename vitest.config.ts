import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/**/*.test.ts", "functions/**/*.test.ts", "web/app/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "web/build/**"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/cleanup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    env: { LOG_LEVEL: "SILENT", POWERTOOLS_LOG_LEVEL: "SILENT", AWS_REGION: "ap-east-1" },
  },
});

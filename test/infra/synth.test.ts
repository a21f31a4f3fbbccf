/** The real CLI: `cdk synth` offline, bundling every Lambda with the local esbuild (no Docker, no AWS). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const out = mkdtempSync(join(tmpdir(), "cdk-out-"));

describe("cdk synth (offline)", () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("synthesizes all four stacks with bundled functions", { timeout: 180_000 }, () => {
    const r = spawnSync("npx", ["cdk", "synth", "--no-notices", "-q", "-o", out], {
      encoding: "utf8",
      env: {
        ...process.env,
        CDK_DISABLE_CLI_TELEMETRY: "true",
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "",
        AWS_PROFILE: "",
      },
    });
    expect(r.status, r.stderr).toBe(0);
    const templates = readdirSync(out).filter((f) => f.endsWith(".template.json"));
    expect(templates.sort()).toEqual([
      "DealerOs-dev-Api.template.json",
      "DealerOs-dev-Data.template.json",
      "DealerOs-dev-Schedules.template.json",
      "DealerOs-dev-Web.template.json",
    ]);
    const api = JSON.parse(readFileSync(join(out, "DealerOs-dev-Api.template.json"), "utf8"));
    const fns = Object.values(
      api.Resources as Record<string, { Type: string; Properties: { Runtime?: string } }>,
    ).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(fns.some((f) => f.Properties.Runtime === "nodejs22.x")).toBe(true);
    // bundled assets exist (esbuild ran)
    expect(readdirSync(out).filter((f) => f.startsWith("asset.")).length).toBeGreaterThanOrEqual(3);
  });
});

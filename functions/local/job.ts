/**
 * Run a scheduled job by hand: `npm run job -- <name> [--date YYYY-MM-DD] [--store <storeId>]`.
 * Uses the database of a running `npm start`, or starts DynamoDB Local on .data/ for the run.
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createDb, setDb } from "@dealeros/db";
import { SCHEDULES } from "../jobs/registry.ts";
import { type LocalDynamo, startDynamoLocal } from "./dynamo.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function main() {
  const args = process.argv.slice(2);
  const name = args[0];
  const opt = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (!name || name.startsWith("-")) {
    console.log(
      `usage: npm run job -- <name> [--date YYYY-MM-DD] [--store <storeId>]\njobs: ${SCHEDULES.map((s) => `${s.name} (${s.description})`).join("; ")}`,
    );
    process.exit(2);
  }
  const table = process.env.TABLE_NAME ?? "dealer-os-local";
  let endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8010}`;
  let own: LocalDynamo | undefined;
  try {
    await createDb({ tableName: table, endpoint }).raw.send(new ListTablesCommand({}));
  } catch {
    own = await startDynamoLocal({ dbPath: join(root, ".data") });
    endpoint = own.endpoint;
  }
  process.env.TABLE_NAME = table;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  setDb(createDb({ tableName: table, endpoint }));
  const { runForPeriod } = await import("../jobs/run.ts");
  const report = await runForPeriod(name, opt("--date"), opt("--store"));
  console.log(JSON.stringify(report, null, 2));
  await own?.stop();
  process.exit(report.failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});

/**
 * `npm start`: DynamoDB Local on disk (.data/), the table, the demo tenant on an
 * empty database, the local scheduler and one server for web + API on :3000.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, setDb } from "@dealeros/db";
import { ensureTable, startDynamoLocal } from "./dynamo.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PORT = Number(process.env.PORT ?? 3000);
const DB_PORT = Number(process.env.DYNAMODB_PORT ?? 8010);
const TABLE = process.env.TABLE_NAME ?? "dealer-os-local";

async function main() {
  const dataDir = join(root, ".data");
  mkdirSync(dataDir, { recursive: true });
  console.log("Starting DynamoDB Local (data in .data/) …");
  const dynamo = await startDynamoLocal({ port: DB_PORT, dbPath: dataDir });
  process.env.TABLE_NAME = TABLE;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.EXPOSE_INVITE_LINKS = "true";
  process.env.PUBLIC_URL ??= `http://localhost:${PORT}`;
  process.env.LOG_LEVEL ??= "WARN";
  const db = createDb({ tableName: TABLE, endpoint: dynamo.endpoint });
  setDb(db);
  const created = await ensureTable(db);
  const { DEMO_LOGINS, DEMO_PASSWORD, isSeeded, seedDemo } = await import("./seed.ts");
  if (created === "created" || !(await isSeeded(db))) {
    console.log("Seeding the demo tenant …");
    const r = await seedDemo(db);
    console.log(`Seeded 3 stores, 18 staff, ${r.walkIns} walk-ins over 14 days.`);
  }
  const { startScheduler } = await import("./scheduler.ts");
  const scheduler = startScheduler();
  const { startServer } = await import("./server.ts");
  const server = await startServer({ port: PORT, host: process.env.HOST ?? "0.0.0.0" });

  console.log(`\n  Dealer OS is running at ${server.url.replace(`:${PORT}`, `:${PORT}`)}\n`);
  console.log(`  Demo logins (password: ${DEMO_PASSWORD})`);
  for (const l of DEMO_LOGINS) console.log(`    ${l.email.padEnd(38)} ${l.role}`);
  console.log(`\n  API: ${server.url}/api/health · OpenAPI: ${server.url}/api/openapi.json`);
  console.log("  Press Ctrl-C to stop.\n");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping …");
    scheduler.stop();
    await server.close();
    await dynamo.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

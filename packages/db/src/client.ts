/**
 * The DynamoDB document client with per-request accounting: every command asks
 * for ReturnConsumedCapacity=TOTAL, and each round trip and its capacity are
 * added to the accounting scope of the request that made it (AsyncLocalStorage).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DbStats {
  calls: number;
  capacity: number;
  operations: string[];
}

const scope = new AsyncLocalStorage<DbStats>();

/** Run fn and return its result with the DynamoDB calls it made. */
export async function withDbStats<T>(fn: () => Promise<T>): Promise<{ result: T; stats: DbStats }> {
  const stats: DbStats = { calls: 0, capacity: 0, operations: [] };
  const result = await scope.run(stats, fn);
  return { result, stats };
}

export function currentDbStats(): DbStats | undefined {
  return scope.getStore();
}

function sumCapacity(cc: unknown): number {
  if (!cc) return 0;
  const list = Array.isArray(cc) ? cc : [cc];
  return list.reduce((n: number, c: { CapacityUnits?: number }) => n + (c?.CapacityUnits ?? 0), 0);
}

export interface DbConfig {
  tableName: string;
  endpoint?: string;
  region?: string;
}

export interface Db {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  table: string;
}

export function createDb(config: DbConfig): Db {
  // Lambda runs nodejs22.x; the local machine's Node 20 is known and documented — no need to repeat the SDK's notice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const raw = new DynamoDBClient({
    region: config.region ?? process.env.AWS_REGION ?? "ap-east-1",
    ...(config.endpoint
      ? { endpoint: config.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    maxAttempts: 4,
  });
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const op = String(context.commandName ?? "").replace(/Command$/, "");
      if (op !== "CreateTable" && op !== "DescribeTable" && op !== "UpdateTimeToLive" && op !== "DeleteTable") {
        input.ReturnConsumedCapacity ??= "TOTAL";
      }
      const result = await next(args);
      const stats = scope.getStore();
      if (stats) {
        stats.calls += 1;
        stats.operations.push(op);
        stats.capacity += sumCapacity((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
      }
      return result;
    },
    { step: "initialize", name: "dbAccounting" },
  );
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, raw, table: config.tableName };
}

let defaultDb: Db | undefined;
/** The process-wide client configured from TABLE_NAME / DYNAMODB_ENDPOINT. */
export function getDb(): Db {
  if (!defaultDb) {
    const tableName = process.env.TABLE_NAME;
    if (!tableName) throw new Error("TABLE_NAME is not set");
    defaultDb = createDb({ tableName, endpoint: process.env.DYNAMODB_ENDPOINT || undefined });
  }
  return defaultDb;
}
export function setDb(db: Db | undefined): void {
  defaultDb = db;
}

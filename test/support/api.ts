/**
 * Test harness: a fresh table in the run's DynamoDB Local, and a client that
 * calls the real API handler (the same function Lambda runs) with real events.
 */
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createDb, type Db, setDb } from "@dealeros/db";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { inject } from "vitest";
import { localContext } from "../../functions/local/adapter.ts";
import { ensureTable } from "../../functions/local/dynamo.ts";

let counter = 0;
/** The tables this test file made: dropped when the file is done (test/support/cleanup.ts). */
const made: Db[] = [];

/** Create a uniquely named table and point the process-wide client (and env) at it. */
export async function freshTable(): Promise<Db> {
  const endpoint = inject("dynamoEndpoint");
  const tableName = `test-${process.pid}-${Date.now()}-${counter++}`;
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.EXPOSE_INVITE_LINKS = "true";
  const db = createDb({ tableName, endpoint });
  await ensureTable(db);
  setDb(db);
  made.push(db);
  return db;
}

/**
 * Drop the tables this test file made. DynamoDB Local keeps every table in one
 * JVM's memory: without this, a run's later files (the whole-demo seeds of the
 * serial phase above all) slow down as the heap fills with earlier files' data.
 */
export async function dropTables(): Promise<void> {
  for (const db of made.splice(0)) {
    await db.raw.send(new DeleteTableCommand({ TableName: db.table })).catch(() => undefined);
  }
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string>;
  cookies: string[];
  dbCalls: number;
}

export class Client {
  cookie?: string;
  constructor(readonly name = "client") {}

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const { handler } = await import("../../functions/http/app.ts");
    const url = new URL(path, "http://localhost");
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      cookies: this.cookie ? [this.cookie] : undefined,
      headers: { "content-type": "application/json", host: "localhost", ...(opts.headers ?? {}) },
      queryStringParameters: Object.keys(query).length ? query : undefined,
      requestContext: {
        http: { method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
        requestId: "t",
        timeEpoch: Date.now(),
      },
      body: opts.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const res = (await handler(event, localContext())) as APIGatewayProxyStructuredResultV2;
    const cookies = res.cookies ?? [];
    const session = cookies.find((c) => c.startsWith("dos_session="));
    if (session) {
      const value = session.split(";")[0]!;
      this.cookie = value === "dos_session=" ? undefined : value;
    }
    return {
      status: res.statusCode ?? 200,
      body: res.body ? JSON.parse(res.body) : undefined,
      headers: (res.headers ?? {}) as Record<string, string>,
      cookies,
      dbCalls: Number(res.headers?.["x-db-calls"] ?? 0),
    };
  }
  get<T = any>(path: string) {
    return this.call<T>("GET", path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.call<T>("POST", path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.call<T>("PATCH", path, body);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.call<T>("PUT", path, body);
  }
  delete<T = any>(path: string) {
    return this.call<T>("DELETE", path);
  }
}

export const STORE_INPUT = {
  name: "上海浦东大众4S店",
  city: "上海",
  timeZone: "Asia/Shanghai",
  openingHours: { open: "09:00", close: "18:00", closedWeekdays: [] },
  brands: ["FAW-Volkswagen"],
};

let emailCounter = 0;
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}.${process.pid}.${Date.now()}.${emailCounter++}@example.com`;
}

export const PASSWORD = "correct-horse-battery";

/** A tenant with an admin, a store, a receptionist and consultants on duty — through the public API. */
export async function setupTenant(opts: { consultants?: number; groupName?: string } = {}) {
  const admin = new Client("admin");
  const adminEmail = uniqueEmail("admin");
  const s = await admin.post("/api/signup", {
    groupName: opts.groupName ?? "Test Group",
    adminName: "Admin",
    email: adminEmail,
    password: PASSWORD,
  });
  if (s.status !== 201) throw new Error(`signup failed: ${JSON.stringify(s.body)}`);
  const store = (await admin.post("/api/stores", STORE_INPUT)).body.store;
  const join = async (name: string, roles: string[]) => {
    const email = uniqueEmail(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
    const inv = await admin.post("/api/invitations", { email, roles, storeIds: [store.storeId] });
    if (inv.status !== 201) throw new Error(`invite failed: ${JSON.stringify(inv.body)}`);
    const c = new Client(name);
    const acc = await c.post(`/api/invitations/${inv.body.token}/accept`, { name, password: PASSWORD });
    if (acc.status !== 201) throw new Error(`accept failed: ${JSON.stringify(acc.body)}`);
    return { client: c, user: acc.body.user, email };
  };
  const receptionist = await join("Receptionist", ["receptionist"]);
  const manager = await join("Manager", ["sales_manager"]);
  const consultants = [];
  for (let i = 0; i < (opts.consultants ?? 3); i++)
    consultants.push(await join(`Consultant ${i + 1}`, ["sales_consultant"]));
  return { admin, adminEmail, store, receptionist, manager, consultants };
}

/** A tenant as setupTenant makes it. */
export type Tenant = Awaited<ReturnType<typeof setupTenant>>;

/** Every item in the table (tests only: a Scan is never on a request path). */
export async function allItems(db: Db): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(
      new ScanCommand({ TableName: db.table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

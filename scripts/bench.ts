/**
 * `npm run bench`: DynamoDB round trips and capacity per request for the main
 * endpoints, measured through the real handler against DynamoDB Local.
 * The walk-in list is measured on a day with 200 walk-ins; the prospect lists on a
 * store with 5,000 cards (200 of them due today, so today's plan has work); the
 * inventory aging on a store with 2,000 vehicles; the contract ledger on 1,000
 * contracts and the dunning job over 10,000 contracts with open money (job rows:
 * total calls, capacity and wall time of the run). Figures, not a test.
 */
import { newId } from "@dealeros/core";
import { createDb, setDb } from "@dealeros/db";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { localContext } from "../functions/local/adapter.ts";
import { ensureTable, startDynamoLocal } from "../functions/local/dynamo.ts";

const dynamo = await startDynamoLocal();
const table = "bench-table";
process.env.TABLE_NAME = table;
process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
process.env.EXPOSE_INVITE_LINKS = "true";
process.env.LOG_LEVEL = "ERROR";
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
const db = createDb({ tableName: table, endpoint: dynamo.endpoint });
setDb(db);
await ensureTable(db);
const { handler } = await import("../functions/http/app.ts");

const cookies = new Map<string, string>();
async function call(who: string, method: string, path: string, body?: unknown) {
  const url = new URL(path, "http://localhost");
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: cookies.get(who) ? [cookies.get(who)] : undefined,
    headers: { "content-type": "application/json", host: "localhost" },
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: { http: { method, path: url.pathname } },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const started = performance.now();
  const res = (await handler(event, localContext())) as APIGatewayProxyStructuredResultV2;
  const ms = performance.now() - started;
  const c = res.cookies?.find((x) => x.startsWith("dos_session="));
  if (c) cookies.set(who, c.split(";")[0]!);
  if ((res.statusCode ?? 200) >= 400) throw new Error(`${method} ${path} → ${res.statusCode} ${res.body}`);
  return {
    body: res.body ? JSON.parse(res.body) : undefined,
    calls: Number(res.headers?.["x-db-calls"]),
    capacity: Number(res.headers?.["x-db-capacity"]),
    ms,
  };
}

const password = "bench-password-2026";
await call("admin", "POST", "/api/signup", {
  groupName: "Bench Group",
  adminName: "Admin",
  email: "admin@bench.example.com",
  password,
});
const store = (
  await call("admin", "POST", "/api/stores", {
    name: "Bench Store",
    city: "Shanghai",
    timeZone: "Asia/Shanghai",
    openingHours: { open: "00:00", close: "23:59" },
    brands: ["GAC Toyota"],
  })
).body.store;
const join = async (who: string, roles: string[]) => {
  const inv = await call("admin", "POST", "/api/invitations", {
    email: `${who}@bench.example.com`,
    roles,
    storeIds: [store.storeId],
  });
  return (await call(who, "POST", `/api/invitations/${inv.body.token}/accept`, { name: who, password })).body.user;
};
await join("reception", ["receptionist"]);
await join("manager", ["sales_manager"]);
for (let i = 1; i <= 4; i++) {
  const u = await join(`consultant${i}`, ["sales_consultant"]);
  await call(`consultant${i}`, "PUT", `/api/stores/${store.storeId}/duty/${u.userId}`, { onDuty: true });
}
// 200 walk-ins today (through the API, so rotation runs for every one)
for (let i = 0; i < 200; i++) {
  await call("reception", "POST", `/api/stores/${store.storeId}/walk-ins`, {
    partySize: 1 + (i % 3),
    visitType: "first",
    source: "walk_in",
  });
}

// 5,000 prospect cards in the store (written straight to the table, 8 at a time)
{
  const { prospects } = await import("@dealeros/db");
  const owner = (await call("admin", "GET", "/api/staff")).body.staff.find(
    (u: { email: string }) => u.email === "consultant1@bench.example.com",
  );
  const tenantId = owner.userId && (await call("admin", "GET", "/api/me")).body.user.tenantId;
  const nowMs = Date.now();
  const dueToday = new Date(Date.now() - 3_600_000).toISOString();
  for (let i = 0; i < 5000; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, 5000 - i) }, (_, j) => {
        const n = i + j;
        const id = `01K${String(n).padStart(23, "0")}`;
        // created over the last 180 days (about 28 a day), the newest today
        const at = new Date(nowMs - (n % 180) * 86_400_000 - 60_000).toISOString();
        return prospects.createProspect(
          db,
          {
            tenantId,
            storeId: store.storeId,
            prospectId: id,
            name: `Prospect ${n}`,
            mobile: `135${String(10000000 + n).slice(-8)}`,
            gender: "unknown",
            source: "walk_in",
            ownerId: owner.userId,
            ownerName: owner.name,
            origin: { kind: "manual" },
            status: "active",
            grade: n % 25 === 0 ? "H" : null,
            // every 25th card is due for a follow-up today: the follow-up job makes its task
            nextFollowUpAt: n % 25 === 0 ? dueToday : undefined,
            version: 1,
            createdAt: at,
            createdBy: owner.userId,
            createdByName: owner.name,
            updatedAt: at,
          },
          { at, by: owner.userId, byName: owner.name, action: "prospect.created", detail: {} },
        );
      }),
    );
  }
}
{
  const { followUpJob } = await import("@dealeros/services");
  const { localDate } = await import("@dealeros/core");
  const full = (await call("admin", "GET", `/api/stores/${store.storeId}`)).body.store;
  await followUpJob.followUpJob(full, localDate(new Date(), full.timeZone));
}
const apiKey = (await call("admin", "POST", `/api/stores/${store.storeId}/api-keys`, { name: "bench" })).body
  .key as string;
async function lead(n: number) {
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/api/leads",
    rawQueryString: "",
    headers: { "content-type": "application/json", host: "localhost", authorization: `Bearer ${apiKey}` },
    requestContext: { http: { method: "POST", path: "/api/leads" } },
    body: JSON.stringify({
      provider: "Autohome",
      providerLeadId: `B-${n}`,
      name: `Lead ${n}`,
      mobile: `137${String(20000000 + n).slice(-8)}`,
    }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const started = performance.now();
  const res = (await handler(event, localContext())) as APIGatewayProxyStructuredResultV2;
  return {
    calls: Number(res.headers?.["x-db-calls"]),
    capacity: Number(res.headers?.["x-db-capacity"]),
    ms: performance.now() - started,
  };
}

interface Row {
  endpoint: string;
  calls: number;
  capacity: number;
  medianMs: number;
  note?: string;
}
const rows: Row[] = [];
async function measure(
  endpoint: string,
  who: string,
  method: string,
  path: string,
  body?: () => unknown,
  note?: string,
  n = 15,
) {
  const samples = [];
  for (let i = 0; i < n; i++) samples.push(await call(who, method, path, body?.()));
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  rows.push({
    endpoint,
    calls: Math.max(...samples.map((s) => s.calls)),
    capacity: Math.max(...samples.map((s) => s.capacity)),
    medianMs: sorted[Math.floor(n / 2)]!,
    note,
  });
}
let k = 0;
await measure("POST /api/session (login)", "bench-login", "POST", "/api/session", () => ({
  email: "reception@bench.example.com",
  password,
}));
await measure("GET /api/me", "reception", "GET", "/api/me");
await measure("GET /api/stores", "reception", "GET", "/api/stores");
await measure(
  "GET /api/stores/{id}/walk-ins (200 walk-ins)",
  "reception",
  "GET",
  `/api/stores/${store.storeId}/walk-ins`,
);
await measure(
  "POST /api/stores/{id}/walk-ins (first visit)",
  "reception",
  "POST",
  `/api/stores/${store.storeId}/walk-ins`,
  () => ({ partySize: 2, visitType: "first", source: "walk_in" }),
);
await measure(
  "POST /api/stores/{id}/walk-ins (return, mobile)",
  "reception",
  "POST",
  `/api/stores/${store.storeId}/walk-ins`,
  () => ({
    partySize: 2,
    visitType: "return",
    source: "walk_in",
    mobile: `1391234${String(1000 + (k++ % 5)).padStart(4, "0")}`,
  }),
);
await measure("GET /api/stores/{id}/duty", "reception", "GET", `/api/stores/${store.storeId}/duty`);
await measure("GET /api/stores/{id}/my-walk-ins", "consultant1", "GET", `/api/stores/${store.storeId}/my-walk-ins`);

await measure(
  "GET /api/stores/{id}/prospects (5,000 cards, page 50)",
  "reception",
  "GET",
  `/api/stores/${store.storeId}/prospects?owner=all`,
);
await measure(
  "GET /api/stores/{id}/prospects (consultant's own)",
  "consultant1",
  "GET",
  `/api/stores/${store.storeId}/prospects`,
);
await measure(
  "GET /api/stores/{id}/prospects?q=1351000 (mobile prefix)",
  "reception",
  "GET",
  `/api/stores/${store.storeId}/prospects?owner=all&q=1351000`,
);
await measure(
  "GET /api/stores/{id}/prospects?q=Prospect 12 (name prefix)",
  "reception",
  "GET",
  `/api/stores/${store.storeId}/prospects?owner=all&q=${encodeURIComponent("Prospect 12")}`,
);
await measure(
  "GET /api/stores/{id}/prospects?overdue=true",
  "reception",
  "GET",
  `/api/stores/${store.storeId}/prospects?owner=all&overdue=true`,
);
await measure(
  "GET /api/stores/{id}/prospects?grade=H&source=walk_in",
  "reception",
  "GET",
  `/api/stores/${store.storeId}/prospects?owner=all&grade=H&source=walk_in`,
  undefined,
  "filters on a page of the store index",
);
await measure(
  "GET /api/stores/{id}/plan (consultant, 200 tasks)",
  "consultant1",
  "GET",
  `/api/stores/${store.storeId}/plan`,
);
await measure(
  "GET /api/stores/{id}/plan?owner=all (supervisor)",
  "manager",
  "GET",
  `/api/stores/${store.storeId}/plan?owner=all`,
);
await measure("GET /api/stores/{id}/end-of-day", "manager", "GET", `/api/stores/${store.storeId}/end-of-day`);
{
  const samples = [];
  for (let i = 0; i < 15; i++) samples.push(await lead(i));
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  rows.push({
    endpoint: "POST /api/leads (new JSON lead)",
    calls: Math.max(...samples.map((s) => s.calls)),
    capacity: Math.max(...samples.map((s) => s.capacity)),
    medianMs: sorted[7]!,
  });
  const again = [];
  for (let i = 0; i < 15; i++) again.push(await lead(i));
  rows.push({
    endpoint: "POST /api/leads (same lead again)",
    calls: Math.max(...again.map((s) => s.calls)),
    capacity: Math.max(...again.map((s) => s.capacity)),
    medianMs: again.map((s) => s.ms).sort((a, b) => a - b)[7]!,
  });
}

// inventory aging: a store with 2,000 vehicles (1,700 on the lot, arrived over 150 days; 300 on order or delivered)
{
  const { inventory } = await import("@dealeros/db");
  const { DEMO_CATALOGUE, demoVin } = await import("../functions/local/seed-inventory.ts");
  const invStore = (
    await call("admin", "POST", "/api/stores", {
      name: "Bench Inventory Store",
      city: "Suzhou",
      timeZone: "Asia/Shanghai",
      openingHours: { open: "09:00", close: "18:00" },
      brands: ["FAW-Volkswagen", "GAC Toyota"],
    })
  ).body.store;
  const me = (await call("admin", "GET", "/api/me")).body.user;
  const trims = DEMO_CATALOGUE.flatMap((b) =>
    b.models.flatMap((m) => m.trims.map((t) => ({ brand: b.name, model: m, trim: t }))),
  );
  let seed = 7;
  const rand = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const now = Date.now();
  for (let i = 0; i < 2000; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, 2000 - i) }, (_, j) => {
        const n = i + j;
        const x = trims[n % trims.length]!;
        const colour = x.trim.colours[0]!;
        const status = n < 1700 ? "in_stock" : n < 1850 ? "on_order" : "delivered";
        const stockedAt = new Date(now - rand() * 150 * 86_400_000).toISOString();
        const at = new Date(now).toISOString();
        return inventory.createVehicle(
          db,
          {
            tenantId: me.tenantId,
            storeId: invStore.storeId,
            vehicleId: newId(),
            vin: demoVin(x.brand === "GAC Toyota" ? "LVG" : "LFV", rand, 500_000 + n),
            checkDigit: "valid",
            engineNumber: `BENCH${n}`,
            brand: x.brand,
            modelCode: x.model.code,
            modelName: x.model.name,
            trimCode: x.trim.code,
            trimName: x.trim.name,
            colourCode: colour.code,
            colourName: colour.name,
            msrp: x.trim.msrp,
            purchaseCost: Math.round(x.trim.msrp * 0.9),
            currency: "CNY",
            status,
            ...(status === "on_order" ? {} : { stockedAt }),
            version: 1,
            createdAt: at,
            createdBy: me.userId,
            createdByName: me.name,
            updatedAt: at,
          },
          { at, by: me.userId, byName: me.name, action: "vehicle.registered", detail: {} },
        );
      }),
    );
  }
  await measure(
    "GET /api/stores/{id}/inventory/aging (1,700 on lot)",
    "admin",
    "GET",
    `/api/stores/${invStore.storeId}/inventory/aging`,
    undefined,
    undefined,
    5,
  );
  await measure(
    "GET /api/stores/{id}/vehicles (2,000 vehicles)",
    "admin",
    "GET",
    `/api/stores/${invStore.storeId}/vehicles`,
    undefined,
    undefined,
    5,
  );
}
// deals: a contract ledger of 1,000 contracts, and the dunning job over 10,000 contracts with open money
{
  const { BatchWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  const { deals, withDbStats, keys } = await import("@dealeros/db");
  const { computeQuoteTotals, contractDues, addDays, localDate } = await import("@dealeros/core");
  const { dunning } = await import("@dealeros/services");
  const me = (await call("admin", "GET", "/api/me")).body.user;
  const mkStore = async (name: string) =>
    (
      await call("admin", "POST", "/api/stores", {
        name,
        city: "Hangzhou",
        timeZone: "Asia/Shanghai",
        openingHours: { open: "09:00", close: "18:00" },
        brands: ["FAW-Volkswagen"],
      })
    ).body.store;
  // a Monday, so that contracts before their due date get their twice-a-week reminder too
  const today = (() => {
    let d = localDate(new Date(), "Asia/Shanghai");
    while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 1) d = addDays(d, 1);
    return d;
  })();
  const fill = async (storeId: string, count: number) => {
    let seed = 11;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const items: Record<string, unknown>[] = [];
    for (let n = 1; n <= count; n++) {
      const listPriceFen = 15_000_000 + Math.floor(rand() * 20) * 500_000;
      const finance =
        n % 3 === 0
          ? { lender: "FAW Auto Finance", downPaymentFen: 6_000_000, termMonths: 36, annualRateBp: 399 }
          : undefined;
      const totals = computeQuoteTotals({
        listPriceFen,
        discountFen: 300_000,
        accessories: [{ name: "Floor mats", priceFen: 80_000 }],
        insurance: [{ name: "Commercial insurance", priceFen: 450_000 }],
        finance,
        depositFen: 500_000,
      });
      // signed 0–120 days ago, delivery expected 10–40 days after signing: some dues ahead, most overdue
      const signedDate = addDays(today, -Math.floor(rand() * 120));
      const expected = addDays(signedDate, 10 + Math.floor(rand() * 30));
      const dues = contractDues(totals, signedDate, signedDate, expected);
      const at = `${signedDate}T03:00:00.000Z`;
      items.push(
        deals.contractItem({
          tenantId: me.tenantId,
          storeId,
          contractId: newId(),
          seq: n,
          contractNo: deals.contractNumber(n),
          quoteId: newId(),
          prospectId: newId(),
          customerName: `客户${n}`,
          consultantId: me.userId,
          consultantName: me.name,
          vehicle: {
            brand: "FAW-Volkswagen",
            modelCode: "SAGITAR",
            modelName: "Sagitar",
            trimCode: "SAG-280",
            trimName: "280TSI",
          },
          quantity: 1,
          totals,
          ...(finance ? { finance } : {}),
          accessories: [{ name: "Floor mats", priceFen: 80_000 }],
          insurance: [{ name: "Commercial insurance", priceFen: 450_000 }],
          signedDate,
          deliveryMethod: "store_pickup",
          expectedDeliveryDate: expected,
          dues,
          dueFen: dues.reduce((x, d) => x + d.amountFen, 0),
          // most have paid the deposit; every contract keeps money open
          paidFen: n % 4 === 0 ? 0 : Math.min(totals.depositFen, totals.payableFen - 1),
          state: "signed",
          version: 1,
          createdAt: at,
          createdBy: me.userId,
          createdByName: me.name,
          updatedAt: at,
        }),
      );
    }
    for (let i = 0; i < items.length; i += 25 * 8)
      await Promise.all(
        Array.from({ length: 8 }, (_, j) => items.slice(i + j * 25, i + j * 25 + 25))
          .filter((b) => b.length)
          .map((b) =>
            db.doc.send(
              new BatchWriteCommand({ RequestItems: { [table]: b.map((Item) => ({ PutRequest: { Item } })) } }),
            ),
          ),
      );
    await db.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: [{ PutRequest: { Item: { ...keys.contractSequence(me.tenantId, storeId), last: count } } }],
        },
      }),
    );
  };

  const ledgerStore = await mkStore("Bench Ledger Store");
  await fill(ledgerStore.storeId, 1000);
  await measure(
    "GET /api/stores/{id}/contracts (1,000 contracts, page 50)",
    "admin",
    "GET",
    `/api/stores/${ledgerStore.storeId}/contracts`,
    undefined,
    undefined,
    5,
  );
  {
    // the whole ledger, page after page (what an export or a month-end reader does)
    let cursor: string | undefined;
    let calls = 0;
    let capacity = 0;
    let pages = 0;
    const started = performance.now();
    do {
      const r = await call(
        "admin",
        "GET",
        `/api/stores/${ledgerStore.storeId}/contracts?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      );
      calls += r.calls;
      capacity += r.capacity;
      pages++;
      cursor = r.body.cursor;
    } while (cursor);
    rows.push({
      endpoint: `contract ledger, all 1,000 (${pages} pages of 100)`,
      calls,
      capacity,
      medianMs: performance.now() - started,
    });
  }
  await measure(
    "GET /api/stores/{id}/receivables/aging (1,000 open)",
    "admin",
    "GET",
    `/api/stores/${ledgerStore.storeId}/receivables/aging`,
    undefined,
    undefined,
    5,
  );

  const dunStore = await mkStore("Bench Dunning Store");
  await fill(dunStore.storeId, 10_000);
  const storeRec = { ...dunStore, tenantId: me.tenantId };
  for (const label of ["dunning job, 10,000 open contracts (first run)", "dunning job, same day again (idempotent)"]) {
    const started = performance.now();
    const { result, stats } = await withDbStats(() =>
      dunning.dunningJob(storeRec, today, { db, now: new Date(`${today}T01:00:00.000Z`) }),
    );
    rows.push({
      endpoint: label,
      calls: stats.calls,
      capacity: stats.capacity,
      medianMs: performance.now() - started,
      note: `reminded ${result.reminded}, escalated ${result.escalated}, skipped ${result.alreadyToday + result.notToday}`,
    });
  }
}
await measure("GET /api/stores/{id}/lead-responses", "manager", "GET", `/api/stores/${store.storeId}/lead-responses`);

// reports (issue 6): a store with 20,000 prospect cards created over last month; the day-stats job
// computes each day of the month from the records, then the monthly report reads the statistics
{
  const { prospects, withDbStats } = await import("@dealeros/db");
  const { addDays, localDate, zonedToUtc } = await import("@dealeros/core");
  const { reports } = await import("@dealeros/services");
  const me = (await call("admin", "GET", "/api/me")).body.user;
  const owners = (await call("admin", "GET", "/api/staff")).body.staff.filter((u: { roles: string[] }) =>
    u.roles.includes("sales_consultant"),
  ) as { userId: string; name: string }[];
  const rStore = (
    await call("admin", "POST", "/api/stores", {
      name: "Bench Reports Store",
      city: "Shanghai",
      timeZone: "Asia/Shanghai",
      openingHours: { open: "09:00", close: "18:00" },
      brands: ["FAW-Volkswagen"],
    })
  ).body.store;
  const storeRec = { ...rStore, tenantId: me.tenantId };
  const thisMonth = localDate(new Date(), "Asia/Shanghai").slice(0, 7);
  const first = `${addDays(`${thisMonth}-01`, -1).slice(0, 7)}-01`;
  const last = addDays(`${thisMonth}-01`, -1);
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  const CARDS = 20_000;
  const sources = ["walk_in", "internet", "phone", "referral"] as const;
  for (let i = 0; i < CARDS; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, CARDS - i) }, (_, j) => {
        const n = i + j;
        const day = days[n % days.length]!;
        const at = new Date(zonedToUtc(day, "09:00", "Asia/Shanghai").getTime() + (n % 540) * 60_000).toISOString();
        const owner = owners[n % owners.length]!;
        return prospects.createProspect(
          db,
          {
            tenantId: me.tenantId,
            storeId: rStore.storeId,
            prospectId: `01R${String(n).padStart(23, "0")}`,
            name: `Report Prospect ${n}`,
            gender: "unknown",
            source: sources[n % sources.length]!,
            ownerId: owner.userId,
            ownerName: owner.name,
            origin: { kind: "manual" },
            status: "active",
            grade: null,
            version: 1,
            createdAt: at,
            createdBy: owner.userId,
            createdByName: owner.name,
            updatedAt: at,
          },
          { at, by: owner.userId, byName: owner.name, action: "prospect.created", detail: {} },
        );
      }),
    );
  }
  let jobCalls = 0;
  let jobCapacity = 0;
  const jobStarted = performance.now();
  for (const day of days) {
    const { stats } = await withDbStats(() => reports.refreshDayStats(storeRec, day, { db }));
    jobCalls += stats.calls;
    jobCapacity += stats.capacity;
  }
  rows.push({
    endpoint: `day-stats job, ${days.length} days of a 20,000-card store (per day)`,
    calls: Math.round(jobCalls / days.length),
    capacity: jobCapacity / days.length,
    medianMs: (performance.now() - jobStarted) / days.length,
    note: `≈${Math.round(CARDS / days.length)} new cards a day`,
  });
  await measure(
    "GET /api/stores/{id}/reports?period=month (20,000 cards)",
    "admin",
    "GET",
    `/api/stores/${rStore.storeId}/reports?period=month&date=${first}`,
  );
  await measure(
    "GET /api/stores/{id}/reports?period=year",
    "admin",
    "GET",
    `/api/stores/${rStore.storeId}/reports?period=year&date=${first}`,
  );
  {
    const started = performance.now();
    const { stats } = await withDbStats(() => reports.dailyReportJob(storeRec, last, { db }));
    rows.push({
      endpoint: "daily-report job (16:30), last day of the month",
      calls: stats.calls,
      capacity: stats.capacity,
      medianMs: performance.now() - started,
    });
  }
}

// month-end reconciliation of a 50-store group (issue 6, scripts/bench-month-end.ts)
rows.push(...(await (await import("./bench-month-end.ts")).benchMonthEnd(db)));

// OEM network view for a region with 200 dealers (issue 6, scripts/bench-oem.ts)
rows.push(...(await (await import("./bench-oem.ts")).benchOem(db)));

// service arrival board of a day with 150 appointments, booking (issue 7 H1, scripts/bench-service.ts)
rows.push(...(await (await import("./bench-service.ts")).benchService(db)));

// repair order board of a store with 300 open ROs, settlement (issue 7 H2, scripts/bench-repair.ts)
rows.push(...(await (await import("./bench-repair.ts")).benchRepair(db)));

// the retention job over 50,000 customers of one store, and a 春节 greeting day (issue 7 H4, scripts/bench-retention.ts)
rows.push(...(await (await import("./bench-retention.ts")).benchRetention(db)));

console.log("\nDynamoDB round trips per request (session lookup included), DynamoDB Local, max over 15 runs\n");
console.log(`${"endpoint".padEnd(58)} ${"calls".padStart(5)} ${"capacity".padStart(9)} ${"median ms".padStart(10)}`);
for (const r of rows)
  console.log(
    `${r.endpoint.padEnd(58)} ${String(r.calls).padStart(5)} ${r.capacity.toFixed(1).padStart(9)} ${r.medianMs.toFixed(1).padStart(10)}${r.note ? `  ${r.note}` : ""}`,
  );

console.log("\nNo Scan is issued on any request path (the accounting middleware records every operation).");
await dynamo.stop();
process.exit(0);

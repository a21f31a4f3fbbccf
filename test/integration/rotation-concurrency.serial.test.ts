import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "@dealeros/db";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { allItems, Client, freshTable, PASSWORD, setupTenant } from "../support/api.ts";

let db: Db;
let t: Awaited<ReturnType<typeof setupTenant>>;
let storeId: string;
let secondReceptionist: Client;

beforeAll(async () => {
  // the property under test is fairness under contention, not latency: on a loaded two-core CI
  // machine the retries may need longer than a receptionist's 8 s
  process.env.ROTATION_RETRY_BUDGET_MS = "30000";
  db = await freshTable();
  t = await setupTenant({ consultants: 3 });
  storeId = t.store.storeId;
  // a second receptionist at the same front desk
  const email = `front2.${Date.now()}@example.com`;
  const inv = await t.admin.post("/api/invitations", { email, roles: ["receptionist"], storeIds: [storeId] });
  secondReceptionist = new Client("Receptionist 2");
  const acc = await secondReceptionist.post(`/api/invitations/${inv.body.token}/accept`, {
    name: "Receptionist 2",
    password: PASSWORD,
  });
  expect(acc.status).toBe(201);
  for (const c of t.consultants) {
    expect(
      (await t.receptionist.client.put(`/api/stores/${storeId}/duty/${c.user.userId}`, { onDuty: true })).status,
    ).toBe(200);
  }
});

describe("rotation under concurrent load", () => {
  it("hands 18 simultaneous walk-ins from two desks evenly and in rotation order", { timeout: 90_000 }, async () => {
    const desks = [t.receptionist.client, secondReceptionist];
    const results = await Promise.all(
      Array.from({ length: 18 }, (_, i) =>
        desks[i % 2]!.post(`/api/stores/${storeId}/walk-ins`, {
          partySize: 1 + (i % 3),
          visitType: "first",
          source: "walk_in",
          note: `visitor ${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(18).fill(201));

    const walkIns = results.map((r) => r.body.walkIn);
    // every visitor logged exactly once
    expect(new Set(walkIns.map((w) => w.note)).size).toBe(18);
    const list = (await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins`)).body.walkIns;
    expect(list).toHaveLength(18);
    expect((await allItems(db)).filter((i) => i.type === "WalkIn")).toHaveLength(18);

    // evenly spread
    const counts: Record<string, number> = {};
    for (const w of walkIns) counts[w.assignment.name] = (counts[w.assignment.name] ?? 0) + 1;
    expect(counts).toEqual({ "Consultant 1": 6, "Consultant 2": 6, "Consultant 3": 6 });

    // in commit order (ULIDs are monotonic) the assignments follow the rotation exactly
    const ordered = [...walkIns].sort((a, b) => a.walkInId.localeCompare(b.walkInId));
    expect(ordered.map((w) => w.assignment.name)).toEqual(
      Array.from({ length: 18 }, (_, i) => `Consultant ${(i % 3) + 1}`),
    );
    expect(ordered[0].assignment.reasonCode).toBe("first_in_rotation");
    for (let i = 1; i < 18; i++) {
      expect(ordered[i].assignment.reasonText).toBe(`next in rotation after ${ordered[i - 1].assignment.name}`);
    }

    // and each consultant's own list agrees
    for (const c of t.consultants) {
      const mine = await c.client.get(`/api/stores/${storeId}/my-walk-ins`);
      expect(mine.body.walkIns).toHaveLength(6);
    }
    const board = await t.receptionist.client.get(`/api/stores/${storeId}/duty`);
    expect(board.body.duty.lastServedName).toBe("Consultant 3");
  });
});

describe("rotation fault paths (DynamoDB failures Local cannot produce on demand)", () => {
  let mock: ReturnType<typeof mockClient> | undefined;
  afterEach(() => {
    mock?.restore();
    mock = undefined;
    vi.useRealTimers();
  });

  /** Mock the document client: reads go through to DynamoDB Local, transactions do what the test says. */
  function mockTransactions() {
    const realSend = db.doc.send.bind(db.doc) as (c: unknown) => Promise<unknown>;
    const m = mockClient(db.doc);
    m.on(BatchGetCommand).callsFake((input) => realSend(new BatchGetCommand(input)));
    m.on(GetCommand).callsFake((input) => realSend(new GetCommand(input)));
    m.on(QueryCommand).callsFake((input) => realSend(new QueryCommand(input)));
    mock = m;
    return { m, realSend };
  }

  const cancelled = (code: string) =>
    Object.assign(
      new Error(`Transaction cancelled, please refer cancellation reasons for specific reasons [${code}]`),
      {
        name: "TransactionCanceledException",
        CancellationReasons: [{ Code: "None" }, { Code: "None" }, { Code: code }],
        $metadata: {},
      },
    );

  const logOne = () =>
    t.receptionist.client.post(`/api/stores/${storeId}/walk-ins`, {
      partySize: 1,
      visitType: "first",
      source: "walk_in",
    });

  it("retries when DynamoDB reports a concurrent transaction on the floor item (TransactionConflict)", async () => {
    const { m, realSend } = mockTransactions();
    m.on(TransactWriteCommand)
      .rejectsOnce(cancelled("TransactionConflict"))
      .callsFake((input) => realSend(new TransactWriteCommand(input)));
    const r = await logOne();
    expect(r.status).toBe(201);
    expect(m.commandCalls(TransactWriteCommand)).toHaveLength(2);
    mock!.restore();
    mock = undefined;
    const got = await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins/${r.body.walkIn.walkInId}`);
    expect(got.status).toBe(200);
  });

  it("gives up with a clear 409, not a 500, when the rotation stays contended", async () => {
    const before = await allItems(db);
    const { m } = mockTransactions();
    // only Date is faked: each lost race "takes" 2.5 s, so the retry budget runs out quickly
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    m.on(TransactWriteCommand).callsFake(async () => {
      vi.setSystemTime(Date.now() + 2_500);
      throw cancelled("ConditionalCheckFailed");
    });
    const r = await logOne();
    vi.useRealTimers();
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("conflict");
    expect(r.body.error.message).toMatch(/very busy/);
    // it decided again with a fresh read before giving up
    expect(m.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1);
    expect(m.commandCalls(BatchGetCommand).length).toBeGreaterThan(m.commandCalls(TransactWriteCommand).length);
    mock!.restore();
    mock = undefined;
    expect(await allItems(db)).toEqual(before);
  });

  it("answers 500 without leaking internals when DynamoDB fails otherwise", async () => {
    const { m } = mockTransactions();
    m.on(TransactWriteCommand).rejects(
      Object.assign(new Error("Rate of requests exceeds the allowed throughput. arn:aws:dynamodb:secret-table"), {
        name: "ProvisionedThroughputExceededException",
        $metadata: {},
      }),
    );
    const r = await logOne();
    expect(r.status).toBe(500);
    expect(r.body.error).toEqual({ code: "internal", message: "Something went wrong on our side. Please try again." });
    // not retried as if it were a lost race
    expect(m.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

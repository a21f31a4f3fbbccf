import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "@dealeros/db";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, PASSWORD, setupTenant } from "../support/api.ts";

let db: Db;
let t: Awaited<ReturnType<typeof setupTenant>>;
let storeId: string;
let secondReceptionist: Client;

beforeAll(async () => {
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
  it("hands 30 simultaneous walk-ins from two desks evenly and in rotation order", async () => {
    const desks = [t.receptionist.client, secondReceptionist];
    const t0 = Date.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        desks[i % 2]!.post(`/api/stores/${storeId}/walk-ins`, {
          partySize: 1 + (i % 3),
          visitType: "first",
          source: "walk_in",
          note: `visitor ${i}`,
        }),
      ),
    );
    console.error("ELAPSED", Date.now() - t0, results.map((r) => r.dbCalls).join(","));
    for (const r of results) if (r.status !== 201) console.error("BAD", r.status, JSON.stringify(r.body));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));

    const walkIns = results.map((r) => r.body.walkIn);
    // every visitor logged exactly once
    expect(new Set(walkIns.map((w) => w.note)).size).toBe(30);
    const list = (await t.receptionist.client.get(`/api/stores/${storeId}/walk-ins`)).body.walkIns;
    expect(list).toHaveLength(30);
    expect((await allItems(db)).filter((i) => i.type === "WalkIn")).toHaveLength(30);

    // evenly spread
    const counts: Record<string, number> = {};
    for (const w of walkIns) counts[w.assignment.name] = (counts[w.assignment.name] ?? 0) + 1;
    expect(counts).toEqual({ "Consultant 1": 10, "Consultant 2": 10, "Consultant 3": 10 });

    // in commit order (ULIDs are monotonic) the assignments follow the rotation exactly
    const ordered = [...walkIns].sort((a, b) => a.walkInId.localeCompare(b.walkInId));
    expect(ordered.map((w) => w.assignment.name)).toEqual(
      Array.from({ length: 30 }, (_, i) => `Consultant ${(i % 3) + 1}`),
    );
    expect(ordered[0].assignment.reasonCode).toBe("first_in_rotation");
    for (let i = 1; i < 30; i++) {
      expect(ordered[i].assignment.reasonText).toBe(`next in rotation after ${ordered[i - 1].assignment.name}`);
    }

    // and each consultant's own list agrees
    for (const c of t.consultants) {
      const mine = await c.client.get(`/api/stores/${storeId}/my-walk-ins`);
      expect(mine.body.walkIns).toHaveLength(10);
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
  });

  it("answers 409 with a clear message, not 500, when the rotation stays contended", async () => {
    const before = await allItems(db);
    mock = mockClient(db.doc);
    mock.callsFakeThrough();
    const contended = Object.assign(new Error("Transaction cancelled"), {
      name: "TransactionCanceledException",
      CancellationReasons: [{ Code: "None" }, { Code: "None" }, { Code: "ConditionalCheckFailed" }],
      $metadata: {},
    });
    mock.on(TransactWriteCommand).rejects(contended);
    const r = await t.receptionist.client.post(`/api/stores/${storeId}/walk-ins`, {
      partySize: 1,
      visitType: "first",
      source: "walk_in",
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/very busy/);
    // it retried before giving up
    expect(mock.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1);
    mock.restore();
    mock = undefined;
    expect(await allItems(db)).toEqual(before);
  });

  it("answers 500 without leaking internals when DynamoDB is throttling", async () => {
    mock = mockClient(db.doc);
    mock.callsFakeThrough();
    mock.on(TransactWriteCommand).rejects(
      Object.assign(new Error("Rate of requests exceeds the allowed throughput. arn:aws:dynamodb:secret-table"), {
        name: "ProvisionedThroughputExceededException",
        $metadata: {},
      }),
    );
    const r = await t.receptionist.client.post(`/api/stores/${storeId}/walk-ins`, {
      partySize: 1,
      visitType: "first",
      source: "walk_in",
    });
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe("internal");
    expect(JSON.stringify(r.body)).not.toMatch(/arn:|secret-table|Exception|at /);
  });
});

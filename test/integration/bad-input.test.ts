/**
 * Every write endpoint refuses bad input with a clear 400 (or 413/415) and
 * writes nothing: malformed JSON, no body, missing fields, unknown fields,
 * over-long strings, wrong types.
 */
import type { Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";

let db: Db;
let t: Awaited<ReturnType<typeof setupTenant>>;
let walkIn: any;
let inviteToken: string;

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 1 });
  const c = t.consultants[0]!;
  await c.client.put(`/api/stores/${t.store.storeId}/duty/${c.user.userId}`, { onDuty: true });
  walkIn = (
    await t.receptionist.client.post(`/api/stores/${t.store.storeId}/walk-ins`, {
      partySize: 1,
      visitType: "first",
      source: "walk_in",
    })
  ).body.walkIn;
  inviteToken = (
    await t.admin.post("/api/invitations", {
      email: uniqueEmail("pending"),
      roles: ["receptionist"],
      storeIds: [t.store.storeId],
    })
  ).body.token;
});

interface WriteEndpoint {
  name: string;
  method: "POST" | "PUT" | "PATCH";
  path: () => string;
  as: () => Client;
  /** a body that would be accepted (used with one thing wrong) */
  valid: () => Record<string, unknown>;
  /** fields reported when the body is {} */
  required: string[];
  tooLong: [field: string, value: unknown];
  wrongType: [field: string, value: unknown];
}

const long = (n: number) => "长".repeat(n);

const endpoints: WriteEndpoint[] = [
  {
    name: "POST /api/signup",
    method: "POST",
    path: () => "/api/signup",
    as: () => new Client(),
    valid: () => ({ groupName: "G", adminName: "A", email: uniqueEmail("s"), password: PASSWORD }),
    required: ["groupName", "adminName", "email", "password"],
    tooLong: ["groupName", long(101)],
    wrongType: ["password", 1234567890123],
  },
  {
    name: "POST /api/session",
    method: "POST",
    path: () => "/api/session",
    as: () => new Client(),
    valid: () => ({ email: t.adminEmail, password: PASSWORD }),
    required: ["email", "password"],
    tooLong: ["email", `${"e".repeat(250)}@example.com`],
    wrongType: ["email", 42],
  },
  {
    name: "POST /api/stores",
    method: "POST",
    path: () => "/api/stores",
    as: () => t.admin,
    valid: () => ({ ...STORE_INPUT }),
    required: ["name", "city", "timeZone", "openingHours", "brands"],
    tooLong: ["name", long(81)],
    wrongType: ["brands", "FAW-Volkswagen"],
  },
  {
    name: "PATCH /api/stores/{storeId}",
    method: "PATCH",
    path: () => `/api/stores/${t.store.storeId}`,
    as: () => t.admin,
    valid: () => ({ version: 1, city: "上海" }),
    required: ["version"],
    tooLong: ["city", long(41)],
    wrongType: ["version", "1"],
  },
  {
    name: "PATCH /api/staff/{userId}",
    method: "PATCH",
    path: () => `/api/staff/${t.consultants[0]!.user.userId}`,
    as: () => t.admin,
    valid: () => ({ active: false }),
    required: ["active"],
    tooLong: ["active", long(5000)],
    wrongType: ["active", 0],
  },
  {
    name: "POST /api/invitations",
    method: "POST",
    path: () => "/api/invitations",
    as: () => t.admin,
    valid: () => ({ email: uniqueEmail("i"), roles: ["receptionist"], storeIds: [t.store.storeId] }),
    required: ["email", "roles"],
    tooLong: ["email", `${"i".repeat(250)}@example.com`],
    wrongType: ["roles", "receptionist"],
  },
  {
    name: "POST /api/invitations/{token}/accept",
    method: "POST",
    path: () => `/api/invitations/${inviteToken}/accept`,
    as: () => new Client(),
    valid: () => ({ name: "李娜", password: PASSWORD }),
    required: ["name", "password"],
    tooLong: ["name", long(61)],
    wrongType: ["name", ["李娜"]],
  },
  {
    name: "PUT /api/stores/{storeId}/duty/{userId}",
    method: "PUT",
    path: () => `/api/stores/${t.store.storeId}/duty/${t.consultants[0]!.user.userId}`,
    as: () => t.receptionist.client,
    valid: () => ({ onDuty: false }),
    required: ["onDuty"],
    tooLong: ["onDuty", long(5000)],
    wrongType: ["onDuty", "false"],
  },
  {
    name: "POST /api/stores/{storeId}/walk-ins",
    method: "POST",
    path: () => `/api/stores/${t.store.storeId}/walk-ins`,
    as: () => t.receptionist.client,
    valid: () => ({ partySize: 2, visitType: "first", source: "walk_in" }),
    required: ["partySize", "visitType", "source"],
    tooLong: ["note", long(501)],
    wrongType: ["partySize", "2"],
  },
  {
    name: "PATCH /api/stores/{storeId}/walk-ins/{id}",
    method: "PATCH",
    path: () => `/api/stores/${t.store.storeId}/walk-ins/${walkIn.walkInId}`,
    as: () => t.receptionist.client,
    valid: () => ({ version: 1, departedAt: "now" }),
    required: ["version"],
    tooLong: ["customerName", long(61)],
    wrongType: ["departedAt", 1732600000000],
  },
];

/** Call, then check that the table is exactly as it was. */
async function refused(
  e: WriteEndpoint,
  opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> },
): Promise<{ status: number; body: any }> {
  const before = await allItems(db);
  const r = await e.as().call(e.method, e.path(), opts.body, { rawBody: opts.rawBody, headers: opts.headers });
  const after = await allItems(db);
  expect(after, `${e.name} wrote something`).toEqual(before);
  expect(r.cookies.filter((c) => !c.startsWith("dos_session=;"))).toEqual([]);
  expect(JSON.stringify(r.body)).not.toMatch(/\bat \S+\.(ts|js):\d+/); // no stack traces
  return r;
}

describe.each(endpoints)("$name", (e) => {
  it("answers 400 malformed_json for broken JSON", async () => {
    for (const rawBody of ['{"name": "x",', "{'name': 'x'}", '{"a":1} trailing', "   "]) {
      const r = await refused(e, { rawBody });
      expect(r.status, rawBody).toBe(400);
      expect(r.body.error.code).toBe("malformed_json");
      expect(r.body.error.message).toMatch(/not valid JSON/);
    }
  });

  it("answers 400 for an empty body", async () => {
    const r = await refused(e, { rawBody: "" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "malformed_json", message: expect.stringMatching(/empty/) });
  });

  it("answers 400 when the JSON is not an object", async () => {
    for (const rawBody of ["null", "[]", '"text"', "42", "true"]) {
      const r = await refused(e, { rawBody });
      expect(r.status, rawBody).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.fields).toEqual({ _: "Send a JSON object." });
    }
  });

  it("names every missing required field", async () => {
    const r = await refused(e, { body: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(Object.keys(r.body.error.fields).sort()).toEqual([...e.required].sort());
    for (const f of e.required) {
      // a missing choice (enum) names the choices instead
      const msg = r.body.error.fields[f];
      expect(msg === `${f} is required.` || /must be (first or return|one of: )/.test(msg), `${f}: ${msg}`).toBe(true);
    }
  });

  it("refuses an unknown field", async () => {
    const r = await refused(e, { body: { ...e.valid(), tenantId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" } });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual({ _: "Unknown field(s): tenantId." });
    const proto = await refused(e, { rawBody: JSON.stringify(e.valid()).replace(/^\{/, '{"__proto__":{"x":1},') });
    expect(proto.status).toBe(400);
  });

  it("refuses an over-long string", async () => {
    const [field, value] = e.tooLong;
    const r = await refused(e, { body: { ...e.valid(), [field]: value } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual([field]);
  });

  it("refuses a wrong type", async () => {
    const [field, value] = e.wrongType;
    const r = await refused(e, { body: { ...e.valid(), [field]: value } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual([field]);
  });

  it("answers 415 for a body that is not sent as JSON", async () => {
    for (const ct of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const r = await refused(e, { body: e.valid(), headers: { "content-type": ct } });
      expect(r.status, ct).toBe(415);
      expect(r.body.error.code).toBe("unsupported_media_type");
    }
  });

  it("answers 413 for a body over 64 KB", async () => {
    const r = await refused(e, { body: { ...e.valid(), padding: "x".repeat(70 * 1024) } });
    expect(r.status).toBe(413);
  });
});

describe("requests no route answers", () => {
  it("answers 404 for an unknown path", async () => {
    for (const path of ["/api/nope", "/api/stores/x/y/z", "/api", "/api/walk-ins", "/api/stores/x/duty/y/z"]) {
      const r = await t.admin.get(path);
      expect(r.status, path).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
    expect((await t.admin.post("/api/unknown", {})).status).toBe(404);
  });

  it("answers 405 for a known path with the wrong method", async () => {
    const cases: [string, string][] = [
      ["DELETE", "/api/stores"],
      ["PUT", "/api/me"],
      ["POST", `/api/stores/${t.store.storeId}/duty`],
      ["DELETE", `/api/stores/${t.store.storeId}/walk-ins/${walkIn.walkInId}`],
      ["GET", `/api/invitations/${inviteToken}/accept`],
      ["PATCH", "/api/signup"],
    ];
    const before = await allItems(db);
    for (const [method, path] of cases) {
      const r = await t.admin.call(method, path, {});
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.body.error).toMatchObject({
        code: "method_not_allowed",
        message: `${method} is not allowed on ${path}.`,
      });
    }
    expect(await allItems(db)).toEqual(before);
  });

  it("still works for the requests above when they are right (the fixtures are real)", async () => {
    const c = t.consultants[0]!;
    expect(
      (await t.receptionist.client.put(`/api/stores/${t.store.storeId}/duty/${c.user.userId}`, { onDuty: false }))
        .status,
    ).toBe(200);
    const p = await t.receptionist.client.patch(`/api/stores/${t.store.storeId}/walk-ins/${walkIn.walkInId}`, {
      version: 1,
      departedAt: "now",
    });
    expect(p.status).toBe(200);
    const acc = await new Client().post(`/api/invitations/${inviteToken}/accept`, { name: "李娜", password: PASSWORD });
    expect(acc.status).toBe(201);
  });
});

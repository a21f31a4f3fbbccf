/**
 * CSV import of existing prospects: preview (writes nothing, per-row status and
 * errors), import in chunks (cards like manual ones, skipped rows, per-row errors),
 * idempotency (the same file twice creates nothing new), roles and tenants.
 */
import { readFileSync } from "node:fs";
import { IMPORT_FIELDS } from "@dealeros/core";
import type { Db, Prospect } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, freshTable, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const UTF8_FILE = fixture("prospects-import.csv");
const GBK_FILE = fixture("prospects-import-gbk.csv");

let db: Db;
let A: Tenant;
let B: Tenant;
let base: string;

const csvHeaders = { "content-type": "text/csv; charset=utf-8" };

/** Preview a file as the browser's JSON upload ({csvBase64}: any encoding). */
function previewBytes(who: Tenant["admin"], storeBase: string, bytes: Buffer) {
  return who.post(`${storeBase}/prospects/import/preview`, { csvBase64: bytes.toString("base64") });
}

/** Import every non-error row of a preview in chunks of 25, as the import page does. */
async function importAll(who: Tenant["admin"], rows: { row: number; values: Record<string, string> }[]) {
  const results: any[] = [];
  const calls: number[] = [];
  for (let i = 0; i < rows.length; i += 25) {
    const chunk = rows.slice(i, i + 25).map((r) => ({ row: r.row, ...r.values }));
    const r = await who.post(`${base}/prospects/import`, { rows: chunk });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    calls.push(r.dbCalls);
    results.push(...r.body.results);
  }
  return { results, calls };
}

const byRow = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.row, r]));

async function storeCards(who: Tenant["admin"]): Promise<Prospect[]> {
  const r = await who.get(`${base}/prospects?limit=100`);
  expect(r.status).toBe(200);
  return r.body.items;
}

beforeAll(async () => {
  db = await freshTable();
  [A, B] = await Promise.all([
    setupTenant({ consultants: 2, groupName: "Alpha Motors" }),
    setupTenant({ consultants: 2, groupName: "Bravo Auto" }),
  ]);
  base = `/api/stores/${A.store.storeId}`;
  // 黄磊's mobile already has an active card in the store
  const existing = await A.receptionist.client.post(`${base}/prospects`, {
    name: "黄先生",
    mobile: "13100131000",
    source: "phone",
    ownerId: A.consultants[1]!.user.userId,
  });
  expect(existing.status).toBe(201);
});

describe("prospect import: preview", () => {
  it("checks every row of a UTF-8 file with Chinese headers and a BOM, and writes nothing", async () => {
    const before = await allItems(db);
    const r = await A.receptionist.client.call("POST", `${base}/prospects/import/preview`, undefined, {
      rawBody: UTF8_FILE.toString("utf8"),
      headers: csvHeaders,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await allItems(db)).length).toBe(before.length);
    expect(r.body.counts).toEqual({ rows: 12, ready: 5, skip: 2, error: 5 });
    expect(r.body.columns.map((c: { field: string }) => c.field)).toEqual(IMPORT_FIELDS);
    const rows = byRow(r.body.rows);
    expect(rows[2]).toMatchObject({ status: "ready", mobile: "13800138000", ownerName: "Consultant 1", grade: "H" });
    expect(rows[4]).toMatchObject({ status: "ready", ownerName: "Consultant 1", source: "referral" });
    expect(rows[5]).toMatchObject({ status: "ready", ownerName: "Consultant 2" });
    expect(rows[5].mobile).toBeUndefined();
    expect(rows[7]).toMatchObject({ status: "error", errors: { mobile: expect.stringMatching(/11-digit/) } });
    expect(rows[8]).toMatchObject({ status: "error", errors: { source: expect.stringMatching(/^Unknown source/) } });
    expect(rows[9]).toMatchObject({
      status: "error",
      errors: { owner: expect.stringMatching(/Not an active consultant/) },
    });
    expect(rows[10]).toMatchObject({ status: "skip", reason: "duplicate", duplicateOf: 2 });
    expect(rows[11]).toMatchObject({ status: "error", errors: { grade: expect.stringMatching(/Only open cards/) } });
    expect(rows[12]).toMatchObject({ status: "error", errors: { createdAt: expect.stringMatching(/future/) } });
    expect(rows[13]).toMatchObject({ status: "skip", reason: "exists", existingOwner: "Consultant 2" });
    // the raw values come back for the import step
    expect(rows[4].values.note).toBe('第一行\r\n第二行 "加急"');
    // session+store, staff, one BatchGet for claims and import keys
    expect(r.dbCalls).toBeLessThanOrEqual(3);
  });

  it("reads a GBK file sent as base64 JSON", async () => {
    const r = await previewBytes(A.manager.client, base, GBK_FILE);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.encoding).toBe("gb18030");
    expect(r.body.counts).toEqual({ rows: 3, ready: 3, skip: 0, error: 0 });
    expect(r.body.rows[0].values).toMatchObject({ name: "钱进", source: "来店", note: "从旧DMS导入" });
    expect(r.body.rows[1].values.note).toBe("备注, 含逗号");
  });

  it("refuses a file it cannot read, with a clear message (400 / 415)", async () => {
    const noColumns = await A.receptionist.client.call("POST", `${base}/prospects/import/preview`, undefined, {
      rawBody: "姓名,手机\n张三,13800138000\n",
      headers: csvHeaders,
    });
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.error.message).toMatch(/name \(姓名\), source \(来源\) and owner \(顾问\) are required/);
    expect(noColumns.body.error.fields.file).toBe("Missing: source (来源), owner (顾问).");
    const both = await A.receptionist.client.post(`${base}/prospects/import/preview`, { csv: "a", csvBase64: "YQ==" });
    expect(both.status).toBe(400);
    const unknown = await A.receptionist.client.post(`${base}/prospects/import/preview`, { file: "a" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown field/);
    const xml = await A.receptionist.client.call("POST", `${base}/prospects/import/preview`, undefined, {
      rawBody: "<x/>",
      headers: { "content-type": "application/xml" },
    });
    expect(xml.status).toBe(415);
  });
});

describe("prospect import: chunks", () => {
  it("creates the ready rows like manual cards, skips existing and duplicate mobiles, reports row errors", async () => {
    const preview = await previewBytes(A.receptionist.client, base, UTF8_FILE);
    const before = (await storeCards(A.receptionist.client)).length;
    // the page sends every row; the server validates each again
    const { results, calls } = await importAll(A.receptionist.client, preview.body.rows);
    // session+store, staff, claims+keys, grading settings, one transaction per created card, one audit entry
    expect(calls).toEqual([4 + 5 + 1]);
    const r = byRow(results);
    expect(results.filter((x) => x.status === "created").map((x) => x.row)).toEqual([2, 3, 4, 5, 6]);
    expect(r[10]).toMatchObject({ status: "skipped", reason: "exists", existingOwner: "Consultant 1" });
    expect(r[13]).toMatchObject({ status: "skipped", reason: "exists", existingOwner: "Consultant 2" });
    expect(r[7]).toMatchObject({ status: "failed", errors: { mobile: expect.any(String) } });
    expect(r[9]).toMatchObject({ status: "failed", errors: { owner: expect.any(String) } });
    const cards = await storeCards(A.receptionist.client);
    expect(cards.length).toBe(before + 5);
    const zhang = cards.find((c) => c.name === "张伟")!;
    expect(zhang).toMatchObject({
      mobile: "13800138000",
      gender: "male",
      source: "walk_in",
      intendedModel: "帕萨特",
      ownerName: "Consultant 1",
      grade: "H",
      status: "active",
      origin: { kind: "import", row: 2 },
      createdAt: "2025-02-28T16:00:00.000Z",
      note: "老客户, 想置换",
    });
    // the grade's cadence starts now: H = follow up within a day
    expect(Date.parse(zhang.nextFollowUpAt!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const li = cards.find((c) => c.name === "李娜")!;
    expect(li).toMatchObject({ mobile: "13900139000", source: "internet", subSource: "汽车之家", grade: "A" });
    const zhao = cards.find((c) => c.name === "赵强")!;
    expect(zhao.mobile).toBeUndefined();
    expect(zhao.grade).toBe("B");
    const chen = cards.find((c) => c.name === "陈静")!;
    expect(chen.createdAt).toBe("2025-02-28T16:00:00.000Z");
    // card + audit in the card's partition, like a manual card
    const detail = await A.receptionist.client.get(`${base}/prospects/${zhang.prospectId}`);
    expect(detail.body.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["prospect.created", "prospect.graded"]),
    );
    expect(detail.body.audit[0].detail).toMatchObject({ imported: true, row: 2 });
    // the mobile is claimed: a manual card for it is a duplicate now
    const dup = await A.receptionist.client.post(`${base}/prospects`, {
      name: "张总",
      mobile: "13800138000",
      source: "phone",
      ownerId: A.consultants[1]!.user.userId,
    });
    expect(dup.status).toBe(409);
    // the group audit log records the import
    const log = await A.admin.get("/api/audit");
    expect(log.body.entries.find((e: { action: string }) => e.action === "prospects.imported")).toMatchObject({
      byName: "Receptionist",
      detail: { created: 5, skipped: 2, failed: 5 },
    });
  });

  it("importing the same file twice creates nothing new", async () => {
    const cardsBefore = await storeCards(A.receptionist.client);
    const itemsBefore = (await allItems(db)).length;
    const preview = await previewBytes(A.manager.client, base, UTF8_FILE);
    expect(preview.body.counts).toEqual({ rows: 12, ready: 0, skip: 7, error: 5 });
    expect(byRow(preview.body.rows)[5]).toMatchObject({ status: "skip", reason: "imported" });
    const { results } = await importAll(A.manager.client, preview.body.rows);
    expect(results.filter((x) => x.status === "created")).toEqual([]);
    expect(byRow(results)[5]).toMatchObject({ status: "skipped", reason: "imported" });
    expect((await storeCards(A.receptionist.client)).length).toBe(cardsBefore.length);
    expect((await allItems(db)).length).toBe(itemsBefore);
  });

  it("a row without a mobile is still imported once, even sent twice in one chunk", async () => {
    const row = { name: "无号客户", source: "外展", owner: "Consultant 1", note: "展会登记" };
    const r = await A.receptionist.client.post(`${base}/prospects/import`, {
      rows: [
        { row: 2, ...row },
        { row: 3, ...row },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(["created", "skipped"]);
    const again = await A.receptionist.client.post(`${base}/prospects/import`, { rows: [{ row: 7, ...row }] });
    expect(again.body.results[0]).toMatchObject({ status: "skipped", reason: "imported" });
    expect((await storeCards(A.receptionist.client)).filter((c) => c.name === "无号客户")).toHaveLength(1);
  });

  it("imports a GBK file end to end", async () => {
    const preview = await previewBytes(A.receptionist.client, base, GBK_FILE);
    const { results } = await importAll(A.receptionist.client, preview.body.rows);
    expect(results.map((x) => x.status)).toEqual(["created", "created", "created"]);
    const cards = await storeCards(A.receptionist.client);
    expect(cards.find((c) => c.name === "孙悦")).toMatchObject({ source: "referral", note: "备注, 含逗号" });
  });

  it("refuses a malformed chunk as a whole (400) and writes nothing", async () => {
    const before = (await allItems(db)).length;
    const tooMany = Array.from({ length: 26 }, (_, i) => ({
      row: i + 2,
      name: `X${i}`,
      source: "来店",
      owner: "Consultant 1",
    }));
    for (const body of [{ rows: tooMany }, { rows: [] }, { rows: [{ row: 2, colour: "red" }] }, { csv: "x" }]) {
      const r = await A.receptionist.client.post(`${base}/prospects/import`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await allItems(db)).length).toBe(before);
  });
});

describe("prospect import: who and which tenant", () => {
  it("a consultant cannot import (403); nothing is written", async () => {
    const before = (await allItems(db)).length;
    const c = A.consultants[0]!.client;
    const p = await previewBytes(c, base, UTF8_FILE);
    expect(p.status).toBe(403);
    const i = await c.post(`${base}/prospects/import`, {
      rows: [{ row: 2, name: "X", source: "来店", owner: "Consultant 1" }],
    });
    expect(i.status).toBe(403);
    expect(i.body.error.message).toBe(
      "Only the receptionist, a sales manager or the group admin can import prospects.",
    );
    expect((await allItems(db)).length).toBe(before);
  });

  it("the group admin can import", async () => {
    const r = await A.admin.post(`${base}/prospects/import`, {
      rows: [{ row: 2, name: "管理员导入", mobile: "13912340000", source: "来电", owner: "Consultant 2" }],
    });
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual({ created: 1, skipped: 0, failed: 0 });
  });

  it("another tenant's store is a 404 for preview and import, and nothing is written", async () => {
    const before = (await allItems(db)).length;
    for (const who of [B.receptionist.client, B.admin]) {
      const p = await previewBytes(who, base, UTF8_FILE);
      expect(p.status).toBe(404);
      const i = await who.post(`${base}/prospects/import`, {
        rows: [{ row: 2, name: "X", mobile: "13912349999", source: "来店", owner: "Consultant 1" }],
      });
      expect(i.status).toBe(404);
    }
    expect((await allItems(db)).length).toBe(before);
  });

  it("owners are matched only among the store's own consultants (never another tenant's)", async () => {
    const r = await B.receptionist.client.post(`/api/stores/${B.store.storeId}/prospects/import`, {
      rows: [{ row: 2, name: "X", source: "来店", owner: A.consultants[0]!.email }],
    });
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toMatchObject({ status: "failed", errors: { owner: expect.any(String) } });
  });
});

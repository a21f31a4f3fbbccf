/** Internet lead intake: API keys, JSON and ADF XML, idempotency, attaching to an existing card, rotation. */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
const ADF = (name: string) => readFileSync(new URL(`../../../shared/fixtures/adf/${name}`, import.meta.url), "utf8");

describe("lead intake", () => {
  let t: Tenant;
  let db: Awaited<ReturnType<typeof freshTable>>;
  let key: string;
  let keyId: string;
  const api = new Client("provider");
  const post = (body: string, headers: Record<string, string> = {}, contentType = "application/json") =>
    api.call("POST", "/api/leads", undefined, {
      rawBody: body,
      headers: { "content-type": contentType, authorization: `Bearer ${key}`, ...headers },
    });

  beforeAll(async () => {
    db = await freshTable();
    t = await setupTenant({ consultants: 2 });
    for (const c of t.consultants)
      await c.client.put(`/api/stores/${t.store.storeId}/duty/${c.user.userId}`, { onDuty: true });
    const r = await t.admin.post(`/api/stores/${t.store.storeId}/api-keys`, { name: "Autohome" });
    expect(r.status).toBe(201);
    key = r.body.key;
    keyId = r.body.apiKey.keyId;
  });

  it("only the group admin manages keys; the key is shown once and stored hashed", async () => {
    expect((await t.manager.client.post(`/api/stores/${t.store.storeId}/api-keys`, { name: "x" })).status).toBe(403);
    const list = await t.admin.get(`/api/stores/${t.store.storeId}/api-keys`);
    expect(list.body.apiKeys).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(key.split(".")[3]);
    const stored = (await allItems(db)).find((i) => i.type === "ApiKey")!;
    expect(JSON.stringify(stored)).not.toContain(key.split(".")[3]);
  });

  it("a JSON lead becomes a card (source internet, provider as sub-source) assigned by rotation", async () => {
    const r = await post(
      JSON.stringify({
        provider: "Autohome",
        providerLeadId: "AH-1001",
        name: "刘先生",
        mobile: "13612345678",
        intendedModel: "Camry",
      }),
    );
    expect(r.status).toBe(201);
    const [res] = r.body.results;
    expect(res.status).toBe("created");
    expect(res.reason).toBe("first in rotation today");
    expect(r.dbCalls).toBeLessThanOrEqual(3);
    const card = await t.receptionist.client.get(`/api/stores/${t.store.storeId}/prospects/${res.prospectId}`);
    expect(card.body.prospect).toMatchObject({
      source: "internet",
      subSource: "Autohome",
      mobile: "13612345678",
      origin: { kind: "lead" },
      ownerName: res.ownerName,
    });
  });

  it("the same lead posted twice creates one card", async () => {
    const body = JSON.stringify({
      provider: "Dongchedi",
      providerLeadId: "DCD-7",
      name: "Zhou",
      mobile: "13712340000",
    });
    const first = await post(body);
    const before = (await allItems(db)).length;
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body.results[0]).toMatchObject({ status: "duplicate", prospectId: first.body.results[0].prospectId });
    expect((await allItems(db)).length).toBe(before);
    // with an Idempotency-Key and no provider id
    const b2 = JSON.stringify({ provider: "Tmall", name: "Sun", email: "sun@example.com" });
    const k1 = await post(b2, { "idempotency-key": "order-42" });
    const k2 = await post(b2, { "idempotency-key": "order-42" });
    expect(k1.status).toBe(201);
    expect(k2.body.results[0]).toMatchObject({ status: "duplicate", prospectId: k1.body.results[0].prospectId });
  });

  it("a lead for a mobile that already has a card is attached to it", async () => {
    const r = await post(
      JSON.stringify({ provider: "brand-site", providerLeadId: "BS-9", name: "刘", mobile: "13612345678" }),
    );
    expect(r.status).toBe(200);
    expect(r.body.results[0].status).toBe("attached");
    const card = await t.receptionist.client.get(
      `/api/stores/${t.store.storeId}/prospects/${r.body.results[0].prospectId}`,
    );
    expect(card.body.audit.filter((a: { action: string }) => a.action === "lead.received")).toHaveLength(2);
  });

  it("leads alternate between the consultants on duty, shared with walk-ins", async () => {
    const owners = [];
    for (let i = 0; i < 4; i++) {
      const r = await post(
        JSON.stringify({
          provider: "Autohome",
          providerLeadId: `R-${i}`,
          name: `Lead ${i}`,
          phone: `+1 555 000 00${i}0`,
        }),
      );
      owners.push(r.body.results[0].ownerName);
    }
    expect(new Set(owners).size).toBe(2);
    expect(owners[0]).not.toBe(owners[1]);
    expect(owners[0]).toBe(owners[2]);
  });

  it("takes ADF 1.0 XML from the published samples", async () => {
    const r = await post(ADF("01-adfrb-spec-minimal.xml"), {}, "application/xml");
    expect([200, 201]).toContain(r.status);
    expect(r.body.results).toHaveLength(1);
    const again = await post(ADF("01-adfrb-spec-minimal.xml"), {}, "text/xml");
    expect(again.body.results[0].status).not.toBe("created");
  });

  it("refuses broken XML with the line at fault, and bad JSON field by field — writing nothing", async () => {
    const before = (await allItems(db)).length;
    const xml = await post(ADF("bad/published-04-adfrb-vehicle-mismatched-tag.xml"), {}, "application/xml");
    expect(xml.status).toBe(400);
    expect(xml.body.error.message).toMatch(/Line \d+/);
    const doctype = await post('<?xml version="1.0"?><!DOCTYPE adf [<!ENTITY x "y">]><adf/>', {}, "application/xml");
    expect(doctype.status).toBe(400);
    const json = await post(JSON.stringify({ provider: "Autohome", name: "" }));
    expect(json.status).toBe(400);
    expect(json.body.error.fields).toHaveProperty("name");
    const malformed = await post("{oops");
    expect(malformed.status).toBe(400);
    const plain = await post("hello", {}, "text/plain");
    expect(plain.status).toBe(400);
    expect((await allItems(db)).length).toBe(before);
  });

  it("refuses a missing, forged, foreign or revoked key with 401", async () => {
    const body = JSON.stringify({ provider: "x", name: "y", mobile: "13900000000" });
    const none = await api.call("POST", "/api/leads", undefined, {
      rawBody: body,
      headers: { "content-type": "application/json" },
    });
    expect(none.status).toBe(401);
    const forged = key.replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect((await post(body, { authorization: `Bearer ${forged}` })).status).toBe(401);
    const other = await setupTenant({ consultants: 1, groupName: "Other" });
    const otherKey = (await other.admin.post(`/api/stores/${other.store.storeId}/api-keys`, { name: "k" })).body
      .key as string;
    // another tenant's key id under this tenant's store: not valid
    const [, , otherKeyId, otherSecret] = otherKey.split(".");
    const mixed = `${t.admin.cookie ? key.split(".")[0] : ""}.${t.store.storeId}.${otherKeyId}.${otherSecret}`;
    expect((await post(body, { authorization: `Bearer ${mixed}` })).status).toBe(401);
    // keys are managed per tenant: another tenant's admin cannot see or revoke ours
    expect((await other.admin.get(`/api/stores/${t.store.storeId}/api-keys`)).status).toBe(404);
    expect((await other.admin.delete(`/api/stores/${other.store.storeId}/api-keys/${keyId}`)).status).toBe(404);
    const revoked = await t.admin.delete(`/api/stores/${t.store.storeId}/api-keys/${keyId}`);
    expect(revoked.body.apiKey.revokedAt).toBeTruthy();
    expect((await post(body)).status).toBe(401);
  });
});

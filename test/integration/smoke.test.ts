import { beforeAll, describe, expect, it } from "vitest";
import { Client, freshTable, setupTenant } from "../support/api.ts";

describe("API smoke", () => {
  beforeAll(async () => {
    await freshTable();
  });

  it("answers health after a real round trip", async () => {
    const r = await new Client().get("/api/health");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok" });
    expect(r.dbCalls).toBe(1);
  });

  it("runs a tenant through signup, store, invitations and a walk-in", async () => {
    const t = await setupTenant({ consultants: 2 });
    const c1 = t.consultants[0]!;
    const on = await c1.client.put(`/api/stores/${t.store.storeId}/duty/${c1.user.userId}`, { onDuty: true });
    expect(on.status).toBe(200);
    const w = await t.receptionist.client.post(`/api/stores/${t.store.storeId}/walk-ins`, {
      partySize: 2,
      visitType: "first",
      source: "walk_in",
    });
    expect(w.status).toBe(201);
    expect(w.body.walkIn.assignment.name).toBe("Consultant 1");
    const mine = await c1.client.get(`/api/stores/${t.store.storeId}/my-walk-ins`);
    expect(mine.body.walkIns).toHaveLength(1);
  });
});

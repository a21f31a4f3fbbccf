/**
 * Cross-tenant isolation: a user of tenant A who knows tenant B's ids gets 404
 * (never 403, which would confirm the id exists) and never sees B's data; and
 * the refused calls write nothing.
 */
import type { Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, type Client, freshTable, setupTenant } from "../support/api.ts";

type Tenant = Awaited<ReturnType<typeof setupTenant>>;
let db: Db;
let A: Tenant;
let B: Tenant;
let aWalkIn: any;
let bWalkIn: any;
/** every string that identifies B's records */
let bSecrets: string[];

beforeAll(async () => {
  db = await freshTable();
  [A, B] = await Promise.all([
    setupTenant({ consultants: 2, groupName: "Alpha Motors" }),
    setupTenant({ consultants: 2, groupName: "Bravo Auto Secret Group" }),
  ]);
  // B's store gets a name nobody else uses
  const renamed = await B.admin.patch(`/api/stores/${B.store.storeId}`, {
    version: B.store.version,
    name: "Bravo Secret Showroom",
  });
  expect(renamed.status).toBe(200);
  for (const T of [A, B]) {
    for (const c of T.consultants) {
      expect(
        (await T.receptionist.client.put(`/api/stores/${T.store.storeId}/duty/${c.user.userId}`, { onDuty: true }))
          .status,
      ).toBe(200);
    }
  }
  const logged = await Promise.all(
    [A, B].map((T) =>
      T.receptionist.client.post(`/api/stores/${T.store.storeId}/walk-ins`, {
        partySize: 2,
        visitType: "first",
        source: "walk_in",
        customerName: T === B ? "Bravo Customer Zhou" : "Alpha Customer",
        mobile: T === B ? "13838389438" : "13523333233",
      }),
    ),
  );
  [aWalkIn, bWalkIn] = logged.map((r) => {
    expect(r.status).toBe(201);
    return r.body.walkIn;
  });
  const bInvite = await B.admin.post("/api/invitations", {
    email: `bravo-pending.${Date.now()}@example.com`,
    roles: ["receptionist"],
    storeIds: [B.store.storeId],
  });
  expect(bInvite.status).toBe(201);
  bSecrets = [
    B.store.storeId,
    bWalkIn.walkInId,
    B.receptionist.user.userId,
    B.manager.user.userId,
    B.receptionist.user.tenantId,
    ...B.consultants.map((c) => c.user.userId),
    ...B.consultants.map((c) => c.email),
    B.adminEmail,
    B.receptionist.email,
    bInvite.body.invitation.email,
    "Bravo Secret Showroom",
    "Bravo Customer Zhou",
    "Bravo Auto Secret Group",
    "13838389438",
  ];
});

function expectNoB(body: unknown) {
  const text = JSON.stringify(body ?? null);
  for (const s of bSecrets) expect(text, `leaked ${s}`).not.toContain(s);
}

/** Every route of routes.ts that takes an id, called by A's users with B's ids. */
function crossTenantCalls(): { name: string; as: () => Client; method: string; path: string; body?: unknown }[] {
  const bs = B.store.storeId;
  const as = A.store.storeId;
  const bw = bWalkIn.walkInId;
  const bConsultant = B.consultants[0]!.user.userId;
  const admin = () => A.admin;
  const receptionist = () => A.receptionist.client;
  const manager = () => A.manager.client;
  const consultant = () => A.consultants[0]!.client;
  const patchWalkIn = { version: 1, departedAt: "now" };
  const newWalkIn = { partySize: 1, visitType: "first", source: "walk_in" };
  return [
    { name: "GET store (admin)", as: admin, method: "GET", path: `/api/stores/${bs}` },
    { name: "GET store (consultant)", as: consultant, method: "GET", path: `/api/stores/${bs}` },
    {
      name: "PATCH store (admin)",
      as: admin,
      method: "PATCH",
      path: `/api/stores/${bs}`,
      body: { version: 2, name: "X" },
    },
    { name: "PATCH store (manager)", as: manager, method: "PATCH", path: `/api/stores/${bs}`, body: { version: 2 } },
    { name: "GET duty", as: receptionist, method: "GET", path: `/api/stores/${bs}/duty` },
    { name: "GET duty (admin)", as: admin, method: "GET", path: `/api/stores/${bs}/duty` },
    {
      name: "PUT duty: B's store, B's consultant",
      as: receptionist,
      method: "PUT",
      path: `/api/stores/${bs}/duty/${bConsultant}`,
      body: { onDuty: false },
    },
    {
      name: "PUT duty: A's store, B's consultant (admin)",
      as: admin,
      method: "PUT",
      path: `/api/stores/${as}/duty/${bConsultant}`,
      body: { onDuty: false },
    },
    {
      name: "PUT duty: A's store, B's consultant (receptionist)",
      as: receptionist,
      method: "PUT",
      path: `/api/stores/${as}/duty/${bConsultant}`,
      body: { onDuty: true },
    },
    {
      name: "PUT duty: B's store, own user (consultant)",
      as: consultant,
      method: "PUT",
      path: `/api/stores/${bs}/duty/${A.consultants[0]!.user.userId}`,
      body: { onDuty: true },
    },
    { name: "GET walk-ins", as: receptionist, method: "GET", path: `/api/stores/${bs}/walk-ins` },
    {
      name: "GET walk-ins by date (admin)",
      as: admin,
      method: "GET",
      path: `/api/stores/${bs}/walk-ins?date=${bWalkIn.date}`,
    },
    { name: "POST walk-in", as: receptionist, method: "POST", path: `/api/stores/${bs}/walk-ins`, body: newWalkIn },
    { name: "POST walk-in (admin)", as: admin, method: "POST", path: `/api/stores/${bs}/walk-ins`, body: newWalkIn },
    { name: "GET walk-in", as: receptionist, method: "GET", path: `/api/stores/${bs}/walk-ins/${bw}` },
    { name: "GET walk-in (admin)", as: admin, method: "GET", path: `/api/stores/${bs}/walk-ins/${bw}` },
    {
      name: "PATCH walk-in",
      as: receptionist,
      method: "PATCH",
      path: `/api/stores/${bs}/walk-ins/${bw}`,
      body: patchWalkIn,
    },
    {
      name: "PATCH walk-in: reassign (manager)",
      as: manager,
      method: "PATCH",
      path: `/api/stores/${bs}/walk-ins/${bw}`,
      body: { version: 1, reassignTo: A.consultants[1]!.user.userId, reason: "mine now" },
    },
    {
      name: "GET B's walk-in under A's store",
      as: receptionist,
      method: "GET",
      path: `/api/stores/${as}/walk-ins/${bw}`,
    },
    {
      name: "GET B's walk-in under A's store (admin)",
      as: admin,
      method: "GET",
      path: `/api/stores/${as}/walk-ins/${bw}`,
    },
    {
      name: "PATCH B's walk-in under A's store",
      as: receptionist,
      method: "PATCH",
      path: `/api/stores/${as}/walk-ins/${bw}`,
      body: patchWalkIn,
    },
    {
      name: "PATCH B's walk-in under A's store (manager reassign)",
      as: manager,
      method: "PATCH",
      path: `/api/stores/${as}/walk-ins/${bw}`,
      body: { version: 1, reassignTo: A.consultants[1]!.user.userId, reason: "mine now" },
    },
    {
      name: "PATCH staff: deactivate B's consultant (admin)",
      as: admin,
      method: "PATCH",
      path: `/api/staff/${bConsultant}`,
      body: { active: false },
    },
    {
      name: "PATCH staff: deactivate B's receptionist (admin)",
      as: admin,
      method: "PATCH",
      path: `/api/staff/${B.receptionist.user.userId}`,
      body: { active: false },
    },
    { name: "GET my-walk-ins", as: consultant, method: "GET", path: `/api/stores/${bs}/my-walk-ins` },
    { name: "GET my-walk-ins (admin)", as: admin, method: "GET", path: `/api/stores/${bs}/my-walk-ins` },
  ];
}

describe("tenant A using tenant B's ids", () => {
  it("gets 404 on every endpoint that takes an id, sees none of B's data, and writes nothing", async () => {
    const before = await allItems(db);
    const calls = crossTenantCalls();
    expect(calls.length).toBeGreaterThanOrEqual(20);
    for (const c of calls) {
      const r = await c.as().call(c.method, c.path, c.body);
      expect(r.status, `${c.name}: ${JSON.stringify(r.body)}`).toBe(404);
      expect(r.body.error.code, c.name).toBe("not_found");
      expectNoB(r.body);
    }
    expect(await allItems(db)).toEqual(before);

    // B's walk-in is untouched and still B's
    const b = await B.receptionist.client.get(`/api/stores/${B.store.storeId}/walk-ins/${bWalkIn.walkInId}`);
    expect(b.status).toBe(200);
    expect(b.body.walkIn).toMatchObject({ version: 1, assignment: bWalkIn.assignment });
    expect(b.body.walkIn.departedAt).toBeUndefined();
    expect(b.body.audit.map((a: any) => a.action)).toEqual(["walkin.logged"]);
  });

  it("cannot reassign its own walk-in to B's consultant or invite into B's store", async () => {
    const before = await allItems(db);
    const reassign = await A.manager.client.patch(`/api/stores/${A.store.storeId}/walk-ins/${aWalkIn.walkInId}`, {
      version: 1,
      reassignTo: B.consultants[0]!.user.userId,
      reason: "cross-tenant",
    });
    expect(reassign.status).toBe(422);
    expectNoB(reassign.body);
    const invite = await A.admin.post("/api/invitations", {
      email: `cross.${Date.now()}@example.com`,
      roles: ["receptionist"],
      storeIds: [B.store.storeId],
    });
    expect(invite.status).toBe(422);
    expect(await allItems(db)).toEqual(before);
  });

  it("cannot take over B's session by swapping the tenant id in the cookie", async () => {
    const [name, value] = A.admin.cookie!.split("=") as [string, string];
    const [, userId, secret] = decodeURIComponent(value).split(".");
    const bTenant = B.receptionist.user.tenantId;
    const forged = new (A.admin.constructor as new () => Client)();
    forged.cookie = `${name}=${encodeURIComponent(`${bTenant}.${userId}.${secret}`)}`;
    expect((await forged.get("/api/me")).status).toBe(401);
    expect((await forged.get(`/api/stores/${B.store.storeId}`)).status).toBe(401);
    // and with B's admin user id but A's secret
    forged.cookie = `${name}=${encodeURIComponent(`${bTenant}.${B.receptionist.user.userId}.${secret}`)}`;
    expect((await forged.get(`/api/stores/${B.store.storeId}/walk-ins`)).status).toBe(401);
  });
});

describe("tenant A's lists", () => {
  it("never contain B's stores, staff, invitations or walk-ins", async () => {
    const stores = await A.admin.get("/api/stores");
    expect(stores.status).toBe(200);
    expect(stores.body.stores.map((s: any) => s.storeId)).toEqual([A.store.storeId]);
    expectNoB(stores.body);

    const staff = await A.admin.get("/api/staff");
    expect(staff.status).toBe(200);
    expect(staff.body.staff).toHaveLength(5); // admin, receptionist, manager, 2 consultants
    expect(staff.body.staff.every((s: any) => s.email.length > 0)).toBe(true);
    expectNoB(staff.body);

    const invitations = await A.admin.get("/api/invitations");
    expect(invitations.status).toBe(200);
    expect(invitations.body.invitations).toHaveLength(4);
    expectNoB(invitations.body);

    for (const who of [A.admin, A.receptionist.client, A.manager.client]) {
      const walkIns = await who.get(`/api/stores/${A.store.storeId}/walk-ins`);
      expect(walkIns.status).toBe(200);
      expect(walkIns.body.walkIns.map((w: any) => w.walkInId)).toEqual([aWalkIn.walkInId]);
      expectNoB(walkIns.body);
    }
    const board = await A.receptionist.client.get(`/api/stores/${A.store.storeId}/duty`);
    expect(board.body.duty.entries.map((e: any) => e.userId).sort()).toEqual(
      A.consultants.map((c) => c.user.userId).sort(),
    );
    expectNoB(board.body);
    for (const c of A.consultants) {
      const mine = await c.client.get(`/api/stores/${A.store.storeId}/my-walk-ins`);
      expectNoB(mine.body);
    }
    const audit = await A.admin.get("/api/audit");
    expect(audit.status).toBe(200);
    expect(audit.body.entries.length).toBeGreaterThan(0);
    expectNoB(audit.body);
    expectNoB((await A.manager.client.get("/api/invitations")).body);
    expectNoB((await A.manager.client.get("/api/staff")).body);
  });

  it("B sees its own data (the ids used above are real)", async () => {
    const r = await B.receptionist.client.get(`/api/stores/${B.store.storeId}/walk-ins`);
    expect(r.body.walkIns.map((w: any) => w.walkInId)).toEqual([bWalkIn.walkInId]);
    expect((await B.admin.get(`/api/stores/${B.store.storeId}`)).body.store.name).toBe("Bravo Secret Showroom");
    const mine = await B.consultants[0]!.client.get(`/api/stores/${B.store.storeId}/my-walk-ins`);
    expect(mine.status).toBe(200);
  });
});

describe("every store route of the API", () => {
  it("answers 404 to another tenant's store id, for every method, and writes nothing", async () => {
    const { routes } = await import("../../functions/http/routes.ts");
    const storeRoutes = routes.filter((r) => r.path.includes("{storeId}"));
    expect(storeRoutes.length).toBeGreaterThanOrEqual(50);
    const before = await allItems(db);
    const someUlid = bWalkIn.walkInId;
    for (const r of storeRoutes) {
      const path = r.path.replace("{storeId}", B.store.storeId).replace(/\{\w+\}/g, someUlid);
      const body = r.method === "GET" || r.method === "DELETE" ? undefined : {};
      for (const who of [A.admin, A.manager.client, A.consultants[0]!.client]) {
        const res = await who.call(r.method, path, body);
        expect(res.status, `${r.method} ${r.path}: ${JSON.stringify(res.body)}`).toBe(404);
        expectNoB(res.body);
      }
    }
    expect(await allItems(db)).toEqual(before);
  });
});

import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "@dealeros/db";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";

let db: Db;
let t: Awaited<ReturnType<typeof setupTenant>>;
/** a second store of the same group, where the manager has no say */
let otherStore: any;

beforeAll(async () => {
  db = await freshTable();
  t = await setupTenant({ consultants: 1 });
  const r = await t.admin.post("/api/stores", {
    ...STORE_INPUT,
    name: "乌鲁木齐一汽丰田4S店",
    city: "乌鲁木齐",
    timeZone: "Asia/Urumqi",
    brands: ["FAW-Toyota"],
  });
  expect(r.status).toBe(201);
  otherStore = r.body.store;
});

const NEVER_A_STORE = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

describe("stores", () => {
  it("creates a store with version 1 and shows it in the list and by id", async () => {
    const r = await t.admin.post("/api/stores", {
      name: "杭州滨江奥迪4S店",
      city: "杭州",
      timeZone: "Asia/Shanghai",
      openingHours: { open: "08:30", close: "19:00" },
      brands: ["FAW-Audi", "Audi Sport"],
    });
    expect(r.status).toBe(201);
    const store = r.body.store;
    expect(store).toMatchObject({
      name: "杭州滨江奥迪4S店",
      city: "杭州",
      timeZone: "Asia/Shanghai",
      openingHours: { open: "08:30", close: "19:00", closedWeekdays: [] },
      brands: ["FAW-Audi", "Audi Sport"],
      version: 1,
    });
    expect(store.storeId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const list = await t.admin.get("/api/stores");
    expect(list.status).toBe(200);
    expect(list.body.stores.map((s: any) => s.storeId)).toEqual(
      expect.arrayContaining([store.storeId, t.store.storeId, otherStore.storeId]),
    );
    const one = await t.admin.get(`/api/stores/${store.storeId}`);
    expect(one.status).toBe(200);
    expect(one.body.store).toEqual(store);
  });

  it("shows staff only the stores they were given", async () => {
    const list = await t.receptionist.client.get("/api/stores");
    expect(list.body.stores.map((s: any) => s.storeId)).toEqual([t.store.storeId]);
    const hidden = await t.receptionist.client.get(`/api/stores/${otherStore.storeId}`);
    expect(hidden.status).toBe(404);
  });

  it("changes a store with optimistic locking: a stale version gets 409 and changes nothing", async () => {
    const created = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "南京江宁别克4S店" })).body.store;
    const first = await t.admin.patch(`/api/stores/${created.storeId}`, { version: 1, city: "南京" });
    expect(first.status).toBe(200);
    expect(first.body.store).toMatchObject({ city: "南京", version: 2, name: "南京江宁别克4S店" });

    // a second person still holds version 1
    const stale = await t.admin.patch(`/api/stores/${created.storeId}`, { version: 1, name: "旧名字" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect(stale.body.error.fields).toEqual({ version: "Out of date." });
    expect(stale.body.error.message).toMatch(/Reload and try again/);
    const future = await t.admin.patch(`/api/stores/${created.storeId}`, { version: 7, name: "旧名字" });
    expect(future.status).toBe(409);

    const now = await t.admin.get(`/api/stores/${created.storeId}`);
    expect(now.body.store).toMatchObject({ name: "南京江宁别克4S店", city: "南京", version: 2 });
  });

  it("lets only one of two simultaneous edits of the same version win", async () => {
    const created = (await t.admin.post("/api/stores", { ...STORE_INPUT, name: "苏州园区宝马4S店" })).body.store;
    const [a, b] = await Promise.all([
      t.admin.patch(`/api/stores/${created.storeId}`, { version: 1, city: "苏州A" }),
      t.admin.patch(`/api/stores/${created.storeId}`, { version: 1, city: "苏州B" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? "苏州A" : "苏州B";
    const now = await t.admin.get(`/api/stores/${created.storeId}`);
    expect(now.body.store).toMatchObject({ city: winner, version: 2 });
  });

  it("lets only the group administrator add or change stores", async () => {
    const before = (await allItems(db)).length;
    const r = await t.manager.client.post("/api/stores", { ...STORE_INPUT, name: "经理的店" });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("forbidden");
    const p = await t.manager.client.patch(`/api/stores/${t.store.storeId}`, { version: t.store.version, name: "X" });
    expect(p.status).toBe(403);
    const c = await t.consultants[0]!.client.post("/api/stores", STORE_INPUT);
    expect(c.status).toBe(403);
    expect((await allItems(db)).length).toBe(before);
  });

  it("answers 404 for a store that does not exist", async () => {
    expect((await t.admin.get(`/api/stores/${NEVER_A_STORE}`)).status).toBe(404);
    expect((await t.admin.get("/api/stores/not-an-id")).status).toBe(404);
    expect((await t.admin.patch(`/api/stores/${NEVER_A_STORE}`, { version: 1, name: "X" })).status).toBe(404);
  });
});

describe("invitations", () => {
  it("invites, lists, and accepts an invitation once; the new person can sign in", async () => {
    const email = uniqueEmail("li-na");
    const inv = await t.admin.post("/api/invitations", {
      email: email.toUpperCase(),
      roles: ["sales_consultant"],
      storeIds: [t.store.storeId],
    });
    expect(inv.status).toBe(201);
    expect(inv.body.invitation).toMatchObject({
      email,
      roles: ["sales_consultant"],
      storeIds: [t.store.storeId],
      status: "pending",
      invitedByName: "Admin",
    });
    // valid for 7 days
    const days = (Date.parse(inv.body.invitation.expiresAt) - Date.now()) / 86400000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // the token itself is never stored
    expect(JSON.stringify(await allItems(db))).not.toContain(inv.body.token.split(".")[1]);

    const listed = await t.admin.get("/api/invitations");
    expect(listed.status).toBe(200);
    expect(listed.body.invitations.find((i: any) => i.email === email)).toMatchObject({ status: "pending" });
    expect(listed.body.invitations.every((i: any) => !("tokenHash" in i))).toBe(true);

    const c = new Client();
    const acc = await c.post(`/api/invitations/${inv.body.token}/accept`, { name: "李娜", password: PASSWORD });
    expect(acc.status).toBe(201);
    expect(acc.body.user).toMatchObject({
      email,
      name: "李娜",
      roles: ["sales_consultant"],
      storeIds: [t.store.storeId],
      tenantId: (await t.admin.get("/api/me")).body.user.tenantId,
    });
    expect(acc.cookies[0]).toMatch(/^dos_session=.+HttpOnly/);
    expect((await c.get("/api/me")).body.user.name).toBe("李娜");

    const again = await new Client().post(`/api/invitations/${inv.body.token}/accept`, {
      name: "冒名者",
      password: "another-password-1",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already been used/);

    const after = await t.admin.get("/api/invitations");
    expect(after.body.invitations.find((i: any) => i.email === email).status).toBe("accepted");
    const login = await new Client().post("/api/session", { email, password: PASSWORD });
    expect(login.status).toBe(200);
    // the second attempt did not change the password
    expect((await new Client().post("/api/session", { email, password: "another-password-1" })).status).toBe(401);
    const staff = await t.admin.get("/api/staff");
    expect(staff.body.staff.filter((s: any) => s.email === email)).toHaveLength(1);
  });

  it("refuses an expired invitation with 422 and shows it as expired", async () => {
    const email = uniqueEmail("late");
    const inv = await t.admin.post("/api/invitations", {
      email,
      roles: ["receptionist"],
      storeIds: [t.store.storeId],
    });
    expect(inv.status).toBe(201);
    const item = (await allItems(db)).find((i) => i.type === "Invitation" && i.email === email)!;
    // eight days later: the invitation's own expiry is in the past
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: "SET expiresAtEpoch = :e",
        ExpressionAttributeValues: { ":e": Math.floor(Date.now() / 1000) - 86400 },
      }),
    );
    const before = (await allItems(db)).length;
    const r = await new Client().post(`/api/invitations/${inv.body.token}/accept`, {
      name: "迟到者",
      password: PASSWORD,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/expired/);
    expect(r.cookies).toEqual([]);
    expect((await allItems(db)).length).toBe(before);
    expect((await new Client().post("/api/session", { email, password: PASSWORD })).status).toBe(401);
    const listed = await t.admin.get("/api/invitations");
    expect(listed.body.invitations.find((i: any) => i.email === email).status).toBe("expired");
  });

  it("answers 404 for an unknown or mangled invitation token", async () => {
    const inv = await t.admin.post("/api/invitations", {
      email: uniqueEmail("x"),
      roles: ["receptionist"],
      storeIds: [t.store.storeId],
    });
    const [tenant, secret] = inv.body.token.split(".");
    for (const token of [`${tenant}.${secret.slice(0, -3)}abc`, "nonsense", `${NEVER_A_STORE}.${secret}`]) {
      const r = await new Client().post(`/api/invitations/${encodeURIComponent(token)}/accept`, {
        name: "X",
        password: PASSWORD,
      });
      expect(r.status, token).toBe(404);
    }
  });

  it("refuses to invite an email that already has an account (409), whatever its case", async () => {
    const before = (await allItems(db)).length;
    for (const email of [t.consultants[0]!.email, t.adminEmail.toUpperCase()]) {
      const r = await t.admin.post("/api/invitations", { email, roles: ["receptionist"], storeIds: [t.store.storeId] });
      expect(r.status).toBe(409);
      expect(r.body.error.fields).toEqual({ email: "This email already has an account." });
    }
    expect((await allItems(db)).length).toBe(before);
  });

  it("refuses a store that is not the group's own (422) and a staff member without a store", async () => {
    const before = (await allItems(db)).length;
    const unknown = await t.admin.post("/api/invitations", {
      email: uniqueEmail("u"),
      roles: ["receptionist"],
      storeIds: [t.store.storeId, NEVER_A_STORE],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields.storeIds).toContain(NEVER_A_STORE);
    const none = await t.admin.post("/api/invitations", { email: uniqueEmail("u"), roles: ["receptionist"] });
    expect(none.status).toBe(422);
    expect(none.body.error.fields).toHaveProperty("storeIds");
    expect((await allItems(db)).length).toBe(before);
  });

  it("lets a manager invite only to their own stores, never an administrator, and see only their invitations", async () => {
    const before = (await allItems(db)).length;
    const foreign = await t.manager.client.post("/api/invitations", {
      email: uniqueEmail("m"),
      roles: ["sales_consultant"],
      storeIds: [otherStore.storeId],
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(/only to your own stores/);
    const mixed = await t.manager.client.post("/api/invitations", {
      email: uniqueEmail("m"),
      roles: ["sales_consultant"],
      storeIds: [t.store.storeId, otherStore.storeId],
    });
    expect(mixed.status).toBe(403);
    const storeless = await t.manager.client.post("/api/invitations", {
      email: uniqueEmail("m"),
      roles: ["sales_consultant"],
      storeIds: [],
    });
    expect(storeless.status).toBe(403);
    const admin = await t.manager.client.post("/api/invitations", {
      email: uniqueEmail("m"),
      roles: ["group_admin"],
      storeIds: [t.store.storeId],
    });
    expect(admin.status).toBe(403);
    expect((await allItems(db)).length).toBe(before);

    const own = await t.manager.client.post("/api/invitations", {
      email: uniqueEmail("mine"),
      roles: ["sales_consultant"],
      storeIds: [t.store.storeId],
    });
    expect(own.status).toBe(201);
    expect(own.body.invitation.invitedByName).toBe("Manager");

    // the admin invites someone to the other store: the manager does not see it
    const elsewhere = uniqueEmail("elsewhere");
    expect(
      (
        await t.admin.post("/api/invitations", {
          email: elsewhere,
          roles: ["receptionist"],
          storeIds: [otherStore.storeId],
        })
      ).status,
    ).toBe(201);
    const seen = (await t.manager.client.get("/api/invitations")).body.invitations;
    expect(seen.map((i: any) => i.email)).toContain(own.body.invitation.email);
    expect(seen.map((i: any) => i.email)).not.toContain(elsewhere);
    expect(seen.every((i: any) => i.storeIds.includes(t.store.storeId))).toBe(true);
  });

  it("does not let receptionists or consultants invite or read invitations", async () => {
    for (const c of [t.receptionist.client, t.consultants[0]!.client]) {
      const r = await c.post("/api/invitations", {
        email: uniqueEmail("r"),
        roles: ["receptionist"],
        storeIds: [t.store.storeId],
      });
      expect(r.status).toBe(403);
      expect((await c.get("/api/invitations")).status).toBe(403);
    }
  });
});

describe("staff list", () => {
  it("shows the admin everyone and a manager only the staff of their stores", async () => {
    const other = uniqueEmail("other-store");
    const inv = await t.admin.post("/api/invitations", {
      email: other,
      roles: ["sales_consultant"],
      storeIds: [otherStore.storeId],
    });
    await new Client().post(`/api/invitations/${inv.body.token}/accept`, { name: "王伟", password: PASSWORD });
    const all = (await t.admin.get("/api/staff")).body.staff.map((s: any) => s.email);
    expect(all).toEqual(expect.arrayContaining([t.adminEmail, t.receptionist.email, other]));
    const mine = (await t.manager.client.get("/api/staff")).body.staff;
    expect(mine.map((s: any) => s.email)).toContain(t.receptionist.email);
    expect(mine.map((s: any) => s.email)).not.toContain(other);
    expect(JSON.stringify(mine)).not.toMatch(/passwordHash/);
  });
});

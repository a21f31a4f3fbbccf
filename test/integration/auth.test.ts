import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "@dealeros/db";
import { keys } from "@dealeros/db";
import { staff } from "@dealeros/services";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, Client, freshTable, PASSWORD, STORE_INPUT, setupTenant, uniqueEmail } from "../support/api.ts";

let db: Db;

beforeAll(async () => {
  db = await freshTable();
});

async function signup(email = uniqueEmail("owner"), groupName = "华东汽车集团") {
  const c = new Client("owner");
  const r = await c.post("/api/signup", { groupName, adminName: "张伟", email, password: PASSWORD });
  return { c, r, email };
}

const ofType = (items: Record<string, unknown>[], type: string) => items.filter((i) => i.type === type);

describe("signup", () => {
  it("creates the group and its administrator and signs in with a safe cookie", async () => {
    const { c, r, email } = await signup();
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ email, name: "张伟", roles: ["group_admin"], storeIds: [] });
    expect(r.body.user).not.toHaveProperty("passwordHash");
    const cookie = r.cookies.find((x) => x.startsWith("dos_session="))!;
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=\d+/);
    // the cookie works
    const me = await c.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user.userId).toBe(r.body.user.userId);
    // no password in clear anywhere in the table
    const items = await allItems(db);
    expect(JSON.stringify(items)).not.toContain(PASSWORD);
  });

  it("refuses an email that is already registered, with a field message, and writes nothing", async () => {
    const { email, r: first } = await signup();
    expect(first.status).toBe(201);
    const before = await allItems(db);
    const { r, c } = await signup(email, "另一个集团");
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("conflict");
    expect(r.body.error.fields.email).toMatch(/already registered/);
    expect(r.cookies.some((x) => x.startsWith("dos_session=") && !x.startsWith("dos_session=;"))).toBe(false);
    expect(c.cookie).toBeUndefined();
    const after = await allItems(db);
    expect(after).toHaveLength(before.length);
    expect(ofType(after, "Tenant")).toHaveLength(ofType(before, "Tenant").length);
    expect(ofType(after, "User")).toHaveLength(ofType(before, "User").length);
    expect(ofType(after, "Session")).toHaveLength(ofType(before, "Session").length);
    expect(after.filter((i) => i.PK === keys.login(email).PK && i.SK === "LOGIN")).toHaveLength(1);
    expect(JSON.stringify(after)).not.toContain("另一个集团");
  });

  it("treats email addresses case-insensitively", async () => {
    const lower = uniqueEmail("case");
    const mixed = lower.replace(/^case/, "CaSe").replace("example.com", "Example.COM");
    const { r } = await signup(mixed);
    expect(r.status).toBe(201);
    expect(r.body.user.email).toBe(lower);
    const dup = await signup(lower.toUpperCase());
    expect(dup.r.status).toBe(409);
    const login = await new Client().post("/api/session", { email: ` ${lower.toUpperCase()} `, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user.userId).toBe(r.body.user.userId);
  });
});

describe("sign in and out", () => {
  let email: string;
  beforeAll(async () => {
    ({ email } = await signup());
  });

  it("signs in with the right password", async () => {
    const c = new Client();
    const r = await c.post("/api/session", { email, password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.user.email).toBe(email);
    expect(r.cookies[0]).toMatch(/^dos_session=.+; Path=\/; HttpOnly; SameSite=Lax/);
    expect((await c.get("/api/me")).status).toBe(200);
  });

  it("refuses a wrong password or an unknown email with the same 401", async () => {
    const wrong = await new Client().post("/api/session", { email, password: "wrong-password-1" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: "unauthorized", message: "Email or password is wrong." });
    expect(wrong.cookies).toEqual([]);
    const unknown = await new Client().post("/api/session", { email: uniqueEmail("nobody"), password: PASSWORD });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toEqual(wrong.body.error);
  });

  it("requires a session for /api/me", async () => {
    const r = await new Client().get("/api/me");
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("unauthorized");
  });

  it("logs out: the cookie is cleared and the old session token no longer works", async () => {
    const c = new Client();
    await c.post("/api/session", { email, password: PASSWORD });
    const stolen = c.cookie!;
    const out = await c.delete("/api/session");
    expect(out.status).toBe(204);
    expect(out.cookies[0]).toMatch(/^dos_session=; .*Max-Age=0/);
    expect(c.cookie).toBeUndefined();
    expect((await c.get("/api/me")).status).toBe(401);
    // the server forgot the session: replaying the old cookie does not help
    const replay = new Client();
    replay.cookie = stolen;
    expect((await replay.get("/api/me")).status).toBe(401);
  });

  it("refuses forged or tampered session cookies", async () => {
    const c = new Client();
    await c.post("/api/session", { email, password: PASSWORD });
    const [name, value] = c.cookie!.split("=") as [string, string];
    const [tenantId, userId, secret] = decodeURIComponent(value).split(".");
    for (const forged of [
      `${tenantId}.${userId}.${secret!.slice(0, -2)}xx`,
      `${tenantId}.${userId}`,
      "garbage",
      `01ARZ3NDEKTSV4RRFFQ69G5FAV.${userId}.${secret}`,
    ]) {
      const f = new Client();
      f.cookie = `${name}=${encodeURIComponent(forged)}`;
      expect((await f.get("/api/me")).status).toBe(401);
    }
  });
});

describe("throttling repeated failures", () => {
  it("locks the email after 5 wrong passwords; then even the right password gets a readable 429", async () => {
    const { email } = await signup();
    for (let i = 0; i < 5; i++) {
      const r = await new Client().post("/api/session", { email, password: `wrong-password-${i}` });
      expect(r.status, `attempt ${i + 1}`).toBe(401);
    }
    const locked = await new Client().post("/api/session", { email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("too_many_requests");
    expect(locked.body.error.message).toMatch(/Too many failed sign-ins.*Try again in 15 minute\(s\)\./);
    expect(locked.cookies).toEqual([]);
    // the same lock applies whatever the case of the email
    const upper = await new Client().post("/api/session", { email: email.toUpperCase(), password: PASSWORD });
    expect(upper.status).toBe(429);
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const { email } = await signup();
    for (let i = 0; i < 4; i++) await new Client().post("/api/session", { email, password: "wrong-password" });
    expect((await new Client().post("/api/session", { email, password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < 4; i++) await new Client().post("/api/session", { email, password: "wrong-password" });
    expect((await new Client().post("/api/session", { email, password: PASSWORD })).status).toBe(200);
  });

  it("gives a fresh set of attempts once the lock has run out (even before the expired counter is deleted)", async () => {
    const { email } = await signup();
    for (let i = 0; i < 5; i++) await new Client().post("/api/session", { email, password: "wrong-password" });
    expect((await new Client().post("/api/session", { email, password: PASSWORD })).status).toBe(429);
    // 16 minutes later: the lock is over, but DynamoDB's TTL may take hours to delete the counter item
    const past = new Date(Date.now() - 60_000);
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.loginFailures(email),
        UpdateExpression: "SET lockedUntil = :u, windowStart = :w, expiresAt = :e",
        ExpressionAttributeValues: {
          ":u": past.toISOString(),
          ":w": new Date(Date.now() - 16 * 60_000).toISOString(),
          ":e": Math.floor(past.getTime() / 1000),
        },
      }),
    );
    // one typo must not lock the account again for another 15 minutes
    expect((await new Client().post("/api/session", { email, password: "one-typo-only" })).status).toBe(401);
    expect((await new Client().post("/api/session", { email, password: PASSWORD })).status).toBe(200);
  });
});

describe("deactivated staff", () => {
  it("cannot sign in, and their open session stops working at once", async () => {
    const t = await setupTenant({ consultants: 1 });
    const consultant = t.consultants[0]!;
    expect((await consultant.client.get("/api/me")).status).toBe(200);
    const off = await t.admin.patch(`/api/staff/${consultant.user.userId}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.staff).toMatchObject({ userId: consultant.user.userId, active: false });

    const open = await consultant.client.get("/api/me");
    expect(open.status).toBe(401);
    const login = await new Client().post("/api/session", { email: consultant.email, password: PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.error.message).toMatch(/deactivated/);
    // a wrong password does not reveal that the account is deactivated
    const wrong = await new Client().post("/api/session", { email: consultant.email, password: "wrong-password" });
    expect(wrong.body.error.message).toBe("Email or password is wrong.");

    const list = await t.admin.get("/api/staff");
    expect(list.body.staff.find((s: any) => s.userId === consultant.user.userId).active).toBe(false);

    // only administrators and general managers may do this
    expect((await t.manager.client.patch(`/api/staff/${consultant.user.userId}`, { active: true })).status).toBe(403);
    // nobody locks themselves out
    const me = await t.admin.get("/api/me");
    expect((await t.admin.patch(`/api/staff/${me.body.user.userId}`, { active: false })).status).toBe(422);
    // the use case behind the endpoint says the same
    await expect(staff.setStaffActive({ actor: me.body.user }, me.body.user.userId, false)).rejects.toMatchObject({
      status: 422,
    });

    // reactivated: can sign in again
    expect((await t.admin.patch(`/api/staff/${consultant.user.userId}`, { active: true })).status).toBe(200);
    expect((await new Client().post("/api/session", { email: consultant.email, password: PASSWORD })).status).toBe(200);
  });
});

describe("CSRF: cross-site writes", () => {
  it("refuses a cross-site POST with 403 and writes nothing", async () => {
    const { c } = await signup();
    const before = await allItems(db);
    const r = await c.call("POST", "/api/stores", STORE_INPUT, { headers: { origin: "https://evil.example" } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("cross_site");
    const sameSite = await c.call("POST", "/api/stores", STORE_INPUT, { headers: { origin: "http://localhost" } });
    expect(sameSite.status).toBe(201);
    const after = await allItems(db);
    // only the same-site request wrote (the store and its audit entry)
    expect(ofType(after, "Store")).toHaveLength(ofType(before, "Store").length + 1);
    expect(after).toHaveLength(before.length + 2);
  });

  it("refuses cross-site sign-up, sign-in and sign-out too", async () => {
    const { email, c } = await signup();
    const before = await allItems(db);
    const evil = { headers: { origin: "https://evil.example" } };
    const s = await new Client().call(
      "POST",
      "/api/signup",
      { groupName: "Evil", adminName: "E", email: uniqueEmail("evil"), password: PASSWORD },
      evil,
    );
    expect(s.status).toBe(403);
    const l = await new Client().call("POST", "/api/session", { email, password: PASSWORD }, evil);
    expect(l.status).toBe(403);
    expect(l.cookies).toEqual([]);
    const d = await c.call("DELETE", "/api/session", undefined, { headers: { origin: "null" } });
    expect(d.status).toBe(403);
    expect((await c.get("/api/me")).status).toBe(200);
    expect(await allItems(db)).toHaveLength(before.length);
  });
});

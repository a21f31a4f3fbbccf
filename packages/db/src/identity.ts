/** Tenants, users, logins (email uniqueness), sessions, invitations. */
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { Invitation, LoginRecord, SessionRecord, Store, Tenant, User } from "./types.ts";

/** Signup: tenant + admin user + login item, all or nothing; the login item makes the email unique system-wide. */
export async function createTenantWithAdmin(db: Db, tenant: Tenant, admin: User, passwordHash: string): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.login(admin.email),
              type: "Login",
              email: admin.email,
              tenantId: tenant.tenantId,
              userId: admin.userId,
              passwordHash,
              active: true,
            },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.tenant(tenant.tenantId), type: "Tenant", ...tenant },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.user(admin.tenantId, admin.userId), type: "User", ...admin },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
      ],
    }),
  );
}

export async function getTenant(db: Db, tenantId: string): Promise<Tenant | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.tenant(tenantId) }));
  return fromItem<Tenant>(r.Item);
}

export interface LoginLookup {
  login?: LoginRecord;
  failures?: { count: number; windowStart: string; lockedUntil?: string };
}

/** One round trip: the login record and the failure counter of an email. */
export async function getLogin(db: Db, email: string): Promise<LoginLookup> {
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: { [db.table]: { Keys: [keys.login(email), keys.loginFailures(email)], ConsistentRead: true } },
    }),
  );
  const items = r.Responses?.[db.table] ?? [];
  const login = items.find((i) => i.SK === "LOGIN");
  const failures = items.find((i) => i.SK === "FAILURES");
  return {
    login: fromItem<LoginRecord>(login),
    failures:
      failures && (failures.expiresAt as number) * 1000 > Date.now()
        ? (fromItem(failures) as LoginLookup["failures"])
        : undefined,
  };
}

/**
 * Count a failed login; the counter lives for the throttling window (or the lock).
 * A counter whose window or lock has run out starts again at 1: DynamoDB's TTL
 * may take days to delete the expired item, and its old count must not lock the
 * account again after a single typo.
 */
export async function recordLoginFailure(
  db: Db,
  email: string,
  windowSeconds: number,
  maxFailures: number,
  lockSeconds: number,
): Promise<number> {
  const now = new Date();
  const nowEpoch = Math.floor(now.getTime() / 1000);
  let count = 1;
  try {
    const r = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.loginFailures(email),
        UpdateExpression: "ADD #c :one SET #w = if_not_exists(#w, :now), #e = if_not_exists(#e, :exp), #t = :type",
        ConditionExpression: "attribute_not_exists(#e) OR #e > :nowEpoch",
        ExpressionAttributeNames: { "#c": "count", "#w": "windowStart", "#e": "expiresAt", "#t": "type" },
        ExpressionAttributeValues: {
          ":one": 1,
          ":now": now.toISOString(),
          ":exp": nowEpoch + windowSeconds,
          ":type": "LoginFailures",
          ":nowEpoch": nowEpoch,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    count = (r.Attributes?.count as number) ?? 1;
  } catch (e) {
    if ((e as { name?: string }).name !== "ConditionalCheckFailedException") throw e;
    // expired counter: start a new window (unless a concurrent failure just did — then count on it)
    try {
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            ...keys.loginFailures(email),
            type: "LoginFailures",
            count: 1,
            windowStart: now.toISOString(),
            expiresAt: nowEpoch + windowSeconds,
          },
          ConditionExpression: "attribute_not_exists(#e) OR #e <= :nowEpoch",
          ExpressionAttributeNames: { "#e": "expiresAt" },
          ExpressionAttributeValues: { ":nowEpoch": nowEpoch },
        }),
      );
    } catch (e2) {
      if ((e2 as { name?: string }).name !== "ConditionalCheckFailedException") throw e2;
      return recordLoginFailure(db, email, windowSeconds, maxFailures, lockSeconds);
    }
  }
  if (count >= maxFailures) {
    const until = new Date(now.getTime() + lockSeconds * 1000);
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.loginFailures(email),
        UpdateExpression: "SET lockedUntil = :u, expiresAt = :e",
        ExpressionAttributeValues: { ":u": until.toISOString(), ":e": Math.floor(until.getTime() / 1000) },
      }),
    );
  }
  return count;
}

export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.loginFailures(email) }));
}

export async function putSession(db: Db, tokenHash: string, session: SessionRecord): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.session(session.tenantId, session.userId, tokenHash), type: "Session", ...session },
    }),
  );
}

/** One round trip: the session, its user (so deactivation and role changes apply at once) and optionally a store. */
export async function getSessionWithUser(
  db: Db,
  tenantId: string,
  userId: string,
  tokenHash: string,
  storeId?: string,
): Promise<{ session?: SessionRecord; user?: User; store?: Store }> {
  const Keys = [keys.session(tenantId, userId, tokenHash), keys.user(tenantId, userId)];
  if (storeId) Keys.push(keys.store(tenantId, storeId));
  const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys } } }));
  const items = r.Responses?.[db.table] ?? [];
  const s = items.find((i) => String(i.SK).startsWith("SESSION#"));
  const u = items.find((i) => String(i.SK).startsWith("USER#"));
  const st = items.find((i) => String(i.SK).startsWith("STORE#"));
  return {
    session: s ? ({ ...fromItem<SessionRecord>(s), expiresAt: s.expiresAt } as SessionRecord) : undefined,
    user: fromItem<User>(u),
    store: fromItem<Store>(st),
  };
}

export async function deleteSession(db: Db, tenantId: string, userId: string, tokenHash: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.session(tenantId, userId, tokenHash) }));
}

export async function getUser(db: Db, tenantId: string, userId: string): Promise<User | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.user(tenantId, userId) }));
  return fromItem<User>(r.Item);
}

export async function listUsers(db: Db, tenantId: string): Promise<User[]> {
  const out: User[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :u)",
        ExpressionAttributeValues: { ":pk": keys.users(tenantId), ":u": "USER#" },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of r.Items ?? []) out.push(fromItem<User>(i)!);
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Deactivate: the user and the login record change together; sessions stop working at once (the user is read with every session). */
export async function setUserActive(db: Db, user: User, active: boolean, by: string): Promise<User> {
  const now = new Date().toISOString();
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: db.table,
            Key: keys.user(user.tenantId, user.userId),
            UpdateExpression: "SET active = :a, version = version + :one, updatedAt = :now, updatedBy = :by",
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":a": active, ":one": 1, ":now": now, ":by": by, ":v": user.version },
          },
        },
        {
          Update: {
            TableName: db.table,
            Key: keys.login(user.email),
            UpdateExpression: "SET active = :a",
            ConditionExpression: "userId = :u",
            ExpressionAttributeValues: { ":a": active, ":u": user.userId },
          },
        },
      ],
    }),
  );
  return { ...user, active, version: user.version + 1, updatedAt: now };
}

export async function putInvitation(db: Db, inv: Invitation): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.invitation(inv.tenantId, inv.tokenHash),
        type: "Invitation",
        ...inv,
        expiresAtEpoch: inv.expiresAt,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    }),
  );
}

export async function getInvitation(db: Db, tenantId: string, tokenHash: string): Promise<Invitation | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.invitation(tenantId, tokenHash), ConsistentRead: true }),
  );
  return r.Item
    ? ({ ...fromItem<Invitation>(r.Item), expiresAt: r.Item.expiresAtEpoch as number } as Invitation)
    : undefined;
}

export async function listInvitations(db: Db, tenantId: string): Promise<Invitation[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.invitations(tenantId) },
      ScanIndexForward: false,
      Limit: 200,
    }),
  );
  return (r.Items ?? []).map(
    (i) => ({ ...fromItem<Invitation>(i), expiresAt: i.expiresAtEpoch as number }) as Invitation,
  );
}

/** Accept: user + login (email unique) + invitation marked accepted — all or nothing, once. */
export async function acceptInvitation(db: Db, inv: Invitation, user: User, passwordHash: string): Promise<void> {
  const nowEpoch = Math.floor(Date.now() / 1000);
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: db.table,
            Key: keys.invitation(inv.tenantId, inv.tokenHash),
            UpdateExpression: "SET #s = :accepted, acceptedAt = :now, userId = :u REMOVE expiresAt",
            ConditionExpression: "#s = :pending AND expiresAtEpoch > :nowEpoch",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: {
              ":accepted": "accepted",
              ":pending": "pending",
              ":now": user.createdAt,
              ":u": user.userId,
              ":nowEpoch": nowEpoch,
            },
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.login(user.email),
              type: "Login",
              email: user.email,
              tenantId: user.tenantId,
              userId: user.userId,
              passwordHash,
              active: true,
            },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.user(user.tenantId, user.userId), type: "User", ...user },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
      ],
    }),
  );
}

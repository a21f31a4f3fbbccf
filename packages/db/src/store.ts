/** Stores (rooftops) and the tenant audit log. */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { AuditEntry, Store } from "./types.ts";

function storeItem(s: Store) {
  return {
    ...keys.store(s.tenantId, s.storeId),
    GSI1PK: keys.storeDirectory(),
    GSI1SK: `${s.tenantId}#${s.storeId}`,
    type: "Store",
    ...s,
  };
}

function auditItem(tenantId: string, e: AuditEntry) {
  return { PK: keys.auditLog(tenantId), SK: `${e.at}#${newId()}`, type: "Audit", ...e };
}

export async function createStore(db: Db, s: Store, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: storeItem(s), ConditionExpression: "attribute_not_exists(PK)" } },
        { Put: { TableName: db.table, Item: auditItem(s.tenantId, audit) } },
      ],
    }),
  );
}

/** Replace a store if its version is still `expectedVersion` (optimistic locking). */
export async function updateStore(db: Db, s: Store, expectedVersion: number, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: storeItem(s),
            ConditionExpression: "attribute_exists(PK) AND version = :v",
            ExpressionAttributeValues: { ":v": expectedVersion },
          },
        },
        { Put: { TableName: db.table, Item: auditItem(s.tenantId, audit) } },
      ],
    }),
  );
}

export async function getStore(db: Db, tenantId: string, storeId: string): Promise<Store | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.store(tenantId, storeId) }));
  return fromItem<Store>(r.Item);
}

export async function listStores(db: Db, tenantId: string): Promise<Store[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.stores(tenantId) },
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<Store>(i)!);
}

/** Platform-wide store directory (GSI1), for scheduled jobs only — never on a request path. */
export async function* allStores(db: Db): AsyncGenerator<Store> {
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": keys.storeDirectory() },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of r.Items ?? []) yield fromItem<Store>(i)!;
    start = r.LastEvaluatedKey;
  } while (start);
}

export async function putAudit(db: Db, tenantId: string, e: AuditEntry): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.table, Item: auditItem(tenantId, e) }));
}

export async function listAudit(db: Db, tenantId: string, limit = 50): Promise<AuditEntry[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.auditLog(tenantId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<AuditEntry>(i)!);
}

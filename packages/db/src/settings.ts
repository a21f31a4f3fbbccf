/** Tenant settings items (one per kind, in the tenant partition), version-checked. */
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId, type ShowroomSettings } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { AuditEntry } from "./types.ts";

export interface StoredShowroomSettings extends ShowroomSettings {
  /** 0 = never saved (defaults) */
  version: number;
  updatedAt?: string;
  updatedByName?: string;
}

export async function getShowroomSettings(db: Db, tenantId: string): Promise<StoredShowroomSettings | undefined> {
  return getVersioned<StoredShowroomSettings>(db, keys.showroomSettings(tenantId));
}

/** Save if the stored version is still `expectedVersion` (0: nothing saved yet); audited in the tenant log. */
export function putShowroomSettings(
  db: Db,
  tenantId: string,
  s: StoredShowroomSettings,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  return putVersioned(db, tenantId, keys.showroomSettings(tenantId), "ShowroomSettings", s, expectedVersion, audit);
}

/** A versioned tenant item (settings, catalogue): one Get. */
export async function getVersioned<T>(db: Db, key: { PK: string; SK: string }): Promise<T | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: key }));
  return fromItem<T>(r.Item);
}

/**
 * Save a versioned tenant item (settings of every kind, the catalogue) if the
 * stored version is still `expectedVersion` (0: never saved), with its entry in
 * the tenant audit log — one transaction.
 */
export async function putVersioned(
  db: Db,
  tenantId: string,
  key: { PK: string; SK: string },
  type: string,
  item: { version: number },
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: { ...key, type, ...item },
            ConditionExpression:
              expectedVersion === 0 ? "attribute_not_exists(PK)" : "attribute_exists(PK) AND version = :v",
            ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ":v": expectedVersion },
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: { PK: keys.auditLog(tenantId), SK: `${audit.at}#${newId()}`, type: "Audit", ...audit },
          },
        },
      ],
    }),
  );
}

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
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.showroomSettings(tenantId) }));
  return fromItem<StoredShowroomSettings>(r.Item);
}

/** Save if the stored version is still `expectedVersion` (0: nothing saved yet); audited in the tenant log. */
export async function putShowroomSettings(
  db: Db,
  tenantId: string,
  s: StoredShowroomSettings,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.showroomSettings(tenantId), type: "ShowroomSettings", ...s },
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

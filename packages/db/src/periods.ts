/**
 * Accounting periods of a store (月结): one item per month that was ever closed
 * (`MONTH#<YYYY-MM>`, state closed / reopened, version-checked) and the audit
 * trail of closes and reopens, all in the store's period partition. Money
 * writes join `periodOpenCheck` to their transaction, or read the period first.
 */
import { BatchGetCommand, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";
import type { AuditEntry } from "./types.ts";

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

export interface Period {
  tenantId: string;
  storeId: string;
  month: string;
  state: "closed" | "reopened";
  closedAt: string;
  closedBy: string;
  closedByName: string;
  /** why the month was closed with discrepancies still open */
  note?: string;
  /** discrepancies still open when it was closed */
  openAtClose: number;
  reopenedAt?: string;
  reopenedByName?: string;
  reopenReason?: string;
  version: number;
}

/** A transaction item that fails when `month` of the store is closed (index given by the caller). */
export function periodOpenCheck(db: Db, tenantId: string, storeId: string, month: string): TransactItems[number] {
  return {
    ConditionCheck: {
      TableName: db.table,
      Key: keys.period(tenantId, storeId, month),
      ConditionExpression: "attribute_not_exists(PK) OR #st <> :closed",
      ExpressionAttributeNames: { "#st": "state" },
      ExpressionAttributeValues: { ":closed": "closed" },
    },
  };
}

export async function getPeriod(db: Db, tenantId: string, storeId: string, month: string): Promise<Period | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.period(tenantId, storeId, month), ConsistentRead: true }),
  );
  return fromItem<Period>(r.Item);
}

/** The periods of several months in one BatchGet (missing = never closed). */
export async function getPeriods(db: Db, tenantId: string, storeId: string, months: string[]): Promise<Period[]> {
  const unique = [...new Set(months)];
  if (!unique.length) return [];
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: {
        [db.table]: { Keys: unique.map((m) => keys.period(tenantId, storeId, m)), ConsistentRead: true },
      },
    }),
  );
  return (r.Responses?.[db.table] ?? []).map((i) => fromItem<Period>(i)!);
}

/** Every closed or reopened month of a store and the audit trail (one Query). */
export async function listPeriods(
  db: Db,
  tenantId: string,
  storeId: string,
): Promise<{ periods: Period[]; audit: (AuditEntry & { id: string })[] }> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.periods(tenantId, storeId) },
    ConsistentRead: true,
  });
  return {
    periods: items.filter((i) => String(i.SK).startsWith("MONTH#")).map((i) => fromItem<Period>(i)!),
    audit: items.filter((i) => String(i.SK).startsWith("AUDIT#")).map((i) => fromItem<AuditEntry & { id: string }>(i)!),
  };
}

/** Write the period if it is still at `previousVersion` (0 = never written), with its audit entry. */
export async function putPeriod(db: Db, p: Period, previousVersion: number, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.period(p.tenantId, p.storeId, p.month), type: "Period", ...p },
            ConditionExpression: previousVersion ? "version = :v" : "attribute_not_exists(PK)",
            ...(previousVersion ? { ExpressionAttributeValues: { ":v": previousVersion } } : {}),
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.periodAudit(p.tenantId, p.storeId, audit.at, newId()),
              type: "PeriodAudit",
              month: p.month,
              ...audit,
            },
          },
        },
      ],
    }),
  );
}

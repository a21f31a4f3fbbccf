/**
 * Month-end reconciliation items of a store and month, in one partition
 * `…#MONTHEND#<YYYY-MM>`: `RUN` (what the job found last) and one item per
 * discrepancy `D#<kind>#<recordId>` with its state (open / resolved /
 * annotated) and the sales admin's notes. The page reads the partition in one
 * Query; the job writes only what changed, so a second run writes nothing.
 */
import { BatchWriteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Discrepancy, DiscrepancyState } from "@dealeros/core";
import type { Db } from "./client.ts";
import type { Contract } from "./deals.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";

export interface DiscrepancyNote {
  at: string;
  by: string;
  byName: string;
  action: "resolve" | "annotate" | "reopen";
  note: string;
}

export type DiscrepancyItem = Discrepancy & {
  tenantId: string;
  storeId: string;
  month: string;
  state: DiscrepancyState;
  /** the run that first found it */
  foundAt: string;
  notes: DiscrepancyNote[];
  version: number;
};

export interface MonthEndRun {
  tenantId: string;
  storeId: string;
  month: string;
  /** idempotency: one result per store and month */
  runKey: string;
  /** when the current result was produced (a run that finds the same writes nothing) */
  ranAt: string;
  /** the discrepancy keys the run found, in order */
  found: string[];
  contracts: number;
  dealers: number;
}

export function discrepancyItem(d: DiscrepancyItem): Record<string, unknown> {
  return { ...keys.discrepancy(d.tenantId, d.storeId, d.month, d.key), type: "Discrepancy", ...d };
}

export function runItem(r: MonthEndRun): Record<string, unknown> {
  return { ...keys.monthEndRun(r.tenantId, r.storeId, r.month), type: "MonthEndRun", ...r };
}

/** The month's run and discrepancies (one Query). */
export async function readMonth(
  db: Db,
  tenantId: string,
  storeId: string,
  month: string,
): Promise<{ run?: MonthEndRun; discrepancies: DiscrepancyItem[] }> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.monthEnd(tenantId, storeId, month) },
    ConsistentRead: true,
  });
  return {
    run: fromItem<MonthEndRun>(items.find((i) => i.SK === "RUN")),
    discrepancies: items.filter((i) => String(i.SK).startsWith("D#")).map((i) => fromItem<DiscrepancyItem>(i)!),
  };
}

/** Puts and deletes in BatchWrite calls of 25 (unprocessed items retried). */
export async function writeBatch(
  db: Db,
  puts: Record<string, unknown>[],
  deletes: { PK: string; SK: string }[],
): Promise<void> {
  const requests = [
    ...puts.map((Item) => ({ PutRequest: { Item } })),
    ...deletes.map((Key) => ({ DeleteRequest: { Key } })),
  ];
  for (let i = 0; i < requests.length; i += 25) {
    let pending: typeof requests | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; pending?.length; attempt++) {
      const r = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
      pending = r.UnprocessedItems?.[db.table] as typeof requests | undefined;
      if (pending?.length) await new Promise((res) => setTimeout(res, 20 * 2 ** Math.min(attempt, 6)));
    }
  }
}

/** Rewrite a discrepancy if nobody changed it since it was read (version-checked). */
export async function updateDiscrepancy(db: Db, next: DiscrepancyItem, previousVersion: number): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: discrepancyItem(next),
      ConditionExpression: "attribute_exists(PK) AND version = :v",
      ExpressionAttributeValues: { ":v": previousVersion },
    }),
  );
}

/** Every contract of a store (the ledger index, pages followed): the month-end job's read, never a request's. */
export async function allStoreContracts(db: Db, tenantId: string, storeId: string): Promise<Contract[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storeContracts(tenantId, storeId) },
  });
  return items.map((i) => fromItem<Contract>(i)!);
}

/**
 * Reads of the customer screens (issue 7, H3): a consultant's own customers page
 * by page (GSI2), and a customer's service history (GSI5 of appointments, repair
 * orders and roadside calls). Each is one Query.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { Customer } from "./customers.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";

/** What every after-sales record keeps current for the customer 360 (see issue 7 brief). */
export interface CustomerHistoryEntry {
  kind: "appointment" | "repair_order" | "roadside" | "event";
  at: string;
  title: string;
  status: string;
  totalFen?: number;
  storeId: string;
  id: string;
}

/** One page of an owner's customers in a store (optionally a lower-cased name prefix): one Query. */
export async function ownerCustomersPage(
  db: Db,
  tenantId: string,
  userId: string,
  storeId: string,
  opts: { namePrefix?: string; limit: number; cursor?: string },
): Promise<{ items: Customer[]; cursor?: string }> {
  const pk = keys.ownerCustomers(tenantId, userId);
  const prefix = `${storeId}#${(opts.namePrefix ?? "").trim().toLowerCase()}`;
  const start = decodeCursor(opts.cursor, "GSI2", (k) => k.GSI2PK === pk && k.GSI2SK!.startsWith(`${storeId}#`));
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk AND begins_with(GSI2SK, :p)",
      ExpressionAttributeValues: { ":pk": pk, ":p": prefix },
      Limit: opts.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return {
    items: (r.Items ?? []).map((i) => fromItem<Customer>(i)!),
    ...(r.LastEvaluatedKey ? { cursor: encodeCursor(r.LastEvaluatedKey) } : {}),
  };
}

/** A customer's after-sales history, newest first (at most `limit`): one Query of GSI5. */
export async function customerHistory(
  db: Db,
  tenantId: string,
  customerId: string,
  limit = 100,
): Promise<CustomerHistoryEntry[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI5",
      KeyConditionExpression: "GSI5PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.customerHistory(tenantId, customerId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).flatMap((i) => {
    const h = i.history as CustomerHistoryEntry | undefined;
    return h?.storeId ? [h] : [];
  });
}

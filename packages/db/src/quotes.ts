/**
 * Quote writes and lists (the item shape, its index attributes and reads of one
 * quote live in deals.ts). A quote is immutable once written except for its
 * status: approval decision, cancellation, and `ordered` (createContract).
 *
 * - QT1 what a new quote needs: card + catalogue + deal settings (+ stock vehicle), one BatchGet
 * - QT2 create: quote Put `attribute_not_exists` + audit, one transaction
 * - QT3 a status change: quote Put `version = :v AND status = :from` + audit
 * - QT4 a store's quotes, newest first (GSI1); QT5 a store's approvals, oldest first (GSI3, sparse)
 */
import { BatchGetCommand, type BatchGetCommandOutput, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import { indexPage } from "./cursor.ts";
import { type Quote, type QuoteStatus, quoteAuditItem, quoteItem, type StoredDealSettings } from "./deals.ts";
import type { Catalogue, Vehicle } from "./inventory.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { Prospect } from "./prospect.ts";
import type { AuditEntry } from "./types.ts";

export interface QuoteContext {
  prospect?: Prospect;
  catalogue?: Catalogue;
  settings?: StoredDealSettings;
  vehicle?: Vehicle;
}

/** The card, the catalogue, the deal settings and (optionally) a stock vehicle in one consistent BatchGet. */
export async function getQuoteContext(
  db: Db,
  tenantId: string,
  prospectId: string,
  vehicleId?: string,
): Promise<QuoteContext> {
  const wanted = [
    keys.prospect(tenantId, prospectId),
    keys.catalogue(tenantId),
    keys.dealSettings(tenantId),
    ...(vehicleId ? [keys.vehicle(tenantId, vehicleId)] : []),
  ];
  const items: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] | undefined = wanted;
  for (let attempt = 0; pending?.length; attempt++) {
    if (attempt > 0) await new Promise((res) => setTimeout(res, 25 * 2 ** Math.min(attempt, 6)));
    const r: BatchGetCommandOutput = await db.doc.send(
      new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } } }),
    );
    items.push(...(r.Responses?.[db.table] ?? []));
    pending = r.UnprocessedKeys?.[db.table]?.Keys;
  }
  const find = (k: { PK: string; SK: string }) => items.find((i) => i.PK === k.PK && i.SK === k.SK);
  return {
    prospect: fromItem<Prospect>(find(wanted[0]!)),
    catalogue: fromItem<Catalogue>(find(wanted[1]!)),
    settings: fromItem<StoredDealSettings>(find(wanted[2]!)),
    vehicle: vehicleId ? fromItem<Vehicle>(find(wanted[3]!)) : undefined,
  };
}

/** Write a new quote and its first audit entry. */
export async function createQuote(db: Db, q: Quote, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: quoteItem(q), ConditionExpression: "attribute_not_exists(PK)" } },
        { Put: { TableName: db.table, Item: quoteAuditItem(q, audit) } },
      ],
    }),
  );
}

/**
 * Write a quote whose status changed, if nobody changed it since it was read
 * (same version, still `from`); the approvals index follows the status.
 */
export async function updateQuoteStatus(
  db: Db,
  next: Quote,
  previous: { version: number; status: QuoteStatus },
  audit: AuditEntry,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: quoteItem(next),
            ConditionExpression: "attribute_exists(PK) AND version = :v AND #s = :s",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":v": previous.version, ":s": previous.status },
          },
        },
        { Put: { TableName: db.table, Item: quoteAuditItem(next, audit) } },
      ],
    }),
  );
}

export interface QuotePage {
  items: Quote[];
  cursor?: string;
}

/**
 * A page of a store's quotes, newest first: one Query of GSI1. `consultantId`
 * and `status` narrow it with a filter (a page may then hold fewer than `limit`).
 */
export async function listStoreQuotes(
  db: Db,
  tenantId: string,
  storeId: string,
  opts: { limit?: number; cursor?: string; consultantId?: string; status?: QuoteStatus } = {},
): Promise<QuotePage> {
  return indexPage<Quote>(db, "GSI1", keys.storeQuotes(tenantId, storeId), {
    limit: opts.limit ?? 50,
    cursor: opts.cursor,
    newestFirst: true,
    equals: { consultantId: opts.consultantId, status: opts.status },
  });
}

/** A store's quotes waiting for discount approval, longest waiting first: one Query of the sparse GSI3. */
export async function listStoreApprovals(
  db: Db,
  tenantId: string,
  storeId: string,
  opts: { limit?: number; cursor?: string } = {},
): Promise<QuotePage> {
  return indexPage<Quote>(db, "GSI3", keys.storeApprovals(tenantId, storeId), {
    limit: opts.limit ?? 100,
    cursor: opts.cursor,
  });
}

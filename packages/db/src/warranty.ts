/**
 * Warranty claims' lifecycle (保修索赔): read one claim, write a decision
 * (approve / reject / resubmit / paid) version-checked with its audit entry in
 * one transaction, and a store's claims in one Query.
 *
 * The claim item is `WCLAIM#<roId> / META` (written at settlement, see
 * repair.ts); GSI1 = the store's claims by settlement time, unchanged by
 * decisions. The audit entry goes to the repair order's partition
 * (`RO#<roId> / AUDIT#<at>#<id>`), so the repair order shows it too.
 * Claims written before the lifecycle have no `version` (read as 1) and no
 * `history` (read as submitted at settlement).
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import type { TransactItems } from "./customers.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { roAuditItem, type WarrantyClaim, type WarrantyHistoryEntry, warrantyClaimItem } from "./repair.ts";
import type { AuditEntry } from "./types.ts";

/** A claim as the lifecycle sees it: version and history always present. */
export type StoredWarrantyClaim = WarrantyClaim & { version: number; history: WarrantyHistoryEntry[] };

export function toClaim(item: Record<string, unknown> | undefined): StoredWarrantyClaim | undefined {
  const c = fromItem<WarrantyClaim>(item);
  if (!c) return undefined;
  return {
    ...c,
    version: c.version ?? 1,
    history: c.history?.length
      ? c.history
      : [{ state: "submitted", at: c.settledAt, byId: "", byName: c.createdByName }],
  };
}

export async function getClaim(db: Db, tenantId: string, claimId: string): Promise<StoredWarrantyClaim | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.warrantyClaim(tenantId, claimId), ConsistentRead: true }),
  );
  return toClaim(r.Item);
}

/**
 * A decision's writes: the claim's next version (Put, only if it still has the
 * version read — a claim without `version` counts as version 1) and the audit
 * entry in the repair order's partition. One transaction.
 */
export function decisionWrites(
  db: Db,
  next: StoredWarrantyClaim,
  previousVersion: number,
  audit: AuditEntry,
): TransactItems {
  return [
    {
      Put: {
        TableName: db.table,
        Item: warrantyClaimItem(next),
        ConditionExpression:
          previousVersion === 1
            ? "attribute_exists(PK) AND (attribute_not_exists(version) OR version = :v)"
            : "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": previousVersion },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: roAuditItem({ tenantId: next.tenantId, repairOrderId: next.repairOrderId }, audit),
      },
    },
  ];
}

export async function transact(db: Db, items: TransactItems): Promise<void> {
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** The most claims one read returns; one page of the store's claims (≤ 1 MB, a few hundred claims). */
export const STORE_CLAIMS_LIMIT = 1000;

/**
 * A store's warranty claims, newest first: one Query of GSI1 (one page). The
 * status filter is applied by the caller in memory, so the totals by status
 * come from the same read.
 */
export async function storeClaims(db: Db, tenantId: string, storeId: string): Promise<StoredWarrantyClaim[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.storeWarrantyClaims(tenantId, storeId) },
      ScanIndexForward: false,
      Limit: STORE_CLAIMS_LIMIT,
    }),
  );
  return (r.Items ?? []).map((i) => toClaim(i)!);
}

/**
 * The order flow's own reads and writes beside deals.ts (which holds the
 * contract item itself): the ledger page with its filters, payment idempotency
 * keys, the card graded O with the order, and the purchase-order line a
 * contract waits on, the store's order lock. Access patterns CT1–CT8 in README.md.
 */
import { BatchGetCommand, type TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import { indexPage } from "./cursor.ts";
import type { Contract, ContractState, Payment } from "./deals.ts";
import { isConditionFailure } from "./errors.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { AuditEntry } from "./types.ts";

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

export interface LedgerQuery {
  limit?: number;
  cursor?: string;
  /** only contracts in this state */
  state?: ContractState;
  /** only this consultant's contracts (a consultant sees his own) */
  consultantId?: string;
}

/**
 * A page of a store's contract ledger (合同履行一览表), newest number first: one
 * Query on GSI1; state and consultant are a filter, so a page may hold fewer than
 * `limit` contracts while a cursor remains.
 */
export async function listLedgerPage(
  db: Db,
  tenantId: string,
  storeId: string,
  q: LedgerQuery = {},
): Promise<{ items: Contract[]; cursor?: string }> {
  return indexPage<Contract>(db, "GSI1", keys.storeContracts(tenantId, storeId), {
    limit: q.limit ?? 50,
    cursor: q.cursor,
    newestFirst: true,
    equals: { state: q.state, consultantId: q.consultantId },
  });
}

/**
 * The contract and the record of a payment idempotency key (the payment it
 * recorded, if the key was used before): one consistent BatchGet.
 */
export async function getContractAndPaymentKey(
  db: Db,
  tenantId: string,
  contractId: string,
  key: string,
): Promise<{ contract?: Contract; recorded?: Payment }> {
  const meta = keys.contract(tenantId, contractId);
  const marker = keys.contractPaymentKey(tenantId, contractId, key);
  const r = await db.doc.send(
    new BatchGetCommand({ RequestItems: { [db.table]: { Keys: [meta, marker], ConsistentRead: true } } }),
  );
  const items = r.Responses?.[db.table] ?? [];
  const found = items.find((i) => i.SK === marker.SK);
  return {
    contract: fromItem<Contract>(items.find((i) => i.SK === "META")),
    recorded: found?.payment as Payment | undefined,
  };
}

/** The idempotency key of a payment, written with it: a second write of the same key fails (index given by caller). */
export function paymentKeyItem(
  db: Db,
  c: Pick<Contract, "tenantId" | "contractId">,
  key: string,
  p: Payment,
): TransactItems[number] {
  return {
    Put: {
      TableName: db.table,
      Item: { ...keys.contractPaymentKey(c.tenantId, c.contractId, key), type: "PaymentKey", payment: p },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

/**
 * The card of an ordered contract: grade O, no next follow-up (it leaves the
 * follow-up index), version bumped — a conditional Update (the card must exist
 * in the store) with its audit entry, to join the contract's transaction.
 */
export function cardOrderedItems(
  db: Db,
  card: { tenantId: string; storeId: string; prospectId: string },
  audit: AuditEntry,
): TransactItems {
  return [
    {
      Update: {
        TableName: db.table,
        Key: keys.prospect(card.tenantId, card.prospectId),
        UpdateExpression:
          "SET grade = :o, version = version + :one, updatedAt = :at REMOVE nextFollowUpAt, GSI3PK, GSI3SK",
        ConditionExpression: "attribute_exists(PK) AND storeId = :s",
        ExpressionAttributeValues: { ":o": "O", ":one": 1, ":at": audit.at, ":s": card.storeId },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: {
          ...keys.prospectAudit(card.tenantId, card.prospectId, audit.at, newId()),
          type: "ProspectAudit",
          ...audit,
        },
      },
    },
  ];
}

/**
 * Count a contract on (delta 1) or off (delta −1) a purchase-order line: linking
 * is refused by the condition when as many contracts as the line's quantity
 * already wait on it.
 */
export function poLineLinkItem(
  db: Db,
  po: { tenantId: string; storeId: string; poId: string },
  lineNo: number,
  quantity: number,
  delta: 1 | -1,
  at: string,
): TransactItems[number] {
  const i = lineNo - 1;
  return {
    Update: {
      TableName: db.table,
      Key: keys.purchaseOrder(po.tenantId, po.poId),
      UpdateExpression: `SET #l[${i}].linked = if_not_exists(#l[${i}].linked, :zero) + :d, updatedAt = :at`,
      ConditionExpression:
        delta === 1
          ? `storeId = :s AND #l[${i}].lineNo = :n AND (attribute_not_exists(#l[${i}].linked) OR #l[${i}].linked < :q)`
          : `storeId = :s AND #l[${i}].lineNo = :n AND #l[${i}].linked > :zero`,
      ExpressionAttributeNames: { "#l": "lines" },
      ExpressionAttributeValues: {
        ":zero": 0,
        ":d": delta,
        ":at": at,
        ":s": po.storeId,
        ":n": lineNo,
        ...(delta === 1 ? { ":q": quantity } : {}),
      },
    },
  };
}

// ---------- the store's order lock ----------

/**
 * Take the store's order lock, a lease of `leaseMs`: parallel orders of a store
 * take turns for the next contract number instead of all racing for it (each
 * lost race would cost a whole transaction). Correctness does not rest on it —
 * the sequence's own condition keeps numbers gapless and unique — so an expired
 * lease only means another order may race again. Not taken: when it ends.
 * Taken: the contract number the last holder left on the lock (a hint that
 * saves reading the sequence; a stale hint only fails the sequence condition).
 */
export async function takeOrderLock(
  db: Db,
  tenantId: string,
  storeId: string,
  holder: string,
  nowMs: number,
  leaseMs: number,
): Promise<{ taken: boolean; until?: number; lastSeq?: number }> {
  try {
    const r = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.contractSequenceLock(tenantId, storeId),
        UpdateExpression: "SET holder = :h, #until = :u, expiresAt = :ttl",
        ConditionExpression: "attribute_not_exists(holder) OR #until < :now OR holder = :h",
        ExpressionAttributeNames: { "#until": "until" },
        ExpressionAttributeValues: {
          ":h": holder,
          ":u": nowMs + leaseMs,
          ":now": nowMs,
          ":ttl": Math.floor((nowMs + leaseMs) / 1000) + 3600,
        },
        ReturnValues: "ALL_OLD",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { taken: true, lastSeq: typeof r.Attributes?.lastSeq === "number" ? r.Attributes.lastSeq : undefined };
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const until = (e as { Item?: Record<string, unknown> }).Item?.until as number | { N?: string } | undefined;
    return { taken: false, until: typeof until === "number" ? until : until?.N ? Number(until.N) : undefined };
  }
}

/**
 * Give the lock back inside the order's transaction, leaving the number just
 * taken for the next holder (fails if the lease was lost to another order).
 */
export function orderLockReleaseItem(
  db: Db,
  tenantId: string,
  storeId: string,
  holder: string,
  seq: number,
): TransactItems[number] {
  return {
    Update: {
      TableName: db.table,
      Key: keys.contractSequenceLock(tenantId, storeId),
      UpdateExpression: "SET lastSeq = :seq REMOVE holder, #until",
      ConditionExpression: "holder = :h",
      ExpressionAttributeNames: { "#until": "until" },
      ExpressionAttributeValues: { ":h": holder, ":seq": seq },
    },
  };
}

/** Give the lock back after an order failed (nothing to do when it is no longer ours). */
export async function releaseOrderLock(db: Db, tenantId: string, storeId: string, holder: string): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.contractSequenceLock(tenantId, storeId),
        UpdateExpression: "REMOVE holder, #until",
        ConditionExpression: "holder = :h",
        ExpressionAttributeNames: { "#until": "until" },
        ExpressionAttributeValues: { ":h": holder },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

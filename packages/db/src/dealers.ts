/**
 * Secondary dealers (二级网点): the store's dealers in one partition (the list is
 * one Query), each dealer's ledger — wholesale entries and payments received —
 * and audit trail in the dealer's own partition (the ledger page is one Query).
 * A wholesale writes the vehicle (status in_stock → wholesaled, version- and
 * status-checked), the ledger entry and the dealer's running balance in one
 * transaction, with a check that the period of its date is not closed.
 */
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import { type Vehicle, vehicleUpdateItems } from "./inventory.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { periodOpenCheck } from "./periods.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

export interface Dealer {
  tenantId: string;
  storeId: string;
  dealerId: string;
  name: string;
  contactName: string;
  phone: string;
  creditLimitFen: number;
  note?: string;
  /** running totals kept with every ledger entry (fen) */
  wholesaleFen: number;
  paidFen: number;
  /** what the dealer owes: wholesaleFen − paidFen */
  balanceFen: number;
  vehicles: number;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export interface DealerLedgerEntry {
  tenantId: string;
  storeId: string;
  dealerId: string;
  entryId: string;
  kind: "wholesale" | "payment";
  /** store-local date (the pickup, or the money received) */
  date: string;
  amountFen: number;
  vehicleId?: string;
  vin?: string;
  vehicleLabel?: string;
  method?: string;
  reference?: string;
  note?: string;
  at: string;
  by: string;
  byName: string;
}

function dealerItem(d: Dealer) {
  return { ...keys.dealer(d.tenantId, d.storeId, d.dealerId), type: "Dealer", ...d };
}

function auditItem(d: Pick<Dealer, "tenantId" | "dealerId">, e: AuditEntry) {
  const id = newId();
  return { ...keys.dealerAudit(d.tenantId, d.dealerId, e.at, id), type: "DealerAudit", id, ...e };
}

function entryItem(e: DealerLedgerEntry) {
  return { ...keys.dealerLedgerEntry(e.tenantId, e.dealerId, e.date, e.entryId), type: "DealerLedgerEntry", ...e };
}

export async function createDealer(db: Db, d: Dealer, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: dealerItem(d), ConditionExpression: "attribute_not_exists(PK)" } },
        { Put: { TableName: db.table, Item: auditItem(d, audit) } },
      ],
    }),
  );
}

/** Rewrite a dealer's details if its version is still `previousVersion` (index 0 failing = stale). */
export async function updateDealer(db: Db, next: Dealer, previousVersion: number, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: dealerItem(next),
            ConditionExpression: "attribute_exists(PK) AND version = :v",
            ExpressionAttributeValues: { ":v": previousVersion },
          },
        },
        { Put: { TableName: db.table, Item: auditItem(next, audit) } },
      ],
    }),
  );
}

export async function getDealer(
  db: Db,
  tenantId: string,
  storeId: string,
  dealerId: string,
): Promise<Dealer | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.dealer(tenantId, storeId, dealerId), ConsistentRead: true }),
  );
  return fromItem<Dealer>(r.Item);
}

/** A store's dealers (one Query of the store's dealer partition). */
export async function listDealers(db: Db, tenantId: string, storeId: string): Promise<Dealer[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :p)",
    ExpressionAttributeValues: { ":pk": keys.storeDealers(tenantId, storeId), ":p": "DEALER#" },
  });
  return items.map((i) => fromItem<Dealer>(i)!);
}

/** A dealer's ledger (oldest first) and audit trail: one consistent Query of its partition. */
export async function getLedger(
  db: Db,
  tenantId: string,
  dealerId: string,
): Promise<{ entries: DealerLedgerEntry[]; audit: (AuditEntry & { id: string })[] }> {
  const p = await readPartition(db, keys.dealerLedger(tenantId, dealerId));
  return {
    entries: p.children("L#").map((i) => fromItem<DealerLedgerEntry>(i)!),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
  };
}

/** The dealer's totals moved by a ledger entry, version-checked (the entry and the totals agree). */
function dealerTotalsItem(db: Db, d: Dealer, e: DealerLedgerEntry): TransactItems[number] {
  const wholesale = e.kind === "wholesale";
  return {
    Update: {
      TableName: db.table,
      Key: keys.dealer(d.tenantId, d.storeId, d.dealerId),
      UpdateExpression: wholesale
        ? "SET wholesaleFen = wholesaleFen + :a, balanceFen = balanceFen + :a, vehicles = vehicles + :one, version = version + :one, updatedAt = :at"
        : "SET paidFen = paidFen + :a, balanceFen = balanceFen - :a, version = version + :one, updatedAt = :at",
      ConditionExpression: "attribute_exists(PK) AND version = :v",
      ExpressionAttributeValues: { ":a": e.amountFen, ":one": 1, ":at": e.at, ":v": d.version },
    },
  };
}

/** Where a ledger write's transaction fails: which condition. */
export const LEDGER_WRITE = { vehicle: 0, dealer: 2, period: 4 } as const;

/**
 * Wholesale a vehicle to a dealer: the vehicle (in_stock → wholesaled, version
 * and status checked) with its audit entry, the ledger entry, the dealer's
 * totals (version-checked) and a check that the entry's month is open — all or
 * nothing. Failing indexes: LEDGER_WRITE.
 */
export async function wholesale(
  db: Db,
  d: Dealer,
  e: DealerLedgerEntry,
  vehicle: { next: Vehicle; previous: Pick<Vehicle, "version" | "status">; audit: AuditEntry },
  audit: AuditEntry,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        ...vehicleUpdateItems(db, vehicle.next, vehicle.previous, vehicle.audit),
        dealerTotalsItem(db, d, e),
        { Put: { TableName: db.table, Item: entryItem(e), ConditionExpression: "attribute_not_exists(PK)" } },
        periodOpenCheck(db, d.tenantId, d.storeId, e.date.slice(0, 7)),
        { Put: { TableName: db.table, Item: auditItem(d, audit) } },
      ],
    }),
  );
}

/** A payment received from a dealer: the entry, the totals, the open-period check (indexes: 0 dealer, 2 period). */
export async function recordPayment(db: Db, d: Dealer, e: DealerLedgerEntry, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        dealerTotalsItem(db, d, e),
        { Put: { TableName: db.table, Item: entryItem(e), ConditionExpression: "attribute_not_exists(PK)" } },
        periodOpenCheck(db, d.tenantId, d.storeId, e.date.slice(0, 7)),
        { Put: { TableName: db.table, Item: auditItem(d, audit) } },
      ],
    }),
  );
}

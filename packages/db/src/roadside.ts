/**
 * Roadside assistance calls (救援, issue 7, H3): one partition per call — META
 * and AUDIT#… entries. Indexes of the META item: GSI1 the store's calls by the
 * time called (the month's figures are one Query), GSI2 (sparse) the store's open
 * calls, GSI5 the customer's service history (when the caller is a customer).
 */
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId, type RoadsideStatus } from "@dealeros/core";
import type { Db } from "./client.ts";
import type { CustomerHistoryEntry } from "./customer-views.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

export interface RoadsideCall {
  tenantId: string;
  storeId: string;
  callId: string;
  /** the customer, when the caller is one (a caller may be unknown) */
  customerId?: string;
  name: string;
  mobile?: string;
  location: string;
  plate?: string;
  vin?: string;
  vehicleLabel?: string;
  problem: string;
  status: RoadsideStatus;
  calledAt: string;
  dispatchedAt?: string;
  arrivedAt?: string;
  doneAt?: string;
  technicianId?: string;
  technicianName?: string;
  tow?: string;
  outcome?: string;
  chargeFen?: number;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export function historyOf(c: RoadsideCall): CustomerHistoryEntry {
  return {
    kind: "roadside",
    at: c.calledAt,
    title: `${c.problem.slice(0, 60)} · ${c.location.slice(0, 40)}`,
    status: c.status,
    ...(c.chargeFen !== undefined ? { totalFen: c.chargeFen } : {}),
    storeId: c.storeId,
    id: c.callId,
  };
}

export function roadsideItem(c: RoadsideCall): Record<string, unknown> {
  const sk = `${c.calledAt}#${c.callId}`;
  return {
    ...keys.roadsideCall(c.tenantId, c.callId),
    type: "RoadsideCall",
    ...c,
    GSI1PK: keys.storeRoadside(c.tenantId, c.storeId),
    GSI1SK: sk,
    ...(c.status !== "done" ? { GSI2PK: keys.storeRoadsideOpen(c.tenantId, c.storeId), GSI2SK: sk } : {}),
    ...(c.customerId
      ? {
          GSI5PK: keys.customerHistory(c.tenantId, c.customerId),
          GSI5SK: `${c.calledAt}#roadside#${c.callId}`,
          history: historyOf(c),
        }
      : {}),
  };
}

function auditItem(c: Pick<RoadsideCall, "tenantId" | "callId">, e: AuditEntry): Record<string, unknown> {
  const id = newId();
  return {
    PK: keys.roadsidePartition(c.tenantId, c.callId),
    SK: `AUDIT#${e.at}#${id}`,
    type: "RoadsideAudit",
    id,
    ...e,
  };
}

/** A new call and its audit entry (one transaction; the call must not exist). */
export async function createRoadsideCall(db: Db, c: RoadsideCall, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: roadsideItem(c), ConditionExpression: "attribute_not_exists(PK)" } },
        { Put: { TableName: db.table, Item: auditItem(c, audit) } },
      ],
    }),
  );
}

/** Rewrite a call if its version is still `previousVersion`, with an audit entry (one transaction). */
export async function saveRoadsideCall(
  db: Db,
  next: RoadsideCall,
  previousVersion: number,
  audit: AuditEntry,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: roadsideItem(next),
            ConditionExpression: "attribute_exists(PK) AND version = :v",
            ExpressionAttributeValues: { ":v": previousVersion },
          },
        },
        { Put: { TableName: db.table, Item: auditItem(next, audit) } },
      ],
    }),
  );
}

/** The call and its audit trail (oldest first): one consistent Query. */
export async function getRoadsideWithAudit(
  db: Db,
  tenantId: string,
  callId: string,
): Promise<{ call?: RoadsideCall; audit: AuditEntry[] }> {
  const p = await readPartition(db, keys.roadsidePartition(tenantId, callId));
  return {
    call: fromItem<RoadsideCall>(p.meta),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry>(i)!),
  };
}

/** The store's open calls, oldest first: one Query of the sparse GSI2. */
export async function listOpenCalls(db: Db, tenantId: string, storeId: string): Promise<RoadsideCall[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storeRoadsideOpen(tenantId, storeId) },
  });
  return items.map((i) => fromItem<RoadsideCall>(i)!);
}

/** The store's calls made in [fromIso, toIso), newest first: one Query (all pages) of GSI1. */
export async function listCallsBetween(
  db: Db,
  tenantId: string,
  storeId: string,
  fromIso: string,
  toIso: string,
): Promise<RoadsideCall[]> {
  const r = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND GSI1SK BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":pk": keys.storeRoadside(tenantId, storeId), ":a": fromIso, ":b": `${toIso}` },
    ScanIndexForward: false,
  });
  return r.map((i) => fromItem<RoadsideCall>(i)!).filter((c) => c.calledAt < toIso);
}

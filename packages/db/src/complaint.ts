/**
 * Complaints (客户投诉). One partition per complaint:
 *   META          the complaint — also its plan item (kind "complaint", owner = assignee, due = SLA due):
 *                 GSI1 store agenda of the due date, GSI2/GSI3 open work while it waits for its first
 *                 response, GSI4 the store's escalated complaints (sparse), GSI5 the store's complaints by state
 *   OEM           when flagged for the OEM: a copy of the complaint in the store's OEM list (GSI4), rewritten
 *                 with every change so that the list needs no second read
 *   AUDIT#<at>#…  who changed what
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintFilter,
  type ComplaintSeverity,
  type ComplaintState,
  newId,
  type SatisfactionLevel,
} from "@dealeros/core";
import type { Db } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { type PlanFields, planIndexes } from "./plan.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

export interface ComplaintResponse {
  note: string;
  actionTaken?: string;
  at: string;
  by: string;
  byName: string;
  /** the response came after the SLA due time */
  late: boolean;
}

export interface ComplaintResolution {
  text: string;
  /** 1–5 */
  satisfaction: number;
  level: SatisfactionLevel;
  at: string;
  by: string;
  byName: string;
}

export interface ComplaintOemFlag {
  note: string;
  at: string;
  by: string;
  byName: string;
}

export interface Complaint {
  tenantId: string;
  storeId: string;
  complaintId: string;
  customerName: string;
  mobile?: string;
  prospectId?: string;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  state: ComplaintState;
  loggedAt: string;
  /** the tenant's SLA when it was logged */
  slaHours: number;
  /** loggedAt + slaHours: the first response is due (ISO, UTC) */
  dueAt: string;
  /** the store-local date of dueAt (its day in the store's plan) */
  dueDate: string;
  assigneeId: string;
  assigneeName: string;
  response?: ComplaintResponse;
  resolution?: ComplaintResolution;
  escalatedAt?: string;
  escalatedTo?: { userId: string; name: string }[];
  oem?: ComplaintOemFlag;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export interface ComplaintPage {
  items: Complaint[];
  cursor?: string;
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

/** The plan fields of a complaint: open (in the assignee's and the store's open work) until its first response. */
export function complaintPlanFields(c: Complaint): PlanFields {
  return {
    tenantId: c.tenantId,
    storeId: c.storeId,
    kind: "complaint",
    id: c.complaintId,
    ownerId: c.assigneeId,
    ownerName: c.assigneeName,
    dueAt: c.dueAt,
    date: c.dueDate,
    status: c.state === "open" ? "open" : "done",
    ...(c.response ? { doneAt: c.response.at } : {}),
    title: c.customerName,
    ...(c.prospectId ? { prospectId: c.prospectId } : {}),
    ...(c.escalatedAt ? { overdue: true } : {}),
  };
}

/** GSI5 sort key: the state first, so that "open", "overdue" and "resolved" are each one key condition. */
function stateKey(c: Complaint): string {
  if (c.state === "open") return `1#${c.dueAt}#${c.complaintId}`;
  if (c.state === "responded") return `2#${c.dueAt}#${c.complaintId}`;
  return `3#${c.resolution?.at ?? c.updatedAt}#${c.complaintId}`;
}

function escalationIndex(c: Complaint) {
  return c.escalatedAt
    ? {
        GSI4PK: keys.storeEscalatedComplaints(c.tenantId, c.storeId),
        GSI4SK: `${c.escalatedAt}#${c.complaintId}`,
      }
    : {};
}

function complaintItem(c: Complaint) {
  const plan = complaintPlanFields(c);
  return {
    ...keys.complaint(c.tenantId, c.complaintId),
    type: "Complaint",
    ...planIndexes(plan),
    ...escalationIndex(c),
    GSI5PK: keys.storeComplaints(c.tenantId, c.storeId),
    GSI5SK: stateKey(c),
    ...plan,
    ...c,
  };
}

function oemItem(c: Complaint) {
  return {
    ...keys.complaintOem(c.tenantId, c.complaintId),
    type: "ComplaintOemEntry",
    GSI4PK: keys.storeOemComplaints(c.tenantId, c.storeId),
    GSI4SK: `${c.oem!.at}#${c.complaintId}`,
    ...c,
  };
}

function auditItem(c: Pick<Complaint, "tenantId" | "complaintId">, e: AuditEntry) {
  return { ...keys.complaintAudit(c.tenantId, c.complaintId, e.at, newId()), type: "ComplaintAudit", ...e };
}

/** Plan attributes (plan.ts) a complaint item carries besides its own fields: storage detail. */
const PLAN_ONLY_ATTRS = ["kind", "id", "ownerId", "ownerName", "date", "status", "doneAt", "title", "overdue"];

/** A stored META or OEM item back to a Complaint: key, index and plan attributes stripped. */
export function toComplaint(item: Record<string, unknown> | undefined): Complaint | undefined {
  const out = fromItem<Record<string, unknown>>(item);
  if (!out) return undefined;
  for (const k of PLAN_ONLY_ATTRS) delete out[k];
  return out as unknown as Complaint;
}

function toAudit(item: Record<string, unknown>): AuditEntry {
  return { at: item.at, by: item.by, byName: item.byName, action: item.action, detail: item.detail } as AuditEntry;
}

/**
 * A new complaint with its audit entry (and, when linked to a prospect card, an
 * entry in the card's history), all or nothing.
 */
export async function createComplaint(
  db: Db,
  c: Complaint,
  audit: AuditEntry,
  prospectAudit?: AuditEntry,
): Promise<void> {
  const items: TransactItems = [
    { Put: { TableName: db.table, Item: complaintItem(c), ConditionExpression: "attribute_not_exists(PK)" } },
    { Put: { TableName: db.table, Item: auditItem(c, audit) } },
  ];
  if (c.prospectId && prospectAudit) {
    items.push({
      Put: {
        TableName: db.table,
        Item: {
          ...keys.prospectAudit(c.tenantId, c.prospectId, prospectAudit.at, newId()),
          type: "ProspectAudit",
          ...prospectAudit,
        },
      },
    });
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** The complaint alone (consistent read), for a change. */
export async function getComplaint(db: Db, tenantId: string, complaintId: string): Promise<Complaint | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.complaint(tenantId, complaintId), ConsistentRead: true }),
  );
  return toComplaint(r.Item);
}

/** One round trip: the complaint and its audit trail (one partition). */
export async function getComplaintWithAudit(
  db: Db,
  tenantId: string,
  complaintId: string,
): Promise<{ complaint?: Complaint; audit: AuditEntry[] }> {
  const part = await readPartition(db, keys.complaintPartition(tenantId, complaintId));
  return { complaint: toComplaint(part.meta), audit: part.children("AUDIT#").map(toAudit) };
}

/**
 * Save a changed complaint (version checked) with its audit entries: the META
 * item (its plan and list indexes follow its state) and, when flagged, its OEM
 * list entry — together.
 */
export async function saveComplaint(
  db: Db,
  next: Complaint,
  expectedVersion: number,
  audits: AuditEntry[],
): Promise<void> {
  const items: TransactItems = [
    {
      Put: {
        TableName: db.table,
        Item: complaintItem(next),
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": expectedVersion },
      },
    },
  ];
  if (next.oem) items.push({ Put: { TableName: db.table, Item: oemItem(next) } });
  for (const a of audits) items.push({ Put: { TableName: db.table, Item: auditItem(next, a) } });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/**
 * Escalate one overdue complaint, at most once: set escalatedAt / escalatedTo,
 * put it in the store's escalated list and mark its plan item overdue — only if
 * it is still open and was never escalated (`attribute_not_exists(escalatedAt)`).
 * The OEM entry, if the complaint (as read) has one, gets the same fields; the
 * condition on `oem` makes a concurrent OEM flag fail the write rather than leave
 * a stale entry. Throws TransactionCanceledException when a condition fails.
 */
export async function escalateComplaint(
  db: Db,
  c: Complaint,
  escalatedAt: string,
  escalatedTo: { userId: string; name: string }[],
  audit: AuditEntry,
): Promise<void> {
  const values = { ":at": escalatedAt, ":to": escalatedTo, ":one": 1 };
  const items: TransactItems = [
    {
      Update: {
        TableName: db.table,
        Key: keys.complaint(c.tenantId, c.complaintId),
        UpdateExpression:
          "SET escalatedAt = :at, escalatedTo = :to, overdue = :true, updatedAt = :at, " +
          "GSI4PK = :gpk, GSI4SK = :gsk, version = version + :one",
        ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(escalatedAt) AND #state = :open AND ${
          c.oem ? "attribute_exists(oem)" : "attribute_not_exists(oem)"
        }`,
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ...values,
          ":true": true,
          ":open": "open",
          ":gpk": keys.storeEscalatedComplaints(c.tenantId, c.storeId),
          ":gsk": `${escalatedAt}#${c.complaintId}`,
        },
      },
    },
    { Put: { TableName: db.table, Item: auditItem(c, audit) } },
  ];
  if (c.oem) {
    items.push({
      Update: {
        TableName: db.table,
        Key: keys.complaintOem(c.tenantId, c.complaintId),
        UpdateExpression: "SET escalatedAt = :at, escalatedTo = :to, updatedAt = :at, version = version + :one",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeValues: values,
      },
    });
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/**
 * Open complaints of a store whose first response was due before `now` and that
 * were not escalated yet: one Query on the state index (`1#` = open, sorted by
 * due time, so the key condition stops at `now`). No Scan.
 */
export async function overdueUnescalated(db: Db, tenantId: string, storeId: string, now: string): Promise<Complaint[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI5",
    KeyConditionExpression: "GSI5PK = :pk AND GSI5SK BETWEEN :from AND :to",
    FilterExpression: "attribute_not_exists(escalatedAt)",
    ExpressionAttributeValues: { ":pk": keys.storeComplaints(tenantId, storeId), ":from": "1#", ":to": `1#${now}` },
  });
  return items.map((i) => toComplaint(i)!);
}

interface ListSpec {
  index: "GSI4" | "GSI5";
  pk: string;
  condition: string;
  values: Record<string, string>;
  forward: boolean;
  /** a cursor's sort key must lie inside the list it claims to continue */
  skOk: (sk: string) => boolean;
}

function listSpec(tenantId: string, storeId: string, filter: ComplaintFilter, now: string): ListSpec {
  switch (filter) {
    case "open":
      // waiting for a response (1#) then responded (2#), each by due time
      return {
        index: "GSI5",
        pk: keys.storeComplaints(tenantId, storeId),
        condition: "GSI5PK = :pk AND GSI5SK < :end",
        values: { ":end": "3#" },
        forward: true,
        skOk: (sk) => sk.startsWith("1#") || sk.startsWith("2#"),
      };
    case "overdue":
      return {
        index: "GSI5",
        pk: keys.storeComplaints(tenantId, storeId),
        condition: "GSI5PK = :pk AND GSI5SK BETWEEN :from AND :to",
        values: { ":from": "1#", ":to": `1#${now}` },
        forward: true,
        skOk: (sk) => sk.startsWith("1#") && sk <= `1#${now}`,
      };
    case "resolved":
      return {
        index: "GSI5",
        pk: keys.storeComplaints(tenantId, storeId),
        condition: "GSI5PK = :pk AND begins_with(GSI5SK, :p)",
        values: { ":p": "3#" },
        forward: false,
        skOk: (sk) => sk.startsWith("3#"),
      };
    case "escalated":
      return {
        index: "GSI4",
        pk: keys.storeEscalatedComplaints(tenantId, storeId),
        condition: "GSI4PK = :pk",
        values: {},
        forward: false,
        skOk: () => true,
      };
    case "oem":
      return {
        index: "GSI4",
        pk: keys.storeOemComplaints(tenantId, storeId),
        condition: "GSI4PK = :pk",
        values: {},
        forward: false,
        skOk: () => true,
      };
  }
}

/** A store's complaints for one filter: one Query per page. */
export async function listStoreComplaints(
  db: Db,
  tenantId: string,
  storeId: string,
  filter: ComplaintFilter,
  now: string,
  cursor?: string,
  limit = 50,
): Promise<ComplaintPage> {
  const spec = listSpec(tenantId, storeId, filter, now);
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: spec.index,
      KeyConditionExpression: spec.condition,
      ExpressionAttributeValues: { ":pk": spec.pk, ...spec.values },
      ScanIndexForward: spec.forward,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(
        cursor,
        spec.index,
        (k) =>
          k[`${spec.index}PK`] === spec.pk &&
          k.PK!.startsWith(keys.complaintPartition(tenantId, "")) &&
          spec.skOk(k[`${spec.index}SK`]!),
      ),
    }),
  );
  return { items: (r.Items ?? []).map((i) => toComplaint(i)!), cursor: encodeCursor(r.LastEvaluatedKey) };
}

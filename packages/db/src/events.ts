/**
 * Events and promotions (活动, issue 7, H4). One partition per event: META (the
 * event with its counters: invited, accepted, declined, attended, no-shows),
 * `INV#<customerId>` invitations and `AUDIT#…` entries — the event page is one
 * Query. GSI1 on META lists a store's events by date (one Query for the list
 * and the store's success rate). Invitations and their counters change in one
 * transaction, so the counters always equal the invitations. An invitation that
 * carries its event's title and start is also in the customer's history (GSI5),
 * so the customer 360 lists the invitations with their answer and attendance.
 */
import { GetCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { EventCounts, EventKind, RsvpAnswer } from "@dealeros/core";
import { invitationStatus, newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import type { Customer, TransactItems } from "./customers.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

export interface StoreEvent extends EventCounts {
  tenantId: string;
  storeId: string;
  eventId: string;
  title: string;
  kind: EventKind;
  date: string;
  startTime: string;
  endTime?: string;
  place: string;
  description?: string;
  capacity?: number;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export interface EventInvitation {
  tenantId: string;
  storeId: string;
  eventId: string;
  customerId: string;
  customerName: string;
  mobile?: string;
  ownerId: string;
  ownerName: string;
  vehicleLabel?: string;
  rsvp?: RsvpAnswer;
  attendance?: "attended" | "no_show";
  invitedAt: string;
  invitedBy: string;
  answeredAt?: string;
  attendanceAt?: string;
  /** the event's title and start (ISO), for the customer's history (invitations since the 360 lists them) */
  eventTitle?: string;
  eventStartAt?: string;
  version: number;
  updatedAt: string;
}

export function eventItem(e: StoreEvent): Record<string, unknown> {
  return {
    ...keys.event(e.tenantId, e.eventId),
    type: "Event",
    ...e,
    GSI1PK: keys.storeEvents(e.tenantId, e.storeId),
    GSI1SK: `${e.date}#${e.eventId}`,
  };
}

export function eventAuditItem(tenantId: string, eventId: string, a: AuditEntry): Record<string, unknown> {
  const id = newId();
  return { ...keys.eventAudit(tenantId, eventId, a.at, id), type: "EventAudit", id, ...a };
}

/** A new event with its audit entry: one transaction. */
export function createEventWrites(db: Db, e: StoreEvent, audit: AuditEntry): TransactItems {
  return [
    { Put: { TableName: db.table, Item: eventItem(e), ConditionExpression: "attribute_not_exists(PK)" } },
    { Put: { TableName: db.table, Item: eventAuditItem(e.tenantId, e.eventId, audit) } },
  ];
}

export async function getEvent(db: Db, tenantId: string, eventId: string): Promise<StoreEvent | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.event(tenantId, eventId), ConsistentRead: true }),
  );
  return fromItem<StoreEvent>(r.Item);
}

export async function getInvitation(
  db: Db,
  tenantId: string,
  eventId: string,
  customerId: string,
): Promise<EventInvitation | undefined> {
  const r = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.eventInvitation(tenantId, eventId, customerId),
      ConsistentRead: true,
    }),
  );
  return invitationFrom(r.Item);
}

/** An invitation as stored, without its copy in the customer's history. */
function invitationFrom(item: Record<string, unknown> | undefined): EventInvitation | undefined {
  const inv = fromItem<EventInvitation & { history?: unknown }>(item);
  if (!inv) return undefined;
  const { history: _history, ...rest } = inv;
  return rest;
}

/** The event, its invitations and audit: one consistent Query (all pages). */
export async function readEvent(
  db: Db,
  tenantId: string,
  eventId: string,
): Promise<{ event?: StoreEvent; invitations: EventInvitation[]; audit: (AuditEntry & { id: string })[] }> {
  const p = await readPartition(db, keys.eventPartition(tenantId, eventId));
  return {
    event: fromItem<StoreEvent>(p.meta),
    invitations: p.children("INV#").map((i) => invitationFrom(i)!),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
  };
}

/** A store's events by date (all of them, newest first): one Query (all pages). */
export async function listStoreEvents(db: Db, tenantId: string, storeId: string): Promise<StoreEvent[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storeEvents(tenantId, storeId) },
    ScanIndexForward: false,
  });
  return items.map((i) => fromItem<StoreEvent>(i)!);
}

export function invitationItem(inv: EventInvitation): Record<string, unknown> {
  return {
    ...keys.eventInvitation(inv.tenantId, inv.eventId, inv.customerId),
    type: "EventInvitation",
    ...inv,
    ...(inv.eventStartAt && inv.eventTitle
      ? {
          GSI5PK: keys.customerHistory(inv.tenantId, inv.customerId),
          GSI5SK: `${inv.eventStartAt}#event#${inv.eventId}`,
          history: {
            kind: "event",
            at: inv.eventStartAt,
            title: inv.eventTitle,
            status: invitationStatus(inv),
            storeId: inv.storeId,
            id: inv.eventId,
          },
        }
      : {}),
  };
}

/**
 * Invitations (absent ones only) and the event's `invited` counter, as one
 * transaction's items; `extra` are more items of the same transaction (the
 * owners' tasks). The caller keeps a transaction at ≤ 100 items.
 */
export function inviteWrites(
  db: Db,
  e: Pick<StoreEvent, "tenantId" | "eventId">,
  invitations: EventInvitation[],
  extra: TransactItems,
  at: string,
): TransactItems {
  return [
    ...invitations.map((inv): TransactItems[number] => ({
      Put: { TableName: db.table, Item: invitationItem(inv), ConditionExpression: "attribute_not_exists(PK)" },
    })),
    ...extra,
    {
      Update: {
        TableName: db.table,
        Key: keys.event(e.tenantId, e.eventId),
        UpdateExpression: "ADD invited :n SET updatedAt = :at",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeValues: { ":n": invitations.length, ":at": at },
      },
    },
  ];
}

/**
 * An invitation's answer or attendance, with the event's counters moved by
 * `delta`, in one transaction: the invitation only if still at its version; an
 * accepted answer only while the event has room (accepted < capacity).
 */
export function invitationChangeWrites(
  db: Db,
  prev: EventInvitation,
  next: EventInvitation,
  delta: Partial<EventCounts>,
  audit: AuditEntry,
): NonNullable<TransactWriteCommandInput["TransactItems"]> {
  const entries = Object.entries(delta).filter(([, v]) => v);
  const items: TransactItems = [
    {
      Put: {
        TableName: db.table,
        Item: invitationItem(next),
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": prev.version },
      },
    },
    { Put: { TableName: db.table, Item: eventAuditItem(prev.tenantId, prev.eventId, audit) } },
  ];
  if (entries.length) {
    const roomNeeded = (delta.accepted ?? 0) > 0;
    items.push({
      Update: {
        TableName: db.table,
        Key: keys.event(prev.tenantId, prev.eventId),
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(", ")} SET updatedAt = :at`,
        ConditionExpression: roomNeeded
          ? "attribute_exists(PK) AND (attribute_not_exists(#cap) OR #acc < #cap)"
          : "attribute_exists(PK)",
        ExpressionAttributeNames: {
          ...Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
          ...(roomNeeded ? { "#cap": "capacity", "#acc": "accepted" } : {}),
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])),
          ":at": next.updatedAt,
        },
      },
    });
  }
  return items;
}

/**
 * The store's customers to pick invitees from: one paged read of the store's
 * customer list (GSI1), or of one owner's customers (GSI2) when given.
 */
export async function storeCustomersForEvent(
  db: Db,
  tenantId: string,
  storeId: string,
  ownerId?: string,
): Promise<Customer[]> {
  const items = await queryAll(
    db,
    ownerId
      ? {
          TableName: db.table,
          IndexName: "GSI2",
          KeyConditionExpression: "GSI2PK = :pk AND begins_with(GSI2SK, :s)",
          ExpressionAttributeValues: { ":pk": keys.ownerCustomers(tenantId, ownerId), ":s": `${storeId}#` },
        }
      : {
          TableName: db.table,
          IndexName: "GSI1",
          KeyConditionExpression: "GSI1PK = :pk",
          ExpressionAttributeValues: { ":pk": keys.storeCustomers(tenantId, storeId) },
        },
  );
  return items.map((i) => fromItem<Customer>(i)!);
}

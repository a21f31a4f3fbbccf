/**
 * Service appointments (售后预约, issue 7 H1) and the workshop's hour-slot
 * counters. A booking is ONE transaction: the appointment, its audit entry, the
 * advisor's "confirm to the customer" task and, for every hour the job covers,
 * `used + 1` on the slot counter with the condition `used < capacity` — so two
 * advisors can never both take the last place. Cancel and no-show give the
 * places back in the same transaction as the status change.
 *
 * Items: the appointment `T#<t>#SAPPT#<id>` / META (+ AUDIT#…), GSI4 = the
 * store's arrival board of its local day, GSI5 = the customer's service history;
 * the counters `T#<t>#STORE#<s>#WORKSHOP#<date>` / `H#<HH>`; the store's
 * service settings `T#<t>#STORE#<s>#SERVICE` / SETTINGS.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { type AppointmentStatus, newId, type ServiceSettings } from "@dealeros/core";
import type { Db } from "./client.ts";
import { type CustomerTask, customerTaskWrite } from "./customer-tasks.ts";
import type { TransactItems } from "./customers.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll, readPartition } from "./query.ts";
import { getVersioned, putVersioned } from "./settings.ts";
import type { AuditEntry } from "./types.ts";

export interface StoredServiceSettings extends ServiceSettings {
  /** 0 = never saved (defaults) */
  version: number;
  updatedAt?: string;
  updatedByName?: string;
}

/** The small summary the customer 360 lists (GSI5 = the customer's history). */
export interface ServiceHistoryEntry {
  kind: "appointment";
  at: string;
  title: string;
  status: AppointmentStatus;
  storeId: string;
  id: string;
}

export interface ServiceAppointment {
  tenantId: string;
  storeId: string;
  appointmentId: string;
  customerId: string;
  customerName: string;
  mobile?: string;
  vin: string;
  plate?: string;
  vehicleLabel: string;
  serviceType: string;
  serviceName: string;
  serviceNameZh: string;
  durationHours: number;
  /** store-local date and hour slots ("09", "10") the job takes */
  date: string;
  startAt: string;
  hours: string[];
  advisorId: string;
  advisorName: string;
  concern?: string;
  status: AppointmentStatus;
  arrivedAt?: string;
  noShowAt?: string;
  cancelledAt?: string;
  cancelReason?: string;
  /** set by the repair order opened from this appointment (H2) */
  repairOrderId?: string;
  history: ServiceHistoryEntry;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

// ---------- settings ----------

export function getServiceSettings(
  db: Db,
  tenantId: string,
  storeId: string,
): Promise<StoredServiceSettings | undefined> {
  return getVersioned<StoredServiceSettings>(db, keys.serviceSettings(tenantId, storeId));
}

/** Save if the stored version is still `expectedVersion` (0: never saved); audited in the tenant log. */
export function putServiceSettings(
  db: Db,
  tenantId: string,
  storeId: string,
  s: StoredServiceSettings & { storeId: string },
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  return putVersioned(
    db,
    tenantId,
    keys.serviceSettings(tenantId, storeId),
    "ServiceSettings",
    s,
    expectedVersion,
    audit,
  );
}

// ---------- slot counters ----------

/** Cars booked per hour slot of a store's day ("09" → 3): one Query. */
export async function dayCounters(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<Record<string, number>> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.workshopDay(tenantId, storeId, date) },
      ConsistentRead: true,
    }),
  );
  const out: Record<string, number> = {};
  for (const i of r.Items ?? []) out[String(i.SK).slice(2)] = Number(i.used ?? 0);
  return out;
}

function takeSlot(db: Db, a: ServiceAppointment, hour: string, capacity: number): TransactItems[number] {
  return {
    Update: {
      TableName: db.table,
      Key: keys.workshopSlot(a.tenantId, a.storeId, a.date, hour),
      UpdateExpression: "SET #u = if_not_exists(#u, :zero) + :one, #ty = :type",
      ConditionExpression: "attribute_not_exists(#u) OR #u < :cap",
      ExpressionAttributeNames: { "#u": "used", "#ty": "type" },
      ExpressionAttributeValues: { ":zero": 0, ":one": 1, ":cap": capacity, ":type": "WorkshopSlot" },
    },
  };
}

function releaseSlot(db: Db, a: ServiceAppointment, hour: string): TransactItems[number] {
  return {
    Update: {
      TableName: db.table,
      Key: keys.workshopSlot(a.tenantId, a.storeId, a.date, hour),
      UpdateExpression: "SET #u = #u - :one",
      ConditionExpression: "#u > :zero",
      ExpressionAttributeNames: { "#u": "used" },
      ExpressionAttributeValues: { ":zero": 0, ":one": 1 },
    },
  };
}

// ---------- appointments ----------

export function appointmentItem(a: ServiceAppointment): Record<string, unknown> {
  return {
    ...keys.serviceAppointment(a.tenantId, a.appointmentId),
    type: "ServiceAppointment",
    ...a,
    GSI4PK: keys.storeServiceArrivals(a.tenantId, a.storeId, a.date),
    GSI4SK: `${a.startAt}#${a.appointmentId}`,
    GSI5PK: keys.customerHistory(a.tenantId, a.customerId),
    GSI5SK: `${a.startAt}#appointment#${a.appointmentId}`,
  };
}

function auditPut(db: Db, a: Pick<ServiceAppointment, "tenantId" | "appointmentId">, e: AuditEntry) {
  const id = newId();
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...keys.serviceAppointmentAudit(a.tenantId, a.appointmentId, e.at, id),
        type: "ServiceAppointmentAudit",
        id,
        ...e,
      },
    },
  };
}

/** Index of the first slot counter in the booking transaction (items before it: appointment, audit, task). */
export const FIRST_SLOT_INDEX = 3;

/**
 * Book: appointment + audit + confirm task + one counter update per hour, one
 * transaction. A full slot cancels it (its index ≥ FIRST_SLOT_INDEX).
 */
export async function book(
  db: Db,
  a: ServiceAppointment,
  capacity: number,
  audit: AuditEntry,
  confirmTask: CustomerTask,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: appointmentItem(a),
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        auditPut(db, a, audit),
        customerTaskWrite(db, confirmTask),
        ...a.hours.map((h) => takeSlot(db, a, h, capacity)),
      ],
    }),
  );
}

/**
 * Move an expected appointment on (arrived / no_show / cancelled): the status
 * update with version and status conditions, its audit entry, the places given
 * back (no-show, cancel) and an optional task (the no-show follow-up).
 */
export async function transition(
  db: Db,
  a: ServiceAppointment,
  change: {
    status: AppointmentStatus;
    at: string;
    set?: Record<string, string>;
    release: boolean;
    audit: AuditEntry;
    task?: CustomerTask;
  },
): Promise<void> {
  const extra = Object.keys(change.set ?? {});
  const names: Record<string, string> = { "#s": "status", "#hs": "status" };
  const values: Record<string, unknown> = {
    ":s": change.status,
    ":at": change.at,
    ":v": a.version,
    ":v1": a.version + 1,
    ":expected": "expected",
  };
  extra.forEach((k, i) => {
    names[`#x${i}`] = k;
    values[`:x${i}`] = change.set![k];
  });
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: db.table,
            Key: keys.serviceAppointment(a.tenantId, a.appointmentId),
            UpdateExpression: `SET #s = :s, updatedAt = :at, version = :v1, history.#hs = :s${extra
              .map((_, i) => `, #x${i} = :x${i}`)
              .join("")}`,
            ConditionExpression: "version = :v AND #s = :expected",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        auditPut(db, a, change.audit),
        ...(change.release ? a.hours.map((h) => releaseSlot(db, a, h)) : []),
        ...(change.task ? [customerTaskWrite(db, change.task)] : []),
      ],
    }),
  );
}

export async function getAppointment(
  db: Db,
  tenantId: string,
  appointmentId: string,
): Promise<ServiceAppointment | undefined> {
  const r = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.serviceAppointment(tenantId, appointmentId),
      ConsistentRead: true,
    }),
  );
  return fromItem<ServiceAppointment>(r.Item);
}

/** The appointment with its audit trail (newest last): one Query. */
export async function readAppointment(
  db: Db,
  tenantId: string,
  appointmentId: string,
): Promise<{ appointment?: ServiceAppointment; audit: (AuditEntry & { id: string })[] }> {
  const p = await readPartition(db, keys.serviceAppointmentPartition(tenantId, appointmentId));
  return {
    appointment: fromItem<ServiceAppointment>(p.meta),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
  };
}

/** A store's appointments of a local day in start order (the arrival board): one Query, every page. */
export async function listArrivals(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<ServiceAppointment[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI4",
    KeyConditionExpression: "GSI4PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storeServiceArrivals(tenantId, storeId, date) },
  });
  return items.map((i) => fromItem<ServiceAppointment>(i)!);
}

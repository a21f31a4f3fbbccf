/**
 * Test drives (试乘试驾): the store's fleet of test-drive cars, bookings (plan
 * items of kind "test_drive") with their audit trail, and the per-car slot locks
 * that make a double booking impossible: every 15-minute slot a booking covers is
 * an item Put with attribute_not_exists in the booking's own transaction.
 */
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { newId, type TestDriveInterest, type TestDriveState } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { type PlanFields, planIndexes, storeDayPlan } from "./plan.ts";
import type { Prospect } from "./prospect.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

export interface FleetVehicle {
  tenantId: string;
  storeId: string;
  vehicleId: string;
  plate: string;
  model: string;
  colour: string;
  vin?: string;
  active: boolean;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface TestDrive extends PlanFields {
  testDriveId: string;
  state: TestDriveState;
  prospectId: string;
  prospectName: string;
  prospectMobile?: string;
  vehicleId: string;
  plate: string;
  model: string;
  colour: string;
  startAt: string;
  endAt: string;
  durationMinutes: number;
  route: string;
  routeKm?: number;
  note?: string;
  /** the slot starts locked for the car (ISO, UTC) */
  slots: string[];
  /** time out, licence checked, photo stored, waiver signed */
  started?: {
    at: string;
    by: string;
    byName: string;
    licenceKind: "cn" | "foreign";
    licenceNumber: string;
    photoKey: string;
    photoType: string;
    waiverSignedAt: string;
  };
  /** time in and the customer's feedback */
  returned?: {
    at: string;
    by: string;
    byName: string;
    rating: number;
    interest: TestDriveInterest;
    comments?: string;
  };
  signedOff?: { at: string; by: string; byName: string; comment?: string };
  cancelled?: { at: string; by: string; byName: string; reason?: string };
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export interface SlotLock {
  testDriveId: string;
  startAt: string;
  endAt: string;
  ownerName: string;
}

// ---------- fleet ----------

function vehicleItem(v: FleetVehicle) {
  return { ...keys.testDriveVehicle(v.tenantId, v.storeId, v.vehicleId), type: "TestDriveVehicle", ...v };
}

function plateItem(v: FleetVehicle) {
  return {
    ...keys.testDrivePlate(v.tenantId, v.storeId, v.plate),
    type: "TestDrivePlate",
    vehicleId: v.vehicleId,
  };
}

function tenantAudit(tenantId: string, e: AuditEntry) {
  return { PK: keys.auditLog(tenantId), SK: `${e.at}#${newId()}`, type: "Audit", ...e };
}

/** Add a car: the car and its plate claim (one plate per store), audited. Index 1 failing = plate taken. */
export async function createVehicle(db: Db, v: FleetVehicle, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: vehicleItem(v), ConditionExpression: "attribute_not_exists(PK)" } },
        { Put: { TableName: db.table, Item: plateItem(v), ConditionExpression: "attribute_not_exists(PK)" } },
        { Put: { TableName: db.table, Item: tenantAudit(v.tenantId, audit) } },
      ],
    }),
  );
}

/** Change a car (version checked); a new plate moves the claim. Index 1 failing = plate taken. */
export async function updateVehicle(
  db: Db,
  next: FleetVehicle,
  previous: FleetVehicle,
  audit: AuditEntry,
): Promise<void> {
  const items: TransactItems = [
    {
      Put: {
        TableName: db.table,
        Item: vehicleItem(next),
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": previous.version },
      },
    },
  ];
  if (next.plate !== previous.plate) {
    items.push(
      { Put: { TableName: db.table, Item: plateItem(next), ConditionExpression: "attribute_not_exists(PK)" } },
      {
        Delete: { TableName: db.table, Key: keys.testDrivePlate(previous.tenantId, previous.storeId, previous.plate) },
      },
    );
  }
  items.push({ Put: { TableName: db.table, Item: tenantAudit(next.tenantId, audit) } });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Remove a car and its plate claim (version checked). Past drives keep their own copy of plate and model. */
export async function deleteVehicle(db: Db, v: FleetVehicle, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Delete: {
            TableName: db.table,
            Key: keys.testDriveVehicle(v.tenantId, v.storeId, v.vehicleId),
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": v.version },
          },
        },
        { Delete: { TableName: db.table, Key: keys.testDrivePlate(v.tenantId, v.storeId, v.plate) } },
        { Put: { TableName: db.table, Item: tenantAudit(v.tenantId, audit) } },
      ],
    }),
  );
}

export async function getVehicle(
  db: Db,
  tenantId: string,
  storeId: string,
  vehicleId: string,
): Promise<FleetVehicle | undefined> {
  const r = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.testDriveVehicle(tenantId, storeId, vehicleId),
      ConsistentRead: true,
    }),
  );
  return fromItem<FleetVehicle>(r.Item);
}

/** A store's fleet, by id (one Query). */
export async function listFleet(db: Db, tenantId: string, storeId: string): Promise<FleetVehicle[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :car)",
    ExpressionAttributeValues: { ":pk": keys.testDriveFleet(tenantId, storeId), ":car": "CAR#" },
  });
  return items.map((i) => fromItem<FleetVehicle>(i)!);
}

/** Does the car hold any slot from `fromIso` on (an upcoming or running drive)? One Query, one item. */
export async function hasUpcomingDrives(db: Db, tenantId: string, vehicleId: string, fromIso: string) {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk AND SK >= :from",
      ExpressionAttributeValues: { ":pk": keys.testDriveSlots(tenantId, vehicleId), ":from": `SLOT#${fromIso}` },
      Limit: 1,
    }),
  );
  return (r.Items ?? []).length > 0;
}

// ---------- bookings ----------

const INDEX_ATTRS = ["GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK"];

function toTestDrive(item: Record<string, unknown> | undefined): TestDrive | undefined {
  const td = fromItem<Record<string, unknown>>(item);
  if (!td) return undefined;
  for (const k of INDEX_ATTRS) delete td[k];
  return td as unknown as TestDrive;
}

function testDriveItem(td: TestDrive) {
  return { ...keys.testDrive(td.tenantId, td.testDriveId), type: "TestDrive", ...td, ...planIndexes(td) };
}

function auditItem(td: TestDrive, e: AuditEntry) {
  return { ...keys.testDriveAudit(td.tenantId, td.testDriveId, e.at, newId()), type: "TestDriveAudit", ...e };
}

function prospectAudit(td: TestDrive, e: AuditEntry) {
  return { ...keys.prospectAudit(td.tenantId, td.prospectId, e.at, newId()), type: "ProspectAudit", ...e };
}

/** Slot locks live a week past their slot (TTL); only future slots ever matter. */
function slotItem(td: TestDrive, slot: string) {
  return {
    ...keys.testDriveSlot(td.tenantId, td.vehicleId, slot),
    type: "TestDriveSlot",
    testDriveId: td.testDriveId,
    startAt: td.startAt,
    endAt: td.endAt,
    ownerName: td.ownerName,
    expiresAt: Math.floor(new Date(slot).getTime() / 1000) + 7 * 86400,
  };
}

/** One round trip: the car to book and the prospect card the drive is for. */
export async function getVehicleAndProspect(
  db: Db,
  tenantId: string,
  storeId: string,
  vehicleId: string,
  prospectId: string,
): Promise<{ vehicle?: FleetVehicle; prospect?: Prospect }> {
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: {
        [db.table]: {
          Keys: [keys.testDriveVehicle(tenantId, storeId, vehicleId), keys.prospect(tenantId, prospectId)],
          ConsistentRead: true,
        },
      },
    }),
  );
  const items = r.Responses?.[db.table] ?? [];
  return {
    vehicle: fromItem<FleetVehicle>(items.find((i) => String(i.SK).startsWith("CAR#"))),
    prospect: fromItem<Prospect>(items.find((i) => i.SK === "META")),
  };
}

/** Where the slot locks start in a booking transaction (index of the first one). */
export const FIRST_SLOT_INDEX = 4;

/**
 * Book: in one transaction the car must still be active, the card still active in
 * this store, and every slot the drive covers still free (attribute_not_exists);
 * the booking, its audit entry and an entry on the prospect's history are written
 * with the slot locks. Indexes: 0 car, 1 card, 2 booking, 3 audit, 4… slots, last = card history.
 */
export async function bookTestDrive(db: Db, td: TestDrive, audit: AuditEntry): Promise<void> {
  const items: TransactItems = [
    {
      ConditionCheck: {
        TableName: db.table,
        Key: keys.testDriveVehicle(td.tenantId, td.storeId, td.vehicleId),
        ConditionExpression: "active = :true",
        ExpressionAttributeValues: { ":true": true },
      },
    },
    {
      ConditionCheck: {
        TableName: db.table,
        Key: keys.prospect(td.tenantId, td.prospectId),
        ConditionExpression: "#s = :active AND storeId = :store",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":active": "active", ":store": td.storeId },
      },
    },
    { Put: { TableName: db.table, Item: testDriveItem(td), ConditionExpression: "attribute_not_exists(PK)" } },
    { Put: { TableName: db.table, Item: auditItem(td, audit) } },
    ...td.slots.map((slot) => ({
      Put: { TableName: db.table, Item: slotItem(td, slot), ConditionExpression: "attribute_not_exists(PK)" },
    })),
    { Put: { TableName: db.table, Item: prospectAudit(td, audit) } },
  ];
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** The booking holding a slot of a car (for the 409 that names the clashing time). */
export async function getSlot(
  db: Db,
  tenantId: string,
  vehicleId: string,
  slot: string,
): Promise<SlotLock | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.testDriveSlot(tenantId, vehicleId, slot), ConsistentRead: true }),
  );
  return fromItem<SlotLock>(r.Item);
}

/** What a state change frees besides the drive itself: the car's slots, and an entry in the prospect card's history. */
export interface TransitionOptions {
  freeSlots?: string[];
  prospectEntry?: AuditEntry;
}

/**
 * Move a drive to its next state: the booking is replaced only if it is still in
 * `expectedState` at `expectedVersion` (a concurrent transition loses), with its
 * audit entries (and, optionally, one on the prospect card). `freeSlots` are slot
 * locks of the car this drive holds and gives back in the same transaction (all
 * of them on a cancellation, the ones after the time in on an early return).
 */
export async function transition(
  db: Db,
  next: TestDrive,
  expected: { state: TestDriveState; version: number },
  audits: AuditEntry[],
  opts: TransitionOptions = {},
): Promise<void> {
  const items: TransactItems = [
    {
      Put: {
        TableName: db.table,
        Item: testDriveItem(next),
        ConditionExpression: "attribute_exists(PK) AND version = :v AND #st = :s",
        ExpressionAttributeNames: { "#st": "state" },
        ExpressionAttributeValues: { ":v": expected.version, ":s": expected.state },
      },
    },
    ...audits.map((a) => ({ Put: { TableName: db.table, Item: auditItem(next, a) } })),
  ];
  if (opts.freeSlots) {
    for (const slot of opts.freeSlots) {
      items.push({
        Delete: {
          TableName: db.table,
          Key: keys.testDriveSlot(next.tenantId, next.vehicleId, slot),
          ConditionExpression: "attribute_not_exists(PK) OR testDriveId = :id",
          ExpressionAttributeValues: { ":id": next.testDriveId },
        },
      });
    }
  }
  if (opts.prospectEntry) items.push({ Put: { TableName: db.table, Item: prospectAudit(next, opts.prospectEntry) } });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** One round trip: a drive and its audit trail (one partition). */
export async function getTestDriveWithAudit(
  db: Db,
  tenantId: string,
  testDriveId: string,
): Promise<{ testDrive?: TestDrive; audit: AuditEntry[] }> {
  const part = await readPartition(db, keys.testDrivePartition(tenantId, testDriveId));
  return {
    testDrive: toTestDrive(part.meta),
    audit: part.children("AUDIT#").map((i) => fromItem<AuditEntry>(i)!),
  };
}

export async function getTestDrive(db: Db, tenantId: string, testDriveId: string): Promise<TestDrive | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.testDrive(tenantId, testDriveId), ConsistentRead: true }),
  );
  return toTestDrive(r.Item);
}

/** A store's test drives of a local day, in start order: the day's plan (one Query), test drives only. */
export async function listStoreDay(db: Db, tenantId: string, storeId: string, date: string): Promise<TestDrive[]> {
  const plan = await storeDayPlan<TestDrive>(db, tenantId, storeId, date);
  return plan
    .filter((p) => p.kind === "test_drive")
    .map((p) => toTestDrive(p as unknown as Record<string, unknown>)!)
    .sort((a, b) => a.startAt.localeCompare(b.startAt) || a.plate.localeCompare(b.plate));
}

/** Duty list, rotation pointer, walk-ins with their audit trail, traffic snapshots. */
import { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry, TrafficSnapshot, WalkIn } from "./types.ts";

export interface DutyEntryState {
  name: string;
  onDuty: boolean;
  checkedInAt: string;
  changedBy: string;
  updatedAt: string;
}

/**
 * The floor of a store on a local day: one item holding who is on duty and the
 * rotation pointer, so that logging a walk-in reads both in one round trip.
 */
export interface Floor {
  duty: Record<string, DutyEntryState>;
  lastUserId?: string;
  lastCheckedInAt?: string;
  /** null when the item does not exist yet */
  rotationVersion: number | null;
  /** overdue follow-up tasks per consultant, written by the follow-up job (rotation skip) */
  overdueFollowUps: Record<string, number>;
}

export function toFloor(item: Record<string, unknown> | undefined): Floor {
  if (!item) return { duty: {}, rotationVersion: null, overdueFollowUps: {} };
  return {
    duty: (item.duty as Floor["duty"]) ?? {},
    overdueFollowUps: (item.overdueFollowUps as Floor["overdueFollowUps"]) ?? {},
    lastUserId: item.lastUserId as string | undefined,
    lastCheckedInAt: item.lastCheckedInAt as string | undefined,
    rotationVersion: (item.rotationVersion as number | undefined) ?? 0,
  };
}

export async function getFloor(db: Db, tenantId: string, storeId: string, date: string): Promise<Floor> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.floor(tenantId, storeId, date), ConsistentRead: true }),
  );
  return toFloor(r.Item);
}

/** Set one consultant's duty state; concurrent toggles of different people never overwrite each other. */
export async function setDuty(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  userId: string,
  entry: DutyEntryState,
): Promise<void> {
  const key = keys.floor(tenantId, storeId, date);
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression: "SET duty.#u = :e, updatedAt = :now",
        ConditionExpression: "attribute_exists(duty)",
        ExpressionAttributeNames: { "#u": userId },
        ExpressionAttributeValues: { ":e": entry, ":now": entry.updatedAt },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name !== "ConditionalCheckFailedException") throw e;
    // first duty change of the day: create the floor item (or retry if someone else just did)
    try {
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: newFloorItem(tenantId, storeId, date, userId, entry),
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
    } catch (e2) {
      if ((e2 as { name?: string }).name !== "ConditionalCheckFailedException") throw e2;
      await setDuty(db, tenantId, storeId, date, userId, entry);
    }
  }
}

/** A day's floor item as the first duty change of the day creates it. */
function newFloorItem(tenantId: string, storeId: string, date: string, userId: string, entry: DutyEntryState) {
  return {
    ...keys.floor(tenantId, storeId, date),
    type: "Floor",
    tenantId,
    storeId,
    date,
    duty: { [userId]: entry },
    rotationVersion: 0,
    updatedAt: entry.updatedAt,
    expiresAt: Math.floor(Date.now() / 1000) + 400 * 86400,
  };
}

/**
 * The same duty change as setDuty, as one item of a caller's transaction (attendance:
 * the sign-in and the duty change are written together). `floorExists` is what the
 * caller read; if someone else creates or changes the floor meanwhile the transaction
 * fails and the caller reads again.
 */
export function dutyChangeItem(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  userId: string,
  entry: DutyEntryState,
  floorExists: boolean,
) {
  if (!floorExists)
    return {
      Put: {
        TableName: db.table,
        Item: newFloorItem(tenantId, storeId, date, userId, entry),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    };
  return {
    Update: {
      TableName: db.table,
      Key: keys.floor(tenantId, storeId, date),
      UpdateExpression: "SET duty.#u = :e, updatedAt = :now",
      ConditionExpression: "attribute_exists(duty)",
      ExpressionAttributeNames: { "#u": userId },
      ExpressionAttributeValues: { ":e": entry, ":now": entry.updatedAt },
    },
  };
}

/**
 * One round trip: the floor of the day and, for a mobile, who last served it in
 * the store and its active prospect card (so a returning visitor is linked).
 */
export async function getRotationContext(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  mobile?: string,
): Promise<{
  floor: Floor;
  lastServedBy: string | null;
  prospectId: string | null;
  /** the tenant's rotation skip limit, when its settings were ever saved */
  rotationOverdueLimit?: number;
}> {
  // the tenant's settings ride along: the rotation skip's overdue limit, at no extra round trip
  const Keys: Record<string, string>[] = [keys.floor(tenantId, storeId, date), keys.showroomSettings(tenantId)];
  if (mobile)
    Keys.push(keys.customerMobile(tenantId, storeId, mobile), keys.prospectMobileClaim(tenantId, storeId, mobile));
  const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys, ConsistentRead: true } } }));
  const items = r.Responses?.[db.table] ?? [];
  const f = items.find((i) => String(i.PK).endsWith("#FLOOR"));
  const m = items.find((i) => i.SK === "LAST_SERVED");
  const c = items.find((i) => i.SK === "PROSPECT");
  return {
    floor: toFloor(f),
    lastServedBy: (m?.userId as string) ?? null,
    prospectId: (c?.prospectId as string) ?? null,
    rotationOverdueLimit: items.find((i) => i.SK === "SETTINGS#SHOWROOM")?.rotationOverdueLimit as number | undefined,
  };
}

function walkInItem(w: WalkIn) {
  return {
    ...keys.walkIn(w.tenantId, w.walkInId),
    GSI1PK: keys.storeWalkInsDay(w.tenantId, w.storeId, w.date),
    GSI1SK: `${w.arrivedAt}#${w.walkInId}`,
    ...(w.assignment.userId
      ? {
          GSI2PK: keys.consultantWalkInsDay(w.tenantId, w.assignment.userId, w.date),
          GSI2SK: `${w.arrivedAt}#${w.walkInId}`,
        }
      : {}),
    type: "WalkIn",
    ...w,
  };
}

/** The "who last served this mobile" link, written with the walk-in that names a mobile and a consultant. */
function mobileLinkPut(db: Db, w: WalkIn) {
  if (!w.mobile || !w.assignment.userId) return undefined;
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...keys.customerMobile(w.tenantId, w.storeId, w.mobile),
        type: "CustomerMobile",
        userId: w.assignment.userId,
        name: w.assignment.name,
        walkInId: w.walkInId,
        updatedAt: w.updatedAt,
      },
    },
  };
}

function walkInAuditItem(w: WalkIn, e: AuditEntry) {
  return { ...keys.walkInAudit(w.tenantId, w.walkInId, e.at, newId()), type: "WalkInAudit", ...e };
}

/** Move a day's rotation pointer to `userId`, only if it is still at the version that was read. */
export function advancePointer(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  userId: string,
  checkedInAt: string | undefined,
  readVersion: number | null,
  at: string,
) {
  return {
    Update: {
      TableName: db.table,
      Key: keys.floor(tenantId, storeId, date),
      UpdateExpression: "SET lastUserId = :u, lastCheckedInAt = :c, rotationVersion = :next, updatedAt = :now",
      ConditionExpression: "rotationVersion = :v",
      ExpressionAttributeValues: {
        ":u": userId,
        ":c": checkedInAt,
        ":next": (readVersion ?? 0) + 1,
        ":v": readVersion ?? 0,
        ":now": at,
      },
    },
  };
}

/**
 * Log a walk-in in one transaction: the walk-in, its first audit entry, the
 * rotation pointer (conditional on the version read — a concurrent walk-in
 * makes this fail and the caller retries), and the mobile → consultant link.
 */
export async function insertWalkIn(
  db: Db,
  w: WalkIn,
  audit: AuditEntry,
  rotation: { advance: boolean; readVersion: number | null; checkedInAt?: string },
): Promise<void> {
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [
    { Put: { TableName: db.table, Item: walkInItem(w), ConditionExpression: "attribute_not_exists(PK)" } },
    { Put: { TableName: db.table, Item: walkInAuditItem(w, audit) } },
  ];
  if (rotation.advance && w.assignment.userId) {
    // move the pointer only if nobody moved it since we read it (else: the caller retries)
    items.push(
      advancePointer(
        db,
        w.tenantId,
        w.storeId,
        w.date,
        w.assignment.userId,
        rotation.checkedInAt,
        rotation.readVersion,
        w.createdAt,
      ),
    );
  }
  const link = mobileLinkPut(db, w);
  if (link) items.push(link);
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Update a walk-in if its version still matches, with an audit entry, in one transaction. */
export async function updateWalkIn(db: Db, w: WalkIn, expectedVersion: number, audit: AuditEntry): Promise<void> {
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [
    {
      Put: {
        TableName: db.table,
        Item: walkInItem(w),
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": expectedVersion },
      },
    },
    { Put: { TableName: db.table, Item: walkInAuditItem(w, audit) } },
  ];
  const link = mobileLinkPut(db, w);
  if (link) items.push(link);
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** One round trip: the walk-in and its audit trail (same partition). */
export async function getWalkInWithAudit(
  db: Db,
  tenantId: string,
  walkInId: string,
): Promise<{ walkIn?: WalkIn; audit: AuditEntry[] }> {
  const part = await readPartition(db, keys.walkInPartition(tenantId, walkInId));
  return {
    walkIn: fromItem<WalkIn>(part.meta),
    audit: part.children("AUDIT#").map((i) => fromItem<AuditEntry>(i)!),
  };
}

export async function getWalkIn(db: Db, tenantId: string, walkInId: string): Promise<WalkIn | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.walkIn(tenantId, walkInId), ConsistentRead: true }),
  );
  return fromItem<WalkIn>(r.Item);
}

/** A store's walk-ins of a local day, in arrival order: one Query on GSI1 (a day fits in one 1 MB page). */
export async function listStoreWalkIns(db: Db, tenantId: string, storeId: string, date: string): Promise<WalkIn[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storeWalkInsDay(tenantId, storeId, date) },
  });
  return items.map((i) => fromItem<WalkIn>(i)!);
}

/** A consultant's walk-ins of a local day: one Query on GSI2. */
export async function listConsultantWalkIns(db: Db, tenantId: string, userId: string, date: string): Promise<WalkIn[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.consultantWalkInsDay(tenantId, userId, date) },
  });
  return items.map((i) => fromItem<WalkIn>(i)!);
}

/** Idempotent: the same store and day always overwrite the same item. */
export async function putTrafficSnapshot(db: Db, s: TrafficSnapshot): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.trafficSnapshot(s.tenantId, s.storeId, s.date), type: "TrafficSnapshot", ...s },
    }),
  );
}

export async function getTrafficSnapshot(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<TrafficSnapshot | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.trafficSnapshot(tenantId, storeId, date) }),
  );
  return fromItem<TrafficSnapshot>(r.Item);
}

export async function listTrafficSnapshots(
  db: Db,
  tenantId: string,
  storeId: string,
  from: string,
  to: string,
): Promise<TrafficSnapshot[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":pk": keys.trafficSnapshots(tenantId, storeId), ":a": from, ":b": to },
  });
  return items.map((i) => fromItem<TrafficSnapshot>(i)!);
}

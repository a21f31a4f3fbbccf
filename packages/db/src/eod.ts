/**
 * The end-of-day consistency check (rule 8): one item per store and local day
 * holding the last computed gaps and the supervisor's tick. The job rewrites the
 * snapshot (idempotent) without touching a tick; ticking is a conditional write.
 */
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { Prospect } from "./prospect.ts";
import { queryAll } from "./query.ts";

export interface EodGap {
  kind: "walk_in_without_card" | "card_without_needs" | "drive_without_sign_off" | "overdue_follow_up";
  /** the record to open: walk-in, prospect or test drive id */
  id: string;
  prospectId?: string;
  title: string;
  ownerId?: string;
  ownerName?: string;
  /** arrival, creation, drive end or due time */
  at: string;
}

export interface EodSnapshot {
  tenantId: string;
  storeId: string;
  date: string;
  computedAt: string;
  gaps: EodGap[];
  /** what was checked, for the screen's "N of M" lines */
  checked: { walkIns: number; cardsCreated: number; drivesCompleted: number; openFollowUps: number };
}

export interface EodTick {
  at: string;
  by: string;
  byName: string;
  note?: string;
  gapsAtTick: number;
}

export interface EodCheck extends EodSnapshot {
  ticked?: EodTick;
}

export async function getEodCheck(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<EodCheck | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.eodCheck(tenantId, storeId, date), ConsistentRead: true }),
  );
  return fromItem<EodCheck>(r.Item);
}

/** The update that writes a day's computed snapshot onto its check item. */
function snapshotUpdate(db: Db, s: EodSnapshot) {
  return {
    TableName: db.table,
    Key: keys.eodCheck(s.tenantId, s.storeId, s.date),
    UpdateExpression:
      "SET #type = :type, tenantId = :t, storeId = :s, #date = :d, computedAt = :c, gaps = :g, checked = :k",
    ExpressionAttributeNames: { "#type": "type", "#date": "date" },
    ExpressionAttributeValues: {
      ":type": "EodCheck",
      ":t": s.tenantId,
      ":s": s.storeId,
      ":d": s.date,
      ":c": s.computedAt,
      ":g": s.gaps,
      ":k": s.checked,
    },
  };
}

/** Store the latest computed gaps for the day; a supervisor's tick stays as it was. */
export async function putEodSnapshot(db: Db, s: EodSnapshot): Promise<void> {
  await db.doc.send(new UpdateCommand(snapshotUpdate(db, s)));
}

/** Tick the day off once, with the snapshot it was ticked on. Fails (condition) if already ticked. */
export async function tickEod(db: Db, s: EodSnapshot, tick: EodTick): Promise<void> {
  const update = snapshotUpdate(db, s);
  await db.doc.send(
    new UpdateCommand({
      ...update,
      UpdateExpression: `${update.UpdateExpression}, ticked = :tick`,
      ConditionExpression: "attribute_not_exists(ticked)",
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ":tick": tick },
    }),
  );
}

/** Past checks of a store, newest first (one Query). */
export async function listEodChecks(db: Db, tenantId: string, storeId: string, limit = 14): Promise<EodCheck[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.eodChecks(tenantId, storeId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<EodCheck>(i)!);
}

/** Cards a store created in [from, to) (ISO instants): one Query on GSI1 by creation time. */
export async function storeProspectsCreated(
  db: Db,
  tenantId: string,
  storeId: string,
  from: string,
  to: string,
): Promise<Prospect[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk AND GSI1SK BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":pk": keys.storeProspects(tenantId, storeId), ":a": from, ":b": `${to}` },
  });
  return items.map((i) => fromItem<Prospect>(i)!).filter((p) => p.createdAt < to);
}

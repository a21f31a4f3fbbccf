/**
 * Plan items: anything that lands in a person's day — follow-up tasks,
 * appointments, test drives, first responses to leads, complaints. Each kind
 * keeps its own item (and partition); this module gives every kind the same
 * index attributes so that today's plan and the overdue roll-ups are one Query
 * each, whatever the mix (see keys.storeAgenda / userOpenWork / storeOpenWork).
 */
import type { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";

export type PlanKind =
  | "follow_up"
  | "appointment"
  | "test_drive"
  | "first_response"
  | "complaint"
  | "delivery"
  | "post_delivery_call"
  | "dunning"
  // after-sales customer tasks (issue 7): items in the customer's partition (customer-tasks.ts)
  | "service_confirm"
  | "service_no_show"
  | "service_call"
  | "retention"
  | "event_invite"
  | "greeting";

/** The fields every plan item carries (besides its own). */
export interface PlanFields {
  tenantId: string;
  storeId: string;
  kind: PlanKind;
  /** the item's own id (unique within its kind) */
  id: string;
  ownerId: string;
  ownerName: string;
  /** when it is due (ISO, UTC) */
  dueAt: string;
  /** the store-local date the item belongs to (from dueAt in the store's time zone) */
  date: string;
  status: "open" | "done" | "cancelled";
  doneAt?: string;
  /** a short line for lists, e.g. the customer's name */
  title: string;
  prospectId?: string;
  /** the contract of a delivery, post-delivery call or dunning item */
  contractId?: string;
  /** the after-sales customer of a customer task (links to the customer 360) */
  customerId?: string;
  /** set by the follow-up job when an open item passed its due time */
  overdue?: boolean;
}

/** The index attributes of a plan item: spread them into the item on every Put. */
export function planIndexes(p: PlanFields): Record<string, string> {
  const attrs: Record<string, string> = {
    GSI1PK: keys.storeAgenda(p.tenantId, p.storeId, p.date),
    GSI1SK: `${p.ownerId}#${p.dueAt}#${p.kind}#${p.id}`,
  };
  if (p.status === "open") {
    attrs.GSI2PK = keys.userOpenWork(p.tenantId, p.ownerId);
    attrs.GSI2SK = `${p.dueAt}#${p.kind}#${p.id}`;
    attrs.GSI3PK = keys.storeOpenWork(p.tenantId, p.storeId);
    attrs.GSI3SK = `${p.dueAt}#${p.ownerId}#${p.kind}#${p.id}`;
  }
  return attrs;
}

async function queryAllPages<T>(db: Db, input: ConstructorParameters<typeof QueryCommand>[0]): Promise<T[]> {
  return (await queryAll(db, input)).map((i) => fromItem<T>(i)!);
}

/** A store's plan for a local day (all owners, or one owner): one Query. */
export function storeDayPlan<T extends PlanFields = PlanFields>(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  ownerId?: string,
): Promise<T[]> {
  return queryAllPages<T>(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: ownerId ? "GSI1PK = :pk AND begins_with(GSI1SK, :o)" : "GSI1PK = :pk",
    ExpressionAttributeValues: {
      ":pk": keys.storeAgenda(tenantId, storeId, date),
      ...(ownerId ? { ":o": `${ownerId}#` } : {}),
    },
  });
}

/** A user's open work due before `before` (ISO): one Query. */
export function userOpenWork<T extends PlanFields = PlanFields>(
  db: Db,
  tenantId: string,
  userId: string,
  before: string,
): Promise<T[]> {
  return queryAllPages<T>(db, {
    TableName: db.table,
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK < :b",
    ExpressionAttributeValues: { ":pk": keys.userOpenWork(tenantId, userId), ":b": before },
  });
}

/** A store's open work due before `before` (ISO), every owner: one Query. */
export function storeOpenWork<T extends PlanFields = PlanFields>(
  db: Db,
  tenantId: string,
  storeId: string,
  before: string,
): Promise<T[]> {
  return queryAllPages<T>(db, {
    TableName: db.table,
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK < :b",
    ExpressionAttributeValues: { ":pk": keys.storeOpenWork(tenantId, storeId), ":b": before },
  });
}

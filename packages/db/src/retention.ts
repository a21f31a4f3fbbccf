/**
 * The retention job's items (issue 7, H4): moving a customer's retention index
 * after a run, and the holiday greeting plan items (one per owner and holiday,
 * in a store partition). Retention reminders themselves are customer tasks
 * (customer-tasks.ts).
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import type { Customer } from "./customers.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { type PlanFields, planIndexes } from "./plan.ts";
import { queryAll } from "./query.ts";

/**
 * Move a customer's retention index to `next` (or out of the index when none),
 * only if the customer is still at `version`: a customer changed since it was
 * read keeps the index its own write gave it (the next run picks it up).
 * One UpdateItem; false when the customer changed.
 */
export async function moveRetentionIndex(
  db: Db,
  c: Pick<Customer, "tenantId" | "storeId" | "customerId" | "version">,
  next: string | undefined,
): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.customer(c.tenantId, c.customerId),
        UpdateExpression: next ? "SET GSI3PK = :pk, GSI3SK = :sk" : "REMOVE GSI3PK, GSI3SK",
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: {
          ":v": c.version,
          ...(next ? { ":pk": keys.storeRetention(c.tenantId, c.storeId), ":sk": `${next}#${c.customerId}` } : {}),
        },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

export type GreetingHoliday = "spring_festival" | "mid_autumn";

/** A holiday greeting plan item: greet your customers (count) before the holiday. */
export interface GreetingItem extends PlanFields {
  kind: "greeting";
  holiday: GreetingHoliday;
  /** the holiday's date (store-local) */
  holidayOn: string;
  /** how many customers the owner looks after in the store */
  customers: number;
  note?: string;
  createdAt: string;
  updatedAt: string;
}

/** Write a greeting item once (per owner and holiday): true if written. */
export async function putGreeting(db: Db, g: GreetingItem): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.storeGreeting(g.tenantId, g.storeId, g.holiday, g.holidayOn, g.ownerId),
          type: "Greeting",
          ...g,
          ...planIndexes(g),
        },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** The greeting items of a store for one holiday: one Query. */
export async function listGreetings(
  db: Db,
  tenantId: string,
  storeId: string,
  holiday: GreetingHoliday,
  on: string,
): Promise<GreetingItem[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :p)",
    ExpressionAttributeValues: { ":pk": keys.storeGreetingPartition(tenantId, storeId), ":p": `${holiday}#${on}#` },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem<GreetingItem>(i)!);
}

/** Tick a greeting done: it leaves the open-work indexes. False if it was not open. */
export async function closeGreeting(
  db: Db,
  g: Pick<GreetingItem, "tenantId" | "storeId" | "holiday" | "holidayOn" | "ownerId">,
  at: string,
): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.storeGreeting(g.tenantId, g.storeId, g.holiday, g.holidayOn, g.ownerId),
        UpdateExpression:
          "SET #s = :done, doneAt = :at, updatedAt = :at REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK, overdue",
        ConditionExpression: "attribute_exists(PK) AND #s = :open",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":done": "done", ":open": "open", ":at": at },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/**
 * The customers of a store whose retention reminder date is on or before `date`,
 * with the number of Query pages read (the job reports its calls).
 */
export async function dueCustomers(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<{ items: Customer[]; calls: number }> {
  const items: Customer[] = [];
  let calls = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: "GSI3",
        KeyConditionExpression: "GSI3PK = :pk AND GSI3SK < :end",
        ExpressionAttributeValues: { ":pk": keys.storeRetention(tenantId, storeId), ":end": `${date}#~` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    calls++;
    for (const i of r.Items ?? []) items.push(fromItem<Customer>(i)!);
    start = r.LastEvaluatedKey;
  } while (start);
  return { items, calls };
}

/** How many customers an owner looks after in a store: a COUNT Query of the owner index (pages of 1 MB). */
export async function countOwnerCustomers(
  db: Db,
  tenantId: string,
  userId: string,
  storeId: string,
): Promise<{ count: number; calls: number }> {
  let count = 0;
  let calls = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :pk AND begins_with(GSI2SK, :s)",
        ExpressionAttributeValues: { ":pk": keys.ownerCustomers(tenantId, userId), ":s": `${storeId}#` },
        Select: "COUNT",
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    calls++;
    count += r.Count ?? 0;
    start = r.LastEvaluatedKey;
  } while (start);
  return { count, calls };
}

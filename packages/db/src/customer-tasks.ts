/**
 * Customer tasks (issue 7): the after-sales work that lands in a person's plan —
 * confirm a service appointment, follow up a no-show, the call 3 days after a
 * repair order, retention reminders, event invitations. Each is a plan item
 * (the shared plan indexes) kept in the customer's partition, SK
 * `TASK#<kind>#<id>`; the id carries the idempotency of whoever creates it
 * (e.g. the repair order id, `<occasion>#<vin>#<date>`), so writing the same
 * task twice writes nothing.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";
import type { TransactItems } from "./customers.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { type PlanFields, type PlanKind, planIndexes } from "./plan.ts";

export type CustomerTaskKind = Extract<
  PlanKind,
  "service_confirm" | "service_no_show" | "service_call" | "retention" | "event_invite"
>;

export interface CustomerTask extends PlanFields {
  kind: CustomerTaskKind;
  customerId: string;
  /** what to do, in a sentence (shown under the title) */
  note?: string;
  /** the record it comes from: appointment, repair order, event … */
  refId?: string;
  /** retention: the occasion (loan_end, insurance, maintenance, birthday) and the event's date */
  occasion?: string;
  occasionOn?: string;
  /** how it went, recorded when done */
  outcome?: string;
  createdAt: string;
  updatedAt: string;
}

export function customerTaskItem(task: CustomerTask): Record<string, unknown> {
  return {
    ...keys.customerTask(task.tenantId, task.customerId, task.kind, task.id),
    type: "CustomerTask",
    ...task,
    ...planIndexes(task),
  };
}

/** A task as a transaction item: written only if it does not exist yet (idempotent). */
export function customerTaskWrite(db: Db, task: CustomerTask): TransactItems[number] {
  return {
    Put: { TableName: db.table, Item: customerTaskItem(task), ConditionExpression: "attribute_not_exists(PK)" },
  };
}

/** Write a task once: true if written, false if it was already there. */
export async function putCustomerTask(db: Db, task: CustomerTask): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: customerTaskItem(task),
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

export async function getCustomerTask(
  db: Db,
  tenantId: string,
  customerId: string,
  kind: string,
  id: string,
): Promise<CustomerTask | undefined> {
  const r = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.customerTask(tenantId, customerId, kind, id),
      ConsistentRead: true,
    }),
  );
  return fromItem<CustomerTask>(r.Item);
}

/**
 * Mark an open task done (or cancelled) with the outcome: it leaves the open-work
 * indexes and stays in the day's agenda. False if it was not open any more.
 */
export async function closeCustomerTask(
  db: Db,
  task: Pick<CustomerTask, "tenantId" | "customerId" | "kind" | "id">,
  close: { status: "done" | "cancelled"; at: string; outcome?: string },
): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.customerTask(task.tenantId, task.customerId, task.kind, task.id),
        UpdateExpression: `SET #s = :s, updatedAt = :at${close.status === "done" ? ", doneAt = :at" : ""}${
          close.outcome ? ", outcome = :o" : ""
        } REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK, overdue`,
        ConditionExpression: "#s = :open",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: {
          ":s": close.status,
          ":at": close.at,
          ":open": "open",
          ...(close.outcome ? { ":o": close.outcome } : {}),
        },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/**
 * Follow-ups (跟进) and the plan items they make: follow-up tasks and
 * appointments. A completed follow-up is a child of the card's partition (the
 * card page reads it with the card); the tasks and appointments live in the
 * card's own work partition and carry the shared plan indexes (plan.ts), so
 * today's plan and the overdue roll-ups find them next to test drives and the rest.
 */
import { PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import { isConditionFailure } from "./errors.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { type PlanFields, planIndexes } from "./plan.ts";
import { type Prospect, saveItems } from "./prospect.ts";
import { queryAll } from "./query.ts";
import type { AuditEntry } from "./types.ts";

/** A follow-up made on a card: how, with what result, and what comes next. */
export interface FollowUpRecord {
  followUpId: string;
  prospectId: string;
  at: string;
  channel: "call" | "visit" | "message";
  outcome: string;
  note?: string;
  nextStep?: string;
  /** the time the customer agreed to come in (an appointment plan item was made) */
  appointmentAt?: string;
  appointmentId?: string;
  /** the task this follow-up fulfilled, and whether it was already overdue */
  taskId?: string;
  wasOverdue?: boolean;
  /** the card's next follow-up that this one scheduled (none for a closed card) */
  nextFollowUpAt?: string;
  by: string;
  byName: string;
}

/** A follow-up task or an appointment of a card. */
export interface PlanTask extends PlanFields {
  kind: "follow_up" | "appointment";
  prospectId: string;
  grade?: string;
  note?: string;
  /** appointments: arrived / no_show / cancelled; follow-ups: the follow-up that did it */
  outcome?: string;
  followUpId?: string;
  /** why a task was cancelled (e.g. the card was closed or rescheduled) */
  cancelledReason?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

function taskItem(task: PlanTask) {
  return {
    ...keys.prospectWorkItem(task.tenantId, task.prospectId, task.kind, task.id),
    type: "PlanTask",
    ...planIndexes(task),
    ...task,
  };
}

const toTask = (item: Record<string, unknown>): PlanTask => fromItem<PlanTask>(item)!;

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

/** A task leaving the open state (done / cancelled / re-owned): a full Put so its open-work indexes go or move. */
function replaceOpenTask(db: Db, task: PlanTask): TransactItems[number] {
  return {
    Put: {
      TableName: db.table,
      Item: taskItem(task),
      ConditionExpression: "#s = :open",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":open": "open" },
    },
  };
}

/** A card's tasks and appointments (open ones only, or all): one Query of its work partition. */
export async function listCardWork(
  db: Db,
  tenantId: string,
  prospectId: string,
  opts: { openOnly?: boolean } = {},
): Promise<PlanTask[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ...(opts.openOnly
      ? {
          FilterExpression: "#s = :open",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":pk": keys.prospectWork(tenantId, prospectId), ":open": "open" },
        }
      : { ExpressionAttributeValues: { ":pk": keys.prospectWork(tenantId, prospectId) } }),
    ConsistentRead: true,
  });
  return items.map(toTask);
}

/**
 * Complete a follow-up, all or nothing: the card (version checked, with its new
 * next follow-up) and its audit entries, the follow-up record, the open tasks it
 * closes (each still open), and the appointment it booked.
 * Transaction order: card, audits, record, closed tasks, new done task, appointment.
 */
export async function completeFollowUp(
  db: Db,
  args: {
    card: Prospect;
    expectedVersion: number;
    audits: AuditEntry[];
    record: FollowUpRecord;
    closedTasks: PlanTask[];
    /** an unplanned follow-up: its task, recorded as done */
    newDoneTask?: PlanTask;
    appointment?: PlanTask;
  },
): Promise<void> {
  const { card, record } = args;
  const items: TransactItems = [
    ...saveItems(db, card, args.expectedVersion, args.audits),
    {
      Put: {
        TableName: db.table,
        Item: {
          ...keys.prospectFollowUp(card.tenantId, card.prospectId, record.at, record.followUpId),
          type: "FollowUp",
          ...record,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    ...args.closedTasks.map((t) => replaceOpenTask(db, t)),
  ];
  for (const t of [args.newDoneTask, args.appointment])
    if (t)
      items.push({ Put: { TableName: db.table, Item: taskItem(t), ConditionExpression: "attribute_not_exists(PK)" } });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Close an open appointment (arrived / no-show / cancelled) with an audit entry on its card. */
export async function closeAppointment(db: Db, next: PlanTask, audit: AuditEntry): Promise<void> {
  const auditKey = keys.prospectAudit(next.tenantId, next.prospectId, audit.at, newId());
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        replaceOpenTask(db, next),
        { Put: { TableName: db.table, Item: { ...auditKey, type: "ProspectAudit", ...audit } } },
      ],
    }),
  );
}

/** Create a task unless it exists (deterministic ids make the job idempotent). false: it was already there. */
export async function putTaskIfAbsent(db: Db, task: PlanTask): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({ TableName: db.table, Item: taskItem(task), ConditionExpression: "attribute_not_exists(PK)" }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** Replace a task that must still be open (cancel or re-own it); false when it no longer was. */
export async function replaceTaskIfOpen(db: Db, task: PlanTask): Promise<boolean> {
  try {
    await db.doc.send(new PutCommand(replaceOpenTask(db, task).Put!));
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** An open plan item of any kind, with its primary key (so a job can flag it whatever its kind). */
export interface KeyedPlanItem {
  key: { PK: string; SK: string };
  item: PlanFields & Record<string, unknown>;
}

/** A store's open work due before `before`, every kind and owner, with primary keys: one Query (GSI3). */
export async function storeOpenWorkKeyed(
  db: Db,
  tenantId: string,
  storeId: string,
  before: string,
): Promise<KeyedPlanItem[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK < :b",
    ExpressionAttributeValues: { ":pk": keys.storeOpenWork(tenantId, storeId), ":b": before },
  });
  return items.map((i) => ({
    key: { PK: String(i.PK), SK: String(i.SK) },
    item: toTask(i) as unknown as PlanFields & Record<string, unknown>,
  }));
}

/**
 * Flag an open plan item as overdue (any kind: the extension point for other
 * kinds' jobs uses it too). Only while it is open and not yet flagged, so
 * running it again changes nothing. false: nothing to do.
 */
export async function markOverdue(db: Db, key: { PK: string; SK: string }, at: string): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression: "SET overdue = :t, overdueAt = :at",
        ConditionExpression: "#s = :open AND attribute_not_exists(overdue)",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":t": true, ":at": at, ":open": "open" },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** A store's active cards whose next follow-up is due before `before`: one Query (GSI3, no Scan). */
export async function dueCards(db: Db, tenantId: string, storeId: string, before: string): Promise<Prospect[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK < :b",
    ExpressionAttributeValues: { ":pk": keys.storeFollowUps(tenantId, storeId), ":b": before },
  });
  return items.map((i) => fromItem<Prospect>(i)!);
}

/**
 * Store each consultant's overdue follow-up count on the day's floor item, where
 * the rotation reads it with the duty list (no extra round trip). Creates the
 * floor item if the day has none yet, in the same shape duty changes expect.
 */
export async function putOverdueCounts(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  counts: Record<string, number>,
  at: string,
): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.floor(tenantId, storeId, date),
      UpdateExpression:
        "SET overdueFollowUps = :m, overdueCountedAt = :at, duty = if_not_exists(duty, :empty), " +
        "rotationVersion = if_not_exists(rotationVersion, :zero), #ty = if_not_exists(#ty, :floor), " +
        "tenantId = if_not_exists(tenantId, :t), storeId = if_not_exists(storeId, :s), #d = if_not_exists(#d, :d), " +
        "expiresAt = if_not_exists(expiresAt, :exp)",
      ExpressionAttributeNames: { "#ty": "type", "#d": "date" },
      ExpressionAttributeValues: {
        ":m": counts,
        ":at": at,
        ":empty": {},
        ":zero": 0,
        ":floor": "Floor",
        ":t": tenantId,
        ":s": storeId,
        ":d": date,
        ":exp": Math.floor(Date.parse(at) / 1000) + 400 * 86400,
      },
    }),
  );
}

/** A consultant just cleared an overdue task: one fewer on today's floor (the next job run recounts anyway). */
export async function decrementOverdue(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  userId: string,
): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.floor(tenantId, storeId, date),
        UpdateExpression: "SET overdueFollowUps.#u = overdueFollowUps.#u - :one",
        ConditionExpression: "overdueFollowUps.#u > :zero",
        ExpressionAttributeNames: { "#u": userId },
        ExpressionAttributeValues: { ":one": 1, ":zero": 0 },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

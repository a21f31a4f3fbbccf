/**
 * Delivery (交车), the post-delivery call and the dunning tasks: plan items that
 * live in the contract's own partition (SK `WORK#<kind>#<id>`), so the delivery
 * page reads the contract, its payments, reminders, audit trail and these items
 * in one Query. They carry the shared plan indexes (plan.ts: the consultant's
 * day, open work); the post-delivery call also keeps a store index by delivery
 * time (GSI5 `…#POSTCALLS`, never removed) for the completion rate: one Query
 * per store and period.
 */
import { QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import {
  type Contract,
  contractAuditItem,
  type Payment,
  type Reminder,
  reminderItem,
  updateContract,
} from "./deals.ts";
import { isConditionFailure } from "./errors.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { type PlanFields, planIndexes } from "./plan.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

interface ContractWork extends PlanFields {
  contractId: string;
  contractNo: string;
  customerName: string;
  customerMobile?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** The delivery appointment (kind `delivery`, id = the contract id): in the consultant's plan of that day. */
export interface DeliveryAppointment extends ContractWork {
  kind: "delivery";
  note?: string;
}

/** The call within 3 days of the handover (kind `post_delivery_call`, id = the contract id). */
export interface PostDeliveryCall extends ContractWork {
  kind: "post_delivery_call";
  deliveredAt: string;
  vehicle: string;
  outcome?: "satisfied" | "neutral" | "unsatisfied";
  note?: string;
  /** done after its due time */
  late?: boolean;
  doneBy?: string;
  doneByName?: string;
  /** the follow-up job escalated it to the sales manager(s) once it was late */
  escalatedAt?: string;
  escalatedTo?: { userId: string; name: string }[];
}

/**
 * A dunning task (kind `dunning`, id `<contractId>.<ownerId>`): the responsible
 * consultant's reminder of the day, or a sales manager's after an escalation.
 * One item per contract and person, rewritten by each reminder (the reminder log
 * on the contract keeps the history).
 */
export interface DunningTask extends ContractWork {
  kind: "dunning";
  phase: Reminder["phase"];
  dueKind: Reminder["dueKind"];
  /** the date the money was due */
  moneyDueDate: string;
  openFen: number;
  /** a sales manager's task after N ignored reminders */
  escalation: boolean;
  reminders: number;
  outcome?: "done" | "settled";
  note?: string;
}

export type ContractWorkItem = DeliveryAppointment | PostDeliveryCall | DunningTask;

export function workKey(w: Pick<ContractWork, "tenantId" | "contractId" | "kind" | "id">) {
  return keys.contractWork(w.tenantId, w.contractId, w.kind, w.id);
}

export function workItem(w: ContractWorkItem): Record<string, unknown> {
  return {
    ...workKey(w),
    type: "ContractWork",
    ...planIndexes(w),
    ...(w.kind === "post_delivery_call"
      ? {
          GSI5PK: keys.storePostDeliveryCalls(w.tenantId, w.storeId),
          GSI5SK: `${w.deliveredAt}#${w.contractId}`,
        }
      : {}),
    ...(w.kind === "delivery" && w.status === "open"
      ? { GSI4PK: keys.storeDeliveryAppointments(w.tenantId, w.storeId), GSI4SK: `${w.dueAt}#${w.contractId}` }
      : {}),
    ...w,
  };
}

/** A plan item leaving the open state: a full Put (its open-work indexes go) if it is still open. */
export function closeOpen(db: Db, w: ContractWorkItem): TransactItems[number] {
  return {
    Put: {
      TableName: db.table,
      Item: workItem(w),
      ConditionExpression: "#s = :open",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":open": "open" },
    },
  };
}

export interface DeliveryRecord {
  contract?: Contract;
  payments: Payment[];
  reminders: Reminder[];
  audit: (AuditEntry & { id: string })[];
  appointment?: DeliveryAppointment;
  call?: PostDeliveryCall;
  dunningTasks: DunningTask[];
}

/** A contract with everything the delivery page shows: one consistent Query of its partition. */
export async function getDeliveryRecord(db: Db, tenantId: string, contractId: string): Promise<DeliveryRecord> {
  const p = await readPartition(db, keys.contractPartition(tenantId, contractId));
  const work = p.children("WORK#").map((i) => fromItem<ContractWorkItem>(i)!);
  return {
    contract: fromItem<Contract>(p.meta),
    payments: p.children("PAY#").map((i) => fromItem<Payment>(i)!),
    reminders: p.children("REMIND#").map((i) => fromItem<Reminder>(i)!),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
    appointment: work.find((w): w is DeliveryAppointment => w.kind === "delivery"),
    call: work.find((w): w is PostDeliveryCall => w.kind === "post_delivery_call"),
    dunningTasks: work.filter((w): w is DunningTask => w.kind === "dunning"),
  };
}

/** Book or move the delivery appointment: the contract (version-checked) + audit + the plan item, together. */
export function bookAppointment(
  db: Db,
  next: Contract,
  previousVersion: number,
  audit: AuditEntry,
  appointment: DeliveryAppointment,
): Promise<void> {
  return updateContract(db, next, previousVersion, audit, [
    { Put: { TableName: db.table, Item: workItem(appointment) } },
  ]);
}

/** The card becomes a customer (an Update: no read needed; its version moves so stale edits get a 409) + its audit entry. */
export function prospectCustomerItems(
  db: Db,
  tenantId: string,
  prospectId: string,
  customer: { since: string; contractId: string; contractNo: string },
  audit: AuditEntry,
): TransactItems {
  return [
    {
      Update: {
        TableName: db.table,
        Key: keys.prospect(tenantId, prospectId),
        UpdateExpression: "SET customer = :c, version = version + :one, updatedAt = :at",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeValues: { ":c": customer, ":one": 1, ":at": customer.since },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...keys.prospectAudit(tenantId, prospectId, audit.at, newId()), type: "ProspectAudit", ...audit },
      },
    },
  ];
}

/**
 * Record the delivery in one transaction: the contract → delivered (version-checked)
 * with its audit entry, the vehicle's and the card's writes (`extra`), the
 * appointment done (if still open) and the post-delivery call created
 * (`attribute_not_exists`: one per delivery).
 */
export function deliver(
  db: Db,
  next: Contract,
  previousVersion: number,
  audit: AuditEntry,
  appointmentDone: DeliveryAppointment,
  call: PostDeliveryCall,
  extra: TransactItems,
): Promise<void> {
  return updateContract(db, next, previousVersion, audit, [
    ...extra,
    closeOpen(db, appointmentDone),
    { Put: { TableName: db.table, Item: workItem(call), ConditionExpression: "attribute_not_exists(PK)" } },
  ]);
}

/** Close an open plan item of a contract (the call made, a dunning task done) with a contract audit entry. */
export async function closeWork(db: Db, next: ContractWorkItem, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [closeOpen(db, next), { Put: { TableName: db.table, Item: contractAuditItem(next, audit) } }],
    }),
  );
}

/**
 * Escalate a late post-delivery call once: flag, who, when — only while it is
 * open and not escalated (a second run changes nothing) — with a contract audit entry.
 * false: nothing to do (made or escalated meanwhile).
 */
export async function escalateCall(
  db: Db,
  call: Pick<PostDeliveryCall, "tenantId" | "contractId" | "kind" | "id">,
  at: string,
  to: { userId: string; name: string }[],
  audit: AuditEntry,
): Promise<boolean> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: workKey(call),
              UpdateExpression: "SET escalatedAt = :at, escalatedTo = :to, overdue = :t, overdueAt = :at",
              ConditionExpression: "#s = :open AND attribute_not_exists(escalatedAt)",
              ExpressionAttributeNames: { "#s": "status" },
              ExpressionAttributeValues: { ":at": at, ":to": to, ":t": true, ":open": "open" },
            },
          },
          { Put: { TableName: db.table, Item: contractAuditItem(call, audit) } },
        ],
      }),
    );
    return true;
  } catch (e) {
    if ((e as { name?: string }).name === "TransactionCanceledException") return false;
    throw e;
  }
}

/** A store's post-delivery calls of the deliveries made in [from, to) (ISO instants): one Query (GSI5). */
export async function listStoreCalls(
  db: Db,
  tenantId: string,
  storeId: string,
  from: string,
  to: string,
): Promise<PostDeliveryCall[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI5",
    KeyConditionExpression: "GSI5PK = :pk AND GSI5SK BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": keys.storePostDeliveryCalls(tenantId, storeId),
      ":from": from,
      // SK `<deliveredAt>#<id>`: a delivery at exactly `to` sorts after it (half-open period)
      ":to": to,
    },
  });
  return items.map((i) => fromItem<PostDeliveryCall>(i)!);
}

/** A store's open delivery appointments, earliest first (past ones not delivered yet too): one Query (GSI4). */
export async function listStoreAppointments(
  db: Db,
  tenantId: string,
  storeId: string,
  limit = 200,
): Promise<DeliveryAppointment[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI4",
      KeyConditionExpression: "GSI4PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.storeDeliveryAppointments(tenantId, storeId) },
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<DeliveryAppointment>(i)!);
}

/** A store's open dunning tasks due before `before` (the store's open work, filtered to the kind): one Query. */
export async function openDunningTasks(
  db: Db,
  tenantId: string,
  storeId: string,
  before: string,
): Promise<{ key: { PK: string; SK: string }; task: DunningTask }[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK < :b",
    FilterExpression: "kind = :k",
    ExpressionAttributeValues: { ":pk": keys.storeOpenWork(tenantId, storeId), ":b": before, ":k": "dunning" },
  });
  return items.map((i) => ({ key: { PK: String(i.PK), SK: String(i.SK) }, task: fromItem<DunningTask>(i)! }));
}

/**
 * Today's dunning reminder of a contract in one transaction: the reminder log
 * entry (`attribute_not_exists`: once per contract and day), the contract with
 * its new dunning counters (version-checked) and audit entry, and the tasks.
 */
export function remind(
  db: Db,
  next: Contract,
  previousVersion: number,
  reminder: Reminder,
  audit: AuditEntry,
  tasks: DunningTask[],
): Promise<void> {
  return updateContract(db, next, previousVersion, audit, [
    {
      Put: {
        TableName: db.table,
        Item: reminderItem(next, reminder),
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    ...tasks.map((t) => ({ Put: { TableName: db.table, Item: workItem(t) } })),
  ]);
}

/** The dunning job closes an open task whose contract has no money open any more. false: not open. */
export async function settleDunningTask(db: Db, key: { PK: string; SK: string }, at: string): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression:
          "SET #s = :done, doneAt = :at, outcome = :settled, updatedAt = :at REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK",
        ConditionExpression: "#s = :open",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":done": "done", ":at": at, ":settled": "settled", ":open": "open" },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

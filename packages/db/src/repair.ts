/**
 * Repair orders (维修工单), the store's parts catalogue, parts orders (缺件订货)
 * and warranty claims (issue 7, H2).
 *
 * A repair order's partition `RO#<id>`:
 *   META              the repair order (lines, approvals, settlement, handover); GSI5 = the customer's
 *                     service history (`history` kept current with it)
 *   BOARD             a small copy for the store's board while it is open: GSI1 (sparse) =
 *                     `storeOpenRepairOrders`, SK `<state index>#<state>#<since>#<id>` — the board is one Query
 *   STATE#<at>#<id>   each state change, timed
 *   AUDIT#<at>#<id>   who changed what
 * The store's RO number sequence `STORE#<s>#ROSEQ / SEQ` is bumped in the transaction that puts the RO.
 * Parts: `STORE#<s>#PARTS / PART#<partNo>` (stock kept with conditional updates) + stock audit.
 * Parts orders: `PARTSORDER#<id> / META`, GSI1 = the store's orders by status.
 * Warranty claims: `WCLAIM#<roId> / META`, GSI1 = the store's claims by settlement time.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  newId,
  RO_STATES,
  type RoLine,
  type RoState,
  type RoStateEntry,
  type RoTotals,
  type WarrantyState,
} from "@dealeros/core";
import type { Db } from "./client.ts";
import type { TransactItems } from "./customers.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

export interface RoApproval {
  round: number;
  method: "in_person" | "phone" | "wechat";
  note?: string;
  lineIds: string[];
  /** the amount the customer agreed to in this round (fen, all payers) */
  amountFen: number;
  at: string;
  by: string;
  byName: string;
}

export interface RoSettlement {
  totals: RoTotals;
  paidFen: number;
  method?: string;
  /** the warranty claim raised for the OEM (= the repair order id) */
  claimId?: string;
  at: string;
  by: string;
  byName: string;
}

export interface RepairOrder {
  tenantId: string;
  storeId: string;
  repairOrderId: string;
  /** WO-000123, per store without gaps */
  roNumber: string;
  seq: number;
  customerId: string;
  customerName: string;
  mobile?: string;
  vin: string;
  plate?: string;
  vehicleLabel: string;
  appointmentId?: string;
  advisorId: string;
  advisorName: string;
  mileageKm: number;
  fuelEighths: number;
  concerns: string;
  damageNotes?: string;
  itemsLeft?: string;
  diagnosis?: string;
  photoKeys: string[];
  lines: RoLine[];
  approvals: RoApproval[];
  partsOrderIds: string[];
  /** while parts are missing: the expected date of the latest parts order */
  partsExpectedOn?: string;
  state: RoState;
  stateSince: string;
  settlement?: RoSettlement;
  handover?: { explanation: string; at: string; by: string; byName: string };
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

/** The board's copy of an open repair order. */
export interface RoBoardEntry {
  repairOrderId: string;
  storeId: string;
  roNumber: string;
  state: RoState;
  stateSince: string;
  customerName: string;
  plate?: string;
  vehicleLabel: string;
  advisorName: string;
  partsExpectedOn?: string;
  /** lines waiting for the customer's approval */
  pending: number;
  createdAt: string;
}

export interface Part {
  tenantId: string;
  storeId: string;
  partNo: string;
  name: string;
  priceFen: number;
  stock: number;
  leadDays: number;
  version: number;
  updatedAt: string;
  updatedByName: string;
}

export interface PartsOrderLine {
  partNo: string;
  name: string;
  qty: number;
}

export interface PartsOrder {
  tenantId: string;
  storeId: string;
  orderId: string;
  repairOrderId: string;
  roNumber: string;
  lines: PartsOrderLine[];
  expectedOn: string;
  status: "ordered" | "received";
  orderedAt: string;
  orderedBy: string;
  orderedByName: string;
  receivedAt?: string;
  receivedByName?: string;
  version: number;
}

export interface WarrantyClaim {
  tenantId: string;
  storeId: string;
  claimId: string;
  repairOrderId: string;
  roNumber: string;
  brand?: string;
  vin: string;
  vehicleLabel: string;
  customerName: string;
  mileageKm: number;
  lines: RoLine[];
  labourFen: number;
  partsFen: number;
  totalFen: number;
  /** the claim's lifecycle (packages/core/src/warranty.ts; decisions in packages/db/src/warranty.ts) */
  status: WarrantyState;
  settledAt: string;
  createdByName: string;
  /** absent on claims written before the lifecycle: read as 1 */
  version?: number;
  /** every state the claim went through, oldest first (absent on old claims: read as submitted at settledAt) */
  history?: WarrantyHistoryEntry[];
  /** the OEM may approve less than claimed */
  approvedFen?: number;
  approvedAt?: string;
  /** the OEM's reference number */
  oemClaimNo?: string;
  /** why the OEM rejected it (cleared on resubmission; kept in the history) */
  rejectReason?: string;
  paidFen?: number;
  /** the day the OEM's payment arrived (YYYY-MM-DD) */
  paidAt?: string;
  updatedAt?: string;
}

export interface WarrantyHistoryEntry {
  state: WarrantyState;
  at: string;
  byId: string;
  byName: string;
  note?: string;
  /** approved or paid amount of this step */
  amountFen?: number;
}

const stateIndex = (s: RoState) => String(RO_STATES.indexOf(s)).padStart(2, "0");

export function repairOrderItem(ro: RepairOrder): Record<string, unknown> {
  return {
    ...keys.repairOrder(ro.tenantId, ro.repairOrderId),
    type: "RepairOrder",
    ...ro,
    GSI5PK: keys.customerHistory(ro.tenantId, ro.customerId),
    GSI5SK: `${ro.createdAt}#repair_order#${ro.repairOrderId}`,
    history: {
      kind: "repair_order",
      at: ro.createdAt,
      title: `${ro.roNumber} · ${ro.vehicleLabel}`,
      status: ro.state,
      ...(ro.settlement ? { totalFen: ro.settlement.totals.totalFen } : {}),
      storeId: ro.storeId,
      id: ro.repairOrderId,
    },
  };
}

export function boardEntry(ro: RepairOrder): RoBoardEntry {
  return {
    repairOrderId: ro.repairOrderId,
    storeId: ro.storeId,
    roNumber: ro.roNumber,
    state: ro.state,
    stateSince: ro.stateSince,
    customerName: ro.customerName,
    ...(ro.plate ? { plate: ro.plate } : {}),
    vehicleLabel: ro.vehicleLabel,
    advisorName: ro.advisorName,
    ...(ro.partsExpectedOn && ro.state === "waiting_parts" ? { partsExpectedOn: ro.partsExpectedOn } : {}),
    pending: ro.lines.filter((l) => !l.approved && !l.declined).length,
    createdAt: ro.createdAt,
  };
}

function boardWrite(db: Db, ro: RepairOrder): TransactItems[number] {
  const key = keys.repairOrderChild(ro.tenantId, ro.repairOrderId, "BOARD");
  if (ro.state === "delivered") return { Delete: { TableName: db.table, Key: key } };
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...key,
        type: "RepairOrderBoard",
        tenantId: ro.tenantId,
        ...boardEntry(ro),
        GSI1PK: keys.storeOpenRepairOrders(ro.tenantId, ro.storeId),
        GSI1SK: `${stateIndex(ro.state)}#${ro.state}#${ro.stateSince}#${ro.repairOrderId}`,
      },
    },
  };
}

export function roAuditItem(ro: Pick<RepairOrder, "tenantId" | "repairOrderId">, e: AuditEntry) {
  const id = newId();
  return {
    ...keys.repairOrderChild(ro.tenantId, ro.repairOrderId, `AUDIT#${e.at}#${id}`),
    type: "RepairOrderAudit",
    id,
    ...e,
  };
}

/**
 * Writes of a repair order's next version: META (new: must not exist; else
 * version-checked), its board entry, the state change (if any) and audits.
 */
export function repairOrderWrites(
  db: Db,
  next: RepairOrder,
  previousVersion: number | undefined,
  opts: { state?: RoStateEntry; audits?: AuditEntry[] } = {},
): TransactItems {
  const items: TransactItems = [
    {
      Put: {
        TableName: db.table,
        Item: repairOrderItem(next),
        ...(previousVersion === undefined
          ? { ConditionExpression: "attribute_not_exists(PK)" }
          : {
              ConditionExpression: "attribute_exists(PK) AND version = :v",
              ExpressionAttributeValues: { ":v": previousVersion },
            }),
      },
    },
    boardWrite(db, next),
  ];
  if (opts.state) {
    const id = newId();
    items.push({
      Put: {
        TableName: db.table,
        Item: {
          ...keys.repairOrderChild(next.tenantId, next.repairOrderId, `STATE#${opts.state.at}#${id}`),
          type: "RepairOrderState",
          id,
          ...opts.state,
        },
      },
    });
  }
  for (const a of opts.audits ?? []) items.push({ Put: { TableName: db.table, Item: roAuditItem(next, a) } });
  return items;
}

/** The store's RO number sequence: its current value (0 when none yet). */
export async function currentSequence(db: Db, tenantId: string, storeId: string): Promise<number> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.repairOrderSequence(tenantId, storeId), ConsistentRead: true }),
  );
  return (r.Item?.n as number | undefined) ?? 0;
}

/** Bump the sequence from `current` to `current + 1` — fails if someone else took that number. */
export function sequenceWrite(db: Db, tenantId: string, storeId: string, current: number): TransactItems[number] {
  return {
    Update: {
      TableName: db.table,
      Key: keys.repairOrderSequence(tenantId, storeId),
      UpdateExpression: "SET n = :next, #type = :type",
      ConditionExpression: current === 0 ? "attribute_not_exists(n)" : "n = :cur",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
        ":next": current + 1,
        ":type": "RepairOrderSequence",
        ...(current === 0 ? {} : { ":cur": current }),
      },
    },
  };
}

/**
 * The appointment the repair order is opened from (H1's contract): it becomes
 * arrived (if not yet) and links the repair order — only if it is this store's,
 * expected or arrived, and has no repair order yet.
 */
export function appointmentLinkWrite(
  db: Db,
  tenantId: string,
  storeId: string,
  appointmentId: string,
  repairOrderId: string,
  at: string,
): TransactItems[number] {
  return {
    Update: {
      TableName: db.table,
      Key: keys.serviceAppointment(tenantId, appointmentId),
      UpdateExpression:
        "SET repairOrderId = :ro, #s = :arrived, arrivedAt = if_not_exists(arrivedAt, :at), updatedAt = :at, " +
        "version = version + :one, history.#hs = :arrived",
      ConditionExpression: "storeId = :store AND #s IN (:expected, :arrived) AND attribute_not_exists(repairOrderId)",
      ExpressionAttributeNames: { "#s": "status", "#hs": "status" },
      ExpressionAttributeValues: {
        ":ro": repairOrderId,
        ":arrived": "arrived",
        ":expected": "expected",
        ":at": at,
        ":one": 1,
        ":store": storeId,
      },
    },
  };
}

/** What a repair order needs of a service appointment (H1's item): one Get. */
export interface AppointmentRef {
  storeId: string;
  status: string;
  customerId: string;
  vin: string;
  repairOrderId?: string;
  concern?: string;
  advisorId?: string;
}

export async function getAppointmentRef(
  db: Db,
  tenantId: string,
  appointmentId: string,
): Promise<AppointmentRef | undefined> {
  const r = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.serviceAppointment(tenantId, appointmentId),
      ConsistentRead: true,
    }),
  );
  return fromItem<AppointmentRef>(r.Item);
}

export async function transact(db: Db, items: TransactItems): Promise<void> {
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

export async function getRepairOrder(db: Db, tenantId: string, id: string): Promise<RepairOrder | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.repairOrder(tenantId, id), ConsistentRead: true }),
  );
  return toRepairOrder(r.Item);
}

function toRepairOrder(item: Record<string, unknown> | undefined): RepairOrder | undefined {
  const ro = fromItem<RepairOrder & { history?: unknown }>(item);
  if (!ro) return undefined;
  delete ro.history;
  return ro;
}

/** One repair order's partition: META, the timed state changes (oldest first) and the audit — one Query. */
export async function readRepairOrder(
  db: Db,
  tenantId: string,
  id: string,
): Promise<{ ro?: RepairOrder; states: RoStateEntry[]; audit: (AuditEntry & { id: string })[] }> {
  const p = await readPartition(db, keys.repairOrderPartition(tenantId, id));
  return {
    ro: toRepairOrder(p.meta),
    states: p.children("STATE#").map((i) => fromItem<RoStateEntry & { id: string }>(i)!),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
  };
}

/** The store's open repair orders, by state then waiting longest first: one Query (all pages). */
export async function board(db: Db, tenantId: string, storeId: string): Promise<RoBoardEntry[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storeOpenRepairOrders(tenantId, storeId) },
  });
  return items.map((i) => {
    const e = fromItem<RoBoardEntry & { tenantId?: string }>(i)!;
    delete e.tenantId;
    return e;
  });
}

// ---------- parts ----------

function partItem(p: Part) {
  return { ...keys.part(p.tenantId, p.storeId, p.partNo), type: "Part", ...p };
}

/** The store's catalogue, by part number: one Query. */
export async function listParts(db: Db, tenantId: string, storeId: string): Promise<Part[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :p)",
    ExpressionAttributeValues: { ":pk": keys.storeParts(tenantId, storeId), ":p": "PART#" },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem<Part>(i)!);
}

export async function getPart(db: Db, tenantId: string, storeId: string, partNo: string): Promise<Part | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.part(tenantId, storeId, partNo), ConsistentRead: true }),
  );
  return fromItem<Part>(r.Item);
}

export function partAuditWrite(db: Db, tenantId: string, storeId: string, e: AuditEntry): TransactItems[number] {
  const id = newId();
  return {
    Put: {
      TableName: db.table,
      Item: { PK: keys.storeParts(tenantId, storeId), SK: `AUDIT#${e.at}#${id}`, type: "PartAudit", id, ...e },
    },
  };
}

/** The stock audit of a store's parts, newest first (one Query, one page). */
export async function listPartAudit(db: Db, tenantId: string, storeId: string, limit = 50): Promise<AuditEntry[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :p)",
      ExpressionAttributeValues: { ":pk": keys.storeParts(tenantId, storeId), ":p": "AUDIT#" },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<AuditEntry>(i)!);
}

/** A part's Put: new (must not exist) or an edit (version-checked). Stock is never overwritten by an edit. */
export function partWrite(db: Db, p: Part, previousVersion?: number): TransactItems[number] {
  if (previousVersion === undefined)
    return { Put: { TableName: db.table, Item: partItem(p), ConditionExpression: "attribute_not_exists(PK)" } };
  return {
    Update: {
      TableName: db.table,
      Key: keys.part(p.tenantId, p.storeId, p.partNo),
      UpdateExpression:
        "SET #n = :n, priceFen = :p, leadDays = :l, version = :nv, updatedAt = :at, updatedByName = :by",
      ConditionExpression: "attribute_exists(PK) AND version = :v",
      ExpressionAttributeNames: { "#n": "name" },
      ExpressionAttributeValues: {
        ":n": p.name,
        ":p": p.priceFen,
        ":l": p.leadDays,
        ":nv": p.version,
        ":v": previousVersion,
        ":at": p.updatedAt,
        ":by": p.updatedByName,
      },
    },
  };
}

/**
 * Change a part's stock by `delta` (negative = take). Taking is conditional on
 * enough stock (`stock >= :take`): two approvals cannot both take the last one.
 */
export function stockWrite(db: Db, tenantId: string, storeId: string, partNo: string, delta: number, at: string) {
  return {
    Update: {
      TableName: db.table,
      Key: keys.part(tenantId, storeId, partNo),
      UpdateExpression: "SET stock = stock + :d, updatedAt = :at",
      ConditionExpression: delta < 0 ? "attribute_exists(PK) AND stock >= :take" : "attribute_exists(PK)",
      ExpressionAttributeValues: { ":d": delta, ":at": at, ...(delta < 0 ? { ":take": -delta } : {}) },
    },
  } satisfies TransactItems[number];
}

// ---------- parts orders ----------

function partsOrderItem(o: PartsOrder) {
  return {
    ...keys.partsOrder(o.tenantId, o.orderId),
    type: "PartsOrder",
    ...o,
    GSI1PK: keys.storePartsOrders(o.tenantId, o.storeId),
    GSI1SK: `${o.status === "ordered" ? "1" : "2"}#${o.orderedAt}#${o.orderId}`,
  };
}

export function partsOrderWrite(db: Db, o: PartsOrder, previousVersion?: number): TransactItems[number] {
  return {
    Put: {
      TableName: db.table,
      Item: partsOrderItem(o),
      ...(previousVersion === undefined
        ? { ConditionExpression: "attribute_not_exists(PK)" }
        : {
            ConditionExpression: "attribute_exists(PK) AND version = :v AND #s = :ordered",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":v": previousVersion, ":ordered": "ordered" },
          }),
    },
  };
}

export async function getPartsOrder(db: Db, tenantId: string, orderId: string): Promise<PartsOrder | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.partsOrder(tenantId, orderId), ConsistentRead: true }),
  );
  return fromItem<PartsOrder>(r.Item);
}

/** The store's parts orders: open ones first (oldest first), then received ones (newest first); one Query each. */
export async function listPartsOrders(
  db: Db,
  tenantId: string,
  storeId: string,
  status: "ordered" | "received",
  limit = 100,
): Promise<PartsOrder[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :pk AND begins_with(GSI1SK, :p)",
      ExpressionAttributeValues: {
        ":pk": keys.storePartsOrders(tenantId, storeId),
        ":p": status === "ordered" ? "1#" : "2#",
      },
      ScanIndexForward: status === "ordered",
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<PartsOrder>(i)!);
}

// ---------- warranty claims ----------

/** The claim item: its key and GSI1 (the store's claims by settlement time), for settlement and decisions. */
export function warrantyClaimItem(c: WarrantyClaim): Record<string, unknown> {
  return {
    ...keys.warrantyClaim(c.tenantId, c.claimId),
    type: "WarrantyClaim",
    ...c,
    GSI1PK: keys.storeWarrantyClaims(c.tenantId, c.storeId),
    GSI1SK: `${c.settledAt}#${c.claimId}`,
  };
}

export function warrantyClaimWrite(db: Db, c: WarrantyClaim): TransactItems[number] {
  return { Put: { TableName: db.table, Item: warrantyClaimItem(c), ConditionExpression: "attribute_not_exists(PK)" } };
}

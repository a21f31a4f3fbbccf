/**
 * Vehicle inventory (库存): the tenant's catalogue and inventory settings (one
 * versioned item each in the tenant partition), vehicles (META + audit and key
 * custody entries in the vehicle's partition), the VIN claim that keeps a VIN
 * unique per tenant, and two store indexes: every vehicle (GSI1) and the stock on
 * the lot by arrival time (GSI2, sparse) which serves the aging view in one Query.
 */
import { BatchGetCommand, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  type CatalogueBrand,
  type InspectionItem,
  type InventorySettings,
  newId,
  ON_LOT_STATUSES,
  type VehicleStatus,
} from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll, readPartition } from "./query.ts";
import { getVersioned, putVersioned } from "./settings.ts";
import type { AuditEntry } from "./types.ts";

export interface Catalogue {
  brands: CatalogueBrand[];
  /** 0 = never saved */
  version: number;
  updatedAt?: string;
  updatedByName?: string;
}

export interface StoredInventorySettings extends InventorySettings {
  version: number;
  updatedAt?: string;
  updatedByName?: string;
}

export interface KeyHolder {
  /** the key log entry of this custody */
  logId: string;
  userId: string;
  name: string;
  at: string;
  reason?: string;
}

export interface Vehicle {
  tenantId: string;
  storeId: string;
  vehicleId: string;
  vin: string;
  /** "not_used": the tenant accepted a VIN whose position 9 is not a check digit (flagged) */
  checkDigit: "valid" | "not_used";
  engineNumber: string;
  brand: string;
  modelCode: string;
  modelName: string;
  trimCode: string;
  trimName: string;
  colourCode: string;
  colourName: string;
  /** list price of the trim when registered, fen */
  msrp: number;
  /** fen */
  purchaseCost: number;
  currency: "CNY";
  status: VehicleStatus;
  /** when the vehicle arrived at the store (aging counts from here) */
  stockedAt?: string;
  inspection?: {
    items: Record<InspectionItem, boolean>;
    damageNotes?: string;
    at: string;
    by: string;
    byName: string;
  };
  /** set when wholesaled; a wholesale to a secondary dealer also names the dealer, its date and price */
  wholesale?: { buyer: string; at: string; dealerId?: string; date?: string; priceFen?: number };
  deliveredAt?: string;
  keyOut?: KeyHolder;
  /** the purchase order line it arrived against */
  poId?: string;
  poLine?: number;
  note?: string;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export interface KeyLogEntry {
  id: string;
  takenBy: KeyHolder;
  returnedAt?: string;
  returnedBy?: { userId: string; name: string };
}

type VehicleAudit = AuditEntry & { id: string };

// ---------- catalogue and settings ----------

/** The catalogue and the inventory settings in one BatchGet (what a registration needs). */
export async function getCatalogueAndSettings(
  db: Db,
  tenantId: string,
): Promise<{ catalogue?: Catalogue; settings?: StoredInventorySettings }> {
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: { [db.table]: { Keys: [keys.catalogue(tenantId), keys.inventorySettings(tenantId)] } },
    }),
  );
  const items = r.Responses?.[db.table] ?? [];
  return {
    catalogue: fromItem<Catalogue>(items.find((i) => i.SK === "CATALOGUE")),
    settings: fromItem<StoredInventorySettings>(items.find((i) => i.SK === "SETTINGS#INVENTORY")),
  };
}

export function getCatalogue(db: Db, tenantId: string): Promise<Catalogue | undefined> {
  return getVersioned<Catalogue>(db, keys.catalogue(tenantId));
}

export function getInventorySettings(db: Db, tenantId: string): Promise<StoredInventorySettings | undefined> {
  return getVersioned<StoredInventorySettings>(db, keys.inventorySettings(tenantId));
}

/** Save the catalogue if the stored version is still `expectedVersion` (0: never saved); audited. */
export function putCatalogue(db: Db, tenantId: string, c: Catalogue, expectedVersion: number, audit: AuditEntry) {
  return putVersioned(db, tenantId, keys.catalogue(tenantId), "Catalogue", c, expectedVersion, audit);
}

export function putInventorySettings(
  db: Db,
  tenantId: string,
  s: StoredInventorySettings,
  expectedVersion: number,
  audit: AuditEntry,
) {
  return putVersioned(db, tenantId, keys.inventorySettings(tenantId), "InventorySettings", s, expectedVersion, audit);
}

// ---------- vehicles ----------

function vehicleItem(v: Vehicle) {
  const onLot = ON_LOT_STATUSES.includes(v.status) && v.stockedAt;
  return {
    ...keys.vehicle(v.tenantId, v.vehicleId),
    type: "Vehicle",
    ...v,
    GSI1PK: keys.storeVehicles(v.tenantId, v.storeId),
    GSI1SK: `${v.createdAt}#${v.vehicleId}`,
    ...(onLot ? { GSI2PK: keys.storeStock(v.tenantId, v.storeId), GSI2SK: `${v.stockedAt}#${v.vehicleId}` } : {}),
  };
}

function auditItem(v: Vehicle, e: AuditEntry) {
  const id = newId();
  return { ...keys.vehicleAudit(v.tenantId, v.vehicleId, e.at, id), type: "VehicleAudit", id, ...e };
}

/**
 * Register a vehicle: the vehicle, its VIN claim (one vehicle per VIN in the
 * tenant) and its first audit entry in one transaction. Index 1 failing = VIN taken.
 */
export async function createVehicle(db: Db, v: Vehicle, audit: AuditEntry): Promise<void> {
  // arriving against a PO line: count it received if the line still waits for vehicles (index 3 failing = line full)
  const po =
    v.poId && v.poLine
      ? [
          {
            Update: {
              TableName: db.table,
              Key: keys.purchaseOrder(v.tenantId, v.poId),
              UpdateExpression: `SET #l[${v.poLine - 1}].received = #l[${v.poLine - 1}].received + :one, updatedAt = :at`,
              ConditionExpression: `storeId = :s AND #l[${v.poLine - 1}].received < #l[${v.poLine - 1}].quantity`,
              ExpressionAttributeNames: { "#l": "lines" },
              ExpressionAttributeValues: { ":one": 1, ":at": v.createdAt, ":s": v.storeId },
            },
          },
        ]
      : [];
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: vehicleItem(v), ConditionExpression: "attribute_not_exists(PK)" } },
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.vinClaim(v.tenantId, v.vin), type: "VinClaim", vehicleId: v.vehicleId, storeId: v.storeId },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        { Put: { TableName: db.table, Item: auditItem(v, audit) } },
        ...po,
      ],
    }),
  );
}

/**
 * The writes of updateVehicle as transaction items, to join another record's
 * transaction (e.g. a contract allocating the vehicle: both or neither).
 */
export function vehicleUpdateItems(
  db: Db,
  next: Vehicle,
  previous: Pick<Vehicle, "version" | "status">,
  audit: AuditEntry,
): NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> {
  return [
    {
      Put: {
        TableName: db.table,
        Item: vehicleItem(next),
        ConditionExpression: "attribute_exists(PK) AND version = :v AND #s = :s",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":v": previous.version, ":s": previous.status },
      },
    },
    { Put: { TableName: db.table, Item: auditItem(next, audit) } },
  ];
}

/**
 * Write a changed vehicle if nobody changed it since it was read (same version and
 * status), with its audit entry; the indexes follow the new status.
 */
export async function updateVehicle(
  db: Db,
  next: Vehicle,
  previous: Pick<Vehicle, "version" | "status">,
  audit: AuditEntry,
  extra: Record<string, unknown>[] = [],
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: vehicleItem(next),
            ConditionExpression: "attribute_exists(PK) AND version = :v AND #s = :s",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":v": previous.version, ":s": previous.status },
          },
        },
        { Put: { TableName: db.table, Item: auditItem(next, audit) } },
        ...extra.map((Item) => ({ Put: { TableName: db.table, Item } })),
      ],
    }),
  );
}

/** A key custody entry to write with updateVehicle (taken, and later returned: same item rewritten). */
export function keyLogItem(v: Pick<Vehicle, "tenantId" | "vehicleId">, e: KeyLogEntry) {
  return { ...keys.vehicleKeyLog(v.tenantId, v.vehicleId, e.id), type: "KeyLog", ...e };
}

/** A vehicle with its audit trail and key log (one consistent Query of its partition). */
export async function getVehicleWithHistory(
  db: Db,
  tenantId: string,
  vehicleId: string,
): Promise<{ vehicle?: Vehicle; audit: VehicleAudit[]; keyLog: KeyLogEntry[] }> {
  const p = await readPartition(db, keys.vehiclePartition(tenantId, vehicleId));
  return {
    vehicle: fromItem<Vehicle>(p.meta),
    audit: p.children("AUDIT#").map((i) => fromItem<VehicleAudit>(i)!),
    keyLog: p
      .children("KEY#")
      .map((i) => fromItem<KeyLogEntry>(i)!)
      .reverse(),
  };
}

export async function getVehicle(db: Db, tenantId: string, vehicleId: string): Promise<Vehicle | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.vehicle(tenantId, vehicleId), ConsistentRead: true }),
  );
  return fromItem<Vehicle>(r.Item);
}

/** A store's vehicles, newest first (one Query, following pages), optionally of one status. */
export async function listStoreVehicles(
  db: Db,
  tenantId: string,
  storeId: string,
  status?: VehicleStatus,
): Promise<Vehicle[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ...(status ? { FilterExpression: "#s = :s", ExpressionAttributeNames: { "#s": "status" } } : {}),
    ExpressionAttributeValues: { ":pk": keys.storeVehicles(tenantId, storeId), ...(status ? { ":s": status } : {}) },
    ScanIndexForward: false,
  });
  return items.map((i) => fromItem<Vehicle>(i)!);
}

/** The vehicles on a store's lot, oldest arrival first: the aging view's one Query (pages followed). */
export async function listStoreStock(db: Db, tenantId: string, storeId: string): Promise<Vehicle[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storeStock(tenantId, storeId) },
  });
  return items.map((i) => fromItem<Vehicle>(i)!);
}

// ---------- purchase orders ----------

export interface PurchaseOrderLine {
  lineNo: number;
  brand: string;
  modelCode: string;
  modelName: string;
  trimCode: string;
  trimName: string;
  colourCode: string;
  colourName: string;
  quantity: number;
  received: number;
  /** contracts waiting for a vehicle of this line (linked by the order flow; at most `quantity`) */
  linked?: number;
}

export interface PurchaseOrder {
  tenantId: string;
  storeId: string;
  poId: string;
  lines: PurchaseOrderLine[];
  note?: string;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export async function createPurchaseOrder(db: Db, po: PurchaseOrder, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.purchaseOrder(po.tenantId, po.poId),
              type: "PurchaseOrder",
              ...po,
              GSI1PK: keys.storePurchaseOrders(po.tenantId, po.storeId),
              GSI1SK: `${po.createdAt}#${po.poId}`,
            },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.purchaseOrderAudit(po.tenantId, po.poId, audit.at, newId()),
              type: "PurchaseOrderAudit",
              ...audit,
            },
          },
        },
      ],
    }),
  );
}

export async function getPurchaseOrder(db: Db, tenantId: string, poId: string): Promise<PurchaseOrder | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.purchaseOrder(tenantId, poId), ConsistentRead: true }),
  );
  return fromItem<PurchaseOrder>(r.Item);
}

/** A store's purchase orders, newest first (one Query). */
export async function listStorePurchaseOrders(db: Db, tenantId: string, storeId: string): Promise<PurchaseOrder[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.storePurchaseOrders(tenantId, storeId) },
    ScanIndexForward: false,
  });
  return items.map((i) => fromItem<PurchaseOrder>(i)!);
}

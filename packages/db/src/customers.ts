/**
 * After-sales customers (issue 7): the people who bought a car here or bring one
 * to the workshop. One META item per customer holds the customer and the
 * vehicles (a customer has a handful), so the booking screen, the customer 360
 * and the retention job read a customer with one Get. Claims keep one customer
 * per VIN and per plate in a tenant and one per mobile in a store (a repeat
 * buyer's second car lands on the same customer).
 *
 * Indexes of the META item: GSI1 the store's customers by name, GSI2 the
 * owner's customers, GSI3 (sparse) the store's customers by next retention
 * reminder date, GSI4 the store's customers by mobile, GSI5 (sparse) repeat
 * buyers. Tasks for the customer (plan items) live in its partition.
 */
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { newId, retentionIndexOn } from "@dealeros/core";
import type { Db } from "./client.ts";
import { indexPage } from "./cursor.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll, readPartition } from "./query.ts";
import type { AuditEntry } from "./types.ts";

export type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

export interface CustomerVehicle {
  vin: string;
  plate?: string;
  brand: string;
  modelName: string;
  trimName?: string;
  colourName?: string;
  /** bought here: the handover date and the contract */
  purchasedOn?: string;
  contractId?: string;
  contractNo?: string;
  /** the loan's or lease's last month, from the contract's finance terms */
  loanEndsOn?: string;
  /** the next insurance renewal (yearly) */
  insuranceRenewsOn?: string;
  lastServiceOn?: string;
  lastServiceKm?: number;
  /** the latest odometer reading and its date */
  mileageKm?: number;
  mileageOn?: string;
}

export interface Customer {
  tenantId: string;
  storeId: string;
  customerId: string;
  name: string;
  mobile?: string;
  /** MM-DD */
  birthday?: string;
  gender?: "male" | "female" | "unknown";
  /** who looks after the customer: the selling consultant, or the service advisor for workshop-only customers */
  ownerId: string;
  ownerName: string;
  /** the service advisor who served the customer last */
  advisorId?: string;
  advisorName?: string;
  /** where the customer came from */
  origin: "sales" | "service";
  /** the sales cards that led to purchases (newest last) */
  prospectIds: string[];
  /** cars bought here; two or more = a repeat buyer (重复购买) */
  purchases: number;
  repeatBuyer: boolean;
  /** the customer who referred this one (老客户转介绍), and how many this one referred */
  referredBy?: { customerId: string; name: string };
  referrals: number;
  vehicles: CustomerVehicle[];
  lastVisitOn?: string;
  note?: string;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

const lower = (s: string) => s.trim().toLowerCase();

/** The customer's item with its index attributes; `today` (store-local) places it in the retention index. */
export function customerItem(c: Customer, today: string): Record<string, unknown> {
  const name = lower(c.name);
  const retention = retentionIndexOn({ birthday: c.birthday, vehicles: c.vehicles }, today);
  return {
    ...keys.customer(c.tenantId, c.customerId),
    type: "Customer",
    ...c,
    GSI1PK: keys.storeCustomers(c.tenantId, c.storeId),
    GSI1SK: `${name}#${c.customerId}`,
    GSI2PK: keys.ownerCustomers(c.tenantId, c.ownerId),
    GSI2SK: `${c.storeId}#${name}#${c.customerId}`,
    ...(retention
      ? { GSI3PK: keys.storeRetention(c.tenantId, c.storeId), GSI3SK: `${retention}#${c.customerId}` }
      : {}),
    ...(c.mobile
      ? { GSI4PK: keys.storeCustomerMobiles(c.tenantId, c.storeId), GSI4SK: `${c.mobile}#${c.customerId}` }
      : {}),
    ...(c.repeatBuyer
      ? { GSI5PK: keys.storeRepeatBuyers(c.tenantId, c.storeId), GSI5SK: `${name}#${c.customerId}` }
      : {}),
  };
}

export function customerAuditItem(c: Pick<Customer, "tenantId" | "customerId">, e: AuditEntry) {
  const id = newId();
  return { ...keys.customerAudit(c.tenantId, c.customerId, e.at, id), type: "CustomerAudit", id, ...e };
}

/** Claim items for a customer: VIN and plate per tenant, mobile per store (each must not exist yet). */
export function claimWrites(
  db: Db,
  c: Pick<Customer, "tenantId" | "storeId" | "customerId">,
  claims: { vins?: string[]; plates?: string[]; mobile?: string },
): TransactItems {
  const put = (Key: Record<string, string>, kind: string): TransactItems[number] => ({
    Put: {
      TableName: db.table,
      Item: { ...Key, type: kind, tenantId: c.tenantId, storeId: c.storeId, customerId: c.customerId },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  });
  return [
    ...(claims.vins ?? []).map((v) => put(keys.customerVin(c.tenantId, v), "CustomerVin")),
    ...(claims.plates ?? []).map((p) => put(keys.customerPlate(c.tenantId, p), "CustomerPlate")),
    ...(claims.mobile ? [put(keys.customerMobileClaim(c.tenantId, c.storeId, claims.mobile), "CustomerMobile")] : []),
  ];
}

/** Remove a claim (e.g. a plate that changed): only if it still points to this customer. */
export function releaseClaimWrite(db: Db, key: Record<string, string>, customerId: string): TransactItems[number] {
  return {
    Delete: {
      TableName: db.table,
      Key: key,
      ConditionExpression: "customerId = :c",
      ExpressionAttributeValues: { ":c": customerId },
    },
  };
}

/** A new customer: the META (must not exist), its claims and the audit entry, as transaction items. */
export function createCustomerWrites(db: Db, c: Customer, today: string, audit: AuditEntry): TransactItems {
  return [
    {
      Put: { TableName: db.table, Item: customerItem(c, today), ConditionExpression: "attribute_not_exists(PK)" },
    },
    ...claimWrites(db, c, {
      vins: c.vehicles.map((v) => v.vin),
      plates: c.vehicles.flatMap((v) => (v.plate ? [v.plate] : [])),
      mobile: c.mobile,
    }),
    { Put: { TableName: db.table, Item: customerAuditItem(c, audit) } },
  ];
}

/** Rewrite a customer if its version is still `previousVersion` (the first transaction item). */
export function updateCustomerWrites(
  db: Db,
  next: Customer,
  previousVersion: number,
  today: string,
  audit?: AuditEntry,
): TransactItems {
  return [
    {
      Put: {
        TableName: db.table,
        Item: customerItem(next, today),
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": previousVersion },
      },
    },
    ...(audit ? [{ Put: { TableName: db.table, Item: customerAuditItem(next, audit) } }] : []),
  ];
}

export async function transact(db: Db, items: TransactItems): Promise<void> {
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

export async function getCustomer(db: Db, tenantId: string, customerId: string): Promise<Customer | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.customer(tenantId, customerId), ConsistentRead: true }),
  );
  return fromItem<Customer>(r.Item);
}

/** The customer id a claim points to (VIN, plate or a store's mobile), or undefined: one Get. */
export async function claimedBy(db: Db, key: Record<string, string>): Promise<string | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }));
  return r.Item?.customerId as string | undefined;
}

/** The customer of a VIN in the tenant (two Gets). */
export async function customerByVin(db: Db, tenantId: string, vin: string): Promise<Customer | undefined> {
  const id = await claimedBy(db, keys.customerVin(tenantId, vin));
  return id ? getCustomer(db, tenantId, id) : undefined;
}

/** The customer of a plate in the tenant (two Gets). */
export async function customerByPlate(db: Db, tenantId: string, plate: string): Promise<Customer | undefined> {
  const id = await claimedBy(db, keys.customerPlate(tenantId, plate));
  return id ? getCustomer(db, tenantId, id) : undefined;
}

/** The customer of a mobile number in a store (two Gets). */
export async function customerByMobile(
  db: Db,
  tenantId: string,
  storeId: string,
  mobile: string,
): Promise<Customer | undefined> {
  const id = await claimedBy(db, keys.customerMobileClaim(tenantId, storeId, mobile));
  return id ? getCustomer(db, tenantId, id) : undefined;
}

/** A customer's partition: META, audit (newest last) and tasks — one consistent Query. */
export async function readCustomer(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<{ customer?: Customer; audit: (AuditEntry & { id: string })[]; tasks: Record<string, unknown>[] }> {
  const p = await readPartition(db, keys.customerPartition(tenantId, customerId));
  return {
    customer: fromItem<Customer>(p.meta),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
    tasks: p.children("TASK#").map((i) => fromItem<Record<string, unknown>>(i)!),
  };
}

/**
 * One page of a store's customers: by name prefix (GSI1), or by mobile prefix
 * when `q` is digits (GSI4), or the repeat buyers only (GSI5). One Query.
 */
export async function searchStoreCustomers(
  db: Db,
  tenantId: string,
  storeId: string,
  opts: { q?: string; repeatOnly?: boolean; limit: number; cursor?: string },
): Promise<{ items: Customer[]; cursor?: string }> {
  const q = opts.q?.trim() ?? "";
  const page = (index: "GSI1" | "GSI4" | "GSI5", pk: string, prefix: string) =>
    indexPage<Customer>(db, index, pk, { limit: opts.limit, cursor: opts.cursor, ...(prefix ? { prefix } : {}) });
  if (opts.repeatOnly) return page("GSI5", keys.storeRepeatBuyers(tenantId, storeId), lower(q));
  if (/^\d+$/.test(q)) return page("GSI4", keys.storeCustomerMobiles(tenantId, storeId), q);
  return page("GSI1", keys.storeCustomers(tenantId, storeId), lower(q));
}

/** Every customer an owner looks after in a store (holiday greetings, "my customers"): one Query, all pages. */
export async function listOwnerCustomers(
  db: Db,
  tenantId: string,
  userId: string,
  storeId: string,
): Promise<Customer[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND begins_with(GSI2SK, :s)",
    ExpressionAttributeValues: { ":pk": keys.ownerCustomers(tenantId, userId), ":s": `${storeId}#` },
  });
  return items.map((i) => fromItem<Customer>(i)!);
}

/** The customers of a store whose retention reminder date is on or before `date` (the retention job): all pages. */
export async function listRetentionDue(db: Db, tenantId: string, storeId: string, date: string): Promise<Customer[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK < :end",
    ExpressionAttributeValues: { ":pk": keys.storeRetention(tenantId, storeId), ":end": `${date}#~` },
  });
  return items.map((i) => fromItem<Customer>(i)!);
}

/**
 * The customer after a delivery of this store: a new customer (origin sales), or
 * the existing customer of the same mobile with the car added — then a repeat
 * buyer. Loan end = handover + the loan term; insurance renews a year after.
 */
export function customerAfterDelivery(
  existing: Customer | undefined,
  d: {
    tenantId: string;
    storeId: string;
    customerId: string;
    prospectId: string;
    name: string;
    mobile?: string;
    ownerId: string;
    ownerName: string;
    vehicle: CustomerVehicle;
    at: string;
    by: string;
    byName: string;
  },
): Customer {
  if (existing) {
    const has = existing.vehicles.some((v) => v.vin === d.vehicle.vin);
    const purchases = existing.purchases + (has ? 0 : 1);
    return {
      ...existing,
      prospectIds: existing.prospectIds.includes(d.prospectId)
        ? existing.prospectIds
        : [...existing.prospectIds, d.prospectId],
      vehicles: has ? existing.vehicles : [...existing.vehicles, d.vehicle],
      purchases,
      repeatBuyer: purchases >= 2,
      version: existing.version + 1,
      updatedAt: d.at,
    };
  }
  return {
    tenantId: d.tenantId,
    storeId: d.storeId,
    customerId: d.customerId,
    name: d.name,
    ...(d.mobile ? { mobile: d.mobile } : {}),
    ownerId: d.ownerId,
    ownerName: d.ownerName,
    origin: "sales",
    prospectIds: [d.prospectId],
    purchases: 1,
    repeatBuyer: false,
    referrals: 0,
    vehicles: [d.vehicle],
    version: 1,
    createdAt: d.at,
    createdBy: d.by,
    createdByName: d.byName,
    updatedAt: d.at,
  };
}

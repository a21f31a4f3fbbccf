/**
 * Deals: quotes (报价) and contracts (合同, which are also the sales orders), the
 * tenant's deal settings, the per-store contract number sequence, payments and
 * the dunning log. Key shapes in keys.ts; access patterns in README.md.
 *
 * Index use:
 * - quote: GSI1 store's quotes; GSI2 the card's deals; GSI3 (sparse) the store's
 *   approvals while a quote waits for the sales manager.
 * - contract: GSI1 the store's ledger by number; GSI2 the card's deals; GSI4
 *   (sparse) the store's receivables while money is open, by first open due date.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  type DealSettings,
  type Due,
  firstOpenDue,
  newId,
  type PaymentMethod,
  type PricedLine,
  type QuoteFinance,
  type QuoteTotals,
  type QuoteTradeIn,
  totalDue,
} from "@dealeros/core";
import type { Db } from "./client.ts";
import { indexPage } from "./cursor.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { readPartition } from "./query.ts";
import { getVersioned, putVersioned } from "./settings.ts";
import type { AuditEntry } from "./types.ts";

// ---------- settings ----------

export interface StoredDealSettings extends DealSettings {
  /** 0 = never saved (defaults) */
  version: number;
  updatedAt?: string;
  updatedByName?: string;
}

export function getDealSettings(db: Db, tenantId: string): Promise<StoredDealSettings | undefined> {
  return getVersioned<StoredDealSettings>(db, keys.dealSettings(tenantId));
}

/** Save if the stored version is still `expectedVersion` (0: nothing saved yet); audited in the tenant log. */
export function putDealSettings(
  db: Db,
  tenantId: string,
  s: StoredDealSettings,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  return putVersioned(db, tenantId, keys.dealSettings(tenantId), "DealSettings", s, expectedVersion, audit);
}

// ---------- vehicles on deals ----------

/** What is being sold: a trim from the catalogue, optionally one specific vehicle (VIN). */
export interface DealVehicle {
  brand: string;
  modelCode: string;
  modelName: string;
  trimCode: string;
  trimName: string;
  colourCode?: string;
  colourName?: string;
  /** a specific stock vehicle the quote is for (optional) */
  vehicleId?: string;
  vin?: string;
}

// ---------- quotes ----------

export type QuoteStatus = "open" | "pending_approval" | "approved" | "rejected" | "ordered" | "cancelled";

export interface QuoteApproval {
  /** the discount limit of the person who made the quote when it was made (fen; null = unlimited) */
  limitFen: number | null;
  requestedAt: string;
  decision?: "approved" | "rejected";
  decidedBy?: string;
  decidedByName?: string;
  decidedAt?: string;
  reason?: string;
}

export interface Quote {
  tenantId: string;
  storeId: string;
  quoteId: string;
  prospectId: string;
  customerName: string;
  customerMobile?: string;
  consultantId: string;
  consultantName: string;
  vehicle: DealVehicle;
  listPriceFen: number;
  discountFen: number;
  accessories: PricedLine[];
  insurance: PricedLine[];
  finance?: QuoteFinance;
  tradeIn?: QuoteTradeIn;
  depositFen: number;
  totals: QuoteTotals;
  /** open: can be ordered; pending_approval → approved (can be ordered) | rejected; ordered: a contract was made */
  status: QuoteStatus;
  /** set when the discount was above the maker's limit */
  approval?: QuoteApproval;
  /** the contract made from it */
  contractId?: string;
  validUntil: string;
  note?: string;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

/** The item of a quote with its index attributes. */
export function quoteItem(q: Quote): Record<string, unknown> {
  return {
    ...keys.quote(q.tenantId, q.quoteId),
    type: "Quote",
    ...q,
    GSI1PK: keys.storeQuotes(q.tenantId, q.storeId),
    GSI1SK: `${q.createdAt}#${q.quoteId}`,
    GSI2PK: keys.prospectDeals(q.tenantId, q.prospectId),
    GSI2SK: `Q#${q.createdAt}#${q.quoteId}`,
    ...(q.status === "pending_approval"
      ? {
          GSI3PK: keys.storeApprovals(q.tenantId, q.storeId),
          GSI3SK: `${q.approval?.requestedAt ?? q.createdAt}#${q.quoteId}`,
        }
      : {}),
  };
}

export function quoteAuditItem(q: Pick<Quote, "tenantId" | "quoteId">, e: AuditEntry): Record<string, unknown> {
  const id = newId();
  return { ...keys.quoteAudit(q.tenantId, q.quoteId, e.at, id), type: "QuoteAudit", id, ...e };
}

export async function getQuote(db: Db, tenantId: string, quoteId: string): Promise<Quote | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.quote(tenantId, quoteId), ConsistentRead: true }),
  );
  return fromItem<Quote>(r.Item);
}

/** A quote with its audit trail (one consistent Query of its partition). */
export async function getQuoteWithAudit(
  db: Db,
  tenantId: string,
  quoteId: string,
): Promise<{ quote?: Quote; audit: (AuditEntry & { id: string })[] }> {
  const p = await readPartition(db, keys.quotePartition(tenantId, quoteId));
  return {
    quote: fromItem<Quote>(p.meta),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
  };
}

// ---------- contracts ----------

// the payment methods are defined with the payment input in core (contracts.ts)
export { PAYMENT_METHODS, type PaymentMethod } from "@dealeros/core";

export interface Payment {
  paymentId: string;
  amountFen: number;
  method: PaymentMethod;
  /** bank reference, POS slip or receipt number */
  reference: string;
  note?: string;
  at: string;
  by: string;
  byName: string;
}

/** A payment request (付款通知书) made on a contract: what was asked of the customer, by when, by whom. */
export interface PaymentRequest {
  id: string;
  amountFen: number;
  /** store-local date (YYYY-MM-DD) the money is asked for */
  dueDate: string;
  at: string;
  by: string;
  byName: string;
  note?: string;
}

export type ContractState = "signed" | "delivered" | "cancelled";

export interface Contract {
  tenantId: string;
  storeId: string;
  contractId: string;
  /** per-store sequence, 1, 2, 3 … without gaps */
  seq: number;
  /** printed number, e.g. HT-000123 */
  contractNo: string;
  quoteId: string;
  prospectId: string;
  customerName: string;
  customerMobile?: string;
  consultantId: string;
  consultantName: string;
  vehicle: DealVehicle;
  quantity: 1;
  totals: QuoteTotals;
  finance?: QuoteFinance;
  tradeIn?: QuoteTradeIn;
  accessories: PricedLine[];
  insurance: PricedLine[];
  /** the store-local date of signing */
  signedDate: string;
  deliveryMethod: "store_pickup" | "home_delivery";
  expectedDeliveryDate: string;
  /** what is owed and when (deposit, balance, loan disbursement); adds up to totals.payableFen */
  dues: Due[];
  /** sum of the dues */
  dueFen: number;
  /** sum of the payments; balance = dueFen − paidFen, never negative */
  paidFen: number;
  /** the stock vehicle allocated to this contract (a conditional write on the vehicle) */
  allocation?: { vehicleId: string; vin: string; at: string; byName: string };
  /** no stock: the PO line the vehicle will come from */
  poLink?: { poId: string; line: number; at: string; byName: string };
  /** the loan: applied → approved (covers the loan due) → disbursed (a payment of method loan_disbursement) */
  loan?: { status: "applied" | "approved" | "declined"; at: string; byName: string; reference?: string };
  /** finance (财务) confirmed the money although a payment is not recorded yet */
  financeConfirmed?: { at: string; by: string; byName: string; note: string };
  invoiceNo?: string;
  /** stock release (出库) recorded with the invoice */
  stockReleasedAt?: string;
  delivery?: {
    appointmentAt?: string;
    checklist?: Record<string, boolean>;
    photoKeys?: string[];
    customerSigned?: boolean;
    deliveredAt?: string;
    deliveredBy?: string;
    deliveredByName?: string;
    /** keys handed to the customer, a note on the handover, the appointment's note */
    keysHandedOver?: number;
    note?: string;
    appointmentNote?: string;
  };
  /** the dunning job's state: reminders since the last payment, escalation */
  dunning?: {
    lastRemindedOn?: string;
    reminders: number;
    ignored: number;
    escalatedAt?: string;
    /** paid at the last reminder: more paid since = a payment came (ignored starts again) */
    paidFen?: number;
  };
  /** payment requests (付款通知书) sent to the customer, oldest first; the last 20 kept */
  paymentRequests?: PaymentRequest[];
  state: ContractState;
  cancelled?: { at: string; byName: string; reason: string };
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

export function balanceOf(c: Pick<Contract, "dueFen" | "paidFen">): number {
  return c.dueFen - c.paidFen;
}

export function contractNumber(seq: number): string {
  return `HT-${String(seq).padStart(6, "0")}`;
}

/** The item of a contract with its index attributes (the receivables index only while money is open). */
export function contractItem(c: Contract): Record<string, unknown> {
  const open = c.state !== "cancelled" && c.paidFen < c.dueFen ? firstOpenDue(c.dues, c.paidFen) : undefined;
  return {
    ...keys.contract(c.tenantId, c.contractId),
    type: "Contract",
    ...c,
    GSI1PK: keys.storeContracts(c.tenantId, c.storeId),
    GSI1SK: String(c.seq).padStart(10, "0"),
    GSI2PK: keys.prospectDeals(c.tenantId, c.prospectId),
    GSI2SK: `C#${c.createdAt}#${c.contractId}`,
    // reports: a store's contracts by signing date (the orders of a day)
    GSI5PK: keys.storeSignedContracts(c.tenantId, c.storeId),
    GSI5SK: `${c.signedDate}#${c.contractId}`,
    ...(open
      ? { GSI4PK: keys.storeReceivables(c.tenantId, c.storeId), GSI4SK: `${open.dueDate}#${c.contractId}` }
      : {}),
  };
}

export function contractAuditItem(
  c: Pick<Contract, "tenantId" | "contractId">,
  e: AuditEntry,
): Record<string, unknown> {
  const id = newId();
  return { ...keys.contractAudit(c.tenantId, c.contractId, e.at, id), type: "ContractAudit", id, ...e };
}

/** The last contract number a store used (0: none yet), read consistently. */
export async function lastContractSeq(db: Db, tenantId: string, storeId: string): Promise<number> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.contractSequence(tenantId, storeId), ConsistentRead: true }),
  );
  return (r.Item?.last as number | undefined) ?? 0;
}

/**
 * Make a contract from a quote in one transaction: the store's sequence moves
 * from `c.seq − 1` to `c.seq` (so a number is used exactly once and only when the
 * contract is written — no gaps, no duplicates), the contract, the quote marked
 * ordered (if still `quoteVersion`), the audit entry and any `extra` writes
 * (e.g. the card graded O). A cancelled transaction means: someone took the
 * number (read the sequence again and retry) or the quote changed.
 */
export async function createContract(
  db: Db,
  c: Contract,
  quoteVersion: number,
  audit: AuditEntry,
  extra: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]>["TransactItems"] = [],
): Promise<void> {
  if (totalDue(c.dues) !== c.dueFen) throw new Error("contract dues do not add up");
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: db.table,
            Key: keys.contractSequence(c.tenantId, c.storeId),
            UpdateExpression: "SET #last = :seq, updatedAt = :at",
            ConditionExpression: c.seq === 1 ? "attribute_not_exists(PK)" : "#last = :prev",
            // a number taken meanwhile: the cancellation carries the sequence as it is now (no re-read needed)
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            ExpressionAttributeNames: { "#last": "last" },
            ExpressionAttributeValues: {
              ":seq": c.seq,
              ":at": c.createdAt,
              ...(c.seq === 1 ? {} : { ":prev": c.seq - 1 }),
            },
          },
        },
        { Put: { TableName: db.table, Item: contractItem(c), ConditionExpression: "attribute_not_exists(PK)" } },
        {
          Update: {
            TableName: db.table,
            Key: keys.quote(c.tenantId, c.quoteId),
            UpdateExpression:
              "SET #s = :ordered, contractId = :cid, version = version + :one, updatedAt = :at REMOVE GSI3PK, GSI3SK",
            ConditionExpression: "version = :qv AND #s IN (:open, :approved)",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: {
              ":ordered": "ordered",
              ":cid": c.contractId,
              ":one": 1,
              ":at": c.createdAt,
              ":qv": quoteVersion,
              ":open": "open",
              ":approved": "approved",
            },
          },
        },
        { Put: { TableName: db.table, Item: contractAuditItem(c, audit) } },
        ...(extra ?? []),
      ],
    }),
  );
}

/**
 * Write a changed contract if nobody changed it since it was read (same
 * version), with its audit entry and any extra writes in the same transaction.
 * `next.version` must be `previousVersion + 1`.
 */
export async function updateContract(
  db: Db,
  next: Contract,
  previousVersion: number,
  audit: AuditEntry,
  extra: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]>["TransactItems"] = [],
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: contractItem(next),
            ConditionExpression: "attribute_exists(PK) AND version = :v",
            ExpressionAttributeValues: { ":v": previousVersion },
          },
        },
        { Put: { TableName: db.table, Item: contractAuditItem(next, audit) } },
        ...(extra ?? []),
      ],
    }),
  );
}

/** A payment item, to write with updateContract (its SK is unique: time + ULID). */
export function paymentItem(c: Pick<Contract, "tenantId" | "contractId">, p: Payment): Record<string, unknown> {
  return { ...keys.contractPayment(c.tenantId, c.contractId, p.at, p.paymentId), type: "Payment", ...p };
}

export interface Reminder {
  date: string;
  at: string;
  /** "before_due" | "overdue" */
  phase: "before_due" | "overdue";
  dueKind: Due["kind"];
  dueDate: string;
  openFen: number;
  /** the person reminded (the responsible consultant) */
  toUserId: string;
  toName: string;
  /** set when this reminder escalated to the sales manager(s) */
  escalatedTo?: string[];
}

export function reminderItem(c: Pick<Contract, "tenantId" | "contractId">, r: Reminder): Record<string, unknown> {
  return { ...keys.contractReminder(c.tenantId, c.contractId, r.date), type: "Reminder", ...r };
}

export async function getContract(db: Db, tenantId: string, contractId: string): Promise<Contract | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.contract(tenantId, contractId), ConsistentRead: true }),
  );
  return fromItem<Contract>(r.Item);
}

/** A contract with its payments, dunning log and audit trail (one consistent Query of its partition). */
export async function getContractWithHistory(
  db: Db,
  tenantId: string,
  contractId: string,
): Promise<{
  contract?: Contract;
  payments: Payment[];
  reminders: Reminder[];
  audit: (AuditEntry & { id: string })[];
}> {
  const p = await readPartition(db, keys.contractPartition(tenantId, contractId));
  return {
    contract: fromItem<Contract>(p.meta),
    payments: p.children("PAY#").map((i) => fromItem<Payment>(i)!),
    reminders: p.children("REMIND#").map((i) => fromItem<Reminder>(i)!),
    audit: p.children("AUDIT#").map((i) => fromItem<AuditEntry & { id: string }>(i)!),
  };
}

export interface ContractPage {
  items: Contract[];
  cursor?: string;
}

/**
 * A page of a store's open receivables, earliest first open due date first: one
 * Query (the dunning job and the aged-receivables view follow the pages).
 */
export async function listStoreReceivables(
  db: Db,
  tenantId: string,
  storeId: string,
  opts: { limit?: number; cursor?: string } = {},
): Promise<ContractPage> {
  return indexPage<Contract>(db, "GSI4", keys.storeReceivables(tenantId, storeId), {
    limit: opts.limit ?? 500,
    cursor: opts.cursor,
  });
}

/** A card's quotes and contracts, newest first within each kind: one Query. */
export async function listProspectDeals(
  db: Db,
  tenantId: string,
  prospectId: string,
): Promise<{ quotes: Quote[]; contracts: Contract[] }> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.prospectDeals(tenantId, prospectId) },
      ScanIndexForward: false,
      Limit: 200,
    }),
  );
  const items = r.Items ?? [];
  return {
    quotes: items.filter((i) => i.type === "Quote").map((i) => fromItem<Quote>(i)!),
    contracts: items.filter((i) => i.type === "Contract").map((i) => fromItem<Contract>(i)!),
  };
}

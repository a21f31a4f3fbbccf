/** Prospect cards (潜客卡), the one-active-prospect-per-mobile claim, and their audit trail. */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type Grade, newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import type { FollowUpRecord } from "./followup.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { type PlanFields, planIndexes } from "./plan.ts";
import { readPartition } from "./query.ts";
import type { StoredShowroomSettings } from "./settings.ts";
import { advancePointer } from "./showroom.ts";
import type { AuditEntry, Store, WalkIn } from "./types.ts";

export interface Prospect {
  tenantId: string;
  storeId: string;
  prospectId: string;
  name: string;
  mobile?: string;
  phone?: string;
  email?: string;
  gender: "male" | "female" | "unknown";
  city?: string;
  source: WalkIn["source"];
  subSource?: string;
  intendedModel?: string;
  note?: string;
  ownerId: string;
  ownerName: string;
  origin: { kind: "manual" | "walk_in" | "call" | "lead" | "import"; walkInId?: string; row?: number };
  status: "active" | "closed";
  grade: Grade | null;
  /** when the first call was logged (internet leads must be answered within the tenant's time) */
  firstResponseAt?: string;
  /** an internet lead's first-response deadline (a plan item of kind first_response) */
  firstResponseDue?: { at: string; date: string };
  /** the 10 key facts (needs analysis), once filled in */
  needs?: Record<string, unknown>;
  /** when the next follow-up is due, from the grade's cadence */
  nextFollowUpAt?: string;
  /** a consultant's request to close the card as lost (战败), waiting for the supervisor */
  lostRequest?: { reason: string; note?: string; requestedBy: string; requestedByName: string; at: string };
  /** the approved loss: reason counted by reports */
  lost?: { reason: string; note?: string; approvedBy: string; approvedByName: string; at: string };
  /** the card became a customer: the vehicle of this contract was delivered */
  customer?: { since: string; contractId: string; contractNo: string };
  /** 老客户转介绍 (issue 7): the customer who referred this prospect */
  referral?: { customerId: string; name: string };
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  updatedAt: string;
}

/** A new active, ungraded card (version 1): the caller gives who, where, from what and the customer's fields. */
export function newCard(
  fields: Omit<Prospect, "status" | "grade" | "version" | "createdAt" | "updatedAt">,
  at: string,
): Prospect {
  return { ...fields, status: "active", grade: null, version: 1, createdAt: at, updatedAt: at };
}

export interface MobileClaim {
  prospectId: string;
  ownerId: string;
  ownerName: string;
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

function prospectItem(p: Prospect) {
  return {
    ...keys.prospect(p.tenantId, p.prospectId),
    GSI1PK: keys.storeProspects(p.tenantId, p.storeId),
    GSI1SK: `${p.createdAt}#${p.prospectId}`,
    GSI2PK: keys.ownerProspects(p.tenantId, p.ownerId),
    GSI2SK: `${p.createdAt}#${p.prospectId}`,
    ...(p.status === "active" && p.nextFollowUpAt
      ? { GSI3PK: keys.storeFollowUps(p.tenantId, p.storeId), GSI3SK: `${p.nextFollowUpAt}#${p.prospectId}` }
      : {}),
    // reports: a closed lost card leaves the follow-up index and joins the store's lost cards by time
    ...(p.status === "closed" && p.lost
      ? { GSI3PK: keys.storeLostProspects(p.tenantId, p.storeId), GSI3SK: `${p.lost.at}#${p.prospectId}` }
      : {}),
    ...(p.mobile
      ? { GSI4PK: keys.storeProspectMobiles(p.tenantId, p.storeId), GSI4SK: `${p.mobile}#${p.prospectId}` }
      : {}),
    GSI5PK: keys.storeProspectNames(p.tenantId, p.storeId),
    GSI5SK: `${p.name.toLowerCase()}#${p.prospectId}`,
    type: "Prospect",
    ...p,
  };
}

function claimItem(p: Prospect) {
  return {
    ...keys.prospectMobileClaim(p.tenantId, p.storeId, p.mobile!),
    type: "ProspectMobileClaim",
    prospectId: p.prospectId,
    ownerId: p.ownerId,
    ownerName: p.ownerName,
  };
}

/** The first-response plan item of a lead card, in the card's partition. */
function firstResponseItem(p: Prospect, status: PlanFields["status"]) {
  const due = p.firstResponseDue!;
  const fields: PlanFields = {
    tenantId: p.tenantId,
    storeId: p.storeId,
    kind: "first_response",
    id: p.prospectId,
    ownerId: p.ownerId,
    ownerName: p.ownerName,
    dueAt: due.at,
    date: due.date,
    status,
    title: p.name,
    prospectId: p.prospectId,
  };
  return {
    PK: keys.prospectPartition(p.tenantId, p.prospectId),
    SK: "FIRST_RESPONSE",
    type: "FirstResponse",
    ...planIndexes(fields),
    ...fields,
    source: p.source,
    subSource: p.subSource,
    receivedAt: p.createdAt,
  };
}

/** A lead's first response is still owed: the item follows the card to a new owner. */
function openFirstResponse(p: Prospect): boolean {
  return !!p.firstResponseDue && !p.firstResponseAt;
}

/** Take the first-response item out of the open-work indexes (answered or card closed). */
function settleFirstResponse(db: Db, p: Prospect, status: "done" | "cancelled", at: string): TransactItems[number] {
  return {
    Update: {
      TableName: db.table,
      Key: { PK: keys.prospectPartition(p.tenantId, p.prospectId), SK: "FIRST_RESPONSE" },
      UpdateExpression: "SET #s = :s, doneAt = :at, late = :late REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK",
      ConditionExpression: "attribute_exists(PK)",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": status, ":at": at, ":late": status === "done" && at > p.firstResponseDue!.at },
    },
  };
}

function auditItem(p: Prospect, e: AuditEntry) {
  return { ...keys.prospectAudit(p.tenantId, p.prospectId, e.at, newId()), type: "ProspectAudit", ...e };
}

/**
 * Create a prospect: the card, its audit entry and (with a mobile) the claim that
 * makes it the store's only active prospect for that number — all or nothing.
 * From a walk-in, the walk-in is linked in the same transaction (version checked).
 * Index of the claim in the transaction: 1 (callers map its failure to "already owned").
 */
export async function createProspect(
  db: Db,
  p: Prospect,
  audit: AuditEntry,
  fromWalkIn?: { walkIn: WalkIn; expectedVersion: number },
  /** more writes of the same transaction, last (issue 7: the referring customer's count) */
  extra: TransactItems = [],
): Promise<void> {
  const items: TransactItems = [
    { Put: { TableName: db.table, Item: prospectItem(p), ConditionExpression: "attribute_not_exists(PK)" } },
  ];
  if (p.mobile)
    items.push({ Put: { TableName: db.table, Item: claimItem(p), ConditionExpression: "attribute_not_exists(PK)" } });
  items.push({ Put: { TableName: db.table, Item: auditItem(p, audit) } });
  if (fromWalkIn) items.push(linkWalkIn(db, fromWalkIn.walkIn, p.prospectId, fromWalkIn.expectedVersion));
  items.push(...extra);
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Link a walk-in to a prospect (a returning customer's walk-in, or the walk-in a card was made from). */
export function linkWalkIn(db: Db, w: WalkIn, prospectId: string, expectedVersion: number): TransactItems[number] {
  return {
    Update: {
      TableName: db.table,
      Key: keys.walkIn(w.tenantId, w.walkInId),
      UpdateExpression: "SET prospectId = :p, version = version + :one, updatedAt = :now",
      ConditionExpression: "version = :v AND attribute_not_exists(prospectId)",
      ExpressionAttributeValues: {
        ":p": prospectId,
        ":one": 1,
        ":now": new Date().toISOString(),
        ":v": expectedVersion,
      },
    },
  };
}

export async function linkWalkInOnly(db: Db, w: WalkIn, prospectId: string, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        linkWalkIn(db, w, prospectId, w.version),
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.walkInAudit(w.tenantId, w.walkInId, audit.at, newId()), type: "WalkInAudit", ...audit },
          },
        },
      ],
    }),
  );
}

export async function getMobileClaim(
  db: Db,
  tenantId: string,
  storeId: string,
  mobile: string,
): Promise<MobileClaim | undefined> {
  const r = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.prospectMobileClaim(tenantId, storeId, mobile),
      ConsistentRead: true,
    }),
  );
  return fromItem<MobileClaim>(r.Item);
}

export interface CallRecord {
  callId: string;
  at: string;
  direction: "inbound" | "outbound";
  durationSeconds: number;
  outcome: "appointment" | "info_given" | "no_answer" | "invalid";
  note?: string;
  by: string;
  byName: string;
}

/** Log a call on a card; the first call also stamps the card's first response. */
export async function logCall(db: Db, p: Prospect, call: CallRecord, audit: AuditEntry): Promise<void> {
  const items: TransactItems = [
    {
      Put: {
        TableName: db.table,
        Item: {
          PK: keys.prospectPartition(p.tenantId, p.prospectId),
          SK: `CALL#${call.at}#${call.callId}`,
          type: "Call",
          ...call,
        },
      },
    },
    { Put: { TableName: db.table, Item: auditItem(p, audit) } },
  ];
  if (openFirstResponse(p)) items.push(settleFirstResponse(db, p, "done", call.at));
  if (!p.firstResponseAt) {
    items.push({
      Update: {
        TableName: db.table,
        Key: keys.prospect(p.tenantId, p.prospectId),
        UpdateExpression: "SET firstResponseAt = :at, version = version + :one, updatedAt = :at",
        ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(firstResponseAt)",
        ExpressionAttributeValues: { ":at": call.at, ":one": 1 },
      },
    });
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** One round trip: the card, its calls and its audit trail (one partition). */
export async function getProspectWithAudit(
  db: Db,
  tenantId: string,
  prospectId: string,
): Promise<{ prospect?: Prospect; audit: AuditEntry[]; calls: CallRecord[]; followUps: FollowUpRecord[] }> {
  const part = await readPartition(db, keys.prospectPartition(tenantId, prospectId));
  return {
    prospect: fromItem<Prospect>(part.meta),
    followUps: part
      .children("FOLLOWUP#")
      .map((i) => fromItem<FollowUpRecord>(i)!)
      .reverse(),
    audit: part.children("AUDIT#").map((i) => fromItem<AuditEntry>(i)!),
    calls: part
      .children("CALL#")
      .map((i) => fromItem<CallRecord>(i)!)
      .reverse(),
  };
}

export async function getProspect(db: Db, tenantId: string, prospectId: string): Promise<Prospect | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.prospect(tenantId, prospectId), ConsistentRead: true }),
  );
  return fromItem<Prospect>(r.Item);
}

/** A changed card (version checked) and its audit entries, as transaction items. */
export function saveItems(db: Db, next: Prospect, expectedVersion: number, audits: AuditEntry[]): TransactItems {
  return [
    {
      Put: {
        TableName: db.table,
        Item: prospectItem(next),
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": expectedVersion },
      },
    },
    ...audits.map((a) => ({ Put: { TableName: db.table, Item: auditItem(next, a) } })),
  ];
}

/** Transfer a card to another consultant: the card (new owner index), the claim and an audit entry together. */
export async function transferProspect(
  db: Db,
  next: Prospect,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  const items = saveItems(db, next, expectedVersion, [audit]);
  if (next.mobile) items.push({ Put: { TableName: db.table, Item: claimItem(next) } });
  if (openFirstResponse(next)) items.push({ Put: { TableName: db.table, Item: firstResponseItem(next, "open") } });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Close a card as lost: the card (version checked), its audit entries, and the mobile released for a new card later. */
export async function closeProspect(
  db: Db,
  next: Prospect,
  expectedVersion: number,
  audits: AuditEntry[],
): Promise<void> {
  const items = saveItems(db, next, expectedVersion, audits);
  if (openFirstResponse(next)) items.push(settleFirstResponse(db, next, "cancelled", next.updatedAt));
  if (next.mobile) {
    items.push({
      Delete: {
        TableName: db.table,
        Key: keys.prospectMobileClaim(next.tenantId, next.storeId, next.mobile),
        ConditionExpression: "attribute_not_exists(PK) OR prospectId = :p",
        ExpressionAttributeValues: { ":p": next.prospectId },
      },
    });
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Save a changed card (version checked) with its audit entries, in one transaction. */
export async function saveProspect(
  db: Db,
  next: Prospect,
  expectedVersion: number,
  audits: AuditEntry[],
): Promise<void> {
  await db.doc.send(new TransactWriteCommand({ TransactItems: saveItems(db, next, expectedVersion, audits) }));
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface ApiKey {
  tenantId: string;
  keyId: string;
  storeId: string;
  name: string;
  secretHash: string;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

export async function putApiKey(db: Db, k: ApiKey): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.apiKey(k.tenantId, k.keyId), type: "ApiKey", ...k },
      ConditionExpression: "attribute_not_exists(PK)",
    }),
  );
}

export async function getApiKey(db: Db, tenantId: string, keyId: string): Promise<ApiKey | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.apiKey(tenantId, keyId) }));
  return fromItem<ApiKey>(r.Item);
}

/** One round trip: an API key, the store it names and the tenant's showroom settings. */
export async function getApiKeyAndStore(
  db: Db,
  tenantId: string,
  keyId: string,
  storeId: string,
): Promise<{ key?: ApiKey; store?: Store; settings?: StoredShowroomSettings }> {
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: {
        [db.table]: {
          Keys: [keys.apiKey(tenantId, keyId), keys.store(tenantId, storeId), keys.showroomSettings(tenantId)],
        },
      },
    }),
  );
  const items = r.Responses?.[db.table] ?? [];
  return {
    key: fromItem<ApiKey>(items.find((i) => String(i.SK).startsWith("KEY#"))),
    store: fromItem<Store>(items.find((i) => String(i.SK).startsWith("STORE#"))),
    settings: fromItem<StoredShowroomSettings>(items.find((i) => i.SK === "SETTINGS#SHOWROOM")),
  };
}

export async function listApiKeys(db: Db, tenantId: string): Promise<ApiKey[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.apiKeys(tenantId) },
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<ApiKey>(i)!);
}

export async function revokeApiKey(db: Db, tenantId: string, keyId: string, at: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.apiKey(tenantId, keyId),
      UpdateExpression: "SET revokedAt = if_not_exists(revokedAt, :at)",
      ConditionExpression: "attribute_exists(PK)",
      ExpressionAttributeValues: { ":at": at },
    }),
  );
}

function leadKeyPut(
  db: Db,
  p: Pick<Prospect, "tenantId" | "storeId" | "prospectId">,
  leadKey: string,
  attached: boolean,
  at: string,
) {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...keys.leadKey(p.tenantId, p.storeId, leadKey),
        type: "LeadKey",
        prospectId: p.prospectId,
        attached,
        createdAt: at,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

export interface LeadRecord {
  prospectId: string;
  attached: boolean;
  createdAt: string;
}

/** One round trip: the lead's idempotency record, the mobile's active card, and today's floor. */
export async function getLeadContext(
  db: Db,
  tenantId: string,
  storeId: string,
  leadKey: string | undefined,
  mobile: string | undefined,
  date: string,
) {
  // the tenant's settings ride along: the rotation skip's overdue limit, at no extra round trip
  const Keys: Record<string, string>[] = [keys.floor(tenantId, storeId, date), keys.showroomSettings(tenantId)];
  if (leadKey) Keys.push(keys.leadKey(tenantId, storeId, leadKey));
  if (mobile) Keys.push(keys.prospectMobileClaim(tenantId, storeId, mobile));
  const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys, ConsistentRead: true } } }));
  const items = r.Responses?.[db.table] ?? [];
  return {
    floorItem: items.find((i) => String(i.PK).endsWith("#FLOOR")),
    rotationOverdueLimit: items.find((i) => i.SK === "SETTINGS#SHOWROOM")?.rotationOverdueLimit as number | undefined,
    lead: fromItem<LeadRecord>(items.find((i) => i.SK === "LEAD")),
    claim: fromItem<MobileClaim>(items.find((i) => i.SK === "PROSPECT")),
  };
}

/**
 * A new internet lead: card + claim + audit + idempotency record + rotation pointer
 * (version checked, shared with walk-ins), all or nothing. Indexes: 0 card, 1 lead key,
 * 2 pointer, then claim (if a mobile) — a failed lead key means "posted before".
 */
export async function createLeadProspect(
  db: Db,
  p: Prospect,
  audit: AuditEntry,
  leadKey: string | undefined,
  rotation: { advance: boolean; readVersion: number | null; checkedInAt?: string; date: string },
): Promise<void> {
  const items: TransactItems = [
    { Put: { TableName: db.table, Item: prospectItem(p), ConditionExpression: "attribute_not_exists(PK)" } },
  ];
  if (leadKey) items.push(leadKeyPut(db, p, leadKey, false, p.createdAt));
  if (rotation.advance)
    items.push(
      advancePointer(
        db,
        p.tenantId,
        p.storeId,
        rotation.date,
        p.ownerId,
        rotation.checkedInAt,
        rotation.readVersion,
        p.createdAt,
      ),
    );
  if (p.mobile)
    items.push({ Put: { TableName: db.table, Item: claimItem(p), ConditionExpression: "attribute_not_exists(PK)" } });
  items.push({ Put: { TableName: db.table, Item: auditItem(p, audit) } });
  if (p.firstResponseDue) items.push({ Put: { TableName: db.table, Item: firstResponseItem(p, "open") } });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** A lead for a mobile that already has a card: an interest event on that card, recorded once. */
export async function attachLead(db: Db, p: Prospect, audit: AuditEntry, leadKey: string | undefined): Promise<void> {
  const items: TransactItems = [{ Put: { TableName: db.table, Item: auditItem(p, audit) } }];
  if (leadKey) items.push(leadKeyPut(db, p, leadKey, true, audit.at));
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/**
 * A card imported from a spreadsheet row: card + claim (with a mobile) + the row's
 * import key (attribute_not_exists: the same row never makes a second card) + audit
 * entries, all or nothing. Indexes: 0 card, 1 claim (if a mobile), then the import key.
 */
export async function createImportedProspect(
  db: Db,
  p: Prospect,
  audits: AuditEntry[],
  importKey: string,
): Promise<void> {
  const items: TransactItems = [
    { Put: { TableName: db.table, Item: prospectItem(p), ConditionExpression: "attribute_not_exists(PK)" } },
  ];
  if (p.mobile)
    items.push({ Put: { TableName: db.table, Item: claimItem(p), ConditionExpression: "attribute_not_exists(PK)" } });
  items.push({
    Put: {
      TableName: db.table,
      Item: {
        ...keys.prospectImportKey(p.tenantId, p.storeId, importKey),
        type: "ProspectImportKey",
        prospectId: p.prospectId,
        row: p.origin.row,
        createdAt: p.updatedAt,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  });
  for (const a of audits) items.push({ Put: { TableName: db.table, Item: auditItem(p, a) } });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

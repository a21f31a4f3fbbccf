/**
 * OEM network reporting (rule 21). Platform items outside any tenant:
 *   OEM#<oemId> / META, REGION#<regionId>        the OEM and its regions (GSI1 = OEM directory)
 *   OEM#<oemId>#USERS / USER#<userId>             OEM user accounts (login item `LOGIN#<email>` with kind "oem")
 *   OEM#<oemId>#USER#<userId>#SESSIONS            OEM sessions (never readable as a tenant session)
 *   OEM#<oemId>#REGION#<r>#DEALERS / <s>#<brand>  the region's linked dealers with their consent
 *   OEM#<oemId>#REGION#<r>#KPI / M#… D#…          KPI snapshots (aggregates only; GSI1 = one dealer's history)
 *   OEM#<oemId>#REGION#<r>#COMPLAINTS             complaints forwarded to the OEM, without personal data
 * Tenant side: T#<t>#STORE#<s>#OEMLINKS / BRAND#<brand> (link + consent), AUDIT#…, RUN#<job>#<period>.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { newId, type OemKpiFigures, type OemRole } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";
import type { AuditEntry } from "./types.ts";

export interface Oem {
  oemId: string;
  name: string;
  brands: string[];
  createdAt: string;
}

export interface OemRegion {
  oemId: string;
  regionId: string;
  name: string;
  createdAt: string;
}

export interface OemUser {
  oemId: string;
  userId: string;
  email: string;
  name: string;
  role: OemRole;
  /** a regional rep's region */
  regionId?: string;
  active: boolean;
  createdAt: string;
}

export interface OemSessionRecord {
  oemId: string;
  userId: string;
  createdAt: string;
  expiresAt: number;
}

/** A store's link of one franchised brand to an OEM region, with the group's consent to share KPIs. */
export interface StoreOemLink {
  tenantId: string;
  storeId: string;
  brand: string;
  oemId: string;
  oemName: string;
  regionId: string;
  regionName: string;
  dealerCode: string;
  consent: boolean;
  consentedAt?: string;
  revokedAt?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
  updatedByName: string;
}

/** What the OEM sees of a linked dealer (store × brand): business data only. */
export interface OemDealer {
  oemId: string;
  regionId: string;
  storeId: string;
  brand: string;
  dealerCode: string;
  storeName: string;
  city: string;
  consent: boolean;
  /** since when the current consent state holds */
  since: string;
}

export interface OemKpiSnapshot extends OemKpiFigures {
  oemId: string;
  regionId: string;
  storeId: string;
  brand: string;
  dealerCode: string;
  storeName: string;
  city: string;
  kind: "month" | "day";
  /** YYYY-MM or YYYY-MM-DD */
  period: string;
  /** the last local day the figures include */
  through: string;
  /** false for a month still running (month to date) */
  complete: boolean;
}

/** A complaint forwarded to the OEM: categories, times and the store's (redacted) note — no customer data. */
export interface OemComplaint {
  oemId: string;
  regionId: string;
  storeId: string;
  storeName: string;
  dealerCode: string;
  complaintId: string;
  category: string;
  severity: string;
  channel: string;
  state: string;
  loggedAt: string;
  flaggedAt: string;
  note: string;
  respondedLate: boolean | null;
  resolvedAt?: string;
  satisfaction?: number;
}

const chunk = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

/** Put many items (25 per request, unprocessed ones retried). */
async function batchPut(db: Db, items: Record<string, unknown>[]): Promise<void> {
  for (const part of chunk(items, 25)) {
    let pending: Record<string, unknown>[] = part.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      const r = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending as never } }));
      pending = (r.UnprocessedItems?.[db.table] as Record<string, unknown>[] | undefined) ?? [];
      if (pending.length) await new Promise((res) => setTimeout(res, Math.min(1000, 50 * 2 ** attempt)));
    }
  }
}

// ---------- platform: OEMs, regions, users ----------

export async function createOem(db: Db, oem: Oem): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.oem(oem.oemId), GSI1PK: keys.oemDirectory(), GSI1SK: `${oem.oemId}#META`, type: "Oem", ...oem },
      ConditionExpression: "attribute_not_exists(PK)",
    }),
  );
}

export async function createRegion(db: Db, r: OemRegion): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: db.table,
            Key: keys.oem(r.oemId),
            ConditionExpression: "attribute_exists(PK)",
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.oemRegion(r.oemId, r.regionId),
              GSI1PK: keys.oemDirectory(),
              GSI1SK: `${r.oemId}#REGION#${r.regionId}`,
              type: "OemRegion",
              ...r,
            },
          },
        },
      ],
    }),
  );
}

/** Every OEM with its regions: one Query on the directory. */
export async function listOems(db: Db): Promise<(Oem & { regions: OemRegion[] })[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.oemDirectory() },
  });
  const oems = items.filter((i) => i.type === "Oem").map((i) => ({ ...fromItem<Oem>(i)!, regions: [] as OemRegion[] }));
  for (const i of items.filter((x) => x.type === "OemRegion")) {
    const r = fromItem<OemRegion>(i)!;
    oems.find((o) => o.oemId === r.oemId)?.regions.push(r);
  }
  for (const o of oems) o.regions.sort((a, b) => a.name.localeCompare(b.name));
  return oems.sort((a, b) => a.name.localeCompare(b.name));
}

/** An OEM with its regions: one Query on its partition. */
export async function getOem(db: Db, oemId: string): Promise<(Oem & { regions: OemRegion[] }) | undefined> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.oemPartition(oemId) },
  });
  const meta = items.find((i) => i.SK === "META");
  if (!meta) return undefined;
  return {
    ...fromItem<Oem>(meta)!,
    regions: items
      .filter((i) => String(i.SK).startsWith("REGION#"))
      .map((i) => fromItem<OemRegion>(i)!)
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** A user and its login item (the email is unique across tenants and OEMs), all or nothing. */
export async function createOemUser(db: Db, u: OemUser, passwordHash: string): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.login(u.email),
              type: "Login",
              kind: "oem",
              email: u.email,
              oemId: u.oemId,
              userId: u.userId,
              passwordHash,
              active: u.active,
            },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        { Put: { TableName: db.table, Item: { ...keys.oemUser(u.oemId, u.userId), type: "OemUser", ...u } } },
      ],
    }),
  );
}

export async function listOemUsers(db: Db, oemId: string): Promise<OemUser[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.oemUsers(oemId) },
  });
  return items.map((i) => fromItem<OemUser>(i)!);
}

export async function getOemUser(db: Db, oemId: string, userId: string): Promise<OemUser | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.oemUser(oemId, userId) }));
  return fromItem<OemUser>(r.Item);
}

export async function putOemSession(db: Db, tokenHash: string, s: OemSessionRecord): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.oemSession(s.oemId, s.userId, tokenHash), type: "OemSession", ...s },
    }),
  );
}

/** One round trip: the OEM session and its user. */
export async function getOemSessionWithUser(
  db: Db,
  oemId: string,
  userId: string,
  tokenHash: string,
): Promise<{ session?: OemSessionRecord; user?: OemUser }> {
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: { [db.table]: { Keys: [keys.oemSession(oemId, userId, tokenHash), keys.oemUser(oemId, userId)] } },
    }),
  );
  const items = r.Responses?.[db.table] ?? [];
  const s = items.find((i) => i.type === "OemSession");
  const u = items.find((i) => i.type === "OemUser");
  return {
    session: s ? ({ ...fromItem<OemSessionRecord>(s), expiresAt: s.expiresAt } as OemSessionRecord) : undefined,
    user: fromItem<OemUser>(u),
  };
}

export async function deleteOemSession(db: Db, oemId: string, userId: string, tokenHash: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.oemSession(oemId, userId, tokenHash) }));
}

// ---------- tenant side: links and consent ----------

/** A store's OEM links: one Query. */
export async function listStoreLinks(db: Db, tenantId: string, storeId: string): Promise<StoreOemLink[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :p)",
    ExpressionAttributeValues: { ":pk": keys.storeOemLinks(tenantId, storeId), ":p": "BRAND#" },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem<StoreOemLink>(i)!);
}

/** A store's link audit entries, newest first. */
export async function listLinkAudit(db: Db, tenantId: string, storeId: string, limit = 30): Promise<AuditEntry[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :p)",
      ExpressionAttributeValues: { ":pk": keys.storeOemLinks(tenantId, storeId), ":p": "AUDIT#" },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<AuditEntry>(i)!);
}

/**
 * Write a link (new: `previous` undefined; else version-checked), the region's
 * dealer entry (moved when the region changes) and the audit entries (link
 * partition + tenant audit log) — all or nothing.
 */
export async function saveLink(
  db: Db,
  link: StoreOemLink,
  previous: StoreOemLink | undefined,
  dealer: OemDealer,
  audit: AuditEntry,
): Promise<void> {
  type Tx = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;
  const items: Tx = [
    {
      Put: {
        TableName: db.table,
        Item: { ...keys.storeOemLink(link.tenantId, link.storeId, link.brand), type: "StoreOemLink", ...link },
        ...(previous
          ? { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": previous.version } }
          : { ConditionExpression: "attribute_not_exists(PK)" }),
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: {
          ...keys.oemDealer(dealer.oemId, dealer.regionId, dealer.storeId, dealer.brand),
          type: "OemDealer",
          ...dealer,
        },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: {
          PK: keys.storeOemLinks(link.tenantId, link.storeId),
          SK: `AUDIT#${audit.at}#${newId()}`,
          type: "Audit",
          ...audit,
        },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { PK: keys.auditLog(link.tenantId), SK: `${audit.at}#${newId()}`, type: "Audit", ...audit },
      },
    },
  ];
  if (previous && (previous.oemId !== link.oemId || previous.regionId !== link.regionId)) {
    items.push({
      Delete: { TableName: db.table, Key: keys.oemDealer(previous.oemId, previous.regionId, link.storeId, link.brand) },
    });
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** The dealers linked to a region (consenting or not): one Query. */
export async function listRegionDealers(db: Db, oemId: string, regionId: string): Promise<OemDealer[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.oemRegionDealers(oemId, regionId) },
  });
  return items.map((i) => fromItem<OemDealer>(i)!);
}

// ---------- KPI snapshots ----------

function snapshotItem(s: OemKpiSnapshot) {
  const kind = s.kind === "month" ? "M" : "D";
  return {
    ...keys.oemKpi(s.oemId, s.regionId, kind, s.period, s.storeId, s.brand),
    GSI1PK: keys.oemDealerKpis(s.oemId, s.storeId, s.brand),
    GSI1SK: `${kind}#${s.period}`,
    type: "OemKpi",
    ...s,
  };
}

/** Overwrite snapshots (idempotent: the same dealer and period always land on the same item). */
export async function putSnapshots(db: Db, list: OemKpiSnapshot[]): Promise<void> {
  await batchPut(db, list.map(snapshotItem));
}

/** A month-to-date snapshot never replaces the month's complete one. */
export async function putMonthToDate(db: Db, s: OemKpiSnapshot): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: snapshotItem(s),
        ConditionExpression: "attribute_not_exists(PK) OR #c = :f",
        ExpressionAttributeNames: { "#c": "complete" },
        ExpressionAttributeValues: { ":f": false },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name !== "ConditionalCheckFailedException") throw e;
  }
}

/** A region's snapshots of one kind between two periods (inclusive): one Query (pages followed). */
export async function listRegionKpis(
  db: Db,
  oemId: string,
  regionId: string,
  kind: "month" | "day",
  from: string,
  to: string,
): Promise<OemKpiSnapshot[]> {
  const k = kind === "month" ? "M" : "D";
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :a AND :b",
    ExpressionAttributeValues: {
      ":pk": keys.oemRegionKpis(oemId, regionId),
      ":a": `${k}#${from}`,
      ":b": `${k}#${to}~`,
    },
  });
  return items.map((i) => fromItem<OemKpiSnapshot>(i)!);
}

/** One dealer's snapshots at an OEM (months and days), oldest first: one Query on GSI1. */
export async function listDealerKpis(db: Db, oemId: string, storeId: string, brand: string): Promise<OemKpiSnapshot[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI1",
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.oemDealerKpis(oemId, storeId, brand) },
  });
  return items.map((i) => fromItem<OemKpiSnapshot>(i)!);
}

export async function putOemComplaints(db: Db, list: OemComplaint[]): Promise<void> {
  await batchPut(
    db,
    list.map((c) => ({
      ...keys.oemComplaint(c.oemId, c.regionId, c.flaggedAt, c.complaintId),
      type: "OemComplaint",
      ...c,
    })),
  );
}

/** A region's forwarded complaints, newest first: one Query. */
export async function listRegionComplaints(
  db: Db,
  oemId: string,
  regionId: string,
  limit = 100,
): Promise<OemComplaint[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.oemRegionComplaints(oemId, regionId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<OemComplaint>(i)!);
}

// ---------- job run keys ----------

export async function hasRun(db: Db, tenantId: string, storeId: string, job: string, period: string): Promise<boolean> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.oemKpiRun(tenantId, storeId, job, period), ConsistentRead: true }),
  );
  return !!r.Item;
}

export async function markRun(
  db: Db,
  tenantId: string,
  storeId: string,
  job: string,
  period: string,
  detail: { snapshots: number; complaints: number },
): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.oemKpiRun(tenantId, storeId, job, period), type: "OemKpiRun", job, period, ...detail },
    }),
  );
}

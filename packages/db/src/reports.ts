/**
 * Reports (issue 6): the day-indexed reads the day statistics are computed
 * from, the stored daily sales report, the local mail outbox and the tenant's
 * report settings. Every read here is one Query or one (Batch)Get.
 */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { MonthToDate } from "@dealeros/core";
import type { Db } from "./client.ts";
import type { Contract } from "./deals.ts";
import { isConditionFailure } from "./errors.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { Prospect } from "./prospect.ts";
import { queryAll } from "./query.ts";
import { getVersioned, putVersioned } from "./settings.ts";
import type { DayStats } from "./stats.ts";
import type { AuditEntry } from "./types.ts";

// ---------- day-indexed reads ----------

/** A store's contracts signed from `from` to `to` (store-local dates, inclusive): one Query (GSI5). */
export async function listSignedContracts(
  db: Db,
  tenantId: string,
  storeId: string,
  from: string,
  to: string,
): Promise<Contract[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI5",
    KeyConditionExpression: "GSI5PK = :pk AND GSI5SK BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":pk": keys.storeSignedContracts(tenantId, storeId), ":a": from, ":b": `${to}#~` },
  });
  return items.map((i) => fromItem<Contract>(i)!);
}

/** A store's cards closed as lost in [from, to) (ISO instants): one Query (GSI3). */
export async function listLostProspects(
  db: Db,
  tenantId: string,
  storeId: string,
  from: string,
  to: string,
): Promise<Prospect[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI3",
    KeyConditionExpression: "GSI3PK = :pk AND GSI3SK BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":pk": keys.storeLostProspects(tenantId, storeId), ":a": from, ":b": to },
  });
  return items.map((i) => fromItem<Prospect>(i)!).filter((p) => !!p.lost && p.lost.at < to);
}

/**
 * Items by key (the day's contracts, cards and vehicles for the detail lines and
 * the lead-source split): one BatchGet per 100 keys, unprocessed keys retried.
 */
export async function getItems(
  db: Db,
  keyList: readonly { PK: string; SK: string }[],
): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keyList.map((k) => [`${k.PK}|${k.SK}`, k])).values()];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [db.table]: { Keys: unique.slice(i, i + 100) },
    };
    while (request && Object.keys(request).length) {
      const r = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      out.push(...(r.Responses?.[db.table] ?? []));
      request = r.UnprocessedKeys as typeof request;
    }
  }
  return out.map((i) => fromItem<Record<string, unknown>>(i, ["type"])!);
}

/** One day's statistics (the job compares before it overwrites): one Get. */
export async function getDayStats(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<DayStats | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.dayStats(tenantId, storeId, date) }));
  return fromItem<DayStats>(r.Item);
}

// ---------- the daily sales report ----------

export interface DailyReport {
  tenantId: string;
  storeId: string;
  storeName: string;
  /** store-local date */
  date: string;
  timeZone: string;
  /** the day's figures as they stood when the report was generated */
  stats: DayStats;
  monthToDate: MonthToDate;
  /** who the report went to (the store's GMs and the tenant's finance addresses) */
  recipients: string[];
  generatedAt: string;
  /** set once, when the report was mailed (the e-mail goes out once per store and day) */
  mailedAt?: string;
  mailResult?: string;
}

/** Store (or refresh) a day's report; the mail marker of an earlier run is kept. */
export async function putDailyReport(db: Db, r: DailyReport): Promise<void> {
  const { mailedAt: _m, mailResult: _r, ...rest } = r;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries({ ...rest, type: "DailyReport" }).map(([k, v], i) => {
    names[`#a${i}`] = k;
    values[`:v${i}`] = v;
    return `#a${i} = :v${i}`;
  });
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.dailyReport(r.tenantId, r.storeId, r.date),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** One report: one Get. */
export async function getDailyReport(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<DailyReport | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.dailyReport(tenantId, storeId, date) }));
  return fromItem<DailyReport>(r.Item);
}

/** A store's reports, newest first (the list shows no detail lines): one Query. */
export async function listDailyReports(db: Db, tenantId: string, storeId: string, limit = 31): Promise<DailyReport[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.dailyReports(tenantId, storeId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<DailyReport>(i)!);
}

/** Claim the day's e-mail: true once per store and day (a second run gets false and sends nothing). */
export async function claimDailyReportMail(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  at: string,
): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.dailyReport(tenantId, storeId, date),
        UpdateExpression: "SET mailedAt = :at",
        ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(mailedAt)",
        ExpressionAttributeValues: { ":at": at },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

export async function setDailyReportMailResult(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
  result: string,
): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.dailyReport(tenantId, storeId, date),
      UpdateExpression: "SET mailResult = :r",
      ExpressionAttributeValues: { ":r": result },
    }),
  );
}

// ---------- the local outbox ----------

export interface OutboxMessage {
  tenantId: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** Keep a message that was not sent (mail not live). */
export async function putOutboxMessage(db: Db, m: OutboxMessage): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.outboxMessage(m.tenantId, m.messageId), type: "OutboxMessage", ...m },
    }),
  );
}

/** The tenant's outbox, newest first: one Query. */
export async function listOutbox(db: Db, tenantId: string, limit = 100): Promise<OutboxMessage[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.outbox(tenantId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<OutboxMessage>(i)!);
}

/** One message by id: one Get. */
export async function getOutboxMessage(
  db: Db,
  tenantId: string,
  messageId: string,
): Promise<OutboxMessage | undefined> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.outboxMessage(tenantId, messageId) }));
  return fromItem<OutboxMessage>(r.Item);
}

// ---------- report settings ----------

export interface ReportSettings {
  financeEmails: string[];
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export function getReportSettings(db: Db, tenantId: string): Promise<ReportSettings | undefined> {
  return getVersioned<ReportSettings>(db, keys.reportSettings(tenantId));
}

export function putReportSettings(
  db: Db,
  tenantId: string,
  s: ReportSettings,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  return putVersioned(db, tenantId, keys.reportSettings(tenantId), "ReportSettings", s, expectedVersion, audit);
}

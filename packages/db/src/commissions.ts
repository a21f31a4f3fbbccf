/**
 * Commissions (提成, rule 18): the tenant's rules (one versioned settings
 * item) and, per store and month, one partition holding the month item (draft
 * or locked), one statement per consultant and the audit entries — so the
 * sales admin's list is one Query and a statement one GetItem. A consultant's
 * own statements are found through GSI2 ("My commission").
 */
import { BatchGetCommand, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { type CommissionAdjustment, type CommissionLine, type CommissionRules, newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import type { Contract } from "./deals.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";
import { getVersioned, putVersioned } from "./settings.ts";
import type { AuditEntry } from "./types.ts";

export interface StoredCommissionRules extends CommissionRules {
  /** 0 = never saved (defaults) */
  version: number;
  updatedAt?: string;
  updatedByName?: string;
}

export function getCommissionRules(db: Db, tenantId: string): Promise<StoredCommissionRules | undefined> {
  return getVersioned<StoredCommissionRules>(db, keys.commissionRules(tenantId));
}

export function putCommissionRules(
  db: Db,
  tenantId: string,
  r: StoredCommissionRules,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  return putVersioned(db, tenantId, keys.commissionRules(tenantId), "CommissionRules", r, expectedVersion, audit);
}

export interface CommissionMonth {
  tenantId: string;
  storeId: string;
  /** YYYY-MM */
  month: string;
  state: "draft" | "locked";
  consultants: number;
  totalFen: number;
  /** the rules version the statements were computed with */
  rulesVersion: number;
  computedAt: string;
  lockedAt?: string;
  lockedByName?: string;
  version: number;
}

export interface CommissionStatement {
  tenantId: string;
  storeId: string;
  month: string;
  userId: string;
  name: string;
  lines: CommissionLine[];
  adjustments: CommissionAdjustment[];
  units: number;
  targetUnits: number | null;
  accessoriesFen: number;
  insuranceFen: number;
  absentDays: number;
  lateSignIns: number;
  totalFen: number;
  computedAt: string;
  version: number;
}

/** One Query: a store's month — the month item, every statement and the audit entries (oldest first). */
export async function getCommissionMonth(
  db: Db,
  tenantId: string,
  storeId: string,
  month: string,
): Promise<{ month?: CommissionMonth; statements: CommissionStatement[]; audit: AuditEntry[] }> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.commissionMonth(tenantId, storeId, month) },
    ConsistentRead: true,
  });
  return {
    month: fromItem<CommissionMonth>(items.find((i) => i.SK === "MONTH")),
    statements: items
      .filter((i) => String(i.SK).startsWith("STATEMENT#"))
      .map((i) => fromItem<CommissionStatement>(i)!),
    audit: items.filter((i) => String(i.SK).startsWith("AUDIT#")).map((i) => fromItem<AuditEntry>(i)!),
  };
}

/** One BatchGet: a statement and its month item. */
export async function getStatement(
  db: Db,
  tenantId: string,
  storeId: string,
  month: string,
  userId: string,
): Promise<{ month?: CommissionMonth; statement?: CommissionStatement }> {
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: {
        [db.table]: {
          Keys: [
            keys.commissionMonthMeta(tenantId, storeId, month),
            keys.commissionStatement(tenantId, storeId, month, userId),
          ],
          ConsistentRead: true,
        },
      },
    }),
  );
  const items = r.Responses?.[db.table] ?? [];
  return {
    month: fromItem<CommissionMonth>(items.find((i) => i.SK === "MONTH")),
    statement: fromItem<CommissionStatement>(items.find((i) => i.SK !== "MONTH")),
  };
}

/** One Query (GSI2): a consultant's statements in a store, newest month first. */
export async function listUserStatements(
  db: Db,
  tenantId: string,
  userId: string,
  storeId: string,
): Promise<CommissionStatement[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND begins_with(GSI2SK, :s)",
    ExpressionAttributeValues: { ":pk": keys.userCommissions(tenantId, userId), ":s": `${storeId}#` },
    ScanIndexForward: false,
  });
  return items.map((i) => fromItem<CommissionStatement>(i)!);
}

export function statementItem(s: CommissionStatement) {
  return {
    ...keys.commissionStatement(s.tenantId, s.storeId, s.month, s.userId),
    GSI2PK: keys.userCommissions(s.tenantId, s.userId),
    GSI2SK: `${s.storeId}#${s.month}`,
    type: "CommissionStatement",
    ...s,
  };
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>[number];

const versionCondition = (expected: number) =>
  expected === 0
    ? { ConditionExpression: "attribute_not_exists(PK)" }
    : {
        ConditionExpression: "attribute_exists(PK) AND version = :v",
        ExpressionAttributeValues: { ":v": expected },
      };

/**
 * The job's write for a month (≤ 99 items; more statements are written in
 * several transactions, each re-checking that the month is still a draft).
 * The month item is written with a version check; each statement too.
 */
export async function writeCommissionRun(
  db: Db,
  month: { item: CommissionMonth; expectedVersion: number } | null,
  statements: { item: CommissionStatement; expectedVersion: number }[],
  meta: { tenantId: string; storeId: string; month: string },
): Promise<void> {
  const puts: TransactItem[] = statements.map((s) => ({
    Put: { TableName: db.table, Item: statementItem(s.item), ...versionCondition(s.expectedVersion) },
  }));
  const monthKey = keys.commissionMonthMeta(meta.tenantId, meta.storeId, meta.month);
  const notLocked: TransactItem = {
    ConditionCheck: {
      TableName: db.table,
      Key: monthKey,
      ConditionExpression: "attribute_not_exists(PK) OR #s <> :locked",
      ExpressionAttributeNames: { "#s": "state" },
      ExpressionAttributeValues: { ":locked": "locked" },
    },
  };
  const chunks: TransactItem[][] = [];
  for (let i = 0; i < puts.length; i += 98) chunks.push(puts.slice(i, i + 98));
  if (chunks.length === 0) chunks.push([]);
  for (const [n, chunk] of chunks.entries()) {
    const last = n === chunks.length - 1;
    const head: TransactItem | null =
      last && month
        ? {
            Put: {
              TableName: db.table,
              Item: { ...monthKey, type: "CommissionMonth", ...month.item },
              ...versionCondition(month.expectedVersion),
            },
          }
        : chunk.length
          ? notLocked
          : null;
    const items = head ? [head, ...chunk] : chunk;
    if (items.length) await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  }
}

/** Update one statement (an adjustment) while its month is a draft, with an audit entry: one transaction. */
export async function putStatementChange(
  db: Db,
  s: CommissionStatement,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: db.table,
            Key: keys.commissionMonthMeta(s.tenantId, s.storeId, s.month),
            ConditionExpression: "attribute_exists(PK) AND #s = :draft",
            ExpressionAttributeNames: { "#s": "state" },
            ExpressionAttributeValues: { ":draft": "draft" },
          },
        },
        { Put: { TableName: db.table, Item: statementItem(s), ...versionCondition(expectedVersion) } },
        auditPut(db, s.tenantId, s.storeId, s.month, audit),
      ],
    }),
  );
}

/** Lock (or change) the month item if its version is still `expectedVersion`, with an audit entry. */
export async function putMonthChange(
  db: Db,
  m: CommissionMonth,
  expectedVersion: number,
  audit: AuditEntry,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.commissionMonthMeta(m.tenantId, m.storeId, m.month), type: "CommissionMonth", ...m },
            ...versionCondition(expectedVersion),
          },
        },
        auditPut(db, m.tenantId, m.storeId, m.month, audit),
      ],
    }),
  );
}

function auditPut(db: Db, tenantId: string, storeId: string, month: string, audit: AuditEntry): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: { ...keys.commissionAudit(tenantId, storeId, month, audit.at, newId()), type: "CommissionAudit", ...audit },
    },
  };
}

/** BatchGet (100 keys a call, unprocessed keys retried): the contracts named by a month's delivery lines. */
export async function getContracts(db: Db, tenantId: string, contractIds: string[]): Promise<Contract[]> {
  const out: Contract[] = [];
  const ids = [...new Set(contractIds)];
  for (let i = 0; i < ids.length; i += 100) {
    let request: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => keys.contract(tenantId, id));
    for (let attempt = 0; request?.length && attempt < 5; attempt++) {
      const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: request } } }));
      for (const item of r.Responses?.[db.table] ?? []) out.push(fromItem<Contract>(item)!);
      request = r.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}

/** One GetItem: the month item alone. */
export async function getMonthItem(
  db: Db,
  tenantId: string,
  storeId: string,
  month: string,
): Promise<CommissionMonth | undefined> {
  const r = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.commissionMonthMeta(tenantId, storeId, month),
      ConsistentRead: true,
    }),
  );
  return fromItem<CommissionMonth>(r.Item);
}

/** One Query (GSI2): a person's attendance records from `from` to `to` (local dates). */
export async function listUserAttendance(
  db: Db,
  tenantId: string,
  userId: string,
  from: string,
  to: string,
): Promise<Record<string, unknown>[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    IndexName: "GSI2",
    KeyConditionExpression: "GSI2PK = :pk AND GSI2SK BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":pk": keys.userAttendance(tenantId, userId), ":a": from, ":b": `${to}~` },
  });
  return items.map((i) => fromItem<Record<string, unknown>>(i)!);
}

/** One Query: a store's rosters whose week starts between two Mondays (audit entries left out). */
export async function listRosters(
  db: Db,
  tenantId: string,
  storeId: string,
  fromMonday: string,
  toMonday: string,
): Promise<{ weekStart: string; lines: { userId: string; days: Record<string, unknown[]> }[] }[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":pk": keys.rosterPartition(tenantId, storeId), ":a": fromMonday, ":b": toMonday },
  });
  return items.filter((i) => i.type === "Roster").map((i) => fromItem(i)!);
}

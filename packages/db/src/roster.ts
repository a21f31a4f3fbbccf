/**
 * Weekly rosters: one item per store and week (SK = the week's Monday) with its
 * audit entries beside it in the same partition, so that a week and its
 * history are one Query and the week alone is one GetItem. Version-checked.
 */
import { BatchGetCommand, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId, type RosterLine } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";
import type { AuditEntry } from "./types.ts";

export interface Roster {
  tenantId: string;
  storeId: string;
  /** the Monday of the ISO week */
  weekStart: string;
  /** YYYY-Www */
  week: string;
  /** rostered consultants in display order; a consultant without a line is not rostered that week */
  lines: RosterLine[];
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  updatedByName: string;
}

/** One Query: the week's roster (if any) and its audit entries, oldest first. */
export async function getRosterWithAudit(
  db: Db,
  tenantId: string,
  storeId: string,
  weekStart: string,
): Promise<{ roster?: Roster; audit: AuditEntry[] }> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :w)",
    ExpressionAttributeValues: { ":pk": keys.rosterPartition(tenantId, storeId), ":w": weekStart },
    ConsistentRead: true,
  });
  return {
    roster: fromItem<Roster>(items.find((i) => i.SK === weekStart)),
    audit: items.filter((i) => String(i.SK).startsWith(`${weekStart}#AUDIT#`)).map((i) => fromItem<AuditEntry>(i)!),
  };
}

/** One GetItem: a week's roster. */
export async function getRoster(
  db: Db,
  tenantId: string,
  storeId: string,
  weekStart: string,
): Promise<Roster | undefined> {
  const r = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.roster(tenantId, storeId, weekStart), ConsistentRead: true }),
  );
  return fromItem<Roster>(r.Item);
}

/** One BatchGet: several weeks of a store (copying last week to this week). */
export async function getRosters(
  db: Db,
  tenantId: string,
  storeId: string,
  weekStarts: string[],
): Promise<Map<string, Roster>> {
  const r = await db.doc.send(
    new BatchGetCommand({
      RequestItems: {
        [db.table]: { Keys: weekStarts.map((w) => keys.roster(tenantId, storeId, w)), ConsistentRead: true },
      },
    }),
  );
  const out = new Map<string, Roster>();
  for (const i of r.Responses?.[db.table] ?? []) out.set(String(i.SK), fromItem<Roster>(i)!);
  return out;
}

/** Save a week if its stored version is still `expectedVersion` (0: no roster yet), with an audit entry. */
export async function putRoster(db: Db, roster: Roster, expectedVersion: number, audit: AuditEntry): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.roster(roster.tenantId, roster.storeId, roster.weekStart), type: "Roster", ...roster },
            ConditionExpression:
              expectedVersion === 0 ? "attribute_not_exists(PK)" : "attribute_exists(PK) AND version = :v",
            ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ":v": expectedVersion },
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.rosterAudit(roster.tenantId, roster.storeId, roster.weekStart, audit.at, newId()),
              type: "RosterAudit",
              ...audit,
            },
          },
        },
      ],
    }),
  );
}

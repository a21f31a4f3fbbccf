/**
 * Sales targets (销售目标, rule 15): one versioned item per store, year and
 * brand ("*" when the store sets one target for all its brands). The annual
 * figure is decomposed to months (quarters are sums of their months) and each
 * month to consultants (任务分解). Units are retail deliveries (零售交车).
 */
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";
import { getVersioned } from "./settings.ts";
import type { AuditEntry } from "./types.ts";

export const ALL_BRANDS = "*";

export interface SalesTarget {
  tenantId: string;
  storeId: string;
  year: number;
  /** a brand of the store, or "*" for all brands */
  brand: string;
  annualUnits: number;
  /** 12 monthly figures (January first); they sum to annualUnits */
  months: number[];
  /** per consultant (userId): 12 monthly figures; in a month they sum to that month's figure */
  consultants: Record<string, { name: string; months: number[] }>;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
}

/** One Get. */
export function getSalesTarget(
  db: Db,
  tenantId: string,
  storeId: string,
  year: number,
  brand: string = ALL_BRANDS,
): Promise<SalesTarget | undefined> {
  return getVersioned<SalesTarget>(db, keys.salesTarget(tenantId, storeId, year, brand));
}

/**
 * The units target of one month ("YYYY-MM") for a brand: the brand's own
 * target if set, else undefined (callers fall back to the all-brands target by
 * passing ALL_BRANDS). One Get.
 */
export async function monthTargetUnits(
  db: Db,
  tenantId: string,
  storeId: string,
  month: string,
  brand: string = ALL_BRANDS,
): Promise<number | undefined> {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const t = await getSalesTarget(db, tenantId, storeId, y, brand);
  return t ? (t.months[m - 1] ?? 0) : undefined;
}

/**
 * One Query: every target of a store's year (all brands) and, for `brand`,
 * its audit entries (newest last). Audit SKs sit right after their target's SK.
 */
export async function getYearTargets(
  db: Db,
  tenantId: string,
  storeId: string,
  year: number,
  brand: string = ALL_BRANDS,
): Promise<{ targets: SalesTarget[]; audit: AuditEntry[] }> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :y)",
    ExpressionAttributeValues: { ":pk": keys.salesTargets(tenantId, storeId), ":y": `YEAR#${year}#BRAND#` },
    ConsistentRead: true,
  });
  const auditPrefix = `${keys.salesTarget(tenantId, storeId, year, brand).SK}#AUDIT#`;
  return {
    targets: items.filter((i) => i.type === "SalesTarget").map((i) => fromItem<SalesTarget>(i)!),
    audit: items.filter((i) => String(i.SK).startsWith(auditPrefix)).map((i) => fromItem<AuditEntry>(i)!),
  };
}

/** Save a target if its stored version is still `expectedVersion` (0: none yet), with its audit entry: one transaction. */
export async function putSalesTarget(db: Db, target: SalesTarget, expectedVersion: number, audit: AuditEntry) {
  const { tenantId, storeId, year, brand } = target;
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.salesTarget(tenantId, storeId, year, brand), type: "SalesTarget", ...target },
            ConditionExpression:
              expectedVersion === 0 ? "attribute_not_exists(PK)" : "attribute_exists(PK) AND version = :v",
            ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ":v": expectedVersion },
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.salesTargetAudit(tenantId, storeId, year, brand, audit.at, newId()),
              type: "SalesTargetAudit",
              ...audit,
            },
          },
        },
      ],
    }),
  );
}

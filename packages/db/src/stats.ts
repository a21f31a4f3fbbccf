/**
 * Day statistics: the pre-aggregated figures of one store and one local day.
 * Reports, targets, commissions and the OEM KPI snapshots read these items —
 * one Query for any date range — and never the underlying records. The jobs
 * (services/reports.ts) compute and overwrite them; writing is idempotent
 * (the same store and day always overwrite the same item).
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { emptyCounts, type FunnelCounts } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";

/** The funnel and activity counts; the same shape per store, per consultant, per source and per brand (core's FunnelCounts). */
export type DayCounts = FunnelCounts;

export const ZERO_COUNTS: DayCounts = emptyCounts();

/** One line of the daily sales detail (rule 16): tenant-internal, it names the customer. */
export interface SalesDetailLine {
  kind: "order" | "delivery";
  contractId: string;
  contractNo: string;
  consultantId: string;
  consultantName: string;
  customerName: string;
  brand: string;
  model: string;
  trim: string;
  colour: string;
  vin?: string;
  engineNo?: string;
  amountFen: number;
}

export interface DayStats extends DayCounts {
  tenantId: string;
  storeId: string;
  /** store-local date YYYY-MM-DD */
  date: string;
  firstVisits: number;
  returnVisits: number;
  byConsultant: Record<string, DayCounts & { name: string }>;
  /** by lead source (walk-in / card source) */
  bySource: Record<string, DayCounts>;
  /** by brand (from the vehicle or trim of the order/delivery) */
  byBrand: Record<string, DayCounts>;
  /** lost reasons of the day's lost cards */
  lostReasons: Record<string, number>;
  complaints: number;
  complaintsHandledIn12h: number;
  /** new cards of the day that name a referring customer (老客户转介绍, issue 7); absent on older items */
  referrals?: number;
  detail: SalesDetailLine[];
  generatedAt: string;
}

/** Idempotent: the same store and day always overwrite the same item. */
export async function putDayStats(db: Db, s: DayStats): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.dayStats(s.tenantId, s.storeId, s.date), type: "DayStats", ...s },
    }),
  );
}

/** The day statistics of a store from `from` to `to` (inclusive, local dates): one Query (paged by 1 MB). */
export async function listDayStats(
  db: Db,
  tenantId: string,
  storeId: string,
  from: string,
  to: string,
): Promise<DayStats[]> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk AND SK BETWEEN :a AND :b",
    ExpressionAttributeValues: {
      ":pk": keys.dayStatsPartition(tenantId, storeId),
      ":a": `DAY#${from}`,
      ":b": `DAY#${to}`,
    },
  });
  return items.map((i) => fromItem<DayStats>(i)!);
}

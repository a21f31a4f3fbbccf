/**
 * The prospect list: every page is exactly one Query. The main criterion picks
 * the index (search → GSI4/GSI5 begins_with; overdue or due-date order → GSI3
 * with SK < now; otherwise GSI1 (store) or GSI2 (one consultant), where a date
 * range is a key condition on the SK); the other criteria are a FilterExpression.
 * A page filtered that way may hold fewer than `limit` cards while a cursor remains.
 * See the access-pattern table in packages/db/README.md.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { Grade } from "@dealeros/core";
import type { Db } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import type { MobileClaim, Page, Prospect } from "./prospect.ts";

export interface ProspectListCriteria {
  tenantId: string;
  storeId: string;
  /** one consultant's cards; undefined = the whole store */
  ownerId?: string;
  grade?: Grade | "none";
  source?: string;
  status?: "active" | "closed";
  /** only active cards whose next follow-up is before `now` */
  overdue?: boolean;
  /** created at or after (ISO instant) */
  createdFrom?: string;
  /** created before (ISO instant, exclusive) */
  createdBefore?: string;
  search?: { kind: "mobile" | "name"; prefix: string };
  sort: "newest" | "oldest" | "due";
  /** ISO instant: "overdue" means due before it */
  now: string;
  cursor?: string;
  limit: number;
}

export type ProspectIndex = "GSI1" | "GSI2" | "GSI3" | "GSI4" | "GSI5";

export interface ProspectQueryPlan {
  index: ProspectIndex;
  pk: string;
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey" | "Limit">;
  /** does a sort key lie inside the key condition (a cursor must) */
  skInRange: (sk: string) => boolean;
}

/** Choose the index and build the one Query that serves a list page. */
export function planProspectQuery(c: ProspectListCriteria): ProspectQueryPlan {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  const filter = (attr: string, op: string, value: unknown) => {
    names[`#${attr}`] = attr;
    values[`:${attr}`] = value;
    filters.push(`#${attr} ${op} :${attr}`);
  };
  let index: ProspectIndex;
  let pk: string;
  let keyCondition = "";
  let forward: boolean;
  let skInRange: (sk: string) => boolean = () => true;

  if (c.search) {
    index = c.search.kind === "mobile" ? "GSI4" : "GSI5";
    pk =
      c.search.kind === "mobile"
        ? keys.storeProspectMobiles(c.tenantId, c.storeId)
        : keys.storeProspectNames(c.tenantId, c.storeId);
    keyCondition = ` AND begins_with(${index}SK, :prefix)`;
    values[":prefix"] = c.search.prefix;
    const prefix = c.search.prefix;
    skInRange = (sk) => sk.startsWith(prefix);
    forward = true;
    if (c.overdue) filter("nextFollowUpAt", "<", c.now);
  } else if (c.overdue || c.sort === "due") {
    index = "GSI3";
    pk = keys.storeFollowUps(c.tenantId, c.storeId);
    if (c.overdue) {
      keyCondition = " AND GSI3SK < :now";
      values[":now"] = c.now;
      const now = c.now;
      skInRange = (sk) => sk < now;
    }
    forward = true;
  } else {
    index = c.ownerId ? "GSI2" : "GSI1";
    pk = c.ownerId ? keys.ownerProspects(c.tenantId, c.ownerId) : keys.storeProspects(c.tenantId, c.storeId);
    const sk = `${index}SK`;
    const from = c.createdFrom;
    const before = c.createdBefore;
    // SK = `<createdAt>#<id>`: ">= from" includes a card created exactly at `from`, "< before" excludes one at `before`
    if (from && before) {
      keyCondition = ` AND ${sk} BETWEEN :from AND :before`;
      values[":from"] = from;
      values[":before"] = before;
    } else if (from) {
      keyCondition = ` AND ${sk} >= :from`;
      values[":from"] = from;
    } else if (before) {
      keyCondition = ` AND ${sk} < :before`;
      values[":before"] = before;
    }
    skInRange = (s) => (!from || s >= from) && (!before || s < before);
    forward = c.sort === "oldest";
    // a consultant's partition holds his cards of every store
    if (c.ownerId) filter("storeId", "=", c.storeId);
  }

  // the date range is a filter wherever it is not the key condition
  if (index !== "GSI1" && index !== "GSI2") {
    if (c.createdFrom) filter("createdAt", ">=", c.createdFrom);
    if (c.createdBefore) {
      names["#createdAt"] = "createdAt";
      values[":createdBefore"] = c.createdBefore;
      filters.push("#createdAt < :createdBefore");
    }
    if (c.ownerId) filter("ownerId", "=", c.ownerId);
  }
  if (c.grade === "none") {
    names["#grade"] = "grade";
    values[":nullType"] = "NULL";
    filters.push("(attribute_not_exists(#grade) OR attribute_type(#grade, :nullType))");
  } else if (c.grade) filter("grade", "=", c.grade);
  if (c.source) filter("source", "=", c.source);
  // GSI3 holds only active cards; an overdue search must still leave closed cards out
  const status = c.status ?? (c.overdue && index !== "GSI3" ? "active" : undefined);
  if (status) filter("status", "=", status);

  values[":pk"] = pk;
  return {
    index,
    pk,
    skInRange,
    input: {
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk${keyCondition}`,
      ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: forward,
    },
  };
}

/** One page of prospects: exactly one Query, whatever the criteria. */
export async function queryProspects(
  db: Db,
  c: ProspectListCriteria,
): Promise<Page<Prospect> & { index: ProspectIndex }> {
  const plan = planProspectQuery(c);
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      ...plan.input,
      Limit: c.limit,
      ExclusiveStartKey: decodeCursor(
        c.cursor,
        plan.index,
        (k) => k[`${plan.index}PK`] === plan.pk && plan.skInRange(k[`${plan.index}SK`]!),
      ),
    }),
  );
  const items = (r.Items ?? []).map((i) => fromItem<Prospect>(i)!);
  return { items, cursor: encodeCursor(r.LastEvaluatedKey), index: plan.index };
}

/**
 * The import's look-ups in one BatchGet per 100 keys: which mobiles already have an
 * active card in the store, and which rows were imported before (by import key).
 */
export async function getImportState(
  db: Db,
  tenantId: string,
  storeId: string,
  mobiles: readonly string[],
  importKeys: readonly string[],
): Promise<{ claims: Map<string, MobileClaim>; imported: Set<string> }> {
  const wanted = [
    ...[...new Set(mobiles)].map((m) => keys.prospectMobileClaim(tenantId, storeId, m)),
    ...[...new Set(importKeys)].map((h) => keys.prospectImportKey(tenantId, storeId, h)),
  ];
  const claims = new Map<string, MobileClaim>();
  const imported = new Set<string>();
  const claimPrefix = keys.prospectMobileClaim(tenantId, storeId, "").PK;
  const importPrefix = keys.prospectImportKey(tenantId, storeId, "").PK;
  const batches: Record<string, string>[][] = [];
  for (let i = 0; i < wanted.length; i += 100) batches.push(wanted.slice(i, i + 100));
  await Promise.all(
    batches.map(async (batch) => {
      let pending: Record<string, unknown>[] | undefined = batch;
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 0) await new Promise((res) => setTimeout(res, 25 * 2 ** Math.min(attempt, 6)));
        const r: BatchGetCommandOutput = await db.doc.send(
          new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of r.Responses?.[db.table] ?? []) {
          const pk = String(item.PK);
          if (item.SK === "PROSPECT" && pk.startsWith(claimPrefix))
            claims.set(pk.slice(claimPrefix.length), fromItem<MobileClaim>(item)!);
          else if (item.SK === "IMPORT" && pk.startsWith(importPrefix)) imported.add(pk.slice(importPrefix.length));
        }
        pending = r.UnprocessedKeys?.[db.table]?.Keys;
      }
    }),
  );
  return { claims, imported };
}

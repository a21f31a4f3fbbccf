/** Query helpers shared by the repositories. */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.ts";

/** Every item of a query, following pages (for lists bounded by design, e.g. one store-day). */
export async function queryAll(
  db: Db,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * One record's whole partition (its META item plus child items such as audit
 * entries and calls), read consistently in one Query, split by sort-key prefix.
 */
export async function readPartition(
  db: Db,
  pk: string,
): Promise<{ meta?: Record<string, unknown>; children: (prefix: string) => Record<string, unknown>[] }> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": pk },
    ConsistentRead: true,
  });
  return {
    meta: items.find((i) => i.SK === "META"),
    children: (prefix) => items.filter((i) => String(i.SK).startsWith(prefix)),
  };
}

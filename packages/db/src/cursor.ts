/**
 * Page cursors: a Query's LastEvaluatedKey, base64url-encoded. A cursor coming
 * back must be exactly the table key plus the index key, and `belongs` must
 * confirm it points into the very list being read — so a cursor can never reach
 * another tenant, store or list.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ValidationError } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";

export function encodeCursor(k: Record<string, unknown> | undefined): string | undefined {
  return k ? Buffer.from(JSON.stringify(k)).toString("base64url") : undefined;
}

export function decodeCursor(
  cursor: string | undefined,
  index: string,
  belongs: (key: Record<string, string>) => boolean,
): Record<string, string> | undefined {
  if (!cursor) return undefined;
  const invalid = () =>
    new ValidationError("The page cursor is not valid for this list.", { cursor: "Not a valid cursor." });
  let k: unknown;
  try {
    k = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const expected = ["PK", "SK", `${index}PK`, `${index}SK`];
  if (!k || typeof k !== "object" || Array.isArray(k)) throw invalid();
  const key = k as Record<string, unknown>;
  const names = Object.keys(key);
  if (names.length !== expected.length || !expected.every((n) => typeof key[n] === "string")) throw invalid();
  if (!belongs(key as Record<string, string>)) throw invalid();
  return key as Record<string, string>;
}

/**
 * One page of an index partition, read with one Query: `equals` narrows it with
 * an equality filter per attribute given (undefined values are ignored), so a
 * filtered page may hold fewer than `limit` items while a cursor remains;
 * `prefix` narrows the sort key (`begins_with`, e.g. a name or mobile search).
 */
export async function indexPage<T>(
  db: Db,
  index: "GSI1" | "GSI2" | "GSI3" | "GSI4" | "GSI5",
  pk: string,
  opts: { limit: number; cursor?: string; newestFirst?: boolean; equals?: Record<string, unknown>; prefix?: string },
): Promise<{ items: T[]; cursor?: string }> {
  const start = decodeCursor(opts.cursor, index, (k) => k[`${index}PK`] === pk);
  const filters = Object.entries(opts.equals ?? {}).filter(([, v]) => v !== undefined);
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk${opts.prefix ? ` AND begins_with(${index}SK, :prefix)` : ""}`,
      ...(filters.length
        ? {
            FilterExpression: filters.map((_, i) => `#f${i} = :f${i}`).join(" AND "),
            ExpressionAttributeNames: Object.fromEntries(filters.map(([name], i) => [`#f${i}`, name])),
          }
        : {}),
      ExpressionAttributeValues: {
        ":pk": pk,
        ...(opts.prefix ? { ":prefix": opts.prefix } : {}),
        ...Object.fromEntries(filters.map(([, v], i) => [`:f${i}`, v])),
      },
      ScanIndexForward: !opts.newestFirst,
      Limit: opts.limit,
      ExclusiveStartKey: start,
    }),
  );
  return { items: (r.Items ?? []).map((i) => fromItem<T>(i)!), cursor: encodeCursor(r.LastEvaluatedKey) };
}

/**
 * Page cursors: a Query's LastEvaluatedKey, base64url-encoded. A cursor coming
 * back must be exactly the table key plus the index key, and `belongs` must
 * confirm it points into the very list being read — so a cursor can never reach
 * another tenant, store or list.
 */
import { ValidationError } from "@dealeros/core";

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

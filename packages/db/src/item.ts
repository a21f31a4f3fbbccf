// every index attribute: a record read and written back must never carry a stale index key
// (e.g. a card's old GSI3SK overriding its new next-follow-up time)
const KEY_ATTRS = new Set([
  "PK",
  "SK",
  "GSI1PK",
  "GSI1SK",
  "GSI2PK",
  "GSI2SK",
  "GSI3PK",
  "GSI3SK",
  "GSI4PK",
  "GSI4SK",
  "GSI5PK",
  "GSI5SK",
  "type",
  "expiresAt",
]);

/** Strip key attributes from a stored item. */
export function fromItem<T>(item: Record<string, unknown> | undefined, keep: string[] = []): T | undefined {
  if (!item) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRS.has(k) || keep.includes(k)) out[k] = v;
  return out as T;
}

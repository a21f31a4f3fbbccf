/** Helpers to recognise DynamoDB condition failures. */
export function isConditionFailure(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === "ConditionalCheckFailedException";
}

/** For a cancelled transaction: the indexes of the items whose condition failed. */
export function cancelledConditions(e: unknown): number[] | null {
  const err = e as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (err?.name !== "TransactionCanceledException") return null;
  return (err.CancellationReasons ?? []).flatMap((r, i) => (r?.Code === "ConditionalCheckFailed" ? [i] : []));
}

/**
 * A transaction cancelled because another request got there first: a condition
 * failed, or (in DynamoDB, not DynamoDB Local) another transaction was in flight
 * on the same item ("TransactionConflict"). Read again, decide again, retry.
 */
export function isContention(e: unknown): boolean {
  const err = e as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (err?.name !== "TransactionCanceledException") return false;
  return (err.CancellationReasons ?? []).some(
    (r) => r?.Code === "ConditionalCheckFailed" || r?.Code === "TransactionConflict",
  );
}

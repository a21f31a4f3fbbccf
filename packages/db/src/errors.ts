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

import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { getDb } from "@dealeros/db";

/** A real round trip to the table (a read of a fixed key): fails if the table is missing or unreachable. */
export async function healthCheck(): Promise<void> {
  const db = getDb();
  await db.doc.send(new GetCommand({ TableName: db.table, Key: { PK: "HEALTH", SK: "HEALTH" } }));
}

/**
 * The single table: the one definition of key schema, indexes, TTL and stream.
 * Used by the CDK data stack (infra/lib/data-stack.ts) and by the local table
 * creator (functions/local/dynamo.ts) so that both always agree.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export const TABLE_DEFINITION = {
  partitionKey: "PK",
  sortKey: "SK",
  globalIndexes: [
    { indexName: "GSI1", partitionKey: "GSI1PK", sortKey: "GSI1SK" },
    { indexName: "GSI2", partitionKey: "GSI2PK", sortKey: "GSI2SK" },
    /** due dates: open work by time (follow-ups, tasks, SLAs) */
    { indexName: "GSI3", partitionKey: "GSI3PK", sortKey: "GSI3SK" },
    /** search by mobile prefix */
    { indexName: "GSI4", partitionKey: "GSI4PK", sortKey: "GSI4SK" },
    /** search by name prefix */
    { indexName: "GSI5", partitionKey: "GSI5PK", sortKey: "GSI5SK" },
  ],
  ttlAttribute: "expiresAt",
  stream: "NEW_AND_OLD_IMAGES",
} as const;

export type IndexName = (typeof TABLE_DEFINITION.globalIndexes)[number]["indexName"];

/** CreateTable input for DynamoDB Local (on-demand billing, all string keys). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const d = TABLE_DEFINITION;
  const keyNames = [d.partitionKey, d.sortKey, ...d.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey])];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: d.partitionKey, KeyType: "HASH" },
      { AttributeName: d.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: d.globalIndexes.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: "HASH" },
        { AttributeName: g.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: d.stream },
  };
}

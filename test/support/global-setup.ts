/** Once per test run: DynamoDB Local in memory on a random free port. Each test file makes its own table. */
import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../../functions/local/dynamo.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

/**
 * The whole CDK app wiring, shared by infra/bin/app.ts and the assertion
 * tests (test/infra) so the tests check the real stacks.
 *
 * Context: `stage` (default "dev") prefixes stack and resource names,
 * `mailDomain` (default "example.com") is the SES sending domain.
 */
import { type App, Tags } from "aws-cdk-lib";
import { ApiStack } from "./api-stack.ts";
import { DataStack } from "./data-stack.ts";
import { SchedulesStack } from "./schedules-stack.ts";
import { WebStack } from "./web-stack.ts";

export const DEFAULT_STAGE = "dev";
export const DEFAULT_MAIL_DOMAIN = "example.com";

export interface DealerOsStacks {
  stage: string;
  data: DataStack;
  api: ApiStack;
  web: WebStack;
  schedules: SchedulesStack;
}

function contextString(app: App, key: string, fallback: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value !== "string") throw new Error(`Context "${key}" must be a string`);
  return value;
}

export function buildApp(app: App): DealerOsStacks {
  const stage = contextString(app, "stage", DEFAULT_STAGE);
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(`Invalid stage "${stage}": lower-case letters, digits and dashes, max 16 characters`);
  }
  const mailDomain = contextString(app, "mailDomain", DEFAULT_MAIL_DOMAIN);
  const prefix = `DealerOs-${stage}`;

  const data = new DataStack(app, `${prefix}-Data`, {
    description: `dealer-os ${stage}: DynamoDB single table`,
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    description: `dealer-os ${stage}: HTTP API, API Lambda, SES identity`,
    table: data.table,
    uploads: data.uploadsBucket,
    mailDomain,
    stage,
  });
  const web = new WebStack(app, `${prefix}-Web`, {
    description: `dealer-os ${stage}: CloudFront, Remix Lambda, static assets`,
    table: data.table,
    uploads: data.uploadsBucket,
    httpApi: api.httpApi,
    stage,
  });
  const schedules = new SchedulesStack(app, `${prefix}-Schedules`, {
    description: `dealer-os ${stage}: scheduled jobs`,
    table: data.table,
    mailIdentity: api.mailIdentity,
    mailDomain,
    stage,
  });

  for (const stack of [data, api, web, schedules]) {
    Tags.of(stack).add("app", "dealer-os");
    Tags.of(stack).add("stage", stage);
  }
  return { stage, data, api, web, schedules };
}

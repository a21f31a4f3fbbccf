/**
 * The month-end fan-out in the schedules stack (CDK assertions on the
 * synthesized template): a queue with a dead-letter queue, a batch consumer
 * with partial batch failures, the jobs function allowed to send and told the
 * queue URL, the consumer allowed the table.
 */
import { readFileSync } from "node:fs";
import { App, type CfnElement } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp, type DealerOsStacks } from "../../infra/lib/app.ts";
import { fromRepoRoot } from "../../infra/lib/functions.ts";

let stacks: DealerOsStacks;
let t: Template;

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(fromRepoRoot("cdk.json"), "utf8")) as { context?: Record<string, unknown> };
  stacks = buildApp(new App({ context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [] } }));
  t = Template.fromStack(stacks.schedules);
}, 120_000);

const idOf = (x: { node: { defaultChild?: unknown } }) =>
  stacks.schedules.getLogicalId(x.node.defaultChild as CfnElement);

describe("month-end fan-out", () => {
  it("has a queue with a dead-letter queue after three receives", () => {
    t.resourceCountIs("AWS::SQS::Queue", 2);
    t.hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: 1800,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [idOf(stacks.schedules.monthEnd.deadLetterQueue), "Arn"] },
        maxReceiveCount: 3,
      },
    });
  });

  it("consumes the queue in batches reporting single failures", () => {
    t.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: idOf(stacks.schedules.monthEnd.consumer) },
      EventSourceArn: { "Fn::GetAtt": [idOf(stacks.schedules.monthEnd.queue), "Arn"] },
      BatchSize: 5,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    const fn = t.toJSON().Resources[idOf(stacks.schedules.monthEnd.consumer)].Properties;
    expect(fn).toMatchObject({ Runtime: "nodejs22.x", Timeout: 300, Handler: "index.handler" });
    expect(fn.Environment.Variables.TABLE_NAME).toBeDefined();
  });

  it("lets the jobs function send to the queue and tells it the URL", () => {
    const jobs = t.toJSON().Resources[idOf(stacks.schedules.jobsFunction)].Properties;
    expect(jobs.Environment.Variables.MONTH_END_QUEUE_URL).toEqual({ Ref: idOf(stacks.schedules.monthEnd.queue) });
    t.hasResourceProperties("AWS::IAM::Policy", {
      Roles: Match.arrayWith([{ Ref: jobs.Role["Fn::GetAtt"][0] }]),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(["sqs:SendMessage"]),
            Resource: { "Fn::GetAtt": [idOf(stacks.schedules.monthEnd.queue), "Arn"] },
          }),
        ]),
      },
    });
  });

  it("gives the consumer the table and only the queue's receive rights", () => {
    const fn = t.toJSON().Resources[idOf(stacks.schedules.monthEnd.consumer)].Properties;
    const policies = Object.values(
      t.findResources("AWS::IAM::Policy", {
        Properties: { Roles: Match.arrayWith([{ Ref: fn.Role["Fn::GetAtt"][0] }]) },
      }),
    ) as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }[];
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
    expect(actions).toEqual(
      expect.arrayContaining(["dynamodb:PutItem", "dynamodb:Query", "sqs:ReceiveMessage", "sqs:DeleteMessage"]),
    );
    expect(actions.some((a) => a.includes("*"))).toBe(false);
  });
});

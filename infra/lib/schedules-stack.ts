/**
 * Scheduled jobs: one Lambda (functions/jobs/lambda.ts) and one EventBridge
 * rule per SCHEDULES entry. Each rule invokes the Lambda on the entry's UTC
 * trigger with the input `{ "job": "<name>", "time": "<event time>" }`: `time`
 * is the scheduled trigger time (ISO 8601), so a delayed or retried delivery
 * still knows which window it covers. The jobs e-mail (dunning reminders)
 * through the API stack's SES identity.
 */
import { Duration, Stack, type StackProps } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { EventField, Rule, RuleTargetInput, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { IEmailIdentity } from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import { SCHEDULES, type ScheduleEntry } from "../../functions/jobs/registry.ts";
import { createAppFunction } from "./functions.ts";
import { MonthEndFanOut } from "./month-end-queue.ts";

export interface SchedulesStackProps extends StackProps {
  table: ITable;
  stage: string;
  /** the API stack's SES identity: the dunning job e-mails the day's reminders through it */
  mailIdentity: IEmailIdentity;
  mailDomain: string;
  /** defaults to the registry; overridable for tests */
  schedules?: readonly ScheduleEntry[];
}

export class SchedulesStack extends Stack {
  readonly jobsFunction: NodejsFunction;
  readonly rules: Record<string, Rule> = {};
  /** the month-end fan-out: one queue message per store, a batch consumer */
  readonly monthEnd: MonthEndFanOut;

  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);

    this.jobsFunction = createAppFunction(this, "JobsFunction", {
      entry: "functions/jobs/lambda.ts",
      description: `dealer-os ${props.stage} scheduled jobs`,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: "dealeros-jobs",
        MAIL_DOMAIN: props.mailDomain,
        MAIL_FROM: `no-reply@${props.mailDomain}`,
      },
    });
    props.table.grantReadWriteData(this.jobsFunction);
    // the dunning digests: only ses:SendEmail, only on the mail identity
    props.mailIdentity.grant(this.jobsFunction, "ses:SendEmail");
    this.monthEnd = new MonthEndFanOut(this, "MonthEnd", {
      table: props.table,
      stage: props.stage,
      producer: this.jobsFunction,
    });

    for (const entry of props.schedules ?? SCHEDULES) {
      const ruleName = `dealeros-${props.stage}-${entry.name}`;
      if (ruleName.length > 64) {
        throw new Error(`Rule name too long (max 64): ${ruleName}`);
      }
      const rule = new Rule(this, `Schedule-${entry.name}`, {
        ruleName,
        description: entry.description,
        schedule: Schedule.expression(entry.utcTrigger),
        enabled: true,
      });
      rule.addTarget(
        new LambdaFunction(this.jobsFunction, {
          event: RuleTargetInput.fromObject({ job: entry.name, time: EventField.time }),
          // delivery retries stay within the hour (defaults are 185 retries over 24 h)
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      );
      this.rules[entry.name] = rule;
    }
  }
}
